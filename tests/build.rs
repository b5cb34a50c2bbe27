//! The main job end to end: the committed `exports/` is what `build
//! corpus/mali --out exports` produces, byte for byte, and bad output paths
//! fail cleanly.

use std::path::{Path, PathBuf};

use crate::util::{self, Workdir};

fn build_into(out: &Path) -> std::process::Output {
    util::build(&["corpus/mali", "--quiet"], out)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    crate::util::sorted_files(dir, None)
}

#[test]
fn committed_exports_match_a_fresh_build() {
    let w = Workdir::new();
    let out = w.path("exports");
    let o = build_into(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let committed = util::root().join("exports");
    let fresh: Vec<_> = files(&out)
        .iter()
        .map(|p| p.file_name().expect("name").to_owned())
        .collect();
    let old: Vec<_> = files(&committed)
        .iter()
        .map(|p| p.file_name().expect("name").to_owned())
        .collect();
    assert_eq!(
        fresh, old,
        "the set of export files differs: rerun the README's main command"
    );
    for name in fresh {
        let a = util::read(&out.join(&name));
        let b = util::read(&committed.join(&name));
        assert!(
            a == b,
            "exports/{} differs from a fresh build: rerun `cargo run --release -- build corpus/mali --out exports`",
            name.to_string_lossy()
        );
    }
}

#[test]
fn rdf_dumps_made_from_the_items_are_the_build_dumps() {
    // `query --dump` rebuilds the dumps from extractions.jsonl (files
    // taken together as `build` takes them): the same bytes.
    let w = Workdir::new();
    let out = w.path("dump");
    let o = util::bin()
        .current_dir(util::root())
        .args(["query", "--items", "exports/extractions.jsonl", "--dump"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (name, built) in [
        ("graph.ttl", util::root().join("exports")),
        ("ontology.ttl", util::root().join("exports")),
        ("graph.nq", util::full_build().to_path_buf()),
    ] {
        assert!(
            util::read(&out.join(name)) == util::read(&built.join(name)),
            "{name} from the items differs from the build's"
        );
    }
}

// The default build writes Turtle and the index, not N-Quads (issue #19:
// the same statements twice made the RDF 25 times the text); asking for
// N-Quads adds graph.nq and changes no other file but the index's header
// (which records the length of the graph.nq written with it).
#[test]
fn nquads_on_request_add_graph_nq_and_change_nothing_else() {
    let committed = util::root().join("exports");
    assert!(committed.join("graph.ttl").exists() && committed.join("graph.idx").exists());
    assert!(!committed.join("graph.nq").exists());
    assert_eq!(
        util::read(&committed.join("ontology.ttl")),
        util::read(&util::root().join("ontology/unsc.ttl")),
        "ontology.ttl is the vocabulary"
    );
    let full = util::full_build();
    let names = |dir: &Path| -> Vec<_> {
        files(dir)
            .iter()
            .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
            .collect()
    };
    let mut want = names(&committed);
    want.push("graph.nq".into());
    want.sort();
    assert_eq!(names(full), want);
    let header = unsc_kg::rdf::index::HEADER_LEN;
    for name in names(&committed) {
        let (a, b) = (
            util::read(&full.join(&name)),
            util::read(&committed.join(&name)),
        );
        if name == "graph.idx" {
            assert!(a.len() == b.len() && a[header..] == b[header..], "{name}");
        } else {
            assert!(a == b, "{name} differs when graph.nq is asked for too");
        }
    }
}

#[test]
fn one_rdf_dump_alone_is_the_same_file() {
    let w = Workdir::new();
    let out = w.path("ttl-only");
    let o = util::bin()
        .current_dir(util::root())
        .args([
            "build",
            "corpus/mali",
            "--quiet",
            "--rdf",
            "turtle",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("graph.nq").exists() && !out.join("graph.idx").exists());
    let committed = util::root().join("exports");
    for name in ["graph.ttl", "ontology.ttl", "summary.json", "edges.csv"] {
        assert!(
            util::read(&out.join(name)) == util::read(&committed.join(name)),
            "{name} differs from the full build's"
        );
    }
    let o = util::bin()
        .current_dir(util::root())
        .args(["build", "corpus/mali", "--rdf", "rdfxml", "--out"])
        .arg(w.path("bad"))
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("rdfxml"));
    assert!(!w.path("bad").exists());
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let w = Workdir::new();
    let a = w.path("a");
    let b = w.path("b");
    assert!(build_into(&a).status.success());
    util::build_ok(&["corpus/mali", "--quiet", "-j", "1"], &b);
    for p in files(&a) {
        let name = p.file_name().expect("name");
        assert_eq!(
            util::read(&p),
            util::read(&b.join(name)),
            "{}",
            name.to_string_lossy()
        );
    }
}

#[test]
fn bad_output_paths_fail_cleanly_and_write_nothing() {
    let w = Workdir::new();
    let file = w.write("not-a-folder", b"user data");
    for (out, reason) in [
        (file.clone(), "not a folder"),
        (file.join("exports"), "not a folder"),
    ] {
        let o = build_into(&out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{}: {stderr}", out.display());
        assert!(
            stderr.contains(&*out.to_string_lossy()) || stderr.contains("not-a-folder"),
            "{stderr}"
        );
        assert!(stderr.contains(reason), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // The file that stood where a folder was expected is untouched.
    assert_eq!(util::read(&file), b"user data");
}

// `build --out a/b` failed when `a` did not exist; when nothing can be read
// the folders made for the output go again.
#[test]
fn missing_parent_folders_are_made_and_removed_when_nothing_is_read() {
    let w = Workdir::new();
    let empty = w.write("empty.txt", b"");
    let o = util::bin()
        .args(["build", "--quiet", "--out"])
        .arg(w.path("missing/parent/exports"))
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    assert!(!w.path("missing").exists());
    let out = w.path("made/parent/exports");
    assert!(build_into(&out).status.success());
    assert!(out.join("graph.bin").is_file());
}

#[test]
fn a_failed_build_leaves_previous_exports_whole() {
    let w = Workdir::new();
    let out = w.path("exports");
    assert!(build_into(&out).status.success());
    let before: Vec<_> = files(&out).iter().map(|p| util::read(p)).collect();
    // Nothing readable: the run stops before writing.
    let empty = w.write("empty.txt", b"");
    let o = util::bin()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&empty)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let after: Vec<_> = files(&out).iter().map(|p| util::read(p)).collect();
    assert_eq!(before, after);
    // No temporary files are left behind.
    assert!(
        files(&out)
            .iter()
            .all(|p| !p.to_string_lossy().ends_with(".tmp"))
    );
}

/// Records the stages and steps `build` reports.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<(String, u64, Vec<String>)>>);

impl unsc_kg::pipeline::Progress for Recorder {
    fn stage(&self, name: &'static str, steps: u64) {
        self.0
            .lock()
            .expect("lock")
            .push((name.to_string(), steps, Vec::new()));
    }
    fn step(&self, what: &str) {
        if let Some(last) = self.0.lock().expect("lock").last_mut() {
            last.2.push(what.to_string());
        }
    }
}

// The bar was a bare file counter with two silent seconds while the exports
// were written: the stages are named, and every file written is a step.
#[test]
fn build_reports_named_stages_and_each_file_written() {
    let w = Workdir::new();
    let out = w.path("exports");
    let rec = Recorder::default();
    let mut warned = Vec::new();
    let job = unsc_kg::pipeline::BuildJob {
        paths: &[util::root().join("corpus/mali")],
        input: &unsc_kg::input::Options::default(),
        threads: 1,
        rdf: unsc_kg::rdf::dump::Formats::BOTH,
        gzip: false,
        gazetteer: util::gazetteer(),
    };
    let built = unsc_kg::pipeline::build(&out, &job, &rec, &mut |kind, message| {
        warned.push((kind.to_string(), message.to_string()))
    })
    .expect("builds")
    .expect("reads");
    let stages = rec.0.into_inner().expect("lock");
    let names: Vec<(&str, u64, usize)> = stages
        .iter()
        .map(|(n, steps, done)| (n.as_str(), *steps, done.len()))
        .collect();
    assert_eq!(
        names,
        [("extract", 5, 5), ("graph", 1, 1), ("exports", 13, 13)]
    );
    // Every file in the folder but extractions.jsonl and warnings.jsonl
    // (written as extraction goes) is a step of its own (the graph stage's
    // one step, the graph built, names no file).
    let mut steps: Vec<String> = stages[1..]
        .iter()
        .flat_map(|s| s.2.iter().filter(|w| !w.is_empty()).cloned())
        .collect();
    steps.extend([
        "extractions.jsonl".to_string(),
        "warnings.jsonl".to_string(),
    ]);
    steps.sort();
    // summary.json is written with the exports, then again with the
    // triple count once the dumps are done: two steps.
    steps.dedup();
    let mut written: Vec<String> = files(&out)
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(steps, written);
    assert_eq!(built.written, written.len());
    // Every warning is in warnings.jsonl, with its kind and evidence.
    assert_eq!(
        warned.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["citation.warning", "vote.list_separator"]
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(util::read(&out.join("warnings.jsonl")))
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), warned.len());
    for (line, (kind, message)) in lines.iter().zip(&warned) {
        assert_eq!(
            (&line["kind"], &line["message"]),
            (&serde_json::json!(kind), &serde_json::json!(message))
        );
        assert!(line["start"].is_u64() && line["text"].is_string(), "{line}");
    }
}

// Every warning was printed (67 lines for 20 MB), with no summary.
#[test]
fn warnings_are_summarised_by_kind_with_the_first_few() {
    let w = Workdir::new();
    let empty = w.write("in/a-empty.txt", b"");
    w.write("in/b-empty.txt", b"  \n");
    let out = w.path("exports");
    let o = util::bin()
        .current_dir(util::root())
        .args(["build", "--quiet", "--no-rdf", "corpus/mali/S-2017-558.txt"])
        .arg(empty.parent().expect("folder"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let summary: Vec<&str> = err.lines().skip(1).collect();
    assert_eq!(
        summary[0],
        format!(
            "unsc-kg: 3 warnings by kind, every one in {}:",
            out.join("warnings.jsonl").display()
        )
    );
    assert_eq!(
        summary[1].split_whitespace().collect::<Vec<_>>(),
        ["citation.warning", "1"]
    );
    assert!(summary[2].ends_with(
        "resolution number and year disagree: 2242 (2016); resolution 2242 was adopted in 2015, cited as S/RES/2242 (2015)"
    ));
    assert_eq!(
        summary[3].split_whitespace().collect::<Vec<_>>(),
        ["input", "2"]
    );
    assert!(summary[4].ends_with("a-empty.txt: empty file"), "{err}");
    let lines = String::from_utf8(util::read(&out.join("warnings.jsonl"))).expect("utf-8");
    assert_eq!(lines.lines().count(), 3);
    assert!(lines.contains(r#""kind":"input","message":""#), "{lines}");
}

/// A process id that no running process has (for names of killed runs).
fn dead_pid() -> u32 {
    (4_000_000..4_194_304)
        .find(|p| !Path::new(&format!("/proc/{p}")).exists())
        .expect("a free pid")
}

// Killed builds left `.NAME.PID.tmp` files (and staging folders) that no later run removed.
#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_killed_builds_are_removed_and_user_files_kept() {
    let w = Workdir::new();
    let out = w.path("exports");
    let pid = dead_pid();
    w.write(&format!("exports/.graph.nq.{pid}.tmp"), b"half a dump");
    w.write(&format!("exports/.{pid}.tmp"), b"not ours: no name");
    w.write("exports/notes.txt", b"the user's notes");
    w.write("exports/keep/inner.txt", b"the user's folder");
    w.write(
        &format!(".exports.staging.{pid}/graph.bin"),
        b"half a build",
    );
    let o = build_into(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join(format!(".graph.nq.{pid}.tmp")).exists());
    assert!(!w.path(&format!(".exports.staging.{pid}")).exists());
    // Only our exact name pattern is removed; the user's files stay.
    assert!(out.join(format!(".{pid}.tmp")).exists());
    assert_eq!(util::read(&out.join("notes.txt")), b"the user's notes");
    assert_eq!(
        util::read(&out.join("keep/inner.txt")),
        b"the user's folder"
    );
    assert!(out.join("graph.bin").exists());
    let left: Vec<_> = std::fs::read_dir(w.path(""))
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("exports")], "{left:?}");
}

// A build killed between its two renames left no output folder: the next run puts the previous one back.
#[cfg(target_os = "linux")]
#[test]
fn a_build_killed_mid_swap_is_recovered() {
    let w = Workdir::new();
    let out = w.path("exports");
    let pid = dead_pid();
    w.write(
        &format!(".exports.old.{pid}/notes.txt"),
        b"the user's notes",
    );
    w.write(&format!(".exports.old.{pid}/graph.bin"), b"old graph");
    let o = build_into(&out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(util::read(&out.join("notes.txt")), b"the user's notes");
    assert_ne!(util::read(&out.join("graph.bin")), b"old graph");
    assert!(!w.path(&format!(".exports.old.{pid}")).exists());
}

// A killed build could leave the folder with some new files and some old.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_files_of_one_run() {
    let w = Workdir::new();
    let out = w.path("exports");
    // The previous run: a small input.
    let small = w.write("small/good.txt", b"France: draft resolution\n\nThe Security Council,\n\nRecalling its resolution 2374 (2017),\n\n1. Decides to extend the mandate;\n");
    let o = util::bin()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&small)
        .output()
        .expect("runs");
    assert!(o.status.success());
    let before: Vec<_> = files(&out).iter().map(|p| util::read(p)).collect();
    for delay_ms in [50, 150, 400] {
        let mut child = util::bin()
            .current_dir(util::root())
            .args(["build", "corpus/mali", "--quiet", "--out"])
            .arg(&out)
            .spawn()
            .expect("spawns");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        let now: Vec<_> = files(&out).iter().map(|p| util::read(p)).collect();
        let fresh = || {
            let fresh = w.path("fresh");
            assert!(build_into(&fresh).status.success());
            files(&fresh)
                .iter()
                .map(|p| util::read(p))
                .collect::<Vec<_>>()
        };
        if status.success() {
            // It finished first: the folder is the whole new run.
            assert_eq!(now, fresh());
            return;
        }
        // Killed before the swap: the previous run. Killed after it (while
        // the set-aside folder is removed, or on the way out): the whole
        // new run, which a build may reach in 150 ms on a quiet machine.
        if now != before {
            assert_eq!(now, fresh(), "killed after {delay_ms} ms: neither run");
            return;
        }
    }
}

/// `--gzip`: the item streams, the RDF dumps and the exports of rows are
/// written compressed, each the plain build's bytes once decompressed; the
/// files read in place stay as they are; `query` (on the index and rebuilt
/// from the items), `votes` and `cited-by` read the folder as they read a
/// plain one; a plain build into it leaves no compressed file behind, and
/// the user's own files stay.
#[test]
fn gzip_builds_say_the_same_in_fewer_bytes_and_every_command_reads_them() {
    use std::io::Read;
    let w = Workdir::new();
    let (plain, gz) = (w.path("plain"), w.path("gz"));
    util::build_ok(&["corpus/mali", "--quiet"], &plain);
    util::build_ok(&["corpus/mali", "--quiet", "--gzip"], &gz);
    let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
    let compressed: Vec<String> = files(&gz)
        .iter()
        .map(name)
        .filter(|n| n.ends_with(".gz"))
        .collect();
    let mut expected: Vec<String> = unsc_kg::pipeline::gzipped_outputs()
        .filter(|n| plain.join(n).exists())
        .map(|n| format!("{n}.gz"))
        .collect();
    expected.sort();
    assert_eq!(compressed, expected);
    for n in files(&plain).iter().map(name) {
        let want = util::read(&plain.join(&n));
        let zipped = gz.join(format!("{n}.gz"));
        if expected.contains(&format!("{n}.gz")) {
            assert!(!gz.join(&n).exists(), "{n} written plain too");
            let bytes = util::read(&zipped);
            // Text of any size compresses (a file of a few lines less so).
            assert!(
                bytes.len() * 3 < want.len() || want.len() < 1 << 16,
                "{n}: {} of {} bytes",
                bytes.len(),
                want.len()
            );
            let mut got = Vec::new();
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut got)
                .unwrap();
            assert!(got == want, "{n}.gz is not {n}");
        } else {
            assert!(util::read(&gz.join(&n)) == want, "{n} differs");
        }
    }
    let run = |args: &[&str]| {
        let o = util::bin().args(args).output().expect("runs");
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    for dir in [&plain, &gz] {
        let d = dir.to_str().unwrap();
        let (indexed, said) = run(&["query", count, "--items", d]);
        assert_eq!(said, "", "the index is opened without a word");
        let (rebuilt, _) = run(&["query", count, "--items", d, "--no-snapshot"]);
        assert_eq!(indexed, rebuilt);
    }
    let both = |args: &[&str], flag: &str| {
        let with = |d: &Path| {
            let mut a: Vec<&str> = args.to_vec();
            a.extend([flag, d.to_str().unwrap()]);
            run(&a).0
        };
        assert_eq!(with(&plain), with(&gz), "{args:?}");
    };
    both(&["votes"], "--items");
    both(
        &["cited-by", "S/RES/2364 (2017)", "--depth", "2"],
        "--graph",
    );
    // Compressed bytes are as deterministic as the plain ones (no time in
    // the gzip header), whatever the thread count.
    let again = w.path("gz-again");
    util::build_ok(&["corpus/mali", "--quiet", "--gzip", "-j", "1"], &again);
    for n in files(&gz).iter().map(name) {
        assert!(
            util::read(&gz.join(&n)) == util::read(&again.join(&n)),
            "{n} differs between runs"
        );
    }
    // A plain build into the folder: no compressed copy stays beside the
    // new files, and a file of the user's does.
    std::fs::write(gz.join("notes.txt"), "mine").unwrap();
    util::build_ok(&["corpus/mali", "--quiet"], &gz);
    let left: Vec<String> = files(&gz).iter().map(name).collect();
    assert!(!left.iter().any(|n| n.ends_with(".gz")), "{left:?}");
    assert!(left.contains(&"notes.txt".to_string()));
}
