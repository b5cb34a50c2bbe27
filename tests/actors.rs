//! Actors: gold-standard precision and recall on the seed documents, vote
//! letter signatures, group expansion, gazetteer errors, and discovery of
//! actors the gazetteer lacks in the Akoma Ntoso sample.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use unsc_kg::extract::actors::{discovery, gazetteer::Gazetteer, matcher};
use unsc_kg::extract::{extract_text, structure};
use unsc_kg::input::{Options, extract_file};
use unsc_kg::model::Item;
use unsc_kg::text::Text;

use crate::util::{Workdir, root};

#[derive(Deserialize)]
struct Gold {
    file: String,
    #[serde(default)]
    skip_mentions_docs: Vec<String>,
    para: Vec<GoldPara>,
}

#[derive(Deserialize)]
struct GoldPara {
    id: String,
    mentions: Option<Vec<String>>,
    addressees: Option<Vec<String>>,
}

/// Precision and recall of two multisets.
fn score<T: Ord + Clone>(gold: &[T], got: &[T]) -> (f64, f64, Vec<T>, Vec<T>) {
    let mut g: BTreeMap<T, i64> = BTreeMap::new();
    for x in gold {
        *g.entry(x.clone()).or_default() += 1;
    }
    let mut tp = 0;
    let mut false_pos = Vec::new();
    for x in got {
        match g.get_mut(x) {
            Some(n) if *n > 0 => {
                *n -= 1;
                tp += 1;
            }
            _ => false_pos.push(x.clone()),
        }
    }
    let missed: Vec<T> = g
        .into_iter()
        .flat_map(|(k, n)| std::iter::repeat_n(k, n.max(0) as usize))
        .collect();
    let p = if got.is_empty() {
        1.0
    } else {
        tp as f64 / got.len() as f64
    };
    let r = if gold.is_empty() {
        1.0
    } else {
        tp as f64 / gold.len() as f64
    };
    (p, r, false_pos, missed)
}

fn check_gold(name: &str) {
    let path = root().join("tests/testdata/actors").join(name);
    let gold: Gold =
        toml::from_str(&std::fs::read_to_string(&path).expect("gold file")).expect("gold parses");
    let items = extract_file(&root().join(&gold.file), &Options::default())
        .expect("extracts")
        .items;
    let mut gold_m: Vec<(String, String)> = Vec::new();
    let mut gold_a: Vec<(String, String)> = Vec::new();
    for p in &gold.para {
        for m in p.mentions.iter().flatten() {
            let (_, actor) = m.rsplit_once(" = ").expect("`surface = actor`");
            gold_m.push((p.id.clone(), actor.to_string()));
        }
        for a in p.addressees.iter().flatten() {
            gold_a.push((p.id.clone(), a.clone()));
        }
    }
    let mut got_m = Vec::new();
    let mut got_a = Vec::new();
    for it in &items {
        match it {
            Item::Actor(a) if !gold.skip_mentions_docs.contains(&a.doc) => {
                let key = a.paragraph.clone().unwrap_or(format!("{}#title", a.doc));
                got_m.push((key, a.actor.clone()));
            }
            // These older files count every naming of a state, as a place
            // too; regions and cities they do not count.
            Item::Place(a)
                if !gold.skip_mentions_docs.contains(&a.doc) && a.place.starts_with("state/") =>
            {
                let key = a.paragraph.clone().unwrap_or(format!("{}#title", a.doc));
                got_m.push((key, a.place.clone()));
            }
            Item::Addressee(a) => {
                got_a.push((a.paragraph.clone(), format!("{} {}", a.verb, a.actor)))
            }
            _ => {}
        }
    }
    for (what, gold, got) in [
        ("mentions", &gold_m, &got_m),
        ("addressees", &gold_a, &got_a),
    ] {
        let (p, r, fp, missed) = score(gold, got);
        println!(
            "{name} {what}: gold {} extracted {} precision {p:.3} recall {r:.3}",
            gold.len(),
            got.len()
        );
        for x in &fp {
            println!("  false positive: {x:?}");
        }
        for x in &missed {
            println!("  missed: {x:?}");
        }
        assert!(
            p >= 0.95 && r >= 0.95,
            "{name} {what}: precision {p:.3} recall {r:.3}"
        );
    }
}

#[test]
fn gold_resolution_2531_precision_and_recall() {
    check_gold("gold-2531.toml");
}

#[test]
fn gold_letter_with_annexes_precision_and_recall() {
    check_gold("gold-letter.toml");
}

