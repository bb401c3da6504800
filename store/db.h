/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * db.h - the store's statement layer: one small interface over the two
 * databases the store can live in, SQLite (db_sqlite.c) and PostgreSQL
 * through libpq (db_pg.c).  Only store/ sees it; the gateway sees store.h.
 *
 * Design
 * - The shape is SQLite's (prepare, bind, step, column, reset), because
 *   the store was written against it and its call sites stay readable;
 *   PostgreSQL fits under it: a statement is prepared once per connection
 *   (PQprepare) with its `?` placeholders turned into $1..$n (`?N` into
 *   $N) once, and the first db_step() executes it with the bound values
 *   as text, the following ones walk the result's rows.
 * - Every value crosses as int64 or text (NULL included): the store keeps
 *   enums as text and ids, sizes and times as int64, so nothing else is
 *   needed, and text parameters let PostgreSQL infer each type from the
 *   statement.
 * - Failures come back as a small class (unique violation, foreign key,
 *   check / not null, busy or serialization failure, lost connection,
 *   other) plus the database's own message, so store_sqlerr() maps both
 *   databases to the same STORE_E* codes and callers never see SQLSTATEs
 *   or SQLite result codes.
 * - Transactions are db_begin / db_commit / db_rollback.  A write
 *   transaction is what the store relies on for its read-check-write
 *   operations: SQLite's BEGIN IMMEDIATE (one writer per file), and on
 *   PostgreSQL a transaction that first takes one transaction-scoped
 *   advisory lock, so writers of every node queue exactly as SQLite's do
 *   and each statement in it sees every earlier commit (READ COMMITTED
 *   after the lock).  Read transactions are snapshots (SQLite's deferred
 *   BEGIN, PostgreSQL's REPEATABLE READ).  Any statement on the same
 *   connection between db_begin and db_commit is in that transaction, so
 *   a row checked there (e.g. a lease with its fencing token, read FOR
 *   UPDATE on PostgreSQL) holds for the writes that follow it.
 * - db_last_id() is the id the last INSERT issued on this connection
 *   (SQLite's rowid, PostgreSQL's lastval() of the identity sequence).
 */
#ifndef SLGW_STORE_DB_H
#define SLGW_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

enum db_dialect {
	DB_SQLITE = 1,
	DB_PG = 2,
};

/* db_step() results; failures are the negative DB_E* classes. */
#define DB_DONE 0
#define DB_ROW 1

#define DB_EERROR    (-1) /* anything else: the message says what */
#define DB_EUNIQUE   (-2) /* unique or primary key violation */
#define DB_EFOREIGN  (-3) /* foreign key violation */
#define DB_ECHECK    (-4) /* check or not-null violation */
#define DB_EBUSY     (-5) /* lock timeout, deadlock, serialization failure */
#define DB_ECONN     (-6) /* the connection to the server is gone */
#define DB_ENOMEM    (-7)

struct db;
struct db_stmt;

/* "postgresql://..." or "postgres://..." opens PostgreSQL (the URL names
 * no password: libpq finds it in PGPASSFILE / ~/.pgpass / PGPASSWORD or
 * in passfile=), anything else is a SQLite file path.  On failure *out
 * is NULL and msg gets the reason. */
int db_open(struct db **out, const char *target, char *msg, size_t msglen);
void db_close(struct db *db);
enum db_dialect db_dialect(const struct db *db);
/* True for a target db_open() would give to PostgreSQL. */
int db_target_is_pg(const char *target);

/* One or more statements without parameters or results. */
int db_exec(struct db *db, const char *sql);
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
void db_finalize(struct db_stmt *st);
/* Ends the statement's execution and clears its bindings. */
void db_reset(struct db_stmt *st);
/* Parameters count from 1.  Text is copied. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL binds NULL */
int db_bind_null(struct db_stmt *st, int idx);
/* DB_ROW, DB_DONE or a DB_E* class (the message: db_errmsg). */
int db_step(struct db_stmt *st);
int64_t db_column_int64(struct db_stmt *st, int col);
int db_column_int(struct db_stmt *st, int col);
/* NULL for SQL NULL; valid until the next step or reset. */
const char *db_column_text(struct db_stmt *st, int col);
/* The result's columns (after the first db_step on PostgreSQL). */
int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);

/* Rows changed by the last INSERT / UPDATE / DELETE on this connection. */
int64_t db_changes(struct db *db);
int db_last_id(struct db *db, int64_t *out);

/* write: 1 for a writer's transaction (see the design note above). */
int db_begin(struct db *db, int write);
int db_commit(struct db *db);
/* Rolls back an open transaction; a no-op without one. */
void db_rollback(struct db *db);
int db_in_transaction(struct db *db);
/* A PostgreSQL session the server or the network ended is opened again
 * (1: it was, and every statement prepared on it is gone: finalize
 * them); 0 when it is alive or SQLite; DB_ECONN when it cannot be. */
int db_revive(struct db *db);

/* The class and message of the last failure on this connection. */
int db_errcode(struct db *db);
const char *db_errmsg(struct db *db);

/* The SQLite handle behind db (NULL on PostgreSQL): for what only SQLite
 * has (online backup, the integrity pragmas, the old-file migrations). */
struct sqlite3 *db_sqlite_handle(struct db *db);

#endif /* SLGW_STORE_DB_H */
