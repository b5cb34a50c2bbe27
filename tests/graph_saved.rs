//! The saved graph read in place (`src/graph/mapped.rs`): every question
//! answers as on the decoded graph, and a damaged file is an error naming
//! it, never a panic or a wrong answer from the damaged bytes.

use std::path::Path;

use unsc_kg::cmd;
use unsc_kg::graph::analysis::Direction;
use unsc_kg::graph::mapped::{SavedGraph, block_hash, reseal};
use unsc_kg::graph::read::GraphRead;
use unsc_kg::graph::{Graph, NodeKind, store};

use crate::util;

const FIXTURE: &str = "tests/testdata/graph/items.jsonl";

/// The questions asked of each graph: every document and paragraph walked
/// both ways to depth 1 and 3, chains between consecutive documents (and
/// from each to the most cited), `rank` for each document type, and
/// references as typed (fuzzy, ambiguous, unknown, of other kinds).
fn questions(g: &Graph) -> Vec<Vec<String>> {
    let mut q: Vec<Vec<String>> = Vec::new();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let docs: Vec<&str> =
        g.g.node_weights()
            .filter(|n| n.kind == NodeKind::Document)
            .map(|n| n.id.as_str())
            .collect();
    let paragraphs =
        g.g.node_weights()
            .filter(|n| n.kind == NodeKind::Paragraph)
            .map(|n| n.id.as_str())
            .step_by(7);
    for id in docs.iter().copied().chain(paragraphs) {
        for depth in ["1", "3"] {
            q.push(owned(&["cites", id, depth]));
            q.push(owned(&["cited-by", id, depth]));
        }
    }
    let top = unsc_kg::graph::read::documents_by_pagerank(g);
    let best = top
        .first()
        .map(|&n| g.g.node_weights().nth(n as usize).map(|d| d.id.as_str()));
    for pair in docs.windows(2).step_by(3) {
        q.push(owned(&["chain", pair[0], pair[1], "3"]));
        if let Some(Some(best)) = best {
            q.push(owned(&["chain", pair[0], best, "2"]));
        }
    }
    for kind in [
        "",
        "resolution",
        "draft_resolution",
        "letter",
        "report",
        "treaty",
    ] {
        q.push(owned(&["rank", kind]));
    }
    for typed in [
        "2531",
        "res 2374 (2017)",
        "S/RES/2531(2020)#op5",
        "s/2020/600",
        "S/2020",
        "MINUSMA",
        "G5 Sahel",
        "french",
        "xyzzy",
        "",
    ] {
        q.push(owned(&["cited-by", typed, "2"]));
        q.push(owned(&["chain", typed, "2374", "2"]));
    }
    q
}

/// One question's answer as text (the JSON report, or the error).
fn answer<G: GraphRead>(g: &G, q: &[String]) -> String {
    let json = |r: anyhow::Result<String>| r.unwrap_or_else(|e| format!("error: {e:#}"));
    match q[0].as_str() {
        "cites" | "cited-by" => {
            let dir = if q[0] == "cites" {
                Direction::Forward
            } else {
                Direction::Backward
            };
            json(
                cmd::cites::report(g, &q[1], q[2].parse().unwrap(), dir)
                    .map(|r| serde_json::to_string(&r).unwrap() + &cmd::cites::render(&r)),
            )
        }
        "chain" => json(
            cmd::chain::report(g, &q[1], &q[2], q[3].parse().unwrap())
                .and_then(|r| Ok(serde_json::to_string(&r).unwrap() + &cmd::chain::render(g, &r)?)),
        ),
        "rank" => {
            let kind = (!q[1].is_empty()).then_some(q[1].as_str());
            json(
                cmd::rank::report(g, kind, 1000)
                    .map(|r| serde_json::to_string(&r).unwrap() + &cmd::rank::render(&r)),
            )
        }
        other => panic!("no such question {other}"),
    }
}

/// Every question asked of `saved` answers as on `decoded`.
fn same_answers(decoded: &Graph, saved: &SavedGraph, what: &str) -> usize {
    let qs = questions(decoded);
    for q in &qs {
        assert_eq!(answer(saved, q), answer(decoded, q), "{what}: {q:?}");
    }
    qs.len()
}

