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
//! an actor lifted to the paragraph's document.
//!
//! No (source, target, kind) is written twice in any layer: Gephi's import
//! merges such parallel edges, summing weights and keeping one relation and
//! one paragraph. So the facts an edge stands for are merged here instead,
//! visibly: the weight adds up, and `relation`, `pinpoint` and `paragraph`
//! list every distinct value in graph order, joined by [`LIST_SEPARATOR`].
//! The evidence is the first fact's. Edge ids carry the layer's letter
//! (`e` for the whole graph, `c` citations, `a` actors) so that edge lists
//! appended into one Gephi workspace do not collide.

mod dates;
pub mod gephi;
pub mod gexf;
pub mod graphml;
mod xml;

pub use dates::iso_day;
pub(crate) use dates::{IsoForm, iso_day_ref, iso_form};
pub use xml::{write_escaped, xml_escape};

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::graph::analysis;
use crate::graph::{EdgeKind, Graph, NodeKind};
use crate::model::{EvidenceRef, Item};
use crate::output::write_atomic_with;

/// Joins the distinct values of an edge's merged facts (`citesAsAuthority | cites`).
pub const LIST_SEPARATOR: &str = " | ";

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
pub struct ExNode<'g> {
    /// Canonical id.
    pub id: &'g str,
    /// Label.
    pub label: &'g str,
    /// Node kind (`document`, `actor` ...).
    pub kind: &'static str,
    /// Document type, paragraph role, actor class, vote outcome.
    pub class: &'g str,
    /// Date as extracted (ISO, or a year; empty when unknown).
    pub date: &'g str,
    /// UN symbol (empty when none).
    pub symbol: &'g str,
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

/// An edge ready to be written: every fact of one (source, target, kind).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExEdge<'g> {
    /// Edge id (`e0`, `e1` ... in export order; `c`, `a` for the layers).
    pub id: String,
    /// Source node id.
    pub source: &'g str,
    /// Target node id.
    pub target: &'g str,
    /// Edge kind (`cites`, `mentions` ...): keeps parallel edges apart.
    pub kind: &'static str,
    /// CiTO relations, vote positions, verbs: the distinct values, joined
    /// by [`LIST_SEPARATOR`].
    pub relation: Cow<'g, str>,
    /// Pinpoints in the target, joined the same way.
    pub pinpoint: Cow<'g, str>,
    /// The paragraphs holding the facts, joined the same way.
    pub paragraph: Cow<'g, str>,
    /// Facts aggregated.
    pub weight: u32,
    /// Evidence of the first fact.
    pub evidence: EvidenceRef<'g>,
    /// Date of the source (ISO, or a year; empty when unknown).
    pub date: &'g str,
}

/// Nodes and edges selected for export, in graph order.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Export<'g> {
    /// Nodes.
    pub nodes: Vec<ExNode<'g>>,
    /// Edges (their ends are always among the nodes).
    pub edges: Vec<ExEdge<'g>>,
}

/// Selects nodes and edges and computes their attributes (their text
/// borrowed from the graph).
pub fn select<'g>(graph: &'g Graph, sel: &Selection) -> Export<'g> {
    let picked = pick(graph, sel);
    Export {
        nodes: picked.nodes().collect(),
        edges: picked.edges().collect(),
    }
}

/// What a [`Selection`] keeps, as positions in the graph, with the degrees
/// in the export: the rows ([`ExNode`], [`ExEdge`]) are made one at a time
/// as they are written, so that exporting a large graph does not hold a
/// second copy of its strings.
pub struct Picked<'g> {
    graph: &'g Graph,
    /// The letter edge ids start with.
    prefix: &'static str,
    nodes: Vec<NodeIndex>,
    edges: Vec<Pick>,
    /// The facts of each exported edge (`Pick::members` ranges over it):
    /// a graph edge and the paragraph it was lifted from.
    members: Vec<(EdgeIndex, Option<NodeIndex>)>,
    indegree: Vec<u32>,
    outdegree: Vec<u32>,
    /// Citation degrees over the whole graph (cited by, cites).
    citations: Vec<(u32, u32)>,
}

