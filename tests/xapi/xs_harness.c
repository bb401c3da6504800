/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_harness.c - runs the plugin's installed command names with JSON on
 * stdin (posix_spawn, argv arrays, an explicit environment).  The pipes
 * and the wait are tests/common/spawn_capture.c's; this file builds the
 * host's environment and the command's path.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xs_harness.h"
#include "../common/spawn_capture.h"

extern char **environ;

static int mkdirs(const char *path)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

int xsh_host_files(const struct xsh_host *h)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/etc/iscsi", h->root);
	if (mkdirs(path))
		return -1;
	snprintf(path, sizeof path, "%s/etc/xensource-inventory", h->root);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "PRIMARY_DISK='/dev/sda'\nINSTALLATION_UUID='%s'\nMANAGEMENT_INTERFACE='lo'\n"
		"BUILD_NUMBER='1'\n", h->uuid);
	fclose(f);
	snprintf(path, sizeof path, "%s/etc/iscsi/initiatorname.iscsi", h->root);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "## generated\nInitiatorName=%s\n", h->iqn);
	fclose(f);
	return 0;
}

json_t *xsh_config(int port, const char *password, const char *cacert, const char *pool)
{
	char server[64];
	json_t *c = json_object();

	snprintf(server, sizeof server, "127.0.0.1:%d", port);
	json_object_set_new(c, "server", json_string(server));
	json_object_set_new(c, "username", json_string("tenant"));
	json_object_set_new(c, "password", json_string(password));
	json_object_set_new(c, "cacert", json_string(cacert));
	if (pool) {
		json_object_set_new(c, "storage-system", json_string("demo"));
		json_object_set_new(c, "pool", json_string(pool));
	}
	return c;
}

/* Is the variable of entry ("NAME=...") one of h's own? */
static int replaced(const struct xsh_host *h, const char *entry)
{
	size_t n = strcspn(entry, "=");

	if (!h)
		return 0;
	if (!strncmp(entry, "SLGW_XS_ROOT=", 13) || (h->path[0] && !strncmp(entry, "PATH=", 5)))
		return 1;
	for (int i = 0; i < 4; i++)
		if (h->env[i][0] && !strncmp(h->env[i], entry, n) && h->env[i][n] == '=')
			return 1;
	return 0;
}

/* environ with SLGW_XS_ROOT, PATH and h->env replaced. */
static char **child_env(const struct xsh_host *h, char *rootvar, size_t rl, char *pathvar,
			size_t pl)
{
	size_t n = 0, o = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 7, sizeof *env);
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (replaced(h, environ[i]) || (!h && !strncmp(environ[i], "SLGW_XS_ROOT=", 13)))
			continue;
		env[o++] = environ[i];
	}
	if (h) {
		snprintf(rootvar, rl, "SLGW_XS_ROOT=%s", h->root);
		env[o++] = rootvar;
		if (h->path[0]) {
			snprintf(pathvar, pl, "PATH=%s", h->path);
			env[o++] = pathvar;
		}
		for (int i = 0; i < 4; i++)
			if (h->env[i][0])
				env[o++] = (char *)h->env[i];
	}
	env[o] = NULL;
	return env;
}

/* argv in h's environment with stdin_text (NULL: none) on its stdin. */
static char *xsh_run_in(const struct xsh_host *h, char *const argv[], const char *stdin_text,
			int *status)
{
	char rootvar[600], pathvar[1100];
	char **env = child_env(h, rootvar, sizeof rootvar, pathvar, sizeof pathvar);
	char *out = NULL;

	*status = -1;
	if (env)
		*status = spawn_capture(&out, argv, env, 0, stdin_text);
	free(env);
	return out;
}

char *xsh_call_raw(const char *tree, int datapath, const struct xsh_host *h, const char *method,
		   const char *stdin_text, int *status)
{
	char prog[1024];
	char *argv[] = { prog, "--json", NULL };

	snprintf(prog, sizeof prog, "%s/%s/%s", tree,
		 datapath ? "datapath/slgw" : "volume/org.xen.xapi.storage.slgw", method);
	return xsh_run_in(h, argv, stdin_text, status);
}

int xsh_run(const struct xsh_host *h, char *const argv[])
{
	char rootvar[600], pathvar[1100];
	char **env = child_env(h, rootvar, sizeof rootvar, pathvar, sizeof pathvar);
	pid_t pid;
	int st;

	if (!env)
		return -1;
	if (posix_spawn(&pid, argv[0], NULL, NULL, argv, env)) {
		free(env);
		return -1;
	}
	free(env);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

char *xsh_run_out(const struct xsh_host *h, char *const argv[], int *status)
{
	return xsh_run_in(h, argv, NULL, status);
}

int xsh_fake_host(struct xsh_host *h, const char *fakehost, const char *navisim_home,
		  const char *navisim, int multipath, const char *wwpn)
{
	char bin[700], link[800];
	char *argv[16];
	int n = 0;
	FILE *f;

	snprintf(bin, sizeof bin, "%s/bin", h->root);
	snprintf(h->path, sizeof h->path, "%s:/usr/bin:/bin", bin);
	snprintf(h->env[0], sizeof h->env[0], "FAKEHOST_ROOT=%s", h->root);
	snprintf(h->env[1], sizeof h->env[1], "NAVISIM_HOME=%s", navisim_home);
	snprintf(h->env[2], sizeof h->env[2], "FAKEHOST_NAVISIM=%s", navisim);
	argv[n++] = (char *)fakehost;
	argv[n++] = "setup";
	argv[n++] = "--root";
	argv[n++] = h->root;
	argv[n++] = "--uuid";
	argv[n++] = h->uuid;
	argv[n++] = "--iqn";
	argv[n++] = h->iqn;
	if (wwpn) {
		argv[n++] = "--wwpn";
		argv[n++] = (char *)wwpn;
	}
	if (multipath)
		argv[n++] = "--multipath";
	argv[n] = NULL;
	if (mkdirs(h->root) || xsh_run(h, argv) != 0 || mkdirs(bin))
		return -1;
	snprintf(link, sizeof link, "%s/iscsiadm", bin);
	if (symlink(fakehost, link))
		return -1;
	snprintf(link, sizeof link, "%s/multipath", bin);
	if (symlink(fakehost, link))
		return -1;
	/* the management interface, for the host's address at the gateway */
	snprintf(link, sizeof link, "%s/etc/xensource-inventory", h->root);
	f = fopen(link, "a");
	if (!f)
		return -1;
	fputs("MANAGEMENT_INTERFACE='lo'\n", f);
	return fclose(f) ? -1 : 0;
}

json_t *xsh_call(const char *tree, int datapath, const struct xsh_host *h, const char *method,
		 const json_t *args, int *status)
{
	char *in = json_dumps(args, JSON_COMPACT | JSON_ENCODE_ANY);
	char *out;
	json_t *j = NULL;

	out = xsh_call_raw(tree, datapath, h, method, in ? in : "{}", status);
	free(in);
	if (out) {
		j = json_loads(out, JSON_DECODE_ANY, NULL);
		if (!j)
			fprintf(stderr, "%s: not JSON: %s\n", method, out);
	}
	free(out);
	return j;
}
