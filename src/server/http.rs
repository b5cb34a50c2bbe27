//! The socket layer: tiny_http in, [`Endpoint::handle`] out.
//!
//! One acceptor loop hands requests to a fixed pool of worker threads. The
//! connection cap counts requests accepted but not yet answered; beyond it,
//! the acceptor answers 503 at once instead of queueing. Bodies are read
//! only up to the limit (one byte more tells the handler it was exceeded),
//! and a declared `Content-Length` over the limit is refused unread.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use super::{Endpoint, Request, Response};
use crate::error::{Error, Result};

/// Binds `bind` and serves `endpoint` with `threads` workers until the
/// process ends. `on_ready` is called with the bound address (useful with
/// port 0).
pub fn serve(
    endpoint: Endpoint,
    bind: &str,
    threads: usize,
    on_ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let server = tiny_http::Server::http(bind)
        .map_err(|e| Error::Store(format!("cannot listen on {bind}: {e}")))?;
    if let Some(addr) = server.server_addr().to_ip() {
        on_ready(addr);
    }
    let active = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<tiny_http::Request>();
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..threads.max(1) {
        let rx = Arc::clone(&rx);
        let endpoint = endpoint.clone();
        let active = Arc::clone(&active);
        std::thread::spawn(move || {
            loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok(rq) = next else { return };
                answer(&endpoint, rq);
                active.fetch_sub(1, Ordering::SeqCst);
            }
        });
    }
    let cap = endpoint.config().max_connections.max(1);
    for rq in server.incoming_requests() {
        if active.load(Ordering::SeqCst) >= cap {
            let busy = Response::error(
                503,
                &format!("too many concurrent requests (limit {cap}); try again"),
            );
            let _ = rq.respond(to_tiny(busy));
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        if tx.send(rq).is_err() {
            break;
        }
    }
    Ok(())
}

/// Reads one request, runs the handler, writes the response.
fn answer(endpoint: &Endpoint, mut rq: tiny_http::Request) {
    let max = endpoint.config().max_body;
    let headers: Vec<(String, String)> = rq
        .headers()
        .iter()
        .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
        .collect();
    let mut body = Vec::new();
    let declared_too_large = rq.body_length().is_some_and(|n| n > max);
    if !declared_too_large {
        // One byte over the limit is enough for the handler to refuse it.
        let _ = rq.as_reader().take(max as u64 + 1).read_to_end(&mut body);
    }
    let req = Request {
        method: rq.method().as_str().to_ascii_uppercase(),
        url: rq.url().to_string(),
        headers,
        body,
    };
    let resp = endpoint.handle(&req);
    let _ = rq.respond(to_tiny(resp));
}

fn to_tiny(resp: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(resp.body).with_status_code(resp.status);
    for (k, v) in &resp.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out = out.with_header(h);
        }
    }
    out
}
