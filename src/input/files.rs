//! Walking the inputs: files as given, folders recursively, keeping the
//! regular files whose extension a reader of the registry claims. Each real
//! folder and file is reached once, however many links lead to it.

use std::path::{Path, PathBuf};

/// Collects the input files under the given paths: files as given, folders
/// walked recursively in sorted order. Each real folder is walked once and
/// each real file listed once, however many symlinks or bind mounts lead to
/// it (a chain of symlink "diamonds" would otherwise be walked
/// exponentially), so symlink loops end too. Inside folders only regular
/// files are listed: a FIFO, socket or device is skipped with a warning
/// (reading a FIFO would block forever). A path named on the command line
/// is listed whatever its type (`/dev/stdin`, a process substitution), and
/// [`read_file`] caps what it reads. Returns the files and the warnings for
/// paths that could not be walked.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut walk = Walk::default();
    for p in paths {
        walk.path(p, true);
    }
    (walk.files, walk.warnings)
}

/// The state of one walk over the inputs.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    warnings: Vec<String>,
    /// The real folders and files already reached, with the path they were
    /// first reached by.
    seen: std::collections::HashMap<FileId, PathBuf>,
}

/// What identifies a file or folder whatever path leads to it: device and
/// inode on Unix, the canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path, meta: &std::fs::Metadata) -> FileId {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = path;
        FileId::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

/// What kind of special file a file type is, for warnings.
fn special_kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    let _ = ft;
    "not a regular file"
}

impl Walk {
    /// Lists `path`: a folder is walked, a file listed (any file when
    /// `explicit`, regular files with a known extension otherwise).
    fn path(&mut self, path: &Path, explicit: bool) {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                self.warnings
                    .push(format!("{}: cannot read: {e}", path.display()));
                return;
            }
        };
        let is_dir = meta.is_dir();
        if !is_dir && !explicit && !has_known_extension(path) {
            return;
        }
        if !is_dir && !explicit && !meta.is_file() {
            let kind = special_kind(meta.file_type());
            self.warnings.push(format!(
                "{}: {kind}, not a regular file; skipped",
                path.display()
            ));
            return;
        }
        let id = file_id(path, &meta);
        if let Some(first) = self.seen.get(&id) {
            let what = if is_dir { "folder" } else { "file" };
            self.warnings.push(format!(
                "{}: same {what} as {} (a symlink loop or a second link to it); skipped",
                path.display(),
                first.display()
            ));
            return;
        }
        self.seen.insert(id, path.to_path_buf());
        if !is_dir {
            self.files.push(path.to_path_buf());
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                self.warnings
                    .push(format!("{}: cannot read folder: {e}", path.display()));
                return;
            }
        };
        entries.sort();
        for e in entries {
            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            self.path(&e, false);
        }
    }
}

fn has_known_extension(p: &Path) -> bool {
    super::by_extension(p).is_some()
}
