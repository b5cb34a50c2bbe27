//! Exports: every format read back with independent readers (csv, quick-xml,
//! serde_json), awkward text preserved, edges pointing at exported nodes,
//! byte-identical reruns, bad output paths refused.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;
use unsc_kg::export::{self, Export, Layer, Selection, gephi, gexf, graphml};
use unsc_kg::graph::{Graph, store};
use unsc_kg::model::{ActorItem, CitationItem, DocType, DocumentItem, Evidence, Item};

use crate::util;

/// Names with commas, quotes, backslashes, line breaks, markup and non-Latin scripts.
const AWKWARD: [&str; 6] = [
    "Letter, dated 1 July",
    "The \"G5 Sahel\" Joint Force",
    "line one\nline two\r\nline three",
    "back\\slash & <markup> 'apostrophe'",
    "مجلس الأمن — Совет Безопасности — 安全理事会",
    "tab\there, \"quoted, with comma\"",
];

fn ev(text: &str) -> Evidence {
    Evidence {
        file: "corpus/weird, \"name\".txt".into(),
        start: 3,
        end: 3 + text.len(),
        text: text.into(),
        rule: "test".into(),
    }
}

fn awkward_items() -> Vec<Item> {
    let mut items = Vec::new();
    for (i, name) in AWKWARD.iter().enumerate() {
        let id = format!("x:doc:{i}:{name}");
        items.push(Item::Document(DocumentItem {
            id: id.clone(),
            symbol: None,
            doc_type: DocType::Letter,
            date: Some("2020-06-30".into()),
            title: Some(name.to_string()),
            agenda_item: None,
            authors: vec![],
            language: None,
            part_of: None,
            part_label: None,
            ev: ev(name),
        }));
        items.push(Item::Citation(CitationItem {
            doc: id.clone(),
            paragraph: None,
            target: format!("S/RES/{} (2020)", 2500 + i),
            pinpoint: Some(format!("paragraphs 2, 5 and \"{i}\"")),
            relation: Some("citesAsAuthority".into()),
            verb: None,
            ev: ev(name),
        }));
        items.push(Item::Actor(ActorItem {
            doc: id,
            paragraph: None,
            actor: format!("actor/{i}"),
            label: name.to_string(),
            class: "ArmedGroup".into(),
            role: None,
            represents: None,
            part_of: None,
            ev: ev(name),
        }));
    }
    items
}

/// node id -> label, and edge id -> (source, target, quote), as written.
type Seen = (
    BTreeMap<String, String>,
    BTreeMap<String, (String, String, String)>,
);

fn expected(ex: &Export<'_>) -> Seen {
    let nodes = ex
        .nodes
        .iter()
        .map(|n| (n.id.to_string(), n.label.to_string()))
        .collect();
    let edges = ex
        .edges
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                (
                    e.source.to_string(),
                    e.target.to_string(),
                    e.evidence.text.to_string(),
                ),
            )
        })
        .collect();
    (nodes, edges)
}

/// What the CSV writer makes of the expected text: one line per field.
fn one_line(seen: &Seen) -> Seen {
    let f = |s: &String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let nodes = seen.0.iter().map(|(k, v)| (f(k), f(v))).collect();
    let edges = seen
        .1
        .iter()
        .map(|(k, (s, t, q))| (f(k), (f(s), f(t), f(q))))
        .collect();
    (nodes, edges)
}

fn read_csv(nodes: &[u8], edges: &[u8]) -> Seen {
    let mut n = BTreeMap::new();
    let mut r = csv::Reader::from_reader(nodes);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        gephi::NODE_COLUMNS
    );
    for rec in r.records() {
        let rec = rec.unwrap();
        n.insert(rec[0].to_string(), rec[1].to_string());
    }
    let mut e = BTreeMap::new();
    let mut r = csv::Reader::from_reader(edges);
    let h = r.headers().unwrap().clone();
    assert_eq!(h.iter().collect::<Vec<_>>(), gephi::EDGE_COLUMNS);
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (id, src, dst, quote) = (col("Id"), col("Source"), col("Target"), col("quote"));
    for rec in r.records() {
        let rec = rec.unwrap();
        e.insert(
            rec[id].to_string(),
            (
                rec[src].to_string(),
                rec[dst].to_string(),
                rec[quote].to_string(),
            ),
        );
    }
    (n, e)
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .map(|a| a.unwrap())
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| a.unescape_value().unwrap().into_owned())
}

