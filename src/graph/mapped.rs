//! The saved graph (`graph.bin`) read in place: the file is memory-mapped
//! and a question reads only the records it visits (the id it looks up, the
//! rows of the nodes it walks, the nodes and edges it prints), so answering
//! costs what the answer costs, not what decoding the whole graph costs.
//!
//! Why this layout and not `rkyv`: the graph commands need only fixed-width
//! records, offsets and a string table, which `u32::from_le_bytes` over a
//! bounds-checked slice reads without `unsafe`, alignment rules or a
//! validation pass over the whole archive (`rkyv`'s `check_archived_root`
//! walks everything, which is the cost this module avoids). The writer is
//! [`super::store::write`].
//!
//! Layout (every integer little-endian; positions are those of the decoded
//! graph's nodes and edges):
//!
//! ```text
//! header, 256 bytes:
//!   magic b"UNSCKG\x04\n" (the 4 is the format version), block size u32
//!   (4096), pool count u32, then 15 sections as (offset u64, length u64),
//!   each starting where the previous ends, the first at 256
//! sections:
//!   STR_OFF   u64 per string + 1: where each string starts in HEAP
//!   HEAP      the strings' UTF-8 bytes; strings [0, pool) are the edges'
//!             pool (Sym i is string i), [pool, pool + nodes) the node ids
//!   NODES     80 bytes a node: kind u8, in_corpus u8, has evidence u8, 0,
//!             string ids (u32, u32::MAX for none) of id, label, class,
//!             date, symbol, doc, agenda; first alias u32, alias count u32;
//!             evidence file, text, rule (string ids), 0 u32; evidence
//!             start u64, end u64; pagerank f64
//!   ALIASES   string id u32 per alias
//!   EDGES     56 bytes an edge: source u32, target u32, kind u32,
//!             relation, pinpoint, paragraph (string ids or u32::MAX),
//!             weight u32, file, text, rule (string ids), start u64, end u64
//!   INDEX     open addressing by SipHash-1-3 of the id: u32 slots holding
//!             node + 1 (0 empty), a power of two at least twice the nodes
//!   P_OUT_OFF, P_OUT, P_IN_OFF, P_IN: the paths layer (what `chain`,
//!             `cites` and `cited-by` walk) as compressed rows: u32 offsets
//!             per node + 1, hops of 12 bytes (neighbour, edge, reversed)
//!   C_OUT_OFF, C_OUT, C_IN_OFF, C_IN: the citation layer, alike
//!   RANKED    the documents by PageRank, highest first, ties by id (u32)
//! trailer: SipHash-1-3 of each 4096-byte block of the file before it
//!   (u64 each), then the hash of that table (u64), then b"UNSCKG\x04\n"
//! ```
//!
//! Every read is bounds-checked and every block it touches is checked
//! against its hash once (the check is remembered), so a truncated, cut or
//! bit-flipped file gives an error naming the file, never a panic or a
//! wrong answer read from the damaged block.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use siphasher::sip::SipHasher13;

use super::analysis::Layer;
use super::read::{Adjacency, EdgeView, GraphRead, Hops, NodeView};
use super::{EdgeKind, NodeKind};
use crate::error::Error;

/// The first bytes of a saved graph; byte 6 is the format version.
pub(crate) const MAGIC: &[u8; 8] = b"UNSCKG\x04\n";
/// The bytes the checksums cover at a time.
pub(crate) const BLOCK: usize = 4096;
/// The header's size.
pub(crate) const HEADER: usize = 256;
/// A string id for "none".
pub(crate) const NONE: u32 = u32::MAX;
/// A node record's size.
pub(crate) const NODE: usize = 80;
/// An edge record's size.
pub(crate) const EDGE: usize = 56;
/// A hop's size in a row.
pub(crate) const HOP: usize = 12;

/// The sections, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub(crate) enum Sec {
    StrOff,
    Heap,
    Nodes,
    Aliases,
    Edges,
    Index,
    POutOff,
    POut,
    PInOff,
    PIn,
    COutOff,
    COut,
    CInOff,
    CIn,
    Ranked,
}

