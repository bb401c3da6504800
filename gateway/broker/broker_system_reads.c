/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_system_reads.c - the scoped reads of storage systems, their pools
 * and their target ports.
 *
 * Scoping happens here and nowhere else: an admin sees every system; a
 * tenant sees only the systems where it holds a grant, only the pools it
 * was granted (each with its quota and what it uses of it), and a system
 * record without the SP management addresses and the naviseccli path,
 * which are the storage team's business.  Anything outside a tenant's view
 * answers NOT_FOUND exactly as an id that never existed would.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"

/* Sorted unique system ids a tenant has grants in. */
static int tenant_system_ids(int64_t **out, size_t *n_out, broker *b, int64_t tenant_id,
			     struct broker_status *st)
{
	*out = NULL;
	*n_out = 0;
	store_filter f = { .tenant_id = tenant_id };
	store_grant_usage *g = NULL;
	size_t ng = 0;
	int rc = store_grant_usage_list(&g, &ng, b->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "listing grants");
	int64_t *ids = calloc(ng + 1, sizeof(*ids));
	size_t n = 0;
	for (size_t i = 0; ids && i < ng; i++) {
		store_pool *p = NULL;
		if (store_pool_get(&p, b->s, g[i].grant.pool_id) != 0)
			continue;
		int dup = 0;
		for (size_t j = 0; j < n; j++)
			if (ids[j] == p->system_id)
				dup = 1;
		if (!dup)
			ids[n++] = p->system_id;
		store_pool_free(p);
	}
	store_grant_usage_array_free(g, ng);
	if (!ids)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	/* insertion sort: a tenant has few systems */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int64_t t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	*out = ids;
	*n_out = n;
	return 0;
}

/* What a tenant may see of a system: its name, model and state, not how
 * the gateway reaches and drives it.  The SP management addresses and the
 * naviseccli path are the storage team's (a tenant has no business on the
 * array's management network), so they are cleared before the record
 * leaves the broker; every reader of a tenant's systems goes through here. */
static void redact_for_tenant(store_system *sys, const struct broker_caller *c)
{
	if (c->is_admin)
		return;
	free(sys->spa);
	free(sys->spb);
	free(sys->cli_path);
	sys->spa = sys->spb = sys->cli_path = NULL;
	sys->credential_id = 0;
}

int broker_enum_storage_systems(store_system **out, size_t *n_out, char **next_page_token,
				broker *b, const struct broker_caller *c,
				const struct broker_page *page, struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	int rc = 0;
	if (c->is_admin) {
		rc = store_system_list(out, n_out, b->s, &f);
	} else {
		int64_t *ids = NULL;
		size_t nids = 0;
		if (tenant_system_ids(&ids, &nids, b, c->tenant_id, st))
			return -(int)st->code;
		store_system *arr = calloc(nids + 1, sizeof(*arr));
		size_t n = 0;
		for (size_t i = 0; arr && i < nids && n < f.limit; i++) {
			if (ids[i] <= f.after)
				continue;
			store_system *one = NULL;
			if (store_system_get(&one, b->s, ids[i]) != 0)
				continue;
			redact_for_tenant(one, c);
			arr[n++] = *one; /* shallow move of the owned strings */
			free(one);
		}
		free(ids);
		if (!arr)
			return broker_fail(st, SLGW_INTERNAL, "out of memory");
		*out = arr;
		*n_out = n;
	}
	return broker_list_done(next_page_token, rc, "listing storage systems", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

int broker_get_storage_system(store_system **out, broker *b, const struct broker_caller *c,
			      const char *system_id, struct broker_status *st)
{
	int rc = broker_scope_system(out, b, c, system_id, st);
	if (rc == 0) {
		redact_for_tenant(*out, c);
		broker_ok(st);
	}
	return rc;
}

void broker_pool_info_array_free(struct broker_pool_info *arr, size_t n)
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++)
		store_pool_free(arr[i].pool);
	free(arr);
}

