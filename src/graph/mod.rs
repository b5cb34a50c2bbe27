//! The graph: one typed petgraph built from the [`Item`] stream.
//!
//! Nodes are documents (in the corpus, or only cited: [`Node::in_corpus`]),
//! paragraphs, actors, persons, meetings and votes (one node per decision on
//! a draft). Edges are typed ([`EdgeKind`]) and every edge carries the
//! [`Evidence`] of the fact that made it. A meeting node carries its date
//! and agenda item ([`Node::agenda`]); it `considers` the documents of its
//! sub-items and drafts and has `invited` its rule 37 and rule 39 invitees.
//!
//! Citations are kept at two levels: the paragraph that holds a citation
//! cites the target (`paragraph -cites-> target`), and the paragraph's
//! document cites it too (`document -cites-> target`). Both are aggregated:
//! one edge per source, target, kind and relation, whose
//! [`Edge::weight`] counts the repeated facts and whose evidence is the first
//! one in file order (the document-level edge names the paragraph it comes
//! from in [`Edge::paragraph`]). Document-level analyses (paths, PageRank)
//! use the document edges; the paragraph hop stays available for
//! "what does paragraph 5 rest on?".
//!
//! Building is deterministic: nodes are ordered by kind then id, edges by
//! source, target, kind and relation, whatever the order of the items.

pub mod adoption;
pub mod analysis;
mod pool;
pub mod resolve;
pub mod store;

use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasherDefault;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};

use crate::extract::structure::slug;
use crate::model::{DocType, Evidence, Item, MeetingItem, Outcome, Position};
pub use pool::{Pool, Sym};

/// What a node stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A document (resolution, draft, letter, report ...).
    Document,
    /// A paragraph of a document.
    Paragraph,
    /// An actor that is not a person (state, mission, force, group, organ).
    Actor,
    /// A person (representative, signatory, speaker).
    Person,
    /// A meeting of the Council (`S/PV.9408`) not held as a document.
    Meeting,
    /// A decision on a draft: the vote.
    Vote,
}

impl NodeKind {
    /// Every kind, in node order.
    pub const ALL: [NodeKind; 6] = [
        NodeKind::Document,
        NodeKind::Paragraph,
        NodeKind::Actor,
        NodeKind::Person,
        NodeKind::Meeting,
        NodeKind::Vote,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Document => "document",
            NodeKind::Paragraph => "paragraph",
            NodeKind::Actor => "actor",
            NodeKind::Person => "person",
            NodeKind::Meeting => "meeting",
            NodeKind::Vote => "vote",
        }
    }

    /// The kind with a given code (its position in [`NodeKind::ALL`]).
    pub fn from_code(code: u8) -> Option<NodeKind> {
        NodeKind::ALL.get(code as usize).copied()
    }

    /// The code used by the saved graph.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// What an edge says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// Source cites target (document or paragraph -> document); relation is
    /// the CiTO property, pinpoint the part cited.
    Cites,
    /// Source is part of target (paragraph -> document, annex -> letter,
    /// vote -> meeting).
    PartOf,
    /// A draft was adopted as a resolution.
    AdoptedAs,
    /// A document was submitted (sponsored, authored) by an actor.
    SubmittedBy,
    /// A member voted in a vote; relation is the position.
    Voted,
    /// A document is signed by a person.
    SignedBy,
    /// A person represents a state or body (relation `on_behalf_of` for
    /// speakers speaking for others).
    Represents,
    /// A paragraph addresses an actor; relation is the verb (`urges`) or
    /// `mandate`.
    Addresses,
    /// A document or paragraph mentions an actor.
    Mentions,
    /// An actor spoke at a meeting.
    SpokeAt,
    /// A vote decides on a draft (or a resolution when the draft is unknown).
    Decides,
    /// A meeting considered a document (a sub-item's report, a draft).
    Considers,
    /// A meeting invited an actor; relation `rule_37` or `rule_39`.
    Invited,
    /// A resolution was adopted at a meeting.
    AdoptedAt,
    /// A meeting's press release (meeting -> the release, `SC/12185`).
    PressRelease,
    /// A document or paragraph names a state, region or city as a place.
    About,
}