/// Number of sections.
pub(crate) const SECTIONS: usize = 15;

/// The rows of a layer: (out offsets, out hops, in offsets, in hops).
pub(crate) fn layer_sections(layer: Layer) -> [Sec; 4] {
    match layer {
        Layer::Paths => [Sec::POutOff, Sec::POut, Sec::PInOff, Sec::PIn],
        Layer::Citations => [Sec::COutOff, Sec::COut, Sec::CInOff, Sec::CIn],
    }
}

/// The hash of a block (and of the block table): SipHash-1-3 with fixed
/// keys (not a defence against a forger, who can recompute it; the reader
/// checks every value it uses as well).
pub fn block_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = SipHasher13::new_with_keys(0x756e_7363_2d6b_6742, 0x6c6f_636b_7321_0004);
    h.write(bytes);
    h.finish()
}

/// Recomputes the block hashes, the table's hash and the end mark of a
/// saved graph held in memory, after the data its header places (nothing
/// when the header cannot say where the data ends, or the bytes are too
/// short for the table). For tests and fuzzing: damage whose checksums
/// agree, so that what is behind them is exercised.
pub fn reseal(bytes: &mut [u8]) {
    if bytes.len() < HEADER {
        return;
    }
    let data = u64_at(bytes, 16 + 16 * (SECTIONS - 1))
        .checked_add(u64_at(bytes, 24 + 16 * (SECTIONS - 1)))
        .and_then(|d| usize::try_from(d).ok())
        .filter(|&d| d >= HEADER);
    let Some(data) = data else { return };
    let blocks = data.div_ceil(BLOCK);
    let Some(end) = blocks
        .checked_mul(8)
        .and_then(|t| t.checked_add(data)?.checked_add(16))
        .filter(|&e| e <= bytes.len())
    else {
        return;
    };
    for b in 0..blocks {
        let h = block_hash(&bytes[b * BLOCK..((b + 1) * BLOCK).min(data)]);
        bytes[data + 8 * b..data + 8 * b + 8].copy_from_slice(&h.to_le_bytes());
    }
    let h = block_hash(&bytes[data..data + 8 * blocks]);
    bytes[data + 8 * blocks..data + 8 * blocks + 8].copy_from_slice(&h.to_le_bytes());
    bytes[end - 8..end].copy_from_slice(MAGIC);
}

/// The hash that places an id in [`Sec::Index`]: fixed keys, so the file
/// reads the same whatever version of a hash crate built it.
pub(crate) fn id_hash(id: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = SipHasher13::new_with_keys(0x756e_7363_2d6b_6749, 0x6e64_6578_2100_0004);
    h.write(id.as_bytes());
    h.finish()
}

/// The trailer's length for `data` bytes of header and sections.
pub(crate) fn trailer_len(data: u64) -> u64 {
    data.div_ceil(BLOCK as u64) * 8 + 16
}

/// Where a section is.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    at: usize,
    len: usize,
}

/// The file's bytes: mapped, or borrowed (decoding bytes in memory).
enum Bytes<'a> {
    Mapped(memmap2::Mmap),
    Borrowed(&'a [u8]),
}

/// A saved graph, read in place.
pub struct SavedGraph<'a> {
    path: PathBuf,
    bytes: Bytes<'a>,
    sections: [Span; SECTIONS],
    pool: u32,
    strings: u32,
    nodes: u32,
    edges: u32,
    /// Where the block hashes start.
    table: usize,
    /// One bit per block: checked already.
    checked: Vec<AtomicU64>,
}

impl std::fmt::Debug for SavedGraph<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedGraph")
            .field("path", &self.path)
            .field("nodes", &self.nodes)
            .field("edges", &self.edges)
            .finish()
    }
}

/// A little-endian `u32` at `i` of a slice known to hold it.
fn u32_at(b: &[u8], i: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[i..i + 4]);
    u32::from_le_bytes(w)
}

