//! The symbol scanner: parsing symbols where they stand in text and turning
//! any written form (with or without a space before the year, inside an
//! `undocs.org` or `docs.un.org` link, percent-encoded) into the canonical
//! one.
//!
//! A symbol is an organ letter (`S`, `A`, `E`) followed by `/`-separated
//! segments: numbers (`2020`, `476`), series (`RES`, `PRST`, `HRC`), series
//! with a number (`PV.9251`, `AC.51`, `CN.6`) and the suffixes `Add.N`,
//! `Corr.N`, `Rev.N`, `Amend.N`. It must end on a segment with a digit.
//! Resolutions take their year: `S/RES/2374 (2017)`; meeting records keep a
//! resumption: `S/PV.9251 (Resumption 1)`. A line break inside a symbol
//! leaves a space after a slash in the normalized text; one such space is
//! allowed before a number.

use super::years;

/// Parses a symbol starting at byte `i` of `s` (which must hold the organ
/// letter). Returns the end of the symbol and its canonical form. In running
/// text a symbol of one plain number needs four digits (`S/25704`), so that
/// `A/1` in prose is not one.
pub fn parse_at(s: &str, i: usize) -> Option<(usize, String)> {
    scan(s, i, 4)
}

/// [`parse_at`] with the fewest digits a symbol of one plain number needs:
/// four in running text, one for a whole string (`S/852`).
pub(super) fn scan(s: &str, i: usize, lone_digits: usize) -> Option<(usize, String)> {
    let b = s.as_bytes();
    let organ = *b.get(i)?;
    if !matches!(organ, b'S' | b'A' | b'E') || b.get(i + 1) != Some(&b'/') {
        return None;
    }
    let mut out = String::with_capacity(24);
    out.push(organ as char);
    let mut j = i + 1;
    let mut good: Option<(usize, usize)> = None;
    let mut segs: Vec<(usize, usize)> = Vec::new();
    while b.get(j) == Some(&b'/') {
        let mut k = j + 1;
        if b.get(k) == Some(&b' ')
            && b.get(k + 1)
                .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        {
            k += 1;
        }
        let seg_start = out.len() + 1;
        let c = match b.get(k) {
            Some(c) => *c,
            None => break,
        };
        if c.is_ascii_digit() {
            let st = k;
            while k < b.len() && b[k].is_ascii_digit() && k - st < 7 {
                k += 1;
            }
            if b.get(k).is_some_and(|c| c.is_ascii_alphanumeric()) {
                break;
            }
            out.push('/');
            out.push_str(&s[st..k]);
        } else if c.is_ascii_alphabetic() {
            let st = k;
            while k < b.len() && b[k].is_ascii_alphabetic() && k - st < 9 {
                k += 1;
            }
            let word = &s[st..k];
            let suffix = ["Add", "Corr", "Rev", "Amend"]
                .into_iter()
                .find(|x| x.eq_ignore_ascii_case(word));
            if let Some(sfx) = suffix {
                let n = digits_after_dot(b, k);
                if n == 0 {
                    break;
                }
                out.push('/');
                out.push_str(sfx);
                out.push('.');
                out.push_str(&s[k + 1..k + 1 + n]);
                k += 1 + n;
            } else if word.bytes().all(|c| c.is_ascii_uppercase()) {
                out.push('/');
                out.push_str(word);
                loop {
                    let n = digits_after_dot(b, k);
                    if n == 0 {
                        break;
                    }
                    out.push_str(&s[k..k + 1 + n]);
                    k += 1 + n;
                }
                // `L.1`, `WP.2`: a letter series with a dotted number is
                // complete; a bare letter series must be followed by `/`.
                if !out.ends_with(|c: char| c.is_ascii_digit()) && b.get(k) != Some(&b'/') {
                    break;
                }
            } else {
                break;
            }
        } else {
            break;
        }
        segs.push((seg_start, out.len()));
        if out.ends_with(|c: char| c.is_ascii_digit()) {
            good = Some((k, out.len()));
        }
        j = k;
    }
    let (mut end, len) = good?;
    out.truncate(len);
    segs.retain(|&(_, e)| e <= len);
    let seg = |n: usize| segs.get(n).map(|&(a, e)| &out[a..e]);
    // Lone segments: `S/PV.9251` and old numbered symbols (`S/25704`).
    if segs.len() == 1 {
        let only = seg(0)?;
        let ok = only.contains('.')
            || (only.len() >= lone_digits && only.bytes().all(|c| c.is_ascii_digit()));
        if !ok {
            return None;
        }
    }
    if organ == b'S' && seg(0) == Some("RES") && segs.len() == 2 {
        let n: u32 = seg(1)?.parse().ok()?;
        if let Some((e, y)) = paren_year(b, end) {
            end = e;
            out.push_str(&format!(" ({y})"));
        } else if let Some(y) = years::year_of(n) {
            out.push_str(&format!(" ({y})"));
        }
    } else if organ == b'S'
        && segs.len() == 1
        && out.starts_with("S/PV.")
        && let Some((e, r)) = resumption(s, end)
    {
        end = e;
        out.push_str(&format!(" (Resumption {r})"));
    }
    Some((end, out))
}

