#!/usr/bin/env bash
# pg_run.sh - run one command against a throwaway PostgreSQL cluster.
#
# Why a script around the test binaries: every store suite runs twice, on
# SQLite and on PostgreSQL, and the PostgreSQL run needs a server of its
# own that nothing else touches and that is gone afterwards.  This makes
# one from the Debian packages (initdb + pg_ctl from
# /usr/lib/postgresql/<version>/bin) in a temp dir: trust authentication,
# listening on 127.0.0.1 at a free port and on a unix socket in the same
# dir, then runs the command with SLGW_TEST_PG_PORT / SLGW_TEST_PG_USER
# set (tests/store/helpers.c makes one database per store it opens) and
# SLGW_TEST_STORE_URL naming the cluster's postgres database, stops the
# server and removes the dir.  initdb refuses to run as root, so as root
# the cluster belongs to the `postgres` system user (runuser).
#
# A machine where PostgreSQL cannot start makes the run FAIL with the
# reason: a PostgreSQL variant that skipped silently would look green
# while testing nothing.
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: pg_run.sh COMMAND [ARG...]" >&2
  exit 2
fi

fail() {
  echo "pg_run: FAIL: $*" >&2
  exit 1
}

bindir=""
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && bindir="$d"
done
[ -n "$bindir" ] || fail "no PostgreSQL server found under /usr/lib/postgresql/*/bin (install postgresql: deploy/install-deps.sh)"

runas=()
pguser="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fail "running as root and there is no postgres user to own the cluster"
  runas=(runuser -u postgres --)
  pguser=postgres
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/slgw-pg-XXXXXX")" || fail "cannot make a temp dir under ${TMPDIR:-/tmp}"
chmod 755 "$dir"
[ ${#runas[@]} -eq 0 ] || chown postgres: "$dir"

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${runas[@]}" "$bindir/initdb" -D "$dir/data" -U "$pguser" --auth=trust -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed"; }

started=0
for _ in 1 2 3 4 5 6 7 8; do
  port=$(( 20000 + (RANDOM % 20000) ))
  if "${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" \
       start >/dev/null 2>&1; then
    started=1
    break
  fi
done
[ "$started" -eq 1 ] || { tail -20 "$dir/server.log" >&2 || true; fail "the PostgreSQL server did not start"; }

export SLGW_TEST_PG_PORT="$port"
# what pg_harness_server() needs to stop and start this same server (the
# /healthz test takes the database away under running nodes)
export SLGW_TEST_PG_CTL="$bindir/pg_ctl"
export SLGW_TEST_PG_DATA="$dir/data"
export SLGW_TEST_PG_OPTS="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200"
export SLGW_TEST_PG_LOG="$dir/server.log"
if [ ${#runas[@]} -ne 0 ]; then export SLGW_TEST_PG_RUNAS=postgres; fi
export SLGW_TEST_PG_USER="$pguser"
export SLGW_TEST_STORE_URL="postgresql://$pguser@127.0.0.1:$port/postgres"
set +e
"$@"
rc=$?
set -e
exit "$rc"
