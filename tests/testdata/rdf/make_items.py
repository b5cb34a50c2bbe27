#!/usr/bin/env python3
"""Regenerates tests/testdata/rdf/items.jsonl, the RDF fixture.

Documents and a few paragraphs come from the real pipeline
(`unsc-kg extract corpus/mali`); citations, actors, addressees, mandates,
votes, decisions, speakers and a warning are written here by hand, as the
extractors for them will emit them, with evidence located in the seed files
(byte offsets into the original file; `text` is exactly those bytes).

Run from the repository root: python3 tests/testdata/rdf/make_items.py
"""
import json
import subprocess

RES = "corpus/mali/S-RES-2531-2020.md"
D610 = "corpus/mali/S-2021-610.txt"
D558 = "corpus/mali/S-2017-558.txt"
LET = "corpus/mali/letter-2020-06-30-president-S-2020-600-vote.txt"
REP = "corpus/mali/repertoire-2023-mali.md"
REPDOC = "x:repertoire-section:2023:11-the-situation-in-mali"
R2531 = "S/RES/2531 (2020)"

_cache = {}


def ev(path, quote, rule, after=None):
    """Evidence for the first `quote` in `path` at or after `after`."""
    data = _cache.setdefault(path, open(path, "rb").read())
    start = 0
    if after is not None:
        start = data.index(after.encode())
    s = data.index(quote.encode(), start)
    e = s + len(quote.encode())
    assert data[s:e].decode() == quote
    return {"file": path, "start": s, "end": e, "text": quote, "rule": rule}


items = []
out = subprocess.run(
    ["cargo", "run", "-q", "--", "extract", "corpus/mali"],
    capture_output=True, text=True, check=True,
).stdout
KEEP_PARAS = {
    R2531 + "#pp13", R2531 + "#pp3", R2531 + "#op1", R2531 + "#op3", R2531 + "#op5",
    R2531 + "#op11", R2531 + "#op16", R2531 + "#op17", R2531 + "#op21",
    "S/2021/610#op4", "S/2021/610#op6", "S/2021/610#op17", "S/2017/558#op15",
    REPDOC + "#fn432", REPDOC + "#p7",
}
for line in out.splitlines():
    it = json.loads(line)
    if it["kind"] == "document" or (it["kind"] == "paragraph" and it["id"] in KEEP_PARAS):
        items.append(it)


def add(kind, **kw):
    ev_ = kw.pop("ev")
    items.append({"kind": kind, **kw, **ev_})


# Citations.
add("citation", doc=R2531, paragraph=R2531 + "#pp13", target="S/RES/2374 (2017)",
    relation="citesAsAuthority", verb="Underlining",
    ev=ev(RES, "resolution [2374 \\(2017\\)](#)", "citation.resolution", "Underlining that engaging"))
add("citation", doc=R2531, paragraph=R2531 + "#op5", target="S/RES/2374 (2017)",
    pinpoint="paragraphs 2, 5, 6 and 7", relation="citesAsAuthority", verb="Encourages",
    ev=ev(RES, "paragraphs 2, 5, 6 and 7 of resolution 2374 (2017)", "citation.pinpoint", "5. *Encourages*"))
add("citation", doc=R2531, paragraph=R2531 + "#pp3", target="S/PRST/2018/10",
    relation="citesForInformation", verb="recalling",
    ev=ev(RES, "S/PRST/2018/10", "citation.symbol"))
add("citation", doc="S/2021/610", paragraph="S/2021/610#op6", target="S/RES/2374 (2017)",
    relation="citesAsAuthority", verb="Encourages",
    ev=ev(D610, "resolution 2374 (2017)", "citation.resolution", "Encourages the Panel of Experts"))
add("citation", doc=REPDOC, paragraph=REPDOC + "#p7", target="S/RES/2690 (2023)",
    relation="discusses",
    ev=ev(REP, "resolution [2690 \\(2023\\)](#)", "citation.resolution", "On 30 June, by"))
add("citation", doc=REPDOC, target="S/RES/2374 (2017)",
    ev=ev(REP, "resolution [2374 \\(2017\\)](#)", "citation.resolution"))

# Actor mentions.
add("actor", doc=R2531, actor="minusma", label="MINUSMA", class_="Mission",
    ev=ev(RES, "United Nations Multidimensional Integrated Stabilization Mission in Mali (MINUSMA)", "actor.gazetteer"))
add("actor", doc=R2531, paragraph=R2531 + "#op16", actor="minusma", label="MINUSMA", class_="Mission",
    ev=ev(RES, "MINUSMA", "actor.gazetteer", "16. *Decides*"))
