/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * objects.c - the record types: their field tables, their validation, and
 * the plain per-type API built on the generic code in record.c.
 *
 * Compound operations that must check-then-write atomically (quota, HLU,
 * jobs) live in domain.c; users and password hashes in auth.c.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define NNAMES(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define F_ID(S) {"id", FT_ID, offsetof(S, id), FL_NOUPD, NULL, 0, 0, NULL, 0}
#define F_TXT(S, m, fl) {#m, FT_TEXT, offsetof(S, m), (fl), NULL, 0, 0, NULL, 0}
#define F_TXTL(S, m, fl, max) {#m, FT_TEXT, offsetof(S, m), (fl), NULL, 0, 0, NULL, (max)}
#define F_I64(S, m, fl) {#m, FT_I64, offsetof(S, m), (fl), NULL, 0, 0, NULL, 0}
#define F_INT(S, m, fl) {#m, FT_INT, offsetof(S, m), (fl), NULL, 0, 0, NULL, 0}
#define F_ENUM(S, m, fl, names, def) \
	{#m, FT_ENUM, offsetof(S, m), (fl), names, NNAMES(names), (def), NULL, 0}
#define F_REF(S, m, fl, tbl) {#m, FT_REF, offsetof(S, m), (fl), NULL, 0, 0, tbl, 0}
#define F_CREATED(S) {"created", FT_TIME, offsetof(S, created), FL_NOUPD | FL_CREATED, NULL, 0, 0, NULL, 0}
#define F_UPDATED(S) {"updated", FT_TIME, offsetof(S, updated), FL_UPDATED, NULL, 0, 0, NULL, 0}
#define TABLE(var, sqlname, label, S, fields, namecol, prefixcol, tomb, chk)                    \
	const struct rec_table var = {sqlname, label, sizeof(S), fields,                         \
	                              sizeof(fields) / sizeof(fields[0]), namecol, prefixcol, tomb, \
	                              0, chk}
/* Histories (jobs, audit) are read newest first, as the API answers them. */
#define HISTORY_TABLE(var, sqlname, label, S, fields, namecol, prefixcol, chk)                  \
	const struct rec_table var = {sqlname, label, sizeof(S), fields,                         \
	                              sizeof(fields) / sizeof(fields[0]), namecol, prefixcol, 0,    \
	                              1, chk}

#define REQ FL_REQ
#define NAME (FL_REQ | FL_NAME)

/* The plain API of a type, all delegating to record.c. */
#define GET_FN(X)                                                                  \
	int store_##X##_get(store_##X **out, store *s, int64_t id)                 \
	{                                                                          \
		void *r = NULL;                                                    \
		int rc = rec_get(s, &tab_##X, id, &r);                             \
		*out = r;                                                          \
		return rc;                                                         \
	}
#define LIST_FN(X)                                                                 \
	int store_##X##_list(store_##X **out, size_t *count, store *s,             \
	                     const store_filter *f)                                \
	{                                                                          \
		void *r = NULL;                                                    \
		int rc = rec_list(s, &tab_##X, f, NULL, &r, count);                \
		*out = r;                                                          \
		return rc;                                                         \
	}
#define INSERT_FN(X)                                                               \
	int store_##X##_insert(int64_t *out_id, store *s, const store_##X *rec)    \
	{                                                                          \
		return rec_insert(s, &tab_##X, rec, out_id);                       \
	}
#define UPDATE_FN(X)                                                               \
	int store_##X##_update(store *s, const store_##X *rec)                     \
	{                                                                          \
		return rec_update(s, &tab_##X, rec);                               \
	}
#define DELETE_FN(X)                                                               \
	int store_##X##_delete(store *s, int64_t id)                               \
	{                                                                          \
		return rec_delete(s, &tab_##X, id);                                \
	}
#define FREE_FN(X)                                                                 \
	void store_##X##_free(store_##X *rec)                                      \
	{                                                                          \
		rec_free(&tab_##X, rec);                                           \
	}                                                                          \
	void store_##X##_array_free(store_##X *arr, size_t count)                  \
	{                                                                          \
		rec_array_free(&tab_##X, arr, count);                              \
	}
#define BYNAME_FN(X)                                                               \
	int store_##X##_get_by_name(store_##X **out, store *s, const char *name)   \
	{                                                                          \
		void *r = NULL;                                                    \
		int rc = rec_get_text(s, &tab_##X, "name", name, &r);              \
		*out = r;                                                          \
		return rc;                                                         \
	}

/* record.c reads and writes enum members through int pointers. */
_Static_assert(sizeof(store_state) == sizeof(int) && sizeof(store_failover) == sizeof(int) &&
                   sizeof(store_proto) == sizeof(int) && sizeof(store_prov) == sizeof(int) &&
                   sizeof(store_role) == sizeof(int) && sizeof(store_job_state) == sizeof(int) &&
                   sizeof(store_asg_state) == sizeof(int) &&
                   sizeof(store_system_state) == sizeof(int) &&
                   sizeof(store_clone_kind) == sizeof(int),
               "enums must be int-sized");

static int prov_mask_ok(int mask)
{
	return (mask & ~STORE_PROV_MASK_ALL) == 0;
}

/* ------------------------------------------------------------ credentials */

static int check_credential(const void *r)
{
	const store_credential *c = r;

	if (c->scope < 0 || c->scope > 2)
		return store_seterr(STORE_EINVAL, "credential.scope: must be 0, 1 or 2");
	if (!(c->user && *c->user) && !(c->secfilepath && *c->secfilepath))
		return store_seterr(STORE_EINVAL, "credential: needs user or secfilepath");
	return 0;
}

static const struct rec_field credential_fields[] = {
	F_ID(store_credential),
	F_TXT(store_credential, name, NAME),
	F_TXT(store_credential, user, FL_NAME),
	F_TXTL(store_credential, password, 0, 1024),
	F_INT(store_credential, scope, 0),
	F_TXT(store_credential, secfilepath, FL_NAME),
	F_CREATED(store_credential),
	F_UPDATED(store_credential),
};
TABLE(tab_credential, "credentials", "credential", store_credential, credential_fields, "name",
      "name", 0, check_credential);

DELETE_FN(credential)

/* The password is sealed on its way in and opened on its way out
 * (secrets.c); without an array key the store keeps plain text. */
static int credential_write(store *s, const store_credential *rec, int insert, int64_t *out_id)
{
	store_credential copy = *rec;
	char *sealed = NULL;
	int rc;

	if (rec->password && !credential_is_sealed(rec->password)) {
		rc = credential_seal(&sealed, s, rec->name, rec->password);
		if (rc < 0)
			return rc;
		if (rc == 0)
			copy.password = sealed;
	}
	rc = insert ? rec_insert(s, &tab_credential, &copy, out_id)
		    : rec_update(s, &tab_credential, &copy);
	free(sealed);
	return rc;
}

int store_credential_insert(int64_t *out_id, store *s, const store_credential *rec)
{
	return credential_write(s, rec, 1, out_id);
}

int store_credential_update(store *s, const store_credential *rec)
{
	return credential_write(s, rec, 0, NULL);
}

int store_credential_get(store_credential **out, store *s, int64_t id)
{
	void *r = NULL;
	int rc = rec_get(s, &tab_credential, id, &r);
	store_credential *c = r;

	*out = NULL;
	if (rc == 0 && c->password && credential_is_sealed(c->password)) {
		char *plain = NULL;
		rc = credential_open(&plain, s, c->name, c->password);
		free(c->password);
		c->password = plain;
		if (rc) {
			store_credential_free(c);
			return rc;
		}
	}
	*out = c;
	return rc;
}

void store_credential_free(store_credential *rec)
{
	if (rec && rec->password) /* do not leave the secret in freed heap */
		memset(rec->password, 0, strlen(rec->password));
	rec_free(&tab_credential, rec);
}

/* ------------------------------------------------------------ systems */

static int check_system(const void *r)
{
	const store_system *s = r;

	if (s->max_inflight < 0 || s->max_inflight > 1024)
		return store_seterr(STORE_EINVAL, "system.max_inflight: must be 0..1024");
	return 0;
}

static const struct rec_field system_fields[] = {
	F_ID(store_system),
	F_TXTL(store_system, name, NAME, 255),
	F_TXTL(store_system, adapter, NAME, 64),
	F_TXTL(store_system, spa, NAME, 255),
	F_TXTL(store_system, spb, FL_NAME, 255),
	F_TXT(store_system, cli_path, FL_NAME),
	F_REF(store_system, credential_id, 0, "credentials"),
	F_TXT(store_system, model, FL_NAME),
	F_TXT(store_system, revision, FL_NAME),
	F_TXT(store_system, serial, FL_NAME),
	F_TXT(store_system, enablers, FL_NAME),
	F_ENUM(store_system, state, REQ, store_system_state_names, STORE_SYSTEM_UNKNOWN),
	F_ENUM(store_system, failover_policy, REQ, store_failover_names, STORE_FAILOVER_AUTO),
	F_TXT(store_system, iscsi_ports, FL_NAME),
	F_INT(store_system, destroy_empty_sg, 0),
	F_INT(store_system, max_inflight, 0),
	F_INT(store_system, hlu0_allowed, 0),
	F_CREATED(store_system),
	F_UPDATED(store_system),
	F_TXT(store_system, capabilities, FL_NAME),
};
TABLE(tab_system, "systems", "system", store_system, system_fields, "name", "name", 0,
      check_system);

INSERT_FN(system)
GET_FN(system)
BYNAME_FN(system)
LIST_FN(system)
UPDATE_FN(system)
DELETE_FN(system)
FREE_FN(system)

/* ------------------------------------------------------------ pools */

static int check_pool(const void *r)
{
	const store_pool *p = r;

	if (p->array_id < 0)
		return store_seterr(STORE_EINVAL, "pool.array_id: must be >= 0");
	if (p->capacity_mb < 0 || p->free_mb < 0 || p->capacity_mb > STORE_MAX_MB ||
	    p->free_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "pool: capacity_mb/free_mb out of range");
	if (!prov_mask_ok(p->prov_supported))
		return store_seterr(STORE_EINVAL, "pool.prov_supported: unknown bits");
	if (p->kind != STORE_POOL_KIND_POOL && p->kind != STORE_POOL_KIND_RAID_GROUP)
		return store_seterr(STORE_EINVAL, "pool.kind: must be a pool or a RAID group");
	if (p->contig_free_mb < -1 || p->contig_free_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "pool.contig_free_mb: out of range");
	return 0;
}

static const struct rec_field pool_fields[] = {
	F_ID(store_pool),
	F_REF(store_pool, system_id, REQ | FL_NOUPD, "systems"),
	F_I64(store_pool, array_id, FL_NOUPD),
	F_TXTL(store_pool, name, NAME, 255),
	F_TXTL(store_pool, array_state, FL_NAME, 255),
	F_I64(store_pool, capacity_mb, 0),
	F_I64(store_pool, free_mb, 0),
	F_INT(store_pool, prov_supported, 0),
	F_CREATED(store_pool),
	F_UPDATED(store_pool),
	F_INT(store_pool, kind, FL_NOUPD),
	F_TXTL(store_pool, raid_type, FL_NAME, 32),
	F_I64(store_pool, contig_free_mb, 0),
};
TABLE(tab_pool, "pools", "pool", store_pool, pool_fields, "name", "name", 0, check_pool);

INSERT_FN(pool)
GET_FN(pool)
LIST_FN(pool)
UPDATE_FN(pool)
DELETE_FN(pool)
FREE_FN(pool)

/* ------------------------------------------------------------ ports */

static int check_port(const void *r)
{
	const store_port *p = r;

	if (!p->sp || (strcmp(p->sp, "A") != 0 && strcmp(p->sp, "B") != 0))
		return store_seterr(STORE_EINVAL, "port.sp: must be \"A\" or \"B\"");
	if (p->port_id < 0 || p->vport_id < 0)
		return store_seterr(STORE_EINVAL, "port: port_id/vport_id must be >= 0");
	return 0;
}

static const struct rec_field port_fields[] = {
	F_ID(store_port),
	F_REF(store_port, system_id, REQ | FL_NOUPD, "systems"),
	F_TXTL(store_port, sp, REQ | FL_NOUPD, 1),
	F_INT(store_port, port_id, FL_NOUPD),
	F_INT(store_port, vport_id, FL_NOUPD),
	F_ENUM(store_port, proto, REQ, store_proto_names, 0),
	F_TXTL(store_port, address, FL_NAME, 255),
	F_TXTL(store_port, ip, FL_NAME, 64),
	F_CREATED(store_port),
	F_UPDATED(store_port),
};
TABLE(tab_port, "ports", "port", store_port, port_fields, "address", NULL, 0, check_port);

INSERT_FN(port)
GET_FN(port)
LIST_FN(port)
DELETE_FN(port)
FREE_FN(port)

/* ------------------------------------------------------------ tenants */

static const struct rec_field tenant_fields[] = {
	F_ID(store_tenant),
	F_TXTL(store_tenant, name, NAME, 255),
	F_TXT(store_tenant, description, FL_NAME),
	F_CREATED(store_tenant),
	F_UPDATED(store_tenant),
};
TABLE(tab_tenant, "tenants", "tenant", store_tenant, tenant_fields, "name", "name", 0, NULL);

INSERT_FN(tenant)
GET_FN(tenant)
BYNAME_FN(tenant)
LIST_FN(tenant)
UPDATE_FN(tenant)
DELETE_FN(tenant)
FREE_FN(tenant)

/* ------------------------------------------------------------ users (see auth.c) */

static int check_user(const void *r)
{
	const store_user *u = r;
	store_role role = u->role ? u->role : STORE_ROLE_TENANT;

	if (role == STORE_ROLE_ADMIN && u->tenant_id)
		return store_seterr(STORE_EINVAL, "user.tenant_id: an admin has no tenant");
	if (role == STORE_ROLE_TENANT && !u->tenant_id)
		return store_seterr(STORE_EINVAL, "user.tenant_id: required for a tenant user");
	return 0;
}

static const struct rec_field user_fields[] = {
	F_ID(store_user),
	F_TXTL(store_user, name, NAME | FL_NOUPD, 255),
	F_ENUM(store_user, role, REQ, store_role_names, STORE_ROLE_TENANT),
	F_REF(store_user, tenant_id, 0, "tenants"),
	F_CREATED(store_user),
	F_UPDATED(store_user),
};
TABLE(tab_user, "users", "user", store_user, user_fields, "name", "name", 0, check_user);

GET_FN(user)
BYNAME_FN(user)
LIST_FN(user)
UPDATE_FN(user)
DELETE_FN(user)
FREE_FN(user)

/* ------------------------------------------------------------ grants */

static int check_grant(const void *r)
{
	const store_grant *g = r;

	if (g->quota_mb < 0 || g->quota_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "grant.quota_mb: out of range");
	if (g->max_volumes < 0)
		return store_seterr(STORE_EINVAL, "grant.max_volumes: must be >= 0");
	if (!prov_mask_ok(g->prov_allowed))
		return store_seterr(STORE_EINVAL, "grant.prov_allowed: unknown bits");
	return 0;
}

static const struct rec_field grant_fields[] = {
	F_ID(store_grant),
	F_REF(store_grant, tenant_id, REQ | FL_NOUPD, "tenants"),
	F_REF(store_grant, pool_id, REQ | FL_NOUPD, "pools"),
	F_I64(store_grant, quota_mb, 0),
	F_I64(store_grant, max_volumes, 0),
	F_INT(store_grant, prov_allowed, 0),
	F_INT(store_grant, frozen, 0),
	F_CREATED(store_grant),
	F_UPDATED(store_grant),
};
TABLE(tab_grant, "grants", "grant", store_grant, grant_fields, NULL, NULL, 0, check_grant);

INSERT_FN(grant)
GET_FN(grant)
LIST_FN(grant)
UPDATE_FN(grant)
DELETE_FN(grant)
FREE_FN(grant)

/* ------------------------------------------------------------ volumes */

static int check_volume(const void *r)
{
	const store_volume *v = r;

	if (v->size_mb <= 0 || v->size_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "volume.size_mb: must be 1..%lld",
		                    (long long)STORE_MAX_MB);
	if (v->lun_id < -1)
		return store_seterr(STORE_EINVAL, "volume.lun_id: must be >= -1");
	return 0;
}

static const struct rec_field volume_fields[] = {
	F_ID(store_volume),
	F_REF(store_volume, tenant_id, FL_NOUPD, "tenants"),
	F_TXTL(store_volume, name, NAME, 255),
	F_REF(store_volume, system_id, REQ | FL_NOUPD, "systems"),
	F_REF(store_volume, pool_id, REQ | FL_NOUPD, "pools"),
	F_I64(store_volume, lun_id, 0),
	F_TXTL(store_volume, lun_name, FL_NAME, 255),
	F_TXTL(store_volume, wwn, FL_NAME, 128),
	F_I64(store_volume, size_mb, 0),
	F_ENUM(store_volume, prov, REQ, store_prov_names, 0),
	F_ENUM(store_volume, state, REQ, store_state_names, STORE_STATE_CREATING),
	F_REF(store_volume, parent_volume_id, FL_NOUPD, "volumes"),
	F_REF(store_volume, parent_snapshot_id, FL_NOUPD, "snapshots"),
	F_ENUM(store_volume, clone_kind, REQ | FL_NOUPD, store_clone_kind_names, STORE_CLONE_NONE),
	F_CREATED(store_volume),
	F_UPDATED(store_volume),
	F_TXT(store_volume, description, 0),
	F_TXTL(store_volume, collection, FL_NAME, 255),
};
/* The types with key/value attributes (attrs.c). */
#define KEYED_TABLE(var, sqlname, label, S, fields, chk)                                          \
	const struct rec_table var = {sqlname, label, sizeof(S), fields,                         \
	                              sizeof(fields) / sizeof(fields[0]), "name", "name", 1, 0, chk, \
	                              label, offsetof(S, keys), offsetof(S, n_keys)}
#define SET_ATTRS_FN(X)                                                            \
	int store_##X##_set_attrs(store *s, int64_t id, const store_attr_change *chg) \
	{                                                                          \
		return attrs_change(s, &tab_##X, id, chg);                         \
	}

KEYED_TABLE(tab_volume, "volumes", "volume", store_volume, volume_fields, check_volume);

GET_FN(volume)
LIST_FN(volume)
DELETE_FN(volume)
FREE_FN(volume)
SET_ATTRS_FN(volume)

/* ------------------------------------------------------------ snapshots */

static int check_snapshot(const void *r)
{
	const store_snapshot *v = r;

	if (v->size_mb < 0 || v->size_mb > STORE_MAX_MB)
		return store_seterr(STORE_EINVAL, "snapshot.size_mb: out of range");
	return 0;
}

static const struct rec_field snapshot_fields[] = {
	F_ID(store_snapshot),
	F_REF(store_snapshot, volume_id, REQ | FL_NOUPD, "volumes"),
	F_REF(store_snapshot, tenant_id, FL_NOUPD, "tenants"),
	F_TXTL(store_snapshot, name, NAME, 255),
	F_TXTL(store_snapshot, array_name, FL_NAME, 255),
	F_I64(store_snapshot, size_mb, 0),
	F_ENUM(store_snapshot, state, REQ, store_state_names, STORE_STATE_CREATING),
	F_CREATED(store_snapshot),
	F_UPDATED(store_snapshot),
	F_TXT(store_snapshot, description, 0),
	F_TXTL(store_snapshot, collection, FL_NAME | FL_NOUPD, 255),
	F_I64(store_snapshot, source_size_mb, FL_NOUPD),
};
KEYED_TABLE(tab_snapshot, "snapshots", "snapshot", store_snapshot, snapshot_fields, check_snapshot);

GET_FN(snapshot)
LIST_FN(snapshot)
DELETE_FN(snapshot)
FREE_FN(snapshot)
SET_ATTRS_FN(snapshot)

/* ------------------------------------------------------------ hosts */

static const struct rec_field host_fields[] = {
	F_ID(store_host),
	F_REF(store_host, tenant_id, FL_NOUPD, "tenants"),
	F_TXTL(store_host, name, NAME | FL_NOUPD, 255),
	F_TXTL(store_host, ip, FL_NAME, 64),
	F_ENUM(store_host, failover_wanted, REQ, store_failover_names, STORE_FAILOVER_AUTO),
	F_CREATED(store_host),
	F_UPDATED(store_host),
};
TABLE(tab_host, "hosts", "host", store_host, host_fields, "name", "name", 0, NULL);

INSERT_FN(host)
GET_FN(host)
LIST_FN(host)
UPDATE_FN(host)
DELETE_FN(host)
FREE_FN(host)

/* ------------------------------------------------------------ host per system */

static int check_host_system(const void *r)
{
	const store_host_system *h = r;

	if (h->paths < 0)
		return store_seterr(STORE_EINVAL, "host_system.paths: must be >= 0");
	return 0;
}

/* No id column: keyed by (host_id, system_id). record.c only uses it for
 * validation, listing and freeing; the rest is below. */
static const struct rec_field host_system_fields[] = {
	{"host_id", FT_REF, offsetof(store_host_system, host_id), REQ, NULL, 0, 0, "hosts", 0},
	{"system_id", FT_REF, offsetof(store_host_system, system_id), REQ, NULL, 0, 0, "systems", 0},
	F_TXTL(store_host_system, storage_group, FL_NAME, 255),
	F_ENUM(store_host_system, failover_applied, 0, store_failover_names, 0),
	F_INT(store_host_system, paths, 0),
	F_UPDATED(store_host_system),
};
TABLE(tab_host_system, "host_systems", "host_system", store_host_system, host_system_fields,
      NULL, NULL, 0, check_host_system);

LIST_FN(host_system)
FREE_FN(host_system)

/* ------------------------------------------------------------ initiators */

static int check_initiator(const void *r)
{
	const store_initiator *in = r;
	const char *a = in->address;

	if (!a)
		return 0; /* reported as required by the generic check */
	if (in->kind == STORE_PROTO_ISCSI) {
		if (strncmp(a, "iqn.", 4) != 0 && strncmp(a, "eui.", 4) != 0 &&
		    strncmp(a, "naa.", 4) != 0)
			return store_seterr(STORE_EINVAL,
			                    "initiator.address: an iSCSI name starts with iqn., eui. or naa.");
		for (; *a; a++)
			if (isspace((unsigned char)*a))
				return store_seterr(STORE_EINVAL, "initiator.address: contains a space");
	} else if (in->kind == STORE_PROTO_FC) {
		/* WWPN, or the WWNN:WWPN pair naviseccli prints as HBA UID. */
		int hex = 0;
		for (; *a; a++) {
			if (isxdigit((unsigned char)*a))
				hex++;
			else if (*a != ':')
				return store_seterr(STORE_EINVAL,
				                    "initiator.address: a WWPN is hex digits and colons");
		}
		if (hex != 16 && hex != 32)
			return store_seterr(STORE_EINVAL,
			                    "initiator.address: a WWPN has 16 (or 32) hex digits");
	}
	return 0;
}

static const struct rec_field initiator_fields[] = {
	F_ID(store_initiator),
	F_REF(store_initiator, host_id, REQ | FL_NOUPD, "hosts"),
	F_ENUM(store_initiator, kind, REQ, store_proto_names, 0),
	F_TXTL(store_initiator, address, NAME, 255),
	F_CREATED(store_initiator),
	F_UPDATED(store_initiator),
};
TABLE(tab_initiator, "initiators", "initiator", store_initiator, initiator_fields, "address",
      "address", 0, check_initiator);

INSERT_FN(initiator)
GET_FN(initiator)
LIST_FN(initiator)
DELETE_FN(initiator)
FREE_FN(initiator)

/* ------------------------------------------------------------ assignments */

static int check_assignment(const void *r)
{
	const store_assignment *a = r;

	if (a->hlu < 0 || a->hlu > STORE_HLU_MAX)
		return store_seterr(STORE_EINVAL, "assignment.hlu: must be 0..%d", STORE_HLU_MAX);
	return 0;
}

static const struct rec_field assignment_fields[] = {
	F_ID(store_assignment),
	F_REF(store_assignment, volume_id, REQ | FL_NOUPD, "volumes"),
	F_REF(store_assignment, host_id, REQ | FL_NOUPD, "hosts"),
	F_REF(store_assignment, system_id, REQ | FL_NOUPD, "systems"),
	F_INT(store_assignment, hlu, 0),
	F_ENUM(store_assignment, state, REQ, store_asg_state_names, STORE_ASG_ASSIGNING),
	F_CREATED(store_assignment),
	F_UPDATED(store_assignment),
};
TABLE(tab_assignment, "assignments", "assignment", store_assignment, assignment_fields, NULL,
      NULL, 0, check_assignment);

GET_FN(assignment)
LIST_FN(assignment)
DELETE_FN(assignment)
FREE_FN(assignment)

/* ------------------------------------------------------------ jobs */

static int check_job(const void *r)
{
	const store_job *j = r;

	if (j->progress < 0 || j->progress > 100)
		return store_seterr(STORE_EINVAL, "job.progress: must be 0..100");
	return 0;
}

static const struct rec_field job_fields[] = {
	F_ID(store_job),
	F_TXTL(store_job, kind, NAME, 128),
	F_ENUM(store_job, state, REQ, store_job_state_names, STORE_JOB_QUEUED),
	F_INT(store_job, progress, 0),
	F_TXTL(store_job, request_id, FL_NAME, 255),
	F_TXTL(store_job, user, NAME, 255),
	F_I64(store_job, tenant_id, 0),
	F_TXTL(store_job, object, FL_NAME, 255),
	F_TXTL(store_job, params, 0, STORE_JSON_MAX),
	F_TXTL(store_job, result, 0, STORE_JSON_MAX),
	F_TXTL(store_job, error_code, FL_NAME, 64),
	F_TXTL(store_job, error_message, 0, 4096),
	F_TXTL(store_job, step, FL_NAME, 255),
	F_CREATED(store_job),
	F_UPDATED(store_job),
	F_I64(store_job, finished, 0),
};
HISTORY_TABLE(tab_job, "jobs", "job", store_job, job_fields, NULL, "kind", check_job);

GET_FN(job)
LIST_FN(job)
FREE_FN(job)

/* ------------------------------------------------------------ audit */

static const struct rec_field audit_fields[] = {
	F_ID(store_audit),
	{"time", FT_TIME, offsetof(store_audit, time), FL_NOUPD | FL_CREATED, NULL, 0, 0, NULL, 0},
	F_TXTL(store_audit, user, NAME, 255),
	F_TXTL(store_audit, tenant, FL_NAME, 255),
	F_TXTL(store_audit, operation, NAME, 128),
	F_TXTL(store_audit, object, FL_NAME, 255),
	F_TXTL(store_audit, outcome, NAME, 64),
	F_TXTL(store_audit, detail, 0, 4096),
};
HISTORY_TABLE(tab_audit, "audit", "audit record", store_audit, audit_fields, "tenant", "operation",
              NULL);

LIST_FN(audit)
FREE_FN(audit)

int store_audit_append(int64_t *out_id, store *s, const store_audit *rec)
{
	return rec_insert(s, &tab_audit, rec, out_id);
}
