//! A string pool: every string stored once in one buffer and named by its
//! position ([`Sym`]), so that a million edges cost no allocation each.
//!
//! The index that finds a string's symbol does not keep a second copy of
//! the string: it is an open-addressing table of symbols (with a fragment
//! of each string's hash, to skip most comparisons), and a candidate is
//! checked against the buffer itself. The strings are hashed with FxHash
//! (`rustc-hash`), which is fast on the long quotes evidence carries.

use std::hash::{BuildHasher, BuildHasherDefault};

use rustc_hash::FxHasher;

/// A string stored once in a [`Pool`]: its position there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sym(pub u32);

/// The strings of a graph's edges, each stored once in one buffer.
#[derive(Clone, Debug, Default)]
pub struct Pool {
    buf: String,
    spans: Vec<(u32, u32)>,
    /// Open addressing, linear probing; a power of two long (or empty).
    /// Each slot is (high half of the hash, symbol + 1), 0 for free.
    slots: Vec<(u32, u32)>,
    /// Strings in `slots`.
    indexed: usize,
}

fn hash(s: &str) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(s)
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

    /// Stores a string (once) and returns its symbol.
    pub fn intern(&mut self, s: &str) -> Sym {
        let h = hash(s);
        if let Some(sym) = self.find(s, h) {
            return sym;
        }
        if (self.indexed + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let sym = self.push(s);
        self.place(h, sym);
        self.indexed += 1;
        sym
    }

    /// The symbol of a string interned before, if any.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.find(s, hash(s))
    }

    /// Appends a string without looking for an equal one (loading); the
    /// string is not indexed, so [`Pool::intern`] may store it again.
    pub(crate) fn push(&mut self, s: &str) -> Sym {
        let a = self.buf.len() as u32;
        self.buf.push_str(s);
        self.spans.push((a, self.buf.len() as u32));
        Sym(self.spans.len() as u32 - 1)
    }

    /// Checks that a symbol read from a file is in the pool.
    pub(crate) fn check(&self, s: u64) -> Option<Sym> {
        (s < self.spans.len() as u64).then_some(Sym(s as u32))
    }

    fn find(&self, s: &str, h: u64) -> Option<Sym> {
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
            if t == tag && self.get(Sym(v - 1)) == s {
                return Some(Sym(v - 1));
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts a symbol in its first free slot (there is one: the table is
    /// never more than 7/8 full).
    fn place(&mut self, h: u64, sym: Sym) {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        while self.slots[i].1 != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = ((h >> 32) as u32, sym.0 + 1);
    }

    /// Doubles the table, rehashing the strings from the buffer.
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); len]);
        for (_, v) in old.into_iter().filter(|&(_, v)| v != 0) {
            let sym = Sym(v - 1);
            self.place(hash(self.get(sym)), sym);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_and_finds_again() {
        let mut p = Pool::default();
        let words: Vec<String> = (0..1000).map(|i| format!("w{}", i % 300)).collect();
        let syms: Vec<Sym> = words.iter().map(|w| p.intern(w)).collect();
        assert_eq!(p.len(), 300);
        for (w, s) in words.iter().zip(&syms) {
            assert_eq!(p.get(*s), w);
            assert_eq!(p.lookup(w), Some(*s));
        }
        assert_eq!(p.lookup("absent"), None);
        assert_eq!(p.intern(""), p.intern(""));
    }
}
