/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lease.c - the store's leases and fenced job writes (store/lease.c),
 * on a fresh SQLite store: who may take a lease and when, that the token
 * only grows, and that a job write under a lease no longer held changes
 * nothing.  Expiry is real time (leases of 150 ms), never a timing
 * assertion on speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "pg_harness.h"
#include "store.h"

static char dir[64];
static store *S;

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void setup(void)
{
	char path[400], err[256];
	snprintf(dir, sizeof dir, "/tmp/slgw-lease-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/slgw.db", dir);
	if (pg_harness_active()) /* under tests/pg/pg_run.sh: a database of its own */
		ck_assert_msg(pg_harness_db_url(path, sizeof path, dir, err, sizeof err) == 0, "%s",
			      err);
	ck_assert_msg(store_open(&S, path, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(store_lease_init(S), 0);
	ck_assert_int_eq(store_lease_init(S), 0); /* idempotent */
}

static void teardown(void)
{
	char path[128];
	store_close(S);
	const char *sfx[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/slgw.db%s", dir, sfx[i]);
		unlink(path);
	}
	rmdir(dir);
}

START_TEST(one_holder_at_a_time_and_tokens_only_grow)
{
	store_lease a, b;
	int64_t exp;
	ck_assert_int_eq(store_lease_acquire(&a, S, 7, "node-a", 150), 0);
	ck_assert_int_eq(a.token, 1);
	ck_assert_int_eq(store_lease_acquire(&b, S, 7, "node-b", 150), STORE_EBUSY);
	/* the holder extends its own live lease under the same token */
	ck_assert_int_eq(store_lease_acquire(&a, S, 7, "node-a", 150), 0);
	ck_assert_int_eq(a.token, 1);
	ck_assert_int_eq(store_lease_renew(&exp, S, 7, "node-a", 1, 150), 0);
	ck_assert_int_eq(store_lease_renew(&exp, S, 7, "node-b", 1, 150), STORE_EBUSY);
	sleep_ms(200);
	/* expired: renewing is refused, another node takes a new term */
	ck_assert_int_eq(store_lease_renew(&exp, S, 7, "node-a", 1, 150), STORE_EBUSY);
	ck_assert_int_eq(store_lease_acquire(&b, S, 7, "node-b", 150), 0);
	ck_assert_int_eq(b.token, 2);
	/* released: the next term, even of the same node, has a new token */
	ck_assert_int_eq(store_lease_release(S, 7, "node-b", 2), 0);
	ck_assert_int_eq(store_lease_acquire(&b, S, 7, "node-b", 150), 0);
	ck_assert_int_eq(b.token, 3);
	/* a stale release changes nothing */
	ck_assert_int_eq(store_lease_release(S, 7, "node-a", 1), 0);
	ck_assert_int_eq(store_lease_acquire(&a, S, 7, "node-a", 150), STORE_EBUSY);

	store_lease *ls = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_lease_list(&ls, &n, S), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ls[0].holder, "node-b");
	ck_assert_int_eq(ls[0].token, 3);
	free(ls);
}
END_TEST

START_TEST(node_ids_are_checked)
{
	store_lease a;
	ck_assert_int_eq(store_lease_acquire(&a, S, 1, "", 1000), STORE_EINVAL);
	ck_assert_int_eq(store_lease_acquire(&a, S, 1, "bad node", 1000), STORE_EINVAL);
	ck_assert_int_eq(store_lease_acquire(&a, S, -1, "n", 1000), STORE_EINVAL);
}
END_TEST

START_TEST(a_step_under_a_lost_lease_is_not_recorded)
{
	store_lease a, b;
	store_job rec, *j = NULL, *got = NULL;
	memset(&rec, 0, sizeof rec);
	rec.kind = "volume.allocate";
	rec.user = "admin";
	rec.params = "{}";
	ck_assert_int_eq(store_job_start(&j, S, &rec), 0);
	ck_assert_int_eq(store_lease_acquire(&a, S, 3, "node-a", 150), 0);
	store_fence fa = { "node-a", 3, a.token };
	ck_assert_int_eq(store_job_progress_fenced(S, &fa, j->id, 10, "lun-create-sent"), 0);
	sleep_ms(200);
	ck_assert_int_eq(store_lease_acquire(&b, S, 3, "node-b", 150), 0);
	/* node-a's write under its old token: refused, nothing changed */
	ck_assert_int_eq(store_job_progress_fenced(S, &fa, j->id, 50, "lun-name-sent"), STORE_EFENCED);
	ck_assert_int_eq(store_job_finish_fenced(S, &fa, j->id, STORE_JOB_SUCCEEDED, "{}", NULL,
						 NULL), STORE_EFENCED);
	ck_assert_int_eq(store_job_get(&got, S, j->id), 0);
	ck_assert_str_eq(got->step, "lun-create-sent");
	ck_assert_int_eq(got->progress, 10);
	ck_assert_int_eq(got->state, STORE_JOB_RUNNING);
	store_job_free(got);
	/* the new leader's writes go through */
	store_fence fb = { "node-b", 3, b.token };
	ck_assert_int_eq(store_job_finish_fenced(S, &fb, j->id, STORE_JOB_FAILED, NULL, "ABORTED",
						 "interrupted"), 0);
	ck_assert_int_eq(store_job_get(&got, S, j->id), 0);
	ck_assert_int_eq(got->state, STORE_JOB_FAILED);
	ck_assert_str_eq(got->error_code, "ABORTED");
	ck_assert_ptr_null(got->result);
	store_job_free(got);
	/* a finished job takes no more writes, even under the lease */
	ck_assert_int_eq(store_job_progress_fenced(S, &fb, j->id, 60, NULL), STORE_EINVAL);
	store_job_free(j);
}
END_TEST

START_TEST(live_nodes_are_counted)
{
	size_t alive = 0;
	ck_assert_int_eq(store_node_heartbeat(&alive, S, "node-a", 150), 0);
	ck_assert_uint_eq(alive, 1);
	ck_assert_int_eq(store_node_heartbeat(&alive, S, "node-b", 150), 0);
	ck_assert_uint_eq(alive, 2);
	sleep_ms(200);
	ck_assert_int_eq(store_node_heartbeat(&alive, S, "node-b", 150), 0);
	ck_assert_uint_eq(alive, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lease");
	TCase *t = tcase_create("store");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, one_holder_at_a_time_and_tokens_only_grow);
	tcase_add_test(t, node_ids_are_checked);
	tcase_add_test(t, a_step_under_a_lost_lease_is_not_recorded);
	tcase_add_test(t, live_nodes_are_counted);
	suite_add_tcase(s, t);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
