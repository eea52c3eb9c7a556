#!/bin/sh
# The shared library exports exactly the API: every defined dynamic symbol
# is a function that newsconv.h declares with NC_EXPORT, and every such
# function is exported. It has a versioned soname. And it never reaches for
# the process's streams or its end: no stdout/stderr, printf, exit, abort.
set -eu
: "${WORK:?}" "${SRC:?}" "${PYTHON:?}" "${LIBNEWSCONV:?}"
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

lib=$LIBNEWSCONV
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
case $soname in
  libnewsconv.so.[0-9]*) ;;
  *) fail "soname is '$soname', not libnewsconv.so.MAJOR" ;;
esac

# nm -D --defined-only lists what the library defines for others. A
# sanitizer build adds its instrumentation's own hooks; only those are let
# through, and only there.
nm -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u >"$WORK/exported"
[ -s "$WORK/exported" ] || fail "nm -D listed nothing"
grep -v '^nc_' "$WORK/exported" >"$WORK/foreign" || true
if [ -n "${SAMPLE_FLAGS:-}" ]; then
  grep -v -E '^(__asan_|__odr_asan|__ubsan_|__sanitizer_|___asan)' "$WORK/foreign" \
    >"$WORK/foreign2" || true
  mv "$WORK/foreign2" "$WORK/foreign"
fi
[ ! -s "$WORK/foreign" ] || fail "exported outside the nc_ prefix: $(tr '\n' ' ' <"$WORK/foreign")"

"$PYTHON" - "$SRC/src/newsconv.h" "$WORK/exported" <<'PY'
import re, sys
header = open(sys.argv[1]).read()
api = set(re.findall(r"NC_EXPORT\s+[^;(]*?\b(nc_\w+)\s*\(", header))
exported = {l.strip() for l in open(sys.argv[2]) if l.startswith("nc_")}
if len(api) < 30:
    sys.exit("FAIL: only %d NC_EXPORT functions found in the header" % len(api))
extra, missing = sorted(exported - api), sorted(api - exported)
if extra:
    sys.exit("FAIL: exported but not in the API (internal helpers leak): " + " ".join(extra))
if missing:
    sys.exit("FAIL: declared but not exported: " + " ".join(missing))
print("ok: %d symbols exported, exactly the API" % len(api))
PY

nm -D --undefined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' | sort -u >"$WORK/imported"
for bad in stdout stderr printf vprintf puts putchar perror fprintf vfprintf fputs __printf_chk \
  __fprintf_chk __vfprintf_chk exit _exit _Exit abort __assert_fail quick_exit; do
  if grep -qx "$bad" "$WORK/imported"; then
    fail "the library uses $bad: it must not print, exit or abort"
  fi
done
# Process-wide state belongs to the embedding program: a library that
# changes it races with the program's other threads.
for bad in umask setlocale uselocale chdir fchdir setenv putenv unsetenv signal sigaction \
  srand rand strtok setvbuf; do
  if grep -qx "$bad" "$WORK/imported"; then
    fail "the library calls $bad: it changes process-wide state"
  fi
done
echo "ok: soname $soname, no printing, exiting, aborting or process-wide state"
