//! Which resolution a plain text is, for every layout in which the record
//! of 1946-2015 circulates, and the evidence that says so.
//!
//! A text states its identity in several places, and the places differ by
//! layout. Each kind of evidence has its own rule, and when they disagree
//! the strongest wins. The ranking, strongest first:
//!
//! 1. `structure.resolution.ods`: the document's own symbol in an ODS
//!    masthead (`United Nations / Security Council / S/RES/1325 (2000)`;
//!    the 1990s `Distr. GENERAL S/RES/1082 (1996) 27 November 1996`): the
//!    symbol on a line of its own or after `United Nations`, `Distr.` or
//!    `GENERAL`, above the enacting formula.
//! 2. `structure.resolution.catalogue`: the `Citation / Document Symbol`
//!    field of a web catalogue's header (see [`crate::text::catalogue`]),
//!    with its `Publication Date`.
//! 3. `structure.resolution.heading`: a heading that opens with the
//!    resolution's number and year (`Resolution 687 (1991)`, `RESOLUTION
//!    1082 (1996)`, `Security Council Resolution S/RES/516 (1982)`, with or
//!    without `of 18 May 1951` (on its line or the next), the adoption
//!    line or a bracketed subject after it); below those with a year, a
//!    web page's title by number alone (`United Nations Security Council
//!    Resolution 303`, or `Resolution 233` with its date on the line under
//!    it), its year from that date, else from the table. The word and the
//!    number are read through OCR's look-alikes (`Reso1ution 1O4 (1953)`),
//!    the number only when it goes with the year printed.
//! 4. `structure.resolution.compilation`: the entry heading of the yearly
//!    compilations (`52 Resolution of 22 June 1948 [S/852]`, `105 (1954).
//!    Resolution of 23 July 1954`): number, year when printed, date, and the
//!    symbol of the draft in brackets.
//! 5. `structure.resolution.filename`: a file name that states a symbol
//!    (`S-RES-93(1951).txt`, `S_RES_2056_2012.xml`), only when the text
//!    states none; `structure.document.filename` for other symbols
//!    (`S-2020-600.txt`).
//!
//! Evidence whose number and year disagree with the table of numbers by
//! year (`ontology/reference/resolution-numbers-by-year.csv`) is an OCR slip
//! (`S/RES/80 (1050)`, `43 (148)`): its year is taken from the table, and it
//! ranks below every intact evidence. Years and dates are read through
//! OCR's usual confusions (`I981`, `1974»`, `or 11 October`, `290(1970)`,
//! `Security Counril`). A file name that disagrees with the text is
//! reported; the text wins.
//!
//! The date, strongest first: the adoption line, the heading's `of DATE`,
//! the compilation's `Resolution of DATE`, the catalogue's `Publication
//! Date`, the masthead's date.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::Structure;
use crate::extract::structure::is_enacting;
use crate::extract::votes::adoption::{self, Adoption, MONTHS};
use crate::model::{Item, WarningItem};
use crate::rules;
use crate::symbol::{self, years};
use crate::text::{BlockKind, Text};

mod entries;
mod year;

pub use entries::entry_starts;

/// How many blocks at the top of a document can hold its identity.
const HEAD: usize = 30;

/// A kind of identity evidence, in ranking order (strongest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The ODS masthead's symbol.
    Ods,
    /// The catalogue header's document symbol.
    Catalogue,
    /// A heading with number and year.
    Heading,
    /// A yearly compilation's entry heading.
    Compilation,
    /// The file name.
    Filename,
}

impl Kind {
    /// The rule name recorded on the document item.
    pub fn rule(self) -> &'static str {
        match self {
            Kind::Ods => rules::STRUCTURE_RESOLUTION_ODS,
            Kind::Catalogue => rules::STRUCTURE_RESOLUTION_CATALOGUE,
            Kind::Heading => rules::STRUCTURE_RESOLUTION_HEADING,
            Kind::Compilation => rules::STRUCTURE_RESOLUTION_COMPILATION,
            Kind::Filename => rules::STRUCTURE_RESOLUTION_FILENAME,
        }
    }
}

/// The rule of a symbol other than a resolution's taken from a file name.
pub const FILENAME_RULE: &str = rules::STRUCTURE_DOCUMENT_FILENAME;

