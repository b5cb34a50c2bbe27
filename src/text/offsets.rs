//! The offset map from the normalized analysis text back to the decoded
//! source.
//!
//! Normalization copies most bytes unchanged, replaces some runs (a line
//! break becomes a space, `\(` becomes `(`) and drops others (page headers,
//! Markdown emphasis). It may also move text: a footnote body that interrupts
//! a paragraph is emitted after the paragraph. The map is a list of segments
//! in normalized order, each either a verbatim copy (offsets correspond byte
//! for byte) or a replacement (the whole normalized run stands for the whole
//! source run). Looking a position up is a binary search.

use crate::error::OffsetOverflow;

/// One segment of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seg {
    norm: u32,
    src: u32,
    norm_len: u32,
    src_len: u32,
    copy: bool,
}

/// A map from normalized byte offsets to source byte offsets.
///
/// Offsets are kept as `u32` (a segment is 17 bytes, not 33): a text or
/// source past 4 GiB cannot be mapped. A segment that would pass that is
/// not recorded (never truncated) and the first such overflow is kept for
/// [`OffsetMap::check`]; the reader's size cap (`MAX_BYTES_CAP`, 1 GiB)
/// keeps files well under it.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    norm_len: usize,
    overflow: Option<OffsetOverflow>,
}

/// The checked `u32` form of a segment's four numbers: normalized start,
/// source start, normalized length, source length.
fn checked(
    norm: usize,
    src: usize,
    norm_len: usize,
    src_len: usize,
) -> Result<[u32; 4], OffsetOverflow> {
    let check = OffsetOverflow::check;
    // The ends are checked too: lookups add start and length as `u32`.
    check("a normalized offset", norm.saturating_add(norm_len))?;
    check("a source offset", src.saturating_add(src_len))?;
    Ok([
        check("a normalized offset", norm)?,
        check("a source offset", src)?,
        check("a normalized length", norm_len)?,
        check("a source length", src_len)?,
    ])
}

impl OffsetMap {
    /// An empty map.
    pub fn new() -> OffsetMap {
        OffsetMap::default()
    }

    /// Records that the next `src.len()` normalized bytes are a verbatim copy
    /// of `src`.
    pub fn copy(&mut self, src: std::ops::Range<usize>) {
        let len = src.end - src.start;
        if len == 0 {
            return;
        }
        if let Some(last) = self.segs.last_mut()
            && last.copy
            && (last.src + last.src_len) as usize == src.start
            && (last.norm + last.norm_len) as usize == self.norm_len
        {
            let grown = last.norm_len as usize + len;
            match checked(last.norm as usize, last.src as usize, grown, grown) {
                Ok([_, _, n, s]) => {
                    (last.norm_len, last.src_len) = (n, s);
                    self.norm_len += len;
                }
                Err(e) => {
                    // The text goes on: what follows keeps its positions.
                    self.overflow.get_or_insert(e);
                    self.norm_len += len;
                }
            }
            return;
        }
        self.push(src.start, len, len, true);
    }

    /// Records that the next `norm_len` normalized bytes replace `src`.
    pub fn replace(&mut self, src: std::ops::Range<usize>, norm_len: usize) {
        if norm_len == 0 {
            return;
        }
        self.push(src.start, norm_len, src.end - src.start, false);
    }

    /// Appends a segment, or keeps the overflow when its offsets do not fit.
    fn push(&mut self, src: usize, norm_len: usize, src_len: usize, copy: bool) {
        match checked(self.norm_len, src, norm_len, src_len) {
            Ok([norm, src, norm_len_32, src_len]) => {
                self.segs.push(Seg {
                    norm,
                    src,
                    norm_len: norm_len_32,
                    src_len,
                    copy,
                });
                self.norm_len += norm_len;
            }
            Err(e) => {
                // The text goes on: what follows keeps its positions.
                self.overflow.get_or_insert(e);
                self.norm_len += norm_len;
            }
        }
    }

    /// Whether every segment recorded fitted: the first offset past what
    /// the map addresses (4 GiB), if one came.
    pub fn check(&self) -> Result<(), OffsetOverflow> {
        self.overflow.map_or(Ok(()), Err)
    }

    /// Total normalized length covered.
    pub fn len(&self) -> usize {
        self.norm_len
    }

