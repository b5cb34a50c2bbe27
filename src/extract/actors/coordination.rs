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

const NAME: &str = r"[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*){0,4}";

static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let heads: Vec<&str> = include_str!("../../../ontology/coordination-heads.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    Regex::new(&format!(
        r"\b({NAME}(?:,\s+(?:the\s+)?{NAME})*,?\s+(?:and|or)\s+(?:the\s+)?{NAME})\s+((?:[a-z\-]+\s+){{0,2}})({})\b",
        heads.join("|")
    ))
    .expect("valid regex")
});

static CONJUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(NAME).expect("valid regex"));

/// One mention per name of each coordinated phrase whose names are all
/// actors; mentions inside such a phrase are replaced.
pub fn apply(t: &str, ms: &mut Vec<Mention>) {
    let g = gazetteer::get();
    let mut add: Vec<Mention> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for c in PHRASE.captures_iter(t) {
        let (Some(names), Some(mods), Some(head)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let mods = mods
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let plural = head.as_str();
        let singular = plural.strip_suffix('s').unwrap_or(plural);
        let mut found = Vec::new();
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
            let Some(a) = g
                .lookup(&with(singular))
                .or_else(|| g.lookup(&with(plural)))
                .or_else(|| g.lookup(name))
            else {
                found.clear();
                break;
            };
            let start = names.start() + offset;
            found.push(Mention {
                start,
                end: start + name.len(),
                actor: a.into(),
                rule: "actors.coordination",
                kind: MentionKind::Actor,
            });
        }
        if found.len() >= 2 {
            spans.push((names.start(), head.end()));
            add.extend(found);
        }
    }
    if add.is_empty() {
        return;
    }
    ms.retain(|m| !spans.iter().any(|&(s, e)| m.start < e && s < m.end));
    ms.extend(add);
    ms.sort_by_key(|m| (m.start, m.end));
}
