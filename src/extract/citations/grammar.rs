//! The citation grammar over the tokens of one block.
//!
//! What it reads, in UN drafting style:
//! - resolution lists after "resolution(s)": `2374 (2017)`, bare `2391`
//!   (year from an earlier mention in the document, else from the
//!   [`years`] table), General Assembly / Human Rights Council / ECOSOC
//!   `70/262` forms, joined by `,`, `and`, `or`, `as well as`, after
//!   fillers such as "in particular";
//! - a plausible `NNNN (YYYY)` anywhere (the [`years`] table decides, so
//!   "Convention No. 182 (1999)" is not a resolution);
//! - symbols (`S/2020/476`, `S/PRST/2018/10`, `S/PV.9251`, `A/RES/75/1` ...);
//! - pinpoints before ("paragraphs 2, 5 and 7 of resolution ...") and after
//!   (", para. 1", ", paras. 4 and 7", ", annex II");
//! - internal cross-references ("paragraph 14 above", "paragraph 3 of the
//!   present resolution");
//! - committee names built from resolution numbers ("the 1267/1989/2253
//!   ISIL (Da’esh) and Al-Qaida Sanctions Committee", "the 1540 Committee");
//! - "Ibid." in footnotes (resolved later, against the previous footnote).
//!
//! A number and year that disagree ("resolution 2140 (2015)"; 2140 was
//! adopted in 2014) cite the numbered resolution with the year of the
//! [`years`] table, under the rule [`YEAR_FROM_NUMBER`], and a warning
//! quoting both: the number names a resolution, the year is a slip. An
//! unknown number is a warning, never a citation.

use rustc_hash::FxHashMap as HashMap;

use super::lexer::{Tok, Token};

/// The rule of a citation whose year disagreed with its number: the year is
/// the table's ([`years`]), the number as written.
pub const YEAR_FROM_NUMBER: &str = rules::CITATION_RESOLUTION_YEAR_FROM_NUMBER;
use crate::extract::language::WORDS;
use crate::rules;
use crate::symbol::years;

/// What a mention points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Another document, by canonical symbol.
    Target(String),
    /// A paragraph of the citing document itself.
    Internal,
    /// "Ibid.": whatever the previous footnote cites.
    Ibid,
}

/// A citation found in one block; offsets are relative to the block.
#[derive(Clone, Debug)]
pub struct Raw {
    /// Start byte in the block.
    pub start: usize,
    /// End byte in the block.
    pub end: usize,
    /// The target.
    pub kind: Kind,
    /// The pinpoint, normalized ("paragraphs 4 and 7").
    pub pinpoint: Option<String>,
    /// The rule that matched.
    pub rule: &'static str,
}

/// Something wrong the grammar noticed; offsets relative to the block.
#[derive(Clone, Debug)]
pub struct RawWarning {
    /// Start byte in the block.
    pub start: usize,
    /// End byte in the block.
    pub end: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Organ {
    Council,
    Assembly,
    HumanRights,
    Ecosoc,
}

const LIST_FILLERS: &[&str] = &[
    "in",
    "particular",
    "including",
    "notably",
    "especially",
    "namely",
    "inter",
    "alia",
];
const COMMITTEE_WORDS: &[&str] = &[
    "Committee",
    "Committees",
    "Team",
    "Sanctions",
    "regime",
    "List",
    "Panel",
];

/// Scans one block.
pub struct Scanner<'a> {
    s: &'a str,
    t: &'a [Token],
    footnote: bool,
    seen: &'a mut HashMap<u32, u16>,
    /// Citations found.
    pub out: Vec<Raw>,
    /// Warnings found.
    pub warnings: Vec<RawWarning>,
}

impl<'a> Scanner<'a> {
    /// A scanner over the tokens `t` of block text `s`. `seen` maps the
    /// resolution numbers already cited with a year in this document.
    pub fn new(
        s: &'a str,
        t: &'a [Token],
        footnote: bool,
        seen: &'a mut HashMap<u32, u16>,
    ) -> Scanner<'a> {
        Scanner {
            s,
            t,
            footnote,
            seen,
            out: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Runs the grammar over the whole block.
    pub fn run(mut self) -> (Vec<Raw>, Vec<RawWarning>) {
        let toks = self.t;
        let mut i = 0;
        while i < toks.len() {
            i = match &toks[i].tok {
                Tok::Word => {
                    if self.word_is(i, &["resolution", "resolutions"]) {
                        self.res_list(i)
                    } else if self.word_is(i, &WORDS.para_words)
                        && let Some(e) = self.internal(i)
                    {
                        e
                    } else if self.footnote && self.word_is(i, &["ibid"]) {
                        self.ibid(i)
                    } else {
                        i + 1
                    }
                }
                Tok::Num(n) => {
                    let n = *n;
                    if let Some((y, next)) = self.year_at(i + 1) {
                        if years::plausible(n, y) && !self.blocked(i) {
                            self.emit_res(i, i, n, y, next, rules::CITATION_RESOLUTION)
                        } else {
                            next
                        }
                    } else if let Some(e) = self.committee(i) {
                        e
                    } else {
                        i + 1
                    }
                }
                Tok::Sym(_) => self.symbol(i, i),
                _ => i + 1,
            };
        }
        (self.out, self.warnings)
    }

    fn text(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| &self.s[t.start..t.end])
    }

