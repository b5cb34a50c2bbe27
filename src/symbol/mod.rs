//! What a UN document symbol is, in one place: its grammar, its families
//! and its canonical form, for everyone who reads or writes one.
//!
//! Callers need symbols in four shapes, all derived from here:
//! - running text, scanned byte by byte ([`parse_at`], used by the citation
//!   lexer) or by a regex ([`IN_TEXT`], the masthead; [`RECORD`], meeting
//!   records), whose pieces are the constants below;
//! - a line of page furniture that looks like a symbol ([`LINE`]);
//! - a symbol as printed, written or linked, turned into its canonical form
//!   ([`printed`], [`canonical_target`]) or as a user types it ([`typed`]);
//! - a whole string parsed into a typed [`Symbol`] (`FromStr`), whose
//!   `Display` is the canonical form.
//!
//! The canonical form: the organ letter and `/`-separated segments without
//! spaces, the suffixes spelled `Add.N`, `Corr.N`, `Rev.N`, `Amend.N`, a
//! Council resolution's year after one space (`S/RES/2374 (2017)`), a
//! meeting record's resumption likewise (`S/PV.9251 (Resumption 1)`).
//!
//! Hand-written rather than a parser crate: the grammar is a dozen lines
//! of segments, and the scanner must run inside the citation lexer at a
//! byte offset without allocating for non-symbols.

mod scan;
pub mod years;

use std::fmt;
use std::str::FromStr;

pub use scan::{canonical_target, is_impossible, parse_at};

/// The organs whose letters open a symbol.
pub const ORGANS: &str = "[ASE]";
/// A Council resolution with its year, as a regex: `RES/2374 (2017)`.
pub const RESOLUTION: &str = r"RES/\d+\s?\(\d{4}\)";
/// A presidential statement, as a regex: `PRST/2018/10`.
pub const STATEMENT: &str = r"PRST/\d{4}/\d+";
/// A meeting record's number, as a regex: `PV.9251`.
pub const MEETING: &str = r"PV\.\d+";
/// A meeting record's resumption, as a regex: ` (Resumption 1)`.
pub const RESUMPTION: &str = r"\s?\(Resumption\s?\d+\)";
/// A document of a year, as a regex: `2020/476`.
pub const DOCUMENT: &str = r"\d{4}/\d+";
/// The suffixes a document may carry, as a regex: `/Add.1/Corr.2`.
pub const SUFFIXES: &str = r"(?:/(?:Add|Corr|Rev)\.\d+)*";
/// Any other series ending on a digit, as a regex: `AC.51/2020/6`.
pub const SERIES: &str = r"[A-Z][A-Za-z0-9.\-/]+\d";

/// A symbol in running text (group 1), every family.
pub static IN_TEXT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"\b({ORGANS}/(?:{RESOLUTION}|{STATEMENT}|{MEETING}(?:{RESUMPTION})?|{DOCUMENT}{SUFFIXES}|{SERIES}))"
    ))
    .expect("valid regex")
});

/// A meeting record symbol in running text (`S/PV.9251`, `S/PV.9251
/// (Resumption 1)`).
pub static RECORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!(r"\bS/{MEETING}(?:{RESUMPTION})?")).expect("valid regex")
});

/// A line that is nothing but a symbol (a masthead's or a running header's),
/// as a regex: capitals, `/`-separated segments, perhaps a year.
pub const LINE: &str = r"^[A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s*\(\d{4}\))?$";

/// Normalizes a symbol as printed (`S/RES/2531(2020)`, `S/PV.9251.`) to its
/// canonical form (`S/RES/2531 (2020)`): trailing punctuation dropped, one
/// space before a resolution's year or a record's resumption. Anything else
/// is kept as printed.
pub fn printed(s: &str) -> String {
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    if let Some(i) = s.find('(')
        && !s[..i].ends_with(' ')
        && (s.starts_with("S/RES/") || s.starts_with("S/PV."))
    {
        return format!("{} {}", &s[..i], &s[i..]);
    }
    s.to_string()
}

