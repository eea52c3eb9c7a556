#!/bin/sh
# The benchmark of issue 10, the one documented command:
#   sh tests/bench/run.sh [BUILD]        (make bench does this with BUILD=build)
# Converts the seed and a 1 MB, 10 MB and 100 MB article (corpus articles
# joined) to every format newsconv lists, with pandoc and calibre's
# ebook-convert beside it when they are installed, the PDF floor (libharu
# alone) and gzip -6; prints Markdown tables and one line per target.
# The results are also kept in BUILD/bench/results.md. The CLI is built two
# ways (NC_STATIC_CLI in CMakeLists.txt: on libnewsconv.so and the system's
# shared libraries, the default, or as one file with the dependencies'
# archives inside); the other way is built in BUILD/cli-other and measured
# too (BUILD/bench/results-other.md); BENCH_OTHER=0 leaves it out.
# Environment: BENCH_MAX_MB=1|10|100 (default 100) leaves out the bigger
# articles; BENCH_RUNS_SCALE=N multiplies every run count.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$src/$build ;; esac
if [ ! -x "$build/tests/nc_bench" ] || [ ! -x "$build/tests/nc_pdf_floor" ] || [ ! -x "$build/newsconv" ]; then
  cmake --build "$build" --target newsconv nc_bench nc_pdf_floor >/dev/null
fi
corpus=$src/../shared/corpus/bbc
[ -d "$corpus" ] || corpus=$src/tests/fixtures/corpus
work=$build/bench
rm -rf "$work"; mkdir -p "$work"
"$build/tests/nc_bench" --newsconv "$build/newsconv" --floor "$build/tests/nc_pdf_floor" \
  --seed "$src/seeds/article.txt" --corpus "$corpus" --work "$work/files" \
  --max-mb "${BENCH_MAX_MB:-100}" --runs-scale "${BENCH_RUNS_SCALE:-1}" | tee "$work/results.md"

[ "${BENCH_OTHER:-1}" = 0 ] && exit 0
static=$(sed -n 's/^NC_STATIC_CLI:BOOL=//p' "$build/CMakeCache.txt")
case $static in ON) other=OFF ;; *) other=ON ;; esac
echo
echo "## The CLI built with NC_STATIC_CLI=$other (the tables above: NC_STATIC_CLI=${static:-OFF})"
cmake -S "$src" -B "$build/cli-other" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNC_TESTS=OFF \
  -DNC_STATIC_CLI=$other >/dev/null
cmake --build "$build/cli-other" --target newsconv >/dev/null
rm -rf "$work/files"
"$build/tests/nc_bench" --newsconv "$build/cli-other/newsconv" --floor "$build/tests/nc_pdf_floor" \
  --seed "$src/seeds/article.txt" --corpus "$corpus" --work "$work/files" \
  --max-mb "${BENCH_MAX_MB:-100}" --runs-scale "${BENCH_RUNS_SCALE:-1}" | tee "$work/results-other.md"
