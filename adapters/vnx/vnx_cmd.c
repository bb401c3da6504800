/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_cmd.c - builders of naviseccli command argv arrays.
 *
 * Each builder validates its inputs first and only then assembles words, so
 * a failure never leaves half a command behind.  Words are pushed through
 * push()/pushf(), which remember the first allocation failure in the command
 * (c->argc stays consistent) and let the builder check once at the end:
 * that keeps every builder a straight list of words that reads like the
 * naviseccli syntax in reference/vnx.md.
 */
#include "vnx_cmd.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest object name we pass; VNX itself allows far less for most objects,
 * the array then answers invalid_args, which is the right outcome. */
#define VNX_NAME_MAX 255

void vnx_cmd_clear(struct vnx_cmd *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->argc; i++)
		free(c->argv[i]);
	if (c->check) {
		vnx_cmd_clear(c->check);
		free(c->check);
	}
	memset(c, 0, sizeof(*c));
}

static int printable_ascii(const char *s, int allow_space)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			return 0;
		if (*p == ' ' && !allow_space)
			return 0;
	}
	return 1;
}

int vnx_check_name(const char *s)
{
	size_t n;

	if (!s)
		return -SLGW_AERR_INVALID_ARGS;
	n = strlen(s);
	/* A leading '-' would be read as an option; leading/trailing blanks are
	 * trimmed by naviseccli's own output and would break name lookups. */
	if (n == 0 || n > VNX_NAME_MAX || s[0] == '-' || s[0] == ' ' || s[n - 1] == ' ')
		return -SLGW_AERR_INVALID_ARGS;
	return printable_ascii(s, 1) ? 0 : -SLGW_AERR_INVALID_ARGS;
}

int vnx_check_token(const char *s)
{
	size_t n;

	if (!s)
		return -SLGW_AERR_INVALID_ARGS;
	n = strlen(s);
	if (n == 0 || n > VNX_NAME_MAX || s[0] == '-')
		return -SLGW_AERR_INVALID_ARGS;
	return printable_ascii(s, 0) ? 0 : -SLGW_AERR_INVALID_ARGS;
}

int vnx_check_ip(const char *s)
{
	unsigned char buf[16];

	if (!s || strlen(s) > 63)
		return -SLGW_AERR_INVALID_ARGS;
	if (inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1)
		return 0;
	return -SLGW_AERR_INVALID_ARGS;
}

/* ---- word assembly ---- */

/* Appends a copy of w; on overflow or no memory marks the command broken by
 * setting argc past the limit (checked by finish()). */
static void push(struct vnx_cmd *c, const char *w)
{
	char *copy;

	if (c->argc >= VNX_CMD_MAX_WORDS) {
		c->argc = VNX_CMD_MAX_WORDS + 1;
		return;
	}
	copy = strdup(w);
	if (!copy) {
		/* Remember the failure without losing track of what to free. */
		c->name = NULL;
		return;
	}
	c->argv[c->argc++] = copy;
}

static void pushf(struct vnx_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void pushf(struct vnx_cmd *c, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	push(c, buf);
}

static void start(struct vnx_cmd *c, const char *name, int modify, int idempotent)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->modify = modify;
	c->idempotent = idempotent;
}

/* Ends a build: 0, or clears the command and reports why it failed. */
static int finish(struct vnx_cmd *c)
{
	if (c->argc > VNX_CMD_MAX_WORDS || !c->name) {
		if (c->argc > VNX_CMD_MAX_WORDS)
			c->argc = VNX_CMD_MAX_WORDS;
		vnx_cmd_clear(c);
		return -SLGW_AERR_UNKNOWN;
	}
	c->argv[c->argc] = NULL;
	return 0;
}

/* Attaches a landed-check command built by fn. */
static int attach_check(struct vnx_cmd *c, struct vnx_cmd *check, int rc)
{
	if (rc) {
		free(check);
		vnx_cmd_clear(c);
		return rc;
	}
	/* A stale (-np) answer could hide a create that landed. */
	check->fresh = 1;
	c->check = check;
	return 0;
}

