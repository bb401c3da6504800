/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * record.c - generic record <-> row mapping driven by struct rec_table.
 *
 * Why generic: fourteen record types share the same insert / get / list /
 * update / delete / free shape. Writing each by hand would be fourteen
 * copies of the same binding code, each a chance to bind the wrong column.
 * Here a record type is a table of (column, C type, offset); SQL text is
 * composed from it (only identifiers from those constant tables, never
 * caller text, goes into SQL; caller values are always bound), and the
 * connection's statement cache compiles each shape once.  Column names
 * are quoted in the SQL composed here: "user" is a reserved word on
 * PostgreSQL, and the same text serves both databases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define FIELD_PTR(rec, f) ((void *)((char *)(rec) + (f)->off))
#define CFIELD_PTR(rec, f) ((const void *)((const char *)(rec) + (f)->off))

struct sbuf {
	char b[2048];
	size_t n;
	int overflow;
};

static void sb_add(struct sbuf *sb, const char *s)
{
	size_t l = strlen(s);

	if (sb->n + l + 1 > sizeof(sb->b)) {
		sb->overflow = 1;
		return;
	}
	memcpy(sb->b + sb->n, s, l + 1);
	sb->n += l;
}

static const struct rec_field *field_by_col(const struct rec_table *t, const char *col)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].col, col) == 0)
			return &t->fields[i];
	return NULL;
}

void rec_columns(const struct rec_table *t, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->nfields; i++) {
		int w = snprintf(buf + n, len - n, "%s\"%s\"", i ? ", " : "", t->fields[i].col);
		if (w < 0 || (size_t)w >= len - n)
			return;
		n += (size_t)w;
	}
}

void rec_free_fields(const struct rec_table *t, void *rec)
{
	if (!rec)
		return;
	attrs_free(t, rec);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct rec_field *f = &t->fields[i];
		if (f->type == FT_TEXT) {
			char **p = FIELD_PTR(rec, f);
			free(*p);
			*p = NULL;
		}
	}
}

void rec_free(const struct rec_table *t, void *rec)
{
	if (!rec)
		return;
	rec_free_fields(t, rec);
	free(rec);
}

void rec_array_free(const struct rec_table *t, void *arr, size_t n)
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++)
		rec_free_fields(t, (char *)arr + i * t->size);
	free(arr);
}

static int enum_value(const struct rec_field *f, const void *rec)
{
	int v = *(const int *)CFIELD_PTR(rec, f);

	return v == 0 ? f->def : v;
}

/* A short description of the record for messages: label and name. */
static void rec_what(const struct rec_table *t, const void *rec, char *buf, size_t len)
{
	const struct rec_field *f = t->name_col ? field_by_col(t, t->name_col) : NULL;
	const char *name = NULL;
	int64_t id = *(const int64_t *)rec; /* every record starts with its id, or host_id */

	if (f && f->type == FT_TEXT)
		name = *(const char *const *)CFIELD_PTR(rec, f);
	if (name)
		snprintf(buf, len, "%s '%.200s'", t->label, name);
	else if (id)
		snprintf(buf, len, "%s %lld", t->label, (long long)id);
	else
		snprintf(buf, len, "%s", t->label);
}

