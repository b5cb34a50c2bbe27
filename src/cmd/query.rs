//! `unsc-kg query`: run a SPARQL query against the graph and print the
//! results.
//!
//! The graph is the index `build` left beside the item stream
//! (`graph.idx`, opened in place) when there is one that matches, else the
//! N-Quads snapshot (`graph.nq`, loaded in parallel) when `build --rdf
//! nquads` wrote one, else the item stream itself, its triples rebuilt;
//! with `--endpoint`, the query goes to a running `serve` instead (SPARQL
//! 1.1 Protocol).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::cli::GazetteerArgs;
use crate::rdf::index::{self, QuadIndex};
use crate::rdf::query::QUERY_STACK;
use crate::rdf::{self, Backend, DatasetRequest, EvidenceMode, Format, Limits, Sink};
use crate::{output, pipeline};

/// The item stream's name in the folder `build` writes (`--items exports`).
const ITEMS: &str = "extractions.jsonl";

/// Where the graph comes from: shared by `query` and `serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The item stream written by `build`, or the folder `build` wrote it
    /// to [default: exports/extractions.jsonl]. The index `build` wrote
    /// beside it (`graph.idx`) is opened instead when it is there, is not
    /// older and has the evidence asked for (see `summary.json`); else the
    /// N-Quads dump (`graph.nq`, written by `build --rdf nquads`) on the
    /// same terms is loaded, else the triples are rebuilt from the items.
    #[arg(long, value_name = "PATH")]
    pub items: Option<PathBuf>,
    /// The form of the evidence: `compact` or `annotation` (see `build
    /// --evidence`) [default: as `build` wrote the snapshot, else compact].
    /// A form other than the snapshot's rebuilds the triples from the items.
    #[arg(long, value_enum, value_name = "FORM")]
    pub evidence: Option<EvidenceMode>,
    /// Rebuild the triples from the item stream even if an index or a
    /// snapshot is there.
    #[arg(long)]
    pub no_snapshot: bool,
    /// The actor gazetteer the triples are rebuilt with (a snapshot is
    /// loaded as `build` wrote it).
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// A persistent RocksDB store: opened as it is, or (re)loaded from
    /// `--items` when that is given too.
    #[cfg(feature = "rocksdb")]
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
}

impl GraphArgs {
    /// What `serve` announces: the triple count of an in-memory store or
    /// an index; a persistent store is not counted (that would read all of
    /// it).
    pub fn describe(&self, store: &Backend) -> String {
        #[cfg(feature = "rocksdb")]
        if let Some(dir) = &self.store {
            return format!("the store {}", dir.display());
        }
        format!("{} triples", store.quad_count().unwrap_or(0))
    }

    /// The item stream, or the folder it is in, as given.
    fn items_path(&self) -> &Path {
        self.items
            .as_deref()
            .unwrap_or(Path::new("exports/extractions.jsonl"))
    }

    /// Whether what `build` wrote beside `items` has the evidence asked
    /// for (`summary.json` says which form it wrote); `None` when that
    /// cannot be told.
    fn evidence_fits(&self, items: &Path) -> Option<bool> {
        let dir = items.parent().unwrap_or(Path::new("."));
        let summary = std::fs::read(dir.join("summary.json")).ok()?;
        let summary: serde_json::Value = serde_json::from_slice(&summary).ok()?;
        let built = summary
            .get("evidence")?
            .as_str()
            .and_then(EvidenceMode::parse)?;
        Some(self.evidence.is_none_or(|asked| asked == built))
    }

    /// The snapshot to open instead of the item stream `items`, if there is
    /// one that stands for it: `graph.nq` in the same folder, written by the
    /// same `build` (not older than the items) with the evidence asked for
    /// (`summary.json` says which).
    pub fn snapshot(&self, items: &Path) -> Option<PathBuf> {
        if self.no_snapshot {
            return None;
        }
        let dir = items.parent().unwrap_or(Path::new("."));
        let nq = dir.join("graph.nq");
        if modified(&nq)? < modified(items)? {
            return None;
        }
        self.evidence_fits(items)?.then_some(nq)
    }