static int lun_ref_ok(struct slgw_lun_ref ref)
{
	return ref.id >= 0 || vnx_check_name(ref.name) == 0;
}

static void push_lun_ref(struct vnx_cmd *c, struct slgw_lun_ref ref)
{
	if (ref.id >= 0) {
		push(c, "-l");
		pushf(c, "%d", ref.id);
	} else {
		push(c, "-name");
		push(c, ref.name);
	}
}

/* naviseccli takes whole numbers with a unit; gb keeps the common case
 * readable and matches the syntax every VNX release accepts, mb covers the
 * rest. */
static void push_capacity(struct vnx_cmd *c, uint64_t size_mb)
{
	push(c, "-capacity");
	if (size_mb % 1024 == 0) {
		pushf(c, "%llu", (unsigned long long)(size_mb / 1024));
		push(c, "-sq");
		push(c, "gb");
	} else {
		pushf(c, "%llu", (unsigned long long)size_mb);
		push(c, "-sq");
		push(c, "mb");
	}
}

static int norm_sp(char sp)
{
	if (sp == 'A' || sp == 'a')
		return 'A';
	if (sp == 'B' || sp == 'b')
		return 'B';
	return 0;
}

/* ---- discovery / lists ---- */

int vnx_cmd_getagent(struct vnx_cmd *out)
{
	start(out, "getagent", 0, 1);
	push(out, "getagent");
	return finish(out);
}

int vnx_cmd_ndu_list(struct vnx_cmd *out)
{
	start(out, "ndu -list", 0, 1);
	push(out, "ndu");
	push(out, "-list");
	return finish(out);
}

int vnx_cmd_storagepool_list(struct vnx_cmd *out, int id)
{
	start(out, "storagepool -list", 0, 1);
	push(out, "storagepool");
	push(out, "-list");
	push(out, "-all");
	if (id >= 0) {
		push(out, "-id");
		pushf(out, "%d", id);
	}
	return finish(out);
}

int vnx_cmd_port_list_sp(struct vnx_cmd *out)
{
	start(out, "port -list", 0, 1);
	push(out, "port");
	push(out, "-list");
	push(out, "-sp");
	push(out, "-all");
	return finish(out);
}

int vnx_cmd_port_list_hba(struct vnx_cmd *out)
{
	start(out, "port -list", 0, 1);
	push(out, "port");
	push(out, "-list");
	push(out, "-hba");
	return finish(out);
}

int vnx_cmd_connection_getport(struct vnx_cmd *out)
{
	start(out, "connection -getport", 0, 1);
	push(out, "connection");
	push(out, "-getport");
	push(out, "-all");
	return finish(out);
}

/* ---- LUNs ---- */

