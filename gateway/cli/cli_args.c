/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_args.c - the option parser every slgw command shares.
 *
 * Each command declares the options it accepts as a short spec string
 * ("name=,size=,force,initiator=*"), so a typo is an error naming the
 * option instead of being ignored, and --help can list what is accepted.
 * getopt_long would need one struct option table per command; a spec
 * string per command keeps the command table readable.
 */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* spec_lookup: 0 flag, 1 takes a value, 2 repeatable value, -1 unknown. */
static int spec_lookup(const char *spec, const char *name, size_t namelen)
{
	const char *p = spec;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t base = strcspn(p, "=,");

		if (base == namelen && strncmp(p, name, namelen) == 0) {
			if (base == len)
				return 0;
			if (len >= base + 2 && p[base + 1] == '*')
				return 2;
			return 1;
		}
		p = end ? end + 1 : NULL;
	}
	return -1;
}

int cli_args_parse(struct cli_args *out, int argc, char **argv, const char *spec,
		   char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *eq, *name;
		size_t namelen;
		int kind;

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++) {
				if (out->npos >= CLI_MAX_POS) {
					snprintf(err, errlen, "too many arguments");
					return -1;
				}
				out->pos[out->npos++] = argv[i];
			}
			break;
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			if (out->npos >= CLI_MAX_POS) {
				snprintf(err, errlen, "too many arguments");
				return -1;
			}
			out->pos[out->npos++] = a;
			continue;
		}
		name = a + 2;
		eq = strchr(name, '=');
		namelen = eq ? (size_t)(eq - name) : strlen(name);
		kind = spec_lookup(spec, name, namelen);
		if (kind < 0) {
			snprintf(err, errlen, "unknown option --%.*s", (int)(namelen > 60 ? 60 : namelen), name);
			return -1;
		}
		if (out->nopt >= CLI_MAX_OPTS) {
			snprintf(err, errlen, "too many options");
			return -1;
		}
		if (kind == 0 && eq) {
			snprintf(err, errlen, "option --%.*s takes no value", (int)namelen, name);
			return -1;
		}
		/* The name is stored pointing into the spec so it is NUL-ended. */
		{
			const char *p = spec;

			while (p) {
				if (strncmp(p, name, namelen) == 0 &&
				    (p[namelen] == ',' || p[namelen] == '=' || p[namelen] == '\0'))
					break;
				p = strchr(p, ',');
				if (p)
					p++;
			}
			out->opt[out->nopt].name = p;
		}
		if (kind == 1) {
			for (int j = 0; j < out->nopt; j++) {
				if (out->opt[j].name == out->opt[out->nopt].name) {
					snprintf(err, errlen, "option --%.*s given twice", (int)namelen, name);
					return -1;
				}
			}
		}
		if (kind == 0) {
			out->opt[out->nopt].value = NULL;
		} else if (eq) {
			out->opt[out->nopt].value = eq + 1;
		} else {
			if (i + 1 >= argc) {
				snprintf(err, errlen, "option --%.*s needs a value", (int)namelen, name);
				return -1;
			}
			out->opt[out->nopt].value = argv[++i];
		}
		out->nopt++;
	}
	return 0;
}

static bool opt_is(const struct cli_opt *o, const char *name)
{
	size_t n = strlen(name);

	return strncmp(o->name, name, n) == 0 && strcspn(o->name, "=,") == n;
}

const char *cli_arg(const struct cli_args *a, const char *name)
{
	const char *v = NULL;

	for (int i = 0; i < a->nopt; i++)
		if (opt_is(&a->opt[i], name) && a->opt[i].value)
			v = a->opt[i].value;
	return v;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < a->nopt; i++)
		if (opt_is(&a->opt[i], name))
			return true;
	return false;
}

const char *cli_arg_nth(const struct cli_args *a, const char *name, int n)
{
	for (int i = 0; i < a->nopt; i++)
		if (opt_is(&a->opt[i], name) && a->opt[i].value && n-- == 0)
			return a->opt[i].value;
	return NULL;
}

long long cli_parse_size_mb(const char *s)
{
	char *end;
	long long v, mul = 1;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v <= 0)
		return -1;
	if (*end) {
		if (end[1] != '\0' && !(end[1] == 'B' && end[2] == '\0') &&
		    !(end[1] == 'i' && end[2] == 'B' && end[3] == '\0'))
			return -1;
		switch (*end) {
		case 'M': case 'm': mul = 1; break;
		case 'G': case 'g': mul = 1024; break;
		case 'T': case 't': mul = 1024 * 1024; break;
		default: return -1;
		}
	}
	if (v > LLONG_MAX / mul)
		return -1;
	return v * mul;
}

int cli_parse_int(const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}
