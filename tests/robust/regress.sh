#!/bin/sh
# Every past fuzz finding (tests/regress/) and every fuzz seed
# (tests/fuzz/corpus/) through the CLI in every format: it converts, or
# refuses with exit 3 and one line; never a crash or a sanitizer report.
set -u
rm -rf "$WORK"; mkdir -p "$WORK/out"; cd "$WORK" || exit 1
fails=0 n=0
fmts=$("$NEWSCONV" --list-formats | cut -d' ' -f1 | tr -d , | paste -sd, -)
for f in "$SRC"/tests/regress/* "$SRC"/tests/fuzz/corpus/*; do
  case $f in *.md|*/README*) continue ;; esac
  [ -f "$f" ] || continue
  n=$((n + 1))
  "$NEWSCONV" -q -t "$fmts" -o out/ "$f" >/dev/null 2>err.txt
  rc=$?
  lines=$(wc -l <err.txt)
  if [ "$rc" -eq 0 ] && [ "$lines" -eq 0 ]; then
    :
  elif [ "$rc" -eq 3 ] && [ "$lines" -eq 1 ]; then
    :
  else
    echo "FAIL: $f: exit $rc, stderr:"; head -c 3000 err.txt; fails=$((fails + 1))
  fi
  if ls -A out | grep -q '^\.newsconv-'; then
    echo "FAIL: $f: temporary file left"; fails=$((fails + 1))
  fi
  rm -f out/* out/.newsconv-* 2>/dev/null
done
echo "$n inputs, formats $fmts, $fails failure(s)"
[ "$n" -gt 0 ] && [ "$fails" -eq 0 ]
