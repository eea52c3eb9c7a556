#!/usr/bin/env python3
"""Every JSON output the project can produce validates against
tests/schema/document.schema.json (JSON Schema 2020-12, python3-jsonschema):
the seed, every tests/reader/*.txt, the corpus fixtures, and a document
holding every node type and metadata key (the every_node program). Beyond
what a schema can say: lines are ordered (first <= last, blocks in order),
inlines spell out exactly the block's text, and the seed reads as issue 2
says. Finally the schema must reject broken documents, so that this test
can fail.

  outputs.py EVERY_NODE_PROGRAM
"""
import copy
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docbook"))
import convert  # noqa: E402

try:
    from jsonschema import Draft202012Validator
except ImportError:
    sys.exit("FAIL: python3-jsonschema is not installed")

fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL:", msg)


def inline_text(inlines):
    out = []
    for i in inlines:
        out.append(i["text"] if i["type"] == "text" else inline_text(i["children"]))
    return "".join(out)


def deep_checks(name, doc):
    """What the schema cannot express."""
    last = [0]

    def walk(blocks):
        for b in blocks:
            first, end = b["lines"]
            if first > end:
                fail(f"{name}: {b['type']} block has lines {b['lines']}")
            if first and first < last[0]:
                fail(f"{name}: {b['type']} block at lines {b['lines']} comes after line {last[0]}")
            last[0] = max(last[0], first)
            if "inlines" in b and inline_text(b["inlines"]) != b["text"]:
                fail(f"{name}: inlines of a {b['type']} do not spell its text {b['text']!r}")
            opening = b.get("kicker", "") + b.get("dateline", "")
            if opening and not b["text"].startswith(opening):
                fail(f"{name}: kicker and dateline {opening!r} do not open their paragraph")
            walk(b.get("children", []))
    walk(doc["blocks"])


def types_in(doc):
    found = set()

    def walk_inlines(inlines):
        for i in inlines:
            found.add("inline:" + i["type"])
            walk_inlines(i.get("children", []))

    def walk(blocks):
        for b in blocks:
            found.add(b["type"])
            if b.get("dateline"):
                found.add("dateline")
            if b["type"] == "list":
                found.add("ordered" if b["ordered"] else "unordered")
            walk_inlines(b.get("inlines", []))
            walk(b.get("children", []))
    walk(doc["blocks"])
    return found


def validate(validator, name, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:5]:
        fail(f"{name}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}")
    if not errors:
        deep_checks(name, doc)
    return not errors


def seed_checks(seed, doc):
    text = open(seed, encoding="utf-8-sig").read().replace("\r\n", "\n")
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    ok = True
    if doc["meta"].get("title") != blocks[0]:
        fail(f"seed: meta.title {doc['meta'].get('title')!r} is not the headline")
        ok = False
    kinds = [b["type"] for b in doc["blocks"]]
    captions = [b for b in doc["blocks"] if b["type"] == "caption"]
    credits = [b for b in doc["blocks"] if b["type"] == "credit"]
    opening = blocks[1].split(")")[0] + ")"  # "German Chancellor Olaf Scholz (right)"
    if len(captions) != 1 or not captions[0]["text"].startswith(opening):
        fail(f"seed: wanted one caption beginning {opening!r}, got {captions}")
        ok = False
    if len(credits) != 1 or credits[0]["text"] != blocks[-1]:
        fail(f"seed: wanted one credit block {blocks[-1]!r}, got {credits}")
        ok = False
    if kinds.count("paragraph") != len(blocks) - 3:
        fail(f"seed: {kinds.count('paragraph')} paragraphs, the seed has {len(blocks) - 3}")
        ok = False
    if ok:
        print(f"ok: seed: title, one caption, one credit, {len(blocks) - 3} paragraphs")


