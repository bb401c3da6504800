/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * attrs.c - the description, collection and key/value attributes of
 * volumes and snapshots.
 *
 * Design
 * - Keys live in one table, object_keys (kind, object id, name, value),
 *   for both kinds: the generic record code (record.c) calls attrs_load
 *   after a get or a list and attrs_free when it frees a record, so every
 *   record handed out carries its keys and no caller can forget them.
 * - A list reads the keys of ALL its rows with one query (the page's ids
 *   go in as one JSON array bound to json_each), never one query per row:
 *   a page of 1000 volumes costs two statements, not 1001.
 * - attrs_change applies a whole change (name, description, collection,
 *   keys set and unset, the key-count bound) inside one BEGIN IMMEDIATE
 *   transaction: a refusal of any part rolls all of it back, so a client
 *   never sees half a batch.
 * - The store bounds what it keeps only loosely (it is also written by
 *   tools and tests); the API's limits are the broker's, which passes its
 *   key-count bound in store_attr_change.max_keys so it is checked against
 *   the count inside the transaction, where two concurrent changes cannot
 *   both slip under it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define ATTR_NAME_MAX 255
#define ATTR_VALUE_MAX STORE_TEXT_MAX

#define KEYS_PTR(t, rec) ((store_kv **)((char *)(rec) + (t)->keys_off))
#define NKEYS_PTR(t, rec) ((size_t *)((char *)(rec) + (t)->nkeys_off))

void attrs_free(const struct rec_table *t, void *rec)
{
	store_kv **kv;
	size_t *n;

	if (!t->keys_kind || !rec)
		return;
	kv = KEYS_PTR(t, rec);
	n = NKEYS_PTR(t, rec);
	for (size_t i = 0; *kv && i < *n; i++) {
		free((*kv)[i].name);
		free((*kv)[i].value);
	}
	free(*kv);
	*kv = NULL;
	*n = 0;
}

/* "[1,2,3]" of the ids of the n records at arr, malloc'd. */
static char *ids_json(const struct rec_table *t, const void *arr, size_t n)
{
	size_t cap = 2 + n * 21, len = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	out[len++] = '[';
	for (size_t i = 0; i < n; i++) {
		int64_t id = *(const int64_t *)((const char *)arr + i * t->size);
		len += (size_t)snprintf(out + len, cap - len, "%s%lld", i ? "," : "", (long long)id);
	}
	out[len++] = ']';
	out[len] = '\0';
	return out;
}

int attrs_load(struct conn *c, const struct rec_table *t, void *arr, size_t n)
{
	/* The ids travel as one JSON array, so a page is one statement
	 * whatever its size; each database has its own JSON table function. */
	static const char sql[] =
		"SELECT object_id, name, value FROM object_keys"
		" WHERE kind = ? AND object_id IN (SELECT value FROM json_each(?))"
		" ORDER BY object_id, name";
	static const char sql_pg[] =
		"SELECT object_id, name, value FROM object_keys"
		" WHERE kind = ? AND object_id IN"
		" (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS JSON)))"
		" ORDER BY object_id, name";
	struct db_stmt *st;
	size_t i = 0;
	char *ids;
	int rc;

	if (!t->keys_kind || n == 0)
		return 0;
	ids = ids_json(t, arr, n);
	if (!ids)
		return store_seterr(STORE_ERROR, "out of memory");
	rc = conn_prepare(c, conn_pg(c) ? sql_pg : sql, &st);
	if (rc) {
		free(ids);
		return rc;
	}
	db_bind_text(st, 1, t->keys_kind);
	db_bind_text(st, 2, ids);
	/* Rows and keys are both in id order: one pass pairs them. */
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t oid = db_column_int64(st, 0);
		const char *name = (const char *)db_column_text(st, 1);
		const char *value = (const char *)db_column_text(st, 2);
		char *rec;
		store_kv **kv, *grown;
		size_t *nk;

		while (i < n && *(const int64_t *)((char *)arr + i * t->size) < oid)
			i++;
		if (i == n)
			break;
		rec = (char *)arr + i * t->size;
		if (*(const int64_t *)rec != oid)
			continue;
		kv = KEYS_PTR(t, rec);
		nk = NKEYS_PTR(t, rec);
		/* capacity = next power of two: amortised growth without a
		 * capacity field in the public record */
		if ((*nk & (*nk - 1)) == 0) {
			grown = realloc(*kv, (*nk ? *nk * 2 : 1) * sizeof(**kv));
			if (!grown) {
				rc = store_seterr(STORE_ERROR, "out of memory");
				goto out;
			}
			*kv = grown;
		}
		(*kv)[*nk].name = strdup(name ? name : "");
		(*kv)[*nk].value = strdup(value ? value : "");
		(*nk)++;
		if (!(*kv)[*nk - 1].name || !(*kv)[*nk - 1].value) {
			rc = store_seterr(STORE_ERROR, "out of memory");
			goto out;
		}
	}
	rc = (rc == DB_DONE || rc == DB_ROW) ? 0 : store_sqlerr(c, rc, t->label);
