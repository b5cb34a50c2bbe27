//! XML text escaping for the GEXF and GraphML writers: one byte scan, and
//! a copy only when a value holds something to escape.

use std::borrow::Cow;

/// Escapes text for an XML attribute or element: markup characters, and
/// line breaks and tabs as character references so that they survive
/// attribute normalization. Characters XML 1.0 cannot hold (other control
/// characters) become U+FFFD.
pub fn xml_escape(s: &str) -> Cow<'_, str> {
    // Most values need nothing: a byte scan, no copy.
    let Some(first) = s.bytes().position(|b| XML_LOOK[usize::from(b)]) else {
        return Cow::Borrowed(s);
    };
    // `first` is an ASCII byte or the lead byte 0xEF: a char boundary.
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The bytes [`xml_escape`] must look at: markup characters, control
/// characters, and 0xEF, which leads U+FFFE and U+FFFF.
static XML_LOOK: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b < 0x20 || b == 0xEF || matches!(b as u8, b'&' | b'<' | b'>' | b'"' | b'\'');
        b += 1;
    }
    t
};