// Every vote letter (annexes II to XVI) is signed by the member's
// representative: the person, the role and the state.
#[test]
fn all_fifteen_vote_letters_give_signer_role_and_state() {
    let items = extract_file(
        &root().join("corpus/mali/letter-2020-06-30-president-S-2020-600-vote.txt"),
        &Options::default(),
    )
    .expect("extracts")
    .items;
    let signers: BTreeSet<(String, String, String)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Actor(a)
                if a.class == "Person"
                    && a.represents
                        .as_deref()
                        .is_some_and(|r| r.starts_with("state/")) =>
            {
                Some((
                    a.label.clone(),
                    a.role.clone().unwrap_or_default(),
                    a.represents.clone().unwrap_or_default(),
                ))
            }
            _ => None,
        })
        .collect();
    let expected = [
        (
            "Marc Pecsteen de Buytswerve",
            "Permanent Representative",
            "state/belgium",
        ),
        ("Zhang Jun", "Permanent Representative", "state/china"),
        (
            "José Singer Weisinger",
            "Special Envoy to the Security Council",
            "state/dominican-republic",
        ),
        (
            "Sven Jürgenson",
            "Permanent Representative",
            "state/estonia",
        ),
        (
            "Nicolas de Rivière",
            "Permanent Representative",
            "state/france",
        ),
        (
            "Christoph Heusgen",
            "Permanent Representative",
            "state/germany",
        ),
        (
            "Dian Triansyah Djani",
            "Permanent Representative",
            "state/indonesia",
        ),
        ("Abdou Abarry", "Permanent Representative", "state/niger"),
        (
            "Vassily Nebenzia",
            "Permanent Representative",
            "state/russian-federation",
        ),
        (
            "Inga Rhonda King",
            "Permanent Representative",
            "state/saint-vincent-and-the-grenadines",
        ),
        (
            "Jerry Matthews Matjila",
            "Permanent Representative",
            "state/south-africa",
        ),
        ("Kais Kabtani", "Permanent Representative", "state/tunisia"),
        (
            "Jonathan Allen",
            "Chargé d’affaires",
            "state/united-kingdom",
        ),
        (
            "Kelly Craft",
            "Permanent Representative",
            "state/united-states",
        ),
        (
            "Dang Dinh Quy",
            "Permanent Representative",
            "state/viet-nam",
        ),
    ];
    let expected: BTreeSet<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(signers, expected);
    // The President of the Council signs the covering letter and annex I.
    let president = items
        .iter()
        .filter(|i| {
            matches!(i, Item::Actor(a)
        if a.actor == "person/nicolas-de-rivière"
            && a.role.as_deref() == Some("President of the Security Council"))
        })
        .count();
    assert_eq!(president, 2);
}

fn addressees(text: &str) -> BTreeSet<(String, String)> {
    extract_text(&Text::from_str("t.txt", text))
        .into_iter()
        .filter_map(|i| match i {
            Item::Addressee(a) => Some((a.verb, a.actor)),
            _ => None,
        })
        .collect()
}

// "Urges the Malian parties" links the group and each of its members.
#[test]
fn group_addressees_expand_to_members() {
    let got = addressees(
        "The Security Council,\n\nRecalling its resolutions,\n\n1. Urges the Malian parties to accelerate the implementation of the Agreement;\n\n2. Encourages the G5 Sahel States to support the FC-G5S, and requests the Secretary-General, in coordination with the African Union, to report;\n",
    );
    let want: BTreeSet<(String, String)> = [
        ("urges", "malian-parties"),
        ("urges", "government-of-mali"),
        ("urges", "plateforme"),
        ("urges", "cma"),
        ("encourages", "g5-sahel"),
        ("encourages", "state/burkina-faso"),
        ("encourages", "state/chad"),
        ("encourages", "state/mali"),
        ("encourages", "state/mauritania"),
        ("encourages", "state/niger"),
        ("requests", "secretary-general"),
    ]
    .iter()
    .map(|(v, a)| (v.to_string(), a.to_string()))
    .collect();
    assert_eq!(got, want);
}

#[derive(Deserialize)]
struct ErrorCases {
    test: Vec<ErrorCase>,
}

#[derive(Deserialize)]
struct ErrorCase {
    name: String,
    ttl: String,
    line: usize,
    reason: String,
}

