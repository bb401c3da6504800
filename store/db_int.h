/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db_int.h - what db_sqlite.c and db_pg.c share behind db.h: the handle of
 * either database, with the last failure's class and message kept in the
 * common part so db_errcode() / db_errmsg() need no dispatch.
 */
#ifndef SLGW_STORE_DB_INT_H
#define SLGW_STORE_DB_INT_H

#include <sqlite3.h>

#include "db.h"

struct pg_conn;
struct pg_stmt;

struct db {
	enum db_dialect dialect;
	int err;
	char msg[512];
	sqlite3 *h;          /* DB_SQLITE */
	struct pg_conn *pg;  /* DB_PG */
};

struct db_stmt {
	struct db *db;
	sqlite3_stmt *st;    /* DB_SQLITE */
	struct pg_stmt *pg;  /* DB_PG */
};

/* db_pg.c, reached through db.h's functions when db->dialect is DB_PG. */
int db_pg_open(struct db **out, const char *url, char *msg, size_t msglen);
void db_pg_close(struct db *db);
int db_pg_exec(struct db *db, const char *sql);
int db_pg_prepare(struct db *db, const char *sql, struct db_stmt **out);
void db_pg_finalize(struct db_stmt *st);
void db_pg_reset(struct db_stmt *st);
int db_pg_bind(struct db_stmt *st, int idx, const char *v);
int db_pg_step(struct db_stmt *st);
const char *db_pg_column_text(struct db_stmt *st, int col);
int db_pg_column_count(struct db_stmt *st);
const char *db_pg_column_name(struct db_stmt *st, int col);
int64_t db_pg_changes(struct db *db);
int db_pg_last_id(struct db *db, int64_t *out);
int db_pg_begin(struct db *db, int write);
int db_pg_commit(struct db *db);
void db_pg_rollback(struct db *db);
int db_pg_in_transaction(struct db *db);
int db_pg_revive(struct db *db);

#endif
