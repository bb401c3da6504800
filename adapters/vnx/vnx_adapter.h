/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter.h - the VNX / CLARiiON implementation of adapters/adapter.h.
 *
 * One instance drives one array through naviseccli (or navisim, which takes
 * the same argv).  The configuration below is everything the gateway knows
 * about reaching that array; the instance copies it, so the caller's strings
 * may go away after vnx_adapter_new() returns.
 *
 * Behaviour worth knowing (details in vnx_runner.h):
 *  - every command goes to the SP that answered last (SP A at first); when it
 *    is unreachable or times out the same command goes to the other SP;
 *  - transient failures ("End of data stream", LUN preparing) are retried
 *    with backoff up to `retries` times; creates are never repeated blindly;
 *  - at most `max_inflight` naviseccli processes run at once per instance;
 *  - the password is passed in argv only (or not at all with secfilepath)
 *    and is masked in every log line; prefer secfilepath, since argv is
 *    visible to other local users in /proc while the command runs;
 *  - capabilities come from discover; an instance never discovered runs
 *    discover itself the first time they are needed;
 *  - `no_poll` adds -np to ordinary queries, never to the reads that must
 *    see our own last change (landed checks, the read after a create).
 *
 * The process must not set SIGCHLD to SIG_IGN: the runner reaps each
 * naviseccli child itself with waitpid().
 */
#ifndef SLGW_VNX_ADAPTER_H
#define SLGW_VNX_ADAPTER_H

#include <stddef.h>

#include "adapter.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Receives one finished log line (no trailing newline).  Called from
 * whichever thread ran the command; must be thread-safe itself. */
typedef void (*vnx_log_fn)(void *ctx, const char *line);

struct vnx_config {
	const char *naviseccli;    /* path of naviseccli or navisim; required */
	const char *sp_a;          /* SP A management address; required */
	const char *sp_b;          /* SP B address; NULL or "" = no failover */
	const char *secfilepath;   /* directory with a naviseccli security file;
	                            * when set, user/password/scope are not passed */
	const char *user;          /* used when secfilepath is NULL */
	const char *password;      /* never logged */
	int scope;                 /* 0 global, 1 local, 2 LDAP */
	const char *name;          /* label of the array in logs; may be NULL */
	unsigned timeout_ms;       /* per command attempt; 0 = 60000 */
	unsigned max_inflight;     /* naviseccli processes at once; 0 = 4 */
	unsigned retries;          /* extra attempts for transient errors; 0 = none */
	unsigned backoff_ms;       /* first retry delay, doubled each time; 0 = 500 */
	size_t output_cap;         /* bytes kept of stdout+stderr; 0 = 4 MiB */
	int no_poll;               /* 1 = add -np to list commands (faster, may be stale) */
	char *const *envp;         /* environment for the child; NULL = inherit */
	vnx_log_fn log;            /* NULL = no logging */
	void *log_ctx;
	/* asked before every command is sent; see slgw_adapter_config.gate */
	int (*gate)(void *gate_ctx, char *why, size_t whylen);
	void *gate_ctx;
};

/*
 * Creates an adapter instance for one array.  Validates and copies cfg; does
 * not talk to the array (call ops->discover for that).  Returns 0 and *out,
 * or -SLGW_AERR_INVALID_ARGS / -SLGW_AERR_UNKNOWN (no memory) with err set.
 * Free with slgw_adapter_free(*out).
 */
int vnx_adapter_new(struct slgw_adapter **out, const struct vnx_config *cfg,
                    struct slgw_adapter_error *err);

/*
 * The family's create function for the registry (adapters/registry.h): the
 * same as vnx_adapter_new() from the family-neutral configuration, cli_path
 * being naviseccli's (or navisim's) path.  What that configuration does not
 * carry (backoff, output cap, -np, environment, log) takes vnx_config's
 * defaults.  Declared with an incomplete type so this header does not pull
 * in the registry.
 */
struct slgw_adapter_config;
int vnx_adapter_create(struct slgw_adapter **out, const struct slgw_adapter_config *cfg,
                       struct slgw_adapter_error *err);

/* The operations table of the VNX family (its row in adapters/registry.c). */
extern const struct slgw_adapter_ops vnx_adapter_ops;

/*
 * Which SP the instance will try first now ('A' or 'B'): the last one that
 * answered.  For tests and status pages.
 */
char vnx_adapter_preferred_sp(struct slgw_adapter *a);

#ifdef __cplusplus
}
#endif

#endif /* SLGW_VNX_ADAPTER_H */
