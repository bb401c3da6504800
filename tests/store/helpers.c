/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * helpers.c - see helpers.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "pg_harness.h"
#include "../common/tmpdir.h"
#include "../common/suite_one.h"

void tdir_make(struct tdir *d)
{
	ck_assert_msg(tmpdir_make(d->path, sizeof(d->path), "slgw-store-") == 0, "mkdtemp %s failed",
	              d->path);
}

void tdir_remove(struct tdir *d)
{
	tmpdir_remove(d->path);
}

void tdir_file(const struct tdir *d, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", d->path, name);
}

int store_test_on_pg(void)
{
	return pg_harness_active();
}

void store_target(const struct tdir *d, const char *name, char *buf, size_t len)
{
	char path[512], err[256] = "";

	tdir_file(d, name, path, sizeof(path));
	/* Under tests/pg/pg_run.sh the store named <dir>/<name> is a
	 * database of its own on the throwaway cluster instead of a file. */
	if (pg_harness_active())
		ck_assert_msg(pg_harness_db_url(buf, len, path, err, sizeof(err)) == 0,
		              "PostgreSQL test database: %s", err);
	else
		snprintf(buf, len, "%s", path);
}

int store_test_cut(const struct tdir *d, const char *name)
{
	char path[512], err[256] = "";
	int n;

	tdir_file(d, name, path, sizeof(path));
	n = pg_harness_cut(path, err, sizeof(err));
	ck_assert_msg(n >= 0, "cutting the sessions: %s", err);
	return n;
}

/* Opens the store at path (a file or a URL); fails the test on error. */
static store *open_at(const char *path)
{
	char err[256] = "";
	store *s = NULL;
	int rc = store_open(&s, path, err, sizeof(err));

	ck_assert_msg(rc == 0 && s != NULL, "store_open(%s): %s", path, err);
	return s;
}

store *open_store_file(const struct tdir *d, const char *name)
{
	char path[512];

	tdir_file(d, name, path, sizeof(path));
	return open_at(path);
}

store *open_store(const struct tdir *d, const char *name)
{
	char path[512];

	store_target(d, name, path, sizeof(path));
	return open_at(path);
}

int64_t mk_system(store *s, const char *name)
{
	store_system sys = {.name = (char *)name, .adapter = "vnx", .spa = "10.1.1.1",
	                    .spb = "10.1.1.2"};
	int64_t id = 0;

	ck_ok(store_system_insert(&id, s, &sys));
	ck_assert_int_gt(id, 0);
	return id;
}

int64_t mk_pool(store *s, int64_t system_id, int64_t array_id, const char *name)
{
	store_pool p = {.system_id = system_id, .array_id = array_id, .name = (char *)name,
	                .capacity_mb = 1 << 20, .free_mb = 1 << 19};
	int64_t id = 0;

	ck_ok(store_pool_insert(&id, s, &p));
	return id;
}

int64_t mk_tenant(store *s, const char *name)
{
	store_tenant t = {.name = (char *)name, .description = "test tenant"};
	int64_t id = 0;

	ck_ok(store_tenant_insert(&id, s, &t));
	return id;
}

int64_t mk_grant(store *s, int64_t tenant_id, int64_t pool_id, int64_t quota_mb,
                 int64_t max_volumes)
{
	store_grant g = {.tenant_id = tenant_id, .pool_id = pool_id, .quota_mb = quota_mb,
	                 .max_volumes = max_volumes};
	int64_t id = 0;

	ck_ok(store_grant_insert(&id, s, &g));
	return id;
}

int64_t mk_host(store *s, int64_t tenant_id, const char *name)
{
	store_host h = {.tenant_id = tenant_id, .name = (char *)name, .ip = "192.168.0.10"};
	int64_t id = 0;

	ck_ok(store_host_insert(&id, s, &h));
	return id;
}

int try_volume(store *s, int64_t *out_id, int64_t tenant, int64_t system, int64_t pool,
               const char *name, int64_t size_mb)
{
	store_volume v = {.tenant_id = tenant, .name = (char *)name, .system_id = system,
	                  .pool_id = pool, .size_mb = size_mb, .prov = STORE_PROV_THIN};
	int64_t id = 0;
	int rc = store_volume_reserve(&id, s, &v);

	if (out_id)
		*out_id = id;
	return rc;
}

int64_t mk_volume(store *s, int64_t tenant, int64_t system, int64_t pool, const char *name,
                  int64_t size_mb)
{
	int64_t id = 0;

	ck_ok(try_volume(s, &id, tenant, system, pool, name, size_mb));
	return id;
}

static struct tdir world_tdir;
static store *world_st;

store *world_open(int64_t *out_sys, int64_t *out_pool, int64_t *out_tenant, const char *db)
{
	tdir_make(&world_tdir);
	world_st = open_store(&world_tdir, db);
	*out_sys = mk_system(world_st, "vnx1");
	*out_pool = mk_pool(world_st, *out_sys, 0, "Pool 0");
	*out_tenant = mk_tenant(world_st, "acme");
	return world_st;
}

void world_close(void)
{
	store_close(world_st);
	world_st = NULL;
	tdir_remove(&world_tdir);
}

const struct tdir *world_dir(void)
{
	return &world_tdir;
}

int store_suite_run(const char *tcase, SFun setup, SFun teardown, double timeout,
                    const TTest *const *tests)
{
	/* Check keeps the suite's name, so it must outlive the run. */
	static char name[64];

	snprintf(name, sizeof(name), "store_%s", tcase);
	return suite_run_one(name, &(const struct suite_case){ tcase, setup, teardown, 0, timeout },
	                     tests);
}
