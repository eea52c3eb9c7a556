#!/bin/sh
# Two inputs with one base name from different folders never overwrite each
# other: refused before anything is written; --keep-folders keeps them apart.
set -u
rm -rf "$WORK"; mkdir -p "$WORK/x/a" "$WORK/x/b" "$WORK/out"; cd "$WORK" || exit 1
cp "$SRC/seeds/article.txt" x/a/story.txt
printf 'Another headline\n\nAnother body.\n' >x/b/story.txt
echo precious >out/story.md
fails=0
"$NEWSCONV" -t md,json -o out x/a/story.txt x/b/story.txt 2>err.txt; rc=$?
[ "$rc" -eq 2 ] || { echo "FAIL: exit $rc, wanted 2"; fails=1; }
grep -q 'would both be written to out/story' err.txt || { echo "FAIL: message"; cat err.txt; fails=1; }
[ "$(cat out/story.md)" = precious ] && [ ! -e out/story.json ] || { echo "FAIL: something was written"; fails=1; }
"$NEWSCONV" -t md --keep-folders -o kept x/a/story.txt x/b/story.txt || fails=1
grep -q '^# Kazakh' kept/a/story.md && grep -q '^# Another headline' kept/b/story.md ||
  { echo "FAIL: --keep-folders"; find kept; fails=1; }
# Paths that climb out of the shared folder cannot be kept.
mkdir -p y; cp x/a/story.txt y/other.txt
(cd x && "$NEWSCONV" -t md --keep-folders -o ../k2 a/story.txt ../y/other.txt 2>../err3.txt); rc=$?
[ "$rc" -eq 2 ] && [ ! -e k2 ] || { echo "FAIL: a '..' folder was accepted (exit $rc)"; fails=1; }
[ $fails -eq 0 ] && echo "ok: nothing overwritten"
exit $fails
