//! Vocabulary constants: every class and property IRI the RDF export uses.
//!
//! Terms of our own live in [`unsc`] (`https://w3id.org/unsc-kg/ontology#`)
//! and are declared, with a label and a comment, in `ontology/unsc.ttl`.
//! Everything else is reused from a standard vocabulary: CiTO for citations,
//! FaBiO and ELI for documents, W3C ORG and FOAF for actors and persons, SKOS
//! for labels, Dublin Core terms for metadata, PROV-O and Web Annotation
//! selectors for evidence. A test checks that every term emitted here is
//! declared in the ontology file.

/// Defines `pub const NAME: &str = "<namespace><local>"` for each term.
macro_rules! terms {
    ($ns:literal; $($(#[$doc:meta])* $name:ident = $local:literal),* $(,)?) => {
        /// The namespace IRI.
        pub const NS: &str = $ns;
        $($(#[$doc])* pub const $name: &str = concat!($ns, $local);)*
    };
}

/// Resource namespace: actors, evidence, votes and every other minted node.
pub const BASE: &str = "https://w3id.org/unsc-kg/";

/// The UN document resolver: a document's IRI is its symbol under this prefix.
pub const UNDOCS: &str = "https://undocs.org/";

/// ISO 639-3 language codes as IRIs (Lexvo).
pub const LEXVO_639_3: &str = "http://lexvo.org/id/iso639-3/";

/// The project vocabulary (`ontology/unsc.ttl`).
pub mod unsc {
    terms! { "https://w3id.org/unsc-kg/ontology#";
        /// Any UN document.
        DOCUMENT = "Document",
        /// An adopted resolution.
        RESOLUTION = "Resolution",
        /// A draft resolution.
        DRAFT_RESOLUTION = "DraftResolution",
        /// A letter.
        LETTER = "Letter",
        /// A note.
        NOTE = "Note",
        /// A report.
        REPORT = "Report",
        /// A statement by the President of the Council.
        PRESIDENTIAL_STATEMENT = "PresidentialStatement",
        /// A verbatim meeting record.
        MEETING_RECORD = "MeetingRecord",
        /// A section of the Repertoire.
        REPERTOIRE_SECTION = "RepertoireSection",
        /// An explanation of vote or other statement.
        STATEMENT = "Statement",
        /// Any other document.
        OTHER_DOCUMENT = "OtherDocument",
        /// A paragraph.
        PARAGRAPH = "Paragraph",
        /// A preambular paragraph.
        PREAMBULAR_PARAGRAPH = "PreambularParagraph",
        /// An operative paragraph.
        OPERATIVE_PARAGRAPH = "OperativeParagraph",
        /// A sub-item of an operative paragraph.
        SUB_ITEM = "SubItem",
        /// A heading inside the operative part.
        HEADING = "Heading",
        /// A body paragraph of a letter, report or narrative.
        BODY_PARAGRAPH = "BodyParagraph",
        /// A footnote.
        FOOTNOTE = "Footnote",
        /// A table row.
        TABLE_ROW = "TableRow",
        /// A signature block.
        SIGNATURE_BLOCK = "SignatureBlock",
        /// Any actor.
        ACTOR = "Actor",
        /// A Member State.
        MEMBER_STATE = "MemberState",
        /// A peace operation or political mission.
        MISSION = "Mission",
        /// A military force.
        FORCE = "Force",
        /// An armed group.
        ARMED_GROUP = "ArmedGroup",
        /// A government.
        GOVERNMENT = "Government",
        /// A regional or intergovernmental organization.
        REGIONAL_ORGANIZATION = "RegionalOrganization",
        /// A terrorist group.
        TERRORIST_GROUP = "TerroristGroup",
        /// A principal organ of the United Nations.
        UN_ORGAN = "UNOrgan",
        /// A UN office, agency, fund or programme.
        UN_OFFICE = "UNOffice",
        /// An office holder.
        UN_OFFICIAL = "UNOfficial",
        /// A subsidiary body, committee or panel.
        BODY = "Body",
        /// A court or tribunal.
        COURT = "Court",
        /// A group of actors ("the Malian parties").
        GROUP = "Group",
        /// A person.
        PERSON = "Person",
        /// A meeting of the Council.
        MEETING = "Meeting",
        /// A reified citation.
        CITATION = "Citation",
        /// A mention of an actor in a document.
        MENTION = "Mention",
        /// A mention of a state, region or city as a place.
        PLACE_MENTION = "PlaceMention",
        /// A region or city (not an actor).
        REGION_OR_CITY = "Place",
        /// A paragraph addressing an actor.
        ADDRESSING = "Addressing",
        /// A mandate decision.
        MANDATE = "Mandate",
        /// One member's vote.
        VOTE = "Vote",
        /// A vote position.
        VOTE_POSITION = "VotePosition",
        /// A decision on a draft.
        DECISION = "Decision",
        /// A decision outcome.
        OUTCOME = "Outcome",
        /// A speaker taking the floor at a meeting.
        INTERVENTION = "Intervention",
        /// An extraction warning.
        EXTRACTION_WARNING = "ExtractionWarning",
        /// The evidence of a fact.
        EVIDENCE = "Evidence",
        /// A source file.
        SOURCE_FILE = "SourceFile",
        /// An agenda item.
        AGENDA_ITEM = "AgendaItem",
        /// A normalized operative verb.
        OPERATIVE_VERB = "OperativeVerb",
        /// Vote position: in favour.
        IN_FAVOUR = "InFavour",
        /// Vote position: against.
        AGAINST = "Against",
        /// Vote position: abstaining.
        ABSTAINING = "Abstaining",
        /// Vote position: present, not participating.
        NOT_PARTICIPATING = "NotParticipating",
        /// Vote position: absent.
        ABSENT = "Absent",
        /// Outcome: adopted.
        ADOPTED = "Adopted",
        /// Outcome: not adopted.
        NOT_ADOPTED = "NotAdopted",
        /// Outcome: vetoed.
        VETOED = "Vetoed",
        /// The canonical UN symbol.
        SYMBOL = "symbol",
        /// The agenda item of a document.
        AGENDA_ITEM_PROP = "agendaItem",
        /// Author or sponsor named on a document, as written.
        AUTHOR_NAME = "authorName",
        /// Label of a part inside its parent ("Annex II").
        PART_LABEL = "partLabel",
        /// The evidence of a fact.
        EVIDENCE_PROP = "evidence",
        /// The rule that produced a fact.
        RULE = "rule",
        /// The path of a source file.
        PATH = "path",
        /// The number of a paragraph as printed.
        NUMBER = "number",
        /// The normalized text of a paragraph.
        TEXT = "text",
        /// The parent paragraph of a sub-item.
        SUB_PARAGRAPH_OF = "subParagraphOf",
        /// The document a fact is recorded in.
        RECORDED_IN = "recordedIn",
        /// The paragraph a fact is recorded in.
        IN_PARAGRAPH = "inParagraph",
        /// Pinpoint inside a cited document.
        PINPOINT = "pinpoint",
        /// The governing verb as written.
        VERB_TEXT = "verbText",
        /// The actor mentioned.
        MENTIONS = "mentions",
        /// Shortcut: a document or paragraph mentions an actor.
        MENTIONS_ACTOR = "mentionsActor",
        /// The place a place mention names.
        PLACE = "place",
        /// Shortcut: a document or paragraph is about a place.
        ABOUT_PLACE = "aboutPlace",
        /// The actor an actor is part of.
        PART_OF_ACTOR = "partOf",
        /// The role of a person.
        ROLE_LABEL = "roleLabel",
        /// The state or body a person represents.
        REPRESENTS = "represents",
        /// The actor addressed.
        ADDRESSEE = "addressee",
        /// The normalized operative verb.
        OPERATIVE_VERB_PROP = "operativeVerb",
        /// Shortcut: a paragraph addresses an actor.
        ADDRESSES = "addresses",
        /// The mission a mandate is about.
        MISSION_PROP = "mission",
        /// The date a mandate runs until.
        UNTIL = "until",
        /// Authorised military personnel.
        MILITARY_CEILING = "militaryCeiling",
        /// Authorised police personnel.
        POLICE_CEILING = "policeCeiling",
        /// The member who voted.
        VOTER = "voter",
        /// The position taken.
        POSITION = "position",
        /// The document voted on.
        VOTED_ON = "votedOn",
        /// The name of the person who signed a vote.
        SIGNER_NAME = "signerName",
        /// The draft a decision is about.
        ON_DRAFT = "onDraft",
        /// The outcome of a decision.
        OUTCOME_PROP = "outcome",
        /// The resolution a decision produced.
        RESULTED_IN = "resultedIn",
        /// The presidential statement a decision made.
        MADE_STATEMENT = "madeStatement",
        /// Shortcut: a draft was adopted as a resolution.
        ADOPTED_AS = "adoptedAs",
        /// The tally as written.
        TALLY = "tally",
        /// Votes in favour.
        VOTES_IN_FAVOUR = "votesInFavour",
        /// Votes against.
        VOTES_AGAINST = "votesAgainst",
        /// Abstentions.
        ABSTENTIONS = "abstentions",
        /// The meeting a decision or speech took place at.
        AT_MEETING = "atMeeting",
        /// Shortcut: the meeting at which a resolution was adopted.
        ADOPTED_AT = "adoptedAt",
        /// A document standing for the meeting (written procedure).
        PROCEDURE_DOCUMENT = "procedureDocument",
        /// A sponsor of a draft.
        SPONSOR = "sponsor",
        /// The verbatim record of a meeting.
        MEETING_RECORD_PROP = "meetingRecord",
        /// The meeting number.
        MEETING_NUMBER = "meetingNumber",
        /// A sub-item of a meeting's agenda item, as written.
        SUB_ITEM_PROP = "subItem",
        /// A document a meeting considered.
        CONSIDERS = "considers",
        /// The press release issued on a meeting.
        PRESS_RELEASE_PROP = "pressRelease",
        /// A state invited to a meeting under rule 37.
        INVITED_UNDER_RULE_37 = "invitedUnderRule37",
        /// An invitee of a meeting under rule 39 (or otherwise).
        INVITED_UNDER_RULE_39 = "invitedUnderRule39",
        /// A rule 37 invitee named as written, not known as an actor.
        RULE_37_INVITEE_NAME = "rule37InviteeName",
        /// A rule 39 or other invitee named as written, not known as an actor.
        RULE_39_INVITEE_NAME = "rule39InviteeName",
        /// The speaker.
        SPEAKER = "speaker",
        /// Those spoken for.
        ON_BEHALF_OF = "onBehalfOf",
        /// A warning message.
        MESSAGE = "message",
        /// The document a warning is about.
        ABOUT_DOCUMENT = "aboutDocument",
        /// The extractor's class name for an actor, as written.
        ACTOR_CLASS_NAME = "actorClassName",
    }
}

/// CiTO, the Citation Typing Ontology.
pub mod cito {
    terms! { "http://purl.org/spar/cito/";
        /// The generic citation property.
        CITES = "cites",
        /// A reified citation.
        CITATION = "Citation",
        /// The citing entity of a citation.
        HAS_CITING_ENTITY = "hasCitingEntity",
        /// The cited entity of a citation.
        HAS_CITED_ENTITY = "hasCitedEntity",
        /// The CiTO relation characterizing a citation.
        HAS_CITATION_CHARACTERIZATION = "hasCitationCharacterization",
    }

    /// The CiTO relations an extractor may name (`CitationItem::relation`);
    /// anything else is exported as plain `cito:cites`.
    pub const RELATIONS: &[&str] = &[
        "http://purl.org/spar/cito/agreesWith",
        "http://purl.org/spar/cito/citesAsAuthority",
        "http://purl.org/spar/cito/citesAsEvidence",
        "http://purl.org/spar/cito/citesAsRelated",
        "http://purl.org/spar/cito/citesAsSourceDocument",
        "http://purl.org/spar/cito/citesForInformation",
        "http://purl.org/spar/cito/confirms",
        "http://purl.org/spar/cito/credits",
        "http://purl.org/spar/cito/disagreesWith",
        "http://purl.org/spar/cito/discusses",
        "http://purl.org/spar/cito/extends",
        "http://purl.org/spar/cito/obtainsBackgroundFrom",
        "http://purl.org/spar/cito/reviews",
        "http://purl.org/spar/cito/supports",
        "http://purl.org/spar/cito/updates",
        "http://purl.org/spar/cito/usesMethodIn",
    ];

    /// The IRI of a CiTO relation by its local name (`citesAsAuthority`),
    /// if it is one of [`RELATIONS`].
    pub fn relation(local: &str) -> Option<&'static str> {
        RELATIONS
            .iter()
            .copied()
            .find(|iri| iri.strip_prefix(NS) == Some(local))
    }
}

/// FaBiO, the FRBR-aligned Bibliographic Ontology.
pub mod fabio {
    terms! { "http://purl.org/spar/fabio/";
        /// A work.
        WORK = "Work",
    }
}

/// ELI, the European Legislation Identifier ontology.
pub mod eli {
    terms! { "http://data.europa.eu/eli/ontology#";
        /// A legal resource.
        LEGAL_RESOURCE = "LegalResource",
    }
}

/// W3C Organization ontology.
pub mod org {
    terms! { "http://www.w3.org/ns/org#";
        /// An organization.
        ORGANIZATION = "Organization",
    }
}

/// FOAF.
pub mod foaf {
    terms! { "http://xmlns.com/foaf/0.1/";
        /// A person.
        PERSON = "Person",
        /// An agent.
        AGENT = "Agent",
        /// A group of agents.
        GROUP = "Group",
    }
}

/// SKOS.
pub mod skos {
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// Preferred label.
        PREF_LABEL = "prefLabel",
        /// Alternative label.
        ALT_LABEL = "altLabel",
        /// A concept.
        CONCEPT = "Concept",
    }
}

/// Dublin Core terms.
pub mod dcterms {
    terms! { "http://purl.org/dc/terms/";
        /// Identifier.
        IDENTIFIER = "identifier",
        /// Title.
        TITLE = "title",
        /// Date.
        DATE = "date",
        /// Language.
        LANGUAGE = "language",
        /// Part of.
        IS_PART_OF = "isPartOf",
    }
}

/// PROV-O.
pub mod prov {
    terms! { "http://www.w3.org/ns/prov#";
        /// An entity.
        ENTITY = "Entity",
        /// Derivation.
        WAS_DERIVED_FROM = "wasDerivedFrom",
    }
}

/// Web Annotation vocabulary.
pub mod oa {
    terms! { "http://www.w3.org/ns/oa#";
        /// An annotation.
        ANNOTATION = "Annotation",
        /// A specific resource (part of a source).
        SPECIFIC_RESOURCE = "SpecificResource",
        /// Selects bytes by position.
        DATA_POSITION_SELECTOR = "DataPositionSelector",
        /// Selects text by quoting it.
        TEXT_QUOTE_SELECTOR = "TextQuoteSelector",
        /// The target of an annotation.
        HAS_TARGET = "hasTarget",
        /// The source of a specific resource.
        HAS_SOURCE = "hasSource",
        /// The selector of a specific resource.
        HAS_SELECTOR = "hasSelector",
        /// Start position.
        START = "start",
        /// End position.
        END = "end",
        /// The exact quote.
        EXACT = "exact",
    }
}

/// RDF, RDFS and XSD.
pub mod rdf {
    /// `rdf:type`.
    pub const TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    /// `rdfs:label`.
    pub const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    /// `xsd:date`.
    pub const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
    /// `xsd:gYear`.
    pub const XSD_GYEAR: &str = "http://www.w3.org/2001/XMLSchema#gYear";
    /// `xsd:integer`.
    pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
    /// `xsd:nonNegativeInteger`.
    pub const XSD_NON_NEGATIVE_INTEGER: &str =
        "http://www.w3.org/2001/XMLSchema#nonNegativeInteger";
}

/// Prefixes used when compacting IRIs in tables: the Turtle ones plus
/// `undocs:`, which reads well in a table but would need escapes in Turtle
/// (`undocs:S\/RES\/2531\(2020\)`).
pub const PREFIXES: &[(&str, &str)] = &[
    ("undocs", UNDOCS),
    ("person", "https://w3id.org/unsc-kg/actor/person/"),
    ("unsc", unsc::NS),
    ("actor", "https://w3id.org/unsc-kg/actor/"),
    ("state", "https://w3id.org/unsc-kg/actor/state/"),
    // The nodes minted per fact (`iri::minted`: sixteen hex digits after
    // the kind), most of the subjects of a dump, and meetings and verbs:
    // prefixed, they are some 27 bytes shorter each (3.5 % of `graph.ttl`).
    ("mention", "https://w3id.org/unsc-kg/mention/"),
    ("place-mention", "https://w3id.org/unsc-kg/place-mention/"),
    ("citation", "https://w3id.org/unsc-kg/citation/"),
    ("addressing", "https://w3id.org/unsc-kg/addressing/"),
    ("decision", "https://w3id.org/unsc-kg/decision/"),
    ("mandate", "https://w3id.org/unsc-kg/mandate/"),
    ("intervention", "https://w3id.org/unsc-kg/intervention/"),
    ("warning", "https://w3id.org/unsc-kg/warning/"),
    ("evidence", "https://w3id.org/unsc-kg/evidence/"),
    ("meeting", "https://w3id.org/unsc-kg/meeting/"),
    ("verb", "https://w3id.org/unsc-kg/verb/"),
    ("cito", cito::NS),
    ("fabio", fabio::NS),
    ("eli", eli::NS),
    ("org", org::NS),
    ("foaf", foaf::NS),
    ("skos", skos::NS),
    ("dcterms", dcterms::NS),
    ("prov", prov::NS),
    ("oa", oa::NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Prefixes written at the top of Turtle output.
pub const TURTLE_PREFIXES: &[(&str, &str)] = PREFIXES.split_at(1).1;

/// Turtle `@prefix` lines come out of the serializer in hash order; this
/// sorts that leading block so that dumps are byte-for-byte reproducible.
pub fn sort_prelude(turtle: Vec<u8>) -> Vec<u8> {
    let mut prelude: Vec<&[u8]> = Vec::new();
    let mut rest = turtle.as_slice();
    while rest.starts_with(b"@prefix ") || rest.starts_with(b"@base ") {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        prelude.push(&rest[..end]);
        rest = &rest[end..];
    }
    prelude.sort();
    let mut out = prelude.concat();
    out.extend_from_slice(rest);
    out
}
