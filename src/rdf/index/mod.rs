//! The quad index `build` writes beside the RDF dumps (`graph.idx`): the
//! quads of the data and the vocabulary, sorted and numbered, in a file that `query` and `serve` map into
//! memory and read in place instead of loading a store.
//!
//! Why hand-written: oxigraph's only persistent store is RocksDB, which the
//! default build must not compile (a ~14 minute native build and libclang),
//! and its in-memory store can only be filled quad by quad (serially, ~2.5 us
//! a quad): on the record-sized corpus (1.98 M quads) a cold `query` spent
//! 5.5-6.1 s and 1.07 GB loading `graph.nq` before it could answer. This file
//! is opened, not loaded: a cold query over it takes a fraction of a second
//! whatever the graph's size, and the pages it does not read are never
//! read (figures in `benches/README.md`, "Issue 19"). The evaluator is still
//! oxigraph's (spareval, through `crate::rdf::query`); this module only
//! stores quads and terms.
//!
//! # Layout (all integers little-endian)
//!
//! | bytes | what |
//! |---|---|
//! | header ([`HEADER_LEN`] bytes) | magic `UNSCIDX\0`, [`VERSION`], the counts (terms, quads, graphs), the byte length of the `graph.nq` written with it, the offsets of the sections below and of the end, a SipHash of the header |
//! | bucket offsets | one u64 per bucket of [`BUCKET`] terms and one past the last: bucket `b` (terms `16 b ..`) is the bytes `offsets[b]..offsets[b + 1]` of the term bytes |
//! | term bytes | every term once, encoded (see [`term`]), in byte order, front-coded by bucket: a bucket's first term whole (its length as LEB128, then its bytes), each next one as the length of the prefix it shares with the term before it (LEB128), the length of the rest (LEB128) and the rest. A term's number is its rank: found by a binary search of the buckets' first terms, then a scan of one bucket |
//! | graphs | per graph holding quads, ascending (the default graph, [`DEFAULT_GRAPH`], last): its number (u32) and its quad count (u64) |
//! | SPO, POS | each quad once, as three u32 term numbers in that order of positions: the quads of each graph together (in the order of the graphs section), sorted |
//!
//! Every triple pattern in a graph is one binary-searched range of one of
//! the two orders, but two: a subject and an object without the predicate
//! is the subject's range in SPO, the object checked on each record (on
//! the record-sized corpus no subject has more than 170 statements); an
//! object alone is, for
//! each predicate of the graph, the range of that predicate and object in
//! POS (the predicates are a vocabulary's hundred or so, found once per
//! opened file by jumping from run to run). A third order starting with
//! the object (OSP, in version 1) would serve just those two patterns, at a
//! fifth of the file and a sort of every quad more in `build` (measured:
//! 112.6 MB against 88.8 MB on the record-sized corpus).
//!
//! Why front-coded (version 2): the terms share long prefixes (a span's
//! IRI repeats its file's, some 80 bytes, and spans are two in five terms),
//! and a file is sorted by them anyway: on the record-sized corpus the
//! terms and their offsets took 41.1 MB whole and take 10.6 MB so. Reading
//! a term decodes at most a bucket's 16; a look-up compares the buckets'
//! first terms, which are stored whole, as the plain layout compared every
//! term.
//!
//! The graph is not stored per quad: nearly every quad is in the default
//! graph (the vocabulary, a thousand quads, is the one named graph), and
//! a fourth number would add a fifth to the file (measured: 136 MB instead
//! of 113 MB on the record-sized corpus). Grouping the quads by graph also
//! gives the graph-first order for free.
//!
//! Opening checks the header (magic, version, checksum) and that the
//! sections fit the file and the counts, so that a truncated file or one of
//! another kind is refused at once, with the file and the reason. The
//! sections are not read at open (that is the point), so every read is
//! bounds-checked: a term number out of range, offsets that do not fit or
//! bytes that do not decode give an error naming the file when they are
//! read, never a panic or a read past the map. (A flip that leaves valid
//! numbers gives wrong answers, not an error: `build` rewrites the file.)
//!
//! Written by [`write::IndexWriter`] from the statements the dumps write,
//! read by [`read::QuadIndex`]. The same quads give the same bytes.

