//! The historical record (1946-2015): identity, adoption and vote of every
//! file of `corpus/record-sample` against its `facts.csv`; table-driven
//! cases for each layout's identity rule and each form of the adoption
//! line, on the clean text and on a PDF-noisy copy; the graph and the query
//! commands on the sample.

use std::collections::BTreeMap;

use unsc_kg::extract;
use unsc_kg::input::{self, Options};
use unsc_kg::model::{DecisionItem, DocType, DocumentItem, Item, ParagraphRole};
use unsc_kg::text::SourceFile;

use crate::util;

/// One row of `facts.csv`.
#[derive(Debug, serde::Deserialize)]
struct Fact {
    file: String,
    symbol: String,
    adopted: String,
    meeting: String,
    tally: String,
}

fn facts() -> Vec<Fact> {
    let path = util::corpus("record-sample/facts.csv");
    csv::Reader::from_path(&path)
        .expect("facts.csv")
        .deserialize()
        .map(|r| r.expect("a fact"))
        .collect()
}

/// The texts whose own words date the resolution otherwise than the
/// meetings table behind `facts.csv`: the compilation prints "Resolution of
/// 12 August 1947" (the table: 21 August) and "Resolution of 22 July 1960"
/// (the table: 21 July, the night meeting that adopted it). The extractor
/// must give what the text states; building them with the meetings table
/// gives a warning quoting both.
const TEXT_STATES_ANOTHER_DATE: [(&str, &str); 2] = [
    ("S-RES-29(1947).txt", "1947-08-12"),
    ("S-RES-145(1960).txt", "1960-07-22"),
];

fn main_document(items: &[Item]) -> Vec<&DocumentItem> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Document(d) if d.part_of.is_none() => Some(d),
            _ => None,
        })
        .collect()
}

fn adoption(items: &[Item]) -> Option<&DecisionItem> {
    items.iter().find_map(|i| match i {
        Item::Decision(d) if d.resolution.is_some() => Some(d),
        _ => None,
    })
}

/// Whether a text states the vote in its adoption line: an independent,
/// rough reading ("Adopted unanimously", "by N votes to", "without vote").
fn states_a_vote(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("Adopted") || l.contains("adopted by the Security Council"))
            && (l.contains("unanimously")
                || l.contains(" votes to ")
                || l.contains("without vote")
                || l.contains("a vote of"))
    })
}

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d.max(1) as f64
}

#[test]
fn record_sample_identity_date_meeting_and_tally_match_the_facts() {
    sample_matches_the_facts("clean", |f| {
        util::corpus(&format!("record-sample/text/{}", f.file))
    });
}

// The whole sample PDF-noisy (wrapped at 60 columns, CRLF, a job number
// after the head): the same identities, dates, meetings and tallies. A
// heading above the job number used to be joined to the next line across
// the page break, which hid a catalogue header and its date.
#[test]
fn record_sample_matches_the_facts_when_pdf_noisy() {
    let w = util::Workdir::new();
    let copies: BTreeMap<String, std::path::PathBuf> = facts()
        .iter()
        .map(|f| {
            let clean = util::corpus(&format!("record-sample/text/{}", f.file));
            let bytes = std::fs::read(&clean).expect("sample file");
            // Decoded as the reader decodes it (UTF-8, else Windows-1252).
            let (source, _) = SourceFile::decode(&f.file, bytes).expect("decodes");
            (
                f.file.clone(),
                w.write(&f.file, noisy(&source.text).as_bytes()),
            )
        })
        .collect();
    sample_matches_the_facts("noisy", |f| copies[&f.file].clone());
}

