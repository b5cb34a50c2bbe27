//! The build: files -> items -> graph, RDF dumps and exports, written into
//! one output folder.
//!
//! This is the one place that knows the whole flow. It sits above the
//! stages it runs ([`corpus`] for the parallel extraction, [`crate::graph`],
//! [`crate::rdf::dump`], [`crate::export`]) and writes through
//! [`output`], which only knows how to write files and folders atomically:
//! so no stage below reaches back up to the build.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::corpus;
use crate::error::{Error, Result};
use crate::extract::actors::gazetteer::Gazetteer;
use crate::input::Options;
use crate::model::{ActorDirectory, Item};
use crate::output::{self, AtomicFile, write_atomic, write_error};
use crate::rdf::dump::{Dumps, FileDump, Formats};

/// What [`build`] tells the user as it goes: named stages (`extract`,
/// `graph`, `exports`), each a number of steps, and each step as it ends
/// (the file written, for the exports), so that there are no silent
/// seconds and a bar can show rate and time left.
pub trait Progress: Sync {
    /// A stage starts, with its number of steps.
    fn stage(&self, name: &'static str, steps: u64);
    /// One step of the current stage is done; `what` names it (or is empty).
    fn step(&self, what: &str);
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &'static str, _: u64) {}
    fn step(&self, _: &str) {}
}

/// One line of `warnings.jsonl`: the kind (the rule that warned, or
/// `input` for a file that could not be read as it is), the message as
/// printed, and the evidence when the warning is about a span.
#[derive(Debug, serde::Serialize)]
pub struct WarningRecord<'a> {
    /// The rule, or `input`.
    pub kind: &'a str,
    /// The warning as printed (`file:offset: message`, or `file: reason`).
    pub message: &'a str,
    /// The document, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<&'a str>,
    /// The file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    /// First byte of the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past the last byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The quoted bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// The kind of the warnings the graph gives when sources disagree about a
/// resolution's date or meeting.
const SOURCES_DISAGREE: &str = "graph.sources_disagree";

/// The warnings of one file as records: the extractors' warning items with
/// their evidence, then the reading warnings (the lines of `lines` that no
/// item made).
fn warning_records<'a>(items: &'a [Item], lines: &'a [String]) -> Vec<WarningRecord<'a>> {
    let warned: std::collections::HashMap<String, &crate::model::WarningItem> = items
        .iter()
        .filter_map(|it| match it {
            Item::Warning(w) => Some((format!("{}:{}: {}", w.ev.file, w.ev.start, w.message), w)),
            _ => None,
        })
        .collect();
    lines
        .iter()
        .map(|line| match warned.get_key_value(line.as_str()) {
            Some((_, w)) => WarningRecord {
                kind: &w.ev.rule,
                message: line,
                doc: w.doc.as_deref(),
                file: Some(&w.ev.file),
                start: Some(w.ev.start),
                end: Some(w.ev.end),
                text: Some(&w.ev.text),
            },
            None => WarningRecord {
                kind: "input",
                message: line,
                doc: None,
                file: None,
                start: None,
                end: None,
                text: None,
            },
        })
        .collect()
}

/// What [`build`] read and wrote.
#[derive(Debug, Default)]
pub struct Built {
    /// Files found.
    pub files: usize,
    /// Files read successfully.
    pub files_read: usize,
    /// Items extracted, by kind.
    pub items_by_kind: BTreeMap<&'static str, usize>,
    /// Warnings reported.
    pub warnings: usize,
    /// Files written.
    pub written: usize,
}

/// The vocabulary beside `graph.ttl` (`ontology/unsc.ttl` as shipped in the
/// binary): Turtle has no named graphs, so the vocabulary that `graph.nq`
/// holds in its named graph is a file of its own, to be loaded into that
/// graph (see [`crate::rdf::dump`]).
pub const VOCABULARY_FILE: &str = "ontology.ttl";

/// The outputs [`build`] writes only under some options (`--rdf`,
/// `--no-rdf`): a copy an earlier run left in the output folder is not
/// carried over, since it would describe another run.
pub const OPTIONAL_OUTPUTS: [&str; 4] = [
    "graph.nq",
    "graph.ttl",
    VOCABULARY_FILE,
    crate::rdf::index::FILE_NAME,
];

/// The item streams, which `--gzip` compresses like the RDF dumps and the
/// exports of rows.
const STREAMS: [&str; 2] = ["extractions.jsonl", "warnings.jsonl"];

/// Every output `--gzip` compresses, by its plain name.
pub fn gzipped_outputs() -> impl Iterator<Item = &'static str> {
    STREAMS
        .into_iter()
        .chain(["graph.nq", "graph.ttl"])
        .chain(crate::export::data_files())
}

