/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_sg.c - LUN masking and host registration: storagegroup -create/
 * -destroy/-list/-addhlu/-removehlu/-connecthost/-disconnecthost/-setpath/
 * -sethost, port -list -hba and port -removeHBA.
 *
 * Model: a storage group holds HLU->ALU pairs (HLU 0..255 unique in the
 * group, a LUN at most once per group).  Initiators are registered per
 * path (initiator UID, SP, SP port, virtual port) with the initiator
 * type, failover mode and arraycommpath given to -setpath; a path belongs
 * to at most one group (its "sg").  A host is the set of paths carrying
 * its name.  Arrays without ALUA (before FLARE 26, and every CX200..CX700)
 * refuse failover mode 4, which is what lets the gateway test its PNR
 * fallback.  SnapView snapshots reach hosts through -addsnapshot, under the
 * array LUN number cmd_snapview.c gives them.  Fibre Channel initiators can
 * also be known from a fabric login alone (admin fc-login): port -list
 * shows them logged in but not defined until a -setpath registers them.
 */
#include "navisim.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SG_FAILED "Error: storagegroup command failed\n"
#define AGENT "Error returned from Agent\n"
#define SG_MISSING SG_FAILED "The group name or UID does not match any storage groups for this array"

#define HOST_UNKNOWN SG_FAILED "Host specified is not known by storage system"

/* ALUA: FLARE 26 and later on CX3 and later (gen.c); never CX200..CX700. */
static int alua_supported(json_t *st)
{
	navisim_gen g;
	navisim_gen_of(&g, st);
	return g.alua;
}

/* An initiator UID: iSCSI name or FC WWNN:WWPN (16 hex bytes). */
static int valid_hbauid(const char *u)
{
	size_t n = strlen(u);
	if (n < 4 || n > 223)
		return 0;
	if (strncasecmp(u, "iqn.", 4) == 0 || strncasecmp(u, "eui.", 4) == 0) {
		for (; *u; u++)
			if (!isgraph((unsigned char)*u))
				return 0;
		return 1;
	}
	if (n != 47)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i % 3 == 2 ? u[i] != ':' : !isxdigit((unsigned char)u[i]))
			return 0;
	}
	return 1;
}

/*
 * One storage group.  Per path: the HBA/SP row, with -host its "Host name:",
 * and for an iSCSI path with -iscsiAttributes the portal lines and a blank
 * line (storops' captures); an FC path has no portal lines and no blank
 * (storops' "microsoft" capture, delfin's FC sample).  The HLU/ALU table
 * follows one blank line.
 */
static void sg_print(navisim_ctx *ctx, json_t *sg, int with_host, int iscsi_attrs)
{
	json_t *st = ctx->st, *h, *p;
	const char *name = navisim_jstr(sg, "name");
	char uid[64];
	size_t i;
	int hbas = 0;

	navisim_sg_uid(uid, sizeof(uid), st, navisim_jint(sg, "seq"));
	fprintf(ctx->out, "Storage Group Name:    %s\n", name);
	fprintf(ctx->out, "Storage Group UID:     %s\n", uid);
	json_array_foreach(navisim_arr(st, "hbas"), i, h) {
		const char *g = navisim_jstr(h, "sg");
		const char *ip = navisim_jstr(h, "ip");
		int iscsi = strncasecmp(navisim_jstr(h, "uid"), "iqn.", 4) == 0 ||
			    strncasecmp(navisim_jstr(h, "uid"), "eui.", 4) == 0;
		if (!g || strcasecmp(g, name) != 0)
			continue;
		if (!hbas++) {
			fprintf(ctx->out, "HBA/SP Pairs:\n\n");
			fprintf(ctx->out, "  HBA UID                                          SP Name     SPPort\n");
			fprintf(ctx->out, "  -------                                          -------     ------\n");
		}
		fprintf(ctx->out, "  %-49s SP %s         %lld\n", navisim_jstr(h, "uid"),
			navisim_jstr(h, "sp"), navisim_jint(h, "port"));
		if (with_host)
			fprintf(ctx->out, "Host name:             %s\n", navisim_jstr(h, "host"));
		if (iscsi && iscsi_attrs) {
			fprintf(ctx->out, "SPPort:                %s-%lldv%lld\n", navisim_jstr(h, "sp"),
				navisim_jint(h, "port"), navisim_jint(h, "vport"));
			fprintf(ctx->out, "Initiator IP:          %s\n", ip && *ip ? ip : "N/A");
			fprintf(ctx->out, "TPGT:                  1\n");
			fprintf(ctx->out, "ISID:                  10000000000\n");
			fprintf(ctx->out, "\n");
		}
	}
	if (json_array_size(navisim_arr(sg, "hlus"))) {
		fprintf(ctx->out, "\nHLU/ALU Pairs:\n\n");
		fprintf(ctx->out, "  HLU Number     ALU Number\n");
		fprintf(ctx->out, "  ----------     ----------\n");
		json_array_foreach(navisim_arr(sg, "hlus"), i, p)
			fprintf(ctx->out, "    %-16lld%lld\n", navisim_jint(p, "hlu"), navisim_jint(p, "alu"));
	}
	fprintf(ctx->out, "Shareable:             YES\n");
}

