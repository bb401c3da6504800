/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_objects.c - every plain store operation per object type: insert,
 * get, list with filters and paging, update, delete, and the refusals
 * (duplicate names -> EEXISTS, missing references -> ENOTFOUND, still
 * referenced -> ECONSTRAINT, bad values -> EINVAL) with their messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

static struct tdir dir;
static store *st;

static void setup(void)
{
	tdir_make(&dir);
	st = open_store(&dir, "objects.db");
}

static void teardown(void)
{
	store_close(st);
	tdir_remove(&dir);
}

START_TEST(open_reports_version_and_integrity)
{
	ck_assert_int_eq(store_file_schema_version(st), store_schema_version());
	ck_assert_int_ge(store_schema_version(), 3);
	ck_ok(store_integrity_check(st));
}
END_TEST

START_TEST(open_bad_path_fails_with_message)
{
	char err[256] = "";
	store *s = (store *)0x1;

	ck_assert_int_lt(store_open(&s, "/nonexistent-dir-slgw/x/y.db", err, sizeof(err)), 0);
	ck_assert_ptr_null(s);
	ck_assert_msg(strlen(err) > 0, "no error text");
	ck_assert_int_eq(store_open(&s, "", err, sizeof(err)), STORE_EINVAL);
}
END_TEST

START_TEST(enum_names_roundtrip)
{
	ck_assert_str_eq(store_failover_name(STORE_FAILOVER_ALUA), "alua");
	ck_assert_int_eq(store_failover_parse("PNR"), STORE_FAILOVER_PNR);
	ck_assert_int_eq(store_prov_parse("thin"), STORE_PROV_THIN);
	ck_assert_str_eq(store_prov_name(STORE_PROV_THICK), "THICK");
	ck_assert_str_eq(store_state_name(STORE_STATE_DELETED), "deleted");
	ck_assert_int_eq(store_job_state_parse("failed"), STORE_JOB_FAILED);
	ck_assert_int_eq(store_role_parse("nope"), STORE_ROLE_UNSET);
	ck_assert_str_eq(store_asg_state_name((store_asg_state)99), "");
	ck_assert_int_eq(store_proto_parse(NULL), STORE_PROTO_UNSET);
	ck_assert_str_eq(store_strerror(STORE_EQUOTA), "EQUOTA");
	ck_assert_str_eq(store_strerror(STORE_EFENCED), "EFENCED");
}
END_TEST

START_TEST(credential_crud_and_secret_only_via_get)
{
	store_credential c = {.name = "vnx-admin", .user = "sysadmin", .password = "p4ss",
	                      .scope = 0};
	store_credential *got = NULL;
	store_system sys = {.name = "vnx1", .adapter = "vnx", .spa = "10.0.0.1"};
	store_system *sl = NULL;
	size_t n = 0;
	int64_t cid = 0, sid = 0;

	ck_ok(store_credential_insert(&cid, st, &c));
	ck_store(store_credential_insert(NULL, st, &c), STORE_EEXISTS);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "vnx-admin"));
	c.name = "bad-scope";
	c.scope = 7;
	ck_store(store_credential_insert(NULL, st, &c), STORE_EINVAL);
	c.scope = 0;
	c.user = NULL;
	ck_store(store_credential_insert(NULL, st, &c), STORE_EINVAL);

	ck_ok(store_credential_get(&got, st, cid));
	ck_assert_str_eq(got->password, "p4ss");
	ck_assert_str_eq(got->user, "sysadmin");
	free(got->password);
	got->password = strdup("n3w");
	ck_ok(store_credential_update(st, got));
	store_credential_free(got);
	ck_ok(store_credential_get(&got, st, cid));
	ck_assert_str_eq(got->password, "n3w");
	store_credential_free(got);

	/* A system refers to it: it cannot go, and the system record holds
	 * only the reference. */
	sys.credential_id = cid;
	ck_ok(store_system_insert(&sid, st, &sys));
	ck_ok(store_system_list(&sl, &n, st, NULL));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(sl[0].credential_id, cid);
	store_system_array_free(sl, n);
	ck_store(store_credential_delete(st, cid), STORE_ECONSTRAINT);
	ck_ok(store_system_delete(st, sid));
	ck_ok(store_credential_delete(st, cid));
	ck_store(store_credential_get(&got, st, cid), STORE_ENOTFOUND);
	ck_assert_ptr_null(got);
}
END_TEST

