//! Word evidence for repairing PDF text: the document's own vocabulary, an
//! English word list, and the decision whether two fragments are one word.
//!
//! Words are compared case-insensitively through a 64-bit key of their
//! lower-case form, so neither the per-document vocabulary nor the word list
//! stores or allocates strings on the hot path. Two different words share a
//! key with a probability of about 2^-64 per pair: far below anything a
//! heuristic like word repair could notice.
//!
//! The key is a multiply chain over eight bytes a step (FxHash). Its last
//! step is a multiplication by an odd constant, which mixes every input bit
//! into the high bits of the key: the tables below pick a word's slot from
//! those high bits, so the key needs no finishing mix.

use crate::bytes::{HI, splat};
use std::sync::LazyLock;

/// The key of a lower-cased word.
pub(crate) type WordKey = u64;

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
const SPLAT20: u64 = splat(0x20);

/// One FxHash step over eight bytes.
#[inline(always)]
fn step(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(K)
}

/// The key of bytes already in lower case: eight bytes a step, the last
/// step padded with zeros, the length mixed in.
fn hash_lower(bytes: &[u8]) -> WordKey {
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = step(h, u64::from_le_bytes(c.try_into().expect("8 bytes")));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = step(h, u64::from_le_bytes(buf));
    }
    h
}

/// The key of `src[start..end]`, a run of letters (ASCII letters or
/// non-ASCII bytes), lower-cased by setting bit 5 of each byte (the same
/// key as [`key`] gives); `None` when the run has a non-ASCII byte (then
/// [`slow_key`] folds its case).
#[inline(always)]
pub(crate) fn ascii_letters_key(src: &[u8], start: usize, end: usize) -> Option<WordKey> {
    let mut h = (end - start) as u64;
    let mut high = 0;
    let mut i = start;
    while i + 8 <= end {
        let w = u64::from_le_bytes(src[i..i + 8].try_into().expect("8 bytes"));
        high |= w;
        h = step(h, w | SPLAT20);
        i += 8;
    }
    if i < end {
        let n = end - i;
        let mask = u64::MAX >> (8 * (8 - n));
        let w = if i + 8 <= src.len() {
            u64::from_le_bytes(src[i..i + 8].try_into().expect("8 bytes"))
        } else {
            let mut buf = [0u8; 8];
            buf[..n].copy_from_slice(&src[i..end]);
            u64::from_le_bytes(buf)
        } & mask;
        high |= w;
        h = step(h, (w | SPLAT20) & mask);
    }
    (high & HI == 0).then_some(h)
}

/// The key of a word of `n < 8` ASCII letters held in the low `n` bytes of
/// `w` (the higher bytes zero): the same key as [`key`] gives.
#[inline(always)]
pub(crate) fn short_ascii_key(n: usize, w: u64) -> WordKey {
    let mask = (1u64 << (8 * n)) - 1;
    step(n as u64, (w | SPLAT20) & mask)
}

/// Longest word folded on the stack; longer ones take the slow path.
const STACK: usize = 64;

/// The key of the concatenation of `parts`, lower-cased.
pub(crate) fn key(parts: &[&[u8]]) -> WordKey {
    let mut buf = [0u8; STACK];
    let mut n = 0;
    for p in parts {
        if n + p.len() > STACK || !p.is_ascii() {
            return slow_key(parts);
        }
        for (d, c) in buf[n..n + p.len()].iter_mut().zip(p.iter()) {
            *d = c.to_ascii_lowercase();
        }
        n += p.len();
    }
    hash_lower(&buf[..n])
}

/// The key of a word with non-ASCII letters (Unicode lower case), or of a
/// very long one: each part lower-cased as `str::to_lowercase` does, folded
/// on the stack one character at a time.
pub(crate) fn slow_key(parts: &[&[u8]]) -> WordKey {
    let mut buf = [0u8; STACK];
    let mut n = 0;
    for p in parts {
        let Ok(s) = std::str::from_utf8(p) else {
            return lossy_key(parts);
        };
        for c in s.chars() {
            // A capital sigma lower-cases by its context.
            if c == 'Σ' {
                return lossy_key(parts);
            }
            for l in c.to_lowercase() {
                if n + 4 > STACK {
                    return lossy_key(parts);
                }
                n += l.encode_utf8(&mut buf[n..]).len();
            }
        }
    }
    hash_lower(&buf[..n])
}

