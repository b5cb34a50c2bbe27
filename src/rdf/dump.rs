//! RDF dumps of the whole graph: Turtle and N-Quads, sorted, so that the
//! same input always gives byte-identical files.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::GraphNameRef;

use super::triples::triples;
use super::vocab::{TURTLE_PREFIXES, sort_prelude};
use crate::model::Item;

/// Writes the triples of `items` as Turtle (with the project prefixes),
/// sorted by subject, predicate and object.
pub fn write_turtle<W: Write>(items: &[Item], mut w: W) -> std::io::Result<W> {
    let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
    for (p, ns) in TURTLE_PREFIXES {
        ser = ser
            .with_prefix(*p, *ns)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    }
    let mut out = ser.for_writer(Vec::new());
    for t in triples(items) {
        out.serialize_triple(t.as_ref())?;
    }
    w.write_all(&sort_prelude(out.finish()?))?;
    Ok(w)
}

/// Writes the triples of `items` as N-Quads in the default graph, one
/// sorted line each.
pub fn write_nquads<W: Write>(items: &[Item], w: W) -> std::io::Result<W> {
    let mut out = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w);
    for t in triples(items) {
        out.serialize_quad(t.as_ref().in_graph(GraphNameRef::DefaultGraph))?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocType, DocumentItem, Evidence};

    fn doc(id: &str) -> Item {
        Item::Document(DocumentItem {
            id: id.into(),
            symbol: Some(id.into()),
            doc_type: DocType::Resolution,
            date: Some("2020-06-29".into()),
            title: None,
            agenda_item: None,
            authors: vec![],
            language: None,
            part_of: None,
            part_label: None,
            ev: Evidence {
                file: "a.txt".into(),
                start: 0,
                end: 3,
                text: "abc".into(),
                rule: "r".into(),
            },
        })
    }

    #[test]
    fn turtle_dump_is_reproducible() {
        let items = vec![doc("S/RES/2531 (2020)"), doc("S/RES/2374 (2017)")];
        let a = write_turtle(&items, Vec::new()).expect("turtle");
        for _ in 0..5 {
            assert_eq!(a, write_turtle(&items, Vec::new()).expect("turtle"));
        }
        let text = String::from_utf8(a).expect("utf8");
        assert!(text.starts_with("@prefix actor: "), "{text}");
    }
}
