/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_broker.c - the broker's job engine, systems, volumes and delegation
 * rules, against a real store (a fresh SQLite file in a mkdtemp directory
 * per test) and the counting in-memory array of fake_array.c.
 *
 * Each test case is registered with ctest separately (CK_RUN_CASE), so the
 * cases run in parallel; nothing here uses a fixed path or port.
 */
#define _GNU_SOURCE
#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "broker_internal.h"
#include "broker_fixture.h"
#include "fake_array.h"
#include "../common/suite_each.h"

static char dir[256];
static store *S;
static broker *B;
static struct fake_array FA;
static struct broker_status st;
static const struct broker_caller ADMIN = { .user = "root", .is_admin = 1, .wait_ms = 10000 };
static char SYS[32], POOL0[32], POOL1[32];

/* The array name this gateway (the test's store) gives object `id`. */
static void oname(char *buf, size_t len, enum broker_name_kind kind, int64_t id)
{
	ck_assert_int_eq(broker_name_make(buf, len, store_instance_id(S), kind, id), 0);
}

static void broker_up(void)
{
	bfx_broker_up(&B, S, NULL, &FA, &st);
}

static void setup(void)
{
	bfx_open(dir, sizeof(dir), "slgw-broker", &S, &FA);
	broker_up();
}

static void teardown(void)
{
	bfx_close(dir, &B, &S, &FA);
}

static void add_system(void)
{
	bfx_add_system(SYS, POOL0, POOL1, B, S, &ADMIN, &st);
}

/* Allocates; returns the job (caller frees). */
static store_job *alloc_as(const struct broker_caller *c, const char *name, uint64_t mb,
			   store_prov prov, const char *pool, int expect_rc)
{
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = pool, .name = name,
					   .size_mb = mb, .provisioning = prov };
	store_job *j = NULL;
	int rc = broker_allocate_storage(B, c, &req, &j, &st);
	ck_assert_msg(rc == expect_rc, "allocate %s: rc %d (%s: %s)", name, rc,
		      slgw_code_name(st.code), st.message);
	return j;
}

static int64_t alloc_ok(const struct broker_caller *c, const char *name, uint64_t mb)
{
	store_job *j = alloc_as(c, name, mb, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j);
	int64_t id = bfx_result_int(j, "volume_id");
	store_job_free(j);
	return id;
}

static int64_t make_tenant(const char *name, int64_t quota_mb, const char *pool)
{
	store_tenant *t = NULL;
	ck_assert_int_eq(broker_add_tenant(&t, B, &ADMIN, name, "test tenant", &st), 0);
	int64_t id = t->id;
	store_tenant_free(t);
	char tid[32];
	snprintf(tid, sizeof(tid), "%" PRId64, id);
	struct broker_grant_req g = { .tenant_id = tid, .system_id = SYS, .pool_id = pool,
				      .quota_mb = quota_mb, .allow_thin = 1, .allow_thick = 1 };
	store_grant *gr = NULL;
	ck_assert_int_eq(broker_grant_storage_pool(&gr, B, &ADMIN, &g, &st), 0);
	store_grant_free(gr);
	return id;
}

static struct broker_caller tenant_caller(const char *user, int64_t tenant_id)
{
	struct broker_caller c = { .user = user, .tenant_id = tenant_id, .is_admin = 0,
				   .wait_ms = 10000 };
	return c;
}

/* The call was refused (rc < 0) with code in st. */
static void refused(int rc, enum slgw_code code)
{
	ck_assert_msg(rc < 0 && st.code == code, "rc %d, %s (wanted %s): %s", rc,
		      slgw_code_name(st.code), slgw_code_name(code), st.message);
}

/* Job id, waited for (10 s), must have succeeded. */
static void wait_succeeded(int64_t id)
{
	store_job *j = NULL;
	ck_assert_int_eq(broker_job_wait(&j, B, id, 10000, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
}

/* The system added and a THICK volume of mb allocated by the admin; its
 * id, also as text in v (32 bytes). */
static int64_t system_and_volume(char *v, const char *name, uint64_t mb)
{
	add_system();
	int64_t vid = alloc_ok(&ADMIN, name, mb);
	snprintf(v, 32, "%" PRId64, vid);
	return vid;
}

/* ------------------------------------------------------------ systems */

START_TEST(test_system_add_discovers)
{
	add_system();
	store_system *sys = NULL;
	ck_assert_int_eq(broker_get_storage_system(&sys, B, &ADMIN, SYS, &st), 0);
	ck_assert_str_eq(sys->model, "VNX5300");
	ck_assert_str_eq(sys->serial, "FAKE00001");
	ck_assert_ptr_nonnull(strstr(sys->enablers, "ThinProvisioning"));
	ck_assert_int_eq(sys->state, STORE_SYSTEM_ONLINE);
	store_system_free(sys);
	ck_assert_int_eq(fake_calls(&FA, FA_DISCOVER), 1);

	store_port *ports = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_target_ports(&ports, &n, &next, B, &ADMIN, SYS, NULL, &st), 0);
	ck_assert_int_eq((int)n, 2);
	ck_assert_str_eq(ports[0].address, "iqn.1992-04.com.emc:cx.fake.a4");
	store_port_array_free(ports, n);
	free(next);

	/* same name, same addresses: the same system, no second discovery */
	struct broker_system_add_req req = { .adapter = "vnx", .name = "vnx1", .spa = "10.0.0.1",
					     .spb = "10.0.0.2", .username = "u", .password = "p" };
	store_job *j = NULL;
	ck_assert_int_eq(broker_add_storage_system(B, &ADMIN, &req, &j, &st), 0);
	bfx_expect_succeeded(j);
	ck_assert_int_eq(bfx_result_int(j, "system_id"), atoll(SYS));
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_DISCOVER), 1);

	/* same name, other address: ALREADY_EXISTS */
	req.spa = "10.9.9.9";
	refused(broker_add_storage_system(B, &ADMIN, &req, &j, &st), SLGW_ALREADY_EXISTS);
	/* option injection in an address is refused before anything runs */
	req.name = "vnx2";
	req.spa = "-user";
	refused(broker_add_storage_system(B, &ADMIN, &req, &j, &st), SLGW_INVALID_ARGUMENT);
	/* a tenant cannot add systems */
	struct broker_caller t = tenant_caller("t", 1);
	req.spa = "10.0.0.5";
	refused(broker_add_storage_system(B, &t, &req, &j, &st), SLGW_PERMISSION_DENIED);

	/* refresh re-reads */
	ck_assert_int_eq(broker_refresh_storage_system(B, &ADMIN, SYS, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_DISCOVER), 2);
}
END_TEST

struct add_arg {
	int rc;
	enum slgw_code code;
	int64_t sys;
};

static void *add_thread(void *p)
{
	struct add_arg *a = p;
	struct broker_system_add_req req = { .adapter = "vnx", .name = "vnx1", .spa = "10.0.0.1",
					     .spb = "10.0.0.2", .username = "u", .password = "p" };
	store_job *j = NULL;
	struct broker_status s;
	a->rc = broker_add_storage_system(B, &ADMIN, &req, &j, &s);
	a->code = s.code;
	a->sys = j && j->state == STORE_JOB_SUCCEEDED ? bfx_result_int(j, "system_id") : 0;
	store_job_free(j);
	return NULL;
}

START_TEST(test_system_add_concurrent_one_system)
{
	enum { N = 8 };
	pthread_t th[N];
	struct add_arg a[N];
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, add_thread, &a[i]), 0);
	int64_t sys = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		if (a[i].rc == 0 && a[i].sys) {
			if (!sys)
				sys = a[i].sys;
			ck_assert_int_eq(a[i].sys, sys);
		} else {
			ck_assert_int_eq(a[i].code, SLGW_ABORTED);
		}
	}
	ck_assert_int_gt(sys, 0);
	store_system *all = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_system_list(&all, &n, S, NULL), 0);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq(all[0].id, sys);
	ck_assert_int_eq(all[0].state, STORE_SYSTEM_ONLINE);
	store_system_array_free(all, n);
	ck_assert_int_eq(fake_calls(&FA, FA_DISCOVER), 1);
}
END_TEST

START_TEST(test_system_add_unreachable_not_registered)
{
	fake_set_unreachable(&FA, 1);
	struct broker_system_add_req req = { .adapter = "vnx", .name = "dead", .spa = "10.0.0.1",
					     .username = "u", .password = "p" };
	store_job *j = NULL;
	ck_assert_int_eq(broker_add_storage_system(B, &ADMIN, &req, &j, &st), 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "UNAVAILABLE");
	store_job_free(j);
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get_by_name(&sys, S, "dead"), STORE_ENOTFOUND);
}
END_TEST

