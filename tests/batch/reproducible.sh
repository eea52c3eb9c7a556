#!/bin/sh
# The seed and 50 corpus articles to every format in one command, three times:
# -j 2; -j 1 under LC_ALL=C and TZ=Asia/Tokyo; -j 2 under de_DE.UTF-8 and
# TZ=America/New_York into another folder. Every file must be byte-identical,
# and each manifest complete and correct. (--keep-folders: the fixtures of
# different folders share names.)
set -eu
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
fixtures=$(find "$SRC/tests/fixtures/corpus" -name '*.txt' | sort | head -n 50)
n=$(echo "$fixtures" | wc -l)
[ "$n" -eq 50 ] || { echo "FAIL: wanted 50 corpus fixtures, found $n"; exit 1; }
# The German locale must exist, or the test proves nothing about it.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  if [ -w /etc/locale.gen ]; then
    sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' >>/etc/locale.gen
    locale-gen >/dev/null 2>&1 || true
  fi
  locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' ||
    { echo "FAIL: the de_DE.UTF-8 locale is missing and could not be generated (Debian: locales, locale-gen)"; exit 1; }
fi
formats=epub,pdf,docbook,markdown
export SOURCE_DATE_EPOCH=1700000000
# shellcheck disable=SC2086
"$NEWSCONV" -q -t $formats -j 2 --keep-folders -o a --manifest a.jsonl "$SRC/seeds/article.txt" $fixtures
# shellcheck disable=SC2086
LC_ALL=C TZ=Asia/Tokyo "$NEWSCONV" -q -t $formats -j 1 --keep-folders -o b --manifest b.jsonl "$SRC/seeds/article.txt" $fixtures
# shellcheck disable=SC2086
LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 TZ=America/New_York "$NEWSCONV" -q -t $formats -j 2 --keep-folders -o c/d --manifest c.jsonl "$SRC/seeds/article.txt" $fixtures
count=$(find a -type f | wc -l)
[ "$count" -eq $((51 * 4)) ] || { echo "FAIL: $count files in a/, wanted $((51 * 4))"; exit 1; }
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
sums a >a.sums
sums b >b.sums
sums c/d >c.sums
cmp a.sums b.sums || { echo "FAIL: -j 1, LC_ALL=C, TZ=Asia/Tokyo changed some bytes:"; diff a.sums b.sums | head; exit 1; }
cmp a.sums c.sums || { echo "FAIL: de_DE.UTF-8, TZ=America/New_York, another folder changed some bytes:"; diff a.sums c.sums | head; exit 1; }
echo "ok: $count files byte-identical across -j, locales, time zones and folders"
# shellcheck disable=SC2086
for m in a b c; do "$PYTHON" "$SRC/tests/batch/manifest_check.py" $m.jsonl $formats "$SRC/seeds/article.txt" $fixtures; done
# The manifests differ only in the folder of each output.
sed 's#"output": "b/#"output": "a/#' b.jsonl | cmp - a.jsonl
sed 's#"output": "c/d/#"output": "a/#' c.jsonl | cmp - a.jsonl
echo "ok: manifests agree"
