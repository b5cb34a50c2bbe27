//! What the graph commands share: loading the saved graph, resolving typed
//! references, the JSON shapes of nodes and hops, and plain-text tables.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use crate::graph::analysis::{Hop, edge_index, node_index};
use crate::graph::resolve::resolve;
use crate::graph::{EdgeKind, Graph, NodeKind, store};
use crate::model::Evidence;

/// Options of every command that reads the saved graph.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The graph `build` saved, or an extraction stream (`.jsonl`) to build it from.
    #[arg(long, default_value = "exports/graph.bin")]
    pub graph: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Loads the graph named by the options.
pub fn load(args: &GraphArgs) -> anyhow::Result<Graph> {
    store::load(&args.graph).with_context(|| "loading the graph (see --graph)")
}

/// Resolves a typed reference, or fails with a short message naming the
/// closest matches.
pub fn find(graph: &Graph, input: &str, kinds: &[NodeKind]) -> anyhow::Result<NodeIndex> {
    resolve(graph, input, kinds).map_err(|u| anyhow::anyhow!(u.message(input)))
}

/// A node as printed in JSON.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NodeRef {
    /// Canonical id.
    pub id: String,
    /// Label.
    pub label: String,
    /// Node kind.
    pub kind: NodeKind,
    /// Document type, actor class ...
    pub class: String,
    /// False for cited-only documents.
    pub in_corpus: bool,
    /// ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl NodeRef {
    /// The printable form of node `n`.
    pub fn of(graph: &Graph, n: NodeIndex) -> NodeRef {
        let d = graph.data(n);
        NodeRef {
            id: d.id.clone(),
            label: d.label.clone(),
            kind: d.kind,
            class: d.class.clone(),
            in_corpus: d.in_corpus,
            date: d.date.clone(),
        }
    }
}

/// One hop of a walk or path as printed in JSON: the edge read in the
/// direction walked ("contains" for a `part_of` edge walked backwards).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HopOut {
    /// Node left.
    pub from: String,
    /// Node reached.
    pub to: String,
    /// Edge kind as walked (`cites`, `adopted_as`, `contains`).
    pub kind: String,
    /// The graph edge's position (for checking against the graph).
    pub edge: u32,
    /// CiTO relation or other qualifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// Pinpoint in the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
    /// The paragraph the fact sits in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Facts aggregated in the edge.
    pub weight: u32,
    /// The evidence: file, byte span, the quoted text, rule.
    pub evidence: Evidence,
}

impl HopOut {
    /// The printable form of a hop.
    pub fn of(graph: &Graph, h: &Hop) -> HopOut {
        let e = graph.edge(edge_index(h));
        let kind = if h.reversed && e.kind == EdgeKind::PartOf {
            "contains".to_string()
        } else {
            e.kind.as_str().to_string()
        };
        HopOut {
            from: graph.data(node_index(h.from)).id.clone(),
            to: graph.data(node_index(h.to)).id.clone(),
            kind,
            edge: h.edge,
            relation: e.relation.clone(),
            pinpoint: e.pinpoint.clone(),
            paragraph: e.paragraph.clone(),
            weight: e.weight,
            evidence: e.ev.clone(),
        }
    }

    /// "cites (citesAsAuthority), paragraph 4, 2 times".
    pub fn how(&self) -> String {
        let mut s = self.kind.clone();
        if let Some(r) = &self.relation {
            s.push_str(&format!(" ({r})"));
        }
        if let Some(p) = &self.pinpoint {
            s.push_str(&format!(", {p}"));
        }
        if self.weight > 1 {
            s.push_str(&format!(", {} times", self.weight));
        }
        s
    }

    /// "file bytes 10-20".
    pub fn place(&self) -> String {
        format!(
            "{} bytes {}-{}",
            self.evidence.file, self.evidence.start, self.evidence.end
        )
    }
}

/// A quote on one line: white space collapsed, long quotes cut with "…".
pub fn quote(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        format!("\"{one}\"")
    } else {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("\"{cut}…\"")
    }
}

/// A plain-text table: columns padded to their widest cell, the last not padded.
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with a header row.
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The table as text.
    pub fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut width = vec![0; cols];
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let mut out = String::new();
        for r in &self.rows {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate() {
                if i + 1 < r.len() {
                    line.push_str(c);
                    line.extend(std::iter::repeat_n(' ', width[i] - c.chars().count() + 2));
                } else {
                    line.push_str(c);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Prints a report: JSON when asked, else the text; exit 0 when `found`, 1 when not.
pub fn emit<T: Serialize>(
    json: bool,
    report: &T,
    text: &str,
    found: bool,
) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        serde_json::to_writer_pretty(&mut out, report).context("writing JSON")?;
        out.write_all(b"\n").context("writing to standard output")?;
    } else {
        out.write_all(text.as_bytes())
            .context("writing to standard output")?;
    }
    out.flush().context("writing to standard output")?;
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
