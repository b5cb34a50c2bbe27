//! The actor gazetteer: `ontology/actors.ttl` read into an index of actors
//! and a [`Matcher`] over all their labels.
//!
//! The Turtle file is parsed with oxigraph's RDF parser. Every subject in
//! the `https://w3id.org/unsc-kg/actor/` namespace is an actor; its id is
//! the rest of the IRI (`minusma`, `state/mali`), its class the local name
//! of its `rdf:type` (`Mission`, `MemberState`), its labels the SKOS labels
//! and `unsc:acronym`s, its members the objects of `unsc:hasMember`, its
//! parent the object of `unsc:partOf`, a state's adjectives its
//! `unsc:demonym`s.
//!
//! A state with a demonym gets its government's spellings: "the Malian
//! Government" and "the Malian authorities" name `government-of-mali`
//! (written in the file or made here), "the Malian Transition(al)
//! Government" names `transition-government-of-mali`, its own actor, part
//! of the state. A demonym alone ("French") is not matched in text, but
//! [`Gazetteer::resolve`] reads it as the state.
//!
//! A broken file fails at load with the file, the line and the reason
//! ([`DataError`]): a Turtle syntax error, an actor written twice (a
//! duplicate id), an actor without a class or a preferred label, a member
//! that is not an actor, or a label that already names another actor.
//!
//! The embedded copy is parsed once, on first use ([`get`]); a user file can
//! replace it with [`install`] before any extraction runs (the commands'
//! `--gazetteer`). Extraction reads the installed one; the RDF layer reads
//! none, it is handed the gazetteer as a [`crate::model::ActorDirectory`].

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};

use super::matcher::{InsertError, Matcher, Tokens};
use crate::error::DataError;
use crate::model::{ActorDirectory, KnownActor};

/// Namespace of actor IRIs; an actor's id is the IRI without it.
pub const ACTOR_NS: &str = "https://w3id.org/unsc-kg/actor/";
/// Namespace of the unsc-kg vocabulary (classes and properties).
pub const ONTOLOGY_NS: &str = "https://w3id.org/unsc-kg/ontology#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Path of the embedded gazetteer, as reported in errors.
pub const EMBEDDED_PATH: &str = "ontology/actors.ttl";
const EMBEDDED: &str = include_str!("../../../ontology/actors.ttl");

/// One actor of the gazetteer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The id (`minusma`, `state/mali`).
    pub id: String,
    /// The preferred label.
    pub label: String,
    /// The class (`Mission`, `MemberState` ...).
    pub class: String,
    /// Every label it is matched by, preferred label first.
    pub labels: Vec<String>,
    /// Ids of its members, for groups.
    pub members: Vec<String>,
    /// The actor it is part of (`unsc:partOf`).
    pub part_of: Option<String>,
    /// Adjectives of a state ("Malian").
    pub demonyms: Vec<String>,
    /// 1-based line where the actor is written.
    pub line: usize,
}

/// The parsed gazetteer with its matcher.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    actors: Vec<Actor>,
    by_id: HashMap<String, usize>,
    matcher: Matcher,
    /// Folded demonym -> state index.
    demonyms: HashMap<String, usize>,
}

static ACTIVE: OnceLock<Gazetteer> = OnceLock::new();
static DEFAULT: LazyLock<Gazetteer> = LazyLock::new(|| {
    // The embedded file is checked by the unit tests below.
    Gazetteer::parse(EMBEDDED, EMBEDDED_PATH).expect("the embedded gazetteer is valid")
});

/// The gazetteer in use: the one given to [`install`], else the embedded one.
pub fn get() -> &'static Gazetteer {
    ACTIVE.get().unwrap_or_else(|| &DEFAULT)
}

/// Replaces the embedded gazetteer for the rest of the process. Returns
/// `false` when a gazetteer was already installed.
pub fn install(g: Gazetteer) -> bool {
    ACTIVE.set(g).is_ok()
}

