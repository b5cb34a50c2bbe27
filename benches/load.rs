//! A bounded load test of `unsc-kg serve`: N keep-alive connections on
//! loopback send the same SPARQL lookup for a fixed time; prints the
//! request count, errors and latency percentiles. No dependencies beyond
//! std, so it measures the server, not a client library.
//!
//! With `--slowloris N`, N more connections dribble one header byte a
//! second meanwhile (reconnecting when the server cuts them off). With
//! `--expensive N --pid PID`, after the clients are done, N cartesian
//! `ORDER BY` queries are sent one after the other while the slow
//! connections go on; for each, the time from its 503 until the server's
//! CPU use (read from /proc/PID/stat) falls under 10 % is measured, and
//! the server's peak RSS over the whole run is reported. Loopback only.
//!
//! ```text
//! unsc-kg serve --items tests/testdata/rdf/items.jsonl --bind 127.0.0.1:7878 --timeout-ms 2000 &
//! cargo bench --bench load -- --addr 127.0.0.1:7878 --secs 30 --conns 32 \
//!     --slowloris 500 --expensive 5 --pid $!
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The expensive query: a cartesian product sorted, past any deadline.
const EXPENSIVE: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1";

/// Holds `n` connections that send one header byte a second until `stop`.
fn slowloris(addr: String, n: usize, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let open = |addr: &str| -> Option<TcpStream> {
            let mut s = TcpStream::connect(addr).ok()?;
            s.write_all(b"GET /sparql HTTP/1.1\r\nHost: slow\r\nX-Slow: ")
                .ok()?;
            Some(s)
        };
        let mut conns: Vec<Option<TcpStream>> = (0..n).map(|_| open(&addr)).collect();
        let mut reopened = 0;
        while !stop.load(Ordering::Relaxed) {
            for c in conns.iter_mut() {
                let alive = c.as_mut().is_some_and(|s| s.write_all(b"a").is_ok());
                if !alive {
                    *c = open(&addr);
                    reopened += 1;
                }
            }
            for _ in 0..10 {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        reopened
    })
}

/// CPU seconds used by process `pid` so far.
fn cpu_secs(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Resident memory of process `pid`, in MiB.
fn rss_mib(pid: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let addr = arg("--addr", "127.0.0.1:7878");
    let secs: u64 = arg("--secs", "30").parse().expect("--secs");
    let conns: usize = arg("--conns", "32").parse().expect("--conns");
    let slow: usize = arg("--slowloris", "0").parse().expect("--slowloris");
    let expensive: usize = arg("--expensive", "0").parse().expect("--expensive");
    let pid = arg("--pid", "");
    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(std::sync::Mutex::new(0f64));
    let sampler = (!pid.is_empty()).then(|| {
        let (pid, stop, peak) = (pid.clone(), Arc::clone(&stop), Arc::clone(&peak));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let (Some(r), Ok(mut p)) = (rss_mib(&pid), peak.lock()) {
                    *p = p.max(r);
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    });
    let loris = (slow > 0).then(|| slowloris(addr.clone(), slow, Arc::clone(&stop)));
    if slow > 0 {
        // Let the slow connections settle in first.
        std::thread::sleep(Duration::from_secs(2));
    }
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
    let over = all.iter().filter(|d| d.as_millis() > 1000).count();
    if over > 0 {
        println!("{over} requests took over 1 s");
    }
    if expensive > 0 && !pid.is_empty() {
        let req = format!(
            "GET /sparql?query={} HTTP/1.1\r\nHost: {addr}\r\n\r\n",
            encode(EXPENSIVE)
        );
        for i in 0..expensive {
            let Ok(s) = TcpStream::connect(&addr) else {
                println!("expensive query {i}: cannot connect");
                continue;
            };
            let mut c = BufReader::new(s);
            let t = Instant::now();
            let status = request(&mut c, req.as_bytes()).unwrap_or(0);
            let answered = t.elapsed();
            // CPU back to idle: under 10 ms of CPU in a 100 ms window.
            let t = Instant::now();
            let mut last = cpu_secs(&pid).unwrap_or(0.0);
            let settled = loop {
                std::thread::sleep(Duration::from_millis(100));
                let now = cpu_secs(&pid).unwrap_or(0.0);
                if now - last < 0.010 || t.elapsed() > Duration::from_secs(30) {
                    break t.elapsed();
                }
                last = now;
            };
            println!(
                "expensive query {i}: {status} after {:.0} ms; CPU idle {:.0} ms later",
                answered.as_secs_f64() * 1000.0,
                settled.as_secs_f64() * 1000.0
            );
        }
    }
    stop.store(true, Ordering::Relaxed);
    if let Some(l) = loris {
        let reopened = l.join().unwrap_or(0);
        println!(
            "{slow} slow connections held; {reopened} reconnects after the server cut them off"
        );
    }
    if let Some(s) = sampler {
        let _ = s.join();
        println!("server peak RSS {:.0} MiB", *peak.lock().expect("peak"));
    }
    if errors > 0 {
        std::process::exit(1);
    }
}
