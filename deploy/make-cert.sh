#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make-cert.sh: create the TLS key and a self-signed certificate for slgwd.
#
# Design: one openssl invocation per step with argv arrays (no shell string
# building). The key is an EC P-256 key (small, fast handshakes, supported by
# every OpenSSL slgwd and the CLI link against); it is created under umask
# 077 so it is never readable by others, even for an instant, and ends mode
# 0600. The certificate carries subjectAltName entries for every name and
# address clients use (modern TLS clients ignore the CN), is marked for
# server use, and is valid for --days (default 825, the longest period many
# clients accept for a server certificate). An existing key or certificate is
# never overwritten unless --force is given. The SHA-256 fingerprint is
# printed at the end: clients can pin it (slgw --fingerprint).
set -euo pipefail
PROG=make-cert
DIR=.
NAMES=()
IPS=()
DAYS=825
FORCE=0
OWNER=""

usage() {
	cat <<'USAGE'
Usage: make-cert.sh [--dir DIR] [--dns NAME]... [--ip ADDRESS]... [--days N]
                    [--owner USER[:GROUP]] [--force]

Writes DIR/slgwd.key (mode 0600) and DIR/slgwd.crt (self-signed, with the
given DNS names and IP addresses as subjectAltName; default: this host's
name, localhost, 127.0.0.1 and ::1) and prints the certificate's SHA-256
fingerprint for clients to pin.

  --dir DIR        output directory (default: current directory)
  --dns NAME       a DNS name clients use (repeatable)
  --ip ADDRESS     an IPv4/IPv6 address clients use (repeatable)
  --days N         validity in days (default 825)
  --owner U[:G]    chown the key and certificate (e.g. slgw:slgw; needs root)
  --force          replace an existing key and certificate
USAGE
}

die() { echo "$PROG: error: $*" >&2; exit 1; }
bad() { echo "$PROG: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--dir) [ $# -ge 2 ] || bad "--dir needs a value"; DIR=$2; shift ;;
	--dns) [ $# -ge 2 ] || bad "--dns needs a value"; NAMES+=("$2"); shift ;;
	--ip) [ $# -ge 2 ] || bad "--ip needs a value"; IPS+=("$2"); shift ;;
	--days) [ $# -ge 2 ] || bad "--days needs a value"; DAYS=$2; shift ;;
	--owner) [ $# -ge 2 ] || bad "--owner needs a value"; OWNER=$2; shift ;;
	--force) FORCE=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; bad "unknown argument: $1" ;;
	esac
	shift
done

[[ $DAYS =~ ^[1-9][0-9]{0,4}$ ]] || bad "--days must be a positive number"
if [ ${#NAMES[@]} -eq 0 ] && [ ${#IPS[@]} -eq 0 ]; then
	h=$(hostname -f 2>/dev/null || hostname 2>/dev/null || true)
	[ -n "$h" ] && NAMES+=("$h")
	[ "$h" = localhost ] || NAMES+=(localhost)
	IPS+=(127.0.0.1 ::1)
fi
for n in "${NAMES[@]}"; do
	[[ $n =~ ^[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})$ ]] || bad "not a DNS name: '$n'"
done
for a in "${IPS[@]}"; do
	[[ $a =~ ^[0-9]{1,3}(\.[0-9]{1,3}){3}$ || $a =~ ^[0-9A-Fa-f:]+$ ]] || bad "not an IP address: '$a'"
done
[ -n "$OWNER" ] && { [[ $OWNER =~ ^[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?$ ]] || bad "bad --owner '$OWNER'"; }

command -v openssl >/dev/null 2>&1 || die "openssl not found"
mkdir -p "$DIR"
KEY="$DIR/slgwd.key"
CRT="$DIR/slgwd.crt"
if [ "$FORCE" -eq 0 ] && { [ -e "$KEY" ] || [ -e "$CRT" ]; }; then
	die "$KEY or $CRT exists; use --force to replace them"
fi

san=""
for n in "${NAMES[@]}"; do san="${san:+$san,}DNS:$n"; done
for a in "${IPS[@]}"; do san="${san:+$san,}IP:$a"; done
cn=${NAMES[0]:-${IPS[0]}}

umask 077
tmpkey=$(mktemp "$DIR/.slgwd.key.XXXXXX")
tmpcrt=$(mktemp "$DIR/.slgwd.crt.XXXXXX")
trap 'rm -f "$tmpkey" "$tmpcrt"' EXIT

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmpkey" 2>/dev/null ||
	die "openssl could not create the key"
openssl req -new -x509 -key "$tmpkey" -out "$tmpcrt" -days "$DAYS" -sha256 \
	-subj "/O=slgw/CN=$cn" \
	-addext "subjectAltName=$san" \
	-addext "basicConstraints=critical,CA:FALSE" \
	-addext "keyUsage=critical,digitalSignature" \
	-addext "extendedKeyUsage=serverAuth" 2>/dev/null ||
	die "openssl could not create the certificate"
chmod 0600 "$tmpkey"
chmod 0644 "$tmpcrt"
if [ -n "$OWNER" ]; then
	chown "$OWNER" "$tmpkey" "$tmpcrt" || die "cannot chown to $OWNER"
fi
mv -f "$tmpkey" "$KEY"
mv -f "$tmpcrt" "$CRT"
trap - EXIT

fp=$(openssl x509 -in "$CRT" -noout -fingerprint -sha256)
echo "$PROG: wrote $KEY (0600) and $CRT for $san"
echo "$PROG: ${fp#*=}  (pin with: slgw --fingerprint ${fp#*=})"
