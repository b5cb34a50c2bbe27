//! Items -> triples.
//!
//! Every item becomes a small star of triples around an IRI, with its
//! evidence attached in one of two forms ([`EvidenceMode`]):
//!
//! - **annotation**: a Web Annotation. The fact points to an evidence node
//!   (`unsc:evidence`), which names the rule and targets a
//!   `oa:SpecificResource` of the source file, selected by byte position
//!   (`oa:DataPositionSelector`, since our offsets are bytes, not
//!   characters) and by quote (`oa:TextQuoteSelector`): 13 triples a fact.
//! - **compact** (the default): the same file, span, quote and rule in 3
//!   triples. The fact points (`unsc:evidence`) to the span itself, one IRI:
//!   the source file's IRI with the fragment `#bytes=START,END`, modelled
//!   on RFC 5147's `#char=START,END` but saying bytes, since our offsets
//!   are bytes of the file as it is on disk (RFC 5147 counts characters).
//!   The span carries its quote (`oa:exact`: a span has one quote), the
//!   fact its rule (`unsc:rule`: one span may be read by several rules).
//!   What compact does not say: when one node has evidence from several
//!   rules (a meeting read from its record and from a Repertoire row), which
//!   rule read which span.
//!
//! Facts that relate two things (a citation, a vote, an addressee) are
//! reified as nodes of their own so that their evidence and attributes hang
//! off them, and are also written as a direct "shortcut" triple
//! (`cito:cites`, `unsc:addresses`, `unsc:adoptedAs`) for simple queries.
//!
//! Actors are described once, after all items are read: the preferred label
//! is the most frequent label seen, the others become `skos:altLabel`.
//! Documents that are only referenced (cited, voted on) get a minimal
//! description from their symbol. The output is a sorted set: deterministic
//! and free of duplicates.

mod evidence;
mod items;

pub(crate) use evidence::*;
use items::*;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use oxigraph::model::{LiteralRef, NamedNodeRef, TermRef, TripleRef};

use super::iri;
use super::vocab::{LEXVO_639_3, cito, dcterms, eli, fabio, foaf, oa, rdf, skos, unsc};
use crate::model::{
    ActorDirectory, ActorItem, AddresseeItem, CitationItem, DecisionItem, DocType, DocumentItem,
    Evidence, Item, MandateItem, MeetingItem, Outcome, ParagraphItem, ParagraphRole, PlaceItem,
    Position, SpeakerItem, VoteItem, WarningItem,
};

/// How a fact's evidence is written: see the module documentation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum EvidenceMode {
    /// A Web Annotation node per piece of evidence (13 triples a fact).
    Annotation,
    /// The span as one IRI (`...#bytes=120,142`) with its quote, the rule
    /// on the fact (3 triples a fact).
    #[default]
    Compact,
}

impl EvidenceMode {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceMode::Annotation => "annotation",
            EvidenceMode::Compact => "compact",
        }
    }

    /// The mode named `s` (`annotation`, `compact`).
    pub fn parse(s: &str) -> Option<EvidenceMode> {
        match s {
            "annotation" => Some(EvidenceMode::Annotation),
            "compact" => Some(EvidenceMode::Compact),
            _ => None,
        }
    }
}

/// The object of a triple.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    /// A named node.
    Iri(Arc<str>),
    /// A literal, `xsd:string` when no datatype is given.
    Literal {
        /// The lexical form.
        value: Arc<str>,
        /// The datatype IRI, if not `xsd:string`.
        datatype: Option<&'static str>,
    },
}

/// One triple; subjects and predicates are always IRIs (no blank nodes).
/// Strings are shared between the triples of a node, so that a large
/// corpus fits in memory while the triples are sorted.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Triple {
    /// Subject IRI.
    pub subject: Arc<str>,
    /// Predicate IRI.
    pub predicate: &'static str,
    /// Object.
    pub object: Object,
}

/// An object by reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectRef<'a> {
    /// A named node.
    Iri(&'a str),
    /// A literal, `xsd:string` when no datatype is given.
    Literal {
        /// The lexical form.
        value: &'a str,
        /// The datatype IRI, if not `xsd:string`.
        datatype: Option<&'static str>,
    },
}

/// A triple by reference: what the writers take, so that triples made on
/// the fly (the evidence nodes of a dump) need no shared strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Statement<'a> {
    /// Subject IRI.
    pub subject: &'a str,
    /// Predicate IRI.
    pub predicate: &'static str,
    /// Object.
    pub object: ObjectRef<'a>,
}