    /// The index `build` wrote beside the item stream `items`
    /// (`graph.idx`), opened, if it stands for them: not older than the
    /// items, with the evidence asked for, written with the `graph.nq`
    /// beside it (when the build that wrote the index wrote one too: an
    /// index written without it does not look at a `graph.nq`). Otherwise
    /// why not, to be said (`None`: nothing to say, the options asked for
    /// something else).
    pub fn index(&self, items: &Path) -> Result<QuadIndex, Option<String>> {
        if self.no_snapshot {
            return Err(None);
        }
        let dir = items.parent().unwrap_or(Path::new("."));
        let path = dir.join(index::FILE_NAME);
        let (Some(written), Some(read)) = (modified(&path), modified(items)) else {
            // Said only of a folder `build` wrote (an item stream made
            // otherwise never had an index).
            let built = dir.join("summary.json").exists();
            return Err(
                built.then(|| format!("{} is missing (`unsc-kg build` writes it)", path.display()))
            );
        };
        match self.evidence_fits(items) {
            Some(true) => {}
            Some(false) => return Err(None),
            None => {
                return Err(Some(format!(
                    "{} does not say which evidence form {} has",
                    dir.join("summary.json").display(),
                    path.display()
                )));
            }
        }
        if written < read {
            return Err(Some(format!(
                "{} is older than {}",
                path.display(),
                items.display()
            )));
        }
        let index = QuadIndex::open(&path).map_err(|e| Some(e.to_string()))?;
        let nq = dir.join("graph.nq");
        if let (Some(len), Ok(meta)) = (index.dump_len(), std::fs::metadata(&nq))
            && meta.len() != len
        {
            return Err(Some(format!(
                "{} was not written with {} (another build wrote one of them)",
                path.display(),
                nq.display()
            )));
        }
        Ok(index)
    }

    /// Opens the store the arguments describe: the index when there is one
    /// that stands for the items, else the `graph.nq` snapshot loaded, else
    /// the triples rebuilt from the items.
    pub fn open(&self) -> anyhow::Result<Backend> {
        // Read even when a snapshot is loaded: a broken file is an error.
        let actors = super::common::gazetteer(&self.gazetteer)?;
        let default = self.items_path();
        #[cfg(feature = "rocksdb")]
        if let Some(dir) = &self.store {
            return Ok(self.open_rocksdb(dir, actors)?.into());
        }
        let path = super::common::in_folder(default, ITEMS)?;
        let why = match self.index(&path) {
            Ok(index) => return Ok(index.into()),
            Err(why) => why,
        };
        let snapshot = self.snapshot(&path);
        if let Some(why) = why {
            let instead = match &snapshot {
                Some(nq) => format!("loading {} instead", nq.display()),
                None => format!("rebuilding the triples from {} instead", path.display()),
            };
            eprintln!("unsc-kg: {why}: {instead}");
        }
        if let Some(nq) = snapshot {
            return Ok(rdf::store::load_snapshot(&nq)
                .with_context(|| format!("loading the snapshot {}", nq.display()))?
                .into());
        }
        let mode = self.evidence.unwrap_or_default();
        Ok(rdf::store::load_store_from(&path, actors, mode)?.into())
    }

    /// Opens the RocksDB store in `dir`, loading `--items` into it when
    /// given.
    #[cfg(feature = "rocksdb")]
    fn open_rocksdb(
        &self,
        dir: &Path,
        actors: &dyn crate::model::ActorDirectory,
    ) -> anyhow::Result<oxigraph::store::Store> {
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
        let mode = self.evidence.unwrap_or_default();
        rdf::open_store(dir, self.items.as_deref(), actors, mode, progress)
            .with_context(|| format!("opening store {}", dir.display()))
    }
}

