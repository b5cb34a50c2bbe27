//! Placing finished blocks: into the normalized text and its offset map,
//! then into their document (an "Annex II" heading starts the next annex)
//! and paragraph (created on its first block, numbered from its `<num>`:
//! `op5`, `op4.a`, `pp3`, `h1`, or `p2` in an annex).

use crate::model::ParagraphRole;
use crate::text::normalize::HeaderSymbol;
use crate::text::{Block, BlockKind, FootnoteRef, Link, NormText};

use super::block::{Cur, Piece};
use super::parse::{Pass, Zone};
use super::records::{LinkRec, ParaRec, new_doc};

impl Pass<'_> {
    pub(super) fn emit(&mut self, mut c: Cur) {
        // Links still open at the end of a block end with it.
        while let Some((href, start)) = c.open_links.pop() {
            if let Some(start) = start {
                c.links.push((href, start, c.buf.len()));
            }
        }
        let deferred = std::mem::take(&mut c.deferred);
        if !c.buf.is_empty() {
            self.emit_one(c);
        }
        for d in deferred {
            self.emit(d);
        }
    }

    fn emit_one(&mut self, c: Cur) {
        let norm = &mut self.out.norm;
        let start = norm.text.len();
        norm.text.push_str(&c.buf);
        let mut last_src = c.src_start.unwrap_or(0);
        for p in &c.pieces {
            match *p {
                Piece::Copy(a, z) => {
                    norm.map.copy(a..z);
                    last_src = z;
                }
                Piece::Rep(a, z, n) => {
                    norm.map.replace(a..z, n);
                    last_src = last_src.max(z);
                }
            }
        }
        let end = norm.text.len();
        let idx = norm.blocks.len();
        let kind = if c.has_doc_title {
            BlockKind::Text
        } else {
            c.kind
        };
        norm.blocks.push(Block {
            kind,
            start,
            end,
            indent: 0,
            label: c.label.clone(),
            src_start: c.src_start.unwrap_or(0),
        });
        norm.text.push('\n');
        norm.map.replace(last_src..last_src, 1);
        for (href, a, z) in c.links {
            let (sa, sz) = norm.map.src_span(start + a, start + z);
            norm.links.push(Link {
                url: href.clone(),
                src: sa..sz,
                anchor: Some(start + a..start + z),
                after_block: Some(idx),
            });
            self.out.links.push(LinkRec {
                href,
                norm: start + a..start + z,
                block: idx,
            });
        }
        for (label, pos, src) in c.refs {
            norm.footnote_refs.push(FootnoteRef {
                label,
                pos: start + pos,
                src,
            });
        }
        self.assign(idx, &c.elem, kind, c.has_doc_title, c.has_doc_number);
    }

    /// Places a finished block in its document and paragraph.
    fn assign(
        &mut self,
        idx: usize,
        elem: &str,
        kind: BlockKind,
        doc_title: bool,
        doc_number: bool,
    ) {
        let block_text = |out: &super::records::Parsed| {
            let b = &out.norm.blocks[idx];
            out.norm.text[b.start..b.end].to_string()
        };
        if self.out.docs.is_empty() {
            self.out.docs.push(new_doc(None, 0..0));
        }
        let is_heading = matches!(elem, "heading" | "subheading" | "crossHeading");
        // An "Annex II" heading inside an annex starts the next annex.
        let mut doc = self.doc;
        let mut is_label = false;
        let label = (self.out.docs[doc].parent.is_some())
            .then(|| block_text(&self.out))
            .filter(|t| is_part_label(t));
        if let Some(text) = label {
            if self.out.docs[doc].blocks.is_some() {
                let tag = self.out.docs[doc].tag.clone();
                self.out.docs.push(new_doc(Some(0), tag));
                doc = self.out.docs.len() - 1;
                self.doc = doc;
                for c in &mut self.ctxs {
                    c.doc = doc;
                    c.para = None;
                }
            }
            let d = &mut self.out.docs[doc];
            d.label = Some(text);
            d.label_block = Some(idx);
            is_label = true;
        }
        {
            let d = &mut self.out.docs[doc];
            d.blocks = Some(match &d.blocks {
                Some(r) => r.start..idx + 1,
                None => idx..idx + 1,
            });
            if doc_title && d.title_block.is_none() {
                d.title_block = Some(idx);
            }
            if d.parent.is_some() && !is_label {
                if is_heading && !d.body_started && d.title_block.is_none() {
                    d.title_block = Some(idx);
                } else if !is_heading {
                    d.body_started = true;
                }
            }
        }
        self.out.block_doc.resize(idx + 1, 0);
        self.out.block_para.resize(idx + 1, None);
        self.out.block_doc[idx] = doc;
        if doc_number && self.out.doc_number.is_none() {
            let text = block_text(&self.out);
            self.cover_symbol(idx, &text);
        }
        if is_label || kind == BlockKind::Masthead || self.zone == Zone::Cover || self.formula > 0 {
            return;
        }
        if kind == BlockKind::Footnote {
            let label = self.out.norm.blocks[idx].label.clone().unwrap_or_default();
            let p = self.new_para(
                doc,
                ParagraphRole::Footnote,
                Some(label.clone()),
                format!("fn{label}"),
                None,
                idx,
            );
            self.out.block_para[idx] = Some(p);
            return;
        }
        let para = match self.ctxs.len() {
            0 => {
                let (role, key) = if is_heading {
                    (ParagraphRole::Heading, "h")
                } else if self.zone == Zone::Preamble {
                    (ParagraphRole::Preambular, "pp")
                } else if self.out.docs[doc].parent.is_some() {
                    (ParagraphRole::Body, "p")
                } else {
                    (ParagraphRole::Operative, "u")
                };
                let n = self.count(doc, key);
                Some(self.new_para(doc, role, None, format!("{key}{n}"), None, idx))
            }
            k => self.ctx_para(k - 1, idx, is_heading),
        };
        self.out.block_para[idx] = para;
    }

    /// The paragraph of context `k` (created on its first block).
    fn ctx_para(&mut self, k: usize, idx: usize, is_heading: bool) -> Option<usize> {
        if let Some(p) = self.ctxs[k].para {
            let r = &mut self.out.paras[p].blocks;
            if r.end == idx {
                r.end = idx + 1;
            }
            return Some(p);
        }
        let doc = self.ctxs[k].doc;
        let num = self.ctxs[k].num.clone();
        let label = num.as_deref().map(num_label).filter(|l| !l.is_empty());
        let in_annex = self.out.docs[doc].parent.is_some();
        let parent = (0..k).rev().find_map(|j| self.ctxs[j].para);
        let p = if self.ctxs[k].sub && parent.is_some() {
            let parent = parent?;
            let base = self.out.paras[parent].suffix.clone();
            let suffix = match &label {
                Some(l) => format!("{base}.{l}"),
                None => {
                    let n = self.count(doc, "sub");
                    format!("{base}.s{n}")
                }
            };
            self.new_para(
                doc,
                ParagraphRole::SubItem,
                num.map(|n| n.trim().to_string()),
                suffix,
                Some(parent),
                idx,
            )
        } else if self.zone == Zone::Preamble {
            let n = self.count(doc, "pp");
            self.new_para(
                doc,
                ParagraphRole::Preambular,
                None,
                format!("pp{n}"),
                None,
                idx,
            )
        } else if is_heading && label.is_none() {
            let n = self.count(doc, "h");
            self.new_para(
                doc,
                ParagraphRole::Heading,
                None,
                format!("h{n}"),
                None,
                idx,
            )
        } else if in_annex {
            let n = self.count(doc, "p");
            self.new_para(doc, ParagraphRole::Body, label, format!("p{n}"), None, idx)
        } else {
            match label {
                Some(l) => self.new_para(
                    doc,
                    ParagraphRole::Operative,
                    Some(l.clone()),
                    format!("op{l}"),
                    None,
                    idx,
                ),
                None => {
                    if !text_has_alnum(&self.out.norm, idx) {
                        return None;
                    }
                    let n = self.count(doc, "u");
                    self.new_para(
                        doc,
                        ParagraphRole::Operative,
                        None,
                        format!("u{n}"),
                        None,
                        idx,
                    )
                }
            }
        };
        self.ctxs[k].para = Some(p);
        Some(p)
    }

    pub(super) fn count(&mut self, doc: usize, key: &'static str) -> usize {
        let c = self.out.docs[doc].counters.entry(key).or_insert(0);
        *c += 1;
        *c
    }

    fn new_para(
        &mut self,
        doc: usize,
        role: ParagraphRole,
        number: Option<String>,
        suffix: String,
        parent: Option<usize>,
        idx: usize,
    ) -> usize {
        self.out.paras.push(ParaRec {
            doc,
            role,
            number,
            suffix,
            parent,
            blocks: idx..idx + 1,
        });
        self.out.paras.len() - 1
    }

    /// Records the `<docNumber>` block: the document's own symbol, not a
    /// citation.
    fn cover_symbol(&mut self, idx: usize, text: &str) {
        let t = text.trim();
        let b = &self.out.norm.blocks[idx];
        let (a, z) = self.out.norm.map.src_span(b.start, b.end);
        self.out.norm.header_symbols.push(HeaderSymbol {
            symbol: t.to_string(),
            src: a..z,
        });
        self.out.doc_number = Some((t.to_string(), idx));
    }
}

fn text_has_alnum(norm: &NormText, idx: usize) -> bool {
    let b = &norm.blocks[idx];
    norm.text[b.start..b.end].chars().any(char::is_alphanumeric)
}

/// "(a)" -> "a", "1." -> "1", "(iv)" -> "iv".
pub(super) fn num_label(num: &str) -> String {
    num.trim()
        .trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '[' | ']') || c.is_whitespace())
        .to_string()
}

/// "Annex", "Annex I", "Annex 2", "Appendix A", "Annexe II".
fn is_part_label(t: &str) -> bool {
    let t = t.trim().trim_end_matches('.');
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    if !matches!(
        first,
        "Annex" | "Annexe" | "Appendix" | "Appendice" | "Enclosure" | "ANNEX"
    ) {
        return false;
    }
    match (words.next(), words.next()) {
        (None, _) => true,
        (Some(w), None) => {
            w.len() <= 6
                && (w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
                    || w.chars().all(|c| c.is_ascii_digit())
                    || (w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase())))
        }
        _ => false,
    }
}
