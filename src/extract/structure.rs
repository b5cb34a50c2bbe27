//! Document structure: which documents a file holds (a letter, its annexes,
//! an enclosed draft), their identity (symbol, type, date, title, agenda
//! item, authors) and their parts (preambular and operative paragraphs,
//! sub-items, headings, footnotes, table rows, signature blocks).
//!
//! It works on the blocks of the normalized text and relies on the
//! conventions of UN documents, not on any one file: mastheads
//! (`United Nations S/2021/610`, `Distr.: General`, the date), titles
//! (`France: draft resolution`, `Resolution 2531 (2020)`, `Letter dated ...
//! from ... addressed to ...`), the enacting formula (`The Security
//! Council,`), paragraph numbers and list markers, `Annex`/`Enclosure`
//! labels and `(Signed)` blocks.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::identity;
use crate::model::{DocType, DocumentItem, Evidence, ParagraphItem, ParagraphRole};
use crate::rules;
use crate::symbol;
use crate::text::{BlockKind, Text};

/// A document found in a file, with its place in the normalized text.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The document item (id, type, date ...).
    pub item: DocumentItem,
    /// Block indices of the document (annexes nested inside are excluded).
    pub blocks: Range<usize>,
    /// Normalized span covered by the document's blocks.
    pub range: Range<usize>,
    /// Index of the containing document.
    pub parent: Option<usize>,
}

/// A paragraph with its place in the normalized text.
#[derive(Clone, Debug)]
pub struct Para {
    /// The paragraph item.
    pub item: ParagraphItem,
    /// Normalized span.
    pub range: Range<usize>,
    /// Index of the document in [`Structure::docs`].
    pub doc: usize,
    /// Block indices covered.
    pub blocks: Range<usize>,
}

/// The documents and paragraphs of one file.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    /// Documents in file order (the file's main document first).
    pub docs: Vec<Doc>,
    /// Paragraphs in file order.
    pub paras: Vec<Para>,
    /// For each block, the index of its document.
    pub block_doc: Vec<usize>,
    /// For each block, the index of its paragraph, if any.
    pub block_para: Vec<Option<usize>>,
}

impl Structure {
    /// The document containing the normalized offset `pos`.
    pub fn doc_at(&self, text: &Text, pos: usize) -> usize {
        text.norm
            .block_at(pos)
            .and_then(|b| self.block_doc.get(b).copied())
            .unwrap_or(0)
    }

    /// The paragraph containing the normalized offset `pos`.
    pub fn para_at(&self, text: &Text, pos: usize) -> Option<usize> {
        text.norm
            .block_at(pos)
            .and_then(|b| self.block_para.get(b).copied().flatten())
    }

    /// The id of the document containing `pos`.
    pub fn doc_id_at(&self, text: &Text, pos: usize) -> &str {
        &self.docs[self.doc_at(text, pos)].item.id
    }

    /// The id of the paragraph containing `pos`, if any.
    pub fn para_id_at(&self, text: &Text, pos: usize) -> Option<&str> {
        self.para_at(text, pos)
            .map(|p| self.paras[p].item.id.as_str())
    }
}

static PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Annex|Enclosure|Appendix|Annexe|Pièce jointe|Attachment)(?:\s+([IVXLC]+|\d+|[A-Z]))?\.?$")
        .expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+(\d{4})\b")
        .expect("valid regex")
});
static DRAFT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?)\s*:\s*(?:revised\s+|)(?:draft resolution|projet de résolution)$")
        .expect("valid regex")
});
static RESOLUTION_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Resolution|Résolution)\s+(\d{1,4})\s*\((\d{4})\)$").expect("valid regex")
});
static ADOPTED_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^Adopted by the Security Council(?: at its (\d+)(?:st|nd|rd|th) meeting)?,? on\s*(.+)$",
    )
    .expect("valid regex")
});
static LETTER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    // Only the kind is captured: a block's text has no line break, so what
    // follows the kind would always match `.*$`.
    Regex::new(r"^(Identical letters|Letter|Note verbale|Note|Report|Statement|Explanation of vote|Communication)\b")
        .expect("valid regex")
});
static FROM_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:from|by) (?:the )?(.+?)(?: addressed to\b|,\s+[A-Z][a-z]+ [A-Z]|$)")
        .expect("valid regex")
});
static ENACTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:The Security Council|Le Conseil de sécurité|The General Assembly|L’Assemblée générale)\s*,?$")
        .expect("valid regex")
});
static SUB_LETTER: LazyLock<Regex> = LazyLock::new(|| {
    // "(a) ", "(iv) ", and the "a. " / "iv. " style of some resolutions.
    Regex::new(r"^(?:\(\s?([a-z]{1,4})\s?\)|([a-z]|[ivx]{1,4})\.)\s").expect("valid regex")
});
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[•●▪◦–—−\-]{1,2}\s)").expect("valid regex"));
static REPERTOIRE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}[A-Z]?)\.\s+(.{3,200})$").expect("valid regex"));
static AGENDA_QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:agenda item|item entitled)(?: entitled)?\s+[“"]([^”"]{3,200})[”"]"#)
        .expect("valid regex")
});
static SITUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:on|concerning|regarding|in connection with) (the situation (?:in|concerning|between) (?:the )?[A-Z][\w’'\-]+(?:\s(?:and|of|the|[A-Z][\w’'\-]+))*)")
        .expect("valid regex")
});
static YEAR_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Meetings:\s+(.+),\s+(\d{4})$").expect("valid regex"));
static MEETING_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{3,5})(?:st|nd|rd|th) meeting\b").expect("valid regex"));

/// Parses "29 June 2020" (anywhere in `s`) into `2020-06-29`.
pub fn parse_date(s: &str) -> Option<String> {
    // The day is parsed as ASCII digits: without any, no date parses.
    if !s.bytes().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let c = DATE.captures(s)?;
    let day: u32 = c[1].parse().ok()?;
    let month = month_number(&c[2])?;
    (1..=31)
        .contains(&day)
        .then(|| format!("{}-{:02}-{:02}", &c[3], month, day))
}

/// The English month names, in order.
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_number(m: &str) -> Option<u32> {
    const EN: [&str; 12] = MONTHS_EN;
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    EN.iter()
        .chain(FR.iter())
        .position(|x| *x == m)
        .map(|i| (i % 12) as u32 + 1)
}

/// A lower-case slug for minted ids, cut after about 60 bytes at a word
/// boundary.
pub fn slug(s: &str) -> String {
    slug_capped(s, Some(60))
}

/// A lower-case slug: letters and digits kept (lower-cased), runs of
/// anything else become one `-`; with a cap, it stops at the first word
/// boundary past `cap` bytes.
pub fn slug_capped(s: &str, cap: Option<usize>) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
        if dash && cap.is_some_and(|n| out.len() > n) {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Finds the documents and paragraphs of a normalized file.
pub fn analyze(text: &Text) -> Structure {
    let norm = &text.norm;
    let nblocks = norm.blocks.len();
    // 1. Segments: the main document, then one per Annex/Enclosure label.
    let mut segments: Vec<(usize, Option<String>, Option<usize>)> = vec![(0, None, None)];
    let mut last_annex: Option<usize> = None;
    for (i, b) in norm.blocks.iter().enumerate() {
        if b.kind != BlockKind::Text {
            continue;
        }
        let t = norm.block_text(b);
        if t.len() < 40
            && could_be_part_label(t)
            && let Some(c) = PART_LABEL.captures(t)
        {
            let kind = &c[1];
            let parent = if matches!(
                kind,
                "Enclosure" | "Pièce jointe" | "Attachment" | "Appendix"
            ) {
                last_annex.unwrap_or(0)
            } else {
                0
            };
            segments.push((i, Some(t.to_string()), Some(parent)));
            if !matches!(
                kind,
                "Enclosure" | "Pièce jointe" | "Attachment" | "Appendix"
            ) {
                last_annex = Some(segments.len() - 1);
            }
        }
    }
    let mut st = Structure {
        block_doc: vec![0; nblocks],
        block_para: vec![None; nblocks],
        ..Default::default()
    };
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    for (si, (start, label, parent)) in segments.iter().enumerate() {
        let end = segments.get(si + 1).map(|s| s.0).unwrap_or(nblocks);
        let doc_idx = st.docs.len();
        for bd in &mut st.block_doc[*start..end] {
            *bd = doc_idx;
        }
        let mut doc = parse_document(text, *start..end, label.clone(), *parent, &st);
        let head_end = if label.is_none() {
            record_identity(text, &mut doc)
        } else {
            None
        };
        // Ids must be unique within a file; a clash gets a counter.
        let mut id = doc.item.id.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{}-{n}", doc.item.id);
            n += 1;
        }
        used_ids.insert(id.clone());
        doc.item.id = id;
        st.docs.push(doc);
        paragraphs(text, doc_idx, *start..end, head_end, &mut st);
    }
    st
}

