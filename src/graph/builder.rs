//! Building the graph from the item stream: the bookkeeping of nodes
//! (placeholders for what is only pointed at, replaced when the real node
//! comes), of aggregated edges (one per source, target, kind and relation,
//! with a weight and the first evidence) and the final ordering that makes
//! the graph the same whatever the order of the items.
//!
//! What each kind of item adds is in [`items`], one method per kind; this
//! file is the machinery they share.

mod items;

use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasherDefault;

use rustc_hash::FxHasher;

use super::{EdgeData, EdgeKind, Graph, Node, NodeKind, Pool, Sym, adoption, pool};
use crate::error::OffsetOverflow;
use crate::model::{DocType, Evidence, Item};

/// The lesser of two optional values, `None` counting as absent.
fn least<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Builds a graph from an item stream given in parts (one file at a time),
/// so that the items need not all be in memory at once. Gives the same
/// graph as [`Graph::from_items`] of all the parts in order: a document
/// read later replaces the cited-only node made for it earlier.
#[derive(Default)]
pub struct GraphBuilder(Builder);

impl GraphBuilder {
    /// Adds the nodes and edges of `items`; an error when the graph's
    /// strings pass what its 32-bit offsets address (the graph is then
    /// incomplete and should not be finished).
    pub fn add(&mut self, items: &[Item]) -> Result<(), OffsetOverflow> {
        self.0.add(items)
    }

    /// The warnings about what the sources added so far say together (a
    /// resolution's date or meeting on which two sources disagree), each
    /// once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.0.warnings)
    }

    /// The graph of everything added, with PageRank computed; an error
    /// when its strings pass what 32-bit offsets address.
    pub fn finish(self) -> Result<Graph, OffsetOverflow> {
        let mut g = self.0.finish()?;
        g.compute_pagerank();
        Ok(g)
    }
}

/// Collects nodes and aggregated edges keyed by id, then orders them.
///
/// Ids and the strings of edges are interned as they come, so that an
/// aggregated edge is a few numbers (its strings stored once for the whole
/// graph, however many edges quote them) and memory grows with the graph,
/// not with the text read.
#[derive(Default)]
struct Builder {
    /// Node ids and the strings of edges, each stored once.
    pool: Pool,
    /// The nodes (with their id's symbol) in the order they came.
    nodes: Vec<(Sym, Node)>,
    /// A node's position in `nodes` by the symbol of its id (`NONE` when
    /// the string is not a node's id).
    node_of: Vec<u32>,
    /// Ids of nodes made up because something pointed at them.
    placeholders: FxHashSet<Sym>,
    /// One edge per source, target, kind and relation (`""` for none); its
    /// strings are symbols of [`Builder::pool`].
    edges: Vec<(EdgeKey, EdgeData)>,
    /// Positions in `edges` by key.
    edge_index: pool::Index,
    /// Documents with authors (id, authors, evidence), linked in `finish`.
    authors: Vec<(String, Vec<String>, Evidence)>,
    /// What each source says of each resolution's adoption.
    adoptions: adoption::Adoptions,
    /// Meetings dated by a meeting item (a meetings table row, the record's
    /// cover page): their date outranks one a decision gives.
    dated_meetings: FxHashSet<String>,
    /// How many decisions on a draft without a symbol each meeting had.
    unnamed_drafts: rustc_hash::FxHashMap<String, u32>,
    /// Warnings not yet taken.
    warnings: Vec<String>,
}

/// No position.
const NONE: u32 = u32::MAX;

/// What aggregates edges: source, target, kind and relation (`""` for none).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct EdgeKey {
    src: Sym,
    dst: Sym,
    kind: EdgeKind,
    relation: Sym,
}

type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

