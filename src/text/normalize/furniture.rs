//! Lines and what they are: page furniture (job numbers, page marks,
//! barcodes, running headers repeating the symbol, Markdown table rules),
//! link lines, list markers, lines that always stand alone, footnote bodies.
//!
//! Each regex has a cheap prefix test in front of it (`could_be_*`); the
//! tests below check that the prefix test accepts every line its regex
//! matches.

use std::sync::LazyLock;

use regex::Regex;
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum LineClass {
    Blank,
    Link,
    Furniture,
    Footnote,
    Table,
    Masthead,
    Text,
}

#[derive(Clone, Debug)]
pub(super) struct Line {
    /// Trimmed content span.
    pub(super) tstart: usize,
    pub(super) tend: usize,
    pub(super) indent: usize,
    pub(super) class: LineClass,
}

pub(super) static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{1,3}/[0-9]{1,3}\s+)?[0-9]{2}-[0-9]{5}[^\w\s]{0,3}(?:\s*\([A-Z]\))?(?:\s+[0-9]{6}){0,2}(?:\s+[0-9]{1,3}/[0-9]{1,3})?$")
        .expect("valid regex")
});
pub(super) static PAGE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Page\s+)?[0-9]{1,3}/[0-9]{1,3}$").expect("valid regex"));
pub(super) static BARCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*[0-9]{6,}[A-Z]?\*$").expect("valid regex"));
pub(super) static SYMBOL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(crate::symbol::LINE).expect("valid regex"));
pub(super) static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:United Nations(?:\s*$|\s{2,}|\s+[A-Z]/)|Nations Unies(?:\s*$|\s{2,}|\s+[A-Z]/)|Security Council(?:\s*$|\s{2,}|\s+(?:Provisional|Distr\.))|Conseil de sécurité(?:\s*$|\s{2,})|General Assembly(?:\s*$|\s{2,})|Assemblée générale(?:\s*$|\s{2,})|Distr\.?:|Original\s*:|\[Original:|(?:[0-9]{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+[0-9]{4}$)",
    )
    .expect("valid regex")
});
pub(super) static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<?https?://\S+$").expect("valid regex"));
pub(super) static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}\.(?:\s|$)|\(\s?[a-z]{1,4}\s?\)\s|\([a-z]{1,4}\)\s|[•●▪◦–—−\-]{1,2}\s|−−|\([ivxlc]+\)\s|[a-z]\)\s|(?:[a-z]|[ivx]{1,4})\.\s|(?:Annex|Enclosure|Appendix|Annexe|Pièce jointe)\b|\(Signed\)|\(Signé\))")
        .expect("valid regex")
});

/// Lines that always stand alone: the enacting formula and draft titles.
pub(super) static STANDALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:The Security Council|Le Conseil de sécurité|The General Assembly),?|.{1,120}:\s*(?:revised )?(?:draft resolution|projet de résolution)|(?:Resolution|Résolution)\s+\d{1,4}\s*\(\d{4}\)|(?:Adopted by the Security Council|Adoptée par le Conseil de sécurité)\b.{0,80})$")
        .expect("valid regex")
});

/// Cheap test before [`MASTHEAD`]: the line starts like a masthead line.
pub(super) fn could_be_masthead(t: &str) -> bool {
    const STARTS: &[&str] = &[
        "United Nations",
        "Nations Unies",
        "Security Council",
        "Conseil de",
        "General Assembly",
        "Assemblée générale",
        "Distr",
        "Original",
        "[Original",
    ];
    t.as_bytes().last().is_some_and(u8::is_ascii_digit)
        || matches!(
            t.as_bytes().first(),
            Some(b'U' | b'N' | b'S' | b'C' | b'G' | b'A' | b'D' | b'O' | b'[')
        ) && STARTS.iter().any(|s| t.starts_with(s))
}

