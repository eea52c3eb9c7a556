#!/bin/sh
# Installs the build into a prefix inside the build folder, checks what an
# installed libnewsconv consists of, then builds samples/embed out of tree
# against it three ways (pkg-config + shared, pkg-config + static,
# find_package) and runs each build on the seed article.
set -eu
: "${WORK:?}" "${SRC:?}" "${NEWSCONV:?}" "${PYTHON:?}" "${CMAKE:?}" "${BUILD:?}"
CC=${CC:-cc}
SAMPLE_FLAGS=${SAMPLE_FLAGS:-}
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$WORK/prefix
"$CMAKE" --install "$BUILD" --prefix "$prefix" >"$WORK/install.log" || fail "cmake --install"

# --- what is installed
pc=$(find "$prefix" -name newsconv.pc)
[ -n "$pc" ] || fail "no newsconv.pc"
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH="$libdir/pkgconfig"
version=$(pkg-config --modversion newsconv)
major=${version%%.*}
[ "$version" = "$("$NEWSCONV" --version | sed 's/^newsconv //')" ] ||
  fail "newsconv.pc says $version, the CLI says $("$NEWSCONV" --version)"
[ -x "$prefix/bin/newsconv" ] || fail "no bin/newsconv"
[ -f "$libdir/libnewsconv.a" ] || fail "no static library"
[ -f "$libdir/libnewsconv.so.$version" ] || fail "no libnewsconv.so.$version"
[ "$(readlink "$libdir/libnewsconv.so.$major")" = "libnewsconv.so.$version" ] ||
  fail "libnewsconv.so.$major does not point at libnewsconv.so.$version"
[ "$(readlink "$libdir/libnewsconv.so")" = "libnewsconv.so.$major" ] ||
  fail "libnewsconv.so does not point at libnewsconv.so.$major"
soname=$(readelf -d "$libdir/libnewsconv.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libnewsconv.so.$major" ] || fail "soname is '$soname'"
cmp -s "$prefix/include/newsconv.h" "$SRC/src/newsconv.h" || fail "installed header differs"
[ "$(ls "$prefix/include")" = "newsconv.h" ] || fail "headers besides newsconv.h: $(ls "$prefix/include")"
for page in man1/newsconv.1 man3/newsconv.3; do
  [ -s "$prefix/share/man/$page" ] || fail "no man page $page"
done
[ -f "$libdir/cmake/newsconv/newsconvConfig.cmake" ] || fail "no CMake package"

# The prefix is relative to the .pc file: a moved tree still resolves.
cp -R "$prefix" "$WORK/moved"
cflags=$(PKG_CONFIG_PATH="$WORK/moved/${libdir#"$prefix"/}/pkgconfig" pkg-config --cflags newsconv)
cflags=${cflags%% }
case $cflags in
  "-I$WORK/moved/"*) [ -f "${cflags#-I}/newsconv.h" ] || fail "no header at '$cflags'" ;;
  *) fail "in a moved tree, pkg-config --cflags gives '$cflags'" ;;
esac
rm -rf "$WORK/moved"

# --- the sample, built out of tree three ways
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH
seed=$SRC/seeds/article.txt
"$NEWSCONV" -q -t md "$seed" -o "$WORK/cli.md"
"$NEWSCONV" -q -t epub "$seed" -o "$WORK/cli.epub"

