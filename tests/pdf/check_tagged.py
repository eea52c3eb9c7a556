#!/usr/bin/env python3
"""Checks that newsconv's PDFs are tagged PDF/UA-1 and PDF/A-2a files, with
readers we did not write: pikepdf (qpdf) for the objects and content
streams, qpdf --check, and pdf.js (pdfjs-dist from npm, pinned by
tests/pdf/pdfjs/package-lock.json, installed by .ci/deps) as an
independent reader of the structure tree, the language, the title and the
text.

  check_tagged.py all | selftest

On the seed, every reader case, the tables of tests/pdf/tables, corpus articles, a German article (--lang
de), the seed with a photo and the plain PDF (-W pdf-standard=none):
  - header %PDF-1.7; qpdf --check clean; trailer /ID of two 16-byte strings;
  - catalog: /MarkInfo /Marked true, /Lang = the article's language (from
    newsconv's JSON of the same input), /ViewerPreferences /DisplayDocTitle
    true, /StructTreeRoot, /Metadata, /OutputIntents [GTS_PDFA1 with an RGB
    ICC profile, /N 3, whose header and tag table hold together];
  - XMP: dc:title, dc:creator, dc:description, pdf:Keywords, pdf:Producer,
    xmp:CreatorTool, xmp:CreateDate, xmp:ModifyDate equal to the Info
    dictionary's entries; dc:language; pdfaid:part 2, conformance A;
    pdfuaid:part 1 and its PDF/A extension schema;
  - content: every text-showing operator, image and path painted inside
    marked content with an MCID or inside an /Artifact; marked content
    balanced and never across BT/ET; no MCID twice on a page;
  - structure: every element's type standard, directly or through the role
    map; /P pointing at the parent; every MCID of the content referenced
    from the tree exactly once and every referenced MCID drawn; the parent
    tree giving each MCID's element and each annotation's Link; Figures
    with a non-empty /Alt; link annotations in a Link (OBJR) with
    /StructParent, /Contents and the print flag, on pages with /Tabs /S;
  - fonts embedded;
  - pdf.js: the Language and Title it reports, its XMP dc:title and
    dc:language, a structure tree on every page, and the words of the text
    read in the tree's order (list labels aside) equal to the words of the
    article (title, subtitle, blocks);
  - the same bytes on a second run, and another /ID for another document.
"""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import pikepdf

