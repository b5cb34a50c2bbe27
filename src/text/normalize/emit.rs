//! Emitting the blocks: the normalized text, one block per line, and the
//! offset map back to the source, with hyphens and split words resolved by
//! the document's vocabulary.

use super::repair::{SplitCandidate, rejoin_split_words, resolve_hyphens};
use super::{Block, BlockBuild, FootnoteRef, Link, NormText, Piece, Vocab};
use crate::text::offsets::OffsetMap;
pub(super) fn emit(
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

#[cfg(test)]
mod tests {
    use crate::text::normalize::normalize;

    /// A line-end hyphen is dropped when the joined word occurs elsewhere
    /// in the document (or in the word list), and kept otherwise.
    #[test]
    fn line_end_hyphens_follow_the_document_vocabulary() {
        let src = "Welcomes the peace-\nkeeping operations and peacekeeping.\n\nNotes the anti-\nbalaka groups.\n";
        let text = normalize(src).text;
        assert!(text.contains("the peacekeeping operations"), "{text:?}");
        assert!(text.contains("the anti-balaka groups."), "{text:?}");
    }

    /// Every block is one line of the normalized text, and each maps back
    /// to the source bytes it came from.
    #[test]
    fn blocks_map_back_to_their_source() {
        let src = "The Security Council,\n\nRecalling its resolution\n2374 (2017),\n";
        let norm = normalize(src);
        assert_eq!(norm.blocks.len(), norm.text.lines().count());
        let b = &norm.blocks[1];
        assert_eq!(
            &norm.text[b.start..b.end],
            "Recalling its resolution 2374 (2017),"
        );
        let (s, e) = norm.map.src_span(b.start, b.end);
        assert_eq!(&src[s..e], "Recalling its resolution\n2374 (2017),");
    }
}