/// Reads every file of the sample (at the path `path_of` gives its fact)
/// and checks identity, date, meeting and tally against `facts.csv`, and
/// the graph of them all: 151 resolution nodes, each adopted at its meeting.
fn sample_matches_the_facts(how: &str, path_of: impl Fn(&Fact) -> std::path::PathBuf) {
    let facts = facts();
    assert_eq!(facts.len(), 151);
    let mut failures = Vec::new();
    let (mut ident, mut dated, mut dated_ok, mut stated_other) = (0, 0, 0, 0);
    let (mut met, mut met_ok, mut voted, mut voted_have, mut tally_ok, mut tally_known) =
        (0, 0, 0, 0, 0, 0);
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    let mut all = Vec::new();
    for f in &facts {
        let clean = util::corpus(&format!("record-sample/text/{}", f.file));
        let path = path_of(f);
        let fx = input::extract_file(&path, &Options::default()).expect("readable");
        let docs = main_document(&fx.items);
        let explained = fx
            .items
            .iter()
            .any(|i| matches!(i, Item::Warning(w) if w.ev.rule == "structure.identity"));
        match docs.as_slice() {
            [d] if d.id == f.symbol && d.doc_type == DocType::Resolution => {
                ident += 1;
                *rules.entry(d.ev.rule.clone()).or_default() += 1;
                if !f.adopted.is_empty() {
                    dated += 1;
                    let other = TEXT_STATES_ANOTHER_DATE
                        .iter()
                        .find(|(file, _)| *file == f.file);
                    if d.date.as_deref() == Some(&f.adopted) {
                        dated_ok += 1;
                    } else if let Some((_, stated)) = other
                        && d.date.as_deref() == Some(*stated)
                    {
                        stated_other += 1;
                    } else {
                        failures.push(format!(
                            "{}: date {:?}, facts {}",
                            f.file, d.date, f.adopted
                        ));
                    }
                }
            }
            [d] if explained => ident += usize::from(d.doc_type == DocType::Resolution),
            _ => failures.push(format!(
                "{}: documents {:?}, facts {}",
                f.file,
                docs.iter()
                    .map(|d| (&d.id, d.doc_type.as_str()))
                    .collect::<Vec<_>>(),
                f.symbol
            )),
        }
        let decision = adoption(&fx.items);
        if let Some(m) = decision.and_then(|d| d.meeting.as_deref()) {
            met += 1;
            if m == f.meeting {
                met_ok += 1;
            }
        }
        let raw = String::from_utf8_lossy(&std::fs::read(&clean).expect("file")).into_owned();
        if states_a_vote(&raw) {
            voted += 1;
            if let Some(t) = decision.and_then(|d| d.tally.as_deref()) {
                voted_have += 1;
                if !f.tally.is_empty() {
                    tally_known += 1;
                    tally_ok += usize::from(t == f.tally);
                }
            } else {
                failures.push(format!("{}: the text states a vote, no tally", f.file));
            }
        }
        all.extend(fx.items);
    }
    let mut graph = unsc_kg::graph::GraphBuilder::default();
    graph.add(&all).expect("a small corpus");
    let warnings = graph.take_warnings();
    let g = graph.finish().expect("a small corpus");
    let resolutions =
        g.g.node_weights()
            .filter(|n| n.in_corpus && n.class == "resolution")
            .count();
    let adopted_at =
        g.g.edge_weights()
            .filter(|e| e.kind == unsc_kg::graph::EdgeKind::AdoptedAt)
            .count();
    let dated_meetings =
        g.g.node_weights()
            .filter(|n| n.kind == unsc_kg::graph::NodeKind::Meeting && n.date.is_some())
            .count();
    eprintln!(
        "record sample ({how}): {ident}/151 files read as the resolution of facts.csv; rules {rules:?}\n\
         adoption date: {dated_ok}/{dated} as facts.csv ({:.1} %), {stated_other} more as their text states it otherwise ({:.1} % with them)\n\
         meeting: {met_ok}/{met} files whose text states it ({:.1} %)\n\
         tally: {voted_have}/{voted} files whose text states a vote have one; {tally_ok}/{tally_known} equal facts.csv\n\
         graph: {resolutions} resolution nodes, {adopted_at} adopted_at edges, {dated_meetings} dated meetings",
        pct(dated_ok, dated),
        pct(dated_ok + stated_other, dated),
        pct(met_ok, met),
    );
    assert!(failures.is_empty(), "{how}:\n{}", failures.join("\n"));
    assert_eq!(ident, 151);
    assert!(pct(dated_ok + stated_other, dated) >= 99.0);
    assert!(pct(met_ok, met) >= 99.0, "meetings {met_ok}/{met}");
    assert!(
        met * 5 >= 151 * 4,
        "about four in five texts state the meeting: {met}"
    );
    assert_eq!(resolutions, 151);
    assert_eq!(adopted_at, met);
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// One identity case.
#[derive(Debug, serde::Deserialize)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    file: Option<String>,
    symbol: String,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    meeting: Option<String>,
    #[serde(default)]
    tally: Option<String>,
    #[serde(default)]
    draft: Option<String>,
    #[serde(default)]
    votes: Option<usize>,
    #[serde(default)]
    citations: Option<usize>,
    #[serde(default)]
    paragraphs: Option<usize>,
    #[serde(default)]
    warnings: usize,
    /// The rule of the decision's evidence.
    #[serde(default)]
    decision_rule: Option<String>,
}

