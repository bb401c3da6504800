/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_snapview.c - SnapView, the snapshots every CLARiiON and VNX has
 * (VNX Snapshots came only with OE 32): snapview -createsnapshot/
 * -rmsnapshot/-listsnapshots/-startsession/-stopsession/-listsessions/
 * -activatesnapshot/-deactivatesnapshot/-startrollback, the reserved LUN
 * pool (reserved -lunpool -addlun/-rmlun/-list) and, in cmd_sg.c,
 * storagegroup -addsnapshot/-removesnapshot.
 *
 * Model.  A session is a point in time of one or more source LUNs; it
 * keeps its copy-on-first-write data in the reserved LUN pool, so starting
 * a session on a source LUN that has none yet takes one free reserved LUN
 * for that source, given back when the source's last session stops; the
 * pool holds FLARE LUNs or thick pool LUNs, never thin ones.  A
 * snapshot is a virtual LUN of one source LUN: it reads nothing until it is
 * activated on a session of that source, and a host sees it through
 * storagegroup -addsnapshot, under an array LUN number of its own
 * ("alu") taken from the top of the LUN number range.  Rollback copies the
 * session's point in time back onto the source at once (the simulator
 * keeps no data).  A source LUN with sessions or snapshots, and a LUN in
 * the reserved LUN pool, cannot be unbound.
 */
#include "navisim.h"

#include <string.h>
#include <strings.h>

#define SV_FAILED "Error: snapview command failed\n"

json_t *navisim_sv_snap(json_t *st, const char *name)
{
	return navisim_find_str(st, "sv_snaps", "name", name, 0);
}

json_t *navisim_sv_snap_by_alu(json_t *st, long long alu)
{
	return navisim_find_int(st, "sv_snaps", "alu", alu);
}

static json_t *session_by_name(json_t *st, const char *name)
{
	return navisim_find_str(st, "sv_sessions", "name", name, 0);
}

static int session_has_lun(const json_t *ses, long long id)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ses, "luns"), i, v)
		if (json_integer_value(v) == id)
			return 1;
	return 0;
}

int navisim_rlp_has(json_t *st, long long id)
{
	size_t i;
	json_t *v;
	json_array_foreach(navisim_arr(st, "rlp"), i, v)
		if (json_integer_value(v) == id)
			return 1;
	return 0;
}

/* The reserved LUN serving source id (-1 if none). */
static long long rl_of(json_t *st, long long src)
{
	size_t i;
	json_t *u;
	json_array_foreach(navisim_arr(st, "rlp_use"), i, u)
		if (navisim_jint(u, "src") == src)
			return navisim_jint(u, "rl");
	return -1;
}

static int rl_in_use(json_t *st, long long rl)
{
	size_t i;
	json_t *u;
	json_array_foreach(navisim_arr(st, "rlp_use"), i, u)
		if (navisim_jint(u, "rl") == rl)
			return 1;
	return 0;
}

int navisim_sv_uses_lun(json_t *st, long long id)
{
	size_t i;
	json_t *o;
	if (navisim_rlp_has(st, id))
		return 1;
	json_array_foreach(navisim_arr(st, "sv_snaps"), i, o)
		if (navisim_jint(o, "lun") == id)
			return 1;
	json_array_foreach(navisim_arr(st, "sv_sessions"), i, o)
		if (session_has_lun(o, id))
			return 1;
	return 0;
}

void navisim_sv_print_snapshots_of(navisim_ctx *ctx, long long id)
{
	size_t i;
	json_t *s;
	int first = 1;
	json_array_foreach(navisim_arr(ctx->st, "sv_snaps"), i, s) {
		if (navisim_jint(s, "lun") != id)
			continue;
		fprintf(ctx->out, "%s%s", first ? "" : " ", navisim_jstr(s, "name"));
		first = 0;
	}
	if (first)
		fprintf(ctx->out, "Not Available");
}

int navisim_lun_id_free(json_t *st, long long id)
{
	return !navisim_lun_by_id(st, id) && !navisim_sv_snap_by_alu(st, id);
}

/* A snapshot's array LUN number: the highest number no LUN or snapshot has. */
static long long snap_alu(json_t *st)
{
	for (long long id = NAVISIM_MAX_LUN_ID; id >= 0; id--)
		if (navisim_lun_id_free(st, id))
			return id;
	return -1;
}

