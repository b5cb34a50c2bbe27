//! Actor extraction: who a document names, who signs it, whom the Council
//! addresses and what it decides about a mission.
//!
//! - [`gazetteer`] reads `ontology/actors.ttl` (SKOS labels, a class per
//!   kind of actor, group membership) and [`matcher`] finds its labels in
//!   the normalized text, leftmost-longest, folding case and diacritics but
//!   keeping acronyms case-sensitive.
//! - [`discovery`] turns "Long Form Name (ACRONYM)" definitions the
//!   gazetteer lacks into actors of the document, and matches later uses of
//!   the acronym.
//! - [`persons`] reads signature blocks: the person, the role and the state
//!   represented.
//! - [`addressees`] links each clause of an operative paragraph ("Urges",
//!   "Calls upon", "Requests" ...) to the actors it addresses, expanding
//!   groups to their members; [`mandates`] reads mandate extensions and
//!   personnel ceilings.
//! - [`nesting`] keeps a name inside a longer name from counting ("United
//!   Nations" in "Charter of the United Nations") and discovers the longer
//!   name when it is an organisation; [`coordination`] splits "the
//!   Plateforme and Coordination armed groups" into its members;
//!   [`places`] tells a state named as a place ("the situation in Mali")
//!   from a state acting or addressed.

pub mod addressees;
pub mod coordination;
pub mod discovery;
pub mod gazetteer;
pub mod mandates;
pub mod matcher;
pub mod nesting;
pub mod persons;
pub mod places;

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Structure;
use crate::model::{ActorItem, Item, PlaceItem};
use crate::rules;
use crate::text::{BlockKind, Text};

/// A resolved actor: canonical id, preferred label and class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// Canonical id (`state/russian-federation`, `minusma`).
    pub id: String,
    /// Preferred label ("Russian Federation").
    pub label: String,
    /// Class (`MemberState`, `Mission`, ...).
    pub class: String,
    /// The actor it is part of (a mission's organisation, a transition
    /// government's state).
    pub part_of: Option<String>,
}

impl From<&gazetteer::Actor> for ActorRef {
    fn from(a: &gazetteer::Actor) -> ActorRef {
        ActorRef {
            id: a.id.clone(),
            label: a.label.clone(),
            class: a.class.clone(),
            part_of: a.part_of.clone(),
        }
    }
}

/// Whether a mention names an actor or a place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MentionKind {
    /// Someone acting, addressed or spoken of.
    #[default]
    Actor,
    /// A state, region or city named as where something is ("in Mali").
    Place,
}

impl MentionKind {
    /// The name used in items and tests (`actor`, `place`).
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Actor => "actor",
            MentionKind::Place => "place",
        }
    }
}

/// Resolves a state's name as written in UN texts and metadata ("RUSSIAN
/// FEDERATION", "the Republic of Niger", "United Kingdom of Great Britain and
/// Northern Ireland") to its actor. Names that are not states give `None`.
pub fn lookup_state(name: &str) -> Option<ActorRef> {
    gazetteer::get()
        .lookup(name)
        .filter(|a| a.class == "MemberState")
        .map(ActorRef::from)
}

/// Resolves any actor's name, alias or acronym ("MINUSMA", "the G-5 Sahel
/// Joint Force", "Secretary-General") to its actor.
pub fn lookup(name: &str) -> Option<ActorRef> {
    gazetteer::get().lookup(name).map(ActorRef::from)
}

/// Resolves a name as a person types it: a label, alias or acronym in any
/// case ("usa", "U.K.", "G-5"), else a state's demonym ("french" is France).
pub fn resolve(name: &str) -> Option<ActorRef> {
    gazetteer::get().resolve(name).map(ActorRef::from)
}

/// An actor mention found in the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Normalized span.
    pub start: usize,
    /// Normalized end.
    pub end: usize,
    /// The actor.
    pub actor: ActorRef,
    /// The rule that found it.
    pub rule: &'static str,
    /// Actor or place.
    pub kind: MentionKind,
}

