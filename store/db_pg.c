/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_pg.c - the statement layer (db.h) on PostgreSQL through libpq.
 *
 * Design
 * - A statement is prepared on the server once per connection (PQprepare,
 *   named s<n>), its `?` / `?N` placeholders rewritten to $n once, outside
 *   string literals and quoted identifiers.  Parameter types are left to
 *   the server to infer from the statement; values travel as text, results
 *   come back as text (int64 columns are parsed from it).
 * - db_step() runs the statement on its first call and keeps the whole
 *   result; later calls walk its rows.  The store's results are small
 *   (a page of a list), so a cursor would buy nothing.
 * - Failures are classed by SQLSTATE: 23505 unique, 23503 foreign key,
 *   23514 / 23502 check and not null, 40001 / 40P01 / 55P03 busy (the
 *   caller may retry the transaction), class 08 or a bad connection lost.
 * - A write transaction first takes one transaction-scoped advisory lock
 *   (pg_advisory_xact_lock), so writers queue behind each other across
 *   every node as SQLite's BEGIN IMMEDIATE makes them queue on one file:
 *   the store's read-check-write operations (quotas, HLUs, request ids)
 *   keep their meaning, and each statement after the lock sees every
 *   earlier commit.  A read transaction is REPEATABLE READ: one snapshot,
 *   as a SQLite read transaction is.
 * - The connection is made from the URL alone; libpq finds the password
 *   in PGPASSFILE, ~/.pgpass or PGPASSWORD (or a passfile= parameter), so
 *   it never appears on a command line.  The store checks that the URL
 *   holds none before it gets here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db_int.h"

/* 'slgw' in ASCII: the one lock every writer of a store takes. */
#define DB_PG_WRITER_LOCK "SELECT pg_advisory_xact_lock(1936484215)"

struct pg_conn {
	PGconn *c;
	unsigned next_name;
	int64_t changes;
};

struct pg_stmt {
	char name[24];
	int nparams;
	char **vals;
	PGresult *res;
	int row;    /* current row, -1 before the first */
	int ran;
};

static int classify(const char *state)
{
	if (!state)
		return DB_EERROR;
	if (strcmp(state, "23505") == 0)
		return DB_EUNIQUE;
	if (strcmp(state, "23503") == 0)
		return DB_EFOREIGN;
	if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0)
		return DB_ECHECK;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return DB_EBUSY;
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)
		return DB_ECONN;
	return DB_EERROR;
}

/* Records the failure of res (or of the connection) on db. */
static int fail_res(struct db *db, PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : NULL;
	size_t n;

	if (!m || !*m)
		m = PQerrorMessage(db->pg->c);
	db->err = res ? classify(PQresultErrorField(res, PG_DIAG_SQLSTATE)) : DB_EERROR;
	if (PQstatus(db->pg->c) == CONNECTION_BAD)
		db->err = DB_ECONN;
	snprintf(db->msg, sizeof(db->msg), "%s", m && *m ? m : "PostgreSQL error");
	n = strlen(db->msg);
	while (n > 0 && (db->msg[n - 1] == '\n' || db->msg[n - 1] == ' '))
		db->msg[--n] = '\0';
	return db->err;
}

static int oom(struct db *db)
{
	snprintf(db->msg, sizeof(db->msg), "out of memory");
	return db->err = DB_ENOMEM;
}

int db_pg_open(struct db **out, const char *url, char *msg, size_t msglen)
{
	struct db *db = calloc(1, sizeof(*db));
	PGresult *res;

	*out = NULL;
	if (!db || !(db->pg = calloc(1, sizeof(*db->pg)))) {
		free(db);
		snprintf(msg, msglen, "out of memory");
		return DB_ENOMEM;
	}
	db->dialect = DB_PG;
	db->pg->c = PQconnectdb(url);
	if (!db->pg->c || PQstatus(db->pg->c) != CONNECTION_OK) {
		const char *m = db->pg->c ? PQerrorMessage(db->pg->c) : "out of memory";
		size_t n;
		snprintf(msg, msglen, "cannot connect to PostgreSQL: %s", m);
		n = strlen(msg);
		while (n > 0 && msg[n - 1] == '\n')
			msg[--n] = '\0';
		db_pg_close(db);
		return DB_ECONN;
	}
	/* Notices (e.g. "relation already exists, skipping") are not errors;
	 * the store has no log of its own to put them in. */
	res = PQexec(db->pg->c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail_res(db, res);
		snprintf(msg, msglen, "PostgreSQL session setup: %s", db->msg);
		PQclear(res);
		db_pg_close(db);
		return DB_EERROR;
	}
	PQclear(res);
	*out = db;
	return 0;
}

