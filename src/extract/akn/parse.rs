//! The streaming pass over an Akoma Ntoso file.
//!
//! One walk over the quick-xml events builds everything at once: the
//! normalized text (one block per `<p>`, heading, list introduction, table
//! row or stray run of text, with the paragraph number of a `<num>` prefixed
//! to the block that follows it), the offset map from that text back into
//! the XML, the documents and paragraphs the markup delimits, the `<a>` and
//! `<ref>` links with their anchor spans, and the raw metadata of `<meta>`
//! (FRBR identity, workflow steps, voting counts).
//!
//! Inside a block, runs of XML white space collapse to one space and
//! leading and trailing white space is dropped; entity and character
//! references become replacement segments of the map, so evidence always
//! quotes the escaped source.
//!
//! Nothing here trusts the input: a `<!DOCTYPE>` is refused (quick-xml
//! never expands custom entities, and refusing the declaration keeps entity
//! bombs out entirely), nesting is bounded, and every structural error is
//! reported with its line and column.

use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::model::ParagraphRole;
use crate::text::normalize::HeaderSymbol;
use crate::text::{Block, BlockKind, FootnoteRef, Link, NormText};

/// Deepest element nesting accepted; AKN documents stay far below.
const MAX_DEPTH: usize = 512;

/// Elements whose content is one block of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "heading",
    "subheading",
    "listIntroduction",
    "listWrapUp",
    "tr",
    "crossHeading",
    "li",
];

/// Elements that hold a paragraph (with its number, intro and sub-items).
const PARA_ELEMENTS: &[&str] = &[
    "paragraph",
    "container",
    "subparagraph",
    "article",
    "clause",
    "rule",
    "blockContainer",
];

/// Elements that hold a sub-item of a paragraph.
const SUB_ELEMENTS: &[&str] = &["point", "item", "indent", "alinea"];

/// Elements that group paragraphs under a heading without being one.
const GROUP_ELEMENTS: &[&str] = &[
    "hcontainer",
    "section",
    "part",
    "chapter",
    "division",
    "title",
    "subdivision",
    "subsection",
    "book",
    "tome",
];

/// Top-level document types of AKN 3.0.
const DOC_ELEMENTS: &[&str] = &[
    "statement",
    "doc",
    "act",
    "bill",
    "debate",
    "debateReport",
    "amendment",
    "amendmentList",
    "judgment",
    "officialGazette",
    "documentCollection",
    "portion",
];

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
    body_started: bool,
    counters: BTreeMap<&'static str, usize>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Outside,
    Meta,
    Cover,
    Preamble,
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Copy(usize, usize),
    Rep(usize, usize, usize),
}

/// A block being built.
#[derive(Debug)]
struct Cur {
    kind: BlockKind,
    /// The element that opened it (`p`, `heading`, `num`, or "" if implicit).
    elem: String,
    buf: String,
    pieces: Vec<Piece>,
    /// Pending white space and whether it is one plain space (kept as a copy).
    pending_ws: Option<(Range<usize>, bool)>,
    src_start: Option<usize>,
    label: Option<String>,
    /// Stack depth at which an implicit block was opened.
    implicit_depth: Option<usize>,
    /// Open links: href and anchor start in `buf` (set at the first character).
    open_links: Vec<(String, Option<usize>)>,
    links: Vec<(String, usize, usize)>,
    refs: Vec<(String, usize, Range<usize>)>,
    /// Footnote blocks finished inside this block, emitted after it.
    deferred: Vec<Cur>,
    has_doc_title: bool,
    has_doc_number: bool,
    cells: usize,
}

impl Cur {
    fn new(kind: BlockKind, elem: &str) -> Cur {
        Cur {
            kind,
            elem: elem.to_string(),
            buf: String::new(),
            pieces: Vec::new(),
            pending_ws: None,
            src_start: None,
            label: None,
            implicit_depth: None,
            open_links: Vec::new(),
            links: Vec::new(),
            refs: Vec::new(),
            deferred: Vec::new(),
            has_doc_title: false,
            has_doc_number: false,
            cells: 0,
        }
    }

