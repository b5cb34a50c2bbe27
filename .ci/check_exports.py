#!/usr/bin/env python3
"""Reads the exports with the libraries users open them with (for CI):

- the CSVs: every edge's Source and Target is a node Id of nodes.csv; no
  (Source, Target, Kind) repeats; edge Ids distinct across the lists; one
  record per line; `date` ISO days only;
- graph.gexf against the GEXF 1.3 XSD and graph.graphml against the
  GraphML 1.0 XSD (tests/schemas/, with lxml);
- both with networkx and igraph (python-igraph reads GraphML; it has no
  GEXF reader, so the GEXF goes through networkx into igraph), every
  attribute of every node and edge intact: compared with the values read
  straight from the XML;
- the default RDF as the exports' README says to load it: graph.ttl into
  pyoxigraph's default graph and ontology.ttl into the named graph
  <https://w3id.org/unsc-kg/ontology> (no union default graph), answers
  every query of ontology/queries/ as pinned in tests/golden/exports-rdf/;
  so does graph.nq loaded ALONE, when the build wrote one (--rdf nquads);
- Turtle and N-Quads with rdflib: the data triples agree with summary.json.

    python3 .ci/check_exports.py exports
"""
import csv
import glob
import json
import os
import sys

from lxml import etree

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEXF = "{http://gexf.net/1.3}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
ONTOLOGY = "https://w3id.org/unsc-kg/ontology"


