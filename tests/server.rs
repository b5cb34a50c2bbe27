//! The SPARQL endpoint against hostile queries and hostile clients (issue
//! #18) and the protocol points of issue #21: each attack is a regression
//! test, inputs kept small, times asserted only as ratios.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use unsc_kg::rdf;
use unsc_kg::rdf::query::DATA_GRAPH;
use unsc_kg::rdf::store::ONTOLOGY_GRAPH;
use unsc_kg::server::{Config, Endpoint, Request, Response};

use crate::util::{self, Workdir, bin, root};

fn store() -> oxigraph::store::Store {
    let items = rdf::read_items(&root().join("tests/testdata/rdf/items.jsonl")).expect("fixture");
    rdf::load_store(&items, crate::util::gazetteer()).expect("store")
}

fn endpoint(config: Config) -> Endpoint {
    Endpoint::new(store(), config)
}

/// The fixture on both backends: the store, and the index `build` would
/// write for it (`graph.idx`), read in place.
fn backends() -> [(&'static str, rdf::Backend); 2] {
    let items = rdf::read_items(&root().join("tests/testdata/rdf/items.jsonl")).expect("fixture");
    let bytes = rdf::dump::index_items(&items, util::gazetteer(), rdf::EvidenceMode::default())
        .expect("index");
    let index = rdf::index::QuadIndex::from_bytes(bytes, "fixture.idx").expect("opens");
    [("store", store().into()), ("index", index.into())]
}

fn small() -> Config {
    Config {
        timeout: Duration::from_secs(20),
        query_threads: 1,
        address: "127.0.0.1:7878".into(),
        ..Config::default()
    }
}

fn post(query: &str) -> Request {
    Request {
        method: "POST".into(),
        url: "/sparql".into(),
        headers: vec![("Content-Type".into(), "application/sparql-query".into())],
        body: query.as_bytes().to_vec(),
    }
}

fn get(url: &str, headers: &[(&str, &str)]) -> Request {
    Request {
        method: "GET".into(),
        url: url.into(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: vec![],
    }
}

fn text(r: &Response) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const ASK: &str = "ASK { ?s ?p ?o }";

/// `ASK` and 1,000 nested `{ }`, or 1,000 nested parentheses in a FILTER.
fn nested() -> [String; 2] {
    [
        format!("ASK {}{}", "{".repeat(1000), "}".repeat(1000)),
        format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(1000),
            ")".repeat(1000)
        ),
    ]
}

/// `BIND(CONCAT(?t, ?t) AS ?t')` chained 27 times: a 2 GiB string per row.
fn concat_chain() -> String {
    let mut q = String::from("SELECT ?t27 WHERE { ?s ?p ?o BIND(STR(?s) AS ?t0) ");
    for i in 1..=27 {
        q.push_str(&format!("BIND(CONCAT(?t{0}, ?t{0}) AS ?t{i}) ", i - 1));
    }
    q.push_str("} LIMIT 1");
    q
}

// Deep nesting overflowed a worker's stack and aborted the process: now a
// 400 naming the limit, and the endpoint still answers.
#[test]
fn server_nested_brackets_are_refused_before_parsing() {
    let ep = endpoint(small());
    for q in nested() {
        let r = ep.handle(&post(&q));
        assert_eq!(r.status, 400, "{}", text(&r));
        assert!(
            text(&r).contains("over the limit of 64 nested"),
            "{}",
            text(&r)
        );
    }
    assert_eq!(ep.handle(&post(ASK)).status, 200);
}

// The same guards in `query -f`: an error message and exit 2, not exit 134.
#[test]
fn server_query_command_refuses_deep_nesting_and_value_growth() {
    let dir = Workdir::new();
    let items = root().join("tests/testdata/rdf/items.jsonl");
    for (q, says) in [
        (nested()[0].clone(), "nested"),
        (nested()[1].clone(), "nested"),
        (concat_chain(), "could build a string"),
    ] {
        let file = dir.write("q.rq", q.as_bytes());
        let out = bin()
            .args(["query", "--items"])
            .arg(&items)
            .arg("-f")
            .arg(&file)
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
    }
}

// A 908-byte query chaining CONCAT 27 times aborted the server on a 2 GiB
// allocation: now refused before evaluation, naming the variable.
#[test]
fn server_concat_chain_is_refused_not_an_abort() {
    let ep = endpoint(small());
    let r = ep.handle(&post(&concat_chain()));
    assert_eq!(r.status, 400, "{}", text(&r));
    assert!(
        text(&r).contains("?t9 could build a string"),
        "{}",
        text(&r)
    );
    // A few doublings are fine.
    let r = ep.handle(&post(
        "SELECT ?u WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?s)) AS ?t) BIND(CONCAT(?t, ?t) AS ?u) } LIMIT 1",
    ));
    assert_eq!(r.status, 200, "{}", text(&r));
}

// The deadline answered the client but the sort went on for minutes: now
// the evaluation itself stops, and the only worker is free again at once.
#[test]
fn server_cartesian_order_by_stops_at_the_deadline() {
    for (name, backend) in backends() {
        order_by_stops_at_the_deadline(name, backend);
    }
}

fn order_by_stops_at_the_deadline(name: &str, backend: rdf::Backend) {
    let timeout = Duration::from_millis(400);
    let ep = Endpoint::new(backend, Config { timeout, ..small() });
    let slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1";
    let t = Instant::now();
    let r = ep.handle(&post(slow));
    let answered = t.elapsed();
    assert_eq!(r.status, 503, "{name}: {}", text(&r));
    assert!(text(&r).contains("time limit"), "{name}: {}", text(&r));
    // The worker stops working: busy drops to 0 soon after the answer.
    let t = Instant::now();
    while ep.busy() > 0 && t.elapsed() < timeout * 20 {
        std::thread::sleep(Duration::from_millis(5));
    }
    let freed = t.elapsed();
    assert_eq!(ep.busy(), 0, "{name}: the evaluation never stopped");
    assert!(
        freed < timeout * 3,
        "{name}: the worker ran on {freed:?} after the deadline of {timeout:?}"
    );
    assert!(
        answered < timeout * 5,
        "{name}: answered after {answered:?}"
    );
    // The one worker answers the next query.
    let t = Instant::now();
    assert_eq!(ep.handle(&post(ASK)).status, 200);
    assert!(t.elapsed() < timeout * 3, "{name}: {:?}", t.elapsed());
}

// The same sort held gigabytes before any deadline: past its memory budget
// it is cancelled long before the deadline, and the server answers on.
#[test]
fn server_cartesian_order_by_stops_at_the_memory_budget() {
    let timeout = Duration::from_secs(60);
    let slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1";
    for (name, backend) in backends() {
        let ep = Endpoint::new(
            backend,
            Config {
                timeout,
                max_query_memory: 32 << 20,
                ..small()
            },
        );
        let t = Instant::now();
        let r = ep.handle(&post(slow));
        assert_eq!(r.status, 503, "{name}: {}", text(&r));
        assert!(
            text(&r).contains("held more than 33554432 bytes of memory"),
            "{name}: {}",
            text(&r)
        );
        assert!(t.elapsed() < timeout / 4, "{name}: {:?}", t.elapsed());
        assert_eq!(ep.handle(&post(ASK)).status, 200);
    }
    // The same budget in `query`.
    let out = bin()
        .args(["query", "--max-query-memory", "32", "--items"])
        .arg(root().join("tests/testdata/rdf/items.jsonl"))
        .arg(slow)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("held more than"), "{err}");
}

