/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * admin.c - `navisim --admin <verb>`: creating and steering simulated
 * arrays (never part of the naviseccli syntax).
 *
 *   create-array --name N --spa ADDR --spb ADDR [--model M] [--revision R]
 *                [--serial S] [--user U --password P] [--pools K] [--pool-gb G]
 *                [--iscsi-ports K] [--fc-ports K] [--rgs K] [--rg-disks D]
 *                [--raid-type T] [--disk-gb G | --disk-blocks B] [--enablers LIST]
 *                The model picks the family and its operating environment
 *                (gen.c); the defaults follow it: pools only where the
 *                release has them (asking for pools elsewhere is refused),
 *                RAID groups instead on arrays without pools.
 *   create-rg --name N --rg ID [--disks D] [--raid-type T|none] [--disk-gb G]
 *   remove-rg --name N --rg ID
 *   fc-login --name N --sp A|B --port P --wwpn W [--wwnn W]   (as a fabric would)
 *   fc-logout --name N --sp A|B --port P --wwpn W [--wwnn W]
 *   delete-array --name N          list-arrays          reset
 *   sp-down --name N --sp A|B      sp-up --name N --sp A|B
 *   latency --name N --ms M
 *   fail-next --name N --count K --match 'WORDS' --message 'TEXT'
 *   migrate-rate --name N --mbps M (0 = per -rate defaults)
 *   prepare --name N --ms M        new LUNs stay "Initializing" for M ms and
 *                                  refuse expand/snap/migrate with 0x712d8e0e
 *   port-ip --name N --sp A|B --port P [--vport V] --ip ADDR|none [--mask M] [--gw G]
 *                                  (none: an uninitialized iSCSI port)
 *   log --name N                   show --name N        check
 *
 * Options are --key value pairs checked against each verb's list; an
 * unknown verb or option, a missing value or a bad number prints the usage
 * on stderr and exits 2.  Arrays created without --user accept any
 * credentials.
 */
#include "navisim.h"
#include "navisim_db.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ADMIN_USAGE 2
#define MAX_KV 24

typedef struct kv {
	const char *key[MAX_KV];
	const char *val[MAX_KV];
	int n;
} kv;

static void usage(void)
{
	fprintf(stderr,
		"usage: navisim --admin <verb> [--option value ...]\n"
		"  create-array --name N --spa ADDR --spb ADDR [--model M] [--revision R] [--serial S]\n"
		"               [--user U --password P] [--pools K] [--pool-gb G] [--iscsi-ports K] [--fc-ports K]\n"
		"               [--rgs K] [--rg-disks D] [--raid-type T] [--disk-gb G | --disk-blocks B]\n"
		"               [--enablers -A,-B,...]\n"
		"  create-rg --name N --rg ID [--disks D] [--raid-type r0|r1|r1_0|r3|r5|r6|none] [--disk-gb G]\n"
		"  remove-rg --name N --rg ID\n"
		"  fc-login --name N --sp A|B --port P --wwpn W [--wwnn W]\n"
		"  fc-logout --name N --sp A|B --port P --wwpn W [--wwnn W]\n"
		"  delete-array --name N\n"
		"  list-arrays\n"
		"  reset                          (delete every array, log and rule)\n"
		"  sp-down --name N --sp A|B\n"
		"  sp-up --name N --sp A|B\n"
		"  latency --name N --ms M\n"
		"  fail-next --name N --count K --match 'WORDS' --message 'TEXT'\n"
		"  migrate-rate --name N --mbps M\n"
		"  prepare --name N --ms M            (new LUNs stay Initializing for M ms)\n"
		"  port-ip --name N --sp A|B --port P [--vport V] --ip ADDR|none [--mask M] [--gw G]\n"
		"  log --name N\n"
		"  show --name N                  (the array's contents as JSON)\n"
		"  check                          (state file integrity check)\n");
}