int rec_validate(const struct rec_table *t, const void *rec)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct rec_field *f = &t->fields[i];
		switch (f->type) {
		case FT_TEXT: {
			const char *v = *(const char *const *)CFIELD_PTR(rec, f);
			size_t max = f->maxlen ? f->maxlen : STORE_TEXT_MAX;
			if ((f->flags & FL_REQ) && (!v || !*v))
				return store_seterr(STORE_EINVAL, "%s.%s: required", t->label, f->col);
			if (v && strlen(v) > max)
				return store_seterr(STORE_EINVAL, "%s.%s: longer than %zu bytes",
				                    t->label, f->col, max);
			if (v && (f->flags & FL_NAME)) {
				/* Names end up in logs, SOAP and naviseccli argv:
				 * no control characters. */
				for (const unsigned char *q = (const unsigned char *)v; *q; q++)
					if (*q < 0x20 || *q == 0x7f)
						return store_seterr(STORE_EINVAL,
						                    "%s.%s: control character in value",
						                    t->label, f->col);
			}
			break;
		}
		case FT_ENUM: {
			int v = enum_value(f, rec);
			if (v == 0 && !(f->flags & FL_REQ))
				break; /* optional enum left unset: stored as NULL */
			if (v <= 0 || v >= f->nnames)
				return store_seterr(STORE_EINVAL, "%s.%s: %s", t->label, f->col,
				                    v == 0 ? "required" : "invalid value");
			break;
		}
		case FT_REF: {
			int64_t v = *(const int64_t *)CFIELD_PTR(rec, f);
			if (v < 0)
				return store_seterr(STORE_EINVAL, "%s.%s: invalid id %lld", t->label,
				                    f->col, (long long)v);
			if ((f->flags & FL_REQ) && v == 0)
				return store_seterr(STORE_EINVAL, "%s.%s: required", t->label, f->col);
			break;
		}
		default:
			break;
		}
	}
	return t->check ? t->check(rec) : 0;
}

int rec_exists(struct conn *c, const char *sql_table, int64_t id)
{
	char sql[128];
	struct db_stmt *st;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE id = ?", sql_table);
	rc = conn_prepare(c, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	db_reset(st);
	if (rc == DB_ROW)
		return 1;
	if (rc == DB_DONE)
		return 0;
	return store_sqlerr(c, rc, sql_table);
}

int rec_check_refs(struct conn *c, const struct rec_table *t, const void *rec)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct rec_field *f = &t->fields[i];
		int64_t v;
		int rc;

		if (f->type != FT_REF)
			continue;
		v = *(const int64_t *)CFIELD_PTR(rec, f);
		if (v == 0)
			continue;
		rc = rec_exists(c, f->ref, v);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return store_seterr(STORE_ENOTFOUND, "%s.%s: %s %lld does not exist", t->label,
			                    f->col, f->ref, (long long)v);
	}
	return 0;
}

static int bind_field(struct db_stmt *st, int idx, const struct rec_field *f, const void *rec,
                      int64_t now)
{
	const void *p = CFIELD_PTR(rec, f);

	switch (f->type) {
	case FT_ID:
	case FT_I64:
		return db_bind_int64(st, idx, *(const int64_t *)p);
	case FT_INT:
		return db_bind_int64(st, idx, *(const int *)p);
	case FT_REF: {
		int64_t v = *(const int64_t *)p;
		return v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
	}
	case FT_TEXT: {
		const char *v = *(const char *const *)p;
		return v ? db_bind_text(st, idx, v)
		         : db_bind_null(st, idx);
	}
	case FT_ENUM: {
		int v = enum_value(f, rec);
		if (v <= 0 || v >= f->nnames)
			return db_bind_null(st, idx);
		return db_bind_text(st, idx, f->names[v]);
	}
	case FT_TIME:
		return db_bind_int64(st, idx, now);
	}
	return DB_EERROR;
}

int rec_read_row(const struct rec_table *t, struct db_stmt *st, void *rec)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const struct rec_field *f = &t->fields[i];
		void *p = FIELD_PTR(rec, f);
		int col = (int)i;

		switch (f->type) {
		case FT_ID:
		case FT_I64:
		case FT_REF:
		case FT_TIME:
			*(int64_t *)p = db_column_int64(st, col);
			break;
		case FT_INT:
			*(int *)p = db_column_int(st, col);
			break;
		case FT_TEXT: {
			const char *v = db_column_text(st, col);
			char **dst = p;
			*dst = NULL;
			if (v) {
				*dst = strdup((const char *)v);
				if (!*dst)
					return store_seterr(STORE_ERROR, "out of memory");
			}
			break;
		}
		case FT_ENUM: {
			const char *v = db_column_text(st, col);
			int val = 0;
			for (int k = 1; v && k < f->nnames; k++)
				if (strcmp((const char *)v, f->names[k]) == 0)
					val = k;
			*(int *)p = val;
			break;
		}
		}
	}
	return 0;
}

