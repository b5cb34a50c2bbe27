//! `unsc-kg build`: the main job. Extracts every input and writes the results.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::InputArgs;
use crate::corpus;
use crate::extract::Options;
use crate::output;

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output folder.
    #[arg(long, short = 'o', default_value = "exports")]
    pub out: PathBuf,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip the RDF dumps (graph.nq, graph.ttl): they hold every triple
    /// sorted in memory and are some 50 times the size of the text.
    #[arg(long)]
    pub no_rdf: bool,
}

/// Runs `build`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = Options {
        max_bytes: args.input.max_bytes,
    };
    let (files, _) = crate::text::read::collect_inputs(&args.input.paths);
    let bar = if args.quiet || files.len() < 2 {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(files.len() as u64)
    };
    let ex = corpus::extract_paths(
        &args.input.paths,
        &opts,
        args.input.threads.unwrap_or(0),
        &|n| bar.inc(n as u64),
    );
    bar.finish_and_clear();
    for w in &ex.warnings {
        eprintln!("unsc-kg: warning: {w}");
    }
    if ex.files_read == 0 {
        eprintln!("unsc-kg: no input could be read");
        return Ok(ExitCode::from(2));
    }
    let written = output::write_all(&args.out, &ex, !args.no_rdf)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let docs = ex.items.iter().filter(|i| i.kind() == "document").count();
    eprintln!(
        "unsc-kg: {} files ({} read), {} documents, {} items, {} warnings -> {} ({} files)",
        ex.files,
        ex.files_read,
        docs,
        ex.items.len(),
        ex.warnings.len(),
        args.out.display(),
        written
    );
    Ok(ExitCode::SUCCESS)
}
