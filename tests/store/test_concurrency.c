/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_concurrency.c - many threads on one store handle at once: the
 * compound operations must give the same answers as if run one by one
 * (quota fits 10 of 50 -> exactly 10; 32 assignments -> 32 distinct HLUs;
 * one job per request id; one volume per name), mixed readers and writers
 * see no errors, and an online backup taken while writers run is a
 * consistent, openable database.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

static store *st;
static int64_t sys, pool, tenant;

static void setup(void)
{
	st = world_open(&sys, &pool, &tenant, "conc.db");
}

/* Start n threads running fn(arg + i * argsize) and join them all. */
static void run_threads(int n, void *(*fn)(void *), void *args, size_t argsize)
{
	pthread_t *t = calloc((size_t)n, sizeof(*t));

	ck_assert_ptr_nonnull(t);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, fn, (char *)args + (size_t)i * argsize), 0);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
}


struct res {
	int idx;
	int rc;
	int64_t id;
	int hlu;
	char msg[256];
};

/* A start line so the threads really collide instead of running in turn. */
static pthread_barrier_t gate;

/* Runs n threads of fn, thread i on r[i], from the start line; the workers
 * wait at gate before their store call. */
static void race(int n, void *(*fn)(void *), struct res *r)
{
	pthread_barrier_init(&gate, NULL, (unsigned)n);
	run_threads(n, fn, r, sizeof(r[0]));
	pthread_barrier_destroy(&gate);
}

static void *quota_worker(void *p)
{
	struct res *r = p;
	char name[32];

	snprintf(name, sizeof(name), "vol-%02d", r->idx);
	pthread_barrier_wait(&gate);
	r->rc = try_volume(st, &r->id, tenant, sys, pool, name, 100);
	snprintf(r->msg, sizeof(r->msg), "%s", store_errmsg());
	return NULL;
}

START_TEST(quota_race_admits_exactly_what_fits)
{
	enum { N = 50 };
	struct res r[N];
	store_grant_usage *u = NULL;
	size_t n = 0;
	int ok = 0, refused = 0;

	mk_grant(st, tenant, pool, 1000, 0); /* room for 10 x 100 MB */
	memset(r, 0, sizeof(r));
	for (int i = 0; i < N; i++)
		r[i].idx = i;
	race(N, quota_worker, r);
	for (int i = 0; i < N; i++) {
		if (r[i].rc == 0)
			ok++;
		else if (r[i].rc == STORE_EQUOTA)
			refused++;
		else
			ck_abort_msg("thread %d: %s: %s", i, store_strerror(r[i].rc), r[i].msg);
	}
	ck_assert_int_eq(ok, 10);
	ck_assert_int_eq(refused, 40);
	ck_ok(store_grant_usage_list(&u, &n, st, NULL));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(u[0].used_mb, 1000);
	ck_assert_int_eq(u[0].volumes, 10);
	store_grant_usage_array_free(u, n);
}
END_TEST

static int64_t hlu_host;

static void *hlu_worker(void *p)
{
	struct res *r = p;
	store_assignment *a = NULL;

	pthread_barrier_wait(&gate);
	r->rc = store_assignment_reserve(&a, st, r->id, hlu_host, sys, 0, -1);
	snprintf(r->msg, sizeof(r->msg), "%s", store_errmsg());
	r->hlu = a ? a->hlu : -1;
	store_assignment_free(a);
	return NULL;
}

START_TEST(hlu_race_gives_distinct_hlus)
{
	enum { N = 32 };
	struct res r[N];
	int seen[STORE_HLU_MAX + 1] = {0};
	char name[32];

	hlu_host = mk_host(st, tenant, "xs1");
	memset(r, 0, sizeof(r));
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		r[i].id = mk_volume(st, 0, sys, pool, name, 1);
	}
	race(N, hlu_worker, r);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(r[i].rc == 0, "thread %d: %s: %s", i, store_strerror(r[i].rc),
		              r[i].msg);
		ck_assert_int_ge(r[i].hlu, 0);
		ck_assert_int_lt(r[i].hlu, N); /* lowest free: 0..31 exactly */
		ck_assert_msg(seen[r[i].hlu] == 0, "HLU %d handed out twice", r[i].hlu);
		seen[r[i].hlu] = 1;
	}
}
END_TEST

