#!/usr/bin/env python3
"""The reader on the wire development sample (CORPUS/wire, see its README):
200 Reuters-21578 stories of 1987 and 200 Der Standard articles. What each
should give is read here from the text itself with simple patterns of our
own, independent of the reader's C code; the reader's JSON must find every
one. One summary line per measure, so that a regression shows as a number:

  Reuters: datelines (line 3 opens with "PLACE, DATE -"), sign-offs (a last
  line "Reuter"), indented paragraphs (every line opening with spaces that
  is no table row opens a block), tables (two or more consecutive lines of
  fields two or more spaces apart, stacking into two or more columns; the
  rule as the issue states it, counted here by its own code);
  Der Standard: datelines ("Wien – ", "Washington/Kiew – " opening the
  body), APA credits ("(APA, 5.12.2015)" closing the text).
Also every word of every article in order (tests/tools/words.py)."""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "tools"))
import words  # noqa: E402
from corpora import open_corpus  # noqa: E402

corpus, work = open_corpus("wire")

REUTERS_DATELINE = re.compile(r"^\**[A-Za-z][A-Za-z .'/-]*(, [^,\-]+)+ -( |$)")
STANDARD_DATELINE = re.compile(r"^(?!(?:Die|Der|Das|Ein|Eine|Es|Er|Sie|Wir) )"
                               r"[A-ZÄÖÜ][\w.'-]*(?:[ /][A-ZÄÖÜ][\w.'-]*)* [–-] ?")
APA_CREDIT = re.compile(r"\(APA(?:/[^,)]*)?, ?\d{1,2}\. ?\d{1,2}\. ?\d{4}\)\s*$")
SIGN_OFF = re.compile(r"^\s*reuter\.*\s*$", re.I)


def plain(s):
    """Text compared as text: the typography the reader applies undone."""
    for q, r in words.QUOTES.items():
        s = s.replace(q, r)
    return s.strip()


def convert(folder):
    inputs = sorted(os.path.join(corpus, folder, f) for f in os.listdir(os.path.join(corpus, folder))
                    if f.endswith(".txt"))
    out = os.path.join(work, folder)
    subprocess.run([os.environ["NEWSCONV"], "-q", "-t", "json", "-o", out + "/"] + inputs, check=True)
    for path in inputs:
        name = os.path.basename(path)[:-4]
        yield path, os.path.join(out, name + ".json")


def walk(blocks):
    for b in blocks:
        yield b
        yield from walk(b.get("children", []))


failures = []
count = {}


def measure(key, want, got, where):
    n, k = count.get(key, (0, 0))
    count[key] = (n + bool(want), k + bool(want and got))
    if want and not got:
        failures.append(f"{key}: {where}")


for path, jpath in convert("reuters21578"):
    name = os.path.basename(path)
    text = words.input_text(path)
    lines = text.split("\n")
    doc = json.load(open(jpath, encoding="utf-8"))
    blocks = list(walk(doc["blocks"]))
    if not words.check(path, jpath, quiet=True):
        failures.append(f"words: {name}")
    first = next((b for b in doc["blocks"] if b["type"] == "paragraph"), {})
    m = REUTERS_DATELINE.match(lines[2])
    measure("reuters datelines", m, m and plain(first.get("dateline", "")) == plain(m.group(0)), name)
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=0)
    signed = SIGN_OFF.match(lines[last])
    measure("reuters sign-offs", signed, doc["blocks"][-1]["type"] == "credit" and
            doc["blocks"][-1]["lines"][0] == last + 1, name)
    runs = words.tables(lines)
    found = {tuple(b["lines"]) for b in blocks if b["type"] == "table"}
    for r in runs:
        measure("reuters tables", True, r in found, f"{name} lines {r[0]}-{r[1]}")
    in_table = {i for a, b in runs for i in range(a, b + 1)}
    starts = {b["lines"][0] for b in blocks if b["type"] not in ("table", "row", "cell")}
    for i, ln in enumerate(lines[3:], start=4):
        if ln[:1] == " " and ln.strip() and i not in in_table and not SIGN_OFF.match(ln):
            measure("reuters indented paragraphs", True, i in starts, f"{name} line {i}")

for path, jpath in convert("derstandard"):
    name = os.path.basename(path)
    text = words.input_text(path)
    lines = text.split("\n")
    doc = json.load(open(jpath, encoding="utf-8"))
    if not words.check(path, jpath, quiet=True):
        failures.append(f"words: {name}")
    first = next((b for b in doc["blocks"] if b["type"] == "paragraph"), {})
    m = STANDARD_DATELINE.match(lines[2]) if len(lines) > 2 else None
    measure("standard datelines", m, m and plain(first.get("dateline", "")) == plain(m.group(0)), name)
    body = text.rstrip()
    credit = APA_CREDIT.search(body)
    measure("standard APA credits", credit, any(b["type"] == "credit" and
                                                b["text"] == credit.group(0).strip()
                                                for b in doc["blocks"]) if credit else False, name)

for key, (n, k) in count.items():
    print(f"{key}: {k}/{n}")
for f in failures[:30]:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