START_TEST(test_remove_system_refused_with_volumes)
{
	add_system();
	int64_t vid = alloc_ok(&ADMIN, "v1", 100);
	store_job *j = NULL;
	refused(broker_remove_storage_system(B, &ADMIN, SYS, &j, &st), SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "v1"));
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(broker_remove_storage_system(B, &ADMIN, SYS, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get(&sys, S, atoll(SYS)), STORE_ENOTFOUND);
	/* removing what is gone succeeds */
	ck_assert_int_eq(broker_remove_storage_system(B, &ADMIN, SYS, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
}
END_TEST

/* ------------------------------------------------------------ volumes */

START_TEST(test_allocate_lifecycle)
{
	add_system();
	store_job *j = alloc_as(&ADMIN, "disk-1", 1024, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j);
	ck_assert_str_eq(j->kind, "volume.allocate");
	int64_t vid = bfx_result_int(j, "volume_id");
	ck_assert_int_gt(bfx_result_int(j, "lun_id"), 0);
	store_job_free(j);
	char name[64];
	oname(name, sizeof(name), BROKER_NAME_LUN, vid);
	uint64_t size = 0;
	ck_assert(fake_has_lun(&FA, name, &size));
	ck_assert_int_eq((int)size, 1024);
	/* the fake's lun_create returns the LUN; nothing else was needed */
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE), 1);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_GET), 0);

	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	store_volume *vol = NULL;
	ck_assert_int_eq(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), 0);
	ck_assert_int_eq(vol->state, STORE_STATE_READY);
	ck_assert_str_eq(vol->lun_name, name);
	ck_assert_ptr_nonnull(vol->wwn);
	ck_assert_int_gt((int)strlen(vol->wwn), 10);
	ck_assert_str_eq(vol->name, "disk-1");
	store_volume_free(vol);

	/* the job is readable and listed */
	store_job *jobs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_jobs(&jobs, &n, &next, B, &ADMIN, "succeeded", NULL, &st), 0);
	ck_assert_int_ge((int)n, 2); /* system.add + allocate */
	store_job_array_free(jobs, n);
	free(next);

	/* paging */
	alloc_ok(&ADMIN, "disk-2", 10);
	alloc_ok(&ADMIN, "disk-3", 10);
	store_volume *vs = NULL;
	struct broker_page pg = { .limit = 2 };
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &ADMIN, NULL, &pg, &st), 0);
	ck_assert_int_eq((int)n, 2);
	ck_assert_ptr_nonnull(next);
	store_volume_array_free(vs, n);
	pg.page_token = next;
	char *next2 = NULL;
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next2, B, &ADMIN, NULL, &pg, &st), 0);
	ck_assert_int_eq((int)n, 1);
	ck_assert_str_eq(vs[0].name, "disk-3");
	ck_assert_ptr_null(next2);
	store_volume_array_free(vs, n);
	free(next);
	struct broker_volume_filter vf = { .name_prefix = "disk-1" };
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &ADMIN, &vf, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	store_volume_array_free(vs, n);
	free(next);
	pg.page_token = "abc";
	refused(broker_enum_storage_volumes(&vs, &n, &next, B, &ADMIN, NULL, &pg, &st),
		SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_request_id_and_name_idempotency)
{
	add_system();
	struct broker_caller c = ADMIN;
	c.request_id = "req-42";
	store_job *j1 = alloc_as(&c, "disk", 100, STORE_PROV_THICK, POOL0, 0);
	store_job *j2 = alloc_as(&c, "disk", 100, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j1);
	ck_assert_int_eq(j1->id, j2->id);
	store_job_free(j2);
	/* no request id, same name and parameters: the same volume */
	store_job *j3 = alloc_as(&ADMIN, "disk", 100, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j3);
	ck_assert_int_eq(bfx_result_int(j3, "volume_id"), bfx_result_int(j1, "volume_id"));
	store_job_free(j3);
	ck_assert_int_eq(fake_lun_count(&FA), 1);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE), 1);
	/* incompatible parameters: ALREADY_EXISTS and nothing created */
	ck_assert_ptr_null(alloc_as(&ADMIN, "disk", 200, STORE_PROV_THICK, POOL0, -(int)SLGW_ALREADY_EXISTS));
	ck_assert_int_eq(st.code, SLGW_ALREADY_EXISTS);
	ck_assert_ptr_null(alloc_as(&ADMIN, "disk", 100, STORE_PROV_THIN, POOL0, -(int)SLGW_ALREADY_EXISTS));
	ck_assert_int_eq(fake_lun_count(&FA), 1);
	/* the same request id on a delete retry: one delete job */
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, bfx_result_int(j1, "volume_id"));
	store_job_free(j1);
	c.request_id = "del-1";
	store_job *d1 = NULL, *d2 = NULL;
	ck_assert_int_eq(broker_delete_storage(B, &c, v, 0, &d1, &st), 0);
	ck_assert_int_eq(broker_delete_storage(B, &c, v, 0, &d2, &st), 0);
	ck_assert_int_eq(d1->id, d2->id);
	bfx_expect_succeeded(d1);
	store_job_free(d1);
	store_job_free(d2);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_DESTROY), 1);
}
END_TEST

START_TEST(test_aborted_while_in_flight)
{
	char v[32];
	int64_t vid = system_and_volume(v, "busy", 100);
	fake_gate(&FA, 1);
	struct broker_caller c = ADMIN;
	c.wait_ms = 0;
	store_job *j = NULL;
	ck_assert_int_eq(broker_resize_storage(B, &c, v, 200, &j, &st), 0);
	ck_assert(!STORE_JOB_TERMINAL(j->state));
	int64_t jid = j->id;
	store_job_free(j);
	fake_wait_at_gate(&FA, 1);
	/* a second operation on the same volume is refused while one runs */
	store_job *k = NULL;
	refused(broker_resize_storage(B, &ADMIN, v, 300, &k, &st), SLGW_ABORTED);
	refused(broker_delete_storage(B, &ADMIN, v, 1, &k, &st), SLGW_ABORTED);
	/* the API answers while the array is stuck */
	store_volume *vol = NULL;
	ck_assert_int_eq(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), 0);
	store_volume_free(vol);
	/* another mutating call is accepted at once (job running) */
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = "other",
					   .size_mb = 10, .provisioning = STORE_PROV_THICK };
	ck_assert_int_eq(broker_allocate_storage(B, &c, &req, &k, &st), 0);
	ck_assert(!STORE_JOB_TERMINAL(k->state));
	int64_t other_job = k->id;
	store_job_free(k);
	fake_gate(&FA, 0);
	wait_succeeded(other_job);
	char jids[32];
	snprintf(jids, sizeof(jids), "%" PRId64, jid);
	wait_succeeded(jid);
	uint64_t size = 0;
	char name[64];
	oname(name, sizeof(name), BROKER_NAME_LUN, vid);
	ck_assert(fake_has_lun(&FA, name, &size));
	ck_assert_int_eq((int)size, 200);
}
END_TEST

START_TEST(test_resize_rules)
{
	char v[32];
	system_and_volume(v, "grow", 100);
	store_job *j = NULL;
	refused(broker_resize_storage(B, &ADMIN, v, 50, &j, &st), SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_resize_storage(B, &ADMIN, v, 100, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_EXPAND), 0);
	ck_assert_int_eq(broker_resize_storage(B, &ADMIN, v, 300, &j, &st), 0);
	bfx_expect_succeeded(j);
	ck_assert_int_eq(bfx_result_int(j, "size_mb"), 300);
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_EXPAND), 1);
	store_volume *vol = NULL;
	ck_assert_int_eq(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), 0);
	ck_assert_int_eq((int)vol->size_mb, 300);
	ck_assert_int_eq(vol->state, STORE_STATE_READY);
	store_volume_free(vol);
	refused(broker_resize_storage(B, &ADMIN, "12345", 400, &j, &st), SLGW_NOT_FOUND);
}
END_TEST

START_TEST(test_delete_rules)
{
	char v[32];
	int64_t vid = system_and_volume(v, "del", 100);
	/* assigned: refused unless forced */
	store_host h = { .name = "xs1", .failover_wanted = STORE_FAILOVER_AUTO };
	int64_t hid = 0;
	ck_assert_int_eq(store_host_insert(&hid, S, &h), 0);
	store_host_system hs = { .host_id = hid, .system_id = atoll(SYS), .storage_group = "xs1",
				 .failover_applied = STORE_FAILOVER_ALUA, .paths = 2 };
	ck_assert_int_eq(store_host_system_set(S, &hs), 0);
	store_assignment *as = NULL;
	ck_assert_int_eq(store_assignment_reserve(&as, S, vid, hid, atoll(SYS), 1, -1), 0);
	store_assignment_set_state(S, as->id, STORE_ASG_READY);
	store_assignment_free(as);
	store_job *j = NULL;
	refused(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "assigned"));
	ck_assert_int_eq(fake_lun_count(&FA), 1);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 1, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_HLU_REMOVE), 1);
	ck_assert_int_eq(fake_lun_count(&FA), 0);
	store_filter af = { .volume_id = vid };
	store_assignment *left = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_assignment_list(&left, &n, S, &af), 0);
	ck_assert_int_eq((int)n, 0);
	store_assignment_array_free(left, n);
	/* gone: deleting again succeeds, getting it is NOT_FOUND */
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_DESTROY), 1);
	store_volume *vol = NULL;
	refused(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), SLGW_NOT_FOUND);
	/* never existed */
	refused(broker_delete_storage(B, &ADMIN, "99999", 0, &j, &st), SLGW_NOT_FOUND);
	/* a linked clone reads from it: refused even when forced */
	int64_t parent = alloc_ok(&ADMIN, "parent", 100);
	store_volume clone = { .name = "clone", .system_id = atoll(SYS), .pool_id = atoll(POOL0),
			       .size_mb = 100, .prov = STORE_PROV_THIN, .parent_volume_id = parent,
			       .clone_kind = STORE_CLONE_LINKED };
	int64_t cid = 0;
	ck_assert_int_eq(store_volume_reserve(&cid, S, &clone), 0);
	store_volume_set_state(S, cid, STORE_STATE_READY);
	snprintf(v, sizeof(v), "%" PRId64, parent);
	refused(broker_delete_storage(B, &ADMIN, v, 1, &j, &st), SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "clone"));
	/* with a snapshot: refused unless forced */
	int64_t v2 = alloc_ok(&ADMIN, "snapped", 100);
	store_snapshot sn = { .volume_id = v2, .name = "s1", .array_name = "slgw-snap-1" };
	int64_t sid = 0;
	ck_assert_int_eq(store_snapshot_reserve(&sid, S, &sn), 0);
	store_snapshot_set_state(S, sid, STORE_STATE_READY);
	snprintf(v, sizeof(v), "%" PRId64, v2);
	refused(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "snapshot"));
}
END_TEST

