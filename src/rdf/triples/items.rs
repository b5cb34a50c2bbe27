//! One method per item kind: the star of triples each item becomes, and
//! the once-per-corpus description of actors and referenced documents.

use super::*;

impl Builder {
    pub(super) fn document(&mut self, d: &DocumentItem) {
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

    pub(super) fn paragraph(&mut self, p: &ParagraphItem) {
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

    pub(super) fn citation(&mut self, c: &CitationItem) {
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

    /// A mention of an actor or a place: its node (of `kind`, minted from
    /// the document, the id and the evidence's place), `what` the actor,
    /// the document and paragraph it is recorded in, and `about` from the
    /// paragraph (else the document) to the actor. Returns the mention's
    /// node and the actor's IRI.
    fn mention(&mut self, kind: Mention, item: Mentioned<'_>) -> (String, String) {
        let mut start = itoa::Buffer::new();
        let start = start.format(item.ev.start);
        let node = iri::minted(kind.minted, &[item.doc, item.id, &item.ev.file, start]);
        let actor = self.actor_ref(item.id, Some(item.label), Some(item.class));
        let doc = self.doc_ref(item.doc);
        let paragraph = item.paragraph.map(iri::paragraph);
        self.a(&node, kind.class);
        self.iri(&node, kind.what, &actor);
        self.iri(&node, unsc::RECORDED_IN, &doc);
        if let Some(p) = &paragraph {
            self.iri(&node, unsc::IN_PARAGRAPH, p);
        }
        self.iri(paragraph.as_deref().unwrap_or(&doc), kind.about, &actor);
        (node, actor)
    }

    pub(super) fn actor(&mut self, a: &ActorItem) {
        let (node, actor) = self.mention(
            Mention::ACTOR,
            Mentioned {
                doc: &a.doc,
                id: &a.actor,
                label: &a.label,
                class: &a.class,
                paragraph: a.paragraph.as_deref(),
                ev: &a.ev,
            },
        );
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

    pub(super) fn place(&mut self, p: &PlaceItem) {
        let (node, _) = self.mention(
            Mention::PLACE,
            Mentioned {
                doc: &p.doc,
                id: &p.place,
                label: &p.label,
                class: &p.class,
                paragraph: p.paragraph.as_deref(),
                ev: &p.ev,
            },
        );
        self.evidence(&node, &p.ev);
    }

    pub(super) fn addressee(&mut self, a: &AddresseeItem) {
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

    pub(super) fn mandate(&mut self, m: &MandateItem) {
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

    pub(super) fn vote(&mut self, v: &VoteItem) {
        let on = self.doc_ref(&v.on);
        let node = format!(
            "{}vote/{}/by/{}",
            crate::rdf::vocab::BASE,
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

    pub(super) fn decision(&mut self, d: &DecisionItem) {
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
            let statement = d.made_type() == Some(DocType::PresidentialStatement);
            if statement && let Some(made) = &d.resolution {
                self.notes.statements.insert(made.clone());
            }
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

    pub(super) fn speaker(&mut self, sp: &SpeakerItem) {
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
    /// source adds its own evidence and `recordedIn`. Invitees read as
    /// names ([`crate::model::Invitee`]) stay names as written, as in the
    /// graph.
    pub(super) fn meeting(&mut self, m: &MeetingItem) {
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
            for invitee in ids {
                match invitee.actor() {
                    Some(id) => {
                        let a = self.actor_ref(id, None, None);
                        self.iri(&node, prop, &a);
                    }
                    None => self.lit(&node, name_prop, invitee.as_str()),
                }
            }
        }
        self.evidence(&node, &m.ev);
    }

    pub(super) fn warning(&mut self, w: &WarningItem) {
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

    /// Describes the actors and the referenced documents `notes` names;
    /// `actors` (the run's gazetteer) fills in what the items do not say.
    pub(super) fn describe(&mut self, notes: &Notes, actors: &dyn ActorDirectory) {
        for (id, info) in &notes.actors {
            let s = iri::actor(id);
            // The gazetteer fills in what the items do not say (an actor
            // only ever addressed, voted for, spoken for).
            let known = actors.known_actor(id);
            let mut classes = info.classes.clone();
            if id.starts_with("state/") {
                classes.insert("MemberState".into());
            }
            if classes.is_empty()
                && let Some(k) = known
            {
                classes.insert(k.class.to_string());
            }
            // A region or city is a place, not an agent.
            if !classes.contains("Place") {
                self.a(&s, unsc::ACTOR);
                self.a(&s, foaf::AGENT);
            }
            for c in &classes {
                match crate::rdf::classes::actor_classes(c) {
                    [] => self.lit(&s, unsc::ACTOR_CLASS_NAME, c),
                    known => {
                        for k in known {
                            self.a(&s, k.as_str());
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
                .or_else(|| known.map(|k| k.label.to_string()))
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
                let t = if notes.statements.contains(id) {
                    DocType::PresidentialStatement
                } else {
                    DocType::from_symbol(id)
                };
                self.a(&s, doc_class(t));
                if t == DocType::Resolution {
                    self.a(&s, eli::LEGAL_RESOURCE);
                }
                self.lit(&s, unsc::SYMBOL, id);
            }
        }
    }
}

/// The kind of a mention: the word its node is minted with, its class, the
/// property to what it mentions and the one from its context.
#[derive(Clone, Copy)]
struct Mention {
    minted: &'static str,
    class: &'static str,
    what: &'static str,
    about: &'static str,
}

impl Mention {
    const ACTOR: Mention = Mention {
        minted: "mention",
        class: unsc::MENTION,
        what: unsc::MENTIONS,
        about: unsc::MENTIONS_ACTOR,
    };
    const PLACE: Mention = Mention {
        minted: "place-mention",
        class: unsc::PLACE_MENTION,
        what: unsc::PLACE,
        about: unsc::ABOUT_PLACE,
    };
}

/// What an actor or place item says of its mention.
struct Mentioned<'a> {
    doc: &'a str,
    id: &'a str,
    label: &'a str,
    class: &'a str,
    paragraph: Option<&'a str>,
    ev: &'a Evidence,
}

pub(super) fn doc_class(t: DocType) -> &'static str {
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

pub(super) fn paragraph_class(r: ParagraphRole) -> &'static str {
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

pub(super) fn position(p: Position) -> &'static str {
    match p {
        Position::InFavour => unsc::IN_FAVOUR,
        Position::Against => unsc::AGAINST,
        Position::Abstaining => unsc::ABSTAINING,
        Position::NotParticipating => unsc::NOT_PARTICIPATING,
        Position::Absent => unsc::ABSENT,
    }
}

pub(super) fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Adopted => unsc::ADOPTED,
        Outcome::NotAdopted => unsc::NOT_ADOPTED,
        Outcome::Vetoed => unsc::VETOED,
    }
}

/// A readable fallback label from a canonical id: `state/burkina-faso` ->
/// "Burkina Faso".
pub(super) fn label_from_id(id: &str) -> String {
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
pub(super) fn date_literal(s: &str) -> Option<(String, &'static str)> {
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
pub(super) fn parse_tally(t: &str) -> Option<[u32; 3]> {
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
