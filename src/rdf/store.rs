//! The oxigraph store: in memory by default, loaded with the bulk loader;
//! persistent on disk with the `rocksdb` feature.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, Quad};
use oxigraph::store::{BulkLoader, Store};

use super::dump::vocabulary_nquads;
use super::triples::{EvidenceMode, Notes, Triple, describe, part_triples, triples_with};
use crate::error::{Error, Result};
use crate::model::{ActorDirectory, Item};

/// Reads the item stream written by `build` (`extractions.jsonl`), one JSON
/// object per line; blank lines are skipped. Errors name the line.
pub fn read_items(path: &Path) -> Result<Vec<Item>> {
    let mut reader = ItemReader::open(path)?;
    let mut items = Vec::new();
    while let Some(item) = reader.next_item()? {
        items.push(item);
    }
    Ok(items)
}

/// The item stream read a line at a time, or a source file at a time
/// ([`ItemReader::next_file`]), so that a graph of any size is loaded
/// without holding its items.
pub struct ItemReader {
    path: PathBuf,
    reader: BufReader<Box<dyn std::io::Read + Send>>,
    line: String,
    n: usize,
    /// The first item of the next file, read ahead.
    pending: Option<Item>,
}

impl ItemReader {
    /// Opens the item stream at `path`, gzip-compressed when its name ends
    /// in `.gz` (`build --gzip`).
    pub fn open(path: &Path) -> Result<ItemReader> {
        let file = File::open(path).map_err(|e| Error::GraphFile {
            path: path.to_path_buf(),
            reason: format!("cannot open: {e}"),
        })?;
        let file: Box<dyn std::io::Read + Send> = if crate::output::is_gzipped(path) {
            Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)))
        } else {
            Box::new(file)
        };
        Ok(ItemReader {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(1 << 16, file),
            line: String::new(),
            n: 0,
            pending: None,
        })
    }

    fn error(&self, reason: impl std::fmt::Display) -> Error {
        Error::GraphFile {
            path: self.path.clone(),
            reason: format!("line {}: {reason}", self.n),
        }
    }

    /// The next item, or `None` at the end.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        if let Some(item) = self.pending.take() {
            return Ok(Some(item));
        }
        loop {
            self.line.clear();
            self.n += 1;
            match self.reader.read_line(&mut self.line) {
                Ok(0) => return Ok(None),
                Ok(_) => {}
                Err(e) => return Err(self.error(e)),
            }
            if self.line.trim().is_empty() {
                continue;
            }
            return match serde_json::from_str(&self.line) {
                Ok(item) => Ok(Some(item)),
                Err(e) => Err(self.error(e)),
            };
        }
    }

    /// The items of the next run of lines with the same source file (as
    /// `build` writes them: a file's items together), or `None` at the end.
    /// A file whose items are not together comes as several runs.
    pub fn next_file(&mut self) -> Result<Option<Vec<Item>>> {
        let Some(first) = self.next_item()? else {
            return Ok(None);
        };
        let mut items = vec![first];
        while let Some(item) = self.next_item()? {
            if item.evidence().file != items[0].evidence().file {
                self.pending = Some(item);
                break;
            }
            items.push(item);
        }
        Ok(Some(items))
    }
}

/// The triples of an item stream as quads in the default graph, a source
/// file at a time: each file's triples (duplicates between files are left
/// to the store, which keeps a set), then the actors and the documents
/// only referenced, described from the notes of all files and what
/// `actors` knows.
struct StreamedQuads<'a> {
    reader: ItemReader,
    actors: &'a dyn ActorDirectory,
    mode: EvidenceMode,
    notes: Notes,
    quads: std::vec::IntoIter<Quad>,
    stage: Stage,
}

/// Where a [`StreamedQuads`] is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Reading the files.
    Files,
    /// The final descriptions are being given.
    Described,
    /// Nothing more (the end, or an error given).
    Done,
}

