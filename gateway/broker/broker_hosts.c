/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_hosts.c - hosts and their initiators: the public entry points
 * (broker.h) and the job kinds they run.
 *
 * Design: an entry point validates and scopes (tenant rules, syntax of
 * names and initiator ids - nothing malformed reaches a job, let alone an
 * array), then submits a job whose params carry only ids and plain values.
 * The job builds an engine environment (broker_access_jobs.c) and calls the
 * host-access engine (broker_access_host.c), where the array-side behaviour
 * lives and is tested.  Host changes serialize on "host/<id>".
 *
 * Recovery: the host operations are idempotent against the array (already
 * registered / already gone are success), so after a crash they run again.
 *
 * Limit: a tenant may own at most cfg.max_hosts_per_tenant hosts, because
 * each host takes a storage group on every array it uses and the arrays'
 * groups are shared by every tenant.  addHost refuses beyond it
 * (RESOURCE_EXHAUSTED, with the numbers), and the job counts again and
 * inserts under one lock, so hosts added at once cannot pass it together.
 */
#include "broker_access.h"
#include "broker_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------- host limit */

static pthread_mutex_t host_limit_mu = PTHREAD_MUTEX_INITIALIZER;

/* 0 when tenant may own one more host, else RESOURCE_EXHAUSTED in st. */
static int host_limit_check(broker *b, int64_t tenant, struct broker_status *st)
{
	int max = b->cfg.max_hosts_per_tenant;
	if (max <= 0 || tenant <= 0) /* the gateway's own (admin) hosts: no tenant */
		return 0;
	store_filter f = { .tenant_id = tenant, .limit = (size_t)max };
	store_host *arr = NULL;
	size_t n = 0;
	int rc = store_host_list(&arr, &n, broker_store(b), &f);
	store_host_array_free(arr, n);
	if (rc)
		return broker_fail_store(st, rc, "counting the tenant's hosts");
	if (n < (size_t)max)
		return 0;
	return broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
			   "the tenant has %zu hosts, the limit is %d (limits maxHostsPerTenant): "
			   "each host takes a storage group on the arrays; remove one first",
			   n, max);
}

/* ---------------------------------------------------------- host kinds */

static int run_host_add(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	const char *name = json_string_value(json_object_get(ctx->params, "name"));
	const char *ip = json_string_value(json_object_get(ctx->params, "ip"));
	json_t *inits = json_object_get(ctx->params, "initiators");
	store_host rec = {
		.tenant_id = broker_job_param_id(ctx, "tenant_id"),
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
		pthread_mutex_lock(&host_limit_mu);
		rc = host_limit_check(ctx->b, rec.tenant_id, &ctx->status);
		if (rc == 0) {
			rc = store_host_insert(&id, s, &rec);
			if (rc)
				rc = broker_fail_store(&ctx->status, rc, "adding the host");
		}
		pthread_mutex_unlock(&host_limit_mu);
		if (rc)
			return rc;
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
			return broker_fail(&ctx->status, SLGW_ALREADY_EXISTS,
					   "initiator %s belongs to another host", in.address);
		}
		if (rc) {
			store_host_delete(s, id);
			return broker_fail_store(&ctx->status, rc, "adding an initiator");
		}
	}
	json_object_set_new(ctx->result, "host_id", json_integer(id));
	return 0;
}

/* The record of the job's host (its host_id parameter). */
static int job_host(store_host **host, struct broker_job_ctx *ctx)
{
	int rc = store_host_get(host, broker_store(ctx->b), broker_job_param_id(ctx, "host_id"));
	return rc ? broker_fail_store(&ctx->status, rc, "host") : 0;
}

/* The engine environment of storage system sys_id and its record: what a
 * step of a host job needs on one array. */
static int system_step(struct broker_access_env *env, store_system **sys,
		       struct broker_job_ctx *ctx, int64_t sys_id)
{
	int rc = broker_access_env_for(env, ctx, sys_id);
	if (rc == 0 && (rc = store_system_get(sys, broker_store(ctx->b), sys_id)) != 0)
		rc = broker_fail_store(&ctx->status, rc, "storage system");
	return rc;
}

