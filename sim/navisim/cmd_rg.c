/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_rg.c - RAID groups and the LUNs bound in them (FLARE LUNs):
 * createrg, removerg, getrg, bind, unbind, chglun, getlun, and lun -create
 * -rg where the array has it.
 *
 * Model.  A RAID group is a set of disks with a RAID type (set by createrg
 * -raidtype, or by its first bind when createrg gave none); its logical
 * capacity is its data disks times the disk size.  A FLARE LUN occupies one
 * contiguous extent [rg_off, rg_off + blocks) of its group: bind takes the
 * first gap large enough (first fit), unbind leaves a hole, so the group's
 * free capacity and its largest contiguous free extent differ once LUNs are
 * unbound out of order, exactly the two figures getrg reports.
 *
 * A metaLUN (cmd_metalun.c) is a FLARE LUN record whose "parts" are its
 * other components: their extents count here too; unbind refuses it.
 *
 * SnapView state (sessions, snapshots, reserved LUN pool) lives in
 * cmd_snapview.c; a LUN SnapView uses cannot be unbound.
 */
#include "navisim.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RG_LABEL "%-43s"
#define GETLUN_LABEL "%-28s"

#define BIND_FAILED "Error: bind command failed\n"
#define UNBIND_FAILED "Error: unbind command failed\n"
#define AGENT "Error returned from Agent\n"

/* ---- RAID group arithmetic ---- */

json_t *navisim_rg_by_id(json_t *st, long long id)
{
	return navisim_find_int(st, "rgs", "id", id);
}

int navisim_raid_valid(const char *raid)
{
	static const char *const t[] = {"r0", "r1", "r1_0", "r3", "r5", "r6"};
	for (size_t i = 0; raid && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(raid, t[i]) == 0)
			return 1;
	return 0;
}

int navisim_raid_legal(const char *raid, int ndisks)
{
	if (!navisim_raid_valid(raid) || ndisks < 1 || ndisks > 16)
		return 0;
	if (strcmp(raid, "r5") == 0 || strcmp(raid, "r0") == 0)
		return ndisks >= 3;
	if (strcmp(raid, "r6") == 0)
		return ndisks >= 4 && ndisks % 2 == 0;
	if (strcmp(raid, "r1") == 0)
		return ndisks == 2;
	if (strcmp(raid, "r1_0") == 0)
		return ndisks >= 2 && ndisks % 2 == 0;
	return ndisks == 5 || ndisks == 9; /* r3 */
}

/* Disks that hold data (not parity or mirror copies) for a RAID type. */
static long long data_disks(const char *raid, long long n)
{
	if (!raid)
		return n; /* unbound: the raw space, as getrg shows for an empty group */
	if (strcmp(raid, "r5") == 0 || strcmp(raid, "r3") == 0)
		return n - 1;
	if (strcmp(raid, "r6") == 0)
		return n - 2;
	if (strcmp(raid, "r1") == 0 || strcmp(raid, "r1_0") == 0)
		return n / 2;
	return n;
}

long long navisim_rg_capacity(const json_t *rg)
{
	long long n = (long long)json_array_size(json_object_get(rg, "disks"));
	return data_disks(navisim_jstr(rg, "raid"), n) * navisim_jint(rg, "disk_blocks");
}

/* Extents [off, off+len) allocated in RAID group rgid, sorted by offset. */
typedef struct extent {
	long long off, len;
} extent;

