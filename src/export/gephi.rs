//! Gephi spreadsheet CSV: `nodes.csv` (`Id,Label`, typed attributes,
//! `Timeset`) and edge lists (`Source,Target,Type,Kind,Id,Label,Weight`,
//! attributes, `Timeset`).
//!
//! Fields are quoted as RFC 4180 asks (and as Gephi's importer reads):
//! a field holding a comma or quote is enclosed in double quotes, with inner
//! quotes doubled; backslashes are plain characters. Whitespace runs in a
//! field (line breaks and tabs in titles and quotes) become one space, so
//! that every record is one line: spreadsheet importers that split lines
//! first break on quoted line breaks. The GEXF and GraphML keep the text
//! exactly; the byte span points at the original in any case.
//!
//! `Timeset` holds the open interval GEXF gives the same element, in
//! Gephi's interval syntax (`<[2020-06-29, Infinity]>`: a document exists
//! from its date on), empty when the date is unknown; import with "Time
//! representation: Intervals".

use std::borrow::{Borrow, Cow};
use std::io::Write;

use super::{ExEdge, ExNode, Export, iso_day_ref};
use crate::bytes::next_break;

/// A field as the CSV writer takes it.
fn bytes(field: Cow<'_, str>) -> Cow<'_, [u8]> {
    match field {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

/// Column headers of `nodes.csv`.
pub const NODE_COLUMNS: [&str; 14] = [
    "Id",
    "Label",
    "kind",
    "class",
    "date",
    "year",
    "symbol",
    "in_corpus",
    "indegree",
    "outdegree",
    "cited_by",
    "cites",
    "pagerank",
    "Timeset",
];

/// Column headers of `edges.csv`, `citations.csv` and `actors.csv`.
pub const EDGE_COLUMNS: [&str; 17] = [
    "Source",
    "Target",
    "Type",
    "Kind",
    "Id",
    "Label",
    "Weight",
    "relation",
    "pinpoint",
    "paragraph",
    "file",
    "span_start",
    "span_end",
    "quote",
    "date",
    "year",
    "Timeset",
];

fn timeset(date: &str) -> Cow<'static, str> {
    iso_day_ref(date).map_or(Cow::Borrowed(""), |d| {
        Cow::Owned(["<[", &d, ", Infinity]>"].concat())
    })
}

/// A field on one line: whitespace runs (line breaks, tabs) become one space.
fn one_line(s: Cow<'_, str>) -> Cow<'_, str> {
    if !has_break(&s) {
        return s;
    }
    Cow::Owned(collapse(&s))
}

/// The words of `s` (split at whitespace runs, as `split_whitespace`
/// does) joined by one space, in one pass that decodes a character only
/// where a whitespace character other than ASCII may start.
fn collapse(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (space, len) = match b[i] {
            b' ' | 0x09..=0x0D => (true, 1),
            x if BREAK_LOOK[usize::from(x)] => {
                // A lead byte: a character boundary.
                let c = s[i..].chars().next().unwrap_or('x');
                (c.is_whitespace(), c.len_utf8())
            }
            _ => (false, 1),
        };
        if space {
            if let Some(start) = word.take() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        } else if word.is_none() {
            word = Some(i);
        }
        i += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[start..]);
    }
    out
}

/// Whether `s` holds whitespace other than the plain space: a byte scan,
/// sixteen bytes at a time ([`next_break`]), that decodes a character only
/// where one may start.
fn has_break(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    // A flagged byte is an ASCII byte or a lead byte: a character boundary.
    while let Some(at) = next_break(b, i) {
        let c = s[at..].chars().next().unwrap_or(' ');
        if c.is_whitespace() && c != ' ' {
            return true;
        }
        i = at + c.len_utf8();
    }
    false
}

/// The bytes a whitespace character other than the space starts with: the
/// ASCII controls from tab to carriage return, and the lead bytes of
/// U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000-U+205F (0xE2) and U+3000
/// (0xE3).
static BREAK_LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, 0x09..=0x0D | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    t
};

