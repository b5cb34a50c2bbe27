//! The UN's yearly meetings tables checked against an independent reading
//! of their raw HTML (plain string search and a tag-stripping split into
//! rows and cells, not the reader's tokenizer), year by year.
//!
//! By default the three committed years (`corpus/meetings-tables/`). With
//! `UNSC_TABLES=/some/folder`, every `*.html` there instead (the tables of
//! years held out of the repository: see `/tmp/tables/SOURCES.md` on the
//! machine that fetched them), e.g.
//! `UNSC_TABLES=/tmp/tables cargo test --release html_tables -- --nocapture`;
//! the report lists, per year, the meetings, the resolutions found of those
//! listed, statements, failed drafts and vetoes, and every disagreement.
//!
//! What a demanding user expects of a year's table, each checked here:
//! every resolution of the year (`ontology/reference/`) that the table lists
//! is an adopted decision at the meeting of its row, with a date of the
//! caption's year and its tally or vote in words; every presidential
//! statement (`S/PRST/...`, or before 1993 a document marked "(PRST)") is
//! one too; as many distinct meetings as rows naming a record; dates within
//! the year and in the table's order; each failed draft and veto a decision
//! with its tally; each member named as vetoing a vote against the draft;
//! and no decision whose symbol the row does not state (communiqués,
//! elections and other outcomes give none).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{DecisionItem, Item, Outcome};

use crate::util;

/// The tables to check: the committed three, or every `.html` file of the
/// folder `UNSC_TABLES` names.
pub fn tables() -> Vec<PathBuf> {
    match std::env::var_os("UNSC_TABLES") {
        Some(dir) => util::sorted_files(Path::new(&dir), Some("html")),
        None => [1948, 1994, 2015]
            .iter()
            .map(|y| util::corpus(&format!("meetings-tables/meetings-{y}.html")))
            .collect(),
    }
}

/// The items the reader gives a table file.
pub fn items(path: &Path) -> Vec<Item> {
    extract_file(path, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .items
}

/// The decisions among `items`.
pub fn decisions(items: &[Item]) -> Vec<&DecisionItem> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Decision(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// Members of the Council (11 until 1965, 15 since) and the votes a
/// resolution needed (7, then 9).
pub fn council(year: u16) -> (u32, u32) {
    if year < 1966 { (11, 7) } else { (15, 9) }
}

/// A tally's three numbers (`None` for "without vote").
pub fn tally(t: &str) -> Option<[u32; 3]> {
    let v: Vec<u32> = t
        .split('-')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    (v.len() == 3).then(|| [v[0], v[1], v[2]])
}

/// What is wrong with the vote an adopted resolution's decision states
/// (`None`: nothing), in a Council of `size` where `majority` votes adopt:
/// a tally that cannot adopt; "unanimously" read as anything but the whole
/// Council in favour; "without vote" not quoted; no tally where the
/// evidence quotes no vote in words (by consensus, by acclamation).
pub fn vote_problem(d: &DecisionItem, size: u32, majority: u32) -> Option<String> {
    let q = d.ev.text.to_lowercase();
    let sym = d.resolution.as_deref().unwrap_or("-");
    match d.tally.as_deref() {
        Some("without vote") => {
            (!q.contains("without")).then(|| format!("{sym}: \"without vote\" not quoted in {q:?}"))
        }
        Some(t) => {
            let Some([f, a, ab]) = tally(t) else {
                return Some(format!("{sym}: tally {t:?} is not for-against-abstaining"));
            };
            if f < majority || f + a + ab > size {
                Some(format!("{sym}: tally {t} cannot adopt"))
            } else if q.contains("unanimously") && !q.contains(t) && [f, a, ab] != [size, 0, 0] {
                Some(format!("{sym}: \"unanimously\" read as {t}"))
            } else {
                None
            }
        }
        None => (!(q.contains("consensus") || q.contains("acclamation")))
            .then(|| format!("{sym}: neither a tally nor a vote in words: {q:?}")),
    }
}

/// The first and last resolution numbers of each year
/// (`ontology/reference/resolution-numbers-by-year.csv`).
fn resolution_numbers() -> BTreeMap<u16, (u32, u32)> {
    let csv = std::fs::read_to_string(
        util::root().join("ontology/reference/resolution-numbers-by-year.csv"),
    )
    .expect("reference table");
    csv.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            Some((
                f.next()?.parse().ok()?,
                (f.next()?.parse().ok()?, f.next()?.parse().ok()?),
            ))
        })
        .collect()
}

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("regex"));
static BR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<\s*/?\s*br[^>]*>").expect("regex"));
static CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<t[dh][\s>]").expect("regex"));
/// Where a row starts or ends: a row's cells after a `</tr>` without a
/// `<tr>` of their own are a row too (HTML opens one for them).
static ROW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</?tr[\s>]").expect("regex"));
static CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Security\s+Council\s+in\s+(\d{4})").expect("regex"));
static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"S/PV\.(\d+)(?:\s*\(\s*(?:Resumption|Part)\s*(\w+)\s*\))?").expect("regex")
});
static RES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"S/RES/(\d+)\s*\(\s*(\d{4})\s*\)").expect("regex"));
static PRST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"S/PRST/\d{4}/\d+").expect("regex"));
/// A document marked as a presidential statement, as tables before 1993
/// write them: `S/14794 (PRST)`.
static MARKED_PRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(S/\d+)\s*\(PRST\)").expect("regex"));
static TALLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{1,2}").expect("regex"));
static DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("regex"));