/// Cheap test before [`SYMBOL_LINE`]: one to six capitals, then a `/`.
pub(super) fn could_be_symbol(t: &str) -> bool {
    t.as_bytes()[..t.len().min(7)].contains(&b'/')
}

/// Cheap test before [`PAGE_MARK`] and [`JOB_NUMBER`]: both start with a
/// digit, or "Page".
pub(super) fn could_be_mark(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit()) || t.starts_with("Page")
}

/// Cheap test before [`LIST_MARKER`]: the first character can start a
/// marker, and a line starting with a lower-case letter has the `.` or `)`
/// of "a)", "iv." within its first bytes.
pub(super) fn could_be_list_marker(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(c) if c.is_ascii_lowercase() => t.as_bytes()[..t.len().min(6)]
            .iter()
            .any(|&c| c == b'.' || c == b')'),
        Some(c) if c.is_ascii_digit() => true,
        Some(b'(' | b'-' | b'A' | b'E' | b'P') => true,
        // Bullets and dashes (•●▪◦–—−) are all non-ASCII.
        Some(c) => *c >= 0x80,
        None => false,
    }
}

/// Cheap test before [`STANDALONE`]: the line starts or ends as one of
/// its alternatives must.
pub(super) fn could_stand_alone(t: &str) -> bool {
    (matches!(t.as_bytes().first(), Some(b'T' | b'L' | b'R' | b'A'))
        || t.ends_with("resolution")
        || t.ends_with("résolution"))
        && (t.starts_with("The Security Council")
            || t.starts_with("The General Assembly")
            || t.starts_with("Le Conseil de sécurité")
            || t.starts_with("Resolution")
            || t.starts_with("Résolution")
            || t.starts_with("Adopted by the Security Council")
            || t.starts_with("Adoptée par le Conseil de sécurité")
            || t.ends_with("draft resolution")
            || t.ends_with("projet de résolution"))
}

pub(super) fn is_superscript(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        'ᵃ' => 'a',
        'ᵇ' => 'b',
        'ᶜ' => 'c',
        'ᵈ' => 'd',
        'ᵉ' => 'e',
        'ᶠ' => 'f',
        'ᵍ' => 'g',
        'ʰ' => 'h',
        'ⁱ' => 'i',
        'ʲ' => 'j',
        'ᵏ' => 'k',
        'ˡ' => 'l',
        'ᵐ' => 'm',
        'ⁿ' => 'n',
        'ᵒ' => 'o',
        'ᵖ' => 'p',
        'ʳ' => 'r',
        'ˢ' => 's',
        'ᵗ' => 't',
        'ᵘ' => 'u',
        'ᵛ' => 'v',
        'ʷ' => 'w',
        'ˣ' => 'x',
        'ʸ' => 'y',
        'ᶻ' => 'z',
        _ => return None,
    })
}

pub(super) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{0c}'
    )
}