impl<'a> Statement<'a> {
    /// A statement with an IRI object.
    pub fn iri(subject: &'a str, predicate: &'static str, object: &'a str) -> Self {
        Statement {
            subject,
            predicate,
            object: ObjectRef::Iri(object),
        }
    }

    /// A statement with a literal object (`xsd:string` without datatype).
    pub fn literal(
        subject: &'a str,
        predicate: &'static str,
        value: &'a str,
        datatype: Option<&'static str>,
    ) -> Self {
        Statement {
            subject,
            predicate,
            object: ObjectRef::Literal { value, datatype },
        }
    }
}

impl Triple {
    /// The triple by reference.
    pub fn statement(&self) -> Statement<'_> {
        Statement {
            subject: &self.subject,
            predicate: self.predicate,
            object: match &self.object {
                Object::Iri(i) => ObjectRef::Iri(i),
                Object::Literal { value, datatype } => ObjectRef::Literal {
                    value,
                    datatype: *datatype,
                },
            },
        }
    }

    /// The triple as an oxigraph triple reference (no copying).
    pub fn as_ref(&self) -> TripleRef<'_> {
        let object: TermRef<'_> = match &self.object {
            Object::Iri(i) => NamedNodeRef::new_unchecked(i).into(),
            Object::Literal {
                value,
                datatype: None,
            } => LiteralRef::new_simple_literal(value).into(),
            Object::Literal {
                value,
                datatype: Some(dt),
            } => LiteralRef::new_typed_literal(value, NamedNodeRef::new_unchecked(dt)).into(),
        };
        TripleRef::new(
            NamedNodeRef::new_unchecked(&self.subject),
            NamedNodeRef::new_unchecked(self.predicate),
            object,
        )
    }
}

/// Converts the item stream into a sorted, duplicate-free list of triples,
/// evidence in the default form ([`EvidenceMode::Compact`]). `actors` (the
/// gazetteer the items were extracted with) gives the class and label of
/// the actors the items name only by id.
pub fn triples(items: &[Item], actors: &dyn ActorDirectory) -> Vec<Triple> {
    triples_with(items, actors, EvidenceMode::default())
}

/// [`triples`] with the evidence in the form `mode`.
pub fn triples_with(
    items: &[Item],
    actors: &dyn ActorDirectory,
    mode: EvidenceMode,
) -> Vec<Triple> {
    let mut b = Builder {
        mode,
        ..Builder::default()
    };
    b.add(items);
    let notes = std::mem::take(&mut b.notes);
    b.describe(&notes, actors);
    b.sorted()
}

/// Triples an item gives, for reserving room: on the record-sized corpus
/// a file's items give 8.6 triples each (before duplicates are dropped;
/// 90 % of files under 9.3, the most 10.9), so that few lists grow.
const TRIPLES_PER_ITEM: usize = 11;

/// The triples of one part of the item stream (one file's items) and what
/// they say about nodes that other parts share, to be described once all
/// parts are in ([`describe`]). With `links_only`, the evidence nodes are
/// left out (only the facts' links to them are in): the caller writes them
/// from [`Annotation`] or [`Span`].
pub(crate) fn part_triples<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    links_only: bool,
    mode: EvidenceMode,
) -> (Vec<Triple>, Notes) {
    let items = items.into_iter();
    // Room for the triples of the items, so that the lists do not grow
    // by copying (see TRIPLES_PER_ITEM).
    let room = items.size_hint().0 * TRIPLES_PER_ITEM;
    let mut b = Builder {
        links_only,
        mode,
        out: Vec::with_capacity(room),
        keys: Vec::with_capacity(room),
        ..Builder::default()
    };
    b.add(items);
    let notes = std::mem::take(&mut b.notes);
    (b.grouped(), notes)
}

/// The triples that describe actors and the documents that are referenced
/// but never declared, from the notes of every part; `actors` describes
/// those the notes only name.
pub(crate) fn describe(notes: &Notes, actors: &dyn ActorDirectory) -> Vec<Triple> {
    let mut b = Builder::default();
    b.describe(notes, actors);
    b.grouped()
}

