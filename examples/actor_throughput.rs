//! Measures the gazetteer matcher's throughput: tokenizing and matching the
//! given files' text, repeated to about 32 MB.
//!
//! `cargo run --example actor_throughput -- corpus/mali/*.txt`

use std::time::Instant;

use unsc_kg::extract::actors::{gazetteer, matcher};

fn main() {
    let mut text = String::new();
    for p in std::env::args().skip(1) {
        match std::fs::read_to_string(&p) {
            Ok(t) => text.push_str(&t),
            Err(e) => eprintln!("{p}: {e}"),
        }
    }
    if text.is_empty() {
        eprintln!("usage: actor_throughput FILE...");
        return;
    }
    let reps = (32 << 20) / text.len() + 1;
    let big = text.repeat(reps);
    let g = gazetteer::get();
    let t0 = Instant::now();
    let toks = matcher::tokenize(&big);
    let t1 = Instant::now();
    let n = g.find(&big, &toks, 0..toks.toks.len()).len();
    let t2 = Instant::now();
    let mb = big.len() as f64 / (1 << 20) as f64;
    println!(
        "{mb:.1} MB, {} tokens, {n} mentions: tokenize {:.1} MB/s, match {:.1} MB/s, total {:.1} MB/s",
        toks.toks.len(),
        mb / (t1 - t0).as_secs_f64(),
        mb / (t2 - t1).as_secs_f64(),
        mb / (t2 - t0).as_secs_f64()
    );
}