static int sg_list(navisim_ctx *ctx, const navisim_opt *opts, size_t n, int messner)
{
	const char *g = navisim_optval(opts, n, "-gname");
	int with_host = navisim_opthas(opts, n, "-host");
	int attrs = navisim_opthas(opts, n, "-iscsiAttributes");
	json_t *sg;
	size_t i;

	if (g) {
		sg = navisim_sg_by_name(ctx->st, g);
		if (!sg)
			return navisim_fail(ctx, SG_MISSING);
		sg_print(ctx, sg, with_host, attrs);
		return 0;
	}
	/* Without -messner every group is preceded by a blank line; with it, separated. */
	json_array_foreach(navisim_arr(ctx->st, "sgs"), i, sg) {
		if (!messner || i)
			fprintf(ctx->out, "\n");
		sg_print(ctx, sg, with_host, attrs);
	}
	return 0;
}

static int sg_create(navisim_ctx *ctx, const char *g)
{
	json_t *sg;
	size_t len = strlen(g);

	if (len == 0 || len > 64 || g[0] == '~')
		return navisim_usage_error(ctx, "-gname");
	for (const char *c = g; *c; c++)
		if (!isprint((unsigned char)*c))
			return navisim_usage_error(ctx, "-gname");
	if (navisim_sg_by_name(ctx->st, g))
		return navisim_fail(ctx, SG_FAILED AGENT "Storage Group name already in use");
	sg = json_object();
	navisim_jset_str(sg, "name", g);
	navisim_jset_int(sg, "seq", navisim_next_seq(ctx->st));
	json_object_set_new(sg, "hlus", json_array());
	json_array_append_new(navisim_arr(ctx->st, "sgs"), sg);
	ctx->modified = 1;
	return 0;
}

static int sg_destroy(navisim_ctx *ctx, json_t *sg)
{
	json_t *sgs = navisim_arr(ctx->st, "sgs"), *h;
	const char *name = navisim_jstr(sg, "name");
	size_t i;

	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h) {
		const char *g = navisim_jstr(h, "sg");
		if (g && strcasecmp(g, name) == 0)
			json_object_set_new(h, "sg", json_null());
	}
	json_array_remove(sgs, (size_t)navisim_index_of(sgs, sg));
	ctx->modified = 1;
	return 0;
}

/* Map alu at hlu in a group's hlus, refused as the array refuses a LUN
 * already in the group or a host LUN number already in use. */