#[derive(serde::Deserialize)]
struct Cases {
    case: Vec<Case>,
}

/// A PDF-noisy copy: lines wrapped at 60 columns, CRLF line ends, a job
/// number and page mark after the head.
fn noisy(clean: &str) -> String {
    let mut out = Vec::new();
    for (i, line) in clean.lines().enumerate() {
        if i == 6 {
            out.push(String::new());
            out.push("17-12345 (E) 010101".to_string());
            out.push(String::new());
        }
        let mut cur = String::new();
        for w in line.split(' ') {
            if cur.len() + w.len() > 60 && !cur.trim().is_empty() {
                out.push(std::mem::take(&mut cur));
            } else if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(w);
        }
        out.push(cur);
    }
    out.join("\r\n") + "\r\n"
}

fn check(case: &Case, text: &str) -> Result<(), String> {
    let file = case.file.as_deref().unwrap_or("case.txt");
    let items = extract::extract_text(&unsc_kg::text::Text::from_str(file, text));
    let mut errs = Vec::new();
    let docs = main_document(&items);
    let Some(d) = docs.first() else {
        return Err("no document".into());
    };
    if case.symbol.is_empty() {
        if d.id.starts_with("S/RES/") {
            errs.push(format!("read as {}", d.id));
        }
    } else {
        if d.id != case.symbol || d.doc_type != DocType::Resolution {
            errs.push(format!("identity {} [{}]", d.id, d.doc_type.as_str()));
        }
        if let Some(r) = &case.rule
            && d.ev.rule != *r
        {
            errs.push(format!("rule {}", d.ev.rule));
        }
        if case.date.is_some() && d.date != case.date {
            errs.push(format!("date {:?}", d.date));
        }
    }
    let dec = adoption(&items);
    let got = |f: fn(&DecisionItem) -> Option<String>| dec.and_then(f);
    for (what, want, have) in [
        ("meeting", &case.meeting, got(|d| d.meeting.clone())),
        ("tally", &case.tally, got(|d| d.tally.clone())),
        ("draft", &case.draft, got(|d| d.draft.clone())),
    ] {
        if want.is_some() && *want != have {
            errs.push(format!("{what} {have:?}"));
        }
    }
    if let Some(dec) = dec {
        let quote = &dec.ev.text;
        if !text.contains(quote.as_str()) {
            errs.push(format!("decision quote not in the text: {quote:?}"));
        }
        if case.date.is_some() && dec.date != case.date {
            errs.push(format!("decision date {:?}", dec.date));
        }
        if let Some(r) = &case.decision_rule
            && dec.ev.rule != *r
        {
            errs.push(format!("decision rule {}", dec.ev.rule));
        }
    } else if case.decision_rule.is_some() {
        errs.push("no decision".into());
    }
    let count = |kind: &str| items.iter().filter(|i| i.kind() == kind).count();
    if let Some(n) = case.votes
        && count("vote") != n
    {
        errs.push(format!("{} votes", count("vote")));
    }
    if let Some(n) = case.citations
        && count("citation") != n
    {
        errs.push(format!("{} citations", count("citation")));
    }
    let paras = items
        .iter()
        .filter(|i| matches!(i, Item::Paragraph(p) if p.role != ParagraphRole::Footnote))
        .count();
    if let Some(n) = case.paragraphs
        && paras != n
    {
        errs.push(format!("{paras} paragraphs"));
    }
    let warnings: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(w) => Some(w.message.as_str()),
            _ => None,
        })
        .filter(|m| !m.starts_with("no state is known"))
        .collect();
    if warnings.len() != case.warnings {
        errs.push(format!("warnings {warnings:?}"));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

#[test]
fn layout_identity_and_adoption_line_cases_clean_and_noisy() {
    let path = util::root().join("tests/testdata/record/layouts.toml");
    let cases: Cases =
        toml::from_str(&std::fs::read_to_string(&path).expect("cases")).expect("valid TOML");
    assert!(cases.case.len() >= 20);
    let mut failures = Vec::new();
    for c in &cases.case {
        for (how, text) in [("clean", c.text.clone()), ("noisy", noisy(&c.text))] {
            if let Err(e) = check(c, &text) {
                failures.push(format!("{} ({how}): {e}", c.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.case.len() * 2,
        failures.join("\n")
    );
}

// Regression: 21 files of the 1990s layout all received the minted id
// `x:draft-resolution:undated:united-nations` and were merged into one node.
#[test]
fn minted_ids_of_two_files_are_never_merged() {
    let w = util::Workdir::new();
    let text =
        b"UNITED NATIONS\n\nThe Security Council,\n\n1. Decides to remain seized of the matter.\n";
    w.write("in/a.txt", text);
    w.write("in/b.txt", text);
    let ex = unsc_kg::corpus::extract_paths(&[w.path("in")], &Options::default(), 1, &|_| ());
    let ids: Vec<&str> = ex
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Document(d) => Some(d.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "{ids:?}");
    assert!(
        ids[1].starts_with(ids[0]) && ids[1].ends_with("@b"),
        "{ids:?}"
    );
    let paras: Vec<&str> = ex
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) if p.ev.file.ends_with("b.txt") => Some(p.id.as_str()),
            _ => None,
        })
        .collect();
    assert!(paras.iter().all(|p| p.starts_with(ids[1])), "{paras:?}");
    let warning = ex
        .warnings
        .iter()
        .find(|w| w.contains("not both texts state it"))
        .expect("a warning");
    assert!(
        warning.contains("a.txt") && warning.contains("b.txt"),
        "{warning}"
    );
}

// The same symbol stated by two files (the English and the French) is one
// document with both files as evidence, each with its language.
#[test]
fn one_symbol_stated_by_two_files_is_one_document_with_both_sources() {
    let w = util::Workdir::new();
    w.write(
        "in/en.txt",
        "United Nations  S/RES/2531 (2020)\n\nSecurity Council  Distr.: General\n29 June 2020\n\nOriginal: English\n\nResolution 2531 (2020)\n\nAdopted by the Security Council on 29 June 2020\n\nThe Security Council,\n\n1. Decides to extend the mandate of MINUSMA;\n".as_bytes(),
    );
    w.write(
        "in/fr.txt",
        "Nations Unies  S/RES/2531 (2020)\n\nConseil de sécurité  Distr. générale\n29 juin 2020\n\nOriginal : anglais\n\nRésolution 2531 (2020)\n\nLe Conseil de sécurité,\n\n1. Décide de proroger le mandat de la MINUSMA;\n".as_bytes(),
    );
    let ex = unsc_kg::corpus::extract_paths(&[w.path("in")], &Options::default(), 1, &|_| ());
    let docs: Vec<&DocumentItem> = main_document(&ex.items);
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.id == "S/RES/2531 (2020)"), "{docs:?}");
    assert!(
        !ex.warnings.iter().any(|w| w.contains("not both texts")),
        "{:?}",
        ex.warnings
    );
    let g = unsc_kg::graph::Graph::from_items(&ex.items);
    let n = g.node("S/RES/2531 (2020)").expect("one node");
    assert!(g.data(n).in_corpus);
    let triples = unsc_kg::rdf::triples(&ex.items, util::gazetteer());
    let evidence = triples
        .iter()
        .filter(|t| {
            &*t.subject == "https://undocs.org/S/RES/2531(2020)"
                && t.predicate.ends_with("#evidence")
        })
        .count();
    assert_eq!(evidence, 2, "one evidence per file");
}

