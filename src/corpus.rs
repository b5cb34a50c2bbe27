//! Running extraction over many files: in parallel, in a deterministic order,
//! with one warning per bad file and no stop.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::extract::{self, Options};
use crate::model::Item;
use crate::text::read;

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
    let (files, mut warnings) = read::collect_inputs(paths);
    let run = || {
        files
            .par_iter()
            .map(|f| {
                let r = extract::extract_file(f, opts);
                progress(1);
                r
            })
            .collect::<Vec<_>>()
    };
    let results = if threads == 0 {
        run()
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        }
    };
    let mut out = Extraction {
        files: files.len(),
        ..Default::default()
    };
    for r in results {
        match r {
            Ok(fx) => {
                out.files_read += 1;
                warnings.extend(fx.warnings);
                for it in &fx.items {
                    if let Item::Warning(w) = it {
                        warnings.push(format!("{}:{}: {}", w.ev.file, w.ev.start, w.message));
                    }
                }
                out.items.extend(fx.items);
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    out.warnings = warnings;
    out
}