add("actor", doc=R2531, actor="fc-g5s", label="G5 Sahel joint force", class_="Force",
    ev=ev(RES, "G5 Sahel joint force (FC-G5S)", "actor.gazetteer"))
add("actor", doc=R2531, paragraph=R2531 + "#op1", actor="malian-parties", label="Malian parties", class_="Group",
    ev=ev(RES, "the Malian parties", "actor.defined_term", "1. *Urges*"))
add("actor", doc=R2531, paragraph=R2531 + "#op1", actor="state/mali", label="Mali", class_="MemberState",
    ev=ev(RES, "Government of Mali", "actor.gazetteer", "1. *Urges*"))
add("actor", doc="S/2020/600", actor="state/niger", label="Niger", class_="MemberState",
    ev=ev(LET, "the Niger", "actor.gazetteer", "Annex IX"))
add("actor", doc="S/2020/600", actor="person/abdou-abarry", label="Abdou Abarry", class_="Person",
    role="Permanent Representative", represents="state/niger",
    ev=ev(LET, "Abdou Abarry", "actor.signature", "Annex IX"))
add("actor", doc=REPDOC, actor="state/ghana", label="Ghana", class_="MemberState",
    ev=ev(REP, "Ghana", "actor.gazetteer", "Also speaking on behalf of Gabon and Mozambique, the representative of Ghana"))
add("actor", doc=REPDOC, actor="state/russian-federation", label="Russian Federation", class_="MemberState",
    ev=ev(REP, "Russian Federation", "actor.gazetteer", "^h"))

# Addressees.
add("addressee", doc=R2531, paragraph=R2531 + "#op1", verb="urges", actor="malian-parties",
    ev=ev(RES, "*Urges* the Government of Mali and the *Plateforme* and *Coordination* armed groups (\"the Malian parties\")", "addressee.verb_object"))
add("addressee", doc=R2531, paragraph=R2531 + "#op3", verb="urges", actor="malian-parties",
    ev=ev(RES, "*Urges* the Malian parties", "addressee.verb_object", "3. *Urges*"))
add("addressee", doc=R2531, paragraph=R2531 + "#op11", verb="calls_upon", actor="malian-parties",
    ev=ev(RES, "*Calls upon* the Malian parties", "addressee.verb_object"))
add("addressee", doc=R2531, paragraph=R2531 + "#op5", verb="encourages", actor="panel-of-experts-mali",
    ev=ev(RES, "*Encourages* the panel of experts established pursuant to resolution 2374 (2017)", "addressee.verb_object"))
add("addressee", doc=R2531, paragraph=R2531 + "#op21", verb="requests", actor="minusma",
    ev=ev(RES, "*Requests* MINUSMA", "addressee.verb_object", "21. *Requests*"))
add("addressee", doc="S/2021/610", paragraph="S/2021/610#op4", verb="urges", actor="malian-parties",
    ev=ev(D610, "Urges the Malian parties", "addressee.verb_object"))

# Mandates.
add("mandate", doc="S/2017/558", paragraph="S/2017/558#op15", actor="minusma", until="2018-06-30",
    military_ceiling=13289, police_ceiling=1920,
    ev=ev(D558, "Decides to extend the mandate of MINUSMA until 30 June 2018", "mandate.extension"))
add("mandate", doc=R2531, paragraph=R2531 + "#op16", actor="minusma", until="2021-06-30",
    ev=ev(RES, "*Decides* to extend the mandate of MINUSMA until 30 June 2021", "mandate.extension"))
add("mandate", doc=R2531, paragraph=R2531 + "#op17", actor="minusma",
    military_ceiling=13289, police_ceiling=1920,
    ev=ev(RES, "up to 13,289 military personnel and 1,920 police personnel", "mandate.ceiling"))
add("mandate", doc="S/2021/610", paragraph="S/2021/610#op17", actor="minusma", until="2022-06-30",
    ev=ev(D610, "Decides to extend the mandate of MINUSMA until 30 June 2022", "mandate.extension"))

# Votes: the written procedure of June 2020.
LETDOC = "x:letter:2020-06-30:president-of-the-security-council"
add("vote", doc=LETDOC, member="state/niger", member_label="Niger", position="in_favour", on="S/2020/600",
    signer="Abdou Abarry",
    ev=ev(LET, "the Republic of Niger decides to vote in favour", "vote.letter", "Annex IX"))
add("vote", doc=LETDOC, member="state/china", member_label="China", position="in_favour", on="S/2020/600",
    ev=ev(LET, "China votes in favour", "vote.letter"))
add("vote", doc=LETDOC, member="state/belgium", member_label="Belgium", position="in_favour", on="S/2020/600",
    ev=ev(LET, "Belgium votes in favour", "vote.letter"))