    /// The map of a text made in two steps: `self` maps it to an
    /// intermediate text, `outer` maps that text to the source (the
    /// normalized text of an HTML page's extracted text). Copies stay
    /// copies where both steps copy; anything else becomes a replacement
    /// of the whole source run it stands for.
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::new();
        for s in &self.segs {
            let (p, len) = (s.src as usize, s.src_len as usize);
            if !s.copy {
                let (a, b) = if len == 0 {
                    let a = outer.src_start(p);
                    (a, a)
                } else {
                    outer.src_span(p, p + len)
                };
                out.replace(a..b, s.norm_len as usize);
                continue;
            }
            let mut q = p;
            while q < p + len {
                let rest = p + len - q;
                match outer.find(q) {
                    Some(o) => {
                        let o_end = (o.norm + o.norm_len) as usize;
                        let chunk = rest.min(o_end - q);
                        if o.copy {
                            let at = (o.src as usize) + (q - o.norm as usize);
                            out.copy(at..at + chunk);
                        } else {
                            let src = o.src as usize..(o.src + o.src_len) as usize;
                            out.replace(src, chunk);
                        }
                        q += chunk;
                    }
                    None => {
                        let end = outer.src_end(outer.len());
                        out.replace(end..end, rest);
                        q += rest;
                    }
                }
            }
        }
        out
    }

    /// Whether the map covers nothing.
    pub fn is_empty(&self) -> bool {
        self.norm_len == 0
    }

    fn find(&self, pos: usize) -> Option<&Seg> {
        let i = self.segs.partition_point(|s| (s.norm as usize) <= pos);
        if i == 0 {
            return None;
        }
        let s = &self.segs[i - 1];
        (pos - (s.norm as usize) < s.norm_len as usize).then_some(s)
    }

    /// The source offset where the normalized byte at `pos` starts.
    pub fn src_start(&self, pos: usize) -> usize {
        match self.find(pos) {
            Some(s) if s.copy => s.src as usize + (pos - s.norm as usize),
            Some(s) => s.src as usize,
            None => self
                .segs
                .last()
                .map(|s| (s.src + s.src_len) as usize)
                .unwrap_or(0),
        }
    }

    /// The source offset where the normalized byte before `pos` ends
    /// (exclusive end for a span ending at `pos`).
    pub fn src_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.src_start(0);
        }
        match self.find(pos - 1) {
            Some(s) if s.copy => s.src as usize + (pos - s.norm as usize),
            Some(s) => (s.src + s.src_len) as usize,
            None => self
                .segs
                .last()
                .map(|s| (s.src + s.src_len) as usize)
                .unwrap_or(0),
        }
    }

    /// The source span of the normalized span `start..end`. When text was
    /// moved (a footnote emitted after the paragraph it interrupts), the span
    /// covers everything between the first and last source byte.
    pub fn src_span(&self, start: usize, end: usize) -> (usize, usize) {
        if end <= start {
            let s = self.src_start(start);
            return (s, s);
        }
        let a = self.src_start(start);
        let b = self.src_end(end);
        if b >= a {
            return (a, b);
        }
        // Moved text: widen to the extremes of the segments touched.
        let (mut lo, mut hi) = (usize::MAX, 0usize);
        let first = self
            .segs
            .partition_point(|s| ((s.norm + s.norm_len) as usize) <= start);
        for s in &self.segs[first..] {
            if s.norm as usize >= end {
                break;
            }
            lo = lo.min(s.src as usize);
            hi = hi.max((s.src + s.src_len) as usize);
        }
        (lo.min(a), hi.max(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_replacements_map_back() {
        // source: "ab\ncd" -> normalized "ab cd"
        let mut m = OffsetMap::new();
        m.copy(0..2);
        m.replace(2..3, 1);
        m.copy(3..5);
        assert_eq!(m.src_span(0, 5), (0, 5));
        assert_eq!(m.src_span(3, 5), (3, 5));
        assert_eq!(m.src_span(1, 3), (1, 3));
    }

    #[test]
    fn two_step_maps_compose() {
        // source "a&amp;b\r\nc" -> middle "a&b\nc" -> normalized "a&b c"
        let mut outer = OffsetMap::new();
        outer.copy(0..1);
        outer.replace(1..6, 1);
        outer.copy(6..7);
        outer.replace(7..9, 1);
        outer.copy(9..10);
        let mut inner = OffsetMap::new();
        inner.copy(0..3);
        inner.replace(3..4, 1);
        inner.copy(4..5);
        let m = inner.then(&outer);
        assert_eq!(m.len(), 5);
        assert_eq!(m.src_span(0, 1), (0, 1));
        assert_eq!(m.src_span(1, 2), (1, 6));
        assert_eq!(m.src_span(2, 3), (6, 7));
        assert_eq!(m.src_span(3, 4), (7, 9));
        assert_eq!(m.src_span(0, 5), (0, 10));
    }

    #[test]
    fn adjacent_copies_merge() {
        let mut m = OffsetMap::new();
        m.copy(0..2);
        m.copy(2..4);
        assert_eq!(m.segs.len(), 1);
    }

    /// Offsets were cast with `as u32`: a source past 4 GiB got spans that
    /// wrapped around to the start of the file. Now the segment is not
    /// recorded, the overflow is said, and the text before keeps its spans.
    #[test]
    fn source_offsets_past_u32_are_an_error_not_a_wrap() {
        let far = u32::MAX as usize + 10;
        let mut m = OffsetMap::new();
        m.copy(0..10);
        assert_eq!(m.check(), Ok(()));
        m.copy(far..far + 5);
        m.replace(far + 5..far + 9, 1);
        let e = m.check().unwrap_err();
        assert_eq!((e.what, e.value), ("a source offset", far + 5));
        assert!(e.to_string().contains("past the 4294967295"));
        assert_eq!(m.segs.len(), 1);
        assert_eq!(m.len(), 16);
        assert_eq!(m.src_span(2, 4), (2, 4));
        // A copy that grows past the limit by merging is refused too.
        let mut m = OffsetMap::new();
        let end = u32::MAX as usize - 1;
        m.copy(0..end);
        m.copy(end..end + 4);
        assert_eq!(m.check().unwrap_err().what, "a normalized offset");
        assert_eq!(m.src_start(end - 1), end - 1);
    }
}
