//! The Markdown links `[text](url)` of one line, found in one linear pass.
//!
//! Inline normalization asks, at each `[`, whether a link starts there.
//! Answering by scanning forward from each `[` to its `]` (and from its `(`
//! to the end of the URL) costs the rest of the line per bracket: 200,000
//! unmatched `[` took a minute. Here the brackets are matched once with a
//! stack and the URL ends are found by one forward sweep over the URL
//! starts in order, so the whole line costs O(n log n) at worst (the sort)
//! and memory in the number of brackets. No Markdown crate is used because
//! normalization needs byte offsets into the original line for every piece
//! it keeps or drops, and this is the only Markdown construct it unwraps
//! whole.

/// A `[` whose `]` is followed by `(`: a link candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// Offset of the `[`.
    pub open: usize,
    /// Offset of its matching `]`.
    pub text_end: usize,
    /// Offset of the first `)` or white space at or after the URL start,
    /// if any.
    pub url_stop: Option<usize>,
}

/// The link candidates of one line, consumed in increasing order of `open`.
#[derive(Debug, Default)]
pub(crate) struct LineLinks {
    cands: Vec<Candidate>,
    next: usize,
}

impl LineLinks {
    /// Matches the brackets of `s` (a backslash escapes the byte after it)
    /// and finds the URL end of each `[...](` candidate.
    pub fn scan(s: &str) -> LineLinks {
        let bytes = s.as_bytes();
        if memchr::memmem::find(bytes, b"](").is_none() {
            return LineLinks::default();
        }
        let mut stack: Vec<usize> = Vec::new();
        let mut cands = Vec::new();
        let mut j = 0;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 1,
                b'[' => stack.push(j),
                b']' => {
                    if let Some(open) = stack.pop()
                        && bytes.get(j + 1) == Some(&b'(')
                    {
                        cands.push(Candidate {
                            open,
                            text_end: j,
                            url_stop: None,
                        });
                    }
                }
                _ => {}
            }
            j += 1;
        }
        // URL starts in increasing order; a stop found from one start is
        // the stop of every later start before it, so the sweep is linear.
        cands.sort_unstable_by_key(|c| c.text_end);
        let mut found: Option<usize> = None;
        let mut scanned_to = 0;
        for c in &mut cands {
            let from = c.text_end + 2;
            if found.is_some_and(|q| q >= from) {
                c.url_stop = found;
                continue;
            }
            if scanned_to > from && found.is_none() {
                // Scanned past `from` to the end of the line without a stop.
                continue;
            }
            let start = from.max(scanned_to);
            found = s[start..]
                .char_indices()
                .find(|&(_, ch)| ch == ')' || ch.is_whitespace())
                .map(|(k, _)| start + k);
            scanned_to = found.map_or(s.len() + 1, |q| q + 1);
            c.url_stop = found;
        }
        cands.sort_unstable_by_key(|c| c.open);
        LineLinks { cands, next: 0 }
    }

    /// The link starting at the `[` at `i`, within a segment ending at
    /// `end` (the text of an enclosing link): (end of text, URL start, URL
    /// end, end of the whole link). Calls must come in increasing `i`.
    pub fn at(
        &mut self,
        bytes: &[u8],
        i: usize,
        end: usize,
    ) -> Option<(usize, usize, usize, usize)> {
        while self.cands.get(self.next).is_some_and(|c| c.open < i) {
            self.next += 1;
        }
        let c = self.cands.get(self.next).filter(|c| c.open == i)?;
        let q = c.url_stop.filter(|&q| q < end && bytes[q] == b')')?;
        Some((c.text_end, c.text_end + 2, q, q + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The former per-bracket scan, kept as the oracle: `[text](url)`
    /// starting at `i` in the segment `s`.
    fn rescan(s: &str, i: usize) -> Option<(usize, usize, usize, usize)> {
        let bytes = s.as_bytes();
        let mut j = i + 1;
        let mut depth = 0;
        while j < bytes.len() {
            match bytes[j] {
                b'\\' => j += 1,
                b'[' => depth += 1,
                b']' if depth > 0 => depth -= 1,
                b']' => break,
                _ => {}
            }
            j += 1;
        }
        if j + 1 >= bytes.len() || bytes[j + 1] != b'(' {
            return None;
        }
        let url_start = j + 2;
        let url_len = s[url_start..].find(|c: char| c == ')' || c.is_whitespace())?;
        let url_end = url_start + url_len;
        if bytes.get(url_end) != Some(&b')') {
            return None;
        }
        Some((j, url_start, url_end, url_end + 1))
    }

    proptest! {
        /// One pass agrees with the per-bracket rescan on every unescaped
        /// `[` of the line.
        #[test]
        fn one_pass_agrees_with_the_rescan(s in "[\\[\\]()\\\\a é\t]{0,40}") {
            let mut links = LineLinks::scan(&s);
            let b = s.as_bytes();
            // Ends of the links whose text we are in, innermost last.
            let mut ends: Vec<usize> = Vec::new();
            let mut i = 0;
            while i < b.len() {
                while ends.last().is_some_and(|&e| e <= i) {
                    ends.pop();
                }
                if b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == b'[' {
                    let end = ends.last().copied().unwrap_or(b.len());
                    let got = links.at(b, i, end);
                    prop_assert_eq!(got, rescan(&s[..end], i), "at {}", i);
                    if let Some((text_end, ..)) = got {
                        ends.push(text_end);
                    }
                }
                i += 1;
            }
        }
    }

    #[test]
    fn nested_links_and_unmatched_brackets() {
        let s = "[[a](u)](v) [x [y](w z)";
        let mut l = LineLinks::scan(s);
        let b = s.as_bytes();
        assert_eq!(l.at(b, 0, b.len()), rescan(s, 0));
        assert_eq!(l.at(b, 1, 7), rescan(&s[..7], 1));
        assert_eq!(l.at(b, 12, b.len()), None);
        assert_eq!(l.at(b, 15, b.len()), None);
    }
}
