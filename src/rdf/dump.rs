//! RDF dumps of the whole graph: Turtle and N-Quads, the same bytes for the
//! same input.
//!
//! The dumps are streamed file by file ([`FileDump`], [`Dumps`]) so that a
//! corpus of any size is written without holding its triples: each source
//! file's triples are grouped by subject (in the order of first use) and
//! serialized on their own (in parallel, where the file is extracted),
//! followed by the file's evidence nodes, written straight from the items
//! (most of the triples, and the cheapest to write that way);
//! triples about nodes that several files may describe (documents,
//! paragraphs, actors, meetings) are kept out of the file's part and
//! written by [`Dumps`] the first time they are seen, so that no triple is
//! written twice; actors and documents that are only referenced are
//! described at the end. The order is that of the input files, so it does
//! not depend on the thread count.
//!
//! The example queries read the vocabulary (`ontology/unsc.ttl`: class
//! hierarchies, the labels of positions and outcomes) in its named graph
//! [`ONTOLOGY_GRAPH`], as the query store and the index hold it. `graph.nq`
//! ends with it there, so that the file loaded alone into any triple store
//! answers them. Turtle has no named graphs: `graph.ttl` holds the data
//! only, and `build` writes the vocabulary beside it, `ontology.ttl`
//! ([`ONTOLOGY_TTL`] as it is), which a store loads into that graph (the
//! exports' README says how, and CI loads the two that way).
//! Putting the vocabulary into `graph.ttl`'s default graph instead would
//! change what the queries see (the data and the vocabulary mixed), and a
//! TriG file would lose the readers that take only Turtle. `build` writes
//! Turtle and not N-Quads by default: the two hold the same statements,
//! N-Quads at about twice the bytes, and `query` and `serve` read neither
//! (they open the index); `--rdf nquads` writes it for the stores that
//! want one file.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::io::Write;

use xxhash_rust::xxh3::xxh3_128;

use super::index::{IndexPart, IndexWriter};
use super::store::{ONTOLOGY_GRAPH, ONTOLOGY_TTL};
use super::triples::{
    Annotation, EvidenceMode, Notes, Object, Span, Statement, Triple, describe, part_triples,
};
use super::vocab::{TURTLE_PREFIXES, sort_prelude};
use super::{iri, syntax};
use crate::model::{ActorDirectory, Item};

/// Which dumps to write, and how they write evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats {
    /// `graph.nq`: N-Quads in the default graph, one line per triple.
    pub nquads: bool,
    /// `graph.ttl`: Turtle with the project prefixes.
    pub turtle: bool,
    /// `graph.idx`: the same quads as `graph.nq`, indexed for `query` and
    /// `serve` ([`super::index`]).
    pub index: bool,
    /// The form of the evidence.
    pub evidence: EvidenceMode,
}

impl Formats {
    /// Both dumps, evidence in the default form.
    pub const BOTH: Formats = Formats {
        nquads: true,
        turtle: true,
        index: false,
        evidence: EvidenceMode::Compact,
    };

    /// Both dumps and the index, evidence in the default form: what
    /// `build --rdf nquads,turtle,index` writes.
    pub const ALL: Formats = Formats {
        index: true,
        ..Formats::BOTH
    };

    /// What `build` writes by default: Turtle and the index (no N-Quads:
    /// the same statements again, see the module documentation), evidence
    /// in the default form.
    pub const DEFAULT: Formats = Formats {
        nquads: false,
        ..Formats::ALL
    };

    /// The same dumps with evidence in the form `evidence`.
    pub fn with_evidence(self, evidence: EvidenceMode) -> Formats {
        Formats { evidence, ..self }
    }

    /// True when at least one dump (or the index) is written.
    pub fn any(self) -> bool {
        self.nquads || self.turtle || self.index
    }
}

/// Writes the triples of `items` as Turtle with the project prefixes, as
/// `build` writes `graph.ttl` (items grouped by source file, in order),
/// evidence in the default form; `actors` (the gazetteer the items were
/// extracted with) describes the actors the items name only by id.
pub fn write_turtle<W: Write>(
    items: &[Item],
    actors: &dyn ActorDirectory,
    w: W,
) -> std::io::Result<W> {
    write_turtle_with(items, actors, w, EvidenceMode::default())
}

