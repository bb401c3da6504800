/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnxparse.c - `vnxparse --cmd '<naviseccli command words>' FILE|-`
 *
 * Parses a saved naviseccli output with the same parsers the gateway uses and
 * prints what they understood as JSON Lines (one object per record, keys in
 * snake_case), so a user who thinks the gateway misreads an array can see
 * exactly what it reads.  The command words choose the parser, the way the
 * gateway would: global options (-h SP, -user, -password, -scope,
 * -secfilepath, -t, -port, -address, -np) and a leading "naviseccli" (or
 * "navisim", or a path to either) are skipped.
 *
 *  - A listing (lun -list, storagegroup -list, snap -list, storagepool -list,
 *    port -list [-sp|-hba], connection -getport, getagent, ndu -list,
 *    migrate -list, getrg, getlun, snapview -listsnapshots / -listsessions)
 *    prints its records; error text prints one
 *    {"error": {"class", "code", "message"}} line.
 *  - Another query (getsp, networkadmin -get, ...) prints its
 *    "Label: value" lines as {"label", "value"} objects.
 *  - Anything else is a modifying command: empty output is {"ok": true},
 *    any output is an error object.
 *
 * Exit status: 0 parsed (including error objects), 1 input unreadable,
 * 2 bad usage, 3 output not recognised for that command (an "unknown" error
 * object is still printed), 4 out of memory.  JSON is built with jansson;
 * bytes that are not valid UTF-8 are shown as '?'.
 *
 * It lives in tools/, not beside the parsers: it is a program for people,
 * the parser library stays free of JSON and of anything slgwd does not need.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"

enum kind {
	K_MODIFY, K_QUERY, K_LUN, K_SG, K_SNAP, K_POOL, K_SPPORT, K_HBA, K_ISCSI, K_AGENT, K_NDU,
	K_MIGRATE, K_RG, K_GETLUN, K_SVSNAP, K_SVSESSION,
};

#define EXIT_IO 1
#define EXIT_USAGE 2
#define EXIT_UNRECOGNISED 3
#define EXIT_NOMEM 4

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: vnxparse --cmd '<naviseccli command words>' FILE|-\n"
	        "\n"
	        "Parses a saved naviseccli output (FILE, or - for stdin) and prints JSON Lines.\n"
	        "The command words choose the parser; global options (-h SP, -user U,\n"
	        "-password P, -scope N, -secfilepath D, -t N, -port N, -np) are skipped.\n"
	        "\n"
	        "  lun -list ...                       one object per LUN\n"
	        "  storagegroup [-messner] -list ...   one object per storage group\n"
	        "  snap -list ... -detail              one object per snapshot\n"
	        "  storagepool -list ...               one object per pool\n"
	        "  port -list -sp -all | port -list -hba\n"
	        "  connection -getport ...             one object per (SP, port, virtual port)\n"
	        "  getagent | ndu -list ... | migrate -list ...\n"
	        "  getrg [ID]                          one object per RAID group\n"
	        "  getlun [N] ...                      one object per classic LUN\n"
	        "  snapview -listsnapshots | -listsessions   one object per SnapView snapshot / session\n"
	        "  other queries (get..., -list, -get, -info)   {\"label\", \"value\"} per line\n"
	        "  any other command: empty output -> {\"ok\": true}, else an error object\n"
	        "\n"
	        "Error output prints {\"error\": {\"class\", \"code\", \"message\"}}.\n"
	        "Exit: 0 parsed, 1 unreadable input, 2 bad usage, 3 output not recognised,\n"
	        "4 out of memory.\n");
}

/* Global options of naviseccli that take a value. */
static bool global_with_value(const char *w)
{
	static const char *const opts[] = { "-h", "-user", "-password", "-scope", "-secfilepath",
		                            "-t", "-port", "-address" };
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

static bool has_word(char **w, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i], word) == 0)
			return true;
	return false;
}

/* Splits the command words (in place) and decides which parser applies;
 * returns 0 with *out set, or -1 when no command can be made out. */
