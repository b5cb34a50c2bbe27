//! The extraction model: every fact unsc-kg reads out of a document, as one
//! flat stream of [`Item`]s.
//!
//! The stream is what `unsc-kg extract --format jsonl` prints, one item per
//! line, and what every later stage (graph, RDF, exports) consumes. Each item
//! carries its [`Evidence`]: the file it came from, the byte span in the
//! *original* file, the exact quoted bytes, and the rule that produced it.
//! Nothing downstream reads the files again.

use serde::{Deserialize, Serialize};

mod directory;
mod evidence;
pub use directory::{ActorDirectory, KnownActor};
pub use evidence::{Evidence, EvidenceRef};

/// The kinds of document unsc-kg distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// An adopted resolution (`S/RES/...`).
    Resolution,
    /// A draft resolution (`S/YYYY/N` put to the vote).
    DraftResolution,
    /// A letter (including letters that carry votes).
    Letter,
    /// A note (by the President or the Secretary-General).
    Note,
    /// A report (of the Secretary-General, a panel, a committee).
    Report,
    /// A statement by the President of the Council (`S/PRST/...`).
    PresidentialStatement,
    /// A verbatim meeting record (`S/PV.NNNN`).
    MeetingRecord,
    /// A section of the Repertoire of the Practice of the Security Council.
    RepertoireSection,
    /// An explanation of vote or other statement by a member.
    Statement,
    /// General Assembly or ECOSOC document, or anything else cited.
    Other,
}

impl DocType {
    /// The snake_case name used in JSON, CSV and RDF.
    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Resolution => "resolution",
            DocType::DraftResolution => "draft_resolution",
            DocType::Letter => "letter",
            DocType::Note => "note",
            DocType::Report => "report",
            DocType::PresidentialStatement => "presidential_statement",
            DocType::MeetingRecord => "meeting_record",
            DocType::RepertoireSection => "repertoire_section",
            DocType::Statement => "statement",
            DocType::Other => "other",
        }
    }

    /// Parses the snake_case name (as printed by [`DocType::as_str`]).
    pub fn parse(s: &str) -> Option<DocType> {
        Some(match s {
            "resolution" => DocType::Resolution,
            "draft_resolution" => DocType::DraftResolution,
            "letter" => DocType::Letter,
            "note" => DocType::Note,
            "report" => DocType::Report,
            "presidential_statement" => DocType::PresidentialStatement,
            "meeting_record" => DocType::MeetingRecord,
            "repertoire_section" => DocType::RepertoireSection,
            "statement" => DocType::Statement,
            "other" => DocType::Other,
            _ => return None,
        })
    }

    /// The document type implied by a canonical symbol alone, for documents
    /// that are only cited.
    pub fn from_symbol(symbol: &str) -> DocType {
        if symbol.starts_with("S/RES/") {
            DocType::Resolution
        } else if symbol.starts_with("S/PRST/") {
            DocType::PresidentialStatement
        } else if symbol.starts_with("S/PV.") {
            DocType::MeetingRecord
        } else {
            DocType::Other
        }
    }
}

/// The part of a document a paragraph belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphRole {
    /// A preambular paragraph ("Recalling ...").
    Preambular,
    /// A numbered operative paragraph ("1. Decides ...").
    Operative,
    /// A sub-item of an operative paragraph ("(a)", "–").
    SubItem,
    /// A section heading inside the operative part.
    Heading,
    /// A paragraph of a letter, report or narrative.
    Body,
    /// A footnote body.
    Footnote,
    /// A row of a table.
    TableRow,
    /// A signature block.
    Signature,
}

