#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Specification of deploy/xenserver/make-shared-sr.sh against a real
# `slgwd --demo` (navisim array "demo"), the real slgw CLI, and fake-xe
# playing a 3-host pool (xs1, the master and the host the script runs on,
# xs2, xs3). What counts is checked on the simulated array itself: every
# host's storage group maps the LUN, all at the same HLU.
#
# Usage: test-make-shared-sr.sh SLGW SLGWD NAVISIM

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
# shellcheck source=tests/common/demo-slgwd.sh
. "$SRC_ROOT/tests/common/demo-slgwd.sh"
SLGW_BIN=${1:?slgw binary}
SLGWD=${2:?slgwd binary}
NAVISIM=${3:?navisim binary}
command -v jq >/dev/null 2>&1 || { echo "jq is needed (install-deps.sh)" >&2; exit 1; }
SCRIPT="$SRC_ROOT/deploy/xenserver/make-shared-sr.sh"
T=$TMP_ROOT
PID=""
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	stop_demo_slgwd
	rm -rf "$TMP_ROOT"
}
trap cleanup EXIT

start_demo_slgwd "$SLGWD" "$T"
export SLGW_CONFIG="$T/no-such-config"
SLGW_SERVER="127.0.0.1:$(cat "$T/port")"
export SLGW_SERVER SLGW_USER=admin SLGW_CACERT="$T/demo/tls/slgwd.crt"
SLGW_PASSWORD=$(awk '$1 == "admin" { print $3 }' "$T/demo/demo-credentials")
export SLGW_PASSWORD
unset SLGW_FINGERPRINT
export SLGW="$SLGW_BIN"
export NAVISIM_HOME="$T/demo/navisim"
ARRAY_PW=$(cat "$NAVISIM_HOME/.demo-array-password")

setup_fake_xe_path
D="$T/pool"; make_pool "$D"; export FAKE_XE_DIR="$D"
export SLGW_XS_INVENTORY="$T/inventory"
printf "INSTALLATION_UUID='%s'\n" "$XS1" >"$SLGW_XS_INVENTORY"
export SLGW_FC_HOST_DIR="$T/fc_host"
mkdir -p "$SLGW_FC_HOST_DIR"

# navi ARGS...: a naviseccli command on the demo array (as its admin would).
navi() {
	"$NAVISIM" -h 192.0.2.10 -user sysadmin -password "$ARRAY_PW" -scope 0 "$@"
}

# array_hlus LUN_ID: "group hlu" per storage group that maps array LUN id.
array_hlus() {
	"$NAVISIM" --admin show --name demo |
		jq -r --argjson l "$1" '.sgs[] | .name as $g | .hlus[] | select(.alu == $l) | "\($g) \(.hlu)"' | sort
}

# group_of HOST: the storage group holding that host's initiator records.
group_of() {
	"$NAVISIM" --admin show --name demo |
		jq -r --arg i "iqn.2026-01.com.example:$1" '[.hbas[] | select(.uid == $i) | .sg] | unique | .[0] // empty'
}

vol_json() { "$SLGW" volume-show "$1" --json; }

# --- 1. print: one LUN, three hosts, one HLU ----------------------------------------
out=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G 2>&1); rc=$?
assert_eq "first run exit status ($out)" 0 "$rc"
V=$(vol_json sr1)
LUN=$(jq -r .arrayLunId <<<"$V")
NAA=$(jq -r '.wwn | gsub(":"; "") | ascii_downcase' <<<"$V")
assert_eq "one LUN of 2 GB" 2048 "$(jq -r .sizeMB <<<"$V")"
hlus=$(array_hlus "$LUN")
assert_eq "three storage groups map it" 3 "$(wc -l <<<"$hlus")"
assert_eq "one HLU on the array for all" 1 "$(awk '{ print $2 }' <<<"$hlus" | sort -u | wc -l)"
assert_eq "lowest HLU from 1" 1 "$(awk 'NR == 1 { print $2 }' <<<"$hlus")"
for h in xs1 xs2 xs3; do
	g=$(group_of "$h")
	assert_contains "$h's own group maps the LUN" "$g 1" "$hlus"
done
cmd=$(tail -1 <<<"$out")
assert_contains "sr-create printed" "xe sr-create host-uuid=$XS1 name-label=sr1 shared=true type=lvmoiscsi" "$cmd"
assert_contains "SCSIid is 3<naa>" "device-config:SCSIid=3$NAA" "$cmd"
assert_contains "every portal of both SPs" \
	"device-config:target=192.0.2.100,192.0.2.101,198.51.100.100,198.51.100.101" "$cmd"