/// What a build leaves of an earlier run's outputs: nothing it could have
/// written itself. The [`OPTIONAL_OUTPUTS`], and every compressed output
/// under both of its names (a `--gzip` build does not write `graph.gexf`,
/// a plain one `graph.gexf.gz`).
fn replaced_outputs() -> Vec<String> {
    OPTIONAL_OUTPUTS
        .iter()
        .map(|n| n.to_string())
        .chain(
            gzipped_outputs().flat_map(|n| [n.to_string(), output::gzipped(n, true).into_owned()]),
        )
        .collect()
}

/// What [`build`] reads and how: the inputs, how to read them, the
/// extraction threads, the RDF dumps to write and the gazetteer.
#[derive(Clone, Copy)]
pub struct BuildJob<'a> {
    /// Files and folders to read (folders walked recursively).
    pub paths: &'a [PathBuf],
    /// How each input is read (`--max-bytes`).
    pub input: &'a Options,
    /// Extraction threads (0: one per core).
    pub threads: usize,
    /// The RDF dumps to write, and how they write evidence.
    pub rdf: Formats,
    /// Whether the item streams, the RDF dumps and the exports of rows are
    /// written gzip-compressed ([`gzipped_outputs`], named `….gz`).
    pub gzip: bool,
    /// The run's gazetteer: the RDF dumps give the actors the items name
    /// only by id its classes and labels. Extraction reads the gazetteer
    /// installed for the process (`gazetteer::install`): give the same one
    /// (`gazetteer::get()`, or what `cmd::common::gazetteer` returns).
    pub gazetteer: &'a Gazetteer,
}

/// Extracts the job's inputs and writes everything the pipeline produces
/// into `dir`: the extraction stream (`extractions.jsonl`), the RDF dumps
/// the job names (`graph.nq`, `graph.ttl` and the vocabulary beside it,
/// `graph.idx`), the saved graph the
/// query commands read (`graph.bin`) and the exports (Gephi CSV, GEXF,
/// GraphML, summary).
///
/// The folder is written atomically ([`output::write_folder`]): it holds
/// the files of one run, whatever happens to this one (an RDF output an
/// earlier run wrote and this one does not is gone, [`OPTIONAL_OUTPUTS`]).
///
/// The items of the corpus are never all in memory: each file's items are
/// serialized (JSON lines, their part of the RDF dumps) on the worker that
/// extracted them, then appended to the outputs and added to the graph in
/// input order, and dropped. Warnings go to `warnings.jsonl` and to
/// `on_warning` (kind, message) in input order.
/// Returns `None`, and writes nothing, when no input could be read.
pub fn build(
    dir: &Path,
    job: &BuildJob<'_>,
    progress: &dyn Progress,
    on_warning: &mut dyn FnMut(&str, &str),
) -> Result<Option<Built>> {
    let replaced = replaced_outputs();
    let replaced: Vec<&str> = replaced.iter().map(String::as_str).collect();
    output::write_folder(dir, &replaced, |staging| {
        build_in(staging, job, progress, on_warning)
    })
}