/// Text of a piece of HTML: tags dropped, the few character references the
/// tables use decoded, white space collapsed; a line break (`<br>`) is a
/// `\n` (a line break in the source is white space).
fn text_of(html: &str) -> String {
    let t = BR.replace_all(html, "\u{1}");
    let t = TAG.replace_all(&t, " ");
    let t = t
        .replace("&nbsp;", " ")
        .replace("&eacute;", "é")
        .replace("&eacute", "é")
        .replace("&amp;", "&");
    t.split('\u{1}')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A record as the reader writes it: `S/PV.7450 (Resumption 1)`.
fn record(c: &regex::Captures<'_>) -> String {
    let n = &c[1];
    match c.get(2).map(|r| r.as_str()) {
        None => format!("S/PV.{n}"),
        Some(r) => {
            let r = match r {
                "I" => "1",
                "II" => "2",
                "III" => "3",
                "IV" => "4",
                r => r,
            };
            format!("S/PV.{n} (Resumption {r})")
        }
    }
}

/// One row of the raw table: its cells' texts and the meeting it belongs
/// to (its own record, or the one above for a continuing row).
#[derive(Debug)]
struct RawRow {
    cells: Vec<String>,
    own_record: Option<String>,
    meeting: Option<String>,
}

/// The raw reading of a table file.
struct Raw {
    year: u16,
    reverse: bool,
    rows: Vec<RawRow>,
}

/// The texts of each raw row's cells: rows split where a `<tr>` or a row's
/// first cell opens, cells where a `<td>` or `<th>` opens (string search,
/// not the reader's tokenizer).
fn raw_rows(html: &str) -> Vec<Vec<String>> {
    let starts: Vec<usize> = ROW.find_iter(html).map(|m| m.start()).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let chunk = &html[s..starts.get(i + 1).copied().unwrap_or(html.len())];
            let cs: Vec<usize> = CELL.find_iter(chunk).map(|m| m.start()).collect();
            cs.iter()
                .enumerate()
                .map(|(j, &a)| text_of(&chunk[a..cs.get(j + 1).copied().unwrap_or(chunk.len())]))
                .collect()
        })
        .collect()
}