// Two sources that disagree on a resolution's date or meeting: a warning
// quoting both, at graph build.
#[test]
fn sources_that_disagree_on_an_adoption_are_reported() {
    let line = |file: &str, date: &str, meeting: &str, text: &str| {
        format!(
            r#"{{"kind":"decision","doc":"S/RES/29 (1947)","outcome":"adopted","resolution":"S/RES/29 (1947)","meeting":"{meeting}","date":"{date}","file":"{file}","start":0,"end":{},"text":"{text}","rule":"r"}}"#,
            text.len()
        )
    };
    let items: Vec<Item> = [
        line(
            "text.txt",
            "1947-08-12",
            "S/PV.190",
            "Resolution of 12 August 1947",
        ),
        line(
            "meetings-1947.html",
            "1947-08-21",
            "S/PV.190",
            "190 21 August",
        ),
    ]
    .iter()
    .map(|l| serde_json::from_str(l).expect("item"))
    .collect();
    let mut b = unsc_kg::graph::GraphBuilder::default();
    b.add(&items).expect("a small corpus");
    let w = b.take_warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("Resolution of 12 August 1947") && w[0].contains("190 21 August"),
        "{}",
        w[0]
    );
    let g = b.finish().expect("a small corpus");
    let m = g.node("S/PV.190").expect("the meeting");
    assert_eq!(g.data(m).date.as_deref(), Some("1947-08-12"));
}

