#!/usr/bin/env python3
"""An article nobody vetted (a wire feed, a contributor's pull request) must
not crash newsconv, hang it, exhaust memory, read the host or leave debris.
One part a ctest:

  untrusted.py images MAKE_IMAGE   PNG and JPEG checked before any library:
                                   damaged, bombs, the pixel limit, EPUB/HTML/PDF
  untrusted.py confine MAKE_IMAGE  front-matter paths stay in the article's
                                   folder; FIFOs and devices are refused at once
  untrusted.py linear              100,000 list items, 500,000 fragments and
                                   80,000 lines of collapsing columns:
                                   time and memory linear (ASan build too)
  untrusted.py paragraph           one 10 MB paragraph to PDF: at most 20x the
                                   input in memory; a paragraph set in parts
                                   keeps every word

Inputs are made here (MAKE_IMAGE writes PNG and JPEG with libpng and
libjpeg), never stored."""
import os
import struct
import subprocess
import sys
import time
import zlib

from common import (Checks, error_contract, leftovers, no_crash, run, run_measured, validate,
                    words_kept, workdir)

SANITIZED = os.environ.get("NC_SANITIZED", "OFF") == "ON"
IMAGE_FORMATS = (("epub", "epub"), ("html", "html"), ("pdf", "pdf"))


def article(path, front):
    """An article whose front matter holds the given lines."""
    with open(path, "w") as f:
        f.write("---\ntitle: A photo for the checks\n" + "".join(f"{line}\n" for line in front) +
                "---\n\nA paragraph of body text under the photo.\n\nSome caption.\n")


def make(helper, kind, w, h, path):
    subprocess.run([helper, kind, str(w), str(h), path], check=True)
    return open(path, "rb").read()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(w, h, rows):
    """A PNG whose header says w x h but whose data holds `rows` rows: the
    shape of a decompression bomb, without its cost to this test."""
    raw = b"".join(b"\0" + b"\x80" * (3 * w) for _ in range(rows))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(raw, 9)) + png_chunk(b"IEND", b""))


def convert(c, label, fmt, ext, src, extra=(), want_ok=True, want=None, timeout=60):
    out = f"out/{os.path.splitext(os.path.basename(src))[0]}.{ext}"
    os.makedirs("out", exist_ok=True)
    start = time.monotonic()
    code, _, err, _ = run(["-q", "-t", fmt, *extra, src, "-o", out], timeout=timeout)
    secs = time.monotonic() - start
    label = f"{label} -> {fmt}"
    no_crash(c, label, code, err)
    if want_ok:
        c.ok(code == 0, f"{label}: converted", err.strip()[:300])
        if code == 0:
            why = validate(ext, out, deep=False)
            c.ok(why is None, f"{label}: valid {ext}", why or "")
    else:
        if error_contract(c, label, code, err, os.path.basename(out), {3}):
            c.ok(want is None or want in err, f"{label}: says {want!r}", err.strip())
        c.ok(not os.path.exists(out), f"{label}: no output file")
    c.ok(not leftovers("out"), f"{label}: no temporary file left", str(leftovers("out")))
    if os.path.exists(out):
        os.remove(out)
    return secs


# --------------------------------------------------------------------- images

