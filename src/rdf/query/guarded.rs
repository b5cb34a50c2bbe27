//! The data as the evaluator sees it, guarded: the deadline and the
//! memory budget of one evaluation ([`Clock`]) checked on every access, and
//! the unwinding ([`Stop`]) that leaves a sort past them. The guard is the
//! same whatever holds the quads: [`Guarded`] wraps any [`QuadSource`]
//! (oxigraph's store or the opened index, `super::views`).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Instant;

use oxigraph::model::Term;
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
    #[error("{0}")]
    Index(#[from] crate::rdf::index::IndexError),
    #[error("unknown term number {0}")]
    Unknown(u32),
}

/// The quads of a pattern, by term numbers.
pub(super) type DataQuads = Box<dyn Iterator<Item = Result<InternalQuad<u32>, DataError>>>;

/// What holds the quads, as the evaluator asks for them: terms are u32
/// numbers (equal numbers, equal terms), the graph `None` is any graph and
/// `Some(None)` the default graph.
pub(super) trait QuadSource {
    /// The quads matching a pattern.
    fn quads(
        &self,
        subject: Option<u32>,
        predicate: Option<u32>,
        object: Option<u32>,
        graph: Option<Option<u32>>,
    ) -> DataQuads;
    /// The named graphs.
    fn named_graphs(&self) -> Result<Vec<u32>, DataError>;
    /// Whether `graph` is a named graph of the data.
    fn contains_named_graph(&self, graph: u32) -> Result<bool, DataError>;
    /// The number of a term.
    fn internalize(&self, term: Term) -> Result<u32, DataError>;
    /// The term of a number.
    fn externalize(&self, id: u32) -> Result<Term, DataError>;
}

/// A [`QuadSource`] as oxigraph's evaluator sees it, with the deadline and
/// the memory budget checked on every access: once passed, every access
/// fails at once, so joins stop producing rows and a sort's comparisons
/// (each one looks its terms up here) become trivial, and the evaluation
/// ends within moments instead of minutes.
pub(super) struct Guarded<B> {
    pub(super) source: B,
    pub(super) clock: Clock,
}

impl<B> Guarded<B> {
    fn alive(&self) {
        if self.clock.tick() {
            stop();
        }
    }
}

/// The payload that unwinds an evaluation past its deadline or budget.
///
/// oxigraph checks its cancellation token only while reading quads; an
/// `ORDER BY` over millions of collected rows sorts on for seconds (its
/// comparator looks each term up here, but cannot fail). Unwinding with
/// [`std::panic::resume_unwind`] (which prints nothing) leaves the sort at
/// once; [`evaluate_into`](super::evaluate_into) catches exactly this
/// payload. The evaluator's state is plain Rust data, dropped on the way
/// out.
pub(super) struct Stop;

pub(super) fn stop() -> ! {
    std::panic::resume_unwind(Box::new(Stop))
}

impl<'a, B: QuadSource + 'a> QueryableDataset<'a> for Guarded<B> {
    type InternalTerm = u32;
    type Error = DataError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, DataError>> + use<'a, B> {
        let quads = self.source.quads(
            subject.copied(),
            predicate.copied(),
            object.copied(),
            graph_name.map(|g| g.copied()),
        );
        let clock = self.clock.clone();
        quads.inspect(move |_| {
            if clock.tick() {
                stop();
            }
        })
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, DataError>> + use<'a, B> {
        self.alive();
        let graphs: Box<dyn Iterator<Item = Result<u32, DataError>>> =
            match self.source.named_graphs() {
                Ok(g) => Box::new(g.into_iter().map(Ok)),
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
        graphs
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, DataError> {
        self.alive();
        self.source.contains_named_graph(*graph_name)
    }

    fn internalize_term(&self, term: Term) -> Result<u32, DataError> {
        self.alive();
        self.source.internalize(term)
    }

    fn externalize_term(&self, term: u32) -> Result<Term, DataError> {
        self.alive();
        self.source.externalize(term)
    }
}
