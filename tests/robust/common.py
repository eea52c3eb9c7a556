"""What the robustness scripts share: the formats the binary lists, a run
helper that enforces the CLI's error contract, and one validator per
output format, each an independent tool or parser (never our own code).
Text extraction and "every word in order" come from tests/tools/words.py."""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
import zipfile

SRC = os.environ["SRC"]
NEWSCONV = os.environ["NEWSCONV"]
sys.path.insert(0, os.path.join(SRC, "tests", "tools"))
import words  # noqa: E402  (the project's one word checker)

DOCUMENTED_ERRORS = {1, 2, 3, 4}  # newsconv --help; 5 needs several inputs


def workdir():
    work = os.environ["WORK"]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.chdir(work)
    return work


def formats():
    """(name, extension) of every format, from the binary's own list."""
    out = subprocess.run([NEWSCONV, "--list-formats"], capture_output=True, text=True,
                         check=True).stdout
    result = []
    for line in out.splitlines():
        m = re.match(r"^(\S+?),?\s.*?\s\.(\S+)\s", line)
        if m:
            result.append((m.group(1), m.group(2)))
    assert result, "newsconv --list-formats listed nothing"
    return result


class Checks:
    def __init__(self):
        self.failures = 0
        self.known = 0
        self.held = None

    def hold(self):
        """A Checks whose results wait in a list, for a worker thread; pass
        them to replay() from the main thread, so the log stays in order."""
        h = Checks()
        h.held = []
        return h

    def replay(self, held):
        for cond, what, detail in held.held:
            self.ok(cond, what, detail)

    def ok(self, cond, what, detail=""):
        if self.held is not None:
            self.held.append((bool(cond), what, detail))
            return cond
        if cond:
            print(f"ok: {what}")
        else:
            self.failures += 1
            print(f"FAIL: {what}{': ' + detail if detail else ''}")
        return cond

    def known_bug(self, cond, what, detail=""):
        """A failure already reported to its owner: shown, not counted.
        Once it passes, drop the marker and use ok()."""
        if cond:
            print(f"ok (fixed? make it a plain check): {what}")
        else:
            self.known += 1
            print(f"KNOWN BUG (reported): {what}{': ' + detail if detail else ''}")

    def done(self):
        print(f"{self.failures} failure(s), {self.known} known bug(s)")
        return 1 if self.failures else 0


def run(args, stdin=None, timeout=120, **kw):
    """Runs newsconv; returns (exit code, stdout bytes, stderr text, maxrss KiB)."""
    p = subprocess.Popen([NEWSCONV] + args, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return -999, out, "timeout after %ds" % timeout, 0
    # wait4 already reaped it inside communicate; ask the kernel for the peak
    # of the children instead (the scripts run one child at a time).
    return p.returncode, out, err.decode("utf-8", "replace"), 0


# A small, fresh process starts newsconv and reports its peak memory: a child
# of this script would inherit this script's own (large) peak through fork
# and exec, and so would hide the converter's.
_SPAWN = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as err:
    code = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=err).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_measured(args, timeout=300):
    """Like run(), with newsconv's peak resident memory (KiB). Thread-safe."""
    import tempfile
    with tempfile.NamedTemporaryFile() as errf:
        p = subprocess.run([sys.executable, "-c", _SPAWN, errf.name, NEWSCONV] + args,
                           capture_output=True, text=True, timeout=timeout)
        code, rss = (int(v) for v in p.stdout.split())
        err = open(errf.name, encoding="utf-8", errors="replace").read()
    return code, b"", err, rss


def error_contract(c, label, code, err, name, allowed=DOCUMENTED_ERRORS):
    """A failed run: a documented code and exactly one stderr line naming
    the file. Returns True when the contract holds."""
    lines = err.splitlines()
    good = c.ok(code in allowed, f"{label}: exit {code} is a documented error code",
                err.strip()[:300])
    good &= c.ok(len(lines) == 1, f"{label}: exactly one line on stderr", repr(err[:300]))
    good &= c.ok(name in err, f"{label}: stderr names {name!r}", repr(err[:300]))
    return good


def no_crash(c, label, code, err):
    """No signal, no sanitizer report."""
    return c.ok(0 <= code < 128 and "Sanitizer" not in err and "runtime error" not in err,
                f"{label}: no crash", f"exit {code}: {err[-500:]}")


def leftovers(folder="."):
    return [f for f in os.listdir(folder) if f.startswith(".newsconv-")]


# ----------------------------------------------------------------- validators

# Raw in the bytes, these are markup; escaped, they read "&lt;script" and so on.
# (An "onerror=" in text is harmless; as an attribute the parsers catch it.)
HOSTILE_MARKUP = ("<script", "<!ENTITY", "<!DOCTYPE x", "]]>", "<b>", "<iframe")


# The one script newsconv writes (issue 20): a schema.org JSON-LD data
# block, which browsers never run. Its text must be JSON without '<', so
# that nothing of the input can end it.
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _data_block_bad(text):
    """Why a JSON-LD block's text is unsafe, or None."""
    if "<" in text or "&" in text:
        return "'<' or '&' inside the JSON-LD"
    try:
        json.loads(text)
    except ValueError as e:
        return f"JSON-LD is not JSON: {e}"
    return None


def _no_controls(text):
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