/* Parse --key value pairs, each key in allowed (NULL-terminated), at most once. */
static int parse_kv(kv *out, int argc, char **argv, const char *const *allowed)
{
	out->n = 0;
	for (int i = 0; i < argc; i += 2) {
		const char *k = argv[i];
		int ok = 0;
		if (strncmp(k, "--", 2) != 0 || i + 1 >= argc || out->n >= MAX_KV)
			return -1;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(k + 2, *a) == 0)
				ok = 1;
		for (int j = 0; j < out->n; j++)
			if (strcmp(out->key[j], k + 2) == 0)
				ok = 0;
		if (!ok) {
			fprintf(stderr, "navisim: unknown or repeated option %s\n", k);
			return -1;
		}
		out->key[out->n] = k + 2;
		out->val[out->n++] = argv[i + 1];
	}
	return 0;
}

static const char *get(const kv *o, const char *key)
{
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->key[i], key) == 0)
			return o->val[i];
	return NULL;
}

static int get_int(long long *out, const kv *o, const char *key, long long dflt, long long min,
		   long long max)
{
	const char *v = get(o, key);
	if (!v) {
		*out = dflt;
		return 0;
	}
	if (navisim_parse_ll(out, v, min, max)) {
		fprintf(stderr, "navisim: --%s needs an integer in %lld..%lld\n", key, min, max);
		return -1;
	}
	return 0;
}

/* A management address: host name or IP characters only, as -h accepts. */
static int valid_address(const char *a)
{
	size_t n = strlen(a);
	if (n == 0 || n > 253)
		return 0;
	for (; *a; a++)
		if (!((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
		      *a == '.' || *a == '-' || *a == ':' || *a == '_'))
			return 0;
	return 1;
}

/* Replace the generation's default enablers by LIST ("-A,-B"), each one the
 * generation can have; -1 (message printed) otherwise. */
static int set_enablers(json_t *st, const char *list, const navisim_gen *g)
{
	json_t *en = json_array();
	char buf[512], *save = NULL, *tok;

	if (strlen(list) >= sizeof(buf)) {
		json_decref(en);
		return -1;
	}
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!navisim_can_have_enabler(g, tok)) {
			fprintf(stderr, "navisim: a %s running %s cannot have the enabler %s\n",
				navisim_jstr(st, "model"), navisim_jstr(st, "revision"), tok);
			json_decref(en);
			return -1;
		}
		json_array_append_new(en, json_string(tok));
	}
	json_object_set_new(st, "enablers", en);
	return 0;
}