pub(super) fn split_lines(src: &str) -> Vec<Line> {
    let mut lines = Vec::with_capacity(src.len() / 40 + 1);
    let bytes = src.as_bytes();
    let mut start = 0;
    let mut push = |start: usize, end: usize| {
        // Fast paths: a line that starts and ends with a plain ASCII byte.
        let (mut indent, mut tstart) = (0, end);
        match bytes.get(start) {
            Some(&c) if start < end && c > b' ' && c < 0x80 => tstart = start,
            _ => {
                for (i, c) in src[start..end].char_indices() {
                    if is_space(c) || c == '\r' || c == '\u{feff}' {
                        indent += if c == '\t' { 4 } else { 1 };
                    } else {
                        tstart = start + i;
                        break;
                    }
                }
            }
        }
        let mut tend = end;
        if end > start && !(bytes[end - 1] > b' ' && bytes[end - 1] < 0x80) {
            for (i, c) in src[start..end].char_indices().rev() {
                if is_space(c) || c == '\r' {
                    tend = start + i;
                } else {
                    break;
                }
            }
        }
        lines.push(Line {
            tstart,
            tend: tend.max(tstart),
            indent,
            class: LineClass::Blank,
        });
    };
    for nl in memchr::memchr_iter(b'\n', bytes) {
        let end = if nl > start && bytes[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        push(start, end);
        start = nl + 1;
    }
    push(start, bytes.len());
    lines
}

pub(super) fn classify(src: &str, lines: &mut [Line]) {
    // Symbol lines that recur are running headers.
    let mut symbol_counts: std::collections::HashMap<&str, usize> = Default::default();
    for l in lines.iter() {
        let t = &src[l.tstart..l.tend];
        if t.len() < 40
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && could_be_symbol(t)
            && SYMBOL_LINE.is_match(t)
        {
            *symbol_counts.entry(t).or_default() += 1;
        }
    }
    let has_page_marks = lines.iter().any(|l| {
        let t = &src[l.tstart..l.tend];
        t.len() < 40 && could_be_mark(t) && (PAGE_MARK.is_match(t) || JOB_NUMBER.is_match(t))
    });
    // A symbol line seen once is a running header only next to a page
    // mark; elsewhere it is running text that wrapped ("See\nS/PV.9365.").
    let is_mark = |l: &Line| {
        let t = &src[l.tstart..l.tend];
        let b = t.as_bytes();
        // A job number, even with a mis-decoded character after it.
        let job_prefix = b.len() >= 8
            && b[..2].iter().all(u8::is_ascii_digit)
            && b[2] == b'-'
            && b[3..8].iter().all(u8::is_ascii_digit);
        t.len() < 40
            && (job_prefix || could_be_mark(t) && (PAGE_MARK.is_match(t) || JOB_NUMBER.is_match(t)))
    };
    let nonblank: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].tstart < lines[i].tend)
        .collect();
    let mut near_mark = vec![false; lines.len()];
    for (k, &i) in nonblank.iter().enumerate() {
        let prev = k.checked_sub(1).map(|k| nonblank[k]);
        let next = nonblank.get(k + 1).copied();
        near_mark[i] = prev.into_iter().chain(next).any(|j| is_mark(&lines[j]));
    }
    // The first lines of a file, where a masthead stands.
    let mut head_of_file = vec![false; lines.len()];
    for &i in nonblank.iter().take(12) {
        head_of_file[i] = true;
    }
    for (li, l) in lines.iter_mut().enumerate() {
        let t = &src[l.tstart..l.tend];
        l.class = if t.is_empty() {
            LineClass::Blank
        } else if t.len() < 60
            && ((t.as_bytes()[0].is_ascii_digit()
                && (JOB_NUMBER.is_match(t) || PAGE_MARK.is_match(t)))
                || (t.starts_with('*') && BARCODE.is_match(t))
                || t.starts_with("Please recycle")
                || is_table_rule(t))
            || (t.len() < 40
                && symbol_counts.get(t).copied().unwrap_or(0) > 0
                && (symbol_counts[t] >= 2
                    || (has_page_marks && near_mark[li] && !t.ends_with(['.', ',', ';']))))
        {
            LineClass::Furniture
        } else if (t.starts_with("http") || t.starts_with("<http")) && URL_LINE.is_match(t) {
            LineClass::Link
        } else if starts_footnote(t) {
            LineClass::Footnote
        } else if memchr::memchr_iter(b'\t', t.as_bytes()).nth(1).is_some()
            || (t.starts_with('|') && t.ends_with('|'))
        {
            LineClass::Table
        } else if t.len() < 80 && could_be_masthead(t) && MASTHEAD.is_match(t) {
            LineClass::Masthead
        } else if t.len() < 40
            && head_of_file[li]
            && !t.ends_with(['.', ',', ';'])
            && t.starts_with(|c: char| c.is_ascii_uppercase())
            && could_be_symbol(t)
            && SYMBOL_LINE.is_match(t)
        {
            // A symbol on a line of its own that is not a running header:
            // the masthead's symbol ("United Nations" / "S/RES/2369 (2017)").
            LineClass::Masthead
        } else {
            LineClass::Text
        };
    }
}