int vnx_cmd_lun_list(struct vnx_cmd *out, struct slgw_lun_ref ref)
{
	memset(out, 0, sizeof(*out));
	if (ref.id < 0 && ref.name && vnx_check_name(ref.name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "lun -list", 0, 1);
	push(out, "lun");
	push(out, "-list");
	push(out, "-all");
	if (ref.id >= 0 || ref.name)
		push_lun_ref(out, ref);
	return finish(out);
}

int vnx_cmd_lun_create(struct vnx_cmd *out, const struct slgw_lun_spec *spec)
{
	struct vnx_cmd *check;
	int sp;

	memset(out, 0, sizeof(*out));
	if (!spec || vnx_check_name(spec->name) || spec->size_mb == 0 ||
	    spec->size_mb > (UINT64_C(1) << 40))
		return -SLGW_AERR_INVALID_ARGS;
	if (spec->pool_id < 0 && vnx_check_name(spec->pool_name))
		return -SLGW_AERR_INVALID_ARGS;
	sp = norm_sp(spec->sp);
	if (spec->sp && !sp)
		return -SLGW_AERR_INVALID_ARGS;

	start(out, "lun -create", 1, 0);
	push(out, "lun");
	push(out, "-create");
	push_capacity(out, spec->size_mb);
	if (spec->pool_id >= 0) {
		push(out, "-poolId");
		pushf(out, "%d", spec->pool_id);
	} else {
		push(out, "-poolName");
		push(out, spec->pool_name);
	}
	push(out, "-name");
	push(out, spec->name);
	push(out, "-type");
	push(out, spec->thin ? "Thin" : "NonThin");
	if (sp) {
		push(out, "-sp");
		pushf(out, "%c", sp);
	}
	if (spec->ignore_thresholds)
		push(out, "-ignoreThresholds");
	if (finish(out))
		return -SLGW_AERR_UNKNOWN;
	check = malloc(sizeof(*check));
	if (!check) {
		vnx_cmd_clear(out);
		return -SLGW_AERR_UNKNOWN;
	}
	return attach_check(out, check,
	                    vnx_cmd_lun_list(check, (struct slgw_lun_ref){ -1, spec->name }));
}

int vnx_cmd_lun_destroy(struct vnx_cmd *out, struct slgw_lun_ref ref, int destroy_snapshots)
{
	memset(out, 0, sizeof(*out));
	if (!lun_ref_ok(ref))
		return -SLGW_AERR_INVALID_ARGS;
	/* Repeating a destroy can only answer "not found": safe. */
	start(out, "lun -destroy", 1, 1);
	push(out, "lun");
	push(out, "-destroy");
	push_lun_ref(out, ref);
	if (destroy_snapshots) {
		push(out, "-destroySnapshots");
		push(out, "-forceDetach");
	}
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_lun_expand(struct vnx_cmd *out, struct slgw_lun_ref ref, uint64_t size_mb)
{
	memset(out, 0, sizeof(*out));
	if (!lun_ref_ok(ref) || size_mb == 0 || size_mb > (UINT64_C(1) << 40))
		return -SLGW_AERR_INVALID_ARGS;
	/* Growing to an absolute size twice ends in the same size. */
	start(out, "lun -expand", 1, 1);
	push(out, "lun");
	push(out, "-expand");
	push_lun_ref(out, ref);
	push_capacity(out, size_mb);
	push(out, "-o");
	return finish(out);
}

/* ---- snapshots and SMPs ---- */

int vnx_cmd_snap_list(struct vnx_cmd *out, const char *name, int lun_id)
{
	memset(out, 0, sizeof(*out));
	if (name && vnx_check_name(name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snap -list", 0, 1);
	push(out, "snap");
	push(out, "-list");
	if (name) {
		push(out, "-id");
		push(out, name);
	} else if (lun_id >= 0) {
		push(out, "-res");
		pushf(out, "%d", lun_id);
	}
	push(out, "-detail");
	return finish(out);
}

static int with_snap_check(struct vnx_cmd *out, const char *snap)
{
	struct vnx_cmd *check;

	if (finish(out))
		return -SLGW_AERR_UNKNOWN;
	check = malloc(sizeof(*check));
	if (!check) {
		vnx_cmd_clear(out);
		return -SLGW_AERR_UNKNOWN;
	}
	return attach_check(out, check, vnx_cmd_snap_list(check, snap, -1));
}

int vnx_cmd_snap_create(struct vnx_cmd *out, int lun_id, const char *name, int allow_rw)
{
	memset(out, 0, sizeof(*out));
	if (lun_id < 0 || vnx_check_name(name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snap -create", 1, 0);
	push(out, "snap");
	push(out, "-create");
	push(out, "-res");
	pushf(out, "%d", lun_id);
	push(out, "-name");
	push(out, name);
	push(out, "-allowReadWrite");
	push(out, allow_rw ? "yes" : "no");
	return with_snap_check(out, name);
}

int vnx_cmd_snap_destroy(struct vnx_cmd *out, const char *name)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snap -destroy", 1, 1);
	push(out, "snap");
	push(out, "-destroy");
	push(out, "-id");
	push(out, name);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_snap_restore(struct vnx_cmd *out, const char *name, int lun_id)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(name) || lun_id < 0)
		return -SLGW_AERR_INVALID_ARGS;
	/* Restoring the same snapshot twice leaves the same data. */
	start(out, "snap -restore", 1, 1);
	push(out, "snap");
	push(out, "-restore");
	push(out, "-id");
	push(out, name);
	push(out, "-res");
	pushf(out, "%d", lun_id);
	return finish(out);
}

int vnx_cmd_snap_copy(struct vnx_cmd *out, const char *name, const char *new_name)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(name) || vnx_check_name(new_name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snap -copy", 1, 0);
	push(out, "snap");
	push(out, "-copy");
	push(out, "-id");
	push(out, name);
	push(out, "-name");
	push(out, new_name);
	return with_snap_check(out, new_name);
}

int vnx_cmd_smp_create(struct vnx_cmd *out, int primary_lun, const char *name)
{
	struct vnx_cmd *check;

	memset(out, 0, sizeof(*out));
	if (primary_lun < 0 || vnx_check_name(name))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "lun -create", 1, 0);
	push(out, "lun");
	push(out, "-create");
	push(out, "-type");
	push(out, "snap");
	push(out, "-primaryLun");
	pushf(out, "%d", primary_lun);
	push(out, "-name");
	push(out, name);
	if (finish(out))
		return -SLGW_AERR_UNKNOWN;
	check = malloc(sizeof(*check));
	if (!check) {
		vnx_cmd_clear(out);
		return -SLGW_AERR_UNKNOWN;
	}
	return attach_check(out, check, vnx_cmd_lun_list(check, (struct slgw_lun_ref){ -1, name }));
}

int vnx_cmd_smp_attach(struct vnx_cmd *out, struct slgw_lun_ref smp, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (!lun_ref_ok(smp) || vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "lun -attach", 1, 1);
	push(out, "lun");
	push(out, "-attach");
	push_lun_ref(out, smp);
	push(out, "-snapName");
	push(out, snap);
	return finish(out);
}

int vnx_cmd_smp_detach(struct vnx_cmd *out, struct slgw_lun_ref smp)
{
	memset(out, 0, sizeof(*out));
	if (!lun_ref_ok(smp))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "lun -detach", 1, 1);
	push(out, "lun");
	push(out, "-detach");
	push_lun_ref(out, smp);
	push(out, "-o");
	return finish(out);
}

/* ---- migration ---- */

int vnx_cmd_migrate_list(struct vnx_cmd *out, int source)
{
	start(out, "migrate -list", 0, 1);
	push(out, "migrate");
	push(out, "-list");
	if (source >= 0) {
		push(out, "-source");
		pushf(out, "%d", source);
	}
	return finish(out);
}

int vnx_cmd_migrate_start(struct vnx_cmd *out, int source, int dest, enum slgw_migrate_rate rate)
{
	static const char *const rates[] = { "low", "medium", "high", "asap" };
	struct vnx_cmd *check;

	memset(out, 0, sizeof(*out));
	if (source < 0 || dest < 0 || source == dest || (int)rate < 0 || rate > SLGW_MIGRATE_ASAP)
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "migrate -start", 1, 0);
	push(out, "migrate");
	push(out, "-start");
	push(out, "-source");
	pushf(out, "%d", source);
	push(out, "-dest");
	pushf(out, "%d", dest);
	push(out, "-rate");
	push(out, rates[rate]);
	push(out, "-o");
	if (finish(out))
		return -SLGW_AERR_UNKNOWN;
	check = malloc(sizeof(*check));
	if (!check) {
		vnx_cmd_clear(out);
		return -SLGW_AERR_UNKNOWN;
	}
	return attach_check(out, check, vnx_cmd_migrate_list(check, source));
}

int vnx_cmd_migrate_cancel(struct vnx_cmd *out, int source)
{
	memset(out, 0, sizeof(*out));
	if (source < 0)
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "migrate -cancel", 1, 1);
	push(out, "migrate");
	push(out, "-cancel");
	push(out, "-source");
	pushf(out, "%d", source);
	push(out, "-o");
	return finish(out);
}

