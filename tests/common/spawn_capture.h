/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn_capture.h - run a program the way the test harnesses and the fake
 * host run their tools: an argv array and an explicit environment (never a
 * shell), optional text on its stdin, its stdout read to the end into one
 * string, then its exit status.
 *
 * Design: one place owns the pipes, the close-on-exec flags, the EINTR
 * retries and the wait, so each caller only says what to run.  stdin text
 * is written in full before stdout is read, which is right for the callers
 * here (the plugin reads all its arguments before it prints; the other
 * tools get no stdin), and keeps the helper free of a poll loop.  The
 * child's stderr and, without text, its stdin are the caller's.
 */
#ifndef SLGW_TEST_SPAWN_CAPTURE_H
#define SLGW_TEST_SPAWN_CAPTURE_H

/* Runs argv with envp; argv[0] is a path, or with search set a name looked
 * up on PATH.  in (may be NULL) is written to its stdin.  *out gets its
 * stdout (malloc'ed, NUL terminated), or NULL when it could not be started
 * (errno says why).  Returns its exit status, or -1 when it could not be
 * started or did not exit. */
int spawn_capture(char **out, char *const argv[], char *const envp[], int search,
		  const char *in);

#endif
