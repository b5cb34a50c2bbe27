//! The graph as RDF: vocabulary, items -> triples, the oxigraph store and
//! the quad index `build` writes (opened in place),
//! SPARQL evaluation and dumps.
//!
//! ```
//! use unsc_kg::rdf;
//! // The gazetteer the items were extracted with describes their actors.
//! let actors = unsc_kg::extract::actors::gazetteer::get();
//! let store = rdf::load_store(&[], actors).unwrap();
//! // No items, but the vocabulary is there.
//! let ask = "ASK { <https://w3id.org/unsc-kg/ontology#Vote> ?p ?o }";
//! let out = rdf::evaluate(&store, ask, |_| Some(rdf::Format::Json), None).unwrap();
//! assert_eq!(out.body, br#"{"head":{},"boolean":true}"#);
//! ```

mod classes;
pub mod dump;
pub mod guard;
pub mod index;
pub mod iri;
pub mod meter;
pub mod query;
pub mod store;
pub mod syntax;
pub mod triples;
pub mod vocab;

pub use dump::{write_nquads, write_nquads_with, write_turtle, write_turtle_with};
pub use query::{
    Backend, DatasetRequest, Format, Limits, Output, QueryError, ResultKind, Sink, evaluate,
    evaluate_into,
};
#[cfg(feature = "rocksdb")]
pub use store::open_store;
pub use store::{load_store, load_store_with, read_items};
pub use triples::{EvidenceMode, Object, Triple, triples, triples_with};
