//! RDF export, SPARQL queries and the endpoint, against the fixture
//! `tests/testdata/rdf/items.jsonl` (every kind of item, modelled on the
//! Mali seed corpus, evidence located in the real seed files).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::NamedNode;
use unsc_kg::model::Item;
use unsc_kg::rdf::{self, EvidenceMode, Format, Object, vocab};
use unsc_kg::server::{Config, Endpoint, Request};

use crate::util::{Workdir, bin, golden, root};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

fn fixture() -> Vec<Item> {
    rdf::read_items(&root().join("tests/testdata/rdf/items.jsonl")).expect("fixture")
}

/// Subjects of `ontology/unsc.ttl` and their predicates.
fn ontology() -> BTreeMap<String, BTreeSet<String>> {
    let ttl = std::fs::read(root().join("ontology/unsc.ttl")).expect("unsc.ttl");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(&ttl) {
        let q = q.expect("ontology/unsc.ttl parses");
        if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &q.subject {
            out.entry(s.as_str().to_string())
                .or_default()
                .insert(q.predicate.as_str().to_string());
        }
    }
    out
}

#[test]
fn rdf_fixture_covers_every_kind_and_its_evidence_is_exact() {
    let items = fixture();
    let kinds: BTreeSet<&str> = items.iter().map(|i| i.kind()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "actor",
            "addressee",
            "citation",
            "decision",
            "document",
            "mandate",
            "paragraph",
            "speaker",
            "vote",
            "warning"
        ]
    );
    for it in &items {
        let ev = it.evidence();
        let bytes = std::fs::read(root().join(&ev.file)).expect("evidence file");
        assert_eq!(
            String::from_utf8_lossy(&bytes[ev.start..ev.end]),
            ev.text,
            "{ev:?}"
        );
    }
}

// Every class, property and individual the export uses must be declared,
// with a label and a comment, in ontology/unsc.ttl.
#[test]
fn rdf_every_emitted_term_is_declared_in_the_ontology() {
    let declared = ontology();
    let mut used = BTreeSet::new();
    for t in rdf::triples(&fixture(), crate::util::gazetteer()) {
        used.insert(t.predicate.to_string());
        if let Object::Iri(o) = &t.object
            && (t.predicate == vocab::rdf::TYPE
                || t.predicate == vocab::cito::HAS_CITATION_CHARACTERIZATION
                || o.starts_with(vocab::unsc::NS))
        {
            used.insert(o.to_string());
        }
        assert!(
            !t.subject.starts_with(vocab::unsc::NS),
            "a resource in the vocabulary namespace: {}",
            t.subject
        );
    }
    for term in &used {
        if term.starts_with(RDF) || term.starts_with(RDFS) || term.starts_with(XSD) {
            continue;
        }
        let preds = declared
            .get(term)
            .unwrap_or_else(|| panic!("{term} is emitted but not declared in ontology/unsc.ttl"));
        for p in [vocab::rdf::TYPE, vocab::rdf::LABEL] {
            assert!(preds.contains(p), "{term} lacks {p}");
        }
        assert!(
            preds.contains(&format!("{RDFS}comment")),
            "{term} lacks rdfs:comment"
        );
    }
    // And every term of our own namespace in the file has a label and a comment.
    for (term, preds) in declared
        .iter()
        .filter(|(t, _)| t.starts_with(vocab::unsc::NS))
    {
        assert!(preds.contains(vocab::rdf::LABEL), "{term} lacks rdfs:label");
        assert!(
            preds.contains(&format!("{RDFS}comment")),
            "{term} lacks rdfs:comment"
        );
    }
}

#[test]
fn rdf_iris_are_valid_and_there_are_no_blank_nodes() {
    for t in rdf::triples(&fixture(), crate::util::gazetteer()) {
        NamedNode::new(&*t.subject).unwrap_or_else(|e| panic!("{}: {e}", t.subject));
        NamedNode::new(t.predicate).unwrap_or_else(|e| panic!("{}: {e}", t.predicate));
        if let Object::Iri(o) = &t.object {
            NamedNode::new(&**o).unwrap_or_else(|e| panic!("{o}: {e}"));
        }
        assert!(!t.subject.contains(' '));
    }
    let ttl = rdf::write_turtle(&fixture(), crate::util::gazetteer(), Vec::new()).expect("turtle");
    let text = String::from_utf8(ttl).expect("utf8");
    assert!(!text.contains("_:"), "blank node in the Turtle dump");
    assert!(text.contains("<https://undocs.org/S/RES/2531(2020)#op5>"));
}

