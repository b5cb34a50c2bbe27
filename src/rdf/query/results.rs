//! Writing the results of one query to its sink: the SPARQL result
//! formats, RDF for CONSTRUCT/DESCRIBE (sorted), and the aligned table
//! people read, all within the result bound ([`Bounded`]).

use std::cell::Cell;
use std::fmt::Write as _;
use std::io::Write;
use std::rc::Rc;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults};

use super::{Format, QueryError, Sink};
use crate::rdf::vocab::{PREFIXES, TURTLE_PREFIXES, sort_prelude};

/// What the result loop checks between rows: whether the evaluation may go
/// on (deadline, memory), and how an evaluation error is reported.
pub(super) struct Checks<'a> {
    /// `Err` once the deadline or the memory budget is passed.
    pub alive: &'a dyn Fn() -> Result<(), QueryError>,
    /// The error an evaluation error becomes.
    pub eval_err: &'a dyn Fn(QueryEvaluationError) -> QueryError,
}

/// Writes `results` to `sink` in `format`, within `max` bytes.
pub(super) fn write(
    results: QueryResults<'_>,
    format: Format,
    sink: &mut dyn Sink,
    max: u64,
    checks: &Checks<'_>,
) -> Result<(), QueryError> {
    let tripped = Rc::new(Cell::new(false));
    let mut out = Bounded {
        sink,
        written: 0,
        max,
        tripped: Rc::clone(&tripped),
    };
    // Errors of the writers come back as io errors; the bound's is ours.
    let io = |e: std::io::Error| {
        if tripped.get() {
            QueryError::TooLarge(max)
        } else {
            QueryError::Write(e)
        }
    };
    match results {
        QueryResults::Boolean(b) => match results_format(format) {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut out, b)
                    .map_err(io)?;
            }
            None => out.write_all(format!("{b}\n").as_bytes()).map_err(io)?,
        },
        QueryResults::Solutions(solutions) => {
            let vars = solutions.variables().to_vec();
            match results_format(format) {
                Some(f) => {
                    let mut ser = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut out, vars)
                        .map_err(io)?;
                    for s in solutions {
                        (checks.alive)()?;
                        let s = s.map_err(checks.eval_err)?;
                        ser.serialize(&s).map_err(io)?;
                    }
                    ser.finish().map_err(io)?;
                }
                None => {
                    // The table needs every row for its widths: the rows
                    // are bounded like the output they become.
                    let mut rows = Vec::new();
                    let mut held = 0u64;
                    for s in solutions {
                        (checks.alive)()?;
                        let s = s.map_err(checks.eval_err)?;
                        let row: Vec<String> = vars
                            .iter()
                            .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                            .collect();
                        held += row.iter().map(|c| c.len() as u64 + 3).sum::<u64>();
                        if held > max {
                            return Err(QueryError::TooLarge(max));
                        }
                        rows.push(row);
                    }
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    out.write_all(table(&header, &rows).as_bytes())
                        .map_err(io)?;
                }
            }
        }
        QueryResults::Graph(triples) => {
            let mut all = Vec::new();
            let mut held = 0u64;
            for t in triples {
                (checks.alive)()?;
                let t = t.map_err(checks.eval_err)?;
                held += triple_len(&t);
                if held > max {
                    return Err(QueryError::TooLarge(max));
                }
                all.push(t);
            }
            out.write_all(&graph(all, format)?).map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

/// The triples of a CONSTRUCT or DESCRIBE in `format`, sorted, so that
/// output is reproducible and each subject's triples come together (held
/// in memory for that, so the caller bounds them like the output they
/// become).
fn graph(mut all: Vec<oxigraph::model::Triple>, format: Format) -> Result<Vec<u8>, QueryError> {
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
    Ok(sort_prelude(buf.finish().map_err(QueryError::Write)?))
}

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
pub(super) struct Bounded<'a> {
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

fn results_format(f: Format) -> Option<QueryResultsFormat> {
    match f {
        Format::Csv => Some(QueryResultsFormat::Csv),
        Format::Tsv => Some(QueryResultsFormat::Tsv),
        Format::Json => Some(QueryResultsFormat::Json),
        Format::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
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
pub(super) fn table(header: &[String], rows: &[Vec<String>]) -> String {
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
