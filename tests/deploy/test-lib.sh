# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# test-lib.sh: shared helpers for the deploy script tests (sourced, not run).
#
# Each test file gets its own temporary directory (mktemp -d, removed on
# exit) so ctest can run the files in parallel. Assertions print what was
# expected and what happened, count failures, and `finish` turns the count
# into the exit status ctest sees.

set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SRC_ROOT; SRC_ROOT=$(cd "$HERE/../.." && pwd)
TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/slgw-deploy-test.XXXXXX")
trap 'rm -rf "$TMP_ROOT"' EXIT
FAILS=0
CHECKS=0

fail() {
	FAILS=$((FAILS + 1))
	echo "FAIL: $*" >&2
}

ok() {
	CHECKS=$((CHECKS + 1))
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: expected '$2', got '$3'"; fi
}

# assert_contains WHAT NEEDLE HAYSTACK
assert_contains() {
	case "$3" in
	*"$2"*) ok ;;
	*) fail "$1: '$2' not found in: $3" ;;
	esac
}

# assert_not_contains WHAT NEEDLE HAYSTACK
assert_not_contains() {
	case "$3" in
	*"$2"*) fail "$1: '$2' unexpectedly found in: $3" ;;
	*) ok ;;
	esac
}

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$FAILS of $((FAILS + CHECKS)) checks failed" >&2
		exit 1
	fi
	echo "all $CHECKS checks passed"
	exit 0
}

# Host UUIDs of the fake pool: xs1 is the master.
XS1=11111111-1111-4111-8111-111111111111
XS2=22222222-2222-4222-8222-222222222222
XS3=33333333-3333-4333-8333-333333333333

# make_pool DIR: a 3-host pool for fake-xe, each host with running VMs and
# two attached PBDs, xs1 the master, nothing multipathed yet.
make_pool() {
	local d=$1 u n i vms
	mkdir -p "$d/hosts" "$d/pbds"
	: >"$d/calls.log"
	: >"$d/violations.log"
	echo "$XS1" >"$d/master"
	i=0
	for u in "$XS1" "$XS2" "$XS3"; do
		i=$((i + 1))
		n="xs$i"
		mkdir -p "$d/hosts/$u/oc"
		echo "$n" >"$d/hosts/$u/name"
		echo "192.0.2.$i" >"$d/hosts/$u/address"
		echo true >"$d/hosts/$u/enabled"
		vms=$((i + 1))
		echo "$vms" >"$d/hosts/$u/vms"
		echo "iqn.2026-01.com.example:$n" >"$d/hosts/$u/oc/iscsi_iqn"
		for p in a b; do
			local pu="${u%????????????}$i$i$i$i${p}${p}${p}${p}${p}${p}${p}${p}"
			mkdir -p "$d/pbds/$pu"
			echo "$u" >"$d/pbds/$pu/host"
			echo true >"$d/pbds/$pu/attached"
		done
	done
}

# state_digest DIR: a checksum of the pool state (not the call log).
state_digest() {
	(cd "$1" && find hosts pbds master -type f -print0 | sort -z |
		xargs -0 cat | sha256sum)
}

# Put fake-xe on PATH as "xe".
setup_fake_xe_path() {
	mkdir -p "$TMP_ROOT/bin"
	ln -sf "$HERE/fake-xe" "$TMP_ROOT/bin/xe"
	PATH="$TMP_ROOT/bin:$PATH"
	export PATH
}
