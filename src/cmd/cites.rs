//! `unsc-kg cites DOC [--depth N]`: what a document (or paragraph) cites,
//! directly or through others. Shares its walk with `cited-by`.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, HopOut, NodeRef, Table};
use crate::graph::analysis::{Direction, Layer, node_index, reach};
use crate::graph::{Graph, NodeKind};

/// Arguments of `cites`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document or paragraph ("2531", "S/RES/2531 (2020)#op5").
    pub doc: String,
    /// How many hops to follow.
    #[arg(long, short = 'd', default_value_t = 1)]
    pub depth: u32,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `cites` and `cited-by`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Where the walk starts.
    pub start: NodeRef<'a>,
    /// `cites` or `cited_by`.
    pub direction: &'static str,
    /// Maximum depth walked.
    pub depth: u32,
    /// Everything reached, in walk order.
    pub found: Vec<Row<'a>>,
}

/// One node reached.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// Hops from the start.
    pub depth: u32,
    /// The node.
    pub node: NodeRef<'a>,
    /// The hop that reached it.
    pub via: HopOut<'a>,
}

/// Walks from a reference, forwards (`cites`) or backwards (`cited-by`).
pub fn report<'a>(
    graph: &'a Graph,
    doc: &str,
    depth: u32,
    dir: Direction,
) -> anyhow::Result<Report<'a>> {
    let start = common::find(graph, doc, &[NodeKind::Document, NodeKind::Paragraph])?;
    let view = graph.view(Layer::Paths);
    let found = reach(view, start.index() as u32, dir, depth)
        .iter()
        .map(|r| Row {
            depth: r.depth,
            node: NodeRef::of(graph, node_index(r.node)),
            via: HopOut::of(graph, &r.via),
        })
        .collect();
    Ok(Report {
        start: NodeRef::of(graph, start),
        direction: match dir {
            Direction::Forward => "cites",
            Direction::Backward => "cited_by",
        },
        depth,
        found,
    })
}

/// The report as a table.
pub fn render(r: &Report) -> String {
    let verb = if r.direction == "cites" {
        "cites"
    } else {
        "is cited by"
    };
    if r.found.is_empty() {
        return format!(
            "{} {verb} nothing in the graph (depth {})\n",
            r.start.id, r.depth
        );
    }
    let mut t = Table::new(&["DEPTH", "DOCUMENT", "TYPE", "HOW", "VIA", "QUOTE"]);
    for row in &r.found {
        let via = if r.direction == "cites" {
            &row.via.from
        } else {
            &row.via.to
        };
        let class = if row.node.in_corpus {
            row.node.class.to_string()
        } else {
            format!("{} (cited only)", row.node.class)
        };
        t.row(vec![
            row.depth.to_string(),
            row.node.id.to_string(),
            class,
            row.via.how(),
            via.to_string(),
            common::quote(row.via.evidence.text, 60),
        ]);
    }
    format!(
        "{} {verb} ({} found, depth {}):\n{}",
        r.start.id,
        r.found.len(),
        r.depth,
        t.render()
    )
}

/// Runs `cites`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = report(&graph, &args.doc, args.depth, Direction::Forward)?;
    common::emit(args.graph.json, &r, &render(&r), !r.found.is_empty())
}