static int command_kind(char *cmd, enum kind *out)
{
	char *words[64];
	size_t n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(cmd, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == sizeof(words) / sizeof(words[0]))
			return -1;
		words[n++] = tok;
	}
	size_t i = 0;
	if (i < n) {
		/* "naviseccli" or a path to it, as copied from a log line. */
		const char *base = strrchr(words[i], '/');
		base = base ? base + 1 : words[i];
		if (strcmp(base, "naviseccli") == 0 || strcmp(base, "navisim") == 0)
			i++;
	}
	while (i < n && words[i][0] == '-') {
		if (strcmp(words[i], "-np") == 0) {
			i++;
		} else if (global_with_value(words[i])) {
			if (i + 1 >= n)
				return -1;
			i += 2;
		} else {
			return -1; /* an option before the command that naviseccli does not take */
		}
	}
	if (i >= n)
		return -1;
	char **w = words + i;
	size_t wn = n - i;
	const char *obj = w[0];
	bool list = has_word(w, wn, "-list");
	if (strcmp(obj, "lun") == 0 && list)
		*out = K_LUN;
	else if (strcmp(obj, "storagegroup") == 0 && list)
		*out = K_SG;
	else if (strcmp(obj, "snap") == 0 && list && !has_word(w, wn, "-group"))
		*out = K_SNAP;
	else if (strcmp(obj, "storagepool") == 0 && list)
		*out = K_POOL;
	else if (strcmp(obj, "port") == 0 && list && has_word(w, wn, "-hba"))
		*out = K_HBA;
	else if (strcmp(obj, "port") == 0 && list)
		*out = K_SPPORT;
	else if (strcmp(obj, "connection") == 0 && has_word(w, wn, "-getport"))
		*out = K_ISCSI;
	else if (strcmp(obj, "getagent") == 0)
		*out = K_AGENT;
	else if (strcmp(obj, "ndu") == 0 && list)
		*out = K_NDU;
	else if (strcmp(obj, "migrate") == 0 && list)
		*out = K_MIGRATE;
	else if (strcmp(obj, "getrg") == 0)
		*out = K_RG;
	else if (strcmp(obj, "getlun") == 0)
		*out = K_GETLUN;
	else if (strcmp(obj, "snapview") == 0 && has_word(w, wn, "-listsnapshots"))
		*out = K_SVSNAP;
	else if (strcmp(obj, "snapview") == 0 && has_word(w, wn, "-listsessions"))
		*out = K_SVSESSION;
	else if (strncmp(obj, "get", 3) == 0 || list || has_word(w, wn, "-get") ||
	         has_word(w, wn, "-info") || has_word(w, wn, "-pingnode"))
		*out = K_QUERY;
	else
		*out = K_MODIFY;
	return 0;
}

/* ---- JSON helpers: every value constructor may fail (ENOMEM); json_object_set_new
 * takes ownership even on failure, and a NULL value makes it fail, so errors
 * propagate by checking the final dump. ---- */

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	/* Not valid UTF-8: show the odd bytes as '?' rather than drop the field. */
	size_t n = strlen(s);
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	for (size_t i = 0; i <= n; i++)
		c[i] = ((unsigned char)s[i] >= 0x80) ? '?' : s[i];
	j = json_string(c);
	free(c);
	return j;
}

static json_t *jint(int64_t v)
{
	return v < 0 ? json_null() : json_integer((json_int_t)v);
}

