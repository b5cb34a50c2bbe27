//! Votes, decisions and speakers: how the Council decided and who spoke.
//!
//! Three kinds of source, one module each:
//! - [`letters`]: voting letters of the written procedure ("Belgium votes in
//!   favour of the draft resolution"), the President's letter announcing the
//!   outcome (a [`DecisionItem`]) and the explanations of vote annexed to it
//!   (a [`SpeakerItem`] per statement, with the written procedure as the
//!   "meeting": an explanation of vote is a member speaking on the decision);
//! - [`meeting`]: meeting records: votes by show of hands ("In favour:
//!   ...", "Against: ...", "Abstaining: ..."), the President's announcement
//!   of the outcome, and the speakers ("Mr. Nebenzia (Russian Federation):");
//! - [`table`]: the Repertoire's meeting tables: meeting record and date,
//!   draft resolutions and their sponsors, decisions with their tally
//!   ("Draft resolution (S/2023/638) not adopted 13-1-1"), the footnoted vote
//!   lists ("In favour: ...; Against: ...; Abstaining: ...") and the
//!   speakers ("13 Council members" with a footnoted list);
//! - [`meetings`]: the meeting of each table row or meeting record (a
//!   [`MeetingItem`]): date, agenda item, sub-items, the documents
//!   considered and the invitees under rules 37 and 39;
//! - [`footnotes`]: speakers cited in narrative footnotes ("See S/PV.9251,
//!   Brazil, China and Japan", "Ibid., United Kingdom").
//!
//! [`record`] turns votes recorded as metadata (an Akoma Ntoso `<voting>`
//! block) into the same items, for the XML reader to call.
//!
//! Members are resolved through [`council::Council`], which knows who sat on
//! the Council each year, so that every vote can be checked: a tally that
//! disagrees with its list, a member listed twice, a voter that was not on
//! the Council that year become [`WarningItem`]s with the evidence, never
//! silent corrections. A draft and the resolution it became stay distinct
//! symbols: votes are cast `on` the draft when it is known.
//!
//! [`DecisionItem`]: crate::model::DecisionItem
//! [`SpeakerItem`]: crate::model::SpeakerItem
//! [`MeetingItem`]: crate::model::MeetingItem
//! [`WarningItem`]: crate::model::WarningItem

pub mod adoption;
pub mod council;
pub mod footnotes;
pub mod letters;
pub mod meeting;
pub mod meetings;
pub mod names;
pub mod record;
pub mod table;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Structure;
use crate::model::{Evidence, Item, Outcome, Position, SpeakerItem, VoteItem, WarningItem};
use crate::rules;
use crate::text::Text;

const POSITIONS_CSV: &str = include_str!("../../../ontology/votes/positions.csv");

/// The phrase tables of `ontology/votes/positions.csv`.
#[derive(Clone, Debug, Default)]
pub struct Phrases {
    /// Verb phrases of voting letters and their position, longest first.
    pub verbs: Vec<(String, Position)>,
    /// Auxiliaries before a verb phrase ("decides to").
    pub aux: Vec<String>,
    /// Labels of vote lists and their position.
    pub labels: Vec<(String, Position)>,
}

/// The phrase tables, loaded once.
pub static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut p = Phrases::default();
    for line in POSITIONS_CSV.lines().skip(1) {
        let mut f = line.splitn(3, ',');
        let (Some(kind), Some(phrase), pos) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let pos = pos.and_then(parse_position);
        match (kind.trim(), pos) {
            ("verb", Some(pos)) => p.verbs.push((phrase.trim().to_string(), pos)),
            ("aux", _) => p.aux.push(phrase.trim().to_string()),
            ("label", Some(pos)) => p.labels.push((phrase.trim().to_string(), pos)),
            _ => {}
        }
    }
    p.verbs.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
    p.aux.sort_by_key(|a| std::cmp::Reverse(a.len()));
    p.labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.len()));
    p
});

/// A position by its snake_case name ([`Position::as_str`]).
fn parse_position(s: &str) -> Option<Position> {
    use clap::ValueEnum;
    let s = s.trim();
    Position::value_variants()
        .iter()
        .copied()
        .find(|p| p.as_str() == s)
}

/// A UN document symbol of the kind drafts carry (`S/2020/600`, `S/2023/638/Rev.1`).
pub static DRAFT_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bS/\d{4}/\d+(?:/Rev\.\d+)?\b").expect("valid regex"));