// Federated queries answered 500: now 501, saying they are disabled.
#[test]
fn server_service_is_refused_as_not_implemented() {
    let ep = endpoint(small());
    let r = ep.handle(&post(
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    ));
    assert_eq!(r.status, 501, "{}", text(&r));
    assert!(
        text(&r).contains("federated queries are disabled"),
        "{}",
        text(&r)
    );
}

// The Host header was copied unescaped into the service description, so
// Turtle could be injected: a Host that is not a plain name is ignored.
#[test]
fn server_host_header_cannot_inject_into_the_service_description() {
    let ep = endpoint(small());
    let evil = "x> a <http://evil/> . <http://evil/s> <http://evil/p> \"injected\" . <http://y";
    let r = ep.handle(&get(
        "/sparql",
        &[("Host", evil), ("Accept", "text/turtle")],
    ));
    assert_eq!(r.status, 200);
    let body = text(&r);
    assert!(!body.contains("evil"), "{body}");
    assert!(body.contains("<http://127.0.0.1:7878/sparql>"), "{body}");
    let r = ep.handle(&get("/sparql", &[("Host", "example.org:8080")]));
    assert!(text(&r).contains("<http://example.org:8080/sparql>"));
}

// The service description was Turtle whatever was asked, without Vary.
#[test]
fn server_service_description_is_negotiated() {
    let ep = endpoint(small());
    for (accept, ctype, rdf) in [
        ("text/turtle", "text/turtle", RdfFormat::Turtle),
        (
            "application/n-triples",
            "application/n-triples",
            RdfFormat::NTriples,
        ),
        (
            "application/rdf+xml",
            "application/rdf+xml",
            RdfFormat::RdfXml,
        ),
        (
            "application/ld+json",
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let r = ep.handle(&get("/sparql", &[("Accept", accept)]));
        assert_eq!(r.status, 200, "{accept}");
        assert_eq!(r.header("Content-Type"), Some(ctype));
        assert_eq!(r.header("Vary"), Some("Accept"));
        let n = RdfParser::from_format(rdf)
            .for_slice(&r.body)
            .map(|q| q.expect("parses"))
            .filter(|q| q.predicate.as_str().ends_with("#endpoint"))
            .count();
        assert_eq!(n, 1, "{accept}: {}", text(&r));
    }
    assert_eq!(
        ep.handle(&get("/sparql", &[("Accept", "image/png")]))
            .status,
        406
    );
}

// `Accept: text/*` got XML; two `query` parameters were accepted.
#[test]
fn server_text_wildcard_gets_csv_and_duplicate_queries_are_refused() {
    let ep = endpoint(small());
    let url = format!("/sparql?query={}", enc(ASK));
    let r = ep.handle(&get(&url, &[("Accept", "text/*")]));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/csv; charset=utf-8"));
    let r = ep.handle(&get(&format!("{url}&query={}", enc(ASK)), &[]));
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("more than once"), "{}", text(&r));
    // Percent-encoded bytes that are not UTF-8.
    let r = ep.handle(&get("/sparql?query=ASK%7B%FF%7D", &[]));
    assert_eq!(r.status, 400);
    assert!(text(&r).contains("not valid UTF-8"), "{}", text(&r));
}