// Every fact node leads to file, byte span, quote and rule, whatever the
// form of its evidence.
#[test]
fn rdf_every_fact_reaches_its_evidence() {
    let annotation = r#"
    ?fact unsc:evidence ?e .
    ?e unsc:rule ?rule ; oa:hasTarget ?t .
    ?t oa:hasSource/unsc:path ?file ; oa:hasSelector ?b, ?q .
    ?b oa:start ?s ; oa:end ?end .
    ?q oa:exact ?quote ."#;
    let compact = r##"
    ?fact unsc:evidence ?e ; unsc:rule ?rule .
    ?e oa:exact ?quote .
    FILTER(REGEX(STR(?e), "#bytes=[0-9]+,[0-9]+$"))
    BIND(IRI(STRBEFORE(STR(?e), "#bytes=")) AS ?source)
    ?source unsc:path ?file ."##;
    for (mode, pattern) in [
        (EvidenceMode::Annotation, annotation),
        (EvidenceMode::Compact, compact),
    ] {
        let store =
            rdf::load_store_with(&fixture(), crate::util::gazetteer(), mode).expect("store");
        let q = format!(
            r#"
PREFIX unsc: <https://w3id.org/unsc-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?fact WHERE {{
  VALUES ?class {{ unsc:Paragraph unsc:Citation unsc:Mention unsc:Addressing unsc:Mandate
                  unsc:Vote unsc:Decision unsc:Intervention unsc:ExtractionWarning }}
  ?fact a ?class .
  FILTER NOT EXISTS {{ {pattern}
  }}
}}"#
        );
        let out = rdf::evaluate(&store, &q, |_| Some(Format::Csv), None).expect("query");
        assert_eq!(String::from_utf8_lossy(&out.body), "fact\r\n", "{mode:?}");
        let count = rdf::evaluate(
            &store,
            "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?f unsc:evidence ?e }",
            |_| Some(Format::Csv),
            None,
        )
        .expect("count");
        // Documents and paragraphs of the fixture plus every other item.
        assert_eq!(
            String::from_utf8_lossy(&count.body),
            "n\r\n90\r\n",
            "{mode:?}"
        );
    }
}

// Compact evidence says the same file, span, quote and rule as the Web
// Annotation, in 3 triples a fact instead of 13: the span's IRI ends in
// `#bytes=START,END`, the quote is on the span, the rule on the fact.
#[test]
fn rdf_compact_evidence_states_the_annotation_in_three_triples() {
    let items = fixture();
    let annotation = rdf::triples_with(&items, crate::util::gazetteer(), EvidenceMode::Annotation);
    let compact = rdf::triples_with(&items, crate::util::gazetteer(), EvidenceMode::Compact);
    let nodes = annotation
        .iter()
        .filter(|t| matches!(&t.object, Object::Iri(o) if &**o == vocab::unsc::EVIDENCE))
        .count();
    // 13 triples a piece of evidence become 3 (a fact's link and rule, the
    // span's quote).
    assert!(
        annotation.len() - compact.len() >= 9 * nodes,
        "{} compact, {} annotation, {nodes} evidence nodes",
        compact.len(),
        annotation.len()
    );
    let store = rdf::load_store_with(&items, crate::util::gazetteer(), EvidenceMode::Compact)
        .expect("store");
    for it in &items {
        let ev = it.evidence();
        let span = format!(
            "{}#bytes={},{}",
            unsc_kg::rdf::iri::file(&ev.file),
            ev.start,
            ev.end
        );
        let q = format!(
            "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> \
             ASK {{ ?fact unsc:evidence <{span}> ; unsc:rule {rule:?} . <{span}> oa:exact {quote} }}",
            rule = ev.rule,
            quote = oxigraph::model::Literal::new_simple_literal(&ev.text),
        );
        let out = rdf::evaluate(&store, &q, |_| Some(Format::Table), None).expect("ask");
        assert_eq!(String::from_utf8_lossy(&out.body), "true\n", "{ev:?}");
    }
}

// Every example query gives the same answer on both forms of evidence.
#[test]
fn rdf_example_queries_answer_alike_in_both_evidence_forms() {
    let items = fixture();
    let annotation =
        rdf::load_store_with(&items, crate::util::gazetteer(), EvidenceMode::Annotation)
            .expect("store");
    let compact = rdf::load_store_with(&items, crate::util::gazetteer(), EvidenceMode::Compact)
        .expect("store");
    for (name, q) in example_queries() {
        for f in [Format::Table, Format::Json] {
            let a = rdf::evaluate(&annotation, &q, |_| Some(f), None);
            let c = rdf::evaluate(&compact, &q, |_| Some(f), None);
            match (a, c) {
                (Ok(a), Ok(c)) => assert_eq!(
                    String::from_utf8_lossy(&a.body),
                    String::from_utf8_lossy(&c.body),
                    "{name} as {f:?}"
                ),
                (Err(_), Err(_)) => {}
                (a, c) => panic!("{name} as {f:?}: {:?} vs {:?}", a.err(), c.err()),
            }
        }
    }
}

