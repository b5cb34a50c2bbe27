//! Running SPARQL queries against the store and writing the results.
//!
//! One entry point, [`evaluate_into`], shared by `unsc-kg query` and the
//! endpoint: it checks the query's guards ([`super::guard`]), parses
//! (reporting syntax errors with their position and the offending line),
//! refuses updates, evaluates over a view of the store that enforces the
//! deadline on every access, and streams the results, bounded in size, in
//! the format the caller picks once it knows what kind of results the
//! query gives. [`evaluate`] is the same into memory.

mod guarded;
mod views;
mod write;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{PreparedSparqlQuery, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use super::guard::{self, GuardError};
use super::index::QuadIndex;
use guarded::{Clock, Guarded};
use views::{IndexView, StoreView};
use write::Writer;
pub use write::{compact_term, table_from_json};

/// What queries are evaluated over: oxigraph's store (in memory, or RocksDB
/// with that feature), or the index `build` wrote (`graph.idx`), opened in
/// place. Both answer every query alike; cloning either is cheap.
#[derive(Clone)]
pub enum Backend {
    /// An oxigraph store.
    Store(Store),
    /// A quad index, read in place.
    Index(Arc<QuadIndex>),
}

impl Backend {
    /// The number of quads (a persistent store is counted, reading all of
    /// it).
    pub fn quad_count(&self) -> Result<u64, QueryError> {
        match self {
            Backend::Store(s) => s
                .len()
                .map(|n| n as u64)
                .map_err(|e| QueryError::Evaluation(e.to_string())),
            Backend::Index(i) => Ok(i.len()),
        }
    }
}

impl From<Store> for Backend {
    fn from(s: Store) -> Backend {
        Backend::Store(s)
    }
}

impl From<&Store> for Backend {
    fn from(s: &Store) -> Backend {
        Backend::Store(s.clone())
    }
}

impl From<QuadIndex> for Backend {
    fn from(i: QuadIndex) -> Backend {
        Backend::Index(Arc::new(i))
    }
}

impl From<Arc<QuadIndex>> for Backend {
    fn from(i: Arc<QuadIndex>) -> Backend {
        Backend::Index(i)
    }
}

impl From<&Backend> for Backend {
    fn from(b: &Backend) -> Backend {
        b.clone()
    }
}

/// What a query returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultKind {
    /// SELECT: a table of solutions.
    Solutions,
    /// ASK: true or false.
    Boolean,
    /// CONSTRUCT or DESCRIBE: triples.
    Graph,
}

/// An output format for query results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An aligned text table for people (SELECT/ASK).
    Table,
    /// SPARQL 1.1 CSV (SELECT/ASK).
    Csv,
    /// SPARQL 1.1 TSV (SELECT/ASK).
    Tsv,
    /// SPARQL 1.1 JSON results (SELECT/ASK).
    Json,
    /// SPARQL XML results (SELECT/ASK).
    Xml,
    /// Turtle (CONSTRUCT/DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT/DESCRIBE).
    NTriples,
    /// RDF/XML (CONSTRUCT/DESCRIBE).
    RdfXml,
    /// JSON-LD (CONSTRUCT/DESCRIBE).
    JsonLd,
}

impl Format {
    /// Parses a format name as given on the command line or in a `format`
    /// parameter (`json`, `csv`, `ttl`, `nt`, ...).
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "table" | "text" => Format::Table,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "json" | "srj" => Format::Json,
            "xml" | "srx" => Format::Xml,
            "turtle" | "ttl" | "n3" => Format::Turtle,
            "ntriples" | "n-triples" | "nt" => Format::NTriples,
            "rdfxml" | "rdf+xml" | "rdf" => Format::RdfXml,
            "jsonld" | "json-ld" => Format::JsonLd,
            _ => return None,
        })
    }

    /// Whether this format can carry results of `kind`.
    pub fn fits(self, kind: ResultKind) -> bool {
        match self {
            Format::Table | Format::Csv | Format::Tsv | Format::Json | Format::Xml => {
                kind != ResultKind::Graph
            }
            _ => kind == ResultKind::Graph,
        }
    }

    /// The media type written in `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Table => "text/plain; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Tsv => "text/tab-separated-values; charset=utf-8",
            Format::Json => "application/sparql-results+json",
            Format::Xml => "application/sparql-results+xml",
            Format::Turtle => "text/turtle",
            Format::NTriples => "application/n-triples",
            Format::RdfXml => "application/rdf+xml",
            Format::JsonLd => "application/ld+json",
        }
    }

    /// The name `--format` and `format=` take (`csv`, `turtle` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Turtle => "turtle",
            Format::NTriples => "ntriples",
            Format::RdfXml => "rdfxml",
            Format::JsonLd => "jsonld",
        }
    }

    /// The formats that carry results of `kind`, by name, for messages.
    pub fn names_for(kind: ResultKind) -> &'static str {
        match kind {
            ResultKind::Graph => "turtle, ntriples, rdfxml or jsonld",
            _ => "table, csv, tsv, json or xml",
        }
    }

    /// The default format for a kind of results.
    pub fn default_for(kind: ResultKind) -> Format {
        match kind {
            ResultKind::Graph => Format::Turtle,
            _ => Format::Table,
        }
    }
}

