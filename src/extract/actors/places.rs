//! Places: a state named as where something happens is not an actor.
//!
//! "The situation in Mali", "in northern Mali", "Mali's territory", "the
//! Sahel region", "Somalia and the region": the state (or a region or city
//! of class `Place`, which is never an actor) is a place. "Mali requests",
//! "calls upon Mali", "the Government of Mali" keep it an actor. The words
//! that say so are data (`ontology/places.tsv`): prepositions of place,
//! direction and topic before the name, place nouns after it or coordinated
//! with it. A name coordinated with a place ("in Mali and Niger") is a place
//! too. "on" is a topic ("resolutions on Libya") except after an addressing
//! verb ("calls on Libya"), read from `ontology/addressee-verbs.tsv`.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Mention, MentionKind};

const PLACES_TSV: &str = include_str!("../../../ontology/places.tsv");
const VERBS_TSV: &str = include_str!("../../../ontology/addressee-verbs.tsv");

/// The class of regions and cities: their mentions are always places.
pub const PLACE_CLASS: &str = "Place";

#[derive(Default)]
struct Words {
    before: HashSet<String>,
    direction: HashSet<String>,
    after: HashSet<String>,
    conjunct: HashSet<String>,
    /// Verbs whose particle is "on" ("calls", "calling", "relies").
    on_verbs: HashSet<String>,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let mut w = Words::default();
    for l in PLACES_TSV.lines() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((word, place)) = l.split_once('\t') else {
            continue;
        };
        let set = match place.trim() {
            "before" => &mut w.before,
            "direction" => &mut w.direction,
            "after" => &mut w.after,
            "conjunct" => &mut w.conjunct,
            _ => continue,
        };
        set.insert(word.trim().to_string());
    }
    for l in VERBS_TSV.lines() {
        if l.starts_with('#') {
            continue;
        }
        let phrase = l.split('\t').next().unwrap_or("");
        if let Some(verb) = phrase.strip_suffix(" on") {
            // "calls on": "calls", "call", "calling", "called".
            w.on_verbs.insert(verb.to_string());
            let stem = verb.strip_suffix('s').unwrap_or(verb);
            for form in [stem.to_string(), format!("{stem}ing"), format!("{stem}ed")] {
                w.on_verbs.insert(form);
            }
        }
    }
    w
});

/// Whether a mention of this class can be a place: states and places.
fn placeable(class: &str) -> bool {
    class == "MemberState" || class == PLACE_CLASS
}

/// The words of `s` from the end, lower-cased, letters, digits and hyphens.
fn words_back(s: &str) -> impl Iterator<Item = String> + '_ {
    s.rsplit(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The text right before a name, without a trailing "the".
fn before_name(t: &str, start: usize) -> &str {
    let from = t.floor_char_boundary(start.saturating_sub(60));
    let b = t[from..start].trim_end();
    b.strip_suffix(" the")
        .or_else(|| b.strip_suffix(" The"))
        .unwrap_or(b)
}

/// Whether the words before a name make it a place.
fn place_before(t: &str, start: usize) -> bool {
    let w = &*WORDS;
    let b = before_name(t, start);
    // Only spaces between the word and the name: "in Mali", not "in, Mali".
    if !b.ends_with(|c: char| c.is_alphanumeric()) {
        return false;
    }
    let mut back = words_back(b);
    let Some(last) = back.next() else {
        return false;
    };
    if w.direction.contains(&last) {
        return true;
    }
    if !w.before.contains(&last) {
        return false;
    }
    if last == "on" {
        let prev = back.next().unwrap_or_default();
        return !w.on_verbs.contains(&prev);
    }
    true
}

/// Whether the words after a name make it a place: a place noun after the
/// name or its possessive, or "and the region".
fn place_after(t: &str, end: usize) -> bool {
    let w = &*WORDS;
    let rest = &t[end..];
    let rest = rest
        .strip_prefix("’s")
        .or_else(|| rest.strip_prefix("'s"))
        .unwrap_or(rest);
    let mut words = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|x| !x.is_empty())
        .map(str::to_lowercase);
    // The first word must follow the name with only spaces between.
    if !rest.starts_with(' ') {
        return false;
    }
    let Some(first) = words.next() else {
        return false;
    };
    let possessive = rest.len() < t.len() - end;
    // "Libya’s civilian population": one adjective may come between.
    if w.after.contains(&first)
        || (possessive && words.clone().next().is_some_and(|x| w.after.contains(&x)))
    {
        return true;
    }
    if first == "and" || first == "or" {
        let mut next = words.next().unwrap_or_default();
        if next == "the" || next == "its" {
            next = words.next().unwrap_or_default();
        }
        return w.conjunct.contains(&next);
    }
    false
}

/// Whether only a list separator lies between two names: ", ", " and ",
/// ", and ", " or ", " and the ".
fn coordinated(between: &str) -> bool {
    let b = between.trim();
    let b = b.strip_suffix(" the").unwrap_or(b).trim();
    matches!(b, "," | "and" | "or" | ", and" | ", or" | "and/or")
}

/// Marks the mentions of states and places that name a place.
pub fn classify(t: &str, ms: &mut [Mention]) {
    let mut prev_place: Option<usize> = None;
    for i in 0..ms.len() {
        let m = &ms[i];
        if !placeable(&m.actor.class) {
            prev_place = None;
            continue;
        }
        let after_place = prev_place.is_some_and(|p| {
            let pm = &ms[p];
            pm.end <= m.start && coordinated(&t[pm.end..m.start])
        });
        // "in Libya’s transition": the preposition governs the noun the
        // possessive determines, not the name.
        let possessive = t[m.end..].starts_with("’s") || t[m.end..].starts_with("'s");
        let place = m.actor.class == PLACE_CLASS
            || (place_before(t, m.start) && !possessive)
            || place_after(t, m.end)
            || after_place;
        if place {
            ms[i].kind = MentionKind::Place;
            prev_place = Some(i);
        } else {
            prev_place = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_is_a_topic_unless_a_verb_takes_it() {
        let t = "resolutions on Libya";
        assert!(place_before(t, t.len() - 5));
        let t = "Calls on Libya";
        assert!(!place_before(t, t.len() - 5));
        let t = "calling on Libya";
        assert!(!place_before(t, t.len() - 5));
    }

    #[test]
    fn place_nouns_after_the_name() {
        assert!(place_after("Mali’s territory", 4));
        assert!(place_after("Somalia and the region", 7));
        assert!(!place_after("Mali’s request", 4));
        assert!(!place_after("Mali and the Niger", 4));
    }

    #[test]
    fn list_separators() {
        assert!(coordinated(" and "));
        assert!(coordinated(", "));
        assert!(coordinated(" and the "));
        assert!(!coordinated(" calls upon "));
    }
}
