//! Meetings: the six 2023 meetings of the Repertoire section on Mali
//! (golden), and meeting tables and records of other layouts and years
//! (tests/testdata/meetings/).

use std::collections::BTreeSet;

use serde::Deserialize;
use unsc_kg::extract::extract_text;
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{Invitee, Item, MeetingItem};
use unsc_kg::text::Text;

use crate::util;

const REPERTOIRE: &str = "mali/repertoire-2023-mali.md";

fn meetings(items: &[Item]) -> Vec<&MeetingItem> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Meeting(m) => Some(m),
            _ => None,
        })
        .collect()
}

/// One block per meeting, for the golden file.
fn render(ms: &[&MeetingItem]) -> String {
    let mut out = String::new();
    for m in ms {
        out.push_str(&format!(
            "meeting {} date={} agenda={:?} doc={} [{}] bytes={}..{}\n",
            m.meeting,
            m.date.as_deref().unwrap_or("-"),
            m.agenda_item.as_deref().unwrap_or("-"),
            m.doc,
            m.ev.rule,
            m.ev.start,
            m.ev.end
        ));
        for s in &m.sub_items {
            out.push_str(&format!("  sub_item {s:?}\n"));
        }
        for d in &m.documents {
            out.push_str(&format!("  document {d}\n"));
        }
        for a in &m.rule_37 {
            out.push_str(&format!("  rule_37  {a}\n"));
        }
        for a in &m.rule_39 {
            out.push_str(&format!("  rule_39  {:?}\n", a.as_str()));
        }
    }
    out
}

#[test]
fn repertoire_gives_the_six_meetings_of_2023() {
    let items = extract_file(&util::corpus(REPERTOIRE), &Options::default())
        .expect("readable")
        .items;
    let ms = meetings(&items);
    let got: Vec<(&str, &str)> = ms
        .iter()
        .map(|m| (m.meeting.as_str(), m.date.as_deref().unwrap_or("-")))
        .collect();
    assert_eq!(
        got,
        [
            ("S/PV.9251", "2023-01-27"),
            ("S/PV.9302", "2023-04-12"),
            ("S/PV.9350", "2023-06-16"),
            ("S/PV.9365", "2023-06-30"),
            ("S/PV.9407", "2023-08-28"),
            ("S/PV.9408", "2023-08-30"),
        ]
    );
    let documents: Vec<&str> = ms
        .iter()
        .flat_map(|m| m.documents.iter().map(String::as_str))
        .collect();
    assert_eq!(
        documents,
        [
            "S/2023/21",
            "S/2023/36",
            "S/2023/236",
            "S/2023/402",
            "S/2023/480",
            "S/2023/611",
            "S/2023/578",
            "S/2023/638",
            "S/2023/639",
        ]
    );
    let rule_37: BTreeSet<&str> = ms
        .iter()
        .flat_map(|m| m.rule_37.iter().map(Invitee::as_str))
        .collect();
    assert_eq!(rule_37, BTreeSet::from(["state/mali"]));
    // The rule 39 cell of S/PV.9407 wraps over a repeated header.
    assert_eq!(
        ms[4].rule_39,
        [
            "Special Representative of the Secretary-General and Head of MINUSMA",
            "Acting Regional Director of Search for Common Ground"
        ]
    );
    for m in &ms {
        assert_eq!(m.agenda_item.as_deref(), Some("The situation in Mali"));
    }
    util::golden("meetings-repertoire.txt", &render(&ms));
}

