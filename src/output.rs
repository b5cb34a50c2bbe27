//! Writing outputs atomically: every file goes to a temporary file in the
//! target folder and is renamed into place, so an interrupted run leaves the
//! previous outputs whole.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus;
use crate::error::{Error, Result};
use crate::extract::Options;
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

/// Creates the output folder if needed (its parent must exist).
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists and is not a folder",
            )));
        }
        return Ok(());
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("parent folder {} does not exist", parent.display()),
        )));
    }
    std::fs::create_dir(dir).map_err(err)
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
/// input order, and dropped. Warnings go to `on_warning` in input order.
/// Returns `None`, and writes nothing, when no input could be read.
pub fn build(
    dir: &Path,
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    rdf: Formats,
    on_warning: &mut dyn FnMut(&str),
) -> Result<Option<Built>> {
    let existed = dir.exists();
    prepare_dir(dir)?;
    let jsonl_path = dir.join("extractions.jsonl");
    let mut jsonl = AtomicFile::create(&jsonl_path)?;
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
        corpus::extract_each_with(paths, opts, threads, progress, &derive, &mut |fx,
                                                                                 (
            lines,
            part,
        )| {
            for msg in &fx.warnings {
                on_warning(msg);
            }
            built.warnings += fx.warnings.len();
            jsonl.write_all(&lines?)?;
            for it in &fx.items {
                *built.items_by_kind.entry(it.kind()).or_default() += 1;
            }
            graph.add(&fx.items);
            if let (Some(d), Some(part)) = (&mut dumps, part) {
                d.add(part)?;
            }
            Ok(())
        })
        .map_err(|e| write_error(e, &jsonl_path))?;
    if files_read == 0 {
        // Nothing is written: the temporary files go with the writers.
        drop((jsonl, dumps));
        if !existed {
            let _ = std::fs::remove_dir(dir);
        }
        return Ok(None);
    }
    (built.files, built.files_read) = (files, files_read);
    jsonl.commit()?;
    // The RDF dumps and the graph outputs only read what was built: they
    // are finished at the same time.
    let (triple_count, graph_outputs) = std::thread::scope(|scope| {
        let rdf = dumps.map(|d| scope.spawn(move || finish_dumps(dir, d)));
        let graph_outputs = (|| -> Result<_> {
            let graph = graph.finish();
            crate::graph::store::save(&graph, &dir.join("graph.bin"))?;
            let exported = crate::export::write_exports(dir, &[], &graph)?;
            Ok((graph, exported))
        })();
        let triple_count = rdf.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
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
    built.written = 2 + exported.len() + usize::from(rdf.nquads) + usize::from(rdf.turtle);
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
