//! What `<meta>` says: the document's identity (FRBR work and expression),
//! and how it was decided (workflow steps and the vote of each member).
//!
//! AKN4UN puts the draft symbol and its sponsors in a `draftResolution`
//! workflow step (`as`, `by`), further sponsors in
//! `draftResolutionAdditionalSponsors`, the adopting meeting or
//! written-procedure letter in the `adopted` step (`as="S/PV.8014"`,
//! `by="Adopted 13-0-2, 8848th meeting"`), and the members in
//! `<voting><count refersTo="inFavour" value="013"><akn4un:voters>
//! <organization>...` lists. Counts and lists that disagree are reported as
//! warnings, not fixed.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::records::{Meta, Step};
use crate::extract::actors::lookup_state;
use crate::extract::votes::council::{COUNCIL, year_of};
use crate::model::{DecisionItem, Item, Outcome, Position, VoteItem, WarningItem};
use crate::rules;
use crate::slug::slug;
use crate::symbol;
use crate::text::Text;

/// Rule name of votes read from `<voting>`.
pub const RULE_VOTE: &str = rules::VOTE_AKN_VOTING;
/// Rule name of decisions read from `<workflow>`.
pub const RULE_DECISION: &str = rules::DECISION_AKN_WORKFLOW;
/// Rule name of warnings about inconsistent metadata.
pub const RULE_WARNING: &str = rules::WARNING_AKN_META;

/// Members of the Security Council in any year since 1966.
const COUNCIL_SIZE: usize = 15;

static COMPOUND_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    include_str!("../../../ontology/reference/state-names-with-conjunction.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
});

static FRBR_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,5})-(\d{4})$").expect("valid regex"));
static TALLY_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})-(\d{1,2})-(\d{1,2})\b").expect("valid regex"));
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z]{1,2}(?:/[A-Za-z0-9.\-]+)+(?: \(\d{4}\))?$").expect("valid regex")
});

/// The symbol the FRBR work URI implies for a document element named
/// `name` ("resolution", "presidentialStatement"):
/// `/akn/un/statement/deliberation/unsc/2017-07-27/2369-2017/` ->
/// `S/RES/2369 (2017)`.
pub(super) fn symbol_from_frbr(meta: &Meta, name: Option<&str>) -> Option<String> {
    let uri = meta.work_uri.as_deref().or(meta.work_this.as_deref())?;
    if !uri.contains("/unsc/") {
        return None;
    }
    let last = uri
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('!'))?;
    let c = FRBR_NUMBER.captures(last)?;
    match name {
        Some("resolution") | None => Some(format!("S/RES/{} ({})", &c[1], &c[2])),
        Some("presidentialStatement") => Some(format!("S/PRST/{}/{}", &c[2], &c[1])),
        _ => None,
    }
}