// `default-graph-uri` and `named-graph-uri` were refused (SPARQLWrapper's
// addDefaultGraph, rdflib's SPARQLStore with an identifier).
#[test]
fn server_dataset_parameters_pick_the_graphs() {
    let ep = endpoint(small());
    let class = "ASK { <https://w3id.org/unsc-kg/ontology#Vote> ?p ?o }";
    let data = "ASK { <https://undocs.org/S/RES/2531(2020)> <http://purl.org/spar/cito/cites> ?d }";
    let ask = |q: &str, params: &str| -> String {
        let r = ep.handle(&get(&format!("/sparql?query={}{params}", enc(q)), &[]));
        assert_eq!(r.status, 200, "{}", text(&r));
        text(&r)
    };
    let yes = r#"{"head":{},"boolean":true}"#;
    let no = r#"{"head":{},"boolean":false}"#;
    // By default: data and vocabulary.
    assert_eq!(ask(class, ""), yes);
    assert_eq!(ask(data, ""), yes);
    let vocab = format!("&default-graph-uri={}", enc(ONTOLOGY_GRAPH));
    assert_eq!(ask(class, &vocab), yes);
    assert_eq!(ask(data, &vocab), no);
    let only_data = format!("&default-graph-uri={}", enc(DATA_GRAPH));
    assert_eq!(ask(class, &only_data), no);
    assert_eq!(ask(data, &only_data), yes);
    let named = format!("&named-graph-uri={}", enc(ONTOLOGY_GRAPH));
    let g = format!("ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}");
    assert_eq!(ask(&g, &named), yes);
    assert_eq!(ask(&g, &only_data), no);
    let r = ep.handle(&get(
        &format!(
            "/sparql?query={}&default-graph-uri=not%20an%20iri",
            enc(ASK)
        ),
        &[],
    ));
    assert_eq!(r.status, 400, "{}", text(&r));
}