/// The canonical symbol a reference typed by a user spells, when it spells
/// one: `2531` and `res 2531` give the prefix `S/RES/2531 (` (a number
/// without its year), `resolution 2531 (2020)` gives `S/RES/2531 (2020)`,
/// `s / 2020 / 600` gives `S/2020/600`. Only Council symbols.
pub fn typed(input: &str) -> Option<String> {
    if let Some((n, y)) = typed_resolution(input) {
        return Some(match y {
            Some(y) => format!("S/RES/{n} ({y})"),
            None => format!("S/RES/{n} ("),
        });
    }
    let parts: Vec<String> = input
        .split('/')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if parts.len() > 1 && parts[0].eq_ignore_ascii_case("s") {
        let mut s = parts.join("/").to_uppercase();
        // "S/RES/2531(2020)" -> "S/RES/2531 (2020)"
        if let Some(i) = s.find('(')
            && i > 0
            && !s[..i].ends_with(' ')
        {
            s.insert(i, ' ');
        }
        return Some(s);
    }
    None
}

static TYPED_RESOLUTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?ix)^\s*
        (?: s\s*/\s*res\s*/\s* | res(?:olution)?\.?\s*(?:no\.?\s*)? )?
        (\d{1,4})
        \s*(?:\(\s*(\d{4})\s*\))?\s*$",
    )
    .expect("valid regex")
});

/// A typed resolution reference: the number without leading zeros, and the
/// year when given.
fn typed_resolution(input: &str) -> Option<(&str, Option<&str>)> {
    let c = TYPED_RESOLUTION.captures(input)?;
    let n = c.get(1)?.as_str().trim_start_matches('0');
    Some((n, c.get(2).map(|y| y.as_str())))
}

static FILE_RES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^S[-_ ]RES[-_ ](\d{1,4})\s*[-_ ]?\(?(\d{4})\)?$").expect("valid regex")
});
static FILE_DOC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^S[-_ ](\d{4})[-_ ](\d{1,5})$").expect("valid regex")
});

/// The symbol a file name (without folder and extension) states: a
/// resolution (`S-RES-93(1951)`, `S_RES_2100_(2013)`) or a document
/// (`S-2020-476`), canonical, and whether it is a resolution.
pub fn in_file_name(stem: &str) -> Option<(String, bool)> {
    if let Some(c) = FILE_RES.captures(stem) {
        return Some((format!("S/RES/{} ({})", &c[1], &c[2]), true));
    }
    FILE_DOC
        .captures(stem)
        .map(|c| (format!("S/{}/{}", &c[1], &c[2]), false))
}

/// The organ a symbol belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Organ {
    /// `S`: the Security Council.
    Council,
    /// `A`: the General Assembly.
    Assembly,
    /// `E`: the Economic and Social Council.
    Ecosoc,
}

impl Organ {
    /// The organ's letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Organ::Council => "S",
            Organ::Assembly => "A",
            Organ::Ecosoc => "E",
        }
    }

    fn from_letter(c: u8) -> Option<Organ> {
        match c {
            b'S' => Some(Organ::Council),
            b'A' => Some(Organ::Assembly),
            b'E' => Some(Organ::Ecosoc),
            _ => None,
        }
    }
}

/// A suffix's kind: an addendum, a corrigendum, a revision, an amendment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuffixKind {
    /// `Add.N`.
    Add,
    /// `Corr.N`.
    Corr,
    /// `Rev.N`.
    Rev,
    /// `Amend.N`.
    Amend,
}

impl SuffixKind {
    /// Every kind, as spelled in a symbol.
    pub const ALL: [SuffixKind; 4] = [
        SuffixKind::Add,
        SuffixKind::Corr,
        SuffixKind::Rev,
        SuffixKind::Amend,
    ];

    /// The kind as spelled in a symbol.
    pub fn as_str(self) -> &'static str {
        match self {
            SuffixKind::Add => "Add",
            SuffixKind::Corr => "Corr",
            SuffixKind::Rev => "Rev",
            SuffixKind::Amend => "Amend",
        }
    }
}

/// One suffix: `/Add.1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suffix {
    /// Addendum, corrigendum, revision or amendment.
    pub kind: SuffixKind,
    /// Its number.
    pub number: u32,
}