START_TEST(test_reused_lun_number_is_never_touched)
{
	/* The first destroy ran (a timeout hid it, or the gateway crashed
	 * after it), and a create by someone else took the freed number:
	 * the retry must not destroy, nor a resize grow, that LUN. */
	add_system();
	int64_t vid = alloc_ok(&ADMIN, "victim-of-reuse", 100);
	store_volume *vol = NULL;
	ck_assert_int_eq(store_volume_get(&vol, S, vid), 0);
	int num = (int)vol->lun_id;
	char ours[BROKER_NAME_MAX];
	snprintf(ours, sizeof(ours), "%s", vol->lun_name);
	store_volume_free(vol);
	ck_assert_int_eq(fake_remove_lun(&FA, ours), 0);
	ck_assert_int_eq(fake_add_lun_at(&FA, "someone-elses", 100, num), num);
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	store_job *j = NULL;
	int rc = broker_resize_storage(B, &ADMIN, v, 200, &j, &st);
	ck_assert(rc != 0 || (j && j->state != STORE_JOB_SUCCEEDED));
	store_job_free(j);
	uint64_t size = 0;
	ck_assert(fake_has_lun(&FA, "someone-elses", &size));
	ck_assert_int_eq((int)size, 100);
	j = NULL;
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j); /* ours is gone: that is what delete wants */
	store_job_free(j);
	ck_assert(fake_has_lun(&FA, "someone-elses", NULL));
	ck_assert_int_eq(fake_lun_count(&FA), 1);
}
END_TEST

static int64_t pool_used_mb(const struct broker_caller *c)
{
	struct broker_pool_info *pi = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_pools(&pi, &n, &next, B, c, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	int64_t used = (int64_t)pi[0].used_mb;
	broker_pool_info_array_free(pi, n);
	free(next);
	return used;
}

static size_t volumes_in(const struct broker_caller *c, const char *state)
{
	struct broker_volume_filter vf = { .state = state };
	store_volume *vs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_msg(broker_enum_storage_volumes(&vs, &n, &next, B, c, &vf, NULL, &st) == 0, "%s",
		      st.message);
	store_volume_array_free(vs, n);
	free(next);
	return n;
}

START_TEST(test_pool_full_gives_the_reservation_back)
{
	add_system();
	int64_t t = make_tenant("acme", 100, POOL0);
	struct broker_caller c = tenant_caller("alice", t);
	/* the pool is full: a clear refusal, RESOURCE_EXHAUSTED, nothing kept */
	FA.fail_create = 1;
	FA.fail_class = SLGW_AERR_NO_SPACE;
	store_job *j = alloc_as(&c, "big", 60, STORE_PROV_THICK, POOL0, 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "RESOURCE_EXHAUSTED");
	store_job_free(j);
	ck_assert_int_eq((int)pool_used_mb(&c), 0);
	ck_assert_uint_eq(volumes_in(&c, NULL), 0);
	/* an error the adapter cannot classify, after which the name is not
	 * on the array: released as well */
	FA.fail_create = 1;
	FA.fail_class = SLGW_AERR_UNKNOWN;
	j = alloc_as(&c, "odd", 60, STORE_PROV_THICK, POOL0, 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	store_job_free(j);
	ck_assert_int_eq((int)pool_used_mb(&c), 0);
	/* a timeout: the LUN may exist, the reservation is kept (error) */
	FA.fail_create = 1;
	FA.fail_class = SLGW_AERR_TIMEOUT;
	j = alloc_as(&c, "slow", 60, STORE_PROV_THICK, POOL0, 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "DEADLINE_EXCEEDED");
	store_job_free(j);
	ck_assert_int_eq((int)pool_used_mb(&c), 60);
	ck_assert_uint_eq(volumes_in(&c, "error"), 1);
	ck_assert_uint_eq(volumes_in(&c, "ready"), 0);
	refused(broker_enum_storage_volumes(&(store_volume *){ NULL }, &(size_t){ 0 }, &(char *){ NULL }, B, &c, &(struct broker_volume_filter){ .state = "gone" }, NULL, &st),
		SLGW_INVALID_ARGUMENT);
	/* deleteStorage settles it: not on the array by name, row released */
	struct broker_volume_filter vf = { .state = "error" };
	store_volume *vs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &c, &vf, NULL, &st), 0);
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vs[0].id);
	store_volume_array_free(vs, n);
	free(next);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq((int)pool_used_mb(&c), 0);
	/* and the whole quota is there for the next allocation */
	alloc_ok(&c, "fits", 100);
}
END_TEST

START_TEST(test_ids_move_past_the_arrays_names)
{
	/* A store restored from an older copy: the array holds objects named
	 * from ids the store's counters have not reached. */
	add_system();
	const char *inst = store_instance_id(S);
	char name[BROKER_NAME_MAX];
	snprintf(name, sizeof(name), "slgw-%s-40", inst);
	fake_add_lun(&FA, name, 10);
	snprintf(name, sizeof(name), "slgw-%s-dst-55", inst);
	fake_add_lun(&FA, name, 10);
	snprintf(FA.groups[0], sizeof(FA.groups[0]), "slgw-%s-h77", inst);
	snprintf(FA.groups[1], sizeof(FA.groups[1]), "slgw-ffffffff-h900"); /* another gateway's */
	FA.n_groups = 2;
	ck_assert_int_eq(broker_scan_orphans(B, 0, &st), 0);
	int64_t vid = alloc_ok(&ADMIN, "after-restore", 10);
	ck_assert_int_ge(vid, 56);
	store_host h = { .name = "xs-after", .failover_wanted = STORE_FAILOVER_AUTO };
	int64_t hid = 0;
	ck_assert_int_eq(store_host_insert(&hid, S, &h), 0);
	ck_assert_int_ge(hid, 78);
	ck_assert_int_lt(hid, 900);
}
END_TEST

START_TEST(test_fresh_allocation_never_adopts_a_taken_name)
{
	/* The scan has not run (or could not read the array): the next
	 * volume's name is on the array already.  Not adopted. */
	add_system();
	int64_t first = alloc_ok(&ADMIN, "first", 10);
	char name[BROKER_NAME_MAX];
	oname(name, sizeof(name), BROKER_NAME_LUN, first + 1);
	fake_add_lun(&FA, name, 10);
	store_job *j = alloc_as(&ADMIN, "second", 10, STORE_PROV_THICK, POOL0, 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "ALREADY_EXISTS");
	ck_assert_ptr_nonnull(strstr(j->error_message, name));
	store_job_free(j);
	store_volume *v = NULL;
	ck_assert_int_eq(store_volume_get(&v, S, first + 1), 0);
	ck_assert_int_eq(v->state, STORE_STATE_DELETED); /* released, nothing adopted */
	ck_assert_int_lt((int)v->lun_id, 0); /* the LUN was never recorded */
	store_volume_free(v);
	ck_assert(fake_has_lun(&FA, name, NULL));
	/* the next one gets a new id and succeeds */
	ck_assert_int_gt(alloc_ok(&ADMIN, "second", 10), first + 1);
}
END_TEST

