#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make-shared-sr.sh: make the shared LUN a XenServer pool needs for a classic
# shared SR (lvmoiscsi over iSCSI, lvmohba over FC) on an slgw gateway, and
# print (or with --run, execute) the matching `xe sr-create`.
#
# Design. A classic shared SR is one LUN that every host of the pool sees
# under the same SCSI id; XenServer also expects it at the same host LUN
# number (HLU) on every host, which a VNX does not give by itself since each
# host has its own storage group. So the script
#   1. lists the pool's hosts (`xe host-list`) and registers each with the
#      gateway by running register-host.sh beside it (its IQN comes from xe
#      for any host; FC WWPNs can only be read on the host itself, so for
#      lvmohba the other hosts must have run register-host.sh already, and
#      the script checks that they did);
#   2. allocates one LUN (`slgw volume-create`);
#   3. assigns it to every host with one HLU (`slgw assign --hlu N`): the
#      one given with --hlu, else the one it already has (a rerun), else the
#      lowest HLU from 1 that none of the hosts uses on that array; when the
#      array still refuses it (CONFLICT: the storage group holds a LUN the
#      gateway did not map), the hosts assigned in this attempt are unassigned
#      and the next HLU is tried (a given --hlu is not: that is an error, after
#      the same undo, so a refused run leaves no half-shared LUN);
#   4. builds `xe sr-create ... shared=true device-config:SCSIid=3<naa>`
#      (for lvmoiscsi also every portal the assignment returned as target,
#      their IQNs as targetIQN, and port) and prints it, or runs it when no
#      SR of that name and type exists yet.
# Every gateway step carries a client request id derived from --request-id
# (default: the volume name), so a rerun after a failure repeats no work;
# the whole script is idempotent. Everything goes through the `slgw` CLI
# and `xe`, one argv array per call, nothing eval'd; JSON is read with jq.
set -euo pipefail

PROG=make-shared-sr
XE=${XE:-xe}
SLGW=${SLGW:-slgw}
JQ=${JQ:-jq}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REGISTER_HOST=${REGISTER_HOST:-$HERE/register-host.sh}
INVENTORY=${SLGW_XS_INVENTORY:-/etc/xensource-inventory}

NAME=""
SYSTEM=""
POOL=""
SIZE=""
TYPE=lvmoiscsi
HLU=""
PROVISIONING=""
SR_NAME=""
REQUEST_ID=""
RUN=0
REGISTER=1

usage() {
	cat <<'EOF'
Usage: make-shared-sr.sh --name NAME --system SYSTEM --pool POOL --size SIZE
                         [--type lvmoiscsi|lvmohba] [--hlu N]
                         [--provisioning thin|thick] [--sr-name LABEL]
                         [--request-id ID] [--no-register] [--run]

Make one LUN on the gateway for a shared XenServer SR: register every host
of the pool, allocate the LUN, assign it to every host at the same host LUN
number, and print the `xe sr-create` command for it (--run: execute it).
Run it on the pool master. Safe to run again.

  --name NAME        the volume's name on the gateway (also the SR's label)
  --system SYSTEM    storage system (id or name)
  --pool POOL        pool of that system (id or name)
  --size SIZE        e.g. 500G (as slgw volume-create takes it)
  --type T           lvmoiscsi (default) or lvmohba
  --hlu N            this host LUN number on every host (default: the lowest
                     free on all of them, from 1)
  --provisioning P   thin or thick (default: the gateway's)
  --sr-name LABEL    the SR's name-label (default: NAME)
  --request-id ID    base of the client request ids (default: NAME)
  --no-register      do not run register-host.sh (hosts already registered)
  --run              run xe sr-create instead of printing it
  -h, --help         this text

The gateway connection comes from slgw's own settings: SLGW_SERVER /
SLGW_USER / SLGW_PASSWORD or ~/.config/slgw/config. Set SLGW, XE, JQ or
REGISTER_HOST to use other programs.

Exit status: 0 done (or already done), 1 failure, 2 bad usage.
EOF
}

die() {
	echo "$PROG: error: $*" >&2
	exit 1
}

