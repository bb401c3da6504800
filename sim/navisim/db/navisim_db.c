/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * navisim_db.c - SQLite implementation of navisim's state file.
 *
 * Three tables: arrays (control columns + contents JSON), log (one row per
 * naviseccli invocation) and fail_rules (fail-next fault injection).  WAL
 * lets readers proceed while one writer holds the lock; a generous busy
 * timeout makes the 16-32 parallel navisim processes of a test or
 * benchmark queue for the write lock instead of failing.  Writers first
 * take an flock on a side file: SQLite's busy handler polls with growing
 * sleeps, so under contention most of a command's time went to sleeping;
 * the kernel wakes an flock waiter as soon as the holder is done.  Every statement
 * is prepared with bound parameters; no text is ever pasted into SQL.
 */
#include "navisim_db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* Long enough for dozens of processes queueing on a loaded 2-core box. */
#define NAVISIM_DB_BUSY_MS 120000

struct navisim_db {
	sqlite3 *conn;
	int in_txn;
	int lock_fd; /* <path>.lock: writers queue on flock, woken in turn */
};

static const char *const schema =
	"CREATE TABLE IF NOT EXISTS arrays ("
	" name TEXT PRIMARY KEY NOT NULL,"
	" spa TEXT NOT NULL UNIQUE,"
	" spb TEXT NOT NULL UNIQUE,"
	" user TEXT, password TEXT,"
	" spa_down INTEGER NOT NULL DEFAULT 0,"
	" spb_down INTEGER NOT NULL DEFAULT 0,"
	" latency_ms INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS log ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" time REAL NOT NULL, array TEXT, sp TEXT NOT NULL,"
	" argv TEXT NOT NULL, status INTEGER NOT NULL, duration_ms INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS log_array ON log(array, id);"
	"CREATE TABLE IF NOT EXISTS fail_rules ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" array TEXT NOT NULL, remaining INTEGER NOT NULL,"
	" match TEXT NOT NULL, message TEXT NOT NULL);";

static char *dup_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? strdup((const char *)t) : NULL;
}

static int exec_sql(navisim_db *db, const char *sql)
{
	return sqlite3_exec(db->conn, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : NAVISIM_DB_ERROR;
}

/* The last table of the schema exists (so all do: they are created together). */
static int schema_present(navisim_db *db)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(db->conn, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='fail_rules'",
			       -1, &st, NULL) != SQLITE_OK)
		return 0;
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

