#!/usr/bin/env python3
"""DocBook output through the CLI, checked by independent tools.

  outputs.py project [EVERY_NODE]   the seed, every tests/reader/*.txt, the
                                   corpus fixtures, and (given the program
                                   tests/json/every_node.c) every node type
  outputs.py corpus    every article of $CORPUS/bbc (skipped when absent)

Each output must validate against the DocBook 5.0 RELAX NG schema (one
xmllint process for all files), have an <article version="5.0"> root, and
keep every word of its input in order (tests/tools/words.py). For the seed,
also what issue 6 names: info/title is the headline, the caption's text is
in a caption element, the credit is recognised; and with -M image=FILE the
photo sits in the caption's media object.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import convert  # noqa: E402

RNG = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"
DB = "{http://docbook.org/ns/docbook}"
fails = []


def fail(msg):
    fails.append(msg)
    print("FAIL:", msg)


def validate(paths):
    """One xmllint run over all paths; the ones it rejects are failures."""
    if not paths:
        return
    proc = subprocess.run(["xmllint", "--noout", "--relaxng", RNG, *paths],
                          capture_output=True, text=True)
    ok = sum(1 for line in proc.stderr.splitlines() if line.endswith(" validates"))
    if proc.returncode != 0 or ok != len(paths):
        bad = [line for line in proc.stderr.splitlines() if not line.endswith(" validates")]
        fail(f"xmllint accepted {ok} of {len(paths)} files:\n  " + "\n  ".join(bad[:20]))
    else:
        print(f"ok: xmllint --relaxng DocBook 5.0 accepts all {len(paths)} files")


def check_outputs(words, pairs):
    kept = moved = 0
    for inp, out in pairs:
        root = ET.parse(out).getroot()
        if root.tag != DB + "article" or root.get("version") != "5.0":
            fail(f"{out}: root is {root.tag} version={root.get('version')!r}, not a 5.0 article")
        if not convert.keeps_words(inp):
            moved += 1
        elif words.check(inp, out, "docbook"):
            kept += 1
        else:
            fail(f"{out}: a word of {inp} is missing or out of order")
    print(f"ok: every word in order in {kept} of {len(pairs) - moved} outputs "
          f"({moved} reader cases move words on purpose)")


def text_of(el):
    return "".join(el.itertext()) if el is not None else None


def blocks_of(path):
    """The seed's blocks, as its own text says (blank-line separated)."""
    text = open(path, encoding="utf-8-sig").read().replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]


def seed_checks(newsconv, seed, out, work):
    blocks = blocks_of(seed)
    root = ET.parse(out).getroot()
    title = text_of(root.find(f"{DB}info/{DB}title"))
    if title != blocks[0]:
        fail(f"info/title is {title!r}, the headline is {blocks[0]!r}")
    else:
        print("ok: info/title is the headline")
    captions = [text_of(c) for c in root.iter(DB + "caption")]
    if blocks[1] not in [" ".join(c.split()) for c in captions]:
        fail(f"no caption element holds the photo caption {blocks[1]!r}; captions: {captions}")
    else:
        print("ok: the photo caption is in a caption element")
    credits_info = [text_of(e) for e in root.findall(f"{DB}info/{DB}bibliosource[@role='credit']")]
    credits_body = [text_of(e) for e in root.iter(DB + "para") if e.get("role") == "credit"]
    if blocks[-1] not in credits_info or blocks[-1] not in credits_body:
        fail(f"credit {blocks[-1]!r} not recognised: info {credits_info}, body {credits_body}")
    else:
        print("ok: the credit is in info (bibliosource role=credit) and stays in the body")

    # The photo joins the caption: a caption alone would be no figure.
    img = os.path.join(work, "with-image.dbk")
    subprocess.run([newsconv, "-q", "-t", "docbook", "-M", "image=photo & co.jpg", "-o", img,
                    seed], check=True)
    validate([img])
    root = ET.parse(img).getroot()
    media = [m for m in root.iter(DB + "mediaobject") if m.find(DB + "caption") is not None]
    refs = [d.get("fileref") for m in media for d in m.iter(DB + "imagedata")]
    if refs != ["photo & co.jpg"]:
        fail(f"-M image: the caption's media object holds images {refs}")
    else:
        print("ok: -M image puts the photo in the caption's media object")


def main(mode, every_node=None):
    src, newsconv = convert.env("SRC"), convert.env("NEWSCONV")
    words = convert.words_module(src)
    work = convert.fresh_work()
    inputs = convert.mode_inputs(mode, src)
    if inputs is None:
        return 0
    pairs, failures = convert.convert(newsconv, "docbook", inputs, os.path.join(work, "out"))
    for inp, why in failures:
        fail(f"{inp}: {why}")
    print(f"converted {len(pairs)} of {len(inputs)} inputs")
    outs = [out for _, out in pairs]
    if every_node:
        full = os.path.join(work, "every_node.dbk")
        with open(full, "wb") as f:
            subprocess.run([every_node, "docbook"], stdout=f, check=True)
        outs.append(full)
    validate(outs)
    check_outputs(words, pairs)
    if mode == "project":
        seed = inputs[0]
        seed_out = dict(pairs).get(seed)
        if seed_out:
            seed_checks(newsconv, seed, seed_out, work)
    print(f"{len(fails)} failure(s)")
    return 1 if fails else 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in ("project", "corpus"):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