#[test]
fn rdf_dumps_are_deterministic_and_agree() {
    let items = fixture();
    let ttl = rdf::write_turtle(&items, crate::util::gazetteer(), Vec::new()).expect("turtle");
    let nq = rdf::write_nquads(&items, crate::util::gazetteer(), Vec::new()).expect("nquads");
    assert_eq!(
        ttl,
        rdf::write_turtle(&items, crate::util::gazetteer(), Vec::new()).expect("turtle")
    );
    assert_eq!(
        nq,
        rdf::write_nquads(&items, crate::util::gazetteer(), Vec::new()).expect("nquads")
    );
    let n_ttl = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&ttl)
        .collect::<Result<Vec<_>, _>>()
        .expect("turtle parses")
        .len();
    // The data is the default graph; the vocabulary follows in its own.
    let n_nq = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&nq)
        .collect::<Result<Vec<_>, _>>()
        .expect("nquads parses")
        .iter()
        .filter(|q| q.graph_name.is_default_graph())
        .count();
    assert_eq!(n_ttl, n_nq);
    assert_eq!(n_nq, rdf::triples(&items, crate::util::gazetteer()).len());
}

fn example_queries() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("ontology/queries")).expect("queries") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "rq") {
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&p).expect("read")));
        }
    }
    out.sort();
    out
}

// The expected answer of every example query, pinned.
#[test]
fn rdf_example_queries_give_their_pinned_answers() {
    let store = rdf::load_store(&fixture(), crate::util::gazetteer()).expect("store");
    let queries = example_queries();
    assert!(queries.len() >= 12, "a dozen example queries");
    for (name, q) in queries {
        let out =
            rdf::evaluate(&store, &q, |_| None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = String::from_utf8(out.body).expect("utf8");
        assert!(
            !text.starts_with("(0 rows)") && !text.contains("\n(0 rows)"),
            "{name} is empty"
        );
        golden(&format!("rdf/{name}.txt"), &text);
    }
}

#[test]
fn rdf_example_queries_run_in_every_format() {
    let store = rdf::load_store(&fixture(), crate::util::gazetteer()).expect("store");
    let all = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Xml,
        Format::Turtle,
        Format::NTriples,
        Format::RdfXml,
        Format::JsonLd,
    ];
    for (name, q) in example_queries() {
        let mut ran = 0;
        for f in all {
            match rdf::evaluate(&store, &q, |_| Some(f), None) {
                Ok(out) => {
                    ran += 1;
                    if matches!(f, Format::Json | Format::JsonLd) {
                        serde_json::from_slice::<serde_json::Value>(&out.body)
                            .unwrap_or_else(|e| panic!("{name} as {f:?}: {e}"));
                    }
                }
                Err(rdf::QueryError::Format { .. }) => {}
                Err(e) => panic!("{name} as {f:?}: {e}"),
            }
        }
        assert!(ran >= 4, "{name} ran in {ran} formats");
    }
}

// The query command: default table, a chosen format, and a syntax error
// that shows where it is.
#[test]
fn rdf_query_command() {
    let items = root().join("tests/testdata/rdf/items.jsonl");
    let out = bin()
        .args(["query", "--items"])
        .arg(&items)
        .args(["-f"])
        .arg(root().join("ontology/queries/ask-2531-cites-2374.rq"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "true\n");

    let out = bin()
        .args(["query", "--format", "csv", "--items"])
        .arg(&items)
        .arg("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { <https://w3id.org/unsc-kg/actor/state/niger> skos:prefLabel ?l }")
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "l\r\nNiger\r\n");

    let out = bin()
        .args(["query", "--items"])
        .arg(&items)
        .arg("SELECT ?s WHERE {\n  ?s ?p\n}")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3:2"), "{err}");
    assert!(err.contains("^"), "{err}");

    let out = bin()
        .args(["query", "--format", "csv", "--items"])
        .arg(&items)
        .arg("CONSTRUCT WHERE { ?s ?p ?o }")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be written as csv: use turtle"));
}

