//! Building one block of the normalized text: source runs copied or
//! replaced, white space collapsed, link anchors and footnote markers
//! located inside the block.

use std::ops::Range;

use crate::text::BlockKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece {
    Copy(usize, usize),
    Rep(usize, usize, usize),
}

/// A block being built.
#[derive(Debug)]
pub(super) struct Cur {
    pub(super) kind: BlockKind,
    /// The element that opened it (`p`, `heading`, `num`, or "" if implicit).
    pub(super) elem: String,
    pub(super) buf: String,
    pub(super) pieces: Vec<Piece>,
    /// Pending white space and whether it is one plain space (kept as a copy).
    pub(super) pending_ws: Option<(Range<usize>, bool)>,
    pub(super) src_start: Option<usize>,
    pub(super) label: Option<String>,
    /// Stack depth at which an implicit block was opened.
    pub(super) implicit_depth: Option<usize>,
    /// Open links: href and anchor start in `buf` (set at the first character).
    pub(super) open_links: Vec<(String, Option<usize>)>,
    pub(super) links: Vec<(String, usize, usize)>,
    pub(super) refs: Vec<(String, usize, Range<usize>)>,
    /// Footnote blocks finished inside this block, emitted after it.
    pub(super) deferred: Vec<Cur>,
    pub(super) has_doc_title: bool,
    pub(super) has_doc_number: bool,
    pub(super) cells: usize,
}

impl Cur {
    pub(super) fn new(kind: BlockKind, elem: &str) -> Cur {
        Cur {
            kind,
            elem: elem.to_string(),
            buf: String::new(),
            pieces: Vec::new(),
            pending_ws: None,
            src_start: None,
            label: None,
            implicit_depth: None,
            open_links: Vec::new(),
            links: Vec::new(),
            refs: Vec::new(),
            deferred: Vec::new(),
            has_doc_title: false,
            has_doc_number: false,
            cells: 0,
        }
    }

    /// Appends `len` normalized bytes standing for `src`, first flushing a
    /// pending space.
    pub(super) fn push(&mut self, s: &str, src: Range<usize>, copy: bool) {
        if let Some((ws, plain)) = self.pending_ws.take()
            && !self.buf.is_empty()
        {
            self.buf.push(' ');
            self.pieces.push(if plain {
                Piece::Copy(ws.start, ws.end)
            } else {
                Piece::Rep(ws.start, ws.end, 1)
            });
        }
        if self.src_start.is_none() {
            self.src_start = Some(src.start);
        }
        for l in &mut self.open_links {
            if l.1.is_none() {
                l.1 = Some(self.buf.len());
            }
        }
        self.buf.push_str(s);
        if copy {
            self.pieces.push(Piece::Copy(src.start, src.end));
        } else {
            self.pieces.push(Piece::Rep(src.start, src.end, s.len()));
        }
    }

    /// Records white space (collapsed later).
    pub(super) fn space(&mut self, src: Range<usize>) {
        if self.pending_ws.is_none() {
            self.pending_ws = Some((src, false));
        }
    }

    /// Adds source text, collapsing white space runs (any Unicode white
    /// space: a no-break space between "20" and "December" is a space).
    /// Words joined by single plain spaces are copied as one run.
    pub(super) fn text(&mut self, src: &str, range: Range<usize>) {
        let bytes = src.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let (ws, w) = ws_at(src, i);
            if ws {
                let mut j = i + w;
                while j < range.end {
                    let (ws2, w2) = ws_at(src, j);
                    if !ws2 {
                        break;
                    }
                    j += w2;
                }
                if self.pending_ws.is_none() {
                    self.pending_ws = Some((i..j, &src[i..j] == " "));
                }
                i = j;
                continue;
            }
            let mut j = i;
            while j < range.end {
                let b = bytes[j];
                let plain = b > b' ' && b < 0x80;
                let single_space = b == b' ' && j + 1 < range.end && !ws_at(src, j + 1).0;
                if plain || single_space {
                    j += 1;
                } else {
                    let (ws2, w2) = ws_at(src, j);
                    if ws2 {
                        break;
                    }
                    j += w2;
                }
            }
            self.push(&src[i..j], i..j, true);
            i = j;
        }
    }
}

/// Whether the character at byte `i` is white space, and its width.
#[inline]
pub(super) fn ws_at(src: &str, i: usize) -> (bool, usize) {
    let b = src.as_bytes()[i];
    if b < 0x80 {
        return (is_ws(b), 1);
    }
    match src[i..].chars().next() {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}
