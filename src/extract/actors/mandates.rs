//! Mandates: "Decides to extend the mandate of MINUSMA until 30 June 2021"
//! and personnel ceilings ("up to 13,289 military personnel and 1,920 police
//! personnel"), as facts of the resolution about the mission or force named
//! in the paragraph.

use std::sync::LazyLock;

use regex::Regex;

use super::Mention;
use super::addressees::is_operative;
use crate::extract::Structure;
use crate::extract::structure::parse_date;
use crate::model::MandateItem;
use crate::rules;
use crate::text::Text;

static EXTEND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:extend|renew|prolong)s?\b[^;]{0,200}?\buntil\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})",
    )
    .expect("valid regex")
});
static MILITARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:up to|ceiling of|maximum of|strength of|level of|comprise)\s+(?:a total of\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+(?:military personnel|troops|military)\b")
        .expect("valid regex")
});
static POLICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b(?:up to|ceiling of|maximum of|strength of|level of|comprise|and|of|including)|,)\s+(?:a total of\s+)?(\d{1,3}(?:,\d{3})+|\d+)\s+(?:police personnel|police)\b")
        .expect("valid regex")
});

const MANDATED: [&str; 3] = ["Mission", "Force", "UNOffice"];

fn number(s: &str) -> Option<u32> {
    s.replace(',', "").parse().ok()
}

/// Whether `t` holds "until" in any case, which [`EXTEND`] needs.
fn has_until(t: &str) -> bool {
    t.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"until"))
}

/// The mandate facts of a text's operative paragraphs.
pub fn extract(text: &Text, st: &Structure, mentions: &[Mention]) -> Vec<MandateItem> {
    debug_assert!(mentions.is_sorted_by_key(|m| m.start));
    let norm = &text.norm;
    let mut out = Vec::new();
    for p in &st.paras {
        let t = &norm.text[p.range.clone()];
        if !is_operative(st, p, t) {
            continue;
        }
        let base = p.range.start;
        // The cheap tests first: each pattern needs its words ("until";
        // "up to" or "ceiling"), and most operative paragraphs have none.
        let ext = has_until(t)
            .then(|| EXTEND.captures(t))
            .flatten()
            .filter(|c| {
                let from = c.get(0).map(|m| m.start()).unwrap_or(0);
                let to = t.ceil_char_boundary((from + 300).min(t.len()));
                let window = &t[from..to];
                window.contains("mandate")
                    || window.contains("authoriz")
                    || window.contains("deployment")
            });
        let until = ext.as_ref().and_then(|c| parse_date(&c[1]));
        let ceiling = t.contains("up to") || t.contains("ceiling");
        let mil = ceiling.then(|| MILITARY.captures(t)).flatten();
        let pol = ceiling.then(|| POLICE.captures(t)).flatten();
        if until.is_none() && mil.is_none() && pol.is_none() {
            continue;
        }
        let spans: Vec<(usize, usize)> = [
            ext.as_ref().and_then(|c| c.get(0)),
            mil.as_ref().and_then(|c| c.get(0)),
            pol.as_ref().and_then(|c| c.get(0)),
        ]
        .into_iter()
        .flatten()
        .filter(|_| until.is_some() || mil.is_some() || pol.is_some())
        .map(|m| (m.start(), m.end()))
        .collect();
        let (Some(a), Some(b)) = (
            spans.iter().map(|s| s.0).min(),
            spans.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        // The mission named after the verb ("extend until ... the mandate of
        // MONUSCO"), else anywhere in the paragraph.
        let from = base + a;
        let in_para = super::starting_in(mentions, base..base + t.len());
        let in_para = || in_para.iter().filter(|m| m.end <= base + t.len());
        let mandated = |m: &&Mention| MANDATED.contains(&m.actor.class.as_str());
        let actor = in_para()
            .filter(|m| m.start >= from)
            .find(mandated)
            .or_else(|| in_para().find(mandated));
        let Some(actor) = actor else {
            continue;
        };
        out.push(MandateItem {
            doc: p.item.doc.clone(),
            paragraph: Some(p.item.id.clone()),
            actor: actor.actor.id.clone(),
            until,
            military_ceiling: mil.and_then(|c| number(&c[1])),
            police_ceiling: pol.and_then(|c| number(&c[1])),
            ev: text.evidence(
                base + a.min(actor.start - base),
                base + b,
                rules::ACTORS_MANDATE,
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The prefilter never hides a match: whatever `EXTEND` finds holds
        // "until" in some case.
        #[test]
        fn every_extension_holds_until(
            t in "((?i)(extends?|renews?|prolong|until|mandate|the|of|;) ){0,8}[0-9]{1,2} [A-Z][a-z]{2,8} [0-9]{4}",
        ) {
            if EXTEND.is_match(&t) {
                prop_assert!(has_until(&t), "{t}");
            }
        }
    }

    #[test]
    fn until_in_any_case() {
        assert!(has_until("extends it UNTIL 30 June 2024"));
        assert!(has_until("Until 30 June"));
        assert!(!has_until("extends the mandate to 30 June, unti l"));
    }
}
