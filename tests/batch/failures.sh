#!/bin/sh
# A missing file and a folder among good inputs: one line each naming the input
# and the cause, every good input converted, exit code 5. --fail-fast stops.
set -u
rm -rf "$WORK"; mkdir -p "$WORK/in" "$WORK/adir"; cd "$WORK" || exit 1
for k in 1 2 3 4; do cp "$SRC/seeds/article.txt" "in/good$k.txt"; done
"$NEWSCONV" -t md,json -j 2 -o out in/good1.txt missing.txt in/good2.txt adir in/good3.txt in/good4.txt 2>err.txt
rc=$?
fails=0
[ "$rc" -eq 5 ] || { echo "FAIL: exit $rc, wanted 5 (some inputs failed)"; fails=1; }
[ "$(wc -l <err.txt)" -eq 2 ] || { echo "FAIL: wanted 2 lines on stderr:"; cat err.txt; fails=1; }
grep -q '^newsconv: missing.txt: No such file or directory$' err.txt || { echo "FAIL: missing file message"; cat err.txt; fails=1; }
grep -q '^newsconv: adir: is a directory$' err.txt || { echo "FAIL: directory message"; cat err.txt; fails=1; }
for k in 1 2 3 4; do
  [ -s "out/good$k.md" ] && [ -s "out/good$k.json" ] || { echo "FAIL: good$k not converted"; fails=1; }
done
[ ! -e out/missing.md ] && [ ! -e out/adir.md ] || { echo "FAIL: an output for a failed input"; fails=1; }
# --fail-fast: with one worker, nothing after the failure is converted.
"$NEWSCONV" -t md -j 1 --fail-fast -o ff in/good1.txt missing.txt in/good2.txt 2>err2.txt
rc=$?
[ "$rc" -eq 5 ] || { echo "FAIL: --fail-fast exit $rc, wanted 5"; fails=1; }
[ -s ff/good1.md ] && [ ! -e ff/good2.md ] || { echo "FAIL: --fail-fast did not stop at the failure"; ls ff; fails=1; }
# a single failing input keeps its own code
"$NEWSCONV" -t md -o single missing.txt 2>/dev/null; rc=$?
[ "$rc" -eq 3 ] || { echo "FAIL: a single missing input: exit $rc, wanted 3"; fails=1; }
[ $fails -eq 0 ] && echo "ok: failures reported, the rest converted"
exit $fails