/// A little-endian `u64` at `i` of a slice known to hold it.
fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

impl SavedGraph<'static> {
    /// Maps a saved graph and checks its header, section table and block
    /// table (nothing else is read until asked).
    pub fn open(path: &Path) -> Result<SavedGraph<'static>, Error> {
        let err = |reason: String| Error::GraphFile {
            path: path.to_path_buf(),
            reason,
        };
        let file = std::fs::File::open(path).map_err(|e| err(format!("cannot read: {e}")))?;
        // SAFETY: the map is read only; a file changed under it by another
        // process can give wrong bytes, which the block hashes catch, but no
        // undefined behaviour in this code, which reads it as bytes.
        let map =
            unsafe { memmap2::Mmap::map(&file) }.map_err(|e| err(format!("cannot map: {e}")))?;
        SavedGraph::from_bytes(path, Bytes::Mapped(map)).map_err(err)
    }
}

impl<'a> SavedGraph<'a> {
    /// Reads a saved graph held in memory (what [`super::store::decode`] uses).
    pub fn in_memory(bytes: &'a [u8]) -> Result<SavedGraph<'a>, String> {
        SavedGraph::from_bytes(Path::new(""), Bytes::Borrowed(bytes))
    }

    fn from_bytes(path: &Path, bytes: Bytes<'a>) -> Result<SavedGraph<'a>, String> {
        let b: &[u8] = match &bytes {
            Bytes::Mapped(m) => m,
            Bytes::Borrowed(b) => b,
        };
        if b.len() < 8 || &b[..6] != b"UNSCKG" {
            return Err("not a unsc-kg graph file (run `unsc-kg build` to write one)".into());
        }
        if &b[..8] != MAGIC {
            return Err(format!(
                "a graph file of format {}, this unsc-kg reads format {}: run `unsc-kg build` again",
                b[6], MAGIC[6]
            ));
        }
        if b.len() < HEADER {
            return Err(format!(
                "truncated: {} bytes, less than its header",
                b.len()
            ));
        }
        if u32_at(b, 8) as usize != BLOCK {
            return Err(format!("unknown block size {}", u32_at(b, 8)));
        }
        let pool = u32_at(b, 12);
        let mut sections = [Span::default(); SECTIONS];
        let mut end = HEADER as u64;
        for (i, s) in sections.iter_mut().enumerate() {
            let (at, len) = (u64_at(b, 16 + 16 * i), u64_at(b, 24 + 16 * i));
            if at != end {
                return Err(format!("section {i} starts at {at}, not at {end}"));
            }
            end = at
                .checked_add(len)
                .filter(|&e| e <= b.len() as u64)
                .ok_or_else(|| {
                    format!(
                        "truncated: section {i} ends past the file's {} bytes",
                        b.len()
                    )
                })?;
            *s = Span {
                at: at as usize,
                len: len as usize,
            };
        }
        let want = end + trailer_len(end);
        if b.len() as u64 != want {
            return Err(format!(
                "truncated or extended: {} bytes where the header says {want}",
                b.len()
            ));
        }
        let data = end as usize;
        let blocks = data.div_ceil(BLOCK);
        let table = &b[data..data + 8 * blocks];
        if block_hash(table) != u64_at(b, data + 8 * blocks) || &b[b.len() - 8..] != MAGIC {
            return Err("its block table is damaged".into());
        }
        let len = |s: Sec| sections[s as usize].len;
        let count = |bytes: usize, size: usize, what: &str| -> Result<u32, String> {
            if !bytes.is_multiple_of(size) {
                return Err(format!("the {what} section is not whole records"));
            }
            u32::try_from(bytes / size).map_err(|_| format!("too many {what}"))
        };
        let strings = count(len(Sec::StrOff), 8, "string")?
            .checked_sub(1)
            .ok_or("no string table")?;
        let nodes = count(len(Sec::Nodes), NODE, "node")?;
        let edges = count(len(Sec::Edges), EDGE, "edge")?;
        count(len(Sec::Aliases), 4, "alias")?;
        count(len(Sec::Ranked), 4, "ranked")?;
        let slots = count(len(Sec::Index), 4, "index")?;
        if pool > strings || nodes > strings - pool || !slots.is_power_of_two() || slots / 2 < nodes
        {
            return Err("its counts disagree".into());
        }
        for layer in [Layer::Paths, Layer::Citations] {
            let [oo, o, io, i] = layer_sections(layer);
            for (off, hops) in [(oo, o), (io, i)] {
                if len(off) != 4 * (nodes as usize + 1) {
                    return Err(format!("row offsets of {off:?} are not one per node"));
                }
                count(len(hops), HOP, "hop")?;
            }
        }
        let graph = SavedGraph {
            path: path.to_path_buf(),
            bytes,
            sections,
            pool,
            strings,
            nodes,
            edges,
            table: data,
            checked: (0..blocks.div_ceil(64))
                .map(|_| AtomicU64::new(0))
                .collect(),
        };
        // The header's own block.
        graph.range(0, HEADER)?;
        Ok(graph)
    }

    fn all(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Mapped(m) => m,
            Bytes::Borrowed(b) => b,
        }
    }

    /// The bytes `[at, at + len)` of the file, each block they touch
    /// checked against its hash (once).
    fn range(&self, at: usize, len: usize) -> Result<&[u8], String> {
        let all = self.all();
        let end = at
            .checked_add(len)
            .filter(|&e| e <= self.table)
            .ok_or_else(|| format!("a read at byte {at} passes the end of the data"))?;
        let first = at / BLOCK;
        let last = if len == 0 { first } else { (end - 1) / BLOCK };
        for blk in first..=last.min(self.table.saturating_sub(1) / BLOCK) {
            let (word, bit) = (&self.checked[blk / 64], 1u64 << (blk % 64));
            if word.load(Ordering::Relaxed) & bit != 0 {
                continue;
            }
            let bytes = &all[blk * BLOCK..((blk + 1) * BLOCK).min(self.table)];
            if block_hash(bytes) != u64_at(all, self.table + 8 * blk) {
                return Err(format!(
                    "damaged: bytes {}-{} do not match their checksum",
                    blk * BLOCK,
                    blk * BLOCK + bytes.len()
                ));
            }
            word.fetch_or(bit, Ordering::Relaxed);
        }
        Ok(&all[at..end])
    }

    /// `len` bytes at `at` of a section.
    fn read(&self, s: Sec, at: usize, len: usize) -> Result<&[u8], String> {
        let span = self.sections[s as usize];
        if at.checked_add(len).is_none_or(|e| e > span.len) {
            return Err(format!("a read past the end of section {s:?}"));
        }
        self.range(span.at + at, len)
    }

    /// Checks every block at once (what decoding does).
    pub fn check_all(&self) -> Result<(), String> {
        self.range(0, self.table).map(|_| ())
    }

    /// Number of strings in the edges' pool.
    pub fn pool_len(&self) -> u32 {
        self.pool
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.edges as usize
    }

    /// A string of the table.
    pub fn string(&self, id: u32) -> Result<&str, String> {
        if id >= self.strings {
            return Err(format!("string {id} of {}", self.strings));
        }
        let o = self.read(Sec::StrOff, 8 * id as usize, 16)?;
        let (a, b) = (u64_at(o, 0), u64_at(o, 8));
        if a > b {
            return Err(format!("string {id} ends before it starts"));
        }
        let raw = self.read(Sec::Heap, a as usize, (b - a) as usize)?;
        std::str::from_utf8(raw).map_err(|e| format!("string {id}: {e}"))
    }

    fn opt(&self, id: u32) -> Result<Option<&str>, String> {
        match id {
            NONE => Ok(None),
            id => self.string(id).map(Some),
        }
    }

    fn record(&self, n: u32) -> Result<&[u8], String> {
        if n >= self.nodes {
            return Err(format!("node {n} of {}", self.nodes));
        }
        self.read(Sec::Nodes, NODE * n as usize, NODE)
    }

    /// A node with its evidence (what decoding needs beyond [`NodeView`]):
    /// the view, the doc and agenda, and (file, start, end, text, rule).
    #[allow(clippy::type_complexity)]
    pub fn node_full(
        &self,
        n: u32,
    ) -> Result<
        (
            NodeView<'_>,
            Option<&str>,
            Option<&str>,
            Option<(&str, u64, u64, &str, &str)>,
        ),
        String,
    > {
        let r = self.record(n)?;
        let view = self.view_of(r)?;
        let ev = match r[2] {
            0 => None,
            _ => Some((
                self.string(u32_at(r, 40))?,
                u64_at(r, 56),
                u64_at(r, 64),
                self.string(u32_at(r, 44))?,
                self.string(u32_at(r, 48))?,
            )),
        };
        Ok((view, self.opt(u32_at(r, 24))?, self.opt(u32_at(r, 28))?, ev))
    }

    fn view_of(&self, r: &[u8]) -> Result<NodeView<'_>, String> {
        let kind = NodeKind::from_code(r[0]).ok_or_else(|| format!("bad node kind {}", r[0]))?;
        let (first, count) = (u32_at(r, 32) as usize, u32_at(r, 36) as usize);
        let ids = self.read(Sec::Aliases, 4 * first, 4 * count)?;
        let aliases = ids
            .chunks_exact(4)
            .map(|c| self.string(u32_at(c, 0)))
            .collect::<Result<_, _>>()?;
        Ok(NodeView {
            kind,
            id: self.string(u32_at(r, 4))?,
            label: self.string(u32_at(r, 8))?,
            class: self.string(u32_at(r, 12))?,
            date: self.opt(u32_at(r, 16))?,
            symbol: self.opt(u32_at(r, 20))?,
            in_corpus: r[1] != 0,
            aliases,
            pagerank: f64::from_le_bytes(r[72..80].try_into().map_err(|_| "short record")?),
        })
    }

