/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vnx.c - the readers and the result check of fuzz_vnx.h, compiled
 * into each naviseccli parser target.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_vnx.h"
#include "vnx_parse.h"

volatile size_t fuzz_sink;

void touch(const char *s)
{
	if (s)
		fuzz_sink += strlen(s);
}

void touch_ids(const int64_t *v, size_t n)
{
	if (n && !v)
		abort();
	for (size_t i = 0; i < n; i++)
		fuzz_sink += (size_t)v[i];
}

void check_out(int rc, const void *out, size_t n)
{
	if (rc != 0 && rc != VNX_PARSE_EFORMAT && rc != VNX_PARSE_ENOMEM)
		abort();
	if (rc != 0 && (out || n))
		abort();
	if (rc == 0 && (n == 0) != (out == NULL))
		abort();
}
