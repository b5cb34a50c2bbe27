//! Analyses of the document layer: degrees, PageRank, strongly connected
//! components and condensation, ancestors and descendants, shortest and k
//! shortest citation paths, co-citation and bibliographic coupling.
//!
//! They run on a [`View`]: compressed adjacency arrays (CSR) over the graph's
//! node positions, built once from the edges a [`Layer`] keeps. Every
//! algorithm is linear per pass in nodes plus edges, and neighbours are
//! visited in a fixed order (by target position, then edge), so results are
//! deterministic.

use std::collections::{BTreeSet, HashSet, VecDeque};

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

use super::read::Adjacency;
use super::{EdgeKind, Graph, NodeKind};

/// Which edges a [`View`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    /// Document -> document `cites` and `adopted_as` edges: what PageRank,
    /// degrees, components and co-citation use.
    Citations,
    /// [`Layer::Citations`], plus "contains" hops (a `part_of` edge between
    /// documents walked from the whole to the part: a letter leads to its
    /// annexes and enclosed drafts) and, outgoing only, the `cites` edges of
    /// paragraphs (so a walk can start at a paragraph). What `chain`,
    /// `cites` and `cited-by` walk.
    Paths,
}

/// One step along a [`View`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Hop {
    /// Node the step leaves from.
    pub from: u32,
    /// Node the step arrives at.
    pub to: u32,
    /// The graph edge.
    pub edge: u32,
    /// True when the step walks the edge backwards (a "contains" hop).
    pub reversed: bool,
}

/// Compressed adjacency over the graph's node positions.
#[derive(Clone, Debug)]
pub struct View {
    n: usize,
    out_off: Vec<u32>,
    out: Vec<Hop>,
    in_off: Vec<u32>,
    inc: Vec<Hop>,
}

/// Which way to walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Along the hops (what a document cites).
    Forward,
    /// Against the hops (what cites a document).
    Backward,
}

impl View {
    /// Builds the view of a layer.
    pub fn new(graph: &Graph, layer: Layer) -> View {
        let g = &graph.g;
        let n = g.node_count();
        let is_doc = |i: NodeIndex| g[i].kind == NodeKind::Document;
        let mut out: Vec<Hop> = Vec::new();
        let mut inc: Vec<Hop> = Vec::new();
        for (i, raw) in g.raw_edges().iter().enumerate() {
            let (s, t) = (raw.source(), raw.target());
            let w = raw.weight.kind;
            let edge = i as u32;
            let hop = |from: NodeIndex, to: NodeIndex, reversed| Hop {
                from: from.index() as u32,
                to: to.index() as u32,
                edge,
                reversed,
            };
            let doc_to_doc = is_doc(s) && is_doc(t);
            match w {
                EdgeKind::Cites | EdgeKind::AdoptedAs if doc_to_doc => {
                    out.push(hop(s, t, false));
                    inc.push(hop(s, t, false));
                }
                EdgeKind::PartOf if layer == Layer::Paths && doc_to_doc => {
                    out.push(hop(t, s, true));
                    inc.push(hop(t, s, true));
                }
                EdgeKind::Cites
                    if layer == Layer::Paths && g[s].kind == NodeKind::Paragraph && is_doc(t) =>
                {
                    out.push(hop(s, t, false));
                }
                _ => {}
            }
        }
        let (out_off, out) = csr(n, out, |h| h.from, |h| (h.to, h.edge));
        let (in_off, inc) = csr(n, inc, |h| h.to, |h| (h.from, h.edge));
        View {
            n,
            out_off,
            out,
            in_off,
            inc,
        }
    }

    /// Number of node positions (all graph nodes).
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Number of hops.
    pub fn hop_count(&self) -> usize {
        self.out.len()
    }

    /// The compressed rows: out offsets (one per node + 1), out hops, in
    /// offsets, in hops (what the saved graph stores).
    pub fn rows(&self) -> (&[u32], &[Hop], &[u32], &[Hop]) {
        (&self.out_off, &self.out, &self.in_off, &self.inc)
    }

    /// Hops leaving a node, ordered by target then edge.
    pub fn out(&self, n: u32) -> &[Hop] {
        &self.out[self.out_off[n as usize] as usize..self.out_off[n as usize + 1] as usize]
    }

