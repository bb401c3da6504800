/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * state.c - the contents document of one simulated array, and the rules
 * that derive what the array reports from it.
 *
 * Layout (jansson object; sizes in 512-byte blocks, times in epoch seconds):
 *   model, revision, serial, agent_rev, sig_a, sig_b, seq (UID counter)
 *   enablers  ["-ThinProvisioning", ...]
 *   ports     [{sp:"A", id, kind:"fc"|"iscsi", wwn | iqn, mac, vports:[{id, ip, mask, gw}]}]
 *   pools     [{id, name, blocks}]
 *   luns      [{id, name, seq, pool, thin, blocks, owner, smp, primary, attached, ctime}]
 *             a RAID-group LUN has rg, rg_off, raid instead of pool (see cmd_rg.c),
 *             a metaLUN also meta ("C"|"S") and parts [{rg, rg_off, blocks, id}]
 *   rgs       [{id, raid|null, disks:[[bus, enclosure, disk]], disk_blocks}]
 *   sv_snaps  [{name, lun, seq, alu, session}]   SnapView snapshots (cmd_snapview.c)
 *   sv_sessions [{name, luns:[ids], start, persist, state}]
 *   rlp       [lun ids]  the reserved LUN pool; rlp_use [{lun, rl}] allocations
 *   logins    [{uid, sp, port}]   FC initiators logged in by the fabric (admin verb)
 *   snaps     [{name, res, ctime, mtime, rw, autodel, desc, modified}]
 *   sgs       [{name, seq, hlus:[{hlu, alu}]}]
 *   hbas      [{uid, host, ip, sp, port, vport, type, fm, acp, sg}]   one per path
 *   migs      [{src, dst, rate, start, blocks}]
 *   mig_mbps  optional override of the migration speed (admin verb)
 *   prepare_ms  new LUNs stay "Initializing" this long (admin verb); a LUN
 *             then carries ready_at
 * Only derived figures (pool consumption, UIDs, migration progress) are
 * computed here; nothing is cached, so the document is always the truth.
 */
#include "navisim.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

long long navisim_jint(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

const char *navisim_jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int navisim_jbool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

void navisim_jset_int(json_t *o, const char *key, long long v)
{
	json_object_set_new(o, key, json_integer(v));
}

void navisim_jset_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, v ? json_string(v) : json_null());
}

void navisim_jset_bool(json_t *o, const char *key, int v)
{
	json_object_set_new(o, key, json_boolean(v));
}

json_t *navisim_arr(json_t *st, const char *key)
{
	json_t *a = json_object_get(st, key);
	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(st, key, a);
	}
	return a;
}

/* FNV-1a (32 bits): the stable hash behind everything navisim derives
 * from a name (serial numbers, UIDs, signatures). */
uint32_t navisim_fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

