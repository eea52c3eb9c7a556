#!/bin/sh
# Runs one libFuzzer target for FUZZ_SECONDS (default 20). New inputs go to a
# scratch folder; the committed seeds (tests/fuzz/corpus) and past findings
# (tests/regress) are read, never written. A crash, leak, timeout or
# sanitizer report fails the test and leaves the input in $WORK.
set -u
target=$1
seconds=${FUZZ_SECONDS:-20}
# The longest input tried. 64 KB lets a quadratic cost show as a timeout;
# a long run after executions may take less (each exec costs about its
# length: fuzz_reader ran ~100/s at 65536 and ~250/s at 8192, ASan + UBSan).
max_len=${FUZZ_MAX_LEN:-65536}
rm -rf "$WORK"; mkdir -p "$WORK/new" || exit 1
cd "$WORK" || exit 1
# Leaks inside fontconfig and libhyphen, once per process (see tests/tools/lsan.supp).
LSAN_OPTIONS="suppressions=$SRC/tests/tools/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -dict="$SRC/tests/fuzz/article.dict" -print_final_stats=1 -artifact_prefix="$WORK/" \
  new "$SRC/tests/fuzz/corpus" "$SRC/tests/regress" >log.txt 2>&1
rc=$?
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' log.txt
if [ "$rc" -ne 0 ]; then
  tail -n 60 log.txt
  echo "FAIL: $(basename "$target") found a problem (exit $rc); input(s):" $(ls "$WORK" | grep -E '^(crash|leak|timeout|oom)-')
  echo "Copy it to tests/regress/ under a name that says what broke."
  exit 1
fi
echo "ok: $(basename "$target") ran ${seconds}s without a finding"
