/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_fixture.h - the checked fixture of the test programs on the fake
 * naviseccli (test_runner, test_vnx, test_classic): the sandbox fe, the
 * configuration cfg pointing at it, the adapter a that a test makes and
 * the error e it reads, made fresh around each test and freed after it.
 * A test that tries several arrays in turn takes a fresh sandbox with
 * fake_restart.
 *
 * Header-only with file-scope state, like fake_env.h: each test program
 * is one file, and Check runs each test in a process of its own.
 */
#ifndef SLGW_TEST_FAKE_FIXTURE_H
#define SLGW_TEST_FAKE_FIXTURE_H

#include <string.h>

#include "fake_env.h"

static struct fake_env fe;
static struct vnx_config cfg;
static struct slgw_adapter *a;
static struct slgw_adapter_error e;

static void fake_setup(void)
{
	fake_env_init(&fe);
	cfg = fake_config(&fe);
	a = NULL;
	memset(&e, 0, sizeof(e));
}

static void fake_teardown(void)
{
	slgw_adapter_free(a);
	a = NULL;
	fake_env_fini(&fe);
}

/* Writes text as the answer file name in the sandbox; its path, good
 * until four more answers are written. */
static inline const char *fake_answer(const char *name, const char *text)
{
	static char paths[4][512];
	static unsigned k;
	char *path = paths[k++ % 4];

	fake_file(&fe, path, sizeof(paths[0]), name, text);
	return path;
}

/* The adapter and sandbox of this round freed, a fresh sandbox for the
 * next. */
static inline void fake_restart(void)
{
	fake_teardown();
	fake_setup();
}

#endif /* SLGW_TEST_FAKE_FIXTURE_H */
