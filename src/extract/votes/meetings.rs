//! Meetings: what a meeting considered and whom it invited.
//!
//! The cells of a Repertoire meeting row are read into a
//! [`MeetingItem`](crate::model::MeetingItem) by the pure functions here:
//! - [`sub_items`]: the sub-item titles. A title ends with the symbol of the
//!   document it is about ("Report of the Secretary-General on the situation
//!   in Mali (S/2023/21)"); a cell that follows a title still without its
//!   symbol is the wrapped rest of that title, any other cell a new title.
//! - [`documents`]: the symbols in parentheses of the sub-item and "other
//!   documents" cells, in order, without repeats ("(2017)" after a
//!   resolution number is no symbol and is left alone); a cell with no
//!   symbol in parentheses gives the symbols it names bare ("S/2023/480").
//! - [`rule_37`]: the states invited under rule 37, a list of names ("Mali",
//!   "Gabon and Mozambique") resolved to actor ids.
//! - [`rule_39`]: the other invitees, cut at commas and semicolons only
//!   (their titles hold "and": "Special Representative of the
//!   Secretary-General and Head of MINUSMA"), each an actor id when the
//!   gazetteer knows the whole name, else the name as written.
//!
//! Cells wrapped over two lines (or a page break) are joined with a space
//! before they are split, so a name cut in two ("Acting Regional Director
//! of" / "Search for Common Ground") comes out whole.

use std::sync::LazyLock;

use regex::Regex;

use super::names;
use crate::extract::actors::{lookup, lookup_state};
use crate::symbol;

/// A parenthesised group that opens with a UN symbol ("(S/2023/21)",
/// "(S/2023/638 and S/2023/639)", "(A/77/123)").
static SYMBOL_GROUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(((?:[A-Z]{1,4}/)[^()]*)\)").expect("valid regex"));

/// One UN symbol ("S/2023/21", "S/PRST/2023/2", "S/2023/21/Add.1").
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{1,4}(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+").expect("valid regex")
});

/// A title that ends with its symbol in parentheses.
static ENDS_WITH_SYMBOL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((?:[A-Z]{1,4}/)[^()]*\)\s*[.;,]?\s*$").expect("valid regex"));

/// Collapses runs of whitespace (tabs, newlines, the gaps left by
/// footnote markers) to one space and trims.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sub-item titles of a row's sub-item cells; see the module docs.
pub fn sub_items(cells: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in cells {
        let c = squash(c);
        if c.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if !ENDS_WITH_SYMBOL.is_match(last) => {
                last.push(' ');
                last.push_str(&c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The canonical symbols in parentheses of `cells`, in order, without repeats.
pub fn documents<'a>(cells: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in cells {
        let c = squash(c);
        let groups: Vec<String> = SYMBOL_GROUP
            .captures_iter(&c)
            .map(|g| g[1].to_string())
            .collect();
        let found = if groups.is_empty() { vec![c] } else { groups };
        for g in &found {
            for s in SYMBOL.find_iter(g) {
                let s = symbol::printed(s.as_str());
                out.push(s);
            }
        }
    }
    dedup_first(&mut out);
    out
}

/// The states of a row's rule 37 cells: actor ids, or the name as written
/// when no state or actor is known by it.
pub fn rule_37(cells: &[&str]) -> Vec<String> {
    let joined = squash(&cells.join(" "));
    let mut out: Vec<String> = Vec::new();
    for n in names::split(&joined) {
        let name = n.text.trim();
        if name.is_empty() {
            continue;
        }
        let id = lookup_state(name)
            .or_else(|| lookup(name))
            .map_or_else(|| name.to_string(), |a| a.id);
        out.push(id);
    }
    dedup_first(&mut out);
    out
}

/// The invitees of a row's rule 39 cells; see the module docs.
pub fn rule_39(cells: &[&str]) -> Vec<String> {
    let joined = squash(&cells.join(" "));
    let mut out: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, ch) in joined.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                parts.push(&joined[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&joined[start..]);
    for p in parts {
        let p = p.trim().trim_end_matches('.');
        let p = p.strip_prefix("and ").unwrap_or(p).trim();
        if p.is_empty() {
            continue;
        }
        let v = lookup(p).map_or_else(|| p.to_string(), |a| a.id);
        out.push(v);
    }
    dedup_first(&mut out);
    out
}

/// Drops the repeats of a list, keeping each first occurrence in place:
/// one hash set, where a `contains` per push scanned the list each time
/// (quadratic in a record that names thousands of documents or invitees).
pub fn dedup_first(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_without_its_symbol_continues_on_the_next_cell() {
        let got = sub_items(&[
            "Letter dated 3 August 2023 from the Panel addressed to",
            "the President of the Council (S/2023/578)",
            "Report of the Secretary-General (S/2023/36)",
        ]);
        assert_eq!(
            got,
            [
                "Letter dated 3 August 2023 from the Panel addressed to the President of the Council (S/2023/578)",
                "Report of the Secretary-General (S/2023/36)"
            ]
        );
    }

    #[test]
    fn documents_skip_years_in_parentheses_and_repeats() {
        let got = documents([
            "Letter pursuant to resolution 2374 (2017) (S/2023/578)",
            "Draft resolutions (S/2023/638 and S/2023/639) (S/2023/578)",
        ]);
        assert_eq!(got, ["S/2023/578", "S/2023/638", "S/2023/639"]);
    }

    #[test]
    fn a_cell_without_parentheses_gives_its_bare_symbols() {
        assert_eq!(documents(["Draft resolution S/2023/480"]), ["S/2023/480"]);
    }

    #[test]
    fn rule_39_cuts_at_commas_not_at_and() {
        let got = rule_39(&[
            "Special Representative of the Secretary-General and Head of MINUSMA, Acting Regional Director of",
            "Search for Common Ground",
        ]);
        assert_eq!(
            got,
            [
                "Special Representative of the Secretary-General and Head of MINUSMA",
                "Acting Regional Director of Search for Common Ground"
            ]
        );
    }

    #[test]
    fn rule_37_resolves_states() {
        assert_eq!(rule_37(&["Mali"]), ["state/mali"]);
    }
}
