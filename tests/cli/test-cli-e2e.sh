#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# End-to-end specification of the slgw CLI against a real `slgwd --demo`
# (navisim array "demo", TLS with the demo's self-signed certificate):
# every command, --json parsed back with jq, exit status per fault class,
# trust (CA file, pinned fingerprint, refusal), the config file rules, and
# deploy/xenserver/register-host.sh driving the real CLI.
#
# Usage: test-cli-e2e.sh SLGW SLGWD [all|core|hosts|names]
# (ctest passes the built binaries; "hosts" is hosts, initiators,
# assignments and register-host.sh, "names" every object-taking command
# given names instead of ids plus the human output rules, "core"
# everything else.)
# Each run uses its own temp dir and an ephemeral port; the slgwd it starts
# is stopped by its pid on exit.
set -u
SLGW=${1:?slgw binary}
SLGWD=${2:?slgwd binary}
PART=${3:-all}
case "$PART" in all|core|hosts|names) ;; *) echo "part must be all, core, hosts or names" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
SRC_ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=tests/common/demo-slgwd.sh
. "$SRC_ROOT/tests/common/demo-slgwd.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/slgw-cli-e2e.XXXXXX")
PID=""
cleanup() {
	stop_demo_slgwd
	rm -rf "$T"
}
trap cleanup EXIT
FAILS=0
CHECKS=0
fail() { FAILS=$((FAILS + 1)); echo "FAIL: $*" >&2; }
ok() { CHECKS=$((CHECKS + 1)); }
assert_eq() { if [ "$2" = "$3" ]; then ok; else fail "$1: expected '$2', got '$3'"; fi; }
assert_contains() { case "$3" in *"$2"*) ok ;; *) fail "$1: '$2' not in: $3" ;; esac; }
command -v jq >/dev/null 2>&1 || { echo "jq is needed (install-deps.sh)" >&2; exit 1; }

# run EXPECTED_STATUS ARGS...: slgw with ARGS; stdout in $OUT, stderr in
# $ERR. ENVA (an array of env(1) arguments) changes the environment of one
# call, e.g. ENVA=(-u SLGW_CACERT); no subshells, so failures are counted.
ENVA=()
run() {
	local want=$1 rc
	shift
	env ${ENVA[@]+"${ENVA[@]}"} "$SLGW" "$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
	if [ "$rc" = "$want" ]; then ok; else
		fail "slgw $* -> exit $rc, expected $want; stderr: $ERR"
	fi
}

# --- start the demo gateway ----------------------------------------------------
start_demo_slgwd "$SLGWD" "$T"
PORT=$(cat "$T/port")
ADMIN_PW=$(awk '$1 == "admin" { print $3 }' "$T/demo/demo-credentials")
TENANT_USER=$(awk '$1 == "tenant" { print $2 }' "$T/demo/demo-credentials")
TENANT_PW=$(awk '$1 == "tenant" { print $3 }' "$T/demo/demo-credentials")
CERT="$T/demo/tls/slgwd.crt"
FP=$(openssl x509 -noout -fingerprint -sha256 -in "$CERT" | cut -d= -f2)

# No user config may leak in; settings from the environment.
export SLGW_CONFIG="$T/no-such-config"
export SLGW_SERVER="127.0.0.1:$PORT" SLGW_USER=admin SLGW_PASSWORD="$ADMIN_PW" SLGW_CACERT="$CERT"
unset SLGW_FINGERPRINT

