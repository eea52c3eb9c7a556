#!/usr/bin/env python3
"""Checks PDFs from newsconv with tools we did not write: qpdf --check,
pdffonts, pdfinfo, pdftotext (words in order; typography from the word
boxes of -bbox-layout) and qpdf --json (bookmarks).

  check_pdf.py seed | structures TEST_PDF_BINARY | reader-cases | corpus | long | memory PEAK_RSS_BINARY | selftest | fonts | tables

Environment (from nc_add_script): NEWSCONV, SRC, CORPUS, WORK.
The typography rules, as the issue states them:
  - every line of a justified paragraph but its last ends within 1 pt of the
    right margin (the right edge of the widest body line);
  - no page begins or ends with a lone line of a paragraph of 3+ lines;
  - a subhead is never the last line of a page;
  - bookmarks = 1 + subheads.
Lines are tied to the document's blocks by their text: the blocks come from
newsconv's own JSON output of the same input, so the PDF's lines must spell
out every block, in order.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SRC = os.environ.get("SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words as W  # noqa: E402  the project's one word checker

NEWSCONV = os.environ.get("NEWSCONV", "newsconv")
WORK = os.environ.get("WORK", "/tmp/pdf-check")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1695859200", TZ="UTC")
XH = "{http://www.w3.org/1999/xhtml}"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, env=ENV, **kw)


def norm(text, markers=False):
    return "".join(W.words(text, drop_list_markers=markers))


def expected_blocks(doc, title):
    """(kind, top_level, normalized text) of every block with text; the
    headline's kicker is drawn before it (not in the Info Title)."""
    out = [("title", True, norm(doc.get("meta", {}).get("kicker", "") + title))]
    sub = doc.get("meta", {}).get("subtitle")
    if sub:
        out.append(("subtitle", True, norm(sub)))

    def walk(blocks, top):
        for b in blocks:
            if b["type"] == "table":
                # pdftotext reads a table's columns as flows of their own,
                # in no telling order: a table is matched cell by cell
                cells = [norm(c["text"]) for r in b["children"] for c in r["children"]]
                out.append(("table", top, [c for c in cells if c]))
                continue
            if "text" in b and b["type"] != "break":
                t = norm(b["text"])
                if t:
                    out.append((b["type"], top, t))
            walk(b.get("children", []), False)
    walk(doc.get("blocks", []), True)
    return out


def pdf_lines(pdf):
    """[(page, text, xmin, xmax, ymin)] from pdftotext -bbox-layout."""
    r = run(["pdftotext", "-bbox-layout", pdf, "-"])
    if r.returncode != 0:
        raise RuntimeError(pdf + ": pdftotext -bbox-layout failed")
    root = ET.fromstring(r.stdout)
    lines = []
    for pi, page in enumerate(root.iter(XH + "page")):
        for line in page.iter(XH + "line"):
            ws = line.findall(XH + "word")
            if not ws:
                continue
            text = " ".join(w.text or "" for w in ws)
            lines.append((pi, text, min(float(w.get("xMin")) for w in ws),
                          max(float(w.get("xMax")) for w in ws),
                          min(float(w.get("yMin")) for w in ws)))
    return lines


def take_cells(remaining, text):
    """How many of a table's remaining cells the line's text is made of (any
    order: pdftotext may read a row, a column or part of either); they are
    removed. 0, removing nothing, when the text is not made of them."""
    left, taken = text, []
    while left:
        fits = [c for c in set(remaining) if left.startswith(c) and remaining.count(c) > taken.count(c)]
        c = max(fits, key=len, default=None)
        if c is None:
            return 0
        taken.append(c)
        left = left[len(c):]
    for c in taken:
        remaining.remove(c)
    return len(taken)