/// A document: a resolution, a draft, a letter, an annex, a Repertoire section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentItem {
    /// Canonical id: the UN symbol (`S/RES/2531 (2020)`, `S/2021/610`) when the
    /// text gives one, else a minted id (`x:letter:2020-06-30:president-of-the-security-council`).
    pub id: String,
    /// The canonical UN symbol, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// What kind of document this is.
    pub doc_type: DocType,
    /// ISO date (`2020-06-29`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The title or heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The agenda item ("The situation in Mali").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<String>,
    /// Author, sponsors or signatory body ("France").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Language of this expression (ISO 639-3, e.g. `eng`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The document that contains this one (for annexes and enclosures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Label of this part inside its parent ("Annex II", "Enclosure").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_label: Option<String>,
    /// Evidence: the span is the title or heading.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A paragraph of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParagraphItem {
    /// The containing document id.
    pub doc: String,
    /// Paragraph id, unique in the corpus: `{doc}#op5`, `{doc}#pp3`, `{doc}#op5.a`, `{doc}#fn421`.
    pub id: String,
    /// Role in the document.
    pub role: ParagraphRole,
    /// The number as printed ("5", "(a)", "421"), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The parent paragraph id for sub-items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The normalized text (page headers removed, lines joined).
    pub clean: String,
    /// Evidence: the span of the whole paragraph in the source.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A citation of one document by another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CitationItem {
    /// The citing document id.
    pub doc: String,
    /// The citing paragraph id, when the citation sits in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Canonical symbol of the cited document (`S/RES/2374 (2017)`).
    pub target: String,
    /// Pinpoint inside the target ("paragraph 4", "paragraphs 2, 5, 6 and 7").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinpoint: Option<String>,
    /// CiTO relation (`citesAsAuthority`, `extends`, ...), from the governing verb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// The governing verb or phrase as written ("Recalling").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A mention of an actor (mission, state, group, person ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorItem {
    /// The document id.
    pub doc: String,
    /// The paragraph id, when the mention sits in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// Canonical actor id (`minusma`, `fc-g5s`, `state/mali`).
    pub actor: String,
    /// Preferred label.
    pub label: String,
    /// Actor class (`Mission`, `Force`, `MemberState`, `ArmedGroup`, `Person` ...).
    pub class: String,
    /// Role, for persons ("Permanent Representative").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The state or body a person represents (actor id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represents: Option<String>,
    /// The actor this one is part of (actor id): a discovered mission's
    /// organisation, a transition government's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A state, region or city named as a place ("the situation in Mali"), not
/// as an actor: the paragraph is about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceItem {
    /// The document id.
    pub doc: String,
    /// The paragraph id, when the mention sits in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// The resource named: a state's actor id (`state/mali`) or a place id
    /// (`place/sahel`).
    pub place: String,
    /// Preferred label.
    pub label: String,
    /// Class of the resource (`MemberState`, `Place`).
    pub class: String,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// An operative paragraph addressing an actor ("Urges the Malian parties ...").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddresseeItem {
    /// The document id.
    pub doc: String,
    /// The paragraph id.
    pub paragraph: String,
    /// The normalised verb (`urges`, `calls_upon`, `requests` ...).
    pub verb: String,
    /// The actor id addressed.
    pub actor: String,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A mandate decision about a mission or force.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MandateItem {
    /// The document id.
    pub doc: String,
    /// The paragraph id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// The actor id (mission).
    pub actor: String,
    /// ISO date the mandate runs until.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Authorised military personnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub military_ceiling: Option<u32>,
    /// Authorised police personnel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_ceiling: Option<u32>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A vote position. Also the value of `votes --position` (with the
/// spellings people type as aliases).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// Voted in favour.
    #[value(alias = "for", alias = "in_favour", alias = "yes")]
    InFavour,
    /// Voted against.
    #[value(alias = "no")]
    Against,
    /// Abstained.
    #[value(alias = "abstained", alias = "abstain")]
    Abstaining,
    /// Present but did not take part in the vote ("One member (China) did
    /// not participate in the voting"): counted in no column of the tally.
    #[value(alias = "not_participating")]
    NotParticipating,
    /// Absent from the meeting at the vote.
    Absent,
}