    fn word_is<W: AsRef<str>>(&self, i: usize, words: &[W]) -> bool {
        match self.t.get(i) {
            Some(t) if t.tok == Tok::Word => {
                let w = &self.s[t.start..t.end];
                if w.contains('-') {
                    let w = w.replace('-', "");
                    return words.iter().any(|x| x.as_ref().eq_ignore_ascii_case(&w));
                }
                words.iter().any(|x| x.as_ref().eq_ignore_ascii_case(w))
            }
            _ => false,
        }
    }

    fn word_exact(&self, i: usize, words: &[&str]) -> bool {
        matches!(self.t.get(i), Some(t) if t.tok == Tok::Word && words.contains(&&self.s[t.start..t.end]))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        matches!(self.t.get(i), Some(Token { tok: Tok::Punct(p), .. }) if *p == c)
    }

    fn num(&self, i: usize) -> Option<u32> {
        match self.t.get(i) {
            Some(Token {
                tok: Tok::Num(n), ..
            }) => Some(*n),
            _ => None,
        }
    }

    fn is_sym(&self, i: usize) -> bool {
        matches!(
            self.t.get(i),
            Some(Token {
                tok: Tok::Sym(_),
                ..
            })
        )
    }

    /// `(2017)` at `i`: the year and the next token.
    fn year_at(&self, i: usize) -> Option<(u16, usize)> {
        if !self.punct(i, '(') || !self.punct(i + 2, ')') {
            return None;
        }
        let t = self.t.get(i + 1)?;
        let y = self.num(i + 1)?;
        (t.end - t.start == 4 && (1946..=2100).contains(&y)).then_some((y as u16, i + 3))
    }

    /// A number that is something else's number ("Convention No. 182").
    fn blocked(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        if self.word_is(i - 1, &WORDS.blockers) {
            return true;
        }
        i >= 2 && self.punct(i - 1, '.') && self.word_is(i - 2, &WORDS.blockers)
    }

    fn push(
        &mut self,
        a: usize,
        b: usize,
        kind: Kind,
        pinpoint: Option<String>,
        rule: &'static str,
    ) {
        self.out.push(Raw {
            start: a,
            end: b,
            kind,
            pinpoint,
            rule,
        });
    }

    /// Emits a citation whose span starts at token `from` (the keyword or
    /// the item) and whose item ends before token `next`; reads pinpoints
    /// before `from` and after `next`. Returns the token after it all.
    fn emit(&mut self, from: usize, next: usize, target: String, rule: &'static str) -> usize {
        let mut start = self.t[from].start;
        let mut end = self.t[next - 1].end;
        let mut pinpoint = None;
        if let Some((p_start, p)) = self.pinpoint_before(from) {
            start = p_start;
            pinpoint = Some(p);
        }
        let mut after = next;
        if let Some((p_end, p, n)) = self.pinpoint_after(next) {
            end = p_end;
            pinpoint = Some(p);
            after = n;
        }
        self.push(start, end, Kind::Target(target), pinpoint, rule);
        after
    }

    fn emit_res(
        &mut self,
        from: usize,
        _item: usize,
        n: u32,
        y: u16,
        next: usize,
        rule: &'static str,
    ) -> usize {
        self.seen.insert(n, y);
        self.emit(from, next, format!("S/RES/{n} ({y})"), rule)
    }

