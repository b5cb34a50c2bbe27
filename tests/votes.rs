//! Votes, decisions and speakers: the seed letter, the Repertoire section,
//! and consistency checks on synthetic input (tests/testdata/votes/).

use std::collections::BTreeSet;

use serde::Deserialize;
use unsc_kg::extract::extract_text;
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::{Item, Outcome, Position};
use unsc_kg::text::Text;

use crate::util;

const LETTER: &str = "mali/letter-2020-06-30-president-S-2020-600-vote.txt";
const REPERTOIRE: &str = "mali/repertoire-2023-mali.md";

fn items(rel: &str) -> Vec<Item> {
    extract_file(&util::corpus(rel), &Options::default())
        .expect("readable")
        .items
}

/// One line per vote, decision, speaker and warning, for golden files.
fn render(items: &[Item]) -> String {
    let mut out = String::new();
    for it in items {
        let line = match it {
            Item::Vote(v) => format!(
                "vote     {} {:?} on {} signer={} [{}] {:?}",
                v.member,
                v.position,
                v.on,
                v.signer.as_deref().unwrap_or("-"),
                v.ev.rule,
                v.ev.text
            ),
            Item::Decision(d) => format!(
                "decision draft={} {:?} resolution={} tally={} meeting={} date={} sponsors={} [{}] {:?}",
                d.draft.as_deref().unwrap_or("-"),
                d.outcome,
                d.resolution.as_deref().unwrap_or("-"),
                d.tally.as_deref().unwrap_or("-"),
                d.meeting.as_deref().unwrap_or("-"),
                d.date.as_deref().unwrap_or("-"),
                d.sponsors.join(","),
                d.ev.rule,
                d.ev.text
            ),
            Item::Speaker(s) => format!(
                "speaker  {} {} behalf={} [{}] {:?}",
                s.meeting,
                s.member,
                s.on_behalf_of.join(","),
                s.ev.rule,
                s.ev.text
            ),
            Item::Warning(w) => format!("warning  {} {:?}", w.message, w.ev.text),
            _ => continue,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn seed_letter_gives_fifteen_votes_in_favour_each_with_its_signer() {
    let items = items(LETTER);
    let votes: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Item::Vote(v) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(votes.len(), 15);
    let members: BTreeSet<&str> = votes.iter().map(|v| v.member.as_str()).collect();
    for id in [
        "state/belgium",
        "state/china",
        "state/dominican-republic",
        "state/estonia",
        "state/france",
        "state/germany",
        "state/indonesia",
        "state/niger",
        "state/russian-federation",
        "state/saint-vincent-and-the-grenadines",
        "state/south-africa",
        "state/tunisia",
        "state/united-kingdom",
        "state/united-states",
        "state/viet-nam",
    ] {
        assert!(members.contains(id), "no vote from {id}");
    }
    for v in &votes {
        assert_eq!(v.position, Position::InFavour, "{}", v.member);
        assert_eq!(v.on, "S/2020/600", "{}", v.member);
        assert!(v.signer.is_some(), "{} has no signer", v.member);
        assert!(v.doc.starts_with("x:letter:"), "{}", v.doc);
    }
    util::golden("votes-letter.txt", &render(&items));
}

#[test]
fn written_procedure_letter_records_the_adoption_of_the_draft_as_a_resolution() {
    let items = items(LETTER);
    let decisions: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Item::Decision(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(decisions.len(), 1);
    let d = decisions[0];
    assert_eq!(d.draft.as_deref(), Some("S/2020/600"));
    assert_eq!(d.resolution.as_deref(), Some("S/RES/2531 (2020)"));
    assert_eq!(d.outcome, Outcome::Adopted);
    assert_eq!(d.tally.as_deref(), Some("15-0-0"));
    assert_eq!(d.date.as_deref(), Some("2020-06-29"));
    // The three explanations of vote are members speaking on that decision.
    let explained: BTreeSet<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Speaker(s) if Some(&s.meeting) == d.meeting.as_ref() => Some(s.member.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        explained,
        BTreeSet::from(["state/niger", "state/united-kingdom", "state/united-states"])
    );
    assert!(
        !items.iter().any(|i| matches!(i, Item::Warning(_))),
        "the seed letter is consistent"
    );
}

#[test]
fn repertoire_gives_the_three_decisions_of_2023_with_votes_and_speakers() {
    let items = items(REPERTOIRE);
    let decisions: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Item::Decision(d) => Some(d),
            _ => None,
        })
        .collect();
    type Summary<'a> = (Option<&'a str>, Outcome, Option<&'a str>, Option<&'a str>);
    let summary: Vec<Summary> = decisions
        .iter()
        .map(|d| {
            (
                d.draft.as_deref(),
                d.outcome,
                d.resolution.as_deref(),
                d.tally.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                Some("S/2023/480"),
                Outcome::Adopted,
                Some("S/RES/2690 (2023)"),
                Some("15-0-0")
            ),
            (Some("S/2023/638"), Outcome::Vetoed, None, Some("13-1-1")),
            (
                Some("S/2023/639"),
                Outcome::NotAdopted,
                None,
                Some("1-1-13")
            ),
        ]
    );
    for d in &decisions {
        let on = d.draft.as_deref().expect("draft");
        let n = items
            .iter()
            .filter(|i| matches!(i, Item::Vote(v) if v.on == on))
            .count();
        assert_eq!(n, 15, "votes on {on}");
    }
    let meetings: BTreeSet<&str> = items
        .iter()
        .filter_map(|i| match i {
            Item::Speaker(s) => Some(s.meeting.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        meetings,
        BTreeSet::from([
            "S/PV.9251",
            "S/PV.9302",
            "S/PV.9350",
            "S/PV.9365",
            "S/PV.9407",
            "S/PV.9408"
        ])
    );
    util::golden("votes-repertoire.txt", &render(&items));
}

#[derive(Deserialize)]
struct Cases {
    test: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    path: String,
    input: String,
    #[serde(default)]
    warnings: Vec<String>,
    votes: Option<usize>,
    outcomes: Option<Vec<String>>,
    speakers: Option<usize>,
    /// The sponsors of each decision, in file order.
    sponsors: Option<Vec<Vec<String>>>,
}

#[test]
fn inconsistent_input_is_reported() {
    let path = util::root().join("tests/testdata/votes/consistency.toml");
    let cases: Cases = toml::from_str(&String::from_utf8_lossy(&util::read(&path))).expect("toml");
    let mut failures = Vec::new();
    for c in &cases.test {
        let items = extract_text(&Text::from_str(&c.path, &c.input));
        // Only the vote checks' own warnings: citation warnings (a made-up
        // resolution number in a synthetic text) are another extractor's.
        let warnings: Vec<&str> = items
            .iter()
            .filter_map(|i| match i {
                Item::Warning(w) if !w.ev.rule.starts_with("citation") => Some(w.message.as_str()),
                _ => None,
            })
            .collect();
        let count = |k: &str| items.iter().filter(|i| i.kind() == k).count();
        let outcomes: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Item::Decision(d) => {
                    Some(serde_json::to_value(d.outcome).ok()?.as_str()?.to_string())
                }
                _ => None,
            })
            .collect();
        let mut wrong = Vec::new();
        if warnings.len() != c.warnings.len()
            || !c
                .warnings
                .iter()
                .all(|w| warnings.iter().any(|got| got.contains(w.as_str())))
        {
            wrong.push(format!("warnings {warnings:?}, expected {:?}", c.warnings));
        }
        if let Some(n) = c.votes
            && count("vote") != n
        {
            wrong.push(format!("{} votes, expected {n}", count("vote")));
        }
        if let Some(n) = c.speakers
            && count("speaker") != n
        {
            wrong.push(format!("{} speakers, expected {n}", count("speaker")));
        }
        if let Some(o) = &c.outcomes
            && &outcomes != o
        {
            wrong.push(format!("outcomes {outcomes:?}, expected {o:?}"));
        }
        let sponsors: Vec<Vec<String>> = items
            .iter()
            .filter_map(|i| match i {
                Item::Decision(d) => Some(d.sponsors.clone()),
                _ => None,
            })
            .collect();
        if let Some(sp) = &c.sponsors
            && &sponsors != sp
        {
            wrong.push(format!("sponsors {sponsors:?}, expected {sp:?}"));
        }
        for it in &items {
            let ev = it.evidence();
            if c.input.as_bytes().get(ev.start..ev.end) != Some(ev.text.as_bytes()) {
                wrong.push(format!("{} item does not quote its bytes", it.kind()));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", c.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

mod robustness {
    use proptest::prelude::*;
    use unsc_kg::extract::extract_text;
    use unsc_kg::text::Text;

    /// Pieces of the texts the votes extractor reads, to be shuffled.
    const PIECES: &[&str] = &[
        "Letter dated 26 June 2020 from the Permanent Representative of Côte d’Ivoire to the United Nations addressed to the President of the Security Council",
        "the Republic of Niger decides to vote in favour of",
        "my delegation votes against",
        "Türkiye abstains",
        " and abstains on ",
        "draft resolution S/2020/600",
        "(Signed) Zhang Jun",
        "Meetings: The situation in Mali, 2023",
        "Meeting record and date\tSub-item\tOther documents\tRule 37 invitations\tRule 39 and other invitations\tSpeakers\tDecision and vote (for-against-abstaining)",
        "S/PV.9408 30 August\t",
        "Draft resolution (S/2023/638) not adopted 13-1-1 ^h",
        "Resolution 2690 (2023) 15-0-0",
        "13 Council members ^a",
        "^a Ghana (also spoke on behalf of Gabon and Mozambique), Saint Vincent and the Grenadines",
        "^h *In favour*: Albania; *Against*: Russian Federation; *Abstaining*: China, China.",
        "¹ See S/PV.9251, Brazil Ecuador and Japan; and",
        "² Ibid., United Kingdom",
        "A vote was taken by show of hands.",
        "In favour:",
        "The President: The draft resolution received 13 votes in favour. The draft resolution has been adopted as resolution 2531 (2020).",
        "Mr. Nebenzia (Russian Federation) (spoke in Russian):",
        "United Nations S/PV.9408",
        "(",
        ")",
        "é",
        "İ",
    ];
    const SEPARATORS: &[&str] = &[" ", "\n", "\n\n", "\t", ", ", ". "];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        // Shuffled fragments must never make the extractor panic, and every
        // item must still quote its own bytes.
        #[test]
        fn shuffled_fragments_never_panic_and_quote_their_bytes(
            parts in prop::collection::vec((0..PIECES.len(), 0..SEPARATORS.len()), 1..40)
        ) {
            let mut input = String::new();
            for (p, s) in parts {
                input.push_str(PIECES[p]);
                input.push_str(SEPARATORS[s]);
            }
            let items = extract_text(&Text::from_str("fuzz.md", &input));
            for it in &items {
                let ev = it.evidence();
                prop_assert_eq!(input.as_bytes().get(ev.start..ev.end), Some(ev.text.as_bytes()));
            }
        }
    }
}