/* Runs fn for the host on every array it is registered on. */
static int for_each_system(struct broker_job_ctx *ctx, const store_host *host,
			   const store_initiator *ini,
			   int (*fn)(const struct broker_access_env *, const store_host *,
				     const store_system *, const store_initiator *,
				     struct broker_status *))
{
	store *s = broker_store(ctx->b);
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int rc = broker_access_host_systems(&hs, &nhs, s, host->id, &ctx->status);
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		struct broker_access_env env;
		store_system *sys = NULL;
		rc = system_step(&env, &sys, ctx, hs[i].system_id);
		if (rc == 0)
			rc = fn(&env, host, sys, ini, &ctx->status);
		store_system_free(sys);
	}
	store_host_system_array_free(hs, nhs);
	return rc;
}

static int unregister_on(const struct broker_access_env *env, const store_host *host,
			 const store_system *sys, const store_initiator *ini,
			 struct broker_status *st)
{
	(void)ini;
	return broker_access_host_unregister(env, host, sys, st);
}

static int run_host_remove(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	int64_t host_id = broker_job_param_id(ctx, "host_id");
	store_host *host = NULL;
	int rc = store_host_get(&host, s, host_id);
	if (rc == STORE_ENOTFOUND) {
		json_object_set_new(ctx->result, "host_id", json_integer(host_id));
		return 0;
	}
	if (rc)
		return broker_fail_store(&ctx->status, rc, "host");
	store_assignment *asg = NULL;
	size_t nasg = 0;
	store_filter f = { 0 };
	f.host_id = host_id;
	rc = store_assignment_list(&asg, &nasg, s, &f);
	store_assignment_array_free(asg, nasg);
	if (rc == 0 && nasg > 0) {
		rc = broker_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				 "host %s still has %zu volume(s) assigned: unassign them first",
				 host->name, nasg);
		goto out;
	}
	rc = for_each_system(ctx, host, NULL, unregister_on);
	if (rc == 0) {
		rc = store_host_delete(s, host_id);
		if (rc == STORE_ENOTFOUND)
			rc = 0;
		if (rc)
			rc = broker_fail_store(&ctx->status, rc, "removing the host");
	}
	if (rc == 0)
		json_object_set_new(ctx->result, "host_id", json_integer(host_id));
out:
	store_host_free(host);
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

/* What an initiator job answers, added or removed. */
static void initiator_result(struct broker_job_ctx *ctx, int64_t host_id, const char *addr)
{
	json_object_set_new(ctx->result, "host_id", json_integer(host_id));
	json_object_set_new(ctx->result, "initiator", json_string(addr));
}

static int run_initiator_add(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	const char *addr = json_string_value(json_object_get(ctx->params, "address"));
	store_host *host = NULL;
	store_initiator *ini = NULL;
	int rc = job_host(&host, ctx);
	if (rc)
		return rc;
	rc = find_initiator(&ini, s, host->id, addr);
	if (rc == 0 && !ini) {
		store_initiator in = {
			.host_id = host->id,
			.kind = (store_proto)json_integer_value(json_object_get(ctx->params, "kind")),
			.address = (char *)addr,
		};
		int64_t iid;
		rc = store_initiator_insert(&iid, s, &in);
		if (rc == STORE_EEXISTS) {
			rc = broker_fail(&ctx->status, SLGW_ALREADY_EXISTS,
					 "initiator %s belongs to another host", addr);
			goto out;
		}
		if (rc == 0)
			rc = store_initiator_get(&ini, s, iid);
	}
	if (rc) {
		rc = broker_fail_store(&ctx->status, rc, "adding the initiator");
		goto out;
	}
	rc = for_each_system(ctx, host, ini, broker_access_initiator_register);
	if (rc == 0)
		initiator_result(ctx, host->id, addr);
out:
	store_initiator_free(ini);
	store_host_free(host);
	return rc;
}

