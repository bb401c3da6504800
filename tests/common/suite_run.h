/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * suite_run.h - the main() ending every Check test program shares: run
 * the Check suite with the normal report and turn the failure count into
 * the exit status ctest reads.  Every test folder includes it as
 * "../common/suite_run.h".  Header-only so that each test program, with or
 * without a harness, gets it without a link dependency.
 *
 * A run in which no test ran fails too: CK_RUN_CASE (or a tcase argument)
 * naming a case the suite does not have must not pass silently.
 *
 * SUITE_CASE builds one test case from its name, fixture, timeout and
 * tests, the steps every suite function used to spell out test by test.
 */
#ifndef SLGW_TEST_SUITE_RUN_H
#define SLGW_TEST_SUITE_RUN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* A test case's set-up: the fixture runs around each test in its own
 * process (checked), or once around the whole case (once: unchecked, for
 * a server or cluster the case's tests share); a timeout of 0 keeps
 * Check's default. */
struct suite_case {
	const char *name;
	SFun setup;
	SFun teardown;
	int once;
	double timeout;
};

/* Adds to s the case c running the NULL-terminated tests, in order. */
static inline TCase *suite_add_case(Suite *s, const struct suite_case *c,
				    const TTest *const *tests)
{
	TCase *tc = tcase_create(c->name);

	if (c->setup || c->teardown) {
		if (c->once)
			tcase_add_unchecked_fixture(tc, c->setup, c->teardown);
		else
			tcase_add_checked_fixture(tc, c->setup, c->teardown);
	}
	if (c->timeout > 0)
		tcase_set_timeout(tc, c->timeout);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return tc;
}

#define SUITE_CASE_(s, once, name, setup, teardown, timeout, ...) \
	suite_add_case((s), &(const struct suite_case){ (name), (setup), (teardown), (once), (timeout) }, \
		       (const TTest *const[]){ __VA_ARGS__, NULL })

/* SUITE_CASE(s, "name", setup, teardown, seconds, test, test, ...): the
 * fixture around each test; SUITE_CASE_ONCE: once around the case. */
#define SUITE_CASE(s, ...) SUITE_CASE_(s, 0, __VA_ARGS__)
#define SUITE_CASE_ONCE(s, ...) SUITE_CASE_(s, 1, __VA_ARGS__)

/* Runs the test case named tcase of s (NULL: every case, or the one
 * CK_RUN_CASE names) in the given fork mode and frees s with its runner;
 * EXIT_SUCCESS when tests ran and none failed. */
static inline int suite_run_fork(Suite *s, const char *tcase, enum fork_status fork)
{
	SRunner *sr = srunner_create(s);
	int failed, ran;

	srunner_set_fork_status(sr, fork);
	srunner_run(sr, NULL, tcase, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	ran = srunner_ntests_run(sr);
	srunner_free(sr);
	if (ran == 0) {
		const char *want = tcase ? tcase : getenv("CK_RUN_CASE");

		fprintf(stderr, "no test case ran (case %s)\n", want ? want : "(all)");
		return EXIT_FAILURE;
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* As suite_run_fork, forking as CK_FORK says (Check's default). */
static inline int suite_run_case(Suite *s, const char *tcase)
{
	return suite_run_fork(s, tcase, CK_FORK_GETENV);
}

/* Runs s (and frees it with its runner); EXIT_SUCCESS when nothing failed. */
static inline int suite_run(Suite *s)
{
	return suite_run_case(s, NULL);
}

#endif
