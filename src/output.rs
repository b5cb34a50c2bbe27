//! Writing outputs atomically: every file goes to a temporary file in the
//! target folder and is renamed into place, so an interrupted run leaves the
//! previous outputs whole; [`build`] writes its whole folder beside the
//! target and swaps it in ([`swap_in`]), so the folder always holds the
//! files of one run. Temporary files and folders are named after the
//! process that made them, and what dead processes left is removed by the
//! next run ([`remove_stale`]).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus;
use crate::error::{Error, Result};
use crate::input::Options;
use crate::model::Item;
use crate::rdf::dump::{Dumps, FileDump, Formats};

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams a file to `path` atomically: `fill` writes into a buffered
/// temporary file in the target folder, which is renamed into place once
/// `fill` succeeds and the data is on disk. On any error the temporary file
/// is removed and the previous file (if any) is left untouched.
pub fn write_atomic_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T> {
    let mut file = AtomicFile::create(path)?;
    let value = fill(&mut file).map_err(|e| write_error(e, path))?;
    file.commit()?;
    Ok(value)
}

/// A file written atomically: the bytes go to a buffered temporary file in
/// the target folder, renamed to `path` by [`AtomicFile::commit`] once on
/// disk. Dropped without a commit (an error, a panic), the temporary file
/// is removed and whatever `path` held is left as it was. Write errors name
/// the file (see [`write_error`]).
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// Starts writing `path`; its folder must exist.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let err = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not a folder", dir.display()),
            )));
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        remove_stale(dir, &format!(".{name}."), ".tmp");
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(err)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            out: Some(BufWriter::with_capacity(1 << 20, file)),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let result = (|| {
            let Some(w) = self.out.take() else {
                return Ok(());
            };
            let f = w.into_inner().map_err(|e| e.into_error())?;
            f.sync_all()?;
            std::fs::rename(&self.tmp, &self.path)
        })();
        result.map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    fn named(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            e.kind(),
            Error::Write {
                path: self.path.clone(),
                source: e,
            },
        )
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.out {
            Some(w) => w.write(buf).map_err(|e| self.named(e)),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.out {
            Some(w) => w.write_all(buf).map_err(|e| self.named(e)),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(w) => w.flush().map_err(|e| self.named(e)),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() || self.tmp.exists() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The error of a failed write to `path`: the [`Error::Write`] an
/// [`AtomicFile`] put inside `e` when it has one (naming the file that
/// failed), else one naming `path`.
pub fn write_error(e: std::io::Error, path: &Path) -> Error {
    let other = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        return other(e);
    }
    let kind = e.kind();
    match e.into_inner().map(|inner| inner.downcast::<Error>()) {
        Some(Ok(ours)) => *ours,
        Some(Err(inner)) => other(std::io::Error::new(kind, inner)),
        None => other(kind.into()),
    }
}

/// Whether the process `pid` may still be running. Where `/proc` is
/// mounted it says; elsewhere every process is taken as alive (nothing of
/// another run is removed then, only what is a day old).
fn may_be_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes from `dir` what earlier runs that were killed left: the entries
/// named exactly `{prefix}{PID}{suffix}` (a file or a folder) whose process
/// is gone, or that are more than a day old. Only names of that exact
/// pattern are touched, never this process's own. Failures are ignored
/// (the next run tries again).
pub fn remove_stale(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    let day = std::time::Duration::from_secs(24 * 3600);
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(suffix))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > day));
        if pid == me || (may_be_alive(pid) && !old) {
            continue;
        }
        let path = e.path();
        let _ = if e.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// The folder a build writes before [`swap_in`] moves it to `dir`, and the
/// name the previous `dir` has while the swap happens: both beside `dir`
/// (same file system, so renames are atomic), named after `dir` and this
/// process.
fn staging_paths(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf, String)> {
    let err = |msg: String| Error::Write {
        path: dir.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, msg),
    };
    // `.`, `..` or a path ending in them: name the folder itself.
    let real = if dir.file_name().is_none() {
        std::fs::canonicalize(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?
    } else {
        dir.to_path_buf()
    };
    let name = real
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| err("the output folder needs a (UTF-8) name".into()))?
        .to_string();
    let parent = real
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging.{pid}"));
    let old = parent.join(format!(".{name}.old.{pid}"));
    Ok((parent, staging, old, name))
}