    /// Hops arriving at a node, ordered by source then edge.
    pub fn inc(&self, n: u32) -> &[Hop] {
        &self.inc[self.in_off[n as usize] as usize..self.in_off[n as usize + 1] as usize]
    }
}

/// Places hops into compressed rows keyed by `row` (a counting sort, linear),
/// then orders each row by `order` (rows arrive nearly sorted when the
/// graph's edges are, as the builder and the saved graph keep them).
fn csr(
    n: usize,
    hops: Vec<Hop>,
    row: impl Fn(&Hop) -> u32,
    order: impl Fn(&Hop) -> (u32, u32),
) -> (Vec<u32>, Vec<Hop>) {
    let mut off = vec![0u32; n + 1];
    for h in &hops {
        off[row(h) as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut fill = off.clone();
    let mut placed = vec![
        Hop {
            from: 0,
            to: 0,
            edge: 0,
            reversed: false
        };
        hops.len()
    ];
    for h in hops {
        let r = row(&h) as usize;
        placed[fill[r] as usize] = h;
        fill[r] += 1;
    }
    for i in 0..n {
        placed[off[i] as usize..off[i + 1] as usize].sort_by_key(&order);
    }
    (off, placed)
}

/// In- and out-degree of every node in a view.
pub fn degrees(view: &View) -> Vec<(u32, u32)> {
    (0..view.n as u32)
        .map(|i| (view.inc(i).len() as u32, view.out(i).len() as u32))
        .collect()
}

/// PageRank over the document nodes of a [`Layer::Citations`] view, by power
/// iteration: each pass pulls along incoming hops (linear in nodes plus
/// edges); rank of documents that cite nothing is spread evenly. Stops after
/// `max_iter` passes or when the L1 change falls below `tol`. Non-document
/// nodes get 0. Parallel edges count once each.
pub fn pagerank(graph: &Graph, view: &View, damping: f64, max_iter: usize, tol: f64) -> Vec<f64> {
    let n = view.n;
    let docs: Vec<u32> = (0..n as u32)
        .filter(|&i| graph.g[NodeIndex::new(i as usize)].kind == NodeKind::Document)
        .collect();
    let mut rank = vec![0.0f64; n];
    if docs.is_empty() {
        return rank;
    }
    let nd = docs.len() as f64;
    for &d in &docs {
        rank[d as usize] = 1.0 / nd;
    }
    let outdeg: Vec<f64> = (0..n as u32).map(|i| view.out(i).len() as f64).collect();
    let mut share = vec![0.0f64; n];
    let mut next = vec![0.0f64; n];
    for _ in 0..max_iter {
        let mut dangling = 0.0;
        for &d in &docs {
            let d = d as usize;
            if outdeg[d] > 0.0 {
                share[d] = rank[d] / outdeg[d];
            } else {
                dangling += rank[d];
            }
        }
        let base = (1.0 - damping) / nd + damping * dangling / nd;
        let mut delta = 0.0;
        for &d in &docs {
            let sum: f64 = view.inc(d).iter().map(|h| share[h.from as usize]).sum();
            let r = base + damping * sum;
            delta += (r - rank[d as usize]).abs();
            next[d as usize] = r;
        }
        std::mem::swap(&mut rank, &mut next);
        if delta < tol {
            break;
        }
    }
    rank
}

/// Strongly connected components (iterative Tarjan) of a view, each sorted,
/// listed by their smallest node; every node is in exactly one component.
pub fn strongly_connected(view: &View) -> Vec<Vec<u32>> {
    let n = view.n;
    const NONE: u32 = u32::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comps: Vec<Vec<u32>> = Vec::new();
    let mut next = 0u32;
    // Call stack of (node, position in its out-list).
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if index[root as usize] != NONE {
            continue;
        }
        calls.push((root, 0));
        index[root as usize] = next;
        low[root as usize] = next;
        next += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(top) = calls.last_mut() {
            let v = top.0;
            let hops = view.out(v);
            if top.1 < hops.len() {
                let w = hops[top.1].to;
                top.1 += 1;
                if index[w as usize] == NONE {
                    index[w as usize] = next;
                    low[w as usize] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort_unstable();
                comps.push(comp);
            }
        }
    }
    comps.sort_unstable_by_key(|c| c[0]);
    comps
}

/// The condensation of a view: its components and the acyclic graph between them.
#[derive(Clone, Debug, Serialize)]
pub struct Condensation {
    /// Components, as from [`strongly_connected`].
    pub components: Vec<Vec<u32>>,
    /// For each node, its component.
    pub component_of: Vec<u32>,
    /// Edges between distinct components, sorted and without repeats.
    pub edges: Vec<(u32, u32)>,
}

/// Condenses every strongly connected component to one node.
pub fn condensation(view: &View) -> Condensation {
    let components = strongly_connected(view);
    let mut component_of = vec![0u32; view.n];
    for (c, nodes) in components.iter().enumerate() {
        for &v in nodes {
            component_of[v as usize] = c as u32;
        }
    }
    let mut edges: Vec<(u32, u32)> = view
        .out
        .iter()
        .map(|h| (component_of[h.from as usize], component_of[h.to as usize]))
        .filter(|(a, b)| a != b)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    Condensation {
        components,
        component_of,
        edges,
    }
}

/// A node reached by a walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Reached {
    /// The node.
    pub node: u32,
    /// Hops from the start.
    pub depth: u32,
    /// The hop that first reached it.
    pub via: Hop,
}

/// Breadth-first walk from `start` up to `max_depth` hops: descendants
/// ([`Direction::Forward`]) or ancestors ([`Direction::Backward`]), each with
/// its depth and the hop that reached it, in walk order. The start is not
/// listed. Reads only the rows of the nodes it reaches (on a saved graph,
/// a row that cannot be read is the error).
pub fn reach<A: Adjacency + ?Sized>(
    view: &A,
    start: u32,
    dir: Direction,
    max_depth: u32,
) -> Result<Vec<Reached>, A::Error> {
    // Zeroed memory: the pages of nodes never reached are never touched.
    let mut seen = vec![false; view.positions()];
    seen[start as usize] = true;
    let mut found = Vec::new();
    let mut queue = VecDeque::from([(start, 0u32)]);
    while let Some((v, d)) = queue.pop_front() {
        if d >= max_depth {
            continue;
        }
        let hops = match dir {
            Direction::Forward => view.hops_out(v)?,
            Direction::Backward => view.hops_in(v)?,
        };
        for h in hops {
            let w = match dir {
                Direction::Forward => h.to,
                Direction::Backward => h.from,
            };
            if !seen[w as usize] {
                seen[w as usize] = true;
                found.push(Reached {
                    node: w,
                    depth: d + 1,
                    via: h,
                });
                queue.push_back((w, d + 1));
            }
        }
    }
    Ok(found)
}

/// A path: its hops in order (empty when from == to).
pub type Path = Vec<Hop>;

/// Shortest path (fewest hops) by breadth-first search, avoiding banned
/// nodes and edges.
fn bfs_path<A: Adjacency + ?Sized>(
    view: &A,
    from: u32,
    to: u32,
    banned_nodes: &HashSet<u32>,
    banned_edges: &HashSet<u32>,
) -> Result<Option<Path>, A::Error> {
    if from == to {
        return Ok(Some(Vec::new()));
    }
    // For each reached node, the node before it plus one (0: not reached;
    // zeroed memory, so the pages of nodes never reached are never
    // touched) and the edge of the hop that reached it.
    let mut via: Vec<(u32, u32)> = vec![(0, 0); view.positions()];
    via[from as usize] = (from + 1, 0);
    let mut queue = VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for h in view.hops_out(v)? {
            if banned_edges.contains(&h.edge) || banned_nodes.contains(&h.to) {
                continue;
            }
            if via[h.to as usize].0 == 0 {
                via[h.to as usize] = (v + 1, h.edge);
                if h.to == to {
                    let mut path = Vec::new();
                    let mut cur = to;
                    while cur != from {
                        let (prev, edge) = via[cur as usize];
                        let prev = prev - 1;
                        let hop = view.hops_out(prev)?.find(|x| x.edge == edge && x.to == cur);
                        // The hop was read from this row a moment ago.
                        let Some(hop) = hop else { break };
                        path.push(hop);
                        cur = prev;
                    }
                    path.reverse();
                    return Ok(Some(path));
                }
                queue.push_back(h.to);
            }
        }
    }
    Ok(None)
}

