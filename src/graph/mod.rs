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
mod builder;
pub mod mapped;
mod pool;
pub mod read;
pub mod resolve;
pub mod store;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::error::OffsetOverflow;
use crate::model::{Evidence, EvidenceRef, Item};
pub use builder::GraphBuilder;
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
    pub(crate) fn stub(kind: NodeKind, id: &str, label: &str, class: &str) -> Node {
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
    /// Builds the graph from extracted items (any order); an error when
    /// their strings pass what the graph's 32-bit offsets address.
    pub fn try_from_items(items: &[Item]) -> Result<Graph, OffsetOverflow> {
        let mut b = GraphBuilder::default();
        b.add(items)?;
        b.finish()
    }

    /// [`Graph::try_from_items`] for items known to be small (tests,
    /// examples).
    ///
    /// # Panics
    ///
    /// When the items' strings pass 4 GiB.
    pub fn from_items(items: &[Item]) -> Graph {
        Graph::try_from_items(items).expect("items under 4 GiB of strings")
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
        let full = |e: OffsetOverflow| e.to_string();
        let edges = edges
            .into_iter()
            .map(|(s, t, e)| {
                let mut opt = |v: &Option<String>| v.as_deref().map(|x| pool.intern(x)).transpose();
                let (relation, pinpoint, paragraph) = (
                    opt(&e.relation).map_err(full)?,
                    opt(&e.pinpoint).map_err(full)?,
                    opt(&e.paragraph).map_err(full)?,
                );
                let data = EdgeData {
                    kind: e.kind,
                    relation,
                    pinpoint,
                    paragraph,
                    weight: e.weight,
                    file: pool.intern(&e.ev.file).map_err(full)?,
                    start: e.ev.start as u64,
                    end: e.ev.end as u64,
                    text: pool.intern(&e.ev.text).map_err(full)?,
                    rule: pool.intern(&e.ev.rule).map_err(full)?,
                };
                Ok((s, t, data))
            })
            .collect::<Result<_, String>>()?;
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
            ev: self.evidence_ref(e).to_evidence(),
        }
    }

    /// An edge's evidence, borrowed (what the exports write of it besides
    /// the values they merge).
    pub fn evidence_ref(&self, e: EdgeIndex) -> EvidenceRef<'_> {
        let d = &self.g[e];
        EvidenceRef {
            file: self.pool.get(d.file),
            start: d.start,
            end: d.end,
            text: self.pool.get(d.text),
            rule: self.pool.get(d.rule),
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
