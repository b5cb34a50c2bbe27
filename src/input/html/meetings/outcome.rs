//! What an outcome cell of a meetings table states, in order: symbols,
//! outcome words ("not adopted", "vetoed by"), vote words and tallies,
//! paired into decisions (see the parent module for the rules).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::citations::canonical_target;
use crate::extract::votes::adoption::Stated;
use crate::input::html::page::Cell;
use crate::model::Outcome;

/// Symbols an outcome or topic cell may name: resolutions, presidential
/// statements, meeting records, documents (`S/2015/562`, `S/1159`), with
/// revisions.
pub(super) static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"S/(?:RES/\d+\s*\(\s*\d{4}\s*\)|PRST/\d{4}/\d+|PV\.\d+(?:\s*\((?:Resumption|Part)[^)]{0,20}\))?|\d{4}/\d+|\d+)(?:/(?:Rev|Add|Corr)\.\d+)*",
    )
    .expect("valid regex")
});
/// The dashes a tally may be written with, as the inside of a character
/// class: hyphen, the Unicode dashes, minus sign.
const DASH: &str = r"\-\u{2010}-\u{2015}\u{2212}";
/// A tally, for-against-abstaining: `8-0-3`, with any dash (typeset tables
/// use them all) and spaces around it. What follows it is checked apart
/// (see [`ends_a_tally`]): a link's text may follow with no space at all
/// (`15-0-0</a><a>S/PRST/2002/37`).
static TALLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:^|[^\d/.{DASH}])(\d{{1,2}})\s*[{DASH}]\s*(\d{{1,2}})\s*[{DASH}]\s*(\d{{1,2}})"
    ))
    .expect("valid regex")
});

/// Whether `rest`, the text after a tally's last number, lets it end
/// there: not another digit or a dash (`15-0-100`, `1-2-3-4` are not
/// tallies).
fn ends_a_tally(rest: &str) -> bool {
    static NEXT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(&format!(r"^[\d{DASH}]")).expect("valid regex"));
    !NEXT.is_match(rest)
}
/// The mark with which tables before 1993 (when statements got symbols of
/// their own) write a presidential statement: its document's symbol, then
/// "(PRST)" (`S/14794 (PRST)`, the mark inside or after the link).
static STATEMENT_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(\s*PRST\s*\)").expect("valid regex"));
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
    Regex::new(
        r"(?i)(?:adopted\s+)?(?:unanimously|without\s+(?:a\s+)?vote|by\s+consensus|by\s+acclamation)",
    )
        .expect("valid regex")
});
/// The canonical form of a symbol as a cell writes it, white space (a
/// line break inside a cell) collapsed first.
pub(super) fn symbol(written: &str) -> String {
    let flat = written.split_whitespace().collect::<Vec<_>>().join(" ");
    canonical_target(&flat).unwrap_or(flat)
}

/// What an outcome cell states, in order.
#[derive(Debug, Clone)]
enum Event {
    Draft,
    Symbol(String),
    /// A document marked as a presidential statement (`S/14794 (PRST)`).
    MarkedStatement(String),
    Tally(String),
    /// A vote in words; what it states when it is a vote of the Council
    /// ("unanimously", "without vote"), not a procedure ("by consensus").
    VoteWords(Option<Stated>),
    NotAdopted,
    Vetoed(Vec<String>),
}

