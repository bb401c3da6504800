/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_systems.c - storage systems: add (with immediate discovery),
 * refresh and remove.  Their scoped reads (systems, pools, target ports)
 * are in broker_system_reads.c.
 *
 * Discovery is read-only on the array, so the recovery of an interrupted
 * add or refresh is simply running it again.  It records storage pools and
 * RAID groups alike as pools, each with its kind (a RAID group offers THICK
 * only, with its RAID type and largest contiguous free extent), and the
 * array's capabilities as the adapter computed them from model, revision
 * and enablers, so the API answers both without asking the array.  An add whose discovery fails
 * removes the half-added record: a system the gateway cannot reach is not
 * registered (the caller fixes the address or credentials and retries).
 * Credentials go into their own store table and are read back only when an
 * adapter instance is built (broker_adapters.c); no record returned here ever
 * carries them.
 *
 * An API admin is not the gateway host's root: the programs the gateway
 * runs and the security files it reads are the configuration file's to
 * name.  A naviseccli path must be the configured one or listed in
 * <arrays><allowCli>; a security file directory must be, or be below, a
 * listed <allowSecurityFileDir> (BROKER_DEFAULT_SECFILE_DIR when none is).
 * Anything else is INVALID_ARGUMENT naming the setting; the adapter slots
 * check again when they build an instance, so a path stored before the
 * configuration changed is not run either.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker_access.h"
#include "broker_internal.h"
#include "broker_rules.h"
#include "registry.h"


/* ------------------------------------------------------------ validation */

/* Host names, IPv4 and IPv6 literals: no spaces, no shell or option tricks. */
static int valid_address(const char *s)
{
	if (!s || !*s || strlen(s) > 253 || *s == '-')
		return 0;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.' && *p != ':' && *p != '_')
			return 0;
	return 1;
}