void db_pg_close(struct db *db)
{
	if (db->pg) {
		if (db->pg->c)
			PQfinish(db->pg->c);
		free(db->pg);
	}
	free(db);
}

int db_pg_exec(struct db *db, const char *sql)
{
	PGresult *res = PQexec(db->pg->c, sql);
	ExecStatusType s = PQresultStatus(res);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = fail_res(db, res);
	PQclear(res);
	return rc;
}

/* `?` -> $n, `?N` -> $N, outside '...' and "..."; *nparams the largest. */
static char *translate(const char *sql, int *nparams)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1), *o = out;
	int n = 0, max = 0;

	if (!out)
		return NULL;
	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			*o++ = *p++;
			while (*p) {
				if (*p == q && p[1] == q) {
					*o++ = *p++;
					*o++ = *p++;
					continue;
				}
				if (*p == q)
					break;
				*o++ = *p++;
			}
			if (*p)
				*o++ = *p++;
			continue;
		}
		if (*p == '?') {
			int k;
			p++;
			if (*p >= '0' && *p <= '9') {
				k = 0;
				while (*p >= '0' && *p <= '9' && k < 10000)
					k = k * 10 + (*p++ - '0');
			} else {
				k = ++n;
			}
			if (k > max)
				max = k;
			o += sprintf(o, "$%d", k);
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	*nparams = max;
	return out;
}

int db_pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt *s = calloc(1, sizeof(*s));
	PGresult *res;
	char *text;
	int n = 0;

	*out = NULL;
	if (!s || !(s->pg = calloc(1, sizeof(*s->pg)))) {
		free(s);
		return oom(db);
	}
	s->db = db;
	s->pg->row = -1;
	text = translate(sql, &n);
	if (!text) {
		free(s->pg);
		free(s);
		return oom(db);
	}
	s->pg->nparams = n;
	if (n > 0 && !(s->pg->vals = calloc((size_t)n, sizeof(char *)))) {
		free(text);
		free(s->pg);
		free(s);
		return oom(db);
	}
	snprintf(s->pg->name, sizeof(s->pg->name), "s%u", db->pg->next_name++);
	res = PQprepare(db->pg->c, s->pg->name, text, 0, NULL);
	free(text);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		int rc = fail_res(db, res);
		PQclear(res);
		free(s->pg->vals);
		free(s->pg);
		free(s);
		return rc;
	}
	PQclear(res);
	*out = s;
	return 0;
}

static void clear_vals(struct pg_stmt *p)
{
	for (int i = 0; i < p->nparams; i++) {
		free(p->vals[i]);
		p->vals[i] = NULL;
	}
}

void db_pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	char sql[48];

	if (p->res)
		PQclear(p->res);
	clear_vals(p);
	free(p->vals);
	/* The server keeps the prepared statement until the session ends;
	 * drop it now when the session lives on (the cache recycled it, often
	 * inside a transaction: DEALLOCATE is allowed there, though not in a
	 * transaction that already failed, where the name is left to the
	 * session's end). */
	if (PQstatus(st->db->pg->c) == CONNECTION_OK &&
	    (PQtransactionStatus(st->db->pg->c) == PQTRANS_IDLE ||
	     PQtransactionStatus(st->db->pg->c) == PQTRANS_INTRANS)) {
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", p->name);
		PQclear(PQexec(st->db->pg->c, sql));
	}
	free(p);
	free(st);
}

void db_pg_reset(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;

	if (p->res)
		PQclear(p->res);
	p->res = NULL;
	p->row = -1;
	p->ran = 0;
	clear_vals(p);
}

