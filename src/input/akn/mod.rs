//! Akoma Ntoso (AKN 3.0 / AKN4UN) XML input.
//!
//! The UN publishes Security Council resolutions in Akoma Ntoso: clean text,
//! numbered paragraphs, citations already linked and each member's vote in
//! the metadata. [`read`] turns such a file into the pipeline's shapes in one
//! streaming pass (`parse`): a [`Text`] whose normalized text is the
//! element text, one block per paragraph or heading, with its offset map
//! pointing into the XML bytes (so every evidence quotes the XML source); a
//! [`Structure`] taken from the markup rather than guessed from layout; and
//! the items the markup states outright: the documents, paragraphs, linked
//! citations (`citation.akn-link`), votes and the decision (`meta`).
//! The text extractors then run over the same text; [`merge_citations`]
//! folds a citation the grammar found on a link into the link's citation.
//!
//! Identity: the document id is its canonical symbol, from `<docNumber>` or
//! else the FRBR work URI. A French or other language version (FRBR
//! expression language other than `eng`) is another expression of the same
//! work: it gets the same document and paragraph ids and its `language`
//! set, so that a consumer counting citations per (document, paragraph,
//! target) counts each once whatever the number of language versions.
//! Annexes (`<attachment>`, or an "Annex II" heading inside one) are
//! documents `part_of` the main one, with ids `{symbol}/annex-ii`.
//!
//! Bad input is a [`ReadError::Xml`] for that file: malformed XML (with
//! line and column), a root other than `<akomaNtoso>`, a `<!DOCTYPE>`
//! (refused: entity declarations are how XML bombs work), or nesting deeper
//! than any real document.

mod block;
mod meta;
mod metadata;
mod parse;
mod place;
mod records;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::ReadError;
use crate::extract::Structure;
use crate::extract::structure::{Doc, Para};
use crate::model::{CitationItem, DocType, DocumentItem, Evidence, Item, ParagraphItem};
use crate::rules;
use crate::slug::slug;
use crate::text::{SourceFile, Text};

pub use meta::split_sponsors;

/// The Akoma Ntoso reader: a file whose root is `<akomaNtoso>`, or any
/// file with an XML declaration (refused with a message when its root is
/// something else), or a `.xml` file.
#[derive(Clone, Copy, Debug, Default)]
pub struct AkomaNtoso;

impl super::Reader for AkomaNtoso {
    fn name(&self) -> &'static str {
        "akn"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["xml"]
    }

    fn sniff(&self, head: &str) -> super::Confidence {
        match super::first_markup(head).as_deref() {
            Some("akomantoso") => super::Confidence::Sure,
            // XHTML is the HTML reader's.
            Some("html" | "!doctype html") => super::Confidence::No,
            _ if super::xml_declared(head) => super::Confidence::Sure,
            _ => super::Confidence::No,
        }
    }

    fn read(&self, source: SourceFile) -> Result<super::Reading, ReadError> {
        let doc = read(source)?;
        Ok(super::Reading {
            text: doc.text,
            analysis: super::Analysis::Given(doc.structure),
            items: doc.items,
            warnings: doc.warnings,
        })
    }

    fn finish(&self, items: &mut Vec<Item>) {
        merge_citations(items);
    }
}

/// Rule name of citations read from `<a href>`/`<ref href>` links.
pub const RULE_LINK: &str = rules::CITATION_AKN_LINK;
/// Rule name of documents read from the markup.
pub const RULE_DOCUMENT: &str = rules::STRUCTURE_AKN_DOCUMENT;
/// Rule name of paragraphs read from the markup.
pub const RULE_PARAGRAPH: &str = rules::STRUCTURE_AKN_PARAGRAPH;

/// An Akoma Ntoso document read into the pipeline's shapes.
#[derive(Debug)]
pub struct AknDocument {
    /// The analysis text, with its map into the XML file.
    pub text: Text,
    /// Documents and paragraphs from the markup.
    pub structure: Structure,
    /// Items read from the markup itself (documents, paragraphs, linked
    /// citations, votes and decisions from `<meta>`).
    pub items: Vec<Item>,
    /// Non-fatal warnings.
    pub warnings: Vec<String>,
}

