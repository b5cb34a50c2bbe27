//! A string pool: every string stored once in one buffer and named by its
//! position ([`Sym`]), so that a million edges cost no allocation each.
//!
//! The index that finds a string's symbol does not keep a second copy of
//! the string: it is an open-addressing table of symbols (with a fragment
//! of each string's hash, to skip most comparisons), and a candidate is
//! checked against the buffer itself. The strings are hashed with FxHash
//! (`rustc-hash`), which is fast on the long quotes evidence carries.

use std::hash::{BuildHasher, BuildHasherDefault, Hash};

use rustc_hash::FxHasher;

use crate::error::OffsetOverflow;

/// What overflows when the pool passes 4 GiB of strings or 4 G strings.
const POOL: &str = "the graph's strings";

/// A string stored once in a [`Pool`]: its position there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(pub u32);

/// The strings of a graph's edges, each stored once in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Pool {
    buf: String,
    spans: Vec<(u32, u32)>,
    /// The interned strings by hash (strings [`Pool::push`]ed are not in it).
    index: Index,
}

/// The FxHash of a value.
pub(crate) fn hash<T: Hash + ?Sized>(v: &T) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(v)
}

impl Pool {
    /// The string of a symbol.
    pub fn get(&self, s: Sym) -> &str {
        let (a, b) = self.spans[s.0 as usize];
        &self.buf[a as usize..b as usize]
    }

    /// Number of strings.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Stores a string (once) and returns its symbol; an error when the
    /// pool would pass what its 32-bit offsets address.
    pub fn intern(&mut self, s: &str) -> Result<Sym, OffsetOverflow> {
        let h = hash(s);
        if let Some(sym) = self.find(s, h) {
            return Ok(sym);
        }
        let sym = self.push(s)?;
        let (buf, spans) = (&self.buf, &self.spans);
        self.index.insert(h, sym.0, |v| {
            let (a, b) = spans[v as usize];
            hash(&buf[a as usize..b as usize])
        });
        Ok(sym)
    }

    /// The symbol of a string interned before, if any.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.find(s, hash(s))
    }

    /// Appends a string without looking for an equal one (loading); the
    /// string is not indexed, so [`Pool::intern`] may store it again. The
    /// string's end and the number of strings (plus one: the index keeps
    /// symbols plus one) must fit in a `u32`, else nothing is stored and
    /// the error says so.
    pub(crate) fn push(&mut self, s: &str) -> Result<Sym, OffsetOverflow> {
        let a = OffsetOverflow::check(POOL, self.buf.len())?;
        let b = OffsetOverflow::check(POOL, self.buf.len().saturating_add(s.len()))?;
        let sym = self.spans.len();
        OffsetOverflow::check("the graph's string count", sym.saturating_add(1))?;
        self.buf.push_str(s);
        self.spans.push((a, b));
        Ok(Sym(sym as u32))
    }

    fn find(&self, s: &str, h: u64) -> Option<Sym> {
        self.index.find(h, |v| self.get(Sym(v)) == s).map(Sym)
    }
}

/// A hash index of `u32` values (positions) whose keys live elsewhere: in
/// a buffer, a vector. Open addressing with linear probing; each slot holds
/// the high half of the key's hash (to skip most comparisons) and the value
/// plus one (0 for a free slot): 8 bytes per slot, at most 7/8 full.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl Index {
    /// The value whose key has hash `h` and for which `is` holds.
    pub(crate) fn find(&self, h: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let tag = (h >> 32) as u32;
        let mut i = h as usize & mask;
        loop {
            let (t, v) = self.slots[i];
            if v == 0 {
                return None;
            }
            if t == tag && is(v - 1) {
                return Some(v - 1);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds a value whose key (of hash `h`) is not in the index yet;
    /// `hash_of` gives the hash of the key of a value in the index (to
    /// grow the table).
    pub(crate) fn insert(&mut self, h: u64, v: u32, hash_of: impl Fn(u32) -> u64) {
        if (self.len + 1) * 8 > self.slots.len() * 7 {
            let len = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); len]);
            for (_, o) in old.into_iter().filter(|&(_, o)| o != 0) {
                self.place(hash_of(o - 1), o - 1);
            }
        }
        self.place(h, v);
        self.len += 1;
    }

    /// Puts a value in its first free slot (there is one: the table is
    /// never full).
    fn place(&mut self, h: u64, v: u32) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = ((h >> 32) as u32, v + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_and_finds_again() {
        let mut p = Pool::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let syms: Vec<Sym> = words.iter().map(|w| p.intern(w).unwrap()).collect();
        assert_eq!(p.len(), 300);
        for (w, s) in words.iter().zip(&syms) {
            assert_eq!(p.get(*s), w);
            assert_eq!(p.lookup(w), Some(*s));
        }
        assert_eq!(p.lookup("absent"), None);
        assert_eq!(p.intern(""), p.intern(""));
    }

    /// Offsets into the pool were cast with `as u32`: past 4 GiB of strings
    /// they wrapped and symbols named the wrong strings.
    #[test]
    fn pool_offsets_past_u32_are_an_error_not_a_wrap() {
        let end = u32::MAX as usize;
        assert_eq!(OffsetOverflow::check(POOL, end), Ok(u32::MAX));
        let e = OffsetOverflow::check(POOL, end + 1).unwrap_err();
        assert_eq!((e.what, e.value), (POOL, end + 1));
        assert!(
            e.to_string()
                .contains("the graph's strings reaches 4294967296")
        );
        // Strings are stored with the checked ends.
        let mut p = Pool::default();
        let x = p.push("xyz").unwrap();
        assert_eq!((p.spans[x.0 as usize], p.get(x)), ((0, 3), "xyz"));
    }
}
