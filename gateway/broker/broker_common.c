/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_common.c - the helpers the resource files share: request-id
 * parsing, paging, array names and tenant scoping (one rule: a tenant sees
 * its own records, and what it may not see answers NOT_FOUND exactly like
 * what does not exist), which programs and security files the
 * configuration allows, monotonic deadlines, and the array of a volume.
 * Every broker file may call them: they sit under all the others, which is
 * what keeps the broker free of call cycles.
 *
 * It calls only the store and broker_status.c, never another broker file.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "broker_internal.h"
#include "broker_rules.h"

/* --------------------------------------------------------------- helpers */

int broker_parse_id(int64_t *out, const char *id, const char *field, struct broker_status *st)
{
	*out = 0;
	if (!id || !*id)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s is required", field);
	if (strlen(id) > 19)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s \"%.40s\" is not a valid id",
				   field, id);
	int64_t v = 0;
	for (const char *p = id; *p; p++) {
		if (*p < '0' || *p > '9')
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
					   "%s \"%.40s\" is not a valid id (decimal digits expected)",
					   field, id);
		if (v > (INT64_MAX - 9) / 10)
			return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s \"%.40s\" is out of range",
					   field, id);
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s \"%s\" is not a valid id", field, id);
	*out = v;
	return 0;
}

int broker_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n > 0) {
		unsigned cp;
		int len = broker_utf8_decode(p, n, &cp);
		if (len <= 0)
			return 0;
		p += len;
		n -= (size_t)len;
	}
	return 1;
}

void broker_lun_name(char *buf, size_t len, broker *b, int64_t volume_id)
{
	broker_name_make(buf, len, store_instance_id(b->s), BROKER_NAME_LUN, volume_id);
}

void broker_volume_lun_name(char *buf, size_t len, broker *b, const store_volume *v)
{
	if (v->lun_name && *v->lun_name && strlen(v->lun_name) < len)
		snprintf(buf, len, "%s", v->lun_name);
	else
		broker_lun_name(buf, len, b, v->id);
}

void broker_object_key(char *buf, size_t len, const char *type, int64_t id)
{
	snprintf(buf, len, "%s/%" PRId64, type, id);
}

#define PAGE_DEFAULT 100
#define PAGE_MAX 1000

int broker_page_decode(store_filter *f, const struct broker_page *p, struct broker_status *st)
{
	f->after = 0;
	f->limit = PAGE_DEFAULT;
	if (!p)
		return 0;
	if (p->limit > 0)
		f->limit = p->limit > PAGE_MAX ? PAGE_MAX : (size_t)p->limit;
	if (p->page_token && *p->page_token) {
		int64_t after;
		if (broker_parse_id(&after, p->page_token, "page token", st))
			return -(int)SLGW_INVALID_ARGUMENT;
		f->after = after;
	}
	return 0;
}

int broker_filter_tenant(store_filter *f, const struct broker_caller *c, struct broker_status *st)
{
	if (c->is_admin)
		return 0;
	if (c->tenant_id <= 0)
		return broker_fail(st, SLGW_PERMISSION_DENIED, "user has no tenant");
	f->tenant_id = c->tenant_id;
	return 0;
}

char *broker_page_next(int64_t last_id, size_t n, size_t limit)
{
	if (n == 0 || n < limit)
		return NULL;
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, last_id);
	return strdup(buf);
}

int broker_list_open(store_filter *f, size_t *n_out, char **next_page_token,
		     const struct broker_page *page, struct broker_status *st)
{
	*n_out = 0;
	if (next_page_token)
		*next_page_token = NULL;
	memset(f, 0, sizeof(*f));
	if (broker_page_decode(f, page, st))
		return -(int)st->code;
	return 0;
}

int broker_list_done(char **next_page_token, int rc, const char *what, const store_filter *f,
		     size_t n, int64_t last_id, struct broker_status *st)
{
	if (rc)
		return broker_fail_store(st, rc, what);
	if (next_page_token && n)
		*next_page_token = broker_page_next(last_id, n, f->limit);
	broker_ok(st);
	return 0;
}

store *broker_store(broker *b)
{
	return b->s;
}

/* --------------------------------------------------------------- scoping */

int broker_require_admin(const struct broker_caller *c, const char *what, struct broker_status *st)
{
	if (c && c->is_admin)
		return 0;
	return broker_fail(st, SLGW_PERMISSION_DENIED, "%s needs the admin role", what);
}

int broker_visible(const struct broker_caller *c, int64_t owner_tenant_id)
{
	if (!c)
		return 0;
	if (c->is_admin)
		return 1;
	return c->tenant_id > 0 && owner_tenant_id == c->tenant_id;
}

int broker_owner_tenant(int64_t *out, broker *b, const struct broker_caller *c,
			const char *requested_tenant_id, struct broker_status *st)
{
	*out = 0;
	if (!c->is_admin) {
		if (c->tenant_id <= 0)
			return broker_fail(st, SLGW_PERMISSION_DENIED,
					   "user %s has no tenant", c->user ? c->user : "?");
		if (requested_tenant_id && *requested_tenant_id) {
			int64_t t;
			if (broker_parse_id(&t, requested_tenant_id, "tenant id", st))
				return -(int)st->code;
			if (t != c->tenant_id)
				return broker_fail(st, SLGW_NOT_FOUND, "tenant %s not found",
						   requested_tenant_id);
		}
		*out = c->tenant_id;
		return 0;
	}
	if (!requested_tenant_id || !*requested_tenant_id)
		return 0;
	int64_t t;
	if (broker_parse_id(&t, requested_tenant_id, "tenant id", st))
		return -(int)st->code;
	store_tenant *ten = NULL;
	int rc = store_tenant_get(&ten, b->s, t);
	if (rc == STORE_ENOTFOUND)
		return broker_fail(st, SLGW_NOT_FOUND, "tenant %s not found", requested_tenant_id);
	if (rc)
		return broker_fail_store(st, rc, "reading tenant");
	store_tenant_free(ten);
	*out = t;
	return 0;
}

