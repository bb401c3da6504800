/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * e2e_check.h - the Check side of the e2e harness for a suite that runs one
 * slgwd --demo per TCase: the suite's server `srv`, its endpoint EP, the
 * TCase fixture up() / down(), clients admin() / tenant() that assert, and
 * E2E_RUN_ONE, the main() of a suite of one such case.
 *
 * Design: Check fixtures are void(void) functions, so they must name the
 * suite's one server; rather than every suite writing the same four
 * functions around its own `static struct e2e srv`, a suite includes this
 * header once (each test program is one translation unit of tests plus
 * the harness) and gets them, as static functions a suite may leave
 * unused.  The harness itself (e2e_harness.c) stays free of Check: the
 * benchmarks compile it in.
 */
#ifndef E2E_CHECK_H
#define E2E_CHECK_H

#include <check.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "../common/suite_one.h"

static struct e2e srv;
#define EP (srv.endpoint)

/* Starts the suite's slgwd (an unchecked fixture: in the parent, before
 * Check forks the tests of the case). */
static __attribute__((unused)) void up(void)
{
	ck_assert_msg(e2e_start(&srv, 0) == 0, "slgwd --demo did not start");
}

/* Stops it: a clean shutdown exits 0 (and, under ASan, leaks nothing). */
static __attribute__((unused)) void down(void)
{
	ck_assert_int_eq(e2e_stop_cleanup(&srv), 0);
}

/* A TLS client of srv as user / password; asserts that it was made. */
static __attribute__((unused)) struct soap *client_as(const char *user, const char *password)
{
	struct soap *s = e2e_client(&srv, user, password);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The demo's admin and tenant users. */
static __attribute__((unused)) struct soap *admin(void)
{
	return client_as("admin", srv.admin_pw);
}

static __attribute__((unused)) struct soap *tenant(void)
{
	return client_as("tenant", srv.tenant_pw);
}

/* E2E_RUN_ONE("suite", "case", seconds, test, test, ...): the main() of a
 * suite of one case around one slgwd (up / down once around the case, as
 * SUITE_CASE_ONCE), on suite_one.h's runner. */
#define E2E_RUN_ONE(suite, name, timeout, ...) \
	suite_run_one((suite), &(const struct suite_case){ (name), up, down, 1, (timeout) }, \
		      (const TTest *const[]){ __VA_ARGS__, NULL })

#endif
