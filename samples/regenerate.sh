#!/bin/sh
# Regenerates samples/ from the seed with the current code:
#   sh samples/regenerate.sh [NEWSCONV [OUTDIR]]      (or: make samples)
# Every format in the registry is written as samples/article.EXT. Dates are
# pinned, so the same code always gives the same bytes; the golden test
# (tests/core/golden.sh) runs this into a scratch folder and compares the text
# formats with what is committed here.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/newsconv}
out=${2:-$here}
export SOURCE_DATE_EPOCH=1695859200   # 2023-09-28, the seed's own day
export TZ=UTC LC_ALL=C
mkdir -p "$out"
formats=$("$bin" --list-formats | awk '{print $1}' | tr -d , | paste -sd, -)
"$bin" -q -t "$formats" -o "$out/" "$here/../seeds/article.txt"
# The first page of the PDF as a picture, for the README.
if [ -f "$out/article.pdf" ] && command -v pdftoppm >/dev/null 2>&1 && [ "${NC_SAMPLES_PNG:-1}" = 1 ]; then
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$out/article.pdf" "$out/article-page1" 2>/dev/null
fi
