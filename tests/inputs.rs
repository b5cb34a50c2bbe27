//! Bad and unusual inputs, end to end through the binary: one bad file never
//! stops the others, every problem is one line naming the file and the
//! reason, and the exit code is non-zero only when nothing could be read.

use crate::util::{self, Workdir};

const GOOD: &str = "France: draft resolution\n\nThe Security Council,\n\nRecalling its resolution 2374 (2017),\n\n1. Decides to extend the mandate;\n";

fn run_extract(args: &[&std::path::Path]) -> (i32, String, String) {
    let out = util::bin()
        .arg("extract")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_files_are_reported_and_skipped() {
    let w = Workdir::new();
    w.write("in/good.txt", GOOD.as_bytes());
    w.write("in/empty.txt", b"");
    w.write("in/blank.txt", b"  \n\n \t\n");
    w.write(
        "in/binary.txt",
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    );
    w.write("in/huge.txt", &vec![b'a'; 5000]);
    let mut latin1 =
        b"Lettre du Charg\xe9 d'affaires: S/2020/600\n\nThe Security Council,\n\n1. Decides;\n"
            .to_vec();
    latin1.extend_from_slice(b"\n");
    w.write("in/latin1.txt", &latin1);
    let out = util::bin()
        .args(["extract", "--max-bytes", "4000"])
        .arg(w.path("in"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let expect = [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("huge.txt", "exceeds the size limit of 4000 bytes"),
        ("latin1.txt", "read as Windows-1252"),
    ];
    for (file, reason) in expect {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("no warning for {file}:\n{stderr}"));
        assert!(line.contains(reason), "{file}: {line}");
        assert!(line.starts_with("unsc-kg: warning: "), "{line}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Both readable files produced items; the Latin-1 one quotes its text decoded.
    assert!(stdout.contains("good.txt"));
    assert!(stdout.contains("Charg\u{e9} d'affaires") || stdout.contains("latin1.txt"));
}

#[test]
fn nothing_readable_exits_non_zero() {
    let w = Workdir::new();
    let empty = w.write("empty.txt", b"");
    let (code, stdout, stderr) = run_extract(&[&empty]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("empty.txt: empty file"), "{stderr}");
    assert!(stderr.contains("no input could be read"), "{stderr}");
}

#[test]
fn missing_and_unreadable_paths_are_named() {
    let w = Workdir::new();
    let good = w.write("good.txt", GOOD.as_bytes());
    let missing = w.path("does-not-exist.txt");
    let (code, _, stderr) = run_extract(&[&missing, &good]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("does-not-exist.txt: cannot read"),
        "{stderr}"
    );
}

#[test]
fn truncated_and_odd_encodings_do_not_panic() {
    let w = Workdir::new();
    // A UTF-8 file cut in the middle of a multi-byte character.
    let mut cut =
        "Recalling its resolution 2374 (2017) and the Coordination des Mouvements de l’Azawad"
            .as_bytes()
            .to_vec();
    cut.truncate(cut.len() - 1);
    let truncated = w.write("truncated.txt", &cut);
    // UTF-16 with BOM.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in GOOD.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    let wide = w.write("utf16.txt", &utf16);
    // UTF-8 with BOM.
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(GOOD.as_bytes());
    let bom = w.write("bom.txt", &bom);
    let (code, stdout, stderr) = run_extract(&[&truncated, &wide, &bom]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for f in ["truncated.txt", "utf16.txt", "bom.txt"] {
        assert!(stdout.contains(f), "{f} yielded nothing");
    }
    // Offsets point into the raw bytes: for the BOM file every item's span
    // starts after the 3-byte mark and quotes the raw bytes.
    let raw = util::read(&bom);
    for line in stdout.lines().filter(|l| l.contains("bom.txt")) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert!(s >= 3);
        assert_eq!(&raw[s..e], v["text"].as_str().unwrap().as_bytes());
    }
}

#[test]
fn symlink_loops_are_detected() {
    let w = Workdir::new();
    w.write("docs/good.txt", GOOD.as_bytes());
    #[cfg(unix)]
    std::os::unix::fs::symlink(w.path("docs"), w.path("docs/loop")).expect("symlink");
    let (code, stdout, stderr) = run_extract(&[&w.path("docs")]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("symlink loop"), "{stderr}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.contains("\"kind\":\"document\""))
            .count(),
        1
    );
}

/// Runs `unsc-kg` with `args`, failing the test instead of hanging when it
/// does not finish within a minute.
fn run_bounded(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let mut child = util::bin()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("unsc-kg {args:?} did not finish within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn documents(stdout: &str) -> usize {
    stdout
        .lines()
        .filter(|l| l.contains("\"kind\":\"document\""))
        .count()
}

// Symlink "diamonds" were walked exponentially: 16 levels, 65,536 reads of one file.
#[cfg(unix)]
#[test]
fn symlink_diamonds_are_walked_once() {
    let w = Workdir::new();
    const LEVELS: usize = 16;
    w.write(&format!("d{LEVELS}/good.txt"), GOOD.as_bytes());
    for i in 0..LEVELS {
        std::fs::create_dir_all(w.path(&format!("d{i}"))).expect("mkdir");
        for side in ["a", "b"] {
            std::os::unix::fs::symlink(
                w.path(&format!("d{}", i + 1)),
                w.path(&format!("d{i}/{side}")),
            )
            .expect("symlink");
        }
    }
    let d0 = w.path("d0");
    let (code, stdout, stderr) = run_bounded(&["extract".as_ref(), d0.as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(documents(&stdout), 1, "{stderr}");
    // One warning per second link to a folder already walked.
    assert_eq!(stderr.matches("same folder as").count(), LEVELS, "{stderr}");
}

// A file reached by two paths (a symlink beside it) was read twice.
#[cfg(unix)]
#[test]
fn a_file_reached_twice_is_read_once() {
    let w = Workdir::new();
    let good = w.write("docs/good.txt", GOOD.as_bytes());
    std::os::unix::fs::symlink(&good, w.path("docs/link.txt")).expect("symlink");
    let docs = w.path("docs");
    let (code, stdout, stderr) = run_bounded(&["extract".as_ref(), docs.as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(documents(&stdout), 1, "{stderr}");
    assert!(stderr.contains("link.txt: same file as"), "{stderr}");
}

// A FIFO in an input folder blocked the run forever.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_skipped() {
    let w = Workdir::new();
    w.write("docs/good.txt", GOOD.as_bytes());
    let fifo = w.path("docs/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let docs = w.path("docs");
    let (code, stdout, stderr) = run_bounded(&["extract".as_ref(), docs.as_os_str()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(documents(&stdout), 1);
    assert!(
        stderr.contains("pipe.txt: a FIFO, not a regular file; skipped"),
        "{stderr}"
    );
}

// `/dev/zero` was read until memory ran out: `--max-bytes` trusted the reported size.
#[cfg(unix)]
#[test]
fn dev_zero_stops_at_max_bytes() {
    let w = Workdir::new();
    let good = w.write("good.txt", GOOD.as_bytes());
    let (code, stdout, stderr) = run_bounded(&[
        "extract".as_ref(),
        "--max-bytes".as_ref(),
        "4000".as_ref(),
        "/dev/zero".as_ref(),
        good.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(documents(&stdout), 1);
    assert!(
        stderr.contains("/dev/zero: more than 4000 bytes (the size limit); skipped"),
        "{stderr}"
    );
}

/// Each bad flag value of `build` and `extract`, and the words its error
/// must contain.
const BAD_FLAGS: &[(&[&str], &str)] = &[
    (
        &["--max-bytes", "0"],
        "must be between 1 and 1073741824 bytes",
    ),
    (
        &["--max-bytes", "1073741825"],
        "must be between 1 and 1073741824 bytes",
    ),
    (&["--max-bytes", "lots"], "is not a number of bytes"),
    (&["-j", "0"], "must be between 1 and 1024"),
    (&["-j", "100000"], "must be between 1 and 1024"),
    (&["--kind", "citations"], "possible values: document"),
];

// `-j 0`, huge thread counts, `--max-bytes 0` and unknown kinds were accepted.
#[test]
fn bad_flags_are_refused_with_a_reason() {
    let w = Workdir::new();
    let good = w.write("good.txt", GOOD.as_bytes());
    let out_dir = w.path("out");
    for (flags, reason) in BAD_FLAGS {
        for cmd in ["extract", "build"] {
            if cmd == "build" && flags[0] == "--kind" {
                continue;
            }
            let mut c = util::bin();
            c.arg(cmd).args(*flags).arg(&good);
            if cmd == "build" {
                c.arg("--out").arg(&out_dir);
            }
            let out = c.output().expect("runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{cmd} {flags:?}: {stderr}");
            assert!(stderr.contains(reason), "{cmd} {flags:?}: {stderr}");
        }
    }
    assert!(!out_dir.exists(), "a refused build wrote its folder");
}

// 10,000 nested Markdown links overflowed a worker's stack and aborted `build` (exit 134, temporary files left).
#[test]
fn ten_thousand_nested_links_do_not_abort_build() {
    let w = Workdir::new();
    let n = 10_000;
    let md = format!(
        "# Draft\n\nThe Security Council,\n\nRecalling {}resolution 2531 (2020){},\n",
        "[".repeat(n),
        "](https://undocs.org/S/RES/2531%282020%29)".repeat(n)
    );
    let input = w.write("nested.md", md.as_bytes());
    let out = w.path("out");
    let (code, _, stderr) = run_bounded(&[
        "build".as_ref(),
        "--quiet".as_ref(),
        "--no-rdf".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        input.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let jsonl = String::from_utf8(util::read(&out.join("extractions.jsonl"))).expect("utf-8");
    // The innermost anchor is the citation, confirmed by its link.
    assert!(
        jsonl.contains("\"target\":\"S/RES/2531 (2020)\"") && jsonl.contains("+link"),
        "{jsonl}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(w.path(""))
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// What the fuzzers found (fuzz/regressions/TARGET/): each input replayed
// through the same path, with the same property (no panic; every quote is the
// bytes of its span). The first: a 1.2 KB text that timed out under ASan.
#[test]
fn fuzz_findings_replay_cleanly() {
    const EXTENSIONS: &[&str] = &["txt", "md", "xml", "html", "htm", "TXT"];
    let inputs = util::sorted_files(&util::root().join("fuzz/regressions/extract_file"), None);
    assert!(!inputs.is_empty());
    let w = Workdir::new();
    for input in inputs {
        let data = util::read(&input);
        let Some((&pick, body)) = data.split_first() else {
            continue;
        };
        let ext = EXTENSIONS[pick as usize % EXTENSIONS.len()];
        let path = w.write(&format!("input.{ext}"), body);
        let Ok(fx) = unsc_kg::input::extract_file(&path, &Default::default()) else {
            continue;
        };
        let utf8 = std::str::from_utf8(body).is_ok() && !body.starts_with(&[0xEF, 0xBB, 0xBF]);
        for it in &fx.items {
            let ev = it.evidence();
            assert!(
                ev.start <= ev.end && ev.end <= body.len(),
                "{}",
                input.display()
            );
            if utf8 {
                assert_eq!(
                    &body[ev.start..ev.end],
                    ev.text.as_bytes(),
                    "{}",
                    input.display()
                );
            }
        }
    }
}
