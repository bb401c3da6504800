/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_tok.c - line tokenizer and value helpers for the naviseccli parsers.
 *
 * Everything here works on (pointer, length) views and checks the length
 * before every read: the input is whatever an array (or a fuzzer) printed,
 * may hold NUL bytes and need not be NUL-terminated.  Numbers are parsed by
 * hand rather than with strtol/strtod on the raw buffer, because those read
 * until a terminator that the buffer may not have.
 */
#include "vnx_tok.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"

static bool is_blank_byte(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank_byte(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank_byte((*s)[*n - 1]))
		(*n)--;
}

void vnx_tok_init(vnx_tok *t, const char *buf, size_t len)
{
	t->p = buf;
	t->end = buf ? buf + len : buf;
	t->prev = NULL;
	t->prev_len = 0;
	t->have_prev = false;
}

bool vnx_tok_next(vnx_tok *t, vnx_line *l)
{
	for (;;) {
		if (!t->p || t->p >= t->end)
			return false;
		const char *start = t->p;
		size_t left = (size_t)(t->end - start);
		/* A line ends at LF; the CR of a CRLF is trimmed below as a
		 * trailing blank.  naviseccli never ends lines with a bare CR, so
		 * one is just a byte inside the line (strings show it as '?').
		 * memchr: this loop sees every byte of every listing. */
		const char *e = memchr(start, '\n', left);
		if (!e)
			e = t->end;
		t->p = (e < t->end) ? e + 1 : e;

		size_t raw_len = (size_t)(e - start);
		while (raw_len > 0 && is_blank_byte(start[raw_len - 1]))
			raw_len--;
		/* Doubled output: skip a line that repeats the one before it.
		 * Blank lines take part too, so "A, blank, A" is kept. */
		if (t->have_prev && raw_len == t->prev_len &&
		    (raw_len == 0 || memcmp(start, t->prev, raw_len) == 0))
			continue;
		t->prev = start;
		t->prev_len = raw_len;
		t->have_prev = true;

		memset(l, 0, sizeof(*l));
		l->indented = raw_len > 0 && is_blank_byte(start[0]);
		const char *s = start;
		size_t n = raw_len;
		trim(&s, &n);
		l->text = s;
		l->len = n;
		const char *colon = n ? memchr(s, ':', n) : NULL;
		if (colon) {
			l->has_label = true;
			l->label = s;
			l->label_len = (size_t)(colon - s);
			trim(&l->label, &l->label_len);
			l->value = colon + 1;
			l->value_len = n - (size_t)(colon + 1 - s);
			trim(&l->value, &l->value_len);
		}
		return true;
	}
}

/* Case-insensitive equality of [s, s+n) and [w, w+wl). */
static bool eqn(const char *s, size_t n, const char *w, size_t wl)
{
	if (n != wl)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] != w[i] && lower(s[i]) != lower(w[i]))
			return false;
	return true;
}

bool vnx_eq(const char *s, size_t n, const char *word)
{
	return eqn(s, n, word, strlen(word));
}

bool vnx_starts_with(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (n < pl)
		return false;
	return vnx_eq(s, pl, prefix);
}

bool vnx_line_is(const vnx_line *l, const char *label)
{
	return l->has_label && vnx_eq(l->label, l->label_len, label);
}

bool vnx_line_is_n(const vnx_line *l, const char *label, size_t label_len)
{
	return l->has_label && eqn(l->label, l->label_len, label, label_len);
}

bool vnx_is_blank(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!is_blank_byte(buf[i]) && buf[i] != '\n')
			return false;
	return true;
}

char *vnx_strndup(const char *s, size_t n)
{
	char *r = malloc(n + 1);
	if (!r)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		r[i] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
	}
	r[n] = '\0';
	return r;
}

int vnx_dup(char **out, const char *s, size_t n)
{
	*out = vnx_strndup(s, n);
	return *out ? 0 : VNX_PARSE_ENOMEM;
}

