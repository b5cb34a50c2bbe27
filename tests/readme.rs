//! The README's examples, run: every fenced `sh` block's `$ ` lines are
//! run from the repository root with `sh` (so pipes such as `| head -3`
//! work), `./target/release/unsc-kg` standing for the binary under test,
//! and what they print (standard output and error together, in order) is
//! compared with the lines that follow the command in the README, so that
//! README and output cannot drift apart.
//!
//! The syntax README examples follow:
//! - a ```` ```sh ```` block holds commands (lines starting with `$ `), each
//!   followed by its exact output; a block without `$ ` lines is not run;
//! - a line `...` in the output stands for any number of lines (none too),
//!   and `...` inside a line for any text on that line;
//! - examples that cannot run in a test (a server in the background, a
//!   RocksDB build, benchmarks) are fenced ```` ```console ````.
//!
//! An example must not write into the repository (`build --out exports`
//! would rewrite the pinned exports): write under `/tmp`.

use std::process::Command;

use crate::util;

/// One example: the line it starts on, the command, the expected output.
struct Example {
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The examples of `readme`, in order.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_sh = false;
    for (i, line) in readme.lines().enumerate() {
        if let Some(fence) = line.strip_prefix("```") {
            in_sh = !in_sh && fence.trim() == "sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Example {
                line: i + 1,
                command: cmd.to_string(),
                expected: Vec::new(),
            });
        } else if let Some(ex) = out.last_mut().filter(|_| in_sh) {
            ex.expected.push(line.to_string());
        }
    }
    out
}

/// Whether `actual` matches the pattern line `want` (`...` inside it
/// stands for any text).
fn line_matches(want: &str, actual: &str) -> bool {
    let parts: Vec<&str> = want.split("...").collect();
    if parts.len() == 1 {
        return want == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(at) => rest = &rest[at + mid.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Whether `actual` matches the pattern lines `want` (a line `...`
/// stands for any number of lines).
fn lines_match(want: &[String], actual: &[&str]) -> bool {
    match want.split_first() {
        None => actual.is_empty(),
        Some((w, rest)) if w == "..." => {
            (0..=actual.len()).any(|skip| lines_match(rest, &actual[skip..]))
        }
        Some((w, rest)) => {
            !actual.is_empty() && line_matches(w, actual[0]) && lines_match(rest, &actual[1..])
        }
    }
}

#[test]
fn elision_marks_match_lines_and_text() {
    let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert!(lines_match(&w(&["a", "...", "d"]), &["a", "b", "c", "d"]));
    assert!(lines_match(&w(&["a", "...", "b"]), &["a", "b"]));
    assert!(!lines_match(&w(&["a", "b"]), &["a", "b", "c"]));
    assert!(lines_match(
        &w(&["{\"id\":\"S/1\",...}"]),
        &["{\"id\":\"S/1\",\"x\":2}"]
    ));
    assert!(!lines_match(
        &w(&["{\"id\":\"S/2\",...}"]),
        &["{\"id\":\"S/1\",\"x\":2}"]
    ));
    assert!(line_matches("a...b...c", "a-b-c"));
    assert!(!line_matches("ab...ba", "aba"));
}

// The README had drifted from the output in 9 places (a triple count, the
// row `tail -1` gives, a missing warning ...).
#[test]
fn readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(util::root().join("README.md")).expect("README.md");
    let examples = examples(&readme);
    assert!(examples.len() >= 15, "{} examples", examples.len());
    let bin = env!("CARGO_BIN_EXE_unsc-kg");
    let mut failures = Vec::new();
    for ex in &examples {
        let command = ex.command.replace("./target/release/unsc-kg", bin);
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("{{ {command}\n}} 2>&1"))
            .current_dir(util::root())
            .output()
            .expect("sh runs");
        let text = String::from_utf8_lossy(&o.stdout);
        let actual: Vec<&str> = text.lines().collect();
        if !lines_match(&ex.expected, &actual) {
            failures.push(format!(
                "README.md:{}: $ {}\n--- README shows:\n{}\n--- the command prints:\n{}",
                ex.line,
                ex.command,
                ex.expected.join("\n"),
                text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
