//! Citations: every way a UN document cites another, normalized to the
//! cited document's canonical symbol, with pinpoint, CiTO relation and
//! evidence.
//!
//! The work is split by concern:
//! - [`lexer`] cuts a block of normalized text into tokens, recognising UN
//!   symbols whole ([`symbol`]);
//! - [`grammar`] reads resolutions, lists, pinpoints, internal
//!   cross-references, committee names and "Ibid." from the tokens; the
//!   [`years`] table dates bare resolution numbers and rejects impossible
//!   pairs;
//! - this module resolves what the grammar leaves open (the document's own
//!   paragraphs, "Ibid." against the previous footnote of the same
//!   document, never across documents; footnotes are marked ones and PDF
//!   lines that start with their number), drops the document's own symbol
//!   (masthead, title, running header: its identity, not a citation),
//!   reconciles hyperlinks ([`links`]) and finds the governing verb
//!   ([`verbs`]; `cites` when none governs).
//!
//! Impossible resolution numbers and years and ambiguous "Ibid."s become
//! [`Item::Warning`]s.
//!
//! Only blocks with a digit (or, in footnotes, an "Ibid") are tokenized:
//! that byte test is the prefilter that keeps extraction fast.

mod grammar;
mod lexer;
mod links;
pub mod verbs;

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

pub use crate::symbol::canonical_target;

use crate::extract::Structure;
use crate::model::{CitationItem, Evidence, Item, WarningItem};
use crate::rules;
use crate::text::{BlockKind, Text};

use grammar::Kind;

/// A citation on its way to becoming an item.
#[derive(Clone, Debug)]
pub(crate) struct Cit {
    /// Normalized span start (ignored when `src` is set).
    pub start: usize,
    /// Normalized span end.
    pub end: usize,
    /// Decoded-source span, for citations read from a URL line.
    pub src: Option<(usize, usize)>,
    /// Canonical target.
    pub target: String,
    /// Normalized pinpoint.
    pub pinpoint: Option<String>,
    /// Rule name (`citation.resolution`, `+link` when a link confirms it).
    pub rule: String,
    /// Block of the normalized text, when the citation sits in one.
    pub block: Option<usize>,
    /// Index of the citing document in the structure.
    pub doc: usize,
}

