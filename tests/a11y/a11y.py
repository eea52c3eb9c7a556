#!/usr/bin/env python3
"""Accessibility (issue 20), judged by the checkers publishers and web teams
run: Ace by DAISY on the EPUB and axe-core (WCAG 2.0, 2.1 and 2.2 at levels
A and AA, and its best practices) on the HTML page of the seed, of every
reader case and of every corpus fixture, plus the seed with a photo and a
cover, and with a photo described by -M image-alt in another language. Any
violation of any impact fails, and so does a book without its accessibility
metadata or without the conformance claim (check.js does the checking, in
one chromium for all books and one for all pages).

A photo that nothing describes makes a book that must not claim
conformance: its package is read here, not by Ace.

Controls that must fail, so that a checker passing everything is caught: the
seed's book without the ARIA role of its table of contents and without its
conformance claim, its page without the main landmark, and the photo page
with the photo's alt removed."""
import hashlib
import os
import re
import shutil
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
HERE = os.path.join(SRC, "tests", "a11y")
os.environ.update(SOURCE_DATE_EPOCH="1695859200", TZ="UTC", LC_ALL="C")

status = 0


def check(cond, what):
    global status
    print(("ok: " if cond else "FAIL: ") + what)
    status |= not cond


def need(cond, what):
    if not cond:
        print(f"FAIL: {what} (sh .ci/deps installs it)")
        sys.exit(1)


need(shutil.which("node"), "node missing (Debian package nodejs)")
need(os.path.exists(os.environ.get("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")),
     "chromium missing (Debian package chromium)")
need(os.path.isdir(os.path.join(HERE, "node_modules", "@daisy", "ace-core")),
     "the checkers are not installed in tests/a11y/node_modules (npm ci --ignore-scripts)")

# --- the books and pages ----------------------------------------------------
inputs = convert.project_inputs(SRC)
files = []
for fmt in ("epub", "html"):
    pairs, failures = convert.convert(NEWSCONV, fmt, inputs, os.path.join(WORK, fmt))
    for inp, why in failures:
        check(False, f"{fmt} of {inp}: {why}")
    files += [out for _, out in pairs]
n_books = sum(f.endswith(".epub") for f in files)
check(n_books >= 80, f"{n_books} books from the seed, reader cases and corpus fixtures")


def run(args, outdir):
    subprocess.run([NEWSCONV, "-q", "-t", "epub,html", "-o", outdir + "/", *args], check=True)


photo = os.path.join(WORK, "photo.png")
png(photo)
seed = os.path.join(SRC, "seeds", "article.txt")
variants = {
    "pictures": ["-M", "image=" + photo, "-M", "cover-image=" + photo],
    "described": ["-M", "image=" + photo, "-M", "image-alt=Two men shake hands in a hall",
                  "-M", "lang=de", "-M", "author=Jane Roe", "-M", "author=Max Muster",
                  "-M", "publisher=RFE/RL",
                  "-M", "date=2023-09-28"],
}
for name, args in variants.items():
    run([*args, seed], os.path.join(WORK, name))
    files += [os.path.join(WORK, name, "article." + ext) for ext in ("epub", "html")]

