/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_int.h - internals shared by the store's source files (not public).
 *
 * Design
 * - A `store` owns a fixed pool of database connections (SQLite or
 *   PostgreSQL, through the statement layer of db.h). A call borrows one
 *   (conn_get), runs its statements inside an explicit transaction
 *   (tx_begin / tx_end) and returns it (conn_put). Read calls use a deferred
 *   BEGIN so a list is one consistent snapshot; write calls use BEGIN
 *   IMMEDIATE so read-check-write sequences are serialised by SQLite itself
 *   (which also covers other processes opening the same file); on
 *   PostgreSQL the same guarantee comes from the writers' advisory lock
 *   (db_pg.c), which covers every node sharing the database.
 * - Each connection caches its prepared statements keyed by SQL text, so
 *   the dynamically built list queries are compiled once per shape.
 * - Record types are described by tables of fields (struct rec_table):
 *   column name, C type, offset. The generic code in record.c turns those
 *   into INSERT / SELECT / UPDATE statements, validates input and frees
 *   records, so per-type code in objects.c only adds what is special.
 */
#ifndef SLGW_STORE_INT_H
#define SLGW_STORE_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>

#include "db.h"
#include "store.h"

#define STORE_STMT_CACHE 96
#define STORE_MAX_MB (INT64_C(1) << 40)   /* sanity bound for sizes: 1 EiB */
#define STORE_TEXT_MAX 4096               /* default bound for text fields */
#define STORE_JSON_MAX (1024 * 1024)      /* params / result JSON */

struct stmt_slot {
	char *sql;
	struct db_stmt *st;
};

struct conn {
	struct db *db;
	struct store *owner;
	int wlocked; /* holds owner->wmu (inside a write transaction) */
	struct stmt_slot cache[STORE_STMT_CACHE];
	size_t ncache;
	size_t evict; /* next slot to recycle when full (round robin) */
};

struct store {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* Writers of this process queue here before BEGIN IMMEDIATE: a
	 * mutex hands over in order, while SQLite's busy handler polls with
	 * growing sleeps and let single writers wait seconds under load.
	 * The busy handler still arbitrates against other processes. */
	pthread_mutex_t wmu;
	struct conn *conns;
	size_t nconns;
	size_t *freelist; /* indexes of idle connections */
	size_t nfree;
	int64_t busy_waits;
	/* FIFO order for callers waiting for a connection: without it a
	 * thread that just returned one takes it straight back and others
	 * can starve for seconds under load. */
	uint64_t next_ticket, serving;
	char *path; /* SQLite file, or the PostgreSQL URL */
	enum db_dialect dialect;
	char instance_id[STORE_INSTANCE_ID_LEN + 1]; /* read once at open */
	/* array-password key (secrets.c), under mu; wiped at close */
	unsigned char secret_key[STORE_SECRET_KEY_LEN];
	int has_secret_key;
};

/* ---- array passwords at rest (secrets.c) */
int credential_is_sealed(const char *v);
/* 0 and *out sealed; 1 when the store has no key (store plain text);
 * negative on failure. */
int credential_seal(char **out, store *s, const char *name, const char *plain);
/* 0 and *out plain text; STORE_EINVAL without the right key. */
int credential_open(char **out, store *s, const char *name, const char *sealed);
/* Forgets the key (store_close). */
void store_secret_key_wipe(store *s);

/* ---- enum names as stored in the database (store.c); index 0 = "" */
extern const char *const store_failover_names[4];
extern const char *const store_proto_names[3];
extern const char *const store_prov_names[3];
extern const char *const store_system_state_names[5];
extern const char *const store_state_names[7];
extern const char *const store_clone_kind_names[4];
extern const char *const store_asg_state_names[5];
extern const char *const store_role_names[3];
extern const char *const store_job_state_names[5];

