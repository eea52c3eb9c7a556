#!/bin/sh
# The man pages: installed by cmake --install, rendered by man -l without a
# single warning, and complete: newsconv(1) documents every long option of
# --help, newsconv(3) names every function the header exports.
set -eu
: "${WORK:?}" "${SRC:?}" "${NEWSCONV:?}" "${PYTHON:?}" "${CMAKE:?}" "${BUILD:?}"
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v man >/dev/null || fail "man is missing (Debian package man-db)"

"$CMAKE" --install "$BUILD" --prefix "$WORK/prefix" >/dev/null || fail "cmake --install"
for page in man1/newsconv.1 man3/newsconv.3; do
  file=$WORK/prefix/share/man/$page
  [ -f "$file" ] || fail "$page not installed"
  MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings=all -l "$file" >"$WORK/out.txt" 2>"$WORK/err.txt" ||
    fail "man -l $page failed: $(cat "$WORK/err.txt")"
  [ ! -s "$WORK/err.txt" ] || fail "man -l $page warns: $(cat "$WORK/err.txt")"
  for section in NAME SYNOPSIS DESCRIPTION "SEE ALSO"; do
    grep -q "^$section\$" "$WORK/out.txt" || fail "$page: no $section section"
  done
  cp "$WORK/out.txt" "$WORK/$(basename "$page").txt"
done

# Every long option of the CLI is in newsconv(1), as the reader types it.
"$NEWSCONV" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$WORK/options"
[ -s "$WORK/options" ] || fail "no options in --help"
while read -r opt; do
  grep -q -- "$opt\\b" "$WORK/newsconv.1.txt" || fail "newsconv(1) does not document $opt"
done <"$WORK/options"

# Every exported function is named in newsconv(3).
"$PYTHON" - "$SRC/src/newsconv.h" "$WORK/newsconv.3.txt" <<'PY'
import re, sys
header = open(sys.argv[1]).read()
page = open(sys.argv[2]).read()
names = re.findall(r"NC_EXPORT\s+[^;(]*?\b(nc_\w+)\s*\(", header)
if len(names) < 30:
    sys.exit("FAIL: only %d exported functions found in the header" % len(names))
missing = [n for n in names if not re.search(r"\b%s\(" % n, page)]
if missing:
    sys.exit("FAIL: newsconv(3) does not name " + ", ".join(missing))
print("ok: %d functions named in newsconv(3)" % len(names))
PY
echo "ok: man pages render cleanly"
