/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * access_register.c - issue 6 inside the broker: the public entry points
 * for hosts, assignments, snapshots and clones (declared in broker.h), and
 * the job kinds they run on the broker's workers.
 *
 * Design: an entry point validates and scopes (tenant rules, syntax of
 * names and initiator ids - nothing malformed reaches a job, let alone an
 * array), then submits a job whose params carry only ids and plain values.
 * The job's run function builds an access_env (store + the system's
 * adapter + step/progress hooks) and calls the core in access_core.c /
 * snap_core.c, which is where the behaviour lives and is tested.
 *
 * Serialization: host changes hold "host/<id>", snapshot changes their
 * volume or snapshot; assignments hold no job object because the core
 * serializes callers of the same (volume, host) itself - so that 8 callers
 * mapping the same volume all get the answer instead of 7 ABORTED - and
 * different volumes on one host must run in parallel.
 *
 * Recovery: assign, unassign, snapshot create and the host operations are
 * idempotent against the array (already mapped / name in use / already
 * registered are success), so after a crash they simply run again.
 */
#include "access.h"
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

static int env_for(struct access_env *env, struct broker_job_ctx *ctx, int64_t system_id)
{
	memset(env, 0, sizeof(*env));
	env->s = broker_store(ctx->b);
	env->job = ctx;
	env->step = hook_step;
	env->progress = hook_progress;
	env->poll_ms = 1000;
	env->a = broker_adapter_get(ctx->b, system_id, &ctx->status);
	return env->a ? 0 : -(int)(ctx->status.code ? ctx->status.code : SLGW_INTERNAL);
}

static int64_t param_id(struct broker_job_ctx *ctx, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(ctx->params, key));
}

/* Merge a core result into the job's and drop it. */
static int take_result(struct broker_job_ctx *ctx, json_t *res, int rc)
{
	if (rc == 0 && res)
		json_object_update(ctx->result, res);
	json_decref(res);
	return rc;
}

static int host_systems(store_host_system **out, size_t *n, store *s, int64_t host_id,
			struct broker_status *st)
{
	store_filter f = { 0 };
	f.host_id = host_id;
	int rc = store_host_system_list(out, n, s, &f);
	return rc ? access_fail_store(st, rc, "host registrations") : 0;
}

/* ---------------------------------------------------------- host kinds */

static int run_host_add(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	const char *name = json_string_value(json_object_get(ctx->params, "name"));
	const char *ip = json_string_value(json_object_get(ctx->params, "ip"));
	json_t *inits = json_object_get(ctx->params, "initiators");
	store_host rec = {
		.tenant_id = param_id(ctx, "tenant_id"),
		.name = (char *)name,
		.ip = (char *)ip,
		.failover_wanted = (store_failover)json_integer_value(json_object_get(ctx->params,
										       "failover")),
	};
	int64_t id = 0;
	store_host *old = NULL;
	int rc = store_host_find(&old, s, rec.tenant_id, name);
	if (rc == 0) {
		id = old->id; /* a re-run after a crash: keep the row */
		store_host_free(old);
	} else {
		rc = store_host_insert(&id, s, &rec);
		if (rc)
			return access_fail_store(&ctx->status, rc, "adding the host");
	}
	size_t i;
	json_t *v;
	json_array_foreach(inits, i, v) {
		store_initiator in = {
			.host_id = id,
			.kind = (store_proto)json_integer_value(json_object_get(v, "kind")),
			.address = (char *)json_string_value(json_object_get(v, "address")),
		};
		int64_t iid;
		rc = store_initiator_insert(&iid, s, &in);
		if (rc == STORE_EEXISTS) {
			store_initiator *arr = NULL;
			size_t n = 0;
			store_filter f = { 0 };
			f.name = in.address;
			int mine = 0;
			if (store_initiator_list(&arr, &n, s, &f) == 0)
				for (size_t k = 0; k < n; k++)
					mine |= arr[k].host_id == id;
			store_initiator_array_free(arr, n);
			if (mine)
				continue;
			store_host_delete(s, id);
			return access_fail(&ctx->status, SLGW_ALREADY_EXISTS,
					   "initiator %s belongs to another host", in.address);
		}
		if (rc) {
			store_host_delete(s, id);
			return access_fail_store(&ctx->status, rc, "adding an initiator");
		}
	}
	json_object_set_new(ctx->result, "host_id", json_integer(id));
	return 0;
}