START_TEST(test_a_new_tenant_never_sees_a_removed_tenants_jobs)
{
	add_system();
	int64_t old_id = make_tenant("old", 100, POOL0);
	struct broker_caller oc = tenant_caller("o", old_id);
	int64_t vid = alloc_ok(&oc, "of-the-old", 10);
	char v[32], tid[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	snprintf(tid, sizeof(tid), "%" PRId64, old_id);
	store_job *j = NULL;
	ck_assert_int_eq(broker_delete_storage(B, &oc, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_msg(broker_revoke_storage_pool(B, &ADMIN, tid, POOL0, 0, &st) == 0, "%s", st.message);
	ck_assert_msg(broker_remove_tenant(B, &ADMIN, tid, &st) == 0, "%s", st.message);
	store_tenant *n = NULL;
	ck_assert_int_eq(broker_add_tenant(&n, B, &ADMIN, "new", "", &st), 0);
	ck_assert_int_gt(n->id, old_id); /* never the removed tenant's id */
	struct broker_caller nc = tenant_caller("n", n->id);
	store_tenant_free(n);
	store_job *jobs = NULL;
	size_t nj = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_jobs(&jobs, &nj, &next, B, &nc, NULL, NULL, &st), 0);
	ck_assert_uint_eq(nj, 0);
	store_job_array_free(jobs, nj);
	free(next);
}
END_TEST

START_TEST(test_thin_enabler_and_pool_space)
{
	FA.thin_enabler = 0;
	add_system();
	ck_assert_ptr_null(alloc_as(&ADMIN, "thin", 100, STORE_PROV_THIN, POOL0,
				    -(int)SLGW_FAILED_PRECONDITION));
	ck_assert_ptr_nonnull(strstr(st.message, "ThinProvisioning"));
	/* pool 1 has 1000 MB free */
	ck_assert_ptr_null(alloc_as(&ADMIN, "big", 2000, STORE_PROV_THICK, POOL1,
				    -(int)SLGW_RESOURCE_EXHAUSTED));
	ck_assert_ptr_nonnull(strstr(st.message, "1000 MB free"));
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE), 0);
	/* validation */
	ck_assert_ptr_null(alloc_as(&ADMIN, "", 10, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_INVALID_ARGUMENT));
	ck_assert_ptr_null(alloc_as(&ADMIN, "bad\xff\xfeutf8", 10, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_INVALID_ARGUMENT));
	ck_assert_ptr_null(alloc_as(&ADMIN, "overlong\xc0\xaf", 10, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_INVALID_ARGUMENT));
	store_job_free(alloc_as(&ADMIN, "caf\xc3\xa9 \xe2\x82\xac", 10, STORE_PROV_THICK, POOL0, 0));
	ck_assert_ptr_null(alloc_as(&ADMIN, "zero", 0, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_INVALID_ARGUMENT));
	ck_assert_ptr_null(alloc_as(&ADMIN, "badpool", 10, STORE_PROV_THICK, "x1",
				    -(int)SLGW_INVALID_ARGUMENT));
	ck_assert_ptr_null(alloc_as(&ADMIN, "nopool", 10, STORE_PROV_THICK, "424242",
				    -(int)SLGW_NOT_FOUND));
}
END_TEST

START_TEST(test_array_down_fails_cleanly_and_api_answers)
{
	add_system();
	fake_set_unreachable(&FA, 1);
	store_job *j = alloc_as(&ADMIN, "down", 10, STORE_PROV_THICK, POOL0, 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "UNAVAILABLE");
	ck_assert_ptr_nonnull(strstr(j->error_message, "network error"));
	store_job_free(j);
	/* unclear outcome: the volume is kept (state error) */
	store_volume *vs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &ADMIN, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq(vs[0].state, STORE_STATE_ERROR);
	store_volume_array_free(vs, n);
	/* the array is back: the same allocate re-drives it (looks first) */
	fake_set_unreachable(&FA, 0);
	j = alloc_as(&ADMIN, "down", 10, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(fake_lun_count(&FA), 1);
}
END_TEST

/* ---------------------------------------------------------- delegation */

START_TEST(test_quota_refusal)
{
	add_system();
	int64_t t = make_tenant("acme", 100, POOL0);
	struct broker_caller c = tenant_caller("alice", t);
	alloc_ok(&c, "a", 60);
	ck_assert_ptr_null(alloc_as(&c, "b", 60, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_RESOURCE_EXHAUSTED));
	ck_assert_ptr_nonnull(strstr(st.message, "100"));
	ck_assert_ptr_nonnull(strstr(st.message, "60"));
	ck_assert_int_eq(fake_lun_count(&FA), 1);
	/* growth beyond the quota */
	store_volume *vs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &c, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vs[0].id);
	store_volume_array_free(vs, n);
	store_job *j = NULL;
	refused(broker_resize_storage(B, &c, v, 200, &j, &st), SLGW_RESOURCE_EXHAUSTED);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_EXPAND), 0);
	/* pools show quota, use and what is left */
	struct broker_pool_info *pi = NULL;
	ck_assert_int_eq(broker_enum_storage_pools(&pi, &n, &next, B, &c, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	ck_assert_int_eq((int)pi[0].quota_mb, 100);
	ck_assert_int_eq((int)pi[0].used_mb, 60);
	ck_assert_int_eq((int)pi[0].left_mb, 40);
	broker_pool_info_array_free(pi, n);
	/* frozen grant: no new allocations */
	char tid[32];
	snprintf(tid, sizeof(tid), "%" PRId64, t);
	ck_assert_int_eq(broker_revoke_storage_pool(B, &ADMIN, tid, POOL0, 1, &st), 0);
	ck_assert_ptr_null(alloc_as(&c, "c", 10, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_PERMISSION_DENIED));
	/* revoke refused while volumes exist */
	refused(broker_revoke_storage_pool(B, &ADMIN, tid, POOL0, 0, &st),
		SLGW_FAILED_PRECONDITION);

	/* a count limit: at most 2 volumes, whatever their size */
	store_tenant *t2 = NULL;
	ck_assert_int_eq(broker_add_tenant(&t2, B, &ADMIN, "counted", NULL, &st), 0);
	char t2s[32];
	snprintf(t2s, sizeof(t2s), "%" PRId64, t2->id);
	struct broker_grant_req g = { .tenant_id = t2s, .system_id = SYS, .pool_id = POOL0,
				      .quota_mb = 100000, .max_volumes = 2, .allow_thick = 1 };
	store_grant *gr = NULL;
	ck_assert_int_eq(broker_grant_storage_pool(&gr, B, &ADMIN, &g, &st), 0);
	store_grant_free(gr);
	struct broker_caller c2 = tenant_caller("counter", t2->id);
	store_tenant_free(t2);
	alloc_ok(&c2, "one", 1);
	alloc_ok(&c2, "two", 1);
	ck_assert_ptr_null(alloc_as(&c2, "three", 1, STORE_PROV_THICK, POOL0,
				    -(int)SLGW_RESOURCE_EXHAUSTED));
	/* the grant allows THICK only */
	ck_assert_ptr_null(alloc_as(&c2, "thin", 1, STORE_PROV_THIN, POOL0,
				    -(int)SLGW_PERMISSION_DENIED));
	ck_assert_int_eq(fake_lun_count(&FA), 3);
}
END_TEST

struct race_arg {
	struct broker_caller c;
	int idx;
	int rc;
	enum slgw_code code;
	int succeeded;
};

static void *race_thread(void *p)
{
	struct race_arg *a = p;
	char name[32];
	snprintf(name, sizeof(name), "race-%d", a->idx);
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = name,
					   .size_mb = 10, .provisioning = STORE_PROV_THICK };
	store_job *j = NULL;
	struct broker_status s;
	a->rc = broker_allocate_storage(B, &a->c, &req, &j, &s);
	a->code = s.code;
	a->succeeded = j && j->state == STORE_JOB_SUCCEEDED;
	store_job_free(j);
	return NULL;
}

START_TEST(test_quota_race_exactly_ten)
{
	add_system();
	int64_t t = make_tenant("racer", 100, POOL0);
	enum { N = 50 };
	pthread_t th[N];
	struct race_arg args[N];
	for (int i = 0; i < N; i++) {
		args[i].c = tenant_caller("r", t);
		args[i].c.wait_ms = 30000;
		args[i].idx = i;
		ck_assert_int_eq(pthread_create(&th[i], NULL, race_thread, &args[i]), 0);
	}
	int ok = 0, exhausted = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		if (args[i].rc == 0 && args[i].succeeded)
			ok++;
		else if (args[i].rc < 0 && args[i].code == SLGW_RESOURCE_EXHAUSTED)
			exhausted++;
	}
	ck_assert_int_eq(ok, 10);
	ck_assert_int_eq(exhausted, 40);
	ck_assert_int_eq(fake_lun_count(&FA), 10);
	store_filter f = { .tenant_id = t };
	store_volume *vs = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_volume_list(&vs, &n, S, &f), 0);
	ck_assert_int_eq((int)n, 10);
	store_volume_array_free(vs, n);
}
END_TEST

static void *same_name_thread(void *p)
{
	struct race_arg *a = p;
	struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = "shared",
					   .size_mb = 10, .provisioning = STORE_PROV_THICK };
	store_job *j = NULL;
	struct broker_status s;
	a->rc = broker_allocate_storage(B, &a->c, &req, &j, &s);
	a->code = s.code;
	a->succeeded = j && j->state == STORE_JOB_SUCCEEDED;
	a->idx = a->succeeded ? (int)bfx_result_int(j, "volume_id") : 0;
	store_job_free(j);
	return NULL;
}