/// One piece of evidence for the resolution a text is.
#[derive(Clone, Debug)]
struct Candidate {
    kind: Kind,
    number: u32,
    year: u16,
    /// The number and year as written, when the year had to be repaired.
    repaired: Option<String>,
    /// Normalized span (none for the file name).
    span: Option<Range<usize>>,
    /// A date the evidence gives, with its span.
    date: Option<(String, Range<usize>)>,
    /// The draft's symbol (compilations).
    draft: Option<(String, Range<usize>)>,
    /// A title without the year: ranks below every heading that has one.
    yearless: bool,
}

/// What the text says it is.
#[derive(Clone, Debug)]
pub struct Identity {
    /// `S/RES/N (YYYY)`.
    pub symbol: String,
    /// The kind of evidence that gave it.
    pub kind: Kind,
    /// Normalized span of that evidence (`None`: the file name).
    pub span: Option<Range<usize>>,
    /// Decoded-source span of that evidence, when normalization dropped it
    /// (a masthead symbol repeated as a running header).
    pub src: Option<Range<usize>>,
    /// The adoption date, with its span.
    pub date: Option<(String, Range<usize>)>,
    /// Whether the adoption date was stated in another year than the
    /// resolution's and taken in that year: the text's date in that year,
    /// else the stated one read in it (see [`year::year_one_digit_off`]).
    pub year_repaired: bool,
    /// The draft's symbol, with its span (compilations).
    pub draft: Option<(String, Range<usize>)>,
    /// The adoption line.
    pub adoption: Option<Adoption>,
    /// The block of the enacting formula, when the head ends with one.
    pub head_end: Option<usize>,
    /// Warnings: a normalized span (or none: the file) and the message.
    pub warnings: Vec<(Option<Range<usize>>, String)>,
}

/// `S/RES/N (YYYY)`, the year as OCR may print it.
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"S/RES/(\d{1,4})\s*\(\s*([0-9IlOo]{3,4})\s*[^\w\s)]{0,2}\s*\)")
        .expect("valid regex")
});
/// A heading that opens with the resolution's number and year.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:United\s+Nations\s+|UN\s+)?Security\s+Coun\w*\s+)?(?i:r[eé]so[l1I|]u[tf][i1l|]on)\s+(?:S/RES/)?(\d[0-9IlO]{0,3})\s*\(\s*([0-9IlOo]{3,4})\s*[^\w\s)]{0,2}\s*\)").expect("valid regex")
});
/// A title that names the resolution by number alone, a line of its own
/// ("United Nations Security Council Resolution 303", "Resolution 233"):
/// web pages' titles. The year comes from the date under it, else from the
/// table of numbers by year.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:United\s+Nations\s+|UN\s+)?(?P<council>Security\s+Coun\w*)\s+)?(?i:resolution)\s+(?:S/RES/)?(\d{1,4})\b")
        .expect("valid regex")
});
/// A compilation's entry heading.
static COMPILATION: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTHS;
    Regex::new(&format!(
        r"^(\d{{1,4}})\s*(?:\(\s*([0-9IlOo]{{3,4}})\s*[^\w\s)]{{0,2}}\s*\)\s*\.?)?\s*Resolution\s+o[fr]\s+(\d{{1,2}}\s+(?:{months})\s*,?\s+[0-9IlOo]{{4}})"
    ))
    .expect("valid regex")
});
/// A draft's symbol in brackets (`[S/852]`, OCR's `[S/612l]`, `[8/1252]`
/// with an 8 for the S, `[S/ 296]` with a space after the stroke), or a
/// part of that document (`[S/714, II]`: the draft is S/714).
static DRAFT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[\s*([S8]/ ?[0-9IlO]{2,6}(?:/Rev\.\s?\d)?)(?:\s*,\s*[IVX]{1,4})?\s*\]")
        .expect("valid regex")
});

/// The number and year, the year repaired from the table when OCR broke
/// it or it disagrees with the number: `(year, repaired)`.
fn year_for(number: u32, written: Option<&str>) -> Option<(u16, bool)> {
    let y = written
        .and_then(adoption::ocr_digits)
        .and_then(|y| y.parse::<u16>().ok());
    match y {
        Some(y) if years::plausible(number, y) => {
            Some((y, written.is_some_and(|w| w.parse::<u16>().is_err())))
        }
        _ => years::year_of(number).map(|real| (real, true)),
    }
}