/// A meeting record symbol (`S/PV.9251`, `S/PV.9251 (Resumption 1)`).
pub static MEETING_SYMBOL: &LazyLock<Regex> = &crate::symbol::RECORD;

/// Adds the votes, decisions, speakers and consistency warnings found in
/// `text` to `out`.
pub fn extract(text: &Text, st: &Structure, out: &mut Vec<Item>) {
    let mut sink = Sink::default();
    letters::extract(text, st, &mut sink);
    meeting::extract(text, st, &mut sink);
    table::extract(text, st, &mut sink);
    footnotes::extract(text, st, &mut sink);
    out.extend(sink.items);
}

/// Collects items, dropping repeated speakers (the same member at the same
/// meeting, already recorded from an earlier, usually tabular, source).
#[derive(Default)]
pub struct Sink {
    /// The items in emission order.
    pub items: Vec<Item>,
    speakers: BTreeSet<(String, String)>,
}

impl Sink {
    /// Adds any item.
    pub fn push(&mut self, item: Item) {
        self.items.push(item);
    }

    /// Adds a speaker unless the same member is already recorded at the
    /// same meeting.
    pub fn speaker(&mut self, s: SpeakerItem) {
        if self.speakers.insert((s.meeting.clone(), s.member.clone())) {
            self.items.push(Item::Speaker(s));
        }
    }

    /// Adds a warning.
    pub fn warn(&mut self, doc: &str, message: String, ev: Evidence) {
        self.items.push(Item::Warning(WarningItem {
            doc: Some(doc.to_string()),
            message,
            ev,
        }));
    }
}

/// Resolves one listed name to the states it names, with their normalized
/// spans. A name that is no state but is made of state names ("Brazil
/// Ecuador", a list with a comma missing) is split into them, with a
/// warning; any other name is resolved as written.
pub fn resolve_list(
    text: &Text,
    doc_id: &str,
    name: &names::Name,
    range: std::ops::Range<usize>,
    year: Option<u16>,
    sink: &mut Sink,
) -> Vec<(council::Member, std::ops::Range<usize>)> {
    let c = &council::COUNCIL;
    if !c.is_known_name(&name.text)
        && let Some(parts) = run_on(&name.text)
    {
        sink.warn(
            doc_id,
            format!("a separator is missing in the list: {:?}", name.text),
            text.evidence(range.start, range.end, rules::VOTE_LIST_SEPARATOR),
        );
        return parts
            .into_iter()
            .filter_map(|r| {
                c.resolve(&name.text[r.clone()], year)
                    .map(|m| (m, range.start + r.start..range.start + r.end))
            })
            .collect();
    }
    match c.resolve(&name.text, year) {
        Some(m) => vec![(m, range)],
        // A long name misspelt by one letter or word is the state it is
        // near, resolved as if written right, with a warning.
        None if let Some(label) = council::near_state(&name.text)
            && let Some(m) = c.resolve(&label, year) =>
        {
            sink.warn(
                doc_id,
                format!(
                    "the name {:?} is read as {label:?}, one letter or word off",
                    name.text
                ),
                text.evidence(range.start, range.end, rules::VOTE_NEAR_NAME),
            );
            vec![(m, range)]
        }
        None => {
            sink.warn(
                doc_id,
                format!("no state is known by the name {:?}", name.text),
                text.evidence(range.start, range.end, rules::VOTE_UNKNOWN_NAME),
            );
            Vec::new()
        }
    }
}

