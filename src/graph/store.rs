//! The saved graph: a compact binary file that `build` writes and the graph
//! commands load without re-extracting anything.
//!
//! Layout (all integers LEB128 varints unless said otherwise):
//!
//! ```text
//! magic  b"UNSCKG\x01\n"
//! strings: count, then (byte length, UTF-8 bytes) each   -- every distinct string once
//! nodes:   count, then per node:
//!          kind u8, id, label, class, date?, symbol?, in_corpus u8, doc?,
//!          alias count, aliases, evidence?
//! edges:   count, then per edge:
//!          source position, target position, kind u8, relation?, pinpoint?,
//!          paragraph?, weight, evidence
//! ```
//!
//! A string field is its index in the string table; an optional string is 0
//! for none or index + 1; an optional evidence is a 0/1 byte then the
//! evidence (file, start, end, text, rule). Interning keeps file names,
//! rules and relations once, and loading is one pass over the bytes.
//!
//! [`load`] also accepts an extraction stream (`.jsonl`, as printed by
//! `unsc-kg extract`) and builds the graph from it.

use std::collections::HashMap;
use std::path::Path;

use super::{Edge, EdgeKind, Graph, Node, NodeKind};
use crate::error::{Error, Result};
use crate::model::{Evidence, Item};
use crate::output::write_atomic;

const MAGIC: &[u8; 8] = b"UNSCKG\x01\n";

/// Saves the graph to `path` atomically.
pub fn save(graph: &Graph, path: &Path) -> Result<()> {
    write_atomic(path, &encode(graph))
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
        return Ok(Graph::from_items(&items));
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
    let mut e = Encoder::default();
    let g = &graph.g;
    put_varint(&mut e.body, g.node_count() as u64);
    for n in g.node_weights() {
        e.body.push(n.kind.code());
        e.str(&n.id);
        e.str(&n.label);
        e.str(&n.class);
        e.opt(n.date.as_deref());
        e.opt(n.symbol.as_deref());
        e.body.push(n.in_corpus as u8);
        e.opt(n.doc.as_deref());
        put_varint(&mut e.body, n.aliases.len() as u64);
        for a in &n.aliases {
            e.str(a);
        }
        match &n.ev {
            Some(ev) => {
                e.body.push(1);
                e.ev(ev);
            }
            None => e.body.push(0),
        }
    }
    put_varint(&mut e.body, g.edge_count() as u64);
    for ix in g.edge_indices() {
        let (s, t) = graph.ends(ix);
        let ed = &g[ix];
        put_varint(&mut e.body, s.index() as u64);
        put_varint(&mut e.body, t.index() as u64);
        e.body.push(ed.kind.code());
        e.opt(ed.relation.as_deref());
        e.opt(ed.pinpoint.as_deref());
        e.opt(ed.paragraph.as_deref());
        put_varint(&mut e.body, ed.weight as u64);
        e.ev(&ed.ev);
    }
    let mut out = Vec::with_capacity(e.body.len() + e.table.len() * 16 + 16);
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, e.table.len() as u64);
    for s in &e.table {
        put_varint(&mut out, s.len() as u64);
        out.extend_from_slice(s.as_bytes());
    }
    out.extend_from_slice(&e.body);
    out
}

/// Decodes the saved format.
pub fn decode(bytes: &[u8]) -> std::result::Result<Graph, String> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a unsc-kg graph file (run `unsc-kg build` to write one)".into());
    }
    let mut d = Decoder {
        bytes,
        pos: MAGIC.len(),
        table: Vec::new(),
    };
    let count = d.count()?;
    let mut table = Vec::with_capacity(count);
    for _ in 0..count {
        let len = d.count()?;
        let raw = d.take(len)?;
        let s = std::str::from_utf8(raw).map_err(|e| format!("string table: {e}"))?;
        table.push(s.to_string());
    }
    d.table = table;
    let count = d.count()?;
    let mut nodes = Vec::with_capacity(count);
    for _ in 0..count {
        let code = d.byte()?;
        let kind = NodeKind::from_code(code).ok_or(format!("bad node kind {code}"))?;
        let id = d.str()?;
        let label = d.str()?;
        let class = d.str()?;
        let date = d.opt()?;
        let symbol = d.opt()?;
        let in_corpus = d.byte()? != 0;
        let doc = d.opt()?;
        let n_alias = d.count()?;
        let mut aliases = Vec::with_capacity(n_alias.min(1024));
        for _ in 0..n_alias {
            aliases.push(d.str()?);
        }
        let ev = match d.byte()? {
            0 => None,
            _ => Some(d.ev()?),
        };
        nodes.push(Node {
            kind,
            id,
            label,
            class,
            date,
            symbol,
            in_corpus,
            doc,
            aliases,
            ev,
        });
    }
    let count = d.count()?;
    let mut edges = Vec::with_capacity(count);
    for _ in 0..count {
        let s = d.u32()?;
        let t = d.u32()?;
        let code = d.byte()?;
        let kind = EdgeKind::from_code(code).ok_or(format!("bad edge kind {code}"))?;
        let relation = d.opt()?;
        let pinpoint = d.opt()?;
        let paragraph = d.opt()?;
        let weight = d.u32()?;
        let ev = d.ev()?;
        edges.push((
            s,
            t,
            Edge {
                kind,
                relation,
                pinpoint,
                paragraph,
                weight,
                ev,
            },
        ));
    }
    if d.pos != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - d.pos));
    }
    Graph::from_parts(nodes, edges)
}

#[derive(Default)]
struct Encoder<'a> {
    body: Vec<u8>,
    ids: HashMap<&'a str, u32>,
    table: Vec<&'a str>,
}

impl<'a> Encoder<'a> {
    fn id(&mut self, s: &'a str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.table.len() as u32;
        self.table.push(s);
        self.ids.insert(s, i);
        i
    }

    fn str(&mut self, s: &'a str) {
        let i = self.id(s);
        put_varint(&mut self.body, i as u64);
    }

    fn opt(&mut self, s: Option<&'a str>) {
        let v = match s {
            Some(s) => self.id(s) as u64 + 1,
            None => 0,
        };
        put_varint(&mut self.body, v);
    }

    fn ev(&mut self, ev: &'a Evidence) {
        self.str(&ev.file);
        put_varint(&mut self.body, ev.start as u64);
        put_varint(&mut self.body, ev.end as u64);
        self.str(&ev.text);
        self.str(&ev.rule);
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    table: Vec<String>,
}

impl Decoder<'_> {
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

    fn take(&mut self, len: usize) -> std::result::Result<&[u8], String> {
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| "truncated file".to_string())?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn str(&mut self) -> std::result::Result<String, String> {
        let i = self.varint()?;
        self.table
            .get(i as usize)
            .cloned()
            .ok_or_else(|| format!("bad string index {i}"))
    }

    fn opt(&mut self) -> std::result::Result<Option<String>, String> {
        match self.varint()? {
            0 => Ok(None),
            i => self
                .table
                .get(i as usize - 1)
                .cloned()
                .map(Some)
                .ok_or_else(|| format!("bad string index {}", i - 1)),
        }
    }

    fn ev(&mut self) -> std::result::Result<Evidence, String> {
        Ok(Evidence {
            file: self.str()?,
            start: self.varint()? as usize,
            end: self.varint()? as usize,
            text: self.str()?,
            rule: self.str()?,
        })
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
        assert!(back.g.edge_weights().eq(g.g.edge_weights()));
        assert_eq!(encode(&back), bytes);
        assert!(decode(b"hello").is_err());
        for cut in [9, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }
}
