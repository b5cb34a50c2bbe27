//! The written voting procedure: voting letters, the letter announcing the
//! outcome, and explanations of vote.
//!
//! A voting letter states its member's position in one sentence: "Belgium
//! votes in favour of the draft resolution", "the Republic of Niger decides
//! to vote in favour", "my delegation votes in favour" (the verb phrases are
//! data: `ontology/votes/positions.csv`). The member is the sentence's
//! subject; "my delegation" and other first-person subjects stand for the
//! state the letter's author represents (its title, "from the Permanent
//! Representative of Estonia to the United Nations", or its signature
//! block). The draft voted on is the symbol in the sentence, else the one
//! draft the letter mentions ("the draft resolution ... (S/2020/600)"), else
//! the one the enclosing letter mentions, else the one draft the file
//! holds. The signer is the `(Signed)` line of the same letter.
//!
//! The President's letter that announces the outcome records the decision:
//! "resolution 2531 (2020) ... adopted on 29 June 2020" with the single
//! draft it put "to the vote", "draft resolution S/2020/600 was adopted as
//! resolution 2531 (2020)", "draft resolution S/2020/654 was not adopted"
//! (a veto when a permanent member voted against or the letter says so).
//! The letter itself stands for the meeting; the tally is the one it states
//! ("13 votes in favour, 2 against"), checked against the voting letters
//! it encloses, else the count of those letters. Statements in the same file
//! that mention the resolution or the draft are explanations of vote: a
//! [`SpeakerItem`] of the member at that written "meeting".

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::council::{COUNCIL, Member, year_of};
use super::{DRAFT_SYMBOL, PHRASES, Sink};
use crate::extract::Structure;
use crate::extract::structure::{Doc, parse_date};
use crate::model::{
    DecisionItem, DocType, Item, Outcome, ParagraphRole, Position, SpeakerItem, VoteItem,
};
use crate::rules;
use crate::symbol;
use crate::text::Text;

static VOTE: LazyLock<Regex> = LazyLock::new(|| {
    let alt = |v: Vec<&str>| {
        v.iter()
            .map(|s| regex::escape(s))
            .collect::<Vec<_>>()
            .join("|")
    };
    let aux = alt(PHRASES.aux.iter().map(|s| s.as_str()).collect());
    let verbs = alt(PHRASES.verbs.iter().map(|(s, _)| s.as_str()).collect());
    Regex::new(&format!(r"\b(?:(?P<aux>{aux})\s+)?(?P<verb>{verbs})\b")).expect("valid regex")
});

static DRAFT_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdraft (?:Security Council )?resolution\b[^.;]{0,160}?\b(S/\d{4}/\d+(?:/Rev\.\d+)?)\b")
        .expect("valid regex")
});

static SIGNED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:Signed|Signé|Firmado)\)\s*([^\n]+)").expect("valid regex"));

static ADOPTED_AS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:draft resolution\s*\(?(S/\d{4}/\d+(?:/Rev\.\d+)?)\)?[^.;]{0,160}?)?\b(?:was|has been|were) adopted(?: unanimously)? as resolution (\d{1,4}) ?\((\d{4})\)")
        .expect("valid regex")
});

static NOT_ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bdraft resolution\s*\(?(S/\d{4}/\d+(?:/Rev\.\d+)?)\)?[^.;]{0,160}?\b(?:was not adopted|has not been adopted|failed to be adopted|failed to obtain the required)")
        .expect("valid regex")
});

static ADOPTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bresolution (\d{1,4}) ?\((\d{4})\)([^.;]{0,200}?)\b(?:was |were |been |is )?adopted\b([^.;]{0,40})")
        .expect("valid regex")
});

/// First-person subjects that stand for the letter's author.
const FIRST_PERSON: [&str; 8] = [
    "my delegation",
    "my country",
    "my government",
    "our delegation",
    "we",
    "i",
    "ma délégation",
    "mon pays",
];

/// Prefixes before the state's name in a subject.
const SUBJECT_PREFIXES: [&str; 5] = [
    "the delegation of ",
    "the government of ",
    "the permanent mission of ",
    "the mission of ",
    "la délégation de ",
];

