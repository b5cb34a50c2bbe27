//! The UN's yearly meetings tables ("Meetings conducted by the Security
//! Council in 1994"): one row per meeting and agenda item.
//!
//! A table is recognised by its structure, not by its markup: a header row
//! whose cells name a meeting-record column, a date column and an outcome
//! (or vote, action, decision) column, or a draft column and a column of
//! the members casting the negative vote; the year of its caption (a
//! `<caption>`, a title row spanning the table, or the page title) dates
//! the date cells that state none. Columns
//! are found by their header words (`ontology`-free: the headers are the
//! UN's own English words), so a table whose columns move, or that gains or
//! loses the press-release column, reads the same; a column of letters
//! ("Letter with Vote Outcome", 2020-2021: votes taken in writing) is
//! neither the outcome nor the vote. A "Vote" column beside
//! the outcome column (recent years' tables) holds the tally of the
//! outcome in its row; a row of one cell across the table is a note or a
//! sub-heading, not a meeting. A row whose record cell names no meeting
//! record ("--": a videoconference whose vote a letter records) keeps its
//! decisions, dated by its date cell, without a meeting, and a warning
//! says so.
//!
//! The dates are read in the caption's year, unless every resolution and
//! statement the outcome cells list (at least three) names one other year:
//! a table lists what the Council adopted in its year, so the symbols
//! overrule a caption that is a slip, and a warning quotes the caption.
//!
//! The veto list ("Security Council - Veto List") has the same structure
//! with a draft column and a column of the permanent members casting the
//! negative vote in place of the outcome: each row is a `vetoed` decision
//! on its draft (see [`push_veto`]).
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
//! (`S/PRST/2015/26`; before 1993 its document's symbol marked "(PRST)",
//! `S/14794 (PRST)`) is an adopted decision (the statement's symbol stands
//! in `resolution`: the text the Council adopted); "Draft resolution" opens
//! a group of drafts that the next outcome words close ("not adopted",
//! "rejected", "vetoed by the Russian Federation"), one `not_adopted` or
//! `vetoed` decision per draft; a tally (`4-0-7`) belongs to the decision(s)
//! just before it. A draft whose link is a meeting record (a slip of the
//! table) is a decision without a draft symbol. Members named as vetoing
//! (their list may run over a line break of the source) are kept as
//! written in `vetoed_by`, and each one the Council membership resolves
//! also gets a `vote` item against the draft. Other outcomes (communiqués,
//! elections, notes, letters) give no decision.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

mod decisions;
mod outcome;

use super::page::{Cell, Page, Row, Table};
use crate::extract::structure::parse_date;
use crate::input::{Analysis, Reading};
use crate::model::{DocType, Evidence, Item, MeetingItem, WarningItem};
use crate::rules;
use crate::text::normalize::{Block, BlockKind, NormText};
use crate::text::{SourceFile, Text};
use decisions::{push_decisions, push_veto};
use outcome::{SYMBOL, symbol};

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
    /// The vote on the outcome, in a column of its own (`15-0-0`).
    Vote,
    /// The draft a row of the veto list is about (`S/2022/431`).
    Draft,
    /// The permanent members who cast the negative vote (the veto list).
    Vetoing,
    /// The letter that records the outcome of a vote taken in writing
    /// (`S/2020/1305`, "Letter with Vote Outcome"): the record of a row
    /// without a meeting.
    VoteLetter,
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
    /// The year the table's dates are read in: the caption's, unless every
    /// resolution and statement the table lists names another (see
    /// [`symbols_year`]).
    pub year: Option<u16>,
    /// When the symbols overrode the caption: the caption's year and the
    /// plain span of the text that states it (for the warning's evidence).
    pub caption_slip: Option<(u16, Range<usize>)>,
}