/// Reads an Akoma Ntoso file.
pub fn read(source: SourceFile) -> Result<AknDocument, ReadError> {
    let parsed = parse::parse(&source.text).map_err(|reason| ReadError::Xml {
        path: source.path.clone().into(),
        reason,
    })?;
    let records::Parsed {
        norm,
        docs: doc_recs,
        paras: para_recs,
        block_doc,
        block_para,
        links,
        doc_name,
        doc_element,
        doc_number,
        doc_date,
        meta,
        warnings,
    } = parsed;
    let mut warnings: Vec<String> = warnings
        .into_iter()
        .map(|w| format!("{}: {w}", source.path))
        .collect();
    let text = Text { source, norm };

    // Identity of the main document.
    let frbr_symbol = meta::symbol_from_frbr(&meta, doc_name.as_deref());
    let number_symbol = doc_number.as_ref().and_then(|(s, _)| meta::symbol(s));
    let symbol = number_symbol.clone().or(frbr_symbol);
    let doc_type = match doc_name.as_deref() {
        Some("resolution") => DocType::Resolution,
        Some("presidentialStatement") => DocType::PresidentialStatement,
        Some("draftResolution") => DocType::DraftResolution,
        _ => symbol
            .as_deref()
            .map(DocType::from_symbol)
            .unwrap_or(DocType::Other),
    };
    let date = meta.work_date.clone().or(doc_date);
    let language = language(&meta);
    let block_str = |b: usize| -> String {
        let bl = &text.norm.blocks[b];
        text.norm.text[bl.start..bl.end].to_string()
    };
    let main_title = doc_recs.first().and_then(|d| d.title_block).map(block_str);
    let main_id = symbol.clone().unwrap_or_else(|| {
        let what = main_title
            .clone()
            .or_else(|| doc_element.clone())
            .unwrap_or_else(|| "untitled".into());
        format!(
            "x:{}:{}:{}",
            doc_type.as_str().replace('_', "-"),
            date.as_deref().unwrap_or("undated"),
            slug(&what)
        )
    });

    // Documents.
    let mut docs: Vec<Doc> = Vec::with_capacity(doc_recs.len());
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for (i, d) in doc_recs.iter().enumerate() {
        let ev_block = d.title_block.or(d.label_block).or_else(|| {
            if i == 0 {
                doc_number.as_ref().map(|(_, b)| *b)
            } else {
                None
            }
        });
        let ev = match ev_block {
            Some(b) => {
                let bl = &text.norm.blocks[b];
                text.evidence(bl.start, bl.end, RULE_DOCUMENT)
            }
            None => text.evidence_src(d.tag.start, d.tag.end, RULE_DOCUMENT),
        };
        let item = if i == 0 {
            DocumentItem {
                id: main_id.clone(),
                symbol: symbol.clone(),
                doc_type,
                date: date.clone(),
                title: main_title.clone(),
                agenda_item: meta.agenda.clone(),
                authors: Vec::new(),
                language: language.clone(),
                part_of: None,
                part_label: None,
                ev,
            }
        } else {
            let parent = d.parent.unwrap_or(0);
            let id = annex_id(&docs[parent].item.id, d, &used, &mut next_suffix);
            DocumentItem {
                id,
                symbol: None,
                doc_type: DocType::Other,
                date: date.clone(),
                title: d.title_block.map(block_str),
                agenda_item: meta.agenda.clone(),
                authors: Vec::new(),
                language: language.clone(),
                part_of: Some(docs[parent].item.id.clone()),
                part_label: d.label.clone(),
                ev,
            }
        };
        used.insert(item.id.clone());
        let blocks = d.blocks.clone().unwrap_or(0..0);
        let range = if blocks.is_empty() {
            0..0
        } else {
            text.norm.blocks[blocks.start].start..text.norm.blocks[blocks.end - 1].end
        };
        docs.push(Doc {
            item,
            blocks,
            range,
            parent: d.parent,
        });
    }
    if let (Some(n), Some(f)) = (
        &number_symbol,
        meta::symbol_from_frbr(&meta, doc_name.as_deref()),
    ) && n != &f
    {
        warnings.push(format!(
            "{}: <docNumber> {n} disagrees with the FRBR work URI ({f}); using {n}",
            text.source.path
        ));
    }

    let paras = paragraphs(&text, &docs, &para_recs, &mut next_suffix);
    let structure = Structure {
        docs,
        paras,
        block_doc,
        block_para,
    };

    let items = items(&text, &structure, &links, &meta, &main_id, doc_type);
    Ok(AknDocument {
        text,
        structure,
        items,
        warnings,
    })
}