/// Gives a file's main document the identity its text states in the
/// layouts of the historical record ([`identity`]), or the one its file
/// name states when the text states none. Returns the block of the
/// enacting formula when the head above it is identity only (no
/// paragraphs).
fn record_identity(text: &Text, doc: &mut Doc) -> Option<usize> {
    let item = &mut doc.item;
    let eligible = item
        .symbol
        .as_deref()
        .is_none_or(|s| s.starts_with("S/RES/"))
        && matches!(
            item.doc_type,
            DocType::Resolution
                | DocType::DraftResolution
                | DocType::Other
                | DocType::MeetingRecord
        );
    if eligible && let Some(idn) = identity::read(text, doc.blocks.clone()) {
        let (n, y) = identity::parse_res(&idn.symbol)?;
        item.id = idn.symbol.clone();
        item.symbol = Some(idn.symbol.clone());
        item.doc_type = DocType::Resolution;
        if let Some((d, _)) = &idn.date {
            item.date = Some(d.clone());
        }
        item.title = Some(format!("Resolution {n} ({y})"));
        item.ev = match (&idn.span, &idn.src) {
            (Some(span), _) => text.evidence(span.start, span.end, idn.kind.rule()),
            (None, Some(src)) => text.evidence_src(src.start, src.end, idn.kind.rule()),
            (None, None) => text.evidence(0, 0, idn.kind.rule()),
        };
        return idn.head_end;
    }
    if item.symbol.is_none()
        && let Some((sym, false)) = identity::file_symbol(&text.source.path)
    {
        item.doc_type = DocType::from_symbol(&sym);
        item.id = sym.clone();
        item.symbol = Some(sym);
        item.ev.rule = identity::FILENAME_RULE.to_string();
    }
    None
}

struct Header {
    symbol: Option<String>,
    date: Option<String>,
    language: Option<String>,
    title_block: Option<usize>,
    title: Option<String>,
    doc_type: Option<DocType>,
    authors: Vec<String>,
    agenda: Option<String>,
}