/// Adds the votes, decisions and explanations of vote of the written
/// procedure.
pub fn extract(text: &Text, st: &Structure, sink: &mut Sink) {
    let file_drafts: BTreeSet<String> = st
        .docs
        .iter()
        .filter(|d| d.item.doc_type == DocType::DraftResolution)
        .filter_map(|d| d.item.symbol.clone())
        .collect();
    let mut votes = Votes::default();
    for (di, doc) in st.docs.iter().enumerate() {
        if matches!(
            doc.item.doc_type,
            DocType::Letter | DocType::Note | DocType::Statement | DocType::Other
        ) {
            letter_votes(text, st, di, &file_drafts, sink, &mut votes);
        }
    }
    let decisions = decisions(text, st, &votes.list, sink);
    explanations(text, st, &decisions, sink);
}

/// The year of document `di`, or of the nearest enclosing document with a date.
fn doc_year(st: &Structure, di: usize) -> Option<u16> {
    ancestors(st, di).find_map(|k| year_of(st.docs[k].item.date.as_deref()))
}

/// Document `di` and the documents enclosing it, innermost first (bounded,
/// so that a malformed parent chain cannot loop).
fn ancestors(st: &Structure, di: usize) -> impl Iterator<Item = usize> + '_ {
    std::iter::successors(Some(di), move |&k| st.docs.get(k).and_then(|d| d.parent))
        .take(st.docs.len())
}

fn is_within(st: &Structure, di: usize, ancestor: usize) -> bool {
    ancestors(st, di).any(|k| k == ancestor)
}

/// The paragraphs of document `di` with the given roles, as (start, text).
fn paras<'a>(
    text: &'a Text,
    st: &'a Structure,
    di: usize,
    roles: &'a [ParagraphRole],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    st.paras
        .iter()
        .filter(move |p| p.doc == di && roles.contains(&p.item.role))
        .map(move |p| (p.range.start, &text.norm.text[p.range.clone()]))
}

const BODY: [ParagraphRole; 2] = [ParagraphRole::Body, ParagraphRole::SubItem];

/// The state the author of document `di` represents: its authors, else its
/// signature block.
fn author_member(text: &Text, st: &Structure, di: usize, year: Option<u16>) -> Option<Member> {
    let doc = &st.docs[di];
    let known = |s: &str| COUNCIL.resolve_author(s, year);
    doc.item
        .authors
        .iter()
        .find_map(|a| known(a))
        .or_else(|| doc.item.title.as_deref().and_then(known))
        .or_else(|| {
            paras(text, st, di, &[ParagraphRole::Signature])
                .flat_map(|(_, s)| s.lines().skip(1))
                .find_map(known)
        })
}

fn signer(text: &Text, st: &Structure, di: usize) -> Option<String> {
    paras(text, st, di, &[ParagraphRole::Signature])
        .chain(paras(text, st, di, &BODY))
        .find_map(|(_, s)| SIGNED.captures(s).map(|c| c[1].trim().to_string()))
}

