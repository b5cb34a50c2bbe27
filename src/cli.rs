//! The command line: one variant per subcommand (clap derive).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// unsc-kg: UN Security Council documents as a knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "unsc-kg", version, about, long_about = None)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline on files and folders and write the results to a folder.
    Build(crate::cmd::build::Args),
    /// Print every extracted item of the given files as JSON lines.
    Extract(crate::cmd::extract::Args),
    /// Show the structure of one file (documents, paragraphs, footnotes).
    Inspect(crate::cmd::inspect::Args),
    /// How one document leads to another: the citation path(s), each hop with its quote.
    Chain(crate::cmd::chain::Args),
    /// What a document or paragraph cites, directly or through others.
    Cites(crate::cmd::cites::Args),
    /// What cites a document, directly or through others.
    CitedBy(crate::cmd::cited_by::Args),
    /// The documents that matter most, by PageRank over citations.
    Rank(crate::cmd::rank::Args),
    /// Counts of what the saved graph holds.
    Stats(crate::cmd::stats::Args),
    /// The documents and paragraphs that address or mention an actor.
    Actor(crate::cmd::actor::Args),
    /// Write one export of the saved graph (Gephi CSV, GEXF, GraphML, JSON lines).
    Export(crate::cmd::export::Args),
    /// Run a SPARQL query against the graph.
    Query(crate::cmd::query::Args),
    /// Serve the graph as a read-only SPARQL 1.1 endpoint.
    Serve(crate::cmd::serve::Args),
}

/// Input options shared by the commands that read documents.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Files or folders (walked recursively for .txt, .md, .xml, .html and .htm).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = crate::text::read::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Worker threads for extraction (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}
