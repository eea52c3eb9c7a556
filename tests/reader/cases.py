#!/usr/bin/env python3
"""Reader cases: each cases/NAME.txt through `newsconv -t json` (with the
arguments in NAME.args, one a line, when present) must give NAME.json byte
for byte. Also: every word kept in order (tests/tools/words.py) unless
NAME.nowords says the case moves words on purpose (front matter goes to
metadata; a hyphen joined across a line end); the JSON valid against the
schema when there is one; the seed in other encodings and line ends equal to
the seed, and the seed wrapped at 72 columns giving the same blocks.
Regenerate the expected files with tests/reader/regen.sh and read the diff."""
import json
import os
import subprocess
import sys

SRC = os.environ["SRC"]
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words  # noqa: E402

here = os.path.join(SRC, "tests", "reader", "cases")
work = os.environ["WORK"]
subprocess.run(["rm", "-rf", work], check=True)
os.makedirs(work)

schema = None
spath = os.path.join(SRC, "tests", "schema", "document.schema.json")
if os.path.exists(spath):
    import jsonschema
    schema = json.load(open(spath))


def run(name):
    args = []
    a = os.path.join(here, name + ".args")
    if os.path.exists(a):
        args = [x for x in open(a, encoding="utf-8").read().split("\n") if x]
    r = subprocess.run([os.environ["NEWSCONV"], "-t", "json"] + args
                       + [os.path.join(here, name + ".txt"), "-o", "-"],
                       capture_output=True, env=dict(os.environ, LANG="C", LC_ALL="C"))
    return r


fails = 0
names = sorted(f[:-4] for f in os.listdir(here) if f.endswith(".txt"))
got = {}
for name in names:
    r = run(name)
    if r.returncode != 0:
        print(f"FAIL {name}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
        fails += 1
        continue
    got[name] = r.stdout
    out = os.path.join(work, name + ".json")
    open(out, "wb").write(r.stdout)
    exp = os.path.join(here, name + ".json")
    if not os.path.exists(exp):
        print(f"FAIL {name}: no expected file (run tests/reader/regen.sh)")
        fails += 1
        continue
    if open(exp, "rb").read() != r.stdout:
        print(f"FAIL {name}: output differs from {name}.json:")
        subprocess.run(["diff", "-u", exp, out])
        fails += 1
    if not os.path.exists(os.path.join(here, name + ".nowords")) and \
            not words.check(os.path.join(here, name + ".txt"), out, "json"):
        print(f"FAIL {name}: words lost")
        fails += 1
    if schema:
        try:
            jsonschema.validate(json.loads(r.stdout), schema)
        except jsonschema.ValidationError as e:
            print(f"FAIL {name}: schema: {e.message}")
            fails += 1

seed = got.get("seed")
for v in ("seed-crlf", "seed-cr", "seed-bom", "seed-utf16le", "seed-utf16be"):
    if seed is None or got.get(v) != seed:
        print(f"FAIL {v}: not the same document as the seed")
        fails += 1


def shape(data):
    doc = json.loads(data)
    return doc["meta"], [(b["type"], b.get("text")) for b in doc["blocks"]]


if seed is None or "seed-wrapped72" not in got or shape(got["seed-wrapped72"]) != shape(seed):
    print("FAIL seed-wrapped72: not the same blocks as the seed")
    fails += 1
print(f"{len(names)} cases, {fails} failures")
sys.exit(1 if fails else 0)
