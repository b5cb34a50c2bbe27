//! Word repair: the document's vocabulary, end-of-line hyphens and words
//! split by a stray space ("displac ed"), decided on the evidence of the
//! document's own words and the English word list.

use std::borrow::Cow;
use std::ops::Range;

use super::{BlockBuild, Piece, Vocab, WordKey, words};
use crate::bytes::{HI, first_bytes, letter_bits, load8_tail};

/// The words of `bytes[range]`, appended to `out` as (start, end): the
/// maximal runs of letter bytes (see [`letter_mask`]), cut at the ends of
/// the range. Sixty-four bytes a step: a bitmap of the letters, then its
/// runs of ones.
pub(super) fn word_spans(bytes: &[u8], range: Range<usize>, out: &mut Vec<(u32, u32)>) {
    // The start of a word that runs on past the previous step.
    let mut open: Option<usize> = None;
    let mut at = range.start;
    while at < range.end {
        let mut bits = letter_bits(bytes, at, range.end);
        if let Some(s) = open {
            let ones = (!bits).trailing_zeros();
            if ones == 64 {
                at += 64;
                continue;
            }
            out.push((s as u32, (at + ones as usize) as u32));
            open = None;
            bits &= u64::MAX << ones;
        }
        while bits != 0 {
            let s = bits.trailing_zeros();
            let e = s + (!(bits >> s)).trailing_zeros();
            if e == 64 {
                open = Some(at + s as usize);
                break;
            }
            out.push(((at + s as usize) as u32, (at + e as usize) as u32));
            bits &= u64::MAX << e;
        }
        at += 64;
    }
    if let Some(s) = open {
        out.push((s as u32, range.end as u32));
    }
}

/// The key of the word `bytes[start..end]`.
#[inline(always)]
pub(super) fn word_key(bytes: &[u8], start: usize, end: usize) -> WordKey {
    let n = end - start;
    if n < 8 {
        let w = load8_tail(bytes, start) & first_bytes(n);
        if w & HI == 0 {
            return words::short_ascii_key(n, w);
        }
    } else if let Some(k) = words::ascii_letters_key(bytes, start, end) {
        return k;
    }
    words::slow_key(&[&bytes[start..end]])
}

/// Two words separated by one space inside a copied run that may be one
/// word split in two ("displac ed"): decided once the vocabulary is known.
pub(super) struct SplitCandidate {
    pub(super) block: usize,
    pub(super) piece: usize,
    /// Source offsets of the first word, the space being `before.end`.
    pub(super) before: Range<usize>,
    pub(super) after: Range<usize>,
    pub(super) kb: WordKey,
    pub(super) ka: WordKey,
}

/// The document's vocabulary (every word of its copied text) and, when
/// `candidates` is given, the single spaces that may split a word.
pub(super) fn vocabulary(
    src: &str,
    blocks: &[BlockBuild],
    mut candidates: Option<&mut Vec<SplitCandidate>>,
) -> Vocab {
    let bytes = src.as_bytes();
    let mut vocab = Vocab::with_capacity(src.len() / 32 + 16);
    let mut found = Vec::new();
    let mut keys = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        for (pi, p) in b.pieces.iter().enumerate() {
            let Piece::Copy(r) = p else { continue };
            found.clear();
            word_spans(bytes, r.clone(), &mut found);
            keys.clear();
            keys.extend(
                found
                    .iter()
                    .map(|&(s, e)| word_key(bytes, s as usize, e as usize)),
            );
            for &k in &keys {
                vocab.add(k);
            }
            let Some(cands) = candidates.as_deref_mut() else {
                continue;
            };
            for (j, w) in found.windows(2).enumerate() {
                let (p, e) = (w[0].0 as usize, w[0].1 as usize);
                let (start, end) = (w[1].0 as usize, w[1].1 as usize);
                if start == e + 1
                    && bytes[e] == b' '
                    && (e - p).min(end - start) <= 4
                    && (bytes[start].is_ascii_lowercase() || bytes[start] >= 0x80)
                    && !words::is_function_word(&bytes[p..e])
                    && !words::is_function_word(&bytes[start..end])
                {
                    cands.push(SplitCandidate {
                        block: bi,
                        piece: pi,
                        before: p..e,
                        after: start..end,
                        kb: keys[j],
                        ka: keys[j + 1],
                    });
                }
            }
        }
    }
    vocab
}