/// [`write_turtle`] with the evidence in the form `mode`.
pub fn write_turtle_with<W: Write>(
    items: &[Item],
    actors: &dyn ActorDirectory,
    w: W,
    mode: EvidenceMode,
) -> std::io::Result<W> {
    let (_, ttl, _) = dump_items(items, actors, None::<std::io::Sink>, Some(w), mode)?;
    ttl.ok_or_else(|| std::io::Error::other("no turtle writer"))
}

/// Writes the triples of `items` as N-Quads in the default graph, one line
/// each, as `build` writes `graph.nq`, evidence in the default form;
/// `actors` as for [`write_turtle`].
pub fn write_nquads<W: Write>(
    items: &[Item],
    actors: &dyn ActorDirectory,
    w: W,
) -> std::io::Result<W> {
    write_nquads_with(items, actors, w, EvidenceMode::default())
}

/// [`write_nquads`] with the evidence in the form `mode`.
pub fn write_nquads_with<W: Write>(
    items: &[Item],
    actors: &dyn ActorDirectory,
    w: W,
    mode: EvidenceMode,
) -> std::io::Result<W> {
    let (nq, _, _) = dump_items(items, actors, Some(w), None::<std::io::Sink>, mode)?;
    nq.ok_or_else(|| std::io::Error::other("no N-Quads writer"))
}

/// Writes the dumps of `items` that have a writer, the items of each source
/// file taken together (files in the order they first appear) as `build`
/// takes them, evidence in the form `mode`, the actors described with
/// `actors`; returns the writers and the number of triples.
pub fn dump_items<N: Write, T: Write>(
    items: &[Item],
    actors: &dyn ActorDirectory,
    nq: Option<N>,
    ttl: Option<T>,
    mode: EvidenceMode,
) -> std::io::Result<(Option<N>, Option<T>, usize)> {
    let mut dumps = Dumps::new(nq, ttl, mode)?;
    dumps.add_items(items)?;
    dumps.finish(actors)
}

/// The index (`graph.idx`, [`super::index`]) of the quads `graph.nq` holds
/// for `items` (the vocabulary included, the actors named only by id
/// described with `actors`), as bytes, evidence in the form `mode`.
pub fn index_items(
    items: &[Item],
    actors: &dyn ActorDirectory,
    mode: EvidenceMode,
) -> std::io::Result<Vec<u8>> {
    let mut dumps = Dumps::<std::io::Sink, std::io::Sink>::with_index(None, None, true, mode)?;
    dumps.add_items(items)?;
    let finished = dumps.finish_all(actors)?;
    let mut out = Vec::new();
    if let Some(index) = finished.index {
        index.write(&mut out, None)?;
    }
    Ok(out)
}

/// One source file's part of the dumps: its own triples already
/// serialized, the triples about shared nodes still to be checked against
/// what other files said.
pub struct FileDump {
    nq: Vec<u8>,
    ttl: Vec<u8>,
    index: Option<IndexPart>,
    own: usize,
    shared: Shared,
    notes: Notes,
}

impl FileDump {
    /// The part of the dumps in `formats` made from one file's `items`:
    /// the file's own nodes grouped by subject, then each evidence node
    /// (or span) once (written straight from the items, without shared
    /// strings), then the source file's node.
    pub fn new<'a>(items: impl IntoIterator<Item = &'a Item>, formats: Formats) -> FileDump {
        let items: Vec<&Item> = items.into_iter().collect();
        let (triples, notes) = part_triples(items.iter().copied(), true, formats.evidence);
        let (own, shared): (Vec<Triple>, Vec<Triple>) = triples
            .into_iter()
            .partition(|t| iri::is_file_local(&t.subject));
        let mut w = PartWriter::new(formats, own.len() + 12 * items.len());
        // The spans are written relative to the file (one, as `build`
        // makes parts; another file's spans are written whole).
        if let Some(item) = items.first() {
            w.base(&iri::file(&item.evidence().file));
        }
        for t in &own {
            w.write(&t.statement());
        }
        let mut nodes = rustc_hash::FxHashSet::default();
        // The source files' IRIs (one, as `build` makes parts).
        let mut files: rustc_hash::FxHashMap<&str, String> = Default::default();
        let compact = formats.evidence == EvidenceMode::Compact;
        for item in &items {
            let ev = item.evidence();
            // Keyed by what the node's IRI is minted from (a span's IRI
            // does not name the rule).
            let rule = if compact { "" } else { ev.rule.as_str() };
            if !nodes.insert((ev.file.as_str(), ev.start, ev.end, rule)) {
                continue;
            }
            let (first, file) = match files.entry(ev.file.as_str()) {
                Entry::Occupied(e) => (false, e.into_mut()),
                Entry::Vacant(e) => (true, e.insert(iri::file(&ev.file))),
            };
            if compact {
                let s = Span::new(ev, Cow::Borrowed(file.as_str()));
                for t in &s.statements() {
                    w.write(t);
                }
                if first {
                    for t in &s.file_statements() {
                        w.write(t);
                    }
                }
                continue;
            }
            let a = Annotation::new(ev, Cow::Borrowed(file.as_str()));
            for t in &a.statements() {
                w.write(t);
            }
            if first {
                for t in &a.file_statements() {
                    w.write(t);
                }
            }
        }
        let (nq, ttl, index, own) = w.finish();
        FileDump {
            nq,
            ttl,
            index,
            own,
            shared: Shared::new(shared),
            notes,
        }
    }
}

