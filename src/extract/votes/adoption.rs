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

/// The word that opens an adoption statement, as OCR may print it
/// ("Adopted", "Adopled", "Adoptcd").
static ADOPTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[Aa]dop[tl1][ec]d\b").expect("valid regex"));

/// The resolution's own heading ("Resolution 513 (1982)", "RESOLUTION 1280
/// (1999)", with its date or the Council's name): all that may precede, on
/// its line, a lower-case "adopted" that states this resolution's adoption.
/// Anywhere else a lower-case "adopted" continues a sentence: a citation
/// ("in conformity with resolution 50 (1948) adopted by the Security Council
/// on 29 May 1948"), not the statement. The heading's word is capitalized: a
/// line that opens with "resolution" is a wrapped sentence.
static OWN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    Regex::new(&format!(
        r"^[\s*(]*(?:(?:United\s+Nations\s+|UN\s+)?Security\s+Coun\w*,?\s+)?(?:Resolution|RESOLUTION)\s+(?:S/RES/)?[0-9IlO]{{1,4}}\s*(?:\(\s*[0-9IlOo]{{3,4}}\s*[^\w\s)]{{0,2}}\s*\))?\s*,?\s*(?:(?:of\s+)?\d{{1,2}}\s+(?:{months})\s*,?\s+[0-9IlOo]{{4}}\s*,?\s*)?$"
    ))
    .expect("valid regex")
});

/// Whether the "adopted" at byte `at` of the line `t` can open the
/// resolution's adoption statement: a capital "Adopted" opens its sentence;
/// a lower-case one only follows the resolution's own heading.
fn opens_statement(t: &str, at: usize) -> bool {
    t[at..].starts_with('A') || OWN_HEADING.is_match(&t[..at])
}

/// A number of votes as the record writes it: digits (OCR's `I`/`l` for
/// 1 among them) or a word.
const VOTES_N: &str = r"\d{1,2}|[0-9Il]{2}|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen";

/// One constituent of the statement after "Adopted", anchored where the
/// previous one ended. The record orders them as each layout pleases
/// ("Adopted by 11 votes to none ... by the Security Council at its 1608th
/// meeting, on 6 December 1971"; "Adopted at the 2034th meeting by 13
/// votes to none ..., on 29 September 1977"), so the statement is read as
/// a sequence of them in any order, each at most once. OCR's damage is
/// read by shape: a meeting number with letters for digits (`]8S6ih`,
/// `J833rd`, checked in [`meeting_number`]), "meeting" split where a
/// column broke it (`meet ing`), `hy` for "by", `"Otes` for "votes",
/// `unanlmously` and `unanimousIy`. Where a footnote mark or the line's
/// end closes the ordinal ("Adopted at the 49th[1]", the noun lost before
/// the mark), the ordinal after "at the" is the meeting: the Council
/// adopts at meetings.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    let n = VOTES_N;
    Regex::new(&format!(
        r#"^\s*,?\s*(?:(?P<unan>unan[il1]mous[l1I]y)|(?P<novote>without\s+(?:a\s+)?vote)|(?P<council>by\s+the\s+Security\s+Coun\w*)|at\s+(?:its|the)\s+(?P<n>[0-9IlOoSBJ\]|]{{1,5}}?)\s*[a-z]{{0,2}}\.?\s*[Mm]eet(?:-?\s)?ing|at\s+the\s+(?P<e>\d{{1,4}})(?:st|nd|rd|th)(?P<em>\s*(?:\[\d{{1,2}}\]|\(\d{{1,2}}\)|\*))?|(?P<held>held)|o[nfr]\s+(?P<date>\d{{1,2}}\s+(?:{months})\s*,?\s+[0-9IlOo]{{4}})|[bh]y\s+(?:a\s+vote\s+of\s+)?(?P<f>{n})(?P<vw>\s+[vV"'“”]?[oO0]tes?)?(?:\s+to\s+(?P<a>{n})(?:\s*\((?P<al>[^)]*)\))?)?(?:\s*,?\s*(?:with|and)\s+(?P<x>{n})\s+abstentions?(?:\s*\((?P<xl>[^)]*)\))?)?)"#
    ))
    .expect("valid regex")
});

