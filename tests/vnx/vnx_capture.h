/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_capture.h - reading a naviseccli capture for the parser suites
 * (test_vnx_parse, test_vnx_classic): the whole file into one buffer, so
 * a parser sees exactly the bytes the array printed.  Header-only: each
 * suite is its own program and needs no library for it.
 */
#ifndef SLGW_TEST_VNX_CAPTURE_H
#define SLGW_TEST_VNX_CAPTURE_H

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file dir/name, NUL-terminated (so an empty file still gets a real
 * buffer), its length without the NUL through *len; fails the test when
 * the file cannot be read.  Caller frees. */
static inline char *capture_read(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
