//! `unsc-kg stats`: what the saved graph holds: nodes and edges by kind,
//! documents by type, cited-only documents, citation cycles, most cited.

use std::collections::BTreeMap;
use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, Table};
use crate::graph::analysis::{Layer, condensation, degrees, node_index};
use crate::graph::{Graph, NodeKind};

/// Arguments of `stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `stats`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// All nodes.
    pub nodes: usize,
    /// All edges.
    pub edges: usize,
    /// Nodes by kind.
    pub nodes_by_kind: BTreeMap<String, usize>,
    /// Edges by kind.
    pub edges_by_kind: BTreeMap<String, usize>,
    /// Documents in the corpus, by type.
    pub documents_in_corpus: BTreeMap<String, usize>,
    /// Documents only cited, by type.
    pub documents_cited_only: BTreeMap<String, usize>,
    /// Document-to-document citation hops (cites and adopted_as).
    pub citation_edges: usize,
    /// Strongly connected components with more than one document (citation cycles).
    pub citation_cycles: usize,
    /// Documents in the largest such component.
    pub largest_cycle: usize,
    /// Nodes of the condensed citation graph that hold documents.
    pub condensed_nodes: usize,
    /// Edges of the condensed citation graph.
    pub condensed_edges: usize,
    /// Most cited documents: (id, citing documents).
    pub most_cited: Vec<(String, u32)>,
}

/// Counts what the graph holds.
pub fn report(graph: &Graph) -> Report {
    let mut nodes_by_kind = BTreeMap::new();
    let mut documents_in_corpus = BTreeMap::new();
    let mut documents_cited_only = BTreeMap::new();
    let mut docs = Vec::new();
    for n in graph.g.node_indices() {
        let d = graph.data(n);
        *nodes_by_kind
            .entry(d.kind.as_str().to_string())
            .or_insert(0) += 1;
        if d.kind == NodeKind::Document {
            docs.push(n.index() as u32);
            let m = if d.in_corpus {
                &mut documents_in_corpus
            } else {
                &mut documents_cited_only
            };
            *m.entry(d.class.clone()).or_insert(0) += 1;
        }
    }
    let mut edges_by_kind = BTreeMap::new();
    for e in graph.g.edge_weights() {
        *edges_by_kind
            .entry(e.kind.as_str().to_string())
            .or_insert(0) += 1;
    }
    let view = graph.view(Layer::Citations);
    let cond = condensation(view);
    let cycles: Vec<&Vec<u32>> = cond.components.iter().filter(|c| c.len() > 1).collect();
    let doc_components = cond
        .components
        .iter()
        .filter(|c| graph.data(node_index(c[0])).kind == NodeKind::Document)
        .count();
    let deg = degrees(view);
    docs.sort_by(|&a, &b| {
        deg[b as usize].0.cmp(&deg[a as usize].0).then_with(|| {
            graph
                .data(node_index(a))
                .id
                .cmp(&graph.data(node_index(b)).id)
        })
    });
    let most_cited = docs
        .iter()
        .take(5)
        .filter(|&&d| deg[d as usize].0 > 0)
        .map(|&d| (graph.data(node_index(d)).id.clone(), deg[d as usize].0))
        .collect();
    Report {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
        nodes_by_kind,
        edges_by_kind,
        documents_in_corpus,
        documents_cited_only,
        citation_edges: view.hop_count(),
        citation_cycles: cycles.len(),
        largest_cycle: cycles.iter().map(|c| c.len()).max().unwrap_or(0),
        condensed_nodes: doc_components,
        condensed_edges: cond.edges.len(),
        most_cited,
    }
}

/// The report as text.
pub fn render(r: &Report) -> String {
    let mut out = format!("{} nodes, {} edges\n\n", r.nodes, r.edges);
    let mut t = Table::new(&["NODES", "COUNT"]);
    for (k, v) in &r.nodes_by_kind {
        t.row(vec![k.clone(), v.to_string()]);
    }
    out.push_str(&t.render());
    let mut t = Table::new(&["EDGES", "COUNT"]);
    for (k, v) in &r.edges_by_kind {
        t.row(vec![k.clone(), v.to_string()]);
    }
    out.push('\n');
    out.push_str(&t.render());
    let mut t = Table::new(&["DOCUMENT TYPE", "IN CORPUS", "CITED ONLY"]);
    let types: std::collections::BTreeSet<&String> = r
        .documents_in_corpus
        .keys()
        .chain(r.documents_cited_only.keys())
        .collect();
    for k in types {
        t.row(vec![
            k.clone(),
            r.documents_in_corpus
                .get(k)
                .copied()
                .unwrap_or(0)
                .to_string(),
            r.documents_cited_only
                .get(k)
                .copied()
                .unwrap_or(0)
                .to_string(),
        ]);
    }
    out.push('\n');
    out.push_str(&t.render());
    out.push_str(&format!(
        "\ncitation layer: {} edges, {} cycles (largest {} documents), condensed to {} nodes and {} edges\n",
        r.citation_edges, r.citation_cycles, r.largest_cycle, r.condensed_nodes, r.condensed_edges
    ));
    if !r.most_cited.is_empty() {
        let mut t = Table::new(&["MOST CITED", "CITED BY"]);
        for (id, n) in &r.most_cited {
            t.row(vec![id.clone(), n.to_string()]);
        }
        out.push('\n');
        out.push_str(&t.render());
    }
    out
}

/// Runs `stats`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = report(&graph);
    common::emit(args.graph.json, &r, &render(&r), r.nodes > 0)
}