def align(blocks, lines):
    """Assigns each PDF line to a block by its text; returns per block the
    list of its lines, or None (and reports) when the text does not match.
    A table's text is its list of cells, and pos counts the cells matched."""
    owned = [[] for _ in blocks]
    left = {i: list(b[2]) for i, b in enumerate(blocks) if b[0] == "table"}
    bi, pos = 0, 0
    for ln in lines:
        nb = bi + 1 if pos == len(blocks[bi][2]) else bi
        if nb < len(blocks) and blocks[nb][0] == "table":
            n = take_cells(left[nb], norm(ln[1]))
            if n:
                bi, pos = nb, (pos if nb == bi else 0) + n
                owned[bi].append(ln)
                continue
        for variant in (norm(ln[1]), norm(ln[1], markers=True)):
            if not variant:
                continue
            if blocks[bi][0] != "table" and blocks[bi][2].startswith(variant, pos):
                pos += len(variant)
                owned[bi].append(ln)
                break
            nb = bi + 1
            if pos == len(blocks[bi][2]) and nb < len(blocks) and blocks[nb][0] != "table" and \
                    blocks[nb][2].startswith(variant):
                bi, pos = nb, len(variant)
                owned[bi].append(ln)
                break
    if bi != len(blocks) - 1 or pos != len(blocks[-1][2]):
        kind, _, text = blocks[min(bi, len(blocks) - 1)]
        return None, f"lines stop matching in block {bi} ({kind}) at {text[pos:pos + 40]!r}"
    return owned, None


def typography(name, blocks, owned, n_pages):
    """Returns (justified lines checked, hyphenated line ends)."""
    body = [ln for (k, top, _), ls in zip(blocks, owned) if k == "paragraph" and top for ln in ls]
    checked = 0
    if body:
        right = max(ln[3] for ln in body)
        for (kind, top, _), ls in zip(blocks, owned):
            if kind != "paragraph" or not top:
                continue
            for ln in ls[:-1]:
                checked += 1
                if abs(ln[3] - right) > 1.0:
                    fail(f"{name}: justified line ends {right - ln[3]:.2f} pt short of the margin "
                         f"(page {ln[0] + 1}): {ln[1][:60]!r}")
    for (kind, _, _), ls in zip(blocks, owned):
        if kind in ("title", "heading", "subtitle") or len(ls) < 3:
            continue
        pages = [ln[0] for ln in ls]
        for p in sorted(set(pages)):
            if len(set(pages)) > 1 and pages.count(p) < 2:
                fail(f"{name}: a lone line of a {len(ls)}-line {kind} on page {p + 1}: "
                     f"{[ln[1][:40] for ln in ls if ln[0] == p]}")
    flat = [(bi, ln) for bi, ls in enumerate(owned) for ln in ls]
    for i, (bi, ln) in enumerate(flat):
        if blocks[bi][0] == "heading" and (i + 1 == len(flat) or flat[i + 1][1][0] != ln[0]):
            if i + 1 < len(flat):
                fail(f"{name}: subhead {ln[1][:40]!r} is the last line of page {ln[0] + 1}")
    hyph = sum(1 for ls in owned for ln in ls[:-1] if re.search(r"\w-$", ln[1]))
    return checked, hyph


def count_outlines(items):
    return sum(1 + count_outlines(o.get("kids", [])) for o in items)


def check_pdf(name, pdf, doc_json, source=None, min_justified=0, min_hyphens=0):
    """Every check on one PDF; doc_json is newsconv's JSON of the same input."""
    r = run(["qpdf", "--check", pdf])
    if r.returncode != 0:
        fail(f"{name}: qpdf --check: {r.stdout.decode()[-300:]} {r.stderr.decode()[-300:]}")
    r = run(["pdffonts", pdf])
    rows = r.stdout.decode().splitlines()[2:]
    if r.returncode != 0 or not rows:
        fail(f"{name}: pdffonts lists no fonts")
    for row in rows:
        # name type... encoding emb sub uni object ID: emb is 5th from the end
        if row.split()[-5] != "yes":
            fail(f"{name}: font not embedded: {row}")
    info = dict(l.split(":", 1) for l in run(["pdfinfo", pdf]).stdout.decode().splitlines() if ":" in l)
    title = info.get("Title", "").strip()
    doc = json.load(open(doc_json, encoding="utf-8"))
    want = doc.get("meta", {}).get("title")
    if want and title != want.strip():
        fail(f"{name}: pdfinfo Title {title!r} is not the headline {want!r}")
    if not title:
        fail(f"{name}: no Title")
    if source and not W.check(source, pdf):
        fail(f"{name}: pdftotext does not give every word of the input in order")
    r = run(["pdftotext", pdf, "-"])
    if r.stderr.strip():
        fail(f"{name}: poppler warns: {r.stderr.decode()[:300]}")
    if source and shutil.which("mutool"):
        # mutool's own reading of the text layer (ToUnicode maps) must agree
        out = run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf]).stdout.decode("utf-8")
        text = re.sub(r"(\w)[-\u2010\u00ad]\n\s*(\w)", r"\1\2", out)
        if W.missing(W.input_words(source), W.words(text)) is not None:
            fail(f"{name}: mutool does not give every word of the input in order")
    blocks = expected_blocks(doc, title)
    lines = pdf_lines(pdf)
    owned, why = align(blocks, lines)
    if owned is None:
        fail(f"{name}: {why}")
        return
    n_pages = int(info.get("Pages", "0"))
    checked, hyph = typography(name, blocks, owned, n_pages)
    if checked < min_justified:
        fail(f"{name}: only {checked} justified lines to check, expected {min_justified}+")
    if hyph < min_hyphens:
        fail(f"{name}: {hyph} hyphenated line ends, expected {min_hyphens}+")
    q = json.loads(run(["qpdf", "--json", pdf]).stdout)
    marks = count_outlines(q.get("outlines", []))
    heads = sum(1 for b in blocks if b[0] == "heading")
    if marks != 1 + heads:
        fail(f"{name}: {marks} bookmarks for {heads} subheads")
    return {"pages": n_pages, "justified": checked, "hyphens": hyph, "lines": lines}


