//! GraphML (<http://graphml.graphdrawing.org/>): the same attributes as the
//! GEXF export declared as typed `<key>`s, plus `label`, `kind` and `weight`
//! on edges; a directed graph that may hold parallel edges.

use std::fmt::Write;

use super::gexf::{edge_attrs, edge_values, node_attrs, node_values};
use super::{Export, xml_escape as esc};

fn graphml_type(t: &str) -> &str {
    match t {
        "integer" => "int",
        other => other,
    }
}

/// The export as a GraphML document.
pub fn graphml(ex: &Export) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    let _ = writeln!(
        out,
        "  <key id=\"n_label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>"
    );
    for (id, ty) in node_attrs() {
        let _ = writeln!(
            out,
            "  <key id=\"n_{id}\" for=\"node\" attr.name=\"{id}\" attr.type=\"{}\"/>",
            graphml_type(ty)
        );
    }
    for (id, ty) in [("label", "string"), ("kind", "string"), ("weight", "int")]
        .iter()
        .chain(edge_attrs())
    {
        let _ = writeln!(
            out,
            "  <key id=\"e_{id}\" for=\"edge\" attr.name=\"{id}\" attr.type=\"{}\"/>",
            graphml_type(ty)
        );
    }
    out.push_str("  <graph id=\"unsc-kg\" edgedefault=\"directed\">\n");
    let data = |out: &mut String, prefix: &str, id: &str, v: &str| {
        if !v.is_empty() {
            let _ = writeln!(out, "      <data key=\"{prefix}_{id}\">{}</data>", esc(v));
        }
    };
    for n in &ex.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", esc(&n.id));
        data(&mut out, "n", "label", &n.label);
        for ((id, _), v) in node_attrs().iter().zip(node_values(n)) {
            data(&mut out, "n", id, &v);
        }
        out.push_str("    </node>\n");
    }
    for e in &ex.edges {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            esc(&e.id),
            esc(&e.source),
            esc(&e.target)
        );
        data(&mut out, "e", "label", &e.kind);
        data(&mut out, "e", "kind", &e.kind);
        data(&mut out, "e", "weight", &e.weight.to_string());
        for ((id, _), v) in edge_attrs().iter().zip(edge_values(e)) {
            data(&mut out, "e", id, &v);
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
