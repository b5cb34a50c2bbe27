//! Writing the index: terms numbered as they come (each source file's part
//! on the worker that made it, then merged in input order), then sorted,
//! renumbered by rank and written with the quads in two orders, graph by
//! graph.
//!
//! Cost, stated: the writer holds every distinct term once (its bytes, its
//! end, its hash and a hash table entry: the bytes and about 28 more) and
//! every quad once as a 16-byte sort key, renumbered and re-sorted in
//! place for each order; at the end 8 bytes more per term to rank them.
//! On the record-sized corpus (1.99 M quads, 0.52 M terms, 37 MB of term
//! bytes) that is some 100 MB, which `build` holds at its end beside the
//! graph (measured: 70-120 MB more peak RSS). It grows linearly with the
//! quads and the distinct terms; nothing is quadratic.

use std::hash::Hasher;
use std::io::Write;

use hashbrown::HashTable;
use oxigraph::model::QuadRef;

use super::super::triples::Statement;
use super::{DEFAULT_GRAPH, GRAPH_ENTRY, Header, IndexError, MAX_TERMS, Sections, term};

fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

/// Terms numbered in the order they come, their bytes in one buffer.
#[derive(Default)]
struct Terms {
    bytes: Vec<u8>,
    /// Where each term ends in `bytes`.
    ends: Vec<usize>,
    hashes: Vec<u64>,
    table: HashTable<u32>,
}

impl Terms {
    /// Room for `terms` terms of `bytes` bytes in all.
    fn with_capacity(terms: usize, bytes: usize) -> Terms {
        Terms {
            bytes: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(terms),
            hashes: Vec::with_capacity(terms),
            table: HashTable::with_capacity(terms),
        }
    }

    fn get(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The number of the term `b` (hashed `h`), given one if it is new.
    fn intern(&mut self, b: &[u8], h: u64) -> u32 {
        let Terms {
            bytes,
            ends,
            hashes,
            table,
        } = self;
        let slice = |i: u32| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &bytes[start..ends[i]]
        };
        if let Some(&i) = table.find(h, |&i| slice(i) == b) {
            return i;
        }
        let n = ends.len() as u32;
        bytes.extend_from_slice(b);
        ends.push(bytes.len());
        hashes.push(h);
        let hashes = &*hashes;
        table.insert_unique(h, n, |&i| hashes[i as usize]);
        n
    }
}

/// One source file's part of the index, made where its dumps are: the
/// terms of its statements, each once, and its triples by those numbers.
///
/// The writers give a subject's statements one after another and take
/// predicates from a small static vocabulary, so the last subject and each
/// predicate (by its static address) are remembered: most terms are then
/// numbered without being encoded and hashed again.
#[derive(Default)]
pub struct IndexPart {
    terms: Terms,
    triples: Vec<[u32; 3]>,
    scratch: Vec<u8>,
    /// The last subject and its number (`None` before the first).
    subject: (String, Option<u32>),
    /// Predicates by the address and length of their `&'static str`.
    predicates: rustc_hash::FxHashMap<(usize, usize), u32>,
}

impl IndexPart {
    /// A part with room for about `statements` statements, so that its
    /// buffers and table are not grown and rehashed as they fill: on the
    /// record-sized corpus a part has 0.57 distinct terms per statement
    /// (subjects and predicates repeat), of 76 bytes on average.
    pub fn with_capacity(statements: usize) -> IndexPart {
        let terms = statements * 3 / 5 + 8;
        IndexPart {
            terms: Terms::with_capacity(terms, terms * 80),
            triples: Vec::with_capacity(statements),
            ..IndexPart::default()
        }
    }

    /// Adds a statement of the dumps (in the default graph).
    pub fn add(&mut self, t: &Statement<'_>) {
        let s = match self.subject {
            (ref last, Some(id)) if last == t.subject => id,
            _ => {
                let id = self.intern_with(|out| term::iri(t.subject, out));
                self.subject.0.clear();
                self.subject.0.push_str(t.subject);
                self.subject.1 = Some(id);
                id
            }
        };
        let key = (t.predicate.as_ptr() as usize, t.predicate.len());
        let p = match self.predicates.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.intern_with(|out| term::iri(t.predicate, out));
                self.predicates.insert(key, id);
                id
            }
        };
        let o = self.intern_with(|out| term::object(&t.object, out));
        self.triples.push([s, p, o]);
    }

    /// The number of the term `encode` writes.
    fn intern_with(&mut self, encode: impl FnOnce(&mut Vec<u8>)) -> u32 {
        self.scratch.clear();
        encode(&mut self.scratch);
        self.terms.intern(&self.scratch, hash(&self.scratch))
    }

    /// The number of triples added.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    /// Whether no triple was added.
    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }
}

