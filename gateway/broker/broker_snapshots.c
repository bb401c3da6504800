/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_snapshots.c - snapshots and clones of volumes: the public entry
 * points (broker.h) and the job kinds they run.
 *
 * Snapshot changes serialize on their volume or snapshot.  The work is done
 * by the snapshot engine (broker_snap_engine.c); a clone interrupted by a
 * restart is cleaned up by its recover function, which removes whatever
 * temporaries reached the array and fails the job with ABORTED.
 *
 * A snapshot's or clone's own attributes (description, keys; a clone's
 * collection) ride in the job's parameters and are written once the job
 * has made the record (broker_metadata.h says why and when).
 */
#include "broker_access.h"
#include "broker_internal.h"
#include "broker_metadata.h"
#include "broker_rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ snapshot kinds */

static int run_snap_create(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	int64_t vol = broker_job_param_id(ctx, "volume_id"), sys = 0;
	const char *name = json_string_value(json_object_get(ctx->params, "name"));
	json_t *res = NULL;
	/* made here, or only found (then its attributes are its owner's) */
	int made = (ctx->recovering && ctx->step) ||
		   !broker_meta_snapshot_ready(broker_store(ctx->b), vol, name);
	int rc = broker_volume_system_id(&sys, broker_store(ctx->b), vol, &ctx->status);
	if (rc == 0)
		rc = broker_access_env_for(&env, ctx, sys);
	if (rc == 0)
		rc = broker_snap_create(&res, &env, vol, name, &ctx->status);
	if (rc == 0 && made)
		rc = broker_meta_apply_params(ctx, "snapshot", (int64_t)json_integer_value(
								       json_object_get(res, "snapshot_id")));
	return broker_job_take_result(ctx, res, rc);
}

/* snapshot.delete and snapshot.restore act on one existing snapshot of the
 * system the job names; only the engine call differs. */
static int run_on_snapshot(struct broker_job_ctx *ctx, int restore)
{
	struct broker_access_env env;
	int64_t snap = broker_job_param_id(ctx, "snapshot_id");
	json_t *res = NULL;
	int rc = broker_access_env_for(&env, ctx, broker_job_param_id(ctx, "system_id"));
	if (rc == 0 && restore)
		rc = broker_snap_restore(&res, &env, snap,
					     json_is_true(json_object_get(ctx->params, "force")),
					     &ctx->status);
	else if (rc == 0)
		rc = broker_snap_delete(&res, &env, snap, &ctx->status);
	return broker_job_take_result(ctx, res, rc);
}

static int run_snap_delete(struct broker_job_ctx *ctx)
{
	return run_on_snapshot(ctx, 0);
}

static int run_snap_restore(struct broker_job_ctx *ctx)
{
	return run_on_snapshot(ctx, 1);
}

/* The clone request as the job recorded it (run and recover read the same). */
static struct broker_snap_clone_req clone_req(struct broker_job_ctx *ctx)
{
	struct broker_snap_clone_req req = {
		.source_volume_id = broker_job_param_id(ctx, "source_volume_id"),
		.source_snapshot_id = broker_job_param_id(ctx, "source_snapshot_id"),
		.name = json_string_value(json_object_get(ctx->params, "name")),
		.full = json_is_true(json_object_get(ctx->params, "full")),
		.pool_id = broker_job_param_id(ctx, "pool_id"),
		.tenant_id = broker_job_param_id(ctx, "tenant_id"),
	};
	return req;
}

static int run_clone(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	struct broker_snap_clone_req req = clone_req(ctx);
	json_t *res = NULL;
	int rc = broker_access_env_for(&env, ctx, broker_job_param_id(ctx, "system_id"));
	if (rc == 0)
		rc = broker_snap_clone(&res, &env, &req, &ctx->status);
	if (rc == 0)
		rc = broker_meta_apply_params(ctx, "volume", (int64_t)json_integer_value(
								     json_object_get(res, "volume_id")));
	return broker_job_take_result(ctx, res, rc);
}

const struct broker_job_kind broker_kind_snap_create = { "snapshot.create", run_snap_create,
							 run_snap_create };
const struct broker_job_kind broker_kind_snap_delete = { "snapshot.delete", run_snap_delete,
							 run_snap_delete };
const struct broker_job_kind broker_kind_snap_restore = { "snapshot.restore", run_snap_restore,
							  NULL };
