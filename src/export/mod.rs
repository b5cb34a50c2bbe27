//! Exports for people who open the network in a tool rather than query it:
//! Gephi spreadsheet CSV (static and over time), GEXF 1.3, GraphML and
//! graph JSON lines.
//!
//! Every format is written from one [`Export`]: the nodes and edges a
//! [`Selection`] keeps (a layer, a document type), each node with its
//! attributes (kind, class, date, symbol, in-corpus flag, degrees in the
//! export, citation degrees and PageRank over the whole graph) and each edge
//! with its kind, relation, pinpoint, weight and evidence. Time is the date
//! of a node's document and, for an edge, the date of its source; a year
//! alone (`2017`, for a cited-only resolution) becomes its first day.
//!
//! Layers: `all` is the whole graph; `citations` keeps documents and the
//! document-to-document `cites` and `adopted_as` edges; `actors` keeps
//! documents, actors and persons, with every fact a paragraph holds about
//! an actor lifted to the paragraph's document (one edge per document, actor,
//! kind and relation; the weight adds up).

pub mod gephi;
pub mod gexf;
pub mod graphml;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::analysis;
use crate::graph::{EdgeKind, Graph, NodeKind};
use crate::model::{Evidence, Item};
use crate::output::write_atomic_with;

/// Which part of the graph to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Layer {
    /// Everything.
    #[default]
    All,
    /// Documents and the citations between them.
    Citations,
    /// Documents, actors and persons, and what links them.
    Actors,
}

impl Layer {
    /// Parses `all`, `citations` or `actors`.
    pub fn parse(s: &str) -> Option<Layer> {
        Some(match s {
            "all" => Layer::All,
            "citations" => Layer::Citations,
            "actors" => Layer::Actors,
            _ => return None,
        })
    }
}

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// The layer.
    pub layer: Layer,
    /// Keep only documents (and their paragraphs) of this type.
    pub doc_type: Option<String>,
}

/// A node ready to be written.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExNode {
    /// Canonical id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Node kind (`document`, `actor` ...).
    pub kind: String,
    /// Document type, paragraph role, actor class, vote outcome.
    pub class: String,
    /// Date as extracted (ISO, or a year).
    pub date: String,
    /// UN symbol.
    pub symbol: String,
    /// False for nodes only pointed at.
    pub in_corpus: bool,
    /// Edges arriving, in this export.
    pub indegree: u32,
    /// Edges leaving, in this export.
    pub outdegree: u32,
    /// Documents citing it (whole graph).
    pub cited_by: u32,
    /// Documents it cites (whole graph).
    pub cites: u32,
    /// PageRank over the whole citation graph (0 for non-documents).
    pub pagerank: f64,
}

/// An edge ready to be written.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExEdge {
    /// Edge id (`e0`, `e1` ... in export order).
    pub id: String,
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Edge kind (`cites`, `mentions` ...): keeps parallel edges apart.
    pub kind: String,
    /// CiTO relation, vote position, verb.
    pub relation: String,
    /// Pinpoint in the target.
    pub pinpoint: String,
    /// The paragraph holding the fact.
    pub paragraph: String,
    /// Facts aggregated.
    pub weight: u32,
    /// Evidence of the first fact.
    pub evidence: Evidence,
    /// Date of the source (ISO, or a year).
    pub date: String,
}

/// Nodes and edges selected for export, in graph order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Export {
    /// Nodes.
    pub nodes: Vec<ExNode>,
    /// Edges (their ends are always among the nodes).
    pub edges: Vec<ExEdge>,
}