/// [`build`] into the fresh folder `dir`.
fn build_in(
    dir: &Path,
    job: &BuildJob<'_>,
    progress: &dyn Progress,
    on_warning: &mut dyn FnMut(&str, &str),
) -> Result<Option<Built>> {
    let rdf = job.rdf;
    let [jsonl_path, warnings_path] = STREAMS.map(|n| dir.join(&*output::gzipped(n, job.gzip)));
    let mut jsonl = AtomicFile::create(&jsonl_path)?;
    let mut warnings_jsonl = AtomicFile::create(&warnings_path)?;
    let inputs = crate::input::collect_inputs(job.paths);
    progress.stage("extract", inputs.0.len() as u64);
    let step = |n: usize| (0..n).for_each(|_| progress.step(""));
    let mut dumps = rdf
        .any()
        .then(|| start_dumps(dir, rdf, job.gzip))
        .transpose()?;
    let mut graph = crate::graph::GraphBuilder::default();
    let mut built = Built::default();
    // Why the graph stopped the extraction, when it did (see below).
    let mut overflow = None;
    let derive = |items: &[Item]| {
        // Room for a typical item's line (415 bytes on average on the
        // record), so that the buffer does not grow by copying from empty.
        let mut lines = Vec::with_capacity(items.len() * 512);
        let json = items.iter().try_for_each(|it| {
            serde_json::to_writer(&mut lines, it)?;
            lines.push(b'\n');
            Ok::<_, serde_json::Error>(())
        });
        (
            json.map(|()| lines),
            rdf.any().then(|| FileDump::new(items, rdf)),
        )
    };
    let (files, files_read) = corpus::extract_each_with(
        inputs,
        job.input,
        job.threads,
        &step,
        &derive,
        &mut |fx, (lines, part)| {
            for w in warning_records(&fx.items, &fx.warnings) {
                on_warning(w.kind, w.message);
                serde_json::to_writer(&mut warnings_jsonl, &w)?;
                warnings_jsonl.write_all(b"\n")?;
            }
            built.warnings += fx.warnings.len();
            jsonl.write_all(&lines?)?;
            for it in &fx.items {
                *built.items_by_kind.entry(it.kind()).or_default() += 1;
            }
            if let Err(e) = graph.add(&fx.items) {
                overflow = Some(e);
                return Err(std::io::Error::other(e));
            }
            for msg in graph.take_warnings() {
                let w = WarningRecord {
                    kind: SOURCES_DISAGREE,
                    message: &msg,
                    doc: None,
                    file: None,
                    start: None,
                    end: None,
                    text: None,
                };
                on_warning(w.kind, w.message);
                serde_json::to_writer(&mut warnings_jsonl, &w)?;
                warnings_jsonl.write_all(b"\n")?;
                built.warnings += 1;
            }
            if let (Some(d), Some(part)) = (&mut dumps, part) {
                d.add(part)?;
            }
            Ok(())
        },
    )
    .map_err(|e| match overflow {
        Some(o) => Error::from(o),
        None => write_error(e, &jsonl_path),
    })?;
    if files_read == 0 {
        // Nothing is written: the temporary files go with the writers.
        drop((jsonl, warnings_jsonl, dumps));
        return Ok(None);
    }
    (built.files, built.files_read) = (files, files_read);
    // The item streams are committed first, so that every RDF output is at
    // least as new as `extractions.jsonl` (`query` and `serve` open only
    // those: see `cmd::query`). In the folder being filled, a commit
    // renames at once and leaves the sync to a thread of its own
    // (`output::write_folder`).
    jsonl.commit()?;
    warnings_jsonl.commit()?;
    // The RDF dumps and the graph outputs only read what was built: they
    // are finished at the same time.
    let formats = rdf;
    let (triple_count, graph_outputs) = std::thread::scope(|scope| {
        let rdf = dumps.map(|d| scope.spawn(move || finish_dumps(dir, d, job.gazetteer)));
        let graph_outputs = graph_outputs(dir, graph, formats, job.gzip, progress);
        let triple_count = rdf.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        if triple_count.as_ref().is_some_and(|r| r.is_ok()) {
            for (on, name) in [
                (formats.nquads, "graph.nq"),
                (formats.turtle, "graph.ttl"),
                (formats.turtle, VOCABULARY_FILE),
                (formats.index, crate::rdf::index::FILE_NAME),
            ] {
                if on {
                    let gzip = job.gzip && gzipped_outputs().any(|n| n == name);
                    progress.step(&output::gzipped(name, gzip));
                }
            }
        }
        (triple_count.transpose(), graph_outputs)
    });
    let (graph, exported) = graph_outputs?;
    let triple_count = triple_count?;
    let mut summary = crate::export::summary(&[], &graph);
    let items: usize = built.items_by_kind.values().sum();
    if items > 0 {
        summary["items"] = items.into();
        summary["items_by_kind"] = serde_json::json!(built.items_by_kind);
    }
    if let Some(n) = triple_count {
        summary["triples"] = n.into();
        // What `query` and `serve` check before they load `graph.nq`.
        summary["evidence"] = rdf.evidence.as_str().into();
    }
    summary["files"] = built.files_read.into();
    write_summary(dir, &summary)?;
    progress.step("summary.json");
    built.written = 3 + exported.len() + rdf_files(rdf);
    Ok(Some(built))
}

