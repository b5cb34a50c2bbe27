//! The saved graph: a compact binary file that `build` writes and the graph
//! commands load without re-extracting anything.
//!
//! Layout (integers are LEB128 varints unless said otherwise; a string is
//! its byte length then its UTF-8 bytes):
//!
//! ```text
//! magic  b"UNSCKG\x03\n"
//! pool:  count, then the strings of the edges, each once (a symbol is a position here)
//! nodes: count, then per node:
//!        kind u8, id, label, class, date?, symbol?, in_corpus u8, doc?, agenda?,
//!        alias count, aliases, evidence?, pagerank (f64, 8 bytes little-endian)
//! edges: count, then per edge:
//!        source position, target position, kind u8, relation?, pinpoint?,
//!        paragraph? (symbols: 0 for none, else symbol + 1), weight,
//!        file symbol, start, end, text symbol, rule symbol
//! ```
//!
//! An optional string is a 0/1 byte then the string; an optional evidence
//! is a 0/1 byte then file, start, end, text, rule. Edges hold only numbers,
//! so loading a million of them is one pass with no allocation per edge; the
//! pool becomes the graph's [`super::Pool`] as it is read.
//!
//! [`load`] also accepts an extraction stream (`.jsonl`, as printed by
//! `unsc-kg extract`) and builds the graph from it.

use std::io::Write;
use std::path::Path;

use super::{EdgeData, EdgeKind, Graph, Node, NodeKind, Pool, Sym};
use crate::error::{Error, Result};
use crate::model::{Evidence, Item};
use crate::output::write_atomic_with;

const MAGIC: &[u8; 8] = b"UNSCKG\x03\n";

/// Saves the graph to `path` atomically (streamed: the file is not built
/// in memory first).
pub fn save(graph: &Graph, path: &Path) -> Result<()> {
    write_atomic_with(path, |w| write(graph, w))
}

/// Loads a graph saved by [`save`], or builds one from a `.jsonl` extraction stream.
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
    let mut out = Vec::with_capacity(64 + graph.edge_count() * 16);
    // Writing to memory cannot fail.
    let _ = write(graph, &mut out);
    out
}

/// Streams a graph in the saved format into `w`, a chunk at a time.
pub fn write(graph: &Graph, w: &mut dyn Write) -> std::io::Result<()> {
    const CHUNK: usize = 1 << 16;
    let mut flush = |out: &mut Vec<u8>, at_least: usize| {
        if out.len() >= at_least {
            w.write_all(out)?;
            out.clear();
        }
        Ok::<(), std::io::Error>(())
    };
    let g = &graph.g;
    let mut out = Vec::with_capacity(2 * CHUNK);
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, graph.pool.len() as u64);
    for i in 0..graph.pool.len() {
        put_str(&mut out, graph.pool.get(Sym(i as u32)));
        flush(&mut out, CHUNK)?;
    }
    put_varint(&mut out, g.node_count() as u64);
    for n in g.node_weights() {
        flush(&mut out, CHUNK)?;
        out.push(n.kind.code());
        put_str(&mut out, &n.id);
        put_str(&mut out, &n.label);
        put_str(&mut out, &n.class);
        put_opt(&mut out, n.date.as_deref());
        put_opt(&mut out, n.symbol.as_deref());
        out.push(n.in_corpus as u8);
        put_opt(&mut out, n.doc.as_deref());
        put_opt(&mut out, n.agenda.as_deref());
        put_varint(&mut out, n.aliases.len() as u64);
        for a in &n.aliases {
            put_str(&mut out, a);
        }
        match &n.ev {
            Some(ev) => {
                out.push(1);
                put_str(&mut out, &ev.file);
                put_varint(&mut out, ev.start as u64);
                put_varint(&mut out, ev.end as u64);
                put_str(&mut out, &ev.text);
                put_str(&mut out, &ev.rule);
            }
            None => out.push(0),
        }
        out.extend_from_slice(&n.pagerank.to_le_bytes());
    }
    put_varint(&mut out, g.edge_count() as u64);
    for raw in g.raw_edges() {
        flush(&mut out, CHUNK)?;
        let e = &raw.weight;
        put_varint(&mut out, raw.source().index() as u64);
        put_varint(&mut out, raw.target().index() as u64);
        out.push(e.kind.code());
        for o in [e.relation, e.pinpoint, e.paragraph] {
            put_varint(&mut out, o.map_or(0, |s| s.0 as u64 + 1));
        }
        put_varint(&mut out, e.weight as u64);
        put_varint(&mut out, e.file.0 as u64);
        put_varint(&mut out, e.start);
        put_varint(&mut out, e.end);
        put_varint(&mut out, e.text.0 as u64);
        put_varint(&mut out, e.rule.0 as u64);
    }
    flush(&mut out, 0)
}

