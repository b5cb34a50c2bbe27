#!/usr/bin/env python3
"""Interop checks of the RDF export and the SPARQL endpoint with independent
tools: rdflib parses the dumps, pySHACL validates them against
ontology/shapes.ttl (with both forms of evidence), and SPARQLWrapper queries a running `unsc-kg serve` with
every example query in every result format, SPARQLWrapper and rdflib's
SPARQLStore name the vocabulary graph as default / named graph (reported as
SKIP while the server refuses the parameters; --strict-dataset makes that a
failure), then checks that an UPDATE, a
malformed query, an oversized body and a query past the timeout are refused
with the right status and a clear message while the server keeps serving.

Usage (from the repository root):
  python3 .ci/interop.py                       # exports/ from `unsc-kg build`
  python3 .ci/interop.py --items tests/testdata/rdf/items.jsonl
  python3 .ci/interop.py --bin target/debug/unsc-kg ...
"""
import argparse
import csv
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import rdflib
import rdflib.compare
from pyshacl import validate
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

ROOT = Path(__file__).resolve().parent.parent
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
        "FILTER NOT EXISTS { ?a ?e ?f } }")
ASK = "ASK { ?document a <https://w3id.org/unsc-kg/ontology#Document> }"
UNSC = "https://w3id.org/unsc-kg/ontology#"
ONTOLOGY = "https://w3id.org/unsc-kg/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def parse_dumps(exports):
    """The default RDF (graph.ttl, the vocabulary beside it), and graph.nq
    when there is one (`build --rdf nquads`, `query --dump`)."""
    ttl = rdflib.Graph()
    ttl.parse(exports / "graph.ttl", format="turtle")
    check(len(ttl) > 0, f"rdflib parses graph.ttl ({len(ttl)} triples)")
    vocab = rdflib.Graph().parse(exports / "ontology.ttl", format="turtle")
    shipped = rdflib.Graph().parse(ROOT / "ontology/unsc.ttl", format="turtle")
    check(len(vocab) > 0 and rdflib.compare.isomorphic(vocab, shipped),
          f"ontology.ttl beside graph.ttl is the vocabulary ({len(vocab)} triples)")
    if (exports / "graph.nq").exists():
        nq = rdflib.Dataset()
        nq.parse(exports / "graph.nq", format="nquads")
        n_nq = len(nq.default_graph if hasattr(nq, "default_graph") else nq.default_context)
        in_nq = len(nq.graph(rdflib.URIRef(ONTOLOGY)))
        check(len(ttl) == n_nq, f"graph.ttl and graph.nq's default graph hold the same triples ({len(ttl)} / {n_nq})")
        check(in_nq == len(vocab), f"graph.nq holds the vocabulary in <{ONTOLOGY}> ({in_nq} triples)")
    evidence = set(ttl.subjects(rdflib.RDF.type, rdflib.URIRef(UNSC + "Evidence")))
    annotations = set(ttl.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/oa#Annotation")))
    linked = set(ttl.objects(None, rdflib.URIRef(UNSC + "evidence")))
    spans = {e for e in linked if "#bytes=" in str(e)}
    check(linked and linked == evidence | spans,
          f"every fact's evidence is an annotation or a #bytes= span ({len(evidence)} / {len(spans)})")
    check(evidence == annotations, f"every evidence node is an oa:Annotation ({len(evidence)})")
    bnodes = sum(1 for t in ttl for x in t if isinstance(x, rdflib.BNode))
    check(bnodes == 0, "no blank nodes in the export")
    return ttl


def shacl(graph):
    shapes = rdflib.Graph().parse(ROOT / "ontology/shapes.ttl", format="turtle")
    ont = rdflib.Graph().parse(ROOT / "ontology/unsc.ttl", format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ont,
                                 inference="none", abort_on_first=False)
    check(conforms, "pySHACL: the export conforms to ontology/shapes.ttl")
    if not conforms:
        print(text[:4000])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def start_server(binary, items, port, timeout_ms, max_body):
    cmd = [binary, "serve", "--bind", f"127.0.0.1:{port}", "--timeout-ms", str(timeout_ms),
           "--max-body", str(max_body)]
    if items:
        cmd += ["--items", str(items)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    endpoint = f"http://127.0.0.1:{port}/sparql"
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"server exited: {proc.stderr.read()}")
        try:
            if http(endpoint, headers={"Accept": "text/turtle"})[0] == 200:
                return proc, endpoint
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    sys.exit("server did not start")


def still_serving(endpoint, after):
    status, body = http(endpoint + "?" + urllib.parse.urlencode({"query": ASK}),
                        headers={"Accept": "application/sparql-results+json"})
    check(status == 200 and json.loads(body).get("boolean") is True,
          f"still serving after {after}")


def rows(fmt, result):
    """Number of solutions (or the boolean) of a SELECT/ASK result."""
    if fmt == JSON:
        if "boolean" in result:
            return result["boolean"]
        return len(result["results"]["bindings"])
    if fmt == XML:
        b = result.getElementsByTagName("boolean")
        if b:
            return b[0].firstChild.data == "true"
        return len(result.getElementsByTagName("result"))
    text = result.decode() if isinstance(result, bytes) else result
    if text.strip() in ("true", "false"):
        return text.strip() == "true"
    if fmt == CSV:
        return len(list(csv.reader(io.StringIO(text)))) - 1
    return len([line for line in text.split("\n") if line]) - 1  # TSV


def triples(fmt, result):
    if isinstance(result, rdflib.Graph):
        return len(result)
    text = result.decode() if isinstance(result, bytes) else result
    g = rdflib.Graph().parse(data=text, format={JSONLD: "json-ld", "nt": "nt"}.get(fmt, "turtle"))
    return len(g)


def example_queries(endpoint):
    queries = sorted((ROOT / "ontology/queries").glob("*.rq"))
    check(len(queries) >= 12, f"{len(queries)} example queries")
    for path in queries:
        text = path.read_text()
        kind = SPARQLWrapper(endpoint)
        kind.setQuery(text)
        graph = kind.queryType in ("CONSTRUCT", "DESCRIBE")
        formats = [TURTLE, N3, RDFXML, JSONLD, "nt"] if graph else [JSON, XML, CSV, TSV]
        counts = {}
        for fmt in formats:
            for method in ("GET", "POST"):
                sw = SPARQLWrapper(endpoint)
                sw.setQuery(text)
                sw.setMethod(method)
                if fmt == "nt":
                    sw.setOnlyConneg(True)
                    sw.addCustomHttpHeader("Accept", "application/n-triples")
                    sw.setReturnFormat(TURTLE)
                else:
                    sw.setReturnFormat(fmt)
                try:
                    if fmt == "nt":
                        res = sw.query().response.read()
                    else:
                        res = sw.query().convert()
                    n = triples(fmt, res) if graph else rows(fmt, res)
                    counts[(fmt, method)] = n
                except Exception as e:  # noqa: BLE001 - report and go on
                    check(False, f"{path.name} as {fmt} by {method}: {e}")
        values = set(counts.values())
        check(len(counts) == 2 * len(formats) and len(values) == 1,
              f"{path.name}: same answer in {len(counts)} format/method combinations {sorted(values, key=str)}")


def errors(endpoint, max_body):
    # UPDATE through a real client: SPARQLWrapper sends it as `update=`.
    sw = SPARQLWrapper(endpoint)
    sw.setMethod("POST")
    sw.setQuery("PREFIX ex: <http://example.com/> INSERT DATA { ex:a ex:b ex:c }")
    try:
        sw.query()
        check(False, "UPDATE refused")
    except urllib.error.HTTPError as e:
        check(e.code == 403 and "read-only" in e.read().decode(), f"UPDATE refused with 403 ({e.code})")
    except Exception as e:  # noqa: BLE001 - SPARQLWrapper may wrap it
        check("403" in str(e) or "read-only" in str(e), f"UPDATE refused: {e}")
    status, body = http(endpoint, data=b"DELETE WHERE { ?s ?p ?o }",
                        headers={"Content-Type": "application/sparql-update"})
    check(status == 403 and "read-only" in body, f"application/sparql-update refused with 403 ({status}: {body.strip()})")
    still_serving(endpoint, "an UPDATE")

    # Malformed query: 400, with the position.
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("SELECT ?s WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    try:
        sw.query()
        check(False, "malformed query refused")
    except Exception as e:  # SPARQLWrapper raises QueryBadFormed for 400
        check(type(e).__name__ == "QueryBadFormed" and "1:26" in str(e),
              f"malformed query refused with 400 and its position ({type(e).__name__})")
    status, body = http(endpoint, data=b"SELECT ?s WHERE { ?s ?p }",
                        headers={"Content-Type": "application/sparql-query"})
    check(status == 400 and "1:26" in body and "^" in body, f"malformed query: 400 with position ({status})")
    still_serving(endpoint, "a malformed query")

    # Oversized body: 413.
    big = ("ASK {} #" + "x" * (max_body + 10)).encode()
    try:
        status, body = http(endpoint, data=big, headers={"Content-Type": "application/sparql-query"})
    except OSError as e:  # the server may close the connection early
        status, body = 413, f"connection closed: {e}"
    check(status == 413 and "exceeds the limit" in body, f"oversized body refused with 413 ({status}: {body.strip()[:80]})")
    still_serving(endpoint, "an oversized body")

    # Past the timeout: 503, with a message.
    t0 = time.time()
    status, body = http(endpoint, data=SLOW.encode(), headers={"Content-Type": "application/sparql-query"})
    took = time.time() - t0
    check(status == 503 and "time limit" in body, f"query past the timeout refused with 503 in {took:.2f}s ({status}: {body.strip()[:80]})")
    still_serving(endpoint, "a timed-out query")

    # CORS preflight and the HTML page.
    status, _ = http(endpoint, method="OPTIONS", headers={"Origin": "http://example.org"})
    check(status == 204, "CORS preflight answered")
    status, body = http(endpoint, headers={"Accept": "text/html"})
    check(status == 200 and "<form" in body, "HTML query page")


def skip_or_fail(strict, what, why):
    """A check that needs the SPARQL Protocol's dataset parameters, which
    the server refused: a failure with --strict-dataset, else reported."""
    if strict:
        check(False, f"{what}: {why}")
    else:
        print(f"SKIP  {what}: {why} (needs default-graph-uri / named-graph-uri support)")


def dataset(endpoint, vocab_triples, strict):
    """default-graph-uri and named-graph-uri with two real clients:
    SPARQLWrapper's addDefaultGraph / addNamedGraph and rdflib's SPARQLStore
    with a graph identifier."""
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    what = "SPARQLWrapper addDefaultGraph(ontology graph): the vocabulary's triples"
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(COUNT)
    sw.addDefaultGraph(ONTOLOGY)
    sw.setReturnFormat(JSON)
    try:
        n = int(sw.query().convert()["results"]["bindings"][0]["n"]["value"])
        check(n == vocab_triples, f"{what} ({n} / {vocab_triples})")
    except Exception as e:  # noqa: BLE001 - a refusal is reported
        skip_or_fail(strict, what, f"{type(e).__name__}: {str(e)[:100]}")
    what = "SPARQLWrapper addNamedGraph(ontology graph): GRAPH ?g sees only it"
    sw = SPARQLWrapper(endpoint)
    sw.setQuery("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    sw.addNamedGraph(ONTOLOGY)
    sw.setReturnFormat(JSON)
    try:
        gs = [b["g"]["value"] for b in sw.query().convert()["results"]["bindings"]]
        check(gs == [ONTOLOGY], f"{what} ({gs})")
    except Exception as e:  # noqa: BLE001
        skip_or_fail(strict, what, f"{type(e).__name__}: {str(e)[:100]}")
    what = "rdflib SPARQLStore, Graph(identifier=ontology graph): len() is the vocabulary's"
    try:
        g = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"),
                         identifier=rdflib.URIRef(ONTOLOGY))
        n = len(g)
        check(n == vocab_triples, f"{what} ({n} / {vocab_triples})")
    except Exception as e:  # noqa: BLE001
        skip_or_fail(strict, what, f"{type(e).__name__}: {str(e)[:100]}")
    # Without dataset parameters: the union, as before.
    g = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(g.query(ASK))
    check(rows == [True] or bool(g.query(ASK)), "rdflib SPARQLStore without identifier: ASK answered")


def protocol(endpoint):
    """Dataset parameters through real clients, negotiation, HEAD (#18, #21)."""
    vocab, data = "https://w3id.org/unsc-kg/ontology", "https://w3id.org/unsc-kg/data"
    vote_class = "ASK { <https://w3id.org/unsc-kg/ontology#Vote> ?p ?o }"
    for graph, expected in ((vocab, True), (data, False)):
        sw = SPARQLWrapper(endpoint)
        sw.setQuery(vote_class)
        sw.addDefaultGraph(graph)
        sw.setReturnFormat(JSON)
        got = sw.query().convert().get("boolean")
        check(got is expected, f"SPARQLWrapper addDefaultGraph({graph}): {got}")
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    store = SPARQLStore(endpoint, returnFormat="json")
    g = rdflib.Graph(store, identifier=rdflib.URIRef(data))
    n = len(list(g.query("SELECT ?s WHERE { ?s a <https://w3id.org/unsc-kg/ontology#Document> } LIMIT 3")))
    check(n == 3, f"rdflib SPARQLStore with an identifier: {n} rows")
    status, body = http(endpoint, headers={"Accept": "application/n-triples"})
    parsed = rdflib.Graph().parse(data=body, format="nt") if status == 200 else []
    check(status == 200 and len(parsed) > 5, f"service description as N-Triples ({status}, {len(parsed)} triples)")
    req = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": ASK}),
                                 headers={"Accept": "text/*"})
    with urllib.request.urlopen(req, timeout=30) as r:
        check(r.headers.get("Content-Type", "").startswith("text/csv") and r.headers.get("Vary") == "Accept",
              f"Accept: text/* gets CSV ({r.headers.get('Content-Type')})")
    status, body = http(endpoint + "?" + urllib.parse.urlencode([("query", ASK), ("query", ASK)]))
    check(status == 400 and "more than once" in body, f"two query parameters refused ({status})")
    status, body = http(endpoint, method="HEAD")
    check(status == 200 and body == "", f"HEAD answered without a body ({status})")
    status, body = http(endpoint, data=b"SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                        headers={"Content-Type": "application/sparql-query"})
    check(status == 501 and "federated" in body, f"SERVICE refused with 501 ({status})")
    still_serving(endpoint, "the protocol checks")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exports", default="exports", help="folder with graph.ttl and ontology.ttl (and graph.nq, if built)")
    ap.add_argument("--items", help="an item stream to use instead of exports/ (dumps are written to a temporary folder)")
    ap.add_argument("--bin", default="target/release/unsc-kg")
    ap.add_argument("--timeout-ms", type=int, default=300)
    ap.add_argument("--max-body", type=int, default=65536)
    ap.add_argument("--strict-dataset", action="store_true",
                    help="fail (not skip) when the server refuses default-graph-uri / named-graph-uri")
    args = ap.parse_args()
    binary = str((ROOT / args.bin).resolve())
    exports = ROOT / args.exports
    items = Path(args.items).resolve() if args.items else exports / "extractions.jsonl"
    tmp = None
    if args.items:
        tmp = tempfile.TemporaryDirectory()
        exports = Path(tmp.name)
        subprocess.run([binary, "query", "--items", str(items), "--dump", str(exports)], check=True, cwd=ROOT)
    graph = parse_dumps(exports)
    vocab_triples = len(rdflib.Graph().parse(ROOT / "ontology/unsc.ttl", format="turtle"))
    shacl(graph)
    # The other form of evidence too: the shapes cover both.
    with tempfile.TemporaryDirectory() as other:
        summary = exports / "summary.json"
        built = json.loads(summary.read_text()).get("evidence") if summary.exists() else None
        form = "annotation" if built in (None, "compact") else "compact"
        subprocess.run([binary, "query", "--items", str(items), "--evidence", form, "--dump", other],
                       check=True, cwd=ROOT)
        print(f"--evidence {form}:")
        shacl(parse_dumps(Path(other)))
    port = free_port()
    proc, endpoint = start_server(binary, items, port, args.timeout_ms, args.max_body)
    try:
        example_queries(endpoint)
        dataset(endpoint, vocab_triples, args.strict_dataset)
        errors(endpoint, args.max_body)
        protocol(endpoint)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
