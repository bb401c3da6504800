/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_migrate.c - schema migrations: an empty file becomes the current
 * version; a v1 file (tenants as text labels), a v2 file (tenants as rows,
 * grants), a v3 file (hosts, snapshots, no instance id), a v4 file (hosts
 * still globally unique by name) and a v5 file (ids reused after the newest
 * row is deleted) open, migrate, keep every record with its meaning,
 * references included, and then never hand out an id twice; the v4 step
 * gives the file an instance id that later opens keep; reopening is a
 * no-op; a file from a newer program, or with a damaged instance id, is
 * refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "store_testing.h"

static struct tdir dir;

static void setup(void)
{
	tdir_make(&dir);
}

static void teardown(void)
{
	tdir_remove(&dir);
}

START_TEST(empty_file_gets_current_schema)
{
	char path[512];
	FILE *f;
	store *s;

	/* A zero-byte file is an empty database to SQLite. */
	tdir_file(&dir, "empty.db", path, sizeof(path));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	s = open_store(&dir, "empty.db");
	ck_assert_int_eq(store_file_schema_version(s), store_schema_version());
	ck_ok(store_integrity_check(s));
	/* Every table of the last version is usable. */
	int64_t sys = mk_system(s, "vnx1"), pool = mk_pool(s, sys, 0, "p");
	int64_t h = mk_host(s, 0, "h"), v = mk_volume(s, 0, sys, pool, "v", 1);
	store_assignment *a = NULL;
	ck_ok(store_assignment_reserve(&a, s, v, h, sys, 0, -1));
	store_assignment_free(a);
	store_close(s);
	/* Reopen: nothing to migrate, data still there. */
	s = open_store(&dir, "empty.db");
	store_volume *got = NULL;
	ck_ok(store_volume_get(&got, s, v));
	store_volume_free(got);
	store_close(s);
}
END_TEST

/* v3 sample hosts after the v5 rebuild of the hosts table: same ids, and
 * everything that refers to a host by id still does; names are now unique
 * per tenant, and a storage group per system belongs to one host. */