static int create_array(navisim_db *db, const kv *o)
{
	const char *name = get(o, "name"), *spa = get(o, "spa"), *spb = get(o, "spb");
	const char *model = get(o, "model"), *rev = get(o, "revision"), *serial = get(o, "serial");
	const char *user = get(o, "user"), *password = get(o, "password");
	const char *raid = get(o, "raid-type"), *enablers = get(o, "enablers");
	long long pools, pool_gb, iscsi, fc, rgs, rg_disks, disk_gb, disk_blocks;
	navisim_db_array a = {0};
	char serial_buf[32], rev_buf[32], msg[256], *js;
	navisim_gen g;
	json_t *st;
	int rc;

	if (!name || !*name || strlen(name) > 64 || !spa || !spb || !valid_address(spa) ||
	    !valid_address(spb) || strcmp(spa, spb) == 0 || (!user) != (!password)) {
		fprintf(stderr, "navisim: create-array needs --name, two distinct --spa/--spb addresses, "
				"and --user with --password\n");
		return ADMIN_USAGE;
	}
	if (!model)
		model = "VNX5400";
	if (strlen(model) > 32 || (rev && strlen(rev) > 32)) {
		fprintf(stderr, "navisim: --model or --revision too long\n");
		return ADMIN_USAGE;
	}
	if (!rev) {
		navisim_default_revision(rev_buf, sizeof(rev_buf), model);
		rev = rev_buf;
	}
	if (navisim_gen_check(msg, sizeof(msg), model, rev)) {
		fprintf(stderr, "navisim: %s\n", msg);
		return NAVISIM_EXIT_FAIL;
	}
	navisim_gen_from(&g, model, rev);
	/* The defaults follow the generation: pools where it has them, else RAID groups. */
	if (get_int(&pools, o, "pools", g.pools ? 2 : 0, 0, 64) ||
	    get_int(&pool_gb, o, "pool-gb", 1024, 1, 1048576) ||
	    get_int(&iscsi, o, "iscsi-ports", 2, 0, 8) || get_int(&fc, o, "fc-ports", 2, 0, 8) ||
	    get_int(&rgs, o, "rgs", g.pools ? 0 : 2, 0, 64) || get_int(&rg_disks, o, "rg-disks", 5, 1, 16) ||
	    get_int(&disk_gb, o, "disk-gb", 300, 1, 16384) ||
	    get_int(&disk_blocks, o, "disk-blocks", 0, 0, 16384LL * NAVISIM_GB_BLOCKS))
		return ADMIN_USAGE;
	if (pools > 0 && !g.pools) {
		fprintf(stderr, "navisim: a %s running %s has no storage pools (they came with FLARE 28.5 "
				"on the CX4); give it RAID groups (--rgs)\n", model, rev);
		return NAVISIM_EXIT_FAIL;
	}
	if (!raid)
		raid = "r5";
	if (strcmp(raid, "none") != 0 && !navisim_raid_legal(raid, (int)rg_disks)) {
		fprintf(stderr, "navisim: --raid-type %s cannot be made of %lld disks\n", raid, rg_disks);
		return ADMIN_USAGE;
	}
	if (rgs * rg_disks > 8 * 15) {
		fprintf(stderr, "navisim: at most 120 disks (8 enclosures of 15) fit in RAID groups\n");
		return ADMIN_USAGE;
	}
	if (!serial) {
		/* Stable per name, in the APM00 + 9 digits shape of real serials. */
		uint32_t h = navisim_fnv1a(name);

		snprintf(serial_buf, sizeof(serial_buf), "APM00%09u", (unsigned)(h % 1000000000u));
		serial = serial_buf;
	}
	if (strlen(serial) > 20 || !valid_address(serial)) {
		fprintf(stderr, "navisim: --serial too long or malformed\n");
		return ADMIN_USAGE;
	}
	st = navisim_state_new(serial, model, rev, (int)pools, pool_gb, (int)iscsi, (int)fc);
	if (!st)
		return NAVISIM_EXIT_INTERNAL;
	if (enablers && set_enablers(st, enablers, &g)) {
		json_decref(st);
		return NAVISIM_EXIT_FAIL;
	}
	navisim_jset_int(st, "disk_blocks", disk_blocks ? disk_blocks : disk_gb * NAVISIM_GB_BLOCKS);
	for (long long k = 0; k < rgs; k++)
		navisim_rg_new(st, k, strcmp(raid, "none") ? raid : NULL, navisim_free_disks(st, (int)rg_disks));
	js = json_dumps(st, JSON_COMPACT);
	json_decref(st);
	if (!js)
		return NAVISIM_EXIT_INTERNAL;
	a.name = (char *)name;
	a.spa = (char *)spa;
	a.spb = (char *)spb;
	a.user = (char *)user;
	a.password = (char *)password;
	if (navisim_db_begin(db)) {
		free(js);
		return NAVISIM_EXIT_INTERNAL;
	}
	rc = navisim_db_array_insert(db, &a, js);
	free(js);
	if (rc == 0 && navisim_db_commit(db) == 0)
		return 0;
	navisim_db_rollback(db);
	if (rc == NAVISIM_DB_EEXISTS) {
		fprintf(stderr, "navisim: an array with that name or SP address exists\n");
		return NAVISIM_EXIT_FAIL;
	}
	fprintf(stderr, "navisim: create-array failed: %s\n", navisim_db_errmsg(db));
	return NAVISIM_EXIT_INTERNAL;
}

/* Load, let fn change the control columns, save: one transaction. */
static int update_array(navisim_db *db, const char *name, int (*fn)(navisim_db_array *, const kv *),
			const kv *o)
{
	navisim_db_array *a = NULL;
	int rc;

	if (!name) {
		usage();
		return ADMIN_USAGE;
	}
	if (navisim_db_begin(db))
		return NAVISIM_EXIT_INTERNAL;
	rc = navisim_db_array_get(&a, db, name);
	if (rc) {
		navisim_db_rollback(db);
		fprintf(stderr, "navisim: no array named %s\n", name);
		return rc == NAVISIM_DB_ENOTFOUND ? NAVISIM_EXIT_FAIL : NAVISIM_EXIT_INTERNAL;
	}
	rc = fn(a, o);
	if (rc == 0 && (navisim_db_array_update(db, a) || navisim_db_commit(db)))
		rc = NAVISIM_EXIT_INTERNAL;
	navisim_db_rollback(db);
	navisim_db_array_free(a);
	return rc;
}