/// The expression's language: `<FRBRlanguage>`, else the `.../eng@/` of
/// the expression URI.
fn language(meta: &records::Meta) -> Option<String> {
    meta.language.clone().or_else(|| {
        let e = meta.expression_this.as_deref()?;
        let at = e.find('@')?;
        let lang = e[..at].rsplit('/').next()?;
        (lang.len() == 3).then(|| lang.to_string())
    })
}

/// The id of an annex of the document `parent_id`: `{parent}/{label slug}`,
/// with a counter when another document of the file has it. The next
/// suffix to try is remembered per id, so that many annexes with one label
/// cost linear time, not quadratic.
fn annex_id(
    parent_id: &str,
    d: &records::DocRec,
    used: &BTreeSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> String {
    let base = slug(d.label.as_deref().unwrap_or("annex"));
    let first = format!("{parent_id}/{base}");
    let n = next_suffix.entry(first.clone()).or_insert(2);
    let mut id = first.clone();
    while used.contains(&id) {
        id = format!("{first}-{n}");
        *n += 1;
    }
    id
}

/// The paragraphs the markup gives, with ids unique in their document
/// (`next_suffix` is the counter table the annexes used).
fn paragraphs(
    text: &Text,
    docs: &[Doc],
    para_recs: &[records::ParaRec],
    next_suffix: &mut HashMap<String, usize>,
) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::with_capacity(para_recs.len());
    let mut ids: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for p in para_recs {
        let doc_id = &docs[p.doc].item.id;
        let mut id = format!("{doc_id}#{}", p.suffix);
        let taken = ids.entry(p.doc).or_default();
        if taken.contains(&id) {
            // As for annexes: the next suffix is remembered per id.
            let n = next_suffix.entry(id.clone()).or_insert(2);
            while taken.contains(&format!("{id}-{n}")) {
                *n += 1;
            }
            id = format!("{id}-{n}");
            *n += 1;
        }
        taken.insert(id.clone());
        let start = text.norm.blocks[p.blocks.start].start;
        let end = text.norm.blocks[p.blocks.end - 1].end;
        let parent = p.parent.map(|q| paras[q].item.id.clone());
        paras.push(Para {
            item: ParagraphItem {
                doc: doc_id.clone(),
                id,
                role: p.role,
                number: p.number.clone(),
                parent,
                clean: text.norm.text[start..end].to_string(),
                ev: text.evidence(start, end, RULE_PARAGRAPH),
            },
            range: start..end,
            doc: p.doc,
            blocks: p.blocks.clone(),
        });
    }
    paras
}

/// The items of a reading: documents, paragraphs, then the facts the
/// markup states (linked citations, the decision and its votes).
fn items(
    text: &Text,
    structure: &Structure,
    links: &[records::LinkRec],
    meta: &records::Meta,
    main_id: &str,
    doc_type: DocType,
) -> Vec<Item> {
    let mut items: Vec<Item> = structure
        .docs
        .iter()
        .map(|d| Item::Document(d.item.clone()))
        .collect();
    items.extend(
        structure
            .paras
            .iter()
            .map(|p| Item::Paragraph(p.item.clone())),
    );
    link_citations(text, structure, links, &mut items);
    let resolution = (doc_type == DocType::Resolution).then_some(main_id);
    meta::decision_items(text, meta, main_id, resolution, &mut items);
    items
}

/// One citation per link to a UN document; adjacent anchors with the same
/// target (`<a>S/</a><a>PRST/2006/41</a>`) are one citation.
fn link_citations(text: &Text, st: &Structure, links: &[records::LinkRec], out: &mut Vec<Item>) {
    let mut prev: Option<(String, usize, usize, usize)> = None; // target, start, end, block
    let mut found: Vec<(String, usize, usize, usize)> = Vec::new();
    for l in links {
        let Some(target) = crate::extract::citations::canonical_target(&l.href) else {
            continue;
        };
        if let Some(p) = prev.as_mut()
            && p.0 == target
            && p.3 == l.block
            && p.2 == l.norm.start
        {
            p.2 = l.norm.end;
            continue;
        }
        if let Some(p) = prev.take() {
            found.push(p);
        }
        prev = Some((target, l.norm.start, l.norm.end, l.block));
    }
    found.extend(prev);
    for (target, start, end, block) in found {
        let doc = st.block_doc.get(block).copied().unwrap_or(0);
        let para = st.block_para.get(block).copied().flatten();
        out.push(Item::Citation(CitationItem {
            doc: st.docs[doc].item.id.clone(),
            paragraph: para.map(|p| st.paras[p].item.id.clone()),
            target,
            pinpoint: None,
            relation: None,
            verb: None,
            ev: text.evidence(start, end, RULE_LINK),
        }));
    }
}

