//! Coordinated names that share a head: one mention per member.
//!
//! "the Plateforme and Coordination armed groups" names two armed groups,
//! "the EUTM Mali and EUCAP Sahel Mali missions" two missions: capitalised
//! names joined by commas, "and" or "or", followed by up to two lower-case
//! words and a plural head (`ontology/coordination-heads.txt`). Each name
//! is looked up with the head (singular, then plural) and alone; when every
//! one of them is an actor, each becomes its own mention and whatever the
//! gazetteer matched over the phrase is dropped.

use std::sync::LazyLock;

use regex::Regex;

use super::{Mention, MentionKind, gazetteer};
use crate::rules;

const NAME: &str = r"[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*){0,4}";

static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let heads = heads();
    Regex::new(&format!(
        r"\b({NAME}(?:,\s+(?:the\s+)?{NAME})*,?\s+(?:and|or)\s+(?:the\s+)?{NAME})\s+((?:[a-z\-]+\s+){{0,2}})({})\b",
        heads.join("|")
    ))
    .expect("valid regex")
});

static CONJUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(NAME).expect("valid regex"));

/// A character no phrase can hold: [`PHRASE`] is made of word characters,
/// white space, commas and the name characters `’'-`, so each of its
/// matches lies between two of these, and the text is searched piece by
/// piece.
static BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\w\s’'\-,]").expect("valid regex"));

/// The coordination heads as plain words: a piece without one of them
/// cannot hold a phrase (every phrase ends with a head), so [`PHRASE`],
/// whose Unicode word boundaries make it slow on non-ASCII text, runs only
/// on the pieces that have one.
static HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&heads().join("|")).expect("valid regex"));