impl Builder {
    fn add<'a>(&mut self, items: impl IntoIterator<Item = &'a Item>) {
        let b = self;
        for item in items {
            match item {
                Item::Document(x) => b.document(x),
                Item::Paragraph(x) => b.paragraph(x),
                Item::Citation(x) => b.citation(x),
                Item::Actor(x) => b.actor(x),
                Item::Place(x) => b.place(x),
                Item::Addressee(x) => b.addressee(x),
                Item::Mandate(x) => b.mandate(x),
                Item::Vote(x) => b.vote(x),
                Item::Decision(x) => b.decision(x),
                Item::Speaker(x) => b.speaker(x),
                Item::Meeting(x) => b.meeting(x),
                Item::Warning(x) => b.warning(x),
            }
        }
    }
}

/// What is known about an actor across all items.
#[derive(Default)]
struct ActorInfo {
    labels: BTreeMap<String, usize>,
    classes: BTreeSet<String>,
}

/// What the items say about nodes that are described once for the whole
/// corpus: the actors (labels, classes) and which documents are declared
/// and which only referenced.
#[derive(Default)]
pub(crate) struct Notes {
    actors: BTreeMap<String, ActorInfo>,
    declared_docs: BTreeSet<String>,
    referenced_docs: BTreeSet<String>,
    /// Referenced documents a source states are presidential statements
    /// whatever their symbol (see [`DecisionItem::made_type`]).
    statements: BTreeSet<String>,
}

impl Notes {
    /// Adds what `other` noted.
    pub(crate) fn merge(&mut self, other: Notes) {
        for (id, info) in other.actors {
            let mine = self.actors.entry(id).or_default();
            for (label, n) in info.labels {
                *mine.labels.entry(label).or_default() += n;
            }
            mine.classes.extend(info.classes);
        }
        self.declared_docs.extend(other.declared_docs);
        self.referenced_docs.extend(other.referenced_docs);
        self.statements.extend(other.statements);
    }
}

#[derive(Default)]
struct Builder {
    out: Vec<Triple>,
    /// For each triple of `out`, its identity in interned ids.
    keys: Vec<Key>,
    /// Every string once, with its id: the order of first use.
    strings: rustc_hash::FxHashMap<Arc<str>, u32>,
    /// Ids of the static strings (predicates, datatypes), by their text:
    /// a constant may have several addresses.
    statics: rustc_hash::FxHashMap<&'static str, u32>,
    /// The same ids by a static string's address and length: most calls
    /// pass the same few constants, found so without hashing their text.
    static_addresses: rustc_hash::FxHashMap<(usize, usize), u32>,
    /// The last source file's path and IRI ([`iri::file`]): a file's facts
    /// come together.
    file: Option<(String, Arc<str>)>,
    /// The last subject and its id.
    subject: Option<(Arc<str>, u32)>,
    notes: Notes,
    /// Evidence as links only ([`part_triples`]).
    links_only: bool,
    /// How evidence is written.
    mode: EvidenceMode,
}

/// A triple of one [`Builder`] by the ids of its strings: equal keys, equal
/// triples.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    subject: u32,
    object: u32,
    predicate: u32,
    /// 0 for an IRI object, 1 for a plain literal, 2 + the datatype's id.
    object_kind: u32,
}

impl Builder {
    /// The shared copy of `s` and its id.
    fn intern(&mut self, s: &str) -> (Arc<str>, u32) {
        if let Some((a, id)) = self.strings.get_key_value(s) {
            return (Arc::clone(a), *id);
        }
        let id = self.strings.len() as u32;
        let a: Arc<str> = Arc::from(s);
        self.strings.insert(Arc::clone(&a), id);
        (a, id)
    }

    /// The id of a static string: the same for the same text.
    fn static_id(&mut self, s: &'static str) -> u32 {
        let address = (s.as_ptr() as usize, s.len());
        if let Some(&id) = self.static_addresses.get(&address) {
            return id;
        }
        let n = self.statics.len() as u32;
        let id = *self.statics.entry(s).or_insert(n);
        self.static_addresses.insert(address, id);
        id
    }

    /// The IRI of the source file at `path` ([`iri::file`]), kept for the
    /// file's next facts.
    fn file_iri(&mut self, path: &str) -> Arc<str> {
        match &self.file {
            Some((last, iri)) if last == path => Arc::clone(iri),
            _ => {
                let iri: Arc<str> = iri::file(path).into();
                self.file = Some((path.to_string(), Arc::clone(&iri)));
                iri
            }
        }
    }

