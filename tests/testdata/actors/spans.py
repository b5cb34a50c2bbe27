#!/usr/bin/env python3
"""Turns hand annotations into span gold: reads `line|kind|surface|actor`
rows (in text order) and writes one [[mention]] table per row with the byte
span of the surface, searched on its line after the previous mention of the
same line. Usage: spans.py TEXT_FILE ANNOTATIONS > gold.toml"""
import re
import sys

text_path, ann_path = sys.argv[1], sys.argv[2]
data = open(text_path, "rb").read()
starts = [0]
for i, b in enumerate(data):
    if b == 0x0A:
        starts.append(i + 1)
cursor = {}
out = []
for row in open(ann_path, encoding="utf-8"):
    row = row.rstrip("\n")
    if not row or row.startswith("#"):
        continue
    line, kind, surface, actor = row.split("|")
    line = int(line)
    lo = cursor.get(line, starts[line - 1])
    hi = starts[line] if line < len(starts) else len(data)
    # Whole words only: "Libya" is not the start of "Libyan".
    found = re.compile(rb"(?<!\w)" + re.escape(surface.encode()) + rb"(?!\w)").search(data, lo, hi)
    if not found:
        sys.exit(f"line {line}: {surface!r} not found after byte {lo}")
    at, end = found.start(), found.end()
    cursor[line] = end
    out.append((line, surface, kind, actor, at, end))
for line, surface, kind, actor, s, e in out:
    print("[[mention]]")
    print(f"line = {line}")
    print(f"surface = {surface!r}".replace("'", '"') if '"' not in surface else f"surface = '{surface}'")
    print(f'kind = "{kind}"')
    print(f'actor = "{actor}"')
    print(f"start = {s}")
    print(f"end = {e}")
    print()
