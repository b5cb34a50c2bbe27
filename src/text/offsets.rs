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
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    norm_len: usize,
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
            last.norm_len += len as u32;
            last.src_len += len as u32;
            self.norm_len += len;
            return;
        }
        self.segs.push(Seg {
            norm: self.norm_len as u32,
            src: src.start as u32,
            norm_len: len as u32,
            src_len: len as u32,
            copy: true,
        });
        self.norm_len += len;
    }

    /// Records that the next `norm_len` normalized bytes replace `src`.
    pub fn replace(&mut self, src: std::ops::Range<usize>, norm_len: usize) {
        if norm_len == 0 {
            return;
        }
        self.segs.push(Seg {
            norm: self.norm_len as u32,
            src: src.start as u32,
            norm_len: norm_len as u32,
            src_len: (src.end - src.start) as u32,
            copy: false,
        });
        self.norm_len += norm_len;
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
        ((pos as u32) < s.norm + s.norm_len).then_some(s)
    }

    /// The source offset where the normalized byte at `pos` starts.
    pub fn src_start(&self, pos: usize) -> usize {
        match self.find(pos) {
            Some(s) if s.copy => (s.src + (pos as u32 - s.norm)) as usize,
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
            Some(s) if s.copy => (s.src + (pos as u32 - s.norm)) as usize,
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
}