static int run_host_remove(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = param_id(ctx, "host_id");
	store_host *host = NULL;
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int rc = store_host_get(&host, s, host_id);
	if (rc == STORE_ENOTFOUND) {
		json_object_set_new(ctx->result, "host_id", json_integer(host_id));
		return 0;
	}
	if (rc)
		return access_fail_store(&ctx->status, rc, "host");
	store_assignment *asg = NULL;
	size_t nasg = 0;
	store_filter f = { 0 };
	f.host_id = host_id;
	rc = store_assignment_list(&asg, &nasg, s, &f);
	store_assignment_array_free(asg, nasg);
	if (rc == 0 && nasg > 0) {
		rc = access_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				 "host %s still has %zu volume(s) assigned: unassign them first",
				 host->name, nasg);
		goto out;
	}
	rc = host_systems(&hs, &nhs, s, host_id, &ctx->status);
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		struct access_env env;
		store_system *sys = NULL;
		rc = env_for(&env, ctx, hs[i].system_id);
		if (rc == 0 && (rc = store_system_get(&sys, s, hs[i].system_id)) != 0)
			rc = access_fail_store(&ctx->status, rc, "storage system");
		if (rc == 0)
			rc = access_host_unregister(&env, host, sys, &ctx->status);
		store_system_free(sys);
	}
	if (rc == 0) {
		rc = store_host_delete(s, host_id);
		if (rc == STORE_ENOTFOUND)
			rc = 0;
		if (rc)
			rc = access_fail_store(&ctx->status, rc, "removing the host");
	}
	if (rc == 0)
		json_object_set_new(ctx->result, "host_id", json_integer(host_id));
out:
	store_host_system_array_free(hs, nhs);
	store_host_free(host);
	return rc;
}

/* Runs fn for the host on every array it is registered on. */
static int for_each_system(struct broker_job_ctx *ctx, const store_host *host,
			   const store_initiator *ini,
			   int (*fn)(const struct access_env *, const store_host *,
				     const store_system *, const store_initiator *,
				     struct broker_status *))
{
	store *s = broker_store(ctx->b);
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int rc = host_systems(&hs, &nhs, s, host->id, &ctx->status);
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		struct access_env env;
		store_system *sys = NULL;
		rc = env_for(&env, ctx, hs[i].system_id);
		if (rc == 0 && (rc = store_system_get(&sys, s, hs[i].system_id)) != 0)
			rc = access_fail_store(&ctx->status, rc, "storage system");
		if (rc == 0)
			rc = fn(&env, host, sys, ini, &ctx->status);
		store_system_free(sys);
	}
	store_host_system_array_free(hs, nhs);
	return rc;
}

static int find_initiator(store_initiator **out, store *s, int64_t host_id, const char *addr)
{
	store_initiator *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	f.host_id = host_id;
	*out = NULL;
	int rc = store_initiator_list(&arr, &n, s, &f);
	if (rc)
		return rc;
	for (size_t i = 0; i < n && !*out; i++)
		if (strcmp(arr[i].address, addr) == 0)
			store_initiator_get(out, s, arr[i].id);
	store_initiator_array_free(arr, n);
	return 0;
}

static int run_initiator_add(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = param_id(ctx, "host_id");
	const char *addr = json_string_value(json_object_get(ctx->params, "address"));
	store_host *host = NULL;
	store_initiator *ini = NULL;
	int rc = store_host_get(&host, s, host_id);
	if (rc)
		return access_fail_store(&ctx->status, rc, "host");
	rc = find_initiator(&ini, s, host_id, addr);
	if (rc == 0 && !ini) {
		store_initiator in = {
			.host_id = host_id,
			.kind = (store_proto)json_integer_value(json_object_get(ctx->params, "kind")),
			.address = (char *)addr,
		};
		int64_t iid;
		rc = store_initiator_insert(&iid, s, &in);
		if (rc == STORE_EEXISTS) {
			rc = access_fail(&ctx->status, SLGW_ALREADY_EXISTS,
					 "initiator %s belongs to another host", addr);
			goto out;
		}
		if (rc == 0)
			rc = store_initiator_get(&ini, s, iid);
	}
	if (rc) {
		rc = access_fail_store(&ctx->status, rc, "adding the initiator");
		goto out;
	}
	rc = for_each_system(ctx, host, ini, access_initiator_register);
	if (rc == 0) {
		json_object_set_new(ctx->result, "host_id", json_integer(host_id));
		json_object_set_new(ctx->result, "initiator", json_string(addr));
	}
out:
	store_initiator_free(ini);
	store_host_free(host);
	return rc;
}

static int run_initiator_remove(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = param_id(ctx, "host_id");
	const char *addr = json_string_value(json_object_get(ctx->params, "address"));
	store_host *host = NULL;
	store_initiator *ini = NULL, *all = NULL;
	store_assignment *asg = NULL;
	size_t nall = 0, nasg = 0;
	int rc = store_host_get(&host, s, host_id);
	if (rc)
		return access_fail_store(&ctx->status, rc, "host");
	rc = find_initiator(&ini, s, host_id, addr);
	if (rc) {
		rc = access_fail_store(&ctx->status, rc, "initiators");
		goto out;
	}
	if (!ini)
		goto done; /* gone already */
	store_filter f = { 0 };
	f.host_id = host_id;
	if (store_initiator_list(&all, &nall, s, &f) == 0 &&
	    store_assignment_list(&asg, &nasg, s, &f) == 0 && nall <= 1 && nasg > 0) {
		rc = access_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				 "initiator %s is the last of host %s, which has %zu volume(s) "
				 "assigned: unassign them first", addr, host->name, nasg);
		goto out;
	}
	rc = for_each_system(ctx, host, ini, access_initiator_deregister);
	if (rc)
		goto out;
	rc = store_initiator_delete(s, ini->id);
	if (rc && rc != STORE_ENOTFOUND) {
		rc = access_fail_store(&ctx->status, rc, "removing the initiator");
		goto out;
	}
	rc = 0;