/* Size of the reserved LUNs serving a session's sources (GB). */
static double rlp_gb(json_t *st, json_t *ses)
{
	json_t *v, *l;
	size_t i;
	long long b = 0;
	json_array_foreach(json_object_get(ses, "luns"), i, v) {
		l = navisim_lun_by_id(st, rl_of(st, (long long)json_integer_value(v)));
		b += l ? navisim_jint(l, "blocks") : 0;
	}
	return (double)b / (double)NAVISIM_GB_BLOCKS;
}

static void sv_snap_print(navisim_ctx *ctx, json_t *s)
{
	json_t *fake = json_object();
	char uid[64];
	const char *ses = navisim_jstr(s, "session");

	/* The snapshot's WWN comes from its own sequence number, like a LUN's. */
	navisim_jset_int(fake, "seq", navisim_jint(s, "seq"));
	navisim_lun_uid(uid, sizeof(uid), ctx->st, fake);
	json_decref(fake);
	fprintf(ctx->out, "SnapView logical unit name: %s\n", navisim_jstr(s, "name"));
	fprintf(ctx->out, "SnapView logical unit ID: %s\n", uid);
	fprintf(ctx->out, "Target Logical Unit: %lld\n", navisim_jint(s, "lun"));
	fprintf(ctx->out, "State: %s\n", ses ? "Active" : "Inactive");
	if (ses)
		fprintf(ctx->out, "Session Name: %s\n", ses);
	fprintf(ctx->out, "\n");
}

static void session_print(navisim_ctx *ctx, json_t *ses)
{
	static const char *const counters[] = {
		"Number of read requests serviced by the snapview cache pool",
		"Total number of read requests on the snapview logical unit",
		"Number of reads from the TLU",
		"Number of writes requests in the session",
		"Number of writes requests to cache that triggered a COW",
		"Total number of writes requests on the snapview target logical unit",
		"Number of writes requests larger than the chunk size"};
	json_t *v;
	size_t i;
	char tbuf[32];

	navisim_fmt_time(tbuf, sizeof(tbuf), json_number_value(json_object_get(ses, "start")));
	fprintf(ctx->out, "Name of the session: %s\n", navisim_jstr(ses, "name"));
	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		fprintf(ctx->out, "%s: 0\n", counters[i]);
	fprintf(ctx->out, "Cache Capacity in GB: %.6f\n", (double)rlp_gb(ctx->st, ses));
	fprintf(ctx->out, "Session Usage: 0\n");
	fprintf(ctx->out, "List of Target Logical Units:");
	json_array_foreach(json_object_get(ses, "luns"), i, v)
		fprintf(ctx->out, " LUN %lld", (long long)json_integer_value(v));
	fprintf(ctx->out, "\n");
	fprintf(ctx->out, "snap Logical Units UID:\nsnap Logical Units Name:\n");
	fprintf(ctx->out, "Session in persistence: %s\n", navisim_jbool(ses, "persist") ? "YES" : "NO");
	fprintf(ctx->out, "Session creation time: %s\n", tbuf);
	fprintf(ctx->out, "Session state: %s\n\n", navisim_jstr(ses, "state"));
}

/* argv[i] is a name: the value after a verb such as -startsession. */
static const char *word_after(navisim_ctx *ctx, const char *flag)
{
	for (int i = 1; i + 1 < ctx->argc; i++)
		if (strcmp(ctx->argv[i], flag) == 0)
			return ctx->argv[i + 1][0] == '-' ? NULL : ctx->argv[i + 1];
	return NULL;
}

static int has_flag(navisim_ctx *ctx, const char *flag)
{
	for (int i = 1; i < ctx->argc; i++)
		if (strcmp(ctx->argv[i], flag) == 0)
			return 1;
	return 0;
}

/* Every word is a known flag, the value after a flag that takes one, or,
 * where lun_list allows, one of the LUN numbers that follow -lun. */