/// Splits "Brazil Ecuador" into known state names (byte ranges), when it is
/// made of two or more of them and nothing else.
fn run_on(s: &str) -> Option<Vec<std::ops::Range<usize>>> {
    let words: Vec<std::ops::Range<usize>> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, ch) in s.char_indices() {
            match (ch.is_whitespace(), start) {
                (true, Some(a)) => {
                    v.push(a..i);
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(a) = start {
            v.push(a..s.len());
        }
        v
    };
    let n = words.len();
    if n < 2 {
        return None;
    }
    // best[i]: a segmentation of words[i..] into known names.
    let mut best: Vec<Option<Vec<std::ops::Range<usize>>>> = vec![None; n + 1];
    best[n] = Some(Vec::new());
    for i in (0..n).rev() {
        for j in (i + 1..=n).rev() {
            let r = words[i].start..words[j - 1].end;
            if let Some(rest) = &best[j]
                && council::COUNCIL.is_known_name(&s[r.clone()])
            {
                let mut v = vec![r];
                v.extend(rest.iter().cloned());
                best[i] = Some(v);
                break;
            }
        }
    }
    best[0].take().filter(|v| v.len() >= 2)
}

/// One member's vote, before it is checked and emitted.
#[derive(Clone, Debug)]
pub struct Cast {
    /// The position.
    pub position: Position,
    /// The member.
    pub member: council::Member,
    /// Where the vote is recorded.
    pub ev: Evidence,
}

/// Checks the votes of one decision and emits them as [`VoteItem`]s: a
/// member listed twice, a voter not on the Council in `year`, and (when
/// `stated` gives the tally and its evidence) a list that disagrees with the
/// tally become warnings. Returns the labels of the permanent members that
/// voted against.
pub fn emit_votes(
    doc_id: &str,
    on: &str,
    year: Option<u16>,
    votes: Vec<Cast>,
    stated: Option<([usize; 3], &Evidence)>,
    sink: &mut Sink,
) -> Vec<String> {
    if let Some((counts, ev)) = stated {
        let n = |p: Position| votes.iter().filter(|v| v.position == p).count();
        let got = [
            n(Position::InFavour),
            n(Position::Against),
            n(Position::Abstaining),
        ];
        if got != counts {
            sink.warn(
                doc_id,
                format!(
                    "the tally of {on} is {}-{}-{} but its list has {}-{}-{}",
                    counts[0], counts[1], counts[2], got[0], got[1], got[2]
                ),
                ev.clone(),
            );
        }
    }
    let mut seen: std::collections::BTreeMap<String, Position> = Default::default();
    let mut permanent_against = Vec::new();
    for Cast {
        position,
        member: m,
        ev,
    } in votes
    {
        if let Some(prev) = seen.insert(m.actor.id.clone(), position) {
            sink.warn(
                doc_id,
                format!(
                    "{} is listed twice in the vote on {on} ({} and {})",
                    m.actor.label,
                    prev.as_str(),
                    position.as_str()
                ),
                ev.clone(),
            );
        }
        if let (Some(false), Some(y)) = (m.on_council, year) {
            sink.warn(
                doc_id,
                format!(
                    "{} voted on {on} but was not a member of the Council in {y}",
                    m.actor.label
                ),
                ev.clone(),
            );
        }
        if position == Position::Against
            && m.table_name
                .as_deref()
                .is_some_and(|t| council::COUNCIL.is_permanent(t))
        {
            permanent_against.push(m.actor.label.clone());
        }
        sink.push(Item::Vote(VoteItem {
            doc: doc_id.to_string(),
            member: m.actor.id,
            member_label: m.actor.label,
            position,
            on: on.to_string(),
            signer: None,
            ev,
        }));
    }
    permanent_against
}

/// Warns when a tally counts more votes than the Council had members.
pub fn check_tally_size(
    doc_id: &str,
    on: &str,
    year: Option<u16>,
    counts: [usize; 3],
    ev: &Evidence,
    sink: &mut Sink,
) {
    if let Some(members) = year.and_then(|y| council::COUNCIL.members(y))
        && counts.iter().sum::<usize>() > members.len()
    {
        sink.warn(
            doc_id,
            format!(
                "the tally of {on} ({}-{}-{}) counts more votes than the {} members of the Council",
                counts[0],
                counts[1],
                counts[2],
                members.len()
            ),
            ev.clone(),
        );
    }
}

/// A draft not adopted with a permanent member against was vetoed; one
/// recorded as adopted despite such a vote is reported.
pub fn with_vetoes(
    doc_id: &str,
    on: &str,
    outcome: Outcome,
    permanent_against: &[String],
    ev: &Evidence,
    sink: &mut Sink,
) -> Outcome {
    if permanent_against.is_empty() {
        return outcome;
    }
    match outcome {
        Outcome::NotAdopted => Outcome::Vetoed,
        Outcome::Adopted => {
            sink.warn(
                doc_id,
                format!(
                    "{on} is recorded as adopted despite the negative vote of a permanent member ({})",
                    permanent_against.join(", ")
                ),
                ev.clone(),
            );
            Outcome::Adopted
        }
        Outcome::Vetoed => Outcome::Vetoed,
    }
}
