#!/bin/sh
# Hostile input through the CLI: empty, white space only, binary with NULs,
# invalid UTF-8, random bytes. Each must give exit 0 and valid JSON, or exit
# 3 and exactly one line on stderr; never a crash (exit >= 128) or silence.
set -u
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
: >empty.txt
printf '  \n\t\n\r\n\f\n' >blank.txt
head -c 4096 /dev/zero >zeros.bin
"$PYTHON" -c 'import sys; sys.stdout.buffer.write(bytes((i * 7919) % 251 for i in range(8192)))' >binary.bin
printf 'Head\377line\n\nA \300\200 bad \355\240\200 text \376.\n' >invalid.txt
printf '\377\376\000' >odd-utf16.txt
status=0
for f in empty.txt blank.txt zeros.bin binary.bin invalid.txt odd-utf16.txt; do
  "$NEWSCONV" -t json "$f" -o out.json 2>err.txt
  rc=$?
  lines=$(wc -l <err.txt)
  if [ $rc -eq 0 ]; then
    if "$PYTHON" -c 'import json,sys; json.load(open(sys.argv[1]))' out.json; then
      echo "ok: $f: a valid document"
    else
      echo "FAIL: $f: exit 0 but no valid JSON"; status=1
    fi
  elif [ $rc -eq 3 ] && [ "$lines" -eq 1 ]; then
    echo "ok: $f: $(cat err.txt)"
  else
    echo "FAIL: $f: exit $rc with $lines lines on stderr:"; cat err.txt; status=1
  fi
  rm -f out.json
done
exit $status