/// Selects nodes and edges and computes their attributes.
pub fn select(graph: &Graph, sel: &Selection) -> Export {
    let g = &graph.g;
    let deg = analysis::degrees(graph.view(analysis::Layer::Citations));
    let type_ok = |n: NodeIndex| match (&sel.doc_type, graph.document_of(n)) {
        (Some(t), Some(d)) => g[d].class == *t,
        _ => true,
    };
    let keep = |n: NodeIndex| {
        let k = g[n].kind;
        type_ok(n)
            && match sel.layer {
                Layer::All => true,
                Layer::Citations => k == NodeKind::Document,
                Layer::Actors => {
                    matches!(k, NodeKind::Document | NodeKind::Actor | NodeKind::Person)
                }
            }
    };
    let kept: Vec<NodeIndex> = g.node_indices().filter(|&n| keep(n)).collect();
    // Edges as (source, target, kind, relation) -> edge, aggregated when lifted.
    let mut edges: BTreeMap<(u32, u32, EdgeKind, String), ExEdge> = BTreeMap::new();
    let mut order: Vec<(u32, u32, EdgeKind, String)> = Vec::new();
    for e in g.edge_indices() {
        let (mut s, t) = graph.ends(e);
        let w = graph.edge(e);
        let mut paragraph = w.paragraph.clone();
        match sel.layer {
            Layer::All => {}
            Layer::Citations => {
                if !matches!(w.kind, EdgeKind::Cites | EdgeKind::AdoptedAs) {
                    continue;
                }
            }
            Layer::Actors => {
                if !matches!(g[t].kind, NodeKind::Actor | NodeKind::Person) {
                    continue;
                }
                if g[s].kind == NodeKind::Paragraph {
                    paragraph = Some(g[s].id.clone());
                    match graph.document_of(s) {
                        Some(d) => s = d,
                        None => continue,
                    }
                }
            }
        }
        if !keep(s) || !keep(t) {
            continue;
        }
        let key = (
            s.index() as u32,
            t.index() as u32,
            w.kind,
            w.relation.clone().unwrap_or_default(),
        );
        match edges.get_mut(&key) {
            Some(old) => old.weight += w.weight,
            None => {
                order.push(key.clone());
                edges.insert(
                    key,
                    ExEdge {
                        id: String::new(),
                        source: g[s].id.clone(),
                        target: g[t].id.clone(),
                        kind: w.kind.as_str().to_string(),
                        relation: w.relation.clone().unwrap_or_default(),
                        pinpoint: w.pinpoint.clone().unwrap_or_default(),
                        paragraph: paragraph.unwrap_or_default(),
                        weight: w.weight,
                        evidence: w.ev.clone(),
                        date: g[s].date.clone().unwrap_or_default(),
                    },
                );
            }
        }
    }
    let mut out_edges: Vec<ExEdge> = Vec::with_capacity(order.len());
    let mut indeg: BTreeMap<u32, u32> = BTreeMap::new();
    let mut outdeg: BTreeMap<u32, u32> = BTreeMap::new();
    for (i, key) in order.iter().enumerate() {
        if let Some(mut e) = edges.remove(key) {
            e.id = format!("e{i}");
            *outdeg.entry(key.0).or_default() += 1;
            *indeg.entry(key.1).or_default() += 1;
            out_edges.push(e);
        }
    }
    let nodes = kept
        .iter()
        .map(|&n| {
            let d = &g[n];
            let i = n.index();
            ExNode {
                id: d.id.clone(),
                label: d.label.clone(),
                kind: d.kind.as_str().to_string(),
                class: d.class.clone(),
                date: d.date.clone().unwrap_or_default(),
                symbol: d.symbol.clone().unwrap_or_default(),
                in_corpus: d.in_corpus,
                indegree: indeg.get(&(i as u32)).copied().unwrap_or(0),
                outdegree: outdeg.get(&(i as u32)).copied().unwrap_or(0),
                cited_by: deg[i].0,
                cites: deg[i].1,
                pagerank: d.pagerank,
            }
        })
        .collect();
    Export {
        nodes,
        edges: out_edges,
    }
}

/// A date as Gephi's timeline reads it: ISO `YYYY-MM-DD`; a year alone or a
/// year and month become the first day; anything else is no date.
pub fn iso_day(date: &str) -> Option<String> {
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y] if ok(y, 4) => Some(format!("{y}-01-01")),
        [y, m] if ok(y, 4) && ok(m, 2) => Some(format!("{y}-{m}-01")),
        [y, m, d] if ok(y, 4) && ok(m, 2) && ok(d, 2) => Some(date.to_string()),
        _ => None,
    }
}

/// The graph as JSON lines: one `{"type":"node",...}` per node, then one
/// `{"type":"edge",...}` per edge.
pub fn jsonl(ex: &Export) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_jsonl(ex, &mut out);
    out
}

