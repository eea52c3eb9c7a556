"""No function over 100 lines (STYLE.md): every function defined in src/ and
formats/ is measured from the line of its name to its closing brace, and
one that is longer fails the test. A folder named in WARN_ONLY is only
reported (none today: formats/pdf/ was, while its rooms were being split).

A definition is what clang-format style makes of one here: a line at the
left margin that names a function and ends the signature, a "{" alone at
the left margin, and a "}" alone at the left margin that closes it."""
import os
import re
import sys

LIMIT = 100
WARN_ONLY = ()
SRC = os.environ.get("SRC") or os.path.join(os.path.dirname(__file__), "..", "..")
SIGNATURE = re.compile(r"^[A-Za-z_][^;{}]*\b([A-Za-z_]\w*)\s*\(")


def functions(path):
    """(name, first line, length) of each function defined in path."""
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    found, i = [], 0
    while i < len(lines):
        if lines[i] == "{":
            j = i - 1  # back to the line that names the function
            while j >= 0 and not SIGNATURE.match(lines[j]) and lines[j].strip():
                j -= 1
            m = SIGNATURE.match(lines[j]) if j >= 0 else None
            k = i + 1
            while k < len(lines) and lines[k] != "}" and not lines[k].startswith("};"):
                k += 1
            if m and not lines[j].startswith(("typedef", "struct", "enum", "static const", "const")):
                found.append((m.group(1), j + 1, k - j + 1))
            i = k
        i += 1
    return found


def main():
    long_ones, warned = [], []
    for top in ("src", "formats"):
        for root, _, files in os.walk(os.path.join(SRC, top)):
            for f in sorted(files):
                if not f.endswith(".c"):
                    continue
                path = os.path.join(root, f)
                rel = os.path.relpath(path, SRC)
                for name, line, length in functions(path):
                    if length > LIMIT:
                        entry = "%s:%d: %s() is %d lines" % (rel, line, name, length)
                        (warned if WARN_ONLY and rel.startswith(WARN_ONLY) else long_ones).append(entry)
    for w in warned:
        print("warning: " + w + " (reported only)")
    for e in long_ones:
        print("FAIL: " + e, file=sys.stderr)
    if long_ones:
        sys.exit(1)
    print("ok: no function over %d lines in src/ and formats/" % LIMIT)


main()
