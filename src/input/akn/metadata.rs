//! The `<meta>` half of the streaming pass: which elements of an AKN
//! file's metadata it records (the FRBR work and expression, the agenda
//! keyword, the workflow's steps and the voting counts with their voters)
//! into the raw [`Meta`](super::records::Meta) record. Turning that record
//! into votes and a decision is [`super::meta`]'s job.

use std::ops::Range;

use quick_xml::events::BytesStart;

use super::parse::{Frame, Pass, attrs};
use super::records::{Count, Step};

impl Pass<'_> {
    /// An element opened inside `<meta>`: the frame that records it, or
    /// [`Frame::Plain`] for everything the reader does not use.
    pub(super) fn meta_start(&mut self, name: &str, e: &BytesStart, span: &Range<usize>) -> Frame {
        if !matches!(
            name,
            "FRBRWork"
                | "FRBRExpression"
                | "FRBRManifestation"
                | "FRBRthis"
                | "FRBRuri"
                | "FRBRdate"
                | "FRBRlanguage"
                | "keyword"
                | "workflow"
                | "step"
                | "count"
                | "organization"
                | "person"
                | "TLCOrganization"
        ) {
            return Frame::Plain;
        }
        // Most keywords are subject index terms; only the agenda matters.
        let is_agenda = e
            .try_get_attribute("refersTo")
            .ok()
            .flatten()
            .is_some_and(|v| v.value.as_ref() == b"agenda");
        if name == "keyword" && !is_agenda {
            return Frame::Plain;
        }
        let a = attrs(e);
        let part = self.stack.iter().rev().find_map(|o| match o.frame {
            Frame::MetaPart(p) => Some(p),
            _ => None,
        });
        let meta = &mut self.out.meta;
        match name {
            "FRBRWork" => return Frame::MetaPart("work"),
            "FRBRExpression" => return Frame::MetaPart("expression"),
            "FRBRManifestation" => return Frame::MetaPart("manifestation"),
            "FRBRthis" | "FRBRuri" | "FRBRdate" | "FRBRlanguage" => {
                let v = a.get("value").cloned();
                match (part, name) {
                    (Some("work"), "FRBRthis") => meta.work_this = v,
                    (Some("work"), "FRBRuri") => meta.work_uri = v,
                    (Some("work"), "FRBRdate") => meta.work_date = a.get("date").cloned(),
                    (Some("expression"), "FRBRthis") => meta.expression_this = v,
                    (Some("expression"), "FRBRlanguage") => {
                        meta.language = a.get("language").cloned()
                    }
                    _ => {}
                }
            }
            "keyword" => {
                if a.get("refersTo").map(String::as_str) == Some("agenda")
                    && let Some(show) = a.get("showAs")
                {
                    // The agenda item as worded (not the upper-case index entries).
                    let worded = show.chars().any(|c| c.is_lowercase());
                    let better = a.get("dictionary").map(String::as_str) == Some("S/");
                    if worded && (meta.agenda.is_none() || better) {
                        meta.agenda = Some(show.trim().trim_end_matches('.').to_string());
                    }
                }
            }
            "workflow" => {
                meta.workflow = Some(span.clone());
                return Frame::MetaPart("workflow");
            }
            "step" => {
                meta.steps.push(Step {
                    attrs: a,
                    span: span.clone(),
                });
                return Frame::Step(meta.steps.len() - 1);
            }
            "count" => {
                meta.counts.push(Count {
                    refers_to: a.get("refersTo").cloned().unwrap_or_default(),
                    value: a.get("value").and_then(|v| v.trim().parse().ok()),
                    raw_value: a.get("value").cloned(),
                    voters: Vec::new(),
                    span: span.clone(),
                });
                return Frame::Count(meta.counts.len() - 1);
            }
            "organization" | "person" | "TLCOrganization" => {
                if let Some(c) = self.stack.iter().rev().find_map(|o| match o.frame {
                    Frame::Count(c) => Some(c),
                    _ => None,
                }) {
                    self.voter_text.clear();
                    return Frame::Voter(c);
                }
            }
            _ => {}
        }
        Frame::Plain
    }
}
