#!/usr/bin/env bash
# Interop checks of the RDF export and the SPARQL endpoint (see interop.py).
# Uses exports/ when `unsc-kg build` has written its default RDF there
# (graph.ttl and the vocabulary beside it), else the RDF test fixture.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/unsc-kg
[ -x "$bin" ] || bin=target/debug/unsc-kg
if [ -f exports/graph.ttl ] && [ -f exports/ontology.ttl ]; then
  python3 .ci/interop.py --bin "$bin" --strict-dataset
else
  python3 .ci/interop.py --bin "$bin" --strict-dataset --items tests/testdata/rdf/items.jsonl
fi