    fn push(&mut self, s: &str, p: &'static str, object: Object, object_id: u32) {
        // A node's statements come one after another: its subject is
        // compared with the last before it is looked up.
        let (subject, subject_id) = match &self.subject {
            Some((last, id)) if **last == *s => (Arc::clone(last), *id),
            _ => {
                let interned = self.intern(s);
                self.subject = Some(interned.clone());
                interned
            }
        };
        let object_kind = match &object {
            Object::Iri(_) => 0,
            Object::Literal { datatype: None, .. } => 1,
            Object::Literal {
                datatype: Some(dt), ..
            } => 2 + self.static_id(dt),
        };
        let predicate = self.static_id(p);
        self.keys.push(Key {
            subject: subject_id,
            object: object_id,
            predicate,
            object_kind,
        });
        self.out.push(Triple {
            subject,
            predicate: p,
            object,
        });
    }

    fn iri(&mut self, s: &str, p: &'static str, o: &str) {
        let (o, id) = self.intern(o);
        self.push(s, p, Object::Iri(o), id);
    }

    fn lit(&mut self, s: &str, p: &'static str, v: &str) {
        let (value, id) = self.intern(v);
        self.push(
            s,
            p,
            Object::Literal {
                value,
                datatype: None,
            },
            id,
        );
    }

    fn typed(&mut self, s: &str, p: &'static str, v: &str, dt: &'static str) {
        let (value, id) = self.intern(v);
        self.push(
            s,
            p,
            Object::Literal {
                value,
                datatype: Some(dt),
            },
            id,
        );
    }

    fn a(&mut self, s: &str, class: &'static str) {
        self.iri(s, rdf::TYPE, class);
    }

    fn date(&mut self, s: &str, p: &'static str, date: &str) {
        if let Some((v, dt)) = date_literal(date) {
            self.typed(s, p, &v, dt);
        }
    }

    /// Attaches `ev` to `fact` in the builder's [`EvidenceMode`]: the link
    /// (and in compact form the rule), and the evidence's own triples
    /// unless the caller writes them ([`part_triples`]).
    fn evidence(&mut self, fact: &str, ev: &Evidence) {
        if self.mode == EvidenceMode::Compact {
            let file = self.file_iri(&ev.file);
            let span = Span::new(ev, Cow::Borrowed(&file));
            self.iri(fact, unsc::EVIDENCE_PROP, span.iri());
            self.lit(fact, unsc::RULE, &ev.rule);
            if !self.links_only {
                for t in span.statements().iter().chain(&span.file_statements()) {
                    self.statement(t);
                }
            }
            return;
        }
        if self.links_only {
            self.iri(fact, unsc::EVIDENCE_PROP, &Annotation::node(ev));
            return;
        }
        let file = self.file_iri(&ev.file);
        let a = Annotation::new(ev, Cow::Borrowed(&file));
        self.iri(fact, unsc::EVIDENCE_PROP, a.node_iri());
        for t in a.statements().iter().chain(&a.file_statements()) {
            self.statement(t);
        }
    }

    fn statement(&mut self, t: &Statement<'_>) {
        match t.object {
            ObjectRef::Iri(o) => self.iri(t.subject, t.predicate, o),
            ObjectRef::Literal {
                value,
                datatype: None,
            } => self.lit(t.subject, t.predicate, value),
            ObjectRef::Literal {
                value,
                datatype: Some(dt),
            } => self.typed(t.subject, t.predicate, value, dt),
        }
    }

    /// Notes that a document is referenced; returns its IRI.
    fn doc_ref(&mut self, id: &str) -> String {
        if !self.notes.referenced_docs.contains(id) {
            self.notes.referenced_docs.insert(id.to_string());
        }
        iri::document(id)
    }

    /// Notes that an actor is referenced; returns its IRI.
    fn actor_ref(&mut self, id: &str, label: Option<&str>, class: Option<&str>) -> String {
        // Looked up before an owned key is made: most ids recur.
        if !self.notes.actors.contains_key(id) {
            self.notes
                .actors
                .insert(id.to_string(), ActorInfo::default());
        }
        let Some(info) = self.notes.actors.get_mut(id) else {
            unreachable!("inserted above")
        };
        if let Some(l) = label.map(str::trim).filter(|l| !l.is_empty()) {
            match info.labels.get_mut(l) {
                Some(n) => *n += 1,
                None => {
                    info.labels.insert(l.to_string(), 1);
                }
            }
        }
        if let Some(c) = class.map(str::trim).filter(|c| !c.is_empty())
            && !info.classes.contains(c)
        {
            info.classes.insert(c.to_string());
        }
        iri::actor(id)
    }