// Members who did not vote were lost: "Two members (Egypt, India) did not
// participate in the voting; one member (Union of Soviet Socialist
// Republics) was absent." in a note on the adoption line. They are votes
// with their position, counted in no column of the tally.
#[test]
fn members_not_participating_or_absent_in_an_adoption_note_are_votes() {
    use unsc_kg::model::Position;
    let cases: [(&str, &[(&str, Position)]); 2] = [
        (
            "S-RES-83(1950).txt",
            &[
                ("state/egypt", Position::NotParticipating),
                ("state/india", Position::NotParticipating),
                (
                    "state/union-of-soviet-socialist-republics",
                    Position::Absent,
                ),
                ("state/yugoslavia", Position::Against),
            ],
        ),
        (
            "S-RES-319(1972).txt",
            &[("state/china", Position::NotParticipating)],
        ),
    ];
    for (file, want) in cases {
        let path = util::corpus(&format!("record-sample/text/{file}"));
        let fx = input::extract_file(&path, &Options::default()).expect("readable");
        let raw = std::fs::read(&path).expect("file");
        let mut got: Vec<(&str, Position)> = fx
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Vote(v) => {
                    // Each quotes the name in the file.
                    let quote = String::from_utf8_lossy(&raw[v.ev.start..v.ev.end]);
                    assert_eq!(quote, v.ev.text, "{file}");
                    Some((v.member.as_str(), v.position))
                }
                _ => None,
            })
            .collect();
        got.sort();
        assert_eq!(got, want, "{file}");
        // The tally stays as the line states it.
        let tally = adoption(&fx.items).and_then(|d| d.tally.clone());
        assert!(tally.is_some(), "{file}");
    }
}