/// Adds the citations (and citation warnings) found in `text` to `out`.
pub fn extract(text: &Text, st: &Structure, out: &mut Vec<Item>) {
    let norm = &text.norm;
    let ndocs = st.docs.len().max(1);
    let mut seen: Vec<HashMap<u32, u16>> = vec![HashMap::default(); ndocs];
    // The citations of the previous footnote of each document (None: no
    // footnote yet).
    let mut prev_note: Vec<Option<Vec<Note>>> = vec![None; ndocs];
    let mut cits: Vec<Cit> = Vec::new();
    let mut warnings: Vec<(usize, usize, String, usize)> = Vec::new();
    let mut own = own_symbols(text, st, ndocs);
    let mut toks = Vec::new();
    for (bi, b) in norm.blocks.iter().enumerate() {
        if b.kind == BlockKind::Masthead {
            continue;
        }
        let s = norm.block_text(b);
        // Footnotes: marked ones, and PDF footnotes that start with their
        // number ("2 Ibid., para. 4.").
        let footnote = b.kind == BlockKind::Footnote || has_note_label(s);
        let d = st.block_doc.get(bi).copied().unwrap_or(0).min(ndocs - 1);
        if !worth_scanning(s, footnote) {
            if footnote {
                prev_note[d] = Some(Vec::new());
            }
            continue;
        }
        lexer::lex(s, &mut toks);
        let (raws, ws) = grammar::Scanner::new(s, &toks, footnote, &mut seen[d]).run();
        for w in ws {
            warnings.push((b.start + w.start, b.start + w.end, w.message, d));
        }
        if let [r] = raws.as_slice()
            && let Kind::Target(t) = &r.kind
            && r.start == 0
            && r.end == s.len()
            && in_title_zone(st, d, bi)
        {
            // A line that is only a symbol or "Resolution 2369 (2017)" at the
            // top of a document is its identity.
            own[d].insert(t.clone());
            continue;
        }
        if let [r] = raws.as_slice()
            && r.start == 0
            && r.end == s.len()
            && next_to_job_number(text, b.src_start)
        {
            // A running header the normalizer kept (its page mark is
            // garbled): the file's identity, not a citation.
            continue;
        }
        let mut this_note = Vec::new();
        for r in raws {
            let (target, pinpoint) = match r.kind {
                Kind::Target(t) => {
                    if own[d].contains(&t) {
                        continue;
                    }
                    (t, r.pinpoint)
                }
                Kind::Internal => (doc_id(text, st, d).to_string(), r.pinpoint),
                Kind::Ibid => match antecedent(prev_note[d].as_deref()) {
                    Ok(Some((t, p))) => (t, r.pinpoint.or(p)),
                    Ok(None) => continue,
                    Err(message) => {
                        warnings.push((b.start + r.start, b.start + r.end, message, d));
                        continue;
                    }
                },
            };
            if footnote {
                this_note.push((target.clone(), pinpoint.clone()));
            }
            cits.push(Cit {
                start: b.start + r.start,
                end: b.start + r.end,
                src: None,
                target,
                pinpoint,
                rule: r.rule.to_string(),
                block: Some(bi),
                doc: d,
            });
        }
        if footnote {
            prev_note[d] = Some(this_note);
        }
    }
    links::reconcile(text, st, &mut cits);
    let relations = relations(text, &cits);
    let mut items: Vec<(usize, usize, Item)> = Vec::with_capacity(cits.len() + warnings.len());
    for (c, (relation, verb)) in cits.into_iter().zip(relations) {
        let ev = match c.src {
            Some((a, b)) => text.evidence_src(a, b, &c.rule),
            None => text.evidence(c.start, c.end, &c.rule),
        };
        let paragraph = c
            .block
            .and_then(|b| st.block_para.get(b).copied().flatten())
            .and_then(|p| st.paras.get(p))
            .map(|p| p.item.id.clone());
        items.push((
            ev.start,
            ev.end,
            Item::Citation(CitationItem {
                doc: doc_id(text, st, c.doc).to_string(),
                paragraph,
                target: c.target,
                pinpoint: c.pinpoint,
                relation: Some(relation),
                verb,
                ev,
            }),
        ));
    }
    for (a, b, message, d) in warnings {
        let ev: Evidence = text.evidence(a, b, rules::CITATION_WARNING);
        items.push((
            ev.start,
            ev.end,
            Item::Warning(WarningItem {
                doc: Some(doc_id(text, st, d).to_string()),
                message,
                ev,
            }),
        ));
    }
    items.sort_by_key(|x| (x.0, x.1));
    out.extend(items.into_iter().map(|(_, _, it)| it));
}

/// Whether a text block starts like a PDF footnote: an optional rule of
/// underscores, a number of one to three digits, a space.
fn has_note_label(s: &str) -> bool {
    let t = s.trim_start_matches('_').trim_start();
    let n = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&n) && t[n..].starts_with(' ')
}

/// The byte prefilter: only blocks with a digit can cite (symbols,
/// numbers); footnotes may also say "Ibid.".
fn worth_scanning(s: &str, footnote: bool) -> bool {
    s.bytes().any(|c| c.is_ascii_digit()) || (footnote && s.contains("bid"))
}

fn doc_id<'a>(text: &'a Text, st: &'a Structure, d: usize) -> &'a str {
    st.docs
        .get(d)
        .map_or(text.source.path.as_str(), |x| x.item.id.as_str())
}

/// Whether the source line after the one at `src_start` (skipping blank
/// lines) starts with a job number (`20-08876`).
fn next_to_job_number(text: &Text, src_start: usize) -> bool {
    let src = &text.source.text;
    let rest = src.get(src_start..).unwrap_or("");
    rest.split('\n')
        .skip(1)
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|l| {
            let b = l.as_bytes();
            b.len() >= 8
                && b[..2].iter().all(u8::is_ascii_digit)
                && b[2] == b'-'
                && b[3..8].iter().all(u8::is_ascii_digit)
        })
}

