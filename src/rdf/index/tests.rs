//! The index against a brute-force reading of the same quads: every
//! pattern, every term; and damaged files refused or read without a panic.

use std::sync::Arc;

use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad, Term,
};
use proptest::prelude::*;

use super::*;

fn term(k: u8) -> Term {
    match k % 6 {
        0 => NamedNode::new_unchecked(format!("http://x/{k}")).into(),
        1 => BlankNode::new_unchecked(format!("b{k}")).into(),
        2 => Literal::new_simple_literal(format!("v{}", k / 2)).into(),
        3 => Literal::new_language_tagged_literal_unchecked(format!("v{}", k / 2), "en").into(),
        4 => Literal::new_typed_literal(
            format!("{}", k / 2),
            NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#integer"),
        )
        .into(),
        _ => NamedNode::new_unchecked(format!("http://y/{k}")).into(),
    }
}

fn subject(k: u8) -> NamedOrBlankNode {
    match term(k) {
        Term::BlankNode(b) => b.into(),
        Term::NamedNode(n) => n.into(),
        _ => NamedNode::new_unchecked(format!("http://s/{k}")).into(),
    }
}

fn quad(s: u8, p: u8, o: u8, g: u8) -> Quad {
    let graph = match g % 3 {
        0 => GraphName::DefaultGraph,
        1 => NamedNode::new_unchecked("http://g/1").into(),
        _ => NamedNode::new_unchecked("http://g/2").into(),
    };
    Quad::new(
        subject(s),
        NamedNode::new_unchecked(format!("http://p/{}", p % 4)),
        term(o),
        graph,
    )
}

/// The index of `quads`, as bytes.
pub(crate) fn written(quads: &[Quad]) -> Vec<u8> {
    let mut w = IndexWriter::new();
    for q in quads {
        w.add_quad(q.as_ref()).expect("a quad");
    }
    let mut out = Vec::new();
    w.write(&mut out, Some(42)).expect("written");
    out
}

fn graph_number(index: &QuadIndex, g: GraphNameRef<'_>) -> Option<u32> {
    match g {
        GraphNameRef::DefaultGraph => Some(DEFAULT_GRAPH),
        GraphNameRef::NamedNode(n) => index.lookup(n.into()).expect("lookup"),
        GraphNameRef::BlankNode(b) => index.lookup(b.into()).expect("lookup"),
    }
}

fn decoded(index: &QuadIndex, [s, p, o, g]: [u32; 4]) -> Quad {
    let named = |t: Term| match t {
        Term::NamedNode(n) => n,
        t => panic!("not an IRI: {t}"),
    };
    let subject = match index.term(s).expect("s") {
        Term::NamedNode(n) => NamedOrBlankNode::from(n),
        Term::BlankNode(b) => b.into(),
        t => panic!("a literal subject {t}"),
    };
    let graph = if g == DEFAULT_GRAPH {
        GraphName::DefaultGraph
    } else {
        named(index.term(g).expect("g")).into()
    };
    Quad::new(
        subject,
        named(index.term(p).expect("p")),
        index.term(o).expect("o"),
        graph,
    )
}

