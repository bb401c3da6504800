/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_test_config.h - the VNX adapter configuration the tests start from:
 * a naviseccli (the scripted fake or navisim), an array's name and SP
 * addresses, user admin with the given password at global scope, 30 s a
 * command, 1 ms before the first retry so that retried tests stay fast,
 * and the environment that points the CLI at the test's sandbox.  A test
 * then changes the one field it is about (retries, timeout, output cap).
 *
 * Header-only: it needs vnx_adapter.h and nothing else.
 */
#ifndef SLGW_TEST_VNX_TEST_CONFIG_H
#define SLGW_TEST_VNX_TEST_CONFIG_H

#include "vnx_adapter.h"

static inline struct vnx_config vnx_test_config(const char *cli, const char *name,
						const char *sp_a, const char *sp_b,
						const char *password, char *const *envp)
{
	struct vnx_config c = { .naviseccli = cli, .name = name, .sp_a = sp_a, .sp_b = sp_b,
				.user = "admin", .password = password, .scope = 0,
				.timeout_ms = 30000, .backoff_ms = 1, .envp = envp };

	return c;
}

#endif
