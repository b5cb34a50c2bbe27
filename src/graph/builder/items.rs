//! What each kind of item adds to the graph: one method per kind, so that
//! a new kind of item is one method and one line of [`Builder::add`].
//!
//! Items are added in three passes over a file's items: documents first
//! (so that the placeholders made for what is cited never shadow them),
//! then the nodes of paragraphs, actors and places, then the facts that
//! link them (citations, mentions, votes, decisions, meetings).

use super::{Builder, least};
use crate::error::OffsetOverflow;
use crate::graph::{EdgeKind, Node, NodeKind};
use crate::model::{
    ActorItem, AddresseeItem, CitationItem, DecisionItem, DocumentItem, Invitee, Item, MandateItem,
    MeetingItem, Outcome, ParagraphItem, PlaceItem, SpeakerItem, VoteItem,
};
use crate::slug::slug;

impl Builder {
    /// Adds the nodes and edges of `items` (one file's, or any part of the
    /// stream).
    pub(super) fn add(&mut self, items: &[Item]) -> Result<(), OffsetOverflow> {
        // Documents first, so that placeholders never shadow them.
        for it in items {
            if let Item::Document(d) = it {
                self.add_document(d)?;
            }
        }
        for it in items {
            match it {
                Item::Document(d) => self.add_part_of(d)?,
                Item::Paragraph(p) => self.add_paragraph(p)?,
                Item::Actor(a) => self.add_actor(a)?,
                Item::Place(p) => self.add_place(p)?,
                _ => {}
            }
        }
        for it in items {
            match it {
                Item::Citation(c) => self.add_citation(c)?,
                Item::Actor(a) => self.add_mention(a)?,
                Item::Place(p) => self.add_about(p)?,
                Item::Addressee(a) => self.add_addressee(a)?,
                Item::Mandate(m) => self.add_mandate(m)?,
                Item::Vote(v) => self.add_vote(v)?,
                Item::Decision(d) => self.add_decision(d)?,
                Item::Meeting(m) => self.add_meeting(m)?,
                Item::Speaker(s) => self.add_speaker(s)?,
                _ => {}
            }
        }
        // Authors are matched against the actors of the whole stream, once,
        // in `finish`.
        for it in items {
            if let Item::Document(d) = it
                && !d.authors.is_empty()
            {
                self.authors
                    .push((d.id.clone(), d.authors.clone(), d.ev.clone()));
            }
        }
        Ok(())
    }

    /// A document's node, labelled by its symbol, else its title, else its id.
    fn add_document(&mut self, d: &DocumentItem) -> Result<(), OffsetOverflow> {
        let label = d
            .symbol
            .clone()
            .or_else(|| d.title.clone())
            .unwrap_or_else(|| d.id.clone());
        let aliases = d.title.iter().filter(|t| **t != label).cloned().collect();
        self.put(Node {
            kind: NodeKind::Document,
            id: d.id.clone(),
            label,
            class: d.doc_type.as_str().to_string(),
            date: d.date.clone(),
            symbol: d.symbol.clone(),
            in_corpus: true,
            doc: None,
            agenda: None,
            aliases,
            ev: Some(d.ev.clone()),
            pagerank: 0.0,
        })?;
        Ok(())
    }

    /// An annex's or enclosure's `part_of` edge to its parent document.
    fn add_part_of(&mut self, d: &DocumentItem) -> Result<(), OffsetOverflow> {
        if let Some(parent) = &d.part_of {
            self.doc(parent)?;
            self.edge(&d.id, parent, EdgeKind::PartOf, None, None, None, &d.ev)?;
        }
        Ok(())
    }