/// Why a query gave no results.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse.
    #[error("SPARQL syntax error: {message}\n{context}")]
    Syntax {
        /// The parser's message (with line:column).
        message: String,
        /// The offending line with a caret under the position.
        context: String,
    },
    /// The text is a SPARQL Update: the store is read-only.
    #[error("SPARQL Update is not allowed: this store is read-only")]
    Update,
    /// A guard refused the query before evaluation (too long, too deeply
    /// nested, `SERVICE`, values that could grow too large).
    #[error(transparent)]
    Guard(#[from] GuardError),
    /// A dataset parameter (`default-graph-uri`, `named-graph-uri`) is not
    /// an absolute IRI.
    #[error("invalid {param} {value:?}: {reason}")]
    Dataset {
        /// The parameter.
        param: &'static str,
        /// Its value.
        value: String,
        /// Why it is refused.
        reason: String,
    },
    /// The query ran past its time limit.
    #[error("query cancelled: it ran past the time limit of {0:?}")]
    Timeout(Duration),
    /// The evaluation held more memory than its budget.
    #[error(
        "query cancelled: it held more than {0} bytes of memory (--max-query-memory); add a LIMIT, or avoid sorting or grouping so many rows"
    )]
    Memory(u64),
    /// The written results passed the bound on their size.
    #[error(
        "results cut off: they exceed the limit of {0} bytes (--max-result-bytes); add a LIMIT or select less"
    )]
    TooLarge(u64),
    /// No writer for this kind of results in the requested format.
    #[error("{kind} results cannot be written as {}: use {}", format.as_str(), Format::names_for(*result))]
    Format {
        /// The query's kind of results.
        kind: &'static str,
        /// The requested format.
        format: Format,
        /// The query's kind of results (for the formats that fit).
        result: ResultKind,
    },
    /// No result format the client accepts.
    #[error("no result format matches Accept: {0}")]
    NotAcceptable(String),
    /// Writing the results failed (the reader went away).
    #[error("writing the results failed: {0}")]
    Write(std::io::Error),
    /// Evaluation failed.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
}

/// A query's results, written.
#[derive(Debug)]
pub struct Output {
    /// The serialized results.
    pub body: Vec<u8>,
    /// The format they are in.
    pub format: Format,
    /// What kind of results they are.
    pub kind: ResultKind,
}

/// Bounds on one evaluation.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Cancel evaluation after this long.
    pub timeout: Option<Duration>,
    /// Longest query text accepted, in bytes.
    pub max_query_bytes: usize,
    /// Most bytes of results written; past it the results are cut off
    /// with [`QueryError::TooLarge`].
    pub max_result_bytes: u64,
    /// Most bytes the evaluating thread may hold more than when it started
    /// (counted by [`super::meter::Metered`] where installed).
    pub max_memory: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            timeout: None,
            max_query_bytes: 1 << 20,
            max_result_bytes: u64::MAX,
            max_memory: u64::MAX,
        }
    }
}

/// The RDF dataset a request asks for (SPARQL 1.1 Protocol
/// `default-graph-uri` and `named-graph-uri`); empty lists keep the query's
/// own `FROM`/`FROM NAMED`, or the union default graph.
#[derive(Clone, Debug, Default)]
pub struct DatasetRequest {
    /// Graphs merged into the default graph.
    pub default_graphs: Vec<String>,
    /// Graphs available to `GRAPH`.
    pub named_graphs: Vec<String>,
}

/// The IRI that names the data (the store's default graph) in
/// `default-graph-uri`, `named-graph-uri` and `FROM`.
pub const DATA_GRAPH: &str = "https://w3id.org/unsc-kg/data";

