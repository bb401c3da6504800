# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# demo-slgwd.sh: the real `slgwd --demo` for the shell tests that drive
# the CLI or the deploy scripts against it (sourced, not run).  The daemon
# gets its state in DIR/demo, an ephemeral port written to DIR/port and its
# log in DIR/slgwd.log, so several tests run in parallel; its pid is in
# PID for the caller's EXIT trap (stop_demo_slgwd).

# start_demo_slgwd SLGWD DIR: starts it and waits (up to 60 s) for the
# port and the demo credentials; when it does not come up, prints its log
# and exits 1.
start_demo_slgwd() {
	local slgwd=$1 t=$2
	"$slgwd" --demo --state-dir "$t/demo" --port 0 --port-file "$t/port" >"$t/slgwd.log" 2>&1 &
	PID=$!
	for _ in $(seq 1 120); do
		[ -s "$t/port" ] && [ -s "$t/demo/demo-credentials" ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.5
	done
	if ! [ -s "$t/port" ]; then
		echo "slgwd --demo did not start:" >&2
		cat "$t/slgwd.log" >&2
		exit 1
	fi
}

# stop_demo_slgwd: SIGTERM to the slgwd started above (if any), and wait.
stop_demo_slgwd() {
	if [ -n "${PID:-}" ]; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
	fi
}
