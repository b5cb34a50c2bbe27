//! Subcommands: glue between the command line and the library, one file each.

pub mod actor;
pub mod build;
pub mod chain;
pub mod cited_by;
pub mod cites;
pub mod common;
pub mod export;
pub mod extract;
pub mod inspect;
pub mod query;
pub mod rank;
pub mod rules;
pub mod serve;
pub mod stats;
pub mod votes;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Chain(args) => chain::run(args),
        Command::Cites(args) => cites::run(args),
        Command::CitedBy(args) => cited_by::run(args),
        Command::Rank(args) => rank::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Actor(args) => actor::run(args),
        Command::Export(args) => export::run(args),
        Command::Query(args) => query::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Votes(args) => votes::run(args),
        Command::Rules(args) => rules::run(args),
    }
}

/// Writes to standard output; a closed pipe surfaces as an error that `main`
/// treats as success (`unsc-kg ... | head`).
pub fn print(s: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}
