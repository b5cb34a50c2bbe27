//! The saved graph: a binary file that `build` writes and the graph
//! commands read without re-extracting anything.
//!
//! The layout is described in [`super::mapped`], which reads it in place
//! (what `cites`, `cited-by`, `chain` and `rank` do: a question reads only
//! what it visits). This module writes it ([`save`], [`write()`], [`encode`])
//! and decodes it whole into a [`Graph`] ([`load`], [`decode`]) for the
//! commands that read every node (`stats`, `actor`, `export`).
//!
//! [`load`] also accepts an extraction stream (`.jsonl`, as printed by
//! `unsc-kg extract`) and builds the graph from it.

use std::io::Write;
use std::path::Path;

use rustc_hash::FxHashMap;

use super::analysis::{Hop, Layer};
use super::mapped::{
    BLOCK, EDGE, HEADER, HOP, MAGIC, NODE, NONE, SECTIONS, SavedGraph, Sec, block_hash, id_hash,
    layer_sections,
};
use super::{EdgeData, EdgeKind, Graph, Node, Pool, Sym};
use crate::error::{Error, Result};
use crate::model::{Evidence, Item};
use crate::output::write_atomic_with;

/// Saves the graph to `path` atomically (streamed: the edges and strings
/// are not built in memory first).
pub fn save(graph: &Graph, path: &Path) -> Result<()> {
    write_atomic_with(path, |w| write(graph, w))
}

/// Loads a graph saved by [`save`] whole, or builds one from a `.jsonl`
/// extraction stream.
pub fn load(path: &Path) -> Result<Graph> {
    let err = |reason: String| Error::GraphFile {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| err(format!("cannot read: {e}")))?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        let text = std::str::from_utf8(&bytes).map_err(|e| err(format!("not UTF-8: {e}")))?;
        let items = parse_jsonl(text).map_err(err)?;
        return Graph::try_from_items(&items).map_err(|e| err(e.to_string()));
    }
    decode(&bytes).map_err(err)
}

/// Parses an extraction stream, one item per line (blank lines skipped).
pub fn parse_jsonl(text: &str) -> std::result::Result<Vec<Item>, String> {
    let mut items = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        items.push(item);
    }
    Ok(items)
}

/// Encodes a graph in the saved format.
pub fn encode(graph: &Graph) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + graph.edge_count() * (EDGE + 2 * HOP));
    // Writing to memory fails only on a graph past the format's 32-bit
    // string ids, which a graph in memory cannot reach before its pool does.
    let _ = write(graph, &mut out);
    out
}

/// A writer that hashes each [`BLOCK`] of what goes through it and ends
/// with the table of hashes.
struct Blocks<'w> {
    w: &'w mut dyn Write,
    buf: Vec<u8>,
    sums: Vec<u64>,
}

impl Blocks<'_> {
    /// Hands on the whole blocks once 64 KiB are waiting.
    fn flush(&mut self, at_least: usize) -> std::io::Result<()> {
        if self.buf.len() < at_least {
            return Ok(());
        }
        let whole = self.buf.len() / BLOCK * BLOCK;
        self.sums
            .extend(self.buf[..whole].chunks(BLOCK).map(block_hash));
        self.w.write_all(&self.buf[..whole])?;
        self.buf.drain(..whole);
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(bytes);
        self.flush(1 << 16)
    }

    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.put(&v.to_le_bytes())
    }

    /// The last (partial) block, the table and its hash, the end mark.
    fn finish(mut self) -> std::io::Result<()> {
        self.flush(0)?;
        if !self.buf.is_empty() {
            self.sums.push(block_hash(&self.buf));
            self.w.write_all(&self.buf)?;
        }
        let table: Vec<u8> = self.sums.iter().flat_map(|s| s.to_le_bytes()).collect();
        self.w.write_all(&table)?;
        self.w.write_all(&block_hash(&table).to_le_bytes())?;
        self.w.write_all(MAGIC)
    }
}