fn digits_after_dot(b: &[u8], k: usize) -> usize {
    if b.get(k) != Some(&b'.') {
        return 0;
    }
    b[k + 1..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// ` (2017)` or `(2017)` at `i`: the end and the year.
fn paren_year(b: &[u8], i: usize) -> Option<(usize, u16)> {
    let mut k = i;
    if b.get(k) == Some(&b' ') {
        k += 1;
    }
    if b.get(k) != Some(&b'(') {
        return None;
    }
    let d = b.get(k + 1..k + 5)?;
    if !d.iter().all(u8::is_ascii_digit) || b.get(k + 5) != Some(&b')') {
        return None;
    }
    let y = std::str::from_utf8(d).ok()?.parse().ok()?;
    Some((k + 6, y))
}

/// ` (Resumption 1)` at `i`: the end and the number.
fn resumption(s: &str, i: usize) -> Option<(usize, u32)> {
    let rest = &s[i..];
    let t = rest.strip_prefix(' ').unwrap_or(rest);
    let t2 = t.strip_prefix("(Resumption")?;
    let t3 = t2.trim_start();
    let n = t3.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || !t3[n..].starts_with(')') {
        return None;
    }
    let r = t3[..n].parse().ok()?;
    Some((s.len() - t3.len() + n + 1, r))
}

/// Whether a canonical target is a resolution whose number and year
/// cannot go together (`S/RES/2242 (2016)`: 2242 is of 2015).
pub fn is_impossible(target: &str) -> bool {
    target
        .strip_prefix("S/RES/")
        .and_then(|r| r.split_once(" ("))
        .and_then(|(n, y)| {
            Some((
                n.parse::<u32>().ok()?,
                y.trim_end_matches(')').parse::<u16>().ok()?,
            ))
        })
        .is_some_and(|(n, y)| !years::plausible(n, y))
}

/// Turns a symbol or link as a user or a document writes it
/// (`S/RES/2531(2020)`, `https://undocs.org/en/S/PRST/2018/10`,
/// `https://docs.un.org/en/S/2020/476`, `resolution 2374 (2017)`) into its
/// canonical form (`S/RES/2531 (2020)`, `S/PRST/2018/10`, `S/2020/476`).
/// Returns `None` when the input is not a UN document symbol.
pub fn canonical_target(input: &str) -> Option<String> {
    let mut s = input.trim().trim_matches(['<', '>']).to_string();
    if let Some(p) = s.find("://") {
        s = s[p + 3..].to_string();
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("undocs.org")
        || lower.starts_with("docs.un.org")
        || lower.starts_with("www.undocs.org")
        || lower.starts_with("documents.un.org")
    {
        let query_symbol = ["finalsymbol=", "symbol="]
            .iter()
            .find_map(|k| lower.find(k).map(|i| i + k.len()));
        let path = match query_symbol {
            Some(i) => s[i..].split('&').next().unwrap_or("").to_string(),
            None => {
                let p = s.find('/').map_or("", |i| &s[i + 1..]);
                p.split(['?', '#']).next().unwrap_or("").to_string()
            }
        };
        let mut p = percent_decode(&path);
        let pb = p.as_bytes();
        if pb.len() > 3 && pb[..2].iter().all(u8::is_ascii_lowercase) && pb[2] == b'/' {
            p = p[3..].to_string();
        }
        s = p;
    }
    let s = s.trim().trim_end_matches(['.', ',', ';', '/']);
    parse_whole(s)
        .or_else(|| parse_whole(&s.to_ascii_uppercase()))
        .or_else(|| resolution_words(s))
}

fn parse_whole(s: &str) -> Option<String> {
    let (end, canon) = parse_at(s, 0)?;
    (end == s.len()).then_some(canon)
}

/// `resolution 2374 (2017)`, `2374(2017)`: a Council resolution.
fn resolution_words(s: &str) -> Option<String> {
    let l = s.to_ascii_lowercase();
    let t = l
        .strip_prefix("resolution")
        .map(str::trim_start)
        .unwrap_or(&l);
    let n_len = t.bytes().take_while(u8::is_ascii_digit).count();
    if n_len == 0 || n_len > 4 {
        return None;
    }
    let n: u32 = t[..n_len].parse().ok()?;
    let (e, y) = paren_year(t.as_bytes(), n_len)?;
    (e == t.len() && years::plausible(n, y)).then(|| format!("S/RES/{n} ({y})"))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = b.get(i + 1..i + 3)
            && let Ok(hs) = std::str::from_utf8(h)
            && let Ok(v) = u8::from_str_radix(hs, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        for (input, want) in [
            ("S/RES/2531(2020)", "S/RES/2531 (2020)"),
            ("S/RES/2531 (2020)", "S/RES/2531 (2020)"),
            ("https://undocs.org/en/S/PRST/2018/10", "S/PRST/2018/10"),
            ("https://docs.un.org/en/S/2020/476", "S/2020/476"),
            ("https://undocs.org/S/RES/2359(2017)", "S/RES/2359 (2017)"),
            ("http://undocs.org/A/RES/48/134", "A/RES/48/134"),
            ("https://undocs.org/en/S/AC.51/2020/6", "S/AC.51/2020/6"),
            ("https://undocs.org/en/A/HRC/RES/45/34", "A/HRC/RES/45/34"),
            ("S/2020/476/Add.1", "S/2020/476/Add.1"),
            ("S/2020/476/corr.1", "S/2020/476/Corr.1"),
            ("S/PV.9251 (Resumption 1)", "S/PV.9251 (Resumption 1)"),
            ("s/pv.9251", "S/PV.9251"),
            (
                "https://undocs.org/S%2FRES%2F2100%20(2013)",
                "S/RES/2100 (2013)",
            ),
            ("S/RES/2391", "S/RES/2391 (2017)"),
            ("resolution 2374 (2017)", "S/RES/2374 (2017)"),
            ("E/RES/2020/12", "E/RES/2020/12"),
            ("A/78/2", "A/78/2"),
        ] {
            assert_eq!(canonical_target(input).as_deref(), Some(want), "{input}");
        }
        for bad in [
            "#",
            "https://example.org/x",
            "S/",
            "Convention No. 182 (1999)",
            "S/PRST",
        ] {
            assert_eq!(canonical_target(bad), None, "{bad}");
        }
    }
}
