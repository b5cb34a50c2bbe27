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
    /// Who voted how on which draft, by member, document, year, position.
    Votes(crate::cmd::votes::Args),
    /// Write one export of the saved graph (Gephi CSV, GEXF, GraphML, JSON lines).
    Export(crate::cmd::export::Args),
    /// Run a SPARQL query against the graph.
    Query(crate::cmd::query::Args),
    /// Serve the graph as a read-only SPARQL 1.1 endpoint.
    Serve(crate::cmd::serve::Args),
    /// The rule names facts' evidence carries, and what each means.
    Rules(crate::cmd::rules::Args),
}

/// Input options shared by the commands that read documents.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Files or folders (walked recursively for .txt, .md, .xml, .html and .htm).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Skip files larger than this many bytes (1 to 1073741824; at most
    /// this many bytes plus one are read from any file, whatever its
    /// reported size).
    #[arg(long, default_value_t = crate::text::read::DEFAULT_MAX_BYTES, value_parser = parse_max_bytes)]
    pub max_bytes: u64,
    /// Worker threads for extraction (1 to 1024; default: all cores).
    #[arg(long, short = 'j', value_parser = parse_threads)]
    pub threads: Option<usize>,
}

/// The actor gazetteer, shared by the commands that extract items or make
/// RDF from them, so that they agree on actors' classes and labels.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GazetteerArgs {
    /// Actor gazetteer (Turtle) to use instead of the embedded
    /// ontology/actors.ttl. Give `build`, `extract`, `export` and
    /// `query`/`serve` (when they rebuild the triples from the items) the
    /// same file: the RDF gives an actor named only by id the class and
    /// label of this gazetteer.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

/// The most extraction threads `-j` accepts: far more than any machine
/// this runs on has cores, few enough that a typo cannot spawn thousands.
pub const MAX_THREADS: usize = 1024;

/// `--max-bytes`: a positive number of bytes, at most
/// [`crate::text::read::MAX_BYTES_CAP`].
fn parse_max_bytes(s: &str) -> Result<u64, String> {
    let cap = crate::text::read::MAX_BYTES_CAP;
    let n: u64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of bytes"))?;
    if n == 0 || n > cap {
        return Err(format!(
            "must be between 1 and {cap} bytes (1 GiB: offsets into a file are 32-bit), not {n}"
        ));
    }
    Ok(n)
}

/// `-j`: a thread count between 1 and [`MAX_THREADS`].
fn parse_threads(s: &str) -> Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of threads"))?;
    if n == 0 || n > MAX_THREADS {
        return Err(format!(
            "must be between 1 and {MAX_THREADS} (leave it out to use every core), not {n}"
        ));
    }
    Ok(n)
}

/// The kinds of items `extract --kind` filters on (a typo is an error
/// listing them, not an empty output).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ItemKind {
    /// Documents.
    Document,
    /// Paragraphs.
    Paragraph,
    /// Citations.
    Citation,
    /// Actor mentions.
    Actor,
    /// Places named (a state, region or city as a place, not an actor).
    Place,
    /// Actors addressed by an operative paragraph.
    Addressee,
    /// Mandates (end dates, ceilings).
    Mandate,
    /// Votes of members.
    Vote,
    /// Decisions on drafts.
    Decision,
    /// Speakers.
    Speaker,
    /// Meetings.
    Meeting,
    /// Warnings.
    Warning,
}

impl ItemKind {
    /// The name items carry in their `kind` field ([`crate::model::Item::kind`]).
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Document => "document",
            ItemKind::Paragraph => "paragraph",
            ItemKind::Citation => "citation",
            ItemKind::Actor => "actor",
            ItemKind::Place => "place",
            ItemKind::Addressee => "addressee",
            ItemKind::Mandate => "mandate",
            ItemKind::Vote => "vote",
            ItemKind::Decision => "decision",
            ItemKind::Speaker => "speaker",
            ItemKind::Meeting => "meeting",
            ItemKind::Warning => "warning",
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::ItemKind;

    /// The name typed on the command line is the name items carry.
    #[test]
    fn item_kind_names_are_the_item_kinds() {
        for k in ItemKind::value_variants() {
            let typed = k.to_possible_value().expect("value");
            assert_eq!(typed.get_name(), k.as_str());
        }
    }
}