    fn symbol(&mut self, i: usize, from: usize) -> usize {
        let toks = self.t;
        let target = match &toks[i].tok {
            Tok::Sym(s) => s.clone(),
            _ => return i + 1,
        };
        if let Some(rest) = target.strip_prefix("S/RES/")
            && let Some((n, y)) = rest.split_once(" (")
            && let (Ok(n), Ok(y)) = (n.parse::<u32>(), y.trim_end_matches(')').parse::<u16>())
        {
            if !years::plausible(n, y) {
                let real = years::year_of(n);
                self.warnings.push(RawWarning {
                    start: self.t[i].start,
                    end: self.t[i].end,
                    message: match real {
                        Some(real) => format!(
                            "resolution number and year disagree: {target}; resolution {n} was adopted in {real}, cited as S/RES/{n} ({real})"
                        ),
                        None => format!("impossible resolution number and year: {target}"),
                    },
                });
                return match real {
                    Some(real) => self.emit_res(from, i, n, real, i + 1, YEAR_FROM_NUMBER),
                    None => i + 1,
                };
            }
            self.seen.insert(n, y);
        }
        self.emit(from, i + 1, target, rules::CITATION_SYMBOL)
    }

    /// The organ whose resolutions a keyword at `k` introduces.
    fn organ_before(&self, k: usize) -> Organ {
        let lo = k.saturating_sub(8);
        for i in (lo..k).rev() {
            match &self.t[i].tok {
                Tok::Num(_) | Tok::Sym(_) | Tok::Punct(';') => break,
                Tok::Word => {
                    if self.word_is(i, &["resolution", "resolutions"]) {
                        break;
                    }
                    if self.word_exact(i, &["Assembly"]) {
                        return Organ::Assembly;
                    }
                    if self.word_exact(i, &["ECOSOC"]) {
                        return Organ::Ecosoc;
                    }
                    if self.word_exact(i, &["Council"]) && i > 0 {
                        if self.word_exact(i - 1, &["Rights"]) {
                            return Organ::HumanRights;
                        }
                        if self.word_exact(i - 1, &["Social"]) {
                            return Organ::Ecosoc;
                        }
                        return Organ::Council;
                    }
                }
                _ => {}
            }
        }
        Organ::Council
    }

    /// A list of resolutions after the keyword at `k`.
    fn res_list(&mut self, k: usize) -> usize {
        let organ = self.organ_before(k);
        let mut j = k + 1;
        let mut skipped = 0;
        while skipped < 4 && (self.punct(j, ',') || self.word_is(j, LIST_FILLERS)) {
            j += 1;
            skipped += 1;
        }
        let mut first = true;
        loop {
            let from = if first { k } else { j };
            let toks = self.t;
            let next = match toks.get(j).map(|t| &t.tok) {
                Some(Tok::Num(n)) => {
                    let n = *n;
                    if let Some((y, e)) = self.year_at(j + 1) {
                        if years::plausible(n, y) {
                            self.emit_res(from, j, n, y, e, rules::CITATION_RESOLUTION)
                        } else {
                            let real = years::year_of(n);
                            let message = match real {
                                Some(real) => format!(
                                    "resolution number and year disagree: {n} ({y}); resolution {n} was adopted in {real}, cited as S/RES/{n} ({real})"
                                ),
                                None => format!("unknown resolution number: {n} ({y})"),
                            };
                            self.warnings.push(RawWarning {
                                start: self.t[from].start,
                                end: self.t[e - 1].end,
                                message,
                            });
                            match real {
                                // The number is the resolution's name; the
                                // year, a slip of the drafter or of OCR.
                                Some(real) if organ == Organ::Council => {
                                    self.emit_res(from, j, n, real, e, YEAR_FROM_NUMBER)
                                }
                                _ => e,
                            }
                        }
                    } else if self.punct(j + 1, '/')
                        && let Some(b) = self.num(j + 2)
                    {
                        let target = match organ {
                            Organ::HumanRights => format!("A/HRC/RES/{n}/{b}"),
                            Organ::Ecosoc => format!("E/RES/{n}/{b}"),
                            Organ::Assembly => format!("A/RES/{n}/{b}"),
                            Organ::Council if n < 100 => format!("A/RES/{n}/{b}"),
                            Organ::Council => break,
                        };
                        self.emit(from, j + 3, target, rules::CITATION_RESOLUTION_ORGAN)
                    } else if organ == Organ::Council && !self.punct(j + 1, '(') {
                        let year = self
                            .seen
                            .get(&n)
                            .copied()
                            .or_else(|| (n >= 100).then(|| years::year_of(n)).flatten());
                        match year {
                            Some(y) => self.emit(
                                from,
                                j + 1,
                                format!("S/RES/{n} ({y})"),
                                rules::CITATION_RESOLUTION_BARE,
                            ),
                            None => {
                                if n >= 100 {
                                    self.warnings.push(RawWarning {
                                        start: self.t[from].start,
                                        end: self.t[j].end,
                                        message: format!("unknown resolution number: {n}"),
                                    });
                                }
                                break;
                            }
                        }
                    } else {
                        break;
                    }
                }
                Some(Tok::Sym(_)) => self.symbol(j, from),
                _ => break,
            };
            first = false;
            j = next;
            let mut s = j;
            if self.punct(s, ',') {
                s += 1;
            }
            if self.word_is(s, &["and", "or"]) {
                s += 1;
            } else if self.word_is(s, &["as"])
                && self.word_is(s + 1, &["well"])
                && self.word_is(s + 2, &["as"])
            {
                s += 3;
            }
            if s == j || !(self.num(s).is_some() || self.is_sym(s)) {
                break;
            }
            j = s;
        }
        if first { k + 1 } else { j }
    }

