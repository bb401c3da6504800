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

/* ---- one emitter per record type ---- */

static void emit_luns(const vnx_lun *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "id", jint(v[i].id));
		set(o, "name", jstr(v[i].name));
		set(o, "uid", jstr(v[i].uid));
		set(o, "pool", jstr(v[i].pool));
		set(o, "user_capacity_blocks", jint(v[i].user_capacity_blocks));
		set(o, "user_capacity_gb", jdbl(v[i].user_capacity_gb));
		set(o, "consumed_capacity_blocks", jint(v[i].consumed_capacity_blocks));
		set(o, "current_state", jstr(v[i].current_state));
		set(o, "status", jstr(v[i].status));
		set(o, "current_owner", jsp(v[i].current_owner));
		set(o, "default_owner", jsp(v[i].default_owner));
		set(o, "current_operation", jstr(v[i].current_operation));
		set(o, "current_operation_percent", jint(v[i].current_operation_percent));
		set(o, "tiering_policy", jstr(v[i].tiering_policy));
		set(o, "dedup_state", jstr(v[i].dedup_state));
		set(o, "is_pool_lun", json_boolean(v[i].is_pool_lun));
		set(o, "is_thin", json_boolean(v[i].is_thin));
		set(o, "is_private", json_boolean(v[i].is_private));
		set(o, "is_compressed", json_boolean(v[i].is_compressed));
		set(o, "is_faulted", json_boolean(v[i].is_faulted));
		set(o, "is_transitioning", json_boolean(v[i].is_transitioning));
		set(o, "primary_lun", jstr(v[i].primary_lun));
		set(o, "attached_snapshot", jstr(v[i].attached_snapshot));
		set(o, "snapshot_mount_points", jids(v[i].smp_ids, v[i].smp_count));
		emit(o);
	}
}

static void emit_sgs(const vnx_storage_group *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object(), *hbas = json_array(), *hlus = json_array();
		set(o, "name", jstr(v[i].name));
		set(o, "uid", jstr(v[i].uid));
		for (size_t j = 0; j < v[i].hba_count; j++) {
			const vnx_sg_hba *h = &v[i].hbas[j];
			json_t *ho = json_object();
			set(ho, "uid", jstr(h->uid));
			set(ho, "sp", jsp(h->sp));
			set(ho, "sp_port", jint(h->sp_port));
			set(ho, "sp_vport", jint(h->sp_vport));
			set(ho, "host_name", jstr(h->host_name));
			set(ho, "initiator_ip", jstr(h->initiator_ip));
			set(ho, "tpgt", jint(h->tpgt));
			set(ho, "isid", jstr(h->isid));
			if (!hbas || json_array_append_new(hbas, ho) < 0)
				g_nomem = true;
		}
		for (size_t j = 0; j < v[i].hlu_count; j++) {
			json_t *ho = json_object();
			set(ho, "hlu", json_integer(v[i].hlus[j].hlu));
			set(ho, "alu", json_integer(v[i].hlus[j].alu));
			if (!hlus || json_array_append_new(hlus, ho) < 0)
				g_nomem = true;
		}
		set(o, "hbas", hbas);
		set(o, "hlus", hlus);
		set(o, "shareable", json_boolean(v[i].shareable));
		set(o, "special", json_boolean(v[i].special));
		set(o, "default", json_boolean(v[i].is_default));
		emit(o);
	}
}

static void emit_snaps(const vnx_snap *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "name", jstr(v[i].name));
		set(o, "description", jstr(v[i].description));
		set(o, "creation_time", jstr(v[i].creation_time));
		set(o, "source_luns", jids(v[i].source_luns, v[i].source_lun_count));
		set(o, "source_cg", jstr(v[i].source_cg));
		set(o, "primary_luns", jids(v[i].primary_luns, v[i].primary_lun_count));
		set(o, "state", jstr(v[i].state));
		set(o, "status", jstr(v[i].status));
		set(o, "allow_rw", json_boolean(v[i].allow_rw));
		set(o, "modified", json_boolean(v[i].modified));
		set(o, "attached_luns", jids(v[i].attached_luns, v[i].attached_lun_count));
		set(o, "allow_auto_delete", json_boolean(v[i].allow_auto_delete));
		set(o, "expiration", jstr(v[i].expiration));
		emit(o);
	}
}

