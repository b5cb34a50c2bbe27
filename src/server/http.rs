//! The socket layer: HTTP/1.1 with hyper on a small tokio runtime, with
//! [`Endpoint::route`] deciding what each request gets.
//!
//! Why hyper: the hand-written layer it replaces read requests line by line
//! on one thread per connection, so a client sending one header byte a
//! second held a thread and a connection slot for as long as it liked, two
//! conflicting `Content-Length` headers were accepted, and its error
//! messages guessed. hyper is the maintained, fuzzed HTTP/1.1 stack under
//! most of the Rust ecosystem; on tokio an idle or slow connection is a
//! few KiB of memory, never a thread, and never a query worker. What each
//! limit gives:
//!
//! - the whole request head must arrive within [`Config::header_timeout`]
//!   (hyper's `header_read_timeout`), which also closes keep-alive
//!   connections idle for that long; the body must arrive within the same
//!   time again (408 otherwise);
//! - a response the client stops reading is abandoned after
//!   [`Config::header_timeout`] without progress ([`Stall`]);
//! - headers are parsed strictly (conflicting `Content-Length` → 400, no
//!   chunked bodies over the limit: the body is read through a byte cap);
//! - at most [`Config::max_connections`] connections are open: one more is
//!   answered 503 and closed at once;
//! - queries go to the endpoint's worker pool; the connection only waits.
//!
//! hyper answers a request line it cannot parse with a bare 400, so the
//! first request line of a connection is looked at here first, to say when
//! it is not UTF-8.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc};
use tokio::time::Sleep;

use super::{Endpoint, Reply, ReplyTo, Request, Response, Routed, cut_off};
use crate::error::{Error, Result};

/// Longest first request line looked at for invalid UTF-8.
const SNIFF: usize = 16 * 1024;

/// Binds `bind` and serves `endpoint` until the process ends. `on_ready` is
/// called with the bound address (useful with port 0).
pub fn serve(endpoint: Endpoint, bind: &str, on_ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("sparql-io")
        .enable_all()
        .build()
        .map_err(|e| Error::Store(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(bind)
            .await
            .map_err(|e| Error::Store(format!("cannot listen on {bind}: {e}")))?;
        if let Ok(addr) = listener.local_addr() {
            on_ready(addr);
        }
        accept_loop(listener, endpoint).await;
        Ok(())
    })
}

async fn accept_loop(listener: TcpListener, endpoint: Endpoint) {
    let cap = endpoint.config().max_connections.max(1);
    let slots = Arc::new(Semaphore::new(cap));
    let endpoint = Arc::new(endpoint);
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset while
                // queued: wait a moment rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => {
                let endpoint = Arc::clone(&endpoint);
                tokio::spawn(async move {
                    connection(endpoint, stream).await;
                    drop(slot);
                });
            }
            Err(_) => {
                tokio::spawn(async move {
                    let busy = Response::error(
                        503,
                        &format!("too many open connections (limit {cap}); try again"),
                    );
                    let mut stream = stream;
                    let bytes = raw_response(&busy);
                    let _ = tokio::time::timeout(Duration::from_secs(1), stream.write_all(&bytes))
                        .await;
                    let _ = stream.shutdown().await;
                });
            }
        }
    }
}

/// A complete response written by hand, for the cases hyper does not see.
fn raw_response(resp: &Response) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        resp.status,
        hyper::StatusCode::from_u16(resp.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
    );
    for (k, v) in &resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        resp.body.len()
    ));
    let mut out = head.into_bytes();
    out.extend_from_slice(&resp.body);
    out
}