fn endpoint(timeout: Duration) -> Endpoint {
    let store = rdf::load_store(&fixture(), crate::util::gazetteer()).expect("store");
    Endpoint::new(
        store,
        Config {
            timeout,
            max_body: 4096,
            max_connections: 4,
            query_threads: 2,
            ..Config::default()
        },
    )
}

fn get(url: &str, accept: &str) -> Request {
    Request {
        method: "GET".into(),
        url: url.into(),
        headers: vec![("Accept".into(), accept.into())],
        body: vec![],
    }
}

fn post(ctype: &str, body: &str, accept: &str) -> Request {
    Request {
        method: "POST".into(),
        url: "/sparql".into(),
        headers: vec![
            ("Content-Type".into(), ctype.into()),
            ("Accept".into(), accept.into()),
        ],
        body: body.as_bytes().to_vec(),
    }
}

const ASK: &str = "ASK { <https://undocs.org/S/RES/2531(2020)> <http://purl.org/spar/cito/cites> <https://undocs.org/S/RES/2374(2017)> }";

#[test]
fn rdf_endpoint_protocol_and_negotiation() {
    let ep = endpoint(Duration::from_secs(10));
    let enc = "ASK%20%7B%20%3Chttps%3A%2F%2Fundocs.org%2FS%2FRES%2F2531(2020)%3E%20%3Chttp%3A%2F%2Fpurl.org%2Fspar%2Fcito%2Fcites%3E%20%3Chttps%3A%2F%2Fundocs.org%2FS%2FRES%2F2374(2017)%3E%20%7D";
    let r = ep.handle(&get(&format!("/sparql?query={enc}"), ""));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/sparql-results+json")
    );
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        r#"{"head":{},"boolean":true}"#
    );

    let r = ep.handle(&post(
        "application/sparql-query",
        ASK,
        "application/sparql-results+xml",
    ));
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("<boolean>true</boolean>"));

    let r = ep.handle(&post(
        "application/x-www-form-urlencoded",
        &format!("query={enc}"),
        "text/csv;q=0.5, text/tab-separated-values",
    ));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("text/tab-separated-values; charset=utf-8")
    );

    // A `format` parameter wins over Accept (as SPARQLWrapper sends both).
    let r = ep.handle(&get(
        &format!("/sparql?query={enc}&format=csv"),
        "application/sparql-results+json",
    ));
    assert_eq!(r.header("Content-Type"), Some("text/csv; charset=utf-8"));

    let construct = "CONSTRUCT WHERE { <https://w3id.org/unsc-kg/actor/state/niger> ?p ?o }";
    for (accept, ctype) in [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("*/*", "text/turtle"),
    ] {
        let r = ep.handle(&post("application/sparql-query", construct, accept));
        assert_eq!(r.status, 200, "{accept}");
        assert_eq!(r.header("Content-Type"), Some(ctype));
    }
    let r = ep.handle(&post("application/sparql-query", ASK, "image/png"));
    assert_eq!(r.status, 406);
}

#[test]
fn rdf_endpoint_pages_and_methods() {
    let ep = endpoint(Duration::from_secs(10));
    let r = ep.handle(&get("/", "text/html,application/xhtml+xml"));
    assert_eq!(r.status, 200);
    assert!(String::from_utf8_lossy(&r.body).contains("<form"));
    let mut sd = get("/sparql", "text/turtle");
    sd.headers.push(("Host".into(), "127.0.0.1:7878".into()));
    let r = ep.handle(&sd);
    assert_eq!(r.status, 200);
    let body = String::from_utf8_lossy(&r.body).into_owned();
    assert!(
        body.contains("sd:endpoint <http://127.0.0.1:7878/sparql>"),
        "{body}"
    );
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(body.as_bytes())
        .for_each(|q| {
            q.expect("service description parses");
        });
    let mut opt = get("/sparql", "");
    opt.method = "OPTIONS".into();
    let r = ep.handle(&opt);
    assert_eq!(r.status, 204);
    assert!(
        r.header("Access-Control-Allow-Methods")
            .is_some_and(|m| m.contains("POST"))
    );
    let mut del = get("/sparql", "");
    del.method = "DELETE".into();
    assert_eq!(ep.handle(&del).status, 405);
    assert_eq!(ep.handle(&get("/nope", "")).status, 404);
    assert_eq!(ep.handle(&post("text/plain", ASK, "")).status, 415);
}