#[derive(Deserialize)]
struct Cases {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    path: String,
    input: String,
    meeting: Vec<Expected>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct Expected {
    meeting: String,
    date: Option<String>,
    agenda_item: Option<String>,
    #[serde(default)]
    sub_items: Vec<String>,
    #[serde(default)]
    documents: Vec<String>,
    #[serde(default)]
    rule_37: Vec<Invitee>,
    #[serde(default)]
    rule_39: Vec<Invitee>,
}

#[test]
fn meeting_tables_and_records_of_other_layouts() {
    let path = util::root().join("tests/testdata/meetings/layouts.toml");
    let cases: Cases = toml::from_str(&String::from_utf8_lossy(&util::read(&path))).expect("toml");
    let mut failures = Vec::new();
    for c in &cases.test {
        let items = extract_text(&Text::from_str(&c.path, &c.input));
        let got: Vec<Expected> = meetings(&items)
            .into_iter()
            .map(|m| Expected {
                meeting: m.meeting.clone(),
                date: m.date.clone(),
                agenda_item: m.agenda_item.clone(),
                sub_items: m.sub_items.clone(),
                documents: m.documents.clone(),
                rule_37: m.rule_37.clone(),
                rule_39: m.rule_39.clone(),
            })
            .collect();
        if got != c.meeting {
            failures.push(format!(
                "{}:\n got      {got:?}\n expected {:?}",
                c.name, c.meeting
            ));
        }
        for m in meetings(&items) {
            if c.input.as_bytes().get(m.ev.start..m.ev.end) != Some(m.ev.text.as_bytes()) {
                failures.push(format!(
                    "{}: {} does not quote its bytes",
                    c.name, m.meeting
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The meetings of the Repertoire reach the graph: the meeting node gets
/// its date and agenda item, `considers` edges to the documents and
/// `invited` edges (relation `rule_37`) to Mali.
#[test]
fn meetings_become_graph_edges_with_date_and_agenda() {
    use unsc_kg::graph::{EdgeKind, Graph};
    let items = extract_file(&util::corpus(REPERTOIRE), &Options::default())
        .expect("readable")
        .items;
    let g = Graph::from_items(&items);
    let m = g.node("S/PV.9251").expect("meeting node");
    assert_eq!(g.data(m).date.as_deref(), Some("2023-01-27"));
    assert_eq!(g.data(m).agenda.as_deref(), Some("The situation in Mali"));
    let mut considers = Vec::new();
    let mut invited = Vec::new();
    for e in g.g.edge_indices() {
        let (a, b) = g.ends(e);
        let (a, b) = (g.data(a).id.as_str(), g.data(b).id.as_str());
        match g.g[e].kind {
            EdgeKind::Considers => considers.push((a, b)),
            EdgeKind::Invited => invited.push((a, b, g.relation(e))),
            _ => {}
        }
    }
    assert_eq!(considers.len(), 9, "{considers:?}");
    assert!(considers.contains(&("S/PV.9251", "S/2023/36")));
    assert!(considers.contains(&("S/PV.9408", "S/2023/639")));
    assert_eq!(invited.len(), 5, "{invited:?}");
    assert!(invited.contains(&("S/PV.9365", "state/mali", Some("rule_37"))));
}

/// The meetings reach RDF: `unsc:considers`, `unsc:invitedUnderRule37`,
/// the rule 39 invitees as written, and evidence on each meeting.
#[test]
fn meetings_become_triples() {
    use unsc_kg::rdf::{self, Format};
    let items = extract_file(&util::corpus(REPERTOIRE), &Options::default())
        .expect("readable")
        .items;
    let store = rdf::load_store(&items, util::gazetteer()).expect("store");
    let count = |pattern: &str| {
        let q = format!(
            "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
        );
        let out = rdf::evaluate(&store, &q, |_| Some(Format::Csv), None).expect("query");
        String::from_utf8_lossy(&out.body)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse::<usize>().ok())
            .expect("count")
    };
    assert_eq!(count("?m unsc:considers ?d"), 9);
    assert_eq!(count("?m unsc:invitedUnderRule37 ?a"), 5);
    assert_eq!(
        count("?m unsc:meetingRecord ?r ; unsc:rule39InviteeName ?n"),
        6
    );
    assert_eq!(
        count("?m a unsc:Meeting ; dcterms:date ?d ; unsc:agendaItem ?a ; unsc:evidence ?e"),
        6
    );
}