    /// An edge's ends and fields, its optional strings as pool symbols.
    pub fn edge_raw(&self, e: u32) -> Result<(u32, u32, [u32; 8], u64, u64), String> {
        if e >= self.edges {
            return Err(format!("edge {e} of {}", self.edges));
        }
        let r = self.read(Sec::Edges, EDGE * e as usize, EDGE)?;
        let (s, t) = (u32_at(r, 0), u32_at(r, 4));
        if s >= self.nodes || t >= self.nodes {
            return Err(format!("edge {e} points outside {} nodes", self.nodes));
        }
        let mut f = [0u32; 8];
        for (i, w) in f.iter_mut().enumerate() {
            *w = u32_at(r, 8 + 4 * i);
        }
        for &sym in &[f[1], f[2], f[3], f[5], f[6], f[7]] {
            if sym != NONE && sym >= self.pool {
                return Err(format!("edge {e} names string {sym} outside the pool"));
            }
        }
        for &sym in &[f[5], f[6], f[7]] {
            if sym == NONE {
                return Err(format!("edge {e} lacks its evidence"));
            }
        }
        Ok((s, t, f, u64_at(r, 40), u64_at(r, 48)))
    }

    fn err(&self, reason: String) -> Error {
        Error::GraphFile {
            path: self.path.clone(),
            reason,
        }
    }