#[test]
fn rdf_endpoint_refuses_updates_bad_queries_and_big_bodies() {
    let ep = endpoint(Duration::from_secs(10));
    let update = "INSERT DATA { <http://a> <http://b> <http://c> }";
    for req in [
        post("application/sparql-update", update, ""),
        post(
            "application/x-www-form-urlencoded",
            "update=INSERT%20DATA%20%7B%7D",
            "",
        ),
        post("application/sparql-query", update, ""),
        get("/sparql?update=CLEAR%20ALL", ""),
    ] {
        let r = ep.handle(&req);
        assert_eq!(r.status, 403, "{req:?}");
        assert!(String::from_utf8_lossy(&r.body).contains("read-only"));
    }
    let r = ep.handle(&post(
        "application/sparql-query",
        "SELECT ?s WHERE { ?s ?p }",
        "",
    ));
    assert_eq!(r.status, 400);
    let msg = String::from_utf8_lossy(&r.body);
    assert!(msg.contains("1:26"), "{msg}");

    let big = format!("ASK {{}} #{}", "x".repeat(5000));
    let r = ep.handle(&post("application/sparql-query", &big, ""));
    assert_eq!(r.status, 413);
    assert!(String::from_utf8_lossy(&r.body).contains("limit of 4096 bytes"));
    // Still serving.
    assert_eq!(
        ep.handle(&post("application/sparql-query", ASK, "")).status,
        200
    );
}

#[test]
fn rdf_endpoint_cancels_queries_past_the_timeout() {
    let ep = endpoint(Duration::from_millis(300));
    let slow =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER NOT EXISTS { ?a ?e ?f } }";
    let r = ep.handle(&post("application/sparql-query", slow, ""));
    assert_eq!(r.status, 503);
    assert!(String::from_utf8_lossy(&r.body).contains("time limit"));
    assert_eq!(
        ep.handle(&post("application/sparql-query", ASK, "")).status,
        200
    );
}

#[test]
fn rdf_store_terms_round_trip() {
    // Typed literals survive the store: a mandate's ceiling is an integer.
    let store = rdf::load_store(&fixture(), crate::util::gazetteer()).expect("store");
    let q = "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> SELECT (MAX(?n) AS ?m) WHERE { ?x unsc:militaryCeiling ?n }";
    let out = rdf::evaluate(&store, q, |_| Some(Format::Json), None).expect("query");
    let v: serde_json::Value = serde_json::from_slice(&out.body).expect("json");
    let b = &v["results"]["bindings"][0]["m"];
    assert_eq!(b["value"], "13289");
    assert_eq!(b["datatype"], format!("{XSD}integer"));
}