if [ "$PART" = all ] || [ "$PART" = core ]; then
# --- help, usage, version ---------------------------------------------------------
run 0 --help
assert_contains "help lists exit statuses" "13  TLS" "$OUT"
commands=$(printf '%s\n' "$OUT" | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
# Every entry of the command table (one line each in cli_commands.c) is listed.
NCMDS=$(grep -cE '^	\{ "[a-z-]+",' "$SRC_ROOT/gateway/cli/cli_commands.c")
if [ "$NCMDS" -ge 40 ]; then ok; else fail "command table not found in cli_commands.c ($NCMDS)"; fi
assert_eq "every command listed" "$NCMDS" "$(printf '%s\n' "$commands" | wc -l)"
for cmd in $commands; do
	run 0 "$cmd" --help
	assert_contains "$cmd --help shows usage" "Usage: slgw $cmd" "$OUT"
done
run 0 --version
run 2 no-such-command
run 2 volume-list --no-such-option
run 2 volume-create --system 1 --pool 1 --name x --size lots
run 2
ENVA=(-u SLGW_SERVER); run 2 info; ENVA=()
assert_contains "missing server says how" "SLGW_SERVER" "$ERR"

# --- trust and authentication -------------------------------------------------------
run 0 info --json
assert_eq "info user" admin "$(jq -r .user <<<"$OUT")"
assert_eq "info role" admin "$(jq -r .role <<<"$OUT")"
run 0 info --cacert "$CERT" --server "https://localhost:$PORT/"
ENVA=(-u SLGW_CACERT)
run 0 info --fingerprint "$FP"
run 13 info --fingerprint "$(printf '%064d' 0)"
assert_contains "pin mismatch names both" "presented:" "$ERR"
run 13 info
ENVA=()
run 8 info --insecure-password wrong-password
assert_contains "wrong password class" "UNAUTHENTICATED" "$ERR"
printf '%s\n' "$ADMIN_PW" >"$T/pw"
chmod 644 "$T/pw"
ENVA=(-u SLGW_PASSWORD); run 2 info --password-file "$T/pw"; ENVA=()
assert_contains "password file mode refusal says how" "chmod 600" "$ERR"
chmod 600 "$T/pw"
ENVA=(-u SLGW_PASSWORD); run 0 info --password-file "$T/pw"; ENVA=()
env -u SLGW_PASSWORD "$SLGW" info --password-stdin <"$T/pw" >/dev/null 2>&1
assert_eq "password on stdin" 0 $?
run 11 info --server 127.0.0.1:1
assert_contains "connection refused class" "UNAVAILABLE" "$ERR"

# Failover: a list of gateways is tried in order; the first refuses.
run 0 info --json --server "127.0.0.1:1,127.0.0.1:$PORT"
assert_eq "failover reaches the second gateway" admin "$(jq -r .user <<<"$OUT")"
ENVA=(SLGW_SERVER="127.0.0.1:1, https://127.0.0.1:$PORT/"); run 0 volume-list; ENVA=()
run 11 info --server "127.0.0.1:1,127.0.0.1:2"
assert_contains "all refused names the first" "127.0.0.1:1/" "$ERR"
assert_contains "all refused names the second" "127.0.0.1:2/" "$ERR"
ENVA=(-u SLGW_CACERT)
run 13 info --server "127.0.0.1:1,127.0.0.1:$PORT" --fingerprint "$(printf '%064d' 0)"
assert_contains "pin mismatch after failover names both" "presented:" "$ERR"
ENVA=()
run 2 info --server "127.0.0.1:$PORT,"
run 2 info --server "127.0.0.1:$PORT,ftp://x"
run 0 --help
assert_contains "help documents the server list" "HOST[:PORT][,HOST[:PORT]...]" "$OUT"

# Config file: used when mode 0600, refused otherwise.
cat >"$T/cfg" <<EOF
# slgw settings for the test
server = 127.0.0.1:$PORT
user = admin
password = $ADMIN_PW
fingerprint = $FP
EOF
chmod 600 "$T/cfg"
ENVA=(-u SLGW_SERVER -u SLGW_USER -u SLGW_PASSWORD -u SLGW_CACERT)
run 0 info --config "$T/cfg"
chmod 644 "$T/cfg"
run 2 info --config "$T/cfg"
assert_contains "mode refusal says how" "chmod 600" "$ERR"
ENVA+=(SLGW_CONFIG="$T/cfg")
run 2 info
ENVA=()

# --- systems, pools, ports -------------------------------------------------------------
run 0 adapter-list --json
assert_eq "vnx adapter" vnx "$(jq -r '.[0].name' <<<"$OUT")"
run 0 system-list --json
assert_eq "one demo system" demo "$(jq -r '.[0].name' <<<"$OUT")"
SYS=$(jq -r '.[0].id' <<<"$OUT")
run 0 system-list
assert_contains "system table heading" "ID  NAME  ADAPTER" "$OUT"
run 0 system-show "$SYS" --json
assert_eq "system-show id" "$SYS" "$(jq -r .id <<<"$OUT")"
run 0 system-refresh "$SYS" --json
assert_eq "refresh job" SUCCEEDED "$(jq -r .state <<<"$OUT")"
run 4 system-show 999999
# system-add: a second simulated array in the demo's NAVISIM_HOME (slgwd's
# array commands see it); its password comes from stdin, never argv.
NAVISIM="$(dirname "$SLGWD")/navisim"
printf 'e2e-array-pw\n' >"$T/apw"
NAVISIM_HOME="$T/demo/navisim" "$NAVISIM" --admin create-array --name e2e2 --spa 192.0.2.30 \
	--spb 192.0.2.31 --pools 1 --iscsi-ports 1 --fc-ports 0 --user sysadmin --password e2e-array-pw \
	>/dev/null 2>&1 || fail "navisim create-array"
"$SLGW" system-add --name e2e2 --spa 192.0.2.30 --spb 192.0.2.31 --array-user sysadmin \
	--array-password-stdin --failover pnr --port a:0 --json <"$T/apw" >"$T/out" 2>"$T/err"
assert_eq "system-add exit status ($(cat "$T/err"))" 0 $?
OUT=$(cat "$T/out")
assert_eq "system-add job" SUCCEEDED "$(jq -r .state <<<"$OUT")"
assert_eq "failover policy kept" PNR "$(jq -r .storageSystem.failoverPolicy <<<"$OUT")"
SYS2=$(jq -r .storageSystem.id <<<"$OUT")
run 0 system-list --json
assert_eq "two systems" 2 "$(jq length <<<"$OUT")"
run 0 system-remove "$SYS2"
run 0 system-list --json
assert_eq "back to one system" 1 "$(jq length <<<"$OUT")"
run 11 system-add --name e2e3 --spa 192.0.2.99 --array-user sysadmin --array-password-file "$T/apw"
assert_contains "unreachable array class" "UNAVAILABLE" "$ERR"
printf 'wrong\n' >"$T/apw-wrong"
run 8 system-add --name e2e4 --spa 192.0.2.10 --array-user sysadmin --array-password-file "$T/apw-wrong"
run 2 system-add --name e2e5
run 2 system-add --name e2e5 --spa 192.0.2.10 --port z:9
run 2 system-add --name e2e5 --spa 192.0.2.10 --scope 7

run 0 pool-list --system "$SYS" --json
assert_eq "two pools" 2 "$(jq length <<<"$OUT")"
POOL=$(jq -r '.[0].id' <<<"$OUT")
run 0 port-list --system "$SYS" --json
assert_eq "iscsi ports present" true "$(jq 'map(.protocol) | index("iscsi") != null' <<<"$OUT")"
run 0 port-list --system "$SYS" --protocol fc --json
assert_eq "fc filter" '["fc"]' "$(jq -c 'map(.protocol) | unique' <<<"$OUT")"
run 2 port-list --system "$SYS" --protocol nfs

# --- volumes ---------------------------------------------------------------------------------
run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-v1 --size 1G --provisioning thin --json
assert_eq "create job succeeded" SUCCEEDED "$(jq -r .state <<<"$OUT")"
assert_eq "size 1G = 1024 MB" 1024 "$(jq -r .storageVolume.sizeMB <<<"$OUT")"
VOL=$(jq -r .storageVolume.id <<<"$OUT")
run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-v1 --size 1G --json
assert_eq "same create again: same volume" "$VOL" "$(jq -r .storageVolume.id <<<"$OUT")"
# A retry with the same client request id is the same job, not new work.
run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-r1 --size 100M --request-id e2e-req-1 --json
RJOB=$(jq -r .id <<<"$OUT")
RVOL=$(jq -r .storageVolume.id <<<"$OUT")
run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-r1 --size 100M --request-id e2e-req-1 --json
assert_eq "same request id, same job" "$RJOB" "$(jq -r .id <<<"$OUT")"
assert_eq "request id echoed" e2e-req-1 "$(jq -r .clientRequestId <<<"$OUT")"
run 0 volume-delete "$RVOL"
# A change through a server list: the refused first gateway is skipped.
run 0 volume-create --server "127.0.0.1:1,127.0.0.1:$PORT" --system "$SYS" --pool "$POOL" --name e2e-fo --size 100M --json
assert_eq "create through failover" SUCCEEDED "$(jq -r .state <<<"$OUT")"
run 0 volume-delete --server "127.0.0.1:1,127.0.0.1:$PORT" "$(jq -r .storageVolume.id <<<"$OUT")"
run 5 volume-create --system "$SYS" --pool "$POOL" --name e2e-v1 --size 2G
assert_contains "conflict class" "ALREADY_EXISTS" "$ERR"
run 0 volume-list
assert_contains "volume table" "e2e-v1" "$OUT"
run 0 volume-list --prefix e2e- --json
assert_eq "volume-list --json" 1 "$(jq length <<<"$OUT")"
run 0 volume-show e2e-v1 --json
assert_eq "volume-show by name" "$VOL" "$(jq -r .id <<<"$OUT")"
run 0 volume-resize e2e-v1 --size 2G --json
assert_eq "resized" 2048 "$(jq -r .storageVolume.sizeMB <<<"$OUT")"
run 4 volume-show 999999
assert_contains "not found class" "NOT_FOUND" "$ERR"
run 4 volume-show not-a-name
assert_contains "unknown name: not found" "no volume is named 'not-a-name'" "$ERR"
run 4 host-show not-a-host
run 3 volume-create --system "$SYS" --pool "$POOL" --name 'bad name!' --size 1G
assert_contains "invalid argument class" "INVALID_ARGUMENT" "$ERR"
run 2 volume-resize e2e-v1

# --no-wait answers a job id at once; job-show --wait follows it.
run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-v2 --size 512M --no-wait
JOB=$OUT
assert_eq "--no-wait prints a job id" 1 "$(printf '%s\n' "$JOB" | wc -l)"
run 0 job-show "$JOB" --wait --json
assert_eq "waited job" SUCCEEDED "$(jq -r .state <<<"$OUT")"
VOL2=$(jq -r .storageVolume.id <<<"$OUT")
run 0 job-show "$JOB" --json
assert_eq "job-show kind" volume.allocate "$(jq -r .kind <<<"$OUT")"
assert_eq "job-show object" "$VOL2" "$(jq -r .storageVolume.id <<<"$OUT")"
run 0 job-list --json
assert_eq "job-list has our job" 1 "$(jq --arg j "$JOB" 'map(select(.id == $j)) | length' <<<"$OUT")"
run 0 job-list --state succeeded --limit 2 --json
assert_eq "job-list --limit" 2 "$(jq length <<<"$OUT")"
run 0 job-list --limit 1
assert_eq "table: heading + 1 row" 2 "$(printf '%s\n' "$OUT" | wc -l)"
run 4 job-show 999999

# --- snapshots and clones --------------------------------------------------------------------
run 0 snapshot-create e2e-v1 --name e2e-s1 --json
SNAP=$(jq -r .snapshot.id <<<"$OUT")
assert_eq "snapshot name" e2e-s1 "$(jq -r .snapshot.name <<<"$OUT")"
run 0 snapshot-list e2e-v1 --json
assert_eq "one snapshot of e2e-v1" 1 "$(jq length <<<"$OUT")"
run 0 clone --name e2e-c1 --snapshot "$SNAP" --json
assert_eq "linked clone" linked "$(jq -r .storageVolume.cloneType <<<"$OUT")"
C1=$(jq -r .storageVolume.id <<<"$OUT")
run 0 clone --name e2e-c2 --volume e2e-v1 --type full --json
assert_eq "full clone" full "$(jq -r .storageVolume.cloneType <<<"$OUT")"
C2=$(jq -r .storageVolume.id <<<"$OUT")
run 2 clone --name e2e-c3
# With --snapshot, --volume says whose snapshot: a snapshot of another
# volume is not found there.
run 4 clone --name e2e-c3 --volume "$C2" --snapshot "$SNAP"

# Progress of a long job: slow the simulated LUN migration down, then
# follow full clones as a script (plain lines), on a terminal (a bar,
# redrawn with \r; a pty made by python) and with --timeout (exit 12).
NAVISIM_HOME="$T/demo/navisim" "$NAVISIM" --admin migrate-rate --name demo --mbps 300 >/dev/null 2>&1 ||
	fail "navisim migrate-rate"
run 0 clone --name e2e-p1 --volume e2e-v1 --type full --no-wait
PJOB=$OUT
run 0 job-show "$PJOB" --wait
assert_contains "plain progress lines" "slgw: job $PJOB RUNNING" "$ERR"
assert_contains "final line" "slgw: job $PJOB SUCCEEDED 100%" "$ERR"
P1=$(jq -r .storageVolume.id <<<"$("$SLGW" job-show "$PJOB" --json 2>/dev/null)")
run 0 clone --name e2e-p2 --volume e2e-v1 --type full --no-wait
PJOB2=$OUT
tty_out=$(/usr/bin/python3 - "$SLGW" job-show "$PJOB2" --wait <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        d = os.read(fd, 4096)
    except OSError:
        break
    if not d:
        break
    out += d
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(st))
PY
)
assert_eq "job-show on a terminal exit status" 0 $?
assert_contains "progress bar on a terminal" "$(printf '\r')[" "$tty_out"
assert_contains "bar reaches 100%" "] 100% volume.clone" "$tty_out"
P2=$(jq -r .storageVolume.id <<<"$("$SLGW" job-show "$PJOB2" --json 2>/dev/null)")
run 0 clone --name e2e-p3 --volume e2e-v1 --type full --no-wait
PJOB3=$OUT
run 12 job-show "$PJOB3" --wait --timeout 1
assert_contains "timeout names the job" "slgw job-show $PJOB3" "$ERR"
run 0 job-show "$PJOB3" --wait --quiet --json
assert_eq "quiet: no progress" "" "$ERR"
P3=$(jq -r .storageVolume.id <<<"$OUT")
NAVISIM_HOME="$T/demo/navisim" "$NAVISIM" --admin migrate-rate --name demo --mbps 0 >/dev/null 2>&1
run 0 snapshot-restore "$SNAP"
run 6 snapshot-delete "$SNAP"
assert_contains "a snapshot backing a linked clone stays" "FAILED_PRECONDITION" "$ERR"
run 0 volume-delete "$C1"
run 0 snapshot-delete "$SNAP"
run 0 snapshot-list e2e-v1 --json
assert_eq "snapshot gone" 0 "$(jq length <<<"$OUT")"

