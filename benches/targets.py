#!/usr/bin/env python3
"""Issue 19's targets, each measured as a whole process, in one report.

Runs the release binary on the two real-text corpora of `gen_corpus.py`
(generated first when missing) and prints, for every target of issue 19,
the bound, what was measured and whether it is met, as a Markdown table
(the form `benches/README.md` records), with the raw figures beside it
(`--json FILE` keeps them):

- the record-sized corpus (`gen_corpus.py --record DIR 18`): `build`
  (median wall time of `--runs` runs after a warm-up, CPU, peak RSS), the
  size of all its outputs, of the RDF (`graph.ttl`, `ontology.ttl`,
  `graph.idx`) and of a `--gzip` build; `cited-by --depth 2` and a cold
  `query` (COUNT over every quad) as fresh processes; `serve` until it
  answers an ASK; the endpoint's latency under 32 keep-alive clients
  (`cargo bench --bench load`);
- 100 MB of real text (`gen_corpus.py --real DIR 100`): `build` (wall,
  peak RSS) and the RDF against the input bytes;
- memory: the peak RSS of a cold query per million triples, on the index
  and (`--with-store`) with the store loaded from the items.

Wall times depend on the host: the report starts with the host's CPU, its
load average and a calibration figure (SHA-256 of 256 MiB in this
process, MB/s), so that runs on different hosts, or on one host that
drifts, can be told apart. It is a benchmark, not a test: nothing here
fails a build.

Usage: python3 benches/targets.py [--bin PATH] [--runs N] [--skip-100mb]
                                  [--with-store] [--json FILE]
"""

import argparse
import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1_000_000
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# A lookup of the record: what cites resolution 1325 (2000), and where.
LOOKUP = (
    "SELECT ?d WHERE { ?d <http://purl.org/spar/cito/cites> "
    "<https://undocs.org/S/RES/1325(2000)> }"
)


def measure(cmd):
    """Runs `cmd`: (wall s, CPU s, peak RSS bytes) of the process alone."""
    t = time.perf_counter()
    # Standard error to a file, read only if the process fails: a pipe
    # left unread could fill and block it.
    with open(os.devnull, "w") as null, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, stdout=null, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        err = err.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"targets.py: {' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024


def folder_bytes(path, names=None):
    total = 0
    for name in os.listdir(path):
        if names is None or name in names:
            total += os.path.getsize(os.path.join(path, name))
    return total


def tree_bytes(path):
    return sum(
        os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files
    )


