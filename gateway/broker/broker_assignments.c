/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_assignments.c - mapping volumes to hosts: the public entry points
 * (broker.h) and the job kinds they run.
 *
 * Assignments hold no job object: the engine (broker_access_map.c)
 * serializes callers of the same (volume, host) itself, so that 8 callers
 * mapping the same volume all get the answer instead of 7 ABORTED, while
 * different volumes on one host run in parallel.  Assign and unassign are
 * idempotent against the array, so after a crash they simply run again.
 *
 * Preparing a host on an array (its group and paths, no LUN) lives here
 * too, beside the adoption of a group: both are what a first assignment
 * would otherwise do, and like an assignment a prepare takes no job key -
 * the engine's registration key makes concurrent ones register once, and
 * a pool's SR attach on every host at once is not refused as ABORTED.
 */
#include "broker_access.h"
#include "broker_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------- assignment kinds */


static int run_assign(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	int64_t vol = broker_job_param_id(ctx, "volume_id"), host = broker_job_param_id(ctx, "host_id"), sys = 0;
	json_t *res = NULL, *hlu = json_object_get(ctx->params, "hlu");
	int rc = broker_volume_system_id(&sys, broker_store(ctx->b), vol, &ctx->status);
	if (rc == 0)
		rc = broker_access_env_for(&env, ctx, sys);
	if (rc == 0)
		rc = broker_access_assign_hlu(&res, &env, vol, host,
					      json_is_integer(hlu) ? (int)json_integer_value(hlu) : -1,
					      &ctx->status);
	return broker_job_take_result(ctx, res, rc);
}

static int run_unassign(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	int64_t vol = broker_job_param_id(ctx, "volume_id"), host = broker_job_param_id(ctx, "host_id");
	int64_t sys = broker_job_param_id(ctx, "system_id");
	json_t *res = NULL;
	int rc = broker_access_env_for(&env, ctx, sys);
	if (rc == 0)
		rc = broker_access_unassign(&res, &env, vol, host, &ctx->status);
	return broker_job_take_result(ctx, res, rc);
}

/* An admin's adoption of an existing array group for one host: recorded
 * as a claim the host's next registration completes (broker_access.h). */
static int run_adopt_group(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	int64_t hid = broker_job_param_id(ctx, "host_id"), sid = broker_job_param_id(ctx, "system_id");
	const char *group = json_string_value(json_object_get(ctx->params, "group"));
	store *s = broker_store(ctx->b);
	store_host *h = NULL;
	store_system *sys = NULL;
	json_t *res = NULL;
	int rc = broker_access_env_for(&env, ctx, sid);
	if (rc == 0 && store_host_get(&h, s, hid))
		rc = broker_fail(&ctx->status, SLGW_NOT_FOUND, "host %" PRId64 " not found", hid);
	if (rc == 0 && store_system_get(&sys, s, sid))
		rc = broker_fail(&ctx->status, SLGW_NOT_FOUND, "storage system %" PRId64 " not found", sid);
	if (rc == 0)
		rc = broker_access_host_adopt_group(&env, h, sys, group ? group : "", &ctx->status);
	if (rc == 0)
		res = json_pack("{s:I, s:I, s:s}", "host_id", (json_int_t)hid, "system_id",
				(json_int_t)sid, "storage_group", group);
	store_host_free(h);
	store_system_free(sys);
	return broker_job_take_result(ctx, res, rc);
}

const struct broker_job_kind broker_kind_adopt_group = { "host.adopt_group", run_adopt_group,
							 run_adopt_group };

static int run_host_prepare(struct broker_job_ctx *ctx)
{
	struct broker_access_env env;
	int64_t hid = broker_job_param_id(ctx, "host_id"), sid = broker_job_param_id(ctx, "system_id");
	json_t *res = NULL;
	int rc = broker_access_env_for(&env, ctx, sid);
	if (rc == 0)
		rc = broker_access_host_prepare(&res, &env, hid, sid, &ctx->status);
	return broker_job_take_result(ctx, res, rc);
}

const struct broker_job_kind broker_kind_host_prepare = { "host.prepare", run_host_prepare,
							  run_host_prepare };

/* Submits kind for a host on a storage system, both as c may see them;
 * the group (adoption) rides in the parameters when there is one. */
static int submit_host_system_job(store_job **job_out, broker *b, const struct broker_caller *c,
				  const struct broker_job_kind *kind, const char *host_id,
				  const char *system_id, const char *group, struct broker_status *st)
{
	store_host *h = NULL;
	store_system *sys = NULL;
	int rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc == 0)
		rc = broker_scope_system(&sys, b, c, system_id, st);
	if (rc == 0) {
		json_t *params = json_pack("{s:I, s:I}", "host_id", (json_int_t)h->id,
					   "system_id", (json_int_t)sys->id);
		if (params && group)
			json_object_set_new(params, "group", json_string(group));
		rc = broker_job_submit(job_out, b, c, kind, NULL, params, st);
		json_decref(params);
	}
	store_host_free(h);
	store_system_free(sys);
	return rc;
}

int broker_prepare_host(broker *b, const struct broker_caller *c, const char *host_id,
			const char *system_id, store_job **job_out, struct broker_status *st)
{
	*job_out = NULL;
	return submit_host_system_job(job_out, b, c, &broker_kind_host_prepare, host_id, system_id,
				      NULL, st);
}