def convert(src, out, fmt, *extra):
    r = run([NEWSCONV, "-q", "-t", fmt, *extra, "-o", out, src])
    if r.returncode != 0:
        fail(f"{src}: newsconv -t {fmt} failed: {r.stderr.decode()}")
        return False
    return True


def words_source(src, tag):
    """The input as the word check should see it: without YAML front matter
    (metadata, not text), and with words hyphenated at a line end of the
    plain text joined, as the reader joins them."""
    text = W.input_text(src)
    text = re.sub(r"\A---\n.*?\n(---|\.\.\.)\n", "", text, flags=re.S)
    text = re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text)
    path = os.path.join(WORK, tag + ".words.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def check_article(src, tag, **kw):
    base = os.path.join(WORK, tag)
    if convert(src, base + ".pdf", "pdf") and convert(src, base + ".json", "json"):
        source = words_source(src, tag)
        if not W.check(source, base + ".json", quiet=True):
            # Header lines ("Title: ...") are metadata, not text, in every
            # format: then the reference is the text the document holds.
            source = base + ".ref.txt"
            with open(source, "w", encoding="utf-8") as f:
                f.write(W.json_text(base + ".json"))
            print(f"{tag}: input has metadata lines; words checked against the model's text")
        return check_pdf(tag, base + ".pdf", base + ".json", source=source, **kw)


def fresh_work():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)