/// The symbol a file name states: a resolution (`S-RES-93(1951)`) or
/// another document (`S-2020-600`).
pub fn file_symbol(path: &str) -> Option<(String, bool)> {
    let name = path.rsplit(['/', '\\']).next()?;
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    symbol::in_file_name(stem)
}

/// Reads the identity of the document made of `blocks`, when its text (or,
/// failing that, its file name) says it is a resolution.
pub fn read(text: &Text, blocks: Range<usize>) -> Option<Identity> {
    let norm = &text.norm;
    let head = blocks.start..blocks.end.min(blocks.start + HEAD);
    let mut cands: Vec<Candidate> = Vec::new();
    let mut head_end = None;
    for i in head.clone() {
        let b = &norm.blocks[i];
        let t = norm.block_text(b);
        if b.kind == BlockKind::Text && is_enacting(t) {
            head_end = Some(i);
            break;
        }
        if !matches!(b.kind, BlockKind::Text | BlockKind::Masthead) {
            continue;
        }
        opening(text, blocks.clone(), i, &mut cands)?;
        symbols(text, blocks.clone(), i, &mut cands)?;
    }
    // The masthead's symbol line, dropped by normalization as a running
    // header (it recurs on every page): a decoded-source span.
    let src_span = if blocks.start == 0 {
        let limit = head_end
            .or(head.clone().last())
            .map_or(usize::MAX, |i| norm.blocks[i].src_start);
        running_header(text, limit, &mut cands)
    } else {
        None
    };
    // The file name speaks for the file's first document only.
    let file = (blocks.start == 0)
        .then(|| file_symbol(&text.source.path))
        .flatten();
    let adoption = adoption::find(text, blocks.clone());
    // The strongest: intact evidence first, then by kind, then file order.
    let best_at = cands
        .iter()
        .enumerate()
        .min_by_key(|(_, c)| {
            (
                c.repaired.is_some(),
                c.kind,
                c.yearless,
                c.span.as_ref().map_or(0, |s| s.start),
            )
        })
        .map(|(k, _)| k);
    let src = src_span.and_then(|(r, k)| (Some(k) == best_at).then_some(r));
    let Some(best) = best_at.map(|k| cands[k].clone()) else {
        // No evidence in the text: the file name's resolution symbol, if any.
        let (symbol, true) = file? else {
            return None;
        };
        let (n, y) = parse_res(&symbol)?;
        let date = adoption
            .as_ref()
            .and_then(|a| Some((a.date.clone()?, a.span.clone())));
        return Some(Identity {
            symbol: format!("S/RES/{n} ({y})"),
            kind: Kind::Filename,
            span: None,
            src: None,
            date,
            year_repaired: false,
            draft: None,
            adoption,
            head_end,
            warnings: Vec::new(),
        });
    };
    let symbol = format!("S/RES/{} ({})", best.number, best.year);
    let mut warnings = disagreements(text, &best, &cands, file.as_ref(), &symbol);
    let mut adoption = adoption;
    // The date: the adoption line's, else the strongest evidence's.
    let mut dated: Vec<&Candidate> = cands
        .iter()
        .filter(|c| c.date.is_some() && c.number == best.number)
        .collect();
    dated.sort_by_key(|c| {
        let rank = match c.kind {
            Kind::Heading => 0,
            Kind::Compilation => 1,
            Kind::Catalogue => 2,
            Kind::Ods => 3,
            Kind::Filename => 4,
        };
        (rank, c.yearless)
    });
    let date = adoption
        .as_ref()
        .and_then(|a| Some((a.date.clone()?, a.span.clone())))
        .or_else(|| dated.first().and_then(|c| c.date.clone()))
        .or_else(|| {
            let below = head_end.map_or(head.end, |e| e + 1);
            later_heading_date(text, blocks.clone(), below, &best)
        });
    // A resolution is adopted in the year its number belongs to.
    let stated = dated.iter().filter_map(|c| c.date.clone());
    let (date, year_repaired) =
        year::in_own_year(date, &mut adoption, stated, &best, &mut warnings);
    let draft = cands.iter().find_map(|c| c.draft.clone());
    Some(Identity {
        symbol,
        kind: best.kind,
        span: best.span,
        src,
        date,
        year_repaired,
        draft,
        adoption,
        head_end,
        warnings,
    })
}