    /// Appends `len` normalized bytes standing for `src`, first flushing a
    /// pending space.
    fn push(&mut self, s: &str, src: Range<usize>, copy: bool) {
        if let Some((ws, plain)) = self.pending_ws.take()
            && !self.buf.is_empty()
        {
            self.buf.push(' ');
            self.pieces.push(if plain {
                Piece::Copy(ws.start, ws.end)
            } else {
                Piece::Rep(ws.start, ws.end, 1)
            });
        }
        if self.src_start.is_none() {
            self.src_start = Some(src.start);
        }
        for l in &mut self.open_links {
            if l.1.is_none() {
                l.1 = Some(self.buf.len());
            }
        }
        self.buf.push_str(s);
        if copy {
            self.pieces.push(Piece::Copy(src.start, src.end));
        } else {
            self.pieces.push(Piece::Rep(src.start, src.end, s.len()));
        }
    }

    /// Records white space (collapsed later).
    fn space(&mut self, src: Range<usize>) {
        if self.pending_ws.is_none() {
            self.pending_ws = Some((src, false));
        }
    }

    /// Adds source text, collapsing white space runs (any Unicode white
    /// space: a no-break space between "20" and "December" is a space).
    /// Words joined by single plain spaces are copied as one run.
    fn text(&mut self, src: &str, range: Range<usize>) {
        let bytes = src.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let (ws, w) = ws_at(src, i);
            if ws {
                let mut j = i + w;
                while j < range.end {
                    let (ws2, w2) = ws_at(src, j);
                    if !ws2 {
                        break;
                    }
                    j += w2;
                }
                if self.pending_ws.is_none() {
                    self.pending_ws = Some((i..j, &src[i..j] == " "));
                }
                i = j;
                continue;
            }
            let mut j = i;
            while j < range.end {
                let (ws2, w2) = ws_at(src, j);
                if !ws2 {
                    j += w2;
                } else if bytes[j] == b' ' && j + 1 < range.end && !ws_at(src, j + 1).0 {
                    j += 1;
                } else {
                    break;
                }
            }
            self.push(&src[i..j], i..j, true);
            i = j;
        }
    }
}

/// Whether the character at byte `i` is white space, and its width.
fn ws_at(src: &str, i: usize) -> (bool, usize) {
    let b = src.as_bytes()[i];
    if b < 0x80 {
        return (is_ws(b), 1);
    }
    match src[i..].chars().next() {
        Some(c) => (c.is_whitespace(), c.len_utf8()),
        None => (false, 1),
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Frame {
    Plain,
    Block,
    Num,
    Link,
    Footnote,
    Para(usize),
    Formula,
    Doc(usize),
    Zone(Zone),
    Skip,
    MetaPart(&'static str),
    Step(usize),
    Count(usize),
    Voter(usize),
    Cell,
}

struct Open {
    frame: Frame,
    start: usize,
    prev_zone: Zone,
}

/// A paragraph context: a paragraph or sub-item element that is open.
#[derive(Debug)]
struct Ctx {
    sub: bool,
    num: Option<String>,
    para: Option<usize>,
    doc: usize,
}

struct Pass<'s> {
    src: &'s str,
    out: Parsed,
    stack: Vec<Open>,
    zone: Zone,
    cur: Option<Cur>,
    /// Blocks suspended by a footnote opened inside them.
    suspended: Vec<Option<Cur>>,
    /// Depth of `<formula>`/`<remark>` elements: text but no paragraphs.
    formula: usize,
    pending_num: Option<Cur>,
    ctxs: Vec<Ctx>,
    doc: usize,
    doc_depth: usize,
    voter_text: String,
    root_seen: bool,
    /// The paragraph of the sub-item that closed last (a following
    /// `<sublist>` nests under it).
    last_sub: Option<usize>,
}

/// Reads the XML text; the error is a message with line and column.
pub(super) fn parse(src: &str) -> Result<Parsed, String> {
    let mut reader = Reader::from_str(src);
    reader.config_mut().check_end_names = true;
    let mut p = Pass {
        src,
        out: Parsed::default(),
        stack: Vec::new(),
        zone: Zone::Outside,
        cur: None,
        suspended: Vec::new(),
        formula: 0,
        pending_num: None,
        ctxs: Vec::new(),
        doc: 0,
        doc_depth: 0,
        voter_text: String::new(),
        root_seen: false,
        last_sub: None,
    };
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = reader.error_position() as usize;
                return Err(format!("malformed XML at {}: {e}", line_col(src, at)));
            }
        };
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Eof => break,
            Event::DocType(_) => {
                return Err(format!(
                    "DOCTYPE declaration at {} refused: Akoma Ntoso needs none, and entity declarations are unsafe",
                    line_col(src, before)
                ));
            }
            Event::Start(e) => p.start(&e, before..after)?,
            Event::Empty(e) => {
                p.start(&e, before..after)?;
                p.end(after)?;
            }
            Event::End(_) => p.end(after)?,
            Event::Text(_) => p.text(before..after)?,
            Event::CData(_) => {
                // `<![CDATA[` is 9 bytes, `]]>` 3.
                let inner = (before + 9).min(after)..after.saturating_sub(3).max(before);
                p.text(inner)?;
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r).into_owned();
                let resolved = match name.as_str() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                p.reference(resolved, &name, before..after);
            }
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if let Some(open) = p.stack.last() {
        return Err(format!(
            "unexpected end of file: <{}> opened at {} is not closed",
            tag_name(src, open.start),
            line_col(src, open.start)
        ));
    }
    if !p.root_seen {
        return Err("no root element: not an Akoma Ntoso document".into());
    }
    p.flush_all();
    let mut out = p.out;
    let n = out.norm.blocks.len();
    out.block_doc.resize(n, 0);
    out.block_para.resize(n, None);
    Ok(out)
}