done:
	json_object_set_new(ctx->result, "host_id", json_integer(host_id));
	json_object_set_new(ctx->result, "initiator", json_string(addr));
out:
	store_assignment_array_free(asg, nasg);
	store_initiator_array_free(all, nall);
	store_initiator_free(ini);
	store_host_free(host);
	return rc;
}

/* The address goes to the arrays with the host's first registration on
 * each; an array that registered the host keeps the address it was given,
 * so it can change only while no array has the host. */
static int run_host_address(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = param_id(ctx, "host_id");
	const char *ip = json_string_value(json_object_get(ctx->params, "ip"));
	store_host *host = NULL;
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int rc = store_host_get(&host, s, host_id);
	if (rc)
		return access_fail_store(&ctx->status, rc, "host");
	json_object_set_new(ctx->result, "host_id", json_integer(host_id));
	if (host->ip && ip && strcmp(host->ip, ip) == 0)
		goto out; /* already so */
	rc = host_systems(&hs, &nhs, s, host_id, &ctx->status);
	if (rc == 0 && nhs > 0 && host->ip && host->ip[0]) {
		rc = access_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				 "host %s is registered on %zu storage system(s) with address %s, "
				 "which keep it: unassign its volumes, remove the host and add it "
				 "again with the new hostAddress", host->name, nhs, host->ip);
		goto out;
	}
	if (rc)
		goto out;
	char *old = host->ip;
	host->ip = (char *)ip;
	rc = store_host_update(s, host);
	host->ip = old;
	if (rc)
		rc = access_fail_store(&ctx->status, rc, "recording the host address");
out:
	if (rc == 0)
		json_object_set_new(ctx->result, "ip", json_string(ip ? ip : ""));
	store_host_system_array_free(hs, nhs);
	store_host_free(host);
	return rc;
}

static int run_host_failover(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = param_id(ctx, "host_id");
	store_failover want = (store_failover)json_integer_value(json_object_get(ctx->params,
										  "failover"));
	int offline = json_is_true(json_object_get(ctx->params, "host_offline"));
	store_host *host = NULL;
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int *modes = NULL;
	int rc = store_host_get(&host, s, host_id);
	if (rc)
		return access_fail_store(&ctx->status, rc, "host");
	rc = host_systems(&hs, &nhs, s, host_id, &ctx->status);
	if (rc)
		goto out;
	modes = calloc(nhs + 1, sizeof(*modes));
	/* Check every array before changing any: all or nothing. */
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		struct access_env env;
		store_system *sys = NULL;
		rc = env_for(&env, ctx, hs[i].system_id);
		if (rc == 0 && (rc = store_system_get(&sys, s, hs[i].system_id)) != 0)
			rc = access_fail_store(&ctx->status, rc, "storage system");
		if (rc == 0)
			rc = access_failover_check(&modes[i], &env, host, sys, want, offline,
						   &ctx->status);
		store_system_free(sys);
	}
	if (rc)
		goto out;
	host->failover_wanted = want;
	rc = store_host_update(s, host);
	if (rc) {
		rc = access_fail_store(&ctx->status, rc, "recording the failover wish");
		goto out;
	}
	json_t *applied = json_array();
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		if (!modes[i])
			continue;
		struct access_env env;
		store_system *sys = NULL;
		rc = env_for(&env, ctx, hs[i].system_id);
		if (rc == 0 && (rc = store_system_get(&sys, s, hs[i].system_id)) != 0)
			rc = access_fail_store(&ctx->status, rc, "storage system");
		if (rc == 0)
			rc = access_failover_apply(&env, host, sys, modes[i], &ctx->status);
		if (rc == 0)
			json_array_append_new(applied, json_pack("{s:I, s:i}", "system_id",
								 (json_int_t)hs[i].system_id,
								 "failover_mode", modes[i]));
		store_system_free(sys);
	}
	json_object_set_new(ctx->result, "host_id", json_integer(host_id));
	json_object_set_new(ctx->result, "applied", applied);
out:
	free(modes);
	store_host_system_array_free(hs, nhs);
	store_host_free(host);
	return rc;
}

/* ---------------------------------------------------- assignment kinds */

static int volume_system(int64_t *sys_id, store *s, int64_t vol_id, struct broker_status *st)
{
	store_volume *v = NULL;
	int rc = store_volume_get(&v, s, vol_id);
	if (rc)
		return access_fail_store(st, rc, "volume");
	*sys_id = v->system_id;
	store_volume_free(v);
	return 0;
}

