//! What is known of actors beyond the items: the narrow view of the
//! gazetteer that the RDF layer needs.
//!
//! Items name some actors by id alone (an addressee, a member voting, a
//! state a speaker speaks for); their triples still give the actor a class
//! and a label. That knowledge comes from the run's gazetteer, which the
//! command layer loads once (`--gazetteer`) and passes down. It is a trait
//! here, at the bottom of the crate, so that RDF depends on the model only
//! and never on extraction, where the gazetteer lives.

/// A lookup of actors by id: the gazetteer is one. `Sync`, since `build`
/// finishes its RDF dumps on a thread of their own.
pub trait ActorDirectory: Sync {
    /// The preferred label and class of the actor `id`, if known.
    fn known_actor(&self, id: &str) -> Option<KnownActor<'_>>;
}

/// An actor as an [`ActorDirectory`] knows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownActor<'a> {
    /// The preferred label ("Mali", "MINUSMA").
    pub label: &'a str,
    /// The class: the local name of its `rdf:type` (`MemberState`, `Mission`).
    pub class: &'a str,
}
