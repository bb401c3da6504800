/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_domain.c - the compound operations on one thread: quota-checked
 * volume / growth / snapshot reservation, grant usage, HLU reservation and
 * its moves, and the job journal (idempotent start, busy objects, progress,
 * finish, recovery list).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static store *st;
static int64_t sys, pool, tenant;

static void setup(void)
{
	st = world_open(&sys, &pool, &tenant, "domain.db");
}

START_TEST(quota_refuses_with_numbers)
{
	int64_t g = mk_grant(st, tenant, pool, 1000, 0);

	mk_volume(st, tenant, sys, pool, "a", 600);
	ck_store(try_volume(st, NULL, tenant, sys, pool, "b", 401), STORE_EQUOTA);
	ck_assert_msg(strstr(store_errmsg(), "used 600 MB") &&
	                  strstr(store_errmsg(), "requested 401 MB") &&
	                  strstr(store_errmsg(), "quota 1000 MB"),
	              "message: %s", store_errmsg());
	mk_volume(st, tenant, sys, pool, "b", 400); /* exactly fills */
	ck_store(try_volume(st, NULL, tenant, sys, pool, "c", 1), STORE_EQUOTA);
	(void)g;
}
END_TEST

START_TEST(quota_needs_a_grant_not_frozen_and_allowed_prov)
{
	store_grant *gr = NULL;
	store_volume v = {.tenant_id = tenant, .name = "thick", .system_id = sys, .pool_id = pool,
	                  .size_mb = 10, .prov = STORE_PROV_THICK};
	int64_t g;

	ck_store(try_volume(st, NULL, tenant, sys, pool, "a", 1), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "no grant"));
	g = mk_grant(st, tenant, pool, 1000, 0);
	ck_ok(store_grant_get(&gr, st, g));
	gr->frozen = 1;
	ck_ok(store_grant_update(st, gr));
	ck_store(try_volume(st, NULL, tenant, sys, pool, "a", 1), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "frozen"));
	gr->frozen = 0;
	gr->prov_allowed = STORE_PROV_MASK(STORE_PROV_THIN);
	ck_ok(store_grant_update(st, gr));
	store_grant_free(gr);
	ck_store(store_volume_reserve(NULL, st, &v), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "THICK"));
	v.prov = STORE_PROV_THIN;
	ck_ok(store_volume_reserve(NULL, st, &v));
	/* No tenant: no quota at all. */
	mk_volume(st, 0, sys, pool, "admin-big", 1 << 30);
}
END_TEST

START_TEST(pool_prov_support_is_checked)
{
	store_pool p = {.system_id = sys, .array_id = 9, .name = "thick only",
	                .prov_supported = STORE_PROV_MASK(STORE_PROV_THICK)};
	int64_t pid = 0;

	ck_ok(store_pool_insert(&pid, st, &p));
	ck_store(try_volume(st, NULL, 0, sys, pid, "v", 1), STORE_EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "does not support THIN"));
}
END_TEST

START_TEST(max_volumes_counts_live_volumes)
{
	int64_t a;

	mk_grant(st, tenant, pool, 1000, 2);
	a = mk_volume(st, tenant, sys, pool, "a", 1);
	mk_volume(st, tenant, sys, pool, "b", 1);
	ck_store(try_volume(st, NULL, tenant, sys, pool, "c", 1), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "max 2"));
	ck_ok(store_volume_set_state(st, a, STORE_STATE_DELETED));
	mk_volume(st, tenant, sys, pool, "c", 1);
}
END_TEST

START_TEST(resize_reserve_checks_growth)
{
	int64_t v, old = 0;
	store_volume *got = NULL;

	mk_grant(st, tenant, pool, 1000, 0);
	v = mk_volume(st, tenant, sys, pool, "a", 500);
	mk_volume(st, tenant, sys, pool, "b", 300);
	ck_ok(store_volume_resize_reserve(&old, st, v, 700));
	ck_assert_int_eq(old, 500);
	ck_store(store_volume_resize_reserve(&old, st, v, 701), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "requested 1 MB"));
	ck_store(store_volume_resize_reserve(&old, st, v, 100), STORE_EINVAL); /* shrink */
	ck_ok(store_volume_resize_reserve(&old, st, v, 700));                  /* same: no-op */
	ck_assert_int_eq(old, 700);
	/* Rollback path for a failed array grow. */
	ck_ok(store_volume_set_size(st, v, 500));
	ck_ok(store_volume_get(&got, st, v));
	ck_assert_int_eq(got->size_mb, 500);
	store_volume_free(got);
	ck_store(store_volume_resize_reserve(&old, st, 999, 10), STORE_ENOTFOUND);
	ck_ok(store_volume_set_state(st, v, STORE_STATE_DELETING));
	ck_store(store_volume_resize_reserve(&old, st, v, 600), STORE_EINVAL);
}
END_TEST