fn heads() -> Vec<&'static str> {
    include_str!("../../../ontology/coordination-heads.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// The matches of [`PHRASE`] in `t`, each with the offset of the piece it
/// was found in: the same matches, in the same order, as
/// `PHRASE.captures_iter(t)` (no match spans a [`BREAK`], and a break is a
/// non-word character as the end of a piece is, so the word boundaries
/// read the same).
fn phrases(t: &str) -> impl Iterator<Item = (usize, regex::Captures<'_>)> {
    let ends = BREAK
        .find_iter(t)
        .map(|b| (b.start(), b.end()))
        .chain(std::iter::once((t.len(), t.len())));
    let mut from = 0;
    ends.filter_map(move |(end, next)| {
        let piece = (from, &t[from..end]);
        from = next;
        HEAD.is_match(piece.1).then_some(piece)
    })
    .flat_map(|(at, piece)| PHRASE.captures_iter(piece).map(move |c| (at, c)))
}

/// One mention per name of each coordinated phrase whose names are all
/// actors; mentions inside such a phrase are replaced.
pub fn apply(t: &str, ms: &mut Vec<Mention>) {
    let g = gazetteer::get();
    let mut add: Vec<Mention> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (at, c) in phrases(t) {
        let (Some(names), Some(mods), Some(head)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let (names_at, head_end) = (at + names.start(), at + head.end());
        let mods = mods
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let plural = head.as_str();
        let singular = plural.strip_suffix('s').unwrap_or(plural);
        let mut found: Vec<(Mention, bool)> = Vec::new();
        for (k, n) in CONJUNCT.find_iter(names.as_str()).enumerate() {
            // The first name may follow a capitalised verb ("Welcoming
            // EUTM Mali and ..."): its shortest tail that is a name counts.
            let mut name = n.as_str();
            let mut offset = n.start();
            if k == 0 {
                while g.lookup(name).is_none() {
                    let Some(sp) = name.find(char::is_whitespace) else {
                        break;
                    };
                    let rest = name[sp..].trim_start();
                    offset += name.len() - rest.len();
                    name = rest;
                }
            }
            let with = |h: &str| {
                if mods.is_empty() {
                    format!("{name} {h}")
                } else {
                    format!("{name} {mods} {h}")
                }
            };
            let with_head = g
                .lookup(&with(singular))
                .or_else(|| g.lookup(&with(plural)));
            let Some(a) = with_head.or_else(|| g.lookup(name)) else {
                found.clear();
                break;
            };
            let start = names_at + offset;
            // The tail of a longer name ("Mali" of "the Government of
            // Mali, the Plateforme and ...") is not one of the names.
            if ms.iter().any(|m| m.start < start && start < m.end) {
                continue;
            }
            found.push((
                Mention {
                    start,
                    end: start + name.len(),
                    actor: a.into(),
                    rule: rules::ACTORS_COORDINATION,
                    kind: MentionKind::Actor,
                },
                with_head.is_some(),
            ));
        }
        // A list of names the gazetteer reads one by one ("the MDSF,
        // MINUSMA and French forces") needs nothing done.
        let plain = found.iter().all(|(f, _)| {
            ms.iter()
                .any(|m| m.start == f.start && m.end >= f.end && m.actor.id == f.actor.id)
        });
        if found.len() >= 2 && !plain {
            spans.push((found[0].0.start, head_end));
            // The last name carries the shared head when it is part of its
            // name: "Coordination armed groups".
            if let Some((last, true)) = found.last_mut() {
                last.end = head_end;
            }
            add.extend(found.into_iter().map(|(f, _)| f));
        }
    }
    if add.is_empty() {
        return;
    }
    ms.retain(|m| !spans.iter().any(|&(s, e)| m.start < e && s < m.end));
    ms.extend(add);
    ms.sort_by_key(|m| (m.start, m.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans<'t>(
        it: impl Iterator<Item = (usize, regex::Captures<'t>)>,
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        it.map(|(at, c)| {
            c.iter()
                .map(|m| m.map(|m| (at + m.start(), at + m.end())))
                .collect()
        })
        .collect()
    }

    /// What the pieces give is what the whole text gives.
    fn same_as_whole(t: &str) -> Result<(), TestCaseError> {
        let whole = spans(PHRASE.captures_iter(t).map(|c| (0, c)));
        prop_assert_eq!(spans(phrases(t)), whole, "{:?}", t);
        Ok(())
    }

    // The search by pieces must find exactly the matches of the regex over
    // the whole text: on the corpus's texts, and on texts made of names,
    // heads, conjunctions, commas, non-ASCII letters and breaks.
    #[test]
    fn pieces_find_what_the_whole_text_finds() {
        for entry in std::fs::read_dir("corpus/mali").expect("corpus/mali") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            same_as_whole(&text).expect("corpus file");
        }
        let words = prop::sample::select(vec![
            "Plateforme",
            "Coordination",
            "EUTM",
            "Mali",
            "the",
            "and",
            "or",
            "armed",
            "groups",
            "forces",
            "missions",
            "Côte",
            "d’Ivoire",
            "Élysée",
            "é",
            "ça",
            ",",
            ", ",
            ".",
            "(",
            ")",
            ";",
            " ",
            "\n",
            "\u{a0}",
            "-",
            "’",
            "'",
            "é-groups",
            "Forces",
            "authoritiesé",
            "A1",
            "_",
            "“",
            "”",
        ]);
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(2000));
        runner
            .run(&prop::collection::vec(words, 0..40), |ws| {
                let t: String = ws
                    .iter()
                    .map(|w| format!("{w} "))
                    .chain(ws.iter().map(|w| w.to_string()))
                    .collect();
                same_as_whole(&t)
            })
            .expect("pieces agree with the whole");
    }

    #[test]
    fn a_name_that_is_no_actor_keeps_the_phrase_whole() {
        let mut ms = Vec::new();
        apply("the Plateforme and Nowhere armed groups", &mut ms);
        assert!(ms.is_empty());
        apply("the Plateforme and Coordination armed groups", &mut ms);
        let ids: Vec<&str> = ms.iter().map(|m| m.actor.id.as_str()).collect();
        assert_eq!(ids, ["plateforme", "cma"]);
    }

    // "Urges the Government of Mali, the Plateforme and Coordination armed
    // groups" took "Mali" for a third member and lost the government.
    #[test]
    fn the_tail_of_a_longer_name_is_not_a_member() {
        let t = "Urges the Government of Mali, the Plateforme and Coordination armed groups";
        let g = gazetteer::get();
        let start = t.find("Government").unwrap_or(0);
        let mut ms = vec![Mention {
            start,
            end: start + "Government of Mali".len(),
            actor: g
                .actor("government-of-mali")
                .expect("in the gazetteer")
                .into(),
            rule: rules::ACTORS_GAZETTEER,
            kind: MentionKind::Actor,
        }];
        apply(t, &mut ms);
        let ids: Vec<&str> = ms.iter().map(|m| m.actor.id.as_str()).collect();
        assert_eq!(ids, ["government-of-mali", "plateforme", "cma"]);
    }
}
