#!/bin/sh
# libzip is opened only when an EPUB is written, libharu and libunibreak
# only when a PDF is (src/base/dynlib.h). Checks: neither the CLI nor
# libnewsconv.so names them as a dependency (nor libgcc_s, for the CLI:
# its runtime is linked in); EPUB and PDF are still written; with the three
# made unloadable (an empty file of each soname first on LD_LIBRARY_PATH,
# where dlopen looks before the system folders), Markdown is still
# written; with each one alone unloadable, the EPUB or PDF run fails with
# one line naming that library, the output error status, and no output
# file (not even a temporary one) left behind.
# Needs NEWSCONV, SRC, WORK, LIBNEWSCONV, NC_LIBZIP_SONAME, NC_LIBHPDF_SONAME,
# NC_LIBUNIBREAK_SONAME, and NC_STATIC_CLI=ON when the CLI links archives.
set -u
rm -rf "$WORK"
mkdir -p "$WORK/broken" "$WORK/out"
seed=$SRC/seeds/article.txt
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for bin in "$NEWSCONV" "$LIBNEWSCONV"; do
  if ! ldd "$bin" >"$WORK/ldd" 2>&1; then
    fail "ldd $bin: $(cat "$WORK/ldd")"
    continue
  fi
  for lib in libzip libhpdf libunibreak libcld2; do
    grep -q "$lib" "$WORK/ldd" && fail "$bin still depends on $lib: $(grep "$lib" "$WORK/ldd")"
  done
done
if [ "${NC_STATIC_CLI:-OFF}" = ON ] && ldd "$NEWSCONV" | grep -q libgcc_s; then
  fail "the CLI still depends on libgcc_s: $(ldd "$NEWSCONV" | grep libgcc_s)"
fi

# Loaded on demand, they still work.
"$NEWSCONV" -q -t epub "$seed" -o "$WORK/good.epub" || fail "-t epub failed"
"$NEWSCONV" -q -t pdf "$seed" -o "$WORK/good.pdf" || fail "-t pdf failed"
[ "$(head -c 2 "$WORK/good.epub" 2>/dev/null)" = PK ] || fail "good.epub is not a zip"
[ "$(head -c 5 "$WORK/good.pdf" 2>/dev/null)" = %PDF- ] || fail "good.pdf is not a PDF"

: >"$WORK/broken/$NC_LIBZIP_SONAME"
: >"$WORK/broken/$NC_LIBHPDF_SONAME"
: >"$WORK/broken/$NC_LIBUNIBREAK_SONAME"

# A format that needs none of them never tries to open them.
LD_LIBRARY_PATH=$WORK/broken "$NEWSCONV" -q -t markdown "$seed" -o "$WORK/out/article.md" 2>"$WORK/md.err" ||
  fail "-t markdown failed with the libraries unloadable: $(cat "$WORK/md.err")"
[ -s "$WORK/out/article.md" ] || fail "no Markdown written"
rm -f "$WORK/out/article.md"

check_unloadable() { # format soname
  rm -rf "$WORK/one"
  mkdir -p "$WORK/one"
  : >"$WORK/one/$2"
  LD_LIBRARY_PATH=$WORK/one "$NEWSCONV" -q -t "$1" "$seed" -o "$WORK/out/article.$1" 2>"$WORK/$1.err"
  rc=$?
  [ "$rc" -eq 4 ] || fail "-t $1 without $2: exit status $rc, not 4 (an output could not be written)"
  [ "$(wc -l <"$WORK/$1.err")" -eq 1 ] || fail "-t $1 without $2: not one line: $(cat "$WORK/$1.err")"
  grep -q "$1 writer: cannot load $2: " "$WORK/$1.err" ||
    fail "-t $1 without $2: the message does not name it: $(cat "$WORK/$1.err")"
  left=$(ls -A "$WORK/out")
  [ -z "$left" ] || fail "-t $1 without $2 left files behind: $left"
}
check_unloadable epub "$NC_LIBZIP_SONAME"
check_unloadable pdf "$NC_LIBHPDF_SONAME"
check_unloadable pdf "$NC_LIBUNIBREAK_SONAME"

# The language detector (src/reader/lang.c): not opened when --lang says
# the language; unloadable, every format is still written, the language is
# the default with one warning that names the library, and JSON says so.
lang_of() { # json file
  tr -d ' \n' <"$1" | grep -o '"lang":"[^"]*","lang-source":"[^"]*"'
}
"$NEWSCONV" -q -t json "$seed" -o "$WORK/out/detected.json" || fail "-t json failed"
[ "$(lang_of "$WORK/out/detected.json")" = '"lang":"en","lang-source":"detected"' ] ||
  fail "the seed's language was not detected: $(lang_of "$WORK/out/detected.json")"
: >"$WORK/broken/libcld2.so.0"
: >"$WORK/broken/libcld2.so"
LD_LIBRARY_PATH=$WORK/broken "$NEWSCONV" -t json --lang de "$seed" -o "$WORK/out/given.json" \
  2>"$WORK/given.err" || fail "--lang de failed with libcld2 unloadable"
[ ! -s "$WORK/given.err" ] || fail "--lang de still tried the detector: $(cat "$WORK/given.err")"
LD_LIBRARY_PATH=$WORK/broken "$NEWSCONV" -t json "$seed" -o "$WORK/out/nodetector.json" \
  2>"$WORK/nodetector.err" || fail "-t json failed with libcld2 unloadable"
[ "$(wc -l <"$WORK/nodetector.err")" -eq 1 ] && grep -q "language not detected (cannot load libcld2" \
  "$WORK/nodetector.err" || fail "without libcld2, not one warning naming it: $(cat "$WORK/nodetector.err")"
[ "$(lang_of "$WORK/out/nodetector.json")" = '"lang":"en","lang-source":"default"' ] ||
  fail "without libcld2 the language is not the default: $(lang_of "$WORK/out/nodetector.json")"

# With an EPUB to write, the CLI loads libcld2 and libzip ahead on a thread
# of its own (batch.c): never libcld2 when --lang gives the language (the
# loader's own log says what it opened), and a detector it cannot load is
# still one warning, from the reader, not a second from the thread.
LD_DEBUG=files "$NEWSCONV" -q --lang de -t epub "$seed" -o "$WORK/out/given.epub" 2>"$WORK/given.ld" ||
  fail "--lang de -t epub failed"
grep -q "file=libzip" "$WORK/given.ld" || fail "LD_DEBUG=files shows no libzip load: $(head -3 "$WORK/given.ld")"
! grep -q "file=libcld2" "$WORK/given.ld" || fail "--lang de -t epub loaded libcld2"
LD_LIBRARY_PATH=$WORK/broken "$NEWSCONV" -t json,epub "$seed" -o "$WORK/out/" 2>"$WORK/nodetector2.err" &&
  fail "-t json,epub succeeded with libzip unloadable"
[ "$(grep -c "language not detected" "$WORK/nodetector2.err")" -eq 1 ] ||
  fail "without libcld2 and libzip, not one language warning: $(cat "$WORK/nodetector2.err")"
[ "$(lang_of "$WORK/out/article.json")" = '"lang":"en","lang-source":"default"' ] ||
  fail "without libcld2, -t json,epub: the language is not the default"

[ "$fails" -eq 0 ] || exit 1
echo "ok: libzip, libharu, libunibreak and libcld2 are loaded on demand; unloadable, they fail cleanly"
