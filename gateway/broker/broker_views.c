/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_views.c - the read-only lookups the SOAP service needs to finish
 * an answer: the parts of a record that live in other tables (a grant's
 * usage, a host's initiators, an assignment's LUN), a job's resulting
 * snapshot, the tenant behind an audit record's tenant name.
 *
 * Design
 * ------
 * The service layer used to read these straight from the store, so the
 * question "may this caller see that row?" was answered in two layers and
 * could drift apart.  Every view here is a broker call like the others: it
 * takes the caller, applies broker_visible() to the owning tenant of what
 * it reads, and answers NOT_FOUND (the same message whether the row does
 * not exist or belongs to someone else) so nothing of another tenant leaks.
 * The views only read; they never start a job or touch an array, and they
 * return store records the caller frees with the store's own free
 * functions, exactly as the broker's get/enum calls do.
 *
 * A view is handed a record the broker gave out earlier in the same call
 * (already scoped), so for the normal path the scope check is a second,
 * cheap confirmation; it matters when a record reaches the service any
 * other way (a job result naming an id).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"

const char *broker_view_instance_id(broker *b)
{
	store *s = b ? broker_store(b) : NULL;
	const char *id = s ? store_instance_id(s) : NULL;
	return id ? id : "";
}

int broker_view_grant(struct broker_grant_view *out, broker *b, const struct broker_caller *c,
		      const store_grant *g, struct broker_status *st)
{
	store *s = broker_store(b);
	store_pool *pool = NULL;
	store_grant_usage *use = NULL;
	size_t n = 0;
	store_filter f;

	memset(out, 0, sizeof(*out));
	if (!g || !broker_visible(c, g->tenant_id))
		return broker_fail(st, SLGW_NOT_FOUND, "grant not found");
	if (store_pool_get(&pool, s, g->pool_id) == 0 && pool)
		out->system_id = pool->system_id;
	store_pool_free(pool);
	memset(&f, 0, sizeof(f));
	f.tenant_id = g->tenant_id;
	f.pool_id = g->pool_id;
	if (store_grant_usage_list(&use, &n, s, &f) == 0 && n > 0) {
		out->has_usage = 1;
		out->used_mb = use[0].used_mb;
		out->volumes = use[0].volumes;
	}
	store_grant_usage_array_free(use, n);
	broker_ok(st);
	return 0;
}

int broker_view_grant_find(store_grant **out, broker *b, const struct broker_caller *c,
			   const char *tenant_id, const char *pool_id, struct broker_status *st)
{
	int64_t tid = 0, pid = 0;
	int rc;

	*out = NULL;
	if (broker_parse_id(&tid, tenant_id, "tenant id", st) ||
	    broker_parse_id(&pid, pool_id, "pool id", st))
		return -(int)st->code;
	if (!broker_visible(c, tid))
		return broker_fail(st, SLGW_NOT_FOUND, "grant not found");
	rc = store_grant_find(out, broker_store(b), tid, pid);
	if (rc == STORE_ENOTFOUND || (rc == 0 && !*out))
		return broker_fail(st, SLGW_NOT_FOUND, "grant not found");
	if (rc)
		return broker_fail_store(st, rc, "reading the grant");
	broker_ok(st);
	return 0;
}

int broker_view_host(struct broker_host_view *out, broker *b, const struct broker_caller *c,
		     const store_host *h, struct broker_status *st)
{
	store *s = broker_store(b);
	store_filter f;

	memset(out, 0, sizeof(*out));
	if (!h || !broker_visible(c, h->tenant_id))
		return broker_fail(st, SLGW_NOT_FOUND, "host not found");
	memset(&f, 0, sizeof(f));
	f.host_id = h->id;
	if (store_initiator_list(&out->initiators, &out->n_initiators, s, &f)) {
		out->initiators = NULL;
		out->n_initiators = 0;
	}
	if (store_host_system_list(&out->arrays, &out->n_arrays, s, &f)) {
		out->arrays = NULL;
		out->n_arrays = 0;
	}
	broker_ok(st);
	return 0;
}

