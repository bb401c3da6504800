/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lease.c - the store's leases and fenced job writes (store/lease.c),
 * on a fresh SQLite store: who may take a lease and when, that the token
 * only grows, and that a job write under a lease no longer held changes
 * nothing.  Expiry is real time (leases of 150 ms), never a timing
 * assertion on speed.  The broker cases run one broker as node "node-a"
 * on that store, with the lease of one array held by "node-b" (a row, as
 * a second node writes it) and a fake adapter that counts every command
 * it is asked to send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>

#include "broker_internal.h"
#include "pg_harness.h"
#include "store.h"
#include "../common/suite_one.h"

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

/* A job started under node-a's new lease of system sys (150 ms), at step
 * "lun-create-sent" (10 %); *fa gets node-a's fence. */
static store_job *job_under_lease(store_fence *fa, int64_t sys)
{
	store_lease a;
	store_job rec, *j = NULL;
	memset(&rec, 0, sizeof rec);
	rec.kind = "volume.allocate";
	rec.user = "admin";
	rec.params = "{}";
	ck_assert_int_eq(store_job_start(&j, S, &rec), 0);
	ck_assert_int_eq(store_lease_acquire(&a, S, sys, "node-a", 150), 0);
	*fa = (store_fence){ "node-a", sys, a.token };
	ck_assert_int_eq(store_job_progress_fenced(S, fa, j->id, 10, "lun-create-sent"), 0);
	return j;
}

/* node-a's lease of sys expires and node-b takes the next term; *fb gets
 * node-b's fence. */
static void take_over(store_fence *fb, int64_t sys)
{
	store_lease b;
	sleep_ms(200);
	ck_assert_int_eq(store_lease_acquire(&b, S, sys, "node-b", 150), 0);
	*fb = (store_fence){ "node-b", sys, b.token };
}

START_TEST(a_step_under_a_lost_lease_is_not_recorded)
{
	store_fence fa, fb;
	store_job *j = job_under_lease(&fa, 3), *got = NULL;
	take_over(&fb, 3);
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


START_TEST(a_retry_under_a_lost_lease_does_not_requeue)
{
	store_fence fa, fb;
	store_job *j = job_under_lease(&fa, 4), *got = NULL;
	ck_assert_int_eq(store_job_requeue_fenced(S, &fa, j->id), 0);
	ck_assert_int_eq(store_job_get(&got, S, j->id), 0);
	ck_assert_int_eq(got->state, STORE_JOB_QUEUED);
	store_job_free(got);
	ck_assert_int_eq(store_job_progress_fenced(S, &fa, j->id, 20, NULL), 0);
	take_over(&fb, 4);
	/* the stale leader's re-queue changes nothing */
	ck_assert_int_eq(store_job_requeue_fenced(S, &fa, j->id), STORE_EFENCED);
	ck_assert_int_eq(store_job_get(&got, S, j->id), 0);
	ck_assert_int_eq(got->state, STORE_JOB_RUNNING);
	ck_assert_int_eq(got->progress, 20);
	store_job_free(got);
	store_job_free(j);
}
END_TEST

/* ------------------------------------------------ a node and its arrays */

struct fake {
	struct slgw_adapter base;
	int64_t system_id;
};
static int sent[8]; /* commands asked of each system's fake, by system id */

static void fake_count(struct slgw_adapter *a)
{
	int64_t id = ((struct fake *)a)->system_id;
	if (id >= 0 && id < 8)
		__atomic_add_fetch(&sent[id], 1, __ATOMIC_SEQ_CST);
}

static int64_t slow_system = -1; /* its lun -list takes slow_ms */
static int slow_ms;

static int fake_lun_list(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
			 struct slgw_adapter_error *err)
{
	(void)err;
	fake_count(a);
	if (((struct fake *)a)->system_id == slow_system)
		sleep_ms(slow_ms);
	*out = NULL;
	*count = 0;
	return 0;
}

static int fake_sg_get(struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,
		       struct slgw_adapter_error *err)
{
	(void)name;
	(void)err;
	fake_count(a);
	*out = NULL;
	return -(int)SLGW_AERR_NOT_FOUND;
}

static int fake_sg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	(void)name;
	(void)err;
	fake_count(a);
	return 0;
}

