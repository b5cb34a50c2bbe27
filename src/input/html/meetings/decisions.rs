//! The decisions a row of a meetings table states: those of its outcome
//! cell, or the veto of a row of the veto list, with a vote against the
//! draft for each vetoing member the Council membership resolves.

use super::outcome::{Kind, SYMBOL, outcomes, symbol};
use super::{RULE_DRAFT, RULE_RESOLUTION, RULE_STATEMENT, RULE_VETO};
use crate::extract::votes::council::COUNCIL;
use crate::input::html::page::Cell;
use crate::model::{DecisionItem, Item, Position, VoteItem};
use crate::text::Text;

/// The decisions of one outcome cell of the meeting `meeting`, and a vote
/// against the draft for each vetoing member the Council membership
/// resolves (as of the date's year, else the caption's).
pub(super) fn push_decisions(
    text: &Text,
    cell: &Cell,
    vote: Option<&Cell>,
    meeting: Option<&str>,
    date: Option<&str>,
    year: Option<u16>,
    items: &mut Vec<Item>,
) {
    let year = date.and_then(|d| d.get(..4)?.parse().ok()).or(year);
    for o in outcomes(&text.norm.text, cell, vote) {
        let rule = match o.kind {
            Kind::Resolution => RULE_RESOLUTION,
            Kind::Statement => RULE_STATEMENT,
            Kind::Draft => RULE_DRAFT,
        };
        let ev = text.evidence(o.span.start, o.span.end, rule);
        let (draft, resolution) = match o.kind {
            Kind::Draft => (o.symbol.clone(), None),
            _ => (None, o.symbol.clone()),
        };
        // Without a meeting, the decision is filed under what it decided.
        let Some(doc) = meeting
            .map(str::to_string)
            .or_else(|| resolution.clone())
            .or_else(|| draft.clone())
        else {
            continue;
        };
        if let (Some(d), Some(vs)) = (&draft, &o.veto_span) {
            votes_against(text, &doc, d, &o.vetoed_by, year, vs.start..vs.end, items);
        }
        items.push(Item::Decision(DecisionItem {
            doc,
            draft,
            outcome: o.outcome,
            resolution,
            tally: o.tally.or_else(|| o.stated.and_then(|s| s.tally(year))),
            meeting: meeting.map(str::to_string),
            date: date.map(str::to_string),
            sponsors: Vec::new(),
            vetoed_by: o.vetoed_by,
            ev,
        }));
    }
}

/// The decision of a row of the veto list ("Security Council - Veto
/// List": date, draft, record, agenda item, the permanent members casting
/// the negative vote): the draft `vetoed` by the members its last cell
/// names (one a line, or listed with commas and "and"), a vote against the
/// draft for each the Council membership resolves. The list states no
/// tally. A draft cell that links the meeting record only (the 1946 rows)
/// gives a decision without a draft symbol; an empty members cell, none.
pub(super) fn push_veto(
    text: &Text,
    draft: &Cell,
    vetoing: &Cell,
    meeting: Option<&str>,
    date: Option<&str>,
    year: Option<u16>,
    items: &mut Vec<Item>,
) {
    let plain = &text.norm.text;
    let mut names = Vec::new();
    let mut from = vetoing.text.start;
    for end in vetoing.breaks.iter().copied().chain([vetoing.text.end]) {
        let line = plain[from..end.max(from)]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        names.extend(
            crate::extract::votes::names::split(&line)
                .into_iter()
                .map(|n| n.text)
                .filter(|n| !n.is_empty()),
        );
        from = end;
    }
    if names.is_empty() {
        return;
    }
    let symbol = SYMBOL
        .find_iter(&plain[draft.text.clone()])
        .map(|m| symbol(m.as_str()))
        .find(|s| !s.starts_with("S/PV."));
    let Some(doc) = meeting.map(str::to_string).or_else(|| symbol.clone()) else {
        return;
    };
    let year = date.and_then(|d| d.get(..4)?.parse().ok()).or(year);
    if let Some(d) = &symbol {
        votes_against(text, &doc, d, &names, year, vetoing.text.clone(), items);
    }
    let (start, end) = (
        draft.text.start.min(vetoing.text.start),
        draft.text.end.max(vetoing.text.end),
    );
    items.push(Item::Decision(DecisionItem {
        doc,
        draft: symbol,
        outcome: crate::model::Outcome::Vetoed,
        resolution: None,
        tally: None,
        meeting: meeting.map(str::to_string),
        date: date.map(str::to_string),
        sponsors: Vec::new(),
        vetoed_by: names,
        ev: text.evidence(start, end, RULE_DRAFT),
    }));
}

/// A vote against the draft `on` for each of the vetoing members `names`
/// the Council membership of `year` resolves, recorded in `doc`, its
/// evidence the plain span `at` (the veto words).
fn votes_against(
    text: &Text,
    doc: &str,
    on: &str,
    names: &[String],
    year: Option<u16>,
    at: std::ops::Range<usize>,
    items: &mut Vec<Item>,
) {
    for name in names {
        let Some(m) = COUNCIL.resolve(name, year) else {
            continue;
        };
        items.push(Item::Vote(VoteItem {
            doc: doc.to_string(),
            member: m.actor.id,
            member_label: m.actor.label,
            position: Position::Against,
            on: on.to_string(),
            signer: None,
            ev: text.evidence(at.start, at.end, RULE_VETO),
        }));
    }
}
