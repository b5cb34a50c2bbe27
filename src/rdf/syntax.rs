//! N-Quads and Turtle for the dumps, written straight into byte buffers.
//!
//! The output is byte for byte what oxigraph's serializers (oxttl) write
//! for the same triples (the tests compare the two on random terms): same
//! escapes, same prefixed names, same layout. What differs is the cost:
//! oxttl formats every term through `std::fmt`, one small write at a time,
//! which made serialization the largest part of the dumps.

use super::triples::{ObjectRef, Statement};
use super::vocab::TURTLE_PREFIXES;
use crate::bytes::{HI, LO7, eq7, ge};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";

/// Appends one N-Quads line in the default graph.
pub fn nquad(t: &Statement<'_>, out: &mut Vec<u8>) {
    iri(t.subject, out);
    out.push(b' ');
    iri(t.predicate, out);
    out.push(b' ');
    match t.object {
        ObjectRef::Iri(i) => iri(i, out),
        ObjectRef::Literal { value, datatype } => {
            quoted(value, out);
            if let Some(dt) = datatype.filter(|dt| *dt != XSD_STRING) {
                out.extend_from_slice(b"^^");
                iri(dt, out);
            }
        }
    }
    out.extend_from_slice(b" .\n");
}

fn iri(i: &str, out: &mut Vec<u8>) {
    out.push(b'<');
    out.extend_from_slice(i.as_bytes());
    out.push(b'>');
}

/// `s` as an N-Triples string literal: quotes, backslashes and control
/// characters escaped (`\n`, `\t`, ..., else `\uXXXX`, as are U+FFFE and
/// U+FFFF), everything else as is.
fn quoted(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time while none needs a look.
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if may_escape(x) == 0 {
                i += 8;
                continue;
            }
        }
        let c = b[i];
        let short: &[u8] = match c {
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0C => b"\\f",
            b'\r' => b"\\r",
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x00..=0x1F | 0x7F => b"",
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&b[run..i]);
        if short.is_empty() {
            let (code, len) = match c {
                0xEF => (0xFFFE + u32::from(b[i + 2] - 0xBE), 3),
                _ => (u32::from(c), 1),
            };
            out.extend_from_slice(format!("\\u{code:04X}").as_bytes());
            i += len;
        } else {
            out.extend_from_slice(short);
            i += 1;
        }
        run = i;
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

/// Nonzero when one of the eight bytes of `x` is one [`quoted`] escapes
/// or looks at: a control character, `"`, `\\`, DEL, or 0xEF, which leads
/// U+FFFE and U+FFFF. Exact per byte, with normalization's word masks.
#[inline(always)]
fn may_escape(x: u64) -> u64 {
    let high = x & HI;
    let low = x & LO7;
    let ascii = !ge(low, 0x20) | eq7(low, b'"') | eq7(low, b'\\') | eq7(low, 0x7F);
    (ascii & HI & !high) | (high & eq7(low, 0xEF & 0x7F))
}

/// Writes triples as Turtle statements with the project prefixes (the
/// `@prefix` lines are not its business): consecutive triples of one
/// subject share it (`;`), of one subject and predicate share both (`,`).
pub struct Turtle {
    /// The prefixes, longest namespace first (the first that fits wins).
    prefixes: Vec<Prefix>,
    /// The subject of the open statement.
    subject: String,
    /// The predicate of the open statement; `None` when none is open.
    predicate: Option<&'static str>,
    /// Predicates as written, by address and length: a few dozen, used
    /// over and over.
    predicates: rustc_hash::FxHashMap<(usize, usize), Box<[u8]>>,
    /// The base IRI set by [`Turtle::base`] (empty when none): IRIs made
    /// of it and a fragment are written as the fragment alone.
    base: String,
}

impl Default for Turtle {
    fn default() -> Self {
        let mut prefixes: Vec<Prefix> = TURTLE_PREFIXES
            .iter()
            .map(|&(name, ns)| Prefix {
                name,
                ns,
                tail: tail(ns.as_bytes(), ns.len()).unwrap_or_default(),
            })
            .collect();
        prefixes.sort_by(|a, b| b.ns.len().cmp(&a.ns.len()).then(a.name.cmp(b.name)));
        Turtle {
            prefixes,
            subject: String::new(),
            predicate: None,
            predicates: Default::default(),
            base: String::new(),
        }
    }
}

