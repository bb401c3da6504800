/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_records.c - the one record walker behind the listing parsers.
 *
 * Nearly every naviseccli listing is a run of records that start at a
 * header line ("LOGICAL UNIT NUMBER 5", "Name:", "Pool Name:", ...), hold
 * "Label: value" lines, and may come printed twice.  vnx_parse_listing()
 * walks such a listing once for all of them: it finds the headers, folds a
 * record whose key repeats the previous record's (or, for listings whose
 * repeated lines must not count twice, drops its lines), grows the array,
 * reads each line through the kind's field table and frees everything on
 * failure.  A parser describes its kind in a `vnx_listing` and keeps only
 * what its listing does not share with the others in two hooks: `head`
 * (at every header) and `line` (a line before the field table sees it).
 *
 * The helpers below it serve the listings that need more than one walk
 * (port summaries merged into details, virtual ports): the argument check,
 * the hand-over of a finished array, and dropping records that repeat the
 * one before them.
 */
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

int vnx_begin(const char *buf, size_t len, void *out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);

	if (rc < 0)
		return rc;
	*(void **)out = NULL;
	*count = 0;
	return 0;
}

int vnx_done(const char *buf, size_t len, void *arr, size_t n, void *out, size_t *count)
{
	if (n == 0) {
		free(arr);
		return vnx_is_blank(buf, len) ? 0 : VNX_PARSE_EFORMAT;
	}
	*(void **)out = arr;
	*count = n;
	return 0;
}

void vnx_free_array(void *arr, size_t n, size_t size, void (*free_rec)(void *rec))
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++)
		free_rec((char *)arr + i * size);
	free(arr);
}

size_t vnx_drop_repeats(void *arr, size_t n, size_t size,
                        bool (*same)(const void *a, const void *b), void (*free_rec)(void *rec))
{
	char *b = arr;
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		if (w > 0 && same(b + (w - 1) * size, b + i * size)) {
			free_rec(b + i * size);
			continue;
		}
		if (w != i)
			memcpy(b + w * size, b + i * size, size);
		w++;
	}
	return w;
}

void vnx_free_record(const vnx_listing *k, void *rec)
{
	char **key;

	if (!rec)
		return;
	vnx_free_fields(k->fields, k->nfields, rec);
	if (k->key == VNX_KEY_NAME || k->key == VNX_KEY_STR) {
		key = (char **)(void *)((char *)rec + k->key_off);
		free(*key);
		*key = NULL;
	}
	if (k->free_more)
		k->free_more(rec);
}

void vnx_free_records(const vnx_listing *k, void *arr, size_t n)
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++)
		vnx_free_record(k, (char *)arr + i * k->size);
	free(arr);
}

/* The header's key text when l starts a record of kind k. */
static bool header_of(const vnx_listing *k, const vnx_line *l, const char **key, size_t *key_len)
{
	if (k->key == VNX_KEY_LINE_ID) {
		size_t hl = strlen(k->header);

		if (l->has_label || !vnx_starts_with(l->text, l->len, k->header))
			return false;
		*key = l->text + hl;
		*key_len = l->len - hl;
		return true;
	}
	if (!k->header || !vnx_line_is(l, k->header))
		return false;
	*key = l->value;
	*key_len = l->value_len;
	if (k->fix_key)
		k->fix_key(key, key_len);
	return true;
}

/* True when the key read from a header equals the key of record prev. */
static bool same_key(const vnx_listing *k, const char *prev, const char *key, size_t key_len,
                     int64_t id)
{
	const char *at = prev + k->key_off;
	const char *name;

	if (k->key == VNX_KEY_ID || k->key == VNX_KEY_LINE_ID)
		return id >= 0 && *(const int64_t *)(const void *)at == id;
	name = *(char *const *)(const void *)at;
	return name && vnx_eq(key, key_len, name);
}

/* Appends a record keyed by the header line l (l NULL: a record without
 * header, its key absent). */
static int open_record(const vnx_listing *k, char **arr, size_t *n, size_t *cap,
                       const vnx_line *l, const char *key, size_t key_len, int64_t id)
{
	char *rec;
	void *at;

	if (vnx_grow((void **)arr, cap, *n, k->size) < 0)
		return VNX_PARSE_ENOMEM;
	rec = *arr + *n * k->size;
	(*n)++;
	vnx_init_fields(k->fields, k->nfields, rec);
	at = rec + k->key_off;
	if (k->key == VNX_KEY_ID || k->key == VNX_KEY_LINE_ID) {
		*(int64_t *)at = id;
		return 0;
	}
	if (!l)
		return 0;
	if (k->key == VNX_KEY_NAME)
		return vnx_dup((char **)at, key, key_len);
	return vnx_set_str((char **)at, l);
}

int vnx_parse_listing(const vnx_listing *k, void *st, const char *buf, size_t len, void *out,
                      size_t *count)
{
	char *arr = NULL;
	size_t n = 0, cap = 0;
	bool skip = false; /* inside a repeated record whose lines are dropped */
	vnx_tok t;
	vnx_line l;
	int rc = vnx_begin(buf, len, out, count);

	if (rc < 0)
		return rc;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		const char *key;
		size_t key_len;
		int64_t id = -1;

		if (header_of(k, &l, &key, &key_len)) {
			bool same;

			if ((k->key == VNX_KEY_ID || k->key == VNX_KEY_LINE_ID) &&
			    vnx_parse_i64(key, key_len, &id) < 0)
				id = -1;
			same = !(k->flags & VNX_L_NO_FOLD) && n > 0 &&
			       same_key(k, arr + (n - 1) * k->size, key, key_len, id);
			skip = same && (k->flags & VNX_L_SKIP_REPEAT);
			if (k->head)
				k->head(st, !same);
			if (!same &&
			    (rc = open_record(k, &arr, &n, &cap, &l, key, key_len, id)) < 0)
				goto fail;
			continue;
		}
		if (skip || ((k->flags & VNX_L_LABELLED) && !l.has_label) ||
		    ((k->flags & VNX_L_NONEMPTY) && l.len == 0))
			continue;
		if (n == 0 && !(k->flags & VNX_L_PRELUDE))
			continue;
		if (k->line) {
			rc = k->line(st, n ? arr + (n - 1) * k->size : NULL, &l);
			if (rc == VNX_LINE_OPEN) {
				if ((rc = open_record(k, &arr, &n, &cap, NULL, NULL, 0, -1)) < 0)
					goto fail;
				rc = k->line(st, arr + (n - 1) * k->size, &l);
			}
			if (rc < 0)
				goto fail;
			if (rc == VNX_LINE_STOP)
				break;
			if (rc)
				continue;
		}
		if (n == 0)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(k->fields, k->nfields, arr + (n - 1) * k->size, &l,
		                          &matched)) < 0)
			goto fail;
	}
	return vnx_done(buf, len, arr, n, out, count);
fail:
	vnx_free_records(k, arr, n);
	return rc;
}