    fn meeting_ref(&mut self, record: &str) -> String {
        let m = iri::meeting(record);
        let doc = self.doc_ref(record);
        self.a(&m, unsc::MEETING);
        self.iri(&m, unsc::MEETING_RECORD_PROP, &doc);
        self.lit(&m, rdf::LABEL, &format!("Meeting {}", record.trim()));
        let number = record.trim().trim_start_matches("S/PV.");
        if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            self.typed(&m, unsc::MEETING_NUMBER, number, rdf::XSD_INTEGER);
        }
        m
    }

    /// The triples without duplicates, grouped by subject: subjects in the
    /// order their IRI was first used, each subject's triples in the order
    /// they were stated. Cheaper than [`Builder::sorted`] (integers only),
    /// as deterministic.
    fn grouped(self) -> Vec<Triple> {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(self.keys.len());
        let kept: Vec<(u32, u32)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| seen.insert(**k))
            .map(|(i, k)| (k.subject, i as u32))
            .collect();
        let mut slots: Vec<Option<Triple>> = self.out.into_iter().map(Some).collect();
        let mut grouped = Vec::with_capacity(kept.len());
        grouped.extend(
            by_subject(&kept)
                .into_iter()
                .filter_map(|i| slots[i as usize].take()),
        );
        grouped
    }

    /// The triples, sorted and without duplicates.
    fn sorted(self) -> Vec<Triple> {
        let mut out = self.out;
        // The order and equality of the derived `Ord`, faster: strings are
        // interned, so the same pointer means the same string. Sorted on
        // every core: equal triples are identical, so the result does not
        // depend on how the work is split.
        rayon::slice::ParallelSliceMut::par_sort_unstable_by(&mut out[..], fast_cmp);
        out.dedup_by(|a, b| fast_cmp(a, b) == Ordering::Equal);
        out
    }
}

/// The indices of `kept` (subject, index pairs, indices rising) grouped
/// by subject, subjects in rising order, indices rising within each: what
/// sorting the pairs gives, by counting instead (subjects are interned
/// numbers below the number of terms; the sort was 1 % of a build).
fn by_subject(kept: &[(u32, u32)]) -> Vec<u32> {
    let subjects = kept.iter().map(|&(s, _)| s as usize + 1).max().unwrap_or(0);
    let mut next = vec![0usize; subjects + 1];
    for &(s, _) in kept {
        next[s as usize + 1] += 1;
    }
    for s in 1..next.len() {
        next[s] += next[s - 1];
    }
    let mut out = vec![0u32; kept.len()];
    for &(s, i) in kept {
        out[next[s as usize]] = i;
        next[s as usize] += 1;
    }
    out
}

/// Compares two interned strings: equal pointers are equal strings.
fn cmp_str(a: &Arc<str>, b: &Arc<str>) -> Ordering {
    if Arc::ptr_eq(a, b) {
        Ordering::Equal
    } else {
        a.cmp(b)
    }
}