impl Turtle {
    /// Appends `t`.
    pub fn triple(&mut self, t: &Statement<'_>, out: &mut Vec<u8>) {
        match self.predicate {
            Some(p) if self.subject == t.subject => {
                if p == t.predicate {
                    out.extend_from_slice(b" , ");
                } else {
                    out.extend_from_slice(b" ;\n\t");
                    self.predicate(t.predicate, out);
                    out.push(b' ');
                }
            }
            other => {
                if other.is_some() {
                    out.extend_from_slice(b" .\n");
                }
                self.iri(t.subject, out);
                out.push(b' ');
                self.predicate(t.predicate, out);
                out.push(b' ');
                self.subject.clear();
                self.subject.push_str(t.subject);
            }
        }
        self.object(t.object, out);
        self.predicate = Some(t.predicate);
    }

    /// Ends the open statement and sets the base IRI (`@base`) of what
    /// follows: an IRI that is `base` and a fragment is then written
    /// `<#fragment>`. The spans of one source file (`FILE#bytes=S,E`), two
    /// per fact, are a third of a dump's bytes written whole. Turtle lets
    /// a document set its base anywhere and again; an absolute IRI does
    /// not depend on it, so what other writers add after this one's
    /// statements reads the same.
    pub fn base(&mut self, base: &str, out: &mut Vec<u8>) {
        self.finish(out);
        out.extend_from_slice(b"@base ");
        iri(base, out);
        out.extend_from_slice(b" .\n");
        self.base.clear();
        self.base.push_str(base);
    }

    /// Ends the last statement.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.predicate.take().is_some() {
            out.extend_from_slice(b" .\n");
        }
    }

    fn predicate(&mut self, p: &'static str, out: &mut Vec<u8>) {
        let key = (p.as_ptr() as usize, p.len());
        if let Some(written) = self.predicates.get(&key) {
            out.extend_from_slice(written);
            return;
        }
        let mut written = Vec::new();
        if p == RDF_TYPE {
            written.push(b'a');
        } else {
            self.iri(p, &mut written);
        }
        out.extend_from_slice(&written);
        self.predicates.insert(key, written.into_boxed_slice());
    }

    fn object(&self, o: ObjectRef<'_>, out: &mut Vec<u8>) {
        match o {
            ObjectRef::Iri(i) => self.iri(i, out),
            ObjectRef::Literal { value, datatype } => match datatype.filter(|dt| *dt != XSD_STRING)
            {
                None => quoted(value, out),
                Some(XSD_INTEGER) if is_integer(value) => out.extend_from_slice(value.as_bytes()),
                Some(dt) => {
                    quoted(value, out);
                    out.extend_from_slice(b"^^");
                    self.iri(dt, out);
                }
            },
        }
    }

    /// A prefixed name when a namespace fits and the rest is a local name
    /// (escaped where Turtle allows), else `<iri>`.
    fn iri(&self, i: &str, out: &mut Vec<u8>) {
        if !self.base.is_empty()
            && let Some(fragment) = i.strip_prefix(&*self.base)
            && fragment.starts_with('#')
        {
            return iri(fragment, out);
        }
        let b = i.as_bytes();
        for &Prefix { name, ns, tail: t } in &self.prefixes {
            // The last eight bytes of a namespace tell most of them
            // apart: one comparison before the whole one.
            if b.len() < ns.len() || tail(b, ns.len()).is_some_and(|x| x != t) {
                continue;
            }
            if let Some(local) = i.strip_prefix(ns) {
                let mark = out.len();
                out.extend_from_slice(name.as_bytes());
                out.push(b':');
                if local_name(local, out) {
                    return;
                }
                out.truncate(mark);
            }
        }
        iri(i, out);
    }
}

/// A Turtle prefix: its name, its namespace and the namespace's [`tail`]
/// (0 for a namespace shorter than eight bytes, which is then compared
/// whole).
#[derive(Clone, Copy)]
struct Prefix {
    name: &'static str,
    ns: &'static str,
    tail: u64,
}

/// The eight bytes of `b` that end at `end`, as an integer; `None` when
/// there are not eight.
#[inline(always)]
fn tail(b: &[u8], end: usize) -> Option<u64> {
    let t = b.get(end.checked_sub(8)?..end)?;
    Some(u64::from_le_bytes(t.try_into().ok()?))
}

/// Appends `value` as a Turtle local name (PN_LOCAL, with `\` escapes);
/// false (and a partial write) when it cannot be one.
fn local_name(value: &str, out: &mut Vec<u8>) -> bool {
    // Most local names are ASCII letters, digits, `-` and `_`, not
    // starting with `-`: as they are.
    let b = value.as_bytes();
    if b.first().is_some_and(|&c| c != b'-')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    {
        out.extend_from_slice(b);
        return true;
    }
    let mut chars = value.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    let put = |c: char, out: &mut Vec<u8>| {
        let mut b = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    };
    if is_pn_chars_u(first) || first == ':' || first.is_ascii_digit() {
        put(first, out);
    } else if escapable(first) {
        out.push(b'\\');
        put(first, out);
    } else {
        return false;
    }
    while let Some(c) = chars.next() {
        if is_pn_chars(c) || c == ':' || (c == '.' && !chars.as_str().is_empty()) {
            put(c, out);
        } else if escapable(c) {
            out.push(b'\\');
            put(c, out);
        } else {
            return false;
        }
    }
    true
}