/* After a crash: clean whatever the interrupted clone left on the array
 * and fail the job so the caller retries from scratch. */
static int recover_clone(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	struct broker_snap_clone_req req = clone_req(ctx);
	int cleaned = 0;
	if (!ctx->step)
		return run_clone(ctx); /* nothing reached the array yet */
	int rc = broker_access_env_for(&env, ctx, broker_job_param_id(ctx, "system_id"));
	if (rc == 0)
		rc = broker_snap_clone_recover(&cleaned, &env, &req, &ctx->status);
	if (rc)
		return rc;
	return broker_fail(&ctx->status, SLGW_ABORTED,
			   "clone %s was interrupted by a restart at step %s; its %d temporary "
			   "object(s) were removed: retry", req.name ? req.name : "?", ctx->step,
			   cleaned);
}

const struct broker_job_kind broker_kind_clone = { "volume.clone", run_clone, recover_clone };

int broker_create_snapshot(broker *b, const struct broker_caller *c, const char *volume_id,
			   const char *name, store_job **job_out, struct broker_status *st)
{
	return broker_create_snapshot_attrs(b, c, volume_id, name, NULL, job_out, st);
}

int broker_create_snapshot_attrs(broker *b, const struct broker_caller *c, const char *volume_id,
				 const char *name, const struct broker_attrs *attrs,
				 store_job **job_out, struct broker_status *st)
{
	store_volume *v = NULL;
	char key[64];
	*job_out = NULL;
	if (!name || !*name || strlen(name) > BROKER_RULE_LONG_NAME_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "snapshot name must be 1..%d characters",
				   BROKER_RULE_LONG_NAME_MAX);
	if (broker_meta_check_attrs(attrs, 0, st))
		return -(int)st->code;
	int rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc)
		return rc;
	json_t *params = json_pack("{s:I, s:s}", "volume_id", (json_int_t)v->id, "name", name);
	broker_meta_params_put(params, attrs, 0);
	broker_object_key(key, sizeof(key), "volume", v->id);
	rc = broker_job_submit(job_out, b, c, &broker_kind_snap_create, key, params, st);
	json_decref(params);
	store_volume_free(v);
	return rc;
}

/* A snapshot visible to c with its volume's system. */
static int scope_snapshot(store_snapshot **out, int64_t *sys_id, broker *b,
			  const struct broker_caller *c, const char *snapshot_id,
			  struct broker_status *st)
{
	int64_t id;
	*out = NULL;
	if (broker_parse_id(&id, snapshot_id, "snapshot id", st))
		return -(int)st->code;
	int rc = store_snapshot_get(out, broker_store(b), id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && ((*out)->state == STORE_STATE_DELETED ||
						  !broker_visible(c, (*out)->tenant_id)))) {
		store_snapshot_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_NOT_FOUND, "snapshot %s not found", snapshot_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading snapshot");
	store_volume *v = NULL;
	rc = store_volume_get(&v, broker_store(b), (*out)->volume_id);
	if (rc) {
		store_snapshot_free(*out);
		*out = NULL;
		return broker_fail_store(st, rc, "reading the snapshot's volume");
	}
	*sys_id = v->system_id;
	store_volume_free(v);
	return 0;
}

int broker_delete_snapshot(broker *b, const struct broker_caller *c, const char *snapshot_id,
			   store_job **job_out, struct broker_status *st)
{
	store_snapshot *sn = NULL;
	int64_t sys = 0, id;
	char key[64];
	*job_out = NULL;
	if (broker_parse_id(&id, snapshot_id, "snapshot id", st))
		return -(int)st->code;
	int rc = scope_snapshot(&sn, &sys, b, c, snapshot_id, st);
	json_t *params = json_pack("{s:I, s:I}", "snapshot_id", (json_int_t)id, "system_id",
				   (json_int_t)sys);
	broker_object_key(key, sizeof(key), "snapshot", id);
	if (rc == -(int)SLGW_NOT_FOUND) {
		store_snapshot *raw = NULL;
		/* Another tenant's snapshot answers like a gone one (
		 * as if it did not exist), else the answer tells ids apart. */
		int gone = store_snapshot_get(&raw, broker_store(b), id) == STORE_ENOTFOUND ||
			   (raw && (raw->state == STORE_STATE_DELETED ||
				    !broker_visible(c, raw->tenant_id)));
		store_snapshot_free(raw);
		if (gone) {
			json_t *result = json_pack("{s:I, s:b}", "snapshot_id", (json_int_t)id,
						   "deleted", 0);
			rc = broker_job_noop(job_out, b, c, &broker_kind_snap_delete, key, params, result,
					     st);
			json_decref(result);
		}
	} else if (rc == 0) {
		rc = broker_job_submit(job_out, b, c, &broker_kind_snap_delete, key, params, st);
	}
	json_decref(params);
	store_snapshot_free(sn);
	return rc;
}

