/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_output.c - what slgw prints and the exit status it returns.
 *
 * Records arrive here as jansson objects (cli_records.c), so a table is
 * "pick these keys, pad to the widest cell" and --json is "dump the same
 * objects". Column widths are measured in bytes: every value the gateway
 * returns is ASCII (ids, names validated by the server, numbers, dates).
 */
#include "cli.h"

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
	       "  13  TLS: the server's certificate is not trusted (--cacert / --fingerprint)\n";
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
	/* Nested objects: compact JSON is the least surprising text. */
	return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
}

void cli_print_table(FILE *f, const json_t *rows, const struct cli_column *cols, size_t ncols)
{
	size_t nrows = json_array_size(rows);
	size_t *w = calloc(ncols, sizeof(size_t));
	char **cell = calloc(nrows * ncols + 1, sizeof(char *));

	if (!w || !cell) {
		free(w);
		free(cell);
		return;
	}
	for (size_t c = 0; c < ncols; c++)
		w[c] = strlen(cols[c].heading);
	for (size_t r = 0; r < nrows; r++) {
		const json_t *row = json_array_get(rows, r);

		for (size_t c = 0; c < ncols; c++) {
			char *t = cli_value_text(json_object_get(row, cols[c].key));

			cell[r * ncols + c] = t;
			if (t && strlen(t) > w[c])
				w[c] = strlen(t);
		}
	}
	for (size_t c = 0; c < ncols; c++)
		fprintf(f, "%-*s%s", c + 1 < ncols ? (int)w[c] : 0, cols[c].heading,
			c + 1 < ncols ? "  " : "\n");
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++) {
			const char *t = cell[r * ncols + c] ? cell[r * ncols + c] : "";

			fprintf(f, "%-*s%s", c + 1 < ncols ? (int)w[c] : 0, t, c + 1 < ncols ? "  " : "\n");
		}
	for (size_t i = 0; i < nrows * ncols; i++)
		free(cell[i]);
	free(cell);
	free(w);
}

void cli_print_record(FILE *f, const json_t *obj)
{
	const char *key;
	json_t *v;
	size_t w = 0;

	json_object_foreach((json_t *)obj, key, v)
		if (strlen(key) > w)
			w = strlen(key);
	json_object_foreach((json_t *)obj, key, v) {
		char *t;

		/* Absent and empty values say nothing to a reader. */
		if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0))
			continue;
		t = cli_value_text(v);
		fprintf(f, "%s:%*s %s\n", key, (int)(w - strlen(key)), "", t ? t : "");
		free(t);
	}
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