out:
	db_reset(st);
	free(ids);
	return rc;
}

static int valid_attr_name(const char *name)
{
	size_t len = name ? strlen(name) : 0;

	if (len == 0 || len > ATTR_NAME_MAX)
		return 0;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* Run sql once per key of row id of t: bound kind, object id, name and,
 * with kv, value. The names are kv's (checked by the caller), else names
 * (a NULL one refused). */
static int write_keys(struct conn *c, const struct rec_table *t, int64_t id, const char *sql,
                      const store_kv *kv, const char *const *names, size_t n)
{
	struct db_stmt *st;
	int rc;

	if (n == 0)
		return 0;
	rc = conn_prepare(c, sql, &st);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const char *name = kv ? kv[i].name : names[i];

		if (!name)
			return store_seterr(STORE_EINVAL, "%s.key: a name to remove is missing", t->label);
		db_bind_text(st, 1, t->keys_kind);
		db_bind_int64(st, 2, id);
		db_bind_text(st, 3, name);
		if (kv)
			db_bind_text(st, 4, kv[i].value);
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE)
			return store_sqlerr(c, rc, "key");
	}
	return 0;
}

int attrs_put(struct conn *c, const struct rec_table *t, int64_t id, const store_kv *kv, size_t n)
{
	static const char sql[] =
		"INSERT INTO object_keys (kind, object_id, name, value) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (kind, object_id, name) DO UPDATE SET value = excluded.value";

	for (size_t i = 0; i < n; i++) {
		if (!valid_attr_name(kv[i].name))
			return store_seterr(STORE_EINVAL,
			                    "%s.key: a name must have 1..%d bytes and no control "
			                    "characters", t->label, ATTR_NAME_MAX);
		if (!kv[i].value || strlen(kv[i].value) > ATTR_VALUE_MAX)
			return store_seterr(STORE_EINVAL, "%s.key '%.64s': a value must have 0..%d bytes",
			                    t->label, kv[i].name, ATTR_VALUE_MAX);
	}
	return write_keys(c, t, id, sql, kv, NULL, n);
}

static int unset_keys(struct conn *c, const struct rec_table *t, int64_t id,
                      const char *const *names, size_t n)
{
	static const char sql[] = "DELETE FROM object_keys WHERE kind = ? AND object_id = ? AND name = ?";

	return write_keys(c, t, id, sql, NULL, names, n);
}