/// A UN document symbol, by family. `Display` gives the canonical form;
/// `FromStr` parses a whole symbol as a document prints it (the resolution's
/// year completed from the table of numbers when it is missing).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    /// A Council resolution, `S/RES/2374 (2017)` (without a year only when
    /// the number is beyond the table of years).
    Resolution {
        /// The resolution's number.
        number: u32,
        /// The year of adoption.
        year: Option<u16>,
    },
    /// A Council document of a year, `S/2020/476/Add.1`.
    Document {
        /// The year.
        year: u16,
        /// The number within the year.
        number: u32,
        /// Addenda, corrigenda, revisions.
        suffixes: Vec<Suffix>,
    },
    /// A presidential statement, `S/PRST/2018/10`.
    Statement {
        /// The year.
        year: u16,
        /// The number within the year.
        number: u32,
        /// Corrigenda and the like.
        suffixes: Vec<Suffix>,
    },
    /// A meeting record, `S/PV.9251 (Resumption 1)` or `S/PV.4/Corr.1` (a
    /// record has a resumption or suffixes, not both).
    Record {
        /// The meeting's number.
        meeting: u32,
        /// The part of a resumed meeting.
        resumption: Option<u32>,
        /// Corrigenda and the like.
        suffixes: Vec<Suffix>,
    },
    /// A Council document numbered in one series, as before 1994 (`S/852`,
    /// the drafts of the 1940s-60s; `S/25704/Add.1`).
    Numbered {
        /// The number.
        number: u32,
        /// Addenda, corrigenda, revisions.
        suffixes: Vec<Suffix>,
    },
    /// A document of a Council committee, `S/AC.51/2020/6`.
    Committee {
        /// The committee's number (`AC.51`).
        committee: u32,
        /// The rest after the committee, `2020/6`.
        rest: String,
    },
    /// A resolution of another organ, `A/RES/48/134`, `E/RES/2020/12`.
    OrganResolution {
        /// The Assembly or ECOSOC.
        organ: Organ,
        /// What follows `RES/`: `48/134`.
        rest: String,
    },
    /// Any other symbol, kept as canonicalised (`A/78/2`, `A/HRC/RES/45/34`,
    /// `S/CN.6/2020/1`).
    Other {
        /// The organ.
        organ: Organ,
        /// What follows the organ's `/`.
        rest: String,
    },
}

/// Why a string is not a symbol.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a UN document symbol")]
pub struct NotASymbol {
    /// The string given.
    pub input: String,
}

impl FromStr for Symbol {
    type Err = NotASymbol;

