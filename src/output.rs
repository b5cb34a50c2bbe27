//! Writing outputs atomically: every file goes to a temporary file in the
//! target folder and is renamed into place, so an interrupted run leaves the
//! previous outputs whole.

use std::io::Write;
use std::path::Path;

use crate::corpus::Extraction;
use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
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
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
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
/// (`extractions.jsonl`), the saved graph the query commands read
/// (`graph.bin`) and the exports (Gephi CSV, GEXF, GraphML, summary). Returns
/// the number of files written.
pub fn write_all(dir: &Path, ex: &Extraction) -> Result<usize> {
    prepare_dir(dir)?;
    let mut jsonl = Vec::new();
    for it in &ex.items {
        serde_json::to_writer(&mut jsonl, it).map_err(|e| Error::Write {
            path: dir.join("extractions.jsonl"),
            source: e.into(),
        })?;
        jsonl.push(b'\n');
    }
    write_atomic(&dir.join("extractions.jsonl"), &jsonl)?;
    let graph = crate::graph::Graph::from_items(&ex.items);
    crate::graph::store::save(&graph, &dir.join("graph.bin"))?;
    let exported = crate::export::write_exports(dir, &ex.items, &graph)?;
    // The RDF dumps, and their triple count in the summary.
    let rdf_err = |name: &str| {
        let path = dir.join(name);
        move |source| Error::Write { path, source }
    };
    let nq = crate::rdf::write_nquads(&ex.items, Vec::new()).map_err(rdf_err("graph.nq"))?;
    let ttl = crate::rdf::write_turtle(&ex.items, Vec::new()).map_err(rdf_err("graph.ttl"))?;
    write_atomic(&dir.join("graph.nq"), &nq)?;
    write_atomic(&dir.join("graph.ttl"), &ttl)?;
    let mut summary = crate::export::summary(&ex.items, &graph);
    summary["triples"] = nq.iter().filter(|&&b| b == b'\n').count().into();
    summary["files"] = ex.files_read.into();
    let mut bytes = serde_json::to_vec_pretty(&summary).map_err(|e| Error::Write {
        path: dir.join("summary.json"),
        source: e.into(),
    })?;
    bytes.push(b'\n');
    write_atomic(&dir.join("summary.json"), &bytes)?;
    Ok(4 + exported.len())
}