/// The draft symbols document `di` mentions as a draft resolution.
fn drafts_mentioned(text: &Text, st: &Structure, di: usize) -> BTreeSet<String> {
    paras(text, st, di, &BODY)
        .flat_map(|(_, s)| {
            DRAFT_CONTEXT
                .captures_iter(s)
                .map(|c| symbol::printed(&c[1]))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// One draft out of several candidates: the only one, or the only one the
/// file holds as a draft.
fn pick(c: &BTreeSet<String>, file_drafts: &BTreeSet<String>) -> Option<String> {
    if c.len() == 1 {
        return c.iter().next().cloned();
    }
    let held: Vec<&String> = c.iter().filter(|s| file_drafts.contains(*s)).collect();
    (held.len() == 1).then(|| held[0].clone())
}

/// The draft a letter votes on, from the sentence outwards.
fn draft_voted_on(
    text: &Text,
    st: &Structure,
    di: usize,
    after_verb: &str,
    file_drafts: &BTreeSet<String>,
) -> Option<String> {
    if let Some(m) = DRAFT_SYMBOL.find(after_verb) {
        return Some(symbol::printed(m.as_str()));
    }
    for k in ancestors(st, di) {
        if let Some(s) = pick(&drafts_mentioned(text, st, k), file_drafts) {
            return Some(s);
        }
    }
    (file_drafts.len() == 1)
        .then(|| file_drafts.iter().next().cloned())
        .flatten()
}

/// The sentence around `at` in `s`: (start, end).
fn sentence(s: &str, at: usize) -> (usize, usize) {
    let start = s[..at].rfind(". ").map_or(0, |k| k + 2);
    let end = s[at..].find(". ").map_or(s.len(), |k| at + k + 1);
    (start, end)
}

/// The subject just before a verb phrase: the text after the last clause
/// break (", ", "that ", "; "), or `None` when it is no noun phrase.
fn subject(prefix: &str) -> Option<(usize, &str)> {
    let cut = [", ", "that ", "que ", "qu’", "qu'", "; ", ": ", "(", "\n"]
        .iter()
        .filter_map(|b| prefix.rfind(b).map(|k| k + b.len()))
        .max()
        .unwrap_or(0);
    let raw = &prefix[cut..];
    let subj = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    (!subj.is_empty() && subj.len() <= 100 && subj.split_whitespace().count() <= 12)
        .then_some((cut + lead, subj))
}

/// The Council member a letter's subject names ("the delegation of
/// France"), or the letter's author when the subject is another name of it.
fn named_member(subj: &str, year: Option<u16>, author: Option<&Member>) -> Option<Member> {
    let mut name = subj;
    for p in SUBJECT_PREFIXES {
        if subj
            .get(..p.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(p))
        {
            name = &subj[p.len()..];
        }
    }
    COUNCIL
        .resolve(name, year)
        .filter(|m| m.table_name.is_some())
        .or_else(|| {
            // "the People's Republic of China" in China's letter.
            author.cloned().filter(|a| {
                a.table_name
                    .as_deref()
                    .is_some_and(|t| COUNCIL.mentions(name, t))
            })
        })
}

fn letter_votes(
    text: &Text,
    st: &Structure,
    di: usize,
    file_drafts: &BTreeSet<String>,
    sink: &mut Sink,
    votes: &mut Votes,
) {
    let doc = &st.docs[di];
    let year = doc_year(st, di);
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for (base, s) in paras(text, st, di, &BODY) {
        let matches: Vec<regex::Captures<'_>> = VOTE.captures_iter(s).collect();
        // The member of the previous vote and the sentence it sits in, for a
        // coordinated verb ("votes in favour of S/X and abstains on S/Y").
        let mut prev: Option<(usize, Member)> = None;
        for (k, c) in matches.iter().enumerate() {
            let (Some(m), Some(verb)) = (c.get(0), c.name("verb")) else {
                continue;
            };
            let (sent_start, sent_end) = sentence(s, m.start());
            let region_end = matches
                .get(k + 1)
                .and_then(|n| n.get(0))
                .map_or(sent_end, |n| n.start().min(sent_end));
            let prefix = &s[sent_start..m.start()];
            let Some((subj_at, subj)) = subject(prefix) else {
                continue;
            };
            let Some(position) = PHRASES
                .verbs
                .iter()
                .find(|(v, _)| v == verb.as_str())
                .map(|(_, p)| *p)
            else {
                continue;
            };
            let lower = subj.to_lowercase();
            let first_person = FIRST_PERSON.contains(&lower.as_str()) || lower.starts_with("my ");
            let author = author_member(text, st, di, year);
            let coordinated = prev
                .as_ref()
                .filter(|(ps, _)| {
                    *ps == sent_start && (lower.ends_with(" and") || lower.ends_with(" but"))
                })
                .map(|(_, pm)| pm.clone());
            if coordinated.is_none()
                && c.name("aux").is_none()
                && (subj.ends_with(" to") || subj == "to")
            {
                continue;
            }
            let member = if let Some(pm) = coordinated.clone() {
                Some(pm)
            } else if first_person {
                author.clone()
            } else {
                named_member(subj, year, author.as_ref())
            };
            let Some(member) = member else {
                continue;
            };
            prev = Some((sent_start, member.clone()));
            let subj_at = if coordinated.is_some() {
                m.start() - sent_start
            } else {
                subj_at
            };
            let start = base + sent_start + subj_at;
            let end = base + verb.end();
            let ev = text.evidence(start, end, rules::VOTE_LETTER);
            if let Some(a) = &author
                && a.actor.id != member.actor.id
            {
                sink.warn(
                    &doc.item.id,
                    format!(
                        "the letter of {} states the vote of {}",
                        a.actor.label, member.actor.label
                    ),
                    ev.clone(),
                );
            }
            let Some(on) = draft_voted_on(text, st, di, &s[m.end()..region_end], file_drafts)
            else {
                sink.warn(
                    &doc.item.id,
                    format!(
                        "{} votes {} but no draft symbol is given",
                        member.actor.label,
                        position.as_str()
                    ),
                    ev,
                );
                continue;
            };
            if !seen.insert((member.actor.id.clone(), on.clone())) {
                continue;
            }
            if let (Some(false), Some(y)) = (member.on_council, year) {
                sink.warn(
                    &doc.item.id,
                    format!(
                        "{} votes on {on} but was not a member of the Council in {y}",
                        member.actor.label
                    ),
                    ev.clone(),
                );
            }
            if let Some(prev) = votes.first_of(&member.actor.id, &on) {
                sink.warn(
                    &doc.item.id,
                    format!(
                        "{} votes twice on {on} (also in {})",
                        member.actor.label, prev.doc
                    ),
                    ev.clone(),
                );
            }
            let vote = VoteItem {
                doc: doc.item.id.clone(),
                member: member.actor.id,
                member_label: member.actor.label,
                position,
                on,
                signer: signer(text, st, di),
                ev,
            };
            sink.push(Item::Vote(vote.clone()));
            votes.push(di, vote);
        }
    }
}

/// A decision announced by a letter, with the document index it sits in.
struct Announced {
    doc: usize,
    decision: DecisionItem,
}

/// The votes of a file's letters, with the first vote of each member on
/// each draft found by hash (a search through the list per vote was
/// quadratic in a file of many letters).
#[derive(Default)]
struct Votes {
    list: Vec<(usize, VoteItem)>,
    first: std::collections::HashMap<(String, String), usize>,
}

impl Votes {
    fn first_of(&self, member: &str, on: &str) -> Option<&VoteItem> {
        self.first
            .get(&(member.to_string(), on.to_string()))
            .map(|&i| &self.list[i].1)
    }

    fn push(&mut self, doc: usize, vote: VoteItem) {
        self.first
            .entry((vote.member.clone(), vote.on.clone()))
            .or_insert(self.list.len());
        self.list.push((doc, vote));
    }
}

fn decisions(
    text: &Text,
    st: &Structure,
    votes: &[(usize, VoteItem)],
    sink: &mut Sink,
) -> Vec<Announced> {
    let voting_docs: BTreeSet<usize> = votes.iter().map(|(d, _)| *d).collect();
    // The votes on each draft, and the decisions already announced: looked
    // up by hash, not by a scan per announcement.
    let mut on_draft: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, (_, v)) in votes.iter().enumerate() {
        on_draft.entry(v.on.as_str()).or_default().push(i);
    }
    let mut announced_keys: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    let mut out: Vec<Announced> = Vec::new();
    for (di, doc) in st.docs.iter().enumerate() {
        if doc.item.doc_type != DocType::Letter || voting_docs.contains(&di) {
            continue;
        }
        let own: Vec<(usize, &str)> = paras(text, st, di, &BODY).collect();
        if !own.iter().any(|(_, s)| s.to_lowercase().contains("vote")) {
            continue;
        }
        let announced = announced_draft(text, st, di);
        let year = doc_year(st, di);
        for (base, s) in &own {
            let stated = super::meeting::RESULT.captures(s).map(|c| {
                [1, 2, 3].map(|i| c.get(i).map_or(0, |m| super::meeting::number(m.as_str())))
            });
            for (range, outcome, resolution, draft, date) in outcomes(s) {
                let Some(draft) = draft.or_else(|| announced.clone()) else {
                    continue;
                };
                if announced_keys.contains(&(draft.clone(), resolution.clone())) {
                    continue;
                }
                let ev = text.evidence(
                    base + range.start,
                    base + range.end,
                    rules::DECISION_WRITTEN_PROCEDURE,
                );
                let enclosed: Vec<&VoteItem> = on_draft
                    .get(draft.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&i| &votes[i])
                    .filter(|(vd, _)| is_within(st, *vd, di))
                    .map(|(_, v)| v)
                    .collect();
                let n = |p: Position| enclosed.iter().filter(|v| v.position == p).count();
                let counted = [
                    n(Position::InFavour),
                    n(Position::Against),
                    n(Position::Abstaining),
                ];
                if let Some(c) = stated
                    && !enclosed.is_empty()
                    && c != counted
                {
                    sink.warn(
                        &doc.item.id,
                        format!(
                            "the tally of {draft} is {}-{}-{} but the voting letters give {}-{}-{}",
                            c[0], c[1], c[2], counted[0], counted[1], counted[2]
                        ),
                        ev.clone(),
                    );
                }
                let counts = stated.or((!enclosed.is_empty()).then_some(counted));
                check_all_voted(&doc.item.id, year, &enclosed, &ev, sink);
                let permanent_against: Vec<String> = enclosed
                    .iter()
                    .filter(|v| v.position == Position::Against)
                    .filter_map(|v| COUNCIL.resolve(&v.member_label, year))
                    .filter(|m| {
                        m.table_name
                            .as_deref()
                            .is_some_and(|t| COUNCIL.is_permanent(t))
                    })
                    .map(|m| m.actor.label)
                    .collect();
                let outcome = super::with_vetoes(
                    &doc.item.id,
                    &draft,
                    outcome,
                    &permanent_against,
                    &ev,
                    sink,
                );
                let decision = DecisionItem {
                    doc: doc.item.id.clone(),
                    draft: Some(draft.clone()),
                    outcome,
                    resolution,
                    tally: counts.map(|c| format!("{}-{}-{}", c[0], c[1], c[2])),
                    meeting: Some(doc.item.id.clone()),
                    date,
                    sponsors: draft_sponsors(st, &draft),
                    ev,
                    vetoed_by: Vec::new(),
                };
                sink.push(Item::Decision(decision.clone()));
                if let Some(d) = &decision.draft {
                    announced_keys.insert((d.clone(), decision.resolution.clone()));
                }
                out.push(Announced { doc: di, decision });
            }
        }
    }
    out
}

/// An outcome stated in a sentence: its span, the outcome, the resolution,
/// the draft named with it and the date.
type Stated = (
    std::ops::Range<usize>,
    Outcome,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The outcomes a paragraph of the President's letter states: "resolution
/// 2531 (2020) ... adopted on 29 June 2020", "draft resolution S/2020/600
/// was adopted as resolution 2531 (2020)", "draft resolution S/2020/654 was
/// not adopted" (a negative vote of a permanent member makes it a veto).
fn outcomes(s: &str) -> Vec<Stated> {
    let mut v: Vec<Stated> = Vec::new();
    for c in ADOPTED_AS.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        v.push((
            m.range(),
            Outcome::Adopted,
            Some(format!("S/RES/{} ({})", &c[2], &c[3])),
            c.get(1).map(|d| symbol::printed(d.as_str())),
            None,
        ));
    }
    for c in ADOPTED.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        if v.iter().any(|x| x.0.start < m.end() && m.start() < x.0.end) {
            continue;
        }
        v.push((
            m.range(),
            Outcome::Adopted,
            Some(format!("S/RES/{} ({})", &c[1], &c[2])),
            None,
            c.get(4).and_then(|t| parse_date(t.as_str())),
        ));
    }
    for c in NOT_ADOPTED.captures_iter(s) {
        let Some(m) = c.get(0) else { continue };
        let rest = &s[m.end()..];
        let sentence_rest = &rest[..rest.find(". ").unwrap_or(rest.len())];
        let outcome = if sentence_rest.contains("negative vote of a permanent member") {
            Outcome::Vetoed
        } else {
            Outcome::NotAdopted
        };
        v.push((m.range(), outcome, None, Some(symbol::printed(&c[1])), None));
    }
    v.sort_by_key(|x| x.0.start);
    v
}

/// The single draft a letter puts to the vote: the one it mentions, else
/// the one draft among the documents it encloses.
fn announced_draft(text: &Text, st: &Structure, di: usize) -> Option<String> {
    let mentioned = drafts_mentioned(text, st, di);
    if mentioned.len() == 1 {
        return mentioned.into_iter().next();
    }
    if !mentioned.is_empty() {
        return None;
    }
    let enclosed: Vec<&Doc> = st
        .docs
        .iter()
        .enumerate()
        .filter(|(k, d)| {
            *k != di && d.item.doc_type == DocType::DraftResolution && is_within(st, *k, di)
        })
        .map(|(_, d)| d)
        .collect();
    match enclosed.as_slice() {
        [d] => d.item.symbol.clone(),
        _ => None,
    }
}

/// Sponsors of a draft held in the file: its authors, as actor ids.
fn draft_sponsors(st: &Structure, draft: &str) -> Vec<String> {
    let Some(d) = st
        .docs
        .iter()
        .find(|d| d.item.symbol.as_deref() == Some(draft))
    else {
        return Vec::new();
    };
    let year = year_of(d.item.date.as_deref());
    d.item
        .authors
        .iter()
        .flat_map(|a| crate::extract::structure::split_names(a))
        .filter_map(|n| COUNCIL.resolve(&n, year).map(|m| m.actor.id))
        .collect()
}

/// Warns when members of the Council that year sent no vote.
fn check_all_voted(
    doc: &str,
    year: Option<u16>,
    votes: &[&VoteItem],
    ev: &crate::model::Evidence,
    sink: &mut Sink,
) {
    let (Some(y), false) = (year, votes.is_empty()) else {
        return;
    };
    let Some(members) = COUNCIL.members(y) else {
        return;
    };
    let voted: BTreeSet<&str> = votes.iter().map(|v| v.member.as_str()).collect();
    let missing: Vec<String> = members
        .iter()
        .filter_map(|m| COUNCIL.resolve(m, Some(y)))
        .filter(|m| !voted.contains(m.actor.id.as_str()))
        .map(|m| m.actor.label)
        .collect();
    if !missing.is_empty() {
        sink.warn(
            doc,
            format!(
                "{} votes found for the {} members of {y}; none from {}",
                votes.len(),
                members.len(),
                missing.join(", ")
            ),
            ev.clone(),
        );
    }
}

/// Statements that mention a decided resolution or its draft: one speaker
/// per statement, at the written procedure.
fn explanations(text: &Text, st: &Structure, decisions: &[Announced], sink: &mut Sink) {
    if decisions.is_empty() {
        return;
    }
    for (di, doc) in st.docs.iter().enumerate() {
        if doc.item.doc_type != DocType::Statement {
            continue;
        }
        let own: Vec<&str> = paras(text, st, di, &BODY).map(|(_, s)| s).collect();
        let about = decisions.iter().find(|a| {
            let res = a
                .decision
                .resolution
                .as_deref()
                .and_then(|r| r.strip_prefix("S/RES/"))
                .map(|r| format!("resolution {r}"));
            own.iter().any(|s| {
                res.as_deref().is_some_and(|r| s.contains(r))
                    || a.decision.draft.as_deref().is_some_and(|d| s.contains(d))
            })
        });
        let Some(a) = about else {
            continue;
        };
        let year = doc_year(st, a.doc);
        let Some(member) = author_member(text, st, di, year) else {
            continue;
        };
        let mut ev = doc.item.ev.clone();
        ev.rule = rules::SPEAKER_EXPLANATION_OF_VOTE.into();
        sink.speaker(SpeakerItem {
            doc: doc.item.id.clone(),
            meeting: a.decision.meeting.clone().unwrap_or_default(),
            member: member.actor.id,
            on_behalf_of: Vec::new(),
            ev,
        });
    }
}
