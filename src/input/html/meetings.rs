//! The UN's yearly meetings tables ("Meetings conducted by the Security
//! Council in 1994"): one row per meeting and agenda item.
//!
//! A table is recognised by its structure, not by its markup: a header row
//! whose cells name a meeting-record column, a date column and an outcome
//! (or vote, action, decision) column, and a year in the caption above it (a
//! `<caption>`, a title row spanning the table, or the page title). Columns
//! are found by their header words (`ontology`-free: the headers are the
//! UN's own English words), so a table whose columns move, or that gains or
//! loses the press-release column, reads the same.
//!
//! Each row gives a `meeting` item (record, date with the caption's year,
//! topic as the agenda item, press releases, the documents the topic names);
//! a row whose record cell is empty continues the meeting above and inherits
//! its record, date and press releases, and so does a row into which the
//! record and date cells of the row above span (`rowspan`). A year split
//! into several tables (by month, by page) is read table after table: each
//! table with a header row of its own, and each headerless table as wide as
//! the one before it that names a meeting record. The outcome cell is read as a
//! sequence of what it states, in order: symbols, outcome words and
//! tallies. A resolution (`S/RES/2259 (2015)`) or a presidential statement
//! (`S/PRST/2015/26`) is an adopted decision (the statement's symbol stands
//! in `resolution`: the text the Council adopted); "Draft resolution" opens
//! a group of drafts that the next outcome words close ("not adopted",
//! "rejected", "vetoed by the Russian Federation"), one `not_adopted` or
//! `vetoed` decision per draft; a tally (`4-0-7`) belongs to the decision(s)
//! just before it. A draft whose link is a meeting record (a slip of the
//! table) is a decision without a draft symbol. Members named as vetoing
//! are kept as written in `vetoed_by`, and each one the Council membership
//! resolves also gets a `vote` item against the draft.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::page::{Cell, Page, Row, Table};
use crate::extract::citations::canonical_target;
use crate::extract::structure::parse_date;
use crate::extract::votes::council::COUNCIL;
use crate::input::{Analysis, Reading};
use crate::model::{DecisionItem, Item, MeetingItem, Outcome, Position, VoteItem, WarningItem};
use crate::rules;
use crate::text::normalize::{Block, BlockKind, NormText};
use crate::text::{SourceFile, Text};

/// Rule of a meeting read from a table row.
pub const RULE_MEETING: &str = rules::MEETINGS_TABLE_MEETING;
/// Rule of a resolution adopted at a meeting, read from a table row.
pub const RULE_RESOLUTION: &str = rules::MEETINGS_TABLE_RESOLUTION;
/// Rule of a presidential statement made at a meeting.
pub const RULE_STATEMENT: &str = rules::MEETINGS_TABLE_STATEMENT;
/// Rule of a draft not adopted (or vetoed) at a meeting.
pub const RULE_DRAFT: &str = rules::MEETINGS_TABLE_DRAFT;
/// Rule of a vetoing member's vote against a draft.
pub const RULE_VETO: &str = rules::MEETINGS_TABLE_VETO;
/// Rule of a warning about a row the reader could not place.
pub const RULE_WARNING: &str = rules::MEETINGS_TABLE_WARNING;

/// What a column of the table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The meeting record (`S/PV.7598`).
    Record,
    /// The date without the year (`23 December`).
    Date,
    /// The press release (`SC/12185`).
    Press,
    /// The topic (agenda item).
    Topic,
    /// What the Council did: resolutions, statements, drafts, tallies.
    Outcome,
}

/// A meetings table found on a page.
#[derive(Clone, Debug)]
pub struct Layout {
    /// Index of the table in [`Page::tables`].
    pub table: usize,
    /// Index of the first row after the header (0 for a table that
    /// continues the one above it without a header of its own).
    pub first_row: usize,
    /// Column role by column index (after `colspan`).
    pub columns: Vec<Option<Column>>,
    /// The year of the caption.
    pub year: Option<u16>,
}

