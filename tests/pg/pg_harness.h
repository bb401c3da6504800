/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pg_harness.h - the C side of the throwaway PostgreSQL cluster that
 * pg_run.sh starts: a test asks for a database by key and gets the URL of
 * a fresh one (created on first use, the same one for the same key), so
 * every store a test opens is its own as every SQLite file is.
 */
#ifndef SLGW_TEST_PG_HARNESS_H
#define SLGW_TEST_PG_HARNESS_H

#include <stddef.h>

/* 1 when the process runs under pg_run.sh (SLGW_TEST_PG_PORT is set). */
int pg_harness_active(void);
/* The URL of the database for key (any text; it is hashed into the
 * name) into url; 0, or -1 with the reason in err. */
int pg_harness_db_url(char *url, size_t len, const char *key, char *err, size_t errlen);
/* Ends every session on key's database, as a server restart or a cut
 * network would (pg_terminate_backend); the number ended, or -1. */
int pg_harness_cut(const char *key, char *err, size_t errlen);

/* Runs one statement as the test cluster's superuser on its postgres
 * database (roles, grants, pg_terminate_backend); rows returned or
 * affected, or -1 with the reason in err. */
int pg_harness_admin_sql(const char *sql, char *err, size_t errlen);
/* Stops (up 0, pg_ctl stop -m fast) or starts again (up 1) the whole test
 * server, as a database outage would; 0, or -1 with the reason in err. */
int pg_harness_server(int up, char *err, size_t errlen);

#endif
