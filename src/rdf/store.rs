//! The oxigraph store: in memory by default, loaded with the bulk loader;
//! persistent on disk with the `rocksdb` feature.

use std::io::BufRead;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, Quad};
use oxigraph::store::Store;

use super::triples::triples;
use crate::error::{Error, Result};
use crate::model::Item;

/// Reads the item stream written by `build` (`extractions.jsonl`), one JSON
/// object per line; blank lines are skipped. Errors name the line.
pub fn read_items(path: &Path) -> Result<Vec<Item>> {
    let file = std::fs::File::open(path).map_err(|e| Error::GraphFile {
        path: path.to_path_buf(),
        reason: format!("cannot open: {e}"),
    })?;
    let mut items = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::GraphFile {
            path: path.to_path_buf(),
            reason: format!("line {}: {e}", n + 1),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let item: Item = serde_json::from_str(&line).map_err(|e| Error::GraphFile {
            path: path.to_path_buf(),
            reason: format!("line {}: {e}", n + 1),
        })?;
        items.push(item);
    }
    Ok(items)
}

/// The items as quads in the default graph.
fn quads(items: &[Item]) -> impl Iterator<Item = Quad> {
    triples(items)
        .into_iter()
        .map(|t| Quad::from(t.as_ref().in_graph(GraphNameRef::DefaultGraph)))
}

/// The vocabulary, `ontology/unsc.ttl`, as shipped in the binary.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/unsc.ttl");

/// The named graph the store keeps the vocabulary in. Queries see it
/// through the union default graph, so they can use class hierarchies and
/// the labels of positions and outcomes; dumps do not include it.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/unsc-kg/ontology";

/// An in-memory store holding the triples of `items` in the default graph
/// and the vocabulary in [`ONTOLOGY_GRAPH`], loaded with the bulk loader.
pub fn load_store(items: &[Item]) -> Result<Store> {
    let store = Store::new().map_err(|e| Error::Store(e.to_string()))?;
    bulk_load(&store, items)?;
    Ok(store)
}

fn bulk_load(store: &Store, items: &[Item]) -> Result<()> {
    let mut loader = store.bulk_loader();
    loader
        .load_quads(quads(items))
        .map_err(|e| Error::Store(e.to_string()))?;
    let ontology = RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(NamedNode::new_unchecked(ONTOLOGY_GRAPH));
    loader
        .load_from_slice(ontology, ONTOLOGY_TTL)
        .map_err(|e| Error::Store(format!("ontology/unsc.ttl: {e}")))?;
    loader.commit().map_err(|e| Error::Store(e.to_string()))
}

/// Opens (creating if needed) a persistent RocksDB store in `dir`. With
/// `items`, its content is replaced by their triples; without, it is used
/// as it is. oxigraph's own server (`oxigraph serve --location DIR`) can
/// open the same folder.
#[cfg(feature = "rocksdb")]
pub fn open_store(dir: &Path, items: Option<&[Item]>) -> Result<Store> {
    let store = Store::open(dir).map_err(|e| Error::Store(format!("{}: {e}", dir.display())))?;
    if let Some(items) = items {
        store.clear().map_err(|e| Error::Store(e.to_string()))?;
        bulk_load(&store, items)?;
        store.flush().map_err(|e| Error::Store(e.to_string()))?;
    }
    Ok(store)
}
