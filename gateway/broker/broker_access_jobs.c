/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_jobs.c - the bridge from a job to the array engines: a job
 * context becomes a struct broker_access_env (store, the system's adapter,
 * the broker's key locks, step/progress hooks that persist into the job).
 *
 * broker_hosts.c, broker_assignments.c and broker_snapshots.c run their job
 * kinds through it, so the engines never see the job engine.
 */
#include "broker_access.h"
#include "broker_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- plumbing */

static int hook_step(void *job, const char *name)
{
	return broker_job_step(job, name);
}

static int hook_progress(void *job, int pct)
{
	return broker_job_progress(job, pct);
}

int broker_access_env_for(struct broker_access_env *env, struct broker_job_ctx *ctx, int64_t system_id)
{
	memset(env, 0, sizeof(*env));
	env->s = broker_store(ctx->b);
	env->job = ctx;
	env->step = hook_step;
	env->progress = hook_progress;
	env->poll_ms = 1000;
	env->locks = &ctx->b->access_locks;
	env->a = broker_adapter_get(ctx->b, system_id, &ctx->status);
	if (!env->a)
		return -(int)(ctx->status.code ? ctx->status.code : SLGW_INTERNAL);
	/* Registrations send paths as many at once as the adapter lets run
	 * (the system's max_inflight, else the broker's). */
	store_system *sys = NULL;
	env->parallel = ctx->b->cfg.max_inflight;
	if (store_system_get(&sys, env->s, system_id) == 0 && sys->max_inflight > 0)
		env->parallel = sys->max_inflight;
	store_system_free(sys);
	return 0;
}

int64_t broker_job_param_id(struct broker_job_ctx *ctx, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(ctx->params, key));
}

/* Merge a core result into the job's and drop it. */
int broker_job_take_result(struct broker_job_ctx *ctx, json_t *res, int rc)
{
	if (rc == 0 && res)
		json_object_update(ctx->result, res);
	json_decref(res);
	return rc;
}

int broker_access_host_systems(store_host_system **out, size_t *n, store *s, int64_t host_id,
			struct broker_status *st)
{
	store_filter f = { 0 };
	f.host_id = host_id;
	int rc = store_host_system_list(out, n, s, &f);
	return rc ? broker_fail_store(st, rc, "host registrations") : 0;
}

