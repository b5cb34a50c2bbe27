#!/usr/bin/env python3
"""Reads a `build --gzip` folder as users' tools do (for CI):

- every `.gz` file is one gzip stream whose bytes are the plain build's
  file of the same name, and nothing else differs;
- networkx opens graph.gexf.gz and graph.graphml.gz as they are (its
  readers decompress a path ending in .gz) and finds the plain build's
  nodes and edges, with the same attributes.

    python3 .ci/check_gzip.py PLAIN_FOLDER GZIP_FOLDER
"""
import gzip
import os
import sys


def same_bytes(plain, gz):
    names = sorted(os.listdir(gz))
    compressed = [n for n in names if n.endswith(".gz")]
    assert compressed, "no compressed file"
    for n in compressed:
        with gzip.open(os.path.join(gz, n), "rb") as f:
            got = f.read()
        with open(os.path.join(plain, n[: -len(".gz")]), "rb") as f:
            want = f.read()
        assert got == want, f"{n} is not {n[:-3]} compressed"
        assert not os.path.exists(os.path.join(gz, n[:-3])), f"{n[:-3]} written plain too"
    for n in names:
        if n.endswith(".gz"):
            continue
        with open(os.path.join(gz, n), "rb") as a, open(os.path.join(plain, n), "rb") as b:
            assert a.read() == b.read(), f"{n} differs"
    print(f"{len(compressed)} compressed files, each the plain build's bytes: {', '.join(compressed)}")


def graphs(plain, gz):
    import networkx as nx
    for name, read in [("graph.gexf", nx.read_gexf), ("graph.graphml", nx.read_graphml)]:
        want = read(os.path.join(plain, name))
        got = read(os.path.join(gz, name + ".gz"))
        assert (got.number_of_nodes(), got.number_of_edges()) == (want.number_of_nodes(), want.number_of_edges())
        assert dict(got.nodes(data=True)) == dict(want.nodes(data=True)), name
        assert sorted(map(repr, got.edges(data=True))) == sorted(map(repr, want.edges(data=True))), name
        print(f"networkx reads {name}.gz as it is: {got.number_of_nodes()} nodes, {got.number_of_edges()} edges, as {name}")


if __name__ == "__main__":
    same_bytes(sys.argv[1], sys.argv[2])
    graphs(sys.argv[1], sys.argv[2])
    print("ok")
