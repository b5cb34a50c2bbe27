//! `unsc-kg extract`: every extracted item as one JSON object per line.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::InputArgs;
use crate::corpus;
use crate::extract::Options;

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format (only `jsonl`).
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl"])]
    pub format: String,
    /// Only items of these kinds (document, paragraph, citation, actor, ...).
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(crate::model::Item::KINDS))]
    pub kind: Vec<String>,
    /// Actor gazetteer (Turtle) to use instead of the embedded
    /// ontology/actors.ttl.
    #[arg(long)]
    pub gazetteer: Option<std::path::PathBuf>,
}

/// Runs `extract`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.gazetteer {
        let g = crate::extract::actors::gazetteer::Gazetteer::from_path(path)?;
        crate::extract::actors::gazetteer::install(g);
    }
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
                if !args.kind.is_empty() && !args.kind.iter().any(|k| k == item.kind()) {
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
