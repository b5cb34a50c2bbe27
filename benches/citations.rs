//! Citation extraction throughput, one core: `cargo bench --bench citations`.
//!
//! Normalization and structure analysis run once, outside the timing; the
//! timed loop is `citations::extract` alone over the normalized text of the
//! Akoma Ntoso sample and the seed corpus, repeated for about two seconds.

use std::path::Path;
use std::time::Instant;

use unsc_kg::extract::{citations, structure};
use unsc_kg::text::Text;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut texts = Vec::new();
    for dir in ["akn-sample/text", "mali"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for p in files {
            if let Ok(s) = std::fs::read_to_string(&p) {
                let t = Text::from_str(&p.to_string_lossy(), &s);
                let st = structure::analyze(&t);
                texts.push((t, st));
            }
        }
    }
    let bytes: usize = texts.iter().map(|(t, _)| t.norm.text.len()).sum();
    let mut items = 0;
    for (t, st) in &texts {
        let mut out = Vec::new();
        citations::extract(t, st, &mut out);
        items += out.len();
    }
    let started = Instant::now();
    let mut rounds = 0;
    while started.elapsed().as_secs_f64() < 2.0 {
        for (t, st) in &texts {
            let mut out = Vec::new();
            citations::extract(t, st, &mut out);
        }
        rounds += 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "citations: {} files, {bytes} normalized bytes, {items} items; {rounds} rounds in {secs:.2} s = {:.1} MB/s",
        texts.len(),
        (bytes * rounds) as f64 / secs / 1e6
    );
}
