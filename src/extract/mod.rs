//! Extraction: from a normalized [`Text`] to a stream of [`Item`]s.
//!
//! [`structure`] finds documents and paragraphs; [`citations`], [`actors`]
//! and [`votes`] add their facts, each keyed to the document and paragraph
//! that contains it. Reading files of each format is the `input` module's
//! job (`input::extract_file` runs the whole chain on one file): the readers
//! build on this module's pieces, and this module never names them, so the
//! dependency runs one way.

pub mod actors;
pub mod citations;
pub mod identity;
pub mod language;
pub mod structure;
pub mod votes;

use crate::model::Item;
use crate::text::Text;

pub use structure::Structure;

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