fn parse_document(
    text: &Text,
    blocks: Range<usize>,
    label: Option<String>,
    parent: Option<usize>,
    st: &Structure,
) -> Doc {
    let norm = &text.norm;
    let mut h = Header {
        symbol: None,
        date: None,
        language: None,
        title_block: None,
        title: None,
        doc_type: None,
        authors: Vec::new(),
        agenda: None,
    };
    let first = if label.is_some() {
        blocks.start + 1
    } else {
        blocks.start
    };
    let mut title_lines = 0;
    let has_footnotes = norm.blocks[blocks.clone()]
        .iter()
        .any(|b| b.kind == BlockKind::Footnote);
    for i in first..blocks.end {
        let b = &norm.blocks[i];
        let t = norm.block_text(b);
        match b.kind {
            BlockKind::Masthead => {
                if h.symbol.is_none()
                    && t.contains('/')
                    && let Some(c) = symbol::IN_TEXT.captures(t)
                    && (t.starts_with("United Nations")
                        || t.starts_with("Nations Unies")
                        || c[1].len() == t.len())
                {
                    h.symbol = Some(symbol::printed(&c[1]));
                }
                if let Some(rest) = t
                    .strip_prefix("Original:")
                    .or_else(|| t.strip_prefix("[Original:"))
                {
                    h.language = language_code(rest.trim().trim_end_matches(']'));
                }
                if h.date.is_none()
                    && !t.starts_with("Original")
                    && !t.starts_with("[Original")
                    && let Some(d) = parse_date(t)
                {
                    h.date = Some(d);
                }
                continue;
            }
            BlockKind::Text => {}
            _ => {
                if h.title_block.is_some() || title_lines > 0 {
                    break;
                }
                continue;
            }
        }
        if could_be_enacting(t) && ENACTING.is_match(t) {
            break;
        }
        // A title taken only for want of a better one ("Situation in Mali"
        // above "Report of the Secretary-General") yields to a recognised
        // title among the next lines, and becomes the agenda item.
        let weak = h.title_block.is_some() && h.doc_type.is_none() && title_lines < 3;
        if weak
            && (could_be_draft_title(t) && DRAFT_TITLE.is_match(t)
                || could_be_letter_title(t) && LETTER_TITLE.is_match(t)
                || could_be_resolution_title(t) && RESOLUTION_TITLE.is_match(t))
        {
            if h.agenda.is_none()
                && let Some(prev) = h.title.take()
                && prev.to_lowercase().contains("situation")
            {
                h.agenda = Some(capitalize_situation(&prev));
            }
            h.title_block = None;
        }
        if h.title_block.is_none() {
            if could_be_draft_title(t)
                && let Some(c) = DRAFT_TITLE.captures(t)
            {
                h.doc_type = Some(DocType::DraftResolution);
                h.authors = split_names(&c[1]);
                h.title_block = Some(i);
            } else if could_be_resolution_title(t)
                && let Some(c) = RESOLUTION_TITLE.captures(t)
            {
                h.doc_type = Some(DocType::Resolution);
                h.symbol = Some(format!("S/RES/{} ({})", &c[1], &c[2]));
                h.title_block = Some(i);
            } else if could_be_letter_title(t)
                && let Some(c) = LETTER_TITLE.captures(t)
            {
                h.doc_type = Some(match &c[1] {
                    "Note" | "Note verbale" => DocType::Note,
                    "Report" => DocType::Report,
                    "Statement" | "Explanation of vote" => {
                        if t.contains("President of the Security Council")
                            && !t.contains("Representative")
                        {
                            DocType::PresidentialStatement
                        } else {
                            DocType::Statement
                        }
                    }
                    _ => DocType::Letter,
                });
                if h.date.is_none()
                    && let Some(d) = t.find("dated").and_then(|k| parse_date(&t[k..]))
                {
                    h.date = Some(d);
                }
                // The match starts at the first "from " or "by ": the search
                // starts there (the word boundary still sees the byte before).
                let from = [t.find("from "), t.find("by ")].into_iter().flatten().min();
                if let Some(k) = from
                    && let Some(a) = FROM_AUTHOR.captures_at(t, k)
                {
                    h.authors = vec![a[1].trim().trim_end_matches(',').to_string()];
                }
                h.title_block = Some(i);
            } else if has_footnotes
                && t.starts_with(char::is_numeric)
                && let Some(c) = REPERTOIRE_HEADING.captures(t)
            {
                h.doc_type = Some(DocType::RepertoireSection);
                h.agenda = Some(c[2].trim().to_string());
                h.title_block = Some(i);
            } else if h.symbol.as_deref().is_some_and(|s| s.starts_with("S/PV."))
                || t.contains(" meeting") && MEETING_LINE.is_match(t)
            {
                h.doc_type = Some(DocType::MeetingRecord);
                h.title_block = Some(i);
            } else if title_lines == 0 && t.len() < 300 && !t.ends_with([',', ';']) {
                h.title_block = Some(i);
            }
            if h.title_block.is_some() {
                h.title = Some(t.to_string());
            }
            title_lines += 1;
            continue;
        }
        if t.starts_with("Adopted by the Security Council")
            && let Some(c) = ADOPTED_LINE.captures(t)
        {
            if let Some(d) = parse_date(&c[2]) {
                h.date = Some(d);
            }
            continue;
        }
        // Header lines of meeting records: "Friday, 27 January 2023, 10 a.m.",
        // "Seventy-eighth year", "New York".
        if t.len() < 80 && h.doc_type == Some(DocType::MeetingRecord) {
            if h.date.is_none() {
                h.date = parse_date(t);
            }
            if h.agenda.is_none() && t.starts_with("The situation") {
                h.agenda = Some(t.to_string());
            }
            continue;
        }
        if t.starts_with("[Original") {
            continue;
        }
        break;
    }
    let body = match (blocks.is_empty(), norm.blocks.get(blocks.start)) {
        (false, Some(first)) => &norm.text[first.start..norm.blocks[blocks.end - 1].end],
        _ => "",
    };
    if h.agenda.is_none() {
        h.agenda = agenda_in(body);
    }
    if h.agenda.is_none()
        && let Some(p) = parent
    {
        h.agenda = st.docs[p].item.agenda_item.clone();
    }
    if h.doc_type == Some(DocType::RepertoireSection) && h.date.is_none() {
        for b in &norm.blocks[blocks.clone()] {
            let t = norm.block_text(b);
            if t.starts_with("Meetings:")
                && let Some(c) = YEAR_TITLE.captures(t)
            {
                h.date = Some(c[2].to_string());
                break;
            }
        }
    }
    let symbol = h.symbol.clone().or_else(|| {
        // A running header is the document's symbol when it recurs: one
        // stray header line (from a page of an enclosure) is not enough.
        let first = norm.header_symbols.first()?;
        let recurs = norm
            .header_symbols
            .iter()
            .filter(|s| s.symbol == first.symbol)
            .count()
            >= 2;
        (label.is_none() && recurs).then(|| symbol::printed(&first.symbol))
    });
    let doc_type = h.doc_type.unwrap_or_else(|| match &symbol {
        Some(s) => DocType::from_symbol(s),
        None if body.contains("The Security Council,") => DocType::DraftResolution,
        None => DocType::Other,
    });
    let doc_type = match (doc_type, &symbol) {
        (DocType::Other, Some(s)) if s.starts_with("S/PV.") => DocType::MeetingRecord,
        (t, _) => t,
    };
    let id = match &symbol {
        Some(s) => s.clone(),
        None => {
            let who = h
                .authors
                .first()
                .cloned()
                .or_else(|| h.title.clone())
                .or_else(|| h.agenda.clone())
                .unwrap_or_else(|| "untitled".into());
            format!(
                "x:{}:{}:{}",
                doc_type.as_str().replace('_', "-"),
                h.date.as_deref().unwrap_or("undated"),
                slug(&who)
            )
        }
    };
    // Evidence: the title block, else the part label, else the first block.
    let ev_block = h
        .title_block
        .or(label.as_ref().map(|_| blocks.start))
        .unwrap_or(blocks.start);
    let ev = if blocks.is_empty() {
        text.evidence(0, 0, rules::STRUCTURE_DOCUMENT)
    } else {
        let b = &norm.blocks[ev_block.min(blocks.end - 1)];
        text.evidence(b.start, b.end, rules::STRUCTURE_DOCUMENT)
    };
    let range = if blocks.is_empty() {
        0..0
    } else {
        norm.blocks[blocks.start].start..norm.blocks[blocks.end - 1].end
    };
    Doc {
        item: DocumentItem {
            id,
            symbol,
            doc_type,
            date: h.date,
            title: h.title,
            agenda_item: h.agenda,
            authors: h.authors,
            language: h.language,
            part_of: parent.map(|p| st.docs[p].item.id.clone()),
            part_label: label,
            ev,
        },
        blocks,
        range,
        parent,
    }
}

