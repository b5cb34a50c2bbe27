//! The names of the rules every extracted fact records in its evidence, in
//! one registry: each name once, with what it means.
//!
//! A rule name says which reading produced a fact (`citation.resolution`:
//! "resolution 2374 (2017)" in running text). Extractors name their rule by
//! the constant, never by a literal, so a rename is one line here, and the
//! test `rules::every_rule_in_the_outputs_is_registered` checks that every
//! rule in the outputs of the sample corpora is one of [`ALL`]. A fact read
//! by two rules joins them with `+` (`citation.akn-link+citation.resolution`);
//! a citation that a link confirms has [`LINKED`] appended the same way.

macro_rules! registry {
    ($( #[doc = $doc:literal] $name:ident = $value:literal; )*) => {
        $( #[doc = $doc] pub const $name: &str = $value; )*
        /// Every rule: its name and what it means, in the order above.
        pub const ALL: &[(&str, &str)] = &[ $( ($value, $doc.trim_ascii()) ),* ];
    };
}

registry! {
    /// A document of plain text, quoting its title block (else its part label or first block).
    STRUCTURE_DOCUMENT = "structure.document";
    /// A paragraph of a plain-text document (preambular, operative, body, footnote...).
    STRUCTURE_PARAGRAPH = "structure.paragraph";
    /// A warning about how a resolution's identity was read or repaired.
    STRUCTURE_IDENTITY = "structure.identity";
    /// A resolution's identity from the ODS masthead's symbol.
    STRUCTURE_RESOLUTION_ODS = "structure.resolution.ods";
    /// A resolution's identity from a catalogue header.
    STRUCTURE_RESOLUTION_CATALOGUE = "structure.resolution.catalogue";
    /// A resolution's identity from a heading "Resolution 82 (1950)".
    STRUCTURE_RESOLUTION_HEADING = "structure.resolution.heading";
    /// A resolution's identity from a compilation's entry heading.
    STRUCTURE_RESOLUTION_COMPILATION = "structure.resolution.compilation";
    /// A resolution's identity from the file name only.
    STRUCTURE_RESOLUTION_FILENAME = "structure.resolution.filename";
    /// A document's symbol (not a resolution's) from the file name only.
    STRUCTURE_DOCUMENT_FILENAME = "structure.document.filename";
    /// A document read from Akoma Ntoso markup.
    STRUCTURE_AKN_DOCUMENT = "structure.akn-document";
    /// A paragraph read from Akoma Ntoso markup.
    STRUCTURE_AKN_PARAGRAPH = "structure.akn-paragraph";
    /// A Council resolution cited by number and year ("resolution 2374 (2017)").
    CITATION_RESOLUTION = "citation.resolution";
    /// A resolution cited with a year that cannot go with its number: the table's year is taken.
    CITATION_RESOLUTION_YEAR_FROM_NUMBER = "citation.resolution.year_from_number";
    /// A resolution cited by number alone, its year from the table.
    CITATION_RESOLUTION_BARE = "citation.resolution.bare";
    /// A resolution of another organ ("General Assembly resolution 48/134").
    CITATION_RESOLUTION_ORGAN = "citation.resolution.organ";
    /// A resolution named with a sanctions committee's establishing resolution.
    CITATION_RESOLUTION_COMMITTEE = "citation.resolution.committee";
    /// A document cited by its symbol ("S/2020/476").
    CITATION_SYMBOL = "citation.symbol";
    /// A reference to a paragraph of the same document ("paragraph 5 above").
    CITATION_INTERNAL = "citation.internal";
    /// "Ibid." resolved to the citation it repeats.
    CITATION_IBID = "citation.ibid";
    /// A citation read from a link (`undocs.org/...`) with no citation in its text.
    CITATION_LINK = "citation.link";
    /// A citation read from an Akoma Ntoso `<a href>`/`<ref href>`.
    CITATION_AKN_LINK = "citation.akn-link";
    /// A warning about a citation that could not be read.
    CITATION_WARNING = "citation.warning";
    /// Appended with `+` to a citation's rule when a link in the same place confirms it.
    LINKED = "link";
    /// An actor named as in the gazetteer.
    ACTORS_GAZETTEER = "actors.gazetteer";
    /// An actor named by an anaphor ("the Government") resolved to the document's subject.
    ACTORS_ANAPHORA = "actors.anaphora";
    /// "the Government of X": the State X.
    ACTORS_GOVERNMENT_OF = "actors.government_of";
    /// "the Council", "the Security Council": the Council itself.
    ACTORS_THE_COUNCIL = "actors.the_council";
    /// The addressee of an operative verb ("Urges the parties").
    ACTORS_ADDRESSEE = "actors.addressee";
    /// A member of a group addressee ("Urges Member States").
    ACTORS_ADDRESSEE_MEMBER = "actors.addressee.member";
    /// An actor not in the gazetteer, discovered from its long form and acronym.
    ACTORS_DISCOVERED = "actors.discovered";
    /// The short form of a discovered actor used later in the document.
    ACTORS_SHORT_FORM = "actors.short_form";
    /// A mission's mandate (end date, troop and police ceilings) from an operative paragraph.
    ACTORS_MANDATE = "actors.mandate";
    /// A person from a letter's signature block.
    ACTORS_PERSON_SIGNATURE = "actors.person.signature";
    /// A state, region or city named as a place ("the situation in Mali", "northern Mali"), not as an actor.
    ACTORS_PLACE = "actors.place";
    /// One member of a coordinated name ("the Plateforme and Coordination armed groups").
    ACTORS_COORDINATION = "actors.coordination";
    /// A longer proper name around a gazetteer name, discovered as an organisation of its own.
    ACTORS_LONGER_NAME = "actors.longer_name";
    /// A body named as established by a resolution ("the Committee established pursuant to resolution 2374 (2017)").
    ACTORS_ESTABLISHED_BODY = "actors.established_body";
    /// A transition government, its own actor, part of the state.
    ACTORS_TRANSITION_GOVERNMENT = "actors.transition_government";
    /// A member's vote read from a meeting record's vote lines.
    VOTE_MEETING_RECORD = "vote.meeting_record";
    /// Every member in favour, from a tally "adopted unanimously".
    VOTE_UNANIMOUS_TALLY = "vote.unanimous_tally";
    /// A member's vote from a Repertoire table's vote list.
    VOTE_REPERTOIRE_LIST = "vote.repertoire_list";
    /// A member's vote stated in a letter (written procedure).
    VOTE_LETTER = "vote.letter";
    /// A vote from a resolution's adoption line ("adopted by 10 votes to none").
    VOTE_ADOPTION_LINE = "vote.adoption_line";
    /// A member that did not vote (did not participate, was absent), from a note on a resolution's adoption.
    VOTE_ADOPTION_NOTE = "vote.adoption_note";
    /// A warning: a vote list whose separator could not be read.
    VOTE_LIST_SEPARATOR = "vote.list_separator";
    /// A warning: a voting member's name not in the gazetteer.
    VOTE_UNKNOWN_NAME = "vote.unknown_name";
    /// A warning: a voting member's name one letter or one word off a state's long name, read as that state.
    VOTE_NEAR_NAME = "vote.near_name";
    /// A vote read from Akoma Ntoso `<voting>`.
    VOTE_AKN_VOTING = "vote.akn-voting";
    /// A decision (adoption, rejection) read from a meeting record.
    DECISION_MEETING_RECORD = "decision.meeting_record";
    /// A decision read from a Repertoire table row.
    DECISION_REPERTOIRE_TABLE = "decision.repertoire_table";
    /// A draft's sponsors from a Repertoire table.
    DECISION_SPONSORS = "decision.sponsors";
    /// A decision taken by written procedure, from letters.
    DECISION_WRITTEN_PROCEDURE = "decision.written_procedure";
    /// A resolution's adoption from its adoption line.
    DECISION_ADOPTION_LINE = "decision.adoption_line";
    /// A resolution's adoption from its date alone.
    DECISION_RESOLUTION_DATE = "decision.resolution_date";
    /// An adoption date stated in another year than the resolution's: the text's date in that year is taken, else a year one digit off is read as it (joined to the decision's rule with `+`).
    DECISION_DATE_YEAR_FROM_NUMBER = "decision.date.year_from_number";
    /// A decision read from Akoma Ntoso `<workflow>`.
    DECISION_AKN_WORKFLOW = "decision.akn-workflow";
    /// A meeting from its record's cover page.
    MEETING_RECORD = "meeting.record";
    /// A meeting from a Repertoire table.
    MEETING_REPERTOIRE_TABLE = "meeting.repertoire_table";
    /// A speaker at a meeting, from its record.
    SPEAKER_MEETING_RECORD = "speaker.meeting_record";
    /// A speaker from a Repertoire table.
    SPEAKER_REPERTOIRE_TABLE = "speaker.repertoire_table";
    /// An invitee (rule 37 or 39) from a Repertoire table.
    SPEAKER_REPERTOIRE_INVITEE = "speaker.repertoire_invitee";
    /// A speaker named in a footnote of a Repertoire.
    SPEAKER_FOOTNOTE = "speaker.footnote";
    /// A member's explanation of vote, from letters.
    SPEAKER_EXPLANATION_OF_VOTE = "speaker.explanation_of_vote";
    /// A meeting read from a row of a yearly meetings table.
    MEETINGS_TABLE_MEETING = "meetings-table.meeting";
    /// A resolution adopted at a meeting, from a meetings table row.
    MEETINGS_TABLE_RESOLUTION = "meetings-table.resolution";
    /// A presidential statement made at a meeting, from a meetings table row.
    MEETINGS_TABLE_STATEMENT = "meetings-table.statement";
    /// A draft not adopted (or vetoed), from a meetings table row.
    MEETINGS_TABLE_DRAFT = "meetings-table.draft";
    /// A vetoing member's vote against a draft, from a meetings table row.
    MEETINGS_TABLE_VETO = "meetings-table.veto";
    /// A warning about a meetings table row that could not be placed.
    MEETINGS_TABLE_WARNING = "meetings-table.warning";
    /// A warning about inconsistent Akoma Ntoso metadata.
    WARNING_AKN_META = "warning.akn-meta";
}

/// The meaning of a registered rule, or of each part of a rule joined by `+`.
pub fn meaning(rule: &str) -> Option<&'static str> {
    let mut last = None;
    for part in rule.split('+') {
        last = Some(ALL.iter().find(|(name, _)| *name == part)?.1);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_has_no_duplicates_and_every_rule_says_what_it_means() {
        let mut names: Vec<&str> = ALL.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "a rule name is registered twice");
        assert!(n >= 60, "{n}");
        for (name, doc) in ALL {
            assert!(!doc.is_empty() && doc.ends_with('.'), "{name}: {doc:?}");
        }
    }

    #[test]
    fn joined_rules_are_read_part_by_part() {
        assert!(meaning("citation.resolution+link").is_some());
        assert!(meaning("citation.akn-link+citation.resolution").is_some());
        assert_eq!(meaning("citation.nothing"), None);
    }
}
