//! The Repertoire's meeting tables.
//!
//! A table ("Meetings: The situation in Mali, 2023") has a header row that
//! names its columns (meeting record and date, sub-item, other documents,
//! rule 37 and rule 39 invitations, speakers, decision and vote); the header
//! may repeat after a page break. Each data row starts with a meeting
//! record ("S/PV.9408 30 August"); rows whose first cell is empty continue
//! the row above, with their cells placed by the leading tabs of their
//! source line (PDF-to-Markdown conversion leaves such rows as plain text).
//!
//! From each row: the decisions of the last column ("Resolution 2690
//! (2023) (adopted under Chapter VII) 15-0-0", "Draft resolution
//! (S/2023/638) not adopted 13-1-1"), the drafts and their sponsors ("Draft
//! resolution submitted by France and the United Arab Emirates
//! (S/2023/638)"), the per-member votes of the footnote after a tally ("In
//! favour: ...; Against: ...; Abstaining: ..."), and the speakers: the
//! footnote after "13 Council members", every member for "All Council
//! members", states named in the cell itself, and, when the cell says "all
//! invitees" or names them, the states invited under rule 37. A draft that
//! was not adopted although it had the votes, with a permanent member
//! against, was vetoed. A unanimous tally (as many votes in favour as the
//! Council had members that year) gives every member's vote even without a
//! list.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::council::{COUNCIL, year_of};
use super::meetings;
use super::names::{self, Name};
use super::{
    Cast, MEETING_SYMBOL, PHRASES, Sink, check_tally_size, emit_votes, resolve_list, with_vetoes,
};
use crate::extract::Structure;
use crate::extract::structure::parse_date;
use crate::model::{DecisionItem, Item, MeetingItem, Outcome, Position, SpeakerItem};
use crate::rules::{self, VOTE_UNANIMOUS_TALLY};
use crate::symbol;
use crate::text::{BlockKind, Text};

/// Column roles and the words of the header cell that name them.
const COLUMNS: [(Col, &str); 7] = [
    (Col::Meeting, "meeting record"),
    (Col::SubItem, "sub-item"),
    (Col::Documents, "other documents"),
    (Col::Rule37, "rule 37"),
    (Col::Rule39, "rule 39"),
    (Col::Speakers, "speakers"),
    (Col::Decision, "decision"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Meeting,
    SubItem,
    Documents,
    Rule37,
    Rule39,
    Speakers,
    Decision,
}

/// The table's caption: "Meetings: The situation in Mali, 2023" (agenda
/// item, year).
static YEAR_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Meetings:\s+(.+?)(?:,\s+(\d{4}))?\.?$").expect("valid regex"));

static SUBMITTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdraft resolution submitted by (.+?) \((S/\d{4}/\d+(?:/Rev\.\d+)?)\)")
        .expect("valid regex")
});

static DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Resolution (?P<rn>\d{1,4}) ?\((?P<ry>\d{4})\)|Draft resolution \((?P<draft>S/\d{4}/\d+(?:/Rev\.\d+)?)\))(?P<mid>[^0-9\n]{0,120}?)\b(?P<f>\d{1,2})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")
        .expect("valid regex")
});

static HEAD_AT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:Resolution (?P<rn>\d{1,4}) ?\((?P<ry>\d{4})\)|Draft resolution \((?P<draft>S/\d{4}/\d+(?:/Rev\.\d+)?)\))(?P<mid>[^0-9\n]{0,120}?)\s*$")
        .expect("valid regex")
});

static TALLY_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<mid>[^0-9\n]{0,60}?)\b(?P<f>\d{1,2})-(?P<a>\d{1,2})-(?P<b>\d{1,2})\b")
        .expect("valid regex")
});

static MEMBER_STATES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}) Member States$").expect("valid regex"));

static COUNCIL_MEMBERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(all|\d{1,2}) Council members\b").expect("valid regex"));