/// All actor mentions of a text, in text order: gazetteer labels outside
/// mastheads and the documents' discovered actors.
pub fn mentions(text: &Text, st: &Structure) -> Vec<Mention> {
    let g = gazetteer::get();
    let norm = &text.norm;
    let toks = matcher::tokenize(&norm.text);
    // The whole text at once: a name cut over two blocks by a page break
    // is still one name. Matches that start in a masthead are dropped.
    let mut out: Vec<Mention> = g
        .find(&norm.text, &toks, 0..toks.toks.len())
        .into_iter()
        .filter(|m| {
            norm.block_at(m.start)
                .is_none_or(|b| norm.blocks[b].kind != BlockKind::Masthead)
                && !negated(&norm.text[..m.start])
        })
        .map(|m| Mention {
            start: m.start,
            end: m.end,
            actor: g.at(m.value).into(),
            rule: rules::ACTORS_GAZETTEER,
            kind: MentionKind::Actor,
        })
        .collect();
    governments(text, &mut out);
    coordination::apply(norm.text.as_str(), &mut out);
    nesting::apply(text, &toks, &mut out);
    out.extend(the_council(text, &out));
    let found = discovery::discover(text, st, &toks);
    let discovered = discovery::mentions(text, st, &toks, &found, &out);
    // "Lake Chad Basin Commission (LCBC)": the defined name wins over the
    // state inside it.
    let defined = SpanIndex::new(discovered.iter().map(|d| (d.start, d.end)));
    out.retain(|m| !defined.contains_longer(m.start, m.end));
    out.extend(discovered);
    out.sort_by_key(|m| (m.start, m.end));
    let aliases = discovery::short_forms(text, st, &toks, &out);
    out.extend(aliases);
    out.sort_by_key(|m| (m.start, m.end));
    let back = anaphora(text, st, &out);
    out.extend(back);
    out.sort_by_key(|m| (m.start, m.end));
    places::classify(&norm.text, &mut out);
    out
}

/// "France, in its capacity as penholder": the mention gets the role.
static PENHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:in its capacity as|as the|as)\s+(?:the\s+)?pen-?holder\b")
        .expect("valid regex")
});

const ANAPHORA_TSV: &str = include_str!("../../ontology/anaphora.tsv");

/// (description, class) pairs of `ontology/anaphora.tsv`.
static ANAPHORA: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    ANAPHORA_TSV
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .collect()
});

static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    let mut alts: Vec<&str> = ANAPHORA.iter().map(|x| x.0.as_str()).collect();
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    let alt = alts
        .iter()
        .map(|a| regex::escape(a))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"\b(?:the|The) ({alt})\b(\s+(?:[A-Z]\w*|of|in|for)\b)?"
    ))
    .expect("valid regex")
});

/// "the Mission", "the Joint Force": the last actor of the class named
/// before, in the same document.
///
/// `existing` is sorted by position. Each description's possible
/// antecedents (its class, its head word) are listed once, so that each
/// description is resolved by a binary search, not by a walk back over
/// every mention before it (quadratic in a long report).
fn anaphora(text: &Text, st: &Structure, existing: &[Mention]) -> Vec<Mention> {
    let t = &text.norm.text;
    let taken = SpanIndex::new(existing.iter().map(|m| (m.start, m.end)));
    let mut candidates: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    let mut out = Vec::new();
    for c in ANAPHOR.captures_iter(t) {
        let Some(d) = c.get(1) else { continue };
        if c.get(2).is_some() || taken.overlaps(d.start(), d.end()) {
            continue;
        }
        let Some((_, class)) = ANAPHORA.iter().find(|x| x.0 == d.as_str()) else {
            continue;
        };
        let list = candidates.entry(d.as_str()).or_insert_with(|| {
            (0..existing.len())
                .filter(|&i| {
                    let m = &existing[i];
                    &m.actor.class == class && names_head(m, d.as_str(), t)
                })
                .collect()
        });
        // The last of them that ends before the description, in its
        // document (documents are consecutive stretches of the text).
        let before = list.partition_point(|&i| existing[i].start <= d.start());
        let doc = st.doc_at(text, d.start());
        let antecedent = list[..before]
            .iter()
            .rev()
            .map(|&i| &existing[i])
            .find(|m| m.end <= d.start())
            .filter(|m| st.doc_at(text, m.start) == doc);
        if let Some(a) = antecedent {
            out.push(Mention {
                start: d.start(),
                end: d.end(),
                actor: a.actor.clone(),
                rule: rules::ACTORS_ANAPHORA,
                kind: MentionKind::Actor,
            });
        }
    }
    out
}

