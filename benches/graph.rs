//! Graph benchmark: a generated citation graph of 100,000 documents and
//! 1,000,000 citations, saved and loaded like `build` and the commands do;
//! then `chain`, `cited-by --depth 3` and `rank` answered on the loaded graph.
//!
//! Plain timing (no harness): one warm-up run, then the median of N runs.
//! `cargo bench --bench graph` (release). Sizes can be scaled down with
//! `GRAPH_BENCH_DOCS=10000`.

use std::time::{Duration, Instant};

use unsc_kg::cmd;
use unsc_kg::graph::analysis::{Direction, Layer, reach};
use unsc_kg::graph::mapped::SavedGraph;
use unsc_kg::graph::{Edge, EdgeKind, Graph, Node, NodeKind, store};
use unsc_kg::model::Evidence;

const RUNS: usize = 7;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn symbol(i: usize) -> String {
    format!("S/RES/{} ({})", i + 1, 1946 + i / 1500)
}

/// Documents 0..n, each citing about `per_doc` earlier ones: half uniformly,
/// half among the first tenth (the much-cited early resolutions).
fn generate(n: usize, citations: usize) -> Graph {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let nodes: Vec<Node> = (0..n)
        .map(|i| Node {
            kind: NodeKind::Document,
            id: symbol(i),
            label: symbol(i),
            class: "resolution".into(),
            date: Some(format!("{}-01-01", 1946 + i / 1500)),
            symbol: Some(symbol(i)),
            in_corpus: i % 3 != 0,
            doc: None,
            agenda: None,
            aliases: vec![],
            ev: None,
            pagerank: 0.0,
        })
        .collect();
    let per_doc = citations / n;
    let mut edges = Vec::with_capacity(citations);
    for i in 1..n {
        let mut targets: Vec<usize> = (0..per_doc.max(1))
            .map(|k| {
                let r = rng.next() as usize;
                if k % 2 == 0 { r % i } else { r % (i / 10 + 1) }
            })
            .collect();
        targets.sort_unstable();
        targets.dedup();
        for t in targets {
            edges.push((
                i as u32,
                t as u32,
                Edge {
                    kind: EdgeKind::Cites,
                    relation: Some("citesAsAuthority".into()),
                    pinpoint: None,
                    paragraph: Some(format!("{}#op{}", symbol(i), t % 20 + 1)),
                    weight: 1,
                    ev: Evidence {
                        file: format!("corpus/res-{}.txt", i + 1),
                        start: t * 7 % 10_000,
                        end: t * 7 % 10_000 + 24,
                        text: format!("resolution {}", symbol(t)),
                        rule: "citation.resolution".into(),
                    },
                },
            ));
        }
    }
    Graph::from_parts(nodes, edges).expect("generated graph")
}

fn median<T>(label: &str, mut f: impl FnMut() -> T) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    let m = times[RUNS / 2];
    println!(
        "{label:<32} median {:>9.1} ms  (min {:.1}, max {:.1})",
        ms(m),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    m
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let n: usize = std::env::var("GRAPH_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let g = generate(n, n * 10);
    println!(
        "generated {} documents, {} citations in {:.0} ms",
        g.node_count(),
        g.edge_count(),
        ms(t.elapsed())
    );
    let mut g = g;
    let t = Instant::now();
    g.compute_pagerank();
    println!("pagerank (at build) in {:.0} ms", ms(t.elapsed()));
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("graph.bin");
    let t = Instant::now();
    store::save(&g, &path).expect("save");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "saved {:.1} MB in {:.0} ms",
        size as f64 / 1e6,
        ms(t.elapsed())
    );
    drop(g);
    // GRAPH_BENCH_KEEP=FILE keeps a copy of the saved graph (to time the
    // commands as whole processes).
    if let Ok(keep) = std::env::var("GRAPH_BENCH_KEEP") {
        std::fs::copy(&path, &keep).expect("copy the saved graph");
    }

    median("load", || store::load(&path).expect("load"));
    let g = store::load(&path).expect("load");
    let t = Instant::now();
    g.view(Layer::Paths);
    g.view(Layer::Citations);
    println!(
        "adjacency views (first query)   {:>9.1} ms",
        ms(t.elapsed())
    );
    let (from, to) = (symbol(n - 1), symbol(5));
    let r = cmd::chain::report(&g, &from, &to, 1).expect("chain");
    println!(
        "chain {from} -> {to}: {} hops",
        r.paths.first().map_or(0, Vec::len)
    );
    median("chain (shortest path)", || {
        cmd::chain::report(&g, &from, &to, 1).expect("chain")
    });
    median("chain -k 3", || {
        cmd::chain::report(&g, &from, &to, 3).expect("chain")
    });
    // A much-cited early resolution (the walk reaches most of the graph)
    // and a middling one.
    for target in [symbol(5), symbol(n / 20)] {
        let r = cmd::cites::report(&g, &target, 3, Direction::Backward).expect("cited-by");
        println!("cited-by {target} --depth 3: {} documents", r.found.len());
        median("cited-by --depth 3", || {
            cmd::cites::report(&g, &target, 3, Direction::Backward).expect("cited-by")
        });
    }
    let view = g.view(Layer::Paths);
    let start = g.node(&from).expect("start").index() as u32;
    let Ok(all) = reach(view, start, Direction::Forward, u32::MAX);
    let all = all.len();
    println!("{from} reaches {all} documents");
    let cited = g.node(&symbol(5)).expect("target").index() as u32;
    median("cited-by --depth 3, walk only", || {
        let Ok(found) = reach(view, cited, Direction::Backward, 3);
        found.len()
    });
    // No path: the search visits everything the start reaches.
    let late = symbol(n - 2);
    let r = cmd::chain::report(&g, &from, &late, 1).expect("chain");
    println!("chain {from} -> {late}: {} path(s)", r.paths.len());
    median("chain (exhaustive search)", || {
        cmd::chain::report(&g, &from, &late, 1).expect("chain")
    });
    median("cites --depth 3", || {
        cmd::cites::report(&g, &from, 3, Direction::Forward).expect("cites")
    });
    median("rank --top 20", || {
        cmd::rank::report(&g, None, 20).expect("rank")
    });
    median("rank --kind resolution", || {
        cmd::rank::report(&g, Some("resolution"), 20).expect("rank")
    });

    // The same questions on the saved graph read in place (what the
    // commands do): the file is mapped, only what a question visits is read.
    drop(g);
    println!("read in place ({}):", path.display());
    median("open (map + header + block table)", || {
        SavedGraph::open(&path).expect("open")
    });
    let saved = SavedGraph::open(&path).expect("open");
    median("chain (shortest path), in place", || {
        cmd::chain::report(&saved, &from, &to, 1).expect("chain")
    });
    for target in [symbol(5), symbol(n / 20)] {
        median("cited-by --depth 3, in place", || {
            cmd::cites::report(&saved, &target, 3, Direction::Backward).expect("cited-by")
        });
    }
    median("chain (exhaustive search), in place", || {
        cmd::chain::report(&saved, &from, &late, 1).expect("chain")
    });
    median("rank --top 20, in place", || {
        cmd::rank::report(&saved, None, 20).expect("rank")
    });
    // A fresh map for each run: the first question on a just-opened file.
    median("open + cited-by --depth 2, in place", || {
        let g = SavedGraph::open(&path).expect("open");
        cmd::cites::report(&g, &symbol(n / 20), 2, Direction::Backward)
            .expect("cited-by")
            .found
            .len()
    });
}
