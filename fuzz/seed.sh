#!/usr/bin/env bash
# Seeds for the fuzz targets, made from the repository's own inputs into
# fuzz/corpus/TARGET (not committed: libFuzzer adds what it finds there).
# Inputs are cut to 4 KiB so that each execution stays fast. The graph
# and index seeds come from the release binary (`cargo run --release`:
# CI has just built it; a debug build would compile the crate and its
# dependencies once more, some 4 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/{text,akn,extract_file,sparql,graph,index}
i=0
for f in "$root"/corpus/mali/* "$root"/tests/testdata/*/*.txt "$root"/tests/testdata/*/*.md; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  head -c 4096 "$f" > "corpus/text/seed-$i"
  # extract_file: the first byte picks the extension (0 = .txt, 1 = .md, 2 = .xml).
  { printf '\001'; head -c 4096 "$f"; } > "corpus/extract_file/seed-$i"
done
i=0
for f in "$root"/corpus/akn-sample/akn/*.xml; do
  [ -f "$f" ] || continue
  i=$((i + 1))
  [ "$i" -gt 20 ] && break
  head -c 8192 "$f" > "corpus/akn/seed-$i"
  { printf '\002'; head -c 8192 "$f"; } > "corpus/extract_file/xml-$i"
done
# The SPARQL handler: method byte, content-type byte, then URL, Accept and body
# separated by NUL bytes.
q() { printf "$1"; printf '%s\0%s\0%s' "$2" "$3" "$4"; }
q '\000\000' '/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%205' 'application/sparql-results+json' '' > corpus/sparql/select-get
q '\001\000' '/sparql' 'text/csv' 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "Mali")) } GROUP BY ?s ORDER BY DESC(?n)' > corpus/sparql/select-post
q '\001\001' '/sparql' 'text/turtle' 'query=CONSTRUCT%20%7B%3Fs%20%3Fp%20%3Fo%7D%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D' > corpus/sparql/construct-form
q '\000\000' '/sparql?query=ASK%20%7B%7B%7B%7D%7D%7D' '*/*' '' > corpus/sparql/ask-nested
q '\000\000' '/' 'text/turtle' '' > corpus/sparql/service-description
# The graph loader: a real graph.bin of a small build, under -max_len
# (16 KB; format 4's fixed-width records take some 4 bytes per input byte,
# and a seed cut to -max_len stops at the reader's first length check).
if [ ! -f corpus/graph/seed-1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  head -c 3000 "$root"/corpus/mali/S-RES-2531-2020.md > "$tmp/in.md"
  (cd "$root" && cargo run --release --quiet -- build "$tmp/in.md" --out "$tmp/out" --quiet --no-rdf) || true
  [ -f "$tmp/out/graph.bin" ] && cp "$tmp/out/graph.bin" corpus/graph/seed-1
fi
# The index reader: a real graph.idx of a small build (cut to -max_len:
# the vocabulary alone is some 60 KB), and damages of the target's own
# small index (an odd first byte, then positions and bytes to XOR).
printf '\001\000\000\001\020\000\200' > corpus/index/damaged
printf '\000' > corpus/index/empty
if [ ! -f corpus/index/seed-1 ]; then
  tmp2=$(mktemp -d)
  head -c 3000 "$root"/corpus/mali/S-RES-2531-2020.md > "$tmp2/in.md"
  (cd "$root" && cargo run --release --quiet -- build "$tmp2/in.md" --out "$tmp2/out" --quiet --rdf index) || true
  [ -f "$tmp2/out/graph.idx" ] && cp "$tmp2/out/graph.idx" corpus/index/seed-1
  rm -rf "$tmp2"
fi