def cmd_seed():
    seed = os.path.join(SRC, "seeds", "article.txt")
    res = check_article(seed, "seed", min_justified=10, min_hyphens=1)
    # Same bytes twice; SOURCE_DATE_EPOCH pins the dates.
    a, b = os.path.join(WORK, "a.pdf"), os.path.join(WORK, "b.pdf")
    convert(seed, a, "pdf")
    convert(seed, b, "pdf")
    if open(a, "rb").read() != open(b, "rb").read():
        fail("seed: two runs differ")
    info = run(["pdfinfo", a]).stdout.decode()
    if "2023-09-28" not in info and "Sep 28 00:00:00 2023" not in info:
        fail("seed: CreationDate is not SOURCE_DATE_EPOCH: " + info)
    if "595" not in info or "A4" not in info:
        fail("seed: default paper is not A4")
    let = os.path.join(WORK, "letter.pdf")
    convert(seed, let, "pdf", "--paper", "letter")
    if "612 x 792" not in run(["pdfinfo", let]).stdout.decode():
        fail("seed: --paper letter is not 612 x 792")
    r = run([NEWSCONV, "-q", "-t", "pdf", "--paper", "a3", "-o", os.path.join(WORK, "x.pdf"), seed])
    if r.returncode == 0 or b"a3" not in r.stderr:
        fail("seed: --paper a3 was not refused by name")
    if res and res["pages"] != 1:
        fail(f"seed: {res['pages']} pages")
    # The page contents' deflate level: the same text at every level, the
    # stored pages biggest, and a level out of range refused by name.
    sizes, texts = {}, {}
    for level in ("0", "1", "9"):
        out = os.path.join(WORK, f"level{level}.pdf")
        if convert(seed, out, "pdf", "-W", f"compression-level={level}"):
            sizes[level] = os.path.getsize(out)
            texts[level] = run(["pdftotext", out, "-"]).stdout
            if run(["qpdf", "--check", out]).returncode != 0:
                fail(f"seed: compression-level={level} fails qpdf --check")
    if len(sizes) == 3 and not (sizes["0"] > sizes["1"] > sizes["9"]):
        fail(f"seed: sizes by compression level are not decreasing: {sizes}")
    if len(set(texts.values())) > 1:
        fail("seed: the text differs between compression levels")
    r = run([NEWSCONV, "-q", "-t", "pdf", "-W", "compression-level=10", "-o",
             os.path.join(WORK, "x.pdf"), seed])
    if r.returncode == 0 or b"compression-level" not in r.stderr:
        fail("seed: compression-level=10 was not refused by name")
    # Russian: Cyrillic text out, hyphenated from the KOI8-R dictionary.
    ru = os.path.join(WORK, "russian.txt")
    para = ("Правительство объявило, что международные переговоры продолжатся, несмотря на "
            "значительное сопротивление парламента и региональных администраций. Экономисты "
            "предупредили, что безработица может резко вырасти в промышленных сообществах. ")
    with open(ru, "w", encoding="utf-8") as f:
        f.write("Парламент обсуждает бюджет\n\n" + "\n\n".join([para * 3] * 4) + "\n")
    if convert(ru, os.path.join(WORK, "ru.pdf"), "pdf", "--lang", "ru"):
        out = run(["pdftotext", os.path.join(WORK, "ru.pdf"), "-"]).stdout.decode()
        if "Парламент обсуждает бюджет" not in out:
            fail("russian: the Cyrillic headline is not in the PDF text")
        if not W.check(ru, os.path.join(WORK, "ru.pdf")):
            fail("russian: words lost")
        raw = run(["pdftotext", "-raw", os.path.join(WORK, "ru.pdf"), "-"]).stdout.decode()
        if not re.search("[\u0430-\u044f]-\n[\u0430-\u044f]", raw):
            fail("russian: no hyphenated line end")
    # Characters no font has: what can be drawn is, the rest is named once.
    odd = os.path.join(WORK, "glyphs.txt")
    with open(odd, "w", encoding="utf-8") as f:
        f.write("Glyph test\n\nA smile \U0001F600 and \U0001F600 again, a brain \U0001F9E0 and "
                "\U0001F9E0, Tokyo is \u6771\u4eac, Moscow is \u041c\u043e\u0441\u043a\u0432\u0430.\n")
    r = run([NEWSCONV, "-t", "pdf", "-o", os.path.join(WORK, "glyphs.pdf"), odd])
    err = r.stderr.decode()
    if r.returncode != 0:
        fail("glyphs: conversion failed: " + err)
    # DejaVu Sans has U+1F600 (past U+FFFF, which libharu's encoder could
    # not reach); no installed font has U+1F9E0 or the CJK.
    for cp, times in (("U+1F600", 0), ("U+1F9E0", 1), ("U+6771", 1), ("U+4EAC", 1)):
        if err.count(cp) != times:
            fail(f"glyphs: {cp} named {err.count(cp)} times in the warnings: {err!r}")
    out = run(["pdftotext", os.path.join(WORK, "glyphs.pdf"), "-"]).stdout.decode()
    for must in ("smile \U0001F600 and", "Moscow is \u041c\u043e\u0441\u043a\u0432\u0430", "\ufffd"):
        if must not in out:
            fail(f"glyphs: {must!r} is not in the PDF text")


def cmd_structures(binary):
    base = os.path.join(WORK, "structured")
    r = run([binary, "--write", base])
    if r.returncode != 0:
        fail("structures: the fixture program failed: " + r.stderr.decode())
        return
    res = check_pdf("structures", base + ".pdf", base + ".json", min_justified=100)
    if res and res["pages"] < 4:
        fail(f"structures: only {res['pages']} pages; the checks need page breaks")
    text = run(["pdftotext", base + ".pdf", "-"]).stdout.decode()
    for must in ("LONDON", "emphasised", "the full budget", "\u2022", "3.", "With reporting"):
        if must not in text:
            fail(f"structures: {must!r} is not in the text")


def sources(folder_glob):
    return sorted(glob.glob(folder_glob, recursive=True))


