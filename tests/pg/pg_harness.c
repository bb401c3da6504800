/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pg_harness.c - see pg_harness.h.  A database per key rather than a
 * schema per key: the store owns its whole database (tables, trigger
 * functions, sequences), as it owns a whole SQLite file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "pg_harness.h"

int pg_harness_active(void)
{
	const char *p = getenv("SLGW_TEST_PG_PORT");

	return p && *p;
}

/* FNV-1a: a short stable name for any key. */
static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* A session as the cluster's superuser on its postgres database, port
 * and user through the out-params (either may be NULL); NULL with the
 * reason in err. */
static PGconn *admin_connect(const char **out_port, const char **out_user, char *err,
                             size_t errlen)
{
	const char *port = getenv("SLGW_TEST_PG_PORT");
	const char *user = getenv("SLGW_TEST_PG_USER");
	char admin[256];
	PGconn *c;

	if (!port || !*port || !user || !*user) {
		snprintf(err, errlen, "not under pg_run.sh (SLGW_TEST_PG_PORT/USER unset)");
		return NULL;
	}
	snprintf(admin, sizeof(admin), "postgresql://%s@127.0.0.1:%s/postgres", user, port);
	c = PQconnectdb(admin);
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot reach the test cluster: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	if (out_port)
		*out_port = port;
	if (out_user)
		*out_user = user;
	return c;
}

int pg_harness_cut(const char *key, char *err, size_t errlen)
{
	char sql[200];

	snprintf(sql, sizeof(sql),
	         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	         " WHERE datname = 'slgw_%016llx' AND pid <> pg_backend_pid()",
	         (unsigned long long)fnv(key));
	return pg_harness_admin_sql(sql, err, errlen);
}

int pg_harness_db_url(char *url, size_t len, const char *key, char *err, size_t errlen)
{
	const char *port, *user;
	char name[40], sql[96];
	PGconn *c = admin_connect(&port, &user, err, errlen);
	PGresult *r;
	int rc = 0;

	if (!c)
		return -1;
	snprintf(name, sizeof(name), "slgw_%016llx", (unsigned long long)fnv(key));
	/* The name is our own hex: nothing to quote. */
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (!st || strcmp(st, "42P04") != 0) { /* 42P04: it exists already */
			snprintf(err, errlen, "CREATE DATABASE %s: %s", name, PQresultErrorMessage(r));
			rc = -1;
		}
	}
	PQclear(r);
	PQfinish(c);
	if (rc == 0)
		snprintf(url, len, "postgresql://%s@127.0.0.1:%s/%s", user, port, name);
	return rc;
}

int pg_harness_server(int up, char *err, size_t errlen)
{
	const char *ctl = getenv("SLGW_TEST_PG_CTL");
	const char *data = getenv("SLGW_TEST_PG_DATA");
	const char *opts = getenv("SLGW_TEST_PG_OPTS");
	const char *log = getenv("SLGW_TEST_PG_LOG");
	const char *runas = getenv("SLGW_TEST_PG_RUNAS");
	const char *argv[20];
	int n = 0, st = 0;
	pid_t pid;

	if (!ctl || !data || !opts || !log) {
		snprintf(err, errlen, "not under pg_run.sh (SLGW_TEST_PG_CTL/DATA/OPTS/LOG unset)");
		return -1;
	}
	/* argv only, no shell: pg_run.sh ran the server as postgres when root */
	if (runas && *runas) {
		argv[n++] = "runuser";
		argv[n++] = "-u";
		argv[n++] = runas;
		argv[n++] = "--";
	}
	argv[n++] = ctl;
	argv[n++] = "-D";
	argv[n++] = data;
	argv[n++] = "-w";
	argv[n++] = "-t";
	argv[n++] = "30";
	if (up) {
		argv[n++] = "-l";
		argv[n++] = log;
		argv[n++] = "-o";
		argv[n++] = opts;
		argv[n++] = "start";
	} else {
		argv[n++] = "-m";
		argv[n++] = "fast";
		argv[n++] = "stop";
	}
	argv[n] = NULL;
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: cannot start pg_ctl");
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(err, errlen, "pg_ctl %s failed (status %d)", up ? "start" : "stop",
		         WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return 0;
}

int pg_harness_admin_sql(const char *sql, char *err, size_t errlen)
{
	PGconn *c = admin_connect(NULL, NULL, err, errlen);
	PGresult *r;
	int n = -1;

	if (!c)
		return -1;
	r = PQexec(c, sql);
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		n = PQntuples(r);
	else if (PQresultStatus(r) == PGRES_COMMAND_OK)
		n = atoi(PQcmdTuples(r));
	else
		snprintf(err, errlen, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
	return n;
}
