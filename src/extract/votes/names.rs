//! Lists of state names as the Repertoire and meeting records print them:
//! "Albania, Brazil, Ghana (also spoke on behalf of Gabon and Mozambique),
//! Japan and Malta".
//!
//! [`split`] cuts a list at commas and "and" outside parentheses, keeps the
//! names that contain "and" (`ontology/votes/names-with-and.csv`) whole, and
//! reads a parenthesised "(also) (spoke) on behalf of ..." into the
//! name's `on_behalf_of`. A closing parenthesis followed by a capital starts
//! a new name even without a comma ("Mozambique (...) Malta"). Offsets are
//! byte offsets into the list string, so callers can quote each name.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

const NAMES_WITH_AND_CSV: &str = include_str!("../../../ontology/votes/names-with-and.csv");

static NAMES_WITH_AND: LazyLock<Vec<String>> = LazyLock::new(|| {
    NAMES_WITH_AND_CSV
        .lines()
        .skip(1)
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect()
});

static ON_BEHALF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:also\s+)?(?:spoke\s+|speaking\s+)?on behalf of\s+(.+)$").expect("valid regex")
});

/// One name of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name as written, trimmed.
    pub text: String,
    /// Byte range of the name in the list string.
    pub range: Range<usize>,
    /// Byte range of the name with its parenthesis ("Ghana (also on behalf
    /// of Gabon and Mozambique)").
    pub full: Range<usize>,
    /// Names in a parenthesised "on behalf of" after it.
    pub on_behalf_of: Vec<Name>,
}

/// Splits a list of names; see the module documentation.
pub fn split(s: &str) -> Vec<Name> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut paren: Option<usize> = None;
    let mut parens: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < s.len() {
        let c = bytes[i];
        let width = s[i..].chars().next().map_or(1, char::len_utf8);
        if c == b'(' {
            if depth == 0 {
                paren = Some(i + 1);
            }
            depth += 1;
        } else if c == b')' && depth > 0 {
            depth -= 1;
            if depth == 0
                && let Some(p) = paren.take()
            {
                parens.push(p..i);
                // "Mozambique (...) Malta": a capital after the parenthesis starts a new name.
                let rest = &s[i + 1..];
                let trimmed = rest.trim_start();
                if !trimmed.is_empty()
                    && trimmed.starts_with(|c: char| c.is_uppercase())
                    && rest.len() > trimmed.len()
                {
                    push(s, start..i + 1, &mut parens, &mut out);
                    start = i + 1;
                }
            }
        } else if depth == 0 {
            let sep = if s[i..].starts_with(", and ") {
                Some(6)
            } else if s[i..].starts_with(", ") || s[i..].starts_with("; ") {
                Some(2)
            } else if c == b',' {
                comma_without_space(&s[i + 1..]).map(|w| w + 1)
            } else if c == b'\n' {
                Some(1)
            } else if s[i..].starts_with(" and ") && !inside_name_with_and(&s[start..], i - start) {
                Some(5)
            } else {
                None
            };
            if let Some(w) = sep {
                push(s, start..i, &mut parens, &mut out);
                start = i + w;
                i += w;
                continue;
            }
        }
        i += width;
    }
    push(s, start..s.len(), &mut parens, &mut out);
    out
}

/// The separator a comma makes when the extraction lost the space after it:
/// a capital follows at once ("Poland,Syria"), or a footnote mark and a
/// space ("Ukrainian Soviet Socialist Republic,1 Union of ..."). The width
/// of what follows the comma, to skip with it.
fn comma_without_space(rest: &str) -> Option<usize> {
    if rest.starts_with(|c: char| c.is_uppercase()) {
        return Some(0);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && digits <= 2 && rest[digits..].starts_with(' ')).then_some(digits + 1)
}

