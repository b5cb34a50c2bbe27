//! The quad index `build` writes (`graph.idx`, issue #19) against the
//! oxigraph store it replaces for `query` and `serve`: the same quads, the
//! same answers to every example query and to the cases of
//! `tests/testdata/rdf/backends.toml`, the same bytes from the items as from
//! the build; and `query` choosing it, or falling back with a message.

use std::sync::Arc;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use unsc_kg::rdf::index::{DEFAULT_GRAPH, QuadIndex};
use unsc_kg::rdf::{self, Backend, EvidenceMode, Format, ResultKind};

use crate::util::{self, Workdir, bin, root};

/// One data set on both backends.
struct Data {
    name: String,
    store: Store,
    index: Arc<QuadIndex>,
}

/// The index of `quads` (and a store holding them).
fn from_quads(name: &str, quads: &[Quad]) -> Data {
    let mut w = rdf::index::IndexWriter::new();
    let store = Store::new().expect("store");
    for q in quads {
        w.add_quad(q.as_ref()).expect("quad");
        store.insert(q).expect("insert");
    }
    let mut bytes = Vec::new();
    w.write(&mut bytes, None).expect("index");
    Data {
        name: name.into(),
        store,
        index: Arc::new(QuadIndex::from_bytes(bytes, name).expect("opens")),
    }
}

fn trig() -> Data {
    let text = std::fs::read(root().join("tests/testdata/rdf/backends.trig")).expect("trig");
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::TriG)
        .for_slice(&text)
        .map(|q| q.expect("parses"))
        .collect();
    from_quads("backends.trig", &quads)
}

fn fixture(mode: EvidenceMode) -> Data {
    let items = rdf::read_items(&root().join("tests/testdata/rdf/items.jsonl")).expect("items");
    let bytes = rdf::dump::index_items(&items, util::gazetteer(), mode).expect("index");
    Data {
        name: format!("fixture ({})", mode.as_str()),
        store: rdf::load_store_with(&items, util::gazetteer(), mode).expect("store"),
        index: Arc::new(QuadIndex::from_bytes(bytes, "fixture.idx").expect("opens")),
    }
}

/// The Mali corpus as `build` left it: the `graph.nq` of `build --rdf
/// nquads` loaded, and the committed `exports/graph.idx` opened.
fn exports() -> Data {
    Data {
        name: "exports".into(),
        store: rdf::store::load_snapshot(&util::full_build().join("graph.nq")).expect("snapshot"),
        index: Arc::new(QuadIndex::open(&root().join("exports/graph.idx")).expect("opens")),
    }
}

