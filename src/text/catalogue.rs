//! The catalogue header of web pages that reproduce a resolution
//! (`Publisher / UN Security Council / Publication Date / ... / Citation /
//! Document Symbol / ... / Reference / ... / Cite as / UN Security Council,
//! Resolution 93 (1951) ..., available at: http...`) is a library's
//! metadata about the document, not its content: its blocks become
//! [`BlockKind::Masthead`], so that no paragraph, actor or citation comes
//! from them, while the structure still reads them as evidence of the
//! document's symbol and date (as it reads any masthead).
//!
//! The header is recognised by its labels, which every page of the
//! catalogue carries in the same order: a `Publisher` line near the top,
//! then a `Cite as` line; the citation that follows it runs until its
//! `available at:` address.

use super::normalize::{BlockKind, NormText};

/// How far from the top the `Publisher` label may be.
const HEAD: usize = 20;
/// How many blocks the labels and their values may span.
const SPAN: usize = 16;
/// How many blocks the citation after `Cite as` may take.
const CITATION: usize = 4;

/// Marks the catalogue header of `norm`, if it has one, as masthead blocks.
/// Returns the block range marked.
pub fn mark_header(norm: &mut NormText) -> Option<std::ops::Range<usize>> {
    let text = |norm: &NormText, i: usize| norm.block_text(&norm.blocks[i]).trim().to_string();
    let n = norm.blocks.len();
    let start = (0..n.min(HEAD)).find(|&i| text(norm, i) == "Publisher")?;
    let cite = (start + 1..n.min(start + SPAN)).find(|&i| text(norm, i).starts_with("Cite as"))?;
    let mut end = cite + 1;
    // The citation itself: up to the block that gives its address (the
    // label may share its block with it).
    if !text(norm, cite).contains("available at") {
        let found = (cite + 1..n.min(cite + 1 + CITATION))
            .find(|&i| text(norm, i).contains("available at"));
        end = match found {
            Some(i) => i + 1,
            None => (cite + 2).min(n),
        };
    }
    for b in &mut norm.blocks[start..end] {
        if b.kind == BlockKind::Text {
            b.kind = BlockKind::Masthead;
        }
    }
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use crate::text::{BlockKind, SourceFile, Text};

    #[test]
    fn the_catalogue_header_is_masthead_and_the_body_is_not() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/record-sample/text/S-RES-100(1953).txt"
        );
        let bytes = std::fs::read(path).expect("sample file");
        let t = Text::new(SourceFile::from_string(
            path,
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
        let kinds: Vec<(BlockKind, &str)> = t
            .norm
            .blocks
            .iter()
            .map(|b| (b.kind, t.norm.block_text(b)))
            .collect();
        let at = |p: &str| kinds.iter().position(|k| k.1.starts_with(p)).expect(p);
        let (publisher, cite, council) = (
            at("Publisher"),
            at("UN Security Council, Resolution"),
            at("The Security Council"),
        );
        assert_eq!(kinds[0].0, BlockKind::Text, "{kinds:?}");
        assert!(
            kinds[publisher..=cite]
                .iter()
                .all(|k| k.0 == BlockKind::Masthead),
            "{kinds:?}"
        );
        assert!(
            kinds[cite + 1..=council]
                .iter()
                .all(|k| k.0 == BlockKind::Text),
            "{kinds:?}"
        );
    }
}