impl EdgeKind {
    /// Every kind, in edge-code order.
    pub const ALL: [EdgeKind; 16] = [
        EdgeKind::Cites,
        EdgeKind::PartOf,
        EdgeKind::AdoptedAs,
        EdgeKind::SubmittedBy,
        EdgeKind::Voted,
        EdgeKind::SignedBy,
        EdgeKind::Represents,
        EdgeKind::Addresses,
        EdgeKind::Mentions,
        EdgeKind::SpokeAt,
        EdgeKind::Decides,
        EdgeKind::Considers,
        EdgeKind::Invited,
        EdgeKind::AdoptedAt,
        EdgeKind::PressRelease,
        EdgeKind::About,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Cites => "cites",
            EdgeKind::PartOf => "part_of",
            EdgeKind::AdoptedAs => "adopted_as",
            EdgeKind::SubmittedBy => "submitted_by",
            EdgeKind::Voted => "voted",
            EdgeKind::SignedBy => "signed_by",
            EdgeKind::Represents => "represents",
            EdgeKind::Addresses => "addresses",
            EdgeKind::Mentions => "mentions",
            EdgeKind::SpokeAt => "spoke_at",
            EdgeKind::Decides => "decides",
            EdgeKind::Considers => "considers",
            EdgeKind::Invited => "invited",
            EdgeKind::AdoptedAt => "adopted_at",
            EdgeKind::PressRelease => "press_release",
            EdgeKind::About => "about",
        }
    }

    /// The kind with a given code (its position in [`EdgeKind::ALL`]).
    pub fn from_code(code: u8) -> Option<EdgeKind> {
        EdgeKind::ALL.get(code as usize).copied()
    }

    /// The code used by the saved graph.
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// A node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// What the node stands for.
    pub kind: NodeKind,
    /// Canonical id: the document symbol or minted id, the paragraph id, the
    /// actor id, `vote:{symbol}` for votes.
    pub id: String,
    /// A short human label (symbol, title, preferred name).
    pub label: String,
    /// The finer type: document type, paragraph role, actor class, vote outcome.
    pub class: String,
    /// ISO date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The UN symbol, for documents that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// False for nodes known only because something points at them (a
    /// resolution that is cited but not in the corpus).
    pub in_corpus: bool,
    /// The containing document, for paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The agenda item, for meetings ("The situation in Mali").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    /// Other names: a document's title (when it is not the label), an
    /// actor's mentions as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Where the node itself is stated (document heading, paragraph span).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ev: Option<Evidence>,
    /// PageRank over the citation layer (documents; 0 for other nodes), set
    /// by [`Graph::compute_pagerank`] and saved with the graph.
    #[serde(default)]
    pub pagerank: f64,
}

impl Node {
    /// A node known only because something points at it: outside the
    /// corpus, without date, evidence or aliases.
    fn stub(kind: NodeKind, id: &str, label: &str, class: &str) -> Node {
        Node {
            kind,
            id: id.to_string(),
            label: label.to_string(),
            class: class.to_string(),
            date: None,
            symbol: None,
            in_corpus: false,
            doc: None,
            agenda: None,
            aliases: Vec::new(),
            ev: None,
            pagerank: 0.0,
        }
    }
}

/// An edge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// What the edge says.
    pub kind: EdgeKind,
    /// The CiTO relation of a citation, a vote position, an addressing verb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The part of the target cited ("paragraph 4").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
    /// For document-level edges made from a paragraph's fact: that paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// How many facts this edge aggregates (repeated citations).
    pub weight: u32,
    /// The evidence of the first fact (in file order).
    pub ev: Evidence,
}

/// An edge as stored in [`Graph::g`]: its strings are [`Sym`]s into
/// [`Graph::pool`]. Read it as an [`Edge`] with [`Graph::edge`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeData {
    /// What the edge says.
    pub kind: EdgeKind,
    /// Relation, when there is one.
    pub relation: Option<Sym>,
    /// Pinpoint, when there is one.
    pub pinpoint: Option<Sym>,
    /// Paragraph, when there is one.
    pub paragraph: Option<Sym>,
    /// Facts aggregated.
    pub weight: u32,
    /// Evidence file.
    pub file: Sym,
    /// Evidence start byte.
    pub start: u64,
    /// Evidence end byte.
    pub end: u64,
    /// Evidence text.
    pub text: Sym,
    /// Evidence rule.
    pub rule: Sym,
}

