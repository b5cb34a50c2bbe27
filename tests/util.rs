//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The gazetteer the items of the tests are extracted with (the embedded
/// one: no test installs another in this process), for the RDF layer.
pub fn gazetteer() -> &'static unsc_kg::extract::actors::gazetteer::Gazetteer {
    unsc_kg::extract::actors::gazetteer::get()
}

/// A corpus file by its path under `corpus/`.
pub fn corpus(rel: &str) -> PathBuf {
    root().join("corpus").join(rel)
}

/// The built binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unsc-kg"))
}

/// Runs `unsc-kg build ARGS --out OUT` from the repository root, so that
/// corpus paths given relative to it (as in the README) give the evidence
/// paths of the committed exports.
pub fn build(args: &[&str], out: &Path) -> std::process::Output {
    bin()
        .current_dir(root())
        .arg("build")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs")
}

/// [`build`], which must succeed (its stderr is the failure message).
pub fn build_ok(args: &[&str], out: &Path) {
    let o = build(args, out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The README's main command with every RDF output asked for (`build
/// corpus/mali --rdf nquads,turtle,index`), run once for the whole test
/// binary into a folder under cargo's `target/tmp` (kept: every test may
/// still read it when the first is done): what the tests that read
/// `graph.nq` read, now that the committed `exports/` (the default build)
/// has none.
pub fn full_build() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        // Those of earlier test runs go once they are a day old (a run
        // still going may be reading its own).
        for e in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600);
            if old && e.file_name().to_string_lossy().starts_with("full-build-") {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let dir = tempfile::Builder::new()
            .prefix("full-build-")
            .tempdir_in(tmp)
            .expect("tempdir")
            .keep();
        let out = dir.join("exports");
        build_ok(
            &["corpus/mali", "--quiet", "--rdf", "nquads,turtle,index"],
            &out,
        );
        out
    })
}

/// A fresh temporary folder for one test.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }
}

/// Compares `actual` with the golden file `tests/golden/<name>`; with
/// `UPDATE_GOLDEN=1` rewrites it instead.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {} (run with UPDATE_GOLDEN=1)",
            path.display()
        )
    });
    if expected != actual {
        let diff_line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n expected: {:?}\n actual:   {:?}\n(run with UPDATE_GOLDEN=1 to accept)",
            path.display(),
            diff_line + 1,
            expected.lines().nth(diff_line),
            actual.lines().nth(diff_line)
        );
    }
}

/// Reads a file as bytes.
pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The files of a folder, sorted; only those ending in `.ext` when given.
pub fn sorted_files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect();
    files.sort();
    files
}