static int sg_map(navisim_ctx *ctx, json_t *hlus, long long hlu, long long alu)
{
	json_t *p;
	size_t i;

	json_array_foreach(hlus, i, p) {
		if (navisim_jint(p, "alu") == alu)
			return navisim_fail(ctx, SG_FAILED AGENT "Requested LUN has already been added to this Storage Group");
		if (navisim_jint(p, "hlu") == hlu)
			return navisim_fail(ctx, SG_FAILED AGENT "Requested Host LUN Number already in use");
	}
	p = json_object();
	navisim_jset_int(p, "hlu", hlu);
	navisim_jset_int(p, "alu", alu);
	json_array_append_new(hlus, p);
	ctx->modified = 1;
	return 0;
}

static int sg_addhlu(navisim_ctx *ctx, json_t *sg, const char *hv, const char *av)
{
	long long hlu, alu;

	if (!hv || !av || navisim_parse_ll(&hlu, hv, 0, NAVISIM_MAX_HLU))
		return navisim_usage_error(ctx, "-hlu");
	if (navisim_parse_ll(&alu, av, 0, NAVISIM_MAX_LUN_ID) || !navisim_lun_by_id(ctx->st, alu))
		return navisim_fail(ctx, SG_FAILED "The ALU number specified by user is not a bound ALU number");
	return sg_map(ctx, navisim_arr(sg, "hlus"), hlu, alu);
}

static int sg_removehlu(navisim_ctx *ctx, json_t *sg, const char *hv)
{
	json_t *hlus = navisim_arr(sg, "hlus"), *p;
	long long hlu;
	size_t i;

	if (!hv || navisim_parse_ll(&hlu, hv, 0, NAVISIM_MAX_HLU))
		return navisim_usage_error(ctx, "-hlu");
	json_array_foreach(hlus, i, p) {
		if (navisim_jint(p, "hlu") == hlu) {
			json_array_remove(hlus, i);
			ctx->modified = 1;
			return 0;
		}
	}
	return navisim_fail(ctx, SG_FAILED AGENT "LUN 0 : No such Host LUN in this Storage Group");
}

/* -addsnapshot / -removesnapshot: a SnapView snapshot seen by the group's hosts. */
static int sg_snapshot(navisim_ctx *ctx, const char *g, const char *sn, const char *hv, int add)
{
	json_t *sg = navisim_sg_by_name(ctx->st, g), *snap, *hlus, *p;
	long long hlu = -1, alu;
	size_t i;

	if (!sn || (add && (!hv || navisim_parse_ll(&hlu, hv, 0, NAVISIM_MAX_HLU))) || (!add && hv))
		return navisim_usage_error(ctx, !sn ? "-snapshotname" : "-hlu");
	if (!sg)
		return navisim_fail(ctx, SG_FAILED "The group name entered does not match any storage groups for this array");
	snap = navisim_sv_snap(ctx->st, sn);
	if (!snap)
		return navisim_fail(ctx, SG_FAILED "The specified snapshot does not exist.");
	alu = navisim_jint(snap, "alu");
	hlus = navisim_arr(sg, "hlus");
	json_array_foreach(hlus, i, p) {
		if (navisim_jint(p, "alu") != alu)
			continue;
		if (add)
			return navisim_fail(ctx, SG_FAILED AGENT "Requested LUN has already been added to this Storage Group");
		json_array_remove(hlus, i);
		ctx->modified = 1;
		return 0;
	}
	if (!add)
		return navisim_fail(ctx, SG_FAILED "The specified snapshot is not in this Storage Group");
	return sg_map(ctx, hlus, hlu, alu);
}

/* Paths registered for host name (count), optionally only those in group g. */
static int host_paths(json_t *st, const char *host, const char *g)
{
	json_t *h;
	size_t i;
	int n = 0;
	json_array_foreach(navisim_arr(st, "hbas"), i, h) {
		const char *hn = navisim_jstr(h, "host"), *hg = navisim_jstr(h, "sg");
		if (!hn || strcasecmp(hn, host) != 0)
			continue;
		if (g && (!hg || strcasecmp(hg, g) != 0))
			continue;
		n++;
	}
	return n;
}