int navisim_db_open(navisim_db **out, const char *path)
{
	navisim_db *db;

	if (!out || !path)
		return NAVISIM_DB_EINVAL;
	*out = NULL;
	db = calloc(1, sizeof(*db));
	if (!db)
		return NAVISIM_DB_ENOMEM;
	db->lock_fd = -1;
	{
		char lock[4096];
		int n = snprintf(lock, sizeof(lock), "%s.lock", path);
		if (n < 0 || (size_t)n >= sizeof(lock))
			goto fail;
		db->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (db->lock_fd < 0)
			goto fail;
	}
	if (sqlite3_open_v2(path, &db->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db->conn, NAVISIM_DB_BUSY_MS);
	/*
	 * journal_mode=WAL is persistent; the busy handler covers a racing
	 * first open.  synchronous=OFF: a simulator's state need not survive
	 * a power cut, and fsyncs were most of a command's cost; commits stay
	 * atomic and isolated.  The WAL is not kept when the last process
	 * closes: a stale multi-megabyte WAL would be re-scanned by every
	 * process that opens the file alone.
	 */
	if (exec_sql(db, "PRAGMA journal_mode=WAL") || exec_sql(db, "PRAGMA synchronous=OFF") ||
	    exec_sql(db, "PRAGMA journal_size_limit=4194304"))
		goto fail;
	/* Only the first process creates the schema; the rest skip the write lock. */
	if (!schema_present(db)) {
		if (navisim_db_begin(db))
			goto fail;
		if (exec_sql(db, schema)) {
			navisim_db_rollback(db);
			goto fail;
		}
		if (navisim_db_commit(db))
			goto fail;
	}
	*out = db;
	return 0;
fail:
	navisim_db_close(db);
	return NAVISIM_DB_ERROR;
}

void navisim_db_close(navisim_db *db)
{
	if (!db)
		return;
	navisim_db_rollback(db);
	sqlite3_close(db->conn);
	if (db->lock_fd >= 0)
		close(db->lock_fd);
	free(db);
}

const char *navisim_db_errmsg(const navisim_db *db)
{
	return db && db->conn ? sqlite3_errmsg(db->conn) : "no database";
}

static void unlock_file(navisim_db *db)
{
	if (db->lock_fd >= 0)
		flock(db->lock_fd, LOCK_UN);
}

int navisim_db_begin(navisim_db *db)
{
	if (!db || db->in_txn)
		return NAVISIM_DB_EINVAL;
	while (flock(db->lock_fd, LOCK_EX) == -1)
		if (errno != EINTR)
			return NAVISIM_DB_ERROR;
	if (exec_sql(db, "BEGIN IMMEDIATE")) {
		unlock_file(db);
		return NAVISIM_DB_ERROR;
	}
	db->in_txn = 1;
	return 0;
}

int navisim_db_commit(navisim_db *db)
{
	if (!db || !db->in_txn)
		return NAVISIM_DB_EINVAL;
	if (exec_sql(db, "COMMIT")) {
		navisim_db_rollback(db);
		return NAVISIM_DB_ERROR;
	}
	db->in_txn = 0;
	unlock_file(db);
	return 0;
}

void navisim_db_rollback(navisim_db *db)
{
	if (!db || !db->in_txn)
		return;
	sqlite3_exec(db->conn, "ROLLBACK", NULL, NULL, NULL);
	db->in_txn = 0;
	unlock_file(db);
}

static int prepare(sqlite3_stmt **st, navisim_db *db, const char *sql)
{
	return sqlite3_prepare_v2(db->conn, sql, -1, st, NULL) == SQLITE_OK ? 0 : NAVISIM_DB_ERROR;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Step a bound write, finalize it; *changes (if given) gets the rows it
 * changed. */
static int finish_write(navisim_db *db, sqlite3_stmt *st, int *changes)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	if (changes)
		*changes = sqlite3_changes(db->conn);
	return rc == SQLITE_DONE ? 0 : NAVISIM_DB_ERROR;
}

/* A list of n elements of size bytes at v is full (n == *cap): twice the
 * room (first elements at the start), the new part zeroed; NULL when out
 * of memory (v is left as it was). */
static void *grow(void *v, size_t *cap, size_t size, size_t first)
{
	size_t ncap = *cap ? *cap * 2 : first;
	char *nv = realloc(v, ncap * size);

	if (!nv)
		return NULL;
	memset(nv + *cap * size, 0, (ncap - *cap) * size);
	*cap = ncap;
	return nv;
}

/* How the rows of one table become a list: element size, first room,
 * the reader of one row into a zeroed element, the list's free. */
struct row_kind {
	size_t size, first;
	int (*read)(void *elem, sqlite3_stmt *st);
	void (*free_list)(void *list, size_t n);
};

/* Every row of st (finalized here) into a new list in *out, *count. */
static int read_rows(void **out, size_t *count, sqlite3_stmt *st, const struct row_kind *k)
{
	char *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			char *nv = grow(v, &cap, k->size, k->first);
			if (!nv)
				goto nomem;
			v = nv;
		}
		if (k->read(v + n++ * k->size, st))
			goto nomem;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		k->free_list(v, n);
		return NAVISIM_DB_ERROR;
	}
	*out = v;
	*count = n;
	return 0;
nomem:
	sqlite3_finalize(st);
	k->free_list(v, n);
	return NAVISIM_DB_ENOMEM;
}

/* The control columns of arrays, bound as ?1..?8 by bind_array and read
 * back in this order by array_from_row. */
#define ARRAY_COLS "name,spa,spb,user,password,spa_down,spb_down,latency_ms"

static void bind_array(sqlite3_stmt *st, const navisim_db_array *a)
{
	bind_text(st, 1, a->name);
	bind_text(st, 2, a->spa);
	bind_text(st, 3, a->spb);
	bind_text(st, 4, a->user);
	bind_text(st, 5, a->password);
	sqlite3_bind_int(st, 6, a->spa_down);
	sqlite3_bind_int(st, 7, a->spb_down);
	sqlite3_bind_int(st, 8, a->latency_ms);
}

