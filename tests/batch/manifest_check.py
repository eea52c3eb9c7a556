"""Checks a manifest against the files it names and the run that made it:
one line per input and format, in input order then format order, each with
the right size and SHA-256.
usage: manifest_check.py MANIFEST FORMATS INPUT..."""
import hashlib
import json
import os
import sys

manifest, formats, inputs = sys.argv[1], sys.argv[2].split(","), sys.argv[3:]
rows = [json.loads(line) for line in open(manifest, encoding="utf-8")]
want = [(i, f) for i in inputs for f in formats]
got = [(r["input"], r["format"]) for r in rows]
if got != want:
    sys.exit(f"{manifest}: {len(got)} rows, wanted {len(want)}; first difference at "
             f"{next((k for k, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))}")
for r in rows:
    if set(r) != {"input", "format", "output", "bytes", "sha256"}:
        sys.exit(f"bad keys: {sorted(r)}")
    data = open(r["output"], "rb").read()
    if len(data) != r["bytes"] or hashlib.sha256(data).hexdigest() != r["sha256"]:
        sys.exit(f"{r['output']}: size or sha256 differs from the manifest")
print(f"{manifest}: {len(rows)} rows, complete and correct")