int vnx_set_str(char **out, const vnx_line *l)
{
	if (*out)
		return 0;
	if (l->value_len == 0 || vnx_eq(l->value, l->value_len, "N/A") ||
	    vnx_eq(l->value, l->value_len, "Not Applicable"))
		return 0;
	return vnx_dup(out, l->value, l->value_len);
}

int vnx_parse_i64(const char *s, size_t n, int64_t *out)
{
	trim(&s, &n);
	if (n == 0)
		return -1;
	bool neg = false;
	size_t i = 0;
	if (s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i >= n)
		return -1;
	uint64_t v = 0;
	/* Accumulate as the magnitude; INT64_MIN's magnitude is one more than
	 * INT64_MAX, so allow it only for negatives. */
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10u)
			return -1;
		v = v * 10u + d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

int vnx_parse_int(const char *s, size_t n, int *out)
{
	int64_t v;
	if (vnx_parse_i64(s, n, &v) < 0 || v < INT_MIN || v > INT_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

int vnx_parse_double(const char *s, size_t n, double *out)
{
	trim(&s, &n);
	if (n > 0 && s[n - 1] == '%') {
		n--;
		trim(&s, &n);
	}
	/* Only [-]digits[.digits], at most 63 bytes: no exponent, inf or nan.
	 * Converted by hand rather than with strtod, which would read past an
	 * unterminated buffer and follows the process locale (a gateway that
	 * called setlocale() could read "1.000" as 1). */
	if (n == 0 || n > 63)
		return -1;
	size_t i = 0;
	bool neg = false, dot = false;
	if (s[0] == '-') {
		neg = true;
		i = 1;
	}
	uint64_t m = 0;
	int frac = 0, dropped = 0, digits = 0;
	for (; i < n; i++) {
		if (s[i] == '.' && !dot) {
			dot = true;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		digits++;
		unsigned d = (unsigned)(s[i] - '0');
		if (m <= (UINT64_MAX - 9) / 10) {
			m = m * 10 + d;
			frac += dot;
		} else if (!dot) {
			dropped++; /* beyond 19 significant digits: keep the magnitude */
		}
	}
	if (digits == 0)
		return -1;
	double v = (double)m;
	for (int k = 0; k < dropped; k++)
		v *= 10.0;
	double p = 1.0;
	for (int k = 0; k < frac; k++)
		p *= 10.0;
	v /= p;
	if (!isfinite(v))
		return -1;
	*out = neg ? -v : v;
	return 0;
}

bool vnx_parse_yes(const char *s, size_t n)
{
	trim(&s, &n);
	return vnx_eq(s, n, "yes") || vnx_eq(s, n, "true") || vnx_eq(s, n, "on") ||
	       vnx_eq(s, n, "enabled");
}

char vnx_parse_sp(const char *s, size_t n)
{
	trim(&s, &n);
	if (vnx_starts_with(s, n, "SP")) {
		s += 2;
		n -= 2;
		trim(&s, &n);
	}
	if (n != 1)
		return '\0';
	char c = lower(s[0]);
	return c == 'a' ? 'A' : c == 'b' ? 'B' : '\0';
}

int vnx_parse_id_list(const char *s, size_t n, int64_t **out, size_t *count)
{
	int64_t *arr = NULL;
	size_t cnt = 0, cap = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ',' || is_blank_byte(s[i])))
			i++;
		size_t st = i;
		while (i < n && s[i] != ',' && !is_blank_byte(s[i]))
			i++;
		if (i == st)
			continue;
		int64_t v;
		if (vnx_parse_i64(s + st, i - st, &v) < 0)
			continue;
		if (vnx_grow((void **)&arr, &cap, cnt, sizeof(*arr)) < 0) {
			free(arr);
			return VNX_PARSE_ENOMEM;
		}
		arr[cnt++] = v;
	}
	*out = arr;
	*count = cnt;
	return 0;
}

