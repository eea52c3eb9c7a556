#!/bin/sh
# The benchmark driver on the seed alone, one run: it must time every format
# that newsconv lists, print its tables and the targets, and leave each
# output behind. Proves the driver works, not that anything is fast.
# Arguments: the nc_bench and nc_pdf_floor programs.
set -u
bench=$1 floor=$2
rm -rf "$WORK"; mkdir -p "$WORK" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bench" --smoke --newsconv "$NEWSCONV" --floor "$floor" --seed "$SRC/seeds/article.txt" \
  --work "$WORK/run" >"$WORK/out.md" 2>"$WORK/err.txt" || fail "nc_bench exited $?: $(cat "$WORK/err.txt")"
cat "$WORK/out.md"

grep -q '^| input | format | wall (median) | throughput | peak RSS |$' "$WORK/out.md" ||
  fail "no results table"
grep -q '^### Targets' "$WORK/out.md" || fail "no targets section"
grep -q '^- language detection on the seed, CPU time added over --lang en (issue 16): ' "$WORK/out.md" ||
  fail "no target line for the cost of language detection"
"$NEWSCONV" --list-formats | while read -r name rest; do
  name=${name%,}
  ext=$(printf '%s\n' "$rest" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\./) { print substr($i, 2); exit } }')
  # a row with a time in ms, a throughput and a peak RSS above zero
  grep -Eq "^\| seed \| $name \| [0-9.]+ ms \| [0-9.]+ MB/s \| [0-9]*[1-9][0-9]*\.[0-9] MiB \|$" \
    "$WORK/out.md" || { echo "FAIL: no timed row for $name"; echo x >>"$WORK/failed"; }
  [ -s "$WORK/run/in0.$ext" ] || { echo "FAIL: no output in0.$ext for $name"; echo x >>"$WORK/failed"; }
done
[ -e "$WORK/failed" ] && fails=$((fails + $(wc -l <"$WORK/failed")))
# every target line ends in a verdict or says why it was not measured
bad=$(sed -n '/^### Targets/,$p' "$WORK/out.md" | grep '^- ' |
      grep -Ev ': (MET|NOT MET)$|not measured \(' | wc -l)
[ "$bad" -eq 0 ] || fail "$bad target lines without a verdict"

[ "$fails" -eq 0 ] && echo "ok: bench smoke" || exit 1
