//! Writing a query's results as they come: bounded in size ([`Bounded`]),
//! checked against the deadline between rows, in the format the caller
//! chose; and the plain-text table of the command line.

use std::cell::Cell;
use std::fmt::Write as _;
use std::io::Write;
use std::rc::Rc;
use std::time::Duration;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter, QueryTripleIter};

use super::guarded::Clock;
use super::{Format, Limits, QueryError, Sink};
use crate::rdf::vocab::{PREFIXES, TURTLE_PREFIXES, sort_prelude};

/// One evaluation's results on their way out: the bounded sink and what
/// stops them (the clock, the limits).
pub(super) struct Writer<'a, 'c> {
    pub(super) out: Bounded<'a>,
    ctx: Ctx<'c>,
}

/// What stops the results: the clock, the limits, and whether the bound
/// refused a write.
struct Ctx<'c> {
    tripped: Rc<Cell<bool>>,
    clock: &'c Clock,
    limits: &'c Limits,
}

impl<'a, 'c> Writer<'a, 'c> {
    /// A writer into `sink` within `limits`.
    pub(super) fn new(sink: &'a mut dyn Sink, clock: &'c Clock, limits: &'c Limits) -> Self {
        let tripped = Rc::new(Cell::new(false));
        Writer {
            out: Bounded {
                sink,
                written: 0,
                max: limits.max_result_bytes,
                tripped: Rc::clone(&tripped),
            },
            ctx: Ctx {
                tripped,
                clock,
                limits,
            },
        }
    }

    /// Tells the sink what comes, before the first byte.
    pub(super) fn begin(
        &mut self,
        kind: super::ResultKind,
        format: Format,
    ) -> Result<(), QueryError> {
        self.out.sink.begin(kind, format)
    }

    /// `true` or `false`, in `format`.
    pub(super) fn boolean(&mut self, b: bool, format: Format) -> Result<(), QueryError> {
        let r = match results_format(format) {
            Some(f) => QueryResultsSerializer::from_format(f)
                .serialize_boolean_to_writer(&mut self.out, b)
                .map(|_| ()),
            None => self.out.write_all(format!("{b}\n").as_bytes()),
        };
        self.ctx.io(r)
    }

    /// Solutions, streamed in a results format or gathered into a table.
    pub(super) fn solutions(
        &mut self,
        solutions: QuerySolutionIter<'_>,
        format: Format,
    ) -> Result<(), QueryError> {
        let vars = solutions.variables().to_vec();
        let Some(f) = results_format(format) else {
            return self.table(solutions, &vars);
        };
        let ctx = &self.ctx;
        let r = QueryResultsSerializer::from_format(f)
            .serialize_solutions_to_writer(&mut self.out, vars);
        let mut ser = ctx.io(r)?;
        for s in solutions {
            ctx.alive()?;
            let s = s.map_err(|e| ctx.eval_err(e))?;
            let r = ser.serialize(&s);
            ctx.io(r)?;
        }
        let r = ser.finish();
        ctx.io(r).map(|_| ())
    }

    /// The table needs every row for its widths: the rows are bounded like
    /// the output they become.
    fn table(
        &mut self,
        solutions: QuerySolutionIter<'_>,
        vars: &[oxigraph::sparql::Variable],
    ) -> Result<(), QueryError> {
        let mut rows = Vec::new();
        let mut held = 0u64;
        for s in solutions {
            self.ctx.alive()?;
            let s = s.map_err(|e| self.ctx.eval_err(e))?;
            let row: Vec<String> = vars
                .iter()
                .map(|v| s.get(v).map(compact_term).unwrap_or_default())
                .collect();
            held += row.iter().map(|c| c.len() as u64 + 3).sum::<u64>();
            if held > self.ctx.limits.max_result_bytes {
                return Err(QueryError::TooLarge(self.ctx.limits.max_result_bytes));
            }
            rows.push(row);
        }
        let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
        let r = self.out.write_all(table(&header, &rows).as_bytes());
        self.ctx.io(r)
    }

    /// Triples, sorted so that output is reproducible and each subject's
    /// triples come together; held in memory for that, so bounded like the
    /// output they become.
    pub(super) fn graph(
        &mut self,
        triples: QueryTripleIter<'_>,
        format: Format,
    ) -> Result<(), QueryError> {
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
        let mut all = Vec::new();
        let mut held = 0u64;
        for t in triples {
            self.ctx.alive()?;
            let t = t.map_err(|e| self.ctx.eval_err(e))?;
            held += triple_len(&t);
            if held > self.ctx.limits.max_result_bytes {
                return Err(QueryError::TooLarge(self.ctx.limits.max_result_bytes));
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
        let r = self.out.write_all(&bytes);
        self.ctx.io(r)
    }
}

impl Ctx<'_> {
    fn stopped(&self) -> QueryError {
        stopped(self.clock, self.limits)
    }

    /// An evaluation error, or the stop that caused it.
    fn eval_err(&self, e: QueryEvaluationError) -> QueryError {
        eval_err(self.clock, self.limits, e)
    }

    fn alive(&self) -> Result<(), QueryError> {
        if self.clock.check() {
            Err(self.stopped())
        } else {
            Ok(())
        }
    }

    /// Errors of the writers come back as io errors; the bound's is ours.
    fn io<T>(&self, r: std::io::Result<T>) -> Result<T, QueryError> {
        r.map_err(|e| {
            if self.tripped.get() {
                QueryError::TooLarge(self.limits.max_result_bytes)
            } else {
                QueryError::Write(e)
            }
        })
    }
}

/// Why an evaluation stopped: the budget or the deadline.
pub(super) fn stopped(clock: &Clock, limits: &Limits) -> QueryError {
    if clock.over_memory() {
        QueryError::Memory(limits.max_memory)
    } else {
        QueryError::Timeout(limits.timeout.unwrap_or(Duration::ZERO))
    }
}

/// An evaluation error, or the stop that caused it.
pub(super) fn eval_err(clock: &Clock, limits: &Limits, e: QueryEvaluationError) -> QueryError {
    if clock.expired() {
        return stopped(clock, limits);
    }
    match e {
        QueryEvaluationError::Cancelled => {
            QueryError::Timeout(limits.timeout.unwrap_or(Duration::ZERO))
        }
        e => QueryError::Evaluation(e.to_string()),
    }
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