/// The evidence that opens block `i`: a heading ("Resolution 687 (1991)")
/// or a compilation's entry heading ("52 Resolution of 22 June 1948
/// [S/852]"). `None` when a number does not parse, which ends the reading.
fn opening(text: &Text, blocks: Range<usize>, i: usize, cands: &mut Vec<Candidate>) -> Option<()> {
    let norm = &text.norm;
    let b = &norm.blocks[i];
    let t = norm.block_text(b);
    let at = |r: Range<usize>| b.start + r.start..b.start + r.end;
    if let Some(c) = HEADING.captures(t)
        && let Some(whole) = c.get(0).map(|m| m.range())
        && is_heading_tail(t, whole.end)
    {
        // OCR's letters for digits in the number (`1O4`, `4l`) are read
        // only when the number so read goes with the year printed.
        let written = &c[1];
        let number: u32 = adoption::ocr_digits(written)?.parse().ok()?;
        let ocr_number = written.parse::<u32>().is_err();
        let read = year_for(number, Some(&c[2])).filter(|&(y, repaired)| {
            !ocr_number || !repaired && c[2].parse::<u16>().is_ok_and(|w| w == y)
        });
        if let Some((year, repaired)) = read {
            let repaired = repaired || ocr_number;
            let date = date_after(t, whole.end)
                .map(|(d, r)| (d, at(r)))
                .or_else(|| next_line_date(text, blocks.clone(), i));
            cands.push(Candidate {
                kind: Kind::Heading,
                number,
                year,
                repaired: repaired.then(|| t[whole.clone()].to_string()),
                span: Some(at(whole)),
                date,
                draft: None,
                yearless: false,
            });
        }
    } else if let Some(c) = TITLE.captures(t) {
        // A title by number alone names a resolution when it names the
        // Council too, or when its date stands under it.
        let number: u32 = c[2].parse().ok()?;
        let end = c.get(0).map_or(0, |m| m.end());
        let date = if t[end..].trim().is_empty() {
            next_line_date(text, blocks.clone(), i)
        } else {
            // The date may share the title's line ("... Resolution 470
            // MAY 30, 1980"); anything else makes it no title.
            match date_after(t, end) {
                Some((d, r)) if t[r.end..].trim().is_empty() => Some((d, at(r))),
                _ => return Some(()),
            }
        };
        if c.name("council").is_none() && date.is_none() {
            return Some(());
        }
        let stated = date
            .as_ref()
            .and_then(|(d, _)| d.get(..4)?.parse::<u16>().ok())
            .filter(|&y| years::plausible(number, y));
        if let Some(year) = stated.or_else(|| years::year_of(number)) {
            let whole = c.get(0).map_or(0..0, |m| m.range());
            cands.push(Candidate {
                kind: Kind::Heading,
                number,
                year,
                repaired: None,
                span: Some(at(whole)),
                date,
                draft: None,
                yearless: true,
            });
        }
    } else if t.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Some(c) = COMPILATION.captures(t)
    {
        let number: u32 = c[1].parse().ok()?;
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let date = adoption::lenient_date_at(&c[3]).map(|(d, r)| {
            let base = c.get(3).map_or(0, |m| m.start());
            (d, at(base + r.start..base + r.end))
        });
        let written = c.get(2).map(|m| m.as_str().to_string());
        let written_year = written
            .clone()
            .or_else(|| date.as_ref().map(|d| d.0[..4].to_string()));
        if let Some((year, repaired)) = year_for(number, written_year.as_deref()) {
            cands.push(Candidate {
                kind: Kind::Compilation,
                number,
                year,
                repaired: repaired.then(|| t[whole.clone()].to_string()),
                span: Some(at(whole.clone())),
                date,
                draft: draft_after(text, blocks, i, whole.end),
                yearless: false,
            });
        }
    }
    Some(())
}

/// The draft's symbol of a compilation entry ending at byte `from` of block
/// `i`: in brackets after the heading, or on the next line.
fn draft_after(
    text: &Text,
    blocks: Range<usize>,
    i: usize,
    from: usize,
) -> Option<(String, Range<usize>)> {
    let norm = &text.norm;
    let b = &norm.blocks[i];
    let t = norm.block_text(b);
    if let Some(m) = DRAFT.captures_at(t, from).and_then(|d| d.get(1)) {
        return Some((
            draft_symbol(m.as_str()),
            b.start + m.start()..b.start + m.end(),
        ));
    }
    if i + 1 < blocks.end
        && let nb = &norm.blocks[i + 1]
        && let nt = norm.block_text(nb)
        && nt.trim_start().starts_with('[')
        && let Some(m) = DRAFT.captures(nt).and_then(|d| d.get(1))
    {
        return Some((
            draft_symbol(m.as_str()),
            nb.start + m.start()..nb.start + m.end(),
        ));
    }
    None
}

