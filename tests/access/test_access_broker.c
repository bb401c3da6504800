/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_access_broker.c - hosts, assignments, snapshots and clones through the broker's public API and job
 * engine (broker.h), on a real store and the counting fake array plugged in
 * with the broker's adapter-factory hook: validation before any job,
 * idempotency by name, tenant scoping, the refusals with their codes, and
 * concurrent callers getting identical answers.
 */
#include "access_fixture.h"
#include "broker_internal.h"
#include "fake_adapter.h"

#include <check.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../common/suite_one.h"

static broker *B;
static struct fake_adapter FA;
static int64_t tenant_a, tenant_b;
static const struct broker_caller ADMIN = { .user = "admin", .is_admin = 1, .wait_ms = 20000 };

static int factory(struct slgw_adapter **out, void *ctx, const store_system *sys,
		   struct broker_status *s)
{
	(void)ctx;
	(void)sys;
	(void)s;
	*out = &FA.base;
	return 0;
}

static void setup(void)
{
	store_system sys = { .name = "vnx1", .adapter = "vnx", .spa = "10.0.0.1",
			     .spb = "10.0.0.2", .model = "VNX5300", .revision = "05.32.000.5.201",
			     .failover_policy = STORE_FAILOVER_AUTO };
	store_tenant ta = { .name = "pool-a" }, tb = { .name = "pool-b" };
	struct broker_config cfg;

	fake_adapter_init(&FA, SLGW_CAP_THICK | SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS |
			       SLGW_CAP_CLONE_SMP | SLGW_CAP_CLONE_MIGRATE | SLGW_CAP_ALUA |
			       SLGW_CAP_ISCSI);
	/* The engines run inside the broker here; the fixture's env goes unused. */
	access_fixture_open("slgw-accessb-", &FA.base, fake_lun_make, &FA, 1);
	access_add_system(&sys, "fake", 1);
	ck_assert_int_eq(store_tenant_insert(&tenant_a, S, &ta), 0);
	ck_assert_int_eq(store_tenant_insert(&tenant_b, S, &tb), 0);

	broker_config_init(&cfg);
	cfg.workers = 4;
	ck_assert_int_eq(broker_new(&B, S, &cfg, &st), 0);
	B->adapter_factory = factory;
	ck_assert_msg(broker_start(B, &st) == 0, "%s", st.message);
	memset(&st, 0, sizeof(st));
}

static void teardown(void)
{
	broker_free(B);
	access_fixture_close();
	fake_adapter_destroy(&FA);
}

static char *idstr(int64_t id)
{
	static __thread char buf[4][32];
	static __thread int k;
	char *p = buf[k++ & 3];
	snprintf(p, 32, "%" PRId64, id);
	return p;
}

/* Run an API call's job to the end and return its result (or NULL). */
static json_t *job_result(store_job *job, const char *want_state)
{
	ck_assert_ptr_nonnull(job);
	ck_assert_msg(strcmp(store_job_state_name(job->state), want_state) == 0,
		      "job %s: %s (%s: %s)", job->kind, store_job_state_name(job->state),
		      job->error_code ? job->error_code : "", job->error_message ? job->error_message : "");
	json_t *r = job->result ? json_loads(job->result, 0, NULL) : NULL;
	return r;
}

/* An API call that must have queued its job (rc 0), and the job must
 * succeed; the job is freed (its result too). */
static void job_succeeds(int rc, store_job **jobp)
{
	ck_assert_msg(rc == 0, "no job: %d %s", rc, st.message);
	json_decref(job_result(*jobp, "succeeded"));
	store_job_free(*jobp);
}

/* Assigns volume v to host h through a job that must succeed; its result. */
static json_t *assigned(int64_t v, int64_t h)
{
	store_job *job = NULL;
	json_t *r;

	ck_assert_int_eq(broker_assign_storage(B, &ADMIN, idstr(v), idstr(h), &job, &st), 0);
	r = job_result(job, "succeeded");
	store_job_free(job);
	return r;
}

