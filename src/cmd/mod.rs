//! Subcommands: glue between the command line and the library, one file each.

pub mod build;
pub mod extract;
pub mod inspect;
pub mod query;
pub mod serve;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Query(args) => query::run(args),
        Command::Serve(args) => serve::run(args),
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
