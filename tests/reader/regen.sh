#!/bin/sh
# Regenerates the expected JSON of every reader case from the current code:
#   sh tests/reader/regen.sh [path/to/newsconv]
# The expected files are the specification: read `git diff tests/reader/cases`
# before keeping any change.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/newsconv}
for f in "$here"/cases/*.txt; do
  name=${f%.txt}
  set --
  if [ -f "$name.args" ]; then
    while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done <"$name.args"
  fi
  LANG=C LC_ALL=C "$bin" -t json "$@" "$f" -o - >"$name.json"
done
echo "regenerated $(ls "$here"/cases/*.json | wc -l) expected files; review with git diff"
