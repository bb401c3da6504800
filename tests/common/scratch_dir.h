/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scratch_dir.h - the private directory a test or benchmark works in: made
 * fresh under $TMPDIR (/tmp when it is unset or empty) with a name no other
 * run can hold, since the suites run in parallel, and removed afterwards
 * with the files the run left in it (a store and its -wal/-shm, a
 * simulator's home, a fake CLI's script and log).  The directories are
 * flat: nothing makes subdirectories in them.
 *
 * Header-only and without Check, like suite_run.h, so that test programs
 * and benchmarks use it without a link dependency; the caller asserts or
 * dies on a failure as it does elsewhere.
 */
#ifndef SLGW_TEST_SCRATCH_DIR_H
#define SLGW_TEST_SCRATCH_DIR_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes the directory $TMPDIR/<prefix>-XXXXXX and puts its name in dir
 * (size bytes); 0, or -1 when the name does not fit or mkdtemp fails. */
static inline int scratch_dir_make(char *dir, size_t size, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	int n = snprintf(dir, size, "%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);

	if (n < 0 || (size_t)n >= size)
		return -1;
	return mkdtemp(dir) ? 0 : -1;
}

/* Removes the files in dir, then dir; one that is gone already is no
 * error (a teardown may run after a test that removed it). */
static inline void scratch_dir_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	rmdir(dir);
}

#endif
