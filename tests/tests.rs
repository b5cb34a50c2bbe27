//! All integration tests, in one binary (less linking on a small machine).

mod util;

mod actors;
mod akn;
mod build;
mod citations;
mod commands;
mod export;
mod graph;
mod inputs;
mod meetings;
mod offsets;
mod rdf;
mod scaling;
mod structure;
mod votes;
