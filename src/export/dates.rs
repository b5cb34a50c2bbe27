//! The dates of the exports: which ISO form a date of the graph is in, and
//! the day Gephi's timeline reads from it.

use std::borrow::Cow;

/// A date as Gephi's timeline reads it: ISO `YYYY-MM-DD`; a year alone or a
/// year and month become the first day; anything else is no date.
pub fn iso_day(date: &str) -> Option<String> {
    iso_day_ref(date).map(Cow::into_owned)
}

/// [`iso_day`], borrowing a full date: called for every node and edge of
/// every export.
pub(crate) fn iso_day_ref(date: &str) -> Option<Cow<'_, str>> {
    Some(match iso_form(date)? {
        IsoForm::Year => Cow::Owned(format!("{date}-01-01")),
        IsoForm::Month => Cow::Owned(format!("{date}-01")),
        IsoForm::Day => Cow::Borrowed(date),
    })
}

/// The ISO forms a date of the graph takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IsoForm {
    /// `YYYY`.
    Year,
    /// `YYYY-MM`.
    Month,
    /// `YYYY-MM-DD`.
    Day,
}

/// Which ISO form `date` is in, if any: by length and byte (the forms are
/// fixed, and this runs several times per row).
pub(crate) fn iso_form(date: &str) -> Option<IsoForm> {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let month = || b[4] == b'-' && digits(5..7);
    match b.len() {
        4 if digits(0..4) => Some(IsoForm::Year),
        7 if digits(0..4) && month() => Some(IsoForm::Month),
        10 if digits(0..4) && month() && b[7] == b'-' && digits(8..10) => Some(IsoForm::Day),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_days() {
        assert_eq!(iso_day("2017").as_deref(), Some("2017-01-01"));
        assert_eq!(iso_day("2020-06").as_deref(), Some("2020-06-01"));
        assert_eq!(iso_day("2020-06-29").as_deref(), Some("2020-06-29"));
        assert_eq!(iso_day("undated"), None);
        // Not a year, a month or a day as ISO writes them (the first is empty).
        let bad = ", 2020-, 2020-6, 2020-06-, 2020-6-29, 2020-06-2x, 20200-06, 2020-06-29-01, 2020/06/29, é123, ２０２０";
        for bad in bad.split(", ") {
            assert_eq!(iso_day(bad), None, "{bad:?}");
        }
    }
}