/// [`slow_key`] through owned strings: for invalid UTF-8, a capital sigma,
/// or a very long word.
#[cold]
fn lossy_key(parts: &[&[u8]]) -> WordKey {
    let mut s = String::new();
    for p in parts {
        s.push_str(&String::from_utf8_lossy(p).to_lowercase());
    }
    hash_lower(s.as_bytes())
}

/// The slot count and shift of a table for `n` keys, at most half full.
fn table_size(n: usize) -> (usize, u32) {
    let len = (2 * n).next_power_of_two().max(16);
    (len, 64 - len.trailing_zeros())
}

/// How often each lower-cased word occurs in the document: an
/// open-addressing table of keys and counts side by side (linear probing,
/// at most half full). The high bits of a key pick its slot.
#[derive(Default)]
pub(crate) struct Vocab {
    /// (key, count); key 0 marks an empty slot (a key of 0 is stored as 1).
    slots: Vec<(WordKey, u32)>,
    /// 64 minus log2 of the slot count.
    shift: u32,
    len: usize,
}

impl Vocab {
    pub(crate) fn with_capacity(n: usize) -> Self {
        let (len, shift) = table_size(n);
        Vocab {
            slots: vec![(0, 0); len],
            shift,
            len: 0,
        }
    }

    /// The slot of `k`, or the empty slot where it would go.
    #[inline(always)]
    fn slot(&self, k: WordKey) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (k >> self.shift) as usize;
        while self.slots[i].0 != k && self.slots[i].0 != 0 {
            i = (i + 1) & mask;
        }
        i
    }

    /// Counts one occurrence of the word with key `k`.
    #[inline]
    pub(crate) fn add(&mut self, k: WordKey) {
        if self.slots.is_empty() {
            *self = Vocab::with_capacity(16);
        }
        let k = k.max(1);
        let i = self.slot(k);
        let slot = &mut self.slots[i];
        slot.1 += 1;
        if slot.0 == 0 {
            slot.0 = k;
            self.len += 1;
            if 2 * self.len > self.slots.len() {
                self.grow();
            }
        }
    }

    fn grow(&mut self) {
        let mut bigger = Vocab::with_capacity(self.slots.len());
        for &(k, n) in self.slots.iter().filter(|s| s.0 != 0) {
            let i = bigger.slot(k);
            bigger.slots[i] = (k, n);
            bigger.len += 1;
        }
        *self = bigger;
    }

    #[inline]
    pub(crate) fn count(&self, k: WordKey) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[self.slot(k.max(1))].1
    }

    /// Whether `k` is a word: it recurs in the document or is in the list.
    pub(crate) fn is_word(&self, k: WordKey) -> bool {
        self.count(k) > 1 || in_word_list(k)
    }
}

/// A set of word keys, built once: open addressing as in [`Vocab`], keys
/// only.
struct KeySet {
    /// Key 0 marks an empty slot (a key of 0 is stored as 1).
    slots: Vec<WordKey>,
    shift: u32,
}

impl KeySet {
    fn new(keys: impl ExactSizeIterator<Item = WordKey>) -> KeySet {
        let (len, shift) = table_size(keys.len());
        let mut set = KeySet {
            slots: vec![0; len],
            shift,
        };
        for k in keys {
            let i = set.slot(k.max(1));
            set.slots[i] = k.max(1);
        }
        set
    }

    #[inline(always)]
    fn slot(&self, k: WordKey) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (k >> self.shift) as usize;
        while self.slots[i] != k && self.slots[i] != 0 {
            i = (i + 1) & mask;
        }
        i
    }

    #[inline]
    fn contains(&self, k: WordKey) -> bool {
        let k = k.max(1);
        self.slots[self.slot(k)] == k
    }
}

