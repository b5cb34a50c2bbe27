//! How minted ids are spelled: the lower-case slug of a title or a name.
//!
//! A leaf module, so that extraction (actor and document ids) and RDF
//! (IRIs minted from names) spell slugs the same way without RDF importing
//! extraction.

/// A lower-case slug for minted ids, cut after about 60 bytes at a word
/// boundary.
pub fn slug(s: &str) -> String {
    slug_capped(s, Some(60))
}

/// A lower-case slug: letters and digits kept (lower-cased), runs of
/// anything else become one `-`; with a cap, it stops at the first word
/// boundary past `cap` bytes.
pub fn slug_capped(s: &str, cap: Option<usize>) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
        if dash && cap.is_some_and(|n| out.len() > n) {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_other_characters_become_one_dash() {
        assert_eq!(slug("  Côte d'Ivoire (2004) "), "côte-d-ivoire-2004");
        assert_eq!(slug_capped("S/RES/2374 (2017)", None), "s-res-2374-2017");
        assert_eq!(slug("--"), "");
    }

    #[test]
    fn the_cap_cuts_at_the_first_word_boundary_past_it() {
        let long = "word ".repeat(30);
        let capped = slug(&long);
        assert_eq!(capped.len(), 64, "{capped}");
        assert!(capped.ends_with("word"));
        assert_eq!(slug_capped(&long, None).len(), 30 * 5 - 1);
    }
}