static int run_initiator_remove(struct broker_job_ctx *ctx)
{
	store *s = broker_store(ctx->b);
	const char *addr = json_string_value(json_object_get(ctx->params, "address"));
	store_host *host = NULL;
	store_initiator *ini = NULL, *all = NULL;
	store_assignment *asg = NULL;
	size_t nall = 0, nasg = 0;
	int rc = job_host(&host, ctx);
	if (rc)
		return rc;
	rc = find_initiator(&ini, s, host->id, addr);
	if (rc) {
		rc = broker_fail_store(&ctx->status, rc, "initiators");
		goto out;
	}
	if (!ini)
		goto done; /* gone already */
	store_filter f = { 0 };
	f.host_id = host->id;
	if (store_initiator_list(&all, &nall, s, &f) == 0 &&
	    store_assignment_list(&asg, &nasg, s, &f) == 0 && nall <= 1 && nasg > 0) {
		rc = broker_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				 "initiator %s is the last of host %s, which has %zu volume(s) "
				 "assigned: unassign them first", addr, host->name, nasg);
		goto out;
	}
	rc = for_each_system(ctx, host, ini, broker_access_initiator_deregister);
	if (rc)
		goto out;
	rc = store_initiator_delete(s, ini->id);
	if (rc && rc != STORE_ENOTFOUND) {
		rc = broker_fail_store(&ctx->status, rc, "removing the initiator");
		goto out;
	}
	rc = 0;
done:
	initiator_result(ctx, host->id, addr);
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
	const char *ip = json_string_value(json_object_get(ctx->params, "ip"));
	store_host *host = NULL;
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int rc = job_host(&host, ctx);
	if (rc)
		return rc;
	json_object_set_new(ctx->result, "host_id", json_integer(host->id));
	if (host->ip && ip && strcmp(host->ip, ip) == 0)
		goto out; /* already so */
	rc = broker_access_host_systems(&hs, &nhs, s, host->id, &ctx->status);
	if (rc == 0 && nhs > 0 && host->ip && host->ip[0]) {
		rc = broker_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
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
		rc = broker_fail_store(&ctx->status, rc, "recording the host address");
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
	store_failover want = (store_failover)json_integer_value(json_object_get(ctx->params,
										  "failover"));
	int offline = json_is_true(json_object_get(ctx->params, "host_offline"));
	store_host *host = NULL;
	store_host_system *hs = NULL;
	size_t nhs = 0;
	int *modes = NULL;
	int rc = job_host(&host, ctx);
	if (rc)
		return rc;
	rc = broker_access_host_systems(&hs, &nhs, s, host->id, &ctx->status);
	if (rc)
		goto out;
	modes = calloc(nhs + 1, sizeof(*modes));
	/* Check every array before changing any: all or nothing. */
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		struct broker_access_env env;
		store_system *sys = NULL;
		rc = system_step(&env, &sys, ctx, hs[i].system_id);
		if (rc == 0)
			rc = broker_access_failover_check(&modes[i], &env, host, sys, want, offline,
						   &ctx->status);
		store_system_free(sys);
	}
	if (rc)
		goto out;
	host->failover_wanted = want;
	rc = store_host_update(s, host);
	if (rc) {
		rc = broker_fail_store(&ctx->status, rc, "recording the failover wish");
		goto out;
	}
	json_t *applied = json_array();
	for (size_t i = 0; i < nhs && rc == 0; i++) {
		if (!modes[i])
			continue;
		struct broker_access_env env;
		store_system *sys = NULL;
		rc = system_step(&env, &sys, ctx, hs[i].system_id);
		if (rc == 0)
			rc = broker_access_failover_apply(&env, host, sys, modes[i], &ctx->status);
		if (rc == 0)
			json_array_append_new(applied, json_pack("{s:I, s:i}", "system_id",
								 (json_int_t)hs[i].system_id,
								 "failover_mode", modes[i]));
		store_system_free(sys);
	}
	json_object_set_new(ctx->result, "host_id", json_integer(host->id));
	json_object_set_new(ctx->result, "applied", applied);
out:
	free(modes);
	store_host_system_array_free(hs, nhs);
	store_host_free(host);
	return rc;
}

const struct broker_job_kind broker_kind_host_add = { "host.add", run_host_add, run_host_add };
const struct broker_job_kind broker_kind_host_remove = { "host.remove", run_host_remove,
							 run_host_remove };
const struct broker_job_kind broker_kind_initiator_add = { "host.initiator.add", run_initiator_add,
						     run_initiator_add };