int rec_insert_c(struct conn *c, const struct rec_table *t, const void *rec, int64_t *out_id)
{
	struct sbuf sb = {.n = 0};
	struct db_stmt *st;
	char what[256];
	int64_t now = store_now();
	int rc, idx = 1;

	sb_add(&sb, "INSERT INTO ");
	sb_add(&sb, t->sql_name);
	sb_add(&sb, " (");
	for (size_t i = 0, k = 0; i < t->nfields; i++) {
		if (t->fields[i].type == FT_ID)
			continue;
		sb_add(&sb, k++ ? ", \"" : "\"");
		sb_add(&sb, t->fields[i].col);
		sb_add(&sb, "\"");
	}
	sb_add(&sb, ") VALUES (");
	for (size_t i = 0, k = 0; i < t->nfields; i++) {
		if (t->fields[i].type == FT_ID)
			continue;
		sb_add(&sb, k++ ? ", ?" : "?");
	}
	sb_add(&sb, ")");
	if (sb.overflow)
		return store_seterr(STORE_ERROR, "%s: statement too long", t->label);
	rc = conn_prepare(c, sb.b, &st);
	if (rc)
		return rc;
	for (size_t i = 0; i < t->nfields; i++) {
		if (t->fields[i].type == FT_ID)
			continue;
		bind_field(st, idx++, &t->fields[i], rec, now);
	}
	rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE) {
		rec_what(t, rec, what, sizeof(what));
		return store_sqlerr(c, rc, what);
	}
	if (out_id && db_last_id(c->db, out_id) != 0)
		return store_sqlerr(c, db_errcode(c->db), t->label);
	return 0;
}

int rec_step_one(struct conn *c, const struct rec_table *t, struct db_stmt *st, void **out)
{
	void *rec;
	int rc;

	*out = NULL;
	rc = conn_step(c, st, t->label);
	if (rc <= 0) {
		db_reset(st);
		return rc == 0 ? STORE_ENOTFOUND : rc;
	}
	rec = calloc(1, t->size);
	if (!rec) {
		db_reset(st);
		return store_seterr(STORE_ERROR, "out of memory");
	}
	rc = rec_read_row(t, st, rec);
	db_reset(st);
	if (rc) {
		rec_free(t, rec);
		return rc;
	}
	*out = rec;
	return 0;
}

void rec_bind_all(struct db_stmt *st, const struct bindv *b, int nb)
{
	for (int i = 0; i < nb; i++) {
		if (b[i].kind == BV_INT)
			db_bind_int64(st, i + 1, b[i].i);
		else if (b[i].kind == BV_TEXT)
			db_bind_text(st, i + 1, b[i].t);
		else
			db_bind_null(st, i + 1);
	}
}

int rec_run(struct conn *c, const char *sql, const struct bindv *b, int nb, const char *what,
            int *changes)
{
	struct db_stmt *st;
	int rc = conn_prepare(c, sql, &st);

	if (rc)
		return rc;
	rec_bind_all(st, b, nb);
	rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE && rc != DB_ROW)
		return store_sqlerr(c, rc, what);
	if (changes)
		*changes = db_changes(c->db);
	return 0;
}

int rec_get_where(struct conn *c, const struct rec_table *t, const char *where,
                  const struct bindv *b, int nb, void **out)
{
	char cols[1024], sql[2048];
	struct db_stmt *st;
	int rc;

	*out = NULL;
	rec_columns(t, cols, sizeof(cols));
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s LIMIT 1", cols, t->sql_name, where);
	rc = conn_prepare(c, sql, &st);
	if (rc)
		return rc;
	rec_bind_all(st, b, nb);
	return rec_step_one(c, t, st, out);
}