static int sg_connect(navisim_ctx *ctx, json_t *sg, const char *host, int connect)
{
	const char *name = navisim_jstr(sg, "name");
	json_t *h;
	size_t i;

	if (!host)
		return navisim_usage_error(ctx, "-host");
	if (!host_paths(ctx->st, host, NULL))
		return navisim_fail(ctx, HOST_UNKNOWN);
	if (!connect && !host_paths(ctx->st, host, name))
		return navisim_fail(ctx, SG_FAILED AGENT "The specified host is not connected to this Storage Group");
	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h) {
		const char *hn = navisim_jstr(h, "host");
		if (!hn || strcasecmp(hn, host) != 0)
			continue;
		if (connect)
			navisim_jset_str(h, "sg", name);
		else
			json_object_set_new(h, "sg", json_null());
	}
	ctx->modified = 1;
	return 0;
}

/* Parse -type / -failovermode / -arraycommpath, keeping *type etc. when absent. */
static int path_settings(navisim_ctx *ctx, const navisim_opt *opts, size_t n, long long *type,
			 long long *fm, long long *acp)
{
	const char *tv = navisim_optval(opts, n, "-type");
	const char *fv = navisim_optval(opts, n, "-failovermode");
	const char *av = navisim_optval(opts, n, "-arraycommpath");

	if (tv && navisim_parse_ll(type, tv, 0, 255))
		return navisim_usage_error(ctx, tv);
	if (fv && navisim_parse_ll(fm, fv, 0, 4))
		return navisim_usage_error(ctx, fv);
	if (av && navisim_parse_ll(acp, av, 0, 1))
		return navisim_usage_error(ctx, av);
	if (*fm == 4 && !alua_supported(ctx->st)) {
		char msg[200];
		snprintf(msg, sizeof(msg), SG_FAILED AGENT
			 "SP %c: The failover mode 4 (ALUA) is not supported by this storage system.", ctx->sp);
		return navisim_fail(ctx, msg);
	}
	return 0;
}