static int64_t add_host(const struct broker_caller *c, const char *name, const char *iqn)
{
	const char *inits[] = { iqn };
	struct broker_host_add_req req = { .name = name, .initiators = inits, .n_initiators = 1,
					   .ip = "192.0.2.7",
					   .failover_mode = STORE_FAILOVER_AUTO };
	store_job *job = NULL;
	ck_assert_msg(broker_add_host(B, c, &req, &job, &st) == 0, "%s", st.message);
	json_t *r = job_result(job, "succeeded");
	int64_t id = json_integer_value(json_object_get(r, "host_id"));
	json_decref(r);
	store_job_free(job);
	ck_assert_int_gt(id, 0);
	return id;
}

START_TEST(add_host_validates_before_any_job)
{
	const char *bad[] = { "iqn.2006-4.com.example:x" };
	struct broker_host_add_req req = { .name = "xen1", .initiators = bad, .n_initiators = 1 };
	store_job *job = NULL;
	ck_assert_int_eq(broker_add_host(B, &ADMIN, &req, &job, &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_null(job);
	ck_assert_ptr_nonnull(strstr(st.message, "iqn.2006-4.com.example:x"));
	const char *good[] = { "iqn.2006-04.com.example:x" };
	struct broker_host_add_req req2 = { .name = "bad name!", .initiators = good,
					    .n_initiators = 1 };
	ck_assert_int_eq(broker_add_host(B, &ADMIN, &req2, &job, &st), -(int)SLGW_INVALID_ARGUMENT);
	store_job *jobs = NULL;
	size_t n = 9;
	store_filter f = { 0 };
	ck_assert_int_eq(store_job_list(&jobs, &n, S, &f), 0);
	ck_assert_uint_eq(n, 0);
	store_job_array_free(jobs, n);
	/* nothing reached the array (the broker's own orphan scan may list) */
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE) + fake_count(&FA, FOP_PATH_REGISTER) +
			 fake_count(&FA, FOP_HBA_LIST) + fake_count(&FA, FOP_HLU_ADD), 0);
}
END_TEST

