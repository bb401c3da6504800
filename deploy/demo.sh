#!/usr/bin/env bash
# The one command that sets up and runs the gateway on the embedded default
# (navisim) (README "Quick start"). Arguments are passed to `slgwd --demo`,
# e.g. `deploy/demo.sh --port 21606 --state-dir /tmp/demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j "${SLGW_JOBS:-$(nproc)}"
exec build/bin/slgwd --demo "$@"
