//! Where a fact comes from: [`Evidence`], and [`EvidenceRef`] borrowed.

use serde::{Deserialize, Serialize};

/// Where an extracted fact comes from.
///
/// `start..end` are byte offsets into the original file as it is on disk
/// (before decoding), and `text` is that slice, decoded. For a UTF-8 file
/// `text == file_bytes[start..end]` exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// The path of the file as it was given on the command line.
    pub file: String,
    /// First byte of the evidence in the original file.
    pub start: usize,
    /// One past the last byte of the evidence in the original file.
    pub end: usize,
    /// The quoted source text.
    pub text: String,
    /// The name of the rule that produced the fact (e.g. `citation.resolution`).
    pub rule: String,
}

/// [`Evidence`] borrowed (from the graph, for a row or a hop as it is
/// written): the same fields, serialized the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceRef<'a> {
    /// File.
    pub file: &'a str,
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// The quoted source text.
    pub text: &'a str,
    /// Rule.
    pub rule: &'a str,
}

impl EvidenceRef<'_> {
    /// The evidence, copied.
    pub fn to_evidence(&self) -> Evidence {
        Evidence {
            file: self.file.to_string(),
            start: self.start as usize,
            end: self.end as usize,
            text: self.text.to_string(),
            rule: self.rule.to_string(),
        }
    }
}
