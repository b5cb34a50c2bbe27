//! Meeting records (`S/PV.9408`): votes by show of hands, their outcome, and
//! the speakers.
//!
//! A verbatim record puts a draft before the Council ("Members of the
//! Council have before them document S/2023/638, the text of a draft
//! resolution submitted by France and the United Arab Emirates"), records
//! the vote ("A vote was taken by show of hands." then "In favour: ...",
//! "Against: ...", "Abstaining: ...") and the President announces the
//! result ("The draft resolution received 13 votes in favour, 1 against and
//! 1 abstention. The draft resolution has not been adopted, owing to the
//! negative vote of a permanent member of the Council." or "... has been
//! adopted unanimously as resolution 2690 (2023)."); an announcement of as
//! many votes in favour as the Council had members, with no list, gives
//! every member's vote. The draft voted on is
//! the last one put before the Council; a vote whose announcement names no
//! draft (a procedural vote on the agenda) is left alone.
//!
//! Each record also gives one [`MeetingItem`] (its symbol, date and agenda
//! item from the masthead, the drafts put before the Council as the
//! documents considered), with the record's heading as evidence.
//!
//! Speakers are the paragraphs opened by a speaker's label, "Mr. Nebenzia
//! (Russian Federation) (spoke in Russian):", the state in parentheses; the
//! President speaks for a state only "in my capacity as the representative
//! of" it, the state given in the record's "President:" line. A speaker
//! who says they speak "on behalf of" states names them in `on_behalf_of`.

use std::sync::LazyLock;

use regex::Regex;

use super::council::{COUNCIL, Member, year_of};
use super::meetings;
use super::names;
use super::{Cast, MEETING_SYMBOL, Sink, check_tally_size, emit_votes, with_vetoes};
use crate::extract::Structure;
use crate::extract::actors::lookup;
use crate::extract::structure::parse_date;
use crate::model::{
    DecisionItem, DocType, Evidence, Item, MeetingItem, Outcome, Position, SpeakerItem,
};
use crate::rules;
use crate::symbol;
use crate::text::{BlockKind, Text};

/// A sub-item line under the agenda item: a title ending with its symbol.
static SUB_ITEM_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][^\n]{10,}\((?:[A-Z]{1,4}/)[^()]*\)\s*$").expect("valid regex")
});

/// "In accordance with rule 37 of the Council's provisional rules of
/// procedure, I invite the representative(s) of Mali (and Niger) to
/// participate in this meeting."
static RULE_37_INVITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\brule 37\b[^.]{0,120}?\binvite the representatives? of (.+?) to participate in (?:this|the) meeting")
        .expect("valid regex")
});

/// "In accordance with rule 39 ..., I invite Mr. X, Special Representative
/// ..., to participate in this meeting." or "... I invite the following
/// briefers to participate in this meeting: Mr. X, ...; and Ms. Y, ...".
static RULE_39_INVITE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\brule 39\b[^.]{0,120}?\binvite (.+?),?\s+to participate in (?:this|the) meeting(?::\s*(.+))?")
        .expect("valid regex")
});

static VOTE_TAKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^A (?:recorded )?vote was taken by show of hands\.?$").expect("valid regex")
});

static PUT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdocument (S/\d{4}/\d+(?:/Rev\.\d+)?),?\s+(?:which contains\s+)?the text of (?:a|the) (?:revised )?draft resolution(?: submitted by ([^.;]+?))?[.;]")
        .expect("valid regex")
});

static DRAFT_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdraft resolution\s+\(?(S/\d{4}/\d+(?:/Rev\.\d+)?)\)?").expect("valid regex")
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let alt = super::PHRASES
        .labels
        .iter()
        .map(|(l, _)| regex::escape(l))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(r"^(?:{alt})\s*:")).expect("valid regex")
});

const NUMBER: &str = r"(\d{1,2}|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen)";

/// "13 votes in favour, 1 against and 1 abstention".
pub static RESULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b{NUMBER} votes? in favour(?:,?\s+(?:and\s+)?{NUMBER} (?:votes? )?against)?(?:,?\s+(?:and\s+)?{NUMBER} abstentions?)?"
    ))
    .expect("valid regex")
});

static ADOPTED_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bhas been adopted(?: unanimously)? as resolution (\d{1,4}) ?\((\d{4})\)")
        .expect("valid regex")
});

static NOT_ADOPTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bhas not been adopted\b[^.]*").expect("valid regex"));

static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Baroness|Sheikh|Sheikha|Archbishop|Cardinal|Prince|Princess|Monsignor)\.? [^():]{1,80}? \(([^()]{2,80})\)(?: \([^()]*\))*:")
        .expect("valid regex")
});

