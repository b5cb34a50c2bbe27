//! `unsc-kg rank [--kind resolution] [--top N]`: the documents that matter
//! most in the citation network, by PageRank.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, NodeRef, Table};
use crate::graph::analysis::{Layer, node_index};
use crate::graph::{Graph, NodeKind};
use crate::model::DocType;

/// Arguments of `rank`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only documents of this type (resolution, draft_resolution, letter, report ...).
    #[arg(long)]
    pub kind: Option<String>,
    /// How many to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `rank`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// The type filter, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Ranked documents, best first.
    pub ranked: Vec<Row<'a>>,
}

/// One ranked document.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// 1-based rank.
    pub rank: usize,
    /// PageRank score (all documents sum to 1).
    pub pagerank: f64,
    /// Documents citing it.
    pub indegree: u32,
    /// Documents it cites.
    pub outdegree: u32,
    /// The document.
    pub node: NodeRef<'a>,
}

/// Ranks the documents.
pub fn report<'a>(graph: &'a Graph, kind: Option<&str>, top: usize) -> anyhow::Result<Report<'a>> {
    if let Some(k) = kind
        && DocType::parse(k).is_none()
    {
        anyhow::bail!(
            "unknown document type \"{k}\"; use one of resolution, draft_resolution, letter, note, report, presidential_statement, meeting_record, repertoire_section, statement, other"
        );
    }
    let view = graph.view(Layer::Citations);
    let pr = |i: u32| graph.data(node_index(i)).pagerank;
    let mut docs: Vec<u32> = (0..graph.node_count() as u32)
        .filter(|&i| {
            let d = graph.data(node_index(i));
            d.kind == NodeKind::Document && kind.is_none_or(|k| d.class == k)
        })
        .collect();
    docs.sort_by(|&a, &b| {
        pr(b).total_cmp(&pr(a)).then_with(|| {
            graph
                .data(node_index(a))
                .id
                .cmp(&graph.data(node_index(b)).id)
        })
    });
    let ranked = docs
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, &d)| Row {
            rank: i + 1,
            pagerank: pr(d),
            indegree: view.inc(d).len() as u32,
            outdegree: view.out(d).len() as u32,
            node: NodeRef::of(graph, node_index(d)),
        })
        .collect();
    Ok(Report {
        kind: kind.map(str::to_string),
        ranked,
    })
}

/// The report as a table.
pub fn render(r: &Report) -> String {
    if r.ranked.is_empty() {
        return "no documents to rank\n".to_string();
    }
    let mut t = Table::new(&[
        "RANK", "PAGERANK", "CITED BY", "CITES", "DOCUMENT", "TYPE", "LABEL",
    ]);
    for row in &r.ranked {
        let class = if row.node.in_corpus {
            row.node.class.to_string()
        } else {
            format!("{} (cited only)", row.node.class)
        };
        let label = if row.node.label == row.node.id {
            String::new()
        } else {
            row.node.label.to_string()
        };
        t.row(vec![
            row.rank.to_string(),
            format!("{:.5}", row.pagerank),
            row.indegree.to_string(),
            row.outdegree.to_string(),
            row.node.id.to_string(),
            class,
            label,
        ]);
    }
    t.render()
}

/// Runs `rank`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = report(&graph, args.kind.as_deref(), args.top)?;
    common::emit(args.graph.json, &r, &render(&r), !r.ranked.is_empty())
}