proptest! {
    // Every pattern (each position bound to the quad's own term, or free)
    // gives exactly the quads a filter of the whole set gives.
    #[test]
    fn every_pattern_gives_the_quads_a_scan_gives(
        raw in proptest::collection::vec((0u8..40, 0u8..8, 0u8..40, 0u8..3), 0..60),
        random in (0u8..40, 0u8..8, 0u8..40, 0u8..3),
        pick in any::<proptest::sample::Index>(),
    ) {
        let quads: Vec<Quad> = raw.iter().map(|&(s, p, o, g)| quad(s, p, o, g)).collect();
        let mut set: Vec<Quad> = quads.clone();
        set.sort_by_key(|q| q.to_string());
        set.dedup();
        let bytes = written(&quads);
        prop_assert_eq!(&bytes, &written(&quads), "not deterministic");
        let index = Arc::new(QuadIndex::from_bytes(bytes, "test.idx").expect("opens"));
        prop_assert_eq!(index.len(), set.len() as u64);
        prop_assert_eq!(index.dump_len(), Some(42));
        // A quad of the set (its terms all held) and any quad.
        let mut probes = vec![quad(random.0, random.1, random.2, random.3)];
        if !quads.is_empty() {
            probes.push(quads[pick.index(quads.len())].clone());
        }
        for probe in probes {
        let ids = [
            index.lookup(probe.subject.as_ref().into()).expect("s"),
            index.lookup(probe.predicate.as_ref().into()).expect("p"),
            index.lookup(probe.object.as_ref()).expect("o"),
            graph_number(&index, probe.graph_name.as_ref()),
        ];
        for mask in 0..16u8 {
            let bound = |k: usize| mask & (1 << k) != 0;
            let want: Vec<String> = set
                .iter()
                .filter(|q| {
                    (!bound(0) || q.subject == probe.subject)
                        && (!bound(1) || q.predicate == probe.predicate)
                        && (!bound(2) || q.object == probe.object)
                        && (!bound(3) || q.graph_name == probe.graph_name)
                })
                .map(ToString::to_string)
                .collect();
            // A term the index lacks is in no quad.
            if (0..4).any(|k| bound(k) && ids[k].is_none()) {
                prop_assert!(want.is_empty());
                continue;
            }
            let pattern: [Option<u32>; 4] =
                std::array::from_fn(|k| if bound(k) { ids[k] } else { None });
            let mut got: Vec<String> = index
                .quads(pattern)
                .map(|q| decoded(&index, q.expect("a quad")).to_string())
                .collect();
            got.sort();
            let mut want = want;
            want.sort();
            prop_assert_eq!(got, want, "pattern mask {}", mask);
        }
        }
        // Every term is found at its own number.
        for i in 0..index.term_count() {
            let t = index.term(i).expect("decodes");
            prop_assert_eq!(index.lookup(t.as_ref()).expect("lookup"), Some(i));
        }
    }
}

/// Reads everything an index offers; errors are fine, panics are not.
fn read_all(index: &Arc<QuadIndex>) {
    for i in 0..index.term_count().min(200) {
        if let Ok(t) = index.term(i) {
            let _ = index.lookup(t.as_ref());
        }
    }
    let _ = index.named_graphs();
    for q in index.quads([None; 4]).take(500) {
        let Ok([s, p, o, g]) = q else { continue };
        for pattern in [
            [Some(s), None, None, None],
            [None, Some(p), None, None],
            [None, None, Some(o), Some(g)],
            [Some(s), None, Some(o), None],
            [Some(s), Some(p), Some(o), Some(g)],
        ] {
            let _ = index.quads(pattern).take(50).count();
        }
    }
}

fn sample() -> Vec<u8> {
    let quads: Vec<Quad> = (0..24u8)
        .map(|k| quad(k, k / 3, k.wrapping_mul(7) % 40, k % 3))
        .collect();
    written(&quads)
}

// An index cut short anywhere is refused at open, naming the file.
#[test]
fn truncated_index_is_refused_naming_the_file() {
    let bytes = sample();
    for len in 0..bytes.len() {
        let err = QuadIndex::from_bytes(bytes[..len].to_vec(), "cut.idx")
            .err()
            .expect("refused");
        assert!(err.to_string().starts_with("cut.idx: "), "{err}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(QuadIndex::from_bytes(longer, "long.idx").is_err());
}

// Every single-bit flip gives an error at open, errors on reading, or an
// index that reads without a panic or a read out of bounds.
#[test]
fn flipped_bits_give_errors_not_panics() {
    let bytes = sample();
    let mut refused = 0;
    for bit in 0..bytes.len() * 8 {
        let mut b = bytes.clone();
        b[bit / 8] ^= 1 << (bit % 8);
        match QuadIndex::from_bytes(b, "flip.idx") {
            Ok(index) => read_all(&Arc::new(index)),
            Err(e) => {
                assert!(e.to_string().starts_with("flip.idx: "), "{e}");
                refused += 1;
            }
        }
    }
    // Every flip in the header is caught by its checksum.
    assert!(refused >= HEADER_LEN * 8, "{refused}");
}

// Numbers out of range inside the sections are errors when read.
#[test]
fn terms_out_of_range_are_errors_when_read() {
    let bytes = sample();
    let index = Arc::new(QuadIndex::from_bytes(bytes.clone(), "x.idx").expect("opens"));
    let n = index.term_count();
    assert!(index.term(n).is_err());
    assert!(index.term(u32::MAX).is_err());
    // The first SPO record's subject set past the terms.
    let at = index.header.sections.orders[0];
    let mut b = bytes;
    b[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let damaged = Arc::new(QuadIndex::from_bytes(b, "x.idx").expect("opens"));
    let err = damaged
        .quads([None; 4])
        .find_map(Result::err)
        .expect("an error");
    assert!(err.to_string().contains("past the"), "{err}");
}