static char *job_object;

static void *job_worker(void *p)
{
	struct res *r = p;
	char req[32];
	store_job in = {.kind = "volume.allocate", .user = "alice", .object = job_object};
	store_job *j = NULL;

	/* Half the threads resend one request id, half race for the object. */
	snprintf(req, sizeof(req), "req-%d", r->idx % 2 ? r->idx : 0);
	in.request_id = req;
	pthread_barrier_wait(&gate);
	r->rc = store_job_start(&j, st, &in);
	snprintf(r->msg, sizeof(r->msg), "%s", store_errmsg());
	r->id = j ? j->id : 0;
	store_job_free(j);
	return NULL;
}

START_TEST(job_start_race_one_winner)
{
	enum { N = 20 };
	struct res r[N];
	int started = 0, dup = 0, busy = 0;
	int64_t winner = 0;

	job_object = (char *)"volume/1";
	memset(r, 0, sizeof(r));
	for (int i = 0; i < N; i++)
		r[i].idx = i;
	race(N, job_worker, r);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(r[i].rc == 0 || r[i].rc == STORE_EEXISTS || r[i].rc == STORE_EBUSY,
		              "thread %d: %s: %s", i, store_strerror(r[i].rc), r[i].msg);
		ck_assert_int_gt(r[i].id, 0);
		if (r[i].rc == 0) {
			started++;
			winner = r[i].id;
		}
		dup += r[i].rc == STORE_EEXISTS;
		busy += r[i].rc == STORE_EBUSY;
	}
	ck_assert_int_eq(started, 1);
	ck_assert_int_eq(started + dup + busy, N);
	/* Whoever lost was pointed at the one job. */
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(r[i].id, winner);
}
END_TEST

static void *name_worker(void *p)
{
	struct res *r = p;

	pthread_barrier_wait(&gate);
	r->rc = try_volume(st, &r->id, 0, sys, pool, "same-name", 1);
	snprintf(r->msg, sizeof(r->msg), "%s", store_errmsg());
	return NULL;
}

START_TEST(name_race_one_volume)
{
	enum { N = 16 };
	struct res r[N];
	int ok = 0;

	memset(r, 0, sizeof(r));
	race(N, name_worker, r);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(r[i].rc == 0 || r[i].rc == STORE_EEXISTS, "thread %d: %s: %s", i,
		              store_strerror(r[i].rc), r[i].msg);
		ok += r[i].rc == 0;
	}
	ck_assert_int_eq(ok, 1);
}
END_TEST

/* Mixed load: writers add hosts + audit, readers list; no call may fail. */
enum { MIX_THREADS = 12, MIX_ROUNDS = 40 };
static atomic_int mix_failures;
static char mix_msg[256];

static void *mix_worker(void *p)
{
	struct res *r = p;
	char name[64];

	for (int k = 0; k < MIX_ROUNDS; k++) {
		int rc;
		if (r->idx % 3 == 0) {
			store_volume *list = NULL;
			size_t n = 0;
			rc = store_volume_list(&list, &n, st, &(store_filter){.limit = 50});
			store_volume_array_free(list, n);
		} else {
			store_host h = {.name = name, .tenant_id = tenant};
			snprintf(name, sizeof(name), "h-%d-%d", r->idx, k);
			rc = store_host_insert(NULL, st, &h);
			if (rc == 0) {
				store_audit a = {.user = "u", .operation = "addHost", .object = name,
				                 .outcome = "ok"};
				rc = store_audit_append(NULL, st, &a);
			}
		}
		if (rc) {
			atomic_fetch_add(&mix_failures, 1);
			snprintf(mix_msg, sizeof(mix_msg), "%s", store_errmsg());
		}
	}
	return NULL;
}

