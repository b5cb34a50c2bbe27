//! Checks a SPARQL query must pass before it is parsed and before it is
//! evaluated, so that no query text can overflow a stack or build a value
//! too large for memory.
//!
//! oxigraph's parser and evaluator recurse once per nesting level of the
//! query, so `ASK` followed by 1,000 nested `{ }` (or 1,000 nested
//! parentheses in a FILTER) overflows a thread's stack and aborts the whole
//! process. [`check_text`] counts bracket depth in one linear scan that
//! skips strings, IRIs and comments, before the parser sees the text.
//! [`check_algebra`] then walks the parsed algebra once: its depth (long
//! chains of `UNION`, `OPTIONAL` or `||` nest without brackets), federated
//! `SERVICE` calls (refused: the endpoint makes no outbound request), and a
//! worst-case bound on the length of every computed string (`BIND(CONCAT(?s,
//! ?s) AS ?t)` chained 27 times asks for a 2 GiB string, which no iteration
//! check can stop since it is built in one step).
//!
//! Hand-written: no crate offers these bounds for SPARQL; the algebra
//! comes from spargebra, the parser oxigraph itself uses.

use std::collections::HashMap;

use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, AggregateFunction, Expression, Function, GraphPattern, OrderExpression,
};
use spargebra::term::{GroundTerm, Variable};

/// Deepest bracket nesting (`{`, `(`, `[` together) accepted before parsing.
pub const MAX_NESTING: usize = 64;
/// Deepest algebra (patterns and expressions together) accepted.
pub const MAX_DEPTH: usize = 256;
/// Longest string an expression may be able to build, in bytes, assuming
/// each term read from the store is at most [`TERM_BYTES`] long.
pub const MAX_VALUE_BYTES: u64 = 16 << 20;
/// The length assumed for a term read from the store (the longest quote of
/// a paragraph is far shorter).
pub const TERM_BYTES: u64 = 64 << 10;
/// The length assumed for a `GROUP_CONCAT` (its real length depends on the
/// number of rows; that is bounded by the deadline and the result bound).
pub const GROUP_CONCAT_BYTES: u64 = MAX_VALUE_BYTES / 2;

/// Why a query was refused by a guard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// More bytes than allowed.
    #[error("the query is {len} bytes long, over the limit of {max} bytes")]
    TooLong {
        /// The query's length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Brackets nested too deeply.
    #[error(
        "the query nests brackets {depth} deep at byte {offset}, over the limit of {MAX_NESTING} nested {{ }}, ( ) or [ ]"
    )]
    Nesting {
        /// The depth reached (the limit plus one).
        depth: usize,
        /// Where that depth was reached.
        offset: usize,
    },
    /// The algebra is too deep (long chains of UNION, OPTIONAL, `||` ...).
    #[error(
        "the query's algebra is over {MAX_DEPTH} levels deep (long chains of UNION, OPTIONAL, MINUS or operators): split it"
    )]
    Depth,
    /// A `SERVICE` clause.
    #[error("federated queries are disabled: this endpoint does not evaluate SERVICE {0}")]
    Service(String),
    /// An expression could build a string over the bound (`var` names the
    /// variable it is bound to, or says "an expression").
    #[error(
        "{var} could build a string of up to {bytes} bytes, over the limit of {MAX_VALUE_BYTES} bytes (chained CONCAT, REPLACE or GROUP_CONCAT): compute less in the query"
    )]
    Value {
        /// `?name`, or "an expression" when not bound to a variable.
        var: String,
        /// The worst-case length.
        bytes: u64,
    },
}

