/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * copy.c - moving a store from its SQLite file into PostgreSQL.
 *
 * Design
 * - The source is read inside one write transaction (BEGIN IMMEDIATE):
 *   no other writer, of this process or another, can commit while the
 *   rows are copied, so the copy is one consistent state and a gateway
 *   that still writes to the file makes the copy wait or fail rather than
 *   miss its writes.  (slgwd also refuses to start the copy while it
 *   holds the store's lock.)
 * - The destination is opened as any store is (an empty database gets the
 *   current schema) and must hold no rows: a copy never merges.  All rows
 *   go in one transaction, table by table in an order that satisfies the
 *   foreign keys, every row with its id; the one reference that points
 *   forward (a volume's parent snapshot) is set once the snapshots are in.
 *   The job counts are the destination's triggers' (not copied), the id
 *   counters move past the largest id the file ever issued
 *   (sqlite_sequence), and the instance id is the file's: array objects
 *   carry it in their names.
 * - Then each table is read back from both sides in key order and
 *   compared: row count and a SHA-256 over every value (text, with NULL
 *   distinct from any text), computed by the same code on both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "store_int.h"

static const struct {
	const char *table, *order;
} copy_tables[] = {
	{"credentials", "id"}, {"systems", "id"},      {"pools", "id"},
	{"ports", "id"},       {"tenants", "id"},      {"users", "id"},
	{"grants", "id"},      {"volumes", "id"},      {"snapshots", "id"},
	{"hosts", "id"},       {"host_systems", "host_id, system_id"},
	{"initiators", "id"},  {"assignments", "id"},  {"jobs", "id"},
	{"audit", "id"},       {"object_keys", "kind, object_id, name"},
};
#define NTABLES (sizeof(copy_tables) / sizeof(copy_tables[0]))

/* "SELECT <quoted columns of st> FROM t ORDER BY o" or the INSERT. */
static int column_list(struct db_stmt *st, char *buf, size_t len, int placeholders)
{
	size_t n = 0;
	int nc = db_column_count(st);

	buf[0] = '\0';
	for (int i = 0; i < nc; i++) {
		const char *name = db_column_name(st, i);
		int w = placeholders ? snprintf(buf + n, len - n, "%s?", i ? ", " : "")
		                     : snprintf(buf + n, len - n, "%s\"%s\"", i ? ", " : "",
		                                name ? name : "");
		if (!name || strchr(name, '"') || w < 0 || (size_t)w >= len - n)
			return store_seterr(STORE_ERROR, "copy: column list too long");
		n += (size_t)w;
	}
	return 0;
}

/* Rows of table on c: count and digest, in key order. */
static int table_sum(struct conn *c, const char *table, const char *cols, const char *order,
                     int64_t *rows, unsigned char sum[32])
{
	char sql[2048];
	struct db_stmt *st;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int mdlen = 0;
	int rc;

	*rows = 0;
	if (!md)
		return store_seterr(STORE_ERROR, "out of memory");
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s ORDER BY %s", cols, table, order);
	rc = conn_prepare(c, sql, &st);
	if (rc == 0) {
		EVP_DigestInit_ex(md, EVP_sha256(), NULL);
		while ((rc = db_step(st)) == DB_ROW) {
			int nc = db_column_count(st);
			(*rows)++;
			for (int i = 0; i < nc; i++) {
				const char *v = db_column_text(st, i);
				/* NULL: 0x00; a value: 0x01, its bytes, 0x00 */
				EVP_DigestUpdate(md, v ? "\1" : "\0", 1);
				if (v)
					EVP_DigestUpdate(md, v, strlen(v) + 1);
			}
			EVP_DigestUpdate(md, "\n", 1);
		}
		rc = rc == DB_DONE ? 0 : store_sqlerr(c, rc, table);
		db_reset(st);
		EVP_DigestFinal_ex(md, sum, &mdlen);
	}
	EVP_MD_CTX_free(md);
	return rc;
}

/* Copies table from src to dst (inside their transactions); *cols gets
 * the quoted column list (malloc'd). */
static int copy_table(struct conn *src, struct conn *dst, const char *table, const char *order,
                      char **cols)
{
	char sql[4096], list[2048], marks[1024];
	struct db_stmt *rd, *wr = NULL;
	int rc, vol_parent = -1;

	*cols = NULL;
	snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY %s", table, order);
	rc = conn_prepare(src, sql, &rd);
	if (rc)
		return rc;
	/* SQLite knows the columns before the first row. */
	rc = column_list(rd, list, sizeof(list), 0);
	if (rc == 0)
		rc = column_list(rd, marks, sizeof(marks), 1);
	if (rc == 0 && !(*cols = strdup(list)))
		rc = store_seterr(STORE_ERROR, "out of memory");
	if (rc == 0) {
		snprintf(sql, sizeof(sql), "INSERT INTO %s (%s) VALUES (%s)", table, list, marks);
		rc = conn_prepare(dst, sql, &wr);
	}
	if (rc == 0 && strcmp(table, "volumes") == 0)
		for (int i = 0; i < db_column_count(rd); i++)
			if (strcmp(db_column_name(rd, i), "parent_snapshot_id") == 0)
				vol_parent = i;
	while (rc == 0 && (rc = db_step(rd)) == DB_ROW) {
		int nc = db_column_count(rd);
		db_reset(wr);
		for (int i = 0; i < nc; i++)
			db_bind_text(wr, i + 1, i == vol_parent ? NULL : db_column_text(rd, i));
		rc = db_step(wr);
		rc = rc == DB_DONE ? 0 : store_sqlerr(dst, rc, table);
	}
	if (rc == DB_DONE)
		rc = 0;
	else if (rc > 0)
		rc = store_sqlerr(src, rc, table);
	db_reset(rd);
	if (wr)
		db_reset(wr);
	return rc;
}

/* The forward reference, once every snapshot is in. */
static int copy_parent_snapshots(struct conn *src, struct conn *dst)
{
	struct db_stmt *rd, *wr;
	int rc = conn_prepare(src, "SELECT id, parent_snapshot_id FROM volumes"
	                           " WHERE parent_snapshot_id IS NOT NULL", &rd);

	if (rc == 0)
		rc = conn_prepare(dst, "UPDATE volumes SET parent_snapshot_id = ? WHERE id = ?", &wr);
	while (rc == 0 && (rc = db_step(rd)) == DB_ROW) {
		db_reset(wr);
		db_bind_int64(wr, 1, db_column_int64(rd, 1));
		db_bind_int64(wr, 2, db_column_int64(rd, 0));
		rc = db_step(wr);
		rc = rc == DB_DONE ? 0 : store_sqlerr(dst, rc, "volume");
	}
	if (rc == DB_DONE)
		rc = 0;
	db_reset(rd);
	return rc;
}

/* Each identity sequence past the largest id the file ever issued. */
static int copy_counters(struct conn *src, struct conn *dst)
{
	struct db_stmt *rd, *wr;
	int rc = conn_prepare(src, "SELECT name, seq FROM sqlite_sequence", &rd);

	if (rc == 0)
		rc = conn_prepare(dst,
		                  "SELECT setval(CAST(pg_get_serial_sequence(?1, 'id') AS regclass), ?2)"
		                  " WHERE ?2 > 0", &wr);
	while (rc == 0 && (rc = db_step(rd)) == DB_ROW) {
		const char *t = db_column_text(rd, 0);
		int known = 0;
		for (size_t i = 0; t && i < NTABLES; i++)
			known |= strcmp(t, copy_tables[i].table) == 0 &&
			         strcmp(copy_tables[i].order, "id") == 0;
		if (!known)
			continue;
		db_reset(wr);
		db_bind_text(wr, 1, t);
		db_bind_int64(wr, 2, db_column_int64(rd, 1));
		rc = db_step(wr);
		rc = rc == DB_ROW || rc == DB_DONE ? 0 : store_sqlerr(dst, rc, "id counter");
	}
	if (rc == DB_DONE)
		rc = 0;
	db_reset(rd);
	return rc;
}

static int dest_empty(struct conn *dst)
{
	for (size_t i = 0; i < NTABLES; i++) {
		char sql[128];
		struct db_stmt *st;
		int rc;

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", copy_tables[i].table);
		rc = conn_prepare(dst, sql, &st);
		if (rc)
			return rc;
		rc = db_step(st);
		if (rc != DB_ROW) {
			rc = store_sqlerr(dst, rc, copy_tables[i].table);
			db_reset(st);
			return rc;
		}
		rc = db_column_int64(st, 0) > 0;
		db_reset(st);
		if (rc)
			return store_seterr(STORE_EEXISTS,
			                    "copy: the destination already holds %s; a copy goes "
			                    "into an empty database only", copy_tables[i].table);
	}
	return 0;
}

int store_copy_to(store_copy_result *out, store *s, const char *dest)
{
	char err[512] = "";
	struct conn *src, *dst;
	store *d = NULL;
	char *cols[NTABLES] = {NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	store_clearerr();
	if (!s || s->dialect != DB_SQLITE)
		return store_seterr(STORE_EINVAL, "copy: the source must be a SQLite store");
	if (!dest || !store_target_is_url(dest))
		return store_seterr(STORE_EINVAL, "copy: the destination must be a postgresql:// URL");
	rc = store_url_check(dest);
	if (rc)
		return rc;
	rc = store_open(&d, dest, err, sizeof(err));
	if (rc)
		return store_seterr(rc, "copy: %s", err);
	src = conn_get(s);
	dst = conn_get(d);
	/* The source's writer lock for the whole copy and check. */
	rc = tx_begin(src, 1);
	if (rc == 0) {
		rc = tx_begin(dst, 1);
		if (rc == 0)
			rc = dest_empty(dst);
		for (size_t i = 0; rc == 0 && i < NTABLES; i++)
			rc = copy_table(src, dst, copy_tables[i].table, copy_tables[i].order, &cols[i]);
		if (rc == 0)
			rc = copy_parent_snapshots(src, dst);
		if (rc == 0)
			rc = copy_counters(src, dst);
		if (rc == 0) {
			struct db_stmt *st;
			rc = conn_prepare(dst, "UPDATE meta SET value = ? WHERE key = 'instance_id'", &st);
			if (rc == 0) {
				db_bind_text(st, 1, s->instance_id);
				rc = db_step(st);
				rc = rc == DB_DONE ? 0 : store_sqlerr(dst, rc, "instance id");
				db_reset(st);
			}
		}
		rc = tx_end(dst, rc);
		/* Read back what was committed and compare, still under the
		 * source's lock. */
		for (size_t i = 0; rc == 0 && i < NTABLES; i++) {
			unsigned char a[32], b[32];
			int64_t na = 0, nb = 0;
			rc = table_sum(src, copy_tables[i].table, cols[i], copy_tables[i].order, &na, a);
			if (rc == 0)
				rc = table_sum(dst, copy_tables[i].table, cols[i], copy_tables[i].order,
				               &nb, b);
			if (rc == 0 && (na != nb || memcmp(a, b, sizeof(a)) != 0))
				rc = store_seterr(STORE_ERROR,
				                  "copy: table %s differs after the copy (%lld rows in "
				                  "the file, %lld in the database)",
				                  copy_tables[i].table, (long long)na, (long long)nb);
			if (rc == 0) {
				out->tables++;
				out->rows += na;
			}
		}
		/* Read only: nothing to commit, so the lock is just dropped. */
		tx_end(src, STORE_ERROR);
		if (rc == 0)
			store_clearerr();
	}
	conn_put(d, dst);
	conn_put(s, src);
	store_close(d);
	for (size_t i = 0; i < NTABLES; i++)
		free(cols[i]);
	return rc;
}
