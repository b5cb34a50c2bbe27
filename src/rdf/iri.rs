//! Minting IRIs from canonical symbols and ids.
//!
//! Documents with a UN symbol get their resolver address
//! (`S/RES/2531 (2020)` -> `https://undocs.org/S/RES/2531(2020)`); paragraphs
//! are fragments of their document (`...2531(2020)#op5`); everything else
//! lives under [`BASE`]. Facts that have no natural key
//! (a citation, a mention) get a stable hash of their fields, so the same
//! input always yields the same IRI and there are no blank nodes.

use super::vocab::{BASE, UNDOCS};

/// Percent-encodes everything but unreserved characters and `/():@` (which
/// keep symbols readable), so that the result is a valid IRI path and
/// prefixed names stay simple.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(s, &mut out);
    out
}

/// The bytes [`encode`] keeps as they are.
static KEPT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.' | b'_' | b'~' | b'/' | b'(' | b')' | b':' | b'@'
            );
        b += 1;
    }
    t
};

/// [`encode`], appended to `out`: runs of kept bytes copied at once (a
/// run is ASCII, so it starts and ends on character boundaries).
fn encode_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let b = s.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        if KEPT[usize::from(c)] {
            continue;
        }
        if run < i {
            out.push_str(&s[run..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(c >> 4)]));
        out.push(char::from(HEX[usize::from(c & 15)]));
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

/// The IRI of a document by its id: the resolver address for UN symbols,
/// a project IRI for minted ids (`x:letter:2020-06-30:president` ->
/// `https://w3id.org/unsc-kg/doc/letter/2020-06-30/president`).
pub fn document(id: &str) -> String {
    let mut out = String::with_capacity(UNDOCS.len().max(BASE.len() + 4) + id.len() + 8);
    document_into(id, &mut out);
    out
}

fn document_into(id: &str, out: &mut String) {
    match id.strip_prefix("x:") {
        Some(minted) => {
            out.push_str(BASE);
            out.push_str("doc/");
            for (i, part) in minted.split(':').enumerate() {
                if i > 0 {
                    out.push('/');
                }
                encode_into(part, out);
            }
        }
        None => {
            out.push_str(UNDOCS);
            for part in id.split(char::is_whitespace) {
                encode_into(part, out);
            }
        }
    }
}

/// The IRI of a paragraph by its id (`{doc}#op5`): a fragment of its
/// document's IRI.
pub fn paragraph(id: &str) -> String {
    let mut out = String::with_capacity(UNDOCS.len() + id.len() + 8);
    match id.rsplit_once('#') {
        Some((doc, frag)) => {
            document_into(doc, &mut out);
            out.push('#');
            encode_into(frag, &mut out);
        }
        None => {
            document_into(id, &mut out);
            out.push_str("#p");
        }
    }
    out
}

/// The IRI of an actor by its canonical id (`state/mali`, `minusma`).
pub fn actor(id: &str) -> String {
    under("actor/", id)
}

/// The IRI of a meeting from its record symbol (`S/PV.9251` -> `meeting/9251`).
pub fn meeting(record: &str) -> String {
    let number = record.trim().trim_start_matches("S/PV.");
    under("meeting/", number)
}

/// The IRI of a source file by its path.
pub fn file(path: &str) -> String {
    under("file/", path)
}

/// `BASE`, then `path` (a fixed segment), then `value` percent-encoded:
/// one allocation, no formatting machinery (IRIs are minted for every
/// actor mention and every meeting).
fn under(path: &str, value: &str) -> String {
    let mut out = String::with_capacity(BASE.len() + path.len() + value.len() + 8);
    out.push_str(BASE);
    out.push_str(path);
    encode_into(value, &mut out);
    out
}

/// The IRI of a byte span of a source file: the file's IRI ([`file`]) with
/// the fragment `#bytes=START,END` (START and END byte offsets, END
/// exclusive), after RFC 5147's `#char=` but in bytes. The file's IRI
/// holds no `#` (it is percent-encoded), so the fragment is unambiguous.
pub fn span(file: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(file.len() + 28);
    out.push_str(file);
    out.push_str("#bytes=");
    out.push_str(itoa::Buffer::new().format(start));
    out.push(',');
    out.push_str(itoa::Buffer::new().format(end));
    out
}