impl Builder {
    /// Links documents to their authors named in document metadata, when
    /// they name a known actor (of two actors with one label, the greater id).
    fn link_authors(&mut self) -> Result<(), OffsetOverflow> {
        let mut by_label: BTreeMap<String, &str> = BTreeMap::new();
        for (_, n) in &self.nodes {
            if matches!(n.kind, NodeKind::Actor | NodeKind::Person) {
                let id = by_label.entry(n.label.to_lowercase()).or_insert(&n.id);
                *id = (*id).max(n.id.as_str());
            }
        }
        let by_label: BTreeMap<String, String> = by_label
            .into_iter()
            .map(|(label, id)| (label, id.to_string()))
            .collect();
        for (doc, authors, ev) in std::mem::take(&mut self.authors) {
            for a in &authors {
                if let Some(actor) = by_label.get(&a.to_lowercase()) {
                    self.edge(&doc, actor, EdgeKind::SubmittedBy, None, None, None, &ev)?;
                }
            }
        }
        Ok(())
    }

    /// The position of the node with this id.
    fn position(&self, id: &str) -> Option<usize> {
        let sym = self.pool.lookup(id)?;
        self.position_of(sym)
    }

    /// The position of the node whose id has this symbol.
    fn position_of(&self, sym: Sym) -> Option<usize> {
        let at = *self.node_of.get(sym.0 as usize)?;
        (at != NONE).then_some(at as usize)
    }