/// Serves one connection: the first request line is checked, then hyper
/// takes over.
async fn connection(endpoint: Arc<Endpoint>, mut stream: TcpStream) {
    let limit = endpoint.config().header_timeout;
    let mut first = Vec::new();
    let sniffed = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        while !first.contains(&b'\n') && first.len() < SNIFF {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => first.extend_from_slice(&buf[..n]),
            }
        }
        true
    })
    .await;
    if !matches!(sniffed, Ok(true)) {
        return;
    }
    let line_end = first
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(first.len());
    if let Err(e) = std::str::from_utf8(&first[..line_end])
        && e.error_len().is_some()
    {
        let r = Response::error(
            400,
            &format!(
                "the request line is not valid UTF-8 (byte {}); percent-encode the query",
                e.valid_up_to()
            ),
        );
        let _ =
            tokio::time::timeout(Duration::from_secs(1), stream.write_all(&raw_response(&r))).await;
        let _ = stream.shutdown().await;
        return;
    }
    let io = Stall::new(first, stream, limit);
    let service = service_fn(move |req| {
        let endpoint = Arc::clone(&endpoint);
        async move { Ok::<_, Infallible>(answer(&endpoint, req).await) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limit)
        .keep_alive(true)
        .max_buf_size(64 * 1024)
        .serve_connection(TokioIo::new(io), service)
        .await;
}

/// Answers one request.
async fn answer(endpoint: &Endpoint, req: hyper::Request<Incoming>) -> hyper::Response<OutBody> {
    let config = endpoint.config();
    let head = req.method() == hyper::Method::HEAD;
    let (parts, body) = req.into_parts();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut request = Request {
        method: parts.method.as_str().to_string(),
        url: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string()),
        headers,
        body: Vec::new(),
    };
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let max = config.max_body;
    if declared.is_some_and(|n| n > max as u64) {
        // Refused unread: the handler sees the header and says 413.
        return finish(endpoint.handle(&request), head);
    }
    let limited = http_body_util::Limited::new(body, max);
    match tokio::time::timeout(config.header_timeout, limited.collect()).await {
        Err(_) => {
            return finish(
                Response::error(
                    408,
                    &format!(
                        "the request body did not arrive within {} ms",
                        config.header_timeout.as_millis()
                    ),
                ),
                head,
            );
        }
        Ok(Err(_)) => {
            return finish(
                Response::error(
                    413,
                    &format!("request body exceeds the limit of {max} bytes"),
                )
                .with("Connection", "close"),
                head,
            );
        }
        Ok(Ok(b)) => request.body = b.to_bytes().to_vec(),
    }
    let job = match endpoint.route(&request) {
        Routed::Done(r) => return finish(r, head),
        Routed::Query(job) => job,
    };
    let (tx, mut rx) = mpsc::channel(4);
    let reply = Channel {
        tx,
        runtime: tokio::runtime::Handle::current(),
    };
    if let Err(r) = endpoint.submit(job, Box::new(reply)) {
        return finish(r, head);
    }
    let wait = config.timeout + Duration::from_secs(1);
    let timeout = || {
        Response::error(
            503,
            &crate::rdf::QueryError::Timeout(config.timeout).to_string(),
        )
    };
    match tokio::time::timeout(wait, rx.recv()).await {
        Ok(Some(Reply::Whole(r))) => finish(r, head),
        Ok(Some(Reply::Head(r))) => {
            let mut resp = hyper::Response::new(OutBody::Stream {
                rx,
                wait,
                pending: None,
                done: false,
            });
            *resp.status_mut() = hyper::StatusCode::OK;
            copy_headers(&r, resp.headers_mut());
            if head {
                *resp.body_mut() = OutBody::Whole(None);
            }
            resp
        }
        _ => finish(timeout(), head),
    }
}

/// Sends replies from a worker thread into the connection's channel,
/// waiting for room until the query's deadline.
struct Channel {
    tx: mpsc::Sender<Reply>,
    runtime: tokio::runtime::Handle,
}

impl ReplyTo for Channel {
    fn send(&mut self, reply: Reply, deadline: Instant) -> bool {
        let left = deadline.saturating_duration_since(Instant::now()) + Duration::from_millis(500);
        match self.tx.try_send(reply) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Closed(_)) => false,
            Err(mpsc::error::TrySendError::Full(reply)) => self
                .runtime
                .block_on(tokio::time::timeout(left, self.tx.send(reply)))
                .is_ok_and(|r| r.is_ok()),
        }
    }
}

fn copy_headers(r: &Response, to: &mut hyper::HeaderMap) {
    for (k, v) in &r.headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::try_from(k.as_str()),
            HeaderValue::try_from(v.as_str()),
        ) {
            to.append(k, v);
        }
    }
}