static int sg_setpath(navisim_ctx *ctx, json_t *sg, const navisim_opt *opts, size_t n)
{
	const char *uid = navisim_optval(opts, n, "-hbauid"), *spv = navisim_optval(opts, n, "-sp");
	const char *pv = navisim_optval(opts, n, "-spport"), *vv = navisim_optval(opts, n, "-spvport");
	const char *host = navisim_optval(opts, n, "-host"), *ip = navisim_optval(opts, n, "-ip");
	long long port, vport = 0, type = 3, fm = alua_supported(ctx->st) ? 4 : 1, acp = 1;
	json_t *p, *h, *found = NULL;
	size_t i;
	char sp, msg[256];
	int status;
	int iscsi;

	if (!uid || !valid_hbauid(uid))
		return navisim_usage_error(ctx, "-hbauid");
	if (!spv || (strcasecmp(spv, "a") && strcasecmp(spv, "b")))
		return navisim_usage_error(ctx, "-sp");
	sp = (char)(spv[0] & ~0x20);
	if (!pv || navisim_parse_ll(&port, pv, 0, 1000))
		return navisim_usage_error(ctx, "-spport");
	if (vv && navisim_parse_ll(&vport, vv, 0, 1000))
		return navisim_usage_error(ctx, "-spvport");
	if (ip && !navisim_valid_ipv4(ip))
		return navisim_usage_error(ctx, "-ip");
	if (host && !navisim_valid_text(host, 255))
		return navisim_usage_error(ctx, "-host");
	if ((status = path_settings(ctx, opts, n, &type, &fm, &acp)))
		return status;
	p = navisim_port(ctx->st, sp, port);
	if (!p) {
		snprintf(msg, sizeof(msg), SG_FAILED AGENT "SP %c: The specified SP port does not exist.", sp);
		return navisim_fail(ctx, msg);
	}
	iscsi = strncasecmp(uid, "iqn.", 4) == 0 || strncasecmp(uid, "eui.", 4) == 0;
	if (iscsi != (strcmp(navisim_jstr(p, "kind"), "iscsi") == 0)) {
		snprintf(msg, sizeof(msg), SG_FAILED AGENT "SP %c: The initiator type does not match the port type.", sp);
		return navisim_fail(ctx, msg);
	}
	if (iscsi) {
		json_t *vp, *hit = NULL;
		json_array_foreach(navisim_arr(p, "vports"), i, vp)
			if (navisim_jint(vp, "id") == vport)
				hit = vp;
		if (!hit || !navisim_jstr(hit, "ip")) {
			snprintf(msg, sizeof(msg), SG_FAILED AGENT "SP %c: This port is uninitialized. Please initialize the IP address before trying to use this port. (0x7155800d)", sp);
			return navisim_fail(ctx, msg);
		}
	}
	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h) {
		if (strcasecmp(navisim_jstr(h, "uid"), uid) == 0 && navisim_jstr(h, "sp")[0] == sp &&
		    navisim_jint(h, "port") == port && navisim_jint(h, "vport") == vport)
			found = h;
	}
	if (found) {
		const char *g = navisim_jstr(found, "sg");
		if (g && strcasecmp(g, navisim_jstr(sg, "name")) == 0 && navisim_jint(found, "type") == type &&
		    navisim_jint(found, "fm") == fm && navisim_jint(found, "acp") == acp &&
		    (!host || strcmp(host, navisim_jstr(found, "host")) == 0)) {
			snprintf(msg, sizeof(msg), SG_FAILED AGENT "SP %c: Initiator record already exists.", sp);
			return navisim_fail(ctx, msg);
		}
		h = found;
	} else {
		h = json_object();
		navisim_jset_str(h, "uid", uid);
		navisim_jset_str(h, "sp", sp == 'A' ? "A" : "B");
		navisim_jset_int(h, "port", port);
		navisim_jset_int(h, "vport", vport);
		json_array_append_new(navisim_arr(ctx->st, "hbas"), h);
	}
	navisim_jset_str(h, "host", host ? host : (navisim_jstr(h, "host") ? navisim_jstr(h, "host") : uid));
	if (ip)
		navisim_jset_str(h, "ip", ip);
	navisim_jset_int(h, "type", type);
	navisim_jset_int(h, "fm", fm);
	navisim_jset_int(h, "acp", acp);
	navisim_jset_str(h, "sg", navisim_jstr(sg, "name"));
	ctx->modified = 1;
	return 0;
}