static int set_sp(navisim_db_array *a, const kv *o, int down)
{
	const char *sp = get(o, "sp");
	if (!sp || (strcasecmp(sp, "A") && strcasecmp(sp, "B"))) {
		fprintf(stderr, "navisim: --sp must be A or B\n");
		return ADMIN_USAGE;
	}
	if ((sp[0] & ~0x20) == 'A')
		a->spa_down = down;
	else
		a->spb_down = down;
	return 0;
}

static int fn_sp_down(navisim_db_array *a, const kv *o)
{
	return set_sp(a, o, 1);
}

static int fn_sp_up(navisim_db_array *a, const kv *o)
{
	return set_sp(a, o, 0);
}

static int fn_latency(navisim_db_array *a, const kv *o)
{
	long long ms;
	if (!get(o, "ms") || get_int(&ms, o, "ms", 0, 0, 600000))
		return ADMIN_USAGE;
	a->latency_ms = (int)ms;
	return 0;
}

static int with_state(navisim_db *db, const char *name, int write, int (*fn)(json_t *, const kv *),
		      const kv *o)
{
	char *s = NULL, *js;
	json_t *st;
	int rc;

	if (!name) {
		usage();
		return ADMIN_USAGE;
	}
	if (navisim_db_begin(db))
		return NAVISIM_EXIT_INTERNAL;
	if (navisim_db_state_load(&s, db, name) || !(st = json_loads(s, 0, NULL))) {
		navisim_db_rollback(db);
		free(s);
		fprintf(stderr, "navisim: no array named %s\n", name);
		return NAVISIM_EXIT_FAIL;
	}
	free(s);
	rc = fn(st, o);
	if (rc == 0 && write) {
		js = json_dumps(st, JSON_COMPACT);
		if (!js || navisim_db_state_save(db, name, js) || navisim_db_commit(db))
			rc = NAVISIM_EXIT_INTERNAL;
		free(js);
	}
	navisim_db_rollback(db);
	json_decref(st);
	return rc;
}

static int fn_show(json_t *st, const kv *o)
{
	json_t *out = json_deep_copy(st), *l;
	char uid[64];
	size_t i;

	(void)o;
	if (!out)
		return NAVISIM_EXIT_INTERNAL;
	/* Each LUN's WWN as `lun -list -uid` prints it: derived, never stored. */
	json_array_foreach(json_object_get(out, "luns"), i, l) {
		navisim_lun_uid(uid, sizeof(uid), out, l);
		navisim_jset_str(l, "wwn", uid);
	}
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	printf("\n");
	json_decref(out);
	return 0;
}

static int fn_prepare(json_t *st, const kv *o)
{
	long long ms;
	if (!get(o, "ms") || get_int(&ms, o, "ms", 0, 0, 600000))
		return ADMIN_USAGE;
	navisim_jset_int(st, "prepare_ms", ms);
	return 0;
}

static int fn_migrate_rate(json_t *st, const kv *o)
{
	long long m;
	if (!get(o, "mbps") || get_int(&m, o, "mbps", 0, 0, 100000000))
		return ADMIN_USAGE;
	navisim_jset_int(st, "mig_mbps", m);
	return 0;
}