/// The raw reading of a yearly table; `None` for a table whose caption
/// names no year (the veto list: see the veto list test in `html`).
fn raw(html: &str) -> Option<Raw> {
    let caption: u16 = CAPTION
        .captures(&text_of(html))
        .and_then(|c| c[1].parse().ok())?;
    // A caption that every dated symbol of the table contradicts (a page
    // saved with the next year's title) is a slip: the symbols' year is
    // the table's.
    let years: BTreeSet<&str> = RES
        .captures_iter(html)
        .filter_map(|c| c.get(2).map(|m| m.as_str()))
        .chain(PRST.find_iter(html).map(|m| &m.as_str()[7..11]))
        .collect();
    let year = match years.iter().collect::<Vec<_>>().as_slice() {
        [only] if only.parse::<u16>().ok() != Some(caption) => only.parse().expect("year"),
        _ => caption,
    };
    let reverse = html.contains("reverse chronological");
    let mut rows = Vec::new();
    let mut record_col = None;
    // "Letter with Vote Outcome": the record of a vote taken in writing.
    let mut letter_col = None;
    let mut width = 0;
    let mut meeting: Option<String> = None;
    for cells in raw_rows(html) {
        if record_col.is_none() {
            let lower: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
            if lower.iter().any(|c| c.contains("date")) {
                record_col = lower
                    .iter()
                    .position(|c| c.contains("record") || c.contains("meeting"));
                letter_col = lower
                    .iter()
                    .position(|c| c.contains("letter") && c.contains("outcome"));
                width = cells.len();
            }
            continue;
        }
        let Some(rc) = record_col else { continue };
        // A row with fewer cells than the header continues a meeting whose
        // record spans down into it; one cell is a note across the table.
        let own_record = if cells.len() == width {
            RECORD.captures(&cells[rc]).map(|c| record(&c))
        } else {
            None
        };
        if cells.len() <= 1 {
            continue;
        }
        if cells.len() == width && own_record.is_none() && !cells[rc].trim().is_empty() {
            // "--": a row without a meeting (a vote by letter), recorded
            // by the letter that states the outcome when there is one.
            meeting = letter_col
                .and_then(|l| DRAFT_SYMBOL.find(&cells[l]))
                .map(|m| m.as_str().to_string());
        }
        if own_record.is_some() {
            meeting.clone_from(&own_record);
        }
        rows.push(RawRow {
            cells,
            own_record,
            meeting: meeting.clone(),
        });
    }
    Some(Raw {
        year,
        reverse,
        rows,
    })
}

/// The resolution `S/RES/N (YYYY)` in the reader's canonical spelling.
fn res(n: &str, y: &str) -> String {
    format!("S/RES/{n} ({y})")
}

static VETO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)vetoed\s+by\s+([^\n\d]*)").expect("regex"));
static DRAFT_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"S/\d+(?:/\d+)?(?:/(?:Rev|Add|Corr)\.\d+)*").expect("regex"));

/// The votes against drafts a cell's text states: for each "vetoed by",
/// the members named after it on its line (split on commas and "and"),
/// times the drafts with a symbol since the last "draft resolution" before
/// it (a draft the table names by its meeting only has nothing to vote
/// on).
fn veto_votes(cell: &str) -> usize {
    let lower = cell.to_lowercase();
    VETO.captures_iter(cell)
        .map(|c| {
            let names = c[1]
                .replace(" and ", ",")
                .split(',')
                .filter(|n| !n.trim().is_empty())
                .count();
            let at = c.get(0).map_or(0, |m| m.start());
            let from = lower[..at].rfind("draft resolution").unwrap_or(0);
            let drafts: BTreeSet<&str> = DRAFT_SYMBOL
                .find_iter(&cell[from..at])
                .map(|m| m.as_str())
                .collect();
            names * drafts.len()
        })
        .sum()
}

/// The report of one table: counts and disagreements.
#[derive(Default)]
struct Report {
    meetings: usize,
    record_rows: usize,
    resolutions_found: usize,
    resolutions_listed: usize,
    out_of_year: usize,
    statements_found: usize,
    statements_listed: usize,
    not_adopted: usize,
    vetoed: usize,
    vetoes_listed: usize,
    votes: usize,
    votes_expected: usize,
    without_meeting: usize,
    problems: Vec<String>,
    notes: Vec<String>,
}

