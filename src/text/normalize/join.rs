//! Joining wrapped lines into blocks: whether the file is double spaced,
//! its continuation indentation and wrap width, and the decision whether a
//! line continues the block above.

use super::furniture::{
    LIST_MARKER, STANDALONE, could_be_list_marker, could_stand_alone, is_superscript, trim_markers,
};
use super::furniture::{Line, LineClass};
use super::inline::inline;
use super::{BlockBuild, BlockKind, Piece};

pub(super) fn is_double_spaced(src: &str, lines: &[Line]) -> bool {
    let content: Vec<(usize, &Line)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.class, LineClass::Text))
        .collect();
    if content.len() < 8 {
        return false;
    }
    let mut one_blank = 0;
    let mut adjacent = 0;
    let mut wrapped_over_blank = 0;
    for w in content.windows(2) {
        let gap = w[1].0 - w[0].0 - 1;
        match gap {
            0 => adjacent += 1,
            1 => {
                one_blank += 1;
                let prev = trim_markers(&src[w[0].1.tstart..w[0].1.tend]);
                if !prev.ends_with(['.', ',', ';', ':', '!', '?']) {
                    wrapped_over_blank += 1;
                }
            }
            _ => {}
        }
    }
    // Double spacing means lines wrap *across* the blank lines: many
    // blank-separated lines end mid-sentence. A Markdown file with one
    // paragraph per line also has a blank after every line, but its lines
    // end with punctuation.
    one_blank > 3 * adjacent.max(1)
        && one_blank * 2 > content.len()
        && wrapped_over_blank * 3 > one_blank
}

/// The indentation of continuation lines: the most common indentation of
/// text lines that start with a lower-case letter.
pub(super) fn continuation_indent(src: &str, lines: &[Line]) -> usize {
    let mut counts = [0usize; 16];
    for l in lines.iter().filter(|l| l.class == LineClass::Text) {
        if src[l.tstart..].starts_with(|c: char| c.is_lowercase()) {
            counts[l.indent.min(15)] += 1;
        }
    }
    counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, usize::MAX - i))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

/// The width at which the file wraps its lines (the 90th percentile of text
/// line lengths, in characters).
pub(super) fn wrap_width(src: &str, lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| l.class == LineClass::Text)
        .map(|l| {
            let t = &src[l.tstart..l.tend];
            if t.is_ascii() {
                t.len()
            } else {
                t.chars().count()
            }
        })
        .collect();
    if lens.is_empty() {
        return 80;
    }
    let k = lens.len() * 9 / 10;
    *lens.select_nth_unstable(k).1
}