/* port-ip: set (or with --ip none, clear) the address of an iSCSI virtual port. */
static int fn_port_ip(json_t *st, const kv *o)
{
	const char *sp = get(o, "sp"), *ip = get(o, "ip"), *mask = get(o, "mask"), *gw = get(o, "gw");
	long long port, vport;
	json_t *p, *vps, *vp, *hit = NULL;
	size_t i;

	if (!sp || (strcasecmp(sp, "A") && strcasecmp(sp, "B")) || !ip || !get(o, "port") ||
	    get_int(&port, o, "port", -1, 0, 1000) || get_int(&vport, o, "vport", 0, 0, 1000) ||
	    (strcmp(ip, "none") != 0 && !navisim_valid_ipv4(ip)) || (mask && !navisim_valid_ipv4(mask)) ||
	    (gw && !navisim_valid_ipv4(gw)))
		return ADMIN_USAGE;
	p = navisim_port(st, (char)(sp[0] & ~0x20), port);
	if (!p || strcmp(navisim_jstr(p, "kind"), "iscsi") != 0) {
		fprintf(stderr, "navisim: no iSCSI port %c-%lld\n", sp[0] & ~0x20, port);
		return NAVISIM_EXIT_FAIL;
	}
	vps = navisim_arr(p, "vports");
	json_array_foreach(vps, i, vp)
		if (navisim_jint(vp, "id") == vport)
			hit = vp;
	if (!hit) {
		hit = json_object();
		navisim_jset_int(hit, "id", vport);
		json_array_append_new(vps, hit);
	}
	if (strcmp(ip, "none") == 0) {
		json_object_del(hit, "ip");
		json_object_del(hit, "mask");
		json_object_del(hit, "gw");
		return 0;
	}
	navisim_jset_str(hit, "ip", ip);
	navisim_jset_str(hit, "mask", mask ? mask : "255.255.255.0");
	navisim_jset_str(hit, "gw", gw ? gw : "0.0.0.0");
	return 0;
}

/* create-rg: a RAID group of the lowest free disks, as createrg would make it. */
static int fn_create_rg(json_t *st, const kv *o)
{
	const char *raid = get(o, "raid-type");
	long long id, nd, gb;
	json_t *disks, *rg;

	if (!get(o, "rg") || get_int(&id, o, "rg", 0, 0, 999) || get_int(&nd, o, "disks", 5, 1, 16) ||
	    get_int(&gb, o, "disk-gb", 0, 1, 16384))
		return ADMIN_USAGE;
	if (!raid)
		raid = "r5";
	if (strcmp(raid, "none") != 0 && !navisim_raid_legal(raid, (int)nd)) {
		fprintf(stderr, "navisim: --raid-type %s cannot be made of %lld disks\n", raid, nd);
		return ADMIN_USAGE;
	}
	if (navisim_rg_by_id(st, id)) {
		fprintf(stderr, "navisim: RAID group %lld exists\n", id);
		return NAVISIM_EXIT_FAIL;
	}
	disks = navisim_free_disks(st, (int)nd);
	if (!disks) {
		fprintf(stderr, "navisim: not %lld free disks left\n", nd);
		return NAVISIM_EXIT_FAIL;
	}
	rg = navisim_rg_new(st, id, strcmp(raid, "none") ? raid : NULL, disks);
	if (gb)
		navisim_jset_int(rg, "disk_blocks", gb * NAVISIM_GB_BLOCKS);
	return 0;
}

static int fn_remove_rg(json_t *st, const kv *o)
{
	json_t *rgs = navisim_arr(st, "rgs"), *rg;
	long long id;

	if (!get(o, "rg") || get_int(&id, o, "rg", 0, 0, 999))
		return ADMIN_USAGE;
	rg = navisim_rg_by_id(st, id);
	if (!rg) {
		fprintf(stderr, "navisim: no RAID group %lld\n", id);
		return NAVISIM_EXIT_FAIL;
	}
	if (navisim_rg_lun_count(st, id)) {
		fprintf(stderr, "navisim: RAID group %lld still holds LUNs\n", id);
		return NAVISIM_EXIT_FAIL;
	}
	json_array_remove(rgs, (size_t)navisim_index_of(rgs, rg));
	return 0;
}