def corpus(kind, path, mb):
    if not os.path.isdir(path):
        print(f"generating {path} ({kind}, {mb} MB) ...", file=sys.stderr)
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "benches", "gen_corpus.py"), f"--{kind}", path, str(mb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def host():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    data = bytes(256 * 1024 * 1024)
    t = time.perf_counter()
    hashlib.sha256(data).hexdigest()
    rate = len(data) / MB / (time.perf_counter() - t)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "loadavg": os.getloadavg()[0],
        "sha256_mb_s": round(rate),
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_ready(binary, items):
    """Starts `serve`, times it until an ASK is answered; returns the
    process (still serving), its address and the time."""
    port = free_port()
    addr = f"127.0.0.1:{port}"
    url = f"http://{addr}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    t = time.perf_counter()
    p = subprocess.Popen(
        [binary, "serve", "--items", items, "--bind", addr],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return p, addr, time.perf_counter() - t
        except OSError:
            if p.poll() is not None:
                sys.exit("targets.py: serve ended before it answered")
            if time.perf_counter() - t > 120:
                p.kill()
                sys.exit("targets.py: serve did not answer in 120 s")
            time.sleep(0.002)


def p99(addr, secs):
    env = dict(os.environ, LOAD_QUERY=LOOKUP)
    out = subprocess.run(
        ["cargo", "bench", "-q", "--bench", "load", "--", "--addr", addr, "--secs", str(secs), "--conns", "32"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = out.split()
    requests = int(words[0])
    return requests, float(words[words.index("p99") + 1]), out.strip()


def median(xs):
    return statistics.median(xs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "unsc-kg"))
    ap.add_argument("--runs", type=int, default=5, help="runs of each record-sized measure (default 5)")
    ap.add_argument("--runs-100mb", type=int, default=2, help="builds of 100 MB (default 2)")
    ap.add_argument("--record", default="/tmp/rec18", help="the record-sized corpus (made if missing)")
    ap.add_argument("--real", default="/tmp/real100", help="100 MB of real text (made if missing)")
    ap.add_argument("--out", default="/tmp/targets-out", help="scratch folder for the outputs")
    ap.add_argument("--skip-100mb", action="store_true")
    ap.add_argument("--with-store", action="store_true", help="also a query on the loaded store (slow)")
    ap.add_argument("--load-secs", type=int, default=10)
    ap.add_argument("--json", help="write the raw figures here")
    a = ap.parse_args()
    b = a.bin
    if not os.access(b, os.X_OK):
        sys.exit(f"targets.py: no binary at {b}: run `cargo build --release` first")
    os.makedirs(a.out, exist_ok=True)
    r = {"host": host(), "binary": b}
    print(f"host: {r['host']}", file=sys.stderr)

    rec = corpus("record", a.record, 18)
    r["record_input_bytes"] = tree_bytes(rec)
    out = os.path.join(a.out, "rec18")
    build = [b, "build", rec, "--out", out, "--quiet"]
    measure(build)  # warm-up
    runs = [measure(build) for _ in range(a.runs)]
    r["record_build_s"] = [round(w, 3) for w, _, _ in runs]
    r["record_build_cpu_s"] = [round(c, 3) for _, c, _ in runs]
    r["record_build_rss"] = max(m for _, _, m in runs)
    r["record_outputs_bytes"] = folder_bytes(out)
    r["record_rdf_bytes"] = folder_bytes(out, {"graph.ttl", "ontology.ttl", "graph.idx"})
    with open(os.path.join(out, "summary.json")) as f:
        triples = json.load(f)["triples"]
    r["record_triples"] = triples
    gz = os.path.join(a.out, "rec18-gz")
    w, c, m = measure([b, "build", rec, "--out", gz, "--quiet", "--gzip"])
    r["record_gzip_build_s"], r["record_gzip_outputs_bytes"] = round(w, 3), folder_bytes(gz)
    shutil.rmtree(gz)

    graph = os.path.join(out, "graph.bin")
    items = os.path.join(out, "extractions.jsonl")
    cited = [b, "cited-by", "S/RES/1325 (2000)", "--depth", "2", "--graph", graph]
    measure(cited)
    r["cited_by_s"] = [round(measure(cited)[0], 4) for _ in range(max(a.runs, 10))]
    query = [b, "query", "--items", items, COUNT]
    measure(query)
    qs = [measure(query) for _ in range(a.runs)]
    r["query_cold_s"] = [round(w, 3) for w, _, _ in qs]
    r["query_cold_rss"] = max(m for _, _, m in qs)
    if a.with_store:
        w, c, m = measure([b, "query", "--no-snapshot", "--items", items, COUNT])
        r["query_store_s"], r["query_store_rss"] = round(w, 2), m

    ready = []
    for i in range(3):
        p, addr, t = serve_ready(b, items)
        ready.append(round(t, 4))
        if i == 2:
            r["load_requests"], r["load_p99_ms"], r["load_report"] = p99(addr, a.load_secs)
        p.terminate()
        p.wait()
    r["serve_ready_s"] = ready

    if not a.skip_100mb:
        real = corpus("real", a.real, 100)
        r["real_input_bytes"] = tree_bytes(real)
        out100 = os.path.join(a.out, "real100")
        runs = [measure([b, "build", real, "--out", out100, "--quiet"]) for _ in range(a.runs_100mb)]
        r["real_build_s"] = [round(w, 2) for w, _, _ in runs]
        r["real_build_cpu_s"] = [round(c, 2) for _, c, _ in runs]
        r["real_build_rss"] = max(m for _, _, m in runs)
        r["real_outputs_bytes"] = folder_bytes(out100)
        r["real_rdf_bytes"] = folder_bytes(out100, {"graph.ttl", "ontology.ttl"})
        r["real_rdf_index_bytes"] = folder_bytes(out100, {"graph.ttl", "ontology.ttl", "graph.idx"})
        shutil.rmtree(out100)

    r["host_after"] = {"loadavg": os.getloadavg()[0]}
    report(r)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(r, f, indent=1)


def report(r):
    rows = []

    def row(target, bound, value, shown, extra=""):
        met = "met" if value <= bound else "missed"
        rows.append((target, shown, met, extra))

    rb = median(r["record_build_s"])
    row("record-sized `build` <= 2 s", 2.0, rb, f"median {rb:.2f} s of {len(r['record_build_s'])} ({min(r['record_build_s']):.2f}-{max(r['record_build_s']):.2f}), CPU median {median(r['record_build_cpu_s']):.2f} s, peak RSS {r['record_build_rss'] / MB:.0f} MB")
    out_mb = r["record_outputs_bytes"] / MB
    rdf_mb = r["record_rdf_bytes"] / MB
    gz_mb = r["record_gzip_outputs_bytes"] / MB
    rows.append((
        "record-sized exports <= 200 MB (compact evidence)",
        f"RDF {rdf_mb:.1f} MB; all outputs {out_mb:.1f} MB plain, {gz_mb:.1f} MB with `--gzip` ({r['record_gzip_build_s']:.2f} s)",
        "met for the RDF" + (" and with `--gzip`" if gz_mb <= 200 else "") if rdf_mb <= 200 else "missed",
        "" if out_mb <= 200 else "all plain outputs: missed",
    ))
    cb = median(r["cited_by_s"]) * 1000
    row("`cited-by --depth 2` <= 100 ms (whole process)", 100, cb, f"median {cb:.1f} ms of {len(r['cited_by_s'])}")
    q = median(r["query_cold_s"])
    row("cold CLI `query` <= 1 s", 1.0, q, f"median {q:.2f} s, peak RSS {r['query_cold_rss'] / MB:.0f} MB")
    s = median(r["serve_ready_s"]) * 1000
    row("`serve` ready <= 3 s", 3000, s, f"median {s:.0f} ms of 3")
    if "real_build_s" in r:
        w = median(r["real_build_s"])
        row("100 MB of real text: all exports <= 8 s", 8.0, w, f"{', '.join(f'{x:.1f}' for x in r['real_build_s'])} s; CPU {', '.join(f'{x:.1f}' for x in r['real_build_cpu_s'])} s; peak RSS {r['real_build_rss'] / 1e9:.2f} GB")
        x = r["real_rdf_bytes"] / r["real_input_bytes"]
        xi = r["real_rdf_index_bytes"] / r["real_input_bytes"]
        row("100 MB: RDF <= 10x the input", 10.0, x, f"{x:.1f}x (`graph.ttl`, `ontology.ttl`); {xi:.1f}x with `graph.idx`")
    per_m = r["query_cold_rss"] / (r["record_triples"] / 1e6) / MB
    store = ""
    if "query_store_rss" in r:
        store = f"; the store loaded: {r['query_store_rss'] / (r['record_triples'] / 1e6) / MB:.0f} MB per M ({r['query_store_s']:.1f} s)"
    rows.append(("RSS per million triples (stated)", f"cold query on the index: {per_m:.0f} MB per M triples ({r['record_triples'] / 1e6:.2f} M){store}", "stated", ""))
    row("endpoint p99 at 32 clients <= 20 ms", 20.0, r["load_p99_ms"], f"{r['load_p99_ms']:.2f} ms ({r['load_requests']} requests)")

    h = r["host"]
    print(f"Host: {h['cpu']}, {h['cores']} cores, load {h['loadavg']:.2f} before, {r['host_after']['loadavg']:.2f} after; SHA-256 {h['sha256_mb_s']} MB/s")
    print(f"Record-sized input {r['record_input_bytes'] / MB:.1f} MB" + (f", real text {r['real_input_bytes'] / MB:.1f} MB" if "real_input_bytes" in r else ""))
    print()
    print("| target | measured | |")
    print("|---|---|---|")
    for target, shown, met, extra in rows:
        print(f"| {target} | {shown} | {met}{'; ' + extra if extra else ''} |")


if __name__ == "__main__":
    main()
