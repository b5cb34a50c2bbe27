//! One pass of the html5gum tokenizer over an HTML file: its text, with an
//! offset map into the file, and its tables and links.
//!
//! Why html5gum and not a tree builder (html5ever, scraper): evidence needs
//! byte spans into the file, and html5ever reports none; html5gum is a
//! WHATWG-conformant tokenizer that reports the span of every tag and text
//! run, and decodes character references and line breaks as a browser does.
//! The little tree construction we need, the rows and cells of tables, is
//! done here: a `<tr>` or `<td>` closes the cell or row left open before
//! it, as the HTML parsing rules imply, and nested tables keep their own
//! rows.
//!
//! The text ("plain" below) is the decoded text of the page with a line
//! break for `<br>` and a blank line around block elements (paragraphs,
//! headings, list items, table cells); the content of `<script>`, `<style>`
//! and `<template>` is dropped. Inside a text run, bytes the decoding left
//! alone are copies in the map; a character reference (`&mdash;`) or a
//! `\r\n` is a replacement that stands for its source bytes, so a span of
//! the plain text maps to the exact source bytes it was decoded from.

use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::text::offsets::OffsetMap;

/// An HTML file read into text, tables and links.
#[derive(Debug, Default)]
pub struct Page {
    /// The decoded text of the page.
    pub plain: String,
    /// Map from `plain` to the decoded file.
    pub map: OffsetMap,
    /// Every table, outer tables after the tables nested in them.
    pub tables: Vec<Table>,
    /// Every `<a href>`.
    pub links: Vec<PageLink>,
    /// The text of `<title>` (not part of `plain`: a browser shows it
    /// in no page), white space collapsed.
    pub title: Option<String>,
}

/// A table: its rows in order.
#[derive(Debug, Default)]
pub struct Table {
    /// The rows (`<tr>`), in order.
    pub rows: Vec<Row>,
    /// The `<caption>`'s plain text range, when there is one.
    pub caption: Option<Range<usize>>,
    /// Plain offset where the table starts (text before it precedes this).
    pub start: usize,
}

/// A table row.
#[derive(Debug, Default)]
pub struct Row {
    /// The cells, in order.
    pub cells: Vec<Cell>,
}

/// A table cell.
#[derive(Debug, Default, Clone)]
pub struct Cell {
    /// `<th>` rather than `<td>`.
    pub header: bool,
    /// Columns spanned (`colspan`, at least 1).
    pub colspan: usize,
    /// Rows spanned (`rowspan`, at least 1): the cell also stands in the
    /// same columns of the rows below it.
    pub rowspan: usize,
    /// The cell's text in `plain`.
    pub text: Range<usize>,
    /// Plain offsets of the line breaks (`<br>`) inside the cell.
    pub breaks: Vec<usize>,
}

/// A hyperlink.
#[derive(Debug, Clone)]
pub struct PageLink {
    /// The `href`, decoded.
    pub href: String,
    /// The anchor text in `plain`.
    pub text: Range<usize>,
}

/// Elements whose start and end break the text into blocks.
const BLOCKS: &[&[u8]] = &[
    b"address",
    b"article",
    b"aside",
    b"blockquote",
    b"caption",
    b"center",
    b"dd",
    b"div",
    b"dl",
    b"dt",
    b"figcaption",
    b"figure",
    b"footer",
    b"form",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"header",
    b"hr",
    b"li",
    b"main",
    b"nav",
    b"ol",
    b"p",
    b"pre",
    b"section",
    b"table",
    b"tbody",
    b"td",
    b"tfoot",
    b"th",
    b"thead",
    b"tr",
    b"ul",
];

/// Elements whose content is not text.
const HIDDEN: &[&[u8]] = &[b"script", b"style", b"template", b"noscript"];

