#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# enable-multipath.sh: switch dm-multipath on for every host of a XenServer
# pool, one host at a time, through maintenance mode.
#
# Design. XenServer only changes a host's multipath setting safely while no
# VM runs there and no SR is plugged on it, so each host goes through:
#   host-disable -> host-evacuate -> pbd-unplug (its attached PBDs)
#   -> other-config:multipathing=true, other-config:multipathhandle=dmp
#   -> pbd-plug (the same PBDs) -> host-enable -> wait until enabled=true.
# One host at a time keeps the pool able to run every VM meanwhile.
#
# The pool master is done last, the way the field article asks: a master
# cannot be taken into maintenance while it is the master, so another
# (already converted, enabled) host is made master first with
# pool-designate-new-master, and we wait until xe answers again and reports
# the new master (the client must reconnect to it) before going on.
#
# Hosts that already have both keys set are skipped, so the script can be
# re-run after a failure. Any failed xe call stops the run with a message
# naming the host and the step; the host is left disabled for the operator
# to inspect (re-enable with `xe host-enable uuid=...`).
#
# Nothing is eval'd: every xe call is an argv array. xe finds its server the
# usual way (the local xapi in dom0, elsewhere its ~/.xe file); set XE to use
# another xe binary. SLGW_XE_POLL sets the polling interval in seconds.
set -euo pipefail

PROG=enable-multipath
XE=${XE:-xe}
DRY_RUN=0
ONLY_HOST=""
NEW_MASTER=""
TIMEOUT=${SLGW_XE_TIMEOUT:-600}
POLL=${SLGW_XE_POLL:-5}
FORCE=0

usage() {
	cat <<'EOF'
Usage: enable-multipath.sh [--dry-run] [--host NAME|UUID] [--new-master NAME|UUID]
                           [--timeout SECONDS] [--force]

Enable dm-multipath on the hosts of the XenServer pool xe talks to, one host
at a time through maintenance mode (disable, evacuate, unplug PBDs, set
other-config:multipathing=true and multipathhandle=dmp, replug, enable).
The pool master is handled last: a new master is designated first.

  --dry-run          print the xe calls that would change the pool; change nothing
  --host H           do only host H (name-label or UUID)
  --new-master H     host to make master while the current master is converted
                     (default: the first other enabled host)
  --timeout S        seconds to wait for a host to come back enabled or for the
                     pool to answer after a master change (default 600)
  --force            also go through hosts that already have multipathing set
  -h, --help         this text

Exit status: 0 done (or nothing to do), 1 an xe step failed or timed out,
2 bad usage.
EOF
}

die() {
	echo "$PROG: error: $*" >&2
	exit 1
}

log() {
	echo "$PROG: $*"
}

while [ $# -gt 0 ]; do
	case "$1" in
	--dry-run) DRY_RUN=1 ;;
	--force) FORCE=1 ;;
	--host)
		[ $# -ge 2 ] || { echo "$PROG: --host needs a value" >&2; exit 2; }
		ONLY_HOST=$2; shift ;;
	--host=*) ONLY_HOST=${1#--host=} ;;
	--new-master)
		[ $# -ge 2 ] || { echo "$PROG: --new-master needs a value" >&2; exit 2; }
		NEW_MASTER=$2; shift ;;
	--new-master=*) NEW_MASTER=${1#--new-master=} ;;
	--timeout)
		[ $# -ge 2 ] || { echo "$PROG: --timeout needs a value" >&2; exit 2; }
		TIMEOUT=$2; shift ;;
	--timeout=*) TIMEOUT=${1#--timeout=} ;;
	-h|--help) usage; exit 0 ;;
	*) echo "$PROG: unknown argument: $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done

case "$TIMEOUT" in
''|*[!0-9]*) echo "$PROG: --timeout must be a number of seconds" >&2; exit 2 ;;
esac
case "$POLL" in
''|*[!0-9]*) POLL=5 ;;
esac

UUID_RE='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

is_uuid() {
	[[ $1 =~ $UUID_RE ]]
}

