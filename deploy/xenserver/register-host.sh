#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# register-host.sh: register this XenServer host and its initiators with the
# slgw gateway, so the gateway can map LUNs to it.
#
# Design. The host is identified on the gateway by its XenServer name-label
# (read with xe from this host's installation UUID in
# /etc/xensource-inventory); its initiators are the iSCSI IQN XenServer keeps
# in other-config:iscsi_iqn and the WWPN of every FC HBA port in
# /sys/class/fc_host/*/port_name. Everything goes through the `slgw` CLI
# (which takes the server, user and password from its flags, environment or
# ~/.config/slgw/config), one argv array per call, nothing eval'd. The host's
# management address (xe's "address") goes along: the array records it with
# each initiator path it registers for the host.
#
# Idempotent: `slgw` exits with status 5 (already exists) when the host or
# initiator is already registered, which counts as success here; so the
# script can run at every boot.
set -euo pipefail

PROG=register-host
XE=${XE:-xe}
SLGW=${SLGW:-slgw}
INVENTORY=${SLGW_XS_INVENTORY:-/etc/xensource-inventory}
FC_ROOT=${SLGW_FC_HOST_DIR:-/sys/class/fc_host}
SLGW_EXIT_EXISTS=5

NAME=""
ADDRESS=""
HOST_UUID=""
PROTOCOL=auto
DRY_RUN=0