/// The role a header cell's words give its column.
fn column_of(header: &str) -> Option<Column> {
    let h = header.to_lowercase();
    let has = |w: &str| h.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("press") {
        Some(Column::Press)
    } else if has("outcome") || has("vote") || has("action") || has("decision") {
        Some(Column::Outcome)
    } else if has("date") {
        Some(Column::Date)
    } else if has("record") || has("meeting") || has("symbol") {
        Some(Column::Record)
    } else if has("topic") || has("subject") || has("agenda") || has("item") {
        Some(Column::Topic)
    } else {
        None
    }
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(19[4-9]\d|2[01]\d\d)\b").expect("valid regex"));

/// The column roles a header row's cells give, by column (after
/// `colspan`), when the row names a record, a date and an outcome column.
fn header_columns(page: &Page, row: &Row) -> Option<Vec<Option<Column>>> {
    let mut columns = Vec::new();
    for c in &row.cells {
        let role = column_of(&page.plain[c.text.clone()]);
        for _ in 0..c.colspan {
            columns.push(role);
        }
    }
    let has = |k| columns.contains(&Some(k));
    (row.cells.len() >= 3 && has(Column::Record) && has(Column::Date) && has(Column::Outcome))
        .then_some(columns)
}

/// Whether `t`, a table without a header row, continues the meetings table
/// `prev` (a page that splits its year into several tables, by month or by
/// page): its rows are as wide as `prev`'s columns and one names a record.
fn continues(page: &Page, t: &Table, prev: &Layout) -> bool {
    let width = |r: &Row| r.cells.iter().map(|c| c.colspan).sum::<usize>();
    t.rows.iter().any(|r| width(r) == prev.columns.len())
        && t.rows.iter().any(|r| {
            r.cells
                .iter()
                .any(|c| page.plain[c.text.clone()].contains("S/PV."))
        })
}

/// Finds the meetings tables on the page, in order: each table with a
/// header row naming a record, a date and an outcome column, and each
/// table without a header that continues the one before it. Empty when
/// the page is not a meetings table.
pub fn find(page: &Page) -> Vec<Layout> {
    let mut found: Vec<Layout> = Vec::new();
    for (ti, t) in page.tables.iter().enumerate() {
        let header = t
            .rows
            .iter()
            .enumerate()
            .take(5)
            .find_map(|(ri, row)| Some((ri, header_columns(page, row)?)));
        if let Some((ri, columns)) = header {
            let year = caption_year(page, t, ri).or_else(|| found.last().and_then(|l| l.year));
            found.push(Layout {
                table: ti,
                first_row: ri + 1,
                columns,
                year,
            });
        } else if let Some(prev) = found.last()
            && continues(page, t, prev)
        {
            let year = caption_year(page, t, 0).or(prev.year);
            found.push(Layout {
                table: ti,
                first_row: 0,
                columns: prev.columns.clone(),
                year,
            });
        }
    }
    found
}

/// The year of the table's caption: a `<caption>`, the rows above the
/// header, else the page's title or the text just before the table.
fn caption_year(page: &Page, t: &Table, header: usize) -> Option<u16> {
    let mut texts: Vec<&str> = Vec::new();
    if let Some(c) = &t.caption {
        texts.push(&page.plain[c.clone()]);
    }
    for r in &t.rows[..header] {
        for c in &r.cells {
            texts.push(&page.plain[c.text.clone()]);
        }
    }
    if let Some(ti) = &page.title {
        texts.push(ti);
    }
    let before = &page.plain[..t.start.min(page.plain.len())];
    let mut cut = before.len().saturating_sub(400);
    while !before.is_char_boundary(cut) {
        cut += 1;
    }
    texts.push(&before[cut..]);
    texts
        .iter()
        .find_map(|t| YEAR.captures(t).and_then(|c| c[1].parse().ok()))
}

/// Symbols an outcome or topic cell may name: resolutions, presidential
/// statements, meeting records, documents (`S/2015/562`, `S/1159`), with
/// revisions.
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"S/(?:RES/\d+\s*\(\s*\d{4}\s*\)|PRST/\d{4}/\d+|PV\.\d+(?:\s*\((?:Resumption|Part)[^)]{0,20}\))?|\d{4}/\d+|\d+)(?:/(?:Rev|Add|Corr)\.\d+)*",
    )
    .expect("valid regex")
});
/// A tally, for-against-abstaining: `8-0-3`, with any dash (hyphen, en or
/// em dash, minus sign: typeset tables use them) and spaces around it.
static TALLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^\d/.\-\u{2010}-\u{2015}\u{2212}])(\d{1,2})\s*[\-\u{2010}-\u{2015}\u{2212}]\s*(\d{1,2})\s*[\-\u{2010}-\u{2015}\u{2212}]\s*(\d{1,2})\b",
    )
    .expect("valid regex")
});
static DRAFT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bdraft\s+resolutions?").expect("valid regex"));
static NOT_ADOPTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)not\s+adopted\b|rejected\b|failed\b").expect("valid regex"));
/// A veto in words: "vetoed by X", "owing to the negative vote(s) of X",
/// "veto cast by X"; the members named follow.
static VETOED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)vetoed(?:\s+by\b)?|negative\s+votes?\s+(?:cast\s+)?(?:of|by)\b(?:\s+(?:a\s+)?permanent\s+members?\s*(?:\(|,|:)?)?|vetoe?s?\s+(?:cast\s+)?by\b",
    )
    .expect("valid regex")
});
/// A vote stated in words instead of a tally: it belongs to the decision
/// before it like a tally (its evidence quotes the words), but gives no
/// numbers.
static VOTE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:adopted\s+)?(?:unanimously|without\s+(?:a\s+)?vote|by\s+consensus)")
        .expect("valid regex")
});
static PRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bSC/\d+(?:/Rev\.\d+)?").expect("valid regex"));