/// Whether the " and " at `at` (relative to `cur`) lies inside a name such
/// as "Saint Vincent and the Grenadines" that starts `cur`.
fn inside_name_with_and(cur: &str, at: usize) -> bool {
    let lead = cur.len() - cur.trim_start().len();
    let mut rest = &cur[lead..];
    let mut off = lead;
    if rest
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("the "))
    {
        rest = &rest[4..];
        off += 4;
    }
    NAMES_WITH_AND.iter().any(|n| {
        rest.get(..n.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(n))
            && off + n.len() > at
            && rest[n.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn push(s: &str, r: Range<usize>, parens: &mut Vec<Range<usize>>, out: &mut Vec<Name>) {
    let piece = &s[r.clone()];
    // The name is the part before its first parenthesis.
    let name_end = piece.find('(').map_or(r.end, |k| r.start + k);
    let Some(range) = trim_range(s, r.start..name_end) else {
        parens.clear();
        return;
    };
    let mut on_behalf_of = Vec::new();
    let mut full = range.clone();
    for p in parens.drain(..) {
        if p.start < r.start || p.end > r.end {
            continue;
        }
        full.end = full.end.max((p.end + 1).min(r.end));
        let inner = &s[p.clone()];
        if let Some(c) = ON_BEHALF.captures(inner)
            && let Some(m) = c.get(1)
        {
            let base = p.start + m.start();
            on_behalf_of.extend(split(m.as_str()).into_iter().map(|mut n| {
                n.range = base + n.range.start..base + n.range.end;
                n.full = base + n.full.start..base + n.full.end;
                n
            }));
        }
    }
    out.push(Name {
        text: s[range.clone()].to_string(),
        range,
        full,
        on_behalf_of,
    });
}

/// Trims spaces, a leading "and " and trailing punctuation from a range.
fn trim_range(s: &str, r: Range<usize>) -> Option<Range<usize>> {
    let piece = &s[r.clone()];
    let mut a = r.start + (piece.len() - piece.trim_start().len());
    if s[a..r.end].starts_with("and ") {
        a += 4;
    }
    let t = s[a..r.end].trim_end_matches(|c: char| c.is_whitespace() || ".,;:".contains(c));
    let b = a + t.len();
    let t = s[a..b].trim_start();
    let a = b - t.len();
    (b > a).then_some(a..b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[Name]) -> Vec<&str> {
        v.iter().map(|n| n.text.as_str()).collect()
    }

    #[test]
    fn lists_split_outside_parentheses_and_inside_names_with_and() {
        let s = "Albania, Ghana (also spoke on behalf of Gabon and Mozambique), Saint Vincent and the Grenadines and United States.";
        let v = split(s);
        assert_eq!(
            texts(&v),
            [
                "Albania",
                "Ghana",
                "Saint Vincent and the Grenadines",
                "United States"
            ]
        );
        assert_eq!(texts(&v[1].on_behalf_of), ["Gabon", "Mozambique"]);
        for n in v.iter().chain(v[1].on_behalf_of.iter()) {
            assert_eq!(&s[n.range.clone()], n.text);
        }
    }

    #[test]
    fn a_comma_that_lost_its_space_still_separates() {
        assert_eq!(
            texts(&split("Poland,Syria, Union of Soviet Socialist Republics")),
            ["Poland", "Syria", "Union of Soviet Socialist Republics"]
        );
        assert_eq!(
            texts(&split(
                "France, Ukrainian Soviet Socialist Republic,1 Union of Soviet Socialist Republics"
            )),
            [
                "France",
                "Ukrainian Soviet Socialist Republic",
                "Union of Soviet Socialist Republics"
            ]
        );
        // Digits with no space after them are no footnote mark.
        assert_eq!(texts(&split("Bolivia,12")), ["Bolivia,12"]);
    }

    #[test]
    fn names_with_accents_and_typographic_apostrophes_split_cleanly() {
        let v = split("Côte d’Ivoire, Türkiye and Viet Nam");
        assert_eq!(texts(&v), ["Côte d’Ivoire", "Türkiye", "Viet Nam"]);
    }

    #[test]
    fn a_capital_after_a_parenthesis_starts_a_new_name() {
        let v =
            split("Mozambique (also on behalf of Gabon and Ghana) Malta, and United Arab Emirates");
        assert_eq!(texts(&v), ["Mozambique", "Malta", "United Arab Emirates"]);
    }
}