/// A line without its trailing footnote markers and emphasis, to judge how
/// the sentence ends.
pub(super) fn trim_markers(s: &str) -> &str {
    // Fast path: a line that ends in a plain ASCII character.
    if let Some(&c) = s.as_bytes().last()
        && c < 0x80
        && !matches!(c, b'*' | b'_' | b' ' | b'\t' | 0x0c)
    {
        return s;
    }
    s.trim_end_matches(|c: char| is_superscript(c).is_some() || c == '*' || c == '_' || is_space(c))
}

pub(super) fn is_table_rule(t: &str) -> bool {
    t.len() >= 3
        && t.bytes()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'+'))
        && t.contains("---")
}

/// A footnote body starts with a superscript marker (`⁴²¹ See ...`, `ᵃ Albania`)
/// or a caret marker (`^a Albania`).
pub(super) fn starts_footnote(t: &str) -> bool {
    // Superscript markers are all non-ASCII.
    if t.as_bytes().first().is_some_and(|&c| c < 0x80 && c != b'^') {
        return false;
    }
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if is_superscript(c).is_some() => {
            let rest: String = chars
                .skip_while(|c| is_superscript(*c).is_some())
                .take(1)
                .collect();
            rest.chars().next().is_some_and(is_space)
        }
        Some('^') => {
            let rest = &t[1..];
            let label_len = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            label_len > 0 && label_len <= 3 && rest[label_len..].starts_with(' ')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::string::string_regex;

    /// Strings built from `re`'s own pattern (anchors and word boundaries
    /// dropped, so some are not matches: the properties only look at those
    /// the regex really matches), followed by an arbitrary tail when the
    /// pattern does not end the line.
    fn from_pattern(re: &Regex) -> impl Strategy<Value = String> {
        let pattern = re.as_str();
        let open_end = !pattern.ends_with('$');
        let generator = pattern
            .trim_start_matches('^')
            .replace('$', "")
            .replace("\\b", "")
            .trim_end_matches('$')
            .to_string();
        let tail = if open_end { "[ -~é]{0,12}" } else { "" };
        (
            string_regex(&generator).expect("generator"),
            string_regex(tail).expect("tail"),
        )
            .prop_map(|(a, b)| a + &b)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Each prefix test accepts every line its regex matches (within
        /// the length its call site allows), so a prefix test can never
        /// change what is recognized, only how fast.
        #[test]
        fn masthead_prefilter_accepts_every_match(s in from_pattern(&MASTHEAD)) {
            if s.len() < 80 && MASTHEAD.is_match(&s) {
                prop_assert!(could_be_masthead(&s), "{s:?}");
            }
        }

        #[test]
        fn symbol_prefilter_accepts_every_match(s in from_pattern(&SYMBOL_LINE)) {
            if SYMBOL_LINE.is_match(&s) {
                prop_assert!(could_be_symbol(&s), "{s:?}");
            }
        }

        #[test]
        fn mark_prefilter_accepts_every_match(
            s in prop_oneof![from_pattern(&PAGE_MARK), from_pattern(&JOB_NUMBER)],
        ) {
            if PAGE_MARK.is_match(&s) || JOB_NUMBER.is_match(&s) {
                prop_assert!(could_be_mark(&s), "{s:?}");
            }
        }

        #[test]
        fn list_marker_prefilter_accepts_every_match(s in from_pattern(&LIST_MARKER)) {
            if LIST_MARKER.is_match(&s) {
                prop_assert!(could_be_list_marker(&s), "{s:?}");
            }
        }

        #[test]
        fn standalone_prefilter_accepts_every_match(s in from_pattern(&STANDALONE)) {
            if STANDALONE.is_match(&s) {
                prop_assert!(could_stand_alone(&s), "{s:?}");
            }
        }
    }
}