def corpus_files(n=20):
    fx = sources(os.path.join(SRC, "tests", "fixtures", "corpus", "**", "*.txt"))
    if len(fx) >= n:
        return fx
    corpus = os.environ.get("CORPUS", "")
    if corpus and os.path.isdir(corpus):
        files = []
        for sub in sorted(os.listdir(corpus)):
            files += sources(os.path.join(corpus, sub, "*.txt"))[: n // 3 + 1]
        return fx + files[: n - len(fx)]
    return fx


def cmd_reader_cases():
    cases = sources(os.path.join(SRC, "tests", "reader", "**", "*.txt"))
    if not cases:
        print("skipped: no reader cases in tests/reader yet")
        return
    for src in cases:
        tag = "case-" + os.path.relpath(src, SRC).replace("/", "_")[:-4]
        check_article(src, tag)
        data = open(src, "rb").read().decode("utf-8", "replace")
        if re.search("[\u0400-\u04ff]{3}", data):
            out = run(["pdftotext", os.path.join(WORK, tag + ".pdf"), "-"]).stdout.decode()
            if not re.search("[\u0400-\u04ff]{3}", out):
                fail(f"{tag}: Cyrillic input, no Cyrillic in the PDF")


def cmd_corpus():
    files = corpus_files()
    if len(files) < 20:
        print(f"skipped: {len(files)} corpus articles found, 20 needed")
        return
    hyph = 0
    for i, src in enumerate(files):
        res = check_article(src, f"corpus-{i:02d}")
        hyph += res["hyphens"] if res else 0
    if hyph == 0:
        fail("corpus: not one hyphenated line end in 20 articles")


def cmd_long():
    files = corpus_files(40)
    if len(files) < 20:
        print("skipped: no corpus folder")
        return
    folder = os.path.dirname(files[0])
    members = sources(os.path.join(folder, "*.txt"))
    src = os.path.join(WORK, "long.txt")
    with open(src, "w", encoding="utf-8") as out:
        for m in members:
            out.write(W.input_text(m).strip() + "\n\n")
    res = check_article(src, "long", min_justified=200, min_hyphens=5)
    if not res:
        return
    pdf = os.path.join(WORK, "long.pdf")
    n = res["pages"]
    if n < 3:
        fail(f"long: {n} pages for {len(members)} articles")
    for p in range(1, n + 1):
        t = run(["pdftotext", "-f", str(p), "-l", str(p), pdf, "-"]).stdout.decode()
        if not re.search(rf"\bpage {p} of {n}\b", t):
            fail(f"long: page {p} has no footer 'page {p} of {n}'")
    print(f"long: {len(members)} articles, {n} pages, {res['justified']} justified lines, "
          f"{res['hyphens']} hyphenated")


def peak_rss_kib(helper, cmd):
    """Peak resident set of one run, through the C helper peak_rss."""
    r = run([helper, *cmd])
    kib, code = (int(x) for x in r.stdout.split())
    if code != 0:
        fail(f"memory: {' '.join(cmd)} exited {code}")
    return kib


def cmd_memory(helper):
    """The PDF writer lays out, draws and deflates page by page: its own
    memory (peak RSS beyond a Markdown run of the same input, which holds the
    same document model) may grow with the article only by about what
    libharu must keep, the deflated pages and the finished file, a few
    bytes per input byte. Keeping every line and piece until pagination, and
    every page uncompressed until saving, cost about 20."""
    if os.environ.get("NC_SANITIZED", "").upper() in ("ON", "1", "TRUE", "YES"):
        print("skipped: peak RSS means nothing under AddressSanitizer")
        return
    seed = W.input_text(os.path.join(SRC, "seeds", "article.txt")).strip().split("\n\n")
    head, body = seed[:2], seed[2:-1]
    extra = {}
    for tag, repeats in (("small", 150), ("big", 750)):
        src = os.path.join(WORK, tag + ".txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n\n".join(head + body * repeats) + "\n")
        size = os.path.getsize(src)
        pdf = peak_rss_kib(helper, [NEWSCONV, "-q", "-t", "pdf", "-o", os.path.join(WORK, tag + ".pdf"), src])
        md = peak_rss_kib(helper, [NEWSCONV, "-q", "-t", "markdown", "-o", os.path.join(WORK, tag + ".md"), src])
        extra[tag] = (size, (pdf - md) * 1024)
        print(f"memory: {tag}: {size} bytes in; peak RSS {pdf} KiB for PDF, {md} KiB for Markdown")
    (s1, e1), (s2, e2) = extra["small"], extra["big"]
    per_byte = (e2 - e1) / (s2 - s1)
    print(f"memory: the PDF writer's own memory grows {per_byte:.1f} bytes per input byte")
    if per_byte > 8:
        fail(f"memory: the PDF writer's memory grows {per_byte:.1f} bytes per input byte (at most 8)")
    r = run(["qpdf", "--check", os.path.join(WORK, "big.pdf")])
    if r.returncode != 0:
        fail(f"memory: big.pdf: qpdf --check: {r.stdout.decode()[-300:]}")


def cmd_selftest():
    """The typography checks must be able to fail: feed them bad layouts."""
    blocks = [("title", True, "t"), ("paragraph", True, "aaabbbcccddd"), ("heading", True, "h"),
              ("paragraph", True, "eeefff")]
    good = [[(0, "t", 0, 50, 0)],
            [(0, "aaa", 0, 100, 10), (0, "bbb", 0, 100, 20), (1, "ccc", 0, 100, 0),
             (1, "ddd", 0, 40, 10)],
            [(1, "h", 0, 30, 20)], [(1, "eee", 0, 100, 30), (1, "fff", 0, 20, 40)]]
    before = len(failures)
    typography("good", blocks, good, 2)
    if len(failures) != before:
        sys.exit("selftest: a good layout was refused")
    bad = [list(b) for b in good]
    bad[1][1] = (0, "bbb", 0, 97, 20)            # a justified line 3 pt short
    bad[1][2] = (0, "ccc", 0, 100, 30)           # leaves "ddd" alone on page 2
    bad[2] = [(0, "h", 0, 30, 40)]               # subhead ends page 1
    typography("bad", blocks, bad, 2)
    found = failures[before:]
    del failures[before:]
    for what in ("short of the margin", "lone line", "subhead"):
        if not any(what in f for f in found):
            sys.exit(f"selftest: the check for '{what}' did not fire")
    owned, why = align(blocks, [(0, "t", 0, 0, 0), (0, "aaa bbb", 0, 0, 0), (0, "ddd", 0, 0, 0)])
    if owned is not None:
        sys.exit("selftest: a lost line went unnoticed")
    # The table checks: a good row passes; a word past its column, type
    # too small, a row over two pages and cells out of order do not.
    rows = [[["a", "b"], ["1"]]]

    def word(text, x0, x1, page=0, size=9.5, top=0):
        return [page, text, "Sans", size, x0, x1, top, top + 10]
    good = [word("a", 0, 10), word("b", 12, 20), word("1", 40, 45)]
    bad = {"past": [word("a", 0, 10), word("b", 12, 41), word("1", 40, 45)],
           "below": [word("a", 0, 10, size=8), word("b", 12, 20), word("1", 40, 45)],
           "split": [word("a", 0, 10), word("b", 0, 8, page=1), word("1", 40, 45)],
           "content reads": [word("1", 40, 45), word("a", 0, 10), word("b", 12, 20)]}
    check_table("good", rows, list(good), 11, 100, 9)
    if len(failures) != before:
        sys.exit("selftest: a good table was refused")
    for what, words in bad.items():
        check_table("bad", rows, words, 11, 100, 9)
        found = failures[before:]
        del failures[before:]
        if not any(what in f for f in found):
            sys.exit(f"selftest: the table check for '{what}' did not fire")
    check_table("bad", [[["a"]], [["c"]]], [word("a", 0, 10), word("c", 0, 10, top=5)], 11, 100, 9)
    found = failures[before:]
    del failures[before:]
    if not any("reaches up" in f for f in found):
        sys.exit("selftest: the table check for rows overlapping did not fire")
    print("selftest: every typography check fires on a bad layout")



def stext_words(pdf):
    """[(page, text, font, size, x0, x1, top, bottom)] in the order MuPDF
    reads the content (mutool draw -F stext): characters joined into words
    at spaces and at a new line; and the first page's width."""
    r = run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf])
    if r.returncode != 0:
        raise RuntimeError(pdf + ": mutool draw -F stext failed")
    words, root = [], ET.fromstring(r.stdout)
    for pi, page in enumerate(root.iter("page")):
        for line in page.iter("line"):
            cur = None
            for font in line.iter("font"):
                for ch in font.iter("char"):
                    q = [float(v) for v in ch.get("quad").split()]
                    if ch.get("c") == " ":
                        cur = None
                        continue
                    if cur is None:
                        cur = [pi, "", font.get("name"), float(font.get("size")), q[0], q[2], q[1], q[5]]
                        words.append(cur)
                    cur[1] += ch.get("c")
                    cur[5] = max(cur[5], q[2])
    return words, float(root.find("page").get("width"))