// A compilation's entry prints 12 August where the meetings table dates
// the adopting meeting 21 August: the meeting's own record wins, in either
// order of the sources, and the disagreement is still reported.
#[test]
fn a_meeting_item_dates_its_meeting_before_a_resolution_text_does() {
    let decision = r#"{"kind":"decision","doc":"S/RES/29 (1947)","outcome":"adopted","resolution":"S/RES/29 (1947)","meeting":"S/PV.190","date":"1947-08-12","file":"text.txt","start":0,"end":28,"text":"Resolution of 12 August 1947","rule":"decision.adoption_line"}"#;
    let row = r#"{"kind":"decision","doc":"S/PV.190","outcome":"adopted","resolution":"S/RES/29 (1947)","meeting":"S/PV.190","date":"1947-08-21","file":"meetings-1947.html","start":0,"end":14,"text":"190 21 August","rule":"meetings-table.resolution"}"#;
    let meeting = r#"{"kind":"meeting","doc":"S/PV.190","meeting":"S/PV.190","date":"1947-08-21","file":"meetings-1947.html","start":0,"end":14,"text":"190 21 August","rule":"meetings-table.meeting"}"#;
    let parse = |l: &&str| serde_json::from_str::<Item>(l).expect("item");
    for order in [[decision, meeting, row], [meeting, row, decision]] {
        let items: Vec<Item> = order.iter().map(parse).collect();
        let mut b = unsc_kg::graph::GraphBuilder::default();
        b.add(&items).expect("a small corpus");
        let w = b.take_warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        let g = b.finish().expect("a small corpus");
        let m = g.node("S/PV.190").expect("the meeting");
        assert_eq!(g.data(m).date.as_deref(), Some("1947-08-21"), "{order:?}");
    }
}

#[test]
fn query_commands_answer_about_the_old_record() {
    let w = util::Workdir::new();
    let out = w.path("rs");
    util::build_ok(
        &["corpus/record-sample/text", "--quiet", "--rdf", "turtle"],
        &out,
    );
    let run = |args: &[&str]| {
        let o = util::bin()
            .args(args)
            .arg("--graph")
            .arg(out.join("graph.bin"))
            .output()
            .expect("runs");
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let cited = run(&["cited-by", "186 (1964)"]);
    assert!(
        cited.contains("S/RES/1000 (1995)") && cited.contains("S/RES/355 (1974)"),
        "{cited}"
    );
    let chain = run(&["chain", "S/RES/1000 (1995)", "186 (1964)"]);
    assert!(
        chain.contains("S/RES/1000 (1995) -> S/RES/186 (1964)"),
        "{chain}"
    );
    let o = util::bin()
        .args(["query", "--items"])
        .arg(out.join("extractions.jsonl"))
        .arg("PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?date WHERE { <https://undocs.org/S/RES/1000(1995)> unsc:adoptedAt ?m . ?m dcterms:date ?date }")
        .output()
        .expect("runs");
    let answer = String::from_utf8_lossy(&o.stdout);
    assert!(answer.contains("1995-06-23"), "{answer}");
}

// A page of the yearly compilations holds several resolutions, each under
// its entry heading: each is a document of its own with its own adoption
// and paragraphs. They used to be paragraphs of the first, which kept only
// the first adoption line.
#[test]
fn a_compilation_page_gives_one_resolution_per_entry() {
    let page = "52 Resolution of 22 June 1948 [S/852]\n\
        The Security Council,\n\
        Taking into consideration the telegram from the Mediator;\n\
        Adopted at the 320th meeting.\n\
        53 (1948). Resolution of 7 July 1948\n\
        [S/875]\n\
        The Security Council,\n\
        Addresses an urgent appeal to the interested parties;\n\
        Adopted at the 331st meeting by 8 votes to none, with 3 abstentions (Syria, Ukrainian Soviet Socialist Republic, Union of Soviet Socialist Republics).\n";
    for (how, text) in [("clean", page.to_string()), ("noisy", noisy(page))] {
        let items = extract::extract_text(&unsc_kg::text::Text::from_str("page.txt", &text));
        let docs: Vec<(&str, Option<&str>)> = main_document(&items)
            .iter()
            .map(|d| (d.id.as_str(), d.date.as_deref()))
            .collect();
        assert_eq!(
            docs,
            [
                ("S/RES/52 (1948)", Some("1948-06-22")),
                ("S/RES/53 (1948)", Some("1948-07-07"))
            ],
            "{how}"
        );
        // doc, draft, meeting, tally ("-" for none).
        let decisions: Vec<[&str; 4]> = items
            .iter()
            .filter_map(|i| match i {
                Item::Decision(d) if d.resolution.is_some() => Some([
                    d.doc.as_str(),
                    d.draft.as_deref().unwrap_or("-"),
                    d.meeting.as_deref().unwrap_or("-"),
                    d.tally.as_deref().unwrap_or("-"),
                ]),
                _ => None,
            })
            .collect();
        assert_eq!(
            decisions,
            [
                ["S/RES/52 (1948)", "S/852", "S/PV.320", "-"],
                ["S/RES/53 (1948)", "S/875", "S/PV.331", "8-0-3"]
            ],
            "{how}"
        );
        assert!(
            items.iter().any(|i| matches!(i, Item::Paragraph(p)
                if p.doc == "S/RES/53 (1948)" && p.clean.contains("urgent appeal"))),
            "{how}"
        );
    }
}

// A letter that quotes resolutions far below its head, each under its
// dated heading and enacting formula, is one letter: only a file that
// opens with an entry is a compilation's page.
#[test]
fn a_letter_quoting_resolutions_further_down_is_not_cut_into_entries() {
    let mut text = String::from(
        "United Nations S/2020/999\n\nSecurity Council\n\nDistr.: General\n1 July 2020\n\n\
         Letter dated 30 June 2020 from the Permanent Representative of France addressed to the President of the Security Council\n\n",
    );
    for i in 0..32 {
        text.push_str(&format!(
            "Paragraph {i} of the letter sets out the position of the Government.\n\n"
        ));
    }
    text.push_str("Resolution 242 (1967) of 22 November 1967\n\nThe Security Council,\n\n1. Affirms the principles;\n\n");
    text.push_str("Resolution 338 (1973) of 22 October 1973\n\nThe Security Council,\n\n1. Calls upon all parties;\n");
    let items = extract::extract_text(&unsc_kg::text::Text::from_str("letter.txt", &text));
    let ids: Vec<&str> = main_document(&items)
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["S/2020/999"]);
}