/// `a.cmp(b)` for triples of one [`Builder`] (strings interned).
fn fast_cmp(a: &Triple, b: &Triple) -> Ordering {
    cmp_str(&a.subject, &b.subject)
        .then_with(|| {
            if std::ptr::eq(a.predicate, b.predicate) {
                Ordering::Equal
            } else {
                a.predicate.cmp(b.predicate)
            }
        })
        .then_with(|| match (&a.object, &b.object) {
            (Object::Iri(x), Object::Iri(y)) => cmp_str(x, y),
            (
                Object::Literal {
                    value: x,
                    datatype: dx,
                },
                Object::Literal {
                    value: y,
                    datatype: dy,
                },
            ) => cmp_str(x, y).then_with(|| dx.cmp(dy)),
            (x, y) => x.cmp(y),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_triples_are_one_whatever_the_address_of_their_constants() {
        // A constant may be stored at several addresses: equality is by
        // text.
        let copy: &'static str = Box::leak(cito::CITES.to_string().into_boxed_str());
        let dt: &'static str = Box::leak(rdf::XSD_INTEGER.to_string().into_boxed_str());
        let mut b = Builder::default();
        b.iri("s", cito::CITES, "o");
        b.iri("s", copy, "o");
        b.typed("s", unsc::NUMBER, "4", rdf::XSD_INTEGER);
        b.typed("s", unsc::NUMBER, "4", dt);
        b.lit("s", unsc::NUMBER, "4");
        b.iri("t", cito::CITES, "s");
        b.iri("s", cito::CITES, "p");
        let got: Vec<(String, String)> = b
            .grouped()
            .iter()
            .map(|t| (t.subject.to_string(), format!("{:?}", t.object)))
            .collect();
        // Grouped by subject in order of first use, then as stated.
        let subjects: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(subjects, ["s", "s", "s", "s", "t"]);
        assert!(
            got[1].1.contains("xsd") || got[1].1.contains("XMLSchema"),
            "{got:?}"
        );
        assert!(got[2].1.contains("datatype: None"), "{got:?}");
        assert!(got[3].1.contains("\"p\""), "{got:?}");
    }

    proptest::proptest! {
        // Indices rising with gaps (duplicates dropped), subjects in any
        // order, some many times.
        #[test]
        fn by_subject_orders_as_sorting_the_pairs(
            subjects in proptest::collection::vec(0u32..40, 0..300)
        ) {
            let kept: Vec<(u32, u32)> = subjects
                .iter()
                .enumerate()
                .map(|(i, &s)| (s, 3 * i as u32))
                .collect();
            let mut sorted = kept.clone();
            sorted.sort_unstable();
            let want: Vec<u32> = sorted.iter().map(|&(_, i)| i).collect();
            proptest::prop_assert_eq!(by_subject(&kept), want);
        }
    }

    /// A gazetteer that knows `x` and `z`.
    struct TwoActors;

    impl ActorDirectory for TwoActors {
        fn known_actor(&self, id: &str) -> Option<crate::model::KnownActor<'_>> {
            let (label, class) = match id {
                "x" => ("Known X", "Mission"),
                "z" => ("Known Z", "Mission"),
                _ => return None,
            };
            Some(crate::model::KnownActor { label, class })
        }
    }

    #[test]
    fn the_directory_describes_only_what_the_items_leave_unsaid() {
        let ev = Evidence {
            file: "a.txt".into(),
            start: 0,
            end: 1,
            text: "X".into(),
            rule: "r".into(),
        };
        let addressed = |actor: &str| {
            Item::Addressee(AddresseeItem {
                doc: "d".into(),
                paragraph: "d#op1".into(),
                verb: "requests".into(),
                actor: actor.into(),
                ev: ev.clone(),
            })
        };
        // `x` and `y` are only addressed; `z` is also mentioned, with a
        // label and a class of its own.
        let items = [
            addressed("x"),
            addressed("y"),
            addressed("z"),
            Item::Actor(ActorItem {
                doc: "d".into(),
                paragraph: None,
                actor: "z".into(),
                label: "Zed".into(),
                class: "Force".into(),
                role: None,
                represents: None,
                part_of: None,
                ev: ev.clone(),
            }),
        ];
        let all = triples(&items, &TwoActors);
        let about = |id: &str, p: &str| -> Vec<String> {
            let s = iri::actor(id);
            let mut v: Vec<String> = all
                .iter()
                .filter(|t| &*t.subject == s.as_str() && t.predicate == p)
                .map(|t| match &t.object {
                    Object::Iri(o) => o.rsplit(['#', '/']).next().unwrap_or("").to_string(),
                    Object::Literal { value, .. } => value.to_string(),
                })
                .collect();
            v.sort();
            v
        };
        let ours = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .filter(|c| matches!(c.as_str(), "Mission" | "Force"))
                .collect()
        };
        assert_eq!(ours(about("x", rdf::TYPE)), ["Mission"]);
        assert_eq!(about("x", skos::PREF_LABEL), ["Known X"]);
        assert_eq!(ours(about("y", rdf::TYPE)), Vec::<String>::new());
        assert_eq!(about("y", skos::PREF_LABEL), ["Y"]);
        assert_eq!(ours(about("z", rdf::TYPE)), ["Force"]);
        assert_eq!(about("z", skos::PREF_LABEL), ["Zed"]);
    }

    #[test]
    fn tally_with_en_dashes() {
        assert_eq!(parse_tally("13–0–2"), Some([13, 0, 2]));
        assert_eq!(parse_tally("13 votes"), None);
    }

    #[test]
    fn fallback_labels() {
        assert_eq!(label_from_id("state/burkina-faso"), "Burkina Faso");
        assert_eq!(label_from_id("malian-parties"), "Malian Parties");
    }

    #[test]
    fn dates() {
        assert_eq!(date_literal("2020-06-29").map(|d| d.1), Some(rdf::XSD_DATE));
        assert_eq!(date_literal("2023").map(|d| d.1), Some(rdf::XSD_GYEAR));
        assert_eq!(date_literal("June 2020"), None);
    }
}
