//! `unsc-kg build`: the main job. Extracts every input and writes the results.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::InputArgs;
use crate::extract::Options;
use crate::output;
use crate::rdf::EvidenceMode;
use crate::rdf::dump::Formats;

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
    /// The RDF dumps to write, comma-separated: nquads (graph.nq), turtle
    /// (graph.ttl). Together they are some 25 times the size of the text
    /// with compact evidence (50 with `--evidence annotation`); Turtle
    /// alone is about a third of that. `query` and `serve` load graph.nq
    /// as their snapshot when it is there.
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = ["nquads", "turtle"],
        default_value = "nquads,turtle",
        value_name = "FORMATS"
    )]
    pub rdf: Vec<String>,
    /// Skip the RDF dumps.
    #[arg(long, conflicts_with = "rdf")]
    pub no_rdf: bool,
    /// How the RDF dumps write evidence: `compact` (the span as one IRI,
    /// `...#bytes=START,END`, its quote, the rule on the fact: 3 triples a
    /// fact) or `annotation` (a Web Annotation: 13 triples a fact). Both
    /// say the same file, byte span, quote and rule.
    #[arg(long, value_enum, default_value_t = EvidenceMode::default(), value_name = "FORM")]
    pub evidence: EvidenceMode,
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
    // Items are written and added to the graph file by file, never all in
    // memory.
    let built = output::build(
        &args.out,
        &args.input.paths,
        &opts,
        args.input.threads.unwrap_or(0),
        &|n| bar.inc(n as u64),
        Formats {
            nquads: !args.no_rdf && args.rdf.iter().any(|f| f == "nquads"),
            turtle: !args.no_rdf && args.rdf.iter().any(|f| f == "turtle"),
            evidence: args.evidence,
        },
        &mut |w| bar.suspend(|| eprintln!("unsc-kg: warning: {w}")),
    )
    .with_context(|| format!("writing {}", args.out.display()))?;
    bar.finish_and_clear();
    let Some(built) = built else {
        eprintln!("unsc-kg: no input could be read");
        return Ok(ExitCode::from(2));
    };
    let docs = built.items_by_kind.get("document").copied().unwrap_or(0);
    eprintln!(
        "unsc-kg: {} files ({} read), {} documents, {} items, {} warnings -> {} ({} files)",
        built.files,
        built.files_read,
        docs,
        built.items_by_kind.values().sum::<usize>(),
        built.warnings,
        args.out.display(),
        built.written
    );
    Ok(ExitCode::SUCCESS)
}