/// What an index holds, once written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Distinct terms.
    pub terms: u64,
    /// Distinct quads.
    pub quads: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// The whole graph's index, filled part by part in input order and
/// written once at the end.
#[derive(Default)]
pub struct IndexWriter {
    terms: Terms,
    /// Quads by the numbers of `terms`, as sort keys in the order SPO
    /// ([`key`]); the graph [`DEFAULT_GRAPH`] for the default graph.
    quads: Vec<u128>,
    scratch: Vec<u8>,
}

impl IndexWriter {
    /// An empty index.
    pub fn new() -> IndexWriter {
        IndexWriter::default()
    }

    /// Adds one file's part: its terms numbered here, its triples in the
    /// default graph.
    pub fn merge(&mut self, part: IndexPart) {
        let map: Vec<u32> = (0..part.terms.len() as u32)
            .map(|i| {
                let h = part.terms.hashes[i as usize];
                self.terms.intern(part.terms.get(i), h)
            })
            .collect();
        self.quads.extend(part.triples.iter().map(|&[s, p, o]| {
            key(
                [
                    map[s as usize],
                    map[p as usize],
                    map[o as usize],
                    DEFAULT_GRAPH,
                ],
                Order::Spo,
            )
        }));
    }

    /// Adds one quad (the vocabulary's, in its named graph); a quad with a
    /// term the index cannot hold is refused.
    pub fn add_quad(&mut self, q: QuadRef<'_>) -> Result<(), String> {
        let mut ids = [DEFAULT_GRAPH; 4];
        let graph = match q.graph_name {
            oxigraph::model::GraphNameRef::NamedNode(n) => Some(n.into()),
            oxigraph::model::GraphNameRef::BlankNode(b) => Some(b.into()),
            oxigraph::model::GraphNameRef::DefaultGraph => None,
        };
        let terms = [
            Some(q.subject.into()),
            Some(q.predicate.into()),
            Some(q.object),
            graph,
        ];
        for (id, t) in ids.iter_mut().zip(terms) {
            let Some(t) = t else { continue };
            self.scratch.clear();
            term::term(t, &mut self.scratch).ok_or_else(|| format!("{q}: an RDF 1.2 term"))?;
            *id = self.terms.intern(&self.scratch, hash(&self.scratch));
        }
        self.quads.push(key(ids, Order::Spo));
        Ok(())
    }

    /// Writes the index to `out`: terms sorted by their bytes and numbered
    /// by rank, the quads without duplicates in two orders. `dump_len`
    /// is the length of the `graph.nq` written from the same statements,
    /// if one was.
    pub fn write(self, out: &mut dyn Write, dump_len: Option<u64>) -> std::io::Result<IndexStats> {
        let IndexWriter {
            terms,
            quads: mut keys,
            ..
        } = self;
        let n = terms.len() as u64;
        if n > MAX_TERMS {
            return Err(std::io::Error::other(IndexError::TooManyTerms(n)));
        }
        // Rank the terms by their bytes (see `order`). The sorts here are
        // sequential: `build` writes the index on a thread of its own
        // while the exports keep rayon's workers busy, and a parallel sort
        // called from outside the pool waits for them (ranking the
        // record-sized corpus's terms took 0.44 s so, 0.10 s on this
        // thread alone).
        let sorted = super::order::byte_order(terms.len(), |i| terms.get(i));
        let mut rank = vec![0u32; sorted.len()];
        for (r, &i) in sorted.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let renumber = |id: u32| {
            if id == DEFAULT_GRAPH {
                id
            } else {
                rank[id as usize]
            }
        };
        for k in &mut keys {
            *k = key(unkey_quad(*k, Order::Spo).map(renumber), Order::Spo);
        }
        drop(rank);
        // Graph by graph, SPO, duplicates removed (a triple several files
        // state).
        keys.sort_unstable();
        keys.dedup();
        // The graphs and their quad counts, in the order of the keys.
        let mut graphs: Vec<(u32, u64)> = Vec::new();
        for &k in &keys {
            let g = (k >> 96) as u32;
            match graphs.last_mut() {
                Some((last, count)) if *last == g => *count += 1,
                _ => graphs.push((g, 1)),
            }
        }
        let coded = front_coded(&terms, &sorted);
        drop((sorted, terms));
        let q = keys.len() as u64;
        let sections = Sections::layout(n, coded.0.len() as u64, graphs.len() as u64, q)
            .ok_or_else(|| std::io::Error::other("the index does not fit in memory"))?;
        let header = Header {
            terms: n,
            quads: q,
            graphs: graphs.len() as u64,
            dump_len: dump_len.unwrap_or(u64::MAX),
            sections,
        };
        out.write_all(&header.encode())?;
        write_terms(&coded, &graphs, out)?;
        drop(coded);
        write_order(&keys, out)?;
        // The same keys, re-sorted in place in the other order.
        for k in &mut keys {
            *k = key(unkey_quad(*k, Order::Spo), Order::Pos);
        }
        keys.sort_unstable();
        write_order(&keys, out)?;
        out.flush()?;
        Ok(IndexStats {
            terms: n,
            quads: q,
            bytes: sections.end as u64,
        })
    }
}