static LIST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let alt = PHRASES
        .labels
        .iter()
        .map(|(l, _)| regex::escape(l))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(r"(?:^|[;.]\s*|\s)(?P<label>{alt})\s*:")).expect("valid regex")
});

/// A cell: a normalized span.
type Cell = Range<usize>;

/// A data row with its continuation lines.
#[derive(Default)]
struct Row {
    cells: BTreeMap<Col, Vec<Cell>>,
    block: usize,
}

/// Adds the decisions, votes and speakers of every meeting table.
pub fn extract(text: &Text, st: &Structure, sink: &mut Sink) {
    let norm = &text.norm;
    let mut columns: Option<Vec<Option<Col>>> = None;
    let mut year: Option<u16> = None;
    let mut agenda: Option<String> = None;
    let mut row: Option<Row> = None;
    for (bi, b) in norm.blocks.iter().enumerate() {
        let t = norm.block_text(b);
        let lead = leading_tabs(text, b.src_start);
        match b.kind {
            BlockKind::TableRow => {
                let cells = split_cells(b.start, t);
                if let Some(cols) = header(t) {
                    columns = Some(cols);
                    continue;
                }
                let Some(cols) = &columns else { continue };
                let first_col = cols.get(lead).copied().flatten();
                let starts_row = first_col == Some(Col::Meeting)
                    && MEETING_SYMBOL.is_match(&t[..t.find('\t').unwrap_or(t.len())]);
                if starts_row {
                    if let Some(r) = row.take() {
                        process(text, st, &r, year, agenda.as_deref(), sink);
                    }
                    row = Some(Row {
                        block: bi,
                        ..Row::default()
                    });
                }
                if let Some(r) = row.as_mut() {
                    for (k, c) in cells.into_iter().enumerate() {
                        if let Some(Some(col)) = cols.get(lead + k) {
                            r.cells.entry(*col).or_default().push(c);
                        }
                    }
                }
            }
            BlockKind::Text if lead > 0 && row.is_some() && columns.is_some() => {
                // A continuation line: its cells from the column of its
                // leading tabs on ("\t\t(S/2019/299)\tUnited Nations").
                if let (Some(r), Some(cols)) = (row.as_mut(), columns.as_ref()) {
                    for (k, c) in continuation_cells(text, b.start, t).into_iter().enumerate() {
                        if let Some(Some(col)) = cols.get(lead + k) {
                            r.cells.entry(*col).or_default().push(c);
                        }
                    }
                }
            }
            BlockKind::Text => {
                if let Some(r) = row.take() {
                    process(text, st, &r, year, agenda.as_deref(), sink);
                }
                columns = None;
                if let Some(c) = YEAR_TITLE.captures(t) {
                    if let Some(y) = c.get(2) {
                        year = y.as_str().parse().ok();
                    }
                    agenda = Some(c[1].trim().to_string());
                }
            }
            BlockKind::Footnote | BlockKind::Masthead => {}
        }
    }
    if let Some(r) = row.take() {
        process(text, st, &r, year, agenda.as_deref(), sink);
    }
}

/// Tabs before the first character of the source line that starts at `src_start`.
fn leading_tabs(text: &Text, src_start: usize) -> usize {
    let src = &text.source.text;
    let Some(before) = src.get(..src_start) else {
        return 0;
    };
    // Back over white space only, to the line start: a non-blank character
    // ends the look at once (an `rfind('\n')` would read back to the
    // previous line break, the whole file for one-line XML, per block).
    let mut tabs = 0;
    for c in before.chars().rev() {
        match c {
            '\n' => break,
            '\t' => tabs += 1,
            c if c.is_whitespace() => {}
            _ => return 0,
        }
    }
    tabs
}

fn split_cells(start: usize, t: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, c) in t.char_indices() {
        if c == '\t' {
            out.push(start + a..start + i);
            a = i + 1;
        }
    }
    out.push(start + a..start + t.len());
    out
}