/// Decodes the saved format.
pub fn decode(bytes: &[u8]) -> std::result::Result<Graph, String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a unsc-kg graph file (run `unsc-kg build` to write one)".into());
    }
    let mut d = Decoder {
        bytes,
        pos: MAGIC.len(),
    };
    let count = d.count()?;
    let mut pool = Pool::default();
    for _ in 0..count {
        let s = d.str_slice()?;
        pool.push(s).map_err(|e| e.to_string())?;
    }
    let count = d.count()?;
    let mut nodes = Vec::with_capacity(count);
    for _ in 0..count {
        let code = d.byte()?;
        let kind = NodeKind::from_code(code).ok_or(format!("bad node kind {code}"))?;
        let id = d.string()?;
        let label = d.string()?;
        let class = d.string()?;
        let date = d.opt()?;
        let symbol = d.opt()?;
        let in_corpus = d.byte()? != 0;
        let doc = d.opt()?;
        let agenda = d.opt()?;
        let n_alias = d.count()?;
        let mut aliases = Vec::with_capacity(n_alias);
        for _ in 0..n_alias {
            aliases.push(d.string()?);
        }
        let ev = match d.byte()? {
            0 => None,
            _ => Some(Evidence {
                file: d.string()?,
                start: d.varint()? as usize,
                end: d.varint()? as usize,
                text: d.string()?,
                rule: d.string()?,
            }),
        };
        let raw = d.take(8)?;
        let mut f = [0u8; 8];
        f.copy_from_slice(raw);
        nodes.push(Node {
            kind,
            id,
            label,
            class,
            date,
            symbol,
            in_corpus,
            doc,
            agenda,
            aliases,
            ev,
            pagerank: f64::from_le_bytes(f),
        });
    }
    let count = d.count()?;
    let mut edges = Vec::with_capacity(count);
    let sym = |v: u64| {
        pool.check(v)
            .ok_or_else(|| format!("bad string symbol {v}"))
    };
    let opt_sym = |v: u64| match v {
        0 => Ok(None),
        v => sym(v - 1).map(Some),
    };
    for _ in 0..count {
        let s = d.u32()?;
        let t = d.u32()?;
        let code = d.byte()?;
        let kind = EdgeKind::from_code(code).ok_or(format!("bad edge kind {code}"))?;
        let relation = opt_sym(d.varint()?)?;
        let pinpoint = opt_sym(d.varint()?)?;
        let paragraph = opt_sym(d.varint()?)?;
        let weight = d.u32()?;
        let file = sym(d.varint()?)?;
        let start = d.varint()?;
        let end = d.varint()?;
        let text = sym(d.varint()?)?;
        let rule = sym(d.varint()?)?;
        let data = EdgeData {
            kind,
            relation,
            pinpoint,
            paragraph,
            weight,
            file,
            start,
            end,
            text,
            rule,
        };
        edges.push((s, t, data));
    }
    if d.pos != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - d.pos));
    }
    Graph::from_data(nodes, edges, pool)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    fn byte(&mut self) -> std::result::Result<u8, String> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| "truncated file".to_string())?;
        self.pos += 1;
        Ok(b)
    }

    fn varint(&mut self) -> std::result::Result<u64, String> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte()?;
            if shift >= 64 {
                return Err(format!("bad number at byte {}", self.pos));
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> std::result::Result<u32, String> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| format!("number {v} too large at byte {}", self.pos))
    }

    /// A count that must fit in the remaining bytes (guards allocations).
    fn count(&mut self) -> std::result::Result<usize, String> {
        let v = self.varint()?;
        if v > (self.bytes.len() - self.pos) as u64 {
            return Err(format!(
                "count {v} larger than the file at byte {}",
                self.pos
            ));
        }
        Ok(v as usize)
    }

    fn take(&mut self, len: usize) -> std::result::Result<&'a [u8], String> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| "truncated file".to_string())?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn str_slice(&mut self) -> std::result::Result<&'a str, String> {
        let len = self.count()?;
        let at = self.pos;
        let raw = self.take(len)?;
        std::str::from_utf8(raw).map_err(|e| format!("byte {at}: {e}"))
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        self.str_slice().map(str::to_string)
    }

    fn opt(&mut self) -> std::result::Result<Option<String>, String> {
        match self.byte()? {
            0 => Ok(None),
            _ => self.string().map(Some),
        }
    }
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