int db_pg_bind(struct db_stmt *st, int idx, const char *v)
{
	struct pg_stmt *p = st->pg;

	if (idx < 1 || idx > p->nparams) {
		snprintf(st->db->msg, sizeof(st->db->msg), "bind index %d out of range", idx);
		return st->db->err = DB_EERROR;
	}
	free(p->vals[idx - 1]);
	p->vals[idx - 1] = NULL;
	if (v && !(p->vals[idx - 1] = strdup(v)))
		return oom(st->db);
	return 0;
}

int db_pg_step(struct db_stmt *st)
{
	struct pg_stmt *p = st->pg;
	struct db *db = st->db;
	ExecStatusType s;

	if (!p->ran) {
		p->ran = 1;
		p->row = -1;
		p->res = PQexecPrepared(db->pg->c, p->name, p->nparams,
		                        (const char *const *)p->vals, NULL, NULL, 0);
		s = PQresultStatus(p->res);
		if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
			int rc = fail_res(db, p->res);
			PQclear(p->res);
			p->res = NULL;
			return rc;
		}
		{
			const char *n = PQcmdTuples(p->res);
			db->pg->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		}
	}
	if (!p->res)
		return DB_DONE;
	if (PQresultStatus(p->res) != PGRES_TUPLES_OK)
		return DB_DONE;
	if (p->row + 1 < PQntuples(p->res)) {
		p->row++;
		return DB_ROW;
	}
	p->row = PQntuples(p->res);
	return DB_DONE;
}

const char *db_pg_column_text(struct db_stmt *st, int col)
{
	struct pg_stmt *p = st->pg;

	if (!p->res || p->row < 0 || p->row >= PQntuples(p->res) || col < 0 ||
	    col >= PQnfields(p->res) || PQgetisnull(p->res, p->row, col))
		return NULL;
	return PQgetvalue(p->res, p->row, col);
}

int db_pg_column_count(struct db_stmt *st)
{
	return st->pg->res ? PQnfields(st->pg->res) : 0;
}

const char *db_pg_column_name(struct db_stmt *st, int col)
{
	if (!st->pg->res || col < 0 || col >= PQnfields(st->pg->res))
		return NULL;
	return PQfname(st->pg->res, col);
}

int64_t db_pg_changes(struct db *db)
{
	return db->pg->changes;
}

int db_pg_last_id(struct db *db, int64_t *out)
{
	PGresult *res = PQexec(db->pg->c, "SELECT lastval()");
	int rc = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		rc = fail_res(db, res);
	PQclear(res);
	return rc;
}

int db_pg_begin(struct db *db, int write)
{
	if (!write)
		return db_pg_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	return db_pg_exec(db, "BEGIN ISOLATION LEVEL READ COMMITTED; " DB_PG_WRITER_LOCK);
}

int db_pg_commit(struct db *db)
{
	PGresult *res = PQexec(db->pg->c, "COMMIT");
	int rc = 0;

	/* COMMIT of a failed transaction answers ROLLBACK, not an error. */
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = fail_res(db, res);
	} else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
		snprintf(db->msg, sizeof(db->msg), "the transaction was rolled back");
		rc = db->err = DB_EERROR;
	}
	PQclear(res);
	return rc;
}

void db_pg_rollback(struct db *db)
{
	if (PQtransactionStatus(db->pg->c) != PQTRANS_IDLE)
		PQclear(PQexec(db->pg->c, "ROLLBACK"));
}

int db_pg_revive(struct db *db)
{
	PGresult *res;

	if (PQstatus(db->pg->c) == CONNECTION_OK)
		return 0;
	PQreset(db->pg->c);
	if (PQstatus(db->pg->c) != CONNECTION_OK) {
		snprintf(db->msg, sizeof(db->msg), "PostgreSQL unreachable: %s",
		         PQerrorMessage(db->pg->c));
		return db->err = DB_ECONN;
	}
	res = PQexec(db->pg->c, "SET client_min_messages = warning; SET TIME ZONE 'UTC'");
	PQclear(res);
	return 1;
}

int db_pg_in_transaction(struct db *db)
{
	PGTransactionStatusType t = PQtransactionStatus(db->pg->c);

	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}
