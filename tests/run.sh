#!/usr/bin/env bash
# The one command that sets up and runs every test (README "Quick start").
#
#  1. installs the Debian packages the build and tests need;
#  2. builds everything with AddressSanitizer + UndefinedBehaviorSanitizer
#     (at -O2) into build-asan/ and runs all Check suites with ctest;
#  3. builds a plain gcc Release tree (-O3, no sanitizers, no tests) into
#     build-release/, only to catch warnings gcc gives at that level alone;
#  4. builds the libFuzzer targets with clang into build-fuzz/ and runs each
#     for SLGW_FUZZ_SECONDS (default 20) seconds.
#
# Every build here is -DSLGW_WERROR=ON: a warning fails the run.  (A user's
# build leaves it OFF, so a newer compiler's new warning never stops an
# install.)
#
# Environment: SLGW_JOBS (parallel build jobs, default nproc),
# SLGW_FUZZ_SECONDS, SLGW_SKIP_FUZZ=1 to skip step 4.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

bash deploy/install-deps.sh

jobs=${SLGW_JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "== build (ASan + UBSan) =="
# RelWithDebInfo (-O2 -g): gcc's maybe-uninitialized and format-truncation
# checks only run with optimisation, and the demo builds that way, so the
# test build must too; the sanitizers work as well at -O2.
cmake -S "$top" -B "$top/build-asan" -DSLGW_SANITIZE=ON -DSLGW_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$top/build-asan" -j "$jobs"

echo "== build (gcc Release, warnings only) =="
# gcc's flow-based warnings (maybe-uninitialized, stringop-*, format-
# truncation) depend on inlining, so -O3 finds some that -O2 with
# sanitizers does not; this tree is built for its warnings and not run.
CC=gcc cmake -S "$top" -B "$top/build-release" -DSLGW_WERROR=ON -DSLGW_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$top/build-release" -j "$jobs"

status=0
if [ "${SLGW_SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzz targets (clang, libFuzzer) =="
  CC=clang cmake -S "$top" -B "$top/build-fuzz" -DSLGW_FUZZ=ON -DSLGW_TESTS=OFF \
      -DSLGW_BENCH=OFF -DSLGW_WERROR=ON -DCMAKE_BUILD_TYPE=Debug \
      -DSLGW_FUZZ_SECONDS="${SLGW_FUZZ_SECONDS:-20}" >/dev/null
  cmake --build "$top/build-fuzz" -j "$jobs" --target fuzz_all
  (cd "$top/build-fuzz" && ctest --output-on-failure -L fuzz) || status=$?
fi

echo "== tests =="
(cd "$top/build-asan" && ctest --output-on-failure -j "$jobs" --timeout 600) || status=$?
exit $status
