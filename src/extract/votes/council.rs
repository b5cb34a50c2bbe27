//! Who sat on the Council, and which state a name in a text refers to.
//!
//! The membership table (`ontology/reference/council-members-by-year.csv`)
//! spells members as the UN's voting records do (`RUSSIAN FEDERATION`,
//! `UNITED KINGDOM`); texts use short and long forms ("the Republic of
//! Niger", "United Kingdom of Great Britain and Northern Ireland").
//! [`Council::resolve`] matches a name to the member whose table name it
//! contains when every other word is a long-form word ("Federal Republic
//! of", `ontology/votes/long-form-words.csv`), longest name first, and hands
//! the table name to the actor gazetteer
//! ([`crate::extract::actors::lookup_state`]), so that every rule here
//! yields the same member id for the same state. [`Council::resolve_author`]
//! first takes the state out of a role ("Permanent Representative of X to
//! the United Nations").
//!
//! The table is read once and cleaned on load: spellings are folded (accents,
//! apostrophes, case), and entries that are fragments or misspellings of
//! another entry of the same year ("CÔTE." and "D'IVOIRE" next to "CÔTE
//! D'IVOIRE", "CHILEs" next to "CHILE") are dropped.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::{ActorRef, lookup_state};

const MEMBERS_CSV: &str = include_str!("../../../ontology/reference/council-members-by-year.csv");
const PERMANENT_CSV: &str = include_str!("../../../ontology/votes/permanent-members.csv");
const LONG_FORM_CSV: &str = include_str!("../../../ontology/votes/long-form-words.csv");

/// Words a long form adds to a member's table name ("Federal Republic of").
static LONG_FORM_WORDS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    LONG_FORM_CSV
        .lines()
        .skip(1)
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
});

/// "Permanent Representative of X to the United Nations" and the like: the
/// role, then the state.
static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^.*?\b(?:Representative|Mission|Chargée? d[’']affaires(?: a\.\s?i\.)?|Envoy(?: to the Security Council)?|Ambassador|Minister(?: for| of) [A-Z][\w ]*?|Delegation|Government|President)\s+of\s+(.+?)(?:\s+to\s+the(?:\s+United\s+Nations)?\b.*)?$")
        .expect("valid regex")
});

/// The Council's membership by year, loaded once from the embedded table.
pub static COUNCIL: LazyLock<Council> =
    LazyLock::new(|| Council::from_csv(MEMBERS_CSV, PERMANENT_CSV));

/// The Council's membership by year and its permanent members.
#[derive(Clone, Debug, Default)]
pub struct Council {
    /// Members by year, folded spelling (`RUSSIAN FEDERATION`), sorted.
    by_year: BTreeMap<u16, Vec<String>>,
    /// Every member of any year, folded.
    all: BTreeSet<String>,
    /// The permanent members, folded.
    permanent: BTreeSet<String>,
}

/// A state a name was resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The actor (id and preferred label).
    pub actor: ActorRef,
    /// The member's name in the membership table (`RUSSIAN FEDERATION`), when
    /// the name is one of the table's.
    pub table_name: Option<String>,
    /// Whether the state sat on the Council in the year asked about; `None`
    /// when the year is unknown or outside the table.
    pub on_council: Option<bool>,
}

impl Council {
    /// Reads `year,member` and `member` tables.
    pub fn from_csv(members: &str, permanent: &str) -> Council {
        let mut raw: BTreeMap<u16, BTreeSet<String>> = BTreeMap::new();
        for line in members.lines().skip(1) {
            let Some((year, name)) = line.split_once(',') else {
                continue;
            };
            let (Ok(year), name) = (year.trim().parse::<u16>(), name.trim()) else {
                continue;
            };
            if !name.is_empty() {
                raw.entry(year).or_default().insert(name.to_string());
            }
        }
        let mut by_year = BTreeMap::new();
        let mut all = BTreeSet::new();
        for (year, names) in raw {
            let folded: BTreeSet<String> = names.iter().map(|n| fold(n)).collect();
            let kept: Vec<String> = names
                .iter()
                .filter(|n| !is_noise(n, &folded))
                .map(|n| fold(n))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            all.extend(kept.iter().cloned());
            by_year.insert(year, kept);
        }
        let permanent = permanent
            .lines()
            .skip(1)
            .map(fold)
            .filter(|s| !s.is_empty())
            .collect();
        Council {
            by_year,
            all,
            permanent,
        }
    }

