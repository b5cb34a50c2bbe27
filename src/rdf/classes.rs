//! The RDF classes of an actor class name, read from the ontology rather
//! than coded: an extractor's class (`Mission`, the classes of
//! `ontology/actors.ttl`) is the class of that local name in
//! `ontology/unsc.ttl`, stated together with the classes outside our
//! vocabulary it specialises there (`org:Organization`, `foaf:Group`,
//! `foaf:Person`), so that a query for organisations finds missions without
//! a reasoner. A new actor class is then a class in `unsc.ttl` and actors of
//! it in `actors.ttl`, no code.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::store::ONTOLOGY_TTL;
use super::vocab::unsc;

const RDFS_SUB_CLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

/// Our classes that actors (and places) take, each with the classes to
/// state with it: itself first, then its superclasses outside `unsc:`.
static CLASSES: LazyLock<FxHashMap<String, Vec<String>>> =
    LazyLock::new(|| hierarchy(ONTOLOGY_TTL));

/// The classes of `ttl` that specialise `unsc:Actor`, and `unsc:Place`, by
/// local name, each with itself and its superclasses outside `unsc:`.
fn hierarchy(ttl: &str) -> FxHashMap<String, Vec<String>> {
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::{NamedOrBlankNode, Term};
    let mut supers: FxHashMap<String, Vec<String>> = FxHashMap::default();
    // The ontology is compiled in and parsed by a test: a quad that does not
    // parse cannot occur at run time, and is skipped rather than fatal.
    for q in RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ttl.as_bytes())
        .flatten()
    {
        if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object)
            && q.predicate.as_str() == RDFS_SUB_CLASS_OF
        {
            supers
                .entry(s.as_str().to_string())
                .or_default()
                .push(o.as_str().to_string());
        }
    }
    let mut out = FxHashMap::default();
    for (class, ups) in supers {
        let Some(local) = class.strip_prefix(unsc::NS) else {
            continue;
        };
        if !ups.iter().any(|u| u == unsc::ACTOR) {
            continue;
        }
        let mut all = vec![class.clone()];
        all.extend(ups.into_iter().filter(|u| !u.starts_with(unsc::NS)));
        out.insert(local.to_string(), all);
    }
    out.insert("Place".to_string(), vec![unsc::REGION_OR_CITY.to_string()]);
    out
}

/// The classes to state for an extractor's actor class name (`State` is
/// `MemberState`); empty when the ontology does not declare it.
pub fn actor_classes(name: &str) -> &'static [String] {
    let local = match name {
        "State" => "MemberState",
        n => n,
    };
    CLASSES.get(local).map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::vocab::{foaf, org};

    #[test]
    fn classes_come_with_the_standard_classes_they_specialise() {
        assert_eq!(actor_classes("Mission"), [unsc::MISSION, org::ORGANIZATION]);
        assert_eq!(actor_classes("State"), [unsc::MEMBER_STATE]);
        assert_eq!(actor_classes("Group"), [unsc::GROUP, foaf::GROUP]);
        assert_eq!(actor_classes("Person"), [unsc::PERSON, foaf::PERSON]);
        assert_eq!(actor_classes("UNOfficial"), [unsc::UN_OFFICIAL]);
        assert_eq!(actor_classes("Place"), [unsc::REGION_OR_CITY]);
        assert!(actor_classes("Treaty").is_empty());
    }

    #[test]
    fn a_class_declared_in_the_ontology_is_an_actor_class() {
        let ttl = format!(
            "@prefix unsc: <{}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
             unsc:PoliceComponent rdfs:subClassOf unsc:Actor, <http://www.w3.org/ns/org#Organization> .\n\
             unsc:Treaty rdfs:subClassOf unsc:Document .",
            unsc::NS
        );
        let h = hierarchy(&ttl);
        assert_eq!(
            h["PoliceComponent"],
            [
                format!("{}PoliceComponent", unsc::NS),
                org::ORGANIZATION.to_string()
            ]
        );
        assert!(!h.contains_key("Treaty"));
    }
}
