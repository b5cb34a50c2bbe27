//! The adoption line of a resolution ("Adopted by the Security Council at
//! its 3716th meeting, on 27 November 1996"; "Adopted at the 856th meeting
//! by 9 votes to none, with 2 abstentions (France, United Kingdom ...)";
//! "Adopted unanimously at the 631st Meeting.") as a fact: the meeting
//! (`S/PV.3716`), the date and the vote as stated.
//!
//! The line is read from its grammar, not from one layout: "adopted",
//! optionally "unanimously" and "by the Security Council", then "at its" or
//! "at the" and an ordinal meeting number (any ordinal suffix, for the
//! "4683th" of some texts), optionally "held", then "on" (or "of") and the
//! date. The vote follows in the same sentence: "unanimously", "without
//! (a) vote", "by N votes to M (names), with K abstentions (names)" or "by
//! a vote of N to M, with K abstentions". "Unanimously" counts the members
//! the Council had that year: 11 until 1965, 15 from 1966 (the enlargement
//! of the Charter's Article 23 in force on 31 August 1965 took effect with
//! the 1966 elections).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Cast, Sink, names};
use crate::extract::identity::Identity;
use crate::extract::language::WORDS;
use crate::model::{DecisionItem, DocumentItem, Item, Outcome, Position};
use crate::rules;
use crate::text::{BlockKind, Text};

/// An adoption line: where it is and what it states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adoption {
    /// Normalized span of the statement (the line and its vote).
    pub span: Range<usize>,
    /// The meeting record (`S/PV.3716`), when the line names the meeting.
    pub meeting: Option<String>,
    /// The ISO date, when the line gives it.
    pub date: Option<String>,
    /// The vote as stated.
    pub vote: Option<Stated>,
}

/// A vote as an adoption line states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stated {
    /// "unanimously": every member in favour.
    Unanimous,
    /// "without (a) vote".
    WithoutVote,
    /// "by N votes to M (names), with K abstentions (names)".
    Counts {
        /// Votes in favour, against, abstentions.
        counts: [usize; 3],
        /// The names of those against, as a normalized span.
        against: Option<Range<usize>>,
        /// The names of the abstaining members, as a normalized span.
        abstaining: Option<Range<usize>>,
    },
}

impl Stated {
    /// The tally as `for-against-abstaining`, or "without vote"; the
    /// members of the Council in `year` for "unanimously".
    pub fn tally(&self, year: Option<u16>) -> Option<String> {
        match self {
            Stated::Unanimous => year.map(|y| format!("{}-0-0", council_size(y))),
            Stated::WithoutVote => Some("without vote".to_string()),
            Stated::Counts { counts, .. } => {
                Some(format!("{}-{}-{}", counts[0], counts[1], counts[2]))
            }
        }
    }
}

/// How many members the Council had in `year`: 11, then 15 from 1966.
pub fn council_size(year: u16) -> usize {
    if year < 1966 { 11 } else { 15 }
}

/// The English month names (from `ontology/language/en.tsv`) as a regex
/// alternation, as the record prints them in dates.
pub static MONTHS: LazyLock<String> = LazyLock::new(|| WORDS.month_alternation(Some("en")));

/// The adoption statement itself.
static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    Regex::new(&format!(
        r"\b[Aa]dopted(?P<unan>\s+unanimously)?(?P<novote>\s+without\s+(?:a\s+)?vote)?(?P<council>\s+by\s+the\s+Security\s+Coun\w*)?(?:\s*,?\s*at\s+(?:its|the)\s+(?P<n>\d{{1,5}})\s*(?:st|nd|rd|th|d)\.?\s*[Mm]eeting)?(?:\s*,?\s*held)?(?:\s*,?\s*o[nfr]\s+(?P<date>\d{{1,2}}\s+(?:{months})\s*,?\s+[0-9IlOo]{{4}}))?"
    ))
    .expect("valid regex")
});

/// The vote after the statement (anchored where the statement ends).
static VOTE: LazyLock<Regex> = LazyLock::new(|| {
    const N: &str = r"\d{1,2}|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen";
    Regex::new(&format!(
        r"^\s*,?\s*(?:(?P<unan>unanimously)|(?P<novote>without\s+(?:a\s+)?vote)|by\s+(?:a\s+vote\s+of\s+)?(?P<f>{N})(?:\s+votes?)?\s+to\s+(?P<a>{N})(?:\s*\((?P<al>[^)]*)\))?(?:\s*,?\s*(?:with|and)\s+(?P<x>{N})\s+abstentions?(?:\s*\((?P<xl>[^)]*)\))?)?)"
    ))
    .expect("valid regex")
});

/// Whether a block opens with a paragraph number ("1. Decides", "2)").
fn numbered(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
}

/// How many following blocks a wrapped adoption statement may take.
const CONTINUATION: usize = 3;

