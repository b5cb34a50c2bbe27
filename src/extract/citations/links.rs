//! Hyperlinks as citation evidence.
//!
//! Two kinds of link survive normalization ([`crate::text::Link`]):
//! - Markdown links, whose anchor text sits in the normalized text: a
//!   grammar citation of the same target over the anchor is confirmed
//!   (`+link` on its rule); an anchor the grammar did not read becomes a
//!   citation of its own (`citation.link`);
//! - bare `https://undocs.org/...` lines that PDF text extraction leaves
//!   after each page, one per linked mention, in order. Each line confirms
//!   the first unconfirmed citation of its target on the page before it;
//!   when the grammar found no such citation on that page, the URL line
//!   itself is the evidence of a `citation.link`.

use super::{Cit, canonical_target, is_own};
use crate::extract::Structure;
use crate::rules;
use crate::symbol;
use crate::text::Text;

/// Confirms grammar citations with links and adds the citations only links
/// show.
pub(crate) fn reconcile(text: &Text, st: &Structure, cits: &mut Vec<Cit>) {
    let norm = &text.norm;
    if norm.links.is_empty() {
        return;
    }
    let src = &text.source.text;
    let src_start: Vec<usize> = cits
        .iter()
        .map(|c| {
            c.src
                .map_or_else(|| norm.src_span(c.start, c.end).0, |s| s.0)
        })
        .collect();
    let mut confirmed = vec![false; cits.len()];
    let mut added: Vec<Cit> = Vec::new();
    let mut page_start = 0;
    let mut last_url_end: Option<usize> = None;
    for link in &norm.links {
        let is_url_line = link.anchor.is_none();
        if is_url_line {
            let new_group = match last_url_end {
                Some(e) => src
                    .get(e..link.src.start)
                    .is_none_or(|g| !g.trim().is_empty()),
                None => true,
            };
            if new_group {
                page_start = last_url_end.unwrap_or(0);
            }
            last_url_end = Some(link.src.end);
        }
        let Some(target) = canonical_target(&link.url).filter(|t| !symbol::is_impossible(t)) else {
            continue;
        };
        let doc = link
            .after_block
            .and_then(|b| st.block_doc.get(b).copied())
            .unwrap_or(0);
        match &link.anchor {
            Some(a) => {
                let over: Vec<usize> = (0..cits.len())
                    .filter(|&k| {
                        cits[k].src.is_none() && cits[k].start < a.end && a.start < cits[k].end
                    })
                    .collect();
                if let Some(&k) = over.iter().find(|&&k| cits[k].target == target) {
                    confirm(&mut cits[k], &mut confirmed[k]);
                } else if over.is_empty() && a.start < a.end && !is_own(st, doc, &target) {
                    added.push(Cit {
                        start: a.start,
                        end: a.end,
                        src: None,
                        target,
                        pinpoint: None,
                        rule: rules::CITATION_LINK.into(),
                        block: norm.block_at(a.start),
                        doc,
                    });
                }
            }
            None => {
                let on_page: Vec<usize> = (0..cits.len())
                    .filter(|&k| {
                        cits[k].target == target
                            && src_start[k] >= page_start
                            && src_start[k] < link.src.start
                    })
                    .collect();
                if let Some(&k) = on_page.iter().find(|&&k| !confirmed[k]) {
                    confirm(&mut cits[k], &mut confirmed[k]);
                } else if on_page.is_empty() && !is_own(st, doc, &target) {
                    added.push(Cit {
                        start: 0,
                        end: 0,
                        src: Some((link.src.start, link.src.end)),
                        target,
                        pinpoint: None,
                        rule: rules::CITATION_LINK.into(),
                        block: None,
                        doc,
                    });
                }
            }
        }
    }
    cits.extend(added);
}

fn confirm(c: &mut Cit, done: &mut bool) {
    if !*done {
        c.rule.push('+');
        c.rule.push_str(rules::LINKED);
        *done = true;
    }
}