/// Cleans up after killed builds of `dir`: a previous folder that a build
/// killed in the middle of its swap left aside is put back (when `dir` is
/// missing), then the staging and set-aside folders of dead processes are
/// removed.
fn recover(dir: &Path, parent: &Path, name: &str) {
    let old_prefix = format!(".{name}.old.");
    if !dir.exists()
        && let Ok(entries) = std::fs::read_dir(parent)
    {
        let mut aside: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| {
                e.file_name().to_str().is_some_and(|n| {
                    n.strip_prefix(&old_prefix)
                        .and_then(|p| p.parse::<u32>().ok())
                        .is_some_and(|p| !may_be_alive(p))
                })
            })
            .map(|e| e.path())
            .collect();
        aside.sort();
        if let Some(last) = aside.pop() {
            let _ = std::fs::rename(last, dir);
        }
    }
    remove_stale(parent, &format!(".{name}.staging."), "");
    remove_stale(parent, &old_prefix, "");
    remove_stale_tmp(dir);
}

/// Removes the temporary files (`.NAME.PID.tmp`) that killed runs left in
/// `dir`, by the rule of [`remove_stale`].
pub fn remove_stale_tmp(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| {
            let (name, pid) = n
                .strip_prefix('.')?
                .strip_suffix(".tmp")?
                .rsplit_once('.')?;
            pid.parse::<u32>().ok().map(|_| format!(".{name}."))
        })
        .collect();
    names.sort();
    names.dedup();
    for prefix in names {
        remove_stale(dir, &prefix, ".tmp");
    }
}

/// Moves the finished `staging` folder to `dir`. What `dir` held that the
/// build does not write (a README, the user's own files) is carried into
/// `staging` first (hard links, or copies across devices). Then `dir` is
/// renamed aside to `old`, `staging` renamed to `dir`, and `old` removed:
/// a reader sees the previous folder whole, then (between two renames) no
/// folder, then the new one whole; a build killed between the renames
/// leaves `old`, which the next build puts back.
fn swap_in(staging: &Path, dir: &Path, old: &Path) -> Result<()> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if dir.exists() {
        for e in std::fs::read_dir(dir).map_err(err(dir))?.flatten() {
            let to = staging.join(e.file_name());
            if to.exists() || e.file_type().is_ok_and(|t| t.is_dir()) {
                // Ours (the new run's), or a folder: folders are moved
                // whole after the swap.
                continue;
            }
            std::fs::hard_link(e.path(), &to)
                .or_else(|_| std::fs::copy(e.path(), &to).map(|_| ()))
                .map_err(err(&to))?;
        }
        std::fs::rename(dir, old).map_err(err(dir))?;
    }
    std::fs::rename(staging, dir).map_err(err(dir))?;
    if old.exists() {
        // The user's folders in the previous output folder move over.
        if let Ok(entries) = std::fs::read_dir(old) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    let _ = std::fs::rename(e.path(), dir.join(e.file_name()));
                }
            }
        }
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Creates the output folder and its missing parents, as `mkdir -p` does;
/// a file where a folder should be is an error naming it.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let err = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if dir.is_dir() {
        return Ok(());
    }
    // The nearest existing ancestor must be a folder.
    let existing = dir.ancestors().find(|a| a.exists());
    if let Some(a) = existing.filter(|a| !a.as_os_str().is_empty() && !a.is_dir()) {
        return Err(err(
            a,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists and is not a folder",
            ),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))
}

/// The folders [`prepare_dir`] would create for `dir`, deepest first.
fn missing_dirs(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(Path::to_path_buf)
        .collect()
}

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

/// Extracts `paths` and writes everything the pipeline produces into
/// `dir`: the extraction stream (`extractions.jsonl`), the RDF dumps
/// `rdf` names (`graph.nq`, `graph.ttl`), the saved graph the
/// query commands read (`graph.bin`) and the exports (Gephi CSV, GEXF,
/// GraphML, summary).
///
/// The items of the corpus are never all in memory: each file's items are
/// serialized (JSON lines, their part of the RDF dumps) on the worker that
/// extracted them, then appended to the outputs and added to the graph in
/// input order, and dropped. Warnings go to `warnings.jsonl` and to
/// `on_warning` (kind, message) in input order.
/// Returns `None`, and writes nothing, when no input could be read.
pub fn build(
    dir: &Path,
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &dyn Progress,
    rdf: Formats,
    on_warning: &mut dyn FnMut(&str, &str),
) -> Result<Option<Built>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists and is not a folder",
            ),
        });
    }
    let (parent, staging, old, name) = staging_paths(dir)?;
    // Missing parents are made (and removed again when nothing is read).
    let created = missing_dirs(&parent);
    prepare_dir(&parent)?;
    recover(dir, &parent, &name);
    // Everything is written to `staging`, swapped in at the end; on any
    // error, or when nothing was read, `staging` goes and `dir` is left as
    // it was.
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).map_err(|source| Error::Write {
        path: staging.clone(),
        source,
    })?;
    let guard = RemoveOnDrop(staging.clone());
    let built = build_in(&staging, paths, opts, threads, progress, rdf, on_warning);
    match &built {
        Ok(Some(_)) => swap_in(&staging, dir, &old)?,
        _ => {
            drop(guard);
            for d in &created {
                let _ = std::fs::remove_dir(d);
            }
            return built;
        }
    }
    drop(guard);
    built
}

