/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite_one.h - the main() of a Check program whose suite holds a single
 * test case: build the suite and its one case, run it, exit with the
 * result.  Most suites are that shape, and each used to spell out the
 * same suite builder (suite_create, SUITE_CASE, return, suite_run) before
 * its list of tests; with this the list is all a suite's main() says.
 * Header-only on top of suite_run.h, like it, so no link dependency.
 */
#ifndef SLGW_TEST_SUITE_ONE_H
#define SLGW_TEST_SUITE_ONE_H

#include "suite_run.h"

/* Runs the suite named suite of the one case c over the NULL-terminated
 * tests (suite_run: nothing ran or something failed is EXIT_FAILURE).
 * Check keeps the names, so they must outlive the run. */
static inline int suite_run_one(const char *suite, const struct suite_case *c,
				const TTest *const *tests)
{
	Suite *s = suite_create(suite);

	suite_add_case(s, c, tests);
	return suite_run(s);
}

/* SUITE_RUN_ONE("suite", "case", setup, teardown, seconds, test, test, ...):
 * the fixture around each test, as SUITE_CASE. */
#define SUITE_RUN_ONE(suite, name, setup, teardown, timeout, ...) \
	suite_run_one((suite), &(const struct suite_case){ (name), (setup), (teardown), 0, (timeout) }, \
		      (const TTest *const[]){ __VA_ARGS__, NULL })

#endif
