#!/usr/bin/env bash
# Install every Debian package that building, testing and running slgw needs.
#
# Idempotent: when everything is already present it only runs dpkg-query and
# exits in well under a second. It never downloads anything but Debian
# packages. Run as root (or through sudo) on Debian 12 or later.
set -euo pipefail

PACKAGES=(
  # toolchain
  gcc make cmake pkg-config git
  # clang + its sanitizer/fuzzer runtimes for the libFuzzer targets
  clang libclang-rt-14-dev
  # libraries (found with pkg-config)
  gsoap libgsoap-dev libssl-dev openssl libxml2-dev libxml2-utils
  libsqlite3-dev sqlite3 check libjansson-dev
  # the store's PostgreSQL backend (libpq), and a server for the store
  # suites' PostgreSQL runs (tests/pg/pg_run.sh starts a throwaway cluster)
  libpq-dev postgresql postgresql-common
  # interop tests: a SOAP client nobody here wrote, on Debian's own python3
  python3 python3-zeep
  # end-to-end helpers used by tests and the demo
  procps curl ca-certificates
  # CLI end-to-end tests read --json with jq; deploy tests lint the scripts
  jq shellcheck
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: apt-get not found; this script supports Debian and derivatives." >&2
  echo "install-deps: install these packages by hand: ${missing[*]}" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: must run as root (or have sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A stale or empty package list makes 'install' fail with "unable to locate";
# refresh it once, then install.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
