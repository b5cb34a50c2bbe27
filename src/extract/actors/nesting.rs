//! Names inside longer names, and longer names that are actors.
//!
//! A gazetteer name inside a longer capitalised name the gazetteer lacks
//! is not a mention of itself: "United Nations" in "United Nations
//! Programme of Action on Small Arms" or "Charter of the United Nations",
//! "European Union" in "European Union Training Mission", "ECOWAS" in
//! "ECOWAS Convention". The longer name is a run of capitalised words, with
//! "of", "for", "on", "in", "and", "the" (and French "de", "du", "des",
//! "la") between them, that stops at punctuation and at other names. Its
//! head is the capitalised word before its first such connector, else its
//! last word, and the head's kind (`ontology/name-heads.tsv`) says what the
//! longer name is:
//!
//! - a document or instrument ("Programme", "Charter", "Convention", and
//!   the words of `ontology/non-actor-heads.txt`): the inner name before
//!   the head, or right after it in an "of" complement, is no mention;
//! - an organisation ("Mission", "Force", "Assembly") or an office
//!   ("Chairperson", "Prosecutor"): the longer name becomes an actor of the
//!   document, `discovered/<slug>`, part of the inner actor.
//!
//! Capitalised names of at least three words with an organisation head
//! are discovered even with no gazetteer name inside ("the
//! Constitutional Drafting Assembly", "the Somali National Army"), and so
//! are bodies named by their legal basis ("the Committee established
//! pursuant to paragraph 24 of resolution 1970 (2011)"). A government
//! preceded by "Transition", "Transitional" or "Interim" is the transition
//! government, its own actor, part of the state.

use std::sync::LazyLock;

use regex::Regex;

use super::matcher::Tokens;
use super::{ActorRef, Mention, MentionKind, discovery, gazetteer};
use crate::extract::language::WORDS;
use crate::rules;
use crate::slug::slug;
use crate::text::Text;
use crate::text::words::{self, WordKey};

/// What a longer name is, by its head word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadKind {
    /// An actor: a mission, force, body ...
    Organisation,
    /// An office holder.
    Office,
    /// A document or instrument, not an actor.
    Document,
}

/// The head words by their lower-case key ([`words::key`]).
static HEADS: LazyLock<rustc_hash::FxHashMap<WordKey, HeadKind>> = LazyLock::new(|| {
    let mut out = rustc_hash::FxHashMap::default();
    for l in include_str!("../../../ontology/non-actor-heads.txt").lines() {
        let w = l.trim();
        if !w.is_empty() && !w.starts_with('#') {
            out.insert(words::key(&[w.as_bytes()]), HeadKind::Document);
        }
    }
    for l in include_str!("../../../ontology/name-heads.tsv").lines() {
        if l.starts_with('#') {
            continue;
        }
        let Some((w, k)) = l.split_once('\t') else {
            continue;
        };
        let kind = match k.trim() {
            "organisation" => HeadKind::Organisation,
            "office" => HeadKind::Office,
            "document" => HeadKind::Document,
            _ => continue,
        };
        out.insert(words::key(&[w.trim().as_bytes()]), kind);
    }
    out
});

/// The kind of a head word, if it is one.
pub fn head_kind(word: &str) -> Option<HeadKind> {
    // Lower-cased on the stack, without a string of its own.
    HEADS.get(&words::key(&[word.as_bytes()])).copied()
}

const CONNECTORS: [&str; 11] = [
    "of", "for", "on", "in", "and", "the", "to", "de", "du", "des", "la",
];

/// Words that open a sentence or a name without being part of it.
const OPENERS: [&str; 6] = ["The", "A", "An", "This", "Its", "All"];

/// Capitalised words that are dates, not parts of names ("the Prosecutor
/// of the ICC in June").
fn is_connector(w: &str) -> bool {
    CONNECTORS.contains(&w)
}

fn capitalised(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase()) && !WORDS.is_month("en", w)
}

/// Only white space between tokens `a` and `a + 1`, in one block (a line
/// break inside a block counts: PDF text wraps names).
fn joined(t: &str, toks: &Tokens, block: &[Option<usize>], a: usize) -> bool {
    let (a_end, b_start) = (toks.toks[a].end, toks.toks[a + 1].start);
    block[a] == block[a + 1]
        && a_end < b_start
        && t[a_end..b_start].chars().all(char::is_whitespace)
}

