#!/usr/bin/env python3
"""Language detection (issue 16) on the wire development sample: every
Reuters story (reuters21578/) must read as English and every Der Standard
article (derstandard/) as German, detected from the text (lang-source
"detected"), and the German ones must get German quotation marks where
the text has straight ones. Prints one summary line per measure, so that a
regression shows as a number; skips with a message when the sample is
absent (it lives outside the repository, in ../shared/corpus/wire)."""
import json
import os
import subprocess
import sys

wire = os.path.join(os.environ.get("CORPUS", ""), "wire")
expected = {"reuters21578": "en", "derstandard": "de"}
if not all(os.path.isdir(os.path.join(wire, d)) for d in expected):
    print(f"skipped: the wire sample is absent ({wire})")
    sys.exit(0)
work = os.environ["WORK"]
subprocess.run(["rm", "-rf", work], check=True)
os.makedirs(work)

inputs = sorted(os.path.join(wire, d, f) for d in expected
                for f in os.listdir(os.path.join(wire, d)) if f.endswith(".txt"))
out = os.path.join(work, "out")
subprocess.run([os.environ["NEWSCONV"], "-q", "-t", "json", "--keep-folders", "-o", out + "/"]
               + inputs, check=True)

right = {d: 0 for d in expected}
total = {d: 0 for d in expected}
detected = 0
german_quotes = german_straight = straight_left = 0
failures = []
for path in inputs:
    folder = os.path.basename(os.path.dirname(path))
    name = os.path.basename(path)[:-len(".txt")]
    total[folder] += 1
    doc = json.load(open(os.path.join(out, folder, name + ".json"), encoding="utf-8"))
    meta = doc["meta"]
    if meta.get("lang") == expected[folder]:
        right[folder] += 1
    else:
        failures.append(f"{folder}/{name}: lang {meta.get('lang')!r}, not {expected[folder]!r}")
    if meta.get("lang-source") == "detected":
        detected += 1
    else:
        failures.append(f"{folder}/{name}: lang-source {meta.get('lang-source')!r}")
    if folder == "derstandard":
        texts = [doc["meta"].get("title", "")] + [b.get("text", "") for b in doc["blocks"]]
        german_quotes += sum(t.count("\u201e") + t.count("\u201c") for t in texts)
        straight_left += sum(t.count('"') for t in texts)
        german_straight += open(path, encoding="utf-8").read().count('"')

n = len(inputs)
print(f"lang: {sum(right.values())}/{n} right ("
      + ", ".join(f"{d} {right[d]}/{total[d]} {expected[d]}" for d in expected) + ")")
print(f"lang-source: {detected}/{n} detected")
print(f"german quotes: {german_straight} straight quotes in Der Standard, {german_quotes} "
      f"\u201e and \u201c out, {straight_left} left straight")
if straight_left:
    failures.append(f"{straight_left} straight quotes left in German text")
for f in failures[:20]:
    print("FAIL:", f)
sys.exit(1 if failures or n != 400 else 0)
