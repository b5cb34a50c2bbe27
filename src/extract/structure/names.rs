//! How minted ids and author lists are spelled: the slug of a title or a
//! name, and a list of names split on commas and "and". Shared by the
//! document headers, the readers and the vote letters.

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
