//! `unsc-kg extract`: every extracted item as one JSON object per line.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{GazetteerArgs, InputArgs, ItemKind};
use crate::corpus;
use crate::input::Options;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (only `jsonl`).
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl"])]
    pub format: String,
    /// Only items of these kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_enum)]
    pub kind: Vec<ItemKind>,
    /// The actor gazetteer.
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Runs `extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Extraction reads the gazetteer installed here.
    super::common::gazetteer(&args.gazetteer)?;
    let opts = Options {
        max_bytes: args.input.max_bytes,
    };
    // Items are written file by file as extraction goes (memory stays
    // bounded, and a closed pipe stops the run).
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (_, files_read) = corpus::extract_each(
        &args.input.paths,
        &opts,
        args.input.threads.unwrap_or(0),
        &|_| {},
        &mut |fx| {
            for w in &fx.warnings {
                eprintln!("unsc-kg: warning: {w}");
            }
            for item in &fx.items {
                if !args.kind.is_empty() && !args.kind.iter().any(|k| k.as_str() == item.kind()) {
                    continue;
                }
                serde_json::to_writer(&mut out, item)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        },
    )
    .and_then(|counts| out.flush().map(|()| counts))
    .context("writing to standard output")?;
    if files_read == 0 {
        eprintln!("unsc-kg: no input could be read");
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
