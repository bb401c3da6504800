/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_output.c - what slgw prints and the exit status it returns.
 *
 * Records arrive here as jansson objects (cli_records.c), so a table is
 * "pick these keys, pad to the widest cell" and --json is "dump the same
 * objects". Column widths are measured in bytes: every value the gateway
 * returns is ASCII (ids, names validated by the server, numbers, dates).
 * Human output never shows raw JSON: a list of records inside a record is
 * printed once, as an indented table after the record's scalar lines, and
 * a nested record in a table cell as its values; a table column that is
 * empty in every row is left out rather than printed blank.
 */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *code;
	int exit;
} code_exit[] = {
	{ "INVALID_ARGUMENT", CLI_EXIT_INVALID_ARGUMENT },
	{ "NOT_FOUND", CLI_EXIT_NOT_FOUND },
	{ "ALREADY_EXISTS", CLI_EXIT_ALREADY_EXISTS },
	{ "FAILED_PRECONDITION", CLI_EXIT_FAILED_PRECONDITION },
	{ "PERMISSION_DENIED", CLI_EXIT_PERMISSION_DENIED },
	{ "UNAUTHENTICATED", CLI_EXIT_UNAUTHENTICATED },
	{ "RESOURCE_EXHAUSTED", CLI_EXIT_RESOURCE_EXHAUSTED },
	{ "ABORTED", CLI_EXIT_ABORTED },
	{ "UNAVAILABLE", CLI_EXIT_UNAVAILABLE },
	{ "DEADLINE_EXCEEDED", CLI_EXIT_DEADLINE_EXCEEDED },
	{ "INTERNAL", CLI_EXIT_INTERNAL },
	{ "CONFLICT", CLI_EXIT_CONFLICT },
	{ "NOT_SUPPORTED", CLI_EXIT_NOT_SUPPORTED },
};

int cli_exit_for_code(const char *code)
{
	if (!code)
		return CLI_EXIT_INTERNAL;
	for (size_t i = 0; i < sizeof(code_exit) / sizeof(code_exit[0]); i++)
		if (strcmp(code, code_exit[i].code) == 0)
			return code_exit[i].exit;
	return CLI_EXIT_INTERNAL;
}

const char *cli_exit_help(void)
{
	return "Exit status:\n"
	       "   0  success (for a job: it SUCCEEDED; with --no-wait: it was accepted)\n"
	       "   1  INTERNAL: a gateway bug or an unexpected reply\n"
	       "   2  usage: bad command line, config file or missing setting\n"
	       "   3  INVALID_ARGUMENT: the gateway rejected a value (the message names it)\n"
	       "   4  NOT_FOUND: no such object (or not visible to you)\n"
	       "   5  ALREADY_EXISTS: same name with different parameters\n"
	       "   6  FAILED_PRECONDITION: the object's state forbids it (e.g. still assigned)\n"
	       "   7  PERMISSION_DENIED: your role may not do this\n"
	       "   8  UNAUTHENTICATED: wrong user or password\n"
	       "   9  RESOURCE_EXHAUSTED: quota, pool space or gateway overload\n"
	       "  10  ABORTED: another operation on the object is in flight; retry\n"
	       "  11  UNAVAILABLE: gateway or array unreachable or busy\n"
	       "  12  DEADLINE_EXCEEDED: timed out (also --timeout while waiting for a job)\n"
	       "  13  TLS: the server's certificate is not trusted (--cacert / --fingerprint)\n"
	       "  14  CONFLICT: what was asked for is held by another object (the message names it)\n"
	       "  15  NOT_SUPPORTED: the gateway or the array cannot do this (the message says why)\n";
}