json_t *navisim_state_new(const char *serial, const char *model, const char *revision, int pools,
			  long long pool_gb, int iscsi_ports, int fc_ports)
{
	json_t *st = json_object(), *ports, *pl, *en;
	char buf[128], lower[64];
	uint32_t h = navisim_fnv1a(serial);
	size_t i;

	if (!st)
		return NULL;
	for (i = 0; serial[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)((serial[i] >= 'A' && serial[i] <= 'Z') ? serial[i] + 32 : serial[i]);
	lower[i] = 0;
	navisim_jset_str(st, "model", model);
	navisim_jset_str(st, "revision", revision);
	navisim_jset_str(st, "serial", serial);
	navisim_jset_str(st, "agent_rev", "7.33.9 (5.155)");
	navisim_jset_int(st, "sig_a", 4000000 + (h % 90000));
	navisim_jset_int(st, "sig_b", 4000003 + (h % 90000));
	navisim_jset_int(st, "seq", 1);
	en = navisim_arr(st, "enablers");
	{
		/* Each generation ships its own enablers (gen.c). */
		const char *names[16];
		navisim_gen g;
		size_t ne;
		navisim_gen_from(&g, model, revision);
		ne = navisim_gen_enablers(names, 16, &g);
		for (i = 0; i < ne; i++)
			json_array_append_new(en, json_string(names[i]));
	}
	ports = navisim_arr(st, "ports");
	for (int s = 0; s < 2; s++) {
		char sp = s ? 'B' : 'A';
		for (int p = 0; p < fc_ports; p++) {
			json_t *o = json_object();
			snprintf(buf, sizeof(buf), "50:06:01:60:%02X:%02X:%02X:%02X:50:06:01:%02X:%02X:%02X:%02X:%02X",
				 (h >> 24) & 0xff, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff,
				 (unsigned)(0x60 + s * 8 + p) & 0xff, (h >> 24) & 0xff, (h >> 16) & 0xff,
				 (h >> 8) & 0xff, h & 0xff);
			navisim_jset_str(o, "sp", sp == 'A' ? "A" : "B");
			navisim_jset_int(o, "id", p);
			navisim_jset_str(o, "kind", "fc");
			navisim_jset_str(o, "wwn", buf);
			json_array_append_new(ports, o);
		}
		for (int p = 0; p < iscsi_ports; p++) {
			json_t *o = json_object(), *vps = json_array(), *vp = json_object();
			int id = fc_ports + p + 4 * (fc_ports == 0);
			snprintf(buf, sizeof(buf), "iqn.1992-04.com.emc:cx.%s.%c%d", lower, sp + 32, id);
			navisim_jset_str(o, "sp", sp == 'A' ? "A" : "B");
			navisim_jset_int(o, "id", id);
			navisim_jset_str(o, "kind", "iscsi");
			navisim_jset_str(o, "iqn", buf);
			snprintf(buf, sizeof(buf), "00-60-16-%02X-%02X-%02X", (h >> 8) & 0xff, h & 0xff,
				 (unsigned)(s * 16 + p) & 0xff);
			navisim_jset_str(o, "mac", buf);
			/* Documentation ranges: SP A in 192.0.2.0/24, SP B in 198.51.100.0/24,
			 * from .100 up so data ports never take the .1-.99 addresses
			 * people (and the demo) give the SPs' management ports. */
			snprintf(buf, sizeof(buf), "%s.%d", s ? "198.51.100" : "192.0.2", 100 + p);
			navisim_jset_int(vp, "id", 0);
			navisim_jset_str(vp, "ip", buf);
			navisim_jset_str(vp, "mask", "255.255.255.0");
			navisim_jset_str(vp, "gw", "0.0.0.0");
			json_array_append_new(vps, vp);
			json_object_set_new(o, "vports", vps);
			json_array_append_new(ports, o);
		}
	}
	pl = navisim_arr(st, "pools");
	for (int p = 0; p < pools; p++) {
		json_t *o = json_object();
		snprintf(buf, sizeof(buf), "Pool %d", p);
		navisim_jset_int(o, "id", p);
		navisim_jset_str(o, "name", buf);
		navisim_jset_int(o, "blocks", pool_gb * NAVISIM_GB_BLOCKS);
		json_array_append_new(pl, o);
	}
	navisim_arr(st, "luns");
	navisim_arr(st, "rgs");
	navisim_arr(st, "sv_snaps");
	navisim_arr(st, "sv_sessions");
	navisim_arr(st, "rlp");
	navisim_arr(st, "rlp_use");
	navisim_arr(st, "logins");
	navisim_arr(st, "snaps");
	navisim_arr(st, "sgs");
	navisim_arr(st, "hbas");
	navisim_arr(st, "migs");
	return st;
}

json_t *navisim_find_int(json_t *st, const char *arr, const char *key, long long v)
{
	size_t i;
	json_t *o;
	json_array_foreach(navisim_arr(st, arr), i, o)
		if (navisim_jint(o, key) == v)
			return o;
	return NULL;
}

json_t *navisim_find_str(json_t *st, const char *arr, const char *key, const char *v, int nocase)
{
	size_t i;
	json_t *o;
	json_array_foreach(navisim_arr(st, arr), i, o) {
		const char *s = navisim_jstr(o, key);
		if (s && (nocase ? strcasecmp(s, v) : strcmp(s, v)) == 0)
			return o;
	}
	return NULL;
}

json_t *navisim_lun_by_id(json_t *st, long long id)
{
	return navisim_find_int(st, "luns", "id", id);
}

json_t *navisim_lun_by_name(json_t *st, const char *name)
{
	return navisim_find_str(st, "luns", "name", name, 0);
}

json_t *navisim_pool_by_id(json_t *st, long long id)
{
	return navisim_find_int(st, "pools", "id", id);
}

json_t *navisim_pool_by_name(json_t *st, const char *name)
{
	return navisim_find_str(st, "pools", "name", name, 0);
}

json_t *navisim_snap_by_name(json_t *st, const char *name)
{
	return navisim_find_str(st, "snaps", "name", name, 0);
}

json_t *navisim_sg_by_name(json_t *st, const char *name)
{
	/* Storage group names compare case-insensitively on VNX. */
	return navisim_find_str(st, "sgs", "name", name, 1);
}

int navisim_has_enabler(json_t *st, const char *name)
{
	size_t i;
	json_t *e;
	json_array_foreach(navisim_arr(st, "enablers"), i, e)
		if (strcasecmp(json_string_value(e), name) == 0)
			return 1;
	return 0;
}

int navisim_index_of(json_t *arr, json_t *elem)
{
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o)
		if (o == elem)
			return (int)i;
	return -1;
}