START_TEST(test_same_name_race_one_volume)
{
	add_system();
	enum { N = 8 };
	pthread_t th[N];
	struct race_arg args[N];
	for (int i = 0; i < N; i++) {
		args[i].c = ADMIN;
		ck_assert_int_eq(pthread_create(&th[i], NULL, same_name_thread, &args[i]), 0);
	}
	int vid = 0, ok = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		if (args[i].rc == 0 && args[i].succeeded) {
			ok++;
			if (!vid)
				vid = args[i].idx;
			ck_assert_int_eq(args[i].idx, vid); /* all name the same volume */
		} else {
			/* the only other answer: busy, retry later */
			ck_assert_int_eq(args[i].code, SLGW_ABORTED);
		}
	}
	ck_assert_int_ge(ok, 1);
	ck_assert_int_eq(fake_lun_count(&FA), 1);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE), 1);
}
END_TEST

START_TEST(test_tenant_scoping)
{
	add_system();
	int64_t ta = make_tenant("a", 1000, POOL0);
	int64_t tb = make_tenant("b", 1000, POOL0);
	store_tenant *tc_rec = NULL;
	ck_assert_int_eq(broker_add_tenant(&tc_rec, B, &ADMIN, "c", NULL, &st), 0);
	int64_t tcid = tc_rec->id;
	store_tenant_free(tc_rec);
	struct broker_caller A = tenant_caller("alice", ta), Bc = tenant_caller("bob", tb),
			     C = tenant_caller("carol", tcid);
	store_job *j = alloc_as(&A, "mine", 10, STORE_PROV_THICK, POOL0, 0);
	bfx_expect_succeeded(j);
	char v[32], jid[32];
	snprintf(v, sizeof(v), "%" PRId64, bfx_result_int(j, "volume_id"));
	snprintf(jid, sizeof(jid), "%" PRId64, j->id);
	store_job_free(j);
	int luns = fake_lun_count(&FA);

	store_volume *vol = NULL;
	refused(broker_get_storage_volume(&vol, B, &Bc, v, &st), SLGW_NOT_FOUND);
	char msg_other[512];
	snprintf(msg_other, sizeof(msg_other), "%s", st.message);
	refused(broker_get_storage_volume(&vol, B, &Bc, "987654", &st), SLGW_NOT_FOUND);
	/* the same words whether it exists elsewhere or nowhere */
	char expect[64];
	snprintf(expect, sizeof(expect), "volume %s not found", v);
	ck_assert_str_eq(msg_other, expect);
	refused(broker_resize_storage(B, &Bc, v, 20, &j, &st), SLGW_NOT_FOUND);
	refused(broker_delete_storage(B, &Bc, v, 1, &j, &st), SLGW_NOT_FOUND);
	refused(broker_get_job(&j, B, &Bc, jid, &st), SLGW_NOT_FOUND);
	ck_assert_int_eq(broker_get_job(&j, B, &A, jid, &st), 0);
	store_job_free(j);
	store_volume *vs = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &Bc, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 0);
	store_volume_array_free(vs, n);
	/* a tenant filter from a tenant is ignored: still only its own */
	struct broker_volume_filter vf = { .tenant_id = "1" };
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &n, &next, B, &Bc, &vf, NULL, &st), 0);
	ck_assert_int_eq((int)n, 0);
	store_volume_array_free(vs, n);
	/* B sees the granted system; C (no grant) does not */
	store_system *sys = NULL;
	ck_assert_int_eq(broker_get_storage_system(&sys, B, &Bc, SYS, &st), 0);
	store_system_free(sys);
	refused(broker_get_storage_system(&sys, B, &C, SYS, &st), SLGW_NOT_FOUND);
	store_system *ss = NULL;
	ck_assert_int_eq(broker_enum_storage_systems(&ss, &n, &next, B, &C, NULL, &st), 0);
	ck_assert_int_eq((int)n, 0);
	store_system_array_free(ss, n);
	ck_assert_int_eq(broker_enum_storage_systems(&ss, &n, &next, B, &Bc, NULL, &st), 0);
	ck_assert_int_eq((int)n, 1);
	store_system_array_free(ss, n);
	/* out of its grants: pool 1 is not granted -> NOT_FOUND */
	ck_assert_ptr_null(alloc_as(&Bc, "x", 10, STORE_PROV_THICK, POOL1, -(int)SLGW_NOT_FOUND));
	ck_assert_ptr_null(alloc_as(&C, "x", 10, STORE_PROV_THICK, POOL0, -(int)SLGW_NOT_FOUND));
	/* admin-only operations */
	store_user *u = NULL;
	refused(broker_add_user(&u, B, &Bc, "eve", "password1", "tenant", "1", &st),
		SLGW_PERMISSION_DENIED);
	store_grant *g = NULL;
	char tbs[32];
	snprintf(tbs, sizeof(tbs), "%" PRId64, tb);
	struct broker_grant_req gr = { .tenant_id = tbs, .system_id = SYS, .pool_id = POOL1,
				       .quota_mb = 10, .allow_thick = 1 };
	refused(broker_grant_storage_pool(&g, B, &Bc, &gr, &st), SLGW_PERMISSION_DENIED);
	refused(broker_refresh_storage_system(B, &Bc, SYS, &j, &st), SLGW_PERMISSION_DENIED);
	/* nothing changed on the array by the refused calls */
	ck_assert_int_eq(fake_lun_count(&FA), luns);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_EXPAND), 0);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_DESTROY), 0);
}
END_TEST

START_TEST(test_tenants_users_audit)
{
	add_system();
	store_tenant *t1 = NULL, *t2 = NULL;
	ck_assert_int_eq(broker_add_tenant(&t1, B, &ADMIN, "pool-a", "XenServer pool A", &st), 0);
	ck_assert_int_eq(broker_add_tenant(&t2, B, &ADMIN, "pool-a", "XenServer pool A", &st), 0);
	ck_assert_int_eq(t1->id, t2->id);
	store_tenant_free(t2);
	refused(broker_add_tenant(&t2, B, &ADMIN, "pool-a", "other", &st), SLGW_ALREADY_EXISTS);
	char tid[32];
	snprintf(tid, sizeof(tid), "%" PRId64, t1->id);
	int64_t tnum = t1->id;
	store_tenant_free(t1);

	store_user *u = NULL;
	refused(broker_add_user(&u, B, &ADMIN, "xs", "short", "tenant", tid, &st),
		SLGW_INVALID_ARGUMENT);
	refused(broker_add_user(&u, B, &ADMIN, "xs", "long-enough", "tenant", NULL, &st),
		SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_add_user(&u, B, &ADMIN, "xs", "long-enough", "tenant", tid, &st), 0);
	ck_assert_int_eq(u->tenant_id, tnum);
	store_user_free(u);
	refused(broker_add_user(&u, B, &ADMIN, "xs", "long-enough", "tenant", tid, &st),
		SLGW_ALREADY_EXISTS);

	ck_assert_int_eq(broker_authenticate(&u, B, "xs", "long-enough", &st), 0);
	ck_assert_int_eq(u->role, STORE_ROLE_TENANT);
	store_user_free(u);
	refused(broker_authenticate(&u, B, "xs", "wrong-password", &st), SLGW_UNAUTHENTICATED);
	char wrong_msg[512];
	snprintf(wrong_msg, sizeof(wrong_msg), "%s", st.message);
	ck_assert_int_lt(broker_authenticate(&u, B, "nobody", "long-enough", &st), 0);
	ck_assert_str_eq(st.message, wrong_msg);

	struct broker_caller xs = tenant_caller("xs", tnum);
	ck_assert_int_eq(broker_set_password(B, &xs, "xs", "new-password", &st), 0);
	ck_assert_int_eq(broker_authenticate(&u, B, "xs", "new-password", &st), 0);
	store_user_free(u);
	refused(broker_set_password(B, &xs, "root", "new-password", &st), SLGW_NOT_FOUND);

	/* remove tenant refused while it has a user */
	refused(broker_remove_tenant(B, &ADMIN, tid, &st), SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "xs"));

	/* audit: allowed and refused calls, scoped enumeration */
	ck_assert_int_eq(broker_audit(B, &xs, "allocateStorage", "volume/1", SLGW_OK, NULL), 0);
	ck_assert_int_eq(broker_audit(B, &xs, "addUser", NULL, SLGW_PERMISSION_DENIED,
				      "addUser needs the admin role"), 0);
	ck_assert_int_eq(broker_audit(B, &ADMIN, "addTenant", "tenant/1", SLGW_OK, NULL), 0);
	store_audit *au = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_audit(&au, &n, &next, B, &ADMIN, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 3);
	ck_assert_str_eq(au[1].outcome, "PERMISSION_DENIED");
	ck_assert_str_eq(au[1].tenant, "pool-a");
	store_audit_array_free(au, n);
	ck_assert_int_eq(broker_enum_audit(&au, &n, &next, B, &xs, NULL, NULL, &st), 0);
	ck_assert_int_eq((int)n, 2);
	store_audit_array_free(au, n);
	struct broker_audit_filter af = { .operation = "add" };
	ck_assert_int_eq(broker_enum_audit(&au, &n, &next, B, &ADMIN, &af, NULL, &st), 0);
	ck_assert_int_eq((int)n, 2);
	store_audit_array_free(au, n);
	af.operation = NULL;
	af.since = time(NULL) + 3600;
	ck_assert_int_eq(broker_enum_audit(&au, &n, &next, B, &ADMIN, &af, NULL, &st), 0);
	ck_assert_int_eq((int)n, 0);
	store_audit_array_free(au, n);

	/* users: an admin cannot remove itself; a removed user cannot log in */
	refused(broker_remove_user(B, &ADMIN, "root", &st), SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(broker_remove_user(B, &ADMIN, "xs", &st), 0);
	ck_assert_int_lt(broker_authenticate(&u, B, "xs", "new-password", &st), 0);
	ck_assert_int_eq(broker_remove_tenant(B, &ADMIN, tid, &st), 0);
	refused(broker_remove_tenant(B, &ADMIN, tid, &st), SLGW_NOT_FOUND);
}
END_TEST

