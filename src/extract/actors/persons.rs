//! Persons from signature blocks.
//!
//! A block reads "(Signed) Zhang Jun" followed by short lines: a title
//! ("Ambassador") and a function ("Permanent Representative of China to the
//! United Nations", "Chargé d'affaires of the United Kingdom ...", "President
//! of the Security Council"). The person is `person/<slug of the name>`; the
//! role is the function before "of <actor>", and the actor after "of" (a
//! state, or the body an office belongs to) is what the person represents.
//! An office that is itself a gazetteer actor ("President of the Security
//! Council") is kept whole as the role.

use super::gazetteer;
use crate::extract::Structure;
use crate::model::{ActorItem, ParagraphRole};
use crate::rules;
use crate::slug::slug;
use crate::text::Text;

/// What a function line says: the role and the actor represented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// The role ("Permanent Representative").
    pub role: String,
    /// The actor id represented (`state/china`), when one is named.
    pub represents: Option<String>,
}

const TRAILERS: [&str; 4] = [
    " to the United Nations",
    " to the United Nations Office at Geneva",
    " to the",
    " to",
];

/// Reads a function line ("Permanent Representative of the Niger to the
/// United Nations").
pub fn parse_function(line: &str) -> Option<Function> {
    let g = gazetteer::get();
    let line = line.trim().trim_end_matches([',', '.']);
    if line.is_empty() {
        return None;
    }
    if let Some(a) = g.lookup(line)
        && a.class == "UNOfficial"
    {
        return Some(Function {
            role: a.label.clone(),
            represents: None,
        });
    }
    let mut from = 0;
    while let Some(k) = line[from..].find(" of ") {
        let at = from + k;
        let mut rest = &line[at + 4..];
        for t in TRAILERS {
            if let Some(r) = rest.strip_suffix(t) {
                rest = r;
                break;
            }
        }
        if let Some(a) = g.lookup(rest) {
            return Some(Function {
                role: line[..at].trim().to_string(),
                represents: Some(a.id.clone()),
            });
        }
        from = at + 4;
    }
    None
}

fn is_title(line: &str) -> bool {
    let l = line.trim();
    !l.is_empty()
        && l.len() < 60
        && l.split_whitespace().count() <= 4
        && l.starts_with(|c: char| c.is_uppercase())
        && !l.contains(" of ")
}

/// The persons who sign the documents of a text.
pub fn extract(text: &Text, st: &Structure) -> Vec<ActorItem> {
    let norm = &text.norm;
    let mut out = Vec::new();
    for p in &st.paras {
        if p.item.role != ParagraphRole::Signature || p.blocks.is_empty() {
            continue;
        }
        let first = &norm.blocks[p.blocks.start];
        let t = norm.block_text(first);
        let Some(rest) = t
            .strip_prefix("(Signed)")
            .or_else(|| t.strip_prefix("(Signé)"))
        else {
            continue;
        };
        let lead = t.len() - rest.len() + (rest.len() - rest.trim_start().len());
        let name = rest.trim().trim_end_matches(',');
        if name.is_empty() || !name.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let start = first.start + lead;
        let end = start + name.len();
        let mut title: Option<String> = None;
        let mut function: Option<Function> = None;
        for b in &norm.blocks[p.blocks.start + 1..p.blocks.end] {
            let line = norm.block_text(b);
            if function.is_none()
                && let Some(f) = parse_function(line)
            {
                function = Some(f);
            } else if title.is_none() && is_title(line) {
                title = Some(line.trim().to_string());
            }
        }
        let (role, represents) = match function {
            Some(f) => (Some(f.role), f.represents),
            None => (title, None),
        };
        out.push(ActorItem {
            doc: p.item.doc.clone(),
            paragraph: Some(p.item.id.clone()),
            actor: format!("person/{}", slug(name)),
            label: name.to_string(),
            class: "Person".into(),
            role,
            represents,
            ev: text.evidence(start, end, rules::ACTORS_PERSON_SIGNATURE),
            part_of: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_lines() {
        let f = parse_function("Permanent Representative of China to the United Nations").unwrap();
        assert_eq!(f.role, "Permanent Representative");
        assert_eq!(f.represents.as_deref(), Some("state/china"));
        let f = parse_function("Special Envoy to the Security Council of the Dominican Republic")
            .unwrap();
        assert_eq!(f.role, "Special Envoy to the Security Council");
        assert_eq!(f.represents.as_deref(), Some("state/dominican-republic"));
        let f =
            parse_function("Permanent Representative of Saint Vincent and the Grenadines to the")
                .unwrap();
        assert_eq!(
            f.represents.as_deref(),
            Some("state/saint-vincent-and-the-grenadines")
        );
        let f = parse_function("President of the Security Council").unwrap();
        assert_eq!(f.role, "President of the Security Council");
        assert_eq!(f.represents, None);
        assert_eq!(parse_function("Ambassador"), None);
    }
}
