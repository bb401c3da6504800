#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Pins deploy/xenserver/multipath-dgc.conf to failover mode 4 (ALUA): the
# active (uncommented) DGC stanza must carry every setting that makes the
# host follow the array's ALUA priorities, and nothing of the PNR handler.
# If multipath(8) is installed, the file must also parse.

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
CONF="$SRC_ROOT/deploy/xenserver/multipath-dgc.conf"

# Active lines only, whitespace squeezed.
active=$(sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$CONF" | grep -v '^$')
for want in 'vendor "DGC"' 'product ".*"' 'product_blacklist "LUNZ"' 'prio alua' \
	'detect_prio yes' 'hardware_handler "1 alua"' 'retain_attached_hw_handler yes' \
	'path_grouping_policy group_by_prio' 'failback immediate' 'path_checker emc_clariion' \
	'no_path_retry 60'; do
	assert_eq "active stanza has '$want'" 1 "$(printf '%s\n' "$active" | grep -cxF "$want")"
done
assert_not_contains "no PNR handler active" '"1 emc"' "$active"
assert_not_contains "no emc prio active" 'prio emc' "$active"
assert_eq "braces balanced" "$(printf '%s' "$active" | tr -cd '{' | wc -c)" \
	"$(printf '%s' "$active" | tr -cd '}' | wc -c)"
assert_eq "one device stanza" 1 "$(printf '%s\n' "$active" | grep -c '^device {')"
# The note for failover mode 1 is there.
assert_contains "mode 1 note" 'hardware_handler	"1 emc"' "$(cat "$CONF")"
assert_contains "mode 1 prio note" 'prio		emc' "$(cat "$CONF")"

if command -v multipath >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	multipath -t -c "$CONF" >/dev/null 2>&1 || fail "multipath(8) rejects $CONF"
fi
finish
