//! The terms of the index in the byte order of their encodings: which
//! number each term gets ([`byte_order`]).
//!
//! Why not `sort_unstable_by` on the bytes: the terms share long prefixes
//! (a span's IRI repeats its file's, some 80 bytes, and spans are two terms
//! in five), so each comparison read those bytes again, from wherever the
//! two terms lie in a buffer of hundreds of megabytes. On 100 MB of text
//! (2.6 M terms) that comparison was the largest single item of the
//! build's profile (`memcmp`, 3.5 % of its CPU, on the thread that writes
//! the index last). Here the terms are sorted seven bytes at a time, most
//! significant first: each pass sorts pairs of a 64-bit key (the next
//! seven bytes and how many are left) and a term number, held together in
//! one array, and only the terms still tied go on to the next seven bytes;
//! the bytes all of a group share are skipped before its pass (figures in
//! benches/README.md, "Issue 19: the disk written behind, the terms ranked
//! by their keys", and "the index's shared prefixes skipped").

/// Below this many tied terms, they are finished by comparing their bytes.
const SMALL: usize = 24;

/// Past this many bytes shared, too: the passes recurse, and a group of
/// terms alike for megabytes (hostile input) must not take one stack frame
/// per seven bytes.
const DEEP: usize = 7 * 64;

/// The numbers `0..terms.len()` in the byte order of `term(i)`. Terms must
/// be distinct (the index interns them).
pub fn byte_order<'t>(n: usize, term: impl Fn(u32) -> &'t [u8] + Copy) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..n as u32).collect();
    let mut keyed: Vec<(u64, u32)> = Vec::new();
    sort_from(&mut ids, 0, term, &mut keyed);
    ids
}

/// The key of `t` at `depth`: its seven bytes from `depth` (zeros past its
/// end), then how many of its bytes are left from there, up to 8. Two
/// terms with the same bytes before `depth` compare as their keys do, but
/// for equal keys whose count is 8: both go on past the seven bytes.
fn key(t: &[u8], depth: usize) -> u64 {
    let rest = t.get(depth..).unwrap_or(&[]);
    let mut k = 0u64;
    for i in 0..7 {
        k = (k << 8) | u64::from(rest.get(i).copied().unwrap_or(0));
    }
    (k << 8) | rest.len().min(8) as u64
}

/// How many more bytes than `depth` all the terms of `ids` share: the
/// passes skip them, instead of sorting on seven tied bytes at a time
/// (the spans of one file share some 80 bytes, its IRI). Reads each term
/// up to where it leaves the first one, eight bytes at a time.
fn shared_from<'t>(ids: &[u32], depth: usize, term: impl Fn(u32) -> &'t [u8]) -> usize {
    let tail = |i: u32| term(i).get(depth..).unwrap_or(&[]);
    let Some((&first, rest)) = ids.split_first() else {
        return 0;
    };
    let first = tail(first);
    let mut shared = first.len();
    for &i in rest {
        shared = crate::bytes::common_prefix(&first[..shared], tail(i));
        if shared == 0 {
            break;
        }
    }
    shared
}

/// Sorts `ids`, whose terms share their first `depth` bytes.
fn sort_from<'t>(
    ids: &mut [u32],
    depth: usize,
    term: impl Fn(u32) -> &'t [u8] + Copy,
    keyed: &mut Vec<(u64, u32)>,
) {
    if ids.len() < 2 {
        return;
    }
    let depth = depth + shared_from(ids, depth, term);
    if ids.len() < SMALL || depth > DEEP {
        ids.sort_unstable_by(|&a, &b| term(a)[depth..].cmp(&term(b)[depth..]));
        return;
    }
    keyed.clear();
    keyed.extend(ids.iter().map(|&i| (key(term(i), depth), i)));
    keyed.sort_unstable();
    for (slot, &(_, i)) in ids.iter_mut().zip(keyed.iter()) {
        *slot = i;
    }
    // Runs of one key: tied on seven more bytes. A run whose count is
    // under 8 holds one term (distinct terms with the same bytes to their
    // end are the same term); a count of 8 means more bytes to compare.
    // The runs are listed before any is sorted, which reuses `keyed`.
    let mut runs = Vec::new();
    let mut start = 0;
    while start < keyed.len() {
        let k = keyed[start].0;
        let end = start + keyed[start..].iter().take_while(|&&(x, _)| x == k).count();
        if end - start > 1 && k & 0xFF == 8 {
            runs.push(start..end);
        }
        start = end;
    }
    for run in runs {
        sort_from(&mut ids[run], depth + 7, term, keyed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(terms: &[Vec<u8>]) {
        let mut distinct = terms.to_vec();
        distinct.sort();
        distinct.dedup();
        let order = byte_order(distinct.len(), |i| &distinct[i as usize]);
        let got: Vec<&[u8]> = order.iter().map(|&i| &distinct[i as usize][..]).collect();
        let mut want: Vec<&[u8]> = distinct.iter().map(|t| &t[..]).collect();
        want.sort();
        assert_eq!(got, want);
    }

    #[test]
    fn long_shared_prefixes_zeros_and_prefixes_of_others() {
        let base =
            b"\x01https://w3id.org/unsc-kg/source/copy00001/S-RES-100(1953).txt#bytes=".to_vec();
        let mut terms = Vec::new();
        for s in 0..200u32 {
            let mut t = base.clone();
            t.extend_from_slice(format!("{},{}", s * 7, s * 7 + 13).as_bytes());
            terms.push(t);
        }
        // A term that is a prefix of others, zeros that pad like the end,
        // a term ending exactly at a seven-byte boundary.
        terms.push(base.clone());
        terms.push(base[..7].to_vec());
        terms.push(base[..14].to_vec());
        let mut zeros = base.clone();
        zeros.extend_from_slice(&[0, 0, 0]);
        terms.push(zeros);
        terms.push(Vec::new());
        terms.push(vec![0]);
        terms.push(vec![0, 0]);
        check(&terms);
    }

    #[test]
    fn terms_alike_for_long_are_sorted_without_deep_recursion() {
        let long = vec![b'x'; 1 << 20];
        let terms: Vec<Vec<u8>> = (0..100u32)
            .map(|i| [&long[..], format!("{i:03}").as_bytes()].concat())
            .collect();
        check(&terms);
    }

    proptest! {
        // Small alphabets and shared stems, so that ties go deep.
        #[test]
        fn sorts_as_the_bytes_do(
            terms in proptest::collection::vec(
                (0usize..3, proptest::collection::vec(prop_oneof![Just(0u8), Just(b'a'), Just(b'b'), Just(0xFF)], 0..30)),
                0..200,
            )
        ) {
            let stems: [&[u8]; 3] = [b"", b"\x01https://undocs.org/S/RES/", b"\x01https://undocs.org/S/RES/1325(2000)#"];
            let terms: Vec<Vec<u8>> = terms
                .into_iter()
                .map(|(s, rest)| [stems[s], &rest[..]].concat())
                .collect();
            check(&terms);
        }
    }
}
