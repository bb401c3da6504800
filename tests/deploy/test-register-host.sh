#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Specification of deploy/xenserver/register-host.sh against fake-xe (the
# host's name and IQN) and fake-slgw (the gateway), with a fake
# /etc/xensource-inventory and /sys/class/fc_host in the test's temp dir.

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
setup_fake_xe_path
SCRIPT="$SRC_ROOT/deploy/xenserver/register-host.sh"
export SLGW="$HERE/fake-slgw"

D="$TMP_ROOT/pool"; make_pool "$D"; export FAKE_XE_DIR="$D"
G="$TMP_ROOT/gw"; mkdir -p "$G"; export FAKE_SLGW_DIR="$G"
export SLGW_XS_INVENTORY="$TMP_ROOT/inventory"
cat >"$SLGW_XS_INVENTORY" <<INV
PRODUCT_BRAND='XenServer'
INSTALLATION_UUID='$XS2'
CONTROL_DOMAIN_UUID='99999999-9999-4999-8999-999999999999'
INV
export SLGW_FC_HOST_DIR="$TMP_ROOT/fc_host"
mkdir -p "$SLGW_FC_HOST_DIR/host3" "$SLGW_FC_HOST_DIR/host4"
echo 0x21000024FF3DC0D4 >"$SLGW_FC_HOST_DIR/host3/port_name"
echo 0x21000024ff3dc0d5 >"$SLGW_FC_HOST_DIR/host4/port_name"

# --- 1. first registration: name + IQN + both WWPNs --------------------------
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "register exit status ($out)" 0 "$rc"
assert_eq "slgw calls" "host-add --name xs2 --address 192.0.2.2
initiator-add --host xs2 --protocol iscsi --id iqn.2026-01.com.example:xs2
initiator-add --host xs2 --protocol fc --id 21:00:00:24:ff:3d:c0:d4
initiator-add --host xs2 --protocol fc --id 21:00:00:24:ff:3d:c0:d5" "$(cat "$G/calls.log")"
assert_eq "gateway knows the host's 3 initiators" 3 "$(find "$G/hosts/xs2" -type f | wc -l)"
assert_contains "summary" "xs2 registered with 3 initiator(s)" "$out"

# --- 2. again: idempotent -----------------------------------------------------
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "re-register exit status ($out)" 0 "$rc"
assert_contains "re-register reports existing" "host xs2: already registered" "$out"
assert_eq "still 3 initiators" 3 "$(find "$G/hosts/xs2" -type f | wc -l)"

# --- 3. --protocol iscsi and fc only, --name ----------------------------------
: >"$G/calls.log"
out=$("$SCRIPT" --protocol iscsi --name xs2-b 2>&1); rc=$?
assert_eq "iscsi only exit status" 0 "$rc"
assert_eq "iscsi only calls" "host-add --name xs2-b --address 192.0.2.2
initiator-add --host xs2-b --protocol iscsi --id iqn.2026-01.com.example:xs2" "$(cat "$G/calls.log")"
: >"$G/calls.log"
out=$("$SCRIPT" --protocol fc --name xs2-c --address 198.51.100.7 2>&1); rc=$?
assert_eq "fc only exit status" 0 "$rc"
assert_not_contains "fc only: no iscsi" "iscsi" "$(cat "$G/calls.log")"
assert_contains "--address given" "host-add --name xs2-c --address 198.51.100.7" "$(cat "$G/calls.log")"
assert_eq "fc only: two wwpns" 2 "$(grep -c -- '--protocol fc' "$G/calls.log")"
: >"$D/calls.log"
"$SCRIPT" --protocol fc --name xs2-d --address 198.51.100.8 >/dev/null 2>&1
assert_eq "fc only with name and address asks xe nothing" "" "$(cat "$D/calls.log")"

# --- 4. dry run changes nothing ----------------------------------------------
: >"$G/calls.log"
out=$("$SCRIPT" --dry-run --host-uuid "$XS3" 2>&1); rc=$?
assert_eq "dry run exit status" 0 "$rc"
assert_eq "dry run: slgw not called" "" "$(cat "$G/calls.log")"
assert_contains "dry run prints host-add" "would run: $SLGW host-add --name xs3 --address 192.0.2.3" "$out"
assert_contains "dry run prints the IQN" "--protocol iscsi --id iqn.2026-01.com.example:xs3" "$out"

# --- 5. failures --------------------------------------------------------------
touch "$G/down"
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "gateway down exit status" 1 "$rc"
assert_contains "gateway down message" "slgw host-add failed (exit 11)" "$out"
rm -f "$G/down"

echo "bad iqn with spaces" >"$D/hosts/$XS2/oc/iscsi_iqn"
out=$("$SCRIPT" --protocol iscsi 2>&1); rc=$?
assert_eq "bad IQN exit status" 1 "$rc"
assert_contains "bad IQN message" "not a valid IQN" "$out"
rm "$D/hosts/$XS2/oc/iscsi_iqn"
echo "iqn.2026-02.com.example:field" >"$D/hosts/$XS2/iscsi_iqn"
: >"$G/calls.log"
out=$("$SCRIPT" --protocol iscsi 2>&1); rc=$?
assert_eq "IQN from the host field ($out)" 0 "$rc"
assert_contains "field IQN registered" "--protocol iscsi --id iqn.2026-02.com.example:field" "$(cat "$G/calls.log")"
rm "$D/hosts/$XS2/iscsi_iqn"
out=$("$SCRIPT" --protocol iscsi 2>&1); rc=$?
assert_eq "no IQN exit status" 1 "$rc"
assert_contains "no IQN message" "has no other-config:iscsi_iqn" "$out"

echo "xs 2; rm -rf /" >"$D/hosts/$XS2/name"
out=$("$SCRIPT" 2>&1); rc=$?
assert_eq "hostile name exit status" 1 "$rc"
assert_contains "hostile name message" "not usable on the gateway" "$out"

out=$(SLGW_XS_INVENTORY="$TMP_ROOT/none" "$SCRIPT" 2>&1); rc=$?
assert_eq "no inventory exit status" 1 "$rc"
assert_contains "no inventory message" "cannot read" "$out"

out=$("$SCRIPT" --name xs2 --address 'not;an ip' 2>&1); rc=$?
assert_eq "bad address exit status" 1 "$rc"
assert_contains "bad address message" "not an IP address" "$out"

out=$("$SCRIPT" --protocol nfs 2>&1); rc=$?
assert_eq "bad protocol exit status" 2 "$rc"

finish