SRC = os.environ.get("SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words as W  # noqa: E402  the project's one word checker

NEWSCONV = os.environ.get("NEWSCONV", "newsconv")
WORK = os.environ.get("WORK", "/tmp/pdf-tagged")
CORPUS = os.environ.get("CORPUS", "")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1695859200", TZ="UTC")
PDFJS = os.path.join(SRC, "tests", "pdf", "pdfjs")
# beyond U+FFFF too (libharu's own strings lose such characters: Info against XMP)
GERMAN_ALT = "Zwei Fußballer im Zweikampf um den Ball \U0001F3C6"
failures = []
quiet = False  # the selftest collects the failures it provokes

# PDF 1.7 (ISO 32000-1) 14.8.4, the standard structure types.
STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote
Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula
Form""".split())
TEXT_OPS = {"Tj", "TJ", "'", '"'}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fail(msg):
    failures.append(msg)
    if not quiet:
        print("FAIL: " + msg, file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, env=ENV, **kw)


# ---------------------------------------------------------------- content


def content_marks(name, page):
    """The MCIDs drawn on page; fails on anything drawn untagged."""
    stack = []  # (tag, mcid, inside BT)
    in_text = False
    mcids = []
    untagged = 0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "BT":
            in_text = True
        elif op == "ET":
            in_text = False
            if stack and stack[-1][2]:
                fail(f"{name}: marked content {stack[-1][0]} open at ET")
        elif op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            mcid = None
            if tag == "/Artifact" and any(m is not None for _, m, _ in stack):
                fail(f"{name}: an artifact inside tagged content")
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                if any(t == "/Artifact" for t, _, _ in stack):
                    fail(f"{name}: tagged content inside an artifact")
                mcid = int(props.MCID)
                if any(m is not None for _, m, _ in stack):
                    fail(f"{name}: MCID {mcid} nested in another MCID")
                if mcid in mcids:
                    fail(f"{name}: MCID {mcid} twice on a page")
                mcids.append(mcid)
            stack.append((tag, mcid, in_text))
        elif op == "EMC":
            if not stack:
                fail(f"{name}: EMC without BDC")
                continue
            if stack[-1][2] != in_text:
                fail(f"{name}: marked content across BT/ET")
            stack.pop()
        elif op in TEXT_OPS or op in PAINT_OPS:
            if not any(t == "/Artifact" or m is not None for t, m, _ in stack):
                untagged += 1
    if untagged:
        fail(f"{name}: {untagged} operator(s) drawing outside tagged content and artifacts")
    if stack:
        fail(f"{name}: {len(stack)} marked-content sequence(s) left open")
    return mcids


# -------------------------------------------------------------- structure


def as_list(obj):
    return list(obj) if isinstance(obj, pikepdf.Array) else [obj]


def standard_role(role, rolemap):
    for _ in range(10):
        if role in STANDARD:
            return role
        nxt = rolemap.get("/" + role)
        if nxt is None:
            return None
        role = str(nxt)[1:]
    return None


def walk_tree(name, pdf):
    """{(page objgen, mcid): element objgen}, {annotation objgen: Link
    objgen}, [(role, standard role, element)] in reading order."""
    root = pdf.Root.StructTreeRoot
    rolemap = root.get("/RoleMap", pikepdf.Dictionary())
    refs, objrs, elems = {}, {}, []

    def ref(key, e):
        if key in refs:
            fail(f"{name}: MCID {key[1]} referenced twice from the tree")
        refs[key] = e.objgen

    def visit(e, parent):
        role = str(e.S)[1:]
        std = standard_role(role, rolemap)
        if std is None:
            fail(f"{name}: structure type {role} is not standard nor role-mapped to one")
        if e.get("/P") is None or e.P.objgen != parent.objgen:
            fail(f"{name}: {role} element's /P is not its parent")
        elems.append((role, std, e))
        if std == "Figure" and not str(e.get("/Alt", "")).strip():
            fail(f"{name}: Figure without /Alt")
        if std == "TH" and "/Scope" not in e.get("/A", {}) and "/Headers" not in e.get("/A", {}):
            fail(f"{name}: a TH without /Scope")
        if std == "Table":
            cells = [sum(1 for c in as_list(r.get("/K", pikepdf.Array()))
                         if isinstance(c, pikepdf.Dictionary) and str(c.get("/S")) in ("/TD", "/TH"))
                     for r in as_list(e.K) if isinstance(r, pikepdf.Dictionary) and r.get("/S") == "/TR"]
            if not cells or len(set(cells)) != 1:
                fail(f"{name}: a Table whose rows have {cells} cells")
        pg = e.get("/Pg")
        for k in as_list(e.get("/K", pikepdf.Array())):
            if isinstance(k, int):
                if pg is None:
                    fail(f"{name}: MCID {k} of a {role} without /Pg")
                else:
                    ref((pg.objgen, k), e)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                ref((k.Pg.objgen, int(k.MCID)), e)
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR":
                if std != "Link":
                    fail(f"{name}: an annotation under {role}, not Link")
                objrs[k.Obj.objgen] = e.objgen
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                visit(k, e)
            else:
                fail(f"{name}: a kid of {role} that is none of MCID, MCR, OBJR, element")

    for top in as_list(root.K):
        visit(top, root)
    return refs, objrs, elems


def parent_tree(pdf):
    nums = as_list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def check_structure(name, pdf):
    refs, objrs, elems = walk_tree(name, pdf)
    tree = parent_tree(pdf)
    for role in pdf.Root.StructTreeRoot.get("/RoleMap", {}).keys():
        if role[1:] in STANDARD:
            fail(f"{name}: the role map remaps the standard type {role}")
    levels = [int(std[1]) for _, std, _ in elems if re.fullmatch(r"H[1-6]", std or "")]
    if levels and levels[0] != 1:
        fail(f"{name}: the first heading is H{levels[0]}, not H1")
    for a, b in zip(levels, levels[1:]):
        if b > a + 1:
            fail(f"{name}: heading level H{a} followed by H{b}")
    drawn = set()
    for n, page in enumerate(pdf.pages):
        pname = f"{name} page {n + 1}"
        mcids = content_marks(pname, page)
        key = page.obj.get("/StructParents")
        if key is None:
            fail(f"{pname}: no /StructParents")
            continue
        owners = as_list(tree.get(int(key), pikepdf.Array()))
        for m in mcids:
            drawn.add((page.objgen, m))
            if (page.objgen, m) not in refs:
                fail(f"{pname}: MCID {m} drawn but not in the structure tree")
            elif m >= len(owners) or owners[m].objgen != refs[(page.objgen, m)]:
                fail(f"{pname}: the parent tree does not give MCID {m}'s element")
        annots = as_list(page.obj.get("/Annots", pikepdf.Array()))
        if annots and page.obj.get("/Tabs") != "/S":
            fail(f"{pname}: annotations but no /Tabs /S")
        for a in annots:
            if a.get("/Subtype") != "/Link":
                continue
            sp = a.get("/StructParent")
            if a.objgen not in objrs:
                fail(f"{pname}: a link annotation not in a Link element")
            elif sp is None or tree.get(int(sp)) is None or tree[int(sp)].objgen != objrs[a.objgen]:
                fail(f"{pname}: a link annotation's /StructParent does not give its Link")
            if not int(a.get("/F", 0)) & 4:
                fail(f"{pname}: a link annotation without the print flag")
            if not str(a.get("/Contents", "")).strip():
                fail(f"{pname}: a link annotation without /Contents")
    for key in refs:
        if key not in drawn:
            fail(f"{name}: the tree references MCID {key[1]}, never drawn")
    if not elems or elems[0][1] != "Document":
        fail(f"{name}: the tree does not start with Document")
    return elems


# --------------------------------------------------------------- metadata


def xmp_values(data):
    root = ET.fromstring(data)
    desc = root.find(".//rdf:Description", NS)
    out = {}
    for el in desc:
        tag = el.tag
        lis = el.findall(".//rdf:li", NS)
        if tag.endswith("}schemas"):
            out["schemas"] = [p.text for p in el.iter("{%s}prefix" % NS["pdfaSchema"])]
        elif lis:
            out[tag] = [(li.text or "", li.get(XML_LANG)) for li in lis]
        else:
            out[tag] = el.text or ""
    return out


def pdf_date_as_xmp(d):
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|[+-]\d\d'\d\d')?", d)
    if not m:
        return None
    z = m.group(7) or ""
    zone = "Z" if z.startswith("Z") else (z[:3] + ":" + z[4:6] if z else "")
    return "%s-%s-%sT%s:%s:%s" % m.groups()[:6] + zone


def check_metadata(name, pdf, lang):
    cat = pdf.Root
    if cat.get("/MarkInfo", {}).get("/Marked") is not True:
        fail(f"{name}: no /MarkInfo /Marked true")
    if cat.get("/MarkInfo", {}).get("/Suspects") is True:
        fail(f"{name}: /MarkInfo /Suspects true")
    if str(cat.get("/Lang", "")) != lang:
        fail(f"{name}: /Lang {str(cat.get('/Lang', ''))!r}, the article's language is {lang!r}")
    if cat.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        fail(f"{name}: no /ViewerPreferences /DisplayDocTitle true")
    if "/StructTreeRoot" not in cat:
        fail(f"{name}: no /StructTreeRoot")
        return
    meta = cat.get("/Metadata")
    if meta is None or meta.get("/Subtype") != "/XML":
        fail(f"{name}: no XMP metadata stream")
        return
    raw = meta.read_bytes()
    if not raw.startswith(b"<?xpacket begin=") or b"<?xpacket end=" not in raw:
        fail(f"{name}: the XMP packet has no xpacket header and trailer")
    x = xmp_values(raw)
    info = pdf.docinfo

    def q(prefix, local):
        return "{%s}%s" % (NS[prefix], local)

    pairs = [("/Title", q("dc", "title"), "alt"), ("/Author", q("dc", "creator"), "seq"),
             ("/Subject", q("dc", "description"), "alt"), ("/Keywords", q("pdf", "Keywords"), ""),
             ("/Producer", q("pdf", "Producer"), ""), ("/Creator", q("xmp", "CreatorTool"), "")]
    for key, prop, kind in pairs:
        if key not in info:
            if prop in x:
                fail(f"{name}: XMP has {prop}, Info has no {key}")
            continue
        want = str(info[key])
        got = x.get(prop)
        if kind == "alt":
            got = got[0][0] if got and got[0][1] == "x-default" and len(got) == 1 else None
        elif kind == "seq":
            got = got[0][0] if got and len(got) == 1 else None
        if got != want:
            fail(f"{name}: XMP {prop} {got!r} differs from Info {key} {want!r}")
    if key_missing := [k for k in ("/Title",) if k not in info]:
        fail(f"{name}: Info has no {key_missing}")
    for key, prop in (("/CreationDate", q("xmp", "CreateDate")), ("/ModDate", q("xmp", "ModifyDate"))):
        if key in info and pdf_date_as_xmp(str(info[key])) != x.get(prop):
            fail(f"{name}: XMP {prop} {x.get(prop)!r} differs from Info {key} {str(info[key])!r}")
    if x.get(q("dc", "language")) != [(lang, None)]:
        fail(f"{name}: XMP dc:language {x.get(q('dc', 'language'))!r}, expected {lang!r}")
    if x.get(q("pdfaid", "part")) != "2" or x.get(q("pdfaid", "conformance")) != "A":
        fail(f"{name}: XMP does not claim PDF/A-2a")
    if x.get(q("pdfuaid", "part")) != "1":
        fail(f"{name}: XMP does not claim PDF/UA-1")
    if "pdfuaid" not in x.get("schemas", []):
        fail(f"{name}: no PDF/A extension schema for pdfuaid")


def check_icc(name, data):
    if len(data) < 132:
        fail(f"{name}: ICC profile of {len(data)} bytes")
        return
    size, = struct.unpack(">I", data[:4])
    if size != len(data) or data[36:40] != b"acsp" or data[16:20] != b"RGB " or \
            data[12:16] not in (b"mntr", b"prtr") or data[20:24] not in (b"XYZ ", b"Lab "):
        fail(f"{name}: the ICC profile's header is not an RGB display profile of its size")
        return
    count, = struct.unpack(">I", data[128:132])
    sigs = set()
    for i in range(count):
        sig, off, n = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        sigs.add(sig)
        if off + n > len(data):
            fail(f"{name}: ICC tag {sig!r} past the profile's end")
    if not {b"desc", b"wtpt", b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC"} <= sigs:
        fail(f"{name}: the ICC profile lacks tags of a matrix/TRC RGB profile: {sorted(sigs)}")


def check_file(name, path, pdf, lang):
    with open(path, "rb") as f:
        head = f.read(16)
    if not head.startswith(b"%PDF-1.7\n"):
        fail(f"{name}: header {head[:9]!r}, expected %PDF-1.7")
    r = run(["qpdf", "--check", path])
    if r.returncode != 0 or b"WARNING" in r.stdout + r.stderr:
        fail(f"{name}: qpdf --check: {(r.stdout + r.stderr).decode(errors='replace')[-300:]}")
    ids = pdf.trailer.get("/ID")
    if ids is None or len(ids) != 2 or any(len(bytes(i)) != 16 for i in ids):
        fail(f"{name}: trailer /ID is not two 16-byte strings")
    intents = as_list(pdf.Root.get("/OutputIntents", pikepdf.Array()))
    if len(intents) != 1 or intents[0].get("/S") != "/GTS_PDFA1" or \
            not str(intents[0].get("/OutputConditionIdentifier", "")):
        fail(f"{name}: no GTS_PDFA1 output intent")
    else:
        prof = intents[0].get("/DestOutputProfile")
        if prof is None or int(prof.get("/N", 0)) != 3:
            fail(f"{name}: the output intent has no RGB DestOutputProfile")
        else:
            check_icc(name, prof.read_bytes())
    for n, page in enumerate(pdf.pages):
        for fname, font in page.obj.Resources.get("/Font", {}).items():
            fonts = as_list(font.get("/DescendantFonts", pikepdf.Array())) or [font]
            for f in fonts:
                fd = f.get("/FontDescriptor")
                if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fail(f"{name} page {n + 1}: font {fname} is not embedded")


# ----------------------------------------------------------------- pdf.js


def pdfjs_script():
    """read.mjs, once .ci/deps has installed pdf.js beside it."""
    if not os.path.exists(os.path.join(PDFJS, "node_modules", "pdfjs-dist", "package.json")):
        fail("pdf.js is not installed in tests/pdf/pdfjs: run sh .ci/deps")
        return None
    return os.path.join(PDFJS, "read.mjs")


def pdfjs_read(script, paths, jobs=2):
    """What pdf.js sees of each PDF, {path: ...}; in `jobs` processes, as
    parsing the fonts for the text takes most of a second a file."""
    procs = [subprocess.Popen(["node", script] + paths[k::jobs], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=ENV) for k in range(jobs)]
    seen = {}
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode != 0:
            fail("pdf.js could not read the PDFs: " + err.decode(errors="replace")[-600:])
        seen.update((d["path"], d) for d in map(json.loads, out.decode().splitlines()))
    return seen


def tree_text(node, texts, out, skip_labels=True):
    if node.get("type") == "content":
        out.append("".join(s + ("\n" if eol else "") for s, eol in texts.get(node["id"], [])))
        out.append(" ")
        return
    if skip_labels and node.get("role") == "Lbl":
        return
    for c in node.get("children", []):
        tree_text(c, texts, out, skip_labels)


def expected_text(doc, title):
    """The article's text: its title as displayed (an article without one
    is titled by its first words) after its kicker, subtitle and blocks."""
    meta = doc.get("meta", {})
    parts = [meta.get("kicker", "") + title, meta.get("subtitle", "")]

    def walk(blocks):
        for b in blocks:
            if "text" in b and b["type"] != "break":
                parts.append(b["text"])
            walk(b.get("children", []))
    walk(doc.get("blocks", []))
    return "\n".join(parts)


def check_pdfjs(name, seen, pdf, doc, lang):
    title = str(pdf.docinfo.get("/Title", ""))
    info = seen.get("info", {})
    if info.get("Language") != lang:
        fail(f"{name}: pdf.js sees language {info.get('Language')!r}, expected {lang!r}")
    if info.get("Title") != title or not title:
        fail(f"{name}: pdf.js sees title {info.get('Title')!r}, Info has {title!r}")
    xmp = seen.get("xmp") or {}
    if xmp.get("dc:title") != title or xmp.get("dc:language") != lang:
        fail(f"{name}: pdf.js reads XMP dc:title {xmp.get('dc:title')!r}, dc:language "
             f"{xmp.get('dc:language')!r}")
    out = []
    for n, page in enumerate(seen["pages"]):
        tree = page.get("tree")
        if not tree or not tree.get("children"):
            fail(f"{name} page {n + 1}: pdf.js sees no structure tree")
            continue
        if "untagged" in page["texts"]:
            fail(f"{name} page {n + 1}: pdf.js sees untagged text {page['texts']['untagged'][:3]!r}")
        tree_text(tree, page["texts"], out)
    # a word hyphenated at a line end is joined back, as words.py does for pdftotext
    text = re.sub(r"(\w)[-\u2010\u00ad]\n\s*(\w)", r"\1\2", "".join(out))
    got, want = W.words(text), W.words(expected_text(doc, title))
    if got != want:
        i = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))
        fail(f"{name}: the structure tree's text read by pdf.js differs from the article at word "
             f"{i + 1} of {len(want)}: {got[max(0, i - 3):i + 4]} vs {want[max(0, i - 3):i + 4]}")


# ----------------------------------------------------------------- driver


def make_png(path, w=40, h=30):
    import zlib
    raw = b"".join(b"\0" + bytes(v for x in range(w) for v in ((x * 6) % 256, (y * 8) % 256, 128))
                   for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def convert(group, sources, *extra):
    """PDF and JSON of each source into WORK/group/; [(name, pdf, json)]."""
    out = os.path.join(WORK, group)
    os.makedirs(out, exist_ok=True)
    r = run([NEWSCONV, "-q", "-t", "pdf,json", "--keep-folders", "-o", out + "/", *extra, *sources])
    if r.returncode != 0:
        fail(f"{group}: newsconv failed: {r.stderr.decode(errors='replace')[-300:]}")
        return []
    res = []
    top = os.path.commonpath([os.path.dirname(os.path.abspath(s)) for s in sources])
    for s in sources:
        base = os.path.splitext(os.path.relpath(os.path.abspath(s), top))[0]
        res.append((f"{group}/{base}", os.path.join(out, base + ".pdf"), os.path.join(out, base + ".json")))
    return res


def corpus_sources():
    files = sorted(glob.glob(os.path.join(SRC, "tests", "fixtures", "corpus", "*", "*.txt")))[::4]
    if CORPUS and os.path.isdir(CORPUS):
        for sub in ("bbc/politics", "bbc/tech", "wire/reuters21578", "wire/derstandard"):
            files += sorted(glob.glob(os.path.join(CORPUS, sub, "*.txt")))[:3]
    return files


def cmd_all():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    seed = os.path.join(SRC, "seeds", "article.txt")
    photo = os.path.join(WORK, "photo.png")
    make_png(photo)
    german = os.path.join(SRC, "tests", "fixtures", "wire", "derstandard-gnad-test-0002.txt")
    cases = sorted(glob.glob(os.path.join(SRC, "tests", "reader", "cases", "*.txt")))
    # Tables whose long cells wrap over several lines (check_pdf.py tables).
    tables = sorted(glob.glob(os.path.join(SRC, "tests", "pdf", "tables", "*.txt")))
    docs = (convert("seed", [seed]) + convert("photo", [seed], "-M", "image=" + photo) +
            convert("german", [german], "--lang", "de", "-M", "image=" + photo,
                    "-M", "image-alt=" + GERMAN_ALT, "-M", "keyword=" + GERMAN_ALT) + convert("cases", cases) +
            convert("tables", tables) + convert("corpus", corpus_sources()))
    script = pdfjs_script()
    seen = pdfjs_read(script, [p for _, p, _ in docs]) if script else {}
    roles = set()
    for name, path, jpath in docs:
        with open(jpath, encoding="utf-8") as f:
            doc = json.load(f)
        lang = doc.get("meta", {}).get("lang", "")
        with pikepdf.open(path) as pdf:
            check_file(name, path, pdf, lang)
            check_metadata(name, pdf, lang)
            elems = check_structure(name, pdf) if "/StructTreeRoot" in pdf.Root else []
            roles.update(r for r, _, _ in elems)
            if path in seen:
                check_pdfjs(name, seen[path], pdf, doc, lang)
            elif script:
                fail(f"{name}: pdf.js did not read it")
        if name == "photo/article" and "Figure" not in {r for r, _, _ in elems}:
            fail("photo: no Figure in the structure tree")
        if name == "german/derstandard-gnad-test-0002":
            alts = [str(e.get("/Alt", "")) for _, std, e in elems if std == "Figure"]
            if lang != "de" or alts != [GERMAN_ALT]:
                fail(f"german: language {lang!r}, Figure /Alt {alts!r}: expected 'de', "
                     f"{[GERMAN_ALT]!r} (-M image-alt)")
    for role in ("H1", "P", "L", "LI", "Lbl", "LBody", "BlockQuote", "Link", "Figure", "Caption",
                 "Byline", "Credit", "Table", "TR", "TH", "TD"):
        if role not in roles:
            fail(f"no document of the run has a {role} element: the inputs no longer cover it")
    print(f"tagged: {len(docs)} PDFs checked; roles seen: {' '.join(sorted(roles))}")
    check_reproducible(seed, photo)


def check_reproducible(seed, photo):
    again = convert("again", [seed], "-M", "image=" + photo)
    if again and open(again[0][1], "rb").read() != open(os.path.join(WORK, "photo", "article.pdf"), "rb").read():
        fail("the same input and options gave other bytes on a second run")
    with pikepdf.open(os.path.join(WORK, "seed", "article.pdf")) as a, \
            pikepdf.open(os.path.join(WORK, "photo", "article.pdf")) as b:
        if bytes(a.trailer.ID[0]) == bytes(b.trailer.ID[0]):
            fail("two different documents have the same /ID")
    plain = os.path.join(WORK, "plain.pdf")
    r = run([NEWSCONV, "-q", "-t", "pdf", "-W", "pdf-standard=none", "-o", plain, seed])
    if r.returncode != 0:
        fail("-W pdf-standard=none failed")
        return
    with pikepdf.open(plain) as pdf:
        if "/StructTreeRoot" in pdf.Root or "/MarkInfo" in pdf.Root or "/OutputIntents" in pdf.Root:
            fail("-W pdf-standard=none still tags the PDF")
    if not W.check(seed, plain, quiet=True):
        fail("-W pdf-standard=none lost words")
    r = run([NEWSCONV, "-q", "-t", "pdf", "-W", "pdf-standard=a-3", "-o", plain, seed])
    if r.returncode != 2 or b"pdf-standard" not in r.stderr:
        fail("-W pdf-standard=a-3 was not refused as a bad option")


def cmd_selftest():
    """The checker must see what it is meant to catch: a plain PDF fails
    almost every check; so does text drawn outside marked content."""
    global failures, quiet
    quiet = True
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    seed = os.path.join(SRC, "seeds", "article.txt")
    plain = os.path.join(WORK, "plain.pdf")
    run([NEWSCONV, "-q", "-t", "pdf", "-W", "pdf-standard=none", "-o", plain, seed])
    with pikepdf.open(plain) as pdf:
        check_file("plain", plain, pdf, "en")
        check_metadata("plain", pdf, "en")
        for page in pdf.pages:
            content_marks("plain", page)
    caught, failures = failures, []
    quiet = False
    for what in ("header", "/ID", "GTS_PDFA1", "/MarkInfo", "/Lang", "DisplayDocTitle",
                 "outside tagged content"):
        if not any(what in c for c in caught):
            fail(f"selftest: the plain PDF passed the {what} check")
    quiet = True
    tagged = os.path.join(WORK, "tagged.pdf")
    run([NEWSCONV, "-q", "-t", "pdf", "-o", tagged, seed])
    with pikepdf.open(tagged) as pdf:
        page = pdf.pages[0]
        # Drop the BDC/EMC around the first MCID: its text is untagged now.
        ops = list(pikepdf.parse_content_stream(page))
        i = next(k for k, (o, op) in enumerate(ops) if str(op) == "BDC")
        j = next(k for k in range(i, len(ops)) if str(ops[k][1]) == "EMC")
        del ops[j], ops[i]
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))
        content_marks("edited", page)
        check_structure("edited", pdf)
    caught, failures = failures, []
    quiet = False
    if not any("outside tagged content" in c for c in caught) or \
            not any("MCID 0, never drawn" in c for c in caught):
        fail(f"selftest: untagged text or a dangling MCID went unnoticed: {caught}")
    print(f"selftest: the plain and the edited PDF caught, {len(caught)} problem(s) in the edited one")


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "all"
    if cmd == "all":
        cmd_all()
    elif cmd == "selftest":
        cmd_selftest()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
