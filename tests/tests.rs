//! All integration tests, in one binary (less linking on a small machine).

mod util;

mod export;
mod graph;
mod structure;