/// A node's strings placed in the string table: the pool's strings come
/// first, then every node's id (node k's is string pool + k), then the
/// other strings of the nodes in node order; the short repeated ones
/// (class, date, agenda, evidence file and rule) are stored once.
struct Strings<'g> {
    pool: u32,
    extra: Vec<&'g str>,
    shared: FxHashMap<&'g str, u32>,
}

impl<'g> Strings<'g> {
    fn next(&self) -> std::io::Result<u32> {
        let id = u64::from(self.pool) + self.extra.len() as u64;
        u32::try_from(id)
            .ok()
            .filter(|&i| i < NONE)
            .ok_or_else(|| std::io::Error::other("more strings than the graph file's 32-bit ids"))
    }

    /// A string stored anew.
    fn fresh(&mut self, s: &'g str) -> std::io::Result<u32> {
        let id = self.next()?;
        self.extra.push(s);
        Ok(id)
    }

    /// A string stored once for all the nodes that have it.
    fn shared(&mut self, s: &'g str) -> std::io::Result<u32> {
        if let Some(&id) = self.shared.get(s) {
            return Ok(id);
        }
        let id = self.fresh(s)?;
        self.shared.insert(s, id);
        Ok(id)
    }
}

/// The fixed-width node records and the alias table, the strings they
/// name added to `strings`.
fn node_records<'g>(
    graph: &'g Graph,
    pool: u32,
    strings: &mut Strings<'g>,
) -> std::io::Result<(Vec<u8>, Vec<u32>)> {
    let g = &graph.g;
    let mut nodes = Vec::with_capacity(NODE * g.node_count());
    let mut aliases: Vec<u32> = Vec::new();
    for (k, d) in g.node_weights().enumerate() {
        let own = pool + k as u32;
        let label = if d.label == d.id {
            own
        } else {
            strings.fresh(&d.label)?
        };
        let class = strings.shared(&d.class)?;
        let date = match &d.date {
            Some(s) => strings.shared(s)?,
            None => NONE,
        };
        let symbol = match &d.symbol {
            Some(s) if *s == d.id => own,
            Some(s) => strings.shared(s)?,
            None => NONE,
        };
        let doc = match &d.doc {
            Some(s) => match graph.node(s) {
                Some(x) => pool + x.index() as u32,
                None => strings.shared(s)?,
            },
            None => NONE,
        };
        let agenda = match &d.agenda {
            Some(s) => strings.shared(s)?,
            None => NONE,
        };
        let first = u32::try_from(aliases.len()).map_err(std::io::Error::other)?;
        for a in &d.aliases {
            let id = if *a == d.id { own } else { strings.fresh(a)? };
            aliases.push(id);
        }
        let (has_ev, file, text, rule, start, end) = match &d.ev {
            Some(ev) => (
                1u8,
                strings.shared(&ev.file)?,
                strings.fresh(&ev.text)?,
                strings.shared(&ev.rule)?,
                ev.start as u64,
                ev.end as u64,
            ),
            None => (0, NONE, NONE, NONE, 0, 0),
        };
        nodes.extend_from_slice(&[d.kind.code(), u8::from(d.in_corpus), has_ev, 0]);
        for v in [
            own,
            label,
            class,
            date,
            symbol,
            doc,
            agenda,
            first,
            d.aliases.len() as u32,
        ] {
            nodes.extend_from_slice(&v.to_le_bytes());
        }
        for v in [file, text, rule, 0] {
            nodes.extend_from_slice(&v.to_le_bytes());
        }
        for v in [start, end] {
            nodes.extend_from_slice(&v.to_le_bytes());
        }
        nodes.extend_from_slice(&d.pagerank.to_le_bytes());
    }
    Ok((nodes, aliases))
}

