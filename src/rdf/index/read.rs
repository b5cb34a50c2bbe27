//! Reading the index in place: the file mapped, its header checked, terms
//! found by binary search and decoded on demand, the quads of a pattern a
//! binary-searched range of one sort order. Every read is bounds-checked
//! (see the module above for what is checked when).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use oxigraph::model::{Term, TermRef};

use super::{BUCKET, DEFAULT_GRAPH, GRAPH_ENTRY, Header, IndexError, RECORD, term};

/// The file's bytes: mapped, or in memory (tests, fuzzing).
enum Bytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(m) => m,
            Bytes::Owned(v) => v,
        }
    }
}

/// A sort order of the quads: the positions of (subject, predicate,
/// object) in its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Subject, predicate, object.
    Spo,
    /// Predicate, object, subject.
    Pos,
}

impl Order {
    fn section(self) -> usize {
        match self {
            Order::Spo => 0,
            Order::Pos => 1,
        }
    }

    /// A triple (s, p, o) as this order's record.
    pub fn from_spo(self, [s, p, o]: [u32; 3]) -> [u32; 3] {
        match self {
            Order::Spo => [s, p, o],
            Order::Pos => [p, o, s],
        }
    }

    /// A record of this order as a triple (s, p, o).
    pub fn to_spo(self, r: [u32; 3]) -> [u32; 3] {
        match self {
            Order::Spo => r,
            Order::Pos => [r[2], r[0], r[1]],
        }
    }

    /// The order a triple pattern (s, p, o) is read in, and how many of
    /// its records' first positions the pattern binds: those are one
    /// binary-searched range. The two patterns no order starts with (see
    /// the module above) are read as: a subject and an object, the
    /// subject's range in SPO (the object is checked on each record); an
    /// object alone, a range of POS per predicate ([`QuadIndex::quads`]).
    pub fn for_pattern(p: &[Option<u32>; 3]) -> (Order, usize) {
        match (p[0].is_some(), p[1].is_some(), p[2].is_some()) {
            (true, true, true) => (Order::Spo, 3),
            (true, true, false) => (Order::Spo, 2),
            (true, false, _) => (Order::Spo, 1),
            (false, true, true) => (Order::Pos, 2),
            (false, true, false) => (Order::Pos, 1),
            (false, false, true) => (Order::Pos, 2),
            (false, false, false) => (Order::Spo, 0),
        }
    }
}

/// The quads of one graph: where they are in each order.
#[derive(Clone, Copy, Debug)]
struct Segment {
    graph: u32,
    start: u64,
    end: u64,
}

/// A quad index opened for reading. Cheap to share between threads behind
/// an [`Arc`]: nothing in it changes.
pub struct QuadIndex {
    bytes: Bytes,
    path: PathBuf,
    pub(super) header: Header,
    /// The graphs section, read at open (a handful of entries).
    segments: Vec<Segment>,
    /// Each segment's predicates and their runs of POS records, found the
    /// first time a pattern binds only the object.
    predicates: std::sync::OnceLock<Vec<Vec<PredicateRun>>>,
}

/// A predicate's records in a segment of POS: (predicate, first, end).
type PredicateRun = (u32, u64, u64);

impl QuadIndex {
    /// Maps and opens the index at `path`: the header, the sections'
    /// extents and the graphs section are checked, nothing else is read.
    pub fn open(path: &Path) -> Result<QuadIndex, IndexError> {
        let io = |what, source| IndexError::Io {
            path: path.to_path_buf(),
            what,
            source,
        };
        let file = std::fs::File::open(path).map_err(|e| io("open", e))?;
        // SAFETY: the map is read-only. Its bytes change under us only if
        // another process writes the file in place; `build` never does (it
        // writes a temporary file and renames it over the old one, which
        // stays intact for our map). Even then every read below is
        // bounds-checked against the map's length, fixed at mapping.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| io("map", e))?;
        QuadIndex::with(Bytes::Mapped(map), path.to_path_buf())
    }

    /// Opens an index held in memory; `name` names it in errors.
    pub fn from_bytes(bytes: Vec<u8>, name: impl Into<PathBuf>) -> Result<QuadIndex, IndexError> {
        QuadIndex::with(Bytes::Owned(bytes), name.into())
    }

