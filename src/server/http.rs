//! The socket layer: HTTP/1.1 over `std::net`, one thread per connection,
//! with [`Endpoint::handle`] doing all the work.
//!
//! This started on tiny_http, but under 32 keep-alive connections its task
//! pool left a few connections queued, unanswered, until another client
//! hung up (requests stuck for the whole 30 s of the load test), and it
//! ignores `Connection: close` from the server, so neither idle clients nor
//! oversized bodies could be cut off. Owning the loop gives the limits real
//! meaning:
//!
//! - the connection cap counts open connections; one over it is answered
//!   503 and closed;
//! - idle keep-alive connections close after [`IDLE`];
//! - a body over the limit is refused from its `Content-Length`, unread,
//!   and the connection is closed;
//! - request lines and headers are bounded too.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::{Endpoint, Request, Response};
use crate::error::{Error, Result};

/// How long a keep-alive connection may sit idle.
pub const IDLE: Duration = Duration::from_secs(30);
/// Longest request line or header line accepted.
const MAX_LINE: usize = 16 * 1024;
/// Most header lines accepted.
const MAX_HEADERS: usize = 100;

/// Binds `bind` and serves `endpoint` until the process ends, one thread
/// per connection. `on_ready` is called with the bound address (useful
/// with port 0).
pub fn serve(endpoint: Endpoint, bind: &str, on_ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let listener = TcpListener::bind(bind)
        .map_err(|e| Error::Store(format!("cannot listen on {bind}: {e}")))?;
    if let Ok(addr) = listener.local_addr() {
        on_ready(addr);
    }
    let open = Arc::new(AtomicUsize::new(0));
    let cap = endpoint.config().max_connections.max(1);
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if open.load(Ordering::SeqCst) >= cap {
            let busy = Response::error(
                503,
                &format!("too many open connections (limit {cap}); try again"),
            );
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_response(&mut stream, &busy, false);
            continue;
        }
        open.fetch_add(1, Ordering::SeqCst);
        let endpoint = endpoint.clone();
        let counter = Arc::clone(&open);
        let spawned = std::thread::Builder::new()
            .name("sparql-conn".into())
            .spawn(move || {
                connection(&endpoint, stream);
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread, no connection: the stream was dropped with the closure.
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
    Ok(())
}

/// Serves one connection until the client closes it, asks to, idles out,
/// or sends something we refuse to read further.
fn connection(endpoint: &Endpoint, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut out = std::io::BufWriter::new(write_half);
    let mut reader = BufReader::new(stream);
    loop {
        let head = match read_head(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(msg) => {
                let _ = write_response(&mut out, &Response::error(400, &msg), false);
                return;
            }
        };
        let mut keep_alive = head.keep_alive;
        let max = endpoint.config().max_body;
        let mut req = Request {
            method: head.method,
            url: head.url,
            headers: head.headers,
            body: Vec::new(),
        };
        if req
            .header("Transfer-Encoding")
            .is_some_and(|v| !v.eq_ignore_ascii_case("identity"))
        {
            let r = Response::error(
                411,
                "chunked request bodies are not supported: send a Content-Length",
            );
            let _ = write_response(&mut out, &r, false);
            return;
        }
        let length = match req
            .header("Content-Length")
            .map(|v| v.trim().parse::<u64>())
        {
            None => 0,
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                let r = Response::error(400, "invalid Content-Length");
                let _ = write_response(&mut out, &r, false);
                return;
            }
        };
        if length > max as u64 {
            // Refused unread (the handler sees the header); the rest of the
            // body is never read, so the connection cannot be reused.
            keep_alive = false;
        } else if length > 0 {
            if req
                .header("Expect")
                .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
            {
                let _ = out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                let _ = out.flush();
            }
            let mut body = vec![0; length as usize];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            req.body = body;
        }
        let resp = endpoint.handle(&req);
        if write_response(&mut out, &resp, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

struct Head {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    keep_alive: bool,
}

/// Reads a request line and headers; `Ok(None)` when the client is gone or
/// idle, `Err` with a message for a malformed request.
fn read_head(reader: &mut BufReader<TcpStream>) -> Result<Option<Head>, String> {
    let mut line = String::new();
    // Tolerate blank lines between requests (RFC 9112, 2.2).
    loop {
        line.clear();
        match read_line(reader, &mut line) {
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(format!(
                    "request line longer than {} KiB: send long queries by POST",
                    MAX_LINE / 1024
                ));
            }
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) if line.trim().is_empty() => continue,
            Ok(_) => break,
        }
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(url), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("malformed request line {:?}", line.trim_end()));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(format!("unsupported protocol {version}"));
    }
    let http10 = version == "HTTP/1.0";
    let (method, url) = (method.to_ascii_uppercase(), url.to_string());
    let mut headers = Vec::new();
    loop {
        line.clear();
        match read_line(reader, &mut line) {
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(format!("header line longer than {} KiB", MAX_LINE / 1024));
            }
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS {
            return Err("too many header lines".into());
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err(format!("malformed header line {l:?}"));
        };
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let connection = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Connection"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let keep_alive = match connection.as_deref() {
        Some(v) if v.contains("close") => false,
        Some(v) if v.contains("keep-alive") => true,
        _ => !http10,
    };
    Ok(Some(Head {
        method,
        url,
        headers,
        keep_alive,
    }))
}

/// `read_line` bounded to [`MAX_LINE`] bytes.
fn read_line(reader: &mut BufReader<TcpStream>, line: &mut String) -> std::io::Result<usize> {
    let n = reader.by_ref().take(MAX_LINE as u64).read_line(line)?;
    if n == MAX_LINE && !line.ends_with('\n') {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "line too long",
        ));
    }
    Ok(n)
}

fn write_response(out: &mut impl Write, resp: &Response, keep_alive: bool) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, reason(resp.status));
    for (k, v) in &resp.headers {
        if k.eq_ignore_ascii_case("Connection") || k.eq_ignore_ascii_case("Content-Length") {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let close = !keep_alive || resp.header("Connection").is_some_and(|v| v == "close");
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        resp.body.len(),
        if close { "close" } else { "keep-alive" }
    ));
    out.write_all(head.as_bytes())?;
    out.write_all(&resp.body)?;
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}