/* ---- errors (store.c) */
int store_seterr(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int store_vseterr(int code, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Map a database failure (a DB_E* class from db.h) on connection c to a
 * store code + message naming `what` (e.g. "volume 'x'"). */
int store_sqlerr(struct conn *c, int rc, const char *what);
void store_clearerr(void);

/* ---- connections and transactions (store.c) */
struct conn *conn_get(store *s);
void conn_put(store *s, struct conn *c);
/* Prepared statement from the connection's cache (reset, bindings cleared). */
int conn_prepare(struct conn *c, const char *sql, struct db_stmt **out);
/* The dialect of c's database (DB_SQLITE or DB_PG). */
#define conn_pg(c) (db_dialect((c)->db) == DB_PG)
int tx_begin(struct conn *c, int write);
/* Commit if rc == 0, else roll back; returns rc, or the commit failure. */
int tx_end(struct conn *c, int rc);
/* conn_get, tx_begin and conn_prepare: how a call of one statement opens.
 * *c is set even when it fails: the caller ends with tx_end and conn_put. */
int tx_prepare(struct conn **c, struct db_stmt **st, store *s, int write, const char *sql);
/* Step st once: 1 with a row, 0 past the last, else the store error naming
 * `what` (the statement is not reset). */
int conn_step(struct conn *c, struct db_stmt *st, const char *what);
/* Run the bound write st (reset after): a failure is the store error naming
 * `what`, no row changed is ENOTFOUND "<missing> not found". */
int conn_step_write(struct conn *c, struct db_stmt *st, const char *what, const char *missing);
/* Run SQL text without parameters or results (schema, pragmas). */
int conn_exec(struct conn *c, const char *sql);
int64_t store_now(void);

/* ---- schema (schema.c) */
#define STORE_SCHEMA_VERSION 9
/* Forward migration from version-1 to version (1..STORE_SCHEMA_VERSION). */
const char *store_migration_sql(int version);
/* The C part of that step (data SQL cannot make, e.g. random ids), run
 * on db right after store_migration_sql(version) in the same
 * transaction; 0 when the step has none.  These steps are the history
 * of SQLite files; a PostgreSQL store starts at the current version
 * (schema.c). */
int store_migration_post(sqlite3 *db, int version);
/* The instance id drawn once when a store is made (v4 on SQLite, the
 * baseline on PostgreSQL). */
int store_new_instance_id(char out[STORE_INSTANCE_ID_LEN + 1]);
/* Read the instance id from the meta table into s->instance_id (EINVAL
 * when missing or malformed: the file was damaged or hand-edited). */
int store_load_instance_id(store *s, struct conn *c);
/* The schema version of c's database (0: empty). */
int store_read_version(struct conn *c, int *out);
/* Bring the file on connection c up to date; each step one transaction. */
int store_migrate(struct conn *c);

/* ---- generic records (record.c) */
enum ftype {
	FT_ID,    /* int64 primary key "id" */
	FT_I64,   /* int64 */
	FT_INT,   /* int */
	FT_TEXT,  /* char * (NULL = SQL NULL) */
	FT_ENUM,  /* int stored as text through names[] */
	FT_REF,   /* int64 id of another row; 0 = NULL */
	FT_TIME,  /* int64 set by the store (created / updated) */
};

#define FL_REQ     0x01 /* text non-empty / enum set / ref non-zero */
#define FL_NOUPD   0x02 /* never changed by the generic update */
#define FL_CREATED 0x04 /* FT_TIME set on insert only */
#define FL_UPDATED 0x08 /* FT_TIME set on insert and update */
#define FL_NAME    0x10 /* FT_TEXT: no control characters */

struct rec_field {
	const char *col;
	enum ftype type;
	size_t off;
	unsigned flags;
	const char *const *names; /* FT_ENUM: names[1..nnames-1] */
	int nnames;
	int def;                  /* FT_ENUM default for 0 on insert */
	const char *ref;          /* FT_REF: referenced table's rec_table label */
	size_t maxlen;            /* FT_TEXT: 0 = STORE_TEXT_MAX */
};

struct rec_table {
	const char *sql_name;     /* table name in SQL */
	const char *label;        /* object word for messages */
	size_t size;              /* sizeof the record */
	const struct rec_field *fields;
	size_t nfields;
	const char *name_col;     /* filter.name column, or NULL */
	const char *prefix_col;   /* filter.name_prefix column, or NULL */
	int tombstones;           /* hide state 'deleted' unless include_deleted */
	int newest_first;         /* lists by id descending; the cursor `after` then
	                           * means "older than": ids < after */
	/* extra validation; return 0 or store_seterr(STORE_EINVAL, ...) */
	int (*check)(const void *rec);
	/* Types with key/value attributes (attrs.c): their kind in
	 * object_keys, and where the record keeps its store_kv array and its
	 * count.  NULL: none. */
	const char *keys_kind;
	size_t keys_off;
	size_t nkeys_off;
};

extern const struct rec_table tab_credential, tab_system, tab_pool, tab_port, tab_tenant,
	tab_user, tab_grant, tab_volume, tab_snapshot, tab_host, tab_initiator,
	tab_assignment, tab_job, tab_audit, tab_host_system;

void rec_free_fields(const struct rec_table *t, void *rec);
void rec_free(const struct rec_table *t, void *rec);
void rec_array_free(const struct rec_table *t, void *arr, size_t n);
int rec_validate(const struct rec_table *t, const void *rec);
/* Verify that every non-zero FT_REF exists (ENOTFOUND naming the field). */
int rec_check_refs(struct conn *c, const struct rec_table *t, const void *rec);
int rec_exists(struct conn *c, const char *sql_table, int64_t id);
/* Within a transaction on c. */
int rec_insert_c(struct conn *c, const struct rec_table *t, const void *rec, int64_t *out_id);
int rec_get_c(struct conn *c, const struct rec_table *t, const char *col, int64_t id,
              const char *text, void **out);
int rec_list_c(struct conn *c, const struct rec_table *t, const store_filter *f,
               const char *extra_where, void **out, size_t *count);
/* conn_get, a write transaction and rec_check_refs: how a call that
 * writes rec opens. *c is set even when it fails: the caller ends with
 * tx_end and conn_put. */
int rec_tx_write(struct conn **c, store *s, const struct rec_table *t, const void *rec);
/* A value bound to one `?` (B_TEXT(NULL) binds NULL). */
enum { BV_NULL, BV_INT, BV_TEXT };
struct bindv {
	int kind;
	int64_t i;
	const char *t;
};
#define B_INT(v) ((struct bindv){BV_INT, (v), NULL})
#define B_TEXT(v) ((struct bindv){(v) ? BV_TEXT : BV_NULL, 0, (v)})
/* Bind b[0..nb) to parameters 1..nb of st. */
void rec_bind_all(struct db_stmt *st, const struct bindv *b, int nb);
/* Run sql bound with b[0..nb), no result rows wanted; a failure is the
 * store error naming what; *changes (if given) gets the row count. */
int rec_run(struct conn *c, const char *sql, const struct bindv *b, int nb, const char *what,
            int *changes);
/* First row of "SELECT <t's columns> FROM <t> WHERE <where>" or ENOTFOUND
 * (without touching the error message: callers decide what it means). */
int rec_get_where(struct conn *c, const struct rec_table *t, const char *where,
                  const struct bindv *b, int nb, void **out);
/* Whole operations, each its own transaction. */
int rec_insert(store *s, const struct rec_table *t, const void *rec, int64_t *out_id);
int rec_get(store *s, const struct rec_table *t, int64_t id, void **out);
int rec_get_text(store *s, const struct rec_table *t, const char *col, const char *v, void **out);
int rec_list(store *s, const struct rec_table *t, const store_filter *f, const char *extra_where,
             void **out, size_t *count);
int rec_update(store *s, const struct rec_table *t, const void *rec);
int rec_delete(store *s, const struct rec_table *t, int64_t id);
/* Step st (bound, from rec_columns(t)) once and read its row into a new
 * record in *out; the statement is reset either way. No row: STORE_ENOTFOUND
 * without setting the error message (callers word it); else 0, a SQL error
 * or STORE_ERROR (out of memory). */
int rec_step_one(struct conn *c, const struct rec_table *t, struct db_stmt *st, void **out);
/* Read the columns of t (in field order) from st starting at column 0. */
int rec_read_row(const struct rec_table *t, struct db_stmt *st, void *rec);
/* "col1", "col2", ... of t into buf (quoted: some column names, such as
 * user, are reserved words in PostgreSQL). */
void rec_columns(const struct rec_table *t, char *buf, size_t len);

/* ---- key/value attributes (attrs.c) */
/* Fills the keys of the n records of t at arr (ordered by id ascending)
 * with ONE query, within the transaction on c.  No-op for a type without
 * keys. */
int attrs_load(struct conn *c, const struct rec_table *t, void *arr, size_t n);
/* Frees the keys of one record of t (its other fields stay). */
void attrs_free(const struct rec_table *t, void *rec);
/* Writes n key/value pairs of object id of t (added or replaced), within
 * the write transaction on c; validates them first (EINVAL naming the
 * key). */
int attrs_put(struct conn *c, const struct rec_table *t, int64_t id, const store_kv *kv, size_t n);
/* Applies chg to row id of t in one write transaction of its own. */
int attrs_change(store *s, const struct rec_table *t, int64_t id, const store_attr_change *chg);

/* ---- job writes (domain.c), shared with their fenced forms (lease.c) */
/* The argument checks of store_job_progress / store_job_finish. */
int job_progress_check(int progress, const char *step);
int job_finish_check(store_job_state state, const char *result, const char *error_code,
                     const char *error_message);

/* ---- passwords (auth.c) */
/* Encode a new salted hash of password into a malloc'd string. */
int store_pw_hash(char **out, const char *password);
/* 1 if password matches encoded, 0 otherwise (constant time in the hash). */
int store_pw_check(const char *encoded, const char *password);

#endif /* SLGW_STORE_INT_H */
