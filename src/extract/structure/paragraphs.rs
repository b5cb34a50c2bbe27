//! The paragraphs of one document: a walk over its blocks that knows where
//! it is (the header, the preamble after the enacting formula, the
//! operative part, a letter's body) and gives each block its role, number,
//! parent and an id unique in the document: preambular and operative
//! paragraphs, sub-items ("(a)", "(iv)", bullets), headings, footnotes,
//! table rows and signature blocks.

use std::hash::{BuildHasher, BuildHasherDefault};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHasher};

use super::{ADOPTED_LINE, ENACTING, PART_LABEL, Para, Structure, could_be_enacting};
use crate::model::{Evidence, ParagraphItem, ParagraphRole};
use crate::rules;
use crate::text::{BlockKind, Text};

static SUB_LETTER: LazyLock<Regex> = LazyLock::new(|| {
    // "(a) ", "(iv) ", and the "a. " / "iv. " style of some resolutions.
    Regex::new(r"^(?:\(\s?([a-z]{1,4})\s?\)|([a-z]|[ivx]{1,4})\.)\s").expect("valid regex")
});
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•●▪◦–—−\-]{1,2}\s)").expect("valid regex"));

/// Where the walk is in the document.
#[derive(PartialEq)]
enum Mode {
    /// Above the first paragraph.
    Header,
    /// After the enacting formula ("The Security Council,").
    Preamble,
    /// From the first numbered paragraph of a decision.
    Operative,
    /// A document without an enacting formula (a letter, a report).
    Body,
}

/// A block's place in the document, before its id is made unique.
struct Found {
    role: ParagraphRole,
    number: Option<String>,
    parent: Option<String>,
    id: String,
}

impl Found {
    fn new(
        role: ParagraphRole,
        number: Option<String>,
        parent: Option<String>,
        id: String,
    ) -> Self {
        Found {
            role,
            number,
            parent,
            id,
        }
    }
}

/// The walk's state: the mode, the counters that number unnumbered
/// paragraphs, the last operative paragraph and sub-item label (the
/// parents of what follows), and the ids minted so far.
struct Walk<'a> {
    text: &'a Text,
    doc_idx: usize,
    doc_id: String,
    blocks: Range<usize>,
    /// The block of the enacting formula, when the head above it is
    /// identity only.
    head_end: Option<usize>,
    title_block: Option<usize>,
    /// Whether the document's first block is its part label ("Annex").
    labelled: bool,
    mode: Mode,
    pp: usize,
    body: usize,
    rows: usize,
    bullets: usize,
    unnumbered: usize,
    last_op: Option<String>,
    last_sub_label: Option<String>,
    /// The first paragraph of this document in [`Structure::paras`].
    first_para: usize,
    /// The ids minted so far in this document, by hash: the paragraph that
    /// first had the hash (the strings are compared, so a collision costs a
    /// scan, never a wrong answer).
    ids: FxHashMap<u64, usize>,
    /// The next suffix to try per id, so that many paragraphs with one
    /// number cost one step each, not a count up from 2 each time.
    next_suffix: FxHashMap<u64, usize>,
}

/// Finds the paragraphs of document `doc_idx` (made of `blocks`) and adds
/// them to `st`.
pub(super) fn paragraphs(
    text: &Text,
    doc_idx: usize,
    blocks: Range<usize>,
    head_end: Option<usize>,
    st: &mut Structure,
) {
    let norm = &text.norm;
    let doc = &st.docs[doc_idx].item;
    let title_block = doc.title.as_ref().and_then(|_| {
        norm.blocks[blocks.clone()]
            .iter()
            .position(|b| Some(norm.block_text(b)) == doc.title.as_deref())
            .map(|k| blocks.start + k)
    });
    let mut walk = Walk {
        text,
        doc_idx,
        doc_id: doc.id.clone(),
        blocks: blocks.clone(),
        head_end,
        title_block,
        labelled: doc.part_label.is_some(),
        mode: Mode::Header,
        pp: 0,
        body: 0,
        rows: 0,
        bullets: 0,
        unnumbered: 0,
        last_op: None,
        last_sub_label: None,
        first_para: st.paras.len(),
        ids: FxHashMap::default(),
        next_suffix: FxHashMap::default(),
    };
    let mut i = blocks.start;
    while i < blocks.end {
        i = match walk.block(i) {
            Some((found, span_end)) => {
                walk.push(found, i..span_end, st);
                span_end
            }
            None => i + 1,
        };
    }
}