START_TEST(mixed_threads_no_errors)
{
	struct res r[MIX_THREADS];
	store_stats stats;
	int writers = 0;

	memset(r, 0, sizeof(r));
	for (int i = 0; i < MIX_THREADS; i++) {
		r[i].idx = i;
		writers += i % 3 != 0;
	}
	run_threads(MIX_THREADS, mix_worker, r, sizeof(r[0]));
	ck_assert_msg(atomic_load(&mix_failures) == 0, "%d failures, last: %s",
	              atomic_load(&mix_failures), mix_msg);
	ck_ok(store_stats_get(&stats, st));
	ck_assert_int_eq(stats.hosts, writers * MIX_ROUNDS);
	ck_assert_int_eq(stats.audit, writers * MIX_ROUNDS);
}
END_TEST

/* Backup while writers run. */
static atomic_int stop_writers;
static atomic_long committed;

static void *backup_writer(void *p)
{
	struct res *r = p;
	char obj[64];

	for (int k = 0; !atomic_load(&stop_writers); k++) {
		store_audit a = {.user = "w", .operation = "write", .object = obj, .outcome = "ok"};
		snprintf(obj, sizeof(obj), "w%d/%d", r->idx, k);
		if (store_audit_append(NULL, st, &a) == 0)
			atomic_fetch_add(&committed, 1);
		else
			r->rc = -1;
	}
	return NULL;
}

START_TEST(backup_while_writers_run)
{
	enum { W = 4 };
	struct res r[W];
	pthread_t t[W];
	char bpath[512], err[256];
	store *b = NULL;
	store_audit *list = NULL;
	size_t n = 0;
	long before;

	/* A PostgreSQL store is backed up by the database's own tools: the
	 * store refuses, naming them, and the live store stays intact. */
	if (store_test_on_pg()) {
		tdir_file(world_dir(), "backup.db", bpath, sizeof(bpath));
		ck_store(store_backup(st, bpath), STORE_EINVAL);
		ck_assert_ptr_nonnull(strstr(store_errmsg(), "pg_dump"));
		ck_assert_int_ne(access(bpath, F_OK), 0);
		ck_ok(store_integrity_check(st));
		return;
	}
	memset(r, 0, sizeof(r));
	atomic_store(&stop_writers, 0);
	for (int i = 0; i < W; i++) {
		r[i].idx = i;
		pthread_create(&t[i], NULL, backup_writer, &r[i]);
	}
	while (atomic_load(&committed) < 200)
		sched_yield();
	before = atomic_load(&committed);
	tdir_file(world_dir(), "backup.db", bpath, sizeof(bpath));
	ck_ok(store_backup(st, bpath));
	atomic_store(&stop_writers, 1);
	for (int i = 0; i < W; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(r[i].rc, 0);
	}

	ck_assert_msg(store_open(&b, bpath, err, sizeof(err)) == 0, "open backup: %s", err);
	ck_ok(store_integrity_check(b));
	ck_ok(store_audit_list(&list, &n, b, NULL));
	/* Everything committed before the backup began is in it, and it is
	 * a snapshot: ids n..1 (newest first) with no hole. */
	ck_assert_int_ge((long)n, before);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(list[i].id, (int64_t)(n - i));
	store_audit_array_free(list, n);
	ck_assert_ptr_nonnull(b);
	store_system *sl = NULL;
	ck_ok(store_system_get_by_name(&sl, b, "vnx1"));
	store_system_free(sl);
	store_close(b);
	ck_store(store_backup(st, ""), STORE_EINVAL);
	char live[512];
	tdir_file(world_dir(), "conc.db", live, sizeof(live));
	ck_store(store_backup(st, live), STORE_EINVAL);
	ck_ok(store_integrity_check(st));
}
END_TEST

int main(void)
{
	return STORE_SUITE("concurrency", setup, world_close, 300, quota_race_admits_exactly_what_fits,
		hlu_race_gives_distinct_hlus, job_start_race_one_winner, name_race_one_volume,
		mixed_threads_no_errors, backup_while_writers_run);
}
