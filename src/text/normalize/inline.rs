//! Inline normalization of a line's content: Markdown emphasis, escapes and
//! links, HTML tags, superscript and caret footnote markers, runs of white
//! space. Plain runs are skipped eight bytes at a time.

use std::ops::Range;

use super::furniture::{is_space, is_superscript};
use super::mdlinks::LineLinks;
use super::{BlockBuild, Piece};
use crate::bytes::{HI, LO7, eq7, ge, load8};

pub(super) const PLAIN: u8 = 0;
pub(super) const SPACE: u8 = 1;
pub(super) const SPECIAL: u8 = 2;

/// Bytes [`inline`] must look at: white space, Markdown and HTML syntax,
/// footnote carets, and any non-ASCII byte.
pub(super) static INLINE_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' => SPACE,
            b'\t' | 0x0c | b'\\' | b'*' | b'_' | b'<' | b'[' | b'^' | 0x80..=0xff => SPECIAL,
            _ => PLAIN,
        };
        i += 1;
    }
    t
};

/// Whether none of the eight bytes at `i` needs a look from [`inline`]:
/// all are plain ASCII or single spaces (a space followed by a byte that
/// is neither white space nor non-ASCII). Computed on the eight bytes as
/// one word, with exact per-byte masks (no carries cross bytes).
#[inline(always)]
pub(super) fn plain_chunk(bytes: &[u8], i: usize) -> bool {
    let x = load8(bytes, i);
    // A non-ASCII byte always needs a look; the tests below work on the low
    // seven bits and may misjudge such a byte, which `high` flags anyway.
    let high = x & HI;
    let low = x & LO7;
    // White space and controls (< 0x21).
    let ws = !ge(low, 0x21) & HI;
    let space = eq7(low, b' ');
    // A space followed by white space or non-ASCII within the word, or in
    // its last byte with such a byte right after the word.
    let mut hot = space & ((ws | high) >> 8);
    if space >> 63 != 0 && bytes.get(i + 8).is_some_and(|&n| n <= b' ' || n >= 0x80) {
        hot |= HI;
    }
    // Everything else the table marks, and controls: `\t`, form feed,
    // `*`, `<`, and the run `[ \\ ] ^ _` (`]` only costs a slower look).
    let special =
        high | (ws & !space) | eq7(low, b'*') | eq7(low, b'<') | (ge(low, 0x5b) & !ge(low, 0x60));
    hot | special == 0
}

/// A Markdown link whose text [`inline`] is inside: where its text starts
/// and ends, where the link ends, and its URL and first piece.
pub(super) struct OpenLink {
    text_start: usize,
    text_end: usize,
    close: usize,
    url: Range<usize>,
    anchor_piece: usize,
}

