//! `unsc-kg serve`: the graph as a read-only SPARQL 1.1 endpoint.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::bail;

use crate::cmd::query::GraphArgs;
use crate::server::{Config, Endpoint, http, max_query_threads};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Longest a query may run, in milliseconds (at least 1).
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub timeout_ms: u64,
    /// Largest request body (and query) accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body: usize,
    /// Most bytes of results sent for one query; past it the results are
    /// cut off with an error.
    #[arg(long, default_value_t = 64 << 20, value_name = "BYTES")]
    pub max_result_bytes: u64,
    /// Most memory one query's evaluation may hold, in MiB; past it the
    /// query is cancelled with 503.
    #[arg(long, default_value_t = 1024, value_name = "MIB")]
    pub max_query_memory: u64,
    /// Most connections open at once (at least 1); one more is answered 503
    /// and closed.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,
    /// Longest a client may take to send a request's head, and again its
    /// body, and longest a keep-alive connection may stay idle, in
    /// milliseconds.
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub header_timeout_ms: u64,
    /// Queries evaluated at once [default: the number of CPUs; at most 4
    /// per CPU, 256 in all].
    #[arg(long, value_name = "N")]
    pub query_threads: Option<usize>,
    /// Where the graph comes from.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// The endpoint's limits from the flags, refused when they make no sense.
pub fn config(args: &Args) -> anyhow::Result<Config> {
    if args.timeout_ms == 0 {
        bail!("--timeout-ms 0 would refuse every query: give at least 1 (milliseconds)");
    }
    if args.header_timeout_ms == 0 {
        bail!("--header-timeout-ms 0 would refuse every request: give at least 1 (milliseconds)");
    }
    if args.max_connections == 0 {
        bail!("--max-connections 0 would refuse every client: give at least 1");
    }
    if args.max_body == 0 {
        bail!("--max-body 0 would refuse every query: give at least 1 (bytes)");
    }
    if args.max_result_bytes == 0 {
        bail!("--max-result-bytes 0 would cut off every result: give at least 1 (bytes)");
    }
    if args.max_query_memory == 0 {
        bail!("--max-query-memory 0 would cancel every query: give at least 1 (MiB)");
    }
    let cap = max_query_threads();
    let query_threads = match args.query_threads {
        Some(0) => bail!("--query-threads 0 would evaluate nothing: give at least 1"),
        Some(n) if n > cap => {
            eprintln!(
                "unsc-kg: --query-threads {n} capped at {cap} (4 per CPU, at most 256): more threads than that only share the same CPUs"
            );
            cap
        }
        Some(n) => n,
        None => Config::default().query_threads,
    };
    let address = match args.bind.parse::<std::net::SocketAddr>() {
        Ok(a) if a.ip().is_unspecified() => format!("localhost:{}", a.port()),
        _ => args.bind.clone(),
    };
    Ok(Config {
        timeout: Duration::from_millis(args.timeout_ms),
        max_body: args.max_body,
        max_connections: args.max_connections,
        query_threads,
        max_result_bytes: args.max_result_bytes,
        max_query_memory: args.max_query_memory.saturating_mul(1 << 20),
        header_timeout: Duration::from_millis(args.header_timeout_ms),
        address,
    })
}

/// Runs `serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let config = config(&args)?;
    let store = args.graph.open()?;
    let what = args.graph.describe(&store);
    let endpoint = Endpoint::new(store, config);
    http::serve(endpoint, &args.bind, |addr| {
        eprintln!("unsc-kg: serving {what} at http://{addr}/sparql");
    })?;
    Ok(ExitCode::SUCCESS)
}