/// Checks one table file against its raw reading.
fn check(path: &Path) -> Option<(u16, Report)> {
    let html = String::from_utf8_lossy(&util::read(path)).into_owned();
    let raw = raw(&html)?;
    let year = raw.year;
    let numbers = resolution_numbers();
    let its = items(path);
    let ds = decisions(&its);
    let mut r = Report::default();
    let mut problems = Vec::new();
    let mut notes = Vec::new();

    // Resolutions and statements each row lists, with the row's meeting.
    let mut listed_res: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut listed_prst: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut out_of_year = BTreeSet::new();
    let mut vote_stated = BTreeSet::new();
    let mut row_text = String::new();
    for row in &raw.rows {
        let text = row
            .cells
            .iter()
            .skip(usize::from(row.own_record.is_some()))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        for c in RES.captures_iter(&text) {
            let (n, y): (u32, u16) = (c[1].parse().expect("n"), c[2].parse().expect("y"));
            // The vote the table states for it: a tally or words, before the
            // next symbol.
            let after = &text[c.get(0).map_or(0, |m| m.end())..];
            let upto = after.find("S/").unwrap_or(after.len());
            let said = after[..upto].to_lowercase();
            if TALLY.is_match(&said)
                || [
                    "unanimously",
                    "without vote",
                    "without a vote",
                    "consensus",
                    "acclamation",
                ]
                .iter()
                .any(|w| said.contains(w))
            {
                vote_stated.insert(res(&c[1], &c[2]));
            }
            let in_range = numbers.get(&y).is_some_and(|&(a, b)| (a..=b).contains(&n));
            if y == year && in_range {
                listed_res.insert(res(&c[1], &c[2]), row.meeting.clone());
            } else {
                out_of_year.insert(res(&c[1], &c[2]));
            }
        }
        for m in PRST.find_iter(&text) {
            listed_prst.insert(m.as_str().to_string(), row.meeting.clone());
        }
        for c in MARKED_PRST.captures_iter(&text) {
            listed_prst.insert(c[1].to_string(), row.meeting.clone());
        }
        row_text.push_str(&text);
        row_text.push('\n');
    }
    r.resolutions_listed = listed_res.len();
    r.statements_listed = listed_prst.len();
    r.out_of_year = out_of_year.len();

    let (size, majority) = council(year);
    let mut found_res = BTreeMap::new();
    let mut found_prst = BTreeMap::new();
    for d in ds.iter().filter(|d| d.outcome == Outcome::Adopted) {
        let Some(sym) = d.resolution.as_deref() else {
            problems.push(format!("adopted decision without a text: {:?}", d.ev.text));
            continue;
        };
        match &d.date {
            Some(date) if DATE.is_match(date) && date.starts_with(&year.to_string()) => {}
            other => problems.push(format!("{sym}: date {other:?} not in {year}")),
        }
        if listed_res.contains_key(sym) {
            found_res.insert(sym.to_string(), d.meeting.clone());
            let states_vote = vote_stated.contains(sym);
            if (states_vote || d.tally.is_some())
                && let Some(p) = vote_problem(d, size, majority)
            {
                problems.push(p);
            }
        } else if listed_prst.contains_key(sym) {
            found_prst.insert(sym.to_string(), d.meeting.clone());
        } else if out_of_year.contains(sym) {
            // Listed by the table, but not a resolution of its year.
        } else {
            problems.push(format!("adopted {sym} is not listed in its table"));
        }
    }
    r.resolutions_found = found_res.len();
    r.statements_found = found_prst.len();
    for (sym, m) in &listed_res {
        match found_res.get(sym) {
            None => problems.push(format!("{sym} listed (row of {m:?}) but no decision")),
            Some(got) if got != m => {
                problems.push(format!("{sym}: meeting {got:?}, its row says {m:?}"))
            }
            _ => {}
        }
    }
    for (sym, m) in &listed_prst {
        match found_prst.get(sym) {
            None => problems.push(format!(
                "statement {sym} listed (row of {m:?}) but no decision"
            )),
            Some(got) if got != m => problems.push(format!(
                "statement {sym}: meeting {got:?}, its row says {m:?}"
            )),
            _ => {}
        }
    }

    // Meetings: as many distinct as rows naming a record, dated in the
    // year, in the table's order.
    let record_rows: BTreeSet<&str> = raw
        .rows
        .iter()
        .filter_map(|r| r.own_record.as_deref())
        .collect();
    r.record_rows = record_rows.len();
    let mut meetings: BTreeSet<&str> = BTreeSet::new();
    let mut last: Option<&str> = None;
    for i in &its {
        let Item::Meeting(m) = i else { continue };
        meetings.insert(&m.meeting);
        let Some(date) = m.date.as_deref() else {
            problems.push(format!("{}: no date", m.meeting));
            continue;
        };
        if !date.starts_with(&year.to_string()) {
            problems.push(format!("{}: date {date} not in {year}", m.meeting));
        }
        // Out of order is the table's own slip (a row dated 30 October
        // between two of 10 November): a note.
        if let Some(prev) = last
            && raw.reverse
            && date > prev
        {
            notes.push(format!(
                "{}: {date} after {prev} in a table in reverse chronological order",
                m.meeting
            ));
        }
        last = Some(date);
    }
    r.meetings = meetings.len();
    if meetings != record_rows {
        let missing: Vec<_> = record_rows.difference(&meetings).collect();
        let extra: Vec<_> = meetings.difference(&record_rows).collect();
        problems.push(format!(
            "meetings: {} read, {} rows with a record; missing {missing:?}, extra {extra:?}",
            meetings.len(),
            record_rows.len()
        ));
    }

    // Failed drafts and vetoes.
    let lower = row_text.to_lowercase();
    let expected_vetoed = lower.matches("vetoed").count();
    let vetoed: Vec<_> = ds.iter().filter(|d| d.outcome == Outcome::Vetoed).collect();
    let not_adopted: Vec<_> = ds
        .iter()
        .filter(|d| d.outcome == Outcome::NotAdopted)
        .collect();
    r.vetoed = vetoed.len();
    r.vetoes_listed = expected_vetoed;
    r.not_adopted = not_adopted.len();
    if vetoed.len() != expected_vetoed {
        problems.push(format!(
            "{} vetoed drafts read, {expected_vetoed} \"vetoed\" in the table",
            vetoed.len()
        ));
    }
    // A veto whose words a tally follows (before the next draft or text)
    // has that tally.
    let vetoes_with_tally = lower
        .match_indices("vetoed")
        .filter(|(i, _)| {
            let rest = &lower[*i..];
            let end = ["draft resolution", "s/res/", "s/prst/", "vetoed by"]
                .iter()
                .filter_map(|w| rest[6..].find(w).map(|j| j + 6))
                .min()
                .unwrap_or(rest.len());
            TALLY.is_match(&rest[..end])
        })
        .count();
    let with_tally = vetoed.iter().filter(|d| d.tally.is_some()).count();
    if with_tally != vetoes_with_tally {
        problems.push(format!(
            "{with_tally} vetoes read with a tally, {vetoes_with_tally} stated"
        ));
    }
    // A tally that contradicts its outcome is the table's own (the
    // evidence quotes it next to the outcome words): a note, not a
    // reading error. A decision without a meeting is one of a row without
    // a record (a vote by letter), dated by its row.
    for d in &vetoed {
        if let Some(t) = &d.tally {
            let Some([f, a, ab]) = tally(t) else {
                problems.push(format!("veto with tally {t:?}: {:?}", d.ev.text));
                continue;
            };
            if a == 0 || f + a + ab > size {
                notes.push(format!("veto with tally {t}: {:?}", d.ev.text));
            }
        }
        if d.vetoed_by.is_empty() || d.date.is_none() {
            problems.push(format!("veto without members or date: {d:?}"));
        }
    }
    for d in &not_adopted {
        if let Some(t) = &d.tally {
            let Some([f, a, ab]) = tally(t) else {
                problems.push(format!("failed draft with tally {t:?}: {:?}", d.ev.text));
                continue;
            };
            if f >= majority || f + a + ab > size {
                notes.push(format!("not adopted with tally {t}: {:?}", d.ev.text));
            }
        }
        if d.date.is_none() {
            problems.push(format!("failed draft without a date: {d:?}"));
        }
    }
    r.without_meeting = ds.iter().filter(|d| d.meeting.is_none()).count();
    // Each member named as vetoing a draft with a symbol is a vote against
    // it by a permanent member.
    const P5: [&str; 6] = [
        "state/china",
        "state/france",
        "state/russian-federation",
        "state/union-of-soviet-socialist-republics",
        "state/united-kingdom",
        "state/united-states",
    ];
    let votes_expected: usize = raw
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| veto_votes(c))
        .sum();
    let votes: Vec<_> = its
        .iter()
        .filter_map(|i| match i {
            Item::Vote(v) => Some(v),
            _ => None,
        })
        .collect();
    r.votes = votes.len();
    r.votes_expected = votes_expected;
    if votes.len() != votes_expected {
        problems.push(format!(
            "{} votes against vetoed drafts, {votes_expected} members named",
            votes.len()
        ));
    }
    for v in &votes {
        if !P5.contains(&v.member.as_str()) {
            problems.push(format!(
                "veto by {} ({}) on {}",
                v.member, v.member_label, v.on
            ));
        }
    }
    // Nothing invented: every decision's symbol is written in its table.
    let flat: String = row_text.split_whitespace().collect();
    for d in &ds {
        for s in [d.resolution.as_deref(), d.draft.as_deref()]
            .into_iter()
            .flatten()
        {
            let short = s.split(" (").next().unwrap_or(s).replace(' ', "");
            if !flat.contains(&short) {
                problems.push(format!("decision on {s}, which its table does not write"));
            }
        }
    }
    r.problems = problems;
    r.notes = notes;
    Some((year, r))
}

