/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_config.c - where slgw's connection settings come from.
 *
 * Three layers, the first that gives a setting wins: command-line flags,
 * the environment (SLGW_SERVER, SLGW_USER, SLGW_PASSWORD, SLGW_CACERT,
 * SLGW_FINGERPRINT), then the config file (~/.config/slgw/config). The file
 * may hold a password, so it is refused unless only its owner can read it,
 * the way ssh treats private keys: a readable secret is a leaked secret.
 * The file is parsed as plain "key = value" lines; nothing is expanded.
 * Secrets not in a file are asked on the terminal with echo off, by one
 * routine (cli_tty_ask) for the login password and every command's secrets.
 * What a server address or a fingerprint may look like is the client
 * library's rule (slgw_client.h); this file only finds the settings.
 */
#include "cli.h"
#include "slgw_client.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* Messages go through snprintf with literal formats only. */
#define set_err(err, len, ...) snprintf((err), (len), __VA_ARGS__)

static char *trim(char *s)
{
	char *e;

	while (*s && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The keys of a configuration file and the setting each fills. */
static const struct {
	const char *key;
	size_t off; /* of a const char * in struct cli_layer */
} layer_keys[] = {
	{ "server", offsetof(struct cli_layer, server) },
	{ "user", offsetof(struct cli_layer, user) },
	{ "password", offsetof(struct cli_layer, password) },
	{ "cacert", offsetof(struct cli_layer, cacert) },
	{ "fingerprint", offsetof(struct cli_layer, fingerprint) },
};

int cli_config_read_file(struct cli_layer *out, const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;
	char line[1024];
	int fd, lineno = 0;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		set_err(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	/* Checked on the open descriptor, so the file cannot be swapped
	 * between the check and the read. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		set_err(err, errlen, "%s is not a regular file%s", path, "");
		return -1;
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		set_err(err, errlen, "%s is not owned by you; refusing to use it%s", path, "");
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		set_err(err, errlen,
			"%s is accessible by group or others; it may hold a password: run chmod 600 %s",
			path, path);
		return -1;
	}
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		set_err(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *k, *v, *eq;
		const char **slot = NULL;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path, lineno);
			goto bad;
		}
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected 'key = value'", path, lineno);
			goto bad;
		}
		*eq = '\0';
		v = trim(eq + 1);
		k = trim(k);
		for (size_t i = 0; !slot && i < sizeof(layer_keys) / sizeof(layer_keys[0]); i++)
			if (strcmp(k, layer_keys[i].key) == 0)
				slot = (const char **)(void *)((char *)out + layer_keys[i].off);
		if (!slot) {
			snprintf(err, errlen, "%s:%d: unknown key '%.40s' (server, user, password, cacert, fingerprint)",
				 path, lineno, k);
			goto bad;
		}
		free((char *)*slot);
		*slot = strdup(v);
		if (!*slot) {
			snprintf(err, errlen, "out of memory");
			goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fclose(f);
	cli_layer_strings_free(out);
	return -1;
}

void cli_layer_strings_free(struct cli_layer *l)
{
	if (l->password)
		explicit_bzero((char *)l->password, strlen(l->password));
	free((char *)l->server);
	free((char *)l->user);
	free((char *)l->password);
	free((char *)l->cacert);
	free((char *)l->fingerprint);
	memset(l, 0, sizeof(*l));
}

static const char *pick(const char *a, const char *b, const char *c)
{
	if (a && *a)
		return a;
	if (b && *b)
		return b;
	if (c && *c)
		return c;
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int cli_settings_resolve(struct cli_settings *out, const struct cli_layer *flags,
			 const struct cli_layer *env, const struct cli_layer *file,
			 bool allow_http, char *err, size_t errlen)
{
	static const struct cli_layer none;

	if (!flags)
		flags = &none;
	if (!env)
		env = &none;
	if (!file)
		file = &none;
	memset(out, 0, sizeof(*out));
	out->allow_http = allow_http;
	out->server = dup_or_null(pick(flags->server, env->server, file->server));
	out->user = dup_or_null(pick(flags->user, env->user, file->user));
	out->password = dup_or_null(pick(flags->password, env->password, file->password));
	out->cacert = dup_or_null(pick(flags->cacert, env->cacert, file->cacert));
	out->fingerprint = dup_or_null(pick(flags->fingerprint, env->fingerprint, file->fingerprint));
	if (!out->server) {
		snprintf(err, errlen,
			 "no server: give --server, set SLGW_SERVER, or put 'server = host:port' in the config file");
		goto fail;
	}
	if (!out->user) {
		snprintf(err, errlen, "no user: give --user, set SLGW_USER, or put 'user = name' in the config file");
		goto fail;
	}
	/* The address rules and the fingerprint form are the client
	 * library's: one definition for the CLI and the plugin. */
	if (slgw_client_parse_servers(&out->endpoint, out->server, allow_http, err, errlen) != 0)
		goto fail;
	if (out->fingerprint) {
		char fp[65];

		if (slgw_client_parse_fingerprint(fp, out->fingerprint) != 0) {
			snprintf(err, errlen,
				 "fingerprint must be a SHA-256 digest: 64 hex digits, colons allowed");
			goto fail;
		}
		memcpy(out->fingerprint, fp, sizeof(fp));
	}
	return 0;
fail:
	cli_settings_free(out);
	return -1;
}

void cli_settings_free(struct cli_settings *s)
{
	if (s->password)
		explicit_bzero(s->password, strlen(s->password));
	free(s->server);
	free(s->endpoint);
	free(s->user);
	free(s->password);
	free(s->cacert);
	free(s->fingerprint);
	memset(s, 0, sizeof(*s));
}

/* base followed by rest, malloc'ed; NULL when out of memory. */
static char *path_join(const char *base, const char *rest)
{
	size_t n = strlen(base) + strlen(rest) + 1;
	char *out = malloc(n);

	if (out)
		snprintf(out, n, "%s%s", base, rest);
	return out;
}

char *cli_config_default_path(void)
{
	const char *p = getenv("SLGW_CONFIG"), *base;

	if (p && *p)
		return strdup(p);
	base = getenv("XDG_CONFIG_HOME");
	if (base && *base == '/')
		return path_join(base, "/slgw/config");
	base = getenv("HOME");
	if (!base || *base != '/')
		return NULL;
	return path_join(base, "/.config/slgw/config");
}

char *cli_read_secret_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char buf[512];
	char *out;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "cannot open %.200s: %s", path, strerror(errno));
		return NULL;
	}
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		snprintf(err, errlen, "%.200s is empty", path);
		return NULL;
	}
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n == 0) {
		snprintf(err, errlen, "%.200s: the first line is empty", path);
		return NULL;
	}
	out = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	if (!out)
		snprintf(err, errlen, "out of memory");
	return out;
}

int cli_tty_ask(char *buf, size_t len, const char *fmt, ...)
{
	struct termios old, noecho;
	FILE *tty = fopen("/dev/tty", "r+e");
	va_list ap;

	if (!tty)
		return -1;
	va_start(ap, fmt);
	vfprintf(tty, fmt, ap);
	va_end(ap);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	noecho = old;
	noecho.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &noecho);
	if (!fgets(buf, (int)len, tty))
		buf[0] = '\0';
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return 0;
}
