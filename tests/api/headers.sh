#!/bin/sh
# The public header compiles on its own, as C99/C11 and as C++98/11/17, with
# -Wall -Wextra -pedantic -Werror (and more), with GCC and, when present,
# Clang; and a C++ program links against the shared library through it
# (extern "C" is right).
set -eu
: "${WORK:?}" "${SRC:?}" "${LIBNEWSCONV:?}"
SAMPLE_FLAGS=${SAMPLE_FLAGS:-}
rm -rf "$WORK"
mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
inc=$SRC/src

# Uses every kind of declaration the header makes: macros, enums, structs
# with designated or member-wise setup, function pointers, functions.
cat >"$WORK/use.h" <<'H'
#include <newsconv.h>
#include <newsconv.h> /* twice: the guard holds */
static int nc_write_cb(const void *data, size_t size, void *userdata)
{
    (void)data, (void)size, (void)userdata;
    return 0;
}
static nc_status own(const nc_document *doc, const nc_writer_options *opts, nc_sink *sink,
                     nc_error *err)
{
    (void)doc, (void)opts, (void)err;
    return nc_sink_write(sink, "x", 1);
}
static int use_api(void)
{
    nc_writer w;
    nc_reader_options ro;
    nc_writer_options wo;
    nc_iter it;
    nc_error err;
    nc_sink *s = nc_sink_new_callback(nc_write_cb, NULL);
    w.struct_size = sizeof w;
    w.write = own;
    nc_reader_options_init(&ro);
    nc_writer_options_init(&wo);
    nc_iter_init(&it, NULL);
    err.code = NC_OK;
    nc_sink_free(s);
    return NC_VERSION >= 0x000100 && NC_VERSION_MAJOR >= 0 && nc_version() != NULL &&
           NC_DEFAULT_MAX_INPUT > 0 && nc_iter_next(&it) == NC_EVENT_DONE &&
           err.code == NC_OK && nc_node_get_type(NULL) == NC_NODE_NONE;
}
H
printf '#include "use.h"\nint main(void) { return use_api() ? 0 : 1; }\n' >"$WORK/use.c"
printf '#include "use.h"\n#include <cstdio>\nint main() { std::printf("%%s\\n", nc_version()); return use_api() ? 0 : 1; }\n' \
  >"$WORK/use.cpp"
# An empty translation unit but for the header: nothing else may pull in what
# it forgot to include.
printf '#include <newsconv.h>\n' >"$WORK/alone.c"
cp "$WORK/alone.c" "$WORK/alone.cpp"

strict="-Wall -Wextra -pedantic -Werror -Wshadow -Wcast-qual -Wundef -Wconversion -Wsign-conversion"
cstrict="$strict -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition"
compiled=0
for cc in gcc clang; do
  command -v $cc >/dev/null || continue
  for std in c99 c11 c17; do
    for f in alone.c use.c; do
      $cc -std=$std $cstrict -I"$inc" -c "$WORK/$f" -o "$WORK/out.o" ||
        fail "$cc -std=$std: $f"
      $cc -std=$std $cstrict -DNC_STATIC_DEFINE -I"$inc" -c "$WORK/$f" -o "$WORK/out.o" ||
        fail "$cc -std=$std -DNC_STATIC_DEFINE: $f"
      compiled=$((compiled + 2))
    done
  done
done
for cxx in g++ clang++; do
  command -v $cxx >/dev/null || continue
  for std in c++98 c++11 c++17 c++20; do
    for f in alone.cpp use.cpp; do
      $cxx -std=$std $strict -I"$inc" -c "$WORK/$f" -o "$WORK/out.o" ||
        fail "$cxx -std=$std: $f"
      compiled=$((compiled + 1))
    done
  done
done
command -v g++ >/dev/null || fail "g++ is missing (Debian package g++)"

# C++ calls into the C library: the names must not be mangled.
libdir=$(dirname "$LIBNEWSCONV")
g++ -std=c++11 $strict $SAMPLE_FLAGS -I"$inc" "$WORK/use.cpp" -o "$WORK/use_cpp" \
  -L"$libdir" -lnewsconv || fail "a C++ program does not link"
out=$(LD_LIBRARY_PATH=$libdir "$WORK/use_cpp") || fail "the C++ program failed"
[ -n "$out" ] || fail "the C++ program printed no version"
echo "ok: $compiled compilations, C++ links and runs (libnewsconv $out)"
