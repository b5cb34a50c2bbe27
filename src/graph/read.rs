//! What the graph questions (`cites`, `cited-by`, `chain`, `rank`) read of
//! a graph, as two traits: [`GraphRead`] for nodes, edges and ids, and
//! [`Adjacency`] for the walks of [`super::analysis`].
//!
//! Two graphs answer them: the decoded [`Graph`] (built in memory, never
//! fails) and the saved graph read in place ([`super::mapped::SavedGraph`]),
//! where each read touches only the bytes of what it reads and can fail on
//! a corrupt file. The questions are written once against these traits, so
//! both give the same answers by construction (and tests compare them).

use std::convert::Infallible;

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::analysis::{Hop, Layer, View};
use super::{EdgeKind, Graph, NodeKind, Sym};

/// A node's fields, borrowed from the graph that holds them.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView<'a> {
    /// What the node stands for.
    pub kind: NodeKind,
    /// Canonical id.
    pub id: &'a str,
    /// Short label.
    pub label: &'a str,
    /// Document type, paragraph role, actor class, vote outcome.
    pub class: &'a str,
    /// ISO date.
    pub date: Option<&'a str>,
    /// UN symbol.
    pub symbol: Option<&'a str>,
    /// False for cited-only nodes.
    pub in_corpus: bool,
    /// Other names.
    pub aliases: Vec<&'a str>,
    /// PageRank over the citation layer.
    pub pagerank: f64,
}

/// An edge's fields, borrowed from the graph that holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeView<'a> {
    /// What the edge says.
    pub kind: EdgeKind,
    /// CiTO relation, vote position, verb.
    pub relation: Option<&'a str>,
    /// Part of the target cited.
    pub pinpoint: Option<&'a str>,
    /// The paragraph of a document-level fact.
    pub paragraph: Option<&'a str>,
    /// Facts aggregated.
    pub weight: u32,
    /// Evidence file.
    pub file: &'a str,
    /// Evidence start byte.
    pub start: u64,
    /// Evidence end byte.
    pub end: u64,
    /// Evidence quote.
    pub text: &'a str,
    /// Evidence rule.
    pub rule: &'a str,
}

/// The hops of one node in a layer, in the view's order (by neighbour,
/// then edge).
#[derive(Clone, Debug)]
pub enum Hops<'a> {
    /// Hops of a view in memory.
    Slice(std::slice::Iter<'a, Hop>),
    /// Hops decoded from a saved graph's row: 12 bytes each (neighbour,
    /// edge, reversed), checked when the row was read.
    Saved {
        /// The node whose row this is.
        node: u32,
        /// True for an outgoing row (the neighbour is the hop's target).
        out: bool,
        /// The row's bytes.
        rest: &'a [u8],
    },
}

impl Iterator for Hops<'_> {
    type Item = Hop;

    fn next(&mut self) -> Option<Hop> {
        match self {
            Hops::Slice(it) => it.next().copied(),
            Hops::Saved { node, out, rest } => {
                let (hop, tail) = rest.split_first_chunk::<12>()?;
                *rest = tail;
                let word =
                    |i: usize| u32::from_le_bytes([hop[i], hop[i + 1], hop[i + 2], hop[i + 3]]);
                let (other, edge, reversed) = (word(0), word(4), word(8) != 0);
                let (from, to) = if *out { (*node, other) } else { (other, *node) };
                Some(Hop {
                    from,
                    to,
                    edge,
                    reversed,
                })
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Hops<'_> {
    fn len(&self) -> usize {
        match self {
            Hops::Slice(it) => it.len(),
            Hops::Saved { rest, .. } => rest.len() / 12,
        }
    }
}

/// Compressed adjacency a walk reads: the hops leaving and reaching each
/// node position.
pub trait Adjacency {
    /// Why a row could not be read.
    type Error;
    /// Number of node positions.
    fn positions(&self) -> usize;
    /// Hops leaving `n`, ordered by target then edge.
    fn hops_out(&self, n: u32) -> Result<Hops<'_>, Self::Error>;
    /// Hops arriving at `n`, ordered by source then edge.
    fn hops_in(&self, n: u32) -> Result<Hops<'_>, Self::Error>;
}

impl Adjacency for View {
    type Error = Infallible;

    fn positions(&self) -> usize {
        self.len()
    }

    fn hops_out(&self, n: u32) -> Result<Hops<'_>, Infallible> {
        Ok(Hops::Slice(self.out(n).iter()))
    }

    fn hops_in(&self, n: u32) -> Result<Hops<'_>, Infallible> {
        Ok(Hops::Slice(self.inc(n).iter()))
    }
}