/* ------------------------------------------------------ crash recovery */

/* Leaves an allocate job as a crash would: volume reserved, job running
 * at `step` (NULL = none).  Returns the volume id. */
static int64_t crashed_allocate(const char *name, const char *step, int64_t *job_id)
{
	store_volume rec = { .name = (char *)name, .system_id = atoll(SYS), .pool_id = atoll(POOL0),
			     .size_mb = 64, .prov = STORE_PROV_THICK, .clone_kind = STORE_CLONE_NONE };
	int64_t vid = 0;
	ck_assert_int_eq(store_volume_reserve(&vid, S, &rec), 0);
	char lun[64];
	oname(lun, sizeof(lun), BROKER_NAME_LUN, vid);
	store_volume_set_array(S, vid, -1, lun, NULL);
	char params[512];
	snprintf(params, sizeof(params),
		 "{\"volume_id\":%" PRId64 ",\"system_id\":%s,\"pool_id\":%s,\"pool_array_id\":0,"
		 "\"size_mb\":64,\"thin\":false,\"lun_name\":\"%s\"}", vid, SYS, POOL0, lun);
	*job_id = bfx_crashed_job(S, "volume.allocate", vid, params, step);
	return vid;
}

START_TEST(test_crash_reconciliation)
{
	add_system();
	/* the "crash": the broker goes away, then jobs are left behind */
	broker_free(B);
	B = NULL;
	int64_t j_adopt, j_retry, j_fresh;
	int64_t v_adopt = crashed_allocate("adopt-me", "lun-create-sent", &j_adopt);
	int64_t v_retry = crashed_allocate("retry-me", "lun-create-sent", &j_retry);
	int64_t v_fresh = crashed_allocate("fresh", NULL, &j_fresh);
	char lun[64];
	oname(lun, sizeof(lun), BROKER_NAME_LUN, v_adopt);
	int adopted_id = fake_add_lun(&FA, lun, 64); /* the create landed */
	char orphan[64], orphan_dst[64], theirs[64], theirs_dst[64];
	oname(orphan, sizeof(orphan), BROKER_NAME_LUN, 99999);
	fake_add_lun(&FA, orphan, 10);              /* ours, but nobody knows it */
	oname(orphan_dst, sizeof(orphan_dst), BROKER_NAME_DST, 99998);
	fake_add_lun(&FA, orphan_dst, 10);          /* a clone target left over */
	fake_add_lun(&FA, "someone-elses", 10);     /* not named like ours */
	fake_add_lun(&FA, "slgw-99997", 10);        /* from before instance ids */
	/* Another gateway (a staging copy) manages the same array and has
	 * volumes with the same ids: its LUNs are neither adopted nor
	 * reported, even the one named for the volume being recovered. */
	const char *other = strcmp(store_instance_id(S), "0badcafe") ? "0badcafe" : "1badcafe";
	snprintf(theirs, sizeof(theirs), "slgw-%s-%" PRId64, other, v_retry);
	int their_id = fake_add_lun(&FA, theirs, 64);
	snprintf(theirs_dst, sizeof(theirs_dst), "slgw-%s-dst-%" PRId64, other, v_retry);
	fake_add_lun(&FA, theirs_dst, 64);
	/* reserved, then the crash came before its job was written */
	store_volume stale = { .name = "stale", .system_id = atoll(SYS), .pool_id = atoll(POOL0),
			       .size_mb = 64, .prov = STORE_PROV_THICK, .clone_kind = STORE_CLONE_NONE };
	int64_t v_stale = 0;
	ck_assert_int_eq(store_volume_reserve(&v_stale, S, &stale), 0);
	int creates_before = fake_calls(&FA, FA_LUN_CREATE);

	broker_up();

	store_job *j = NULL;
	bfx_expect_job_succeeded(S, j_adopt);
	store_volume *v = NULL;
	ck_assert_int_eq(store_volume_get(&v, S, v_adopt), 0);
	ck_assert_int_eq(v->state, STORE_STATE_READY);
	ck_assert_int_eq((int)v->lun_id, adopted_id);
	store_volume_free(v);

	int64_t others[2] = { j_retry, j_fresh };
	int64_t vols[2] = { v_retry, v_fresh };
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(store_job_get(&j, S, others[i]), 0);
		bfx_expect_succeeded(j);
		store_job_free(j);
		oname(lun, sizeof(lun), BROKER_NAME_LUN, vols[i]);
		ck_assert(fake_has_lun(&FA, lun, NULL));
	}
	/* the adopted LUN was not created again; the two others were */
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE) - creates_before, 2);

	ck_assert_int_eq(store_volume_get(&v, S, v_stale), 0);
	ck_assert_int_eq(v->state, STORE_STATE_DELETED);
	store_volume_free(v);
	/* the recovered volume got its own LUN, not the other gateway's */
	ck_assert_int_eq(store_volume_get(&v, S, v_retry), 0);
	ck_assert_int_ne((int)v->lun_id, their_id);
	ck_assert_str_ne(v->lun_name, theirs);
	store_volume_free(v);
	ck_assert(fake_has_lun(&FA, theirs, NULL)); /* untouched */

	struct broker_orphan *o = NULL;
	size_t n = 0;
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	ck_assert_int_eq((int)n, 2);
	int seen_lun = 0, seen_dst = 0;
	for (size_t i = 0; i < n; i++) {
		seen_lun += strcmp(o[i].lun_name, orphan) == 0;
		seen_dst += strcmp(o[i].lun_name, orphan_dst) == 0;
	}
	ck_assert_int_eq(seen_lun, 1);
	ck_assert_int_eq(seen_dst, 1);
	broker_orphan_array_free(o, n);
	/* reported, never deleted */
	ck_assert(fake_has_lun(&FA, orphan, NULL));
	ck_assert(fake_has_lun(&FA, orphan_dst, NULL));
	struct broker_metrics *m = NULL;
	ck_assert_int_eq(broker_metrics_get(&m, B, &st), 0);
	ck_assert_int_eq((int)m->orphans, 2);
	ck_assert_int_eq((int)m->jobs_queued + (int)m->jobs_running, 0);
	ck_assert_int_ge((int)m->jobs_succeeded, 4);
	ck_assert_int_gt((int)m->n_cmds, 0);
	broker_metrics_free(m);
}
END_TEST

START_TEST(test_crash_unknown_step_default_and_array_down)
{
	add_system();
	int64_t vid = alloc_ok(&ADMIN, "shrinkme", 100);
	broker_free(B);
	B = NULL;
	/* a resize interrupted after the expand was sent: recovery grows it */
	char params[256];
	snprintf(params, sizeof(params), "{\"volume_id\":%" PRId64 ",\"new_size_mb\":150,"
		 "\"old_size_mb\":100}", vid);
	int64_t resize_id = bfx_crashed_job(S, "volume.resize", vid, params, "lun-expand-sent");
	store_job *j = NULL;
	/* an unknown kind is failed, not left hanging */
	store_job ur = { .kind = "martian.op", .state = STORE_JOB_RUNNING, .user = "root" };
	ck_assert_int_eq(store_job_start(&j, S, &ur), 0);
	int64_t unknown_id = j->id;
	store_job_free(j);

	broker_up();
	bfx_expect_job_succeeded(S, resize_id);
	char lun[64];
	uint64_t size = 0;
	oname(lun, sizeof(lun), BROKER_NAME_LUN, vid);
	ck_assert(fake_has_lun(&FA, lun, &size));
	ck_assert_int_eq((int)size, 150);
	ck_assert_int_eq(store_job_get(&j, S, unknown_id), 0);
	ck_assert_int_eq(j->state, STORE_JOB_FAILED);
	ck_assert_str_eq(j->error_code, "INTERNAL");
	store_job_free(j);
}
END_TEST

