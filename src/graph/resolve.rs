//! Reading references as a person types them: "2531", "res 2531 (2020)",
//! "S/RES/2531(2020)", "resolution 2531 (2020)", "s/2020/600", "MINUSMA",
//! "G5 Sahel", "S/RES/2531 (2020)#op5".
//!
//! Resolution runs in tiers and the first tier that finds anything decides:
//! the exact id; the canonical symbol the text spells (a resolution number
//! with or without its year, any `S/...` symbol with its spacing and case
//! fixed); the same letters and digits as an id, label, symbol or alias; the
//! letters and digits contained in one. One match resolves; several are
//! ambiguous; none gives the closest names by edit distance.

use super::{Graph, NodeKind};
use crate::symbol;
use petgraph::graph::NodeIndex;

/// Why a reference did not resolve to one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Several nodes match (ids, sorted).
    Ambiguous(Vec<String>),
    /// Nothing matches; the closest ids.
    Unknown(Vec<String>),
}

impl Unresolved {
    /// A short message for the user.
    pub fn message(&self, input: &str) -> String {
        match self {
            Unresolved::Ambiguous(ids) => {
                format!("\"{input}\" is ambiguous: {}", list(ids))
            }
            Unresolved::Unknown(ids) if ids.is_empty() => {
                format!("\"{input}\" is not in the graph")
            }
            Unresolved::Unknown(ids) => {
                format!("\"{input}\" is not in the graph; closest: {}", list(ids))
            }
        }
    }
}

fn list(ids: &[String]) -> String {
    let mut s = ids
        .iter()
        .take(8)
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > 8 {
        s.push_str(&format!(" and {} more", ids.len() - 8));
    }
    s
}

/// Letters and digits only, lower-cased: the key fuzzy tiers compare.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Resolves a typed reference to one node. With `kinds`, only nodes of those
/// kinds count.
pub fn resolve(
    graph: &Graph,
    input: &str,
    kinds: &[NodeKind],
) -> std::result::Result<NodeIndex, Unresolved> {
    let ok = |n: NodeIndex| kinds.is_empty() || kinds.contains(&graph.g[n].kind);
    if let Some(n) = graph.node(input.trim()).filter(|&n| ok(n)) {
        return Ok(n);
    }
    // "S/RES/2531 (2020)#op5", "2531#op5": resolve the document, keep the part.
    if let Some((doc, part)) = input.split_once('#')
        && !part.is_empty()
        && let Ok(d) = resolve(graph, doc, &[NodeKind::Document])
        && let Some(p) = graph.node(&format!("{}#{}", graph.g[d].id, part.trim()))
        && ok(p)
    {
        return Ok(p);
    }
    let wanted = |n: &NodeIndex| {
        ok(*n) && (graph.g[*n].kind != NodeKind::Paragraph || kinds.contains(&NodeKind::Paragraph))
    };
    if let Some(sym) = symbol::typed(input) {
        if let Some(n) = graph.node(&sym).filter(|&n| ok(n)) {
            return Ok(n);
        }
        if sym.ends_with('(') {
            let hits: Vec<NodeIndex> = graph
                .g
                .node_indices()
                .filter(wanted)
                .filter(|&n| graph.g[n].id.starts_with(&sym))
                .collect();
            if !hits.is_empty() {
                return pick(graph, hits);
            }
        }
    }
    let key = norm(input);
    if key.is_empty() {
        return Err(Unresolved::Unknown(Vec::new()));
    }
    let keys = |n: NodeIndex| {
        let d = &graph.g[n];
        let mut k = vec![norm(&d.id), norm(&d.label)];
        if let Some(s) = &d.symbol {
            k.push(norm(s));
        }
        k.extend(d.aliases.iter().map(|a| norm(a)));
        k
    };
    let exact: Vec<NodeIndex> = graph
        .g
        .node_indices()
        .filter(wanted)
        .filter(|&n| keys(n).contains(&key))
        .collect();
    if !exact.is_empty() {
        return pick(graph, exact);
    }
    if key.chars().count() >= 3 {
        let partial: Vec<NodeIndex> = graph
            .g
            .node_indices()
            .filter(wanted)
            .filter(|&n| keys(n).iter().any(|k| k.contains(&key)))
            .collect();
        if !partial.is_empty() {
            // A fragment ("S/2020") names none of the nodes that contain
            // it: several are ambiguous even when one is in the corpus.
            return pick_strict(graph, partial);
        }
    }
    let mut scored: Vec<(usize, &str)> = graph
        .g
        .node_indices()
        .filter(wanted)
        .map(|n| {
            let d = keys(n)
                .iter()
                .map(|k| distance(&key, k))
                .min()
                .unwrap_or(usize::MAX);
            (d, graph.g[n].id.as_str())
        })
        .collect();
    scored.sort();
    Err(Unresolved::Unknown(
        scored
            .iter()
            .take(5)
            .map(|(_, id)| id.to_string())
            .collect(),
    ))
}

/// One hit resolves; several are ambiguous unless exactly one is in the corpus.
fn pick(graph: &Graph, mut hits: Vec<NodeIndex>) -> std::result::Result<NodeIndex, Unresolved> {
    // A paragraph's id contains its document's: the document wins.
    if hits.iter().any(|&n| graph.g[n].kind != NodeKind::Paragraph) {
        hits.retain(|&n| graph.g[n].kind != NodeKind::Paragraph);
    }
    if hits.len() == 1 {
        return Ok(hits[0]);
    }
    let in_corpus: Vec<NodeIndex> = hits
        .iter()
        .copied()
        .filter(|&n| graph.g[n].in_corpus)
        .collect();
    if in_corpus.len() == 1 {
        return Ok(in_corpus[0]);
    }
    let mut ids: Vec<String> = hits.iter().map(|&n| graph.g[n].id.clone()).collect();
    ids.sort();
    Err(Unresolved::Ambiguous(ids))
}

/// Like [`pick`], without preferring the one node in the corpus.
fn pick_strict(
    graph: &Graph,
    mut hits: Vec<NodeIndex>,
) -> std::result::Result<NodeIndex, Unresolved> {
    if hits.iter().any(|&n| graph.g[n].kind != NodeKind::Paragraph) {
        hits.retain(|&n| graph.g[n].kind != NodeKind::Paragraph);
    }
    match hits.as_slice() {
        [one] => Ok(*one),
        _ => {
            let mut ids: Vec<String> = hits.iter().map(|&n| graph.g[n].id.clone()).collect();
            ids.sort();
            Err(Unresolved::Ambiguous(ids))
        }
    }
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_as_typed() {
        for (input, want) in [
            ("2531", "S/RES/2531 ("),
            ("res 2531 (2020)", "S/RES/2531 (2020)"),
            ("S/RES/2531(2020)", "S/RES/2531 (2020)"),
            ("resolution 2531 (2020)", "S/RES/2531 (2020)"),
            ("Resolution No. 2531(2020)", "S/RES/2531 (2020)"),
            ("s/2020/600", "S/2020/600"),
            ("S / 2020 / 600", "S/2020/600"),
            ("s/prst/2020/5", "S/PRST/2020/5"),
        ] {
            assert_eq!(symbol::typed(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(symbol::typed("MINUSMA"), None);
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("minusma", "minusma"), 0);
        assert_eq!(distance("minsuma", "minusma"), 2);
        assert_eq!(distance("", "abc"), 3);
    }
}
