//! A read-only SPARQL 1.1 Protocol endpoint.
//!
//! [`Endpoint::handle`] is a pure function from a [`Request`] to a
//! [`Response`]: routing, parameter decoding, content negotiation, limits
//! and errors all live here and are tested without a socket. [`http`] is
//! the socket layer (hyper on tokio) that reads requests off the wire,
//! enforces the connection cap and the time limits of slow clients, and
//! streams responses back. Content negotiation is in `negotiate.rs`.
//!
//! Queries run on a fixed pool of worker threads (`worker.rs`) with large stacks
//! ([`crate::rdf::query::QUERY_STACK`]), fed by one queue; a connection costs a
//! worker only while its query is evaluated, never while it sends its
//! request or reads the response slowly.
//!
//! Status codes: 400 malformed or refused query (the message gives the
//! position, or the limit it passes), 403 SPARQL Update (the endpoint is
//! read-only), 404 unknown path, 405 other methods, 406 no acceptable result
//! format, 413 body over the limit, 415 unsupported POST body type, 501
//! `SERVICE` (federated queries are disabled), 503 query past the time
//! limit or too many connections.

pub mod http;
mod negotiate;
mod worker;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub use negotiate::negotiate;
use negotiate::{format_for_media, prefers_html};
use worker::{Job, error_response, worker};

use crate::rdf::Backend;
use crate::rdf::query::{DATA_GRAPH, QUERY_STACK};
use crate::rdf::store::ONTOLOGY_GRAPH;
use crate::rdf::{DatasetRequest, Format, QueryError, ResultKind};

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
    /// Most bytes of results sent for one query.
    pub max_result_bytes: u64,
    /// Most bytes one query's evaluation may hold.
    pub max_query_memory: u64,
    /// Longest a client may take to send a request head (and its body),
    /// and longest a keep-alive connection may sit idle.
    pub header_timeout: Duration,
    /// The address announced in the service description when the `Host`
    /// header is missing or is not a plain host name.
    pub address: String,
}

/// Most query worker threads: four per CPU, at most 256.
pub fn max_query_threads() -> usize {
    (4 * std::thread::available_parallelism().map_or(2, |n| n.get())).min(256)
}

