#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# deploy/slgwd.xml, the documented example configuration: it must validate
# against slgwd's schema (gateway/server/slgwd.xsd) and mention every
# element and attribute the schema defines, so no setting goes unexplained.
# Optional argument: the slgwd binary, whose --check-config must accept it.

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
XSD="$SRC_ROOT/gateway/server/slgwd.xsd"
XML="$SRC_ROOT/deploy/slgwd.xml"
command -v xmllint >/dev/null 2>&1 || { echo "xmllint missing (install-deps.sh installs libxml2-utils)" >&2; exit 1; }
[ -f "$XSD" ] || { echo "schema $XSD missing" >&2; exit 1; }

out=$(xmllint --noout --schema "$XSD" "$XML" 2>&1); rc=$?
assert_eq "example validates against slgwd.xsd ($out)" 0 "$rc"

names=$(xmllint --xpath "//*[local-name()='element' or local-name()='attribute']/@name" "$XSD" 2>/dev/null |
	sed -e 's/^ *name="//' -e 's/"$//' | sort -u)
[ -n "$names" ] || fail "no element names read from the schema"
text=$(cat "$XML")
for n in $names; do
	assert_contains "setting '$n' appears in the example" "$n" "$text"
done
# Every element in use is preceded by an explanation (a comment).
assert_eq "at least one comment per top-level setting" 1 \
	"$([ "$(grep -c '<!--' "$XML")" -ge "$(grep -c '^  <[a-zA-Z]' "$XML")" ] && echo 1 || echo 0)"

# slgwd itself (schema built in) accepts it, when the test is given slgwd.
if [ $# -ge 1 ] && [ -x "$1" ]; then
	out=$("$1" --check-config "$XML" 2>&1); rc=$?
	assert_eq "slgwd --check-config ($out)" 0 "$rc"
fi

# A broken copy is rejected (the check can fail).
sed 's/port="21605"/port="99999"/' "$XML" >"$TMP_ROOT/bad.xml"
if xmllint --noout --schema "$XSD" "$TMP_ROOT/bad.xml" >/dev/null 2>&1; then
	fail "an out-of-range port validated"
else ok; fi
finish