/// A query to compare, and whether its rows come in a fixed order.
struct Case {
    name: String,
    query: String,
    ordered: bool,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let toml: toml::Value = toml::from_str(
        &std::fs::read_to_string(root().join("tests/testdata/rdf/backends.toml")).expect("toml"),
    )
    .expect("parses");
    for t in toml["test"].as_array().expect("tests") {
        cases.push(Case {
            name: t["name"].as_str().expect("name").into(),
            query: t["query"].as_str().expect("query").into(),
            ordered: t.get("order").and_then(toml::Value::as_bool) == Some(true),
        });
    }
    for path in crate::util::sorted_files(&root().join("ontology/queries"), Some("rq")) {
        cases.push(Case {
            name: path.display().to_string(),
            query: std::fs::read_to_string(&path).expect("query"),
            // Their ORDER BY may leave ties: compared as sets.
            ordered: false,
        });
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    for line in readme.lines() {
        let Some((_, rest)) = line.split_once("unsc-kg query ") else {
            continue;
        };
        let Some((_, q)) = rest.split_once('\'') else {
            continue;
        };
        if let Some((q, _)) = q.rsplit_once('\'') {
            cases.push(Case {
                name: format!("README: {q}"),
                query: q.to_string(),
                ordered: false,
            });
        }
    }
    assert!(cases.len() > 40, "{} cases", cases.len());
    cases
}

/// The answer to `query` on `backend`: SELECT and ASK as TSV (terms in
/// N-Triples syntax, so datatypes and language tags show), CONSTRUCT and
/// DESCRIBE as N-Triples; rows sorted unless `ordered`. A query the
/// engine refuses gives its error.
fn answer(backend: impl Into<Backend>, query: &str, ordered: bool) -> String {
    let pick = |k: ResultKind| {
        Some(match k {
            ResultKind::Graph => Format::NTriples,
            _ => Format::Tsv,
        })
    };
    match rdf::evaluate(backend, query, pick, Some(Duration::from_secs(60))) {
        Ok(out) => {
            let text = String::from_utf8(out.body).expect("utf-8");
            if ordered {
                return text;
            }
            let mut lines: Vec<&str> = text.lines().collect();
            // The header stays first.
            let rows = if out.kind == ResultKind::Solutions {
                &mut lines[1..]
            } else {
                &mut lines[..]
            };
            rows.sort_unstable();
            lines.join("\n")
        }
        Err(e) => format!("error: {e}"),
    }
}

// The index answers every example query, and every case of
// backends.toml, as the oxigraph store holding the same quads does: on the
// fixture in both evidence forms, on the committed exports, and on data
// with blank nodes, language tags, datatypes and several named graphs.
#[test]
fn index_answers_every_query_as_the_store_does() {
    let cases = cases();
    let mut answered = 0;
    for data in [
        fixture(EvidenceMode::Compact),
        fixture(EvidenceMode::Annotation),
        exports(),
        trig(),
    ] {
        for case in &cases {
            let want = answer(&data.store, &case.query, case.ordered);
            let got = answer(Arc::clone(&data.index), &case.query, case.ordered);
            assert_eq!(got, want, "{} on {}", case.name, data.name);
            if !want.starts_with("error") && want.lines().count() > 1 {
                answered += 1;
            }
        }
    }
    // Most cases answer something somewhere: the comparison is not of
    // empty answers.
    assert!(answered > cases.len() * 2, "{answered} non-empty answers");
}

fn all_quads(data: &Data) -> (Vec<String>, Vec<String>) {
    let mut from_store: Vec<String> = data
        .store
        .iter()
        .map(|q| q.expect("quad").to_string())
        .collect();
    let index = &data.index;
    let term = |id: u32| index.term(id).expect("term");
    let mut from_index: Vec<String> = index
        .quads([None; 4])
        .map(|q| {
            let [s, p, o, g] = q.expect("quad");
            let subject = match term(s) {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => b.into(),
                t => panic!("literal subject {t}"),
            };
            let Term::NamedNode(predicate) = term(p) else {
                panic!("predicate");
            };
            let graph = if g == DEFAULT_GRAPH {
                GraphName::DefaultGraph
            } else {
                match term(g) {
                    Term::NamedNode(n) => n.into(),
                    Term::BlankNode(b) => b.into(),
                    t => panic!("literal graph {t}"),
                }
            };
            Quad::new(subject, predicate, term(o), graph).to_string()
        })
        .collect();
    from_store.sort();
    from_index.sort();
    (from_store, from_index)
}

// The index `build` wrote holds exactly the quads of the `graph.nq` it
// wrote (the dump's statements encoded directly, the vocabulary parsed as
// the dump holds it), and so does the index made from the items.
#[test]
fn index_holds_the_quads_of_graph_nq() {
    for data in [exports(), fixture(EvidenceMode::Annotation), trig()] {
        let (want, got) = all_quads(&data);
        assert!(want.len() > 20, "{}: {} quads", data.name, want.len());
        let first_difference = want.iter().zip(&got).find(|(a, b)| a != b);
        assert_eq!(first_difference, None, "{}", data.name);
        assert_eq!(want.len(), got.len(), "{}", data.name);
        assert_eq!(data.index.len(), got.len() as u64);
    }
}

// The index made from the committed item stream is the build's, byte for
// byte past the header (which also records the length of the graph.nq
// written with it, when one was): the same quads give the same file, and
// asking for N-Quads too changes nothing past the header.
#[test]
fn index_made_from_the_items_is_the_builds() {
    let items = rdf::read_items(&root().join("exports/extractions.jsonl")).expect("items");
    let made =
        rdf::dump::index_items(&items, util::gazetteer(), EvidenceMode::Compact).expect("index");
    let built = std::fs::read(root().join("exports/graph.idx")).expect("graph.idx");
    let header = rdf::index::HEADER_LEN;
    assert_eq!(made.len(), built.len());
    assert!(made[header..] == built[header..], "the sections differ");
    assert_eq!(
        made,
        rdf::dump::index_items(&items, util::gazetteer(), EvidenceMode::Compact).expect("again")
    );
    let index = QuadIndex::open(&root().join("exports/graph.idx")).expect("opens");
    assert_eq!(
        index.dump_len(),
        None,
        "the default build writes no graph.nq"
    );
    let full = util::full_build();
    let nq = std::fs::metadata(full.join("graph.nq")).expect("graph.nq");
    let with_nq = QuadIndex::open(&full.join("graph.idx")).expect("opens");
    assert_eq!(with_nq.dump_len(), Some(nq.len()));
    let with_nq = std::fs::read(full.join("graph.idx")).expect("graph.idx");
    assert!(with_nq[header..] == built[header..], "the sections differ");
}

fn query(args: &[&str], items: &std::path::Path) -> (Option<i32>, String, String) {
    let o = bin()
        .args(["query", "--format", "csv", "--items"])
        .arg(items)
        .args(args)
        .output()
        .expect("query");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

// `query` opens the index `build` left, silently; without it, or with one
// that is damaged, older than the items or written with another graph.nq,
// it says why and answers from graph.nq (or the items) instead, the same.
/// Runs an example query on the index beside `items`: it must answer
/// without a word on stderr, as `--no-snapshot` (the items rebuilt) does.
/// Returns the query file and the answer.
fn opened_silently(items: &std::path::Path) -> (String, (Option<i32>, String, String)) {
    let q = root().join("ontology/queries/evidence-of-citations-to-2374.rq");
    let q = q.to_str().expect("utf-8").to_string();
    let opened = query(&["-f", &q], items);
    assert_eq!(opened.0, Some(0), "{}", opened.2);
    assert_eq!(opened.2, "", "the index is used without a word");
    assert!(opened.1.lines().count() > 10, "{}", opened.1);
    assert_eq!(query(&["--no-snapshot", "-f", &q], items), opened);
    (q, opened)
}

#[test]
fn query_opens_the_index_or_says_why_not() {
    let w = Workdir::new();
    let out = w.path("out");
    crate::util::build_ok(
        &["corpus/mali", "--quiet", "--rdf", "nquads,turtle,index"],
        &out,
    );
    let items = out.join("extractions.jsonl");
    let idx = out.join("graph.idx");
    let (q, opened) = opened_silently(&items);
    // Damaged: named, with the reason, and graph.nq answers.
    let good = std::fs::read(&idx).expect("read");
    std::fs::write(&idx, &good[..good.len() / 2]).expect("write");
    let cut = query(&["-f", &q], &items);
    assert_eq!(cut.1, opened.1);
    assert!(
        cut.2.contains("graph.idx: truncated")
            && cut.2.contains("loading")
            && cut.2.contains("graph.nq instead"),
        "{}",
        cut.2
    );
    // Written with another graph.nq.
    std::fs::write(&idx, &good).expect("write");
    let nq = out.join("graph.nq");
    let dump = std::fs::read(&nq).expect("graph.nq");
    std::fs::write(&nq, &dump[..dump.len() - 1]).expect("write");
    let other = query(&["ASK { ?s ?p ?o }"], &items);
    assert!(other.2.contains("was not written with"), "{}", other.2);
    std::fs::write(&nq, &dump).expect("write");
    // Older than the items.
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&idx)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    let stale = query(&["-f", &q], &items);
    assert_eq!(stale.1, opened.1);
    assert!(stale.2.contains("graph.idx is older than"), "{}", stale.2);
    // Missing.
    std::fs::remove_file(&idx).expect("remove");
    let missing = query(&["-f", &q], &items);
    assert_eq!(missing.1, opened.1);
    assert!(missing.2.contains("graph.idx is missing"), "{}", missing.2);
}

// Once the default build stopped writing graph.nq, the graph.nq of an
// earlier `--rdf nquads` build must neither stand for the new build nor
// make its index look written with another dump: the new build does not
// carry it over, and `query` opens the index without a word (also when a
// graph.nq is put back beside an index written without one).
#[test]
fn an_earlier_builds_graph_nq_neither_stands_for_nor_stales_the_index() {
    let w = Workdir::new();
    let out = w.path("out");
    crate::util::build_ok(
        &["corpus/mali", "--quiet", "--rdf", "nquads,turtle,index"],
        &out,
    );
    let earlier = std::fs::read(out.join("graph.nq")).expect("graph.nq");
    std::fs::write(out.join("notes.txt"), b"the user's notes").expect("write");
    crate::util::build_ok(&["corpus/mali", "--quiet"], &out);
    assert!(
        !out.join("graph.nq").exists(),
        "an earlier run's graph.nq kept"
    );
    assert_eq!(util::read(&out.join("notes.txt")), b"the user's notes");
    let items = out.join("extractions.jsonl");
    let (q, opened) = opened_silently(&items);
    // A graph.nq of another length put back beside the index.
    std::fs::write(out.join("graph.nq"), &earlier[..earlier.len() / 2]).expect("write");
    assert_eq!(query(&["-f", &q], &items), opened);
    // A build without RDF leaves none of the earlier runs' RDF behind.
    crate::util::build_ok(&["corpus/mali", "--quiet", "--no-rdf"], &out);
    for name in ["graph.nq", "graph.ttl", "ontology.ttl", "graph.idx"] {
        assert!(!out.join(name).exists(), "{name} kept by --no-rdf");
    }
}
