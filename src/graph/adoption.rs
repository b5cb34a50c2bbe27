//! Where the sources of a corpus meet on a resolution's adoption: its text
//! (the adoption line), a meetings table, an Akoma Ntoso file, a
//! Repertoire table each say when and at which meeting it was adopted. The
//! graph dates the meeting from a meeting item (the record, a meetings
//! table row) when one dates it, else from the least date decisions give
//! (see the builder); a disagreement is a warning that quotes both
//! evidences, so that a researcher sees which source to check.

use std::collections::HashMap;

use crate::model::{DecisionItem, Evidence, Outcome};

/// The first statement of each resolution's adoption, by resolution.
#[derive(Default)]
pub struct Adoptions {
    first: HashMap<String, Said>,
}

/// What one source said.
struct Said {
    date: Option<String>,
    meeting: Option<String>,
    ev: Evidence,
}

impl Adoptions {
    /// Records an adopting decision; pushes a warning when it disagrees
    /// with the first source that gave the same resolution's date or
    /// meeting.
    pub fn check(&mut self, d: &DecisionItem, warnings: &mut Vec<String>) {
        let (Some(res), Outcome::Adopted) = (&d.resolution, d.outcome) else {
            return;
        };
        let Some(first) = self.first.get_mut(res) else {
            self.first.insert(
                res.clone(),
                Said {
                    date: d.date.clone(),
                    meeting: d.meeting.clone(),
                    ev: d.ev.clone(),
                },
            );
            return;
        };
        for (what, a, b) in [
            ("date", &first.date, &d.date),
            ("meeting", &first.meeting, &d.meeting),
        ] {
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                warnings.push(format!(
                    "{}:{}: the sources disagree on the {what} of {res}'s adoption: {a} ({}:{}, {:?}, {}) and {b} ({:?}, {})",
                    d.ev.file,
                    d.ev.start,
                    first.ev.file,
                    first.ev.start,
                    first.ev.text,
                    first.ev.rule,
                    d.ev.text,
                    d.ev.rule,
                ));
            }
        }
        // A source that adds what the first lacked completes it.
        if first.date.is_none() {
            first.date = d.date.clone();
        }
        if first.meeting.is_none() {
            first.meeting = d.meeting.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn decision(file: &str, date: Option<&str>, meeting: Option<&str>) -> DecisionItem {
        DecisionItem {
            doc: "S/RES/1 (1946)".into(),
            draft: None,
            outcome: Outcome::Adopted,
            resolution: Some("S/RES/1 (1946)".into()),
            tally: None,
            meeting: meeting.map(str::to_string),
            date: date.map(str::to_string),
            sponsors: Vec::new(),
            vetoed_by: Vec::new(),
            ev: Evidence {
                file: file.into(),
                start: 3,
                end: 9,
                text: "quoted".into(),
                rule: rules::DECISION_ADOPTION_LINE.into(),
            },
        }
    }

    #[test]
    fn sources_that_disagree_on_date_or_meeting_are_reported_with_both_evidences() {
        let mut a = Adoptions::default();
        let mut w = Vec::new();
        a.check(&decision("text.txt", Some("1946-01-25"), None), &mut w);
        a.check(
            &decision("table.html", Some("1946-01-25"), Some("S/PV.4")),
            &mut w,
        );
        assert!(w.is_empty(), "{w:?}");
        a.check(
            &decision("akn.xml", Some("1946-01-26"), Some("S/PV.5")),
            &mut w,
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].contains("1946-01-25 (text.txt:3") && w[0].contains("1946-01-26"),
            "{}",
            w[0]
        );
        assert!(
            w[1].contains("S/PV.4") && w[1].contains("S/PV.5"),
            "{}",
            w[1]
        );
    }
}