usage() {
	cat <<'EOF'
Usage: register-host.sh [--name NAME] [--address IP] [--host-uuid UUID]
                        [--protocol iscsi|fc|auto] [--dry-run]

Register this XenServer host with the slgw gateway: `slgw host-add` with its
name, then `slgw initiator-add` for its iSCSI IQN (other-config:iscsi_iqn)
and/or its FC WWPNs (/sys/class/fc_host/*/port_name). Safe to run again.

  --name NAME        name on the gateway (default: the host's name-label)
  --address IP       the host's IP address (default: its XenServer address)
  --host-uuid UUID   XenServer host UUID (default: INSTALLATION_UUID from
                     /etc/xensource-inventory)
  --protocol P       iscsi, fc, or auto (default: every initiator found)
  --dry-run          print the slgw calls, change nothing
  -h, --help         this text

The gateway connection comes from slgw's own settings (--server etc. are not
taken here): SLGW_SERVER / SLGW_USER / SLGW_PASSWORD or ~/.config/slgw/config.
Set SLGW=/path/to/slgw or XE=/path/to/xe to use other binaries.

Exit status: 0 registered (or already registered), 1 failure, 2 bad usage.
EOF
}

die() {
	echo "$PROG: error: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
	--name) [ $# -ge 2 ] || { echo "$PROG: --name needs a value" >&2; exit 2; }
		NAME=$2; shift ;;
	--name=*) NAME=${1#--name=} ;;
	--address) [ $# -ge 2 ] || { echo "$PROG: --address needs a value" >&2; exit 2; }
		ADDRESS=$2; shift ;;
	--address=*) ADDRESS=${1#--address=} ;;
	--host-uuid) [ $# -ge 2 ] || { echo "$PROG: --host-uuid needs a value" >&2; exit 2; }
		HOST_UUID=$2; shift ;;
	--host-uuid=*) HOST_UUID=${1#--host-uuid=} ;;
	--protocol) [ $# -ge 2 ] || { echo "$PROG: --protocol needs a value" >&2; exit 2; }
		PROTOCOL=$2; shift ;;
	--protocol=*) PROTOCOL=${1#--protocol=} ;;
	--dry-run) DRY_RUN=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "$PROG: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

case "$PROTOCOL" in
iscsi|fc|auto) ;;
*) echo "$PROG: --protocol must be iscsi, fc or auto" >&2; exit 2 ;;
esac

UUID_RE='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
# Host names as the gateway accepts them: no spaces or shell-ish characters.
NAME_RE='^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$'
IQN_RE='^(iqn\.[0-9]{4}-[0-9]{2}\.[A-Za-z0-9.-]+(:[^[:space:]]+)?|eui\.[0-9A-Fa-f]{16})$'

# inventory_uuid: INSTALLATION_UUID from the inventory file. The file is
# read as data (KEY='value' lines), never sourced.
inventory_uuid() {
	local line val
	[ -r "$INVENTORY" ] || die "cannot read $INVENTORY; is this a XenServer host? (or give --host-uuid)"
	line=$(grep -m1 '^INSTALLATION_UUID=' "$INVENTORY" || true)
	[ -n "$line" ] || die "no INSTALLATION_UUID in $INVENTORY"
	val=${line#INSTALLATION_UUID=}
	val=${val//\'/}
	val=${val//\"/}
	printf '%s\n' "$val"
}

# wwpn_of FILE: 0x-prefixed 64-bit port name -> aa:bb:cc:dd:ee:ff:00:11.
wwpn_of() {
	local raw hex
	raw=$(tr -d '[:space:]' <"$1")
	hex=${raw#0x}
	hex=${hex,,}
	[[ $hex =~ ^[0-9a-f]{16}$ ]] || return 1
	[ "$hex" != 0000000000000000 ] || return 1
	printf '%s:%s:%s:%s:%s:%s:%s:%s\n' "${hex:0:2}" "${hex:2:2}" "${hex:4:2}" \
		"${hex:6:2}" "${hex:8:2}" "${hex:10:2}" "${hex:12:2}" "${hex:14:2}"
}

# run_slgw WHAT ARGS...: one slgw call; "already exists" is success.
run_slgw() {
	local what=$1 rc=0 out
	shift
	if [ "$DRY_RUN" -eq 1 ]; then
		echo "would run: $SLGW $*"
		return 0
	fi
	out=$("$SLGW" "$@" 2>&1) || rc=$?
	case "$rc" in
	0) echo "$PROG: $what: registered" ;;
	"$SLGW_EXIT_EXISTS") echo "$PROG: $what: already registered" ;;
	*) die "$what: slgw $1 failed (exit $rc): $out" ;;
	esac
}

if [ -z "$NAME" ] || [ -z "$ADDRESS" ] || [ "$PROTOCOL" != fc ]; then
	command -v "$XE" >/dev/null 2>&1 || die "xe not found; run this in the XenServer control domain (or set XE)"
	if [ -z "$HOST_UUID" ]; then
		HOST_UUID=$(inventory_uuid)
	fi
	[[ $HOST_UUID =~ $UUID_RE ]] || die "not a host UUID: '$HOST_UUID'"
fi
if [ -z "$NAME" ]; then
	NAME=$("$XE" host-param-get uuid="$HOST_UUID" param-name=name-label 2>&1) ||
		die "cannot read the host's name-label: $NAME"
fi
[[ $NAME =~ $NAME_RE ]] || die "host name '$NAME' is not usable on the gateway (letters, digits, '.', '_', '-'; give --name)"
if [ -z "$ADDRESS" ]; then
	ADDRESS=$("$XE" host-param-get uuid="$HOST_UUID" param-name=address 2>&1) ||
		die "cannot read the host's address: $ADDRESS (give --address)"
fi
[[ $ADDRESS =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || $ADDRESS =~ ^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$ ]] ||
	die "not an IP address: '$ADDRESS' (give --address)"

INITIATORS=()   # "type id" pairs
if [ "$PROTOCOL" != fc ]; then
	iqn=$("$XE" host-param-get uuid="$HOST_UUID" param-name=other-config param-key=iscsi_iqn 2>/dev/null || true)
	# Newer releases also keep it as a host field of its own.
	if [ -z "$iqn" ]; then
		iqn=$("$XE" host-param-get uuid="$HOST_UUID" param-name=iscsi_iqn 2>/dev/null || true)
	fi
	if [ -n "$iqn" ]; then
		[[ $iqn =~ $IQN_RE ]] || die "other-config:iscsi_iqn is not a valid IQN: '$iqn'"
		INITIATORS+=("iscsi $iqn")
	elif [ "$PROTOCOL" = iscsi ]; then
		die "this host has no other-config:iscsi_iqn (set one in XenCenter or with xe host-param-set)"
	fi
fi
if [ "$PROTOCOL" != iscsi ]; then
	for f in "$FC_ROOT"/*/port_name; do
		[ -r "$f" ] || continue
		if w=$(wwpn_of "$f"); then
			INITIATORS+=("fc $w")
		else
			echo "$PROG: warning: ignoring unreadable port name in $f" >&2
		fi
	done
fi
[ ${#INITIATORS[@]} -gt 0 ] || die "no initiator found (no iSCSI IQN, no FC HBA); nothing to register"

run_slgw "host $NAME" host-add --name "$NAME" --address "$ADDRESS"
for i in "${INITIATORS[@]}"; do
	run_slgw "initiator ${i#* } of $NAME" initiator-add --host "$NAME" --protocol "${i%% *}" --id "${i#* }"
done
if [ "$DRY_RUN" -eq 1 ]; then
	echo "$PROG: dry run complete"
else
	echo "$PROG: $NAME registered with ${#INITIATORS[@]} initiator(s)"
fi
