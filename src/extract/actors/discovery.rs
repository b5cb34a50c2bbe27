//! Discovery of actors the gazetteer lacks, from their definitions.
//!
//! UN texts define an acronym the first time they use a name: "the Malian
//! Defence and Security Forces (MDSF)". The long form is found with the
//! Schwartz–Hearst rule: the shortest run of preceding words, at most
//! `min(n + 5, 2n)` for an acronym of `n` letters, whose characters contain
//! the acronym's letters in order, the first letter starting a word. When
//! neither the acronym nor the long form is in the gazetteer, and the long
//! form does not end in a word that names a thing rather than an actor
//! (`ontology/non-actor-heads.txt`: "Agreement", "Policy" ...), the pair
//! becomes an actor of the document, `discovered/<slug of the long form>`,
//! and later uses of the acronym or the long form in the same document are
//! mentions of it.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::matcher::{Matcher, Tokens};
use super::{ActorRef, Mention, gazetteer};
use crate::extract::Structure;
use crate::rules;
use crate::slug::slug;
use crate::text::{BlockKind, Text};

/// Class given to discovered actors.
pub const CLASS: &str = "Discovered";

static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s?([A-Z][A-Za-z0-9]*(?:[\-‑][A-Z0-9][A-Za-z0-9]*)?(?: [A-Z][a-z]+)?)\s?\)")
        .expect("valid regex")
});
static ROMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[IVXLC]+$").expect("valid regex"));
static NON_ACTOR_HEADS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../../ontology/non-actor-heads.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// A definition "Long Form (ACRONYM)" found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discovered {
    /// Index of the document in [`Structure::docs`].
    pub doc: usize,
    /// The acronym as written.
    pub acronym: String,
    /// The long form as written.
    pub long: String,
    /// Normalized start of the long form.
    pub start: usize,
    /// The gazetteer actor the acronym or long form names, if any.
    pub known: Option<String>,
}

impl Discovered {
    /// The minted actor id (`discovered/<slug>`).
    pub fn id(&self) -> String {
        format!("discovered/{}", slug(&self.long))
    }
}

/// Schwartz–Hearst: the long form for `short` at the end of `before`.
pub fn long_form<'a>(short: &str, before: &'a str) -> Option<&'a str> {
    let letters: Vec<char> = short
        .split(' ')
        .next()
        .unwrap_or(short)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let n = letters.len();
    if n < 2 {
        return None;
    }
    let max_words = (n + 5).min(2 * n);
    // The candidate: the last `max_words` words of `before`.
    let trimmed = before.trim_end();
    let starts: Vec<usize> = trimmed
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || trimmed[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .collect();
    let start = if starts.len() > max_words {
        starts[starts.len() - max_words]
    } else {
        0
    };
    let cand = &trimmed[start..];
    let chars: Vec<(usize, char)> = cand.char_indices().collect();
    let mut li = chars.len() as isize - 1;
    let mut si = n as isize - 1;
    while si >= 0 {
        let c = letters[si as usize];
        loop {
            if li < 0 {
                return None;
            }
            let (_, lc) = chars[li as usize];
            let at_word_start = li == 0 || !chars[li as usize - 1].1.is_alphanumeric();
            if lc.to_lowercase().eq(std::iter::once(c)) && (si > 0 || at_word_start) {
                break;
            }
            li -= 1;
        }
        li -= 1;
        si -= 1;
    }
    let from = chars[(li + 1) as usize].0;
    let lf = cand[from..].trim();
    Some(lf)
}