START_TEST(test_crash_recovery_waits_for_a_dead_array)
{
	add_system();
	broker_free(B);
	B = NULL;
	int64_t jid;
	int64_t vid = crashed_allocate("later", "lun-create-sent", &jid);
	fake_set_unreachable(&FA, 1);
	broker_up(); /* returns: recovery does not block on the dead array */
	store_job *j = NULL;
	ck_assert_int_eq(store_job_get(&j, S, jid), 0);
	ck_assert(!STORE_JOB_TERMINAL(j->state)); /* queued again for a retry */
	store_job_free(j);
	/* the API answers meanwhile */
	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	store_volume *vol = NULL;
	ck_assert_int_eq(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), 0);
	ck_assert_int_eq(vol->state, STORE_STATE_CREATING);
	store_volume_free(vol);
	fake_set_unreachable(&FA, 0);
	ck_assert_int_eq(broker_job_wait(&j, B, jid, 20000, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	char lun[64];
	oname(lun, sizeof(lun), BROKER_NAME_LUN, vid);
	ck_assert(fake_has_lun(&FA, lun, NULL));
	ck_assert_int_eq(fake_lun_count(&FA), 1);
}
END_TEST

/* The orphan scan knows every kind of LUN this gateway makes: a clone's
 * SMP and migration target are accounted for while the clone is being
 * made, and reported (never deleted) once the store has let go of it. */
START_TEST(test_orphan_scan_kinds)
{
	add_system();
	int64_t parent = alloc_ok(&ADMIN, "golden", 100);
	store_volume rec = { .name = "full-copy", .system_id = atoll(SYS), .pool_id = atoll(POOL0),
			     .size_mb = 100, .prov = STORE_PROV_THICK, .parent_volume_id = parent,
			     .clone_kind = STORE_CLONE_FULL };
	int64_t cid = 0;
	ck_assert_int_eq(store_volume_reserve(&cid, S, &rec), 0);
	char smp[64], dst[64];
	oname(smp, sizeof(smp), BROKER_NAME_LUN, cid);
	oname(dst, sizeof(dst), BROKER_NAME_DST, cid);
	fake_add_lun(&FA, smp, 100);
	fake_add_lun(&FA, dst, 100);
	struct broker_orphan *o = NULL;
	size_t n = 0;
	ck_assert_int_eq(broker_scan_orphans(B, atoll(SYS), &st), 0);
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	ck_assert_int_eq((int)n, 0); /* the clone is being made */
	broker_orphan_array_free(o, n);

	/* the clone failed and the store let go, but its objects stayed */
	ck_assert_int_eq(store_volume_set_state(S, cid, STORE_STATE_DELETED), 0);
	ck_assert_int_eq(broker_scan_orphans(B, atoll(SYS), &st), 0);
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	ck_assert_int_eq((int)n, 2);
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(o[i].system_id, SYS);
		ck_assert_msg(strcmp(o[i].lun_name, smp) == 0 || strcmp(o[i].lun_name, dst) == 0,
			      "unexpected orphan %s", o[i].lun_name);
	}
	ck_assert_str_ne(o[0].lun_name, o[1].lun_name);
	broker_orphan_array_free(o, n);
	ck_assert(fake_has_lun(&FA, smp, NULL));
	ck_assert(fake_has_lun(&FA, dst, NULL));

	/* a migration target of a READY volume is left over too */
	char pdst[64];
	oname(pdst, sizeof(pdst), BROKER_NAME_DST, parent);
	fake_add_lun(&FA, pdst, 100);
	ck_assert_int_eq(broker_scan_orphans(B, atoll(SYS), &st), 0);
	ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
	ck_assert_int_eq((int)n, 3);
	broker_orphan_array_free(o, n);
}
END_TEST

/* A volume reserved before instance ids recorded "slgw-<id>": recovery
 * adopts the LUN under that recorded name, and delete destroys it. */
START_TEST(test_crash_legacy_name_adopted)
{
	add_system();
	broker_free(B);
	B = NULL;
	int64_t jid;
	int64_t vid = crashed_allocate("old-one", "lun-create-sent", &jid);
	char legacy[64];
	snprintf(legacy, sizeof(legacy), "slgw-%" PRId64, vid);
	ck_assert_int_eq(store_volume_set_array(S, vid, -1, legacy, NULL), 0);
	int lid = fake_add_lun(&FA, legacy, 64);
	int creates_before = fake_calls(&FA, FA_LUN_CREATE);
	broker_up();
	store_job *j = NULL;
	bfx_expect_job_succeeded(S, jid);
	ck_assert_int_eq(fake_calls(&FA, FA_LUN_CREATE), creates_before);
	store_volume *v = NULL;
	ck_assert_int_eq(store_volume_get(&v, S, vid), 0);
	ck_assert_int_eq((int)v->lun_id, lid);
	ck_assert_str_eq(v->lun_name, legacy);
	store_volume_free(v);
	char vs[32];
	snprintf(vs, sizeof(vs), "%" PRId64, vid);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, vs, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert(!fake_has_lun(&FA, legacy, NULL));
}
END_TEST

/* ------------------------------------------------------------ navisim */

#ifdef NAVISIM_BIN
/* Creates navisim array "sim1" in a NAVISIM_HOME under the test dir. */
static void navisim_array(void)
{
	char home[300];
	snprintf(home, sizeof(home), "%s/navisim", dir);
	ck_assert_int_eq(mkdir(home, 0700), 0);
	setenv("NAVISIM_HOME", home, 1);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *argv[] = { NAVISIM_BIN, "--admin", "create-array", "--name", "sim1",
				 "--spa", "10.1.0.1", "--spb", "10.1.0.2", "--pools", "2",
				 "--pool-gb", "100", NULL };
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, 1);
		execv(NAVISIM_BIN, argv);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A broker on store s driving navisim through the real VNX adapter. */
static broker *navisim_broker(store *s)
{
	struct broker_config cfg;
	broker_config_init(&cfg);
	cfg.workers = 4;
	cfg.naviseccli_path = NAVISIM_BIN;
	cfg.command_timeout_s = 30;
	broker *nb = NULL;
	struct broker_status ns;
	if (broker_new(&nb, s, &cfg, &ns) || broker_start(nb, &ns))
		return NULL;
	return nb;
}

/* Replaces the fake-array broker by one on the real VNX adapter and
 * navisim, and adds navisim's "sim1" through it; SYS and POOL0 name it and
 * its first pool. */
static void navisim_world(void)
{
	broker_free(B);
	B = NULL;
	navisim_array();
	B = navisim_broker(S);
	ck_assert_ptr_nonnull(B);
	ck_assert_int_eq(broker_wait_reconciled(B, 20000), 0);

	struct broker_system_add_req req = { .adapter = "vnx", .name = "sim1", .spa = "10.1.0.1",
					     .spb = "10.1.0.2", .username = "admin",
					     .password = "secret-pw" };
	store_job *j = NULL;
	ck_assert_int_eq(broker_add_storage_system(B, &ADMIN, &req, &j, &st), 0);
	bfx_expect_succeeded(j);
	snprintf(SYS, sizeof(SYS), "%" PRId64, bfx_result_int(j, "system_id"));
	store_job_free(j);
	struct broker_pool_info *pi = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_storage_pools(&pi, &n, &next, B, &ADMIN, SYS, NULL, &st), 0);
	ck_assert_int_ge((int)n, 1);
	snprintf(POOL0, sizeof(POOL0), "%" PRId64, pi[0].pool->id);
	broker_pool_info_array_free(pi, n);
}

