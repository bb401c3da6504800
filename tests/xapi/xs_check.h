/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_check.h - the asserting plugin call the xapi Check suites (test_xapi,
 * test_xapi_dp) share: a command of the build's plugin tree run for a host
 * must exit as the test wants and print JSON.  Kept apart from xs_harness,
 * which the xapi benchmark links too and which must not assert.
 */
#ifndef SLGW_TEST_XS_CHECK_H
#define SLGW_TEST_XS_CHECK_H

#include <jansson.h>

#include "xs_harness.h"

/* Runs method of the volume (dp = 0) or datapath tree of SLGW_XAPI_TREE for
 * h with args (stolen); asserts the exit status is want (printing the
 * output when it is not) and that stdout was JSON, which is returned. */
json_t *xs_call(const struct xsh_host *h, int dp, const char *method, json_t *args, int want);

#endif
