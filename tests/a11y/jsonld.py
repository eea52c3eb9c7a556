#!/usr/bin/env python3
"""The schema.org NewsArticle that the HTML page and the EPUB's article
carry as JSON-LD (issue 20), against the document model of the same input
(`newsconv -t json`): headline, authors as Persons, datePublished only for a
date read as one, inLanguage, publisher, description, subtitle, and the photo
in the EPUB. The whole object must be what the model says, nothing more.

Inputs: the seed, every reader case and corpus fixture, and the seed with
metadata that tries to end the script (</script>, quotes, '&', a backslash)."""
import json
import os
import re
import subprocess
import sys
import zipfile

SRC = os.environ["SRC"]
sys.path.insert(0, os.path.join(SRC, "tests", "docbook"))
import convert  # noqa: E402  the shared list of inputs and the batch conversion
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
from images import png  # noqa: E402

NEWSCONV = convert.env("NEWSCONV")
WORK = convert.fresh_work()
os.environ.update(SOURCE_DATE_EPOCH="1695859200", TZ="UTC", LC_ALL="C")
# The schema's pattern of a language tag: what the writers accept as one.
LANG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

failures = 0


def fail(what):
    global failures
    failures += 1
    print(f"FAIL: {what}")


def expected(meta, page_title, image=None):
    """The NewsArticle the model asks for. page_title: the page's <title>,
    the headline of an article without a title of its own."""
    want = {"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": meta.get("title") or page_title}
    if meta.get("subtitle"):
        want["alternativeHeadline"] = meta["subtitle"]
    authors = [a for a in meta.get("authors", []) if a]
    if authors:
        want["author"] = [{"@type": "Person", "name": a} for a in authors]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta.get("date", "")):
        want["datePublished"] = meta["date"]
    lang = meta.get("lang") or "en"
    want["inLanguage"] = lang if LANG.fullmatch(lang) else "und"
    if meta.get("publisher"):
        want["publisher"] = {"@type": "Organization", "name": meta["publisher"]}
    if meta.get("description"):
        want["description"] = meta["description"]
    if image:
        want["image"] = image
    return want


def ld_of(markup, where):
    blocks = SCRIPT.findall(markup)
    if len(blocks) != 1:
        fail(f"{where}: {len(blocks)} JSON-LD blocks, not one")
        return None
    if "<" in blocks[0] or "&" in blocks[0]:
        fail(f"{where}: '<' or '&' in the JSON-LD")
    try:
        return json.loads(blocks[0])
    except ValueError as e:
        fail(f"{where}: not JSON: {e}")
        return None


def compare(got, want, where):
    if got is None:
        return
    if got != want:
        fail(f"{where}: JSON-LD differs from the model:\n  got  {json.dumps(got, ensure_ascii=False)}"
             f"\n  want {json.dumps(want, ensure_ascii=False)}")


def page_title(markup):
    m = re.search(r"<title>(.*?)</title>", markup, re.S)
    import html
    return html.unescape(m.group(1)) if m else None


def check_input(inp, outs, image=None):
    meta = json.load(open(outs["json"], encoding="utf-8"))["meta"]
    page = open(outs["html"], encoding="utf-8").read()
    want = expected(meta, page_title(page))
    compare(ld_of(page, outs["html"]), want, outs["html"])
    lang = re.search(r'<html[^>]* lang="([^"]*)"', page)
    if not lang or lang.group(1) != want["inLanguage"]:
        fail(f"{outs['html']}: <html lang> {lang and lang.group(1)} is not {want['inLanguage']}")
    with zipfile.ZipFile(outs["epub"]) as z:
        article = z.read("OEBPS/article.xhtml").decode("utf-8")
    compare(ld_of(article, outs["epub"]), expected(meta, page_title(page), image), outs["epub"])


# --- the project's inputs ------------------------------------------------------
inputs = convert.project_inputs(SRC)
got = {}
for fmt in ("json", "html", "epub"):
    pairs, failed = convert.convert(NEWSCONV, fmt, inputs, os.path.join(WORK, fmt))
    for inp, why in failed:
        fail(f"{fmt} of {inp}: {why}")
    for inp, out in pairs:
        got.setdefault(inp, {})[fmt] = out
checked = 0
for inp, outs in got.items():
    if len(outs) == 3:
        check_input(inp, outs)
        checked += 1
with_date = sum(1 for outs in got.values() if "json" in outs and re.fullmatch(
    r"\d{4}-\d{2}-\d{2}", json.load(open(outs["json"], encoding="utf-8"))["meta"].get("date", "")))
print(f"checked the JSON-LD of {checked} inputs ({with_date} with a date)")
if checked < 80:
    fail(f"only {checked} inputs were checked")

# --- metadata that tries to break out ----------------------------------------
photo = os.path.join(WORK, "photo.png")
png(photo)
hostile = ["-M", "title=</script><script>alert(1)</script> & \"quotes\" \\ back",
           "-M", "author=Ann <b>Bold</b>", "-M", "author=Ben \"Q\" O'Neil",
           "-M", "publisher=R&D </SCRIPT>", "-M", "date=2021-05-04",
           "-M", "subtitle=a < b > c", "-M", "description=Line\tend", "-M", "lang=de-AT",
           "-M", "image=" + photo]
seed = os.path.join(SRC, "seeds", "article.txt")
outs = {}
for fmt in ("json", "html", "epub"):
    out = os.path.join(WORK, "hostile." + fmt)
    subprocess.run([NEWSCONV, "-q", "-t", fmt, *hostile, "-o", out, seed], check=True)
    outs[fmt] = out
check_input(seed, outs, image="images/photo.png")
meta = json.load(open(outs["json"], encoding="utf-8"))["meta"]
if len(meta.get("authors", [])) != 2 or "datePublished" not in expected(meta, ""):
    fail(f"the hostile case lost its authors or date in the model: {meta}")

print(f"{'FAIL' if failures else 'ok'}: JSON-LD of {checked + 1} inputs against the model"
      f" ({failures} failures)")
sys.exit(1 if failures else 0)