/// The canonical form of a symbol as a cell writes it, white space (a
/// line break inside a cell) collapsed first.
fn symbol(written: &str) -> String {
    let flat = written.split_whitespace().collect::<Vec<_>>().join(" ");
    canonical_target(&flat).unwrap_or(flat)
}

/// What an outcome cell states, in order.
#[derive(Debug, Clone)]
enum Event {
    Draft,
    Symbol(String),
    Tally(String),
    VoteWords,
    NotAdopted,
    Vetoed(Vec<String>),
}

/// One decision read from an outcome cell.
#[derive(Debug, Clone)]
struct Outcome1 {
    symbol: Option<String>,
    kind: Kind,
    outcome: Outcome,
    tally: Option<String>,
    vetoed_by: Vec<String>,
    /// Plain span: from the opening words to the last thing that belongs
    /// to it.
    span: Range<usize>,
    /// Plain span of the veto words, when vetoed by named members.
    veto_span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Resolution,
    Statement,
    Draft,
}

/// The events of a cell, with their plain spans, in order.
fn events(plain: &str, cell: &Cell) -> Vec<(Range<usize>, Event)> {
    let text = &plain[cell.text.clone()];
    let base = cell.text.start;
    let mut ev: Vec<(Range<usize>, Event)> = Vec::new();
    for m in DRAFT.find_iter(text) {
        ev.push((base + m.start()..base + m.end(), Event::Draft));
    }
    for m in SYMBOL.find_iter(text) {
        let sym = symbol(m.as_str());
        ev.push((base + m.start()..base + m.end(), Event::Symbol(sym)));
    }
    for c in TALLY.captures_iter(text) {
        let (Some(a), Some(b), Some(n)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let t = format!("{}-{}-{}", a.as_str(), b.as_str(), n.as_str());
        ev.push((base + a.start()..base + n.end(), Event::Tally(t)));
    }
    for m in VOTE_WORDS.find_iter(text) {
        ev.push((base + m.start()..base + m.end(), Event::VoteWords));
    }
    for m in NOT_ADOPTED.find_iter(text) {
        ev.push((base + m.start()..base + m.end(), Event::NotAdopted));
    }
    for m in VETOED.find_iter(text) {
        // The names run to the next line break, tally or draft.
        let from = base + m.end();
        let line_end = cell
            .breaks
            .iter()
            .copied()
            .find(|&b| b > from)
            .unwrap_or(cell.text.end);
        let mut end = line_end;
        let rest = &plain[from..line_end];
        for re in [&*TALLY, &*DRAFT, &*SYMBOL] {
            if let Some(x) = re.find(rest) {
                end = end.min(from + x.start());
            }
        }
        let names_text = plain[from..end].trim();
        let names: Vec<String> = crate::extract::votes::names::split(names_text)
            .into_iter()
            .map(|n| n.text)
            .filter(|n| !n.is_empty())
            .collect();
        let stop = if names.is_empty() {
            base + m.end()
        } else {
            from + plain[from..end].trim_end().len()
        };
        ev.push((base + m.start()..stop, Event::Vetoed(names)));
    }
    ev.sort_by_key(|(r, _)| (r.start, r.end));
    ev
}

/// An open "Draft resolution" group: where it starts, and its drafts (the
/// symbol, `None` for a link that names no draft) with their spans.
type Group = (usize, Vec<(Option<String>, Range<usize>)>);

/// Reads an outcome cell into its decisions.
fn outcomes(plain: &str, cell: &Cell) -> Vec<Outcome1> {
    let mut out: Vec<Outcome1> = Vec::new();
    // The drafts of the open group (index range into `out` once decided):
    // symbols and the group's start.
    let mut group: Option<Group> = None;
    // Indices of the outcome(s) a following tally belongs to.
    let mut last: Vec<usize> = Vec::new();
    for (span, e) in events(plain, cell) {
        match e {
            Event::Draft => {
                group = Some((span.start, Vec::new()));
                last.clear();
            }
            Event::Symbol(sym) => {
                let kind = if sym.starts_with("S/RES/") {
                    Some(Kind::Resolution)
                } else if sym.starts_with("S/PRST/") {
                    Some(Kind::Statement)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    group = None;
                    out.push(Outcome1 {
                        symbol: Some(sym),
                        kind,
                        outcome: Outcome::Adopted,
                        tally: None,
                        vetoed_by: Vec::new(),
                        span: span.clone(),
                        veto_span: None,
                    });
                    last = vec![out.len() - 1];
                    continue;
                }
                let draft = (!sym.starts_with("S/PV.")).then_some(sym);
                let g = group.get_or_insert_with(|| (span.start, Vec::new()));
                if draft.is_some() || g.1.is_empty() {
                    g.1.push((draft, span));
                }
            }
            Event::Vetoed(names) if group.is_none() => {
                // "not adopted owing to the negative vote of X": the veto
                // words come after the drafts were closed; they make those
                // drafts vetoed.
                for &i in &last {
                    let o = &mut out[i];
                    if o.kind == Kind::Draft && o.outcome == Outcome::NotAdopted {
                        o.outcome = Outcome::Vetoed;
                        o.vetoed_by = names.clone();
                        o.veto_span = Some(span.clone());
                        o.span.end = o.span.end.max(span.end);
                    }
                }
            }
            Event::NotAdopted | Event::Vetoed(_) => {
                let Some((start, drafts)) = group.take() else {
                    continue;
                };
                let drafts = if drafts.is_empty() {
                    vec![(None, span.clone())]
                } else {
                    drafts
                };
                let (outcome, names, veto_span) = match e {
                    Event::Vetoed(names) => (Outcome::Vetoed, names, Some(span.clone())),
                    _ => (Outcome::NotAdopted, Vec::new(), None),
                };
                last.clear();
                for (sym, _) in drafts {
                    out.push(Outcome1 {
                        symbol: sym,
                        kind: Kind::Draft,
                        outcome,
                        tally: None,
                        vetoed_by: names.clone(),
                        span: start..span.end,
                        veto_span: veto_span.clone(),
                    });
                    last.push(out.len() - 1);
                }
            }
            Event::VoteWords => {
                for &i in &last {
                    if out[i].tally.is_none() {
                        out[i].span.end = out[i].span.end.max(span.end);
                    }
                }
            }
            Event::Tally(t) => {
                for &i in &last {
                    if out[i].tally.is_none() {
                        out[i].tally = Some(t.clone());
                        out[i].span.end = out[i].span.end.max(span.end);
                    }
                }
                last.clear();
            }
        }
    }
    out
}

/// A date cell's day and month: "23 December", the first day of a meeting
/// held over two ("22-23 December", "22 and 23 December"), or the month
/// first ("December 22").
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let months = crate::extract::language::WORDS.month_alternation(None);
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:\s*(?:[-\u{{2013}}/&]|and)\s*\d{{1,2}})?\s+({months})\b|\b({months})\.?\s+(\d{{1,2}})\b"
    ))
    .expect("valid regex")
});

