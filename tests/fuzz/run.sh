#!/bin/sh
# Builds the libFuzzer targets (build-fuzz/, clang) and runs each for SECONDS
# (default 20), two at a time; fails on any finding.
#   sh tests/fuzz/run.sh 20        what CI runs (make fuzz)
#   sh tests/fuzz/run.sh 3600      a long run: an hour per target
#   FUZZ_MAX_LEN=8192 sh tests/fuzz/run.sh 3600   the same with inputs of at
#                                  most 8 KB (default 65536): more executions
# To run one target alone, longer, on all cores of a quiet machine:
#   build-fuzz/tests/fuzz/fuzz_pdf -max_total_time=36000 -jobs=4 -workers=4 \
#     -dict=tests/fuzz/article.dict /tmp/newcorpus tests/fuzz/corpus tests/regress
set -eu
seconds=${1:-20}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-$src/build-fuzz}
CC=${CC:-clang}
export CC
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNC_FUZZ=ON -DNC_WERROR=ON \
  -DNC_TESTS=OFF >/dev/null
cmake --build "$build" -j "${JOBS:-2}"
FUZZ_SECONDS=$seconds ctest --test-dir "$build" -L fuzz -j "${JOBS:-2}" --timeout $((seconds + 120)) --output-on-failure