/// "line 3, column 7" for a byte offset (columns count characters).
pub(super) fn line_col(src: &str, at: usize) -> String {
    let at = at.min(src.len());
    let mut at = at;
    while !src.is_char_boundary(at) {
        at -= 1;
    }
    let before = &src[..at];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let col = before
        .rfind('\n')
        .map(|i| before[i + 1..].chars().count())
        .unwrap_or_else(|| before.chars().count())
        + 1;
    format!("line {line}, column {col}")
}

/// The name of the tag starting at byte `at` (for messages).
fn tag_name(src: &str, at: usize) -> &str {
    let rest = src.get(at + 1..).unwrap_or("");
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    &rest[..end]
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rfind(':') {
        Some(i) => s[i + 1..].to_string(),
        None => s.into_owned(),
    }
}

fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for a in e.attributes().with_checks(false).flatten() {
        let key = local(a.key.as_ref());
        let value = match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        };
        out.insert(key, value);
    }
    out
}

impl Pass<'_> {
    fn start(&mut self, e: &BytesStart, span: Range<usize>) -> Result<(), String> {
        let local_name = e.local_name();
        let name = std::str::from_utf8(local_name.as_ref()).unwrap_or("");
        if self.stack.len() >= MAX_DEPTH {
            return Err(format!(
                "elements nested deeper than {MAX_DEPTH} at {}",
                line_col(self.src, span.start)
            ));
        }
        if !self.root_seen {
            if name != "akomaNtoso" {
                return Err(format!(
                    "not an Akoma Ntoso document: the root element is <{}>, not <akomaNtoso>",
                    String::from_utf8_lossy(e.name().as_ref())
                ));
            }
            self.root_seen = true;
        } else if self.stack.is_empty() {
            return Err(format!(
                "content after the root element at {}",
                line_col(self.src, span.start)
            ));
        }
        let prev_zone = self.zone;
        let frame = if self.in_skip() {
            Frame::Skip
        } else if self.zone == Zone::Meta {
            self.meta_start(name, e, &span)
        } else {
            self.body_start(name, e, &span)
        };
        self.stack.push(Open {
            frame,
            start: span.start,
            prev_zone,
        });
        Ok(())
    }

    fn in_skip(&self) -> bool {
        self.stack.last().is_some_and(|o| o.frame == Frame::Skip)
    }

    fn meta_start(&mut self, name: &str, e: &BytesStart, span: &Range<usize>) -> Frame {
        if !matches!(
            name,
            "FRBRWork"
                | "FRBRExpression"
                | "FRBRManifestation"
                | "FRBRthis"
                | "FRBRuri"
                | "FRBRdate"
                | "FRBRlanguage"
                | "keyword"
                | "workflow"
                | "step"
                | "count"
                | "organization"
                | "person"
                | "TLCOrganization"
        ) {
            return Frame::Plain;
        }
        let a = attrs(e);
        let part = self.stack.iter().rev().find_map(|o| match o.frame {
            Frame::MetaPart(p) => Some(p),
            _ => None,
        });
        let meta = &mut self.out.meta;
        match name {
            "FRBRWork" => return Frame::MetaPart("work"),
            "FRBRExpression" => return Frame::MetaPart("expression"),
            "FRBRManifestation" => return Frame::MetaPart("manifestation"),
            "FRBRthis" | "FRBRuri" | "FRBRdate" | "FRBRlanguage" => {
                let v = a.get("value").cloned();
                match (part, name) {
                    (Some("work"), "FRBRthis") => meta.work_this = v,
                    (Some("work"), "FRBRuri") => meta.work_uri = v,
                    (Some("work"), "FRBRdate") => meta.work_date = a.get("date").cloned(),
                    (Some("expression"), "FRBRthis") => meta.expression_this = v,
                    (Some("expression"), "FRBRlanguage") => {
                        meta.language = a.get("language").cloned()
                    }
                    _ => {}
                }
            }
            "keyword" => {
                if a.get("refersTo").map(String::as_str) == Some("agenda")
                    && let Some(show) = a.get("showAs")
                {
                    // The agenda item as worded (not the upper-case index entries).
                    let worded = show.chars().any(|c| c.is_lowercase());
                    let better = a.get("dictionary").map(String::as_str) == Some("S/");
                    if worded && (meta.agenda.is_none() || better) {
                        meta.agenda = Some(show.trim().trim_end_matches('.').to_string());
                    }
                }
            }
            "workflow" => {
                meta.workflow = Some(span.clone());
                return Frame::MetaPart("workflow");
            }
            "step" => {
                meta.steps.push(Step {
                    attrs: a,
                    span: span.clone(),
                });
                return Frame::Step(meta.steps.len() - 1);
            }
            "count" => {
                meta.counts.push(Count {
                    refers_to: a.get("refersTo").cloned().unwrap_or_default(),
                    value: a.get("value").and_then(|v| v.trim().parse().ok()),
                    voters: Vec::new(),
                    span: span.clone(),
                });
                return Frame::Count(meta.counts.len() - 1);
            }
            "organization" | "person" | "TLCOrganization" => {
                if let Some(c) = self.stack.iter().rev().find_map(|o| match o.frame {
                    Frame::Count(c) => Some(c),
                    _ => None,
                }) {
                    self.voter_text.clear();
                    return Frame::Voter(c);
                }
            }
            _ => {}
        }
        Frame::Plain
    }

    fn body_start(&mut self, name: &str, e: &BytesStart, span: &Range<usize>) -> Frame {
        if DOC_ELEMENTS.contains(&name) {
            self.flush_all();
            self.doc_depth += 1;
            if self.doc_depth == 1 {
                let a = attrs(e);
                self.out.doc_name = a.get("name").cloned();
                self.out.doc_element = Some(name.to_string());
                self.out.docs.push(new_doc(None, span.clone()));
                self.doc = 0;
            } else {
                let idx = self.out.docs.len();
                self.out.docs.push(new_doc(Some(0), span.clone()));
                self.doc = idx;
            }
            self.zone = Zone::Outside;
            return Frame::Doc(self.doc);
        }
        match name {
            "meta" => {
                self.flush_all();
                if self.doc_depth <= 1 {
                    self.zone = Zone::Meta;
                    return Frame::Zone(Zone::Meta);
                }
                return Frame::Skip;
            }
            "coverPage" | "preface" => {
                self.flush_all();
                self.zone = Zone::Cover;
                return Frame::Zone(Zone::Cover);
            }
            "preamble" => {
                self.flush_all();
                self.zone = Zone::Preamble;
                return Frame::Zone(Zone::Preamble);
            }
            "mainBody" | "body" | "conclusions" | "mainContent" | "debateBody" | "judgmentBody"
            | "collectionBody" | "attachments" | "components" => {
                self.flush_all();
                self.zone = Zone::Body;
                return Frame::Zone(Zone::Body);
            }
            "formula" | "remark" => {
                self.flush_all();
                self.formula += 1;
                return Frame::Formula;
            }
            "img" | "eol" | "br" | "eop" => {
                if let Some(c) = self.cur.as_mut() {
                    c.space(span.start..span.start);
                }
                return Frame::Plain;
            }
            _ => {}
        }
        if name == "sublist" {
            // AKN4UN puts the sub-list of point (c) after the point, as its
            // sibling: its points are (c)'s sub-items.
            self.flush_all();
            self.ctxs.push(Ctx {
                sub: true,
                num: None,
                para: self.last_sub.take(),
                doc: self.doc,
            });
            return Frame::Para(self.ctxs.len() - 1);
        }
        if PARA_ELEMENTS.contains(&name) || SUB_ELEMENTS.contains(&name) {
            self.flush_all();
            let sub = SUB_ELEMENTS.contains(&name) || !self.ctxs.is_empty();
            self.ctxs.push(Ctx {
                sub,
                num: None,
                para: None,
                doc: self.doc,
            });
            return Frame::Para(self.ctxs.len() - 1);
        }
        if GROUP_ELEMENTS.contains(&name) {
            self.flush_all();
            return Frame::Plain;
        }
        if name == "num" && self.cur.is_none() {
            self.flush_pending_num();
            self.cur = Some(Cur::new(BlockKind::Text, "num"));
            return Frame::Num;
        }
        if name == "authorialNote" {
            let marker = attrs(e).get("marker").cloned().unwrap_or_default();
            let mut note = Cur::new(BlockKind::Footnote, "authorialNote");
            note.label = Some(marker.clone());
            match self.cur.take() {
                Some(mut outer) => {
                    let pos = outer.buf.len();
                    outer.refs.push((marker, pos, span.clone()));
                    self.suspended.push(Some(outer));
                }
                None => self.suspended.push(None),
            }
            self.cur = Some(note);
            return Frame::Footnote;
        }
        if name == "a" || name == "ref" {
            let href = attrs(e).get("href").cloned().unwrap_or_default();
            self.ensure_block(span.start);
            if let Some(c) = self.cur.as_mut() {
                c.open_links.push((href, None));
            }
            return Frame::Link;
        }
        if BLOCK_ELEMENTS.contains(&name) {
            match self.cur.as_mut() {
                Some(c) if c.implicit_depth.is_none() => {
                    // A block inside a block (a `<p>` in a table cell): a space.
                    c.space(span.start..span.start);
                    return Frame::Plain;
                }
                _ => {}
            }
            self.close_block();
            let kind = if name == "tr" {
                BlockKind::TableRow
            } else if self.zone == Zone::Cover {
                BlockKind::Masthead
            } else {
                BlockKind::Text
            };
            let mut cur = match self.pending_num.take() {
                Some(mut num) => {
                    let end = num.pieces.last().map(|p| match p {
                        Piece::Copy(_, z) | Piece::Rep(_, z, _) => *z,
                    });
                    let end = end.unwrap_or(span.start);
                    num.pending_ws = Some((end..end, false));
                    num.kind = kind;
                    num
                }
                None => Cur::new(kind, name),
            };
            cur.elem = name.to_string();
            self.cur = Some(cur);
            return Frame::Block;
        }
        if (name == "td" || name == "th")
            && let Some(c) = self.cur.as_mut()
        {
            if c.cells > 0 {
                c.pending_ws = None;
                let at = span.start;
                c.push("\t", at..at, false);
            }
            c.cells += 1;
            return Frame::Cell;
        }
        if self.zone == Zone::Cover && matches!(name, "docTitle" | "docNumber" | "docDate") {
            self.ensure_block(span.start);
            if let Some(c) = self.cur.as_mut() {
                c.has_doc_title |= name == "docTitle";
                c.has_doc_number |= name == "docNumber";
            }
            if name == "docDate"
                && self.out.doc_date.is_none()
                && let Some(d) = attrs(e).get("date")
            {
                self.out.doc_date = Some(d.clone());
            }
        }
        Frame::Plain
    }

    fn end(&mut self, after: usize) -> Result<(), String> {
        let Some(open) = self.stack.pop() else {
            return Err(format!(
                "closing tag without an open element at {}",
                line_col(self.src, after)
            ));
        };
        let span = open.start..after;
        match open.frame {
            Frame::Skip | Frame::Plain | Frame::Cell | Frame::MetaPart(_) => {}
            Frame::Step(i) => self.out.meta.steps[i].span = span,
            Frame::Count(i) => self.out.meta.counts[i].span = span,
            Frame::Voter(c) => {
                let name = self
                    .voter_text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !name.is_empty() {
                    self.out.meta.counts[c].voters.push((name, span));
                }
                self.voter_text.clear();
            }
            Frame::Zone(_) => {
                self.flush_all();
                self.zone = open.prev_zone;
            }
            Frame::Doc(_) => {
                self.flush_all();
                self.doc_depth -= 1;
                self.doc = 0;
                self.zone = open.prev_zone;
            }
            Frame::Block => self.close_block(),
            Frame::Num => {
                if let Some(num) = self.cur.take() {
                    if let Some(ctx) = self.ctxs.last_mut()
                        && ctx.num.is_none()
                    {
                        ctx.num = Some(num.buf.clone());
                    }
                    if num.buf.is_empty() {
                        self.cur = None;
                    } else {
                        self.pending_num = Some(num);
                    }
                }
            }
            Frame::Link => {
                if let Some(c) = self.cur.as_mut()
                    && let Some((href, start)) = c.open_links.pop()
                    && let Some(start) = start
                {
                    c.links.push((href, start, c.buf.len()));
                }
            }
            Frame::Footnote => {
                if let Some(note) = self.cur.take() {
                    match self.suspended.pop().flatten() {
                        Some(mut outer) => {
                            outer.deferred.push(note);
                            self.cur = Some(outer);
                        }
                        None => {
                            self.cur = Some(note);
                            self.close_block();
                        }
                    }
                }
            }
            Frame::Formula => {
                self.flush_all();
                self.formula -= 1;
            }
            Frame::Para(i) => {
                self.flush_all();
                if i + 1 == self.ctxs.len()
                    && let Some(ctx) = self.ctxs.pop()
                {
                    self.last_sub = ctx.para.filter(|_| ctx.sub);
                }
            }
        }
        // An implicit block ends with the element that held its text.
        if let Some(c) = &self.cur
            && let Some(d) = c.implicit_depth
            && self.stack.len() < d
        {
            self.close_block();
        }
        Ok(())
    }

    fn text(&mut self, range: Range<usize>) -> Result<(), String> {
        if range.is_empty() {
            return Ok(());
        }
        let s = &self.src[range.clone()];
        let blank = s.bytes().all(is_ws);
        if self.stack.is_empty() {
            if blank {
                return Ok(());
            }
            return Err(format!(
                "text outside the root element at {}",
                line_col(self.src, range.start)
            ));
        }
        match self.stack.last().map(|o| &o.frame) {
            Some(Frame::Skip) => return Ok(()),
            Some(Frame::Voter(_)) => {
                self.voter_text.push_str(s);
                return Ok(());
            }
            _ => {}
        }
        if self.zone == Zone::Meta || self.zone == Zone::Outside && self.cur.is_none() && blank {
            return Ok(());
        }
        if self.cur.is_none() {
            if blank {
                return Ok(());
            }
            self.ensure_block(range.start);
        }
        if let Some(c) = self.cur.as_mut() {
            c.text(self.src, range);
        }
        Ok(())
    }

    fn reference(&mut self, ch: Option<char>, name: &str, span: Range<usize>) {
        if self.zone == Zone::Meta {
            if matches!(self.stack.last().map(|o| &o.frame), Some(Frame::Voter(_)))
                && let Some(c) = ch
            {
                self.voter_text.push(c);
            }
            return;
        }
        if self.in_skip() || self.stack.is_empty() {
            return;
        }
        self.ensure_block(span.start);
        let Some(c) = self.cur.as_mut() else { return };
        match ch {
            Some(ch) if ch.is_ascii_whitespace() => c.space(span),
            Some(ch) => {
                let mut b = [0u8; 4];
                c.push(ch.encode_utf8(&mut b), span, false);
            }
            None => {
                let raw = &self.src[span.clone()];
                c.push(raw, span.clone(), true);
                if self.out.warnings.len() < 20 {
                    self.out.warnings.push(format!(
                        "undefined entity &{name}; at {} kept as written",
                        line_col(self.src, span.start)
                    ));
                }
            }
        }
    }

    /// Opens an implicit block for text outside any block element.
    fn ensure_block(&mut self, at: usize) {
        if self.cur.is_some() {
            return;
        }
        let kind = if self.zone == Zone::Cover {
            BlockKind::Masthead
        } else {
            BlockKind::Text
        };
        let mut cur = match self.pending_num.take() {
            Some(mut num) => {
                num.pending_ws = Some((at..at, false));
                num.kind = kind;
                num
            }
            None => Cur::new(kind, ""),
        };
        cur.elem = String::new();
        cur.implicit_depth = Some(self.stack.len());
        self.cur = Some(cur);
    }

    fn flush_pending_num(&mut self) {
        if let Some(num) = self.pending_num.take() {
            self.emit(num);
        }
    }

    /// Closes the open block and any pending number.
    fn flush_all(&mut self) {
        self.close_block();
        self.flush_pending_num();
    }

    fn close_block(&mut self) {
        if let Some(c) = self.cur.take() {
            self.emit(c);
        }
    }

    fn emit(&mut self, mut c: Cur) {
        // Links still open at the end of a block end with it.
        while let Some((href, start)) = c.open_links.pop() {
            if let Some(start) = start {
                c.links.push((href, start, c.buf.len()));
            }
        }
        let deferred = std::mem::take(&mut c.deferred);
        if !c.buf.is_empty() {
            self.emit_one(c);
        }
        for d in deferred {
            self.emit(d);
        }
    }

    fn emit_one(&mut self, c: Cur) {
        let norm = &mut self.out.norm;
        let start = norm.text.len();
        norm.text.push_str(&c.buf);
        let mut last_src = c.src_start.unwrap_or(0);
        for p in &c.pieces {
            match *p {
                Piece::Copy(a, z) => {
                    norm.map.copy(a..z);
                    last_src = z;
                }
                Piece::Rep(a, z, n) => {
                    norm.map.replace(a..z, n);
                    last_src = last_src.max(z);
                }
            }
        }
        let end = norm.text.len();
        let idx = norm.blocks.len();
        let kind = if c.has_doc_title {
            BlockKind::Text
        } else {
            c.kind
        };
        norm.blocks.push(Block {
            kind,
            start,
            end,
            indent: 0,
            label: c.label.clone(),
            src_start: c.src_start.unwrap_or(0),
        });
        norm.text.push('\n');
        norm.map.replace(last_src..last_src, 1);
        for (href, a, z) in c.links {
            let (sa, sz) = norm.map.src_span(start + a, start + z);
            norm.links.push(Link {
                url: href.clone(),
                src: sa..sz,
                anchor: Some(start + a..start + z),
                after_block: Some(idx),
            });
            self.out.links.push(LinkRec {
                href,
                norm: start + a..start + z,
                block: idx,
            });
        }
        for (label, pos, src) in c.refs {
            norm.footnote_refs.push(FootnoteRef {
                label,
                pos: start + pos,
                src,
            });
        }
        self.assign(idx, &c.elem, kind, c.has_doc_title, c.has_doc_number);
    }

    /// Places a finished block in its document and paragraph.
    fn assign(
        &mut self,
        idx: usize,
        elem: &str,
        kind: BlockKind,
        doc_title: bool,
        doc_number: bool,
    ) {
        let text = {
            let b = &self.out.norm.blocks[idx];
            self.out.norm.text[b.start..b.end].to_string()
        };
        if self.out.docs.is_empty() {
            self.out.docs.push(new_doc(None, 0..0));
        }
        let is_heading = matches!(elem, "heading" | "subheading" | "crossHeading");
        // An "Annex II" heading inside an annex starts the next annex.
        let mut doc = self.doc;
        let mut is_label = false;
        if self.out.docs[doc].parent.is_some() && is_part_label(&text) {
            if self.out.docs[doc].blocks.is_some() {
                let tag = self.out.docs[doc].tag.clone();
                self.out.docs.push(new_doc(Some(0), tag));
                doc = self.out.docs.len() - 1;
                self.doc = doc;
                for c in &mut self.ctxs {
                    c.doc = doc;
                    c.para = None;
                }
            }
            let d = &mut self.out.docs[doc];
            d.label = Some(text.clone());
            d.label_block = Some(idx);
            is_label = true;
        }
        {
            let d = &mut self.out.docs[doc];
            d.blocks = Some(match &d.blocks {
                Some(r) => r.start..idx + 1,
                None => idx..idx + 1,
            });
            if doc_title && d.title_block.is_none() {
                d.title_block = Some(idx);
            }
            if d.parent.is_some() && !is_label {
                if is_heading && !d.body_started && d.title_block.is_none() {
                    d.title_block = Some(idx);
                } else if !is_heading {
                    d.body_started = true;
                }
            }
        }
        self.out.block_doc.resize(idx + 1, 0);
        self.out.block_para.resize(idx + 1, None);
        self.out.block_doc[idx] = doc;
        if doc_number && self.out.doc_number.is_none() {
            self.cover_symbol(idx, &text);
        }
        if is_label || kind == BlockKind::Masthead || self.zone == Zone::Cover || self.formula > 0 {
            return;
        }
        if kind == BlockKind::Footnote {
            let label = self.out.norm.blocks[idx].label.clone().unwrap_or_default();
            let p = self.new_para(
                doc,
                ParagraphRole::Footnote,
                Some(label.clone()),
                format!("fn{label}"),
                None,
                idx,
            );
            self.out.block_para[idx] = Some(p);
            return;
        }
        let para = match self.ctxs.len() {
            0 => {
                let (role, key) = if is_heading {
                    (ParagraphRole::Heading, "h")
                } else if self.zone == Zone::Preamble {
                    (ParagraphRole::Preambular, "pp")
                } else if self.out.docs[doc].parent.is_some() {
                    (ParagraphRole::Body, "p")
                } else {
                    (ParagraphRole::Operative, "u")
                };
                let n = self.count(doc, key);
                Some(self.new_para(doc, role, None, format!("{key}{n}"), None, idx))
            }
            k => self.ctx_para(k - 1, idx, is_heading),
        };
        self.out.block_para[idx] = para;
    }

    /// The paragraph of context `k` (created on its first block).
    fn ctx_para(&mut self, k: usize, idx: usize, is_heading: bool) -> Option<usize> {
        if let Some(p) = self.ctxs[k].para {
            let r = &mut self.out.paras[p].blocks;
            if r.end == idx {
                r.end = idx + 1;
            }
            return Some(p);
        }
        let doc = self.ctxs[k].doc;
        let num = self.ctxs[k].num.clone();
        let label = num.as_deref().map(num_label).filter(|l| !l.is_empty());
        let in_annex = self.out.docs[doc].parent.is_some();
        let parent = (0..k).rev().find_map(|j| self.ctxs[j].para);
        let p = if self.ctxs[k].sub && parent.is_some() {
            let parent = parent?;
            let base = self.out.paras[parent].suffix.clone();
            let suffix = match &label {
                Some(l) => format!("{base}.{l}"),
                None => {
                    let n = self.count(doc, "sub");
                    format!("{base}.s{n}")
                }
            };
            self.new_para(
                doc,
                ParagraphRole::SubItem,
                num.map(|n| n.trim().to_string()),
                suffix,
                Some(parent),
                idx,
            )
        } else if self.zone == Zone::Preamble {
            let n = self.count(doc, "pp");
            self.new_para(
                doc,
                ParagraphRole::Preambular,
                None,
                format!("pp{n}"),
                None,
                idx,
            )
        } else if is_heading && label.is_none() {
            let n = self.count(doc, "h");
            self.new_para(
                doc,
                ParagraphRole::Heading,
                None,
                format!("h{n}"),
                None,
                idx,
            )
        } else if in_annex {
            let n = self.count(doc, "p");
            self.new_para(doc, ParagraphRole::Body, label, format!("p{n}"), None, idx)
        } else {
            match label {
                Some(l) => self.new_para(
                    doc,
                    ParagraphRole::Operative,
                    Some(l.clone()),
                    format!("op{l}"),
                    None,
                    idx,
                ),
                None => {
                    if !text_has_alnum(&self.out.norm, idx) {
                        return None;
                    }
                    let n = self.count(doc, "u");
                    self.new_para(
                        doc,
                        ParagraphRole::Operative,
                        None,
                        format!("u{n}"),
                        None,
                        idx,
                    )
                }
            }
        };
        self.ctxs[k].para = Some(p);
        Some(p)
    }

    fn count(&mut self, doc: usize, key: &'static str) -> usize {
        let c = self.out.docs[doc].counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    fn new_para(
        &mut self,
        doc: usize,
        role: ParagraphRole,
        number: Option<String>,
        suffix: String,
        parent: Option<usize>,
        idx: usize,
    ) -> usize {
        self.out.paras.push(ParaRec {
            doc,
            role,
            number,
            suffix,
            parent,
            blocks: idx..idx + 1,
        });
        self.out.paras.len() - 1
    }

    /// Records the `<docNumber>` block: the document's own symbol, not a
    /// citation.
    fn cover_symbol(&mut self, idx: usize, text: &str) {
        let t = text.trim();
        let b = &self.out.norm.blocks[idx];
        let (a, z) = self.out.norm.map.src_span(b.start, b.end);
        self.out.norm.header_symbols.push(HeaderSymbol {
            symbol: t.to_string(),
            src: a..z,
        });
        self.out.doc_number = Some((t.to_string(), idx));
    }
}

fn text_has_alnum(norm: &NormText, idx: usize) -> bool {
    let b = &norm.blocks[idx];
    norm.text[b.start..b.end].chars().any(char::is_alphanumeric)
}

fn new_doc(parent: Option<usize>, tag: Range<usize>) -> DocRec {
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

/// "(a)" -> "a", "1." -> "1", "(iv)" -> "iv".
pub(super) fn num_label(num: &str) -> String {
    num.trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '[' | ']') || c.is_whitespace())
        .to_string()
}

/// "Annex", "Annex I", "Annex 2", "Appendix A", "Annexe II".
fn is_part_label(t: &str) -> bool {
    let t = t.trim().trim_end_matches('.');
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    if !matches!(
        first,
        "Annex" | "Annexe" | "Appendix" | "Appendice" | "Enclosure" | "ANNEX"
    ) {
        return false;
    }
    match (words.next(), words.next()) {
        (None, _) => true,
        (Some(w), None) => {
            w.len() <= 6
                && (w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
                    || w.chars().all(|c| c.is_ascii_digit())
                    || (w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase())))
        }
        _ => false,
    }
}
