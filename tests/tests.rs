//! All integration tests, in one binary (less linking on a small machine).

mod util;

// As in the binary: per-thread allocation counts for the query memory budget.
#[global_allocator]
static ALLOC: unsc_kg::rdf::meter::Metered = unsc_kg::rdf::meter::Metered;

mod actors;
mod akn;
mod build;
mod citations;
mod commands;
mod export;
mod graph;
mod graph_saved;
mod html;
mod html_tables;
mod index;
mod inputs;
mod interop;
mod meetings;
mod offsets;
mod rdf;
mod readme;
mod record;
mod rules;
mod scaling;
mod server;
mod structure;
mod symbol;
mod votes;