static int extent_cmp(const void *a, const void *b)
{
	const extent *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static size_t rg_extents(extent **out, json_t *st, long long rgid)
{
	size_t i, j, n = 0, cap = 16;
	extent *e = malloc(cap * sizeof(*e));
	json_t *l, *p;

	if (!e) {
		*out = NULL;
		return 0;
	}
#define PUSH(o, ln)                                                  \
	do {                                                          \
		if (n == cap) {                                       \
			extent *ne = realloc(e, 2 * cap * sizeof(*e)); \
			if (!ne)                                      \
				break;                                \
			e = ne;                                       \
			cap *= 2;                                     \
		}                                                     \
		e[n].off = (o);                                       \
		e[n++].len = (ln);                                    \
	} while (0)
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		if (navisim_jint(l, "rg") == rgid)
			PUSH(navisim_jint(l, "rg_off"), navisim_jint(l, "rg_blocks") >= 0 ? navisim_jint(l, "rg_blocks")
											     : navisim_jint(l, "blocks"));
		json_array_foreach(json_object_get(l, "parts"), j, p)
			if (navisim_jint(p, "rg") == rgid)
				PUSH(navisim_jint(p, "rg_off"), navisim_jint(p, "blocks"));
	}
#undef PUSH
	qsort(e, n, sizeof(*e), extent_cmp);
	*out = e;
	return n;
}

long long navisim_rg_free(json_t *st, const json_t *rg, long long *largest, long long *first_fit_need,
			  long long *first_fit_off)
{
	extent *e = NULL;
	size_t n = rg_extents(&e, st, navisim_jint(rg, "id"));
	long long cap = navisim_rg_capacity(rg), pos = 0, free_total = 0, best = 0;
	int found = 0;

	for (size_t i = 0; i <= n; i++) {
		long long end = i < n ? e[i].off : cap;
		long long gap = end - pos;
		if (gap > 0) {
			free_total += gap;
			if (gap > best)
				best = gap;
			if (first_fit_need && !found && gap >= *first_fit_need) {
				*first_fit_off = pos;
				found = 1;
			}
		}
		if (i < n && e[i].off + e[i].len > pos)
			pos = e[i].off + e[i].len;
	}
	free(e);
	if (largest)
		*largest = best;
	if (first_fit_need && !found)
		*first_fit_off = -1;
	return free_total;
}

int navisim_rg_lun_count(json_t *st, long long rgid)
{
	size_t i, j;
	json_t *l, *p;
	int n = 0;
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		n += navisim_jint(l, "rg") == rgid;
		json_array_foreach(json_object_get(l, "parts"), j, p)
			n += navisim_jint(p, "rg") == rgid;
	}
	return n;
}

/* Is disk (b, e, d) in any RAID group? */
static int disk_used(json_t *st, long long b, long long e, long long d)
{
	size_t i, j;
	json_t *rg, *dk;
	json_array_foreach(navisim_arr(st, "rgs"), i, rg)
		json_array_foreach(navisim_arr(rg, "disks"), j, dk)
			if (json_integer_value(json_array_get(dk, 0)) == b &&
			    json_integer_value(json_array_get(dk, 1)) == e &&
			    json_integer_value(json_array_get(dk, 2)) == d)
				return 1;
	return 0;
}

json_t *navisim_rg_new(json_t *st, long long id, const char *raid, json_t *disks)
{
	json_t *rg = json_object();
	long long db = navisim_jint(st, "disk_blocks");

	navisim_jset_int(rg, "id", id);
	navisim_jset_str(rg, "raid", raid);
	json_object_set_new(rg, "disks", disks);
	navisim_jset_int(rg, "disk_blocks", db > 0 ? db : 300 * NAVISIM_GB_BLOCKS);
	json_array_append_new(navisim_arr(st, "rgs"), rg);
	return rg;
}

json_t *navisim_free_disks(json_t *st, int n)
{
	json_t *disks = json_array();
	/* Bus 0, 15 disks per enclosure, the lowest free slots first. */
	for (long long k = 0; k < 8 * 15 && (int)json_array_size(disks) < n; k++) {
		long long e = k / 15, d = k % 15;
		if (disk_used(st, 0, e, d))
			continue;
		json_t *dk = json_array();
		json_array_append_new(dk, json_integer(0));
		json_array_append_new(dk, json_integer(e));
		json_array_append_new(dk, json_integer(d));
		json_array_append_new(disks, dk);
	}
	if ((int)json_array_size(disks) < n) {
		json_decref(disks);
		return NULL;
	}
	return disks;
}

