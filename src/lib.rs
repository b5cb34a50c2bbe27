//! # unsc-kg
//!
//! Turns United Nations Security Council documents into a knowledge graph of
//! resolutions, actors, citations and votes.
//!
//! The pipeline runs one way: [`text`] reads and normalizes files,
//! [`extract`] finds documents, paragraphs, citations, actors and votes as a
//! stream of [`model::Item`]s, each with its evidence.
//!
//! ```
//! use unsc_kg::text::Text;
//! use unsc_kg::extract::extract_text;
//!
//! let text = Text::from_str("demo.txt", "The Security Council,\n\nRecalling its resolution 2374 (2017),\n");
//! let items = extract_text(&text);
//! assert!(items.iter().any(|i| i.kind() == "paragraph"));
//! ```

mod bytes;
pub mod cli;
pub mod cmd;
pub mod corpus;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod input;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod rdf;
pub mod rules;
pub mod server;
pub mod slug;
pub mod symbol;
pub mod text;

pub use error::{Error, Result};
