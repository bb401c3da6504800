/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_snap.c - VNX Snapshots: snap -create/-destroy/-list/-copy/-restore/
 * -modify.
 *
 * A snapshot belongs to one primary LUN (its "res"), has a unique name,
 * and may be attached to snapshot mount points (SMP LUNs whose "attached"
 * names it; see cmd_lun.c).  Snapshots are point-in-time markers only: the
 * simulator keeps no data, so restore checks its preconditions and records
 * nothing beyond the optional backup snapshot.
 */
#include "navisim.h"

#include <string.h>
#include <strings.h>

#define SNAP_MISSING "Could not retrieve the specified (Snapshot). The (Snapshot) may not exist"
/* storops' capture of snap -restore -bakName with a name in use; the same
 * check answers create, copy and modify. */
#define SNAP_NAME_IN_USE "The specified snapshot name is already in use. (0x716d8005)"


/* Comma-separated ids of SMPs attached to this snapshot, written to out. */
static void attached_luns(navisim_ctx *ctx, const char *snap)
{
	json_t *l;
	size_t i;
	int first = 1;
	json_array_foreach(navisim_arr(ctx->st, "luns"), i, l) {
		const char *a = navisim_jstr(l, "attached");
		if (!a || strcmp(a, snap) != 0)
			continue;
		fprintf(ctx->out, "%s%lld", first ? "  " : ", ", navisim_jint(l, "id"));
		first = 0;
	}
}

static int snap_attached(json_t *st, const char *snap)
{
	json_t *l;
	size_t i;
	json_array_foreach(navisim_arr(st, "luns"), i, l) {
		const char *a = navisim_jstr(l, "attached");
		if (a && strcmp(a, snap) == 0)
			return 1;
	}
	return 0;
}

static void snap_print(navisim_ctx *ctx, json_t *s)
{
	const char *name = navisim_jstr(s, "name"), *desc = navisim_jstr(s, "desc");
	json_t *mt = json_object_get(s, "mtime");
	char ct[32], mtb[32];

	navisim_fmt_time(ct, sizeof(ct), json_number_value(json_object_get(s, "ctime")));
	if (json_is_number(mt))
		navisim_fmt_time(mtb, sizeof(mtb), json_number_value(mt));
	fprintf(ctx->out, "\nName:  %s\n", name);
	fprintf(ctx->out, "Description:%s%s\n", desc && *desc ? "  " : "", desc ? desc : "");
	fprintf(ctx->out, "Creation time:  %s\n", ct);
	fprintf(ctx->out, "Last modify time:  %s\n", json_is_number(mt) ? mtb : "Never");
	fprintf(ctx->out, "Last modified by:  N/A\n");
	fprintf(ctx->out, "Source LUN(s):  %lld\n", navisim_jint(s, "res"));
	fprintf(ctx->out, "Source CG:  N/A\n");
	fprintf(ctx->out, "Primary LUN(s):  %lld\n", navisim_jint(s, "res"));
	fprintf(ctx->out, "State:  Ready\nStatus:  OK(0x0)\n");
	fprintf(ctx->out, "Allow Read/Write:  %s\n", navisim_jbool(s, "rw") ? "Yes" : "No");
	fprintf(ctx->out, "Modified:  %s\n", navisim_jbool(s, "modified") ? "Yes" : "No");
	fprintf(ctx->out, "Attached LUN(s):");
	attached_luns(ctx, name);
	fprintf(ctx->out, "\n");
	fprintf(ctx->out, "Allow auto delete:  %s\n", navisim_jbool(s, "autodel") ? "Yes" : "No");
	fprintf(ctx->out, "Expiration date:  Never\n");
}

static json_t *snap_new(navisim_ctx *ctx, const char *name, long long res, int rw, int autodel)
{
	json_t *s = json_object();
	navisim_jset_str(s, "name", name);
	navisim_jset_int(s, "res", res);
	json_object_set_new(s, "ctime", json_real(ctx->now));
	navisim_jset_bool(s, "rw", rw);
	navisim_jset_bool(s, "autodel", autodel);
	navisim_jset_bool(s, "modified", 0);
	json_array_append_new(navisim_arr(ctx->st, "snaps"), s);
	ctx->modified = 1;
	return s;
}