    /// A list of paragraph numbers starting at token `q`: the index of its
    /// last token.
    fn numlist(&self, q: usize) -> Option<usize> {
        self.num(q)?;
        let mut last = q;
        let mut x = q + 1;
        loop {
            if self.punct(x, '(') && self.punct(x + 2, ')') && self.sub_label(x + 1) {
                last = x + 2;
                x += 3;
                continue;
            }
            let mut y = x;
            if self.punct(y, ',') {
                y += 1;
            }
            if self.word_is(y, &["and", "or", "to", "through"])
                || self.punct(y, '-')
                || self.punct(y, '–')
            {
                y += 1;
            }
            if y > x && self.num(y).is_some() {
                last = y;
                x = y + 1;
                continue;
            }
            break;
        }
        Some(last)
    }

    /// A sub-paragraph label: `a`, `ii`, `3`.
    fn sub_label(&self, i: usize) -> bool {
        match self.t.get(i) {
            Some(t) if t.tok == Tok::Word => {
                let w = &self.s[t.start..t.end];
                w.len() <= 4 && w.bytes().all(|c| c.is_ascii_lowercase())
            }
            Some(t) => matches!(t.tok, Tok::Num(_)),
            None => false,
        }
    }

    /// "paragraphs" + the list from `list_start` to `list_end`, normalized.
    fn pinpoint_text(&self, para: usize, list_start: usize, list_end: usize) -> String {
        let w = self.text(para).to_ascii_lowercase().replace('-', "");
        let plural = w.ends_with('s');
        let head = if w.starts_with("sub") {
            "subparagraph"
        } else {
            "paragraph"
        };
        let list = &self.s[self.t[list_start].start..self.t[list_end].end];
        let list: String = list.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{head}{} {list}", if plural { "s" } else { "" })
    }

    /// "paragraph 4 of [its] " before token `k`: the span start and the
    /// pinpoint.
    fn pinpoint_before(&self, k: usize) -> Option<(usize, String)> {
        let mut t = k.checked_sub(1)?;
        let mut skipped = 0;
        while skipped < 3 && self.word_is(t, &["its", "the", "security", "council", "said"]) {
            t = t.checked_sub(1)?;
            skipped += 1;
        }
        if !self.word_is(t, &["of"]) {
            return None;
        }
        let list_end = t.checked_sub(1)?;
        let mut x = list_end;
        loop {
            let ok = match &self.t[x].tok {
                Tok::Num(_) => true,
                Tok::Punct(',' | '(' | ')' | '-' | '–') => true,
                Tok::Word => {
                    self.word_is(x, &["and", "or", "to", "through"])
                        || (x > 0 && self.punct(x - 1, '(') && self.sub_label(x))
                }
                _ => false,
            };
            if !ok || x == 0 {
                break;
            }
            x -= 1;
        }
        // `x` is the token before the list: "paragraph" or "para" "."
        let mut para = x;
        if self.punct(x, '.') {
            para = x.checked_sub(1)?;
        }
        if !self.word_is(para, &WORDS.para_words) {
            return None;
        }
        let list_start = x + 1;
        if list_start > list_end || self.num(list_start).is_none() {
            return None;
        }
        let mut start_tok = para;
        if para > 0 && self.word_is(para - 1, &["operative", "preambular"]) {
            start_tok = para - 1;
        }
        Some((
            self.t[start_tok].start,
            self.pinpoint_text(para, list_start, list_end),
        ))
    }

    /// ", para. 1" / ", paras. 4 and 7" / ", annex II" at `j`: the span
    /// end, the pinpoint and the next token.
    fn pinpoint_after(&self, j: usize) -> Option<(usize, String, usize)> {
        if !self.punct(j, ',') {
            return None;
        }
        let p = j + 1;
        if self.word_is(p, &WORDS.para_words) {
            let q = if self.punct(p + 1, '.') { p + 2 } else { p + 1 };
            let last = self.numlist(q)?;
            return Some((self.t[last].end, self.pinpoint_text(p, q, last), last + 1));
        }
        if self.word_is(p, &["annex"]) {
            let label = self.t.get(p + 1)?;
            let w = &self.s[label.start..label.end];
            let roman = label.tok == Tok::Word && w.bytes().all(|c| b"IVXLC".contains(&c));
            let (end, annex, next) = if roman || matches!(label.tok, Tok::Num(_)) {
                (label.end, format!("annex {w}"), p + 2)
            } else {
                (self.t[p].end, "annex".to_string(), p + 1)
            };
            // "annex, para. 3"
            if let Some((e, para, n)) = self.pinpoint_after(next)
                && !para.starts_with("annex")
            {
                return Some((e, format!("{annex}, {para}"), n));
            }
            return Some((end, annex, next));
        }
        None
    }