START_TEST(system_crud_policy_and_refusals)
{
	store_system sys = {.name = "vnx1",
	                    .adapter = "vnx",
	                    .spa = "10.0.0.1",
	                    .spb = "10.0.0.2",
	                    .cli_path = "/opt/Navisphere/bin/naviseccli",
	                    .model = "VNX5300",
	                    .revision = "05.32.000.5.209",
	                    .serial = "APM00123456789",
	                    .enablers = "-ThinProvisioning,-VNXSnapshots",
	                    .failover_policy = STORE_FAILOVER_ALUA,
	                    .iscsi_ports = "A-4,B-4",
	                    .destroy_empty_sg = 1,
	                    .max_inflight = 4,
	                    .hlu0_allowed = 0};
	store_system *got = NULL;
	int64_t id = 0;

	ck_ok(store_system_insert(&id, st, &sys));
	ck_ok(store_system_get(&got, st, id));
	ck_assert_str_eq(got->name, "vnx1");
	ck_assert_str_eq(got->spb, "10.0.0.2");
	ck_assert_str_eq(got->serial, "APM00123456789");
	ck_assert_int_eq(got->state, STORE_SYSTEM_UNKNOWN);
	ck_assert_int_eq(got->failover_policy, STORE_FAILOVER_ALUA);
	ck_assert_str_eq(got->iscsi_ports, "A-4,B-4");
	ck_assert_int_eq(got->destroy_empty_sg, 1);
	ck_assert_int_eq(got->max_inflight, 4);
	ck_assert_int_gt(got->created, 0);

	got->model = (free(got->model), strdup("VNX5400"));
	got->failover_policy = STORE_FAILOVER_PNR;
	ck_ok(store_system_update(st, got));
	store_system_free(got);
	ck_ok(store_system_get_by_name(&got, st, "vnx1"));
	ck_assert_str_eq(got->model, "VNX5400");
	ck_assert_int_eq(got->failover_policy, STORE_FAILOVER_PNR);
	store_system_free(got);

	ck_ok(store_system_set_state(st, id, STORE_SYSTEM_ONLINE));
	ck_ok(store_system_get(&got, st, id));
	ck_assert_int_eq(got->state, STORE_SYSTEM_ONLINE);
	store_system_free(got);
	ck_store(store_system_set_state(st, 999, STORE_SYSTEM_ONLINE), STORE_ENOTFOUND);
	ck_store(store_system_set_state(st, id, (store_system_state)42), STORE_EINVAL);

	ck_store(store_system_insert(NULL, st, &sys), STORE_EEXISTS);
	ck_assert_msg(strstr(store_errmsg(), "system 'vnx1'") != NULL, "message: %s",
	              store_errmsg());
	/* SQLite's own text (tables, columns) never reaches a caller. */
	ck_assert_msg(strstr(store_errmsg(), "constraint") == NULL &&
	                      strstr(store_errmsg(), "systems.") == NULL,
	              "message: %s", store_errmsg());
	sys.name = "vnx2";
	sys.spa = NULL;
	ck_store(store_system_insert(NULL, st, &sys), STORE_EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "system.spa"));
	sys.spa = "10.0.0.3";
	sys.credential_id = 77;
	ck_store(store_system_insert(NULL, st, &sys), STORE_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "credential_id"));
	sys.credential_id = 0;
	sys.name = "bad\nname";
	ck_store(store_system_insert(NULL, st, &sys), STORE_EINVAL);
	sys.name = "vnx2";
	sys.max_inflight = -1;
	ck_store(store_system_insert(NULL, st, &sys), STORE_EINVAL);
	ck_store(store_system_get(&got, st, 12345), STORE_ENOTFOUND);
	ck_store(store_system_get_by_name(&got, st, "nope"), STORE_ENOTFOUND);
	ck_store(store_system_delete(st, 12345), STORE_ENOTFOUND);
}
END_TEST

START_TEST(pool_upsert_and_system_cascade)
{
	int64_t sys = mk_system(st, "vnx1"), pid = 0, pid2 = 0;
	store_pool p = {.system_id = sys, .array_id = 3, .name = "Pool 3", .array_state = "Ready",
	                .capacity_mb = 1000, .free_mb = 900};
	store_pool *got = NULL, *list = NULL;
	size_t n = 0;

	ck_ok(store_pool_upsert(&pid, st, &p));
	p.free_mb = 500;
	p.name = "Pool 3 renamed";
	ck_ok(store_pool_upsert(&pid2, st, &p));
	ck_assert_int_eq(pid, pid2);
	ck_ok(store_pool_get(&got, st, pid));
	ck_assert_int_eq(got->free_mb, 500);
	ck_assert_str_eq(got->name, "Pool 3 renamed");
	store_pool_free(got);
	ck_store(store_pool_insert(NULL, st, &p), STORE_EEXISTS);
	p.array_id = 4;
	p.capacity_mb = -5;
	ck_store(store_pool_insert(NULL, st, &p), STORE_EINVAL);
	p.capacity_mb = 10;
	p.system_id = 999;
	ck_store(store_pool_insert(NULL, st, &p), STORE_ENOTFOUND);
	mk_pool(st, sys, 4, "Pool 4");

	ck_ok(store_pool_list(&list, &n, st, &(store_filter){.system_id = sys}));
	ck_assert_uint_eq(n, 2);
	store_pool_array_free(list, n);

	/* Without volumes the pools go with their system. */
	ck_ok(store_system_delete(st, sys));
	ck_ok(store_pool_list(&list, &n, st, NULL));
	ck_assert_uint_eq(n, 0);
	store_pool_array_free(list, n);
}
END_TEST

START_TEST(port_upsert_and_validation)
{
	int64_t sys = mk_system(st, "vnx1"), id = 0, id2 = 0;
	store_port p = {.system_id = sys, .sp = "A", .port_id = 4, .vport_id = 0,
	                .proto = STORE_PROTO_ISCSI,
	                .address = "iqn.1992-04.com.emc:cx.apm00123456789.a4", .ip = "10.0.1.10"};
	store_port *got = NULL, *list = NULL;
	size_t n = 0;

	ck_ok(store_port_upsert(&id, st, &p));
	p.ip = "10.0.1.11";
	ck_ok(store_port_upsert(&id2, st, &p));
	ck_assert_int_eq(id, id2);
	ck_ok(store_port_get(&got, st, id));
	ck_assert_str_eq(got->ip, "10.0.1.11");
	ck_assert_str_eq(got->sp, "A");
	ck_assert_int_eq(got->proto, STORE_PROTO_ISCSI);
	store_port_free(got);
	p.sp = "C";
	ck_store(store_port_insert(NULL, st, &p), STORE_EINVAL);
	p.sp = "B";
	p.proto = 0;
	ck_store(store_port_insert(NULL, st, &p), STORE_EINVAL);
	p.proto = STORE_PROTO_FC;
	p.address = "50:06:01:60:3e:a0:12:34";
	p.ip = NULL;
	ck_ok(store_port_insert(NULL, st, &p));
	ck_ok(store_port_list(&list, &n, st, &(store_filter){.system_id = sys}));
	ck_assert_uint_eq(n, 2);
	store_port_array_free(list, n);
	ck_ok(store_port_delete(st, id));
	ck_store(store_port_delete(st, id), STORE_ENOTFOUND);
}
END_TEST

