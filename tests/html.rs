//! HTML input: the UN's yearly meetings tables (1948, 1994, 2015: three
//! decades of markup) read into meetings and decisions, checked against
//! counts taken from the raw files by plain string search (not by the
//! reader); HTML pages that are not tables read as documents; evidence that
//! quotes the file's bytes; the commands accepting `.html` and `.htm`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use unsc_kg::input::html::page;
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{DecisionItem, Item, Outcome};

use crate::html_tables::{council, decisions, tally, vote_problem};
use crate::util::{self, Workdir};

const YEARS: [u16; 3] = [1948, 1994, 2015];

fn table(year: u16) -> PathBuf {
    util::corpus(&format!("meetings-tables/meetings-{year}.html"))
}

fn items(year: u16) -> Vec<Item> {
    extract_file(&table(year), &Options::default())
        .expect("meetings table reads")
        .items
}

/// The `href` values of a raw file, by plain string search.
fn hrefs(raw: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = raw[at..].find("href=\"") {
        let start = at + i + 6;
        let Some(len) = raw[start..].find('"') else {
            break;
        };
        out.push((start, raw[start..start + len].to_string()));
        at = start + len;
    }
    out
}

/// The symbol an undocs link points to (`S/RES/66(1948)` -> `S/RES/66`,
/// the number alone: the files space the year differently).
fn linked(href: &str, family: &str) -> Option<String> {
    let i = href.find(family)?;
    let rest = &href[i..];
    // A record linked through its corrigendum (`S/PV.3378/Corr.1`) is the
    // record's meeting.
    let stop: &[char] = if family == "S/PV." {
        &['(', ' ', '/']
    } else {
        &['(', ' ']
    };
    let end = rest[family.len()..]
        .find(stop)
        .map_or(rest.len(), |i| i + family.len());
    let mut s = rest[..end].trim().to_string();
    // `S/PV.7540(Resumption1)`: the resumed meeting's own record.
    if family == "S/PV."
        && let Some(r) = rest[end..].trim_start().strip_prefix("(Resumption")
    {
        let n = r.split(')').next().unwrap_or("").trim().replace(' ', "");
        let n = match n.as_str() {
            "I" => "1",
            "II" => "2",
            "III" => "3",
            "IV" => "4",
            n => n,
        };
        s = format!("{s} (Resumption {n})");
    }
    Some(s)
}

/// Resolution or statement symbol without the year part.
fn short(symbol: &str) -> String {
    symbol.split(" (").next().unwrap_or(symbol).to_string()
}

// Every resolution and presidential statement a table links is a decision
// adopted at the meeting of its row (the last record linked before it in
// the file: a continuing row inherits the meeting above), on a date of the
// caption's year, with its tally or the words that state the vote.
#[test]
fn every_resolution_and_statement_is_tied_to_its_meeting_date_and_tally() {
    let mut report = String::new();
    for year in YEARS {
        let raw = String::from_utf8(util::read(&table(year))).expect("utf-8");
        let links = hrefs(&raw);
        // Independent reading: each S/RES or S/PRST link and the last
        // S/PV link before it.
        let mut expected: BTreeMap<String, String> = BTreeMap::new();
        let mut meeting = String::new();
        for (_, h) in &links {
            if let Some(m) = linked(h, "S/PV.") {
                // A record linked inside an outcome cell (a 1948 slip for a
                // draft) names the same meeting as its row.
                meeting = m;
            } else if let Some(s) = linked(h, "S/RES/").or_else(|| linked(h, "S/PRST/")) {
                expected.insert(s, meeting.clone());
            }
        }
        let its = items(year);
        let ds = decisions(&its);
        let mut got: BTreeMap<String, String> = BTreeMap::new();
        let (mut res, mut prst, mut words) = (0, 0, 0);
        let (size, majority) = council(year);
        for d in ds.iter().filter(|d| d.outcome == Outcome::Adopted) {
            let sym = d.resolution.as_deref().expect("adopted text");
            let m = d.meeting.as_deref().expect("meeting");
            got.insert(short(sym), m.to_string());
            let date = d.date.as_deref().expect("date");
            assert!(date.starts_with(&year.to_string()), "{sym}: {date}");
            if sym.starts_with("S/RES/") {
                res += 1;
                assert!(sym.ends_with(&format!("({year})")), "{sym}");
                // A tally, or the vote in words its evidence quotes
                // ("unanimously": the whole Council in favour; "without
                // vote").
                assert_eq!(vote_problem(d, size, majority), None);
                if !d.ev.text.contains(d.tally.as_deref().unwrap_or("-")) {
                    words += 1;
                }
            } else {
                prst += 1;
                assert!(sym.starts_with(&format!("S/PRST/{year}/")), "{sym}");
            }
        }
        assert_eq!(
            got, expected,
            "{year}: resolutions and statements by meeting"
        );
        let meetings: BTreeSet<&str> = its
            .iter()
            .filter_map(|i| match i {
                Item::Meeting(m) => Some(m.meeting.as_str()),
                _ => None,
            })
            .collect();
        let records: BTreeSet<String> = links
            .iter()
            .filter_map(|(_, h)| linked(h, "S/PV."))
            .collect();
        // Every meeting record linked is a meeting (the 1948 slips link
        // records that are meetings of the table too).
        let records: BTreeSet<&str> = records.iter().map(String::as_str).collect();
        assert_eq!(meetings, records, "{year}: meetings");
        let _ = writeln!(
            report,
            "{year}: {} meetings, {res} resolutions ({words} with the vote in words), {prst} presidential statements",
            meetings.len()
        );
    }
    println!("{report}");
}