    /// "paragraph 14 above", "paragraph 3 of the present resolution".
    fn internal(&mut self, i: usize) -> Option<usize> {
        let q = if self.punct(i + 1, '.') { i + 2 } else { i + 1 };
        let last = self.numlist(q)?;
        let x = last + 1;
        let end_tok = if self.word_is(x, &["above", "below"]) {
            x
        } else if self.word_is(x, &["of"]) {
            let y = if self.word_is(x + 1, &["the"]) && self.word_is(x + 2, &["present"]) {
                x + 3
            } else if self.word_is(x + 1, &["this", "the present"]) {
                x + 2
            } else {
                return None;
            };
            if !self.word_is(
                y,
                &[
                    "resolution",
                    "decision",
                    "statement",
                    "letter",
                    "report",
                    "note",
                    "annex",
                    "document",
                ],
            ) {
                return None;
            }
            y
        } else {
            return None;
        };
        let mut start_tok = i;
        if i > 0 && self.word_is(i - 1, &["operative", "preambular"]) {
            start_tok = i - 1;
        }
        let mut pinpoint = self.pinpoint_text(i, q, last);
        let mut end_tok = end_tok;
        // "paragraphs 21 above and 30 and 31 below"
        while self.word_is(end_tok, &["above", "below"])
            && self.word_is(end_tok + 1, &["and"])
            && let Some(more) = self.numlist(end_tok + 2)
            && self.word_is(more + 1, &["above", "below"])
        {
            let list = &self.s[self.t[end_tok + 2].start..self.t[more].end];
            pinpoint.push_str(" and ");
            pinpoint.push_str(&list.split_whitespace().collect::<Vec<_>>().join(" "));
            end_tok = more + 1;
        }
        self.push(
            self.t[start_tok].start,
            self.t[end_tok].end,
            Kind::Internal,
            Some(pinpoint),
            rules::CITATION_INTERNAL,
        );
        Some(end_tok + 1)
    }

    /// "Ibid." with an optional pinpoint.
    fn ibid(&mut self, i: usize) -> usize {
        let mut end = self.t[i].end;
        let mut x = i + 1;
        if self.punct(x, '.') {
            end = self.t[x].end;
            x += 1;
        }
        let mut pinpoint = None;
        if let Some((e, p, n)) = self.pinpoint_after(x) {
            end = e;
            pinpoint = Some(p);
            x = n;
        }
        self.push(
            self.t[i].start,
            end,
            Kind::Ibid,
            pinpoint,
            rules::CITATION_IBID,
        );
        x
    }

    /// Committee and regime names built from resolution numbers.
    fn committee(&mut self, i: usize) -> Option<usize> {
        let mut nums = vec![(i, self.num(i)?)];
        let mut x = i + 1;
        while self.punct(x, '/')
            && let Some(n) = self.num(x + 1)
        {
            nums.push((x + 1, n));
            x += 2;
        }
        let named = if nums.len() == 1 {
            // "the 1540 Committee"; "the 2019 Committee" is more likely a
            // year than resolution 2019 (2011).
            self.word_exact(x, &["Committee"]) && !(1990..=2035).contains(&nums[0].1)
        } else {
            let capital = self.text(x).starts_with(|c: char| c.is_uppercase());
            capital && (x..(x + 12).min(self.t.len())).any(|k| self.word_exact(k, COMMITTEE_WORDS))
        };
        if !named {
            return None;
        }
        let max = years::max_known();
        let dated: Option<Vec<(usize, u32, u16)>> = nums
            .iter()
            .map(|&(k, n)| {
                if (100..=max).contains(&n) {
                    years::year_of(n).map(|y| (k, n, y))
                } else {
                    None
                }
            })
            .collect();
        for (k, n, y) in dated? {
            self.push(
                self.t[k].start,
                self.t[k].end,
                Kind::Target(format!("S/RES/{n} ({y})")),
                None,
                rules::CITATION_RESOLUTION_COMMITTEE,
            );
        }
        Some(x)
    }
}