/// The shortest path from one node to another.
pub fn shortest_path<A: Adjacency + ?Sized>(
    view: &A,
    from: u32,
    to: u32,
) -> Result<Option<Path>, A::Error> {
    bfs_path(view, from, to, &HashSet::new(), &HashSet::new())
}

/// Up to `k` shortest loopless paths, shortest first (Yen's algorithm with
/// breadth-first search); ties are ordered by their node sequence.
pub fn k_shortest_paths<A: Adjacency + ?Sized>(
    view: &A,
    from: u32,
    to: u32,
    k: usize,
) -> Result<Vec<Path>, A::Error> {
    let mut found: Vec<Path> = Vec::new();
    if k == 0 {
        return Ok(found);
    }
    let Some(first) = shortest_path(view, from, to)? else {
        return Ok(found);
    };
    found.push(first);
    // Candidates ordered by (length, node sequence, edges).
    let mut candidates: BTreeSet<(usize, Vec<u32>, Vec<u32>, Path)> = BTreeSet::new();
    let key = |p: &Path| {
        let nodes: Vec<u32> = std::iter::once(from)
            .chain(p.iter().map(|h| h.to))
            .collect();
        let edges: Vec<u32> = p.iter().map(|h| h.edge).collect();
        (p.len(), nodes, edges, p.clone())
    };
    while found.len() < k {
        let last = found[found.len() - 1].clone();
        for i in 0..last.len() {
            let spur = if i == 0 { from } else { last[i - 1].to };
            let root = &last[..i];
            let mut banned_edges = HashSet::new();
            for p in &found {
                if p.len() > i && p[..i] == *root {
                    banned_edges.insert(p[i].edge);
                }
            }
            let mut banned_nodes: HashSet<u32> = HashSet::from([from]);
            banned_nodes.extend(root.iter().map(|h| h.to));
            banned_nodes.remove(&spur);
            if let Some(spur_path) = bfs_path(view, spur, to, &banned_nodes, &banned_edges)? {
                let mut total: Path = root.to_vec();
                total.extend(spur_path);
                if !found.contains(&total) {
                    candidates.insert(key(&total));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, _, _, p)) => found.push(p),
            None => break,
        }
    }
    Ok(found)
}

