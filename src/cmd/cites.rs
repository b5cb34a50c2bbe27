//! `unsc-kg cites DOC [--depth N]`: what a document (or paragraph) cites,
//! directly or through others. Shares its walk with `cited-by`.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, HopOut, NodeRef, Opened, Table};
use crate::graph::NodeKind;
use crate::graph::analysis::{Direction, Layer, reach};
use crate::graph::read::GraphRead;

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

/// Walks from a reference, forwards (`cites`) or backwards (`cited-by`),
/// reading only the nodes and edges the walk reaches.
pub fn report<'a, G: GraphRead + ?Sized>(
    graph: &'a G,
    doc: &str,
    depth: u32,
    dir: Direction,
) -> anyhow::Result<Report<'a>> {
    let start = common::find(graph, doc, &[NodeKind::Document, NodeKind::Paragraph])?;
    let view = graph.layer(Layer::Paths)?;
    let mut found = Vec::new();
    for r in reach(&view, start, dir, depth)? {
        found.push(Row {
            depth: r.depth,
            node: NodeRef::of(graph, r.node)?,
            via: HopOut::of(graph, &r.via)?,
        });
    }
    Ok(Report {
        start: NodeRef::of(graph, start)?,
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

/// Runs `cites` on the saved graph read in place.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match common::open(&args.graph)? {
        Opened::Saved(g) => answer(&g, &args),
        Opened::Memory(g) => answer(&g, &args),
    }
}

fn answer<G: GraphRead>(graph: &G, args: &Args) -> anyhow::Result<ExitCode> {
    let r = report(graph, &args.doc, args.depth, Direction::Forward)?;
    common::emit(args.graph.json, &r, &render(&r), !r.found.is_empty())
}
