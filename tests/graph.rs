//! The graph and its commands on the fixture graph
//! (tests/testdata/graph/items.jsonl: the seed corpus's documents with
//! hand-made citations, actors, votes and a decision whose evidence spans are
//! real byte spans of corpus/mali).

use std::path::Path;

use proptest::prelude::*;
use unsc_kg::cmd;
use unsc_kg::graph::analysis::{Layer, View, k_shortest_paths};
use unsc_kg::graph::resolve::resolve;
use unsc_kg::graph::{Graph, NodeKind, store};

use crate::util;

const FIXTURE: &str = "tests/testdata/graph/items.jsonl";

fn fixture() -> Graph {
    store::load(&util::root().join(FIXTURE)).expect("fixture graph")
}

/// Runs the binary in the repository root; returns (stdout, stderr, exit code).
fn run(args: &[&str]) -> (String, String, i32) {
    let out = util::bin()
        .args(args)
        .current_dir(util::root())
        .output()
        .expect("run unsc-kg");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn commands_match_golden() {
    let cases: &[(&str, &[&str])] = &[
        (
            "graph-chain.txt",
            &["chain", "letter:2020-06-30", "2374", "-k", "4"],
        ),
        (
            "graph-chain.json",
            &["chain", "S/2021/610", "res 2374 (2017)", "--json"],
        ),
        (
            "graph-cites.txt",
            &["cites", "res 2531 (2020)", "--depth", "2"],
        ),
        ("graph-cites-paragraph.txt", &["cites", "2531#op2"]),
        (
            "graph-cited-by.txt",
            &["cited-by", "S/RES/2374(2017)", "--depth", "3"],
        ),
        ("graph-cited-by.json", &["cited-by", "2531", "--json"]),
        ("graph-rank.txt", &["rank", "--top", "8"]),
        (
            "graph-rank-resolution.json",
            &["rank", "--kind", "resolution", "--json"],
        ),
        ("graph-stats.txt", &["stats"]),
        ("graph-stats.json", &["stats", "--json"]),
        ("graph-actor-minusma.txt", &["actor", "MINUSMA"]),
        ("graph-actor-g5.json", &["actor", "G5 Sahel", "--json"]),
    ];
    for (golden, args) in cases {
        let mut args = args.to_vec();
        args.extend(["--graph", FIXTURE]);
        let (out, err, code) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        util::golden(golden, &out);
    }
}

// The chain the issue asks for: the letter -> its enclosed draft S/2020/600
// -> resolution 2531 (2020) (adopted as) -> resolution 2374 (2017).
#[test]
fn chain_crosses_documents() {
    let g = fixture();
    let r = cmd::chain::report(&g, "letter:2020-06-30", "2374", 4).unwrap();
    let seqs: Vec<Vec<String>> = r
        .paths
        .iter()
        .map(|p| p.iter().map(|h| format!("{} {}", h.kind, h.to)).collect())
        .collect();
    assert!(seqs.contains(&vec![
        "cites S/2020/600".to_string(),
        "adopted_as S/RES/2531 (2020)".to_string(),
        "cites S/RES/2374 (2017)".to_string(),
    ]));
}

#[test]
fn exit_codes() {
    // No result: exit 1 with a message.
    let (out, _, code) = run(&["cites", "1325", "--graph", FIXTURE]);
    assert_eq!(code, 1);
    assert!(out.contains("cites nothing"), "{out}");
    let (_, _, code) = run(&["chain", "1325", "2531", "--graph", FIXTURE]);
    assert_eq!(code, 1);
    // Unknown reference: exit 2 with the closest matches.
    let (_, err, code) = run(&["cited-by", "S/RES/2999 (2025)", "--graph", FIXTURE]);
    assert_eq!(code, 2);
    assert!(err.contains("not in the graph; closest"), "{err}");
    // Missing graph file: exit 2 naming it.
    let (_, err, code) = run(&["stats", "--graph", "no/such/graph.bin"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/graph.bin"), "{err}");
    // Unknown document type.
    let (_, err, code) = run(&["rank", "--kind", "treaty", "--graph", FIXTURE]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown document type"), "{err}");
}

#[test]
fn saved_graph_answers_like_the_stream() {
    let wd = util::Workdir::new();
    let path = wd.path("graph.bin");
    store::save(&fixture(), &path).unwrap();
    let p = path.to_str().unwrap();
    let (from_bin, _, code) = run(&[
        "chain",
        "letter:2020-06-30",
        "2374",
        "-k",
        "4",
        "--graph",
        p,
    ]);
    assert_eq!(code, 0);
    let (from_jsonl, _, _) = run(&[
        "chain",
        "letter:2020-06-30",
        "2374",
        "-k",
        "4",
        "--graph",
        FIXTURE,
    ]);
    assert_eq!(from_bin, from_jsonl);
    // A file that is not a graph is refused with a clear message.
    let bad = wd.write("bad.bin", b"not a graph");
    let (_, err, code) = run(&["stats", "--graph", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not a unsc-kg graph file"), "{err}");
}

#[derive(serde::Deserialize)]
struct Cases {
    test: Vec<RefCase>,
}

#[derive(serde::Deserialize)]
struct RefCase {
    input: String,
    id: Option<String>,
    error: Option<String>,
}

#[test]
fn references_as_typed() {
    let g = fixture();
    let text =
        std::fs::read_to_string(util::root().join("tests/testdata/graph/references.toml")).unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    for c in cases.test {
        let got = resolve(&g, &c.input, &[]);
        match (&c.id, &c.error) {
            (Some(id), _) => {
                let n = got.unwrap_or_else(|e| panic!("{}: {}", c.input, e.message(&c.input)));
                assert_eq!(&g.data(n).id, id, "{}", c.input);
            }
            (None, Some(frag)) => {
                let e = got.expect_err(&c.input);
                assert!(
                    e.message(&c.input).contains(frag.as_str()),
                    "{}: {}",
                    c.input,
                    e.message(&c.input)
                );
            }
            _ => panic!("{}: give id or error", c.input),
        }
    }
}

fn file_slice(file: &str, start: usize, end: usize) -> String {
    let bytes = util::read(&util::root().join(Path::new(file)));
    String::from_utf8(bytes[start..end].to_vec()).expect("utf-8 slice")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    // Every path `chain` prints is a path of the graph, and every hop's quote
    // is the source slice of that edge's evidence.
    #[test]
    fn chain_paths_are_graph_paths_with_true_quotes(a in 0usize..1000, b in 0usize..1000, k in 1usize..5) {
        let g = fixture();
        let docs: Vec<String> = g
            .g
            .node_weights()
            .filter(|n| n.kind == NodeKind::Document)
            .map(|n| n.id.clone())
            .collect();
        let (from, to) = (&docs[a % docs.len()], &docs[b % docs.len()]);
        let r = cmd::chain::report(&g, from, to, k).unwrap();
        let json = serde_json::to_value(&r).unwrap();
        prop_assert!(r.paths.len() <= k);
        for (i, path) in json["paths"].as_array().unwrap().iter().enumerate() {
            let hops = path.as_array().unwrap();
            let mut at = from.clone();
            for h in hops {
                prop_assert_eq!(h["from"].as_str().unwrap(), at.as_str());
                let edge = petgraph::graph::EdgeIndex::new(h["edge"].as_u64().unwrap() as usize);
                let (s, t) = g.ends(edge);
                let (s, t) = (g.data(s).id.clone(), g.data(t).id.clone());
                let walked = if h["kind"] == "contains" { (t, s) } else { (s, t) };
                prop_assert_eq!(walked.0.as_str(), h["from"].as_str().unwrap());
                prop_assert_eq!(walked.1.as_str(), h["to"].as_str().unwrap());
                let ev = &h["evidence"];
                prop_assert_eq!(ev, &serde_json::to_value(&g.edge(edge).ev).unwrap());
                let slice = file_slice(
                    ev["file"].as_str().unwrap(),
                    ev["start"].as_u64().unwrap() as usize,
                    ev["end"].as_u64().unwrap() as usize,
                );
                prop_assert_eq!(slice.as_str(), ev["text"].as_str().unwrap());
                at = h["to"].as_str().unwrap().to_string();
            }
            prop_assert_eq!(&at, to, "path {} ends elsewhere", i);
        }
        // The printed text names the same hops.
        let text = cmd::chain::render(&g, &r).expect("render");
        for p in &r.paths {
            for h in p {
                prop_assert!(text.contains(&h.place()));
            }
        }
    }

    // On random graphs, the k shortest paths are distinct, loopless, shortest
    // first, and made of the graph's edges.
    #[test]
    fn k_shortest_paths_are_paths(edges in proptest::collection::vec((0u32..12, 0u32..12), 0..60), k in 1usize..6) {
        let items: Vec<unsc_kg::model::Item> = edges
            .iter()
            .map(|(s, t)| unsc_kg::model::Item::Citation(unsc_kg::model::CitationItem {
                doc: format!("S/RES/{} (2000)", s + 1),
                paragraph: None,
                target: format!("S/RES/{} (2000)", t + 1),
                pinpoint: None,
                relation: Some("cites".into()),
                verb: None,
                ev: Default::default(),
            }))
            .collect();
        let g = Graph::from_items(&items);
        let v = View::new(&g, Layer::Paths);
        let n = g.node_count() as u32;
        for from in 0..n.min(4) {
            for to in 0..n {
                let Ok(paths) = k_shortest_paths(&v, from, to, k);
                prop_assert!(paths.len() <= k);
                for (i, p) in paths.iter().enumerate() {
                    if i > 0 {
                        prop_assert!(paths[i - 1].len() <= p.len());
                        prop_assert!(!paths[..i].contains(p));
                    }
                    let mut at = from;
                    let mut seen = vec![from];
                    for h in p {
                        prop_assert_eq!(h.from, at);
                        let (s, t) = g.ends(petgraph::graph::EdgeIndex::new(h.edge as usize));
                        prop_assert_eq!((s.index() as u32, t.index() as u32), (h.from, h.to));
                        prop_assert!(!seen.contains(&h.to));
                        seen.push(h.to);
                        at = h.to;
                    }
                    prop_assert_eq!(at, to);
                }
            }
        }
    }
}
