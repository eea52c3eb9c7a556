#!/bin/sh
# The progress line shows on a terminal, and only there; --quiet silences it.
set -u
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
cp "$SRC/seeds/article.txt" one.txt; cp "$SRC/seeds/article.txt" two.txt
fails=0
"$NEWSCONV" -t md -o notty one.txt two.txt 2>err.txt
[ ! -s err.txt ] || { echo "FAIL: output on a non-terminal stderr"; fails=1; }
if ! command -v script >/dev/null; then
  echo "FAIL: script(1) is missing (Debian: bsdutils)"; fails=1
elif ! script -qec true /dev/null >/dev/null 2>&1; then
  # A chroot without /dev/pts has no pseudo-terminals: the terminal half of
  # this test cannot run there (it does on any normal machine).
  echo "skipped: no pseudo-terminal can be created here; terminal progress not checked"
else
  script -qec "'$NEWSCONV' -t md -j 1 -o tty one.txt two.txt" /dev/null >tty.txt 2>&1
  grep -q '\[2/2\] two.txt' tty.txt || { echo "FAIL: no progress line on a terminal:"; cat -v tty.txt; fails=1; }
  script -qec "'$NEWSCONV' -q -t md -o q one.txt two.txt" /dev/null >q.txt 2>&1
  [ ! -s q.txt ] || { echo "FAIL: --quiet still shows progress"; cat -v q.txt; fails=1; }
fi
"$NEWSCONV" -v -t md -o v one.txt 2>v.txt
grep -q '^newsconv: wrote v/one.md$\|^newsconv: wrote v$' v.txt || grep -q 'wrote v' v.txt || { echo "FAIL: --verbose"; cat v.txt; fails=1; }
[ $fails -eq 0 ] && echo "ok: progress on terminals only"
exit $fails