/// Number of documents citing both `a` and `b` (co-citation strength).
pub fn co_citation(view: &View, a: u32, b: u32) -> usize {
    let citers_a: HashSet<u32> = view.inc(a).iter().map(|h| h.from).collect();
    let citers_b: HashSet<u32> = view.inc(b).iter().map(|h| h.from).collect();
    citers_a.intersection(&citers_b).count()
}

/// Number of documents cited by both `a` and `b` (bibliographic coupling).
pub fn bibliographic_coupling(view: &View, a: u32, b: u32) -> usize {
    let refs_a: HashSet<u32> = view.out(a).iter().map(|h| h.to).collect();
    let refs_b: HashSet<u32> = view.out(b).iter().map(|h| h.to).collect();
    refs_a.intersection(&refs_b).count()
}

/// Documents most often cited together with `a`, strongest first (ties by position).
pub fn co_cited_with(view: &View, a: u32) -> Vec<(u32, usize)> {
    let citers: BTreeSet<u32> = view.inc(a).iter().map(|h| h.from).collect();
    let mut counts: std::collections::BTreeMap<u32, usize> = Default::default();
    for c in citers {
        let refs: BTreeSet<u32> = view.out(c).iter().map(|h| h.to).collect();
        for r in refs {
            if r != a {
                *counts.entry(r).or_default() += 1;
            }
        }
    }
    sort_counts(counts)
}

