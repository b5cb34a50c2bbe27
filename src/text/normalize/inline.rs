//! Inline normalization of a line's content: Markdown emphasis, escapes and
//! links, HTML tags, superscript and caret footnote markers, runs of white
//! space. Plain runs are skipped eight bytes at a time.

use std::ops::Range;

use super::furniture::{is_space, is_superscript};
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

/// Inline normalization of one line's content.
pub(super) fn inline(src: &str, range: Range<usize>, b: &mut BlockBuild, table: bool) {
    let s = &src[range.clone()];
    let base = range.start;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut copy_from = 0;
    macro_rules! flush {
        ($to:expr) => {
            if $to > copy_from {
                b.pieces.push(Piece::Copy(base + copy_from..base + $to));
            }
        };
    }
    while i < s.len() {
        // Fastest path: eight bytes at a time while none needs a look.
        if i + 8 <= bytes.len() && plain_chunk(bytes, i) {
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
            SPACE
                if bytes
                    .get(i + 1)
                    .is_some_and(|&n| INLINE_CLASS[n as usize] == PLAIN) =>
            {
                i += 2;
                continue;
            }
            _ => {}
        }
        let c = s[i..].chars().next().expect("in bounds");
        let w = c.len_utf8();
        if is_space(c) {
            let mut j = i;
            let mut tabs = 0;
            while j < s.len() {
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
                flush!(i);
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
                copy_from = j;
            } else if j - i == 1 && c == ' ' {
                // A single plain space is copied as is.
            } else {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + j, " "));
                copy_from = j;
            }
            i = j;
            continue;
        }
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + w, ""));
                copy_from = i + w;
            }
            '\\' if i + 1 < s.len() && br"()[]*_#.-`\!<>".contains(&bytes[i + 1]) => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                copy_from = i + 1;
                i += 2;
                continue;
            }
            '*' | '_' if is_emphasis(s, i) => {
                flush!(i);
                let mut j = i;
                while j < s.len() && bytes[j] == bytes[i] {
                    j += 1;
                }
                b.pieces.push(Piece::Rep(base + i..base + j, ""));
                copy_from = j;
                i = j;
                continue;
            }
            '<' => {
                if let Some(len) = html_tag_len(&s[i..]) {
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
                if let Some((text_end, url_start, url_end, close)) = markdown_link(s, i) {
                    flush!(i);
                    b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                    let anchor_piece = b.pieces.len();
                    inline(src, base + i + 1..base + text_end, b, table);
                    b.pieces.push(Piece::Rep(base + text_end..base + close, ""));
                    b.md_links.push((
                        s[url_start..url_end].to_string(),
                        base + i..base + close,
                        anchor_piece,
                        b.pieces.len() - 1,
                    ));
                    copy_from = close;
                    i = close;
                    continue;
                }
            }
            '^' => {
                let rest = &s[i + 1..];
                let n = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                let at_boundary = rest[n..]
                    .chars()
                    .next()
                    .is_none_or(|d| !d.is_alphanumeric());
                if (1..=3).contains(&n) && at_boundary {
                    flush!(i);
                    b.refs.push((
                        rest[..n].to_string(),
                        base + i..base + i + 1 + n,
                        b.pieces.len(),
                    ));
                    b.pieces.push(Piece::Rep(base + i..base + i + 1 + n, ""));
                    copy_from = i + 1 + n;
                    i += 1 + n;
                    continue;
                }
            }
            _ if is_superscript(c).is_some() && i > 0 => {
                flush!(i);
                let mut j = i;
                let mut label = String::new();
                while j < s.len() {
                    let d = s[j..].chars().next().expect("in bounds");
                    match is_superscript(d) {
                        Some(a) => label.push(a),
                        None => break,
                    }
                    j += d.len_utf8();
                }
                b.refs.push((label, base + i..base + j, b.pieces.len()));
                b.pieces.push(Piece::Rep(base + i..base + j, ""));
                copy_from = j;
                i = j;
                continue;
            }
            _ => {}
        }
        i += w;
    }
    flush!(s.len());
}

/// Whether the `*` or `_` at `i` is Markdown emphasis (not a multiplication
/// sign or an identifier's underscore).
pub(super) fn is_emphasis(s: &str, i: usize) -> bool {
    let bytes = s.as_bytes();
    let ch = bytes[i];
    let mut j = i;
    while j < bytes.len() && bytes[j] == ch {
        j += 1;
    }
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
    let end = s.find('>')?;
    if end > 12 {
        return None;
    }
    let inner = s[1..end].trim_start_matches('/').trim();
    TAGS.contains(&inner).then_some(end + 1)
}

/// `[text](url)` starting at `i`: returns (end of text, url start, url end,
/// end of the whole link).
pub(super) fn markdown_link(s: &str, i: usize) -> Option<(usize, usize, usize, usize)> {
    let bytes = s.as_bytes();
    let mut j = i + 1;
    let mut depth = 0;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' if depth > 0 => depth -= 1,
            b']' => break,
            _ => {}
        }
        j += 1;
    }
    if j + 1 >= bytes.len() || bytes[j + 1] != b'(' {
        return None;
    }
    let text_end = j;
    let url_start = j + 2;
    let url_len = s[url_start..].find(|c: char| c == ')' || c.is_whitespace())?;
    let url_end = url_start + url_len;
    if bytes.get(url_end) != Some(&b')') {
        return None;
    }
    Some((text_end, url_start, url_end, url_end + 1))
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