/// "Situation in Mali" -> "The situation in Mali", the agenda's wording.
/// The agenda item a document names: a quoted item ("agenda item “The
/// situation in Mali”"), or else "on the situation in ...".
fn agenda_in(body: &str) -> Option<String> {
    // Both patterns contain a literal; the regexes start where it first
    // occurs (less the longest text a match can have before it), which finds
    // the same leftmost match without scanning a whole document for them.
    let from = |lit: &str, back: usize| {
        memchr::memmem::find(body.as_bytes(), lit.as_bytes()).map(|k| {
            let mut k = k.saturating_sub(back);
            while !body.is_char_boundary(k) {
                k -= 1;
            }
            k
        })
    };
    let quoted = [from("agenda item", 0), from("item entitled", 0)]
        .into_iter()
        .flatten()
        .min()
        .and_then(|k| AGENDA_QUOTED.captures_at(body, k))
        .map(|c| c[1].trim().to_string());
    quoted.or_else(|| {
        let k = from("the situation ", "in connection with ".len())?;
        SITUATION
            .captures_at(body, k)
            .map(|c| capitalize(c[1].trim()))
    })
}

fn capitalize_situation(s: &str) -> String {
    match s.strip_prefix("Situation ") {
        Some(rest) => format!("The situation {rest}"),
        None => s.to_string(),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn language_code(s: &str) -> Option<String> {
    let first = s.split([' ', ',']).next()?;
    Some(
        match first {
            "English" | "anglais" => "eng",
            "French" | "français" => "fra",
            "Spanish" | "espagnol" => "spa",
            "Russian" | "russe" => "rus",
            "Chinese" | "chinois" => "zho",
            "Arabic" | "arabe" => "ara",
            _ => return None,
        }
        .to_string(),
    )
}

/// Splits "France and the United Arab Emirates" or "A, B and C" into names.
pub fn split_names(s: &str) -> Vec<String> {
    let s = s.trim();
    let mut out = Vec::new();
    for part in s.split(", ") {
        for p in part.split(" and ") {
            let p = p.trim().trim_start_matches("and ").trim();
            if !p.is_empty() {
                out.push(p.to_string());
            }
        }
    }
    out
}

fn paragraphs(
    text: &Text,
    doc_idx: usize,
    blocks: Range<usize>,
    head_end: Option<usize>,
    st: &mut Structure,
) {
    let norm = &text.norm;
    let doc_id = st.docs[doc_idx].item.id.clone();
    let title_block = st.docs[doc_idx].item.title.as_ref().and_then(|_| {
        norm.blocks[blocks.clone()]
            .iter()
            .position(|b| Some(norm.block_text(b)) == st.docs[doc_idx].item.title.as_deref())
            .map(|k| blocks.start + k)
    });
    #[derive(PartialEq)]
    enum Mode {
        Header,
        Preamble,
        Operative,
        Body,
    }
    let mut mode = Mode::Header;
    let mut pp = 0;
    let mut body = 0;
    let mut rows = 0;
    let mut last_op: Option<(String, usize)> = None;
    let mut last_sub_label: Option<String> = None;
    let mut bullets = 0;
    let mut unnumbered = 0;
    // The ids minted so far in this document, by hash: the paragraph that
    // first had the hash (the strings are compared, so a collision costs a
    // scan, never a wrong answer).
    let first_para = st.paras.len();
    let mut ids: rustc_hash::FxHashMap<u64, usize> = Default::default();
    let mut next_suffix: rustc_hash::FxHashMap<u64, usize> = Default::default();
    let id_hash = |id: &str| {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(id)
    };
    let taken = |ids: &rustc_hash::FxHashMap<u64, usize>, paras: &[Para], id: &str| match ids
        .get(&id_hash(id))
    {
        None => false,
        Some(&p) => paras[p].item.id == id || paras[first_para..].iter().any(|p| p.item.id == id),
    };
    let mut i = blocks.start;
    while i < blocks.end {
        let b = &norm.blocks[i];
        let t = norm.block_text(b);
        let mut span_end = i + 1;
        let (role, number, parent, id) = match b.kind {
            BlockKind::Masthead => {
                i += 1;
                continue;
            }
            BlockKind::Footnote => {
                let label = b.label.clone().unwrap_or_default();
                (
                    ParagraphRole::Footnote,
                    Some(label.clone()),
                    None,
                    [doc_id.as_str(), "#fn", &label].concat(),
                )
            }
            BlockKind::TableRow => {
                rows += 1;
                (
                    ParagraphRole::TableRow,
                    None,
                    None,
                    child_id(&doc_id, "#row", rows),
                )
            }
            BlockKind::Text => {
                if Some(i) == title_block
                    || (i == blocks.start && st.docs[doc_idx].item.part_label.is_some())
                {
                    i += 1;
                    continue;
                }
                if mode == Mode::Header && head_end.is_some_and(|h| i < h) && t.len() < 300 {
                    // The head of a resolution whose identity the record's
                    // layouts gave: mastheads, headings, adoption line.
                    i += 1;
                    continue;
                }
                if mode == Mode::Header && t.starts_with("Adopted") && ADOPTED_LINE.is_match(t) {
                    i += 1;
                    continue;
                }
                if could_be_enacting(t) && ENACTING.is_match(t) {
                    mode = Mode::Preamble;
                    i += 1;
                    continue;
                }
                if t.starts_with("(Signed)") || t.starts_with("(Signé)") {
                    // The name line and the short role lines under it.
                    while span_end < blocks.end && span_end < i + 4 {
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
                    body += 1;
                    (
                        ParagraphRole::Signature,
                        None,
                        None,
                        child_id(&doc_id, "#sig", body),
                    )
                } else if mode == Mode::Header && !t.starts_with("[Original") {
                    mode = Mode::Body;
                    body += 1;
                    (
                        ParagraphRole::Body,
                        None,
                        None,
                        child_id(&doc_id, "#p", body),
                    )
                } else if mode == Mode::Header {
                    i += 1;
                    continue;
                } else if let Some(n) = op_number(t).filter(|_| mode != Mode::Body) {
                    mode = Mode::Operative;
                    let n = n.to_string();
                    last_op = Some(([doc_id.as_str(), "#op", &n].concat(), i));
                    last_sub_label = None;
                    bullets = 0;
                    (
                        ParagraphRole::Operative,
                        Some(n.clone()),
                        None,
                        [doc_id.as_str(), "#op", &n].concat(),
                    )
                } else if mode == Mode::Operative
                    && (t.starts_with('(')
                        || t.starts_with(|c: char| c.is_ascii_lowercase())
                            && t.bytes().take(6).any(|c| c == b'.'))
                    && let Some(c) = SUB_LETTER.captures(marker_prefix(t))
                {
                    let label = c
                        .get(1)
                        .or_else(|| c.get(2))
                        .map_or("", |m| m.as_str())
                        .to_string();
                    let parent_id = last_op
                        .as_ref()
                        .map(|x| x.0.clone())
                        .unwrap_or_else(|| doc_id.clone());
                    let nested = is_roman(&label)
                        && last_sub_label
                            .as_deref()
                            .is_some_and(|l| !is_roman(l) || l.len() > 1 && label == "i")
                        && !(label == "i" && last_sub_label.as_deref() == Some("h"))
                        && !(label == "v" && last_sub_label.as_deref() == Some("u"))
                        && !(label == "x" && last_sub_label.as_deref() == Some("w"));
                    let (pid, lab) = if nested {
                        let outer = last_sub_label.clone().unwrap_or_default();
                        (format!("{parent_id}.{outer}"), format!("{outer}.{label}"))
                    } else {
                        last_sub_label = Some(label.clone());
                        (parent_id.clone(), label.clone())
                    };
                    (
                        ParagraphRole::SubItem,
                        Some(format!("({label})")),
                        Some(pid),
                        format!("{parent_id}.{lab}"),
                    )
                } else if (mode == Mode::Operative || mode == Mode::Body)
                    && t.starts_with(|c: char| c == '-' || !c.is_ascii())
                    && BULLET.is_match(t)
                {
                    bullets += 1;
                    let parent_id = match (&mode, &last_op) {
                        (Mode::Operative, Some(op)) => op.0.clone(),
                        _ => child_id(&doc_id, "#p", body),
                    };
                    (
                        ParagraphRole::SubItem,
                        None,
                        Some(parent_id.clone()),
                        child_id(&parent_id, ".b", bullets),
                    )
                } else if mode == Mode::Preamble {
                    pp += 1;
                    (
                        ParagraphRole::Preambular,
                        None,
                        None,
                        child_id(&doc_id, "#pp", pp),
                    )
                } else if mode == Mode::Operative {
                    if is_heading(t) {
                        unnumbered += 1;
                        (
                            ParagraphRole::Heading,
                            None,
                            None,
                            child_id(&doc_id, "#h", unnumbered),
                        )
                    } else if let (Some(op), Some(sub)) = (&last_op, &last_sub_label) {
                        // The text under a sub-item heading ("(f) Humanitarian
                        // assistance" then "In support of ...").
                        let pid = format!("{}.{sub}", op.0);
                        bullets += 1;
                        (
                            ParagraphRole::SubItem,
                            None,
                            Some(pid.clone()),
                            child_id(&pid, ".p", bullets),
                        )
                    } else {
                        unnumbered += 1;
                        (
                            ParagraphRole::Operative,
                            None,
                            None,
                            child_id(&doc_id, "#u", unnumbered),
                        )
                    }
                } else {
                    body += 1;
                    (
                        ParagraphRole::Body,
                        None,
                        None,
                        child_id(&doc_id, "#p", body),
                    )
                }
            }
        };
        // Preamble headings ("Implementation of the Agreement ...") between
        // the last preambular and the first operative paragraph.
        let role = if role == ParagraphRole::Preambular
            && is_heading(t)
            && next_is_operative(text, i + 1, &blocks)
        {
            ParagraphRole::Heading
        } else {
            role
        };
        let mut id = id;
        if taken(&ids, &st.paras, &id) {
            // The next suffix to try is remembered per id, so that many
            // paragraphs with one number cost one step each, not a count
            // up from 2 each time.
            let next = next_suffix.entry(id_hash(&id)).or_insert(2);
            let mut n = *next;
            while taken(&ids, &st.paras, &format!("{id}-{n}")) {
                n += 1;
            }
            *next = n + 1;
            id = format!("{id}-{n}");
        }
        ids.entry(id_hash(&id)).or_insert(st.paras.len());
        let start = b.start;
        let end = norm.blocks[span_end - 1].end;
        let ev: Evidence = text.evidence(start, end, rules::STRUCTURE_PARAGRAPH);
        let pidx = st.paras.len();
        for bp in &mut st.block_para[i..span_end] {
            *bp = Some(pidx);
        }
        st.paras.push(Para {
            item: ParagraphItem {
                doc: doc_id.clone(),
                id,
                role,
                number,
                parent,
                clean: norm.text[start..end].to_string(),
                ev,
            },
            range: start..end,
            doc: doc_idx,
            blocks: i..span_end,
        });
        i = span_end;
    }
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

/// Cheap test before [`PART_LABEL`].
fn could_be_part_label(t: &str) -> bool {
    [
        "Annex",
        "Enclosure",
        "Appendix",
        "Pièce jointe",
        "Attachment",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// Cheap test before [`DRAFT_TITLE`].
fn could_be_draft_title(t: &str) -> bool {
    t.ends_with("draft resolution") || t.ends_with("projet de résolution")
}

/// Cheap test before [`RESOLUTION_TITLE`].
fn could_be_resolution_title(t: &str) -> bool {
    t.starts_with("Resolution") || t.starts_with("Résolution")
}

/// Cheap test before [`LETTER_TITLE`].
fn could_be_letter_title(t: &str) -> bool {
    [
        "Identical letters",
        "Letter",
        "Note",
        "Report",
        "Statement",
        "Explanation of vote",
        "Communication",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// Cheap test before [`ENACTING`].
fn could_be_enacting(t: &str) -> bool {
    t.len() < 40 && (t.starts_with("The ") || t.starts_with("Le ") || t.starts_with("L’"))
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}