void cli_sanitize(char *s)
{
	for (unsigned char *p = (unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
}

void cli_print_clean(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

char *cli_value_text(const json_t *v)
{
	char buf[64];

	if (!v || json_is_null(v))
		return strdup("");
	if (json_is_string(v)) {
		char *t = strdup(json_string_value(v));

		cli_sanitize(t);
		return t;
	}
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		return strdup(buf);
	}
	if (json_is_real(v)) {
		snprintf(buf, sizeof(buf), "%g", json_real_value(v));
		return strdup(buf);
	}
	if (json_is_boolean(v))
		return strdup(json_is_true(v) ? "yes" : "no");
	if (json_is_array(v)) {
		size_t len = 1, i;
		json_t *e;
		char *out, **parts = calloc(json_array_size(v) + 1, sizeof(char *));

		if (!parts)
			return NULL;
		json_array_foreach(v, i, e) {
			parts[i] = cli_value_text(e);
			len += (parts[i] ? strlen(parts[i]) : 0) + 1;
		}
		out = malloc(len);
		if (out) {
			out[0] = '\0';
			for (i = 0; i < json_array_size(v); i++) {
				if (i)
					strcat(out, ",");
				if (parts[i])
					strcat(out, parts[i]);
			}
		}
		for (i = 0; i < json_array_size(v); i++)
			free(parts[i]);
		free(parts);
		return out;
	}
	if (json_is_object(v)) {
		/* A nested record in one cell: its values, space-separated
		 * (never raw JSON in a table; --json keeps the structure). */
		const char *k;
		json_t *e;
		size_t len = 1;
		char *out = NULL;

		json_object_foreach((json_t *)v, k, e) {
			char *t = cli_value_text(e), *n;

			if (!t || !*t) {
				free(t);
				continue;
			}
			n = realloc(out, len + strlen(t) + 1);
			if (!n) {
				free(t);
				break;
			}
			if (!out)
				n[0] = '\0';
			out = n;
			if (out[0])
				strcat(out, " ");
			strcat(out, t);
			len = strlen(out) + 1;
			free(t);
		}
		return out ? out : strdup("");
	}
	return strdup("");
}

/* The value a column key names: "a" is a member; "a.b" projects member b
 * of every element when a is an array of objects (or of a when it is an
 * object), so a table can show a nested list once (e.g. initiator.id)
 * without the record carrying a flattened copy. New reference. */
static json_t *field_of(const json_t *row, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[64];
	json_t *v, *out;
	size_t i;

	if (!dot) {
		v = json_object_get(row, key);
		return v ? json_incref(v) : NULL;
	}
	if ((size_t)(dot - key) >= sizeof(head))
		return NULL;
	memcpy(head, key, (size_t)(dot - key));
	head[dot - key] = '\0';
	v = json_object_get(row, head);
	if (json_is_object(v))
		return field_of(v, dot + 1);
	if (!json_is_array(v))
		return NULL;
	out = json_array();
	for (i = 0; i < json_array_size(v); i++) {
		json_t *e = field_of(json_array_get(v, i), dot + 1);

		if (e)
			json_array_append_new(out, e);
	}
	return out;
}

char *cli_field_text(const json_t *row, const char *key)
{
	json_t *v = field_of(row, key);
	char *t = cli_value_text(v);

	json_decref(v);
	return t;
}

void cli_print_table(FILE *f, const json_t *rows, const struct cli_column *cols, size_t ncols)
{
	cli_print_table_indent(f, 0, rows, cols, ncols);
}

void cli_print_table_indent(FILE *f, int indent, const json_t *rows, const struct cli_column *cols,
			    size_t ncols)
{
	size_t nrows = json_array_size(rows), last = 0;
	size_t *w = calloc(ncols + 1, sizeof(size_t));
	bool *shown = calloc(ncols + 1, sizeof(bool));
	char **cell = calloc(nrows * ncols + 1, sizeof(char *));

	if (!w || !cell || !shown) {
		free(w);
		free(shown);
		free(cell);
		return;
	}
	for (size_t c = 0; c < ncols; c++) {
		w[c] = strlen(cols[c].heading);
		/* With no rows every heading shows (the table's shape); with
		 * rows a column empty in all of them says nothing: dropped. */
		shown[c] = nrows == 0;
	}
	for (size_t r = 0; r < nrows; r++) {
		const json_t *row = json_array_get(rows, r);

		for (size_t c = 0; c < ncols; c++) {
			char *t = cli_field_text(row, cols[c].key);

			cell[r * ncols + c] = t;
			if (t && *t)
				shown[c] = true;
			if (t && strlen(t) > w[c])
				w[c] = strlen(t);
		}
	}
	for (size_t c = 0; c < ncols; c++)
		if (shown[c])
			last = c;
	for (size_t r = 0; r <= nrows; r++) {
		fprintf(f, "%*s", indent, "");
		for (size_t c = 0; c < ncols; c++) {
			const char *t = r == 0 ? cols[c].heading : cell[(r - 1) * ncols + c];

			if (!shown[c])
				continue;
			fprintf(f, "%-*s%s", c < last ? (int)w[c] : 0, t ? t : "", c < last ? "  " : "\n");
		}
	}
	for (size_t i = 0; i < nrows * ncols; i++)
		free(cell[i]);
	free(cell);
	free(shown);
	free(w);
}

/* A heading from a record key: camelCase split into upper-case words
 * ("storageSystemId" -> "STORAGE SYSTEM ID", "sizeMB" -> "SIZE MB"). */
static char *heading_of(const char *key)
{
	size_t n = strlen(key);
	char *h = malloc(2 * n + 1), *p = h;

	if (!h)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)key[i];

		if (i > 0 && isupper(ch) && !isupper((unsigned char)key[i - 1]))
			*p++ = ' ';
		*p++ = (char)toupper(ch);
	}
	*p = '\0';
	return h;
}