fi  # core

if [ "$PART" = hosts ]; then
	run 0 system-list --json
	SYS=$(jq -r '.[0].id' <<<"$OUT")
	run 0 pool-list --system "$SYS" --json
	POOL=$(jq -r '.[0].id' <<<"$OUT")
	run 0 volume-create --system "$SYS" --pool "$POOL" --name e2e-v1 --size 1G --json
	VOL=$(jq -r .storageVolume.id <<<"$OUT")
fi

if [ "$PART" = all ] || [ "$PART" = hosts ]; then
# --- hosts and assignments --------------------------------------------------------------------
run 0 host-add --name e2e-xs1 --address 192.0.2.50 --initiator iscsi:iqn.2026-01.com.example:e2e-xs1 --json
HOST=$(jq -r .host.id <<<"$OUT")
assert_eq "host name" e2e-xs1 "$(jq -r .host.name <<<"$OUT")"
run 0 initiator-add --host e2e-xs1 --protocol fc --id 21:00:00:24:ff:3d:c0:d4
run 0 host-show e2e-xs1 --json
assert_eq "two initiators" 2 "$(jq '.initiator | length' <<<"$OUT")"
run 0 host-list --json
assert_eq "host-list" 1 "$(jq --arg h "$HOST" 'map(select(.id == $h)) | length' <<<"$OUT")"
run 0 host-modify e2e-xs1 --failover pnr --json
assert_eq "failover mode changed" PNR "$(jq -r .host.failoverMode <<<"$OUT")"
run 0 host-modify e2e-xs1 --failover ALUA
run 2 host-modify e2e-xs1
run 0 initiator-remove --host e2e-xs1 --id 21:00:00:24:ff:3d:c0:d4
run 0 assign --volume e2e-v1 --host e2e-xs1 --json
HLU=$(jq -r .assignment.hlu <<<"$OUT")
assert_eq "assignment has an HLU" 1 "$([ "$HLU" -ge 0 ] 2>/dev/null && echo 1 || echo 0)"
run 0 assign --volume e2e-v1 --host e2e-xs1 --json
assert_eq "assign again: same HLU" "$HLU" "$(jq -r .assignment.hlu <<<"$OUT")"
run 0 assignment-list --host e2e-xs1 --json
assert_eq "one assignment" 1 "$(jq length <<<"$OUT")"
run 0 assign --volume e2e-v1 --host e2e-xs1
assert_contains "human output: targets table" "SP  PORT  PROTOCOL" "$OUT"
run 6 host-remove e2e-xs1
assert_contains "still assigned class" "FAILED_PRECONDITION" "$ERR"
run 0 unassign --volume e2e-v1 --host e2e-xs1
run 0 unassign --volume e2e-v1 --host e2e-xs1
run 0 assignment-list --host e2e-xs1 --json
assert_eq "no assignment left" 0 "$(jq length <<<"$OUT")"

