//! Running extraction over many files: in parallel, in a deterministic order,
//! with one warning per bad file and no stop.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::input::{self, Options};
use crate::model::Item;

/// What a run over inputs produced.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Files found.
    pub files: usize,
    /// Files read successfully.
    pub files_read: usize,
    /// All items, grouped by file in input order.
    pub items: Vec<Item>,
    /// Warnings, one line each, naming the file.
    pub warnings: Vec<String>,
}

/// Collects the inputs and extracts every file, `threads` at a time (0 = all
/// cores). Output order is the order of the sorted inputs, whatever the
/// thread count. `progress` is called after each file.
pub fn extract_paths(
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> Extraction {
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let counts = extract_each(paths, opts, threads, progress, &mut |fx| {
        warnings.extend(fx.warnings);
        items.extend(fx.items);
        Ok(())
    });
    // The sink above never fails.
    let (files, files_read) = counts.unwrap_or_default();
    Extraction {
        files,
        files_read,
        items,
        warnings,
    }
}

/// What one file gave, as [`extract_each`] hands it on.
#[derive(Debug, Default)]
pub struct FileItems {
    /// The file's items.
    pub items: Vec<Item>,
    /// Warnings, one line each, naming the file (collection warnings come
    /// with the first file).
    pub warnings: Vec<String>,
}

/// Files extracted in parallel before their items are handed on: enough to
/// keep every thread busy, few enough that their items stay small.
const BATCH: usize = 64;

/// Extracts every file like [`extract_paths`], but hands each file's items
/// to `sink` in input order as soon as its batch is done, so that the items
/// of the whole corpus never need to be in memory at once. Returns the
/// number of files found and read; stops at the first error of `sink`.
pub fn extract_each(
    paths: &[PathBuf],
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    sink: &mut dyn FnMut(FileItems) -> std::io::Result<()>,
) -> std::io::Result<(usize, usize)> {
    let inputs = input::collect_inputs(paths);
    extract_each_with(inputs, opts, threads, progress, &|_| (), &mut |fx, ()| {
        sink(fx)
    })
}

/// [`extract_each`] over the files and walk warnings of
/// [`input::collect_inputs`] (walked once by the caller, who may want their
/// number first), with `derive` run on each file's items on the worker
/// thread that extracted them (to serialize them, say), its result handed
/// to `sink` with the items.
pub fn extract_each_with<T: Send>(
    (files, mut pending): (Vec<PathBuf>, Vec<String>),
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    derive: &(dyn Fn(&[Item]) -> T + Sync),
    sink: &mut dyn FnMut(FileItems, T) -> std::io::Result<()>,
) -> std::io::Result<(usize, usize)> {
    let pool = match threads {
        0 => None,
        n => rayon::ThreadPoolBuilder::new().num_threads(n).build().ok(),
    };
    let batch = BATCH
        * pool
            .as_ref()
            .map_or(rayon::current_num_threads(), |p| p.current_num_threads());
    let mut files_read = 0;
    let mut ids = DocIds::default();
    // A producer thread extracts batch after batch (each in parallel on the
    // pool) while this thread hands the previous batch to `sink`: the serial
    // sink overlaps with extraction instead of leaving the workers idle.
    // One batch waits in the channel at most, so memory stays bounded.
    std::thread::scope(|scope| -> std::io::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let (pool, files) = (&pool, &files);
        scope.spawn(move || {
            for chunk in files.chunks(batch.max(1)) {
                let run = || {
                    chunk
                        .par_iter()
                        .map(|f| {
                            let r = input::extract_file(f, opts);
                            let derived = derive(r.as_ref().map_or(&[][..], |fx| &fx.items));
                            progress(1);
                            (r, derived)
                        })
                        .collect::<Vec<_>>()
                };
                let results = match pool {
                    Some(p) => p.install(run),
                    None => run(),
                };
                // The receiver is gone when the sink failed: stop.
                if tx.send(results).is_err() {
                    break;
                }
            }
        });
        for results in rx {
            for (r, derived) in results {
                let mut warnings = std::mem::take(&mut pending);
                let (items, derived) = match r {
                    Ok(mut fx) => {
                        files_read += 1;
                        warnings.extend(fx.warnings);
                        // A renamed document: what was derived from the
                        // items named it by its old id.
                        let derived = if ids.distinguish(&mut fx.items, &mut warnings) {
                            derive(&fx.items)
                        } else {
                            derived
                        };
                        for it in &fx.items {
                            if let Item::Warning(w) = it {
                                warnings
                                    .push(format!("{}:{}: {}", w.ev.file, w.ev.start, w.message));
                            }
                        }
                        (fx.items, derived)
                    }
                    Err(e) => {
                        warnings.push(e.to_string());
                        (Vec::new(), derived)
                    }
                };
                sink(FileItems { items, warnings }, derived)?;
            }
        }
        Ok(())
    })?;
    if !pending.is_empty() {
        let fx = FileItems {
            items: Vec::new(),
            warnings: pending,
        };
        sink(fx, derive(&[]))?;
    }
    Ok((files.len(), files_read))
}

/// The documents of the files read so far, so that two files never become
/// one document unless both state its symbol.
///
/// A document's id is its symbol when its text states one (then the same
/// symbol from two files, a text and its AKN, the English and the French,
/// is one document with each file as evidence), else an id minted from its
/// type, date and author, or the symbol its file name states. Such an id
/// can recur in another file (`x:draft-resolution:undated:united-nations`
/// for every text whose masthead the structure could not read): the later
/// file's document then gets a distinguishing part, its file's name, and a
/// warning names both files.
#[derive(Default)]
struct DocIds {
    /// Each id: the file that first had it, whether that file stated it.
    seen: std::collections::HashMap<String, (String, bool)>,
}

impl DocIds {
    /// Renames the file's documents whose ids collide without being stated
    /// by both files, with a warning each; true when it renamed any.
    fn distinguish(&mut self, items: &mut [Item], warnings: &mut Vec<String>) -> bool {
        let mut renames: Vec<(String, String)> = Vec::new();
        for it in items.iter() {
            let Item::Document(d) = it else { continue };
            let file = &d.ev.file;
            let stated = d.symbol.is_some() && !d.ev.rule.ends_with(".filename");
            match self.seen.get(&d.id) {
                Some((other, other_stated)) if other != file && !(stated && *other_stated) => {
                    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
                    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                    let base = format!("{}@{}", d.id, crate::slug::slug_capped(stem, None));
                    let mut new = base.clone();
                    let mut n = 2;
                    while self.seen.contains_key(&new) {
                        new = format!("{base}-{n}");
                        n += 1;
                    }
                    warnings.push(format!(
                        "{file}: document id {} is also a document of {other}, and not both texts state it as their symbol: this one is {new}",
                        d.id
                    ));
                    self.seen.insert(new.clone(), (file.clone(), false));
                    renames.push((d.id.clone(), new));
                }
                Some(_) => {}
                None => {
                    self.seen.insert(d.id.clone(), (file.clone(), stated));
                }
            }
        }
        for (old, new) in &renames {
            for it in items.iter_mut() {
                it.rename_doc(old, new);
            }
        }
        !renames.is_empty()
    }
}
