#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Specification of deploy/install.sh (staged with DESTDIR into a temp dir,
# from a fake build dir), deploy/make-cert.sh (key mode, SANs, refusal to
# overwrite) and deploy/slgwd.service (the hardening it promises; verified
# by systemd-analyze when available).

# shellcheck source=tests/deploy/test-lib.sh
. "$(dirname "$0")/test-lib.sh"
DEPLOY="$SRC_ROOT/deploy"

# --- make-cert.sh --------------------------------------------------------------
C="$TMP_ROOT/cert"
out=$("$DEPLOY/make-cert.sh" --dir "$C" --dns gw.example.com --dns localhost --ip 192.0.2.10 --days 30 2>&1); rc=$?
assert_eq "make-cert exit status ($out)" 0 "$rc"
assert_eq "key mode 0600" 600 "$(stat -c %a "$C/slgwd.key")"
san=$(openssl x509 -in "$C/slgwd.crt" -noout -ext subjectAltName 2>&1)
assert_contains "SAN dns" "DNS:gw.example.com" "$san"
assert_contains "SAN localhost" "DNS:localhost" "$san"
assert_contains "SAN ip" "IP Address:192.0.2.10" "$san"
assert_contains "server auth" "TLS Web Server Authentication" \
	"$(openssl x509 -in "$C/slgwd.crt" -noout -ext extendedKeyUsage 2>&1)"
# The key and the certificate belong together.
assert_eq "key matches certificate" \
	"$(openssl pkey -in "$C/slgwd.key" -pubout 2>/dev/null | sha256sum)" \
	"$(openssl x509 -in "$C/slgwd.crt" -noout -pubkey 2>/dev/null | sha256sum)"
fp=$(openssl x509 -in "$C/slgwd.crt" -noout -fingerprint -sha256)
assert_contains "fingerprint printed" "${fp#*=}" "$out"
end=$(openssl x509 -in "$C/slgwd.crt" -noout -enddate)
openssl x509 -in "$C/slgwd.crt" -noout -checkend $((29 * 86400)) >/dev/null 2>&1 ||
	fail "certificate should be valid 30 days ($end)"
if openssl x509 -in "$C/slgwd.crt" -noout -checkend $((31 * 86400)) >/dev/null 2>&1; then
	fail "certificate valid longer than --days 30 ($end)"
else ok; fi
before=$(sha256sum "$C/slgwd.key")
out=$("$DEPLOY/make-cert.sh" --dir "$C" 2>&1); rc=$?
assert_eq "refuses to overwrite" 1 "$rc"
assert_contains "says why" "use --force" "$out"
assert_eq "key untouched" "$before" "$(sha256sum "$C/slgwd.key")"
out=$("$DEPLOY/make-cert.sh" --dir "$C" --force --dns other.example 2>&1); rc=$?
assert_eq "--force replaces" 0 "$rc"
assert_contains "new SAN" "DNS:other.example" "$(openssl x509 -in "$C/slgwd.crt" -noout -ext subjectAltName)"
out=$("$DEPLOY/make-cert.sh" --dir "$C" --dns 'bad name;x' 2>&1); rc=$?
assert_eq "bad dns name refused" 2 "$rc"
assert_eq "no temp files left" "" "$(find "$C" -name '.slgwd*')"

# --- the unit ------------------------------------------------------------------
U="$DEPLOY/slgwd.service"
for want in User=slgw StateDirectory=slgw NoNewPrivileges=yes ProtectSystem=strict ProtectProc=invisible \
	ProtectHome=yes PrivateTmp=yes ReadWritePaths=/var/lib/slgw StandardOutput=journal \
	StandardError=journal "ExecStart=/usr/local/bin/slgwd --config /etc/slgw/slgwd.xml"; do
	assert_eq "unit has $want" 1 "$(grep -cxF "$want" "$U")"
done

# --- install.sh into DESTDIR ---------------------------------------------------
B="$TMP_ROOT/build"
mkdir -p "$B/bin"
for b in slgwd slgw navisim; do
	printf '#!/bin/sh\necho %s\n' "$b" >"$B/bin/$b"
	chmod 0755 "$B/bin/$b"