static int run_assign(struct broker_job_ctx *ctx)
{
	struct access_env env;
	int64_t vol = param_id(ctx, "volume_id"), host = param_id(ctx, "host_id"), sys = 0;
	json_t *res = NULL;
	int rc = volume_system(&sys, broker_store(ctx->b), vol, &ctx->status);
	if (rc == 0)
		rc = env_for(&env, ctx, sys);
	if (rc == 0)
		rc = access_assign(&res, &env, vol, host, &ctx->status);
	return take_result(ctx, res, rc);
}

static int run_unassign(struct broker_job_ctx *ctx)
{
	struct access_env env;
	int64_t vol = param_id(ctx, "volume_id"), host = param_id(ctx, "host_id");
	int64_t sys = param_id(ctx, "system_id");
	json_t *res = NULL;
	int rc = env_for(&env, ctx, sys);
	if (rc == 0)
		rc = access_unassign(&res, &env, vol, host, &ctx->status);
	return take_result(ctx, res, rc);
}

/* ------------------------------------------------------ snapshot kinds */

static int run_snap_create(struct broker_job_ctx *ctx)
{
	struct access_env env;
	int64_t vol = param_id(ctx, "volume_id"), sys = 0;
	const char *name = json_string_value(json_object_get(ctx->params, "name"));
	json_t *res = NULL;
	int rc = volume_system(&sys, broker_store(ctx->b), vol, &ctx->status);
	if (rc == 0)
		rc = env_for(&env, ctx, sys);
	if (rc == 0)
		rc = access_snapshot_create(&res, &env, vol, name, &ctx->status);
	return take_result(ctx, res, rc);
}

static int run_snap_delete(struct broker_job_ctx *ctx)
{
	struct access_env env;
	int64_t sys = param_id(ctx, "system_id");
	json_t *res = NULL;
	int rc = env_for(&env, ctx, sys);
	if (rc == 0)
		rc = access_snapshot_delete(&res, &env, param_id(ctx, "snapshot_id"), &ctx->status);
	return take_result(ctx, res, rc);
}

static int run_snap_restore(struct broker_job_ctx *ctx)
{
	struct access_env env;
	int64_t sys = param_id(ctx, "system_id");
	json_t *res = NULL;
	int rc = env_for(&env, ctx, sys);
	if (rc == 0)
		rc = access_snapshot_restore(&res, &env, param_id(ctx, "snapshot_id"),
					     json_is_true(json_object_get(ctx->params, "force")),
					     &ctx->status);
	return take_result(ctx, res, rc);
}

static int run_clone(struct broker_job_ctx *ctx)
{
	struct access_env env;
	struct access_clone_req req = {
		.source_volume_id = param_id(ctx, "source_volume_id"),
		.source_snapshot_id = param_id(ctx, "source_snapshot_id"),
		.name = json_string_value(json_object_get(ctx->params, "name")),
		.full = json_is_true(json_object_get(ctx->params, "full")),
		.pool_id = param_id(ctx, "pool_id"),
		.tenant_id = param_id(ctx, "tenant_id"),
	};
	json_t *res = NULL;
	int rc = env_for(&env, ctx, param_id(ctx, "system_id"));
	if (rc == 0)
		rc = access_clone(&res, &env, &req, &ctx->status);
	return take_result(ctx, res, rc);
}

static const struct broker_job_kind kind_host_add = { "host.add", run_host_add, run_host_add };
static const struct broker_job_kind kind_host_remove = { "host.remove", run_host_remove,
							 run_host_remove };
static const struct broker_job_kind kind_ini_add = { "host.initiator.add", run_initiator_add,
						     run_initiator_add };
static const struct broker_job_kind kind_ini_remove = { "host.initiator.remove",
							run_initiator_remove, run_initiator_remove };
static const struct broker_job_kind kind_failover = { "host.failover", run_host_failover, NULL };
/* store only: running it again after a crash is the recovery */
static const struct broker_job_kind kind_address = { "host.address", run_host_address,
						     run_host_address };
static const struct broker_job_kind kind_assign = { "assignment.assign", run_assign, run_assign };
static const struct broker_job_kind kind_unassign = { "assignment.unassign", run_unassign,
						      run_unassign };
static const struct broker_job_kind kind_snap_create = { "snapshot.create", run_snap_create,
							 run_snap_create };
static const struct broker_job_kind kind_snap_delete = { "snapshot.delete", run_snap_delete,
							 run_snap_delete };
static const struct broker_job_kind kind_snap_restore = { "snapshot.restore", run_snap_restore,
							  NULL };
/* After a crash: clean whatever the interrupted clone left on the array
 * and fail the job so the caller retries from scratch. */
