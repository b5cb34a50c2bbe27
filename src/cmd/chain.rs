//! `unsc-kg chain FROM TO`: how one document leads to another, hop by hop,
//! each hop with the quote that makes it.

use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, GraphArgs, HopOut, NodeRef, Opened};
use crate::graph::NodeKind;
use crate::graph::analysis::{Layer, k_shortest_paths};
use crate::graph::read::GraphRead;

/// Arguments of `chain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the chain starts ("S/2021/610", "res 2531 (2020)", "2531#op5").
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// How many paths to show (shortest first).
    #[arg(long, short = 'k', default_value_t = 1)]
    pub paths: usize,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `chain`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// Start.
    pub from: NodeRef<'a>,
    /// End.
    pub to: NodeRef<'a>,
    /// The paths, shortest first; each a list of hops.
    pub paths: Vec<Vec<HopOut<'a>>>,
    /// With no path: whether there is one the other way (TO to FROM).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reverse_exists: bool,
}

/// Resolves an end of a chain: a document or paragraph. A reference to
/// another kind of node (an actor, a meeting) is an error saying that
/// chains link documents, and which command reads that node.
fn end<G: GraphRead + ?Sized>(graph: &G, input: &str) -> anyhow::Result<u32> {
    let kinds = [NodeKind::Document, NodeKind::Paragraph];
    let e = match common::find(graph, input, &kinds) {
        Ok(n) => return Ok(n),
        Err(e) => e,
    };
    let other = common::find(graph, input, &[]).and_then(|n| Ok(graph.node(n)?));
    Err({
        match other {
            Ok(d) if !kinds.contains(&d.kind) => {
                let hint = match d.kind {
                    NodeKind::Actor | NodeKind::Person => {
                        format!(": `unsc-kg actor \"{input}\"` lists the documents that name it")
                    }
                    _ => String::new(),
                };
                anyhow::anyhow!(
                    "chains link documents and their paragraphs; \"{input}\" is {} {} ({}){hint}",
                    article(d.kind.as_str()),
                    d.kind.as_str(),
                    d.id
                )
            }
            _ => e,
        }
    })
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Computes the paths between two resolved references, reading only the
/// nodes and edges the search reaches.
pub fn report<'a, G: GraphRead + ?Sized>(
    graph: &'a G,
    from: &str,
    to: &str,
    k: usize,
) -> anyhow::Result<Report<'a>> {
    let a = end(graph, from)?;
    let b = end(graph, to)?;
    let view = graph.layer(Layer::Paths)?;
    let mut paths: Vec<Vec<HopOut>> = Vec::new();
    for p in k_shortest_paths(&view, a, b, k)? {
        paths.push(
            p.iter()
                .map(|h| HopOut::of(graph, h))
                .collect::<Result<_, _>>()?,
        );
    }
    let reverse_exists = paths.is_empty() && !k_shortest_paths(&view, b, a, 1)?.is_empty();
    Ok(Report {
        from: NodeRef::of(graph, a)?,
        to: NodeRef::of(graph, b)?,
        paths,
        reverse_exists,
    })
}

/// The report as text.
pub fn render<G: GraphRead + ?Sized>(graph: &G, r: &Report) -> anyhow::Result<String> {
    let mut out = String::new();
    if r.paths.is_empty() {
        out.push_str(&format!("no chain from {} to {}\n", r.from.id, r.to.id));
        if r.reverse_exists {
            out.push_str(&format!(
                "there is one the other way: unsc-kg chain \"{}\" \"{}\"\n",
                r.to.id, r.from.id
            ));
        }
        return Ok(out);
    }
    let n = r.paths.len();
    out.push_str(&format!(
        "{} -> {}: {n} path{}\n",
        r.from.id,
        r.to.id,
        if n == 1 { "" } else { "s" }
    ));
    for (i, p) in r.paths.iter().enumerate() {
        out.push_str(&format!(
            "\npath {} ({} hop{})\n",
            i + 1,
            p.len(),
            if p.len() == 1 { "" } else { "s" }
        ));
        if p.is_empty() {
            out.push_str(&format!(
                "  {}  (start and end are the same)\n",
                describe(graph, r.from.id)?
            ));
        }
        for h in p {
            out.push_str(&format!("  {}\n", describe(graph, h.from)?));
            out.push_str(&format!(
                "    {}  {}\n",
                h.how(),
                common::quote(h.evidence.text, 100)
            ));
            match h.paragraph {
                Some(par) => out.push_str(&format!("      {}, {par}\n", h.place())),
                None => out.push_str(&format!("      {}\n", h.place())),
            }
        }
        if let Some(last) = p.last() {
            out.push_str(&format!("  {}\n", describe(graph, last.to)?));
        }
    }
    Ok(out)
}

fn describe<G: GraphRead + ?Sized>(graph: &G, id: &str) -> Result<String, G::Error> {
    Ok(match graph.find_id(id)? {
        Some(n) => {
            let d = graph.node(n)?;
            if d.in_corpus {
                format!("{id}  [{}]", d.class)
            } else {
                format!("{id}  [{}, not in corpus]", d.class)
            }
        }
        None => id.to_string(),
    })
}

/// Runs `chain` on the saved graph read in place.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match common::open(&args.graph)? {
        Opened::Saved(g) => answer(&g, &args),
        Opened::Memory(g) => answer(&g, &args),
    }
}

fn answer<G: GraphRead>(graph: &G, args: &Args) -> anyhow::Result<ExitCode> {
    let r = report(graph, &args.from, &args.to, args.paths.max(1))?;
    let text = render(graph, &r)?;
    common::emit(args.graph.json, &r, &text, !r.paths.is_empty())
}
