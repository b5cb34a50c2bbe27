//! `unsc-kg inspect`: the structure of one file, for people.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::input::{self, Options};
use crate::model::Item;

/// Arguments of `inspect`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to inspect.
    pub file: PathBuf,
    /// Print JSON instead of a readable outline.
    #[arg(long)]
    pub json: bool,
    /// Print the normalized text, one block per line, with each block's kind.
    #[arg(long, conflicts_with = "json")]
    pub blocks: bool,
}

/// Runs `inspect`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.blocks {
        let (reading, _) = input::read(&args.file, &Options::default())
            .with_context(|| format!("cannot inspect {}", args.file.display()))?;
        let text = reading.text;
        let mut s = String::new();
        for b in &text.norm.blocks {
            let kind = format!("{:?}", b.kind).to_lowercase();
            let label = b
                .label
                .as_deref()
                .map(|l| format!("[{l}]"))
                .unwrap_or_default();
            let _ = writeln!(s, "{kind:<9}{label:<6}| {}", text.norm.block_text(b));
        }
        super::print(&s)?;
        return Ok(ExitCode::SUCCESS);
    }
    let fx = input::extract_file(&args.file, &Options::default())
        .with_context(|| format!("cannot inspect {}", args.file.display()))?;
    for w in &fx.warnings {
        eprintln!("unsc-kg: warning: {w}");
    }
    let items: Vec<&Item> = fx
        .items
        .iter()
        .filter(|i| matches!(i, Item::Document(_) | Item::Paragraph(_)))
        .collect();
    if args.json {
        let json = serde_json::to_string_pretty(&items).context("encoding JSON")?;
        super::print(&(json + "\n"))?;
    } else {
        super::print(&outline(&fx.items))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A readable outline of documents and their paragraphs; for a file
/// without documents that lists meetings (a meetings table), a count of its
/// meetings and decisions.
pub fn outline(items: &[Item]) -> String {
    let mut s = String::new();
    if !items.iter().any(|i| matches!(i, Item::Document(_))) {
        meetings_summary(items, &mut s);
    }
    for it in items {
        if let Item::Document(d) = it {
            let depth = if d.part_of.is_some() { "  " } else { "" };
            let _ = writeln!(
                s,
                "{depth}{} [{}]{}{}",
                d.id,
                d.doc_type.as_str(),
                d.date
                    .as_deref()
                    .map(|x| format!(" {x}"))
                    .unwrap_or_default(),
                d.part_label
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default(),
            );
            if let Some(t) = &d.title {
                let _ = writeln!(s, "{depth}  title: {}", shorten(t, 100));
            }
            if let Some(a) = &d.agenda_item {
                let _ = writeln!(s, "{depth}  agenda item: {a}");
            }
            if !d.authors.is_empty() {
                let _ = writeln!(s, "{depth}  authors: {}", d.authors.join("; "));
            }
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            for p in items.iter().filter_map(|i| match i {
                Item::Paragraph(p) if p.doc == d.id => Some(p),
                _ => None,
            }) {
                *counts.entry(role_name(p.role)).or_default() += 1;
            }
            if !counts.is_empty() {
                let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
                let _ = writeln!(s, "{depth}  paragraphs: {}", parts.join(", "));
            }
        }
    }
    s
}

/// "191 meetings (1948-01-06 to 1948-12-29); decisions: 29 resolutions, ..."
fn meetings_summary(items: &[Item], s: &mut String) {
    let mut meetings = std::collections::BTreeSet::new();
    let mut dates = std::collections::BTreeSet::new();
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for it in items {
        match it {
            Item::Meeting(m) => {
                meetings.insert(m.meeting.as_str());
                dates.extend(m.date.as_deref());
            }
            Item::Decision(d) => {
                // A statement before 1993 has a document's symbol
                // (`S/14794 (PRST)`): `made_type` reads its rule too.
                let statement = d.made_type() == Some(crate::model::DocType::PresidentialStatement);
                let what = match (d.outcome, d.resolution.as_deref()) {
                    (crate::model::Outcome::Adopted, Some(_)) if statement => {
                        "presidential statements"
                    }
                    (crate::model::Outcome::Adopted, _) => "resolutions",
                    (crate::model::Outcome::NotAdopted, _) => "drafts not adopted",
                    (crate::model::Outcome::Vetoed, _) => "drafts vetoed",
                };
                *counts.entry(what).or_default() += 1;
            }
            _ => {}
        }
    }
    if meetings.is_empty() {
        return;
    }
    let span = match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => format!(" ({a} to {b})"),
        _ => String::new(),
    };
    let _ = writeln!(s, "{} meetings{span}", meetings.len());
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    if !parts.is_empty() {
        let _ = writeln!(s, "  decisions: {}", parts.join(", "));
    }
}

fn role_name(r: crate::model::ParagraphRole) -> &'static str {
    use crate::model::ParagraphRole::*;
    match r {
        Preambular => "preambular",
        Operative => "operative",
        SubItem => "sub-items",
        Heading => "headings",
        Body => "body",
        Footnote => "footnotes",
        TableRow => "table rows",
        Signature => "signatures",
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n).collect::<String>() + "…"
    }
}