check_run() { # $1: build name, $2: the program
  out=$WORK/out-$1
  mkdir -p "$out"
  LD_LIBRARY_PATH=$libdir "$2" "$seed" "$out" >"$out/stdout" 2>"$out/stderr" ||
    fail "$1: embed failed: $(cat "$out/stderr")"
  [ ! -s "$out/stderr" ] || fail "$1: embed wrote to stderr: $(cat "$out/stderr")"
  grep -q "^newsconv $version: " "$out/stdout" || fail "$1: linked a library other than $version"
  # The same library makes the same bytes, whoever calls it.
  cmp -s "$out/article.md" "$WORK/cli.md" || fail "$1: Markdown differs from the CLI's"
  "$PYTHON" "$SRC/tests/tools/words.py" check "$seed" "$out/article.md" ||
    fail "$1: words lost in Markdown"
  "$PYTHON" "$SRC/tests/tools/words.py" check "$seed" "$out/article.txt" --format txt ||
    fail "$1: words lost by the sample's own writer"
  grep -q '^- ' "$out/article.txt" && fail "$1: no list in the seed, yet a bullet"
  head -n 1 "$out/article.txt" | grep -q "^Kazakh President" || fail "$1: no title first"
  cmp -s "$out/article.epub" "$WORK/cli.epub" || fail "$1: EPUB differs from the CLI's"
  "$PYTHON" "$SRC/tests/tools/words.py" check "$seed" "$out/article.epub" ||
    fail "$1: words lost in EPUB"
  grep -q "^epub: [0-9]* bytes through a callback" "$out/stdout" || fail "$1: no EPUB line"
  echo "ok: $1"
}

mkdir -p "$WORK/pc" "$WORK/pc-static"
cp "$SRC/samples/embed/embed.c" "$SRC/samples/embed/Makefile" "$WORK/pc/"
cp "$SRC/samples/embed/embed.c" "$SRC/samples/embed/Makefile" "$WORK/pc-static/"
make -s -C "$WORK/pc" CC="$CC" CFLAGS="-O2 -Werror $SAMPLE_FLAGS" LDFLAGS="$SAMPLE_FLAGS" \
  >"$WORK/pc.log" 2>&1 || { cat "$WORK/pc.log"; fail "pkg-config build"; }
LD_LIBRARY_PATH=$libdir ldd "$WORK/pc/embed" | grep -q "libnewsconv.so.$major => $libdir/" ||
  fail "the pkg-config build does not load the installed library"
check_run pkg-config "$WORK/pc/embed"

make -s -C "$WORK/pc-static" STATIC=1 CC="$CC" CFLAGS="-O2 -Werror $SAMPLE_FLAGS" \
  LDFLAGS="$SAMPLE_FLAGS" >"$WORK/pc-static.log" 2>&1 ||
  { cat "$WORK/pc-static.log"; fail "pkg-config static build"; }
ldd "$WORK/pc-static/embed" | grep -q libnewsconv && fail "the static build loads libnewsconv.so"
check_run pkg-config-static "$WORK/pc-static/embed"

"$CMAKE" -S "$SRC/samples/embed" -B "$WORK/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_C_FLAGS="-Werror $SAMPLE_FLAGS" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAMPLE_FLAGS" >"$WORK/cmake.log" 2>&1 ||
  { cat "$WORK/cmake.log"; fail "find_package configure"; }
grep -q "^newsconv_DIR:PATH=$libdir/cmake/newsconv\$" "$WORK/cmake/CMakeCache.txt" ||
  fail "find_package found another newsconv: $(grep newsconv_DIR "$WORK/cmake/CMakeCache.txt")"
"$CMAKE" --build "$WORK/cmake" >"$WORK/cmake-build.log" 2>&1 ||
  { cat "$WORK/cmake-build.log"; fail "find_package build"; }
check_run find_package "$WORK/cmake/embed"

# find_package refuses a version the package does not promise.
mkdir -p "$WORK/too-new"
printf 'cmake_minimum_required(VERSION 3.18)\nproject(t LANGUAGES C)\nfind_package(newsconv %s REQUIRED)\n' \
  "$((major + 1)).0" >"$WORK/too-new/CMakeLists.txt"
if "$CMAKE" -S "$WORK/too-new" -B "$WORK/too-new/b" -DCMAKE_PREFIX_PATH="$prefix" \
  >/dev/null 2>&1; then
  fail "find_package(newsconv $((major + 1)).0) accepted $version"
fi
echo "ok: installed tree, soname libnewsconv.so.$major, sample built 3 ways"
