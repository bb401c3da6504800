/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.c - the store handle: open/close, the connection pool, per-thread
 * errors, transactions, the statement cache, enum names, backup, stats.
 *
 * Why a pool and not one connection behind a mutex: SQLite in WAL mode lets
 * readers run beside one writer, so broker threads listing objects are not
 * stalled by a thread inside a write transaction. Why not one connection per
 * thread: the server's threads come and go, and a fixed pool bounds the file
 * descriptors and memory. Writers queue in SQLite's busy handler (BEGIN
 * IMMEDIATE + busy_timeout), which also serialises against other processes.
 * On PostgreSQL the pool is the same, each connection a libpq session;
 * which database a store lives in is the path: a "postgresql://" URL or a
 * SQLite file (db.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_int.h"

#define STORE_POOL_SIZE 8
#define STORE_BUSY_MS 30000

/* ------------------------------------------------------------ errors */

static _Thread_local char errbuf[512];

const char *store_errmsg(void)
{
	return errbuf;
}

void store_clearerr(void)
{
	errbuf[0] = '\0';
}

int store_vseterr(int code, const char *fmt, va_list ap)
{
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	return code;
}

int store_seterr(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	store_vseterr(code, fmt, ap);
	va_end(ap);
	return code;
}

const char *store_strerror(int code)
{
	switch (code) {
	case STORE_OK: return "OK";
	case STORE_ERROR: return "ERROR";
	case STORE_ENOTFOUND: return "ENOTFOUND";
	case STORE_EEXISTS: return "EEXISTS";
	case STORE_ECONSTRAINT: return "ECONSTRAINT";
	case STORE_EBUSY: return "EBUSY";
	case STORE_EQUOTA: return "EQUOTA";
	case STORE_EINVAL: return "EINVAL";
	case STORE_EAUTH: return "EAUTH";
	case STORE_EFENCED: return "EFENCED";
	default: return "UNKNOWN";
	}
}

int store_sqlerr(struct conn *c, int rc, const char *what)
{
	int cls = c ? db_errcode(c->db) : rc;
	const char *msg = c ? db_errmsg(c->db) : "unknown failure";

	/* Refusals a caller can act on say what, never the database's own
	 * text: it names tables and columns, which are the store's business.
	 * Only a real database error keeps it; the gateway logs that and
	 * answers INTERNAL with a correlation id. */
	switch (cls) {
	case DB_EUNIQUE:
		return store_seterr(STORE_EEXISTS, "%s: already exists", what);
	case DB_EFOREIGN:
		return store_seterr(STORE_ECONSTRAINT,
		                    "%s: still referenced by other objects, or refers to a missing one",
		                    what);
	case DB_ECHECK:
		return store_seterr(STORE_EINVAL, "%s: invalid value", what);
	default:
		break;
	}
	return store_seterr(STORE_ERROR, "%s: database error: %s", what, msg);
}

int64_t store_now(void)
{
	return (int64_t)time(NULL);
}

/* ------------------------------------------------------------ enums */

#define ENUM_FUNCS(fn, type, names)                                           \
	const char *store_##fn##_name(type v)                                 \
	{                                                                     \
		size_t n = sizeof(names) / sizeof(names[0]);                  \
		return ((int)v > 0 && (size_t)v < n) ? names[v] : "";         \
	}                                                                     \
	type store_##fn##_parse(const char *s)                                \
	{                                                                     \
		size_t n = sizeof(names) / sizeof(names[0]);                  \
		for (size_t i = 1; s && i < n; i++)                           \
			if (strcasecmp(s, names[i]) == 0)                     \
				return (type)i;                               \
		return (type)0;                                               \
	}

/* The tables below are also what record.c stores in the database. */
const char *const store_failover_names[4] = {"", "auto", "alua", "pnr"};
const char *const store_proto_names[3] = {"", "iscsi", "fc"};
const char *const store_prov_names[3] = {"", "THIN", "THICK"};
const char *const store_system_state_names[5] = {"", "unknown", "online", "degraded", "offline"};
const char *const store_state_names[7] = {"", "creating", "ready", "resizing",
                                         "deleting", "error", "deleted"};
const char *const store_clone_kind_names[4] = {"", "none", "linked", "full"};
const char *const store_asg_state_names[5] = {"", "assigning", "ready", "unassigning", "error"};
const char *const store_role_names[3] = {"", "admin", "tenant"};
const char *const store_job_state_names[5] = {"", "queued", "running", "succeeded", "failed"};

ENUM_FUNCS(failover, store_failover, store_failover_names)
ENUM_FUNCS(proto, store_proto, store_proto_names)
ENUM_FUNCS(prov, store_prov, store_prov_names)
ENUM_FUNCS(system_state, store_system_state, store_system_state_names)
ENUM_FUNCS(state, store_state, store_state_names)
ENUM_FUNCS(clone_kind, store_clone_kind, store_clone_kind_names)
ENUM_FUNCS(asg_state, store_asg_state, store_asg_state_names)
ENUM_FUNCS(role, store_role, store_role_names)
ENUM_FUNCS(job_state, store_job_state, store_job_state_names)

/* The database holds array credentials: a file we create is readable by
 * its owner only. SQLite gives the -wal and -shm files the main file's
 * mode. An existing file keeps whatever mode the admin gave it. */
static int create_private(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, S_IRUSR | S_IWUSR);

	if (fd < 0)
		return store_seterr(STORE_ERROR, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

/* ------------------------------------------------------------ connections */

int conn_exec(struct conn *c, const char *sql)
{
	if (db_exec(c->db, sql) != 0)
		return store_seterr(STORE_ERROR, "database error: %s", db_errmsg(c->db));
	return 0;
}

int conn_prepare(struct conn *c, const char *sql, struct db_stmt **out)
{
	struct stmt_slot *slot;
	struct db_stmt *st = NULL;
	int rc;

	for (size_t i = 0; i < c->ncache; i++) {
		if (strcmp(c->cache[i].sql, sql) == 0) {
			db_reset(c->cache[i].st);
			*out = c->cache[i].st;
			return 0;
		}
	}
	rc = db_prepare(c->db, sql, &st);
	if (rc != 0)
		return store_seterr(STORE_ERROR, "prepare failed: %s", db_errmsg(c->db));
	char *copy = strdup(sql);
	if (!copy) {
		db_finalize(st);
		return store_seterr(STORE_ERROR, "out of memory");
	}
	if (c->ncache < STORE_STMT_CACHE) {
		slot = &c->cache[c->ncache++];
	} else {
		/* Recycle round robin: shapes beyond the cache size are rare
		 * (list filters), so a simple policy is enough. */
		slot = &c->cache[c->evict];
		c->evict = (c->evict + 1) % STORE_STMT_CACHE;
		db_finalize(slot->st);
		free(slot->sql);
	}
	slot->sql = copy;
	slot->st = st;
	*out = st;
	return 0;
}

int tx_prepare(struct conn **c, struct db_stmt **st, store *s, int write, const char *sql)
{
	int rc;

	*c = conn_get(s);
	rc = tx_begin(*c, write);
	if (rc == 0)
		rc = conn_prepare(*c, sql, st);
	return rc;
}

int conn_step(struct conn *c, struct db_stmt *st, const char *what)
{
	int rc = db_step(st);

	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	return store_sqlerr(c, rc, what);
}

int conn_step_write(struct conn *c, struct db_stmt *st, const char *what, const char *missing)
{
	int rc = db_step(st);

	db_reset(st);
	if (rc != DB_DONE)
		return store_sqlerr(c, rc, what);
	if (db_changes(c->db) == 0)
		return store_seterr(STORE_ENOTFOUND, "%s not found", missing);
	return 0;
}

int tx_begin(struct conn *c, int write)
{
	int rc;

	if (!write) {
		if (db_begin(c->db, 0) != 0)
			return store_seterr(STORE_ERROR, "database error: %s", db_errmsg(c->db));
		return 0;
	}
	pthread_mutex_lock(&c->owner->wmu);
	c->wlocked = 1;
	rc = db_begin(c->db, 1);
	if (rc)
		rc = store_seterr(STORE_ERROR, "database error: %s", db_errmsg(c->db));
	if (rc) {
		c->wlocked = 0;
		pthread_mutex_unlock(&c->owner->wmu);
	}
	return rc;
}

static void tx_unlock(struct conn *c)
{
	if (c->wlocked) {
		c->wlocked = 0;
		pthread_mutex_unlock(&c->owner->wmu);
	}
}

int tx_end(struct conn *c, int rc)
{
	/* Statements from the cache stay prepared; reset them so none keeps
	 * the read snapshot alive past the transaction. */
	for (size_t i = 0; i < c->ncache; i++)
		db_reset(c->cache[i].st);
	if (rc == 0) {
		if (db_commit(c->db) == 0) {
			tx_unlock(c);
			return 0;
		}
		rc = store_seterr(STORE_ERROR, "commit failed: %s", db_errmsg(c->db));
	}
	db_rollback(c->db);
	tx_unlock(c);
	return rc;
}

static void conn_drop_statements(struct conn *c)
{
	for (size_t i = 0; i < c->ncache; i++) {
		db_finalize(c->cache[i].st);
		free(c->cache[i].sql);
	}
	c->ncache = 0;
	c->evict = 0;
}

struct conn *conn_get(store *s)
{
	struct conn *c;

	uint64_t ticket;

	pthread_mutex_lock(&s->mu);
	ticket = s->next_ticket++;
	if (s->nfree == 0 || ticket != s->serving)
		s->busy_waits++;
	while (s->nfree == 0 || ticket != s->serving)
		pthread_cond_wait(&s->cv, &s->mu);
	s->serving++;
	c = &s->conns[s->freelist[--s->nfree]];
	/* The next in line may be able to go too. */
	if (s->nfree > 0)
		pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	store_clearerr();
	/* A PostgreSQL session lost since the last call (a server restart,
	 * a failover, a cut) is opened again here, so one failed call is
	 * all a lost session costs; the statements prepared on the old one
	 * are gone with it.  If the server is still away, the call fails on
	 * its first statement and the next call tries again. */
	if (db_revive(c->db) == 1)
		conn_drop_statements(c);
	return c;
}

void conn_put(store *s, struct conn *c)
{
	pthread_mutex_lock(&s->mu);
	s->freelist[s->nfree++] = (size_t)(c - s->conns);
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static void conn_close(struct conn *c)
{
	for (size_t i = 0; i < c->ncache; i++) {
		db_finalize(c->cache[i].st);
		free(c->cache[i].sql);
	}
	c->ncache = 0;
	db_close(c->db);
	c->db = NULL;
}

static int conn_open(struct conn *c, const char *path)
{
	char msg[512] = "";

	memset(c, 0, sizeof(*c));
	/* What each connection is set to (WAL, synchronous, foreign keys,
	 * busy timeout on SQLite; the session on PostgreSQL) is db_*.c's. */
	if (db_open(&c->db, path, msg, sizeof(msg)) != 0)
		return store_seterr(STORE_ERROR, "%s", msg);
	return 0;
}

int store_schema_version(void)
{
	return STORE_SCHEMA_VERSION;
}

int store_load_instance_id(store *s, struct conn *c)
{
	struct db_stmt *st = NULL;
	int rc = tx_begin(c, 0);

	if (rc)
		return rc;
	rc = conn_prepare(c, "SELECT value FROM meta WHERE key = 'instance_id'", &st);
	if (rc == 0) {
		int step = db_step(st);
		const char *v = step == DB_ROW ? db_column_text(st, 0) : NULL;
		size_t n = 0;
		while (v && n <= STORE_INSTANCE_ID_LEN &&
		       ((v[n] >= '0' && v[n] <= '9') || (v[n] >= 'a' && v[n] <= 'f')))
			n++;
		if (step != DB_ROW && step != DB_DONE)
			rc = store_sqlerr(c, step, "instance id");
		else if (!v || n != STORE_INSTANCE_ID_LEN || v[n] != '\0')
			rc = store_seterr(STORE_EINVAL,
			                  "the store's instance id is missing or malformed "
			                  "(meta.instance_id must be %d lowercase hex characters)",
			                  STORE_INSTANCE_ID_LEN);
		else
			memcpy(s->instance_id, v, STORE_INSTANCE_ID_LEN + 1);
		db_reset(st);
	}
	return tx_end(c, rc);
}

const char *store_instance_id(store *s)
{
	return s->instance_id;
}

int store_file_schema_version(store *s)
{
	struct conn *c = conn_get(s);
	int v = 0;
	int rc = store_read_version(c, &v);

	conn_put(s, c);
	return rc ? rc : v;
}

void store_close(store *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nconns; i++)
		conn_close(&s->conns[i]);
	pthread_mutex_destroy(&s->mu);
	pthread_mutex_destroy(&s->wmu);
	pthread_cond_destroy(&s->cv);
	free(s->conns);
	free(s->freelist);
	free(s->path);
	store_secret_key_wipe(s); /* secrets.c */
	free(s);
}

int store_target_is_url(const char *target)
{
	return db_target_is_pg(target);
}

/* key=value&... of a URL's query: 1 when one of the keys is `key`. */
static int query_has(const char *q, const char *key)
{
	size_t kl = strlen(key);

	while (q && *q) {
		if (strncmp(q, key, kl) == 0 && q[kl] == '=')
			return 1;
		q = strchr(q, '&');
		if (q)
			q++;
	}
	return 0;
}

int store_url_check(const char *url)
{
	const char *auth, *end, *at, *q;

	if (!url || !db_target_is_pg(url))
		return store_seterr(STORE_EINVAL,
		                    "store url: must start with postgresql:// (or postgres://)");
	if (strlen(url) > 1024)
		return store_seterr(STORE_EINVAL, "store url: longer than 1024 characters");
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return store_seterr(STORE_EINVAL,
			                    "store url: space or control character in the url");
	auth = strstr(url, "://") + 3;
	end = auth + strcspn(auth, "/?");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at && memchr(auth, ':', (size_t)(at - auth)))
		return store_seterr(STORE_EINVAL,
		                    "store url: holds a password; put it in a password file "
		                    "(passwordFile, PGPASSFILE or ~/.pgpass) instead");
	q = strchr(url, '?');
	if (q && query_has(q + 1, "password"))
		return store_seterr(STORE_EINVAL,
		                    "store url: holds a password parameter; put it in a password "
		                    "file (passwordFile, PGPASSFILE or ~/.pgpass) instead");
	return 0;
}

int store_open(store **out, const char *path, char *err, size_t errlen)
{
	store *s;
	int rc = STORE_ERROR;

	*out = NULL;
	store_clearerr();
	if (!path || !*path) {
		rc = store_seterr(STORE_EINVAL, "store_open: empty path");
		goto fail_msg;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		rc = store_seterr(STORE_ERROR, "out of memory");
		goto fail_msg;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_mutex_init(&s->wmu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->path = strdup(path);
	s->conns = calloc(STORE_POOL_SIZE, sizeof(*s->conns));
	s->freelist = calloc(STORE_POOL_SIZE, sizeof(*s->freelist));
	if (!s->path || !s->conns || !s->freelist) {
		rc = store_seterr(STORE_ERROR, "out of memory");
		goto fail;
	}
	s->dialect = db_target_is_pg(path) ? DB_PG : DB_SQLITE;
	if (s->dialect == DB_SQLITE) {
		rc = create_private(path);
		if (rc)
			goto fail;
	} else {
		rc = store_url_check(path);
		if (rc)
			goto fail;
	}
	/* The first connection migrates before the others exist, so nobody
	 * sees a half-migrated schema from this process. */
	for (size_t i = 0; i < STORE_POOL_SIZE; i++) {
		rc = conn_open(&s->conns[i], path);
		if (rc)
			goto fail;
		s->conns[i].owner = s;
		s->nconns = i + 1;
		if (i == 0) {
			rc = store_migrate(&s->conns[0]);
			if (rc == 0)
				rc = store_load_instance_id(s, &s->conns[0]);
			if (rc)
				goto fail;
		}
		s->freelist[s->nfree++] = i;
	}
	*out = s;
	return 0;
fail:
	store_close(s);
fail_msg:
	if (err && errlen)
		snprintf(err, errlen, "%s", store_errmsg());
	return rc;
}

/* ------------------------------------------------------------ maintenance */

int store_backup(store *s, const char *dest_path)
{
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	struct conn *c;
	int rc;

	if (!dest_path || !*dest_path)
		return store_seterr(STORE_EINVAL, "backup: empty destination path");
	if (s->dialect != DB_SQLITE)
		return store_seterr(STORE_EINVAL,
		                    "backup: a PostgreSQL store is backed up by the database "
		                    "(pg_dump, base backups), not by slgwd");
	{
		/* Copying the database onto itself would destroy it. */
		char *ra = realpath(s->path, NULL), *rb = realpath(dest_path, NULL);
		int same = ra && rb && strcmp(ra, rb) == 0;
		free(ra);
		free(rb);
		if (same)
			return store_seterr(STORE_EINVAL, "backup: destination is the live database");
	}
	rc = create_private(dest_path);
	if (rc)
		return rc;
	c = conn_get(s);
	rc = sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		rc = store_seterr(STORE_ERROR, "backup: cannot open %s: %s", dest_path,
		                  dest ? sqlite3_errmsg(dest) : sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_busy_timeout(dest, STORE_BUSY_MS);
	b = sqlite3_backup_init(dest, "main", db_sqlite_handle(c->db), "main");
	if (!b) {
		rc = store_seterr(STORE_ERROR, "backup: %s", sqlite3_errmsg(dest));
		goto out;
	}
	/* One step over all pages: the source is read in a single read
	 * transaction, so the copy is a consistent snapshot while writers
	 * on the other connections continue in the WAL. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(10);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		rc = store_seterr(STORE_ERROR, "backup to %s failed: %s", dest_path,
		                  sqlite3_errstr(rc));
	else
		rc = 0;
out:
	if (dest)
		sqlite3_close(dest);
	conn_put(s, c);
	return rc;
}

/* PostgreSQL checks its own pages and constraints as it writes them: what
 * is left to ask is that the store's own tables answer. */
static int integrity_check_pg(struct conn *c)
{
	struct db_stmt *st = NULL;
	int rc = conn_prepare(c, "SELECT count(*) FROM meta", &st);

	if (rc == 0) {
		rc = db_step(st);
		rc = rc == DB_ROW ? 0 : store_sqlerr(c, rc, "integrity check");
		db_reset(st);
	}
	return rc;
}

int store_integrity_check(store *s)
{
	struct conn *c = conn_get(s);
	sqlite3 *h = db_sqlite_handle(c->db);
	sqlite3_stmt *st = NULL;
	int rc;

	if (!h) {
		rc = integrity_check_pg(c);
		conn_put(s, c);
		return rc;
	}
	rc = sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (r && strcmp(r, "ok") == 0)
			rc = 0;
		else
			rc = store_seterr(STORE_ERROR, "integrity check: %s", r ? r : "(null)");
	} else {
		rc = store_seterr(STORE_ERROR, "integrity check: database error: %s",
		                  sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	if (rc == 0) {
		rc = sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL);
		if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			rc = store_seterr(STORE_ERROR, "foreign key check: table %s row %lld",
			                  (const char *)sqlite3_column_text(st, 0),
			                  (long long)sqlite3_column_int64(st, 1));
		else
			rc = 0;
		sqlite3_finalize(st);
	}
	conn_put(s, c);
	return rc;
}

static int count_q(struct conn *c, const char *sql, int64_t *out)
{
	struct db_stmt *st;
	int rc = conn_prepare(c, sql, &st);

	if (rc)
		return rc;
	rc = db_step(st);
	if (rc != DB_ROW) {
		rc = store_sqlerr(c, rc, "stats");
		db_reset(st);
		return rc;
	}
	*out = db_column_int64(st, 0);
	db_reset(st);
	return 0;
}

int store_job_counts_get(store_job_counts *out, store *s)
{
	static const struct {
		const char *state;
		size_t off;
	} rows[] = {
		{"queued", offsetof(store_job_counts, queued)},
		{"running", offsetof(store_job_counts, running)},
		{"succeeded", offsetof(store_job_counts, succeeded)},
		{"failed", offsetof(store_job_counts, failed)},
	};
	struct conn *c;
	struct db_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	c = conn_get(s);
	rc = conn_prepare(c, "SELECT state, n FROM job_counts", &st);
	while (rc == 0) {
		int step = conn_step(c, st, "job counts");
		if (step <= 0) {
			rc = step;
			break;
		}
		const char *state = db_column_text(st, 0);
		for (size_t i = 0; state && i < sizeof(rows) / sizeof(rows[0]); i++)
			if (strcmp(state, rows[i].state) == 0)
				*(int64_t *)(void *)((char *)out + rows[i].off) =
					db_column_int64(st, 1);
	}
	if (st)
		db_reset(st);
	conn_put(s, c);
	return rc;
}

int store_stats_get(store_stats *out, store *s)
{
	static const struct {
		const char *sql;
		size_t off;
	} q[] = {
		{"SELECT count(*) FROM systems", offsetof(store_stats, systems)},
		{"SELECT count(*) FROM pools", offsetof(store_stats, pools)},
		{"SELECT count(*) FROM ports", offsetof(store_stats, ports)},
		{"SELECT count(*) FROM volumes WHERE state <> 'deleted'", offsetof(store_stats, volumes)},
		{"SELECT count(*) FROM snapshots WHERE state <> 'deleted'",
		 offsetof(store_stats, snapshots)},
		{"SELECT count(*) FROM hosts", offsetof(store_stats, hosts)},
		{"SELECT count(*) FROM initiators", offsetof(store_stats, initiators)},
		{"SELECT count(*) FROM assignments", offsetof(store_stats, assignments)},
		{"SELECT count(*) FROM tenants", offsetof(store_stats, tenants)},
		{"SELECT count(*) FROM users", offsetof(store_stats, users)},
		{"SELECT count(*) FROM grants", offsetof(store_stats, grants)},
		{"SELECT count(*) FROM audit", offsetof(store_stats, audit)},
		{"SELECT count(*) FROM jobs WHERE state = 'queued'", offsetof(store_stats, jobs_queued)},
		{"SELECT count(*) FROM jobs WHERE state = 'running'",
		 offsetof(store_stats, jobs_running)},
		{"SELECT count(*) FROM jobs WHERE state = 'succeeded'",
		 offsetof(store_stats, jobs_succeeded)},
		{"SELECT count(*) FROM jobs WHERE state = 'failed'", offsetof(store_stats, jobs_failed)},
	};
	struct conn *c;
	int rc;

	memset(out, 0, sizeof(*out));
	c = conn_get(s);
	rc = tx_begin(c, 0);
	for (size_t i = 0; rc == 0 && i < sizeof(q) / sizeof(q[0]); i++)
		rc = count_q(c, q[i].sql, (int64_t *)(void *)((char *)out + q[i].off));
	rc = tx_end(c, rc);
	conn_put(s, c);
	pthread_mutex_lock(&s->mu);
	out->busy_waits = s->busy_waits;
	pthread_mutex_unlock(&s->mu);
	return rc;
}
