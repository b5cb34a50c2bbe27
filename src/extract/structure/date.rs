//! Dates as UN documents print them ("29 June 2020", "3 mars 2021"): one
//! parser, used by the headers here and by the votes, actors and meetings
//! readers, so that every fact's date is read the same way.

use std::sync::LazyLock;

use regex::Regex;

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+(\d{4})\b")
        .expect("valid regex")
});

/// Parses "29 June 2020" (anywhere in `s`) into `2020-06-29`.
pub fn parse_date(s: &str) -> Option<String> {
    // The day is parsed as ASCII digits: without any, no date parses.
    if !s.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let c = DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = month_number(&c[2])?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{}-{:02}-{:02}", &c[3], month, day))
}

/// The English month names, in order.
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_number(m: &str) -> Option<u32> {
    const EN: [&str; 12] = MONTHS_EN;
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    EN.iter()
        .chain(FR.iter())
        .position(|x| *x == m)
        .map(|i| (i % 12) as u32 + 1)
}