/// A hyper response from an endpoint response (no body for `HEAD`; hyper
/// still sends the `Content-Length` a `GET` would get).
fn finish(r: Response, head: bool) -> hyper::Response<OutBody> {
    let len = r.body.len();
    let body = if head {
        OutBody::Whole(None)
    } else {
        OutBody::Whole(Some(Bytes::from(r.body.clone())))
    };
    let mut resp = hyper::Response::new(body);
    *resp.status_mut() =
        hyper::StatusCode::from_u16(r.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    copy_headers(&r, resp.headers_mut());
    if head {
        resp.headers_mut()
            .insert(hyper::header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    resp
}

/// A response body: whole, or streamed from a worker. A stream cut off by
/// an error ends with the error's text and then an aborted transfer (no
/// final chunk), so that clients see it failed.
pub enum OutBody {
    /// All of it (`None`: empty).
    Whole(Option<Bytes>),
    /// Chunks from a worker.
    Stream {
        /// The worker's replies.
        rx: mpsc::Receiver<Reply>,
        /// Longest wait for the next chunk.
        wait: Duration,
        /// The wait in progress.
        pending: Option<Pin<Box<Sleep>>>,
        /// Whether the end (or the error) was sent.
        done: bool,
    },
}

/// Why a streamed body stopped early.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Cut(String);

impl Body for OutBody {
    type Data = Bytes;
    type Error = Cut;

    fn is_end_stream(&self) -> bool {
        matches!(self, OutBody::Whole(None))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            OutBody::Whole(b) => {
                hyper::body::SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64))
            }
            OutBody::Stream { .. } => hyper::body::SizeHint::default(),
        }
    }

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, Cut>>> {
        match self.get_mut() {
            OutBody::Whole(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            OutBody::Stream {
                rx,
                wait,
                pending,
                done,
            } => {
                if *done {
                    return Poll::Ready(Some(Err(Cut("the results were cut off".into()))));
                }
                match rx.poll_recv(cx) {
                    Poll::Ready(Some(Reply::Chunk(c))) => {
                        *pending = None;
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(c)))))
                    }
                    Poll::Ready(Some(Reply::End)) => Poll::Ready(None),
                    Poll::Ready(Some(Reply::Fail(msg))) => {
                        *done = true;
                        Poll::Ready(Some(Ok(Frame::data(Bytes::from(cut_off(&msg))))))
                    }
                    Poll::Ready(_) => {
                        Poll::Ready(Some(Err(Cut("the query worker stopped".into()))))
                    }
                    Poll::Pending => {
                        let sleep =
                            pending.get_or_insert_with(|| Box::pin(tokio::time::sleep(*wait)));
                        match sleep.as_mut().poll(cx) {
                            Poll::Ready(()) => {
                                *done = true;
                                Poll::Ready(Some(Ok(Frame::data(Bytes::from(cut_off(
                                    "the query ran past its time limit",
                                ))))))
                            }
                            Poll::Pending => Poll::Pending,
                        }
                    }
                }
            }
        }
    }
}

/// The connection's socket, with the bytes read while sniffing the first
/// request line put back in front, and writes that make no progress for
/// `limit` failed (a client that stops reading its response).
pub struct Stall {
    prefix: Vec<u8>,
    at: usize,
    inner: TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl Stall {
    fn new(prefix: Vec<u8>, inner: TcpStream, limit: Duration) -> Stall {
        Stall {
            prefix,
            at: 0,
            inner,
            limit,
            stalled: None,
        }
    }

    fn check_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Stall {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let me = self.get_mut();
        if me.at < me.prefix.len() {
            let n = (me.prefix.len() - me.at).min(buf.remaining());
            buf.put_slice(&me.prefix[me.at..me.at + n]);
            me.at += n;
            if me.at == me.prefix.len() {
                me.prefix = Vec::new();
                me.at = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut me.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stall {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let me = self.get_mut();
        match Pin::new(&mut me.inner).poll_write(cx, buf) {
            Poll::Pending => me.check_stall(cx),
            ready => {
                me.stalled = None;
                ready
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let me = self.get_mut();
        match Pin::new(&mut me.inner).poll_flush(cx) {
            Poll::Pending => me.check_stall(cx).map_ok(|_| ()),
            ready => {
                me.stalled = None;
                ready
            }
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
