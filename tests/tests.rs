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
mod meetings;
mod offsets;
mod rdf;
mod record;
mod rules;
mod structure;
mod symbol;
mod votes;
