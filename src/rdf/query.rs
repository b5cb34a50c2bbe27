//! Running SPARQL queries against the store and writing the results.
//!
//! One entry point, [`evaluate_into`], shared by `unsc-kg query` and the
//! endpoint: it checks the query's guards ([`super::guard`]), parses
//! (reporting syntax errors with their position and the offending line),
//! refuses updates, evaluates over a view of the store that enforces the
//! deadline on every access, and streams the results, bounded in size, in
//! the format the caller picks once it knows what kind of results the
//! query gives. [`evaluate`] is the same into memory.

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use rustc_hash::FxHashMap;
use spareval::{InternalQuad, QueryableDataset};

use super::guard::{self, GuardError};
use super::vocab::{PREFIXES, TURTLE_PREFIXES, sort_prelude};

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

/// Parses `query`, evaluates it against `store` and writes the results in
/// the format `choose` picks for their kind (`None` means the kind's
/// default). `timeout`, when given, cancels evaluation after that long.
pub fn evaluate(
    store: &Store,
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
    store: &Store,
    query: &str,
    choose: impl FnOnce(ResultKind) -> Option<Format>,
    limits: &Limits,
    dataset: &DatasetRequest,
    sink: &mut dyn Sink,
) -> Result<(), QueryError> {
    let started = Instant::now();
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
    let mut prepared = SparqlEvaluator::new().for_query(parsed);
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
    let deadline = limits.timeout.map(|t| started + t);
    let clock = Clock::new(deadline, limits.max_memory);
    let data = Guarded {
        store: store.clone(),
        clock: clock.clone(),
        dict: Rc::default(),
    };
    let timeout = limits.timeout.unwrap_or_default();
    let max_memory = limits.max_memory;
    let stopped = |clock: &Clock| {
        if clock.over_memory() {
            QueryError::Memory(max_memory)
        } else {
            QueryError::Timeout(timeout)
        }
    };
    let eval_err = |e: QueryEvaluationError| {
        if clock.expired() {
            return stopped(&clock);
        }
        match e {
            QueryEvaluationError::Cancelled => QueryError::Timeout(timeout),
            e => QueryError::Evaluation(e.to_string()),
        }
    };
    // Past the deadline or the budget, the dataset unwinds out of the
    // evaluation (see [`Stop`]): a sort cannot be left any other way.
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(
        || -> Result<(), QueryError> {
            let results = prepared
                .on_queryable_dataset(data)
                .execute()
                .map_err(eval_err)?;
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
            let tripped = Rc::new(Cell::new(false));
            let mut out = Bounded {
                sink,
                written: 0,
                max: limits.max_result_bytes,
                tripped: Rc::clone(&tripped),
            };
            let alive = || -> Result<(), QueryError> {
                if clock.check() {
                    Err(stopped(&clock))
                } else {
                    Ok(())
                }
            };
            // Errors of the writers come back as io errors; the bound's is ours.
            let max = limits.max_result_bytes;
            let io_err = |e: std::io::Error| {
                if tripped.get() {
                    QueryError::TooLarge(max)
                } else {
                    QueryError::Write(e)
                }
            };
            macro_rules! io {
                ($e:expr) => {
                    $e.map_err(io_err)
                };
            }
            out.sink.begin(kind, format)?;
            match results {
                QueryResults::Boolean(b) => match results_format(format) {
                    Some(f) => {
                        io!(QueryResultsSerializer::from_format(f)
                            .serialize_boolean_to_writer(&mut out, b))?;
                    }
                    None => io!(out.write_all(format!("{b}\n").as_bytes()))?,
                },
                QueryResults::Solutions(solutions) => {
                    let vars = solutions.variables().to_vec();
                    match results_format(format) {
                        Some(f) => {
                            let mut ser = io!(QueryResultsSerializer::from_format(f)
                                .serialize_solutions_to_writer(&mut out, vars))?;
                            for s in solutions {
                                alive()?;
                                let s = s.map_err(eval_err)?;
                                io!(ser.serialize(&s))?;
                            }
                            io!(ser.finish())?;
                        }
                        None => {
                            // The table needs every row for its widths: the rows
                            // are bounded like the output they become.
                            let mut rows = Vec::new();
                            let mut held = 0u64;
                            for s in solutions {
                                alive()?;
                                let s = s.map_err(eval_err)?;
                                let row: Vec<String> = vars
                                    .iter()
                                    .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                                    .collect();
                                held += row.iter().map(|c| c.len() as u64 + 3).sum::<u64>();
                                if held > limits.max_result_bytes {
                                    return Err(QueryError::TooLarge(limits.max_result_bytes));
                                }
                                rows.push(row);
                            }
                            let header: Vec<String> =
                                vars.iter().map(|v| v.as_str().to_string()).collect();
                            io!(out.write_all(table(&header, &rows).as_bytes()))?;
                        }
                    }
                }
                QueryResults::Graph(triples) => {
                    let rdf = match format {
                        Format::NTriples => RdfFormat::NTriples,
                        Format::RdfXml => RdfFormat::RdfXml,
                        Format::JsonLd => RdfFormat::JsonLd {
                            profile: JsonLdProfileSet::empty(),
                        },
                        _ => RdfFormat::Turtle,
                    };
                    let mut ser = RdfSerializer::from_format(rdf);
                    if rdf == RdfFormat::Turtle {
                        for (p, ns) in TURTLE_PREFIXES {
                            ser = ser
                                .with_prefix(*p, *ns)
                                .map_err(|e| QueryError::Evaluation(e.to_string()))?;
                        }
                    }
                    // Sorted, so that output is reproducible and each subject's
                    // triples come together; held in memory for that, so bounded
                    // like the output they become.
                    let mut all = Vec::new();
                    let mut held = 0u64;
                    for t in triples {
                        alive()?;
                        let t = t.map_err(eval_err)?;
                        held += triple_len(&t);
                        if held > limits.max_result_bytes {
                            return Err(QueryError::TooLarge(limits.max_result_bytes));
                        }
                        all.push(t);
                    }
                    all.sort_by_cached_key(|t| {
                        (
                            t.subject.to_string(),
                            t.predicate.to_string(),
                            t.object.to_string(),
                        )
                    });
                    all.dedup();
                    let mut buf = ser.for_writer(Vec::new());
                    for t in &all {
                        buf.serialize_triple(t).map_err(QueryError::Write)?;
                    }
                    let bytes = sort_prelude(buf.finish().map_err(QueryError::Write)?);
                    io!(out.write_all(&bytes))?;
                }
            }
            io!(out.flush())?;
            Ok(())
        },
    ));
    match run {
        Ok(r) => r,
        Err(p) if p.is::<Stop>() => Err(stopped(&clock)),
        Err(p) => std::panic::resume_unwind(p),
    }
}

