/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lease.c - array leadership for several slgwd nodes sharing one store:
 * one lease row per storage system, a row per live node, and the job
 * writes that are only accepted under a lease still held (fencing).
 *
 * A lease row says which node leads a system (system id 0 stands for the
 * gateway-wide jobs that belong to no single array), until when (expires,
 * Unix milliseconds), and under which fencing token.  The token only ever
 * grows: every acquisition that does not merely extend a live lease of the
 * same node increments it, and a release keeps the row (expires = 0), so a
 * token once issued is never issued again.  A node that was paused, cut off
 * or taken over still believes in its old token; every job write it makes
 * through store_job_*_fenced names that token, and the write and the lease
 * check are one statement inside one write transaction, so a stale leader
 * cannot record a step once another node holds the lease.
 *
 * Time: expiries are written and compared in the writing node's wall clock
 * (milliseconds).  Nodes sharing a store must keep their clocks within the
 * broker's safety margin of each other (NTP does much better); the lease
 * only decides who may act, the fencing token decides whose writes count.
 *
 * The two tables are created by store_lease_init, not by the schema's
 * migrations: a single gateway (no cluster configured) never creates or
 * reads them, so its store stays exactly what it was, and a store used by a
 * cluster is still opened by any slgwd of the same schema version.  The SQL
 * goes through the statement layer (db.h) and is the plain subset SQLite
 * and PostgreSQL both accept (BIGINT, TEXT, INSERT ... ON CONFLICT DO
 * UPDATE, `?` parameters); a lease check and the write it guards are in
 * one write transaction, which both backends serialise across nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store_int.h"

#define LEASE_NODE_MAX 64

int64_t store_lease_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int check_node(const char *node)
{
	size_t n = node ? strlen(node) : 0;

	if (n == 0 || n > LEASE_NODE_MAX)
		return store_seterr(STORE_EINVAL, "lease: node id must be 1..%d characters",
		                    LEASE_NODE_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)node[i];
		if (ch < 0x21 || ch > 0x7e)
			return store_seterr(STORE_EINVAL, "lease: node id has a character "
			                    "other than printable ASCII");
	}
	return 0;
}

int store_lease_init(store *s)
{
	struct conn *c;
	int rc;

	store_clearerr();
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0)
		rc = conn_exec(c,
		               "CREATE TABLE IF NOT EXISTS leases ("
		               " system_id BIGINT PRIMARY KEY,"
		               " holder TEXT NOT NULL,"
		               " token BIGINT NOT NULL,"
		               " expires BIGINT NOT NULL);"
		               "CREATE TABLE IF NOT EXISTS cluster_nodes ("
		               " node TEXT PRIMARY KEY,"
		               " seen BIGINT NOT NULL);");
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

/* Reads the lease of system_id within the transaction on c: 0 and *out,
 * or STORE_ENOTFOUND (no row yet). */
static int lease_read(struct conn *c, int64_t system_id, store_lease *out)
{
	struct db_stmt *st;
	int rc = conn_prepare(c, "SELECT holder, token, expires FROM leases WHERE system_id = ?",
	                      &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, system_id);
	rc = conn_step(c, st, "lease");
	if (rc <= 0) {
		db_reset(st);
		return rc == 0 ? STORE_ENOTFOUND : rc;
	}
	memset(out, 0, sizeof(*out));
	out->system_id = system_id;
	const char *h = db_column_text(st, 0);
	snprintf(out->holder, sizeof(out->holder), "%s", h ? h : "");
	out->token = db_column_int64(st, 1);
	out->expires_ms = db_column_int64(st, 2);
	db_reset(st);
	return 0;
}