/// Checks the veto list ("Security Council - Veto List": date, draft,
/// record, agenda item, the permanent members casting the negative vote)
/// against its raw rows: one vetoed decision per row, dated, with the
/// members of its last cell, and a vote against the draft for each member
/// when the draft cell names a draft. `None` when the file is not the veto
/// list.
fn check_veto_list(path: &Path) -> Option<Vec<String>> {
    let html = String::from_utf8_lossy(&util::read(path)).into_owned();
    let mut header: Option<(usize, usize, usize)> = None;
    let (mut rows, mut votes_expected) = (0, 0);
    let mut drafts: BTreeSet<String> = BTreeSet::new();
    for cells in raw_rows(&html) {
        let lower: Vec<String> = cells.iter().map(|c| c.to_lowercase()).collect();
        let Some((width, d, v)) = header else {
            let d = lower.iter().position(|c| c == "draft");
            let v = lower.iter().position(|c| c.contains("negative vote"));
            if let (Some(d), Some(v)) = (d, v) {
                header = Some((cells.len(), d, v));
            }
            continue;
        };
        if cells.len() != width {
            continue;
        }
        rows += 1;
        let names = cells[v]
            .replace(" and ", ",")
            .replace('\n', ",")
            .split(',')
            .filter(|n| !n.trim().is_empty())
            .count();
        if let Some(m) = DRAFT_SYMBOL.find(&cells[d]) {
            votes_expected += names;
            drafts.insert(m.as_str().to_string());
        }
    }
    header?;
    let its = items(path);
    let ds = decisions(&its);
    let mut problems = Vec::new();
    let vetoed = ds.iter().filter(|d| d.outcome == Outcome::Vetoed).count();
    if vetoed != rows || ds.len() != rows {
        problems.push(format!(
            "{vetoed} vetoed drafts of {} decisions read, {rows} rows",
            ds.len()
        ));
    }
    let read: BTreeSet<String> = ds.iter().filter_map(|d| d.draft.clone()).collect();
    if read != drafts {
        problems.push(format!(
            "drafts: missing {:?}, extra {:?}",
            drafts.difference(&read).collect::<Vec<_>>(),
            read.difference(&drafts).collect::<Vec<_>>()
        ));
    }
    for d in &ds {
        if d.date.is_none() || d.vetoed_by.is_empty() {
            problems.push(format!("veto without a date or members: {:?}", d.ev.text));
        }
    }
    let votes = its.iter().filter(|i| matches!(i, Item::Vote(_))).count();
    if votes != votes_expected {
        problems.push(format!(
            "{votes} votes against the drafts, {votes_expected} members named"
        ));
    }
    Some(problems)
}

