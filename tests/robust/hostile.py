#!/usr/bin/env python3
"""Hostile inputs (issue 9), each converted to every format the binary
lists: valid output (checked by the format's own validator, and every word
kept where the input is text), or a documented exit code with one line on
stderr naming the file, and then no output file at all.

  hostile.py          the quick cases
  hostile.py --big    a 10 MB single line and 500,000 short paragraphs, with
                      time and peak memory per format (memory must stay
                      proportional to the input)
"""
import concurrent.futures
import os
import random
import subprocess
import sys
import time

from common import (Checks, error_contract, formats, leftovers, no_crash, run, run_measured,
                    text_of, validate, words_kept, workdir)


def vocabulary(seed):
    rnd = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 9))) for _ in range(5000)]


def quick_cases():
    """(name, bytes, expect, clean): expect "ok" (exit 0 and valid output),
    "error" (exit 3), or "either"; clean is the visible text for the word
    check, or None when there is no text to compare."""
    rnd = random.Random(9)
    cases = []
    cases.append(("empty", b"", "error", None))
    cases.append(("blank", b" \t \n\n\r\n   \n\t\f\n", "error", None))
    cases.append(("binary", bytes(rnd.randrange(256) for _ in range(65536)), "either", None))
    ctl = "".join(chr(c) for c in list(range(0, 9)) + [11] + list(range(14, 32)) + [127])
    c1 = "".join(chr(c) for c in range(0x80, 0xA0))
    visible = "Headline with controls\n\nalpha beta gamma delta\n\nepsilon zeta eta\n"
    noisy = ("Headline with controls\n\nalpha " + ctl + " beta \x00 gamma " + c1 +
             " delta\n\nepsilon \x1b[31m zeta \x07 eta\n")
    cases.append(("controls", noisy.encode("utf-8"), "ok",
                  visible.replace("zeta", "[31m zeta")))
    bad = (b"Headline invalid \xff\xfe bytes\n\nalpha \xc3\x28 beta \xed\xa0\x80 gamma "
           b"\xf4\x90\x80\x80 delta \xc0\xaf epsilon \xe2\x82\n\nzeta \x80\x80 eta\n")
    cases.append(("invalid_utf8", bad, "ok", bad.decode("utf-8", "ignore")))
    utf16 = ("Headline in UTF-16\n\nalpha beta \U0001F600 gamma\n\ndelta ").encode("utf-16-le")
    utf16 = b"\xff\xfe" + utf16 + b"\x00\xd8" + " epsilon \n".encode("utf-16-le") + b"\x00\xdc"
    cases.append(("utf16_lone_surrogates", utf16, "ok",
                  utf16[2:].decode("utf-16-le", "ignore")))
    markup = ("Headline <script>alert('x')</script> & ]]> <b>bold</b>\n\n"
              "By Jane <iframe src=x onerror=alert(1)> Doe\n\n"
              "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]> "
              "&xxe; &amp; &lt;tag&gt; &#0; &#x1; closing ]]> and <![CDATA[ inside ]]>\n\n"
              "Markdown: *star* **strong** _under_ `code` ~~strike~~ \\*escaped\\* "
              "[click](javascript:alert(1)) [ref][1] ![img](javascript:alert(2)) "
              "<javascript:alert(3)> <http://example.com/?a=1&b=<x>> JavaScript:void(0)\n\n"
              "[1]: javascript:alert(4)\n\n"
              "# hash heading\n\n## second\n\n> quoted\n\n- dash item\n+ plus item\n\n"
              "1. ordered\n\n    indented code block\n\n```\nfenced\n```\n\n---\n\n"
              "| table | row |\n|---|---|\n\n<div onclick=\"x\">html block</div>\n\n"
              "<!-- comment --> $math$ \\(latex\\) {{template}} ${shell} `$(id)` ; rm -rf /\n")
    cases.append(("markup", markup.encode(), "ok", markup))
    fmt = ("Headline %s%n%x%p %1$s %%d\n\nBody %s %n %x %p %.9999d %*d "
           "{0} {} ${x} \\ \\\\ (parens) ) ( \\n\n")
    cases.append(("format_string", fmt.encode(), "ok", fmt))
    intl = ("\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd headline "
            "\u202e reversed \u202c \u200f rtl mark\n\n"
            "Emoji \U0001F600 \U0001F468\u200d\U0001F469\u200d\U0001F467 family "
            "\U0001F1FA\U0001F1E6 flag \u2764\ufe0f heart e\u0301 combining\n\n"
            "\u0627\u0644\u0642\u0627\u0647\u0631\u0629 (\u0631\u0648\u064a\u062a\u0631\u0632)"
            " \u2014 \u0646\u0635 \u0639\u0631\u0628\u064a \u0637\u0648\u064a\u0644.\n\n"
            "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd \u05e2\u05d1\u05e8\u05d9\u05ea "
            "mixed with English 123 \u0661\u0662\u0663\n\n"
            "\u4e2d\u6587 \u65e5\u672c\u8a9e \ud55c\uad6d\uc5b4 \u0939\u093f\u0928\u094d"
            "\u0926\u0940 \U00020000 astral\n")
    cases.append(("emoji_rtl", intl.encode(), "ok", intl))
    voc = vocabulary(1)
    head = " ".join(voc[i % len(voc)] for i in range(20000))[:100 * 1024].rsplit(" ", 1)[0]
    long_head = head + "\n\nA short body after a very long headline.\n"
    cases.append(("headline_100k", long_head.encode(), "ok", long_head))
    return cases


