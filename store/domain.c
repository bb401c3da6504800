/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * domain.c - the compound operations: each is ONE write transaction that
 * reads what it must check and writes only if the check holds.
 *
 * Why here and not in the broker: the broker runs many jobs at once (and
 * could one day run in several processes). Checking a quota with one call
 * and inserting with another would let two allocations both see room for
 * one. Under BEGIN IMMEDIATE the check and the write happen while no other
 * writer can commit in between, so "50 threads against a quota for 10"
 * yields exactly 10, and HLUs handed out on one host are always distinct.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* ------------------------------------------------------------ helpers */


/* rec_get_where on a connection of its own for the public find / get calls;
 * ENOTFOUND gets the message of fmt. */
static int find_one(void **out, store *s, const struct rec_table *t, const char *where,
                    const struct bindv *b, int nb, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static int find_one(void **out, store *s, const struct rec_table *t, const char *where,
                    const struct bindv *b, int nb, const char *fmt, ...)
{
	struct conn *c = conn_get(s);
	int rc = rec_get_where(c, t, where, b, nb, out);

	if (rc == STORE_ENOTFOUND) {
		va_list ap;

		va_start(ap, fmt);
		store_vseterr(rc, fmt, ap);
		va_end(ap);
	}
	conn_put(s, c);
	return rc;
}

/* UPDATE <t> SET <set>, updated = now WHERE id = ? [AND <cond>] as one
 * write transaction. With no row changed: ENOTFOUND if the id does not
 * exist, else EINVAL with `refusal` (the condition did not hold). */
static int update_one(store *s, const struct rec_table *t, int64_t id, const char *set,
                      const char *cond, const struct bindv *b, int nb, const char *refusal)
{
	struct bindv all[12];
	char sql[1024], what[96];
	struct conn *c;
	int rc, changes = 0;

	if (nb > 10)
		return store_seterr(STORE_ERROR, "internal: too many bindings");
	memcpy(all, b, sizeof(*b) * (size_t)nb);
	all[nb] = B_INT(store_now());
	all[nb + 1] = B_INT(id);
	snprintf(sql, sizeof(sql), "UPDATE %s SET %s, updated = ? WHERE id = ?%s%s", t->sql_name,
	         set, cond ? " AND " : "", cond ? cond : "");
	snprintf(what, sizeof(what), "%s %lld", t->label, (long long)id);
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0)
		rc = rec_run(c, sql, all, nb + 2, what, &changes);
	if (rc == 0 && changes == 0) {
		rc = rec_exists(c, t->sql_name, id);
		if (rc == 0)
			rc = store_seterr(STORE_ENOTFOUND, "%s not found", what);
		else if (rc > 0)
			rc = store_seterr(STORE_EINVAL, "%s: %s", what,
			                  refusal ? refusal : "not changed");
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

/* ------------------------------------------------------------ systems, pools, ports */

int store_system_set_state(store *s, int64_t id, store_system_state state)
{
	struct bindv b[1];

	if (state <= 0 || (int)state > STORE_SYSTEM_OFFLINE)
		return store_seterr(STORE_EINVAL, "system.state: invalid value");
	b[0] = B_TEXT(store_system_state_name(state));
	return update_one(s, &tab_system, id, "state = ?", NULL, b, 1, NULL);
}

/* Insert or update keyed by a natural key; `where` selects the existing
 * row, `set` updates it. Shared by pool and port discovery. */
static int upsert(store *s, const struct rec_table *t, const void *rec, const char *where,
                  const struct bindv *kb, int nkb, const char *set, const struct bindv *sb,
                  int nsb, int64_t *out_id)
{
	struct bindv all[16];
	char sql[1024];
	struct conn *c;
	void *old = NULL;
	int rc;

	store_clearerr();
	rc = rec_validate(t, rec);
	if (rc)
		return rc;
	rc = rec_tx_write(&c, s, t, rec);
	if (rc == 0) {
		rc = rec_get_where(c, t, where, kb, nkb, &old);
		if (rc == STORE_ENOTFOUND) {
			rc = rec_insert_c(c, t, rec, out_id);
		} else if (rc == 0) {
			int64_t id = *(int64_t *)old;
			memcpy(all, sb, sizeof(*sb) * (size_t)nsb);
			all[nsb] = B_INT(store_now());
			all[nsb + 1] = B_INT(id);
			snprintf(sql, sizeof(sql), "UPDATE %s SET %s, updated = ? WHERE id = ?",
			         t->sql_name, set);
			rc = rec_run(c, sql, all, nsb + 2, t->label, NULL);
			if (out_id)
				*out_id = id;
			rec_free(t, old);
		}
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int store_pool_upsert(int64_t *out_id, store *s, const store_pool *rec)
{
	struct bindv kb[3] = {B_INT(rec->system_id), B_INT(rec->kind), B_INT(rec->array_id)};
	struct bindv sb[7] = {B_TEXT(rec->name), B_TEXT(rec->array_state), B_INT(rec->capacity_mb),
	                      B_INT(rec->free_mb), B_INT(rec->prov_supported), B_TEXT(rec->raid_type),
	                      B_INT(rec->contig_free_mb)};

	return upsert(s, &tab_pool, rec, "system_id = ? AND kind = ? AND array_id = ?", kb, 3,
	              "name = ?, array_state = ?, capacity_mb = ?, free_mb = ?, prov_supported = ?,"
	              " raid_type = ?, contig_free_mb = ?",
	              sb, 7, out_id);
}

int store_port_upsert(int64_t *out_id, store *s, const store_port *rec)
{
	struct bindv kb[4] = {B_INT(rec->system_id), B_TEXT(rec->sp), B_INT(rec->port_id),
	                      B_INT(rec->vport_id)};
	struct bindv sb[3] = {B_TEXT(store_proto_name(rec->proto)), B_TEXT(rec->address),
	                      B_TEXT(rec->ip)};

	return upsert(s, &tab_port, rec, "system_id = ? AND sp = ? AND port_id = ? AND vport_id = ?",
	              kb, 4, "proto = ?, address = ?, ip = ?", sb, 3, out_id);
}

/* ------------------------------------------------------------ grants and quota */

/* What a tenant uses in a pool: live volumes plus live snapshots of
 * volumes in that pool, and the live volume count. */
static int usage(struct conn *c, int64_t tenant, int64_t pool, int64_t *used_mb, int64_t *count)
{
	static const char sql[] =
		"SELECT"
		" coalesce((SELECT sum(size_mb) FROM volumes"
		"           WHERE tenant_id = ?1 AND pool_id = ?2 AND state <> 'deleted'), 0)"
		" + coalesce((SELECT sum(s.size_mb) FROM snapshots s JOIN volumes v ON v.id = s.volume_id"
		"           WHERE s.tenant_id = ?1 AND v.pool_id = ?2 AND s.state <> 'deleted'), 0),"
		" (SELECT count(*) FROM volumes"
		"  WHERE tenant_id = ?1 AND pool_id = ?2 AND state <> 'deleted')";
	struct db_stmt *st;
	int rc = conn_prepare(c, sql, &st);

	if (rc)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, pool);
	rc = db_step(st);
	if (rc != DB_ROW) {
		db_reset(st);
		return store_sqlerr(c, rc, "usage");
	}
	*used_mb = db_column_int64(st, 0);
	*count = db_column_int64(st, 1);
	db_reset(st);
	return 0;
}

/* The grant check shared by volume reserve, resize and snapshot reserve.
 * prov 0 = do not check provisioning; add_count 0 = do not count. */
static int quota_check(struct conn *c, int64_t tenant, int64_t pool, int prov, int64_t add_mb,
                       int add_count)
{
	struct bindv b[2] = {B_INT(tenant), B_INT(pool)};
	store_grant *g = NULL;
	void *tmp = NULL;
	int64_t used = 0, count = 0;
	int rc;

	rc = rec_get_where(c, &tab_grant, "tenant_id = ? AND pool_id = ?", b, 2, &tmp);
	g = tmp;
	if (rc == STORE_ENOTFOUND)
		return store_seterr(STORE_EQUOTA, "tenant %lld has no grant on pool %lld",
		                    (long long)tenant, (long long)pool);
	if (rc)
		return rc;
	if (g->frozen) {
		rc = store_seterr(STORE_EQUOTA, "grant of tenant %lld on pool %lld is frozen",
		                  (long long)tenant, (long long)pool);
		goto out;
	}
	if (prov && g->prov_allowed && !(g->prov_allowed & STORE_PROV_MASK(prov))) {
		rc = store_seterr(STORE_EQUOTA,
		                  "grant of tenant %lld on pool %lld does not allow %s provisioning",
		                  (long long)tenant, (long long)pool, store_prov_name((store_prov)prov));
		goto out;
	}
	rc = usage(c, tenant, pool, &used, &count);
	if (rc)
		goto out;
	if (used + add_mb > g->quota_mb) {
		rc = store_seterr(STORE_EQUOTA,
		                  "quota exceeded for tenant %lld on pool %lld: used %lld MB + "
		                  "requested %lld MB > quota %lld MB",
		                  (long long)tenant, (long long)pool, (long long)used,
		                  (long long)add_mb, (long long)g->quota_mb);
		goto out;
	}
	if (add_count && g->max_volumes && count + add_count > g->max_volumes) {
		rc = store_seterr(STORE_EQUOTA,
		                  "volume count exceeded for tenant %lld on pool %lld: %lld volumes + "
		                  "%d > max %lld",
		                  (long long)tenant, (long long)pool, (long long)count, add_count,
		                  (long long)g->max_volumes);
		goto out;
	}
out:
	store_grant_free(g);
	return rc;
}

int store_grant_find(store_grant **out, store *s, int64_t tenant_id, int64_t pool_id)
{
	struct bindv b[2] = {B_INT(tenant_id), B_INT(pool_id)};
	void *r = NULL;
	int rc = find_one(&r, s, &tab_grant, "tenant_id = ? AND pool_id = ?", b, 2,
	                  "no grant for tenant %lld on pool %lld", (long long)tenant_id,
	                  (long long)pool_id);

	*out = r;
	return rc;
}

int store_grant_usage_list(store_grant_usage **out, size_t *count, store *s, const store_filter *f)
{
	char extra[128];
	store_grant *g = NULL;
	store_grant_usage *u = NULL;
	struct conn *c;
	void *r = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	extra[0] = '\0';
	/* grants have no system column; the id is a number we format, not
	 * caller text. */
	if (f && f->system_id)
		snprintf(extra, sizeof(extra), "pool_id IN (SELECT id FROM pools WHERE system_id = %lld)",
		         (long long)f->system_id);
	c = conn_get(s);
	rc = tx_begin(c, 0);
	if (rc == 0)
		rc = rec_list_c(c, &tab_grant, f, extra[0] ? extra : NULL, &r, &n);
	g = r;
	if (rc == 0 && n) {
		u = calloc(n, sizeof(*u));
		if (!u)
			rc = store_seterr(STORE_ERROR, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		u[i].grant = g[i];
		rc = usage(c, g[i].tenant_id, g[i].pool_id, &u[i].used_mb, &u[i].volumes);
		u[i].left_mb = g[i].quota_mb - u[i].used_mb;
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc) {
		free(u);
		store_grant_array_free(g, n);
		return rc;
	}
	free(g); /* the strings (none today) moved into u[i].grant */
	*out = u;
	*count = n;
	return 0;
}

void store_grant_usage_array_free(store_grant_usage *arr, size_t count)
{
	if (!arr)
		return;
	for (size_t i = 0; i < count; i++)
		rec_free_fields(&tab_grant, &arr[i].grant);
	free(arr);
}

/* ------------------------------------------------------------ volumes */

int store_volume_reserve(int64_t *out_id, store *s, const store_volume *rec)
{
	struct bindv b[1];
	store_volume v = *rec;
	store_pool *pool = NULL;
	int64_t nid = 0;
	void *tmp = NULL;
	struct conn *c;
	int rc;

	store_clearerr();
	/* What the store decides, not the caller. */
	v.id = 0;
	v.state = STORE_STATE_CREATING;
	v.lun_id = -1;
	v.wwn = NULL;
	if (!v.clone_kind)
		v.clone_kind = (v.parent_volume_id || v.parent_snapshot_id) ? STORE_CLONE_FULL
		                                                            : STORE_CLONE_NONE;
	rc = rec_validate(&tab_volume, &v);
	if (rc)
		return rc;
	rc = rec_tx_write(&c, s, &tab_volume, &v);
	if (rc == 0) {
		b[0] = B_INT(v.pool_id);
		rc = rec_get_where(c, &tab_pool, "id = ?", b, 1, &tmp);
		pool = tmp;
		if (rc == STORE_ENOTFOUND)
			rc = store_seterr(rc, "volume.pool_id: pool %lld does not exist",
			                  (long long)v.pool_id);
	}
	if (rc == 0 && pool->system_id != v.system_id)
		rc = store_seterr(STORE_EINVAL, "volume.pool_id: pool %lld is not on system %lld",
		                  (long long)v.pool_id, (long long)v.system_id);
	if (rc == 0 && pool->prov_supported && !(pool->prov_supported & STORE_PROV_MASK(v.prov)))
		rc = store_seterr(STORE_EINVAL, "volume.prov: pool %lld does not support %s",
		                  (long long)v.pool_id, store_prov_name(v.prov));
	if (rc == 0 && v.tenant_id)
		rc = quota_check(c, v.tenant_id, v.pool_id, v.prov, v.size_mb, 1);
	if (rc == 0)
		rc = rec_insert_c(c, &tab_volume, &v, &nid);
	if (rc == 0)
		rc = attrs_put(c, &tab_volume, nid, v.keys, v.n_keys);
	if (rc == 0 && out_id)
		*out_id = nid;
	rc = tx_end(c, rc);
	conn_put(s, c);
	store_pool_free(pool);
	return rc;
}

int store_volume_resize_reserve(int64_t *out_old_mb, store *s, int64_t id, int64_t new_size_mb)
{
	struct bindv b[3];
	store_volume *v = NULL;
	void *tmp = NULL;
	struct conn *c;
	int rc;

	store_clearerr();
	if (new_size_mb <= 0 || new_size_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "volume.size_mb: must be 1..%lld",
		                    (long long)STORE_MAX_MB);
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0) {
		b[0] = B_INT(id);
		rc = rec_get_where(c, &tab_volume, "id = ?", b, 1, &tmp);
		v = tmp;
		if (rc == STORE_ENOTFOUND)
			rc = store_seterr(rc, "volume %lld not found", (long long)id);
	}
	if (rc == 0 && (v->state == STORE_STATE_DELETED || v->state == STORE_STATE_DELETING))
		rc = store_seterr(STORE_EINVAL, "volume %lld is being deleted", (long long)id);
	if (rc == 0 && new_size_mb < v->size_mb)
		rc = store_seterr(STORE_EINVAL, "volume %lld: cannot shrink from %lld MB to %lld MB",
		                  (long long)id, (long long)v->size_mb, (long long)new_size_mb);
	if (rc == 0 && out_old_mb)
		*out_old_mb = v->size_mb;
	if (rc == 0 && new_size_mb > v->size_mb) {
		if (v->tenant_id)
			rc = quota_check(c, v->tenant_id, v->pool_id, 0, new_size_mb - v->size_mb, 0);
		if (rc == 0) {
			b[0] = B_INT(new_size_mb);
			b[1] = B_INT(store_now());
			b[2] = B_INT(id);
			rc = rec_run(c, "UPDATE volumes SET size_mb = ?, updated = ? WHERE id = ?", b, 3,
			             "volume", NULL);
		}
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	store_volume_free(v);
	return rc;
}

int store_volume_set_size(store *s, int64_t id, int64_t size_mb)
{
	struct bindv b[1] = {B_INT(size_mb)};

	if (size_mb <= 0 || size_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "volume.size_mb: must be 1..%lld",
		                    (long long)STORE_MAX_MB);
	return update_one(s, &tab_volume, id, "size_mb = ?", NULL, b, 1, NULL);
}

int store_volume_set_array(store *s, int64_t id, int64_t lun_id, const char *lun_name,
                           const char *wwn)
{
	struct bindv b[4] = {B_INT(lun_id), B_INT(lun_id), B_TEXT(lun_name), B_TEXT(wwn)};

	if ((lun_name && strlen(lun_name) > 255) || (wwn && strlen(wwn) > 128))
		return store_seterr(STORE_EINVAL, "volume: lun_name/wwn too long");
	return update_one(s, &tab_volume, id,
	                  "lun_id = CASE WHEN ? >= 0 THEN ? ELSE lun_id END,"
	                  " lun_name = coalesce(?, lun_name), wwn = coalesce(?, wwn)",
	                  NULL, b, 4, NULL);
}

int store_volume_set_state(store *s, int64_t id, store_state state)
{
	struct bindv b[1];

	if (state <= 0 || (int)state > STORE_STATE_DELETED)
		return store_seterr(STORE_EINVAL, "volume.state: invalid value");
	b[0] = B_TEXT(store_state_name(state));
	/* Reviving a tombstone could collide with a newer volume of the same
	 * name; the unique index answers that with EEXISTS. */
	return update_one(s, &tab_volume, id, "state = ?", NULL, b, 1, NULL);
}

/* ------------------------------------------------------------ snapshots */

int store_snapshot_reserve(int64_t *out_id, store *s, const store_snapshot *rec)
{
	struct bindv b[1];
	store_snapshot sn = *rec;
	store_volume *v = NULL;
	int64_t nid = 0;
	void *tmp = NULL;
	struct conn *c;
	int rc;

	store_clearerr();
	sn.id = 0;
	sn.tenant_id = 0;
	sn.state = STORE_STATE_CREATING;
	rc = rec_validate(&tab_snapshot, &sn);
	if (rc)
		return rc;
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0) {
		b[0] = B_INT(sn.volume_id);
		rc = rec_get_where(c, &tab_volume, "id = ?", b, 1, &tmp);
		v = tmp;
		if (rc == STORE_ENOTFOUND)
			rc = store_seterr(rc, "snapshot.volume_id: volume %lld does not exist",
			                  (long long)sn.volume_id);
	}
	if (rc == 0 && (v->state == STORE_STATE_DELETED || v->state == STORE_STATE_DELETING))
		rc = store_seterr(STORE_EINVAL, "snapshot.volume_id: volume %lld is being deleted",
		                  (long long)sn.volume_id);
	if (rc == 0) {
		sn.tenant_id = v->tenant_id;
		/* what the volume was when it was taken */
		sn.collection = v->collection;
		sn.source_size_mb = v->size_mb;
		if (v->tenant_id && sn.size_mb)
			rc = quota_check(c, v->tenant_id, v->pool_id, 0, sn.size_mb, 0);
	}
	if (rc == 0)
		rc = rec_insert_c(c, &tab_snapshot, &sn, &nid);
	if (rc == 0)
		rc = attrs_put(c, &tab_snapshot, nid, sn.keys, sn.n_keys);
	if (rc == 0 && out_id)
		*out_id = nid;
	rc = tx_end(c, rc);
	conn_put(s, c);
	store_volume_free(v);
	return rc;
}

int store_snapshot_set_state(store *s, int64_t id, store_state state)
{
	struct bindv b[1];

	if (state <= 0 || (int)state > STORE_STATE_DELETED)
		return store_seterr(STORE_EINVAL, "snapshot.state: invalid value");
	b[0] = B_TEXT(store_state_name(state));
	return update_one(s, &tab_snapshot, id, "state = ?", NULL, b, 1, NULL);
}

int store_snapshot_set_array_name(store *s, int64_t id, const char *array_name)
{
	struct bindv b[1] = {B_TEXT(array_name)};

	if (array_name && strlen(array_name) > 255)
		return store_seterr(STORE_EINVAL, "snapshot.array_name: too long");
	return update_one(s, &tab_snapshot, id, "array_name = ?", NULL, b, 1, NULL);
}

/* ------------------------------------------------------------ hosts by name */

int store_host_find(store_host **out, store *s, int64_t tenant_id, const char *name)
{
	struct bindv b[2] = {B_INT(tenant_id > 0 ? tenant_id : 0), B_TEXT(name)};
	void *r = NULL;
	int rc;

	*out = NULL;
	if (!name)
		return store_seterr(STORE_EINVAL, "host name is required");
	/* The same expression as the hosts_name index, so it is used. */
	rc = find_one(&r, s, &tab_host, "coalesce(tenant_id, 0) = ? AND name = ?", b, 2,
	              "no host named %s", name);
	*out = r;
	return rc;
}

/* ------------------------------------------------------------ host per system */

int store_host_system_set(store *s, const store_host_system *rec)
{
	struct bindv b[6];
	struct conn *c;
	int rc;

	store_clearerr();
	rc = rec_validate(&tab_host_system, rec);
	if (rc)
		return rc;
	b[0] = B_INT(rec->host_id);
	b[1] = B_INT(rec->system_id);
	b[2] = B_TEXT(rec->storage_group);
	b[3] = rec->failover_applied ? B_TEXT(store_failover_name(rec->failover_applied))
	                             : (struct bindv){BV_NULL, 0, NULL};
	b[4] = B_INT(rec->paths);
	b[5] = B_INT(store_now());
	rc = rec_tx_write(&c, s, &tab_host_system, rec);
	if (rc == 0 && rec->storage_group) {
		/* The array compares group names without case (navisim does
		 * too): "XS1" would adopt another host's "xs1".  The unique
		 * index cannot say so without refusing old files that hold
		 * both spellings, so the check is here, inside the write
		 * transaction, which serializes it with every other writer. */
		struct bindv q[3] = {B_INT(rec->system_id), B_INT(rec->host_id),
		                     B_TEXT(rec->storage_group)};
		void *other = NULL;
		rc = rec_get_where(c, &tab_host_system,
		             conn_pg(c) ? "system_id = ? AND host_id <> ? AND"
		                          " lower(storage_group) = lower(CAST(? AS TEXT))"
		                        : "system_id = ? AND host_id <> ? AND storage_group = ? COLLATE NOCASE",
		             q, 3, &other);
		if (rc == 0) {
			rec_free(&tab_host_system, other);
			rc = store_seterr(STORE_EEXISTS,
			                  "storage group %s on system %lld is another host's",
			                  rec->storage_group, (long long)rec->system_id);
		} else if (rc == STORE_ENOTFOUND) {
			rc = 0;
		}
	}
	if (rc == 0)
		rc = rec_run(c,
		             "INSERT INTO host_systems (host_id, system_id, storage_group,"
		             " failover_applied, paths, updated) VALUES (?, ?, ?, ?, ?, ?)"
		             " ON CONFLICT (host_id, system_id) DO UPDATE SET"
		             " storage_group = excluded.storage_group,"
		             " failover_applied = excluded.failover_applied,"
		             " paths = excluded.paths, updated = excluded.updated",
		             b, 6, "host_system", NULL);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int store_host_system_get(store_host_system **out, store *s, int64_t host_id, int64_t system_id)
{
	struct bindv b[2] = {B_INT(host_id), B_INT(system_id)};
	void *r = NULL;
	int rc = find_one(&r, s, &tab_host_system, "host_id = ? AND system_id = ?", b, 2,
	                  "no record of host %lld on system %lld", (long long)host_id,
	                  (long long)system_id);

	*out = r;
	return rc;
}

int store_host_system_delete(store *s, int64_t host_id, int64_t system_id)
{
	struct bindv b[2] = {B_INT(host_id), B_INT(system_id)};
	struct conn *c = conn_get(s);
	int changes = 0;
	int rc = tx_begin(c, 1);

	if (rc == 0)
		rc = rec_run(c, "DELETE FROM host_systems WHERE host_id = ? AND system_id = ?", b, 2,
		             "host_system", &changes);
	if (rc == 0 && changes == 0)
		rc = store_seterr(STORE_ENOTFOUND, "no record of host %lld on system %lld",
		                  (long long)host_id, (long long)system_id);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

/* ------------------------------------------------------------ assignments */

int store_assignment_reserve(store_assignment **out, store *s, int64_t volume_id,
                             int64_t host_id, int64_t system_id, int min_hlu, int preferred_hlu)
{
	unsigned char used[STORE_HLU_MAX + 1];
	struct bindv b[2];
	store_assignment a = {0};
	store_volume *v = NULL;
	void *tmp = NULL;
	struct db_stmt *st;
	struct conn *c;
	void *r = NULL;
	int rc, hlu = -1, exists = 0;

	*out = NULL;
	store_clearerr();
	if (min_hlu < 0 || min_hlu > STORE_HLU_MAX)
		return store_seterr(STORE_EINVAL, "assignment: min_hlu must be 0..%d", STORE_HLU_MAX);
	if (preferred_hlu > STORE_HLU_MAX)
		return store_seterr(STORE_EINVAL, "assignment: preferred_hlu must be <= %d",
		                    STORE_HLU_MAX);
	a.volume_id = volume_id;
	a.host_id = host_id;
	a.system_id = system_id;
	rc = rec_validate(&tab_assignment, &a);
	if (rc)
		return rc;
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0) {
		b[0] = B_INT(volume_id);
		b[1] = B_INT(host_id);
		rc = rec_get_where(c, &tab_assignment, "volume_id = ? AND host_id = ?", b, 2, &r);
		if (rc == 0) {
			exists = 1;
			rc = store_seterr(STORE_EEXISTS, "volume %lld is already assigned to host %lld"
			                  " (HLU %d)", (long long)volume_id, (long long)host_id,
			                  ((store_assignment *)r)->hlu);
		} else if (rc == STORE_ENOTFOUND) {
			rc = rec_check_refs(c, &tab_assignment, &a);
		}
	}
	if (rc == 0) {
		b[0] = B_INT(volume_id);
		rc = rec_get_where(c, &tab_volume, "id = ?", b, 1, &tmp);
		v = tmp;
		if (rc == 0 && v->system_id != system_id)
			rc = store_seterr(STORE_EINVAL, "volume %lld is not on system %lld",
			                  (long long)volume_id, (long long)system_id);
		else if (rc == 0 && v->state == STORE_STATE_DELETED)
			rc = store_seterr(STORE_EINVAL, "volume %lld is deleted", (long long)volume_id);
	}
	if (rc == 0) {
		memset(used, 0, sizeof(used));
		rc = conn_prepare(c, "SELECT hlu FROM assignments WHERE host_id = ? AND system_id = ?",
		                  &st);
		if (rc == 0) {
			db_bind_int64(st, 1, host_id);
			db_bind_int64(st, 2, system_id);
			while ((rc = db_step(st)) == DB_ROW) {
				int h = db_column_int(st, 0);
				if (h >= 0 && h <= STORE_HLU_MAX)
					used[h] = 1;
			}
			db_reset(st);
			rc = rc == DB_DONE ? 0 : store_sqlerr(c, rc, "assignment");
		}
	}
	if (rc == 0) {
		if (preferred_hlu >= min_hlu && !used[preferred_hlu])
			hlu = preferred_hlu;
		for (int h = min_hlu; hlu < 0 && h <= STORE_HLU_MAX; h++)
			if (!used[h])
				hlu = h;
		if (hlu < 0)
			rc = store_seterr(STORE_EQUOTA, "no free HLU in %d..%d for host %lld on system %lld",
			                  min_hlu, STORE_HLU_MAX, (long long)host_id,
			                  (long long)system_id);
	}
	if (rc == 0) {
		int64_t id = 0;
		a.hlu = hlu;
		a.state = STORE_ASG_ASSIGNING;
		rc = rec_insert_c(c, &tab_assignment, &a, &id);
		if (rc == 0) {
			b[0] = B_INT(id);
			rc = rec_get_where(c, &tab_assignment, "id = ?", b, 1, &r);
		}
	}
	/* EEXISTS only read: nothing to commit, but ending the transaction
	 * the same way keeps one path. */
	if (exists) {
		tx_end(c, 0);
		rc = STORE_EEXISTS;
	} else {
		rc = tx_end(c, rc);
	}
	conn_put(s, c);
	store_volume_free(v);
	if (rc == 0 || rc == STORE_EEXISTS) {
		*out = r;
	} else {
		store_assignment_free(r);
	}
	return rc;
}

int store_assignment_set_state(store *s, int64_t id, store_asg_state state)
{
	struct bindv b[1];

	if (state <= 0 || (int)state > STORE_ASG_ERROR)
		return store_seterr(STORE_EINVAL, "assignment.state: invalid value");
	b[0] = B_TEXT(store_asg_state_name(state));
	return update_one(s, &tab_assignment, id, "state = ?", NULL, b, 1, NULL);
}

int store_assignment_set_hlu(store *s, int64_t id, int hlu)
{
	struct bindv b[1] = {B_INT(hlu)};

	if (hlu < 0 || hlu > STORE_HLU_MAX)
		return store_seterr(STORE_EINVAL, "assignment.hlu: must be 0..%d", STORE_HLU_MAX);
	return update_one(s, &tab_assignment, id, "hlu = ?", NULL, b, 1, NULL);
}

/* ------------------------------------------------------------ jobs */

#define JOB_OPEN "state IN ('queued', 'running')"

int store_job_start(store_job **out, store *s, const store_job *rec)
{
	store_job j = *rec;
	struct bindv b[2];
	struct conn *c;
	void *r = NULL;
	int rc, found = 0;

	*out = NULL;
	store_clearerr();
	j.id = 0;
	j.state = rec->state == STORE_JOB_RUNNING ? STORE_JOB_RUNNING : STORE_JOB_QUEUED;
	j.progress = 0;
	j.result = j.error_code = j.error_message = NULL;
	j.finished = 0;
	rc = rec_validate(&tab_job, &j);
	if (rc)
		return rc;
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0 && j.request_id) {
		b[0] = B_TEXT(j.user);
		b[1] = B_TEXT(j.request_id);
		rc = rec_get_where(c, &tab_job, "\"user\" = ? AND request_id = ?", b, 2, &r);
		if (rc == 0) {
			found = STORE_EEXISTS;
			store_seterr(found, "job %lld already has request id '%.200s' of user '%.200s'",
			             (long long)((store_job *)r)->id, j.request_id, j.user);
		} else if (rc == STORE_ENOTFOUND) {
			rc = 0;
		}
	}
	if (rc == 0 && !found && j.object) {
		b[0] = B_TEXT(j.object);
		rc = rec_get_where(c, &tab_job, "object = ? AND " JOB_OPEN " ORDER BY id", b, 1, &r);
		if (rc == 0) {
			found = STORE_EBUSY;
			store_seterr(found, "%.200s is busy with job %lld (%s)", j.object,
			             (long long)((store_job *)r)->id, ((store_job *)r)->kind);
		} else if (rc == STORE_ENOTFOUND) {
			rc = 0;
		}
	}
	if (rc == 0 && !found) {
		int64_t id = 0;
		rc = rec_insert_c(c, &tab_job, &j, &id);
		if (rc == 0) {
			b[0] = B_INT(id);
			rc = rec_get_where(c, &tab_job, "id = ?", b, 1, &r);
		}
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc) {
		store_job_free(r);
		return rc;
	}
	*out = r;
	return found;
}

int job_progress_check(int progress, const char *step)
{
	if (progress < 0 || progress > 100)
		return store_seterr(STORE_EINVAL, "job.progress: must be 0..100");
	if (step && strlen(step) > 255)
		return store_seterr(STORE_EINVAL, "job.step: too long");
	return 0;
}

int store_job_progress(store *s, int64_t id, int progress, const char *step)
{
	struct bindv b[2] = {B_INT(progress), B_TEXT(step)};
	int rc = job_progress_check(progress, step);

	if (rc)
		return rc;
	return update_one(s, &tab_job, id,
	                  "progress = ?, step = coalesce(?, step),"
	                  " state = CASE WHEN state = 'queued' THEN 'running' ELSE state END",
	                  JOB_OPEN, b, 2, "job is already finished");
}

int store_job_set_state(store *s, int64_t id, store_job_state state)
{
	struct bindv b[1];

	if (state != STORE_JOB_QUEUED && state != STORE_JOB_RUNNING)
		return store_seterr(STORE_EINVAL,
		                    "job.state: only queued/running here; use store_job_finish");
	b[0] = B_TEXT(store_job_state_name(state));
	return update_one(s, &tab_job, id, "state = ?", JOB_OPEN, b, 1, "job is already finished");
}

int store_job_set_object(store *s, int64_t id, const char *object)
{
	struct bindv b[1] = {B_TEXT(object)};

	if (object && strlen(object) > 255)
		return store_seterr(STORE_EINVAL, "job.object: too long");
	return update_one(s, &tab_job, id, "object = ?", JOB_OPEN, b, 1, "job is already finished");
}

int job_finish_check(store_job_state state, const char *result, const char *error_code,
                     const char *error_message)
{
	if (state != STORE_JOB_SUCCEEDED && state != STORE_JOB_FAILED)
		return store_seterr(STORE_EINVAL, "job.state: finish needs succeeded or failed");
	if ((result && strlen(result) > STORE_JSON_MAX) ||
	    (error_code && strlen(error_code) > 64) ||
	    (error_message && strlen(error_message) > 4096))
		return store_seterr(STORE_EINVAL, "job: result/error too long");
	return 0;
}

int store_job_finish(store *s, int64_t id, store_job_state state, const char *result,
                     const char *error_code, const char *error_message)
{
	struct bindv b[6];
	int rc = job_finish_check(state, result, error_code, error_message);

	if (rc)
		return rc;
	b[0] = B_TEXT(store_job_state_name(state));
	b[1] = B_TEXT(result);
	b[2] = B_TEXT(error_code);
	b[3] = B_TEXT(error_message);
	b[4] = B_INT(state == STORE_JOB_SUCCEEDED);
	b[5] = B_INT(store_now());
	return update_one(s, &tab_job, id,
	                  "state = ?, result = ?, error_code = ?, error_message = ?,"
	                  " progress = CASE WHEN ? THEN 100 ELSE progress END, finished = ?",
	                  JOB_OPEN, b, 6, "job is already finished");
}

int store_job_find_request(store_job **out, store *s, const char *user, const char *request_id)
{
	struct bindv b[2] = {B_TEXT(user), B_TEXT(request_id)};
	void *r = NULL;
	int rc;

	*out = NULL;
	if (!user || !request_id)
		return store_seterr(STORE_EINVAL, "job: user and request id are required");
	rc = find_one(&r, s, &tab_job, "\"user\" = ? AND request_id = ?", b, 2,
	              "no job of user '%.200s' with request id '%.200s'", user, request_id);
	*out = r;
	return rc;
}

int store_job_list_unfinished(store_job **out, size_t *count, store *s)
{
	void *r = NULL;
	int rc = rec_list(s, &tab_job, NULL, JOB_OPEN, &r, count);
	store_job *j = r;

	/* Job lists are newest first; resuming goes in the order the jobs
	 * were started. */
	for (size_t i = 0, k = *count; rc == 0 && k > 1 && i < k - 1; i++, k--) {
		store_job tmp = j[i];

		j[i] = j[k - 1];
		j[k - 1] = tmp;
	}
	*out = r;
	return rc;
}

int store_job_prune(int64_t *out_deleted, store *s, int64_t finished_before)
{
	struct bindv b[1] = {B_INT(finished_before)};
	struct conn *c;
	int rc, changes = 0;

	store_clearerr();
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0)
		rc = rec_run(c,
		             "DELETE FROM jobs WHERE state IN ('succeeded', 'failed')"
		             " AND finished < ?",
		             b, 1, "job prune", &changes);
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (out_deleted)
		*out_deleted = rc ? 0 : changes;
	return rc;
}

/* ---------------------------------------------------------- id counters */

static const struct {
	const char *kind, *table;
} id_kinds[] = {
	{ "volume", "volumes" },   { "snapshot", "snapshots" }, { "host", "hosts" },
	{ "tenant", "tenants" },   { "job", "jobs" },           { "system", "systems" },
	{ "pool", "pools" },       { "port", "ports" },         { "user", "users" },
	{ "grant", "grants" },     { "initiator", "initiators" }, { "assignment", "assignments" },
	{ "credential", "credentials" }, { "audit", "audit" },
};

int store_id_floor_raise(store *s, const char *kind, int64_t min_next)
{
	const char *table = NULL;
	struct conn *c;
	int rc;

	store_clearerr();
	for (size_t i = 0; kind && i < sizeof(id_kinds) / sizeof(id_kinds[0]); i++)
		if (strcmp(kind, id_kinds[i].kind) == 0)
			table = id_kinds[i].table;
	if (!s || !table)
		return store_seterr(STORE_EINVAL, "unknown kind of id '%.40s'", kind ? kind : "");
	if (min_next < 1)
		return store_seterr(STORE_EINVAL, "the next %s id must be at least 1", kind);
	/* sqlite_sequence holds the largest id issued; AUTOINCREMENT hands out
	 * one more than the larger of it and the largest id present. */
	struct bindv b[2] = { B_TEXT(table), B_INT(min_next - 1) };
	c = conn_get(s);
	rc = tx_begin(c, 1);
	/* PostgreSQL: the identity column's sequence; its last value is the
	 * largest id issued (none yet: NULL). */
	if (rc == 0 && conn_pg(c))
		rc = rec_run(c,
		             "SELECT setval(CAST(pg_get_serial_sequence(?1, 'id') AS regclass), ?2)"
		             " WHERE ?2 > coalesce(pg_sequence_last_value("
		             "  CAST(pg_get_serial_sequence(?1, 'id') AS regclass)), 0)",
		             b, 2, "raising an id counter", NULL);
	else if (rc == 0)
		rc = rec_run(c,
		             "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2"
		             " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
		             b, 2, "raising an id counter", NULL);
	if (rc == 0 && !conn_pg(c))
		rc = rec_run(c, "UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2", b, 2,
		             "raising an id counter", NULL);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}