/// The stack size of the threads that evaluate queries: the guards keep
/// recursion within [`guard::MAX_NESTING`] brackets and
/// [`guard::MAX_DEPTH`] algebra levels, which a debug build of the parser
/// and evaluator needs some tens of MiB for. Only touched pages cost memory.
pub const QUERY_STACK: usize = 256 << 20;

fn triple_len(t: &oxigraph::model::Triple) -> u64 {
    let term = |t: &Term| match t {
        Term::NamedNode(n) => n.as_str().len(),
        Term::BlankNode(b) => b.as_str().len(),
        Term::Literal(l) => l.value().len() + 16,
    };
    (t.subject.to_string().len() + t.predicate.as_str().len() + term(&t.object) + 8) as u64
}

/// The sink behind the bound: counts bytes and refuses the write that
/// would pass `max`.
struct Bounded<'a> {
    sink: &'a mut dyn Sink,
    written: u64,
    max: u64,
    tripped: Rc<Cell<bool>>,
}

impl Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let next = self.written.saturating_add(buf.len() as u64);
        if next > self.max {
            self.tripped.set(true);
            return Err(std::io::Error::other("result bound"));
        }
        self.sink.write(buf)?;
        self.written = next;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The deadline and memory budget of one evaluation, checked from inside
/// the dataset (the memory on every call, the time every [`Clock::EVERY`]
/// calls) and by the result loop: oxigraph's own cancellation is only
/// checked while reading quads, not while it joins or sorts what it has
/// read.
#[derive(Clone)]
struct Clock {
    deadline: Option<Instant>,
    /// The thread's net allocation count when evaluation started.
    memory_start: i64,
    max_memory: u64,
    state: Rc<ClockState>,
}

#[derive(Default)]
struct ClockState {
    calls: Cell<u32>,
    expired: Cell<bool>,
    over_memory: Cell<bool>,
}

impl Clock {
    const EVERY: u32 = 4;

    fn new(deadline: Option<Instant>, max_memory: u64) -> Clock {
        Clock {
            deadline,
            memory_start: super::meter::thread_net(),
            max_memory,
            state: Rc::default(),
        }
    }

