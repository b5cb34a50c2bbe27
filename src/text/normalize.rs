//! Normalization: from a decoded file to an analysis text with one logical
//! block (paragraph, heading, footnote, table row) per line, and a map back
//! to the source.
//!
//! The rules are about how UN documents are laid out, not about any one
//! file:
//! - page furniture is dropped: job numbers (`21-08827 (E) 010721`), page
//!   marks (`2/18`), barcodes (`*2108827*`), running headers that repeat the
//!   document symbol, Markdown table rules;
//! - `https://undocs.org/...` lines, which PDF extraction leaves after the
//!   page whose text links to that document, are kept as [`Link`]s;
//! - wrapped lines are joined into paragraphs. A file where almost every line
//!   is followed by one blank line (PDF text) is read as "double spaced":
//!   blank lines there do not end paragraphs, indentation and paragraph
//!   markers do;
//! - end-of-line hyphenation is undone when the joined word occurs elsewhere
//!   in the document, and words split by a stray space ("displac ed") are
//!   rejoined on the same evidence;
//! - Markdown emphasis, escapes, links and HTML tags are removed, keeping the
//!   link targets; superscript footnote markers become [`FootnoteRef`]s and
//!   footnote bodies their own blocks, emitted after a paragraph they
//!   interrupt.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::mdlinks::LineLinks;
use super::offsets::OffsetMap;
use super::words::{self, Vocab, WordKey};

/// What a block of the normalized text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Running text: a paragraph, heading or title line.
    Text,
    /// A masthead line (`United Nations S/2021/610`, `Distr.: General`, a date).
    Masthead,
    /// A footnote body; the marker is in [`Block::label`].
    Footnote,
    /// A table row; cells are separated by `\t` in the normalized text.
    TableRow,
}

/// One line of the normalized text.
#[derive(Clone, Debug)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Normalized start offset.
    pub start: usize,
    /// Normalized end offset (exclusive, before the `\n`).
    pub end: usize,
    /// Indentation (in columns) of the block's first source line.
    pub indent: usize,
    /// The footnote marker, for footnote bodies ("421", "a").
    pub label: Option<String>,
    /// Decoded-source offset of the block's first byte.
    pub src_start: usize,
}

/// A hyperlink kept from the source: a bare URL line or a Markdown link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The URL as written.
    pub url: String,
    /// Decoded-source span of the URL (or of the whole Markdown link).
    pub src: Range<usize>,
    /// For Markdown links: the normalized span of the link text.
    pub anchor: Option<Range<usize>>,
    /// Index of the last block that precedes the link (for URL lines: the
    /// page text that carries the link).
    pub after_block: Option<usize>,
}

/// A footnote marker in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FootnoteRef {
    /// The marker as plain ASCII ("421", "a").
    pub label: String,
    /// Normalized offset where the marker stood.
    pub pos: usize,
    /// Decoded-source span of the marker.
    pub src: Range<usize>,
}

/// A page-header line that repeats the document symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderSymbol {
    /// The symbol as written.
    pub symbol: String,
    /// Decoded-source span.
    pub src: Range<usize>,
}

/// The normalized analysis text.
#[derive(Clone, Debug, Default)]
pub struct NormText {
    /// One block per line, `\n`-separated.
    pub text: String,
    /// Map back to decoded-source offsets.
    pub map: OffsetMap,
    /// The blocks in emission order.
    pub blocks: Vec<Block>,
    /// Links found in the source.
    pub links: Vec<Link>,
    /// Footnote markers found in running text.
    pub footnote_refs: Vec<FootnoteRef>,
    /// Running-header symbol lines (the document's identity, not citations).
    pub header_symbols: Vec<HeaderSymbol>,
    /// Number of page-furniture lines dropped.
    pub furniture_lines: usize,
}

impl NormText {
    /// The text of a block.
    pub fn block_text(&self, b: &Block) -> &str {
        &self.text[b.start..b.end]
    }

    /// The decoded-source span of a normalized span.
    pub fn src_span(&self, start: usize, end: usize) -> (usize, usize) {
        self.map.src_span(start, end)
    }

    /// Index of the block containing the normalized offset `pos`.
    pub fn block_at(&self, pos: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.start <= pos);
        if i == 0 {
            return None;
        }
        (pos <= self.blocks[i - 1].end).then_some(i - 1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineClass {
    Blank,
    Link,
    Furniture,
    Footnote,
    Table,
    Masthead,
    Text,
}

#[derive(Clone, Debug)]
struct Line {
    /// Trimmed content span.
    tstart: usize,
    tend: usize,
    indent: usize,
    class: LineClass,
}

static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}/\d{1,3}\s+)?\d{2}-\d{5}[^\w\s]{0,3}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s+\d{1,3}/\d{1,3})?$")
        .expect("valid regex")
});
static PAGE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Page\s+)?\d{1,3}/\d{1,3}$").expect("valid regex"));
static BARCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\d{6,}[A-Z]?\*$").expect("valid regex"));
static SYMBOL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s*\(\d{4}\))?$").expect("valid regex")
});
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:United Nations(?:\s*$|\s{2,}|\s+[A-Z]/)|Nations Unies(?:\s*$|\s{2,}|\s+[A-Z]/)|Security Council(?:\s*$|\s{2,}|\s+(?:Provisional|Distr\.))|Conseil de sécurité(?:\s*$|\s{2,})|General Assembly(?:\s*$|\s{2,})|Assemblée générale(?:\s*$|\s{2,})|Distr\.?:|Original\s*:|\[Original:|(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}$)",
    )
    .expect("valid regex")
});
static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<?https?://\S+$").expect("valid regex"));
static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}\.(?:\s|$)|\(\s?[a-z]{1,4}\s?\)\s|\([a-z]{1,4}\)\s|[•●▪◦–—−\-]{1,2}\s|−−|\([ivxlc]+\)\s|[a-z]\)\s|(?:[a-z]|[ivx]{1,4})\.\s|(?:Annex|Enclosure|Appendix|Annexe|Pièce jointe)\b|\(Signed\)|\(Signé\))")
        .expect("valid regex")
});