    fn from_str(s: &str) -> Result<Symbol, NotASymbol> {
        let err = || NotASymbol {
            input: s.to_string(),
        };
        let t = s.trim();
        match scan::scan(t, 0, 1) {
            Some((end, canon)) if end == t.len() => Symbol::classify(&canon).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

/// A number as a canonical form writes it: digits without a leading zero.
fn num<T: FromStr>(s: &str) -> Option<T> {
    let ok =
        !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if ok { s.parse().ok() } else { None }
}

/// `/Add.1/Corr.2` (without the first `/`) into suffixes.
fn suffixes(s: &str) -> Option<Vec<Suffix>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    s.split('/')
        .map(|p| {
            let (k, n) = p.split_once('.')?;
            let kind = SuffixKind::ALL.into_iter().find(|x| x.as_str() == k)?;
            Some(Suffix {
                kind,
                number: num(n)?,
            })
        })
        .collect()
}

/// A number, then perhaps `/` and suffixes.
fn number_and_suffixes(s: &str) -> Option<(u32, Vec<Suffix>)> {
    let (n, rest) = s.split_once('/').unwrap_or((s, ""));
    if s.ends_with('/') {
        return None;
    }
    Some((num(n)?, suffixes(rest)?))
}

impl Symbol {
    /// The family of a canonical form, as [`parse_at`] gives it.
    fn classify(canon: &str) -> Option<Symbol> {
        let organ = Organ::from_letter(*canon.as_bytes().first()?)?;
        let rest = canon.get(2..)?;
        let other = || Symbol::Other {
            organ,
            rest: rest.to_string(),
        };
        if organ != Organ::Council {
            return Some(match rest.strip_prefix("RES/") {
                Some(r) => Symbol::OrganResolution {
                    organ,
                    rest: r.to_string(),
                },
                None => other(),
            });
        }
        let typed = if let Some(r) = rest.strip_prefix("RES/") {
            match r.split_once(" (") {
                Some((n, y)) => y.strip_suffix(')').and_then(|y| {
                    Some(Symbol::Resolution {
                        number: num(n)?,
                        year: Some(num(y).filter(|y| *y >= 1000)?),
                    })
                }),
                None => num(r).map(|number| Symbol::Resolution { number, year: None }),
            }
        } else if let Some(r) = rest.strip_prefix("PRST/") {
            let (y, r) = r.split_once('/')?;
            number_and_suffixes(r).and_then(|(number, suffixes)| {
                Some(Symbol::Statement {
                    year: num(y).filter(|y| *y >= 1000)?,
                    number,
                    suffixes,
                })
            })
        } else if let Some(r) = rest.strip_prefix("PV.") {
            match r.split_once(" (Resumption ") {
                Some((m, n)) => n.strip_suffix(')').and_then(|n| {
                    Some(Symbol::Record {
                        meeting: num(m)?,
                        resumption: Some(num(n)?),
                        suffixes: Vec::new(),
                    })
                }),
                None => number_and_suffixes(r).map(|(meeting, suffixes)| Symbol::Record {
                    meeting,
                    resumption: None,
                    suffixes,
                }),
            }
        } else if let Some(r) = rest.strip_prefix("AC.") {
            let (n, r) = r.split_once('/')?;
            num(n).map(|committee| Symbol::Committee {
                committee,
                rest: r.to_string(),
            })
        } else {
            let (first, r) = rest.split_once('/').unwrap_or((rest, ""));
            let year_doc = (first.len() == 4)
                .then(|| num::<u16>(first).filter(|y| *y >= 1000))
                .flatten()
                .filter(|_| r.bytes().next().is_some_and(|c| c.is_ascii_digit()));
            match year_doc {
                Some(year) => number_and_suffixes(r).map(|(number, suffixes)| Symbol::Document {
                    year,
                    number,
                    suffixes,
                }),
                None => number_and_suffixes(rest)
                    .map(|(number, suffixes)| Symbol::Numbered { number, suffixes }),
            }
        };
        Some(typed.unwrap_or_else(other))
    }

    /// The organ the symbol belongs to.
    pub fn organ(&self) -> Organ {
        match self {
            Symbol::OrganResolution { organ, .. } | Symbol::Other { organ, .. } => *organ,
            _ => Organ::Council,
        }
    }

    /// The family's name, for messages and tests: `resolution`, `document`,
    /// `statement`, `record`, `numbered`, `committee`, `organ_resolution`,
    /// `other`.
    pub fn family(&self) -> &'static str {
        match self {
            Symbol::Resolution { .. } => "resolution",
            Symbol::Document { .. } => "document",
            Symbol::Statement { .. } => "statement",
            Symbol::Record { .. } => "record",
            Symbol::Numbered { .. } => "numbered",
            Symbol::Committee { .. } => "committee",
            Symbol::OrganResolution { .. } => "organ_resolution",
            Symbol::Other { .. } => "other",
        }
    }
}

struct Suffixes<'a>(&'a [Suffix]);

impl fmt::Display for Suffixes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in self.0 {
            write!(f, "/{}.{}", s.kind.as_str(), s.number)?;
        }
        Ok(())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Symbol::Resolution { number, year } => {
                write!(f, "S/RES/{number}")?;
                match year {
                    Some(y) => write!(f, " ({y})"),
                    None => Ok(()),
                }
            }
            Symbol::Document {
                year,
                number,
                suffixes,
            } => write!(f, "S/{year}/{number}{}", Suffixes(suffixes)),
            Symbol::Statement {
                year,
                number,
                suffixes,
            } => write!(f, "S/PRST/{year}/{number}{}", Suffixes(suffixes)),
            Symbol::Record {
                meeting,
                resumption,
                suffixes,
            } => {
                write!(f, "S/PV.{meeting}{}", Suffixes(suffixes))?;
                match resumption {
                    Some(r) => write!(f, " (Resumption {r})"),
                    None => Ok(()),
                }
            }
            Symbol::Numbered { number, suffixes } => {
                write!(f, "S/{number}{}", Suffixes(suffixes))
            }
            Symbol::Committee { committee, rest } => write!(f, "S/AC.{committee}/{rest}"),
            Symbol::OrganResolution { organ, rest } => write!(f, "{}/RES/{rest}", organ.as_str()),
            Symbol::Other { organ, rest } => write!(f, "{}/{rest}", organ.as_str()),
        }
    }
}