use super::read::Order;

/// A quad (s, p, o, g) as a sort key: the graph, then the three others in
/// `order`.
fn key(q: [u32; 4], order: Order) -> u128 {
    let r = order.from_spo([q[0], q[1], q[2]]);
    (u128::from(q[3]) << 96)
        | (u128::from(r[0]) << 64)
        | (u128::from(r[1]) << 32)
        | u128::from(r[2])
}

/// The term bytes of `terms` in the order `sorted`, front-coded by
/// bucket (see the module above), and the offset of each bucket and of
/// the end.
fn front_coded(terms: &Terms, sorted: &[u32]) -> (Vec<u8>, Vec<u64>) {
    let mut bytes = Vec::with_capacity(terms.bytes.len() / 3);
    let mut offsets = Vec::with_capacity(sorted.len() / super::BUCKET as usize + 2);
    let mut prev: &[u8] = &[];
    for (i, &id) in sorted.iter().enumerate() {
        let t = terms.get(id);
        if (i as u64).is_multiple_of(super::BUCKET) {
            offsets.push(bytes.len() as u64);
            term::leb128(t.len() as u64, &mut bytes);
            bytes.extend_from_slice(t);
        } else {
            let shared = crate::bytes::common_prefix(t, prev);
            term::leb128(shared as u64, &mut bytes);
            term::leb128((t.len() - shared) as u64, &mut bytes);
            bytes.extend_from_slice(&t[shared..]);
        }
        prev = t;
    }
    offsets.push(bytes.len() as u64);
    (bytes, offsets)
}

/// Writes the bucket offsets, the term bytes and the graphs section.
fn write_terms(
    (bytes, offsets): &(Vec<u8>, Vec<u64>),
    graphs: &[(u32, u64)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(offsets.len() * 8 + graphs.len() * GRAPH_ENTRY);
    for at in offsets {
        buf.extend_from_slice(&at.to_le_bytes());
    }
    out.write_all(&buf)?;
    out.write_all(bytes)?;
    buf.clear();
    for (g, count) in graphs {
        buf.extend_from_slice(&g.to_le_bytes());
        buf.extend_from_slice(&count.to_le_bytes());
    }
    out.write_all(&buf)
}

/// The quad (s, p, o, g) of a key in `order`.
fn unkey_quad(k: u128, order: Order) -> [u32; 4] {
    let [g, a, b, c] = unkey(k);
    let [s, p, o] = order.to_spo([a, b, c]);
    [s, p, o, g]
}

/// The four numbers of a key, first to last.
fn unkey(k: u128) -> [u32; 4] {
    [
        (k >> 96) as u32,
        (k >> 64) as u32,
        (k >> 32) as u32,
        k as u32,
    ]
}

/// Writes the records of sorted keys: their last three numbers (the
/// graph is the graphs section's).
fn write_order(keys: &[u128], out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 16);
    for chunk in keys.chunks(4096) {
        buf.clear();
        for &k in chunk {
            for n in &unkey(k)[1..] {
                buf.extend_from_slice(&n.to_le_bytes());
            }
        }
        out.write_all(&buf)?;
    }
    Ok(())
}
