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
//!
//! One job per file: [`furniture`] classifies lines, [`join`] joins them
//! into blocks, [`inline`] normalizes a line's content, [`repair`] mends
//! words with the document's vocabulary, [`emit`] writes the text and the
//! offset map.

use std::ops::Range;

mod emit;
mod furniture;
mod inline;
mod join;
mod mdlinks;
mod repair;

use emit::emit;
use furniture::{LineClass, SYMBOL_LINE, classify, could_be_symbol, split_lines};
use join::{
    append_line, continuation_indent, is_double_spaced, should_join, start_block, wrap_width,
};
use repair::vocabulary;

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
