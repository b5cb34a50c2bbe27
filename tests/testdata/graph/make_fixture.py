#!/usr/bin/env python3
"""Builds tests/testdata/graph/items.jsonl: the documents the extractor finds in
corpus/mali, plus hand-made citations, actors, votes and decisions whose
evidence spans are real byte spans of the seed files (found by searching the
quoted text), and only the paragraphs that host them.

Run from the repository root:
    cargo run -q -- extract corpus/mali > /tmp/mali.jsonl
    python3 tests/testdata/graph/make_fixture.py /tmp/mali.jsonl
"""
import json
import sys

LETTER = "corpus/mali/letter-2020-06-30-president-S-2020-600-vote.txt"
RES = "corpus/mali/S-RES-2531-2020.md"
D21 = "corpus/mali/S-2021-610.txt"
D17 = "corpus/mali/S-2017-558.txt"
REP = "corpus/mali/repertoire-2023-mali.md"

items = [json.loads(l) for l in open(sys.argv[1])]
docs = [i for i in items if i["kind"] == "document"]
paras = [i for i in items if i["kind"] == "paragraph"]
used_paras = set()


def span(file, needle, after=0):
    data = open(file, "rb").read()
    b = needle.encode()
    s = data.find(b, after)
    if s < 0:
        raise SystemExit(f"{needle!r} not found in {file} after {after}")
    return s, s + len(b), data[s : s + len(b)].decode()


def where(file, s, e):
    para = None
    for p in paras:
        if p["file"] == file and p["start"] <= s and e <= p["end"]:
            if para is None or p["start"] >= para["start"]:
                para = p
    if para is not None:
        used_paras.add(para["id"])
        return para["doc"], para["id"]
    best = None
    for d in docs:
        if d["file"] == file and d["start"] <= s:
            if best is None or d["start"] > best["start"]:
                best = d
    return best["id"], None


def ev(file, needle, after, rule):
    s, e, t = span(file, needle, after)
    doc, para = where(file, s, e)
    return doc, para, {"file": file, "start": s, "end": e, "text": t, "rule": rule}


out = []


def cite(file, needle, after, target, relation, verb=None, pinpoint=None):
    doc, para, e = ev(file, needle, after, "citation.fixture")
    it = {"kind": "citation", "doc": doc}
    if para:
        it["paragraph"] = para
    it["target"] = target
    if pinpoint:
        it["pinpoint"] = pinpoint
    it["relation"] = relation
    if verb:
        it["verb"] = verb
    it.update(e)
    out.append(it)


def actor(file, needle, after, aid, label, cls, role=None, represents=None):
    doc, para, e = ev(file, needle, after, "actor.fixture")
    it = {"kind": "actor", "doc": doc}
    if para:
        it["paragraph"] = para
    it.update({"actor": aid, "label": label, "class": cls})
    if role:
        it["role"] = role
    if represents:
        it["represents"] = represents
    it.update(e)
    out.append(it)


def addressee(file, needle, after, verb, aid):
    doc, para, e = ev(file, needle, after, "addressee.fixture")
    out.append({"kind": "addressee", "doc": doc, "paragraph": para, "verb": verb, "actor": aid, **e})


def vote(file, needle, after, member, label, position, on, signer):
    doc, _, e = ev(file, needle, after, "vote.fixture")
    out.append({"kind": "vote", "doc": doc, "member": member, "member_label": label,
                "position": position, "on": on, "signer": signer, **e})


# The letter refers to the resolution, the procedure letter and the draft.
cite(LETTER, "resolution 2531 (2020)", 0, "S/RES/2531 (2020)", "citesAsRelated", "refer to")
cite(LETTER, "S/2020/253", 0, "S/2020/253", "citesAsAuthority")
cite(LETTER, "S/2020/600", 0, "S/2020/600", "citesAsDataSource", "contained in")
# The draft (enclosure to annex I) cites 2374 and 1325.
cite(LETTER, "resolution 2374 (2017)", 8800, "S/RES/2374 (2017)", "citesAsAuthority")
cite(LETTER, "resolution 1325 (2000)", 16000, "S/RES/1325 (2000)", "citesAsAuthority", "Recalling")
# Resolution 2531 cites 2374 (twice: weight 2 at document level) and 1325.
cite(RES, "resolution 2374 (2017)", 9900, "S/RES/2374 (2017)", "citesAsAuthority", "Expresses")
cite(RES, "resolution 2374 (2017)", 13700, "S/RES/2374 (2017)", "citesAsAuthority", "Encourages")
cite(RES, "1325 (2000)", 0, "S/RES/1325 (2000)", "citesAsAuthority", "Recalling")
# The 2021 draft builds on 2531; the 2017 draft on 2295; the Repertoire on 2374.
cite(D21, "2531 (2020)", 43000, "S/RES/2531 (2020)", "extends")
cite(D21, "resolution 2374 (2017)", 7000, "S/RES/2374 (2017)", "citesAsAuthority")
cite(D17, "resolution 2295 (2016)", 16900, "S/RES/2295 (2016)", "updates")
cite(D17, "resolution 1325 (2000)", 4500, "S/RES/1325 (2000)", "citesAsAuthority")
cite(REP, "resolution 2374 (2017)", 26000, "S/RES/2374 (2017)", "citesForInformation")

# Actors.
actor(RES, "G5 Sahel", 2400, "fc-g5s", "Joint Force of the Group of Five for the Sahel", "Force")
actor(RES, "MINUSMA", 2500, "minusma", "United Nations Multidimensional Integrated Stabilization Mission in Mali", "Mission")
actor(RES, "MINUSMA", 4600, "minusma", "United Nations Multidimensional Integrated Stabilization Mission in Mali", "Mission")
actor(LETTER, "MINUSMA", 61600, "minusma", "United Nations Multidimensional Integrated Stabilization Mission in Mali", "Mission")
actor(LETTER, "Nicolas de Rivière", 1300, "person/nicolas-de-rivière", "Nicolas de Rivière", "Person",
      "President of the Security Council", "state/france")
addressee(RES, "Urges* MINUSMA and the Government of Mali", 0, "urges", "minusma")
addressee(RES, "Urges* the Malian authorities to take expedited action", 0, "urges", "state/mali")

# Votes on the draft, from the annexed letters.
vote(LETTER, "Belgium votes in favour", 61600, "state/belgium", "Belgium", "in_favour", "S/2020/600",
     "Marc Pecsteen de Buytswerve")
vote(LETTER, "China votes in favour", 62400, "state/china", "China", "in_favour", "S/2020/600", "Zhang Jun")
vote(LETTER, "France votes in favour", 64200, "state/france", "France", "in_favour", "S/2020/600",
     "Nicolas de Rivière")

# The decision: S/2020/600 adopted as resolution 2531 (2020).
doc, _, e = ev(LETTER, "Resolution \n2531 (2020) was adopted", 0, "decision.fixture")
out.append({"kind": "decision", "doc": doc, "draft": "S/2020/600", "outcome": "adopted",
            "resolution": "S/RES/2531 (2020)", "tally": "15-0-0", "date": "2020-06-29",
            "sponsors": ["state/france"], **e})

with open("tests/testdata/graph/items.jsonl", "w") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
    for p in paras:
        if p["id"] in used_paras:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    for it in out:
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
print(len(docs), len(used_paras), len(out))