def mutations(good):
    """Broken variants of a valid document, each of which must be rejected."""
    first = good["blocks"][0]

    def m(fn):
        d = copy.deepcopy(good)
        fn(d)
        return d
    yield "unknown block type", m(lambda d: d["blocks"][0].update(type="sidebar"))
    yield "block without lines", m(lambda d: d["blocks"][0].pop("lines"))
    yield "lines counted from 0", m(lambda d: d["blocks"][0].update(lines=[0, 3]))
    yield "three line numbers", m(lambda d: d["blocks"][0].update(lines=[1, 2, 3]))
    yield "leaf without text", m(lambda d: d["blocks"][0].pop("text", None)
                                 or d["blocks"][0].pop("children", None))
    yield "extra block property", m(lambda d: d["blocks"][0].update(style="bold"))
    yield "unknown meta key", m(lambda d: d["meta"].update(colour="red"))
    yield "authors as a string", m(lambda d: d["meta"].update(authors="Ann"))
    yield "lang not BCP 47", m(lambda d: d["meta"].update(lang="English (UK)"))
    yield "headline in blocks", m(lambda d: d["blocks"].insert(0, {"type": "title",
                                                                   "lines": [1, 1],
                                                                   "text": "x"}))
    yield "heading without level", m(lambda d: d["blocks"].append(
        {"type": "heading", "lines": [99, 99], "text": "h"}))
    yield "heading level 7", m(lambda d: d["blocks"].append(
        {"type": "heading", "lines": [99, 99], "level": 7, "text": "h"}))
    yield "ordered list without start", m(lambda d: d["blocks"].append(
        {"type": "list", "lines": [99, 99], "ordered": True,
         "children": [{"type": "item", "lines": [99, 99], "text": "i"}]}))
    yield "unordered list with start", m(lambda d: d["blocks"].append(
        {"type": "list", "lines": [99, 99], "ordered": False, "start": 1,
         "children": [{"type": "item", "lines": [99, 99], "text": "i"}]}))
    yield "paragraph in a list", m(lambda d: d["blocks"].append(
        {"type": "list", "lines": [99, 99], "ordered": False,
         "children": [{"type": "paragraph", "lines": [99, 99], "text": "i"}]}))
    yield "item outside a list", m(lambda d: d["blocks"].append(
        {"type": "item", "lines": [99, 99], "text": "i"}))
    yield "text inline without text", m(lambda d: d["blocks"][0].update(
        inlines=[{"type": "text"}]))
    yield "link without url", m(lambda d: d["blocks"][0].update(
        inlines=[{"type": "link", "children": []}]))
    yield "blocks missing", m(lambda d: d.pop("blocks"))
    del first


def main(every_node):
    src = convert.env("SRC")
    newsconv = convert.env("NEWSCONV")
    work = convert.fresh_work()
    schema = json.load(open(os.path.join(src, "tests", "schema", "document.schema.json")))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)

    inputs = convert.project_inputs(src)
    pairs, failures = convert.convert(newsconv, "json", inputs, os.path.join(work, "out"))
    for inp, why in failures:
        fail(f"{inp}: {why}")
    valid = 0
    docs = {}
    for inp, out in pairs:
        doc = json.load(open(out, encoding="utf-8"))
        docs[inp] = doc
        valid += validate(validator, out, doc)
    print(f"ok: {valid} of {len(inputs)} CLI outputs validate")
    if inputs[0] in docs:
        seed_checks(inputs[0], docs[inputs[0]])

    proc = subprocess.run([every_node, "json"], capture_output=True)
    if proc.returncode != 0:
        fail(f"every_node json: exit {proc.returncode}: {proc.stderr.decode(errors='replace')}")
        return 1
    full = json.loads(proc.stdout)
    if validate(validator, "every_node", full):
        print("ok: the every-node document validates")
    want = {"paragraph", "heading", "caption", "byline", "quote", "list", "item", "credit",
            "break", "dateline", "ordered", "unordered", "inline:text", "inline:emphasis",
            "inline:link"}
    missing = want - types_in(full)
    if missing:
        fail(f"every_node lacks {sorted(missing)}: it no longer exercises the whole schema")
    meta_keys = set(schema["$defs"]["meta"]["properties"])
    if set(full["meta"]) != meta_keys:
        fail(f"every_node meta keys {sorted(full['meta'])} differ from the schema's "
             f"{sorted(meta_keys)}")

    rejected = 0
    for what, broken in mutations(full):
        if validator.is_valid(broken):
            fail(f"the schema accepts a broken document: {what}")
        else:
            rejected += 1
    print(f"ok: the schema rejects {rejected} kinds of broken document")
    print(f"{len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