/// A meeting number as OCR may print it (`]8S6` for 1856, `J833` for
/// 1833): look-alike letters read as digits, at least two real digits.
fn meeting_number(s: &str) -> Option<u32> {
    // The look-alikes a meeting number adds to those of [`ocr_digits`].
    let widened: String = s
        .chars()
        .map(|c| match c {
            '|' | ']' | 'J' => 'I',
            'S' => '5',
            'B' => '8',
            c => c,
        })
        .collect();
    let n: u32 = ocr_digits(&widened)?.parse().ok()?;
    let real = s.chars().filter(char::is_ascii_digit).count();
    (real == s.len() || real >= 2)
        .then_some(n)
        .filter(|&n| n > 0)
}

/// What an adoption statement states, read constituent by constituent
/// from `t[from..]` (just after "Adopted"); offsets are into `t`.
#[derive(Default)]
struct Parts {
    end: usize,
    meeting: Option<u32>,
    council: bool,
    date: Option<String>,
    vote: Option<(Stated, usize)>,
}

fn parts(t: &str, from: usize) -> Parts {
    let mut p = Parts {
        end: from,
        ..Parts::default()
    };
    let mut seen = [false; 5];
    while let Some(c) = PART.captures(&t[p.end..]) {
        let at = p.end;
        let kind =
            if c.name("unan").is_some() || c.name("novote").is_some() || c.name("f").is_some() {
                0
            } else if c.name("council").is_some() {
                1
            } else if c.name("n").is_some() || c.name("e").is_some() {
                2
            } else if c.name("held").is_some() {
                3
            } else {
                4
            };
        if seen[kind] {
            break;
        }
        seen[kind] = true;
        if let Some(m) = c.name("n") {
            let Some(n) = meeting_number(m.as_str()) else {
                break;
            };
            p.meeting = Some(n);
        } else if let Some(m) = c.name("e") {
            // "Adopted at the 49th[1]": the noun left out where a footnote
            // mark or the line's end closes the ordinal; an ordinal that
            // goes on with other words ("at the 49th and 50th meetings") is
            // no meeting.
            let rest = &t[at + c.get(0).map_or(0, |w| w.end())..];
            let closed = c.name("em").is_some()
                || rest
                    .trim_start_matches([' ', '\t', '\r'])
                    .chars()
                    .next()
                    .is_none_or(|ch| ch == '\n');
            let Some(n) = m.as_str().parse().ok().filter(|_| closed) else {
                break;
            };
            p.meeting = Some(n);
        } else if let Some(d) = c.name("date") {
            p.date = lenient_date(d.as_str());
        } else if c.name("council").is_some() {
            p.council = true;
        } else if c.name("unan").is_some() {
            p.vote = Some((Stated::Unanimous, at));
        } else if c.name("novote").is_some() {
            p.vote = Some((Stated::WithoutVote, at));
        } else if c.name("f").is_some() {
            // "by 10 votes" alone counts: no one against, no abstention;
            // "by 10 June" is no vote.
            if c.name("a").is_none() && c.name("vw").is_none() {
                break;
            }
            let span = |name: &str| {
                c.name(name)
                    .filter(|m| !m.as_str().trim().is_empty())
                    .map(|m| at + m.start()..at + m.end())
            };
            let count = |name: &str| c.name(name).map_or(0, |m| vote_count(m.as_str()));
            p.vote = Some((
                Stated::Counts {
                    counts: [count("f"), count("a"), count("x")],
                    against: span("al"),
                    abstaining: span("xl"),
                },
                at,
            ));
        }
        p.end = at + c.get(0).map_or(0, |m| m.end());
    }
    p
}