// Results had no size bound (a cartesian SELECT reached 2.2 GB): past
// --max-result-bytes they stop with an error the client sees.
#[test]
fn server_results_past_the_bound_stop_with_a_visible_error() {
    let all = "SELECT * WHERE { ?s ?p ?o }";
    // Before the first chunk is out: a real status.
    let ep = endpoint(Config {
        max_result_bytes: 1000,
        ..small()
    });
    let r = ep.handle(&post(all));
    assert_eq!(r.status, 500, "{}", text(&r));
    assert!(
        text(&r).contains("exceed the limit of 1000 bytes"),
        "{}",
        text(&r)
    );
    // Mid-stream: the status was 200, so the body ends with the error.
    let ep = endpoint(Config {
        max_result_bytes: 100_000,
        ..small()
    });
    let r = ep.handle(&post(all));
    assert_eq!(r.status, 200);
    let body = text(&r);
    assert!(body.len() <= 100_200, "{}", body.len());
    assert!(
        body.ends_with("# ERROR: results cut off: they exceed the limit of 100000 bytes (--max-result-bytes); add a LIMIT or select less\n"),
        "{}",
        &body[body.len() - 200..]
    );
}

/// A server on a free loopback port.
fn spawn(config: Config) -> SocketAddr {
    let ep = endpoint(config);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = unsc_kg::server::http::serve(ep, "127.0.0.1:0", |a| {
            let _ = tx.send(a);
        });
    });
    rx.recv_timeout(Duration::from_secs(20)).expect("bound")
}