static int recover_clone(struct broker_job_ctx *ctx)
{
	struct access_env env;
	struct access_clone_req req = {
		.source_volume_id = param_id(ctx, "source_volume_id"),
		.source_snapshot_id = param_id(ctx, "source_snapshot_id"),
		.name = json_string_value(json_object_get(ctx->params, "name")),
		.full = json_is_true(json_object_get(ctx->params, "full")),
		.tenant_id = param_id(ctx, "tenant_id"),
	};
	int cleaned = 0;
	if (!ctx->step)
		return run_clone(ctx); /* nothing reached the array yet */
	int rc = env_for(&env, ctx, param_id(ctx, "system_id"));
	if (rc == 0)
		rc = access_clone_recover(&cleaned, &env, &req, &ctx->status);
	if (rc)
		return rc;
	return broker_fail(&ctx->status, SLGW_ABORTED,
			   "clone %s was interrupted by a restart at step %s; its %d temporary "
			   "object(s) were removed: retry", req.name ? req.name : "?", ctx->step,
			   cleaned);
}

static const struct broker_job_kind kind_clone = { "volume.clone", run_clone, recover_clone };

void broker_access_register(broker *b)
{
	broker_kind_register(b, &kind_host_add);
	broker_kind_register(b, &kind_host_remove);
	broker_kind_register(b, &kind_ini_add);
	broker_kind_register(b, &kind_ini_remove);
	broker_kind_register(b, &kind_failover);
	broker_kind_register(b, &kind_address);
	broker_kind_register(b, &kind_assign);
	broker_kind_register(b, &kind_unassign);
	broker_kind_register(b, &kind_snap_create);
	broker_kind_register(b, &kind_snap_delete);
	broker_kind_register(b, &kind_snap_restore);
	broker_kind_register(b, &kind_clone);
}

/* -------------------------------------------------------- entry points */

/* A host visible to c, else NOT_FOUND (the same for "not yours"). */
static int scope_host(store_host **out, broker *b, const struct broker_caller *c,
		      const char *host_id, struct broker_status *st)
{
	int64_t id;
	*out = NULL;
	if (broker_parse_id(&id, host_id, "host id", st))
		return -(int)st->code;
	int rc = store_host_get(out, broker_store(b), id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && !broker_visible(c, (*out)->tenant_id))) {
		store_host_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_NOT_FOUND, "host %s not found", host_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading host");
	return 0;
}