# xe_read ARGS...: a read-only xe call (also run in dry-run mode). Prints its
# output; on failure prints xe's message and stops.
xe_read() {
	local out
	if ! out=$("$XE" "$@" 2>&1); then
		die "xe $1 failed: $out"
	fi
	printf '%s\n' "$out"
}

# xe_change STEP HOST ARGS...: a call that changes the pool. In dry-run mode
# it is printed, not run.
xe_change() {
	local step=$1 host=$2 out
	shift 2
	if [ "$DRY_RUN" -eq 1 ]; then
		echo "would run: $XE $*"
		return 0
	fi
	log "$host: $step"
	if ! out=$("$XE" "$@" 2>&1); then
		die "$host: $step failed (xe $1): $out"
	fi
}

# split_list "a,b,c": xe --minimal prints comma-separated values.
split_list() {
	local IFS=,
	# shellcheck disable=SC2086 # word splitting on commas is the point
	printf '%s\n' $1
}

host_name() {
	xe_read host-param-get uuid="$1" param-name=name-label
}

# resolve_host NAME|UUID -> UUID (exactly one host must match).
resolve_host() {
	local want=$1 found
	if is_uuid "$want"; then
		found=$(xe_read host-list uuid="$want" params=uuid --minimal)
	else
		found=$(xe_read host-list name-label="$want" params=uuid --minimal)
	fi
	case "$found" in
	'') die "no host '$want' in this pool" ;;
	*,*) die "more than one host is named '$want'; give its UUID" ;;
	esac
	is_uuid "$found" || die "xe returned an unexpected host id: $found"
	printf '%s\n' "$found"
}

# already_done UUID: both keys set (case of xe's output ignored).
already_done() {
	local mp handle
	mp=$("$XE" host-param-get uuid="$1" param-name=other-config param-key=multipathing 2>/dev/null || true)
	handle=$("$XE" host-param-get uuid="$1" param-name=other-config param-key=multipathhandle 2>/dev/null || true)
	[ "${mp,,}" = true ] && [ "${handle,,}" = dmp ]
}

# poll_for WANT CMD...: run CMD every POLL seconds until it prints WANT
# (status 0) or TIMEOUT seconds have passed (status 1); POLL_ANSWER holds
# the last answer. A failing xe call is tolerated here: right after a
# master change the pool may not answer for a while.
poll_for() {
	local want=$1 waited=0
	shift
	while :; do
		POLL_ANSWER=$("$@" 2>/dev/null || true)
		[ "$POLL_ANSWER" = "$want" ] && return 0
		[ "$waited" -ge "$TIMEOUT" ] && return 1
		sleep "$POLL"
		waited=$((waited + POLL))
	done
}

# wait_enabled UUID NAME: poll until the host reports enabled=true.
wait_enabled() {
	local uuid=$1 name=$2
	poll_for true "$XE" host-param-get uuid="$uuid" param-name=enabled ||
		die "$name: still not enabled after ${TIMEOUT}s (last answer: '${POLL_ANSWER:-none}'); check it with: xe host-list uuid=$uuid params=all"
}

# wait_master UUID: poll until the pool answers and names UUID as master.
wait_master() {
	local want=$1
	poll_for "$want" "$XE" pool-list params=master --minimal ||
		die "the pool did not report $want as master within ${TIMEOUT}s (last answer: '${POLL_ANSWER:-no answer}')"
}

