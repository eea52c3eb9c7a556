#!/usr/bin/env python3
"""The reader over the whole BBC corpus (issue 3): every title is the
article's first line, every word is kept in order (tests/tools/words.py),
and no caption, credit, byline or dateline is invented, since these articles
have none. Prints one summary line; lists the headings, lists and quotes
found so that a person can judge them."""
import json
import os
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "tools"))
import words  # noqa: E402
from corpora import open_corpus  # noqa: E402

corpus, work = open_corpus("bbc")

inputs = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs
                if f.endswith(".txt"))
out = os.path.join(work, "out")
# one process for all: the CLI takes many inputs, --keep-folders keeps names apart
subprocess.run([os.environ["NEWSCONV"], "-q", "-t", "json", "--keep-folders", "-o", out + "/"]
               + inputs, check=True)


def plain(s):
    """A title compared as text: typography (curly quotes, dashes, ellipsis)
    undone the way words.py undoes it, white space collapsed."""
    s = unicodedata.normalize("NFC", s)
    for q, r in words.QUOTES.items():
        s = s.replace(q, r)
    for d in words.DASHES:
        s = s.replace(d, "-")
    s = s.replace("--", "-").replace("\u2026", "...")
    return " ".join(s.split())


# --keep-folders keeps the path below the inputs' common folder
outputs = {}
for d, _, fs in os.walk(out):
    for f in fs:
        rel = os.path.relpath(os.path.join(d, f), out)
        outputs[rel[:-len(".json")]] = os.path.join(d, f)

n = len(inputs)
titles = kept = english = 0
count = {k: 0 for k in ("caption", "credit", "byline", "dateline", "heading", "list", "quote")}
seen = {k: [] for k in ("heading", "list", "quote")}
failures = []
for path in inputs:
    rel = os.path.relpath(path, corpus)[:-len(".txt")]
    jpath = next((v for k, v in outputs.items() if k.endswith(rel)), None)
    if not jpath:
        failures.append(f"{rel}: no output")
        continue
    doc = json.load(open(jpath, encoding="utf-8"))
    first = words.input_text(path).split("\n", 1)[0]
    if plain(doc["meta"].get("title", "")) == plain(first):
        titles += 1
    else:
        failures.append(f"{rel}: title {doc['meta'].get('title')!r} is not line 1 {first!r}")
    # every BBC article is English, and long enough to be detected as such
    if (doc["meta"].get("lang"), doc["meta"].get("lang-source")) == ("en", "detected"):
        english += 1
    else:
        failures.append(f"{rel}: lang {doc['meta'].get('lang')!r} "
                        f"({doc['meta'].get('lang-source')!r}), not detected English")
    if words.check(path, jpath, quiet=True):
        kept += 1
    else:
        failures.append(f"{rel}: words lost or out of order")

    def walk(blocks):
        for b in blocks:
            t = b["type"]
            if t in count:
                count[t] += 1
            if "dateline" in b:
                count["dateline"] += 1
            if t in seen:
                seen[t].append(f"{rel} lines {b['lines'][0]}-{b['lines'][1]}")
            walk(b.get("children", []))
    walk(doc["blocks"])

for k in ("heading", "list", "quote"):
    for s in seen[k]:
        print(f"  {k}: {s}")
print(f"lang: {english}/{n} detected as English")
print(f"{n} articles: titles {titles}/{n}, words kept {kept}/{n}, captions {count['caption']}, "
      f"credits {count['credit']}, bylines {count['byline']}, datelines {count['dateline']}, "
      f"headings {count['heading']}, lists {count['list']}, quotes {count['quote']}")
for f in failures[:20]:
    print("FAIL:", f)
invented = [k for k in ("caption", "credit", "byline", "dateline") if count[k]]
if failures or invented or titles != n or kept != n:
    if invented:
        print("FAIL: invented " + ", ".join(invented))
    sys.exit(1)
