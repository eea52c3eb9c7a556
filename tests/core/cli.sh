#!/bin/sh
# CLI transcripts: a command, its exit code, and what it must say. Each case
# names the behaviour it pins.
set -u
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
seed="$SRC/seeds/article.txt"
fails=0

# run CODE PATTERN CMD...: exit code must be CODE; stderr must match PATTERN
# (a grep -E pattern; '' means stderr must be empty) and, when non-empty,
# be exactly one line.
run() {
  want=$1; pat=$2; shift 2
  "$@" >out.txt 2>err.txt
  got=$?
  lines=$(wc -l <err.txt)
  if [ "$got" -ne "$want" ]; then
    echo "FAIL [$*]: exit $got, wanted $want; stderr: $(cat err.txt)"; fails=$((fails+1)); return
  fi
  if [ -z "$pat" ]; then
    [ -s err.txt ] && { echo "FAIL [$*]: unexpected stderr: $(cat err.txt)"; fails=$((fails+1)); return; }
  else
    if ! grep -Eq "$pat" err.txt || [ "$lines" -ne 1 ]; then
      echo "FAIL [$*]: stderr should be one line matching /$pat/, was: $(cat err.txt)"; fails=$((fails+1)); return
    fi
  fi
  echo "ok [$*] -> $got"
}
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fails=$((fails+1)); fi; }

run 0 '' "$NEWSCONV" --version
check 'grep -Eq "^newsconv [0-9]+\.[0-9]+\.[0-9]+$" out.txt' "--version prints the version"
run 0 '' "$NEWSCONV" --help
check 'grep -q "Exit codes" out.txt' "--help documents exit codes"
run 0 '' "$NEWSCONV" --list-formats
check 'grep -q "^markdown" out.txt && grep -q "^json" out.txt' "--list-formats lists markdown and json"

# usage errors: exit 2
run 2 'no output format' "$NEWSCONV" "$seed"
run 2 'no input file' "$NEWSCONV" -t md
run 2 "unknown format 'nosuch'" "$NEWSCONV" -t nosuch "$seed"
run 2 "unknown option '--bogus'" "$NEWSCONV" --bogus -t md "$seed"
run 2 "unknown writer option 'nosuch'" "$NEWSCONV" -t md -W nosuch=1 "$seed" -o x.md
check '[ ! -e x.md ]' "no output after a bad writer option"
run 2 "bad value 'maybe' for option 'yaml-metadata'" "$NEWSCONV" -t md -W yaml-metadata=maybe "$seed" -o x.md
run 2 "unknown metadata key 'colour'" "$NEWSCONV" -t md -M colour=red "$seed" -o x.md
run 2 "writes one output" "$NEWSCONV" -t md,json -o - "$seed"

# unreadable input: exit 3, the file named
run 3 'missing\.txt: No such file or directory' "$NEWSCONV" -t md missing.txt
mkdir adir
run 3 'adir: is a directory' "$NEWSCONV" -t md adir
: >empty.txt
run 3 'empty\.txt: no text' "$NEWSCONV" -t md empty.txt
check '[ ! -e empty.md ]' "no output for an empty input"
printf '   \n\t\n' >blank.txt
run 3 'blank\.txt: no text' "$NEWSCONV" -t md blank.txt
head -c 3000 /dev/zero >big.txt
run 3 'big\.txt: input.* exceeds the limit of 1024 bytes' "$NEWSCONV" -t md --max-input 1K big.txt