int navisim_db_array_insert(navisim_db *db, const navisim_db_array *a, const char *state_json)
{
	sqlite3_stmt *st;
	int rc;

	if (!db || !a || !a->name || !a->spa || !a->spb || !state_json)
		return NAVISIM_DB_EINVAL;
	/* An address must name exactly one SP across all arrays. */
	if (prepare(&st, db, "SELECT 1 FROM arrays WHERE name=?1 OR spa IN (?2,?3) OR spb IN (?2,?3)"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, a->name);
	bind_text(st, 2, a->spa);
	bind_text(st, 3, a->spb);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return NAVISIM_DB_EEXISTS;
	if (rc != SQLITE_DONE)
		return NAVISIM_DB_ERROR;
	if (prepare(&st, db, "INSERT INTO arrays(" ARRAY_COLS ",state) VALUES(?,?,?,?,?,?,?,?,?)"))
		return NAVISIM_DB_ERROR;
	bind_array(st, a);
	bind_text(st, 9, state_json);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT)
		return NAVISIM_DB_EEXISTS;
	return rc == SQLITE_DONE ? 0 : NAVISIM_DB_ERROR;
}

static int run_name_stmt(navisim_db *db, const char *sql, const char *name, int *changes)
{
	sqlite3_stmt *st;

	if (prepare(&st, db, sql))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, name);
	return finish_write(db, st, changes);
}

int navisim_db_array_delete(navisim_db *db, const char *name)
{
	int changes = 0;

	if (!db || !name)
		return NAVISIM_DB_EINVAL;
	if (run_name_stmt(db, "DELETE FROM arrays WHERE name=?1", name, &changes))
		return NAVISIM_DB_ERROR;
	if (!changes)
		return NAVISIM_DB_ENOTFOUND;
	if (run_name_stmt(db, "DELETE FROM log WHERE array=?1", name, NULL) ||
	    run_name_stmt(db, "DELETE FROM fail_rules WHERE array=?1", name, NULL))
		return NAVISIM_DB_ERROR;
	return 0;
}


static int array_from_row(navisim_db_array *a, sqlite3_stmt *st)
{
	a->name = dup_col(st, 0);
	a->spa = dup_col(st, 1);
	a->spb = dup_col(st, 2);
	a->user = dup_col(st, 3);
	a->password = dup_col(st, 4);
	a->spa_down = sqlite3_column_int(st, 5);
	a->spb_down = sqlite3_column_int(st, 6);
	a->latency_ms = sqlite3_column_int(st, 7);
	if (!a->name || !a->spa || !a->spb)
		return NAVISIM_DB_ENOMEM;
	return 0;
}

static int array_one(navisim_db_array **out, navisim_db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st;
	navisim_db_array *a;
	int rc;

	*out = NULL;
	if (prepare(&st, db, sql))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? NAVISIM_DB_ENOTFOUND : NAVISIM_DB_ERROR;
	}
	a = calloc(1, sizeof(*a));
	if (!a || array_from_row(a, st)) {
		sqlite3_finalize(st);
		navisim_db_array_free(a);
		return NAVISIM_DB_ENOMEM;
	}
	sqlite3_finalize(st);
	*out = a;
	return 0;
}

int navisim_db_array_by_address(navisim_db_array **out, char *sp, navisim_db *db, const char *address)
{
	int rc;

	if (!out || !sp || !db || !address)
		return NAVISIM_DB_EINVAL;
	rc = array_one(out, db, "SELECT " ARRAY_COLS " FROM arrays WHERE spa=?1 OR spb=?1", address);
	if (rc)
		return rc;
	*sp = strcmp((*out)->spa, address) == 0 ? 'A' : 'B';
	return 0;
}

int navisim_db_array_get(navisim_db_array **out, navisim_db *db, const char *name)
{
	if (!out || !db || !name)
		return NAVISIM_DB_EINVAL;
	return array_one(out, db, "SELECT " ARRAY_COLS " FROM arrays WHERE name=?1", name);
}

static int read_array(void *elem, sqlite3_stmt *st)
{
	return array_from_row(elem, st);
}

static void free_arrays(void *list, size_t n)
{
	navisim_db_array_array_free(list, n);
}

static const struct row_kind array_rows = { sizeof(navisim_db_array), 8, read_array, free_arrays };

