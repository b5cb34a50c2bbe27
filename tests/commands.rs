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
    assert_eq!(all, util::read(&util::root().join("exports/graph.nq")));
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