#[derive(Default)]
struct Draft {
    classes: Vec<String>,
    pref: Vec<String>,
    labels: Vec<(String, bool)>,
    members: Vec<String>,
    part_of: Option<String>,
    demonyms: Vec<String>,
}

impl Gazetteer {
    /// Reads a gazetteer file.
    pub fn from_path(path: &Path) -> Result<Gazetteer, DataError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| DataError {
            file: file.clone(),
            line: 0,
            reason: format!("cannot read: {e}"),
        })?;
        Gazetteer::parse(&text, &file)
    }

    /// Parses gazetteer Turtle; `file` names it in errors.
    pub fn parse(src: &str, file: &str) -> Result<Gazetteer, DataError> {
        let err = |line: usize, reason: String| DataError {
            file: file.to_string(),
            line,
            reason,
        };
        let mut order: Vec<String> = Vec::new();
        let mut drafts: HashMap<String, Draft> = HashMap::new();
        let mut closed: HashSet<String> = HashSet::new();
        let mut current: Option<String> = None;
        let mut parser = RdfParser::from_format(RdfFormat::Turtle).for_slice(src.as_bytes());
        let mut quads = Vec::new();
        for q in parser.by_ref() {
            match q {
                Ok(q) => quads.push(q),
                Err(e) => {
                    let line = e.location().map(|r| r.start.line as usize + 1).unwrap_or(0);
                    return Err(err(line, e.to_string()));
                }
            }
        }
        let prefixes: Vec<(String, String)> = parser
            .prefixes()
            .map(|(p, n)| (p.to_string(), n.to_string()))
            .collect();
        let lines = SubjectLines::new(src, &prefixes);
        for q in quads {
            let NamedOrBlankNode::NamedNode(s) = &q.subject else {
                continue;
            };
            let Some(id) = s.as_str().strip_prefix(ACTOR_NS) else {
                continue;
            };
            if current.as_deref() != Some(id) {
                if let Some(c) = current.take() {
                    closed.insert(c);
                }
                if closed.contains(id) {
                    return Err(err(
                        lines.nth(s.as_str(), 1),
                        format!(
                            "duplicate id `{id}`: the actor is already written at line {}",
                            lines.nth(s.as_str(), 0)
                        ),
                    ));
                }
                if !drafts.contains_key(id) {
                    order.push(id.to_string());
                }
                current = Some(id.to_string());
            }
            let d = drafts.entry(id.to_string()).or_default();
            let p = q.predicate.as_str();
            match (&q.object, p) {
                (Term::NamedNode(o), RDF_TYPE) => {
                    let c = o.as_str();
                    let local = c.rsplit(['#', '/']).next().unwrap_or(c);
                    d.classes.push(local.to_string());
                }
                (Term::Literal(l), _) => {
                    let v = l.value().to_string();
                    match p.strip_prefix(SKOS) {
                        Some("prefLabel") if l.language().is_none_or(|x| x.starts_with("en")) => {
                            d.pref.push(v)
                        }
                        Some("prefLabel" | "altLabel" | "hiddenLabel") => d.labels.push((v, false)),
                        _ if p == format!("{ONTOLOGY_NS}acronym") => d.labels.push((v, true)),
                        _ if p == format!("{ONTOLOGY_NS}demonym") => d.demonyms.push(v),
                        _ => {}
                    }
                }
                (Term::NamedNode(o), _) if p == format!("{ONTOLOGY_NS}partOf") => {
                    d.part_of = o.as_str().strip_prefix(ACTOR_NS).map(str::to_string);
                }
                (Term::NamedNode(o), _) if p == format!("{ONTOLOGY_NS}hasMember") => {
                    match o.as_str().strip_prefix(ACTOR_NS) {
                        Some(m) => d.members.push(m.to_string()),
                        None => {
                            return Err(err(
                                lines.nth(s.as_str(), 0),
                                format!("`{id}`: member <{}> is not an actor", o.as_str()),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut g = Gazetteer {
            actors: Vec::with_capacity(order.len()),
            by_id: HashMap::new(),
            matcher: Matcher::new(),
            demonyms: HashMap::new(),
        };
        for id in order {
            let d = drafts.remove(&id).unwrap_or_default();
            let line = lines.nth(&format!("{ACTOR_NS}{id}"), 0);
            g.add_actor(id, d, line)
                .map_err(|reason| err(line, reason))?;
        }
        g.add_governments()
            .map_err(|(line, reason)| err(line, reason))?;
        for a in &g.actors {
            for m in &a.members {
                if !g.by_id.contains_key(m) {
                    return Err(err(
                        a.line,
                        format!("`{}`: member `{m}` is not in the gazetteer", a.id),
                    ));
                }
            }
        }
        Ok(g)
    }

    /// Adds the actor `id` read into `d` (written at `line`): its class,
    /// its one English preferred label, and every label in the matcher.
    fn add_actor(&mut self, id: String, d: Draft, line: usize) -> Result<(), String> {
        let class = d
            .classes
            .iter()
            .find(|c| c.as_str() != "Actor")
            .or(d.classes.first())
            .cloned()
            .ok_or_else(|| format!("`{id}` has no class (rdf:type)"))?;
        let label = match d.pref.as_slice() {
            [one] => one.clone(),
            [] => return Err(format!("`{id}` has no English skos:prefLabel")),
            _ => return Err(format!("`{id}` has {} English prefLabels", d.pref.len())),
        };
        let idx = self.actors.len() as u32;
        let mut labels = vec![label.clone()];
        let mut all = vec![(label.clone(), false)];
        all.extend(d.labels);
        for (l, exact) in &all {
            match self.matcher.insert(l, *exact, idx) {
                Ok(()) => {}
                Err(InsertError::Empty) => return Err(format!("`{id}`: empty label {l:?}")),
                Err(InsertError::Clash(other)) => {
                    return Err(format!(
                        "`{id}`: label {l:?} already names `{}`",
                        self.actors[other as usize].id
                    ));
                }
            }
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        self.by_id.insert(id.clone(), self.actors.len());
        self.actors.push(Actor {
            id,
            label,
            class,
            labels,
            members: d.members,
            part_of: d.part_of,
            demonyms: d.demonyms,
            line,
        });
        Ok(())
    }

    /// Governments named by a state's demonym: "the Malian Government",
    /// "the Malian authorities" and "the Malian Transition Government".
    fn add_governments(&mut self) -> Result<(), (usize, String)> {
        for si in 0..self.actors.len() {
            if self.actors[si].demonyms.is_empty() {
                continue;
            }
            let state = self.actors[si].clone();
            let slug = state.id.trim_start_matches("state/");
            for (prefix, heads, transition) in [
                ("government-of", &["Government", "authorities"][..], false),
                (
                    "transition-government-of",
                    &["Transition Government", "Transitional Government"][..],
                    true,
                ),
            ] {
                let id = format!("{prefix}-{slug}");
                let idx = match self.by_id.get(&id) {
                    Some(&i) => i,
                    None => {
                        let label = if transition {
                            format!("Transition Government of {}", state.label)
                        } else {
                            format!("Government of {}", state.label)
                        };
                        self.by_id.insert(id.clone(), self.actors.len());
                        self.actors.push(Actor {
                            id: id.clone(),
                            label: label.clone(),
                            class: "Government".into(),
                            labels: vec![label],
                            members: Vec::new(),
                            part_of: transition.then(|| state.id.clone()),
                            demonyms: Vec::new(),
                            line: state.line,
                        });
                        self.actors.len() - 1
                    }
                };
                for dem in &state.demonyms {
                    for head in heads {
                        let l = format!("{dem} {head}");
                        match self.matcher.insert(&l, false, idx as u32) {
                            Ok(()) => {}
                            Err(InsertError::Clash(o)) => {
                                return Err((
                                    state.line,
                                    format!(
                                        "`{}`: label {l:?} already names `{}`",
                                        state.id, self.actors[o as usize].id
                                    ),
                                ));
                            }
                            Err(InsertError::Empty) => {}
                        }
                        if !self.actors[idx].labels.contains(&l) {
                            self.actors[idx].labels.push(l);
                        }
                    }
                }
            }
            for dem in &state.demonyms {
                self.demonyms.entry(fold(dem)).or_insert(si);
            }
        }
        Ok(())
    }

    /// The actor a typed name means: a label, alias or acronym (any case),
    /// else a state's demonym ("french" is France, not the French forces).
    pub fn resolve(&self, name: &str) -> Option<&Actor> {
        self.lookup(name)
            .or_else(|| self.demonyms.get(&fold(name)).map(|&i| &self.actors[i]))
    }

    /// The state a demonym names ("Malian").
    pub fn demonym(&self, word: &str) -> Option<&Actor> {
        self.demonyms.get(&fold(word)).map(|&i| &self.actors[i])
    }

    /// All actors, in file order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.actors[i])
    }

    /// The actor at an index returned by the matcher.
    pub fn at(&self, idx: u32) -> &Actor {
        &self.actors[idx as usize]
    }

    /// The actor whose label is exactly `name` (folded, a leading "the" aside).
    pub fn lookup(&self, name: &str) -> Option<&Actor> {
        self.matcher.lookup(name).map(|i| self.at(i))
    }

    /// Leftmost-longest actor mentions among tokens `range` of `text`.
    pub fn find(
        &self,
        text: &str,
        toks: &Tokens,
        range: std::ops::Range<usize>,
    ) -> Vec<super::matcher::Match> {
        self.matcher.find(text, toks, range)
    }

    /// The members of a group, recursively, without the group itself.
    pub fn members(&self, id: &str) -> Vec<&Actor> {
        let mut out: Vec<&Actor> = Vec::new();
        let mut stack: Vec<&str> = vec![id];
        let mut seen: HashSet<&str> = HashSet::from([id]);
        while let Some(x) = stack.pop() {
            if let Some(a) = self.actor(x) {
                for m in &a.members {
                    if seen.insert(m.as_str())
                        && let Some(ma) = self.actor(m)
                    {
                        out.push(ma);
                        stack.push(m.as_str());
                    }
                }
            }
        }
        out
    }
}

/// What RDF needs of the gazetteer: an actor's preferred label and class.
impl ActorDirectory for Gazetteer {
    fn known_actor(&self, id: &str) -> Option<KnownActor<'_>> {
        self.actor(id).map(|a| KnownActor {
            label: &a.label,
            class: &a.class,
        })
    }
}

/// A name folded as the matcher folds it, words joined by one space.
fn fold(name: &str) -> String {
    let toks = super::matcher::tokenize(name);
    (0..toks.toks.len())
        .map(|i| toks.folded(i))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines where subjects are written: the first token of every line that
/// starts at column 0 and is not a directive or comment, expanded to an IRI.
struct SubjectLines {
    by_iri: HashMap<String, Vec<usize>>,
}

impl SubjectLines {
    fn new(src: &str, prefixes: &[(String, String)]) -> SubjectLines {
        let mut by_iri: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, line) in src.lines().enumerate() {
            if line.is_empty()
                || line.starts_with(char::is_whitespace)
                || line.starts_with(['@', '#'])
                || line
                    .get(..6)
                    .is_some_and(|p| p.eq_ignore_ascii_case("prefix"))
            {
                continue;
            }
            let first = line.split_whitespace().next().unwrap_or("");
            let iri = if let Some(x) = first.strip_prefix('<') {
                x.trim_end_matches('>').to_string()
            } else if let Some((p, local)) = first.split_once(':') {
                match prefixes.iter().find(|(q, _)| q == p) {
                    Some((_, ns)) => format!("{ns}{}", local.replace('\\', "")),
                    None => continue,
                }
            } else {
                continue;
            };
            by_iri.entry(iri).or_default().push(n + 1);
        }
        SubjectLines { by_iri }
    }

    /// The line of the `k`-th statement about `iri` (0 when unknown).
    fn nth(&self, iri: &str, k: usize) -> usize {
        self.by_iri
            .get(iri)
            .and_then(|v| v.get(k).or(v.last()))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\
        @prefix unsc: <https://w3id.org/unsc-kg/ontology#> .\n\
        @prefix actor: <https://w3id.org/unsc-kg/actor/> .\n";

    #[test]
    fn embedded_gazetteer_loads() {
        let g = Gazetteer::parse(EMBEDDED, EMBEDDED_PATH).unwrap();
        assert!(g.actors().len() > 200);
        assert_eq!(g.actor("minusma").unwrap().class, "Mission");
        assert_eq!(
            g.lookup("RUSSIAN FEDERATION").unwrap().id,
            "state/russian-federation"
        );
        assert_eq!(
            g.lookup("United Kingdom of Great Britain and Northern Ireland")
                .unwrap()
                .id,
            "state/united-kingdom"
        );
        assert_eq!(g.lookup("the Republic of Niger").unwrap().id, "state/niger");
        assert_eq!(g.lookup("Viet Nam").unwrap().id, "state/viet-nam");
        assert_eq!(
            g.lookup("BOLIVIA (PLURINATIONAL STATE OF)").unwrap().id,
            "state/bolivia"
        );
        assert_eq!(g.lookup("TÜRKİYE").unwrap().id, "state/turkiye");
        assert_eq!(g.lookup("FC-GS5").unwrap().id, "fc-g5s");
        let members: Vec<&str> = g
            .members("malian-parties")
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(members.len(), 3);
    }

    #[test]
    fn every_council_member_since_2000_resolves() {
        let csv = include_str!("../../../ontology/reference/council-members-by-year.csv");
        let g = get();
        let mut missing = Vec::new();
        for line in csv.lines().skip(1) {
            let name = line.split_once(',').map(|x| x.1).unwrap_or("");
            // Known breakage in the source data: names cut over two lines.
            if matches!(name, "CÔTE." | "D'IVOIRE") {
                continue;
            }
            if g.lookup(name).is_none_or(|a| a.class != "MemberState") {
                missing.push(name.to_string());
            }
        }
        assert!(missing.is_empty(), "unresolved: {missing:?}");
    }

    #[test]
    fn syntax_error_has_file_and_line() {
        let src = format!(
            "{HEAD}actor:x a unsc:Mission ;\n    skos:prefLabel \"X\"@en ;\n    skos:altLabel \"Y .\n"
        );
        let e = Gazetteer::parse(&src, "bad.ttl").unwrap_err();
        assert_eq!(e.file, "bad.ttl");
        assert_eq!(e.line, 6, "{e}");
    }

    #[test]
    fn duplicate_id_is_reported_at_second_definition() {
        let src = format!(
            "{HEAD}actor:x a unsc:Mission ;\n    skos:prefLabel \"X\"@en .\n\
             actor:y a unsc:Mission ;\n    skos:prefLabel \"Y\"@en .\n\
             actor:x a unsc:Force ;\n    skos:prefLabel \"X2\"@en .\n"
        );
        let e = Gazetteer::parse(&src, "dup.ttl").unwrap_err();
        assert_eq!(e.line, 8, "{e}");
        assert!(e.reason.contains("duplicate id `x`"), "{e}");
        assert!(e.to_string().starts_with("dup.ttl:8: "), "{e}");
    }

    #[test]
    fn label_clash_and_missing_member_are_reported() {
        let src = format!(
            "{HEAD}actor:x a unsc:Mission ;\n    skos:prefLabel \"Same\"@en .\n\
             actor:y a unsc:Mission ;\n    skos:prefLabel \"same\"@en .\n"
        );
        let e = Gazetteer::parse(&src, "clash.ttl").unwrap_err();
        assert_eq!(e.line, 6);
        assert!(e.reason.contains("already names `x`"), "{e}");
        let src = format!(
            "{HEAD}actor:g a unsc:Group ;\n    skos:prefLabel \"G\"@en ;\n    unsc:hasMember actor:nobody .\n"
        );
        let e = Gazetteer::parse(&src, "member.ttl").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.reason.contains("`nobody`"), "{e}");
    }
}