impl<T: Adjacency + ?Sized> Adjacency for &T {
    type Error = T::Error;

    fn positions(&self) -> usize {
        (**self).positions()
    }

    fn hops_out(&self, n: u32) -> Result<Hops<'_>, T::Error> {
        (**self).hops_out(n)
    }

    fn hops_in(&self, n: u32) -> Result<Hops<'_>, T::Error> {
        (**self).hops_in(n)
    }
}

/// A graph the questions can be asked of. Node and edge positions are the
/// decoded graph's `NodeIndex` and `EdgeIndex` values, in both forms.
pub trait GraphRead {
    /// Why a read failed (never, for a graph in memory).
    type Error: std::error::Error + Send + Sync + 'static;
    /// The adjacency of a layer.
    type View<'a>: Adjacency<Error = Self::Error>
    where
        Self: 'a;

    /// Number of nodes.
    fn node_count(&self) -> usize;
    /// The node with this canonical id.
    fn find_id(&self, id: &str) -> Result<Option<u32>, Self::Error>;
    /// A node's fields.
    fn node(&self, n: u32) -> Result<NodeView<'_>, Self::Error>;
    /// A node's kind alone (cheaper than [`GraphRead::node`] in place).
    fn node_kind(&self, n: u32) -> Result<NodeKind, Self::Error> {
        self.node(n).map(|d| d.kind)
    }
    /// An edge's fields.
    fn edge(&self, e: u32) -> Result<EdgeView<'_>, Self::Error>;
    /// The adjacency of a layer.
    fn layer(&self, layer: Layer) -> Result<Self::View<'_>, Self::Error>;
    /// The documents by PageRank, highest first, ties by id.
    fn by_pagerank(&self) -> Result<Vec<u32>, Self::Error>;
}

/// The documents of a graph in memory by PageRank, highest first, ties by
/// id: what `rank` lists and what the saved graph stores.
pub fn documents_by_pagerank(graph: &Graph) -> Vec<u32> {
    let node = |i: u32| graph.data(NodeIndex::new(i as usize));
    let mut docs: Vec<u32> = (0..graph.node_count() as u32)
        .filter(|&i| node(i).kind == NodeKind::Document)
        .collect();
    docs.sort_by(|&a, &b| {
        let (x, y) = (node(a), node(b));
        y.pagerank
            .total_cmp(&x.pagerank)
            .then_with(|| x.id.cmp(&y.id))
    });
    docs
}

impl GraphRead for Graph {
    type Error = Infallible;
    type View<'a> = &'a View;

    fn node_count(&self) -> usize {
        Graph::node_count(self)
    }

    fn find_id(&self, id: &str) -> Result<Option<u32>, Infallible> {
        Ok(self.node(id).map(|n| n.index() as u32))
    }

    fn node(&self, n: u32) -> Result<NodeView<'_>, Infallible> {
        let d = self.data(NodeIndex::new(n as usize));
        Ok(NodeView {
            kind: d.kind,
            id: &d.id,
            label: &d.label,
            class: &d.class,
            date: d.date.as_deref(),
            symbol: d.symbol.as_deref(),
            in_corpus: d.in_corpus,
            aliases: d.aliases.iter().map(String::as_str).collect(),
            pagerank: d.pagerank,
        })
    }

    fn node_kind(&self, n: u32) -> Result<NodeKind, Infallible> {
        Ok(self.data(NodeIndex::new(n as usize)).kind)
    }

    fn edge(&self, e: u32) -> Result<EdgeView<'_>, Infallible> {
        let d = &self.g[EdgeIndex::new(e as usize)];
        let s = |x: Sym| self.pool.get(x);
        Ok(EdgeView {
            kind: d.kind,
            relation: d.relation.map(s),
            pinpoint: d.pinpoint.map(s),
            paragraph: d.paragraph.map(s),
            weight: d.weight,
            file: s(d.file),
            start: d.start,
            end: d.end,
            text: s(d.text),
            rule: s(d.rule),
        })
    }

    fn layer(&self, layer: Layer) -> Result<&View, Infallible> {
        Ok(self.view(layer))
    }

    fn by_pagerank(&self) -> Result<Vec<u32>, Infallible> {
        Ok(documents_by_pagerank(self))
    }
}