// A broken gazetteer fails at load with file, line and reason.
#[test]
fn broken_gazetteers_report_file_line_and_reason() {
    let cases: ErrorCases = toml::from_str(
        &std::fs::read_to_string(root().join("tests/testdata/actors/gazetteer-errors.toml"))
            .expect("cases"),
    )
    .expect("cases parse");
    let head = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix unsc: <https://w3id.org/unsc-kg/ontology#> .\n@prefix actor: <https://w3id.org/unsc-kg/actor/> .\n";
    let wd = Workdir::new();
    for c in &cases.test {
        let path = wd.write("actors.ttl", format!("{head}{}", c.ttl).as_bytes());
        let err = Gazetteer::from_path(&path).expect_err(&c.name);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{}:{}: ", path.display(), c.line)),
            "{}: {shown}",
            c.name
        );
        assert!(err.reason.contains(&c.reason), "{}: {shown}", c.name);
    }
    let missing = Gazetteer::from_path(&wd.path("nope.ttl")).expect_err("missing file");
    assert!(missing.reason.contains("cannot read"));
}

// `extract --gazetteer` with a broken file stops before reading any input.
#[test]
fn extract_with_a_broken_gazetteer_fails_at_start() {
    let wd = Workdir::new();
    let bad = wd.write(
        "bad.ttl",
        b"@prefix actor: <https://w3id.org/unsc-kg/actor/> .\nactor:x a actor:y ;\n  <p> \"open .\n",
    );
    let out = crate::util::bin()
        .args(["extract", "--gazetteer"])
        .arg(&bad)
        .arg(root().join("corpus/mali/S-RES-2531-2020.md"))
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3: ", bad.display())), "{err}");
    let good = wd.write("good.ttl", include_bytes!("../ontology/actors.ttl"));
    let out = crate::util::bin()
        .args(["extract", "--kind", "actor", "--gazetteer"])
        .arg(&good)
        .arg(root().join("corpus/mali/S-RES-2531-2020.md"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"actor\":\"minusma\""));
}

// `build`, `query` and `export` had no `--gazetteer`, and the RDF layer read
// the process-global, embedded gazetteer: an actor named only by id (here
// the European Union, which "the European Union Training Mission in Mali"
// is part of) got the bundled class whatever gazetteer the items came from.
#[test]
fn a_custom_gazetteer_gives_build_and_query_the_same_actor_class() {
    let wd = Workdir::new();
    let bundled = include_str!("../ontology/actors.ttl");
    let from = "actor:european-union a unsc:RegionalOrganization ;";
    assert!(bundled.contains(from), "the bundled class changed");
    let custom = wd.write(
        "custom.ttl",
        bundled
            .replace(from, "actor:european-union a unsc:Body ;")
            .as_bytes(),
    );
    let doc = wd.write(
        "corpus/res.txt",
        b"United Nations S/RES/2531 (2020)\n\nResolution 2531 (2020)\n\n\
          Adopted by the Security Council at its 8742nd meeting, on 29 June 2020\n\n\
          The Security Council,\n\n\
          1. Welcomes the work of the European Union Training Mission in Mali;\n",
    );
    let out = wd.path("out");
    let built = crate::util::bin()
        .args(["build", "-q", "--gazetteer"])
        .arg(&custom)
        .arg("--out")
        .arg(&out)
        .arg(&doc)
        .output()
        .expect("runs");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let classes = |extra: &[&std::ffi::OsStr]| -> String {
        let q = "SELECT ?class WHERE { <https://w3id.org/unsc-kg/actor/european-union> a ?class } ORDER BY ?class";
        let run = crate::util::bin()
            .args(["query", "--format", "csv", "--items"])
            .arg(&out)
            .args(extra)
            .arg(q)
            .output()
            .expect("runs");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8(run.stdout).expect("utf-8")
    };
    // The snapshot `build` wrote.
    let snapshot = classes(&[]);
    assert!(snapshot.contains("/ontology#Body"), "{snapshot}");
    assert!(!snapshot.contains("RegionalOrganization"), "{snapshot}");
    // The triples rebuilt from the items with the same gazetteer.
    let rebuilt = classes(&[
        "--no-snapshot".as_ref(),
        "--gazetteer".as_ref(),
        custom.as_os_str(),
    ]);
    assert_eq!(rebuilt, snapshot);
    // Rebuilt with the bundled gazetteer, the class is the bundled one: the
    // option is what makes the two agree.
    let bundled_class = classes(&["--no-snapshot".as_ref()]);
    assert!(
        bundled_class.contains("/ontology#RegionalOrganization"),
        "{bundled_class}"
    );
    // `export` makes RDF from the items too.
    let exported = crate::util::bin()
        .args(["export", "--format", "nquads", "--items"])
        .arg(&out)
        .arg("--gazetteer")
        .arg(&custom)
        .output()
        .expect("runs");
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let nq = String::from_utf8(exported.stdout).expect("utf-8");
    assert!(
        nq.contains("<https://w3id.org/unsc-kg/actor/european-union> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/unsc-kg/ontology#Body> ."),
        "{nq}"
    );
}