int store_lease_acquire(store_lease *out, store *s, int64_t system_id, const char *node,
                        int64_t ttl_ms)
{
	struct conn *c;
	store_lease cur;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_node(node)) != 0)
		return rc;
	if (system_id < 0 || ttl_ms <= 0)
		return store_seterr(STORE_EINVAL, "lease: bad system id or duration");
	store_clearerr();
	c = conn_get(s);
	rc = tx_begin(c, 1);
	int64_t now = store_lease_now_ms();
	if (rc == 0)
		rc = lease_read(c, system_id, &cur);
	if (rc == STORE_ENOTFOUND) {
		struct bindv b[4] = {B_INT(system_id), B_TEXT(node), B_INT(1), B_INT(now + ttl_ms)};
		rc = rec_run(c, "INSERT INTO leases (system_id, holder, token, expires)"
		                " VALUES (?, ?, ?, ?)", b, 4, "lease", NULL);
		cur.token = 1;
	} else if (rc == 0) {
		int mine = strcmp(cur.holder, node) == 0;
		if (cur.expires_ms > now && !mine) {
			rc = store_seterr(STORE_EBUSY, "system %lld is led by node %s",
			                  (long long)system_id, cur.holder);
		} else {
			/* A live lease of this node is extended under its token;
			 * anything else (expired, released, another node's
			 * expired lease) is a new term with a new token. */
			if (!(mine && cur.expires_ms > now))
				cur.token++;
			struct bindv b[4] = {B_TEXT(node), B_INT(cur.token), B_INT(now + ttl_ms),
			                     B_INT(system_id)};
			rc = rec_run(c, "UPDATE leases SET holder = ?, token = ?, expires = ?"
			                " WHERE system_id = ?", b, 4, "lease", NULL);
		}
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc == 0) {
		out->system_id = system_id;
		snprintf(out->holder, sizeof(out->holder), "%s", node);
		out->token = cur.token;
		out->expires_ms = now + ttl_ms;
	}
	return rc;
}

int store_lease_renew(int64_t *expires_ms, store *s, int64_t system_id, const char *node,
                      int64_t token, int64_t ttl_ms)
{
	struct conn *c;
	int rc, changes = 0;

	*expires_ms = 0;
	if ((rc = check_node(node)) != 0)
		return rc;
	store_clearerr();
	int64_t now = store_lease_now_ms();
	struct bindv b[5] = {B_INT(now + ttl_ms), B_INT(system_id), B_TEXT(node), B_INT(token),
	                     B_INT(now)};
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0)
		rc = rec_run(c, "UPDATE leases SET expires = ? WHERE system_id = ? AND holder = ?"
		                " AND token = ? AND expires > ?", b, 5, "lease", &changes);
	if (rc == 0 && changes == 0)
		rc = store_seterr(STORE_EBUSY, "lease of system %lld (token %lld) is no longer held",
		                  (long long)system_id, (long long)token);
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc == 0)
		*expires_ms = now + ttl_ms;
	return rc;
}

int store_lease_release(store *s, int64_t system_id, const char *node, int64_t token)
{
	struct conn *c;
	int rc;

	if ((rc = check_node(node)) != 0)
		return rc;
	store_clearerr();
	struct bindv b[3] = {B_INT(system_id), B_TEXT(node), B_INT(token)};
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0)
		rc = rec_run(c, "UPDATE leases SET expires = 0 WHERE system_id = ? AND holder = ?"
		                " AND token = ?", b, 3, "lease", NULL);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int store_lease_list(store_lease **out, size_t *count, store *s)
{
	struct conn *c;
	struct db_stmt *st = NULL;
	store_lease *arr = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	store_clearerr();
	rc = tx_prepare(&c, &st, s, 0, "SELECT system_id, holder, token, expires FROM leases"
	                               " ORDER BY system_id");
	while (rc == 0) {
		int r = conn_step(c, st, "lease list");
		if (r <= 0) {
			rc = r;
			break;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			store_lease *g = realloc(arr, nc * sizeof(*g));
			if (!g) {
				rc = store_seterr(STORE_ERROR, "out of memory");
				break;
			}
			arr = g;
			cap = nc;
		}
		store_lease *l = &arr[n++];
		memset(l, 0, sizeof(*l));
		l->system_id = db_column_int64(st, 0);
		const char *h = db_column_text(st, 1);
		snprintf(l->holder, sizeof(l->holder), "%s", h ? h : "");
		l->token = db_column_int64(st, 2);
		l->expires_ms = db_column_int64(st, 3);
	}
	if (st)
		db_reset(st);
	rc = tx_end(c, rc);
	conn_put(s, c);
	if (rc) {
		free(arr);
		return rc;
	}
	*out = arr;
	*count = n;
	return 0;
}