/// The tokens of a capitalised run around tokens `first..=last`: capitalised
/// words and connectors between capitalised words, stopping at punctuation
/// and at tokens in `taken` (other names).
fn run(
    t: &str,
    toks: &Tokens,
    block: &[Option<usize>],
    first: usize,
    last: usize,
    taken: &[bool],
) -> (usize, usize) {
    let word = |i: usize| &t[toks.toks[i].start..toks.toks[i].end];
    let n = toks.toks.len();
    // Right: connectors only when a capitalised free word follows them.
    let mut end = last;
    let mut j = last + 1;
    while j < n && joined(t, toks, block, j - 1) && !taken[j] {
        let w = word(j);
        // "the House of Representatives and the Constitutional Drafting
        // Assembly": "and the" joins two names, not two words of one.
        // ... and after a head word: "the Somali National Army and Somali
        // Police Force" are two names.
        let and_the = w == "and"
            && ((j + 1 < n && word(j + 1) == "the")
                || head_kind(word(j - 1)).is_some_and(|k| k != HeadKind::Document));
        if capitalised(w) {
            end = j;
            j += 1;
        } else if is_connector(w) && !and_the {
            j += 1;
        } else {
            break;
        }
    }
    // Left, the same way.
    let mut start = first;
    let mut i = first;
    while i > 0 && joined(t, toks, block, i - 1) && !taken[i - 1] {
        let w = word(i - 1);
        let and_the = (w == "the" && i >= 2 && word(i - 2) == "and")
            || (w == "and"
                && i >= 2
                && head_kind(word(i - 2)).is_some_and(|k| k != HeadKind::Document));
        if capitalised(w) {
            start = i - 1;
            i -= 1;
        } else if is_connector(w) && !and_the {
            i -= 1;
        } else {
            break;
        }
    }
    (start, end)
}

/// The head of the name starting at token `s` and ending at `end`: the
/// capitalised word before the first connector, else the last word.
fn head(t: &str, toks: &Tokens, s: usize, end: usize) -> usize {
    let word = |i: usize| &t[toks.toks[i].start..toks.toks[i].end];
    let mut h = s;
    for i in s..=end {
        let w = word(i);
        if is_connector(w) {
            break;
        }
        if capitalised(w) {
            h = i;
        }
    }
    h
}

/// Whether only "of" or "of the" lies between tokens `h` and `m`.
fn of_complement(t: &str, toks: &Tokens, h: usize, m: usize) -> bool {
    let words: Vec<&str> = (h + 1..m)
        .map(|i| &t[toks.toks[i].start..toks.toks[i].end])
        .collect();
    matches!(words.as_slice(), ["of"] | ["of", "the"])
}

fn discovered(t: &str, start: usize, end: usize, part_of: Option<String>) -> Mention {
    let name = &t[start..end];
    Mention {
        start,
        end,
        actor: ActorRef {
            id: format!("discovered/{}", slug(name)),
            label: name.split_whitespace().collect::<Vec<_>>().join(" "),
            class: discovery::CLASS.into(),
            part_of,
        },
        rule: rules::ACTORS_LONGER_NAME,
        kind: MentionKind::Actor,
    }
}

/// Token `i` as a `taken` mask index: the tokens covered by mentions.
fn taken_mask(toks: &Tokens, ms: &[Mention]) -> Vec<bool> {
    let mut taken = vec![false; toks.toks.len()];
    for m in ms {
        let mut i = toks.first_at(m.start);
        while i < toks.toks.len() && toks.toks[i].start < m.end {
            taken[i] = true;
            i += 1;
        }
    }
    taken
}