// Every command that takes `--gazetteer` reads it before anything else: a
// broken file stops it with the file, the line and the reason.
#[test]
fn every_command_with_a_broken_gazetteer_fails_at_start() {
    let wd = Workdir::new();
    let bad = wd.write(
        "bad.ttl",
        b"@prefix actor: <https://w3id.org/unsc-kg/actor/> .\nactor:x a actor:y ;\n  <p> \"open .\n",
    );
    let exports = root().join("exports");
    let out = wd.path("out");
    let doc = root().join("corpus/mali/S-RES-2531-2020.md");
    let cases: [Vec<&std::ffi::OsStr>; 3] = [
        vec![
            "build".as_ref(),
            "-q".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            doc.as_os_str(),
        ],
        vec![
            "query".as_ref(),
            "--items".as_ref(),
            exports.as_os_str(),
            "ASK {}".as_ref(),
        ],
        vec![
            "export".as_ref(),
            "--format".as_ref(),
            "turtle".as_ref(),
            "--items".as_ref(),
            exports.as_os_str(),
        ],
    ];
    for args in cases {
        let run = crate::util::bin()
            .args(&args)
            .arg("--gazetteer")
            .arg(&bad)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {err}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(
            err.contains(&format!("{}:3: ", bad.display())),
            "{args:?}: {err}"
        );
    }
    assert!(!out.exists(), "build wrote {}", out.display());
}

// Definitions "Long Form (ACRONYM)" in the Akoma Ntoso sample that the
// gazetteer lacks: printed so they can be added to ontology/actors.ttl.
#[test]
fn discovery_reports_actors_missing_from_the_gazetteer() {
    let dir = root().join("corpus/akn-sample/text");
    let files = crate::util::sorted_files(&dir, Some("txt"));
    let mut missing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut known = 0;
    for f in &files {
        let text = Text::from_str(
            &f.display().to_string(),
            &std::fs::read_to_string(f).expect("read"),
        );
        let st = structure::analyze(&text);
        let toks = matcher::tokenize(&text.norm.text);
        for d in discovery::discover(&text, &st, &toks) {
            assert!(d.id().starts_with("discovered/") && d.id().len() > 11);
            match d.known {
                Some(_) => known += 1,
                None => {
                    missing
                        .entry(format!("{} ({})", d.long, d.acronym))
                        .or_default()
                        .insert(f.file_name().unwrap_or_default().to_string_lossy().into());
                }
            }
        }
    }
    println!(
        "akn-sample: {} files, {known} definitions of gazetteer actors, {} actors the gazetteer lacks:",
        files.len(),
        missing.len()
    );
    for (name, in_files) in &missing {
        println!(
            "  {name}  [{}]",
            in_files.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    assert!(known > 0, "the sample defines gazetteer actors too");
}

#[derive(Deserialize)]
struct MatchCases {
    test: Vec<MatchCase>,
}

#[derive(Deserialize)]
struct MatchCase {
    name: String,
    text: String,
    actors: Vec<String>,
    /// Place mentions, in order.
    #[serde(default)]
    places: Vec<String>,
    /// `"child > parent"` links the actors must carry.
    #[serde(default)]
    parents: Vec<String>,
}

/// Actor ids, place ids and `child > parent` links extracted from `text`.
fn actors_and_places(text: &str) -> (Vec<String>, Vec<String>, BTreeSet<String>) {
    let (mut actors, mut places, mut parents) = (Vec::new(), Vec::new(), BTreeSet::new());
    for i in extract_text(&Text::from_str("t.txt", text)) {
        match i {
            Item::Actor(a) => {
                if let Some(p) = &a.part_of {
                    parents.insert(format!("{} > {p}", a.actor));
                }
                actors.push(a.actor);
            }
            Item::Place(p) => places.push(p.place),
            _ => {}
        }
    }
    (actors, places, parents)
}

/// Checks one case on `text`; `how` names the rendering in failures.
fn check_match_case(c: &MatchCase, text: &str, how: &str) -> Result<(), String> {
    let (mut actors, places, parents) = actors_and_places(text);
    // The opening "The Security Council," the harness adds.
    if !c.actors.iter().any(|a| a == "security-council") {
        actors.retain(|a| a != "security-council");
    }
    let wild = |want: &[String], got: &[String]| {
        want.len() == got.len()
            && want
                .iter()
                .zip(got)
                .all(|(w, g)| w == g || (w == "discovered/*" && g.starts_with("discovered/")))
    };
    let missing: Vec<&String> = c.parents.iter().filter(|p| !parents.contains(*p)).collect();
    if wild(&c.actors, &actors) && c.places == places && missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} ({how}): actors {actors:?} (want {:?}), places {places:?} (want {:?}), parents {parents:?} (missing {missing:?})",
            c.name, c.actors, c.places
        ))
    }
}

