/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nstest.c - implementation of the navisim test helpers (see nstest.h).
 * Temp directories are made and removed by tests/common/tmpdir.c;
 * processes are started with posix_spawn and their stdout read through a
 * pipe until EOF.
 */
#define _XOPEN_SOURCE 700
#include "nstest.h"
#include "../common/tmpdir.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char g_home[512];

void ns_setup(void)
{
	ck_assert_int_eq(tmpdir_make(g_home, sizeof(g_home), "navisim-test-"), 0);
	ck_assert_int_eq(setenv("NAVISIM_HOME", g_home, 1), 0);
}

void ns_teardown(void)
{
	tmpdir_remove(g_home);
	g_home[0] = 0;
}

const char *ns_home(void)
{
	return g_home;
}

/* Starts navisim with args (args[0] is NAVISIM_BIN, NULL-ended), its
 * stdout on a pipe whose read end goes to *out_fd; 0, or -1.  No Check
 * calls: forked workers use it through ns_run_quiet. */
static int spawn(pid_t *pid, int *out_fd, char *const *args)
{
	posix_spawn_file_actions_t fa;
	int fds[2], rc;

	if (pipe(fds))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	rc = posix_spawn(pid, NAVISIM_BIN, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (rc) {
		close(fds[0]);
		return -1;
	}
	*out_fd = fds[0];
	return 0;
}

/* Waits for pid; its exit status, or 128+signal. */
static int reap(pid_t pid)
{
	int st = 0;

	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void ns_run(ns_result *r, const char *const *argv)
{
	const char *args[64];
	int fd, n = 0;
	pid_t pid;
	size_t cap = 4096;

	args[n++] = NAVISIM_BIN;
	for (; argv[n - 1] && n < 63; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;
	ck_assert_int_eq(spawn(&pid, &fd, (char *const *)args), 0);
	r->out = malloc(cap);
	r->len = 0;
	ck_assert_ptr_nonnull(r->out);
	for (;;) {
		ssize_t got;
		if (r->len + 1024 > cap) {
			cap *= 2;
			r->out = realloc(r->out, cap);
			ck_assert_ptr_nonnull(r->out);
		}
		got = read(fd, r->out + r->len, cap - r->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		r->len += (size_t)got;
	}
	r->out[r->len] = 0;
	close(fd);
	r->status = reap(pid);
}

int ns_run_quiet(char *out, size_t cap, const char *line)
{
	char copy[512], *argv[40], *save = NULL, *tok;
	int n = 0, fd;
	size_t len = 0;
	pid_t pid;

	argv[n++] = (char *)NAVISIM_BIN;
	snprintf(copy, sizeof(copy), "%s", line);
	for (tok = strtok_r(copy, " ", &save); tok && n < 39; tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	if (spawn(&pid, &fd, argv))
		return -1;
	for (;;) {
		char sink[4096];
		ssize_t got = read(fd, len + 1 < cap ? out + len : sink,
				   len + 1 < cap ? cap - len - 1 : sizeof(sink));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (len + 1 < cap)
			len += (size_t)got;
	}
	out[len] = 0;
	close(fd);
	return reap(pid);
}

void ns_cmd(ns_result *r, const char *line)
{
	char *copy = strdup(line), *save = NULL, *tok;
	const char *argv[64];
	int n = 0;

	ck_assert_ptr_nonnull(copy);
	for (tok = strtok_r(copy, " ", &save); tok && n < 63; tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	ns_run(r, argv);
	free(copy);
}

void ns_ok(const char *line)
{
	ns_result r;
	ns_cmd(&r, line);
	ck_assert_msg(r.status == 0 && r.len == 0, "'%s' -> exit %d, output '%s'", line, r.status, r.out);
	ns_result_free(&r);
}

void ns_result_free(ns_result *r)
{
	free(r->out);
	r->out = NULL;
}

void ns_array(const char *name, const char *spa, const char *spb, const char *extra)
{
	char line[1024];
	ns_result r;

	snprintf(line, sizeof(line), "--admin create-array --name %s --spa %s --spb %s%s%s", name, spa,
		 spb, extra ? " " : "", extra ? extra : "");
	ns_cmd(&r, line);
	ck_assert_msg(r.status == 0, "create-array failed: %d", r.status);
	ns_result_free(&r);
}

char *ns_capture(const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf;
	long sz;

	snprintf(path, sizeof(path), "%s/%s", SLGW_CAPTURES, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open capture %s", path);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)sz + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)sz, f), (size_t)sz);
	buf[sz] = 0;
	fclose(f);
	if (len)
		*len = (size_t)sz;
	return buf;
}

size_t ns_trimmed_len(const char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' '))
		len--;
	return len;
}

void ns_assert_same_text(const char *capture, const ns_result *r)
{
	size_t clen, a, b;
	char *c = ns_capture(capture, &clen);

	a = ns_trimmed_len(c, clen);
	b = ns_trimmed_len(r->out, r->len);
	ck_assert_msg(a == b && memcmp(c, r->out, a) == 0, "output differs from %s:\n--- capture\n%s\n--- navisim\n%s",
		      capture, c, r->out);
	free(c);
}

char *ns_labels(const char *text)
{
	size_t cap = strlen(text) + 1, n = 0;
	char *out = malloc(cap);
	const char *p = text;
	int in_tiers = 0;

	ck_assert_ptr_nonnull(out);
	out[0] = 0;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *colon = memchr(p, ':', len);
		if (len >= 19 && strncmp(p, "LOGICAL UNIT NUMBER", 19) == 0) {
			n += (size_t)snprintf(out + n, cap - n, "LOGICAL UNIT NUMBER\n");
		} else if (colon && p[0] != ' ') {
			size_t l = (size_t)(colon - p);
			while (l && p[l - 1] == ' ')
				l--;
			if (l == 17 && strncmp(p, "Tier Distribution", 17) == 0)
				in_tiers = 1;
			else if (in_tiers && strncmp(p, "Allow Snapshot Auto-Delete", 26) == 0)
				in_tiers = 0;
			else if (in_tiers)
				goto next;
			if (n + l + 2 < cap) {
				memcpy(out + n, p, l);
				n += l;
				out[n++] = '\n';
				out[n] = 0;
			}
		}
next:
		p = eol ? eol + 1 : p + len;
	}
	return out;
}

char *ns_section(const char *text, const char *first, const char *next_prefix)
{
	const char *start = NULL, *p = text, *end;
	size_t fl = strlen(first), nl = strlen(next_prefix);
	char *out;

	while (*p) {
		if (strncmp(p, first, fl) == 0) {
			start = p;
			break;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	ck_assert_msg(start != NULL, "section '%s' not found", first);
	end = strchr(start, '\n');
	while (end) {
		if (strncmp(end + 1, next_prefix, nl) == 0)
			break;
		end = strchr(end + 1, '\n');
	}
	if (!end)
		end = start + strlen(start);
	else
		end++;
	out = strndup(start, (size_t)(end - start));
	ck_assert_ptr_nonnull(out);
	return out;
}

const char *ns_field(char *buf, size_t len, const char *out, const char *label)
{
	const char *p = strstr(out, label);
	size_t n;
	ck_assert_msg(p != NULL, "no %s in output:\n%s", label, out);
	p += strlen(label);
	while (*p == ' ' || *p == ':')
		p++;
	n = strcspn(p, "\n");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = 0;
	return buf;
}

int ns_status(const char *line)
{
	ns_result r;
	int st;
	ns_cmd(&r, line);
	st = r.status;
	ns_result_free(&r);
	return st;
}

void ns_expect_status(const char *line, int status)
{
	int st = ns_status(line);
	ck_assert_msg(st == status, "'%s' -> %d, want %d", line, st, status);
}

void ns_expect_fail(const char *line, const char *text)
{
	ns_result r;
	ns_cmd(&r, line);
	ck_assert_msg(r.status != 0, "'%s' should fail, printed '%s'", line, r.out);
	ck_assert_msg(strstr(r.out, text) != NULL, "'%s': expected '%s' in '%s'", line, text, r.out);
	ns_result_free(&r);
}

void ns_expect_text(const char *line, const char *text)
{
	ns_result r;
	size_t a, b;
	ns_cmd(&r, line);
	ck_assert_msg(r.status != 0, "'%s' should fail, printed '%s'", line, r.out);
	a = ns_trimmed_len(text, strlen(text));
	b = ns_trimmed_len(r.out, r.len);
	ck_assert_msg(a == b && memcmp(text, r.out, a) == 0, "'%s':\n--- expected\n%s\n--- navisim\n%s", line, text,
		      r.out);
	ns_result_free(&r);
}

char *ns_out(const char *line)
{
	ns_result r;
	ns_cmd(&r, line);
	ck_assert_msg(r.status == 0, "'%s' -> exit %d: %s", line, r.status, r.out);
	return r.out;
}

void ns_expect_out(const char *line, const char *const *texts)
{
	char *out = ns_out(line);
	for (; *texts; texts++)
		ck_assert_msg(strstr(out, *texts), "'%s' printed no '%s':\n%s", line, *texts, out);
	free(out);
}

char *ns_show(const char *name)
{
	char line[256];
	snprintf(line, sizeof(line), "--admin show --name %s", name);
	return ns_out(line);
}

double ns_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