START_TEST(add_host_is_idempotent_by_name)
{
	int64_t h1 = add_host(&ADMIN, "xen1", "iqn.2006-04.com.example:xen1");
	int64_t h2 = add_host(&ADMIN, "xen1", "IQN.2006-04.com.example:XEN1"); /* same, normalized */
	ck_assert_int_eq(h1, h2);
	const char *other[] = { "iqn.2006-04.com.example:other" };
	struct broker_host_add_req req = { .name = "xen1", .initiators = other, .n_initiators = 1 };
	store_job *job = NULL;
	ck_assert_int_eq(broker_add_host(B, &ADMIN, &req, &job, &st), -(int)SLGW_ALREADY_EXISTS);
	/* a second host cannot take the first one's initiator */
	const char *same[] = { "iqn.2006-04.com.example:xen1" };
	struct broker_host_add_req req3 = { .name = "xen2", .initiators = same, .n_initiators = 1 };
	ck_assert_int_eq(broker_add_host(B, &ADMIN, &req3, &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "ALREADY_EXISTS");
	store_job_free(job);
	store_host *h = NULL;
	ck_assert_int_eq(store_host_find(&h, S, 0, "xen2"), STORE_ENOTFOUND);
}
END_TEST

START_TEST(assign_through_jobs_and_remove_host_refused_while_assigned)
{
	int64_t h = add_host(&ADMIN, "xen1", "iqn.2006-04.com.example:xen1");
	int64_t v = make_volume("d1", 0);
	store_job *job = NULL;
	json_t *r = assigned(v, h);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "hlu")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "failover_mode")), 4);
	ck_assert_uint_eq(json_array_size(json_object_get(r, "targets")), 2);
	json_decref(r);

	ck_assert_int_eq(broker_remove_host(B, &ADMIN, idstr(h), &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "FAILED_PRECONDITION");
	store_job_free(job);

	ck_assert_int_eq(broker_set_host_failover(B, &ADMIN, idstr(h), STORE_FAILOVER_PNR, 0, &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_ptr_nonnull(strstr(job->error_message, "offline"));
	store_job_free(job);
	job_succeeds(broker_set_host_failover(B, &ADMIN, idstr(h), STORE_FAILOVER_PNR, 1, &job, &st), &job);
	ck_assert_int_eq(fake_count(&FA, FOP_HOST_SET), 1);

	store_assignment *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_assignments(&arr, &n, &next, B, &ADMIN, NULL, idstr(h), NULL, &st), 0);
	ck_assert_uint_eq(n, 1);
	store_assignment_array_free(arr, n);
	free(next);

	job_succeeds(broker_unassign_storage(B, &ADMIN, idstr(v), idstr(h), &job, &st), &job);
	job_succeeds(broker_unassign_storage(B, &ADMIN, idstr(v), idstr(h), &job, &st), &job);
	job_succeeds(broker_remove_host(B, &ADMIN, idstr(h), &job, &st), &job);
	char gname[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_access_group_name(gname, sizeof(gname), S, h), 0);
	ck_assert_ptr_null(fake_group_find(&FA, gname)); /* empty group removed */
	/* removing again succeeds */
	job_succeeds(broker_remove_host(B, &ADMIN, idstr(h), &job, &st), &job);
}
END_TEST

/* A host declared without an address: the assignment is refused before
 * anything reaches the array, with a message naming the field and the
 * operation that sets it; setting it makes the same assignment work. */
START_TEST(host_without_address_is_refused_with_the_fix)
{
	const char *inits[] = { "iqn.2006-04.com.example:noip" };
	struct broker_host_add_req req = { .name = "noip", .initiators = inits, .n_initiators = 1 };
	store_job *job = NULL;
	ck_assert_int_eq(broker_add_host(B, &ADMIN, &req, &job, &st), 0);
	json_t *r = job_result(job, "succeeded");
	int64_t h = json_integer_value(json_object_get(r, "host_id"));
	json_decref(r);
	store_job_free(job);
	int64_t v = make_volume("d1", 0);
	fake_reset_counts(&FA);

	ck_assert_int_eq(broker_assign_storage(B, &ADMIN, idstr(v), idstr(h), &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "FAILED_PRECONDITION");
	ck_assert_ptr_nonnull(strstr(job->error_message, "no IP address"));
	ck_assert_ptr_nonnull(strstr(job->error_message, "hostAddress"));
	ck_assert_ptr_nonnull(strstr(job->error_message, "modifyHost"));
	store_job_free(job);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE) + fake_count(&FA, FOP_PATH_REGISTER) +
			 fake_count(&FA, FOP_HLU_ADD), 0);

	/* validated before any job */
	ck_assert_int_eq(broker_set_host_address(B, &ADMIN, idstr(h), "not-an-ip", &job, &st),
			 -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(broker_set_host_address(B, &ADMIN, idstr(h), "", &job, &st),
			 -(int)SLGW_INVALID_ARGUMENT);
	/* another tenant cannot touch it (nor tell it exists) */
	struct broker_caller cb = { .user = "b", .tenant_id = tenant_b, .wait_ms = 20000 };
	ck_assert_int_eq(broker_set_host_address(B, &cb, idstr(h), "192.0.2.9", &job, &st),
			 -(int)SLGW_NOT_FOUND);

	ck_assert_int_eq(broker_set_host_address(B, &ADMIN, idstr(h), "192.0.2.9", &job, &st), 0);
	json_decref(job_result(job, "succeeded"));
	ck_assert_str_eq(job->kind, "host.address");
	store_job_free(job);
	store_host *hr = NULL;
	ck_assert_int_eq(store_host_get(&hr, S, h), 0);
	ck_assert_str_eq(hr->ip, "192.0.2.9");
	store_host_free(hr);

	json_decref(assigned(v, h));
	ck_assert_int_gt(fake_count(&FA, FOP_PATH_REGISTER), 0);

	/* the same address again is a no-op; another one is refused while
	 * the array's host record holds this one */
	job_succeeds(broker_set_host_address(B, &ADMIN, idstr(h), "192.0.2.9", &job, &st), &job);
	ck_assert_int_eq(broker_set_host_address(B, &ADMIN, idstr(h), "192.0.2.10", &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "FAILED_PRECONDITION");
	ck_assert_ptr_nonnull(strstr(job->error_message, "registered"));
	store_job_free(job);
	ck_assert_int_eq(store_host_get(&hr, S, h), 0);
	ck_assert_str_eq(hr->ip, "192.0.2.9");
	store_host_free(hr);
}
END_TEST

START_TEST(tenants_see_only_their_hosts)
{
	struct broker_caller ca = { .user = "a", .tenant_id = tenant_a, .wait_ms = 20000 };
	struct broker_caller cb = { .user = "b", .tenant_id = tenant_b, .wait_ms = 20000 };
	int64_t h = add_host(&ca, "xen-a", "iqn.2006-04.com.example:a");
	store_host *out = NULL;
	ck_assert_int_eq(broker_get_host(&out, B, &ca, idstr(h), &st), 0);
	store_host_free(out);
	ck_assert_int_eq(broker_get_host(&out, B, &cb, idstr(h), &st), -(int)SLGW_NOT_FOUND);
	store_host *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_hosts(&arr, &n, &next, B, &cb, NULL, &st), 0);
	ck_assert_uint_eq(n, 0);
	store_host_array_free(arr, n);
	ck_assert_int_eq(broker_enum_hosts(&arr, &n, &next, B, &ca, NULL, &st), 0);
	ck_assert_uint_eq(n, 1);
	store_host_array_free(arr, n);
	int64_t v = make_volume("vb", tenant_b);
	store_job *job = NULL;
	ck_assert_int_eq(broker_assign_storage(B, &cb, idstr(v), idstr(h), &job, &st),
			 -(int)SLGW_NOT_FOUND);
	ck_assert_ptr_null(job);
	/* unassigning from a volume that does not exist at all succeeds;
	 * so does it from another tenant's host or volume, the same answer
	 * as for a made-up id (no existence oracle), and it touches nothing */
	job_succeeds(broker_unassign_storage(B, &ca, "99999", idstr(h), &job, &st), &job);
	int64_t va = make_volume("va", tenant_a);
	job_succeeds(broker_assign_storage(B, &ca, idstr(va), idstr(h), &job, &st), &job);
	int removes = fake_count(&FA, FOP_HLU_REMOVE);
	char answer[2][512];
	for (int i = 0; i < 2; i++) {
		char vbuf[32], hbuf[32];
		snprintf(vbuf, sizeof(vbuf), "%s", i ? "99999" : idstr(v));
		snprintf(hbuf, sizeof(hbuf), "%s", idstr(h));
		ck_assert_int_eq(broker_unassign_storage(B, &cb, vbuf, hbuf, &job, &st), 0);
		json_t *r = job_result(job, "succeeded");
		ck_assert_int_eq(json_integer_value(json_object_get(r, "unassigned")), 0);
		json_object_del(r, "volume_id");
		char *txt = json_dumps(r, JSON_SORT_KEYS);
		snprintf(answer[i], sizeof(answer[i]), "%s", txt);
		free(txt);
		json_decref(r);
		store_job_free(job);
	}
	ck_assert_str_eq(answer[0], answer[1]);
	job_succeeds(broker_unassign_storage(B, &cb, idstr(va), idstr(h), &job, &st), &job);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_REMOVE), removes);
	ck_assert_uint_eq(assignments_of(va), 1); /* tenant a's mapping is still there */
}
END_TEST

