//! The `unsc-kg` binary: parse the command line, run, map errors to exit codes.

use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

// Per-thread allocation counts, for the SPARQL memory budget.
#[global_allocator]
static ALLOC: unsc_kg::rdf::meter::Metered = unsc_kg::rdf::meter::Metered;

fn main() -> ExitCode {
    let cli = unsc_kg::cli::Cli::parse();
    match unsc_kg::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("unsc-kg: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: a cause whose text its parent
/// already spells (an error that displays its source) is not repeated.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let s = cause.to_string();
        if out.contains(&s) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&s);
    }
    out
}

/// A closed pipe (`unsc-kg ... | head`) is success, as in ripgrep, whether
/// the write failed directly or inside a JSON or CSV writer.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
            || e.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(ErrorKind::BrokenPipe))
            || e.downcast_ref::<csv::Error>().is_some_and(|c| {
                matches!(c.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe)
            })
    })
}