# output rules
run 0 '' "$NEWSCONV" -t md "$seed"
check '[ -s article.md ]' "without -o: BASENAME.EXT in the current folder"
echo stale >article.json
run 0 '' "$NEWSCONV" -t json "$seed"
check '! grep -q stale article.json' "an older output of the same name is replaced"
run 0 '' "$NEWSCONV" -t md "$seed" -o named.md
check '[ -s named.md ]' "-o FILE with one output"
run 0 '' "$NEWSCONV" -t md "$seed" -o sub/
check '[ -s sub/article.md ]' "-o DIR/ (trailing slash) makes the folder"
run 0 '' "$NEWSCONV" -t md "$seed" -o sub
check '[ -s sub/article.md ] && [ ! -f sub.md ]' "-o of an existing folder writes into it"
run 0 '' "$NEWSCONV" -t md,json "$seed" -o deep/er
check '[ -s deep/er/article.md ] && [ -s deep/er/article.json ]' "several outputs: -o names a folder, created when missing"
run 0 '' "$NEWSCONV" -t md "$seed" -o -
check 'head -1 out.txt | grep -q "^# Kazakh President"' "-o - writes to standard output"
"$NEWSCONV" -t json - <"$seed" >stdin.json 2>err.txt
check '[ $? -eq 0 ] && grep -q "\"title\": \"Kazakh President" stdin.json' "'-' reads standard input, writes standard output"
cp "$seed" own.md
run 2 'own\.md: the output would overwrite the input' "$NEWSCONV" -t md own.md
check 'cmp -s own.md "$seed"' "the input is untouched"
mkdir -p a b; cp "$seed" a/same.txt; cp "$seed" b/same.txt
run 2 'both be written to' "$NEWSCONV" -t md a/same.txt b/same.txt -o outdir
check '[ ! -e outdir ]' "two inputs with one output name: nothing written"

# failed output: exit 4, the file named, nothing left behind
run 4 'nodir/x\.md: cannot create a file in nodir/' "$NEWSCONV" -t md "$seed" -o nodir/x.md
if [ -w /dev/full ]; then
  run 4 "/dev/full: write failed: No space left on device" "$NEWSCONV" -t md "$seed" -o /dev/full
  "$NEWSCONV" -t md "$seed" -o - >/dev/full 2>err.txt
  check '[ $? -eq 4 ] && grep -q "No space left" err.txt' "a full standard output is an error"
fi
check '[ -z "$(ls -A | grep newsconv-)" ]' "no temporary files left behind"

# The foundation's done-when on the seed, through the Markdown parser and JSON.
"$NEWSCONV" -t md "$seed" -o - | cmark --to xml >seed.xml
check '"$PYTHON" -c "
import sys, xml.etree.ElementTree as ET
root = ET.parse(\"seed.xml\").getroot()
ns = \"{http://commonmark.org/xml/1.0}\"
h = root.find(ns + \"heading\")
assert h is not None and h.get(\"level\") == \"1\", \"first heading\"
text = \"\".join(t.text or \"\" for t in h.iter(ns + \"text\"))
first = open(\"$seed\", encoding=\"utf-8\").readline().strip()
assert text == first, (text, first)
"' "Markdown: the first heading is the headline (cmark parses it)"
"$NEWSCONV" -t md "$seed" -o seed.md
check '"$PYTHON" "$SRC/tests/tools/words.py" check "$seed" seed.md' "Markdown: every word of the seed in order"
"$NEWSCONV" -t json "$seed" -o - >seed.json
check '"$PYTHON" -c "
import json
d = json.load(open(\"seed.json\"))
first = open(\"$seed\", encoding=\"utf-8\").readline().strip()
assert d[\"meta\"][\"title\"] == first
types = [b[\"type\"] for b in d[\"blocks\"]]
assert types.count(\"caption\") == 1 and types.count(\"credit\") == 1, types
assert types.count(\"paragraph\") == 11, types
cap = [b for b in d[\"blocks\"] if b[\"type\"] == \"caption\"][0]
assert cap[\"text\"].startswith(\"German Chancellor Olaf Scholz (right)\")
cred = [b for b in d[\"blocks\"] if b[\"type\"] == \"credit\"][0]
assert cred[\"text\"] == \"With reporting by AFP\"
"' "JSON: title, one caption, one credit, 11 paragraphs"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