    /// The members in `year` (folded spelling), if the table covers it.
    pub fn members(&self, year: u16) -> Option<&[String]> {
        self.by_year.get(&year).map(|v| v.as_slice())
    }

    /// Every state that sat on the Council in some year of the table.
    pub fn known_names(&self) -> impl Iterator<Item = &str> {
        self.all.iter().map(|s| s.as_str())
    }

    /// Whether `text` mentions the table name `table_name` as whole words
    /// ("the People's Republic of China" mentions `CHINA`).
    pub fn mentions(&self, text: &str, table_name: &str) -> bool {
        let t = fold(table_name);
        contains_words(&fold(text), &t) || contains_words(&fold(text), core(&t))
    }

    /// Whether a table name (any spelling) is a permanent member.
    pub fn is_permanent(&self, table_name: &str) -> bool {
        self.permanent.contains(&fold(table_name))
    }

    /// Whether `name` is, as a whole, a state of the table (any year).
    pub fn is_known_name(&self, name: &str) -> bool {
        let f = fold(strip_article(name));
        self.all.contains(&f) || self.all.iter().any(|n| core(n) == f)
    }

    /// Resolves the state an author or title represents ("Permanent
    /// Representative of Belgium to the United Nations", "Special Envoy to
    /// the Security Council of the Dominican Republic"). Only states of the
    /// table are returned.
    pub fn resolve_author(&self, text: &str, year: Option<u16>) -> Option<Member> {
        let name = AUTHOR.captures(text.trim())?.get(1)?.as_str();
        self.resolve(name, year).filter(|m| m.table_name.is_some())
    }

    /// Resolves a state's name ("the Republic of Niger", "United States of
    /// America"): members of `year` first, then every member of the table,
    /// a long form matching when it adds only long-form words to the
    /// table's name; a name found in neither is passed to the gazetteer as
    /// written. `None` for an empty name.
    pub fn resolve(&self, text: &str, year: Option<u16>) -> Option<Member> {
        let folded = fold(text);
        let this_year = year.and_then(|y| self.by_year.get(&y));
        if let Some(found) = this_year.and_then(|m| longest_within(&folded, m.iter())) {
            return Some(self.member(found, Some(true)));
        }
        let on_council = this_year.map(|_| false);
        if let Some(found) = longest_within(&folded, self.all.iter()) {
            return Some(self.member(found, on_council));
        }
        let name = strip_article(text.trim());
        let actor = lookup_state(name)?;
        Some(Member {
            actor,
            table_name: None,
            on_council,
        })
    }

    fn member(&self, table_name: &str, on_council: Option<bool>) -> Member {
        let actor = lookup_state(table_name).unwrap_or_else(|| ActorRef {
            id: format!("state/{}", crate::slug::slug(table_name)),
            label: table_name.to_string(),
            class: "MemberState".into(),
            part_of: None,
        });
        Member {
            actor,
            table_name: Some(table_name.to_string()),
            on_council,
        }
    }
}

/// The longest table name that `folded` is, give or take long-form words
/// (see `ontology/votes/long-form-words.csv`); a name with a parenthesised
/// qualifier (`BOLIVIA (PLURINATIONAL STATE OF)`) also matches on its core
/// (`BOLIVIA`).
fn longest_within<'a>(folded: &str, names: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for n in names {
        for form in [n.as_str(), core(n)] {
            if !form.is_empty()
                && best.is_none_or(|(_, len)| form.len() > len)
                && word_matches(folded, form).any(|i| {
                    let rest = format!("{} {}", &folded[..i], &folded[i + form.len()..]);
                    rest.split(|c: char| c.is_whitespace() || c == ',')
                        .filter(|w| !w.is_empty())
                        .all(|w| LONG_FORM_WORDS.contains(w))
                })
            {
                best = Some((n.as_str(), form.len()));
            }
        }
    }
    best.map(|(n, _)| n)
}

