//! `unsc-kg build`: the main job. Extracts every input and writes the results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{GazetteerArgs, InputArgs};
use crate::input::Options;
use crate::pipeline;
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
    /// The RDF outputs to write, comma-separated: turtle (graph.ttl, and
    /// the vocabulary beside it, ontology.ttl), index (graph.idx, the
    /// quads indexed for `query` and `serve`, which open it instead of
    /// loading a store), nquads (graph.nq: the same triples again, with
    /// the vocabulary in its named graph, for stores that want one file).
    /// With compact evidence, as multiples of the text's bytes: Turtle
    /// 6.8-6.9, the index 3.0-3.2, N-Quads 17 (measured on the record-sized
    /// corpus and 100 MB of real text); `--evidence annotation` about
    /// doubles each.
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = ["nquads", "turtle", "index"],
        default_value = "turtle,index",
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
    /// Write the item streams, the RDF dumps and the exports of rows
    /// gzip-compressed (`extractions.jsonl.gz`, `graph.ttl.gz`,
    /// `graph.gexf.gz` ...), 4 to 8 times smaller, at about a third more
    /// time. Gephi, networkx, pandas and the bulk loaders of triple stores
    /// read them as they are, and so do `query`, `serve`, `votes` and `export`;
    /// `graph.idx` and `graph.bin`, read in place, stay as they are.
    #[arg(long)]
    pub gzip: bool,
    /// The actor gazetteer.
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

/// Runs `build`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Read before any input: a broken file stops the run at once.
    let gazetteer = super::common::gazetteer(&args.gazetteer)?;
    let opts = Options {
        max_bytes: args.input.max_bytes,
    };
    let bar = if args.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        let style = indicatif::ProgressStyle::with_template(
            "unsc-kg: {prefix:>7} [{bar:30}] {pos}/{len} {per_sec:>9} ETA {eta:>3} {msg}",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        indicatif::ProgressBar::new(0).with_style(style)
    };
    let stages = Stages(&bar);
    let mut warnings = Warnings::default();
    // Items are written and added to the graph file by file, never all in
    // memory.
    let job = pipeline::BuildJob {
        paths: &args.input.paths,
        input: &opts,
        threads: args.input.threads.unwrap_or(0),
        rdf: Formats {
            nquads: !args.no_rdf && args.rdf.iter().any(|f| f == "nquads"),
            turtle: !args.no_rdf && args.rdf.iter().any(|f| f == "turtle"),
            index: !args.no_rdf && args.rdf.iter().any(|f| f == "index"),
            evidence: args.evidence,
        },
        gzip: args.gzip,
        gazetteer,
    };
    let built = pipeline::build(&args.out, &job, &stages, &mut |kind, message| {
        warnings.add(kind, message)
    });
    bar.finish_and_clear();
    let built = built?;
    let Some(built) = built else {
        warnings.print(None);
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
    warnings.print(Some(&args.out.join("warnings.jsonl")));
    Ok(ExitCode::SUCCESS)
}

/// The progress bar, one named stage after the other: `extract` (files),
/// `graph`, `exports` (each file as it is written), with rate and ETA.
struct Stages<'a>(&'a indicatif::ProgressBar);

impl pipeline::Progress for Stages<'_> {
    fn stage(&self, name: &'static str, steps: u64) {
        self.0.set_prefix(name);
        self.0.set_length(steps);
        self.0.set_position(0);
        self.0.set_message("");
        self.0.reset_eta();
    }

    fn step(&self, what: &str) {
        if !what.is_empty() {
            self.0.set_message(what.to_string());
        }
        self.0.inc(1);
    }
}

/// How many warnings of a kind are printed at the end.
const EXAMPLES: usize = 3;

/// The run's warnings by kind: how many, and the first few.
#[derive(Default)]
struct Warnings(BTreeMap<String, (usize, Vec<String>)>);

impl Warnings {
    fn add(&mut self, kind: &str, message: &str) {
        let (n, first) = self.0.entry(kind.to_string()).or_default();
        *n += 1;
        if first.len() < EXAMPLES {
            first.push(message.to_string());
        }
    }

    /// Prints the summary: per kind, the count and the first few; where
    /// every warning is.
    fn print(&self, all_in: Option<&Path>) {
        if self.0.is_empty() {
            return;
        }
        let total: usize = self.0.values().map(|(n, _)| n).sum();
        let place = all_in.map_or(String::new(), |p| format!(", every one in {}", p.display()));
        eprintln!(
            "unsc-kg: {total} warning{} by kind{place}:",
            if total == 1 { "" } else { "s" }
        );
        let width = self.0.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        for (kind, (n, first)) in &self.0 {
            eprintln!("  {kind:<width$}  {n}");
            for m in first {
                eprintln!("    {m}");
            }
            if *n > first.len() {
                eprintln!("    ... {} more", n - first.len());
            }
        }
    }
}
