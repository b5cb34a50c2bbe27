//! Citation extraction: table-driven cases (clean and PDF-noisy), mention
//! level precision and recall against the UN editors' links of the Akoma
//! Ntoso sample (clean and noisy), and hand-checked gold for the seed
//! documents.

use std::collections::BTreeMap;

use serde::Deserialize;
use unsc_kg::extract::extract_text;
use unsc_kg::model::{CitationItem, Item};
use unsc_kg::text::Text;

use crate::util;

// ---------------------------------------------------------------------------
// A PDF-noisy rendering of a clean text.

/// A deterministic pseudo-random sequence (no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// How the noisy rendering lays out lines.
pub(crate) struct Noise {
    /// Wrap width range.
    pub(crate) width: (usize, usize),
    /// Lines between page breaks.
    pub(crate) page_lines: usize,
    /// Blank line after every line (PDF text extraction), or single lines.
    pub(crate) double_spaced: bool,
    /// Lines at the top copied as they are (masthead).
    pub(crate) keep_head: usize,
    /// Also break the page at the first wrap after this character offset.
    pub(crate) break_after: Option<usize>,
}

/// Renders `clean` (one paragraph a line) as PDF text: lines wrapped,
/// long words that occur elsewhere in the text hyphenated at the wrap,
/// page-header blocks (job number, page mark, the document symbol) inserted
/// between wrapped lines, wherever the page ends (also inside citations).
/// Returns the noisy text and, for every character offset of `clean` (and
/// its end), the byte offset in the noisy text.
pub(crate) fn pdf_noisy(
    clean: &str,
    symbol: &str,
    noise: &Noise,
    seed: u64,
) -> (String, Vec<usize>) {
    let mut rng = Lcg(seed);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for w in clean.split(|c: char| !c.is_alphabetic()) {
        if !w.is_empty() {
            *counts.entry(w).or_default() += 1;
        }
    }
    let nl = if noise.double_spaced { "\n\n" } else { "\n" };
    let mut out = String::with_capacity(clean.len() * 2);
    let mut map = Vec::with_capacity(clean.len() + 1);
    let mut lines_on_page = 0;
    let mut page = 1;
    let mut pending_break = noise.break_after;
    let mut pos = 0; // characters of `clean` consumed, line starts
    let header = |out: &mut String, page: &mut usize| {
        *page += 1;
        out.push_str(&format!(
            "\n\n17-12345 {page}/30 \n\n \n\n{symbol} \n\n \n\n",
            page = *page
        ));
    };
    for (li, line) in clean.split('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let line_pos = pos;
        pos += chars.len() + 1;
        if li < noise.keep_head || chars.is_empty() {
            for c in &chars {
                map.push(out.len());
                out.push(*c);
            }
            map.push(out.len());
            out.push_str(nl);
            continue;
        }
        let width = noise.width.0 + rng.next(noise.width.1 - noise.width.0 + 1);
        let operative = line.starts_with(|c: char| c.is_ascii_digit());
        if !operative {
            out.push(' ');
        }
        let mut col = 0;
        let mut i = 0;
        while i < chars.len() {
            // The next word (up to the next space).
            let mut j = i;
            while j < chars.len() && chars[j] != ' ' {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let wlen = j - i;
            if col > 0 && col + wlen > width {
                let hyphenate = wlen >= 8
                    && word.chars().all(char::is_alphabetic)
                    && counts.get(word.as_str()).copied().unwrap_or(0) >= 2
                    && rng.next(3) == 0;
                if hyphenate {
                    let cut = wlen / 2;
                    for c in &chars[i..i + cut] {
                        map.push(out.len());
                        out.push(*c);
                    }
                    out.push('-');
                    i += cut;
                }
                out.push_str(nl);
                lines_on_page += 1;
                col = 0;
                let forced = pending_break.is_some_and(|b| line_pos + i >= b);
                if lines_on_page >= noise.page_lines || forced {
                    header(&mut out, &mut page);
                    lines_on_page = 0;
                    if forced {
                        pending_break = None;
                    }
                }
                if hyphenate {
                    continue_word(&chars, &mut i, j, &mut out, &mut map, &mut col);
                    if i < chars.len() {
                        map.push(out.len());
                        out.push(' ');
                        i += 1;
                        col += 1;
                    }
                    continue;
                }
            }
            continue_word(&chars, &mut i, j, &mut out, &mut map, &mut col);
            if i < chars.len() {
                // The space after the word: kept unless the line wraps here.
                map.push(out.len());
                out.push(' ');
                i += 1;
                col += 1;
            }
        }
        map.push(out.len());
        out.push_str(nl);
        lines_on_page += 1;
    }
    map.truncate(clean.chars().count() + 1);
    while map.len() < clean.chars().count() + 1 {
        map.push(out.len());
    }
    (out, map)
}

fn continue_word(
    chars: &[char],
    i: &mut usize,
    j: usize,
    out: &mut String,
    map: &mut Vec<usize>,
    col: &mut usize,
) {
    while *i < j {
        map.push(out.len());
        out.push(chars[*i]);
        *i += 1;
        *col += 1;
    }
}

fn citations(items: &[Item]) -> Vec<&CitationItem> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Citation(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A quoted span of the noisy rendering as the clean text has it: page
/// header lines dropped, line-end hyphens undone, white space collapsed.
fn denoise(s: &str) -> String {
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| *w != "S/2099/1" && !w.starts_with("17-12345") && !w.ends_with("/30"))
        .collect();
    let mut out = String::new();
    for w in words {
        if out.ends_with('-') && w.starts_with(|c: char| c.is_lowercase()) {
            let before = out[..out.len() - 1].chars().last();
            if before.is_some_and(char::is_alphabetic) {
                out.pop();
                out.push_str(w);
                continue;
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

// ---------------------------------------------------------------------------
// Table-driven cases.

#[derive(Deserialize)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    expect: Vec<Expect>,
    #[serde(default)]
    warnings: usize,
    /// Skip the noisy rendering (with the reason).
    #[serde(default)]
    clean_only: Option<String>,
}

#[derive(Deserialize)]
struct Expect {
    /// Canonical target; `SELF` for the citing document itself.
    target: String,
    /// The quoted span (whitespace collapsed).
    #[serde(default)]
    span: Option<String>,
    #[serde(default)]
    pinpoint: Option<String>,
    #[serde(default)]
    relation: Option<String>,
    /// The rule name (`citation.symbol+link` ...).
    #[serde(default)]
    rule: Option<String>,
}

fn check_case(file: &str, case: &Case, text: &str, noisy: bool) -> Result<(), String> {
    let t = Text::from_str("case.txt", text);
    let items = extract_text(&t);
    let cits = citations(&items);
    let warnings = items.iter().filter(|i| i.kind() == "warning").count();
    let got: Vec<String> = cits
        .iter()
        .map(|c| {
            let target = if c.target == c.doc { "SELF" } else { &c.target };
            format!(
                "{target} | {} | {}",
                c.pinpoint.as_deref().unwrap_or("-"),
                squash(&c.ev.text)
            )
        })
        .collect();
    let ctx = || {
        format!(
            "{file} / {} ({}):\n got: {got:#?}\n text: {text:?}",
            case.name,
            if noisy { "noisy" } else { "clean" }
        )
    };
    if cits.len() != case.expect.len() {
        return Err(format!(
            "expected {} citations, got {}\n{}",
            case.expect.len(),
            cits.len(),
            ctx()
        ));
    }
    for (c, e) in cits.iter().zip(&case.expect) {
        let target = if c.target == c.doc {
            "SELF"
        } else {
            c.target.as_str()
        };
        if target != e.target {
            return Err(format!("target {target} != {}\n{}", e.target, ctx()));
        }
        if c.pinpoint != e.pinpoint {
            return Err(format!(
                "pinpoint {:?} != {:?}\n{}",
                c.pinpoint,
                e.pinpoint,
                ctx()
            ));
        }
        if let Some(span) = &e.span {
            let quoted = if noisy {
                denoise(&c.ev.text)
            } else {
                squash(&c.ev.text)
            };
            if quoted != *span {
                return Err(format!("span {:?} != {span:?}\n{}", c.ev.text, ctx()));
            }
        }
        if let Some(rule) = &e.rule
            && c.ev.rule != *rule
        {
            return Err(format!("rule {} != {rule}\n{}", c.ev.rule, ctx()));
        }
        if let Some(rel) = &e.relation
            && c.relation.as_deref() != Some(rel.as_str())
        {
            return Err(format!("relation {:?} != {rel}\n{}", c.relation, ctx()));
        }
    }
    if warnings != case.warnings {
        return Err(format!(
            "expected {} warnings, got {warnings}\n{}",
            case.warnings,
            ctx()
        ));
    }
    Ok(())
}

#[test]
fn citation_cases_clean_and_noisy() {
    let dir = util::root().join("tests/testdata/citations");
    let files = util::sorted_files(&dir, Some("toml"));
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut n = 0;
    for path in &files {
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let src = std::fs::read_to_string(path).expect("read case file");
        let cases: CaseFile = toml::from_str(&src).unwrap_or_else(|e| panic!("{name}: {e}"));
        for case in &cases.case {
            n += 1;
            if let Err(e) = check_case(&name, case, &case.text, false) {
                failures.push(e);
            }
            if case.clean_only.is_none() {
                // Enough running text before the case for the file to read
                // as double-spaced PDF text; the page breaks mid-case.
                let filler = "Noting the efforts of the parties concerned and of the regional organizations in this regard,\n".repeat(4);
                let full = format!("{filler}{}", case.text);
                let noise = Noise {
                    width: (18, 30),
                    page_lines: 1000,
                    double_spaced: true,
                    keep_head: 0,
                    break_after: Some(filler.chars().count() + case.text.chars().count() / 2),
                };
                // Seeded by the case name: adding a case changes no other.
                let seed = case.name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
                    (h ^ b as u64).wrapping_mul(0x100000001b3)
                });
                let (noisy, _) = pdf_noisy(&full, "S/2099/1", &noise, seed);
                if let Err(e) = check_case(&name, case, &noisy, true) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------------
// Precision and recall against the Akoma Ntoso sample's links.

#[derive(Deserialize)]
struct GoldLink {
    txt_file: String,
    start: usize,
    end: usize,
    anchor_text: String,
    target_symbol: String,
}

/// Rules whose mentions the UN editors never link (bare numbers, committee
/// names, cross-references): they are not scored for precision.
fn scored(c: &CitationItem) -> bool {
    c.target != c.doc
        && !c.ev.rule.starts_with("citation.resolution.bare")
        && !c.ev.rule.starts_with("citation.resolution.committee")
}

struct Score {
    tp_pred: usize,
    pred: usize,
    found: usize,
    gold: usize,
    unscored: usize,
    /// Gold spans that the rendering broke across lines or pages.
    broken: usize,
    misses: Vec<String>,
    false_pos: Vec<String>,
}

fn score_sample(noisy: bool) -> Score {
    let root = util::corpus("akn-sample");
    let mut rdr = csv::Reader::from_path(root.join("links.csv")).expect("links.csv");
    let mut gold: BTreeMap<String, Vec<GoldLink>> = BTreeMap::new();
    for row in rdr.deserialize::<GoldLink>() {
        let g = row.expect("gold row");
        gold.entry(g.txt_file.clone()).or_default().push(g);
    }
    let files = util::sorted_files(&root.join("text"), None);
    let mut s = Score {
        tp_pred: 0,
        pred: 0,
        found: 0,
        gold: 0,
        unscored: 0,
        broken: 0,
        misses: vec![],
        false_pos: vec![],
    };
    for (fi, path) in files.iter().enumerate() {
        let name = format!("text/{}", path.file_name().expect("name").to_string_lossy());
        let clean = std::fs::read_to_string(path).expect("read");
        let symbol = clean.lines().nth(1).unwrap_or("").to_string();
        // Byte offset of every character (and the end).
        let mut char_bytes: Vec<usize> = clean.char_indices().map(|(b, _)| b).collect();
        char_bytes.push(clean.len());
        let (text, map) = if noisy {
            let noise = Noise {
                width: (60, 90),
                page_lines: 45,
                double_spaced: true,
                keep_head: 8,
                break_after: None,
            };
            pdf_noisy(&clean, &symbol, &noise, fi as u64 + 7)
        } else {
            (clean.clone(), char_bytes.clone())
        };
        let t = Text::from_str(&name, &text);
        let items = extract_text(&t);
        let cits = citations(&items);
        let golds = gold.get(&name).map(Vec::as_slice).unwrap_or(&[]);
        let spans: Vec<(usize, usize, &str)> = golds
            .iter()
            .map(|g| (map[g.start], map[g.end], g.target_symbol.as_str()))
            .collect();
        let overlaps = |c: &CitationItem, (a, b, t): (usize, usize, &str)| {
            c.target == t && c.ev.start < b && a < c.ev.end
        };
        for (g, &sp) in golds.iter().zip(&spans) {
            s.gold += 1;
            if text[sp.0..sp.1].contains('\n') {
                s.broken += 1;
            }
            if cits.iter().any(|c| overlaps(c, sp)) {
                s.found += 1;
            } else {
                s.misses.push(format!(
                    "{name}: {} {:?} near {:?}",
                    g.target_symbol,
                    g.anchor_text,
                    &text[sp.0.saturating_sub(60)..sp.1.min(text.len())]
                ));
            }
        }
        for c in &cits {
            if !scored(c) {
                s.unscored += 1;
                continue;
            }
            s.pred += 1;
            if spans.iter().any(|&sp| overlaps(c, sp)) {
                s.tp_pred += 1;
            } else {
                s.false_pos.push(format!(
                    "{name}: {} {:?} ({})",
                    c.target, c.ev.text, c.ev.rule
                ));
            }
        }
    }
    s
}

fn report(label: &str, s: &Score) -> (f64, f64) {
    let p = s.tp_pred as f64 / s.pred.max(1) as f64;
    let r = s.found as f64 / s.gold.max(1) as f64;
    println!(
        "akn-sample {label}: precision {p:.4} ({}/{}), recall {r:.4} ({}/{}), {} unscored (bare, committee, internal), {} gold spans broken across lines",
        s.tp_pred, s.pred, s.found, s.gold, s.unscored, s.broken
    );
    for m in &s.misses {
        println!("  miss: {m}");
    }
    for f in &s.false_pos {
        println!("  false positive: {f}");
    }
    (p, r)
}

#[test]
fn akn_sample_precision_recall_clean() {
    let s = score_sample(false);
    let (p, r) = report("clean", &s);
    assert!(
        p >= 0.99 && r >= 0.98,
        "precision {p:.4} / recall {r:.4} below 0.99 / 0.98"
    );
}

#[test]
fn akn_sample_precision_recall_noisy() {
    let s = score_sample(true);
    let (p, r) = report("noisy", &s);
    assert!(
        p >= 0.99 && r >= 0.98,
        "precision {p:.4} / recall {r:.4} below 0.99 / 0.98"
    );
}

// ---------------------------------------------------------------------------
// Hand-checked gold for the seed documents.

/// Every citation of the five seed documents, checked against the sources
/// (each resolution, symbol, cross-reference and "Ibid." counted
/// independently in the source and read in context): target, pinpoint and
/// quoted text, in file order.
#[test]
fn seed_documents_match_hand_checked_gold() {
    let dir = util::root().join("tests/testdata/citations/seed-gold");
    let mut failures = Vec::new();
    for rel in [
        "letter-2020-06-30-president-S-2020-600-vote.txt",
        "S-RES-2531-2020.md",
        "S-2021-610.txt",
        "S-2017-558.txt",
        "repertoire-2023-mali.md",
    ] {
        let gold_src = std::fs::read_to_string(dir.join(format!("{rel}.tsv"))).expect("gold file");
        let gold: Vec<&str> = gold_src
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        let fx = unsc_kg::input::extract_file(
            &util::corpus(&format!("mali/{rel}")),
            &unsc_kg::input::Options::default(),
        )
        .expect("readable");
        let got: Vec<String> = citations(&fx.items)
            .iter()
            .map(|c| {
                format!(
                    "{}\t{}\t{}",
                    c.target,
                    c.pinpoint.as_deref().unwrap_or("-"),
                    squash(&c.ev.text)
                )
            })
            .collect();
        let mut missing: Vec<&str> = Vec::new();
        let mut extra: Vec<&String> = got.iter().collect();
        for g in &gold {
            match extra.iter().position(|x| x.as_str() == *g) {
                Some(i) => {
                    extra.remove(i);
                }
                None => missing.push(g),
            }
        }
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{rel}: {} of {} gold citations missing, {} extra\n  missing: {missing:#?}\n  extra: {extra:#?}",
                missing.len(),
                gold.len(),
                extra.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Robustness.

proptest::proptest! {
    /// Any text built from citation-like fragments extracts without
    /// panicking, and every citation quotes exactly its source bytes.
    #[test]
    fn citation_evidence_quotes_source(parts in proptest::collection::vec(
        proptest::sample::select(vec![
            "resolution ", "resolutions ", "2374", " (2017)", "(1990)", ", ", " and ", "S/", "PRST/",
            "2018/10", "S/PV.9251", " (Resumption 1)", "paragraph ", "paras. ", "4", " of ", " above",
            "Ibid., ", "\n", "\n\n", "⁴²¹ ", "1267/1989/2253 ", "Committee", "https://undocs.org/S/2020/476\n",
            "[S/2020/476](https://undocs.org/S/2020/476)", "é", "’", "-\n", "A/RES/", "75/1", "(a) ",
        ]),
        0..40,
    )) {
        let src: String = parts.concat();
        let t = Text::from_str("p.txt", &src);
        let items = extract_text(&t);
        for c in citations(&items) {
            proptest::prop_assert_eq!(&src.as_bytes()[c.ev.start..c.ev.end], c.ev.text.as_bytes());
        }
    }
}
