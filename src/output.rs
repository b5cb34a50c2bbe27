//! Writing outputs atomically, and nothing else: every file goes to a
//! temporary file in the target folder and is renamed into place, so an
//! interrupted run leaves the previous outputs whole; [`write_folder`]
//! writes a whole folder beside the target and swaps it in (`swap_in`),
//! so the folder always holds the files of one run. Temporary files and
//! folders are named after the process that made them, and what dead
//! processes left is removed by the next run ([`remove_stale`]).
//!
//! This module knows files and folders, not what goes in them: the build
//! that fills the folder is the `pipeline` module, and the graph and the
//! exports write through [`write_atomic_with`] from below it.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams a file to `path` atomically: `fill` writes into a buffered
/// temporary file in the target folder, which is renamed into place once
/// `fill` succeeds and the data is on disk. On any error the temporary file
/// is removed and the previous file (if any) is left untouched.
pub fn write_atomic_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<T>,
) -> Result<T> {
    let mut file = AtomicFile::create(path)?;
    let value = fill(&mut file).map_err(|e| write_error(e, path))?;
    file.commit()?;
    Ok(value)
}

/// A file written atomically: the bytes go to a buffered temporary file in
/// the target folder, renamed to `path` by [`AtomicFile::commit`] once on
/// disk. Dropped without a commit (an error, a panic), the temporary file
/// is removed and whatever `path` held is left as it was. Write errors name
/// the file (see [`write_error`]). A `path` ending in `.gz` is written
/// gzip-compressed.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<Sink>,
}

/// Where an [`AtomicFile`]'s bytes go: the buffered file, or a gzip stream
/// into it when the file's name ends in `.gz` ([`gzipped`]).
enum Sink {
    Plain(BufWriter<WriteBehind>),
    Gzip(Box<flate2::write::GzEncoder<BufWriter<WriteBehind>>>),
}

/// A file that asks the kernel to start writing its bytes to disk every
/// [`WriteBehind::EVERY`] bytes, without waiting for it (Linux's
/// `sync_file_range(SYNC_FILE_RANGE_WRITE)`; elsewhere nothing), so that
/// the sync before a file is renamed into place finds most of it written
/// instead of all of it: a build writes hundreds of megabytes (2.9 GB for
/// 100 MB of text) and used to wait for the disk at its end
/// (benches/README.md, "Issue 19: the disk written behind, the terms
/// ranked by their keys"). A hint only: an error here is ignored, the
/// sync reports the disk's.
struct WriteBehind {
    file: std::fs::File,
    /// Bytes written to the file.
    written: u64,
    /// Bytes whose write-out was asked for.
    asked: u64,
}

impl WriteBehind {
    const EVERY: u64 = 16 << 20;

    fn new(file: std::fs::File) -> WriteBehind {
        WriteBehind {
            file,
            written: 0,
            asked: 0,
        }
    }

    #[cfg(target_os = "linux")]
    fn ask(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: a plain system call on a file descriptor this value owns,
        // with no memory passed.
        unsafe {
            libc::sync_file_range(
                self.file.as_raw_fd(),
                self.asked as libc::off64_t,
                (self.written - self.asked) as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
        self.asked = self.written;
    }

    #[cfg(not(target_os = "linux"))]
    fn ask(&mut self) {
        self.asked = self.written;
    }
}

impl Write for WriteBehind {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.asked >= Self::EVERY {
            self.ask();
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Sink {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => w,
        }
    }

    /// Ends the stream (the gzip trailer) and gives the file back, flushed.
    fn finish(self) -> std::io::Result<std::fs::File> {
        let buffered = match self {
            Sink::Plain(w) => w,
            Sink::Gzip(w) => (*w).finish()?,
        };
        Ok(buffered.into_inner().map_err(|e| e.into_error())?.file)
    }
}

/// The suffix of the files [`AtomicFile`] writes gzip-compressed.
const GZIP_SUFFIX: &str = ".gz";

/// Whether `path` names a gzip-compressed file (`….gz`): what
/// [`AtomicFile`] writes compressed, and readers decompress.
pub fn is_gzipped(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(GZIP_SUFFIX))
}

/// `name`, or `name.gz` when `gzip` is asked: the name of an output that
/// `build --gzip` compresses.
pub fn gzipped(name: &str, gzip: bool) -> std::borrow::Cow<'_, str> {
    if gzip {
        format!("{name}{GZIP_SUFFIX}").into()
    } else {
        name.into()
    }
}