START_TEST(tenant_and_user_refusals)
{
	int64_t t = mk_tenant(st, "acme"), uid = 0;
	store_tenant *tg = NULL;
	store_user *u = NULL, *ul = NULL;
	size_t n = 0;

	ck_store(store_tenant_insert(NULL, st, &(store_tenant){.name = "acme"}), STORE_EEXISTS);
	ck_store(store_tenant_insert(NULL, st, &(store_tenant){.name = ""}), STORE_EINVAL);
	ck_ok(store_tenant_get_by_name(&tg, st, "acme"));
	ck_assert_int_eq(tg->id, t);
	free(tg->description);
	tg->description = strdup("changed");
	ck_ok(store_tenant_update(st, tg));
	store_tenant_free(tg);
	ck_ok(store_tenant_get(&tg, st, t));
	ck_assert_str_eq(tg->description, "changed");
	store_tenant_free(tg);

	ck_store(store_user_create(NULL, st, "bob", "pw", STORE_ROLE_TENANT, 0), STORE_EINVAL);
	ck_store(store_user_create(NULL, st, "bob", "pw", STORE_ROLE_ADMIN, t), STORE_EINVAL);
	ck_store(store_user_create(NULL, st, "bob", "pw", STORE_ROLE_TENANT, 999), STORE_ENOTFOUND);
	ck_store(store_user_create(NULL, st, "bob", "", STORE_ROLE_TENANT, t), STORE_EINVAL);
	ck_ok(store_user_create(&uid, st, "bob", "pw", STORE_ROLE_TENANT, t));
	ck_store(store_user_create(NULL, st, "bob", "pw2", STORE_ROLE_ADMIN, 0), STORE_EEXISTS);

	/* The tenant has a user now. */
	ck_store(store_tenant_delete(st, t), STORE_ECONSTRAINT);
	ck_ok(store_user_get(&u, st, uid));
	ck_assert_str_eq(u->name, "bob");
	ck_assert_int_eq(u->role, STORE_ROLE_TENANT);
	ck_assert_int_eq(u->tenant_id, t);
	u->role = STORE_ROLE_ADMIN;
	u->tenant_id = 0;
	ck_ok(store_user_update(st, u));
	store_user_free(u);
	ck_ok(store_user_list(&ul, &n, st, &(store_filter){.tenant_id = t}));
	ck_assert_uint_eq(n, 0);
	store_user_array_free(ul, n);
	ck_ok(store_tenant_delete(st, t));
	ck_ok(store_user_delete(st, uid));
	ck_store(store_user_get_by_name(&u, st, "bob"), STORE_ENOTFOUND);
}
END_TEST

START_TEST(grant_crud)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	int64_t t = mk_tenant(st, "acme"), g;
	store_grant *got = NULL;

	g = mk_grant(st, t, pool, 100, 2);
	ck_store(store_grant_insert(NULL, st,
	                            &(store_grant){.tenant_id = t, .pool_id = pool, .quota_mb = 1}),
	         STORE_EEXISTS);
	ck_store(store_grant_insert(NULL, st,
	                            &(store_grant){.tenant_id = t, .pool_id = 99, .quota_mb = 1}),
	         STORE_ENOTFOUND);
	ck_store(store_grant_insert(NULL, st,
	                            &(store_grant){.tenant_id = t, .pool_id = pool, .quota_mb = -1}),
	         STORE_EINVAL);
	ck_ok(store_grant_find(&got, st, t, pool));
	ck_assert_int_eq(got->id, g);
	got->quota_mb = 500;
	got->frozen = 1;
	got->prov_allowed = STORE_PROV_MASK(STORE_PROV_THICK);
	ck_ok(store_grant_update(st, got));
	store_grant_free(got);
	ck_ok(store_grant_get(&got, st, g));
	ck_assert_int_eq(got->quota_mb, 500);
	ck_assert_int_eq(got->frozen, 1);
	ck_assert_int_eq(got->prov_allowed, STORE_PROV_MASK(STORE_PROV_THICK));
	store_grant_free(got);
	ck_store(store_grant_find(&got, st, t, 999), STORE_ENOTFOUND);
	/* A granted pool keeps its system. */
	ck_store(store_system_delete(st, sys), STORE_ECONSTRAINT);
	ck_ok(store_grant_delete(st, g));
	ck_ok(store_system_delete(st, sys));
}
END_TEST

