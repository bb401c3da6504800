/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite_each.h - a suite of one test case per test, each case named as
 * ctest selects it (CK_RUN_CASE), all with the same fixture and timeout:
 * the shape of the suites whose tests ctest registers one by one so they
 * run in parallel (tests/broker, tests/cluster).  A suite lists its
 * (name, test) pairs in a table and hands it to SUITE_ADD_EACH instead of
 * spelling out the loop over it.  Header-only on top of suite_run.h, like
 * it, so no link dependency.
 */
#ifndef SLGW_TEST_SUITE_EACH_H
#define SLGW_TEST_SUITE_EACH_H

#include <stddef.h>

#include "suite_run.h"

/* One test and the name of the case that holds it. */
struct suite_test {
	const char *name;
	const TTest *test;
};

/* Adds to s a case per entry of the n tests, with the fixture around each
 * test (checked) and the timeout (0: Check's default). */
static inline void suite_add_each(Suite *s, SFun setup, SFun teardown, double timeout,
				  const struct suite_test *tests, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct suite_case c = { tests[i].name, setup, teardown, 0, timeout };

		suite_add_case(s, &c, (const TTest *const[]){ tests[i].test, NULL });
	}
}

/* SUITE_ADD_EACH(s, setup, teardown, seconds, table): the table's size
 * taken from the array. */
#define SUITE_ADD_EACH(s, setup, teardown, timeout, table) \
	suite_add_each((s), (setup), (teardown), (timeout), (table), sizeof(table) / sizeof((table)[0]))

#endif