impl<'a> StreamedQuads<'a> {
    fn new(
        reader: ItemReader,
        actors: &'a dyn ActorDirectory,
        mode: EvidenceMode,
    ) -> StreamedQuads<'a> {
        StreamedQuads {
            reader,
            actors,
            mode,
            notes: Notes::default(),
            quads: Vec::new().into_iter(),
            stage: Stage::Files,
        }
    }

    /// The triples that come next, or `None` at the end.
    fn next_triples(&mut self) -> Option<Result<Vec<Triple>>> {
        match self.stage {
            Stage::Files => match self.reader.next_file() {
                Ok(Some(items)) => {
                    let (triples, notes) = part_triples(&items, false, self.mode);
                    self.notes.merge(notes);
                    Some(Ok(triples))
                }
                Ok(None) => {
                    self.stage = Stage::Described;
                    Some(Ok(describe(&std::mem::take(&mut self.notes), self.actors)))
                }
                Err(e) => {
                    self.stage = Stage::Done;
                    Some(Err(e))
                }
            },
            Stage::Described | Stage::Done => {
                self.stage = Stage::Done;
                None
            }
        }
    }
}

impl Iterator for StreamedQuads<'_> {
    type Item = Result<Quad>;

    fn next(&mut self) -> Option<Result<Quad>> {
        loop {
            if let Some(q) = self.quads.next() {
                return Some(Ok(q));
            }
            match self.next_triples()? {
                Ok(triples) => self.quads = to_quads(triples).collect::<Vec<_>>().into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Triples as quads in the default graph.
fn to_quads(triples: Vec<Triple>) -> impl Iterator<Item = Quad> {
    triples
        .into_iter()
        .map(|t| Quad::from(t.as_ref().in_graph(GraphNameRef::DefaultGraph)))
}

/// The vocabulary, `ontology/unsc.ttl`, as shipped in the binary.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/unsc.ttl");

/// The named graph the store keeps the vocabulary in (and `graph.nq` ends
/// with). The example queries name it where they read class hierarchies
/// and the labels of positions and outcomes; other queries see it through
/// the union default graph.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/unsc-kg/ontology";

/// An in-memory store holding the triples of `items` in the default graph
/// (evidence in the default form, the actors the items name only by id
/// described with `actors`, the run's gazetteer) and the vocabulary in
/// [`ONTOLOGY_GRAPH`], loaded with the bulk loader.
pub fn load_store(items: &[Item], actors: &dyn ActorDirectory) -> Result<Store> {
    load_store_with(items, actors, EvidenceMode::default())
}

/// [`load_store`] with the evidence in the form `mode`.
pub fn load_store_with(
    items: &[Item],
    actors: &dyn ActorDirectory,
    mode: EvidenceMode,
) -> Result<Store> {
    let store = Store::new()?;
    bulk_load(&store, to_quads(triples_with(items, actors, mode)).map(Ok))?;
    Ok(store)
}

/// An in-memory store like [`load_store_with`]'s, loaded from the item
/// stream at `path` a source file at a time: the store holds the triples,
/// never all the items. The items are read and their triples made on a
/// second thread while this one fills the store (oxigraph's insertion is
/// serial), a few files ahead at most.
pub fn load_store_from(
    path: &Path,
    actors: &dyn ActorDirectory,
    mode: EvidenceMode,
) -> Result<Store> {
    let reader = ItemReader::open(path)?;
    let store = Store::new()?;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Quad>>>(8);
        scope.spawn(move || {
            let mut quads = StreamedQuads::new(reader, actors, mode);
            while let Some(batch) = quads.next_triples() {
                let batch = batch.map(|t| to_quads(t).collect());
                // A closed channel: the loader stopped on an error.
                if tx.send(batch).is_err() {
                    return;
                }
            }
        });
        let quads = rx.into_iter().flat_map(|batch| match batch {
            Ok(quads) => quads.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        });
        bulk_load(&store, quads)
    })?;
    Ok(store)
}

/// An in-memory store loaded from an N-Quads dump (`graph.nq`, as `build`
/// writes it: the data, then the vocabulary in [`ONTOLOGY_GRAPH`]): the
/// snapshot that `query` and `serve`
/// open instead of rebuilding the triples from the item stream. The dump
/// is parsed on two threads while the store is filled on a third (the
/// store's own insertion is serial; parsing then costs no wall time on
/// two cores). Errors name the file and, for a syntax error, the position.
pub fn load_snapshot(nq: &Path) -> Result<Store> {
    let err = |reason: String| Error::GraphFile {
        path: nq.to_path_buf(),
        reason,
    };
    let file = File::open(nq).map_err(|e| err(format!("cannot open: {e}")))?;
    // SAFETY: the map is read-only and lives until the load ends. Mapped
    // bytes change under us only if another process writes the file in
    // place; `build` never does (it writes a temporary file and renames
    // it over the old one, which stays intact for our map).
    let bytes =
        unsafe { memmap2::Mmap::map(&file) }.map_err(|e| err(format!("cannot map: {e}")))?;
    let store = Store::new()?;
    // Two parser threads (the loader uses half the threads it is given),
    // in batches of 16 000 quads: the default batches (a million quads
    // each, several in flight) took more memory than the store.
    let mut loader = store
        .bulk_loader()
        .with_num_threads(4)
        .with_max_memory_size_in_megabytes(64);
    // Lenient: the dump is ours, written by a serializer that only writes
    // valid IRIs and literals; syntax errors are still reported.
    let parser = RdfParser::from_format(RdfFormat::NQuads).lenient();
    loader
        .parallel_load_from_slice(parser, &bytes[..])
        .map_err(|e| err(e.to_string()))?;
    drop(bytes);
    loader.commit()?;
    Ok(store)
}

fn bulk_load(store: &Store, quads: impl Iterator<Item = Result<Quad>>) -> Result<()> {
    load_with(store.bulk_loader(), quads)
}

fn load_with(mut loader: BulkLoader<'_>, quads: impl Iterator<Item = Result<Quad>>) -> Result<()> {
    loader.load_ok_quads::<Error, Error>(quads)?;
    finish_load(loader)
}

/// Adds the vocabulary to [`ONTOLOGY_GRAPH`] as `graph.nq` holds it (its
/// blank nodes named, see [`vocabulary_nquads`]), so that a store rebuilt
/// from the items and one loaded from the snapshot hold the same quads,
/// and commits the load.
fn finish_load(mut loader: BulkLoader<'_>) -> Result<()> {
    let vocabulary = vocabulary_nquads().map_err(|e| Error::Store(e.to_string()))?;
    loader
        .load_from_slice(RdfParser::from_format(RdfFormat::NQuads), &vocabulary[..])
        .map_err(|e| Error::Store(format!("ontology/unsc.ttl: {e}")))?;
    Ok(loader.commit()?)
}

/// Opens (creating if needed) a persistent RocksDB store in `dir`. With
/// `items` (the path of an item stream), its content is replaced by their
/// triples, streamed a source file at a time (the actors they name only
/// by id described with `actors`); `progress` hears the number
/// of triples loaded from time to time. Each batch of the load is saved as
/// it is made, so that RocksDB compacts while the load goes on (a load
/// that fails leaves part of the triples: load again), and the store is
/// compacted at the end, so that lookups read one level per index.
/// Without `items`, the store is used as it is. oxigraph's own server
/// (`oxigraph serve --location DIR`) can open the same folder.
#[cfg(feature = "rocksdb")]
pub fn open_store(
    dir: &Path,
    items: Option<&Path>,
    actors: &dyn ActorDirectory,
    mode: EvidenceMode,
    progress: impl Fn(u64) + Send + Sync + 'static,
) -> Result<Store> {
    let store = Store::open(dir).map_err(|e| Error::Store(format!("{}: {e}", dir.display())))?;
    if let Some(path) = items {
        let reader = ItemReader::open(path)?;
        store.clear()?;
        let loader = store
            .bulk_loader()
            .without_atomicity()
            .on_progress(progress);
        load_with(loader, StreamedQuads::new(reader, actors, mode))?;
        // The load outruns RocksDB's background compaction: dozens of
        // level-0 files per index would each be read by every lookup.
        store.optimize()?;
    }
    Ok(store)
}