/// Turtle's INTEGER: `[+-]? [0-9]+`.
fn is_integer(value: &str) -> bool {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value).as_bytes();
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// PN_CHARS_BASE.
fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z'
        | 'a'..='z'
        | '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{02FF}'
        | '\u{0370}'..='\u{037D}'
        | '\u{037F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// PN_CHARS_U.
fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_'
}

/// PN_CHARS.
fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || matches!(c, '-' | '0'..='9' | '\u{00B7}' | '\u{0300}'..='\u{036F}' | '\u{203F}'..='\u{2040}')
}

/// The characters a local name may hold escaped (PN_LOCAL_ESC).
fn escapable(c: char) -> bool {
    matches!(
        c,
        '_' | '~'
            | '.'
            | '-'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '/'
            | '?'
            | '#'
            | '@'
            | '%'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::triples::{Object, Triple};
    use crate::rdf::vocab::{oa, rdf, unsc};
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::GraphNameRef;
    use proptest::prelude::*;

    /// Every character N-Triples escapes, characters a local name may
    /// hold escaped or not at all, and a few plain ones.
    const SPECIAL: &str = "\0\u{1}\u{7}\u{8}\t\n\u{b}\u{c}\r\u{e}\u{1b}\u{1f}\u{7f}\u{fffe}\u{ffff}\"\\é\u{fffd}\u{efbf}.-_~:%/#()' ,;<>{}\u{b7}\u{300}\u{203f}0aÀ×÷\u{37e}\u{2040}\u{200c}\u{2070}\u{f900}\u{10000}";

    fn text() -> impl Strategy<Value = String> {
        let special: Vec<char> = SPECIAL.chars().collect();
        // Plain letters weigh most, so that specials also fall inside and
        // at the edges of long plain runs (the eight-byte scan).
        proptest::collection::vec(
            prop_oneof![
                1 => any::<char>(),
                1 => proptest::sample::select(special),
                4 => proptest::char::range('a', 'z'),
            ],
            0..40,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    fn namespace() -> impl Strategy<Value = &'static str> {
        let mut all: Vec<&'static str> = TURTLE_PREFIXES.iter().map(|(_, ns)| *ns).collect();
        all.push("https://undocs.org/");
        all.push(rdf::TYPE);
        proptest::sample::select(all)
    }

    fn object() -> impl Strategy<Value = Object> {
        let datatypes = vec![
            None,
            Some(rdf::XSD_INTEGER),
            Some(rdf::XSD_DATE),
            Some(rdf::XSD_NON_NEGATIVE_INTEGER),
            Some(XSD_STRING),
        ];
        prop_oneof![
            (namespace(), text()).prop_map(|(ns, l)| Object::Iri(format!("{ns}{l}").into())),
            (text(), proptest::sample::select(datatypes.clone())).prop_map(|(v, datatype)| {
                Object::Literal {
                    value: v.into(),
                    datatype,
                }
            }),
            ("[+-]?[0-9]{0,3}", proptest::sample::select(datatypes)).prop_map(|(v, datatype)| {
                Object::Literal {
                    value: v.into(),
                    datatype,
                }
            }),
        ]
    }

    fn triples() -> impl Strategy<Value = Vec<Triple>> {
        let predicates = vec![rdf::TYPE, unsc::TEXT, oa::EXACT, unsc::NUMBER];
        proptest::collection::vec(
            (
                proptest::sample::select(vec!["a", "b", "é.x"]),
                namespace(),
                proptest::sample::select(predicates),
                object(),
            )
                .prop_map(|(l, ns, predicate, object)| Triple {
                    subject: format!("{ns}{l}").into(),
                    predicate,
                    object,
                }),
            0..12,
        )
    }

    /// Triples of valid IRIs and plain literals (what a parser takes back).
    fn plain_triples() -> impl Strategy<Value = Vec<Triple>> {
        let iri = || (namespace(), "[a-z0-9_]{1,4}").prop_map(|(ns, l)| format!("{ns}{l}"));
        let object = prop_oneof![
            iri().prop_map(|i| Object::Iri(i.into())),
            text().prop_map(|v| Object::Literal {
                value: v.into(),
                datatype: None,
            }),
        ];
        let predicates = vec![rdf::TYPE, unsc::TEXT, oa::EXACT, unsc::NUMBER];
        proptest::collection::vec(
            (iri(), proptest::sample::select(predicates), object).prop_map(
                |(subject, predicate, object)| Triple {
                    subject: subject.into(),
                    predicate,
                    object,
                },
            ),
            0..12,
        )
    }

    fn oxigraph(triples: &[Triple], format: RdfFormat) -> Vec<u8> {
        let mut ser = RdfSerializer::from_format(format);
        for (p, ns) in TURTLE_PREFIXES {
            ser = ser.with_prefix(*p, *ns).expect("prefix");
        }
        let mut w = ser.for_writer(Vec::new());
        for t in triples {
            w.serialize_quad(t.as_ref().in_graph(GraphNameRef::DefaultGraph))
                .expect("quad");
        }
        w.finish().expect("finish")
    }

    // The eight-byte test is exact: a word of plain bytes passes, and any
    // byte that `quoted` escapes or looks at, at any position, stops it.
    #[test]
    fn may_escape_flags_exactly_the_bytes_to_look_at() {
        let plain = u64::from_le_bytes(*b"abcXYZ09");
        assert_eq!(may_escape(plain), 0);
        for b in 0..=255u8 {
            let look = b < 0x20 || matches!(b, b'"' | b'\\' | 0x7F | 0xEF);
            for at in 0..8 {
                let mut w = *b"abcXYZ09";
                w[at] = b;
                let m = may_escape(u64::from_le_bytes(w));
                assert_eq!(m != 0, look, "byte {b:#04x} at {at}");
                if look {
                    assert_eq!(m, 0x80 << (8 * at), "only byte {at} flagged");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn nquads_are_oxigraphs(triples in triples()) {
            let mut mine = Vec::new();
            for t in &triples {
                nquad(&t.statement(), &mut mine);
            }
            let theirs = oxigraph(&triples, RdfFormat::NQuads);
            prop_assert_eq!(String::from_utf8_lossy(&mine), String::from_utf8_lossy(&theirs));
        }

        #[test]
        fn turtle_is_oxigraphs(triples in triples()) {
            let mut mine = Vec::new();
            let mut w = Turtle::default();
            for t in &triples {
                w.triple(&t.statement(), &mut mine);
            }
            w.finish(&mut mine);
            let theirs = oxigraph(&triples, RdfFormat::Turtle);
            // oxigraph writes the prefixes first (in no fixed order).
            let body: String = String::from_utf8_lossy(&theirs)
                .split_inclusive('\n')
                .filter(|l| !l.starts_with("@prefix "))
                .collect();
            prop_assert_eq!(String::from_utf8_lossy(&mine), body);
        }

        // Spans written relative to a base set between statements parse
        // back (with oxigraph's Turtle parser) to the triples written,
        // whether or not an IRI is the base's, with or without a fragment.
        #[test]
        fn turtle_with_a_base_reads_back_as_written(
            before in plain_triples(),
            after in plain_triples(),
            fragments in proptest::collection::vec("#bytes=[0-9]{1,3},[0-9]{1,3}|#[a-z]{0,3}|[a-z]{0,3}", 0..6),
        ) {
            let base = "https://w3id.org/unsc-kg/file//tmp/a%20b(1).txt";
            let spans = fragments.iter().map(|f| Triple {
                subject: format!("{base}{f}").into(),
                predicate: oa::EXACT,
                object: Object::Iri(format!("{base}{f}").into()),
            });
            let after: Vec<Triple> = spans.chain(after).collect();
            let mut mine: Vec<u8> = TURTLE_PREFIXES
                .iter()
                .map(|(p, ns)| format!("@prefix {p}: <{ns}> .\n"))
                .collect::<String>()
                .into_bytes();
            let mut w = Turtle::default();
            for t in &before {
                w.triple(&t.statement(), &mut mine);
            }
            w.base(base, &mut mine);
            for t in &after {
                w.triple(&t.statement(), &mut mine);
            }
            w.finish(&mut mine);
            let read: std::collections::BTreeSet<String> =
                oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
                    .for_slice(&mine)
                    .map(|q| q.map(|q| oxigraph::model::Triple::from(q).to_string()))
                    .collect::<Result<_, _>>()
                    .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&mine))))?;
            let written: std::collections::BTreeSet<String> = before
                .iter()
                .chain(&after)
                .map(|t| t.as_ref().to_string())
                .collect();
            prop_assert_eq!(read, written);
        }
    }
}
