//! The two things queries run over, as [`QuadSource`]s: oxigraph's store
//! (terms numbered as one query meets them) and the index `build` wrote
//! (terms are the index's own numbers; only the terms a query makes that
//! the index does not hold are numbered here, past the index's).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use rustc_hash::FxHashMap;
use spareval::InternalQuad;

use super::guarded::{DataError, DataQuads, QuadSource};
use crate::rdf::index::{DEFAULT_GRAPH, QuadIndex};

/// Terms numbered as one query meets them, from `base` on.
pub(super) struct Dict {
    base: u32,
    ids: FxHashMap<Term, u32>,
    terms: Vec<Term>,
}

impl Dict {
    fn new(base: u32) -> Dict {
        Dict {
            base,
            ids: FxHashMap::default(),
            terms: Vec::new(),
        }
    }

    fn id(&mut self, t: Term) -> u32 {
        if let Some(&i) = self.ids.get(&t) {
            return i;
        }
        let i = self.base + self.terms.len() as u32;
        self.terms.push(t.clone());
        self.ids.insert(t, i);
        i
    }

    fn term(&self, id: u32) -> Result<&Term, DataError> {
        id.checked_sub(self.base)
            .and_then(|i| self.terms.get(i as usize))
            .ok_or(DataError::Unknown(id))
    }
}

fn none() -> DataQuads {
    Box::new(std::iter::empty())
}

fn fail(e: DataError) -> DataQuads {
    Box::new(std::iter::once(Err(e)))
}

/// oxigraph's store, its terms numbered per query so that rows hold small
/// numbers and joins hash them, not strings.
pub(super) struct StoreView {
    store: Store,
    dict: Rc<RefCell<Dict>>,
}

impl StoreView {
    pub(super) fn new(store: Store) -> StoreView {
        StoreView {
            store,
            dict: Rc::new(RefCell::new(Dict::new(0))),
        }
    }
}

impl QuadSource for StoreView {
    fn quads(
        &self,
        subject: Option<u32>,
        predicate: Option<u32>,
        object: Option<u32>,
        graph: Option<Option<u32>>,
    ) -> DataQuads {
        let quads = {
            let dict = self.dict.borrow();
            let look = |id: Option<u32>| id.map(|i| dict.term(i)).transpose();
            let (s, p, o, g) = match (
                look(subject),
                look(predicate),
                look(object),
                graph.map(look).transpose(),
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
        let dict = Rc::clone(&self.dict);
        Box::new(quads.map(move |q| {
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
        }))
    }

    fn named_graphs(&self) -> Result<Vec<u32>, DataError> {
        let mut dict = self.dict.borrow_mut();
        self.store
            .named_graphs()
            .map(|g| Ok(dict.id(Term::from(g?))))
            .collect()
    }

    fn contains_named_graph(&self, graph: u32) -> Result<bool, DataError> {
        let dict = self.dict.borrow();
        Ok(match dict.term(graph)? {
            Term::NamedNode(n) => self.store.contains_named_graph(n)?,
            Term::BlankNode(b) => self.store.contains_named_graph(b)?,
            _ => false,
        })
    }

    fn internalize(&self, term: Term) -> Result<u32, DataError> {
        Ok(self.dict.borrow_mut().id(term))
    }

    fn externalize(&self, id: u32) -> Result<Term, DataError> {
        self.dict.borrow().term(id).cloned()
    }
}

/// The index, read in place: a stored term is its number in the index;
/// a term the query makes (a constant the data lacks, a computed value)
/// is numbered past them for the length of the query.
pub(super) struct IndexView {
    index: Arc<QuadIndex>,
    made: RefCell<Dict>,
}

impl IndexView {
    pub(super) fn new(index: Arc<QuadIndex>) -> IndexView {
        let base = index.term_count();
        IndexView {
            index,
            made: RefCell::new(Dict::new(base)),
        }
    }

    /// Whether `id` is a term of the index (not one the query made).
    fn stored(&self, id: u32) -> bool {
        id < self.index.term_count()
    }
}

impl QuadSource for IndexView {
    fn quads(
        &self,
        subject: Option<u32>,
        predicate: Option<u32>,
        object: Option<u32>,
        graph: Option<Option<u32>>,
    ) -> DataQuads {
        // A term the index does not hold is in no quad.
        let graph = match graph {
            None => None,
            Some(None) => Some(DEFAULT_GRAPH),
            Some(Some(g)) => Some(g),
        };
        let made = |t: &Option<u32>| t.is_some_and(|t| !self.stored(t));
        let graph_made = graph.is_some_and(|g| g != DEFAULT_GRAPH && !self.stored(g));
        let pattern = [subject, predicate, object, graph];
        if pattern[..3].iter().any(made) || graph_made {
            return none();
        }
        Box::new(self.index.quads(pattern).map(|q| {
            let [s, p, o, g] = q?;
            Ok(InternalQuad {
                subject: s,
                predicate: p,
                object: o,
                graph_name: (g != DEFAULT_GRAPH).then_some(g),
            })
        }))
    }

    fn named_graphs(&self) -> Result<Vec<u32>, DataError> {
        Ok(self.index.named_graphs())
    }

    fn contains_named_graph(&self, graph: u32) -> Result<bool, DataError> {
        Ok(self.stored(graph) && self.index.contains_named_graph(graph))
    }

    fn internalize(&self, term: Term) -> Result<u32, DataError> {
        if let Some(id) = self.index.lookup(term.as_ref())? {
            return Ok(id);
        }
        Ok(self.made.borrow_mut().id(term))
    }

    fn externalize(&self, id: u32) -> Result<Term, DataError> {
        if self.stored(id) {
            return Ok(self.index.term(id)?);
        }
        self.made.borrow().term(id).cloned()
    }
}