/// Lines that always stand alone: the enacting formula and draft titles.
static STANDALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:The Security Council|Le Conseil de sécurité|The General Assembly),?|.{1,120}:\s*(?:revised )?(?:draft resolution|projet de résolution)|(?:Resolution|Résolution)\s+\d{1,4}\s*\(\d{4}\)|(?:Adopted by the Security Council|Adoptée par le Conseil de sécurité)\b.{0,80})$")
        .expect("valid regex")
});

/// Cheap test before [`MASTHEAD`]: the line starts like a masthead line.
fn could_be_masthead(t: &str) -> bool {
    const STARTS: &[&str] = &[
        "United Nations",
        "Nations Unies",
        "Security Council",
        "Conseil de",
        "General Assembly",
        "Distr",
        "Original",
        "[Original",
    ];
    (t.len() <= 30 && t.as_bytes().last().is_some_and(u8::is_ascii_digit))
        || matches!(
            t.as_bytes().first(),
            Some(b'U' | b'N' | b'S' | b'C' | b'G' | b'D' | b'O' | b'[')
        ) && STARTS.iter().any(|s| t.starts_with(s))
}

/// Cheap test before [`SYMBOL_LINE`]: one to six capitals, then a `/`.
fn could_be_symbol(t: &str) -> bool {
    t.as_bytes()[..t.len().min(7)].contains(&b'/')
}

/// Cheap test before [`PAGE_MARK`] and [`JOB_NUMBER`]: both start with a
/// digit, or "Page".
fn could_be_mark(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit()) || t.starts_with("Page")
}