    /// The node with this id, if there is one.
    fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        let at = self.position(id)?;
        Some(&mut self.nodes[at].1)
    }

    /// Whether there is a node with this id.
    fn has(&self, id: &str) -> bool {
        self.position(id).is_some()
    }

    /// Adds a node that is not there yet.
    fn insert(&mut self, sym: Sym, node: Node) {
        let at = sym.0 as usize;
        if self.node_of.len() <= at {
            self.node_of.resize(at + 1, NONE);
        }
        self.node_of[at] = self.nodes.len() as u32;
        self.nodes.push((sym, node));
    }

    /// Inserts a node, replacing a placeholder; merges aliases.
    fn put(&mut self, node: Node) -> Result<(), OffsetOverflow> {
        let sym = self.pool.intern(&node.id)?;
        let Some(at) = self.position_of(sym) else {
            self.insert(sym, node);
            return Ok(());
        };
        let old = &mut self.nodes[at].1;
        if self.placeholders.remove(&sym) {
            let mut aliases = std::mem::take(&mut old.aliases);
            *old = node;
            aliases.append(&mut old.aliases);
            aliases.sort();
            aliases.dedup();
            old.aliases = aliases;
        } else {
            for a in node.aliases {
                if let Err(pos) = old.aliases.binary_search(&a) {
                    old.aliases.insert(pos, a);
                }
            }
        }
        Ok(())
    }

    /// Makes sure a node with this id exists: `make`'s, marked as a
    /// placeholder, when there is none.
    fn placeholder(&mut self, id: &str, make: impl FnOnce() -> Node) -> Result<(), OffsetOverflow> {
        let sym = self.pool.intern(id)?;
        if self.position_of(sym).is_none() {
            self.placeholders.insert(sym);
            self.insert(sym, make());
        }
        Ok(())
    }

    /// Makes sure a document node exists (a cited-only one if unknown).
    fn doc(&mut self, id: &str) -> Result<(), OffsetOverflow> {
        self.doc_typed(id, DocType::from_symbol(id))
    }

    /// Makes sure a document node exists, of type `t` if it is made here.
    fn doc_typed(&mut self, id: &str, t: DocType) -> Result<(), OffsetOverflow> {
        self.placeholder(id, || Node {
            date: symbol_year(id),
            symbol: id.starts_with("S/").then(|| id.to_string()),
            ..Node::stub(NodeKind::Document, id, id, t.as_str())
        })?;
        Ok(())
    }

    /// Makes sure an actor node exists; `known` gives its label and class.
    fn actor(&mut self, id: &str, known: Option<(&str, &str)>) -> Result<(), OffsetOverflow> {
        if let Some((label, class)) = known
            && let Some(sym) = self.pool.lookup(id)
            && self.placeholders.contains(&sym)
            && let Some(at) = self.position_of(sym)
            && let n = &mut self.nodes[at].1
            && n.class.is_empty()
        {
            n.label = label.to_string();
            n.class = class.to_string();
            if class == "Person" {
                n.kind = NodeKind::Person;
            }
        }
        self.placeholder(id, || {
            let (label, class) = known.unwrap_or((id.rsplit('/').next().unwrap_or(id), ""));
            let kind = if class == "Person" {
                NodeKind::Person
            } else {
                NodeKind::Actor
            };
            Node::stub(kind, id, label, class)
        })?;
        Ok(())
    }

    /// Makes sure a meeting node exists (unless the record is a document).
    fn meeting(&mut self, id: &str) -> Result<(), OffsetOverflow> {
        self.placeholder(id, || Node {
            symbol: Some(id.to_string()),
            ..Node::stub(NodeKind::Meeting, id, id, "meeting")
        })?;
        Ok(())
    }

    /// The vote node on a draft, created if needed; returns its id.
    /// The vote node of the `n`th decision at `meeting` on a draft that has
    /// no symbol (an oral draft, a row that links only the record):
    /// `vote:S/PV.384/1`.
    fn unnamed_vote(&mut self, meeting: &str) -> Result<String, OffsetOverflow> {
        let n = self.unnamed_drafts.entry(meeting.to_string()).or_default();
        *n += 1;
        let id = format!("vote:{meeting}/{n}");
        let sym = self.pool.intern(&id)?;
        if self.position_of(sym).is_none() {
            let node = Node::stub(NodeKind::Vote, &id, &format!("Vote at {meeting}"), "");
            self.insert(sym, node);
        }
        Ok(id)
    }

    fn vote(&mut self, on: &str) -> Result<String, OffsetOverflow> {
        let id = format!("vote:{on}");
        let sym = self.pool.intern(&id)?;
        if self.position_of(sym).is_none() {
            let node = Node::stub(NodeKind::Vote, &id, &format!("Vote on {on}"), "");
            self.insert(sym, node);
        }
        Ok(id)
    }

    /// The node that holds a fact: the paragraph when it is a node, else the
    /// document.
    fn holder(&mut self, doc: &str, paragraph: Option<&str>) -> Result<String, OffsetOverflow> {
        Ok(match paragraph {
            Some(p) if self.has(p) => p.to_string(),
            _ => {
                self.doc(doc)?;
                doc.to_string()
            }
        })
    }

    /// Adds a fact to the edge of its source, target, kind and relation:
    /// one more in its weight, and its evidence when it comes first in
    /// file order.
    #[allow(clippy::too_many_arguments)]
    fn edge(
        &mut self,
        src: &str,
        dst: &str,
        kind: EdgeKind,
        relation: Option<&str>,
        pinpoint: Option<&str>,
        paragraph: Option<&str>,
        ev: &Evidence,
    ) -> Result<(), OffsetOverflow> {
        let pool = &mut self.pool;
        let key = EdgeKey {
            src: pool.intern(src)?,
            dst: pool.intern(dst)?,
            kind,
            relation: pool.intern(relation.unwrap_or(""))?,
        };
        let new = |pool: &mut Pool, weight| -> Result<EdgeData, OffsetOverflow> {
            let mut opt = |v: Option<&str>| v.map(|s| pool.intern(s)).transpose();
            Ok(EdgeData {
                kind,
                relation: opt(relation)?,
                pinpoint: opt(pinpoint)?,
                paragraph: opt(paragraph)?,
                weight,
                file: pool.intern(&ev.file)?,
                start: ev.start as u64,
                end: ev.end as u64,
                text: pool.intern(&ev.text)?,
                rule: pool.intern(&ev.rule)?,
            })
        };
        let h = pool::hash(&key);
        let edges = &mut self.edges;
        match self.edge_index.find(h, |at| edges[at as usize].0 == key) {
            Some(at) => {
                let old = &mut edges[at as usize].1;
                let weight = old.weight + 1;
                let first = (ev.file.as_str(), ev.start as u64, ev.end)
                    < (pool.get(old.file), old.start, old.end as usize);
                if first {
                    *old = new(pool, weight)?;
                } else {
                    old.weight = weight;
                }
            }
            None => {
                self.edge_index.insert(h, edges.len() as u32, |at| {
                    pool::hash(&edges[at as usize].0)
                });
                edges.push((key, new(pool, 1)?));
            }
        }
        Ok(())
    }

    /// The graph: nodes ordered by kind then id, edges by source, target,
    /// kind and relation (edges to ids that are not nodes dropped), and the
    /// strings of the edges in a pool of their own, in the order the edges
    /// first use them (what [`Graph::from_parts`] makes of the same edges).
    fn finish(mut self) -> Result<Graph, OffsetOverflow> {
        self.link_authors()?;
        let Builder {
            pool,
            mut nodes,
            node_of: mut pos,
            mut edges,
            edge_index,
            ..
        } = self;
        drop(edge_index);
        nodes.sort_unstable_by(|a, b| (a.1.kind, &a.1.id).cmp(&(b.1.kind, &b.1.id)));
        for (i, (sym, _)) in nodes.iter().enumerate() {
            pos[sym.0 as usize] = i as u32;
        }
        // Both collected in place: the vectors keep their memory.
        let nodes: Vec<Node> = nodes.into_iter().map(|(_, n)| n).collect();
        let at = |s: Sym| pos.get(s.0 as usize).copied().unwrap_or(NONE);
        edges.retain(|(k, _)| at(k.src) != NONE && at(k.dst) != NONE);
        let mut edges: Vec<(u32, u32, EdgeData)> = edges
            .into_iter()
            .map(|(k, e)| (at(k.src), at(k.dst), e))
            .collect();
        drop(pos);
        let relation = |e: &EdgeData| e.relation.map(|r| pool.get(r));
        edges.sort_unstable_by(|a, b| {
            (a.0, a.1, a.2.kind)
                .cmp(&(b.0, b.1, b.2.kind))
                .then_with(|| relation(&a.2).cmp(&relation(&b.2)))
        });
        let mut strings = Pool::default();
        let mut renamed = vec![NONE; pool.len()];
        let mut rename = |s: Sym| -> Result<Sym, OffsetOverflow> {
            let new = &mut renamed[s.0 as usize];
            if *new == NONE {
                *new = strings.push(pool.get(s))?.0;
            }
            Ok(Sym(*new))
        };
        for (_, _, e) in &mut edges {
            e.relation = e.relation.map(&mut rename).transpose()?;
            e.pinpoint = e.pinpoint.map(&mut rename).transpose()?;
            e.paragraph = e.paragraph.map(&mut rename).transpose()?;
            e.file = rename(e.file)?;
            e.text = rename(e.text)?;
            e.rule = rename(e.rule)?;
        }
        drop(renamed);
        drop(pool);
        Ok(Graph::from_data(nodes, edges, strings).expect("builder ids are unique"))
    }
}