# Votes: 30 August 2023 (S/PV.9408), from the Repertoire footnotes h and i.
for member, label in [("state/russian-federation", "Russian Federation")]:
    add("vote", doc=REPDOC, member=member, member_label=label, position="against", on="S/2023/638",
        ev=ev(REP, label, "vote.repertoire", "*Against*: "))
add("vote", doc=REPDOC, member="state/china", member_label="China", position="abstaining", on="S/2023/638",
    ev=ev(REP, "China", "vote.repertoire", "*Abstaining*: China"))
for label in ["Albania", "Ghana", "Gabon", "Mozambique"]:
    add("vote", doc=REPDOC, member="state/" + label.lower(), member_label=label, position="in_favour",
        on="S/2023/638", ev=ev(REP, label, "vote.repertoire", "^h *In favour*"))
add("vote", doc=REPDOC, member="state/russian-federation", member_label="Russian Federation",
    position="in_favour", on="S/2023/639",
    ev=ev(REP, "Russian Federation", "vote.repertoire", "ⁱ *In favour*"))
add("vote", doc=REPDOC, member="state/japan", member_label="Japan", position="against", on="S/2023/639",
    ev=ev(REP, "Japan", "vote.repertoire", "ⁱ *In favour*"))
for label in ["Albania", "China", "Gabon", "Ghana", "Mozambique"]:
    add("vote", doc=REPDOC, member="state/" + label.lower(), member_label=label, position="abstaining",
        on="S/2023/639", ev=ev(REP, label, "vote.repertoire", "*Against*: Japan"))

# Decisions.
add("decision", doc=LETDOC, draft="S/2020/600", outcome="adopted", resolution=R2531, tally="15-0-0",
    date="2020-06-29", sponsors=["state/france"],
    ev=ev(LET, "Resolution \n2531 (2020) was adopted", "decision.letter"))
add("decision", doc=REPDOC, draft="S/2023/480", outcome="adopted", resolution="S/RES/2690 (2023)",
    tally="15-0-0", meeting="S/PV.9365", date="2023-06-30", sponsors=["state/france"],
    ev=ev(REP, "Resolution 2690 (2023) (adopted under Chapter VII) 15-0-0", "decision.repertoire_table"))
add("decision", doc=REPDOC, draft="S/2023/638", outcome="vetoed", tally="13-1-1", meeting="S/PV.9408",
    date="2023-08-30", sponsors=["state/france", "state/united-arab-emirates"],
    ev=ev(REP, "Draft resolution (S/2023/638) not adopted 13-1-1", "decision.repertoire_table"))
add("decision", doc=REPDOC, draft="S/2023/639", outcome="not_adopted", tally="1-1-13", meeting="S/PV.9408",
    date="2023-08-30", sponsors=["state/russian-federation"],
    ev=ev(REP, "Draft resolution (S/2023/639) not adopted 1-1-13", "decision.repertoire_table"))

# Speakers (Repertoire footnotes).
add("speaker", doc=REPDOC, meeting="S/PV.9251", member="state/ghana",
    on_behalf_of=["state/gabon", "state/mozambique"],
    ev=ev(REP, "Ghana (also on behalf of Gabon and Mozambique)", "speaker.on_behalf", "⁴³⁴ See [S/PV.9251](#)"))
add("speaker", doc=REPDOC, meeting="S/PV.9302", member="state/ghana",
    on_behalf_of=["state/gabon", "state/mozambique"],
    ev=ev(REP, "Ghana (also on behalf of Gabon and Mozambique)", "speaker.on_behalf", "⁴³² See"))
add("speaker", doc=REPDOC, meeting="S/PV.9350", member="state/mozambique",
    on_behalf_of=["state/gabon", "state/ghana"],
    ev=ev(REP, "Mozambique (also on behalf of Gabon and Ghana)", "speaker.on_behalf", "⁴³² See"))
add("speaker", doc=REPDOC, meeting="S/PV.9251", member="state/china",
    ev=ev(REP, "China", "speaker.list", "⁴³² See [S/PV.9251](#)"))

# A warning.
add("warning", doc=REPDOC,
    message="one table cell records two decisions (S/2023/638 and S/2023/639)",
    ev=ev(REP, "Draft resolution (S/2023/638) not adopted 13-1-1 ^h Draft resolution (S/2023/639) not adopted 1-1-13", "decision.repertoire_table"))

with open("tests/testdata/rdf/items.jsonl", "w") as f:
    for it in items:
        if "class_" in it:
            it["class"] = it.pop("class_")
        f.write(json.dumps(it, ensure_ascii=False) + "\n")
print(len(items), "items")
