/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite_run.h - the main() ending every Check test program shares (those
 * of other test folders include it as "../gateway/suite_run.h"): run the
 * Check suite with the normal report, and turn the failure count into the
 * exit status ctest reads.  Header-only so that each test program, with
 * or without a harness, gets it without a link dependency.
 */
#ifndef SLGW_TEST_SUITE_RUN_H
#define SLGW_TEST_SUITE_RUN_H

#include <check.h>
#include <stdlib.h>

/* Runs the test case named tcase of s (NULL: every case, or the one
 * CK_RUN_CASE names) and frees s with its runner; EXIT_SUCCESS when
 * nothing failed. */
static inline int suite_run_case(Suite *s, const char *tcase)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run(sr, NULL, tcase, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Runs s (and frees it with its runner); EXIT_SUCCESS when nothing failed. */
static inline int suite_run(Suite *s)
{
	return suite_run_case(s, NULL);
}

#endif
