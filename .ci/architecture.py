#!/usr/bin/env python3
"""Checks the shape of `src/`: file and function sizes, and that the
top-level modules form no import cycle.

Run from the repository root: `python3 .ci/architecture.py`. Prints every
violation and exits 1 if there is one. Limits: a file of at most 800 lines,
a function of at most 150 lines (from its `fn` line to its closing brace),
and no cycle in the graph "top-level module A uses top-level module B"
(`crate::B` named anywhere in A's files; `cmd` and `main` are the command
edge and may use anything, nothing may use them); and the layering rules of
`MUST_NOT_USE`: RDF is built from the model and the gazetteer it is given,
so it uses nothing of extraction or of the stages above it.
"""
import re
import sys
from pathlib import Path

MAX_FILE = 800
MAX_FN = 150
SRC = Path("src")
EDGE = {"cmd", "main", "cli"}
# Top-level module -> top-level modules it may not use, with why.
MUST_NOT_USE = {
    "rdf": (
        {"extract", "input", "text", "corpus", "pipeline"},
        "RDF is built from the model and the gazetteer it is given",
    ),
}


def top_module(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".rs")


def strip(line: str) -> str:
    """The line without string literals, char literals and `//` comments."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split("//", 1)[0]


def functions(lines):
    """Yields (name, first line number, length) of every `fn` with a body."""
    fn_re = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")
    i = 0
    while i < len(lines):
        m = fn_re.match(lines[i])
        if not m:
            i += 1
            continue
        depth, j, opened = 0, i, False
        while j < len(lines):
            s = strip(lines[j])
            if not opened and ";" in s and "{" not in s:
                break  # a declaration without a body
            depth += s.count("{") - s.count("}")
            opened = opened or "{" in s
            if opened and depth <= 0:
                yield m.group(6), i + 1, j - i + 1
                break
            j += 1
        i += 1


def main() -> int:
    problems = []
    uses = {}
    for path in sorted(SRC.rglob("*.rs")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_FILE:
            problems.append(f"{path}: {len(lines)} lines (limit {MAX_FILE})")
        for name, start, length in functions(lines):
            if length > MAX_FN:
                problems.append(f"{path}:{start}: fn {name} is {length} lines (limit {MAX_FN})")
        me = top_module(path)
        for other in set(re.findall(r"crate::(\w+)", text)):
            is_module = (SRC / other).is_dir() or (SRC / f"{other}.rs").exists()
            if other != me and is_module:
                uses.setdefault(me, set()).add(other)
    for me, others in sorted(uses.items()):
        for other in sorted(others & EDGE):
            if me not in EDGE:
                problems.append(f"src/{me}: uses the command layer `{other}`")
    for me, (banned, why) in sorted(MUST_NOT_USE.items()):
        for other in sorted(uses.get(me, set()) & banned):
            problems.append(f"src/{me}: uses `{other}` ({why})")
    # Cycles among the library's top-level modules (the command edge excluded).
    graph = {m: {o for o in os if o not in EDGE} for m, os in uses.items() if m not in EDGE}
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for o in sorted(graph.get(m, ())):
            if state.get(o) == 1:
                cycle = stack[stack.index(o):] + [o]
                problems.append("module cycle: " + " -> ".join(cycle))
            elif o not in state:
                visit(o)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    for p in problems:
        print(p)
    print(f"architecture: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
