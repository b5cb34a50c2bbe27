//! GraphML (<http://graphml.graphdrawing.org/>): the same attributes as the
//! GEXF export declared as typed `<key>`s, plus `label`, `kind` and `weight`
//! on edges; a directed graph that may hold parallel edges.
//!
//! GraphML ids are XML `NMTOKEN`s (no `/`, space, `#` or parentheses), which
//! UN symbols are not (`S/RES/2531 (2020)#op4`): nodes get minted ids `n0`,
//! `n1` ... in export order, and the canonical id is the `name` attribute
//! (the attribute igraph names vertices by).
//!
//! Each node and edge is one line, its data inline (as in the GEXF: the
//! indentation of one element per line was a seventh of the file).

use std::borrow::Borrow;
use std::io::{self, Write};

use rustc_hash::FxHashMap;

use super::gexf::{edge_attrs, edge_values, node_attrs, node_values};
use super::{ExEdge, ExNode, Export, write_escaped};

fn graphml_type(t: &str) -> &str {
    match t {
        "integer" => "int",
        other => other,
    }
}

/// The export as a GraphML document.
pub fn graphml(ex: &Export<'_>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail, and everything written is UTF-8.
    let _ = write_graphml(ex, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn data(out: &mut impl Write, prefix: &str, id: &str, v: &str) -> io::Result<()> {
    if v.is_empty() {
        return Ok(());
    }
    // Piece by piece: the most frequent line of the file, cheaper than
    // through `fmt`.
    out.write_all(b"<data key=\"")?;
    out.write_all(prefix.as_bytes())?;
    out.write_all(b"_")?;
    out.write_all(id.as_bytes())?;
    out.write_all(b"\">")?;
    write_escaped(out, v)?;
    out.write_all(b"</data>")
}

/// Streams the export as a GraphML document into `out`.
pub fn write_graphml(ex: &Export<'_>, out: &mut impl Write) -> io::Result<()> {
    write_graphml_rows(ex.nodes.iter(), ex.edges.iter(), out)
}

/// Streams a GraphML document of rows made as they are written.
pub(crate) fn write_graphml_rows<'g>(
    nodes: impl Iterator<Item = impl Borrow<ExNode<'g>>>,
    edges: impl Iterator<Item = impl Borrow<ExEdge<'g>>>,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    out.write_all(
        b"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    for key in ["name", "label"] {
        writeln!(
            out,
            "  <key id=\"n_{key}\" for=\"node\" attr.name=\"{key}\" attr.type=\"string\"/>"
        )?;
    }
    for (id, ty) in node_attrs() {
        writeln!(
            out,
            "  <key id=\"n_{id}\" for=\"node\" attr.name=\"{id}\" attr.type=\"{}\"/>",
            graphml_type(ty)
        )?;
    }
    for (id, ty) in [("label", "string"), ("kind", "string"), ("weight", "int")]
        .iter()
        .chain(edge_attrs())
    {
        writeln!(
            out,
            "  <key id=\"e_{id}\" for=\"edge\" attr.name=\"{id}\" attr.type=\"{}\"/>",
            graphml_type(ty)
        )?;
    }
    out.write_all(b"  <graph id=\"unsc-kg\" edgedefault=\"directed\">\n")?;
    // Canonical id -> minted id, for the edges' ends.
    let mut minted: FxHashMap<&str, usize> = FxHashMap::default();
    // Each element is put together in `line` and written at once: a
    // dozen small writes per row through the file's layers cost more
    // than one copy.
    let mut line: Vec<u8> = Vec::with_capacity(1024);
    for n in nodes {
        let n = n.borrow();
        let i = minted.len();
        minted.entry(n.id).or_insert(i);
        line.clear();
        line.extend_from_slice(b"    <node id=\"n");
        line.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
        line.extend_from_slice(b"\">");
        data(&mut line, "n", "name", n.id)?;
        data(&mut line, "n", "label", n.label)?;
        for ((id, _), v) in node_attrs().iter().zip(node_values(n)) {
            data(&mut line, "n", id, &v)?;
        }
        line.extend_from_slice(b"</node>\n");
        out.write_all(&line)?;
    }
    let end = |id: &str| {
        minted.get(id).copied().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("edge end {id} is not among the exported nodes"),
            )
        })
    };
    for e in edges {
        let e = e.borrow();
        let (s, t) = (end(e.source)?, end(e.target)?);
        line.clear();
        line.extend_from_slice(b"    <edge id=\"");
        write_escaped(&mut line, &e.id)?;
        line.extend_from_slice(b"\" source=\"n");
        line.extend_from_slice(itoa::Buffer::new().format(s).as_bytes());
        line.extend_from_slice(b"\" target=\"n");
        line.extend_from_slice(itoa::Buffer::new().format(t).as_bytes());
        line.extend_from_slice(b"\">");
        data(&mut line, "e", "label", e.kind)?;
        data(&mut line, "e", "kind", e.kind)?;
        data(
            &mut line,
            "e",
            "weight",
            itoa::Buffer::new().format(e.weight),
        )?;
        for ((id, _), v) in edge_attrs().iter().zip(edge_values(e)) {
            data(&mut line, "e", id, &v)?;
        }
        line.extend_from_slice(b"</edge>\n");
        out.write_all(&line)?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}