static void emit_pools(const vnx_pool *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object(), *tiers = json_array();
		set(o, "id", jint(v[i].id));
		set(o, "name", jstr(v[i].name));
		set(o, "state", jstr(v[i].state));
		set(o, "status", jstr(v[i].status));
		set(o, "raid_type", jstr(v[i].raid_type));
		set(o, "disk_type", jstr(v[i].disk_type));
		set(o, "percent_full_threshold", jint(v[i].percent_full_threshold));
		set(o, "raw_capacity_blocks", jint(v[i].raw_capacity_blocks));
		set(o, "user_capacity_blocks", jint(v[i].user_capacity_blocks));
		set(o, "user_capacity_gb", jdbl(v[i].user_capacity_gb));
		set(o, "consumed_capacity_blocks", jint(v[i].consumed_capacity_blocks));
		set(o, "consumed_capacity_gb", jdbl(v[i].consumed_capacity_gb));
		set(o, "available_capacity_blocks", jint(v[i].available_capacity_blocks));
		set(o, "available_capacity_gb", jdbl(v[i].available_capacity_gb));
		set(o, "percent_full", jdbl(v[i].percent_full));
		set(o, "total_subscribed_capacity_blocks", jint(v[i].total_subscribed_capacity_blocks));
		set(o, "percent_subscribed", jdbl(v[i].percent_subscribed));
		set(o, "oversubscribed_by_blocks", jint(v[i].oversubscribed_by_blocks));
		set(o, "fast_cache", jstr(v[i].fast_cache));
		set(o, "luns", jids(v[i].luns, v[i].lun_count));
		for (size_t j = 0; j < v[i].tier_count; j++) {
			const vnx_pool_tier *t = &v[i].tiers[j];
			json_t *to = json_object();
			set(to, "name", jstr(t->name));
			set(to, "raid_type", jstr(t->raid_type));
			set(to, "drive_count", jint(t->drive_count));
			set(to, "user_gb", jdbl(t->user_gb));
			set(to, "consumed_gb", jdbl(t->consumed_gb));
			set(to, "available_gb", jdbl(t->available_gb));
			if (!tiers || json_array_append_new(tiers, to) < 0)
				g_nomem = true;
		}
		set(o, "tiers", tiers);
		emit(o);
	}
}

static void emit_sp_ports(const vnx_sp_port *v, size_t n)
{
	static const char *const types[] = { "unknown", "fc", "iscsi" };
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "sp", jsp(v[i].sp));
		set(o, "port_id", jint(v[i].port_id));
		set(o, "uid", jstr(v[i].uid));
		set(o, "type", json_string(types[v[i].type <= VNX_PORT_ISCSI ? v[i].type : 0]));
		set(o, "link_status", jstr(v[i].link_status));
		set(o, "port_status", jstr(v[i].port_status));
		set(o, "switch_present", json_boolean(v[i].switch_present));
		set(o, "speed", jstr(v[i].speed));
		set(o, "mac_address", jstr(v[i].mac_address));
		set(o, "sfp_state", jstr(v[i].sfp_state));
		set(o, "io_module_slot", jint(v[i].io_module_slot));
		set(o, "physical_port_id", jint(v[i].physical_port_id));
		set(o, "usage", jstr(v[i].usage));
		set(o, "registered_initiators", jint(v[i].registered_initiators));
		set(o, "logged_in_initiators", jint(v[i].logged_in_initiators));
		set(o, "not_logged_in_initiators", jint(v[i].not_logged_in_initiators));
		emit(o);
	}
}

static void emit_hbas(const vnx_hba *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object(), *ports = json_array();
		set(o, "uid", jstr(v[i].uid));
		set(o, "server_name", jstr(v[i].server_name));
		set(o, "server_ip", jstr(v[i].server_ip));
		for (size_t j = 0; j < v[i].port_count; j++) {
			const vnx_hba_port *p = &v[i].ports[j];
			json_t *po = json_object();
			set(po, "sp", jsp(p->sp));
			set(po, "sp_port", jint(p->sp_port));
			set(po, "logged_in", json_boolean(p->logged_in));
			set(po, "defined", json_boolean(p->defined));
			set(po, "initiator_type", jint(p->initiator_type));
			set(po, "failover_mode", jint(p->failover_mode));
			set(po, "arraycommpath", jint(p->arraycommpath));
			set(po, "storage_group", jstr(p->storage_group));
			if (!ports || json_array_append_new(ports, po) < 0)
				g_nomem = true;
		}
		set(o, "ports", ports);
		emit(o);
	}
}