/// The cells of a continuation line. Normalization turns the tabs inside
/// a plain-text line into spaces, so cells are cut where the source has a
/// tab.
fn continuation_cells(text: &Text, start: usize, t: &str) -> Vec<Cell> {
    let src = text.source.text.as_bytes();
    let mut out = Vec::new();
    let mut a = 0;
    for (i, c) in t.char_indices() {
        if c.is_whitespace() && src.get(text.norm.map.src_start(start + i)) == Some(&b'\t') {
            out.push(start + a..start + i);
            a = i + c.len_utf8();
        }
    }
    out.push(start + a..start + t.len());
    out
}

/// The column roles of a header row, when `t` is one.
fn header(t: &str) -> Option<Vec<Option<Col>>> {
    let cols: Vec<Option<Col>> = t
        .split('\t')
        .map(|cell| {
            let l = cell.to_lowercase();
            COLUMNS
                .iter()
                .find(|(_, key)| l.contains(key))
                .map(|(c, _)| *c)
        })
        .collect();
    (cols.iter().flatten().count() >= 3).then_some(cols)
}

/// The footnote body (normalized span) for a marker label used at `pos`:
/// the first footnote with that label after it, else the last before it.
pub fn footnote_body(text: &Text, label: &str, pos: usize) -> Option<Range<usize>> {
    let notes = text
        .norm
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Footnote && b.label.as_deref() == Some(label));
    let mut before = None;
    for b in notes {
        if b.start > pos {
            return Some(b.start..b.end);
        }
        before = Some(b.start..b.end);
    }
    before
}

/// The end of the line holding `pos` (markers after a cell's last word sit
/// past the cell's trimmed end).
fn line_end(norm: &crate::text::NormText, pos: usize) -> usize {
    norm.text[pos..]
        .find('\n')
        .map_or(norm.text.len(), |k| pos + k)
}

/// The first footnote marker placed within `range`.
fn marker_in(text: &Text, range: Range<usize>) -> Option<&crate::text::FootnoteRef> {
    text.norm
        .footnote_refs
        .iter()
        .find(|r| r.pos >= range.start && r.pos <= range.end)
}

