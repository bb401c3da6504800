/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cluster_harness.c - see cluster_harness.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cluster_harness.h"
#include "ea_soap.h"
#include "pg_harness.h"

extern char **environ;

long long cl_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void cl_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int cl_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static int write_config(struct cl *c, int i)
{
	const char *d = c->demo.dir;
	char path[320];
	FILE *f;
	snprintf(c->config[i], sizeof c->config[i], "%s/node-%d.xml", d, i);
	snprintf(path, sizeof path, "%s", c->config[i]);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f,
		"<?xml version=\"1.0\"?>\n"
		"<slgwd xmlns=\"urn:slgw:config:1\">\n"
		"  <listen address=\"127.0.0.1\" port=\"%d\"/>\n"
		"  <tls certificate=\"%s/tls/slgwd.crt\" key=\"%s/tls/slgwd.key\"/>\n"
		"  <stateDir>%s</stateDir>\n",
		c->node[i].port, d, d, d);
	if (!strncmp(c->store_target, "postgres", 8))
		fprintf(f, "  <store url=\"%s\"/>\n", c->store_target);
	else
		fprintf(f, "  <store>%s</store>\n", c->store_target);
	fprintf(f,
		"  <arrays naviseccli=\"%s\"/>\n"
		"  <jobs workers=\"16\"/>\n"
		"  <cluster node=\"node-%d\" leaseSeconds=\"%d\"/>\n"
		"</slgwd>\n",
		NAVISIM_PATH, i, c->lease_seconds);
	return fclose(f);
}

int cl_node_start(struct cl *c, int i)
{
	struct e2e *n = &c->node[i];
	char logfile[320], home[320];
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)SLGWD_PATH, "--config", c->config[i], NULL };
	int rc;

	snprintf(logfile, sizeof logfile, "%s/node-%d.log", c->demo.dir, i);
	snprintf(home, sizeof home, "%s/navisim", c->demo.dir);
	setenv("NAVISIM_HOME", home, 1);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, logfile, O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(&n->pid, SLGWD_PATH, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		fprintf(stderr, "cannot start node %d: %s\n", i, strerror(rc));
		n->pid = 0;
		return -1;
	}
	for (int k = 0; k < 200; k++) {
		int st;
		if (waitpid(n->pid, &st, WNOHANG) == n->pid) {
			fprintf(stderr, "node %d exited during start (see %s)\n", i, logfile);
			n->pid = 0;
			return -1;
		}
		char *h = e2e_get(n, "/healthz");
		if (h) {
			free(h);
			return 0;
		}
		cl_sleep_ms(100);
	}
	fprintf(stderr, "node %d did not answer (see %s)\n", i, logfile);
	e2e_kill(n);
	return -1;
}

static int add_array(struct cl *c, struct soap *a, const char *ep, int k)
{
	char spa[32], spb[32];
	struct _slgw__addStorageSystem rq = { 0 };
	struct _slgw__addStorageSystemResponse rs = { 0 };
	int wait = 60000;

	snprintf(c->array[k], sizeof c->array[k], "arr%d", k);
	snprintf(spa, sizeof spa, "192.0.2.%d", 20 + 2 * k);
	snprintf(spb, sizeof spb, "192.0.2.%d", 21 + 2 * k);
	const char *mk[] = { "--admin", "create-array", "--name", c->array[k], "--spa", spa,
			     "--spb", spb, "--pools", "1", "--iscsi-ports", "1", "--fc-ports", "1",
			     NULL };
	if (e2e_navisim(&c->demo, mk))
		return -1;
	rq.adapter = "vnx";
	rq.name = c->array[k];
	rq.spA = spa;
	rq.spB = spb;
	rq.username = "sysadmin";
	rq.password = "any";
	rq.waitMs = &wait;
	if (soap_call___slgw__addStorageSystem(a, ep, NULL, &rq, &rs) != SOAP_OK || !rs.job ||
	    rs.job->state != slgw__JobState__SUCCEEDED) {
		fprintf(stderr, "addStorageSystem %s: %s\n", c->array[k],
			ea_why(a, a->error, rs.job));
		return -1;
	}
	return 0;
}