int navisim_db_array_list(navisim_db_array **out, size_t *count, navisim_db *db)
{
	sqlite3_stmt *st;
	void *v;
	int rc;

	if (!out || !count || !db)
		return NAVISIM_DB_EINVAL;
	*out = NULL;
	*count = 0;
	if (prepare(&st, db, "SELECT " ARRAY_COLS " FROM arrays ORDER BY name"))
		return NAVISIM_DB_ERROR;
	rc = read_rows(&v, count, st, &array_rows);
	if (rc == 0)
		*out = v;
	return rc;
}

int navisim_db_array_update(navisim_db *db, const navisim_db_array *a)
{
	sqlite3_stmt *st;
	int changes;

	if (!db || !a || !a->name)
		return NAVISIM_DB_EINVAL;
	/* spa and spb (?2, ?3) never change. */
	if (prepare(&st, db, "UPDATE arrays SET user=?4,password=?5,spa_down=?6,spb_down=?7,"
			     "latency_ms=?8 WHERE name=?1"))
		return NAVISIM_DB_ERROR;
	bind_array(st, a);
	if (finish_write(db, st, &changes))
		return NAVISIM_DB_ERROR;
	return changes ? 0 : NAVISIM_DB_ENOTFOUND;
}

int navisim_db_state_load(char **out, navisim_db *db, const char *name)
{
	sqlite3_stmt *st;
	int rc;

	if (!out || !db || !name)
		return NAVISIM_DB_EINVAL;
	*out = NULL;
	if (prepare(&st, db, "SELECT state FROM arrays WHERE name=?1"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = dup_col(st, 0);
		sqlite3_finalize(st);
		return *out ? 0 : NAVISIM_DB_ENOMEM;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? NAVISIM_DB_ENOTFOUND : NAVISIM_DB_ERROR;
}

int navisim_db_state_save(navisim_db *db, const char *name, const char *state_json)
{
	sqlite3_stmt *st;
	int changes;

	if (!db || !name || !state_json)
		return NAVISIM_DB_EINVAL;
	if (prepare(&st, db, "UPDATE arrays SET state=?2 WHERE name=?1"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, name);
	bind_text(st, 2, state_json);
	if (finish_write(db, st, &changes))
		return NAVISIM_DB_ERROR;
	return changes ? 0 : NAVISIM_DB_ENOTFOUND;
}

int navisim_db_log_append(navisim_db *db, const navisim_db_log_entry *e)
{
	sqlite3_stmt *st;

	if (!db || !e || !e->sp_address || !e->argv)
		return NAVISIM_DB_EINVAL;
	if (prepare(&st, db, "INSERT INTO log(time,array,sp,argv,status,duration_ms) "
			     "VALUES(?,?,?,?,?,?)"))
		return NAVISIM_DB_ERROR;
	sqlite3_bind_double(st, 1, e->time);
	bind_text(st, 2, e->array);
	bind_text(st, 3, e->sp_address);
	bind_text(st, 4, e->argv);
	sqlite3_bind_int(st, 5, e->status);
	sqlite3_bind_int(st, 6, e->duration_ms);
	return finish_write(db, st, NULL);
}

static int read_log(void *elem, sqlite3_stmt *st)
{
	navisim_db_log_entry *e = elem;

	e->id = sqlite3_column_int64(st, 0);
	e->time = sqlite3_column_double(st, 1);
	e->array = dup_col(st, 2);
	e->sp_address = dup_col(st, 3);
	e->argv = dup_col(st, 4);
	e->status = sqlite3_column_int(st, 5);
	e->duration_ms = sqlite3_column_int(st, 6);
	return e->sp_address && e->argv ? 0 : NAVISIM_DB_ENOMEM;
}

static void free_log(void *list, size_t n)
{
	navisim_db_log_entry_array_free(list, n);
}

static const struct row_kind log_rows = { sizeof(navisim_db_log_entry), 64, read_log, free_log };

int navisim_db_log_list(navisim_db_log_entry **out, size_t *count, navisim_db *db, const char *name)
{
	sqlite3_stmt *st;
	void *v;
	int rc;

	if (!out || !count || !db)
		return NAVISIM_DB_EINVAL;
	*out = NULL;
	*count = 0;
	if (prepare(&st, db, name ? "SELECT id,time,array,sp,argv,status,duration_ms FROM log "
				    "WHERE array=?1 ORDER BY id"
				  : "SELECT id,time,array,sp,argv,status,duration_ms FROM log ORDER BY id"))
		return NAVISIM_DB_ERROR;
	if (name)
		bind_text(st, 1, name);
	rc = read_rows(&v, count, st, &log_rows);
	if (rc == 0)
		*out = v;
	return rc;
}

int navisim_db_fail_add(navisim_db *db, const char *array, int count, const char *match,
			const char *message)
{
	sqlite3_stmt *st;

	if (!db || !array || count <= 0 || !match || !message)
		return NAVISIM_DB_EINVAL;
	if (prepare(&st, db, "INSERT INTO fail_rules(array,remaining,match,message) VALUES(?,?,?,?)"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, array);
	sqlite3_bind_int(st, 2, count);
	bind_text(st, 3, match);
	bind_text(st, 4, message);
	return finish_write(db, st, NULL);
}

/* Every space-separated word of match equals one of the command words. */
static int rule_matches(const char *match, int argc, char *const argv[])
{
	const char *p = match;

	for (;;) {
		size_t len;
		int found = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return 1;
		len = strcspn(p, " \t");
		for (int i = 0; i < argc && !found; i++)
			found = strlen(argv[i]) == len && strncmp(argv[i], p, len) == 0;
		if (!found)
			return 0;
		p += len;
	}
}

int navisim_db_fail_take(char **message, navisim_db *db, const char *array, int argc,
			 char *const argv[])
{
	sqlite3_stmt *st;
	int64_t hit = -1;
	int rc;

	if (!message || !db || !array || argc < 0)
		return NAVISIM_DB_EINVAL;
	*message = NULL;
	if (prepare(&st, db, "SELECT id,match,message FROM fail_rules WHERE array=?1 "
			     "AND remaining>0 ORDER BY id"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, array);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 1);
		if (m && rule_matches(m, argc, argv)) {
			hit = sqlite3_column_int64(st, 0);
			*message = dup_col(st, 2);
			break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return NAVISIM_DB_ERROR;
	if (hit < 0)
		return 0;
	if (!*message)
		return NAVISIM_DB_ENOMEM;
	if (prepare(&st, db, "UPDATE fail_rules SET remaining=remaining-1 WHERE id=?1"))
		goto fail;
	sqlite3_bind_int64(st, 1, hit);
	if (finish_write(db, st, NULL))
		goto fail;
	if (exec_sql(db, "DELETE FROM fail_rules WHERE remaining<=0"))
		goto fail;
	return 0;
fail:
	free(*message);
	*message = NULL;
	return NAVISIM_DB_ERROR;
}

int navisim_db_fail_pending(int *out, navisim_db *db, const char *array)
{
	sqlite3_stmt *st;
	int rc;

	if (!out || !db || !array)
		return NAVISIM_DB_EINVAL;
	if (prepare(&st, db, "SELECT COALESCE(SUM(remaining),0) FROM fail_rules WHERE array=?1"))
		return NAVISIM_DB_ERROR;
	bind_text(st, 1, array);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : NAVISIM_DB_ERROR;
}

int navisim_db_integrity_check(navisim_db *db)
{
	sqlite3_stmt *st;
	int ok = 0;

	if (!db)
		return NAVISIM_DB_EINVAL;
	if (prepare(&st, db, "PRAGMA integrity_check"))
		return NAVISIM_DB_ERROR;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		ok = t && strcmp((const char *)t, "ok") == 0;
	}
	sqlite3_finalize(st);
	return ok ? 0 : NAVISIM_DB_ERROR;
}

static void array_fields_free(navisim_db_array *a)
{
	free(a->name);
	free(a->spa);
	free(a->spb);
	free(a->user);
	free(a->password);
}

void navisim_db_array_free(navisim_db_array *a)
{
	if (!a)
		return;
	array_fields_free(a);
	free(a);
}

void navisim_db_array_array_free(navisim_db_array *a, size_t count)
{
	if (!a)
		return;
	for (size_t i = 0; i < count; i++)
		array_fields_free(&a[i]);
	free(a);
}

void navisim_db_log_entry_array_free(navisim_db_log_entry *e, size_t count)
{
	if (!e)
		return;
	for (size_t i = 0; i < count; i++) {
		free(e[i].array);
		free(e[i].sp_address);
		free(e[i].argv);
	}
	free(e);
}