# register-host.sh with the real CLI (fake xe plays the XenServer host).
mkdir -p "$T/bin" "$T/xe"
ln -s "$SRC_ROOT/tests/deploy/fake-xe" "$T/bin/xe"
U=44444444-4444-4444-8444-444444444444
mkdir -p "$T/xe/hosts/$U/oc" "$T/xe/pbds"
echo e2e-xs9 >"$T/xe/hosts/$U/name"
echo 192.0.2.59 >"$T/xe/hosts/$U/address"
echo true >"$T/xe/hosts/$U/enabled"
echo 0 >"$T/xe/hosts/$U/vms"
echo "iqn.2026-01.com.example:e2e-xs9" >"$T/xe/hosts/$U/oc/iscsi_iqn"
echo "$U" >"$T/xe/master"
printf "INSTALLATION_UUID='%s'\n" "$U" >"$T/inventory"
for pass in 1 2; do
	out=$(PATH="$T/bin:$PATH" FAKE_XE_DIR="$T/xe" SLGW="$SLGW" SLGW_XS_INVENTORY="$T/inventory" \
		SLGW_FC_HOST_DIR="$T/no-fc" "$SRC_ROOT/deploy/xenserver/register-host.sh" 2>&1)
	assert_eq "register-host pass $pass ($out)" 0 $?