/// The resolution symbols in block `i`: the masthead's, the catalogue's, a
/// heading's. `None` when a number does not parse, which ends the reading.
fn symbols(text: &Text, blocks: Range<usize>, i: usize, cands: &mut Vec<Candidate>) -> Option<()> {
    let norm = &text.norm;
    let b = &norm.blocks[i];
    let t = norm.block_text(b);
    if !t.contains("S/RES/") {
        return Some(());
    }
    let prev = (i > blocks.start).then(|| norm.block_text(&norm.blocks[i - 1]).trim());
    let at = |r: Range<usize>| b.start + r.start..b.start + r.end;
    for c in SYMBOL.captures_iter(t) {
        let whole = c.get(0).map_or(0..0, |m| m.range());
        let rest = t[whole.end..].trim_start_matches(['*', ' ']);
        let kind = if prev.is_some_and(|p| p.starts_with("Citation")) {
            Kind::Catalogue
        } else if t.starts_with("United Nations")
            || t.starts_with("UNITED NATIONS")
            || t.starts_with("Nations Unies")
            || t.starts_with("Distr")
            || t.starts_with("GENERAL")
            || whole.start == 0
                && (rest.is_empty()
                    || adoption::lenient_date_at(rest).is_some_and(|(_, r)| r.start == 0))
        {
            Kind::Ods
        } else if t.starts_with("Security Coun") {
            Kind::Heading
        } else {
            continue;
        };
        let number: u32 = c[1].parse().ok()?;
        let Some((year, repaired)) = year_for(number, Some(&c[2])) else {
            continue;
        };
        let date = match kind {
            Kind::Ods => date_after(t, whole.end)
                .map(|(d, r)| (d, at(r)))
                .or_else(|| {
                    rest.is_empty()
                        .then(|| next_line_date(text, blocks.clone(), i))?
                }),
            Kind::Catalogue => catalogue_date(text, blocks.clone()),
            _ => None,
        };
        cands.push(Candidate {
            kind,
            number,
            year,
            repaired: repaired.then(|| t[whole.clone()].to_string()),
            span: Some(at(whole)),
            date,
            draft: None,
            yearless: false,
        });
    }
    Some(())
}

/// The first running-header symbol of a resolution above the decoded
/// offset `limit`, added as masthead evidence: its decoded-source span and
/// its index among the candidates.
fn running_header(
    text: &Text,
    limit: usize,
    cands: &mut Vec<Candidate>,
) -> Option<(Range<usize>, usize)> {
    let h = text
        .norm
        .header_symbols
        .iter()
        .find(|h| h.src.start < limit)?;
    let c = SYMBOL.captures(&h.symbol)?;
    let number = c[1].parse::<u32>().ok()?;
    let (year, repaired) = year_for(number, Some(&c[2]))?;
    cands.push(Candidate {
        kind: Kind::Ods,
        number,
        year,
        repaired: repaired.then(|| h.symbol.clone()),
        span: None,
        date: None,
        draft: None,
        yearless: false,
    });
    Some((h.src.clone(), cands.len() - 1))
}

/// The warnings of a reading whose strongest evidence is `best`: its year
/// repaired, other evidence naming another resolution, a file name naming
/// another symbol.
fn disagreements(
    text: &Text,
    best: &Candidate,
    cands: &[Candidate],
    file: Option<&(String, bool)>,
    symbol: &str,
) -> Vec<(Option<Range<usize>>, String)> {
    let mut warnings = Vec::new();
    if let Some(written) = &best.repaired {
        warnings.push((
            best.span.clone(),
            format!(
                "the text's identity {written:?} is read as {symbol}: resolution {} was adopted in {}",
                best.number, best.year
            ),
        ));
    }
    for c in cands {
        if c.number != best.number && c.repaired.is_none() {
            warnings.push((
                c.span.clone(),
                format!(
                    "the text also states S/RES/{} ({}) ({}); {symbol} ({}) is taken",
                    c.number,
                    c.year,
                    c.kind.rule(),
                    best.kind.rule()
                ),
            ));
        }
    }
    if let Some((fs, _)) = file
        && *fs != symbol
    {
        warnings.push((
            best.span.clone(),
            format!(
                "the file name {:?} says {fs}, but the text states {symbol} ({}); the text is taken",
                text.source.path.rsplit(['/', '\\']).next().unwrap_or(""),
                best.kind.rule()
            ),
        ));
    }
    warnings
}

