//! Items -> triples.
//!
//! Every item becomes a small star of triples around an IRI, with its
//! evidence attached as a Web Annotation: the fact points to an evidence
//! node (`unsc:evidence`), which names the rule and targets a
//! `oa:SpecificResource` of the source file, selected by byte position
//! (`oa:DataPositionSelector`, since our offsets are bytes, not characters)
//! and by quote (`oa:TextQuoteSelector`).
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

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use oxigraph::model::{LiteralRef, NamedNodeRef, TermRef, TripleRef};

use super::iri;
use super::vocab::{LEXVO_639_3, cito, dcterms, eli, fabio, foaf, oa, org, rdf, skos, unsc};
use crate::model::{
    ActorItem, AddresseeItem, CitationItem, DecisionItem, DocType, DocumentItem, Evidence, Item,
    MandateItem, MeetingItem, Outcome, ParagraphItem, ParagraphRole, PlaceItem, Position,
    SpeakerItem, VoteItem, WarningItem,
};

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

/// Converts the item stream into a sorted, duplicate-free list of triples.
pub fn triples(items: &[Item]) -> Vec<Triple> {
    let mut b = Builder::default();
    b.add(items);
    let notes = std::mem::take(&mut b.notes);
    b.describe(&notes);
    b.sorted()
}

/// The triples of one part of the item stream (one file's items) and what
/// they say about nodes that other parts share, to be described once all
/// parts are in ([`describe`]). With `links_only`, the evidence nodes are
/// left out (only the facts' links to them are in): the caller writes them
/// from [`Annotation`].
pub(crate) fn part_triples<'a>(
    items: impl IntoIterator<Item = &'a Item>,
    links_only: bool,
) -> (Vec<Triple>, Notes) {
    let mut b = Builder {
        links_only,
        ..Builder::default()
    };
    b.add(items);
    let notes = std::mem::take(&mut b.notes);
    (b.grouped(), notes)
}

/// The triples that describe actors and the documents that are referenced
/// but never declared, from the notes of every part.
pub(crate) fn describe(notes: &Notes) -> Vec<Triple> {
    let mut b = Builder::default();
    b.describe(notes);
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

/// The Web Annotation of one piece of evidence: an evidence node naming
/// the rule, which targets a `oa:SpecificResource` of the source file,
/// selected by byte position and by quote. Its IRIs are minted from the
/// file, the span and the rule, so equal evidence is one node.
pub(crate) struct Annotation<'a> {
    ev: &'a Evidence,
    /// The node's IRI, its `#target`, `#bytes` and `#quote`, the start and
    /// the end, one after the other.
    buf: String,
    /// Where each of the six ends in `buf`.
    ends: [usize; 6],
    /// The source file's IRI.
    file: Cow<'a, str>,
}

impl<'a> Annotation<'a> {
    /// The IRI of the evidence node of `ev`.
    pub(crate) fn node(ev: &Evidence) -> String {
        let mut n = itoa::Buffer::new();
        let mut m = itoa::Buffer::new();
        let parts = [&*ev.file, n.format(ev.start), m.format(ev.end), &*ev.rule];
        iri::minted("evidence", &parts)
    }