/* A WWN of 8 bytes "hh:hh:..." (any case) -> upper case into out (24 bytes). */
static int valid_wwn8(char *out, const char *w)
{
	if (strlen(w) != 23)
		return 0;
	for (int i = 0; i < 23; i++) {
		char c = w[i];
		if (i % 3 == 2 ? c != ':' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
		out[i] = (char)((c >= 'a' && c <= 'f') ? c - 32 : c);
	}
	out[23] = 0;
	return 1;
}

/* fc-login / fc-logout: the fabric reports (or stops reporting) WWPN on an FC port. */
static int fc_login(json_t *st, const kv *o, int in)
{
	const char *sp = get(o, "sp"), *wwpn = get(o, "wwpn"), *wwnn = get(o, "wwnn");
	char pn[24], nn[24], uid[48];
	long long port;
	json_t *p, *l, *hit = NULL;
	size_t i;

	if (!sp || (strcasecmp(sp, "A") && strcasecmp(sp, "B")) || !get(o, "port") ||
	    get_int(&port, o, "port", 0, 0, 1000) || !wwpn || !valid_wwn8(pn, wwpn) ||
	    (wwnn && !valid_wwn8(nn, wwnn)))
		return ADMIN_USAGE;
	if (!wwnn) {
		/* The usual HBA convention: node name 20:00 + the port name's last six bytes. */
		snprintf(nn, sizeof(nn), "20:00:%s", pn + 6);
	}
	p = navisim_port(st, (char)(sp[0] & ~0x20), port);
	if (!p || strcmp(navisim_jstr(p, "kind"), "fc") != 0) {
		fprintf(stderr, "navisim: no FC port %c-%lld\n", sp[0] & ~0x20, port);
		return NAVISIM_EXIT_FAIL;
	}
	snprintf(uid, sizeof(uid), "%s:%s", nn, pn);
	json_array_foreach(navisim_arr(st, "logins"), i, l)
		if (strcasecmp(navisim_jstr(l, "uid"), uid) == 0 && navisim_jstr(l, "sp")[0] == (sp[0] & ~0x20) &&
		    navisim_jint(l, "port") == port)
			hit = l;
	if (!hit) {
		hit = json_object();
		navisim_jset_str(hit, "uid", uid);
		navisim_jset_str(hit, "sp", (sp[0] & ~0x20) == 'A' ? "A" : "B");
		navisim_jset_int(hit, "port", port);
		json_array_append_new(navisim_arr(st, "logins"), hit);
	}
	navisim_jset_bool(hit, "in", in);
	return 0;
}

static int fn_fc_login(json_t *st, const kv *o)
{
	return fc_login(st, o, 1);
}

static int fn_fc_logout(json_t *st, const kv *o)
{
	return fc_login(st, o, 0);
}

static int show_log(navisim_db *db, const char *name)
{
	navisim_db_log_entry *e = NULL;
	size_t n = 0;

	if (navisim_db_log_list(&e, &n, db, name))
		return NAVISIM_EXIT_INTERNAL;
	for (size_t i = 0; i < n; i++) {
		time_t t = (time_t)e[i].time;
		struct tm tm;
		char ts[32];
		gmtime_r(&t, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		printf("%s.%03dZ %s exit=%d %dms %s\n", ts, (int)((e[i].time - (double)t) * 1000),
		       e[i].sp_address, e[i].status, e[i].duration_ms, e[i].argv);
	}
	navisim_db_log_entry_array_free(e, n);
	return 0;
}

static int list_arrays(navisim_db *db)
{
	navisim_db_array *v = NULL;
	size_t n = 0;

	if (navisim_db_array_list(&v, &n, db))
		return NAVISIM_EXIT_INTERNAL;
	for (size_t i = 0; i < n; i++)
		printf("%s spa=%s%s spb=%s%s latency=%dms auth=%s\n", v[i].name, v[i].spa,
		       v[i].spa_down ? "(down)" : "", v[i].spb, v[i].spb_down ? "(down)" : "",
		       v[i].latency_ms, v[i].user ? "yes" : "any");
	navisim_db_array_array_free(v, n);
	return 0;
}

static int reset_all(navisim_db *db)
{
	navisim_db_array *v = NULL;
	size_t n = 0;
	int rc = 0;

	if (navisim_db_begin(db))
		return NAVISIM_EXIT_INTERNAL;
	if (navisim_db_array_list(&v, &n, db))
		rc = NAVISIM_EXIT_INTERNAL;
	for (size_t i = 0; i < n && !rc; i++)
		if (navisim_db_array_delete(db, v[i].name))
			rc = NAVISIM_EXIT_INTERNAL;
	navisim_db_array_array_free(v, n);
	if (!rc && navisim_db_commit(db))
		rc = NAVISIM_EXIT_INTERNAL;
	navisim_db_rollback(db);
	return rc;
}

static int fail_next(navisim_db *db, const kv *o)
{
	const char *name = get(o, "name"), *match = get(o, "match"), *msg = get(o, "message");
	navisim_db_array *a = NULL;
	long long count;
	int rc;

	if (!name || !match || !msg || !*msg || get_int(&count, o, "count", 1, 1, 1000000)) {
		usage();
		return ADMIN_USAGE;
	}
	if (navisim_db_begin(db))
		return NAVISIM_EXIT_INTERNAL;
	rc = navisim_db_array_get(&a, db, name);
	navisim_db_array_free(a);
	if (rc) {
		navisim_db_rollback(db);
		fprintf(stderr, "navisim: no array named %s\n", name);
		return NAVISIM_EXIT_FAIL;
	}
	if (navisim_db_fail_add(db, name, (int)count, match, msg) || navisim_db_commit(db)) {
		navisim_db_rollback(db);
		return NAVISIM_EXIT_INTERNAL;
	}
	return 0;
}

int navisim_admin(const char *db_path, int argc, char **argv)
{
	static const char *const k_create[] = {"name", "spa", "spb", "model", "revision", "serial",
					       "user", "password", "pools", "pool-gb", "iscsi-ports",
					       "fc-ports", "rgs", "rg-disks", "raid-type", "disk-gb",
					       "disk-blocks", "enablers", NULL};
	static const char *const k_rg[] = {"name", "rg", "disks", "raid-type", "disk-gb", NULL};
	static const char *const k_fc[] = {"name", "sp", "port", "wwpn", "wwnn", NULL};
	static const char *const k_name[] = {"name", NULL};
	static const char *const k_sp[] = {"name", "sp", NULL};
	static const char *const k_lat[] = {"name", "ms", NULL};
	static const char *const k_fail[] = {"name", "count", "match", "message", NULL};
	static const char *const k_mig[] = {"name", "mbps", NULL};
	static const char *const k_prep[] = {"name", "ms", NULL};
	static const char *const k_port[] = {"name", "sp", "port", "vport", "ip", "mask", "gw", NULL};
	static const char *const k_none[] = {NULL};
	const char *verb;
	const char *const *keys;
	navisim_db *db = NULL;
	kv o;
	int rc;

	if (argc < 1) {
		usage();
		return ADMIN_USAGE;
	}
	verb = argv[0];
	if (strcmp(verb, "help") == 0 || strcmp(verb, "--help") == 0) {
		usage();
		return 0;
	}
	if (strcmp(verb, "create-array") == 0)
		keys = k_create;
	else if (strcmp(verb, "delete-array") == 0 || strcmp(verb, "log") == 0 ||
		 strcmp(verb, "show") == 0)
		keys = k_name;
	else if (strcmp(verb, "sp-down") == 0 || strcmp(verb, "sp-up") == 0)
		keys = k_sp;
	else if (strcmp(verb, "latency") == 0)
		keys = k_lat;
	else if (strcmp(verb, "fail-next") == 0)
		keys = k_fail;
	else if (strcmp(verb, "migrate-rate") == 0)
		keys = k_mig;
	else if (strcmp(verb, "prepare") == 0)
		keys = k_prep;
	else if (strcmp(verb, "port-ip") == 0)
		keys = k_port;
	else if (strcmp(verb, "create-rg") == 0 || strcmp(verb, "remove-rg") == 0)
		keys = k_rg;
	else if (strcmp(verb, "fc-login") == 0 || strcmp(verb, "fc-logout") == 0)
		keys = k_fc;
	else if (strcmp(verb, "list-arrays") == 0 || strcmp(verb, "reset") == 0 ||
		 strcmp(verb, "check") == 0)
		keys = k_none;
	else {
		fprintf(stderr, "navisim: unknown admin verb '%s'\n", verb);
		usage();
		return ADMIN_USAGE;
	}
	if (parse_kv(&o, argc - 1, argv + 1, keys)) {
		usage();
		return ADMIN_USAGE;
	}
	if ((keys == k_name || keys == k_sp || keys == k_lat || keys == k_mig || keys == k_port ||
	     keys == k_prep || keys == k_rg || keys == k_fc) &&
	    !get(&o, "name")) {
		usage();
		return ADMIN_USAGE;
	}
	/* Check values before touching the state file, so usage errors stay usage errors. */
	if (keys == k_sp) {
		const char *sp = get(&o, "sp");
		if (!sp || (strcasecmp(sp, "A") && strcasecmp(sp, "B"))) {
			usage();
			return ADMIN_USAGE;
		}
	} else if (keys == k_port) {
		const char *sp = get(&o, "sp"), *ip = get(&o, "ip"), *mask = get(&o, "mask"), *gw = get(&o, "gw");
		long long v;
		if (!sp || (strcasecmp(sp, "A") && strcasecmp(sp, "B")) || !ip || !get(&o, "port") ||
		    get_int(&v, &o, "port", 0, 0, 1000) || get_int(&v, &o, "vport", 0, 0, 1000) ||
		    (strcmp(ip, "none") != 0 && !navisim_valid_ipv4(ip)) || (mask && !navisim_valid_ipv4(mask)) ||
		    (gw && !navisim_valid_ipv4(gw))) {
			usage();
			return ADMIN_USAGE;
		}
	} else if (keys == k_lat || keys == k_mig || keys == k_prep) {
		long long v;
		const char *key = keys == k_mig ? "mbps" : "ms";
		if (!get(&o, key) || get_int(&v, &o, key, 0, 0, keys == k_mig ? 100000000 : 600000)) {
			usage();
			return ADMIN_USAGE;
		}
	}
	if (navisim_db_open(&db, db_path)) {
		fprintf(stderr, "navisim: cannot open %s\n", db_path);
		return NAVISIM_EXIT_INTERNAL;
	}
	if (keys == k_create)
		rc = create_array(db, &o);
	else if (strcmp(verb, "delete-array") == 0) {
		rc = NAVISIM_EXIT_INTERNAL;
		if (navisim_db_begin(db) == 0) {
			int d = navisim_db_array_delete(db, get(&o, "name"));
			if (d == 0 && navisim_db_commit(db) == 0)
				rc = 0;
			else if (d == NAVISIM_DB_ENOTFOUND)
				rc = NAVISIM_EXIT_FAIL;
			navisim_db_rollback(db);
		}
	} else if (strcmp(verb, "log") == 0)
		rc = show_log(db, get(&o, "name"));
	else if (strcmp(verb, "show") == 0)
		rc = with_state(db, get(&o, "name"), 0, fn_show, &o);
	else if (strcmp(verb, "sp-down") == 0)
		rc = update_array(db, get(&o, "name"), fn_sp_down, &o);
	else if (strcmp(verb, "sp-up") == 0)
		rc = update_array(db, get(&o, "name"), fn_sp_up, &o);
	else if (keys == k_lat)
		rc = update_array(db, get(&o, "name"), fn_latency, &o);
	else if (keys == k_fail)
		rc = fail_next(db, &o);
	else if (keys == k_mig)
		rc = with_state(db, get(&o, "name"), 1, fn_migrate_rate, &o);
	else if (keys == k_prep)
		rc = with_state(db, get(&o, "name"), 1, fn_prepare, &o);
	else if (keys == k_port)
		rc = with_state(db, get(&o, "name"), 1, fn_port_ip, &o);
	else if (strcmp(verb, "create-rg") == 0)
		rc = with_state(db, get(&o, "name"), 1, fn_create_rg, &o);
	else if (strcmp(verb, "remove-rg") == 0)
		rc = with_state(db, get(&o, "name"), 1, fn_remove_rg, &o);
	else if (strcmp(verb, "fc-login") == 0)
		rc = with_state(db, get(&o, "name"), 1, fn_fc_login, &o);
	else if (strcmp(verb, "fc-logout") == 0)
		rc = with_state(db, get(&o, "name"), 1, fn_fc_logout, &o);
	else if (strcmp(verb, "list-arrays") == 0)
		rc = list_arrays(db);
	else if (strcmp(verb, "reset") == 0)
		rc = reset_all(db);
	else {
		rc = navisim_db_integrity_check(db) ? NAVISIM_EXIT_FAIL : 0;
		printf("%s\n", rc ? "integrity check failed" : "ok");
	}
	if (rc == ADMIN_USAGE)
		usage();
	navisim_db_close(db);
	return rc;
}