struct Builder<'a> {
    src: &'a str,
    page: Page,
    /// Tables being read, innermost last.
    open: Vec<Table>,
    /// The cell being read in the innermost table.
    cell: Option<Cell>,
    /// The row being read in the innermost table.
    row: Option<Row>,
    /// Outer tables' open rows and cells, while a nested table is read.
    saved: Vec<(Option<Row>, Option<Cell>)>,
    link: Option<(String, usize)>,
    hidden: usize,
    /// The title's text while `<title>` is open.
    title: Option<String>,
    caption: Option<usize>,
}

/// Reads an HTML text (decoded). Never fails: the tokenizer recovers from
/// any input as a browser does.
pub fn read(src: &str) -> Page {
    let mut b = Builder {
        src,
        page: Page::default(),
        open: Vec::new(),
        cell: None,
        row: None,
        saved: Vec::new(),
        link: None,
        hidden: 0,
        title: None,
        caption: None,
    };
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(src, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(t) => {
                let name = t.name.as_slice();
                let span = t.span.start..t.span.end;
                let attr = |k: &[u8]| {
                    t.attributes
                        .iter()
                        .find(|(n, _)| n.as_slice() == k)
                        .map(|(_, v)| String::from_utf8_lossy(&v.value).into_owned())
                };
                let spans = (attr(b"colspan"), attr(b"rowspan"));
                b.start(name, span, attr(b"href"), spans, t.self_closing);
            }
            Token::EndTag(t) => b.end(t.name.as_slice(), t.span.start..t.span.end),
            Token::String(s) => {
                if b.hidden == 0 {
                    b.text(s.span.start..s.span.end, &String::from_utf8_lossy(&s.value));
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    while !b.open.is_empty() {
        b.close_table();
    }
    b.page
}

/// A `colspan` or `rowspan` value: 1 unless it is a number from 1 to 1000
/// (HTML caps `colspan` at 1000 and `rowspan` at 65534; a span that large
/// in a meetings table is a slip, and the cap bounds the work per row).
fn span_count(value: Option<String>) -> usize {
    value
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c: &usize| (1..=1000).contains(&c))
        .unwrap_or(1)
}

impl Builder<'_> {
    fn start(
        &mut self,
        name: &[u8],
        span: Range<usize>,
        href: Option<String>,
        (colspan, rowspan): (Option<String>, Option<String>),
        self_closing: bool,
    ) {
        if HIDDEN.contains(&name) {
            if !self_closing {
                self.hidden += 1;
            }
            return;
        }
        match name {
            b"table" => {
                self.block(&span);
                self.saved.push((self.row.take(), self.cell.take()));
                self.open.push(Table {
                    start: self.page.plain.len(),
                    ..Table::default()
                });
                return;
            }
            b"tr" => {
                self.close_row();
                self.block(&span);
                if !self.open.is_empty() {
                    self.row = Some(Row::default());
                }
                return;
            }
            b"td" | b"th" => {
                self.close_cell();
                self.block(&span);
                if !self.open.is_empty() {
                    if self.row.is_none() {
                        self.row = Some(Row::default());
                    }
                    let at = self.page.plain.len();
                    self.cell = Some(Cell {
                        header: name == b"th",
                        colspan: span_count(colspan),
                        rowspan: span_count(rowspan),
                        text: at..at,
                        breaks: Vec::new(),
                    });
                }
                return;
            }
            b"br" => {
                self.line_break(&span);
                return;
            }
            b"a" => {
                if let Some(h) = href {
                    self.link = Some((h, self.page.plain.len()));
                }
            }
            b"title" => {
                self.title = Some(String::new());
                return;
            }
            b"caption" => self.caption = Some(self.page.plain.len() + 2),
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.block(&span);
        }
    }

    /// A `<br>`: a line break in the text, and one inside the open cell.
    fn line_break(&mut self, span: &Range<usize>) {
        self.separate(span, "\n");
        if let Some(c) = &mut self.cell {
            c.breaks.push(self.page.plain.len());
        }
    }

    fn end(&mut self, name: &[u8], span: Range<usize>) {
        if HIDDEN.contains(&name) {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        match name {
            b"table" if !self.open.is_empty() => self.close_table(),
            b"tr" => self.close_row(),
            b"td" | b"th" => self.close_cell(),
            b"br" => {
                // `</br>` is a line break, as browsers read it.
                self.line_break(&span);
                return;
            }
            b"a" => {
                if let Some((href, at)) = self.link.take() {
                    let end = self.page.plain.len();
                    self.page.links.push(PageLink {
                        href,
                        text: at..end,
                    });
                }
            }
            b"title" => {
                if let Some(t) = self.title.take() {
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.page.title = Some(t);
                }
                return;
            }
            b"caption" => {
                if let Some(at) = self.caption.take() {
                    let at = at.min(self.page.plain.len());
                    let r = trimmed(&self.page.plain, at..self.page.plain.len());
                    if let Some(t) = self.open.last_mut() {
                        t.caption = Some(r);
                    }
                }
            }
            _ => {}
        }
        if BLOCKS.contains(&name) {
            self.block(&span);
        }
    }

    /// Adds a text run: `decoded` is what the tokenizer made of
    /// `src[span]`.
    fn text(&mut self, span: Range<usize>, decoded: &str) {
        if let Some(t) = &mut self.title {
            t.push_str(decoded);
            return;
        }
        let raw = self.src.get(span.clone()).unwrap_or("");
        align(
            span.start,
            raw,
            decoded,
            &mut self.page.map,
            &mut self.page.plain,
        );
    }

    /// A blank line before and after block elements (not doubled), standing
    /// for the tag.
    fn block(&mut self, span: &Range<usize>) {
        let p = &self.page.plain;
        let need = if p.is_empty() || p.ends_with("\n\n") {
            ""
        } else if p.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        self.separate(span, need);
    }

    fn separate(&mut self, span: &Range<usize>, sep: &str) {
        if sep.is_empty() {
            return;
        }
        self.page.map.replace(span.clone(), sep.len());
        self.page.plain.push_str(sep);
    }

    fn close_cell(&mut self) {
        if let Some(mut c) = self.cell.take() {
            c.text = trimmed(&self.page.plain, c.text.start..self.page.plain.len());
            c.breaks.retain(|&b| b > c.text.start && b < c.text.end);
            if let Some(r) = &mut self.row {
                r.cells.push(c);
            }
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(r) = self.row.take()
            && let Some(t) = self.open.last_mut()
        {
            t.rows.push(r);
        }
    }

    fn close_table(&mut self) {
        self.close_row();
        if let Some(t) = self.open.pop() {
            self.page.tables.push(t);
        }
        let (row, cell) = self.saved.pop().unwrap_or((None, None));
        self.row = row;
        self.cell = cell;
    }
}

/// `r` without leading and trailing white space.
fn trimmed(s: &str, r: Range<usize>) -> Range<usize> {
    let t = &s[r.clone()];
    let start = r.start + (t.len() - t.trim_start().len());
    let end = r.end - (t.len() - t.trim_end().len());
    start..end.max(start)
}

/// Appends `decoded` to `plain`, mapping it to `raw` (which starts at
/// `base` in the source): equal bytes are copies; a `\r\n` or `\r` read as
/// `\n`, and a character reference read as its characters, are replacements
/// of their source bytes. Whatever cannot be aligned (a NUL read as U+FFFD,
/// a reference without its `;` that swallowed what follows) makes the rest
/// of the run one replacement: coarser, never wrong.
pub(super) fn align(
    base: usize,
    raw: &str,
    decoded: &str,
    map: &mut OffsetMap,
    plain: &mut String,
) {
    let (rb, db) = (raw.as_bytes(), decoded.as_bytes());
    let (mut i, mut j) = (0, 0);
    while j < db.len() {
        if i < rb.len() && rb[i] == db[j] {
            // Stop on a character boundary of both.
            let mut n = crate::bytes::common_prefix(&rb[i..], &db[j..]);
            while n > 0 && !(decoded.is_char_boundary(j + n) && raw.is_char_boundary(i + n)) {
                n -= 1;
            }
            if n > 0 {
                map.copy(base + i..base + i + n);
                plain.push_str(&decoded[j..j + n]);
                i += n;
                j += n;
                continue;
            }
        }
        if i < rb.len() && rb[i] == b'\r' && db[j] == b'\n' {
            let w = if rb.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            map.replace(base + i..base + i + w, 1);
            plain.push('\n');
            i += w;
            j += 1;
            continue;
        }
        if i < rb.len()
            && rb[i] == b'&'
            && let Some((e, k)) = reference(rb, i, decoded, j)
        {
            map.replace(base + i..base + e, k);
            plain.push_str(&decoded[j..j + k]);
            i = e;
            j += k;
            continue;
        }
        map.replace(base + i.min(rb.len())..base + rb.len(), db.len() - j);
        plain.push_str(&decoded[j..]);
        return;
    }
}

/// A character reference at `raw[i]` (`&amp;`, `&#8212;`, `&#x2014;`):
/// its end in `raw` and the length of what it decoded to at
/// `decoded[j..]` (one or two characters, the length that lets the rest
/// line up again).
fn reference(raw: &[u8], i: usize, decoded: &str, j: usize) -> Option<(usize, usize)> {
    let mut e = i + 1;
    if raw.get(e) == Some(&b'#') {
        e += 1;
        if matches!(raw.get(e), Some(b'x' | b'X')) {
            e += 1;
        }
    }
    while e < raw.len() && raw[e].is_ascii_alphanumeric() && e - i < 40 {
        e += 1;
    }
    if raw.get(e) == Some(&b';') {
        e += 1;
    }
    if e == i + 1 {
        return None;
    }
    let rest = &decoded[j..];
    let mut k = 0;
    for c in rest.chars().take(2) {
        k += c.len_utf8();
        let lines_up = match raw.get(e) {
            None => j + k == decoded.len(),
            Some(&b) => {
                let next = decoded.as_bytes().get(j + k);
                next == Some(&b) || (b == b'\r' && next == Some(&b'\n')) || b == b'&'
            }
        };
        if lines_up {
            return Some((e, k));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(src: &str, page: &Page, r: Range<usize>) -> String {
        let (a, b) = page.map.src_span(r.start, r.end);
        src[a..b].to_string()
    }

    #[test]
    fn references_and_line_breaks_map_to_their_bytes() {
        let src = "<p>Yugoslavia &mdash; Sanctions\r\nand&#39;s &amp; more</p>";
        let page = read(src);
        let at = page.plain.find('—').unwrap();
        assert_eq!(quote(src, &page, at..at + '—'.len_utf8()), "&mdash;");
        let at = page.plain.find("\nand").unwrap();
        assert_eq!(quote(src, &page, at..at + 4), "\r\nand");
        let at = page.plain.find("'s & more").unwrap();
        assert_eq!(quote(src, &page, at..at + 9), "&#39;s &amp; more");
        assert_eq!(page.plain.trim(), "Yugoslavia — Sanctions\nand's & more");
    }

    #[test]
    fn cells_rows_and_nested_tables() {
        let src =
            "<table><tr><th colspan=2>Title<tr><td>a<br>b<td><table><tr><td>in</table>x</table>";
        let page = read(src);
        assert_eq!(page.tables.len(), 2);
        let inner = &page.tables[0];
        assert_eq!(&page.plain[inner.rows[0].cells[0].text.clone()], "in");
        let outer = &page.tables[1];
        assert_eq!(outer.rows.len(), 2);
        assert_eq!(outer.rows[0].cells[0].colspan, 2);
        assert!(outer.rows[0].cells[0].header);
        let a = &outer.rows[1].cells[0];
        assert_eq!(&page.plain[a.text.clone()], "a\nb");
        assert_eq!(a.breaks.len(), 1);
        assert_eq!(outer.rows[1].cells.len(), 2);
    }

    #[test]
    fn script_style_and_title_are_not_text() {
        let page = read(
            "<title>A\n title</title><style>p{}</style><script>if (a<b) x()</script><p>Text</p>",
        );
        assert_eq!(page.plain.trim(), "Text");
        assert_eq!(page.title.as_deref(), Some("A title"));
    }
}