#[allow(clippy::too_many_arguments)]
pub(super) fn should_join(
    src: &str,
    cur: &BlockBuild,
    next: &Line,
    blanks: usize,
    furniture_between: bool,
    footnote_between: bool,
    double_spaced: bool,
    text_indent: usize,
    wrap_width: usize,
) -> bool {
    let prev = trim_markers(&src[cur.last_line.clone()]);
    let first = &src[cur.first_line.clone()];
    let t = &src[next.tstart..next.tend];
    let starts_lower = t.starts_with(|c: char| c.is_lowercase());
    let prev_end = prev.chars().last().unwrap_or(' ');
    let prev_terminal = matches!(prev_end, '.' | ';' | ':' | '!' | '?')
        || prev.ends_with(".”")
        || prev.ends_with(".\"")
        || prev.ends_with(".)");
    if footnote_between {
        // A footnote body interrupted the page: only an unfinished sentence
        // that goes on in lower case continues.
        return !prev_terminal && starts_lower;
    }
    if first.starts_with("(Signed)") || first.starts_with("(Signé)") || prev.starts_with("(Signed)")
    {
        return false;
    }
    // Text that does not wrap (one paragraph a line, as in text derived from
    // XML or word processors) breaks at every line.
    let sentence_goes_on = !prev_terminal
        && !matches!(prev_end, ',' | ';')
        && (starts_lower
            || (t.starts_with('(') && t[1..].starts_with(|c: char| c.is_ascii_digit())));
    if wrap_width > 160 && !prev.ends_with('-') && !sentence_goes_on {
        return false;
    }
    if stands_alone(t) || (cur.first_line == cur.last_line && stands_alone(prev)) {
        return false;
    }
    // A number after "para." / "No." continues the reference, whatever it
    // looks like ("para.\n1. See also ...").
    let wants_number = ["para.", "paras.", "No.", "Nos."]
        .iter()
        .any(|a| prev.ends_with(a));
    // A lettered or roman marker right after a number or mid-sentence is a
    // pinpoint ("paragraph 29\n(ii) of this resolution"), not a list item:
    // list items follow a colon, a semicolon, a full stop or "; and".
    let pinpoint_goes_on = t.starts_with('(')
        && !prev_terminal
        && !matches!(prev_end, ',')
        && !prev.ends_with(" and")
        && !prev.ends_with(" or")
        && (prev_end.is_ascii_digit() || {
            let after_marker = t.find(')').map(|i| t[i + 1..].trim_start()).unwrap_or("");
            after_marker.starts_with(|c: char| c.is_lowercase())
        });
    let continues_anyway =
        (prev.ends_with('-') && starts_lower) || wants_number || pinpoint_goes_on;
    if !continues_anyway && could_be_list_marker(t) && LIST_MARKER.is_match(t) {
        return false;
    }
    if blanks > 0 && !double_spaced {
        // A blank line ends a paragraph, unless the sentence visibly goes on:
        // no punctuation before the gap and a lower-case word or a
        // parenthesised year after it ("resolution 2480\n\n(2019) but").
        let mid_sentence = !prev_terminal && prev_end != ',' && prev_end != ')';
        let md_link_end = prev.ends_with("](#)") || prev.ends_with(')') && prev.contains("](");
        let continues = starts_lower
            || (t.starts_with('(') && t[1..].starts_with(|c: char| c.is_ascii_digit()));
        // Across a page break (furniture dropped between the lines) a
        // sentence that had not ended goes on, whatever the next word's case.
        // A line that the next line's first word would have fitted on was
        // not wrapped: it ended its paragraph (a heading above the page's
        // job number), unless the next line goes on in lower case.
        let wrapped = starts_lower || {
            let word = t.split_whitespace().next().unwrap_or("");
            (prev.chars().count() + 1 + word.chars().count()) * 20 > wrap_width * 17
        };
        let across_page =
            furniture_between && mid_sentence && wrapped && next.indent <= text_indent;
        if !across_page && !((mid_sentence || md_link_end || furniture_between) && continues) {
            return false;
        }
    }
    if double_spaced && blanks >= 3 && !furniture_between && !starts_lower {
        return false;
    }
    // Indentation starts a paragraph in PDF text. In single-spaced text a
    // stray leading space inside a sentence ("resolution\n 1526 (2004)") does
    // not, so there the previous line must have ended a clause.
    if next.indent > text_indent
        && !starts_lower
        && !prev.ends_with('-')
        && (double_spaced || prev_terminal || prev_end == ',')
    {
        return false;
    }
    if !starts_lower
        && prev_terminal
        && prev.chars().count() * 4 < wrap_width * 3
        && !prev.ends_with("para.")
        && !prev.ends_with("No.")
    {
        return false;
    }
    // Headings: a short line without final punctuation followed by a
    // capitalized line that is not a continuation.
    if !double_spaced
        && blanks == 0
        && !starts_lower
        && prev.chars().count() * 2 < wrap_width
        && !matches!(prev_end, ',' | '-' | '(' | '–')
        && !t.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && cur.first_line == cur.last_line
    {
        return false;
    }
    true
}

pub(super) fn start_block(src: &str, l: &Line, kind: BlockKind) -> BlockBuild {
    let mut b = BlockBuild {
        kind,
        pieces: Vec::with_capacity(8),
        indent: l.indent,
        label: None,
        src_start: l.tstart,
        last_line: l.tstart..l.tend,
        first_line: l.tstart..l.tend,
        md_links: Vec::new(),
        refs: Vec::new(),
    };
    let mut start = l.tstart;
    let t = &src[l.tstart..l.tend];
    if kind == BlockKind::Footnote {
        let (label, len) = footnote_label(t);
        b.label = Some(label);
        let rest = &src[l.tstart + len..l.tend];
        let ws = rest.len() - rest.trim_start().len();
        b.pieces.push(Piece::Rep(l.tstart..l.tstart + len + ws, ""));
        start = l.tstart + len + ws;
    } else if t.starts_with('#') {
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if hashes <= 6 && t[hashes..].starts_with(' ') {
            b.pieces
                .push(Piece::Rep(l.tstart..l.tstart + hashes + 1, ""));
            start = l.tstart + hashes + 1;
        }
    }
    inline(src, start..l.tend, &mut b, kind == BlockKind::TableRow);
    b
}

pub(super) fn footnote_label(t: &str) -> (String, usize) {
    if let Some(rest) = t.strip_prefix('^') {
        let n = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        return (rest[..n].to_string(), 1 + n);
    }
    let mut label = String::new();
    let mut len = 0;
    for c in t.chars() {
        match is_superscript(c) {
            Some(a) => {
                label.push(a);
                len += c.len_utf8();
            }
            None => break,
        }
    }
    (label, len)
}