START_TEST(volume_lifecycle_and_names)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	int64_t sys2 = mk_system(st, "vnx2"), pool2 = mk_pool(st, sys2, 0, "Pool 0");
	int64_t t = mk_tenant(st, "acme"), v, v2;
	store_volume *got = NULL, *list = NULL;
	size_t n = 0;

	v = mk_volume(st, 0, sys, pool, "admin-vol", 100);
	ck_ok(store_volume_get(&got, st, v));
	ck_assert_int_eq(got->state, STORE_STATE_CREATING);
	ck_assert_int_eq(got->lun_id, -1);
	ck_assert_int_eq(got->tenant_id, 0);
	ck_assert_int_eq(got->prov, STORE_PROV_THIN);
	ck_assert_int_eq(got->clone_kind, STORE_CLONE_NONE);
	store_volume_free(got);

	ck_ok(store_volume_set_array(st, v, 42, "slgw_admin_vol",
	                             "60:06:01:60:3E:A0:2D:00:11:22:33:44:55:66:77:88"));
	ck_ok(store_volume_set_state(st, v, STORE_STATE_READY));
	ck_ok(store_volume_set_array(st, v, -1, NULL, NULL)); /* keeps */
	ck_ok(store_volume_get(&got, st, v));
	ck_assert_int_eq(got->lun_id, 42);
	ck_assert_str_eq(got->lun_name, "slgw_admin_vol");
	ck_assert_int_eq(got->state, STORE_STATE_READY);
	store_volume_free(got);

	/* Same display name: refused for the same owner, fine for another. */
	ck_store(try_volume(st, NULL, 0, sys, pool, "admin-vol", 10), STORE_EEXISTS);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "admin-vol"));
	mk_grant(st, t, pool, 1000, 0);
	v2 = mk_volume(st, t, sys, pool, "admin-vol", 10);
	/* A deleted volume frees its name. */
	ck_ok(store_volume_set_state(st, v, STORE_STATE_DELETED));
	mk_volume(st, 0, sys, pool, "admin-vol", 10);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.name = "admin-vol"}));
	ck_assert_uint_eq(n, 2);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st,
	                        &(store_filter){.name = "admin-vol", .include_deleted = 1}));
	ck_assert_uint_eq(n, 3);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.state = STORE_STATE_DELETED}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, v);
	store_volume_array_free(list, n);

	/* Pool of another system, bad sizes, unknown pool. */
	ck_store(try_volume(st, NULL, 0, sys, pool2, "x", 10), STORE_EINVAL);
	ck_store(try_volume(st, NULL, 0, sys, pool, "x", 0), STORE_EINVAL);
	ck_store(try_volume(st, NULL, 0, sys, 999, "x", 10), STORE_ENOTFOUND);
	ck_store(try_volume(st, NULL, 0, sys, pool, "", 10), STORE_EINVAL);
	ck_store(store_volume_set_size(st, v2, 0), STORE_EINVAL);
	ck_ok(store_volume_set_size(st, v2, 5));

	/* Still used by volumes: pool, system and tenant stay. */
	ck_store(store_system_delete(st, sys), STORE_ECONSTRAINT);
	ck_store(store_pool_delete(st, pool), STORE_ECONSTRAINT);
	ck_store(store_tenant_delete(st, t), STORE_ECONSTRAINT);
	ck_ok(store_volume_delete(st, v));
	ck_store(store_volume_delete(st, v), STORE_ENOTFOUND);
	ck_store(store_volume_get(&got, st, v), STORE_ENOTFOUND);
}
END_TEST

START_TEST(list_paging_and_filters)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	int64_t t1 = mk_tenant(st, "t1"), t2 = mk_tenant(st, "t2");
	store_volume *list = NULL;
	store_filter f = {.limit = 7};
	size_t n = 0, seen = 0;
	int64_t last = 0;
	char name[32];

	mk_grant(st, t1, pool, 1 << 20, 0);
	mk_grant(st, t2, pool, 1 << 20, 0);
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof(name), "%s%02d", i % 3 ? "data_" : "boot%", i);
		mk_volume(st, i % 2 ? t1 : t2, sys, pool, name, 1 + i);
	}
	/* Walk all pages with the cursor. */
	for (;;) {
		f.after = last;
		ck_ok(store_volume_list(&list, &n, st, &f));
		if (n == 0)
			break;
		ck_assert_uint_le(n, 7);
		for (size_t i = 0; i < n; i++) {
			ck_assert_int_gt(list[i].id, last);
			last = list[i].id;
		}
		seen += n;
		store_volume_array_free(list, n);
	}
	store_volume_array_free(list, n);
	ck_assert_uint_eq(seen, 30);

	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.tenant_id = t1}));
	ck_assert_uint_eq(n, 15);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(list[i].tenant_id, t1);
	store_volume_array_free(list, n);

	/* The prefix is literal: '%' is not a wildcard. */
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.name_prefix = "boot%"}));
	ck_assert_uint_eq(n, 10);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.name_prefix = "boot"}));
	ck_assert_uint_eq(n, 10);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.name_prefix = "b%"}));
	ck_assert_uint_eq(n, 0);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st,
	                        &(store_filter){.name_prefix = "data_", .tenant_id = t2, .limit = 3}));
	ck_assert_uint_eq(n, 3);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.pool_id = pool, .system_id = sys}));
	ck_assert_uint_eq(n, 30);
	store_volume_array_free(list, n);
	ck_store(store_volume_list(&list, &n, st, &(store_filter){.state = 99}), STORE_EINVAL);
	ck_store(store_volume_list(&list, &n, st, &(store_filter){.after = -1}), STORE_EINVAL);
}
END_TEST