/// Whether the antecedent's name or label holds the description's head
/// word: "the Committee" is a committee, not the Panel of Experts.
fn names_head(m: &Mention, description: &str, t: &str) -> bool {
    let head = description.rsplit(' ').next().unwrap_or(description);
    t[m.start..m.end].contains(head) || m.actor.label.contains(head)
}

static GOVERNMENT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b((?:Federal )?Government of (?:the )?)$").expect("valid regex")
});

/// "the Government of the DRC": the government of a state the gazetteer
/// knows, as its own actor (`government-of-<state>`).
fn governments(text: &Text, out: &mut [Mention]) {
    let t = &text.norm.text;
    for m in out.iter_mut() {
        if m.actor.class != "MemberState" {
            continue;
        }
        let from = t.floor_char_boundary(m.start.saturating_sub(50));
        let Some(c) = GOVERNMENT_OF.captures(&t[from..m.start]) else {
            continue;
        };
        let Some(g) = c.get(1) else { continue };
        let state = m.actor.id.trim_start_matches("state/");
        m.start -= g.as_str().len();
        let id = format!("government-of-{state}");
        m.actor = match gazetteer::get().actor(&id) {
            Some(a) => a.into(),
            None => ActorRef {
                id,
                label: format!("Government of {}", m.actor.label),
                class: "Government".into(),
                part_of: None,
            },
        };
        m.rule = rules::ACTORS_GOVERNMENT_OF;
    }
}

/// Spans sorted by start, with the greatest end up to each: whether a span
/// overlaps or lies inside one of them, at a binary search each. The
/// passes that ask it for every match of a pattern asked every mention
/// before, quadratic in a long document.
struct SpanIndex {
    /// (start, end), sorted.
    spans: Vec<(usize, usize)>,
    /// The greatest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> SpanIndex {
        let mut spans: Vec<(usize, usize)> = spans.collect();
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |m, &(_, e)| {
                *m = (*m).max(e);
                Some(*m)
            })
            .collect();
        SpanIndex { spans, max_end }
    }

    /// Whether a span shares a byte with `start..end`.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let k = self.spans.partition_point(|&(s, _)| s < end);
        k > 0 && self.max_end[k - 1] > start
    }

    /// Whether a span holds `start..end` and is longer.
    fn contains_longer(&self, start: usize, end: usize) -> bool {
        // Starting before it: holding it is enough.
        let before = self.spans.partition_point(|&(s, _)| s < start);
        if before > 0 && self.max_end[before - 1] >= end {
            return true;
        }
        // Starting with it: the longest of those (sorted last) must end
        // after it.
        let with = self.spans.partition_point(|&(s, _)| s <= start);
        with > before && self.spans[with - 1].1 > end
    }
}

/// The mentions of `ms` (sorted by start, as [`mentions`] gives them) that
/// start in `range`: a slice found by binary search, for the passes that
/// look at each paragraph's or clause's mentions (scanning all of them for
/// each was quadratic in a long document).
pub(crate) fn starting_in(ms: &[Mention], range: std::ops::Range<usize>) -> &[Mention] {
    let lo = ms.partition_point(|m| m.start < range.start);
    let hi = ms.partition_point(|m| m.start < range.end);
    &ms[lo..hi.max(lo)]
}

/// "non-United Nations security forces" names no actor.
fn negated(before: &str) -> bool {
    let b = before.trim_end_matches(['-', '\u{2010}', '\u{2011}']);
    b.len() < before.len() && (b.ends_with("non") || b.ends_with("Non"))
}

static THE_COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:the|this|The|This) (Council)\b(?:\s+(of)\b)?|\b(Council) members\b")
        .expect("valid regex")
});