static int count_keys(struct conn *c, const struct rec_table *t, int64_t id, size_t *out)
{
	static const char sql[] = "SELECT count(*) FROM object_keys WHERE kind = ? AND object_id = ?";
	struct db_stmt *st;
	int rc = conn_prepare(c, sql, &st);

	if (rc)
		return rc;
	db_bind_text(st, 1, t->keys_kind);
	db_bind_int64(st, 2, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		*out = (size_t)db_column_int64(st, 0);
	db_reset(st);
	return rc == DB_ROW ? 0 : store_sqlerr(c, rc, t->label);
}

/* UPDATE <t> SET <col> = v (NULL for "") WHERE id = ?. */
static int set_text(struct conn *c, const struct rec_table *t, int64_t id, const char *col,
                    const char *v, const char *what)
{
	char sql[160];
	struct db_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE %s SET %s = ? WHERE id = ?", t->sql_name, col);
	rc = conn_prepare(c, sql, &st);
	if (rc)
		return rc;
	if (*v)
		db_bind_text(st, 1, v);
	else
		db_bind_null(st, 1);
	db_bind_int64(st, 2, id);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : store_sqlerr(c, rc, what);
}

/* The record changed: its updated time, whatever part of it changed. */
static int touch(struct conn *c, const struct rec_table *t, int64_t id, const char *what)
{
	char sql[96];
	struct db_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE %s SET updated = ? WHERE id = ?", t->sql_name);
	rc = conn_prepare(c, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, store_now());
	db_bind_int64(st, 2, id);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : store_sqlerr(c, rc, what);
}

/* Checks a text field's new value against its column's own bounds. */
static int check_text(const struct rec_table *t, const char *col, const char *v, int required)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct rec_field *f = &t->fields[i];
		size_t max = f->maxlen ? f->maxlen : STORE_TEXT_MAX;

		if (strcmp(f->col, col) != 0)
			continue;
		if (required && !*v)
			return store_seterr(STORE_EINVAL, "%s.%s: required", t->label, col);
		if (strlen(v) > max)
			return store_seterr(STORE_EINVAL, "%s.%s: longer than %zu bytes", t->label, col,
			                    max);
		for (const unsigned char *p = (const unsigned char *)v; (f->flags & FL_NAME) && *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				return store_seterr(STORE_EINVAL, "%s.%s: control character in value",
				                    t->label, col);
		return 0;
	}
	return store_seterr(STORE_ERROR, "%s has no column %s", t->label, col);
}

int attrs_change(store *s, const struct rec_table *t, int64_t id, const store_attr_change *chg)
{
	char what[96], sql[96];
	struct db_stmt *st;
	struct conn *c;
	size_t n = 0;
	int rc;

	store_clearerr();
	if (!t->keys_kind || !chg)
		return store_seterr(STORE_EINVAL, "%s: nothing to change", t->label);
	snprintf(what, sizeof(what), "%s %lld", t->label, (long long)id);
	if ((chg->name && (rc = check_text(t, "name", chg->name, 1))) ||
	    (chg->description && (rc = check_text(t, "description", chg->description, 0))) ||
	    (chg->collection && (rc = check_text(t, "collection", chg->collection, 0))))
		return rc;
	snprintf(sql, sizeof(sql), "SELECT state FROM %s WHERE id = ?", t->sql_name);
	rc = tx_prepare(&c, &st, s, 1, sql);
	if (rc == 0) {
		const char *state;

		db_bind_int64(st, 1, id);
		rc = db_step(st);
		state = rc == DB_ROW ? db_column_text(st, 0) : NULL;
		if (rc == DB_ROW && state && strcmp((const char *)state, "deleted") != 0)
			rc = 0;
		else if (rc == DB_ROW || rc == DB_DONE)
			rc = store_seterr(STORE_ENOTFOUND, "%s not found", what);
		else
			rc = store_sqlerr(c, rc, what);
		db_reset(st);
	}
	if (rc == 0 && chg->name)
		rc = set_text(c, t, id, "name", chg->name, what);
	if (rc == 0 && chg->description)
		rc = set_text(c, t, id, "description", chg->description, what);
	if (rc == 0 && chg->collection)
		rc = set_text(c, t, id, "collection", chg->collection, what);
	if (rc == 0)
		rc = unset_keys(c, t, id, chg->unset, chg->n_unset);
	if (rc == 0)
		rc = attrs_put(c, t, id, chg->set, chg->n_set);
	if (rc == 0 && chg->max_keys)
		rc = count_keys(c, t, id, &n);
	if (rc == 0 && chg->max_keys && n > chg->max_keys)
		rc = store_seterr(STORE_EINVAL, "%s: %zu keys would exceed the limit of %zu keys", what,
		                  n, chg->max_keys);
	if (rc == 0)
		rc = touch(c, t, id, what);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}