/// Inline normalization of one line's content.
///
/// Linear in the line: nested links are unwrapped with an explicit stack
/// (the input controls their depth, so no recursion), link candidates come
/// from one pass ([`LineLinks`]), and every look-ahead is bounded or skips
/// what it read.
pub(super) fn inline(src: &str, range: Range<usize>, b: &mut BlockBuild, table: bool) {
    let s = &src[range.clone()];
    let base = range.start;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut copy_from = 0;
    let mut links = LineLinks::scan(s);
    // The links whose text `i` is in, innermost last; `end` and `seg_start`
    // are the bounds of the innermost text (the line when there is none).
    let mut open: Vec<OpenLink> = Vec::new();
    let mut end = s.len();
    let mut seg_start = 0;
    // The run of `*` or `_` last measured, so that a long run that is not
    // emphasis is measured once.
    let mut run = 0..0;
    macro_rules! flush {
        ($to:expr) => {
            flush(b, base, copy_from, $to)
        };
    }
    loop {
        if i >= end {
            let Some(link) = open.pop() else {
                break;
            };
            // The end of a link's text: drop the `](url)`.
            flush!(end);
            b.pieces
                .push(Piece::Rep(base + link.text_end..base + link.close, ""));
            b.md_links.push((
                s[link.url].to_string(),
                base + link.text_start - 1..base + link.close,
                link.anchor_piece,
                b.pieces.len() - 1,
            ));
            copy_from = link.close;
            i = link.close;
            (seg_start, end) = open
                .last()
                .map_or((0, s.len()), |l| (l.text_start, l.text_end));
            continue;
        }
        // Fastest path: eight bytes at a time while none needs a look.
        if i + 8 <= end && plain_chunk(bytes, i) {
            i += 8;
            continue;
        }
        // Fast path: plain ASCII that no rule touches, and single spaces
        // before such a byte.
        match INLINE_CLASS[bytes[i] as usize] {
            PLAIN => {
                i += 1;
                continue;
            }
            SPACE if i + 1 < end && INLINE_CLASS[bytes[i + 1] as usize] == PLAIN => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let c = s[i..].chars().next().expect("in bounds");
        let w = c.len_utf8();
        if is_space(c) {
            i = spaces(s, base, i..end, table, b, &mut copy_from);
            continue;
        }
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + w, ""));
                copy_from = i + w;
            }
            '\\' if i + 1 < end && br"()[]*_#.-`\!<>".contains(&bytes[i + 1]) => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                copy_from = i + 1;
                i += 2;
                continue;
            }
            '*' | '_'
                if {
                    if !(run.start <= i && i < run.end) {
                        let mut j = i;
                        while j < end && bytes[j] == bytes[i] {
                            j += 1;
                        }
                        run = i..j;
                    }
                    is_emphasis(&s[..end], i, run.end)
                } =>
            {
                flush!(i);
                let j = run.end;
                b.pieces.push(Piece::Rep(base + i..base + j, ""));
                copy_from = j;
                i = j;
                continue;
            }
            '<' => {
                if let Some(len) = html_tag_len(&s[i..end]) {
                    flush!(i);
                    let tag = &s[i..i + len];
                    let rep = if tag.starts_with("<br") { " " } else { "" };
                    b.pieces.push(Piece::Rep(base + i..base + i + len, rep));
                    copy_from = i + len;
                    i += len;
                    continue;
                }
            }
            '[' => {
                if let Some((text_end, url_start, url_end, close)) = links.at(bytes, i, end) {
                    flush!(i);
                    b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                    open.push(OpenLink {
                        text_start: i + 1,
                        text_end,
                        close,
                        url: url_start..url_end,
                        anchor_piece: b.pieces.len(),
                    });
                    (seg_start, end) = (i + 1, text_end);
                    copy_from = i + 1;
                    i += 1;
                    continue;
                }
            }
            '^' => {
                if let Some(j) = caret_mark(s, base, i..end, b, &mut copy_from) {
                    i = j;
                    continue;
                }
            }
            _ if is_superscript(c).is_some() && i > seg_start => {
                i = superscript_mark(s, base, i..end, b, &mut copy_from);
                continue;
            }
            _ => {}
        }
        i += w;
    }
    flush!(s.len());
}

/// Copies the line's bytes `copy_from..to` (relative to `base`) as they are.
#[inline(always)]
fn flush(b: &mut BlockBuild, base: usize, copy_from: usize, to: usize) {
    if to > copy_from {
        b.pieces.push(Piece::Copy(base + copy_from..base + to));
    }
}

/// The run of white space that starts at `at.start` (ending by `at.end`):
/// in a table row its tabs are kept as cell separators and the rest
/// dropped; elsewhere it becomes one space (a single plain space is copied
/// as it is). Returns where the run ends.
fn spaces(
    s: &str,
    base: usize,
    at: Range<usize>,
    table: bool,
    b: &mut BlockBuild,
    copy_from: &mut usize,
) -> usize {
    let (i, end) = (at.start, at.end);
    let mut j = i;
    let mut tabs = 0;
    while j < end {
        let d = s[j..].chars().next().expect("in bounds");
        if !is_space(d) {
            break;
        }
        if d == '\t' {
            tabs += 1;
        }
        j += d.len_utf8();
    }
    if table && tabs > 0 {
        flush(b, base, *copy_from, i);
        // Each tab separates one cell; keep them, drop other spaces.
        let mut k = i;
        while k < j {
            let d = s[k..].chars().next().expect("in bounds");
            let dl = d.len_utf8();
            if d == '\t' {
                b.pieces.push(Piece::Copy(base + k..base + k + 1));
            } else {
                b.pieces.push(Piece::Rep(base + k..base + k + dl, ""));
            }
            k += dl;
        }
        *copy_from = j;
    } else if j - i == 1 && s.as_bytes()[i] == b' ' {
        // A single plain space is copied as is.
    } else {
        flush(b, base, *copy_from, i);
        b.pieces.push(Piece::Rep(base + i..base + j, " "));
        *copy_from = j;
    }
    j
}

