//! The query workers: a fixed pool of threads with large stacks fed by one
//! queue, each evaluating a query into a [`Streamer`] that answers whole
//! when the results fit in one chunk and streams them otherwise.
//!
//! Kept apart from the request handling in `mod.rs` (routing, decoding,
//! the service description) because it is the one part that runs queries
//! and owns threads: the handler decides what to evaluate, this decides
//! how the results reach the client.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Instant;

use super::negotiate::{default_for, negotiate};
use super::{Config, QueryJob, Reply, ReplyTo, Response};
use crate::rdf::{self, Backend, Format, Limits, QueryError, ResultKind, Sink};

/// A query waiting for a worker.
pub(super) struct Job {
    pub(super) job: QueryJob,
    pub(super) deadline: Instant,
    pub(super) reply: Box<dyn ReplyTo>,
}

/// Bytes gathered before the status line is sent: results that fit are
/// answered whole (with their length, and with a real status if they fail).
const CHUNK: usize = 64 << 10;

/// Evaluates queued queries in arrival order: one queue keeps latency
/// fair under load, and a fixed number of workers keeps the CPUs from
/// being shared by more queries than they can run.
pub(super) fn worker(
    store: Backend,
    jobs: Arc<Mutex<mpsc::Receiver<Job>>>,
    config: Config,
    busy: Arc<AtomicUsize>,
) {
    loop {
        let next = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(Job {
            job,
            deadline,
            mut reply,
        }) = next
        else {
            return;
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let e = QueryError::Timeout(config.timeout);
            reply.send(Reply::Whole(error_response(&e)), deadline);
            continue;
        }
        busy.fetch_add(1, Ordering::SeqCst);
        let memory = crate::rdf::meter::mark();
        let limits = Limits {
            timeout: Some(left),
            max_query_bytes: config.max_body,
            max_result_bytes: config.max_result_bytes,
            max_memory: config.max_query_memory,
        };
        let unacceptable = std::cell::Cell::new(false);
        let pick = |kind: ResultKind| -> Option<Format> {
            job.wanted
                .filter(|f| f.fits(kind))
                .or_else(|| negotiate(&job.accept, kind))
        };
        let mut sink = Streamer {
            reply: reply.as_mut(),
            deadline,
            buf: Vec::new(),
            head: None,
            sent_head: false,
            unacceptable: &unacceptable,
            accept: &job.accept,
        };
        let r = rdf::evaluate_into(
            &store,
            &job.query,
            |kind| match pick(kind) {
                Some(f) => Some(f),
                None => {
                    unacceptable.set(true);
                    Some(default_for(kind))
                }
            },
            &limits,
            &job.dataset,
            &mut sink,
        );
        // The deadline was given as the time left; say the configured limit.
        let r = r.map_err(|e| match e {
            QueryError::Timeout(_) => QueryError::Timeout(config.timeout),
            e => e,
        });
        sink.finish(r);
        if crate::rdf::meter::grown_since(memory) > GIVE_BACK_ABOVE {
            crate::rdf::meter::give_back();
        }
        busy.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A query that held more than this many bytes at once hands the freed
/// memory back to the system when it ends (see `meter::give_back`).
const GIVE_BACK_ABOVE: i64 = 64 << 20;

/// The [`Sink`] of a worker: gathers up to [`CHUNK`] bytes, then streams.
struct Streamer<'a> {
    reply: &'a mut dyn ReplyTo,
    deadline: Instant,
    buf: Vec<u8>,
    head: Option<Response>,
    sent_head: bool,
    unacceptable: &'a std::cell::Cell<bool>,
    accept: &'a str,
}

impl Sink for Streamer<'_> {
    fn begin(&mut self, _kind: ResultKind, format: Format) -> Result<(), QueryError> {
        if self.unacceptable.get() {
            return Err(QueryError::NotAcceptable(self.accept.to_string()));
        }
        self.head =
            Some(Response::new(200, format.media_type(), Vec::new()).with("Vary", "Accept"));
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            if !self.sent_head {
                let head = self
                    .head
                    .take()
                    .unwrap_or_else(|| Response::new(200, "application/octet-stream", Vec::new()));
                if !self.reply.send(Reply::Head(head), self.deadline) {
                    return Err(std::io::Error::other("the client is gone"));
                }
                self.sent_head = true;
            }
            let chunk = std::mem::take(&mut self.buf);
            if !self.reply.send(Reply::Chunk(chunk), self.deadline) {
                return Err(std::io::Error::other("the client is gone"));
            }
        }
        Ok(())
    }
}

impl Streamer<'_> {
    fn finish(mut self, r: Result<(), QueryError>) {
        let d = self.deadline;
        match (r, self.sent_head) {
            (Ok(()), false) => {
                let mut resp = self
                    .head
                    .take()
                    .unwrap_or_else(|| Response::new(200, "text/plain", Vec::new()));
                resp.body = std::mem::take(&mut self.buf);
                self.reply.send(Reply::Whole(resp), d);
            }
            (Ok(()), true) => {
                let rest = std::mem::take(&mut self.buf);
                if rest.is_empty() || self.reply.send(Reply::Chunk(rest), d) {
                    self.reply.send(Reply::End, d);
                }
            }
            (Err(e), false) => {
                self.reply.send(Reply::Whole(error_response(&e)), d);
            }
            (Err(e), true) => {
                // The status is out: what was gathered goes, then the error.
                let rest = std::mem::take(&mut self.buf);
                if rest.is_empty() || self.reply.send(Reply::Chunk(rest), d) {
                    self.reply.send(Reply::Fail(e.to_string()), d);
                }
            }
        }
    }
}

/// The response for a query that failed before any result was sent.
pub(super) fn error_response(e: &QueryError) -> Response {
    use crate::rdf::guard::GuardError;
    let status = match e {
        QueryError::Syntax { .. } | QueryError::Dataset { .. } => 400,
        QueryError::Guard(GuardError::Service(_)) => 501,
        QueryError::Guard(GuardError::TooLong { .. }) => 413,
        QueryError::Guard(_) => 400,
        QueryError::Update => 403,
        QueryError::Timeout(_) | QueryError::Memory(_) => 503,
        QueryError::TooLarge(_) => 500,
        QueryError::Format { .. } | QueryError::NotAcceptable(_) => 406,
        QueryError::Write(_) | QueryError::Evaluation(_) => 500,
    };
    Response::error(status, &e.to_string())
}