static bool is_object_list(const json_t *v)
{
	return json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0));
}

/* Members that a table cell cannot show well: records and lists of them. */
static bool is_nested(const json_t *v)
{
	return json_is_object(v) || is_object_list(v);
}

static bool has_nested(const json_t *list)
{
	const char *k;
	json_t *e, *v;
	size_t i;

	json_array_foreach(list, i, e)
		json_object_foreach(e, k, v)
			if (is_nested(v))
				return true;
	return false;
}

/* An array of flat objects as an indented table whose columns are the
 * union of the elements' keys, in order of first appearance. */
static void print_object_list(FILE *f, int indent, const json_t *list)
{
	json_t *keys = json_array();
	struct cli_column *cols;
	size_t i, n;
	json_t *e, *v;
	const char *k;

	json_array_foreach(list, i, e) {
		json_object_foreach(e, k, v) {
			bool seen = false;
			size_t j;
			json_t *x;

			json_array_foreach(keys, j, x)
				if (strcmp(json_string_value(x), k) == 0)
					seen = true;
			if (!seen)
				json_array_append_new(keys, json_string(k));
		}
	}
	n = json_array_size(keys);
	cols = calloc(n + 1, sizeof(*cols));
	for (i = 0; cols && i < n; i++) {
		cols[i].key = json_string_value(json_array_get(keys, i));
		cols[i].heading = heading_of(cols[i].key);
		if (!cols[i].heading)
			cols[i].heading = cols[i].key;
	}
	if (cols)
		cli_print_table_indent(f, indent, list, cols, n);
	for (i = 0; cols && i < n; i++)
		if (cols[i].heading != cols[i].key)
			free((char *)cols[i].heading);
	free(cols);
	json_decref(keys);
}

/* One record at an indent: scalar members as aligned "key: value" lines,
 * then each nested record as "key:" and its lines indented, then each
 * list of records as "key:" and a table (or, when its elements nest
 * further, one indented block per element, "-" between them). */
static void print_record_at(FILE *f, int indent, const json_t *obj)
{
	const char *key;
	json_t *v;
	size_t w = 0;

	json_object_foreach((json_t *)obj, key, v)
		if (!is_nested(v) && strlen(key) > w)
			w = strlen(key);
	json_object_foreach((json_t *)obj, key, v) {
		char *t;

		/* Absent and empty values say nothing to a reader. */
		if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0) || is_nested(v))
			continue;
		t = cli_value_text(v);
		fprintf(f, "%*s%s:%*s %s\n", indent, "", key, (int)(w - strlen(key)), "", t ? t : "");
		free(t);
	}
	json_object_foreach((json_t *)obj, key, v) {
		size_t i;
		json_t *e;

		if (!is_nested(v))
			continue;
		fprintf(f, "%*s%s:\n", indent, "", key);
		if (json_is_object(v))
			print_record_at(f, indent + 2, v);
		else if (!has_nested(v))
			print_object_list(f, indent + 2, v);
		else
			json_array_foreach(v, i, e) {
				if (i)
					fprintf(f, "%*s-\n", indent + 2, "");
				print_record_at(f, indent + 2, e);
			}
	}
}

void cli_print_record(FILE *f, const json_t *obj)
{
	print_record_at(f, 0, obj);
}

void cli_print_json(FILE *f, const json_t *v)
{
	json_dumpf(v, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
}

void cli_progress_bar(char *buf, size_t len, int percent)
{
	char bar[31];
	int fill;

	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	fill = percent * 30 / 100;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	snprintf(buf, len, "[%s] %3d%%", bar, percent);
}

json_t *cli_match(const json_t *rows, const char *arg, const char *idkey, const char *namekey)
{
	json_t *out = json_array(), *e;
	size_t i;

	if (!arg)
		return out;
	json_array_foreach(rows, i, e) {
		const char *id = json_string_value(json_object_get(e, idkey));
		const char *name = json_string_value(json_object_get(e, namekey));

		if ((id && strcmp(id, arg) == 0) || (name && strcmp(name, arg) == 0))
			json_array_append(out, e);
	}
	return out;
}

bool cli_is_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 19 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}