    /// The annotation of `ev`; `file` is the IRI of its source file
    /// ([`iri::file`]), made once by callers that annotate many facts of
    /// one file.
    pub(crate) fn new(ev: &'a Evidence, file: Cow<'a, str>) -> Annotation<'a> {
        let node = Self::node(ev);
        let mut buf = String::with_capacity(4 * node.len() + 40);
        buf.push_str(&node);
        let mut ends = [buf.len(); 6];
        for (i, suffix) in ["#target", "#bytes", "#quote"].into_iter().enumerate() {
            buf.push_str(&node);
            buf.push_str(suffix);
            ends[i + 1] = buf.len();
        }
        buf.push_str(itoa::Buffer::new().format(ev.start));
        ends[4] = buf.len();
        buf.push_str(itoa::Buffer::new().format(ev.end));
        ends[5] = buf.len();
        Annotation {
            ev,
            buf,
            ends,
            file,
        }
    }

    /// The evidence node's IRI.
    fn node_iri(&self) -> &str {
        self.part(0)
    }

    fn part(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// The triples of the evidence node, its target and its selectors. The
    /// node is typed `oa:Annotation` as the Web Annotation model requires
    /// (a reader without the vocabulary does not infer it from
    /// `unsc:Evidence`).
    pub(crate) fn statements(&self) -> [Statement<'_>; 13] {
        let [node, target, bytes, quote, start, end] = [0, 1, 2, 3, 4, 5].map(|i| self.part(i));
        let count = Some(rdf::XSD_NON_NEGATIVE_INTEGER);
        let ev = self.ev;
        [
            Statement::iri(node, rdf::TYPE, unsc::EVIDENCE),
            Statement::iri(node, rdf::TYPE, oa::ANNOTATION),
            Statement::literal(node, unsc::RULE, &ev.rule, None),
            Statement::iri(node, oa::HAS_TARGET, target),
            Statement::iri(target, rdf::TYPE, oa::SPECIFIC_RESOURCE),
            Statement::iri(target, oa::HAS_SOURCE, &self.file),
            Statement::iri(target, oa::HAS_SELECTOR, bytes),
            Statement::iri(target, oa::HAS_SELECTOR, quote),
            Statement::iri(bytes, rdf::TYPE, oa::DATA_POSITION_SELECTOR),
            Statement::literal(bytes, oa::START, start, count),
            Statement::literal(bytes, oa::END, end, count),
            Statement::iri(quote, rdf::TYPE, oa::TEXT_QUOTE_SELECTOR),
            Statement::literal(quote, oa::EXACT, &ev.text, None),
        ]
    }

    /// The triples of the source file's node.
    pub(crate) fn file_statements(&self) -> [Statement<'_>; 3] {
        let (file, path) = (&*self.file, &*self.ev.file);
        [
            Statement::iri(file, rdf::TYPE, unsc::SOURCE_FILE),
            Statement::literal(file, unsc::PATH, path, None),
            Statement::literal(file, rdf::LABEL, path, None),
        ]
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
    notes: Notes,
    /// Evidence as links only ([`part_triples`]).
    links_only: bool,
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
        let n = self.statics.len() as u32;
        *self.statics.entry(s).or_insert(n)
    }

    fn push(&mut self, s: &str, p: &'static str, object: Object, object_id: u32) {
        let (subject, subject_id) = self.intern(s);
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

    /// Attaches `ev` to `fact` as a Web Annotation: the link, and the
    /// evidence node's own triples unless the caller writes them
    /// ([`part_triples`]).
    fn evidence(&mut self, fact: &str, ev: &Evidence) {
        if self.links_only {
            self.iri(fact, unsc::EVIDENCE_PROP, &Annotation::node(ev));
            return;
        }
        let a = Annotation::new(ev, Cow::Owned(iri::file(&ev.file)));
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

    fn document(&mut self, d: &DocumentItem) {
        self.notes.declared_docs.insert(d.id.clone());
        let s = iri::document(&d.id);
        self.a(&s, unsc::DOCUMENT);
        self.a(&s, doc_class(d.doc_type));
        self.a(&s, fabio::WORK);
        if d.doc_type == DocType::Resolution {
            self.a(&s, eli::LEGAL_RESOURCE);
        }
        self.lit(&s, dcterms::IDENTIFIER, &d.id);
        if let Some(sym) = &d.symbol {
            self.lit(&s, unsc::SYMBOL, sym);
        }
        let label = d.symbol.as_deref().or(d.title.as_deref()).unwrap_or(&d.id);
        self.lit(&s, rdf::LABEL, label);
        if let Some(t) = &d.title {
            self.lit(&s, dcterms::TITLE, t);
        }
        if let Some(date) = &d.date {
            self.date(&s, dcterms::DATE, date);
        }
        if let Some(agenda) = &d.agenda_item {
            let c = iri::concept("agenda", agenda);
            self.a(&c, unsc::AGENDA_ITEM);
            self.a(&c, skos::CONCEPT);
            self.lit(&c, skos::PREF_LABEL, agenda);
            self.lit(&c, rdf::LABEL, agenda);
            self.iri(&s, unsc::AGENDA_ITEM_PROP, &c);
        }
        for a in &d.authors {
            self.lit(&s, unsc::AUTHOR_NAME, a);
        }
        if let Some(lang) = &d.language
            && lang.len() == 3
            && lang.bytes().all(|b| b.is_ascii_lowercase())
        {
            self.iri(&s, dcterms::LANGUAGE, &format!("{LEXVO_639_3}{lang}"));
        }
        if let Some(parent) = &d.part_of {
            let p = self.doc_ref(parent);
            self.iri(&s, dcterms::IS_PART_OF, &p);
        }
        if let Some(l) = &d.part_label {
            self.lit(&s, unsc::PART_LABEL, l);
        }
        self.evidence(&s, &d.ev);
    }

    fn paragraph(&mut self, p: &ParagraphItem) {
        let s = iri::paragraph(&p.id);
        let doc = self.doc_ref(&p.doc);
        self.a(&s, unsc::PARAGRAPH);
        self.a(&s, paragraph_class(p.role));
        self.iri(&s, dcterms::IS_PART_OF, &doc);
        self.lit(&s, dcterms::IDENTIFIER, &p.id);
        self.lit(&s, rdf::LABEL, &p.id);
        if let Some(n) = &p.number {
            self.lit(&s, unsc::NUMBER, n);
        }
        if let Some(parent) = &p.parent {
            self.iri(&s, unsc::SUB_PARAGRAPH_OF, &iri::paragraph(parent));
        }
        self.lit(&s, unsc::TEXT, &p.clean);
        self.evidence(&s, &p.ev);
    }

    fn citation(&mut self, c: &CitationItem) {
        let start = c.ev.start.to_string();
        let node = iri::minted(
            "citation",
            &[
                &c.doc,
                c.paragraph.as_deref().unwrap_or(""),
                &c.target,
                &c.ev.file,
                &start,
            ],
        );
        let doc = self.doc_ref(&c.doc);
        let citing = match &c.paragraph {
            Some(p) => iri::paragraph(p),
            None => doc.clone(),
        };
        let cited = self.doc_ref(&c.target);
        let relation: &'static str = c
            .relation
            .as_deref()
            .and_then(cito::relation)
            .unwrap_or(cito::CITES);
        self.a(&node, unsc::CITATION);
        self.a(&node, cito::CITATION);
        self.iri(&node, cito::HAS_CITING_ENTITY, &citing);
        self.iri(&node, cito::HAS_CITED_ENTITY, &cited);
        self.iri(&node, cito::HAS_CITATION_CHARACTERIZATION, relation);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(p) = &c.paragraph {
            self.iri(&node, unsc::IN_PARAGRAPH, &iri::paragraph(p));
        }
        if let Some(pin) = &c.pinpoint {
            self.lit(&node, unsc::PINPOINT, pin);
        }
        if let Some(v) = &c.verb {
            self.lit(&node, unsc::VERB_TEXT, v);
        }
        self.iri(&citing, cito::CITES, &cited);
        self.iri(&citing, relation, &cited);
        if citing != doc {
            self.iri(&doc, cito::CITES, &cited);
        }
        self.evidence(&node, &c.ev);
    }

    fn actor(&mut self, a: &ActorItem) {
        let start = a.ev.start.to_string();
        let node = iri::minted("mention", &[&a.doc, &a.actor, &a.ev.file, &start]);
        let actor = self.actor_ref(&a.actor, Some(&a.label), Some(&a.class));
        let doc = self.doc_ref(&a.doc);
        let context = match &a.paragraph {
            Some(p) => iri::paragraph(p),
            None => doc.clone(),
        };
        self.a(&node, unsc::MENTION);
        self.iri(&node, unsc::MENTIONS, &actor);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(p) = &a.paragraph {
            self.iri(&node, unsc::IN_PARAGRAPH, &iri::paragraph(p));
        }
        self.iri(&context, unsc::MENTIONS_ACTOR, &actor);
        if let Some(r) = &a.role {
            self.lit(&actor, unsc::ROLE_LABEL, r);
        }
        if let Some(rep) = &a.represents {
            let r = self.actor_ref(rep, None, None);
            self.iri(&actor, unsc::REPRESENTS, &r);
        }
        if let Some(parent) = &a.part_of {
            let p = self.actor_ref(parent, None, None);
            self.iri(&actor, unsc::PART_OF_ACTOR, &p);
        }
        self.evidence(&node, &a.ev);
    }

    fn place(&mut self, p: &PlaceItem) {
        let start = p.ev.start.to_string();
        let node = iri::minted("place-mention", &[&p.doc, &p.place, &p.ev.file, &start]);
        let place = self.actor_ref(&p.place, Some(&p.label), Some(&p.class));
        let doc = self.doc_ref(&p.doc);
        let context = match &p.paragraph {
            Some(x) => iri::paragraph(x),
            None => doc.clone(),
        };
        self.a(&node, unsc::PLACE_MENTION);
        self.iri(&node, unsc::PLACE, &place);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(x) = &p.paragraph {
            self.iri(&node, unsc::IN_PARAGRAPH, &iri::paragraph(x));
        }
        self.iri(&context, unsc::ABOUT_PLACE, &place);
        self.evidence(&node, &p.ev);
    }

    fn addressee(&mut self, a: &AddresseeItem) {
        let start = a.ev.start.to_string();
        let node = iri::minted(
            "addressing",
            &[&a.paragraph, &a.verb, &a.actor, &a.ev.file, &start],
        );
        let actor = self.actor_ref(&a.actor, None, None);
        let doc = self.doc_ref(&a.doc);
        let para = iri::paragraph(&a.paragraph);
        let verb = iri::concept("verb", &a.verb);
        self.a(&verb, unsc::OPERATIVE_VERB);
        self.a(&verb, skos::CONCEPT);
        self.lit(&verb, skos::PREF_LABEL, &a.verb.replace('_', " "));
        self.lit(&verb, rdf::LABEL, &a.verb.replace('_', " "));
        self.a(&node, unsc::ADDRESSING);
        self.iri(&node, unsc::ADDRESSEE, &actor);
        self.iri(&node, unsc::OPERATIVE_VERB_PROP, &verb);
        self.iri(&node, unsc::IN_PARAGRAPH, &para);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        self.iri(&para, unsc::ADDRESSES, &actor);
        self.evidence(&node, &a.ev);
    }

    fn mandate(&mut self, m: &MandateItem) {
        let start = m.ev.start.to_string();
        let node = iri::minted("mandate", &[&m.doc, &m.actor, &m.ev.file, &start]);
        let actor = self.actor_ref(&m.actor, None, None);
        let doc = self.doc_ref(&m.doc);
        self.a(&node, unsc::MANDATE);
        self.iri(&node, unsc::MISSION_PROP, &actor);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(p) = &m.paragraph {
            self.iri(&node, unsc::IN_PARAGRAPH, &iri::paragraph(p));
        }
        if let Some(u) = &m.until {
            self.date(&node, unsc::UNTIL, u);
        }
        if let Some(n) = m.military_ceiling {
            self.typed(
                &node,
                unsc::MILITARY_CEILING,
                &n.to_string(),
                rdf::XSD_INTEGER,
            );
        }
        if let Some(n) = m.police_ceiling {
            self.typed(
                &node,
                unsc::POLICE_CEILING,
                &n.to_string(),
                rdf::XSD_INTEGER,
            );
        }
        self.evidence(&node, &m.ev);
    }

    fn vote(&mut self, v: &VoteItem) {
        let on = self.doc_ref(&v.on);
        let node = format!(
            "{}vote/{}/by/{}",
            super::vocab::BASE,
            iri::encode(&v.on.replace(' ', "")),
            iri::encode(&v.member)
        );
        let member = self.actor_ref(&v.member, Some(&v.member_label), None);
        let doc = self.doc_ref(&v.doc);
        self.a(&node, unsc::VOTE);
        self.iri(&node, unsc::VOTER, &member);
        self.iri(&node, unsc::POSITION, position(v.position));
        self.iri(&node, unsc::VOTED_ON, &on);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(s) = &v.signer {
            self.lit(&node, unsc::SIGNER_NAME, s);
        }
        self.evidence(&node, &v.ev);
    }

    fn decision(&mut self, d: &DecisionItem) {
        let key = d.draft.as_deref().or(d.resolution.as_deref()).unwrap_or("");
        let start = d.ev.start.to_string();
        let node = iri::minted("decision", &[&d.doc, key, &d.ev.file, &start]);
        let doc = self.doc_ref(&d.doc);
        self.a(&node, unsc::DECISION);
        self.iri(&node, unsc::OUTCOME_PROP, outcome(d.outcome));
        self.iri(&node, unsc::RECORDED_IN, &doc);
        let draft = d.draft.as_deref().map(|x| self.doc_ref(x));
        let resolution = d.resolution.as_deref().map(|x| self.doc_ref(x));
        if let Some(x) = &draft {
            self.iri(&node, unsc::ON_DRAFT, x);
        }
        if let Some(r) = &resolution {
            // A meetings table lists the statements the Council made next
            // to its resolutions: a decision whose text is a statement.
            let statement = d.resolution.as_deref().map(DocType::from_symbol)
                == Some(DocType::PresidentialStatement);
            let prop = if statement {
                unsc::MADE_STATEMENT
            } else {
                unsc::RESULTED_IN
            };
            self.iri(&node, prop, r);
        }
        if let (Some(x), Some(r), Outcome::Adopted) = (&draft, &resolution, d.outcome) {
            self.iri(x, unsc::ADOPTED_AS, r);
        }
        if let Some(t) = &d.tally {
            self.lit(&node, unsc::TALLY, t);
            if let Some([f, a, ab]) = parse_tally(t) {
                self.typed(
                    &node,
                    unsc::VOTES_IN_FAVOUR,
                    &f.to_string(),
                    rdf::XSD_INTEGER,
                );
                self.typed(&node, unsc::VOTES_AGAINST, &a.to_string(), rdf::XSD_INTEGER);
                self.typed(&node, unsc::ABSTENTIONS, &ab.to_string(), rdf::XSD_INTEGER);
            }
        }
        if let Some(m) = &d.meeting {
            if m.trim().starts_with("S/PV.") {
                let meeting = self.meeting_ref(m);
                self.iri(&node, unsc::AT_MEETING, &meeting);
                // The resolution adopted at a dated meeting: the decision
                // (with its evidence) dates the meeting.
                if let (Some(r), Outcome::Adopted) = (&resolution, d.outcome) {
                    self.iri(r, unsc::ADOPTED_AT, &meeting);
                    if let Some(date) = &d.date {
                        self.date(&meeting, dcterms::DATE, date);
                    }
                }
            } else {
                let p = self.doc_ref(m);
                self.iri(&node, unsc::PROCEDURE_DOCUMENT, &p);
            }
        }
        if let Some(date) = &d.date {
            self.date(&node, dcterms::DATE, date);
        }
        for sp in &d.sponsors {
            let a = self.actor_ref(sp, None, None);
            self.iri(&node, unsc::SPONSOR, &a);
        }
        self.evidence(&node, &d.ev);
    }

    fn speaker(&mut self, sp: &SpeakerItem) {
        let start = sp.ev.start.to_string();
        let node = iri::minted(
            "intervention",
            &[&sp.meeting, &sp.member, &sp.ev.file, &start],
        );
        let member = self.actor_ref(&sp.member, None, None);
        let doc = self.doc_ref(&sp.doc);
        self.a(&node, unsc::INTERVENTION);
        if sp.meeting.trim().starts_with("S/PV.") {
            let meeting = self.meeting_ref(&sp.meeting);
            self.iri(&node, unsc::AT_MEETING, &meeting);
        } else {
            // Written procedure: no meeting, the letter stands for it.
            let p = self.doc_ref(&sp.meeting);
            self.iri(&node, unsc::PROCEDURE_DOCUMENT, &p);
        }
        self.iri(&node, unsc::SPEAKER, &member);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        for b in &sp.on_behalf_of {
            let a = self.actor_ref(b, None, None);
            self.iri(&node, unsc::ON_BEHALF_OF, &a);
        }
        self.evidence(&node, &sp.ev);
    }

    /// A meeting's date, agenda item, sub-items, the documents it considered
    /// and its invitees, on the meeting node itself (minted from the record
    /// symbol, so a Repertoire row and the record describe one node); each
    /// source adds its own evidence and `recordedIn`. Invitees the
    /// gazetteer does not know stay names as written.
    fn meeting(&mut self, m: &MeetingItem) {
        let node = self.meeting_ref(&m.meeting);
        let doc = self.doc_ref(&m.doc);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(date) = &m.date {
            self.date(&node, dcterms::DATE, date);
        }
        if let Some(agenda) = &m.agenda_item {
            let c = iri::concept("agenda", agenda);
            self.a(&c, unsc::AGENDA_ITEM);
            self.a(&c, skos::CONCEPT);
            self.lit(&c, skos::PREF_LABEL, agenda);
            self.lit(&c, rdf::LABEL, agenda);
            self.iri(&node, unsc::AGENDA_ITEM_PROP, &c);
        }
        for s in &m.sub_items {
            self.lit(&node, unsc::SUB_ITEM_PROP, s);
        }
        for d in &m.documents {
            let d = self.doc_ref(d);
            self.iri(&node, unsc::CONSIDERS, &d);
        }
        for p in &m.press_releases {
            let p = self.doc_ref(p);
            self.iri(&node, unsc::PRESS_RELEASE_PROP, &p);
        }
        let known = |id: &str| crate::extract::actors::gazetteer::get().actor(id).is_some();
        for (ids, prop, name_prop) in [
            (
                &m.rule_37,
                unsc::INVITED_UNDER_RULE_37,
                unsc::RULE_37_INVITEE_NAME,
            ),
            (
                &m.rule_39,
                unsc::INVITED_UNDER_RULE_39,
                unsc::RULE_39_INVITEE_NAME,
            ),
        ] {
            for id in ids.iter().map(crate::model::Invitee::as_str) {
                if known(id) {
                    let a = self.actor_ref(id, None, None);
                    self.iri(&node, prop, &a);
                } else {
                    self.lit(&node, name_prop, id);
                }
            }
        }
        self.evidence(&node, &m.ev);
    }

    fn warning(&mut self, w: &WarningItem) {
        let start = w.ev.start.to_string();
        let node = iri::minted("warning", &[&w.message, &w.ev.file, &start]);
        self.a(&node, unsc::EXTRACTION_WARNING);
        self.lit(&node, unsc::MESSAGE, &w.message);
        if let Some(d) = &w.doc {
            let doc = self.doc_ref(d);
            self.iri(&node, unsc::ABOUT_DOCUMENT, &doc);
        }
        self.evidence(&node, &w.ev);
    }

    /// Describes the actors and the referenced documents `notes` names.
    fn describe(&mut self, notes: &Notes) {
        for (id, info) in &notes.actors {
            let s = iri::actor(id);
            // The gazetteer fills in what the items do not say (an actor
            // only ever addressed, voted for, spoken for).
            let known = crate::extract::actors::gazetteer::get().actor(id);
            let mut classes = info.classes.clone();
            if id.starts_with("state/") {
                classes.insert("MemberState".into());
            }
            if classes.is_empty()
                && let Some(k) = known
            {
                classes.insert(k.class.clone());
            }
            // A region or city is a place, not an agent.
            if !classes.contains("Place") {
                self.a(&s, unsc::ACTOR);
                self.a(&s, foaf::AGENT);
            }
            for c in &classes {
                match actor_classes(c) {
                    [] => self.lit(&s, unsc::ACTOR_CLASS_NAME, c),
                    known => {
                        for k in known {
                            self.a(&s, k);
                        }
                    }
                }
            }
            // Most frequent label first; ties go to the shorter, then the
            // alphabetically first.
            let mut labels: Vec<(&String, &usize)> = info.labels.iter().collect();
            labels.sort_by(|a, b| {
                b.1.cmp(a.1)
                    .then(a.0.len().cmp(&b.0.len()))
                    .then(a.0.cmp(b.0))
            });
            let pref = labels
                .first()
                .map(|(l, _)| (*l).clone())
                .or_else(|| known.map(|k| k.label.clone()))
                .unwrap_or_else(|| label_from_id(id));
            self.lit(&s, skos::PREF_LABEL, &pref);
            self.lit(&s, rdf::LABEL, &pref);
            for (l, _) in labels.iter().skip(1) {
                self.lit(&s, skos::ALT_LABEL, l);
            }
        }
        for id in notes.referenced_docs.difference(&notes.declared_docs) {
            let s = iri::document(id);
            self.a(&s, unsc::DOCUMENT);
            self.a(&s, fabio::WORK);
            self.lit(&s, dcterms::IDENTIFIER, id);
            self.lit(&s, rdf::LABEL, id);
            if !id.starts_with("x:") {
                let t = DocType::from_symbol(id);
                self.a(&s, doc_class(t));
                if t == DocType::Resolution {
                    self.a(&s, eli::LEGAL_RESOURCE);
                }
                self.lit(&s, unsc::SYMBOL, id);
            }
        }
    }

    /// The triples without duplicates, grouped by subject: subjects in the
    /// order their IRI was first used, each subject's triples in the order
    /// they were stated. Cheaper than [`Builder::sorted`] (integers only),
    /// as deterministic.
    fn grouped(self) -> Vec<Triple> {
        let mut seen = rustc_hash::FxHashSet::default();
        seen.reserve(self.keys.len());
        let mut order: Vec<(u32, u32)> = self
            .keys
            .iter()
            .enumerate()
            .filter(|(_, k)| seen.insert(**k))
            .map(|(i, k)| (k.subject, i as u32))
            .collect();
        order.sort_unstable();
        let mut slots: Vec<Option<Triple>> = self.out.into_iter().map(Some).collect();
        order
            .into_iter()
            .filter_map(|(_, i)| slots[i as usize].take())
            .collect()
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

fn doc_class(t: DocType) -> &'static str {
    match t {
        DocType::Resolution => unsc::RESOLUTION,
        DocType::DraftResolution => unsc::DRAFT_RESOLUTION,
        DocType::Letter => unsc::LETTER,
        DocType::Note => unsc::NOTE,
        DocType::Report => unsc::REPORT,
        DocType::PresidentialStatement => unsc::PRESIDENTIAL_STATEMENT,
        DocType::MeetingRecord => unsc::MEETING_RECORD,
        DocType::RepertoireSection => unsc::REPERTOIRE_SECTION,
        DocType::Statement => unsc::STATEMENT,
        DocType::Other => unsc::OTHER_DOCUMENT,
    }
}

fn paragraph_class(r: ParagraphRole) -> &'static str {
    match r {
        ParagraphRole::Preambular => unsc::PREAMBULAR_PARAGRAPH,
        ParagraphRole::Operative => unsc::OPERATIVE_PARAGRAPH,
        ParagraphRole::SubItem => unsc::SUB_ITEM,
        ParagraphRole::Heading => unsc::HEADING,
        ParagraphRole::Body => unsc::BODY_PARAGRAPH,
        ParagraphRole::Footnote => unsc::FOOTNOTE,
        ParagraphRole::TableRow => unsc::TABLE_ROW,
        ParagraphRole::Signature => unsc::SIGNATURE_BLOCK,
    }
}

fn position(p: Position) -> &'static str {
    match p {
        Position::InFavour => unsc::IN_FAVOUR,
        Position::Against => unsc::AGAINST,
        Position::Abstaining => unsc::ABSTAINING,
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Adopted => unsc::ADOPTED,
        Outcome::NotAdopted => unsc::NOT_ADOPTED,
        Outcome::Vetoed => unsc::VETOED,
    }
}

/// Our classes (and the standard class they specialise) for an extractor's
/// actor class name, the classes of `ontology/actors.ttl`; empty when the
/// name is unknown.
fn actor_classes(name: &str) -> &'static [&'static str] {
    match name {
        "MemberState" | "State" => &[unsc::MEMBER_STATE],
        "Government" => &[unsc::GOVERNMENT, org::ORGANIZATION],
        "Mission" => &[unsc::MISSION, org::ORGANIZATION],
        "Force" => &[unsc::FORCE, org::ORGANIZATION],
        "RegionalOrganization" => &[unsc::REGIONAL_ORGANIZATION, org::ORGANIZATION],
        "ArmedGroup" => &[unsc::ARMED_GROUP, org::ORGANIZATION],
        "TerroristGroup" => &[unsc::TERRORIST_GROUP, org::ORGANIZATION],
        "UNOrgan" => &[unsc::UN_ORGAN, org::ORGANIZATION],
        "UNOffice" => &[unsc::UN_OFFICE, org::ORGANIZATION],
        "UNOfficial" => &[unsc::UN_OFFICIAL],
        "Body" => &[unsc::BODY, org::ORGANIZATION],
        "Court" => &[unsc::COURT, org::ORGANIZATION],
        "Group" => &[unsc::GROUP, foaf::GROUP],
        "Person" => &[unsc::PERSON, foaf::PERSON],
        "Place" => &[unsc::REGION_OR_CITY],
        _ => &[],
    }
}

/// A readable fallback label from a canonical id: `state/burkina-faso` ->
/// "Burkina Faso".
fn label_from_id(id: &str) -> String {
    let last = id.rsplit('/').next().unwrap_or(id);
    last.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if matches!(w, "of" | "and" | "the" | "for" | "in") {
                w.to_string()
            } else {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An `xsd:date` (`2020-06-29`) or `xsd:gYear` (`2023`) literal, if the
/// text is one.
fn date_literal(s: &str) -> Option<(String, &'static str)> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
    {
        Some((s.to_string(), rdf::XSD_DATE))
    } else if b.len() == 4 && digits(0..4) {
        Some((s.to_string(), rdf::XSD_GYEAR))
    } else {
        None
    }
}

/// "13-1-1" (any separators) -> [13, 1, 1].
fn parse_tally(t: &str) -> Option<[u32; 3]> {
    let nums: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums.as_slice() {
        [a, b, c] => Some([*a, *b, *c]),
        _ => None,
    }
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