static int sg_sethost(navisim_ctx *ctx, const navisim_opt *opts, size_t n)
{
	const char *host = navisim_optval(opts, n, "-host"), *g = navisim_optval(opts, n, "-gname");
	const char *ip = navisim_optval(opts, n, "-ip");
	json_t *h, *sg = NULL;
	size_t i;
	int status;

	if (!host)
		return navisim_usage_error(ctx, "-host");
	if (ip && !navisim_valid_ipv4(ip))
		return navisim_usage_error(ctx, "-ip");
	if (g && !(sg = navisim_sg_by_name(ctx->st, g)))
		return navisim_fail(ctx, SG_MISSING);
	if (!host_paths(ctx->st, host, NULL))
		return navisim_fail(ctx, HOST_UNKNOWN);
	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h) {
		const char *hn = navisim_jstr(h, "host");
		long long type, fm, acp;
		if (!hn || strcasecmp(hn, host) != 0)
			continue;
		type = navisim_jint(h, "type");
		fm = navisim_jint(h, "fm");
		acp = navisim_jint(h, "acp");
		if ((status = path_settings(ctx, opts, n, &type, &fm, &acp)))
			return status;
		navisim_jset_int(h, "type", type);
		navisim_jset_int(h, "fm", fm);
		navisim_jset_int(h, "acp", acp);
		if (ip)
			navisim_jset_str(h, "ip", ip);
		if (sg)
			navisim_jset_str(h, "sg", navisim_jstr(sg, "name"));
	}
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_storagegroup(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-messner", 0}, {"-list", 0}, {"-create", 0}, {"-destroy", 0},
			      {"-addhlu", 0}, {"-removehlu", 0}, {"-connecthost", 0},
			      {"-disconnecthost", 0}, {"-setpath", 0}, {"-sethost", 0},
			      {"-gname", 1}, {"-host", 0}, {"-iscsiAttributes", 0}, {"-hlu", 1},
			      {"-alu", 1}, {"-o", 0}, {"-hbauid", 1}, {"-sp", 1}, {"-spport", 1},
			      {"-spvport", 1}, {"-type", 1}, {"-ip", 1}, {"-failovermode", 1},
			      {"-arraycommpath", 1}, {"-unitserialnumber", 1}, {"-addsnapshot", 0},
			      {"-removesnapshot", 0}, {"-snapshotname", 1}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	int status, i, verbs = 0;
	const char *g;
	json_t *sg;

	/* -host is a flag for -list and takes a value elsewhere. */
	for (i = 1; i < ctx->argc; i++)
		if (strcmp(ctx->argv[i], "-list") == 0)
			break;
	if (i == ctx->argc)
		opts[11].has_value = 1;
	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	for (i = 1; i <= 9; i++)
		verbs += opts[i].present;
	verbs += navisim_opthas(opts, n, "-addsnapshot") + navisim_opthas(opts, n, "-removesnapshot");
	if (verbs != 1)
		return navisim_usage_error(ctx, "storagegroup");
	if (navisim_opthas(opts, n, "-list"))
		return sg_list(ctx, opts, n, navisim_opthas(opts, n, "-messner"));
	if (navisim_opthas(opts, n, "-sethost"))
		return sg_sethost(ctx, opts, n);
	g = navisim_optval(opts, n, "-gname");
	if (!g)
		return navisim_usage_error(ctx, "-gname");
	if (navisim_opthas(opts, n, "-create"))
		return sg_create(ctx, g);
	if (navisim_opthas(opts, n, "-addsnapshot") || navisim_opthas(opts, n, "-removesnapshot"))
		return sg_snapshot(ctx, g, navisim_optval(opts, n, "-snapshotname"), navisim_optval(opts, n, "-hlu"),
				   navisim_opthas(opts, n, "-addsnapshot"));
	sg = navisim_sg_by_name(ctx->st, g);
	if (!sg)
		return navisim_fail(ctx, SG_MISSING);
	if (navisim_opthas(opts, n, "-destroy"))
		return sg_destroy(ctx, sg);
	if (navisim_opthas(opts, n, "-addhlu"))
		return sg_addhlu(ctx, sg, navisim_optval(opts, n, "-hlu"), navisim_optval(opts, n, "-alu"));
	if (navisim_opthas(opts, n, "-removehlu"))
		return sg_removehlu(ctx, sg, navisim_optval(opts, n, "-hlu"));
	if (navisim_opthas(opts, n, "-connecthost"))
		return sg_connect(ctx, sg, navisim_optval(opts, n, "-host"), 1);
	if (navisim_opthas(opts, n, "-disconnecthost"))
		return sg_connect(ctx, sg, navisim_optval(opts, n, "-host"), 0);
	return sg_setpath(ctx, sg, opts, n);
}

/* ---- fabric logins (FC) ---- */

/* The element of the state's array arr (logins, hbas) for initiator uid
 * (any case) on SP port sp-port. */
static json_t *uid_on_port(json_t *st, const char *arr, const char *uid, char sp, long long port)
{
	size_t i;
	json_t *o;
	json_array_foreach(navisim_arr(st, arr), i, o)
		if (strcasecmp(navisim_jstr(o, "uid"), uid) == 0 && navisim_jstr(o, "sp")[0] == sp &&
		    navisim_jint(o, "port") == port)
			return o;
	return NULL;
}

