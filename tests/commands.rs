//! The graph commands on the real seed corpus (the committed
//! `exports/graph.bin`, itself pinned to a fresh build by `build.rs`),
//! against golden files.

use crate::util;

fn run(args: &[&str]) -> (i32, String) {
    let o = util::bin()
        .current_dir(util::root())
        .args(args)
        .args(["--graph", "exports/graph.bin"])
        .output()
        .expect("runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn seed_corpus_commands_match_golden() {
    let cases: &[(&str, &[&str], i32)] = &[
        // The chain across documents: the letter -> its enclosed draft ->
        // the resolution it became -> the resolution that one cites.
        (
            "seed-chain-letter-2374.txt",
            &[
                "chain",
                "-k",
                "5",
                "x:letter:2020-06-30:president-of-the-security-council",
                "2374 (2017)",
            ],
            0,
        ),
        (
            "seed-chain-2531-1325.txt",
            &["chain", "res 2531 (2020)", "1325"],
            0,
        ),
        (
            "seed-cited-by-2374.txt",
            &["cited-by", "S/RES/2374(2017)", "--depth", "2"],
            0,
        ),
        (
            "seed-cites-2531.txt",
            &["cites", "resolution 2531 (2020)"],
            0,
        ),
        (
            "seed-rank.txt",
            &["rank", "--kind", "resolution", "--top", "10"],
            0,
        ),
        ("seed-stats.txt", &["stats"], 0),
        ("seed-actor-minusma.txt", &["actor", "MINUSMA"], 0),
        (
            "seed-chain-json.json",
            &["chain", "S/2020/600", "2374 (2017)", "--json"],
            0,
        ),
    ];
    for (golden, args, code) in cases {
        let (got_code, out) = run(args);
        assert_eq!(got_code, *code, "{args:?}");
        util::golden(golden, &out);
    }
}

#[test]
fn unknown_reference_suggests_and_exits_two() {
    let o = util::bin()
        .current_dir(util::root())
        .args([
            "cited-by",
            "resolution 9999 (2030)",
            "--graph",
            "exports/graph.bin",
        ])
        .output()
        .expect("runs");
    assert_ne!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("9999"), "{stderr}");
}

#[test]
fn no_path_exits_one() {
    // Nothing in the corpus leads from 1325 (2000), cited only, anywhere.
    let (code, _) = run(&["chain", "1325 (2000)", "2531 (2020)"]);
    assert_eq!(code, 1);
}

#[test]
fn export_rdf_formats_with_filters() {
    let run = |fmt: &str, extra: &[&str]| {
        let o = util::bin()
            .current_dir(util::root())
            .args([
                "export",
                "--format",
                fmt,
                "--items",
                "exports/extractions.jsonl",
            ])
            .args(extra)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o.stdout
    };
    let all = run("nquads", &[]);
    let all_lines = all.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    // The whole stream gives the same dump as `build` wrote.
    assert_eq!(all, util::read(&util::full_build().join("graph.nq")));
    let cites = run("nquads", &["--layer", "citations", "--kind", "resolution"]);
    let text = String::from_utf8(cites.clone()).expect("utf-8");
    // The data lines (the vocabulary follows in its named graph).
    let vocabulary = format!(" <{}> .", unsc_kg::rdf::store::ONTOLOGY_GRAPH);
    let lines = text.lines().filter(|l| !l.ends_with(&vocabulary)).count();
    assert!(lines > 0 && lines < all_lines, "{lines} of {all_lines}");
    assert!(
        text.contains("<http://purl.org/spar/cito/"),
        "citations are typed with CiTO"
    );
    assert!(!text.contains("/vote/"), "no votes in the citation layer");
    // Turtle parses with an independent parser and has the same triples.
    let ttl = run("turtle", &["--layer", "citations", "--kind", "resolution"]);
    let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(&ttl)
        .count();
    assert_eq!(parsed, lines);
}