/// Id, label, the typed attributes (as GEXF and GraphML write them) and the
/// timeline column. Only the fields that hold text go through
/// [`one_line`]: kinds, numbers, booleans and ISO dates have no whitespace
/// (scanning them was a quarter of the CSV edge lists' instructions).
fn node_row<'a>(n: &'a ExNode<'_>) -> impl Iterator<Item = Cow<'a, str>> {
    let [
        kind,
        class,
        date,
        year,
        symbol,
        in_corpus,
        indegree,
        outdegree,
        cited_by,
        cites,
        pagerank,
    ] = super::gexf::node_values(n);
    [
        one_line(Cow::Borrowed(n.id)),
        one_line(Cow::Borrowed(n.label)),
        kind,
        one_line(class),
        date,
        year,
        one_line(symbol),
        in_corpus,
        indegree,
        outdegree,
        cited_by,
        cites,
        pagerank,
        timeset(n.date),
    ]
    .into_iter()
}

/// Source, target, Gephi's type, kind, id, label and weight, then the typed
/// attributes (as GEXF and GraphML write them) and the timeline column;
/// the text fields on one line, as for nodes.
fn edge_row<'a>(e: &'a ExEdge<'_>) -> impl Iterator<Item = Cow<'a, str>> {
    let [
        relation,
        pinpoint,
        paragraph,
        file,
        start,
        end,
        quote,
        date,
        year,
    ] = super::gexf::edge_values(e);
    [
        one_line(Cow::Borrowed(e.source)),
        one_line(Cow::Borrowed(e.target)),
        Cow::Borrowed("Directed"),
        Cow::Borrowed(e.kind),
        Cow::Borrowed(e.id.as_str()),
        Cow::Borrowed(e.kind),
        Cow::Owned(itoa::Buffer::new().format(e.weight).to_owned()),
        one_line(relation),
        one_line(pinpoint),
        one_line(paragraph),
        one_line(file),
        start,
        end,
        one_line(quote),
        date,
        year,
        timeset(e.date),
    ]
    .into_iter()
}

/// `nodes.csv`.
pub fn nodes_csv(ex: &Export<'_>) -> Result<Vec<u8>, csv::Error> {
    write_nodes_csv(ex, Vec::new())
}

/// An edge list (`edges.csv` and the per-layer lists).
pub fn edges_csv(ex: &Export<'_>) -> Result<Vec<u8>, csv::Error> {
    write_edges_csv(ex, Vec::new())
}

/// Streams `nodes.csv` into `w`.
pub fn write_nodes_csv<W: Write>(ex: &Export<'_>, w: W) -> Result<W, csv::Error> {
    write_node_rows(ex.nodes.iter(), w)
}

/// Streams an edge list into `w`.
pub fn write_edges_csv<W: Write>(ex: &Export<'_>, w: W) -> Result<W, csv::Error> {
    write_edge_rows(ex.edges.iter(), w)
}

/// Streams `nodes.csv` of node rows made as they are written.
pub(crate) fn write_node_rows<'g, W: Write>(
    nodes: impl Iterator<Item = impl Borrow<ExNode<'g>>>,
    w: W,
) -> Result<W, csv::Error> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record(NODE_COLUMNS)?;
    for n in nodes {
        w.write_record(node_row(n.borrow()).map(bytes))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Streams an edge list of edge rows made as they are written.
pub(crate) fn write_edge_rows<'g, W: Write>(
    edges: impl Iterator<Item = impl Borrow<ExEdge<'g>>>,
    w: W,
) -> Result<W, csv::Error> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record(EDGE_COLUMNS)?;
    for e in edges {
        w.write_record(edge_row(e.borrow()).map(bytes))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_break_is_any_whitespace_but_the_space() {
        // Every character, alone and between others.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.is_whitespace() && c != ' ';
            assert_eq!(has_break(&c.to_string()), expected, "{c:?}");
            assert_eq!(has_break(&format!("a’{c}é b")), expected, "{c:?}");
        }
    }

    proptest::proptest! {
        // The one-pass collapse against the standard library's words.
        #[test]
        fn collapse_joins_the_words_by_one_space(s in "([a-zé’ ]|[\t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{1c}\u{200b}]|\\PC){0,40}") {
            let words: Vec<&str> = s.split_whitespace().collect();
            proptest::prop_assert_eq!(collapse(&s), words.join(" "));
        }
    }

    #[test]
    fn fields_go_on_one_line() {
        for (field, line) in [
            ("plain text", "plain text"),
            ("l’Azawad, “Mali”", "l’Azawad, “Mali”"),
            ("two\nlines", "two lines"),
            ("tab\t and\r\n  crlf", "tab and crlf"),
            (
                "no\u{a0}break and\u{2028}separator",
                "no break and separator",
            ),
        ] {
            assert_eq!(one_line(Cow::Borrowed(field)), line);
        }
    }
}
