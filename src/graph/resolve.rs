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

use super::read::GraphRead;
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
    let Ok(found) = resolve_in(graph, input, kinds);
    found.map(|n| NodeIndex::new(n as usize))
}

/// [`resolve`] on any graph (in memory or read in place); the outer error
/// is a node that could not be read. The fuzzy tiers read every node; the
/// exact ones only the ids they look up.
pub fn resolve_in<G: GraphRead + ?Sized>(
    graph: &G,
    input: &str,
    kinds: &[NodeKind],
) -> Result<Result<u32, Unresolved>, G::Error> {
    let ok = |n: u32| -> Result<bool, G::Error> {
        Ok(kinds.is_empty() || kinds.contains(&graph.node_kind(n)?))
    };
    let found = |id: &str| -> Result<Option<u32>, G::Error> {
        match graph.find_id(id)? {
            Some(n) if ok(n)? => Ok(Some(n)),
            _ => Ok(None),
        }
    };
    if let Some(n) = found(input.trim())? {
        return Ok(Ok(n));
    }
    // "S/RES/2531 (2020)#op5", "2531#op5": resolve the document, keep the part.
    if let Some((doc, part)) = input.split_once('#')
        && !part.is_empty()
        && let Ok(d) = resolve_in(graph, doc, &[NodeKind::Document])?
        && let Some(p) = found(&format!("{}#{}", graph.node(d)?.id, part.trim()))?
    {
        return Ok(Ok(p));
    }
    let wanted = |kind: NodeKind| {
        (kinds.is_empty() || kinds.contains(&kind))
            && (kind != NodeKind::Paragraph || kinds.contains(&NodeKind::Paragraph))
    };
    let count = graph.node_count() as u32;
    if let Some(sym) = symbol::typed(input) {
        if let Some(n) = found(&sym)? {
            return Ok(Ok(n));
        }
        if sym.ends_with('(') {
            let mut hits = Vec::new();
            for n in 0..count {
                let d = graph.node(n)?;
                if wanted(d.kind) && d.id.starts_with(&sym) {
                    hits.push(n);
                }
            }
            if !hits.is_empty() {
                return pick(graph, hits, false);
            }
        }
    }
    let key = norm(input);
    if key.is_empty() {
        return Ok(Err(Unresolved::Unknown(Vec::new())));
    }
    // Every wanted node with its keys, read once.
    let mut nodes: Vec<(u32, String, Vec<String>)> = Vec::new();
    for n in 0..count {
        let d = graph.node(n)?;
        if !wanted(d.kind) {
            continue;
        }
        let mut k = vec![norm(d.id), norm(d.label)];
        if let Some(s) = d.symbol {
            k.push(norm(s));
        }
        k.extend(d.aliases.iter().map(|a| norm(a)));
        nodes.push((n, d.id.to_string(), k));
    }
    let exact: Vec<u32> = nodes
        .iter()
        .filter(|(_, _, k)| k.contains(&key))
        .map(|(n, _, _)| *n)
        .collect();
    if !exact.is_empty() {
        return pick(graph, exact, false);
    }
    if key.chars().count() >= 3 {
        let partial: Vec<u32> = nodes
            .iter()
            .filter(|(_, _, k)| k.iter().any(|k| k.contains(&key)))
            .map(|(n, _, _)| *n)
            .collect();
        if !partial.is_empty() {
            // A fragment ("S/2020") names none of the nodes that contain
            // it: several are ambiguous even when one is in the corpus.
            return pick(graph, partial, true);
        }
    }
    let mut scored: Vec<(usize, &str)> = nodes
        .iter()
        .map(|(_, id, keys)| {
            let d = keys
                .iter()
                .map(|k| distance(&key, k))
                .min()
                .unwrap_or(usize::MAX);
            (d, id.as_str())
        })
        .collect();
    scored.sort();
    Ok(Err(Unresolved::Unknown(
        scored
            .iter()
            .take(5)
            .map(|(_, id)| id.to_string())
            .collect(),
    )))
}

/// One hit resolves; several are ambiguous unless exactly one is in the
/// corpus (not when `strict`). A paragraph's id contains its document's:
/// when both match, the document wins.
fn pick<G: GraphRead + ?Sized>(
    graph: &G,
    hits: Vec<u32>,
    strict: bool,
) -> Result<Result<u32, Unresolved>, G::Error> {
    let mut nodes = Vec::with_capacity(hits.len());
    for n in hits {
        let d = graph.node(n)?;
        nodes.push((n, d.kind, d.in_corpus, d.id.to_string()));
    }
    if nodes.iter().any(|x| x.1 != NodeKind::Paragraph) {
        nodes.retain(|x| x.1 != NodeKind::Paragraph);
    }
    if let [one] = nodes.as_slice() {
        return Ok(Ok(one.0));
    }
    if !strict {
        let in_corpus: Vec<u32> = nodes.iter().filter(|x| x.2).map(|x| x.0).collect();
        if let [one] = in_corpus.as_slice() {
            return Ok(Ok(*one));
        }
    }
    let mut ids: Vec<String> = nodes.into_iter().map(|x| x.3).collect();
    ids.sort();
    Ok(Err(Unresolved::Ambiguous(ids)))
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
