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

use crate::text::BlockKind;

use super::block::{Cur, Piece, is_ws};
use super::records::{Parsed, new_doc};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Zone {
    Outside,
    Meta,
    Cover,
    Preamble,
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Frame {
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

pub(super) struct Open {
    pub(super) frame: Frame,
    pub(super) start: usize,
    pub(super) prev_zone: Zone,
}

/// A paragraph context: a paragraph or sub-item element that is open.
#[derive(Debug)]
pub(super) struct Ctx {
    pub(super) sub: bool,
    pub(super) num: Option<String>,
    pub(super) para: Option<usize>,
    pub(super) doc: usize,
}

pub(super) struct Pass<'s> {
    pub(super) src: &'s str,
    pub(super) out: Parsed,
    pub(super) stack: Vec<Open>,
    pub(super) zone: Zone,
    pub(super) cur: Option<Cur>,
    /// Blocks suspended by a footnote opened inside them.
    pub(super) suspended: Vec<Option<Cur>>,
    /// Depth of `<formula>`/`<remark>` elements: text but no paragraphs.
    pub(super) formula: usize,
    pub(super) pending_num: Option<Cur>,
    pub(super) ctxs: Vec<Ctx>,
    pub(super) doc: usize,
    pub(super) doc_depth: usize,
    pub(super) voter_text: String,
    pub(super) root_seen: bool,
    /// The paragraph of the sub-item that closed last (a following
    /// `<sublist>` nests under it).
    pub(super) last_sub: Option<usize>,
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
    if out.docs.is_empty() {
        out.docs.push(new_doc(None, 0..0));
    }
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

pub(super) fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
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

    /// An element opened outside `<meta>`: a document, a zone, a
    /// paragraph or sub-item, a number, a footnote, a link, a block, a
    /// table cell, or a cover page's title, number and date.
    fn body_start(&mut self, name: &str, e: &BytesStart, span: &Range<usize>) -> Frame {
        if DOC_ELEMENTS.contains(&name) {
            return self.doc_start(name, e, span);
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
            return self.note_start(e, span);
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
            return self.block_start(name, span);
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

    /// A document element: the main one (its `name` attribute and element
    /// recorded) or a component, part of the main one.
    fn doc_start(&mut self, name: &str, e: &BytesStart, span: &Range<usize>) -> Frame {
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
        Frame::Doc(self.doc)
    }

    /// An `<authorialNote>`: a footnote block of its own; the block it
    /// interrupts is suspended, with a reference to the note at that point.
    fn note_start(&mut self, e: &BytesStart, span: &Range<usize>) -> Frame {
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
        Frame::Footnote
    }

    /// A block element: a new block (prefixed with a pending `<num>`), or a
    /// space when it sits inside an open block (a `<p>` in a table cell).
    fn block_start(&mut self, name: &str, span: &Range<usize>) -> Frame {
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
        Frame::Block
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
        // The reader's positions fall between characters of well-formed
        // input; a byte-order mark it counts otherwise than the decoder
        // (fuzzing found one) must be a per-file error, not a panic.
        let Some(s) = self.src.get(range.clone()) else {
            return Err(format!(
                "text at bytes {}..{} does not fall on characters",
                range.start, range.end
            ));
        };
        let blank = || s.bytes().all(is_ws);
        if self.stack.is_empty() {
            if blank() {
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
        if self.zone == Zone::Meta {
            return Ok(());
        }
        if self.cur.is_none() {
            if blank() {
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
                let Some(raw) = self.src.get(span.clone()) else {
                    return;
                };
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
    pub(super) fn ensure_block(&mut self, at: usize) {
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

    pub(super) fn flush_pending_num(&mut self) {
        if let Some(num) = self.pending_num.take() {
            self.emit(num);
        }
    }

    /// Closes the open block and any pending number.
    pub(super) fn flush_all(&mut self) {
        self.close_block();
        self.flush_pending_num();
    }

    pub(super) fn close_block(&mut self) {
        if let Some(c) = self.cur.take() {
            self.emit(c);
        }
    }
}
