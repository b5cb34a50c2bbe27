//! All integration tests, in one binary (less linking on a small machine).

mod util;

mod actors;
mod akn;
mod build;
mod citations;
mod commands;
mod export;
mod graph;
mod html;
mod inputs;
mod interop;
mod meetings;
mod offsets;
mod rdf;
mod readme;
mod record;
mod structure;
mod votes;