/// Counts of a phrase in the raw file, case-insensitive.
fn phrase_count(raw: &str, phrase: &str) -> usize {
    raw.to_lowercase().matches(phrase).count()
}

// Failed drafts are decisions with their outcome and tally; vetoes name the
// vetoing member. Expected counts come from the raw words ("vetoed", "not
// adopted") and the draft links between "Draft resolution" and those words.
#[test]
fn failed_drafts_and_vetoes_are_decisions_with_their_tallies() {
    let mut report = String::new();
    for year in YEARS {
        let raw = String::from_utf8(util::read(&table(year))).expect("utf-8");
        let lower = raw.to_lowercase();
        // Each "not adopted" phrase closes the drafts linked since the last
        // "draft resolution".
        let mut expected_not_adopted = 0;
        let mut at = 0;
        while let Some(i) = lower[at..].find("not adopted") {
            let end = at + i;
            let start = lower[..end]
                .rfind("draft resolution")
                .expect("a draft before");
            let drafts = hrefs(&raw[start..end])
                .iter()
                .filter(|(_, h)| h.contains("/S/") && !h.contains("/S/PV."))
                .count();
            expected_not_adopted += drafts.max(1);
            at = end + 1;
        }
        let expected_vetoed = phrase_count(&raw, "vetoed");
        let its = items(year);
        let ds = decisions(&its);
        let not_adopted: Vec<_> = ds
            .iter()
            .filter(|d| d.outcome == Outcome::NotAdopted)
            .collect();
        let vetoed: Vec<_> = ds.iter().filter(|d| d.outcome == Outcome::Vetoed).collect();
        assert_eq!(
            not_adopted.len(),
            expected_not_adopted,
            "{year}: not adopted"
        );
        assert_eq!(vetoed.len(), expected_vetoed, "{year}: vetoed");
        let (size, majority) = council(year);
        for d in &vetoed {
            let t = d.tally.as_deref().expect("a veto states its tally");
            let [f, a, ab] = tally(t).expect("a veto's tally is in numbers");
            assert!(a >= 1 && f + a + ab <= size, "{t}");
            assert!(!d.vetoed_by.is_empty(), "{d:?}");
            assert!(d.meeting.is_some() && d.date.is_some());
        }
        for d in &not_adopted {
            if let Some(t) = &d.tally {
                let [f, a, ab] = tally(t).expect("a failed draft's tally is in numbers");
                assert!(f < majority && f + a + ab <= size, "{t}");
            }
            assert!(d.draft.is_some() && d.meeting.is_some() && d.date.is_some());
        }
        let with_tally = not_adopted.iter().filter(|d| d.tally.is_some()).count();
        let _ = writeln!(
            report,
            "{year}: {} drafts not adopted ({with_tally} with a tally), {} vetoed",
            not_adopted.len(),
            vetoed.len()
        );
    }
    println!("{report}");
}