/// The edge records, the id index, both walk layers' rows and the
/// documents by PageRank, in file order.
fn write_links(
    graph: &Graph,
    b: &mut Blocks<'_>,
    index: Vec<u32>,
    views: [&crate::graph::analysis::View; 2],
    ranked: Vec<u32>,
) -> std::io::Result<()> {
    let g = &graph.g;
    for raw in g.raw_edges() {
        let d = &raw.weight;
        let opt = |s: Option<Sym>| s.map_or(NONE, |s| s.0);
        for v in [
            raw.source().index() as u32,
            raw.target().index() as u32,
            u32::from(d.kind.code()),
            opt(d.relation),
            opt(d.pinpoint),
            opt(d.paragraph),
            d.weight,
            d.file.0,
            d.text.0,
            d.rule.0,
        ] {
            b.u32(v)?;
        }
        b.put(&d.start.to_le_bytes())?;
        b.put(&d.end.to_le_bytes())?;
    }
    for v in index {
        b.u32(v)?;
    }
    for view in views {
        let (out_off, out, in_off, inc) = view.rows();
        for (offs, hops, other) in [
            (out_off, out, (|h: &Hop| h.to) as fn(&Hop) -> u32),
            (in_off, inc, |h: &Hop| h.from),
        ] {
            for &o in offs {
                b.u32(o)?;
            }
            for h in hops {
                for v in [other(h), h.edge, u32::from(h.reversed)] {
                    b.u32(v)?;
                }
            }
        }
    }
    for d in ranked {
        b.u32(d)?;
    }
    Ok(())
}

/// Streams a graph in the saved format into `w`.
pub fn write(graph: &Graph, w: &mut dyn Write) -> std::io::Result<()> {
    let g = &graph.g;
    let (n, e) = (g.node_count(), g.edge_count());
    let pool = u32::try_from(graph.pool.len()).map_err(std::io::Error::other)?;
    let ids = u32::try_from(n)
        .ok()
        .and_then(|n| pool.checked_add(n))
        .ok_or_else(|| std::io::Error::other("more strings than the graph file's 32-bit ids"))?;
    let mut strings = Strings {
        pool: ids,
        extra: Vec::new(),
        shared: FxHashMap::default(),
    };
    let (nodes, aliases) = node_records(graph, pool, &mut strings)?;
    let slots = (2 * n).next_power_of_two().max(2);
    let mut index = vec![0u32; slots];
    for (k, d) in g.node_weights().enumerate() {
        let mut i = id_hash(&d.id) as usize & (slots - 1);
        while index[i] != 0 {
            i = (i + 1) & (slots - 1);
        }
        index[i] = k as u32 + 1;
    }
    let views = [Layer::Paths, Layer::Citations].map(|l| graph.view(l));
    let ranked = super::read::documents_by_pagerank(graph);
    let heap: u64 = (0..graph.pool.len())
        .map(|i| graph.pool.get(Sym(i as u32)).len() as u64)
        .chain(g.node_weights().map(|d| d.id.len() as u64))
        .chain(strings.extra.iter().map(|s| s.len() as u64))
        .sum();
    let total_strings = u64::from(ids) + strings.extra.len() as u64;
    let mut lens = [0u64; SECTIONS];
    lens[Sec::StrOff as usize] = 8 * (total_strings + 1);
    lens[Sec::Heap as usize] = heap;
    lens[Sec::Nodes as usize] = nodes.len() as u64;
    lens[Sec::Aliases as usize] = 4 * aliases.len() as u64;
    lens[Sec::Edges as usize] = (EDGE * e) as u64;
    lens[Sec::Index as usize] = 4 * slots as u64;
    for (layer, view) in [Layer::Paths, Layer::Citations].into_iter().zip(views) {
        let [oo, o, io, i] = layer_sections(layer);
        let (_, out, _, inc) = view.rows();
        lens[oo as usize] = 4 * (n as u64 + 1);
        lens[io as usize] = 4 * (n as u64 + 1);
        lens[o as usize] = (HOP * out.len()) as u64;
        lens[i as usize] = (HOP * inc.len()) as u64;
    }
    lens[Sec::Ranked as usize] = 4 * ranked.len() as u64;

    let mut b = Blocks {
        w,
        buf: Vec::with_capacity(1 << 17),
        sums: Vec::new(),
    };
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&(BLOCK as u32).to_le_bytes());
    header.extend_from_slice(&pool.to_le_bytes());
    let mut at = HEADER as u64;
    for len in lens {
        header.extend_from_slice(&at.to_le_bytes());
        header.extend_from_slice(&len.to_le_bytes());
        at += len;
    }
    b.put(&header)?;
    // The string table: offsets, then the bytes.
    let mut off = 0u64;
    b.put(&off.to_le_bytes())?;
    let pool_strs = (0..graph.pool.len()).map(|i| graph.pool.get(Sym(i as u32)));
    let all = || {
        pool_strs
            .clone()
            .chain(g.node_weights().map(|d| d.id.as_str()))
            .chain(strings.extra.iter().copied())
    };
    for s in all() {
        off += s.len() as u64;
        b.put(&off.to_le_bytes())?;
    }
    for s in all() {
        b.put(s.as_bytes())?;
    }
    b.put(&nodes)?;
    drop(nodes);
    for a in aliases {
        b.u32(a)?;
    }
    write_links(graph, &mut b, index, views, ranked)?;
    b.finish()
}

