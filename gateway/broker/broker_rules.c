/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_rules.c - the input rules shared by the service, the broker and
 * the CLI (see broker_rules.h for the rules and why they live in one place).
 *
 * Pure functions on purpose: the CLI compiles this file without the rest of
 * the broker, so it may use nothing but the C library.  Character classes
 * are spelled out in ASCII instead of <ctype.h> so that a locale can never
 * widen what is accepted.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "broker_rules.h"

static int refuse(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int is_alnum(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

int broker_rule_name(const char *name, size_t max, char *why, size_t whylen)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0)
		return refuse(why, whylen, "required");
	if (n > max)
		return refuse(why, whylen, "longer than %zu characters", max);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (!is_alnum(ch) && ch != '.' && ch != '_' && ch != '-')
			return refuse(why, whylen,
				      "'%s' may hold only letters, digits, '.', '_' and '-'", name);
	}
	if (!is_alnum((unsigned char)name[0]))
		return refuse(why, whylen, "'%s' must start with a letter or digit", name);
	return 0;
}

int broker_rule_user_name(const char *name, char *why, size_t whylen)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > BROKER_RULE_USER_NAME_MAX)
		return refuse(why, whylen, "1 to %d characters", BROKER_RULE_USER_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];
		if (!is_alnum(ch) && ch != '.' && ch != '_' && ch != '@' && ch != '-')
			return refuse(why, whylen,
				      "'%s' may hold only letters, digits, '.', '_', '@' and '-'",
				      name);
	}
	return 0;
}

int broker_rule_password(const char *password, char *why, size_t whylen)
{
	size_t n = password ? strlen(password) : 0;

	if (n < BROKER_RULE_PASSWORD_MIN || n > BROKER_RULE_PASSWORD_MAX)
		return refuse(why, whylen, "%d to %d characters", BROKER_RULE_PASSWORD_MIN,
			      BROKER_RULE_PASSWORD_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)password[i];
		if (ch < 0x20 || ch == 0x7f)
			return refuse(why, whylen, "control characters are not allowed");
	}
	return 0;
}

int broker_rule_size_mb(long long size_mb, char *why, size_t whylen)
{
	if (size_mb <= 0 || size_mb > BROKER_RULE_SIZE_MB_MAX)
		return refuse(why, whylen, "%lld MB is out of range 1..%lld", size_mb,
			      BROKER_RULE_SIZE_MB_MAX);
	return 0;
}

int broker_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	unsigned lo = 0x80, hi = 0xbf;
	int len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* beyond U+10FFFF */
	} else {
		return 0; /* continuation byte, C0/C1 (overlong), F5..FF */
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/* A key name or a collection: 1..max of [A-Za-z0-9._:-]. */
static int rule_label(const char *v, size_t max, char *why, size_t whylen)
{
	size_t n = v ? strlen(v) : 0;

	if (n == 0)
		return refuse(why, whylen, "required (1 to %zu characters)", max);
	if (n > max)
		return refuse(why, whylen, "longer than %zu characters", max);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!is_alnum(ch) && ch != '.' && ch != '_' && ch != ':' && ch != '-')
			return refuse(why, whylen,
				      "may hold only letters, digits, '.', '_', ':' and '-' "
				      "(1 to %zu characters)", max);
	}
	return 0;
}

int broker_rule_key_name(const char *name, char *why, size_t whylen)
{
	return rule_label(name, BROKER_RULE_KEY_NAME_MAX, why, whylen);
}

int broker_rule_collection(const char *collection, char *why, size_t whylen)
{
	return rule_label(collection, BROKER_RULE_COLLECTION_MAX, why, whylen);
}

int broker_rule_text(const char *text, size_t max, char *why, size_t whylen)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = text ? strlen(text) : 0, i = 0;

	if (!text)
		return refuse(why, whylen, "required");
	if (n > max)
		return refuse(why, whylen, "%zu bytes, more than the limit of %zu bytes", n, max);
	while (i < n) {
		unsigned cp = 0;
		int l = broker_utf8_decode(p + i, n - i, &cp);
		if (l <= 0)
			return refuse(why, whylen, "not valid UTF-8 (byte %zu)", i);
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xfffe ||
		    cp == 0xffff)
			return refuse(why, whylen, "character U+%04X at byte %zu is not allowed in XML",
				      cp, i);
		i += (size_t)l;
	}
	return 0;
}