/// Streams the graph as JSON lines into `out` (see [`jsonl`]).
pub fn write_jsonl(ex: &Export, out: &mut impl std::io::Write) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Tagged<'a, T> {
        r#type: &'static str,
        #[serde(flatten)]
        value: &'a T,
    }
    for n in &ex.nodes {
        let v = Tagged {
            r#type: "node",
            value: n,
        };
        serde_json::to_writer(&mut *out, &v)?;
        out.write_all(b"\n")?;
    }
    for e in &ex.edges {
        let v = Tagged {
            r#type: "edge",
            value: e,
        };
        serde_json::to_writer(&mut *out, &v)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Escapes text for an XML attribute or element: markup characters, and
/// line breaks and tabs as character references so that they survive
/// attribute normalization. Characters XML 1.0 cannot hold (other control
/// characters) become U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `README.md` of the exports folder: what each file is and how to open it.
pub const README: &str = include_str!("README.md");

/// Counts for `summary.json`: items by kind (when items are given), nodes
/// and edges by kind.
pub fn summary(items: &[Item], graph: &Graph) -> serde_json::Value {
    let mut by_item: BTreeMap<&str, usize> = BTreeMap::new();
    for it in items {
        *by_item.entry(it.kind()).or_default() += 1;
    }
    let mut by_node: BTreeMap<&str, usize> = BTreeMap::new();
    for n in graph.g.node_weights() {
        *by_node.entry(n.kind.as_str()).or_default() += 1;
    }
    let mut by_edge: BTreeMap<&str, usize> = BTreeMap::new();
    for e in graph.g.edge_weights() {
        *by_edge.entry(e.kind.as_str()).or_default() += 1;
    }
    let mut v = serde_json::json!({
        "nodes": graph.node_count(),
        "edges": graph.edge_count(),
        "nodes_by_kind": by_node,
        "edges_by_kind": by_edge,
    });
    if !items.is_empty() {
        v["items"] = items.len().into();
        v["items_by_kind"] = serde_json::json!(by_item);
    }
    v
}

/// Writes every export of the whole graph into `dir` (which must exist):
/// `nodes.csv`, `edges.csv`, `citations.csv`, `actors.csv`, `graph.gexf`,
/// `graph.graphml`, `summary.json`, `README.md`; each streamed to disk
/// atomically, one layer in memory at a time. Returns the paths written.
pub fn write_exports(dir: &Path, items: &[Item], graph: &Graph) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut write = |name: &str, fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>| {
        let p = dir.join(name);
        write_atomic_with(&p, fill)?;
        written.push(p);
        Ok::<(), Error>(())
    };
    let csv = |r: std::result::Result<&mut dyn Write, csv::Error>| {
        r.map(|_| ()).map_err(std::io::Error::other)
    };
    let all = select(graph, &Selection::default());
    write("nodes.csv", &mut |w| csv(gephi::write_nodes_csv(&all, w)))?;
    write("edges.csv", &mut |w| csv(gephi::write_edges_csv(&all, w)))?;
    let citations = select(
        graph,
        &Selection {
            layer: Layer::Citations,
            doc_type: None,
        },
    );
    write("citations.csv", &mut |w| {
        csv(gephi::write_edges_csv(&citations, w))
    })?;
    drop(citations);
    let actors = select(
        graph,
        &Selection {
            layer: Layer::Actors,
            doc_type: None,
        },
    );
    write("actors.csv", &mut |w| {
        csv(gephi::write_edges_csv(&actors, w))
    })?;
    drop(actors);
    write("graph.gexf", &mut |mut w| gexf::write_gexf(&all, &mut w))?;
    write("graph.graphml", &mut |mut w| {
        graphml::write_graphml(&all, &mut w)
    })?;
    drop(all);
    let mut summary_bytes =
        serde_json::to_vec_pretty(&summary(items, graph)).map_err(|e| Error::Write {
            path: dir.join("summary.json"),
            source: e.into(),
        })?;
    summary_bytes.push(b'\n');
    write("summary.json", &mut |w| w.write_all(&summary_bytes))?;
    write("README.md", &mut |w| w.write_all(README.as_bytes()))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days() {
        assert_eq!(iso_day("2017").as_deref(), Some("2017-01-01"));
        assert_eq!(iso_day("2020-06").as_deref(), Some("2020-06-01"));
        assert_eq!(iso_day("2020-06-29").as_deref(), Some("2020-06-29"));
        assert_eq!(iso_day("undated"), None);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}"
        );
    }
}