static int snap_create(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *resv = navisim_optval(opts, n, "-res"), *name = navisim_optval(opts, n, "-name");
	const char *rt = navisim_optval(opts, n, "-resType");
	int rw = 0, autodel = 1;
	long long res;
	json_t *lun;
	char autoname[64];

	if (!resv)
		return navisim_usage_error(ctx, "-res");
	if (rt && strcasecmp(rt, "LUN") != 0)
		return navisim_fail(ctx, "Cannot create the snapshot. The specified resource does not exist.");
	if (navisim_optval(opts, n, "-allowReadWrite") &&
	    (rw = navisim_parse_yesno(navisim_optval(opts, n, "-allowReadWrite"))) < 0)
		return navisim_usage_error(ctx, "-allowReadWrite");
	if (navisim_optval(opts, n, "-allowAutoDelete") &&
	    (autodel = navisim_parse_yesno(navisim_optval(opts, n, "-allowAutoDelete"))) < 0)
		return navisim_usage_error(ctx, "-allowAutoDelete");
	if (navisim_opthas(opts, n, "-keepFor"))
		autodel = 0;
	if (navisim_parse_ll(&res, resv, 0, NAVISIM_MAX_LUN_ID))
		return navisim_fail(ctx, "Cannot create the snapshot. The specified resource does not exist.");
	lun = navisim_lun_by_id(ctx->st, res);
	if (!lun || navisim_jbool(lun, "smp"))
		return navisim_fail(ctx, "Cannot create the snapshot. The specified resource does not exist.");
	if (navisim_lun_preparing(ctx, lun))
		return navisim_fail_preparing(ctx);
	if (!name) {
		snprintf(autoname, sizeof(autoname), "snap-%lld-%lld", res, navisim_next_seq(ctx->st));
		name = autoname;
	}
	if (!navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	if (navisim_snap_by_name(ctx->st, name))
		return navisim_fail(ctx, SNAP_NAME_IN_USE);
	snap_new(ctx, name, res, rw, autodel);
	return 0;
}

static int snap_list(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *idv = navisim_optval(opts, n, "-id"), *resv = navisim_optval(opts, n, "-res");
	long long res = -1;
	json_t *s;
	size_t i;

	if (idv) {
		s = navisim_snap_by_name(ctx->st, idv);
		if (!s)
			return navisim_fail(ctx, SNAP_MISSING);
		snap_print(ctx, s);
		fprintf(ctx->out, "\n");
		return 0;
	}
	if (resv) {
		if (navisim_parse_ll(&res, resv, 0, NAVISIM_MAX_LUN_ID) || !navisim_lun_by_id(ctx->st, res))
			return navisim_fail(ctx, "Could not retrieve the specified (pool lun). The (pool lun) may not exist");
	}
	json_array_foreach(navisim_arr(ctx->st, "snaps"), i, s) {
		if (res >= 0 && navisim_jint(s, "res") != res)
			continue;
		snap_print(ctx, s);
	}
	fprintf(ctx->out, "\n");
	return 0;
}

static int snap_destroy(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *idv = navisim_optval(opts, n, "-id");
	json_t *snaps = navisim_arr(ctx->st, "snaps"), *s;

	if (!idv)
		return navisim_usage_error(ctx, "-id");
	s = navisim_snap_by_name(ctx->st, idv);
	if (!s)
		return navisim_fail(ctx, SNAP_MISSING);
	if (snap_attached(ctx->st, idv))
		return navisim_fail(ctx, "The snapshot cannot be destroyed because it is attached to a snapshot mount point. (0x716d8003)");
	json_array_remove(snaps, (size_t)navisim_index_of(snaps, s));
	ctx->modified = 1;
	return 0;
}

static int snap_copy(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *idv = navisim_optval(opts, n, "-id"), *name = navisim_optval(opts, n, "-name");
	json_t *s, *c;

	if (!idv || !name)
		return navisim_usage_error(ctx, idv ? "-name" : "-id");
	if (!navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	s = navisim_snap_by_name(ctx->st, idv);
	if (!s)
		return navisim_fail(ctx, "Cannot copy the snapshot. The specified snapshot does not exist.");
	if (navisim_snap_by_name(ctx->st, name))
		return navisim_fail(ctx, SNAP_NAME_IN_USE);
	c = snap_new(ctx, name, navisim_jint(s, "res"), navisim_jbool(s, "rw"), navisim_jbool(s, "autodel"));
	json_object_set(c, "desc", json_object_get(s, "desc"));
	return 0;
}

static int snap_restore(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *idv = navisim_optval(opts, n, "-id"), *resv = navisim_optval(opts, n, "-res");
	const char *bak = navisim_optval(opts, n, "-bakName");
	json_t *s, *lun;
	long long res;

	if (!idv || !resv)
		return navisim_usage_error(ctx, idv ? "-res" : "-id");
	s = navisim_snap_by_name(ctx->st, idv);
	if (!s)
		return navisim_fail(ctx, SNAP_MISSING);
	if (navisim_parse_ll(&res, resv, 0, NAVISIM_MAX_LUN_ID) || !(lun = navisim_lun_by_id(ctx->st, res)))
		return navisim_fail(ctx, "Could not retrieve the specified (pool lun). The (pool lun) may not exist");
	/* Restoring through an SMP is allowed when it belongs to the same primary. */
	if (navisim_jint(s, "res") != res &&
	    !(navisim_jbool(lun, "smp") && navisim_jint(lun, "primary") == navisim_jint(s, "res")))
		return navisim_fail(ctx, "The attach or restore operation is disallowed because the snapshot and snapshot mount point are associated with different primary LUNs. Use LUNs and snapshots from correct primary LUN for attach and restore. (0x716d8008)");
	if (bak) {
		if (!navisim_valid_text(bak, 255))
			return navisim_usage_error(ctx, "-bakName");
		if (navisim_snap_by_name(ctx->st, bak))
			return navisim_fail(ctx, SNAP_NAME_IN_USE);
		snap_new(ctx, bak, res, 0, 1);
	}
	ctx->modified = 1;
	return 0;
}

static int snap_modify(navisim_ctx *ctx, navisim_opt *opts, size_t n)
{
	const char *idv = navisim_optval(opts, n, "-id"), *name = navisim_optval(opts, n, "-name");
	const char *rwv = navisim_optval(opts, n, "-allowReadWrite");
	const char *adv = navisim_optval(opts, n, "-allowAutoDelete");
	const char *desc = navisim_optval(opts, n, "-descr");
	int rw = -1, ad = -1;
	json_t *s, *l;
	size_t i;

	if (!idv)
		return navisim_usage_error(ctx, "-id");
	if (rwv && (rw = navisim_parse_yesno(rwv)) < 0)
		return navisim_usage_error(ctx, rwv);
	if (adv && (ad = navisim_parse_yesno(adv)) < 0)
		return navisim_usage_error(ctx, adv);
	if (name && !navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	if (desc && *desc && !navisim_valid_text(desc, 255))
		return navisim_usage_error(ctx, "-descr");
	s = navisim_snap_by_name(ctx->st, idv);
	if (!s)
		return navisim_fail(ctx, SNAP_MISSING);
	if (name && strcmp(name, idv) != 0) {
		if (navisim_snap_by_name(ctx->st, name))
			return navisim_fail(ctx, SNAP_NAME_IN_USE);
		/* SMPs refer to their snapshot by name: follow the rename. */
		json_array_foreach(navisim_arr(ctx->st, "luns"), i, l) {
			const char *a = navisim_jstr(l, "attached");
			if (a && strcmp(a, idv) == 0)
				navisim_jset_str(l, "attached", name);
		}
		navisim_jset_str(s, "name", name);
	}
	if (rw >= 0)
		navisim_jset_bool(s, "rw", rw);
	if (ad >= 0)
		navisim_jset_bool(s, "autodel", ad);
	if (desc)
		navisim_jset_str(s, "desc", desc);
	json_object_set_new(s, "mtime", json_real(ctx->now));
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_snap(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-create", 0}, {"-destroy", 0}, {"-list", 0}, {"-copy", 0},
			      {"-restore", 0}, {"-modify", 0}, {"-res", 1}, {"-resType", 1},
			      {"-name", 1}, {"-id", 1}, {"-detail", 0}, {"-allowReadWrite", 1},
			      {"-allowAutoDelete", 1}, {"-keepFor", 1}, {"-descr", 1}, {"-bakName", 1},
			      {"-o", 0}, {"-ignoreMigrationCheck", 0}, {"-ignoreDeduplicationCheck", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	/* Every verb reads the options parsed once here. */
	static const struct {
		const char *name;
		int (*run)(navisim_ctx *ctx, navisim_opt *opts, size_t n);
	} verbs[] = {
		{ "-create", snap_create },
		{ "-list", snap_list },
		{ "-destroy", snap_destroy },
		{ "-copy", snap_copy },
		{ "-restore", snap_restore },
		{ "-modify", snap_modify },
	};
	const char *verb = ctx->argc > 1 ? ctx->argv[1] : "";
	int status;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	if (!navisim_has_enabler(ctx->st, "-VNXSnapshots"))
		return navisim_fail_unsupported(ctx);
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verb, verbs[i].name) == 0)
			return verbs[i].run(ctx, opts, n);
	return navisim_usage_error(ctx, verb);
}