static int check_words(navisim_ctx *ctx, const char *const *flags, const char *const *valued, int lun_list)
{
	int in_luns = 0;

	for (int i = 1; i < ctx->argc; i++) {
		const char *w = ctx->argv[i];
		long long v;
		int ok = 0;

		for (const char *const *f = flags; *f && !ok; f++)
			ok = strcmp(w, *f) == 0;
		for (const char *const *f = valued; *f && !ok; f++) {
			if (strcmp(w, *f) != 0)
				continue;
			if (i + 1 >= ctx->argc)
				return navisim_usage_error(ctx, w);
			ok = 1;
			i++;
		}
		if (ok) {
			in_luns = lun_list && strcmp(w, "-lun") == 0;
			continue;
		}
		if (!in_luns || navisim_parse_ll(&v, w, 0, NAVISIM_MAX_LUN_ID))
			return navisim_usage_error(ctx, w);
	}
	return 0;
}

static int sv_createsnapshot(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-o", NULL};
	static const char *const valued[] = {"-createsnapshot", "-snapshotname", NULL};
	const char *lv = word_after(ctx, "-createsnapshot"), *name = word_after(ctx, "-snapshotname");
	json_t *lun, *s;
	long long id;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (!lv || !name || navisim_parse_ll(&id, lv, 0, NAVISIM_MAX_LUN_ID) || !navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, !lv ? "-createsnapshot" : "-snapshotname");
	lun = navisim_lun_by_id(ctx->st, id);
	if (!lun || navisim_jbool(lun, "smp") || navisim_rlp_has(ctx->st, id))
		return navisim_fail(ctx, SV_FAILED "The specified LUN does not exist or is not available for SnapView.");
	if (navisim_sv_snap(ctx->st, name))
		return navisim_fail(ctx, SV_FAILED "The specified snapshot name is already in use");
	s = json_object();
	navisim_jset_str(s, "name", name);
	navisim_jset_int(s, "lun", id);
	navisim_jset_int(s, "seq", navisim_next_seq(ctx->st));
	navisim_jset_int(s, "alu", snap_alu(ctx->st));
	navisim_jset_str(s, "session", NULL);
	json_array_append_new(navisim_arr(ctx->st, "sv_snaps"), s);
	ctx->modified = 1;
	return 0;
}

static int sv_rmsnapshot(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-rmsnapshot", "-o", NULL};
	static const char *const valued[] = {"-snapshotname", NULL};
	const char *name = word_after(ctx, "-snapshotname");
	json_t *snaps = navisim_arr(ctx->st, "sv_snaps"), *s;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (!name)
		return navisim_usage_error(ctx, "-snapshotname");
	s = navisim_sv_snap(ctx->st, name);
	if (!s)
		return navisim_fail(ctx, SV_FAILED "The specified snapshot does not exist.");
	if (navisim_sg_with_lun(ctx->st, navisim_jint(s, "alu")))
		return navisim_fail(ctx, SV_FAILED "The snapshot cannot be removed because it is contained in a Storage Group.");
	if (navisim_jstr(s, "session"))
		return navisim_fail(ctx, SV_FAILED "The snapshot is active");
	json_array_remove(snaps, (size_t)navisim_index_of(snaps, s));
	ctx->modified = 1;
	return 0;
}

static int sv_listsnapshots(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-listsnapshots", NULL};
	static const char *const valued[] = {"-snapshotname", NULL};
	const char *name = word_after(ctx, "-snapshotname");
	json_t *s;
	size_t i;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (name) {
		s = navisim_sv_snap(ctx->st, name);
		if (!s)
			return navisim_fail(ctx, SV_FAILED "The specified snapshot does not exist.");
		sv_snap_print(ctx, s);
		return 0;
	}
	json_array_foreach(navisim_arr(ctx->st, "sv_snaps"), i, s)
		sv_snap_print(ctx, s);
	return 0;
}

/* Give source id a reserved LUN if it has none; -1 if the pool has no free one. */
static int rl_take(json_t *st, long long src)
{
	size_t i;
	json_t *v, *u;
	if (rl_of(st, src) >= 0)
		return 0;
	json_array_foreach(navisim_arr(st, "rlp"), i, v) {
		long long rl = (long long)json_integer_value(v);
		if (rl_in_use(st, rl))
			continue;
		u = json_object();
		navisim_jset_int(u, "src", src);
		navisim_jset_int(u, "rl", rl);
		json_array_append_new(navisim_arr(st, "rlp_use"), u);
		return 0;
	}
	return -1;
}

/* Give back the reserved LUNs of sources that no session uses any more. */
static void rl_release(json_t *st)
{
	json_t *use = navisim_arr(st, "rlp_use"), *ses;
	size_t i = 0, k;

	while (i < json_array_size(use)) {
		long long src = navisim_jint(json_array_get(use, i), "src");
		int used = 0;
		json_array_foreach(navisim_arr(st, "sv_sessions"), k, ses)
			used |= session_has_lun(ses, src);
		if (used)
			i++;
		else
			json_array_remove(use, i);
	}
}