/// Checks the text of a query: its length against `max_len`, and its
/// bracket nesting against [`MAX_NESTING`], in one pass that skips strings
/// (`"..."`, `'...'` and their long forms), IRIs (`<...>`) and comments.
pub fn check_text(query: &str, max_len: usize) -> Result<(), GuardError> {
    if query.len() > max_len {
        return Err(GuardError::TooLong {
            len: query.len(),
            max: max_len,
        });
    }
    let b = query.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1);
                continue;
            }
            q @ (b'"' | b'\'') => {
                let long = b[i..].len() >= 3 && b[i + 1] == q && b[i + 2] == q;
                i = skip_string(b, i, q, long);
                continue;
            }
            b'<' => {
                // An IRI if it closes before any space or quote; otherwise
                // the less-than operator.
                let end = b[i + 1..].iter().position(|&c| {
                    matches!(c, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'{' | b'}')
                });
                if let Some(n) = end
                    && b[i + 1 + n] == b'>'
                {
                    i += n + 2;
                    continue;
                }
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(GuardError::Nesting { depth, offset: i });
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The index just past the string starting at `start` (quote `q`, long
/// form when `long`), or the end of the text when it is not closed.
fn skip_string(b: &[u8], start: usize, q: u8, long: bool) -> usize {
    let mut i = start + if long { 3 } else { 1 };
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            c if c == q => {
                if !long {
                    return i + 1;
                }
                if b[i..].len() >= 3 && b[i + 1] == q && b[i + 2] == q {
                    return i + 3;
                }
                i += 1;
            }
            b'\n' | b'\r' if !long => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// Checks a parsed query: algebra depth, `SERVICE`, and the worst-case
/// length of every computed value. Recursion here is bounded by
/// [`MAX_DEPTH`] (the walk stops as soon as it is passed).
pub fn check_algebra(query: &Query) -> Result<(), GuardError> {
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut walk = Walk {
        sizes: HashMap::new(),
    };
    walk.pattern(pattern, 0)
}

struct Walk {
    /// The worst-case length of the values bound to each computed variable.
    sizes: HashMap<Variable, u64>,
}

impl Walk {
    fn pattern(&mut self, p: &GraphPattern, depth: usize) -> Result<(), GuardError> {
        if depth > MAX_DEPTH {
            return Err(GuardError::Depth);
        }
        let d = depth + 1;
        match p {
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } => Ok(()),
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right }
            | GraphPattern::Lateral { left, right } => {
                self.pattern(left, d)?;
                self.pattern(right, d)
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left, d)?;
                self.pattern(right, d)?;
                if let Some(e) = expression {
                    self.expr(e, d)?;
                }
                Ok(())
            }
            GraphPattern::Filter { expr, inner } => {
                self.pattern(inner, d)?;
                self.expr(expr, d).map(|_| ())
            }
            GraphPattern::Graph { inner, .. }
            | GraphPattern::Project { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner, d),
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                self.pattern(inner, d)?;
                let size = self.expr(expression, d).map_err(|e| match e {
                    GuardError::Value { bytes, .. } => GuardError::Value {
                        var: format!("?{}", variable.as_str()),
                        bytes,
                    },
                    e => e,
                })?;
                self.bind(variable, size)
            }
            GraphPattern::Values {
                variables,
                bindings,
            } => {
                for (i, v) in variables.iter().enumerate() {
                    let size = bindings
                        .iter()
                        .filter_map(|row| row.get(i).and_then(Option::as_ref))
                        .map(ground_len)
                        .max()
                        .unwrap_or(0);
                    self.bind(v, size)?;
                }
                Ok(())
            }
            GraphPattern::OrderBy { inner, expression } => {
                self.pattern(inner, d)?;
                for e in expression {
                    match e {
                        OrderExpression::Asc(e) | OrderExpression::Desc(e) => self.expr(e, d)?,
                    };
                }
                Ok(())
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                self.pattern(inner, d)?;
                for (v, agg) in aggregates {
                    let size = match agg {
                        AggregateExpression::CountSolutions { .. } => 32,
                        AggregateExpression::FunctionCall { name, expr, .. } => {
                            let inner = self.expr(expr, d)?;
                            match name {
                                AggregateFunction::GroupConcat { .. } => GROUP_CONCAT_BYTES,
                                AggregateFunction::Count => 32,
                                _ => inner,
                            }
                        }
                    };
                    self.bind(v, size)?;
                }
                Ok(())
            }
            GraphPattern::Service { name, .. } => Err(GuardError::Service(name.to_string())),
        }
    }

    fn bind(&mut self, v: &Variable, size: u64) -> Result<(), GuardError> {
        if size > MAX_VALUE_BYTES {
            return Err(GuardError::Value {
                var: format!("?{}", v.as_str()),
                bytes: size,
            });
        }
        let e = self.sizes.entry(v.clone()).or_insert(0);
        *e = (*e).max(size);
        Ok(())
    }

    /// The worst-case length of the value of `e`, in bytes.
    fn expr(&mut self, e: &Expression, depth: usize) -> Result<u64, GuardError> {
        if depth > MAX_DEPTH {
            return Err(GuardError::Depth);
        }
        let d = depth + 1;
        let size = match e {
            Expression::NamedNode(n) => n.as_str().len() as u64,
            Expression::Literal(l) => l.value().len() as u64,
            Expression::Variable(v) => self.sizes.get(v).copied().unwrap_or(TERM_BYTES),
            Expression::Exists(p) => {
                self.pattern(p, d)?;
                8
            }
            Expression::Bound(_) => 8,
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b) => {
                self.expr(a, d)?;
                self.expr(b, d)?;
                8
            }
            Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                self.expr(a, d)?;
                self.expr(b, d)?;
                64
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expr(a, d)?;
                64
            }
            Expression::In(a, list) => {
                self.expr(a, d)?;
                for x in list {
                    self.expr(x, d)?;
                }
                8
            }
            Expression::If(c, a, b) => {
                self.expr(c, d)?;
                self.expr(a, d)?.max(self.expr(b, d)?)
            }
            Expression::Coalesce(list) => {
                let mut m = 0;
                for x in list {
                    m = m.max(self.expr(x, d)?);
                }
                m
            }
            Expression::FunctionCall(f, args) => {
                let mut sizes = Vec::with_capacity(args.len());
                for a in args {
                    sizes.push(self.expr(a, d)?);
                }
                let first = sizes.first().copied().unwrap_or(0);
                match f {
                    Function::Concat => sizes.iter().fold(0u64, |a, b| a.saturating_add(*b)),
                    // Each match (the empty one too) may become the replacement.
                    Function::Replace => {
                        let repl = sizes.get(2).copied().unwrap_or(0);
                        first
                            .saturating_add(1)
                            .saturating_mul(repl.saturating_add(1))
                    }
                    // Case mapping can triple a UTF-8 length; %XX triples a byte.
                    Function::UCase | Function::LCase | Function::EncodeForUri => {
                        first.saturating_mul(3)
                    }
                    Function::Str
                    | Function::SubStr
                    | Function::StrBefore
                    | Function::StrAfter
                    | Function::StrLang
                    | Function::StrDt
                    | Function::Iri
                    | Function::Lang
                    | Function::Datatype => first.max(64),
                    Function::Custom(_) => TERM_BYTES,
                    _ => 64,
                }
            }
        };
        if size > MAX_VALUE_BYTES {
            return Err(GuardError::Value {
                var: "an expression".into(),
                bytes: size,
            });
        }
        Ok(size)
    }
}

