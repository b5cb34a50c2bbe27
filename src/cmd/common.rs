//! What the graph commands share: loading the saved graph, resolving typed
//! references, the JSON shapes of nodes and hops, and plain-text tables.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde::Serialize;

use crate::cli::GazetteerArgs;
use crate::extract::actors::gazetteer::{self, Gazetteer};
use crate::graph::analysis::Hop;
use crate::graph::mapped::SavedGraph;
use crate::graph::read::GraphRead;
use crate::graph::resolve::resolve_in;
use crate::graph::{EdgeKind, Graph, NodeKind, store};
use crate::model::EvidenceRef;

/// Options of every command that reads the saved graph.
#[derive(Debug, Clone, clap::Args)]
pub struct GraphArgs {
    /// The graph `build` saved, the folder `build` wrote it to, or an
    /// extraction stream (`.jsonl`) to build it from.
    #[arg(long, default_value = "exports/graph.bin")]
    pub graph: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The run's gazetteer: the file `--gazetteer` names, else the embedded
/// `ontology/actors.ttl`. A file is read before any input (a broken one
/// stops the run with its file, line and reason) and installed as the
/// gazetteer extraction reads; the value returned is the same one, for the
/// RDF layer, which is given it.
pub fn gazetteer(args: &GazetteerArgs) -> anyhow::Result<&'static Gazetteer> {
    if let Some(path) = &args.gazetteer {
        let g = Gazetteer::from_path(path)?;
        if !gazetteer::install(g) {
            bail!(
                "{}: another gazetteer is already in use in this process",
                path.display()
            );
        }
    }
    Ok(gazetteer::get())
}

/// `path`, or the file `name` in it when it is a folder (`--graph exports`,
/// `--items exports`), or that file compressed (`name.gz`, which `build
/// --gzip` writes) when only that is there; a path that does not exist is
/// an error saying how to make it.
pub fn in_folder(path: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let p = if path.is_dir() {
        path.join(name)
    } else {
        path.to_path_buf()
    };
    let p = match p.file_name().and_then(|n| n.to_str()) {
        Some(n) if !p.exists() => {
            let gz = p.with_file_name(crate::output::gzipped(n, true).as_ref());
            if gz.exists() { gz } else { p }
        }
        _ => p,
    };
    if !p.exists() {
        // The folder `build` would write it to: the path itself when it
        // names no file (`--graph out`), else the file's folder.
        let folder = if path.extension().is_none() {
            Some(path)
        } else {
            p.parent().filter(|d| !d.as_os_str().is_empty())
        };
        let out = folder.map_or_else(|| ".".to_string(), |d| d.display().to_string());
        bail!(
            "{} does not exist: run `unsc-kg build CORPUS --out {out}` first",
            p.display()
        );
    }
    Ok(p)
}

/// Loads the graph named by the options whole (for the commands that read
/// every node).
pub fn load(args: &GraphArgs) -> anyhow::Result<Graph> {
    let path = in_folder(&args.graph, "graph.bin")?;
    Ok(store::load(&path)?)
}

/// A graph opened for questions: the saved graph read in place, or a graph
/// built in memory from an extraction stream (`--graph items.jsonl`).
#[derive(Debug)]
pub enum Opened {
    /// `graph.bin`, memory-mapped.
    Saved(SavedGraph<'static>),
    /// Built from `.jsonl`.
    Memory(Graph),
}

/// Opens the graph named by the options for questions: a saved graph is
/// mapped, not decoded (see [`crate::graph::mapped`]).
pub fn open(args: &GraphArgs) -> anyhow::Result<Opened> {
    let path = in_folder(&args.graph, "graph.bin")?;
    if path.extension().is_some_and(|e| e == "jsonl") {
        return Ok(Opened::Memory(store::load(&path)?));
    }
    Ok(Opened::Saved(SavedGraph::open(&path)?))
}

/// Resolves a typed reference, or fails with a short message naming the
/// closest matches or, when it is ambiguous, every candidate. Where actors are wanted, the gazetteer's names and
/// aliases come first ("USA", "U.K.", "G-5"; a demonym is the state:
/// "french" is France).
pub fn find<G: GraphRead + ?Sized>(
    graph: &G,
    input: &str,
    kinds: &[NodeKind],
) -> anyhow::Result<u32> {
    let actors = kinds.is_empty() || kinds.contains(&NodeKind::Actor);
    if actors
        && let Some(a) = crate::extract::actors::resolve(input)
        && let Some(n) = graph.find_id(&a.id)?
        && (kinds.is_empty() || kinds.contains(&graph.node_kind(n)?))
    {
        return Ok(n);
    }
    resolve_in(graph, input, kinds)?.map_err(|u| anyhow::anyhow!(u.message(input)))
}

/// A node as printed in JSON (borrowed from the graph).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NodeRef<'a> {
    /// Canonical id.
    pub id: &'a str,
    /// Label.
    pub label: &'a str,
    /// Node kind.
    pub kind: NodeKind,
    /// Document type, actor class ...
    pub class: &'a str,
    /// False for cited-only documents.
    pub in_corpus: bool,
    /// ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
}