static int sv_startsession(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-persistence", "-consistent", "-o", "-lun", NULL};
	static const char *const valued[] = {"-startsession", "-snapshotname", "-chunksize", NULL};
	const char *name = word_after(ctx, "-startsession"), *snap = word_after(ctx, "-snapshotname");
	json_t *st = ctx->st, *luns = json_array(), *ses, *v;
	size_t i;
	int status;

	if ((status = check_words(ctx, flags, valued, 1))) {
		json_decref(luns);
		return status;
	}
	if (!name || !navisim_valid_text(name, 255)) {
		json_decref(luns);
		return navisim_usage_error(ctx, "-startsession");
	}
	if (snap) {
		json_t *s = navisim_sv_snap(st, snap);
		if (!s) {
			json_decref(luns);
			return navisim_fail(ctx, SV_FAILED "The specified snapshot does not exist.");
		}
		json_array_append_new(luns, json_integer(navisim_jint(s, "lun")));
	}
	for (int a = 1; a < ctx->argc; a++) {
		if (strcmp(ctx->argv[a], "-lun") != 0)
			continue;
		while (a + 1 < ctx->argc && ctx->argv[a + 1][0] != '-') {
			long long id;
			navisim_parse_ll(&id, ctx->argv[++a], 0, NAVISIM_MAX_LUN_ID);
			json_t *l = navisim_lun_by_id(st, id);
			if (!l || navisim_jbool(l, "smp") || navisim_rlp_has(st, id)) {
				json_decref(luns);
				return navisim_fail(ctx, SV_FAILED "The specified LUN does not exist or is not available for SnapView.");
			}
			json_array_append_new(luns, json_integer(id));
		}
	}
	if (json_array_size(luns) == 0) {
		json_decref(luns);
		return navisim_usage_error(ctx, "-lun");
	}
	if (session_by_name(st, name)) {
		json_decref(luns);
		return navisim_fail(ctx, SV_FAILED "The session name is already in use");
	}
	json_array_foreach(luns, i, v) {
		if (rl_take(st, (long long)json_integer_value(v))) {
			rl_release(st);
			json_decref(luns);
			return navisim_fail(ctx, SV_FAILED "No LUN in LUN Pool associated with target LUN.");
		}
	}
	ses = json_object();
	navisim_jset_str(ses, "name", name);
	json_object_set_new(ses, "luns", luns);
	json_object_set_new(ses, "start", json_real(ctx->now));
	navisim_jset_bool(ses, "persist", has_flag(ctx, "-persistence"));
	navisim_jset_str(ses, "state", "Normal");
	json_array_append_new(navisim_arr(st, "sv_sessions"), ses);
	ctx->modified = 1;
	fprintf(ctx->out, "You must activate a snapshot on this session before you can access it.\n");
	return 0;
}

static int sv_stopsession(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-o", NULL};
	static const char *const valued[] = {"-stopsession", NULL};
	const char *name = word_after(ctx, "-stopsession");
	json_t *st = ctx->st, *sess = navisim_arr(st, "sv_sessions"), *ses, *s;
	size_t i;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (!name)
		return navisim_usage_error(ctx, "-stopsession");
	ses = session_by_name(st, name);
	if (!ses)
		return navisim_fail(ctx, SV_FAILED "The specified session does not exist");
	/* Snapshots activated on the session go back to inactive. */
	json_array_foreach(navisim_arr(st, "sv_snaps"), i, s) {
		const char *a = navisim_jstr(s, "session");
		if (a && strcmp(a, name) == 0)
			navisim_jset_str(s, "session", NULL);
	}
	json_array_remove(sess, (size_t)navisim_index_of(sess, ses));
	rl_release(st);
	ctx->modified = 1;
	return 0;
}

static int sv_listsessions(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-listsessions", "-all", "-sessionstate", "-tlunumber", NULL};
	static const char *const valued[] = {"-name", NULL};
	const char *name = word_after(ctx, "-name");
	json_t *ses;
	size_t i;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (name) {
		ses = session_by_name(ctx->st, name);
		if (!ses)
			return navisim_fail(ctx, SV_FAILED "The specified session does not exist");
		session_print(ctx, ses);
		return 0;
	}
	json_array_foreach(navisim_arr(ctx->st, "sv_sessions"), i, ses)
		session_print(ctx, ses);
	return 0;
}