// Matching that survives noise: table-driven cases.
#[test]
fn actor_mentions_in_noisy_text() {
    let cases: MatchCases = toml::from_str(
        &std::fs::read_to_string(root().join("tests/testdata/actors/matching.toml"))
            .expect("cases"),
    )
    .expect("cases parse");
    for c in &cases.test {
        if let Err(e) = check_match_case(c, &c.text, "clean") {
            panic!("{e}");
        }
    }
}

// Places versus actors both ways, names inside longer names, coordinated
// names and aliases: table-driven cases, each on the clean text and on a
// PDF-noisy copy (wrapped, hyphenated, a page break mid-case).
#[test]
fn places_nesting_coordination_aliases_clean_and_noisy() {
    let cases: MatchCases = toml::from_str(
        &std::fs::read_to_string(root().join("tests/testdata/actors/places-names.toml"))
            .expect("cases"),
    )
    .expect("cases parse");
    let mut failures = Vec::new();
    for c in &cases.test {
        let text = format!("The Security Council,\n{}\n", c.text);
        if let Err(e) = check_match_case(c, &text, "clean") {
            failures.push(e);
        }
        let filler = "Noting the efforts of the parties concerned and of the regional organizations in this regard,\n".repeat(4);
        let full = format!("{filler}{}\n", c.text);
        let noise = crate::citations::Noise {
            width: (18, 30),
            page_lines: 1000,
            double_spaced: true,
            keep_head: 0,
            break_after: Some(filler.chars().count() + c.text.chars().count() / 2),
        };
        let seed = c.name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100000001b3)
        });
        let (noisy, _) = crate::citations::pdf_noisy(
            &format!("The Security Council,\n{full}"),
            "S/2099/1",
            &noise,
            seed,
        );
        if let Err(e) = check_match_case(c, &noisy, "noisy") {
            failures.push(format!("{e}\n{noisy}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[derive(Deserialize)]
struct SpanGold {
    file: String,
    mention: Vec<SpanMention>,
}

#[derive(Deserialize)]
struct SpanMention {
    surface: String,
    kind: String,
    actor: String,
    start: usize,
    end: usize,
}

/// Whether an extracted id is the gold one (`discovered` stands for any
/// id the extractor mints for an actor the gazetteer lacks).
fn same_actor(gold: &str, got: &str) -> bool {
    gold == got || (gold == "discovered" && got.starts_with("discovered/"))
}

/// Mention F1 (actor spans), identity (right actor on the spans found) and
/// place F1 of a span gold file, printed with the errors.
fn span_gold(name: &str) -> (f64, f64, f64) {
    let path = root().join("tests/testdata/actors").join(name);
    let gold: SpanGold =
        toml::from_str(&std::fs::read_to_string(&path).expect("gold file")).expect("gold parses");
    let bytes = std::fs::read(root().join(&gold.file)).expect("text");
    for m in &gold.mention {
        assert_eq!(
            String::from_utf8_lossy(&bytes[m.start..m.end]),
            m.surface,
            "{name}: span {}..{}",
            m.start,
            m.end
        );
    }
    let items = extract_file(&root().join(&gold.file), &Options::default())
        .expect("extracts")
        .items;
    // The Council's references to itself are not counted either way.
    let mut actors: Vec<(usize, usize, String, String)> = Vec::new();
    let mut places: Vec<(usize, usize)> = Vec::new();
    for it in &items {
        match it {
            Item::Actor(a) if a.actor != "security-council" => {
                actors.push((a.ev.start, a.ev.end, a.actor.clone(), a.ev.text.clone()))
            }
            Item::Place(p) => places.push((p.ev.start, p.ev.end)),
            _ => {}
        }
    }
    let span = |m: &SpanMention| (m.start, m.end);
    let required: Vec<&SpanMention> = gold.mention.iter().filter(|m| m.kind == "actor").collect();
    let optional: Vec<&SpanMention> = gold
        .mention
        .iter()
        .filter(|m| m.kind == "optional")
        .collect();
    let (mut tp, mut right, mut fp) = (0usize, 0usize, Vec::new());
    let mut found = BTreeSet::new();
    for (s, e, id, text) in &actors {
        if let Some(g) = required.iter().find(|g| span(g) == (*s, *e)) {
            tp += 1;
            found.insert((*s, *e));
            if same_actor(&g.actor, id) {
                right += 1;
            } else {
                println!("  wrong actor: {text:?} {s}..{e} is {id}, gold {}", g.actor);
            }
        } else if !optional.iter().any(|g| span(g) == (*s, *e)) {
            fp.push(format!("{text:?} {s}..{e} = {id}"));
        }
    }
    let missed: Vec<String> = required
        .iter()
        .filter(|g| !found.contains(&span(g)))
        .map(|g| format!("{:?} {}..{} = {}", g.surface, g.start, g.end, g.actor))
        .collect();
    let p = tp as f64 / (tp + fp.len()).max(1) as f64;
    let r = tp as f64 / required.len().max(1) as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    let identity = right as f64 / tp.max(1) as f64;
    let gold_places: BTreeSet<(usize, usize)> = gold
        .mention
        .iter()
        .filter(|m| m.kind == "place")
        .map(span)
        .collect();
    let got_places: BTreeSet<(usize, usize)> = places.into_iter().collect();
    let ptp = gold_places.intersection(&got_places).count();
    let pp = ptp as f64 / got_places.len().max(1) as f64;
    let pr = ptp as f64 / gold_places.len().max(1) as f64;
    let place_f1 = if pp + pr > 0.0 {
        2.0 * pp * pr / (pp + pr)
    } else {
        0.0
    };
    println!(
        "{name}: actor mentions gold {} extracted {} precision {p:.3} recall {r:.3} F1 {f1:.3}, identity {identity:.3}; places gold {} extracted {} F1 {place_f1:.3}",
        required.len(),
        tp + fp.len(),
        gold_places.len(),
        got_places.len()
    );
    for x in &fp {
        println!("  false mention: {x}");
    }
    for x in &missed {
        println!("  missed: {x}");
    }
    for (s, e) in gold_places.difference(&got_places) {
        println!(
            "  place missed: {:?} {s}..{e}",
            String::from_utf8_lossy(&bytes[*s..*e])
        );
    }
    for (s, e) in got_places.difference(&gold_places) {
        println!(
            "  place not in gold: {:?} {s}..{e}",
            String::from_utf8_lossy(&bytes[*s..*e])
        );
    }
    (f1, identity, place_f1)
}

// Span gold annotated by reading (tests/testdata/actors/GUIDELINES.md):
// mention F1 and identity at least 0.95 on each resolution.
#[test]
fn gold_akn_resolutions_mention_f1_and_identity() {
    for name in ["gold-akn-2174.toml", "gold-akn-2741.toml"] {
        let (f1, identity, _) = span_gold(name);
        assert!(f1 >= 0.95, "{name}: mention F1 {f1:.3}");
        assert!(identity >= 0.95, "{name}: identity {identity:.3}");
    }
}

// `unsc-kg actor` reads the spellings people type: the gazetteer's aliases
// ("USA", "U.K.", "G-5") and demonyms, which name the state ("french" was
// the French forces).
#[test]
fn actor_command_resolves_aliases_and_prefers_states_for_demonyms() {
    for (input, id) in [
        ("USA", "state/united-states"),
        ("US", "state/united-states"),
        ("U.S.", "state/united-states"),
        ("united states", "state/united-states"),
        ("UK", "state/united-kingdom"),
        ("U.K.", "state/united-kingdom"),
        ("G5", "g5-sahel"),
        ("G-5", "g5-sahel"),
        ("french", "state/france"),
        ("Malian", "state/mali"),
        ("the Malian Government", "government-of-mali"),
        ("French forces", "french-forces"),
    ] {
        let out = crate::util::bin()
            .current_dir(root())
            .args(["actor", input, "--json", "--graph", "exports/graph.bin"])
            .output()
            .expect("runs");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{input}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
        assert_eq!(v["actor"]["id"], id, "{input}");
    }
}
