/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_metalun.c - metaLUNs: metalun -expand/-list/-destroy.
 *
 * A metaLUN keeps its base LUN's number, name and WWN.  metalun -expand
 * turns the added FLARE LUNs into its components ("parts" of the base LUN's
 * record: their extents stay allocated in their RAID groups, see
 * navisim_rg_free, and their numbers disappear, as private LUNs do).
 * Concatenation adds one component (its LUNs striped together) at once and
 * may mix sizes; striping needs LUNs of the base's RAID type and size and
 * widens the last component.  metalun -destroy unbinds every component;
 * unbind refuses a metaLUN (cmd_rg.c).  metalun -list prints one record per
 * metaLUN with the fields public parsers read (no capture exists).
 */
#include "navisim.h"

#include <string.h>
#include <strings.h>

/* ---- metaLUNs ---- */

static void meta_member(navisim_ctx *ctx, long long id, const char *name, const char *raid, long long rg)
{
	fprintf(ctx->out, "LUN Number:  %lld\nLUN Name:  %s\nRAID Type:  %s\nRAIDGroup ID:  %lld\n", id, name,
		navisim_raid_long(raid), rg);
}

/* One record: the metaLUN, then its components (each a "Number of LUNs:"
 * line and its striped members), component 0 holding the base LUN. */
static void meta_print(navisim_ctx *ctx, json_t *lun)
{
	json_t *st = ctx->st, *p, *parts = navisim_arr(lun, "parts");
	long long blocks = navisim_jint(lun, "blocks"), last = 0;
	char uid[64];
	size_t i;

	navisim_lun_uid(uid, sizeof(uid), st, lun);
	json_array_foreach(parts, i, p)
		if (navisim_jint(p, "comp") > last)
			last = navisim_jint(p, "comp");
	fprintf(ctx->out, "MetaLUN Number:  %lld\n", navisim_jint(lun, "id"));
	fprintf(ctx->out, "MetaLUN Name:  %s\n", navisim_jstr(lun, "name"));
	fprintf(ctx->out, "MetaLUN WWN:  %s\n", uid);
	fprintf(ctx->out, "Total User Capacity (Blocks/Megabytes):  %lld/%lld\n", blocks, blocks / NAVISIM_MB_BLOCKS);
	fprintf(ctx->out, "Actual User Capacity (Blocks/Megabytes):  %lld/%lld\n", blocks, blocks / NAVISIM_MB_BLOCKS);
	fprintf(ctx->out, "Components:  \n");
	for (long long c = 0; c <= last; c++) {
		long long n = c == 0;
		json_array_foreach(parts, i, p)
			n += navisim_jint(p, "comp") == c;
		if (!n)
			continue;
		fprintf(ctx->out, "Number of LUNs:  %lld\nLUNs:  \n", n);
		if (c == 0)
			meta_member(ctx, navisim_jint(lun, "base_id"), navisim_jstr(lun, "base_name"),
				    navisim_jstr(lun, "raid"), navisim_jint(lun, "rg"));
		json_array_foreach(parts, i, p)
			if (navisim_jint(p, "comp") == c)
				meta_member(ctx, navisim_jint(p, "id"), navisim_jstr(p, "name"), navisim_jstr(p, "raid"),
					    navisim_jint(p, "rg"));
	}
	fprintf(ctx->out, "\n");
}

/* The FLARE LUN number or WWN of a LUN (NULL if none). */
static json_t *lun_by_number_or_wwn(json_t *st, const char *v)
{
	long long id;
	size_t i;
	json_t *l;
	char uid[64];

	if (navisim_parse_ll(&id, v, 0, NAVISIM_MAX_LUN_ID) == 0)
		return navisim_lun_by_id(st, id);
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		navisim_lun_uid(uid, sizeof(uid), st, l);
		if (strcasecmp(uid, v) == 0)
			return l;
	}
	return NULL;
}

