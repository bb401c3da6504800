#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Specification of deploy/xenserver/enable-multipath.sh, run against
# fake-xe playing a 3-host pool (xs1 master). The fake itself refuses and
# records any step done out of maintenance mode, so "violations.log stays
# empty" is the main safety assertion; the call log pins the order.

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
setup_fake_xe_path
SCRIPT="$SRC_ROOT/deploy/xenserver/enable-multipath.sh"
export SLGW_XE_POLL=0

# Mutating calls only, in order.
changes() {
	grep -E '^(host-disable|host-evacuate|host-enable|host-param-set|pbd-plug|pbd-unplug|pool-designate-new-master)' "$1/calls.log" || true
}

# host_of_call LINE: the host UUID a mutating call is about.
expected_sequence() {
	local u=$1 d=$2 p
	echo "host-disable uuid=$u"
	echo "host-evacuate uuid=$u"
	for p in $(cd "$d/pbds" && for x in *; do [ "$(cat "$x/host")" = "$u" ] && echo "$x"; done); do
		echo "pbd-unplug uuid=$p"
	done
	echo "host-param-set uuid=$u other-config:multipathing=true"
	echo "host-param-set uuid=$u other-config:multipathhandle=dmp"
	for p in $(cd "$d/pbds" && for x in *; do [ "$(cat "$x/host")" = "$u" ] && echo "$x"; done); do
		echo "pbd-plug uuid=$p"
	done
	echo "host-enable uuid=$u"
}

# --- 1. the whole pool -------------------------------------------------------
D="$TMP_ROOT/pool1"; make_pool "$D"; export FAKE_XE_DIR="$D"
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "full run exit status (output: $out)" 0 "$rc"
assert_eq "no maintenance-mode rule broken" "" "$(cat "$D/violations.log")"
for u in "$XS1" "$XS2" "$XS3"; do
	assert_eq "multipathing on $u" true "$(cat "$D/hosts/$u/oc/multipathing")"
	assert_eq "multipathhandle on $u" dmp "$(cat "$D/hosts/$u/oc/multipathhandle")"
	assert_eq "$u enabled again" true "$(cat "$D/hosts/$u/enabled")"
done
assert_eq "all VMs still running somewhere" 9 \
	"$(cat "$D"/hosts/*/vms | awk "{s+=\$1} END {print s}")"
for p in "$D"/pbds/*; do
	assert_eq "PBD ${p##*/} replugged" true "$(cat "$p/attached")"
done
new_master=$(cat "$D/master")
assert_eq "master moved off xs1 (was converted last)" 1 \
	"$([ "$new_master" != "$XS1" ] && echo 1 || echo 0)"
expected=$( {
	expected_sequence "$XS2" "$D"
	expected_sequence "$XS3" "$D"
	echo "pool-designate-new-master host-uuid=$XS2"
	expected_sequence "$XS1" "$D"
} )
assert_eq "order of changes: each host disabled->evacuated->keys->enabled, one at a time, master last after a new master" \
	"$expected" "$(changes "$D")"
# Between enabling one host and disabling the next, the script waited for
# the host to report enabled=true (the fake reports false twice first).
calls=$(cat "$D/calls.log")
seg=$(printf '%s\n' "$calls" | sed -n "/^host-enable uuid=$XS2/,/^host-disable uuid=$XS3/p")
assert_eq "waited for xs2 to be enabled (polls)" 3 \
	"$(printf '%s\n' "$seg" | grep -c "host-param-get uuid=$XS2 param-name=enabled")"
# After the master change it waited for the pool to answer again.
seg=$(printf '%s\n' "$calls" | sed -n "/^pool-designate-new-master/,/^host-disable uuid=$XS1/p")
assert_contains "waited for the new master" "pool-list params=master --minimal" "$seg"
assert_eq "reconnect attempts consumed" 0 "$(cat "$D/unreachable")"
assert_contains "progress names hosts" "xs3: multipathing enabled" "$out"

# --- 2. running again changes nothing ---------------------------------------
: >"$D/calls.log"
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "re-run exit status" 0 "$rc"
assert_eq "re-run makes no change" "" "$(changes "$D")"
assert_contains "re-run says skipped" "already enabled, skipped" "$out"

