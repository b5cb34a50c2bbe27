//! Content negotiation: which result format an `Accept` header (or a
//! `format` parameter) asks for, per kind of results, from the media types
//! the endpoint writes.

use crate::rdf::{Format, ResultKind};

/// The format of results of `kind` when the client states no preference.
pub(super) fn default_for(kind: ResultKind) -> Format {
    match kind {
        ResultKind::Graph => Format::Turtle,
        _ => Format::Json,
    }
}

/// Media types we write, per kind of results, in order of preference.
pub(super) fn media_types(kind: ResultKind) -> &'static [(&'static str, Format)] {
    match kind {
        ResultKind::Graph => &[
            ("text/turtle", Format::Turtle),
            ("application/turtle", Format::Turtle),
            ("application/x-turtle", Format::Turtle),
            ("text/n3", Format::Turtle),
            ("application/n-triples", Format::NTriples),
            ("text/plain", Format::NTriples),
            ("application/rdf+xml", Format::RdfXml),
            ("application/xml", Format::RdfXml),
            ("text/xml", Format::RdfXml),
            ("application/ld+json", Format::JsonLd),
            ("application/json", Format::JsonLd),
        ],
        _ => &[
            ("application/sparql-results+json", Format::Json),
            ("application/json", Format::Json),
            ("application/sparql-results+xml", Format::Xml),
            ("application/xml", Format::Xml),
            // `text/*` gets CSV: text types in the order people read them.
            ("text/csv", Format::Csv),
            ("text/tab-separated-values", Format::Tsv),
            ("text/plain", Format::Table),
            ("text/xml", Format::Xml),
        ],
    }
}

/// A format from a media type given as a `format` parameter value.
pub(super) fn format_for_media(v: &str) -> Option<Format> {
    [ResultKind::Solutions, ResultKind::Graph]
        .iter()
        .flat_map(|k| media_types(*k))
        .find(|(m, _)| m.eq_ignore_ascii_case(v.trim()))
        .map(|(_, f)| *f)
}

/// Picks the format for `kind` from an `Accept` header (quality values and
/// wildcards honoured); an empty header means the default.
pub fn negotiate(accept: &str, kind: ResultKind) -> Option<Format> {
    if accept.trim().is_empty() {
        return Some(default_for(kind));
    }
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut bits = part.split(';');
        let range = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for b in bits {
            if let Some(v) = b.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        if q > 0.0 && !range.is_empty() {
            ranges.push((q, i, range));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let types = media_types(kind);
    for (_, _, range) in &ranges {
        if range == "*/*" {
            return Some(default_for(kind));
        }
        if let Some(prefix) = range.strip_suffix("/*") {
            if let Some((_, f)) = types
                .iter()
                .find(|(m, _)| m.starts_with(&format!("{prefix}/")))
            {
                return Some(*f);
            }
            continue;
        }
        if let Some((_, f)) = types.iter().find(|(m, _)| m == range) {
            return Some(*f);
        }
    }
    None
}

/// Whether the client's first choice is HTML (a browser: the query page).
pub(super) fn prefers_html(accept: &str) -> bool {
    accept
        .split(',')
        .next()
        .is_some_and(|first| first.trim().starts_with("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_quality_and_wildcards() {
        let k = ResultKind::Solutions;
        assert_eq!(negotiate("", k), Some(Format::Json));
        assert_eq!(
            negotiate("text/csv;q=0.1, application/sparql-results+xml", k),
            Some(Format::Xml)
        );
        // `text/*` gets a text format, not XML.
        assert_eq!(negotiate("text/*", k), Some(Format::Csv));
        assert_eq!(negotiate("image/png", k), None);
        assert_eq!(negotiate("text/csv;q=0", k), None);
        assert_eq!(
            negotiate("application/n-triples", ResultKind::Graph),
            Some(Format::NTriples)
        );
    }
}
