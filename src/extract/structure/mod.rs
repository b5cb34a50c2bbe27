//! Document structure: which documents a file holds (a letter, its annexes,
//! an enclosed draft), their identity (symbol, type, date, title, agenda
//! item, authors) and their parts (preambular and operative paragraphs,
//! sub-items, headings, footnotes, table rows, signature blocks).
//!
//! It works on the blocks of the normalized text and relies on the
//! conventions of UN documents, not on any one file: mastheads
//! (`United Nations S/2021/610`, `Distr.: General`, the date), titles
//! (`France: draft resolution`, `Resolution 2531 (2020)`, `Letter dated ...
//! from ... addressed to ...`), the enacting formula (`The Security
//! Council,`), paragraph numbers and list markers, `Annex`/`Enclosure`
//! labels and `(Signed)` blocks.

//!
//! The pass is split by job: [`header`] reads a document's identity from
//! the lines above its first paragraph, [`paragraphs`] walks its blocks,
//! [`date`] and [`names`] hold the spellings the other extractors share.

mod date;
mod header;
mod names;
mod paragraphs;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::identity;
use crate::extract::language::{PartKind, WORDS, alternation};
use crate::model::{DocType, DocumentItem, ParagraphItem};
use crate::text::{BlockKind, Text};

pub use date::parse_date;
pub use names::{slug, slug_capped, split_names};

/// A document found in a file, with its place in the normalized text.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The document item (id, type, date ...).
    pub item: DocumentItem,
    /// Block indices of the document (annexes nested inside are excluded).
    pub blocks: Range<usize>,
    /// Normalized span covered by the document's blocks.
    pub range: Range<usize>,
    /// Index of the containing document.
    pub parent: Option<usize>,
}

/// A paragraph with its place in the normalized text.
#[derive(Clone, Debug)]
pub struct Para {
    /// The paragraph item.
    pub item: ParagraphItem,
    /// Normalized span.
    pub range: Range<usize>,
    /// Index of the document in [`Structure::docs`].
    pub doc: usize,
    /// Block indices covered.
    pub blocks: Range<usize>,
}

/// The documents and paragraphs of one file.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    /// Documents in file order (the file's main document first).
    pub docs: Vec<Doc>,
    /// Paragraphs in file order.
    pub paras: Vec<Para>,
    /// For each block, the index of its document.
    pub block_doc: Vec<usize>,
    /// For each block, the index of its paragraph, if any.
    pub block_para: Vec<Option<usize>>,
}

impl Structure {
    /// The document containing the normalized offset `pos`.
    pub fn doc_at(&self, text: &Text, pos: usize) -> usize {
        text.norm
            .block_at(pos)
            .and_then(|b| self.block_doc.get(b).copied())
            .unwrap_or(0)
    }

    /// The paragraph containing the normalized offset `pos`.
    pub fn para_at(&self, text: &Text, pos: usize) -> Option<usize> {
        text.norm
            .block_at(pos)
            .and_then(|b| self.block_para.get(b).copied().flatten())
    }

    /// The id of the document containing `pos`.
    pub fn doc_id_at(&self, text: &Text, pos: usize) -> &str {
        &self.docs[self.doc_at(text, pos)].item.id
    }

    /// The id of the paragraph containing `pos`, if any.
    pub fn para_id_at(&self, text: &Text, pos: usize) -> Option<&str> {
        self.para_at(text, pos)
            .map(|p| self.paras[p].item.id.as_str())
    }
}

/// A part label on a line of its own ("Annex II", "Pièce jointe"), its
/// words from `ontology/language/`.
static PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let labels = alternation(WORDS.part_labels.iter().map(|(l, _)| l.as_str()));
    Regex::new(&format!(r"^({labels})(?:\s+([IVXLC]+|\d+|[A-Z]))?\.?$")).expect("valid regex")
});
static ADOPTED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^Adopted by the Security Council(?: at its (\d+)(?:st|nd|rd|th) meeting)?,? on\s*(.+)$",
    )
    .expect("valid regex")
});
/// An enacting formula on a line of its own ("The Security Council,"),
/// its words from `ontology/language/`.
static ENACTING: LazyLock<Regex> = LazyLock::new(|| {
    let formulas = alternation(WORDS.enacting.iter().map(String::as_str));
    Regex::new(&format!(r"^(?:{formulas})\s*,?$")).expect("valid regex")
});