/// Decodes the saved format whole (every block checked).
pub fn decode(bytes: &[u8]) -> std::result::Result<Graph, String> {
    let saved = SavedGraph::in_memory(bytes)?;
    saved.check_all()?;
    let mut pool = Pool::default();
    for i in 0..saved.pool_len() {
        pool.push(saved.string(i)?).map_err(|e| e.to_string())?;
    }
    let count = crate::graph::read::GraphRead::node_count(&saved);
    let mut nodes = Vec::with_capacity(count);
    for k in 0..count as u32 {
        let (v, doc, agenda, ev) = saved.node_full(k)?;
        nodes.push(Node {
            kind: v.kind,
            id: v.id.to_string(),
            label: v.label.to_string(),
            class: v.class.to_string(),
            date: v.date.map(str::to_string),
            symbol: v.symbol.map(str::to_string),
            in_corpus: v.in_corpus,
            doc: doc.map(str::to_string),
            agenda: agenda.map(str::to_string),
            aliases: v.aliases.iter().map(|a| a.to_string()).collect(),
            ev: ev.map(|(file, start, end, text, rule)| Evidence {
                file: file.to_string(),
                start: start as usize,
                end: end as usize,
                text: text.to_string(),
                rule: rule.to_string(),
            }),
            pagerank: v.pagerank,
        });
    }
    let mut edges = Vec::with_capacity(saved.edge_count());
    let opt = |v: u32| (v != NONE).then_some(Sym(v));
    for e in 0..saved.edge_count() as u32 {
        let (s, t, f, start, end) = saved.edge_raw(e)?;
        let kind = u8::try_from(f[0])
            .ok()
            .and_then(EdgeKind::from_code)
            .ok_or_else(|| format!("bad edge kind {}", f[0]))?;
        let data = EdgeData {
            kind,
            relation: opt(f[1]),
            pinpoint: opt(f[2]),
            paragraph: opt(f[3]),
            weight: f[4],
            file: Sym(f[5]),
            start,
            end,
            text: Sym(f[6]),
            rule: Sym(f[7]),
        };
        edges.push((s, t, data));
    }
    Graph::from_data(nodes, edges, pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects_garbage() {
        let items = parse_jsonl(include_str!("../../tests/testdata/graph/items.jsonl")).unwrap();
        let g = Graph::from_items(&items);
        let bytes = encode(&g);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.node_count(), g.node_count());
        assert_eq!(back.edge_count(), g.edge_count());
        assert!(back.g.node_weights().eq(g.g.node_weights()));
        for e in g.g.edge_indices() {
            assert_eq!(back.edge(e), g.edge(e));
            assert_eq!(back.ends(e), g.ends(e));
        }
        assert_eq!(encode(&back), bytes);
        assert!(decode(b"hello").is_err());
        for cut in [9, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