done
run 0 host-show e2e-xs9 --json
assert_eq "registered IQN" "iqn.2026-01.com.example:e2e-xs9" "$(jq -r '.initiator[0].id' <<<"$OUT")"
run 0 host-remove e2e-xs9
run 0 host-remove e2e-xs1

fi  # hosts

if [ "$PART" = all ] || [ "$PART" = core ]; then
# --- delegation: tenants, grants, users, audit --------------------------------------------------
run 0 tenant-add --name e2e-t1 --description "e2e tenant" --json
TEN=$(jq -r .id <<<"$OUT")
run 0 tenant-list --json
assert_eq "tenant listed" 1 "$(jq --arg t "$TEN" 'map(select(.id == $t)) | length' <<<"$OUT")"
run 0 grant-add --tenant "$TEN" --system "$SYS" --pool "$POOL" --quota 10G --max-volumes 5 --json
assert_eq "quota in MB" 10240 "$(jq -r .quotaMB <<<"$OUT")"
run 0 grant-list --tenant "$TEN" --json
assert_eq "one grant" 1 "$(jq length <<<"$OUT")"
printf 'e2e-pass-1234\n' >"$T/newpw"
run 0 user-add --name e2e-u1 --role tenant --tenant "$TEN" --new-password-file "$T/newpw" --json
assert_eq "user role" tenant "$(jq -r .role <<<"$OUT")"
run 0 user-list --json
assert_eq "user listed" 1 "$(jq 'map(select(.name == "e2e-u1")) | length' <<<"$OUT")"
ENVA=(SLGW_USER=e2e-u1 SLGW_PASSWORD=e2e-pass-1234)
run 0 info --json
assert_eq "tenant user's role" tenant "$(jq -r .role <<<"$OUT")"
run 7 tenant-list
assert_contains "tenant refused admin op" "PERMISSION_DENIED" "$ERR"
ENVA=()
printf 'e2e-pass-5678\n' >"$T/newpw2"
run 0 user-passwd e2e-u1 --new-password-file "$T/newpw2"
ENVA=(SLGW_USER=e2e-u1 SLGW_PASSWORD=e2e-pass-5678); run 0 info
ENVA=(SLGW_USER=e2e-u1 SLGW_PASSWORD=e2e-pass-1234); run 8 info; ENVA=()
run 2 user-add --name e2e-u2 --role tenant
run 0 user-remove e2e-u1
run 0 grant-remove --tenant "$TEN" --system "$SYS" --pool "$POOL"
run 0 tenant-remove "$TEN"
ENVA=(SLGW_USER="$TENANT_USER" SLGW_PASSWORD="$TENANT_PW"); run 0 pool-list --json; ENVA=()
assert_eq "the demo tenant sees its granted pools" 2 "$(jq length <<<"$OUT")"
run 0 audit-list --limit 5 --json
assert_eq "audit records" 5 "$(jq length <<<"$OUT")"
run 0 audit-list --operation getServiceInfo --limit 1 --json
assert_eq "audit filter" getServiceInfo "$(jq -r '.[0].operation' <<<"$OUT")"
run 2 audit-list --since yesterday