assert_contains "several IQNs: targetIQN=*" "'device-config:targetIQN=*'" "$cmd"
assert_contains "port" "device-config:port=3260" "$cmd"
assert_eq "printing creates no SR" "" "$(find "$D" -path '*/srs/*' -type d 2>/dev/null)"
for h in xs1 xs2 xs3; do
	assert_eq "$h registered with its IQN" "iqn.2026-01.com.example:$h" \
		"$("$SLGW" host-show "$h" --json | jq -r '.initiator[0].id')"
done

# --- 2. rerun: the same, nothing new ------------------------------------------------
vols_before=$("$SLGW" volume-list --json | jq length)
out2=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G 2>&1); rc=$?
assert_eq "rerun exit status ($out2)" 0 "$rc"
assert_eq "rerun prints the same command" "$cmd" "$(tail -1 <<<"$out2")"
assert_eq "no second volume" "$vols_before" "$("$SLGW" volume-list --json | jq length)"
assert_eq "same mappings" "$hlus" "$(array_hlus "$LUN")"
out2=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G --hlu 9 2>&1); rc=$?
assert_eq "rerun with another --hlu is refused" 1 "$rc"
assert_contains "names the HLU it has" "already assigned at HLU 1" "$out2"

# --- 3. HLUs taken: by the gateway on one host, on the array behind its back ----------
"$SLGW" volume-create --system demo --pool "Pool 0" --name other --size 100M --json >/dev/null
"$SLGW" assign --volume other --host xs2 --hlu 2 --json >/dev/null || fail "assign other to xs2"
navi lun -create -capacity 1 -sq gb -poolName "Pool 1" -name foreign >/dev/null || fail "navisim lun -create"
FOREIGN=$("$NAVISIM" --admin show --name demo | jq '.luns[] | select(.name == "foreign") | .id')
navi storagegroup -addhlu -gname "$(group_of xs3)" -hlu 3 -alu "$FOREIGN" >/dev/null || fail "navisim addhlu"
out=$("$SCRIPT" --name sr2 --system demo --pool "Pool 0" --size 1G 2>&1); rc=$?
assert_eq "sr2 exit status ($out)" 0 "$rc"
assert_contains "the array's conflict is reported" "HLU 3 is taken on xs3" "$out"
LUN2=$(vol_json sr2 | jq -r .arrayLunId)
hlus2=$(array_hlus "$LUN2")
assert_eq "sr2 in three groups" 3 "$(wc -l <<<"$hlus2")"
assert_eq "sr2 skips 1 (sr1), 2 (gateway) and 3 (array): HLU 4 everywhere" "4 4 4" \
	"$(awk '{ print $2 }' <<<"$hlus2" | tr '\n' ' ' | sed 's/ $//')"
out=$("$SCRIPT" --name sr3 --system demo --pool "Pool 0" --size 1G --hlu 3 2>&1); rc=$?
assert_eq "a taken --hlu is an error" 1 "$rc"
assert_contains "names the host" "HLU 3 is taken on host xs3" "$out"
assert_eq "and leaves no host assigned" "" "$(array_hlus "$(vol_json sr3 | jq -r .arrayLunId)")"
out=$("$SCRIPT" --name sr3 --system demo --pool "Pool 0" --size 1G --hlu 7 2>&1); rc=$?
assert_eq "a free --hlu ($out)" 0 "$rc"
assert_eq "sr3 at HLU 7 on all hosts" "7 7 7" \
	"$(array_hlus "$(vol_json sr3 | jq -r .arrayLunId)" | awk '{ print $2 }' | tr '\n' ' ' | sed 's/ $//')"

# --- 4. --run creates the SR once ---------------------------------------------------
out=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G --run 2>&1); rc=$?
assert_eq "--run exit status ($out)" 0 "$rc"
sr=$(find "$D/srs" -mindepth 1 -maxdepth 1 -type d)
assert_eq "one SR" 1 "$(wc -l <<<"$sr")"
assert_eq "SR type" lvmoiscsi "$(cat "$sr/type")"
assert_eq "SR shared" true "$(cat "$sr/shared")"
assert_eq "SR SCSIid" "3$NAA" "$(cat "$sr/device-config:SCSIid")"
assert_eq "SR targetIQN" "*" "$(cat "$sr/device-config:targetIQN")"
assert_eq "SR on the master" "$XS1" "$(cat "$sr/host-uuid")"
out=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G --run 2>&1); rc=$?
assert_eq "--run again exit status" 0 "$rc"
assert_contains "--run again finds it" "already exists" "$out"
assert_eq "still one SR" 1 "$(find "$D/srs" -mindepth 1 -maxdepth 1 -type d | wc -l)"

