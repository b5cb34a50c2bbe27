//! GEXF 1.3 (<https://gexf.net/>): typed attributes declared once, a dynamic
//! graph whose nodes and edges start at their date (nodes appear on the
//! timeline and stay), edge `kind` keeping parallel edges of different kinds
//! apart, and `weight`.
//!
//! Attribute names avoid GEXF's own attribute names: `start` and `end` are
//! the time bounds of an element, and readers (networkx) let them overwrite
//! attributes of the same name, so the evidence's byte offsets are
//! `span_start` and `span_end`. `date` holds full ISO dates only and `year`
//! the year, so that each column has one type. networkx keeps no edge
//! `kind` (a GEXF attribute of the element): the same value is also the
//! `edge_kind` attribute value.
//!
//! Each node and edge is one line, its attribute values inline: at the
//! size of the record the indentation of one element per line cost a
//! sixth of the file (131 MB against 108 MB on the record-sized corpus),
//! and XML readers ignore it.

use std::borrow::{Borrow, Cow};
use std::io::{self, Write};

use super::{ExEdge, ExNode, Export, IsoForm, iso_day_ref, iso_form, write_escaped};

/// Node attributes: (id, type).
const NODE_ATTRS: [(&str, &str); 11] = [
    ("kind", "string"),
    ("class", "string"),
    ("date", "string"),
    ("year", "integer"),
    ("symbol", "string"),
    ("in_corpus", "boolean"),
    ("indegree", "integer"),
    ("outdegree", "integer"),
    ("cited_by", "integer"),
    ("cites", "integer"),
    ("pagerank", "double"),
];

/// Edge attributes: (id, type).
const EDGE_ATTRS: [(&str, &str); 9] = [
    ("relation", "string"),
    ("pinpoint", "string"),
    ("paragraph", "string"),
    ("file", "string"),
    ("span_start", "long"),
    ("span_end", "long"),
    ("quote", "string"),
    ("date", "string"),
    ("year", "integer"),
];

/// The node's attribute values in [`NODE_ATTRS`] order (text borrowed
/// from the node: they are made for every node of every export).
pub(crate) fn node_values<'a>(n: &ExNode<'a>) -> [Cow<'a, str>; 11] {
    [
        Cow::Borrowed(n.kind),
        Cow::Borrowed(n.class),
        full_date(n.date),
        year(n.date),
        Cow::Borrowed(n.symbol),
        Cow::Borrowed(if n.in_corpus { "true" } else { "false" }),
        number(n.indegree),
        number(n.outdegree),
        number(n.cited_by),
        number(n.cites),
        pagerank(n.pagerank),
    ]
}

/// The edge's attribute values in [`EDGE_ATTRS`] order (text borrowed
/// from the edge, as for nodes).
pub(crate) fn edge_values<'a>(e: &'a ExEdge<'_>) -> [Cow<'a, str>; 9] {
    [
        Cow::Borrowed(&e.relation),
        Cow::Borrowed(&e.pinpoint),
        Cow::Borrowed(&e.paragraph),
        Cow::Borrowed(e.evidence.file),
        number(e.evidence.start),
        number(e.evidence.end),
        Cow::Borrowed(e.evidence.text),
        full_date(e.date),
        year(e.date),
    ]
}

/// A PageRank to eight decimals. Every node but the documents has 0 (most
/// of them: paragraphs, actors, votes), written without formatting.
fn pagerank<'a>(x: f64) -> Cow<'a, str> {
    if x.to_bits() == 0 {
        Cow::Borrowed("0.00000000")
    } else {
        Cow::Owned(format!("{x:.8}"))
    }
}

fn number<'a>(x: impl itoa::Integer) -> Cow<'a, str> {
    Cow::Owned(itoa::Buffer::new().format(x).to_owned())
}

/// The `date` attribute: a full ISO date (`2020-06-29`) as extracted, else
/// empty (a year alone goes to `year`).
fn full_date(date: &str) -> Cow<'_, str> {
    match iso_form(date) {
        Some(IsoForm::Day) => Cow::Borrowed(date),
        _ => Cow::Borrowed(""),
    }
}

/// The `year` attribute: the year of an ISO date or of a year alone.
fn year(date: &str) -> Cow<'_, str> {
    match iso_form(date) {
        Some(_) => Cow::Borrowed(date[..4].trim_start_matches('0')),
        None => Cow::Borrowed(""),
    }
}

/// Node attribute declarations, shared with GraphML.
pub(crate) fn node_attrs() -> &'static [(&'static str, &'static str)] {
    &NODE_ATTRS
}

/// Edge attribute declarations, shared with GraphML.
pub(crate) fn edge_attrs() -> &'static [(&'static str, &'static str)] {
    &EDGE_ATTRS
}