static json_t *login_find(json_t *st, const char *uid, char sp, long long port)
{
	return uid_on_port(st, "logins", uid, sp, port);
}

static json_t *path_find(json_t *st, const char *uid, char sp, long long port)
{
	return uid_on_port(st, "hbas", uid, sp, port);
}

int navisim_path_logged_in(json_t *st, const char *uid, char sp, long long port)
{
	json_t *l = login_find(st, uid, sp, port);
	/* A registered path no fabric event touched counts as logged in, as
	 * registration through a live host implies. */
	return l ? navisim_jbool(l, "in") : 1;
}

/* A logged-in path that no registration covers. */
static int login_only(json_t *st, json_t *l)
{
	return navisim_jbool(l, "in") &&
	       !path_find(st, navisim_jstr(l, "uid"), navisim_jstr(l, "sp")[0], navisim_jint(l, "port"));
}

void navisim_port_initiators(json_t *st, char sp, long long port, int *registered, int *logged_in,
			     int *not_logged_in)
{
	size_t i;
	json_t *h;

	*registered = *logged_in = *not_logged_in = 0;
	json_array_foreach(navisim_arr(st, "hbas"), i, h) {
		if (navisim_jstr(h, "sp")[0] != sp || navisim_jint(h, "port") != port)
			continue;
		(*registered)++;
		if (navisim_path_logged_in(st, navisim_jstr(h, "uid"), sp, port))
			(*logged_in)++;
		else
			(*not_logged_in)++;
	}
	json_array_foreach(navisim_arr(st, "logins"), i, h)
		if (navisim_jstr(h, "sp")[0] == sp && navisim_jint(h, "port") == port && login_only(st, h))
			(*logged_in)++;
}

int navisim_initiator_total(json_t *st)
{
	size_t i;
	json_t *l;
	int n = (int)json_array_size(navisim_arr(st, "hbas"));
	json_array_foreach(navisim_arr(st, "logins"), i, l)
		n += login_only(st, l);
	return n;
}

static void hba_print(navisim_ctx *ctx, const char *uid)
{
	json_t *h, *first = NULL;
	size_t i;

	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h)
		if (strcmp(navisim_jstr(h, "uid"), uid) == 0 && !first)
			first = h;
	fprintf(ctx->out, "\nHBA UID:                 %s\n", uid);
	/* An initiator the fabric logged in but nobody registered: its UID is its name. */
	fprintf(ctx->out, "Server Name:             %s\n", first ? navisim_jstr(first, "host") : uid);
	fprintf(ctx->out, "Server IP Address:       %s\n",
		first && navisim_jstr(first, "ip") ? navisim_jstr(first, "ip") : "N/A");
	fprintf(ctx->out, "HBA Model Description:\nHBA Vendor Description:\n");
	fprintf(ctx->out, "HBA Device Driver Name:   N/A\n");
	fprintf(ctx->out, "Information about each port of this HBA:\n");
	json_array_foreach(navisim_arr(ctx->st, "hbas"), i, h) {
		const char *g = navisim_jstr(h, "sg");
		if (strcmp(navisim_jstr(h, "uid"), uid) != 0)
			continue;
		fprintf(ctx->out, "\n    SP Name:               SP %s\n", navisim_jstr(h, "sp"));
		fprintf(ctx->out, "    SP Port ID:            %lld\n", navisim_jint(h, "port"));
		fprintf(ctx->out, "    HBA Devicename:        N/A\n");
		fprintf(ctx->out, "    Trusted:               NO\n");
		fprintf(ctx->out, "    Logged In:             %s\n",
			navisim_path_logged_in(ctx->st, uid, navisim_jstr(h, "sp")[0], navisim_jint(h, "port"))
				? "YES" : "NO");
		fprintf(ctx->out, "    Defined:               YES\n");
		fprintf(ctx->out, "    Initiator Type:           %lld\n", navisim_jint(h, "type"));
		fprintf(ctx->out, "    StorageGroup Name:     %s\n", g ? g : "None");
		fprintf(ctx->out, "    Failover mode:         %lld\n", navisim_jint(h, "fm"));
		fprintf(ctx->out, "    ArrayCommPath:         %lld\n", navisim_jint(h, "acp"));
		fprintf(ctx->out, "    SP vPort ID:           %lld\n", navisim_jint(h, "vport"));
	}
	json_array_foreach(navisim_arr(ctx->st, "logins"), i, h) {
		if (strcasecmp(navisim_jstr(h, "uid"), uid) != 0 || !login_only(ctx->st, h))
			continue;
		fprintf(ctx->out, "\n    SP Name:               SP %s\n", navisim_jstr(h, "sp"));
		fprintf(ctx->out, "    SP Port ID:            %lld\n", navisim_jint(h, "port"));
		fprintf(ctx->out, "    HBA Devicename:        N/A\n");
		fprintf(ctx->out, "    Trusted:               NO\n");
		fprintf(ctx->out, "    Logged In:             YES\n");
		fprintf(ctx->out, "    Defined:               NO\n");
		fprintf(ctx->out, "    Initiator Type:           3\n");
		fprintf(ctx->out, "    StorageGroup Name:     None\n");
		fprintf(ctx->out, "    SP vPort ID:           0\n");
	}
}