/* ---- createrg / removerg / getrg ---- */

/* "b_e_d" -> three numbers. */
static int parse_disk(const char *s, long long v[3])
{
	char buf[32], *p, *save = NULL;
	int k = 0;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (p = strtok_r(buf, "_", &save); p; p = strtok_r(NULL, "_", &save)) {
		if (k == 3 || navisim_parse_ll(&v[k], p, 0, k == 2 ? 119 : 7))
			return -1;
		k++;
	}
	return k == 3 ? 0 : -1;
}

int navisim_cmd_createrg(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *disks;
	const char *raid = NULL;
	long long id;
	int i;

	if (ctx->argc < 3 || navisim_parse_ll(&id, ctx->argv[1], 0, 999))
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "createrg");
	disks = json_array();
	for (i = 2; i < ctx->argc; i++) {
		const char *a = ctx->argv[i];
		long long v[3];
		if (strcmp(a, "-raidtype") == 0 && i + 1 < ctx->argc && !raid) {
			raid = ctx->argv[++i];
			continue;
		}
		if (strcmp(a, "-o") == 0)
			continue;
		if (strcmp(a, "-rm") == 0 || strcmp(a, "-pri") == 0 || strcmp(a, "-exp") == 0) {
			if (++i >= ctx->argc)
				break;
			continue;
		}
		if (a[0] == '-' || parse_disk(a, v)) {
			json_decref(disks);
			return navisim_usage_error(ctx, a);
		}
		json_t *dk = json_array();
		for (int k = 0; k < 3; k++)
			json_array_append_new(dk, json_integer(v[k]));
		json_array_append_new(disks, dk);
	}
	if (i > ctx->argc || json_array_size(disks) == 0 || (raid && !navisim_raid_valid(raid))) {
		json_decref(disks);
		return navisim_usage_error(ctx, raid ? raid : "createrg");
	}
	if (navisim_rg_by_id(st, id)) {
		json_decref(disks);
		return navisim_fail(ctx, "Error: createrg command failed\n" AGENT "RAID Group by that ID already exists");
	}
	if (raid && !navisim_raid_legal(raid, (int)json_array_size(disks))) {
		json_decref(disks);
		return navisim_fail(ctx, "Error: createrg command failed\n"
					 "The specified number of disks are not supported for this raid type.");
	}
	{
		size_t k;
		json_t *dk;
		json_array_foreach(disks, k, dk) {
			if (disk_used(st, json_integer_value(json_array_get(dk, 0)),
				      json_integer_value(json_array_get(dk, 1)),
				      json_integer_value(json_array_get(dk, 2)))) {
				json_decref(disks);
				return navisim_fail(ctx, "Error: createrg command failed\n" AGENT
							 "The disk is already part of another RAID Group");
			}
		}
	}
	navisim_rg_new(st, id, raid, disks);
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_removerg(navisim_ctx *ctx)
{
	json_t *rgs = navisim_arr(ctx->st, "rgs"), *rg;
	long long id;

	if (ctx->argc < 2 || navisim_parse_ll(&id, ctx->argv[1], 0, 999) ||
	    (ctx->argc == 3 && strcmp(ctx->argv[2], "-o") != 0) || ctx->argc > 3)
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "removerg");
	rg = navisim_rg_by_id(ctx->st, id);
	if (!rg)
		return navisim_fail(ctx, "Error: removerg command failed\nRAIDGroup Not Found");
	if (navisim_rg_lun_count(ctx->st, id))
		return navisim_fail(ctx, "Error: removerg command failed\n" AGENT
					 "The RAID Group cannot be removed because it has LUNs bound on it");
	json_array_remove(rgs, (size_t)navisim_index_of(rgs, rg));
	ctx->modified = 1;
	return 0;
}

