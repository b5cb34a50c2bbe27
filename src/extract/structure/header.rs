//! A document's header: what the lines above its first paragraph say about
//! it (symbol, date, language, title, type, authors, agenda item), read
//! from the masthead, the title conventions ("France: draft resolution",
//! "Resolution 2531 (2020)", "Letter dated ... from ... addressed to ..."),
//! the adoption line and a meeting record's head lines, then turned into
//! the [`Doc`] the rest of the structure pass fills.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{
    ADOPTED_LINE, Doc, ENACTING, Structure, could_be_enacting, date::parse_date, names::slug,
    names::split_names,
};
use crate::model::{DocType, DocumentItem};
use crate::rules;
use crate::symbol;
use crate::text::{BlockKind, Text};

static DRAFT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?)\s*:\s*(?:revised\s+|)(?:draft resolution|projet de résolution)$")
        .expect("valid regex")
});
static RESOLUTION_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Resolution|Résolution)\s+(\d{1,4})\s*\((\d{4})\)$").expect("valid regex")
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

/// What a document's header lines state, gathered block by block.
#[derive(Default)]
struct Header {
    symbol: Option<String>,
    date: Option<String>,
    language: Option<String>,
    title_block: Option<usize>,
    title: Option<String>,
    doc_type: Option<DocType>,
    authors: Vec<String>,
    agenda: Option<String>,
    /// Text blocks taken as title candidates so far.
    title_lines: usize,
}

/// What a header line does to the scan of the header.
enum Step {
    /// The line is read; go on with the next.
    Next,
    /// The header ends above this line.
    Stop,
}

/// Reads the document made of `blocks` (the first one its part label, when
/// it has one) into a [`Doc`]; `st` holds the documents before it.
pub(super) fn parse_document(
    text: &Text,
    blocks: Range<usize>,
    label: Option<String>,
    parent: Option<usize>,
    st: &Structure,
) -> Doc {
    let norm = &text.norm;
    let first = if label.is_some() {
        blocks.start + 1
    } else {
        blocks.start
    };
    let has_footnotes = norm.blocks[blocks.clone()]
        .iter()
        .any(|b| b.kind == BlockKind::Footnote);
    let mut h = Header::default();
    for i in first..blocks.end {
        if let Step::Stop = h.line(text, i, has_footnotes) {
            break;
        }
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
        h.date = repertoire_year(text, blocks.clone());
    }
    h.into_doc(text, blocks, body, label, parent, st)
}

impl Header {
    /// Reads block `i` of the header.
    fn line(&mut self, text: &Text, i: usize, has_footnotes: bool) -> Step {
        let norm = &text.norm;
        let b = &norm.blocks[i];
        let t = norm.block_text(b);
        match b.kind {
            BlockKind::Masthead => {
                self.masthead(t);
                return Step::Next;
            }
            BlockKind::Text => {}
            _ if self.title_block.is_some() || self.title_lines > 0 => return Step::Stop,
            _ => return Step::Next,
        }
        if could_be_enacting(t) && ENACTING.is_match(t) {
            return Step::Stop;
        }
        // A title taken only for want of a better one ("Situation in Mali"
        // above "Report of the Secretary-General") yields to a recognised
        // title among the next lines, and becomes the agenda item.
        let weak = self.title_block.is_some() && self.doc_type.is_none() && self.title_lines < 3;
        if weak
            && (could_be_draft_title(t) && DRAFT_TITLE.is_match(t)
                || could_be_letter_title(t) && LETTER_TITLE.is_match(t)
                || could_be_resolution_title(t) && RESOLUTION_TITLE.is_match(t))
        {
            if self.agenda.is_none()
                && let Some(prev) = self.title.take()
                && prev.to_lowercase().contains("situation")
            {
                self.agenda = Some(capitalize_situation(&prev));
            }
            self.title_block = None;
        }
        if self.title_block.is_none() {
            self.title(t, i, has_footnotes);
            return Step::Next;
        }
        self.after_title(t)
    }

    /// A masthead line: the symbol, the original language, the date.
    fn masthead(&mut self, t: &str) {
        if self.symbol.is_none()
            && t.contains('/')
            && let Some(c) = symbol::IN_TEXT.captures(t)
            && (t.starts_with("United Nations")
                || t.starts_with("Nations Unies")
                || c[1].len() == t.len())
        {
            self.symbol = Some(symbol::printed(&c[1]));
        }
        if let Some(rest) = t
            .strip_prefix("Original:")
            .or_else(|| t.strip_prefix("[Original:"))
        {
            self.language = language_code(rest.trim().trim_end_matches(']'));
        }
        if self.date.is_none()
            && !t.starts_with("Original")
            && !t.starts_with("[Original")
            && let Some(d) = parse_date(t)
        {
            self.date = Some(d);
        }
    }

