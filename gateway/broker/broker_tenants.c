/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_tenants.c - what a storage team uses to hand out storage
 * without handing out arrays: tenants, pool grants with quotas, users and
 * authentication.  (The audit trail and metrics are in broker_audit.c.)
 *
 * These are store-only operations, so they are synchronous (no job): the
 * quota itself is enforced where volumes are reserved (store_volume_reserve,
 * one write transaction), not here.  Scoping follows one rule: a tenant
 * sees its own records and nothing else, and what it may not see answers
 * NOT_FOUND, exactly like what does not exist.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"
#include "broker_rules.h"

/* ------------------------------------------------------------- tenants */

int broker_add_tenant(store_tenant **out, broker *b, const struct broker_caller *c,
		      const char *name, const char *description, struct broker_status *st)
{
	*out = NULL;
	if (broker_require_admin(c, "addTenant", st))
		return -(int)st->code;
	char why[160];
	if (broker_rule_name(name, BROKER_RULE_NAME_MAX, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "tenant name: %s", why);
	if (description && (strlen(description) > 512 || !broker_valid_utf8(description)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "description must be at most 512 characters of UTF-8");
	store_tenant rec;
	memset(&rec, 0, sizeof(rec));
	rec.name = (char *)name;
	rec.description = (char *)description;
	int64_t id = 0;
	int rc = store_tenant_insert(&id, b->s, &rec);
	if (rc == STORE_EEXISTS) {
		/* idempotent by name when the description matches */
		rc = store_tenant_get_by_name(out, b->s, name);
		if (rc)
			return broker_fail_store(st, rc, "reading the tenant");
		const char *d = (*out)->description ? (*out)->description : "";
		if (strcmp(d, description ? description : "") != 0) {
			store_tenant_free(*out);
			*out = NULL;
			return broker_fail(st, SLGW_ALREADY_EXISTS,
					   "tenant \"%s\" exists with another description", name);
		}
		broker_ok(st);
		return 0;
	}
	if (rc)
		return broker_fail_store(st, rc, "adding the tenant");
	rc = store_tenant_get(out, b->s, id);
	if (rc)
		return broker_fail_store(st, rc, "reading the tenant");
	broker_ok(st);
	return 0;
}

int broker_remove_tenant(broker *b, const struct broker_caller *c, const char *tenant_id,
			 struct broker_status *st)
{
	if (broker_require_admin(c, "removeTenant", st))
		return -(int)st->code;
	int64_t id;
	if (broker_parse_id(&id, tenant_id, "tenant id", st))
		return -(int)st->code;
	store_tenant *t = NULL;
	int rc = store_tenant_get(&t, b->s, id);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "tenant %s not found", tenant_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the tenant");
	char name[80];
	snprintf(name, sizeof(name), "%s", t->name);
	store_tenant_free(t);

	/* Refused while it owns anything; name the first thing. */
	store_filter f = { .tenant_id = id, .limit = 1 };
	store_volume *v = NULL;
	size_t n = 0;
	if (store_volume_list(&v, &n, b->s, &f) == 0 && n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "tenant %s still owns volume %" PRId64 " (\"%s\"); delete its volumes first",
				 name, v[0].id, v[0].name ? v[0].name : "");
		store_volume_array_free(v, n);
		return rc;
	}
	store_volume_array_free(v, n);
	store_host *h = NULL;
	if (store_host_list(&h, &n, b->s, &f) == 0 && n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "tenant %s still owns host \"%s\"; remove its hosts first", name,
				 h[0].name ? h[0].name : "");
		store_host_array_free(h, n);
		return rc;
	}
	store_host_array_free(h, n);
	store_user *u = NULL;
	if (store_user_list(&u, &n, b->s, &f) == 0 && n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "tenant %s still has user \"%s\"; remove its users first", name,
				 u[0].name ? u[0].name : "");
		store_user_array_free(u, n);
		return rc;
	}
	store_user_array_free(u, n);
	store_grant *g = NULL;
	if (store_grant_list(&g, &n, b->s, &f) == 0 && n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "tenant %s still has a grant on storage pool %" PRId64 "; revoke its grants first",
				 name, g[0].pool_id);
		store_grant_array_free(g, n);
		return rc;
	}
	store_grant_array_free(g, n);

	/* Tombstones of its deleted volumes/snapshots refer to it: purge. */
	store_filter tf = { .tenant_id = id, .include_deleted = 1 };
	store_snapshot *ss = NULL;
	size_t ns = 0;
	if (store_snapshot_list(&ss, &ns, b->s, &tf) == 0) {
		for (size_t i = 0; i < ns; i++)
			store_snapshot_delete(b->s, ss[i].id);
		store_snapshot_array_free(ss, ns);
	}
	store_volume *dv = NULL;
	size_t nd = 0;
	if (store_volume_list(&dv, &nd, b->s, &tf) == 0) {
		for (size_t i = nd; i-- > 0;)
			store_volume_delete(b->s, dv[i].id);
		store_volume_array_free(dv, nd);
	}
	rc = store_tenant_delete(b->s, id);
	if (rc == STORE_ECONSTRAINT)
		return broker_fail(st, SLGW_FAILED_PRECONDITION, "tenant %s still owns objects: %s", name,
				   store_errmsg());
	if (rc)
		return broker_fail_store(st, rc, "removing the tenant");
	broker_ok(st);
	return 0;
}

