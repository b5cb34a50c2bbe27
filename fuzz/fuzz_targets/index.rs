//! The quad index reader (`graph.idx`): any bytes open as an index or give
//! an error naming the file, and an opened index reads (terms, lookups,
//! every pattern) without a panic or a read out of bounds.
//! Property: what an index reads back, written again, reads back the same.
//!
//! An input whose first byte is even is the file itself; an odd one damages
//! a small valid index past its header (which a checksum guards, so that
//! random bytes seldom get past it): each following three bytes are a
//! position (two bytes) and a byte to XOR there.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use unsc_kg::rdf::index::{DEFAULT_GRAPH, HEADER_LEN, IndexWriter, QuadIndex};

/// A small index of every kind of term, in two graphs.
fn base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let iri = |i: u32| NamedNode::new_unchecked(format!("http://x/{i}"));
        let objects: Vec<Term> = vec![
            iri(9).into(),
            BlankNode::new_unchecked("b1").into(),
            Literal::new_simple_literal("v").into(),
            Literal::new_language_tagged_literal_unchecked("v", "en").into(),
            Literal::new_typed_literal("7", NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#integer")).into(),
            Literal::new_typed_literal("z", NamedNode::new_unchecked("http://d/t")).into(),
        ];
        let mut quads = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            let i = i as u32;
            let graph = if i % 2 == 0 { GraphName::DefaultGraph } else { iri(100).into() };
            quads.push(Quad::new(iri(i % 3), iri(10 + i % 2), o.clone(), graph));
        }
        written(&quads)
    })
}

/// Every quad of `index` as terms, if every one reads and is a quad.
fn read_back(index: &Arc<QuadIndex>) -> Option<Vec<Quad>> {
    let mut quads = Vec::new();
    for q in index.quads([None; 4]) {
        let [s, p, o, g] = q.ok()?;
        // Patterns bound to what was read must read too.
        for pattern in [
            [Some(s), None, None, None],
            [None, Some(p), Some(o), None],
            [Some(s), None, Some(o), Some(g)],
        ] {
            assert!(index.quads(pattern).take(100).count() <= 100);
        }
        let subject = match index.term(s).ok()? {
            Term::NamedNode(n) => NamedOrBlankNode::from(n),
            Term::BlankNode(b) => b.into(),
            _ => return None,
        };
        let Term::NamedNode(predicate) = index.term(p).ok()? else {
            return None;
        };
        let graph = if g == DEFAULT_GRAPH {
            GraphName::DefaultGraph
        } else {
            match index.term(g).ok()? {
                Term::NamedNode(n) => n.into(),
                Term::BlankNode(b) => b.into(),
                _ => return None,
            }
        };
        quads.push(Quad::new(subject, predicate, index.term(o).ok()?, graph));
        if quads.len() > 10_000 {
            return None;
        }
    }
    Some(quads)
}

fn written(quads: &[Quad]) -> Vec<u8> {
    let mut w = IndexWriter::new();
    for q in quads {
        w.add_quad(q.as_ref()).expect("a quad read from an index");
    }
    let mut out = Vec::new();
    w.write(&mut out, None).expect("written to memory");
    out
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data.split_first() {
        Some((mode, rest)) if mode % 2 == 1 => {
            let mut b = base().to_vec();
            let body = b.len() - HEADER_LEN;
            for m in rest.chunks_exact(3) {
                let at = HEADER_LEN + usize::from(u16::from_le_bytes([m[0], m[1]])) % body;
                b[at] ^= m[2];
            }
            b
        }
        _ => data.to_vec(),
    };
    let index = match QuadIndex::from_bytes(bytes, "fuzz.idx") {
        Ok(i) => Arc::new(i),
        Err(e) => {
            assert!(e.to_string().starts_with("fuzz.idx: "), "{e}");
            return;
        }
    };
    for i in 0..index.term_count().min(64) {
        if let Ok(t) = index.term(i) {
            let _ = index.lookup(t.as_ref());
        }
    }
    let _ = index.named_graphs();
    let Some(quads) = read_back(&index) else {
        return;
    };
    let once = written(&quads);
    let again = Arc::new(QuadIndex::from_bytes(once.clone(), "again.idx").expect("opens"));
    let back = read_back(&again).expect("a written index reads");
    assert_eq!(written(&back), once, "write/read round trip");
});
