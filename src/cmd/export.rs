//! `unsc-kg export --format gephi|gexf|graphml|turtle|nquads|jsonl` (the
//! document formats from [`export::DOCUMENT_FORMATS`]): one
//! export of the saved graph (or, for the RDF formats, of the extraction
//! stream), optionally filtered (`--layer citations`, `--kind resolution`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::common::{self, GraphArgs};
use crate::cli::GazetteerArgs;
use crate::export::{self, Layer, Selection, gephi};
use crate::graph::store;
use crate::model::DocType;
use crate::output::{prepare_dir, write_atomic};
use crate::rdf::EvidenceMode;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: `gephi` writes nodes.csv and edges.csv into the --out
    /// folder; `all` the graph exports `build` writes (the CSVs, GEXF,
    /// GraphML, summary.json, README.md; not the items, the RDF or
    /// graph.bin); `jsonl` the graph's nodes and edges as JSON lines (not
    /// the items: `extract` prints those); the others one file (or standard
    /// output).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(format_names()))]
    pub format: String,
    /// The extraction stream the RDF formats (turtle, nquads) are made
    /// from, or the folder `build` wrote it to.
    #[arg(long, default_value = "exports/extractions.jsonl")]
    pub items: PathBuf,
    /// Which part of the graph: all, citations (documents and citations
    /// between them), actors (documents, actors, persons).
    #[arg(long, default_value = "all", value_parser = ["all", "citations", "actors"])]
    pub layer: String,
    /// Only documents of this type (resolution, draft_resolution, letter ...).
    #[arg(long)]
    pub kind: Option<String>,
    /// Output file (folder for `gephi`); standard output when omitted.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// How the RDF formats write evidence: `compact` (the span as one IRI,
    /// `...#bytes=START,END`, its quote, the rule on the fact: 3 triples a
    /// fact) or `annotation` (a Web Annotation: 13 triples a fact).
    #[arg(long, value_enum, default_value_t = EvidenceMode::default(), value_name = "FORM")]
    pub evidence: EvidenceMode,
    /// With `--format all`: write the exports of rows gzip-compressed
    /// (`edges.csv.gz`, `graph.gexf.gz` ...), as `build --gzip` does.
    #[arg(long)]
    pub gzip: bool,
    /// The actor gazetteer (for the RDF formats).
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// Graph options (`--json` is ignored).
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// Every name `--format` takes: the document formats of
/// [`export::DOCUMENT_FORMATS`] and the others.
fn format_names() -> Vec<&'static str> {
    let mut names = vec!["gephi"];
    names.extend(export::DOCUMENT_FORMATS.iter().map(|f| f.name));
    names.extend(["turtle", "nquads", "jsonl", "all"]);
    names
}

/// Runs `export`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(k) = &args.kind
        && DocType::parse(k).is_none()
    {
        anyhow::bail!("unknown document type \"{k}\"");
    }
    let layer = Layer::parse(&args.layer).context("unknown layer")?;
    if matches!(args.format.as_str(), "turtle" | "nquads") {
        return rdf_export(&args, layer);
    }
    let graph = common::load(&args.graph)?;
    if args.format == "all" {
        let dir = args
            .out
            .context("--format all writes several files: give --out FOLDER")?;
        // Item counts for summary.json when the graph comes from a stream.
        let items = if args.graph.graph.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(&args.graph.graph)
                .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", args.graph.graph.display()))?;
            store::parse_jsonl(&text).map_err(anyhow::Error::msg)?
        } else {
            Vec::new()
        };
        prepare_dir(&dir)?;
        let written = export::write_exports_with(&dir, &items, &graph, args.gzip, &|_| {})?;
        eprintln!("unsc-kg: {} files -> {}", written.len(), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let ex = export::select(
        &graph,
        &Selection {
            layer,
            doc_type: args.kind.clone(),
        },
    );
    let found = !ex.nodes.is_empty();
    if args.format == "gephi" {
        let dir = args
            .out
            .context("--format gephi writes nodes.csv and edges.csv: give --out FOLDER")?;
        prepare_dir(&dir)?;
        let nodes = gephi::nodes_csv(&ex).context("writing nodes.csv")?;
        let edges = gephi::edges_csv(&ex).context("writing edges.csv")?;
        write_atomic(&dir.join("nodes.csv"), &nodes)?;
        write_atomic(&dir.join("edges.csv"), &edges)?;
        eprintln!(
            "unsc-kg: {} nodes, {} edges -> {}",
            ex.nodes.len(),
            ex.edges.len(),
            dir.display()
        );
        return Ok(if found {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let bytes = match export::document_format(&args.format) {
        Some(f) => {
            let mut out = Vec::new();
            export::write_document(f, &ex, &mut out).context("writing the export")?;
            out
        }
        None => export::jsonl(&ex),
    };
    match &args.out {
        Some(p) => write_atomic(p, &bytes)?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .context("writing to standard output")?;
        }
    }
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Turtle or N-Quads of the items that the filters keep: `--layer citations`
/// keeps documents and citations, `--layer actors` documents, actors,
/// addressees and mandates; `--kind` keeps the facts of documents of that
/// type.
fn rdf_export(args: &Args, layer: Layer) -> anyhow::Result<ExitCode> {
    use crate::model::Item;
    let actors = common::gazetteer(&args.gazetteer)?;
    let path = common::in_folder(&args.items, "extractions.jsonl")?;
    let items = crate::rdf::store::read_items(&path)?;
    let doc_types: std::collections::BTreeMap<&str, DocType> = items
        .iter()
        .filter_map(|i| match i {
            Item::Document(d) => Some((d.id.as_str(), d.doc_type)),
            _ => None,
        })
        .collect();
    let wanted_type = args.kind.as_deref().and_then(DocType::parse);
    let kept: Vec<Item> = items
        .iter()
        .filter(|i| match layer {
            Layer::All => true,
            Layer::Citations => matches!(i, Item::Document(_) | Item::Citation(_)),
            Layer::Actors => matches!(
                i,
                Item::Document(_)
                    | Item::Actor(_)
                    | Item::Place(_)
                    | Item::Addressee(_)
                    | Item::Mandate(_)
            ),
        })
        .filter(|i| {
            let Some(t) = wanted_type else { return true };
            let doc = match i {
                Item::Document(d) => d.id.as_str(),
                Item::Paragraph(x) => x.doc.as_str(),
                Item::Citation(x) => x.doc.as_str(),
                Item::Actor(x) => x.doc.as_str(),
                Item::Place(x) => x.doc.as_str(),
                Item::Addressee(x) => x.doc.as_str(),
                Item::Mandate(x) => x.doc.as_str(),
                Item::Vote(x) => x.doc.as_str(),
                Item::Decision(x) => x.doc.as_str(),
                Item::Speaker(x) => x.doc.as_str(),
                Item::Meeting(x) => x.doc.as_str(),
                Item::Warning(_) => return false,
            };
            doc_types.get(doc) == Some(&t)
        })
        .cloned()
        .collect();
    let bytes = if args.format == "turtle" {
        crate::rdf::write_turtle_with(&kept, actors, Vec::new(), args.evidence)
    } else {
        crate::rdf::write_nquads_with(&kept, actors, Vec::new(), args.evidence)
    }
    .context("serializing RDF")?;
    match &args.out {
        Some(p) => write_atomic(p, &bytes)?,
        None => super::print(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(if kept.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