impl AtomicFile {
    /// Starts writing `path`; its folder must exist.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let err = |source| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not a folder", dir.display()),
            )));
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        remove_stale(dir, &format!(".{name}."), ".tmp");
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).map_err(err)?;
        let buffered = BufWriter::with_capacity(1 << 20, WriteBehind::new(file));
        // Level 1: the text outputs shrink 4 to 8 times, at a fraction of
        // the cost of the default level (benches/README.md).
        let out = if is_gzipped(path) {
            Sink::Gzip(Box::new(flate2::write::GzEncoder::new(
                buffered,
                flate2::Compression::fast(),
            )))
        } else {
            Sink::Plain(buffered)
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            out: Some(out),
        })
    }

    /// Flushes, syncs and renames the file into place. In a folder that
    /// [`write_folder`] is filling, nobody sees the file before the folder
    /// is swapped in: it is renamed at once and synced on a thread of its
    /// own, which `write_folder` waits for before the swap ([`Filling`]),
    /// so that the thread that wrote it goes on with its next task instead
    /// of waiting for the disk.
    pub fn commit(mut self) -> Result<()> {
        let result = (|| {
            let Some(w) = self.out.take() else {
                return Ok(());
            };
            let f = w.finish()?;
            match Filling::of(&self.path) {
                Some(filling) => {
                    std::fs::rename(&self.tmp, &self.path)?;
                    filling.sync_later(self.path.clone(), f);
                    Ok(())
                }
                None => {
                    f.sync_all()?;
                    std::fs::rename(&self.tmp, &self.path)
                }
            }
        })();
        result.map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }

    fn named(&self, e: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            e.kind(),
            Error::Write {
                path: self.path.clone(),
                source: e,
            },
        )
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.out {
            Some(w) => w.writer().write(buf).map_err(|e| self.named(e)),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.out {
            Some(w) => w.writer().write_all(buf).map_err(|e| self.named(e)),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(w) => w.writer().flush().map_err(|e| self.named(e)),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() || self.tmp.exists() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// The error of a failed write to `path`: the [`Error::Write`] an
/// [`AtomicFile`] put inside `e` when it has one (naming the file that
/// failed), else one naming `path`.
pub fn write_error(e: std::io::Error, path: &Path) -> Error {
    let other = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        return other(e);
    }
    let kind = e.kind();
    match e.into_inner().map(|inner| inner.downcast::<Error>()) {
        Some(Ok(ours)) => *ours,
        Some(Err(inner)) => other(std::io::Error::new(kind, inner)),
        None => other(kind.into()),
    }
}

/// Whether the process `pid` may still be running. Where `/proc` is
/// mounted it says; elsewhere every process is taken as alive (nothing of
/// another run is removed then, only what is a day old).
fn may_be_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        proc.join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes from `dir` what earlier runs that were killed left: the entries
/// named exactly `{prefix}{PID}{suffix}` (a file or a folder) whose process
/// is gone, or that are more than a day old. Only names of that exact
/// pattern are touched, never this process's own. Failures are ignored
/// (the next run tries again).
pub fn remove_stale(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    let day = std::time::Duration::from_secs(24 * 3600);
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|n| n.strip_suffix(suffix))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > day));
        if pid == me || (may_be_alive(pid) && !old) {
            continue;
        }
        let path = e.path();
        let _ = if e.file_type().is_ok_and(|t| t.is_dir()) {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// The folder [`write_folder`] fills before [`swap_in`] moves it to `dir`, and the
/// name the previous `dir` has while the swap happens: both beside `dir`
/// (same file system, so renames are atomic), named after `dir` and this
/// process.
fn staging_paths(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf, String)> {
    let err = |msg: String| Error::Write {
        path: dir.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, msg),
    };
    // `.`, `..` or a path ending in them: name the folder itself.
    let real = if dir.file_name().is_none() {
        std::fs::canonicalize(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?
    } else {
        dir.to_path_buf()
    };
    let name = real
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| err("the output folder needs a (UTF-8) name".into()))?
        .to_string();
    let parent = real
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging.{pid}"));
    let old = parent.join(format!(".{name}.old.{pid}"));
    Ok((parent, staging, old, name))
}