    fn expired(&self) -> bool {
        self.state.expired.get()
    }

    fn over_memory(&self) -> bool {
        self.state.over_memory.get()
    }

    /// Whether the thread holds more than the budget (it is the thread
    /// evaluating: oxigraph evaluates on the caller's thread).
    fn memory_passed(&self) -> bool {
        let held = super::meter::thread_net().saturating_sub(self.memory_start);
        if held > 0 && held as u64 > self.max_memory {
            self.state.over_memory.set(true);
            self.state.expired.set(true);
        }
        self.state.expired.get()
    }

    /// Whether the deadline has passed (looked up on the clock every
    /// [`Clock::EVERY`] calls).
    fn tick(&self) -> bool {
        if self.state.expired.get() {
            return true;
        }
        if self.memory_passed() {
            return true;
        }
        let n = self.state.calls.get().wrapping_add(1);
        self.state.calls.set(n);
        if n.is_multiple_of(Self::EVERY) {
            return self.check();
        }
        false
    }

    /// Whether the deadline has passed (looked up now).
    fn check(&self) -> bool {
        if self.memory_passed() {
            return true;
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            self.state.expired.set(true);
        }
        self.state.expired.get()
    }
}

/// Why the guarded dataset refused a call.
#[derive(Debug, thiserror::Error)]
enum DataError {
    #[error("{0}")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("unknown term number {0}")]
    Unknown(u32),
}

/// The store as oxigraph's evaluator sees it, with the deadline and the
/// memory budget checked on every access: once passed, every access fails
/// at once, so joins stop producing rows and a sort's comparisons (each
/// one looks its terms up here) become trivial, and the evaluation ends
/// within moments instead of minutes. Terms are numbered as they are met
/// (one dictionary per query), so that rows hold small numbers and joins
/// hash them, not strings.
struct Guarded {
    store: Store,
    clock: Clock,
    dict: Rc<RefCell<Dict>>,
}

/// The terms one query has met, numbered.
#[derive(Default)]
struct Dict {
    ids: FxHashMap<Term, u32>,
    terms: Vec<Term>,
}

impl Dict {
    fn id(&mut self, t: Term) -> u32 {
        if let Some(&i) = self.ids.get(&t) {
            return i;
        }
        let i = self.terms.len() as u32;
        self.terms.push(t.clone());
        self.ids.insert(t, i);
        i
    }

    fn term(&self, id: u32) -> Result<&Term, DataError> {
        self.terms.get(id as usize).ok_or(DataError::Unknown(id))
    }
}

impl Guarded {
    fn alive(&self) -> Result<(), DataError> {
        if self.clock.tick() {
            stop();
        }
        Ok(())
    }
}

/// The payload that unwinds an evaluation past its deadline or budget.
///
/// oxigraph checks its cancellation token only while reading quads; an
/// `ORDER BY` over millions of collected rows sorts on for seconds (its
/// comparator looks each term up here, but cannot fail). Unwinding with
/// [`std::panic::resume_unwind`] (which prints nothing) leaves the sort at
/// once; [`evaluate_into`] catches exactly this payload. The evaluator's
/// state is plain Rust data, dropped on the way out.
struct Stop;

fn stop() -> ! {
    std::panic::resume_unwind(Box::new(Stop))
}

type DataQuads = Box<dyn Iterator<Item = Result<InternalQuad<u32>, DataError>>>;

