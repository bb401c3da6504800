/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_util.c - read the simulated array the way an operator would (navisim
 * as naviseccli, parsed by vnxparse) for the host-access proofs and the
 * lifecycle benchmark.  Spawning navisim and reading the demo array's
 * password are the harness's (e2e_harness.c).  See ea_util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ea_util.h"

int ea_navisim_out(char **out, const struct e2e *e, const char *const *args)
{
	return e2e_navisim_out(out, e, args);
}

int ea_array_cmd(char **out, const struct e2e *e, const char *sp, const char *const *cmd)
{
	char pw[128];

	*out = NULL;
	if (e2e_demo_array_password(pw, sizeof pw, e))
		return -1;
	return e2e_naviseccli(out, e, sp, EA_DEMO_USER, pw, cmd);
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

const char *ea_sg_name(const struct e2e *e, const char *sp, const char *host_id)
{
	static char buf[4][64], inst[9];
	static int k;
	char *b = buf[k++ % 4];

	if (!inst[0]) {
		const char *cmd[] = { "lun", "-list", NULL };
		char *out = NULL;
		const char *at;
		int rc = ea_array_cmd(&out, e, sp, cmd);
		at = rc == 0 && out ? strstr(out, "slgw-") : NULL;
		if (at && strlen(at) > 14 && at[13] == '-')
			snprintf(inst, sizeof inst, "%.8s", at + 5);
		free(out);
		if (!inst[0])
			return NULL;
	}
	snprintf(b, 64, "slgw-%s-h%s", inst, host_id);
	return b;
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

/* The output of a demo-array command that exited 0 (malloc'ed), or NULL. */
static char *array_ok_text(const struct e2e *e, const char *sp, const char *const *cmd)
{
	char *text = NULL;
	if (ea_array_cmd(&text, e, sp, cmd) != 0 || !text) {
		free(text);
		return NULL;
	}
	return text;
}

int ea_luns(vnx_lun **out, size_t *n, const struct e2e *e, const char *sp)
{
	const char *cmd[] = { "lun", "-list", "-all", NULL };
	char *text = array_ok_text(e, sp, cmd);
	int rc;

	*out = NULL;
	*n = 0;
	if (!text)
		return -1;
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
	char *text = array_ok_text(e, sp, cmd);
	int rc;

	*out = NULL;
	*n = 0;
	if (!text)
		return -1;
	rc = vnx_parse_hba_list(text, strlen(text), out, n);
	free(text);
	return rc ? -1 : 0;
}

/* navisim's command log of `array` (malloc'ed), or NULL. */
static char *log_text(const struct e2e *e, const char *array)
{
	const char *args[] = { "--admin", "log", "--name", array, NULL };
	char *text = NULL;
	if (ea_navisim_out(&text, e, args) != 0 || !text) {
		free(text);
		return NULL;
	}
	return text;
}

long ea_log_count(const struct e2e *e, const char *array)
{
	char *text = log_text(e, array);
	long lines = 0;

	if (!text)
		return -1;
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			lines++;
	free(text);
	return lines;
}

char *ea_log_tail(const struct e2e *e, const char *array, long from)
{
	char *text = log_text(e, array), *p, *tail;

	if (!text)
		return NULL;
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