static void rg_print(navisim_ctx *ctx, json_t *rg)
{
	json_t *st = ctx->st, *dk, *l;
	long long id = navisim_jint(rg, "id"), cap = navisim_rg_capacity(rg), largest;
	long long freeb = navisim_rg_free(st, rg, &largest, NULL, NULL);
	const char *raid = navisim_jstr(rg, "raid");
	int nluns = navisim_rg_lun_count(st, id), ndisks = (int)json_array_size(json_object_get(rg, "disks"));
	size_t i;
	int first = 1;

	fprintf(ctx->out, RG_LABEL "%lld\n", "RaidGroup ID:", id);
	/* The group's type shows once a LUN is bound in it. */
	fprintf(ctx->out, RG_LABEL "%s\n", "RaidGroup Type:", nluns && raid ? raid : "Unbound");
	if (nluns)
		fprintf(ctx->out, RG_LABEL "%s\n", "RaidGroup State:", "Valid_luns");
	else
		fprintf(ctx->out, RG_LABEL "%s\n" RG_LABEL "%s\n", "RaidGroup State:", "Explicit_Remove", "",
			"Valid_luns");
	json_array_foreach(navisim_arr(rg, "disks"), i, dk)
		fprintf(ctx->out, RG_LABEL "Bus %lld Enclosure %lld  Disk %lld\n", i ? "" : "List of disks:",
			(long long)json_integer_value(json_array_get(dk, 0)),
			(long long)json_integer_value(json_array_get(dk, 1)),
			(long long)json_integer_value(json_array_get(dk, 2)));
	fprintf(ctx->out, RG_LABEL, "List of luns:");
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		if (navisim_jint(l, "rg") != id)
			continue;
		fprintf(ctx->out, "%s%lld", first ? "" : " ", navisim_jint(l, "id"));
		first = 0;
	}
	fprintf(ctx->out, "%s\n", first ? "Not Available" : "");
	fprintf(ctx->out, RG_LABEL "16\n" RG_LABEL "256\n", "Max Number of disks:", "Max Number of luns:");
	fprintf(ctx->out, RG_LABEL "%lld\n" RG_LABEL "%lld\n", "Raw Capacity (Blocks):", cap,
		"Logical Capacity (Blocks):", cap);
	fprintf(ctx->out, RG_LABEL "%lld\n" RG_LABEL "%lld\n", "Free Capacity (Blocks,non-contiguous):", freeb,
		"Free contiguous group of unbound segments:", largest);
	fprintf(ctx->out, RG_LABEL "%s\n" RG_LABEL "%s\n", "Defrag/Expand priority:", nluns ? "N/A" : "Medium",
		"Percent defragmented:", nluns ? "N/A" : "100");
	fprintf(ctx->out, RG_LABEL "N/A\n" RG_LABEL "N/A\n" RG_LABEL "NO\n", "Percent expanded:",
		"Disk expanding onto:", "Lun Expansion enabled:");
	fprintf(ctx->out, RG_LABEL, "Legal RAID types:");
	if (raid) {
		fprintf(ctx->out, "%s\n", raid);
	} else {
		static const char *const order[] = {"r5", "r6", "r3", "r0", "r1", "r1_0"};
		first = 1;
		for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			if (!navisim_raid_legal(order[i], ndisks))
				continue;
			fprintf(ctx->out, "%s%s", first ? "" : " ", order[i]);
			first = 0;
		}
		fprintf(ctx->out, "\n");
	}
}

