//! Where a yearly compilation's page (several resolutions, one after the
//! other) starts its later entries: kept apart from the identity of one
//! document, which it reads heading by heading.

use super::{HEAD, opening};
use crate::extract::structure::is_enacting;
use crate::text::{BlockKind, Text};

/// How many blocks under an entry heading its enacting formula may be.
const ENTRY_REACH: usize = 4;

/// The blocks where a later entry of a yearly compilation's page begins
/// (a page that holds several resolutions): an entry heading (`53 (1948).
/// Resolution of 7 July 1948`, or `Resolution 316 (1972) of 26 June 1972`
/// with its date) that names another resolution than the entry before it
/// and stands over an enacting formula, once the entry before it has had
/// its own enacting formula; its date must fall in its year. A heading
/// repeating the entry's own number (a catalogue title, then the volume's
/// heading) is the same entry. Only a file that opens with an entry (its
/// first dated heading in the head) is such a page: a letter or report
/// quoting resolutions further down is not cut. In order.
pub fn entry_starts(text: &Text) -> Vec<usize> {
    let norm = &text.norm;
    let n = norm.blocks.len();
    let enacting = |i: usize| {
        norm.blocks[i + 1..n.min(i + 1 + ENTRY_REACH)]
            .iter()
            .any(|b| {
                let t = norm.block_text(b);
                b.kind == BlockKind::Text && is_enacting(t)
            })
    };
    let mut starts = Vec::new();
    let mut current: Option<u32> = None;
    // Whether the current entry has reached its enacting formula.
    let mut bodied = false;
    for (i, b) in norm.blocks.iter().enumerate() {
        if current.is_none() && i >= HEAD {
            break;
        }
        if b.kind != BlockKind::Text {
            continue;
        }
        let t = norm.block_text(b);
        if is_enacting(t) {
            bodied |= current.is_some();
            continue;
        }
        let mut cands = Vec::new();
        if opening(text, 0..n, i, &mut cands).is_none() {
            continue;
        }
        let Some(c) = cands.iter().find(|c| {
            !c.yearless
                && c.repaired.is_none()
                && c.date
                    .as_ref()
                    .is_some_and(|(d, _)| d.get(..4) == Some(c.year.to_string().as_str()))
        }) else {
            continue;
        };
        match current {
            Some(k) if k != c.number && bodied && enacting(i) => {
                starts.push(i);
                current = Some(c.number);
                bodied = false;
            }
            None => current = Some(c.number),
            _ => {}
        }
    }
    starts
}