def big_cases():
    # Under ASan + UBSan (ten times slower) a tenth of each: the same code
    # paths, sanitized; the full sizes run in the plain build.
    scale = 10 if os.environ.get("NC_SANITIZED", "OFF") == "ON" else 1
    voc = vocabulary(2)
    rnd = random.Random(3)
    parts, size = [], 0
    while size < 10 * 1024 * 1024 // scale:
        w = rnd.choice(voc)
        parts.append(w)
        size += len(w) + 1
    line = " ".join(parts) + "\n"
    paras = "Headline of many paragraphs\n\n" + "".join(
        f"Para {voc[i % len(voc)]} {i}.\n\n" for i in range(500000 // scale))
    return [("single_line_10mb", line.encode(), "ok", None),
            ("paragraphs_500k", paras.encode(), "ok", None)]


# Formats whose text extraction cannot see every character: PDF draws a
# stand-in for a glyph no font has, and pdftotext reorders right-to-left runs.
NO_WORD_CHECK = {("pdf", "emoji_rtl"), ("pdf", "utf16_lone_surrogates")}


def check_case(c, fmts, name, data, expect, clean, big=False):
    src = f"{name}.txt"
    open(src, "wb").write(data)
    if clean is not None:
        open(f"{name}.clean.txt", "w", encoding="utf-8").write(clean)
    os.makedirs("out", exist_ok=True)
    if not big:
        for fmt, ext in fmts:
            check_format(c, fmt, ext, name, src, len(data), expect, clean, big)
        return
    # Two at a time (the CI machine has two cores): PDF alone takes ~20 s.
    quarter = None
    if name == "single_line_10mb":
        quarter = "quarter.txt"
        open(quarter, "wb").write(data[:len(data) // 4].rsplit(b" ", 1)[0] + b"\n")
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [(pool.submit(check_format, c.hold(), fmt, ext, name, src, len(data), expect,
                             clean, big, quarter)) for fmt, ext in fmts]
    for j in jobs:
        c.replay(j.result())
    c.ok(not leftovers("out"), f"{name}: no temporary file left", str(leftovers("out")))


def check_format(c, fmt, ext, name, src, size, expect, clean, big, quarter=None):
    out = f"out/{name}.{ext}"
    label = f"{name} -> {fmt}"
    start = time.monotonic()
    if big:
        code, _, err, rss = run_measured(["-q", "-t", fmt, src, "-o", out])
    else:
        code, _, err, rss = run(["-q", "-t", fmt, src, "-o", out])
    secs = time.monotonic() - start
    if big:
        c.ok(True, f"measure: {label}: {secs:.1f} s, peak RSS {rss // 1024} MiB, "
             f"{rss * 1024 / size:.1f}x the input")
    # ASan's shadow memory and quarantine make peaks meaningless there.
    measure = big and os.environ.get("NC_SANITIZED", "OFF") != "ON"
    if measure:
        # A sanity ceiling; the real test of proportionality is below.
        c.ok(rss * 1024 < 128 * 2**20 + 100 * size,
             f"{label}: peak memory under 128 MiB + 100x the input", f"{rss // 1024} MiB")
    if quarter and measure:
        qout = f"out/quarter.{ext}"
        _, _, _, qrss = run_measured(["-q", "-t", fmt, quarter, "-o", qout])
        if os.path.exists(qout):
            os.remove(qout)
        # Four times the input may take four times the memory, not sixteen.
        c.ok(rss < 5 * qrss, f"{label}: memory grows linearly with the input",
             f"{qrss // 1024} MiB for a quarter, {rss // 1024} MiB for all")
    if not no_crash(c, label, code, err):
        return c
    if code == 0:
        c.ok(expect != "error", f"{label}: success is right for this input",
             "it should have been refused with exit 3")
        if not c.ok(os.path.isfile(out), f"{label}: output written"):
            return c
        start = time.monotonic()
        why = validate(ext, out, deep=not big)
        c.ok(why is None, f"{label}: valid {ext} ({time.monotonic() - start:.1f} s)", why or "")
        if clean is not None and (ext, name) not in NO_WORD_CHECK:
            c.ok(words_kept(f"{name}.clean.txt", ext, out), f"{label}: every word kept")
        if name == "format_string":
            c.ok("%s%n%x%p" in text_of(ext, out), f"{label}: %s%n%x%p kept literally")
        if not big:
            c.ok(not err.strip(), f"{label}: quiet run prints nothing", err[:200])
    else:
        c.ok(expect != "ok", f"{label}: an error is right for this input",
             f"exit {code}: {err.strip()[:300]}")
        error_contract(c, label, code, err, src, {3} if expect == "error" else {1, 2, 3, 4})
        c.ok(not os.path.exists(out), f"{label}: no output file after the error")
    if not big:  # in parallel, the other format's temporary file is legitimately there
        c.ok(not leftovers("out"), f"{label}: no temporary file left", str(leftovers("out")))
    if os.path.exists(out):
        os.remove(out)
    return c


def main():
    big = "--big" in sys.argv
    workdir()
    c = Checks()
    fmts = formats()
    print("formats:", " ".join(f for f, _ in fmts))
    for case in (big_cases() if big else quick_cases()):
        check_case(c, fmts, *case, big=big)
    if not big:
        special_inputs(c, fmts)
    return c.done()


def special_inputs(c, fmts):
    """A folder, a missing file and an unreadable file as input."""
    os.makedirs("adir", exist_ok=True)
    open("locked.txt", "w").write("Headline\n\nBody text.\n")
    os.chmod("locked.txt", 0)
    # Root reads any file; drop the capabilities that allow it so that the
    # permission bits apply (util-linux setpriv).
    drop = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"]
    can_drop = subprocess.run(drop + ["true"], capture_output=True).returncode == 0
    for fmt, ext in fmts:
        for name, want in (("adir", "is a directory"), ("missing.txt", "No such file"),
                           ("locked.txt", "Permission denied")):
            out = f"out/{os.path.splitext(name)[0]}.{ext}"
            label = f"{name} -> {fmt}"
            if name == "locked.txt" and os.getuid() == 0:
                if not can_drop:
                    print(f"skipped: {label}: running as root and setpriv cannot drop "
                          "CAP_DAC_OVERRIDE")
                    continue
                p = subprocess.run(drop + [os.environ["NEWSCONV"], "-t", fmt, name, "-o", out],
                                   capture_output=True)
                code, err = p.returncode, p.stderr.decode("utf-8", "replace")
            else:
                code, _, err, _ = run(["-t", fmt, name, "-o", out])
            error_contract(c, label, code, err, name, {3})
            c.ok(want in err, f"{label}: says {want!r}", err.strip())
            c.ok(not os.path.exists(out), f"{label}: no output file")


if __name__ == "__main__":
    sys.exit(main())