mod order;
pub mod read;
pub mod term;
pub mod write;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use read::{Order, QuadIndex, Quads};
pub use write::{IndexPart, IndexStats, IndexWriter};

/// The file's first bytes.
pub const MAGIC: [u8; 8] = *b"UNSCIDX\0";

/// The layout's version: a file of another version is refused (run `build`
/// again).
pub const VERSION: u32 = 2;

/// The header's length in bytes.
pub const HEADER_LEN: usize = 8 + 4 + 4 + 8 * 4 + 8 * SECTIONS + 8;

/// The number of section offsets in the header: term offsets, term bytes,
/// graphs, SPO, POS, and the end of the file.
const SECTIONS: usize = 6;

/// The terms of a bucket of the term bytes: the first whole, the others
/// front-coded against the one before.
pub const BUCKET: u64 = 16;

/// The number of buckets of `terms` terms.
fn buckets(terms: u64) -> u64 {
    terms.div_ceil(BUCKET)
}

/// The bytes of a quad in a sort order: three u32 numbers.
const RECORD: usize = 12;

/// The bytes of an entry of the graphs section: a u32 number, a u64 count.
const GRAPH_ENTRY: usize = 12;

/// The number that stands for the default graph in a quad's graph
/// position.
pub const DEFAULT_GRAPH: u32 = u32::MAX;

/// The most terms a file can number: the numbers past them are the default
/// graph and, while a query runs, the terms it makes.
pub const MAX_TERMS: u64 = (u32::MAX / 2) as u64;

/// The name of the index in the folder `build` writes.
pub const FILE_NAME: &str = "graph.idx";

/// Why an index could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file could not be opened or mapped.
    #[error("{path}: cannot {what}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Opening or mapping.
        what: &'static str,
        /// The system's error.
        source: std::io::Error,
    },
    /// The file is not an index this version reads, or is damaged.
    #[error("{path}: {reason}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The index could not be written: too many terms for 32-bit numbers.
    #[error("the graph has {0} distinct terms, past the {MAX_TERMS} an index numbers")]
    TooManyTerms(u64),
}

/// Where each section starts, from the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sections {
    term_offsets: usize,
    term_bytes: usize,
    graphs: usize,
    orders: [usize; 2],
    end: usize,
}

impl Sections {
    /// The layout of a file with these counts and `bytes` bytes of terms.
    fn layout(terms: u64, term_bytes: u64, graphs: u64, quads: u64) -> Option<Sections> {
        let mut at = HEADER_LEN as u64;
        let mut next = |len: u64| -> Option<usize> {
            let start = at;
            at = at.checked_add(len)?;
            usize::try_from(start).ok()
        };
        let term_offsets = next(buckets(terms).checked_add(1)?.checked_mul(8)?)?;
        let term_bytes = next(term_bytes)?;
        let graphs = next(graphs.checked_mul(GRAPH_ENTRY as u64)?)?;
        let quad_bytes = quads.checked_mul(RECORD as u64)?;
        let orders = [next(quad_bytes)?, next(quad_bytes)?];
        let end = usize::try_from(at).ok()?;
        Some(Sections {
            term_offsets,
            term_bytes,
            graphs,
            orders,
            end,
        })
    }

    fn offsets(&self) -> [u64; SECTIONS] {
        [
            self.term_offsets as u64,
            self.term_bytes as u64,
            self.graphs as u64,
            self.orders[0] as u64,
            self.orders[1] as u64,
            self.end as u64,
        ]
    }
}

/// The header's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Header {
    terms: u64,
    quads: u64,
    graphs: u64,
    /// The byte length of `graph.nq` as written with the index, or
    /// `u64::MAX` when none was.
    dump_len: u64,
    sections: Sections,
}