def text_of(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# --- what the checkers do not look at -----------------------------------------
with zipfile.ZipFile(os.path.join(WORK, "described", "article.epub")) as z:
    nav = z.read("OEBPS/nav.xhtml").decode()
    opf = z.read("OEBPS/content.opf").decode()
check(re.search(r'<h1 lang="en" xml:lang="en">Contents</h1>', nav) is not None
      and re.search(r'<nav epub:type="landmarks" lang="en"', nav) is not None
      and 'property="schema:accessibilitySummary" xml:lang="en"' in opf,
      "a German book marks its English words (table headings, summary) as English")
check('<p class="byline">Jane Roe, Max Muster</p>'
      in text_of(os.path.join(WORK, "described", "article.html")),
      "a German page joins its authors without the English 'and'")
with zipfile.ZipFile(os.path.join(WORK, "pictures", "article.epub")) as z:
    cover = z.read("OEBPS/cover.xhtml").decode()
check('role="doc-cover"' in cover, "the cover image has the ARIA role doc-cover")

# --- a photo nothing describes: no claim -------------------------------------
bare = os.path.join(WORK, "bare.txt")
with open(bare, "w", encoding="utf-8") as f:
    f.write("A Headline Without a Caption\n\nOne paragraph of text, and no caption at all.\n")
run(["-M", "image=" + photo, bare], os.path.join(WORK, "bare"))
with zipfile.ZipFile(os.path.join(WORK, "bare", "bare.epub")) as z:
    opf = z.read("OEBPS/content.opf").decode()
check("dcterms:conformsTo" not in opf and "alternativeText" not in opf
      and ">textual,visual<" in opf,
      "a photo that nothing describes: no conformance claim, no alternativeText, "
      "text alone not sufficient")
files.append(os.path.join(WORK, "bare", "bare.html"))  # its page must still pass axe-core


# --- the controls ------------------------------------------------------------
def rewrite_zip(src, dst, fn):
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
        for info in z.infolist():
            out.writestr(info, fn(info.filename, z.read(info)))


controls = {}
broken = os.path.join(WORK, "control-book.epub")
rewrite_zip(os.path.join(WORK, "pictures", "article.epub"), broken,
            lambda name, data: re.sub(rb' role="doc-toc"|<meta property="dcterms:conformsTo">'
                                      rb'[^<]*</meta>', b"", data))
controls[broken] = "the book without doc-toc and conformsTo"
for name, what, pattern, source in (
        ("control-main.html", "the page without <main>", r"</?main>",
         os.path.join(WORK, "html", "seeds", "article.html")),
        ("control-alt.html", "the photo without alt", r' alt="[^"]*"',
         os.path.join(WORK, "pictures", "article.html"))):
    if not os.path.exists(source):
        check(False, f"{source} missing: the control cannot be made")
        continue
    page = text_of(source)
    changed = re.sub(pattern, "", page)
    check(changed != page, f"control: {what} differs from its page")
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(changed)
    controls[path] = what

# --- the checkers --------------------------------------------------------------
# Byte-identical outputs (the seed in UTF-16, with CR line ends, ...) are
# checked once: a browser's time is the test's cost.
first_of, unique = {}, []
for f in files:
    with open(f, "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()
    if digest not in first_of:
        first_of[digest] = f
        unique.append(f)
    first_of[f] = first_of[digest]
print(f"checking {len(unique)} distinct books and pages of {len(files)}, "
      f"and {len(controls)} controls")
proc = subprocess.run(["node", os.path.join(HERE, "check.js"), os.path.join(WORK, "reports"),
                       *unique, *controls], capture_output=True, text=True)
with open(os.path.join(WORK, "check.log"), "w", encoding="utf-8") as f:
    f.write(proc.stdout + proc.stderr)
verdicts, current = {}, None
for line in proc.stdout.splitlines():
    m = re.match(r"(ok|FAIL): (.*)", line)
    if m:
        current = m.group(2)
        verdicts[current] = [m.group(1)]
    elif current and line.startswith("  "):
        verdicts[current].append(line.strip())
if proc.returncode not in (0, 1) or not verdicts:
    print(proc.stdout[-3000:], proc.stderr[-3000:])
    check(False, f"check.js exited {proc.returncode}")

clean = [f for f in files if verdicts.get(first_of[f], ["?"])[0] == "ok"]
for f in files:
    v = verdicts.get(first_of[f], ["no verdict"])
    if v[0] != "ok":
        print(f"FAIL: {os.path.relpath(f, WORK)}:")
        for problem in v[1:]:
            print(f"    {problem}")
check(len(clean) == len(files),
      f"{len(clean)} of {len(files)} books and pages pass Ace and axe-core with no violation")
for path, what in controls.items():
    v = verdicts.get(path, ["no verdict"])
    check(v[0] == "FAIL", f"control fails as it must: {what}: {'; '.join(v[1:3])[:200]}")
sys.exit(status)
