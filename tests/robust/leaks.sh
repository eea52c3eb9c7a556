#!/bin/sh
# Valid input that reaches third-party code known to lose memory once per
# process (tests/tools/lsan.supp names each library and says why): an
# italic character no font has (fontconfig's fallback search) and a long
# German article (libhyphen's de_DE loader). In the sanitizer build each is
# converted with LeakSanitizer on and only that file's suppressions: a leak
# of ours fails, and so does a suppression used that the file does not
# name by library. In the plain build the conversions still must succeed.
set -u
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK" || exit 1
fails=0
printf 'Headline\n\nSome *italic \342\234\210 \344\270\255\346\226\207 \360\237\230\200 and \340\244\271\340\244\277* text.\n' >italic.txt
{
  printf -- '---\nlang: de\n---\n\nDie Regierung berät\n\n'
  i=0
  while [ $i -lt 300 ]; do
    printf 'Die Bundesregierung und das Wirtschaftsministerium verhandeln über die Zusammenarbeit mit den Bundesländern; der Haushaltsausschuss prüft die Entwicklungshilfe, die Landwirtschaftsförderung und den Koalitionsvertrag %d.\n\n' $i
    i=$((i + 1))
  done
} >german.txt
supp="$SRC/tests/tools/lsan.supp"
for f in italic.txt german.txt; do
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
  LSAN_OPTIONS=suppressions=$supp:print_suppressions=1 \
    "$NEWSCONV" -q -t pdf "$f" -o out.pdf >/dev/null 2>err.txt
  rc=$?
  if [ "$rc" -ne 0 ] || grep -q 'Sanitizer' err.txt; then
    echo "FAIL: $f -> pdf: exit $rc"; head -c 3000 err.txt; fails=$((fails + 1))
  else
    echo "ok: $f -> pdf: no leak of ours"
  fi
  # Every suppression used must be one of the file's, by library name.
  used=$(awk '/^ *[0-9]+ +[0-9]+ /{print $3}' err.txt | sort -u)
  for u in $used; do
    if ! grep -qx "leak:$u" "$supp"; then
      echo "FAIL: $f: suppression '$u' used that lsan.supp does not name"; fails=$((fails + 1))
    else
      echo "ok: $f: suppressed only by name: $u"
    fi
  done
done
[ "${NC_SANITIZED:-OFF}" = ON ] || echo "(plain build: no LeakSanitizer here; the sanitizer build checks leaks)"
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