static PRESIDENT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^President:\s.*\(([^()]+)\)\s*$").expect("valid regex"));

static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bon behalf of (?:[^.:]*?,\s*namely,?\s*)?([^.:]+)").expect("valid regex")
});

/// Words that mark an organization, not a state, in a speaker's parentheses.
const NOT_A_STATE: [&str; 12] = [
    "Union",
    "Organization",
    "Nations",
    "Committee",
    "Office",
    "Programme",
    "Fund",
    "Bank",
    "Commission",
    "League",
    "Community",
    "Secretary",
];

/// Adds the votes, decisions and speakers of the meeting records in `text`.
pub fn extract(text: &Text, st: &Structure, sink: &mut Sink) {
    for (di, doc) in st.docs.iter().enumerate() {
        let Some(meeting) = doc
            .item
            .symbol
            .as_deref()
            .filter(|s| MEETING_SYMBOL.is_match(s))
            .map(symbol::printed)
        else {
            continue;
        };
        if doc.item.doc_type != DocType::MeetingRecord {
            continue;
        }
        let blocks: Vec<usize> = (0..text.norm.blocks.len())
            .filter(|&b| st.block_doc.get(b) == Some(&di))
            .collect();
        let date = doc
            .item
            .date
            .clone()
            .or_else(|| doc.item.title.as_deref().and_then(parse_date))
            .or_else(|| {
                blocks
                    .iter()
                    .take(8)
                    .find_map(|&b| parse_date(text.norm.block_text(&text.norm.blocks[b])))
            });
        let year = year_of(date.as_deref());
        sink.push(Item::Meeting(record_meeting(
            text,
            &blocks,
            &doc.item,
            &meeting,
            date.clone(),
        )));
        let m = Meeting {
            text,
            doc: &doc.item.id,
            meeting: &meeting,
            date,
            year,
            blocks,
        };
        m.votes(sink);
        m.speakers(sink);
    }
}

/// The meeting of a record: the sub-items under the agenda item on its
/// first page (lines that end with a document symbol in parentheses, before
/// the first speaker), the documents of those sub-items and those the
/// Council "has before it" ("Members of the Council have before them
/// document S/2023/638, the text of a draft resolution ..."), and the
/// President's invitations under rules 37 and 39.
fn record_meeting(
    text: &Text,
    blocks: &[usize],
    doc: &crate::model::DocumentItem,
    meeting: &str,
    date: Option<String>,
) -> MeetingItem {
    let norm = &text.norm;
    let texts: Vec<&str> = blocks
        .iter()
        .map(|&b| &norm.blocks[b])
        .filter(|b| b.kind == BlockKind::Text)
        .map(|b| norm.block_text(b))
        .collect();
    let first_speech = texts
        .iter()
        .position(|t| SPEAKER.is_match(t) || t.starts_with("The President:"))
        .unwrap_or(texts.len());
    let heading: Vec<&str> = texts[..first_speech.min(20)]
        .iter()
        .copied()
        .filter(|t| t.len() < 400 && SUB_ITEM_LINE.is_match(t))
        .collect();
    let sub_items = meetings::sub_items(&heading);
    let mut documents = meetings::documents(heading.iter().copied());
    let mut rule_37 = Vec::new();
    let mut rule_39 = Vec::new();
    for t in &texts {
        for c in PUT_BEFORE.captures_iter(t) {
            let s = symbol::printed(&c[1]);
            documents.push(s);
        }
        for c in RULE_37_INVITE.captures_iter(t) {
            for id in meetings::rule_37(&[&c[1]]) {
                rule_37.push(id);
            }
        }
        for c in RULE_39_INVITE.captures_iter(t) {
            // "I invite the following briefers to participate in this
            // meeting: ..." names them after the colon.
            let list = match c.get(2) {
                Some(after) if c[1].to_lowercase().starts_with("the following") => after.as_str(),
                _ => &c[1],
            };
            for v in briefers(list) {
                rule_39.push(v);
            }
        }
    }
    for list in [&mut documents, &mut rule_37, &mut rule_39] {
        meetings::dedup_first(list);
    }
    MeetingItem {
        doc: doc.id.clone(),
        meeting: meeting.to_string(),
        date,
        agenda_item: doc.agenda_item.clone(),
        sub_items,
        documents,
        rule_37: crate::model::Invitee::list(rule_37),
        rule_39: crate::model::Invitee::list(rule_39),
        press_releases: Vec::new(),
        ev: Evidence {
            rule: rules::MEETING_RECORD.to_string(),
            ..doc.ev.clone()
        },
    }
}

