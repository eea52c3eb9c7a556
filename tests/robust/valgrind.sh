#!/bin/sh
# valgrind memcheck on the seed converted to every format: no error, no
# definite or indirect leak. Not in the ASan build (the two do not mix).
set -u
if [ "${NC_SANITIZED:-OFF}" = "ON" ]; then
  echo "skipped: this is the sanitizer build; valgrind runs in the plain one"
  exit 0
fi
command -v valgrind >/dev/null || { echo "skipped: valgrind is not installed"; exit 0; }
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
seed="$SRC/seeds/article.txt"
fails=0
for fmt in $("$NEWSCONV" --list-formats | cut -d' ' -f1 | tr -d ,); do
  start=$(date +%s)
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --num-callers=40 \
    --suppressions="$SRC/tests/robust/valgrind.supp" --log-file="vg-$fmt.log" \
    "$NEWSCONV" -t "$fmt" "$seed" -o "out.$fmt" 2>"err-$fmt.txt"
  rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$rc" -ne 0 ] || [ -s "vg-$fmt.log" ]; then
    echo "FAIL: $fmt: exit $rc (99: valgrind found errors or leaks), ${secs}s"
    cat "vg-$fmt.log" "err-$fmt.txt"
    fails=$((fails + 1))
  elif [ ! -s "out.$fmt" ]; then
    echo "FAIL: $fmt: no output"; fails=$((fails + 1))
  else
    echo "ok: $fmt: no error, no leak (${secs}s)"
  fi
done
exit $fails