/// When `p` was last written, if it can be told.
fn modified(p: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
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
    /// Cancel the query after this many milliseconds.
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
    /// Stop with an error once the results pass this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_result_bytes: Option<u64>,
    /// Cancel the query once its evaluation holds this many MiB.
    #[arg(long, value_name = "MIB")]
    pub max_query_memory: Option<u64>,
    /// Instead of querying, write the items' RDF dumps to this folder, as
    /// `build --rdf nquads,turtle` does: graph.ttl, the vocabulary beside
    /// it (ontology.ttl), graph.nq.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["query", "file"])]
    pub dump: Option<PathBuf>,
    /// Send the query to a running `unsc-kg serve` (its SPARQL endpoint,
    /// `http://HOST:PORT/sparql`) instead of loading the graph here; the
    /// results are printed as a local query prints them.
    #[arg(long, value_name = "URL", conflicts_with = "dump")]
    pub endpoint: Option<String>,
    /// Where the graph comes from.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// Writes `graph.ttl` (and `ontology.ttl` beside it) and `graph.nq` for
/// the items named by `graph`.
fn dump(graph: &GraphArgs, dir: &Path) -> anyhow::Result<ExitCode> {
    let path = super::common::in_folder(
        graph
            .items
            .as_deref()
            .unwrap_or(Path::new("exports/extractions.jsonl")),
        ITEMS,
    )?;
    let actors = super::common::gazetteer(&graph.gazetteer)?;
    let items = rdf::read_items(&path)?;
    output::prepare_dir(dir)?;
    let formats = rdf::dump::Formats::BOTH.with_evidence(graph.evidence.unwrap_or_default());
    let mut dumps = pipeline::start_dumps(dir, formats, false)?;
    dumps
        .add_items(&items)
        .map_err(|e| output::write_error(e, &dir.join("graph.nq")))?;
    let n = pipeline::finish_dumps(dir, dumps, actors)?;
    eprintln!(
        "unsc-kg: {n} triples -> {}/graph.ttl, {}, graph.nq",
        dir.display(),
        pipeline::VOCABULARY_FILE
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
    if args.timeout_ms == Some(0) {
        bail!("--timeout-ms 0 would cancel every query: give at least 1 (milliseconds)");
    }
    if args.max_result_bytes == Some(0) {
        bail!("--max-result-bytes 0 would cut off every result: give at least 1 (bytes)");
    }
    let limits = Limits {
        timeout: args.timeout_ms.map(Duration::from_millis),
        max_result_bytes: args.max_result_bytes.unwrap_or(u64::MAX),
        max_memory: args
            .max_query_memory
            .map_or(u64::MAX, |m| m.saturating_mul(1 << 20)),
        ..Limits::default()
    };
    if let Some(url) = &args.endpoint {
        let body = remote(url, &query, format)?;
        let mut stdout = std::io::stdout().lock();
        let written = stdout.write_all(&body).and_then(|()| {
            if body.is_empty() || body.ends_with(b"\n") {
                Ok(())
            } else {
                stdout.write_all(b"\n")
            }
        });
        return match written.and_then(|()| stdout.flush()) {
            // `query ... | head`: the reader has what it wanted.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            r => r.map(|()| ExitCode::SUCCESS).context("writing the results"),
        };
    }
    let store = args.graph.open()?;
    // The guards bound the parser's and evaluator's recursion to what a
    // QUERY_STACK thread holds, not to the main thread's stack.
    let evaluation = std::thread::Builder::new()
        .name("query".into())
        .stack_size(QUERY_STACK)
        .spawn(move || {
            let mut sink = Stdout {
                out: std::io::stdout().lock(),
                last: None,
            };
            let r = rdf::evaluate_into(
                &store,
                &query,
                |_| format,
                &limits,
                &DatasetRequest::default(),
                &mut sink,
            );
            if sink.last.is_some_and(|b| b != b'\n') {
                let _ = sink.out.write_all(b"\n");
            }
            let _ = sink.out.flush();
            r
        })
        .context("starting the query thread")?;
    match evaluation.join() {
        Ok(Ok(())) => Ok(ExitCode::SUCCESS),
        // `query ... | head`: the reader has what it wanted.
        Ok(Err(rdf::QueryError::Write(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Ok(Err(e)) => Err(e.into()),
        Err(_) => bail!("the query thread panicked"),
    }
}

/// Results straight to standard output, as they come.
struct Stdout<'a> {
    out: std::io::StdoutLock<'a>,
    last: Option<u8>,
}

impl Sink for Stdout<'_> {
    fn begin(&mut self, _: rdf::ResultKind, _: Format) -> Result<(), rdf::QueryError> {
        Ok(())
    }
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(b) = bytes.last() {
            self.last = Some(*b);
        }
        self.out.write_all(bytes)
    }
}

/// Sends `query` to the SPARQL endpoint at `url` (SPARQL 1.1 Protocol: a
/// POST of `application/sparql-query`) and returns the body of the answer,
/// in `format` (the media type asked for in `Accept`). The table format is
/// not a media type: it is asked for as SPARQL JSON results and drawn here
/// as a local query draws it. An error answer is reported with its status
/// and message.
fn remote(url: &str, query: &str, format: Option<Format>) -> anyhow::Result<Vec<u8>> {
    let accept = match format {
        None | Some(Format::Table) => "application/sparql-results+json, text/turtle;q=0.9",
        Some(f) => f.media_type(),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut answer = agent
        .post(url)
        .header("Accept", accept)
        .header("Content-Type", "application/sparql-query")
        .send(query.as_bytes())
        .with_context(|| format!("sending the query to {url}"))?;
    let status = answer.status();
    let media = answer
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = answer
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .with_context(|| format!("reading the answer of {url}"))?;
    if !status.is_success() {
        bail!(
            "{url} answered {status}: {}",
            String::from_utf8_lossy(&body).trim()
        );
    }
    match format {
        None | Some(Format::Table) if media.starts_with("application/sparql-results+json") => {
            rdf::query::table_from_json(&body)
                .with_context(|| format!("reading the results of {url}"))
        }
        _ => Ok(body),
    }
}