/* ---- storage groups and initiators ---- */

int vnx_cmd_sg_list(struct vnx_cmd *out, const char *group)
{
	memset(out, 0, sizeof(*out));
	if (group && vnx_check_name(group))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -list", 0, 1);
	push(out, "storagegroup");
	push(out, "-list");
	push(out, "-host");
	push(out, "-iscsiAttributes");
	if (group) {
		push(out, "-gname");
		push(out, group);
	}
	return finish(out);
}

int vnx_cmd_sg_create(struct vnx_cmd *out, const char *group)
{
	struct vnx_cmd *check;

	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -create", 1, 0);
	push(out, "storagegroup");
	push(out, "-create");
	push(out, "-gname");
	push(out, group);
	if (finish(out))
		return -SLGW_AERR_UNKNOWN;
	check = malloc(sizeof(*check));
	if (!check) {
		vnx_cmd_clear(out);
		return -SLGW_AERR_UNKNOWN;
	}
	return attach_check(out, check, vnx_cmd_sg_list(check, group));
}

int vnx_cmd_sg_destroy(struct vnx_cmd *out, const char *group)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -destroy", 1, 1);
	push(out, "storagegroup");
	push(out, "-destroy");
	push(out, "-gname");
	push(out, group);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sg_addhlu(struct vnx_cmd *out, const char *group, int hlu, int alu)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group) || hlu < 0 || hlu > 255 || alu < 0)
		return -SLGW_AERR_INVALID_ARGS;
	/* A repeat answers "already mapped"/"HLU in use": the adapter reads
	 * the group to tell a landed first attempt from a real conflict. */
	start(out, "storagegroup -addhlu", 1, 1);
	push(out, "storagegroup");
	push(out, "-addhlu");
	push(out, "-hlu");
	pushf(out, "%d", hlu);
	push(out, "-alu");
	pushf(out, "%d", alu);
	push(out, "-gname");
	push(out, group);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sg_removehlu(struct vnx_cmd *out, const char *group, int hlu)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group) || hlu < 0 || hlu > 255)
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -removehlu", 1, 1);
	push(out, "storagegroup");
	push(out, "-removehlu");
	push(out, "-hlu");
	pushf(out, "%d", hlu);
	push(out, "-gname");
	push(out, group);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sg_setpath(struct vnx_cmd *out, const struct slgw_initiator_path *p)
{
	int sp;

	memset(out, 0, sizeof(*out));
	if (!p)
		return -SLGW_AERR_INVALID_ARGS;
	sp = norm_sp(p->sp);
	if (vnx_check_name(p->group) || vnx_check_token(p->hba_uid) || !sp ||
	    p->sp_port < 0 || p->vport_id < -1 || vnx_check_name(p->host) ||
	    vnx_check_ip(p->host_ip) || p->initiator_type < 0 || p->initiator_type > 255 ||
	    p->failover_mode < 0 || p->failover_mode > 4 ||
	    (p->arraycommpath != 0 && p->arraycommpath != 1))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -setpath", 1, 1);
	push(out, "storagegroup");
	push(out, "-setpath");
	push(out, "-o");
	push(out, "-gname");
	push(out, p->group);
	push(out, "-hbauid");
	push(out, p->hba_uid);
	push(out, "-sp");
	pushf(out, "%c", sp == 'A' ? 'a' : 'b');
	push(out, "-spport");
	pushf(out, "%d", p->sp_port);
	if (p->vport_id >= 0) {
		push(out, "-spvport");
		pushf(out, "%d", p->vport_id);
	}
	push(out, "-type");
	pushf(out, "%d", p->initiator_type);
	push(out, "-ip");
	push(out, p->host_ip);
	push(out, "-host");
	push(out, p->host);
	push(out, "-failovermode");
	pushf(out, "%d", p->failover_mode);
	push(out, "-arraycommpath");
	pushf(out, "%d", p->arraycommpath);
	return finish(out);
}