static json_t *jdbl(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *jsp(char sp)
{
	char s[2] = { sp, '\0' };
	return sp ? json_string(s) : json_null();
}

static json_t *jids(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, json_integer((json_int_t)ids[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static bool g_nomem;

static void set(json_t *o, const char *k, json_t *v)
{
	if (!o || json_object_set_new(o, k, v) < 0)
		g_nomem = true;
}

static void emit(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
	if (!s) {
		g_nomem = true;
	} else {
		puts(s);
		free(s);
	}
	json_decref(o);
}

static void emit_error(const vnx_error *e)
{
	json_t *o = json_object(), *in = json_object();
	set(in, "class", json_string(vnx_errclass_name(e->cls)));
	set(in, "code", e->code[0] ? json_string(e->code) : json_null());
	set(in, "message", jstr(e->message ? e->message : ""));
	if (e->retryable)
		set(in, "retryable", json_true());
	set(o, "error", in);
	emit(o);
}

/* ---- records: one table per record type ----
 *
 * Every parser record is a flat C struct whose members map one to one to
 * JSON keys, so a record type is described by a table of (key, kind,
 * offset) rows in output order and printed by one loop.  Nested lists
 * (a storage group's paths, a pool's tiers, an HBA's ports) are a row
 * that points at the table of their element. */

enum fkind {
	F_STR,      /* char *: string, null when NULL */
	F_I64,      /* int64_t: integer, null when negative (absent) */
	F_INT,      /* int: likewise */
	F_INT_RAW,  /* int: integer as it is */
	F_SIZE,     /* size_t: integer */
	F_DBL,      /* double: real, null when negative (absent) */
	F_BOOL,     /* bool */
	F_SP,       /* char: "A" / "B", null when 0 */
	F_PORTTYPE, /* vnx_port_type: "fc", "iscsi" or "unknown" */
	F_IDS,      /* int64_t * with a size_t count at aux: array of integers */
	F_LIST,     /* array of sub records with a size_t count at aux */
};

struct rec;

struct field {
	const char *key;
	enum fkind kind;
	size_t off;
	size_t aux;            /* F_IDS, F_LIST: offset of the count */
	const struct rec *sub; /* F_LIST: layout of one element */
};

struct rec {
	size_t size;
	size_t nfields;
	const struct field *fields;
};

#define FLD(type, k, kind, m) { k, kind, offsetof(type, m), 0, NULL }
#define IDS(type, k, m, count) { k, F_IDS, offsetof(type, m), offsetof(type, count), NULL }
#define LST(type, k, m, count, sub) { k, F_LIST, offsetof(type, m), offsetof(type, count), &(sub) }
#define REC(type, table) { sizeof(type), sizeof(table) / sizeof((table)[0]), table }

static json_t *jrecord(const struct rec *r, const void *p);

static json_t *jlist(const struct rec *r, const void *base, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (json_array_append_new(a, jrecord(r, (const char *)base + i * r->size)) < 0)
			g_nomem = true;
	return a;
}

static json_t *jfield(const struct field *f, const void *p)
{
	const char *at = (const char *)p + f->off;
	size_t count = 0;
	static const char *const types[] = { "unknown", "fc", "iscsi" };

	if (f->kind == F_IDS || f->kind == F_LIST)
		memcpy(&count, (const char *)p + f->aux, sizeof count);
	switch (f->kind) {
	case F_STR: return jstr(*(char *const *)at);
	case F_I64: return jint(*(const int64_t *)at);
	case F_INT: return jint(*(const int *)at);
	case F_INT_RAW: return json_integer(*(const int *)at);
	case F_SIZE: return json_integer((json_int_t)*(const size_t *)at);
	case F_DBL: return jdbl(*(const double *)at);
	case F_BOOL: return json_boolean(*(const bool *)at);
	case F_SP: return jsp(*at);
	case F_PORTTYPE: {
		vnx_port_type t = *(const vnx_port_type *)at;
		return json_string(types[t <= VNX_PORT_ISCSI ? t : 0]);
	}
	case F_IDS: return jids(*(int64_t *const *)at, count);
	case F_LIST: return jlist(f->sub, *(void *const *)at, count);
	}
	return NULL;
}

static json_t *jrecord(const struct rec *r, const void *p)
{
	json_t *o = json_object();
	for (size_t i = 0; i < r->nfields; i++)
		set(o, r->fields[i].key, jfield(&r->fields[i], p));
	return o;
}

/* Prints n records of layout r, one line each. */
static void emit_records(const struct rec *r, const void *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		emit(jrecord(r, (const char *)v + i * r->size));
}

static const struct field lun_fields[] = {
	FLD(vnx_lun, "id", F_I64, id),
	FLD(vnx_lun, "name", F_STR, name),
	FLD(vnx_lun, "uid", F_STR, uid),
	FLD(vnx_lun, "pool", F_STR, pool),
	FLD(vnx_lun, "user_capacity_blocks", F_I64, user_capacity_blocks),
	FLD(vnx_lun, "user_capacity_gb", F_DBL, user_capacity_gb),
	FLD(vnx_lun, "consumed_capacity_blocks", F_I64, consumed_capacity_blocks),
	FLD(vnx_lun, "current_state", F_STR, current_state),
	FLD(vnx_lun, "status", F_STR, status),
	FLD(vnx_lun, "current_owner", F_SP, current_owner),
	FLD(vnx_lun, "default_owner", F_SP, default_owner),
	FLD(vnx_lun, "current_operation", F_STR, current_operation),
	FLD(vnx_lun, "current_operation_percent", F_INT, current_operation_percent),
	FLD(vnx_lun, "tiering_policy", F_STR, tiering_policy),
	FLD(vnx_lun, "dedup_state", F_STR, dedup_state),
	FLD(vnx_lun, "is_pool_lun", F_BOOL, is_pool_lun),
	FLD(vnx_lun, "is_thin", F_BOOL, is_thin),
	FLD(vnx_lun, "is_private", F_BOOL, is_private),
	FLD(vnx_lun, "is_compressed", F_BOOL, is_compressed),
	FLD(vnx_lun, "is_faulted", F_BOOL, is_faulted),
	FLD(vnx_lun, "is_transitioning", F_BOOL, is_transitioning),
	FLD(vnx_lun, "primary_lun", F_STR, primary_lun),
	FLD(vnx_lun, "attached_snapshot", F_STR, attached_snapshot),
	IDS(vnx_lun, "snapshot_mount_points", smp_ids, smp_count),
};
static const struct rec lun_rec = REC(vnx_lun, lun_fields);

static const struct field sg_hba_fields[] = {
	FLD(vnx_sg_hba, "uid", F_STR, uid),
	FLD(vnx_sg_hba, "sp", F_SP, sp),
	FLD(vnx_sg_hba, "sp_port", F_INT, sp_port),
	FLD(vnx_sg_hba, "sp_vport", F_INT, sp_vport),
	FLD(vnx_sg_hba, "host_name", F_STR, host_name),
	FLD(vnx_sg_hba, "initiator_ip", F_STR, initiator_ip),
	FLD(vnx_sg_hba, "tpgt", F_INT, tpgt),
	FLD(vnx_sg_hba, "isid", F_STR, isid),
};
static const struct rec sg_hba_rec = REC(vnx_sg_hba, sg_hba_fields);

static const struct field sg_hlu_fields[] = {
	FLD(vnx_sg_hlu, "hlu", F_INT_RAW, hlu),
	FLD(vnx_sg_hlu, "alu", F_INT_RAW, alu),
};
static const struct rec sg_hlu_rec = REC(vnx_sg_hlu, sg_hlu_fields);

static const struct field sg_fields[] = {
	FLD(vnx_storage_group, "name", F_STR, name),
	FLD(vnx_storage_group, "uid", F_STR, uid),
	LST(vnx_storage_group, "hbas", hbas, hba_count, sg_hba_rec),
	LST(vnx_storage_group, "hlus", hlus, hlu_count, sg_hlu_rec),
	FLD(vnx_storage_group, "shareable", F_BOOL, shareable),
	FLD(vnx_storage_group, "special", F_BOOL, special),
	FLD(vnx_storage_group, "default", F_BOOL, is_default),
};
static const struct rec sg_rec = REC(vnx_storage_group, sg_fields);

static const struct field snap_fields[] = {
	FLD(vnx_snap, "name", F_STR, name),
	FLD(vnx_snap, "description", F_STR, description),
	FLD(vnx_snap, "creation_time", F_STR, creation_time),
	IDS(vnx_snap, "source_luns", source_luns, source_lun_count),
	FLD(vnx_snap, "source_cg", F_STR, source_cg),
	IDS(vnx_snap, "primary_luns", primary_luns, primary_lun_count),
	FLD(vnx_snap, "state", F_STR, state),
	FLD(vnx_snap, "status", F_STR, status),
	FLD(vnx_snap, "allow_rw", F_BOOL, allow_rw),
	FLD(vnx_snap, "modified", F_BOOL, modified),
	IDS(vnx_snap, "attached_luns", attached_luns, attached_lun_count),
	FLD(vnx_snap, "allow_auto_delete", F_BOOL, allow_auto_delete),
	FLD(vnx_snap, "expiration", F_STR, expiration),
};
static const struct rec snap_rec = REC(vnx_snap, snap_fields);

static const struct field tier_fields[] = {
	FLD(vnx_pool_tier, "name", F_STR, name),
	FLD(vnx_pool_tier, "raid_type", F_STR, raid_type),
	FLD(vnx_pool_tier, "drive_count", F_INT, drive_count),
	FLD(vnx_pool_tier, "user_gb", F_DBL, user_gb),
	FLD(vnx_pool_tier, "consumed_gb", F_DBL, consumed_gb),
	FLD(vnx_pool_tier, "available_gb", F_DBL, available_gb),
};
static const struct rec tier_rec = REC(vnx_pool_tier, tier_fields);

static const struct field pool_fields[] = {
	FLD(vnx_pool, "id", F_I64, id),
	FLD(vnx_pool, "name", F_STR, name),
	FLD(vnx_pool, "state", F_STR, state),
	FLD(vnx_pool, "status", F_STR, status),
	FLD(vnx_pool, "raid_type", F_STR, raid_type),
	FLD(vnx_pool, "disk_type", F_STR, disk_type),
	FLD(vnx_pool, "percent_full_threshold", F_INT, percent_full_threshold),
	FLD(vnx_pool, "raw_capacity_blocks", F_I64, raw_capacity_blocks),
	FLD(vnx_pool, "user_capacity_blocks", F_I64, user_capacity_blocks),
	FLD(vnx_pool, "user_capacity_gb", F_DBL, user_capacity_gb),
	FLD(vnx_pool, "consumed_capacity_blocks", F_I64, consumed_capacity_blocks),
	FLD(vnx_pool, "consumed_capacity_gb", F_DBL, consumed_capacity_gb),
	FLD(vnx_pool, "available_capacity_blocks", F_I64, available_capacity_blocks),
	FLD(vnx_pool, "available_capacity_gb", F_DBL, available_capacity_gb),
	FLD(vnx_pool, "percent_full", F_DBL, percent_full),
	FLD(vnx_pool, "total_subscribed_capacity_blocks", F_I64, total_subscribed_capacity_blocks),
	FLD(vnx_pool, "percent_subscribed", F_DBL, percent_subscribed),
	FLD(vnx_pool, "oversubscribed_by_blocks", F_I64, oversubscribed_by_blocks),
	FLD(vnx_pool, "fast_cache", F_STR, fast_cache),
	IDS(vnx_pool, "luns", luns, lun_count),
	LST(vnx_pool, "tiers", tiers, tier_count, tier_rec),
};
static const struct rec pool_rec = REC(vnx_pool, pool_fields);

static const struct field sp_port_fields[] = {
	FLD(vnx_sp_port, "sp", F_SP, sp),
	FLD(vnx_sp_port, "port_id", F_INT, port_id),
	FLD(vnx_sp_port, "uid", F_STR, uid),
	FLD(vnx_sp_port, "type", F_PORTTYPE, type),
	FLD(vnx_sp_port, "link_status", F_STR, link_status),
	FLD(vnx_sp_port, "port_status", F_STR, port_status),
	FLD(vnx_sp_port, "switch_present", F_BOOL, switch_present),
	FLD(vnx_sp_port, "speed", F_STR, speed),
	FLD(vnx_sp_port, "mac_address", F_STR, mac_address),
	FLD(vnx_sp_port, "sfp_state", F_STR, sfp_state),
	FLD(vnx_sp_port, "io_module_slot", F_INT, io_module_slot),
	FLD(vnx_sp_port, "physical_port_id", F_INT, physical_port_id),
	FLD(vnx_sp_port, "usage", F_STR, usage),
	FLD(vnx_sp_port, "registered_initiators", F_INT, registered_initiators),
	FLD(vnx_sp_port, "logged_in_initiators", F_INT, logged_in_initiators),
	FLD(vnx_sp_port, "not_logged_in_initiators", F_INT, not_logged_in_initiators),
};
static const struct rec sp_port_rec = REC(vnx_sp_port, sp_port_fields);

static const struct field hba_port_fields[] = {
	FLD(vnx_hba_port, "sp", F_SP, sp),
	FLD(vnx_hba_port, "sp_port", F_INT, sp_port),
	FLD(vnx_hba_port, "logged_in", F_BOOL, logged_in),
	FLD(vnx_hba_port, "defined", F_BOOL, defined),
	FLD(vnx_hba_port, "initiator_type", F_INT, initiator_type),
	FLD(vnx_hba_port, "failover_mode", F_INT, failover_mode),
	FLD(vnx_hba_port, "arraycommpath", F_INT, arraycommpath),
	FLD(vnx_hba_port, "storage_group", F_STR, storage_group),
};
static const struct rec hba_port_rec = REC(vnx_hba_port, hba_port_fields);

static const struct field hba_fields[] = {
	FLD(vnx_hba, "uid", F_STR, uid),
	FLD(vnx_hba, "server_name", F_STR, server_name),
	FLD(vnx_hba, "server_ip", F_STR, server_ip),
	LST(vnx_hba, "ports", ports, port_count, hba_port_rec),
};
static const struct rec hba_rec = REC(vnx_hba, hba_fields);

static const struct field iscsi_fields[] = {
	FLD(vnx_iscsi_port, "sp", F_SP, sp),
	FLD(vnx_iscsi_port, "port_id", F_INT, port_id),
	FLD(vnx_iscsi_port, "vport_id", F_INT, vport_id),
	FLD(vnx_iscsi_port, "type", F_PORTTYPE, type),
	FLD(vnx_iscsi_port, "iqn", F_STR, iqn),
	FLD(vnx_iscsi_port, "wwn", F_STR, wwn),
	FLD(vnx_iscsi_port, "ip_address", F_STR, ip_address),
	FLD(vnx_iscsi_port, "subnet_mask", F_STR, subnet_mask),
	FLD(vnx_iscsi_port, "gateway", F_STR, gateway),
	FLD(vnx_iscsi_port, "vlan_id", F_INT, vlan_id),
	FLD(vnx_iscsi_port, "alias", F_STR, alias),
	FLD(vnx_iscsi_port, "mac_address", F_STR, mac_address),
	FLD(vnx_iscsi_port, "speed", F_STR, speed),
	FLD(vnx_iscsi_port, "mtu", F_INT, mtu),
	FLD(vnx_iscsi_port, "initiator_auth", F_BOOL, initiator_auth),
};
static const struct rec iscsi_rec = REC(vnx_iscsi_port, iscsi_fields);

static const struct field agent_fields[] = {
	FLD(vnx_agent, "model", F_STR, model),
	FLD(vnx_agent, "revision", F_STR, revision),
	FLD(vnx_agent, "serial", F_STR, serial),
	FLD(vnx_agent, "sp", F_SP, sp),
	FLD(vnx_agent, "agent_rev", F_STR, agent_rev),
	FLD(vnx_agent, "name", F_STR, name),
	FLD(vnx_agent, "node", F_STR, node),
	FLD(vnx_agent, "model_type", F_STR, model_type),
	FLD(vnx_agent, "prom_rev", F_STR, prom_rev),
	FLD(vnx_agent, "sp_memory_mb", F_I64, sp_memory_mb),
	FLD(vnx_agent, "cabinet", F_STR, cabinet),
};
static const struct rec agent_rec = REC(vnx_agent, agent_fields);

static const struct field ndu_fields[] = {
	FLD(vnx_enabler, "name", F_STR, name),
	FLD(vnx_enabler, "revision", F_STR, revision),
	FLD(vnx_enabler, "commit_required", F_BOOL, commit_required),
	FLD(vnx_enabler, "revert_possible", F_BOOL, revert_possible),
	FLD(vnx_enabler, "active", F_BOOL, active),
	FLD(vnx_enabler, "installed", F_BOOL, installed),
	FLD(vnx_enabler, "system_software", F_BOOL, system_software),
};
static const struct rec ndu_rec = REC(vnx_enabler, ndu_fields);

static const struct field migration_fields[] = {
	FLD(vnx_migration, "source_name", F_STR, source_name),
	FLD(vnx_migration, "source_id", F_I64, source_id),
	FLD(vnx_migration, "dest_name", F_STR, dest_name),
	FLD(vnx_migration, "dest_id", F_I64, dest_id),
	FLD(vnx_migration, "rate", F_STR, rate),
	FLD(vnx_migration, "state", F_STR, state),
	FLD(vnx_migration, "percent", F_INT, percent),
	FLD(vnx_migration, "time_remaining", F_STR, time_remaining),
};
static const struct rec migration_rec = REC(vnx_migration, migration_fields);

static const struct field rg_fields[] = {
	FLD(vnx_raidgroup, "id", F_I64, id),
	FLD(vnx_raidgroup, "raid_type", F_STR, raid_type),
	FLD(vnx_raidgroup, "state", F_STR, state),
	FLD(vnx_raidgroup, "disk_count", F_SIZE, disk_count),
	IDS(vnx_raidgroup, "luns", luns, lun_count),
	FLD(vnx_raidgroup, "max_disks", F_INT, max_disks),
	FLD(vnx_raidgroup, "max_luns", F_INT, max_luns),
	FLD(vnx_raidgroup, "raw_capacity_blocks", F_I64, raw_capacity_blocks),
	FLD(vnx_raidgroup, "logical_capacity_blocks", F_I64, logical_capacity_blocks),
	FLD(vnx_raidgroup, "free_capacity_blocks", F_I64, free_capacity_blocks),
	FLD(vnx_raidgroup, "free_contiguous_blocks", F_I64, free_contiguous_blocks),
	FLD(vnx_raidgroup, "lun_expansion", F_BOOL, lun_expansion),
	FLD(vnx_raidgroup, "legal_raid_types", F_STR, legal_raid_types),
};
static const struct rec rg_rec = REC(vnx_raidgroup, rg_fields);

static const struct field getlun_fields[] = {
	FLD(vnx_classic_lun, "id", F_I64, id),
	FLD(vnx_classic_lun, "name", F_STR, name),
	FLD(vnx_classic_lun, "uid", F_STR, uid),
	FLD(vnx_classic_lun, "raid_group", F_I64, raid_group),
	FLD(vnx_classic_lun, "raid_type", F_STR, raid_type),
	FLD(vnx_classic_lun, "state", F_STR, state),
	FLD(vnx_classic_lun, "current_owner", F_SP, current_owner),
	FLD(vnx_classic_lun, "default_owner", F_SP, default_owner),
	FLD(vnx_classic_lun, "capacity_mb", F_I64, capacity_mb),
	FLD(vnx_classic_lun, "capacity_blocks", F_I64, capacity_blocks),
	FLD(vnx_classic_lun, "is_private", F_BOOL, is_private),
	FLD(vnx_classic_lun, "is_meta", F_BOOL, is_meta),
	FLD(vnx_classic_lun, "is_pool_lun", F_BOOL, is_pool_lun),
	FLD(vnx_classic_lun, "is_thin", F_BOOL, is_thin),
};
static const struct rec getlun_rec = REC(vnx_classic_lun, getlun_fields);

static const struct field svsnap_fields[] = {
	FLD(vnx_sv_snapshot, "name", F_STR, name),
	FLD(vnx_sv_snapshot, "uid", F_STR, uid),
	FLD(vnx_sv_snapshot, "target_lun", F_I64, target_lun),
	FLD(vnx_sv_snapshot, "state", F_STR, state),
	FLD(vnx_sv_snapshot, "session", F_STR, session),
};
static const struct rec svsnap_rec = REC(vnx_sv_snapshot, svsnap_fields);

static const struct field svsession_fields[] = {
	FLD(vnx_sv_session, "name", F_STR, name),
	IDS(vnx_sv_session, "luns", luns, lun_count),
	FLD(vnx_sv_session, "persistent", F_BOOL, persistent),
	FLD(vnx_sv_session, "creation_time", F_STR, creation_time),
	FLD(vnx_sv_session, "state", F_STR, state),
	FLD(vnx_sv_session, "cache_gb", F_DBL, cache_gb),
};
static const struct rec svsession_rec = REC(vnx_sv_session, svsession_fields);

static const struct field kv_fields[] = {
	FLD(vnx_kv, "label", F_STR, label),
	FLD(vnx_kv, "value", F_STR, value),
};
static const struct rec kv_rec = REC(vnx_kv, kv_fields);

/* Runs the parser for `k`, prints its records; returns the parser's code. */
static int run_parser(enum kind k, const char *buf, size_t len)
{
	size_t n = 0;
	int rc;
#define RUN(type, parse, layout, arrfree)               \
	do {                                            \
		type *v = NULL;                         \
		rc = parse(buf, len, &v, &n);           \
		if (rc == 0) {                          \
			emit_records(&(layout), v, n);  \
			arrfree(v, n);                  \
		}                                       \
	} while (0)
	switch (k) {
	case K_LUN: RUN(vnx_lun, vnx_parse_lun_list, lun_rec, vnx_lun_array_free); break;
	case K_SG:
		RUN(vnx_storage_group, vnx_parse_storagegroup_list, sg_rec, vnx_storage_group_array_free);
		break;
	case K_SNAP: RUN(vnx_snap, vnx_parse_snap_list, snap_rec, vnx_snap_array_free); break;
	case K_POOL: RUN(vnx_pool, vnx_parse_pool_list, pool_rec, vnx_pool_array_free); break;
	case K_SPPORT:
		RUN(vnx_sp_port, vnx_parse_sp_port_list, sp_port_rec, vnx_sp_port_array_free);
		break;
	case K_HBA: RUN(vnx_hba, vnx_parse_hba_list, hba_rec, vnx_hba_array_free); break;
	case K_ISCSI:
		RUN(vnx_iscsi_port, vnx_parse_iscsi_port_list, iscsi_rec, vnx_iscsi_port_array_free);
		break;
	case K_NDU: RUN(vnx_enabler, vnx_parse_ndu_list, ndu_rec, vnx_enabler_array_free); break;
	case K_MIGRATE:
		RUN(vnx_migration, vnx_parse_migrate_list, migration_rec, vnx_migration_array_free);
		break;
	case K_QUERY: RUN(vnx_kv, vnx_parse_kv, kv_rec, vnx_kv_array_free); break;
	case K_RG: RUN(vnx_raidgroup, vnx_parse_raidgroup_list, rg_rec, vnx_raidgroup_array_free); break;
	case K_GETLUN:
		RUN(vnx_classic_lun, vnx_parse_getlun, getlun_rec, vnx_classic_lun_array_free);
		break;
	case K_SVSNAP:
		RUN(vnx_sv_snapshot, vnx_parse_sv_snapshot_list, svsnap_rec, vnx_sv_snapshot_array_free);
		break;
	case K_SVSESSION:
		RUN(vnx_sv_session, vnx_parse_sv_session_list, svsession_rec, vnx_sv_session_array_free);
		break;
	case K_AGENT: {
		vnx_agent *a = NULL;
		/* Blank getagent output has nothing to show; not an agent. */
		rc = vnx_parse_agent(buf, len, &a);
		if (rc == 0) {
			emit_records(&agent_rec, a, 1);
			vnx_agent_free(a);
		}
		break;
	}
	default: rc = VNX_PARSE_EINVAL; break;
	}
#undef RUN
	return rc;
}

static int read_all(const char *path, char **out, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return -errno;
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	int rc = 0;
	while (buf) {
		if (n == cap) {
			if (cap > VNX_PARSE_MAX_INPUT) {
				rc = -EFBIG;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = -ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			if (ferror(f))
				rc = -EIO;
			break;
		}
	}
	if (!buf)
		rc = -ENOMEM;
	if (f != stdin)
		fclose(f);
	if (rc == 0 && n > VNX_PARSE_MAX_INPUT)
		rc = -EFBIG;
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cmd", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "c:H", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': cmd = optarg; break;
		case 'H': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (!cmd || optind != argc - 1) {
		fprintf(stderr, "vnxparse: %s\n",
		        !cmd ? "--cmd '<command words>' is required" : "exactly one FILE (or -) is required");
		usage(stderr);
		return EXIT_USAGE;
	}
	char *words = strdup(cmd);
	if (!words)
		return EXIT_NOMEM;
	enum kind k;
	if (command_kind(words, &k) < 0) {
		fprintf(stderr, "vnxparse: cannot make out a naviseccli command in --cmd '%s'\n", cmd);
		free(words);
		return EXIT_USAGE;
	}
	free(words);

	char *buf = NULL;
	size_t len = 0;
	int rc = read_all(argv[optind], &buf, &len);
	if (rc < 0) {
		fprintf(stderr, "vnxparse: %s: %s\n", argv[optind],
		        rc == -EFBIG ? "larger than the parsers accept" : strerror(-rc));
		return rc == -ENOMEM ? EXIT_NOMEM : EXIT_IO;
	}

	int status = 0;
	vnx_error err;
	if (k == K_MODIFY) {
		rc = vnx_classify_modify_output(buf, len, &err);
		if (rc == 0) {
			json_t *o = json_object();
			set(o, "ok", json_true());
			emit(o);
		} else if (rc == 1) {
			emit_error(&err);
		}
		vnx_error_clear(&err);
	} else {
		rc = vnx_classify_error(buf, len, &err);
		if (rc == 1)
			emit_error(&err);
		vnx_error_clear(&err);
		if (rc == 0) {
			rc = run_parser(k, buf, len);
			if (rc == VNX_PARSE_EFORMAT) {
				/* Not a listing and not a known error text: show it as
				 * an unrecognised error so the user sees the raw message. */
				fprintf(stderr, "vnxparse: output is not what this command lists; shown as an error\n");
				if (vnx_classify_modify_output(buf, len, &err) == 1)
					emit_error(&err);
				vnx_error_clear(&err);
				status = EXIT_UNRECOGNISED;
				rc = 0;
			}
		}
	}
	free(buf);
	if (rc == VNX_PARSE_ENOMEM || g_nomem) {
		fprintf(stderr, "vnxparse: out of memory\n");
		return EXIT_NOMEM;
	}
	if (rc < 0) {
		fprintf(stderr, "vnxparse: %s\n", vnx_parse_strerror(rc));
		return EXIT_IO;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "vnxparse: write error: %s\n", strerror(errno));
		return EXIT_IO;
	}
	return status;
}