/// Where results are written as they are produced.
pub trait Sink {
    /// Called once, before any byte, with what the results are.
    fn begin(&mut self, kind: ResultKind, format: Format) -> Result<(), QueryError>;
    /// Writes the next bytes.
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()>;
}

/// Collects results in memory.
#[derive(Default)]
struct VecSink {
    body: Vec<u8>,
    what: Option<(ResultKind, Format)>,
}

impl Sink for VecSink {
    fn begin(&mut self, kind: ResultKind, format: Format) -> Result<(), QueryError> {
        self.what = Some((kind, format));
        Ok(())
    }
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.body.extend_from_slice(bytes);
        Ok(())
    }
}

/// Parses `query`, evaluates it against `store` (a [`Backend`], or what
/// becomes one: `&Store`, a [`QuadIndex`]) and writes the results in
/// the format `choose` picks for their kind (`None` means the kind's
/// default). `timeout`, when given, cancels evaluation after that long.
pub fn evaluate(
    store: impl Into<Backend>,
    query: &str,
    choose: impl FnOnce(ResultKind) -> Option<Format>,
    timeout: Option<Duration>,
) -> Result<Output, QueryError> {
    let limits = Limits {
        timeout,
        ..Limits::default()
    };
    let mut sink = VecSink::default();
    evaluate_into(
        store,
        query,
        choose,
        &limits,
        &DatasetRequest::default(),
        &mut sink,
    )?;
    let (kind, format) = sink
        .what
        .ok_or_else(|| QueryError::Evaluation("no results were written".into()))?;
    Ok(Output {
        body: sink.body,
        format,
        kind,
    })
}

/// Parses `query`, refuses it if a guard says so, evaluates it against
/// `store` over the dataset `dataset` asks for (by default the union of
/// the data and the vocabulary), and writes the results to `sink` as they
/// come, within `limits`. Run it on a thread with a large stack
/// ([`QUERY_STACK`]): the guards bound recursion, not to the default 2 MiB.
pub fn evaluate_into(
    store: impl Into<Backend>,
    query: &str,
    choose: impl FnOnce(ResultKind) -> Option<Format>,
    limits: &Limits,
    dataset: &DatasetRequest,
    sink: &mut dyn Sink,
) -> Result<(), QueryError> {
    let started = Instant::now();
    let parsed = parse(query, limits)?;
    let mut prepared = SparqlEvaluator::new().for_query(parsed);
    choose_dataset(&mut prepared, dataset)?;
    let deadline = limits.timeout.map(|t| started + t);
    let clock = Clock::new(deadline, limits.max_memory);
    let backend = store.into();
    // Past the deadline or the budget, the dataset unwinds out of the
    // evaluation (see [`guarded::Stop`]): a sort cannot be left any other
    // way.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(
        || -> Result<(), QueryError> {
            let clock = clock.clone();
            let results = match backend {
                Backend::Store(store) => prepared
                    .on_queryable_dataset(Guarded {
                        source: StoreView::new(store),
                        clock: clock.clone(),
                    })
                    .execute(),
                Backend::Index(index) => prepared
                    .on_queryable_dataset(Guarded {
                        source: IndexView::new(index),
                        clock: clock.clone(),
                    })
                    .execute(),
            }
            .map_err(|e| write::eval_err(&clock, limits, e))?;
            let kind = match &results {
                QueryResults::Solutions(_) => ResultKind::Solutions,
                QueryResults::Boolean(_) => ResultKind::Boolean,
                QueryResults::Graph(_) => ResultKind::Graph,
            };
            let format = choose(kind).unwrap_or_else(|| Format::default_for(kind));
            if !format.fits(kind) {
                return Err(QueryError::Format {
                    kind: match kind {
                        ResultKind::Solutions => "SELECT",
                        ResultKind::Boolean => "ASK",
                        ResultKind::Graph => "CONSTRUCT/DESCRIBE",
                    },
                    format,
                    result: kind,
                });
            }
            let mut w = Writer::new(sink, &clock, limits);
            w.begin(kind, format)?;
            match results {
                QueryResults::Boolean(b) => w.boolean(b, format)?,
                QueryResults::Solutions(s) => w.solutions(s, format)?,
                QueryResults::Graph(t) => w.graph(t, format)?,
            }
            w.out.flush().map_err(QueryError::Write)
        },
    ));
    match run {
        Ok(r) => r,
        Err(p) if p.is::<guarded::Stop>() => Err(write::stopped(&clock, limits)),
        Err(p) => std::panic::resume_unwind(p),
    }
}

