#!/bin/sh
# The README's recipe for going past one machine: shard the input list with GNU
# Parallel over "hosts" (here two local ones, ':'), each shard writing its own
# manifest; the manifests joined in shard order equal a single run's manifest.
set -eu
command -v parallel >/dev/null || { echo "FAIL: GNU parallel is not installed (Debian: parallel)"; exit 1; }
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
find "$SRC/tests/fixtures/corpus" -name '*.txt' | sort | head -n 20 >inputs.txt
printf '1/:\n1/:\n' >hosts
export SOURCE_DATE_EPOCH=1700000000
# shellcheck disable=SC2016
parallel --will-cite --sshloginfile hosts -N 5 --halt now,fail=1 \
  "$NEWSCONV" -q -t markdown,docbook -o out/ --manifest 'shard-{#}.jsonl' {} <inputs.txt
ls shard-*.jsonl | sort -t- -k2 -n | xargs cat >joined.jsonl
# shellcheck disable=SC2046
"$NEWSCONV" -q -t markdown,docbook -o single/ --manifest single.jsonl $(cat inputs.txt)
sed 's#"output": "single/#"output": "out/#' single.jsonl >single-as-out.jsonl
cmp joined.jsonl single-as-out.jsonl
echo "ok: $(ls shard-*.jsonl | wc -l) shards, joined manifest ($(wc -l <joined.jsonl) rows) equals a single run's"
