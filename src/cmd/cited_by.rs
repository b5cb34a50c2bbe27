//! `unsc-kg cited-by DOC [--depth N]`: what cites a document, directly or
//! through others (a draft adopted as it, a letter enclosing a citing draft).

use std::process::ExitCode;

use super::cites;
use super::common::{self, Opened};
use crate::graph::analysis::Direction;
use crate::graph::read::GraphRead;

/// Arguments of `cited-by`: the same as `cites` (a document, a depth, the
/// graph options).
pub use super::cites::Args;

/// Runs `cited-by` on the saved graph read in place.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match common::open(&args.graph)? {
        Opened::Saved(g) => answer(&g, &args),
        Opened::Memory(g) => answer(&g, &args),
    }
}

fn answer<G: GraphRead>(graph: &G, args: &Args) -> anyhow::Result<ExitCode> {
    let r = cites::report(graph, &args.doc, args.depth, Direction::Backward)?;
    common::emit(args.graph.json, &r, &cites::render(&r), !r.found.is_empty())
}