/// The graph with a map from canonical id to node.
#[derive(Debug, Default)]
pub struct Graph {
    /// The petgraph graph.
    pub g: DiGraph<Node, EdgeData, u32>,
    /// The strings of the edges.
    pub pool: Pool,
    /// Node positions by id (the ids are not copied: a candidate is
    /// checked against its node).
    index: pool::Index,
    views: [std::sync::OnceLock<analysis::View>; 2],
}

impl Graph {
    /// Builds the graph from extracted items (any order).
    pub fn from_items(items: &[Item]) -> Graph {
        let mut b = GraphBuilder::default();
        b.add(items);
        b.finish()
    }

    /// Computes every document's PageRank over the citation layer (damping
    /// 0.85, to an L1 change below 1e-9 or 100 passes) into [`Node::pagerank`].
    pub fn compute_pagerank(&mut self) {
        let pr = analysis::pagerank(self, self.view(analysis::Layer::Citations), 0.85, 100, 1e-9);
        for (n, r) in self.g.node_weights_mut().zip(pr) {
            n.pagerank = r;
        }
    }

    /// The adjacency view of a layer, built on first use and kept.
    pub fn view(&self, layer: analysis::Layer) -> &analysis::View {
        let slot = match layer {
            analysis::Layer::Citations => &self.views[0],
            analysis::Layer::Paths => &self.views[1],
        };
        slot.get_or_init(|| analysis::View::new(self, layer))
    }

    /// Builds a graph from nodes and edges given as node positions (used by
    /// [`store::load`] and generators). Node ids must be unique.
    pub fn from_parts(
        nodes: Vec<Node>,
        edges: Vec<(u32, u32, Edge)>,
    ) -> std::result::Result<Graph, String> {
        let mut pool = Pool::default();
        let edges = edges
            .into_iter()
            .map(|(s, t, e)| {
                let mut opt = |v: &Option<String>| v.as_deref().map(|x| pool.intern(x));
                let (relation, pinpoint, paragraph) =
                    (opt(&e.relation), opt(&e.pinpoint), opt(&e.paragraph));
                let data = EdgeData {
                    kind: e.kind,
                    relation,
                    pinpoint,
                    paragraph,
                    weight: e.weight,
                    file: pool.intern(&e.ev.file),
                    start: e.ev.start as u64,
                    end: e.ev.end as u64,
                    text: pool.intern(&e.ev.text),
                    rule: pool.intern(&e.ev.rule),
                };
                (s, t, data)
            })
            .collect();
        Graph::from_data(nodes, edges, pool)
    }

    /// Builds a graph from nodes, stored edges and their string pool.
    pub fn from_data(
        nodes: Vec<Node>,
        mut edges: Vec<(u32, u32, EdgeData)>,
        pool: Pool,
    ) -> std::result::Result<Graph, String> {
        let mut g: DiGraph<Node, EdgeData, u32> = DiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = pool::Index::default();
        for n in nodes {
            let h = pool::hash(n.id.as_str());
            if index
                .find(h, |v| g[NodeIndex::new(v as usize)].id == n.id)
                .is_some()
            {
                return Err(format!("duplicate node id {:?}", n.id));
            }
            let ix = g.add_node(n);
            index.insert(h, ix.index() as u32, |v| {
                pool::hash(g[NodeIndex::new(v as usize)].id.as_str())
            });
        }
        let count = g.node_count() as u32;
        // The edges are taken from the back (hence reversed first) and the
        // vector shrinks as the graph grows: the two are not both whole.
        edges.reverse();
        while let Some((s, t, e)) = edges.pop() {
            if s >= count || t >= count {
                return Err(format!("edge {s} -> {t} points outside {count} nodes"));
            }
            g.add_edge(NodeIndex::new(s as usize), NodeIndex::new(t as usize), e);
            if edges.capacity() > 2 * edges.len() + 4096 {
                edges.shrink_to_fit();
            }
        }
        Ok(Graph {
            g,
            pool,
            index,
            views: Default::default(),
        })
    }

