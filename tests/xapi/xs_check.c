/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_check.c - see xs_check.h.  Compiled into each suite, which defines
 * SLGW_XAPI_TREE (the plugin's command tree in the build).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "xs_check.h"

json_t *xs_call(const struct xsh_host *h, int dp, const char *method, json_t *args, int want)
{
	int st;
	json_t *r = xsh_call(SLGW_XAPI_TREE, dp, h, method, args, &st);
	char *s = r ? json_dumps(r, JSON_ENCODE_ANY) : NULL;

	if (st != want)
		fprintf(stderr, "%s: exit %d (wanted %d): %s\n", method, st, want, s ? s : "(none)");
	free(s);
	json_decref(args);
	ck_assert_int_eq(st, want);
	ck_assert_ptr_nonnull(r);
	return r;
}