def table_rows(doc_json):
    """The tables of newsconv's JSON: per table its rows, each a list of its
    cells' words."""
    with open(doc_json, encoding="utf-8") as f:
        doc = json.load(f)
    return [[[c.get("text", "").split() for c in r["children"]] for r in b["children"]]
            for b in doc["blocks"] if b["type"] == "table"]


def check_table(tag, rows, words, body, right, least):
    """One table: its words, taken in content order, spell its cells in
    reading order; its type is not below least; each cell's words stay in
    its column (left of the next column's words, inside the measure); a
    row's words lie on one page, all below the rows before. Returns the
    number of lines its tallest cell took and its type size."""
    cells = []  # per row, per cell: its words as drawn
    for r, row in enumerate(rows):
        cells.append([])
        for c, cell in enumerate(row):
            got = [words.pop(0) for _ in cell if words]
            if [w[1] for w in got] != cell:
                fail(f"{tag}: row {r} cell {c}: content reads {[w[1] for w in got]}, the cell is {cell}")
                return 0, 0
            cells[-1].append(got)
    drawn = [w for row in cells for cell in row for w in cell]
    size = min((w[3] for w in drawn), default=body)
    if size < least - 0.01:
        fail(f"{tag}: table set at {size:.2f} pt, below {least:.2f} pt")
    lefts = {}
    for row in cells:
        for c, cell in enumerate(row):
            for w in cell:
                lefts[c] = min(lefts.get(c, w[4]), w[4])
    tallest, above = 1, None
    for r, row in enumerate(cells):
        ws = [w for cell in row for w in cell]
        if not ws:
            continue
        if len({w[0] for w in ws}) != 1:
            fail(f"{tag}: row {r} split over pages {sorted({w[0] for w in ws})}")
        if above and above[0] == ws[0][0] and min(w[6] for w in ws) < above[1] - 0.01:
            fail(f"{tag}: row {r} reaches up into the row above it")
        above = (ws[-1][0], max(w[7] for w in ws))
        for c, cell in enumerate(row):
            edge = lefts.get(c + 1, right)
            for w in cell:
                if w[5] > edge + 0.01:
                    fail(f"{tag}: row {r} cell {c}: {w[1]!r} ends at {w[5]:.1f}, past {edge:.1f}")
                    return tallest, size
            tallest = max(tallest, len({(w[0], round(w[6], 1)) for w in cell}))
    return tallest, size


