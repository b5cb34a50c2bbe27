//! A term as the index stores it: one tag byte, then the strings, so that
//! a term is compared as bytes (the dictionary is sorted by them) and
//! decoded without a parser.
//!
//! | tag | term | then |
//! |---|---|---|
//! | 1 | IRI | the IRI |
//! | 2 | blank node | its label |
//! | 3 | simple literal (`xsd:string`) | the value |
//! | 4 | language-tagged literal | the tag's length (LEB128), the tag, the value |
//! | 5 | typed literal (any other datatype) | the datatype IRI's length (LEB128), the IRI, the value |
//!
//! The encoding is one-to-one: two terms that SPARQL holds the same
//! (`sameTerm`) encode alike, and only they do. Literals are taken as
//! oxigraph's store holds them, so that the index answers as the store
//! does: `"x"^^xsd:string` is the simple literal `"x"`; a valid literal of
//! an XSD type the store keeps by value (numbers, booleans, dates, times,
//! durations) is its canonical form, `"042"^^xsd:int` the integer `42`,
//! exactly as [`oxigraph`]'s store encodes and decodes it; language tags
//! are as parsed.

use oxigraph::model::{BlankNode, Literal, NamedNode, Term, TermRef};

use super::super::triples::ObjectRef;

const IRI: u8 = 1;
const BLANK: u8 = 2;
const SIMPLE: u8 = 3;
const LANG: u8 = 4;
const TYPED: u8 = 5;

/// `xsd:string`: a literal of this datatype is a simple literal.
const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";

/// Appends the encoding of an IRI.
pub fn iri(iri: &str, out: &mut Vec<u8>) {
    out.push(IRI);
    out.extend_from_slice(iri.as_bytes());
}

/// The canonical form of a literal of an XSD type oxigraph's store keeps
/// by value, as the store gives it back (its `numeric_encoder`): `None`
/// for another datatype or a value that does not parse (kept as written).
fn canonical(value: &str, datatype: &str) -> Option<Literal> {
    use oxsdatatypes::{
        Boolean, Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth,
        GMonthDay, GYear, GYearMonth, Integer, Time, YearMonthDuration,
    };
    fn by<T: std::str::FromStr + Into<Literal>>(value: &str) -> Option<Literal> {
        value.parse::<T>().ok().map(Into::into)
    }
    match datatype.strip_prefix("http://www.w3.org/2001/XMLSchema#")? {
        "boolean" => by::<Boolean>(value),
        "float" => by::<Float>(value),
        "double" => by::<Double>(value),
        "integer" | "byte" | "short" | "int" | "long" | "unsignedByte" | "unsignedShort"
        | "unsignedInt" | "unsignedLong" | "positiveInteger" | "negativeInteger"
        | "nonPositiveInteger" | "nonNegativeInteger" => by::<Integer>(value),
        "decimal" => by::<Decimal>(value),
        "dateTime" | "dateTimeStamp" => by::<DateTime>(value),
        "time" => by::<Time>(value),
        "date" => by::<Date>(value),
        "gYearMonth" => by::<GYearMonth>(value),
        "gYear" => by::<GYear>(value),
        "gMonthDay" => by::<GMonthDay>(value),
        "gDay" => by::<GDay>(value),
        "gMonth" => by::<GMonth>(value),
        "duration" => by::<Duration>(value),
        "yearMonthDuration" => by::<YearMonthDuration>(value),
        "dayTimeDuration" => by::<DayTimeDuration>(value),
        _ => None,
    }
}

/// Appends the encoding of a literal: `lang` when it has a language tag,
/// else `datatype` (none or `xsd:string` for a simple literal).
pub fn literal(value: &str, datatype: Option<&str>, lang: Option<&str>, out: &mut Vec<u8>) {
    if lang.is_none()
        && let Some(dt) = datatype
        && let Some(c) = canonical(value, dt)
    {
        return as_written(c.value(), Some(c.datatype().as_str()), None, out);
    }
    as_written(value, datatype, lang, out);
}

/// [`literal`] without the canonical form.
fn as_written(value: &str, datatype: Option<&str>, lang: Option<&str>, out: &mut Vec<u8>) {
    let (tag, first) = match (lang, datatype) {
        (Some(l), _) => (LANG, l),
        (None, Some(dt)) if dt != XSD_STRING => (TYPED, dt),
        (None, _) => {
            out.push(SIMPLE);
            out.extend_from_slice(value.as_bytes());
            return;
        }
    };
    out.push(tag);
    leb128(first.len() as u64, out);
    out.extend_from_slice(first.as_bytes());
    out.extend_from_slice(value.as_bytes());
}

/// Appends the encoding of an object of the dumps' statements.
pub fn object(o: &ObjectRef<'_>, out: &mut Vec<u8>) {
    match *o {
        ObjectRef::Iri(i) => iri(i, out),
        ObjectRef::Literal { value, datatype } => literal(value, datatype, None, out),
    }
}

/// Appends the encoding of any term; `None` for a term the index cannot
/// hold (an RDF 1.2 triple term, where that feature is compiled in).
pub fn term(t: TermRef<'_>, out: &mut Vec<u8>) -> Option<()> {
    match t {
        TermRef::NamedNode(n) => iri(n.as_str(), out),
        TermRef::BlankNode(b) => {
            out.push(BLANK);
            out.extend_from_slice(b.as_str().as_bytes());
        }
        TermRef::Literal(l) => {
            let dt = l.datatype();
            literal(l.value(), Some(dt.as_str()), l.language(), out)
        }
        #[allow(unreachable_patterns)]
        _ => return None,
    }
    Some(())
}

