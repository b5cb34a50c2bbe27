//! Reading files and turning them into analysis text.
//!
//! [`read`] decodes bytes to text, [`normalize`] turns the text into one
//! block per logical paragraph with an [`offsets::OffsetMap`] back to the
//! source. [`Text`] bundles both and mints [`Evidence`] for any normalized
//! span: the span in the original file's bytes and the quoted source text.

pub mod catalogue;
pub mod normalize;
pub mod offsets;
pub mod read;
pub(crate) mod words;

pub use normalize::{Block, BlockKind, FootnoteRef, Link, NormText};
pub use read::SourceFile;

use crate::model::Evidence;

/// A decoded file and its normalized analysis text.
#[derive(Clone, Debug)]
pub struct Text {
    /// The decoded file.
    pub source: SourceFile,
    /// The normalized text.
    pub norm: NormText,
}

impl Text {
    /// Normalizes a decoded file.
    pub fn new(source: SourceFile) -> Text {
        let mut norm = normalize::normalize(&source.text);
        catalogue::mark_header(&mut norm);
        Text { source, norm }
    }

    /// Builds a text from a string (tests, generated input).
    pub fn from_str(path: &str, text: &str) -> Text {
        Text::new(SourceFile::from_string(path, text))
    }

    /// Evidence for the normalized span `start..end`, produced by `rule`.
    pub fn evidence(&self, start: usize, end: usize, rule: &str) -> Evidence {
        let (a, b) = self.norm.src_span(start, end);
        self.evidence_src(a, b, rule)
    }

    /// Evidence for a span of the decoded source (`a..b`).
    pub fn evidence_src(&self, a: usize, b: usize, rule: &str) -> Evidence {
        let text = &self.source.text;
        let a = floor_char(text, a.min(text.len()));
        let b = floor_char(text, b.min(text.len()).max(a));
        Evidence {
            file: self.source.path.clone(),
            start: self.source.raw_offset(a),
            end: self.source.raw_offset(b),
            text: text[a..b].to_string(),
            rule: rule.to_string(),
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