/// The query, parsed once its text passes the guards and its algebra too;
/// an update is refused as such.
fn parse(query: &str, limits: &Limits) -> Result<spargebra::Query, QueryError> {
    guard::check_text(query, limits.max_query_bytes)?;
    let parsed = match spargebra::SparqlParser::new().parse_query(query) {
        Ok(p) => p,
        Err(e) => {
            if spargebra::SparqlParser::new().parse_update(query).is_ok() {
                return Err(QueryError::Update);
            }
            return Err(syntax_error(query, &e.to_string()));
        }
    };
    guard::check_algebra(&parsed)?;
    Ok(parsed)
}

/// Sets the dataset the query runs over: the request's graphs (the
/// protocol's `default-graph-uri` and `named-graph-uri`, where
/// [`DATA_GRAPH`] names the store's default graph), else the query's own
/// `FROM`, else the data and the vocabulary together.
fn choose_dataset(
    prepared: &mut PreparedSparqlQuery,
    dataset: &DatasetRequest,
) -> Result<(), QueryError> {
    if !dataset.default_graphs.is_empty() || !dataset.named_graphs.is_empty() {
        let graph = |param: &'static str, v: &String| -> Result<NamedNode, QueryError> {
            NamedNode::new(v.as_str()).map_err(|e| QueryError::Dataset {
                param,
                value: v.clone(),
                reason: e.to_string(),
            })
        };
        let mut default = Vec::new();
        for v in &dataset.default_graphs {
            let g = graph("default-graph-uri", v)?;
            default.push(if g.as_str() == DATA_GRAPH {
                GraphName::DefaultGraph
            } else {
                GraphName::NamedNode(g)
            });
        }
        let mut named = Vec::new();
        for v in &dataset.named_graphs {
            named.push(NamedOrBlankNode::from(graph("named-graph-uri", v)?));
        }
        let ds = prepared.dataset_mut();
        ds.set_default_graph(default);
        ds.set_available_named_graphs(named);
    } else if prepared.dataset().is_default_dataset() {
        // Data and vocabulary together, unless the query names its graphs.
        prepared.dataset_mut().set_default_graph_as_union();
    } else {
        // `FROM <DATA_GRAPH>` names the store's default graph.
        let ds = prepared.dataset_mut();
        if let Some(default) = ds.default_graph_graphs().map(|g| g.to_vec()) {
            ds.set_default_graph(
                default
                    .into_iter()
                    .map(|g| match g {
                        GraphName::NamedNode(n) if n.as_str() == DATA_GRAPH => {
                            GraphName::DefaultGraph
                        }
                        g => g,
                    })
                    .collect(),
            );
        }
    }
    Ok(())
}

/// The stack size of the threads that evaluate queries: the guards keep
/// recursion within [`guard::MAX_NESTING`] brackets and
/// [`guard::MAX_DEPTH`] algebra levels, which a debug build of the parser
/// and evaluator needs some tens of MiB for. Only touched pages cost memory.
pub const QUERY_STACK: usize = 256 << 20;

/// Builds a syntax error from the parser's message ("error at 3:7: expected
/// ..."), quoting the offending line with a caret under the column.
fn syntax_error(query: &str, message: &str) -> QueryError {
    let position = message.split_once("at ").and_then(|(_, rest)| {
        let (pos, _) = rest.split_once(':')?;
        let line: usize = pos.trim().parse().ok()?;
        let col: usize = rest[pos.len() + 1..]
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()?;
        Some((line, col))
    });
    let context = match position {
        Some((line, col)) => match query.lines().nth(line.saturating_sub(1)) {
            Some(text) => {
                let pad: String = text
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                format!("  {line:>3} | {text}\n      | {pad}^")
            }
            None => format!("  at line {line}, column {col} (end of query)"),
        },
        None => String::new(),
    };
    QueryError::Syntax {
        message: message.to_string(),
        context,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_points_at_the_column() {
        let store = Store::new().expect("store");
        let err = evaluate(&store, "SELECT ?s WHERE {\n  ?s ?p \n}", |_| None, None)
            .expect_err("must fail");
        let text = err.to_string();
        assert!(text.contains("3:2"), "{text}");
        assert!(text.contains("^"), "{text}");
    }

    #[test]
    fn updates_are_refused() {
        let store = Store::new().expect("store");
        let err = evaluate(
            &store,
            "INSERT DATA { <http://a> <http://b> <http://c> }",
            |_| None,
            None,
        )
        .expect_err("must fail");
        assert!(matches!(err, QueryError::Update));
    }
}