def check_tables(src, tag, wraps=False):
    """A PDF's tables as check_table sees them; wraps: some cell must be set
    on more than one line (its input cell does not fit the measure)."""
    base = os.path.join(WORK, tag)
    if not (convert(src, base + ".pdf", "pdf") and convert(src, base + ".json", "json")):
        return []
    words, width = stext_words(base + ".pdf")
    serif = [w for w in words if "Serif" in w[2] and "Italic" not in w[2]]
    body = max(set(w[3] for w in serif), key=[w[3] for w in serif].count)
    right = width - min(w[4] for w in words)  # the margins are alike
    least = min(9.0, body * 0.85)
    sans = [w for w in words if "Sans" in w[2] and w[3] < body]
    found = []
    for t, rows in enumerate(table_rows(base + ".json")):
        tallest, size = check_table(f"{tag} table {t}", rows, sans, body, right, least)
        found.append((tallest, size))
        print(f"{tag} table {t}: {len(rows)} rows, {size:.2f} pt (body {body:.2f}), tallest cell {tallest} lines")
    if wraps and not any(t > 1 for t, _ in found):
        fail(f"{tag}: no cell wrapped")
    return found


def long_table(path, rows):
    """An article with a table of rows rows, each with a cell of 100-odd
    characters, long enough to cross pages."""
    text = ["Figures", "", "LONDON, Jan 2 (Reuters) - The figures follow.", "",
            "    Item                                       Value   Change"]
    for i in range(rows):
        text += [f"    {'Item %d of the list, with its long' % i:<38}{i:>6}.5 bn   {'+%d%%' % (i % 9):>6}",
                 "    description of the goods and services it",
                 "    covers, and of the countries it covers"]
    text += ["", "The figures are provisional.", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(text))


