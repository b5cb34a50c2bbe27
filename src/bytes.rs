//! Eight bytes at a time: exact per-byte masks over a `u64` word (SWAR).
//!
//! A leaf module: the normalizer's plain-run and word scans, the word keys
//! and the RDF writers' literal scan all test bytes this way, and none of
//! them should have to import another's module to do it. Every mask here
//! is exact per byte (no carry crosses from one byte into the next); the
//! tests of the callers check them against byte tables.

/// High bit of each byte of `low` (seven-bit bytes) equal to `c`.
#[inline(always)]
pub(crate) fn eq7(low: u64, c: u8) -> u64 {
    !(low ^ splat(c)).wrapping_add(LO7) & HI
}

/// Whether a byte belongs to a word: ASCII letters and any non-ASCII byte
/// (non-ASCII letters and curly apostrophes stay inside words). The byte
/// table the eight-byte scans are tested against.
#[cfg(test)]
pub(crate) const fn letter_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphabetic() || c >= 0x80;
        i += 1;
    }
    t
}
#[cfg(test)]
pub(crate) static LETTER: [bool; 256] = letter_table();

/// The high bit of every byte of a word.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte of a word.
pub(crate) const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// `b` in each of the eight bytes of a word.
pub(crate) const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// High bit of each of the eight bytes of `x` that belongs to a word:
/// exact per byte (no carry crosses a byte). ASCII letters are the bytes
/// whose low seven bits, with bit 5 set, lie in 'a'..='z'; every
/// non-ASCII byte counts as a letter (non-ASCII letters and curly
/// apostrophes stay inside words).
#[inline(always)]
pub(crate) fn letter_mask(x: u64) -> u64 {
    let folded = (x & LO7) | splat(0x20);
    (ge(folded, b'a') & !ge(folded, b'z' + 1)) | (x & HI)
}

/// High bit of each byte whose low seven bits (`low` has no high bits)
/// are at least `n`.
#[inline(always)]
pub(crate) fn ge(low: u64, n: u8) -> u64 {
    low.wrapping_add(splat(0x80 - n)) & HI
}

#[inline(always)]
pub(crate) fn load8(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"))
}

/// The eight bytes at `i` as one word, zeros past the end of `bytes`.
#[inline(always)]
pub(crate) fn load8_tail(bytes: &[u8], i: usize) -> u64 {
    if i + 8 <= bytes.len() {
        load8(bytes, i)
    } else {
        let mut buf = [0u8; 8];
        let n = bytes.len().saturating_sub(i);
        buf[..n].copy_from_slice(&bytes[i..i + n]);
        u64::from_le_bytes(buf)
    }
}

/// The mask of the first `n` bytes of a word (all eight from `n = 8`).
#[inline(always)]
pub(crate) fn first_bytes(n: usize) -> u64 {
    if n >= 8 { u64::MAX } else { (1 << (8 * n)) - 1 }
}