/// The role a header cell's words give its column.
fn column_of(header: &str) -> Option<Column> {
    let h = header.to_lowercase();
    let has = |w: &str| h.split(|c: char| !c.is_alphanumeric()).any(|x| x == w);
    if has("letter") {
        // "Letter with Vote Procedure", "Letter with Vote Outcome" (the
        // tables of 2020-2021): letters about a vote taken in writing, not
        // the vote or its outcome. The one that states the outcome is the
        // vote's record, as a meeting record is of a vote at a meeting.
        (has("outcome") || has("result")).then_some(Column::VoteLetter)
    } else if has("press") {
        Some(Column::Press)
    } else if has("negative") || has("veto") || has("vetoing") {
        // "Permanent Member Casting Negative Vote": who vetoed the row's
        // draft (the veto list).
        Some(Column::Vetoing)
    } else if has("draft") {
        Some(Column::Draft)
    } else if has("outcome") || has("action") || has("decision") {
        Some(Column::Outcome)
    } else if has("vote") {
        Some(Column::Vote)
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
    // A vote column beside no outcome column is the outcome column.
    if !columns.contains(&Some(Column::Outcome)) {
        for c in columns.iter_mut().filter(|c| **c == Some(Column::Vote)) {
            *c = Some(Column::Outcome);
        }
    }
    let has = |k| columns.contains(&Some(k));
    // The decisions are in an outcome column, or (the veto list) in a draft
    // column and the column of the members who vetoed it.
    let decided = has(Column::Outcome) || (has(Column::Draft) && has(Column::Vetoing));
    (row.cells.len() >= 3 && has(Column::Record) && has(Column::Date) && decided).then_some(columns)
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
            let caption = caption_year(page, t, ri);
            let mut year = caption
                .as_ref()
                .map(|(y, _)| *y)
                .or_else(|| found.last().and_then(|l| l.year));
            let mut caption_slip = None;
            if let (Some((y, span)), Some(listed)) =
                (caption, symbols_year(page, t, ri + 1, &columns))
                && listed != y
            {
                year = Some(listed);
                caption_slip = Some((y, span));
            }
            found.push(Layout {
                table: ti,
                first_row: ri + 1,
                columns,
                year,
                caption_slip,
            });
        } else if let Some(prev) = found.last()
            && continues(page, t, prev)
        {
            let year = match prev.caption_slip {
                // The year the symbols gave the table before.
                Some(_) => prev.year,
                None => caption_year(page, t, 0).map(|(y, _)| y).or(prev.year),
            };
            found.push(Layout {
                table: ti,
                first_row: 0,
                columns: prev.columns.clone(),
                year,
                caption_slip: None,
            });
        }
    }
    found
}

/// The year of the table's caption (a `<caption>`, the rows above the
/// header, else the page's title or the text just before the table), with
/// the plain span of the text that states it (the table's first cell when
/// the year comes from the `<title>`, which is not in the page's text).
fn caption_year(page: &Page, t: &Table, header: usize) -> Option<(u16, Range<usize>)> {
    let mut texts: Vec<Range<usize>> = Vec::new();
    if let Some(c) = &t.caption {
        texts.push(c.clone());
    }
    for r in &t.rows[..header] {
        for c in &r.cells {
            texts.push(c.text.clone());
        }
    }
    let found = |r: &Range<usize>| {
        let c = YEAR.captures(&page.plain[r.clone()])?;
        Some((c[1].parse().ok()?, r.clone()))
    };
    if let Some(y) = texts.iter().find_map(found) {
        return Some(y);
    }
    if let Some(ti) = &page.title
        && let Some(c) = YEAR.captures(ti)
    {
        // The title is not in the page's text: the table's first cell
        // stands for it.
        let first = t.rows.first().and_then(|r| r.cells.first());
        return Some((c[1].parse().ok()?, first.map_or(0..0, |c| c.text.clone())));
    }
    let end = t.start.min(page.plain.len());
    let mut cut = end.saturating_sub(400);
    while !page.plain.is_char_boundary(cut) {
        cut += 1;
    }
    found(&(cut..end))
}

