//! Pipeline benchmarks: throughput of each stage on the seed corpus
//! replicated to a target size, single-threaded, plus the parallel
//! end-to-end extraction.
//!
//! Discipline: one warm-up run, then `RUNS` timed runs; the median is
//! reported. Run with `cargo bench --bench pipeline` (release profile).
//! `UNSC_BENCH_MB` sets the corpus size (default 50);
//! `UNSC_BENCH_CORPUS=real` replicates real text instead of the seed
//! corpus: the 151 record texts (`../shared/unsc-record-sample/text`, or
//! `UNSC_RECORD_SAMPLE`), `corpus/akn-sample/text` and `corpus/mali`;
//! `UNSC_BENCH_ONLY=normalize` stops after the normalization stage,
//! `UNSC_BENCH_ONLY=structure` after the structure stage, and
//! `UNSC_BENCH_ONLY=akn` runs only the Akoma Ntoso stage (for profiling).

use std::path::PathBuf;
use std::time::Instant;

use unsc_kg::extract::{self, structure};
use unsc_kg::text::{SourceFile, Text, normalize, read};

const RUNS: usize = 5;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Times `f` (warm-up + RUNS) and returns the median in seconds.
fn time<F: FnMut()>(mut f: F) -> f64 {
    f();
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

/// The files of a corpus folder (relative to the crate), sorted, with
/// their text (decoded as `build` decodes it: some real texts are
/// Windows-1252).
fn folder_texts(rel: &str) -> Vec<(String, String)> {
    // An absolute `rel` (the record sample) replaces the crate's path.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect(rel)
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let (f, _) =
                read::read_file(&p, read::DEFAULT_MAX_BYTES).expect("readable corpus file");
            (p.display().to_string(), f.text)
        })
        .collect()
}