/* The demo's SQLite store into a fresh PostgreSQL database of its own. */
static int copy_to_pg(struct cl *c)
{
	char url[400], err[256];
	char *argv[] = { (char *)SLGWD_PATH, "--copy-store-to", url, "--state-dir", c->demo.dir,
			 NULL };
	pid_t pid;
	int st;
	if (pg_harness_db_url(url, sizeof url, c->demo.dir, err, sizeof err)) {
		fprintf(stderr, "no PostgreSQL database: %s\n", err);
		return -1;
	}
	if (posix_spawn(&pid, SLGWD_PATH, NULL, NULL, argv, environ) ||
	    waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "slgwd --copy-store-to %s failed\n", url);
		return -1;
	}
	snprintf(c->store_target, sizeof c->store_target, "%s", url);
	return 0;
}

int cl_setup(struct cl *c, int narrays, int nnodes, int lease_seconds)
{
	memset(c, 0, sizeof *c);
	c->lease_seconds = lease_seconds;
	c->narrays = narrays;
	if (narrays < 1 || narrays > CL_MAX_ARRAYS || nnodes < 1 || nnodes > CL_NODES)
		return -1;
	if (e2e_start(&c->demo, 0))
		return -1;
	if (e2e_stop(&c->demo) != 0)
		return -1;
	snprintf(c->store_target, sizeof c->store_target, "%s/slgw.db", c->demo.dir);
	if (pg_harness_active() && copy_to_pg(c))
		return -1;
	snprintf(c->array[0], sizeof c->array[0], "demo");
	for (int i = 0; i < CL_NODES; i++) {
		c->node[i] = c->demo;
		c->node[i].pid = 0;
		c->node[i].port = cl_free_port();
		snprintf(c->node[i].endpoint, sizeof c->node[i].endpoint, "https://127.0.0.1:%d/",
			 c->node[i].port);
		if (c->node[i].port <= 0 || write_config(c, i))
			return -1;
	}
	if (cl_node_start(c, 0))
		return -1;
	struct soap *a = e2e_client(&c->node[0], "admin", c->demo.admin_pw);
	if (!a)
		return -1;
	int rc = 0;
	for (int k = 1; k < narrays && rc == 0; k++)
		rc = add_array(c, a, c->node[0].endpoint, k);
	for (int k = 0; k < narrays && rc == 0; k++) {
		char *sys = NULL, *pool = NULL;
		rc = ea_pool_of(&sys, &pool, a, c->node[0].endpoint, c->array[k]);
		if (rc == 0) {
			snprintf(c->sys[k], sizeof c->sys[k], "%s", sys);
			snprintf(c->pool[k], sizeof c->pool[k], "%s", pool);
		}
	}
	e2e_client_free(a);
	for (int i = 1; i < nnodes && rc == 0; i++)
		rc = cl_node_start(c, i);
	return rc;
}

void cl_teardown(struct cl *c)
{
	for (int i = 0; i < CL_NODES; i++) {
		if (c->node[i].pid > 0) {
			kill(c->node[i].pid, SIGCONT);
			e2e_kill(&c->node[i]);
		}
	}
	if (getenv("SLGW_KEEP_TEST_DIR"))
		fprintf(stderr, "kept %s\n", c->demo.dir);
	else
		e2e_cleanup(&c->demo);
}

int cl_leads(struct cl *c, int i, long long sys_id, long long *token_of)
{
	char *h = e2e_get(&c->node[i], "/healthz");
	json_error_t jerr;
	json_t *o, *l;
	size_t k;
	int n = 0;

	if (token_of)
		*token_of = 0;
	if (!h)
		return -1;
	o = json_loads(h, 0, &jerr);
	free(h);
	if (!o)
		return -1;
	json_array_foreach(json_object_get(o, "leases"), k, l) {
		long long id = json_integer_value(json_object_get(l, "systemId"));
		if (!json_is_true(json_object_get(l, "valid")) || id <= 0)
			continue;
		n++;
		if (token_of && id == sys_id)
			*token_of = json_integer_value(json_object_get(l, "token"));
	}
	json_decref(o);
	return n;
}

char *cl_navisim_out(const struct cl *c, const char *const *args)
{
	char *out = NULL;

	if (e2e_navisim_out(&out, &c->demo, args) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

long cl_log_lines(const struct cl *c, const char *array)
{
	const char *args[] = { "--admin", "log", "--name", array, NULL };
	char *out = cl_navisim_out(c, args);
	long n = 0;
	if (!out)
		return -1;
	for (char *p = out; *p; p++)
		n += *p == '\n';
	free(out);
	return n;
}
