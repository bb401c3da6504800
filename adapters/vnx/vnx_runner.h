/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_runner.h - runs naviseccli commands safely for one array.
 *
 * The runner owns everything between "this command" and "this output or this
 * error class":
 *  - argv assembly: <naviseccli> -h <SP> (-secfilepath DIR | -user U
 *    -password P -scope S) [-np] <command words>; posix_spawn, never a shell;
 *  - a timeout per attempt: the child (its own process group) is SIGKILLed
 *    and reaped; stdout and stderr are read with poll() up to a size cap;
 *  - classification of the output with the parser library
 *    (vnx_classify_error / vnx_classify_modify_output); the exit status is
 *    kept but never trusted alone;
 *  - SP failover: an unreachable SP (network error, refused, timeout) sends
 *    the same command to the other SP; the SP that answered is tried first
 *    next time (shared by all threads of the instance);
 *  - retries of transient failures with doubling backoff, bounded; a
 *    non-idempotent command (a create) whose outcome is ambiguous (dropped
 *    connection, timeout) is never repeated before its `check` command
 *    shows that the first attempt did not land;
 *  - a limit of commands in flight (counting semaphore);
 *  - counters by command name and result class;
 *  - log lines with the password masked; array messages scrubbed of it.
 */
#ifndef SLGW_VNX_RUNNER_H
#define SLGW_VNX_RUNNER_H

#include <stddef.h>

#include "adapter.h"
#include "vnx_adapter.h"
#include "vnx_cmd.h"

struct vnx_runner;

/* What a successful command printed.  Owned by the caller: vnx_output_clear. */
struct vnx_output {
	char *text;         /* stdout, NUL terminated (may be empty) */
	size_t len;
	int exit_status;    /* exit code, or -1 when it died of a signal */
	char sp;            /* 'A' / 'B': the SP that answered */
};

void vnx_output_clear(struct vnx_output *o);

/*
 * Validates and copies cfg into a new runner.  Returns 0, or
 * -SLGW_AERR_INVALID_ARGS (missing path / SP / credentials, bad value) or
 * -SLGW_AERR_UNKNOWN (no memory), with err filled.
 */
int vnx_runner_new(struct vnx_runner **out, const struct vnx_config *cfg,
                   struct slgw_adapter_error *err);

/* Frees the runner; no command may be running.  NULL-safe. */
void vnx_runner_free(struct vnx_runner *r);

/*
 * Runs cmd (with failover, retries and the landed check as described above)
 * and, on success, returns 0 with its stdout in *out (out may be NULL for
 * modifying commands).  On failure returns -cls with err filled (class,
 * array code and message) and *out cleared.  Blocks while max_inflight
 * commands are already running.  Thread-safe.
 */
int vnx_runner_run(struct vnx_output *out, struct vnx_runner *r, const struct vnx_cmd *cmd,
                   struct slgw_adapter_error *err);

/* 'A' or 'B': the SP the next command goes to first. */
char vnx_runner_preferred_sp(struct vnx_runner *r);

/* Copy of the counters.  *out: slgw_adapter_stat_array_free.  0 or
 * -SLGW_AERR_UNKNOWN (no memory). */
int vnx_runner_stats(struct slgw_adapter_stat **out, size_t *count, struct vnx_runner *r);

/* Highest number of commands seen in flight at once (for tests/benches). */
unsigned vnx_runner_peak_inflight(struct vnx_runner *r);

#endif /* SLGW_VNX_RUNNER_H */