/// The IRI of a concept in a small scheme (`verb/urges`, `agenda/...`).
pub fn concept(scheme: &str, name: &str) -> String {
    let mut out = under(scheme, "");
    out.push('/');
    encode_into(&slug(name), &mut out);
    out
}

/// A node for a fact without a natural key: `{BASE}{kind}/{hash of parts}`.
pub fn minted(kind: &str, parts: &[&str]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(BASE.len() + kind.len() + 17);
    out.push_str(BASE);
    out.push_str(kind);
    out.push('/');
    let h = fnv1a(parts);
    for shift in (0..16).rev() {
        out.push(char::from(HEX[(h >> (shift * 4)) as usize & 15]));
    }
    out
}

/// The kinds of [`minted`] nodes whose parts always include the source
/// file of the evidence (see `triples`), and the file nodes themselves.
const FILE_LOCAL_KINDS: [&str; 9] = [
    "evidence/",
    "citation/",
    "mention/",
    "addressing/",
    "mandate/",
    "decision/",
    "intervention/",
    "warning/",
    "file/",
];

/// Whether every triple about `iri` comes from the items of one source
/// file: the nodes minted from the file's path (evidence, citations,
/// mentions, ...) and the file node. Documents, paragraphs, meetings,
/// votes, actors and concepts can be described by several files.
pub fn is_file_local(iri: &str) -> bool {
    iri.strip_prefix(BASE)
        .is_some_and(|rest| FILE_LOCAL_KINDS.iter().any(|k| rest.starts_with(k)))
}

/// Lower-case slug: letters and digits kept, runs of anything else become
/// one `-` (the extractor's slug, uncapped).
pub fn slug(s: &str) -> String {
    crate::slug::slug_capped(s, None)
}

/// FNV-1a over the parts separated by a unit separator: stable across runs
/// and platforms (unlike `std`'s hasher).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution_symbol_becomes_resolver_address_without_space() {
        assert_eq!(
            document("S/RES/2531 (2020)"),
            "https://undocs.org/S/RES/2531(2020)"
        );
        assert_eq!(
            paragraph("S/RES/2531 (2020)#op5"),
            "https://undocs.org/S/RES/2531(2020)#op5"
        );
    }

    #[test]
    fn minted_document_ids_are_encoded() {
        assert_eq!(
            document("x:letter:2020-06-29:chargé-d-affaires"),
            "https://w3id.org/unsc-kg/doc/letter/2020-06-29/charg%C3%A9-d-affaires"
        );
    }

    #[test]
    fn meeting_from_record() {
        assert_eq!(
            meeting("S/PV.9251"),
            "https://w3id.org/unsc-kg/meeting/9251"
        );
    }

    #[test]
    fn minted_is_stable() {
        assert_eq!(minted("x", &["a", "b"]), minted("x", &["a", "b"]));
        assert_ne!(minted("x", &["a", "b"]), minted("x", &["ab"]));
    }

    proptest::proptest! {
        // The run-copying encoder against the definition: every byte kept
        // or percent-encoded on its own.
        #[test]
        fn encode_is_byte_by_byte_percent_encoding(s in "(\\PC|[ -~]|%|é){0,40}") {
            let mut expected = String::new();
            for &b in s.as_bytes() {
                if b.is_ascii_alphanumeric() || b"-._~/():@".contains(&b) {
                    expected.push(char::from(b));
                } else {
                    expected.push_str(&format!("%{b:02X}"));
                }
            }
            proptest::prop_assert_eq!(encode(&s), expected);
        }

        #[test]
        fn minted_is_the_hash_in_hex(a in ".{0,12}", b in ".{0,12}") {
            let expected = format!("{BASE}k/{:016x}", fnv1a(&[&a, &b]));
            proptest::prop_assert_eq!(minted("k", &[&a, &b]), expected);
        }
    }
}
