//! What the Council asks of whom: addressee links from operative paragraphs.
//!
//! An operative paragraph is a chain of clauses, each opened by a verb from
//! `ontology/addressee-verbs.tsv` at the start of the paragraph or after a
//! comma, a semicolon or "and" ("1. Urges ..., and requests ..."); leading
//! adverbs ("further", "also", "strongly") are part of the verb. The actors
//! a clause addresses are those named in its object: from the verb up to
//! the infinitive or `that` complement ("to continue", "that MINUSMA
//! shall"), a `;` or `:`, or a comma opening a circumstance (", in
//! coordination with", ", through", ", addressing"). A state named as a place ("deployed in
//! Mali") is not addressed. A group ("the Malian parties") is linked, and so
//! is each of its members.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::{Mention, gazetteer};
use crate::extract::Structure;
use crate::model::{AddresseeItem, DocType, ParagraphRole};
use crate::rules;
use crate::text::Text;

/// One row of the verb table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    /// The phrase as written, lower case ("calls upon").
    pub phrase: String,
    /// The normalised verb (`calls_upon`).
    pub verb: String,
    /// Whether the clause's actors are addressees (else the verb only ends
    /// the previous clause).
    pub addresses: bool,
}

const VERBS_TSV: &str = include_str!("../../../ontology/addressee-verbs.tsv");

/// Parses the verb table (`phrase<TAB>verb<TAB>address|other`).
pub fn parse_verbs(src: &str, file: &str) -> Result<Vec<Verb>, crate::error::DataError> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |reason: String| crate::error::DataError {
            file: file.to_string(),
            line: n + 1,
            reason,
        };
        let [phrase, verb, kind] = cols.as_slice() else {
            return Err(bad(format!(
                "expected 3 tab-separated columns, found {}",
                cols.len()
            )));
        };
        let addresses = match *kind {
            "address" => true,
            "other" => false,
            k => return Err(bad(format!("kind must be `address` or `other`, not `{k}`"))),
        };
        out.push(Verb {
            phrase: phrase.trim().to_lowercase(),
            verb: verb.trim().to_string(),
            addresses,
        });
    }
    Ok(out)
}

static VERBS: LazyLock<Vec<Verb>> = LazyLock::new(|| {
    parse_verbs(VERBS_TSV, "ontology/addressee-verbs.tsv")
        .expect("the embedded verb table is valid")
});

static CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    let mut phrases: Vec<&str> = VERBS.iter().map(|v| v.phrase.as_str()).collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let alt = phrases
        .iter()
        .map(|p| regex::escape(p).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?i)(?:^(?:\d{{1,3}}\.\s+|\(\s?[a-z]{{1,4}}\s?\)\s+|[•●▪◦–—−\-]+\s*)?|[,;]\s+|\s+and\s+)(?:(?:further|also|again|once\s+again|strongly|firmly|urgently|moreover|therefore|in\s+this\s+regard,?|in\s+this\s+context,?)\s+)*({alt})\b"
    ))
    .expect("valid regex")
});

static STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+to\s+[a-z]|\s+that\b|[;:]|,\s+(?:in|within|through|with|by|under|while|whilst|when|if|consistent|bearing|taking|without|on the basis)\b|\s+(?:in order|so as)\b|,\s+(?:addressing|acting|bearing|taking|recalling|noting|recognizing|stressing|emphasizing|underlining)\b")
        .expect("valid regex")
});

const NOT_INFINITIVE: [&str; 8] = [
    "pursuant",
    "according",
    "prior",
    "due",
    "regard",
    "respect",
    "related",
    "addition",
];

/// A clause of a paragraph: the verb and the object span (paragraph-relative).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The verb row.
    pub verb: &'static Verb,
    /// Start of the verb.
    pub verb_start: usize,
    /// The object span.
    pub object: std::ops::Range<usize>,
}