/// Cleans up after killed builds of `dir`: a previous folder that a build
/// killed in the middle of its swap left aside is put back (when `dir` is
/// missing), then the staging and set-aside folders of dead processes are
/// removed.
fn recover(dir: &Path, parent: &Path, name: &str) {
    let old_prefix = format!(".{name}.old.");
    if !dir.exists()
        && let Ok(entries) = std::fs::read_dir(parent)
    {
        let mut aside: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| {
                e.file_name().to_str().is_some_and(|n| {
                    n.strip_prefix(&old_prefix)
                        .and_then(|p| p.parse::<u32>().ok())
                        .is_some_and(|p| !may_be_alive(p))
                })
            })
            .map(|e| e.path())
            .collect();
        aside.sort();
        if let Some(last) = aside.pop() {
            let _ = std::fs::rename(last, dir);
        }
    }
    remove_stale(parent, &format!(".{name}.staging."), "");
    remove_stale(parent, &old_prefix, "");
    remove_stale_tmp(dir);
}

/// Removes the temporary files (`.NAME.PID.tmp`) that killed runs left in
/// `dir`, by the rule of [`remove_stale`].
pub fn remove_stale_tmp(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| {
            let (name, pid) = n
                .strip_prefix('.')?
                .strip_suffix(".tmp")?
                .rsplit_once('.')?;
            pid.parse::<u32>().ok().map(|_| format!(".{name}."))
        })
        .collect();
    names.sort();
    names.dedup();
    for prefix in names {
        remove_stale(dir, &prefix, ".tmp");
    }
}

/// Moves the finished `staging` folder to `dir`. What `dir` held that the
/// build does not write (a README, the user's own files) is carried into
/// `staging` first (hard links, or copies across devices), except the files
/// named in `replaced`: outputs a build writes only under some options
/// (`graph.nq` ...), whose copy from an earlier run would describe another
/// run. Then `dir` is
/// renamed aside to `old`, `staging` renamed to `dir`, and `old` removed:
/// a reader sees the previous folder whole, then (between two renames) no
/// folder, then the new one whole; a build killed between the renames
/// leaves `old`, which the next build puts back.
fn swap_in(staging: &Path, dir: &Path, old: &Path, replaced: &[&str]) -> Result<()> {
    let err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if dir.exists() {
        for e in std::fs::read_dir(dir).map_err(err(dir))?.flatten() {
            let to = staging.join(e.file_name());
            if to.exists()
                || e.file_type().is_ok_and(|t| t.is_dir())
                || replaced.iter().any(|r| e.file_name() == *r)
            {
                // Ours (the new run's), an earlier run's output this run
                // did not write, or a folder: folders are moved whole after
                // the swap.
                continue;
            }
            std::fs::hard_link(e.path(), &to)
                .or_else(|_| std::fs::copy(e.path(), &to).map(|_| ()))
                .map_err(err(&to))?;
        }
        std::fs::rename(dir, old).map_err(err(dir))?;
    }
    std::fs::rename(staging, dir).map_err(err(dir))?;
    if old.exists() {
        // The user's folders in the previous output folder move over.
        if let Ok(entries) = std::fs::read_dir(old) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    let _ = std::fs::rename(e.path(), dir.join(e.file_name()));
                }
            }
        }
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Creates the output folder and its missing parents, as `mkdir -p` does;
/// a file where a folder should be is an error naming it.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let err = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if dir.is_dir() {
        return Ok(());
    }
    // The nearest existing ancestor must be a folder.
    let existing = dir.ancestors().find(|a| a.exists());
    if let Some(a) = existing.filter(|a| !a.as_os_str().is_empty() && !a.is_dir()) {
        return Err(err(
            a,
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists and is not a folder",
            ),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))
}

/// The folders [`prepare_dir`] would create for `dir`, deepest first.
fn missing_dirs(dir: &Path) -> Vec<PathBuf> {
    dir.ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(Path::to_path_buf)
        .collect()
}