/// One bit per byte of `bytes[at..end]` (at most 64 bytes), bit `j` set
/// when byte `at + j` is a letter (see [`letter_mask`]).
#[inline(always)]
pub(crate) fn letter_bits(bytes: &[u8], at: usize, end: usize) -> u64 {
    let n = (end - at).min(64);
    let mut bits = 0;
    if let Some(block) = bytes.get(at..at + 64) {
        for (c, chunk) in block.chunks_exact(8).take(n.div_ceil(8)).enumerate() {
            let m = letter_mask(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
            bits |= movemask(m) << (8 * c);
        }
    } else {
        // The last bytes of the text.
        let mut i = at;
        while i < at + n {
            bits |= movemask(letter_mask(load8_tail(bytes, i))) << (i - at);
            i += 8;
        }
    }
    if n < 64 { bits & ((1 << n) - 1) } else { bits }
}

/// The high bit of each byte of `m` (no other bit set) to one bit per byte:
/// byte `j` to bit `j`. The partial products of the multiplication land on
/// distinct bits, so no carry mixes them.
#[inline(always)]
pub(crate) fn movemask(m: u64) -> u64 {
    m.wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// High bit of each of the eight bytes of `x` an XML writer must look at:
/// the ASCII controls, `&`, `<`, `>`, `"`, `'`, and 0xEF (the lead byte of
/// U+FFFE and U+FFFF). Exact per byte.
#[inline(always)]
pub(crate) fn xml_mask(x: u64) -> u64 {
    let low = x & LO7;
    let markup = eq7(low, b'&')
        | eq7(low, b'<')
        | eq7(low, b'>')
        | eq7(low, b'"')
        | eq7(low, b'\'')
        | !ge(low, 0x20);
    (markup & !x & HI) | (eq7(low, 0xEF & 0x7F) & x & HI)
}

/// High bit of each of the eight bytes of `x` that may start a whitespace
/// character other than the space: tab to carriage return (0x09-0x0D),
/// and the lead bytes 0xC2 (U+0085, U+00A0), 0xE1 (U+1680), 0xE2
/// (U+2000-U+205F) and 0xE3 (U+3000). Exact per byte.
#[inline(always)]
pub(crate) fn break_mask(x: u64) -> u64 {
    let low = x & LO7;
    let controls = ge(low, 0x09) & !ge(low, 0x0E) & !x;
    let leads = eq7(low, 0xC2 & 0x7F)
        | eq7(low, 0xE1 & 0x7F)
        | eq7(low, 0xE2 & 0x7F)
        | eq7(low, 0xE3 & 0x7F);
    (controls | (leads & x)) & HI
}

/// The first byte of `bytes` from `i` on that `mask` flags (a mask of
/// this module, exact per byte), eight bytes at a time; the bytes past the
/// end of `bytes` are never flagged.
#[inline(always)]
pub(crate) fn next_flagged(bytes: &[u8], mut i: usize, mask: impl Fn(u64) -> u64) -> Option<usize> {
    while i < bytes.len() {
        let m = mask(load8_tail(bytes, i)) & first_bytes(bytes.len() - i);
        if m != 0 {
            return Some(i + m.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    None
}

/// The first byte from `i` on that [`xml_mask`] flags: sixteen bytes at a
/// time where SSE2 is (every x86-64 processor), the last fifteen or fewer
/// as [`next_flagged`] scans them. Hand-written because no maintained
/// crate searches for a class of bytes (`memchr` takes at most three):
/// the XML writers' scan took 2.6 % of a build's instructions eight bytes
/// at a time.
#[inline]
pub(crate) fn next_xml(bytes: &[u8], i: usize) -> Option<usize> {
    wide::next(bytes, i, wide::XML, xml_mask)
}

/// The first byte from `i` on that [`break_mask`] flags, as [`next_xml`]
/// scans.
#[inline]
pub(crate) fn next_break(bytes: &[u8], i: usize) -> Option<usize> {
    wide::next(bytes, i, wide::BREAKS, break_mask)
}

/// Elsewhere than on x86-64, the eight-byte scan alone.
#[cfg(not(target_arch = "x86_64"))]
mod wide {
    pub const XML: () = ();
    pub const BREAKS: () = ();

    #[inline(always)]
    pub fn next(bytes: &[u8], i: usize, _: (), narrow: fn(u64) -> u64) -> Option<usize> {
        super::next_flagged(bytes, i, narrow)
    }
}

/// The masks of [`xml_mask`] and [`break_mask`] over sixteen bytes.
///
/// SAFETY, for every `unsafe` block here: the SSE2 intrinsics' only
/// precondition is that the processor has SSE2, which every x86-64
/// processor has (it is the target's baseline); the one load reads the
/// bytes of a sixteen-byte slice, with no alignment required.
#[cfg(target_arch = "x86_64")]
mod wide {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
    };

    /// Each byte of `v` that equals one of `cs`.
    #[inline(always)]
    fn any_of(v: __m128i, cs: &[u8]) -> __m128i {
        // SAFETY: see the module.
        unsafe {
            cs.iter().fold(_mm_setzero_si128(), |m, &c| {
                _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8)))
            })
        }
    }

    /// Each byte of `v` from `lo` to `hi`, both below 0x7F (signed
    /// compares: the bytes from 0x80 are negative, below `lo`).
    #[inline(always)]
    fn ascii_range(v: __m128i, lo: u8, hi: u8) -> __m128i {
        // SAFETY: see the module.
        unsafe {
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
            )
        }
    }

    /// [`super::xml_mask`]: the controls, the markup characters and 0xEF.
    #[inline(always)]
    fn xml(v: __m128i) -> __m128i {
        // SAFETY: see the module.
        unsafe { _mm_or_si128(ascii_range(v, 0x00, 0x1F), any_of(v, b"&<>\"'\xEF")) }
    }

    /// [`super::break_mask`]: tab to carriage return and the lead bytes of
    /// the other whitespace characters.
    #[inline(always)]
    fn breaks(v: __m128i) -> __m128i {
        // SAFETY: see the module.
        unsafe {
            _mm_or_si128(
                ascii_range(v, 0x09, 0x0D),
                any_of(v, &[0xC2, 0xE1, 0xE2, 0xE3]),
            )
        }
    }

    pub const XML: fn(__m128i) -> __m128i = xml;
    pub const BREAKS: fn(__m128i) -> __m128i = breaks;

    /// The first byte from `i` that `mask` flags, sixteen at a time while
    /// sixteen are left, then eight at a time with `narrow`.
    #[inline(always)]
    pub fn next(
        bytes: &[u8],
        mut i: usize,
        mask: fn(__m128i) -> __m128i,
        narrow: fn(u64) -> u64,
    ) -> Option<usize> {
        while let Some(block) = bytes.get(i..i + 16) {
            // SAFETY: see the module.
            let m = unsafe {
                _mm_movemask_epi8(mask(_mm_loadu_si128(block.as_ptr().cast::<__m128i>())))
            };
            if m != 0 {
                return Some(i + m.trailing_zeros() as usize);
            }
            i += 16;
        }
        super::next_flagged(bytes, i, narrow)
    }
}