struct par {
	int64_t vol, host;
	int rc;
	store_job *job;
	struct broker_status st;
};

static void *par_assign(void *arg)
{
	struct par *p = arg;
	p->rc = broker_assign_storage(B, &ADMIN, idstr(p->vol), idstr(p->host), &p->job, &p->st);
	return NULL;
}

START_TEST(eight_callers_same_volume_identical_answers)
{
	int64_t h = add_host(&ADMIN, "xen1", "iqn.2006-04.com.example:xen1");
	int64_t v = make_volume("d1", 0);
	FA.hlu_add_delay_us = 5000;
	struct par p[8];
	pthread_t t[8];
	for (int i = 0; i < 8; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].vol = v;
		p[i].host = h;
		pthread_create(&t[i], NULL, par_assign, &p[i]);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	json_t *first = NULL;
	for (int i = 0; i < 8; i++) {
		ck_assert_msg(p[i].rc == 0, "%s", p[i].st.message);
		json_t *r = job_result(p[i].job, "succeeded");
		if (!first)
			first = r;
		else {
			ck_assert(json_equal(first, r));
			json_decref(r);
		}
		store_job_free(p[i].job);
	}
	json_decref(first);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
}
END_TEST

START_TEST(snapshot_and_linked_clone_through_jobs)
{
	int64_t v = make_volume("golden", 0);
	store_job *job = NULL;
	ck_assert_int_eq(broker_create_snapshot(B, &ADMIN, idstr(v), "s1", &job, &st), 0);
	json_t *r = job_result(job, "succeeded");
	store_job_free(job);
	int64_t sid = json_integer_value(json_object_get(r, "snapshot_id"));
	json_decref(r);
	struct broker_clone_req cr = { .source_snapshot_id = idstr(sid), .name = "vm1",
				       .kind = STORE_CLONE_LINKED };
	ck_assert_int_eq(broker_clone_storage(B, &ADMIN, &cr, &job, &st), 0);
	r = job_result(job, "succeeded");
	store_job_free(job);
	ck_assert_str_eq(json_string_value(json_object_get(r, "clone_kind")), "linked");
	json_decref(r);
	ck_assert_int_eq(broker_delete_snapshot(B, &ADMIN, idstr(sid), &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "FAILED_PRECONDITION");
	store_job_free(job);
	store_snapshot *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	ck_assert_int_eq(broker_enum_snapshots(&arr, &n, &next, B, &ADMIN, idstr(v), NULL, &st), 0);
	ck_assert_uint_eq(n, 1);
	store_snapshot_array_free(arr, n);
	free(next);
	/* a pool id is only for full clones */
	struct broker_clone_req bad = { .source_volume_id = idstr(v), .name = "x",
					.kind = STORE_CLONE_LINKED, .pool_id = idstr(pool_id) };
	ck_assert_int_eq(broker_clone_storage(B, &ADMIN, &bad, &job, &st), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(initiators_added_and_removed_on_registered_arrays)
{
	int64_t h = add_host(&ADMIN, "xen1", "iqn.2006-04.com.example:xen1");
	int64_t v = make_volume("d1", 0);
	store_job *job = NULL;
	json_decref(assigned(v, h));
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 2); /* 1 initiator x 2 ports */
	/* malformed: refused before any job */
	ck_assert_int_eq(broker_add_host_initiator(B, &ADMIN, idstr(h), "iqn.bogus", &job, &st),
			 -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_null(job);
	/* a new initiator is registered at once on the array the host uses */
	job_succeeds(broker_add_host_initiator(B, &ADMIN, idstr(h), "iqn.2006-04.com.example:xen1b",
					       &job, &st), &job);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 4);
	store_host_system *hs = NULL;
	size_t nhs = 0;
	ck_assert_int_eq(broker_access_host_arrays(&hs, &nhs, B, &ADMIN, idstr(h), &st), 0);
	ck_assert_uint_eq(nhs, 1);
	ck_assert_int_eq(hs[0].paths, 4);
	char gname[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_access_group_name(gname, sizeof(gname), S, h), 0);
	ck_assert_str_eq(hs[0].storage_group, gname);
	ck_assert_int_eq(hs[0].failover_applied, STORE_FAILOVER_ALUA);
	store_host_system_array_free(hs, nhs);
	struct broker_caller other = { .user = "b", .tenant_id = tenant_b, .wait_ms = 1000 };
	ck_assert_int_eq(broker_access_host_arrays(&hs, &nhs, B, &other, idstr(h), &st),
			 -(int)SLGW_NOT_FOUND);
	/* the fake array lists no HBAs: every initiator shows as drift */
	json_t *drift = NULL;
	ck_assert_int_eq(broker_access_system_drift(&drift, B, &other, idstr(sys_id), &st),
			 -(int)SLGW_PERMISSION_DENIED);
	ck_assert_int_eq(broker_access_system_drift(&drift, B, &ADMIN, idstr(sys_id), &st), 0);
	ck_assert_uint_eq(json_array_size(drift), 2);
	json_decref(drift);
	/* removing one of two: deregistered on the array */
	job_succeeds(broker_remove_host_initiator(B, &ADMIN, idstr(h), "iqn.2006-04.com.example:xen1",
						  &job, &st), &job);
	ck_assert_int_eq(fake_count(&FA, FOP_HBA_REMOVE), 1);
	/* the last one, while a LUN is assigned: refused */
	ck_assert_int_eq(broker_remove_host_initiator(B, &ADMIN, idstr(h), "iqn.2006-04.com.example:xen1b",
						      &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "FAILED_PRECONDITION");
	store_job_free(job);
	ck_assert_uint_eq(count_initiators(&(store_filter){ .host_id = h }), 1);
}
END_TEST

/* Objects the refusals below must not create: jobs, volumes, snapshots. */
static size_t count_objects(void)
{
	return count_jobs(NULL) + count_volumes(NULL) + count_snapshots(NULL);
}

/* Both clone kinds of `src` by caller c are refused before any job with
 * `code`, the code allocating a volume like it gets; nothing is created. */
static void clone_refused_like_allocate(const struct broker_caller *c, int64_t src,
					const char *pool, enum slgw_code code, const char *words)
{
	store_job *job = NULL;
	size_t before = count_objects();
	struct broker_allocate_req ar = { .system_id = idstr(sys_id), .pool_id = pool,
					  .name = "like-the-source", .size_mb = 1024,
					  .provisioning = STORE_PROV_THICK,
					  .tenant_id = c->is_admin ? idstr(tenant_a) : NULL };
	ck_assert_int_eq(broker_allocate_storage(B, c, &ar, &job, &st), -(int)code);
	ck_assert_ptr_null(job);
	for (int full = 0; full < 2; full++) {
		char own[32];
		snprintf(own, sizeof(own), "%" PRId64, pool_id);
		if (!full && strcmp(pool, own) != 0)
			continue; /* a linked clone has no pool of its own */
		struct broker_clone_req cr = { .source_volume_id = idstr(src), .name = "c",
					       .kind = full ? STORE_CLONE_FULL : STORE_CLONE_LINKED,
					       .pool_id = full ? pool : NULL };
		memset(&st, 0, sizeof(st));
		ck_assert_int_eq(broker_clone_storage(B, c, &cr, &job, &st), -(int)code);
		ck_assert_ptr_null(job);
		ck_assert_msg(strstr(st.message, words), "%s clone: '%s' lacks '%s'",
			      full ? "full" : "linked", st.message, words);
	}
	ck_assert_uint_eq(count_objects(), before);
}

START_TEST(only_an_admin_adopts_an_existing_group)
{
	struct broker_caller ca = { .user = "a", .tenant_id = tenant_a, .wait_ms = 20000 };
	int64_t h = add_host(&ca, "oradb01", "iqn.2006-04.com.example:oradb01");
	int64_t v = make_volume("d1", tenant_a);
	ck_assert_int_eq(fake_add_group(&FA, "oradb01"), 0);
	store_job *job = NULL;
	/* a tenant cannot, whatever its host is called */
	ck_assert_int_eq(broker_adopt_storage_group(B, &ca, idstr(h), idstr(sys_id), "oradb01",
						    &job, &st), -(int)SLGW_PERMISSION_DENIED);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(broker_adopt_storage_group(B, &ADMIN, idstr(h), idstr(sys_id), "~physical",
						    &job, &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_msg(broker_adopt_storage_group(B, &ADMIN, idstr(h), idstr(sys_id), "oradb01",
						 &job, &st) == 0, "%s", st.message);
	json_decref(job_result(job, "succeeded"));
	store_job_free(job);
	job_succeeds(broker_assign_storage(B, &ca, idstr(v), idstr(h), &job, &st), &job);
	ck_assert_int_eq(fake_group_find(&FA, "oradb01")->npaths, 2);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), 0);
	ck_assert_str_eq(hs->storage_group, "oradb01");
	store_host_system_free(hs);
}
END_TEST

/* The commands a registration or a mapping sends (the broker's own
 * background scans list LUNs and groups meanwhile: not counted). */
static int access_commands(void)
{
	return fake_count(&FA, FOP_SG_CREATE) + fake_count(&FA, FOP_PATH_REGISTER) +
	       fake_count(&FA, FOP_HBA_LIST) + fake_count(&FA, FOP_HLU_ADD) +
	       fake_count(&FA, FOP_LUN_GET) + fake_count(&FA, FOP_HOST_SET);
}

/* prepareHost through the API: scoped like every host call, a job whose
 * result names the group, idempotent, and it leaves the first assignment
 * the LUN confirm and -addhlu. */
START_TEST(prepare_host_through_jobs_then_the_first_assign_costs_two)
{
	struct broker_caller ca = { .user = "a", .tenant_id = tenant_a, .wait_ms = 20000 };
	struct broker_caller cb = { .user = "b", .tenant_id = tenant_b, .wait_ms = 20000 };
	int64_t h = add_host(&ca, "xen-a", "iqn.2006-04.com.example:a");
	int64_t hb = add_host(&cb, "xen-b", "iqn.2006-04.com.example:b");
	int64_t v = make_volume("d1", tenant_a); /* grants tenant a the pool */
	store_job *job = NULL;
	/* another tenant's host, and a system without a pool granted to the
	 * caller: NOT_FOUND, no job */
	ck_assert_int_eq(broker_prepare_host(B, &cb, idstr(h), idstr(sys_id), &job, &st),
			 -(int)SLGW_NOT_FOUND);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(broker_prepare_host(B, &cb, idstr(hb), idstr(sys_id), &job, &st),
			 -(int)SLGW_NOT_FOUND);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(access_commands(), 0);
	ck_assert_msg(broker_prepare_host(B, &ca, idstr(h), idstr(sys_id), &job, &st) == 0, "%s",
		      st.message);
	ck_assert_str_eq(job->kind, "host.prepare");
	json_t *r = job_result(job, "succeeded");
	store_job_free(job);
	char gname[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_access_group_name(gname, sizeof(gname), S, h), 0);
	ck_assert_str_eq(json_string_value(json_object_get(r, "storage_group")), gname);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "paths")), 2);
	json_decref(r);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 0);
	/* again: nothing sent */
	fake_reset_counts(&FA);
	job_succeeds(broker_prepare_host(B, &ca, idstr(h), idstr(sys_id), &job, &st), &job);
	ck_assert_int_eq(access_commands(), 0);
	job_succeeds(broker_assign_storage(B, &ca, idstr(v), idstr(h), &job, &st), &job);
	ck_assert_int_eq(access_commands(), 2);
	ck_assert_int_eq(fake_count(&FA, FOP_LUN_GET), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
}
END_TEST