pub(super) fn resolve_hyphens(src: &str, b: &mut BlockBuild, vocab: &Vocab) {
    for i in 0..b.pieces.len() {
        if let Piece::Hyphen(_, _) = &b.pieces[i] {
            let before = word_before(src, &b.pieces[..i]);
            let after = word_after(src, &b.pieces[i + 1..]);
            let joined = words::key(&[before.as_bytes(), after.as_bytes()]);
            let keep = vocab.count(joined) == 0 && !words::in_word_list(joined);
            if let Piece::Hyphen(_, k) = &mut b.pieces[i] {
                *k = keep;
            }
        }
    }
}

/// Removes spaces that split a word in two: line joins (single spaces that
/// replace a line break) judged here, and the spaces inside copied runs
/// among `candidates` (this block's, in piece order).
pub(super) fn rejoin_split_words(
    src: &str,
    b: &mut BlockBuild,
    vocab: &Vocab,
    candidates: &[SplitCandidate],
) {
    for i in 0..b.pieces.len() {
        if !matches!(&b.pieces[i], Piece::Rep(_, " ")) {
            continue;
        }
        if !could_glue_at(src, &b.pieces, i) {
            continue;
        }
        let before = word_before(src, &b.pieces[..i]);
        let after = word_after(src, &b.pieces[i + 1..]);
        if words::should_glue(&before, &after, vocab)
            && let Piece::Rep(r, _) = &b.pieces[i]
        {
            b.pieces[i] = Piece::Rep(r.clone(), "");
        }
    }
    // Split copied runs at the glued spaces, last piece first so that the
    // candidates' piece indices stay valid.
    let bytes = src.as_bytes();
    let alphabetic = |r: &Range<usize>| {
        let w = &src[r.clone()];
        w.is_ascii() || w.chars().all(char::is_alphabetic)
    };
    let glued: Vec<&SplitCandidate> = candidates
        .iter()
        .filter(|c| {
            alphabetic(&c.before)
                && alphabetic(&c.after)
                && src[c.after.clone()].starts_with(char::is_lowercase)
                && words::glue_keys(
                    &bytes[c.before.clone()],
                    &bytes[c.after.clone()],
                    c.kb,
                    c.ka,
                    vocab,
                )
        })
        .collect();
    let mut k = glued.len();
    while k > 0 {
        let piece = glued[k - 1].piece;
        let mut j = k;
        while j > 0 && glued[j - 1].piece == piece {
            j -= 1;
        }
        let Piece::Copy(r) = b.pieces[piece].clone() else {
            unreachable!("candidates come from copied runs")
        };
        let mut replacement = Vec::with_capacity(2 * (k - j) + 1);
        let mut from = r.start;
        for c in &glued[j..k] {
            let sp = c.before.end;
            replacement.push(Piece::Copy(from..sp));
            replacement.push(Piece::Rep(sp..sp + 1, ""));
            from = sp + 1;
        }
        replacement.push(Piece::Copy(from..r.end));
        b.pieces.splice(piece..=piece, replacement);
        k = j;
    }
}

