#!/bin/sh
# The whole BBC corpus to all four formats in one command (issue 7).
set -eu
if [ ! -d "$CORPUS/bbc" ]; then echo "skipped: $CORPUS/bbc is absent"; exit 0; fi
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
find "$CORPUS/bbc" -name '*.txt' | sort >inputs.txt
n=$(wc -l <inputs.txt)
start=$(date +%s.%N)
# shellcheck disable=SC2046
"$NEWSCONV" -q -t epub,pdf,docbook,markdown -j 2 --keep-folders -o out --manifest m.jsonl $(cat inputs.txt)
end=$(date +%s.%N)
rows=$(wc -l <m.jsonl)
[ "$rows" -eq $((n * 4)) ] || { echo "FAIL: $rows manifest rows for $n articles"; exit 1; }
[ "$(find out -type f | wc -l)" -eq $((n * 4)) ]
echo "ok: $n articles, $rows outputs in $(awk "BEGIN{printf \"%.1f\", $end - $start}") s with -j 2"
