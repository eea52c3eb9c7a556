#!/usr/bin/env python3
"""Every Markdown output the project can produce (the seed, every
tests/reader/*.txt, the corpus fixtures) parses with cmark and keeps every
word of its input in order (tests/tools/words.py reads it through cmark).
For the seed, the first heading is a level-1 heading holding the headline.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docbook"))
import convert  # noqa: E402

CM = "{http://commonmark.org/xml/1.0}"


def main():
    src, newsconv = convert.env("SRC"), convert.env("NEWSCONV")
    words = convert.words_module(src)
    work = convert.fresh_work()
    inputs = convert.project_inputs(src)
    pairs, failures = convert.convert(newsconv, "markdown", inputs, os.path.join(work, "out"))
    fails = [f"{inp}: {why}" for inp, why in failures]
    kept = 0
    for inp, out in pairs:
        proc = subprocess.run(["cmark", "--to", "xml", out], capture_output=True)
        if proc.returncode != 0:
            fails.append(f"{out}: cmark fails: {proc.stderr.decode(errors='replace')}")
            continue
        tree = ET.fromstring(proc.stdout)
        if not convert.keeps_words(inp):
            kept += 1  # a reader case that moves words on purpose
        elif words.check(inp, out, "md"):
            kept += 1
        else:
            fails.append(f"{out}: a word of {inp} is missing or out of order")
        if inp == inputs[0]:
            headline = open(inp, encoding="utf-8-sig").read().split("\n", 1)[0].strip()
            first = tree.find(f".//{CM}heading")
            text = "".join(t.text or "" for t in first.iter(f"{CM}text")) if first is not None else None
            if first is None or first.get("level") != "1" or text != headline:
                fails.append(f"seed: first heading is {text!r} (level "
                             f"{first.get('level') if first is not None else None}), "
                             f"not the headline {headline!r} at level 1")
            else:
                print("ok: the seed's first heading is the headline, level 1")
    print(f"ok: cmark parses {len(pairs) - len([f for f in fails if 'cmark fails' in f])} "
          f"of {len(inputs)} outputs; every word in order in {kept}")
    for f in fails:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