const struct broker_job_kind broker_kind_initiator_remove = { "host.initiator.remove",
							run_initiator_remove, run_initiator_remove };
const struct broker_job_kind broker_kind_host_failover = { "host.failover", run_host_failover, NULL };
/* store only: running it again after a crash is the recovery */
const struct broker_job_kind broker_kind_host_address = { "host.address", run_host_address,
						     run_host_address };

/* -------------------------------------------------------- entry points */

/* A host visible to c, else NOT_FOUND (the same for "not yours"). */
int broker_scope_host(store_host **out, broker *b, const struct broker_caller *c,
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
	struct broker_status why;
	enum broker_access_initiator_kind k;
	if (broker_access_initiator_normalize(out, BROKER_ACCESS_INITIATOR_MAX, &k, in,
					      BROKER_ACCESS_INIT_UNKNOWN, &why))
		return broker_fail(st, why.code, "%s", why.message);
	*kind = k == BROKER_ACCESS_INIT_FC ? STORE_PROTO_FC : STORE_PROTO_ISCSI;
	return 0;
}

int broker_add_host(broker *b, const struct broker_caller *c, const struct broker_host_add_req *req,
		    store_job **job_out, struct broker_status *st)
{
	struct broker_status why;
	char key[128];
	int64_t tenant;
	int rc;

	*job_out = NULL;
	if (!req)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "addHost: no request");
	if (broker_access_hostname_valid(req->name, &why))
		return broker_fail(st, why.code, "%s", why.message);
	if (broker_access_host_ip_valid(req->ip, &why))
		return broker_fail(st, why.code, "%s", why.message);
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
		char norm[BROKER_ACCESS_INITIATOR_MAX];
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
	 * not looked at, so the answer cannot tell that it exists. */
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
		rc = broker_job_noop(job_out, b, c, &broker_kind_host_add, key, params, result, st);
		json_decref(params);
		json_decref(result);
		json_decref(inits);
		return rc;
	}
	/* a new host: refused at once beyond the limit (the job counts again) */
	if (host_limit_check(b, tenant, st)) {
		json_decref(inits);
		return -(int)st->code;
	}
	json_t *params = json_pack("{s:s, s:s?, s:I, s:i, s:o}", "name", req->name, "ip",
				   (req->ip && *req->ip) ? req->ip : NULL, "tenant_id",
				   (json_int_t)tenant, "failover", (int)fo, "initiators", inits);
	snprintf(key, sizeof(key), "hostname/%" PRId64 "/%s", tenant, req->name);
	rc = broker_job_submit(job_out, b, c, &broker_kind_host_add, key, params, st);
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
		 * tenant's host answers the same (as if it did not
		 * exist), else the answer would tell a tenant which ids exist. */
		json_t *result = json_pack("{s:I}", "host_id", (json_int_t)id);
		rc = broker_job_noop(job_out, b, c, &broker_kind_host_remove, key, params, result, st);
		json_decref(result);
	} else if (rc) {
		rc = broker_fail_store(st, rc, "reading host");
	} else {
		rc = broker_job_submit(job_out, b, c, &broker_kind_host_remove, key, params, st);
	}
	json_decref(params);
	store_host_free(h);
	return rc;
}

/* Submits kind under the key of host host_id, which every change of one
 * host's paths and settings holds; params is taken (decref'd here). */
static int submit_host_job(store_job **job_out, broker *b, const struct broker_caller *c,
			   const struct broker_job_kind *kind, int64_t host_id, json_t *params,
			   struct broker_status *st)
{
	char key[64];
	broker_object_key(key, sizeof(key), "host", host_id);
	int rc = broker_job_submit(job_out, b, c, kind, key, params, st);
	json_decref(params);
	return rc;
}

static int initiator_job(broker *b, const struct broker_caller *c, const char *host_id,
			 const char *initiator, const struct broker_job_kind *kind,
			 store_job **job_out, struct broker_status *st)
{
	store_host *h = NULL;
	char norm[BROKER_ACCESS_INITIATOR_MAX];
	store_proto pk = STORE_PROTO_ISCSI;
	*job_out = NULL;
	int rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = normalize_one(norm, &pk, initiator, st);
	if (rc == 0)
		rc = submit_host_job(job_out, b, c, kind, h->id,
				     json_pack("{s:I, s:s, s:i}", "host_id", (json_int_t)h->id,
					       "address", norm, "kind", (int)pk),
				     st);
	store_host_free(h);
	return rc;
}