/// A caret footnote mark at `at.start` (`^1`, `^a`: one to three letters
/// or digits, then no more): dropped and recorded as a reference. Returns
/// where it ends, or `None` when the caret is no mark.
fn caret_mark(
    s: &str,
    base: usize,
    at: Range<usize>,
    b: &mut BlockBuild,
    copy_from: &mut usize,
) -> Option<usize> {
    let i = at.start;
    let rest = &s[i + 1..at.end];
    // At most four: a longer run is no footnote mark anyway.
    let n = rest
        .bytes()
        .take(4)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let at_boundary = rest[n..]
        .chars()
        .next()
        .is_none_or(|d| !d.is_alphanumeric());
    if !((1..=3).contains(&n) && at_boundary) {
        return None;
    }
    flush(b, base, *copy_from, i);
    b.refs.push((
        rest[..n].to_string(),
        base + i..base + i + 1 + n,
        b.pieces.len(),
    ));
    b.pieces.push(Piece::Rep(base + i..base + i + 1 + n, ""));
    *copy_from = i + 1 + n;
    Some(i + 1 + n)
}

/// A run of superscript characters at `at.start` (a footnote mark such as
/// `¹²`): dropped and recorded as a reference with its label. Returns
/// where the run ends.
fn superscript_mark(
    s: &str,
    base: usize,
    at: Range<usize>,
    b: &mut BlockBuild,
    copy_from: &mut usize,
) -> usize {
    let i = at.start;
    flush(b, base, *copy_from, i);
    let mut j = i;
    let mut label = String::new();
    while j < at.end {
        let d = s[j..].chars().next().expect("in bounds");
        match is_superscript(d) {
            Some(a) => label.push(a),
            None => break,
        }
        j += d.len_utf8();
    }
    b.refs.push((label, base + i..base + j, b.pieces.len()));
    b.pieces.push(Piece::Rep(base + i..base + j, ""));
    *copy_from = j;
    j
}

/// Whether the `*` or `_` at `i` is Markdown emphasis (not a multiplication
/// sign or an identifier's underscore); its run of the same byte ends at
/// `j`.
pub(super) fn is_emphasis(s: &str, i: usize, j: usize) -> bool {
    let ch = s.as_bytes()[i];
    let before = s[..i].chars().next_back();
    let after = s[j..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    if ch == b'_' {
        // Only `_word_` style, never inside identifiers.
        return (word(after) && !word(before)) || (word(before) && !word(after));
    }
    let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let inside_word = word(before) && word(after);
    let between_spaces = space(before) && space(after);
    !inside_word && !between_spaces
}

pub(super) fn html_tag_len(s: &str) -> Option<usize> {
    const TAGS: &[&str] = &[
        "i", "b", "em", "strong", "u", "sup", "sub", "br", "br/", "p", "span", "small",
    ];
    // The longest tag is 13 bytes: never look further (a line of `<`
    // without `>` would otherwise be read to its end at each `<`).
    let end = memchr::memchr(b'>', &s.as_bytes()[..s.len().min(13)])?;
    let inner = s[1..end].trim_start_matches('/').trim();
    TAGS.contains(&inner).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-byte test for plain runs never passes a byte the byte table
    /// marks, nor a space before white space or non-ASCII; it may leave
    /// controls to the slower look.
    #[test]
    fn plain_chunk_is_safe() {
        let text = "ab  c\td*e<f[g\\h]i^j_k é\u{a0}l m\u{c}n o\u{3000}p ~{|}@`?!\"#$%&'()+,-./0189:;=>AZaz \x7f\x01 x  ";
        let b = text.as_bytes();
        let mut plain = 0;
        for i in 0..=b.len() - 8 {
            let safe = (i..i + 8).all(|j| match INLINE_CLASS[b[j] as usize] {
                PLAIN => b[j] >= 0x21,
                SPACE => b.get(j + 1).is_none_or(|&n| n > b' ' && n < 0x80),
                _ => false,
            });
            assert_eq!(plain_chunk(b, i), safe, "{i}: {:?}", text.get(i..i + 8));
            plain += usize::from(safe);
        }
        assert!(plain > 10);
    }
}