/// Finds the adoption line among `blocks`: the first statement that names
/// a meeting, or says "by the Security Council" with a date. Masthead
/// blocks (a catalogue's copy of the line) are not read.
pub fn find(text: &Text, blocks: Range<usize>) -> Option<Adoption> {
    let norm = &text.norm;
    for (i, b) in norm.blocks[blocks.clone()].iter().enumerate() {
        if b.kind == BlockKind::Masthead {
            continue;
        }
        if !norm.block_text(b).contains("dopted") {
            continue;
        }
        // The statement may wrap: its date and vote can be on the next
        // lines (a PDF's, or a standalone adoption line's), up to the
        // enacting formula or a numbered paragraph.
        let mut end = b.end;
        for nb in norm.blocks[blocks.start + i + 1..blocks.end]
            .iter()
            .take(CONTINUATION)
        {
            let nt = norm.block_text(nb);
            if !matches!(nb.kind, BlockKind::Text | BlockKind::Masthead)
                || nt.starts_with("The ")
                || numbered(nt)
            {
                break;
            }
            end = nb.end;
        }
        let t = &norm.text[b.start..end];
        for c in ADOPTED.captures_iter(t) {
            if c.get(0).is_some_and(|m| m.start() >= b.end - b.start) {
                break;
            }
            let n = c.name("n");
            let date = c.name("date");
            if n.is_none() && !(c.name("council").is_some() && date.is_some()) {
                continue;
            }
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let mut end = whole.end;
            let mut vote = match (c.name("unan"), c.name("novote")) {
                (Some(_), _) => Some(Stated::Unanimous),
                (None, Some(_)) => Some(Stated::WithoutVote),
                _ => None,
            };
            if let Some(v) = VOTE.captures(&t[end..]) {
                let at = end;
                end = at + v.get(0).map_or(0, |m| m.end());
                let span = |name: &str| {
                    v.name(name)
                        .filter(|m| !m.as_str().trim().is_empty())
                        .map(|m| b.start + at + m.start()..b.start + at + m.end())
                };
                vote = Some(if v.name("unan").is_some() {
                    Stated::Unanimous
                } else if v.name("novote").is_some() {
                    Stated::WithoutVote
                } else {
                    let count = |name: &str| {
                        v.name(name)
                            .map_or(0, |m| super::meeting::number(m.as_str()))
                    };
                    Stated::Counts {
                        counts: [count("f"), count("a"), count("x")],
                        against: span("al"),
                        abstaining: span("xl"),
                    }
                });
            }
            return Some(Adoption {
                span: b.start + whole.start..b.start + end,
                meeting: n.map(|m| format!("S/PV.{}", m.as_str().trim_start_matches('0'))),
                date: date.and_then(|d| lenient_date(d.as_str())),
                vote,
            });
        }
    }
    None
}

/// Whether `s` opens with an adoption statement (one that names its
/// meeting, or says "by the Security Council" and gives its date).
pub fn statement_at_start(s: &str) -> bool {
    ADOPTED.captures(s).is_some_and(|c| {
        c.get(0).is_some_and(|m| m.start() == 0)
            && (c.name("n").is_some() || c.name("council").is_some() && c.name("date").is_some())
    })
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({months})\s*,?\s+([0-9IlOo]{{4}})(?:\b|[^\w])"
    ))
    .expect("valid regex")
});

/// A date as written in old texts and OCR ("23 September I981"): the
/// first "D Month YYYY" in `s`, with `I`/`l` read as 1 and `O` as 0 in the
/// year; as an ISO date.
pub fn lenient_date(s: &str) -> Option<String> {
    lenient_date_at(s).map(|(d, _)| d)
}

/// [`lenient_date`], with the byte range of the date in `s`.
pub fn lenient_date_at(s: &str) -> Option<(String, Range<usize>)> {
    let c = DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = WORDS.month_number(&c[2])?;
    let year = ocr_digits(&c[3])?;
    let whole = c.get(0)?;
    let end = whole.start()
        + whole
            .as_str()
            .trim_end_matches(|ch: char| !ch.is_alphanumeric())
            .len();
    (1..=31)
        .contains(&day)
        .then(|| (format!("{year}-{month:02}-{day:02}"), whole.start()..end))
}

/// Digits as OCR writes them: `I` and `l` for 1, `O` and `o` for 0.
pub fn ocr_digits(s: &str) -> Option<String> {
    s.chars()
        .map(|c| match c {
            'I' | 'l' => Some('1'),
            'O' | 'o' => Some('0'),
            c if c.is_ascii_digit() => Some(c),
            _ => None,
        })
        .collect()
}

/// Members named as not voting, in a note on the adoption ("Two members
/// (Egypt, India) did not participate in the voting; one member (Union of
/// Soviet Socialist Republics) was absent."): the names, and `absent` for
/// the second kind.
static NOT_VOTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bmembers?\s*\((?P<names>[^()]{2,300})\)\s*(?:(?P<absent>(?:was|were)\s+absent)|did\s+not\s+(?:participate|take\s+part)\s+in\s+the\s+vot(?:e|ing))",
    )
    .expect("valid regex")
});

