//! `unsc-kg rank [--kind resolution] [--top N]`: the documents that matter
//! most in the citation network, by PageRank.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, NodeRef, Opened, Table};
use crate::graph::analysis::Layer;
use crate::graph::read::{Adjacency, GraphRead};
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

/// Ranks the documents: the saved order (by PageRank, ties by id), read
/// until `top` documents of the wanted type are found.
pub fn report<'a, G: GraphRead + ?Sized>(
    graph: &'a G,
    kind: Option<&str>,
    top: usize,
) -> anyhow::Result<Report<'a>> {
    if let Some(k) = kind
        && DocType::parse(k).is_none()
    {
        anyhow::bail!(
            "unknown document type \"{k}\"; use one of resolution, draft_resolution, letter, note, report, presidential_statement, meeting_record, repertoire_section, statement, other"
        );
    }
    let view = graph.layer(Layer::Citations)?;
    let mut ranked = Vec::new();
    for d in graph.by_pagerank()? {
        if ranked.len() == top {
            break;
        }
        let node = graph.node(d)?;
        if kind.is_some_and(|k| node.class != k) {
            continue;
        }
        ranked.push(Row {
            rank: ranked.len() + 1,
            pagerank: node.pagerank,
            indegree: view.hops_in(d)?.len() as u32,
            outdegree: view.hops_out(d)?.len() as u32,
            node: NodeRef::of(graph, d)?,
        });
    }
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

/// Runs `rank` on the saved graph read in place.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match common::open(&args.graph)? {
        Opened::Saved(g) => answer(&g, &args),
        Opened::Memory(g) => answer(&g, &args),
    }
}

fn answer<G: GraphRead>(graph: &G, args: &Args) -> anyhow::Result<ExitCode> {
    let r = report(graph, args.kind.as_deref(), args.top)?;
    common::emit(args.graph.json, &r, &render(&r), !r.ranked.is_empty())
}