/// Sends `bytes`, reads until the server closes or `wait` passes.
fn raw(addr: SocketAddr, bytes: &[u8], wait: Duration) -> String {
    let mut c = TcpStream::connect(addr).expect("connect");
    c.write_all(bytes).expect("write");
    c.set_read_timeout(Some(wait)).expect("timeout");
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        match c.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ask_request() -> String {
    format!(
        "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{ASK}",
        ASK.len()
    )
}

// Protocol points of the socket layer: conflicting Content-Length (a
// smuggling risk) → 400; invalid UTF-8 in the request line → 400 saying
// so (it said "longer than 16 KiB"); HEAD → 200 without a body (it said
// 405 with one).
#[test]
fn server_socket_protocol_content_length_utf8_and_head() {
    let addr = spawn(small());
    let wait = Duration::from_secs(10);
    let r = raw(
        addr,
        format!(
            "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\nContent-Length: 5\r\n\r\n{ASK}",
            ASK.len()
        )
        .as_bytes(),
        wait,
    );
    assert!(r.starts_with("HTTP/1.1 400 "), "{r}");

    let r = raw(
        addr,
        b"GET /sparql?query=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",
        wait,
    );
    assert!(r.starts_with("HTTP/1.1 400 "), "{r}");
    assert!(r.contains("not valid UTF-8"), "{r}");

    for url in ["/sparql".to_string(), format!("/sparql?query={}", enc(ASK))] {
        let r = raw(
            addr,
            format!("HEAD {url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            wait,
        );
        assert!(r.starts_with("HTTP/1.1 200 "), "{r}");
        let (head, body) = r.split_once("\r\n\r\n").expect("head");
        assert!(body.is_empty(), "{body}");
        assert!(
            head.to_ascii_lowercase().contains("content-length: "),
            "{head}"
        );
    }
    let r = raw(addr, ask_request().as_bytes(), wait);
    assert!(
        r.starts_with("HTTP/1.1 200 ") && r.ends_with("true}"),
        "{r}"
    );
}

// 64 connections sending one header byte a second locked everyone out:
// slow senders now cost no worker and no slot past the head deadline, and
// a normal client is answered meanwhile.
#[test]
fn server_slow_header_senders_do_not_block_a_normal_client() {
    let head_limit = Duration::from_millis(1500);
    let addr = spawn(Config {
        max_connections: 200,
        header_timeout: head_limit,
        ..small()
    });
    let mut slow: Vec<TcpStream> = (0..100)
        .map(|_| {
            let mut c = TcpStream::connect(addr).expect("connect");
            c.write_all(b"GET /sparql HTTP/1.1\r\nX-Slow: ")
                .expect("write");
            c
        })
        .collect();
    // Normal clients are answered while the slow ones dribble.
    let t = Instant::now();
    for _ in 0..5 {
        for c in slow.iter_mut().take(10) {
            let _ = c.write_all(b"a");
        }
        let r = raw(addr, ask_request().as_bytes(), Duration::from_secs(10));
        assert!(r.starts_with("HTTP/1.1 200 "), "{r}");
    }
    assert!(
        t.elapsed() < head_limit,
        "normal clients waited {:?}",
        t.elapsed()
    );
    // The slow ones are closed once the head deadline passes, however they
    // dribble.
    let t = Instant::now();
    let c = &mut slow[0];
    c.set_read_timeout(Some(head_limit * 10)).expect("timeout");
    let mut buf = [0u8; 1024];
    let closed = loop {
        let _ = c.write_all(b"a");
        match c.read(&mut buf) {
            Ok(0) | Err(_) => break true,
            Ok(_) => {}
        }
        if t.elapsed() > head_limit * 10 {
            break false;
        }
    };
    assert!(closed, "a slow sender was never cut off");
    assert!(t.elapsed() < head_limit * 3, "{:?}", t.elapsed());
}

// Flags: `--timeout-ms 0` refused every query, `--max-connections 0`
// became 1, `--query-threads 100000` spawned 16,000 threads.
#[test]
fn server_flags_are_validated() {
    for (flag, value, says) in [
        (
            "--timeout-ms",
            "0",
            "--timeout-ms 0 would refuse every query",
        ),
        (
            "--max-connections",
            "0",
            "--max-connections 0 would refuse every client",
        ),
        ("--query-threads", "0", "--query-threads 0"),
        ("--max-result-bytes", "0", "--max-result-bytes 0"),
        ("--max-query-memory", "0", "--max-query-memory 0"),
    ] {
        let out = bin()
            .args(["serve", flag, value, "--items", "/nonexistent/items.jsonl"])
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
    }
    // Too many threads are capped, and said so (the missing items file
    // then stops the command).
    let out = bin()
        .args([
            "serve",
            "--query-threads",
            "100000",
            "--items",
            "/nonexistent/items.jsonl",
        ])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--query-threads 100000 capped at"), "{err}");
    assert!(err.contains("/nonexistent/items.jsonl"), "{err}");
}

// The worker hands memory back after a query only when the query held
// much: the meter's peak since a mark sees an allocation that is freed
// again before the query ends, and does not see one made before the mark.
#[test]
fn meter_peak_since_a_mark_sees_memory_held_and_freed() {
    use unsc_kg::rdf::meter::{grown_since, mark};
    std::thread::spawn(|| {
        let before = vec![1u8; 8 << 20];
        let m = mark();
        assert!(grown_since(m) < 1 << 20, "{}", grown_since(m));
        let held = vec![2u8; 16 << 20];
        drop(held);
        let grown = grown_since(m);
        assert!((16 << 20..17 << 20).contains(&grown), "{grown}");
        // A new mark starts from what is held now.
        let m2 = mark();
        assert_eq!(grown_since(m2), 0);
        drop(before);
    })
    .join()
    .expect("the thread ran");
}
