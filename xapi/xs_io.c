/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_io.c - what xapi-storage-script sees of the plugin: the arguments as
 * one JSON object on stdin, the result (or `null` for the IDL's unit) as
 * one line of JSON on stdout, and on failure the error object
 *   {"code": "...", "params": [...], "backtrace": {"error": "...", "files": [], "lines": []}}
 * also on stdout (xapi-storage-script reads the error from stdout when
 * the exit status is not zero).
 *
 * Every argument is checked here before a command uses it: its type, and
 * that a string has no NUL and no control characters other than tab and
 * line breaks, and is of bounded length (jansson has already refused
 * invalid UTF-8 on input). Text the gateway bounds more tightly (names and
 * descriptions) is cut to fit by xs_clip rather than refused: xapi sets no
 * bound on it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

#define XS_STDIN_MAX (1024 * 1024)
#define XS_STR_MAX 4096

int xs_fail(struct xs_err *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	snprintf(e->code, sizeof e->code, "%s", code);
	va_start(ap, fmt);
	vsnprintf(e->params[0], sizeof e->params[0], fmt, ap);
	va_end(ap);
	e->nparams = 1;
	return -1;
}

json_t *xs_err_json(const struct xs_err *e)
{
	json_t *o = json_object(), *p = json_array(), *bt = json_object();
	const char *what = e->nparams > 0 ? e->params[0] : e->code;

	for (int i = 0; i < e->nparams && i < 2; i++)
		json_array_append_new(p, json_string(e->params[i]));
	json_object_set_new(bt, "error", json_string(what));
	json_object_set_new(bt, "files", json_array());
	json_object_set_new(bt, "lines", json_array());
	json_object_set_new(o, "code", json_string(e->code[0] ? e->code : "INTERNAL"));
	json_object_set_new(o, "params", p);
	json_object_set_new(o, "backtrace", bt);
	return o;
}

static void print_json(const json_t *j)
{
	char *s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	fputs(s ? s : "null", stdout);
	fputc('\n', stdout);
	free(s);
	fflush(stdout);
}

void xs_print_result(const json_t *result)
{
	if (!result) {
		fputs("null\n", stdout);
		fflush(stdout);
		return;
	}
	print_json(result);
}

void xs_print_error(const struct xs_err *e)
{
	json_t *o = xs_err_json(e);

	print_json(o);
	json_decref(o);
}

int xs_read_args(json_t **out, struct xs_err *e)
{
	char *buf = malloc(XS_STDIN_MAX + 1);
	size_t n = 0, r;
	json_error_t je;
	json_t *j;

	*out = NULL;
	if (!buf)
		return xs_fail(e, "INTERNAL", "out of memory");
	while ((r = fread(buf + n, 1, XS_STDIN_MAX + 1 - n, stdin)) > 0) {
		n += r;
		if (n > XS_STDIN_MAX) {
			free(buf);
			return xs_fail(e, "INVALID_ARGUMENT", "the arguments are over %d bytes",
				       XS_STDIN_MAX);
		}
	}
	buf[n] = '\0';
	j = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (!j)
		return xs_fail(e, "INVALID_ARGUMENT", "the arguments are not JSON: %s (line %d)",
			       je.text, je.line);
	if (!json_is_object(j)) {
		json_decref(j);
		return xs_fail(e, "INVALID_ARGUMENT", "the arguments are not a JSON object");
	}
	*out = j;
	return 0;
}

/* Text xapi hands over ends up in gateway records and in files: no
 * control characters but tab and line breaks (a description may have
 * several lines), bounded. */
static int text_ok(const char *s, size_t max)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
			return 0;
	return n <= max;
}

void xs_clip(char *out, size_t max, const char *s)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		/* never cut a UTF-8 sequence: back up to its lead byte */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

int xs_arg_str(const char **out, const json_t *args, const char *name, bool allow_empty,
	       struct xs_err *e)
{
	const json_t *v = json_object_get(args, name);

	if (!v)
		return xs_fail(e, "INVALID_ARGUMENT", "%s: missing", name);
	if (!json_is_string(v))
		return xs_fail(e, "INVALID_ARGUMENT", "%s: not a string", name);
	*out = json_string_value(v);
	if (!allow_empty && !**out)
		return xs_fail(e, "INVALID_ARGUMENT", "%s: empty", name);
	if (strlen(*out) != json_string_length(v) || !text_ok(*out, XS_STR_MAX))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "%s: control characters or longer than %d bytes", name, XS_STR_MAX);
	return 0;
}

int xs_arg_i64(int64_t *out, const json_t *args, const char *name, struct xs_err *e)
{
	const json_t *v = json_object_get(args, name);

	if (!v)
		return xs_fail(e, "INVALID_ARGUMENT", "%s: missing", name);
	if (!json_is_integer(v))
		return xs_fail(e, "INVALID_ARGUMENT", "%s: not an integer", name);
	*out = (int64_t)json_integer_value(v);
	return 0;
}

int xs_arg_bool(bool *out, const json_t *args, const char *name, bool dflt, struct xs_err *e)
{
	const json_t *v = json_object_get(args, name);

	*out = dflt;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return xs_fail(e, "INVALID_ARGUMENT", "%s: not a boolean", name);
	*out = json_is_true(v);
	return 0;
}

int xs_arg_req_bool(bool *out, const json_t *args, const char *name, struct xs_err *e)
{
	if (!json_object_get(args, name))
		return xs_fail(e, "INVALID_ARGUMENT", "%s: missing", name);
	return xs_arg_bool(out, args, name, false, e);
}

int xs_arg_config(const json_t **out, const json_t *args, const char *name, struct xs_err *e)
{
	const json_t *v = json_object_get(args, name), *val;
	const char *k;

	if (!v)
		return xs_fail(e, "INVALID_ARGUMENT", "%s: missing", name);
	if (!json_is_object(v))
		return xs_fail(e, "INVALID_ARGUMENT", "%s: not an object of strings", name);
	json_object_foreach((json_t *)v, k, val) {
		if (!json_is_string(val))
			return xs_fail(e, "INVALID_ARGUMENT", "%s: %s is not a string", name, k);
		if (!text_ok(k, 64) || strlen(json_string_value(val)) != json_string_length(val) ||
		    !text_ok(json_string_value(val), XS_STR_MAX))
			return xs_fail(e, "INVALID_ARGUMENT",
				       "%s: %s: control characters or too long", name, k);
	}
	*out = v;
	return 0;
}