/// Finds the documents and paragraphs of a normalized file.
pub fn analyze(text: &Text) -> Structure {
    let norm = &text.norm;
    let nblocks = norm.blocks.len();
    // 1. Segments: the main document, then one per Annex/Enclosure label,
    // and one per later entry of a page of the yearly compilations that
    // holds several resolutions (a document of its own, not an annex).
    let entries = identity::entry_starts(text);
    let mut segments: Vec<(usize, Option<String>, Option<usize>)> = vec![(0, None, None)];
    let mut last_annex: Option<usize> = None;
    let mut main = 0;
    for (i, b) in norm.blocks.iter().enumerate() {
        if entries.binary_search(&i).is_ok() {
            segments.push((i, None, None));
            main = segments.len() - 1;
            last_annex = None;
            continue;
        }
        if b.kind != BlockKind::Text {
            continue;
        }
        let t = norm.block_text(b);
        if t.len() < 40
            && could_be_part_label(t)
            && let Some(c) = PART_LABEL.captures(t)
        {
            let enclosure = WORDS.part_kind(&c[1]) == Some(PartKind::Enclosure);
            let parent = if enclosure {
                last_annex.unwrap_or(main)
            } else {
                main
            };
            segments.push((i, Some(t.to_string()), Some(parent)));
            if !enclosure {
                last_annex = Some(segments.len() - 1);
            }
        }
    }
    let mut st = Structure {
        block_doc: vec![0; nblocks],
        block_para: vec![None; nblocks],
        ..Default::default()
    };
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for (si, (start, label, parent)) in segments.iter().enumerate() {
        let end = segments.get(si + 1).map(|s| s.0).unwrap_or(nblocks);
        let doc_idx = st.docs.len();
        for bd in &mut st.block_doc[*start..end] {
            *bd = doc_idx;
        }
        let mut doc = header::parse_document(text, *start..end, label.clone(), *parent, &st);
        let head_end = if label.is_none() {
            record_identity(text, &mut doc)
        } else {
            None
        };
        // Ids must be unique within a file; a clash gets a counter.
        let mut id = doc.item.id.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{}-{n}", doc.item.id);
            n += 1;
        }
        used_ids.insert(id.clone());
        doc.item.id = id;
        st.docs.push(doc);
        paragraphs::paragraphs(text, doc_idx, *start..end, head_end, &mut st);
    }
    st
}

/// Gives a file's main document the identity its text states in the
/// layouts of the historical record ([`identity`]), or the one its file
/// name states when the text states none. Returns the block of the
/// enacting formula when the head above it is identity only (no
/// paragraphs).
fn record_identity(text: &Text, doc: &mut Doc) -> Option<usize> {
    let item = &mut doc.item;
    let eligible = item
        .symbol
        .as_deref()
        .is_none_or(|s| s.starts_with("S/RES/"))
        && matches!(
            item.doc_type,
            DocType::Resolution
                | DocType::DraftResolution
                | DocType::Other
                | DocType::MeetingRecord
        );
    if eligible && let Some(idn) = identity::read(text, doc.blocks.clone()) {
        let (n, y) = identity::parse_res(&idn.symbol)?;
        item.id = idn.symbol.clone();
        item.symbol = Some(idn.symbol.clone());
        item.doc_type = DocType::Resolution;
        if let Some((d, _)) = &idn.date {
            item.date = Some(d.clone());
        }
        item.title = Some(format!("Resolution {n} ({y})"));
        item.ev = match (&idn.span, &idn.src) {
            (Some(span), _) => text.evidence(span.start, span.end, idn.kind.rule()),
            (None, Some(src)) => text.evidence_src(src.start, src.end, idn.kind.rule()),
            (None, None) => text.evidence(0, 0, idn.kind.rule()),
        };
        return idn.head_end;
    }
    if item.symbol.is_none()
        && let Some((sym, false)) = identity::file_symbol(&text.source.path)
    {
        item.doc_type = DocType::from_symbol(&sym);
        item.id = sym.clone();
        item.symbol = Some(sym);
        item.ev.rule = identity::FILENAME_RULE.to_string();
    }
    None
}

/// Cheap test before [`PART_LABEL`], from the same words: a match starts
/// with one of the labels.
fn could_be_part_label(t: &str) -> bool {
    WORDS
        .part_labels
        .iter()
        .any(|(w, _)| t.starts_with(w.as_str()))
}

/// Whether the line `t` is an enacting formula ("The Security Council,").
pub(crate) fn is_enacting(t: &str) -> bool {
    could_be_enacting(t) && ENACTING.is_match(t)
}

/// Cheap test before [`ENACTING`], from the same words: a match starts
/// with one of the formulas (and a formula line is short).
fn could_be_enacting(t: &str) -> bool {
    t.len() < 40 && WORDS.enacting.iter().any(|f| t.starts_with(f.as_str()))
}