int rec_get_c(struct conn *c, const struct rec_table *t, const char *col, int64_t id,
              const char *text, void **out)
{
	struct bindv b = text ? B_TEXT(text) : B_INT(id);
	char where[128];
	int rc;

	snprintf(where, sizeof(where), "\"%s\" = ?", col);
	rc = rec_get_where(c, t, where, &b, 1, out);
	if (rc == 0) {
		rc = attrs_load(c, t, *out, 1);
		if (rc) {
			rec_free(t, *out);
			*out = NULL;
		}
	}
	if (rc == STORE_ENOTFOUND) {
		if (text)
			return store_seterr(STORE_ENOTFOUND, "%s '%.200s' not found", t->label, text);
		return store_seterr(STORE_ENOTFOUND, "%s %lld not found", t->label, (long long)id);
	}
	return rc;
}

/* Append "AND col = ?" when the table has the column and the filter asks. */
static int want(const struct rec_table *t, const char *col)
{
	return col && field_by_col(t, col) != NULL;
}

int rec_list_c(struct conn *c, const struct rec_table *t, const store_filter *f,
               const char *extra_where, void **out, size_t *count)
{
	static const store_filter none;
	struct sbuf sb = {.n = 0};
	char cols[1024];
	struct db_stmt *st;
	const struct rec_field *statef = field_by_col(t, "state");
	const char *statetext = NULL;
	char *arr = NULL;
	size_t n = 0, cap = 0;
	int rc, idx = 1;

	*out = NULL;
	*count = 0;
	if (!f)
		f = &none;
	if (f->state && statef) {
		if (statef->type != FT_ENUM || f->state < 0 || f->state >= statef->nnames)
			return store_seterr(STORE_EINVAL, "%s list: invalid state filter %d", t->label,
			                    f->state);
		statetext = statef->names[f->state];
	}
	if (f->after < 0)
		return store_seterr(STORE_EINVAL, "%s list: invalid paging cursor", t->label);

	rec_columns(t, cols, sizeof(cols));
	sb_add(&sb, "SELECT ");
	sb_add(&sb, cols);
	sb_add(&sb, " FROM ");
	sb_add(&sb, t->sql_name);
	sb_add(&sb, " WHERE 1 = 1");
	if (f->tenant_id && want(t, "tenant_id"))
		sb_add(&sb, " AND tenant_id = ?");
	if (f->system_id && want(t, "system_id"))
		sb_add(&sb, " AND system_id = ?");
	if (f->pool_id && want(t, "pool_id"))
		sb_add(&sb, " AND pool_id = ?");
	if (f->host_id && want(t, "host_id"))
		sb_add(&sb, " AND host_id = ?");
	if (f->volume_id && want(t, "volume_id"))
		sb_add(&sb, " AND volume_id = ?");
	/* served by index volumes_parent: no scan of the whole table */
	if (f->parent_volume_id && want(t, "parent_volume_id"))
		sb_add(&sb, " AND parent_volume_id = ?");
	if (f->name && t->name_col) {
		/* An initiator address compares without case (SQLite: the
		 * column's COLLATE NOCASE; PostgreSQL: its lower() index). */
		int nocase = conn_pg(c) && t == &tab_initiator;
		sb_add(&sb, nocase ? " AND lower(" : " AND ");
		sb_add(&sb, t->name_col);
		sb_add(&sb, nocase ? ") = lower(CAST(? AS TEXT))" : " = ?");
	}
	if (f->name_prefix && t->prefix_col) {
		/* substr instead of LIKE: the prefix is literal, '%' and '_'
		 * in names must not act as wildcards. */
		sb_add(&sb, " AND substr(");
		sb_add(&sb, t->prefix_col);
		sb_add(&sb, ", 1, length(CAST(? AS TEXT))) = ?");
	}
	if (f->user && want(t, "user"))
		sb_add(&sb, " AND \"user\" = ?");
	if (f->collection && want(t, "collection"))
		sb_add(&sb, " AND collection = ?");
	if (statetext)
		sb_add(&sb, " AND state = ?");
	else if (t->tombstones && !f->include_deleted)
		sb_add(&sb, " AND state <> 'deleted'");
	if (f->after)
		sb_add(&sb, t->newest_first ? " AND id < ?" : " AND id > ?");
	if (extra_where) {
		sb_add(&sb, " AND (");
		sb_add(&sb, extra_where);
		sb_add(&sb, ")");
	}
	/* A table without ids lists in insertion order on SQLite; PostgreSQL
	 * has no such order, so there it is the primary key's (the only such
	 * table listed, host_systems, is keyed by host and system). */
	if (field_by_col(t, "id"))
		sb_add(&sb, " ORDER BY id");
	else
		sb_add(&sb, conn_pg(c) ? " ORDER BY 1, 2" : " ORDER BY rowid");
	if (t->newest_first)
		sb_add(&sb, " DESC");
	if (f->limit)
		sb_add(&sb, " LIMIT ?");
	if (sb.overflow)
		return store_seterr(STORE_ERROR, "%s list: statement too long", t->label);

	rc = conn_prepare(c, sb.b, &st);
	if (rc)
		return rc;
	if (f->tenant_id && want(t, "tenant_id"))
		db_bind_int64(st, idx++, f->tenant_id);
	if (f->system_id && want(t, "system_id"))
		db_bind_int64(st, idx++, f->system_id);
	if (f->pool_id && want(t, "pool_id"))
		db_bind_int64(st, idx++, f->pool_id);
	if (f->host_id && want(t, "host_id"))
		db_bind_int64(st, idx++, f->host_id);
	if (f->volume_id && want(t, "volume_id"))
		db_bind_int64(st, idx++, f->volume_id);
	if (f->parent_volume_id && want(t, "parent_volume_id"))
		db_bind_int64(st, idx++, f->parent_volume_id);
	if (f->name && t->name_col)
		db_bind_text(st, idx++, f->name);
	if (f->name_prefix && t->prefix_col) {
		db_bind_text(st, idx++, f->name_prefix);
		db_bind_text(st, idx++, f->name_prefix);
	}
	if (f->user && want(t, "user"))
		db_bind_text(st, idx++, f->user);
	if (f->collection && want(t, "collection"))
		db_bind_text(st, idx++, f->collection);
	if (statetext)
		db_bind_text(st, idx++, statetext);
	if (f->after)
		db_bind_int64(st, idx++, f->after);
	if (f->limit)
		db_bind_int64(st, idx++, f->limit > INT64_MAX ? INT64_MAX : (int64_t)f->limit);

	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char *na = realloc(arr, ncap * t->size);
			if (!na) {
				rc = store_seterr(STORE_ERROR, "out of memory");
				goto fail;
			}
			arr = na;
			cap = ncap;
		}
		memset(arr + n * t->size, 0, t->size);
		rc = rec_read_row(t, st, arr + n * t->size);
		n++;
		if (rc)
			goto fail;
	}
	if (rc != DB_DONE) {
		rc = store_sqlerr(c, rc, t->label);
		goto fail;
	}
	db_reset(st);
	rc = attrs_load(c, t, arr, n);
	if (rc)
		goto fail_loaded;
	*out = arr;
	*count = n;
	return 0;