/// The decision a resolution's text records: adopted, as `idn.symbol`, at
/// the meeting and on the date its adoption line gives (or on the date its
/// heading gives, when it names no meeting), with the tally the line
/// states and a [`VoteItem`] for each member it names: against and
/// abstaining in the line, not participating or absent in a note after it
/// within the document's normalized range `within`.
///
/// [`VoteItem`]: crate::model::VoteItem
pub fn emit(
    text: &Text,
    doc: &DocumentItem,
    idn: &Identity,
    within: Range<usize>,
    out: &mut Vec<Item>,
) {
    let year = idn
        .date
        .as_ref()
        .and_then(|(d, _)| d.get(..4)?.parse().ok());
    let on = idn
        .draft
        .as_ref()
        .map_or(idn.symbol.clone(), |(d, _)| d.clone());
    let (span, rule) = match (&idn.adoption, &idn.date) {
        (Some(a), _) => (a.span.clone(), rules::DECISION_ADOPTION_LINE),
        (None, Some((_, r))) => (r.clone(), rules::DECISION_RESOLUTION_DATE),
        (None, None) => return,
    };
    let ev = text.evidence(span.start, span.end, rule);
    let adoption = idn.adoption.as_ref();
    let date = adoption
        .and_then(|a| a.date.clone())
        .or_else(|| idn.date.as_ref().map(|(d, _)| d.clone()));
    out.push(Item::Decision(DecisionItem {
        doc: doc.id.clone(),
        draft: idn.draft.as_ref().map(|(d, _)| d.clone()),
        outcome: Outcome::Adopted,
        resolution: Some(idn.symbol.clone()),
        tally: adoption.and_then(|a| a.vote.as_ref()?.tally(year)),
        meeting: adoption.and_then(|a| a.meeting.clone()),
        date,
        sponsors: Vec::new(),
        vetoed_by: Vec::new(),
        ev,
    }));
    let Some(a) = adoption else { return };
    let mut lists = Vec::new();
    if let Some(Stated::Counts {
        against,
        abstaining,
        ..
    }) = &a.vote
    {
        for (position, span) in [
            (Position::Against, against),
            (Position::Abstaining, abstaining),
        ] {
            if let Some(span) = span {
                lists.push((position, span.clone(), rules::VOTE_ADOPTION_LINE));
            }
        }
    }
    let from = a.span.end.max(within.start).min(within.end);
    for c in NOT_VOTING.captures_iter(&text.norm.text[from..within.end]) {
        let Some(names) = c.name("names") else {
            continue;
        };
        let position = if c.name("absent").is_some() {
            Position::Absent
        } else {
            Position::NotParticipating
        };
        let span = from + names.start()..from + names.end();
        lists.push((position, span, rules::VOTE_ADOPTION_NOTE));
    }
    let mut sink = Sink::default();
    let mut casts = Vec::new();
    for (position, span, rule) in lists {
        let list = &text.norm.text[span.clone()];
        for name in names::split(list) {
            let range = span.start + name.range.start..span.start + name.range.end;
            for (member, r) in super::resolve_list(text, &doc.id, &name, range, year, &mut sink) {
                casts.push(Cast {
                    position,
                    member,
                    ev: text.evidence(r.start, r.end, rule),
                });
            }
        }
    }
    super::emit_votes(&doc.id, &on, year, casts, None, &mut sink);
    out.extend(sink.items);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Adoption {
        let t = Text::from_str("x.txt", s);
        find(&t, 0..t.norm.blocks.len()).expect("an adoption line")
    }

    #[test]
    fn ods_line_with_meeting_and_date() {
        let a = one("Adopted by the Security Council at its 3716th meeting, on 27 November 1996\n");
        assert_eq!(a.meeting.as_deref(), Some("S/PV.3716"));
        assert_eq!(a.date.as_deref(), Some("1996-11-27"));
        assert_eq!(a.vote, None);
    }

    #[test]
    fn old_line_with_counts_and_names() {
        let s = "Adopted at the 219th meeting by 7 votes to 1 (Poland), with 3 abstentions (Colombia, Syria, Union of Soviet Socialist Republics).\n";
        let a = one(s);
        assert_eq!(a.meeting.as_deref(), Some("S/PV.219"));
        let Some(Stated::Counts {
            counts,
            against,
            abstaining,
        }) = a.vote
        else {
            panic!("{a:?}")
        };
        assert_eq!(counts, [7, 1, 3]);
        let t = Text::from_str("x.txt", s);
        assert_eq!(&t.norm.text[against.unwrap()], "Poland");
        assert!(t.norm.text[abstaining.unwrap()].starts_with("Colombia"));
    }

    #[test]
    fn unanimously_counts_the_council_of_the_year() {
        let a = one("Adopted unanimously at the 631st Meeting.\n");
        assert_eq!(a.vote, Some(Stated::Unanimous));
        assert_eq!(a.vote.unwrap().tally(Some(1953)).as_deref(), Some("11-0-0"));
        assert_eq!(
            Stated::Unanimous.tally(Some(1966)).as_deref(),
            Some("15-0-0")
        );
    }

    #[test]
    fn ocr_years() {
        assert_eq!(
            lenient_date("of 23 September I981").as_deref(),
            Some("1981-09-23")
        );
        assert_eq!(
            lenient_date("or 11 October 1974").as_deref(),
            Some("1974-10-11")
        );
    }
}
