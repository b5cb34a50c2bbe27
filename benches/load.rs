//! A bounded load test of `unsc-kg serve`: N keep-alive connections on
//! loopback send the same SPARQL lookup for a fixed time; prints the
//! request count, errors and latency percentiles. No dependencies beyond
//! std, so it measures the server, not a client library.
//!
//! ```text
//! unsc-kg serve --items tests/testdata/rdf/items.jsonl --bind 127.0.0.1:7878 &
//! cargo bench --bench load -- --addr 127.0.0.1:7878 --secs 30 --conns 32
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A typical lookup: how each member voted on a draft.
const QUERY: &str = "PREFIX unsc: <https://w3id.org/unsc-kg/ontology#> \
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> \
SELECT ?member ?position WHERE { ?v unsc:votedOn <https://undocs.org/S/2020/600> ; \
unsc:voter/skos:prefLabel ?member ; unsc:position ?position } ORDER BY ?member";

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Sends one GET and reads the whole response; returns the status.
fn request(conn: &mut BufReader<TcpStream>, req: &[u8]) -> std::io::Result<u16> {
    conn.get_mut().write_all(req)?;
    let mut line = String::new();
    conn.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut len = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    conn.read_exact(&mut body)?;
    Ok(status)
}

fn main() {
    let addr = arg("--addr", "127.0.0.1:7878");
    let secs: u64 = arg("--secs", "30").parse().expect("--secs");
    let conns: usize = arg("--conns", "32").parse().expect("--conns");
    let query = std::env::var("LOAD_QUERY").unwrap_or_else(|_| QUERY.to_string());
    let req = format!(
        "GET /sparql?query={} HTTP/1.1\r\nHost: {addr}\r\nAccept: application/sparql-results+json\r\n\r\n",
        encode(&query)
    );
    let deadline = Instant::now() + Duration::from_secs(secs);
    let workers: Vec<_> = (0..conns)
        .map(|_| {
            let addr = addr.clone();
            let req = req.clone();
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let mut conn: Option<BufReader<TcpStream>> = None;
                while Instant::now() < deadline {
                    if conn.is_none() {
                        match TcpStream::connect(&addr) {
                            Ok(s) => {
                                let _ = s.set_nodelay(true);
                                conn = Some(BufReader::new(s));
                            }
                            Err(_) => {
                                errors += 1;
                                std::thread::sleep(Duration::from_millis(10));
                                continue;
                            }
                        }
                    }
                    let Some(c) = conn.as_mut() else { continue };
                    let t = Instant::now();
                    match request(c, req.as_bytes()) {
                        Ok(200) => lat.push(t.elapsed()),
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            conn = None;
                        }
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.join().expect("worker");
        all.extend(l);
        errors += e;
    }
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN)
    };
    println!(
        "{} requests in {secs} s on {conns} connections ({:.0}/s), {errors} errors",
        all.len(),
        all.len() as f64 / secs as f64
    );
    println!(
        "latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    let slow = all.iter().filter(|d| d.as_millis() > 1000).count();
    if slow > 0 {
        println!("{slow} requests took over 1 s");
    }
    if errors > 0 {
        std::process::exit(1);
    }
}
