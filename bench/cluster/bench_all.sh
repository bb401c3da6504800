#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench_all.sh - the figures of several nodes on PostgreSQL in one run, side
# by side:
#   1. read throughput of the store on PostgreSQL vs SQLite, and the ratio
#      (bench_store: the API's reads through store.h, same data in both);
#   2. allocation throughput over 4 arrays with 1 and with 2 nodes, and
#   3. the takeover time after SIGKILL of a leader (bench_cluster, its two
#      nodes sharing a PostgreSQL store).
# Both programs run under one throwaway PostgreSQL server (tests/pg/pg_run.sh
# starts it and removes it afterwards), so a fresh machine needs only the
# Debian packages of deploy/install-deps.sh.  It prints figures; nothing
# asserts on time.  Build without SLGW_SANITIZE for meaningful figures.
#
# Usage: bench/cluster/bench_all.sh [BUILD_DIR] [bench_cluster options...]
#        (BUILD_DIR default: build; options as bench_cluster's, e.g. --kills 1)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build}"
[ $# -gt 0 ] && shift
for b in bench_store bench_cluster; do
  [ -x "$build/bin/$b" ] || { echo "bench_all: no $build/bin/$b (cmake --build $build --target $b)" >&2; exit 2; }
done

# One pg_run.sh for both, so both use the same server: the script runs
# itself again under it (pg_run.sh exports SLGW_TEST_PG_PORT).
if [ -z "${SLGW_TEST_PG_PORT:-}" ]; then
  exec "$here/../../tests/pg/pg_run.sh" "$0" "$build" "$@"
fi
echo "== read throughput, store on PostgreSQL vs SQLite (bench_store)"
"$build/bin/bench_store"
echo
echo "== two nodes on PostgreSQL: allocations with 1 and 2 nodes, takeover after SIGKILL (bench_cluster)"
"$build/bin/bench_cluster" "$@"