int navisim_cmd_getrg(navisim_ctx *ctx)
{
	json_t *rg;
	long long id = -1;
	size_t i;
	int a = 1;

	if (ctx->argc > 1 && ctx->argv[1][0] != '-') {
		if (navisim_parse_ll(&id, ctx->argv[1], 0, 999))
			return navisim_usage_error(ctx, ctx->argv[1]);
		a = 2;
	}
	/* Selectors (-type, -state, -disks, -lunlist ...) are accepted; all fields print. */
	for (; a < ctx->argc; a++)
		if (ctx->argv[a][0] != '-')
			return navisim_usage_error(ctx, ctx->argv[a]);
	if (id >= 0) {
		rg = navisim_rg_by_id(ctx->st, id);
		if (!rg)
			return navisim_fail(ctx, "Error: getrg command failed\nRAIDGroup Not Found");
		rg_print(ctx, rg);
		return 0;
	}
	json_array_foreach(navisim_arr(ctx->st, "rgs"), i, rg) {
		rg_print(ctx, rg);
		fprintf(ctx->out, "\n");
	}
	return 0;
}

/* ---- FLARE LUNs: bind, lun -create -rg, unbind, chglun ---- */

/* Put a new FLARE LUN of blocks (0: the largest free extent) in rg.  On
 * failure prints nothing and returns -1 (no space) or -2 (RAID type). */
static json_t *rg_place(navisim_ctx *ctx, json_t *rg, long long id, const char *raid, long long *blocks,
			const char *owner)
{
	json_t *st = ctx->st, *lun;
	long long need = *blocks, off, largest;
	const char *rgraid = navisim_jstr(rg, "raid");

	if (rgraid && raid && strcmp(rgraid, raid) != 0)
		return NULL;
	if (!rgraid) {
		if (!navisim_raid_legal(raid, (int)json_array_size(json_object_get(rg, "disks"))))
			return NULL;
		/* The first LUN fixes the group's RAID type (and its usable size). */
		navisim_jset_str(rg, "raid", raid);
	}
	if (need == 0) {
		navisim_rg_free(st, rg, &largest, NULL, NULL);
		need = largest;
	}
	if (need <= 0) {
		off = -1;
	} else {
		navisim_rg_free(st, rg, NULL, &need, &off);
	}
	if (off < 0) {
		if (!rgraid)
			navisim_jset_str(rg, "raid", NULL);
		return NULL;
	}
	*blocks = need;
	lun = json_object();
	navisim_jset_int(lun, "id", id);
	{
		char nm[32];
		snprintf(nm, sizeof(nm), "LUN %lld", id);
		navisim_jset_str(lun, "name", nm);
	}
	navisim_jset_int(lun, "rg", navisim_jint(rg, "id"));
	navisim_jset_int(lun, "rg_off", off);
	navisim_jset_int(lun, "blocks", need);
	navisim_jset_str(lun, "raid", navisim_jstr(rg, "raid"));
	navisim_jset_bool(lun, "thin", 0);
	navisim_jset_bool(lun, "smp", 0);
	navisim_jset_str(lun, "owner", owner);
	navisim_jset_int(lun, "seq", navisim_next_seq(st));
	json_object_set_new(lun, "ctime", json_real(ctx->now));
	json_array_append_new(navisim_arr(st, "luns"), lun);
	ctx->modified = 1;
	return lun;
}