// The in-place reader must answer exactly as the decoded graph does: on
// the bundled corpus's saved graph and on the graph fixture.
#[test]
fn saved_graph_read_in_place_answers_like_the_decoded_graph() {
    let exports = util::root().join("exports/graph.bin");
    let saved = SavedGraph::open(&exports).expect("exports/graph.bin opens");
    let decoded = store::load(&exports).expect("exports/graph.bin decodes");
    let n = same_answers(&decoded, &saved, "exports/graph.bin");
    assert!(n > 300, "only {n} questions");

    let fixture = store::load(&util::root().join(FIXTURE)).expect("fixture");
    let bytes = store::encode(&fixture);
    let saved = SavedGraph::in_memory(&bytes).expect("fixture encoded");
    // The decoded form is the fixture itself, whose answers the goldens pin.
    same_answers(&fixture, &saved, "fixture");
    assert_eq!(store::encode(&store::decode(&bytes).unwrap()), bytes);
}

/// The answers of a few questions that read the whole walk (for the
/// damage tests: cheap, and touching most of a small file).
fn probe<G: GraphRead>(g: &G) -> Vec<String> {
    [
        vec!["cited-by", "S/RES/2374 (2017)", "3"],
        vec!["cites", "S/RES/2531 (2020)", "3"],
        vec!["chain", "S/2021/610", "S/RES/2374 (2017)", "3"],
        vec!["rank", ""],
    ]
    .iter()
    .map(|q| answer(g, &q.iter().map(|s| s.to_string()).collect::<Vec<_>>()))
    .collect()
}

fn write(dir: &util::Workdir, bytes: &[u8]) -> std::path::PathBuf {
    dir.write("graph.bin", bytes)
}

