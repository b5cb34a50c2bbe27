//! Actor extraction (to be filled in by its issue).

use crate::extract::Structure;
use crate::extract::structure::slug;
use crate::model::Item;
use crate::text::Text;

/// A resolved actor: canonical id, preferred label and class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRef {
    /// Canonical id (`state/russian-federation`, `minusma`).
    pub id: String,
    /// Preferred label ("Russian Federation").
    pub label: String,
    /// Class (`MemberState`, `Mission`, ...).
    pub class: String,
}

/// Resolves a state's name as written in UN texts and metadata ("RUSSIAN
/// FEDERATION", "the Republic of Niger", "United Kingdom of Great Britain and
/// Northern Ireland") to its actor.
///
/// Interim rule until the gazetteer lands: slug of the name without a
/// leading article.
pub fn lookup_state(name: &str) -> Option<ActorRef> {
    let n = name
        .trim()
        .trim_start_matches("the ")
        .trim_start_matches("The ");
    if n.is_empty() {
        return None;
    }
    let label: String = n
        .split_whitespace()
        .map(|w| {
            let lw = w.to_lowercase();
            if matches!(lw.as_str(), "of" | "and" | "the") {
                lw
            } else {
                let mut c = lw.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(ActorRef {
        id: format!("state/{}", slug(&label)),
        label,
        class: "MemberState".into(),
    })
}

/// Adds the actor mentions, addressees and mandates found in `text` to `out`.
pub fn extract(_text: &Text, _st: &Structure, _out: &mut Vec<Item>) {}
