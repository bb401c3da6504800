/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_edge.c - the store's side of the gateway's edge hardening:
 *  - new password hashes use PBKDF2-SHA256 with at least 600,000
 *    iterations, and the count is part of the encoded hash;
 *  - a user whose hash has fewer iterations keeps logging in, and the
 *    first good login re-hashes the password at the current count (a bad
 *    one changes nothing);
 *  - store_audit_prune() removes only records older than the cut-off,
 *    refuses a cut-off in the recent past, and leaves the trail
 *    append-only.
 * The store's clock is time(): this file defines time() so a test can
 * write records "in the past" (the executable's definition is the one the
 * store library binds to).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

static time_t clock_shift;

time_t time(time_t *t)
{
	struct timespec ts;
	time_t v;

	clock_gettime(CLOCK_REALTIME, &ts);
	v = ts.tv_sec + clock_shift;
	if (t)
		*t = v;
	return v;
}

START_TEST(new_hashes_use_600k_iterations)
{
	struct tdir d;
	store *s;
	int iter = 0;
	char *h = NULL;

	tdir_make(&d);
	s = open_store(&d, "a.db");
	ck_ok(store_user_create(NULL, s, "alice", "secret-a", STORE_ROLE_ADMIN, 0));
	ck_ok(store_user_pw_iterations(&iter, s, "alice"));
	ck_assert_int_ge(iter, 600000);
	ck_ok(store_pw_hash_with_iterations(&h, "pw", 1000));
	ck_assert_int_eq(store_pw_hash_iterations(h), 1000);
	ck_assert_int_eq(store_pw_hash_iterations("md5$abc"), -1);
	free(h);
	store_close(s);
	tdir_remove(&d);
}
END_TEST

START_TEST(old_hash_upgraded_at_good_login)
{
	struct tdir d;
	store *s;
	store_user *u = NULL;
	char *old = NULL;
	int iter = 0;

	tdir_make(&d);
	s = open_store(&d, "a.db");
	ck_ok(store_user_create(NULL, s, "bob", "first-pw", STORE_ROLE_ADMIN, 0));
	ck_ok(store_pw_hash_with_iterations(&old, "legacy-pw", 100000));
	ck_ok(store_user_set_pw_hash(s, "bob", old));
	ck_store(store_user_set_pw_hash(s, "bob", "pbkdf2-sha256$1000$zz$00"), STORE_EINVAL);
	ck_ok(store_user_pw_iterations(&iter, s, "bob"));
	ck_assert_int_eq(iter, 100000);

	/* A wrong password changes nothing. */
	ck_store(store_user_verify(s, "bob", "wrong", NULL), STORE_EAUTH);
	ck_ok(store_user_pw_iterations(&iter, s, "bob"));
	ck_assert_int_eq(iter, 100000);

	/* The good one logs in and upgrades the hash; it still verifies. */
	ck_ok(store_user_verify(s, "bob", "legacy-pw", &u));
	ck_assert_ptr_nonnull(u);
	store_user_free(u);
	ck_ok(store_user_pw_iterations(&iter, s, "bob"));
	ck_assert_int_ge(iter, 600000);
	ck_ok(store_user_verify(s, "bob", "legacy-pw", NULL));
	ck_store(store_user_verify(s, "bob", "first-pw", NULL), STORE_EAUTH);
	free(old);
	store_close(s);
	tdir_remove(&d);
}
END_TEST

static void append(store *s, const char *op)
{
	store_audit r = { .user = "u", .operation = (char *)op, .outcome = "ok" };
	int64_t id;

	ck_ok(store_audit_append(&id, s, &r));
}

static size_t count_audit(store *s)
{
	store_audit *recs = NULL;
	size_t n = 0;
	store_filter f;

	memset(&f, 0, sizeof f);
	f.limit = 1000;
	ck_ok(store_audit_list(&recs, &n, s, &f));
	store_audit_array_free(recs, n);
	return n;
}

