//! Extraction: from a normalized [`Text`] to a stream of [`Item`]s.
//!
//! [`structure`] finds documents and paragraphs; [`citations`], [`actors`]
//! and [`votes`] add their facts, each keyed to the document and paragraph
//! that contains it. [`akn`] reads Akoma Ntoso XML into the same shapes.
//! [`extract_file`] runs the whole chain on one file and never panics on bad
//! input: a file that cannot be read yields a [`ReadError`].

pub mod actors;
pub mod akn;
pub mod citations;
pub mod identity;
pub mod structure;
pub mod votes;

use std::path::Path;

use crate::error::ReadError;
use crate::model::Item;
use crate::text::{Text, read};

pub use structure::Structure;

/// Options for reading inputs.
#[derive(Clone, Debug)]
pub struct Options {
    /// Files larger than this are skipped with a warning.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_bytes: read::DEFAULT_MAX_BYTES,
        }
    }
}

/// What one file yielded.
#[derive(Debug, Default)]
pub struct FileExtraction {
    /// The items, in file order: documents, then paragraphs, then the facts.
    pub items: Vec<Item>,
    /// Non-fatal warnings (decoding fallback ...).
    pub warnings: Vec<String>,
}

/// Reads and extracts one file (`.txt`, `.md`, or Akoma Ntoso `.xml`).
pub fn extract_file(path: &Path, opts: &Options) -> Result<FileExtraction, ReadError> {
    let (source, warning) = read::read_file(path, opts.max_bytes)?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let is_xml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        || source.text.trim_start().starts_with("<?xml")
        || source.text.trim_start().starts_with("<akomaNtoso");
    let items = if is_xml {
        let doc = akn::read(source)?;
        warnings.extend(doc.warnings.iter().cloned());
        let mut items = doc.items;
        run_extractors(&doc.text, &doc.structure, &mut items);
        akn::merge_citations(&mut items);
        items
    } else {
        extract_text(&Text::new(source))
    };
    Ok(FileExtraction { items, warnings })
}

/// Runs structure analysis and every extractor on a normalized text.
pub fn extract_text(text: &Text) -> Vec<Item> {
    let st = structure::analyze(text);
    let mut items: Vec<Item> = st
        .docs
        .iter()
        .map(|d| Item::Document(d.item.clone()))
        .collect();
    items.extend(st.paras.iter().map(|p| Item::Paragraph(p.item.clone())));
    run_extractors(text, &st, &mut items);
    items
}

/// Runs the fact extractors (citations, actors, votes) over a structured text.
pub fn run_extractors(text: &Text, st: &Structure, items: &mut Vec<Item>) {
    identity::extract(text, st, items);
    citations::extract(text, st, items);
    actors::extract(text, st, items);
    votes::extract(text, st, items);
}