mod robustness {
    use proptest::prelude::*;
    use unsc_kg::extract::extract_text;
    use unsc_kg::model::Item;
    use unsc_kg::text::Text;

    /// Pieces of the record's layouts, to be shuffled.
    const PIECES: &[&str] = &[
        "UNITED NATIONS",
        "Distr. GENERAL S/RES/1082 (1996) 27 November 1996",
        "S/RES/80 (1050)",
        "RESOLUTION 1082 (1996)",
        "Resolution 352 (1974») or 21 June 1974",
        "Security Counril Resolution S/RES/362 (1974)",
        "Adopted by the Security Council at its 3716th meeting, on 27 November 1996",
        "Adopted at the 219th meeting by 7 votes to 1 (Poland), with 3 abstentions (Colombia, Syria)",
        "Adopted unanimously at the 631st Meeting.",
        "by a vote of 13 to 0, with 2 abstentions",
        "52 Resolution of 22 June 1948 [S/852]",
        "105 (1954). Resolution of 23 July 1954",
        "[S/612l]",
        "Publisher",
        "Publication Date",
        "Citation / Document Symbol",
        "Cite as",
        "UN Security Council, Resolution 93 (1951), available at: http://www.refworld.org/x.html",
        "The Security Council,",
        "1. Decides to remain seized of the matter.",
        "resolution 2140 (2015)",
        "43 (148)",
        "»",
        "I981",
    ];
    const SEPARATORS: &[&str] = &[" ", "\n", "\r\n", "\n\n", "\r\r\n", ", "];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        // Shuffled pieces of the record's layouts must never make the
        // extractor panic; every item quotes its own bytes, and a file's
        // top-level documents are distinct: the main one, then one per
        // later entry of a compilation's page, each a resolution.
        #[test]
        fn shuffled_record_pieces_never_panic_and_quote_their_bytes(
            parts in prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 1..40)
        ) {
            let mut input = String::new();
            for (p, s) in parts {
                input.push_str(PIECES[p]);
                input.push_str(SEPARATORS[s]);
            }
            let items = extract_text(&Text::from_str("S-RES-93(1951).txt", &input));
            for it in &items {
                let ev = it.evidence();
                prop_assert_eq!(input.as_bytes().get(ev.start..ev.end), Some(ev.text.as_bytes()));
            }
            let top: Vec<_> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Document(d) if d.part_of.is_none() => Some(d),
                    _ => None,
                })
                .collect();
            prop_assert!(!top.is_empty());
            let ids: std::collections::BTreeSet<&str> = top.iter().map(|d| d.id.as_str()).collect();
            prop_assert_eq!(ids.len(), top.len());
            for d in &top[1..] {
                prop_assert_eq!(d.doc_type.as_str(), "resolution");
            }
        }
    }
}