impl Walk<'_> {
    /// The paragraph that starts at block `i` and the end of its blocks, or
    /// `None` when the block is no paragraph (a masthead, the title, the
    /// enacting formula).
    fn block(&mut self, i: usize) -> Option<(Found, usize)> {
        let text = self.text;
        let norm = &text.norm;
        let b = &norm.blocks[i];
        let found = match b.kind {
            BlockKind::Masthead => return None,
            BlockKind::Footnote => {
                let label = b.label.clone().unwrap_or_default();
                let id = [self.doc_id.as_str(), "#fn", &label].concat();
                Found::new(ParagraphRole::Footnote, Some(label), None, id)
            }
            BlockKind::TableRow => {
                self.rows += 1;
                let id = child_id(&self.doc_id, "#row", self.rows);
                Found::new(ParagraphRole::TableRow, None, None, id)
            }
            BlockKind::Text => return self.text_block(i, norm.block_text(b)),
        };
        Some((found, i + 1))
    }

    /// A text block: skipped in the header, the enacting formula switches
    /// to the preamble, a signature takes the short lines under it, and the
    /// rest is classified by the mode and its marker.
    fn text_block(&mut self, i: usize, t: &str) -> Option<(Found, usize)> {
        if Some(i) == self.title_block || (i == self.blocks.start && self.labelled) {
            return None;
        }
        if self.mode == Mode::Header && self.head_end.is_some_and(|h| i < h) && t.len() < 300 {
            // The head of a resolution whose identity the record's
            // layouts gave: mastheads, headings, adoption line.
            return None;
        }
        if self.mode == Mode::Header && t.starts_with("Adopted") && ADOPTED_LINE.is_match(t) {
            return None;
        }
        if could_be_enacting(t) && ENACTING.is_match(t) {
            self.mode = Mode::Preamble;
            return None;
        }
        if t.starts_with("(Signed)") || t.starts_with("(Signé)") {
            let span_end = self.signature_end(i);
            self.body += 1;
            let id = child_id(&self.doc_id, "#sig", self.body);
            return Some((
                Found::new(ParagraphRole::Signature, None, None, id),
                span_end,
            ));
        }
        let found = if self.mode == Mode::Header && !t.starts_with("[Original") {
            self.mode = Mode::Body;
            self.body_paragraph()
        } else if self.mode == Mode::Header {
            return None;
        } else if let Some(n) = op_number(t).filter(|_| self.mode != Mode::Body) {
            self.mode = Mode::Operative;
            let id = [self.doc_id.as_str(), "#op", n].concat();
            self.last_op = Some(id.clone());
            self.last_sub_label = None;
            self.bullets = 0;
            Found::new(ParagraphRole::Operative, Some(n.to_string()), None, id)
        } else if self.mode == Mode::Operative
            && (t.starts_with('(')
                || t.starts_with(|c: char| c.is_ascii_lowercase())
                    && t.bytes().take(6).any(|c| c == b'.'))
            && let Some(c) = SUB_LETTER.captures(marker_prefix(t))
        {
            let label = c.get(1).or_else(|| c.get(2)).map_or("", |m| m.as_str());
            self.sub_item(label)
        } else if (self.mode == Mode::Operative || self.mode == Mode::Body)
            && t.starts_with(|c: char| c == '-' || !c.is_ascii())
            && BULLET.is_match(t)
        {
            self.bullet()
        } else if self.mode == Mode::Preamble {
            self.pp += 1;
            let id = child_id(&self.doc_id, "#pp", self.pp);
            Found::new(ParagraphRole::Preambular, None, None, id)
        } else if self.mode == Mode::Operative {
            self.unnumbered_operative(t)
        } else {
            self.body_paragraph()
        };
        Some((found, i + 1))
    }

    /// The end of a signature block starting at block `i`: the name line
    /// and the short role lines under it.
    fn signature_end(&self, i: usize) -> usize {
        let norm = &self.text.norm;
        let mut span_end = i + 1;
        while span_end < self.blocks.end && span_end < i + 4 {
            let nb = &norm.blocks[span_end];
            let nt = norm.block_text(nb);
            if nb.kind != BlockKind::Text
                || nt.len() > 160
                || nt.ends_with(['.', ';', ':'])
                || PART_LABEL.is_match(nt)
                || nt.starts_with("(Signed)")
            {
                break;
            }
            span_end += 1;
        }
        span_end
    }

    /// The next paragraph of a body.
    fn body_paragraph(&mut self) -> Found {
        self.body += 1;
        let id = child_id(&self.doc_id, "#p", self.body);
        Found::new(ParagraphRole::Body, None, None, id)
    }

    /// A lettered sub-item of the last operative paragraph; a Roman
    /// numeral after a letter ("(a)" then "(i)") nests under that letter.
    fn sub_item(&mut self, label: &str) -> Found {
        let parent_id = self.last_op.clone().unwrap_or_else(|| self.doc_id.clone());
        let last = self.last_sub_label.as_deref();
        let nested = is_roman(label)
            && last.is_some_and(|l| !is_roman(l) || l.len() > 1 && label == "i")
            && !(label == "i" && last == Some("h"))
            && !(label == "v" && last == Some("u"))
            && !(label == "x" && last == Some("w"));
        let (pid, lab) = if nested {
            let outer = self.last_sub_label.clone().unwrap_or_default();
            (format!("{parent_id}.{outer}"), format!("{outer}.{label}"))
        } else {
            self.last_sub_label = Some(label.to_string());
            (parent_id.clone(), label.to_string())
        };
        Found::new(
            ParagraphRole::SubItem,
            Some(format!("({label})")),
            Some(pid),
            format!("{parent_id}.{lab}"),
        )
    }

    /// A bulleted item: under the last operative paragraph, or under the
    /// current body paragraph.
    fn bullet(&mut self) -> Found {
        self.bullets += 1;
        let parent_id = match (&self.mode, &self.last_op) {
            (Mode::Operative, Some(op)) => op.clone(),
            _ => child_id(&self.doc_id, "#p", self.body),
        };
        let id = child_id(&parent_id, ".b", self.bullets);
        Found::new(ParagraphRole::SubItem, None, Some(parent_id), id)
    }

    /// An unnumbered block in the operative part: a heading, the text under
    /// a sub-item heading, or an unnumbered operative paragraph.
    fn unnumbered_operative(&mut self, t: &str) -> Found {
        if is_heading(t) {
            self.unnumbered += 1;
            let id = child_id(&self.doc_id, "#h", self.unnumbered);
            Found::new(ParagraphRole::Heading, None, None, id)
        } else if let (Some(op), Some(sub)) = (&self.last_op, &self.last_sub_label) {
            // The text under a sub-item heading ("(f) Humanitarian
            // assistance" then "In support of ...").
            let pid = format!("{op}.{sub}");
            self.bullets += 1;
            let id = child_id(&pid, ".p", self.bullets);
            Found::new(ParagraphRole::SubItem, None, Some(pid), id)
        } else {
            self.unnumbered += 1;
            let id = child_id(&self.doc_id, "#u", self.unnumbered);
            Found::new(ParagraphRole::Operative, None, None, id)
        }
    }

    /// Adds the paragraph `found` covering `span` (block indices) to `st`,
    /// with an id made unique in the document.
    fn push(&mut self, found: Found, span: Range<usize>, st: &mut Structure) {
        let text = self.text;
        let norm = &text.norm;
        let i = span.start;
        let t = norm.block_text(&norm.blocks[i]);
        // Preamble headings ("Implementation of the Agreement ...") between
        // the last preambular and the first operative paragraph.
        let role = if found.role == ParagraphRole::Preambular
            && is_heading(t)
            && next_is_operative(text, i + 1, &self.blocks)
        {
            ParagraphRole::Heading
        } else {
            found.role
        };
        let id = self.unique(found.id, &st.paras);
        self.ids.entry(id_hash(&id)).or_insert(st.paras.len());
        let start = norm.blocks[i].start;
        let end = norm.blocks[span.end - 1].end;
        let ev: Evidence = text.evidence(start, end, rules::STRUCTURE_PARAGRAPH);
        let pidx = st.paras.len();
        for bp in &mut st.block_para[span.clone()] {
            *bp = Some(pidx);
        }
        st.paras.push(Para {
            item: ParagraphItem {
                doc: self.doc_id.clone(),
                id,
                role,
                number: found.number,
                parent: found.parent,
                clean: norm.text[start..end].to_string(),
                ev,
            },
            range: start..end,
            doc: self.doc_idx,
            blocks: span,
        });
    }

    /// `id`, or `id-2`, `id-3` ... when it is taken in this document.
    fn unique(&mut self, id: String, paras: &[Para]) -> String {
        if !self.taken(paras, &id) {
            return id;
        }
        let h = id_hash(&id);
        let mut n = self.next_suffix.get(&h).copied().unwrap_or(2);
        while self.taken(paras, &format!("{id}-{n}")) {
            n += 1;
        }
        self.next_suffix.insert(h, n + 1);
        format!("{id}-{n}")
    }

    /// Whether `id` is minted already in this document.
    fn taken(&self, paras: &[Para], id: &str) -> bool {
        match self.ids.get(&id_hash(id)) {
            None => false,
            Some(&p) => {
                paras[p].item.id == id || paras[self.first_para..].iter().any(|p| p.item.id == id)
            }
        }
    }
}