/// The year every resolution (`S/RES/384 (1975)`) and presidential
/// statement (`S/PRST/2020/6`) the outcome cells of the table list names,
/// when they are at least three and all agree: a table lists what the
/// Council adopted in its year, so its symbols tell the year when its
/// caption is a slip (a page saved under the next year's title).
fn symbols_year(
    page: &Page,
    t: &Table,
    first_row: usize,
    columns: &[Option<Column>],
) -> Option<u16> {
    static DATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"S/RES/\d+\s*\(\s*(\d{4})\s*\)|S/PRST/(\d{4})/\d+").expect("valid regex")
    });
    let outcome = columns.iter().position(|c| *c == Some(Column::Outcome))?;
    let mut years = Vec::new();
    let mut above = Vec::new();
    for r in t.rows.iter().skip(first_row) {
        // The row's own outcome cell, placed as the rows are read.
        let Some((_, cell, _)) = place(r, &mut above)
            .into_iter()
            .find(|&(col, _, own)| own && col == outcome)
        else {
            continue;
        };
        for c in DATED.captures_iter(&page.plain[cell.text.clone()]) {
            if let Some(y) = c
                .get(1)
                .or(c.get(2))
                .and_then(|m| m.as_str().parse::<u16>().ok())
            {
                years.push(y);
            }
        }
    }
    let first = *years.first()?;
    (years.len() >= 3 && years.iter().all(|&y| y == first)).then_some(first)
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

/// A date cell's day and month with the month abbreviated as the tables'
/// English does ("Dec. 22", "22 Sept."): the cell is known to hold a date,
/// so three letters (or "Sept") and a day are one.
static DAY_ABBREVIATED: LazyLock<Regex> = LazyLock::new(|| {
    const MON: &str = r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})\s+({MON})\b\.?|\b({MON})\b\.?\s*(\d{{1,2}})\b"
    ))
    .expect("valid regex")
});

/// An English month's name from its abbreviation.
fn abbreviated_month(m: &str) -> Option<&'static str> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let m = m.get(..3)?;
    MONTHS
        .iter()
        .find(|x| x[..3].eq_ignore_ascii_case(m))
        .copied()
}

/// The date a date cell gives: a full date as written, else its day and
/// month (see [`DAY_MONTH`], [`DAY_ABBREVIATED`]) in the caption's year.
fn cell_date(cell: &str, year: Option<u16>) -> Option<String> {
    if let Some(d) = parse_date(cell) {
        return Some(d);
    }
    let day_month = |c: regex::Captures<'_>| match (c.get(1), c.get(2), c.get(3), c.get(4)) {
        (Some(d), Some(m), ..) | (.., Some(m), Some(d)) => {
            Some((d.as_str().to_string(), m.as_str().to_string()))
        }
        _ => None,
    };
    if let Some((day, month)) = DAY_MONTH.captures(cell).and_then(day_month) {
        return parse_date(&format!("{day} {month} {}", year?));
    }
    let (day, month) = DAY_ABBREVIATED.captures(cell).and_then(day_month)?;
    parse_date(&format!("{day} {} {}", abbreviated_month(&month)?, year?))
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
    for layout in layouts {
        if let (Some((caption, span)), Some(year)) = (&layout.caption_slip, layout.year) {
            items.push(Item::Warning(WarningItem {
                doc: None,
                message: format!(
                    "meetings table captioned {caption} lists only resolutions and statements of {year}: its dates are read in {year}"
                ),
                ev: text.evidence(span.start, span.end, RULE_WARNING),
            }));
        }
    }
    let mut cur = Current::default();
    for layout in layouts {
        let table = &tables[layout.table];
        read_rows(&text, table, layout, &mut cur, &mut items);
    }
    Reading {
        text,
        analysis: Analysis::Complete,
        items,
        // Row warnings are items; the corpus reports each once.
        warnings: Vec::new(),
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
) {
    let plain = &text.norm.text;
    let mut above = Vec::new();
    for row in &table.rows[layout.first_row.min(table.rows.len())..] {
        if row.cells.iter().all(|c| c.header) {
            continue;
        }
        // One cell across the whole table is a note or a sub-heading
        // ("Document links will work once ...", a month's name), not a
        // meeting.
        if let [only] = row.cells.as_slice()
            && layout.columns.len() > 1
            && only.colspan >= layout.columns.len()
        {
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
                    without_record(text, c, &cell, layout, row_ev(RULE_WARNING), items);
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
        row_decisions(
            text,
            &cell,
            Some(&meeting),
            cur.date.as_deref(),
            layout.year,
            items,
        );
    }
}

/// The decisions of a row, at `meeting` on `date`: those of its outcome
/// cell (with its vote column), or the veto of a row of the veto list.
fn row_decisions<'t>(
    text: &Text,
    cell: &dyn Fn(Column) -> Option<&'t Cell>,
    meeting: Option<&str>,
    date: Option<&str>,
    year: Option<u16>,
    items: &mut Vec<Item>,
) {
    if let (Some(d), Some(v)) = (cell(Column::Draft), cell(Column::Vetoing)) {
        push_veto(text, d, v, meeting, date, year, items);
    }
    if let Some(oc) = cell(Column::Outcome).filter(|c| !c.text.is_empty()) {
        // The row's tally in a vote column of its own (recent years).
        let vote = cell(Column::Vote).filter(|c| !c.text.is_empty());
        push_decisions(text, oc, vote, meeting, date, year, items);
    }
}

