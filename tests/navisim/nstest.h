/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstest.h - helpers shared by the navisim test suites.
 *
 * Every test gets its own NAVISIM_HOME (mkdtemp), so suites run in
 * parallel under ctest -j without sharing a state file, and drives the
 * real navisim executable (NAVISIM_BIN, set by CMake) through posix_spawn
 * exactly as the adapter's runner does: argv array, stdout captured, exit
 * status returned.  Captures are read from SLGW_CAPTURES.
 */
#ifndef NSTEST_H
#define NSTEST_H

#include <check.h>
#include <stddef.h>

#include "../common/suite_one.h"

typedef struct ns_result {
	char *out;   /* NUL-terminated stdout */
	size_t len;
	int status;  /* exit status (or 128+signal) */
} ns_result;

/* Create a fresh NAVISIM_HOME for this test and export it. */
void ns_setup(void);
/* Remove it again. */
void ns_teardown(void);
/* The current NAVISIM_HOME. */
const char *ns_home(void);

/* Run navisim with argv (NULL-terminated, argv[0] is the first argument
 * after the program name); asserts the spawn itself worked. */
void ns_run(ns_result *r, const char *const *argv);
/* Run the space-separated line without any Check call (for forked
 * workers): its output, cut to cap - 1 bytes, into out; the exit status
 * (128+signal when killed), or -1 when navisim could not start. */
int ns_run_quiet(char *out, size_t cap, const char *line);
/* Same with the arguments given as one space-separated string. */
void ns_cmd(ns_result *r, const char *line);
/* ns_cmd, then assert exit 0 and empty output (a modifying success). */
void ns_ok(const char *line);
void ns_result_free(ns_result *r);

/* Create a default array named name with SPs spa/spb (extra: more admin flags or NULL). */
void ns_array(const char *name, const char *spa, const char *spb, const char *extra);

/* Whole capture file (NUL-terminated, caller frees). */
char *ns_capture(const char *name, size_t *len);
/* Length of text without trailing blanks / newlines. */
size_t ns_trimmed_len(const char *text, size_t len);
/* Assert output equals the capture byte for byte, trailing newlines aside. */
void ns_assert_same_text(const char *capture, const ns_result *r);

/*
 * Label sequence of a listing: the text before ':' of every unindented
 * "Label: value" line, in order, joined with '\n' (caller frees).  Tier
 * names under "Tier Distribution:" are skipped (their number depends on
 * the pool's disks, not on the format).
 */
char *ns_labels(const char *text);
/* The lines of text from the first line starting with first up to (not
 * including) the next line starting with next_prefix (caller frees). */
char *ns_section(const char *text, const char *first, const char *next_prefix);

/* The value after the first label in out ("Label:  value": the spaces and
 * colons after the label skipped, up to the end of the line), copied to
 * buf (cut to len); fails the test when out has no label. */
const char *ns_field(char *buf, size_t len, const char *out, const char *label);

/* Run line; its exit status. */
int ns_status(const char *line);
/* Run line, assert it exited with status. */
void ns_expect_status(const char *line, int status);
/* Run line, assert it failed (non-zero exit) and printed text somewhere. */
void ns_expect_fail(const char *line, const char *text);
/* Run line, assert it failed and printed exactly text (trailing newlines aside). */
void ns_expect_text(const char *line, const char *text);
/* Run line, assert success, return its output (caller frees). */
char *ns_out(const char *line);
/* Run line, assert success and that its output holds every one of texts
 * (NULL-ended); NS_EXPECT_OUT(line, text, ...) takes them as arguments. */
void ns_expect_out(const char *line, const char *const *texts);
#define NS_EXPECT_OUT(line, ...) ns_expect_out((line), (const char *const[]){ __VA_ARGS__, NULL })
/* The array's contents document (`--admin show`) as text (caller frees). */
char *ns_show(const char *name);

/* Seconds of a monotonic clock. */
double ns_now(void);

#endif /* NSTEST_H */