/// The definitions in the text's documents, first definition of each
/// acronym per document.
pub fn discover(text: &Text, st: &Structure, _toks: &Tokens) -> Vec<Discovered> {
    let g = gazetteer::get();
    let norm = &text.norm;
    let mut out: Vec<Discovered> = Vec::new();
    let mut seen: HashSet<(usize, String)> = HashSet::new();
    for (bi, b) in norm.blocks.iter().enumerate() {
        if b.kind == BlockKind::Masthead {
            continue;
        }
        let t = norm.block_text(b);
        for c in DEFINITION.captures_iter(t) {
            let (Some(all), Some(acr)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let short = acr.as_str();
            let upper = short.chars().filter(|c| c.is_uppercase()).count();
            if upper < 2 || short.len() > 16 || ROMAN.is_match(short) {
                continue;
            }
            let before = &t[..all.start()];
            let Some(lf) = long_form(short, before) else {
                continue;
            };
            let lf = lf
                .trim_start_matches("the ")
                .trim_end_matches([',', ' '])
                .trim_start_matches(['“', '"', '(']);
            let lf = lf
                .strip_suffix("’s")
                .or_else(|| lf.strip_suffix("'s"))
                .unwrap_or(lf);
            let words = lf.split_whitespace().count();
            if words < 2
                || !lf.starts_with(|c: char| c.is_uppercase())
                || lf.contains(['(', ')', ';', ':', '“', '”'])
            {
                continue;
            }
            let head = lf
                .split_whitespace()
                .last()
                .unwrap_or("")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if NON_ACTOR_HEADS.contains(&head) || head.chars().all(|c| c.is_numeric()) {
                continue;
            }
            let doc = st.block_doc.get(bi).copied().unwrap_or(0);
            if !seen.insert((doc, short.to_string())) {
                continue;
            }
            let known = g
                .lookup(short)
                .or_else(|| g.lookup(lf))
                .map(|a| a.id.clone());
            let start = b.start + before.rfind(lf).unwrap_or(0);
            out.push(Discovered {
                doc,
                acronym: short.to_string(),
                long: lf.to_string(),
                start,
                known,
            });
        }
    }
    out
}

/// Mentions of the discovered actors the gazetteer lacks: the definition
/// and later uses in the same document, where no gazetteer mention is.
pub fn mentions(
    text: &Text,
    st: &Structure,
    toks: &Tokens,
    found: &[Discovered],
    existing: &[Mention],
) -> Vec<Mention> {
    let norm = &text.norm;
    let mut out = Vec::new();
    for d in found.iter().filter(|d| d.known.is_none()) {
        let mut m = Matcher::new();
        if m.insert(&d.acronym, true, 0).is_err() || m.insert(&d.long, false, 0).is_err() {
            continue;
        }
        // "the Federal Government of Somalia’s (FGS)": a long form that is
        // already a mention makes the acronym that actor's.
        let named = existing
            .iter()
            .find(|e| e.start == d.start && e.end == d.start + d.long.len());
        let actor = match named {
            Some(e) => e.actor.clone(),
            None => ActorRef {
                id: d.id(),
                label: d.long.clone(),
                class: CLASS.into(),
                part_of: None,
            },
        };
        let Some(doc) = st.docs.get(d.doc) else {
            continue;
        };
        for b in &norm.blocks[doc.blocks.clone()] {
            if b.kind == BlockKind::Masthead || b.end <= d.start {
                continue;
            }
            let range = toks.first_at(b.start.max(d.start))..toks.first_at(b.end);
            for x in m.find(&norm.text, toks, range) {
                // Overlapping a gazetteer mention is allowed only when the
                // whole of it lies inside this longer name.
                let inside = |e: &Mention| {
                    x.start <= e.start && e.end <= x.end && x.end - x.start > e.end - e.start
                };
                let overlaps = existing
                    .iter()
                    .filter(|e| !inside(e))
                    .chain(out.iter())
                    .any(|e: &Mention| e.start < x.end && x.start < e.end);
                if !overlaps {
                    out.push(Mention {
                        start: x.start,
                        end: x.end,
                        actor: actor.clone(),
                        rule: rules::ACTORS_DISCOVERED,
                        kind: super::MentionKind::Actor,
                    });
                }
            }
        }
    }
    out
}

static SHORT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\(\s?[“"]the ([A-Z][\w’'\-]*(?: [\w’'\-]+){0,5})[”"]\s?\)"#).expect("valid regex")
});

/// Short forms a document defines for an actor it has just named: "the G5
/// Sahel Executive Secretariat (“the Executive Secretariat”)". The short
/// form must consist of words of the name, so "the Agreement on Peace and
/// Reconciliation in Mali (“the Agreement”)" does not make "the Agreement"
/// a name of Mali. Later uses in the same document are mentions.
pub fn short_forms(
    text: &Text,
    st: &Structure,
    toks: &Tokens,
    existing: &[Mention],
) -> Vec<Mention> {
    let norm = &text.norm;
    let mut out: Vec<Mention> = Vec::new();
    for c in SHORT_FORM.captures_iter(&norm.text) {
        let (Some(all), Some(short)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(named) = existing.iter().rev().find(|m| m.end <= all.start()) else {
            continue;
        };
        let gap = &norm.text[named.end..all.start()];
        if gap
            .chars()
            .any(|ch| !ch.is_whitespace() && ch != '”' && ch != '"')
        {
            continue;
        }
        let name = norm.text[named.start..named.end].to_lowercase();
        let label = named.actor.label.to_lowercase();
        let fits = short
            .as_str()
            .split_whitespace()
            .all(|w| name.contains(&w.to_lowercase()) || label.contains(&w.to_lowercase()));
        // Already a label of the actor: the gazetteer matches it anyway.
        if !fits
            || existing
                .iter()
                .any(|m| m.start >= all.start() && m.end <= all.end())
        {
            continue;
        }
        let mut m = Matcher::new();
        if m.insert(short.as_str(), false, 0).is_err() {
            continue;
        }
        let doc = st.doc_at(text, all.start());
        let Some(d) = st.docs.get(doc) else {
            continue;
        };
        let range = toks.first_at(short.start())..toks.first_at(d.range.end);
        for x in m.find(&norm.text, toks, range) {
            let overlaps = existing
                .iter()
                .chain(out.iter())
                .any(|e| e.start < x.end && x.start < e.end);
            if !overlaps && st.doc_at(text, x.start) == doc {
                out.push(Mention {
                    start: x.start,
                    end: x.end,
                    actor: named.actor.clone(),
                    rule: rules::ACTORS_SHORT_FORM,
                    kind: super::MentionKind::Actor,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schwartz_hearst_long_forms() {
        assert_eq!(
            long_form("MDSF", "including the Malian Defence and Security Forces "),
            Some("Malian Defence and Security Forces")
        );
        assert_eq!(
            long_form("ICC", "the Prosecutor of the International Criminal Court "),
            Some("International Criminal Court")
        );
        assert_eq!(long_form("XYZ", "nothing here "), None);
    }

    #[test]
    fn definitions_become_actors_of_the_document() {
        let text = Text::from_str(
            "t.txt",
            "The Security Council,\n\n1. Welcomes the work of the Sahel Water Authority (SWA) in Mali;\n\n2. Requests the SWA to report;\n",
        );
        let st = crate::extract::structure::analyze(&text);
        let toks = super::super::matcher::tokenize(&text.norm.text);
        let found = discover(&text, &st, &toks);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].long, "Sahel Water Authority");
        assert_eq!(found[0].id(), "discovered/sahel-water-authority");
        let ms = mentions(&text, &st, &toks, &found, &[]);
        let spans: Vec<&str> = ms.iter().map(|m| &text.norm.text[m.start..m.end]).collect();
        assert_eq!(spans, vec!["Sahel Water Authority", "SWA", "SWA"]);
    }
}