pub(super) fn append_line(src: &str, b: &mut BlockBuild, l: &Line) {
    let prev_end = b.last_line.end;
    let prev = &src[b.last_line.clone()];
    let next = &src[l.tstart..l.tend];
    let next_lower = next.starts_with(|c: char| c.is_lowercase());
    let before_hyphen = prev.strip_suffix('-').and_then(|p| p.chars().last());
    if prev.ends_with('-') && before_hyphen.is_some_and(|c| c.is_alphabetic()) && next_lower {
        let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        if matches!(next_word.as_str(), "and" | "or" | "to" | "et" | "ou") {
            // Suspended hyphen: "peace- and security-related".
            b.pieces.push(Piece::Rep(prev_end..l.tstart, " "));
        } else {
            // The hyphen itself was already copied; drop it with the break
            // when the vocabulary says so.
            pop_trailing_hyphen(b, prev_end);
            b.pieces.push(Piece::Hyphen(prev_end - 1..l.tstart, true));
        }
    } else {
        b.pieces.push(Piece::Rep(prev_end..l.tstart, " "));
    }
    b.last_line = l.tstart..l.tend;
    inline(src, l.tstart..l.tend, b, false);
}

pub(super) fn pop_trailing_hyphen(b: &mut BlockBuild, prev_end: usize) {
    if let Some(Piece::Copy(r)) = b.pieces.last_mut()
        && r.end == prev_end
    {
        r.end -= 1;
        if r.start == r.end {
            b.pieces.pop();
        }
    }
}

/// Whether a line always stands alone (see [`STANDALONE`]); only lines
/// shorter than 160 bytes are considered.
fn stands_alone(t: &str) -> bool {
    t.len() < 160 && could_stand_alone(t) && STANDALONE.is_match(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::furniture::{classify, split_lines};

    fn lines(src: &str) -> Vec<Line> {
        let mut lines = split_lines(src);
        classify(src, &mut lines);
        lines
    }

    /// PDF text with a blank line after every wrapped line is double
    /// spaced; Markdown with one paragraph a line and a blank between them
    /// is not (its lines end sentences).
    #[test]
    fn double_spacing_is_told_by_lines_wrapped_across_blanks() {
        let wrapped: String = (0..12)
            .map(|i| format!("the Council decides to extend the mandate of the mission {i}\n\n"))
            .collect();
        assert!(is_double_spaced(&wrapped, &lines(&wrapped)));
        let markdown: String = (0..12)
            .map(|i| format!("Decides to extend the mandate of the mission {i}.\n\n"))
            .collect();
        assert!(!is_double_spaced(&markdown, &lines(&markdown)));
    }

    /// The wrap width is that of the long lines, not of the last short one
    /// of each paragraph.
    #[test]
    fn wrap_width_follows_the_long_lines() {
        let mut src = String::new();
        for _ in 0..10 {
            src.push_str(&"x".repeat(70));
            src.push('\n');
        }
        src.push_str("short\n");
        assert_eq!(wrap_width(&src, &lines(&src)), 70);
    }

    /// Footnote labels: the marker's digits or letters, superscript or
    /// caret, and the bytes they take.
    #[test]
    fn footnote_labels() {
        assert_eq!(
            footnote_label("¹² See S/2020/1"),
            ("12".to_string(), "¹²".len())
        );
        assert_eq!(footnote_label("^a Albania").0, "a");
    }

    /// Across a page break (a job number between), a sentence that had not
    /// ended goes on; a short line the next word would have fitted on (a
    /// heading) ends its block, unless the next line goes on in lower case.
    #[test]
    fn a_page_break_joins_wrapped_lines_not_a_heading() {
        let body = "Deciding that the measures imposed by paragraph 3 of its resolution shall\n\n17-12345 (E) 010101\n\nApply to all States and to every territory under their control at once.\n";
        let heading = "Resolution 221 (1966) of 9 April 1966\n\n17-12345 (E) 010101\n\nPublisher\nUN Security Council\n\nThe Security Council, having considered the question of the\nsituation, deciding that the measures of its earlier resolutions\nshall apply to all States and to every territory at once, and\n";
        let lower = "Resolution 221 (1966) of 9 April 1966\n\n17-12345 (E) 010101\n\nadopted by the Council with a long line that sets the width here.\n";
        let lines = |src: &str| crate::text::normalize::normalize(src).text;
        assert!(
            lines(body).contains("shall Apply to all"),
            "{:?}",
            lines(body)
        );
        assert!(
            lines(heading).starts_with("Resolution 221 (1966) of 9 April 1966\n"),
            "{:?}",
            lines(heading)
        );
        assert!(
            lines(lower).contains("9 April 1966 adopted"),
            "{:?}",
            lines(lower)
        );
    }
}
