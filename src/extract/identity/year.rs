//! The adoption date in the resolution's own year: a resolution is adopted
//! in the year its number belongs to, so a date the text states in another
//! year is a misread (OCR's 3 for an 8, a catalogue's "held on 18 June
//! 1872" under a Publication Date of 18 June 1982).

use std::ops::Range;

use super::Candidate;
use crate::extract::votes::adoption::Adoption;

/// The adoption date `date` in the year of the resolution `best`: a date of
/// another year yields to the text's strongest date in that year (the
/// adoption line's, then `stated` in rank order), else a date one digit
/// off is read in it; each repair adds a warning quoting the date. The
/// adoption line's own date follows the date taken. Also says whether
/// anything was repaired.
pub(super) fn in_own_year(
    date: Option<(String, Range<usize>)>,
    adoption: &mut Option<Adoption>,
    mut stated: impl Iterator<Item = (String, Range<usize>)>,
    best: &Candidate,
    warnings: &mut Vec<(Option<Range<usize>>, String)>,
) -> (Option<(String, Range<usize>)>, bool) {
    let own = |d: &str| d.get(..4) == Some(best.year.to_string().as_str());
    let mut repaired = false;
    let date = match date {
        Some((d, r)) if !own(&d) => {
            let line = adoption
                .as_ref()
                .and_then(|a| Some((a.date.clone()?, a.span.clone())))
                .filter(|(d, _)| own(d));
            let elsewhere = line.or_else(|| stated.find(|(d, _)| own(d)));
            let message = |taken: &str, how: &str| {
                format!(
                    "the adoption date {d} is not in {}, the year of resolution {}: {taken} {how}",
                    best.year, best.number
                )
            };
            if let Some((taken, at)) = elsewhere {
                warnings.push((
                    Some(r),
                    message(&taken, "(stated elsewhere in the text) is taken"),
                ));
                repaired = true;
                Some((taken, at))
            } else if let Some(fixed) = year_one_digit_off(&d, best.year) {
                warnings.push((Some(r.clone()), message(&fixed, "is read (one digit off)")));
                repaired = true;
                Some((fixed, r))
            } else {
                Some((d, r))
            }
        }
        date => date,
    };
    if let Some(ad) = adoption.as_mut().and_then(|a| a.date.as_mut())
        && !own(ad)
        && let Some((d, _)) = date.as_ref().filter(|(d, _)| own(d))
    {
        *ad = d.clone();
        repaired = true;
    }
    (date, repaired)
}

/// The ISO date `date` with the year `year`, when its own year is one digit
/// off it ("48 (1948). Resolution of 23 April 1943": OCR read the 8 as a
/// 3). A resolution is adopted in the year its number belongs to, so an
/// adoption date in another year is a misread; only a single glyph is
/// repaired: a date two digits off, or with the year's own, is `None`.
pub fn year_one_digit_off(date: &str, year: u16) -> Option<String> {
    let (written, rest) = (date.get(..4)?, date.get(4..)?);
    let own = year.to_string();
    let differ = written
        .bytes()
        .zip(own.bytes())
        .filter(|(a, b)| a != b)
        .count();
    (own.len() == 4 && differ == 1).then(|| format!("{own}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_dates_one_digit_off_the_year_take_the_year() {
        // OCR's 3 for an 8: one glyph.
        assert_eq!(
            year_one_digit_off("1943-04-23", 1948).as_deref(),
            Some("1948-04-23")
        );
        assert_eq!(
            year_one_digit_off("1996-11-27", 1986).as_deref(),
            Some("1986-11-27")
        );
        // The resolution's own year, or two digits off: nothing to repair.
        assert_eq!(year_one_digit_off("1948-04-23", 1948), None);
        assert_eq!(year_one_digit_off("1984-04-23", 1948), None);
        assert_eq!(year_one_digit_off("19", 1948), None);
    }
}