/// A row whose record cell `record` names no meeting record (a
/// videoconference, whose vote a letter records) still records what the
/// Council decided on its date: its decisions, at the letter that states
/// the vote's outcome when the table gives it (as the written procedure's
/// own letters are read), else without a meeting and with a warning
/// (evidence `ev`).
fn without_record<'t>(
    text: &Text,
    record: &Cell,
    cell: &dyn Fn(Column) -> Option<&'t Cell>,
    layout: &Layout,
    ev: Evidence,
    items: &mut Vec<Item>,
) {
    let plain = &text.norm.text;
    let date = cell(Column::Date).and_then(|c| cell_date(&collapsed(plain, &c.text), layout.year));
    let letter = cell(Column::VoteLetter).and_then(|c| {
        SYMBOL
            .find_iter(&plain[c.text.clone()])
            .map(|m| symbol(m.as_str()))
            .find(|s| DocType::from_symbol(s) == DocType::Other)
    });
    let before = items.len();
    // With a letter, the decisions are at it (the veto list's rows name
    // none: their decisions are without a meeting).
    row_decisions(
        text,
        cell,
        letter.as_deref(),
        date.as_deref(),
        layout.year,
        items,
    );
    let kept = items.len() - before;
    if kept > 0 && letter.is_some() {
        return;
    }
    let message = format!(
        "meetings table row without a meeting record symbol: {}{}",
        collapsed(plain, &record.text),
        if kept > 0 {
            "; its decisions are kept without a meeting"
        } else {
            ""
        }
    );
    items.push(Item::Warning(WarningItem {
        doc: None,
        message,
        ev,
    }));
}

static PRESS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bSC/\d+(?:/Rev\.\d+)?").expect("valid regex"));

#[cfg(test)]
mod tests {
    use super::*;

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
            ("Dec. 22", Some("1975-12-22")),
            ("22 Dec.", Some("1975-12-22")),
            ("Sept. 3", Some("1975-09-03")),
            ("3 sep", Some("1975-09-03")),
            // An abbreviation alone is no date.
            ("Dec.", None),
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
    fn columns_are_named_by_their_headers() {
        assert_eq!(column_of("Meeting\nRecord"), Some(Column::Record));
        assert_eq!(column_of("Press Release"), Some(Column::Press));
        assert_eq!(
            column_of("Security Council Outcome / Vote"),
            Some(Column::Outcome)
        );
        assert_eq!(column_of("Vote"), Some(Column::Vote));
        assert_eq!(column_of("Date"), Some(Column::Date));
        assert_eq!(column_of("Topic"), Some(Column::Topic));
        assert_eq!(
            column_of("Letter with Vote Outcome"),
            Some(Column::VoteLetter)
        );
        assert_eq!(column_of("Letter with Vote Procedure / Briefings"), None);
        assert_eq!(
            column_of("Permanent Member Casting Negative Vote"),
            Some(Column::Vetoing)
        );
        assert_eq!(column_of("Draft"), Some(Column::Draft));
        assert_eq!(column_of("Letter with Vote Procedure / Briefings"), None);
    }
}