/// English words, lower case (SCOWL, American and British spellings).
static WORDS: LazyLock<KeySet> = LazyLock::new(|| {
    let list = include_str!("../../ontology/words-en.txt");
    let words: Vec<&str> = list.lines().collect();
    KeySet::new(words.iter().map(|w| key(&[w.as_bytes()])))
});

/// Whether `k` is in the English word list.
pub(crate) fn in_word_list(k: WordKey) -> bool {
    WORDS.contains(k)
}

/// Small words that stand on their own; a fragment equal to one of these
/// (in any case) is never glued to its neighbour.
const FUNCTION_WORDS: [&str; 49] = [
    "a", "an", "as", "at", "be", "by", "de", "do", "en", "et", "he", "if", "in", "is", "it", "la",
    "le", "me", "my", "no", "of", "on", "or", "so", "to", "un", "up", "us", "we", "all", "and",
    "any", "are", "but", "can", "des", "for", "has", "her", "his", "its", "les", "may", "not",
    "our", "the", "une", "was", "who",
];

/// Up to three bytes as one number (big-endian), lower-cased.
const fn pack(w: &[u8]) -> u32 {
    let mut v = 0u32;
    let mut i = 0;
    while i < w.len() {
        v = (v << 8) | w[i].to_ascii_lowercase() as u32;
        i += 1;
    }
    v
}

/// A perfect hash of the packed [`FUNCTION_WORDS`] into 128 slots: the
/// multiplier was searched for so that no two words share a slot (the
/// table is built at compile time; a collision fails the build).
const SLOT_MUL: u32 = 0x52bc_fb91;

const fn slot(packed: u32) -> usize {
    (packed.wrapping_mul(SLOT_MUL) >> 25) as usize
}

static FUNCTION_WORD_SLOTS: [u32; 128] = {
    let mut t = [0u32; 128];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let v = pack(FUNCTION_WORDS[i].as_bytes());
        assert!(t[slot(v)] == 0, "function word slots collide");
        t[slot(v)] = v;
        i += 1;
    }
    t
};

/// Whether `w` is one of [`FUNCTION_WORDS`], in any case.
pub(crate) fn is_function_word(w: &[u8]) -> bool {
    let low = |c: u8| u32::from(c.to_ascii_lowercase());
    let v = match *w {
        [a] => low(a),
        [a, b] => (low(a) << 8) | low(b),
        [a, b, c] => (low(a) << 16) | (low(b) << 8) | low(c),
        _ => return false,
    };
    FUNCTION_WORD_SLOTS[slot(v)] == v
}

/// Two fragments are one word split by a stray space ("displac ed",
/// "protec ting") when the joined word is a word (in the word list, or
/// elsewhere in the document) and one of the fragments is not (neither in the
/// word list nor recurring in the document).
pub(crate) fn should_glue(before: &str, after: &str, vocab: &Vocab) -> bool {
    if before.is_empty() || after.is_empty() || before.len().min(after.len()) > 4 {
        return false;
    }
    if !after.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    let (b, a) = (before.as_bytes(), after.as_bytes());
    if is_function_word(b) || is_function_word(a) {
        return false;
    }
    glue_keys(b, a, key(&[b]), key(&[a]), vocab)
}

