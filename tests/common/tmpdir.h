/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tmpdir.h - the private temporary directory a test works in: made fresh
 * under $TMPDIR (or /tmp) so that suites running in parallel under
 * ctest -j never share a file, and removed whole afterwards.  The store
 * and navisim helpers both make and remove one per test; compiled into
 * each test helper library that needs it (tmpdir.c).
 */
#ifndef SLGW_TEST_TMPDIR_H
#define SLGW_TEST_TMPDIR_H

#include <stddef.h>

/* Makes a new directory "<$TMPDIR or /tmp>/<prefix>XXXXXX" and writes its
 * path into buf (the template when it fails); 0, or -1 with errno. */
int tmpdir_make(char *buf, size_t len, const char *prefix);

/* Removes path and everything below it; a missing path is not an error. */
void tmpdir_remove(const char *path);

#endif