/// Serializes statements into the buffers of the formats asked for.
struct PartWriter {
    nq: Option<Vec<u8>>,
    ttl: Option<(Vec<u8>, syntax::Turtle)>,
    index: Option<IndexPart>,
    n: usize,
}

impl PartWriter {
    /// A writer for `formats`, room made for about `hint` statements.
    fn new(formats: Formats, hint: usize) -> PartWriter {
        PartWriter {
            nq: formats.nquads.then(|| Vec::with_capacity(hint * 160)),
            ttl: formats
                .turtle
                .then(|| (Vec::with_capacity(hint * 80), syntax::Turtle::default())),
            index: formats.index.then(|| IndexPart::with_capacity(hint)),
            n: 0,
        }
    }

    /// Sets the Turtle's base IRI ([`syntax::Turtle::base`]).
    fn base(&mut self, base: &str) {
        if let Some((ttl, w)) = &mut self.ttl {
            w.base(base, ttl);
        }
    }

    fn write(&mut self, t: &Statement<'_>) {
        if let Some(nq) = &mut self.nq {
            syntax::nquad(t, nq);
        }
        if let Some((ttl, w)) = &mut self.ttl {
            w.triple(t, ttl);
        }
        if let Some(index) = &mut self.index {
            index.add(t);
        }
        self.n += 1;
    }

    /// The N-Quads, the Turtle (statements ended), the index part and the
    /// count.
    fn finish(self) -> (Vec<u8>, Vec<u8>, Option<IndexPart>, usize) {
        let ttl = match self.ttl {
            Some((mut ttl, mut w)) => {
                w.finish(&mut ttl);
                ttl
            }
            None => Vec::new(),
        };
        (self.nq.unwrap_or_default(), ttl, self.index, self.n)
    }
}

/// Writes the dumps part by part: see the module documentation.
pub struct Dumps<N: Write, T: Write> {
    nq: Option<N>,
    ttl: Option<T>,
    index: Option<IndexWriter>,
    /// Bytes written to `nq`.
    nq_len: u64,
    /// Fingerprints (128-bit SipHash) of the shared triples written.
    seen: rustc_hash::FxHashSet<u128>,
    /// Fingerprints of the subjects' groups of shared triples whose
    /// triples are all in `seen`.
    seen_groups: rustc_hash::FxHashSet<u128>,
    notes: Notes,
    triples: usize,
    evidence: EvidenceMode,
}

impl<N: Write, T: Write> Dumps<N, T> {
    /// Starts the dumps that have a writer (the Turtle prefixes), evidence
    /// in the form `evidence`.
    pub fn new(nq: Option<N>, ttl: Option<T>, evidence: EvidenceMode) -> std::io::Result<Self> {
        Dumps::with_index(nq, ttl, false, evidence)
    }

    /// [`Dumps::new`], and the index of the same statements when `index`.
    pub fn with_index(
        nq: Option<N>,
        mut ttl: Option<T>,
        index: bool,
        evidence: EvidenceMode,
    ) -> std::io::Result<Self> {
        if let Some(ttl) = &mut ttl {
            ttl.write_all(&turtle_prelude())?;
        }
        Ok(Dumps {
            nq,
            ttl,
            index: index.then(IndexWriter::new),
            nq_len: 0,
            seen: Default::default(),
            seen_groups: Default::default(),
            notes: Notes::default(),
            triples: 0,
            evidence,
        })
    }

    /// The dumps written: what each file's [`FileDump`] must hold.
    pub fn formats(&self) -> Formats {
        Formats {
            nquads: self.nq.is_some(),
            turtle: self.ttl.is_some(),
            index: self.index.is_some(),
            evidence: self.evidence,
        }
    }