static int normalize_one(char *out, store_proto *kind, const char *in, struct broker_status *st)
{
	char why[256];
	enum access_initiator_kind k;
	if (access_initiator_normalize(out, ACCESS_INITIATOR_MAX, &k, in, ACCESS_INIT_UNKNOWN, why,
				       sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s", why);
	*kind = k == ACCESS_INIT_FC ? STORE_PROTO_FC : STORE_PROTO_ISCSI;
	return 0;
}

int broker_add_host(broker *b, const struct broker_caller *c, const struct broker_host_add_req *req,
		    store_job **job_out, struct broker_status *st)
{
	char why[256], key[128];
	int64_t tenant;
	int rc;

	*job_out = NULL;
	if (!req)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "addHost: no request");
	if (access_hostname_valid(req->name, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s", why);
	if (access_host_ip_valid(req->ip, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s", why);
	store_failover fo = req->failover_mode == STORE_FAILOVER_UNSET ? STORE_FAILOVER_AUTO
								       : req->failover_mode;
	if (fo != STORE_FAILOVER_AUTO && fo != STORE_FAILOVER_ALUA && fo != STORE_FAILOVER_PNR)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "host %s: failover mode must be auto, alua or pnr", req->name);
	if (req->n_initiators > 64)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "host %s: at most 64 initiators",
				   req->name);
	rc = broker_owner_tenant(&tenant, b, c, req->tenant_id, st);
	if (rc)
		return rc;
	json_t *inits = json_array();
	for (size_t i = 0; i < req->n_initiators; i++) {
		char norm[ACCESS_INITIATOR_MAX];
		store_proto kind = STORE_PROTO_ISCSI;
		if (normalize_one(norm, &kind, req->initiators[i], st)) {
			json_decref(inits);
			return -(int)st->code;
		}
		json_array_append_new(inits, json_pack("{s:i, s:s}", "kind", (int)kind,
						       "address", norm));
	}
	/* Idempotent by name: the same host again -> succeeded at once. */
	store_host *old = NULL;
	/* Names are unique per tenant: another tenant's host of this name is
	 * not looked at, so the answer cannot tell that it exists (issue 7). */
	if (store_host_find(&old, broker_store(b), tenant, req->name) == 0) {
		int same = old->tenant_id == tenant &&
			   strcmp(old->ip ? old->ip : "", req->ip ? req->ip : "") == 0 &&
			   old->failover_wanted == fo;
		store_initiator *arr = NULL;
		size_t n = 0;
		store_filter f = { 0 };
		f.host_id = old->id;
		if (same && store_initiator_list(&arr, &n, broker_store(b), &f) == 0) {
			same = n == json_array_size(inits);
			for (size_t i = 0; i < json_array_size(inits) && same; i++) {
				const char *a = json_string_value(
					json_object_get(json_array_get(inits, i), "address"));
				int found = 0;
				for (size_t k = 0; k < n; k++)
					found |= strcmp(arr[k].address, a) == 0;
				same = found;
			}
		}
		store_initiator_array_free(arr, n);
		int64_t id = old->id;
		store_host_free(old);
		if (!same || (!c->is_admin && !broker_visible(c, tenant))) {
			json_decref(inits);
			return broker_fail(st, SLGW_ALREADY_EXISTS,
					   "host %s already exists with other settings", req->name);
		}
		json_t *params = json_pack("{s:s}", "name", req->name);
		json_t *result = json_pack("{s:I}", "host_id", (json_int_t)id);
		snprintf(key, sizeof(key), "host/%" PRId64, id);
		rc = broker_job_noop(job_out, b, c, &kind_host_add, key, params, result, st);
		json_decref(params);
		json_decref(result);
		json_decref(inits);
		return rc;
	}
	json_t *params = json_pack("{s:s, s:s?, s:I, s:i, s:o}", "name", req->name, "ip",
				   (req->ip && *req->ip) ? req->ip : NULL, "tenant_id",
				   (json_int_t)tenant, "failover", (int)fo, "initiators", inits);
	snprintf(key, sizeof(key), "hostname/%" PRId64 "/%s", tenant, req->name);
	rc = broker_job_submit(job_out, b, c, &kind_host_add, key, params, st);
	json_decref(params);
	return rc;
}

int broker_remove_host(broker *b, const struct broker_caller *c, const char *host_id,
		       store_job **job_out, struct broker_status *st)
{
	store_host *h = NULL;
	char key[64];
	int64_t id;
	*job_out = NULL;
	if (broker_parse_id(&id, host_id, "host id", st))
		return -(int)st->code;
	int rc = store_host_get(&h, broker_store(b), id);
	json_t *params = json_pack("{s:I}", "host_id", (json_int_t)id);
	broker_object_key(key, sizeof(key), "host", id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && !broker_visible(c, h->tenant_id))) {
		/* Gone already: success (CSI delete semantics).  Another
		 * tenant's host answers the same (issue 7: as if it did not
		 * exist), else the answer would tell a tenant which ids exist. */
		json_t *result = json_pack("{s:I}", "host_id", (json_int_t)id);
		rc = broker_job_noop(job_out, b, c, &kind_host_remove, key, params, result, st);
		json_decref(result);
	} else if (rc) {
		rc = broker_fail_store(st, rc, "reading host");
	} else {
		rc = broker_job_submit(job_out, b, c, &kind_host_remove, key, params, st);
	}
	json_decref(params);
	store_host_free(h);
	return rc;
}

static int initiator_job(broker *b, const struct broker_caller *c, const char *host_id,
			 const char *initiator, const struct broker_job_kind *kind,
			 store_job **job_out, struct broker_status *st)
{
	store_host *h = NULL;
	char norm[ACCESS_INITIATOR_MAX], key[64];
	store_proto pk = STORE_PROTO_ISCSI;
	*job_out = NULL;
	int rc = scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = normalize_one(norm, &pk, initiator, st);
	if (rc == 0) {
		json_t *params = json_pack("{s:I, s:s, s:i}", "host_id", (json_int_t)h->id,
					   "address", norm, "kind", (int)pk);
		broker_object_key(key, sizeof(key), "host", h->id);
		rc = broker_job_submit(job_out, b, c, kind, key, params, st);
		json_decref(params);
	}
	store_host_free(h);
	return rc;
}

int broker_add_host_initiator(broker *b, const struct broker_caller *c, const char *host_id,
			      const char *initiator, store_job **job_out, struct broker_status *st)
{
	return initiator_job(b, c, host_id, initiator, &kind_ini_add, job_out, st);
}

int broker_remove_host_initiator(broker *b, const struct broker_caller *c, const char *host_id,
				 const char *initiator, store_job **job_out,
				 struct broker_status *st)
{
	return initiator_job(b, c, host_id, initiator, &kind_ini_remove, job_out, st);
}

int broker_set_host_failover(broker *b, const struct broker_caller *c, const char *host_id,
			     store_failover failover_mode, int host_offline, store_job **job_out,
			     struct broker_status *st)
{
	store_host *h = NULL;
	char key[64];
	*job_out = NULL;
	if (failover_mode == STORE_FAILOVER_UNSET)
		failover_mode = STORE_FAILOVER_AUTO;
	if (failover_mode != STORE_FAILOVER_AUTO && failover_mode != STORE_FAILOVER_ALUA &&
	    failover_mode != STORE_FAILOVER_PNR)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "failover mode must be auto, alua or pnr");
	int rc = scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	json_t *params = json_pack("{s:I, s:i, s:b}", "host_id", (json_int_t)h->id, "failover",
				   (int)failover_mode, "host_offline", host_offline ? 1 : 0);
	broker_object_key(key, sizeof(key), "host", h->id);
	rc = broker_job_submit(job_out, b, c, &kind_failover, key, params, st);
	json_decref(params);
	store_host_free(h);
	return rc;
}

int broker_set_host_address(broker *b, const struct broker_caller *c, const char *host_id,
			    const char *ip, store_job **job_out, struct broker_status *st)
{
	store_host *h = NULL;
	char key[64], why[256];
	*job_out = NULL;
	if (!ip || !*ip)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "hostAddress: give the host's IPv4 or IPv6 address");
	if (access_host_ip_valid(ip, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "hostAddress: %s", why);
	int rc = scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	json_t *params = json_pack("{s:I, s:s}", "host_id", (json_int_t)h->id, "ip", ip);
	broker_object_key(key, sizeof(key), "host", h->id);
	rc = broker_job_submit(job_out, b, c, &kind_address, key, params, st);
	json_decref(params);
	store_host_free(h);
	return rc;
}

int broker_enum_hosts(store_host **out, size_t *n_out, char **next_page_token, broker *b,
		      const struct broker_caller *c, const struct broker_page *page,
		      struct broker_status *st)
{
	store_filter f = { 0 };
	*out = NULL;
	*n_out = 0;
	if (next_page_token)
		*next_page_token = NULL;
	if (broker_page_decode(&f, page, st))
		return -(int)st->code;
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_host_list(out, n_out, broker_store(b), &f);
	if (rc)
		return broker_fail_store(st, rc, "listing hosts");
	if (next_page_token && *n_out)
		*next_page_token = broker_page_next((*out)[*n_out - 1].id, *n_out, f.limit);
	return 0;
}

int broker_get_host(store_host **out, broker *b, const struct broker_caller *c,
		    const char *host_id, struct broker_status *st)
{
	return scope_host(out, b, c, host_id, st);
}

int broker_assign_storage(broker *b, const struct broker_caller *c, const char *volume_id,
			  const char *host_id, store_job **job_out, struct broker_status *st)
{
	store_volume *v = NULL;
	store_host *h = NULL;
	*job_out = NULL;
	int rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc == 0)
		rc = scope_host(&h, b, c, host_id, st);
	if (rc == 0 && v->tenant_id != h->tenant_id && v->tenant_id && h->tenant_id)
		rc = broker_fail(st, SLGW_PERMISSION_DENIED,
				 "volume %s and host %s belong to different tenants", volume_id,
				 host_id);
	if (rc == 0) {
		json_t *params = json_pack("{s:I, s:I}", "volume_id", (json_int_t)v->id, "host_id",
					   (json_int_t)h->id);
		rc = broker_job_submit(job_out, b, c, &kind_assign, NULL, params, st);
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
		rc = scope_host(&h, b, c, host_id, st);
	json_t *params = json_pack("{s:I, s:I, s:I}", "volume_id", (json_int_t)vid, "host_id",
				   (json_int_t)hid, "system_id", (json_int_t)(v ? v->system_id : 0));
	/* Not found for this caller - gone, or another tenant's, which must
	 * answer exactly the same (issue 7: no existence oracle) - means
	 * nothing of the caller's can be mapped there, so unassigning
	 * succeeds as a no-op (CSI unpublish) and touches nothing. */
	int gone = rc == -(int)SLGW_NOT_FOUND;
	if (gone) {
		/* Unassigning from something gone: nothing is mapped. */
		json_t *result = json_pack("{s:I, s:I, s:b}", "volume_id", (json_int_t)vid,
					   "host_id", (json_int_t)hid, "unassigned", 0);
		rc = broker_job_noop(job_out, b, c, &kind_unassign, NULL, params, result, st);
		json_decref(result);
	} else if (rc == 0) {
		rc = broker_job_submit(job_out, b, c, &kind_unassign, NULL, params, st);
	}
	json_decref(params);
	store_volume_free(v);
	store_host_free(h);
	return rc;
}

/* Narrows a listing to one volume c may see when volume_id names one (NULL
 * or "": no narrowing); NOT_FOUND as broker_scope_volume gives it. 0 or -code. */
static int filter_volume(store_filter *f, broker *b, const struct broker_caller *c,
			 const char *volume_id, struct broker_status *st)
{
	store_volume *v = NULL;

	if (!volume_id || !*volume_id)
		return 0;
	if (broker_scope_volume(&v, b, c, volume_id, st))
		return -(int)st->code;
	f->volume_id = v->id;
	store_volume_free(v);
	return 0;
}

int broker_enum_assignments(store_assignment **out, size_t *n_out, char **next_page_token,
			    broker *b, const struct broker_caller *c, const char *volume_id,
			    const char *host_id, const struct broker_page *page,
			    struct broker_status *st)
{
	store_filter f = { 0 };
	*out = NULL;
	*n_out = 0;
	if (next_page_token)
		*next_page_token = NULL;
	if (broker_page_decode(&f, page, st))
		return -(int)st->code;
	if (filter_volume(&f, b, c, volume_id, st))
		return -(int)st->code;
	if (host_id && *host_id) {
		store_host *h = NULL;
		if (scope_host(&h, b, c, host_id, st))
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
	if (next_page_token && raw)
		*next_page_token = broker_page_next(last, raw, f.limit);
	return 0;
}

int broker_create_snapshot(broker *b, const struct broker_caller *c, const char *volume_id,
			   const char *name, store_job **job_out, struct broker_status *st)
{
	store_volume *v = NULL;
	char key[64];
	*job_out = NULL;
	if (!name || !*name || strlen(name) > 128)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "snapshot name must be 1..128 characters");
	int rc = broker_scope_volume(&v, b, c, volume_id, st);
	if (rc)
		return rc;
	json_t *params = json_pack("{s:I, s:s}", "volume_id", (json_int_t)v->id, "name", name);
	broker_object_key(key, sizeof(key), "volume", v->id);
	rc = broker_job_submit(job_out, b, c, &kind_snap_create, key, params, st);
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
		/* Another tenant's snapshot answers like a gone one (issue 7:
		 * as if it did not exist), else the answer tells ids apart. */
		int gone = store_snapshot_get(&raw, broker_store(b), id) == STORE_ENOTFOUND ||
			   (raw && (raw->state == STORE_STATE_DELETED ||
				    !broker_visible(c, raw->tenant_id)));
		store_snapshot_free(raw);
		if (gone) {
			json_t *result = json_pack("{s:I, s:b}", "snapshot_id", (json_int_t)id,
						   "deleted", 0);
			rc = broker_job_noop(job_out, b, c, &kind_snap_delete, key, params, result,
					     st);
			json_decref(result);
		}
	} else if (rc == 0) {
		rc = broker_job_submit(job_out, b, c, &kind_snap_delete, key, params, st);
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
	rc = broker_job_submit(job_out, b, c, &kind_snap_restore, key, params, st);
	json_decref(params);
	store_snapshot_free(sn);
	return rc;
}

int broker_enum_snapshots(store_snapshot **out, size_t *n_out, char **next_page_token,
			  broker *b, const struct broker_caller *c, const char *volume_id,
			  const struct broker_page *page, struct broker_status *st)
{
	store_filter f = { 0 };
	*out = NULL;
	*n_out = 0;
	if (next_page_token)
		*next_page_token = NULL;
	if (broker_page_decode(&f, page, st))
		return -(int)st->code;
	if (filter_volume(&f, b, c, volume_id, st))
		return -(int)st->code;
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_snapshot_list(out, n_out, broker_store(b), &f);
	if (rc)
		return broker_fail_store(st, rc, "listing snapshots");
	if (next_page_token && *n_out)
		*next_page_token = broker_page_next((*out)[*n_out - 1].id, *n_out, f.limit);
	return 0;
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
	if (!req || !req->name || !*req->name || strlen(req->name) > 128)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "clone name must be 1..128 characters");
	int by_vol = req->source_volume_id && *req->source_volume_id;
	int by_snap = req->source_snapshot_id && *req->source_snapshot_id;
	if (by_vol == by_snap)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "clone: give exactly one of source volume and source snapshot");
	if (req->kind != STORE_CLONE_LINKED && req->kind != STORE_CLONE_FULL)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "clone kind must be linked or full");
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
		rc = broker_job_submit(job_out, b, c, &kind_clone, NULL, params, st);
		json_decref(params);
	}
	store_volume_free(v);
	store_snapshot_free(sn);
	return rc;
}