// Each table (the committed three, or the folder `UNSC_TABLES` names) reads
// as its raw text says: resolutions, statements, meetings, dates, failed
// drafts, vetoes and the vetoing members' votes; the report says, per year,
// what was found of what is listed.
#[test]
fn tables_read_as_their_raw_text_says() {
    let mut report = String::new();
    let mut failed = 0;
    for path in tables() {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let Some((year, r)) = check(&path) else {
            match check_veto_list(&path) {
                Some(problems) => {
                    let _ = writeln!(report, "{name}: the veto list, {} problems", problems.len());
                    for p in &problems {
                        let _ = writeln!(report, "    {p}");
                    }
                    failed += problems.len();
                }
                None => {
                    let _ = writeln!(
                        report,
                        "{name}: not a yearly table (no year in its caption)"
                    );
                }
            }
            continue;
        };
        let _ = writeln!(
            report,
            "{year} ({}): {} meetings ({} rows with a record), resolutions {}/{} listed ({} of other years), statements {}/{}, {} not adopted, vetoed {}/{}, veto votes {}/{}, {} decisions without a meeting, {} problems",
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            r.meetings,
            r.record_rows,
            r.resolutions_found,
            r.resolutions_listed,
            r.out_of_year,
            r.statements_found,
            r.statements_listed,
            r.not_adopted,
            r.vetoed,
            r.vetoes_listed,
            r.votes,
            r.votes_expected,
            r.without_meeting,
            r.problems.len()
        );
        for p in &r.problems {
            let _ = writeln!(report, "    {p}");
        }
        for n in &r.notes {
            let _ = writeln!(report, "    note: {n}");
        }
        failed += r.problems.len();
    }
    println!("{report}");
    assert_eq!(failed, 0, "{report}");
}
