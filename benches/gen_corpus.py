#!/usr/bin/env python3
"""Generate a large benchmark corpus from the bundled documents.

Replicates corpus/mali (PDF-noisy and Markdown text) and
corpus/akn-sample/text (clean text) until the output reaches the target
size, renumbering symbols in each copy so that the graph grows as a real
corpus would:

- resolution numbers are moved within the valid range of their year
  (ontology/reference/resolution-numbers-by-year.csv), so every citation stays
  a possible one and copies cite, and are, other resolutions;
- other Council documents (S/2020/600) and meeting records (S/PV.9251) get
  fresh numbers per copy, so letters, reports and meetings multiply.

Usage: benches/gen_corpus.py [--real | --record] OUT_DIR SIZE_MB

- default: the seed corpus above (generated-looking: 3 of 5 Mali files are
  PDF text, the rest clean Akoma Ntoso text);
- `--record`: the 151 real resolutions of ../shared/unsc-record-sample/text
  only (the record-sized corpus: `--record OUT 18`);
- `--real`: every real text there is: the record sample, corpus/akn-sample/text
  and corpus/mali (the 100 MB real-text corpus: `--real OUT 100`).

The output is deterministic for a given size.
"""

import csv
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def year_ranges():
    ranges = {}
    with open(os.path.join(ROOT, "ontology/reference/resolution-numbers-by-year.csv")) as f:
        for row in csv.DictReader(f):
            ranges[int(row["year"])] = (int(row["first"]), int(row["last"]))
    return ranges


# The record sample sits in shared/, beside the repository (../shared) or
# beside the folder of work trees (../../shared); UNSC_RECORD_SAMPLE overrides.
RECORD = next(
    (p for p in (os.path.join(ROOT, *up, "shared", "unsc-record-sample", "text")
                 for up in (("..",), ("..", "..")))
     if os.path.isdir(p)),
    os.path.join(ROOT, "..", "shared", "unsc-record-sample", "text"),
)
SEED = ("corpus/mali", "corpus/akn-sample/text")


def sources(dirs):
    out = []
    for d in dirs:
        base = os.path.join(ROOT, d)
        if not os.path.isdir(base):
            sys.exit(f"gen_corpus.py: {base} is not a folder")
        for name in sorted(os.listdir(base)):
            with open(os.path.join(base, name), encoding="utf-8", errors="surrogateescape") as f:
                out.append((name, f.read()))
    return out


RES = re.compile(r"\b(\d{1,4})(\s?\(\s?)(\d{4})(\))")
SDOC = re.compile(r"\bS/(\d{4})/(\d{1,4})\b")
PV = re.compile(r"\bS/PV\.(\d{4,5})\b")
RESSYM = re.compile(r"S_RES_(\d+)_(\d{4})")


def renumber(text, k, ranges):
    def res(m):
        n, year = int(m.group(1)), int(m.group(3))
        r = ranges.get(year)
        if k == 0 or r is None or not (r[0] <= n <= r[1]):
            return m.group(0)
        span = r[1] - r[0] + 1
        n2 = r[0] + (n - r[0] + 7 * k) % span
        return f"{n2}{m.group(2)}{year}{m.group(4)}"

    text = RES.sub(res, text)
    if k:
        text = SDOC.sub(lambda m: f"S/{m.group(1)}/{int(m.group(2)) + 1000 * k}", text)
        text = PV.sub(lambda m: f"S/PV.{int(m.group(1)) + 20000 * k}", text)
    return text


def main():
    args = sys.argv[1:]
    dirs = SEED
    if args and args[0] in ("--real", "--record"):
        record = os.environ.get("UNSC_RECORD_SAMPLE", RECORD)
        dirs = (record,) if args[0] == "--record" else (record,) + SEED
        args = args[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    out_dir, size_mb = args[0], float(args[1])
    target = int(size_mb * 1_000_000)
    os.makedirs(out_dir, exist_ok=True)
    ranges = year_ranges()
    srcs = sources(dirs)
    written = 0
    k = 0
    while written < target:
        sub = os.path.join(out_dir, f"copy{k:05d}")
        os.makedirs(sub, exist_ok=True)
        for name, text in srcs:
            data = renumber(text, k, ranges).encode("utf-8", errors="surrogateescape")
            with open(os.path.join(sub, name), "wb") as f:
                f.write(data)
            written += len(data)
            if written >= target:
                break
        k += 1
    print(f"{written / 1e6:.1f} MB in {k} copies -> {out_dir}")


if __name__ == "__main__":
    main()