int broker_enum_tenants(store_tenant **out, size_t *n_out, char **next_page_token, broker *b,
			const struct broker_caller *c, const struct broker_page *page,
			struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (!c->is_admin) {
		/* a tenant sees itself */
		if (c->tenant_id <= 0 || c->tenant_id <= f.after)
			return 0;
		store_tenant *t = NULL;
		int rc = store_tenant_get(&t, b->s, c->tenant_id);
		if (rc)
			return broker_fail_store(st, rc, "reading the tenant");
		*out = t;
		*n_out = 1;
		broker_ok(st);
		return 0;
	}
	int rc = store_tenant_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing tenants", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

/* -------------------------------------------------------------- grants */

int broker_grant_storage_pool(store_grant **out, broker *b, const struct broker_caller *c,
			      const struct broker_grant_req *req, struct broker_status *st)
{
	*out = NULL;
	if (broker_require_admin(c, "grantStoragePool", st))
		return -(int)st->code;
	if (!req)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "request is empty");
	int64_t tid, sid, pid;
	if (broker_parse_id(&tid, req->tenant_id, "tenant id", st) ||
	    broker_parse_id(&sid, req->system_id, "storage system id", st) ||
	    broker_parse_id(&pid, req->pool_id, "storage pool id", st))
		return -(int)st->code;
	if (req->quota_mb < 0)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "quota must be 0 MB or more");
	if (!req->allow_thin && !req->allow_thick)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "a grant must allow THIN, THICK or both provisioning types");
	store_tenant *t = NULL;
	int rc = store_tenant_get(&t, b->s, tid);
	store_tenant_free(t);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "tenant %s not found", req->tenant_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the tenant");
	store_pool *p = NULL;
	rc = store_pool_get(&p, b->s, pid);
	if (rc == 0 && p->system_id != sid)
		rc = STORE_ENOTFOUND;
	store_pool_free(p);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "storage pool %s not found on storage system %s",
				   req->pool_id, req->system_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the storage pool");

	store_grant rec;
	memset(&rec, 0, sizeof(rec));
	rec.tenant_id = tid;
	rec.pool_id = pid;
	rec.quota_mb = req->quota_mb;
	rec.max_volumes = req->max_volumes > 0 ? req->max_volumes : 0;
	rec.prov_allowed = (req->allow_thin ? STORE_PROV_MASK(STORE_PROV_THIN) : 0) |
			   (req->allow_thick ? STORE_PROV_MASK(STORE_PROV_THICK) : 0);
	rec.frozen = 0;
	store_grant *old = NULL;
	rc = store_grant_find(&old, b->s, tid, pid);
	int64_t id = 0;
	if (rc == 0) {
		/* re-granting updates the limits and unfreezes */
		rec.id = old->id;
		id = old->id;
		store_grant_free(old);
		rc = store_grant_update(b->s, &rec);
	} else if (rc == STORE_ENOTFOUND) {
		rc = store_grant_insert(&id, b->s, &rec);
	}
	if (rc)
		return broker_fail_store(st, rc, "recording the grant");
	rc = store_grant_get(out, b->s, id);
	if (rc)
		return broker_fail_store(st, rc, "reading the grant");
	broker_ok(st);
	return 0;
}

int broker_revoke_storage_pool(broker *b, const struct broker_caller *c, const char *tenant_id,
			       const char *pool_id, int freeze, struct broker_status *st)
{
	if (broker_require_admin(c, "revokeStoragePool", st))
		return -(int)st->code;
	int64_t tid, pid;
	if (broker_parse_id(&tid, tenant_id, "tenant id", st) ||
	    broker_parse_id(&pid, pool_id, "storage pool id", st))
		return -(int)st->code;
	store_grant *g = NULL;
	int rc = store_grant_find(&g, b->s, tid, pid);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "tenant %s has no grant on storage pool %s",
				   tenant_id, pool_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the grant");
	if (freeze) {
		g->frozen = 1;
		rc = store_grant_update(b->s, g);
		store_grant_free(g);
		if (rc)
			return broker_fail_store(st, rc, "freezing the grant");
		broker_ok(st);
		return 0;
	}
	store_filter f = { .tenant_id = tid, .pool_id = pid, .limit = 1 };
	store_volume *v = NULL;
	size_t n = 0;
	if (store_volume_list(&v, &n, b->s, &f) == 0 && n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "tenant %s still has volume %" PRId64 " in storage pool %s; delete it first "
				 "or freeze the grant instead", tenant_id, v[0].id, pool_id);
		store_volume_array_free(v, n);
		store_grant_free(g);
		return rc;
	}
	store_volume_array_free(v, n);
	rc = store_grant_delete(b->s, g->id);
	store_grant_free(g);
	if (rc == STORE_ECONSTRAINT)
		return broker_fail(st, SLGW_FAILED_PRECONDITION, "the grant is still in use: %s",
				   store_errmsg());
	if (rc)
		return broker_fail_store(st, rc, "removing the grant");
	broker_ok(st);
	return 0;
}

