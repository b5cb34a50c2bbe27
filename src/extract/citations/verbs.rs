//! The governing verb of a citation and its CiTO relation.
//!
//! The table `ontology/citation-verbs.tsv` (embedded) maps verb phrases as
//! UN texts write them ("Recalling", "Taking note of", "pursuant to",
//! "Decides to extend") to CiTO properties (`citesAsAuthority`,
//! `citesForInformation`, `extends` ...). All phrases compile into one
//! case-insensitive regex; the nearest phrase before a citation in its
//! paragraph governs it, so "Welcoming the report ... submitted pursuant to
//! resolution 2301 (2016)" gives the report `agreesWith` and the resolution
//! `citesAsAuthority`.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

use regex::Regex;

const TABLE_TSV: &str = include_str!("../../../ontology/citation-verbs.tsv");

/// The relation used when no phrase of the table governs a citation.
pub const DEFAULT_RELATION: &str = "cites";

/// The compiled verb table.
pub struct Verbs {
    re: Regex,
    map: HashMap<String, String>,
}

/// The embedded table, compiled once.
pub static VERBS: LazyLock<Verbs> = LazyLock::new(|| Verbs::parse(TABLE_TSV));

impl Verbs {
    /// Parses a `phrase<TAB>property` table (`#` starts a comment line).
    pub fn parse(tsv: &str) -> Verbs {
        let mut map = HashMap::default();
        for line in tsv.lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((phrase, prop)) = line.split_once('\t') {
                map.insert(squash(phrase), prop.trim().to_string());
            }
        }
        let mut phrases: Vec<&String> = map.keys().collect();
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let alts: Vec<String> = phrases
            .iter()
            .map(|p| {
                p.split(' ')
                    .map(regex::escape)
                    .collect::<Vec<_>>()
                    .join(r"\s+")
            })
            .collect();
        let pattern = format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", alts.join("|"));
        let re = Regex::new(&pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("valid"));
        Verbs { re, map }
    }

    /// All phrase matches in `s`, as `(start, end)` byte spans.
    pub fn matches(&self, s: &str) -> Vec<(usize, usize)> {
        self.re.find_iter(s).map(|m| (m.start(), m.end())).collect()
    }

    /// The CiTO property of a phrase as written.
    pub fn relation(&self, phrase: &str) -> Option<&str> {
        self.map.get(&squash(phrase)).map(String::as_str)
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_maps_common_phrases() {
        assert_eq!(VERBS.relation("Recalling"), Some("citesAsAuthority"));
        assert_eq!(
            VERBS.relation("Taking  note of"),
            Some("citesForInformation")
        );
        assert_eq!(VERBS.relation("Decides to extend"), Some("extends"));
        let m = VERBS.matches("1. Decides to extend the mandate pursuant to resolution");
        assert_eq!(m.len(), 2);
    }
}
