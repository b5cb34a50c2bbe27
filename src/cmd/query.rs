//! `unsc-kg query`: run a SPARQL query against the graph and print the
//! results.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use oxigraph::store::Store;

use crate::output;
use crate::rdf::{self, Format};

/// The item stream's name in the folder `build` writes (`--items exports`).
const ITEMS: &str = "extractions.jsonl";

/// Where the graph comes from: shared by `query` and `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The item stream written by `build`, or the folder `build` wrote it
    /// to [default: exports/extractions.jsonl].
    #[arg(long, value_name = "PATH")]
    pub items: Option<PathBuf>,
    /// A persistent RocksDB store: opened as it is, or (re)loaded from
    /// `--items` when that is given too.
    #[cfg(feature = "rocksdb")]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

impl GraphArgs {
    /// What `serve` announces: the triple count of an in-memory store; a
    /// persistent store is not counted (that would read all of it).
    pub fn describe(&self, store: &Store) -> String {
        #[cfg(feature = "rocksdb")]
        if let Some(dir) = &self.store {
            return format!("the store {}", dir.display());
        }
        format!("{} triples", store.len().unwrap_or(0))
    }

    /// Opens the store the arguments describe.
    pub fn open(&self) -> anyhow::Result<Store> {
        let default = Path::new("exports/extractions.jsonl");
        #[cfg(feature = "rocksdb")]
        if let Some(dir) = &self.store {
            // A line each time another ten million triples are in.
            let started = std::time::Instant::now();
            let shown = std::sync::atomic::AtomicU64::new(0);
            let progress = move |n: u64| {
                let tens = n / 10_000_000;
                if tens > shown.fetch_max(tens, std::sync::atomic::Ordering::Relaxed) {
                    eprintln!(
                        "unsc-kg: {} M triples loaded ({:.0} s)",
                        n / 1_000_000,
                        started.elapsed().as_secs_f64()
                    );
                }
            };
            if let Some(items) = &self.items {
                eprintln!(
                    "unsc-kg: loading {} into {} (compacted at the end)",
                    items.display(),
                    dir.display()
                );
            }
            return rdf::open_store(dir, self.items.as_deref(), progress)
                .with_context(|| format!("opening store {}", dir.display()));
        }
        let path = super::common::in_folder(self.items.as_deref().unwrap_or(default), ITEMS)?;
        Ok(rdf::store::load_store_from(&path)?)
    }
}

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SPARQL query.
    #[arg(required_unless_present_any = ["file", "dump"])]
    pub query: Option<String>,
    /// Read the query from a file (`-` for standard input).
    #[arg(
        short = 'f',
        long = "file",
        conflicts_with = "query",
        value_name = "FILE"
    )]
    pub file: Option<PathBuf>,
    /// Output format: table, csv, tsv, json, xml (SELECT/ASK); turtle,
    /// ntriples, rdfxml, jsonld (CONSTRUCT/DESCRIBE). Default: table or turtle.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Instead of querying, write the items' RDF dumps (graph.ttl,
    /// graph.nq) to this folder, as `build` does.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["query", "file"])]
    pub dump: Option<PathBuf>,
    /// Where the graph comes from.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// Writes `graph.ttl` and `graph.nq` for the items named by `graph`.
fn dump(graph: &GraphArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let path = super::common::in_folder(
        graph
            .items
            .as_deref()
            .unwrap_or(Path::new("exports/extractions.jsonl")),
        ITEMS,
    )?;
    let items = rdf::read_items(&path)?;
    output::prepare_dir(dir)?;
    let mut dumps = output::start_dumps(dir, rdf::dump::Formats::BOTH)?;
    dumps
        .add_items(&items)
        .map_err(|e| output::write_error(e, &dir.join("graph.nq")))?;
    let n = output::finish_dumps(dir, dumps)?;
    eprintln!(
        "unsc-kg: {n} triples -> {}/graph.ttl, graph.nq",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `query`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.dump {
        return dump(&args.graph, dir);
    }
    let format = match &args.format {
        Some(name) => match Format::parse(name) {
            Some(f) => Some(f),
            None => bail!(
                "unknown format {name:?} (table, csv, tsv, json, xml, turtle, ntriples, rdfxml, jsonld)"
            ),
        },
        None => None,
    };
    let query = match (&args.query, &args.file) {
        (Some(q), _) => q.clone(),
        (None, Some(p)) if p.as_os_str() == "-" => {
            std::io::read_to_string(std::io::stdin()).context("reading the query from stdin")?
        }
        (None, Some(p)) => {
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?
        }
        (None, None) => bail!("give a query or -f FILE"),
    };
    let store = args.graph.open()?;
    let out = rdf::evaluate(&store, &query, |_| format, None)?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out.body)?;
    if !out.body.ends_with(b"\n") && !out.body.is_empty() {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
