//! Plain text and Markdown: the decoded file is the text; the normalizer
//! ([`crate::text::normalize`]) finds its blocks, strips Markdown and page
//! furniture, and the extractors find its documents and paragraphs.

use crate::error::ReadError;
use crate::text::{SourceFile, Text};

use super::{Confidence, Reader, Reading};

/// The plain-text and Markdown reader (also the fallback for content no
/// other reader claims).
#[derive(Clone, Copy, Debug, Default)]
pub struct PlainText;

impl Reader for PlainText {
    fn name(&self) -> &'static str {
        "text"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["txt", "md"]
    }

    fn sniff(&self, _head: &str) -> Confidence {
        // Any text is plain text; the fallback needs no claim.
        Confidence::No
    }

    fn read(&self, source: SourceFile) -> Result<Reading, ReadError> {
        Ok(Reading::prose(Text::new(source)))
    }
}