done
R="$TMP_ROOT/root"
out=$(DESTDIR="$R" "$DEPLOY/install.sh" --build-dir "$B" --prefix /opt/slgw 2>&1); rc=$?
assert_eq "install exit status ($out)" 0 "$rc"
for b in slgwd slgw navisim; do
	assert_eq "$b installed executable" 755 "$(stat -c %a "$R/opt/slgw/bin/$b" 2>&1)"
done
assert_eq "vnxparse absent from build, not installed" 1 "$([ ! -e "$R/opt/slgw/bin/vnxparse" ] && echo 1)"
assert_eq "unit installed" 1 "$([ -f "$R/etc/systemd/system/slgwd.service" ] && echo 1)"
assert_contains "unit follows the prefix" "ExecStart=/opt/slgw/bin/slgwd --config /etc/slgw/slgwd.xml" \
	"$(cat "$R/etc/systemd/system/slgwd.service")"
assert_not_contains "no /usr/local left in unit settings" "/usr/local" "$(grep -v "^#" "$R/etc/systemd/system/slgwd.service")"
assert_eq "config installed" "$(cat "$DEPLOY/slgwd.xml")" "$(cat "$R/etc/slgw/slgwd.xml")"
assert_eq "config not world-readable" 640 "$(stat -c %a "$R/etc/slgw/slgwd.xml")"
assert_eq "key created 0600" 600 "$(stat -c %a "$R/etc/slgw/slgwd.key")"
assert_eq "make-cert shipped" 755 "$(stat -c %a "$R/opt/slgw/share/slgw/make-cert.sh")"
assert_eq "xenserver script shipped" 755 "$(stat -c %a "$R/opt/slgw/share/slgw/xenserver/enable-multipath.sh")"
assert_eq "multipath stanza shipped" 644 "$(stat -c %a "$R/opt/slgw/share/slgw/xenserver/multipath-dgc.conf")"
assert_not_contains "no user created in a staged install" "created system user" "$out"
assert_eq "deployment guide shipped" "$(cat "$DEPLOY/README.md")" "$(cat "$R/opt/slgw/share/doc/slgw/DEPLOY.md")"

# Again, with an edited config: kept, example beside it, key kept.
echo "<!-- edited -->" >>"$R/etc/slgw/slgwd.xml"
key=$(sha256sum <"$R/etc/slgw/slgwd.key")
out=$(DESTDIR="$R" "$DEPLOY/install.sh" --build-dir "$B" --prefix /opt/slgw 2>&1); rc=$?
assert_eq "re-install exit status" 0 "$rc"
assert_contains "edited config kept" "<!-- edited -->" "$(cat "$R/etc/slgw/slgwd.xml")"
assert_eq "new example beside it" "$(cat "$DEPLOY/slgwd.xml")" "$(cat "$R/etc/slgw/slgwd.xml.new")"
assert_eq "key kept" "$key" "$(sha256sum <"$R/etc/slgw/slgwd.key")"

# Refusals.
out=$(DESTDIR="$R" "$DEPLOY/install.sh" --build-dir "$TMP_ROOT/nobuild" 2>&1); rc=$?
assert_eq "missing build exit status" 1 "$rc"
assert_contains "missing build message" "build first" "$out"
out=$(DESTDIR="$R" "$DEPLOY/install.sh" --build-dir "$B" --prefix 'opt' 2>&1); rc=$?
assert_eq "relative prefix refused" 1 "$rc"
out=$(DESTDIR="$R" "$DEPLOY/install.sh" --build-dir "$B" --prefix '/opt/a|b' 2>&1); rc=$?
assert_eq "odd prefix refused" 1 "$rc"

# systemd's own check of the installed unit (binary path made to exist).
if command -v systemd-analyze >/dev/null 2>&1; then
	V="$TMP_ROOT/verify"
	mkdir -p "$V"
	sed "s|ExecStart=/opt/slgw/bin/slgwd|ExecStart=$B/bin/slgwd|" \
		"$R/etc/systemd/system/slgwd.service" >"$V/slgwd.service"
	vout=$(systemd-analyze verify "$V/slgwd.service" 2>&1); vrc=$?
	assert_eq "systemd-analyze verify ($vout)" 0 "$vrc"
	assert_eq "systemd-analyze has no complaint" "" "$vout"
fi
finish
