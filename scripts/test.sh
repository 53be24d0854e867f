#!/usr/bin/env bash
# The test suite: -Werror build + all tests, then the same suite under
# ASan+UBSan with clang (which also builds the libFuzzer targets).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

summary() { # meson's log -> "N passed, N failed, N skipped"
  grep -E '^(Ok|Expected Fail|Fail|Unexpected Pass|Skipped|Timeout):' "$1" | awk -F: '
    /^Ok/ {ok+=$2} /^Expected Fail/ {ok+=$2} /^Fail|^Unexpected Pass|^Timeout/ {bad+=$2} /^Skipped/ {sk+=$2}
    END {printf "%d passed, %d failed, %d skipped\n", ok, bad, sk}'
}

status=0
echo "== build (gcc, -Werror) and test"
rm -rf build-test
meson setup build-test --werror -Dtests=enabled -Dtools=enabled >/dev/null
ninja -C build-test >/dev/null
meson test -C build-test --print-errorlogs --num-processes 2 | tee build-test/summary.txt || status=1

echo "== build (clang, ASan+UBSan, fuzzers) and test"
rm -rf build-asan
CC=clang meson setup build-asan --werror -Dtests=enabled -Dtools=enabled -Dfuzz=enabled \
  -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C build-asan >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-asan --print-errorlogs --num-processes 2 --timeout-multiplier 4 | tee build-asan/summary.txt || status=1

echo "== summary"
echo "gcc:  $(summary build-test/summary.txt)"
echo "asan: $(summary build-asan/summary.txt)"
cat build-test/summary.txt build-asan/summary.txt | summary /dev/stdin
exit $status