START_TEST(parent_volume_filter)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	int64_t a = mk_volume(st, 0, sys, pool, "a", 10), b = mk_volume(st, 0, sys, pool, "b", 10);
	int64_t ids[5];
	store_volume *list = NULL;
	size_t n = 0;

	/* three clones of a (one deleted later), one of b, one plain volume */
	for (int i = 0; i < 5; i++) {
		char name[16];
		snprintf(name, sizeof(name), "c%d", i);
		store_volume rec = {.name = name, .system_id = sys, .pool_id = pool, .size_mb = 10,
		                    .prov = STORE_PROV_THIN,
		                    .parent_volume_id = i < 3 ? a : i == 3 ? b : 0,
		                    .clone_kind = i < 2 ? STORE_CLONE_LINKED
		                                        : i < 4 ? STORE_CLONE_FULL : STORE_CLONE_NONE};
		ck_ok(store_volume_reserve(&ids[i], st, &rec));
	}
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.parent_volume_id = a}));
	ck_assert_uint_eq(n, 3);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(list[i].id, ids[i]);
		ck_assert_int_eq(list[i].parent_volume_id, a);
	}
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.parent_volume_id = b}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, ids[3]);
	store_volume_array_free(list, n);
	/* combined with the other fields; deleted clones hidden by default */
	ck_ok(store_volume_set_state(st, ids[0], STORE_STATE_DELETED));
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.parent_volume_id = a}));
	ck_assert_uint_eq(n, 2);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st,
	                        &(store_filter){.parent_volume_id = a, .include_deleted = 1,
	                                        .limit = 2, .after = ids[0]}));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, ids[1]);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st,
	                        &(store_filter){.parent_volume_id = a, .name = "c2"}));
	ck_assert_uint_eq(n, 1);
	store_volume_array_free(list, n);
	/* a volume nobody cloned, and an id that does not exist */
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.parent_volume_id = ids[4]}));
	ck_assert_uint_eq(n, 0);
	store_volume_array_free(list, n);
	ck_ok(store_volume_list(&list, &n, st, &(store_filter){.parent_volume_id = 999999}));
	ck_assert_uint_eq(n, 0);
	store_volume_array_free(list, n);
	/* types without the column ignore the field */
	store_pool *pl = NULL;
	ck_ok(store_pool_list(&pl, &n, st, &(store_filter){.parent_volume_id = a}));
	ck_assert_uint_eq(n, 1);
	store_pool_array_free(pl, n);
}
END_TEST