impl Default for Config {
    fn default() -> Config {
        Config {
            timeout: Duration::from_secs(10),
            max_body: 1 << 20,
            max_connections: 1024,
            query_threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_result_bytes: 64 << 20,
            max_query_memory: 1 << 30,
            header_timeout: Duration::from_secs(10),
            address: "localhost".into(),
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

/// What a worker sends back about one query, in order: either one
/// [`Reply::Whole`], or a [`Reply::Head`], chunks, and [`Reply::End`] or
/// [`Reply::Fail`] (results cut off after the status was sent).
#[derive(Debug)]
pub enum Reply {
    /// The complete response (results that fit in one chunk, or an error
    /// before any result was sent).
    Whole(Response),
    /// A 200 with these headers; the body follows in chunks.
    Head(Response),
    /// The next bytes of the body.
    Chunk(Vec<u8>),
    /// The body is complete.
    End,
    /// The body stops here because of this error.
    Fail(String),
}

/// Where a worker sends its replies; `false` when nobody listens any more
/// (the client left or its wait timed out), which stops the evaluation.
pub trait ReplyTo: Send {
    /// Sends one reply, waiting at most until `deadline` for room.
    fn send(&mut self, reply: Reply, deadline: Instant) -> bool;
}

impl ReplyTo for mpsc::Sender<Reply> {
    fn send(&mut self, reply: Reply, _: Instant) -> bool {
        mpsc::Sender::send(self, reply).is_ok()
    }
}

/// A query, decoded from a request, ready for a worker.
#[derive(Debug)]
pub struct QueryJob {
    query: String,
    wanted: Option<Format>,
    accept: String,
    dataset: DatasetRequest,
}

/// What [`Endpoint::route`] makes of a request.
#[derive(Debug)]
pub enum Routed {
    /// Answered without evaluating anything.
    Done(Response),
    /// A query to evaluate.
    Query(QueryJob),
}

/// The endpoint: a store and its limits.
#[derive(Clone)]
pub struct Endpoint {
    config: Config,
    jobs: mpsc::Sender<Job>,
    busy: Arc<AtomicUsize>,
}

const PAGE: &str = include_str!("page.html");

impl Endpoint {
    /// An endpoint over `store`, with its query workers started (at least
    /// one, at most [`max_query_threads`]).
    pub fn new(store: impl Into<Backend>, config: Config) -> Endpoint {
        let store: Backend = store.into();
        let (jobs, rx) = mpsc::channel();
        let rx = Arc::new(Mutex::new(rx));
        let busy = Arc::new(AtomicUsize::new(0));
        for i in 0..config.query_threads.clamp(1, max_query_threads()) {
            let store = store.clone();
            let rx = Arc::clone(&rx);
            let (config, busy) = (config.clone(), Arc::clone(&busy));
            let _ = std::thread::Builder::new()
                .name(format!("sparql-worker-{i}"))
                .stack_size(QUERY_STACK)
                .spawn(move || worker(store, rx, config, busy));
        }
        Endpoint { config, jobs, busy }
    }

    /// The limits in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// How many queries are being evaluated right now.
    pub fn busy(&self) -> usize {
        self.busy.load(Ordering::SeqCst)
    }

    /// Answers one request, waiting for its query if it has one.
    pub fn handle(&self, req: &Request) -> Response {
        let job = match self.route(req) {
            Routed::Done(r) => return r,
            Routed::Query(job) => job,
        };
        let (tx, rx) = mpsc::channel();
        if let Err(r) = self.submit(job, Box::new(tx)) {
            return r;
        }
        // A worker always answers by the deadline (the evaluation checks
        // it on every access to the store); the margin covers a worker
        // still finishing an earlier query.
        let wait = self.config.timeout + Duration::from_secs(1);
        let timeout = || error_response(&QueryError::Timeout(self.config.timeout));
        let mut resp = match rx.recv_timeout(wait) {
            Ok(Reply::Whole(r)) => return r,
            Ok(Reply::Head(r)) => r,
            _ => return timeout(),
        };
        loop {
            match rx.recv_timeout(wait) {
                Ok(Reply::Chunk(c)) => resp.body.extend_from_slice(&c),
                Ok(Reply::End) => return resp,
                Ok(Reply::Fail(msg)) => {
                    resp.body.extend_from_slice(cut_off(&msg).as_bytes());
                    return resp.with("X-SPARQL-Error", &msg);
                }
                _ => return timeout(),
            }
        }
    }

    /// Queues `job` for a worker; replies go to `reply`.
    pub fn submit(&self, job: QueryJob, reply: Box<dyn ReplyTo>) -> Result<(), Response> {
        let deadline = Instant::now() + self.config.timeout;
        self.jobs
            .send(Job {
                job,
                deadline,
                reply,
            })
            .map_err(|_| Response::error(503, "the query workers are gone"))
    }

    /// Decodes a request: an answer, or a query to evaluate.
    pub fn route(&self, req: &Request) -> Routed {
        match self.route_inner(req) {
            Ok(r) => Routed::Done(r),
            Err(job) => Routed::Query(job),
        }
    }

    fn route_inner(&self, req: &Request) -> Result<Response, QueryJob> {
        let (path, query_string) = req.url.split_once('?').unwrap_or((&req.url, ""));
        if !matches!(path, "/" | "/sparql" | "/query") {
            return Ok(Response::error(
                404,
                &format!("no such resource: {path} (the endpoint is /sparql)"),
            ));
        }
        if let Some(len) = req
            .header("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            && len > self.config.max_body as u64
        {
            return Ok(self.too_large(len));
        }
        if req.body.len() > self.config.max_body {
            return Ok(self.too_large(req.body.len() as u64));
        }
        let mut params = match parse_form(query_string) {
            Ok(p) => p,
            Err(e) => return Ok(Response::error(400, &format!("the URL's {e}"))),
        };
        match req.method.as_str() {
            "OPTIONS" => Ok(Response::new(204, "text/plain", Vec::new())
                .with("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
                .with("Access-Control-Allow-Headers", "Content-Type, Accept")
                .with("Access-Control-Max-Age", "86400")
                .with("Allow", "GET, HEAD, POST, OPTIONS")),
            // HEAD answers as GET does; the socket layer drops the body.
            "GET" | "HEAD" => {
                if params.iter().any(|(k, _)| k == "update") {
                    return Ok(read_only());
                }
                match single(&params, "query") {
                    Ok(Some(q)) => self.query(req, q, &params),
                    Ok(None) => Ok(self.describe(req)),
                    Err(r) => Ok(r),
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
                        Ok(q) => {
                            if params.iter().any(|(k, _)| k == "query") {
                                return Ok(Response::error(
                                    400,
                                    "the query is both in the body and in a `query` parameter: send it once",
                                ));
                            }
                            self.query(req, q, &params)
                        }
                        Err(_) => Ok(Response::error(400, "the query is not valid UTF-8")),
                    },
                    "application/sparql-update" => Ok(read_only()),
                    "application/x-www-form-urlencoded" => {
                        match std::str::from_utf8(&req.body)
                            .map_err(|_| "body is not valid UTF-8".to_string())
                            .and_then(parse_form)
                        {
                            Ok(p) => params.extend(p),
                            Err(e) => return Ok(Response::error(400, &format!("the form {e}"))),
                        }
                        if params.iter().any(|(k, _)| k == "update") {
                            return Ok(read_only());
                        }
                        match single(&params, "query") {
                            Ok(Some(q)) => self.query(req, q, &params),
                            Ok(None) => Ok(Response::error(400, "missing the `query` parameter")),
                            Err(r) => Ok(r),
                        }
                    }
                    other => Ok(Response::error(
                        415,
                        &format!(
                            "unsupported Content-Type {other:?}: use application/sparql-query or application/x-www-form-urlencoded"
                        ),
                    )),
                }
            }
            other => Ok(Response::error(405, &format!("method {other} not allowed"))
                .with("Allow", "GET, HEAD, POST, OPTIONS")),
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

    fn query(
        &self,
        req: &Request,
        query: String,
        params: &[(String, String)],
    ) -> Result<Response, QueryJob> {
        let wanted: Option<Format> = ["format", "output", "results"]
            .iter()
            .find_map(|k| param(params, k))
            .and_then(|v| Format::parse(&v).or_else(|| format_for_media(&v)));
        let values = |name: &str| -> Vec<String> {
            params
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Err(QueryJob {
            query,
            wanted,
            accept: req.header("Accept").unwrap_or("").to_string(),
            dataset: DatasetRequest {
                default_graphs: values("default-graph-uri"),
                named_graphs: values("named-graph-uri"),
            },
        })
    }

    /// The endpoint URL without a query: the HTML page for browsers, the
    /// service description for everyone else, in the RDF syntax asked for.
    fn describe(&self, req: &Request) -> Response {
        let accept = req.header("Accept").unwrap_or("");
        if prefers_html(accept) {
            return Response::new(200, "text/html; charset=utf-8", PAGE).with("Vary", "Accept");
        }
        let Some(format) = negotiate(accept, ResultKind::Graph) else {
            return Response::error(406, &format!("no RDF syntax matches Accept: {accept}"))
                .with("Vary", "Accept");
        };
        let host = req
            .header("Host")
            .filter(|h| plain_host(h))
            .unwrap_or(&self.config.address);
        let me = format!("http://{host}/sparql");
        let ttl = format!(
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
    sd:defaultGraph <{me}#default-graph> ;
    sd:namedGraph [ a sd:NamedGraph ; sd:name <{DATA_GRAPH}> ; sd:graph <{me}#default-graph> ] ,
        [ a sd:NamedGraph ; sd:name <{ONTOLOGY_GRAPH}> ] .

<{me}#default-graph> a sd:Graph .
"
        );
        let body = match format {
            Format::Turtle => ttl.into_bytes(),
            other => match convert_turtle(&ttl, other) {
                Ok(b) => b,
                Err(e) => return Response::error(500, &e),
            },
        };
        Response::new(200, format.media_type(), body).with("Vary", "Accept")
    }
}

/// The text appended to a body cut off after its status was sent.
pub fn cut_off(msg: &str) -> String {
    format!("\n\n# ERROR: {msg}\n")
}

/// Whether a `Host` header is a plain `name[:port]` or `[v6][:port]`,
/// safe to write inside an IRI.
fn plain_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 255
        && h.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The service description in another RDF syntax.
fn convert_turtle(ttl: &str, to: Format) -> Result<Vec<u8>, String> {
    use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
    let rdf = match to {
        Format::NTriples => RdfFormat::NTriples,
        Format::RdfXml => RdfFormat::RdfXml,
        Format::JsonLd => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        _ => RdfFormat::Turtle,
    };
    let mut out = RdfSerializer::from_format(rdf).for_writer(Vec::new());
    for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
        let t = t.map_err(|e| e.to_string())?;
        out.serialize_quad(&t).map_err(|e| e.to_string())?;
    }
    out.finish().map_err(|e| e.to_string())
}

/// The one value of parameter `name`; two are refused (which would win is
/// not defined).
fn single(params: &[(String, String)], name: &str) -> Result<Option<String>, Response> {
    let mut it = params.iter().filter(|(k, _)| k == name);
    let first = it.next().map(|(_, v)| v.clone());
    if it.next().is_some() {
        return Err(Response::error(
            400,
            &format!("the `{name}` parameter is given more than once: send one"),
        ));
    }
    Ok(first)
}

fn read_only() -> Response {
    Response::error(
        403,
        "SPARQL Update is not allowed: this endpoint is read-only",
    )
}

fn param(params: &[(String, String)], name: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Decodes `application/x-www-form-urlencoded` (also used for query
/// strings); a value that is not UTF-8 once decoded is an error.
pub fn parse_form(s: &str) -> Result<Vec<(String, String)>, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let k =
                percent_decode(k).map_err(|_| "parameter name is not valid UTF-8".to_string())?;
            let v = percent_decode(v)
                .map_err(|_| format!("`{k}` parameter is not valid UTF-8 once decoded"))?;
            Ok((k, v))
        })
        .collect()
}

fn percent_decode(s: &str) -> Result<String, std::string::FromUtf8Error> {
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
    String::from_utf8(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding_handles_plus_utf8_and_stray_percent() {
        assert_eq!(
            parse_form("query=a+b%20%C3%A9&x=100%&y").expect("utf-8"),
            vec![
                ("query".to_string(), "a b é".to_string()),
                ("x".to_string(), "100%".to_string()),
                ("y".to_string(), String::new()),
            ]
        );
        assert!(parse_form("query=%FF").is_err());
    }
}
