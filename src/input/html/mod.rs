//! HTML input (`.html`, `.htm`, or any file whose content is HTML).
//!
//! [`page`] tokenizes the file with html5gum into its decoded text, with an
//! offset map into the file, and its tables and links. A page holding a
//! Security Council meetings table ([`meetings`]) is read as that table:
//! one `meeting` item per row and one `decision` per outcome, no prose
//! extraction. Any other page is read as a document: its text is normalized
//! like a text file's and the extractors find its structure, citations and
//! actors.
//!
//! Evidence follows the Akoma Ntoso reader: the quote of every item is
//! exactly the file's bytes `[start..end]` (markup and character references
//! included), and the decoded text of those bytes is the text the rule read.

pub mod meetings;
pub mod page;

use crate::error::ReadError;
use crate::text::normalize::{self, NormText};
use crate::text::{SourceFile, Text};

use super::{Confidence, Reader, Reading};

/// Elements that mark a file as HTML when they come first.
const FIRST_ELEMENTS: &[&str] = &[
    "head", "body", "table", "link", "meta", "div", "p", "title", "style", "script", "h1", "h2",
    "h3", "ul", "ol", "center", "font", "span", "a", "br", "base",
];

/// The HTML reader.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl Reader for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["html", "htm"]
    }

    fn sniff(&self, head: &str) -> Confidence {
        match super::first_markup(head).as_deref() {
            Some("html" | "!doctype html") => Confidence::Sure,
            Some(e) if FIRST_ELEMENTS.contains(&e) => Confidence::Likely,
            _ => Confidence::No,
        }
    }

    fn read(&self, source: SourceFile) -> Result<Reading, ReadError> {
        let page = page::read(&source.text);
        let tables = meetings::find(&page);
        if !tables.is_empty() {
            return Ok(meetings::read(source, page, &tables));
        }
        Ok(Reading::prose(document_text(source, &page)))
    }
}

/// The analysis text of a page read as a document: its decoded text
/// normalized, with every offset mapped back through the page's map into
/// the file.
pub fn document_text(source: SourceFile, page: &page::Page) -> Text {
    let mut norm: NormText = normalize::normalize(&page.plain);
    norm.map = norm.map.then(&page.map);
    let span = |r: &std::ops::Range<usize>| {
        let (a, b) = page.map.src_span(r.start, r.end);
        a..b
    };
    for b in &mut norm.blocks {
        b.src_start = page.map.src_start(b.src_start);
    }
    for l in &mut norm.links {
        l.src = span(&l.src);
    }
    for f in &mut norm.footnote_refs {
        f.src = span(&f.src);
    }
    for h in &mut norm.header_symbols {
        h.src = span(&h.src);
    }
    Text { source, norm }
}