/// The briefers of a rule 39 invitation: "Mr. El-Ghassim Wane, Special
/// Representative of the Secretary-General and Head of MINUSMA; and Ms.
/// Fatima Maiga, civil society representative" gives one entry per person
/// (the list is cut at semicolons: a comma separates a name from its
/// title), each as written; an entry that names a known actor ("the
/// Secretary-General") becomes its actor id.
fn briefers(list: &str) -> Vec<String> {
    list.split(';')
        .map(|p| {
            let p = p.trim().trim_end_matches('.').trim();
            p.strip_prefix("and ").unwrap_or(p).trim()
        })
        .filter(|p| !p.is_empty())
        .map(|p| lookup(p).map_or_else(|| p.to_string(), |a| a.id))
        .collect()
}

struct Meeting<'a> {
    text: &'a Text,
    doc: &'a str,
    meeting: &'a str,
    date: Option<String>,
    year: Option<u16>,
    blocks: Vec<usize>,
}

impl Meeting<'_> {
    fn block(&self, k: usize) -> (usize, &str) {
        let b = &self.text.norm.blocks[self.blocks[k]];
        (b.start, self.text.norm.block_text(b))
    }

    fn votes(&self, sink: &mut Sink) {
        let mut draft: Option<(String, Option<String>)> = None;
        let mut k = 0;
        while k < self.blocks.len() {
            let (_, t) = self.block(k);
            if self.text.norm.blocks[self.blocks[k]].kind != BlockKind::Text {
                k += 1;
                continue;
            }
            for c in PUT_BEFORE.captures_iter(t) {
                draft = Some((
                    symbol::printed(&c[1]),
                    c.get(2).map(|s| s.as_str().to_string()),
                ));
            }
            if let Some(c) = DRAFT_NAMED.captures_iter(t).last()
                && draft
                    .as_ref()
                    .is_none_or(|(d, _)| *d != symbol::printed(&c[1]))
                && !PUT_BEFORE.is_match(t)
            {
                draft = Some((symbol::printed(&c[1]), None));
            }
            if !VOTE_TAKEN.is_match(t.trim()) {
                k += 1;
                continue;
            }
            // The list: label blocks and the names after them.
            let mut end = k + 1;
            let mut last_list = k;
            let mut after_label = false;
            while end < self.blocks.len() && end <= k + 40 {
                let (_, u) = self.block(end);
                if LABEL.is_match(u) {
                    after_label = true;
                } else if !(after_label && looks_like_names(u)) {
                    break;
                }
                last_list = end;
                end += 1;
            }
            let list = if last_list > k {
                let (a, _) = self.block(k + 1);
                let b = &self.text.norm.blocks[self.blocks[last_list]];
                Some((a, b.end))
            } else {
                None
            };
            // The announcement: the next block that states an outcome.
            let announcement = (end..self.blocks.len().min(end + 3)).find(|&j| {
                let (_, u) = self.block(j);
                ADOPTED_AS.is_match(u) || NOT_ADOPTED.is_match(u) || RESULT.is_match(u)
            });
            k = end;
            let Some(j) = announcement else { continue };
            let (jstart, u) = self.block(j);
            if !u.to_lowercase().contains("draft") {
                // A procedural vote (on the agenda, on a motion): no draft.
                continue;
            }
            let Some((symbol, sponsors)) = draft.clone() else {
                continue;
            };
            self.decision(sink, &symbol, sponsors.as_deref(), list, (jstart, u));
        }
    }

    fn decision(
        &self,
        sink: &mut Sink,
        draft: &str,
        sponsors: Option<&str>,
        list: Option<(usize, usize)>,
        (ustart, u): (usize, &str),
    ) {
        let text = self.text;
        let (outcome, resolution, span) = if let Some(c) = ADOPTED_AS.captures(u) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            (
                Outcome::Adopted,
                Some(format!("S/RES/{} ({})", &c[1], &c[2])),
                m,
            )
        } else if let Some(m) = NOT_ADOPTED.find(u) {
            let outcome = if m.as_str().contains("negative vote of a permanent member") {
                Outcome::Vetoed
            } else {
                Outcome::NotAdopted
            };
            (outcome, None, m.range())
        } else {
            return;
        };
        let ev = text.evidence(
            ustart + span.start,
            ustart + span.end,
            rules::DECISION_MEETING_RECORD,
        );
        let stated = RESULT
            .captures(u)
            .map(|c| [1, 2, 3].map(|i| c.get(i).map_or(0, |m| number(m.as_str()))));
        let mut cast = Vec::new();
        if let Some((a, b)) = list {
            for (position, n, base) in super::table::vote_list(&text.norm.text[a..b], a) {
                let r = base + n.range.start..base + n.range.end;
                for (member, r) in super::resolve_list(text, self.doc, &n, r, self.year, sink) {
                    cast.push(Cast {
                        position,
                        member,
                        ev: text.evidence(r.start, r.end, rules::VOTE_MEETING_RECORD),
                    });
                }
            }
        }
        // "received 15 votes in favour" with no list: every member of that year.
        if cast.is_empty()
            && let (Some(c), Some(members)) = (stated, self.year.and_then(|y| COUNCIL.members(y)))
            && c == [members.len(), 0, 0]
        {
            let mut uev = ev.clone();
            uev.rule = rules::VOTE_UNANIMOUS_TALLY.into();
            cast = members
                .iter()
                .filter_map(|m| COUNCIL.resolve(m, self.year))
                .map(|member| Cast {
                    position: Position::InFavour,
                    member,
                    ev: uev.clone(),
                })
                .collect();
        }
        let n = |p: Position| cast.iter().filter(|v| v.position == p).count();
        let counted = [
            n(Position::InFavour),
            n(Position::Against),
            n(Position::Abstaining),
        ];
        let listed = !cast.is_empty();
        let against = emit_votes(
            self.doc,
            draft,
            self.year,
            cast,
            stated.filter(|_| listed).map(|c| (c, &ev)),
            sink,
        );
        let counts = stated.unwrap_or(counted);
        check_tally_size(self.doc, draft, self.year, counts, &ev, sink);
        let outcome = with_vetoes(self.doc, draft, outcome, &against, &ev, sink);
        let sponsors = sponsors
            .map(|s| {
                names::split(s)
                    .iter()
                    .filter_map(|n| COUNCIL.resolve(&n.text, self.year).map(|m| m.actor.id))
                    .collect()
            })
            .unwrap_or_default();
        sink.push(Item::Decision(DecisionItem {
            doc: self.doc.to_string(),
            draft: Some(draft.to_string()),
            outcome,
            resolution,
            tally: (stated.is_some() || listed)
                .then(|| format!("{}-{}-{}", counts[0], counts[1], counts[2])),
            meeting: Some(self.meeting.to_string()),
            date: self.date.clone(),
            sponsors,
            ev,
            vetoed_by: Vec::new(),
        }));
    }

    fn speakers(&self, sink: &mut Sink) {
        let president = (0..self.blocks.len().min(20)).find_map(|k| {
            let (_, t) = self.block(k);
            PRESIDENT_LINE.captures(t).and_then(|c| self.state(&c[1]))
        });
        for k in 0..self.blocks.len() {
            let (start, t) = self.block(k);
            let (member, span) = if let Some(c) = SPEAKER.captures(t) {
                let Some(member) = self.state(&c[1]) else {
                    continue;
                };
                let whole = c.get(0).map_or(0..0, |m| m.range());
                (member, whole.start..whole.end.saturating_sub(1))
            } else if t.starts_with("The President:")
                && t.contains("capacity as the representative of")
            {
                let Some(p) = president.clone() else { continue };
                (p, 0.."The President".len())
            } else {
                continue;
            };
            let first_sentence =
                &t[span.end..t[span.end..].find(". ").map_or(t.len(), |i| span.end + i)];
            let on_behalf_of = ON_BEHALF
                .captures(first_sentence)
                .map(|c| {
                    names::split(&c[1])
                        .iter()
                        .filter_map(|n| {
                            COUNCIL
                                .resolve(&n.text, self.year)
                                .filter(|m| m.table_name.is_some() && m.actor.id != member.actor.id)
                                .map(|m| m.actor.id)
                        })
                        .collect()
                })
                .unwrap_or_default();
            sink.speaker(SpeakerItem {
                doc: self.doc.to_string(),
                meeting: self.meeting.to_string(),
                member: member.actor.id,
                on_behalf_of,
                ev: self.text.evidence(
                    start + span.start,
                    start + span.end,
                    rules::SPEAKER_MEETING_RECORD,
                ),
            });
        }
    }

    /// The state in a speaker's parentheses, unless it names an organization.
    fn state(&self, name: &str) -> Option<Member> {
        if NOT_A_STATE.iter().any(|w| name.contains(w)) {
            return None;
        }
        COUNCIL.resolve(name, self.year)
    }
}

/// A line of a vote list: names, no sentence, no label, no figures.
fn looks_like_names(u: &str) -> bool {
    !u.contains(':')
        && !u.contains(". ")
        && !u.ends_with('.')
        && !u.chars().any(|c| c.is_ascii_digit())
}

/// A count written in figures or words ("13", "fifteen", "none").
pub fn number(s: &str) -> usize {
    const WORDS: [&str; 16] = [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    ];
    let l = s.to_lowercase();
    if l == "no" {
        return 0;
    }
    s.parse()
        .ok()
        .or_else(|| WORDS.iter().position(|w| *w == l))
        .unwrap_or(0)
}