static int metalun_expand(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *base = NULL, *luns = navisim_arr(st, "luns"), *adds = json_array(), *l;
	const char *type = "S", *name = NULL, *capv = NULL, *sq = NULL, *why;
	long long cap = 0, total, comp;
	size_t i;
	int status = 0;

	for (int a = 2; a < ctx->argc; a++) {
		const char *o = ctx->argv[a];
		if (strcmp(o, "-base") == 0 && a + 1 < ctx->argc && !base) {
			base = lun_by_number_or_wwn(st, ctx->argv[++a]);
			if (!base) {
				status = navisim_fail(ctx, "Error: metalun command failed\nThe specified base LUN does not exist.");
				goto out;
			}
		} else if (strcmp(o, "-lus") == 0) {
			while (a + 1 < ctx->argc && ctx->argv[a + 1][0] != '-') {
				l = lun_by_number_or_wwn(st, ctx->argv[++a]);
				if (!l) {
					status = navisim_fail(ctx, "Error: metalun command failed\nThe specified LUN does not exist.");
					goto out;
				}
				json_array_append(adds, l);
			}
		} else if (strcmp(o, "-type") == 0 && a + 1 < ctx->argc) {
			type = ctx->argv[++a];
			if (strcasecmp(type, "C") && strcasecmp(type, "S")) {
				status = navisim_usage_error(ctx, type);
				goto out;
			}
		} else if (strcmp(o, "-name") == 0 && a + 1 < ctx->argc) {
			name = ctx->argv[++a];
		} else if (strcmp(o, "-cap") == 0 && a + 1 < ctx->argc) {
			capv = ctx->argv[++a];
		} else if (strcmp(o, "-sq") == 0 && a + 1 < ctx->argc) {
			sq = ctx->argv[++a];
		} else if (strcmp(o, "-o") != 0) {
			status = navisim_usage_error(ctx, o);
			goto out;
		}
	}
	if (!base || json_array_size(adds) == 0 || (name && !navisim_valid_text(name, 255)) ||
	    (capv && navisim_parse_capacity(&cap, capv, sq))) {
		status = navisim_usage_error(ctx, !base ? "-base" : "-lus");
		goto out;
	}
	if (navisim_jint(base, "rg") < 0) {
		status = navisim_fail(ctx, "Error: metalun command failed\nOnly FLARE LUNs and metaLUNs can be expanded into metaLUNs.");
		goto out;
	}
	if (navisim_mig_with_lun(st, navisim_jint(base, "id"))) {
		status = navisim_fail(ctx, "Error: metalun command failed\nThe LUN is being used by a feature of the Storage System.");
		goto out;
	}
	total = navisim_jint(base, "blocks");
	json_array_foreach(adds, i, l) {
		if (l == base || navisim_jint(l, "rg") < 0 || navisim_jstr(l, "meta") || navisim_rlp_has(st, navisim_jint(l, "id"))) {
			status = navisim_fail(ctx, "Error: metalun command failed\nOnly unused FLARE LUNs can be added to a metaLUN.");
			goto out;
		}
		if ((why = navisim_unbind_refusal(st, l))) {
			status = navisim_fail(ctx, "Error: metalun command failed\nThe LUN is being used by a feature of the Storage System.");
			goto out;
		}
		if (strcasecmp(type, "S") == 0 &&
		    (navisim_jint(l, "blocks") != navisim_jint(base, navisim_jstr(base, "meta") ? "base_blocks" : "blocks") ||
		     strcmp(navisim_jstr(l, "raid"), navisim_jstr(base, "raid")) != 0)) {
			status = navisim_fail(ctx, "Error: metalun command failed\nStriped expansion requires LUNs of the same RAID type and capacity as the base LUN.");
			goto out;
		}
		total += navisim_jint(l, "blocks");
	}
	if (cap && (cap < navisim_jint(base, "blocks") || cap > total)) {
		status = navisim_fail(ctx, "Error: metalun command failed\nThe specified capacity is not valid for this expansion.");
		goto out;
	}
	comp = 0;
	json_array_foreach(navisim_arr(base, "parts"), i, l)
		if (navisim_jint(l, "comp") > comp)
			comp = navisim_jint(l, "comp");
	if (strcasecmp(type, "C") == 0)
		comp++;
	if (!navisim_jstr(base, "meta")) {
		/* The base becomes component 0: its own extent stays in "rg"/"rg_off". */
		navisim_jset_int(base, "base_id", navisim_jint(base, "id"));
		navisim_jset_str(base, "base_name", navisim_jstr(base, "name"));
		navisim_jset_int(base, "base_blocks", navisim_jint(base, "blocks"));
		navisim_jset_int(base, "rg_blocks", navisim_jint(base, "blocks"));
		navisim_jset_str(base, "meta", strcasecmp(type, "S") == 0 ? "S" : "C");
		json_object_set_new(base, "parts", json_array());
	}
	json_array_foreach(adds, i, l) {
		json_t *p = json_object();
		navisim_jset_int(p, "id", navisim_jint(l, "id"));
		navisim_jset_str(p, "name", navisim_jstr(l, "name"));
		navisim_jset_int(p, "rg", navisim_jint(l, "rg"));
		navisim_jset_int(p, "rg_off", navisim_jint(l, "rg_off"));
		navisim_jset_int(p, "blocks", navisim_jint(l, "blocks"));
		navisim_jset_str(p, "raid", navisim_jstr(l, "raid"));
		navisim_jset_int(p, "comp", comp);
		json_array_append_new(navisim_arr(base, "parts"), p);
		json_array_remove(luns, (size_t)navisim_index_of(luns, l));
	}
	navisim_jset_int(base, "blocks", cap ? cap : total);
	if (name)
		navisim_jset_str(base, "name", name);
	ctx->modified = 1;
out:
	json_decref(adds);
	return status;
}