/// Removes a folder when dropped (the staging folder of a failed build).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// [`build`] into the fresh folder `dir`.
fn build_in(
    dir: &Path,
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &dyn Progress,
    rdf: Formats,
    on_warning: &mut dyn FnMut(&str, &str),
) -> Result<Option<Built>> {
    let jsonl_path = dir.join("extractions.jsonl");
    let mut jsonl = AtomicFile::create(&jsonl_path)?;
    let mut warnings_jsonl = AtomicFile::create(&dir.join("warnings.jsonl"))?;
    let inputs = crate::input::collect_inputs(paths);
    progress.stage("extract", inputs.0.len() as u64);
    let step = |n: usize| (0..n).for_each(|_| progress.step(""));
    let mut dumps = rdf.any().then(|| start_dumps(dir, rdf)).transpose()?;
    let mut graph = crate::graph::GraphBuilder::default();
    let mut built = Built::default();
    let derive = |items: &[Item]| {
        let mut lines = Vec::new();
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
    let (files, files_read) =
        corpus::extract_each_with(inputs, opts, threads, &step, &derive, &mut |fx,
                                                                               (
            lines,
            part,
        )| {
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
            graph.add(&fx.items);
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
        })
        .map_err(|e| write_error(e, &jsonl_path))?;
    if files_read == 0 {
        // Nothing is written: the temporary files go with the writers.
        drop((jsonl, warnings_jsonl, dumps));
        return Ok(None);
    }
    (built.files, built.files_read) = (files, files_read);
    jsonl.commit()?;
    warnings_jsonl.commit()?;
    // The RDF dumps and the graph outputs only read what was built: they
    // are finished at the same time.
    let formats = rdf;
    let (triple_count, graph_outputs) = std::thread::scope(|scope| {
        let rdf = dumps.map(|d| scope.spawn(move || finish_dumps(dir, d)));
        let graph_outputs = (|| -> Result<_> {
            progress.stage("graph", 1);
            let graph = graph.finish();
            crate::graph::store::save(&graph, &dir.join("graph.bin"))?;
            progress.step("graph.bin");
            let dumps = usize::from(formats.nquads) + usize::from(formats.turtle);
            progress.stage("exports", (crate::export::EXPORT_FILES + dumps + 1) as u64);
            let exported =
                crate::export::write_exports_with(dir, &[], &graph, &|name| progress.step(name))?;
            Ok((graph, exported))
        })();
        let triple_count = rdf.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        if triple_count.as_ref().is_some_and(|r| r.is_ok()) {
            for (on, name) in [(formats.nquads, "graph.nq"), (formats.turtle, "graph.ttl")] {
                if on {
                    progress.step(name);
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
    built.written = 3 + exported.len() + usize::from(rdf.nquads) + usize::from(rdf.turtle);
    Ok(Some(built))
}

/// Starts `graph.nq` and `graph.ttl` in `dir` (those `formats` names), each
/// an [`AtomicFile`]: nothing is in place before [`finish_dumps`].
pub fn start_dumps(dir: &Path, formats: Formats) -> Result<Dumps<AtomicFile, AtomicFile>> {
    let file = |on: bool, name| on.then(|| AtomicFile::create(&dir.join(name)));
    let nq = file(formats.nquads, "graph.nq").transpose()?;
    let ttl = file(formats.turtle, "graph.ttl").transpose()?;
    Dumps::new(nq, ttl, formats.evidence).map_err(|e| write_error(e, &dir.join("graph.ttl")))
}

/// Ends the RDF dumps and moves them into place; returns the number of
/// triples.
pub fn finish_dumps(dir: &Path, dumps: Dumps<AtomicFile, AtomicFile>) -> Result<usize> {
    let (nq, ttl, n) = dumps
        .finish()
        .map_err(|e| write_error(e, &dir.join("graph.nq")))?;
    for file in [nq, ttl].into_iter().flatten() {
        file.commit()?;
    }
    Ok(n)
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
