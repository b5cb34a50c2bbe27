//! Writing outputs atomically: every file goes to a temporary file in the
//! target folder and is renamed into place, so an interrupted run leaves the
//! previous outputs whole.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus::{self, Extraction};
use crate::error::{Error, Result};
use crate::extract::Options;

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
    let result = (|| {
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&tmp)?);
        let value = fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(value)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

/// A writer that counts the lines it passes on (N-Quads: one per triple).
pub struct LineCounter<W> {
    /// The writer wrapped.
    pub inner: W,
    /// Line breaks written so far.
    pub lines: usize,
}

impl<W: Write> Write for LineCounter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.lines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
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

/// Writes everything the pipeline produces into `dir`: the extraction stream
/// (`extractions.jsonl`), the RDF dumps (`graph.nq`, `graph.ttl`, unless
/// `rdf` is false), the saved graph the query commands read (`graph.bin`)
/// and the exports (Gephi CSV, GEXF, GraphML, summary). Returns the number
/// of files written.
///
/// Every file is streamed to disk; the stages run one after the other so
/// that only the items and one derived structure (triples, then the graph)
/// are in memory at a time.
pub fn write_all(dir: &Path, ex: &Extraction, rdf: bool) -> Result<usize> {
    prepare_dir(dir)?;
    write_atomic_with(&dir.join("extractions.jsonl"), |w| {
        for it in &ex.items {
            serde_json::to_writer(&mut *w, it)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    let triple_count = if rdf {
        Some(write_rdf(dir, &crate::rdf::triples(&ex.items))?)
    } else {
        None
    };
    let graph = crate::graph::Graph::from_items(&ex.items);
    crate::graph::store::save(&graph, &dir.join("graph.bin"))?;
    let exported = crate::export::write_exports(dir, &ex.items, &graph)?;
    let mut summary = crate::export::summary(&ex.items, &graph);
    if let Some(n) = triple_count {
        summary["triples"] = n.into();
    }
    summary["files"] = ex.files_read.into();
    write_summary(dir, &summary)?;
    Ok(2 + exported.len() + if rdf { 2 } else { 0 })
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

/// Extracts `paths` and writes everything [`write_all`] writes, byte for
/// byte the same, without holding the items of the corpus in memory: each
/// file's items are appended to `extractions.jsonl` and added to the graph
/// (and the RDF triples, when `rdf`) as soon as the file is extracted, then
/// dropped. Warnings go to `on_warning` in input order. Returns `None`, and
/// writes nothing, when no input could be read.
pub fn build(
    dir: &Path,
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    rdf: bool,
    on_warning: &mut dyn FnMut(&str),
) -> Result<Option<Built>> {
    let existed = dir.exists();
    prepare_dir(dir)?;
    let mut graph = crate::graph::GraphBuilder::default();
    let mut triples = rdf.then(crate::rdf::triples::TripleBuilder::default);
    let mut built = Built::default();
    let mut nothing_read = false;
    let counts = write_atomic_with(&dir.join("extractions.jsonl"), |w| {
        let (files, read) = corpus::extract_each(paths, opts, threads, progress, &mut |fx| {
            for msg in &fx.warnings {
                on_warning(msg);
            }
            built.warnings += fx.warnings.len();
            for it in &fx.items {
                serde_json::to_writer(&mut *w, it)?;
                w.write_all(b"\n")?;
                *built.items_by_kind.entry(it.kind()).or_default() += 1;
            }
            graph.add(&fx.items);
            if let Some(t) = &mut triples {
                t.add(&fx.items);
            }
            Ok(())
        })?;
        if read == 0 {
            nothing_read = true;
            return Err(std::io::Error::other("no input could be read"));
        }
        Ok((files, read))
    });
    if nothing_read {
        if !existed {
            let _ = std::fs::remove_dir(dir);
        }
        return Ok(None);
    }
    (built.files, built.files_read) = counts?;
    // The RDF dumps and the graph outputs only read what was built: they
    // are written at the same time.
    let (triple_count, graph_outputs) = std::thread::scope(|scope| {
        let rdf = triples.map(|t| scope.spawn(move || write_rdf(dir, &t.finish())));
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
    }
    summary["files"] = built.files_read.into();
    write_summary(dir, &summary)?;
    built.written = 2 + exported.len() + if rdf { 2 } else { 0 };
    Ok(Some(built))
}

/// Writes `graph.nq` and `graph.ttl` (at the same time); returns the
/// number of triples.
fn write_rdf(dir: &Path, triples: &[crate::rdf::Triple]) -> Result<usize> {
    let (lines, turtle) = rayon::join(
        || {
            write_atomic_with(&dir.join("graph.nq"), |w| {
                let mut counter = LineCounter { inner: w, lines: 0 };
                crate::rdf::dump::nquads_of(triples, &mut counter)?;
                Ok(counter.lines)
            })
        },
        || {
            write_atomic_with(&dir.join("graph.ttl"), |w| {
                crate::rdf::dump::turtle_of(triples, w).map(|_| ())
            })
        },
    );
    turtle?;
    lines
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
