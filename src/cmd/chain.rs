//! `unsc-kg chain FROM TO`: how one document leads to another, hop by hop,
//! each hop with the quote that makes it.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, HopOut, NodeRef};
use crate::graph::analysis::{Layer, k_shortest_paths};
use crate::graph::{Graph, NodeKind};

/// Arguments of `chain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the chain starts ("S/2021/610", "res 2531 (2020)", "2531#op5").
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// How many paths to show (shortest first).
    #[arg(long, short = 'k', default_value_t = 1)]
    pub paths: usize,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `chain`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Start.
    pub from: NodeRef<'a>,
    /// End.
    pub to: NodeRef<'a>,
    /// The paths, shortest first; each a list of hops.
    pub paths: Vec<Vec<HopOut<'a>>>,
}

/// Computes the paths between two resolved references.
pub fn report<'a>(graph: &'a Graph, from: &str, to: &str, k: usize) -> anyhow::Result<Report<'a>> {
    let kinds = [NodeKind::Document, NodeKind::Paragraph];
    let a = common::find(graph, from, &kinds)?;
    let b = common::find(graph, to, &kinds)?;
    let view = graph.view(Layer::Paths);
    let paths = k_shortest_paths(view, a.index() as u32, b.index() as u32, k)
        .iter()
        .map(|p| p.iter().map(|h| HopOut::of(graph, h)).collect())
        .collect();
    Ok(Report {
        from: NodeRef::of(graph, a),
        to: NodeRef::of(graph, b),
        paths,
    })
}

/// The report as text.
pub fn render(graph: &Graph, r: &Report) -> String {
    let mut out = String::new();
    if r.paths.is_empty() {
        out.push_str(&format!("no chain from {} to {}\n", r.from.id, r.to.id));
        return out;
    }
    let n = r.paths.len();
    out.push_str(&format!(
        "{} -> {}: {n} path{}\n",
        r.from.id,
        r.to.id,
        if n == 1 { "" } else { "s" }
    ));
    for (i, p) in r.paths.iter().enumerate() {
        out.push_str(&format!(
            "\npath {} ({} hop{})\n",
            i + 1,
            p.len(),
            if p.len() == 1 { "" } else { "s" }
        ));
        if p.is_empty() {
            out.push_str(&format!(
                "  {}  (start and end are the same)\n",
                describe(graph, r.from.id)
            ));
        }
        for h in p {
            out.push_str(&format!("  {}\n", describe(graph, h.from)));
            out.push_str(&format!(
                "    {}  {}\n",
                h.how(),
                common::quote(h.evidence.text, 100)
            ));
            match h.paragraph {
                Some(par) => out.push_str(&format!("      {}, {par}\n", h.place())),
                None => out.push_str(&format!("      {}\n", h.place())),
            }
        }
        if let Some(last) = p.last() {
            out.push_str(&format!("  {}\n", describe(graph, last.to)));
        }
    }
    out
}

fn describe(graph: &Graph, id: &str) -> String {
    match graph.node(id).map(|n| graph.data(n)) {
        Some(d) if !d.in_corpus => format!("{id}  [{}, not in corpus]", d.class),
        Some(d) => format!("{id}  [{}]", d.class),
        None => id.to_string(),
    }
}

/// Runs `chain`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = report(&graph, &args.from, &args.to, args.paths.max(1))?;
    let text = render(&graph, &r);
    common::emit(args.graph.json, &r, &text, !r.paths.is_empty())
}