int vnx_cmd_sg_sethost(struct vnx_cmd *out, const char *group, const char *host,
                       int failover_mode, int arraycommpath)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group) || vnx_check_name(host) || failover_mode < 0 ||
	    failover_mode > 4 || (arraycommpath != 0 && arraycommpath != 1))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -sethost", 1, 1);
	push(out, "storagegroup");
	push(out, "-sethost");
	push(out, "-host");
	push(out, host);
	push(out, "-gname");
	push(out, group);
	push(out, "-failovermode");
	pushf(out, "%d", failover_mode);
	push(out, "-arraycommpath");
	pushf(out, "%d", arraycommpath);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_hba_remove(struct vnx_cmd *out, const char *hba_uid)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_token(hba_uid))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "port -removeHBA", 1, 1);
	push(out, "port");
	push(out, "-removeHBA");
	push(out, "-hbauid");
	push(out, hba_uid);
	push(out, "-o");
	return finish(out);
}

/* ---- RAID groups and classic LUNs ---- */

/* The RAID type words bind takes (clariion.md: r0 r1 r1_0 r3 r5 r6). */
static int raid_type_ok(const char *t)
{
	static const char *const types[] = { "r0", "r1", "r1_0", "r3", "r5", "r6" };

	for (size_t i = 0; t && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(t, types[i]) == 0)
			return 1;
	return 0;
}