def cmd_tables():
    """Tables wrap a long cell in its column instead of shrinking the type
    (issue: a 111-character cell took the table from 9.35 to 6.9 pt)."""
    folder = os.path.join(SRC, "tests", "pdf", "tables")
    for src in sorted(glob.glob(os.path.join(folder, "*.txt"))):
        check_tables(src, "tables-" + os.path.basename(src)[:-4], wraps=True)
    for src in sorted(glob.glob(os.path.join(SRC, "tests", "reader", "cases", "*table*.txt"))):
        check_tables(src, "case-" + os.path.basename(src)[:-4])
    long = os.path.join(WORK, "long-table.txt")
    long_table(long, 60)
    if check_tables(long, "long-table", wraps=True) and \
            len({w[0] for w in stext_words(os.path.join(WORK, "long-table.pdf"))[0]}) < 2:
        fail("long-table: the table should cross a page")
    corpus = os.environ.get("CORPUS", "")
    wire = os.path.join(corpus, "wire", "reuters21578", "reut-16074.txt")
    if os.path.exists(wire):
        check_tables(wire, "wire-reut-16074")

def embedded_fonts(pdf):
    """The base font names pdffonts lists, without the subset prefix."""
    out = run(["pdffonts", pdf]).stdout.decode().splitlines()[2:]
    return sorted(line.split()[0].split("+", 1)[-1].split(",")[0] for line in out if line.strip())


def fc_config(path, font_dir, cache_dir):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<fontconfig>'
                f"<dir>{font_dir}</dir><cachedir>{cache_dir}</cachedir></fontconfig>\n")


def cmd_fonts():
    """Where the faces come from: the system's font folders by default
    (without the rest of fontconfig's configuration), the user's own
    configuration whenever FONTCONFIG_FILE names one."""
    seed = os.path.join(SRC, "seeds", "article.txt")
    out = os.path.join(WORK, "default.pdf")
    if convert(seed, out, "pdf"):
        fonts = embedded_fonts(out)
        if not fonts or not all(f.startswith("Liberation") for f in fonts):
            fail(f"fonts: the seed should be set in Liberation faces, got {fonts}")
    # A configuration of the user's own with only DejaVu Serif in it: it
    # must be the one used (so the faces change), not the system folders.
    dejavu = run(["fc-match", "-f", "%{file}", "DejaVu Serif:style=Book"]).stdout.decode()
    if not dejavu.endswith(".ttf") or not os.path.exists(dejavu):
        fail(f"fonts: fc-match found no DejaVu Serif file ({dejavu!r})")
        return
    only = os.path.join(WORK, "only-dejavu")
    os.makedirs(only)
    shutil.copy(dejavu, only)
    conf = os.path.join(WORK, "dejavu.conf")
    fc_config(conf, only, os.path.join(WORK, "cache"))
    global ENV
    saved = ENV
    ENV = dict(saved, FONTCONFIG_FILE=conf)
    out = os.path.join(WORK, "user.pdf")
    if convert(seed, out, "pdf"):
        fonts = embedded_fonts(out)
        if fonts != ["DejaVuSerif"]:
            fail(f"fonts: with FONTCONFIG_FILE naming only DejaVu Serif, got {fonts}")
    # A configuration with no fonts at all: one line naming the cause, no file.
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty)
    fc_config(conf, empty, os.path.join(WORK, "cache"))
    out = os.path.join(WORK, "none.pdf")
    r = run([NEWSCONV, "-q", "-t", "pdf", "-o", out, seed])
    err = r.stderr.decode()
    if r.returncode == 0 or os.path.exists(out):
        fail(f"fonts: with no fonts, exit {r.returncode} and file left: {os.path.exists(out)}")
    if len(err.splitlines()) != 1 or "fontconfig" not in err:
        fail(f"fonts: with no fonts, expected one line naming fontconfig, got {err!r}")
    ENV = saved


def main(argv):
    fresh_work()
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "seed":
        cmd_seed()
    elif cmd == "structures":
        cmd_structures(argv[2])
    elif cmd == "reader-cases":
        cmd_reader_cases()
    elif cmd == "corpus":
        cmd_corpus()
    elif cmd == "long":
        cmd_long()
    elif cmd == "memory":
        cmd_memory(argv[2])
    elif cmd == "selftest":
        cmd_selftest()
    elif cmd == "fonts":
        cmd_fonts()
    elif cmd == "tables":
        cmd_tables()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