/// The date a date cell gives: a full date as written, else its day and
/// month (see [`DAY_MONTH`]) in the caption's year.
fn cell_date(cell: &str, year: Option<u16>) -> Option<String> {
    if let Some(d) = parse_date(cell) {
        return Some(d);
    }
    let c = DAY_MONTH.captures(cell)?;
    let (day, month) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
        (Some(d), Some(m), ..) | (.., Some(m), Some(d)) => (d.as_str(), m.as_str()),
        _ => return None,
    };
    parse_date(&format!("{day} {month} {}", year?))
}

/// Text of a cell with white space collapsed.
fn collapsed(plain: &str, r: &Range<usize>) -> String {
    plain[r.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads the meetings tables `layouts` of `page` (see [`find`]) from the
/// file `source`.
pub fn read(source: SourceFile, page: Page, layouts: &[Layout]) -> Reading {
    let Page {
        plain, map, tables, ..
    } = page;
    let mut blocks = Vec::new();
    let rows = layouts.iter().flat_map(|l| &tables[l.table].rows);
    for row in rows {
        for c in &row.cells {
            if c.text.is_empty() {
                continue;
            }
            blocks.push(Block {
                kind: BlockKind::TableRow,
                start: c.text.start,
                end: c.text.end,
                indent: 0,
                label: None,
                src_start: map.src_start(c.text.start),
            });
        }
    }
    let text = Text {
        source,
        norm: NormText {
            text: plain,
            map,
            blocks,
            ..NormText::default()
        },
    };
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let mut cur = Current::default();
    for layout in layouts {
        let table = &tables[layout.table];
        read_rows(&text, table, layout, &mut cur, &mut items, &mut warnings);
    }
    Reading {
        text,
        analysis: Analysis::Complete,
        items,
        warnings,
    }
}

/// The meeting a row continues: record, date, press releases.
#[derive(Clone, Default)]
struct Current {
    meeting: Option<String>,
    date: Option<String>,
    press: Vec<String>,
}

/// Cells of rows above that span down (`rowspan`): per column, the rows
/// they still span and the cell.
type Above<'t> = Vec<Option<(usize, &'t Cell)>>;

/// The cell spanning down into column `col` of this row, if any, counted
/// as used for this row.
fn from_above<'t>(above: &mut Above<'t>, col: usize) -> Option<&'t Cell> {
    let slot = above.get_mut(col)?;
    let (left, c) = slot.as_mut()?;
    let c = *c;
    *left -= 1;
    if *left == 0 {
        *slot = None;
    }
    Some(c)
}

