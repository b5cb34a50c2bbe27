//! The `unsc-kg` binary: parse the command line, run, map errors to exit codes.

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
            eprintln!("unsc-kg: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