/* "A-4,B-5" style list of SP-port pairs (optionally A-4-0 with vport). */
static int valid_port_list(const char *s)
{
	if (!s || !*s || strlen(s) > 512)
		return 0;
	const char *p = s;
	while (*p) {
		if (*p != 'A' && *p != 'B' && *p != 'a' && *p != 'b')
			return 0;
		p++;
		if (*p++ != '-' || !isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '-') {
			p++;
			if (!isdigit((unsigned char)*p))
				return 0;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p == ',')
			p++;
		else if (*p)
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------- discovery */

static int has_enabler(const char *list, const char *name)
{
	if (!list)
		return 0;
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncasecmp(p, name, n) == 0)
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

int broker_system_has_enabler(const store_system *sys, const char *enabler)
{
	return has_enabler(sys->enablers, enabler);
}

/* "RAID_GROUPS,SNAPVIEW,...": the API names of the capability bits an
 * array has (adapter.h's slgw_adapter_cap_name), in bit order; malloc'ed. */
static char *capability_list(unsigned caps)
{
	size_t cap = 1;
	for (unsigned i = 0; i < SLGW_CAP__BITS; i++)
		if ((caps & (1u << i)) && slgw_adapter_cap_name(1u << i))
			cap += strlen(slgw_adapter_cap_name(1u << i)) + 1;
	char *s = calloc(1, cap);
	for (unsigned i = 0; s && i < SLGW_CAP__BITS; i++) {
		const char *n = slgw_adapter_cap_name(1u << i);
		if (!(caps & (1u << i)) || !n)
			continue;
		if (*s)
			strcat(s, ",");
		strcat(s, n);
	}
	return s;
}

/* 1 when a RAID group can take a gateway LUN: hot spares and groups the
 * array keeps for itself are not capacity anyone may allocate from. */
static int raid_group_offered(const struct slgw_raid_group *g)
{
	return strcmp(g->raid_type, "hot_spare") != 0 && strcmp(g->raid_type, "hs") != 0;
}

/* 1 when the discovered pools (kind POOL) or RAID groups (kind RAID_GROUP)
 * still include the store's pool p. */
static int pool_still_there(const store_pool *p, const struct slgw_system_info *info)
{
	if (p->kind == STORE_POOL_KIND_RAID_GROUP) {
		for (size_t j = 0; j < info->n_raid_groups; j++)
			if (info->raid_groups[j].id == p->array_id &&
			    raid_group_offered(&info->raid_groups[j]))
				return 1;
		return 0;
	}
	for (size_t j = 0; j < info->n_pools; j++)
		if (info->pools[j].id == p->array_id)
			return 1;
	return 0;
}

/* Writes what discover found into the store. */
static int apply_discovery(broker *b, int64_t sys_id, const struct slgw_system_info *info,
			   int *n_pools, int *n_ports, struct broker_status *st)
{
	store_system *sys = NULL;
	int rc = store_system_get(&sys, b->s, sys_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the storage system");

	size_t cap = 1;
	for (size_t i = 0; i < info->n_enablers; i++)
		cap += strlen(info->enablers[i].name) + 1;
	char *enablers = calloc(1, cap);
	if (!enablers) {
		store_system_free(sys);
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	}
	for (size_t i = 0; i < info->n_enablers; i++) {
		if (!info->enablers[i].active)
			continue;
		if (*enablers)
			strcat(enablers, ",");
		strcat(enablers, info->enablers[i].name);
	}
	free(sys->model);
	free(sys->revision);
	free(sys->serial);
	free(sys->enablers);
	free(sys->capabilities);
	sys->model = strdup(info->model);
	sys->revision = strdup(info->revision);
	sys->serial = strdup(info->serial);
	sys->enablers = enablers;
	sys->capabilities = capability_list(info->caps);
	sys->state = STORE_SYSTEM_ONLINE;
	rc = store_system_update(b->s, sys);
	int thin = (info->caps & SLGW_CAP_THIN) || has_enabler(enablers, "ThinProvisioning");
	store_system_free(sys);
	if (rc)
		return broker_fail_store(st, rc, "recording the discovered system");

	/* Pools: upsert what the array has; mark the ones it no longer has. */
	for (size_t i = 0; i < info->n_pools; i++) {
		const struct slgw_pool *p = &info->pools[i];
		store_pool rec;
		memset(&rec, 0, sizeof(rec));
		rec.system_id = sys_id;
		rec.array_id = p->id;
		rec.name = (char *)p->name;
		rec.array_state = (char *)p->state;
		rec.capacity_mb = (int64_t)p->capacity_mb;
		rec.free_mb = (int64_t)p->free_mb;
		rec.prov_supported = STORE_PROV_MASK(STORE_PROV_THICK) |
				     (thin ? STORE_PROV_MASK(STORE_PROV_THIN) : 0);
		rec.kind = STORE_POOL_KIND_POOL;
		rec.contig_free_mb = -1;
		int64_t id;
		rc = store_pool_upsert(&id, b->s, &rec);
		if (rc)
			return broker_fail_store(st, rc, "recording a discovered pool");
	}
	/* RAID groups are pools of kind RAID_GROUP: THICK only, and a LUN is
	 * one extent, so what fits is the largest contiguous free space. */
	int n_groups = 0;
	for (size_t i = 0; i < info->n_raid_groups; i++) {
		const struct slgw_raid_group *g = &info->raid_groups[i];
		if (g->id < 0 || !raid_group_offered(g))
			continue;
		char name[64], raid[16];
		snprintf(name, sizeof(name), "RAID Group %d", g->id);
		/* a group with no LUN yet has no type: its LUNs get the first
		 * legal one, which is what the API shows */
		snprintf(raid, sizeof(raid), "%s", g->raid_type);
		if (!raid[0])
			sscanf(g->legal_raid_types, "%15s", raid);
		store_pool rec;
		memset(&rec, 0, sizeof(rec));
		rec.system_id = sys_id;
		rec.array_id = g->id;
		rec.name = name;
		rec.array_state = (char *)g->state;
		rec.capacity_mb = (int64_t)g->capacity_mb;
		rec.free_mb = (int64_t)g->free_mb;
		rec.prov_supported = STORE_PROV_MASK(STORE_PROV_THICK);
		rec.kind = STORE_POOL_KIND_RAID_GROUP;
		rec.raid_type = raid[0] ? raid : NULL;
		rec.contig_free_mb = (int64_t)g->largest_contiguous_free_mb;
		int64_t id;
		rc = store_pool_upsert(&id, b->s, &rec);
		if (rc)
			return broker_fail_store(st, rc, "recording a discovered RAID group");
		n_groups++;
	}
	store_filter f = { .system_id = sys_id };
	store_pool *pools = NULL;
	size_t np = 0;
	if (store_pool_list(&pools, &np, b->s, &f) == 0) {
		for (size_t i = 0; i < np; i++) {
			if (pool_still_there(&pools[i], info))
				continue;
			/* Gone from the array: delete unless something refers to
			 * it, else keep it visibly missing. */
			if (store_pool_delete(b->s, pools[i].id) != 0) {
				free(pools[i].array_state);
				pools[i].array_state = strdup("Missing");
				pools[i].free_mb = 0;
				if (pools[i].contig_free_mb > 0)
					pools[i].contig_free_mb = 0;
				store_pool_update(b->s, &pools[i]);
			}
		}
		store_pool_array_free(pools, np);
	}

	/* Ports: upsert, and delete the ones gone. */
	for (size_t i = 0; i < info->n_ports; i++) {
		const struct slgw_target_port *p = &info->ports[i];
		if (p->protocol != SLGW_PROTO_ISCSI && p->protocol != SLGW_PROTO_FC)
			continue;
		store_port rec;
		memset(&rec, 0, sizeof(rec));
		char sp[2] = { p->sp == 'b' || p->sp == 'B' ? 'B' : 'A', 0 };
		rec.system_id = sys_id;
		rec.sp = sp;
		rec.port_id = p->port_id;
		rec.vport_id = p->vport_id < 0 ? 0 : p->vport_id;
		rec.proto = p->protocol == SLGW_PROTO_ISCSI ? STORE_PROTO_ISCSI : STORE_PROTO_FC;
		rec.address = (char *)p->wwn;
		rec.ip = p->ip[0] ? (char *)p->ip : NULL;
		int64_t id;
		rc = store_port_upsert(&id, b->s, &rec);
		if (rc)
			return broker_fail_store(st, rc, "recording a discovered target port");
	}
	store_port *ports = NULL;
	size_t nports = 0;
	if (store_port_list(&ports, &nports, b->s, &f) == 0) {
		for (size_t i = 0; i < nports; i++) {
			int seen = 0;
			for (size_t j = 0; j < info->n_ports; j++) {
				const struct slgw_target_port *p = &info->ports[j];
				char sp = p->sp == 'b' || p->sp == 'B' ? 'B' : 'A';
				int vp = p->vport_id < 0 ? 0 : p->vport_id;
				if (ports[i].sp && ports[i].sp[0] == sp && ports[i].port_id == p->port_id &&
				    ports[i].vport_id == vp)
					seen = 1;
			}
			if (!seen)
				store_port_delete(b->s, ports[i].id);
		}
		store_port_array_free(ports, nports);
	}
	*n_pools = (int)info->n_pools + n_groups;
	*n_ports = (int)info->n_ports;
	return 0;
}

/* Discovers system sys_id and records the result.  Returns 0, or negative
 * with st (UNAVAILABLE for an unreachable array, ...). */
static int discover_system(broker *b, int64_t sys_id, json_t *result, struct broker_status *st)
{
	struct slgw_adapter *a = broker_adapter_get(b, sys_id, st);
	if (!a)
		return -(int)st->code;
	struct slgw_system_info *info = NULL;
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	int rc = a->ops->discover(&info, a, &err);
	if (rc)
		return broker_fail_adapter(st, &err, "discovering the storage system");
	int np = 0, nports = 0;
	rc = apply_discovery(b, sys_id, info, &np, &nports, st);
	if (rc == 0) {
		json_object_set_new(result, "system_id", json_integer(sys_id));
		json_object_set_new(result, "model", json_string(info->model));
		json_object_set_new(result, "serial", json_string(info->serial));
		json_object_set_new(result, "pools", json_integer(np));
		json_object_set_new(result, "ports", json_integer(nports));
	}
	slgw_system_info_free(info);
	return rc;
}

/* Forgets a system entirely: its adapter, its store rows, its credential. */
static void drop_system_record(broker *b, int64_t sys_id)
{
	store_system *sys = NULL;
	int64_t cred = 0;
	if (store_system_get(&sys, b->s, sys_id) == 0)
		cred = sys->credential_id;
	store_system_free(sys);
	broker_adapter_forget(b, sys_id);
	if (store_system_delete(b->s, sys_id))
		broker_log("removing half-added storage system %" PRId64 ": %s", sys_id, store_errmsg());
	if (cred > 0)
		store_credential_delete(b->s, cred);
}

static int run_system_add(struct broker_job_ctx *ctx)
{
	int64_t id = json_integer_value(json_object_get(ctx->params, "system_id"));
	int rc = discover_system(ctx->b, id, ctx->result, &ctx->status);
	if (rc == 0)
		return 0;
	drop_system_record(ctx->b, id);
	return rc;
}

static int run_system_refresh(struct broker_job_ctx *ctx)
{
	int64_t id = json_integer_value(json_object_get(ctx->params, "system_id"));
	int rc = discover_system(ctx->b, id, ctx->result, &ctx->status);
	if (rc) {
		if (ctx->status.code == SLGW_UNAVAILABLE || ctx->status.code == SLGW_DEADLINE_EXCEEDED)
			store_system_set_state(ctx->b->s, id, STORE_SYSTEM_OFFLINE);
		return rc;
	}
	struct broker_status ost;
	if (broker_scan_orphans(ctx->b, id, &ost) == 0) {
		size_t n = 0;
		pthread_mutex_lock(&ctx->b->mu);
		char sid[32];
		snprintf(sid, sizeof(sid), "%" PRId64, id);
		for (size_t i = 0; i < ctx->b->n_orphans; i++)
			if (strcmp(ctx->b->orphans[i].system_id, sid) == 0)
				n++;
		pthread_mutex_unlock(&ctx->b->mu);
		json_object_set_new(ctx->result, "orphans", json_integer((json_int_t)n));
	}
	/* host registrations that differ from what the gateway applied */
	store_system *sys = NULL;
	struct slgw_adapter *a = broker_adapter_get(ctx->b, id, &ost);
	if (a && store_system_get(&sys, ctx->b->s, id) == 0) {
		struct broker_access_env env;
		memset(&env, 0, sizeof(env));
		env.s = ctx->b->s;
		env.a = a;
		env.locks = &ctx->b->access_locks;
		json_t *drift = NULL;
		if (broker_access_drift_check(&drift, &env, sys, &ost) == 0 && drift)
			json_object_set_new(ctx->result, "drift", drift);
		else
			json_decref(drift);
	}
	store_system_free(sys);
	return 0;
}

/* 1 and a description when the system has live volumes. */
static int system_has_volumes(broker *b, int64_t sys_id, char *desc, size_t len)
{
	store_filter f = { .system_id = sys_id, .limit = 1 };
	store_volume *v = NULL;
	size_t n = 0;
	if (store_volume_list(&v, &n, b->s, &f) != 0)
		return 1; /* cannot tell: refuse */
	if (n > 0)
		snprintf(desc, len, "volume %" PRId64 " \"%s\"", v[0].id, v[0].name ? v[0].name : "");
	store_volume_array_free(v, n);
	return n > 0;
}

static int run_system_remove(struct broker_job_ctx *ctx)
{
	broker *b = ctx->b;
	int64_t id = json_integer_value(json_object_get(ctx->params, "system_id"));
	json_object_set_new(ctx->result, "system_id", json_integer(id));
	store_system *sys = NULL;
	int rc = store_system_get(&sys, b->s, id);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reading the storage system");
	int64_t cred = sys->credential_id;
	char name[128];
	snprintf(name, sizeof(name), "%s", sys->name ? sys->name : "");
	store_system_free(sys);

	char desc[256] = "";
	if (system_has_volumes(b, id, desc, sizeof(desc)))
		return broker_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				   "storage system %s still has volumes (%s); delete them first", name, desc);

	/* Tombstones of deleted volumes (and their snapshots) refer to the
	 * system: purge them.  Grants and per-host records of its pools go
	 * with it. */
	store_filter f = { .system_id = id, .include_deleted = 1 };
	store_volume *vols = NULL;
	size_t nv = 0;
	if (store_volume_list(&vols, &nv, b->s, &f) == 0) {
		for (size_t i = 0; i < nv; i++) {
			store_filter sf = { .volume_id = vols[i].id, .include_deleted = 1 };
			store_snapshot *snaps = NULL;
			size_t ns = 0;
			if (store_snapshot_list(&snaps, &ns, b->s, &sf) == 0) {
				for (size_t j = 0; j < ns; j++)
					store_snapshot_delete(b->s, snaps[j].id);
				store_snapshot_array_free(snaps, ns);
			}
		}
		/* children (clones) first: they refer to their parents */
		for (size_t i = nv; i-- > 0;)
			store_volume_delete(b->s, vols[i].id);
		store_volume_array_free(vols, nv);
	}
	store_filter gf = { .system_id = id };
	store_grant_usage *gr = NULL;
	size_t ng = 0;
	if (store_grant_usage_list(&gr, &ng, b->s, &gf) == 0) {
		for (size_t i = 0; i < ng; i++)
			store_grant_delete(b->s, gr[i].grant.id);
		store_grant_usage_array_free(gr, ng);
	}
	store_host_system *hs = NULL;
	size_t nh = 0;
	if (store_host_system_list(&hs, &nh, b->s, &gf) == 0) {
		for (size_t i = 0; i < nh; i++)
			store_host_system_delete(b->s, hs[i].host_id, id);
		store_host_system_array_free(hs, nh);
	}
	rc = store_system_delete(b->s, id);
	if (rc == STORE_ECONSTRAINT)
		return broker_fail(&ctx->status, SLGW_FAILED_PRECONDITION,
				   "storage system %s is still referenced: %s", name, store_errmsg());
	if (rc && rc != STORE_ENOTFOUND)
		return broker_fail_store(&ctx->status, rc, "removing the storage system");
	if (cred > 0)
		store_credential_delete(b->s, cred);
	broker_adapter_forget(b, id);
	broker_orphans_replace(b, id, NULL, 0);
	return 0;
}

static int recover_rerun(struct broker_job_ctx *ctx)
{
	/* read-only on the array, or store-only: running again is safe */
	if (strcmp(ctx->job->kind, broker_kind_system_add.name) == 0)
		return run_system_add(ctx);
	if (strcmp(ctx->job->kind, broker_kind_system_refresh.name) == 0)
		return run_system_refresh(ctx);
	return run_system_remove(ctx);
}

const struct broker_job_kind broker_kind_system_add = {
	.name = "system.add", .run = run_system_add, .recover = recover_rerun,
};
const struct broker_job_kind broker_kind_system_refresh = {
	.name = "system.refresh", .run = run_system_refresh, .recover = recover_rerun,
};
const struct broker_job_kind broker_kind_system_remove = {
	.name = "system.remove", .run = run_system_remove, .recover = recover_rerun,
};


/* --------------------------------------------------------------- public */

static int same_opt(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

/* The key and the parameters of a job on storage system id. */
static json_t *system_job(char *key, size_t keylen, int64_t id)
{
	broker_object_key(key, keylen, "system", id);
	return json_pack("{s:I}", "system_id", (json_int_t)id);
}

int broker_add_storage_system(broker *b, const struct broker_caller *c,
			      const struct broker_system_add_req *req, store_job **job_out,
			      struct broker_status *st)
{
	*job_out = NULL;
	if (broker_require_admin(c, "addStorageSystem", st))
		return -(int)st->code;
	if (!req)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "request is empty");
	if (!slgw_adapter_family_find(req->adapter)) {
		char known[256];
		broker_adapter_family_names(known, sizeof(known));
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "adapter \"%.32s\" is unknown; this gateway knows %s",
				   req->adapter ? req->adapter : "", known);
	}
	char why[160];
	if (broker_rule_name(req->name, BROKER_RULE_NAME_MAX, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "name: %s", why);
	if (!valid_address(req->spa))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "spa must be a host name or IP address of SP A");
	if (req->spb && *req->spb && !valid_address(req->spb))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "spb must be a host name or IP address of SP B");
	int has_secfile = req->secfilepath && *req->secfilepath;
	if (has_secfile && !broker_valid_path(req->secfilepath))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "securityFile must be an absolute path");
	if (has_secfile && !broker_secfile_allowed(b, req->secfilepath))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "securityFile \"%.200s\" is not in a directory the configuration "
				   "allows (<arrays><allowSecurityFileDir path=.../>; default %s)",
				   req->secfilepath, BROKER_DEFAULT_SECFILE_DIR);
	if (!has_secfile && (!req->username || !*req->username || !req->password))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "credentials are required: username and password, or secfilepath");
	if (req->username && (strlen(req->username) > 128 || strchr(req->username, '\n')))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "username is not valid");
	if (req->password && strlen(req->password) > 256)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "password is longer than 256 characters");
	if (req->scope < 0 || req->scope > 2)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "scope must be 0 (global), 1 (local) or 2 (LDAP)");
	if (req->naviseccli_path && *req->naviseccli_path && !broker_valid_path(req->naviseccli_path))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "naviseccliPath must be an absolute path");
	if (req->naviseccli_path && *req->naviseccli_path &&
	    !broker_cli_allowed(b, req->naviseccli_path))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "naviseccliPath \"%.200s\" is not a program the configuration allows "
				   "(<arrays naviseccli=...> or <allowCli path=.../>)",
				   req->naviseccli_path);
	if (req->max_inflight < 0 || req->max_inflight > 64)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "max_inflight must be 0-64");
	store_failover pol = STORE_FAILOVER_AUTO;
	if (req->failover_policy && *req->failover_policy) {
		pol = store_failover_parse(req->failover_policy);
		if (pol == STORE_FAILOVER_UNSET)
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
					   "failover policy \"%.16s\" must be auto, alua or pnr",
					   req->failover_policy);
	}
	if (req->allowed_ports && *req->allowed_ports && !valid_port_list(req->allowed_ports))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "allowed ports must look like \"A-4,B-4\" (SP-port[-vport], comma separated)");

	int rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0)
		return rc;

	for (int attempt = 0; attempt < 2; attempt++) {
		store_system *old = NULL;
		rc = store_system_get_by_name(&old, b->s, req->name);
		if (rc == 0) {
			int same = strcmp(old->adapter ? old->adapter : "", req->adapter) == 0 &&
				   same_opt(old->spa, req->spa) && same_opt(old->spb, req->spb);
			int64_t id = old->id;
			int adding = old->state == STORE_SYSTEM_UNKNOWN;
			store_system_free(old);
			if (!same)
				return broker_fail(st, SLGW_ALREADY_EXISTS,
						   "storage system \"%s\" exists with other addresses (system %" PRId64 ")",
						   req->name, id);
			if (adding) /* its own add job has not discovered it yet */
				return broker_fail(st, SLGW_ABORTED,
						   "storage system \"%s\" is being added (system %" PRId64
						   "); retry when it is", req->name, id);
			char key[64];
			json_t *params = system_job(key, sizeof(key), id);
			json_t *result = json_pack("{s:I}", "system_id", (json_int_t)id);
			rc = broker_job_noop(job_out, b, c, &broker_kind_system_add, key, params, result, st);
			json_decref(params);
			json_decref(result);
			return rc;
		}
		if (rc != STORE_ENOTFOUND)
			return broker_fail_store(st, rc, "looking up the storage system name");

		store_credential cred;
		memset(&cred, 0, sizeof(cred));
		char cname[160];
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf(cname, sizeof(cname), "system-%s-%lld%09ld", req->name, (long long)ts.tv_sec,
			 ts.tv_nsec);
		cred.name = cname;
		cred.user = has_secfile ? NULL : (char *)req->username;
		cred.password = has_secfile ? NULL : (char *)req->password;
		cred.scope = req->scope;
		cred.secfilepath = has_secfile ? (char *)req->secfilepath : NULL;
		int64_t cred_id = 0;
		rc = store_credential_insert(&cred_id, b->s, &cred);
		if (rc)
			return broker_fail_store(st, rc, "recording the credentials");

		store_system sys;
		memset(&sys, 0, sizeof(sys));
		sys.name = (char *)req->name;
		sys.adapter = (char *)req->adapter;
		sys.spa = (char *)req->spa;
		sys.spb = req->spb && *req->spb ? (char *)req->spb : NULL;
		sys.cli_path = req->naviseccli_path && *req->naviseccli_path ?
				       (char *)req->naviseccli_path : NULL;
		sys.credential_id = cred_id;
		sys.state = STORE_SYSTEM_UNKNOWN;
		sys.failover_policy = pol;
		sys.iscsi_ports = req->allowed_ports && *req->allowed_ports ?
					  (char *)req->allowed_ports : NULL;
		sys.destroy_empty_sg = req->destroy_empty_sg ? 1 : 0;
		sys.max_inflight = req->max_inflight;
		sys.hlu0_allowed = req->hlu0_allowed ? 1 : 0;
		int64_t sys_id = 0;
		rc = store_system_insert(&sys_id, b->s, &sys);
		if (rc == STORE_EEXISTS) { /* a concurrent add won the name: look again */
			store_credential_delete(b->s, cred_id);
			continue;
		}
		if (rc) {
			store_credential_delete(b->s, cred_id);
			return broker_fail_store(st, rc, "recording the storage system");
		}
		char key[64];
		broker_object_key(key, sizeof(key), "system", sys_id);
		json_t *params = json_pack("{s:I,s:s}", "system_id", (json_int_t)sys_id, "name",
					   req->name);
		rc = broker_job_submit(job_out, b, c, &broker_kind_system_add, key, params, st);
		json_decref(params);
		if (rc)
			drop_system_record(b, sys_id);
		return rc;
	}
	return broker_fail(st, SLGW_ABORTED, "storage system \"%s\" is being added concurrently; retry",
			   req->name);
}