/// The cells a row holds, by column: its own cells, and the cells of rows
/// above that span down into it, each with whether it is the row's own.
fn place<'t>(row: &'t Row, above: &mut Above<'t>) -> Vec<(usize, &'t Cell, bool)> {
    let mut placed = Vec::new();
    let mut col = 0;
    for c in &row.cells {
        while let Some(a) = from_above(above, col) {
            placed.push((col, a, false));
            col += 1;
        }
        placed.push((col, c, true));
        if c.rowspan > 1 {
            if above.len() < col + c.colspan {
                above.resize(col + c.colspan, None);
            }
            for slot in &mut above[col..col + c.colspan] {
                *slot = Some((c.rowspan - 1, c));
            }
        }
        col += c.colspan;
    }
    while col < above.len() {
        if let Some(a) = from_above(above, col) {
            placed.push((col, a, false));
        }
        col += 1;
    }
    placed
}

fn read_rows(
    text: &Text,
    table: &Table,
    layout: &Layout,
    cur: &mut Current,
    items: &mut Vec<Item>,
    warnings: &mut Vec<String>,
) {
    let plain = &text.norm.text;
    let mut above = Vec::new();
    for row in &table.rows[layout.first_row.min(table.rows.len())..] {
        if row.cells.iter().all(|c| c.header) {
            continue;
        }
        // Cells by role. A cell spanning down from a row above is read in
        // its own row only: here its record, date or press column reads as
        // empty ("the meeting above"), and a topic spanning down means
        // that this row only adds outcomes to the agenda item above.
        let mut by: Vec<(Column, &Cell)> = Vec::new();
        let mut topic_above = false;
        for (col, c, own) in place(row, &mut above) {
            if let Some(Some(role)) = layout.columns.get(col) {
                if own {
                    by.push((*role, c));
                } else {
                    topic_above |= *role == Column::Topic;
                }
            }
        }
        let cell = |k: Column| by.iter().find(|(r, _)| *r == k).map(|(_, c)| *c);
        let Some(first) = row.cells.iter().find(|c| !c.text.is_empty()) else {
            continue;
        };
        let last = row
            .cells
            .iter()
            .rev()
            .find(|c| !c.text.is_empty())
            .unwrap_or(first);
        let row_ev = |rule: &str| text.evidence(first.text.start, last.text.end, rule);
        let record = cell(Column::Record).filter(|c| !c.text.is_empty());
        match record {
            Some(c) => {
                let t = &plain[c.text.clone()];
                let Some(m) = SYMBOL
                    .find_iter(t)
                    .find(|m| m.as_str().starts_with("S/PV."))
                else {
                    let ev = row_ev(RULE_WARNING);
                    let message = format!(
                        "meetings table row without a meeting record symbol: {}",
                        collapsed(plain, &c.text)
                    );
                    warnings.push(format!("{}:{}: {message}", ev.file, ev.start));
                    items.push(Item::Warning(WarningItem {
                        doc: None,
                        message,
                        ev,
                    }));
                    *cur = Current::default();
                    continue;
                };
                cur.meeting = Some(symbol(m.as_str()));
                cur.date = None;
                cur.press.clear();
            }
            None if cur.meeting.is_none() => continue,
            None => {}
        }
        let Some(meeting) = cur.meeting.clone() else {
            continue;
        };
        if let Some(c) = cell(Column::Date).filter(|c| !c.text.is_empty()) {
            cur.date = cell_date(&collapsed(plain, &c.text), layout.year).or(cur.date.take());
        }
        if let Some(c) = cell(Column::Press).filter(|c| !c.text.is_empty()) {
            cur.press = PRESS
                .find_iter(&plain[c.text.clone()])
                .map(|m| m.as_str().to_string())
                .collect();
        }
        let topic = cell(Column::Topic).filter(|c| !c.text.is_empty());
        let documents: Vec<String> = topic
            .map(|c| {
                let mut v: Vec<String> = Vec::new();
                for m in SYMBOL.find_iter(&plain[c.text.clone()]) {
                    let s = symbol(m.as_str());
                    if !s.starts_with("S/PV.") && !v.contains(&s) {
                        v.push(s);
                    }
                }
                v
            })
            .unwrap_or_default();
        if !topic_above {
            items.push(Item::Meeting(MeetingItem {
                doc: meeting.clone(),
                meeting: meeting.clone(),
                date: cur.date.clone(),
                agenda_item: topic.map(|c| collapsed(plain, &c.text)),
                sub_items: Vec::new(),
                documents,
                rule_37: Vec::new(),
                rule_39: Vec::new(),
                press_releases: cur.press.clone(),
                ev: row_ev(RULE_MEETING),
            }));
        }
        let Some(oc) = cell(Column::Outcome).filter(|c| !c.text.is_empty()) else {
            continue;
        };
        push_decisions(text, oc, &meeting, cur.date.as_deref(), layout.year, items);
    }
}

