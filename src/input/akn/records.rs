//! What the streaming pass hands back: the text, the documents and
//! paragraphs the markup delimits, the links and the raw metadata.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::model::ParagraphRole;
use crate::text::NormText;

/// A document delimited by the markup: the main document or an annex.
#[derive(Debug, Clone)]
pub(super) struct DocRec {
    /// Index of the containing document (annexes).
    pub parent: Option<usize>,
    /// "Annex I", read from the annex's first heading.
    pub label: Option<String>,
    /// The block holding the label.
    pub label_block: Option<usize>,
    /// The block holding the title (`<docTitle>`, or an annex's heading).
    pub title_block: Option<usize>,
    /// Blocks of the document (first..last+1), when it has any.
    pub blocks: Option<Range<usize>>,
    /// Decoded-source span of the element's start tag.
    pub tag: Range<usize>,
    /// Whether a non-heading block has been seen (annex titles come first).
    pub(super) body_started: bool,
    pub(super) counters: BTreeMap<&'static str, usize>,
}

/// A paragraph delimited by the markup.
#[derive(Debug, Clone)]
pub(super) struct ParaRec {
    /// Index into the documents.
    pub doc: usize,
    /// Role in the document.
    pub role: ParagraphRole,
    /// The number as printed ("5", "(a)").
    pub number: Option<String>,
    /// Id inside the document (`op5`, `op4.a`, `pp3`).
    pub suffix: String,
    /// Parent paragraph index (sub-items).
    pub parent: Option<usize>,
    /// Blocks covered (contiguous).
    pub blocks: Range<usize>,
}

/// A link (`<a href>`, `<ref href>`).
#[derive(Debug, Clone)]
pub(super) struct LinkRec {
    /// The `href` as written (unescaped).
    pub href: String,
    /// Normalized span of the anchor text.
    pub norm: Range<usize>,
    /// Block holding the anchor.
    pub block: usize,
}

/// A `<step>` of the `<workflow>`.
#[derive(Debug, Clone, Default)]
pub(super) struct Step {
    /// Its attributes (unescaped).
    pub attrs: BTreeMap<String, String>,
    /// Decoded-source span of the element.
    pub span: Range<usize>,
}

/// A `<count>` of a `<voting>`.
#[derive(Debug, Clone, Default)]
pub(super) struct Count {
    /// `refersTo` (`inFavour`, `against`, `abstaining`).
    pub refers_to: String,
    /// The stated count.
    pub value: Option<u32>,
    /// The `value` attribute as written (to name a value that is no
    /// number).
    pub raw_value: Option<String>,
    /// The members listed, with the span of each element.
    pub voters: Vec<(String, Range<usize>)>,
    /// Decoded-source span of the element.
    pub span: Range<usize>,
}

/// The metadata of the top-level `<meta>`.
#[derive(Debug, Clone, Default)]
pub(super) struct Meta {
    /// FRBRWork `FRBRuri` value.
    pub work_uri: Option<String>,
    /// FRBRWork `FRBRthis` value.
    pub work_this: Option<String>,
    /// FRBRWork date.
    pub work_date: Option<String>,
    /// FRBRExpression language.
    pub language: Option<String>,
    /// FRBRExpression `FRBRthis` value.
    pub expression_this: Option<String>,
    /// Agenda item from the classification keywords.
    pub agenda: Option<String>,
    /// Workflow steps.
    pub steps: Vec<Step>,
    /// Voting counts.
    pub counts: Vec<Count>,
    /// Decoded-source span of the `<workflow>` element.
    pub workflow: Option<Range<usize>>,
}

/// Everything the pass read.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    /// The normalized text.
    pub norm: NormText,
    /// Documents (main first).
    pub docs: Vec<DocRec>,
    /// Paragraphs in order.
    pub paras: Vec<ParaRec>,
    /// Document of each block.
    pub block_doc: Vec<usize>,
    /// Paragraph of each block.
    pub block_para: Vec<Option<usize>>,
    /// Links in order.
    pub links: Vec<LinkRec>,
    /// The `name` of the top-level document element (`resolution`).
    pub doc_name: Option<String>,
    /// The top-level document element (`statement`).
    pub doc_element: Option<String>,
    /// `<docNumber>` text and block.
    pub doc_number: Option<(String, usize)>,
    /// `<docDate date>`.
    pub doc_date: Option<String>,
    /// Metadata.
    pub meta: Meta,
    /// Non-fatal problems.
    pub warnings: Vec<String>,
}

/// A document with nothing read yet.
pub(super) fn new_doc(parent: Option<usize>, tag: Range<usize>) -> DocRec {
    DocRec {
        parent,
        label: None,
        label_block: None,
        title_block: None,
        blocks: None,
        tag,
        body_started: false,
        counters: BTreeMap::new(),
    }
}
