//! A read-only SPARQL 1.1 Protocol endpoint.
//!
//! [`Endpoint::handle`] is a pure function from a [`Request`] to a
//! [`Response`]: routing, parameter decoding, content negotiation, limits
//! and errors all live here and are tested without a socket. [`http`] is
//! the thin socket layer that reads requests off the wire, enforces the
//! connection cap, and writes responses back.
//!
//! Status codes: 400 malformed query (the message gives the position), 403
//! SPARQL Update (the endpoint is read-only), 404 unknown path, 405 other
//! methods, 406 no acceptable result format, 413 body over the limit, 415
//! unsupported POST body type, 503 query past the time limit or too many
//! connections.

pub mod http;

use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use oxigraph::store::Store;

use crate::rdf::{self, Format, QueryError, ResultKind};

/// Limits of the endpoint.
#[derive(Clone, Debug)]
pub struct Config {
    /// Longest a query may run.
    pub timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Most connections open at once; more get 503.
    pub max_connections: usize,
    /// Queries evaluated at once; the others wait in line.
    pub query_threads: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            timeout: Duration::from_secs(10),
            max_body: 1 << 20,
            max_connections: 64,
            query_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// An HTTP request, as far as the endpoint cares.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query string (`/sparql?query=...`).
    pub url: String,
    /// Headers (names compared case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP response.
#[derive(Clone, Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type".into(), content_type.into()),
                ("Access-Control-Allow-Origin".into(), "*".into()),
            ],
            body: body.into(),
        }
    }

    /// A plain-text error: the message, then a newline.
    pub fn error(status: u16, message: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{message}\n"))
    }

    fn with(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The endpoint: a store and its limits.
#[derive(Clone)]
pub struct Endpoint {
    config: Config,
    jobs: mpsc::Sender<Job>,
}

/// A query waiting for a worker.
struct Job {
    query: String,
    wanted: Option<Format>,
    accept: String,
    deadline: Instant,
    reply: mpsc::Sender<Result<(rdf::Output, bool), QueryError>>,
}

/// Evaluates queued queries in arrival order: one queue keeps latency
/// fair under load, and a fixed number of workers keeps the CPUs from
/// being shared by more queries than they can run.
fn worker(store: Store, jobs: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let next = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(job) = next else { return };
        let left = job.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let _ = job.reply.send(Err(QueryError::Timeout(Duration::ZERO)));
            continue;
        }
        let pick = |kind: ResultKind| -> Option<Format> {
            job.wanted
                .filter(|f| f.fits(kind))
                .or_else(|| negotiate(&job.accept, kind))
        };
        let r = rdf::evaluate(
            &store,
            &job.query,
            |kind| Some(pick(kind).unwrap_or(default_for(kind))),
            Some(left),
        );
        let _ = job.reply.send(r.map(|out| {
            let acceptable = pick(out.kind).is_some();
            (out, acceptable)
        }));
    }
}

const PAGE: &str = include_str!("page.html");

impl Endpoint {
    /// An endpoint over `store`, with its query workers started.
    pub fn new(store: Store, config: Config) -> Endpoint {
        let (jobs, rx) = mpsc::channel();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..config.query_threads.max(1) {
            let store = store.clone();
            let rx = Arc::clone(&rx);
            let _ = std::thread::Builder::new()
                .name(format!("sparql-worker-{i}"))
                .spawn(move || worker(store, rx));
        }
        Endpoint { config, jobs }
    }