/// An exported edge: the graph edge whose attributes it takes, its source
/// in the export (a paragraph's document, when lifted), the paragraph it
/// was lifted from, the facts it adds up and, once merged, where its
/// facts are in [`Picked::members`].
#[derive(Clone)]
struct Pick {
    edge: EdgeIndex,
    source: NodeIndex,
    lifted_from: Option<NodeIndex>,
    weight: u32,
    members: std::ops::Range<usize>,
}

/// Selects nodes and edges (see [`select`], which makes every row at once).
pub fn pick<'g>(graph: &'g Graph, sel: &Selection) -> Picked<'g> {
    let g = &graph.g;
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
    let nodes: Vec<NodeIndex> = g.node_indices().filter(|&n| keep(n)).collect();
    let mut edges: Vec<Pick> = Vec::new();
    for e in g.edge_indices() {
        let (mut s, t) = graph.ends(e);
        let kind = g[e].kind;
        let mut lifted_from = None;
        match sel.layer {
            Layer::All => {}
            Layer::Citations => {
                if !matches!(kind, EdgeKind::Cites | EdgeKind::AdoptedAs) {
                    continue;
                }
            }
            Layer::Actors => {
                if !matches!(g[t].kind, NodeKind::Actor | NodeKind::Person) {
                    continue;
                }
                if g[s].kind == NodeKind::Paragraph {
                    lifted_from = Some(s);
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
        edges.push(Pick {
            edge: e,
            source: s,
            lifted_from,
            weight: g[e].weight,
            members: 0..0,
        });
    }
    let (edges, members) = aggregate(graph, edges);
    let mut indegree = vec![0; g.node_count()];
    let mut outdegree = vec![0; g.node_count()];
    for p in &edges {
        outdegree[p.source.index()] += 1;
        indegree[graph.ends(p.edge).1.index()] += 1;
    }
    Picked {
        graph,
        prefix: match sel.layer {
            Layer::All => "e",
            Layer::Citations => "c",
            Layer::Actors => "a",
        },
        nodes,
        edges,
        members,
        indegree,
        outdegree,
        citations: analysis::degrees(graph.view(analysis::Layer::Citations)),
    }
}

/// Makes one edge of the picks with the same source, target and kind: the
/// first in graph order, with the weights added up and every pick kept as
/// one of its facts. Returns the merged picks in graph order and their facts.
fn aggregate(graph: &Graph, picks: Vec<Pick>) -> (Vec<Pick>, Vec<(EdgeIndex, Option<NodeIndex>)>) {
    let g = &graph.g;
    let key = |p: &Pick| {
        let (_, t) = graph.ends(p.edge);
        (p.source, t, g[p.edge].kind)
    };
    let mut order: Vec<usize> = (0..picks.len()).collect();
    order.sort_unstable_by(|&a, &b| key(&picks[a]).cmp(&key(&picks[b])).then(a.cmp(&b)));
    let mut members = Vec::with_capacity(picks.len());
    // (position of the group's first pick in graph order, the merged pick)
    let mut merged: Vec<(usize, Pick)> = Vec::new();
    for (i, &p) in order.iter().enumerate() {
        let pick = &picks[p];
        members.push((pick.edge, pick.lifted_from));
        let same = i > 0 && key(&picks[order[i - 1]]) == key(pick);
        match merged.last_mut() {
            Some((_, m)) if same => {
                m.weight += pick.weight;
                m.members.end = i + 1;
            }
            _ => merged.push((
                p,
                Pick {
                    members: i..i + 1,
                    ..pick.clone()
                },
            )),
        }
    }
    merged.sort_unstable_by_key(|(first, _)| *first);
    (merged.into_iter().map(|(_, m)| m).collect(), members)
}

/// The distinct non-empty values, in order, joined by [`LIST_SEPARATOR`]
/// (borrowed when there is at most one, as for most edges).
fn join_distinct<'a>(mut values: impl Iterator<Item = &'a str>) -> Cow<'a, str> {
    // Most edges hold one fact, or facts that agree: no list is made for
    // them (this runs for three fields of every edge of every export).
    let Some(first) = values.find(|v| !v.is_empty()) else {
        return Cow::Borrowed("");
    };
    let Some(second) = values.find(|v| !v.is_empty() && *v != first) else {
        return Cow::Borrowed(first);
    };
    let mut seen = vec![first, second];
    for v in values {
        if !v.is_empty() && !seen.contains(&v) {
            seen.push(v);
        }
    }
    Cow::Owned(seen.join(LIST_SEPARATOR))
}

