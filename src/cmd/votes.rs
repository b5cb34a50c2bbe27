//! `unsc-kg votes`: who voted how, on what, when, each vote with its
//! evidence ("who voted against in 2023?", "how did China vote on
//! S/2023/638?") without writing SPARQL.
//!
//! Votes are read from the item stream `build` wrote (votes carry the
//! member, the position, the draft and their evidence); the date and the
//! outcome of a vote are those of the decision on its draft, else the
//! draft's own date.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::common::{self, Table};
use crate::model::{Evidence, Item, Position};
use crate::symbol;

/// Arguments of `votes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this member ("China", "USA", "state/china").
    #[arg(long)]
    pub member: Option<String>,
    /// Only votes on this draft or resolution ("S/2023/638"; "2531" is
    /// the vote on the draft that became resolution 2531).
    #[arg(long = "on", value_name = "DOCUMENT")]
    pub on: Option<String>,
    /// Only votes of this year (the decision's date, else the draft's).
    #[arg(long)]
    pub year: Option<u16>,
    /// Only this position.
    #[arg(long, value_enum)]
    pub position: Option<Position>,
    /// The item stream `build` wrote, or its folder.
    #[arg(long, default_value = "exports/extractions.jsonl", value_name = "PATH")]
    pub items: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One member's vote as printed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VoteRow {
    /// Actor id of the member.
    pub member: String,
    /// The member's label.
    pub member_label: String,
    /// `in_favour`, `against` or `abstaining`.
    pub position: &'static str,
    /// The draft or resolution voted on.
    pub on: String,
    /// ISO date of the decision (else of the draft), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `adopted`, `not_adopted` or `vetoed`, when the decision is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The resolution the draft became.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The document the vote is recorded in.
    pub recorded_in: String,
    /// Where the vote was read: file, byte span, quote, rule.
    pub evidence: Evidence,
}

/// The vote rows of `items` the filters keep, sorted by date, draft, member.
pub fn rows(items: &[Item], args: &Args) -> anyhow::Result<Vec<VoteRow>> {
    // Dates and outcomes of drafts (and of the resolutions they became).
    let mut decided: BTreeMap<&str, (Option<&str>, &str, Option<&str>)> = BTreeMap::new();
    let mut doc_dates: BTreeMap<&str, &str> = BTreeMap::new();
    for it in items {
        match it {
            Item::Decision(d) => {
                let outcome = d.outcome.as_str();
                let facts = (d.date.as_deref(), outcome, d.resolution.as_deref());
                for on in [&d.draft, &d.resolution].into_iter().flatten() {
                    decided.entry(on.as_str()).or_insert(facts);
                }
            }
            Item::Document(d) => {
                if let Some(date) = &d.date {
                    doc_dates.entry(d.id.as_str()).or_insert(date);
                }
            }
            _ => {}
        }
    }
    let member = args.member.as_deref().map(member_key);
    let on = args.on.as_deref().map(|s| {
        let sym = symbol::typed(s).unwrap_or_else(|| s.trim().to_string());
        // "2531" spells "S/RES/2531 (": a prefix of the symbol.
        move |id: &str| {
            if sym.ends_with('(') {
                id.starts_with(&sym)
            } else {
                id.eq_ignore_ascii_case(&sym)
            }
        }
    });
    let mut out: Vec<VoteRow> = Vec::new();
    for it in items {
        let Item::Vote(v) = it else { continue };
        if let Some(m) = &member
            && !m
                .iter()
                .any(|k| *k == v.member || k.eq_ignore_ascii_case(&v.member_label))
        {
            continue;
        }
        let decision = decided.get(v.on.as_str());
        // A vote on a draft is a vote on the resolution it became.
        if let Some(f) = &on
            && !f(&v.on)
            && !decision.and_then(|d| d.2).is_some_and(f)
        {
            continue;
        }
        if args.position.is_some_and(|p| p != v.position) {
            continue;
        }
        let (date, outcome, resolution) = match decision {
            Some(&(date, outcome, resolution)) => (
                date.or_else(|| doc_dates.get(v.on.as_str()).copied()),
                Some(outcome),
                resolution,
            ),
            None => (doc_dates.get(v.on.as_str()).copied(), None, None),
        };
        if let Some(y) = args.year
            && date
                .and_then(|d| d.get(..4))
                .and_then(|d| d.parse::<u16>().ok())
                != Some(y)
        {
            continue;
        }
        out.push(VoteRow {
            member: v.member.clone(),
            member_label: v.member_label.clone(),
            position: v.position.as_str(),
            on: v.on.clone(),
            date: date.map(str::to_string),
            outcome: outcome.map(str::to_string),
            resolution: resolution.map(str::to_string),
            recorded_in: v.doc.clone(),
            evidence: v.ev.clone(),
        });
    }
    out.sort_by(|a, b| {
        (
            &a.date,
            &a.on,
            &a.member_label,
            &a.evidence.file,
            a.evidence.start,
        )
            .cmp(&(
                &b.date,
                &b.on,
                &b.member_label,
                &b.evidence.file,
                b.evidence.start,
            ))
    });
    out.dedup_by(|a, b| a == b);
    Ok(out)
}

/// What a typed member matches: its gazetteer id when the gazetteer knows
/// the name ("USA", "China", "the Russian Federation"), and the name as
/// typed (an id or a label).
fn member_key(typed: &str) -> Vec<String> {
    let mut keys = vec![typed.trim().to_string()];
    if let Some(a) = crate::extract::actors::lookup(typed) {
        keys.push(a.id);
    }
    keys
}

/// The rows as a table: one vote per line, its evidence at the end.
pub fn render(rows: &[VoteRow]) -> String {
    let mut t = Table::new(&[
        "DATE", "ON", "MEMBER", "POSITION", "OUTCOME", "QUOTE", "EVIDENCE",
    ]);
    for r in rows {
        t.row(vec![
            r.date.clone().unwrap_or_default(),
            r.on.clone(),
            r.member_label.clone(),
            r.position.to_string(),
            r.outcome.clone().unwrap_or_default(),
            common::quote(&r.evidence.text, Table::MAX_WIDTH - 2),
            format!(
                "{} bytes {}-{}",
                r.evidence.file, r.evidence.start, r.evidence.end
            ),
        ]);
    }
    let mut out = t.render();
    out.push_str(&format!(
        "({} vote{})\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}

/// Runs `votes`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = common::in_folder(&args.items, "extractions.jsonl")?;
    let items = crate::rdf::read_items(&path)?;
    let rows = rows(&items, &args)?;
    let text = render(&rows);
    common::emit(args.json, &rows, &text, !rows.is_empty())
}