fn process(
    text: &Text,
    st: &Structure,
    row: &Row,
    year: Option<u16>,
    agenda: Option<&str>,
    sink: &mut Sink,
) {
    let norm = &text.norm;
    let doc_idx = st.block_doc.get(row.block).copied().unwrap_or(0);
    let Some(doc) = st.docs.get(doc_idx) else {
        return;
    };
    let doc_id = doc.item.id.clone();
    let year = year.or_else(|| year_of(doc.item.date.as_deref()));
    let cell_text = |c: &Cell| &norm.text[c.clone()];
    let cells = |col: Col| row.cells.get(&col).map(|v| v.as_slice()).unwrap_or(&[]);
    let Some(first) = cells(Col::Meeting).first() else {
        return;
    };
    let first_text = cell_text(first);
    let Some(m) = MEETING_SYMBOL.find(first_text) else {
        return;
    };
    let meeting = symbol::printed(m.as_str());
    let date = year.and_then(|y| parse_date(&format!("{} {y}", &first_text[m.end()..])));
    let agenda = agenda
        .map(str::to_string)
        .or_else(|| doc.item.agenda_item.clone());
    sink.push(Item::Meeting(meeting_item(
        text,
        row,
        &doc_id,
        &meeting,
        date.clone(),
        agenda,
    )));

    // Drafts and sponsors named in the document columns.
    let mut sponsors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut drafts: Vec<String> = Vec::new();
    for c in cells(Col::SubItem).iter().chain(cells(Col::Documents)) {
        for cap in SUBMITTED.captures_iter(cell_text(c)) {
            let (Some(by), Some(whole)) = (cap.get(1), cap.get(0)) else {
                continue;
            };
            let symbol = symbol::printed(&cap[2]);
            let by_span = c.start + by.start()..c.start + by.end();
            let ids = sponsor_ids(text, &doc_id, by_span, c.start + whole.end(), year, sink);
            sponsors.insert(symbol.clone(), ids);
            drafts.push(symbol);
        }
    }

    // Decisions.
    let found = decisions_in(norm, cells(Col::Decision));
    let named_drafts: BTreeSet<String> = found.iter().filter_map(|f| f.draft.clone()).collect();
    let mut spare_drafts = drafts.iter().filter(|d| !named_drafts.contains(*d));
    let resolutions = found.iter().filter(|f| f.resolution.is_some()).count();
    let pair_drafts = resolutions == drafts.len() - named_drafts.len().min(drafts.len());
    for (k, f) in found.iter().enumerate() {
        let counts = f.counts;
        let tally = format!("{}-{}-{}", counts[0], counts[1], counts[2]);
        let span = f.span.clone();
        let resolution = f.resolution.clone();
        let draft = match &f.draft {
            Some(d) => Some(d.clone()),
            None if pair_drafts => spare_drafts.next().cloned(),
            None => None,
        };
        let mid = f.mid.to_lowercase();
        let outcome = if resolution.is_some() {
            Outcome::Adopted
        } else if mid.contains("veto") {
            Outcome::Vetoed
        } else if mid.contains("not adopted") || mid.contains("failed") || mid.contains("rejected")
        {
            Outcome::NotAdopted
        } else if mid.contains("adopted") {
            Outcome::Adopted
        } else {
            Outcome::NotAdopted
        };
        let Some(on) = draft.clone().or_else(|| resolution.clone()) else {
            continue;
        };
        let ev = text.evidence(span.start, span.end, rules::DECISION_REPERTOIRE_TABLE);
        // The vote list in the footnote after the tally.
        let next = found
            .get(k + 1)
            .map_or_else(|| line_end(norm, f.cell_end), |n| n.span.start);
        let list = marker_in(text, span.end..next.max(span.end))
            .and_then(|r| footnote_body(text, &r.label, r.pos));
        let mut listed: Vec<(Position, Name, usize)> = Vec::new();
        if let Some(body) = &list {
            listed = vote_list(&norm.text[body.clone()], body.start);
        }
        let year_members = year.and_then(|y| COUNCIL.members(y));
        let votes = if listed.is_empty() {
            // A unanimous tally names every member of that year.
            match year_members {
                Some(members) if counts == [members.len(), 0, 0] => members
                    .iter()
                    .filter_map(|n| COUNCIL.resolve(n, year))
                    .map(|m| (Position::InFavour, m, span.clone(), VOTE_UNANIMOUS_TALLY))
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            let mut v = Vec::new();
            for (p, n, base) in &listed {
                let r = base + n.range.start..base + n.range.end;
                for (m, r) in resolve_list(text, &doc_id, n, r, year, sink) {
                    v.push((*p, m, r, rules::VOTE_REPERTOIRE_LIST));
                }
            }
            v
        };
        let cast: Vec<Cast> = votes
            .into_iter()
            .map(|(position, member, r, rule)| Cast {
                position,
                member,
                ev: text.evidence(r.start, r.end, rule),
            })
            .collect();
        let stated = (!listed.is_empty()).then_some((counts, &ev));
        let against = emit_votes(&doc_id, &on, year, cast, stated, sink);
        check_tally_size(&doc_id, &on, year, counts, &ev, sink);
        let outcome = with_vetoes(&doc_id, &on, outcome, &against, &ev, sink);
        sink.push(Item::Decision(DecisionItem {
            doc: doc_id.clone(),
            draft: draft.clone(),
            outcome,
            resolution,
            tally: Some(tally),
            meeting: Some(meeting.clone()),
            date: date.clone(),
            sponsors: draft
                .as_ref()
                .and_then(|d| sponsors.get(d).cloned())
                .unwrap_or_default(),
            ev,
            vetoed_by: Vec::new(),
        }));
    }

    speakers(text, row, &doc_id, &meeting, year, sink);
}

/// The meeting of a row: its sub-items, documents and invitees, with the
/// whole row (continuation lines included) as evidence.
fn meeting_item(
    text: &Text,
    row: &Row,
    doc_id: &str,
    meeting: &str,
    date: Option<String>,
    agenda_item: Option<String>,
) -> MeetingItem {
    let norm = &text.norm;
    let texts = |col: Col| -> Vec<&str> {
        row.cells
            .get(&col)
            .map(|v| v.iter().map(|c| &norm.text[c.clone()]).collect())
            .unwrap_or_default()
    };
    let all = row.cells.values().flatten();
    let start = all.clone().map(|c| c.start).min().unwrap_or(0);
    let end = all.map(|c| c.end).max().unwrap_or(start);
    let sub_items = meetings::sub_items(&texts(Col::SubItem));
    let documents =
        meetings::documents(texts(Col::SubItem).into_iter().chain(texts(Col::Documents)));
    MeetingItem {
        doc: doc_id.to_string(),
        meeting: meeting.to_string(),
        date,
        agenda_item,
        sub_items,
        documents,
        rule_37: crate::model::Invitee::list(meetings::rule_37(&texts(Col::Rule37))),
        rule_39: crate::model::Invitee::list(meetings::rule_39(&texts(Col::Rule39))),
        press_releases: Vec::new(),
        ev: text.evidence(start, end, rules::MEETING_REPERTOIRE_TABLE),
    }
}

/// The sponsors of a draft: the states named ("France and the United Arab
/// Emirates"), or, for "45 Member States" with a footnote marker, the states
/// the footnote lists (a count that disagrees with the list is reported).
fn sponsor_ids(
    text: &Text,
    doc_id: &str,
    by: Range<usize>,
    end: usize,
    year: Option<u16>,
    sink: &mut Sink,
) -> Vec<String> {
    let norm = &text.norm;
    let written = norm.text[by.clone()].trim();
    if let Some(c) = MEMBER_STATES.captures(written) {
        let Some(body) =
            marker_in(text, by.start..end).and_then(|r| footnote_body(text, &r.label, r.pos))
        else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for n in names::split(&norm.text[body.clone()]) {
            let r = body.start + n.range.start..body.start + n.range.end;
            ids.extend(
                resolve_list(text, doc_id, &n, r, year, sink)
                    .into_iter()
                    .map(|(m, _)| m.actor.id),
            );
        }
        if c[1].parse::<usize>().ok() != Some(ids.len()) {
            sink.warn(
                doc_id,
                format!(
                    "{} sponsors are announced but {} are listed",
                    &c[1],
                    ids.len()
                ),
                text.evidence(by.start, by.end, rules::DECISION_SPONSORS),
            );
        }
        return ids;
    }
    names::split(written)
        .iter()
        .filter(|n| !n.text.starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(|n| COUNCIL.resolve(&n.text, year).map(|m| m.actor.id))
        .collect()
}

/// A decision found in the decision column.
struct Found {
    /// Normalized span from "Resolution"/"Draft resolution" to the tally.
    span: Range<usize>,
    /// End of the cell holding the tally.
    cell_end: usize,
    resolution: Option<String>,
    draft: Option<String>,
    /// The words between the head and the tally ("not adopted").
    mid: String,
    counts: [usize; 3],
}

/// The decisions of a decision column: a head and its tally in one cell, or
/// a head ending one cell and its tally opening the next (a wrapped line).
fn decisions_in(norm: &crate::text::NormText, cells: &[Cell]) -> Vec<Found> {
    let mut out = Vec::new();
    for (ci, c) in cells.iter().enumerate() {
        let t = &norm.text[c.clone()];
        for cap in DECISION.captures_iter(t) {
            let Some(whole) = cap.get(0) else { continue };
            out.push(found(
                &cap,
                c.start + whole.start()..c.start + whole.end(),
                c.end,
                "",
            ));
        }
        let (Some(head), Some(next)) = (HEAD_AT_END.captures(t), cells.get(ci + 1)) else {
            continue;
        };
        let Some(tail) = TALLY_AT_START.captures(&norm.text[next.clone()]) else {
            continue;
        };
        let (Some(h), Some(tl)) = (head.get(0), tail.get(0)) else {
            continue;
        };
        let mid = tail.name("mid").map_or("", |m| m.as_str());
        let mut f = found(
            &head,
            c.start + h.start()..next.start + tl.end(),
            next.end,
            mid,
        );
        f.counts = ["f", "a", "b"].map(|g| {
            tail.name(g)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0)
        });
        out.push(f);
    }
    out
}

fn found(cap: &regex::Captures<'_>, span: Range<usize>, cell_end: usize, more_mid: &str) -> Found {
    Found {
        span,
        cell_end,
        resolution: match (cap.name("rn"), cap.name("ry")) {
            (Some(n), Some(y)) => Some(format!("S/RES/{} ({})", n.as_str(), y.as_str())),
            _ => None,
        },
        draft: cap.name("draft").map(|d| symbol::printed(d.as_str())),
        mid: format!("{} {more_mid}", cap.name("mid").map_or("", |m| m.as_str())),
        counts: ["f", "a", "b"].map(|g| {
            cap.name(g)
                .and_then(|m| m.as_str().parse().ok())
                .unwrap_or(0)
        }),
    }
}

/// Reads "In favour: A, B and C; Against: D; Abstaining: E." into
/// (position, name, base offset of the list) triples.
pub fn vote_list(body: &str, base: usize) -> Vec<(Position, Name, usize)> {
    let labels: Vec<(usize, usize, Position)> = LIST_LABEL
        .captures_iter(body)
        .filter_map(|c| {
            let l = c.name("label")?;
            let whole = c.get(0)?;
            let pos = PHRASES
                .labels
                .iter()
                .find(|(p, _)| p == l.as_str())
                .map(|(_, p)| *p)?;
            Some((l.start(), whole.end(), pos))
        })
        .collect();
    let mut out = Vec::new();
    for (k, (_, content_start, pos)) in labels.iter().enumerate() {
        let end = labels.get(k + 1).map_or(body.len(), |n| n.0);
        let seg = &body[*content_start..end];
        for n in names::split(seg) {
            out.push((*pos, n, base + content_start));
        }
    }
    out
}

fn speakers(
    text: &Text,
    row: &Row,
    doc_id: &str,
    meeting: &str,
    year: Option<u16>,
    sink: &mut Sink,
) {
    let norm = &text.norm;
    let cells = |col: Col| row.cells.get(&col).map(|v| v.as_slice()).unwrap_or(&[]);
    let speaker_cells: Vec<Cell> = cells(Col::Speakers).to_vec();
    let speaker_text: String = speaker_cells
        .iter()
        .map(|c| &norm.text[c.clone()])
        .collect::<Vec<_>>()
        .join(" ");
    for c in &speaker_cells {
        let t = &norm.text[c.clone()];
        for m in COUNCIL_MEMBERS.captures_iter(t) {
            let Some(whole) = m.get(0) else { continue };
            let span = c.start + whole.start()..c.start + whole.end();
            let ev = text.evidence(span.start, span.end, rules::SPEAKER_REPERTOIRE_TABLE);
            let listed = marker_in(text, span.end..(span.end + 3).min(line_end(norm, c.end)))
                .and_then(|r| footnote_body(text, &r.label, r.pos));
            let Some(body) = listed else {
                // "All Council members" without a list: every member of that year.
                if m[1].eq_ignore_ascii_case("all")
                    && let Some(members) = year.and_then(|y| COUNCIL.members(y))
                {
                    for n in members {
                        if let Some(mm) = COUNCIL.resolve(n, year) {
                            sink.speaker(SpeakerItem {
                                doc: doc_id.to_string(),
                                meeting: meeting.to_string(),
                                member: mm.actor.id,
                                on_behalf_of: Vec::new(),
                                ev: ev.clone(),
                            });
                        }
                    }
                }
                continue;
            };
            let list = names::split(&norm.text[body.clone()]);
            let mut count = 0;
            for n in &list {
                let r = body.start + n.full.start..body.start + n.full.end;
                for (mm, r) in resolve_list(text, doc_id, n, r, year, sink) {
                    count += 1;
                    if mm.on_council == Some(false) {
                        sink.warn(
                            doc_id,
                            format!(
                                "{} is listed among the Council members speaking at {meeting} but was not on the Council",
                                mm.actor.label
                            ),
                            text.evidence(r.start, r.end, rules::SPEAKER_REPERTOIRE_TABLE),
                        );
                    }
                    speaker(text, doc_id, meeting, &mm, n, r, year, sink);
                }
            }
            if let Ok(n) = m[1].parse::<usize>()
                && n != count
            {
                sink.warn(
                    doc_id,
                    format!("{meeting}: {n} Council members spoke but {count} are listed"),
                    ev,
                );
            }
        }
    }
    // Speakers named in the cell itself ("France, Russian Federation, Mali").
    for c in &speaker_cells {
        let t = &norm.text[c.clone()];
        for n in names::split(t) {
            if COUNCIL_MEMBERS.is_match(&n.text) || !COUNCIL.is_known_name(&n.text) {
                continue;
            }
            let r = c.start + n.full.start..c.start + n.full.end;
            if let Some(mm) = COUNCIL.resolve(&n.text, year) {
                speaker(text, doc_id, meeting, &mm, &n, r, year, sink);
            }
        }
    }
    // States invited under rule 37 who spoke.
    let lower = speaker_text.to_lowercase();
    let invitees: Vec<(Name, usize)> = cells(Col::Rule37)
        .iter()
        .flat_map(|c| {
            names::split(&norm.text[c.clone()])
                .into_iter()
                .map(|n| (n, c.start))
        })
        .collect();
    let rule39 = cells(Col::Rule39)
        .iter()
        .any(|c| !norm.text[c.clone()].trim().is_empty());
    let all = lower.contains("all invitees")
        || (lower.contains("invitee") && invitees.len() == 1 && !rule39);
    for (n, base) in &invitees {
        if all || speaker_text.contains(n.text.as_str()) {
            let r = base + n.range.start..base + n.range.end;
            if let Some(mm) = COUNCIL.resolve(&n.text, year) {
                let ev = text.evidence(r.start, r.end, rules::SPEAKER_REPERTOIRE_INVITEE);
                sink.speaker(SpeakerItem {
                    doc: doc_id.to_string(),
                    meeting: meeting.to_string(),
                    member: mm.actor.id,
                    on_behalf_of: Vec::new(),
                    ev,
                });
            }
        }
    }
}

/// Emits one listed speaker with the states it spoke for.
#[allow(clippy::too_many_arguments)]
fn speaker(
    text: &Text,
    doc_id: &str,
    meeting: &str,
    m: &super::council::Member,
    n: &Name,
    r: Range<usize>,
    year: Option<u16>,
    sink: &mut Sink,
) {
    let on_behalf_of = n
        .on_behalf_of
        .iter()
        .filter_map(|o| COUNCIL.resolve(&o.text, year).map(|x| x.actor.id))
        .collect();
    sink.speaker(SpeakerItem {
        doc: doc_id.to_string(),
        meeting: meeting.to_string(),
        member: m.actor.id.clone(),
        on_behalf_of,
        ev: text.evidence(r.start, r.end, rules::SPEAKER_REPERTOIRE_TABLE),
    });
}