static unsigned fake_caps(struct slgw_adapter *a)
{
	(void)a;
	return 0;
}

static void fake_free(struct slgw_adapter *a)
{
	free(a);
}

static const struct slgw_adapter_ops fake_ops = {
	.version = SLGW_ADAPTER_OPS_VERSION,
	.family = "fake",
	.lun_list = fake_lun_list,
	.sg_get = fake_sg_get,
	.sg_destroy = fake_sg_destroy,
	.capabilities = fake_caps,
	.free = fake_free,
};

static int fake_factory(struct slgw_adapter **out, void *ctx, const store_system *sys,
			struct broker_status *st)
{
	(void)ctx;
	(void)st;
	struct fake *f = calloc(1, sizeof(*f));
	ck_assert_ptr_nonnull(f);
	f->base.ops = &fake_ops;
	f->system_id = sys->id;
	*out = &f->base;
	return 0;
}

static int64_t add_system(const char *name)
{
	int64_t id = 0;
	store_system sys = { .name = (char *)name, .adapter = "vnx", .spa = "10.0.0.1" };
	ck_assert_int_eq(store_system_insert(&id, S, &sys), 0);
	ck_assert_int_lt(id, 8);
	return id;
}

/* Node "node-a" on S (two workers, the counting fakes), started with
 * leases of lease_seconds. */
static broker *node_a_start(int lease_seconds)
{
	struct broker_status st;
	struct broker_config cfg;
	broker *b = NULL;
	broker_config_init(&cfg);
	cfg.workers = 2;
	cfg.cluster_node = "node-a";
	cfg.lease_seconds = lease_seconds;
	ck_assert_int_eq(broker_new(&b, S, &cfg, &st), 0);
	b->adapter_factory = fake_factory;
	ck_assert_msg(broker_start(b, &st) == 0, "%s", st.message);
	return b;
}

/* node_a_start (30 s) while "node-b" holds the lease of other_sys (a row). */
static broker *node_a(int64_t other_sys)
{
	store_lease l;
	ck_assert_int_eq(store_lease_acquire(&l, S, other_sys, "node-b", 60000), 0);
	return node_a_start(30);
}

START_TEST(a_gateway_wide_job_sends_nothing_to_an_array_led_elsewhere)
{
	memset(sent, 0, sizeof sent);
	int64_t mine = add_system("vnx-a"), theirs = add_system("vnx-b");
	broker *b = node_a(theirs);
	int64_t tok0 = 0;
	ck_assert(broker_cluster_leads(b, 0, &tok0));
	ck_assert(broker_cluster_leads(b, mine, NULL));
	ck_assert(!broker_cluster_leads(b, theirs, NULL));
	struct broker_status st;
	struct slgw_adapter *a = broker_adapter_get(b, theirs, &st);
	ck_assert_ptr_nonnull(a);
	struct slgw_lun *luns = NULL;
	size_t n = 0;
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);

	/* a job of lease 0 (the host jobs spanning arrays): the adapter of an
	 * array another node leads refuses, and is not even handed out */
	broker_cluster_fence_enter(b, 0, tok0);
	ck_assert_int_ne(a->ops->lun_list(&luns, &n, a, &err), 0);
	ck_assert_ptr_null(broker_adapter_get(b, theirs, &st));
	ck_assert_int_eq(st.code, SLGW_UNAVAILABLE);
	ck_assert_ptr_nonnull(strstr(st.message, "node-b"));
	/* the array it leads itself stays reachable from the same job */
	struct slgw_adapter *m = broker_adapter_get(b, mine, &st);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(m->ops->lun_list(&luns, &n, m, &err), 0);
	broker_cluster_fence_leave();
	ck_assert_int_eq(sent[theirs], 0);
	ck_assert_int_ge(sent[mine], 1); /* (the orphan scan of its takeover counts too) */

	/* a real host job: the host is registered on both arrays */
	store_host h = { .name = "h1" };
	int64_t hid = 0;
	ck_assert_int_eq(store_host_insert(&hid, S, &h), 0);
	store_host_system hs = { .host_id = hid, .system_id = theirs, .storage_group = "sg-b" };
	ck_assert_int_eq(store_host_system_set(S, &hs), 0);
	struct broker_caller c = { .user = "admin", .is_admin = 1, .wait_ms = 20000 };
	char hidtext[32];
	snprintf(hidtext, sizeof hidtext, "%lld", (long long)hid);
	store_job *job = NULL;
	ck_assert_int_eq(broker_remove_host(b, &c, hidtext, &job, &st), 0);
	ck_assert_ptr_nonnull(job);
	ck_assert_int_eq(job->state, STORE_JOB_FAILED);
	ck_assert_str_eq(job->error_code, "UNAVAILABLE");
	ck_assert_ptr_nonnull(strstr(job->error_message, "node-b"));
	store_job_free(job);
	ck_assert_int_eq(sent[theirs], 0);
	broker_free(b);
}
END_TEST