int broker_enum_grants(store_grant **out, size_t *n_out, char **next_page_token, broker *b,
		       const struct broker_caller *c, const char *tenant_id,
		       const struct broker_page *page, struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	/* only an admin may pick the tenant; a tenant user gets its own */
	if (c->is_admin && tenant_id && *tenant_id &&
	    broker_parse_id(&f.tenant_id, tenant_id, "tenant id", st))
		return -(int)st->code;
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_grant_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing grants", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

/* --------------------------------------------------------------- users */

int broker_authenticate(store_user **user_out, broker *b, const char *user, const char *password,
			struct broker_status *st)
{
	*user_out = NULL;
	if (!user || !*user || !password || strlen(user) > 128 ||
	    strlen(password) > BROKER_RULE_PASSWORD_MAX)
		return broker_fail(st, SLGW_UNAUTHENTICATED, "user name or password is wrong");
	int rc = store_user_verify(b->s, user, password, user_out);
	if (rc == STORE_EAUTH)
		return broker_fail(st, SLGW_UNAUTHENTICATED, "user name or password is wrong");
	if (rc)
		return broker_fail_store(st, rc, "checking the password");
	broker_ok(st);
	return 0;
}

int broker_add_user(store_user **out, broker *b, const struct broker_caller *c, const char *name,
		    const char *password, const char *role, const char *tenant_id,
		    struct broker_status *st)
{
	*out = NULL;
	if (broker_require_admin(c, "addUser", st))
		return -(int)st->code;
	char why[160];
	if (broker_rule_user_name(name, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "user name: %s", why);
	if (broker_rule_password(password, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "password: %s", why);
	store_role r = role ? store_role_parse(role) : STORE_ROLE_UNSET;
	if (r != STORE_ROLE_ADMIN && r != STORE_ROLE_TENANT)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "role must be \"admin\" or \"tenant\"");
	int64_t tid = 0;
	if (r == STORE_ROLE_TENANT) {
		if (broker_parse_id(&tid, tenant_id, "tenant id", st))
			return -(int)st->code;
		store_tenant *t = NULL;
		int rc = store_tenant_get(&t, b->s, tid);
		store_tenant_free(t);
		if (rc == STORE_ENOTFOUND)
			return broker_fail(st, SLGW_NOT_FOUND, "tenant %s not found", tenant_id);
		if (rc)
			return broker_fail_store(st, rc, "reading the tenant");
	} else if (tenant_id && *tenant_id) {
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "an admin user has no tenant");
	}
	int64_t id = 0;
	int rc = store_user_create(&id, b->s, name, password, r, tid);
	if (rc == STORE_EEXISTS)
		return broker_fail(st, SLGW_ALREADY_EXISTS, "user \"%s\" exists", name);
	if (rc)
		return broker_fail_store(st, rc, "adding the user");
	rc = store_user_get(out, b->s, id);
	if (rc)
		return broker_fail_store(st, rc, "reading the user");
	broker_ok(st);
	return 0;
}

int broker_remove_user(broker *b, const struct broker_caller *c, const char *name,
		       struct broker_status *st)
{
	if (broker_require_admin(c, "removeUser", st))
		return -(int)st->code;
	if (!name || !*name)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "user name is required");
	if (c->user && strcmp(c->user, name) == 0)
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "user %s cannot remove itself; another admin must do it", name);
	store_user *u = NULL;
	int rc = store_user_get_by_name(&u, b->s, name);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "user \"%.64s\" not found", name);
	if (rc)
		return broker_fail_store(st, rc, "reading the user");
	rc = store_user_delete(b->s, u->id);
	store_user_free(u);
	if (rc)
		return broker_fail_store(st, rc, "removing the user");
	broker_ok(st);
	return 0;
}

int broker_enum_users(store_user **out, size_t *n_out, char **next_page_token, broker *b,
		      const struct broker_caller *c, const struct broker_page *page,
		      struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	/* a tenant sees its own users */
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_user_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing users", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

int broker_set_password(broker *b, const struct broker_caller *c, const char *name,
			const char *new_password, struct broker_status *st)
{
	if (!name || !*name)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "user name is required");
	if (!c->is_admin && (!c->user || strcmp(c->user, name) != 0))
		return broker_fail(st, SLGW_NOT_FOUND, "user \"%.64s\" not found", name);
	char why[160];
	if (broker_rule_password(new_password, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "password: %s", why);
	int rc = store_user_set_password(b->s, name, new_password);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "user \"%.64s\" not found", name);
	if (rc)
		return broker_fail_store(st, rc, "setting the password");
	broker_ok(st);
	return 0;
}
