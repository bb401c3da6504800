/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_state.c - the fake host's root, lock and state document, and the small
 * file helpers everything else uses.
 *
 * The state is one JSON file rewritten whole (temp file + rename) at the end
 * of an invocation that changed it; the flock on ROOT/run/fakehost/lock is
 * held from load to save, so the tools and the poller see each other's
 * changes whole.  Paths are always built under the root with fh_path, which
 * refuses what does not fit instead of truncating.
 */
#include "fakehost.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int fh_hex_digits(char *out, size_t n, const char *s)
{
	size_t k = 0;
	for (; *s; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s) || k >= n)
			return -1;
		out[k++] = (char)tolower((unsigned char)*s);
	}
	out[k] = '\0';
	return k == n ? 0 : -1;
}

const char *fh_env_root(void)
{
	const char *r = getenv("FAKEHOST_ROOT");
	if (!r || !*r)
		r = getenv("SLGW_XS_ROOT");
	return r && *r ? r : NULL;
}

int fh_path(char *out, size_t len, const fh_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(out, len, "%s/", c->root), m;

	if (n < 0 || (size_t)n >= len)
		return -1;
	va_start(ap, fmt);
	m = vsnprintf(out + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return m < 0 || (size_t)m >= len - (size_t)n ? -1 : 0;
}

int fh_mkdirs(const char *path, unsigned mode)
{
	char buf[FH_PATH_MAX];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, mode) && errno != EEXIST ? -1 : 0;
}

int fh_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs(text, f) < 0 ? -1 : 0;
	if (fclose(f))
		rc = -1;
	return rc;
}

int fh_read_file(char *out, size_t len, const char *path)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f || len == 0)
		return f ? (fclose(f), -1) : -1;
	n = fread(out, 1, len - 1, f);
	fclose(f);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

int fh_symlink(const char *target, const char *link)
{
	if (unlink(link) && errno != ENOENT)
		return -1;
	return symlink(target, link);
}

int fh_rm_rf(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char sub[FH_PATH_MAX];
	int rc = 0;

	if (lstat(path, &sb))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >= sizeof(sub) || fh_rm_rf(sub))
			rc = -1;
	}
	closedir(d);
	return rmdir(path) ? -1 : rc;
}

json_t *fh_arr(json_t *o, const char *key)
{
	json_t *a = json_object_get(o, key);
	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(o, key, a);
	}
	return a;
}

const char *fh_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

long long fh_int(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

long long fh_next(fh_ctx *c, const char *key)
{
	long long v = fh_int(c->st, key);
	if (v < 1)
		v = 1;
	json_object_set_new(c->st, key, json_integer(v + 1));
	c->dirty = 1;
	return v;
}

int fh_open(fh_ctx *c, const char *root)
{
	char p[FH_PATH_MAX];
	json_error_t je;
	struct stat sb;

	memset(c, 0, sizeof(*c));
	c->lock_fd = -1;
	if (!root || !*root) {
		fprintf(stderr, "fakehost: FAKEHOST_ROOT (or SLGW_XS_ROOT) is not set; the fake host "
				"never works on the real /\n");
		return -1;
	}
	if (strlen(root) >= sizeof(c->root) - 256) {
		fprintf(stderr, "fakehost: root path too long\n");
		return -1;
	}
	snprintf(c->root, sizeof(c->root), "%s", root);
	/* The root is the test's: never made here, so a tool or a poller left
	 * running cannot bring back a tree its test has removed. */
	if (stat(root, &sb) || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "fakehost: the root %s is not a directory\n", root);
		return -1;
	}
	if (fh_path(p, sizeof(p), c, "run/fakehost") || fh_mkdirs(p, 0755)) {
		fprintf(stderr, "fakehost: cannot create %s/run/fakehost: %s\n", root, strerror(errno));
		return -1;
	}
	fh_path(p, sizeof(p), c, "run/fakehost/lock");
	c->lock_fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (c->lock_fd < 0 || flock(c->lock_fd, LOCK_EX)) {
		fprintf(stderr, "fakehost: cannot lock %s: %s\n", p, strerror(errno));
		if (c->lock_fd >= 0)
			close(c->lock_fd);
		c->lock_fd = -1;
		return -1;
	}
	fh_path(p, sizeof(p), c, "run/fakehost/state.json");
	if (access(p, F_OK) == 0) {
		c->st = json_load_file(p, 0, &je);
		if (!json_is_object(c->st)) {
			fprintf(stderr, "fakehost: %s is not a JSON object: %s\n", p, je.text);
			json_decref(c->st);
			c->st = NULL;
		}
	} else {
		c->st = json_object();
	}
	if (!c->st) {
		close(c->lock_fd);
		c->lock_fd = -1;
		return -1;
	}
	return 0;
}

int fh_close(fh_ctx *c)
{
	char p[FH_PATH_MAX], tmp[FH_PATH_MAX];
	int rc = 0;

	if (c->st && c->dirty) {
		if (fh_path(p, sizeof(p), c, "run/fakehost/state.json") ||
		    fh_path(tmp, sizeof(tmp), c, "run/fakehost/state.json.tmp") ||
		    json_dump_file(c->st, tmp, JSON_INDENT(1) | JSON_SORT_KEYS) || rename(tmp, p)) {
			fprintf(stderr, "fakehost: cannot save the state under %s\n", c->root);
			rc = -1;
		}
	}
	json_decref(c->st);
	c->st = NULL;
	if (c->lock_fd >= 0)
		close(c->lock_fd);
	c->lock_fd = -1;
	return rc;
}