pub(super) fn leb128(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads bytes written with their LEB128 length before them (a front-coded
/// term's tail, a bucket's first term): the bytes and what follows them.
pub(super) fn read_prefixed(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = read_leb128(b)?;
    (len <= rest.len()).then(|| rest.split_at(len))
}

/// Reads a LEB128 length at the start of `b`: the length and the rest.
pub(super) fn read_leb128(b: &[u8]) -> Option<(usize, &[u8])> {
    let mut n: u64 = 0;
    for (i, byte) in b.iter().enumerate().take(10) {
        n |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((usize::try_from(n).ok()?, &b[i + 1..]));
        }
    }
    None
}

/// Decodes a term; the reason when the bytes are not a term's encoding.
pub fn decode(b: &[u8]) -> Result<Term, String> {
    let (&tag, rest) = b.split_first().ok_or("an empty term")?;
    let text = |b: &[u8]| -> Result<String, String> {
        std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|e| format!("a term that is not UTF-8 ({e})"))
    };
    // The first string of a tagged or typed literal, and the value.
    let split = |rest: &[u8]| -> Result<(String, String), String> {
        let (len, rest) = read_leb128(rest).ok_or("a literal's length does not decode")?;
        if len > rest.len() {
            return Err("a literal's length runs past the term".into());
        }
        let (first, value) = rest.split_at(len);
        Ok((text(first)?, text(value)?))
    };
    Ok(match tag {
        IRI => NamedNode::new_unchecked(text(rest)?).into(),
        BLANK => BlankNode::new_unchecked(text(rest)?).into(),
        SIMPLE => Literal::new_simple_literal(text(rest)?).into(),
        LANG => {
            let (lang, value) = split(rest)?;
            Literal::new_language_tagged_literal_unchecked(value, lang).into()
        }
        TYPED => {
            let (dt, value) = split(rest)?;
            Literal::new_typed_literal(value, NamedNode::new_unchecked(dt)).into()
        }
        t => return Err(format!("a term with the unknown tag {t}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn encoded(t: &Term) -> Vec<u8> {
        let mut out = Vec::new();
        term(t.as_ref(), &mut out).expect("encodes");
        out
    }

    fn any_term() -> impl Strategy<Value = Term> {
        let s = "\\PC{0,12}";
        prop_oneof![
            "[a-z]{1,8}".prop_map(|s| NamedNode::new_unchecked(format!("http://x/{s}")).into()),
            "[a-z0-9]{1,8}".prop_map(|s| BlankNode::new_unchecked(s).into()),
            s.prop_map(|v| Literal::new_simple_literal(v).into()),
            (s, "[a-z]{2}(-[a-z]{2})?")
                .prop_map(|(v, l)| { Literal::new_language_tagged_literal_unchecked(v, l).into() }),
            (s, "[a-z]{1,130}").prop_map(|(v, d)| {
                Literal::new_typed_literal(v, NamedNode::new_unchecked(format!("http://d/{d}")))
                    .into()
            }),
        ]
    }

    proptest! {
        // Every term decodes to itself, and two terms encode alike only
        // when they are the same term.
        #[test]
        fn terms_round_trip_and_encode_one_to_one(a in any_term(), b in any_term()) {
            let (ea, eb) = (encoded(&a), encoded(&b));
            prop_assert_eq!(decode(&ea).expect("decodes"), a.clone());
            prop_assert_eq!(ea == eb, a == b);
        }

        // Any bytes decode to a term or an error, never a panic.
        #[test]
        fn any_bytes_decode_or_fail(b in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = decode(&b);
        }
    }

    // The store keeps "042"^^xsd:int as the integer 42: the index must too,
    // or a join on it and what `query` prints would differ between them.
    #[test]
    fn literals_kept_by_value_are_canonical_as_in_the_store() {
        let store = oxigraph::store::Store::new().expect("store");
        let s = NamedNode::new_unchecked("http://s");
        let cases = [
            ("042", "int"),
            ("27", "nonNegativeInteger"),
            ("1.70", "decimal"),
            ("1e1", "double"),
            ("true", "boolean"),
            ("1", "boolean"),
            ("2020-06-29Z", "date"),
            ("2020-06-29T10:00:00+00:00", "dateTime"),
            ("P1Y", "duration"),
            ("abc", "integer"),
            ("x", "token"),
        ];
        for (i, (value, dt)) in cases.iter().enumerate() {
            let dt = format!("http://www.w3.org/2001/XMLSchema#{dt}");
            let lit = Literal::new_typed_literal(*value, NamedNode::new_unchecked(&dt));
            let p = NamedNode::new_unchecked(format!("http://p/{i}"));
            store
                .insert(oxigraph::model::QuadRef::new(
                    &s,
                    &p,
                    &lit,
                    oxigraph::model::GraphNameRef::DefaultGraph,
                ))
                .expect("insert");
            let stored = store
                .quads_for_pattern(None, Some(p.as_ref()), None, None)
                .next()
                .expect("a quad")
                .expect("read")
                .object;
            let mut a = Vec::new();
            literal(value, Some(&dt), None, &mut a);
            assert_eq!(decode(&a).expect("decodes"), stored, "{value}^^{dt}");
            assert_eq!(a, encoded(&stored), "{value}^^{dt}");
        }
    }

    #[test]
    fn xsd_string_is_the_simple_literal() {
        let typed = Literal::new_typed_literal(
            "x",
            NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#string"),
        );
        let mut a = Vec::new();
        literal("x", Some(XSD_STRING), None, &mut a);
        assert_eq!(a, encoded(&typed.into()));
        assert_eq!(a, encoded(&Literal::new_simple_literal("x").into()));
    }
}
