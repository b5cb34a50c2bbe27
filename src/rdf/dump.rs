//! RDF dumps of the whole graph: Turtle and N-Quads, sorted, so that the
//! same input always gives byte-identical files.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::GraphNameRef;

use super::triples::{Triple, triples};
use super::vocab::{TURTLE_PREFIXES, sort_prelude};
use crate::model::Item;

/// Writes the triples of `items` as Turtle (with the project prefixes),
/// sorted by subject, predicate and object.
pub fn write_turtle<W: Write>(items: &[Item], w: W) -> std::io::Result<W> {
    turtle_of(&triples(items), w)
}

/// Writes the triples of `items` as N-Quads in the default graph, one
/// sorted line each.
pub fn write_nquads<W: Write>(items: &[Item], w: W) -> std::io::Result<W> {
    nquads_of(&triples(items), w)
}

/// Streams `triples` (as [`triples`] returns them: sorted) as Turtle with
/// the project prefixes, the prefix lines sorted.
pub fn turtle_of<W: Write>(triples: &[Triple], w: W) -> std::io::Result<W> {
    let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
    for (p, ns) in TURTLE_PREFIXES {
        ser = ser
            .with_prefix(*p, *ns)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    }
    let mut out = ser.for_writer(SortedPrelude {
        inner: w,
        head: Some(Vec::new()),
    });
    for t in triples {
        out.serialize_triple(t.as_ref())?;
    }
    out.finish()?.finish()
}

/// Streams `triples` as N-Quads in the default graph, one line each.
pub fn nquads_of<W: Write>(triples: &[Triple], w: W) -> std::io::Result<W> {
    let mut out = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(w);
    for t in triples {
        out.serialize_quad(t.as_ref().in_graph(GraphNameRef::DefaultGraph))?;
    }
    out.finish()
}

/// A writer that holds back the `@prefix`/`@base` lines at the start of a
/// Turtle document and passes them on sorted ([`sort_prelude`]) once the
/// first other line begins; everything after goes straight through.
struct SortedPrelude<W> {
    inner: W,
    /// The bytes held back, while still in the prelude.
    head: Option<Vec<u8>>,
}

impl<W: Write> SortedPrelude<W> {
    /// True once `head` holds the start of a line that is not a directive.
    fn prelude_over(head: &[u8]) -> bool {
        let mut rest = head;
        loop {
            let is_directive = rest.starts_with(b"@prefix ") || rest.starts_with(b"@base ");
            let may_become = b"@prefix ".starts_with(rest) || b"@base ".starts_with(rest);
            if !is_directive {
                return !rest.is_empty() && !may_become;
            }
            match rest.iter().position(|&b| b == b'\n') {
                Some(i) => rest = &rest[i + 1..],
                None => return false,
            }
        }
    }

    fn release(&mut self) -> std::io::Result<()> {
        if let Some(head) = self.head.take() {
            self.inner.write_all(&sort_prelude(head))?;
        }
        Ok(())
    }

    /// Writes out anything held back and returns the inner writer.
    fn finish(mut self) -> std::io::Result<W> {
        self.release()?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for SortedPrelude<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.head {
            Some(head) => {
                head.extend_from_slice(buf);
                if Self::prelude_over(head) {
                    self.release()?;
                }
                Ok(buf.len())
            }
            None => self.inner.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.head {
            Some(_) => Ok(()),
            None => self.inner.flush(),
        }
    }
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

    /// A writer that takes one byte per call, as a worst case for the
    /// prelude sorter.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.extend_from_slice(&buf[..buf.len().min(1)]);
            Ok(buf.len().min(1))
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn streamed_prelude_is_sorted_as_a_whole_document_would_be() {
        let items = vec![doc("S/RES/2531 (2020)"), doc("S/RES/2374 (2017)")];
        let all = triples(&items);
        for triples in [&all[..], &all[..1], &[]] {
            let mut ser = RdfSerializer::from_format(RdfFormat::Turtle);
            for (p, ns) in TURTLE_PREFIXES {
                ser = ser.with_prefix(*p, *ns).expect("prefix");
            }
            let mut whole = ser.for_writer(Vec::new());
            for t in triples {
                whole.serialize_triple(t.as_ref()).expect("triple");
            }
            let want = sort_prelude(whole.finish().expect("finish"));
            let got = turtle_of(triples, Trickle(Vec::new())).expect("turtle").0;
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want)
            );
        }
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