/// The checksum of the header's bytes before it.
fn checksum(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0x756e_7363_2d69_6478, 1);
    h.write(bytes);
    h.finish()
}

impl Header {
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let mut w = 0;
        let mut put = |b: &[u8]| {
            out[w..w + b.len()].copy_from_slice(b);
            w += b.len();
        };
        put(&MAGIC);
        put(&VERSION.to_le_bytes());
        put(&0u32.to_le_bytes());
        for n in [self.terms, self.quads, self.graphs, self.dump_len] {
            put(&n.to_le_bytes());
        }
        for n in self.sections.offsets() {
            put(&n.to_le_bytes());
        }
        let sum = checksum(&out[..HEADER_LEN - 8]);
        out[HEADER_LEN - 8..].copy_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads and checks the header of a file of `bytes`; the reason when it
    /// is refused.
    fn decode(bytes: &[u8]) -> Result<Header, String> {
        let head = bytes.get(..HEADER_LEN).ok_or_else(|| {
            format!(
                "truncated: {} bytes, shorter than the {HEADER_LEN}-byte header",
                bytes.len()
            )
        })?;
        if head[..8] != MAGIC {
            return Err("not an unsc-kg quad index (wrong magic bytes)".into());
        }
        let u64_at = |i: usize| -> u64 {
            let mut b = [0u8; 8];
            b.copy_from_slice(&head[i..i + 8]);
            u64::from_le_bytes(b)
        };
        let mut v = [0u8; 4];
        v.copy_from_slice(&head[8..12]);
        let version = u32::from_le_bytes(v);
        if version != VERSION {
            return Err(format!(
                "format version {version}, this unsc-kg reads version {VERSION}: run `unsc-kg build` again"
            ));
        }
        if checksum(&head[..HEADER_LEN - 8]) != u64_at(HEADER_LEN - 8) {
            return Err("the header's checksum does not match: the file is damaged".into());
        }
        let (terms, quads, graphs, dump_len) = (u64_at(16), u64_at(24), u64_at(32), u64_at(40));
        if terms > MAX_TERMS {
            return Err(format!(
                "{terms} terms, past the {MAX_TERMS} an index numbers"
            ));
        }
        let stored: Vec<u64> = (0..SECTIONS).map(|k| u64_at(48 + 8 * k)).collect();
        // The term bytes' length is what lies between their offset and the
        // next section's.
        let term_bytes = stored[2]
            .checked_sub(stored[1])
            .ok_or("the sections are out of order")?;
        let sections = Sections::layout(terms, term_bytes, graphs, quads)
            .ok_or("the sections do not fit in memory")?;
        if sections.offsets()[..] != stored[..] {
            return Err("the sections do not match the counts: the file is damaged".into());
        }
        if bytes.len() != sections.end {
            return Err(format!(
                "truncated or extended: {} bytes, the header says {}",
                bytes.len(),
                sections.end
            ));
        }
        Ok(Header {
            terms,
            quads,
            graphs,
            dump_len,
            sections,
        })
    }
}

#[cfg(test)]
mod header_tests {
    use super::*;

    #[test]
    fn header_round_trips_and_refuses_damage() {
        let sections = Sections::layout(3, 20, 1, 5).expect("layout");
        let h = Header {
            terms: 3,
            quads: 5,
            graphs: 1,
            dump_len: 77,
            sections,
        };
        let mut file = h.encode().to_vec();
        file.resize(sections.end, 0);
        assert_eq!(Header::decode(&file), Ok(h));
        let short = &file[..file.len() - 1];
        assert!(Header::decode(short).unwrap_err().contains("truncated"));
        let mut flipped = file.clone();
        flipped[20] ^= 1;
        assert!(Header::decode(&flipped).unwrap_err().contains("checksum"));
        let mut other = file.clone();
        other[8] = 9;
        assert!(Header::decode(&other).unwrap_err().contains("version 9"));
        assert!(
            Header::decode(b"UNSCIDX")
                .unwrap_err()
                .contains("truncated")
        );
    }
}