    /// The node with this canonical id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        let found = self.index.find(pool::hash(id), |v| {
            self.g[NodeIndex::new(v as usize)].id == id
        });
        found.map(|v| NodeIndex::new(v as usize))
    }

    /// The node data.
    pub fn data(&self, n: NodeIndex) -> &Node {
        &self.g[n]
    }

    /// An edge with its strings.
    pub fn edge(&self, e: EdgeIndex) -> Edge {
        let d = &self.g[e];
        let s = |x: Sym| self.pool.get(x).to_string();
        Edge {
            kind: d.kind,
            relation: d.relation.map(s),
            pinpoint: d.pinpoint.map(s),
            paragraph: d.paragraph.map(s),
            weight: d.weight,
            ev: Evidence {
                file: s(d.file),
                start: d.start as usize,
                end: d.end as usize,
                text: s(d.text),
                rule: s(d.rule),
            },
        }
    }

    /// The relation of an edge, without copying it.
    pub fn relation(&self, e: EdgeIndex) -> Option<&str> {
        self.g[e].relation.map(|s| self.pool.get(s))
    }

    /// Source and target of an edge.
    pub fn ends(&self, e: EdgeIndex) -> (NodeIndex, NodeIndex) {
        self.g
            .edge_endpoints(e)
            .expect("edge index from this graph")
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.g.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.g.edge_count()
    }

    /// The document a node belongs to: itself for documents, the containing
    /// document for paragraphs.
    pub fn document_of(&self, n: NodeIndex) -> Option<NodeIndex> {
        let d = &self.g[n];
        match d.kind {
            NodeKind::Document => Some(n),
            NodeKind::Paragraph => d.doc.as_deref().and_then(|id| self.node(id)),
            _ => None,
        }
    }
}

/// The lesser of two optional values, `None` counting as absent.
fn least<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether an invitee is an actor id (`state/mali`, `minusma`) rather than
/// a name as written ("Special Representative of the Secretary-General").
fn is_actor_id(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_uppercase())
}

/// Builds a graph from an item stream given in parts (one file at a time),
/// so that the items need not all be in memory at once. Gives the same
/// graph as [`Graph::from_items`] of all the parts in order: a document
/// read later replaces the cited-only node made for it earlier.
#[derive(Default)]
pub struct GraphBuilder(Builder);

impl GraphBuilder {
    /// Adds the nodes and edges of `items`.
    pub fn add(&mut self, items: &[Item]) {
        self.0.add(items);
    }

