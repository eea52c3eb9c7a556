#!/bin/sh
# epubcheck (issue 4): 0 fatal errors, 0 errors, 0 warnings for the seed
# (plain, and with a photo and a cover), every reader test case, every corpus
# fixture (at least 20 must convert) and the unit test's documents, which
# hold every structure of the model ($1: their folder). A deliberately broken
# book must fail, so that a checker that passes everything is caught.
#
# epubcheck starts in about 4 s, so all books go through one JVM
# (EpubBatch.java, run by java's single-file launcher; needs a JDK). Without
# a Java compiler the books are checked one epubcheck process each, two at a
# time: the same verdicts, 40 times slower.
set -eu
structures=${1:?usage: epubcheck.sh STRUCTURES_DIR}
JAR=/usr/share/java/epubcheck.jar
JAVA="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
[ -f "$JAR" ] || { echo "FAIL: $JAR missing (Debian package epubcheck)"; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK/books" "$WORK/corpus"
books=$WORK/books
export SOURCE_DATE_EPOCH=1695859200 TZ=UTC LC_ALL=C

"$NEWSCONV" -q -t epub -o "$books/seed.epub" "$SRC/seeds/article.txt"
"$PYTHON" - "$WORK/photo.png" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\0" + bytes([30, 90, 160]) * 8 for _ in range(6))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 6, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
"$NEWSCONV" -q -t epub -M "image=$WORK/photo.png" -M "cover-image=$WORK/photo.png" \
  -o "$books/seed-pictures.epub" "$SRC/seeds/article.txt"

# Every reader case (NAME.args: extra arguments, one a line); exit 3 is a
# case the reader refuses as no article, so there is no book to check.
cases=0
for f in $(find "$SRC/tests/reader" -name '*.txt' | sort); do
  name=$(basename "$f" .txt)
  set --
  if [ -f "${f%.txt}.args" ]; then
    set -f; old_ifs=$IFS; IFS='
'
    # shellcheck disable=SC2046
    set -- $(cat "${f%.txt}.args")
    IFS=$old_ifs; set +f
  fi
  rc=0
  "$NEWSCONV" -q -t epub -o "$books/reader-$name.epub" "$@" "$f" || rc=$?
  case $rc in
    0) cases=$((cases + 1)) ;;
    3) ;;
    *) echo "FAIL: reader case $name: newsconv exited $rc"; exit 1 ;;
  esac
done

# The corpus fixtures, in one batch run (folders kept apart).
"$NEWSCONV" -q -j 2 -t epub --keep-folders -o "$WORK/corpus/" \
  $(find "$SRC/tests/fixtures/corpus" -name '*.txt' | sort) || true
n=0
for f in $(find "$WORK/corpus" -name '*.epub' | sort); do
  n=$((n + 1))
  rel=${f#"$WORK/corpus/"}
  cp "$f" "$books/corpus-$(echo "$rel" | tr / -)"
done
if [ "$n" -lt 20 ]; then
  echo "FAIL: only $n corpus fixtures became EPUBs (tests/fixtures/corpus); at least 20 must"
  exit 1
fi
cp "$structures"/*.epub "$books/"

# The control: the seed's book without its dc:title.
"$PYTHON" - "$books/seed.epub" "$WORK/broken.epub" <<'PY'
import re, sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
    for info in z.infolist():
        data = z.read(info)
        if info.filename.endswith(".opf"):
            data = re.sub(rb"<dc:title>.*?</dc:title>", b"", data)
        out.writestr(info, data)
PY

total=$(ls "$books" | wc -l)
echo "checking $total books ($cases reader cases, $n corpus articles) and one broken control"
if $JAVA --list-modules 2>/dev/null | grep -q '^jdk.compiler'; then
  $JAVA -cp "$JAR" "$SRC/tests/epub/EpubBatch.java" "$WORK/broken.epub" "$books"/*.epub \
    >"$WORK/verdicts" 2>"$WORK/messages" || true
else
  echo "no Java compiler: one epubcheck process per book (slow)"
  for f in "$WORK/broken.epub" "$books"/*.epub; do echo "$f"; done |
    xargs -P 2 -I{} sh -c "if $JAVA -jar '$JAR' -q '{}' >/dev/null 2>>'$WORK/messages'; then
      echo 'ok: {}'; else echo 'FAIL: {}'; fi" >"$WORK/verdicts"
fi
status=0
if ! grep -q "^FAIL: $WORK/broken.epub" "$WORK/verdicts"; then
  echo "FAIL: epubcheck did not reject the broken control book: the check proves nothing"
  status=1
fi
ok=$(grep -c "^ok: $books/" "$WORK/verdicts" || true)
if [ "$ok" -ne "$total" ]; then
  echo "FAIL: $((total - ok)) of $total books are not clean:"
  grep -v "^ok: " "$WORK/verdicts" | grep -v "broken.epub" || true
  grep -v '^Validating' "$WORK/messages" | grep -v broken.epub | head -40 || true
  status=1
else
  echo "ok: epubcheck: 0 fatal errors, 0 errors, 0 warnings for all $total books"
fi
exit $status
