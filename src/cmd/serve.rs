//! `unsc-kg serve`: the graph as a read-only SPARQL 1.1 endpoint.

use std::process::ExitCode;
use std::time::Duration;

use crate::cmd::query::GraphArgs;
use crate::server::{Config, Endpoint, http};

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub bind: String,
    /// Longest a query may run, in milliseconds.
    #[arg(long, default_value_t = 10_000, value_name = "MS")]
    pub timeout_ms: u64,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    pub max_body: usize,
    /// Most connections open at once; one more is answered 503 and closed.
    #[arg(long, default_value_t = 64)]
    pub max_connections: usize,
    /// Queries evaluated at once [default: the number of CPUs].
    #[arg(long, value_name = "N")]
    pub query_threads: Option<usize>,
    /// Where the graph comes from.
    #[command(flatten)]
    pub graph: GraphArgs,
}

/// Runs `serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = args.graph.open()?;
    let what = args.graph.describe(&store);
    let config = Config {
        timeout: Duration::from_millis(args.timeout_ms),
        max_body: args.max_body,
        max_connections: args.max_connections,
        query_threads: args
            .query_threads
            .unwrap_or(Config::default().query_threads),
    };
    let endpoint = Endpoint::new(store, config);
    http::serve(endpoint, &args.bind, |addr| {
        eprintln!("unsc-kg: serving {what} at http://{addr}/sparql");
    })?;
    Ok(ExitCode::SUCCESS)
}
