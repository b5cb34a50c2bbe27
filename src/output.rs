//! Writing outputs atomically: every file goes to a temporary file in the
//! target folder and is renamed into place, so an interrupted run leaves the
//! previous outputs whole.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::corpus::Extraction;
use crate::error::{Error, Result};

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
        let triples = crate::rdf::triples(&ex.items);
        let lines = write_atomic_with(&dir.join("graph.nq"), |w| {
            let mut counter = LineCounter { inner: w, lines: 0 };
            crate::rdf::dump::nquads_of(&triples, &mut counter)?;
            Ok(counter.lines)
        })?;
        write_atomic_with(&dir.join("graph.ttl"), |w| {
            crate::rdf::dump::turtle_of(&triples, w).map(|_| ())
        })?;
        Some(lines)
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
    let mut bytes = serde_json::to_vec_pretty(&summary).map_err(|e| Error::Write {
        path: dir.join("summary.json"),
        source: e.into(),
    })?;
    bytes.push(b'\n');
    write_atomic(&dir.join("summary.json"), &bytes)?;
    Ok(2 + exported.len() + if rdf { 2 } else { 0 })
}