static void fill_grant(struct broker_pool_info *pi, const store_grant_usage *g)
{
	pi->granted = 1;
	pi->frozen = g->grant.frozen;
	pi->quota_mb = g->grant.quota_mb > 0 ? (uint64_t)g->grant.quota_mb : 0;
	pi->used_mb = g->used_mb > 0 ? (uint64_t)g->used_mb : 0;
	pi->left_mb = g->left_mb > 0 ? (uint64_t)g->left_mb : 0;
	pi->max_volumes = g->grant.max_volumes > 0 ? g->grant.max_volumes : -1;
	pi->volume_count = g->volumes;
	int mask = g->grant.prov_allowed ? g->grant.prov_allowed : STORE_PROV_MASK_ALL;
	pi->allow_thin = (mask & STORE_PROV_MASK(STORE_PROV_THIN)) != 0;
	pi->allow_thick = (mask & STORE_PROV_MASK(STORE_PROV_THICK)) != 0;
}

int broker_enum_storage_pools(struct broker_pool_info **out, size_t *n_out, char **next_page_token,
			      broker *b, const struct broker_caller *c, const char *system_id,
			      const struct broker_page *page, struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	int64_t sys_id = 0;
	if (system_id && *system_id) {
		store_system *sys = NULL;
		if (broker_scope_system(&sys, b, c, system_id, st))
			return -(int)st->code;
		sys_id = sys->id;
		store_system_free(sys);
	}
	struct broker_pool_info *arr = NULL;
	size_t n = 0;
	if (c->is_admin) {
		store_pool *pools = NULL;
		size_t np = 0;
		store_filter pf = f;
		pf.system_id = sys_id;
		int rc = store_pool_list(&pools, &np, b->s, &pf);
		if (rc)
			return broker_fail_store(st, rc, "listing pools");
		arr = calloc(np + 1, sizeof(*arr));
		for (size_t i = 0; arr && i < np; i++) {
			store_pool *p = malloc(sizeof(*p));
			if (!p)
				break;
			*p = pools[i];
			memset(&pools[i], 0, sizeof(pools[i]));
			arr[n++].pool = p;
			arr[n - 1].max_volumes = -1;
		}
		store_pool_array_free(pools, np);
	} else {
		store_filter gf = { .tenant_id = c->tenant_id, .system_id = sys_id };
		store_grant_usage *g = NULL;
		size_t ng = 0;
		int rc = store_grant_usage_list(&g, &ng, b->s, &gf);
		if (rc)
			return broker_fail_store(st, rc, "listing grants");
		/* page in pool id order */
		for (size_t i = 1; i < ng; i++)
			for (size_t j = i; j > 0 && g[j - 1].grant.pool_id > g[j].grant.pool_id; j--) {
				store_grant_usage t = g[j];
				g[j] = g[j - 1];
				g[j - 1] = t;
			}
		arr = calloc(ng + 1, sizeof(*arr));
		for (size_t i = 0; arr && i < ng && n < f.limit; i++) {
			if (g[i].grant.pool_id <= f.after)
				continue;
			store_pool *p = NULL;
			if (store_pool_get(&p, b->s, g[i].grant.pool_id) != 0)
				continue;
			arr[n].pool = p;
			fill_grant(&arr[n], &g[i]);
			n++;
		}
		store_grant_usage_array_free(g, ng);
	}
	if (!arr)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	*out = arr;
	*n_out = n;
	return broker_list_done(next_page_token, 0, NULL, &f, n, n ? arr[n - 1].pool->id : 0, st);
}

int broker_enum_target_ports(store_port **out, size_t *n_out, char **next_page_token, broker *b,
			     const struct broker_caller *c, const char *system_id,
			     const struct broker_page *page, struct broker_status *st)
{
	*out = NULL;
	*n_out = 0;
	*next_page_token = NULL;
	store_system *sys = NULL;
	if (broker_scope_system(&sys, b, c, system_id, st))
		return -(int)st->code;
	store_filter f;
	memset(&f, 0, sizeof(f));
	if (broker_page_decode(&f, page, st)) {
		store_system_free(sys);
		return -(int)st->code;
	}
	f.system_id = sys->id;
	store_system_free(sys);
	int rc = store_port_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing target ports", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}