/// Whether what follows "Resolution N (YYYY)" at byte `from` of `t`
/// makes it a heading: nothing, its date ("of 18 May 1951"), its adoption
/// line, or the catalogue's repetition (", Resolution 760 (1992) ...").
/// "Resolution 2531 (2020), para. 1" or "... adopted under Chapter VII"
/// are a citation and a table cell, not a heading.
fn is_heading_tail(t: &str, from: usize) -> bool {
    let rest = t[from..].trim_start_matches(|c: char| c.is_whitespace() || c == '*');
    rest.is_empty()
        || rest.starts_with('[')
        || date_after(t, from).is_some_and(|(_, r)| {
            t[r.end..].trim().is_empty() || t[r.end..].trim_start().starts_with(['[', ','])
        })
        || rest
            .trim_start_matches([',', ' '])
            .starts_with("Resolution")
        || rest
            .trim_start_matches([',', ' '])
            .starts_with("RESOLUTION")
        || adoption::statement_at_start(rest)
}

/// The number and year of `S/RES/N (YYYY)`.
pub fn parse_res(symbol: &str) -> Option<(u32, u16)> {
    let rest = symbol.strip_prefix("S/RES/")?;
    let (n, y) = rest.split_once(" (")?;
    Some((n.parse().ok()?, y.trim_end_matches(')').parse().ok()?))
}