fn attvalues<'a>(
    out: &mut impl Write,
    names: &[(&str, &str)],
    values: impl IntoIterator<Item = Cow<'a, str>>,
    extra: Option<(&str, &'a str)>,
) -> io::Result<()> {
    out.write_all(b"<attvalues>")?;
    let extra = extra.map(|(id, v)| ((id, ""), Cow::Borrowed(v)));
    for ((id, _), v) in names.iter().copied().zip(values).chain(extra) {
        if !v.is_empty() {
            // Piece by piece: the most frequent line of the file, cheaper
            // than through `fmt`.
            out.write_all(b"<attvalue for=\"")?;
            out.write_all(id.as_bytes())?;
            out.write_all(b"\" value=\"")?;
            write_escaped(out, &v)?;
            out.write_all(b"\"/>")?;
        }
    }
    out.write_all(b"</attvalues>")
}

/// An element's start tag: `open`, each attribute (its text up to the
/// value's opening quote, then the value escaped), the weight and the
/// start date when there are.
fn tag(
    out: &mut Vec<u8>,
    open: &[u8],
    attributes: &[(&[u8], &str)],
    weight: Option<u32>,
    date: &str,
) -> io::Result<()> {
    out.extend_from_slice(open);
    for (text, value) in attributes {
        out.extend_from_slice(text);
        write_escaped(out, value)?;
    }
    out.push(b'"');
    if let Some(w) = weight {
        out.extend_from_slice(b" weight=\"");
        out.extend_from_slice(itoa::Buffer::new().format(w).as_bytes());
        out.push(b'"');
    }
    if let Some(d) = iso_day_ref(date) {
        out.extend_from_slice(b" start=\"");
        out.extend_from_slice(d.as_bytes());
        out.push(b'"');
    }
    out.push(b'>');
    Ok(())
}

/// The export as a GEXF 1.3 document.
pub fn gexf(ex: &Export<'_>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and everything written is UTF-8.
    let _ = write_gexf(ex, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Streams the export as a GEXF 1.3 document into `out`.
pub fn write_gexf(ex: &Export<'_>, out: &mut impl Write) -> io::Result<()> {
    write_gexf_rows(ex.nodes.iter(), ex.edges.iter(), out)
}

/// Streams a GEXF 1.3 document of rows made as they are written.
pub(crate) fn write_gexf_rows<'g>(
    nodes: impl Iterator<Item = impl Borrow<ExNode<'g>>>,
    edges: impl Iterator<Item = impl Borrow<ExEdge<'g>>>,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    out.write_all(
        b"<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    )?;
    out.write_all(b"  <meta>\n    <creator>unsc-kg</creator>\n    <description>UN Security Council documents, citations and actors</description>\n  </meta>\n")?;
    out.write_all(
        b"  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\" timerepresentation=\"interval\">\n",
    )?;
    for (class, attrs) in [("node", node_attrs()), ("edge", edge_attrs())] {
        writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">")?;
        let extra: &[(&str, &str)] = if class == "edge" {
            &[("edge_kind", "string")]
        } else {
            &[]
        };
        for (id, ty) in attrs.iter().chain(extra) {
            writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>"
            )?;
        }
        out.write_all(b"    </attributes>\n")?;
    }
    out.write_all(b"    <nodes>\n")?;
    // Each element is put together in `line` and written at once (as in
    // the GraphML writer).
    let mut line: Vec<u8> = Vec::with_capacity(1024);
    for n in nodes {
        let n = n.borrow();
        line.clear();
        tag(
            &mut line,
            b"      <node",
            &[(b" id=\"", n.id), (b"\" label=\"", n.label)],
            None,
            n.date,
        )?;
        attvalues(&mut line, node_attrs(), node_values(n), None)?;
        line.extend_from_slice(b"</node>\n");
        out.write_all(&line)?;
    }
    out.write_all(b"    </nodes>\n    <edges>\n")?;
    for e in edges {
        let e = e.borrow();
        line.clear();
        tag(
            &mut line,
            b"      <edge",
            &[
                (b" id=\"", &e.id),
                (b"\" source=\"", e.source),
                (b"\" target=\"", e.target),
                (b"\" kind=\"", e.kind),
                (b"\" label=\"", e.kind),
            ],
            Some(e.weight),
            e.date,
        )?;
        attvalues(
            &mut line,
            edge_attrs(),
            edge_values(e),
            Some(("edge_kind", e.kind)),
        )?;
        line.extend_from_slice(b"</edge>\n");
        out.write_all(&line)?;
    }
    out.write_all(b"    </edges>\n  </graph>\n</gexf>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for zero writes what formatting writes, and only
    /// positive zero takes it.
    #[test]
    fn pagerank_is_written_as_formatting_writes_it() {
        for x in [0.0, -0.0, 1e-9, 5e-9, 0.123_456_785, 1.0, f64::MIN_POSITIVE] {
            assert_eq!(pagerank(x), format!("{x:.8}"), "{x:e}");
        }
        assert!(matches!(pagerank(0.0), Cow::Borrowed(_)));
    }
}
