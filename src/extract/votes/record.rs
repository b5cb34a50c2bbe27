//! Votes and decisions recorded as metadata rather than prose: the
//! `<voting>` and `<workflow>` of an Akoma Ntoso resolution, or any vote
//! table a reader turns into a [`Record`].
//!
//! [`emit`] gives them the same shape as votes read from text: members
//! resolved through the membership table of that year, votes cast `on` the
//! draft when it is known, sponsors as actor ids, and the same consistency
//! warnings (a stated count that disagrees with its voters, a voter listed
//! twice or not on the Council, a permanent member voting against an
//! adopted resolution).

use super::council::{COUNCIL, year_of};
use super::{Cast, Sink, check_tally_size, emit_votes, names, with_vetoes};
use crate::model::{DecisionItem, Evidence, Item, Outcome, Position};

/// One voter as the metadata lists it.
#[derive(Clone, Debug)]
pub struct Voter {
    /// The name as written (`RUSSIAN FEDERATION`).
    pub name: String,
    /// The position.
    pub position: Position,
    /// Where the voter is recorded.
    pub ev: Evidence,
}

/// A decision as metadata records it.
#[derive(Clone, Debug)]
pub struct Record {
    /// The document that records it (the resolution's id).
    pub doc: String,
    /// The draft's canonical symbol (`S/2014/96`), when recorded.
    pub draft: Option<String>,
    /// The resolution's canonical symbol, when adopted.
    pub resolution: Option<String>,
    /// The outcome.
    pub outcome: Outcome,
    /// The meeting record (`S/PV.7110`).
    pub meeting: Option<String>,
    /// ISO date of the decision.
    pub date: Option<String>,
    /// The sponsors as written ("France and Nigeria").
    pub sponsors: Option<String>,
    /// The voters.
    pub voters: Vec<Voter>,
    /// Counts stated beside the voters (for-against-abstaining), to check.
    pub stated: Option<[usize; 3]>,
    /// Evidence for the decision (the workflow step or the adoption line).
    pub ev: Evidence,
}

/// Adds the votes and the decision of a record to `out`, with warnings for
/// what does not add up.
pub fn emit(r: &Record, out: &mut Vec<Item>) {
    let mut sink = Sink::default();
    let year = year_of(r.date.as_deref()).or_else(|| {
        r.resolution
            .as_deref()
            .and_then(|s| s.rsplit_once('('))
            .and_then(|(_, y)| y.trim_end_matches(')').parse().ok())
    });
    let Some(on) = r.draft.clone().or_else(|| r.resolution.clone()) else {
        return;
    };
    let cast: Vec<Cast> = r
        .voters
        .iter()
        .filter_map(|v| {
            COUNCIL.resolve(&v.name, year).map(|member| Cast {
                position: v.position,
                member,
                ev: v.ev.clone(),
            })
        })
        .collect();
    let n = |p: Position| r.voters.iter().filter(|v| v.position == p).count();
    let counted = [
        n(Position::InFavour),
        n(Position::Against),
        n(Position::Abstaining),
    ];
    let counts = r.stated.unwrap_or(counted);
    let stated = r.stated.map(|c| (c, &r.ev));
    let against = emit_votes(&r.doc, &on, year, cast, stated, &mut sink);
    check_tally_size(&r.doc, &on, year, counts, &r.ev, &mut sink);
    let outcome = with_vetoes(&r.doc, &on, r.outcome, &against, &r.ev, &mut sink);
    let sponsors = r
        .sponsors
        .as_deref()
        .map(|s| {
            names::split(s)
                .iter()
                .filter_map(|n| COUNCIL.resolve(&n.text, year).map(|m| m.actor.id))
                .collect()
        })
        .unwrap_or_default();
    let tally = (!r.voters.is_empty() || r.stated.is_some())
        .then(|| format!("{}-{}-{}", counts[0], counts[1], counts[2]));
    sink.push(Item::Decision(DecisionItem {
        doc: r.doc.clone(),
        draft: r.draft.clone(),
        outcome,
        resolution: r.resolution.clone(),
        tally,
        meeting: r.meeting.clone(),
        date: r.date.clone(),
        sponsors,
        ev: r.ev.clone(),
        vetoed_by: Vec::new(),
    }));
    out.extend(sink.items);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(text: &str) -> Evidence {
        Evidence {
            file: "t.xml".into(),
            start: 0,
            end: text.len(),
            text: text.into(),
            rule: "test".into(),
        }
    }

    #[test]
    fn metadata_votes_come_out_as_votes_on_the_draft_with_checks() {
        let names = [
            "ARGENTINA",
            "AUSTRALIA",
            "CHAD",
            "CHILE",
            "CHINA",
            "FRANCE",
            "JORDAN",
            "LITHUANIA",
            "LUXEMBOURG",
            "NIGERIA",
            "REPUBLIC OF KOREA",
            "RUSSIAN FEDERATION",
            "RWANDA",
            "UNITED KINGDOM",
            "GERMANY",
        ];
        let r = Record {
            doc: "S/RES/2137 (2014)".into(),
            draft: Some("S/2014/96".into()),
            resolution: Some("S/RES/2137 (2014)".into()),
            outcome: Outcome::Adopted,
            meeting: Some("S/PV.7110".into()),
            date: Some("2014-02-13".into()),
            sponsors: Some("France and Nigeria".into()),
            voters: names
                .iter()
                .map(|n| Voter {
                    name: n.to_string(),
                    position: Position::InFavour,
                    ev: ev(n),
                })
                .collect(),
            stated: Some([15, 0, 0]),
            ev: ev("S/PV.7110"),
        };
        let mut out = Vec::new();
        emit(&r, &mut out);
        let votes = out
            .iter()
            .filter(|i| matches!(i, Item::Vote(v) if v.on == "S/2014/96"));
        assert_eq!(votes.count(), 15);
        let Some(Item::Decision(d)) = out.iter().find(|i| matches!(i, Item::Decision(_))) else {
            panic!("no decision");
        };
        assert_eq!(d.tally.as_deref(), Some("15-0-0"));
        assert_eq!(d.sponsors, ["state/france", "state/nigeria"]);
        let warnings: Vec<&str> = out
            .iter()
            .filter_map(|i| match i {
                Item::Warning(w) => Some(w.message.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            warnings,
            ["Germany voted on S/2014/96 but was not a member of the Council in 2014"]
        );
    }
}