START_TEST(a_slow_orphan_scan_does_not_delay_renewals)
{
	/* the orphan scan of a taken array lists LUNs for longer than the
	 * lease (2 s): the leases must still be renewed on time meanwhile */
	int64_t slow = add_system("vnx-slow");
	slow_system = slow;
	slow_ms = 4000;
	broker *b = node_a_start(2);
	sleep_ms(3000); /* the scan is still listing */
	ck_assert(broker_cluster_leads(b, 0, NULL));
	ck_assert(broker_cluster_leads(b, slow, NULL));
	store_lease *ls = NULL;
	size_t n = 0;
	ck_assert_int_eq(store_lease_list(&ls, &n, S), 0);
	int64_t now = store_lease_now_ms();
	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(ls[i].holder, "node-a");
		ck_assert_int_gt(ls[i].expires_ms, now);
	}
	free(ls);
	broker_free(b);
	slow_system = -1;
}
END_TEST

START_TEST(the_leader_releases_a_reservation_whose_job_was_never_written)
{
	int64_t sys = add_system("vnx-r");
	int64_t pool = 0;
	store_pool p = { .system_id = sys, .name = "Pool 0", .capacity_mb = 1 << 20,
			 .free_mb = 1 << 20 };
	ck_assert_int_eq(store_pool_insert(&pool, S, &p), 0);
	/* reserved, then the node crashed before writing its job */
	store_volume v = { .name = "stale", .system_id = sys, .pool_id = pool, .size_mb = 64,
			   .prov = STORE_PROV_THICK, .clone_kind = STORE_CLONE_NONE };
	int64_t vid = 0;
	ck_assert_int_eq(store_volume_reserve(&vid, S, &v), 0);
	broker_cluster_set_reserve_grace(0);
	broker *b = node_a(7); /* (node-b leads an array of no record) */
	store_volume *got = NULL;
	int state = STORE_STATE_CREATING;
	for (int i = 0; i < 100 && state == STORE_STATE_CREATING; i++) {
		sleep_ms(100);
		ck_assert_int_eq(store_volume_get(&got, S, vid), 0);
		state = got->state;
		store_volume_free(got);
	}
	ck_assert_int_eq(state, STORE_STATE_DELETED);
	broker_free(b);
	broker_cluster_set_reserve_grace(-1);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("lease", "store", setup, teardown, 60,
		one_holder_at_a_time_and_tokens_only_grow, node_ids_are_checked,
		a_step_under_a_lost_lease_is_not_recorded, live_nodes_are_counted,
		a_retry_under_a_lost_lease_does_not_requeue,
		a_gateway_wide_job_sends_nothing_to_an_array_led_elsewhere,
		a_slow_orphan_scan_does_not_delay_renewals,
		the_leader_releases_a_reservation_whose_job_was_never_written);
}