    /// The limits in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Answers one request.
    pub fn handle(&self, req: &Request) -> Response {
        let (path, query_string) = req.url.split_once('?').unwrap_or((&req.url, ""));
        if !matches!(path, "/" | "/sparql" | "/query") {
            return Response::error(
                404,
                &format!("no such resource: {path} (the endpoint is /sparql)"),
            );
        }
        if let Some(len) = req
            .header("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            && len > self.config.max_body as u64
        {
            return self.too_large(len);
        }
        if req.body.len() > self.config.max_body {
            return self.too_large(req.body.len() as u64);
        }
        let mut params = parse_form(query_string);
        match req.method.as_str() {
            "OPTIONS" => Response::new(204, "text/plain", Vec::new())
                .with("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .with("Access-Control-Allow-Headers", "Content-Type, Accept")
                .with("Access-Control-Max-Age", "86400")
                .with("Allow", "GET, POST, OPTIONS"),
            "GET" => {
                if params.iter().any(|(k, _)| k == "update") {
                    return read_only();
                }
                match param(&params, "query") {
                    Some(q) => self.query(req, &q, &params),
                    None => self.describe(req),
                }
            }
            "POST" => {
                let ctype = req
                    .header("Content-Type")
                    .unwrap_or("")
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                match ctype.as_str() {
                    "application/sparql-query" => match String::from_utf8(req.body.clone()) {
                        Ok(q) => self.query(req, &q, &params),
                        Err(_) => Response::error(400, "the query is not valid UTF-8"),
                    },
                    "application/sparql-update" => read_only(),
                    "application/x-www-form-urlencoded" => {
                        let body = String::from_utf8_lossy(&req.body);
                        params.extend(parse_form(&body));
                        if params.iter().any(|(k, _)| k == "update") {
                            return read_only();
                        }
                        match param(&params, "query") {
                            Some(q) => self.query(req, &q, &params),
                            None => Response::error(400, "missing the `query` parameter"),
                        }
                    }
                    other => Response::error(
                        415,
                        &format!(
                            "unsupported Content-Type {other:?}: use application/sparql-query or application/x-www-form-urlencoded"
                        ),
                    ),
                }
            }
            other => Response::error(405, &format!("method {other} not allowed"))
                .with("Allow", "GET, POST, OPTIONS"),
        }
    }

    fn too_large(&self, len: u64) -> Response {
        Response::error(
            413,
            &format!(
                "request body of {len} bytes exceeds the limit of {} bytes",
                self.config.max_body
            ),
        )
        .with("Connection", "close")
    }

    fn query(&self, req: &Request, query: &str, params: &[(String, String)]) -> Response {
        if params
            .iter()
            .any(|(k, _)| k == "default-graph-uri" || k == "named-graph-uri")
        {
            return Response::error(
                400,
                "default-graph-uri and named-graph-uri are not supported: the endpoint serves one default graph",
            );
        }
        let wanted: Option<Format> = ["format", "output", "results"]
            .iter()
            .find_map(|k| param(params, k))
            .and_then(|v| Format::parse(&v).or_else(|| format_for_media(&v)));
        let accept = req.header("Accept").unwrap_or("").to_string();
        let timeout = self.config.timeout;
        let deadline = Instant::now() + timeout;
        let (reply, rx) = mpsc::channel();
        let job = Job {
            query: query.to_string(),
            wanted,
            accept,
            deadline,
            reply,
        };
        if self.jobs.send(job).is_err() {
            return Response::error(503, "the query workers are gone");
        }
        // A query still running at the deadline gets its answer here even
        // if it does not notice its cancellation token (pure in-memory
        // joins), the worker finishing it in the background.
        let result = rx
            .recv_timeout(timeout + Duration::from_millis(200))
            .unwrap_or(Err(QueryError::Timeout(timeout)));
        let accept = req.header("Accept").unwrap_or("");
        match result {
            Ok((_, false)) => {
                Response::error(406, &format!("no result format matches Accept: {accept}"))
            }
            Ok((out, true)) => {
                Response::new(200, out.format.media_type(), out.body).with("Vary", "Accept")
            }
            Err(e @ QueryError::Syntax { .. }) => Response::error(400, &e.to_string()),
            Err(e @ QueryError::Update) => Response::error(403, &e.to_string()),
            Err(e @ QueryError::Timeout(_)) => Response::error(503, &e.to_string()),
            Err(e @ QueryError::Format { .. }) => Response::error(406, &e.to_string()),
            Err(e @ QueryError::Evaluation(_)) => Response::error(500, &e.to_string()),
        }
    }

    /// The endpoint URL without a query: the HTML page for browsers, the
    /// service description for everyone else.
    fn describe(&self, req: &Request) -> Response {
        let accept = req.header("Accept").unwrap_or("");
        if prefers_html(accept) {
            return Response::new(200, "text/html; charset=utf-8", PAGE);
        }
        let host = req.header("Host").unwrap_or("localhost");
        let me = format!("http://{host}/sparql");
        let body = format!(
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .

<{me}> a sd:Service ;
    sd:endpoint <{me}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML,
        formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV,
        formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD ;
    sd:defaultDataset <{me}#dataset> .

<{me}#dataset> a sd:Dataset ;
    sd:defaultGraph <{me}#default-graph> .

<{me}#default-graph> a sd:Graph .
"
        );
        Response::new(200, "text/turtle", body)
    }
}

fn read_only() -> Response {
    Response::error(
        403,
        "SPARQL Update is not allowed: this endpoint is read-only",
    )
}

fn default_for(kind: ResultKind) -> Format {
    match kind {
        ResultKind::Graph => Format::Turtle,
        _ => Format::Json,
    }
}

/// Media types we write, per kind of results, in order of preference.
fn media_types(kind: ResultKind) -> &'static [(&'static str, Format)] {
    match kind {
        ResultKind::Graph => &[
            ("text/turtle", Format::Turtle),
            ("application/turtle", Format::Turtle),
            ("application/x-turtle", Format::Turtle),
            ("text/n3", Format::Turtle),
            ("application/n-triples", Format::NTriples),
            ("text/plain", Format::NTriples),
            ("application/rdf+xml", Format::RdfXml),
            ("application/xml", Format::RdfXml),
            ("text/xml", Format::RdfXml),
            ("application/ld+json", Format::JsonLd),
            ("application/json", Format::JsonLd),
        ],
        _ => &[
            ("application/sparql-results+json", Format::Json),
            ("application/json", Format::Json),
            ("application/sparql-results+xml", Format::Xml),
            ("application/xml", Format::Xml),
            ("text/xml", Format::Xml),
            ("text/csv", Format::Csv),
            ("text/tab-separated-values", Format::Tsv),
            ("text/plain", Format::Table),
        ],
    }
}