/// A number of votes: a word, digits, or digits with OCR's `I`/`l`.
fn vote_count(s: &str) -> usize {
    ocr_digits(s)
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| super::meeting::number(s))
}

impl Parts {
    /// A statement names its meeting, or says "by the Security Council"
    /// and gives its date.
    fn is_statement(&self) -> bool {
        self.meeting.is_some() || self.council && self.date.is_some()
    }
}

/// Whether a block opens with a paragraph number ("1. Decides", "2)").
fn numbered(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
}

/// How many following blocks a wrapped adoption statement may take.
const CONTINUATION: usize = 3;

/// Finds the adoption line among `blocks`: the first statement that names
/// a meeting, or says "by the Security Council" with a date, and opens its
/// sentence (see [`opens_statement`]). Masthead blocks (a catalogue's copy
/// of the line) are not read.
pub fn find(text: &Text, blocks: Range<usize>) -> Option<Adoption> {
    let norm = &text.norm;
    for (i, b) in norm.blocks[blocks.clone()].iter().enumerate() {
        if b.kind == BlockKind::Masthead {
            continue;
        }
        // Cheap test before the statement's regex: its word's first letters.
        if !norm.block_text(b).contains("dop") {
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
        for m in ADOPTED.find_iter(t) {
            if m.start() >= b.end - b.start {
                break;
            }
            if !opens_statement(t, m.start()) {
                continue;
            }
            let p = parts(t, m.end());
            if !p.is_statement() {
                continue;
            }
            let shift = |r: Option<Range<usize>>| r.map(|r| b.start + r.start..b.start + r.end);
            let mut vote = p.vote.map(|(v, _)| match v {
                Stated::Counts {
                    counts,
                    against,
                    abstaining,
                } => Stated::Counts {
                    counts,
                    against: shift(against),
                    abstaining: shift(abstaining),
                },
                v => v,
            });
            if vote.is_none() {
                vote = noted_vote(text, blocks.start + i + 1..blocks.end);
            }
            return Some(Adoption {
                span: b.start + m.start()..b.start + p.end,
                meeting: p.meeting.map(|n| format!("S/PV.{n}")),
                date: p.date,
                vote,
            });
        }
    }
    None
}

/// How many blocks after the adoption line a note on its vote may be.
const NOTE_REACH: usize = 6;

/// The vote a note after the adoption line states, when the line states
/// none: the yearly volumes print "Adopted at the 2nd meeting.22" and, as
/// the footnote, "22 Adopted without vote." A note is a block that opens
/// with "Adopted" (after its footnote mark) and states a vote but no
/// meeting; counts named in a note are not read as members.
fn noted_vote(text: &Text, blocks: Range<usize>) -> Option<Stated> {
    let norm = &text.norm;
    norm.blocks[blocks].iter().take(NOTE_REACH).find_map(|nb| {
        let nt = norm.block_text(nb);
        let body = nt.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || matches!(c, '/' | '(' | ')' | '*' | '.')
        });
        let m = ADOPTED.find(body).filter(|m| m.start() == 0)?;
        let p = parts(body, m.end());
        let (v, _) = p.vote.filter(|_| p.meeting.is_none())?;
        Some(match v {
            Stated::Counts { counts, .. } => Stated::Counts {
                counts,
                against: None,
                abstaining: None,
            },
            v => v,
        })
    })
}

/// Whether `s` opens with an adoption statement (one that names its
/// meeting, or says "by the Security Council" and gives its date).
pub fn statement_at_start(s: &str) -> bool {
    ADOPTED
        .find(s)
        .is_some_and(|m| m.start() == 0 && parts(s, m.end()).is_statement())
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

/// A date written month first, as American pages print it ("June 6,
/// 1967", "MAY 30, 1980"): the comma after the day is what marks it.
static DATE_MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    Regex::new(&format!(
        r"\b((?i:{months}))\s+(\d{{1,2}}),\s*([0-9IlOo]{{4}})(?:\b|[^\w])"
    ))
    .expect("valid regex")
});

