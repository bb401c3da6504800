/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_util.c - read the simulated array the way an operator would (navisim
 * as naviseccli, parsed by vnxparse) for the host-access proofs and the
 * lifecycle benchmark.  See ea_util.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ea_util.h"

int ea_navisim_out(char **out, const struct e2e *e, const char *const *args)
{
	char envhome[320];
	char *argv[40];
	char *envp[3];
	posix_spawn_file_actions_t fa;
	int pfd[2], n = 0, status, rc;
	pid_t pid;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	snprintf(envhome, sizeof envhome, "NAVISIM_HOME=%s/navisim", e->dir);
	envp[0] = envhome;
	envp[1] = "PATH=/usr/bin:/bin";
	envp[2] = NULL;
	argv[n++] = (char *)NAVISIM_PATH;
	for (int i = 0; args[i] && n < 39; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	if (pipe(pfd))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addclose(&fa, pfd[0]);
	posix_spawn_file_actions_addclose(&fa, pfd[1]);
	rc = posix_spawn(&pid, NAVISIM_PATH, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		return -1;
	}
	for (;;) {
		char chunk[8192];
		ssize_t got = read(pfd[0], chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (len + (size_t)got + 1 > cap) {
			size_t ncap = (len + (size_t)got + 1) * 2;
			char *p = realloc(buf, ncap);
			if (!p)
				break;
			buf = p;
			cap = ncap;
		}
		memcpy(buf + len, chunk, (size_t)got);
		len += (size_t)got;
		buf[len] = 0;
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -1;
		}
	if (!buf)
		buf = calloc(1, 1);
	*out = buf;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The demo array's password, left by srv_demo.c beside navisim.db. */
static int demo_password(char *pw, size_t len, const struct e2e *e)
{
	char path[320];
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "%s/navisim/.demo-array-password", e->dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ok = fgets(pw, (int)len, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	pw[strcspn(pw, "\r\n")] = 0;
	return pw[0] ? 0 : -1;
}

int ea_array_cmd(char **out, const struct e2e *e, const char *sp, const char *const *cmd)
{
	char pw[128];
	const char *argv[40];
	int n = 0;

	*out = NULL;
	if (demo_password(pw, sizeof pw, e))
		return -1;
	argv[n++] = "-h";
	argv[n++] = sp;
	argv[n++] = "-user";
	argv[n++] = EA_DEMO_USER;
	argv[n++] = "-password";
	argv[n++] = pw;
	argv[n++] = "-scope";
	argv[n++] = "0";
	for (int i = 0; cmd[i] && n < 39; i++)
		argv[n++] = cmd[i];
	argv[n] = NULL;
	return ea_navisim_out(out, e, argv);
}

int ea_sg_get(vnx_storage_group **out, const struct e2e *e, const char *sp, const char *name)
{
	const char *cmd[] = { "storagegroup", "-list", "-gname", name, NULL };
	char *text = NULL;
	size_t n = 0;
	int rc = ea_array_cmd(&text, e, sp, cmd);

	*out = NULL;
	if (rc == 1 && text &&
	    (strstr(text, "does not match any storage groups") || strstr(text, "not exist"))) {
		free(text);
		return 1;
	}
	if (rc != 0 || !text) {
		if (text)
			fprintf(stderr, "storagegroup -list -gname %s: exit %d: %s\n", name, rc, text);
		free(text);
		return -1;
	}
	rc = vnx_parse_storagegroup_list(text, strlen(text), out, &n);
	free(text);
	if (rc || n != 1) {
		vnx_storage_group_array_free(*out, n);
		*out = NULL;
		return -1;
	}
	return 0;
}

int ea_sg_alu_at(const vnx_storage_group *g, int hlu)
{
	for (size_t i = 0; g && i < g->hlu_count; i++)
		if (g->hlus[i].hlu == hlu)
			return g->hlus[i].alu;
	return -1;
}

int ea_sg_hlu_of(const vnx_storage_group *g, int alu)
{
	for (size_t i = 0; g && i < g->hlu_count; i++)
		if (g->hlus[i].alu == alu)
			return g->hlus[i].hlu;
	return -1;
}

int ea_luns(vnx_lun **out, size_t *n, const struct e2e *e, const char *sp)
{
	const char *cmd[] = { "lun", "-list", "-all", NULL };
	char *text = NULL;
	int rc = ea_array_cmd(&text, e, sp, cmd);

	*out = NULL;
	*n = 0;
	if (rc != 0 || !text) {
		free(text);
		return -1;
	}
	/* An array without LUNs prints nothing: an empty list. */
	rc = text[0] ? vnx_parse_lun_list(text, strlen(text), out, n) : 0;
	free(text);
	return rc ? -1 : 0;
}

int ea_lun_by_name(const vnx_lun *luns, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (luns[i].name && !strcmp(luns[i].name, name))
			return (int)i;
	return -1;
}

int ea_lun_by_id(const vnx_lun *luns, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (luns[i].id == id)
			return (int)i;
	return -1;
}

int ea_hbas(vnx_hba **out, size_t *n, const struct e2e *e, const char *sp)
{
	const char *cmd[] = { "port", "-list", "-hba", NULL };
	char *text = NULL;
	int rc = ea_array_cmd(&text, e, sp, cmd);

	*out = NULL;
	*n = 0;
	if (rc != 0 || !text) {
		free(text);
		return -1;
	}
	rc = vnx_parse_hba_list(text, strlen(text), out, n);
	free(text);
	return rc ? -1 : 0;
}

long ea_log_count(const struct e2e *e, const char *array)
{
	const char *args[] = { "--admin", "log", "--name", array, NULL };
	char *text = NULL;
	long lines = 0;

	if (ea_navisim_out(&text, e, args) != 0 || !text) {
		free(text);
		return -1;
	}
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			lines++;
	free(text);
	return lines;
}

char *ea_log_tail(const struct e2e *e, const char *array, long from)
{
	const char *args[] = { "--admin", "log", "--name", array, NULL };
	char *text = NULL, *p, *tail;

	if (ea_navisim_out(&text, e, args) != 0 || !text) {
		free(text);
		return NULL;
	}
	p = text;
	for (long i = 0; i < from && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	tail = p && *p ? strdup(p) : NULL;
	free(text);
	return tail;
}
