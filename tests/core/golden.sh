#!/bin/sh
# Golden test: the seed through every text writer must give, byte for byte,
# what samples/ holds (regenerate with `make samples` and review the diff).
set -eu
rm -rf "$WORK"; mkdir -p "$WORK"
NC_SAMPLES_PNG=0 sh "$SRC/samples/regenerate.sh" "$NEWSCONV" "$WORK"
status=0
for f in "$WORK"/article.*; do
  name=$(basename "$f")
  case "$name" in *.epub|*.pdf|*.png) continue ;; esac
  if [ ! -f "$SRC/samples/$name" ]; then
    echo "FAIL: samples/$name is not committed (run make samples)"; status=1; continue
  fi
  if cmp -s "$f" "$SRC/samples/$name"; then
    echo "ok: samples/$name"
  else
    echo "FAIL: samples/$name differs from what the code produces now:"
    diff -u "$SRC/samples/$name" "$f" | head -40
    status=1
  fi
done
# The two the foundation requires must exist.
for need in article.md article.json; do
  [ -f "$SRC/samples/$need" ] || { echo "FAIL: samples/$need missing"; status=1; }
done
exit $status