START_TEST(prune_removes_only_old_records)
{
	struct tdir d;
	store *s;
	int64_t n = -1;
	time_t now;

	tdir_make(&d);
	s = open_store(&d, "a.db");
	clock_shift = -500 * 86400;
	append(s, "old1");
	append(s, "old2");
	clock_shift = -10 * 86400;
	append(s, "mid");
	clock_shift = 0;
	append(s, "new");
	ck_assert_uint_eq(count_audit(s), 4);

	now = time(NULL);
	/* The recent trail cannot be pruned. */
	ck_store(store_audit_prune(&n, s, (int64_t)now), STORE_EINVAL);
	ck_store(store_audit_prune(&n, s, (int64_t)now - 3600), STORE_EINVAL);
	ck_assert_uint_eq(count_audit(s), 4);

	ck_ok(store_audit_prune(&n, s, (int64_t)now - 400 * 86400));
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(count_audit(s), 2);
	/* Nothing left that old: a second prune deletes nothing. */
	ck_ok(store_audit_prune(&n, s, (int64_t)now - 400 * 86400));
	ck_assert_int_eq(n, 0);
	/* Still append-only after a prune: new records go in as before. */
	append(s, "after");
	ck_assert_uint_eq(count_audit(s), 3);
	store_close(s);
	tdir_remove(&d);
}
END_TEST

/* A PostgreSQL URL is refused when it holds a password (in the user
 * part or as a parameter) or lacks the scheme; libpq's own parameters
 * pass, and store_open refuses the same URLs before connecting. */
START_TEST(store_url_is_checked)
{
	static const char *const good[] = {
		"postgresql://slgw@db1:5432/slgw",
		"postgres://slgw@db1/slgw?sslmode=verify-full",
		"postgresql://slgw@db1/slgw?passfile=/etc/slgw/pgpass&sslmode=require",
		"postgresql:///slgw?host=/run/postgresql",
	};
	static const char *const bad[] = {
		"postgresql://slgw:secret@db1/slgw",
		"postgresql://slgw@db1/slgw?password=secret",
		"postgresql://slgw@db1/slgw?sslmode=require&password=secret",
		"mysql://slgw@db1/slgw",
		"postgresql://slgw@db1/slgw name",
		"",
	};
	char err[256];
	store *s = NULL;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(store_url_check(good[i]) == 0, "%s: %s", good[i], store_errmsg());
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(store_url_check(bad[i]) == STORE_EINVAL, "%s accepted", bad[i]);
	ck_assert_ptr_nonnull(strstr((store_url_check(bad[0]), store_errmsg()), "password"));
	ck_assert_int_eq(store_open(&s, bad[0], err, sizeof(err)), STORE_EINVAL);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(err, "password"));
	ck_assert_int_eq(store_target_is_url(good[1]), 1);
	ck_assert_int_eq(store_target_is_url("/var/lib/slgw/slgw.db"), 0);
}
END_TEST

/* PostgreSQL: a session the server ended (a restart, a failover, a cut)
 * costs at most one failed call per connection; the store opens it again
 * and nothing committed is lost. */
START_TEST(lost_sessions_are_reopened)
{
	struct tdir d;
	store *s;
	int64_t t1 = 0, t2 = 0;
	store_tenant *got = NULL;
	int failures = 0;

	if (!store_test_on_pg())
		return;
	tdir_make(&d);
	s = open_store(&d, "cut");
	t1 = mk_tenant(s, "before");
	ck_assert_int_ge(store_test_cut(&d, "cut"), 1);
	/* Every pooled connection may meet its dead session once. */
	for (int i = 0; i < 20 && t2 == 0; i++) {
		store_tenant t = {.name = "after"};
		if (store_tenant_insert(&t2, s, &t) != 0)
			failures++;
	}
	ck_assert_int_gt(t2, t1);
	ck_assert_int_le(failures, 8);
	ck_ok(store_tenant_get(&got, s, t1));
	ck_assert_str_eq(got->name, "before");
	store_tenant_free(got);
	store_close(s);
	tdir_remove(&d);
}
END_TEST

int main(void)
{
	return STORE_SUITE("edge", NULL, NULL, 300, new_hashes_use_600k_iterations,
		old_hash_upgraded_at_good_login, prune_removes_only_old_records,
		store_url_is_checked, lost_sessions_are_reopened);
}