impl Position {
    /// The snake_case name used in JSON, CSV and the graph's edges (the
    /// serde spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Position::InFavour => "in_favour",
            Position::Against => "against",
            Position::Abstaining => "abstaining",
            Position::NotParticipating => "not_participating",
            Position::Absent => "absent",
        }
    }

    /// The column of the tally (`for-against-abstaining`) the position is
    /// counted in; none for a member who did not vote.
    pub fn column(self) -> Option<usize> {
        match self {
            Position::InFavour => Some(0),
            Position::Against => Some(1),
            Position::Abstaining => Some(2),
            Position::NotParticipating | Position::Absent => None,
        }
    }
}

/// One member's vote on a draft or resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VoteItem {
    /// The document the vote is recorded in.
    pub doc: String,
    /// Actor id of the member.
    pub member: String,
    /// The member's preferred label.
    pub member_label: String,
    /// The position.
    pub position: Position,
    /// Canonical symbol voted on.
    pub on: String,
    /// Person who signed the vote (for voting letters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// The outcome of a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Adopted (as a resolution).
    Adopted,
    /// Not adopted (insufficient votes).
    NotAdopted,
    /// Not adopted because of a negative vote of a permanent member.
    Vetoed,
}

impl Outcome {
    /// The snake_case name used in JSON, CSV and the graph's vote nodes
    /// (the serde spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::NotAdopted => "not_adopted",
            Outcome::Vetoed => "vetoed",
        }
    }
}

/// A decision on a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionItem {
    /// The document the decision is recorded in.
    pub doc: String,
    /// Canonical symbol of the draft, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// The outcome.
    pub outcome: Outcome,
    /// Canonical symbol of the resolution, when adopted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// The tally "for-against-abstaining" ("13-1-1").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tally: Option<String>,
    /// The meeting record (`S/PV.9408`) or written-procedure letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// ISO date of the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Sponsor actor ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sponsors: Vec<String>,
    /// The members that vetoed the draft, as the source names them ("USSR",
    /// "the Russian Federation"), when it names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vetoed_by: Vec<String>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

impl DecisionItem {
    /// The type of the document the decision made: a presidential
    /// statement when its symbol says so (`S/PRST/2015/26`) or when the
    /// source marks it as one (a meetings table before 1993 writes a
    /// statement as its document's symbol and "(PRST)": `S/23316`); else
    /// what the symbol says.
    pub fn made_type(&self) -> Option<DocType> {
        let made = self.resolution.as_deref()?;
        Some(if self.ev.rule == crate::rules::MEETINGS_TABLE_STATEMENT {
            DocType::PresidentialStatement
        } else {
            DocType::from_symbol(made)
        })
    }
}

/// A speaker at a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeakerItem {
    /// The document the fact is recorded in.
    pub doc: String,
    /// The meeting record symbol (`S/PV.9251`).
    pub meeting: String,
    /// Actor id of the speaker.
    pub member: String,
    /// Actor ids of those spoken for ("on behalf of").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_behalf_of: Vec<String>,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// A meeting of the Council: its record, date, agenda, the documents it
/// considered and whom it invited.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingItem {
    /// The document the meeting is recorded in (the meeting record itself or
    /// a Repertoire section that tabulates it).
    pub doc: String,
    /// Canonical symbol of the meeting record (`S/PV.9251`).
    pub meeting: String,
    /// ISO date of the meeting (`2023-01-27`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The agenda item ("The situation in Mali"), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda_item: Option<String>,
    /// The sub-item titles as written ("Report of the Secretary-General on
    /// the situation in Mali (S/2023/21)").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<String>,
    /// Canonical symbols of the documents considered (those of the sub-items
    /// and the other documents), in order of appearance, without repeats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<String>,
    /// The states invited under rule 37: actor ids (`state/mali`); a name
    /// no known actor bears stays as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_37: Vec<Invitee>,
    /// The invitees under rule 39 and other invitees: an actor id where the
    /// gazetteer knows the name, else the name as written ("Special
    /// Representative of the Secretary-General and Head of MINUSMA").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_39: Vec<Invitee>,
    /// The press releases issued on the meeting (`SC/12185`), as a meetings
    /// table lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub press_releases: Vec<String>,
    /// Evidence: the table row(s) or the record's masthead.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// Someone a meeting invited (rule 37 or rule 39): an actor, by its id,