START_TEST(test_navisim_end_to_end)
{
	if (access(NAVISIM_BIN, X_OK) != 0)
		return;
	/* this case uses the real VNX adapter: a broker without the fake */
	navisim_world();

	/* commands spent by one allocation, from the adapter's counters */
	struct broker_metrics *m0 = NULL, *m1 = NULL;
	ck_assert_int_eq(broker_metrics_get(&m0, B, &st), 0);
	int64_t vid = alloc_ok(&ADMIN, "sim-disk", 1024);
	ck_assert_int_eq(broker_metrics_get(&m1, B, &st), 0);
	uint64_t c0 = 0, c1 = 0;
	for (size_t i = 0; i < m0->n_cmds; i++)
		c0 += m0->cmds[i].count;
	for (size_t i = 0; i < m1->n_cmds; i++)
		c1 += m1->cmds[i].count;
	ck_assert_msg(c1 - c0 >= 1 && c1 - c0 <= 2, "allocation took %" PRIu64 " commands",
		      c1 - c0);
	fprintf(stderr, "navisim: one allocation took %" PRIu64 " array commands\n", c1 - c0);
	broker_metrics_free(m0);
	broker_metrics_free(m1);

	/* navisim has the ThinProvisioning enabler: THIN works */
	store_job *tj = alloc_as(&ADMIN, "sim-thin", 512, STORE_PROV_THIN, POOL0, 0);
	bfx_expect_succeeded(tj);
	store_job_free(tj);

	char v[32];
	snprintf(v, sizeof(v), "%" PRId64, vid);
	store_volume *vol = NULL;
	ck_assert_int_eq(broker_get_storage_volume(&vol, B, &ADMIN, v, &st), 0);
	ck_assert_int_ge((int)vol->lun_id, 0);
	ck_assert_ptr_nonnull(vol->wwn);
	store_volume_free(vol);
	store_job *j = NULL;
	char *next = NULL;
	ck_assert_int_eq(broker_resize_storage(B, &ADMIN, v, 2048, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_lt(broker_remove_storage_system(B, &ADMIN, SYS, &j, &st), 0);
	ck_assert_int_eq(st.code, SLGW_FAILED_PRECONDITION); /* sim-thin is still there */
	store_volume *vs = NULL;
	size_t nv = 0;
	struct broker_volume_filter vf = { .name_prefix = "sim-thin" };
	ck_assert_int_eq(broker_enum_storage_volumes(&vs, &nv, &next, B, &ADMIN, &vf, NULL, &st), 0);
	ck_assert_int_eq((int)nv, 1);
	ck_assert_int_eq(vs[0].prov, STORE_PROV_THIN);
	snprintf(v, sizeof(v), "%" PRId64, vs[0].id);
	store_volume_array_free(vs, nv);
	ck_assert_int_eq(broker_delete_storage(B, &ADMIN, v, 0, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
	ck_assert_int_eq(broker_remove_storage_system(B, &ADMIN, SYS, &j, &st), 0);
	bfx_expect_succeeded(j);
	store_job_free(j);
}
END_TEST

/* The child: its own store handle and broker, allocating and deleting
 * until it is killed.  Never returns. */
static void crash_child(const char *db, int round)
{
	setpgid(0, 0);
	char err[256];
	store *cs = NULL;
	if (store_open(&cs, db, err, sizeof(err)))
		_exit(3);
	broker *cb = navisim_broker(cs);
	if (!cb)
		_exit(4);
	struct broker_caller c = ADMIN;
	for (int i = 0;; i++) {
		char name[64];
		snprintf(name, sizeof(name), "r%d-v%d", round, i);
		struct broker_allocate_req req = { .system_id = SYS, .pool_id = POOL0, .name = name,
						   .size_mb = 64, .provisioning = STORE_PROV_THICK };
		store_job *j = NULL;
		struct broker_status cst;
		broker_allocate_storage(cb, &c, &req, &j, &cst);
		if (j && i % 2 == 1) {
			/* delete every other one right away */
			char v[32];
			snprintf(v, sizeof(v), "%" PRId64, bfx_result_int(j, "volume_id"));
			store_job *d = NULL;
			broker_delete_storage(cb, &c, v, 0, &d, &cst);
			store_job_free(d);
		}
		store_job_free(j);
	}
}

/* Store and array agree exactly: every job finished, every ready volume's
 * LUN on the array, no LUN of a deleted volume left, no unknown LUN with
 * this gateway's name. */
static void check_agree(void)
{
	store_job *jobs = NULL;
	size_t nj = 0;
	ck_assert_int_eq(store_job_list_unfinished(&jobs, &nj, S), 0);
	ck_assert_msg(nj == 0, "%zu jobs unfinished after recovery", nj);
	store_job_array_free(jobs, nj);

	struct slgw_adapter *a = broker_adapter_for(B, SYS, &st);
	ck_assert_ptr_nonnull(a);
	struct slgw_lun *luns = NULL;
	size_t nl = 0;
	struct slgw_adapter_error err;
	ck_assert_int_eq(a->ops->lun_list(&luns, &nl, a, &err), 0);
	store_filter f = { .include_deleted = 1 };
	store_volume *vs = NULL;
	size_t nv = 0;
	ck_assert_int_eq(store_volume_list(&vs, &nv, S, &f), 0);
	for (size_t i = 0; i < nv; i++) {
		char name[64];
		oname(name, sizeof(name), BROKER_NAME_LUN, vs[i].id);
		int on_array = 0;
		for (size_t k = 0; k < nl; k++)
			if (strcmp(luns[k].name, name) == 0)
				on_array = 1;
		ck_assert_msg(vs[i].state == STORE_STATE_READY || vs[i].state == STORE_STATE_DELETED,
			      "volume %s left %s", vs[i].name, store_state_name(vs[i].state));
		ck_assert_msg(on_array == (vs[i].state == STORE_STATE_READY),
			      "volume %s is %s but its LUN is %s the array", vs[i].name,
			      store_state_name(vs[i].state), on_array ? "on" : "not on");
	}
	for (size_t k = 0; k < nl; k++) {
		int64_t id = 0;
		enum broker_name_kind kind;
		if (!broker_name_parse(&kind, &id, luns[k].name, store_instance_id(S)))
			continue;
		ck_assert_msg(kind == BROKER_NAME_LUN, "LUN %s left on the array", luns[k].name);
		int known = 0;
		for (size_t i = 0; i < nv; i++)
			if (vs[i].id == id && vs[i].state == STORE_STATE_READY)
				known = 1;
		ck_assert_msg(known, "LUN %s leaked on the array", luns[k].name);
	}
	store_volume_array_free(vs, nv);
	slgw_lun_array_free(luns, nl);
}

START_TEST(test_navisim_sigkill)
{
	if (access(NAVISIM_BIN, X_OK) != 0)
		return;
	navisim_world();
	broker_free(B);
	B = NULL;

	char db[300];
	snprintf(db, sizeof(db), "%s/store.db", dir);
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	int total = 0;
	for (int round = 0; round < 5; round++) {
		pid_t pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			crash_child(db, round);
		usleep(300000 + (useconds_t)(rand_r(&seed) % 1200) * 1000);
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		int status;
		waitpid(pid, &status, 0);
		/* array commands the child started run in their own process
		 * group and may still land: let them finish first */
		usleep(700000);
		B = navisim_broker(S);
		ck_assert_ptr_nonnull(B);
		ck_assert_int_eq(broker_wait_reconciled(B, 60000), 0);
		check_agree();
		struct broker_orphan *o = NULL;
		size_t n = 0;
		ck_assert_int_eq(broker_enum_orphans(&o, &n, B, &ADMIN, &st), 0);
		ck_assert_int_eq((int)n, 0);
		broker_orphan_array_free(o, n);
		broker_free(B);
		B = NULL;
		store_stats ss;
		store_stats_get(&ss, S);
		total = (int)ss.jobs_succeeded + (int)ss.jobs_failed;
	}
	fprintf(stderr, "sigkill: 5 kills, %d jobs finished, store and array agree\n", total);
	ck_assert_int_gt(total, 4);
}
END_TEST
#endif


/* ------------------------------------------------------------ adapters */

/* With no naviseccli path configured the broker uses the standard
 * naviseccli, never a navisim that happens to sit beside the executable
 * (bin/ holds one next to this test); and it finds families through the
 * registry by the system's adapter name. */
START_TEST(test_default_cli_and_registry)
{
	ck_assert_str_eq(B->naviseccli_default, "/opt/Navisphere/bin/naviseccli");

	B->adapter_factory = NULL;
	store_system rec = { 0 };
	int64_t id_vnx = 0, id_other = 0, cred_id = 0;
	store_credential cred = { .name = "reg-cred", .user = "admin", .password = "secret" };
	ck_assert_int_eq(store_credential_insert(&cred_id, S, &cred), 0);
	rec.credential_id = cred_id;
	rec.name = "reg-vnx";
	rec.adapter = "vnx";
	rec.spa = "10.0.0.1";
	ck_assert_int_eq(store_system_insert(&id_vnx, S, &rec), 0);
	rec.name = "reg-other";
	rec.adapter = "no-such-family";
	ck_assert_int_eq(store_system_insert(&id_other, S, &rec), 0);

	/* created by the registry; nothing is sent to the array yet */
	ck_assert_msg(broker_adapter_get(B, id_vnx, &st) != NULL, "%s", st.message);
	ck_assert_ptr_null(broker_adapter_get(B, id_other, &st));
	ck_assert_int_eq(st.code, SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "no-such-family"));
	B->adapter_factory = bfx_factory;
}
END_TEST

static Suite *broker_suite(void)
{
	Suite *s = suite_create("broker");
	const struct suite_test cases[] = {
		{ "systems", test_system_add_discovers },
		{ "system_unreachable", test_system_add_unreachable_not_registered },
		{ "system_add_race", test_system_add_concurrent_one_system },
		{ "remove_system", test_remove_system_refused_with_volumes },
		{ "allocate", test_allocate_lifecycle },
		{ "idempotency", test_request_id_and_name_idempotency },
		{ "aborted", test_aborted_while_in_flight },
		{ "resize", test_resize_rules },
		{ "delete", test_delete_rules },
		{ "lun_reuse", test_reused_lun_number_is_never_touched },
		{ "pool_full", test_pool_full_gives_the_reservation_back },
		{ "id_floors", test_ids_move_past_the_arrays_names },
		{ "no_adopt", test_fresh_allocation_never_adopts_a_taken_name },
		{ "tenant_jobs", test_a_new_tenant_never_sees_a_removed_tenants_jobs },
		{ "enablers_space", test_thin_enabler_and_pool_space },
		{ "array_down", test_array_down_fails_cleanly_and_api_answers },
		{ "quota", test_quota_refusal },
		{ "quota_race", test_quota_race_exactly_ten },
		{ "scoping", test_tenant_scoping },
		{ "same_name_race", test_same_name_race_one_volume },
		{ "delegation", test_tenants_users_audit },
		{ "crash", test_crash_reconciliation },
		{ "crash_resize", test_crash_unknown_step_default_and_array_down },
		{ "crash_array_down", test_crash_recovery_waits_for_a_dead_array },
		{ "orphan_kinds", test_orphan_scan_kinds },
		{ "crash_legacy_name", test_crash_legacy_name_adopted },
		{ "default_cli", test_default_cli_and_registry },
#ifdef NAVISIM_BIN
		{ "navisim", test_navisim_end_to_end },
		{ "sigkill", test_navisim_sigkill },
#endif
	};
	SUITE_ADD_EACH(s, setup, teardown, 120, cases);
	return s;
}

int main(void)
{
	return suite_run(broker_suite());
}