    fn with(bytes: Bytes, path: PathBuf) -> Result<QuadIndex, IndexError> {
        let header = Header::decode(&bytes).map_err(|reason| IndexError::Corrupt {
            path: path.clone(),
            reason,
        })?;
        let mut index = QuadIndex {
            bytes,
            path,
            header,
            segments: Vec::new(),
            predicates: std::sync::OnceLock::new(),
        };
        index.segments = index.read_segments()?;
        Ok(index)
    }

    /// Reads the graphs section: graphs ascending, their counts adding up
    /// to the quads.
    fn read_segments(&self) -> Result<Vec<Segment>, IndexError> {
        let at = self.header.sections.graphs;
        let mut segments: Vec<Segment> = Vec::new();
        let mut start = 0u64;
        for i in 0..self.header.graphs as usize {
            let e = at + GRAPH_ENTRY * i;
            let (Some(graph), Some(count)) = (self.u32_at(e), self.u64_at(e + 4)) else {
                return Err(self.corrupt("the graphs section lies outside the file"));
            };
            let valid = graph < self.term_count() || graph == DEFAULT_GRAPH;
            let ascending = segments.last().is_none_or(|s| s.graph < graph);
            let end = start.checked_add(count).filter(|&e| e <= self.header.quads);
            let Some(end) = end.filter(|_| valid && ascending) else {
                return Err(self.corrupt("the graphs section is damaged"));
            };
            segments.push(Segment { graph, start, end });
            start = end;
        }
        if start != self.header.quads {
            return Err(self.corrupt("the graphs' quads do not add up to the quads"));
        }
        Ok(segments)
    }

    /// The file the index was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The number of quads.
    pub fn len(&self) -> u64 {
        self.header.quads
    }

    /// Whether the index holds no quad.
    pub fn is_empty(&self) -> bool {
        self.header.quads == 0
    }

    /// The number of terms: they are numbered `0..term_count()`.
    pub fn term_count(&self) -> u32 {
        self.header.terms as u32
    }

    /// The byte length of the `graph.nq` written with the index, if one
    /// was: an index stands for a dump of that length only.
    pub fn dump_len(&self) -> Option<u64> {
        (self.header.dump_len != u64::MAX).then_some(self.header.dump_len)
    }

    fn corrupt(&self, reason: impl Into<String>) -> IndexError {
        IndexError::Corrupt {
            path: self.path.clone(),
            reason: reason.into(),
        }
    }