    /// The warnings about what the sources added so far say together (a
    /// resolution's date or meeting on which two sources disagree), each
    /// once.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.0.warnings)
    }

    /// The graph of everything added, with PageRank computed.
    pub fn finish(self) -> Graph {
        let mut g = self.0.finish();
        g.compute_pagerank();
        g
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
    fn add(&mut self, items: &[Item]) {
        // Documents first, so that placeholders never shadow them.
        for it in items {
            if let Item::Document(d) = it {
                let label = d
                    .symbol
                    .clone()
                    .or_else(|| d.title.clone())
                    .unwrap_or_else(|| d.id.clone());
                let aliases = d.title.iter().filter(|t| **t != label).cloned().collect();
                self.put(Node {
                    kind: NodeKind::Document,
                    id: d.id.clone(),
                    label,
                    class: d.doc_type.as_str().to_string(),
                    date: d.date.clone(),
                    symbol: d.symbol.clone(),
                    in_corpus: true,
                    doc: None,
                    agenda: None,
                    aliases,
                    ev: Some(d.ev.clone()),
                    pagerank: 0.0,
                });
            }
        }
        for it in items {
            match it {
                Item::Document(d) => {
                    if let Some(parent) = &d.part_of {
                        self.doc(parent);
                        self.edge(&d.id, parent, EdgeKind::PartOf, None, None, None, &d.ev);
                    }
                }
                Item::Paragraph(p) => {
                    self.doc(&p.doc);
                    self.put(Node {
                        kind: NodeKind::Paragraph,
                        id: p.id.clone(),
                        label: p.id.clone(),
                        class: serde_json::to_value(p.role)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        date: None,
                        symbol: None,
                        in_corpus: true,
                        doc: Some(p.doc.clone()),
                        agenda: None,
                        aliases: Vec::new(),
                        ev: Some(p.ev.clone()),
                        pagerank: 0.0,
                    });
                    self.edge(&p.id, &p.doc, EdgeKind::PartOf, None, None, None, &p.ev);
                }
                Item::Actor(a) => {
                    let kind = if a.class == "Person" {
                        NodeKind::Person
                    } else {
                        NodeKind::Actor
                    };
                    self.put(Node {
                        kind,
                        id: a.actor.clone(),
                        label: a.label.clone(),
                        class: a.class.clone(),
                        date: None,
                        symbol: None,
                        in_corpus: true,
                        doc: None,
                        agenda: None,
                        aliases: vec![a.ev.text.clone()],
                        ev: None,
                        pagerank: 0.0,
                    });
                }
                Item::Place(p) => {
                    self.put(Node {
                        kind: NodeKind::Actor,
                        id: p.place.clone(),
                        label: p.label.clone(),
                        class: p.class.clone(),
                        date: None,
                        symbol: None,
                        in_corpus: true,
                        doc: None,
                        agenda: None,
                        aliases: vec![p.ev.text.clone()],
                        ev: None,
                        pagerank: 0.0,
                    });
                }
                _ => {}
            }
        }
        for it in items {
            match it {
                Item::Citation(c) => {
                    self.doc(&c.doc);
                    self.doc(&c.target);
                    let rel = c.relation.as_deref();
                    let pin = c.pinpoint.as_deref();
                    if let Some(p) = &c.paragraph
                        && self.has(p)
                    {
                        self.edge(p, &c.target, EdgeKind::Cites, rel, pin, None, &c.ev);
                    }
                    if c.doc != c.target {
                        let para = c.paragraph.as_deref();
                        self.edge(&c.doc, &c.target, EdgeKind::Cites, rel, pin, para, &c.ev);
                    }
                }
                Item::Actor(a) => {
                    let src = self.holder(&a.doc, a.paragraph.as_deref());
                    self.edge(&src, &a.actor, EdgeKind::Mentions, None, None, None, &a.ev);
                    if let Some(r) = &a.represents {
                        self.actor(r, None);
                        self.edge(&a.actor, r, EdgeKind::Represents, None, None, None, &a.ev);
                    }
                    if let Some(parent) = &a.part_of {
                        self.actor(parent, None);
                        self.edge(&a.actor, parent, EdgeKind::PartOf, None, None, None, &a.ev);
                    }
                }
                Item::Place(p) => {
                    let src = self.holder(&p.doc, p.paragraph.as_deref());
                    self.edge(&src, &p.place, EdgeKind::About, None, None, None, &p.ev);
                }
                Item::Addressee(a) => {
                    self.actor(&a.actor, None);
                    let src = self.holder(&a.doc, Some(&a.paragraph));
                    let verb = Some(a.verb.as_str());
                    self.edge(&src, &a.actor, EdgeKind::Addresses, verb, None, None, &a.ev);
                }
                Item::Mandate(m) => {
                    self.actor(&m.actor, None);
                    let src = self.holder(&m.doc, m.paragraph.as_deref());
                    let rel = Some("mandate");
                    self.edge(&src, &m.actor, EdgeKind::Addresses, rel, None, None, &m.ev);
                }
                Item::Vote(v) => {
                    self.doc(&v.doc);
                    self.doc(&v.on);
                    self.actor(&v.member, Some((&v.member_label, "MemberState")));
                    let vote = self.vote(&v.on);
                    let pos = Some(position_str(v.position));
                    self.edge(&v.member, &vote, EdgeKind::Voted, pos, None, None, &v.ev);
                    self.edge(&vote, &v.on, EdgeKind::Decides, None, None, None, &v.ev);
                    if let Some(signer) = &v.signer {
                        let person = format!("person/{}", slug(signer));
                        self.actor(&person, Some((signer, "Person")));
                        self.edge(&v.doc, &person, EdgeKind::SignedBy, None, None, None, &v.ev);
                        let e = &v.ev;
                        self.edge(
                            &person,
                            &v.member,
                            EdgeKind::Represents,
                            None,
                            None,
                            None,
                            e,
                        );
                    }
                }
                Item::Decision(d) => {
                    let Some(on) = d.draft.as_ref().or(d.resolution.as_ref()) else {
                        continue;
                    };
                    self.doc(&d.doc);
                    self.doc(on);
                    let vote = self.vote(on);
                    if let Some(n) = self.node_mut(&vote) {
                        n.class = outcome_str(d.outcome).to_string();
                        n.date = d.date.clone().or(n.date.take());
                        n.label = match &d.tally {
                            Some(t) => format!("Vote on {on} ({}, {t})", outcome_str(d.outcome)),
                            None => format!("Vote on {on} ({})", outcome_str(d.outcome)),
                        };
                        n.ev = Some(d.ev.clone());
                        n.in_corpus = true;
                    }
                    self.edge(&vote, on, EdgeKind::Decides, None, None, None, &d.ev);
                    if let (Some(draft), Some(res)) = (&d.draft, &d.resolution) {
                        self.doc(res);
                        self.edge(draft, res, EdgeKind::AdoptedAs, None, None, None, &d.ev);
                    }
                    if let Some(m) = &d.meeting {
                        self.meeting(m);
                        self.edge(&vote, m, EdgeKind::PartOf, None, None, None, &d.ev);
                        // The meeting is dated by the decision when nothing
                        // else dates it (the least date wins, whatever the
                        // order of the sources).
                        if let Some(n) = self.node_mut(m) {
                            n.date = least(n.date.take(), d.date.clone());
                        }
                        if let (Some(res), Outcome::Adopted) = (&d.resolution, d.outcome) {
                            self.doc(res);
                            self.edge(res, m, EdgeKind::AdoptedAt, None, None, None, &d.ev);
                        }
                    }
                    self.adoptions.check(d, &mut self.warnings);
                    for s in &d.sponsors {
                        self.actor(s, None);
                        self.edge(on, s, EdgeKind::SubmittedBy, None, None, None, &d.ev);
                    }
                }
                Item::Meeting(m) => self.meeting_item(m),
                Item::Speaker(s) => {
                    self.actor(&s.member, None);
                    self.meeting(&s.meeting);
                    let e = &s.ev;
                    self.edge(
                        &s.member,
                        &s.meeting,
                        EdgeKind::SpokeAt,
                        None,
                        None,
                        None,
                        e,
                    );
                    for o in &s.on_behalf_of {
                        self.actor(o, None);
                        let rel = Some("on_behalf_of");
                        self.edge(&s.member, o, EdgeKind::Represents, rel, None, None, e);
                    }
                }
                _ => {}
            }
        }
        // Authors are matched against the actors of the whole stream, once,
        // in `finish`.
        for it in items {
            if let Item::Document(d) = it
                && !d.authors.is_empty()
            {
                self.authors
                    .push((d.id.clone(), d.authors.clone(), d.ev.clone()));
            }
        }
    }

    /// Links documents to their authors named in document metadata, when
    /// they name a known actor (of two actors with one label, the greater id).
    fn link_authors(&mut self) {
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
                    self.edge(&doc, actor, EdgeKind::SubmittedBy, None, None, None, &ev);
                }
            }
        }
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
    fn put(&mut self, node: Node) {
        let sym = self.pool.intern(&node.id);
        let Some(at) = self.position_of(sym) else {
            self.insert(sym, node);
            return;
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
    }

    /// Makes sure a node with this id exists: `make`'s, marked as a
    /// placeholder, when there is none.
    fn placeholder(&mut self, id: &str, make: impl FnOnce() -> Node) {
        let sym = self.pool.intern(id);
        if self.position_of(sym).is_none() {
            self.placeholders.insert(sym);
            self.insert(sym, make());
        }
    }

    /// Makes sure a document node exists (a cited-only one if unknown).
    fn doc(&mut self, id: &str) {
        self.placeholder(id, || Node {
            date: symbol_year(id),
            symbol: id.starts_with("S/").then(|| id.to_string()),
            ..Node::stub(
                NodeKind::Document,
                id,
                id,
                DocType::from_symbol(id).as_str(),
            )
        });
    }

    /// Makes sure an actor node exists; `known` gives its label and class.
    fn actor(&mut self, id: &str, known: Option<(&str, &str)>) {
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
        });
    }

    /// Makes sure a meeting node exists (unless the record is a document).
    fn meeting(&mut self, id: &str) {
        self.placeholder(id, || Node {
            symbol: Some(id.to_string()),
            ..Node::stub(NodeKind::Meeting, id, id, "meeting")
        });
    }

    /// A meeting's date and agenda on its node (the record's document node
    /// when the record is in the corpus), and its edges: `considers` to each
    /// document considered, `invited` to each invitee known as an actor
    /// (relation `rule_37` or `rule_39`; invitees named only as written
    /// stay out of the graph). When several items describe one meeting,
    /// the least date, agenda and evidence win, whatever the item order.
    fn meeting_item(&mut self, m: &MeetingItem) {
        self.meeting(&m.meeting);
        if let Some(n) = self.node_mut(&m.meeting) {
            n.date = least(n.date.take(), m.date.clone());
            n.agenda = least(n.agenda.take(), m.agenda_item.clone());
            if n.kind == NodeKind::Meeting {
                n.in_corpus = true;
                n.ev = least(n.ev.take(), Some(m.ev.clone()));
            }
        }
        for d in &m.documents {
            self.doc(d);
            self.edge(&m.meeting, d, EdgeKind::Considers, None, None, None, &m.ev);
        }
        for p in &m.press_releases {
            self.doc(p);
            self.edge(
                &m.meeting,
                p,
                EdgeKind::PressRelease,
                None,
                None,
                None,
                &m.ev,
            );
        }
        for (ids, rule) in [(&m.rule_37, "rule_37"), (&m.rule_39, "rule_39")] {
            for a in ids.iter().filter(|a| is_actor_id(a)) {
                self.actor(a, None);
                self.edge(
                    &m.meeting,
                    a,
                    EdgeKind::Invited,
                    Some(rule),
                    None,
                    None,
                    &m.ev,
                );
            }
        }
    }

    /// The vote node on a draft, created if needed; returns its id.
    fn vote(&mut self, on: &str) -> String {
        let id = format!("vote:{on}");
        let sym = self.pool.intern(&id);
        if self.position_of(sym).is_none() {
            let node = Node::stub(NodeKind::Vote, &id, &format!("Vote on {on}"), "");
            self.insert(sym, node);
        }
        id
    }

    /// The node that holds a fact: the paragraph when it is a node, else the
    /// document.
    fn holder(&mut self, doc: &str, paragraph: Option<&str>) -> String {
        match paragraph {
            Some(p) if self.has(p) => p.to_string(),
            _ => {
                self.doc(doc);
                doc.to_string()
            }
        }
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
    ) {
        let pool = &mut self.pool;
        let key = EdgeKey {
            src: pool.intern(src),
            dst: pool.intern(dst),
            kind,
            relation: pool.intern(relation.unwrap_or("")),
        };
        let new = |pool: &mut Pool, weight| EdgeData {
            kind,
            relation: relation.map(|s| pool.intern(s)),
            pinpoint: pinpoint.map(|s| pool.intern(s)),
            paragraph: paragraph.map(|s| pool.intern(s)),
            weight,
            file: pool.intern(&ev.file),
            start: ev.start as u64,
            end: ev.end as u64,
            text: pool.intern(&ev.text),
            rule: pool.intern(&ev.rule),
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
                    *old = new(pool, weight);
                } else {
                    old.weight = weight;
                }
            }
            None => {
                self.edge_index.insert(h, edges.len() as u32, |at| {
                    pool::hash(&edges[at as usize].0)
                });
                edges.push((key, new(pool, 1)));
            }
        }
    }

    /// The graph: nodes ordered by kind then id, edges by source, target,
    /// kind and relation (edges to ids that are not nodes dropped), and the
    /// strings of the edges in a pool of their own, in the order the edges
    /// first use them (what [`Graph::from_parts`] makes of the same edges).
    fn finish(mut self) -> Graph {
        self.link_authors();
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
        let mut rename = |s: Sym| {
            let new = &mut renamed[s.0 as usize];
            if *new == NONE {
                *new = strings.push(pool.get(s)).0;
            }
            Sym(*new)
        };
        for (_, _, e) in &mut edges {
            e.relation = e.relation.map(&mut rename);
            e.pinpoint = e.pinpoint.map(&mut rename);
            e.paragraph = e.paragraph.map(&mut rename);
            e.file = rename(e.file);
            e.text = rename(e.text);
            e.rule = rename(e.rule);
        }
        drop(renamed);
        drop(pool);
        Graph::from_data(nodes, edges, strings).expect("builder ids are unique")
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

/// The snake_case name of a vote position.
pub fn position_str(p: Position) -> &'static str {
    match p {
        Position::InFavour => "in_favour",
        Position::Against => "against",
        Position::Abstaining => "abstaining",
    }
}

/// The snake_case name of a decision outcome.
pub fn outcome_str(o: Outcome) -> &'static str {
    match o {
        Outcome::Adopted => "adopted",
        Outcome::NotAdopted => "not_adopted",
        Outcome::Vetoed => "vetoed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