static void emit_iscsi(const vnx_iscsi_port *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "sp", jsp(v[i].sp));
		set(o, "port_id", jint(v[i].port_id));
		set(o, "vport_id", jint(v[i].vport_id));
		set(o, "type", json_string(v[i].type == VNX_PORT_FC ? "fc"
		                           : v[i].type == VNX_PORT_ISCSI ? "iscsi" : "unknown"));
		set(o, "iqn", jstr(v[i].iqn));
		set(o, "wwn", jstr(v[i].wwn));
		set(o, "ip_address", jstr(v[i].ip_address));
		set(o, "subnet_mask", jstr(v[i].subnet_mask));
		set(o, "gateway", jstr(v[i].gateway));
		set(o, "vlan_id", jint(v[i].vlan_id));
		set(o, "alias", jstr(v[i].alias));
		set(o, "mac_address", jstr(v[i].mac_address));
		set(o, "speed", jstr(v[i].speed));
		set(o, "mtu", jint(v[i].mtu));
		set(o, "initiator_auth", json_boolean(v[i].initiator_auth));
		emit(o);
	}
}

static void emit_agent(const vnx_agent *a)
{
	json_t *o = json_object();
	set(o, "model", jstr(a->model));
	set(o, "revision", jstr(a->revision));
	set(o, "serial", jstr(a->serial));
	set(o, "sp", jsp(a->sp));
	set(o, "agent_rev", jstr(a->agent_rev));
	set(o, "name", jstr(a->name));
	set(o, "node", jstr(a->node));
	set(o, "model_type", jstr(a->model_type));
	set(o, "prom_rev", jstr(a->prom_rev));
	set(o, "sp_memory_mb", jint(a->sp_memory_mb));
	set(o, "cabinet", jstr(a->cabinet));
	emit(o);
}

static void emit_ndu(const vnx_enabler *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "name", jstr(v[i].name));
		set(o, "revision", jstr(v[i].revision));
		set(o, "commit_required", json_boolean(v[i].commit_required));
		set(o, "revert_possible", json_boolean(v[i].revert_possible));
		set(o, "active", json_boolean(v[i].active));
		set(o, "installed", json_boolean(v[i].installed));
		set(o, "system_software", json_boolean(v[i].system_software));
		emit(o);
	}
}

static void emit_migrations(const vnx_migration *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "source_name", jstr(v[i].source_name));
		set(o, "source_id", jint(v[i].source_id));
		set(o, "dest_name", jstr(v[i].dest_name));
		set(o, "dest_id", jint(v[i].dest_id));
		set(o, "rate", jstr(v[i].rate));
		set(o, "state", jstr(v[i].state));
		set(o, "percent", jint(v[i].percent));
		set(o, "time_remaining", jstr(v[i].time_remaining));
		emit(o);
	}
}

static void emit_rgs(const vnx_raidgroup *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "id", jint(v[i].id));
		set(o, "raid_type", jstr(v[i].raid_type));
		set(o, "state", jstr(v[i].state));
		set(o, "disk_count", json_integer((json_int_t)v[i].disk_count));
		set(o, "luns", jids(v[i].luns, v[i].lun_count));
		set(o, "max_disks", jint(v[i].max_disks));
		set(o, "max_luns", jint(v[i].max_luns));
		set(o, "raw_capacity_blocks", jint(v[i].raw_capacity_blocks));
		set(o, "logical_capacity_blocks", jint(v[i].logical_capacity_blocks));
		set(o, "free_capacity_blocks", jint(v[i].free_capacity_blocks));
		set(o, "free_contiguous_blocks", jint(v[i].free_contiguous_blocks));
		set(o, "lun_expansion", json_boolean(v[i].lun_expansion));
		set(o, "legal_raid_types", jstr(v[i].legal_raid_types));
		emit(o);
	}
}