/// Built together with the meetings tables of their years, every resolution
/// of the sample from 1948, 1994 and 2015 is tied, in RDF, to the meeting
/// that adopted it, that meeting's date and the tally, whichever source
/// stated them, and both sources (the text and the table) are evidence of
/// its adoption.
#[test]
fn sample_built_with_the_meetings_tables_ties_each_resolution_to_meeting_date_and_tally() {
    let mut files = util::sorted_files(&util::corpus("record-sample/text"), None);
    files.extend(util::sorted_files(
        &util::corpus("meetings-tables"),
        Some("html"),
    ));
    let mut items = Vec::new();
    for f in &files {
        items.extend(
            input::extract_file(f, &Options::default())
                .expect("readable")
                .items,
        );
    }
    let store = unsc_kg::rdf::load_store(&items, util::gazetteer()).expect("store");
    let years = ["(1948)", "(1994)", "(2015)"];
    let facts: Vec<Fact> = facts()
        .into_iter()
        .filter(|f| years.iter().any(|y| f.symbol.ends_with(y)))
        .collect();
    assert!(
        facts.len() >= 10,
        "{} facts of the tables' years",
        facts.len()
    );
    for f in &facts {
        let iri = format!("https://undocs.org/{}", f.symbol.replace(' ', ""));
        let q = format!(
            "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> \
             SELECT DISTINCT ?meeting ?date ?tally WHERE {{ <{iri}> unsc:adoptedAt ?m . \
             ?m unsc:meetingRecord/unsc:symbol ?meeting ; dcterms:date ?date . \
             OPTIONAL {{ ?d unsc:resultedIn <{iri}> ; unsc:tally ?tally }} }}"
        );
        let out = unsc_kg::rdf::evaluate(&store, &q, |_| Some(unsc_kg::rdf::Format::Csv), None)
            .expect("query");
        let rows = String::from_utf8_lossy(&out.body).into_owned();
        let expected = format!("{},{},{}", f.meeting, f.adopted, f.tally);
        // `facts.csv` has no tally for a resolution adopted without a
        // vote; a table that says so gives the tally "without vote".
        let without_vote = format!("{},{},without vote", f.meeting, f.adopted);
        assert!(
            rows.lines()
                .skip(1)
                .any(|r| r == expected || (f.tally.is_empty() && r == without_vote)),
            "{}: expected {expected}, got {rows}",
            f.symbol
        );
        // (Where the table gives no tally, neither source states one.)
        // Each source is evidence of the adoption: the text and the table.
        let sources: std::collections::BTreeSet<&str> = items
            .iter()
            .filter_map(|i| match i {
                Item::Decision(d) if d.resolution.as_deref() == Some(f.symbol.as_str()) => {
                    Some(d.ev.file.as_str())
                }
                _ => None,
            })
            .collect();
        assert!(
            sources.iter().any(|s| s.ends_with(".html"))
                && sources.iter().any(|s| s.ends_with(&f.file)),
            "{}: adoption evidence from {sources:?}",
            f.symbol
        );
    }
}
