#!/usr/bin/env python3
"""The command line before untrusted input (issue 17):

  cli_untrusted.py signals   SIGINT, SIGTERM, SIGHUP during a batch: every
                             temporary file removed, exit 130/143/129 with
                             one line, the manifest lists what finished (whole)
  cli_untrusted.py names     file names with newlines, escapes and bytes that
                             are not UTF-8: escaped on stderr, the manifest
                             valid JSON (such a name written with \\xHH)
                             and every invisible character (Unicode's Cc,
                             Cf, Zl, Zp: bidi overrides and isolates...) kept
                             off stderr and out of the manifest's bytes
  cli_untrusted.py strict    SOURCE_DATE_EPOCH, numbers in -W and options after
                             -t: refused with one line that names them
"""
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata

from common import NEWSCONV, Checks, run, workdir


def one_line(c, label, err):
    c.ok(len(err.splitlines()) == 1, f"{label}: exactly one line on stderr", repr(err[:400]))


# -------------------------------------------------------------------- signals

def signals(c):
    os.makedirs("in", exist_ok=True)
    body = " ".join(f"word{i} and more text" for i in range(20000))
    inputs = []
    for i in range(24):
        p = f"in/a{i:02d}.txt"
        with open(p, "w") as f:
            f.write(f"Headline {i}\n\n" + "\n\n".join(body[k:k + 3000] + "."
                                                       for k in range(0, len(body), 3000)))
        inputs.append(p)
    for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)):
        name = signal.Signals(sig).name
        out = f"out-{name}"
        os.makedirs(out, exist_ok=True)
        manifest = f"{out}/manifest.jsonl"
        p = subprocess.Popen([NEWSCONV, "-q", "-j", "2", "-t", "pdf,epub", "-o", out + "/",
                              "--manifest", manifest] + inputs,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # Wait until some outputs are done and others are being written.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            names = os.listdir(out)
            done = [n for n in names if not n.startswith(".") and n != "manifest.jsonl"]
            tmp = [n for n in names if n.startswith(".newsconv-")]
            if len(done) >= 2 and tmp:
                break
            time.sleep(0.01)
        p.send_signal(sig)
        try:
            _, err = p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        err = err.decode("utf-8", "replace")
        label = f"{name} during a batch"
        c.ok(p.returncode == code, f"{label}: exit {code}", f"exit {p.returncode}: {err.strip()}")
        one_line(c, label, err)
        left = [n for n in os.listdir(out) if n.startswith(".newsconv-")]
        c.ok(not left, f"{label}: no temporary file left", str(left))
        if not c.ok(os.path.isfile(manifest), f"{label}: the manifest is written"):
            continue
        listed = [json.loads(line) for line in open(manifest, encoding="utf-8")]
        print(f"measure: {label}: {len(listed)} outputs finished before the signal")
        for e in listed:
            data = open(e["output"], "rb").read()
            c.ok(len(data) == e["bytes"] and hashlib.sha256(data).hexdigest() == e["sha256"],
                 f"{label}: {e['output']} is whole, as the manifest says")
        written = {os.path.join(out, n) for n in os.listdir(out)
                   if not n.startswith(".") and n != "manifest.jsonl"}
        c.ok(written == {e["output"] for e in listed},
             f"{label}: every output on disk is in the manifest, and only those",
             str(sorted(written ^ {e["output"] for e in listed})))


# ---------------------------------------------------------------------- names

def unescape(s):
    """The manifest's escaping of a name that is not UTF-8, undone."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1] == "x":
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        elif s[i] == "\\":
            out.append(ord(s[i + 1]))
            i += 2
        else:
            out += s[i].encode("utf-8")
            i += 1
    return bytes(out)


def names(c):
    os.makedirs(b"in", exist_ok=True)
    os.makedirs(b"out", exist_ok=True)
    tricky = [b"new\nline", b"esc\x1b[31mred", b"bad\xff\xfebytes", b"tab\there", b"back\\xff",
              b"caf\xc3\xa9", b"bell\x07"]
    good = []
    for t in tricky:
        p = b"in/" + t + b".txt"
        with open(p, "wb") as f:
            f.write(b"A headline\n\nA paragraph.\n")
        good.append(p)
        with open(b"in/" + t + b"-empty.txt", "wb") as f:
            f.write(b"")
    # Each empty input fails: one line each, the name escaped.
    for t in tricky:
        p = b"in/" + t + b"-empty.txt"
        proc = subprocess.run([NEWSCONV.encode(), b"-q", b"-t", b"md", b"-o", b"out/", p],
                              capture_output=True)
        err = proc.stderr
        label = f"failing input {t!r}"
        c.ok(proc.returncode == 3, f"{label}: exit 3", repr(err))
        c.ok(err.count(b"\n") == 1 and err.endswith(b"\n"), f"{label}: one line", repr(err))
        c.ok(not any(b < 0x20 and b != 0x0A for b in err) and b"\x7f" not in err,
             f"{label}: no control character on stderr", repr(err))
        try:
            err.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        c.ok(utf8, f"{label}: stderr is UTF-8", repr(err))
        want = {b"new\nline": b"new\\nline", b"esc\x1b[31mred": b"esc\\033[31mred",
                b"bad\xff\xfebytes": b"bad\\xff\\xfebytes", b"tab\there": b"tab\\there",
                b"caf\xc3\xa9": b"caf\xc3\xa9", b"bell\x07": b"bell\\007"}.get(t)
        if want:
            c.ok(want in err, f"{label}: the name shown as {want!r}", repr(err))
    # All convert in one batch with a manifest that must be valid JSON.
    proc = subprocess.run([NEWSCONV.encode(), b"-q", b"-t", b"md,json", b"-o", b"out/",
                           b"--manifest", b"out/m.jsonl"] + good, capture_output=True)
    c.ok(proc.returncode == 0, "tricky names: converted", repr(proc.stderr))
    raw = open("out/m.jsonl", "rb").read()
    try:
        lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        c.ok(False, "tricky names: the manifest is UTF-8 JSON, a line an output", str(e))
        return
    c.ok(len(lines) == 2 * len(good), "tricky names: one manifest line an output")
    for e in lines:
        for key in ("input", "output"):
            name = unescape(e[key]) if e.get("escaped") else e[key].encode("utf-8")
            c.ok(os.path.exists(name), f"manifest {key} {e[key]!r}: names the file on disk",
                 repr(name))


HIDDEN = ("Cc", "Cf", "Zl", "Zp")


def hidden_chars():
    """Every code point Python's Unicode database calls a control, a format
    character or a line or paragraph separator, but NUL and '/' (no name
    holds them) and the line ends names() tries."""
    return [chr(cp) for cp in range(1, 0x110000)
            if unicodedata.category(chr(cp)) in HIDDEN and chr(cp) not in "\n\r\t"]


def none_hidden(text):
    return [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in HIDDEN]


def invisible(c):
    """Names holding each invisible character: shown on stderr as the octal of
    its bytes, written in the manifest as a JSON escape that parses back to
    the name, and in neither raw."""
    chars = hidden_chars()
    os.makedirs("inv", exist_ok=True)
    os.makedirs("inv-out", exist_ok=True)
    empty, good = [], []
    for ch in chars:
        raw = ch.encode("utf-8")
        p = b"inv/x" + raw + b"fdp-empty.txt"
        open(p, "wb").close()
        empty.append(p)
        p = b"inv/x" + raw + b"fdp.txt"
        with open(p, "wb") as f:
            f.write(b"A headline\n\nA paragraph.\n")
        good.append(p)
    # Each empty input fails: one line each, in input order (-j 1).
    proc = subprocess.run([NEWSCONV.encode(), b"-q", b"-j", b"1", b"-t", b"md", b"-o",
                           b"inv-out/"] + empty, capture_output=True)
    err = proc.stderr.decode("utf-8", "replace")
    lines = err.split("\n")[:-1]
    c.ok(proc.returncode == 5, f"{len(chars)} invisible characters in names: exit 5 (inputs failed)",
         err[:300])
    c.ok(len(lines) == len(chars), "one line a failing input",
         f"{len(lines)} lines for {len(chars)} inputs")
    c.ok(not none_hidden(err.replace("\n", "")), "no invisible character on stderr",
         str(none_hidden(err.replace("\n", ""))[:20]))
    for ch, line in zip(chars, lines):
        want = "x" + "".join(f"\\{b:03o}" for b in ch.encode("utf-8")) + "fdp-empty.txt"
        c.ok(want in line, f"U+{ord(ch):04X} shown as the octal of its bytes", line)
    # All convert in one batch; the manifest's bytes hold none raw, its JSON
    # gives each name back exactly.
    proc = subprocess.run([NEWSCONV.encode(), b"-q", b"-t", b"md", b"-o", b"inv-out/",
                           b"--manifest", b"inv-out/m.jsonl"] + good, capture_output=True)
    c.ok(proc.returncode == 0, "invisible characters in names: converted", repr(proc.stderr[:300]))
    raw = open("inv-out/m.jsonl", "rb").read().decode("utf-8")
    c.ok(not none_hidden(raw.replace("\n", "")), "no invisible character in the manifest's bytes",
         str(none_hidden(raw.replace("\n", ""))[:20]))
    inputs = [json.loads(line) for line in raw.splitlines()]
    c.ok(sorted(e["input"].encode("utf-8") for e in inputs) == sorted(good),
         "the manifest's names parse back to the names on disk",
         str([e["input"] for e in inputs if e["input"].encode("utf-8") not in good][:5]))
    c.ok(not any(e.get("escaped") for e in inputs), "valid UTF-8 names are not marked escaped")


# --------------------------------------------------------------------- strict

def strict(c):
    with open("a.txt", "w") as f:
        f.write("A headline\n\nA paragraph.\n")
    env = dict(os.environ)
    for bad in ("garbage", "-1", "253402300800", "1e9", " 5", "5 ", "0x10", "99999999999999999999"):
        env["SOURCE_DATE_EPOCH"] = bad
        p = subprocess.run([NEWSCONV, "-t", "epub", "a.txt", "-o", "a.epub"], env=env,
                           capture_output=True, text=True)
        label = f"SOURCE_DATE_EPOCH={bad!r}"
        c.ok(p.returncode == 2, f"{label}: a usage error", f"exit {p.returncode}: {p.stderr}")
        c.ok("SOURCE_DATE_EPOCH" in p.stderr, f"{label}: says SOURCE_DATE_EPOCH", p.stderr)
        one_line(c, label, p.stderr)
        c.ok(not os.path.exists("a.epub"), f"{label}: no output")
    for ok in ("0", "1700000000", "253402300799", ""):
        env["SOURCE_DATE_EPOCH"] = ok
        p = subprocess.run([NEWSCONV, "-t", "epub", "a.txt", "-o", "a.epub"], env=env,
                           capture_output=True, text=True)
        c.ok(p.returncode == 0, f"SOURCE_DATE_EPOCH={ok!r}: converted", p.stderr)
        if os.path.exists("a.epub"):
            os.remove("a.epub")
    for opt, fmt in (("font-size=0x10", "pdf"), ("font-size=1e1", "pdf"), ("font-size=18.5", "pdf"),
                     ("font-size=nan", "pdf"), ("font-size= 12", "pdf"), ("font-size=12.", "pdf"),
                     ("compression-level=0x1", "epub"), ("compression-level=10", "epub"),
                     ("max-image-pixels=1e6", "html"), ("max-image-pixels=-5", "html")):
        code, _, err, _ = run(["-t", fmt, "-W", opt, "a.txt", "-o", f"a.{fmt}"])
        key = opt.split("=")[0]
        c.ok(code == 2 and key in err, f"-W {opt}: a usage error naming {key}",
             f"exit {code}: {err}")
        one_line(c, f"-W {opt}", err)
    for opt, fmt in (("font-size=12.5", "pdf"), ("font-size=6", "pdf"), ("compression-level=0", "epub")):
        code, _, err, _ = run(["-t", fmt, "-W", opt, "a.txt", "-o", f"a.{fmt}"])
        c.ok(code == 0, f"-W {opt}: accepted", err)
    for args, named in ((["-t", "md", "-zq", "a.txt"], "-z"), (["-t", "md", "-qz", "a.txt"], "-z"),
                        (["-t", "md", "--bogus=1", "a.txt"], "--bogus"),
                        (["-t", "md", "a.txt", "-q", "-j"], "-j"), (["a.txt", "-qt"], "-t"),
                        (["a.txt", "-t", "md", "--manifest"], "--manifest")):
        code, _, err, _ = run(args)
        label = " ".join(args)
        c.ok(code == 2, f"{label}: a usage error", f"exit {code}: {err}")
        c.ok(f"'{named}'" in err, f"{label}: names '{named}'", err)
        one_line(c, label, err)


def main():
    part = sys.argv[1]
    workdir()
    c = Checks()
    {"signals": signals, "names": names, "invisible": invisible, "strict": strict}[part](c)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