/// In Council documents "the Council" and "Council members" name the
/// Security Council; "the Council of Ministers" does not.
fn the_council(text: &Text, existing: &[Mention]) -> Vec<Mention> {
    let Some(sc) = gazetteer::get().actor("security-council") else {
        return Vec::new();
    };
    let t = &text.norm.text;
    let taken = SpanIndex::new(existing.iter().map(|m| (m.start, m.end)));
    THE_COUNCIL
        .captures_iter(t)
        .filter(|c| c.get(2).is_none())
        .filter_map(|c| c.get(1).or(c.get(3)))
        .filter(|m| !taken.overlaps(m.start(), m.end()))
        .map(|m| Mention {
            start: m.start(),
            end: m.end(),
            actor: sc.into(),
            rule: rules::ACTORS_THE_COUNCIL,
            kind: MentionKind::Actor,
        })
        .collect()
}

/// Adds the actor mentions, persons, addressees and mandates found in `text`
/// to `out`.
pub fn extract(text: &Text, st: &Structure, out: &mut Vec<Item>) {
    if st.docs.is_empty() {
        return;
    }
    let all = mentions(text, st);
    let (places, ms): (Vec<Mention>, Vec<Mention>) =
        all.into_iter().partition(|m| m.kind == MentionKind::Place);
    for m in &places {
        out.push(Item::Place(PlaceItem {
            doc: st.doc_id_at(text, m.start).to_string(),
            paragraph: st.para_id_at(text, m.start).map(str::to_string),
            place: m.actor.id.clone(),
            label: m.actor.label.clone(),
            class: m.actor.class.clone(),
            ev: text.evidence(m.start, m.end, rules::ACTORS_PLACE),
        }));
    }
    for m in &ms {
        let after = &text.norm.text[m.end..];
        let role = PENHOLDER.is_match(after).then(|| "penholder".to_string());
        out.push(Item::Actor(ActorItem {
            doc: st.doc_id_at(text, m.start).to_string(),
            paragraph: st.para_id_at(text, m.start).map(str::to_string),
            actor: m.actor.id.clone(),
            label: m.actor.label.clone(),
            class: m.actor.class.clone(),
            role,
            represents: None,
            part_of: m.actor.part_of.clone(),
            ev: text.evidence(m.start, m.end, m.rule),
        }));
    }
    out.extend(persons::extract(text, st).into_iter().map(Item::Actor));
    out.extend(
        addressees::extract(text, st, &ms)
            .into_iter()
            .map(Item::Addressee),
    );
    out.extend(
        mandates::extract(text, st, &ms)
            .into_iter()
            .map(Item::Mandate),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The index answers as the scans it replaced.
        #[test]
        fn span_index_answers_as_a_scan(
            spans in proptest::collection::vec((0usize..40, 1usize..8), 0..20),
            (start, len) in (0usize..40, 1usize..8),
        ) {
            let spans: Vec<(usize, usize)> = spans.into_iter().map(|(s, l)| (s, s + l)).collect();
            let end = start + len;
            let index = SpanIndex::new(spans.iter().copied());
            prop_assert_eq!(
                index.overlaps(start, end),
                spans.iter().any(|&(s, e)| s < end && start < e)
            );
            prop_assert_eq!(
                index.contains_longer(start, end),
                spans.iter().any(|&(s, e)| s <= start && end <= e && e - s > end - start)
            );
        }
    }

    #[test]
    fn lookup_state_resolves_long_and_upper_case_forms() {
        for (name, id) in [
            ("RUSSIAN FEDERATION", "state/russian-federation"),
            (
                "United Kingdom of Great Britain and Northern Ireland",
                "state/united-kingdom",
            ),
            ("the Republic of Niger", "state/niger"),
            ("Federal Republic of Germany", "state/germany"),
            ("Viet Nam", "state/viet-nam"),
            ("UNITED STATES", "state/united-states"),
        ] {
            assert_eq!(
                lookup_state(name).map(|a| a.id),
                Some(id.to_string()),
                "{name}"
            );
        }
        assert_eq!(lookup_state("MINUSMA"), None);
        assert_eq!(lookup("MINUSMA").map(|a| a.class), Some("Mission".into()));
    }
}