int navisim_cmd_bind(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-rg", 1}, {"-cap", 1}, {"-sq", 1}, {"-sp", 1}, {"-rc", 1}, {"-wc", 1},
			      {"-aa", 1}, {"-r", 1}, {"-v", 1}, {"-elsz", 1}, {"-pl", 1}, {"-n", 1},
			      {"-o", 0}, {"-noinitialverify", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	const char *raid, *rgv, *capv, *spv;
	long long id, rgid, blocks = 0;
	char owner[2] = "A";
	json_t *rg, *rgl;
	int status;

	if (ctx->argc < 3)
		return navisim_usage_error(ctx, "bind");
	raid = ctx->argv[1];
	if (!navisim_raid_valid(raid))
		return navisim_usage_error(ctx, raid);
	if (navisim_parse_ll(&id, ctx->argv[2], 0, NAVISIM_MAX_LUN_ID))
		return navisim_usage_error(ctx, ctx->argv[2]);
	if ((status = navisim_parse_opts(ctx, opts, n, 3)))
		return status;
	rgv = navisim_optval(opts, n, "-rg");
	capv = navisim_optval(opts, n, "-cap");
	spv = navisim_optval(opts, n, "-sp");
	if (!rgv || navisim_parse_ll(&rgid, rgv, 0, 999))
		return navisim_usage_error(ctx, "-rg");
	if (capv && navisim_parse_capacity(&blocks, capv, navisim_optval(opts, n, "-sq")))
		return navisim_usage_error(ctx, "-cap");
	if (spv) {
		if (strcasecmp(spv, "a") && strcasecmp(spv, "b"))
			return navisim_usage_error(ctx, spv);
		owner[0] = (char)(spv[0] & ~0x20);
	} else {
		owner[0] = (id % 2) ? 'B' : 'A';
	}
	rg = navisim_rg_by_id(ctx->st, rgid);
	if (!rg)
		return navisim_fail(ctx, BIND_FAILED "RAIDGroup Not Found");
	if (navisim_lun_by_id(ctx->st, id))
		return navisim_fail(ctx, BIND_FAILED "LUN already exists");
	if (navisim_jstr(rg, "raid") && strcmp(navisim_jstr(rg, "raid"), raid) != 0)
		return navisim_fail(ctx, BIND_FAILED "The RAID type specified does not match the RAID Group's RAID type");
	if (!navisim_raid_legal(raid, (int)json_array_size(json_object_get(rg, "disks"))))
		return navisim_fail(ctx, BIND_FAILED "The specified number of disks are not supported for this raid type.");
	rgl = rg_place(ctx, rg, id, raid, &blocks, owner);
	if (!rgl)
		return navisim_fail(ctx, BIND_FAILED "Not enough space in RAID Group");
	return 0;
}

int navisim_rg_lun_create(navisim_ctx *ctx, const char *rgv, long long blocks, long long id, const char *name,
			  const char *owner)
{
	json_t *rg, *lun;
	long long rgid;
	const char *raid;

	if (navisim_parse_ll(&rgid, rgv, 0, 999))
		return navisim_usage_error(ctx, rgv);
	rg = navisim_rg_by_id(ctx->st, rgid);
	if (!rg)
		return navisim_fail(ctx, "Could not retrieve the specified (RAID Group). The (RAID Group) may not exist");
	raid = navisim_jstr(rg, "raid") ? navisim_jstr(rg, "raid") : "r5";
	lun = rg_place(ctx, rg, id, raid, &blocks, owner);
	if (!lun)
		return navisim_fail(ctx, "Unable to create the LUN because the RAID Group does not have enough free capacity.");
	if (name)
		navisim_jset_str(lun, "name", name);
	return 0;
}

/* Why a LUN cannot go away now (NULL if it can): mapped, migrating, SnapView. */
const char *navisim_unbind_refusal(json_t *st, json_t *lun)
{
	long long id = navisim_jint(lun, "id");
	if (navisim_sg_with_lun(st, id))
		return "Cannot unbind LUN because it's contained in a Storage Group.";
	if (navisim_mig_with_lun(st, id) || navisim_sv_uses_lun(st, id))
		return "Cannot unbind LUN because it's being used by a feature of the Storage System";
	return NULL;
}

int navisim_cmd_unbind(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *lun, *luns = navisim_arr(st, "luns");
	long long id;
	const char *why;
	char msg[128];

	if (ctx->argc < 2 || ctx->argc > 3 || navisim_parse_ll(&id, ctx->argv[1], 0, NAVISIM_MAX_LUN_ID) ||
	    (ctx->argc == 3 && strcmp(ctx->argv[2], "-o") != 0))
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "unbind");
	lun = navisim_lun_by_id(st, id);
	if (!lun || navisim_jint(lun, "rg") < 0) {
		/* Pool LUNs go with lun -destroy; to unbind they do not exist. */
		snprintf(msg, sizeof(msg), UNBIND_FAILED "LUN does not exist: %lld", id);
		return navisim_fail(ctx, msg);
	}
	if (navisim_jstr(lun, "meta"))
		return navisim_fail(ctx, UNBIND_FAILED "The LUN is a metaLUN");
	if ((why = navisim_unbind_refusal(st, lun)))
		return navisim_fail(ctx, why);
	json_array_remove(luns, (size_t)navisim_index_of(luns, lun));
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_chglun(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-l", 1}, {"-name", 1}, {"-o", 0}, {"-d", 1}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	const char *lv, *name;
	json_t *lun;
	long long id;
	int status;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	lv = navisim_optval(opts, n, "-l");
	name = navisim_optval(opts, n, "-name");
	if (!lv || navisim_parse_ll(&id, lv, 0, NAVISIM_MAX_LUN_ID))
		return navisim_usage_error(ctx, "-l");
	if (name && !navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	lun = navisim_lun_by_id(ctx->st, id);
	if (!lun)
		return navisim_fail(ctx, "Error: chglun command failed\nInvalid LUN number\nLUN does not exist");
	if (name)
		navisim_jset_str(lun, "name", name);
	ctx->modified = 1;
	return 0;
}

/* ---- getlun ---- */

const char *navisim_raid_long(const char *raid)
{
	if (!raid)
		return "N/A";
	if (strcmp(raid, "r0") == 0) return "RAID0";
	if (strcmp(raid, "r1") == 0) return "RAID1";
	if (strcmp(raid, "r1_0") == 0) return "RAID1/0";
	if (strcmp(raid, "r3") == 0) return "RAID3";
	if (strcmp(raid, "r6") == 0) return "RAID6";
	return "RAID5";
}

static void getlun_field(navisim_ctx *ctx, json_t *lun, const char *sel)
{
	json_t *st = ctx->st;
	long long blocks = navisim_jint(lun, "blocks"), rg = navisim_jint(lun, "rg");
	/* A metaLUN spans RAID groups: it names none (its components do). */
	int meta = navisim_jstr(lun, "meta") != NULL;
	const char *owner = navisim_jstr(lun, "owner");
	char uid[64], cur[8];

	if (!owner)
		owner = "A";
	snprintf(cur, sizeof(cur), "SP %s",
		 (owner[0] == 'A' && ctx->down_a) ? "B" : (owner[0] == 'B' && ctx->down_b) ? "A" : owner);
	if (strcmp(sel, "-name") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Name", navisim_jstr(lun, "name"));
	} else if (strcmp(sel, "-type") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "RAID Type:",
			rg >= 0 && !meta ? navisim_raid_long(navisim_jstr(lun, "raid")) : "N/A");
	} else if (strcmp(sel, "-rg") == 0) {
		if (rg >= 0 && !meta)
			fprintf(ctx->out, GETLUN_LABEL "%lld\n", "RAIDGroup ID:", rg);
		else
			fprintf(ctx->out, GETLUN_LABEL "N/A\n", "RAIDGroup ID:");
	} else if (strcmp(sel, "-state") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "Bound\n", "State:");
	} else if (strcmp(sel, "-owner") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Current owner:", cur);
	} else if (strcmp(sel, "-default") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "SP %s\n", "Default Owner:", owner);
	} else if (strcmp(sel, "-capacity") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%lld\n", "LUN Capacity(Megabytes):", blocks / NAVISIM_MB_BLOCKS);
		fprintf(ctx->out, GETLUN_LABEL "%lld\n", "LUN Capacity(Blocks):", blocks);
	} else if (strcmp(sel, "-uid") == 0) {
		navisim_lun_uid(uid, sizeof(uid), st, lun);
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "UID:", uid);
	} else if (strcmp(sel, "-isthinlun") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Is Thin LUN:", navisim_jbool(lun, "thin") ? "YES" : "NO");
	} else if (strcmp(sel, "-ismetalun") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Is Meta LUN:", navisim_jstr(lun, "meta") ? "YES" : "NO");
	} else if (strcmp(sel, "-ispoollun") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Is Pool LUN:", rg >= 0 ? "NO" : "YES");
	} else if (strcmp(sel, "-private") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "%s\n", "Is Private:", navisim_rlp_has(st, navisim_jint(lun, "id")) ? "YES" : "NO");
	} else if (strcmp(sel, "-snapshot") == 0) {
		fprintf(ctx->out, GETLUN_LABEL, "Snapshots List:");
		navisim_sv_print_snapshots_of(ctx, navisim_jint(lun, "id"));
		fprintf(ctx->out, "\n");
	} else if (strcmp(sel, "-sg") == 0) {
		json_t *sg = navisim_sg_with_lun(st, navisim_jint(lun, "id"));
		if (sg)
			fprintf(ctx->out, GETLUN_LABEL "\"%s\"\n", "LU Storage Groups:", navisim_jstr(sg, "name"));
		else
			fprintf(ctx->out, GETLUN_LABEL "\n", "LU Storage Groups:");
	} else if (strcmp(sel, "-elsz") == 0) {
		fprintf(ctx->out, GETLUN_LABEL "128\n", "Element Size:");
	}
}