/// Where `needle` occurs in `hay` bounded by non-word characters.
fn word_matches<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'';
    hay.match_indices(needle).map(|(i, _)| i).filter(move |&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Whether `needle` occurs in `hay` bounded by non-word characters.
fn contains_words(hay: &str, needle: &str) -> bool {
    word_matches(hay, needle).next().is_some()
}

/// A table name without its parenthesised qualifier.
fn core(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name).trim()
}

/// Whether a raw table entry is a fragment or misspelling of another entry
/// of the same year.
fn is_noise(raw: &str, year_folded: &BTreeSet<String>) -> bool {
    let f = fold(raw);
    let bare = f.trim_end_matches('.').trim();
    let other = |g: &String| g != &f;
    // "CHILEs": the upper-case letters alone spell another entry.
    let upper: String = raw.chars().filter(|c| !c.is_lowercase()).collect();
    if upper != raw && year_folded.iter().any(|g| other(g) && *g == fold(&upper)) {
        return true;
    }
    // "CÔTE." / "D'IVOIRE": a whole-word piece of a longer entry.
    year_folded
        .iter()
        .any(|g| other(g) && g.len() > bare.len() && contains_words(g, bare))
}

/// Folds a name for comparison: upper case, accents removed, typographic
/// apostrophes made plain, spaces collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => {
                'A'
            }
            'ç' | 'Ç' => 'C',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ı' => 'I',
            'ñ' | 'Ñ' => 'N',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'O',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        for u in c.to_uppercase() {
            if !(u == ' ' && out.ends_with(' ')) {
                out.push(u);
            }
        }
    }
    out.trim().to_string()
}

/// A state whose long name a vote list misspells by one edit: one letter
/// of a name of three words or more ("Unions of Soviet Socialist
/// Republics", "Union of SovietSocialist Republics"), or one word of a name
/// of four words or more ("Union of Soviet Republics", "Union to Soviet
/// Socialist Republics"). Short names are never guessed ("Iran" and "Iraq"
/// are one letter apart), nor is a name near two states: `None` then. The
/// label it is near.
pub fn near_state(name: &str) -> Option<String> {
    let written = fold(strip_article(name));
    let words: Vec<&str> = written.split(' ').collect();
    if words.len() < 3 {
        return None;
    }
    let chars: Vec<char> = written.chars().collect();
    let mut found: Option<(&crate::extract::actors::gazetteer::Actor, &str)> = None;
    for actor in crate::extract::actors::gazetteer::get().actors() {
        if actor.class != "MemberState" {
            continue;
        }
        for label in &actor.labels {
            let folded = fold(label);
            let lw: Vec<&str> = folded.split(' ').collect();
            let near = (lw.len() >= 3 && one_edit(&chars, &folded.chars().collect::<Vec<_>>()))
                || (lw.len() >= 4 && one_edit(&words, &lw));
            if near {
                match found {
                    Some((a, _)) if a.id != actor.id => return None,
                    Some(_) => {}
                    None => found = Some((actor, label)),
                }
            }
        }
    }
    found.map(|(_, l)| l.to_string())
}

/// Whether `a` becomes `b` by exactly one insertion, deletion or
/// substitution (linear: the sequences are walked once from each end).
fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return false;
    }
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    head + tail + 1 >= a.len().max(b.len())
}

/// "the Niger" -> "Niger".
pub fn strip_article(s: &str) -> &str {
    let s = s.trim();
    for a in ["the ", "The "] {
        if let Some(r) = s.strip_prefix(a) {
            return r.trim_start();
        }
    }
    s
}