/// The clauses of an operative paragraph's text.
pub fn clauses(t: &str) -> Vec<Clause> {
    let starts: Vec<(usize, usize, &'static Verb)> = CLAUSE
        .captures_iter(t)
        .filter_map(|c| {
            let v = c.get(1)?;
            let phrase = v.as_str().to_lowercase();
            let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            let row = VERBS.iter().find(|r| r.phrase == phrase)?;
            Some((v.start(), v.end(), row))
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(vs, ve, row)) in starts.iter().enumerate() {
        let limit = starts.get(k + 1).map(|x| x.0).unwrap_or(t.len());
        // "pursuant to resolution 2374", "with regard to": not an infinitive.
        let end = STOP
            .find_iter(&t[ve..limit])
            .find(|m| {
                let before = t[..ve + m.start()].trim_end();
                !(m.as_str().trim_start().starts_with("to")
                    && NOT_INFINITIVE.iter().any(|w| before.ends_with(w)))
            })
            .map(|m| ve + m.start())
            .unwrap_or(limit);
        out.push(Clause {
            verb: row,
            verb_start: vs,
            object: ve..end,
        });
    }
    out
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}\.\s+[A-Z]").expect("valid regex"));

/// Whether a paragraph is operative: by its role, or, where the structure
/// saw only running text, a numbered paragraph of a resolution or draft.
pub fn is_operative(st: &Structure, p: &crate::extract::structure::Para, t: &str) -> bool {
    match p.item.role {
        ParagraphRole::Operative | ParagraphRole::SubItem => true,
        ParagraphRole::Body => {
            NUMBERED.is_match(t)
                && st.docs.get(p.doc).is_some_and(|d| {
                    matches!(
                        d.item.doc_type,
                        DocType::Resolution | DocType::DraftResolution
                    )
                })
        }
        _ => false,
    }
}

/// The addressee links of a text's operative paragraphs.
pub fn extract(text: &Text, st: &Structure, mentions: &[Mention]) -> Vec<AddresseeItem> {
    debug_assert!(mentions.is_sorted_by_key(|m| m.start));
    let g = gazetteer::get();
    let norm = &text.norm;
    let mut out = Vec::new();
    for p in &st.paras {
        let t = &norm.text[p.range.clone()];
        if !is_operative(st, p, t) {
            continue;
        }
        let base = p.range.start;
        let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
        for c in clauses(t) {
            if !c.verb.addresses {
                continue;
            }
            let (a, b) = (base + c.object.start, base + c.object.end);
            for m in super::starting_in(mentions, a..b) {
                let before = norm.text[..m.start].trim_end_matches([' ', '\u{a0}']);
                let before = before.strip_suffix("the").unwrap_or(before).trim_end();
                if m.actor.class == "MemberState" && before.ends_with(" in") {
                    continue;
                }
                let mut ids = vec![(m.actor.id.clone(), rules::ACTORS_ADDRESSEE)];
                ids.extend(
                    g.members(&m.actor.id)
                        .into_iter()
                        .map(|x| (x.id.clone(), rules::ACTORS_ADDRESSEE_MEMBER)),
                );
                for (id, rule) in ids {
                    if seen.insert((c.verb.verb.clone(), id.clone())) {
                        out.push(AddresseeItem {
                            doc: p.item.doc.clone(),
                            paragraph: p.item.id.clone(),
                            verb: c.verb.verb.clone(),
                            actor: id,
                            ev: text.evidence(m.start, m.end, rule),
                        });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objects(t: &str) -> Vec<(String, String)> {
        clauses(t)
            .into_iter()
            .map(|c| (c.verb.verb.clone(), t[c.object].trim().to_string()))
            .collect()
    }

    #[test]
    fn clauses_and_objects() {
        assert_eq!(
            objects(
                "1. Urges the Malian parties to take action, and requests the Secretary-General, in coordination with the AU, to report;"
            ),
            vec![
                ("urges".to_string(), "the Malian parties".to_string()),
                ("requests".to_string(), "the Secretary-General".to_string()),
            ]
        );
        assert_eq!(
            objects("5. Further calls upon MINUSMA and the EU to cooperate"),
            vec![("calls_upon".to_string(), "MINUSMA and the EU".to_string())]
        );
        assert_eq!(
            objects("16. Decides to extend the mandate of MINUSMA")[0].1,
            ""
        );
    }

    #[test]
    fn verb_table_errors_have_lines() {
        let e = parse_verbs("# c\nurges\turges\n", "v.tsv").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