    fn u64_at(&self, at: usize) -> Option<u64> {
        let b = self.bytes.get(at..at.checked_add(8)?)?;
        Some(u64::from_le_bytes(b.try_into().ok()?))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    /// The number of buckets of terms.
    fn bucket_count(&self) -> u32 {
        self.term_count().div_ceil(BUCKET as u32)
    }

    /// The bytes of bucket `b` (see the module above).
    fn bucket(&self, b: u32) -> Result<&[u8], IndexError> {
        let s = &self.header.sections;
        let at = s.term_offsets + 8 * b as usize;
        let range = self.u64_at(at).zip(self.u64_at(at + 8));
        let area = (s.graphs - s.term_bytes) as u64;
        match range {
            Some((start, end)) if b < self.bucket_count() && start <= end && end <= area => self
                .bytes
                .get(s.term_bytes + start as usize..s.term_bytes + end as usize)
                .ok_or_else(|| self.corrupt("a term lies outside the file")),
            _ => Err(self.corrupt(format!(
                "the offsets of the terms' bucket {b} do not fit the term bytes: the file is damaged"
            ))),
        }
    }

    /// The first term of bucket `b`, as stored (whole).
    fn first_term(&self, b: u32) -> Result<&[u8], IndexError> {
        term::read_prefixed(self.bucket(b)?)
            .map(|(first, _)| first)
            .ok_or_else(|| self.damaged_bucket(b))
    }

    fn damaged_bucket(&self, b: u32) -> IndexError {
        self.corrupt(format!("the terms' bucket {b} is damaged"))
    }

    /// Decodes the terms of bucket `b` in order, giving each (its place in
    /// the bucket, its bytes) to `f` until `f` breaks with a value.
    fn scan_bucket<T>(
        &self,
        b: u32,
        mut f: impl FnMut(u32, &[u8]) -> std::ops::ControlFlow<T>,
    ) -> Result<Option<T>, IndexError> {
        let mut rest = self.bucket(b)?;
        let count = (self.term_count() - b * BUCKET as u32).min(BUCKET as u32);
        let mut term: Vec<u8> = Vec::new();
        for i in 0..count {
            // The length shared with the term before (none for the first),
            // then the rest with its length.
            let shared = if i == 0 {
                0
            } else {
                let (shared, after) = term::read_leb128(rest)
                    .filter(|&(n, _)| n <= term.len())
                    .ok_or_else(|| self.damaged_bucket(b))?;
                rest = after;
                shared
            };
            let (tail, after) = term::read_prefixed(rest).ok_or_else(|| self.damaged_bucket(b))?;
            term.truncate(shared);
            term.extend_from_slice(tail);
            rest = after;
            if let std::ops::ControlFlow::Break(v) = f(i, &term) {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// Term `id`, decoded.
    pub fn term(&self, id: u32) -> Result<Term, IndexError> {
        if id >= self.term_count() {
            return Err(self.corrupt(format!(
                "term number {id} is past the {} terms: the file is damaged",
                self.term_count()
            )));
        }
        let (b, i) = (id / BUCKET as u32, id % BUCKET as u32);
        let decoded = self.scan_bucket(b, |k, bytes| {
            if k == i {
                std::ops::ControlFlow::Break(term::decode(bytes))
            } else {
                std::ops::ControlFlow::Continue(())
            }
        })?;
        match decoded {
            Some(t) => t.map_err(|r| self.corrupt(format!("term {id}: {r}: the file is damaged"))),
            None => Err(self.damaged_bucket(b)),
        }
    }

    /// The number of `t`, if the index holds it.
    pub fn lookup(&self, t: TermRef<'_>) -> Result<Option<u32>, IndexError> {
        let mut key = Vec::new();
        if term::term(t, &mut key).is_none() {
            return Ok(None);
        }
        self.lookup_encoded(&key)
    }

    /// The number of the term encoded as `key` (see [`term`]), if the index
    /// holds it: a binary search of the buckets' first terms, then a scan
    /// of the one bucket that can hold it.
    pub fn lookup_encoded(&self, key: &[u8]) -> Result<Option<u32>, IndexError> {
        // The buckets whose first term is not above the key.
        let (mut lo, mut hi) = (0u32, self.bucket_count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.first_term(mid)? <= key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let Some(b) = lo.checked_sub(1) else {
            return Ok(None);
        };
        let found = self.scan_bucket(b, |i, bytes| match bytes.cmp(key) {
            std::cmp::Ordering::Less => std::ops::ControlFlow::Continue(()),
            std::cmp::Ordering::Equal => std::ops::ControlFlow::Break(Some(b * BUCKET as u32 + i)),
            std::cmp::Ordering::Greater => std::ops::ControlFlow::Break(None),
        })?;
        Ok(found.flatten())
    }

    /// The numbers of the named graphs, ascending.
    pub fn named_graphs(&self) -> Vec<u32> {
        self.segments
            .iter()
            .map(|s| s.graph)
            .filter(|&g| g != DEFAULT_GRAPH)
            .collect()
    }

    /// Whether `graph` is a named graph holding quads.
    pub fn contains_named_graph(&self, graph: u32) -> bool {
        graph != DEFAULT_GRAPH && self.segments.iter().any(|s| s.graph == graph)
    }

    /// Record `i` of `order`, if there is one.
    fn record(&self, order: Order, i: u64) -> Option<[u32; 3]> {
        let at = self.header.sections.orders[order.section()]
            .checked_add(usize::try_from(i).ok()?.checked_mul(RECORD)?)?;
        let b = self.bytes.get(at..at.checked_add(RECORD)?)?;
        let n = |k: usize| u32::from_le_bytes([b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3]]);
        Some([n(0), n(1), n(2)])
    }

    /// The first record of `order` in `lo..hi` whose first `k` numbers are
    /// not below (`after`: are above) those of `prefix`.
    fn bound(
        &self,
        order: Order,
        (mut lo, mut hi): (u64, u64),
        prefix: &[u32; 3],
        k: usize,
        after: bool,
    ) -> u64 {
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // Records inside the section always read (checked at open).
            let below = self.record(order, mid).is_some_and(|r| {
                let ord = r[..k].cmp(&prefix[..k]);
                ord.is_lt() || (after && ord.is_eq())
            });
            if below {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The runs of each predicate in each segment of POS: from a run's
    /// first record, the end of its predicate's records is one binary
    /// search, and the next run starts there.
    fn predicate_runs(&self) -> &[Vec<PredicateRun>] {
        self.predicates.get_or_init(|| {
            self.segments
                .iter()
                .map(|s| {
                    let mut runs = Vec::new();
                    let mut at = s.start;
                    while let Some(r) = (at < s.end).then(|| self.record(Order::Pos, at)).flatten()
                    {
                        // At least one record further, even in a damaged
                        // file whose records are out of order.
                        let end = self
                            .bound(Order::Pos, (at, s.end), &[r[0], 0, 0], 1, true)
                            .max(at + 1);
                        runs.push((r[0], at, end));
                        at = end;
                    }
                    runs
                })
                .collect()
        })
    }

    /// The quads matching a pattern of term numbers (subject, predicate,
    /// object, graph; `None` for any, [`DEFAULT_GRAPH`] for the default
    /// graph), as (s, p, o, g) numbers: graph by graph, each in the sort
    /// order the pattern picks (an object alone: predicate by predicate).
    pub fn quads(self: &Arc<Self>, pattern: [Option<u32>; 4]) -> Quads {
        let triple = [pattern[0], pattern[1], pattern[2]];
        let (order, k) = Order::for_pattern(&triple);
        let object_only = triple[0].is_none() && triple[1].is_none() && triple[2].is_some();
        let runs = if object_only {
            self.predicate_runs()
        } else {
            &[]
        };
        let range = |graph: u32, within: (u64, u64), prefix: &[u32; 3]| {
            let lo = self.bound(order, within, prefix, k, false);
            let hi = self.bound(order, (lo, within.1), prefix, k, true);
            (graph, lo, hi)
        };
        let mut ranges: Vec<(u32, u64, u64)> = Vec::new();
        for (i, s) in self.segments.iter().enumerate() {
            if pattern[3].is_some_and(|g| g != s.graph) {
                continue;
            }
            if k == 0 {
                ranges.push((s.graph, s.start, s.end));
            } else if object_only {
                let o = triple[2].unwrap_or(0);
                let segment_runs = runs.get(i).map_or(&[][..], Vec::as_slice);
                for &(p, lo, hi) in segment_runs {
                    ranges.push(range(s.graph, (lo, hi), &[p, o, 0]));
                }
            } else {
                let prefix = order.from_spo(triple.map(|t| t.unwrap_or(0)));
                ranges.push(range(s.graph, (s.start, s.end), &prefix));
            }
        }
        ranges.retain(|(_, lo, hi)| lo < hi);
        ranges.reverse();
        Quads {
            index: Arc::clone(self),
            order,
            triple,
            ranges,
        }
    }
}

/// The quads of a pattern, read from the map as they are asked for.
pub struct Quads {
    index: Arc<QuadIndex>,
    order: Order,
    triple: [Option<u32>; 3],
    /// The ranges of records left, last first: (graph, next, end).
    ranges: Vec<(u32, u64, u64)>,
}

impl Quads {
    /// How many records are left to look at (an upper bound on the quads
    /// left).
    pub fn remaining(&self) -> u64 {
        self.ranges.iter().map(|(_, lo, hi)| hi - lo).sum()
    }
}

impl Iterator for Quads {
    type Item = Result<[u32; 4], IndexError>;

    fn next(&mut self) -> Option<Self::Item> {
        let terms = self.index.term_count();
        loop {
            let (graph, pos, end) = self.ranges.last_mut()?;
            if *pos >= *end {
                self.ranges.pop();
                continue;
            }
            let i = *pos;
            *pos += 1;
            let graph = *graph;
            let Some(r) = self.index.record(self.order, i) else {
                self.ranges.clear();
                return Some(Err(self.index.corrupt("a quad lies outside the file")));
            };
            let t = self.order.to_spo(r);
            if t.iter().any(|&n| n >= terms) {
                self.ranges.clear();
                return Some(Err(self.index.corrupt(format!(
                    "quad {i} names a term past the {terms} terms: the file is damaged"
                ))));
            }
            // Records past the prefix's positions still have to match.
            if self
                .triple
                .iter()
                .zip(t)
                .all(|(p, n)| p.is_none_or(|p| p == n))
            {
                return Some(Ok([t[0], t[1], t[2], graph]));
            }
        }
    }
}
