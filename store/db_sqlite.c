/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_sqlite.c - the statement layer (db.h) on SQLite: a thin veneer, since
 * db.h has SQLite's shape.
 *
 * What a connection is set to at open is what the store has always run
 * with: WAL (readers beside a writer, a crash never tears a commit),
 * synchronous=FULL (a commit the caller saw survives power loss, which the
 * job journal relies on), foreign keys on, extended result codes, and a
 * busy timeout under which writers of other processes queue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db_int.h"

#define DB_SQLITE_BUSY_MS 30000

int db_target_is_pg(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
	                  strncmp(target, "postgres://", 11) == 0);
}

static int classify(int ext)
{
	switch (ext) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return DB_EUNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return DB_EFOREIGN;
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		return DB_ECHECK;
	case SQLITE_NOMEM:
		return DB_ENOMEM;
	default:
		break;
	}
	if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
		return DB_EBUSY;
	return DB_EERROR;
}

static int fail(struct db *db, int rc)
{
	int ext = db->h ? sqlite3_extended_errcode(db->h) : rc;

	db->err = classify(ext);
	snprintf(db->msg, sizeof(db->msg), "%s", db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
	return db->err;
}

static int db_sqlite_open(struct db **out, const char *path, char *msg, size_t msglen)
{
	struct db *db = calloc(1, sizeof(*db));
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	if (!db) {
		snprintf(msg, msglen, "out of memory");
		return DB_ENOMEM;
	}
	db->dialect = DB_SQLITE;
	rc = sqlite3_open_v2(path, &db->h,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(msg, msglen, "cannot open %s: %s", path,
		         db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		db_close(db);
		return DB_EERROR;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_SQLITE_BUSY_MS);
	rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *mode = (const char *)sqlite3_column_text(st, 0);
		if (!mode || strcasecmp(mode, "wal") != 0)
			rc = SQLITE_ERROR;
	} else {
		rc = SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		snprintf(msg, msglen, "cannot switch %s to WAL: %s", path, sqlite3_errmsg(db->h));
		db_close(db);
		return DB_EERROR;
	}
	if (db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;") != 0) {
		snprintf(msg, msglen, "database error: %s", db->msg);
		db_close(db);
		return DB_EERROR;
	}
	*out = db;
	return 0;
}

int db_open(struct db **out, const char *target, char *msg, size_t msglen)
{
	if (db_target_is_pg(target))
		return db_pg_open(out, target, msg, msglen);
	return db_sqlite_open(out, target, msg, msglen);
}

#define IS_PG(db) ((db)->dialect == DB_PG)

void db_close(struct db *db)
{
	if (!db)
		return;
	if (IS_PG(db)) {
		db_pg_close(db);
		return;
	}
	if (db->h)
		sqlite3_close(db->h);
	free(db);
}

enum db_dialect db_dialect(const struct db *db)
{
	return db->dialect;
}

int db_exec(struct db *db, const char *sql)
{
	char *m = NULL;
	int rc;

	if (IS_PG(db))
		return db_pg_exec(db, sql);
	rc = sqlite3_exec(db->h, sql, NULL, NULL, &m);
	if (rc == SQLITE_OK)
		return 0;
	fail(db, rc);
	if (m)
		snprintf(db->msg, sizeof(db->msg), "%s", m);
	sqlite3_free(m);
	return db->err;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct db_stmt *s;
	int rc;

	*out = NULL;
	if (IS_PG(db))
		return db_pg_prepare(db, sql, out);
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(db->msg, sizeof(db->msg), "out of memory");
		return db->err = DB_ENOMEM;
	}
	s->db = db;
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
	if (rc != SQLITE_OK) {
		free(s);
		return fail(db, rc);
	}
	*out = s;
	return 0;
}

void db_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	if (IS_PG(st->db)) {
		db_pg_finalize(st);
		return;
	}
	sqlite3_finalize(st->st);
	free(st);
}

void db_reset(struct db_stmt *st)
{
	if (IS_PG(st->db)) {
		db_pg_reset(st);
		return;
	}
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	if (IS_PG(st->db)) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
		return db_pg_bind(st, idx, buf);
	}
	return sqlite3_bind_int64(st->st, idx, v) == SQLITE_OK ? 0 : fail(st->db, SQLITE_RANGE);
}

int db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (IS_PG(st->db))
		return db_pg_bind(st, idx, v);
	if (!v)
		return db_bind_null(st, idx);
	return sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT) == SQLITE_OK
	               ? 0
	               : fail(st->db, SQLITE_RANGE);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	if (IS_PG(st->db))
		return db_pg_bind(st, idx, NULL);
	return sqlite3_bind_null(st->st, idx) == SQLITE_OK ? 0 : fail(st->db, SQLITE_RANGE);
}

int db_step(struct db_stmt *st)
{
	int rc;

	if (IS_PG(st->db))
		return db_pg_step(st);
	rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return fail(st->db, rc);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	if (IS_PG(st->db)) {
		const char *v = db_pg_column_text(st, col);
		return v ? strtoll(v, NULL, 10) : 0;
	}
	return sqlite3_column_int64(st->st, col);
}

int db_column_int(struct db_stmt *st, int col)
{
	return (int)db_column_int64(st, col);
}

const char *db_column_text(struct db_stmt *st, int col)
{
	if (IS_PG(st->db))
		return db_pg_column_text(st, col);
	return (const char *)sqlite3_column_text(st->st, col);
}

int db_column_count(struct db_stmt *st)
{
	if (IS_PG(st->db))
		return db_pg_column_count(st);
	return sqlite3_column_count(st->st);
}

const char *db_column_name(struct db_stmt *st, int col)
{
	if (IS_PG(st->db))
		return db_pg_column_name(st, col);
	return sqlite3_column_name(st->st, col);
}

int64_t db_changes(struct db *db)
{
	if (IS_PG(db))
		return db_pg_changes(db);
	return sqlite3_changes64(db->h);
}

int db_last_id(struct db *db, int64_t *out)
{
	if (IS_PG(db))
		return db_pg_last_id(db, out);
	*out = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_begin(struct db *db, int write)
{
	if (IS_PG(db))
		return db_pg_begin(db, write);
	return db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

int db_commit(struct db *db)
{
	int rc;

	if (IS_PG(db))
		return db_pg_commit(db);
	rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(db, rc);
}

void db_rollback(struct db *db)
{
	if (IS_PG(db)) {
		db_pg_rollback(db);
		return;
	}
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_in_transaction(struct db *db)
{
	if (IS_PG(db))
		return db_pg_in_transaction(db);
	return !sqlite3_get_autocommit(db->h);
}

int db_revive(struct db *db)
{
	return IS_PG(db) ? db_pg_revive(db) : 0;
}

int db_errcode(struct db *db)
{
	return db->err;
}

const char *db_errmsg(struct db *db)
{
	return db->msg;
}

struct sqlite3 *db_sqlite_handle(struct db *db)
{
	return IS_PG(db) ? NULL : db->h;
}
