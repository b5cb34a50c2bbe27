//! `unsc-kg cited-by DOC [--depth N]`: what cites a document, directly or
//! through others (a draft adopted as it, a letter enclosing a citing draft).

use std::process::ExitCode;

use super::cites;
use super::common;
use crate::graph::analysis::Direction;

/// Arguments of `cited-by`: the same as `cites` (a document, a depth, the
/// graph options).
pub use super::cites::Args;

/// Runs `cited-by`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = cites::report(&graph, &args.doc, args.depth, Direction::Backward)?;
    common::emit(args.graph.json, &r, &cites::render(&r), !r.found.is_empty())
}
