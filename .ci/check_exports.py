#!/usr/bin/env python3
"""Reads the exports with independent libraries and checks them against
summary.json (for CI): every CSV edge's Source and Target is a node Id of
nodes.csv; GEXF and GraphML (networkx) have the node and edge counts of
summary.json. Optional: Turtle and N-Quads (rdflib) when present.

    python3 .ci/check_exports.py exports
"""
import csv
import json
import os
import sys


def main(folder):
    summary = json.load(open(os.path.join(folder, "summary.json"), encoding="utf-8"))
    with open(os.path.join(folder, "nodes.csv"), newline="", encoding="utf-8") as f:
        ids = [row["Id"] for row in csv.DictReader(f)]
    assert len(ids) == len(set(ids)), "duplicate node Ids"
    assert len(ids) == summary["nodes"], (len(ids), summary["nodes"])
    ids = set(ids)
    for name in ["edges.csv", "citations.csv", "actors.csv"]:
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for r in rows:
            assert r["Source"] in ids and r["Target"] in ids, (name, r["Id"])
        if name == "edges.csv":
            assert len(rows) == summary["edges"], (len(rows), summary["edges"])
        print(f"{name}: {len(rows)} edges, all ends are nodes")
    try:
        import networkx as nx
    except ImportError:
        print("networkx not installed: GEXF/GraphML not checked")
    else:
        for name, read in [("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)]:
            g = read(os.path.join(folder, name))
            got = (g.number_of_nodes(), g.number_of_edges())
            assert got == (summary["nodes"], summary["edges"]), (name, got)
            print(f"{name}: {got[0]} nodes, {got[1]} edges")
    rdf = [(n, fmt) for n, fmt in [("graph.ttl", "turtle"), ("graph.nq", "nquads")]
           if os.path.exists(os.path.join(folder, n))]
    if rdf:
        import rdflib
        for name, fmt in rdf:
            g = rdflib.ConjunctiveGraph() if fmt == "nquads" else rdflib.Graph()
            g.parse(os.path.join(folder, name), format=fmt)
            want = summary.get("triples")
            assert want is None or len(g) == want, (name, len(g), want)
            print(f"{name}: {len(g)} triples")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "exports")
