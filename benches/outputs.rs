//! Output benchmarks: what `build` does after extraction, stage by stage,
//! on the items of the seed corpus and the Akoma Ntoso sample replicated
//! to a target size (`UNSC_BENCH_MB`, default 20 MB of source text).
//!
//! Stages: graph build (with PageRank), each export written to memory,
//! `graph.bin` saved, RDF triples built and sorted, both RDF dumps, and the
//! RDF load into oxigraph's in-memory store (all items at once, and
//! streamed from `extractions.jsonl` as `query` and `serve` load it). Discipline as in
//! `benches/pipeline.rs`: one warm-up, then `RUNS` timed runs, median.
//! Run with `cargo bench --bench outputs`.

use std::path::PathBuf;
use std::time::Instant;

use unsc_kg::export::{self, Selection, gephi, gexf, graphml};
use unsc_kg::extract::actors::gazetteer;
use unsc_kg::graph::{GraphBuilder, store};
use unsc_kg::input::{self, Options};
use unsc_kg::model::Item;
use unsc_kg::rdf;
use unsc_kg::rdf::dump::{Dumps, FileDump, Formats};

const RUNS: usize = 3;

fn time<T, F: FnMut() -> T>(mut f: F) -> f64 {
    std::hint::black_box(f());
    let mut xs: Vec<f64> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// The items of every corpus file, once per copy, with each copy's paths
/// (and so its document ids) made distinct, so that the graph grows.
fn items(target_mb: usize) -> (Vec<Item>, f64) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files = Vec::new();
    for dir in ["mali", "akn-sample/akn"] {
        let mut fs: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("corpus folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        fs.sort();
        files.extend(fs);
    }
    let opts = Options::default();
    let per_copy: Vec<Vec<Item>> = files
        .iter()
        .map(|f| input::extract_file(f, &opts).expect("corpus file").items)
        .collect();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let copies = (target_mb as u64 * 1_000_000).div_ceil(bytes.max(1)) as usize;
    // Copies rename the ids they mint from file paths (letters, annexes,
    // paragraphs) through the JSON form, so nodes and edges multiply.
    let mut out = Vec::new();
    for c in 0..copies {
        for items in &per_copy {
            for it in items {
                let mut v = serde_json::to_value(it).expect("item to JSON");
                rename(&mut v, c);
                out.push(serde_json::from_value(v).expect("JSON to item"));
            }
        }
    }
    (out, (bytes as usize * copies) as f64 / 1e6)
}

/// Suffixes every id-like string of copy `c` (ids, documents, paragraphs,
/// citing documents) so that copies do not merge.
fn rename(v: &mut serde_json::Value, c: usize) {
    if c == 0 {
        return;
    }
    if let Some(map) = v.as_object_mut() {
        for key in ["id", "doc", "paragraph", "part_of", "file"] {
            if let Some(serde_json::Value::String(s)) = map.get_mut(key) {
                s.push_str(&format!("~{c}"));
            }
        }
    }
}

/// A writer that only counts the bytes.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn report(name: &str, secs: f64, what: &str) {
    println!("{name:<44} {:>9.1} ms  {what}", secs * 1e3);
}