int vnx_cmd_getrg(struct vnx_cmd *out, int id)
{
	start(out, "getrg", 0, 1);
	push(out, "getrg");
	if (id >= 0)
		pushf(out, "%d", id);
	return finish(out);
}

int vnx_cmd_getlun(struct vnx_cmd *out, int id, int pools)
{
	static const char *const sel[] = { "-name", "-uid", "-rg", "-type", "-owner", "-capacity",
		                           "-ismetalun" };

	start(out, "getlun", 0, 1);
	push(out, "getlun");
	if (id >= 0)
		pushf(out, "%d", id);
	for (size_t i = 0; i < sizeof(sel) / sizeof(sel[0]); i++)
		push(out, sel[i]);
	/* -ispoollun belongs to the pool era: inventory tools ask for it only
	 * where virtual provisioning exists, never on CX / CX3. */
	if (pools)
		push(out, "-ispoollun");
	return finish(out);
}

/* bind and lun -create -rg take a whole number with a unit, like -capacity. */
static void push_cap(struct vnx_cmd *c, const char *opt, uint64_t size_mb)
{
	push(c, opt);
	if (size_mb % 1024 == 0) {
		pushf(c, "%llu", (unsigned long long)(size_mb / 1024));
		push(c, "-sq");
		push(c, "gb");
	} else {
		pushf(c, "%llu", (unsigned long long)size_mb);
		push(c, "-sq");
		push(c, "mb");
	}
}

int vnx_cmd_bind(struct vnx_cmd *out, const char *raid_type, int lun_id, int rg, uint64_t size_mb,
                 char sp)
{
	int s = norm_sp(sp);

	memset(out, 0, sizeof(*out));
	if (!raid_type_ok(raid_type) || lun_id < 0 || lun_id > 16383 || rg < 0 || rg > 16383 ||
	    size_mb == 0 || size_mb > (UINT64_C(1) << 40) || (sp && !s))
		return -SLGW_AERR_INVALID_ARGS;
	/* Never repeated, and no landed check: a check could only ask whether
	 * LUN N exists, and after an ambiguous failure that LUN may be someone
	 * else's (numbers are not names); the caller's recovery decides. */
	start(out, "bind", 1, 0);
	push(out, "bind");
	push(out, raid_type);
	pushf(out, "%d", lun_id);
	push(out, "-rg");
	pushf(out, "%d", rg);
	push_cap(out, "-cap", size_mb);
	if (s) {
		push(out, "-sp");
		pushf(out, "%c", s == 'A' ? 'a' : 'b');
	}
	return finish(out);
}

