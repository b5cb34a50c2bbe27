//! Dates as UN documents print them ("29 June 2020", "3 mars 2021"): one
//! parser, used by the headers here and by the votes, actors and meetings
//! readers, so that every fact's date is read the same way.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::language::WORDS;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({})\s+(\d{{4}})\b",
        WORDS.month_alternation(None)
    ))
    .expect("valid regex")
});

/// Parses "29 June 2020" (anywhere in `s`, the month in any language of
/// `ontology/language/`) into `2020-06-29`.
pub fn parse_date(s: &str) -> Option<String> {
    // The day is parsed as ASCII digits: without any, no date parses.
    if !s.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let c = DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = WORDS.month_number(&c[2])?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{}-{:02}-{:02}", &c[3], month, day))
}