int navisim_cmd_port_hba(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-list", 0}, {"-hba", 0}, {"-removeHBA", 0}, {"-hbauid", 1}, {"-o", 0},
			      {"-all", 0}, {"-failovermode", 0}, {"-arraycommpath", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	json_t *hbas = navisim_arr(ctx->st, "hbas");
	const char *uid;
	int status, removed = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	uid = navisim_optval(opts, n, "-hbauid");
	if (navisim_opthas(opts, n, "-removeHBA")) {
		if (!uid)
			return navisim_usage_error(ctx, "-hbauid");
		for (i = 0; i < json_array_size(hbas);) {
			if (strcasecmp(navisim_jstr(json_array_get(hbas, i), "uid"), uid) == 0) {
				json_array_remove(hbas, i);
				removed++;
			} else {
				i++;
			}
		}
		if (!removed)
			return navisim_fail(ctx, "The HBA UID specified is not known by the array.");
		ctx->modified = 1;
		return 0;
	}
	if (!navisim_opthas(opts, n, "-list"))
		return navisim_usage_error(ctx, "port");
	navisim_print_hbas(ctx, uid);
	return 0;
}

void navisim_print_hbas(navisim_ctx *ctx, const char *uid)
{
	json_t *hbas = navisim_arr(ctx->st, "hbas"), *logins = navisim_arr(ctx->st, "logins"), *h;
	size_t i, j;

	fprintf(ctx->out, "Information about each HBA:\n");
	json_array_foreach(hbas, i, h) {
		const char *u = navisim_jstr(h, "uid");
		int seen = 0;
		if (uid && strcasecmp(uid, u) != 0)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = strcmp(navisim_jstr(json_array_get(hbas, j), "uid"), u) == 0;
		if (!seen)
			hba_print(ctx, u);
	}
	/* Then initiators known only from a fabric login. */
	json_array_foreach(logins, i, h) {
		const char *u = navisim_jstr(h, "uid");
		int seen = 0;
		if ((uid && strcasecmp(uid, u) != 0) || !login_only(ctx->st, h))
			continue;
		for (j = 0; j < json_array_size(hbas) && !seen; j++)
			seen = strcasecmp(navisim_jstr(json_array_get(hbas, j), "uid"), u) == 0;
		for (j = 0; j < i && !seen; j++)
			seen = strcasecmp(navisim_jstr(json_array_get(logins, j), "uid"), u) == 0 &&
			       login_only(ctx->st, json_array_get(logins, j));
		if (!seen)
			hba_print(ctx, u);
	}
}