fn names_the_file(e: &unsc_kg::error::Error, path: &Path) {
    let msg = e.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

// A graph file cut anywhere (a full disk, a copy interrupted) must be an
// error naming the file when it is opened, never a panic.
#[test]
fn truncated_saved_graph_is_an_error_naming_the_file() {
    let bytes = std::fs::read(util::root().join("exports/graph.bin")).unwrap();
    let wd = util::Workdir::new();
    let mut cuts: Vec<usize> = (0..bytes.len()).step_by(7919).collect();
    cuts.extend([
        0,
        1,
        7,
        8,
        255,
        256,
        4096,
        bytes.len() - 17,
        bytes.len() - 1,
    ]);
    for cut in cuts {
        let path = write(&wd, &bytes[..cut]);
        let e = SavedGraph::open(&path).expect_err(&format!("cut at {cut}"));
        names_the_file(&e, &path);
        assert!(store::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    // Through the command: exit 2 and the file's name.
    let path = write(&wd, &bytes[..bytes.len() / 2]);
    let out = util::bin()
        .args(["cited-by", "2531", "--graph"])
        .arg(&path)
        .current_dir(util::root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("graph.bin") && err.contains("truncated"),
        "{err}"
    );
}

// One flipped bit anywhere must give an error (when the question reads the
// damaged block) or the undamaged answer (when it does not); decoding the
// whole file checks every block and always fails.
#[test]
fn bit_flipped_saved_graph_is_an_error_or_the_same_answer() {
    let bytes = std::fs::read(util::root().join("exports/graph.bin")).unwrap();
    let good = probe(&SavedGraph::in_memory(&bytes).unwrap());
    let wd = util::Workdir::new();
    let (mut errors, mut same) = (0, 0);
    for (i, at) in (0..bytes.len()).step_by(3001).enumerate() {
        let mut bad = bytes.clone();
        bad[at] ^= 1 << (i % 8);
        assert!(store::decode(&bad).is_err(), "flip at byte {at} decoded");
        let path = write(&wd, &bad);
        match SavedGraph::open(&path) {
            Err(e) => {
                names_the_file(&e, &path);
                errors += 1;
            }
            Ok(g) => {
                for (got, want) in probe(&g).iter().zip(&good) {
                    if got.starts_with("error: ") {
                        assert!(got.contains("graph.bin"), "{got}");
                        errors += 1;
                    } else {
                        assert_eq!(got, want, "flip at byte {at}");
                        same += 1;
                    }
                }
            }
        }
    }
    assert!(errors > 0 && same > 0, "errors {errors}, same {same}");
}

// A graph.bin of the previous format (decoded, not mapped) must say to
// rebuild, not fail on its first record.
#[test]
fn saved_graph_of_an_older_format_says_to_rebuild() {
    let wd = util::Workdir::new();
    let path = write(&wd, b"UNSCKG\x03\n\x00\x00\x00");
    let e = SavedGraph::open(&path).unwrap_err().to_string();
    assert!(e.contains("format 3") && e.contains("unsc-kg build"), "{e}");
    let e = store::load(&path).unwrap_err().to_string();
    assert!(e.contains("format 3"), "{e}");
}

/// Where the data of a saved graph ends and its block table starts: the
/// last section's end.
fn data_end(bytes: &[u8]) -> usize {
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    word(16 + 16 * 14) + word(24 + 16 * 14)
}

/// [`reseal`] for damage that may have hit the header: the table is
/// where the undamaged file has it.
fn reseal_at(bad: &mut [u8], good: &[u8]) {
    let (head, _) = bad.split_at_mut(256);
    let saved = head.to_vec();
    head.copy_from_slice(&good[..256]);
    reseal(bad);
    bad[..256].copy_from_slice(&saved);
    // The header's own block, damaged, hashed again.
    let data = data_end(good);
    let h = block_hash(&bad[..4096.min(data)]);
    bad[data..data + 8].copy_from_slice(&h.to_le_bytes());
    let blocks = data.div_ceil(4096);
    let t = block_hash(&bad[data..data + 8 * blocks]);
    bad[data + 8 * blocks..data + 8 * blocks + 8].copy_from_slice(&t.to_le_bytes());
}

// The checksums must not be the only guard: a damaged file whose checksums
// agree (bytes of the fixture's file in turn set to 0xff or 0x00 or a bit
// of them flipped, then resealed) gives answers or errors, never a panic, a hang
// or an allocation the file does not justify.
#[test]
fn resealed_damaged_saved_graph_never_panics() {
    let fixture = store::load(&util::root().join(FIXTURE)).expect("fixture");
    let bytes = store::encode(&fixture);
    let data = data_end(&bytes);
    let mut sealed = bytes.clone();
    reseal(&mut sealed);
    assert_eq!(sealed, bytes, "reseal recomputes what the writer wrote");
    let (mut opened, mut answered) = (0, 0);
    // Every byte of the header, every 11th of the sections.
    for at in (0..256).chain((256..data).step_by(11)) {
        // One damage a byte, in turn.
        let damages: [fn(u8) -> u8; 4] = [|b| b ^ 0x01, |_| 0xff, |_| 0x00, |b| b ^ 0x80];
        {
            let f = damages[at % 4];
            let mut bad = bytes.clone();
            bad[at] = f(bad[at]);
            if bad[at] == bytes[at] {
                continue;
            }
            reseal_at(&mut bad, &bytes);
            let _ = store::decode(&bad);
            if let Ok(g) = SavedGraph::in_memory(&bad) {
                opened += 1;
                answered += probe(&g).iter().filter(|a| !a.starts_with("error")).count();
            }
        }
    }
    assert!(
        opened > 0 && answered > 0,
        "opened {opened}, answered {answered}"
    );
}

// What the `graph` fuzzer found (fuzz/regressions/graph/), replayed through
// the fuzz target's path. The first: a header whose last section ends near
// the top of the address space made `reseal` overflow while placing the
// block table ("attempt to add with overflow" in the fuzz build, which checks
// overflow; a release build wrapped and gave up further on).
#[test]
fn graph_fuzz_findings_replay_cleanly() {
    let inputs = util::sorted_files(&util::root().join("fuzz/regressions/graph"), None);
    assert!(!inputs.is_empty());
    for input in inputs {
        let mut data = util::read(&input);
        reseal(&mut data);
        if let Ok(g) = SavedGraph::in_memory(&data) {
            let _ = cmd::cites::report(&g, "S/RES/2531 (2020)", 2, Direction::Backward);
            let _ = cmd::rank::report(&g, None, 5);
        }
        if let Ok(g) = store::decode(&data) {
            let once = store::encode(&g);
            let again = store::decode(&once).expect("an encoded graph decodes");
            assert_eq!(store::encode(&again), once, "{}", input.display());
        }
    }
}