int navisim_cmd_metalun(navisim_ctx *ctx)
{
	const char *verb = ctx->argc > 1 ? ctx->argv[1] : "";
	json_t *st = ctx->st, *l, *luns = navisim_arr(st, "luns");
	size_t i;

	if (strcmp(verb, "-expand") == 0)
		return metalun_expand(ctx);
	if (strcmp(verb, "-list") == 0) {
		const char *only = NULL;
		for (int a = 2; a < ctx->argc; a++) {
			if (strcmp(ctx->argv[a], "-metalun") == 0 && a + 1 < ctx->argc)
				only = ctx->argv[++a];
			else if (ctx->argv[a][0] != '-')
				return navisim_usage_error(ctx, ctx->argv[a]);
		}
		json_array_foreach(luns, i, l) {
			char num[24];
			if (!navisim_jstr(l, "meta"))
				continue;
			snprintf(num, sizeof(num), "%lld", navisim_jint(l, "id"));
			if (only && strcmp(only, num) != 0)
				continue;
			meta_print(ctx, l);
		}
		return 0;
	}
	if (strcmp(verb, "-destroy") == 0) {
		long long id;
		const char *why;
		if (ctx->argc < 4 || strcmp(ctx->argv[2], "-metalun") != 0 ||
		    navisim_parse_ll(&id, ctx->argv[3], 0, NAVISIM_MAX_LUN_ID) ||
		    (ctx->argc == 5 && strcmp(ctx->argv[4], "-o") != 0) || ctx->argc > 5)
			return navisim_usage_error(ctx, "-metalun");
		l = navisim_lun_by_id(st, id);
		if (!l || !navisim_jstr(l, "meta"))
			return navisim_fail(ctx, "Error: metalun command failed\nThe specified metaLUN does not exist.");
		if ((why = navisim_unbind_refusal(st, l)))
			return navisim_fail(ctx, why);
		/* Destroying a metaLUN unbinds all its components. */
		json_array_remove(luns, (size_t)navisim_index_of(luns, l));
		ctx->modified = 1;
		return 0;
	}
	return navisim_usage_error(ctx, *verb ? verb : "metalun");
}