json_t *navisim_lun_from_opts(navisim_ctx *ctx, const navisim_opt *opts, size_t n, int *status)
{
	const char *l = navisim_optval(opts, n, "-l");
	const char *name = navisim_optval(opts, n, "-name");
	json_t *lun = NULL;
	long long id;

	*status = 0;
	if (l && !name) {
		if (navisim_parse_ll(&id, l, 0, NAVISIM_MAX_LUN_ID)) {
			*status = navisim_usage_error(ctx, l);
			return NULL;
		}
		lun = navisim_lun_by_id(ctx->st, id);
	} else if (name && !l) {
		lun = navisim_lun_by_name(ctx->st, name);
	} else {
		*status = navisim_usage_error(ctx, "-l or -name");
		return NULL;
	}
	/* The lun command sees pool LUNs only; FLARE LUNs are getlun's. */
	if (lun && navisim_jint(lun, "rg") >= 0)
		lun = NULL;
	if (!lun)
		*status = navisim_fail(ctx, "Could not retrieve the specified (pool lun). The (pool lun) may not exist");
	return lun;
}

long long navisim_lun_consumed(const json_t *lun)
{
	long long b = navisim_jint(lun, "blocks");
	if (navisim_jbool(lun, "smp"))
		return 0;
	/* A thin LUN holds only what was written plus metadata: model 1/64. */
	return navisim_jbool(lun, "thin") ? (b + 63) / 64 : b;
}

long long navisim_pool_consumed(json_t *st, long long pool_id)
{
	long long sum = 0;
	size_t i;
	json_t *l;
	json_array_foreach(navisim_arr(st, "luns"), i, l)
		if (navisim_jint(l, "pool") == pool_id)
			sum += navisim_lun_consumed(l);
	return sum;
}

long long navisim_pool_subscribed(json_t *st, long long pool_id)
{
	long long sum = 0;
	size_t i;
	json_t *l;
	json_array_foreach(navisim_arr(st, "luns"), i, l)
		if (navisim_jint(l, "pool") == pool_id && !navisim_jbool(l, "smp"))
			sum += navisim_jint(l, "blocks");
	return sum;
}

long long navisim_pool_free(json_t *st, json_t *pool)
{
	long long f = navisim_jint(pool, "blocks") - navisim_pool_consumed(st, navisim_jint(pool, "id"));
	return f > 0 ? f : 0;
}

void navisim_lun_uid(char *buf, size_t len, json_t *st, const json_t *lun)
{
	const char *serial = navisim_jstr(st, "serial");
	uint32_t h = navisim_fnv1a(serial ? serial : "");
	uint32_t h2 = navisim_fnv1a(serial ? serial + (serial[0] ? 1 : 0) : "") ^ 0x5a5a5a5au;
	unsigned long long seq = (unsigned long long)navisim_jint(lun, "seq");

	/* 60:06:01:60 is EMC's NAA prefix; the rest: serial hash + LUN sequence. */
	snprintf(buf, len, "60:06:01:60:%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X",
		 (h >> 24) & 0xff, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff,
		 (unsigned)(seq >> 24) & 0xff, (unsigned)(seq >> 16) & 0xff,
		 (unsigned)(seq >> 8) & 0xff, (unsigned)seq & 0xff,
		 (h2 >> 24) & 0xff, (h2 >> 16) & 0xff, (h2 >> 8) & 0xff, h2 & 0xff);
}