/// Finishes the graph and writes its outputs: `graph.bin` beside the
/// exports (the RDF dumps, which `formats` names, are counted in the
/// stage's steps but finished elsewhere).
fn graph_outputs(
    dir: &Path,
    graph: crate::graph::GraphBuilder,
    formats: Formats,
    gzip: bool,
    progress: &dyn Progress,
) -> Result<(crate::graph::Graph, Vec<PathBuf>)> {
    progress.stage("graph", 1);
    let graph = graph.finish()?;
    // The graph is built (no file yet: `graph.bin` is an export).
    progress.step("");
    let dumps = rdf_files(formats);
    progress.stage("exports", (crate::export::EXPORT_FILES + dumps + 2) as u64);
    let (saved, exported) = std::thread::scope(|s| {
        let saved = s.spawn(|| {
            crate::graph::store::save(&graph, &dir.join("graph.bin"))
                .inspect(|()| progress.step("graph.bin"))
        });
        let exported =
            crate::export::write_exports_with(dir, &[], &graph, gzip, &|name| progress.step(name));
        let saved = saved
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (saved, exported)
    });
    saved?;
    let exported = exported?;
    Ok((graph, exported))
}

/// The number of RDF files `formats` makes: each dump, the vocabulary
/// beside the Turtle, the index.
fn rdf_files(formats: Formats) -> usize {
    usize::from(formats.nquads) + 2 * usize::from(formats.turtle) + usize::from(formats.index)
}

/// Starts `graph.nq` and `graph.ttl` in `dir` (those `formats` names), each
/// an [`AtomicFile`], and the index when `formats` asks for it: nothing is
/// in place before [`finish_dumps`].
pub fn start_dumps(
    dir: &Path,
    formats: Formats,
    gzip: bool,
) -> Result<Dumps<AtomicFile, AtomicFile>> {
    let file =
        |on: bool, name| on.then(|| AtomicFile::create(&dir.join(&*output::gzipped(name, gzip))));
    let nq = file(formats.nquads, "graph.nq").transpose()?;
    let ttl = file(formats.turtle, "graph.ttl").transpose()?;
    Dumps::with_index(nq, ttl, formats.index, formats.evidence)
        .map_err(|e| write_error(e, &dir.join("graph.ttl")))
}

/// Ends the RDF dumps (the actors the items name only by id described
/// with `actors`, the run's gazetteer) and moves them into place, with the
/// vocabulary ([`VOCABULARY_FILE`]) beside `graph.ttl`, then writes the
/// index (`graph.idx`) of the same quads when it was asked for; returns the
/// number of triples.
pub fn finish_dumps(
    dir: &Path,
    dumps: Dumps<AtomicFile, AtomicFile>,
    actors: &dyn ActorDirectory,
) -> Result<usize> {
    let finished = dumps
        .finish_all(actors)
        .map_err(|e| write_error(e, &dir.join("graph.nq")))?;
    if finished.ttl.is_some() {
        write_atomic(
            &dir.join(VOCABULARY_FILE),
            crate::rdf::store::ONTOLOGY_TTL.as_bytes(),
        )?;
    }
    for file in [finished.nq, finished.ttl].into_iter().flatten() {
        file.commit()?;
    }
    if let Some(index) = finished.index {
        let path = dir.join(crate::rdf::index::FILE_NAME);
        let nq_len = finished.nq_len;
        output::write_atomic_with(&path, |w| index.write(w, nq_len))?;
    }
    Ok(finished.triples)
}

/// Writes `summary.json` (pretty JSON and a final line break).
fn write_summary(dir: &Path, summary: &serde_json::Value) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(summary).map_err(|e| Error::Write {
        path: dir.join("summary.json"),
        source: e.into(),
    })?;
    bytes.push(b'\n');
    write_atomic(&dir.join("summary.json"), &bytes)
}