int broker_scope_volume(store_volume **out, broker *b, const struct broker_caller *c,
			const char *volume_id, struct broker_status *st)
{
	*out = NULL;
	int64_t id;
	if (broker_parse_id(&id, volume_id, "volume id", st))
		return -(int)st->code;
	store_volume *v = NULL;
	int rc = store_volume_get(&v, b->s, id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && (v->state == STORE_STATE_DELETED ||
						  !broker_visible(c, v->tenant_id)))) {
		store_volume_free(v);
		return broker_fail(st, SLGW_NOT_FOUND, "volume %s not found", volume_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading volume");
	*out = v;
	return 0;
}

/* 1 when tenant has a grant on at least one pool of system_id. */
static int tenant_has_system(broker *b, int64_t tenant_id, int64_t system_id)
{
	store_filter f = { .tenant_id = tenant_id, .system_id = system_id, .limit = 1 };
	store_grant_usage *g = NULL;
	size_t n = 0;
	if (store_grant_usage_list(&g, &n, b->s, &f))
		return 0;
	store_grant_usage_array_free(g, n);
	return n > 0;
}

int broker_scope_system(store_system **out, broker *b, const struct broker_caller *c,
			const char *system_id, struct broker_status *st)
{
	*out = NULL;
	int64_t id;
	if (broker_parse_id(&id, system_id, "storage system id", st))
		return -(int)st->code;
	store_system *sys = NULL;
	int rc = store_system_get(&sys, b->s, id);
	if (rc == STORE_ENOTFOUND ||
	    (rc == 0 && !c->is_admin && !tenant_has_system(b, c->tenant_id, id))) {
		store_system_free(sys);
		return broker_fail(st, SLGW_NOT_FOUND, "storage system %s not found", system_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading storage system");
	*out = sys;
	return 0;
}

int broker_filter_volume(store_filter *f, broker *b, const struct broker_caller *c,
			 const char *volume_id, struct broker_status *st)
{
	store_volume *v = NULL;

	if (!volume_id || !*volume_id)
		return 0;
	if (broker_scope_volume(&v, b, c, volume_id, st))
		return -(int)st->code;
	f->volume_id = v->id;
	store_volume_free(v);
	return 0;
}

/* ------------------------------------------------------ programs and files */

/* An absolute path without control characters, at most 1024 bytes: what
 * the configuration may name as a naviseccli program or a security file. */
int broker_valid_path(const char *s)
{
	if (!s || s[0] != '/' || strlen(s) > 1024)
		return 0;
	for (const char *p = s; *p; p++)
		if (iscntrl((unsigned char)*p))
			return 0;
	return 1;
}

int broker_cli_allowed(const broker *b, const char *path)
{
	if (!path || !broker_valid_path(path))
		return 0;
	if (b->naviseccli_default && strcmp(path, b->naviseccli_default) == 0)
		return 1;
	for (const char *const *p = b->cfg.allow_cli; p && *p; p++)
		if (strcmp(path, *p) == 0)
			return 1;
	return 0;
}

/* 1 when path has no empty, "." or ".." component (nothing that could
 * climb out of a directory it seems to be below). */
static int path_is_plain(const char *path)
{
	for (const char *p = path; *p;) {
		const char *c = p + 1; /* past the '/' */
		size_t n = strcspn(c, "/");
		if (n == 0 && c[0] == '/')
			return 0; /* "//" */
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return 0;
		p = c + n;
	}
	return 1;
}

/* 1 when path is dir or below it, by whole components. */
static int path_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return 1;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

int broker_secfile_allowed(const broker *b, const char *path)
{
	if (!path || !broker_valid_path(path) || !path_is_plain(path))
		return 0;
	const char *const *dirs = b->cfg.allow_secfile_dirs;
	if (!dirs || !*dirs)
		return path_within(path, BROKER_DEFAULT_SECFILE_DIR);
	for (const char *const *p = dirs; *p; p++)
		if (**p == '/' && path_within(path, *p))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ time */

/* Milliseconds on CLOCK_MONOTONIC, for intervals and deadlines. */
long long broker_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The monotonic deadline ms from now, for a condition variable made by
 * broker_cond_init. */
struct timespec broker_deadline_in(long long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

void broker_cond_init(pthread_cond_t *cv)
{
	pthread_condattr_t a;
	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
}

/* -------------------------------------------------------------- lookups */

int broker_volume_system_id(int64_t *sys_id, store *s, int64_t vol_id, struct broker_status *st)
{
	store_volume *v = NULL;
	int rc = store_volume_get(&v, s, vol_id);
	if (rc)
		return broker_fail_store(st, rc, "volume");
	*sys_id = v->system_id;
	store_volume_free(v);
	return 0;
}
