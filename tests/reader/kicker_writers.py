#!/usr/bin/env python3
"""A kicker given without a separator of its own (-M kicker=EXCLUSIVE, a
front matter "kicker: VIDÉO -" whose space was trimmed, "Exclusive:") is
joined to the title once, by the reader, so that no writer runs it into the
title (issue 16): in every format's text (tests/tools/words.py, each format
read by its own extraction) the kicker's words are followed by the title's
as separate words, never "EXCLUSIVEShipping". A kicker written touching
("EXCLUSIVE-") stays touching, as the headline "EXCLUSIVE-Shipping ..."
gives it. The JSON shows the joined kicker."""
import json
import os
import subprocess
import sys

SRC, NEWSCONV, WORK = os.environ["SRC"], os.environ["NEWSCONV"], os.environ["WORK"]
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words  # noqa: E402

subprocess.run(["rm", "-rf", WORK], check=True)
os.makedirs(WORK)
TITLE = "Shipping firms cut Red Sea routes"
BODY = ("LONDON, Dec 5 (Reuters) - Several of the world's largest shipping firms plan to cut "
        "their Red Sea routes, three people familiar with the plans said.\n")
# (name, front matter kicker or None, -M kicker or None, the JSON's kicker,
#  the headline's words as every format must give them)
CASES = [
    ("option", None, "EXCLUSIVE", "EXCLUSIVE - ", ["exclusive"] + words.words(TITLE)),
    ("colon", None, "Exclusive:", "Exclusive: ", ["exclusive"] + words.words(TITLE)),
    ("touching", None, "EXCLUSIVE-", "EXCLUSIVE-", words.words("EXCLUSIVE-" + TITLE)),
    ("yaml", "VIDÉO -", None, "VIDÉO - ", ["vidéo"] + words.words(TITLE)),
    ("yaml-word", "EXCLUSIVE", None, "EXCLUSIVE - ", ["exclusive"] + words.words(TITLE)),
]
# extension of each format's output as `-t all` names it
FORMATS = {"json": "json", "markdown": "md", "docbook": "dbk", "html": "html", "epub": "epub",
           "pdf": "pdf", "ninjs": "ninjs.json", "newsml": "newsml.xml"}
fails = []


def has_run(seq, want):
    return any(seq[i:i + len(want)] == want for i in range(len(seq) - len(want) + 1))


for name, fm, opt, want_json, want_words in CASES:
    src = os.path.join(WORK, name + ".txt")
    with open(src, "w", encoding="utf-8") as f:
        if fm is None:
            f.write(TITLE + "\n\n" + BODY)
        else:
            f.write(f"---\ntitle: {TITLE}\nkicker: {fm}\n---\n\n" + BODY)
    args = ["-M", "kicker=" + opt] if opt else []
    out = os.path.join(WORK, name)
    r = subprocess.run([NEWSCONV, "-q", "-t", ",".join(FORMATS), *args, "-o", out + "/", src],
                       capture_output=True)
    if r.returncode != 0:
        fails.append(f"{name}: exit {r.returncode}: {r.stderr.decode()}")
        continue
    meta = json.load(open(os.path.join(out, name + ".json"), encoding="utf-8"))["meta"]
    if meta.get("kicker") != want_json or meta.get("title") != TITLE:
        fails.append(f"{name}: JSON kicker {meta.get('kicker')!r} title {meta.get('title')!r}, "
                     f"not {want_json!r} {TITLE!r}")
    for fmt, ext in FORMATS.items():
        got = words.words(words.output_text(os.path.join(out, f"{name}.{ext}")))
        if not has_run(got, want_words):
            fails.append(f"{name}: {fmt} does not give {' '.join(want_words)!r}; "
                         f"it begins {' '.join(got[:10])!r}")

print(f"{len(CASES)} kickers x {len(FORMATS)} formats: {len(fails)} failures")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