/// A draft's symbol with OCR's damage repaired: letters for digits
/// (`S/612l` -> `S/6121`), an 8 for the S (`8/1252`), a space after the
/// stroke (`S/ 296`).
fn draft_symbol(s: &str) -> String {
    let rest = s[2..].trim_start();
    let (num, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    format!(
        "S/{}{tail}",
        adoption::ocr_digits(num).unwrap_or_else(|| num.to_string())
    )
}

/// The first date after byte `from` of `t`, if it follows at once or
/// after "of"/"or"/"on" or a comma.
fn date_after(t: &str, from: usize) -> Option<(String, Range<usize>)> {
    let rest = &t[from..];
    let (d, r) = adoption::lenient_date_at(rest)?;
    let gap = rest[..r.start].trim();
    let gap = gap.trim_matches(|c: char| c == ',' || c == '*');
    (gap.is_empty()
        || gap.len() < 4 && gap.starts_with('o')
        || gap.ends_with(" on")
        || gap.ends_with(" of"))
    .then(|| (d, from + r.start..from + r.end))
}

/// The date that stands alone on the line under block `i` ("of 9
/// September 1970", "(June 6, 1967)", "3 July 1969"): a heading's or a
/// masthead symbol's, wrapped onto a line of its own.
fn next_line_date(text: &Text, blocks: Range<usize>, i: usize) -> Option<(String, Range<usize>)> {
    let norm = &text.norm;
    let nb = norm.blocks.get(i + 1).filter(|_| i + 1 < blocks.end)?;
    if !matches!(nb.kind, BlockKind::Text | BlockKind::Masthead) {
        return None;
    }
    let nt = norm.block_text(nb);
    let (d, r) = adoption::lenient_date_at(nt)?;
    let before = nt[..r.start].trim().trim_start_matches('(').trim();
    let after =
        nt[r.end..].trim_matches(|c: char| c.is_whitespace() || matches!(c, ')' | ',' | '.'));
    (matches!(before, "" | "of" | "on" | "or") && after.is_empty())
        .then(|| (d, nb.start + r.start..nb.start + r.end))
}

/// The catalogue's `Publication Date` value.
fn catalogue_date(text: &Text, blocks: Range<usize>) -> Option<(String, Range<usize>)> {
    let norm = &text.norm;
    let end = blocks.end.min(blocks.start + HEAD);
    (blocks.start..end.saturating_sub(1)).find_map(|i| {
        (norm.block_text(&norm.blocks[i]).trim() == "Publication Date").then_some(())?;
        let b = &norm.blocks[i + 1];
        let (d, r) = adoption::lenient_date_at(norm.block_text(b))?;
        Some((d, b.start + r.start..b.start + r.end))
    })
}

/// The date of a later heading of the same resolution, below the head
/// (a page that shows a draft's text first, then "Full text of
/// resolution", "Resolution 381 (1975)" and "of 30 November 1975"): the
/// first dated heading or entry heading in `blocks` from `from` that
/// names `best`'s number and year.
fn later_heading_date(
    text: &Text,
    blocks: Range<usize>,
    from: usize,
    best: &Candidate,
) -> Option<(String, Range<usize>)> {
    (from..blocks.end).find_map(|i| {
        let b = &text.norm.blocks[i];
        if b.kind != BlockKind::Text {
            return None;
        }
        let mut cands = Vec::new();
        opening(text, blocks.clone(), i, &mut cands)?;
        cands.into_iter().find_map(|c| {
            (c.number == best.number && c.year == best.year && !c.yearless)
                .then_some(c.date)
                .flatten()
        })
    })
}

/// Adds what the identity of each top-level document of a file entails
/// (the file's main document, and each later entry of a compilation's
/// page): the decision that adopted it (see [`adoption::emit`]), and
/// warnings where the evidence disagrees (an OCR-broken year, a second
/// symbol, a file name that says something else).
pub fn extract(text: &Text, st: &Structure, out: &mut Vec<Item>) {
    for doc in st.docs.iter().filter(|d| d.parent.is_none()) {
        extract_doc(text, doc, out);
    }
}

/// [`extract`] for one top-level document of the file.
fn extract_doc(text: &Text, doc: &crate::extract::structure::Doc, out: &mut Vec<Item>) {
    let warn = |span: Option<Range<usize>>, message: String, out: &mut Vec<Item>| {
        let span = span.unwrap_or(0..0);
        out.push(Item::Warning(WarningItem {
            doc: Some(doc.item.id.clone()),
            message,
            ev: text.evidence(span.start, span.end, rules::STRUCTURE_IDENTITY),
        }));
    };
    if doc.item.ev.rule.starts_with("structure.resolution.") {
        if let Some(idn) = read(text, doc.blocks.clone()) {
            adoption::emit(text, &doc.item, &idn, doc.range.clone(), out);
            for (span, message) in idn.warnings {
                warn(span, message, out);
            }
        }
    } else if doc.blocks.start == 0
        && let Some((fs, _)) = file_symbol(&text.source.path)
        && let Some(sym) = &doc.item.symbol
        && *sym != fs
    {
        warn(
            Some(doc.range.start..doc.range.start),
            format!(
                "the file name {:?} says {fs}, but the text states {sym}; the text is taken",
                text.source.path.rsplit(['/', '\\']).next().unwrap_or("")
            ),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_that_state_a_symbol() {
        for (name, want) in [
            ("dir/S-RES-93(1951).txt", Some(("S/RES/93 (1951)", true))),
            ("S_RES_2056_2012.xml", Some(("S/RES/2056 (2012)", true))),
            ("S-RES-2531-2020.md", Some(("S/RES/2531 (2020)", true))),
            ("S-2020-600.txt", Some(("S/2020/600", false))),
            ("letter-2020-06-30-president-S-2020-600-vote.txt", None),
        ] {
            let got = file_symbol(name);
            assert_eq!(got.as_ref().map(|(s, r)| (s.as_str(), *r)), want, "{name}");
        }
    }

    #[test]
    fn years_broken_by_ocr_come_from_the_table() {
        assert_eq!(year_for(43, Some("148")), Some((1948, true)));
        assert_eq!(year_for(80, Some("1050")), Some((1950, true)));
        assert_eq!(year_for(491, Some("I981")), Some((1981, true)));
        assert_eq!(year_for(1325, Some("2000")), Some((2000, false)));
    }

    #[test]
    fn drafts_symbols_lose_ocr_letters() {
        assert_eq!(draft_symbol("S/612l"), "S/6121");
        assert_eq!(draft_symbol("S/852"), "S/852");
        assert_eq!(draft_symbol("8/1252"), "S/1252");
        assert_eq!(draft_symbol("S/ 296"), "S/296");
    }
}