fn read_gexf(xml: &str) -> Seen {
    let mut r = Reader::from_str(xml);
    let (mut nodes, mut edges) = (BTreeMap::new(), BTreeMap::new());
    let mut edge: Option<(String, String, String)> = None;
    let mut quote = String::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"node" => {
                    nodes.insert(attr(&e, "id").unwrap(), attr(&e, "label").unwrap());
                }
                b"edge" => {
                    edge = Some((
                        attr(&e, "id").unwrap(),
                        attr(&e, "source").unwrap(),
                        attr(&e, "target").unwrap(),
                    ));
                    quote.clear();
                }
                b"attvalue" if edge.is_some() && attr(&e, "for").as_deref() == Some("quote") => {
                    quote = attr(&e, "value").unwrap();
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"edge" => {
                let (id, s, t) = edge.take().unwrap();
                edges.insert(id, (s, t, quote.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (nodes, edges)
}

/// GraphML node ids are minted (`n0` ...): the canonical id is the `name`
/// data; edges are read back through it.
fn read_graphml(xml: &str) -> Seen {
    let mut r = Reader::from_str(xml);
    let (mut nodes, mut edges) = (BTreeMap::new(), BTreeMap::new());
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut name = String::new();
    let mut node: Option<String> = None;
    let mut edge: Option<(String, String, String)> = None;
    let mut key: Option<String> = None;
    let mut text = String::new();
    let mut label = String::new();
    let mut quote = String::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => match e.name().as_ref() {
                b"node" => node = attr(&e, "id"),
                b"edge" => {
                    edge = Some((
                        attr(&e, "id").unwrap(),
                        attr(&e, "source").unwrap(),
                        attr(&e, "target").unwrap(),
                    ))
                }
                b"data" => {
                    key = attr(&e, "key");
                    text.clear();
                }
                _ => {}
            },
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap()).unwrap(),
                ),
            },
            Event::End(e) => match e.name().as_ref() {
                b"data" => match key.take().as_deref() {
                    Some("n_name") => name = text.clone(),
                    Some("n_label") => label = text.clone(),
                    Some("e_quote") => quote = text.clone(),
                    _ => {}
                },
                b"node" => {
                    let minted = node.take().unwrap();
                    assert!(
                        minted.bytes().all(|b| b.is_ascii_alphanumeric()),
                        "{minted} is not an NMTOKEN"
                    );
                    names.insert(minted, name.clone());
                    nodes.insert(std::mem::take(&mut name), std::mem::take(&mut label));
                }
                b"edge" => {
                    let (id, s, t) = edge.take().unwrap();
                    edges.insert(
                        id,
                        (
                            names[&s].clone(),
                            names[&t].clone(),
                            std::mem::take(&mut quote),
                        ),
                    );
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (nodes, edges)
}

fn read_jsonl(bytes: &[u8]) -> Seen {
    let (mut nodes, mut edges) = (BTreeMap::new(), BTreeMap::new());
    for line in std::str::from_utf8(bytes).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = |k: &str| v[k].as_str().unwrap().to_string();
        if v["type"] == "node" {
            nodes.insert(s("id"), s("label"));
        } else {
            edges.insert(
                s("id"),
                (
                    s("source"),
                    s("target"),
                    v["evidence"]["text"].as_str().unwrap().to_string(),
                ),
            );
        }
    }
    (nodes, edges)
}

#[test]
fn awkward_text_survives_every_format() {
    let g = Graph::from_items(&awkward_items());
    for layer in [Layer::All, Layer::Citations, Layer::Actors] {
        let ex = export::select(
            &g,
            &Selection {
                layer,
                doc_type: None,
            },
        );
        let want = expected(&ex);
        assert!(want.0.values().any(|l| l.contains('\n')) || layer == Layer::Citations);
        assert!(!want.1.is_empty());
        let csv = read_csv(
            &gephi::nodes_csv(&ex).unwrap(),
            &gephi::edges_csv(&ex).unwrap(),
        );
        // CSV records are one line each: whitespace runs become one space.
        assert_eq!(csv, one_line(&want), "csv {layer:?}");
        let text = String::from_utf8(gephi::nodes_csv(&ex).unwrap()).unwrap();
        assert_eq!(text.lines().count(), ex.nodes.len() + 1, "csv {layer:?}");
        assert_eq!(read_gexf(&gexf::gexf(&ex)), want, "gexf {layer:?}");
        assert_eq!(
            read_graphml(&graphml::graphml(&ex)),
            want,
            "graphml {layer:?}"
        );
        assert_eq!(read_jsonl(&export::jsonl(&ex)), want, "jsonl {layer:?}");
    }
}

#[test]
fn exports_of_the_fixture_are_consistent_and_deterministic() {
    let items = store::parse_jsonl(
        &std::fs::read_to_string(util::root().join("tests/testdata/graph/items.jsonl")).unwrap(),
    )
    .unwrap();
    let g = Graph::from_items(&items);
    let a = util::Workdir::new();
    let b = util::Workdir::new();
    let written = export::write_exports(a.dir.path(), &items, &g).unwrap();
    export::write_exports(b.dir.path(), &items, &g).unwrap();
    assert_eq!(written.len(), 8);
    for p in &written {
        let name = p.file_name().unwrap();
        assert_eq!(
            util::read(p),
            util::read(&b.dir.path().join(name)),
            "{name:?} differs between runs"
        );
    }
    // Every edge of every edge list points at nodes of nodes.csv.
    let nodes = util::read(&a.path("nodes.csv"));
    for list in ["edges.csv", "citations.csv", "actors.csv"] {
        let (ids, edges) = read_csv(&nodes, &util::read(&a.path(list)));
        assert!(!edges.is_empty(), "{list}");
        for (id, (s, t, _)) in edges {
            assert!(
                ids.contains_key(&s) && ids.contains_key(&t),
                "{list} {id}: {s} -> {t}"
            );
        }
    }
    // Counts agree with summary.json.
    let summary: serde_json::Value =
        serde_json::from_slice(&util::read(&a.path("summary.json"))).unwrap();
    let (n, e) = read_gexf(&String::from_utf8(util::read(&a.path("graph.gexf"))).unwrap());
    assert_eq!(n.len() as u64, summary["nodes"].as_u64().unwrap());
    assert_eq!(e.len() as u64, summary["edges"].as_u64().unwrap());
    let (n, e) = read_graphml(&String::from_utf8(util::read(&a.path("graph.graphml"))).unwrap());
    assert_eq!((n.len(), e.len()), (g.node_count(), g.edge_count()));
}

#[test]
fn export_command_filters_and_refuses_bad_paths() {
    let wd = util::Workdir::new();
    let fixture = "tests/testdata/graph/items.jsonl";
    let run = |args: &[&str]| {
        util::bin()
            .args(args)
            .current_dir(util::root())
            .output()
            .expect("run unsc-kg")
    };
    let out = run(&[
        "export",
        "--format",
        "jsonl",
        "--layer",
        "citations",
        "--kind",
        "resolution",
        "--graph",
        fixture,
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        if v["type"] == "node" {
            assert_eq!(v["class"], "resolution", "{line}");
        } else {
            assert_eq!(v["kind"], "cites", "{line}");
        }
    }
    assert!(text.contains("S/RES/2531 (2020)"));
    // Gephi format into a folder.
    let dir = wd.path("gephi");
    let out = run(&[
        "export",
        "--format",
        "gephi",
        "--out",
        dir.to_str().unwrap(),
        "--graph",
        fixture,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("nodes.csv").is_file() && dir.join("edges.csv").is_file());
    // Everything, as `build` writes it.
    let all = wd.path("all");
    let out = run(&[
        "export",
        "--format",
        "all",
        "--out",
        all.to_str().unwrap(),
        "--graph",
        fixture,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(&all).unwrap().count(), 8);
    // A file where a folder is expected: exit 2, nothing written.
    let file = wd.write("plain-file", b"x");
    let out = run(&[
        "export",
        "--format",
        "gephi",
        "--out",
        file.join("sub").to_str().unwrap(),
        "--graph",
        fixture,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    // Missing parent folders are made, as `mkdir -p` makes them.
    let deep = wd.path("missing/parent/out");
    let out = run(&[
        "export",
        "--format",
        "gephi",
        "--out",
        deep.to_str().unwrap(),
        "--graph",
        fixture,
    ]);
    assert!(out.status.success());
    assert!(deep.join("nodes.csv").is_file());
    let out = run(&[
        "export",
        "--format",
        "gexf",
        "--out",
        wd.path("nope/graph.gexf").to_str().unwrap(),
        "--graph",
        fixture,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!wd.path("nope").exists());
    assert_eq!(
        std::fs::read_dir(wd.dir.path()).unwrap().count(),
        4,
        "only plain-file, gephi/, all/ and missing/"
    );
}