fail:
	db_reset(st);
fail_loaded:
	rec_array_free(t, arr, n);
	return rc;
}

int rec_tx_write(struct conn **c, store *s, const struct rec_table *t, const void *rec)
{
	int rc;

	*c = conn_get(s);
	rc = tx_begin(*c, 1);
	if (rc == 0)
		rc = rec_check_refs(*c, t, rec);
	return rc;
}

int rec_insert(store *s, const struct rec_table *t, const void *rec, int64_t *out_id)
{
	struct conn *c;
	int rc;

	store_clearerr();
	rc = rec_validate(t, rec);
	if (rc)
		return rc;
	rc = rec_tx_write(&c, s, t, rec);
	if (rc == 0)
		rc = rec_insert_c(c, t, rec, out_id);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int rec_get(store *s, const struct rec_table *t, int64_t id, void **out)
{
	struct conn *c = conn_get(s);
	int rc;

	/* A single SELECT in autocommit mode is its own read transaction; a
	 * record with keys takes two, read in one transaction so the keys
	 * are those of the row as it was read. */
	if (!t->keys_kind) {
		rc = rec_get_c(c, t, "id", id, NULL, out);
	} else {
		rc = tx_begin(c, 0);
		if (rc == 0)
			rc = rec_get_c(c, t, "id", id, NULL, out);
		rc = tx_end(c, rc);
		if (rc && *out) {
			rec_free(t, *out);
			*out = NULL;
		}
	}
	conn_put(s, c);
	return rc;
}

int rec_get_text(store *s, const struct rec_table *t, const char *col, const char *v, void **out)
{
	struct conn *c;
	int rc;

	*out = NULL;
	if (!v)
		return store_seterr(STORE_EINVAL, "%s.%s: required", t->label, col);
	c = conn_get(s);
	rc = rec_get_c(c, t, col, 0, v, out);
	conn_put(s, c);
	return rc;
}

int rec_list(store *s, const struct rec_table *t, const store_filter *f, const char *extra_where,
             void **out, size_t *count)
{
	struct conn *c = conn_get(s);
	int rc = tx_begin(c, 0);

	if (rc == 0)
		rc = rec_list_c(c, t, f, extra_where, out, count);
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int rec_update(store *s, const struct rec_table *t, const void *rec)
{
	struct sbuf sb = {.n = 0};
	struct conn *c;
	struct db_stmt *st;
	char what[256];
	int64_t now = store_now();
	int64_t id = *(const int64_t *)rec;
	int rc, idx = 1;

	store_clearerr();
	if (id <= 0)
		return store_seterr(STORE_EINVAL, "%s: update needs an id", t->label);
	rc = rec_validate(t, rec);
	if (rc)
		return rc;
	sb_add(&sb, "UPDATE ");
	sb_add(&sb, t->sql_name);
	sb_add(&sb, " SET ");
	for (size_t i = 0, k = 0; i < t->nfields; i++) {
		if (t->fields[i].flags & FL_NOUPD)
			continue;
		sb_add(&sb, k++ ? ", \"" : "\"");
		sb_add(&sb, t->fields[i].col);
		sb_add(&sb, "\" = ?");
	}
	sb_add(&sb, " WHERE id = ?");
	if (sb.overflow)
		return store_seterr(STORE_ERROR, "%s: statement too long", t->label);

	rc = rec_tx_write(&c, s, t, rec);
	if (rc == 0)
		rc = conn_prepare(c, sb.b, &st);
	if (rc == 0) {
		for (size_t i = 0; i < t->nfields; i++)
			if (!(t->fields[i].flags & FL_NOUPD))
				bind_field(st, idx++, &t->fields[i], rec, now);
		db_bind_int64(st, idx, id);
		rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE) {
			rec_what(t, rec, what, sizeof(what));
			rc = store_sqlerr(c, rc, what);
		} else if (db_changes(c->db) == 0) {
			rc = store_seterr(STORE_ENOTFOUND, "%s %lld not found", t->label,
			                  (long long)id);
		} else {
			rc = 0;
		}
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}

int rec_delete(store *s, const struct rec_table *t, int64_t id)
{
	char sql[128], what[128];
	struct conn *c;
	struct db_stmt *st;
	int rc;

	store_clearerr();
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", t->sql_name);
	rc = tx_prepare(&c, &st, s, 1, sql);
	if (rc == 0) {
		db_bind_int64(st, 1, id);
		snprintf(what, sizeof(what), "%s %lld", t->label, (long long)id);
		rc = conn_step_write(c, st, what, what);
	}
	rc = tx_end(c, rc);
	conn_put(s, c);
	return rc;
}