/// Applies the longer-name rules to the mentions of a text.
pub fn apply(text: &Text, toks: &Tokens, ms: &mut Vec<Mention>) {
    let t = text.norm.text.as_str();
    let block: Vec<Option<usize>> = toks
        .toks
        .iter()
        .map(|x| text.norm.block_at(x.start))
        .collect();
    transition_governments(t, ms);
    let mut taken = taken_mask(toks, ms);
    let word = |i: usize| &t[toks.toks[i].start..toks.toks[i].end];
    let mut drop = vec![false; ms.len()];
    let mut saved: Vec<bool> = Vec::new();
    let mut add: Vec<Mention> = Vec::new();
    for (k, m) in ms.iter().enumerate() {
        if m.kind == MentionKind::Place && m.actor.class == super::places::PLACE_CLASS {
            continue;
        }
        let first = toks.first_at(m.start);
        if first >= toks.toks.len() {
            continue;
        }
        let mut last = first;
        while last + 1 < toks.toks.len() && toks.toks[last + 1].start < m.end {
            last += 1;
        }
        // Other names stop the run; this one does not (its own tokens are
        // cleared for the call and restored after it: a copy of the whole
        // mask per mention was quadratic in a long paragraph).
        saved.clear();
        saved.extend_from_slice(&taken[first..=last]);
        taken[first..=last].fill(false);
        let (rs, re) = run(t, toks, &block, first, last, &taken);
        taken[first..=last].copy_from_slice(&saved);
        if rs == first && re == last {
            continue;
        }
        // The first start whose head has a kind decides.
        for s in rs..=first {
            let w = word(s);
            if !capitalised(w) || OPENERS.contains(&w) && s < first {
                continue;
            }
            let h = head(t, toks, s, re);
            if (first..=last).contains(&h) {
                break;
            }
            let Some(kind) = head_kind(word(h)) else {
                continue;
            };
            // "the Permanent Representative of Belgium" speaks for the
            // state: a state (or a principal organ) in an "of" complement
            // stays a mention.
            let state = matches!(m.actor.class.as_str(), "MemberState" | "UNOrgan");
            let inner = h > last || (of_complement(t, toks, h, first) && !state);
            if !inner {
                break;
            }
            drop[k] = true;
            if kind != HeadKind::Document && re - s >= 1 {
                let parent = (m.kind == MentionKind::Actor).then(|| m.actor.id.clone());
                add.push(discovered(t, toks.toks[s].start, toks.toks[re].end, parent));
            }
            break;
        }
    }
    let mut k = 0;
    ms.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    add.sort_by_key(|m| (m.start, m.end));
    add.dedup_by_key(|m| (m.start, m.end));
    ms.extend(add);
    let bodies = established(t, ms);
    ms.extend(bodies);
    ms.sort_by_key(|m| (m.start, m.end));
    let taken = taken_mask(toks, ms);
    let found = free_names(t, toks, &block, &taken);
    ms.extend(found);
    ms.sort_by_key(|m| (m.start, m.end));
}

/// Capitalised names of three words or more, with an organisation head,
/// that no other rule has claimed.
fn free_names(t: &str, toks: &Tokens, block: &[Option<usize>], taken: &[bool]) -> Vec<Mention> {
    let word = |i: usize| &t[toks.toks[i].start..toks.toks[i].end];
    let n = toks.toks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let w = word(i);
        // A block's first word is a verb or a heading, not a name's.
        let opens_block = i == 0 || block[i - 1] != block[i];
        if taken[i] || !capitalised(w) || OPENERS.contains(&w) || opens_block {
            i += 1;
            continue;
        }
        let (_, re) = run(t, toks, block, i, i, taken);
        let mut done = re + 1;
        // Starts inside the run, left to right: "Calls on the House of
        // Representatives" is "House of Representatives".
        for s in i..=re {
            let ws = word(s);
            if !capitalised(ws) || OPENERS.contains(&ws) {
                continue;
            }
            let h = head(t, toks, s, re);
            // Offices need the organisation they belong to: "Ambassador
            // Permanent Representative" alone names no actor. A name that
            // opens with its head continues with "of" ("House of
            // Representatives"), not "in August" or "and North".
            let head_first_ok = h > s || (h < re && word(h + 1) == "of");
            if head_kind(word(h)) == Some(HeadKind::Organisation) && re >= s + 2 && head_first_ok {
                out.push(discovered(t, toks.toks[s].start, toks.toks[re].end, None));
                done = re + 1;
                break;
            }
        }
        i = done.max(i + 1);
    }
    out
}

static ESTABLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:Security Council )?(?:Committee|Panel of Experts|Group of Experts|Monitoring Team|Panel|Working Group)\s+established\s+(?:pursuant\s+to|by|under)\s+(?:paragraphs?\s+\d+(?:\s*\([a-z]\))?\s+of\s+)?resolutions?\s+\d{1,4}(?:\s*\(\d{4}\))?",
    )
    .expect("valid regex")
});

