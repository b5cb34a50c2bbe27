//! Word evidence for repairing PDF text: the document's own vocabulary, an
//! English word list, and the decision whether two fragments are one word.
//!
//! Words are compared case-insensitively through a 64-bit key of their
//! lower-case form, so neither the per-document vocabulary nor the word list
//! stores or allocates strings on the hot path. Two different words share a
//! key with a probability of about 2^-64 per pair: far below anything a
//! heuristic like word repair could notice.

use std::collections::HashSet;
use std::sync::LazyLock;

/// The key of a lower-cased word.
pub(crate) type WordKey = u64;

/// Hasher for maps keyed by [`WordKey`]: the key is already a good hash.
#[derive(Clone, Copy, Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used for keys; fold anything else in.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

type BuildKey = std::hash::BuildHasherDefault<KeyHasher>;

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
const SPLAT20: u64 = 0x2020_2020_2020_2020;

/// One FxHash step over eight bytes.
#[inline(always)]
fn step(h: u64, w: u64) -> u64 {
    (h.rotate_left(5) ^ w).wrapping_mul(K)
}

/// fmix64 (MurmurHash3): every bit of the key depends on every input bit.
#[inline(always)]
fn finish(mut h: u64) -> WordKey {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
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
    finish(h)
}

/// The key of `src[start..end]`, a run of ASCII letters, lower-cased by
/// setting bit 5 of each byte (the same key as [`key`] gives).
#[inline]
pub(crate) fn ascii_letters_key(src: &[u8], start: usize, end: usize) -> WordKey {
    let mut h = (end - start) as u64;
    let mut i = start;
    while i + 8 <= end {
        let w = u64::from_le_bytes(src[i..i + 8].try_into().expect("8 bytes"));
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
        };
        h = step(h, (w | SPLAT20) & mask);
    }
    finish(h)
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
/// very long one.
#[cold]
pub(crate) fn slow_key(parts: &[&[u8]]) -> WordKey {
    let mut s = String::new();
    for p in parts {
        s.push_str(&String::from_utf8_lossy(p).to_lowercase());
    }
    hash_lower(s.as_bytes())
}

/// How often each lower-cased word occurs in the document: an
/// open-addressing table of keys and counts side by side (linear probing,
/// at most half full). The keys are already well mixed, so their low bits
/// pick the slot.
#[derive(Default)]
pub(crate) struct Vocab {
    /// (key, count); key 0 marks an empty slot (a key of 0 is stored as 1).
    slots: Vec<(WordKey, u32)>,
    len: usize,
}

impl Vocab {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Vocab {
            slots: vec![(0, 0); (2 * n).next_power_of_two().max(16)],
            len: 0,
        }
    }

    /// The slot of `k`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, k: WordKey) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = k as usize & mask;
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

    pub(crate) fn count(&self, k: WordKey) -> u32 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[self.slot(k.max(1))].1
    }

    /// Whether `k` is a word: it recurs in the document or is in the list.
    pub(crate) fn is_word(&self, k: WordKey) -> bool {
        self.count(k) > 1 || WORDS.contains(&k)
    }
}

/// English words, lower case (SCOWL, American and British spellings).
static WORDS: LazyLock<HashSet<WordKey, BuildKey>> = LazyLock::new(|| {
    let list = include_str!("../../ontology/words-en.txt");
    let mut set = HashSet::with_capacity_and_hasher(list.len() / 8, BuildKey::default());
    set.extend(list.lines().map(|w| key(&[w.as_bytes()])));
    set
});

/// Whether `k` is in the English word list.
pub(crate) fn in_word_list(k: WordKey) -> bool {
    WORDS.contains(&k)
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
    if w.is_empty() || w.len() > 3 {
        return false;
    }
    let v = pack(w);
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
    WORDS.contains(&joined) || vocab.count(joined) >= 1
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
                key(&[&text[a..b]]),
                "{a}..{b}"
            );
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
