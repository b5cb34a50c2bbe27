//! Speakers cited in narrative footnotes.
//!
//! The Repertoire backs its summaries of a debate with footnotes that name
//! the meeting and who said it: "See S/PV.9251, Brazil, China, Russian
//! Federation and Japan; S/PV.9302, Ghana (also on behalf of Gabon and
//! Mozambique), China and Russian Federation". The names after a meeting
//! record, up to the next symbol, are its speakers, provided every one of
//! them looks like a name (capitalised, no digits). "Ibid., United Kingdom,
//! Switzerland" takes the meeting from the last citation of the footnote
//! just before it, and only when that citation was a meeting record: an
//! "Ibid." never reaches further back.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::council::year_of;
use super::names;
use super::{MEETING_SYMBOL, Sink, resolve_list};
use crate::extract::Structure;
use crate::model::SpeakerItem;
use crate::rules;
use crate::symbol;
use crate::text::{BlockKind, Text};

/// Any citation a footnote can end on (a symbol or "resolution N (YYYY)").
static ANY_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:[ASE]/(?:PV\.\d+(?:\s?\(Resumption\s?\d+\))?|[A-Z0-9.]+(?:/[A-Za-z0-9.]+)*\d)|[Rr]esolution \d{1,4} ?\(\d{4}\))")
        .expect("valid regex")
});

static IBID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Ibid|Idem)\.,?\s*").expect("valid regex"));

/// Adds the speakers named in footnotes.
pub fn extract(text: &Text, st: &Structure, sink: &mut Sink) {
    let norm = &text.norm;
    // The last citation of each footnote, by label, for "Ibid.".
    let mut last_cited: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut previous: Option<String> = None;
    for (bi, b) in norm.blocks.iter().enumerate() {
        if b.kind != BlockKind::Footnote {
            continue;
        }
        let label = b.label.clone().unwrap_or_default();
        let t = norm.block_text(b);
        let doc_idx = st.block_doc.get(bi).copied().unwrap_or(0);
        let Some(doc) = st.docs.get(doc_idx) else {
            continue;
        };
        let year = year_of(doc.item.date.as_deref());
        let prev_label = label
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .map(|n| n.to_string())
            .or_else(|| previous.clone());
        let before = prev_label.and_then(|l| last_cited.get(&l).cloned().flatten());

        // (meeting, names region) pairs.
        let mut regions: Vec<(String, usize, usize)> = Vec::new();
        let cites: Vec<regex::Match<'_>> = ANY_CITATION.find_iter(t).collect();
        let mut last = None;
        if let Some(m) = IBID.find(t) {
            let end = cites.first().map_or(t.len(), |c| c.start());
            if let Some(meeting) = before.as_ref().filter(|s| s.starts_with("S/PV.")) {
                regions.push((meeting.clone(), m.end(), end));
            }
            last = before.clone();
        }
        for (k, c) in cites.iter().enumerate() {
            let sym = symbol::printed(c.as_str());
            last = Some(sym.clone());
            if !MEETING_SYMBOL.is_match(c.as_str()) {
                continue;
            }
            let end = cites.get(k + 1).map_or(t.len(), |n| n.start());
            let rest = &t[c.end()..end];
            if let Some(comma) = rest.strip_prefix(',') {
                let start = end - comma.len();
                regions.push((sym, start, end));
            }
        }
        last_cited.insert(label.clone(), last);
        previous = Some(label);

        for (meeting, a, z) in regions {
            let list = names::split(&t[a..z]);
            let plausible = !list.is_empty()
                && list.iter().all(|n| {
                    n.text.starts_with(|c: char| c.is_uppercase())
                        && !n.text.contains(|c: char| c.is_ascii_digit())
                        && n.text.split_whitespace().count() <= 6
                        && !n.text.starts_with("See")
                });
            if !plausible {
                continue;
            }
            for n in &list {
                let r = b.start + a + n.full.start..b.start + a + n.full.end;
                for (m, r) in resolve_list(text, &doc.item.id, n, r, year, sink) {
                    let on_behalf_of = n
                        .on_behalf_of
                        .iter()
                        .filter_map(|o| {
                            super::council::COUNCIL
                                .resolve(&o.text, year)
                                .map(|x| x.actor.id)
                        })
                        .collect();
                    sink.speaker(SpeakerItem {
                        doc: doc.item.id.clone(),
                        meeting: meeting.clone(),
                        member: m.actor.id,
                        on_behalf_of,
                        ev: text.evidence(r.start, r.end, rules::SPEAKER_FOOTNOTE),
                    });
                }
            }
        }
    }
}