fn main() {
    let target_mb: usize = std::env::var("UNSC_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let (items, mb) = items(target_mb);
    println!(
        "{} items from {mb:.1} MB of source text; median of {RUNS} runs after warm-up",
        items.len()
    );

    let build = || {
        let mut b = GraphBuilder::default();
        b.add(&items).expect("graph");
        b.finish().expect("graph")
    };
    let t = time(build);
    let graph = build();
    report(
        "graph build + PageRank",
        t,
        &format!(
            "{} nodes, {} edges",
            graph.g.node_count(),
            graph.g.edge_count()
        ),
    );

    let all = export::select(&graph, &Selection::default());
    let sink = || Vec::with_capacity(1 << 20);
    let size = |b: Vec<u8>| format!("{:.1} MB", b.len() as f64 / 1e6);
    let t = time(|| export::select(&graph, &Selection::default()));
    report(
        "export rows (select)",
        t,
        &format!("{} rows", all.edges.len()),
    );
    let t = time(|| gephi::write_nodes_csv(&all, sink()).expect("csv"));
    report(
        "nodes.csv",
        t,
        &size(gephi::write_nodes_csv(&all, sink()).expect("csv")),
    );
    let t = time(|| gephi::write_edges_csv(&all, sink()).expect("csv"));
    report(
        "edges.csv",
        t,
        &size(gephi::write_edges_csv(&all, sink()).expect("csv")),
    );
    let gexf_of = || {
        let mut b = sink();
        gexf::write_gexf(&all, &mut b).expect("gexf");
        b
    };
    let t = time(gexf_of);
    report("graph.gexf", t, &size(gexf_of()));
    let graphml_of = || {
        let mut b = sink();
        graphml::write_graphml(&all, &mut b).expect("graphml");
        b
    };
    let t = time(graphml_of);
    report("graph.graphml", t, &size(graphml_of()));
    let dir = std::env::temp_dir().join(format!("unsc-kg-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bin = dir.join("graph.bin");
    let t = time(|| store::save(&graph, &bin).expect("save"));
    let len = std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0);
    report("graph.bin save", t, &format!("{:.1} MB", len as f64 / 1e6));
    let t = time(|| store::load(&bin).expect("load"));
    report("graph.bin load", t, "");
    let _ = std::fs::remove_dir_all(&dir);

    let t = time(|| rdf::triples(&items, gazetteer::get()));
    report(
        "RDF triples, sorted (rdf::triples)",
        t,
        &format!("{} triples", rdf::triples(&items, gazetteer::get()).len()),
    );
    // The item stream, as `query` and `serve` read it without a snapshot.
    let dir = std::env::temp_dir().join(format!("unsc-kg-bench-rdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let jsonl = dir.join("extractions.jsonl");
    let mut lines = String::new();
    for it in &items {
        lines.push_str(&serde_json::to_string(it).expect("json"));
        lines.push('\n');
    }
    std::fs::write(&jsonl, lines).expect("write items");
    let files: Vec<&[Item]> = items
        .chunk_by(|a, b| a.evidence().file == b.evidence().file)
        .collect();
    for mode in [rdf::EvidenceMode::Annotation, rdf::EvidenceMode::Compact] {
        let name = mode.as_str();
        let formats = Formats::BOTH.with_evidence(mode);
        // The dumps as `build` makes them: each file's part (its triples,
        // sorted and serialized) on the worker that extracted it, then the
        // parts merged in order.
        let parts = || {
            files
                .iter()
                .map(|f| FileDump::new(*f, formats))
                .collect::<Vec<_>>()
        };
        let t = time(parts);
        report(
            &format!("[{name}] RDF dump parts (per file, one thread)"),
            t,
            "",
        );
        let t = time(|| {
            let mut dumps = Dumps::new(Some(sink()), Some(sink()), mode).expect("dumps");
            for p in parts() {
                dumps.add(p).expect("add");
            }
            dumps.finish(gazetteer::get()).expect("finish")
        });
        let (nq, ttl, n) = rdf::dump::dump_items(
            &items,
            gazetteer::get(),
            Some(Vec::new()),
            Some(Counter(0)),
            mode,
        )
        .expect("dumps");
        let (nq, ttl) = (nq.unwrap_or_default(), ttl.map_or(0, |c| c.0));
        report(
            &format!("[{name}] graph.nq + graph.ttl (parts + merge)"),
            t,
            &format!(
                "{n} triples, {:.1} + {:.1} MB",
                nq.len() as f64 / 1e6,
                ttl as f64 / 1e6
            ),
        );
        // The default dump, Turtle alone (`build --rdf turtle,index`
        // writes no N-Quads): parts and merge as above.
        let ttl_formats = Formats {
            nquads: false,
            ..formats
        };
        let t = time(|| {
            let mut dumps = Dumps::new(None::<std::io::Sink>, Some(sink()), mode).expect("dumps");
            for f in &files {
                dumps.add(FileDump::new(*f, ttl_formats)).expect("add");
            }
            dumps.finish(gazetteer::get()).expect("finish")
        });
        report(
            &format!("[{name}] graph.ttl alone, the default (parts + merge)"),
            t,
            &format!("{:.1} MB", ttl as f64 / 1e6),
        );
        let t = time(|| rdf::load_store_with(&items, gazetteer::get(), mode).expect("store"));
        report(&format!("[{name}] RDF load (in memory), all items"), t, "");
        // What `query` and `serve` do without a snapshot: the item stream
        // read back a source file at a time into the bulk loader.
        let t =
            time(|| rdf::store::load_store_from(&jsonl, gazetteer::get(), mode).expect("store"));
        report(
            &format!("[{name}] RDF load, jsonl file by file (no snapshot)"),
            t,
            "",
        );
        // And with the snapshot: `graph.nq` parsed on two threads into the
        // bulk loader.
        let snapshot = dir.join("graph.nq");
        std::fs::write(&snapshot, &nq).expect("write graph.nq");
        let t = time(|| rdf::store::load_snapshot(&snapshot).expect("store"));
        report(
            &format!("[{name}] RDF load, graph.nq snapshot (no index)"),
            t,
            "",
        );
        // The index `build` writes beside the dumps (`graph.idx`): its parts
        // made with each file's dumps, merged, sorted and written; then
        // what `query` and `serve` do with it, open it (and count).
        let index_formats = Formats {
            nquads: false,
            turtle: false,
            index: true,
            evidence: mode,
        };
        let parts = || {
            files
                .iter()
                .map(|f| FileDump::new(*f, index_formats))
                .collect::<Vec<_>>()
        };
        let t = time(parts);
        report(
            &format!("[{name}] index parts (per file, one thread)"),
            t,
            "",
        );
        let t = time(|| {
            let mut dumps =
                Dumps::<std::io::Sink, std::io::Sink>::with_index(None, None, true, mode)
                    .expect("dumps");
            for p in parts() {
                dumps.add(p).expect("add");
            }
            let index = dumps
                .finish_all(gazetteer::get())
                .expect("finish")
                .index
                .expect("an index");
            index.write(&mut sink(), None).expect("index")
        });
        let bytes = rdf::dump::index_items(&items, gazetteer::get(), mode).expect("index");
        report(
            &format!("[{name}] graph.idx (parts + merge + sort + write)"),
            t,
            &format!("{:.1} MB", bytes.len() as f64 / 1e6),
        );
        let path = dir.join("graph.idx");
        std::fs::write(&path, &bytes).expect("write graph.idx");
        let t = time(|| {
            let index = rdf::index::QuadIndex::open(&path).expect("opens");
            let q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
            rdf::evaluate(index, q, |_| Some(rdf::Format::Csv), None).expect("count")
        });
        report(
            &format!("[{name}] graph.idx opened, every quad counted (query, serve)"),
            t,
            "",
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