/// A canonical symbol from text as printed, if it looks like one.
pub(super) fn symbol(s: &str) -> Option<String> {
    let c = symbol::printed(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    SYMBOL.is_match(&c).then_some(c)
}

/// Splits a list of sponsors ("France, United Kingdom of Great Britain and
/// Northern Ireland and United States of America") into names, keeping
/// names that contain "and" whole. A `by` that is not a list of names ("report
/// of the Secretary-General") yields nothing.
pub fn split_sponsors(by: &str) -> Vec<String> {
    let by = by.split_whitespace().collect::<Vec<_>>().join(" ");
    if !by.starts_with(|c: char| c.is_uppercase()) && !by.starts_with("the ") {
        return Vec::new();
    }
    // Protect compound names.
    let mut protected = by.clone();
    for (k, name) in COMPOUND_NAMES.iter().enumerate() {
        if protected.contains(name.as_str()) {
            protected = protected.replace(name.as_str(), &format!("\u{1}{k}\u{1}"));
        }
    }
    let restore = |s: &str| -> String {
        let mut out = s.to_string();
        if out.contains('\u{1}') {
            for (k, name) in COMPOUND_NAMES.iter().enumerate() {
                out = out.replace(&format!("\u{1}{k}\u{1}"), name);
            }
        }
        out
    };
    let mut names = Vec::new();
    for part in protected.split(", ") {
        for p in part.split(" and ").flat_map(|p| p.split(" et ")) {
            let p = restore(p.trim().trim_end_matches(['.', ';']));
            if looks_like_name(&p) {
                names.push(p);
            }
        }
    }
    names
}

/// A State's name: no digits, and at most one lower-case word besides
/// particles ("of", "the", "d’Ivoire", "the former Yugoslav Republic of
/// Macedonia"). "Submitted pursuant to resolution 2755 (2024)" is a
/// remark, not a sponsor.
fn looks_like_name(s: &str) -> bool {
    const PARTICLES: &[&str] = &["of", "and", "the", "et", "de", "du", "des", "la", "le"];
    let lower = s
        .split_whitespace()
        .filter(|w| w.starts_with(|c: char| c.is_lowercase()))
        .filter(|w| {
            !PARTICLES.contains(w)
                && !w.starts_with("d’")
                && !w.starts_with("d'")
                && !w.starts_with("l’")
        })
        .count();
    !s.is_empty() && s.len() <= 80 && !s.chars().any(|c| c.is_ascii_digit()) && lower <= 1
}

fn position(refers_to: &str) -> Option<Position> {
    let r = refers_to.trim_start_matches('#').to_ascii_lowercase();
    if r.starts_with("infavo") || r == "for" || r == "yes" {
        Some(Position::InFavour)
    } else if r.starts_with("against") || r == "no" {
        Some(Position::Against)
    } else if r.starts_with("abstain") || r.starts_with("abstention") {
        Some(Position::Abstaining)
    } else {
        None
    }
}

fn outcome(step: &Step) -> Option<Outcome> {
    let o = step.attrs.get("outcome")?.to_ascii_lowercase();
    if o.contains("veto") {
        Some(Outcome::Vetoed)
    } else if o.starts_with("notadopted") || o.starts_with("rejected") || o.contains("failed") {
        Some(Outcome::NotAdopted)
    } else if o.starts_with("adopted") {
        Some(Outcome::Adopted)
    } else {
        None
    }
}

/// Actor id for a member or sponsor name.
pub(super) fn actor_id(name: &str) -> (String, String) {
    match lookup_state(name) {
        Some(a) => (a.id, a.label),
        None => (format!("state/{}", slug(name)), name.to_string()),
    }
}

/// Votes, the decision and consistency warnings from `<meta>`.
pub(super) fn decision_items(
    text: &Text,
    meta: &Meta,
    doc: &str,
    resolution: Option<&str>,
    out: &mut Vec<Item>,
) {
    let on = resolution.unwrap_or(doc).to_string();
    let tally = vote_items(text, meta, doc, &on, out);
    decision_item(text, meta, doc, &on, tally, out);
}

/// A warning about document `doc`, its evidence the XML at `span`.
fn warning(text: &Text, doc: &str, message: String, span: &Range<usize>) -> Item {
    Item::Warning(WarningItem {
        doc: Some(doc.to_string()),
        message,
        ev: text.evidence_src(span.start, span.end, RULE_WARNING),
    })
}

/// One vote per member listed in `<voting>`, with warnings for counts that
/// disagree with their lists, members listed twice or not on the Council;
/// returns the tally (in favour, against, abstaining).
fn vote_items(text: &Text, meta: &Meta, doc: &str, on: &str, out: &mut Vec<Item>) -> [usize; 3] {
    let mut tally = [0usize; 3];
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let warn = |out: &mut Vec<Item>, message: String, span: &Range<usize>| {
        out.push(warning(text, doc, message, span));
    };
    // The year of the vote, to check who sat on the Council.
    let year = year_of(
        meta.steps
            .iter()
            .find(|s| outcome(s).is_some())
            .and_then(|s| s.attrs.get("date"))
            .filter(|d| !d.starts_with("0001"))
            .or(meta.work_date.as_ref())
            .map(String::as_str),
    );
    let mut listed = 0;
    for count in &meta.counts {
        let Some(pos) = position(&count.refers_to) else {
            warn(
                out,
                format!(
                    "voting count refersTo=\"{}\" is not inFavour, against or abstaining; its {} members are not counted",
                    count.refers_to,
                    count.voters.len()
                ),
                &count.span,
            );
            continue;
        };
        match (&count.raw_value, count.value) {
            (Some(raw), None) => warn(
                out,
                format!(
                    "voting count {} has value \"{raw}\", not a number of members",
                    count.refers_to
                ),
                &count.span,
            ),
            (_, Some(v)) if v as usize > COUNCIL_SIZE => warn(
                out,
                format!(
                    "voting count {} says {v}, more than the Council's {COUNCIL_SIZE} members",
                    count.refers_to
                ),
                &count.span,
            ),
            _ => {}
        }
        listed += count.voters.len();
        if let Some(k) = pos.column() {
            tally[k] += count.voters.len();
        }
        if let Some(v) = count.value
            && v as usize != count.voters.len()
        {
            warn(
                out,
                format!(
                    "voting count {} says {v} but lists {} members",
                    count.refers_to,
                    count.voters.len()
                ),
                &count.span,
            );
        }
        for (name, span) in &count.voters {
            let (member, member_label) = actor_id(name);
            if !seen.insert(member.clone()) {
                warn(out, format!("{name} is listed twice in the voting"), span);
            }
            if let (Some(y), Some(m)) = (year, COUNCIL.resolve(name, year))
                && m.on_council == Some(false)
            {
                warn(
                    out,
                    format!("{name} voted on {on} but was not a member of the Council in {y}"),
                    span,
                );
            }
            out.push(Item::Vote(VoteItem {
                doc: doc.to_string(),
                member,
                member_label,
                position: pos,
                on: on.to_string(),
                signer: None,
                ev: text.evidence_src(span.start, span.end, RULE_VOTE),
            }));
        }
    }
    if listed > COUNCIL_SIZE
        && let Some(first) = meta.counts.first()
    {
        warn(
            out,
            format!("the voting lists {listed} members, more than the Council's {COUNCIL_SIZE}"),
            &(first.span.start..meta.counts.last().map_or(first.span.end, |c| c.span.end)),
        );
    }
    tally
}

/// The decision the workflow states (its outcome, draft, sponsors, meeting
/// and date) with `tally`, and a warning when the workflow's own tally
/// disagrees with the voting.
fn decision_item(
    text: &Text,
    meta: &Meta,
    doc: &str,
    on: &str,
    tally: [usize; 3],
    out: &mut Vec<Item>,
) {
    let draft_step = meta.steps.iter().find(|s| {
        s.attrs
            .get("outcome")
            .is_some_and(|o| o == "draftResolution")
    });
    let decided = meta.steps.iter().find(|s| outcome(s).is_some());
    let Some(step) = decided.or(draft_step) else {
        return;
    };
    let draft = draft_step
        .and_then(|s| s.attrs.get("as"))
        .and_then(|a| symbol(a));
    let mut sponsors: Vec<String> = Vec::new();
    for s in &meta.steps {
        let o = s.attrs.get("outcome").map(String::as_str).unwrap_or("");
        if o.starts_with("draftResolution") {
            for name in split_sponsors(s.attrs.get("by").map(String::as_str).unwrap_or("")) {
                let id = actor_id(&name).0;
                sponsors.push(id);
            }
        }
    }
    // Repeats dropped with a hash set, not a scan per sponsor.
    let mut seen_sponsors = std::collections::HashSet::new();
    sponsors.retain(|id| seen_sponsors.insert(id.clone()));
    let counted = tally.iter().sum::<usize>() > 0;
    let tally_s = counted.then(|| format!("{}-{}-{}", tally[0], tally[1], tally[2]));
    let by = step.attrs.get("by").cloned().unwrap_or_default();
    if let (Some(t), Some(c)) = (&tally_s, TALLY_IN_TEXT.captures(&by))
        && &format!("{}-{}-{}", &c[1], &c[2], &c[3]) != t
    {
        out.push(warning(
            text,
            doc,
            format!("workflow says \"{by}\" but the voting lists {t}"),
            &step.span,
        ));
    }
    let outcome = decided.and_then(outcome).unwrap_or(Outcome::Adopted);
    out.push(Item::Decision(DecisionItem {
        doc: doc.to_string(),
        draft,
        outcome,
        resolution: (outcome == Outcome::Adopted).then(|| on.to_string()),
        tally: tally_s,
        meeting: decided
            .and_then(|s| s.attrs.get("as"))
            .and_then(|a| symbol(a)),
        date: step
            .attrs
            .get("date")
            .filter(|d| !d.starts_with("0001"))
            .cloned()
            .or_else(|| meta.work_date.clone()),
        sponsors,
        ev: text.evidence_src(step.span.start, step.span.end, RULE_DECISION),
        vetoed_by: Vec::new(),
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_canonicalize_to_symbols() {
        let cases = [
            (
                "https://undocs.org/S/RES/1251(1999)",
                Some("S/RES/1251 (1999)"),
            ),
            (
                "https://undocs.org/en/S/RES/2719(2023)",
                Some("S/RES/2719 (2023)"),
            ),
            (
                "https://undocs.org/en/S/RES/2719 (2023)",
                Some("S/RES/2719 (2023)"),
            ),
            (
                "https://undocs.org/en/S/RES/2719%20(2023)",
                Some("S/RES/2719 (2023)"),
            ),
            ("http://undocs.org/S/2017/586", Some("S/2017/586")),
            (
                "https://docs.un.org/en/S/PRST/2017/1",
                Some("S/PRST/2017/1"),
            ),
            ("https://undocs.org/en/A/RES/72/1", Some("A/RES/72/1")),
            (
                "https://undocs.org/en/S/AC.44/2017/1",
                Some("S/AC.44/2017/1"),
            ),
            ("https://www.un.org/securitycouncil/", None),
            ("https://undocs.org/", None),
        ];
        for (href, want) in cases {
            assert_eq!(
                crate::extract::citations::canonical_target(href).as_deref(),
                want,
                "{href}"
            );
        }
    }

    #[test]
    fn sponsor_lists_keep_compound_names_whole() {
        assert_eq!(
            split_sponsors(
                "France, United Kingdom of Great Britain and Northern Ireland and United States of America"
            ),
            [
                "France",
                "United Kingdom of Great Britain and Northern Ireland",
                "United States of America"
            ]
        );
        assert_eq!(
            split_sponsors("Saint Vincent and the Grenadines, Tunisia and Antigua and Barbuda"),
            [
                "Saint Vincent and the Grenadines",
                "Tunisia",
                "Antigua and Barbuda"
            ]
        );
        assert!(split_sponsors("report of the Secretary-General").is_empty());
        assert!(split_sponsors("").is_empty());
        assert!(
            split_sponsors("Submitted pursuant to Security Council resolution 2755 (2024).")
                .is_empty()
        );
    }
}