// The real pipeline's items on the seed corpus export with declared terms,
// valid IRIs, and evidence on every fact.
#[test]
fn rdf_seed_corpus_exports_cleanly() {
    let out = bin()
        .args(["extract"])
        .arg(root().join("corpus/mali"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let items: Vec<Item> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("item"))
        .collect();
    let declared = ontology();
    let triples = rdf::triples(&items, crate::util::gazetteer());
    assert!(triples.len() > 10_000, "{} triples", triples.len());
    for t in &triples {
        NamedNode::new(&*t.subject).unwrap_or_else(|e| panic!("{}: {e}", t.subject));
        let mut terms = vec![t.predicate.to_string()];
        if let Object::Iri(o) = &t.object {
            NamedNode::new(&**o).unwrap_or_else(|e| panic!("{o}: {e}"));
            if t.predicate == vocab::rdf::TYPE || o.starts_with(vocab::unsc::NS) {
                terms.push(o.to_string());
            }
        }
        for term in terms {
            assert!(
                term.starts_with(RDF) || term.starts_with(RDFS) || declared.contains_key(&term),
                "{term} is emitted but not declared in ontology/unsc.ttl"
            );
        }
    }
    let store = rdf::load_store(&items, crate::util::gazetteer()).expect("store");
    let q = "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?f unsc:evidence ?e }";
    let n = rdf::evaluate(&store, q, |_| Some(Format::Csv), None).expect("count");
    assert_eq!(
        String::from_utf8_lossy(&n.body),
        format!("n\r\n{}\r\n", items.len())
    );
}

/// Sends raw bytes, returns everything the server writes until it closes
/// or `n` responses have come back.
fn exchange(stream: &mut std::net::TcpStream, bytes: &[u8]) -> String {
    use std::io::{Read, Write};
    stream.write_all(bytes).expect("write");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let mut buf = [0u8; 65536];
    let n = stream.read(&mut buf).unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

// The socket layer: keep-alive, an oversized body refused unread with the
// connection closed, and the connection cap.
#[test]
fn rdf_socket_layer_keep_alive_body_limit_and_cap() {
    let ep = endpoint(Duration::from_secs(10));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = unsc_kg::server::http::serve(ep, "127.0.0.1:0", |a| {
            let _ = tx.send(a);
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(10)).expect("bound");
    let ask = format!(
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\n\r\n{ASK}",
        ASK.len()
    );
    let mut c = std::net::TcpStream::connect(addr).expect("connect");
    for _ in 0..2 {
        let r = exchange(&mut c, ask.as_bytes());
        // Two answers on one connection: it was kept alive.
        assert!(r.starts_with("HTTP/1.1 200 OK\r\n"), "{r}");
        assert!(r.ends_with("\"boolean\":true}"), "{r}");
    }
    let big = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 999999\r\n\r\nASK {}";
    let r = exchange(&mut c, big.as_bytes());
    assert!(r.starts_with("HTTP/1.1 413 "), "{r}");
    assert!(r.to_ascii_lowercase().contains("connection: close"), "{r}");
    drop(c);
    // The cap is 4 open connections: of six held open, some are refused.
    let mut open: Vec<_> = (0..6)
        .map(|_| std::net::TcpStream::connect(addr).expect("connect"))
        .collect();
    let answers: Vec<String> = open
        .iter_mut()
        .map(|c| exchange(c, ask.as_bytes()))
        .collect();
    let refused = answers
        .iter()
        .filter(|r| r.starts_with("HTTP/1.1 503 ") && r.contains("too many open connections"))
        .count();
    let served = answers
        .iter()
        .filter(|r| r.starts_with("HTTP/1.1 200"))
        .count();
    assert!(refused >= 2 && served + refused == 6, "{answers:?}");
    drop(open);
    // Once the server has seen those close, it accepts again.
    let served = (0..100).any(|_| {
        let mut again = std::net::TcpStream::connect(addr).expect("connect");
        let ok = exchange(&mut again, ask.as_bytes()).starts_with("HTTP/1.1 200");
        if !ok {
            std::thread::sleep(Duration::from_millis(50));
        }
        ok
    });
    assert!(
        served,
        "the server never accepted again after the clients left"
    );
}

mod roundtrip {
    use super::*;
    use proptest::prelude::*;
    use unsc_kg::model::{
        ActorItem, DocType, DocumentItem, Evidence, ParagraphItem, ParagraphRole,
    };

    fn ev(file: &str, text: &str) -> Evidence {
        Evidence {
            file: file.into(),
            start: 3,
            end: 9,
            text: text.into(),
            rule: "r".into(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        // Whatever the ids, labels and quotes hold (spaces, '#', '<', quotes,
        // non-ASCII, line breaks), every IRI is valid and the Turtle and
        // N-Quads dumps parse back to the same triples.
        #[test]
        fn rdf_dumps_round_trip_any_strings(
            id in "(S/RES/[0-9]{1,4} \\([0-9]{4}\\)|x:[a-z<>\"# é:/-]{1,20}|[ -~é]{1,20})",
            actor in "[a-z/ é<>#%-]{1,16}",
            text in "\\PC{0,40}",
            file in "[a-z/ é.#-]{1,16}",
        ) {
            let doc = id.trim().to_string();
            prop_assume!(!doc.is_empty());
            let items = vec![
                Item::Document(DocumentItem {
                    id: doc.clone(),
                    symbol: Some(doc.clone()),
                    doc_type: DocType::Resolution,
                    date: None,
                    title: Some(text.clone()),
                    agenda_item: Some(text.clone()),
                    authors: vec![text.clone()],
                    language: None,
                    part_of: None,
                    part_label: None,
                    ev: ev(&file, &text),
                }),
                Item::Paragraph(ParagraphItem {
                    doc: doc.clone(),
                    id: format!("{doc}#op1"),
                    role: ParagraphRole::Operative,
                    number: Some("1".into()),
                    parent: None,
                    clean: text.clone(),
                    ev: ev(&file, &text),
                }),
                Item::Actor(ActorItem {
                    doc: doc.clone(),
                    paragraph: Some(format!("{doc}#op1")),
                    actor: actor.clone(),
                    label: text.clone(),
                    class: "Person".into(),
                    role: None,
                    represents: Some(actor.clone()),
                    part_of: None,
                    ev: ev(&file, &text),
                }),
            ];
            for t in rdf::triples_with(&items, crate::util::gazetteer(), EvidenceMode::Annotation)
                .into_iter()
                .chain(rdf::triples_with(&items, crate::util::gazetteer(), EvidenceMode::Compact))
            {
                prop_assert!(NamedNode::new(&*t.subject).is_ok(), "{}", t.subject);
                if let Object::Iri(o) = &t.object {
                    prop_assert!(NamedNode::new(&**o).is_ok(), "{}", o);
                }
            }
            // The default graph (the N-Quads dump adds the vocabulary in its own).
            let parse = |bytes: &[u8], f: RdfFormat| -> BTreeSet<String> {
                RdfParser::from_format(f)
                    .for_slice(bytes)
                    .map(|q| q.expect("parses"))
                    .filter(|q| q.graph_name.is_default_graph())
                    .map(|q| q.to_string())
                    .collect()
            };
            for mode in [EvidenceMode::Annotation, EvidenceMode::Compact] {
                let ttl = rdf::write_turtle_with(&items, crate::util::gazetteer(), Vec::new(), mode).expect("turtle");
                let nq = rdf::write_nquads_with(&items, crate::util::gazetteer(), Vec::new(), mode).expect("nquads");
                let a = parse(&ttl, RdfFormat::Turtle);
                let b = parse(&nq, RdfFormat::NQuads);
                prop_assert_eq!(a.len(), rdf::triples_with(&items, crate::util::gazetteer(), mode).len());
                prop_assert_eq!(a, b);
            }
        }
    }
}

/// The triples of `store`'s default graph (the vocabulary left out), as
/// N-Triples lines, sorted.
fn store_quads(store: &oxigraph::store::Store) -> Vec<String> {
    let default = oxigraph::model::GraphNameRef::DefaultGraph;
    let mut out: Vec<String> = store
        .quads_for_pattern(None, None, None, Some(default))
        .map(|q| q.expect("quad").to_string())
        .collect();
    out.sort();
    out
}

// The snapshot `build --rdf nquads` leaves (`graph.nq`) loads into the very
// store that rebuilding the triples from the item stream gives, vocabulary
// graph included (its blank nodes named alike in both).
#[test]
fn rdf_snapshot_store_equals_the_rebuilt_store() {
    let all = |store: &oxigraph::store::Store| -> Vec<String> {
        let mut out: Vec<String> = store.iter().map(|q| q.expect("quad").to_string()).collect();
        out.sort();
        out
    };
    let snapshot =
        rdf::store::load_snapshot(&crate::util::full_build().join("graph.nq")).expect("snapshot");
    let rebuilt = rdf::store::load_store_from(
        &root().join("exports/extractions.jsonl"),
        crate::util::gazetteer(),
        EvidenceMode::Compact,
    )
    .expect("rebuilt");
    let (a, b) = (all(&snapshot), all(&rebuilt));
    assert!(a.len() > 30_000, "{} quads", a.len());
    assert!(
        a.iter()
            .any(|q| q.ends_with("<https://w3id.org/unsc-kg/ontology>")),
        "no vocabulary graph"
    );
    let first_difference = a.iter().zip(&b).find(|(x, y)| x != y);
    assert_eq!(first_difference, None);
    assert_eq!(a.len(), b.len());
}

// Loading the item stream a source file at a time (as `query` and `serve`
// do) gives the very store that loading all the items at once gives: on
// the fixture and on the Mali corpus's committed item stream.
#[test]
fn rdf_streamed_store_equals_the_whole_load() {
    for path in [
        root().join("tests/testdata/rdf/items.jsonl"),
        root().join("exports/extractions.jsonl"),
    ] {
        for mode in [EvidenceMode::Annotation, EvidenceMode::Compact] {
            let items = rdf::read_items(&path).expect("items");
            let whole = store_quads(
                &rdf::load_store_with(&items, crate::util::gazetteer(), mode).expect("store"),
            );
            let streamed = store_quads(
                &rdf::store::load_store_from(&path, crate::util::gazetteer(), mode)
                    .expect("streamed"),
            );
            assert!(
                whole.len() > 1000,
                "{}: {} quads",
                path.display(),
                whole.len()
            );
            let first_difference = whole.iter().zip(&streamed).find(|(a, b)| a != b);
            assert_eq!(first_difference, None, "{} {mode:?}", path.display());
            assert_eq!(whole.len(), streamed.len(), "{} {mode:?}", path.display());
        }
    }
}

// A bad line stops the load with the file and the line named.
#[test]
fn rdf_streamed_store_names_the_bad_line() {
    let w = Workdir::new();
    let good =
        std::fs::read_to_string(root().join("tests/testdata/rdf/items.jsonl")).expect("fixture");
    let first = good.lines().next().expect("a line");
    let bad = format!("{first}\n\n{{\"kind\": \"nonsense\"}}\n");
    let path = w.write("items.jsonl", bad.as_bytes());
    let err = rdf::store::load_store_from(&path, crate::util::gazetteer(), EvidenceMode::default())
        .err()
        .expect("an error")
        .to_string();
    assert!(
        err.contains("items.jsonl") && err.contains("line 3"),
        "{err}"
    );
}

// `build --rdf nquads` leaves `graph.nq` and says its evidence form in `summary.json`:
// without the index (`graph.idx`, tests/index.rs), `query` loads that
// snapshot and answers as the store rebuilt from the items does; a
// snapshot of another form is not used, one that does not parse is
// reported with its name, one older than the items is not used.
#[test]
fn rdf_query_opens_the_snapshot_build_left() {
    let w = Workdir::new();
    let out = w.path("out");
    let built = bin()
        .args(["build", "--quiet", "--rdf", "nquads,turtle,index", "--out"])
        .arg(&out)
        .arg(root().join("corpus/mali"))
        .output()
        .expect("build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let items = out.join("extractions.jsonl");
    std::fs::remove_file(out.join("graph.idx")).expect("an index");
    let query = root().join("ontology/queries/evidence-of-citations-to-2374.rq");
    let run = |extra: &[&str]| {
        let o = bin()
            .args(["query", "--format", "csv", "--items"])
            .arg(&items)
            .args(extra)
            .arg("-f")
            .arg(&query)
            .output()
            .expect("query");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let snapshot = run(&[]);
    assert_eq!(snapshot.0, Some(0), "{}", snapshot.2);
    assert!(snapshot.1.lines().count() > 10, "{}", snapshot.1);
    assert_eq!(run(&["--no-snapshot"]).1, snapshot.1);
    assert_eq!(run(&["--evidence", "annotation"]).1, snapshot.1);
    // A broken snapshot is an error that names it (the snapshot was used).
    let nq = out.join("graph.nq");
    std::fs::write(&nq, "<http://a> <http://b> .\n").expect("write");
    let broken = run(&[]);
    assert_eq!(broken.0, Some(2));
    assert!(broken.2.contains("graph.nq"), "{}", broken.2);
    // Not used when asked for the other form, or when older than the items.
    assert_eq!(run(&["--evidence", "annotation"]).1, snapshot.1);
    let old = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&nq)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    let rebuilt = run(&[]);
    assert_eq!((rebuilt.0, &rebuilt.1), (Some(0), &snapshot.1));
    assert!(
        rebuilt.2.contains("graph.idx is missing")
            && rebuilt.2.contains("rebuilding the triples from"),
        "{}",
        rebuilt.2
    );
}

// `query --endpoint` sends the query to a running `serve` and prints what
// a local query prints: the table, CSV, an ASK; an error answer gives its
// status and message.
#[test]
fn rdf_query_endpoint_prints_as_a_local_query() {
    use std::io::BufRead;
    let items = root().join("tests/testdata/rdf/items.jsonl");
    let mut server = bin()
        .args(["serve", "--bind", "127.0.0.1:0", "--items"])
        .arg(&items)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("serve");
    let stderr = server.stderr.take().expect("stderr");
    let mut url = None;
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.expect("line");
        if let Some(at) = line.find("http://") {
            url = Some(line[at..].trim().to_string());
            break;
        }
    }
    let url = url.expect("serve says where it listens");
    let query = |args: &[&str]| {
        let o = bin().arg("query").args(args).output().expect("query");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let select = root().join("ontology/queries/votes-on-s-2020-600.rq");
    let select = select.to_str().expect("path");
    let ask = root().join("ontology/queries/ask-2531-cites-2374.rq");
    let ask = ask.to_str().expect("path");
    let items = items.to_str().expect("path");
    for args in [
        vec!["-f", select],
        vec!["--format", "csv", "-f", select],
        vec!["--format", "json", "-f", select],
        vec!["-f", ask],
    ] {
        let mut local = vec!["--items", items];
        local.extend(&args);
        let mut remote = vec!["--endpoint", &url];
        remote.extend(&args);
        let (l, r) = (query(&local), query(&remote));
        assert_eq!(r.0, Some(0), "{args:?}: {}", r.2);
        assert_eq!(l.1, r.1, "{args:?}");
    }
    let bad = query(&["--endpoint", &url, "SELECT ?s WHERE {"]);
    assert_eq!(bad.0, Some(2));
    assert!(bad.2.contains("400"), "{}", bad.2);
    let _ = server.kill();
    let _ = server.wait();
}
