#!/usr/bin/env python3
"""The epub and html writers through the command line: the seed's EPUB
(title, caption, every word of the spine in order, the package rules,
byte-identical in any time zone and locale), images and cover, the errors a
user can make, and every reader test case through both writers."""
import datetime
import glob
import os
import shutil
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

NEWSCONV = os.environ["NEWSCONV"]
SRC = os.environ["SRC"]
WORK = os.environ["WORK"]
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words  # noqa: E402  the project's one "every word in order" checker
from images import png  # noqa: E402

SEED = os.path.join(SRC, "seeds", "article.txt")
NS = {"o": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "h": "http://www.w3.org/1999/xhtml"}
failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


def run(args, env_extra=None, expect=0):
    env = dict(os.environ)
    env.update(env_extra or {})
    p = subprocess.run([NEWSCONV] + args, env=env, capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        check(False, f"newsconv {' '.join(args)} exited {p.returncode}, want {expect}: "
                     f"{p.stderr.strip()}")
    return p


def opf_of(z):
    container = ET.fromstring(z.read("META-INF/container.xml"))
    path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile")
    return path.get("full-path"), ET.fromstring(z.read(path.get("full-path")))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
EPOCH = "1695859200"
pinned = {"SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC", "LC_ALL": "C"}

# --- the seed -----------------------------------------------------------
seed_epub = os.path.join(WORK, "article.epub")
run(["-q", "-t", "epub,html", "-o", WORK + "/", SEED], pinned)
paragraphs = [p.strip() for p in open(SEED, encoding="utf-8").read().split("\n\n") if p.strip()]
headline, caption = paragraphs[0], paragraphs[1]
with zipfile.ZipFile(seed_epub) as z:
    infos = z.infolist()
    check(infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
          and z.read("mimetype") == b"application/epub+zip" and infos[0].extra == b"",
          "mimetype is the first entry, stored, without extra field")
    check(z.testzip() is None, "every entry's CRC is right")
    check(len({i.date_time for i in infos}) == 1, "one fixed time for every entry")
    opf_path, opf = opf_of(z)
    check(opf.findtext(".//dc:title", namespaces=NS) == headline,
          "dc:title is the seed's headline")
    ident = opf.findtext(".//dc:identifier", namespaces=NS)
    check(ident.startswith("urn:uuid:") and len(ident) == 45, f"identifier {ident} is a urn:uuid")
    modified = opf.findtext(".//o:meta[@property='dcterms:modified']", namespaces=NS)
    want = datetime.datetime.fromtimestamp(int(EPOCH), datetime.timezone.utc)
    check(modified == want.strftime("%Y-%m-%dT%H:%M:%SZ"),
          f"dcterms:modified {modified} is SOURCE_DATE_EPOCH (the seed has no date)")
    check(opf.find(".//dc:date", NS) is None, "no dc:date for an article without a date")
    base = opf_path.rsplit("/", 1)[0] + "/"
    items = {i.get("id"): i.get("href") for i in opf.findall(".//o:manifest/o:item", NS)}
    captions = []
    for ref in opf.findall(".//o:spine/o:itemref", NS):
        doc = ET.fromstring(z.read(base + items[ref.get("idref")]))
        captions += ["".join(f.itertext()) for f in doc.iter("{%s}figcaption" % NS["h"])]
    check(caption in captions, "the seed's caption is inside a <figcaption>")
check(words.check(SEED, seed_epub, quiet=False), "the spine carries every word of the seed in order")
check(words.check(SEED, os.path.join(WORK, "article.html"), quiet=False),
      "the html page carries every word of the seed in order")

# --- the same bytes in any time zone and locale; the date does go in ------
other = os.path.join(WORK, "tokyo.epub")
run(["-q", "-t", "epub", "-o", other, SEED],
    {"SOURCE_DATE_EPOCH": EPOCH, "TZ": "Asia/Tokyo", "LC_ALL": "C.UTF-8"})
check(open(other, "rb").read() == open(seed_epub, "rb").read(),
      "TZ=Asia/Tokyo gives a byte-identical EPUB")
later = os.path.join(WORK, "later.epub")
run(["-q", "-t", "epub", "-o", later, SEED], {"SOURCE_DATE_EPOCH": "1700000000"})
with zipfile.ZipFile(later) as z:
    _, o2 = opf_of(z)
    check(o2.findtext(".//dc:identifier", namespaces=NS) == ident,
          "the identifier depends on the content, not on the time")
check(open(later, "rb").read() != open(seed_epub, "rb").read(),
      "another SOURCE_DATE_EPOCH gives another EPUB")

# --- a date read as a date: dc:date and dcterms:modified from it ----------
dated = os.path.join(WORK, "dated.epub")
run(["-q", "-t", "epub", "-M", "date=2021-05-04", "-M", "author=Jane Roe", "-o", dated, SEED],
    {"SOURCE_DATE_EPOCH": "1700000000"})
with zipfile.ZipFile(dated) as z:
    _, o3 = opf_of(z)
    creators = [c.text for c in o3.findall(".//dc:creator", NS)]
    check(creators == ["Jane Roe"], f"dc:creator for -M author: {creators}")
    mod = o3.findtext(".//o:meta[@property='dcterms:modified']", namespaces=NS)
    if o3.find(".//dc:date", NS) is not None:
        check(o3.findtext(".//dc:date", namespaces=NS) == "2021-05-04", "dc:date as given")
        check(mod == "2021-05-04T00:00:00Z", f"dcterms:modified {mod} from the article's date")
    else:
        check(mod.startswith("2023-11-14"), "a date not read as one: modified from the epoch")

# --- images, cover, identifier override ------------------------------------
photo = os.path.join(WORK, "photo.png")
png(photo, 4, 3, (200, 40, 40))
pic = os.path.join(WORK, "pictures.epub")
run(["-q", "-t", "epub,html", "-M", "image=" + photo, "-M", "cover-image=" + photo,
     "-M", "identifier=urn:isbn:9780000000002", "-o", WORK + "/", SEED], pinned)
os.replace(os.path.join(WORK, "article.epub"), pic)
with zipfile.ZipFile(pic) as z:
    opf_path, o4 = opf_of(z)
    base = opf_path.rsplit("/", 1)[0] + "/"
    cover = o4.find(".//o:manifest/o:item[@properties='cover-image']", NS)
    check(cover is not None and z.read(base + cover.get("href")) == open(photo, "rb").read(),
          "the cover image is in the package, marked cover-image")
    check(o4.find(".//o:meta[@name='cover']", NS) is not None, "<meta name=cover> for EPUB 2")
    check(o4.findtext(".//dc:identifier", namespaces=NS) == "urn:isbn:9780000000002",
          "-M identifier overrides the identifier")
    art = next(i.get("href") for i in o4.findall(".//o:manifest/o:item", NS)
               if i.get("id") == "article")
    figure = ET.fromstring(z.read(base + art)).find(".//h:figure", NS)
    img = figure.find("h:img", NS)
    check(img is not None and z.read(base + img.get("src")) == open(photo, "rb").read(),
          "the photo is in the caption's figure")
html = open(os.path.join(WORK, "article.html"), encoding="utf-8").read()
check("src=\"data:image/png;base64," in html, "the html page carries the photo inline")

# --- user errors: clear, named ---------------------------------------------
missing = os.path.join(WORK, "no-such-photo.jpg")
p = run(["-q", "-t", "epub", "-M", "cover-image=" + missing, "-o", os.path.join(WORK, "x.epub"),
         SEED], expect=None)
check(p.returncode != 0 and missing in p.stderr and not os.path.exists(os.path.join(WORK, "x.epub")),
      f"a missing cover image fails, names the file, writes nothing ({p.stderr.strip()})")
p = run(["-q", "-t", "epub", "-W", "compression-level=12", "-o", os.path.join(WORK, "y.epub"), SEED],
        expect=2)
check("compression-level" in p.stderr and "12" in p.stderr,
      f"a bad compression level is a usage error naming it ({p.stderr.strip()})")
stored = os.path.join(WORK, "stored.epub")
run(["-q", "-t", "epub", "-W", "compression-level=0", "-o", stored, SEED], pinned)
with zipfile.ZipFile(stored) as z:
    check(all(i.compress_type == zipfile.ZIP_STORED for i in z.infolist()),
          "compression-level=0 stores every entry")
check(os.path.getsize(stored) > os.path.getsize(other), "the default level compresses")

# --- every reader case through both writers --------------------------------
cases = sorted(glob.glob(os.path.join(SRC, "tests", "reader", "**", "*.txt"), recursive=True))
outdir = os.path.join(WORK, "cases")
os.makedirs(outdir)
converted = 0
for case in cases:
    name = os.path.splitext(os.path.basename(case))[0]
    stem = case[:-len(".txt")]
    # The reader's conventions: NAME.args holds extra arguments, one a line;
    # NAME.nowords marks a case that moves words on purpose (front matter).
    args = open(stem + ".args").read().split("\n") if os.path.exists(stem + ".args") else []
    keeps = not os.path.exists(stem + ".nowords")
    p = subprocess.run([NEWSCONV, "-q", "-t", "epub,html", "-o", outdir + "/"]
                       + [a for a in args if a] + [case], capture_output=True, text=True)
    if p.returncode == 3:
        continue  # a case the reader refuses as no article: nothing to write
    ok = p.returncode == 0
    for ext in ("epub", "html"):
        out = os.path.join(outdir, name + "." + ext)
        ok = ok and os.path.exists(out) and (not keeps or words.check(case, out, quiet=False))
    check(ok, f"reader case {name}: epub and html keep every word ({p.stderr.strip()})")
    converted += ok
print(f"{converted} reader cases converted")

sys.exit(1 if failures else 0)
