//! The store as the evaluator sees it during one query, with the
//! deadline and the memory budget checked on every access ([`Guarded`],
//! [`Clock`]), and the unwinding that stops an evaluation past them
//! ([`Stop`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use rustc_hash::FxHashMap;
use spareval::{InternalQuad, QueryableDataset};

/// The deadline and memory budget of one evaluation, checked from inside
/// the dataset (the memory on every call, the time every [`Clock::EVERY`]
/// calls) and by the result loop: oxigraph's own cancellation is only
/// checked while reading quads, not while it joins or sorts what it has
/// read.
#[derive(Clone)]
pub(super) struct Clock {
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

    pub(super) fn new(deadline: Option<Instant>, max_memory: u64) -> Clock {
        Clock {
            deadline,
            memory_start: crate::rdf::meter::thread_net(),
            max_memory,
            state: Rc::default(),
        }
    }

    pub(super) fn expired(&self) -> bool {
        self.state.expired.get()
    }

    pub(super) fn over_memory(&self) -> bool {
        self.state.over_memory.get()
    }

    /// Whether the thread holds more than the budget (it is the thread
    /// evaluating: oxigraph evaluates on the caller's thread).
    fn memory_passed(&self) -> bool {
        let held = crate::rdf::meter::thread_net().saturating_sub(self.memory_start);
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
    pub(super) fn check(&self) -> bool {
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
pub(super) enum DataError {
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
pub(super) struct Guarded {
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
    /// `store` seen through `clock`, with a dictionary of its own.
    pub(super) fn new(store: Store, clock: Clock) -> Guarded {
        Guarded {
            store,
            clock,
            dict: Rc::default(),
        }
    }

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
pub(super) struct Stop;

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