/// One decision read from an outcome cell.
#[derive(Debug, Clone)]
pub(super) struct Outcome1 {
    pub(super) symbol: Option<String>,
    pub(super) kind: Kind,
    pub(super) outcome: Outcome,
    pub(super) tally: Option<String>,
    /// The vote stated in words instead of a tally, when the cell states
    /// one: its tally is the adoption line's ("unanimously": the Council
    /// of the year in favour; "without vote").
    pub(super) stated: Option<Stated>,
    pub(super) vetoed_by: Vec<String>,
    /// Plain span: from the opening words to the last thing that belongs
    /// to it.
    pub(super) span: Range<usize>,
    /// Plain span of the veto words, when vetoed by named members.
    pub(super) veto_span: Option<Range<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
        let document =
            !sym.starts_with("S/RES/") && !sym.starts_with("S/PRST/") && !sym.starts_with("S/PV.");
        match STATEMENT_MARK.find(&text[m.end()..]) {
            Some(mark) if document => ev.push((
                base + m.start()..base + m.end() + mark.end(),
                Event::MarkedStatement(sym),
            )),
            _ => ev.push((base + m.start()..base + m.end(), Event::Symbol(sym))),
        }
    }
    for c in TALLY.captures_iter(text) {
        let (Some(a), Some(b), Some(n)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        if !ends_a_tally(&text[n.end()..]) {
            continue;
        }
        let t = format!("{}-{}-{}", a.as_str(), b.as_str(), n.as_str());
        ev.push((base + a.start()..base + n.end(), Event::Tally(t)));
    }
    for m in VOTE_WORDS.find_iter(text) {
        let words = m.as_str().to_lowercase();
        let stated = if words.contains("unanimously") {
            Some(Stated::Unanimous)
        } else if words.contains("vote") {
            Some(Stated::WithoutVote)
        } else {
            None
        };
        ev.push((base + m.start()..base + m.end(), Event::VoteWords(stated)));
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
        // The names may run over a line break of the source ("USA, UK
        // and\n\t\tFrance"): white space collapsed, so that the conjunction
        // joins them.
        let names_text = plain[from..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let names: Vec<String> = crate::extract::votes::names::split(&names_text)
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

/// Reads an outcome cell into its decisions; `vote`, a vote column of its
/// own (the tables of recent years: "Security Council Outcome" then
/// "Vote"), is read as if it closed the outcome cell: its tally or vote
/// words belong to the decision(s) just before, and their evidence runs
/// from the outcome to the tally.
pub(super) fn outcomes(plain: &str, cell: &Cell, vote: Option<&Cell>) -> Vec<Outcome1> {
    let mut out: Vec<Outcome1> = Vec::new();
    // The drafts of the open group (index range into `out` once decided):
    // symbols and the group's start.
    let mut group: Option<Group> = None;
    // Indices of the outcome(s) a following tally belongs to.
    let mut last: Vec<usize> = Vec::new();
    let mut evs = events(plain, cell);
    if let Some(v) = vote {
        evs.extend(
            events(plain, v)
                .into_iter()
                .filter(|(_, e)| matches!(e, Event::Tally(_) | Event::VoteWords(_))),
        );
    }
    for (span, e) in evs {
        match e {
            Event::Draft => {
                group = Some((span.start, Vec::new()));
                last.clear();
            }
            Event::Symbol(_) | Event::MarkedStatement(_) => {
                let (sym, kind) = match e {
                    Event::MarkedStatement(sym) => (sym, Some(Kind::Statement)),
                    Event::Symbol(sym) if sym.starts_with("S/RES/") => {
                        (sym, Some(Kind::Resolution))
                    }
                    Event::Symbol(sym) if sym.starts_with("S/PRST/") => {
                        (sym, Some(Kind::Statement))
                    }
                    Event::Symbol(sym) => (sym, None),
                    _ => continue,
                };
                if let Some(kind) = kind {
                    group = None;
                    out.push(Outcome1 {
                        symbol: Some(sym),
                        kind,
                        outcome: Outcome::Adopted,
                        tally: None,
                        stated: None,
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
                        stated: None,
                        vetoed_by: names.clone(),
                        span: start..span.end,
                        veto_span: veto_span.clone(),
                    });
                    last.push(out.len() - 1);
                }
            }
            Event::VoteWords(stated) => {
                for &i in &last {
                    if out[i].tally.is_none() {
                        out[i].span.start = out[i].span.start.min(span.start);
                        out[i].span.end = out[i].span.end.max(span.end);
                        out[i].stated = out[i].stated.take().or_else(|| stated.clone());
                    }
                }
            }
            Event::Tally(t) => {
                for &i in &last {
                    if out[i].tally.is_none() {
                        out[i].tally = Some(t.clone());
                        out[i].span.start = out[i].span.start.min(span.start);
                        out[i].span.end = out[i].span.end.max(span.end);
                    }
                }
                last.clear();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Symbol, outcome, tally and vetoing members of each decision.
    type Read = (Option<String>, Outcome, Option<String>, Vec<String>);

    /// The page of a one-cell table holding `html`, and the cell's outcomes.
    fn read_cell(html: &str) -> (crate::input::html::page::Page, Vec<Outcome1>) {
        let page =
            crate::input::html::page::read(&format!("<table><tr><td>{html}</td></tr></table>"));
        let got = outcomes(&page.plain, &page.tables[0].rows[0].cells[0], None);
        (page, got)
    }

    fn cell_outcomes(html: &str) -> Vec<Read> {
        read_cell(html)
            .1
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
        let (page, got) =
            read_cell("<a>S/RES/963 (1994)</a><br>\n without vote<br><a>S/PRST/1994/73</a>");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].tally, None);
        assert!(page.plain[got[0].span.clone()].ends_with("without vote"));
        assert_eq!(got[1].symbol, s("S/PRST/1994/73"));
    }

    #[test]
    fn a_vote_by_acclamation_is_quoted() {
        let (page, got) = read_cell("S/RES/1715 (2006)<br>adopted by acclamation");
        assert_eq!(got.len(), 1);
        assert!(page.plain[got[0].span.clone()].ends_with("adopted by acclamation"));
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
    fn a_tally_right_before_a_link_is_read() {
        // 2002: "15-0-0<a>S/PRST/2002/37</a>", no space between them.
        assert_eq!(
            cell_outcomes("S/RES/1451 (2002)</a><br>\n 15-0-0<a>S/PRST/2002/37</a>"),
            vec![
                (
                    s("S/RES/1451 (2002)"),
                    Outcome::Adopted,
                    s("15-0-0"),
                    vec![]
                ),
                (s("S/PRST/2002/37"), Outcome::Adopted, None, vec![]),
            ]
        );
        // Not a tally: a fourth part, a third number of three digits.
        assert_eq!(
            cell_outcomes("S/RES/9 (1946)<br>1-2-3-4 10-0-100"),
            vec![(s("S/RES/9 (1946)"), Outcome::Adopted, None, vec![])]
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
}