void broker_host_view_free(struct broker_host_view *v)
{
	if (!v)
		return;
	store_initiator_array_free(v->initiators, v->n_initiators);
	store_host_system_array_free(v->arrays, v->n_arrays);
	memset(v, 0, sizeof(*v));
}

int broker_view_assignment(struct broker_assignment_view *out, broker *b,
			   const struct broker_caller *c, const store_assignment *a,
			   struct broker_status *st)
{
	store *s = broker_store(b);
	store_host *h = NULL;
	store_volume *v = NULL;
	store_host_system *hs = NULL;
	int mine;

	memset(out, 0, sizeof(*out));
	out->lun_id = -1;
	if (!a)
		return broker_fail(st, SLGW_NOT_FOUND, "assignment not found");
	/* The rule of broker_enum_assignments: an assignment is the caller's
	 * when the host it maps to is. */
	mine = c->is_admin ||
	       (store_host_get(&h, s, a->host_id) == 0 && h && broker_visible(c, h->tenant_id));
	store_host_free(h);
	if (!mine)
		return broker_fail(st, SLGW_NOT_FOUND, "assignment not found");
	if (store_volume_get(&v, s, a->volume_id) == 0 && v) {
		out->has_volume = 1;
		out->wwn = v->wwn ? strdup(v->wwn) : NULL;
		out->lun_id = v->lun_id;
	}
	store_volume_free(v);
	/* The failover mode in force is the host's registration on that array. */
	if (store_host_system_get(&hs, s, a->host_id, a->system_id) == 0 && hs) {
		out->has_registration = 1;
		out->failover_applied = hs->failover_applied;
	}
	store_host_system_free(hs);
	broker_ok(st);
	return 0;
}

void broker_assignment_view_free(struct broker_assignment_view *v)
{
	if (!v)
		return;
	free(v->wwn);
	v->wwn = NULL;
}

int broker_view_snapshot(store_snapshot **out, broker *b, const struct broker_caller *c,
			 int64_t snapshot_id, struct broker_status *st)
{
	int rc;

	*out = NULL;
	rc = store_snapshot_get(out, broker_store(b), snapshot_id);
	if (rc == 0 && *out && broker_visible(c, (*out)->tenant_id)) {
		broker_ok(st);
		return 0;
	}
	store_snapshot_free(*out);
	*out = NULL;
	if (rc && rc != STORE_ENOTFOUND)
		return broker_fail_store(st, rc, "reading the snapshot");
	return broker_fail(st, SLGW_NOT_FOUND, "snapshot %" PRId64 " not found", snapshot_id);
}

/* The ending of both tenant lookups: found, a store error, or not found (a
 * tenant the caller may not see is not found either). */
static int tenant_answer(int found, int rc, struct broker_status *st)
{
	if (found) {
		broker_ok(st);
		return 0;
	}
	if (rc && rc != STORE_ENOTFOUND)
		return broker_fail_store(st, rc, "reading the tenant");
	return broker_fail(st, SLGW_NOT_FOUND, "tenant not found");
}

int broker_view_tenant_id(int64_t *out, broker *b, const struct broker_caller *c,
			  const char *name, struct broker_status *st)
{
	store_tenant *t = NULL;
	int rc;

	*out = 0;
	if (!name || !*name)
		return broker_fail(st, SLGW_NOT_FOUND, "tenant not found");
	rc = store_tenant_get_by_name(&t, broker_store(b), name);
	if (rc == 0 && t && broker_visible(c, t->id))
		*out = t->id;
	store_tenant_free(t);
	return tenant_answer(*out != 0, rc, st);
}

int broker_view_tenant_name(char **out, broker *b, const struct broker_caller *c, int64_t id,
			    struct broker_status *st)
{
	store_tenant *t = NULL;
	int rc;

	*out = NULL;
	if (id <= 0 || !broker_visible(c, id))
		return broker_fail(st, SLGW_NOT_FOUND, "tenant not found");
	rc = store_tenant_get(&t, broker_store(b), id);
	if (rc == 0 && t && t->name)
		*out = strdup(t->name);
	store_tenant_free(t);
	return tenant_answer(*out != NULL, rc, st);
}