# --- clean up volumes (delete is idempotent) --------------------------------------------------------
for v in "$P1" "$P2" "$P3" "$C2" "$VOL2" "$VOL"; do
	run 0 volume-delete "$v" --force
done
run 0 volume-delete "$VOL"
run 0 volume-list --prefix e2e- --json
assert_eq "all e2e volumes gone" 0 "$(jq length <<<"$OUT")"

elif [ "$PART" = hosts ]; then
	run 0 volume-delete "$VOL" --force
fi

if [ "$PART" = all ] || [ "$PART" = names ]; then
# --- every object by name ----------------------------------------------------------------------
# assert_no_json LABEL: human output ($OUT) holds no raw JSON.
assert_no_json() { case "$OUT" in *'{"'*|*'":'*|*'[{'*) fail "$1: raw JSON in: $OUT" ;; *) ok ;; esac; }

run 0 volume-delete --help
assert_contains "help says ids or names" "take the
object's id or its name" "$OUT"
run 0 system-show demo --json
NSYS=$(jq -r .id <<<"$OUT")
assert_eq "system-show by name" demo "$(jq -r .name <<<"$OUT")"
run 0 system-refresh demo --json
assert_eq "system-refresh by name" SUCCEEDED "$(jq -r .state <<<"$OUT")"
run 0 pool-list --system demo --json
assert_eq "pool-list --system by name" "$NSYS" "$(jq -r '.[0].storageSystemId' <<<"$OUT")"
NPOOL0=$(jq -r 'map(select(.name == "Pool 0"))[0].id' <<<"$OUT")
run 0 port-list --system demo --protocol iscsi --json
assert_eq "port-list --system by name" '["iscsi"]' "$(jq -c 'map(.protocol) | unique' <<<"$OUT")"
run 4 system-show no-such-array
assert_contains "unknown system" "no storage system is named 'no-such-array'" "$ERR"
run 4 pool-list --system no-such-array

