#!/usr/bin/env python3
"""The detected language drives every writer (issue 16): for an article in
each of six languages, with no --lang, the JSON says lang X detected; HTML
has lang="X", DocBook xml:lang="X", the EPUB's package dc:language X,
Markdown's YAML block lang: X, the PDF /Lang (X); and the PDF is hyphenated
with X's dictionary: its text is that of the PDF made with --lang X, not the
one made with --lang en (so the check can fail), with at least one
hyphenated line end."""
import os
import re
import subprocess
import sys
import zipfile

SRC, NEWSCONV, WORK = os.environ["SRC"], os.environ["NEWSCONV"], os.environ["WORK"]
subprocess.run(["rm", "-rf", WORK], check=True)
os.makedirs(WORK)
cases = os.path.join(SRC, "tests", "reader", "cases")
fails = []


def run(*args):
    r = subprocess.run([NEWSCONV, "-q", *args], capture_output=True)
    if r.returncode != 0:
        fails.append(f"newsconv {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
    return r.returncode == 0


def pdf_text(path):
    return subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True).stdout.decode()


def pdf_lang(path):
    qdf = path + ".qdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, qdf], check=False)
    m = re.search(rb"/Lang \(([^)]*)\)", open(qdf, "rb").read())
    return m.group(1).decode() if m else None


def check(lang):
    # the case's article, then its body's words again six times, each time
    # starting a few words later: lines enough, and different, to need hyphens
    head, body = open(os.path.join(cases, f"lang-{lang}.txt"), encoding="utf-8").read().split("\n\n", 1)
    w = body.split()
    paras = [body.strip()] + [" ".join(w[k:] + w[:k]) for k in range(3, 21, 3)]
    src = os.path.join(WORK, f"{lang}.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write(head + "\n\n" + "\n\n".join(paras) + "\n")
    out = os.path.join(WORK, lang)
    # a large font: short lines, which need hyphens whatever the line breaker
    if not run("-t", "json,html,docbook,epub,markdown,pdf", "--yaml-metadata", "-W", "font-size=18",
               "-o", out + "/", src):
        return
    got = {}
    meta = open(os.path.join(out, f"{lang}.json"), encoding="utf-8").read()
    got["json"] = "detected " + lang if f'"lang": "{lang}",\n    "lang-source": "detected"' in meta else meta[:200]
    html = open(os.path.join(out, f"{lang}.html"), encoding="utf-8").read()
    got["html"] = re.search(r'<html[^>]* lang="([^"]*)"', html).group(1)
    dbk = open(os.path.join(out, f"{lang}.dbk"), encoding="utf-8").read()
    got["docbook"] = re.search(r'<article[^>]* xml:lang="([^"]*)"', dbk).group(1)
    with zipfile.ZipFile(os.path.join(out, f"{lang}.epub")) as z:
        opf = next(n for n in z.namelist() if n.endswith(".opf"))
        got["epub"] = re.search(r"<dc:language>([^<]*)</dc:language>", z.read(opf).decode()).group(1)
    md = open(os.path.join(out, f"{lang}.md"), encoding="utf-8").read()
    m = re.search(r"^lang: ['\"]?([A-Za-z-]+)", md, re.M)
    got["markdown"] = m.group(1) if m else None
    got["pdf"] = pdf_lang(os.path.join(out, f"{lang}.pdf"))
    want = {"json": "detected " + lang}
    for k, v in got.items():
        if v != want.get(k, lang):
            fails.append(f"{lang}: {k} says {v!r}, not {want.get(k, lang)!r}")
    # hyphenation: the same as with --lang X, not as with --lang en
    texts = {}
    for tag in (lang, "en"):
        p = os.path.join(WORK, f"{lang}-as-{tag}.pdf")
        if run("-t", "pdf", "-W", "font-size=18", "--lang", tag, "-o", p, src):
            texts[tag] = pdf_text(p)
    detected = pdf_text(os.path.join(out, f"{lang}.pdf"))
    hyphens = len(re.findall(r"\w-\n\w", detected))
    if texts.get(lang) != detected:
        fails.append(f"{lang}: the PDF differs from the one made with --lang {lang}")
    if texts.get("en") == detected:
        fails.append(f"{lang}: the PDF is hyphenated as with --lang en")
    if not hyphens:
        fails.append(f"{lang}: no hyphenated line end in the PDF")
    print(f"{lang}: json, html, docbook, epub, markdown, pdf say {lang}; "
          f"{hyphens} hyphenated line ends, as with --lang {lang}")


for lang in ("de", "fr", "es", "it", "ru", "sv"):
    check(lang)
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