    /// Appends the parts of `items`, the items of each source file taken
    /// together (files in the order they first appear), as `build` makes
    /// them file by file.
    pub fn add_items(&mut self, items: &[Item]) -> std::io::Result<()> {
        let mut by_file: Vec<Vec<&Item>> = Vec::new();
        let mut index: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for it in items {
            let n = by_file.len();
            let i = *index.entry(it.evidence().file.as_str()).or_insert(n);
            if i == n {
                by_file.push(Vec::new());
            }
            by_file[i].push(it);
        }
        let formats = self.formats();
        for part in by_file {
            self.add(FileDump::new(part, formats))?;
        }
        Ok(())
    }

    /// Appends one file's part.
    pub fn add(&mut self, part: FileDump) -> std::io::Result<()> {
        if let Some(nq) = &mut self.nq {
            nq.write_all(&part.nq)?;
            self.nq_len += part.nq.len() as u64;
        }
        if let Some(ttl) = &mut self.ttl {
            ttl.write_all(&part.ttl)?;
        }
        if let (Some(index), Some(p)) = (&mut self.index, part.index) {
            index.merge(p);
        }
        self.triples += part.own;
        self.notes.merge(part.notes);
        self.shared(part.shared)
    }

    /// Writes the triples of `shared` not written before. A subject's
    /// group of triples seen whole before is skipped at one look-up: files
    /// describe the same documents, actors and meetings over and over, and
    /// one look-up per triple in a table of millions was a tenth of the
    /// build, on the thread that takes the parts in order.
    fn shared(&mut self, shared: Shared) -> std::io::Result<()> {
        let Shared {
            triples,
            fingerprints,
            groups,
        } = shared;
        let mut keep = vec![false; triples.len()];
        let mut start = 0;
        for (end, group) in groups {
            if self.seen_groups.insert(group) {
                for (k, f) in keep[start..end].iter_mut().zip(&fingerprints[start..end]) {
                    *k = self.seen.insert(*f);
                }
            }
            start = end;
        }
        let new: Vec<Triple> = triples
            .into_iter()
            .zip(keep)
            .filter_map(|(t, k)| k.then_some(t))
            .collect();
        let mut w = PartWriter::new(self.formats(), new.len());
        for t in &new {
            w.write(&t.statement());
        }
        let (nq_part, ttl_part, index_part, n) = w.finish();
        self.triples += n;
        if let Some(nq) = &mut self.nq {
            nq.write_all(&nq_part)?;
            self.nq_len += nq_part.len() as u64;
        }
        if let (Some(index), Some(p)) = (&mut self.index, index_part) {
            index.merge(p);
        }
        if let Some(ttl) = &mut self.ttl {
            ttl.write_all(&ttl_part)?;
        }
        Ok(())
    }

    /// Describes the actors (with what `actors`, the run's gazetteer, knows
    /// of those the items name only by id) and the documents only
    /// referenced, and returns the writers and the number of triples
    /// written.
    pub fn finish(
        self,
        actors: &dyn ActorDirectory,
    ) -> std::io::Result<(Option<N>, Option<T>, usize)> {
        self.finish_all(actors).map(|f| (f.nq, f.ttl, f.triples))
    }

    /// [`Dumps::finish`], with the index (the vocabulary added) still to
    /// write.
    pub fn finish_all(mut self, actors: &dyn ActorDirectory) -> std::io::Result<Finished<N, T>> {
        let notes = std::mem::take(&mut self.notes);
        self.shared(Shared::new(describe(&notes, actors)))?;
        let vocabulary = vocabulary_nquads()?;
        if let Some(nq) = &mut self.nq {
            nq.write_all(&vocabulary)?;
            self.nq_len += vocabulary.len() as u64;
            nq.flush()?;
        }
        if let Some(index) = &mut self.index {
            index_vocabulary(index, &vocabulary)?;
        }
        if let Some(ttl) = &mut self.ttl {
            ttl.flush()?;
        }
        Ok(Finished {
            index: self.index,
            nq_len: self.nq.is_some().then_some(self.nq_len),
            nq: self.nq,
            ttl: self.ttl,
            triples: self.triples,
        })
    }
}

/// The dumps written: what [`Dumps::finish_all`] returns.
pub struct Finished<N, T> {
    /// The N-Quads writer, if one.
    pub nq: Option<N>,
    /// The Turtle writer, if one.
    pub ttl: Option<T>,
    /// The index of the same quads, still to write, if asked for.
    pub index: Option<IndexWriter>,
    /// The bytes written to `nq`, if it was written.
    pub nq_len: Option<u64>,
    /// The number of triples written.
    pub triples: usize,
}