    fn row(&self, layer: Layer, out: bool, n: u32) -> Result<Hops<'_>, String> {
        let [oo, o, io, i] = layer_sections(layer);
        let (off, hops) = if out { (oo, o) } else { (io, i) };
        if n >= self.nodes {
            return Err(format!("node {n} of {}", self.nodes));
        }
        let w = self.read(off, 4 * n as usize, 8)?;
        let (a, b) = (u32_at(w, 0) as usize, u32_at(w, 4) as usize);
        if a > b {
            return Err(format!("row {n} of {off:?} ends before it starts"));
        }
        let rest = self.read(hops, HOP * a, HOP * (b - a))?;
        for h in rest.chunks_exact(HOP) {
            if u32_at(h, 0) >= self.nodes || u32_at(h, 4) >= self.edges || u32_at(h, 8) > 1 {
                return Err(format!(
                    "row {n} of {hops:?} names a node or edge that is not there"
                ));
            }
        }
        Ok(Hops::Saved { node: n, out, rest })
    }
}

/// A layer of a saved graph.
#[derive(Clone, Copy, Debug)]
pub struct SavedLayer<'g, 'a> {
    graph: &'g SavedGraph<'a>,
    layer: Layer,
}

impl Adjacency for SavedLayer<'_, '_> {
    type Error = Error;