int broker_restore_snapshot(broker *b, const struct broker_caller *c, const char *snapshot_id,
			    int force, store_job **job_out, struct broker_status *st)
{
	store_snapshot *sn = NULL;
	int64_t sys = 0;
	char key[64];
	*job_out = NULL;
	int rc = scope_snapshot(&sn, &sys, b, c, snapshot_id, st);
	if (rc)
		return rc;
	json_t *params = json_pack("{s:I, s:I, s:b}", "snapshot_id", (json_int_t)sn->id,
				   "system_id", (json_int_t)sys, "force", force ? 1 : 0);
	broker_object_key(key, sizeof(key), "volume", sn->volume_id);
	rc = broker_job_submit(job_out, b, c, &broker_kind_snap_restore, key, params, st);
	json_decref(params);
	store_snapshot_free(sn);
	return rc;
}

int broker_enum_snapshots(store_snapshot **out, size_t *n_out, char **next_page_token,
			  broker *b, const struct broker_caller *c, const char *volume_id,
			  const struct broker_page *page, struct broker_status *st)
{
	return broker_enum_snapshots_in(out, n_out, next_page_token, b, c, volume_id, NULL, page,
					st);
}

int broker_enum_snapshots_in(store_snapshot **out, size_t *n_out, char **next_page_token,
			     broker *b, const struct broker_caller *c, const char *volume_id,
			     const char *collection, const struct broker_page *page,
			     struct broker_status *st)
{
	store_filter f;
	char why[160];
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (broker_filter_volume(&f, b, c, volume_id, st))
		return -(int)st->code;
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	if (collection && broker_rule_collection(collection, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "collection: %s", why);
	f.collection = collection;
	int rc = store_snapshot_list(out, n_out, broker_store(b), &f);
	return broker_list_done(next_page_token, rc, "listing snapshots", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

/* Refusals of a clone the grant would refuse, BEFORE a job exists, with
 * the codes allocateStorage gives in the same situation: no grant on the
 * target pool -> NOT_FOUND for a tenant (as if the pool did not exist),
 * FAILED_PRECONDITION for an admin; frozen or provisioning type not
 * allowed -> PERMISSION_DENIED; over the size or count quota ->
 * RESOURCE_EXHAUSTED with the numbers.  The clone charges its source's
 * size and provisioning, as store_volume_reserve will.  The job's
 * reservation re-checks atomically (a concurrent call may still win). */
static int clone_admission(broker *b, const struct broker_caller *c, int64_t tenant,
			   const store_volume *src, int64_t pool_id, struct broker_status *st)
{
	store_filter f = { 0 };
	store_grant_usage *g = NULL;
	size_t ng = 0;
	int rc;

	if (tenant <= 0)
		return 0; /* admin-owned: no grant applies */
	f.tenant_id = tenant;
	f.pool_id = pool_id;
	rc = store_grant_usage_list(&g, &ng, broker_store(b), &f);
	if (rc)
		return broker_fail_store(st, rc, "reading the grant");
	size_t i;
	for (i = 0; i < ng; i++)
		if (g[i].grant.tenant_id == tenant && g[i].grant.pool_id == pool_id)
			break;
	if (i == ng) {
		rc = c->is_admin
			? broker_fail(st, SLGW_FAILED_PRECONDITION,
				      "tenant %" PRId64 " has no grant on storage pool %" PRId64
				      "; grant it first", tenant, pool_id)
			: broker_fail(st, SLGW_NOT_FOUND, "storage pool %" PRId64 " not found",
				      pool_id);
		goto out;
	}
	const store_grant_usage *u = &g[i];
	int mask = u->grant.prov_allowed ? u->grant.prov_allowed : STORE_PROV_MASK_ALL;
	if (u->grant.frozen)
		rc = broker_fail(st, SLGW_PERMISSION_DENIED,
				 "the grant on storage pool %" PRId64 " is frozen: no new allocations",
				 pool_id);
	else if (!(mask & STORE_PROV_MASK(src->prov)))
		rc = broker_fail(st, SLGW_PERMISSION_DENIED,
				 "the grant on storage pool %" PRId64 " does not allow %s volumes "
				 "(a clone has its source's provisioning)",
				 pool_id, store_prov_name(src->prov));
	else if (u->used_mb + src->size_mb > u->grant.quota_mb)
		rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
				 "cloning %" PRId64 " MB in storage pool %" PRId64 ": used %" PRId64
				 " MB + %" PRId64 " MB > quota %" PRId64 " MB",
				 src->size_mb, pool_id, u->used_mb, src->size_mb, u->grant.quota_mb);
	else if (u->grant.max_volumes && u->volumes + 1 > u->grant.max_volumes)
		rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
				 "cloning in storage pool %" PRId64 ": %" PRId64 " volumes + 1 > "
				 "max %" PRId64 " volumes", pool_id, u->volumes, u->grant.max_volumes);
out:
	store_grant_usage_array_free(g, ng);
	return rc;
}

int broker_clone_storage(broker *b, const struct broker_caller *c,
			 const struct broker_clone_req *req, store_job **job_out,
			 struct broker_status *st)
{
	store_volume *v = NULL;
	store_snapshot *sn = NULL;
	int64_t sys = 0, pool = 0;
	int rc;
	*job_out = NULL;
	if (!req || !req->name || !*req->name || strlen(req->name) > BROKER_RULE_LONG_NAME_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "clone name must be 1..%d characters",
				   BROKER_RULE_LONG_NAME_MAX);
	int by_vol = req->source_volume_id && *req->source_volume_id;
	int by_snap = req->source_snapshot_id && *req->source_snapshot_id;
	if (by_vol == by_snap)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "clone: give exactly one of source volume and source snapshot");
	if (req->kind != STORE_CLONE_LINKED && req->kind != STORE_CLONE_FULL)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "clone kind must be linked or full");
	if (broker_meta_check_attrs(&req->attrs, 1, st))
		return -(int)st->code;
	if (by_vol) {
		rc = broker_scope_volume(&v, b, c, req->source_volume_id, st);
		if (rc == 0)
			sys = v->system_id;
	} else {
		rc = scope_snapshot(&sn, &sys, b, c, req->source_snapshot_id, st);
	}
	if (rc == 0 && req->pool_id && *req->pool_id) {
		if (req->kind != STORE_CLONE_FULL)
			rc = broker_fail(st, SLGW_INVALID_ARGUMENT,
					 "a linked clone lives in its source's pool: pool_id is only "
					 "for full clones");
		else if (broker_parse_id(&pool, req->pool_id, "pool id", st))
			rc = -(int)st->code;
	}
	int64_t tenant = 0;
	if (rc == 0)
		tenant = v ? v->tenant_id : sn->tenant_id;
	if (rc == 0) {
		store_volume *src = v;
		if (!src && store_volume_get(&src, broker_store(b), sn->volume_id) != 0)
			src = NULL; /* gone meanwhile: the job answers for it */
		if (src)
			rc = clone_admission(b, c, tenant, src, pool > 0 ? pool : src->pool_id, st);
		if (src != v)
			store_volume_free(src);
	}
	if (rc == 0) {
		json_t *params = json_pack("{s:I, s:I, s:s, s:b, s:I, s:I, s:I}",
					   "source_volume_id", (json_int_t)(v ? v->id : 0),
					   "source_snapshot_id", (json_int_t)(sn ? sn->id : 0),
					   "name", req->name, "full", req->kind == STORE_CLONE_FULL,
					   "pool_id", (json_int_t)pool, "tenant_id",
					   (json_int_t)tenant, "system_id", (json_int_t)sys);
		broker_meta_params_put(params, &req->attrs, 1);
		rc = broker_job_submit(job_out, b, c, &broker_kind_clone, NULL, params, st);
		json_decref(params);
	}
	store_volume_free(v);
	store_snapshot_free(sn);
	return rc;
}