/// The record sample of real resolutions, beside the repository or beside
/// the folder of work trees (`UNSC_RECORD_SAMPLE` overrides).
fn record_sample() -> String {
    if let Ok(p) = std::env::var("UNSC_RECORD_SAMPLE") {
        return p;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for up in ["..", "../.."] {
        let p = root.join(up).join("shared/unsc-record-sample/text");
        if p.is_dir() {
            return p.display().to_string();
        }
    }
    panic!("no ../shared/unsc-record-sample/text: set UNSC_RECORD_SAMPLE")
}

/// The seed texts: `corpus/mali`, or with `UNSC_BENCH_CORPUS=real` every
/// real text there is.
fn seed_texts() -> (Vec<(String, String)>, &'static str) {
    if std::env::var("UNSC_BENCH_CORPUS").is_ok_and(|s| s == "real") {
        let mut out = folder_texts(&record_sample());
        out.extend(folder_texts("corpus/akn-sample/text"));
        out.extend(folder_texts("corpus/mali"));
        (out, "real text: record sample, akn-sample, mali")
    } else {
        (folder_texts("corpus/mali"), "seed corpus")
    }
}

fn main() {
    let target_mb: usize = std::env::var("UNSC_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(50);
    let (seeds, which) = seed_texts();
    let seed_bytes: usize = seeds.iter().map(|(_, t)| t.len()).sum();
    let copies = (target_mb * 1_000_000).div_ceil(seed_bytes);
    let corpus: Vec<(String, String)> = (0..copies)
        .flat_map(|i| {
            seeds
                .iter()
                .map(move |(p, t)| (format!("{p}#{i}"), t.clone()))
        })
        .collect();
    let bytes: usize = corpus.iter().map(|(_, t)| t.len()).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} files, {:.1} MB ({which} x{copies}); median of {RUNS} runs after warm-up",
        corpus.len(),
        mb
    );

    // Reading: each copy reads its seed file from disk (page cache) and
    // decodes it, as `build` does.
    let t_read = time(|| {
        for (p, _) in &corpus {
            let path = p.rsplit_once('#').map_or(p.as_str(), |(f, _)| f);
            let r = read::read_file(std::path::Path::new(path), read::DEFAULT_MAX_BYTES);
            std::hint::black_box(r.expect("readable corpus file"));
        }
    });
    report("read (file + decode, 1 thread)", mb, t_read);
    let t_norm = time(|| {
        for (_, t) in &corpus {
            std::hint::black_box(normalize::normalize(t));
        }
    });
    report("normalize (1 thread)", mb, t_norm);

    if std::env::var("UNSC_BENCH_ONLY").is_ok_and(|s| s == "normalize") {
        return;
    }
    if std::env::var("UNSC_BENCH_ONLY").is_ok_and(|s| s == "akn") {
        akn_stage(target_mb);
        return;
    }
    let texts: Vec<Text> = corpus
        .iter()
        .map(|(p, t)| Text::new(SourceFile::from_string(p.clone(), t.clone())))
        .collect();
    let t_struct = time(|| {
        for t in &texts {
            std::hint::black_box(structure::analyze(t));
        }
    });
    report("structure (1 thread)", mb, t_struct);
    report(
        "read+normalize+structure (1 thread)",
        mb,
        t_read + t_norm + t_struct,
    );
    if std::env::var("UNSC_BENCH_ONLY").is_ok_and(|s| s == "structure") {
        return;
    }

    let structures: Vec<_> = texts.iter().map(structure::analyze).collect();
    let stage = |name: &str, f: fn(&Text, &extract::Structure, &mut Vec<unsc_kg::model::Item>)| {
        let t = time(|| {
            for (text, st) in texts.iter().zip(&structures) {
                let mut out = Vec::new();
                f(text, st, &mut out);
                std::hint::black_box(out);
            }
        });
        report(name, mb, t);
    };
    stage("citations (1 thread)", extract::citations::extract);
    stage("actors (1 thread)", extract::actors::extract);
    stage("votes (1 thread)", extract::votes::extract);

    let t_all = time(|| {
        for t in &texts {
            std::hint::black_box(extract::extract_text(t));
        }
    });
    report("all extraction, from normalized text (1 thread)", mb, t_all);

    // Scaling: the whole per-file job (normalize, structure, extractors)
    // over the files in parallel, as `build` runs it.
    let mut times = Vec::new();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let t = time(|| {
            pool.install(|| {
                use rayon::prelude::*;
                corpus.par_iter().for_each(|(p, t)| {
                    let text = Text::new(SourceFile::from_string(p.clone(), t.clone()));
                    std::hint::black_box(extract::extract_text(&text));
                });
            })
        });
        report(&format!("normalize..extract ({threads} thread(s))"), mb, t);
        times.push(t);
    }
    println!("speed-up 1 -> 2 threads: {:.2}x", times[0] / times[1]);
    akn_stage(target_mb);
}

/// Akoma Ntoso reading (XML to text, structure and markup items) on the 40
/// sample files replicated to `target_mb`.
fn akn_stage(target_mb: usize) {
    let seeds = folder_texts("corpus/akn-sample/akn");
    let seed_bytes: usize = seeds.iter().map(|(_, t)| t.len()).sum();
    let copies = (target_mb * 1_000_000).div_ceil(seed_bytes);
    let corpus: Vec<SourceFile> = (0..copies)
        .flat_map(|i| {
            seeds
                .iter()
                .map(move |(p, t)| SourceFile::from_string(format!("{p}#{i}"), t.clone()))
        })
        .collect();
    let mb = (seed_bytes * copies) as f64 / 1e6;
    let t = time(|| {
        for f in &corpus {
            std::hint::black_box(unsc_kg::input::akn::read(f.clone()).expect("valid sample"));
        }
    });
    report("akn read (XML -> text+structure+items, 1 thread)", mb, t);
}

fn report(name: &str, mb: f64, secs: f64) {
    println!("{name:<50} {:>8.3} s  {:>8.1} MB/s", secs, mb / secs);
}