static void check_hosts(store *s, int64_t acme, int64_t sys, int64_t vol1)
{
	store_host *h = NULL;
	store_initiator *in = NULL;
	store_host_system *hs = NULL;
	store_assignment *al = NULL;
	int64_t dummy = 0;
	size_t n = 0;

	ck_ok(store_host_find(&h, s, acme, "xs1"));
	ck_assert_int_eq(h->id, 7);
	ck_assert_str_eq(h->ip, "192.0.2.11");
	ck_assert_int_eq(h->failover_wanted, STORE_FAILOVER_ALUA);
	store_host_free(h);
	ck_ok(store_host_find(&h, s, 0, "admin-host"));
	ck_assert_int_eq(h->id, 9);
	ck_assert_int_eq(h->tenant_id, 0);
	ck_assert_ptr_null(h->ip);
	store_host_free(h);
	/* another tenant's name is not found, not someone else's host */
	ck_store(store_host_find(&h, s, 0, "xs1"), STORE_ENOTFOUND);
	ck_assert_ptr_null(h);

	ck_ok(store_initiator_list(&in, &n, s, &(store_filter){.host_id = 7}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(in[0].id, 3);
	ck_assert_str_eq(in[0].address, "iqn.2006-04.com.example:xs1");
	store_initiator_array_free(in, n);
	ck_ok(store_initiator_list(&in, &n, s, &(store_filter){.host_id = 9}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(in[0].id, 4);
	ck_assert_int_eq(in[0].kind, STORE_PROTO_FC);
	store_initiator_array_free(in, n);

	ck_ok(store_host_system_get(&hs, s, 7, sys));
	ck_assert_str_eq(hs->storage_group, "xs1");
	ck_assert_int_eq(hs->failover_applied, STORE_FAILOVER_ALUA);
	ck_assert_int_eq(hs->paths, 4);
	store_host_system_free(hs);

	ck_ok(store_assignment_list(&al, &n, s, &(store_filter){.host_id = 7}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(al[0].id, 5);
	ck_assert_int_eq(al[0].volume_id, vol1);
	ck_assert_int_eq(al[0].hlu, 1);
	ck_assert_int_eq(al[0].state, STORE_ASG_READY);
	store_assignment_array_free(al, n);

	/* The foreign keys still point at the rebuilt table: a host with an
	 * assignment cannot go, and a made-up host id is refused. */
	ck_store(store_host_delete(s, 7), STORE_ECONSTRAINT);
	ck_store(store_initiator_insert(&dummy, s,
	                                &(store_initiator){.host_id = 4242,
	                                                   .kind = STORE_PROTO_ISCSI,
	                                                   .address = "iqn.2006-04.com.example:x"}),
	         STORE_ENOTFOUND);

	/* v5 rules: the same name in another tenant (here: admin-owned) is a
	 * new host; the same name in the same tenant is EEXISTS. */
	int64_t other = mk_host(s, 0, "xs1");
	ck_assert_int_ne(other, 7);
	ck_store(store_host_insert(&dummy, s, &(store_host){.tenant_id = acme, .name = "xs1"}),
	         STORE_EEXISTS);
	/* ...and it cannot take host 7's storage group on vnx1. */
	ck_store(store_host_system_set(s, &(store_host_system){.host_id = other, .system_id = sys,
	                                                       .storage_group = "xs1"}),
	         STORE_EEXISTS);
	ck_ok(store_host_system_get(&hs, s, 7, sys));
	ck_assert_str_eq(hs->storage_group, "xs1");
	store_host_system_free(hs);
}

/* What the sample data (store_testing.h) must look like after migration. */
static void check_sample(store *s, int from_version)
{
	store_tenant *acme = NULL, *beta = NULL;
	store_volume *vl = NULL;
	store_user *u = NULL;
	store_job *j = NULL, *jl = NULL;
	store_system *sys = NULL;
	store_credential *cred = NULL;
	store_audit *al = NULL;
	store_pool *pl = NULL;
	size_t n = 0;

	ck_assert_int_eq(store_file_schema_version(s), store_schema_version());
	ck_ok(store_integrity_check(s));

	/* Tenant labels became rows, including one only a job named. */
	ck_ok(store_tenant_get_by_name(&acme, s, "acme"));
	ck_ok(store_tenant_get_by_name(&beta, s, "beta"));

	ck_ok(store_system_get_by_name(&sys, s, "vnx1"));
	ck_assert_str_eq(sys->spa, "10.0.0.1");
	ck_assert_str_eq(sys->spb, "10.0.0.2");
	ck_assert_str_eq(sys->model, "VNX5300");
	ck_assert_int_eq(sys->state, STORE_SYSTEM_ONLINE);
	/* v3 policy columns got their defaults. */
	ck_assert_int_eq(sys->failover_policy, STORE_FAILOVER_AUTO);
	ck_assert_int_eq(sys->destroy_empty_sg, 0);
	ck_assert_ptr_null(sys->iscsi_ports);
	ck_ok(store_credential_get(&cred, s, sys->credential_id));
	ck_assert_str_eq(cred->user, "sysadmin");
	ck_assert_str_eq(cred->password, "sysadmin");
	store_credential_free(cred);

	ck_ok(store_pool_list(&pl, &n, s, &(store_filter){.system_id = sys->id}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(pl[0].name, "Pool 0");
	ck_assert_int_eq(pl[0].capacity_mb, 1048576);
	int64_t pool = pl[0].id;
	store_pool_array_free(pl, n);

	ck_ok(store_volume_list(&vl, &n, s, NULL));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(vl[0].name, "vol1");
	ck_assert_int_eq(vl[0].tenant_id, acme->id);
	ck_assert_int_eq(vl[0].lun_id, 17);
	ck_assert_str_eq(vl[0].lun_name, "slgw_vol1");
	ck_assert_int_eq(vl[0].size_mb, 1024);
	ck_assert_int_eq(vl[0].prov, STORE_PROV_THIN);
	ck_assert_int_eq(vl[0].state, STORE_STATE_READY);
	ck_assert_int_eq(vl[0].clone_kind, STORE_CLONE_NONE);
	ck_assert_str_eq(vl[1].name, "admin-vol");
	ck_assert_int_eq(vl[1].tenant_id, 0);
	ck_assert_int_eq(vl[1].prov, STORE_PROV_THICK);
	int64_t vol1 = vl[0].id;
	store_volume_array_free(vl, n);

	/* The password hashes still verify; the tenant link survived. */
	ck_ok(store_user_verify(s, "alice", "secret-a", &u));
	ck_assert_int_eq(u->role, STORE_ROLE_TENANT);
	ck_assert_int_eq(u->tenant_id, acme->id);
	store_user_free(u);
	ck_ok(store_user_verify(s, "root", "secret-r", &u));
	ck_assert_int_eq(u->role, STORE_ROLE_ADMIN);
	ck_assert_int_eq(u->tenant_id, 0);
	store_user_free(u);
	ck_store(store_user_verify(s, "root", "secret-a", NULL), STORE_EAUTH);

	ck_ok(store_job_find_request(&j, s, "alice", "req-1"));
	ck_assert_int_eq(j->state, STORE_JOB_SUCCEEDED);
	ck_assert_int_eq(j->tenant_id, acme->id);
	ck_assert_str_eq(j->params, "{\"size_mb\":1024}");
	store_job_free(j);
	ck_ok(store_job_list_unfinished(&jl, &n, s));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(jl[0].kind, "volume.resize");
	ck_assert_str_eq(jl[0].step, "resize-lun");
	ck_assert_int_eq(jl[0].progress, 40);
	ck_assert_int_eq(jl[0].tenant_id, beta->id);
	store_job_array_free(jl, n);
	/* The job counts were seeded from the jobs the old store held. */
	{
		store_job_counts jc;
		store_stats ss;
		ck_ok(store_job_counts_get(&jc, s));
		ck_ok(store_stats_get(&ss, s));
		ck_assert_int_gt(jc.queued + jc.running + jc.succeeded + jc.failed, 0);
		ck_assert_int_eq(jc.queued, ss.jobs_queued);
		ck_assert_int_eq(jc.running, ss.jobs_running);
		ck_assert_int_eq(jc.succeeded, ss.jobs_succeeded);
		ck_assert_int_eq(jc.failed, ss.jobs_failed);
	}

	ck_ok(store_audit_list(&al, &n, s, NULL));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(al[0].operation, "allocateStorage");
	ck_assert_str_eq(al[0].detail, "size 1024 MB");
	store_audit_array_free(al, n);

	/* Grants: from v2 the sample has one, which keeps counting vol1. */
	store_grant_usage *gu = NULL;
	ck_ok(store_grant_usage_list(&gu, &n, s, NULL));
	if (from_version >= 2) {
		ck_assert_uint_eq(n, 1);
		ck_assert_int_eq(gu[0].grant.tenant_id, acme->id);
		ck_assert_int_eq(gu[0].grant.quota_mb, 10240);
		ck_assert_int_eq(gu[0].grant.max_volumes, 5);
		ck_assert_int_eq(gu[0].used_mb, 1024);
		ck_assert_int_eq(gu[0].volumes, 1);
	} else {
		ck_assert_uint_eq(n, 0);
		mk_grant(s, acme->id, pool, 2048, 0);
	}
	store_grant_usage_array_free(gu, n);

	/* The migrated file works with the new operations: names stay
	 * unique per tenant, quota counts the old volume, v3 objects. */
	ck_store(try_volume(s, NULL, acme->id, sys->id, pool, "vol1", 1), STORE_EEXISTS);
	ck_store(try_volume(s, NULL, acme->id, sys->id, pool, "vol2", 1024 * 9 + 1), STORE_EQUOTA);
	store_assignment *a = NULL;
	if (from_version >= 3) {
		check_hosts(s, acme->id, sys->id, vol1);
	} else {
		int64_t h = mk_host(s, acme->id, "xs1");
		ck_ok(store_assignment_reserve(&a, s, vol1, h, sys->id, 1, -1));
		ck_assert_int_eq(a->hlu, 1);
		store_assignment_free(a);
	}
	ck_ok(store_snapshot_reserve(NULL, s,
	                             &(store_snapshot){.volume_id = vol1, .name = "s", .size_mb = 1}));
	store_system_free(sys);
	store_tenant_free(acme);
	store_tenant_free(beta);
}

/* The v6 step: the migrated tables hand out ids above every id they held,
 * also after the newest row is deleted, and still enforce references. */
static void check_ids_not_reused(store *s, int from_version)
{
	store_volume *vl = NULL;
	store_tenant *acme = NULL;
	size_t n = 0;
	int64_t newest, again, t;

	ck_ok(store_volume_list(&vl, &n, s, NULL));
	ck_assert_uint_ge(n, 2);
	newest = vl[n - 1].id;
	ck_ok(store_tenant_get_by_name(&acme, s, "acme"));
	/* The newest volume is the sample's "admin-vol" (or a later one the
	 * sample check made): delete it and allocate again. */
	ck_ok(store_volume_delete(s, newest));
	again = mk_volume(s, 0, vl[0].system_id, vl[0].pool_id, "after-v6", 1);
	ck_assert_int_gt(again, newest);
	/* Volumes still refer to their tenant. */
	ck_store(store_tenant_delete(s, acme->id), STORE_ECONSTRAINT);
	t = mk_tenant(s, "after-v6");
	ck_assert_int_gt(t, acme->id);
	ck_ok(store_tenant_delete(s, t));
	ck_assert_int_gt(mk_tenant(s, "after-v6b"), t);
	ck_ok(store_integrity_check(s));
	if (from_version >= 2 && from_version < 6) {
		/* Ids the jobs name but no row holds any more: a removed
		 * tenant's (99) and a deleted volume's (40). */
		ck_assert_int_gt(t, 99);
		ck_assert_int_gt(again, 40);
		store_job *jl = NULL;
		size_t nj = 0;
		ck_ok(store_job_list(&jl, &nj, s, &(store_filter){.tenant_id = t}));
		ck_assert_uint_eq(nj, 0);
		store_job_array_free(jl, nj);
	}
	if (from_version >= 3 && from_version < 6) {
		ck_assert_int_gt(mk_host(s, 0, "after-v6"), 60);
		int64_t sn = 0;
		ck_ok(store_snapshot_reserve(&sn, s, &(store_snapshot){.volume_id = vl[0].id,
		                                                          .name = "after-v6",
		                                                          .size_mb = 1}));
		ck_assert_int_gt(sn, 30);
	}
	store_tenant_free(acme);
	store_volume_array_free(vl, n);
}

/* An instance id looks like one: exactly 8 lowercase hex characters. */
static void check_instance_id(const char *id)
{
	ck_assert_ptr_nonnull(id);
	ck_assert_uint_eq(strlen(id), STORE_INSTANCE_ID_LEN);
	for (const char *p = id; *p; p++)
		ck_assert_msg((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'),
		              "instance id \"%s\" is not lowercase hex", id);
}

static void migrate_from(int version)
{
	char path[512], name[32], id[STORE_INSTANCE_ID_LEN + 1];
	store *s;

	snprintf(name, sizeof(name), "v%d.db", version);
	tdir_file(&dir, name, path, sizeof(path));
	ck_ok(store_testing_build(path, version));
	s = open_store_file(&dir, name);
	check_sample(s, version);
	check_ids_not_reused(s, version);
	/* The v4 step gave the old file an instance id... */
	check_instance_id(store_instance_id(s));
	snprintf(id, sizeof(id), "%s", store_instance_id(s));
	store_close(s);
	/* A second open finds nothing to do and the data is the same. */
	s = open_store_file(&dir, name);
	ck_assert_int_eq(store_file_schema_version(s), store_schema_version());
	/* ...which it keeps: array object names depend on it. */
	ck_assert_str_eq(store_instance_id(s), id);
	store_tenant *t = NULL;
	ck_ok(store_tenant_get_by_name(&t, s, "acme"));
	store_tenant_free(t);
	store_close(s);
}

START_TEST(from_v1)
{
	migrate_from(1);
}
END_TEST

START_TEST(from_v2)
{
	migrate_from(2);
}
END_TEST

START_TEST(from_v3)
{
	migrate_from(3);
}
END_TEST

START_TEST(from_v4)
{
	migrate_from(4);
}
END_TEST

START_TEST(from_v5)
{
	migrate_from(5);
}
END_TEST

START_TEST(instance_id_is_kept_and_differs)
{
	char id1[STORE_INSTANCE_ID_LEN + 1], path[512];
	store *a = open_store_file(&dir, "a.db"), *b = open_store_file(&dir, "b.db");

	check_instance_id(store_instance_id(a));
	check_instance_id(store_instance_id(b));
	/* Two gateways' stores: 1 in 2^32 to collide, i.e. never here. */
	ck_assert_str_ne(store_instance_id(a), store_instance_id(b));
	snprintf(id1, sizeof(id1), "%s", store_instance_id(a));
	/* A backup is the same gateway's memory: same instance. */
	tdir_file(&dir, "a-backup.db", path, sizeof(path));
	ck_ok(store_backup(a, path));
	store_close(a);
	store_close(b);
	a = open_store_file(&dir, "a.db");
	ck_assert_str_eq(store_instance_id(a), id1);
	store_close(a);
	a = open_store_file(&dir, "a-backup.db");
	ck_assert_str_eq(store_instance_id(a), id1);
	store_close(a);
}
END_TEST

START_TEST(damaged_instance_id_is_refused)
{
	/* A file whose id is gone or mangled would make the gateway lose (or
	 * take) array objects by name: refuse it rather than invent a new one. */
	static const char *const bad[] = { "ABCDEF12", "abc", "abcdef123", "abcdefgh", "", NULL };
	char path[512], err[256];
	store *s = open_store_file(&dir, "dmg.db");

	store_close(s);
	tdir_file(&dir, "dmg.db", path, sizeof(path));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_ok(store_testing_set_meta(path, "instance_id", bad[i]));
		s = NULL;
		err[0] = '\0';
		ck_assert_int_eq(store_open(&s, path, err, sizeof(err)), STORE_EINVAL);
		ck_assert_ptr_null(s);
		ck_assert_msg(strstr(err, "instance id") != NULL, "message: %s", err);
	}
	ck_ok(store_testing_set_meta(path, "instance_id", "0123abcd"));
	s = open_store_file(&dir, "dmg.db");
	ck_assert_str_eq(store_instance_id(s), "0123abcd");
	store_close(s);
}
END_TEST

START_TEST(every_old_version_is_buildable)
{
	/* If a new schema version is added, the previous one must become a
	 * migration source here too. */
	char path[512], name[32];

	for (int v = 1; v < store_schema_version(); v++) {
		snprintf(name, sizeof(name), "all-v%d.db", v);
		tdir_file(&dir, name, path, sizeof(path));
		ck_ok(store_testing_build(path, v));
		store *s = open_store_file(&dir, name);
		ck_assert_int_eq(store_file_schema_version(s), store_schema_version());
		store_close(s);
	}
	ck_store(store_testing_build(path, store_schema_version()), STORE_EINVAL);
}
END_TEST

START_TEST(newer_file_is_refused)
{
	char path[512], err[256] = "";
	store *s = NULL;

	tdir_file(&dir, "future.db", path, sizeof(path));
	/* Build a current file, then pretend a newer program wrote it: the
	 * version lives in the header's user_version field (offset 60). */
	s = open_store_file(&dir, "future.db");
	store_close(s);
	FILE *f = fopen(path, "r+b");
	ck_assert_ptr_nonnull(f);
	unsigned char v[4] = {0, 0, 0, (unsigned char)(store_schema_version() + 1)};
	ck_assert_int_eq(fseek(f, 60, SEEK_SET), 0);
	ck_assert_int_eq(fwrite(v, 1, 4, f), 4);
	fclose(f);
	ck_assert_int_eq(store_open(&s, path, err, sizeof(err)), STORE_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, "newer") != NULL, "message: %s", err);
}
END_TEST

int main(void)
{
	return STORE_SUITE("migrate", setup, teardown, 120, empty_file_gets_current_schema, from_v1,
		from_v2, from_v4, from_v3, from_v5, instance_id_is_kept_and_differs,
		damaged_instance_id_is_refused, every_old_version_is_buildable,
		newer_file_is_refused);
}
