#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# install.sh: install slgw from a build directory: binaries, the systemd
# unit, the configuration, the TLS certificate and the service user.
#
# Design:
# - Staged installs: every path is prefixed with $DESTDIR (empty for a real
#   install), so packagers and the tests install into a temp dir. Steps that
#   touch the running system (creating the user, chown, systemctl) are only
#   done for a real install (DESTDIR empty) as root.
# - Never clobbers an administrator's work: an existing slgwd.xml is kept and
#   the new example goes beside it as slgwd.xml.new; an existing key or
#   certificate is kept.
# - The unit's paths follow --prefix (the unit file says /usr/local).
# - Idempotent: running it again upgrades binaries and unit only.
set -euo pipefail

PROG=install
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD="$SRC/build"
PREFIX=/usr/local
SYSCONFDIR=/etc/slgw
UNITDIR=/etc/systemd/system
MAKE_CERT=1
DESTDIR=${DESTDIR:-}

usage() {
	cat <<'USAGE'
Usage: [DESTDIR=DIR] install.sh [--build-dir DIR] [--prefix DIR] [--no-cert]

Installs from a build directory (default: ./build of the source tree):
  PREFIX/bin/{slgwd,slgw,navisim,vnxparse}       (slgwd and slgw required)
  /etc/systemd/system/slgwd.service               (paths adjusted to PREFIX)
  /etc/slgw/slgwd.xml                             (kept if it exists)
  /etc/slgw/slgwd.key, slgwd.crt                  (self-signed, unless present
                                                   or --no-cert)
  PREFIX/share/slgw/{slgwd.xsd,make-cert.sh,xenserver/}
  PREFIX/share/doc/slgw/{README.md,DEPLOY.md}
and, for a real install as root (DESTDIR empty), creates the system user
"slgw" and reloads systemd. Then: systemctl enable --now slgwd
USAGE
}

die() { echo "$PROG: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case "$1" in
	--build-dir) [ $# -ge 2 ] || die "--build-dir needs a value"; BUILD=$2; shift ;;
	--prefix) [ $# -ge 2 ] || die "--prefix needs a value"; PREFIX=$2; shift ;;
	--no-cert) MAKE_CERT=0 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; echo "$PROG: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

case "$PREFIX" in
/*) ;;
*) die "--prefix must be an absolute path" ;;
esac
# The prefix ends up in a sed replacement and in the unit: keep it plain.
[[ $PREFIX =~ ^[A-Za-z0-9/._-]+$ ]] || die "--prefix may contain only letters, digits, / . _ -"
[ -z "$DESTDIR" ] || case "$DESTDIR" in /*) ;; *) die "DESTDIR must be an absolute path" ;; esac

REAL=0
if [ -z "$DESTDIR" ]; then
	[ "$(id -u)" -eq 0 ] || die "a real install needs root (or set DESTDIR for a staged install)"
	REAL=1
fi

for b in slgwd slgw; do
	[ -x "$BUILD/bin/$b" ] || die "$BUILD/bin/$b not found: build first (cmake --build $BUILD)"
done

BINDIR="$DESTDIR$PREFIX/bin"
DATADIR="$DESTDIR$PREFIX/share/slgw"
DOCDIR="$DESTDIR$PREFIX/share/doc/slgw"
ETC="$DESTDIR$SYSCONFDIR"

install -d -m 0755 "$BINDIR" "$DATADIR" "$DATADIR/xenserver" "$DOCDIR" "$DESTDIR$UNITDIR"
install -d -m 0750 "$ETC"

for b in slgwd slgw navisim vnxparse; do
	if [ -x "$BUILD/bin/$b" ]; then
		install -m 0755 "$BUILD/bin/$b" "$BINDIR/$b"
		echo "$PROG: $PREFIX/bin/$b"
	fi
done
[ ! -x "$BUILD/bin/slgw-xapi" ] || [ ! -f "$BUILD/cmake_install.cmake" ] || { DESTDIR="$DESTDIR" cmake --install "$BUILD" --component xapi --prefix "$PREFIX" >/dev/null && echo "$PROG: the XenServer SR plugin: $PREFIX/libexec/slgw/slgw-xapi, /usr/libexec/xapi-storage-script/{volume,datapath}"; }

# The unit names /usr/local; point it at the chosen prefix.
sed "s|/usr/local/|$PREFIX/|g" "$HERE/slgwd.service" >"$DESTDIR$UNITDIR/slgwd.service.tmp"
chmod 0644 "$DESTDIR$UNITDIR/slgwd.service.tmp"
mv -f "$DESTDIR$UNITDIR/slgwd.service.tmp" "$DESTDIR$UNITDIR/slgwd.service"
echo "$PROG: $UNITDIR/slgwd.service"

if [ -e "$ETC/slgwd.xml" ]; then
	install -m 0640 "$HERE/slgwd.xml" "$ETC/slgwd.xml.new"
	echo "$PROG: kept $SYSCONFDIR/slgwd.xml; the new example is slgwd.xml.new"
else
	install -m 0640 "$HERE/slgwd.xml" "$ETC/slgwd.xml"
	echo "$PROG: $SYSCONFDIR/slgwd.xml"
fi

if [ -f "$SRC/gateway/server/slgwd.xsd" ]; then
	install -m 0644 "$SRC/gateway/server/slgwd.xsd" "$DATADIR/slgwd.xsd"
fi
install -m 0755 "$HERE/make-cert.sh" "$DATADIR/make-cert.sh"
for f in "$HERE"/xenserver/*; do
	case "$f" in
	*.sh) install -m 0755 "$f" "$DATADIR/xenserver/" ;;
	*) install -m 0644 "$f" "$DATADIR/xenserver/" ;;
	esac
done
if [ -f "$SRC/README.md" ]; then
	install -m 0644 "$SRC/README.md" "$DOCDIR/README.md"
fi
install -m 0644 "$HERE/README.md" "$DOCDIR/DEPLOY.md"

if [ "$REAL" -eq 1 ]; then
	if ! getent passwd slgw >/dev/null; then
		nologin=$(command -v nologin || echo /usr/sbin/nologin)
		useradd --system --user-group --home-dir /var/lib/slgw --no-create-home \
			--shell "$nologin" --comment "slgw storage gateway" slgw ||
			die "could not create the user slgw"
		echo "$PROG: created system user slgw"
	fi
	chgrp slgw "$ETC" "$ETC/slgwd.xml"
fi

if [ "$MAKE_CERT" -eq 1 ]; then
	if [ -e "$ETC/slgwd.key" ] || [ -e "$ETC/slgwd.crt" ]; then
		echo "$PROG: kept the existing key and certificate in $SYSCONFDIR"
	elif [ "$REAL" -eq 1 ]; then
		"$HERE/make-cert.sh" --dir "$ETC" --owner slgw:slgw
	else
		"$HERE/make-cert.sh" --dir "$ETC"
	fi
fi

if [ "$REAL" -eq 1 ] && [ -d /run/systemd/system ]; then
	systemctl daemon-reload
	echo "$PROG: done; start with: systemctl enable --now slgwd"
else
	echo "$PROG: done (staged into ${DESTDIR:-/})"
fi