/// The decisions of one outcome cell of the meeting `meeting`, and a vote
/// against the draft for each vetoing member the Council membership
/// resolves (as of the date's year, else the caption's).
fn push_decisions(
    text: &Text,
    cell: &Cell,
    meeting: &str,
    date: Option<&str>,
    year: Option<u16>,
    items: &mut Vec<Item>,
) {
    let year = date.and_then(|d| d.get(..4)?.parse().ok()).or(year);
    for o in outcomes(&text.norm.text, cell) {
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
        if let (Some(d), Some(vs)) = (&draft, &o.veto_span) {
            for name in &o.vetoed_by {
                let Some(m) = COUNCIL.resolve(name, year) else {
                    continue;
                };
                items.push(Item::Vote(VoteItem {
                    doc: meeting.to_string(),
                    member: m.actor.id,
                    member_label: m.actor.label,
                    position: Position::Against,
                    on: d.clone(),
                    signer: None,
                    ev: text.evidence(vs.start, vs.end, RULE_VETO),
                }));
            }
        }
        items.push(Item::Decision(DecisionItem {
            doc: meeting.to_string(),
            draft,
            outcome: o.outcome,
            resolution,
            tally: o.tally,
            meeting: Some(meeting.to_string()),
            date: date.map(str::to_string),
            sponsors: Vec::new(),
            vetoed_by: o.vetoed_by,
            ev,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Symbol, outcome, tally and vetoing members of each decision.
    type Read = (Option<String>, Outcome, Option<String>, Vec<String>);

    fn cell_outcomes(html: &str) -> Vec<Read> {
        let page = super::super::page::read(&format!("<table><tr><td>{html}</td></tr></table>"));
        let cell = &page.tables[0].rows[0].cells[0];
        outcomes(&page.plain, cell)
            .into_iter()
            .map(|o| (o.symbol, o.outcome, o.tally, o.vetoed_by))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn resolutions_drafts_and_tallies_pair_in_order() {
        let got = cell_outcomes(
            "<a href=x>S/RES/63 (1948)</a><br>7-0-4<br> <br>Draft resolution <a>S/1148</a> and Corr.1 not adopted<br>Draft resolution <a>S/1149</a>  not adopted <br>6-0-5",
        );
        assert_eq!(
            got,
            vec![
                (s("S/RES/63 (1948)"), Outcome::Adopted, s("7-0-4"), vec![]),
                (s("S/1148"), Outcome::NotAdopted, None, vec![]),
                (s("S/1149"), Outcome::NotAdopted, s("6-0-5"), vec![]),
            ]
        );
    }

    #[test]
    fn vetoes_name_their_members_without_spaces_around_links() {
        let got = cell_outcomes(
            "Draft resolution<a>S/1994/1358</a>vetoed by Russian Federation<br>\n 13-1-1",
        );
        assert_eq!(
            got,
            vec![(
                s("S/1994/1358"),
                Outcome::Vetoed,
                s("13-1-1"),
                vec!["Russian Federation".to_string()]
            )]
        );
    }

    #[test]
    fn two_drafts_one_outcome_then_a_resolution() {
        let got = cell_outcomes(
            "Draft resolution <a>S/1076</a>\n and <a>S/1077</a> not adopted <br>\n<a>S/RES/62(1948)</a> <br> 11-0-0",
        );
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].0, s("S/1076"));
        assert_eq!(got[1].0, s("S/1077"));
        assert!(
            got[..2]
                .iter()
                .all(|o| o.1 == Outcome::NotAdopted && o.2.is_none())
        );
        assert_eq!(
            got[2],
            (s("S/RES/62 (1948)"), Outcome::Adopted, s("11-0-0"), vec![])
        );
    }

    #[test]
    fn a_draft_linked_to_a_meeting_record_has_no_draft_symbol() {
        let got = cell_outcomes(
            "Draft resolution <a>S/PV.303</a> (preliminary question) vetoed by USSR<br> 8-2-1",
        );
        assert_eq!(
            got,
            vec![(None, Outcome::Vetoed, s("8-2-1"), vec!["USSR".to_string()])]
        );
    }

    #[test]
    fn a_vote_in_words_is_quoted_without_a_tally() {
        let page = super::super::page::read(
            "<table><tr><td><a>S/RES/963 (1994)</a><br>\n without vote<br><a>S/PRST/1994/73</a></td></tr></table>",
        );
        let cell = &page.tables[0].rows[0].cells[0];
        let got = outcomes(&page.plain, cell);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].tally, None);
        assert!(page.plain[got[0].span.clone()].ends_with("without vote"));
        assert_eq!(got[1].symbol, s("S/PRST/1994/73"));
    }

    #[test]
    fn a_veto_in_other_words_names_its_members() {
        let got = cell_outcomes(
            "Draft resolution <a>S/2011/612</a> not adopted owing to the negative votes of China and the Russian Federation<br>9-2-4",
        );
        assert_eq!(
            got,
            vec![(
                s("S/2011/612"),
                Outcome::Vetoed,
                s("9-2-4"),
                vec!["China".to_string(), "the Russian Federation".to_string()]
            )]
        );
        let got = cell_outcomes(
            "Draft resolution <a>S/2017/172</a><br>vetoed by China, the Russian Federation<br>9-3-3",
        );
        assert_eq!(got[0].3, ["China", "the Russian Federation"]);
    }

    #[test]
    fn statements_and_dashes() {
        assert_eq!(
            cell_outcomes("<a>S/PRST/2015/26</a>"),
            vec![(s("S/PRST/2015/26"), Outcome::Adopted, None, vec![])]
        );
        assert!(cell_outcomes("--").is_empty());
    }

    #[test]
    fn date_cells_read_in_the_captions_year() {
        let y = Some(1975);
        for (cell, want) in [
            ("23 December", Some("1975-12-23")),
            ("23 December ", Some("1975-12-23")),
            ("30 December 1974", Some("1974-12-30")),
            ("22-23 December", Some("1975-12-22")),
            ("22 and 23 December", Some("1975-12-22")),
            ("December 22", Some("1975-12-22")),
            ("Dec. 22", None),
            ("--", None),
        ] {
            assert_eq!(cell_date(cell, y).as_deref(), want, "{cell}");
        }
        assert_eq!(cell_date("23 December", None), None);
        assert_eq!(
            cell_date("30 December 1974", None).as_deref(),
            Some("1974-12-30")
        );
    }

    #[test]
    fn tallies_read_with_any_dash() {
        for cell in [
            "S/RES/9 (1946)<br>10-0-1",
            "S/RES/9 (1946)<br>10\u{2013}0\u{2013}1",
            "S/RES/9 (1946)<br>10 \u{2014} 0 \u{2014} 1",
            "S/RES/9 (1946)<br>10\u{2212}0\u{2212}1",
        ] {
            assert_eq!(
                cell_outcomes(cell),
                vec![(s("S/RES/9 (1946)"), Outcome::Adopted, s("10-0-1"), vec![])],
                "{cell}"
            );
        }
    }

    #[test]
    fn columns_are_named_by_their_headers() {
        assert_eq!(column_of("Meeting\nRecord"), Some(Column::Record));
        assert_eq!(column_of("Press Release"), Some(Column::Press));
        assert_eq!(
            column_of("Security Council Outcome / Vote"),
            Some(Column::Outcome)
        );
        assert_eq!(column_of("Date"), Some(Column::Date));
        assert_eq!(column_of("Topic"), Some(Column::Topic));
    }
}