void navisim_sg_uid(char *buf, size_t len, json_t *st, long long seq)
{
	const char *serial = navisim_jstr(st, "serial");
	uint32_t h = navisim_fnv1a(serial ? serial : "");
	unsigned long long s = (unsigned long long)seq;

	snprintf(buf, len, "%02X:%02X:%02X:%02X:%02X:%02X:%02X:%02X:85:E1:00:60:16:%02X:%02X:%02X",
		 (unsigned)(s >> 24) & 0xff, (unsigned)(s >> 16) & 0xff, (unsigned)(s >> 8) & 0xff,
		 (unsigned)s & 0xff, (h >> 24) & 0xff, (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff,
		 (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
}

json_t *navisim_sg_with_lun(json_t *st, long long lun_id)
{
	size_t i, j;
	json_t *sg, *p;
	json_array_foreach(navisim_arr(st, "sgs"), i, sg)
		json_array_foreach(navisim_arr(sg, "hlus"), j, p)
			if (navisim_jint(p, "alu") == lun_id)
				return sg;
	return NULL;
}

json_t *navisim_mig_with_lun(json_t *st, long long lun_id)
{
	size_t i;
	json_t *m;
	json_array_foreach(navisim_arr(st, "migs"), i, m)
		if (navisim_jint(m, "src") == lun_id || navisim_jint(m, "dst") == lun_id)
			return m;
	return NULL;
}

static double mig_rate_blocks(const json_t *mig, long long override_mbps)
{
	const char *r = navisim_jstr(mig, "rate");
	double mbps;

	if (override_mbps > 0)
		mbps = (double)override_mbps;
	else if (r && strcmp(r, "low") == 0)
		mbps = 256;
	else if (r && strcmp(r, "medium") == 0)
		mbps = 1024;
	else if (r && strcmp(r, "asap") == 0)
		mbps = 16384;
	else
		mbps = 4096;
	return mbps * (double)NAVISIM_MB_BLOCKS;
}

int navisim_mig_percent(const navisim_ctx *ctx, const json_t *mig, long long *remaining_s)
{
	double now = ctx->now;
	double rate = mig_rate_blocks(mig, navisim_jint(ctx->st, "mig_mbps"));
	double total = (double)navisim_jint(mig, "blocks");
	double done = (now - json_number_value(json_object_get(mig, "start"))) * rate;
	double pct;

	if (total <= 0)
		total = 1;
	if (done < 0)
		done = 0;
	pct = done / total * 100.0;
	if (pct >= 100.0) {
		if (remaining_s)
			*remaining_s = 0;
		return 100;
	}
	if (remaining_s)
		*remaining_s = (long long)((total - done) / rate + 0.999);
	return (int)pct;
}

void navisim_mig_advance(navisim_ctx *ctx)
{
	json_t *migs = navisim_arr(ctx->st, "migs");
	size_t i = 0;

	while (i < json_array_size(migs)) {
		json_t *m = json_array_get(migs, i);
		json_t *src, *dst;

		if (navisim_mig_percent(ctx, m, NULL) < 100) {
			i++;
			continue;
		}
		/*
		 * As on VNX: the source keeps its id, name, WWN and host mappings
		 * (hosts see the same LUN) but now lives where the destination
		 * was: its pool, type and size.  The destination id disappears.
		 */
		src = navisim_lun_by_id(ctx->st, navisim_jint(m, "src"));
		dst = navisim_lun_by_id(ctx->st, navisim_jint(m, "dst"));
		if (src && dst) {
			json_object_del(src, "pool");
			if (json_object_get(dst, "pool"))
				json_object_set(src, "pool", json_object_get(dst, "pool"));
			json_object_set(src, "thin", json_object_get(dst, "thin"));
			json_object_set(src, "blocks", json_object_get(dst, "blocks"));
			/* ... or, for a FLARE LUN destination, its RAID group extent. */
			json_object_del(src, "rg");
			json_object_del(src, "rg_off");
			json_object_del(src, "raid");
			if (navisim_jint(dst, "rg") >= 0) {
				json_object_set(src, "rg", json_object_get(dst, "rg"));
				json_object_set(src, "rg_off", json_object_get(dst, "rg_off"));
				json_object_set(src, "raid", json_object_get(dst, "raid"));
			}
			/* A migrated SMP (a clone in the making) is now an ordinary LUN. */
			navisim_jset_bool(src, "smp", 0);
			json_object_del(src, "primary");
			json_object_del(src, "attached");
			json_array_remove(navisim_arr(ctx->st, "luns"),
					  (size_t)navisim_index_of(navisim_arr(ctx->st, "luns"), dst));
		}
		json_array_remove(migs, i);
		ctx->modified = 1;
	}
}

int navisim_lun_preparing(const navisim_ctx *ctx, const json_t *lun)
{
	json_t *ready = json_object_get(lun, "ready_at");
	return json_is_number(ready) && ctx->now < json_number_value(ready);
}

int navisim_fail_preparing(navisim_ctx *ctx)
{
	char msg[128];
	snprintf(msg, sizeof(msg), "SP %c: The LUN is preparing. Retry the operation later. (0x712d8e0e)", ctx->sp);
	return navisim_fail(ctx, msg);
}

long long navisim_next_seq(json_t *st)
{
	long long s = navisim_jint(st, "seq");
	if (s < 1)
		s = 1;
	navisim_jset_int(st, "seq", s + 1);
	return s;
}

void navisim_fmt_time(char *buf, size_t len, double t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	/* The array prints two-digit years; format them by hand (no %y warning). */
	snprintf(buf, len, "%02d/%02d/%02d %02d:%02d:%02d", tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_year % 100, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

json_t *navisim_port(json_t *st, char sp, long long id)
{
	size_t i;
	json_t *p;
	json_array_foreach(navisim_arr(st, "ports"), i, p) {
		const char *s = navisim_jstr(p, "sp");
		if (s && s[0] == sp && navisim_jint(p, "id") == id)
			return p;
	}
	return NULL;
}

/* ---- option parsing and error output shared by all handlers ---- */

int navisim_parse_opts(navisim_ctx *ctx, navisim_opt *opts, size_t n, int start)
{
	for (int i = start; i < ctx->argc; i++) {
		size_t k;
		for (k = 0; k < n; k++)
			if (strcmp(ctx->argv[i], opts[k].name) == 0)
				break;
		if (k == n || opts[k].present)
			return navisim_usage_error(ctx, ctx->argv[i]);
		opts[k].present = 1;
		if (opts[k].has_value) {
			if (i + 1 >= ctx->argc)
				return navisim_usage_error(ctx, ctx->argv[i]);
			opts[k].value = ctx->argv[++i];
		}
	}
	return 0;
}

const char *navisim_optval(const navisim_opt *opts, size_t n, const char *name)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(opts[k].name, name) == 0)
			return opts[k].present ? opts[k].value : NULL;
	return NULL;
}

int navisim_opthas(const navisim_opt *opts, size_t n, const char *name)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(opts[k].name, name) == 0)
			return opts[k].present;
	return 0;
}

int navisim_fail(navisim_ctx *ctx, const char *text)
{
	fprintf(ctx->out, "%s\n", text);
	return NAVISIM_EXIT_FAIL;
}

int navisim_usage_error(navisim_ctx *ctx, const char *what)
{
	fprintf(ctx->out, "Error: %s command failed\nThe command contains invalid command line parameters: %s\n",
		ctx->argc > 0 ? ctx->argv[0] : "", what ? what : "");
	return NAVISIM_EXIT_USAGE;
}

int navisim_run_verb(navisim_ctx *ctx, const navisim_verb *verbs, const char *what)
{
	const char *verb = ctx->argc > 1 ? ctx->argv[1] : "";

	for (; verbs->name; verbs++)
		if (strcmp(verb, verbs->name) == 0)
			return verbs->run ? verbs->run(ctx) : verbs->run_arg(ctx, verbs->arg);
	return navisim_usage_error(ctx, *verb ? verb : what);
}

int navisim_parse_ll(long long *out, const char *s, long long min, long long max)
{
	char *end;
	long long v;

	if (!s || !*s || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int navisim_parse_yesno(const char *s)
{
	if (!s)
		return -1;
	if (strcasecmp(s, "yes") == 0)
		return 1;
	if (strcasecmp(s, "no") == 0)
		return 0;
	return -1;
}

int navisim_valid_ipv4(const char *s)
{
	int parts = 0;

	while (*s) {
		long long v;
		char part[4];
		size_t n = strspn(s, "0123456789");
		if (n == 0 || n > 3)
			return 0;
		memcpy(part, s, n);
		part[n] = 0;
		if (navisim_parse_ll(&v, part, 0, 255))
			return 0;
		parts++;
		s += n;
		if (*s == '.' && parts < 4 && s[1])
			s++;
		else if (*s)
			return 0;
	}
	return parts == 4;
}

int navisim_valid_text(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

int navisim_parse_capacity(long long *blocks, const char *n, const char *sq)
{
	long long v, mul;

	if (!sq || strcasecmp(sq, "gb") == 0)
		mul = NAVISIM_GB_BLOCKS;
	else if (strcasecmp(sq, "mb") == 0)
		mul = NAVISIM_MB_BLOCKS;
	else if (strcasecmp(sq, "tb") == 0)
		mul = NAVISIM_GB_BLOCKS * 1024;
	else if (strcasecmp(sq, "bc") == 0)
		mul = 1;
	else
		return -1;
	/* 256 TB is beyond any VNX LUN; it also keeps the product in range. */
	if (navisim_parse_ll(&v, n, 1, (NAVISIM_GB_BLOCKS * 1024 * 256) / mul))
		return -1;
	*blocks = v * mul;
	return 0;
}