/// or a name as written when no known actor bears it.
///
/// Written as the plain string (the id or the name), so the stream reads
/// as before; read back, the string's shape says which it is: actor ids
/// are lower case without spaces (`state/mali`, `minusma`), names as
/// written are not ("Special Representative of the Secretary-General").
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Invitee {
    /// A known actor's id.
    Actor(String),
    /// A name as written.
    Name(String),
}

impl Invitee {
    /// The invitee a string stands for, by its shape (see [`Invitee`]).
    pub fn parse(s: impl Into<String>) -> Invitee {
        let s = s.into();
        if !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_uppercase()) {
            Invitee::Actor(s)
        } else {
            Invitee::Name(s)
        }
    }

    /// The invitees of a list of actor ids and names.
    pub fn list(ids_or_names: Vec<String>) -> Vec<Invitee> {
        ids_or_names.into_iter().map(Invitee::parse).collect()
    }

    /// The id or the name, as written in the stream.
    pub fn as_str(&self) -> &str {
        match self {
            Invitee::Actor(s) | Invitee::Name(s) => s,
        }
    }

    /// The actor id, for an actor.
    pub fn actor(&self) -> Option<&str> {
        match self {
            Invitee::Actor(id) => Some(id),
            Invitee::Name(_) => None,
        }
    }
}

impl From<String> for Invitee {
    fn from(s: String) -> Invitee {
        Invitee::parse(s)
    }
}

impl From<Invitee> for String {
    fn from(i: Invitee) -> String {
        match i {
            Invitee::Actor(s) | Invitee::Name(s) => s,
        }
    }
}

impl std::fmt::Display for Invitee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Invitee {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A warning found while extracting (inconsistent tallies, impossible citations ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarningItem {
    /// The document id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Evidence.
    #[serde(flatten)]
    pub ev: Evidence,
}

/// One extracted fact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// A document.
    Document(DocumentItem),
    /// A paragraph.
    Paragraph(ParagraphItem),
    /// A citation.
    Citation(CitationItem),
    /// An actor mention.
    Actor(ActorItem),
    /// A place mention.
    Place(PlaceItem),
    /// A paragraph addressing an actor.
    Addressee(AddresseeItem),
    /// A mandate.
    Mandate(MandateItem),
    /// A member's vote.
    Vote(VoteItem),
    /// A decision on a draft.
    Decision(DecisionItem),
    /// A speaker at a meeting.
    Speaker(SpeakerItem),
    /// A meeting: date, agenda, documents considered, invitees.
    Meeting(MeetingItem),
    /// An extraction warning.
    Warning(WarningItem),
}

impl Item {
    /// The evidence of any item.
    pub fn evidence(&self) -> &Evidence {
        match self {
            Item::Document(x) => &x.ev,
            Item::Paragraph(x) => &x.ev,
            Item::Citation(x) => &x.ev,
            Item::Actor(x) => &x.ev,
            Item::Place(x) => &x.ev,
            Item::Addressee(x) => &x.ev,
            Item::Mandate(x) => &x.ev,
            Item::Vote(x) => &x.ev,
            Item::Decision(x) => &x.ev,
            Item::Speaker(x) => &x.ev,
            Item::Meeting(x) => &x.ev,
            Item::Warning(x) => &x.ev,
        }
    }

