/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_store.c - read throughput of the store on SQLite and on
 * PostgreSQL, side by side, and their ratio.
 *
 * Usage: bench_store [SECONDS] [THREADS]   (PostgreSQL: the URL in
 * SLGW_BENCH_STORE_URL, or SLGW_TEST_STORE_URL as tests/pg/pg_run.sh sets
 * it, e.g. tests/pg/pg_run.sh build/bin/bench_store).  Without a URL only
 * SQLite is measured.
 *
 * What it measures: the gateway's reads as the API makes them, through
 * store.h only: a mix of one volume get (with its keys) and one page of
 * 50 volumes of a tenant, from THREADS threads sharing one store handle,
 * for SECONDS each, over the same 2000 volumes in both databases.  It
 * prints figures; nothing asserts on time.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

#define NVOL 2000

static atomic_int stop;

struct worker {
	store *s;
	int64_t first, tenant;
	unsigned seed;
	long ops, errors;
};

static void *run(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&stop)) {
		store_volume *v = NULL, *list = NULL;
		size_t n = 0;
		int64_t id = w->first + (int64_t)(rand_r(&w->seed) % NVOL);
		int64_t after = w->first + (int64_t)(rand_r(&w->seed) % (NVOL - 50));

		if (store_volume_get(&v, w->s, id))
			w->errors++;
		store_volume_free(v);
		if (store_volume_list(&list, &n, w->s,
		                      &(store_filter){.tenant_id = w->tenant, .after = after,
		                                      .limit = 50}))
			w->errors++;
		store_volume_array_free(list, n);
		w->ops += 2;
	}
	return NULL;
}

static int fill(store *s, int64_t *first, int64_t *tenant)
{
	store_system sys = {.name = "vnx1", .adapter = "vnx", .spa = "10.0.0.1"};
	store_pool p = {.array_id = 0, .name = "Pool 0", .capacity_mb = INT64_C(1) << 30,
	                .free_mb = INT64_C(1) << 29};
	store_tenant t = {.name = "acme"};
	store_grant g = {.quota_mb = INT64_C(1) << 30};
	store_kv kv[] = {{"sr", "sr-1"}, {"vdi", "uuid"}};
	store_attr_change chg = {.collection = "sr-1", .set = kv, .n_set = 2};
	int64_t sid, pid, tid, id;
	char name[32];

	if (store_system_insert(&sid, s, &sys))
		return -1;
	p.system_id = sid;
	if (store_pool_insert(&pid, s, &p) || store_tenant_insert(&tid, s, &t))
		return -1;
	g.tenant_id = tid;
	g.pool_id = pid;
	if (store_grant_insert(NULL, s, &g))
		return -1;
	for (int i = 0; i < NVOL; i++) {
		store_volume v = {.tenant_id = tid, .name = name, .system_id = sid, .pool_id = pid,
		                  .size_mb = 1024, .prov = STORE_PROV_THIN};
		snprintf(name, sizeof(name), "vol-%05d", i);
		if (store_volume_reserve(&id, s, &v) || store_volume_set_attrs(s, id, &chg))
			return -1;
		if (i == 0)
			*first = id;
	}
	*tenant = tid;
	return 0;
}

static double measure(const char *label, const char *target, int seconds, int threads)
{
	struct worker w[64];
	pthread_t th[64];
	char err[512];
	store *s = NULL;
	int64_t first = 0, tenant = 0;
	long ops = 0, errors = 0;
	double rate;

	if (store_open(&s, target, err, sizeof(err))) {
		fprintf(stderr, "bench_store: %s: %s\n", label, err);
		return -1;
	}
	if (fill(s, &first, &tenant)) {
		fprintf(stderr, "bench_store: %s: filling: %s\n", label, store_errmsg());
		store_close(s);
		return -1;
	}
	atomic_store(&stop, 0);
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){.s = s, .first = first, .tenant = tenant, .seed = 17u + (unsigned)i};
		pthread_create(&th[i], NULL, run, &w[i]);
	}
	sleep((unsigned)seconds);
	atomic_store(&stop, 1);
	for (int i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		ops += w[i].ops;
		errors += w[i].errors;
	}
	store_close(s);
	rate = (double)ops / seconds;
	printf("%-10s %10.0f reads/s  (%d threads, %d s, %ld errors)\n", label, rate, threads,
	       seconds, errors);
	return errors ? -1 : rate;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 5, threads = argc > 2 ? atoi(argv[2]) : 4;
	const char *url = getenv("SLGW_BENCH_STORE_URL");
	char dir[] = "/tmp/slgw-bench-store-XXXXXX", path[128];
	double lite, pg = -1;

	if (seconds < 1 || seconds > 600 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: bench_store [SECONDS 1..600] [THREADS 1..64]\n");
		return 2;
	}
	if (!url || !*url)
		url = getenv("SLGW_TEST_STORE_URL");
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/bench.db", dir);
	lite = measure("sqlite", path, seconds, threads);
	if (url && *url)
		pg = measure("postgresql", url, seconds, threads);
	else
		printf("postgresql (no SLGW_BENCH_STORE_URL: run through tests/pg/pg_run.sh)\n");
	if (lite > 0 && pg > 0)
		printf("ratio postgresql/sqlite: %.2f\n", pg / lite);
	{
		char f[160];
		const char *sfx[] = {"/bench.db", "/bench.db-wal", "/bench.db-shm"};
		for (size_t i = 0; i < 3; i++) {
			snprintf(f, sizeof(f), "%s%s", dir, sfx[i]);
			unlink(f);
		}
		rmdir(dir);
	}
	return lite > 0 && (pg > 0 || !url || !*url) ? 0 : 1;
}