int broker_remove_storage_system(broker *b, const struct broker_caller *c, const char *system_id,
				 store_job **job_out, struct broker_status *st)
{
	*job_out = NULL;
	if (broker_require_admin(c, "removeStorageSystem", st))
		return -(int)st->code;
	int64_t id;
	if (broker_parse_id(&id, system_id, "storage system id", st))
		return -(int)st->code;
	int rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0)
		return rc;
	char key[64];
	json_t *params = system_job(key, sizeof(key), id);
	store_system *sys = NULL;
	rc = store_system_get(&sys, b->s, id);
	if (rc == STORE_ENOTFOUND) {
		json_t *result = json_pack("{s:I,s:b}", "system_id", (json_int_t)id, "removed", 0);
		rc = broker_job_noop(job_out, b, c, &broker_kind_system_remove, key, params, result, st);
		json_decref(result);
		json_decref(params);
		return rc;
	}
	if (rc) {
		json_decref(params);
		return broker_fail_store(st, rc, "reading the storage system");
	}
	char desc[256] = "";
	if (system_has_volumes(b, id, desc, sizeof(desc))) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "storage system %s still has volumes (%s); delete them first",
				 sys->name, desc);
		store_system_free(sys);
		json_decref(params);
		return rc;
	}
	store_system_free(sys);
	rc = broker_job_submit(job_out, b, c, &broker_kind_system_remove, key, params, st);
	json_decref(params);
	return rc;
}

int broker_refresh_storage_system(broker *b, const struct broker_caller *c, const char *system_id,
				  store_job **job_out, struct broker_status *st)
{
	*job_out = NULL;
	if (broker_require_admin(c, "refreshStorageSystem", st))
		return -(int)st->code;
	store_system *sys = NULL;
	if (broker_scope_system(&sys, b, c, system_id, st))
		return -(int)st->code;
	int64_t id = sys->id;
	store_system_free(sys);
	int rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0)
		return rc;
	char key[64];
	json_t *params = system_job(key, sizeof(key), id);
	rc = broker_job_submit(job_out, b, c, &broker_kind_system_refresh, key, params, st);
	json_decref(params);
	return rc;
}