    /// A paragraph's node and its `part_of` edge to its document.
    fn add_paragraph(&mut self, p: &ParagraphItem) -> Result<(), OffsetOverflow> {
        self.doc(&p.doc)?;
        self.put(Node {
            kind: NodeKind::Paragraph,
            id: p.id.clone(),
            label: p.id.clone(),
            class: serde_json::to_value(p.role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            date: None,
            symbol: None,
            in_corpus: true,
            doc: Some(p.doc.clone()),
            agenda: None,
            aliases: Vec::new(),
            ev: Some(p.ev.clone()),
            pagerank: 0.0,
        })?;
        self.edge(&p.id, &p.doc, EdgeKind::PartOf, None, None, None, &p.ev)?;
        Ok(())
    }

    /// An actor's node (a person's for the class `Person`), with the
    /// mention as written among its aliases.
    fn add_actor(&mut self, a: &ActorItem) -> Result<(), OffsetOverflow> {
        let kind = if a.class == "Person" {
            NodeKind::Person
        } else {
            NodeKind::Actor
        };
        self.put(Node {
            kind,
            id: a.actor.clone(),
            label: a.label.clone(),
            class: a.class.clone(),
            date: None,
            symbol: None,
            in_corpus: true,
            doc: None,
            agenda: None,
            aliases: vec![a.ev.text.clone()],
            ev: None,
            pagerank: 0.0,
        })?;
        Ok(())
    }

    /// A place's node (an actor node: a state named as a place is the
    /// state's node).
    fn add_place(&mut self, p: &PlaceItem) -> Result<(), OffsetOverflow> {
        self.put(Node {
            kind: NodeKind::Actor,
            id: p.place.clone(),
            label: p.label.clone(),
            class: p.class.clone(),
            date: None,
            symbol: None,
            in_corpus: true,
            doc: None,
            agenda: None,
            aliases: vec![p.ev.text.clone()],
            ev: None,
            pagerank: 0.0,
        })?;
        Ok(())
    }

    /// A citation: `cites` from its paragraph (when it is a node) and from
    /// its document (unless the document cites itself).
    fn add_citation(&mut self, c: &CitationItem) -> Result<(), OffsetOverflow> {
        self.doc(&c.doc)?;
        self.doc(&c.target)?;
        let rel = c.relation.as_deref();
        let pin = c.pinpoint.as_deref();
        if let Some(p) = &c.paragraph
            && self.has(p)
        {
            self.edge(p, &c.target, EdgeKind::Cites, rel, pin, None, &c.ev)?;
        }
        if c.doc != c.target {
            let para = c.paragraph.as_deref();
            self.edge(&c.doc, &c.target, EdgeKind::Cites, rel, pin, para, &c.ev)?;
        }
        Ok(())
    }

    /// An actor mention: `mentions` from its paragraph or document, and
    /// the actor's `represents` and `part_of` edges.
    fn add_mention(&mut self, a: &ActorItem) -> Result<(), OffsetOverflow> {
        let src = self.holder(&a.doc, a.paragraph.as_deref())?;
        self.edge(&src, &a.actor, EdgeKind::Mentions, None, None, None, &a.ev)?;
        if let Some(r) = &a.represents {
            self.actor(r, None)?;
            self.edge(&a.actor, r, EdgeKind::Represents, None, None, None, &a.ev)?;
        }
        if let Some(parent) = &a.part_of {
            self.actor(parent, None)?;
            self.edge(&a.actor, parent, EdgeKind::PartOf, None, None, None, &a.ev)?;
        }
        Ok(())
    }

    /// A place mention: `about` from its paragraph or document.
    fn add_about(&mut self, p: &PlaceItem) -> Result<(), OffsetOverflow> {
        let src = self.holder(&p.doc, p.paragraph.as_deref())?;
        self.edge(&src, &p.place, EdgeKind::About, None, None, None, &p.ev)?;
        Ok(())
    }

    /// A paragraph addressing an actor: `addresses`, the verb as relation.
    fn add_addressee(&mut self, a: &AddresseeItem) -> Result<(), OffsetOverflow> {
        self.actor(&a.actor, None)?;
        let src = self.holder(&a.doc, Some(&a.paragraph))?;
        let verb = Some(a.verb.as_str());
        self.edge(&src, &a.actor, EdgeKind::Addresses, verb, None, None, &a.ev)?;
        Ok(())
    }

    /// A mandate: `addresses` with the relation `mandate`.
    fn add_mandate(&mut self, m: &MandateItem) -> Result<(), OffsetOverflow> {
        self.actor(&m.actor, None)?;
        let src = self.holder(&m.doc, m.paragraph.as_deref())?;
        let rel = Some("mandate");
        self.edge(&src, &m.actor, EdgeKind::Addresses, rel, None, None, &m.ev)?;
        Ok(())
    }

    /// A member's vote: `voted` (the position as relation) to the vote
    /// node, which `decides` on the draft; a signer is a person who signed
    /// the letter and represents the member.
    fn add_vote(&mut self, v: &VoteItem) -> Result<(), OffsetOverflow> {
        self.doc(&v.doc)?;
        self.doc(&v.on)?;
        self.actor(&v.member, Some((&v.member_label, "MemberState")))?;
        let vote = self.vote(&v.on)?;
        let pos = Some(v.position.as_str());
        self.edge(&v.member, &vote, EdgeKind::Voted, pos, None, None, &v.ev)?;
        self.edge(&vote, &v.on, EdgeKind::Decides, None, None, None, &v.ev)?;
        if let Some(signer) = &v.signer {
            let person = format!("person/{}", slug(signer));
            self.actor(&person, Some((signer, "Person")))?;
            self.edge(&v.doc, &person, EdgeKind::SignedBy, None, None, None, &v.ev)?;
            let e = &v.ev;
            self.edge(
                &person,
                &v.member,
                EdgeKind::Represents,
                None,
                None,
                None,
                e,
            )?;
        }
        Ok(())
    }

    /// A decision: the vote node's outcome, date and label; `decides`,
    /// `adopted_as`, the vote's meeting (`part_of`, dating the meeting),
    /// `adopted_at` and the sponsors' `submitted_by`. A decision on a draft
    /// without a symbol is a vote node of its meeting
    /// ([`Builder::unnamed_vote`]); with no meeting either, it adds nothing.
    fn add_decision(&mut self, d: &DecisionItem) -> Result<(), OffsetOverflow> {
        let Some(on) = d.draft.as_ref().or(d.resolution.as_ref()) else {
            return self.add_unnamed_decision(d);
        };
        self.doc(&d.doc)?;
        match (&d.resolution, d.made_type()) {
            // A statement whose symbol is a document's (`S/23316`, marked
            // "(PRST)" by its table) is typed as what the source says.
            (Some(res), Some(t)) if res == on => self.doc_typed(on, t)?,
            _ => self.doc(on)?,
        }
        let vote = self.vote(on)?;
        self.decided(&vote, &format!("Vote on {on}"), d);
        self.edge(&vote, on, EdgeKind::Decides, None, None, None, &d.ev)?;
        if let (Some(draft), Some(res)) = (&d.draft, &d.resolution) {
            self.doc(res)?;
            self.edge(draft, res, EdgeKind::AdoptedAs, None, None, None, &d.ev)?;
        }
        if let Some(m) = &d.meeting {
            self.vote_at(&vote, m, d)?;
            if let (Some(res), Outcome::Adopted) = (&d.resolution, d.outcome) {
                self.doc(res)?;
                self.edge(res, m, EdgeKind::AdoptedAt, None, None, None, &d.ev)?;
            }
        }
        self.adoptions.check(d, &mut self.warnings);
        for s in &d.sponsors {
            self.actor(s, None)?;
            self.edge(on, s, EdgeKind::SubmittedBy, None, None, None, &d.ev)?;
        }
        Ok(())
    }

    /// A decision on a draft that has no symbol (a veto whose row links
    /// only the meeting record): a vote node with its outcome, tally and
    /// date, `part_of` its meeting.
    fn add_unnamed_decision(&mut self, d: &DecisionItem) -> Result<(), OffsetOverflow> {
        let Some(m) = &d.meeting else {
            return Ok(());
        };
        self.meeting(m)?;
        let vote = self.unnamed_vote(m)?;
        self.decided(&vote, &format!("Vote at {m}"), d);
        self.vote_at(&vote, m, d)
    }

    /// The vote node `vote` as `d` decided it: its outcome (the class), date,
    /// label (`what`, the outcome and the tally) and evidence.
    fn decided(&mut self, vote: &str, what: &str, d: &DecisionItem) {
        if let Some(n) = self.node_mut(vote) {
            let outcome = d.outcome.as_str();
            n.class = outcome.to_string();
            n.date = d.date.clone().or(n.date.take());
            n.label = match &d.tally {
                Some(t) => format!("{what} ({outcome}, {t})"),
                None => format!("{what} ({outcome})"),
            };
            n.ev = Some(d.ev.clone());
            n.in_corpus = true;
        }
    }

    /// The vote `part_of` its meeting `m`, which the decision dates unless a
    /// meeting item (the record of the meeting itself, a meetings table's
    /// row) does: a resolution's text may print another day (a
    /// compilation's slip, a meeting that ran past midnight). Among
    /// decisions the least date wins, whatever the order of the sources.
    fn vote_at(&mut self, vote: &str, m: &str, d: &DecisionItem) -> Result<(), OffsetOverflow> {
        self.meeting(m)?;
        self.edge(vote, m, EdgeKind::PartOf, None, None, None, &d.ev)?;
        if !self.dated_meetings.contains(m)
            && let Some(n) = self.node_mut(m)
        {
            n.date = least(n.date.take(), d.date.clone());
        }
        Ok(())
    }

    /// A speaker: `spoke_at` the meeting, and `represents` (relation
    /// `on_behalf_of`) those spoken for.
    fn add_speaker(&mut self, s: &SpeakerItem) -> Result<(), OffsetOverflow> {
        self.actor(&s.member, None)?;
        self.meeting(&s.meeting)?;
        let e = &s.ev;
        self.edge(
            &s.member,
            &s.meeting,
            EdgeKind::SpokeAt,
            None,
            None,
            None,
            e,
        )?;
        for o in &s.on_behalf_of {
            self.actor(o, None)?;
            let rel = Some("on_behalf_of");
            self.edge(&s.member, o, EdgeKind::Represents, rel, None, None, e)?;
        }
        Ok(())
    }

    /// A meeting's date and agenda on its node (the record's document node
    /// when the record is in the corpus), and its edges: `considers` to each
    /// document considered, `invited` to each invitee known as an actor
    /// (relation `rule_37` or `rule_39`; invitees named only as written
    /// stay out of the graph). When several items describe one meeting,
    /// the least date, agenda and evidence win, whatever the item order;
    /// a meeting item's date replaces one that only decisions gave.
    fn add_meeting(&mut self, m: &MeetingItem) -> Result<(), OffsetOverflow> {
        self.meeting(&m.meeting)?;
        let first_dating = m.date.is_some() && self.dated_meetings.insert(m.meeting.clone());
        if let Some(n) = self.node_mut(&m.meeting) {
            n.date = if first_dating {
                m.date.clone()
            } else {
                least(n.date.take(), m.date.clone())
            };
            n.agenda = least(n.agenda.take(), m.agenda_item.clone());
            if n.kind == NodeKind::Meeting {
                n.in_corpus = true;
                n.ev = least(n.ev.take(), Some(m.ev.clone()));
            }
        }
        for d in &m.documents {
            self.doc(d)?;
            self.edge(&m.meeting, d, EdgeKind::Considers, None, None, None, &m.ev)?;
        }
        for p in &m.press_releases {
            self.doc(p)?;
            self.edge(
                &m.meeting,
                p,
                EdgeKind::PressRelease,
                None,
                None,
                None,
                &m.ev,
            )?;
        }
        for (ids, rule) in [(&m.rule_37, "rule_37"), (&m.rule_39, "rule_39")] {
            for a in ids.iter().filter_map(Invitee::actor) {
                self.actor(a, None)?;
                self.edge(
                    &m.meeting,
                    a,
                    EdgeKind::Invited,
                    Some(rule),
                    None,
                    None,
                    &m.ev,
                )?;
            }
        }
        Ok(())
    }
}