static void emit_getluns(const vnx_classic_lun *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "id", jint(v[i].id));
		set(o, "name", jstr(v[i].name));
		set(o, "uid", jstr(v[i].uid));
		set(o, "raid_group", jint(v[i].raid_group));
		set(o, "raid_type", jstr(v[i].raid_type));
		set(o, "state", jstr(v[i].state));
		set(o, "current_owner", jsp(v[i].current_owner));
		set(o, "default_owner", jsp(v[i].default_owner));
		set(o, "capacity_mb", jint(v[i].capacity_mb));
		set(o, "capacity_blocks", jint(v[i].capacity_blocks));
		set(o, "is_private", json_boolean(v[i].is_private));
		set(o, "is_meta", json_boolean(v[i].is_meta));
		set(o, "is_pool_lun", json_boolean(v[i].is_pool_lun));
		set(o, "is_thin", json_boolean(v[i].is_thin));
		emit(o);
	}
}

static void emit_svsnaps(const vnx_sv_snapshot *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "name", jstr(v[i].name));
		set(o, "uid", jstr(v[i].uid));
		set(o, "target_lun", jint(v[i].target_lun));
		set(o, "state", jstr(v[i].state));
		set(o, "session", jstr(v[i].session));
		emit(o);
	}
}

static void emit_svsessions(const vnx_sv_session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "name", jstr(v[i].name));
		set(o, "luns", jids(v[i].luns, v[i].lun_count));
		set(o, "persistent", json_boolean(v[i].persistent));
		set(o, "creation_time", jstr(v[i].creation_time));
		set(o, "state", jstr(v[i].state));
		set(o, "cache_gb", jdbl(v[i].cache_gb));
		emit(o);
	}
}

static void emit_kv(const vnx_kv *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		set(o, "label", jstr(v[i].label));
		set(o, "value", jstr(v[i].value));
		emit(o);
	}
}

/* Runs the parser for `k`, prints its records; returns the parser's code. */
static int run_parser(enum kind k, const char *buf, size_t len)
{
	size_t n = 0;
	int rc;
#define RUN(type, parse, emitter, arrfree)              \
	do {                                            \
		type *v = NULL;                         \
		rc = parse(buf, len, &v, &n);           \
		if (rc == 0) {                          \
			emitter(v, n);                  \
			arrfree(v, n);                  \
		}                                       \
	} while (0)
	switch (k) {
	case K_LUN: RUN(vnx_lun, vnx_parse_lun_list, emit_luns, vnx_lun_array_free); break;
	case K_SG:
		RUN(vnx_storage_group, vnx_parse_storagegroup_list, emit_sgs, vnx_storage_group_array_free);
		break;
	case K_SNAP: RUN(vnx_snap, vnx_parse_snap_list, emit_snaps, vnx_snap_array_free); break;
	case K_POOL: RUN(vnx_pool, vnx_parse_pool_list, emit_pools, vnx_pool_array_free); break;
	case K_SPPORT:
		RUN(vnx_sp_port, vnx_parse_sp_port_list, emit_sp_ports, vnx_sp_port_array_free);
		break;
	case K_HBA: RUN(vnx_hba, vnx_parse_hba_list, emit_hbas, vnx_hba_array_free); break;
	case K_ISCSI:
		RUN(vnx_iscsi_port, vnx_parse_iscsi_port_list, emit_iscsi, vnx_iscsi_port_array_free);
		break;
	case K_NDU: RUN(vnx_enabler, vnx_parse_ndu_list, emit_ndu, vnx_enabler_array_free); break;
	case K_MIGRATE:
		RUN(vnx_migration, vnx_parse_migrate_list, emit_migrations, vnx_migration_array_free);
		break;
	case K_QUERY: RUN(vnx_kv, vnx_parse_kv, emit_kv, vnx_kv_array_free); break;
	case K_RG: RUN(vnx_raidgroup, vnx_parse_raidgroup_list, emit_rgs, vnx_raidgroup_array_free); break;
	case K_GETLUN:
		RUN(vnx_classic_lun, vnx_parse_getlun, emit_getluns, vnx_classic_lun_array_free);
		break;
	case K_SVSNAP:
		RUN(vnx_sv_snapshot, vnx_parse_sv_snapshot_list, emit_svsnaps, vnx_sv_snapshot_array_free);
		break;
	case K_SVSESSION:
		RUN(vnx_sv_session, vnx_parse_sv_session_list, emit_svsessions, vnx_sv_session_array_free);
		break;
	case K_AGENT: {
		vnx_agent *a = NULL;
		/* Blank getagent output has nothing to show; not an agent. */
		rc = vnx_parse_agent(buf, len, &a);
		if (rc == 0) {
			emit_agent(a);
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