/// The vocabulary half of [`should_glue`], for fragments whose keys are
/// known and which passed its lexical tests.
pub(crate) fn glue_keys(b: &[u8], a: &[u8], kb: WordKey, ka: WordKey, vocab: &Vocab) -> bool {
    // The document's own counts first: most words recur; the word list is
    // only asked about the rest.
    if vocab.is_word(kb) && vocab.is_word(ka) {
        return false;
    }
    if b.len() + a.len() < 5 {
        return false;
    }
    let joined = key(&[b, a]);
    in_word_list(joined) || vocab.count(joined) >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_concatenate() {
        assert_eq!(key(&[b"Displaced"]), key(&[b"displaced"]));
        assert_eq!(key(&[b"displac", b"ed"]), key(&[b"displaced"]));
        assert_ne!(key(&[b"displace"]), key(&[b"displaced"]));
        assert_eq!(key(&["SÉCURITÉ".as_bytes()]), key(&["sécurité".as_bytes()]));
        let long = "a".repeat(100);
        assert_eq!(
            key(&[long.as_bytes()]),
            key(&[long.to_uppercase().as_bytes()])
        );
        // The scanner's key of a run of letters inside a text is the same,
        // at any length and position (also at the very end of the text).
        let text = b"xx Displaced PERSONS internationally-recognized ab";
        for (a, b) in [(3, 12), (13, 20), (21, 36), (37, 47), (48, 50)] {
            assert_eq!(
                ascii_letters_key(text, a, b),
                Some(key(&[&text[a..b]])),
                "{a}..{b}"
            );
        }
        // A run with a non-ASCII byte is left to the Unicode fold.
        let text = "la sécurité internationale".as_bytes();
        assert_eq!(ascii_letters_key(text, 3, 13), None);
        assert_eq!(ascii_letters_key(text, 14, 27), Some(key(&[&text[14..27]])));
    }

    /// The stack fold gives the key of `str::to_lowercase` (also where a
    /// character lower-cases to several, and for a capital sigma, which
    /// lower-cases by its context).
    #[test]
    fn unicode_keys_match_str_lowercase() {
        let words = [
            "Sécurité",
            "ÉTATS",
            "İstanbul",
            "ΟΔΥΣΣΕΥΣ",
            "Straße",
            "STRAẞE",
            "Ǆemal",
            "Côte",
            "d’Ivoire",
        ];
        for w in words {
            let expected = hash_lower(w.to_lowercase().as_bytes());
            assert_eq!(slow_key(&[w.as_bytes()]), expected, "{w}");
            assert_eq!(key(&[w.as_bytes()]), expected, "{w}");
        }
        assert_eq!(
            key(&["Sécu".as_bytes(), "RITÉ".as_bytes()]),
            key(&["sécurité".as_bytes()])
        );
    }

    #[test]
    fn word_list_lookup_folds_case() {
        for w in ["security", "Council", "DISPLACED", "a"] {
            assert!(in_word_list(key(&[w.as_bytes()])), "{w}");
        }
        for w in ["displac", "xqzvw", ""] {
            assert!(!in_word_list(key(&[w.as_bytes()])), "{w}");
        }
    }

    #[test]
    fn function_words_in_any_case() {
        for w in FUNCTION_WORDS {
            assert!(is_function_word(w.as_bytes()), "{w}");
            assert!(is_function_word(w.to_uppercase().as_bytes()), "{w}");
        }
        for w in ["", "th", "thee", "ofs", "é", "dé", "x"] {
            assert!(!is_function_word(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn glue_needs_a_non_word_fragment_and_a_word_result() {
        let mut v = Vocab::default();
        for w in "persons displaced by the conflict displaced persons".split(' ') {
            v.add(key(&[w.as_bytes()]));
        }
        assert!(should_glue("displac", "ed", &v));
        assert!(should_glue("protec", "ting", &v));
        // Both fragments are words.
        assert!(!should_glue("the", "rein", &v));
        assert!(!should_glue("sea", "son", &v));
        // Function words never glue; capitals start a new word.
        assert!(!should_glue("of", "ficial", &v));
        assert!(!should_glue("protec", "Ting", &v));
        // Neither fragment short.
        assert!(!should_glue("displa", "cement", &v));
    }

    #[test]
    fn vocabulary_counts_survive_growth() {
        let mut v = Vocab::with_capacity(1);
        for n in 0..5000u64 {
            for _ in 0..=(n % 3) {
                v.add(key(&[n.to_string().as_bytes()]));
            }
        }
        for n in 0..5000u64 {
            assert_eq!(
                v.count(key(&[n.to_string().as_bytes()])),
                (n % 3 + 1) as u32
            );
        }
        assert_eq!(v.count(key(&[b"absent"])), 0);
        assert_eq!(Vocab::default().count(1), 0);
    }
}