/// Documents sharing the most references with `a`, strongest first.
pub fn coupled_with(view: &View, a: u32) -> Vec<(u32, usize)> {
    let refs: BTreeSet<u32> = view.out(a).iter().map(|h| h.to).collect();
    let mut counts: std::collections::BTreeMap<u32, usize> = Default::default();
    for r in refs {
        let citers: BTreeSet<u32> = view.inc(r).iter().map(|h| h.from).collect();
        for c in citers {
            if c != a {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    sort_counts(counts)
}

fn sort_counts(counts: std::collections::BTreeMap<u32, usize>) -> Vec<(u32, usize)> {
    let mut v: Vec<(u32, usize)> = counts.into_iter().collect();
    v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    v
}

/// The graph edge of a hop.
pub fn edge_index(h: &Hop) -> EdgeIndex {
    EdgeIndex::new(h.edge as usize)
}

/// The graph node at a view position.
pub fn node_index(n: u32) -> NodeIndex {
    NodeIndex::new(n as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Edge, Node};
    use crate::model::Evidence;

    fn doc(id: &str) -> Node {
        Node {
            kind: NodeKind::Document,
            id: id.into(),
            label: id.into(),
            class: "resolution".into(),
            date: None,
            symbol: None,
            in_corpus: true,
            doc: None,
            agenda: None,
            aliases: vec![],
            ev: None,
            pagerank: 0.0,
        }
    }

    fn cites() -> Edge {
        Edge {
            kind: EdgeKind::Cites,
            relation: None,
            pinpoint: None,
            paragraph: None,
            weight: 1,
            ev: Evidence::default(),
        }
    }

    /// 0 -> 1 -> 2 -> 0 (a cycle), 2 -> 3, 0 -> 3, 4 -> 3.
    fn sample() -> Graph {
        let nodes = (0..5).map(|i| doc(&format!("d{i}"))).collect();
        let edges = [(0, 1), (1, 2), (2, 0), (2, 3), (0, 3), (4, 3)]
            .into_iter()
            .map(|(s, t)| (s, t, cites()))
            .collect();
        Graph::from_parts(nodes, edges).unwrap()
    }

    #[test]
    fn components_and_condensation() {
        let g = sample();
        let v = View::new(&g, Layer::Citations);
        let c = condensation(&v);
        assert_eq!(c.components, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(c.edges, vec![(0, 1), (2, 1)]);
    }

    #[test]
    fn pagerank_sums_to_one_and_favours_the_sink() {
        let g = sample();
        let v = View::new(&g, Layer::Citations);
        let r = pagerank(&g, &v, 0.85, 100, 1e-12);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let best = (0..5).max_by(|&a, &b| r[a].total_cmp(&r[b])).unwrap();
        assert_eq!(best, 3);
    }

    #[test]
    fn reach_with_depth() {
        let g = sample();
        let v = View::new(&g, Layer::Citations);
        let Ok(down) = reach(&v, 0, Direction::Forward, 2);
        let down: Vec<(u32, u32)> = down.iter().map(|r| (r.node, r.depth)).collect();
        assert_eq!(down, vec![(1, 1), (3, 1), (2, 2)]);
        let Ok(up) = reach(&v, 3, Direction::Backward, 1);
        let up: Vec<u32> = up.iter().map(|r| r.node).collect();
        assert_eq!(up, vec![0, 2, 4]);
    }

    #[test]
    fn k_shortest() {
        let g = sample();
        let v = View::new(&g, Layer::Citations);
        let Ok(paths) = k_shortest_paths(&v, 0, 3, 5);
        let seqs: Vec<Vec<u32>> = paths
            .iter()
            .map(|p| p.iter().map(|h| h.to).collect())
            .collect();
        assert_eq!(seqs, vec![vec![3], vec![1, 2, 3]]);
        assert_eq!(shortest_path(&v, 3, 0), Ok(None));
    }

    #[test]
    fn coupling() {
        let g = sample();
        let v = View::new(&g, Layer::Citations);
        assert_eq!(co_citation(&v, 0, 3), 1); // 2 cites both
        assert_eq!(bibliographic_coupling(&v, 2, 4), 1); // both cite 3
        assert_eq!(co_cited_with(&v, 3)[0], (0, 1));
        assert_eq!(coupled_with(&v, 4), vec![(0, 1), (2, 1)]);
    }
}