int broker_adopt_storage_group(broker *b, const struct broker_caller *c, const char *host_id,
			       const char *system_id, const char *group, store_job **job_out,
			       struct broker_status *st)
{
	*job_out = NULL;
	if (!c->is_admin)
		return broker_fail(st, SLGW_PERMISSION_DENIED,
				   "only an admin may adopt an existing storage group");
	if (broker_access_hostname_valid(group, st))
		return -(int)st->code;
	return submit_host_system_job(job_out, b, c, &broker_kind_adopt_group, host_id, system_id,
				      group, st);
}

const struct broker_job_kind broker_kind_assign = { "assignment.assign", run_assign, run_assign };
const struct broker_job_kind broker_kind_unassign = { "assignment.unassign", run_unassign,
						      run_unassign };

int broker_assign_storage(broker *b, const struct broker_caller *c, const char *volume_id,
			  const char *host_id, store_job **job_out, struct broker_status *st)
{
	return broker_assign_storage_hlu(b, c, volume_id, host_id, -1, job_out, st);
}

int broker_assign_storage_hlu(broker *b, const struct broker_caller *c, const char *volume_id,
			      const char *host_id, int hlu, store_job **job_out,
			      struct broker_status *st)
{
	store_volume *v = NULL;
	store_host *h = NULL;
	*job_out = NULL;
	if (hlu > BROKER_ACCESS_HLU_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "hlu: %d is out of range 0..%d", hlu,
				   BROKER_ACCESS_HLU_MAX);
	int rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc == 0)
		rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc == 0 && v->tenant_id != h->tenant_id && v->tenant_id && h->tenant_id)
		rc = broker_fail(st, SLGW_PERMISSION_DENIED,
				 "volume %s and host %s belong to different tenants", volume_id,
				 host_id);
	if (rc == 0) {
		json_t *params = json_pack("{s:I, s:I}", "volume_id", (json_int_t)v->id, "host_id",
					   (json_int_t)h->id);
		if (params && hlu >= 0)
			json_object_set_new(params, "hlu", json_integer(hlu));
		rc = broker_job_submit(job_out, b, c, &broker_kind_assign, NULL, params, st);
		json_decref(params);
	}
	store_volume_free(v);
	store_host_free(h);
	return rc;
}

int broker_unassign_storage(broker *b, const struct broker_caller *c, const char *volume_id,
			    const char *host_id, store_job **job_out, struct broker_status *st)
{
	store_volume *v = NULL;
	store_host *h = NULL;
	int64_t vid, hid;
	*job_out = NULL;
	if (broker_parse_id(&vid, volume_id, "volume id", st) ||
	    broker_parse_id(&hid, host_id, "host id", st))
		return -(int)st->code;
	int rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc == 0)
		rc = broker_scope_host(&h, b, c, host_id, st);
	json_t *params = json_pack("{s:I, s:I, s:I}", "volume_id", (json_int_t)vid, "host_id",
				   (json_int_t)hid, "system_id", (json_int_t)(v ? v->system_id : 0));
	/* Not found for this caller - gone, or another tenant's, which must
	 * answer exactly the same (no existence oracle) - means
	 * nothing of the caller's can be mapped there, so unassigning
	 * succeeds as a no-op (CSI unpublish) and touches nothing. */
	int gone = rc == -(int)SLGW_NOT_FOUND;
	if (gone) {
		/* Unassigning from something gone: nothing is mapped. */
		json_t *result = json_pack("{s:I, s:I, s:b}", "volume_id", (json_int_t)vid,
					   "host_id", (json_int_t)hid, "unassigned", 0);
		rc = broker_job_noop(job_out, b, c, &broker_kind_unassign, NULL, params, result, st);
		json_decref(result);
	} else if (rc == 0) {
		rc = broker_job_submit(job_out, b, c, &broker_kind_unassign, NULL, params, st);
	}
	json_decref(params);
	store_volume_free(v);
	store_host_free(h);
	return rc;
}

/* Narrows a listing to one volume c may see when volume_id names one (NULL
 * or "": no narrowing); NOT_FOUND as broker_scope_volume gives it. 0 or -code. */

int broker_enum_assignments(store_assignment **out, size_t *n_out, char **next_page_token,
			    broker *b, const struct broker_caller *c, const char *volume_id,
			    const char *host_id, const struct broker_page *page,
			    struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (broker_filter_volume(&f, b, c, volume_id, st))
		return -(int)st->code;
	if (host_id && *host_id) {
		store_host *h = NULL;
		if (broker_scope_host(&h, b, c, host_id, st))
			return -(int)st->code;
		f.host_id = h->id;
		store_host_free(h);
	}
	int rc = store_assignment_list(out, n_out, broker_store(b), &f);
	if (rc)
		return broker_fail_store(st, rc, "listing assignments");
	size_t raw = *n_out;
	int64_t last = raw ? (*out)[raw - 1].id : 0;
	if (!c->is_admin) {
		/* Keep only assignments to the tenant's own hosts.  Compacting
		 * by struct copy is safe: store_assignment owns no memory. */
		size_t k = 0;
		for (size_t i = 0; i < *n_out; i++) {
			store_host *h = NULL;
			int mine = store_host_get(&h, broker_store(b), (*out)[i].host_id) == 0 &&
				   broker_visible(c, h->tenant_id);
			store_host_free(h);
			if (mine)
				(*out)[k++] = (*out)[i];
		}
		*n_out = k;
	}
	return broker_list_done(next_page_token, 0, NULL, &f, raw, last, st);
}
