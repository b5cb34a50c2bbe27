//! `unsc-kg export --format gephi|gexf|graphml|jsonl`: one export of the
//! saved graph, optionally filtered (`--layer citations`, `--kind resolution`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use super::common::{self, GraphArgs};
use crate::export::{self, Layer, Selection, gephi};
use crate::model::DocType;
use crate::output::{prepare_dir, write_atomic};

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: `gephi` writes nodes.csv and edges.csv into the --out
    /// folder; the others write one file (or standard output).
    #[arg(long, value_parser = ["gephi", "gexf", "graphml", "jsonl"])]
    pub format: String,
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
    /// Graph options (`--json` is ignored).
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// Runs `export`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(k) = &args.kind
        && DocType::parse(k).is_none()
    {
        anyhow::bail!("unknown document type \"{k}\"");
    }
    let layer = Layer::parse(&args.layer).context("unknown layer")?;
    let graph = common::load(&args.graph)?;
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
        prepare_dir(&dir).with_context(|| format!("writing {}", dir.display()))?;
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
    let bytes = match args.format.as_str() {
        "gexf" => export::gexf::gexf(&ex).into_bytes(),
        "graphml" => export::graphml::graphml(&ex).into_bytes(),
        _ => export::jsonl(&ex),
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
