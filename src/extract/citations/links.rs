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
    let spans = Spans::new(cits);
    let mut by_target = ByTarget::new(cits, &src_start);
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
                let over = spans.overlapping(cits, a.start, a.end);
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
                let (any, first) = by_target.first_unconfirmed(
                    &target,
                    page_start..link.src.start,
                    &src_start,
                    &confirmed,
                );
                if let Some(k) = first {
                    confirm(&mut cits[k], &mut confirmed[k]);
                } else if !any && !is_own(st, doc, &target) {
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

/// The grammar citations (those with a normalized span) by start, with
/// the running maximum of their ends, to find the ones an anchor overlaps
/// without looking at every citation for every link.
struct Spans {
    /// Indices into the citations, by start.
    order: Vec<usize>,
    /// The largest end among `order[..=i]`.
    max_end: Vec<usize>,
}

impl Spans {
    fn new(cits: &[Cit]) -> Spans {
        let mut order: Vec<usize> = (0..cits.len()).filter(|&k| cits[k].src.is_none()).collect();
        order.sort_by_key(|&k| (cits[k].start, k));
        let mut max_end = Vec::with_capacity(order.len());
        let mut m = 0;
        for &k in &order {
            m = m.max(cits[k].end);
            max_end.push(m);
        }
        Spans { order, max_end }
    }

    /// The citations overlapping `start..end`, in citation order. Walks
    /// back from the last citation starting before `end` only while some
    /// earlier citation still reaches past `start`.
    fn overlapping(&self, cits: &[Cit], start: usize, end: usize) -> Vec<usize> {
        let mut i = self.order.partition_point(|&k| cits[k].start < end);
        let mut out = Vec::new();
        while i > 0 && self.max_end[i - 1] > start {
            i -= 1;
            let k = self.order[i];
            if cits[k].end > start {
                out.push(k);
            }
        }
        out.sort_unstable();
        out
    }
}

/// The citations of each target by position in the source, with a
/// union-find "next unconfirmed" pointer per position, so that a page of
/// URL lines confirming citations one by one stays near linear instead of
/// looking at every confirmed citation again for every line.
struct ByTarget {
    /// Per target: indices into the citations by source position, and for
    /// each position a pointer towards the next one that may be unconfirmed.
    lists: std::collections::HashMap<String, (Vec<usize>, Vec<usize>)>,
}

impl ByTarget {
    fn new(cits: &[Cit], src_start: &[usize]) -> ByTarget {
        let mut lists: std::collections::HashMap<String, (Vec<usize>, Vec<usize>)> =
            std::collections::HashMap::new();
        for (k, c) in cits.iter().enumerate() {
            lists.entry(c.target.clone()).or_default().0.push(k);
        }
        for (list, next) in lists.values_mut() {
            list.sort_by_key(|&k| (src_start[k], k));
            *next = (0..list.len()).collect();
        }
        ByTarget { lists }
    }

    /// Whether a citation of `target` starts in `range` of the source, and
    /// the first such one (in source order) not yet confirmed.
    fn first_unconfirmed(
        &mut self,
        target: &str,
        range: std::ops::Range<usize>,
        src_start: &[usize],
        confirmed: &[bool],
    ) -> (bool, Option<usize>) {
        let Some((list, next)) = self.lists.get_mut(target) else {
            return (false, None);
        };
        let lo = list.partition_point(|&k| src_start[k] < range.start);
        let hi = list.partition_point(|&k| src_start[k] < range.end);
        // Follow the pointers past confirmed citations, then point every
        // position visited at the one found.
        let mut r = lo;
        while r < list.len() {
            if next[r] != r {
                r = next[r];
            } else if confirmed[list[r]] {
                next[r] = r + 1;
                r += 1;
            } else {
                break;
            }
        }
        let mut i = lo;
        while i < r && i < list.len() {
            let j = next[i];
            next[i] = r;
            i = j.max(i + 1);
        }
        (lo < hi, (r < hi).then(|| list[r]))
    }
}

fn confirm(c: &mut Cit, done: &mut bool) {
    if !*done {
        c.rule.push('+');
        c.rule.push_str(rules::LINKED);
        *done = true;
    }
}