/// Adds the vocabulary, as `graph.nq` ends with it, to the index.
fn index_vocabulary(index: &mut IndexWriter, vocabulary: &[u8]) -> std::io::Result<()> {
    use oxigraph::io::{RdfFormat, RdfParser};
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(vocabulary) {
        let q = quad.map_err(|e| std::io::Error::other(format!("ontology/unsc.ttl: {e}")))?;
        index.add_quad(q.as_ref()).map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The vocabulary as N-Quads in its named graph [`ONTOLOGY_GRAPH`], in the
/// order of `ontology/unsc.ttl` (through oxigraph: it has language tags,
/// which the dumps' own writer has no use for). Its blank nodes (the lists
/// of `owl:oneOf`) get IRIs numbered in order of appearance,
/// `<https://w3id.org/unsc-kg/ontology/genid/1>` ...: the parser's random
/// labels would make every dump differ, and the dumps hold no blank nodes.
pub fn vocabulary_nquads() -> std::io::Result<Vec<u8>> {
    use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
    use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};
    let parser = RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(NamedNode::new_unchecked(ONTOLOGY_GRAPH));
    let mut out = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    let mut skolem: rustc_hash::FxHashMap<String, NamedNode> = Default::default();
    let mut iri = |b: &oxigraph::model::BlankNode| {
        let n = skolem.len() + 1;
        skolem
            .entry(b.as_str().to_string())
            .or_insert_with(|| NamedNode::new_unchecked(format!("{ONTOLOGY_GRAPH}/genid/{n}")))
            .clone()
    };
    for quad in parser.for_slice(ONTOLOGY_TTL.as_bytes()) {
        let q = quad.map_err(|e| std::io::Error::other(format!("ontology/unsc.ttl: {e}")))?;
        let subject = match q.subject {
            NamedOrBlankNode::BlankNode(b) => iri(&b).into(),
            s => s,
        };
        let object = match q.object {
            Term::BlankNode(b) => iri(&b).into(),
            o => o,
        };
        out.serialize_quad(&Quad::new(subject, q.predicate, object, q.graph_name))?;
    }
    out.finish()
}

/// Triples about shared nodes, with what [`Dumps`] checks them by, made
/// where the file's part is (in parallel): each triple's [`fingerprint`],
/// and the runs of one subject with the fingerprint of the run.
struct Shared {
    triples: Vec<Triple>,
    fingerprints: Vec<u128>,
    /// Where each subject's run ends, and its fingerprint.
    groups: Vec<(usize, u128)>,
}

impl Shared {
    fn new(triples: Vec<Triple>) -> Shared {
        let mut bytes = Vec::new();
        let fingerprints: Vec<u128> = triples.iter().map(|t| fingerprint(t, &mut bytes)).collect();
        let mut groups = Vec::new();
        let mut end = 0;
        for run in triples.chunk_by(|a, b| a.subject == b.subject) {
            bytes.clear();
            for f in &fingerprints[end..end + run.len()] {
                bytes.extend_from_slice(&f.to_le_bytes());
            }
            end += run.len();
            groups.push((end, xxh3_128(&bytes)));
        }
        Shared {
            triples,
            fingerprints,
            groups,
        }
    }
}

/// A 128-bit fingerprint of a triple (XXH3): equal triples have equal
/// fingerprints; two different triples share one with a probability of
/// about 2^-128 per pair. (Fingerprints only live during a build: nothing
/// written depends on the hash chosen, only which triples are equal.)
///
/// `bytes` is scratch space, reused from one triple to the next.
fn fingerprint(t: &Triple, bytes: &mut Vec<u8>) -> u128 {
    // 0xff separates the parts: no UTF-8 text holds that byte.
    bytes.clear();
    bytes.extend_from_slice(t.subject.as_bytes());
    bytes.push(0xff);
    bytes.extend_from_slice(t.predicate.as_bytes());
    bytes.push(0xff);
    match &t.object {
        Object::Iri(i) => {
            bytes.push(0);
            bytes.extend_from_slice(i.as_bytes());
        }
        Object::Literal { value, datatype } => {
            bytes.push(1);
            bytes.extend_from_slice(value.as_bytes());
            bytes.push(0xff);
            bytes.extend_from_slice(datatype.unwrap_or("").as_bytes());
        }
    }
    xxh3_128(bytes)
}

/// The `@prefix` lines, sorted.
fn turtle_prelude() -> Vec<u8> {
    let lines: String = TURTLE_PREFIXES
        .iter()
        .map(|(p, ns)| format!("@prefix {p}: <{ns}> .\n"))
        .collect();
    sort_prelude(lines.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KnownActor;
    use crate::model::{DocType, DocumentItem, Evidence};
    use crate::rdf::triples::triples_with;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::GraphNameRef;

    fn doc(id: &str) -> Item {
        Item::Document(DocumentItem {
            id: id.into(),
            symbol: Some(id.into()),
            doc_type: DocType::Resolution,
            date: Some("2020-06-29".into()),
            title: None,
            agenda_item: None,
            authors: vec![],
            language: None,
            part_of: None,
            part_label: None,
            ev: Evidence {
                file: "a.txt".into(),
                start: 0,
                end: 3,
                text: "abc".into(),
                rule: "r".into(),
            },
        })
    }

    /// No actor is known beyond the items (these name none).
    struct NoActors;

    impl ActorDirectory for NoActors {
        fn known_actor(&self, _: &str) -> Option<KnownActor<'_>> {
            None
        }
    }

    fn parse_lines(nq: &[u8]) -> Vec<String> {
        let text = String::from_utf8(nq.to_vec()).expect("utf8");
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn streamed_dumps_hold_the_triples_of_the_whole_stream_once() {
        // Two files declare the same document (two language versions):
        // its shared triples are written once, each file's evidence once.
        let mut a = doc("S/RES/2531 (2020)");
        let mut b = doc("S/RES/2531 (2020)");
        if let (Item::Document(a), Item::Document(b)) = (&mut a, &mut b) {
            b.ev.file = "b.txt".into();
            a.part_of = Some("S/2020/600".into());
        }
        let items = vec![a, doc("S/RES/2374 (2017)"), b];
        for mode in [EvidenceMode::Annotation, EvidenceMode::Compact] {
            streamed_dumps_hold(&items, mode);
        }
    }

    fn streamed_dumps_hold(items: &[Item], mode: EvidenceMode) {
        let (nq, ttl, n) =
            dump_items(items, &NoActors, Some(Vec::new()), Some(Vec::new()), mode).expect("dump");
        let (nq, ttl) = (nq.expect("nq"), ttl.expect("ttl"));
        // The data, then the vocabulary in its named graph.
        let vocabulary = format!(" <{ONTOLOGY_GRAPH}> .");
        let (vocab, lines): (Vec<String>, Vec<String>) = parse_lines(&nq)
            .into_iter()
            .partition(|l| l.ends_with(&vocabulary));
        assert_eq!(
            vocab,
            parse_lines(&vocabulary_nquads().expect("vocabulary"))
        );
        assert!(!vocab.iter().any(|l| l.contains("_:")), "a blank node");
        assert_eq!(lines.len(), n);
        let mut got = lines.clone();
        got.sort();
        got.dedup();
        assert_eq!(got.len(), n, "a triple written twice");
        let mut want = Vec::new();
        for t in triples_with(items, &NoActors, mode) {
            let mut ser = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
            ser.serialize_quad(t.as_ref().in_graph(GraphNameRef::DefaultGraph))
                .expect("quad");
            want.extend(parse_lines(&ser.finish().expect("finish")));
        }
        want.sort();
        assert_eq!(got, want);
        // The Turtle dump parses to the same graph.
        let store = oxigraph::store::Store::new().expect("store");
        store
            .load_from_slice(RdfFormat::Turtle, &ttl)
            .expect("turtle parses");
        assert_eq!(store.len().expect("len"), n);
        let text = String::from_utf8(ttl).expect("utf8");
        assert!(text.starts_with("@prefix actor: "), "{text}");
        assert_eq!(text.matches("@prefix").count(), TURTLE_PREFIXES.len());
    }

    #[test]
    fn dumps_are_reproducible() {
        let items = vec![doc("S/RES/2531 (2020)"), doc("S/RES/2374 (2017)")];
        let a = write_turtle(&items, &NoActors, Vec::new()).expect("turtle");
        let n = write_nquads(&items, &NoActors, Vec::new()).expect("nquads");
        for _ in 0..5 {
            assert_eq!(
                a,
                write_turtle(&items, &NoActors, Vec::new()).expect("turtle")
            );
            assert_eq!(
                n,
                write_nquads(&items, &NoActors, Vec::new()).expect("nquads")
            );
        }
    }
}
