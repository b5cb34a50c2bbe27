//! Running SPARQL queries against the store and writing the results.
//!
//! One entry point, [`evaluate`], shared by `unsc-kg query` and the
//! endpoint: it parses (reporting syntax errors with their position and the
//! offending line), refuses updates, evaluates under an optional
//! cancellation token, and writes the results in the format the caller
//! picks once it knows what kind of results the query gives.

use std::fmt::Write as _;
use std::time::Duration;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

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
    /// The query ran past its time limit.
    #[error("query cancelled: it ran past the time limit of {0:?}")]
    Timeout(Duration),
    /// No writer for this kind of results in the requested format.
    #[error("{kind} results cannot be written as {format:?}")]
    Format {
        /// The query's kind of results.
        kind: &'static str,
        /// The requested format.
        format: Format,
    },
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

/// Parses `query`, evaluates it against `store` and writes the results in
/// the format `choose` picks for their kind (`None` means the kind's
/// default). `timeout`, when given, cancels evaluation after that long.
pub fn evaluate(
    store: &Store,
    query: &str,
    choose: impl FnOnce(ResultKind) -> Option<Format>,
    timeout: Option<Duration>,
) -> Result<Output, QueryError> {
    let token = CancellationToken::new();
    let mut prepared = match SparqlEvaluator::new()
        .with_cancellation_token(token.clone())
        .parse_query(query)
    {
        Ok(p) => p,
        Err(e) => {
            if SparqlEvaluator::new().parse_update(query).is_ok() {
                return Err(QueryError::Update);
            }
            return Err(syntax_error(query, &e.to_string()));
        }
    };
    if prepared.dataset().is_default_dataset() {
        // Data and vocabulary together, unless the query names its graphs.
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let _watchdog = timeout.map(|t| Watchdog::start(token, t));
    let eval_err = |e: QueryEvaluationError| match e {
        QueryEvaluationError::Cancelled => QueryError::Timeout(timeout.unwrap_or_default()),
        e => QueryError::Evaluation(e.to_string()),
    };
    let io_err = |e: std::io::Error| QueryError::Evaluation(e.to_string());
    let results = prepared.on_store(store).execute().map_err(eval_err)?;
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
        });
    }
    let body = match results {
        QueryResults::Boolean(b) => match results_format(format) {
            Some(f) => QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(Vec::new(), b)
                .map_err(io_err)?,
            None => format!("{b}\n").into_bytes(),
        },
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            match results_format(format) {
                Some(f) => {
                    let mut ser = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(Vec::new(), vars)
                        .map_err(io_err)?;
                    for s in solutions {
                        ser.serialize(&s.map_err(eval_err)?).map_err(io_err)?;
                    }
                    ser.finish().map_err(io_err)?
                }
                None => {
                    let mut rows = Vec::new();
                    for s in solutions {
                        let s = s.map_err(eval_err)?;
                        rows.push(
                            vars.iter()
                                .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                                .collect::<Vec<_>>(),
                        );
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    table(&header, &rows).into_bytes()
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
            // triples come together.
            let mut all = triples.collect::<Result<Vec<_>, _>>().map_err(eval_err)?;
            all.sort_by_cached_key(|t| {
                (
                    t.subject.to_string(),
                    t.predicate.to_string(),
                    t.object.to_string(),
                )
            });
            all.dedup();
            let mut out = ser.for_writer(Vec::new());
            for t in &all {
                out.serialize_triple(t).map_err(io_err)?;
            }
            sort_prelude(out.finish().map_err(io_err)?)
        }
    };
    Ok(Output { body, format, kind })
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

/// Cancels a token after a delay unless dropped first.
struct Watchdog {
    stop: Option<std::sync::mpsc::Sender<()>>,
}

impl Watchdog {
    fn start(token: CancellationToken, after: Duration) -> Watchdog {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(after) {
                token.cancel();
            }
        });
        Watchdog { stop: Some(tx) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Dropping the sender wakes the thread, which then exits.
        self.stop.take();
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
