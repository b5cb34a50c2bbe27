//! XML text escaping for the GEXF and GraphML writers: one byte scan, and
//! a copy only when a value holds something to escape; the writers escape
//! straight into their output ([`write_escaped`]), a run at a time.

use std::borrow::Cow;

use crate::bytes::next_xml;

/// Escapes text for an XML attribute or element: markup characters, and
/// line breaks and tabs as character references so that they survive
/// attribute normalization. Characters XML 1.0 cannot hold (other control
/// characters) become U+FFFD.
pub fn xml_escape(s: &str) -> Cow<'_, str> {
    // Most values need nothing: a byte scan, no copy.
    if next_look(s.as_bytes(), 0).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = Vec::with_capacity(s.len() + 16);
    write_escaped(&mut out, s).expect("writing to a Vec cannot fail");
    // Only whole characters are copied or replaced by ASCII or U+FFFD.
    Cow::Owned(String::from_utf8(out).expect("escaped UTF-8 stays UTF-8"))
}

/// Writes `s` escaped as [`xml_escape`] does into `out`: the runs between
/// the bytes to escape are copied whole, without decoding characters.
pub fn write_escaped(out: &mut impl std::io::Write, s: &str) -> std::io::Result<()> {
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(at) = next_look(b, i) {
        // An ASCII byte or the lead byte 0xEF: a character boundary.
        let (with, len): (&[u8], usize) = match b[at] {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'"' => (b"&quot;", 1),
            b'\'' => (b"&apos;", 1),
            b'\n' => (b"&#10;", 1),
            b'\r' => (b"&#13;", 1),
            b'\t' => (b"&#9;", 1),
            0xEF if b.get(at + 1) == Some(&0xBF) && matches!(b.get(at + 2), Some(0xBE | 0xBF)) => {
                (REPLACEMENT, 3)
            }
            0xEF => {
                i = at + 1;
                continue;
            }
            _ => (REPLACEMENT, 1),
        };
        out.write_all(&b[run..at])?;
        out.write_all(with)?;
        i = at + len;
        run = i;
    }
    out.write_all(&b[run..])
}

/// The first byte from `i` on that [`xml_escape`] must look at.
fn next_look(b: &[u8], i: usize) -> Option<usize> {
    next_xml(b, i)
}

/// U+FFFD, in UTF-8: what a character XML 1.0 cannot hold becomes.
const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();
