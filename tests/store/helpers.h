/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * helpers.h - fixtures shared by the store test suites: a private temp
 * directory per test (so ctest -j runs never collide), an open store in
 * it, and builders for the usual objects (system, pool, tenant, grant);
 * the "world" fixture of the suites that start from one system, pool and
 * tenant, and the main() every store suite ends with.
 */
#ifndef SLGW_TEST_STORE_HELPERS_H
#define SLGW_TEST_STORE_HELPERS_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#include "../common/suite_one.h"

struct tdir {
	char path[256];
};

/* mkdtemp under $TMPDIR (or /tmp); fails the test on error. */
void tdir_make(struct tdir *d);
/* Remove every file in the directory, then the directory. */
void tdir_remove(struct tdir *d);
/* "<dir>/<name>" into buf. */
void tdir_file(const struct tdir *d, const char *name, char *buf, size_t len);

/* Open (creating) <dir>/<name>; fails the test with the message on error.
 * Under tests/pg/pg_run.sh the store is a PostgreSQL database of its own
 * for that name instead (the suite's _pg run). */
store *open_store(const struct tdir *d, const char *name);
/* What open_store opens for <dir>/<name>: the file path or the URL. */
void store_target(const struct tdir *d, const char *name, char *buf, size_t len);
/* Always the SQLite file <dir>/<name>: for what only a file has (old
 * schema versions built by store_testing, backups, modes, WAL). */
store *open_store_file(const struct tdir *d, const char *name);
/* 1 in the suite's PostgreSQL run. */
int store_test_on_pg(void);
/* PostgreSQL run: ends every session of the store <dir>/<name> as a server
 * restart would; returns how many. */
int store_test_cut(const struct tdir *d, const char *name);

/* Builders: each asserts success and returns the new id. */
int64_t mk_system(store *s, const char *name);
int64_t mk_pool(store *s, int64_t system_id, int64_t array_id, const char *name);
int64_t mk_tenant(store *s, const char *name);
int64_t mk_grant(store *s, int64_t tenant_id, int64_t pool_id, int64_t quota_mb,
                 int64_t max_volumes);
int64_t mk_host(store *s, int64_t tenant_id, const char *name);
/* Reserve a THIN volume; returns the code, id through *out_id (may be NULL). */
int try_volume(store *s, int64_t *out_id, int64_t tenant, int64_t system, int64_t pool,
               const char *name, int64_t size_mb);
int64_t mk_volume(store *s, int64_t tenant, int64_t system, int64_t pool, const char *name,
                  int64_t size_mb);

/* The fixture of the suites that start from one populated store: a fresh
 * directory, the store <dir>/<db> in it (as open_store opens it), system
 * "vnx1", its "Pool 0" (array id 0) and tenant "acme", their ids through
 * the out-params.  world_close, a checked fixture's teardown, closes that
 * store and removes the directory; world_dir names it meanwhile. */
store *world_open(int64_t *out_sys, int64_t *out_pool, int64_t *out_tenant, const char *db);
void world_close(void);
const struct tdir *world_dir(void);

/* Assert a store call returned `want`, printing the store message if not. */
#define ck_store(call, want)                                                              \
	do {                                                                              \
		int rc_ = (call);                                                         \
		ck_assert_msg(rc_ == (want), "%s -> %s (%d), want %s: %s", #call,         \
		              store_strerror(rc_), rc_, store_strerror(want), store_errmsg()); \
	} while (0)
#define ck_ok(call) ck_store(call, STORE_OK)

/* Runs the suite "store_<tcase>" of the one case tcase: the
 * NULL-terminated tests, the fixture around each; EXIT_SUCCESS when tests
 * ran and none failed.  STORE_SUITE takes the tests as arguments. */
int store_suite_run(const char *tcase, SFun setup, SFun teardown, double timeout,
                    const TTest *const *tests);
#define STORE_SUITE(tcase, setup, teardown, timeout, ...) \
	store_suite_run((tcase), (setup), (teardown), (timeout), \
	                (const TTest *const[]){ __VA_ARGS__, NULL })

#endif