int access_host_arrays(store_host_system **out, size_t *n_out, broker *b,
		       const struct broker_caller *c, const char *host_id,
		       struct broker_status *st)
{
	store_host *h = NULL;
	*out = NULL;
	*n_out = 0;
	int rc = scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = host_systems(out, n_out, broker_store(b), h->id, st);
	store_host_free(h);
	if (rc)
		return rc;
	/* A claimed group (registration under way, or interrupted) has no
	 * failover mode or paths in force yet: not shown as a registration. */
	size_t keep = 0;
	for (size_t i = 0; i < *n_out; i++) {
		if ((*out)[i].failover_applied == STORE_FAILOVER_UNSET) {
			free((*out)[i].storage_group);
			continue;
		}
		(*out)[keep++] = (*out)[i];
	}
	*n_out = keep;
	if (keep == 0) {
		store_host_system_array_free(*out, 0);
		*out = NULL;
	}
	return 0;
}

int access_system_drift(json_t **drift, broker *b, const struct broker_caller *c,
			const char *system_id, struct broker_status *st)
{
	store_system *sys = NULL;
	struct access_env env;
	*drift = NULL;
	if (broker_require_admin(c, "drift check", st))
		return -(int)st->code;
	int rc = broker_scope_system(&sys, b, c, system_id, st);
	if (rc)
		return rc;
	memset(&env, 0, sizeof(env));
	env.s = broker_store(b);
	env.a = broker_adapter_get(b, sys->id, st);
	if (!env.a)
		rc = -(int)(st->code ? st->code : SLGW_INTERNAL);
	else
		rc = access_drift_check(drift, &env, sys, st);
	store_system_free(sys);
	return rc;
}