run 0 volume-create --system demo --pool "Pool 0" --name n-root --size 1G --json
assert_eq "volume-create with system and pool names" "$NPOOL0" "$(jq -r .storageVolume.storagePoolId <<<"$OUT")"
NROOT=$(jq -r .storageVolume.id <<<"$OUT")
run 4 volume-create --system demo --pool "Pool 9" --name n-x --size 1G
assert_contains "unknown pool" "no pool is named 'Pool 9'" "$ERR"
run 0 volume-create --system demo --pool "Pool 0" --name n-ten --size 512M --tenant demo-tenant --json
assert_eq "volume-create --tenant by name" 1 "$(jq '.storageVolume.tenantId != null' <<<"$OUT" | grep -c true)"
NTEN_VOL=$(jq -r .storageVolume.id <<<"$OUT")
run 0 volume-list --system demo --pool "Pool 0" --tenant demo-tenant --json
assert_eq "volume-list filters by name" n-ten "$(jq -r 'map(.name) | join(",")' <<<"$OUT")"
run 0 volume-resize n-root --size 2G --json
assert_eq "volume-resize by name" 2048 "$(jq -r .storageVolume.sizeMB <<<"$OUT")"

# Snapshots: names are per volume; --volume picks among equal names.
run 0 snapshot-create n-root --name before-upgrade --json
NSNAP=$(jq -r .snapshot.id <<<"$OUT")
run 0 snapshot-create --volume n-ten --name before-upgrade --json
NSNAP2=$(jq -r .snapshot.id <<<"$OUT")
run 0 snapshot-list --volume n-root --json
assert_eq "snapshot-list --volume by name" "$NSNAP" "$(jq -r 'map(.id) | join(",")' <<<"$OUT")"
run 2 clone --name n-c1 --snapshot before-upgrade
assert_contains "ambiguous snapshot lists the ids" "ids $NSNAP, $NSNAP2" "$ERR"
run 0 clone --name n-c1 --snapshot before-upgrade --volume n-root --json
assert_eq "clone --snapshot by name" "$NSNAP" "$(jq -r .storageVolume.sourceSnapshotId <<<"$OUT")"
run 0 clone --name n-c2 --volume n-root --type full --pool "Pool 1" --json
assert_eq "clone --pool by name" "Pool 1" "$("$SLGW" pool-list --system demo --json | jq -r --arg p "$(jq -r .storageVolume.storagePoolId <<<"$OUT")" 'map(select(.id == $p))[0].name')"
run 0 snapshot-restore before-upgrade --volume n-root --force
run 0 snapshot-delete before-upgrade --volume n-ten
run 4 snapshot-delete before-upgrade --volume n-ten
# A gone snapshot's id is passed on: deleting it again succeeds.
run 0 snapshot-delete "$NSNAP2"

# A name that is another object's id is refused, both ids named.
run 0 volume-create --system demo --pool "Pool 0" --name "$NROOT" --size 100M --json
NDIG=$(jq -r .storageVolume.id <<<"$OUT")
run 2 volume-show "$NROOT"
assert_contains "id/name collision is ambiguous" "ids $NROOT, $NDIG" "$ERR"
run 0 volume-delete "$NDIG"

# Hosts and assignments by name; human output once, readably.
run 0 host-add --name n-xs1 --address 192.0.2.61 --tenant demo-tenant \
	--initiator iscsi:iqn.2026-01.com.example:n-xs1 --initiator fc:21:00:00:24:ff:3d:c0:61