/// Collapses citations of the same document and target whose evidence spans
/// overlap (in the same file) into one: the widest span, the details
/// (paragraph, pinpoint, relation, verb) of whichever has them, and a rule
/// naming every rule that found it, sorted and joined with `+`
/// (`citation.akn-link+citation.resolution`).
pub fn merge_citations(items: &mut Vec<Item>) {
    // Citation indices grouped by (file, doc, target), in span order.
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        if let Item::Citation(c) = it {
            groups
                .entry((c.ev.file.clone(), c.doc.clone(), c.target.clone()))
                .or_default()
                .push(i);
        }
    }
    let mut remove: BTreeSet<usize> = BTreeSet::new();
    for (_, mut idx) in groups {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by_key(|&i| {
            let e = items[i].evidence();
            (e.start, e.end, i)
        });
        // Sweep: each run of overlapping spans becomes its first member.
        let mut keep = idx[0];
        let mut run_end = items[keep].evidence().end;
        for &i in &idx[1..] {
            let (s, e) = {
                let ev = items[i].evidence();
                (ev.start, ev.end)
            };
            if s < run_end {
                let other = match &items[i] {
                    Item::Citation(c) => c.clone(),
                    _ => continue,
                };
                if let Item::Citation(k) = &mut items[keep] {
                    absorb(k, other);
                }
                run_end = run_end.max(e);
                remove.insert(i);
            } else {
                keep = i;
                run_end = e;
            }
        }
    }
    if remove.is_empty() {
        return;
    }
    let mut i = 0;
    items.retain(|_| {
        let keep = !remove.contains(&i);
        i += 1;
        keep
    });
}

fn absorb(k: &mut CitationItem, other: CitationItem) {
    let rules: BTreeSet<&str> =
        k.ev.rule
            .split('+')
            .chain(other.ev.rule.split('+'))
            .collect();
    let rule = rules.into_iter().collect::<Vec<_>>().join("+");
    let wider = other.ev.end - other.ev.start > k.ev.end - k.ev.start
        && other.ev.start <= k.ev.start
        && other.ev.end >= k.ev.end;
    if wider {
        k.ev = Evidence {
            rule: String::new(),
            ..other.ev
        };
    }
    k.ev.rule = rule;
    k.paragraph = k.paragraph.take().or(other.paragraph);
    k.pinpoint = k.pinpoint.take().or(other.pinpoint);
    k.relation = k.relation.take().or(other.relation);
    k.verb = k.verb.take().or(other.verb);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(rule: &str, start: usize, end: usize) -> Item {
        Item::Citation(CitationItem {
            doc: "S/RES/1 (2000)".into(),
            paragraph: None,
            target: "S/RES/2 (2000)".into(),
            pinpoint: None,
            relation: (rule == rules::CITATION_RESOLUTION).then(|| "citesAsAuthority".into()),
            verb: None,
            ev: Evidence {
                file: "f.xml".into(),
                start,
                end,
                text: "x".repeat(end - start),
                rule: rule.into(),
            },
        })
    }

    #[test]
    fn overlapping_citations_of_one_target_merge_with_both_rules() {
        let mut items = vec![
            cite(RULE_LINK, 20, 31),
            cite(rules::CITATION_RESOLUTION, 5, 31),
            cite(RULE_LINK, 100, 111),
        ];
        merge_citations(&mut items);
        assert_eq!(items.len(), 2);
        let Item::Citation(c) = &items[0] else {
            panic!()
        };
        assert_eq!(c.ev.rule, "citation.akn-link+citation.resolution");
        assert_eq!((c.ev.start, c.ev.end), (5, 31));
        assert_eq!(c.relation.as_deref(), Some("citesAsAuthority"));
        assert_eq!(items[1].evidence().rule, RULE_LINK);
    }
}