/// Runs the binary from the repository root with exactly `args`: (exit
/// code, stdout, stderr).
fn run_raw(args: &[&str]) -> (i32, String, String) {
    let o = util::bin()
        .current_dir(util::root())
        .args(args)
        .output()
        .expect("runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

// `cited-by 2374 --graph exports` failed with "Is a directory".
#[test]
fn graph_and_items_accept_the_exports_folder() {
    let (code, out, err) = run_raw(&["cited-by", "2374", "--graph", "exports"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("S/RES/2374 (2017) is cited by"), "{out}");
    let (code, out, err) = run_raw(&["query", "--items", "exports", "ASK { ?s ?p ?o }"]);
    assert_eq!((code, out.trim()), (0, "true"), "{err}");
}

// Graph commands run without exports said "No such file or directory".
#[test]
fn graph_commands_without_exports_say_run_build_first() {
    let wd = util::Workdir::new();
    for args in [
        vec!["cites", "2531"],
        vec!["rank"],
        vec!["query", "ASK { ?s ?p ?o }"],
    ] {
        let o = util::bin()
            .current_dir(wd.dir.path())
            .args(&args)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            err.contains("run `unsc-kg build CORPUS --out exports` first"),
            "{args:?}: {err}"
        );
    }
}

// `build --out a/b` failed when `a` did not exist, and said so twice.
#[test]
fn build_creates_missing_parent_folders() {
    let wd = util::Workdir::new();
    let out = wd.path("a/b/exports");
    let (code, _, err) = run_raw(&[
        "build",
        "corpus/mali/S-2017-558.txt",
        "--quiet",
        "--no-rdf",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("graph.bin").is_file());
    // A file in the way is still an error, said once.
    let file = wd.write("plain", b"x");
    let (code, _, err) = run_raw(&[
        "build",
        "corpus/mali/S-2017-558.txt",
        "--quiet",
        "--out",
        file.join("sub").to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
    let line = err.lines().last().expect("message");
    assert!(line.contains("exists and is not a folder"), "{err}");
    assert_eq!(
        line.matches(file.to_str().expect("utf-8")).count(),
        1,
        "{line}"
    );
}

// `extract --kind citations` (a typo) printed nothing and exited 0.
#[test]
fn extract_kind_typo_is_an_error_listing_the_kinds() {
    let (code, out, err) = run_raw(&[
        "extract",
        "corpus/mali/S-2017-558.txt",
        "--kind",
        "citations",
    ]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("possible values: document, paragraph, citation"),
        "{err}"
    );
}

// `cites S/2020` silently picked one of four documents.
#[test]
fn ambiguous_prefix_is_an_error_listing_the_candidates() {
    let (code, out, err) = run_raw(&["cites", "S/2020", "--graph", "exports"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(
            r#""S/2020" is ambiguous: "S/2020/253", "S/2020/476", "S/2020/481", "S/2020/600""#
        ),
        "{err}"
    );
}

// `chain 2531 MINUSMA` said MINUSMA was "not in the graph".
#[test]
fn chain_to_an_actor_says_chains_link_documents() {
    let (code, _, err) = run_raw(&["chain", "2531", "MINUSMA", "--graph", "exports"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            r#"chains link documents and their paragraphs; "MINUSMA" is an actor (minusma)"#
        ),
        "{err}"
    );
}

// `chain 1325 S/2020/600` found nothing and said nothing of the other way.
#[test]
fn chain_without_path_suggests_the_reverse_direction() {
    let (code, out, _) = run_raw(&["chain", "1325", "S/2020/600", "--graph", "exports"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "no chain from S/RES/1325 (2000) to S/2020/600\n\
         there is one the other way: unsc-kg chain \"S/2020/600\" \"S/RES/1325 (2000)\"\n"
    );
}

// Tables were padded to 85 characters by one minted id.
#[test]
fn tables_are_not_padded_by_minted_ids() {
    let (code, out, _) = run_raw(&["cited-by", "2374", "--depth", "2", "--graph", "exports"]);
    assert_eq!(code, 0);
    assert!(out.contains("x:letter:2020-06-30:"), "{out}");
    for line in out.lines().skip(1) {
        let doc = line.split("  ").nth(1).unwrap_or("");
        assert!(doc.trim().chars().count() <= 40, "{line}");
    }
}

// `--json | head` printed "Broken pipe".
#[test]
fn json_into_a_closed_pipe_is_success() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = util::bin()
        .current_dir(util::root())
        // 120 kB of JSON: more than a pipe holds.
        .args(["actor", "MINUSMA", "--json", "--graph", "exports"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut first = [0u8; 1];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("a byte");
    // stdout is closed now, as `head` closes it.
    let o = child.wait_with_output().expect("waits");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

// "cannot be written as Csv" leaked a Rust enum's name.
#[test]
fn query_format_errors_name_the_formats_as_typed() {
    let (code, _, err) = run_raw(&[
        "query",
        "--items",
        "exports",
        "--format",
        "csv",
        "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot be written as csv: use turtle, ntriples, rdfxml or jsonld"),
        "{err}"
    );
}

// Quotes showed raw Markdown (`"resolution [2364 \(2017\)"`).
#[test]
fn quotes_in_tables_show_no_markdown() {
    let (code, out, _) = run_raw(&["cited-by", "2364", "--graph", "exports"]);
    assert_eq!(code, 0);
    assert!(out.contains(r#"S/RES/2531 (2020)  resolution"#), "{out}");
    assert!(!out.contains('[') && !out.contains('\\'), "{out}");
}

// The resolver did not go through the gazetteer's aliases.
#[test]
fn references_resolve_through_gazetteer_labels() {
    let (code, out, err) = run_raw(&["actor", "Mali", "--graph", "exports"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Mali (state/mali, MemberState)"), "{out}");
    // An alias of the gazetteer that is no node's label: the United
    // Kingdom's long form.
    let (code, out, err) = run_raw(&[
        "actor",
        "United Kingdom of Great Britain and Northern Ireland",
        "--graph",
        "exports",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("United Kingdom (state/united-kingdom"),
        "{out}"
    );
}

// There was no question for votes: "who voted against in 2023?" and "how
// did China vote on S/2023/638?" needed SPARQL.
#[test]
fn votes_answer_by_member_document_year_and_position() {
    let (code, out, err) = run_raw(&["votes", "--position", "against", "--year", "2023"]);
    assert_eq!(code, 0, "{err}");
    util::golden("votes-against-2023.txt", &out);
    let (code, out, err) = run_raw(&["votes", "--member", "China", "--on", "S/2023/638", "--json"]);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{out}");
    let r = &rows[0];
    assert_eq!(
        (
            &r["member"],
            &r["position"],
            &r["on"],
            &r["outcome"],
            &r["date"]
        ),
        (
            &serde_json::json!("state/china"),
            &serde_json::json!("abstaining"),
            &serde_json::json!("S/2023/638"),
            &serde_json::json!("vetoed"),
            &serde_json::json!("2023-08-30")
        )
    );
    // The evidence quotes exactly its bytes.
    let ev = &r["evidence"];
    let bytes = util::read(&util::root().join(ev["file"].as_str().expect("file")));
    let (s, e) = (
        ev["start"].as_u64().expect("start") as usize,
        ev["end"].as_u64().expect("end") as usize,
    );
    assert_eq!(&bytes[s..e], ev["text"].as_str().expect("text").as_bytes());
    // A vote on a draft is a vote on the resolution it became; positions
    // take their everyday names.
    let (code, out, _) = run_raw(&["votes", "--on", "2531", "--position", "for", "--json"]);
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(rows.as_array().expect("rows").len(), 15);
    assert!(out.contains("\"resolution\": \"S/RES/2531 (2020)\""));
    // Nothing found: exit 1; a wrong position: exit 2 listing them.
    let (code, out, _) = run_raw(&["votes", "--year", "1999"]);
    assert_eq!(
        (code, out.as_str()),
        (
            1,
            "DATE  ON  MEMBER  POSITION  OUTCOME  QUOTE  EVIDENCE\n(0 votes)\n"
        )
    );
    let (code, _, err) = run_raw(&["votes", "--position", "veto"]);
    assert_eq!(code, 2);
    assert!(err.contains("in-favour, against, abstaining"), "{err}");
}