/// The year of an ISO date or bare year (`2020-06-29`, `2023`).
pub fn year_of(date: Option<&str>) -> Option<u16> {
    date.and_then(|d| d.get(..4)).and_then(|y| y.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart() {
        let c = |a: &str, b: &str| {
            one_edit(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert!(c("Unions", "Union"));
        assert!(c("SovietSocialist", "Soviet Socialist"));
        assert!(c("Iran", "Iraq"));
        assert!(!c("Iran", "Iran"));
        assert!(!c("Niger", "Nigeria"));
        assert!(one_edit(&["a", "b", "c", "d"], &["a", "c", "d"]));
        assert!(!one_edit(&["a", "b", "c", "d"], &["a", "d"]));
    }

    #[test]
    fn long_names_one_letter_or_word_off_are_the_state_they_are_near() {
        for (written, want) in [
            (
                "Union of Soviet Republics",
                Some("Union of Soviet Socialist Republics"),
            ),
            (
                "Unions of Soviet Socialist Republics",
                Some("Union of Soviet Socialist Republics"),
            ),
            (
                "Union to Soviet Socialist Republics",
                Some("Union of Soviet Socialist Republics"),
            ),
            (
                "Union of SovietSocialist Republics",
                Some("Union of Soviet Socialist Republics"),
            ),
            (
                "Ukrainian Soviet Republic",
                Some("Ukrainian Soviet Socialist Republic"),
            ),
            ("Republic of Kenyo", Some("Republic of Kenya")),
            // Short names are never guessed; nor is a name near two states
            // (the Congo's "Republic of the Congo" and "Democratic Republic
            // of the Congo").
            ("Irak", None),
            ("Socialist Republic of the Congo", None),
        ] {
            assert_eq!(near_state(written).as_deref(), want, "{written}");
        }
    }

    #[test]
    fn every_year_has_fifteen_members_after_cleaning() {
        for (year, members) in &COUNCIL.by_year {
            assert_eq!(members.len(), 15, "{year}: {members:?}");
        }
    }

    #[test]
    fn long_forms_resolve_to_the_member_of_that_year() {
        for (text, id) in [
            ("the Republic of Niger", "state/niger"),
            (
                "United Kingdom of Great Britain and Northern Ireland",
                "state/united-kingdom",
            ),
            ("the United States of America", "state/united-states"),
            ("The Federal Republic of Germany", "state/germany"),
            ("Viet Nam", "state/viet-nam"),
        ] {
            let m = COUNCIL.resolve(text, Some(2020)).expect("resolves");
            assert_eq!(m.actor.id, id, "{text}");
            assert_eq!(m.on_council, Some(true), "{text}");
        }
        let nigeria = COUNCIL.resolve("Nigeria", Some(2020)).expect("resolves");
        assert_eq!(nigeria.on_council, Some(false));
    }

    #[test]
    fn other_states_containing_a_member_name_are_not_that_member() {
        for name in ["Papua New Guinea", "Democratic People's Republic of Korea"] {
            let m = COUNCIL.resolve(name, Some(2003)).expect("resolves");
            assert_eq!(m.table_name, None, "{name}");
        }
    }

    #[test]
    fn authors_resolve_to_the_state_they_represent() {
        for (text, id) in [
            (
                "Chargé d’affaires of the United Kingdom of Great Britain and Northern Ireland to the United Nations",
                "state/united-kingdom",
            ),
            (
                "Special Envoy to the Security Council of the Dominican Republic",
                "state/dominican-republic",
            ),
            (
                "Permanent Representative of the Niger to the",
                "state/niger",
            ),
            (
                "Permanent Mission of the United States of America to the United Nations",
                "state/united-states",
            ),
        ] {
            let m = COUNCIL.resolve_author(text, Some(2020)).expect("resolves");
            assert_eq!(m.actor.id, id, "{text}");
        }
    }
}