impl<'g> Picked<'g> {
    /// The node rows, in graph order.
    pub fn nodes(&self) -> impl Iterator<Item = ExNode<'g>> + '_ {
        self.nodes.iter().map(|&n| {
            let d = &self.graph.g[n];
            let i = n.index();
            ExNode {
                id: &d.id,
                label: &d.label,
                kind: d.kind.as_str(),
                class: &d.class,
                date: d.date.as_deref().unwrap_or_default(),
                symbol: d.symbol.as_deref().unwrap_or_default(),
                in_corpus: d.in_corpus,
                indegree: self.indegree[i],
                outdegree: self.outdegree[i],
                cited_by: self.citations[i].0,
                cites: self.citations[i].1,
                pagerank: d.pagerank,
            }
        })
    }

    /// The edge rows, in graph order (ids `e0`, `e1` ..., `c0` ..., `a0` ...).
    pub fn edges(&self) -> impl Iterator<Item = ExEdge<'g>> + '_ {
        let g = &self.graph.g;
        let pool = &self.graph.pool;
        self.edges.iter().enumerate().map(move |(i, p)| {
            let (_, t) = self.graph.ends(p.edge);
            let facts = &self.members[p.members.clone()];
            let field = |f: fn(&crate::graph::EdgeData) -> Option<crate::graph::Sym>| {
                join_distinct(
                    facts
                        .iter()
                        .filter_map(|&(e, _)| f(&g[e]).map(|s| pool.get(s))),
                )
            };
            let paragraph = join_distinct(facts.iter().filter_map(|&(e, lifted)| match lifted {
                Some(n) => Some(g[n].id.as_str()),
                None => g[e].paragraph.map(|s| pool.get(s)),
            }));
            let mut id = String::with_capacity(self.prefix.len() + 20);
            id.push_str(self.prefix);
            id.push_str(itoa::Buffer::new().format(i));
            ExEdge {
                id,
                source: &g[p.source].id,
                target: &g[t].id,
                kind: g[p.edge].kind.as_str(),
                relation: field(|d| d.relation),
                pinpoint: field(|d| d.pinpoint),
                paragraph,
                weight: p.weight,
                evidence: self.graph.evidence_ref(p.edge),
                date: g[p.source].date.as_deref().unwrap_or_default(),
            }
        })
    }

    /// Number of nodes kept.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Number of edges kept.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
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

/// Rows of nodes, as a format writer takes them.
pub type NodeRows<'a, 'g> = &'a mut dyn Iterator<Item = ExNode<'g>>;
/// Rows of edges, as a format writer takes them.
pub type EdgeRows<'a, 'g> = &'a mut dyn Iterator<Item = ExEdge<'g>>;

/// A graph format written as one document: its name for `export
/// --format`, the file `build` writes it to, and its writer. A new format
/// is a file in this folder with a `write_*_rows` function and one line in
/// [`DOCUMENT_FORMATS`]: `build`, `export --format NAME` and `export
/// --format all` follow from the table.
pub struct DocumentFormat {
    /// The name `export --format` takes.
    pub name: &'static str,
    /// The file `build` writes the whole graph to.
    pub file: &'static str,
    /// Streams a document of the rows into `out`.
    pub write:
        for<'g> fn(NodeRows<'_, 'g>, EdgeRows<'_, 'g>, &mut dyn Write) -> std::io::Result<()>,
}

/// Every graph format written as one document, in the order `build`
/// lists them.
pub const DOCUMENT_FORMATS: &[DocumentFormat] = &[
    DocumentFormat {
        name: "gexf",
        file: "graph.gexf",
        write: |n, e, mut w| gexf::write_gexf_rows(n, e, &mut w),
    },
    DocumentFormat {
        name: "graphml",
        file: "graph.graphml",
        write: |n, e, mut w| graphml::write_graphml_rows(n, e, &mut w),
    },
];

/// The document format named `name`.
pub fn document_format(name: &str) -> Option<&'static DocumentFormat> {
    DOCUMENT_FORMATS.iter().find(|f| f.name == name)
}