int store_node_heartbeat(size_t *alive, store *s, const char *node, int64_t ttl_ms)
{
	struct conn *c;
	struct db_stmt *st;
	int rc;

	*alive = 0;
	if ((rc = check_node(node)) != 0)
		return rc;
	store_clearerr();
	int64_t now = store_lease_now_ms();
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0) {
		struct bindv b[2] = {B_TEXT(node), B_INT(now)};
		rc = rec_run(c, "INSERT INTO cluster_nodes (node, seen) VALUES (?, ?)"
		                " ON CONFLICT (node) DO UPDATE SET seen = excluded.seen",
		             b, 2, "lease", NULL);
	}
	if (rc == 0)
		rc = conn_prepare(c, "SELECT count(*) FROM cluster_nodes WHERE seen > ?", &st);
	if (rc == 0) {
		db_bind_int64(st, 1, now - ttl_ms);
		int r = db_step(st);
		if (r == DB_ROW)
			*alive = (size_t)db_column_int64(st, 0);
		else
			rc = store_sqlerr(c, r, "cluster nodes");
		db_reset(st);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

/* The job write `sql` (bound with b[0..nb)) in one write transaction with
 * the check that node still holds system_id's lease under token. */
static int fenced_write(store *s, const store_fence *f, int64_t job_id, const char *sql,
                        const struct bindv *b, int nb)
{
	struct conn *c;
	store_lease cur;
	int rc, changes = 0;

	if ((rc = check_node(f->node)) != 0)
		return rc;
	store_clearerr();
	c = conn_get(s);
	rc = tx_begin(c, 1);
	if (rc == 0) {
		rc = lease_read(c, f->system_id, &cur);
		if (rc == STORE_ENOTFOUND || (rc == 0 && (strcmp(cur.holder, f->node) != 0 ||
		                                          cur.token != f->token ||
		                                          cur.expires_ms <= store_lease_now_ms())))
			rc = store_seterr(STORE_EFENCED, "job %lld: the lease of system %lld under "
			                  "token %lld is no longer held by node %s",
			                  (long long)job_id, (long long)f->system_id,
			                  (long long)f->token, f->node);
	}
	if (rc == 0)
		rc = rec_run(c, sql, b, nb, "lease", &changes);
	if (rc == 0 && changes == 0)
		rc = store_seterr(STORE_EINVAL, "job %lld: not found or already finished",
		                  (long long)job_id);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int store_job_progress_fenced(store *s, const store_fence *f, int64_t id, int progress,
                              const char *step)
{
	int rc = job_progress_check(progress, step);

	if (rc)
		return rc;
	int64_t now = store_now();
	if (step) {
		struct bindv b[4] = {B_INT(progress), B_TEXT(step), B_INT(now), B_INT(id)};
		return fenced_write(s, f, id,
		                    "UPDATE jobs SET progress = ?, step = ?, updated = ?,"
		                    " state = CASE WHEN state = 'queued' THEN 'running' ELSE state END"
		                    " WHERE id = ? AND state IN ('queued', 'running')",
		                    b, 4);
	}
	struct bindv b[3] = {B_INT(progress), B_INT(now), B_INT(id)};
	return fenced_write(s, f, id,
	                    "UPDATE jobs SET progress = ?, updated = ?,"
	                    " state = CASE WHEN state = 'queued' THEN 'running' ELSE state END"
	                    " WHERE id = ? AND state IN ('queued', 'running')",
	                    b, 3);
}

int store_job_finish_fenced(store *s, const store_fence *f, int64_t id, store_job_state state,
                            const char *result, const char *error_code,
                            const char *error_message)
{
	int rc = job_finish_check(state, result, error_code, error_message);

	if (rc)
		return rc;
	int64_t now = store_now();
	/* The texts go in as given or "", and NULLIF stores "" as NULL. */
	struct bindv b[8] = {B_TEXT(store_job_state_name(state)), B_TEXT(result ? result : ""),
	                     B_TEXT(error_code ? error_code : ""),
	                     B_TEXT(error_message ? error_message : ""),
	                     B_INT(state == STORE_JOB_SUCCEEDED ? 100 : -1), B_INT(now), B_INT(now),
	                     B_INT(id)};
	return fenced_write(s, f, id,
	                    "UPDATE jobs SET state = ?, result = NULLIF(?, ''),"
	                    " error_code = NULLIF(?, ''), error_message = NULLIF(?, ''),"
	                    " progress = CASE WHEN ? = 100 THEN 100 ELSE progress END,"
	                    " finished = ?, updated = ?"
	                    " WHERE id = ? AND state IN ('queued', 'running')",
	                    b, 8);
}

int store_job_requeue_fenced(store *s, const store_fence *f, int64_t id)
{
	struct bindv b[2] = {B_INT(store_now()), B_INT(id)};
	return fenced_write(s, f, id,
	                    "UPDATE jobs SET state = 'queued', updated = ?"
	                    " WHERE id = ? AND state IN ('queued', 'running')",
	                    b, 2);
}