# --- 4b. a host joins the pool: a rerun gives it the LUN at the SR's HLU ----------------
XS4=44444444-4444-4444-8444-444444444444
mkdir -p "$D/hosts/$XS4/oc"
echo xs4 >"$D/hosts/$XS4/name"
echo 192.0.2.4 >"$D/hosts/$XS4/address"
echo true >"$D/hosts/$XS4/enabled"
echo 0 >"$D/hosts/$XS4/vms"
echo "iqn.2026-01.com.example:xs4" >"$D/hosts/$XS4/oc/iscsi_iqn"
out=$("$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G 2>&1); rc=$?
assert_eq "rerun with a new host ($out)" 0 "$rc"
assert_contains "xs4's group maps sr1 at HLU 1" "$(group_of xs4) 1" "$(array_hlus "$LUN")"
assert_eq "four groups now" 4 "$(array_hlus "$LUN" | wc -l)"
rm -rf "${D:?}/hosts/$XS4"

# --- 5. lvmohba: every host needs an FC initiator ------------------------------------
out=$("$SCRIPT" --name hba1 --system demo --pool "Pool 0" --size 1G --type lvmohba 2>&1); rc=$?
assert_eq "FC without an HBA here fails" 1 "$rc"
assert_contains "says why" "no initiator found" "$out"
mkdir -p "$SLGW_FC_HOST_DIR/host3"
echo 0x21000024ff3dc0d1 >"$SLGW_FC_HOST_DIR/host3/port_name"
out=$("$SCRIPT" --name hba1 --system demo --pool "Pool 0" --size 1G --type lvmohba 2>&1); rc=$?
assert_eq "FC with other hosts unregistered fails" 1 "$rc"
assert_contains "says what to do" "host xs2 has no fc initiator at the gateway (run register-host.sh --protocol fc on it first)" "$out"
"$SLGW" initiator-add --host xs2 --protocol fc --id 21:00:00:24:ff:3d:c0:d2 >/dev/null || fail "xs2 wwpn"
"$SLGW" initiator-add --host xs3 --protocol fc --id 21:00:00:24:ff:3d:c0:d3 >/dev/null || fail "xs3 wwpn"
out=$("$SCRIPT" --name hba1 --system demo --pool "Pool 0" --size 1G --type lvmohba 2>&1); rc=$?
assert_eq "lvmohba exit status ($out)" 0 "$rc"
assert_contains "the local host's WWPN registered" "21:00:00:24:ff:3d:c0:d1" \
	"$("$SLGW" host-show xs1 --json | jq -r '[.initiator[].id | ascii_downcase] | join(" ")')"
V=$(vol_json hba1)
cmd=$(tail -1 <<<"$out")
assert_eq "lvmohba command" "xe sr-create host-uuid=$XS1 name-label=hba1 shared=true type=lvmohba content-type=user device-config:SCSIid=3$(jq -r '.wwn | gsub(":"; "") | ascii_downcase' <<<"$V")" "$cmd"
assert_eq "hba1 at one HLU on three groups" 3 "$(array_hlus "$(jq -r .arrayLunId <<<"$V")" | awk '$2 == 5' | wc -l)"

# --- 6. failures and usage ------------------------------------------------------------
out=$("$SCRIPT" --system demo --pool "Pool 0" --size 1G 2>&1); rc=$?
assert_eq "missing --name" 2 "$rc"
out=$("$SCRIPT" --name x --system demo --pool "Pool 0" --size 1G --type nfs 2>&1); rc=$?
assert_eq "bad --type" 2 "$rc"
out=$("$SCRIPT" --name x --system demo --pool "Pool 0" --size 1G --hlu 256 2>&1); rc=$?
assert_eq "bad --hlu" 2 "$rc"
out=$("$SCRIPT" --name 'x;rm' --system demo --pool "Pool 0" --size 1G 2>&1); rc=$?
assert_eq "hostile --name" 2 "$rc"
out=$(SLGW_SERVER=127.0.0.1:1 "$SCRIPT" --name sr1 --system demo --pool "Pool 0" --size 2G 2>&1); rc=$?
assert_eq "gateway down" 1 "$rc"
assert_contains "gateway down names slgw's failure" "exit 11" "$out"
out=$("$SCRIPT" --name sr9 --system demo --pool "No Pool" --size 1G 2>&1); rc=$?
assert_eq "unknown pool" 1 "$rc"
assert_contains "unknown pool message" "no pool is named 'No Pool'" "$out"

finish