/// Fills the folder `dir` atomically: `fill` writes into a fresh staging
/// folder beside `dir` (the same file system), which is swapped in
/// (`swap_in`) when `fill` returns `Some`. Missing parents of `dir` are
/// made first, and what killed runs left beside and inside `dir` is cleaned
/// up ([`remove_stale`]). On an error, or when `fill` returns `None`, the
/// staging folder and the parents made for it are removed and `dir` is left
/// as it was. The files of `dir` named in `replaced` (outputs `fill` writes
/// only under some options) are not carried over when `fill` did not write
/// them: the folder holds the outputs of one run.
pub fn write_folder<T>(
    dir: &Path,
    replaced: &[&str],
    fill: impl FnOnce(&Path) -> Result<Option<T>>,
) -> Result<Option<T>> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "exists and is not a folder",
            ),
        });
    }
    let (parent, staging, old, name) = staging_paths(dir)?;
    // Missing parents are made (and removed again when nothing is written).
    let created = missing_dirs(&parent);
    prepare_dir(&parent)?;
    recover(dir, &parent, &name);
    // Everything is written to `staging`, swapped in at the end; on any
    // error, or when nothing was written, `staging` goes and `dir` is left
    // as it was.
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).map_err(|source| Error::Write {
        path: staging.clone(),
        source,
    })?;
    let guard = RemoveOnDrop(staging.clone());
    let filling = Filling::start(&staging);
    let unregister = Unregister(Arc::clone(&filling));
    let filled = fill(&staging);
    drop(unregister);
    // Every file is on disk before the folder is swapped in, and no sync
    // outlives the folder.
    let synced = filling.finish();
    let filled = match (filled, synced) {
        (Ok(Some(_)), Err(e)) => Err(e),
        (filled, _) => filled,
    };
    match &filled {
        Ok(Some(_)) => swap_in(&staging, dir, &old, replaced)?,
        _ => {
            drop(guard);
            for d in &created {
                let _ = std::fs::remove_dir(d);
            }
            return filled;
        }
    }
    drop(guard);
    filled
}

/// A folder [`write_folder`] is filling, with the syncs of the files
/// committed in it that are still running: each on a thread of its own
/// (they wait for the disk, not the processor), all waited for before the
/// folder is swapped in. Folders are told apart by path, so that builds
/// into different folders in one process (the tests) wait only for their
/// own files.
struct Filling {
    dir: PathBuf,
    syncs: Mutex<Vec<(PathBuf, Syncing)>>,
}

/// A file's sync: running on its thread, or done where no thread could
/// be started.
enum Syncing {
    Running(JoinHandle<std::io::Result<()>>),
    Done(std::io::Result<()>),
}

/// The folders being filled.
static FILLING: Mutex<Vec<Arc<Filling>>> = Mutex::new(Vec::new());

impl Filling {
    /// Registers `dir` as being filled.
    fn start(dir: &Path) -> Arc<Filling> {
        let filling = Arc::new(Filling {
            dir: dir.to_path_buf(),
            syncs: Mutex::new(Vec::new()),
        });
        lock(&FILLING).push(Arc::clone(&filling));
        filling
    }

    /// Takes the folder off the list.
    fn unregister(self: &Arc<Filling>) {
        lock(&FILLING).retain(|f| !Arc::ptr_eq(f, self));
    }

    /// The folder being filled that holds `path`, if any.
    fn of(path: &Path) -> Option<Arc<Filling>> {
        let parent = path.parent()?;
        lock(&FILLING).iter().find(|f| f.dir == parent).cloned()
    }

    /// Syncs `file` (written to `path`) on a thread of its own; when no
    /// thread can be started, here and now.
    fn sync_later(&self, path: PathBuf, file: std::fs::File) {
        let file = Arc::new(file);
        let theirs = Arc::clone(&file);
        let syncing = std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || theirs.sync_all())
            .map_or_else(|_| Syncing::Done(file.sync_all()), Syncing::Running);
        lock(&self.syncs).push((path, syncing));
    }

    /// Unregisters the folder, waits for every sync, and gives the first
    /// error, naming its file.
    fn finish(self: Arc<Filling>) -> Result<()> {
        self.unregister();
        let syncs = std::mem::take(&mut *lock(&self.syncs));
        let mut first = Ok(());
        for (path, syncing) in syncs {
            let result = match syncing {
                Syncing::Running(handle) => handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                Syncing::Done(result) => result,
            };
            if let (Err(source), Ok(())) = (result, &first) {
                first = Err(Error::Write { path, source });
            }
        }
        first
    }
}