need_value() {
	[ "$2" -ge 2 ] || { echo "$PROG: $1 needs a value" >&2; exit 2; }
}

# set_option --OPT VALUE: a value option lands in the variable named after
# it, upper case with - as _ (--sr-name: SR_NAME).
set_option() {
	local var=${1#--}
	var=${var^^}
	printf -v "${var//-/_}" '%s' "$2"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--name|--system|--pool|--size|--type|--hlu|--provisioning|--sr-name|--request-id)
		need_value "$1" $#; set_option "$1" "$2"; shift ;;
	--name=*|--system=*|--pool=*|--size=*|--type=*|--hlu=*|--provisioning=*|--sr-name=*|--request-id=*)
		set_option "${1%%=*}" "${1#*=}" ;;
	--no-register) REGISTER=0 ;;
	--run) RUN=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "$PROG: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

bad_usage() {
	echo "$PROG: $*" >&2
	exit 2
}
if [ -z "$NAME" ] || [ -z "$SYSTEM" ] || [ -z "$POOL" ] || [ -z "$SIZE" ]; then
	bad_usage "--name, --system, --pool and --size are required"
fi
case "$TYPE" in lvmoiscsi|lvmohba) ;; *) bad_usage "--type must be lvmoiscsi or lvmohba" ;; esac
case "$PROVISIONING" in ""|thin|thick) ;; *) bad_usage "--provisioning must be thin or thick" ;; esac
if [ -n "$HLU" ]; then
	[[ $HLU =~ ^[0-9]{1,3}$ ]] || bad_usage "--hlu must be 0..255"
	HLU=$((10#$HLU))
	[ "$HLU" -le 255 ] || bad_usage "--hlu must be 0..255"
fi
# Names as the gateway takes them; request ids stay printable, no spaces.
[[ $NAME =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] ||
	bad_usage "--name: letters, digits, '.', '_', '-' (at most 63)"
[ -n "$SR_NAME" ] || SR_NAME=$NAME
[ -n "$REQUEST_ID" ] || REQUEST_ID=$NAME
[[ $REQUEST_ID =~ ^[A-Za-z0-9._:-]{1,64}$ ]] || bad_usage "--request-id: at most 64 of [A-Za-z0-9._:-]"
PROTOCOL=iscsi
[ "$TYPE" != lvmohba ] || PROTOCOL="fc"

command -v "$XE" >/dev/null 2>&1 || die "xe not found; run this on the pool master (or set XE)"
command -v "$JQ" >/dev/null 2>&1 || die "jq not found (or set JQ)"
command -v "$SLGW" >/dev/null 2>&1 || die "slgw not found (or set SLGW)"

ERRF=$(mktemp "${TMPDIR:-/tmp}/make-shared-sr.XXXXXX")
trap 'rm -f "$ERRF"' EXIT

# slgw_json WHAT ARGS...: one slgw call with --json; its JSON on stdout.
# Failure ends the script with slgw's message.
slgw_json() {
	local what=$1 out rc=0
	shift
	out=$("$SLGW" "$@" --json 2>"$ERRF") || rc=$?
	[ "$rc" -eq 0 ] || die "$what: slgw $1 failed (exit $rc): $(cat "$ERRF")"
	printf '%s\n' "$out"
}

# --- 1. the pool's hosts, registered ------------------------------------------
hosts_csv=$("$XE" host-list --minimal 2>&1) || die "xe host-list failed: $hosts_csv"
IFS=, read -r -a HOST_UUIDS <<<"$hosts_csv"
[ -n "${HOST_UUIDS[0]:-}" ] || die "xe host-list lists no host"
LOCAL_UUID=""
if [ -r "$INVENTORY" ]; then
	LOCAL_UUID=$(sed -n "s/^INSTALLATION_UUID=['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\}$/\1/p" "$INVENTORY" | head -1)
fi
HOST_NAMES=()
for u in "${HOST_UUIDS[@]}"; do
	n=$("$XE" host-param-get uuid="$u" param-name=name-label 2>&1) || die "cannot read the name-label of host $u: $n"
	[[ $n =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] ||
		die "host $u is named '$n', which the gateway does not take (rename it, or register it with register-host.sh --name)"
	HOST_NAMES+=("$n")
	if [ "$REGISTER" -eq 1 ]; then
		if [ "$PROTOCOL" = iscsi ]; then
			out=$("$REGISTER_HOST" --host-uuid "$u" --protocol iscsi 2>&1) ||
				die "registering host $n failed: $out"
		elif [ "$u" = "$LOCAL_UUID" ]; then
			out=$("$REGISTER_HOST" --host-uuid "$u" --protocol fc 2>&1) ||
				die "registering host $n failed: $out"
		fi
	fi
	# Every host must have an initiator of the SR's protocol at the gateway.
	# shellcheck disable=SC2016 # $p is jq's variable
	count=$(slgw_json "host $n" host-show "$n" |
		"$JQ" --arg p "$PROTOCOL" '[.initiator[]? | select((.protocol // "" | ascii_downcase) == $p)] | length')
	[ "$count" -gt 0 ] ||
		die "host $n has no $PROTOCOL initiator at the gateway (run register-host.sh --protocol $PROTOCOL on it first)"
done
echo "$PROG: ${#HOST_NAMES[@]} host(s): ${HOST_NAMES[*]}"

# --- 2. the LUN ---------------------------------------------------------------
create=(volume-create --system "$SYSTEM" --pool "$POOL" --name "$NAME" --size "$SIZE"
	--request-id "$REQUEST_ID:create")
[ -z "$PROVISIONING" ] || create+=(--provisioning "$PROVISIONING")
vol_json=$(slgw_json "volume $NAME" "${create[@]}")
VOL=$("$JQ" -r '.storageVolume.id // empty' <<<"$vol_json")
WWN=$("$JQ" -r '.storageVolume.wwn // empty' <<<"$vol_json")
SYS_ID=$("$JQ" -r '.storageVolume.storageSystemId // empty' <<<"$vol_json")
if [ -z "$VOL" ] || [ -z "$WWN" ]; then die "volume-create gave no volume id and WWN: $vol_json"; fi
NAA=${WWN//:/}
NAA=${NAA,,}
[[ $NAA =~ ^[0-9a-f]{32}$ ]] || die "unexpected WWN '$WWN'"
echo "$PROG: volume $NAME ($VOL), WWN $WWN"

# --- 3. one HLU on every host --------------------------------------------------
existing=$(slgw_json "assignments of $NAME" assignment-list --volume "$VOL" | "$JQ" -r '[.[].hlu] | unique | .[]')
if [ -n "$existing" ]; then
	[ "$(wc -l <<<"$existing")" -eq 1 ] ||
		die "volume $NAME is already assigned at different HLUs ($(tr '\n' ' ' <<<"$existing")); unassign it first"
	[ -z "$HLU" ] || [ "$HLU" -eq "$existing" ] ||
		die "volume $NAME is already assigned at HLU $existing, not $HLU"
	HLU=$existing
fi
FIXED=0
[ -z "$HLU" ] || FIXED=1

# The HLUs the gateway has given out on this array to any of the hosts.
declare -A USED=()
if [ "$FIXED" -eq 0 ]; then
	for n in "${HOST_NAMES[@]}"; do
		list=(assignment-list --host "$n")
		[ -z "$SYS_ID" ] || list+=(--system "$SYS_ID")
		for h in $(slgw_json "assignments of $n" "${list[@]}" | "$JQ" -r '.[].hlu'); do
			USED[$h]=1
		done
	done
fi
next_free() {
	local h=$1
	while [ "$h" -le 255 ] && [ -n "${USED[$h]:-}" ]; do h=$((h + 1)); done
	[ "$h" -le 255 ] || die "no HLU is free on all hosts"
	echo "$h"
}
[ "$FIXED" -eq 1 ] || HLU=$(next_free 1)

ASSIGN_JSON=""
while :; do
	done_hosts=()
	conflict=""
	for n in "${HOST_NAMES[@]}"; do
		rc=0
		out=$("$SLGW" assign --volume "$VOL" --host "$n" --hlu "$HLU" \
			--request-id "$REQUEST_ID:assign:$n:$HLU" --json 2>"$ERRF") || rc=$?
		if [ "$rc" -ne 0 ]; then
			err=$(cat "$ERRF")
			# 14 is slgw's exit status for CONFLICT: the HLU is held.
			[ "$rc" -eq 14 ] || die "assigning $NAME to $n at HLU $HLU failed (exit $rc): $err"
			conflict="$n: $err"
			break
		fi
		got=$("$JQ" -r '.assignment.hlu' <<<"$out")
		[ "$got" = "$HLU" ] || die "host $n got HLU $got, not $HLU"
		done_hosts+=("$n")
		ASSIGN_JSON=$out
	done
	[ -n "$conflict" ] || break
	# Undo this attempt, unless the assignments were there before the run.
	if [ -z "$existing" ]; then
		for n in "${done_hosts[@]}"; do
			out=$("$SLGW" unassign --volume "$VOL" --host "$n" 2>&1) ||
				die "undoing the assignment of $NAME to $n failed: $out"
		done
	fi
	[ "$FIXED" -eq 0 ] || die "HLU $HLU is taken on host $conflict"
	echo "$PROG: HLU $HLU is taken on ${conflict%%:*}; trying the next one" >&2
	USED[$HLU]=1
	HLU=$(next_free "$HLU")
done
echo "$PROG: assigned to ${#HOST_NAMES[@]} host(s) at HLU $HLU"

# --- 4. the SR ------------------------------------------------------------------
MASTER=$("$XE" pool-list params=master --minimal 2>&1) || die "xe pool-list failed: $MASTER"
SR=(sr-create host-uuid="$MASTER" name-label="$SR_NAME" shared=true type="$TYPE" content-type=user
	device-config:SCSIid="3$NAA")
if [ "$TYPE" = lvmoiscsi ]; then
	# Every portal of both SPs (XenServer logs in to each: the paths);
	# targetIQN is the one IQN, or * when the portals have several.
	# A target's portal is "IP:PORT" (ipAddress when the portal is absent).
	iscsi='[.assignment.target[]? | select((.protocol // "" | ascii_downcase) == "iscsi")
		| select(.portal != null or .ipAddress != null)]'
	portals=$("$JQ" -r "$iscsi"' | map(.ipAddress // (.portal | sub(":[0-9]+$"; ""))) | unique | join(",")' <<<"$ASSIGN_JSON")
	iqns=$("$JQ" -r "$iscsi"' | map(.iqn // empty) | unique | .[]' <<<"$ASSIGN_JSON")
	port=$("$JQ" -r "$iscsi"' | map(.portal // "" | capture(":(?<p>[0-9]+)$").p) | first // "3260"' <<<"$ASSIGN_JSON")
	[ -n "$portals" ] || die "the assignment lists no iSCSI portal (is an iSCSI port of the array configured?)"
	if [ -n "$iqns" ] && [ "$(wc -l <<<"$iqns")" -eq 1 ]; then target_iqn=$iqns; else target_iqn="*"; fi
	SR+=(device-config:target="$portals" device-config:targetIQN="$target_iqn" device-config:port="$port")
fi

# quote ARG: ARG as a shell word a user can paste (single-quoted if needed).
quote() {
	if [[ $1 =~ ^[A-Za-z0-9._:=,/@+-]+$ ]]; then
		printf '%s' "$1"
	else
		printf "'%s'" "${1//\'/\'\\\'\'}"
	fi
}
if [ "$RUN" -eq 0 ]; then
	line=$(quote "$XE")
	for a in "${SR[@]}"; do line+=" $(quote "$a")"; done
	printf '%s\n' "$line"
	exit 0
fi
sr=$("$XE" sr-list name-label="$SR_NAME" type="$TYPE" --minimal 2>&1) || die "xe sr-list failed: $sr"
if [ -n "$sr" ]; then
	echo "$PROG: SR $SR_NAME already exists: $sr"
	exit 0
fi
sr=$("$XE" "${SR[@]}" 2>&1) || die "xe sr-create failed: $sr"
echo "$PROG: SR $SR_NAME created: $sr"