int vnx_grow(void **arr, size_t *cap, size_t count, size_t elsize)
{
	if (count < *cap) {
		memset((char *)*arr + count * elsize, 0, elsize);
		return 0;
	}
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / elsize)
		return VNX_PARSE_ENOMEM;
	void *n = realloc(*arr, ncap * elsize);
	if (!n)
		return VNX_PARSE_ENOMEM;
	*arr = n;
	*cap = ncap;
	memset((char *)n + count * elsize, 0, elsize);
	return 0;
}

void vnx_init_fields(const vnx_field *tab, size_t n, void *rec)
{
	char *b = rec;
	for (size_t i = 0; i < n; i++) {
		switch (tab[i].type) {
		case VNX_F_I64: *(int64_t *)(void *)(b + tab[i].off) = -1; break;
		case VNX_F_INT: *(int *)(void *)(b + tab[i].off) = -1; break;
		case VNX_F_DBL: *(double *)(void *)(b + tab[i].off) = -1.0; break;
		default: break;
		}
	}
}

int vnx_apply_field(const vnx_field *tab, size_t n, void *rec, const vnx_line *l, bool *matched)
{
	char *b = rec;
	*matched = false;
	if (!l->has_label)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!eqn(l->label, l->label_len, tab[i].label, tab[i].label_len))
			continue;
		*matched = true;
		void *f = b + tab[i].off;
		switch (tab[i].type) {
		case VNX_F_STR:
			return vnx_set_str((char **)f, l);
		case VNX_F_I64: {
			int64_t v;
			if (*(int64_t *)f == -1 && vnx_parse_i64(l->value, l->value_len, &v) == 0)
				*(int64_t *)f = v;
			return 0;
		}
		case VNX_F_INT: {
			int v;
			if (*(int *)f == -1 && vnx_parse_int(l->value, l->value_len, &v) == 0)
				*(int *)f = v;
			return 0;
		}
		case VNX_F_DBL: {
			double v;
			if (*(double *)f < 0 && vnx_parse_double(l->value, l->value_len, &v) == 0)
				*(double *)f = v;
			return 0;
		}
		case VNX_F_BOOL:
			*(bool *)f = vnx_parse_yes(l->value, l->value_len);
			return 0;
		case VNX_F_SP:
			if (!*(char *)f)
				*(char *)f = vnx_parse_sp(l->value, l->value_len);
			return 0;
		case VNX_F_IDS: {
			int64_t **arr = f;
			size_t *cnt = (size_t *)(void *)(b + tab[i].off2);
			if (*arr)
				return 0;
			return vnx_parse_id_list(l->value, l->value_len, arr, cnt);
		}
		}
		return 0;
	}
	return 0;
}

void vnx_free_fields(const vnx_field *tab, size_t n, void *rec)
{
	char *b = rec;
	for (size_t i = 0; i < n; i++) {
		if (tab[i].type == VNX_F_STR || tab[i].type == VNX_F_IDS) {
			void **f = (void **)(void *)(b + tab[i].off);
			free(*f);
			*f = NULL;
		}
		if (tab[i].type == VNX_F_IDS)
			*(size_t *)(void *)(b + tab[i].off2) = 0;
	}
}

int vnx_check_args(const char *buf, size_t len, const void *out, const size_t *count)
{
	if (!out || !count || (!buf && len > 0))
		return VNX_PARSE_EINVAL;
	if (len > VNX_PARSE_MAX_INPUT)
		return VNX_PARSE_E2BIG;
	return 0;
}

const char *vnx_parse_strerror(int rc)
{
	switch (rc) {
	case VNX_PARSE_OK: return "ok";
	case VNX_PARSE_EINVAL: return "invalid arguments";
	case VNX_PARSE_ENOMEM: return "out of memory";
	case VNX_PARSE_EFORMAT: return "output holds no record of the expected kind";
	case VNX_PARSE_E2BIG: return "input too large";
	default: return "unknown error";
	}
}
