//! The SPARQL endpoint's pure request handler on a small store: any
//! method, URL, headers and body give a response, never a panic; the status
//! is one the endpoint documents; a 200 names its content type.
#![no_main]

use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use unsc_kg::extract::extract_text;
use unsc_kg::rdf;
use unsc_kg::server::{Config, Endpoint, Request};
use unsc_kg::text::Text;

const DOC: &str = "United Nations S/RES/2531 (2020)\n\nResolution 2531 (2020)\n\n\
Adopted by the Security Council at its 8742nd meeting, on 29 June 2020\n\n\
The Security Council,\n\nRecalling its resolutions 2480 (2019) and 2423 (2018),\n\n\
1. Decides to extend the mandate of MINUSMA until 30 June 2021;\n\n\
2. Requests the Secretary-General to report on paragraph 1 above;\n";

static ENDPOINT: LazyLock<Endpoint> = LazyLock::new(|| {
    let items = extract_text(&Text::from_str("fuzz.txt", DOC));
    let actors = unsc_kg::extract::actors::gazetteer::get();
    let store = rdf::load_store(&items, actors).expect("store");
    Endpoint::new(
        store,
        Config {
            timeout: Duration::from_millis(500),
            max_body: 4096,
            max_connections: 4,
            query_threads: 1,
            ..Config::default()
        },
    )
});

const METHODS: &[&str] = &["GET", "POST", "HEAD", "PUT", "OPTIONS"];
const TYPES: &[&str] = &[
    "application/sparql-query",
    "application/x-www-form-urlencoded",
    "application/sparql-update",
    "text/plain",
];

fuzz_target!(|data: &[u8]| {
    // Layout: method byte, content-type byte, then URL, Accept and body
    // separated by NUL bytes.
    let [m, t, rest @ ..] = data else {
        return;
    };
    let mut parts = rest.split(|&b| b == 0);
    let url = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let accept = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default().to_vec();
    let req = Request {
        method: METHODS[*m as usize % METHODS.len()].into(),
        url,
        headers: vec![
            ("Accept".into(), accept),
            (
                "Content-Type".into(),
                TYPES[*t as usize % TYPES.len()].into(),
            ),
        ],
        body,
    };
    let resp = ENDPOINT.handle(&req);
    assert!(
        // 204: OPTIONS; 500: results cut off by --max-result-bytes before
        // the status was sent; 501: SERVICE.
        [200, 204, 400, 403, 404, 405, 406, 413, 415, 500, 501, 503].contains(&resp.status),
        "undocumented status {}",
        resp.status
    );
    if resp.status == 200 {
        assert!(
            resp.header("Content-Type").is_some(),
            "200 without a content type"
        );
    }
});
