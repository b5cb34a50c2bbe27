//! `unsc-kg actor NAME`: the documents and paragraphs that address or
//! mention an actor, and what the actor itself did (votes, speeches,
//! whom a person represents).

use std::process::ExitCode;

use petgraph::Direction as Dir;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::common::{self, GraphArgs, NodeRef, Table};
use crate::graph::{Graph, NodeKind};
use crate::model::Evidence;

/// Arguments of `actor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The actor ("MINUSMA", "G5 Sahel", "France").
    pub name: String,
    /// Graph options.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The answer of `actor`.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    /// The actor.
    pub actor: NodeRef<'a>,
    /// Other names it is written as.
    pub aliases: Vec<String>,
    /// Every fact linking it, sorted by document.
    pub links: Vec<Link>,
}

/// One fact about the actor.
#[derive(Debug, Serialize)]
pub struct Link {
    /// The document the fact is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The other end of the edge (a paragraph, document, vote, state ...).
    pub node: String,
    /// `in` when the other node points at the actor, `out` otherwise.
    pub direction: &'static str,
    /// Edge kind.
    pub kind: String,
    /// Relation (verb, position).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// Facts aggregated.
    pub weight: u32,
    /// Evidence.
    pub evidence: Evidence,
}

/// Collects what links to an actor.
pub fn report<'a>(graph: &'a Graph, name: &str) -> anyhow::Result<Report<'a>> {
    let found = common::find(graph, name, &[NodeKind::Actor, NodeKind::Person])?;
    let a = petgraph::graph::NodeIndex::new(found as usize);
    let mut links = Vec::new();
    for (dir, label) in [(Dir::Incoming, "in"), (Dir::Outgoing, "out")] {
        for e in graph.g.edges_directed(a, dir) {
            let other = if dir == Dir::Incoming {
                e.source()
            } else {
                e.target()
            };
            let w = graph.edge(e.id());
            links.push(Link {
                document: graph.document_of(other).map(|d| graph.data(d).id.clone()),
                node: graph.data(other).id.clone(),
                direction: label,
                kind: w.kind.as_str().to_string(),
                relation: w.relation.clone(),
                weight: w.weight,
                evidence: w.ev.clone(),
            });
        }
    }
    links.sort_by(|x, y| {
        (&x.document, &x.node, &x.kind, &x.relation).cmp(&(
            &y.document,
            &y.node,
            &y.kind,
            &y.relation,
        ))
    });
    Ok(Report {
        actor: NodeRef::of(graph, found)?,
        aliases: graph.data(a).aliases.clone(),
        links,
    })
}

/// The report as a table.
pub fn render(r: &Report) -> String {
    let mut out = format!("{} ({}, {})\n", r.actor.label, r.actor.id, r.actor.class);
    if r.links.is_empty() {
        out.push_str("nothing links to it\n");
        return out;
    }
    let mut t = Table::new(&["DOCUMENT", "WHERE", "EDGE", "QUOTE"]);
    for l in &r.links {
        let mut edge = if l.direction == "in" {
            l.kind.clone()
        } else {
            format!("{} (by it)", l.kind)
        };
        if let Some(rel) = &l.relation {
            edge.push_str(&format!(": {rel}"));
        }
        if l.weight > 1 {
            edge.push_str(&format!(", {} times", l.weight));
        }
        // A paragraph of the document shows as its part ("#op5").
        let node = match &l.document {
            Some(d) if d == &l.node => String::new(),
            Some(d) => match l.node.strip_prefix(d.as_str()) {
                Some(part) if part.starts_with('#') => part.to_string(),
                _ => l.node.clone(),
            },
            None => l.node.clone(),
        };
        t.row(vec![
            l.document.clone().unwrap_or_default(),
            node,
            edge,
            common::quote(&l.evidence.text, 60),
        ]);
    }
    out.push_str(&t.render());
    out
}

/// Runs `actor`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let graph = common::load(&args.graph)?;
    let r = report(&graph, &args.name)?;
    common::emit(args.graph.json, &r, &render(&r), !r.links.is_empty())
}