def csvs(folder, summary):
    """Checks the CSVs; returns the number of rows of edges.csv (the
    graph's edges with parallel facts merged)."""
    with open(os.path.join(folder, "nodes.csv"), newline="", encoding="utf-8") as f:
        ids = [row["Id"] for row in csv.DictReader(f)]
    assert len(ids) == len(set(ids)), "duplicate node Ids"
    assert len(ids) == summary["nodes"], (len(ids), summary["nodes"])
    ids = set(ids)
    edge_ids = set()
    for name in ["nodes.csv", "edges.csv", "citations.csv", "actors.csv"]:
        path = os.path.join(folder, name)
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        with open(path, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        assert lines == len(rows) + 1, f"{name}: a quoted field holds a line break"
        for r in rows:
            assert r["date"] == "" or len(r["date"]) == 10, (name, r["date"])
        if name == "nodes.csv":
            continue
        seen = set()
        for r in rows:
            assert r["Source"] in ids and r["Target"] in ids, (name, r["Id"])
            key = (r["Source"], r["Target"], r["Kind"])
            assert key not in seen, (name, "repeats", key)
            seen.add(key)
            assert r["Id"] not in edge_ids, (name, "edge Id reused", r["Id"])
            edge_ids.add(r["Id"])
        print(f"{name}: {len(rows)} edges, all ends are nodes, no (source, target, kind) repeats")
        if name == "edges.csv":
            exported = len(rows)
    assert exported <= summary["edges"]
    return exported


def validate(folder):
    for xsd, name in [("gexf.xsd", "graph.gexf"), ("graphml.xsd", "graph.graphml")]:
        schema = etree.XMLSchema(etree.parse(os.path.join(ROOT, "tests/schemas", xsd)))
        doc = etree.parse(os.path.join(folder, name))
        if not schema.validate(doc):
            errors = list(schema.error_log)
            for e in errors[:5]:
                print(f"  {name}:{e.line}: {e.message}")
            raise AssertionError(f"{name}: {len(errors)} XSD errors against {xsd}")
        print(f"{name}: valid against tests/schemas/{xsd}")


def typed(value, kind):
    """An XML attribute value as the readers type it."""
    if value is None:
        return None
    if kind in ("integer", "long", "int"):
        return int(value)
    if kind in ("double", "float"):
        return float(value)
    if kind == "boolean":
        return value == "true"
    return value


def gexf_truth(path):
    """Node and edge attributes straight from the GEXF XML."""
    root = etree.parse(path).getroot()
    types = {}
    for attrs in root.iter(GEXF + "attributes"):
        for a in attrs.iter(GEXF + "attribute"):
            types[(attrs.get("class"), a.get("id"))] = (a.get("title"), a.get("type"))

    def values(el, cls):
        out = {}
        for v in el.iter(GEXF + "attvalue"):
            title, kind = types[(cls, v.get("for"))]
            out[title] = typed(v.get("value"), kind)
        return out

    nodes = {n.get("id"): dict(values(n, "node"), label=n.get("label"))
             for n in root.iter(GEXF + "node")}
    edges = {e.get("id"): (e.get("source"), e.get("target"),
                           dict(values(e, "edge"), label=e.get("label"),
                                weight=float(e.get("weight"))))
             for e in root.iter(GEXF + "edge")}
    return nodes, edges


def graphml_truth(path):
    """Node and edge attributes straight from the GraphML XML."""
    root = etree.parse(path).getroot()
    keys = {k.get("id"): (k.get("attr.name"), k.get("attr.type")) for k in root.iter(GRAPHML + "key")}

    def values(el):
        out = {}
        for d in el.iter(GRAPHML + "data"):
            name, kind = keys[d.get("key")]
            out[name] = typed(d.text or "", kind)
        return out

    nodes = {n.get("id"): values(n) for n in root.iter(GRAPHML + "node")}
    edges = {e.get("id"): (e.get("source"), e.get("target"), values(e))
             for e in root.iter(GRAPHML + "edge")}
    return nodes, edges


def same(got, want, what):
    """Every attribute in `want` is in `got` with the same value."""
    for k, v in want.items():
        g = got.get(k)
        if isinstance(v, float) or isinstance(g, float):
            ok = g is not None and abs(float(g) - float(v)) <= 1e-9 * max(1.0, abs(float(v)))
        else:
            ok = g == v
        assert ok, f"{what}: attribute {k!r} is {g!r}, expected {v!r}"


def graph_readers(folder, summary, edges):
    import igraph as ig
    import networkx as nx

    want = (summary["nodes"], edges)
    gexf = os.path.join(folder, "graph.gexf")
    graphml = os.path.join(folder, "graph.graphml")
    g_nodes, g_edges = gexf_truth(gexf)
    m_nodes, m_edges = graphml_truth(graphml)
    assert (len(g_nodes), len(g_edges)) == want, ("graph.gexf", len(g_nodes), len(g_edges))
    assert (len(m_nodes), len(m_edges)) == want, ("graph.graphml", len(m_nodes), len(m_edges))

    # networkx, GEXF: nodes by id, edges keyed by their id.
    g = nx.read_gexf(gexf)
    assert (g.number_of_nodes(), g.number_of_edges()) == want
    for n, attrs in g_nodes.items():
        same(g.nodes[n], attrs, f"networkx gexf node {n}")
    for e, (s, t, attrs) in g_edges.items():
        same(g.edges[s, t, e], attrs, f"networkx gexf edge {e}")
    print(f"networkx reads graph.gexf: {want[0]} nodes, {want[1]} edges, every attribute intact")

    # networkx, GraphML.
    g = nx.read_graphml(graphml)
    assert (g.number_of_nodes(), g.number_of_edges()) == want
    for n, attrs in m_nodes.items():
        same(g.nodes[n], attrs, f"networkx graphml node {n}")
    by_ends = {}
    for s, t, d in g.edges(data=True):
        by_ends.setdefault((s, t), []).append(d)
    for e, (s, t, attrs) in m_edges.items():
        found = by_ends.get((s, t), [])
        errors = []
        for d in found:
            try:
                same(d, attrs, f"networkx graphml edge {e}")
                break
            except AssertionError as err:
                errors.append(str(err))
        else:
            raise AssertionError(f"networkx graphml edge {e}: {errors}")
    print("networkx reads graph.graphml: every attribute intact")

    # igraph, GraphML: vertices in file order, `name` the canonical id.
    h = ig.Graph.Read_GraphML(graphml)
    assert (h.vcount(), h.ecount()) == want
    order = list(m_nodes)
    for v in h.vs:
        want_attrs = m_nodes[order[v.index]]
        got = {k: x for k, x in v.attributes().items() if k in want_attrs}
        same(got, want_attrs, f"igraph graphml vertex {order[v.index]}")
    edge_order = list(m_edges)
    for e in h.es:
        s, t, attrs = m_edges[edge_order[e.index]]
        assert (order[e.source], order[e.target]) == (s, t), edge_order[e.index]
        same(e.attributes(), attrs, f"igraph graphml edge {edge_order[e.index]}")
    assert "S/2017/558" in h.vs["name"]
    print("igraph reads graph.graphml: every attribute intact")

    # igraph, GEXF (through networkx: igraph has no GEXF reader).
    h = ig.Graph.from_networkx(nx.read_gexf(gexf))
    assert (h.vcount(), h.ecount()) == want
    for v in h.vs:
        same(v.attributes(), g_nodes[v["_nx_name"]], f"igraph gexf vertex {v['_nx_name']}")
    for e in h.es:
        s, t, attrs = g_edges[e["id"]]
        assert (h.vs[e.source]["_nx_name"], h.vs[e.target]["_nx_name"]) == (s, t)
        same(e.attributes(), attrs, f"igraph gexf edge {e['id']}")
    print("igraph reads graph.gexf (via networkx): every attribute intact")


def canonical(result, variables=None):
    """A query answer as tests/interop.rs writes it (see canonical())."""
    import pyoxigraph as ox
    if isinstance(result, ox.QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n"
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = sorted("\t".join("" if s[n] is None else str(s[n]) for n in names) for s in result)
        return "\t".join(names) + "\n" + "".join(r + "\n" for r in rows)
    return "".join(sorted(f"{t} .\n" for t in result))


def example_queries(store, what):
    """Every example query on `store`, against tests/golden/exports-rdf/."""
    queries = sorted(glob.glob(os.path.join(ROOT, "ontology/queries/*.rq")))
    assert queries
    for q in queries:
        name = os.path.splitext(os.path.basename(q))[0]
        with open(q, encoding="utf-8") as f:
            got = canonical(store.query(f.read()))
        with open(os.path.join(ROOT, "tests/golden/exports-rdf", name + ".txt"), encoding="utf-8") as f:
            want = f.read()
        assert got == want, f"{name}.rq on {what} differs from tests/golden/exports-rdf/{name}.txt"
    print(f"{what} in pyoxigraph: the {len(queries)} example queries give the pinned answers")


def stores(folder):
    import pyoxigraph as ox
    # As the exports' README says: the data into the default graph, the
    # vocabulary into its named graph.
    store = ox.Store()
    store.bulk_load(path=os.path.join(folder, "graph.ttl"), format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=os.path.join(folder, "ontology.ttl"), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(ONTOLOGY))
    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == [ONTOLOGY], graphs
    example_queries(store, "graph.ttl + ontology.ttl in its graph")
    if os.path.exists(os.path.join(folder, "graph.nq")):
        store = ox.Store()
        store.bulk_load(path=os.path.join(folder, "graph.nq"), format=ox.RdfFormat.N_QUADS)
        graphs = sorted(g.value for g in store.named_graphs())
        assert graphs == [ONTOLOGY], graphs
        example_queries(store, "graph.nq alone")


def rdf(folder, summary):
    import rdflib
    for name, fmt in [("graph.ttl", "turtle"), ("graph.nq", "nquads")]:
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        if fmt == "nquads":
            d = rdflib.Dataset()
            d.parse(path, format=fmt)
            n = len(d.default_graph) if hasattr(d, "default_graph") else len(d.graph(rdflib.URIRef("urn:x-rdflib:default")))
            vocab = len(d.graph(rdflib.URIRef(ONTOLOGY)))
            assert vocab > 0, "graph.nq: no vocabulary graph"
        else:
            g = rdflib.Graph()
            g.parse(path, format=fmt)
            n = len(g)
        want = summary.get("triples")
        assert want is None or n == want, (name, n, want)
        print(f"{name}: {n} data triples")


def main(folder):
    with open(os.path.join(folder, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    edges = csvs(folder, summary)
    validate(folder)
    graph_readers(folder, summary, edges)
    if os.path.exists(os.path.join(folder, "graph.ttl")):
        stores(folder)
    rdf(folder, summary)
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "exports")