    fn positions(&self) -> usize {
        self.graph.nodes as usize
    }

    fn hops_out(&self, n: u32) -> Result<Hops<'_>, Error> {
        self.graph
            .row(self.layer, true, n)
            .map_err(|e| self.graph.err(e))
    }

    fn hops_in(&self, n: u32) -> Result<Hops<'_>, Error> {
        self.graph
            .row(self.layer, false, n)
            .map_err(|e| self.graph.err(e))
    }
}

impl<'a> GraphRead for SavedGraph<'a> {
    type Error = Error;
    type View<'g>
        = SavedLayer<'g, 'a>
    where
        Self: 'g;

    fn node_count(&self) -> usize {
        self.nodes as usize
    }

    fn find_id(&self, id: &str) -> Result<Option<u32>, Error> {
        let slots = self.sections[Sec::Index as usize].len / 4;
        let mask = slots - 1;
        let mut i = id_hash(id) as usize & mask;
        for _ in 0..slots {
            let v = u32_at(self.read(Sec::Index, 4 * i, 4).map_err(|e| self.err(e))?, 0);
            if v == 0 {
                return Ok(None);
            }
            let n = v - 1;
            let r = self.record(n).map_err(|e| self.err(e))?;
            if self.string(u32_at(r, 4)).map_err(|e| self.err(e))? == id {
                return Ok(Some(n));
            }
            i = (i + 1) & mask;
        }
        Ok(None)
    }

    fn node(&self, n: u32) -> Result<NodeView<'_>, Error> {
        let r = self.record(n).map_err(|e| self.err(e))?;
        self.view_of(r).map_err(|e| self.err(e))
    }

    fn node_kind(&self, n: u32) -> Result<NodeKind, Error> {
        let r = self.record(n).map_err(|e| self.err(e))?;
        NodeKind::from_code(r[0]).ok_or_else(|| self.err(format!("bad node kind {}", r[0])))
    }

    fn edge(&self, e: u32) -> Result<EdgeView<'_>, Error> {
        let (_, _, f, start, end) = self.edge_raw(e).map_err(|x| self.err(x))?;
        let s = |id: u32| self.string(id).map_err(|x| self.err(x));
        let o = |id: u32| self.opt(id).map_err(|x| self.err(x));
        let kind = u8::try_from(f[0])
            .ok()
            .and_then(EdgeKind::from_code)
            .ok_or_else(|| self.err(format!("bad edge kind {}", f[0])))?;
        Ok(EdgeView {
            kind,
            relation: o(f[1])?,
            pinpoint: o(f[2])?,
            paragraph: o(f[3])?,
            weight: f[4],
            file: s(f[5])?,
            text: s(f[6])?,
            rule: s(f[7])?,
            start,
            end,
        })
    }

    fn layer(&self, layer: Layer) -> Result<SavedLayer<'_, 'a>, Error> {
        Ok(SavedLayer { graph: self, layer })
    }

    fn by_pagerank(&self) -> Result<Vec<u32>, Error> {
        let len = self.sections[Sec::Ranked as usize].len;
        let raw = self.read(Sec::Ranked, 0, len).map_err(|e| self.err(e))?;
        raw.chunks_exact(4)
            .map(|c| u32_at(c, 0))
            .map(|n| {
                if n < self.nodes {
                    Ok(n)
                } else {
                    Err(self.err(format!("ranked node {n} of {}", self.nodes)))
                }
            })
            .collect()
    }
}
