/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * navisim_home.h - a private NAVISIM_HOME for a test or benchmark that
 * drives navisim, and the one way such a program runs navisim itself
 * (`navisim --admin ...` to create an array or inject a failure, or
 * navisim as naviseccli with the global options an administrator types).
 * The home is a tmpdir (tmpdir.c), so parallel runs never share an array; the
 * environment handed to navisim names it, and the same envp goes into the
 * adapter's configuration so that the gateway's commands reach the same
 * simulated arrays.
 *
 * Header-only and without Check (benchmarks use it too): the functions
 * return -1 where they could not do their work and the caller asserts.
 * navisim runs from an argv array through spawn_capture, never a shell;
 * a program using this links tests/common/spawn_capture.c and tmpdir.c.
 */
#ifndef SLGW_TEST_NAVISIM_HOME_H
#define SLGW_TEST_NAVISIM_HOME_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawn_capture.h"
#include "tmpdir.h"

struct navisim_home {
	char dir[256];
	char envvar[300];
	char *envp[2]; /* NAVISIM_HOME=<dir>, NULL */
};

/* Makes a fresh home <prefix>XXXXXX and its environment; 0 or -1. */
static inline int navisim_home_make(struct navisim_home *h, const char *prefix)
{
	memset(h, 0, sizeof(*h));
	if (tmpdir_make(h->dir, sizeof(h->dir), prefix))
		return -1;
	snprintf(h->envvar, sizeof(h->envvar), "NAVISIM_HOME=%s", h->dir);
	h->envp[0] = h->envvar;
	h->envp[1] = NULL;
	return 0;
}

/* Removes the home with the arrays (and anything else) kept in it. */
static inline void navisim_home_remove(struct navisim_home *h)
{
	tmpdir_remove(h->dir);
}

/* Runs bin with the words of lead, then those of args (both
 * NULL-terminated, 60 words at the most), in home h.  Its stdout goes
 * into *out (malloc'd; the caller frees) when out is not NULL, and is
 * dropped otherwise.  Returns its exit status, or -1 when it could not be
 * run, did not exit, or had too many words. */
static inline int navisim_home_run(char **out, const struct navisim_home *h, const char *bin,
				   const char *const *lead, const char *const *args)
{
	char *argv[64], *text = NULL;
	int n = 0, status;

	if (out)
		*out = NULL;
	argv[n++] = (char *)bin;
	for (const char *const *w = lead; *w && n < 62; w++)
		argv[n++] = (char *)*w;
	for (const char *const *w = args; *w && n < 62; w++)
		argv[n++] = (char *)*w;
	if (n >= 62)
		return -1;
	argv[n] = NULL;
	status = spawn_capture(&text, argv, h->envp, 0, NULL);
	if (out)
		*out = text;
	else
		free(text);
	return text ? status : -1;
}

/* `bin --admin ARGS...` in home h (see navisim_home_run). */
static inline int navisim_home_admin(char **out, const struct navisim_home *h, const char *bin,
				     const char *const *args)
{
	static const char *const admin[] = { "--admin", NULL };

	return navisim_home_run(out, h, bin, admin, args);
}

#endif