/// Unregisters a folder whose filling ended without [`Filling::finish`]
/// (a panic in `fill`): a later build into the same folder in this
/// process must not find it.
struct Unregister(Arc<Filling>);

impl Drop for Unregister {
    fn drop(&mut self) {
        self.0.unregister();
    }
}

/// Locks `m`, whatever a thread that panicked holding it left (the lists
/// it guards stay valid).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes a folder when dropped (the staging folder of a failed build).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file several times the write-behind step, written in pieces of
    /// odd sizes, plain and gzip-compressed, reads back as written.
    #[test]
    fn a_file_written_behind_reads_back_whole() {
        let root = std::env::temp_dir().join(format!("unsc-behind-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let piece: Vec<u8> = (0..999_983u32).map(|i| (i % 251) as u8).collect();
        let pieces = (3 * WriteBehind::EVERY as usize) / piece.len() + 2;
        for name in ["big.bin", "big.bin.gz"] {
            let path = root.join(name);
            write_atomic_with(&path, |w| (0..pieces).try_for_each(|_| w.write_all(&piece)))
                .unwrap();
            let mut back = Vec::new();
            let file = std::fs::File::open(&path).unwrap();
            if is_gzipped(&path) {
                std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut back)
            } else {
                std::io::Read::read_to_end(&mut { file }, &mut back)
            }
            .unwrap();
            assert_eq!(back.len(), piece.len() * pieces, "{name}");
            assert!(back.chunks(piece.len()).all(|c| c == piece), "{name}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn files_committed_in_a_filled_folder_are_synced_before_the_swap() {
        let root = std::env::temp_dir().join(format!("unsc-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let (out, other) = (root.join("out"), root.join("other"));
        std::fs::create_dir_all(&other).unwrap();
        let written = write_folder(&out, &[], |staging| {
            // Only this folder defers its syncs: a file beside it, in a
            // folder nobody fills, is synced at its commit.
            assert!(Filling::of(&staging.join("a.txt")).is_some());
            assert!(Filling::of(&other.join("b.txt")).is_none());
            write_atomic(&staging.join("a.txt"), b"one")?;
            write_atomic(&other.join("b.txt"), b"two")?;
            // Renamed at once: the file is in place before its sync ends.
            assert_eq!(std::fs::read(staging.join("a.txt")).unwrap(), b"one");
            let pending = Filling::of(&staging.join("a.txt")).unwrap();
            assert_eq!(lock(&pending.syncs).len(), 1);
            Ok(Some(()))
        })
        .unwrap();
        assert_eq!(written, Some(()));
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"one");
        assert_eq!(std::fs::read(other.join("b.txt")).unwrap(), b"two");
        // The folder is no longer registered once swapped in.
        assert!(Filling::of(&out.join("a.txt")).is_none());
        assert!(!lock(&FILLING).iter().any(|f| f.dir.starts_with(&root)));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_fill_that_panics_unregisters_its_folder() {
        let root = std::env::temp_dir().join(format!("unsc-output-panic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let out = root.join("out");
        let panicked = std::panic::catch_unwind(|| {
            let _ = write_folder(&out, &[], |staging| -> Result<Option<()>> {
                write_atomic(&staging.join("a.txt"), b"one")?;
                panic!("a bug in a writer");
            });
        });
        assert!(panicked.is_err());
        assert!(!lock(&FILLING).iter().any(|f| f.dir.starts_with(&root)));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_failed_fill_unregisters_its_folder_and_leaves_the_target_alone() {
        let root = std::env::temp_dir().join(format!("unsc-output-fail-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let out = root.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), b"kept").unwrap();
        let result: Result<Option<()>> = write_folder(&out, &[], |staging| {
            write_atomic(&staging.join("new.txt"), b"lost")?;
            Err(Error::Write {
                path: staging.join("x"),
                source: std::io::Error::other("failed"),
            })
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(out.join("old.txt")).unwrap(), b"kept");
        assert!(!out.join("new.txt").exists());
        assert!(!lock(&FILLING).iter().any(|f| f.dir.starts_with(&root)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