/// How many blocks at the top of a document can hold its identity
/// (masthead symbol, title) rather than citations.
const TITLE_ZONE: usize = 8;

fn in_title_zone(st: &Structure, d: usize, bi: usize) -> bool {
    st.docs
        .get(d)
        .is_none_or(|x| bi >= x.blocks.start && bi < x.blocks.start + TITLE_ZONE)
}

/// The symbols that identify each document: its id and symbol, and the
/// running headers of the file.
fn own_symbols(text: &Text, st: &Structure, ndocs: usize) -> Vec<BTreeSet<String>> {
    let headers: Vec<String> = text
        .norm
        .header_symbols
        .iter()
        .filter_map(|h| canonical_target(&h.symbol))
        .collect();
    (0..ndocs)
        .map(|d| {
            let mut set: BTreeSet<String> = headers.iter().cloned().collect();
            if let Some(x) = st.docs.get(d) {
                set.insert(x.item.id.clone());
                if let Some(s) = &x.item.symbol {
                    set.insert(s.clone());
                }
            }
            set
        })
        .collect()
}

/// Whether `target` is the citing document itself (its masthead, title or
/// running header).
fn is_own(st: &Structure, d: usize, target: &str) -> bool {
    st.docs
        .get(d)
        .is_some_and(|x| x.item.id == target || x.item.symbol.as_deref() == Some(target))
}

/// A footnote's citation: target and pinpoint.
type Note = (String, Option<String>);

/// What "Ibid." refers to: the one document the previous footnote cites.
/// `Ok(None)`: the previous footnote cites no UN document (a book, a
/// website); `Err`: there is no previous footnote, or it cites several.
fn antecedent(prev: Option<&[Note]>) -> Result<Option<Note>, String> {
    let prev =
        prev.ok_or_else(|| "Ibid. without a previous footnote in this document".to_string())?;
    let Some(first) = prev.first() else {
        return Ok(None);
    };
    if prev.iter().any(|(t, _)| *t != first.0) {
        return Err(format!(
            "ambiguous Ibid.: the previous footnote cites {} documents",
            prev.iter()
                .map(|(t, _)| t.as_str())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        ));
    }
    Ok(Some(prev[prev.len() - 1].clone()))
}

/// The verb phrases and tab positions of one block, found once for all its
/// citations.
struct BlockMarks {
    verbs: Vec<(usize, usize)>,
    tabs: Vec<usize>,
}

/// The governing phrase of each citation: the nearest phrase of the verb
/// table before it in its block; `cites` when there is none. Each block is
/// scanned once and each citation costs a binary search, so a paragraph
/// with a million citations stays linear.
fn relations(text: &Text, cits: &[Cit]) -> Vec<(String, Option<String>)> {
    let norm = &text.norm;
    let mut cache: HashMap<usize, BlockMarks> = HashMap::default();
    cits.iter()
        .map(|c| {
            let default = (verbs::DEFAULT_RELATION.to_string(), None);
            let Some(bi) = c.block.filter(|_| c.src.is_none()) else {
                return default;
            };
            let Some(b) = norm.blocks.get(bi) else {
                return default;
            };
            let s = norm.block_text(b);
            let marks = cache.entry(bi).or_insert_with(|| BlockMarks {
                verbs: verbs::VERBS.matches(s),
                tabs: memchr::memchr_iter(b'\t', s.as_bytes()).collect(),
            });
            let rel = c.start.saturating_sub(b.start).min(s.len());
            let ms = &marks.verbs;
            let k = ms.partition_point(|m| m.1 <= rel);
            let Some(&(a, z)) = k.checked_sub(1).and_then(|k| ms.get(k)) else {
                return default;
            };
            // A table cell is governed only by phrases in the same cell.
            let t = marks.tabs.partition_point(|&t| t < rel);
            let cell_start = t.checked_sub(1).map_or(0, |t| marks.tabs[t] + 1);
            if a < cell_start {
                return default;
            }
            let verb = &s[a..z];
            match verbs::VERBS.relation(verb) {
                Some(r) => (r.to_string(), Some(verb.to_string())),
                None => default,
            }
        })
        .collect()
}