fn id_hash(id: &str) -> u64 {
    BuildHasherDefault::<FxHasher>::default().hash_one(id)
}

/// `{base}{tag}{n}`: a minted paragraph id. Built by hand: there is one per
/// paragraph, and the formatting machinery showed in profiles.
fn child_id(base: &str, tag: &str, n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut k = digits.len();
    let mut n = n;
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[k..]).expect("ASCII digits");
    let mut id = String::with_capacity(base.len() + tag.len() + digits.len());
    id.push_str(base);
    id.push_str(tag);
    id.push_str(digits);
    id
}

fn next_is_operative(text: &Text, i: usize, blocks: &Range<usize>) -> bool {
    text.norm.blocks[i..blocks.end]
        .iter()
        .find(|b| b.kind == BlockKind::Text)
        .is_some_and(|b| {
            op_number(text.norm.block_text(b)).is_some() || is_heading(text.norm.block_text(b))
        })
}

fn is_heading(t: &str) -> bool {
    t.len() < 200
        && !t.ends_with(['.', ',', ';', ':'])
        && t.starts_with(|c: char| c.is_uppercase())
        && op_number(t).is_none()
}

/// The number of an operative paragraph: one to three digits, a full stop,
/// then white space or the end ("4. Decides").
fn op_number(t: &str) -> Option<&str> {
    let digits = t.bytes().take(4).take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = t[digits..].strip_prefix('.')?;
    rest.chars()
        .next()
        .is_none_or(char::is_whitespace)
        .then(|| &t[..digits])
}

/// The start of `t` that holds any [`SUB_LETTER`] match (at most 15 bytes:
/// a parenthesis, four letters, a parenthesis and three white-space
/// characters of up to three bytes): the regex then looks at a short text
/// instead of a whole paragraph.
fn marker_prefix(t: &str) -> &str {
    let mut cut = t.len().min(16);
    while !t.is_char_boundary(cut) {
        cut += 1;
    }
    &t[..cut]
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}