/// Bodies named by their legal basis: "the Panel of Experts established
/// pursuant to paragraph 24 of resolution 1973 (2011)". The gazetteer's
/// own labels of this form win.
fn established(t: &str, ms: &mut Vec<Mention>) -> Vec<Mention> {
    let mut out = Vec::new();
    for m in ESTABLISHED.find_iter(t) {
        // Covered by a gazetteer label, or the tail of a longer known name
        // ("Analytical Support and Sanctions Monitoring Team established
        // ...").
        // A gazetteer label that runs past "established" is the body,
        // with or without the year ("... resolution 2374 \n\n(2017)").
        let basis = m.start() + m.as_str().find("established").unwrap_or(0);
        let covered = ms.iter().any(|e| {
            (e.start <= m.start() && basis < e.end && e.actor.class != "UNOrgan")
                || (e.start < m.start() && m.start() < e.end)
        });
        if covered {
            continue;
        }
        ms.retain(|e| !(m.start() <= e.start && e.end <= m.end()));
        let mut d = discovered(t, m.start(), m.end(), None);
        d.rule = rules::ACTORS_ESTABLISHED_BODY;
        out.push(d);
    }
    out
}

static TRANSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(Transition|Transitional|Interim) $").expect("valid regex"));

/// "the Transition Government of Mali": its own actor, part of the state.
fn transition_governments(t: &str, ms: &mut [Mention]) {
    let g = gazetteer::get();
    for m in ms.iter_mut() {
        let Some(state) = m.actor.id.strip_prefix("government-of-") else {
            continue;
        };
        let from = t.floor_char_boundary(m.start.saturating_sub(20));
        let Some(c) = TRANSITION.captures(&t[from..m.start]) else {
            continue;
        };
        let Some(w) = c.get(1) else { continue };
        let id = format!("transition-government-of-{state}");
        let state_id = format!("state/{state}");
        m.start = from + w.start();
        m.actor = match g.actor(&id) {
            Some(a) => a.into(),
            None => ActorRef {
                label: format!("Transition {}", m.actor.label),
                id,
                class: "Government".into(),
                part_of: g.actor(&state_id).map(|_| state_id.clone()),
            },
        };
        m.rule = rules::ACTORS_TRANSITION_GOVERNMENT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::actors::matcher::tokenize;

    proptest::proptest! {
        // The look-up against the look-up of the word lower-cased first,
        // for words of any case, script and length (the table has a head
        // with an accent, "communiqué").
        #[test]
        fn head_kind_is_the_lower_case_look_up(w in "(?i)(mission|force|communiqué|chairperson|convention)|[A-Za-zÉé]{0,40}") {
            proptest::prop_assert_eq!(
                head_kind(&w),
                HEADS.get(&words::key(&[w.to_lowercase().as_bytes()])).copied()
            );
        }
    }

    #[test]
    fn heads_come_from_the_data_files() {
        assert_eq!(head_kind("Mission"), Some(HeadKind::Organisation));
        assert_eq!(head_kind("Chairperson"), Some(HeadKind::Office));
        assert_eq!(head_kind("Convention"), Some(HeadKind::Document));
        // From ontology/non-actor-heads.txt.
        assert_eq!(head_kind("Agreement"), Some(HeadKind::Document));
        assert_eq!(head_kind("States"), None);
    }

    #[test]
    fn the_head_is_the_word_before_the_first_connector() {
        let t = "Programme of Action on Small Arms";
        let toks = tokenize(t);
        let end = toks.toks.len() - 1;
        assert_eq!(
            &t[toks.toks[head(t, &toks, 0, end)].start..][..9],
            "Programme"
        );
        let t = "European Union Training Mission";
        let toks = tokenize(t);
        let h = head(t, &toks, 0, 3);
        assert_eq!(&t[toks.toks[h].start..toks.toks[h].end], "Mission");
    }

    #[test]
    fn and_the_joins_two_names() {
        let t = "House of Representatives and the Constitutional Drafting Assembly";
        let toks = tokenize(t);
        let block = vec![Some(0); toks.toks.len()];
        let taken = vec![false; toks.toks.len()];
        let (s, e) = run(t, &toks, &block, 0, 0, &taken);
        assert_eq!(
            &t[toks.toks[s].start..toks.toks[e].end],
            "House of Representatives"
        );
    }
}