/// Cheap test before [`LIST_MARKER`]: the first character can start a
/// marker, and a line starting with a lower-case letter has the `.` or `)`
/// of "a)", "iv." within its first bytes.
fn could_be_list_marker(t: &str) -> bool {
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
fn could_stand_alone(t: &str) -> bool {
    t.len() < 160
        && (matches!(t.as_bytes().first(), Some(b'T' | b'L' | b'R' | b'A'))
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

fn is_superscript(c: char) -> Option<char> {
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

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{0c}'
    )
}

fn split_lines(src: &str) -> Vec<Line> {
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

fn classify(src: &str, lines: &mut [Line]) {
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
fn trim_markers(s: &str) -> &str {
    // Fast path: a line that ends in a plain ASCII character.
    if let Some(&c) = s.as_bytes().last()
        && c < 0x80
        && !matches!(c, b'*' | b'_' | b' ' | b'\t' | 0x0c)
    {
        return s;
    }
    s.trim_end_matches(|c: char| is_superscript(c).is_some() || c == '*' || c == '_' || is_space(c))
}

fn is_table_rule(t: &str) -> bool {
    t.len() >= 3
        && t.bytes()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'+'))
        && t.contains("---")
}

/// A footnote body starts with a superscript marker (`⁴²¹ See ...`, `ᵃ Albania`)
/// or a caret marker (`^a Albania`).
fn starts_footnote(t: &str) -> bool {
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

/// A piece of normalized output and where it comes from.
#[derive(Clone, Debug)]
enum Piece {
    /// Verbatim copy of a source range.
    Copy(Range<usize>),
    /// A replacement for a source range.
    Rep(Range<usize>, &'static str),
    /// A line-end hyphen joining two word halves: rendered as `-` or as
    /// nothing, decided with the document's vocabulary.
    Hyphen(Range<usize>, bool),
}

#[derive(Debug)]
struct BlockBuild {
    kind: BlockKind,
    pieces: Vec<Piece>,
    indent: usize,
    label: Option<String>,
    src_start: usize,
    /// Trimmed text of the last line (for join decisions).
    last_line: Range<usize>,
    first_line: Range<usize>,
    md_links: Vec<(String, Range<usize>, usize, usize)>,
    refs: Vec<(String, Range<usize>, usize)>,
}

/// Normalizes decoded source text.
pub fn normalize(src: &str) -> NormText {
    let mut lines = split_lines(src);
    classify(src, &mut lines);
    let double_spaced = is_double_spaced(src, &lines);
    let text_indent = continuation_indent(src, &lines);
    let wrap_width = wrap_width(src, &lines);

    let mut out = NormText::default();
    for l in &lines {
        if l.class == LineClass::Furniture {
            out.furniture_lines += 1;
            let t = &src[l.tstart..l.tend];
            if could_be_symbol(t) && SYMBOL_LINE.is_match(t) {
                out.header_symbols.push(HeaderSymbol {
                    symbol: t.to_string(),
                    src: l.tstart..l.tend,
                });
            }
        }
    }

    let mut blocks: Vec<BlockBuild> = Vec::new();
    let mut current: Option<BlockBuild> = None;
    let mut deferred: Vec<BlockBuild> = Vec::new();
    // Link lines, with the number of blocks closed before them (resolved to
    // an index once the order of blocks is known).
    let mut url_lines: Vec<(String, Range<usize>, usize)> = Vec::new();
    let mut blanks = 0usize;
    let mut furniture_between = false;

    let close = |current: &mut Option<BlockBuild>,
                 blocks: &mut Vec<BlockBuild>,
                 deferred: &mut Vec<BlockBuild>| {
        if let Some(b) = current.take() {
            blocks.push(b);
        }
        blocks.append(deferred);
    };

    for l in &lines {
        match l.class {
            LineClass::Blank => {
                blanks += 1;
                continue;
            }
            LineClass::Furniture => {
                furniture_between = true;
                continue;
            }
            LineClass::Link => {
                let t = &src[l.tstart..l.tend];
                let t = t.trim_start_matches('<').trim_end_matches('>');
                url_lines.push((
                    t.to_string(),
                    l.tstart..l.tend,
                    blocks.len() + usize::from(current.is_some()),
                ));
                continue;
            }
            LineClass::Footnote => {
                let b = start_block(src, l, BlockKind::Footnote);
                if current.as_ref().is_some_and(|c| c.kind == BlockKind::Text) {
                    deferred.push(b);
                } else {
                    close(&mut current, &mut blocks, &mut deferred);
                    blocks.push(b);
                }
            }
            LineClass::Table => {
                close(&mut current, &mut blocks, &mut deferred);
                blocks.push(start_block(src, l, BlockKind::TableRow));
            }
            LineClass::Masthead => {
                close(&mut current, &mut blocks, &mut deferred);
                blocks.push(start_block(src, l, BlockKind::Masthead));
            }
            LineClass::Text => {
                let join = match &current {
                    Some(c) if c.kind == BlockKind::Text => should_join(
                        src,
                        c,
                        l,
                        blanks,
                        furniture_between,
                        !deferred.is_empty(),
                        double_spaced,
                        text_indent,
                        wrap_width,
                    ),
                    _ => false,
                };
                if join {
                    let c = current.as_mut().expect("checked above");
                    append_line(src, c, l);
                } else {
                    close(&mut current, &mut blocks, &mut deferred);
                    current = Some(start_block(src, l, BlockKind::Text));
                }
            }
        }
        blanks = 0;
        furniture_between = false;
    }
    close(&mut current, &mut blocks, &mut deferred);

    // Word repair is for PDF text: double-spaced or with page furniture, or
    // with line-end hyphens. Clean text skips the vocabulary pass.
    let noisy = double_spaced || out.furniture_lines > 0;
    let hyphens = blocks
        .iter()
        .any(|b| b.pieces.iter().any(|p| matches!(p, Piece::Hyphen(..))));
    let mut candidates = Vec::with_capacity(if noisy { src.len() / 32 } else { 0 });
    let vocab = if noisy || hyphens {
        vocabulary(src, &blocks, noisy.then_some(&mut candidates))
    } else {
        Vocab::default()
    };
    emit(
        src,
        blocks,
        &vocab,
        noisy.then_some(&candidates[..]),
        &mut out,
    );
    for (url, range, after) in url_lines {
        out.links.push(Link {
            url,
            src: range,
            anchor: None,
            after_block: after
                .checked_sub(1)
                .map(|i| i.min(out.blocks.len().saturating_sub(1))),
        });
    }
    out.links.sort_by_key(|l| l.src.start);
    out
}

fn is_double_spaced(src: &str, lines: &[Line]) -> bool {
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
fn continuation_indent(src: &str, lines: &[Line]) -> usize {
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
fn wrap_width(src: &str, lines: &[Line]) -> usize {
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
fn should_join(
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
    if could_stand_alone(t) && STANDALONE.is_match(t)
        || (cur.first_line == cur.last_line && could_stand_alone(prev) && STANDALONE.is_match(prev))
    {
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
        let across_page = furniture_between && mid_sentence && next.indent <= text_indent;
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

fn start_block(src: &str, l: &Line, kind: BlockKind) -> BlockBuild {
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

fn footnote_label(t: &str) -> (String, usize) {
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

fn append_line(src: &str, b: &mut BlockBuild, l: &Line) {
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

fn pop_trailing_hyphen(b: &mut BlockBuild, prev_end: usize) {
    if let Some(Piece::Copy(r)) = b.pieces.last_mut()
        && r.end == prev_end
    {
        r.end -= 1;
        if r.start == r.end {
            b.pieces.pop();
        }
    }
}

const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const SPECIAL: u8 = 2;

/// Bytes [`inline`] must look at: white space, Markdown and HTML syntax,
/// footnote carets, and any non-ASCII byte.
static INLINE_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            b' ' => SPACE,
            b'\t' | 0x0c | b'\\' | b'*' | b'_' | b'<' | b'[' | b'^' | 0x80..=0xff => SPECIAL,
            _ => PLAIN,
        };
        i += 1;
    }
    t
};

/// Whether none of the eight bytes at `i` needs a look from [`inline`]:
/// all are plain ASCII or single spaces (a space followed by a byte that
/// is neither white space nor non-ASCII). Computed on the eight bytes as
/// one word, with exact per-byte masks (no carries cross bytes).
#[inline(always)]
fn plain_chunk(bytes: &[u8], i: usize) -> bool {
    let x = load8(bytes, i);
    // A non-ASCII byte always needs a look; the tests below work on the low
    // seven bits and may misjudge such a byte, which `high` flags anyway.
    let high = x & HI;
    let low = x & LO7;
    // White space and controls (< 0x21).
    let ws = !ge(low, 0x21) & HI;
    let space = eq7(low, b' ');
    // A space followed by white space or non-ASCII within the word, or in
    // its last byte with such a byte right after the word.
    let mut hot = space & ((ws | high) >> 8);
    if space >> 63 != 0 && bytes.get(i + 8).is_some_and(|&n| n <= b' ' || n >= 0x80) {
        hot |= HI;
    }
    // Everything else the table marks, and controls: `\t`, form feed,
    // `*`, `<`, and the run `[ \\ ] ^ _` (`]` only costs a slower look).
    let special =
        high | (ws & !space) | eq7(low, b'*') | eq7(low, b'<') | (ge(low, 0x5b) & !ge(low, 0x60));
    hot | special == 0
}

/// High bit of each byte of `low` (seven-bit bytes) equal to `c`.
#[inline(always)]
pub(crate) fn eq7(low: u64, c: u8) -> u64 {
    !(low ^ splat(c)).wrapping_add(LO7) & HI
}

/// A Markdown link whose text [`inline`] is inside: where its text starts
/// and ends, where the link ends, and its URL and first piece.
struct OpenLink {
    text_start: usize,
    text_end: usize,
    close: usize,
    url: Range<usize>,
    anchor_piece: usize,
}

/// Inline normalization of one line's content.
///
/// Linear in the line: nested links are unwrapped with an explicit stack
/// (the input controls their depth, so no recursion), link candidates come
/// from one pass ([`LineLinks`]), and every look-ahead is bounded or skips
/// what it read.
fn inline(src: &str, range: Range<usize>, b: &mut BlockBuild, table: bool) {
    let s = &src[range.clone()];
    let base = range.start;
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut copy_from = 0;
    let mut links = LineLinks::scan(s);
    // The links whose text `i` is in, innermost last; `end` and `seg_start`
    // are the bounds of the innermost text (the line when there is none).
    let mut open: Vec<OpenLink> = Vec::new();
    let mut end = s.len();
    let mut seg_start = 0;
    // The run of `*` or `_` last measured, so that a long run that is not
    // emphasis is measured once.
    let mut run = 0..0;
    macro_rules! flush {
        ($to:expr) => {
            if $to > copy_from {
                b.pieces.push(Piece::Copy(base + copy_from..base + $to));
            }
        };
    }
    loop {
        if i >= end {
            let Some(link) = open.pop() else {
                break;
            };
            // The end of a link's text: drop the `](url)`.
            flush!(end);
            b.pieces
                .push(Piece::Rep(base + link.text_end..base + link.close, ""));
            b.md_links.push((
                s[link.url].to_string(),
                base + link.text_start - 1..base + link.close,
                link.anchor_piece,
                b.pieces.len() - 1,
            ));
            copy_from = link.close;
            i = link.close;
            (seg_start, end) = open
                .last()
                .map_or((0, s.len()), |l| (l.text_start, l.text_end));
            continue;
        }
        // Fastest path: eight bytes at a time while none needs a look.
        if i + 8 <= end && plain_chunk(bytes, i) {
            i += 8;
            continue;
        }
        // Fast path: plain ASCII that no rule touches, and single spaces
        // before such a byte.
        match INLINE_CLASS[bytes[i] as usize] {
            PLAIN => {
                i += 1;
                continue;
            }
            SPACE if i + 1 < end && INLINE_CLASS[bytes[i + 1] as usize] == PLAIN => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let c = s[i..].chars().next().expect("in bounds");
        let w = c.len_utf8();
        if is_space(c) {
            let mut j = i;
            let mut tabs = 0;
            while j < end {
                let d = s[j..].chars().next().expect("in bounds");
                if !is_space(d) {
                    break;
                }
                if d == '\t' {
                    tabs += 1;
                }
                j += d.len_utf8();
            }
            if table && tabs > 0 {
                flush!(i);
                // Each tab separates one cell; keep them, drop other spaces.
                let mut k = i;
                while k < j {
                    let d = s[k..].chars().next().expect("in bounds");
                    let dl = d.len_utf8();
                    if d == '\t' {
                        b.pieces.push(Piece::Copy(base + k..base + k + 1));
                    } else {
                        b.pieces.push(Piece::Rep(base + k..base + k + dl, ""));
                    }
                    k += dl;
                }
                copy_from = j;
            } else if j - i == 1 && c == ' ' {
                // A single plain space is copied as is.
            } else {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + j, " "));
                copy_from = j;
            }
            i = j;
            continue;
        }
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + w, ""));
                copy_from = i + w;
            }
            '\\' if i + 1 < end && br"()[]*_#.-`\!<>".contains(&bytes[i + 1]) => {
                flush!(i);
                b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                copy_from = i + 1;
                i += 2;
                continue;
            }
            '*' | '_'
                if {
                    if !(run.start <= i && i < run.end) {
                        let mut j = i;
                        while j < end && bytes[j] == bytes[i] {
                            j += 1;
                        }
                        run = i..j;
                    }
                    is_emphasis(&s[..end], i, run.end)
                } =>
            {
                flush!(i);
                let j = run.end;
                b.pieces.push(Piece::Rep(base + i..base + j, ""));
                copy_from = j;
                i = j;
                continue;
            }
            '<' => {
                if let Some(len) = html_tag_len(&s[i..end]) {
                    flush!(i);
                    let tag = &s[i..i + len];
                    let rep = if tag.starts_with("<br") { " " } else { "" };
                    b.pieces.push(Piece::Rep(base + i..base + i + len, rep));
                    copy_from = i + len;
                    i += len;
                    continue;
                }
            }
            '[' => {
                if let Some((text_end, url_start, url_end, close)) = links.at(bytes, i, end) {
                    flush!(i);
                    b.pieces.push(Piece::Rep(base + i..base + i + 1, ""));
                    open.push(OpenLink {
                        text_start: i + 1,
                        text_end,
                        close,
                        url: url_start..url_end,
                        anchor_piece: b.pieces.len(),
                    });
                    (seg_start, end) = (i + 1, text_end);
                    copy_from = i + 1;
                    i += 1;
                    continue;
                }
            }
            '^' => {
                let rest = &s[i + 1..end];
                // At most four: a longer run is no footnote mark anyway.
                let n = rest
                    .bytes()
                    .take(4)
                    .take_while(u8::is_ascii_alphanumeric)
                    .count();
                let at_boundary = rest[n..]
                    .chars()
                    .next()
                    .is_none_or(|d| !d.is_alphanumeric());
                if (1..=3).contains(&n) && at_boundary {
                    flush!(i);
                    b.refs.push((
                        rest[..n].to_string(),
                        base + i..base + i + 1 + n,
                        b.pieces.len(),
                    ));
                    b.pieces.push(Piece::Rep(base + i..base + i + 1 + n, ""));
                    copy_from = i + 1 + n;
                    i += 1 + n;
                    continue;
                }
            }
            _ if is_superscript(c).is_some() && i > seg_start => {
                flush!(i);
                let mut j = i;
                let mut label = String::new();
                while j < end {
                    let d = s[j..].chars().next().expect("in bounds");
                    match is_superscript(d) {
                        Some(a) => label.push(a),
                        None => break,
                    }
                    j += d.len_utf8();
                }
                b.refs.push((label, base + i..base + j, b.pieces.len()));
                b.pieces.push(Piece::Rep(base + i..base + j, ""));
                copy_from = j;
                i = j;
                continue;
            }
            _ => {}
        }
        i += w;
    }
    flush!(s.len());
}

/// Whether the `*` or `_` at `i` is Markdown emphasis (not a multiplication
/// sign or an identifier's underscore); its run of the same byte ends at
/// `j`.
fn is_emphasis(s: &str, i: usize, j: usize) -> bool {
    let ch = s.as_bytes()[i];
    let before = s[..i].chars().next_back();
    let after = s[j..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    if ch == b'_' {
        // Only `_word_` style, never inside identifiers.
        return (word(after) && !word(before)) || (word(before) && !word(after));
    }
    let space = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let inside_word = word(before) && word(after);
    let between_spaces = space(before) && space(after);
    !inside_word && !between_spaces
}

fn html_tag_len(s: &str) -> Option<usize> {
    const TAGS: &[&str] = &[
        "i", "b", "em", "strong", "u", "sup", "sub", "br", "br/", "p", "span", "small",
    ];
    // The longest tag is 13 bytes: never look further (a line of `<`
    // without `>` would otherwise be read to its end at each `<`).
    let end = memchr::memchr(b'>', &s.as_bytes()[..s.len().min(13)])?;
    let inner = s[1..end].trim_start_matches('/').trim();
    TAGS.contains(&inner).then_some(end + 1)
}

fn emit(
    src: &str,
    mut blocks: Vec<BlockBuild>,
    vocab: &Vocab,
    noisy: Option<&[SplitCandidate]>,
    out: &mut NormText,
) {
    let mut rest = noisy.unwrap_or_default();
    for (bi, b) in blocks.iter_mut().enumerate() {
        resolve_hyphens(src, b, vocab);
        if noisy.is_some() {
            let n = rest.iter().take_while(|c| c.block == bi).count();
            rejoin_split_words(src, b, vocab, &rest[..n]);
            rest = &rest[n..];
        }
    }
    let mut text = String::with_capacity(src.len());
    let mut map = OffsetMap::new();
    // Where each piece of the current block starts in `text`.
    let mut piece_pos = Vec::new();
    for b in blocks {
        let start = text.len();
        piece_pos.clear();
        for p in &b.pieces {
            piece_pos.push(text.len());
            match p {
                Piece::Copy(r) => {
                    text.push_str(&src[r.clone()]);
                    map.copy(r.clone());
                }
                Piece::Rep(r, s) => {
                    text.push_str(s);
                    map.replace(r.clone(), s.len());
                }
                Piece::Hyphen(r, keep) => {
                    if *keep {
                        text.push('-');
                        map.copy(r.start..r.start + 1);
                    }
                }
            }
        }
        piece_pos.push(text.len());
        // Trim trailing white space the pieces may have left.
        let mut end = text.len();
        while end > start && text.as_bytes()[end - 1] == b' ' {
            end -= 1;
        }
        let end = end.max(start);
        let block_idx = out.blocks.len();
        for (url, srcr, a, z) in b.md_links {
            out.links.push(Link {
                url,
                src: srcr,
                anchor: Some(piece_pos[a]..piece_pos[z]),
                after_block: Some(block_idx),
            });
        }
        for (label, srcr, p) in b.refs {
            out.footnote_refs.push(FootnoteRef {
                label,
                pos: piece_pos[p],
                src: srcr,
            });
        }
        out.blocks.push(Block {
            kind: b.kind,
            start,
            end,
            indent: b.indent,
            label: b.label,
            src_start: b.src_start,
        });
        let last_src = b.last_line.end;
        text.push('\n');
        map.replace(last_src..last_src, 1);
    }
    out.text = text;
    out.map = map;
}

/// Whether a byte belongs to a word: ASCII letters and any non-ASCII byte
/// (non-ASCII letters and curly apostrophes stay inside words). The byte
/// table the eight-byte scans are tested against.
#[cfg(test)]
const fn letter_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphabetic() || c >= 0x80;
        i += 1;
    }
    t
}
#[cfg(test)]
static LETTER: [bool; 256] = letter_table();

/// The high bit of every byte of a word.
pub(crate) const HI: u64 = 0x8080_8080_8080_8080;
pub(crate) const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;

/// `b` in each of the eight bytes of a word.
pub(crate) const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// High bit of each of the eight bytes of `x` that belongs to a word:
/// exact per byte (no carry crosses a byte). ASCII letters are the bytes
/// whose low seven bits, with bit 5 set, lie in 'a'..='z'; every
/// non-ASCII byte counts as a letter (non-ASCII letters and curly
/// apostrophes stay inside words).
#[inline(always)]
fn letter_mask(x: u64) -> u64 {
    let folded = (x & LO7) | splat(0x20);
    (ge(folded, b'a') & !ge(folded, b'z' + 1)) | (x & HI)
}

/// High bit of each byte whose low seven bits (`low` has no high bits)
/// are at least `n`.
#[inline(always)]
pub(crate) fn ge(low: u64, n: u8) -> u64 {
    low.wrapping_add(splat(0x80 - n)) & HI
}

#[inline(always)]
fn load8(bytes: &[u8], i: usize) -> u64 {
    u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"))
}

/// The eight bytes at `i` as one word, zeros past the end of `bytes`.
#[inline(always)]
fn load8_tail(bytes: &[u8], i: usize) -> u64 {
    if i + 8 <= bytes.len() {
        load8(bytes, i)
    } else {
        let mut buf = [0u8; 8];
        let n = bytes.len().saturating_sub(i);
        buf[..n].copy_from_slice(&bytes[i..i + n]);
        u64::from_le_bytes(buf)
    }
}

/// The mask of the first `n` bytes of a word (all eight from `n = 8`).
#[inline(always)]
fn first_bytes(n: usize) -> u64 {
    if n >= 8 { u64::MAX } else { (1 << (8 * n)) - 1 }
}

/// One bit per byte of `bytes[at..end]` (at most 64 bytes), bit `j` set
/// when byte `at + j` is a letter (see [`letter_mask`]).
#[inline(always)]
fn letter_bits(bytes: &[u8], at: usize, end: usize) -> u64 {
    let n = (end - at).min(64);
    let mut bits = 0;
    if let Some(block) = bytes.get(at..at + 64) {
        for (c, chunk) in block.chunks_exact(8).take(n.div_ceil(8)).enumerate() {
            let m = letter_mask(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
            bits |= movemask(m) << (8 * c);
        }
    } else {
        // The last bytes of the text.
        let mut i = at;
        while i < at + n {
            bits |= movemask(letter_mask(load8_tail(bytes, i))) << (i - at);
            i += 8;
        }
    }
    if n < 64 { bits & ((1 << n) - 1) } else { bits }
}

/// The high bit of each byte of `m` (no other bit set) to one bit per byte:
/// byte `j` to bit `j`. The partial products of the multiplication land on
/// distinct bits, so no carry mixes them.
#[inline(always)]
fn movemask(m: u64) -> u64 {
    m.wrapping_mul(0x0002_0408_1020_4081) >> 56
}

/// The words of `bytes[range]`, appended to `out` as (start, end): the
/// maximal runs of letter bytes (see [`letter_mask`]), cut at the ends of
/// the range. Sixty-four bytes a step: a bitmap of the letters, then its
/// runs of ones.
fn word_spans(bytes: &[u8], range: Range<usize>, out: &mut Vec<(u32, u32)>) {
    // The start of a word that runs on past the previous step.
    let mut open: Option<usize> = None;
    let mut at = range.start;
    while at < range.end {
        let mut bits = letter_bits(bytes, at, range.end);
        if let Some(s) = open {
            let ones = (!bits).trailing_zeros();
            if ones == 64 {
                at += 64;
                continue;
            }
            out.push((s as u32, (at + ones as usize) as u32));
            open = None;
            bits &= u64::MAX << ones;
        }
        while bits != 0 {
            let s = bits.trailing_zeros();
            let e = s + (!(bits >> s)).trailing_zeros();
            if e == 64 {
                open = Some(at + s as usize);
                break;
            }
            out.push(((at + s as usize) as u32, (at + e as usize) as u32));
            bits &= u64::MAX << e;
        }
        at += 64;
    }
    if let Some(s) = open {
        out.push((s as u32, range.end as u32));
    }
}

/// The key of the word `bytes[start..end]`.
#[inline(always)]
fn word_key(bytes: &[u8], start: usize, end: usize) -> WordKey {
    let n = end - start;
    if n < 8 {
        let w = load8_tail(bytes, start) & first_bytes(n);
        if w & HI == 0 {
            return words::short_ascii_key(n, w);
        }
    } else if let Some(k) = words::ascii_letters_key(bytes, start, end) {
        return k;
    }
    words::slow_key(&[&bytes[start..end]])
}

/// Two words separated by one space inside a copied run that may be one
/// word split in two ("displac ed"): decided once the vocabulary is known.
struct SplitCandidate {
    block: usize,
    piece: usize,
    /// Source offsets of the first word, the space being `before.end`.
    before: Range<usize>,
    after: Range<usize>,
    kb: WordKey,
    ka: WordKey,
}

/// The document's vocabulary (every word of its copied text) and, when
/// `candidates` is given, the single spaces that may split a word.
fn vocabulary(
    src: &str,
    blocks: &[BlockBuild],
    mut candidates: Option<&mut Vec<SplitCandidate>>,
) -> Vocab {
    let bytes = src.as_bytes();
    let mut vocab = Vocab::with_capacity(src.len() / 32 + 16);
    let mut found = Vec::new();
    let mut keys = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        for (pi, p) in b.pieces.iter().enumerate() {
            let Piece::Copy(r) = p else { continue };
            found.clear();
            word_spans(bytes, r.clone(), &mut found);
            keys.clear();
            keys.extend(
                found
                    .iter()
                    .map(|&(s, e)| word_key(bytes, s as usize, e as usize)),
            );
            for &k in &keys {
                vocab.add(k);
            }
            let Some(cands) = candidates.as_deref_mut() else {
                continue;
            };
            for (j, w) in found.windows(2).enumerate() {
                let (p, e) = (w[0].0 as usize, w[0].1 as usize);
                let (start, end) = (w[1].0 as usize, w[1].1 as usize);
                if start == e + 1
                    && bytes[e] == b' '
                    && (e - p).min(end - start) <= 4
                    && (bytes[start].is_ascii_lowercase() || bytes[start] >= 0x80)
                    && !words::is_function_word(&bytes[p..e])
                    && !words::is_function_word(&bytes[start..end])
                {
                    cands.push(SplitCandidate {
                        block: bi,
                        piece: pi,
                        before: p..e,
                        after: start..end,
                        kb: keys[j],
                        ka: keys[j + 1],
                    });
                }
            }
        }
    }
    vocab
}

fn resolve_hyphens(src: &str, b: &mut BlockBuild, vocab: &Vocab) {
    for i in 0..b.pieces.len() {
        if let Piece::Hyphen(_, _) = &b.pieces[i] {
            let before = word_before(src, &b.pieces[..i]);
            let after = word_after(src, &b.pieces[i + 1..]);
            let joined = words::key(&[before.as_bytes(), after.as_bytes()]);
            let keep = vocab.count(joined) == 0 && !words::in_word_list(joined);
            if let Piece::Hyphen(_, k) = &mut b.pieces[i] {
                *k = keep;
            }
        }
    }
}

/// Removes spaces that split a word in two: line joins (single spaces that
/// replace a line break) judged here, and the spaces inside copied runs
/// among `candidates` (this block's, in piece order).
fn rejoin_split_words(src: &str, b: &mut BlockBuild, vocab: &Vocab, candidates: &[SplitCandidate]) {
    for i in 0..b.pieces.len() {
        if !matches!(&b.pieces[i], Piece::Rep(_, " ")) {
            continue;
        }
        if !could_glue_at(src, &b.pieces, i) {
            continue;
        }
        let before = word_before(src, &b.pieces[..i]);
        let after = word_after(src, &b.pieces[i + 1..]);
        if words::should_glue(&before, &after, vocab)
            && let Piece::Rep(r, _) = &b.pieces[i]
        {
            b.pieces[i] = Piece::Rep(r.clone(), "");
        }
    }
    // Split copied runs at the glued spaces, last piece first so that the
    // candidates' piece indices stay valid.
    let bytes = src.as_bytes();
    let alphabetic = |r: &Range<usize>| {
        let w = &src[r.clone()];
        w.is_ascii() || w.chars().all(char::is_alphabetic)
    };
    let glued: Vec<&SplitCandidate> = candidates
        .iter()
        .filter(|c| {
            alphabetic(&c.before)
                && alphabetic(&c.after)
                && src[c.after.clone()].starts_with(char::is_lowercase)
                && words::glue_keys(
                    &bytes[c.before.clone()],
                    &bytes[c.after.clone()],
                    c.kb,
                    c.ka,
                    vocab,
                )
        })
        .collect();
    let mut k = glued.len();
    while k > 0 {
        let piece = glued[k - 1].piece;
        let mut j = k;
        while j > 0 && glued[j - 1].piece == piece {
            j -= 1;
        }
        let Piece::Copy(r) = b.pieces[piece].clone() else {
            unreachable!("candidates come from copied runs")
        };
        let mut replacement = Vec::with_capacity(2 * (k - j) + 1);
        let mut from = r.start;
        for c in &glued[j..k] {
            let sp = c.before.end;
            replacement.push(Piece::Copy(from..sp));
            replacement.push(Piece::Rep(sp..sp + 1, ""));
            from = sp + 1;
        }
        replacement.push(Piece::Copy(from..r.end));
        b.pieces.splice(piece..=piece, replacement);
        k = j;
    }
}

/// Cheap test before [`words::should_glue`] on the words around the
/// space `pieces[i]`, for the common case of copied text on both sides:
/// false when the word after does not start with a lower-case letter, or
/// when both words have five letters or more.
fn could_glue_at(src: &str, pieces: &[Piece], i: usize) -> bool {
    let bytes = src.as_bytes();
    let Some(Piece::Copy(next)) = pieces.get(i + 1) else {
        return true;
    };
    let first = bytes[next.start];
    if first < 0x80 && !first.is_ascii_lowercase() {
        return false;
    }
    let long_after = next.end - next.start >= 5
        && bytes[next.start..next.start + 5]
            .iter()
            .all(u8::is_ascii_alphabetic);
    let long_before = match i.checked_sub(1).map(|k| &pieces[k]) {
        Some(Piece::Copy(prev)) => {
            prev.end - prev.start >= 5
                && bytes[prev.end - 5..prev.end]
                    .iter()
                    .all(u8::is_ascii_alphabetic)
        }
        _ => false,
    };
    !(long_after && long_before)
}

fn piece_text<'a>(src: &'a str, p: &Piece) -> &'a str {
    match p {
        Piece::Copy(r) => &src[r.clone()],
        Piece::Rep(_, s) => s,
        Piece::Hyphen(_, true) => "-",
        Piece::Hyphen(_, false) => "",
    }
}

/// The letters that end the text of `pieces`.
fn word_before<'a>(src: &'a str, pieces: &[Piece]) -> Cow<'a, str> {
    // Fast path: the word starts inside the last piece.
    if let Some(p) = pieces.last() {
        let t = piece_text(src, p);
        let start = t
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8());
        if let Some(start) = start {
            return Cow::Borrowed(&t[start..]);
        }
    }
    let mut out: Vec<char> = Vec::new();
    for p in pieces.iter().rev() {
        let t = piece_text(src, p);
        for c in t.chars().rev() {
            if c.is_alphabetic() {
                out.push(c);
            } else {
                out.reverse();
                return Cow::Owned(out.into_iter().collect());
            }
        }
    }
    out.reverse();
    Cow::Owned(out.into_iter().collect())
}

