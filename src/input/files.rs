//! Walking the inputs: files as given, folders recursively, keeping the
//! files whose extension a reader of the registry claims.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Collects the input files under the given paths: files as given, folders
/// walked recursively (sorted, symlink loops detected). Returns the files
/// and the warnings for paths that could not be walked.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        let mut seen = BTreeSet::new();
        walk(p, true, &mut files, &mut warnings, &mut seen);
    }
    (files, warnings)
}

fn walk(
    path: &Path,
    explicit: bool,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
    seen: &mut BTreeSet<PathBuf>,
) {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            warnings.push(format!("{}: cannot read: {e}", path.display()));
            return;
        }
    };
    if meta.is_dir() {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !seen.insert(canonical) {
            warnings.push(format!("{}: symlink loop, skipped", path.display()));
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                warnings.push(format!("{}: cannot read folder: {e}", path.display()));
                return;
            }
        };
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            if e.is_dir() {
                walk(&e, false, files, warnings, seen);
            } else if has_known_extension(&e) {
                files.push(e);
            }
        }
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        seen.remove(&canonical);
    } else if explicit || has_known_extension(path) {
        files.push(path.to_path_buf());
    }
}

fn has_known_extension(p: &Path) -> bool {
    super::by_extension(p).is_some()
}