static int sv_activate(navisim_ctx *ctx, int on)
{
	static const char *const flags[] = {"-o", "-deactivatesnapshot", NULL};
	static const char *const valued[] = {"-activatesnapshot", "-snapshotname", NULL};
	const char *name = on ? word_after(ctx, "-activatesnapshot") : NULL, *sn = word_after(ctx, "-snapshotname");
	json_t *s, *ses = NULL;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if ((on && !name) || !sn)
		return navisim_usage_error(ctx, !sn ? "-snapshotname" : "-activatesnapshot");
	s = navisim_sv_snap(ctx->st, sn);
	if (!s)
		return navisim_fail(ctx, SV_FAILED "The specified snapshot does not exist.");
	if (!on) {
		if (!navisim_jstr(s, "session"))
			return navisim_fail(ctx, SV_FAILED "The specified snapshot is not active.");
		navisim_jset_str(s, "session", NULL);
		ctx->modified = 1;
		return 0;
	}
	ses = session_by_name(ctx->st, name);
	if (!ses)
		return navisim_fail(ctx, SV_FAILED "The specified session does not exist");
	if (!session_has_lun(ses, navisim_jint(s, "lun")))
		return navisim_fail(ctx, SV_FAILED "The session does not include the snapshot's source LUN.");
	if (navisim_jstr(s, "session"))
		return navisim_fail(ctx, SV_FAILED "The specified snapshot is already active.");
	navisim_jset_str(s, "session", name);
	ctx->modified = 1;
	return 0;
}