int vnx_cmd_chglun_name(struct vnx_cmd *out, int lun_id, const char *name)
{
	memset(out, 0, sizeof(*out));
	if (lun_id < 0 || vnx_check_name(name))
		return -SLGW_AERR_INVALID_ARGS;
	/* Naming a LUN twice with the same name changes nothing. */
	start(out, "chglun", 1, 1);
	push(out, "chglun");
	push(out, "-l");
	pushf(out, "%d", lun_id);
	push(out, "-name");
	push(out, name);
	return finish(out);
}

int vnx_cmd_lun_create_rg(struct vnx_cmd *out, const struct slgw_rg_lun_spec *spec)
{
	int s;

	memset(out, 0, sizeof(*out));
	if (!spec || vnx_check_name(spec->name) || spec->lun_id < 0 || spec->lun_id > 16383 ||
	    spec->raid_group < 0 || spec->raid_group > 16383 || spec->size_mb == 0 ||
	    spec->size_mb > (UINT64_C(1) << 40))
		return -SLGW_AERR_INVALID_ARGS;
	s = norm_sp(spec->sp);
	if (spec->sp && !s)
		return -SLGW_AERR_INVALID_ARGS;
	/* No landed check, as for bind: the number is not ours until named. */
	start(out, "lun -create", 1, 0);
	push(out, "lun");
	push(out, "-create");
	push_cap(out, "-capacity", spec->size_mb);
	push(out, "-rg");
	pushf(out, "%d", spec->raid_group);
	push(out, "-l");
	pushf(out, "%d", spec->lun_id);
	push(out, "-name");
	push(out, spec->name);
	if (s) {
		push(out, "-sp");
		pushf(out, "%c", s);
	}
	return finish(out);
}