def _xml_ok(data, where):
    """Well-formed XML by xmllint (no network), free of the input's markup."""
    # --huge: a 10 MB paragraph is one text node, over libxml2's default limit.
    p = subprocess.run(["xmllint", "--noout", "--nonet", "--huge", "-"], input=data,
                       capture_output=True)
    if p.returncode != 0:
        return f"{where}: xmllint: {p.stderr.decode(errors='replace')[:300]}"
    root = ET.fromstring(data)
    for el in root.iter():
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag == "script" and el.get("type") == "application/ld+json" and len(el) == 0:
            why = _data_block_bad(el.text or "")
            if why:
                return f"{where}: {why}"
        elif tag in ("script", "iframe", "b") or any(k.lower().startswith("on") for k in el.attrib):
            return f"{where}: element <{tag}> from the input"
        for k, v in el.attrib.items():
            if v.strip().lower().startswith("javascript:"):
                return f"{where}: {k}={v!r}"
    return None


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = None

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            pass  # what it holds is checked by _data_block_bad
        elif tag in ("script", "iframe", "b") and not self.bad:
            self.bad = f"<{tag}> from the input"
        for k, v in attrs:
            if (k.startswith("on") or (v or "").strip().lower().startswith("javascript:")) \
                    and not self.bad:
                self.bad = f"attribute {k}={v!r}"

    def handle_decl(self, decl):
        if "ENTITY" in decl and not self.bad:
            self.bad = "an entity declaration"


def _html_ok(data, where):
    text = data.decode("utf-8")
    if text.startswith("<?xml"):
        return _xml_ok(data, where)
    p = _Tags()
    p.feed(text)
    p.close()
    return f"{where}: {p.bad}" if p.bad else None


def _html_parses(path):
    p = subprocess.run(["xmllint", "--html", "--noout", "--nonet", "--huge", path],
                       capture_output=True, text=True)
    return None if p.returncode == 0 else f"xmllint --html: {p.stderr[:300]}"


def _md_ok(path):
    """cmark parses it; no raw HTML but comments, no javascript: link.
    (Regular expressions over cmark's XML: a 500,000-paragraph tree is too
    slow to walk in Python.)"""
    p = subprocess.run(["cmark", "--to", "xml", path], capture_output=True)
    if p.returncode != 0:
        return "cmark failed"
    xml = p.stdout.decode("utf-8")
    for m in re.finditer(r"<html_(?:block|inline)(?: [^>]*)?>(.*?)</html_", xml, re.S):
        raw = html.unescape(m.group(1))
        if not re.fullmatch(r"\s*<!--[^<>]*-->\s*", raw):
            return f"raw HTML in the Markdown: {raw[:80]!r}"
    for m in re.finditer(r'<(link|image) destination="([^"]*)"', xml):
        if html.unescape(m.group(2)).strip().lower().startswith("javascript:"):
            return f"a javascript: {m.group(1)}"
    return None


def _json_ok(path):
    text = open(path, encoding="utf-8").read()
    try:
        json.loads(text)  # strict: a raw control character is an error
    except ValueError as e:
        return f"not JSON: {e}"
    # Escaped, a control character other than tab and line feed is one the
    # reader should have removed.
    m = re.search(r"\\u00(?:0[0-8bcdef]|1[0-9a-f])", text, re.I)
    return f"control character in a JSON string: {m.group(0)}" if m else None


def _epub_ok(path):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        return f"not a zip: {e}"
    bad = z.testzip()
    if bad:
        return f"zip member {bad} is corrupt"
    names = z.namelist()
    if not names or names[0] != "mimetype" or z.read("mimetype") != b"application/epub+zip":
        return "mimetype is not the first member or is wrong"
    for n in names:
        if n.endswith((".xhtml", ".opf", ".ncx", ".xml", ".html")):
            why = _xml_ok(z.read(n), n)
            if why:
                return why
    return None


def _pdf_ok(path, deep=True):
    # --check parses every content stream: 15 s for a 10 MB article, so big
    # inputs get the structural check (xref, trailer, page tree) only.
    p = subprocess.run(["qpdf", "--check" if deep else "--show-npages", path],
                       capture_output=True, text=True)
    return None if p.returncode == 0 else f"qpdf --check exit {p.returncode}: {p.stdout[-300:]}{p.stderr[-300:]}"


def validate(ext, path, deep=True):
    """None when the output at path is valid for its format, else why not.
    deep=False skips the slowest checks (big inputs hold no markup)."""
    data = open(path, "rb").read()
    if not data:
        return "empty output"
    ext = ext.rsplit(".", 1)[-1]  # ninjs.json is JSON, newsml.xml XML
    if ext in ("md", "markdown"):
        why = _md_ok(path)
    elif ext == "json":
        why = _json_ok(path)
    elif ext in ("xml", "dbk", "docbook", "fo"):
        why = _xml_ok(data, path)
    elif ext in ("html", "htm", "xhtml"):
        why = _html_ok(data, path) if deep else _html_parses(path)
    elif ext == "epub":
        return _epub_ok(path)
    elif ext == "pdf":
        return _pdf_ok(path, deep)
    else:
        why = None
    if why:
        return why
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"not UTF-8: {e}"
    if not _no_controls(text):
        return "a C0 control character in the output"
    if ext not in ("md", "markdown", "json"):
        blocks = LD_JSON.findall(text)
        for block in blocks:
            if _data_block_bad(block):
                return _data_block_bad(block)
        text = LD_JSON.sub("", text, count=1)
        for m in HOSTILE_MARKUP:
            if m in text:
                return f"unescaped {m!r} in the output"
    return None


def text_of(ext, path):
    return words.output_text(path, ext)


def words_kept(input_path, ext, path):
    return words.check(input_path, path, ext, quiet=False)