static int sv_rollback(navisim_ctx *ctx)
{
	static const char *const flags[] = {"-o", NULL};
	static const char *const valued[] = {"-startrollback", "-rate", NULL};
	const char *name = word_after(ctx, "-startrollback"), *rate = word_after(ctx, "-rate");
	json_t *ses, *v;
	size_t i;
	int status;

	if ((status = check_words(ctx, flags, valued, 0)))
		return status;
	if (!name)
		return navisim_usage_error(ctx, "-startrollback");
	if (rate && strcasecmp(rate, "low") && strcasecmp(rate, "medium") && strcasecmp(rate, "high") &&
	    strcasecmp(rate, "asap"))
		return navisim_usage_error(ctx, rate);
	ses = session_by_name(ctx->st, name);
	if (!ses)
		return navisim_fail(ctx, SV_FAILED "The specified session does not exist");
	/* A host must not write the source while it rolls back: refuse mapped sources. */
	json_array_foreach(json_object_get(ses, "luns"), i, v)
		if (navisim_mig_with_lun(ctx->st, (long long)json_integer_value(v)))
			return navisim_fail(ctx, SV_FAILED "The LUN is being used by a feature of the Storage System.");
	/* The simulator keeps no data: the rollback is complete at once. */
	navisim_jset_int(ses, "rollbacks", navisim_jint(ses, "rollbacks") < 0 ? 1 : navisim_jint(ses, "rollbacks") + 1);
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_snapview(navisim_ctx *ctx)
{
	static const navisim_verb verbs[] = {
		{ "-createsnapshot", sv_createsnapshot, NULL, 0 },
		{ "-rmsnapshot", sv_rmsnapshot, NULL, 0 },
		{ "-listsnapshots", sv_listsnapshots, NULL, 0 },
		{ "-activatesnapshot", NULL, sv_activate, 1 },
		{ "-deactivatesnapshot", NULL, sv_activate, 0 },
		{ "-startsession", sv_startsession, NULL, 0 },
		{ "-stopsession", sv_stopsession, NULL, 0 },
		{ "-listsessions", sv_listsessions, NULL, 0 },
		{ "-startrollback", sv_rollback, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};

	if (!navisim_has_enabler(ctx->st, "-SnapView"))
		return navisim_fail(ctx, SV_FAILED "SnapView Feature software is not installed");
	return navisim_run_verb(ctx, verbs, "snapview");
}

/* ---- reserved -lunpool ---- */

static int rlp_list(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *v, *l;
	long long total = 0, unalloc = 0, used = 0;
	size_t i, n = json_array_size(navisim_arr(st, "rlp")), nfree = 0;

	json_array_foreach(navisim_arr(st, "rlp"), i, v) {
		long long id = (long long)json_integer_value(v);
		l = navisim_lun_by_id(st, id);
		long long b = l ? navisim_jint(l, "blocks") : 0;
		total += b;
		if (rl_in_use(st, id))
			used += b;
		else {
			unalloc += b;
			nfree++;
		}
	}
	fprintf(ctx->out, "Name of the SP:  GLOBAL\n");
	fprintf(ctx->out, "Total Number of LUNs in Pool:  %zu\n", n);
	fprintf(ctx->out, "Number of Unallocated LUNs in Pool:  %zu\n", nfree);
	fprintf(ctx->out, "Unallocated LUNs:");
	{
		int first = 1;
		json_array_foreach(navisim_arr(st, "rlp"), i, v) {
			long long id = (long long)json_integer_value(v);
			if (rl_in_use(st, id))
				continue;
			fprintf(ctx->out, "%s%lld", first ? "  " : ", ", id);
			first = 0;
		}
	}
	fprintf(ctx->out, "\n");
	fprintf(ctx->out, "Total size in GB:  %lld\n", total / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "Unallocated size in GB:  %lld\n", unalloc / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "Used LUN Pool in GB:  %lld\n", used / NAVISIM_GB_BLOCKS);
	fprintf(ctx->out, "%% Used of LUN Pool:  %lld\n", total ? used * 100 / total : 0);
	fprintf(ctx->out, "Chunk size in disk blocks:  128\n");
	return 0;
}

int navisim_cmd_reserved(navisim_ctx *ctx)
{
	json_t *st = ctx->st, *rlp = navisim_arr(st, "rlp");
	int add;

	if (ctx->argc < 3 || strcmp(ctx->argv[1], "-lunpool") != 0)
		return navisim_usage_error(ctx, ctx->argc > 1 ? ctx->argv[1] : "reserved");
	if (strcmp(ctx->argv[2], "-list") == 0) {
		if (ctx->argc != 3)
			return navisim_usage_error(ctx, ctx->argv[3]);
		return rlp_list(ctx);
	}
	if (strcmp(ctx->argv[2], "-addlun") != 0 && strcmp(ctx->argv[2], "-rmlun") != 0)
		return navisim_usage_error(ctx, ctx->argv[2]);
	add = strcmp(ctx->argv[2], "-addlun") == 0;
	if (ctx->argc < 4)
		return navisim_usage_error(ctx, ctx->argv[2]);
	/* Check every LUN first: the command changes all of them or none. */
	for (int pass = 0; pass < 2; pass++) {
		for (int a = 3; a < ctx->argc; a++) {
			long long id;
			json_t *l;
			if (strcmp(ctx->argv[a], "-o") == 0)
				continue;
			if (navisim_parse_ll(&id, ctx->argv[a], 0, NAVISIM_MAX_LUN_ID))
				return navisim_usage_error(ctx, ctx->argv[a]);
			l = navisim_lun_by_id(st, id);
			if (pass == 0) {
				if (!l)
					return navisim_fail(ctx, "Error: reserved command failed\nLUN does not exist");
				/* FLARE LUNs or thick pool LUNs; never thin ones, SMPs or metaLUNs. */
				if (add && (navisim_rlp_has(st, id) || navisim_sg_with_lun(st, id) ||
					    navisim_jbool(l, "thin") || navisim_jbool(l, "smp") ||
					    navisim_sv_uses_lun(st, id) || navisim_jstr(l, "meta")))
					return navisim_fail(ctx, "Error: reserved command failed\nThe LUN cannot be added to the reserved LUN pool.");
				if (!add && !navisim_rlp_has(st, id))
					return navisim_fail(ctx, "Error: reserved command failed\nThe LUN is not in the reserved LUN pool.");
				if (!add && rl_in_use(st, id))
					return navisim_fail(ctx, "Error: reserved command failed\nThe LUN is in use by a SnapView session.");
				continue;
			}
			if (add) {
				json_array_append_new(rlp, json_integer(id));
			} else {
				size_t i;
				json_t *v;
				json_array_foreach(rlp, i, v)
					if (json_integer_value(v) == id)
						break;
				json_array_remove(rlp, i);
			}
		}
	}
	ctx->modified = 1;
	return 0;
}