/// Cheap test before [`words::should_glue`] on the words around the
/// space `pieces[i]`, for the common case of copied text on both sides:
/// false when the word after does not start with a lower-case letter, or
/// when both words have five letters or more.
pub(super) fn could_glue_at(src: &str, pieces: &[Piece], i: usize) -> bool {
    let bytes = src.as_bytes();
    let Some(Piece::Copy(next)) = pieces.get(i + 1) else {
        return true;
    };
    let first = bytes[next.start];
    if first < 0x80 && !first.is_ascii_lowercase() {
        return false;
    }
    let long_after = next.end - next.start >= 5
        && bytes[next.start..next.start + 5]
            .iter()
            .all(u8::is_ascii_alphabetic);
    let long_before = match i.checked_sub(1).map(|k| &pieces[k]) {
        Some(Piece::Copy(prev)) => {
            prev.end - prev.start >= 5
                && bytes[prev.end - 5..prev.end]
                    .iter()
                    .all(u8::is_ascii_alphabetic)
        }
        _ => false,
    };
    !(long_after && long_before)
}

pub(super) fn piece_text<'a>(src: &'a str, p: &Piece) -> &'a str {
    match p {
        Piece::Copy(r) => &src[r.clone()],
        Piece::Rep(_, s) => s,
        Piece::Hyphen(_, true) => "-",
        Piece::Hyphen(_, false) => "",
    }
}

/// The letters that end the text of `pieces`.
pub(super) fn word_before<'a>(src: &'a str, pieces: &[Piece]) -> Cow<'a, str> {
    // Fast path: the word starts inside the last piece.
    if let Some(p) = pieces.last() {
        let t = piece_text(src, p);
        let start = t
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8());
        if let Some(start) = start {
            return Cow::Borrowed(&t[start..]);
        }
    }
    let mut out: Vec<char> = Vec::new();
    for p in pieces.iter().rev() {
        let t = piece_text(src, p);
        for c in t.chars().rev() {
            if c.is_alphabetic() {
                out.push(c);
            } else {
                out.reverse();
                return Cow::Owned(out.into_iter().collect());
            }
        }
    }
    out.reverse();
    Cow::Owned(out.into_iter().collect())
}

/// The letters that start the text of `pieces`.
pub(super) fn word_after<'a>(src: &'a str, pieces: &[Piece]) -> Cow<'a, str> {
    let word_len = |t: &str| {
        t.char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, _)| i)
    };
    // Fast path: the word ends inside the first piece.
    if let Some(p) = pieces.first() {
        let t = piece_text(src, p);
        if let Some(n) = word_len(t) {
            return Cow::Borrowed(&t[..n]);
        }
    }
    let mut out = String::new();
    for p in pieces {
        let t = piece_text(src, p);
        match word_len(t) {
            Some(n) => {
                out.push_str(&t[..n]);
                return Cow::Owned(out);
            }
            None => out.push_str(t),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytes::LETTER;

    /// The eight-byte word scan agrees with the byte table on every range,
    /// across chunk boundaries and non-ASCII letters, up to the end of the
    /// text; its keys are those of the words.
    #[test]
    fn word_scan_matches_the_byte_table() {
        let texts = [
            "Reaffirming its strong commitment to the sovereignty, unity and territorial integrity",
            "résolution 2531 (2020) de l’Assemblée générale — Côte d’Ivoire [a]_b^c\tZ@`{~",
            "aaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbb 1234567890123456789 xyz",
        ];
        for t in texts {
            let b = t.as_bytes();
            for from in 0..b.len() {
                for end in from..=b.len() {
                    let mut expected = Vec::new();
                    let mut j = from;
                    while j < end {
                        if LETTER[b[j] as usize] {
                            let s = j;
                            while j < end && LETTER[b[j] as usize] {
                                j += 1;
                            }
                            expected.push((s, j));
                        } else {
                            j += 1;
                        }
                    }
                    let mut got = Vec::new();
                    word_spans(b, from..end, &mut got);
                    let got: Vec<(usize, usize)> =
                        got.iter().map(|&(s, e)| (s as usize, e as usize)).collect();
                    for &(s, e) in &got {
                        assert_eq!(word_key(b, s, e), words::key(&[&b[s..e]]), "{t:?} {s}..{e}");
                    }
                    assert_eq!(got, expected, "{t:?} {from}..{end}");
                }
            }
        }
    }
}