/// The letters that start the text of `pieces`.
fn word_after<'a>(src: &'a str, pieces: &[Piece]) -> Cow<'a, str> {
    let word_len = |t: &str| {
        t.char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, _)| i)
    };
    // Fast path: the word ends inside the first piece.
    if let Some(p) = pieces.first() {
        let t = piece_text(src, p);
        if let Some(n) = word_len(t) {
            return Cow::Borrowed(&t[..n]);
        }
    }
    let mut out = String::new();
    for p in pieces {
        let t = piece_text(src, p);
        match word_len(t) {
            Some(n) => {
                out.push_str(&t[..n]);
                return Cow::Owned(out);
            }
            None => out.push_str(t),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-byte test for plain runs never passes a byte the byte table
    /// marks, nor a space before white space or non-ASCII; it may leave
    /// controls to the slower look.
    #[test]
    fn plain_chunk_is_safe() {
        let text = "ab  c\td*e<f[g\\h]i^j_k é\u{a0}l m\u{c}n o\u{3000}p ~{|}@`?!\"#$%&'()+,-./0189:;=>AZaz \x7f\x01 x  ";
        let b = text.as_bytes();
        let mut plain = 0;
        for i in 0..=b.len() - 8 {
            let safe = (i..i + 8).all(|j| match INLINE_CLASS[b[j] as usize] {
                PLAIN => b[j] >= 0x21,
                SPACE => b.get(j + 1).is_none_or(|&n| n > b' ' && n < 0x80),
                _ => false,
            });
            assert_eq!(plain_chunk(b, i), safe, "{i}: {:?}", text.get(i..i + 8));
            plain += usize::from(safe);
        }
        assert!(plain > 10);
    }

    /// The eight-byte word scan agrees with the byte table on every range,
    /// across chunk boundaries and non-ASCII letters, up to the end of the
    /// text; its keys are those of the words.
    #[test]
    fn word_scan_matches_the_byte_table() {
        let texts = [
            "Reaffirming its strong commitment to the sovereignty, unity and territorial integrity",
            "résolution 2531 (2020) de l’Assemblée générale — Côte d’Ivoire [a]_b^c\tZ@`{~",
            "aaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbb 1234567890123456789 xyz",
        ];
        for t in texts {
            let b = t.as_bytes();
            for from in 0..b.len() {
                for end in from..=b.len() {
                    let mut expected = Vec::new();
                    let mut j = from;
                    while j < end {
                        if LETTER[b[j] as usize] {
                            let s = j;
                            while j < end && LETTER[b[j] as usize] {
                                j += 1;
                            }
                            expected.push((s, j));
                        } else {
                            j += 1;
                        }
                    }
                    let mut got = Vec::new();
                    word_spans(b, from..end, &mut got);
                    let got: Vec<(usize, usize)> =
                        got.iter().map(|&(s, e)| (s as usize, e as usize)).collect();
                    for &(s, e) in &got {
                        assert_eq!(word_key(b, s, e), words::key(&[&b[s..e]]), "{t:?} {s}..{e}");
                    }
                    assert_eq!(got, expected, "{t:?} {from}..{end}");
                }
            }
        }
    }
}