/* assignStorage's hlu through the API: range checked before any job; a
 * taken HLU or another HLU of the same mapping fails the job with
 * CONFLICT naming the holder; the same HLU again succeeds. */
START_TEST(a_requested_hlu_through_jobs)
{
	int64_t h = add_host(&ADMIN, "xen1", "iqn.2006-04.com.example:xen1");
	int64_t v1 = make_volume("sr-1", 0), v2 = make_volume("d2", 0);
	store_job *job = NULL;
	ck_assert_int_eq(broker_assign_storage_hlu(B, &ADMIN, idstr(v1), idstr(h), 256, &job, &st),
			 -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_null(job);
	ck_assert_ptr_nonnull(strstr(st.message, "hlu"));
	ck_assert_int_eq(broker_assign_storage_hlu(B, &ADMIN, idstr(v1), idstr(h), 5, &job, &st), 0);
	json_t *r = job_result(job, "succeeded");
	store_job_free(job);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "hlu")), 5);
	json_decref(r);
	ck_assert_int_eq(broker_assign_storage_hlu(B, &ADMIN, idstr(v2), idstr(h), 5, &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "CONFLICT");
	char want[64];
	snprintf(want, sizeof(want), "volume %" PRId64 " (\"sr-1\")", v1);
	ck_assert_msg(strstr(job->error_message, want), "%s", job->error_message);
	store_job_free(job);
	job_succeeds(broker_assign_storage_hlu(B, &ADMIN, idstr(v1), idstr(h), 5, &job, &st), &job);
	ck_assert_int_eq(broker_assign_storage_hlu(B, &ADMIN, idstr(v1), idstr(h), 6, &job, &st), 0);
	json_decref(job_result(job, "failed"));
	ck_assert_str_eq(job->error_code, "CONFLICT");
	store_job_free(job);
	/* without an HLU: the gateway's choice, as before */
	r = assigned(v2, h);
	ck_assert_int_eq(json_integer_value(json_object_get(r, "hlu")), 1);
	json_decref(r);
}
END_TEST