fn ground_len(t: &GroundTerm) -> u64 {
    match t {
        GroundTerm::NamedNode(n) => n.as_str().len() as u64,
        GroundTerm::Literal(l) => l.value().len() as u64,
        #[allow(unreachable_patterns)]
        _ => TERM_BYTES,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        let deep = "{".repeat(MAX_NESTING + 1);
        let parens = "(".repeat(MAX_NESTING + 1);
        let q = format!(
            "ASK {{ ?s ?p \"{deep}\" . ?s ?p '''{deep}''' . ?s ?p <http://x/{parens}> }} # {deep}\n"
        );
        assert_eq!(check_text(&q, 1 << 20), Ok(()));
        let q = format!("ASK {deep}");
        assert!(matches!(
            check_text(&q, 1 << 20),
            Err(GuardError::Nesting { offset: 68, .. })
        ));
        // `<` as an operator does not swallow what follows.
        let q = format!("ASK {{ FILTER(1 < 2) {deep} }}");
        assert!(check_text(&q, 1 << 20).is_err());
    }

    #[test]
    fn concat_chains_are_bounded() {
        let parse = |q: &str| {
            spargebra::SparqlParser::new()
                .parse_query(q)
                .expect("parses")
        };
        let mut q = String::from("SELECT * WHERE { ?s ?p ?o BIND(?s AS ?t0) ");
        for i in 1..=8 {
            q.push_str(&format!("BIND(CONCAT(?t{0}, ?t{0}) AS ?t{i}) ", i - 1));
        }
        q.push('}');
        // 2^8 x 64 KiB = 16 MiB: still allowed; one more doubling is not.
        assert_eq!(check_algebra(&parse(&q)), Ok(()));
        q.pop();
        q.push_str("BIND(CONCAT(?t8, ?t8) AS ?t9) }");
        assert!(matches!(
            check_algebra(&parse(&q)),
            Err(GuardError::Value { ref var, .. }) if var == "?t9"
        ));
    }
}