def images(c, helper):
    os.makedirs("img", exist_ok=True)
    good = {
        "good.png": make(helper, "png", 64, 48, "img/good.png"),
        "good.jpg": make(helper, "jpeg", 64, 48, "img/good.jpg"),
        "progressive.jpg": make(helper, "progressive", 64, 48, "img/progressive.jpg"),
    }
    png, jpg = good["good.png"], good["good.jpg"]
    # A CRC broken in IDAT (a critical chunk): libpng errors.
    idat = png.index(b"IDAT")
    bad_crc = bytearray(png)
    bad_crc[idat + 6] ^= 0xFF
    # An ancillary chunk (tEXt) with a wrong CRC: libpng only warns, and
    # another decoder may read it otherwise: refused too.
    text = png_chunk(b"tEXt", b"Comment\0hello")
    bad_anc = png[:33] + text[:-4] + b"\0\0\0\0" + png[33:]
    damaged = {
        "truncated.png": png[:len(png) // 2],         # libharu 2.3 let libpng abort() here
        "tiny-truncated.png": png_declaring(10, 10, 10)[:60],
        "bad-crc.png": bytes(bad_crc),
        "bad-ancillary-crc.png": bad_anc,
        "truncated.jpg": jpg[:len(jpg) * 2 // 3],
        "no-image-data.jpg": jpg[:jpg.index(b"\xff\xda")],
        "magic-only.png": png[:8],
        "not-an-image.png": b"GIF89a" + b"\0" * 100,
    }
    for name, data in damaged.items():
        open(f"img/{name}", "wb").write(data)
    # 20000 x 20000 declared (400 megapixels): refused from its header.
    open("img/bomb.png", "wb").write(png_declaring(20000, 20000, 8))
    for name in good:
        article(f"img/{name}.txt", [f"image: {name}", f"cover-image: {name}"])
        for fmt, ext in IMAGE_FORMATS:
            convert(c, f"good {name}", fmt, ext, f"img/{name}.txt")
    for name in damaged:
        article(f"img/{name}.txt", [f"image: {name}"])
        for fmt, ext in IMAGE_FORMATS:
            convert(c, f"damaged {name}", fmt, ext, f"img/{name}.txt", want_ok=False, want=name)
    article("img/bomb.txt", ["image: bomb.png"])
    for fmt, ext in IMAGE_FORMATS:
        secs = convert(c, "20000x20000 PNG", fmt, ext, "img/bomb.txt", want_ok=False,
                       want="more than the 50000000 allowed")
        c.ok(secs < 5, f"20000x20000 PNG -> {fmt}: refused at once", f"{secs:.1f} s")
        # 64 x 48 = 3072 pixels: the option's limit applies, and is exact.
        convert(c, "-W max-image-pixels=3071", fmt, ext, "img/good.png.txt",
                ["-W", "max-image-pixels=3071"], want_ok=False, want="more than the 3071 allowed")
        convert(c, "-W max-image-pixels=3072", fmt, ext, "img/good.png.txt",
                ["-W", "max-image-pixels=3072"])
        for bad in ("0", "-1", "0x10", "1e6", " 5", "5 ", "", "99999999999999999999999"):
            code, _, err, _ = run(["-q", "-t", fmt, "-W", f"max-image-pixels={bad}",
                                   "img/good.png.txt", "-o", f"out/x.{ext}"])
            c.ok(code == 2 and "max-image-pixels" in err,
                 f"-W max-image-pixels={bad!r} -> {fmt}: a usage error naming the option",
                 f"exit {code}: {err.strip()}")


def progressive_memory(c, helper):
    """A JPEG of several scans (progressive) is decoded into a buffer of all
    its coefficients, two bytes a pixel for each full-size component: its
    size is checked from the header against four bytes a pixel of
    max-image-pixels, and decoding stops at the first damage, so memory
    stays bounded by the pixel limit. Peak memory is measured against the
    same conversion of a small PNG."""
    w, h, limit = 2000, 1900, 4000000  # 3.8 megapixels, under the limit
    p444 = make(helper, "progressive444", w, h, "img/p444.jpg")  # 22.8 MB of coefficients
    make(helper, "progressive", w, h, "img/p420.jpg")            # 11.4 MB
    # A 1 KB progressive JPEG declaring 7000 x 7000 (49 megapixels, under the
    # default limit): its data ends in the first scan. libjpeg went on
    # through the whole image, filling a 147 MB buffer, before it refused.
    small = make(helper, "progressive", 64, 48, "img/p-small.jpg")
    bomb = bytearray(small)
    struct.pack_into(">HH", bomb, small.index(b"\xff\xc2") + 5, 7000, 7000)
    open("img/p-bomb.jpg", "wb").write(bomb)
    for name in ("p444", "p420", "p-bomb"):
        article(f"img/{name}.txt", [f"image: {name}.jpg"])
    article("img/base.txt", ["image: good.png"])
    cap = f"max-image-pixels={limit}"
    del p444
    for fmt, ext in IMAGE_FORMATS:
        def rss(src, *extra):
            code, _, err, kib = run_measured(["-q", "-t", fmt, *extra, src, "-o", f"out/m.{ext}"])
            return code, err, kib
        _, _, base = rss("img/base.txt")
        code, err, kib = rss("img/p-bomb.txt")
        c.ok(code == 3 and "damaged JPEG" in err, f"progressive JPEG declaring 7000x7000 -> {fmt}: "
             "refused as damaged", f"exit {code}: {err.strip()}")
        c.ok(kib - base < 20 * 1024, f"progressive JPEG declaring 7000x7000 -> {fmt}: under 20 MB "
             "above a small image", f"{(kib - base) / 1024:.1f} MB above")
        print(f"measure: 7000x7000 progressive bomb -> {fmt}: {kib / 1024:.1f} MB peak, "
              f"{(kib - base) / 1024:.1f} MB above a small image")
        code, err, kib = rss("img/p444.txt", "-W", cap)
        c.ok(code == 3 and "needs 23 MB to decode, more than the 16 MB" in err,
             f"progressive 4:4:4 JPEG, 3.8 MP, -W {cap} -> {fmt}: refused from its header",
             f"exit {code}: {err.strip()}")
        c.ok(kib - base < 8 * 1024, f"progressive 4:4:4 -W {cap} -> {fmt}: nothing decoded",
             f"{(kib - base) / 1024:.1f} MB above")
        code, err, kib = rss("img/p420.txt", "-W", cap)
        c.ok(code == 0, f"progressive 4:2:0 JPEG, 3.8 MP, -W {cap} -> {fmt}: converted", err)
        c.ok(kib - base < 4 * limit / 1024 + 8 * 1024, f"progressive 4:2:0 -W {cap} -> {fmt}: "
             "within 4 bytes a pixel of the limit", f"{(kib - base) / 1024:.1f} MB above")
        code, err, _ = rss("img/p444.txt")
        c.ok(code == 0, f"progressive 4:4:4 JPEG, 3.8 MP, default limit -> {fmt}: converted", err)


# ---------------------------------------------------------------- confinement

def confine(c, helper):
    os.makedirs("site/articles/sub", exist_ok=True)
    os.makedirs("site/shared", exist_ok=True)
    os.makedirs("elsewhere", exist_ok=True)
    make(helper, "png", 16, 16, "site/articles/photo.png")
    make(helper, "png", 16, 16, "site/articles/sub/inner.png")
    make(helper, "png", 16, 16, "site/shared/logo.png")
    make(helper, "png", 16, 16, "elsewhere/secret.png")
    secret = os.path.abspath("elsewhere/secret.png")
    os.symlink(secret, "site/articles/link-out.png")
    os.symlink("photo.png", "site/articles/link-in.png")
    os.mkfifo("site/articles/fifo.png")
    os.symlink("/dev/zero", "site/articles/zero.png")
    os.makedirs("site/articles/folder.png")
    refused = {
        "absolute": (secret, "outside the article's folder"),
        "dotdot": ("../../elsewhere/secret.png", "outside the article's folder"),
        "dotdot-shared": ("../shared/logo.png", "outside the article's folder"),
        "symlink-out": ("link-out.png", "outside the article's folder"),
        "missing": ("nothing.png", "no such file"),
        "fifo": ("fifo.png", "not a regular file"),
        "device": ("zero.png", "outside the article's folder"),
        "folder": ("folder.png", "not a regular file"),
    }
    allowed = {"relative": "photo.png", "below": "sub/inner.png", "symlink-in": "link-in.png",
               "dotdot-back-in": "sub/../photo.png"}
    os.makedirs("cwd", exist_ok=True)
    for fmt, ext in IMAGE_FORMATS:
        for label, (path, want) in refused.items():
            article(f"site/articles/{label}.txt", [f"image: {path}"])
            # From another folder: the path is the article's, not the cwd's.
            secs = convert(c, f"image: {path}", fmt, ext, f"site/articles/{label}.txt",
                           want_ok=False, want=want, timeout=20)
            c.ok(secs < 10, f"image: {path} -> {fmt}: no wait", f"{secs:.1f} s")
        for label, path in allowed.items():
            article(f"site/articles/{label}.txt", [f"image: {path}"])
            convert(c, f"image: {path}", fmt, ext, f"site/articles/{label}.txt")
        # --resource-path opens a folder to the article, and only that one.
        convert(c, "image: ../shared/logo.png with --resource-path site/shared", fmt, ext,
                "site/articles/dotdot-shared.txt", ["--resource-path", "site/shared"])
        article("site/articles/bare.txt", ["image: logo.png"])
        convert(c, "image: logo.png found in --resource-path site/shared", fmt, ext,
                "site/articles/bare.txt", ["--resource-path", "elsewhere:site/shared"])
        convert(c, "image: ../../elsewhere/secret.png with --resource-path site/shared", fmt,
                ext, "site/articles/dotdot.txt", ["--resource-path", "site/shared"],
                want_ok=False, want="outside")
        # -M image= is the user's own: read as given (relative to the cwd).
        convert(c, "-M image=elsewhere/secret.png", fmt, ext, "site/articles/absolute.txt",
                ["-M", "image=elsewhere/secret.png"])
        convert(c, "-M image=FIFO", fmt, ext, "site/articles/relative.txt",
                ["-M", "image=site/articles/fifo.png"], want_ok=False, want="not a regular file")
        convert(c, "-M image=/dev/zero", fmt, ext, "site/articles/relative.txt",
                ["-M", "image=/dev/zero"], want_ok=False, want="not a regular file")
    # From standard input the article's folder is the current one.
    make(helper, "png", 16, 16, "../confine-outside.png")
    article("cwd/in.txt", ["image: ../confine-outside.png"])
    code, _, err, _ = run(["-q", "-t", "html", "-", "-o", "cwd/x.html"],
                          stdin=open("cwd/in.txt", "rb"))
    c.ok(code == 3 and "outside" in err, "standard input: '..' out of the current folder refused",
         f"exit {code}: {err.strip()}")


# --------------------------------------------------------------------- linear

def measure(args):
    start = time.monotonic()
    code, _, err, rss = run_measured(args, timeout=600)
    return code, err, rss, time.monotonic() - start


def linear(c):
    os.makedirs("out", exist_ok=True)

    def keywords(n):
        items = ",".join(f"k{i}" for i in range(n))
        names = ",".join(f"Name{i} Surname" for i in range(n))
        return f"---\ntitle: Lists\nkeywords: [{items}]\nauthors: [{names}]\n---\n\nBody.\n"

    def fragments(n):
        # Lower-case fragments after blank lines join the sentence before.
        return "Headline of fragments\n\nIt began\n\n" + "".join("and went on\n\n" for _ in range(n))

    def columns(n):
        # Rows of two fields whose columns merge into one: no table, but
        # each row began a scan of the run to its end (20,000 such lines
        # took 45 s); then the same with a line between rows that could
        # continue a cell (the wrapped cells' first version: 12 s).
        rows, wrapped = ("a  bcdefghij", "abcde  f"), ("abcde  f", "a", "a  bcdefghij", "a")
        return ("Headline of columns\n\n" + "".join(rows[i % 2] + "\n" for i in range(n // 2)) +
                "".join(wrapped[i % 4] + "\n" for i in range(n // 2)))

    # Time ceilings are for the quadratic behaviour they pin (3.5 GB for
    # 30,000 keywords; > 300 s a format for the fragments under ASan).
    for name, make_text, n, fmts in (("keywords", keywords, 100000, ("json", "epub", "pdf")),
                                     ("fragments", fragments, 500000, ("md", "json")),
                                     ("columns", columns, 80000, ("json",))):
        for size in (n // 4, n):
            open(f"{name}-{size}.txt", "w").write(make_text(size))
        for fmt in fmts:
            runs = {}
            for size in (n // 4, n):
                code, err, rss, secs = measure(["-q", "-t", fmt, f"{name}-{size}.txt", "-o",
                                                f"out/{name}-{size}.{fmt}"])
                runs[size] = (rss, secs)
                label = f"{size} {name} -> {fmt}"
                c.ok(code == 0, f"{label}: converted", err.strip()[:300])
                print(f"measure: {label}: {secs:.2f} s, peak RSS {rss // 1024} MiB")
            (q_rss, q_secs), (rss, secs) = runs[n // 4], runs[n]
            label = f"{n} {name} -> {fmt}"
            c.ok(secs < 60, f"{label}: under a minute", f"{secs:.1f} s")
            c.ok(rss < 1024 * 1024, f"{label}: peak memory under 1 GiB", f"{rss // 1024} MiB")
            # Four times the items may take four times the memory, not 16.
            c.ok(rss < 6 * q_rss, f"{label}: memory grows linearly",
                 f"{q_rss // 1024} MiB for a quarter, {rss // 1024} MiB for all")


def paragraph(c):
    """One paragraph, no blank line: the PDF layout used to hold ~80 bytes a
    character of it at once (10 MB took 655 MB and 72 s)."""
    import random
    rnd = random.Random(5)
    voc = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9)))
           for _ in range(5000)]
    size = (1 if SANITIZED else 10) * 1024 * 1024
    parts, n = [], 0
    while n < size:
        w = rnd.choice(voc)
        parts.append(w)
        n += len(w) + 1
    text = " ".join(parts)
    open("big.txt", "w").write(text + "\n")
    # Smaller ones for the word check: spans of emphasis and a link across
    # the cuts between parts, and one enormous word with no space to cut at.
    small = " ".join(parts[:40000])
    small = small[:100000] + " *emphasised " + small[100000:140000] + "* after " + small[140000:]
    open("small.txt", "w").write("Headline\n\n" + small + "\n")
    open("word.txt", "w").write("Headline\n\n" + "x" * 300000 + " and a short tail.\n")
    os.makedirs("out", exist_ok=True)
    code, err, rss, secs = measure(["-q", "-t", "pdf", "big.txt", "-o", "out/big.pdf"])
    label = f"one {size >> 20} MB paragraph -> pdf"
    print(f"measure: {label}: {secs:.1f} s, peak RSS {rss // 1024} MiB, {rss * 1024 / size:.1f}x")
    c.ok(code == 0, f"{label}: converted", err.strip()[:300])
    if not SANITIZED:  # ASan's shadow and quarantine make peaks meaningless
        c.ok(rss * 1024 <= 20 * size, f"{label}: peak memory at most 20x the input",
             f"{rss // 1024} MiB")
    why = validate("pdf", "out/big.pdf", deep=False)
    c.ok(why is None, f"{label}: valid pdf", why or "")
    for name in ("small", "word"):
        code, _, err, _ = run(["-q", "-t", "pdf", f"{name}.txt", "-o", f"out/{name}.pdf"])
        c.ok(code == 0, f"{name} paragraph in parts -> pdf: converted", err.strip()[:300])
        if name == "small":
            c.ok(words_kept(f"{name}.txt", "pdf", f"out/{name}.pdf"),
                 f"{name} paragraph in parts -> pdf: every word kept")


def main():
    part = sys.argv[1]
    workdir()
    c = Checks()
    if part == "images":
        images(c, sys.argv[2])
        progressive_memory(c, sys.argv[2])
    elif part == "confine":
        confine(c, sys.argv[2])
    elif part == "linear":
        linear(c)
    elif part == "paragraph":
        paragraph(c)
    else:
        raise SystemExit(f"unknown part {part!r}")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