START_TEST(snapshots_are_charged_and_named_per_volume)
{
	int64_t v, s1 = 0;
	store_snapshot sn = {.name = "snap1", .array_name = "slgw_snap1", .size_mb = 100};
	store_snapshot *got = NULL, *list = NULL;
	store_grant_usage *u = NULL;
	size_t n = 0;

	mk_grant(st, tenant, pool, 1000, 0);
	v = mk_volume(st, tenant, sys, pool, "a", 800);
	sn.volume_id = v;
	ck_ok(store_snapshot_reserve(&s1, st, &sn));
	ck_ok(store_snapshot_get(&got, st, s1));
	ck_assert_int_eq(got->tenant_id, tenant); /* copied from the volume */
	ck_assert_int_eq(got->state, STORE_STATE_CREATING);
	ck_assert_str_eq(got->array_name, "slgw_snap1");
	store_snapshot_free(got);
	ck_store(store_snapshot_reserve(NULL, st, &sn), STORE_EEXISTS);
	sn.name = "snap2";
	sn.size_mb = 101;
	ck_store(store_snapshot_reserve(NULL, st, &sn), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "used 900 MB"));
	ck_store(try_volume(st, NULL, tenant, sys, pool, "b", 101), STORE_EQUOTA);

	ck_ok(store_grant_usage_list(&u, &n, st, &(store_filter){.tenant_id = tenant}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(u[0].used_mb, 900);
	ck_assert_int_eq(u[0].volumes, 1);
	ck_assert_int_eq(u[0].left_mb, 100);
	ck_assert_int_eq(u[0].grant.quota_mb, 1000);
	store_grant_usage_array_free(u, n);

	ck_ok(store_snapshot_set_array_name(st, s1, "slgw_snap1b"));
	ck_ok(store_snapshot_set_state(st, s1, STORE_STATE_READY));
	ck_ok(store_snapshot_list(&list, &n, st, &(store_filter){.volume_id = v}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0].array_name, "slgw_snap1b");
	ck_assert_int_eq(list[0].state, STORE_STATE_READY);
	store_snapshot_array_free(list, n);

	/* The snapshot holds the volume; a clone of it holds the snapshot. */
	ck_store(store_volume_delete(st, v), STORE_ECONSTRAINT);
	store_volume clone = {.name = "clone", .system_id = sys, .pool_id = pool, .size_mb = 1,
	                      .prov = STORE_PROV_THIN, .parent_volume_id = v,
	                      .parent_snapshot_id = s1, .clone_kind = STORE_CLONE_LINKED};
	int64_t cid = 0;
	store_volume *cg = NULL;
	ck_ok(store_volume_reserve(&cid, st, &clone));
	ck_ok(store_volume_get(&cg, st, cid));
	ck_assert_int_eq(cg->parent_snapshot_id, s1);
	ck_assert_int_eq(cg->clone_kind, STORE_CLONE_LINKED);
	store_volume_free(cg);
	ck_store(store_snapshot_delete(st, s1), STORE_ECONSTRAINT);
	ck_ok(store_volume_delete(st, cid));
	ck_ok(store_snapshot_set_state(st, s1, STORE_STATE_DELETED));
	ck_ok(store_grant_usage_list(&u, &n, st, &(store_filter){.system_id = sys}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(u[0].used_mb, 800);
	store_grant_usage_array_free(u, n);
	ck_ok(store_snapshot_delete(st, s1));
	ck_ok(store_volume_delete(st, v));
	sn.volume_id = v;
	ck_store(store_snapshot_reserve(NULL, st, &sn), STORE_ENOTFOUND);
}
END_TEST

START_TEST(hlu_reservation_rules)
{
	int64_t h = mk_host(st, tenant, "xs1"), h2 = mk_host(st, tenant, "xs2");
	int64_t v1 = mk_volume(st, 0, sys, pool, "v1", 1), v2 = mk_volume(st, 0, sys, pool, "v2", 1);
	int64_t v3 = mk_volume(st, 0, sys, pool, "v3", 1), v4 = mk_volume(st, 0, sys, pool, "v4", 1);
	int64_t other = mk_system(st, "vnx2");
	store_assignment *a = NULL, *b = NULL, *list = NULL;
	size_t n = 0;

	/* No preference: lowest free >= min. */
	ck_ok(store_assignment_reserve(&a, st, v1, h, sys, 1, -1));
	ck_assert_int_eq(a->hlu, 1);
	ck_assert_int_eq(a->state, STORE_ASG_ASSIGNING);
	/* Again the same volume -> host: EEXISTS with the same row. */
	ck_store(store_assignment_reserve(&b, st, v1, h, sys, 1, 7), STORE_EEXISTS);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->id, a->id);
	ck_assert_int_eq(b->hlu, 1);
	store_assignment_free(b);
	/* Preferred and free: taken. Preferred but used: lowest free. */
	ck_ok(store_assignment_reserve(&b, st, v2, h, sys, 1, 5));
	ck_assert_int_eq(b->hlu, 5);
	store_assignment_free(b);
	ck_ok(store_assignment_reserve(&b, st, v3, h, sys, 1, 5));
	ck_assert_int_eq(b->hlu, 2);
	store_assignment_free(b);
	/* Preferred below min is ignored. */
	ck_ok(store_assignment_reserve(&b, st, v4, h, sys, 1, 0));
	ck_assert_int_eq(b->hlu, 3);
	/* Another host has its own HLU space; a second host of one volume. */
	store_assignment *c = NULL;
	ck_ok(store_assignment_reserve(&c, st, v1, h2, sys, 0, -1));
	ck_assert_int_eq(c->hlu, 0);
	store_assignment_free(c);

	/* Move: to a taken HLU refused, to a free one fine. */
	ck_store(store_assignment_set_hlu(st, b->id, 5), STORE_EEXISTS);
	ck_ok(store_assignment_set_hlu(st, b->id, 200));
	ck_store(store_assignment_set_hlu(st, b->id, 256), STORE_EINVAL);
	ck_ok(store_assignment_set_state(st, a->id, STORE_ASG_READY));
	ck_ok(store_assignment_list(&list, &n, st,
	                            &(store_filter){.host_id = h, .state = STORE_ASG_READY}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, a->id);
	store_assignment_array_free(list, n);
	ck_ok(store_assignment_list(&list, &n, st, &(store_filter){.volume_id = v1}));
	ck_assert_uint_eq(n, 2);
	store_assignment_array_free(list, n);

	/* Refusals: wrong system for the volume, unknown host, bad range. */
	ck_store(store_assignment_reserve(&c, st, v2, h2, other, 0, -1), STORE_EINVAL);
	ck_store(store_assignment_reserve(&c, st, v2, 999, sys, 0, -1), STORE_ENOTFOUND);
	ck_store(store_assignment_reserve(&c, st, v2, h2, sys, 256, -1), STORE_EINVAL);
	ck_store(store_assignment_reserve(&c, st, v2, h2, sys, -1, -1), STORE_EINVAL);
	ck_assert_ptr_null(c);

	/* Assigned volumes and hosts cannot go. */
	ck_store(store_volume_delete(st, v1), STORE_ECONSTRAINT);
	ck_store(store_host_delete(st, h), STORE_ECONSTRAINT);
	ck_ok(store_assignment_delete(st, a->id));
	ck_store(store_assignment_delete(st, a->id), STORE_ENOTFOUND);
	ck_store(store_assignment_get(&c, st, a->id), STORE_ENOTFOUND);
	store_assignment_free(a);
	store_assignment_free(b);
}
END_TEST

START_TEST(hlu_space_runs_out)
{
	int64_t h = mk_host(st, 0, "xs1"), v;
	store_assignment *a = NULL;
	char name[32];

	for (int i = 250; i <= STORE_HLU_MAX; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		v = mk_volume(st, 0, sys, pool, name, 1);
		ck_ok(store_assignment_reserve(&a, st, v, h, sys, 250, -1));
		ck_assert_int_eq(a->hlu, i);
		store_assignment_free(a);
	}
	v = mk_volume(st, 0, sys, pool, "one-too-many", 1);
	ck_store(store_assignment_reserve(&a, st, v, h, sys, 250, -1), STORE_EQUOTA);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "no free HLU"));
	/* ... but lower HLUs are still there. */
	ck_ok(store_assignment_reserve(&a, st, v, h, sys, 0, -1));
	ck_assert_int_eq(a->hlu, 0);
	store_assignment_free(a);
}
END_TEST

START_TEST(job_start_idempotent_and_busy)
{
	store_job in = {.kind = "volume.allocate", .request_id = "req-1", .user = "alice",
	                .tenant_id = tenant, .object = "volume/1", .params = "{\"size_mb\":10}",
	                .step = "start"};
	store_job *j = NULL, *k = NULL;

	ck_ok(store_job_start(&j, st, &in));
	ck_assert_int_eq(j->state, STORE_JOB_QUEUED);
	ck_assert_int_eq(j->progress, 0);
	ck_assert_str_eq(j->params, "{\"size_mb\":10}");
	ck_assert_int_eq(j->tenant_id, tenant);

	/* Same user + request id: the same job. */
	ck_store(store_job_start(&k, st, &in), STORE_EEXISTS);
	ck_assert_int_eq(k->id, j->id);
	store_job_free(k);
	/* Another user may use the same request id; the object is busy. */
	in.user = "bob";
	ck_store(store_job_start(&k, st, &in), STORE_EBUSY);
	ck_assert_int_eq(k->id, j->id);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "volume/1"));
	store_job_free(k);
	/* Other object: fine, and may start running. */
	in.object = "volume/2";
	in.state = STORE_JOB_RUNNING;
	ck_ok(store_job_start(&k, st, &in));
	ck_assert_int_eq(k->state, STORE_JOB_RUNNING);
	store_job_free(j);
	ck_ok(store_job_find_request(&j, st, "bob", "req-1"));
	store_job_free(j);
	ck_ok(store_job_find_request(&j, st, "alice", "req-1"));

	/* Progress moves queued to running and keeps the step if NULL. */
	ck_ok(store_job_progress(st, j->id, 30, "create-lun"));
	ck_ok(store_job_progress(st, j->id, 40, NULL));
	ck_store(store_job_progress(st, j->id, 101, NULL), STORE_EINVAL);
	int64_t jid = j->id;
	store_job_free(j);
	ck_ok(store_job_get(&j, st, jid));
	ck_assert_int_eq(j->state, STORE_JOB_RUNNING);
	ck_assert_int_eq(j->progress, 40);
	ck_assert_str_eq(j->step, "create-lun");
	ck_assert_int_eq(j->finished, 0);
	store_job_free(j);

	/* Unfinished jobs for crash recovery, oldest first. */
	store_job *list = NULL;
	size_t n = 0;
	ck_ok(store_job_list_unfinished(&list, &n, st));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, jid);
	store_job_array_free(list, n);

	/* Finish frees the object; finished jobs cannot change. */
	ck_ok(store_job_finish(st, jid, STORE_JOB_SUCCEEDED, "{\"volume\":1}", NULL, NULL));
	ck_ok(store_job_get(&j, st, jid));
	ck_assert_int_eq(j->state, STORE_JOB_SUCCEEDED);
	ck_assert_int_eq(j->progress, 100);
	ck_assert_int_gt(j->finished, 0);
	ck_assert_str_eq(j->result, "{\"volume\":1}");
	store_job_free(j);
	ck_store(store_job_finish(st, jid, STORE_JOB_FAILED, NULL, "EX", "x"), STORE_EINVAL);
	ck_store(store_job_progress(st, jid, 50, NULL), STORE_EINVAL);
	ck_store(store_job_set_state(st, jid, STORE_JOB_RUNNING), STORE_EINVAL);
	ck_store(store_job_finish(st, 9999, STORE_JOB_FAILED, NULL, "EX", "x"), STORE_ENOTFOUND);
	ck_store(store_job_finish(st, k->id, STORE_JOB_QUEUED, NULL, NULL, NULL), STORE_EINVAL);
	ck_ok(store_job_finish(st, k->id, STORE_JOB_FAILED, NULL, "EQUOTA", "quota exceeded"));
	store_job_free(k);

	in.user = "carol";
	in.request_id = NULL;
	in.object = "volume/1";
	ck_ok(store_job_start(&k, st, &in));
	ck_ok(store_job_set_object(st, k->id, "volume/7"));
	ck_ok(store_job_set_state(st, k->id, STORE_JOB_QUEUED));
	store_job_free(k);

	ck_ok(store_job_list(&list, &n, st,
	                     &(store_filter){.user = "bob", .state = STORE_JOB_FAILED}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(list[0].error_code, "EQUOTA");
	store_job_array_free(list, n);
	ck_ok(store_job_list(&list, &n, st, &(store_filter){.name_prefix = "volume."}));
	ck_assert_uint_eq(n, 3);
	store_job_array_free(list, n);
	ck_ok(store_job_list(&list, &n, st, &(store_filter){.tenant_id = tenant, .limit = 2}));
	ck_assert_uint_eq(n, 2);
	store_job_array_free(list, n);

	in.user = NULL;
	ck_store(store_job_start(&k, st, &in), STORE_EINVAL);
	ck_assert_ptr_null(k);
}
END_TEST

START_TEST(job_prune_only_finished_and_old)
{
	store_job *a = NULL, *b = NULL, *c = NULL, *list = NULL;
	int64_t deleted = -1;
	size_t n = 0;

	ck_ok(store_job_start(&a, st, &(store_job){.kind = "k", .user = "u", .request_id = "a"}));
	ck_ok(store_job_start(&b, st, &(store_job){.kind = "k", .user = "u", .request_id = "b"}));
	ck_ok(store_job_start(&c, st, &(store_job){.kind = "k", .user = "u", .request_id = "c"}));
	ck_ok(store_job_finish(st, a->id, STORE_JOB_SUCCEEDED, NULL, NULL, NULL));
	ck_ok(store_job_finish(st, b->id, STORE_JOB_FAILED, NULL, "EX", "failed"));
	/* Finished "now": a cut-off in the past keeps them. */
	ck_ok(store_job_prune(&deleted, st, 1000));
	ck_assert_int_eq(deleted, 0);
	ck_ok(store_job_prune(&deleted, st, INT64_MAX));
	ck_assert_int_eq(deleted, 2);
	ck_ok(store_job_list(&list, &n, st, NULL));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, c->id); /* the queued one stays */
	store_job_array_free(list, n);
	/* A pruned request id may be used again. */
	store_job_free(a);
	ck_ok(store_job_start(&a, st, &(store_job){.kind = "k", .user = "u", .request_id = "a"}));
	store_job_free(a);
	store_job_free(b);
	store_job_free(c);
}
END_TEST