    /// Renames document `old` to `new` wherever this item names it (as a
    /// document, a paragraph's document, a part's parent, a citation's
    /// target, a vote's or decision's subject) and in the ids of its
    /// paragraphs (`old#op5` becomes `new#op5`).
    pub fn rename_doc(&mut self, old: &str, new: &str) {
        let doc = |s: &mut String| {
            if s == old {
                *s = new.to_string();
            }
        };
        let para = |s: &mut String| {
            if let Some(rest) = s.strip_prefix(old)
                && rest.starts_with('#')
            {
                *s = format!("{new}{rest}");
            }
        };
        match self {
            Item::Document(x) => {
                doc(&mut x.id);
                x.part_of.as_mut().map(doc);
            }
            Item::Paragraph(x) => {
                doc(&mut x.doc);
                para(&mut x.id);
                x.parent.as_mut().map(para);
            }
            Item::Citation(x) => {
                doc(&mut x.doc);
                x.paragraph.as_mut().map(para);
                doc(&mut x.target);
                para(&mut x.target);
            }
            Item::Actor(x) => {
                doc(&mut x.doc);
                x.paragraph.as_mut().map(para);
            }
            Item::Place(x) => {
                doc(&mut x.doc);
                x.paragraph.as_mut().map(para);
            }
            Item::Addressee(x) => {
                doc(&mut x.doc);
                para(&mut x.paragraph);
            }
            Item::Mandate(x) => {
                doc(&mut x.doc);
                x.paragraph.as_mut().map(para);
            }
            Item::Vote(x) => {
                doc(&mut x.doc);
                doc(&mut x.on);
            }
            Item::Decision(x) => {
                doc(&mut x.doc);
                x.draft.as_mut().map(doc);
                x.resolution.as_mut().map(doc);
            }
            Item::Speaker(x) => doc(&mut x.doc),
            Item::Meeting(x) => {
                doc(&mut x.doc);
                x.documents.iter_mut().for_each(doc);
            }
            Item::Warning(x) => {
                x.doc.as_mut().map(doc);
            }
        }
    }

    /// The `kind` tag as printed in JSONL.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Document(_) => "document",
            Item::Paragraph(_) => "paragraph",
            Item::Citation(_) => "citation",
            Item::Actor(_) => "actor",
            Item::Place(_) => "place",
            Item::Addressee(_) => "addressee",
            Item::Mandate(_) => "mandate",
            Item::Vote(_) => "vote",
            Item::Decision(_) => "decision",
            Item::Speaker(_) => "speaker",
            Item::Meeting(_) => "meeting",
            Item::Warning(_) => "warning",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `as_str` and serde must spell every variant alike: the graph and
    /// the `votes` table print `as_str`, the JSONL stream serde's name.
    #[test]
    fn as_str_is_the_serde_spelling() {
        let serde_name = |v: serde_json::Value| v.as_str().map(str::to_string);
        for p in [Position::InFavour, Position::Against, Position::Abstaining] {
            let json = serde_json::to_value(p).ok();
            assert_eq!(json.and_then(serde_name).as_deref(), Some(p.as_str()));
        }
        for o in [Outcome::Adopted, Outcome::NotAdopted, Outcome::Vetoed] {
            let json = serde_json::to_value(o).ok();
            assert_eq!(json.and_then(serde_name).as_deref(), Some(o.as_str()));
        }
    }

    /// `rule_37`/`rule_39` mixed actor ids and names in one `Vec<String>`,
    /// and the graph told them apart by a rule of its own.
    #[test]
    fn invitees_are_actors_or_names_and_read_back_as_written() {
        let ids = vec![
            "state/mali".to_string(),
            "minusma".to_string(),
            "Special Representative of the Secretary-General".to_string(),
            "Mali".to_string(),
            String::new(),
        ];
        let got = Invitee::list(ids.clone());
        let actors: Vec<Option<&str>> = got.iter().map(Invitee::actor).collect();
        assert_eq!(
            actors,
            [Some("state/mali"), Some("minusma"), None, None, None]
        );
        let json = serde_json::to_string(&got).expect("serializes");
        assert_eq!(json, serde_json::to_string(&ids).expect("serializes"));
        let back: Vec<Invitee> = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, got);
        assert_eq!(got[2].to_string(), ids[2]);
    }
}