# --- 3. dry run --------------------------------------------------------------
D="$TMP_ROOT/pool2"; make_pool "$D"; export FAKE_XE_DIR="$D"
before=$(state_digest "$D")
out=$("$SCRIPT" --dry-run 2>&1); rc=$?
assert_eq "dry run exit status" 0 "$rc"
assert_eq "dry run leaves the pool as it was" "$before" "$(state_digest "$D")"
assert_eq "dry run sends no change to xe" "" "$(changes "$D")"
for u in "$XS1" "$XS2" "$XS3"; do
	assert_contains "dry run prints disable of $u" "would run: xe host-disable uuid=$u" "$out"
	assert_contains "dry run prints key of $u" \
		"would run: xe host-param-set uuid=$u other-config:multipathhandle=dmp" "$out"
done
assert_contains "dry run prints the master change" \
	"would run: xe pool-designate-new-master host-uuid=$XS2" "$out"

# --- 4. a failing step stops the run -----------------------------------------
D="$TMP_ROOT/pool3"; make_pool "$D"; export FAKE_XE_DIR="$D"
echo "host-evacuate $XS3" >"$D/fail"
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "failure exit status" 1 "$rc"
assert_contains "error names host and step" "error: xs3: evacuate" "$out"
assert_contains "error carries xe's reason" "HOST_NOT_ENOUGH_FREE_MEMORY" "$out"
assert_eq "xs2 was finished before" true "$(cat "$D/hosts/$XS2/oc/multipathing")"
assert_eq "xs3 keys untouched" 1 "$([ ! -f "$D/hosts/$XS3/oc/multipathing" ] && echo 1 || echo 0)"
assert_eq "master untouched after the failure" "$XS1" "$(cat "$D/master")"
assert_not_contains "nothing after the failure" "pool-designate-new-master" "$(changes "$D")"
assert_eq "no rule broken on failure" "" "$(cat "$D/violations.log")"

# --- 5. one host with --host, by name ----------------------------------------
D="$TMP_ROOT/pool4"; make_pool "$D"; export FAKE_XE_DIR="$D"
out=$("$SCRIPT" --host xs3 2>&1); rc=$?
assert_eq "--host exit status ($out)" 0 "$rc"
assert_eq "--host converts only that host" "$(expected_sequence "$XS3" "$D")" "$(changes "$D")"

# --- 6. --host on the master designates a new one first ---------------------
: >"$D/calls.log"
out=$("$SCRIPT" --host "$XS1" 2>&1); rc=$?
assert_eq "--host master exit status ($out)" 0 "$rc"
assert_eq "new master is the already converted xs3" "$XS3" "$(cat "$D/master")"
assert_eq "--host master order" \
	"$(echo "pool-designate-new-master host-uuid=$XS3"; expected_sequence "$XS1" "$D")" \
	"$(changes "$D")"
assert_eq "no rule broken (master)" "" "$(cat "$D/violations.log")"

# --- 7. a host that never comes back times out with a clear message ----------
D="$TMP_ROOT/pool5"; make_pool "$D"; export FAKE_XE_DIR="$D"
# host-enable sets the lag; make xs2 never report enabled by failing the poll.
out=$(SLGW_XE_POLL=1 "$SCRIPT" --host xs2 --timeout 0 2>&1); rc=$?
assert_eq "timeout exit status" 1 "$rc"
assert_contains "timeout message" "xs2: still not enabled after 0s" "$out"

# --- 8. unknown host and bad usage -------------------------------------------
out=$("$SCRIPT" --host nosuch 2>&1); rc=$?
assert_eq "unknown host exit status" 1 "$rc"
assert_contains "unknown host message" "no host 'nosuch'" "$out"
out=$("$SCRIPT" --bogus 2>&1); rc=$?
assert_eq "bad usage exit status" 2 "$rc"
out=$("$SCRIPT" --timeout soon 2>&1); rc=$?
assert_eq "bad timeout exit status" 2 "$rc"
out=$("$SCRIPT" --help 2>&1); rc=$?
assert_eq "--help exit status" 0 "$rc"
assert_contains "--help text" "--dry-run" "$out"

# --- 9. no xe at all ---------------------------------------------------------
out=$(XE=/nonexistent/xe "$SCRIPT" 2>&1); rc=$?
assert_eq "missing xe exit status" 1 "$rc"
assert_contains "missing xe message" "xe not found" "$out"

finish