int vnx_cmd_unbind(struct vnx_cmd *out, int lun_id)
{
	memset(out, 0, sizeof(*out));
	if (lun_id < 0 || lun_id > 16383)
		return -SLGW_AERR_INVALID_ARGS;
	/* Repeating an unbind can only answer "does not exist". */
	start(out, "unbind", 1, 1);
	push(out, "unbind");
	pushf(out, "%d", lun_id);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_metalun_destroy(struct vnx_cmd *out, int lun_id)
{
	memset(out, 0, sizeof(*out));
	if (lun_id < 0 || lun_id > 16383)
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "metalun -destroy", 1, 1);
	push(out, "metalun");
	push(out, "-destroy");
	push(out, "-metalun");
	pushf(out, "%d", lun_id);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_metalun_expand(struct vnx_cmd *out, int base, const int *lus, size_t n,
                           enum slgw_metalun_type type)
{
	memset(out, 0, sizeof(*out));
	/* Words: metalun -expand -base B -lus (n) -type T -o. */
	if (base < 0 || !lus || n == 0 || n > VNX_CMD_MAX_WORDS - 8 ||
	    (type != SLGW_METALUN_STRIPED && type != SLGW_METALUN_CONCAT))
		return -SLGW_AERR_INVALID_ARGS;
	for (size_t i = 0; i < n; i++)
		if (lus[i] < 0 || lus[i] == base)
			return -SLGW_AERR_INVALID_ARGS;
	/* Not repeated blindly: a second expand would add the components again
	 * (the array refuses, but the first outcome would be lost). */
	start(out, "metalun -expand", 1, 0);
	push(out, "metalun");
	push(out, "-expand");
	push(out, "-base");
	pushf(out, "%d", base);
	push(out, "-lus");
	for (size_t i = 0; i < n; i++)
		pushf(out, "%d", lus[i]);
	push(out, "-type");
	push(out, type == SLGW_METALUN_STRIPED ? "S" : "C");
	push(out, "-o");
	return finish(out);
}

/* ---- SnapView ---- */

int vnx_cmd_sv_createsnapshot(struct vnx_cmd *out, int lun_id, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (lun_id < 0 || vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	/* No landed check: -listsnapshots of a missing name prints nothing,
	 * which cannot be told from a listing; a repeat answers name in use,
	 * which the adapter resolves by reading the snapshot. */
	start(out, "snapview -createsnapshot", 1, 0);
	push(out, "snapview");
	push(out, "-createsnapshot");
	pushf(out, "%d", lun_id);
	push(out, "-snapshotname");
	push(out, snap);
	return finish(out);
}

int vnx_cmd_sv_rmsnapshot(struct vnx_cmd *out, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -rmsnapshot", 1, 1);
	push(out, "snapview");
	push(out, "-rmsnapshot");
	push(out, "-snapshotname");
	push(out, snap);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sv_listsnapshots(struct vnx_cmd *out, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (snap && vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -listsnapshots", 0, 1);
	push(out, "snapview");
	push(out, "-listsnapshots");
	if (snap) {
		push(out, "-snapshotname");
		push(out, snap);
	}
	return finish(out);
}

int vnx_cmd_sv_startsession(struct vnx_cmd *out, const char *session, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(session) || vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -startsession", 1, 0);
	out->ok_text = VNX_STARTSESSION_NOTICE;
	push(out, "snapview");
	push(out, "-startsession");
	push(out, session);
	push(out, "-snapshotname");
	push(out, snap);
	push(out, "-persistence");
	return finish(out);
}

int vnx_cmd_sv_stopsession(struct vnx_cmd *out, const char *session)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(session))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -stopsession", 1, 1);
	push(out, "snapview");
	push(out, "-stopsession");
	push(out, session);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sv_listsessions(struct vnx_cmd *out, const char *session)
{
	memset(out, 0, sizeof(*out));
	if (session && vnx_check_name(session))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -listsessions", 0, 1);
	push(out, "snapview");
	push(out, "-listsessions");
	if (session) {
		push(out, "-name");
		push(out, session);
	}
	return finish(out);
}

int vnx_cmd_sv_activate(struct vnx_cmd *out, const char *session, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(session) || vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -activatesnapshot", 1, 0);
	push(out, "snapview");
	push(out, "-activatesnapshot");
	push(out, session);
	push(out, "-snapshotname");
	push(out, snap);
	return finish(out);
}

int vnx_cmd_sv_deactivate(struct vnx_cmd *out, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -deactivatesnapshot", 1, 1);
	push(out, "snapview");
	push(out, "-deactivatesnapshot");
	push(out, "-snapshotname");
	push(out, snap);
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sv_rollback(struct vnx_cmd *out, const char *session)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(session))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "snapview -startrollback", 1, 0);
	push(out, "snapview");
	push(out, "-startrollback");
	push(out, session);
	push(out, "-rate");
	push(out, "high");
	push(out, "-o");
	return finish(out);
}

int vnx_cmd_sg_addsnapshot(struct vnx_cmd *out, const char *group, const char *snap, int hlu)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group) || vnx_check_name(snap) || hlu < 0 || hlu > 255)
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -addsnapshot", 1, 1);
	push(out, "storagegroup");
	push(out, "-addsnapshot");
	push(out, "-gname");
	push(out, group);
	push(out, "-snapshotname");
	push(out, snap);
	push(out, "-hlu");
	pushf(out, "%d", hlu);
	return finish(out);
}

int vnx_cmd_sg_removesnapshot(struct vnx_cmd *out, const char *group, const char *snap)
{
	memset(out, 0, sizeof(*out));
	if (vnx_check_name(group) || vnx_check_name(snap))
		return -SLGW_AERR_INVALID_ARGS;
	start(out, "storagegroup -removesnapshot", 1, 1);
	push(out, "storagegroup");
	push(out, "-removesnapshot");
	push(out, "-gname");
	push(out, group);
	push(out, "-snapshotname");
	push(out, snap);
	push(out, "-o");
	return finish(out);
}