impl<'a> NodeRef<'a> {
    /// The printable form of node `n`.
    pub fn of<G: GraphRead + ?Sized>(graph: &'a G, n: u32) -> Result<NodeRef<'a>, G::Error> {
        let d = graph.node(n)?;
        Ok(NodeRef {
            id: d.id,
            label: d.label,
            kind: d.kind,
            class: d.class,
            in_corpus: d.in_corpus,
            date: d.date,
        })
    }
}

/// One hop of a walk or path as printed in JSON: the edge read in the
/// direction walked ("contains" for a `part_of` edge walked backwards).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct HopOut<'a> {
    /// Node left.
    pub from: &'a str,
    /// Node reached.
    pub to: &'a str,
    /// Edge kind as walked (`cites`, `adopted_as`, `contains`).
    pub kind: &'static str,
    /// The graph edge's position (for checking against the graph).
    pub edge: u32,
    /// CiTO relation or other qualifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<&'a str>,
    /// Pinpoint in the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<&'a str>,
    /// The paragraph the fact sits in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<&'a str>,
    /// Facts aggregated in the edge.
    pub weight: u32,
    /// The evidence: file, byte span, the quoted text, rule.
    pub evidence: EvidenceRef<'a>,
}

impl<'a> HopOut<'a> {
    /// The printable form of a hop.
    pub fn of<G: GraphRead + ?Sized>(graph: &'a G, h: &Hop) -> Result<HopOut<'a>, G::Error> {
        let e = graph.edge(h.edge)?;
        let kind = if h.reversed && e.kind == EdgeKind::PartOf {
            "contains"
        } else {
            e.kind.as_str()
        };
        Ok(HopOut {
            from: graph.node(h.from)?.id,
            to: graph.node(h.to)?.id,
            kind,
            edge: h.edge,
            relation: e.relation,
            pinpoint: e.pinpoint,
            paragraph: e.paragraph,
            weight: e.weight,
            evidence: EvidenceRef {
                file: e.file,
                start: e.start,
                end: e.end,
                text: e.text,
                rule: e.rule,
            },
        })
    }

    /// "cites (citesAsAuthority), paragraph 4, 2 times".
    pub fn how(&self) -> String {
        let mut s = self.kind.to_string();
        if let Some(r) = self.relation {
            s.push_str(&format!(" ({r})"));
        }
        if let Some(p) = self.pinpoint {
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

/// A quote on one line as the reader sees the text: the quoted bytes
/// normalized as their file was (Markdown links, emphasis and escapes
/// removed: `[2480](#) (2019)` shows as `2480 (2019)`), white space
/// collapsed, long quotes cut with "…". The evidence keeps the raw bytes.
pub fn quote(s: &str, max: usize) -> String {
    let normalized = crate::text::normalize::normalize(s).text;
    let shown = if normalized.trim().is_empty() {
        s.to_string()
    } else {
        unpaired_brackets_removed(&normalized)
    };
    let one: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        format!("\"{one}\"")
    } else {
        let cut: String = one.chars().take(max.saturating_sub(1)).collect();
        format!("\"{cut}…\"")
    }
}

/// `s` without the square brackets that have no partner: a span that ends
/// inside a Markdown link (`resolution [2364 \(2017\)` of
/// `[2364 \(2017\)](#)`) leaves its opening bracket, which normalizing the
/// span alone cannot recognize as link syntax.
fn unpaired_brackets_removed(s: &str) -> String {
    let mut open: Vec<usize> = Vec::new();
    let mut drop: Vec<usize> = Vec::new();
    for (i, c) in s.char_indices() {
        match c {
            '[' => open.push(i),
            ']' if open.pop().is_none() => drop.push(i),
            _ => {}
        }
    }
    drop.extend(open);
    s.char_indices()
        .filter(|(i, _)| !drop.contains(i))
        .map(|(_, c)| c)
        .collect()
}

/// A plain-text table: columns padded to their widest cell, the last not
/// padded; a cell wider than [`Table::MAX_WIDTH`] (a minted id such as
/// `x:letter:2020-06-30:president-of-the-security-council`) is cut with "…"
/// so that one long id does not pad every row (`--json` has it whole).
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

/// `s` cut to `max` characters, the last one "…".
fn fit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

impl Table {
    /// The widest a column other than the last gets.
    pub const MAX_WIDTH: usize = 40;

    /// A table with a header row.
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }

    /// Adds a row (cells but the last cut to [`Table::MAX_WIDTH`]).
    pub fn row(&mut self, cells: Vec<String>) {
        let n = cells.len();
        let cells = cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                if i + 1 < n {
                    fit(&c, Self::MAX_WIDTH)
                } else {
                    c
                }
            })
            .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    // Quotes showed raw Markdown: `"[2480](#) (2019)"`, and a span cut
    // inside a link kept its bracket: `"resolution [2364 \(2017\)"`.
    #[test]
    fn quotes_show_the_text_without_markdown() {
        assert_eq!(quote("[2480](#) (2019)", 100), "\"2480 (2019)\"");
        assert_eq!(
            quote("resolution [2364 \\(2017\\)", 100),
            "\"resolution 2364 (2017)\""
        );
        assert_eq!(quote("*underlining* that", 100), "\"underlining that\"");
        assert_eq!(quote("[to be inserted]", 100), "\"[to be inserted]\"");
        assert_eq!(quote("ab\ncd", 3), "\"ab…\"");
    }

    // Minted ids padded every row of a table to 85 characters.
    #[test]
    fn table_cells_are_cut_to_the_maximum_width() {
        let mut t = Table::new(&["DOCUMENT", "QUOTE"]);
        let long = "x:letter:2020-06-30:president-of-the-security-council";
        t.row(vec![long.to_string(), "q".repeat(60)]);
        let text = t.render();
        let row = text.lines().nth(1).expect("row");
        assert!(
            row.starts_with("x:letter:2020-06-30:president-of-the-se…  q"),
            "{row}"
        );
        assert!(row.ends_with(&"q".repeat(60)), "the last column is whole");
    }
}