// The vetoing member gets a vote against the draft when the membership
// table knows it (2015: the Russian Federation, twice).
#[test]
fn named_vetoes_are_votes_against_the_draft() {
    let its = items(2015);
    let votes: Vec<(String, String)> = its
        .iter()
        .filter_map(|i| match i {
            Item::Vote(v) => Some((v.on.clone(), v.member.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        votes,
        [
            (
                "S/2015/562".to_string(),
                "state/russian-federation".to_string()
            ),
            (
                "S/2015/508".to_string(),
                "state/russian-federation".to_string()
            ),
        ]
    );
}

// One line per decision: the golden files pin the whole reading.
#[test]
fn meetings_tables_decisions_match_golden() {
    for year in YEARS {
        let its = items(year);
        let mut s = String::new();
        for d in decisions(&its) {
            let _ = writeln!(
                s,
                "{}\t{}\t{:?}\t{}\t{}\t{}\t{}\t{}..{}",
                d.meeting.as_deref().unwrap_or("-"),
                d.date.as_deref().unwrap_or("-"),
                d.outcome,
                d.resolution
                    .as_deref()
                    .or(d.draft.as_deref())
                    .unwrap_or("-"),
                d.tally.as_deref().unwrap_or("-"),
                d.vetoed_by.join("; "),
                d.ev.rule,
                d.ev.start,
                d.ev.end,
            );
        }
        util::golden(&format!("meetings-table-{year}.tsv"), &s);
    }
}

// Every item of a table quotes exactly the bytes of its span, and the text
// those bytes decode to holds what the item states.
#[test]
fn meetings_table_items_quote_their_bytes() {
    for year in YEARS {
        let bytes = util::read(&table(year));
        for it in items(year) {
            let ev = it.evidence();
            assert_eq!(&bytes[ev.start..ev.end], ev.text.as_bytes());
            let decoded = collapse(&page::read(&ev.text).plain);
            match &it {
                Item::Decision(d) => {
                    let sym = d.resolution.as_deref().or(d.draft.as_deref());
                    if let Some(s) = sym {
                        assert!(
                            decoded
                                .replace(' ', "")
                                .contains(&short(s).replace(' ', "")),
                            "{s} in {decoded:?}"
                        );
                    }
                    // The tally is quoted, or the words it stands for.
                    if let Some(t) = &d.tally {
                        let year: u16 = d
                            .date
                            .as_deref()
                            .and_then(|x| x.get(..4)?.parse().ok())
                            .expect("dated");
                        let words = decoded.to_lowercase();
                        assert!(
                            decoded.replace(' ', "").contains(t.as_str())
                                || (t == "without vote" && words.contains("without vote"))
                                || (words.contains("unanimously")
                                    && *t == format!("{}-0-0", council(year).0)),
                            "{t} in {decoded:?}"
                        );
                    }
                }
                Item::Meeting(m) => {
                    // A continuing row quotes no record of its own.
                    if decoded.contains("S/PV.") {
                        assert!(decoded.contains(&m.meeting), "{decoded:?}");
                    }
                    if let Some(a) = &m.agenda_item {
                        assert!(decoded.contains(a.as_str()), "{a:?} in {decoded:?}");
                    }
                }
                _ => {}
            }
        }
    }
}

// A continuing row (empty record cell) inherits the meeting and date above.
#[test]
fn a_continuing_row_inherits_its_meeting_and_date() {
    let its = items(1948);
    let m396: Vec<_> = its
        .iter()
        .filter_map(|i| match i {
            Item::Meeting(m) if m.meeting == "S/PV.396" => Some(m),
            _ => None,
        })
        .collect();
    assert_eq!(m396.len(), 2);
    assert!(m396.iter().all(|m| m.date.as_deref() == Some("1948-12-29")));
    assert_eq!(
        m396[1].agenda_item.as_deref(),
        Some("The Palestine question")
    );
    let d = decisions(&its)
        .into_iter()
        .find(|d| d.resolution.as_deref() == Some("S/RES/66 (1948)"))
        .expect("66");
    assert_eq!(d.meeting.as_deref(), Some("S/PV.396"));
    assert_eq!(d.tally.as_deref(), Some("8-0-3"));
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text file as an HTML page: the text in a `<pre>`, lines ending in
/// `\r\n`, `&`, `<`, `>` and the typographic apostrophe written as
/// character references.
fn as_html(text: &str) -> String {
    let body = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('’', "&rsquo;")
        .replace('\n', "\r\n");
    format!(
        "<!DOCTYPE html>\r\n<html><head><title>Page</title></head><body><pre>{body}</pre></body></html>\r\n"
    )
}

/// An item without its evidence's place (file, span, quote).
fn fact(item: &Item) -> serde_json::Value {
    let mut v = serde_json::to_value(item).expect("json");
    if let Some(o) = v.as_object_mut() {
        for k in ["file", "start", "end", "text"] {
            o.remove(k);
        }
    }
    v
}

// An HTML page that is not a meetings table is a document: the same items
// as its text (documents, paragraphs, citations, actors, votes), each
// quoting the page's bytes, which decode to the text's quote.
#[test]
fn an_html_page_reads_like_its_text() {
    for rel in [
        "mali/S-2021-610.txt",
        "mali/S-2017-558.txt",
        "mali/letter-2020-06-30-president-S-2020-600-vote.txt",
    ] {
        let text = String::from_utf8(util::read(&util::corpus(rel))).expect("utf-8");
        let w = Workdir::new();
        let txt = w.write("page.txt", text.as_bytes());
        let html = as_html(&text);
        let page = w.write("page.html", html.as_bytes());
        let from_text = extract_file(&txt, &Options::default()).expect("text").items;
        let from_html = extract_file(&page, &Options::default())
            .expect("html")
            .items;
        assert!(from_text.len() > 50, "{rel}");
        let a: Vec<_> = from_text.iter().map(fact).collect();
        let b: Vec<_> = from_html.iter().map(fact).collect();
        assert_eq!(a, b, "{rel}");
        for (t, h) in from_text.iter().zip(&from_html) {
            let (t, h) = (t.evidence(), h.evidence());
            assert_eq!(&html.as_bytes()[h.start..h.end], h.text.as_bytes());
            assert_eq!(
                collapse(&page::read(&h.text).plain),
                collapse(&t.text),
                "{rel}"
            );
        }
    }
}

// A page of paragraphs: each `<p>` a paragraph of the resolution.
#[test]
fn html_paragraphs_are_paragraphs() {
    let html = "<html><head><title>S/RES/2584 (2021)</title></head><body>\n<p>The Security Council,</p>\n<p><i>Recalling</i> its resolution 2531&nbsp;(2020) and the statement of its President of 10&nbsp;August 2018 (<a href=\"https://undocs.org/S/PRST/2018/10\">S/PRST/2018/10</a>),</p>\n<p>1.&#160;<i>Decides</i> to extend the mandate of MINUSMA until 30&nbsp;June 2022;</p>\n</body></html>\n";
    let w = Workdir::new();
    let p = w.write("res.htm", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    let paras: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Item::Paragraph(p) => Some(format!("{:?}", p.role)),
            _ => None,
        })
        .collect();
    assert_eq!(paras, ["Preambular", "Operative"]);
    let cites = items
        .iter()
        .filter_map(|i| match i {
            Item::Citation(c) => Some(c.target.as_str()),
            _ => None,
        })
        .collect::<BTreeSet<_>>();
    assert_eq!(
        cites,
        BTreeSet::from(["S/PRST/2018/10", "S/RES/2531 (2020)"])
    );
    for it in &items {
        let ev = it.evidence();
        assert_eq!(&html.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
    }
}

// `inspect`, `extract` and `build` take `.html` and `.htm` files, alone or
// in a folder.
#[test]
fn commands_accept_html_and_htm() {
    let w = Workdir::new();
    let src = util::read(&table(2015));
    w.write("in/t2015.htm", &src);
    w.write("in/t1994.html", &util::read(&table(1994)));
    let out = util::bin()
        .arg("inspect")
        .arg(w.path("in/t2015.htm"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("250 meetings (2015-01-06 to 2015-12-31)"), "{s}");
    assert!(s.contains("64 resolutions"), "{s}");
    let out = util::bin()
        .arg("extract")
        .arg(w.path("in"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("\"resolution\":\"S/RES/2259 (2015)\""));
    assert!(s.contains("\"resolution\":\"S/RES/969 (1994)\""));
    let input = w.path("in");
    util::build_ok(
        &["-q", "--no-rdf", input.to_str().expect("utf-8")],
        &w.path("out"),
    );
    let edges = std::fs::read_to_string(w.path("out/edges.csv")).expect("edges");
    assert!(
        edges.contains("press_release"),
        "meetings link their press releases"
    );
    let nodes = std::fs::read_to_string(w.path("out/nodes.csv")).expect("nodes");
    assert!(nodes.contains("vote:S/RES/2259 (2015)"));
}

mod spans {
    //! Property: whatever the markup, every item of an HTML page quotes
    //! exactly its bytes, and the text those bytes decode to is the text
    //! the normalized span stands for.

    use proptest::prelude::*;
    use unsc_kg::input::Reader;
    use unsc_kg::input::html::{Html, page};
    use unsc_kg::text::SourceFile;

    use super::collapse;

    /// Words, some written with character references.
    const WORDS: &[&str] = &[
        "Council",
        "resolution",
        "2374",
        "(2017)",
        "Mali",
        "AT&amp;T",
        "&mdash;",
        "l&#39;Union",
        "d&#x2019;Ivoire",
        "&lt;draft&gt;",
        "S/2020/600",
        "Recalling",
        "decides",
        "&nbsp;",
        "caf&eacute;",
    ];
    const INLINE: &[(&str, &str)] = &[
        ("<b>", "</b>"),
        ("<a href=\"x\">", "</a>"),
        ("<span class=z>", "</span>"),
        ("", ""),
    ];
    const BREAKS: &[&str] = &[" ", "\r\n", "\n", " \r\n  ", "<br>", "<!-- c -->"];

    fn paragraph() -> impl Strategy<Value = String> {
        prop::collection::vec((0..WORDS.len(), 0..INLINE.len(), 0..BREAKS.len()), 1..12).prop_map(
            |ws| {
                let mut s = String::new();
                for (w, i, b) in ws {
                    let (open, close) = INLINE[i];
                    s.push_str(open);
                    s.push_str(WORDS[w]);
                    s.push_str(close);
                    s.push_str(BREAKS[b]);
                }
                s
            },
        )
    }

    fn page_html() -> impl Strategy<Value = String> {
        prop::collection::vec((paragraph(), 0..4usize), 1..8).prop_map(|ps| {
            let mut s = String::from("<html><body>\r\n");
            for (p, k) in ps {
                match k {
                    0 => s.push_str(&format!("<p>{p}</p>\r\n")),
                    1 => s.push_str(&format!("<div>{p}\n</div>")),
                    2 => s.push_str(&format!("<table><tr><td>{p}<td>{p}</table>")),
                    _ => s.push_str(&format!("<h2>{p}</h2><script>var a = '<p>x</p>';</script>")),
                }
            }
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn evidence_quotes_the_bytes_it_decodes_from(html in page_html()) {
            let reading = Html.read(SourceFile::from_string("p.html", html.clone())).expect("reads");
            let text = reading.text;
            // Every block, and every word-aligned span inside it.
            for b in &text.norm.blocks {
                let block = &text.norm.text[b.start..b.end];
                let mut cuts = vec![b.start];
                cuts.extend(block.match_indices(' ').map(|(i, _)| b.start + i));
                cuts.push(b.end);
                for w in cuts.windows(2).chain(std::iter::once(&[b.start, b.end][..])) {
                    let (a, z) = (w[0], w[1]);
                    let span = text.norm.text[a..z].trim();
                    if span.is_empty() {
                        continue;
                    }
                    let ev = text.evidence(a, z, "test");
                    prop_assert_eq!(&html[ev.start..ev.end], ev.text.as_str());
                    let decoded = collapse(&page::read(&ev.text).plain);
                    let want = collapse(span);
                    // The span's characters, in order, are in the quote
                    // (the normalizer may drop furniture between them, as
                    // it does in text files, and word repair may join two
                    // words across a line it dropped: "Mali" + "l'Union").
                    let decoded: Vec<char> = decoded
                        .replace('\u{a0}', " ")
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    let mut rest = decoded.iter();
                    for c in want.replace('\u{a0}', " ").chars().filter(|c| !c.is_whitespace()) {
                        prop_assert!(
                            rest.any(|&d| d == c),
                            "span {:?} quotes {:?}, which decodes to {:?}", want, ev.text, decoded.iter().collect::<String>()
                        );
                    }
                }
            }
        }
    }
}

// In the graph, each resolution and statement of the tables is decided by a
// vote node with its date, outcome and tally, part of a meeting node that has
// the date, the topic and a press-release edge; in RDF, each decision is at
// its meeting with its date.
#[test]
fn tables_become_meetings_and_decisions_in_the_graph_and_rdf() {
    use petgraph::visit::EdgeRef;
    use unsc_kg::graph::{EdgeKind, Graph, NodeKind};
    let mut all = Vec::new();
    for year in YEARS {
        all.extend(items(year));
    }
    let g = Graph::from_items(&all);
    let ds: Vec<&DecisionItem> = decisions(&all);
    let mut tied = 0;
    let mut unnamed: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &ds {
        let Some(on) = d.resolution.as_deref().or(d.draft.as_deref()) else {
            // A draft the row names by its meeting only: the meeting's
            // n-th such vote, with its outcome, tally and date.
            let meeting = d.meeting.as_deref().expect("meeting");
            let n = unnamed.entry(meeting).or_default();
            *n += 1;
            let vote = g
                .node(&format!("vote:{meeting}/{n}"))
                .expect("a vote node for a draft without a symbol");
            let v = g.data(vote);
            assert_eq!(
                (v.date.as_ref(), v.class.as_str()),
                (d.date.as_ref(), d.outcome.as_str())
            );
            assert!(
                v.label.contains(d.tally.as_deref().expect("tally")),
                "{}",
                v.label
            );
            let m = g.node(meeting).expect("meeting node");
            assert!(
                g.g.edges(vote)
                    .any(|e| e.target() == m && g.edge(e.id()).kind == EdgeKind::PartOf)
            );
            continue;
        };
        let vote = g.node(&format!("vote:{on}")).expect("vote node");
        let v = g.data(vote);
        assert_eq!(v.date, d.date, "{on}");
        if let Some(t) = &d.tally {
            assert!(v.label.contains(t.as_str()), "{}", v.label);
        }
        let meeting = d.meeting.as_deref().expect("meeting");
        let m = g.node(meeting).expect("meeting node");
        assert_eq!(g.data(m).kind, NodeKind::Meeting);
        assert!(
            g.data(m).date.is_some() && g.data(m).agenda.is_some(),
            "{meeting}"
        );
        let part_of =
            g.g.edges(vote)
                .any(|e| e.target() == m && g.edge(e.id()).kind == EdgeKind::PartOf);
        let decides =
            g.g.edges(vote)
                .any(|e| g.data(e.target()).id == on && g.edge(e.id()).kind == EdgeKind::Decides);
        assert!(part_of && decides, "{on} at {meeting}");
        tied += 1;
    }
    // All but the five 1948 drafts whose link names no draft, which are
    // votes of their meetings.
    assert_eq!(tied, ds.len() - 5);
    assert_eq!(unnamed.values().sum::<usize>(), 5);
    let m = g.node("S/PV.7598").expect("7598");
    let press: Vec<String> =
        g.g.edges(m)
            .filter(|e| g.edge(e.id()).kind == EdgeKind::PressRelease)
            .map(|e| g.data(e.target()).id.clone())
            .collect();
    assert_eq!(press, ["SC/12185"]);

    let store = unsc_kg::rdf::load_store(&all, crate::util::gazetteer()).expect("store");
    let q = r#"PREFIX unsc: <https://w3id.org/unsc-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d a unsc:Decision ; unsc:atMeeting ?m ; dcterms:date ?date .
  ?m unsc:meetingRecord ?rec ; dcterms:date ?date ; unsc:pressRelease|unsc:agendaItem ?x .
}"#;
    let out = unsc_kg::rdf::evaluate(&store, q, |_| Some(unsc_kg::rdf::Format::Csv), None)
        .expect("query");
    assert_eq!(
        String::from_utf8_lossy(&out.body),
        format!("n\r\n{}\r\n", ds.len())
    );
    // A statement is made, a resolution results: each with its own property
    // (the shapes type each).
    let statements = ds
        .iter()
        .filter(|d| {
            d.resolution
                .as_deref()
                .is_some_and(|r| r.starts_with("S/PRST/"))
        })
        .count();
    let q = r#"PREFIX unsc: <https://w3id.org/unsc-kg/ontology#>
SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d unsc:madeStatement ?s . ?s a unsc:PresidentialStatement }"#;
    let out = unsc_kg::rdf::evaluate(&store, q, |_| Some(unsc_kg::rdf::Format::Csv), None)
        .expect("query");
    assert_eq!(
        String::from_utf8_lossy(&out.body),
        format!("n\r\n{statements}\r\n")
    );
    assert_eq!(statements, 101);
}

// The reader keys on the table's structure, not on these three files'
// markup: a `<caption>`, columns in another order, no press-release column,
// header cells as bold `<td>`, unclosed cells and rows, upper-case tags, a
// veto told as "the negative vote of".
/// The meetings, decisions and votes a meetings-table page gives, one line
/// each; every item's evidence quotes the page's bytes.
fn table_facts(html: &str) -> String {
    let w = Workdir::new();
    let p = w.write("t.htm", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    let mut got = String::new();
    for it in &items {
        match it {
            Item::Meeting(m) => {
                let _ = writeln!(
                    got,
                    "meeting {} {} {} {:?}",
                    m.meeting,
                    m.date.as_deref().unwrap_or("-"),
                    m.agenda_item.as_deref().unwrap_or("-"),
                    m.documents
                );
            }
            Item::Decision(d) => {
                let _ = writeln!(
                    got,
                    "decision {} {:?} {} {} {:?}",
                    d.resolution
                        .as_deref()
                        .or(d.draft.as_deref())
                        .unwrap_or("-"),
                    d.outcome,
                    d.tally.as_deref().unwrap_or("-"),
                    d.date.as_deref().unwrap_or("-"),
                    d.vetoed_by
                );
            }
            Item::Vote(v) => {
                let _ = writeln!(got, "vote {} {:?} {}", v.member, v.position, v.on);
            }
            other => panic!("unexpected {other:?}"),
        }
        let ev = it.evidence();
        assert_eq!(&html.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
    }
    got
}

/// The 1967 rows of [`another_decades_markup_reads_the_same`], as read.
const ROWS_1967: &str = "meeting S/PV.1382 1967-11-22 The situation in the Middle East []\n\
     decision S/RES/242 (1967) Adopted 15-0-0 1967-11-22 []\n\
     meeting S/PV.1382 1967-11-22 Cyprus []\n\
     meeting S/PV.1381 1967-11-20 Letter (S/8247) [\"S/8247\"]\n\
     vote state/union-of-soviet-socialist-republics Against S/8229\n\
     decision S/8229 Vetoed 10-1-4 1967-11-20 [\"the Union of Soviet Socialist Republics\"]\n";

#[test]
fn another_decades_markup_reads_the_same() {
    let html = "<HTML><BODY>\n<TABLE border=1>\n<CAPTION>Meetings conducted by the Security Council in 1967</CAPTION>\n<TR><TD><B>Date</B><TD><B>Meeting record</B><TD><B>Subject</B><TD><B>Action taken / Vote</B>\n<TR><TD>22 November<TD>S/PV.1382<TD>The situation in the Middle East<TD>S/RES/242 (1967)<BR>15-0-0\n<TR><TD><TD><TD>Cyprus<TD>--\n<TR><TD>20 November<TD>S/PV.1381<TD>Letter (S/8247)<TD>Draft resolution S/8229 not adopted owing to the negative vote of the Union of Soviet Socialist Republics<BR>10-1-4\n</TABLE></BODY></HTML>\n";
    assert_eq!(table_facts(html), ROWS_1967);
}

// The markup of recent years' tables (the title in a row of header cells
// spanning the table, "(in reverse chronological order)" under the year,
// a note row across the table, full dates, the tally in a "Vote" column of
// its own) reads as the same rows: the tally used to be lost with its
// column, and the note row was a warning.
#[test]
fn recent_years_markup_with_a_vote_column_reads_the_same() {
    let html = "<html><body><table summary=\"six columns\"><tbody>\n\
        <tr><th class=\"tbltitle\" colspan=\"5\">Meetings conducted by the Security Council in 1967 <br />(in reverse chronological order)</th></tr>\n\
        <tr><th>Meeting<br />Record</th><th>Date</th><th>Topic</th><th>Security Council<br />Outcome</th><th>Vote</th></tr>\n\
        <tr><td colspan=\"5\"><strong>Document links</strong> will work once the document has been published.</td></tr>\n\
        <tr><td><a href=\"x\">S/PV.1382</a></td><td> 22 November 1967</td><td> The situation in the Middle East</td><td> <a href=\"y\">S/RES/242 (1967)</a> </td><td> 15-0-0 </td></tr>\n\
        <tr><td></td><td></td><td>Cyprus</td><td></td><td></td></tr>\n\
        <tr><td><a href=\"z\">S/PV.1381</a></td><td> 20 November 1967</td><td> Letter (S/8247)</td><td> Draft resolution S/8229 not adopted owing to the negative vote of the Union of Soviet Socialist Republics </td><td> 10-1-4 </td></tr>\n\
        </tbody></table></body></html>\n";
    assert_eq!(table_facts(html), ROWS_1967);
    let w = Workdir::new();
    let p = w.write("t.htm", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    assert!(!items.iter().any(|i| matches!(i, Item::Warning(_))));
}

// A row without a meeting record ("--": a videoconference whose vote a
// letter records, the tables of 2020-2021) still records the decision on
// its date, without a meeting, and a warning says so; it used to be
// dropped with the warning.
#[test]
fn a_row_without_a_meeting_record_keeps_its_decisions() {
    let html = "<html><body><table>\n\
        <tr><th colspan=\"6\">Meetings conducted by the Security Council in 2020</th></tr>\n\
        <tr><th>Meeting Record</th><th>Date</th><th>Press Release</th><th>Topic</th><th>Letter with vote procedure</th><th>Security Council Outcome / Vote</th></tr>\n\
        <tr><td>--</td><td>29 May 2020</td><td>SC/14200</td><td>Reports of the Secretary-General on the Sudan and South Sudan</td><td>S/2020/475</td><td>S/RES/2525 (2020)<br>15-0-0</td></tr>\n\
        <tr><td>S/PV.8699</td><td>14 July 2020</td><td>SC/14250</td><td>Colombia</td><td>--</td><td>S/RES/2532 (2020)<br>15-0-0</td></tr>\n\
        </table></body></html>\n";
    let w = Workdir::new();
    let p = w.write("t.htm", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    let mut facts = items
        .iter()
        .filter(|i| !matches!(i, Item::Warning(_)))
        .collect::<Vec<_>>();
    facts.retain(|i| matches!(i, Item::Decision(_) | Item::Meeting(_)));
    let got: Vec<String> = facts
        .iter()
        .map(|i| match i {
            Item::Decision(d) => format!(
                "decision {} {} {} {}",
                d.resolution.as_deref().unwrap_or("-"),
                d.tally.as_deref().unwrap_or("-"),
                d.date.as_deref().unwrap_or("-"),
                d.meeting.as_deref().unwrap_or("-")
            ),
            Item::Meeting(m) => format!("meeting {}", m.meeting),
            _ => unreachable!(),
        })
        .collect();
    assert_eq!(
        got,
        [
            "decision S/RES/2525 (2020) 15-0-0 2020-05-29 -",
            "meeting S/PV.8699",
            "decision S/RES/2532 (2020) 15-0-0 2020-07-14 S/PV.8699",
        ]
    );
    let warnings: Vec<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(w) => Some(w.message.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].ends_with("its decisions are kept without a meeting"));
    // Reported once by a build or `extract`: the reader's warning lines
    // used to repeat the warning item.
    let ex = unsc_kg::corpus::extract_paths(&[p], &Options::default(), 1, &|_| {});
    assert_eq!(ex.warnings.len(), 1, "{:?}", ex.warnings);
}

// Other ways a year's table is marked up read as the same rows: a meeting's
// cells spanning its agenda items (`rowspan`) instead of empty cells; the
// year split into several tables, with or without a header each; a topic
// spanning two outcome rows adds the second outcome to the same agenda
// item.
#[test]
fn spanned_cells_and_split_tables_read_as_the_same_rows() {
    let head = "<html><head><title>Meetings conducted by the Security Council in 1967</title></head><body>";
    let header =
        "<tr><th>Date</th><th>Meeting record</th><th>Subject</th><th>Action taken / Vote</th></tr>";
    let r1382 = "<tr><td rowspan=\"2\">22 November</td><td rowspan=\"2\"><a href=\"x\">S/PV.1382</a></td><td>The situation in the Middle East</td><td>S/RES/242 (1967)<br>15-0-0</td></tr><tr><td>Cyprus</td><td>--</td></tr>";
    let r1381 = "<tr><td>20 November</td><td>S/PV.1381</td><td>Letter (S/8247)</td><td>Draft resolution S/8229 not adopted owing to the negative vote of the Union of Soviet Socialist Republics<br>10-1-4</td></tr>";
    let cases = [
        (
            "rowspan",
            format!("{head}<table>{header}{r1382}{r1381}</table></body></html>"),
        ),
        (
            "split, headerless continuation",
            format!(
                "{head}<table>{header}{r1382}</table><p>Page 2</p><table>{r1381}</table></body></html>"
            ),
        ),
        (
            "split by month, each with its header",
            format!(
                "{head}<h2>November</h2><table>{header}{r1382}</table><h2>November (continued)</h2><table>{header}{r1381}</table></body></html>"
            ),
        ),
    ];
    for (name, html) in &cases {
        assert_eq!(table_facts(html), ROWS_1967, "{name}");
    }
    let two_outcomes = format!(
        "{head}<table>{header}<tr><td rowspan=2>22 November</td><td rowspan=2>S/PV.1382</td><td rowspan=2>The situation in the Middle East</td><td>S/RES/242 (1967)<br>15-0-0</td></tr><tr><td>S/PRST/1967/1</td></tr></table>"
    );
    assert_eq!(
        table_facts(&two_outcomes),
        "meeting S/PV.1382 1967-11-22 The situation in the Middle East []\n\
         decision S/RES/242 (1967) Adopted 15-0-0 1967-11-22 []\n\
         decision S/PRST/1967/1 Adopted - 1967-11-22 []\n"
    );
}

// A page whose table is not a meetings table (no record, date and outcome
// columns) is read as a document, not rejected.
#[test]
fn a_table_that_is_not_a_meetings_table_is_read_as_a_document() {
    let html = "<html><body><p>The Security Council,</p><table><tr><th>Member</th><th>Vote</th></tr><tr><td>France</td><td>In favour</td></tr></table><p>1. <i>Decides</i> to remain seized of the matter.</p></body></html>";
    let w = Workdir::new();
    let p = w.write("t.html", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    assert!(items.iter().any(|i| matches!(i, Item::Document(_))));
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Paragraph(p) if p.clean.contains("remain seized")))
    );
    assert!(
        !items
            .iter()
            .any(|i| matches!(i, Item::Meeting(_) | Item::Decision(_)))
    );
}

/// A case of `tests/testdata/html/meetings-tables.toml`.
#[derive(serde::Deserialize)]
struct TableCase {
    name: String,
    html: String,
    facts: String,
}

/// The items a meetings-table page gives, one line each (see the TOML
/// file's header); every item's evidence quotes the page's bytes.
fn table_case_facts(html: &str) -> String {
    let w = Workdir::new();
    let p = w.write("t.html", html.as_bytes());
    let items = extract_file(&p, &Options::default()).expect("reads").items;
    let mut got = String::new();
    for it in &items {
        let _ = match it {
            Item::Meeting(m) => writeln!(
                got,
                "meeting {} {} {}",
                m.meeting,
                m.date.as_deref().unwrap_or("-"),
                m.agenda_item.as_deref().unwrap_or("-"),
            ),
            Item::Decision(d) => writeln!(
                got,
                "decision {} {:?} {} {} at {} {:?}",
                d.resolution
                    .as_deref()
                    .or(d.draft.as_deref())
                    .unwrap_or("-"),
                d.outcome,
                d.tally.as_deref().unwrap_or("-"),
                d.date.as_deref().unwrap_or("-"),
                d.meeting.as_deref().unwrap_or("-"),
                d.vetoed_by
            ),
            Item::Vote(v) => writeln!(got, "vote {} {:?} {}", v.member, v.position, v.on),
            Item::Warning(w) => writeln!(got, "warning {}", w.message),
            other => panic!("unexpected {other:?}"),
        };
        let ev = it.evidence();
        assert_eq!(&html.as_bytes()[ev.start..ev.end], ev.text.as_bytes());
    }
    got
}

// Each markup or wording class of the yearly tables (a layout, a cell form,
// a symbol spelling, a vote phrase, a continuation form) reads as its case
// says: the cases are written from the structure, not copied from a year.
#[test]
fn meetings_table_markup_cases() {
    #[derive(serde::Deserialize)]
    struct File {
        test: Vec<TableCase>,
    }
    let path = util::root().join("tests/testdata/html/meetings-tables.toml");
    let file: File = toml::from_str(&std::fs::read_to_string(&path).expect("cases")).expect("toml");
    let mut failed = Vec::new();
    for c in &file.test {
        let got = table_case_facts(&c.html);
        if got.trim() != c.facts.trim() {
            failed.push(format!(
                "{}:\n--- want\n{}\n--- got\n{}",
                c.name,
                c.facts.trim(),
                got.trim()
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

// `inspect` counts a statement marked "(PRST)" (before 1993) as a
// statement: it used to count it among the resolutions.
#[test]
fn inspect_counts_statements_marked_prst_as_statements() {
    let html = "<table><tr><th colspan=\"4\">Meetings conducted by the Security Council in 1987</th></tr>\
        <tr><th>Meeting Record</th><th>Date</th><th>Topic</th><th>Security Council Outcome / Vote</th></tr>\
        <tr><td>S/PV.2779</td><td>24 December</td><td>Iran and Iraq</td><td><a href=\"a\">S/19382</a> (PRST)</td></tr>\
        <tr><td>S/PV.2778</td><td>23 December</td><td>Angola</td><td>S/RES/606 (1987)<br>15-0-0</td></tr></table>";
    let w = Workdir::new();
    let p = w.write("t.html", html.as_bytes());
    let out = util::bin().arg("inspect").arg(&p).output().expect("runs");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("decisions: 1 presidential statements, 1 resolutions"),
        "{s}"
    );
}