/// A format from a media type given as a `format` parameter value.
fn format_for_media(v: &str) -> Option<Format> {
    [ResultKind::Solutions, ResultKind::Graph]
        .iter()
        .flat_map(|k| media_types(*k))
        .find(|(m, _)| m.eq_ignore_ascii_case(v.trim()))
        .map(|(_, f)| *f)
}

/// Picks the format for `kind` from an `Accept` header (quality values and
/// wildcards honoured); an empty header means the default.
pub fn negotiate(accept: &str, kind: ResultKind) -> Option<Format> {
    if accept.trim().is_empty() {
        return Some(default_for(kind));
    }
    let mut ranges: Vec<(f32, usize, String)> = Vec::new();
    for (i, part) in accept.split(',').enumerate() {
        let mut bits = part.split(';');
        let range = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for b in bits {
            if let Some(v) = b.trim().strip_prefix("q=") {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        if q > 0.0 && !range.is_empty() {
            ranges.push((q, i, range));
        }
    }
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let types = media_types(kind);
    for (_, _, range) in &ranges {
        if range == "*/*" {
            return Some(default_for(kind));
        }
        if let Some(prefix) = range.strip_suffix("/*") {
            if let Some((_, f)) = types
                .iter()
                .find(|(m, _)| m.starts_with(&format!("{prefix}/")))
            {
                return Some(*f);
            }
            continue;
        }
        if let Some((_, f)) = types.iter().find(|(m, _)| m == range) {
            return Some(*f);
        }
    }
    None
}

fn prefers_html(accept: &str) -> bool {
    accept
        .split(',')
        .next()
        .is_some_and(|first| first.trim().starts_with("text/html"))
}

fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Decodes `application/x-www-form-urlencoded` (also used for query strings).
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding_handles_plus_utf8_and_stray_percent() {
        assert_eq!(
            parse_form("query=a+b%20%C3%A9&x=100%&y"),
            vec![
                ("query".to_string(), "a b é".to_string()),
                ("x".to_string(), "100%".to_string()),
                ("y".to_string(), String::new()),
            ]
        );
    }

    #[test]
    fn negotiation_honours_quality_and_wildcards() {
        let k = ResultKind::Solutions;
        assert_eq!(negotiate("", k), Some(Format::Json));
        assert_eq!(
            negotiate("text/csv;q=0.1, application/sparql-results+xml", k),
            Some(Format::Xml)
        );
        assert_eq!(negotiate("text/*", k), Some(Format::Xml));
        assert_eq!(negotiate("image/png", k), None);
        assert_eq!(negotiate("text/csv;q=0", k), None);
        assert_eq!(
            negotiate("application/n-triples", ResultKind::Graph),
            Some(Format::NTriples)
        );
    }
}