/// A date whose month OCR damaged ("3 Decernber 1974", "4 Ju1y 1975"): a
/// capitalised word where the month stands, read by [`ocr_month`].
static DATE_OCR_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s+([A-Z][a-zA-Z1|]{2,9})\s*,?\s+([0-9IlOo]{4})(?:\b|[^\w])")
        .expect("valid regex")
});

/// A month name as OCR damages it, read by the look-alikes of its letters
/// ("rn" for "m", "1" or "|" for "l", "0" for "o"), else as an English
/// month with one letter misread ("Janunry"): the month's number.
fn ocr_month(word: &str) -> Option<u32> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest: String = chars
        .as_str()
        .replace("rn", "m")
        .chars()
        .map(|c| match c {
            '1' | '|' | 'I' => 'l',
            '0' => 'o',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let name = format!("{first}{rest}");
    WORDS
        .month_number(&name)
        .or_else(|| WORDS.month_one_letter_off("en", &name))
}

/// [`lenient_date`], with the byte range of the date in `s`: the first
/// date written day first ("6 June 1967"), month first ("June 6, 1967"),
/// or with a month OCR damaged ("3 Decernber 1974").
pub fn lenient_date_at(s: &str) -> Option<(String, Range<usize>)> {
    let day_first = DATE.captures(s).and_then(|c| date_of(&c, 1, 2));
    let month_first = DATE_MONTH_FIRST.captures(s).and_then(|c| date_of(&c, 2, 1));
    let ocr = DATE_OCR_MONTH
        .captures_iter(s)
        .find_map(|c| date_of(&c, 1, 2));
    [day_first, month_first, ocr]
        .into_iter()
        .flatten()
        .min_by_key(|(_, r)| r.start)
}

/// The ISO date of a date match whose day and month are groups `day` and
/// `month` and whose year is group 3, with the match's range (trailing
/// punctuation left out).
fn date_of(c: &regex::Captures, day: usize, month: usize) -> Option<(String, Range<usize>)> {
    let d: u32 = c[day].parse().ok()?;
    let name = &c[month];
    let mut chars = name.chars();
    let title: String = chars
        .next()
        .map(|f| {
            f.to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default();
    let month = WORDS
        .month_number(name)
        .or_else(|| WORDS.month_number(&title))
        .or_else(|| ocr_month(name))?;
    let year = ocr_digits(&c[3])?;
    let whole = c.get(0)?;
    let end = whole.start()
        + whole
            .as_str()
            .trim_end_matches(|ch: char| !ch.is_alphanumeric())
            .len();
    (1..=31)
        .contains(&d)
        .then(|| (format!("{year}-{month:02}-{d:02}"), whole.start()..end))
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
/// Soviet Socialist Republics) was absent."), or in an aside after a count
/// ("by 10 votes (Union of Soviet Socialist Republics, absent)"): the
/// names, and `absent` for those absent.
static NOT_VOTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bmembers?\s*\((?P<names>[^()]{2,300})\)\s*(?:(?P<absent>(?:was|were)\s+absent)|did\s+not\s+(?:participate|take\s+part)\s+in\s+the\s+vot(?:e|ing))|\((?P<aside>[^()]{2,300}?),\s*(?:(?P<aside_absent>absent)|not\s+(?:participating|voting))\s*\)",
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
    let repaired;
    let rule = if idn.year_repaired {
        repaired = format!("{rule}+{}", rules::DECISION_DATE_YEAR_FROM_NUMBER);
        &repaired
    } else {
        rule
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
        let Some(names) = c.name("names").or_else(|| c.name("aside")) else {
            continue;
        };
        let position = if c.name("absent").is_some() || c.name("aside_absent").is_some() {
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
    fn constituents_in_any_order() {
        let a = one(
            "Adopted by 11 votes to none, with 4 abstentions (France, Poland) by the Security Council at its 1608th meeting, on 6 December 1971\n",
        );
        assert_eq!(a.meeting.as_deref(), Some("S/PV.1608"));
        assert_eq!(a.date.as_deref(), Some("1971-12-06"));
        assert_eq!(
            a.vote.and_then(|v| v.tally(Some(1971))).as_deref(),
            Some("11-0-4")
        );
        let a = one(
            "Adopted at the 2034th meeting by 13 votes to none, with 1 abstention (Poland), on 29 September 1977\n",
        );
        assert_eq!(a.date.as_deref(), Some("1977-09-29"));
        assert_eq!(
            a.vote.and_then(|v| v.tally(Some(1977))).as_deref(),
            Some("13-0-1")
        );
    }

    #[test]
    fn a_meeting_whose_noun_the_line_lost() {
        for s in [
            "Adopted at the 49th[1]\n[1] The draft resolution was adopted in parts.\n",
            "Adopted at the 49th\n",
            "Adopted at the 49th (2)\n",
            "Adopted at the 49th[1] [1] The draft resolution was adopted in parts.\n",
        ] {
            assert_eq!(one(s).meeting.as_deref(), Some("S/PV.49"), "{s:?}");
        }
        // The ordinal goes on with other words: no meeting is read.
        let t = Text::from_str("x.txt", "Adopted at the 49th and 50th sessions.\n");
        assert_eq!(find(&t, 0..t.norm.blocks.len()), None);
    }

    #[test]
    fn ocr_meeting_numbers_and_vote_words() {
        assert_eq!(meeting_number("]8S6"), Some(1856));
        assert_eq!(meeting_number("J833"), Some(1833));
        assert_eq!(meeting_number("2981"), Some(2981));
        // Letters alone are no number.
        assert_eq!(meeting_number("Ill"), None);
        let a = one("Adopted at the 1650th meet ing by 13 votes to none.\n");
        assert_eq!(a.meeting.as_deref(), Some("S/PV.1650"));
        let a = one("Adopted at the J833rd meeting hy 13 \"Otes to none.\n");
        assert_eq!(a.meeting.as_deref(), Some("S/PV.1833"));
        assert_eq!(
            a.vote.and_then(|v| v.tally(Some(1975))).as_deref(),
            Some("13-0-0")
        );
    }

    #[test]
    fn ocr_words_of_the_statement() {
        let a = one("Adopled unanlmously at the 1417th meeting.\n");
        assert_eq!(a.meeting.as_deref(), Some("S/PV.1417"));
        assert_eq!(a.vote, Some(Stated::Unanimous));
    }

    #[test]
    fn a_count_alone_and_a_date_are_told_apart() {
        let a = one(
            "Adopted at the 40th meeting by 10 votes (Union of Soviet Socialist Republics, absent)\n",
        );
        assert_eq!(
            a.vote.and_then(|v| v.tally(Some(1946))).as_deref(),
            Some("10-0-0")
        );
        let a = one("Adopted at the 40th meeting by 10 June 1946\n");
        assert_eq!(a.vote, None);
    }

    #[test]
    fn month_first_dates() {
        assert_eq!(
            lenient_date("(June 6, 1967)").as_deref(),
            Some("1967-06-06")
        );
        assert_eq!(lenient_date("MAY 30, 1980").as_deref(), Some("1980-05-30"));
        // Without the comma a month-first date is not read.
        assert_eq!(lenient_date("June 6 1967"), None);
    }

    #[test]
    fn months_damaged_by_ocr() {
        assert_eq!(
            lenient_date("of 3 Decernber 1974").as_deref(),
            Some("1974-12-03")
        );
        assert_eq!(
            lenient_date("of 4 Ju1y 1975").as_deref(),
            Some("1975-07-04")
        );
        // A capitalised word that is no month is no date.
        assert_eq!(lenient_date("of 3 Members 1974"), None);
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