int broker_add_host_initiator(broker *b, const struct broker_caller *c, const char *host_id,
			      const char *initiator, store_job **job_out, struct broker_status *st)
{
	return initiator_job(b, c, host_id, initiator, &broker_kind_initiator_add, job_out, st);
}

int broker_remove_host_initiator(broker *b, const struct broker_caller *c, const char *host_id,
				 const char *initiator, store_job **job_out,
				 struct broker_status *st)
{
	return initiator_job(b, c, host_id, initiator, &broker_kind_initiator_remove, job_out, st);
}

int broker_set_host_failover(broker *b, const struct broker_caller *c, const char *host_id,
			     store_failover failover_mode, int host_offline, store_job **job_out,
			     struct broker_status *st)
{
	store_host *h = NULL;
	*job_out = NULL;
	if (failover_mode == STORE_FAILOVER_UNSET)
		failover_mode = STORE_FAILOVER_AUTO;
	if (failover_mode != STORE_FAILOVER_AUTO && failover_mode != STORE_FAILOVER_ALUA &&
	    failover_mode != STORE_FAILOVER_PNR)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "failover mode must be auto, alua or pnr");
	int rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = submit_host_job(job_out, b, c, &broker_kind_host_failover, h->id,
			     json_pack("{s:I, s:i, s:b}", "host_id", (json_int_t)h->id, "failover",
				       (int)failover_mode, "host_offline", host_offline ? 1 : 0),
			     st);
	store_host_free(h);
	return rc;
}

int broker_set_host_address(broker *b, const struct broker_caller *c, const char *host_id,
			    const char *ip, store_job **job_out, struct broker_status *st)
{
	store_host *h = NULL;
	struct broker_status why;
	*job_out = NULL;
	if (!ip || !*ip)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "hostAddress: give the host's IPv4 or IPv6 address");
	if (broker_access_host_ip_valid(ip, &why))
		return broker_fail(st, why.code, "hostAddress: %s", why.message);
	int rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = submit_host_job(job_out, b, c, &broker_kind_host_address, h->id,
			     json_pack("{s:I, s:s}", "host_id", (json_int_t)h->id, "ip", ip), st);
	store_host_free(h);
	return rc;
}

int broker_enum_hosts(store_host **out, size_t *n_out, char **next_page_token, broker *b,
		      const struct broker_caller *c, const struct broker_page *page,
		      struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_host_list(out, n_out, broker_store(b), &f);
	return broker_list_done(next_page_token, rc, "listing hosts", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

int broker_get_host(store_host **out, broker *b, const struct broker_caller *c,
		    const char *host_id, struct broker_status *st)
{
	return broker_scope_host(out, b, c, host_id, st);
}



int broker_access_host_arrays(store_host_system **out, size_t *n_out, broker *b,
		       const struct broker_caller *c, const char *host_id,
		       struct broker_status *st)
{
	store_host *h = NULL;
	*out = NULL;
	*n_out = 0;
	int rc = broker_scope_host(&h, b, c, host_id, st);
	if (rc)
		return rc;
	rc = broker_access_host_systems(out, n_out, broker_store(b), h->id, st);
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

int broker_access_system_drift(json_t **drift, broker *b, const struct broker_caller *c,
			const char *system_id, struct broker_status *st)
{
	store_system *sys = NULL;
	struct broker_access_env env;
	*drift = NULL;
	if (broker_require_admin(c, "drift check", st))
		return -(int)st->code;
	int rc = broker_scope_system(&sys, b, c, system_id, st);
	if (rc)
		return rc;
	memset(&env, 0, sizeof(env));
	env.s = broker_store(b);
	env.a = broker_adapter_get(b, sys->id, st);
	env.locks = &b->access_locks;
	if (!env.a)
		rc = -(int)(st->code ? st->code : SLGW_INTERNAL);
	else
		rc = broker_access_drift_check(drift, &env, sys, st);
	store_system_free(sys);
	return rc;
}
