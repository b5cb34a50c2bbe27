//! A fact's evidence as triples: the Web Annotation of the `annotation`
//! form and the byte span of the `compact` one, with the source file's
//! description (see the parent module for the two forms).

use std::borrow::Cow;

use super::*;

/// The Web Annotation of one piece of evidence: an evidence node naming
/// the rule, which targets a `oa:SpecificResource` of the source file,
/// selected by byte position and by quote. Its IRIs are minted from the
/// file, the span and the rule, so equal evidence is one node.
pub(crate) struct Annotation<'a> {
    ev: &'a Evidence,
    /// The node's IRI, its `#target`, `#bytes` and `#quote`, the start and
    /// the end, one after the other.
    buf: String,
    /// Where each of the six ends in `buf`.
    ends: [usize; 6],
    /// The source file's IRI.
    file: Cow<'a, str>,
}

impl<'a> Annotation<'a> {
    /// The IRI of the evidence node of `ev`.
    pub(crate) fn node(ev: &Evidence) -> String {
        let mut n = itoa::Buffer::new();
        let mut m = itoa::Buffer::new();
        let parts = [&*ev.file, n.format(ev.start), m.format(ev.end), &*ev.rule];
        iri::minted("evidence", &parts)
    }

    /// The annotation of `ev`; `file` is the IRI of its source file
    /// ([`iri::file`]), made once by callers that annotate many facts of
    /// one file.
    pub(crate) fn new(ev: &'a Evidence, file: Cow<'a, str>) -> Annotation<'a> {
        let node = Self::node(ev);
        let mut buf = String::with_capacity(4 * node.len() + 40);
        buf.push_str(&node);
        let mut ends = [buf.len(); 6];
        for (i, suffix) in ["#target", "#bytes", "#quote"].into_iter().enumerate() {
            buf.push_str(&node);
            buf.push_str(suffix);
            ends[i + 1] = buf.len();
        }
        buf.push_str(itoa::Buffer::new().format(ev.start));
        ends[4] = buf.len();
        buf.push_str(itoa::Buffer::new().format(ev.end));
        ends[5] = buf.len();
        Annotation {
            ev,
            buf,
            ends,
            file,
        }
    }

    /// The evidence node's IRI.
    pub(super) fn node_iri(&self) -> &str {
        self.part(0)
    }

    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// The triples of the evidence node, its target and its selectors. The
    /// node is typed `oa:Annotation` as the Web Annotation model requires
    /// (a reader without the vocabulary does not infer it from
    /// `unsc:Evidence`).
    pub(crate) fn statements(&self) -> [Statement<'_>; 13] {
        let [node, target, bytes, quote, start, end] = [0, 1, 2, 3, 4, 5].map(|i| self.part(i));
        let count = Some(rdf::XSD_NON_NEGATIVE_INTEGER);
        let ev = self.ev;
        [
            Statement::iri(node, rdf::TYPE, unsc::EVIDENCE),
            Statement::iri(node, rdf::TYPE, oa::ANNOTATION),
            Statement::literal(node, unsc::RULE, &ev.rule, None),
            Statement::iri(node, oa::HAS_TARGET, target),
            Statement::iri(target, rdf::TYPE, oa::SPECIFIC_RESOURCE),
            Statement::iri(target, oa::HAS_SOURCE, &self.file),
            Statement::iri(target, oa::HAS_SELECTOR, bytes),
            Statement::iri(target, oa::HAS_SELECTOR, quote),
            Statement::iri(bytes, rdf::TYPE, oa::DATA_POSITION_SELECTOR),
            Statement::literal(bytes, oa::START, start, count),
            Statement::literal(bytes, oa::END, end, count),
            Statement::iri(quote, rdf::TYPE, oa::TEXT_QUOTE_SELECTOR),
            Statement::literal(quote, oa::EXACT, &ev.text, None),
        ]
    }

    /// The triples of the source file's node.
    pub(crate) fn file_statements(&self) -> [Statement<'_>; 3] {
        file_statements(&self.file, &self.ev.file)
    }
}

/// The compact evidence of one piece of evidence: the span as one IRI,
/// the source file's with `#bytes=START,END` (see the module
/// documentation), which carries the quote.
pub(crate) struct Span<'a> {
    ev: &'a Evidence,
    iri: String,
    /// The source file's IRI.
    file: Cow<'a, str>,
}

impl<'a> Span<'a> {
    /// The span of `ev`; `file` is the IRI of its source file
    /// ([`iri::file`]).
    pub(crate) fn new(ev: &'a Evidence, file: Cow<'a, str>) -> Span<'a> {
        let iri = iri::span(&file, ev.start, ev.end);
        Span { ev, iri, file }
    }

    /// The span's IRI.
    pub(crate) fn iri(&self) -> &str {
        &self.iri
    }

    /// The triple of the span: its quote.
    pub(crate) fn statements(&self) -> [Statement<'_>; 1] {
        [Statement::literal(
            &self.iri,
            oa::EXACT,
            &self.ev.text,
            None,
        )]
    }

    /// The triples of the source file's node (as [`Annotation`] writes them).
    pub(crate) fn file_statements(&self) -> [Statement<'_>; 3] {
        file_statements(&self.file, &self.ev.file)
    }
}

/// The triples of a source file's node: its IRI and its path.
fn file_statements<'a>(file: &'a str, path: &'a str) -> [Statement<'a>; 3] {
    [
        Statement::iri(file, rdf::TYPE, unsc::SOURCE_FILE),
        Statement::literal(file, unsc::PATH, path, None),
        Statement::literal(file, rdf::LABEL, path, None),
    ]
}