/// How many bytes `a` and `b` share from their start, compared eight at
/// a time (the first differing byte of a word is its lowest set byte of
/// the words' XOR, little-endian).
#[inline]
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 8 <= n {
        let d = load8(a, i) ^ load8(b, i);
        if d != 0 {
            return i + d.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sixteen-byte scans against the definitions, each byte value at
    /// each place of buffers of every length around sixteen, from every
    /// start, among fillers flagged or not.
    #[test]
    fn the_wide_scans_find_what_the_definitions_flag() {
        let xml = |b: u8| b < 0x20 || b == 0xEF || b"&<>\"'".contains(&b);
        let brk = |b: u8| matches!(b, 0x09..=0x0D | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        type Scan = fn(&[u8], usize) -> Option<usize>;
        let scans: [(Scan, &dyn Fn(u8) -> bool); 2] = [(next_xml, &xml), (next_break, &brk)];
        for (scan, flagged) in scans {
            for filler in [b'a', 0x80, 0xFF, 0x7F, b'\n'] {
                for len in [0, 1, 15, 16, 17, 33, 40] {
                    for b in 0..=255u8 {
                        for at in 0..len {
                            let mut v = vec![filler; len];
                            v[at] = b;
                            for from in [0, 1, at.saturating_sub(1), at, at + 1] {
                                let want = (from..len).find(|&j| flagged(v[j]));
                                assert_eq!(scan(&v, from), want, "{v:?} from {from}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// Each byte value at each of the eight places, among fillers that
    /// need no look, against the byte's definition.
    #[test]
    fn xml_and_break_masks_are_exact_per_byte() {
        let xml = |b: u8| b < 0x20 || b == 0xEF || b"&<>\"'".contains(&b);
        let brk = |b: u8| matches!(b, 0x09..=0x0D | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        for filler in [b'a', b' ', 0x80, 0xBF, 0xFF, 0x7F] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut w = [filler; 8];
                    w[at] = b;
                    let x = u64::from_le_bytes(w);
                    let one = 0x80u64 << (8 * at);
                    let expect = |f: &dyn Fn(u8) -> bool| {
                        (if f(b) { one } else { 0 })
                            | if f(filler) {
                                HI & !(0xFFu64 << (8 * at))
                            } else {
                                0
                            }
                    };
                    assert_eq!(
                        xml_mask(x),
                        expect(&xml),
                        "xml {b:#x} at {at} among {filler:#x}"
                    );
                    assert_eq!(
                        break_mask(x),
                        expect(&brk),
                        "break {b:#x} at {at} among {filler:#x}"
                    );
                }
            }
        }
    }

    /// Every pair of lengths up to three words, differing at each place
    /// or nowhere, against the byte-by-byte count.
    #[test]
    fn common_prefix_counts_as_bytes_do() {
        for la in 0..24 {
            for lb in 0..24 {
                for at in (0..la.min(lb)).map(Some).chain([None]) {
                    let a: Vec<u8> = (0..la as u8).collect();
                    let mut b: Vec<u8> = (0..lb as u8).collect();
                    if let Some(at) = at {
                        b[at] ^= 0x41;
                    }
                    let want = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
                    assert_eq!(common_prefix(&a, &b), want, "{la} {lb} {at:?}");
                }
            }
        }
    }

    /// Every length up to three words, the flagged byte at each place or
    /// none: the first flagged byte, never one past the end (the padding's
    /// zeros are controls to `xml_mask`).
    #[test]
    fn next_flagged_finds_the_first_and_nothing_past_the_end() {
        for len in 0..24 {
            for at in (0..len).map(Some).chain([None]) {
                let mut b = vec![b'a'; len];
                if let Some(at) = at {
                    b[at] = b'<';
                }
                for from in 0..=len {
                    let want = at.filter(|&a| a >= from);
                    assert_eq!(
                        next_flagged(&b, from, xml_mask),
                        want,
                        "{len} {at:?} {from}"
                    );
                }
            }
        }
    }
}