assert_no_json "host-add output"
assert_eq "initiators shown once" 1 "$(grep -c '^initiator' <<<"$OUT")"
assert_contains "initiators as a table" "  ID " "$OUT"
assert_contains "initiator row" "iqn.2026-01.com.example:n-xs1  iscsi" "$OUT"
run 0 host-list --tenant demo-tenant
assert_contains "host table lists initiator ids" "iqn.2026-01.com.example:n-xs1,21:00:00:24:FF:3D:C0:61" "$OUT"
assert_no_json "host-list output"
run 0 initiator-remove --host n-xs1 --id 21:00:00:24:ff:3d:c0:61
run 0 host-modify n-xs1 --failover pnr --json
assert_eq "host-modify by name" PNR "$(jq -r .host.failoverMode <<<"$OUT")"
run 0 assign --volume n-ten --host n-xs1
assert_no_json "assign output"
run 0 host-show n-xs1
assert_no_json "host-show output"
run 0 assignment-list --host n-xs1 --volume n-ten --system demo
assert_eq "assignment-list heading" "VOLUME  HOST  HLU  WWN" "$(head -1 <<<"$OUT" | awk '{ print $1"  "$2"  "$3"  "$4 }')"
assert_contains "FAILOVER column" "FAILOVER" "$(head -1 <<<"$OUT")"
assert_eq "FAILOVER filled" PNR "$(tail -1 <<<"$OUT" | awk '{ print $NF }')"
run 0 assignment-list --host n-xs1 --json
assert_eq "assignment-list --json by host name" "$NTEN_VOL" "$(jq -r '.[0].volumeId' <<<"$OUT")"
run 0 unassign --volume n-ten --host n-xs1
run 0 host-remove n-xs1
run 4 host-remove n-xs1
assert_contains "gone host name" "no host is named 'n-xs1'" "$ERR"

# Tenants, grants, users, audit by name.
run 0 tenant-add --name n-t1 --json
NT1=$(jq -r .id <<<"$OUT")
run 0 grant-add --tenant n-t1 --system demo --pool "Pool 1" --quota 1G --json
assert_eq "grant-add by names" "$NT1" "$(jq -r .tenantId <<<"$OUT")"
run 0 grant-list --tenant n-t1 --system demo --json
assert_eq "grant-list by names" 1 "$(jq length <<<"$OUT")"
run 0 grant-list
assert_contains "grant table sizes in MB" "QUOTA MB" "$OUT"
printf 'n-pass-1234\n' >"$T/npw"
run 0 user-add --name n-u1 --role tenant --tenant n-t1 --new-password-file "$T/npw" --json
assert_eq "user-add --tenant by name" "$NT1" "$(jq -r .tenantId <<<"$OUT")"
run 0 user-list --tenant n-t1 --json
assert_eq "user-list --tenant by name" n-u1 "$(jq -r 'map(.name) | join(",")' <<<"$OUT")"
run 0 user-passwd n-u1 --new-password-file "$T/npw"
run 4 user-passwd no-such-user --new-password-file "$T/npw"
run 0 audit-list --tenant n-t1 --json
# A tenant user cannot list tenants: a tenant name is refused saying how,
# its own tenant's id still works.
ENVA=(SLGW_USER="$TENANT_USER" SLGW_PASSWORD="$TENANT_PW")
run 2 volume-list --tenant demo-tenant
assert_contains "tenant user told to give the id" "give the tenant's id" "$ERR"
run 0 info --json
run 0 volume-list --tenant "$(jq -r .tenantId <<<"$OUT")" --json
assert_eq "tenant user's own tenant by id" n-ten "$(jq -r 'map(.name) | join(",")' <<<"$OUT")"
run 0 volume-show n-ten --json
assert_eq "tenant user: own volume by name" "$NTEN_VOL" "$(jq -r .id <<<"$OUT")"
run 4 volume-show n-root
ENVA=()
run 0 user-remove n-u1
run 0 grant-remove --tenant n-t1 --system demo --pool "Pool 1"
run 0 tenant-remove n-t1
run 4 tenant-remove n-t1
assert_contains "gone tenant name" "no tenant is named 'n-t1'" "$ERR"
# An id is passed on for the gateway to answer (removeTenant: NOT_FOUND).
run 4 tenant-remove "$NT1"
assert_contains "the gateway's answer for a gone id" "tenant $NT1 not found" "$ERR"

# Every list's human output: aligned tables, no raw JSON.
for cmd in adapter-list system-list "pool-list --system demo" "port-list --system demo" volume-list \
	snapshot-list host-list assignment-list job-list tenant-list grant-list user-list audit-list; do
	# shellcheck disable=SC2086
	run 0 $cmd --limit 20
	assert_no_json "$cmd output"
done
run 0 volume-list
assert_contains "volume sizes in MB" "SIZE MB" "$(head -1 <<<"$OUT")"

# Clean up by name; a deleted volume's id is still deletable, its name not.
for v in n-c1 n-c2 n-ten n-root; do
	run 0 volume-delete "$v" --force
done
run 4 volume-delete n-root
run 0 volume-delete "$NROOT"
fi  # names

if [ "$FAILS" -ne 0 ]; then
	echo "$FAILS of $((FAILS + CHECKS)) checks failed" >&2
	exit 1
fi
echo "all $CHECKS checks passed"