/// Streams `ex` in format `f` into `out`.
pub fn write_document(
    f: &DocumentFormat,
    ex: &Export<'_>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    (f.write)(
        &mut ex.nodes.iter().cloned(),
        &mut ex.edges.iter().cloned(),
        out,
    )
}

/// How many files [`write_exports`] writes besides the document formats.
const OTHER_EXPORT_FILES: usize = 6;

/// The exports of rows, which `--gzip` compresses (`summary.json` and
/// `README.md`, a page each, stay as they are): the spreadsheets, then
/// the document formats' files.
pub fn data_files() -> impl Iterator<Item = &'static str> {
    ["nodes.csv", "edges.csv", "citations.csv", "actors.csv"]
        .into_iter()
        .chain(DOCUMENT_FORMATS.iter().map(|f| f.file))
}

/// How many files [`write_exports`] writes.
pub const EXPORT_FILES: usize = OTHER_EXPORT_FILES + DOCUMENT_FORMATS.len();

/// Writes every export of the whole graph into `dir` (which must exist):
/// `nodes.csv`, `edges.csv`, `citations.csv`, `actors.csv`, `graph.gexf`,
/// `graph.graphml`, `summary.json`, `README.md`; each streamed to disk
/// atomically, its rows made as they are written. Returns the paths written.
pub fn write_exports(dir: &Path, items: &[Item], graph: &Graph) -> Result<Vec<PathBuf>> {
    write_exports_with(dir, items, graph, false, &|_| {})
}

