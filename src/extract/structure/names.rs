//! How minted ids and author lists are spelled: the slug of a title or a
//! name (from the leaf [`crate::slug`], which RDF shares), and a list of
//! names split on commas and "and". Shared by the document headers, the
//! readers and the vote letters.

pub use crate::slug::{slug, slug_capped};

/// Splits "France and the United Arab Emirates" or "A, B and C" into names.
pub fn split_names(s: &str) -> Vec<String> {
    let s = s.trim();
    let mut out = Vec::new();
    for part in s.split(", ") {
        for p in part.split(" and ") {
            let p = p.trim().trim_start_matches("and ").trim();
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
    }
    out
}