START_TEST(clone_refusals_up_front_with_allocate_codes)
{
	struct broker_caller ca = { .user = "a", .tenant_id = tenant_a, .wait_ms = 20000 };
	int64_t v = make_volume("src", tenant_a); /* 1024 MB THICK */
	store_grant *g = NULL;
	ck_assert_int_eq(store_grant_find(&g, S, tenant_a, pool_id), 0);
	char pool[32]; /* idstr's buffers rotate: keep our own copy */
	snprintf(pool, sizeof(pool), "%" PRId64, pool_id);

	g->prov_allowed = STORE_PROV_MASK(STORE_PROV_THIN);
	ck_assert_int_eq(store_grant_update(S, g), 0);
	clone_refused_like_allocate(&ca, v, pool, SLGW_PERMISSION_DENIED, "THICK");

	g->prov_allowed = STORE_PROV_MASK_ALL;
	g->frozen = 1;
	ck_assert_int_eq(store_grant_update(S, g), 0);
	clone_refused_like_allocate(&ca, v, pool, SLGW_PERMISSION_DENIED, "frozen");

	g->frozen = 0;
	g->quota_mb = 1500;
	ck_assert_int_eq(store_grant_update(S, g), 0);
	clone_refused_like_allocate(&ca, v, pool, SLGW_RESOURCE_EXHAUSTED, "quota 1500 MB");

	g->quota_mb = 1 << 20;
	g->max_volumes = 1;
	ck_assert_int_eq(store_grant_update(S, g), 0);
	clone_refused_like_allocate(&ca, v, pool, SLGW_RESOURCE_EXHAUSTED, "max 1");

	/* a full clone into a pool the tenant has no grant on: to the
	 * tenant as if the pool did not exist; to an admin, what to do */
	g->max_volumes = 0;
	ck_assert_int_eq(store_grant_update(S, g), 0);
	store_grant_free(g);
	store_pool p2 = { .system_id = sys_id, .array_id = 1, .name = "Pool 1",
			  .capacity_mb = 1 << 24, .free_mb = 1 << 23 };
	int64_t pool2 = 0;
	ck_assert_int_eq(store_pool_insert(&pool2, S, &p2), 0);
	char pool2s[32];
	snprintf(pool2s, sizeof(pool2s), "%" PRId64, pool2);
	clone_refused_like_allocate(&ca, v, pool2s, SLGW_NOT_FOUND, "not found");
	clone_refused_like_allocate(&ADMIN, v, pool2s, SLGW_FAILED_PRECONDITION, "grant");

	/* within the grant again: the linked clone is made... */
	store_job *job = NULL;
	struct broker_clone_req cr = { .source_volume_id = idstr(v), .name = "lc",
				       .kind = STORE_CLONE_LINKED };
	ck_assert_msg(broker_clone_storage(B, &ca, &cr, &job, &st) == 0, "%s", st.message);
	json_t *r = job_result(job, "succeeded");
	store_job_free(job);
	int64_t lc = json_integer_value(json_object_get(r, "volume_id"));
	json_decref(r);
	ck_assert_int_gt(lc, 0);
	/* ...and cannot grow: refused before a job, the array untouched */
	size_t before = count_objects();
	ck_assert_int_eq(broker_resize_storage(B, &ca, idstr(lc), 2048, &job, &st),
			 -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_null(job);
	ck_assert_msg(strstr(st.message, "a linked clone cannot grow; make a full clone"), "%s",
		      st.message);
	ck_assert_uint_eq(count_objects(), before);
	store_volume *got = NULL;
	ck_assert_int_eq(store_volume_get(&got, S, lc), 0);
	ck_assert_int_eq(got->size_mb, 1024);
	store_volume_free(got);
	/* the same size is still the no-op success it was */
	job_succeeds(broker_resize_storage(B, &ca, idstr(lc), 1024, &job, &st), &job);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("access_broker", "api", setup, teardown, 60, add_host_validates_before_any_job,
		add_host_is_idempotent_by_name,
		assign_through_jobs_and_remove_host_refused_while_assigned,
		host_without_address_is_refused_with_the_fix, tenants_see_only_their_hosts,
		eight_callers_same_volume_identical_answers, snapshot_and_linked_clone_through_jobs,
		initiators_added_and_removed_on_registered_arrays,
		clone_refusals_up_front_with_allocate_codes, only_an_admin_adopts_an_existing_group,
		prepare_host_through_jobs_then_the_first_assign_costs_two,
		a_requested_hlu_through_jobs);
}