# convert UUID: one host through maintenance mode. The host must not be the
# master (the caller designates a new one first) unless it is alone.
convert() {
	local uuid=$1 name pbds pbd
	name=$(host_name "$uuid")
	if [ "$FORCE" -eq 0 ] && already_done "$uuid"; then
		log "$name: multipathing already enabled, skipped"
		return 0
	fi
	pbds=$(xe_read pbd-list host-uuid="$uuid" currently-attached=true params=uuid --minimal)
	for pbd in $(split_list "$pbds"); do
		is_uuid "$pbd" || die "$name: xe returned an unexpected PBD id: $pbd"
	done

	xe_change "disable (enter maintenance mode)" "$name" host-disable uuid="$uuid"
	xe_change "evacuate (migrate its VMs away)" "$name" host-evacuate uuid="$uuid"
	for pbd in $(split_list "$pbds"); do
		xe_change "unplug PBD $pbd" "$name" pbd-unplug uuid="$pbd"
	done
	xe_change "set other-config:multipathing=true" "$name" \
		host-param-set uuid="$uuid" other-config:multipathing=true
	xe_change "set other-config:multipathhandle=dmp" "$name" \
		host-param-set uuid="$uuid" other-config:multipathhandle=dmp
	for pbd in $(split_list "$pbds"); do
		xe_change "replug PBD $pbd" "$name" pbd-plug uuid="$pbd"
	done
	xe_change "enable (leave maintenance mode)" "$name" host-enable uuid="$uuid"
	if [ "$DRY_RUN" -eq 0 ]; then
		wait_enabled "$uuid" "$name"
		log "$name: multipathing enabled, host is back in service"
	fi
}

# pick_new_master OLD: an enabled host other than OLD, preferring one that
# already runs with multipathing (so it will not need a second master move).
pick_new_master() {
	local old=$1 h first=""
	for h in $(split_list "$ALL_HOSTS"); do
		[ "$h" = "$old" ] && continue
		[ "$(xe_read host-param-get uuid="$h" param-name=enabled)" = true ] || continue
		if already_done "$h"; then
			printf '%s\n' "$h"
			return 0
		fi
		[ -n "$first" ] || first=$h
	done
	[ -n "$first" ] || die "no other enabled host can take over as pool master"
	printf '%s\n' "$first"
}

command -v "$XE" >/dev/null 2>&1 || die "xe not found (set XE=/path/to/xe); run this in dom0 or where xe is configured"

MASTER=$(xe_read pool-list params=master --minimal)
is_uuid "$MASTER" || die "could not read the pool master (xe answered: '$MASTER')"
ALL_HOSTS=$(xe_read host-list params=uuid --minimal)
[ -n "$ALL_HOSTS" ] || die "xe lists no hosts"
for h in $(split_list "$ALL_HOSTS"); do
	is_uuid "$h" || die "xe returned an unexpected host id: $h"
done

if [ -n "$ONLY_HOST" ]; then
	TARGETS=$(resolve_host "$ONLY_HOST")
else
	TARGETS=$ALL_HOSTS
fi

if [ "$DRY_RUN" -eq 1 ]; then
	log "dry run: nothing will be changed"
fi

# Every non-master first, the master last.
DO_MASTER=0
for h in $(split_list "$TARGETS"); do
	if [ "$h" = "$MASTER" ]; then
		DO_MASTER=1
		continue
	fi
	convert "$h"
done

if [ "$DO_MASTER" -eq 1 ]; then
	mname=$(host_name "$MASTER")
	if [ "$FORCE" -eq 0 ] && already_done "$MASTER"; then
		log "$mname: multipathing already enabled, skipped"
	elif [ "$(split_list "$ALL_HOSTS" | wc -l)" -eq 1 ]; then
		# A pool of one: no other host can be master; its VMs must be
		# shut down for host-evacuate to succeed.
		convert "$MASTER"
	else
		if [ -n "$NEW_MASTER" ]; then
			nm=$(resolve_host "$NEW_MASTER")
			[ "$nm" != "$MASTER" ] || die "--new-master names the current master"
		else
			nm=$(pick_new_master "$MASTER")
		fi
		nmname=$(host_name "$nm")
		xe_change "hand the master role to $nmname" "$mname" \
			pool-designate-new-master host-uuid="$nm"
		if [ "$DRY_RUN" -eq 0 ]; then
			log "waiting for the pool to answer with $nmname as master"
			wait_master "$nm"
		fi
		convert "$MASTER"
		log "$mname stays a pool member; $nmname is now the master"
	fi
fi

if [ "$DRY_RUN" -eq 1 ]; then
	log "dry run complete"
else
	log "done"
fi