/* The job counts /metrics reads follow every change of a job and agree with
 * a count of the table. */
static void ck_counts(int64_t q, int64_t r, int64_t ok, int64_t bad)
{
	store_job_counts jc;
	store_stats ss;

	ck_ok(store_job_counts_get(&jc, st));
	ck_assert_int_eq(jc.queued, q);
	ck_assert_int_eq(jc.running, r);
	ck_assert_int_eq(jc.succeeded, ok);
	ck_assert_int_eq(jc.failed, bad);
	ck_ok(store_stats_get(&ss, st));
	ck_assert_int_eq(ss.jobs_queued, q);
	ck_assert_int_eq(ss.jobs_running, r);
	ck_assert_int_eq(ss.jobs_succeeded, ok);
	ck_assert_int_eq(ss.jobs_failed, bad);
}

START_TEST(job_counts_follow_every_change)
{
	store_job *a = NULL, *b = NULL, *c = NULL;
	int64_t deleted = -1;

	ck_counts(0, 0, 0, 0);
	ck_ok(store_job_start(&a, st, &(store_job){.kind = "k", .user = "u", .request_id = "a"}));
	ck_ok(store_job_start(&b, st, &(store_job){.kind = "k", .user = "u", .request_id = "b"}));
	ck_ok(store_job_start(&c, st, &(store_job){.kind = "k", .user = "u", .request_id = "c"}));
	ck_counts(3, 0, 0, 0);
	ck_ok(store_job_set_state(st, a->id, STORE_JOB_RUNNING));
	ck_ok(store_job_set_state(st, a->id, STORE_JOB_RUNNING)); /* no change */
	ck_counts(2, 1, 0, 0);
	ck_ok(store_job_finish(st, a->id, STORE_JOB_SUCCEEDED, NULL, NULL, NULL));
	ck_ok(store_job_finish(st, b->id, STORE_JOB_FAILED, NULL, "EX", "failed"));
	ck_counts(1, 0, 1, 1);
	ck_ok(store_job_prune(&deleted, st, INT64_MAX));
	ck_assert_int_eq(deleted, 2);
	ck_counts(1, 0, 0, 0);
	store_job_free(a);
	store_job_free(b);
	store_job_free(c);
}
END_TEST

int main(void)
{
	return STORE_SUITE("domain", setup, world_close, 120, quota_refuses_with_numbers,
		quota_needs_a_grant_not_frozen_and_allowed_prov, pool_prov_support_is_checked,
		max_volumes_counts_live_volumes, resize_reserve_checks_growth,
		snapshots_are_charged_and_named_per_volume, hlu_reservation_rules,
		hlu_space_runs_out, job_start_idempotent_and_busy, job_prune_only_finished_and_old,
		job_counts_follow_every_change);
}