/// [`write_exports`], the [`data_files`] gzip-compressed when `gzip` is
/// asked (`edges.csv.gz` ...), calling `written` with each file's name
/// once it is in place (the files are written in parallel: in any order).
pub fn write_exports_with(
    dir: &Path,
    items: &[Item],
    graph: &Graph,
    gzip: bool,
    written: &(dyn Fn(&str) + Sync),
) -> Result<Vec<PathBuf>> {
    type Fill<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + Send + Sync + 'a>;
    let csv = |r: std::result::Result<&mut dyn Write, csv::Error>| {
        r.map(|_| ()).map_err(std::io::Error::other)
    };
    let layer = |layer| {
        pick(
            graph,
            &Selection {
                layer,
                doc_type: None,
            },
        )
    };
    let (all, citations, actors) = (
        pick(graph, &Selection::default()),
        layer(Layer::Citations),
        layer(Layer::Actors),
    );
    let mut summary_bytes =
        serde_json::to_vec_pretty(&summary(items, graph)).map_err(|e| Error::Write {
            path: dir.join("summary.json"),
            source: e.into(),
        })?;
    summary_bytes.push(b'\n');
    // Each file is written by its own task (they only read the graph), in
    // parallel; the list of paths keeps this order.
    let mut jobs: Vec<(&str, Fill)> = Vec::with_capacity(EXPORT_FILES);
    let csvs: [(&str, Fill); 4] = [
        (
            "nodes.csv",
            Box::new(|w| csv(gephi::write_node_rows(all.nodes(), w))),
        ),
        (
            "edges.csv",
            Box::new(|w| csv(gephi::write_edge_rows(all.edges(), w))),
        ),
        (
            "citations.csv",
            Box::new(|w| csv(gephi::write_edge_rows(citations.edges(), w))),
        ),
        (
            "actors.csv",
            Box::new(|w| csv(gephi::write_edge_rows(actors.edges(), w))),
        ),
    ];
    jobs.extend(csvs);
    for f in DOCUMENT_FORMATS {
        let all = &all;
        jobs.push((
            f.file,
            Box::new(move |w| {
                let (mut nodes, mut edges) = (all.nodes(), all.edges());
                (f.write)(&mut nodes, &mut edges, w)
            }),
        ));
    }
    jobs.push(("summary.json", Box::new(|w| w.write_all(&summary_bytes))));
    jobs.push(("README.md", Box::new(|w| w.write_all(README.as_bytes()))));
    debug_assert_eq!(jobs.len(), EXPORT_FILES);
    // Largest first, each file taken by the next free thread (longest
    // processing time first): the graph documents (GEXF, GraphML: the
    // biggest by far) start at once on two threads instead of one waiting
    // for the other, then `edges.csv`, then the small files fill in.
    let cost = |name: &str| match name {
        _ if DOCUMENT_FORMATS.iter().any(|f| f.file == name) => 0,
        "edges.csv" => 1,
        "nodes.csv" => 2,
        _ => 3,
    };
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| cost(jobs[i].0));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::OnceLock<Result<PathBuf>>> =
        jobs.iter().map(|_| std::sync::OnceLock::new()).collect();
    let work = || {
        while let Some(&i) = order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            let (name, fill) = &jobs[i];
            let name = crate::output::gzipped(name, gzip && data_files().any(|f| f == *name));
            let p = dir.join(&*name);
            let r = write_atomic_with(&p, |w| fill(w)).map(|()| {
                written(&name);
                p
            });
            let _ = done[i].set(r);
        }
    };
    rayon::scope(|s| {
        for _ in 1..rayon::current_num_threads().min(jobs.len()) {
            s.spawn(|_| work());
        }
        work();
    });
    // Every job ran (the loops end when the list is done), in list order.
    done.into_iter()
        .map(|r| r.into_inner().expect("every export job ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Empty values are skipped, the others kept once in the order first
    /// seen; one distinct value is borrowed.
    #[test]
    fn join_distinct_keeps_each_value_once_in_order() {
        for (values, joined, borrowed) in [
            (vec![], "", true),
            (vec!["", ""], "", true),
            (vec!["a"], "a", true),
            (vec!["", "a", "a", ""], "a", true),
            (vec!["a", "b"], "a | b", false),
            (vec!["b", "", "a", "b", "c", "a"], "b | a | c", false),
            (vec!["a", "a", "b", "a"], "a | b", false),
        ] {
            let got = join_distinct(values.iter().copied());
            assert_eq!(got, joined, "{values:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{values:?}");
        }
    }

    /// Facts two paragraphs hold about one actor become one document-level
    /// edge in the actors layer: the first paragraph's, weights added up.
    #[test]
    fn actors_layer_lifts_and_adds_up_paragraph_edges() {
        let items = crate::graph::store::parse_jsonl(
            r#"
{"kind":"document","id":"D","symbol":null,"doc_type":"letter","date":"2020","title":null,"agenda_item":null,"authors":[],"language":null,"file":"f","start":0,"end":1,"text":"D","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#p1","role":"body","clean":"x","file":"f","start":10,"end":20,"text":"first para","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#p2","role":"body","clean":"x","file":"f","start":30,"end":40,"text":"second par","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p2","actor":"state/mali","label":"Mali","class":"State","file":"f","start":35,"end":39,"text":"Mali","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p1","actor":"state/mali","label":"Mali","class":"State","file":"f","start":15,"end":19,"text":"Mali","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p1","actor":"state/mali","label":"Mali","class":"State","file":"f","start":12,"end":16,"text":"MALI","rule":"r"}
{"kind":"actor","doc":"D","paragraph":null,"actor":"state/mali","label":"Mali","class":"State","file":"f","start":2,"end":6,"text":"Mali","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p2","actor":"minusma","label":"MINUSMA","class":"Mission","file":"f","start":31,"end":38,"text":"MINUSMA","rule":"r"}
"#,
        )
        .unwrap();
        let g = Graph::from_items(&items);
        let sel = Selection {
            layer: Layer::Actors,
            doc_type: None,
        };
        let ex = select(&g, &sel);
        let rows: Vec<_> = ex
            .edges
            .iter()
            .map(|e| (e.id.as_str(), e.source, e.target, e.weight))
            .collect();
        assert_eq!(
            rows,
            [("a0", "D", "state/mali", 4), ("a1", "D", "minusma", 1)]
        );
        assert_eq!(ex.edges[0].evidence.text, "Mali");
        // Every paragraph the merged facts come from, in graph order.
        assert_eq!(ex.edges[0].paragraph, "D#p1 | D#p2");
        assert_eq!(ex.edges[0].date, "2020");
        assert_eq!(ex.edges[1].paragraph, "D#p2");
        let d = ex.nodes.iter().find(|n| n.id == "D").unwrap();
        assert_eq!((d.outdegree, d.indegree), (2, 0));
        let all = select(&g, &Selection::default());
        assert_eq!(all.edges.len(), g.edge_count());
        let p1 = all
            .edges
            .iter()
            .find(|e| e.source == "D#p1" && e.kind == "mentions");
        assert_eq!(p1.map(|e| e.weight), Some(2));
    }

    /// Gephi merged parallel edges on import (summing weights, keeping one
    /// relation): two citations of one target with different relations are
    /// one edge listing both, in every layer.
    #[test]
    fn parallel_edges_of_one_kind_become_one_edge_listing_their_facts() {
        let items = crate::graph::store::parse_jsonl(
            r#"
{"kind":"document","id":"D","symbol":null,"doc_type":"letter","date":"2020-06-29","title":null,"agenda_item":null,"authors":[],"language":null,"file":"f","start":0,"end":1,"text":"D","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#pp1","role":"preambular","clean":"x","file":"f","start":10,"end":20,"text":"first para","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#op1","role":"operative","clean":"x","file":"f","start":30,"end":40,"text":"second par","rule":"r"}
{"kind":"citation","doc":"D","paragraph":"D#pp1","target":"S/RES/2374 (2017)","pinpoint":null,"relation":"citesAsAuthority","verb":null,"file":"f","start":11,"end":15,"text":"2374","rule":"r"}
{"kind":"citation","doc":"D","paragraph":"D#op1","target":"S/RES/2374 (2017)","pinpoint":"paragraph 4","relation":"cites","verb":null,"file":"f","start":31,"end":35,"text":"2374","rule":"r"}
{"kind":"citation","doc":"D","paragraph":"D#op1","target":"S/RES/2374 (2017)","pinpoint":null,"relation":"cites","verb":null,"file":"f","start":36,"end":39,"text":"2374","rule":"r"}
"#,
        )
        .unwrap();
        let g = Graph::from_items(&items);
        for layer in [Layer::All, Layer::Citations] {
            let ex = select(
                &g,
                &Selection {
                    layer,
                    doc_type: None,
                },
            );
            let cites: Vec<_> = ex
                .edges
                .iter()
                .filter(|e| e.kind == "cites" && e.source == "D")
                .collect();
            assert_eq!(cites.len(), 1, "{layer:?} {cites:#?}");
            let e = cites[0];
            assert_eq!(e.weight, 3, "{layer:?}");
            // In graph order: the graph keeps one edge per relation.
            assert_eq!(e.relation, "cites | citesAsAuthority", "{layer:?}");
            assert_eq!(e.paragraph, "D#op1 | D#pp1", "{layer:?}");
            assert_eq!(e.pinpoint, "paragraph 4", "{layer:?}");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            xml_escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{FFFD}"
        );
        assert!(matches!(
            xml_escape("Côte d’Ivoire"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    proptest::proptest! {
        // The scan-first escaper against the definition, character by
        // character.
        #[test]
        fn escapes_like_the_definition(s in "([a-zé’]|[&<>\"'\n\r\t\u{1}\u{fffe}\u{ffff}\u{efbf}]|\\PC){0,30}") {
            let mut expected = String::new();
            for c in s.chars() {
                match c {
                    '&' => expected.push_str("&amp;"),
                    '<' => expected.push_str("&lt;"),
                    '>' => expected.push_str("&gt;"),
                    '"' => expected.push_str("&quot;"),
                    '\'' => expected.push_str("&apos;"),
                    '\n' => expected.push_str("&#10;"),
                    '\r' => expected.push_str("&#13;"),
                    '\t' => expected.push_str("&#9;"),
                    c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => expected.push('\u{FFFD}'),
                    c => expected.push(c),
                }
            }
            proptest::prop_assert_eq!(xml_escape(&s), expected);
        }
    }
}