    /// A text line while no title is taken: the title conventions, tried in
    /// order; the first short line is a title for want of a better one.
    fn title(&mut self, t: &str, i: usize, has_footnotes: bool) {
        if could_be_draft_title(t)
            && let Some(c) = DRAFT_TITLE.captures(t)
        {
            self.doc_type = Some(DocType::DraftResolution);
            self.authors = split_names(&c[1]);
            self.title_block = Some(i);
        } else if could_be_resolution_title(t)
            && let Some(c) = RESOLUTION_TITLE.captures(t)
        {
            self.doc_type = Some(DocType::Resolution);
            self.symbol = Some(format!("S/RES/{} ({})", &c[1], &c[2]));
            self.title_block = Some(i);
        } else if could_be_letter_title(t)
            && let Some(c) = LETTER_TITLE.captures(t)
        {
            self.letter_title(t, &c[1]);
            self.title_block = Some(i);
        } else if has_footnotes
            && t.starts_with(char::is_numeric)
            && let Some(c) = REPERTOIRE_HEADING.captures(t)
        {
            self.doc_type = Some(DocType::RepertoireSection);
            self.agenda = Some(c[2].trim().to_string());
            self.title_block = Some(i);
        } else if self
            .symbol
            .as_deref()
            .is_some_and(|s| s.starts_with("S/PV."))
            || t.contains(" meeting") && MEETING_LINE.is_match(t)
        {
            self.doc_type = Some(DocType::MeetingRecord);
            self.title_block = Some(i);
        } else if self.title_lines == 0 && t.len() < 300 && !t.ends_with([',', ';']) {
            self.title_block = Some(i);
        }
        if self.title_block.is_some() {
            self.title = Some(t.to_string());
        }
        self.title_lines += 1;
    }

    /// A letter-like title ("Letter dated ... from ... addressed to ..."):
    /// its kind gives the type; its date and author follow in the line.
    fn letter_title(&mut self, t: &str, kind: &str) {
        self.doc_type = Some(match kind {
            "Note" | "Note verbale" => DocType::Note,
            "Report" => DocType::Report,
            "Statement" | "Explanation of vote" => {
                if t.contains("President of the Security Council") && !t.contains("Representative")
                {
                    DocType::PresidentialStatement
                } else {
                    DocType::Statement
                }
            }
            _ => DocType::Letter,
        });
        if self.date.is_none()
            && let Some(d) = t.find("dated").and_then(|k| parse_date(&t[k..]))
        {
            self.date = Some(d);
        }
        // The match starts at the first "from " or "by ": the search
        // starts there (the word boundary still sees the byte before).
        let from = [t.find("from "), t.find("by ")].into_iter().flatten().min();
        if let Some(k) = from
            && let Some(a) = FROM_AUTHOR.captures_at(t, k)
        {
            self.authors = vec![a[1].trim().trim_end_matches(',').to_string()];
        }
    }

    /// A text line below the title: the adoption line, a meeting record's
    /// head lines, the original-language note; anything else ends the
    /// header.
    fn after_title(&mut self, t: &str) -> Step {
        if t.starts_with("Adopted by the Security Council")
            && let Some(c) = ADOPTED_LINE.captures(t)
        {
            if let Some(d) = parse_date(&c[2]) {
                self.date = Some(d);
            }
            return Step::Next;
        }
        // Header lines of meeting records: "Friday, 27 January 2023, 10 a.m.",
        // "Seventy-eighth year", "New York".
        if t.len() < 80 && self.doc_type == Some(DocType::MeetingRecord) {
            if self.date.is_none() {
                self.date = parse_date(t);
            }
            if self.agenda.is_none() && t.starts_with("The situation") {
                self.agenda = Some(t.to_string());
            }
            return Step::Next;
        }
        if t.starts_with("[Original") {
            return Step::Next;
        }
        Step::Stop
    }

    /// The document the header describes: its symbol (else a recurring
    /// running header's), its type (else the symbol's), a minted id when it
    /// has no symbol, and its evidence (the title block, else the part
    /// label, else the first block).
    fn into_doc(
        self,
        text: &Text,
        blocks: Range<usize>,
        body: &str,
        label: Option<String>,
        parent: Option<usize>,
        st: &Structure,
    ) -> Doc {
        let norm = &text.norm;
        let symbol = self.symbol.clone().or_else(|| {
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
        let doc_type = self.doc_type.unwrap_or_else(|| match &symbol {
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
                let who = self
                    .authors
                    .first()
                    .cloned()
                    .or_else(|| self.title.clone())
                    .or_else(|| self.agenda.clone())
                    .unwrap_or_else(|| "untitled".into());
                format!(
                    "x:{}:{}:{}",
                    doc_type.as_str().replace('_', "-"),
                    self.date.as_deref().unwrap_or("undated"),
                    slug(&who)
                )
            }
        };
        let ev_block = self
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
                date: self.date,
                title: self.title,
                agenda_item: self.agenda,
                authors: self.authors,
                language: self.language,
                part_of: parent.map(|p| st.docs[p].item.id.clone()),
                part_label: label,
                ev,
            },
            blocks,
            range,
            parent,
        }
    }
}

/// The year of a Repertoire section, from its "Meetings: ..., 2019" line.
fn repertoire_year(text: &Text, blocks: Range<usize>) -> Option<String> {
    let norm = &text.norm;
    norm.blocks[blocks].iter().find_map(|b| {
        let t = norm.block_text(b);
        if !t.starts_with("Meetings:") {
            return None;
        }
        YEAR_TITLE.captures(t).map(|c| c[2].to_string())
    })
}

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

/// "Situation in Mali" -> "The situation in Mali", the agenda's wording.
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
