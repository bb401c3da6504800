/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_core.c - the broker object: configuration, broker_new / start /
 * free.  It owns the shared state (store handle, job queue, adapter slots,
 * orphan list, locks) and starts and stops the job engine; the operations
 * themselves live one resource per file (broker_systems.c, broker_volumes.c,
 * broker_hosts.c, ...), and nothing in the broker calls back into this file.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker_internal.h"

/* ------------------------------------------------------------- lifecycle */

/* Each default once: broker_config_init hands them out and broker_new
 * falls back to them for a value it cannot use. */
static const struct broker_config config_defaults = {
	.workers = 32,
	.default_wait_ms = 30000,
	.naviseccli_path = NULL,
	.command_timeout_s = 120,
	.max_inflight = 4,
	.reconcile_on_start = 1,
	.max_jobs_per_tenant = 64,
	.max_hosts_per_tenant = 256,
};

void broker_config_init(struct broker_config *cfg)
{
	*cfg = config_defaults;
}

/* Where naviseccli lives when the configuration names no path: the
 * standard install location.  Never a simulator: a gateway that should
 * drive navisim must be told so (cfg.naviseccli_path, or the system's
 * cli_path), so a production host can never talk to a simulator by
 * accident. */
#define BROKER_DEFAULT_CLI_PATH "/opt/Navisphere/bin/naviseccli"

int broker_new(broker **out, store *s, const struct broker_config *cfg, struct broker_status *st)
{
	*out = NULL;
	if (!s)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "broker_new: no store");
	struct broker_config c;
	if (cfg)
		c = *cfg;
	else
		broker_config_init(&c);
	if (c.workers <= 0)
		c.workers = config_defaults.workers;
	if (c.workers > 256)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "workers %d is more than 256", c.workers);
	if (c.default_wait_ms < 0)
		c.default_wait_ms = config_defaults.default_wait_ms;
	if (c.command_timeout_s <= 0)
		c.command_timeout_s = config_defaults.command_timeout_s;
	if (c.max_inflight <= 0)
		c.max_inflight = config_defaults.max_inflight;

	broker *b = calloc(1, sizeof(*b));
	if (!b)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	b->s = s;
	b->cfg = c;
	b->naviseccli_default = strdup(c.naviseccli_path ? c.naviseccli_path
								   : BROKER_DEFAULT_CLI_PATH);
	if (!b->naviseccli_default) {
		free(b);
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	}
	b->cfg.naviseccli_path = b->naviseccli_default;
	if (broker_access_locks_init(&b->access_locks)) {
		free(b->naviseccli_default);
		free(b);
		return broker_fail(st, SLGW_INTERNAL, "cannot create the key locks");
	}
	pthread_mutex_init(&b->mu, NULL);
	broker_cond_init(&b->work_cv);
	broker_cond_init(&b->done_cv);

	*out = b;
	broker_ok(st);
	return 0;
}

int broker_start(broker *b, struct broker_status *st)
{
	if (!b)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "broker_start: no broker");
	pthread_mutex_lock(&b->mu);
	int started = b->started;
	b->started = 1;
	pthread_mutex_unlock(&b->mu);
	if (started)
		return broker_fail(st, SLGW_FAILED_PRECONDITION, "broker already started");
	int rc = broker_jobs_start(b, st);
	if (rc == 0)
		rc = broker_cluster_start(b, broker_leader_main, st);
	if (rc == 0)
		broker_ok(st);
	return rc;
}

void broker_free(broker *b)
{
	if (!b)
		return;
	broker_cluster_stop(b); /* hands the leases over before the workers stop */
	broker_jobs_stop(b);
	broker_cluster_free(b);
	struct broker_adapter_slot *s = b->adapters;
	while (s) {
		struct broker_adapter_slot *next = s->next;
		slgw_adapter_free(s->adapter);
		free(s->system_name);
		free(s);
		s = next;
	}
	broker_orphan_array_free(b->orphans, b->n_orphans);
	pthread_cond_destroy(&b->work_cv);
	pthread_cond_destroy(&b->done_cv);
	pthread_mutex_destroy(&b->mu);
	broker_access_locks_destroy(&b->access_locks);
	free(b->naviseccli_default);
	free(b);
}