/// The year of a symbol like `S/RES/2531 (2020)` or `S/2020/600`.
fn symbol_year(id: &str) -> Option<String> {
    if let Some(open) = id.rfind('(') {
        let y = id[open + 1..].trim_end_matches(')');
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
            return Some(y.to_string());
        }
    }
    let mut parts = id.split('/');
    if parts.next() == Some("S") {
        let y = parts.next()?;
        if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && parts.next().is_some() {
            return Some(y.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::store;

    fn items(lines: &str) -> Vec<Item> {
        store::parse_jsonl(lines).unwrap()
    }

    const SMALL: &str = r#"
{"kind":"document","id":"D","symbol":null,"doc_type":"letter","date":null,"title":null,"agenda_item":null,"authors":["MALI"],"language":null,"file":"f","start":0,"end":1,"text":"D","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#p1","role":"body","clean":"x","file":"f","start":10,"end":20,"text":"first para","rule":"r"}
{"kind":"paragraph","doc":"D","id":"D#p2","role":"body","clean":"x","file":"f","start":30,"end":40,"text":"second par","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p2","actor":"zz/mali","label":"Mali","class":"State","file":"f","start":35,"end":39,"text":"Mali","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p1","actor":"state/mali","label":"Mali","class":"State","file":"f","start":15,"end":19,"text":"Mali","rule":"r"}
{"kind":"actor","doc":"D","paragraph":"D#p1","actor":"state/mali","label":"Mali","class":"State","file":"f","start":12,"end":16,"text":"MALI","rule":"r"}
{"kind":"citation","doc":"D","paragraph":"D#p2","target":"S/RES/1 (1946)","relation":"cites","file":"f","start":31,"end":33,"text":"r1","rule":"r"}
{"kind":"citation","doc":"D","paragraph":"D#p1","target":"S/RES/1 (1946)","relation":"cites","pinpoint":"paragraph 2","file":"f","start":11,"end":13,"text":"R1","rule":"r"}
"#;

    /// The builder interns strings in its own order; the graph's pool must
    /// still be the one `from_parts` makes of the same edges, or graph.bin
    /// changes.
    #[test]
    fn built_pool_is_the_pool_of_the_edges() {
        let g = Graph::from_items(&items(SMALL));
        let nodes: Vec<Node> = g.g.node_weights().cloned().collect();
        let edges =
            g.g.edge_indices()
                .map(|e| {
                    let (s, t) = g.ends(e);
                    (s.index() as u32, t.index() as u32, g.edge(e))
                })
                .collect();
        let again = Graph::from_parts(nodes, edges).unwrap();
        assert_eq!(store::encode(&again), store::encode(&g));
        assert_eq!(g.node("D#p2").map(|n| g.data(n).id.as_str()), Some("D#p2"));
        assert_eq!(g.node("D#p3"), None);
    }

    #[test]
    fn edges_count_every_fact_and_keep_the_first_evidence() {
        let g = Graph::from_items(&items(SMALL));
        let find = |s: &str, t: &str| {
            let (s, t) = (g.node(s).unwrap(), g.node(t).unwrap());
            g.edge(g.g.find_edge(s, t).unwrap())
        };
        let cites = find("D", "S/RES/1 (1946)");
        assert_eq!(cites.weight, 2);
        assert_eq!(cites.ev.text, "R1");
        assert_eq!(cites.pinpoint.as_deref(), Some("paragraph 2"));
        assert_eq!(cites.paragraph.as_deref(), Some("D#p1"));
        let mentions = find("D#p1", "state/mali");
        assert_eq!((mentions.weight, mentions.ev.text.as_str()), (2, "MALI"));
    }

    /// Of two actors with one label, the author links to the greater id
    /// (what a map from label to id filled in id order gave).
    #[test]
    fn authors_link_to_the_greatest_id_of_a_label() {
        let g = Graph::from_items(&items(SMALL));
        let d = g.node("D").unwrap();
        let submitted: Vec<&str> =
            g.g.edges(d)
                .filter(|e| e.weight().kind == EdgeKind::SubmittedBy)
                .map(|e| g.data(petgraph::visit::EdgeRef::target(&e)).id.as_str())
                .collect();
        assert_eq!(submitted, ["zz/mali"]);
    }

    #[test]
    fn symbol_years() {
        assert_eq!(symbol_year("S/RES/2531 (2020)").as_deref(), Some("2020"));
        assert_eq!(symbol_year("S/2020/600").as_deref(), Some("2020"));
        assert_eq!(symbol_year("S/PV.8752"), None);
    }
}