START_TEST(host_initiators_and_host_systems)
{
	int64_t sys = mk_system(st, "vnx1"), t = mk_tenant(st, "acme");
	int64_t h = mk_host(st, t, "xs-host-1"), iid = 0;
	store_initiator in = {.host_id = h, .kind = STORE_PROTO_ISCSI,
	                      .address = "iqn.2001-04.com.example:xs-host-1"};
	store_initiator *il = NULL;
	store_host *hg = NULL;
	store_host_system hs = {.host_id = h, .system_id = sys, .storage_group = "slgw-xs-host-1",
	                        .failover_applied = STORE_FAILOVER_ALUA, .paths = 2};
	store_host_system *hsg = NULL, *hsl = NULL;
	size_t n = 0;

	/* names are unique per tenant: EEXISTS within acme, a new host in
	 * another tenant, and each tenant finds only its own */
	ck_store(store_host_insert(NULL, st, &(store_host){.tenant_id = t, .name = "xs-host-1"}),
	         STORE_EEXISTS);
	int64_t tb = mk_tenant(st, "beta"), hb = mk_host(st, tb, "xs-host-1");
	ck_assert_int_ne(hb, h);
	ck_ok(store_host_find(&hg, st, tb, "xs-host-1"));
	ck_assert_int_eq(hg->id, hb);
	store_host_free(hg);
	ck_store(store_host_find(&hg, st, 0, "xs-host-1"), STORE_ENOTFOUND);
	/* ...but hb cannot be registered into h's storage group on sys */
	ck_ok(store_host_system_set(st, &hs));
	ck_store(store_host_system_set(st, &(store_host_system){.host_id = hb, .system_id = sys,
	                                                        .storage_group = "slgw-xs-host-1"}),
	         STORE_EEXISTS);
	/* the array compares group names without case: so does the store */
	ck_store(store_host_system_set(st, &(store_host_system){.host_id = hb, .system_id = sys,
	                                                        .storage_group = "SLGW-XS-Host-1"}),
	         STORE_EEXISTS);
	/* h itself may record its own group again under any spelling */
	ck_ok(store_host_system_set(st, &hs));
	ck_ok(store_host_delete(st, hb));
	ck_ok(store_host_find(&hg, st, t, "xs-host-1"));
	ck_assert_int_eq(hg->failover_wanted, STORE_FAILOVER_AUTO);
	hg->failover_wanted = STORE_FAILOVER_PNR;
	free(hg->ip);
	hg->ip = strdup("192.168.0.77");
	ck_ok(store_host_update(st, hg));
	store_host_free(hg);
	ck_ok(store_host_get(&hg, st, h));
	ck_assert_int_eq(hg->failover_wanted, STORE_FAILOVER_PNR);
	ck_assert_str_eq(hg->ip, "192.168.0.77");
	store_host_free(hg);

	ck_ok(store_initiator_insert(&iid, st, &in));
	/* Unique across hosts, case-insensitively. */
	int64_t h2 = mk_host(st, t, "xs-host-2");
	in.host_id = h2;
	in.address = "IQN.2001-04.COM.EXAMPLE:XS-HOST-1";
	ck_store(store_initiator_insert(NULL, st, &in), STORE_EINVAL); /* "IQN." prefix */
	in.address = "iqn.2001-04.com.example:XS-HOST-1";
	ck_store(store_initiator_insert(NULL, st, &in), STORE_EEXISTS);
	in.address = "iqn.bad name";
	ck_store(store_initiator_insert(NULL, st, &in), STORE_EINVAL);
	in.kind = STORE_PROTO_FC;
	in.address = "10:00:00:00:c9:12:34:56";
	ck_ok(store_initiator_insert(NULL, st, &in));
	in.address = "10:00:00:00:c9:12:34";
	ck_store(store_initiator_insert(NULL, st, &in), STORE_EINVAL);
	ck_ok(store_initiator_list(&il, &n, st, &(store_filter){.host_id = h}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(il[0].address, "iqn.2001-04.com.example:xs-host-1");
	store_initiator_array_free(il, n);
	ck_ok(store_initiator_list(&il, &n, st,
	                           &(store_filter){.name = "10:00:00:00:C9:12:34:56"}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(il[0].host_id, h2);
	store_initiator_array_free(il, n);

	ck_ok(store_host_system_set(st, &hs));
	hs.paths = 4;
	ck_ok(store_host_system_set(st, &hs));
	ck_ok(store_host_system_get(&hsg, st, h, sys));
	ck_assert_int_eq(hsg->paths, 4);
	ck_assert_str_eq(hsg->storage_group, "slgw-xs-host-1");
	ck_assert_int_eq(hsg->failover_applied, STORE_FAILOVER_ALUA);
	store_host_system_free(hsg);
	ck_ok(store_host_system_list(&hsl, &n, st, &(store_filter){.system_id = sys}));
	ck_assert_uint_eq(n, 1);
	store_host_system_array_free(hsl, n);
	hs.system_id = 999;
	ck_store(store_host_system_set(st, &hs), STORE_ENOTFOUND);
	ck_store(store_host_system_get(&hsg, st, h, 999), STORE_ENOTFOUND);

	/* Host delete takes initiators and per-system records along. */
	ck_ok(store_host_delete(st, h));
	ck_ok(store_initiator_list(&il, &n, st, &(store_filter){.host_id = h}));
	ck_assert_uint_eq(n, 0);
	store_initiator_array_free(il, n);
	ck_store(store_host_system_get(&hsg, st, h, sys), STORE_ENOTFOUND);
	ck_store(store_initiator_get(&il, st, iid), STORE_ENOTFOUND);
	ck_ok(store_host_system_set(st, &(store_host_system){.host_id = h2, .system_id = sys}));
	ck_ok(store_host_system_delete(st, h2, sys));
	ck_store(store_host_system_delete(st, h2, sys), STORE_ENOTFOUND);
}
END_TEST

START_TEST(audit_append_only_and_filters)
{
	store_audit a = {.user = "alice", .tenant = "acme", .operation = "allocateStorage",
	                 .object = "volume/1", .outcome = "ok", .detail = "1024 MB"};
	store_audit *list = NULL;
	size_t n = 0;
	int64_t id = 0;

	ck_ok(store_audit_append(&id, st, &a));
	a.operation = "deleteStorage";
	a.outcome = "ENOTFOUND";
	ck_ok(store_audit_append(NULL, st, &a));
	a.user = "root";
	a.tenant = NULL;
	a.operation = "addStorageSystem";
	a.outcome = "ok";
	ck_ok(store_audit_append(NULL, st, &a));
	a.user = NULL;
	ck_store(store_audit_append(NULL, st, &a), STORE_EINVAL);

	ck_ok(store_audit_list(&list, &n, st, NULL));
	ck_assert_uint_eq(n, 3);
	/* Newest first: the first record appended is the last listed. */
	ck_assert_int_eq(list[2].id, id);
	ck_assert_str_eq(list[2].detail, "1024 MB");
	ck_assert_int_gt(list[2].time, 0);
	store_audit_array_free(list, n);
	ck_ok(store_audit_list(&list, &n, st, &(store_filter){.user = "alice"}));
	ck_assert_uint_eq(n, 2);
	store_audit_array_free(list, n);
	ck_ok(store_audit_list(&list, &n, st, &(store_filter){.name = "acme"}));
	ck_assert_uint_eq(n, 2);
	store_audit_array_free(list, n);
	ck_ok(store_audit_list(&list, &n, st, &(store_filter){.name_prefix = "add"}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0].user, "root");
	store_audit_array_free(list, n);
}
END_TEST

START_TEST(stats_counts_rows)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	store_stats stats;
	store_job *j = NULL;

	mk_volume(st, 0, sys, pool, "a", 1);
	mk_volume(st, 0, sys, pool, "b", 1);
	ck_ok(store_job_start(&j, st, &(store_job){.kind = "k", .user = "u"}));
	store_job_free(j);
	ck_ok(store_stats_get(&stats, st));
	ck_assert_int_eq(stats.systems, 1);
	ck_assert_int_eq(stats.pools, 1);
	ck_assert_int_eq(stats.volumes, 2);
	ck_assert_int_eq(stats.jobs_queued, 1);
	ck_assert_int_eq(stats.jobs_running, 0);
	ck_assert_int_eq(stats.users, 0);
}
END_TEST

START_TEST(remaining_plain_operations)
{
	int64_t sys = mk_system(st, "vnx1"), sys2 = mk_system(st, "other");
	int64_t pool = mk_pool(st, sys, 0, "Pool 0"), t = mk_tenant(st, "acme");
	int64_t h = mk_host(st, t, "xs1"), iid = 0;
	store_pool *pg = NULL;
	store_system *sl = NULL;
	store_tenant *tl = NULL;
	store_host *hl = NULL;
	store_grant *gl = NULL;
	store_user *ul = NULL;
	size_t n = 0;

	ck_ok(store_pool_get(&pg, st, pool));
	pg->free_mb = 7;
	pg->array_id = 99; /* the array id is a key: not changed by update */
	ck_ok(store_pool_update(st, pg));
	store_pool_free(pg);
	ck_ok(store_pool_get(&pg, st, pool));
	ck_assert_int_eq(pg->free_mb, 7);
	ck_assert_int_eq(pg->array_id, 0);
	pg->id = 4242;
	ck_store(store_pool_update(st, pg), STORE_ENOTFOUND);
	store_pool_free(pg);

	ck_ok(store_system_set_state(st, sys2, STORE_SYSTEM_OFFLINE));
	ck_ok(store_system_list(&sl, &n, st, &(store_filter){.state = STORE_SYSTEM_OFFLINE}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(sl[0].name, "other");
	store_system_array_free(sl, n);
	ck_ok(store_system_list(&sl, &n, st, &(store_filter){.name_prefix = "vnx"}));
	ck_assert_uint_eq(n, 1);
	store_system_array_free(sl, n);

	mk_tenant(st, "beta");
	ck_ok(store_tenant_list(&tl, &n, st, NULL));
	ck_assert_uint_eq(n, 2);
	store_tenant_array_free(tl, n);
	ck_ok(store_tenant_list(&tl, &n, st, &(store_filter){.name = "beta"}));
	ck_assert_uint_eq(n, 1);
	store_tenant_array_free(tl, n);

	mk_host(st, 0, "admin-host");
	ck_ok(store_host_list(&hl, &n, st, &(store_filter){.tenant_id = t}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(hl[0].id, h);
	store_host_array_free(hl, n);

	mk_grant(st, t, pool, 10, 0);
	ck_ok(store_grant_list(&gl, &n, st, &(store_filter){.pool_id = pool}));
	ck_assert_uint_eq(n, 1);
	store_grant_array_free(gl, n);
	ck_ok(store_grant_list(&gl, &n, st, &(store_filter){.tenant_id = 999}));
	ck_assert_uint_eq(n, 0);
	store_grant_array_free(gl, n);

	ck_ok(store_user_create(NULL, st, "u1", "pw", STORE_ROLE_TENANT, t));
	ck_ok(store_user_create(NULL, st, "admin1", "pw", STORE_ROLE_ADMIN, 0));
	ck_ok(store_user_list(&ul, &n, st, &(store_filter){.tenant_id = t}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ul[0].name, "u1");
	store_user_array_free(ul, n);

	ck_ok(store_initiator_insert(&iid, st,
	                             &(store_initiator){.host_id = h, .kind = STORE_PROTO_ISCSI,
	                                                .address = "iqn.2001-04.com.x:y"}));
	ck_ok(store_initiator_delete(st, iid));
	ck_store(store_initiator_delete(st, iid), STORE_ENOTFOUND);
	ck_ok(store_pool_delete(st, mk_pool(st, sys, 5, "spare")));
}
END_TEST

/* More distinct list shapes than the per-connection statement cache
 * holds: evicted statements must not change any answer. */
START_TEST(statement_cache_eviction_keeps_results_right)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "Pool 0");
	int64_t t = mk_tenant(st, "acme");
	store_volume *list = NULL;
	size_t n = 0;
	char name[32];

	mk_grant(st, t, pool, 1 << 20, 0);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "n%02d", i);
		mk_volume(st, i % 2 ? t : 0, sys, pool, name, 1);
	}
	for (int round = 0; round < 3; round++) {
		for (unsigned m = 0; m < 256; m++) {
			store_filter f = {0};
			size_t want = 20;
			if (m & 1)
				f.tenant_id = t, want = 10;
			if (m & 2)
				f.system_id = sys;
			if (m & 4)
				f.pool_id = pool;
			if (m & 8)
				f.name_prefix = "n";
			if (m & 16)
				f.state = STORE_STATE_CREATING;
			if (m & 32)
				f.include_deleted = 1;
			if (m & 128) {
				f.after = 1; /* id 1 is "n00", no tenant */
				if (!(m & 1))
					want--;
			}
			if (m & 64)
				f.limit = 5, want = want < 5 ? want : 5;
			ck_ok(store_volume_list(&list, &n, st, &f));
			ck_assert_msg(n == want, "shape %u: %zu rows, want %zu", m, n, want);
			store_volume_array_free(list, n);
		}
	}
}
END_TEST

/* Ids name array objects (slgw-<instance>-<id>) and scope data (jobs by
 * tenant), so an id once issued is never issued again, even after the
 * newest row is deleted and the store reopened. */
START_TEST(ids_are_never_reused)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "p");
	int64_t t1 = mk_tenant(st, "gone"), t2, v1, v2, h1, h2, s1, s2, j1, g;
	store_job *j = NULL, *list = NULL;
	size_t n = 0;

	g = mk_grant(st, t1, pool, 1 << 20, 0);
	v1 = mk_volume(st, 0, sys, pool, "v", 1);
	ck_ok(store_volume_delete(st, v1));
	v2 = mk_volume(st, 0, sys, pool, "v", 1);
	ck_assert_int_gt(v2, v1);

	h1 = mk_host(st, 0, "h");
	ck_ok(store_host_delete(st, h1));
	h2 = mk_host(st, 0, "h");
	ck_assert_int_gt(h2, h1);

	ck_ok(store_snapshot_reserve(&s1, st, &(store_snapshot){.volume_id = v2, .name = "s",
	                                                          .size_mb = 1}));
	ck_ok(store_snapshot_delete(st, s1));
	ck_ok(store_snapshot_reserve(&s2, st, &(store_snapshot){.volume_id = v2, .name = "s",
	                                                          .size_mb = 1}));
	ck_assert_int_gt(s2, s1);

	/* A removed tenant's jobs stay (they are history) but a new tenant
	 * never sees them as its own. */
	ck_ok(store_job_start(&j, st, &(store_job){.kind = "volume.allocate", .user = "alice",
	                                           .tenant_id = t1}));
	j1 = j->id;
	store_job_free(j);
	ck_ok(store_job_finish(st, j1, STORE_JOB_SUCCEEDED, NULL, NULL, NULL));
	ck_ok(store_grant_delete(st, g));
	ck_ok(store_tenant_delete(st, t1));
	store_close(st);
	st = open_store(&dir, "objects.db");
	t2 = mk_tenant(st, "new");
	ck_assert_int_gt(t2, t1);
	ck_ok(store_job_list(&list, &n, st, &(store_filter){.tenant_id = t2}));
	ck_assert_uint_eq(n, 0);
	store_job_array_free(list, n);

	/* Jobs: pruning the newest does not hand its id out again. */
	ck_ok(store_job_prune(NULL, st, (int64_t)time(NULL) + 10));
	ck_ok(store_job_start(&j, st, &(store_job){.kind = "volume.allocate", .user = "alice",
	                                           .tenant_id = t2}));
	ck_assert_int_gt(j->id, j1);
	store_job_free(j);
}
END_TEST

/* After a restore, the counters are moved past every id the array shows
 * was issued: the next ids are above the floor, never below what exists. */
START_TEST(id_floor_raise)
{
	int64_t sys = mk_system(st, "vnx1"), pool = mk_pool(st, sys, 0, "p");
	int64_t v1 = mk_volume(st, 0, sys, pool, "a", 1), v2, t;

	ck_ok(store_id_floor_raise(st, "volume", 1000));
	v2 = mk_volume(st, 0, sys, pool, "b", 1);
	ck_assert_int_eq(v2, 1000);
	/* Lower floors never move a counter back. */
	ck_ok(store_id_floor_raise(st, "volume", 10));
	ck_assert_int_eq(mk_volume(st, 0, sys, pool, "c", 1), 1001);
	ck_assert_int_gt(v2, v1);
	/* A kind with no row yet. */
	ck_ok(store_id_floor_raise(st, "tenant", 50));
	t = mk_tenant(st, "t");
	ck_assert_int_eq(t, 50);
	ck_ok(store_id_floor_raise(st, "snapshot", 7));
	ck_ok(store_id_floor_raise(st, "host", 7));
	ck_ok(store_id_floor_raise(st, "job", 7));
	ck_store(store_id_floor_raise(st, "nonsense", 7), STORE_EINVAL);
	ck_store(store_id_floor_raise(st, "volume", 0), STORE_EINVAL);
	ck_store(store_id_floor_raise(st, NULL, 7), STORE_EINVAL);
}
END_TEST

/* enumAuditRecords and enumJobs answer newest first (wsdl/slgw.h); the
 * paging cursor is the id of the last record of the previous page, so a
 * record added between two pages neither shifts nor repeats one. */
START_TEST(audit_and_jobs_list_newest_first)
{
	int64_t a[5], j[5], extra;
	store_audit *al = NULL;
	store_job *jl = NULL, *jr = NULL;
	size_t n = 0;

	for (int i = 0; i < 5; i++) {
		ck_ok(store_audit_append(&a[i], st, &(store_audit){.user = "alice", .operation = "op",
		                                                   .outcome = "ok"}));
		ck_ok(store_job_start(&jr, st, &(store_job){.kind = "volume.allocate", .user = "alice"}));
		j[i] = jr->id;
		store_job_free(jr);
	}
	ck_ok(store_audit_list(&al, &n, st, &(store_filter){.limit = 2}));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(al[0].id, a[4]);
	ck_assert_int_eq(al[1].id, a[3]);
	store_audit_array_free(al, n);
	ck_ok(store_audit_append(&extra, st, &(store_audit){.user = "alice", .operation = "op",
	                                                    .outcome = "ok"}));
	ck_ok(store_audit_list(&al, &n, st, &(store_filter){.after = a[3], .limit = 2}));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(al[0].id, a[2]);
	ck_assert_int_eq(al[1].id, a[1]);
	store_audit_array_free(al, n);
	ck_ok(store_audit_list(&al, &n, st, &(store_filter){.after = a[1], .limit = 2}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(al[0].id, a[0]);
	store_audit_array_free(al, n);
	ck_ok(store_audit_list(&al, &n, st, NULL));
	ck_assert_uint_eq(n, 6);
	ck_assert_int_eq(al[0].id, extra);
	store_audit_array_free(al, n);

	ck_ok(store_job_list(&jl, &n, st, &(store_filter){.user = "alice", .limit = 3}));
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(jl[0].id, j[4]);
	ck_assert_int_eq(jl[2].id, j[2]);
	store_job_array_free(jl, n);
	ck_ok(store_job_list(&jl, &n, st, &(store_filter){.user = "alice", .after = j[2], .limit = 3}));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(jl[0].id, j[1]);
	ck_assert_int_eq(jl[1].id, j[0]);
	store_job_array_free(jl, n);
	/* Resuming after a crash still goes oldest first. */
	ck_ok(store_job_list_unfinished(&jl, &n, st));
	ck_assert_uint_eq(n, 5);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(jl[i].id, j[i]);
	store_job_array_free(jl, n);
}
END_TEST

int main(void)
{
	return STORE_SUITE("objects", setup, teardown, 120, open_reports_version_and_integrity,
		open_bad_path_fails_with_message, enum_names_roundtrip,
		credential_crud_and_secret_only_via_get, system_crud_policy_and_refusals,
		pool_upsert_and_system_cascade, port_upsert_and_validation,
		tenant_and_user_refusals, grant_crud, volume_lifecycle_and_names,
		list_paging_and_filters, parent_volume_filter, host_initiators_and_host_systems,
		audit_append_only_and_filters, stats_counts_rows, remaining_plain_operations,
		statement_cache_eviction_keeps_results_right, ids_are_never_reused, id_floor_raise,
		audit_and_jobs_list_newest_first);
}