static void getlun_print(navisim_ctx *ctx, json_t *lun, char **sel, int nsel)
{
	static const char *all[] = {"-name", "-type", "-rg", "-state", "-elsz", "-owner", "-default",
				    "-capacity", "-uid", "-private", "-snapshot", "-ismetalun",
				    "-isthinlun", "-ispoollun", "-sg"};

	fprintf(ctx->out, "LOGICAL UNIT NUMBER %lld\n", navisim_jint(lun, "id"));
	if (nsel == 0) {
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			getlun_field(ctx, lun, all[i]);
	} else {
		/* The array prints the selected fields in the order they were asked for. */
		for (int i = 0; i < nsel; i++)
			getlun_field(ctx, lun, sel[i]);
	}
	fprintf(ctx->out, "\n");
}

int navisim_cmd_getlun(navisim_ctx *ctx)
{
	static const char *const known[] = {"-name", "-type", "-rg", "-state", "-elsz", "-owner",
					    "-default", "-capacity", "-uid", "-private", "-snapshot",
					    "-ismetalun", "-isthinlun", "-ispoollun", "-sg", NULL};
	json_t *lun;
	long long id = -1;
	size_t i;
	int a = 1;

	if (ctx->argc > 1 && ctx->argv[1][0] != '-') {
		if (navisim_parse_ll(&id, ctx->argv[1], 0, NAVISIM_MAX_LUN_ID))
			return navisim_usage_error(ctx, ctx->argv[1]);
		a = 2;
	}
	for (int k = a; k < ctx->argc; k++) {
		int ok = 0;
		for (const char *const *s = known; *s; s++)
			ok |= strcmp(ctx->argv[k], *s) == 0;
		if (!ok)
			return navisim_usage_error(ctx, ctx->argv[k]);
	}
	if (id >= 0) {
		lun = navisim_lun_by_id(ctx->st, id);
		if (!lun || navisim_jbool(lun, "smp"))
			return navisim_fail(ctx, "Error: getlun command failed\nInvalid LUN number\nLUN does not exist");
		getlun_print(ctx, lun, ctx->argv + a, ctx->argc - a);
		return 0;
	}
	json_array_foreach(navisim_arr(ctx->st, "luns"), i, lun) {
		/* Reserved LUN pool members are private: getlun shows them too. */
		if (navisim_jbool(lun, "smp"))
			continue;
		getlun_print(ctx, lun, ctx->argv + a, ctx->argc - a);
	}
	return 0;
}