impl<'a> QueryableDataset<'a> for Guarded {
    type InternalTerm = u32;
    type Error = DataError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, DataError>> + use<'a> {
        let none = || -> DataQuads { Box::new(std::iter::empty()) };
        let fail = |e: DataError| -> DataQuads { Box::new(std::iter::once(Err(e))) };
        let quads = {
            let dict = self.dict.borrow();
            let look = |id: Option<&u32>| id.map(|i| dict.term(*i)).transpose();
            let (s, p, o, g) = match (
                look(subject),
                look(predicate),
                look(object),
                graph_name.map(look).transpose(),
            ) {
                (Ok(s), Ok(p), Ok(o), Ok(g)) => (s, p, o, g),
                (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
                    return fail(e);
                }
            };
            let subject = match s {
                None => None,
                Some(Term::NamedNode(n)) => Some(NamedOrBlankNodeRef::from(n)),
                Some(Term::BlankNode(b)) => Some(NamedOrBlankNodeRef::from(b)),
                Some(_) => return none(),
            };
            let predicate = match p {
                None => None,
                Some(Term::NamedNode(n)) => Some(n.as_ref()),
                Some(_) => return none(),
            };
            // `None`: every graph, as oxigraph's own view of the store
            // gives (the evaluator sorts out the default graph's quads).
            let graph = match g {
                None => None,
                Some(None) => Some(GraphNameRef::DefaultGraph),
                Some(Some(Term::NamedNode(n))) => Some(GraphNameRef::from(n)),
                Some(Some(Term::BlankNode(b))) => Some(GraphNameRef::from(b)),
                Some(Some(_)) => return none(),
            };
            self.store
                .quads_for_pattern(subject, predicate, o.map(Term::as_ref), graph)
        };
        let clock = self.clock.clone();
        let dict = Rc::clone(&self.dict);
        let quads = quads.map(move |q| {
            if clock.tick() {
                stop();
            }
            let q = q?;
            let mut d = dict.borrow_mut();
            Ok(InternalQuad {
                subject: d.id(q.subject.into()),
                predicate: d.id(q.predicate.into()),
                object: d.id(q.object),
                graph_name: match q.graph_name {
                    GraphName::DefaultGraph => None,
                    GraphName::NamedNode(n) => Some(d.id(n.into())),
                    GraphName::BlankNode(b) => Some(d.id(b.into())),
                },
            })
        });
        Box::new(quads) as DataQuads
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, DataError>> + use<'a> {
        let dict = Rc::clone(&self.dict);
        let graphs: Box<dyn Iterator<Item = Result<u32, DataError>>> = Box::new(
            self.store
                .named_graphs()
                .map(move |g| Ok(dict.borrow_mut().id(Term::from(g?)))),
        );
        graphs
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, DataError> {
        self.alive()?;
        let dict = self.dict.borrow();
        Ok(match dict.term(*graph_name)? {
            Term::NamedNode(n) => self.store.contains_named_graph(n)?,
            Term::BlankNode(b) => self.store.contains_named_graph(b)?,
            _ => false,
        })
    }

    fn internalize_term(&self, term: Term) -> Result<u32, DataError> {
        self.alive()?;
        Ok(self.dict.borrow_mut().id(term))
    }

    fn externalize_term(&self, term: u32) -> Result<Term, DataError> {
        self.alive()?;
        self.dict.borrow().term(term).cloned()
    }
}

fn results_format(f: Format) -> Option<QueryResultsFormat> {
    match f {
        Format::Csv => Some(QueryResultsFormat::Csv),
        Format::Tsv => Some(QueryResultsFormat::Tsv),
        Format::Json => Some(QueryResultsFormat::Json),
        Format::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    }
}

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

/// A term for people: IRIs compacted with the project prefixes, literals
/// as their plain value.
pub fn compact_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .filter(|(_, ns)| iri.starts_with(ns))
                .max_by_key(|(_, ns)| ns.len())
                .map(|(p, ns)| format!("{p}:{}", &iri[ns.len()..]))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// The table a local query prints, drawn from SPARQL JSON results (what
/// `query --endpoint` receives).
pub fn table_from_json(json: &[u8]) -> Result<Vec<u8>, QueryError> {
    use oxigraph::sparql::results::{QueryResultsParser, SliceQueryResultsParserOutput};
    let bad = |e: &dyn std::fmt::Display| QueryError::Evaluation(format!("bad JSON results: {e}"));
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_slice(json)
        .map_err(|e| bad(&e))?
    {
        SliceQueryResultsParserOutput::Boolean(b) => Ok(format!("{b}\n").into_bytes()),
        SliceQueryResultsParserOutput::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for s in solutions {
                let s = s.map_err(|e| bad(&e))?;
                rows.push(
                    vars.iter()
                        .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                        .collect::<Vec<_>>(),
                );
            }
            let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
            Ok(table(&header, &rows).into_bytes())
        }
    }
}

/// An aligned table with a header rule and a row count.
fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(clean(c).chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c = clean(c);
                let pad = w - c.chars().count();
                format!("{c}{}", " ".repeat(pad))
            })
            .collect();
        let _ = writeln!(out, "{}", parts.join(" | ").trim_end());
    };
    line(header, &mut out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let _ = writeln!(out, "{}", rule.join("-+-"));
    for r in rows {
        line(r, &mut out);
    }
    let _ = writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    out
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
