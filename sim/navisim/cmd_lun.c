/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_lun.c - pool LUNs, snapshot mount points and LUN migration:
 * lun -create/-list/-destroy/-expand/-modify/-attach/-detach and
 * migrate -start/-list/-cancel.
 *
 * Rules modelled after VNX: the lowest free LUN id is used unless -l
 * gives one; a LUN without -name is called "LUN <id>"; names are unique;
 * thick LUNs reserve their whole size in the pool, thin LUNs a fraction
 * (navisim_lun_consumed); expand only grows; destroy refuses LUNs that are
 * mapped, migrating, have snapshots (without -destroySnapshots) or have
 * snapshot mount points.  An SMP (lun -create -type snap) is a LUN that
 * exposes one snapshot of its primary LUN once attached; migrating an SMP
 * to a new LUN is how a full clone is made, so when a migration completes
 * the source becomes an ordinary LUN in the destination's place.
 *
 * The lun command came with storage pools (FLARE 28.5): older arrays answer
 * it with the not-supported text.  It handles pool LUNs only; FLARE LUNs in
 * RAID groups are bound, listed and unbound by cmd_rg.c, except that
 * lun -create -rg (OE 31 and later) creates one.  On FLARE 28.5 and 29,
 * pool LUNs are thin only (thick pool LUNs came with FLARE 30).
 */
#include "navisim.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_IN_USE "Unable to create the LUN because the specified name is already in use. " \
		    "Please retry the operation using a unique name. (0x712d8d04)"
#define POOL_MISSING "Could not retrieve the specified (Storagepool). The (Storagepool) may not exist"
#define BUSY_FEATURE "Cannot unbind LUN because it's being used by a feature of the Storage System"

/* A LUN name VNX accepts: 1..255 printable characters. */

static void blocks_gb(navisim_ctx *ctx, const char *label, long long blocks)
{
	fprintf(ctx->out, "%s (Blocks):  %lld\n", label, blocks);
	fprintf(ctx->out, "%s (GBs):  %.3f\n", label, (double)blocks / NAVISIM_GB_BLOCKS);
}

static void lun_print(navisim_ctx *ctx, json_t *lun)
{
	json_t *st = ctx->st, *pool, *o;
	long long id = navisim_jint(lun, "id");
	long long blocks = navisim_jint(lun, "blocks");
	long long consumed = navisim_lun_consumed(lun);
	int thin = navisim_jbool(lun, "thin"), smp = navisim_jbool(lun, "smp");
	const char *owner = navisim_jstr(lun, "owner");
	const char *attached = navisim_jstr(lun, "attached");
	json_t *mig = navisim_mig_with_lun(st, id);
	char uid[64], tbuf[32];
	size_t i;
	int first = 1;

	pool = navisim_pool_by_id(st, navisim_jint(lun, "pool"));
	navisim_lun_uid(uid, sizeof(uid), st, lun);
	navisim_fmt_time(tbuf, sizeof(tbuf), ctx->now);
	if (!owner)
		owner = "A";
	fprintf(ctx->out, "LOGICAL UNIT NUMBER %lld\n", id);
	fprintf(ctx->out, "Name:  %s\n", navisim_jstr(lun, "name"));
	fprintf(ctx->out, "UID:  %s\n", uid);
	/* A LUN whose SP is down has trespassed to the peer, as on a real array. */
	fprintf(ctx->out, "Current Owner:  SP %s\nDefault Owner:  SP %s\nAllocation Owner:  SP %s\n",
		(owner[0] == 'A' && ctx->down_a) ? "B" : (owner[0] == 'B' && ctx->down_b) ? "A" : owner,
		owner, owner);
	blocks_gb(ctx, "User Capacity", blocks);
	blocks_gb(ctx, "Consumed Capacity", consumed);
	blocks_gb(ctx, "LUN Allocation", consumed);
	blocks_gb(ctx, "Snapshot Allocation", 0);
	blocks_gb(ctx, "Metadata Allocation", 0);
	blocks_gb(ctx, "Uncommitted Allocation", 0);
	blocks_gb(ctx, "Snapshot Subscribed Capacity", smp ? blocks : 0);
	blocks_gb(ctx, "Metadata Subscribed Capacity", 0);
	fprintf(ctx->out, "Compression Savings (Blocks):  N/A\nCompression Savings (GBs):  N/A\n");
	fprintf(ctx->out, "Pool Name:  %s\n", pool ? navisim_jstr(pool, "name") : "N/A");
	fprintf(ctx->out, "Raid Type:  r_5\nDisk Type:  SAS\nOffset:  0\n");
	fprintf(ctx->out, "Auto-Assign Enabled:  DISABLED\nAuto-Trespass Enabled:  DISABLED\n");
	if (navisim_lun_preparing(ctx, lun)) {
		fprintf(ctx->out, "Current State:  Initializing\nStatus:  OK(0x0)\n");
		fprintf(ctx->out, "Is Faulted:  false\nIs Transitioning:  true\n");
	} else {
		fprintf(ctx->out, "Current State:  Ready\nStatus:  OK(0x0)\n");
		fprintf(ctx->out, "Is Faulted:  false\nIs Transitioning:  false\n");
	}
	if (mig && navisim_jint(mig, "src") == id) {
		fprintf(ctx->out, "Current Operation:  Migration\nCurrent Operation State:  Migrating\n");
		fprintf(ctx->out, "Current Operation Status:  OK(0x0)\n");
		fprintf(ctx->out, "Current Operation Percent Completed:  %d\n",
			navisim_mig_percent(ctx, mig, NULL));
	} else {
		fprintf(ctx->out, "Current Operation:  None\nCurrent Operation State:  N/A\n");
		fprintf(ctx->out, "Current Operation Status:  N/A\nCurrent Operation Percent Completed:  0\n");
	}
	fprintf(ctx->out, "Statistics Logging Current Time:  %s\n", tbuf);
	{
		static const char *const stats[] = {"Read Requests", "Write Requests", "Blocks Read",
						    "Blocks Written", "Busy Ticks", "Idle Ticks",
						    "Sum of Outstanding Requests",
						    "Non-Zero Request Count Arrivals",
						    "Implicit Trespasses", "Explicit Trespasses"};
		for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
			fprintf(ctx->out, "%s:  0\n%s SP A:  0\n%s SP B:  0\n", stats[i], stats[i], stats[i]);
	}
	fprintf(ctx->out, "Is Pool LUN:  Yes\nIs Thin LUN:  %s\n", thin || smp ? "Yes" : "No");
	fprintf(ctx->out, "Is Private:  %s\nIs Compressed:  No\n",
		mig && navisim_jint(mig, "dst") == id ? "Yes" : "No");
	if (!smp)
		fprintf(ctx->out, "Deduplication State:  %s\nDeduplication Status:  %s\n",
			thin ? "Off" : "N/A", thin ? "OK(0x0)" : "N/A");
	fprintf(ctx->out, "Features:  N/A\n");
	if (thin || smp)
		fprintf(ctx->out, "Tiering Policy:  Auto Tier\nInitial Tier:  Highest Available\n");
	else
		fprintf(ctx->out, "Initial Tier:  Optimize Pool\n");
	fprintf(ctx->out, "Tier Distribution:\nPerformance:  100.00%%\n");
	fprintf(ctx->out, "Allow Snapshot Auto-Delete:  Yes\n");
	fprintf(ctx->out, "Snapshot Mount Points:");
	json_array_foreach(navisim_arr(st, "luns"), i, o) {
		if (!navisim_jbool(o, "smp") || navisim_jint(o, "primary") != id)
			continue;
		fprintf(ctx->out, "%s%lld", first ? "  " : ", ", navisim_jint(o, "id"));
		first = 0;
	}
	fprintf(ctx->out, "%s\n", first ? "  N/A" : "");
	fprintf(ctx->out, "Consistency Group:  N/A\n");
	if (smp) {
		json_t *prim = navisim_lun_by_id(st, navisim_jint(lun, "primary"));
		fprintf(ctx->out, "Primary LUN:  %s\n", prim ? navisim_jstr(prim, "name") : "N/A");
	} else {
		fprintf(ctx->out, "Primary LUN:  N/A\n");
	}
	fprintf(ctx->out, "Attached Snapshot:  %s\n", attached ? attached : "N/A");
	fprintf(ctx->out, "Allow Inband Snap Attach:  %s\n", smp ? "No" : "N/A");
	fprintf(ctx->out, "Allocation Policy:  Automatic\n");
}

static int lun_list(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-list", 0}, {"-all", 0}, {"-l", 1}, {"-name", 1}, {"-showOnly", 1},
			      {"-state", 0}, {"-status", 0}, {"-opDetails", 0}, {"-userCap", 0},
			      {"-owner", 0}, {"-uid", 0}, {"-poolName", 0}, {"-isThinLUN", 0},
			      {"-snapMountPoints", 0}, {"-primaryLun", 0}, {"-attachedSnapshot", 0},
			      {"-consumedCap", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	const char *only;
	json_t *lun;
	int status, printed = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	if (navisim_optval(opts, n, "-l") || navisim_optval(opts, n, "-name")) {
		lun = navisim_lun_from_opts(ctx, opts, n, &status);
		if (!lun)
			return status;
		lun_print(ctx, lun);
		return 0;
	}
	only = navisim_optval(opts, n, "-showOnly");
	json_array_foreach(navisim_arr(ctx->st, "luns"), i, lun) {
		if (only && strcasecmp(only, "Snap") == 0 && !navisim_jbool(lun, "smp"))
			continue;
		if (navisim_jint(lun, "rg") >= 0)
			continue;
		if (printed++)
			fprintf(ctx->out, "\n");
		lun_print(ctx, lun);
	}
	return 0;
}

static long long lowest_free_id(json_t *st)
{
	for (long long id = 0; id <= NAVISIM_MAX_LUN_ID; id++)
		if (navisim_lun_id_free(st, id))
			return id;
	return -1;
}

/* lun -create -rg: name and number rules as for pool LUNs, placement in cmd_rg.c. */
static int rg_create(navisim_ctx *ctx, navisim_opt *opts, size_t n, const char *rgv, long long blocks)
{
	const char *name = navisim_optval(opts, n, "-name"), *lv = navisim_optval(opts, n, "-l");
	const char *spv = navisim_optval(opts, n, "-sp");
	char owner[2] = "A", defname[32];
	long long id;

	if (name && !navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	if (spv && strcasecmp(spv, "a") && strcasecmp(spv, "b"))
		return navisim_usage_error(ctx, spv);
	if (lv) {
		if (navisim_parse_ll(&id, lv, 0, NAVISIM_MAX_LUN_ID))
			return navisim_usage_error(ctx, lv);
	} else if ((id = lowest_free_id(ctx->st)) < 0) {
		return navisim_fail(ctx, "Unable to create the LUN because the maximum number of LUNs has been reached.");
	}
	if (!name) {
		snprintf(defname, sizeof(defname), "LUN %lld", id);
		name = defname;
	}
	if (navisim_lun_by_name(ctx->st, name))
		return navisim_fail(ctx, NAME_IN_USE);
	if (!navisim_lun_id_free(ctx->st, id))
		return navisim_fail(ctx, "Error: lun command failed\nLUN already exists");
	owner[0] = spv ? (char)(spv[0] & ~0x20) : (id % 2) ? 'B' : 'A';
	return navisim_rg_lun_create(ctx, rgv, blocks, id, name, owner);
}

static int lun_create(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-create", 0}, {"-capacity", 1}, {"-sq", 1}, {"-poolId", 1},
			      {"-poolName", 1}, {"-l", 1}, {"-name", 1}, {"-type", 1}, {"-sp", 1},
			      {"-ignoreThresholds", 0}, {"-o", 0}, {"-primaryLun", 1},
			      {"-initialTier", 1}, {"-tieringPolicy", 1}, {"-aa", 1}, {"-rg", 1}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	const char *type, *name, *lv, *spv, *pidv, *pname, *rgv;
	navisim_gen g;
	json_t *st = ctx->st, *pool = NULL, *lun, *prim = NULL;
	long long id, blocks = 0, pid;
	int thin = 0, smp = 0, status;
	char owner[2] = "A", defname[32];

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	type = navisim_optval(opts, n, "-type");
	name = navisim_optval(opts, n, "-name");
	lv = navisim_optval(opts, n, "-l");
	spv = navisim_optval(opts, n, "-sp");
	pidv = navisim_optval(opts, n, "-poolId");
	pname = navisim_optval(opts, n, "-poolName");
	rgv = navisim_optval(opts, n, "-rg");
	navisim_gen_of(&g, st);
	if (rgv && !g.lun_rg)
		return navisim_usage_error(ctx, "-rg");
	if ((navisim_opthas(opts, n, "-initialTier") || navisim_opthas(opts, n, "-tieringPolicy")) &&
	    !navisim_has_enabler(st, "-FAST"))
		return navisim_fail(ctx, "Request not allowed. Auto-Tiering Feature is not supported.");
	if (type && strcasecmp(type, "snap") == 0) {
		const char *pv = navisim_optval(opts, n, "-primaryLun");
		long long p;
		if (!pv || !name || navisim_parse_ll(&p, pv, 0, NAVISIM_MAX_LUN_ID))
			return navisim_usage_error(ctx, "-primaryLun");
		if (!navisim_has_enabler(st, "-VNXSnapshots"))
			return navisim_fail_unsupported(ctx);
		prim = navisim_lun_by_id(st, p);
		if (!prim || navisim_jbool(prim, "smp") || navisim_jint(prim, "rg") >= 0)
			return navisim_fail(ctx, "Could not retrieve the specified (pool lun). The (pool lun) may not exist");
		smp = 1;
		thin = 1;
		blocks = navisim_jint(prim, "blocks");
		pool = navisim_pool_by_id(st, navisim_jint(prim, "pool"));
	} else {
		if (type && strcasecmp(type, "Thin") == 0)
			thin = 1;
		else if (type && strcasecmp(type, "NonThin") != 0)
			return navisim_usage_error(ctx, type);
		if (navisim_opthas(opts, n, "-primaryLun"))
			return navisim_usage_error(ctx, "-primaryLun");
		if (!navisim_optval(opts, n, "-capacity") ||
		    navisim_parse_capacity(&blocks, navisim_optval(opts, n, "-capacity"),
					   navisim_optval(opts, n, "-sq")))
			return navisim_usage_error(ctx, "-capacity");
		if (rgv) {
			/* A FLARE LUN in a RAID group: thick by nature, no pool. */
			if (pidv || pname || thin)
				return navisim_usage_error(ctx, pidv ? "-poolId" : pname ? "-poolName" : "-type");
			return rg_create(ctx, opts, n, rgv, blocks);
		}
		/* Before FLARE 30 a pool LUN is thin: there is no thick kind yet. */
		if (!g.thick_pool) {
			if (type && strcasecmp(type, "NonThin") == 0)
				return navisim_fail_unsupported(ctx);
			thin = 1;
		}
		if ((pidv != NULL) == (pname != NULL))
			return navisim_usage_error(ctx, "-poolId or -poolName");
		if (pidv) {
			if (navisim_parse_ll(&pid, pidv, 0, 1000000))
				return navisim_usage_error(ctx, pidv);
			pool = navisim_pool_by_id(st, pid);
		} else {
			pool = navisim_pool_by_name(st, pname);
		}
		if (!pool)
			return navisim_fail(ctx, POOL_MISSING);
		if (thin && !navisim_has_enabler(st, "-ThinProvisioning"))
			return navisim_fail_unsupported(ctx);
	}
	if (name && !navisim_valid_text(name, 255))
		return navisim_usage_error(ctx, "-name");
	if (spv) {
		if (strcasecmp(spv, "a") && strcasecmp(spv, "b"))
			return navisim_usage_error(ctx, spv);
		owner[0] = (char)(spv[0] & ~0x20);
	}
	if (lv) {
		if (navisim_parse_ll(&id, lv, 0, NAVISIM_MAX_LUN_ID))
			return navisim_usage_error(ctx, lv);
	} else {
		id = lowest_free_id(st);
		if (id < 0)
			return navisim_fail(ctx, "Unable to create the LUN because the maximum number of LUNs has been reached.");
	}
	if (!name) {
		snprintf(defname, sizeof(defname), "LUN %lld", id);
		name = defname;
	}
	if (navisim_lun_by_name(st, name))
		return navisim_fail(ctx, NAME_IN_USE);
	if (!navisim_lun_id_free(st, id))
		return navisim_fail(ctx, "Unable to create the LUN because the specified LUN number is already in use.");
	lun = json_object();
	navisim_jset_int(lun, "id", id);
	navisim_jset_str(lun, "name", name);
	navisim_jset_int(lun, "pool", navisim_jint(pool, "id"));
	navisim_jset_bool(lun, "thin", thin);
	navisim_jset_int(lun, "blocks", blocks);
	navisim_jset_bool(lun, "smp", smp);
	if (!spv)
		owner[0] = (id % 2) ? 'B' : 'A';
	navisim_jset_str(lun, "owner", owner);
	if (smp)
		navisim_jset_int(lun, "primary", navisim_jint(prim, "id"));
	if (navisim_lun_consumed(lun) > navisim_pool_free(st, pool)) {
		json_decref(lun);
		return navisim_fail(ctx, "Unable to create the LUN because the storage pool does not have enough free capacity.");
	}
	navisim_jset_int(lun, "seq", navisim_next_seq(st));
	json_object_set_new(lun, "ctime", json_real(ctx->now));
	if (navisim_jint(st, "prepare_ms") > 0)
		json_object_set_new(lun, "ready_at",
				    json_real(ctx->now + (double)navisim_jint(st, "prepare_ms") / 1000.0));
	json_array_append_new(navisim_arr(st, "luns"), lun);
	ctx->modified = 1;
	return 0;
}

static void remove_lun(json_t *st, json_t *lun)
{
	json_t *luns = navisim_arr(st, "luns");
	json_array_remove(luns, (size_t)navisim_index_of(luns, lun));
}

static int lun_destroy(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-destroy", 0}, {"-l", 1}, {"-name", 1}, {"-destroySnapshots", 0},
			      {"-forceDetach", 0}, {"-o", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	json_t *st = ctx->st, *lun, *o, *snaps = navisim_arr(st, "snaps");
	long long id;
	int status, has_snaps = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	lun = navisim_lun_from_opts(ctx, opts, n, &status);
	if (!lun)
		return status;
	id = navisim_jint(lun, "id");
	if (navisim_sg_with_lun(st, id))
		return navisim_fail(ctx, "Cannot unbind LUN because it's contained in a Storage Group.");
	if (navisim_mig_with_lun(st, id) || navisim_sv_uses_lun(st, id))
		return navisim_fail(ctx, BUSY_FEATURE);
	json_array_foreach(navisim_arr(st, "luns"), i, o)
		if (navisim_jbool(o, "smp") && navisim_jint(o, "primary") == id)
			return navisim_fail(ctx, "Cannot destroy the LUN because it has snapshot mount points. (0x716d801a)");
	json_array_foreach(snaps, i, o) {
		if (navisim_jint(o, "res") != id)
			continue;
		has_snaps = 1;
		if (!navisim_opthas(opts, n, "-destroySnapshots"))
			return navisim_fail(ctx, "The LUN cannot be destroyed because it still has snapshots.");
	}
	(void)has_snaps;
	/* Snapshots of a LUN that has no SMP cannot be attached anywhere: drop them. */
	for (i = 0; i < json_array_size(snaps);) {
		if (navisim_jint(json_array_get(snaps, i), "res") == id)
			json_array_remove(snaps, i);
		else
			i++;
	}
	remove_lun(st, lun);
	ctx->modified = 1;
	return 0;
}

static int lun_expand(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-expand", 0}, {"-l", 1}, {"-name", 1}, {"-capacity", 1}, {"-sq", 1},
			      {"-ignoreThresholds", 0}, {"-o", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	json_t *st = ctx->st, *lun, *pool;
	long long blocks, old, delta;
	int status;
	char msg[160];

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	if (!navisim_optval(opts, n, "-capacity") ||
	    navisim_parse_capacity(&blocks, navisim_optval(opts, n, "-capacity"),
				   navisim_optval(opts, n, "-sq")))
		return navisim_usage_error(ctx, "-capacity");
	lun = navisim_lun_from_opts(ctx, opts, n, &status);
	if (!lun)
		return status;
	if (navisim_jbool(lun, "smp"))
		return navisim_fail(ctx, "Cannot expand the LUN. Invalid LUN type.");
	if (navisim_mig_with_lun(st, navisim_jint(lun, "id")))
		return navisim_fail(ctx, "Cannot expand LUN because it's being used by a feature of the Storage System.");
	if (navisim_lun_preparing(ctx, lun))
		return navisim_fail_preparing(ctx);
	old = navisim_jint(lun, "blocks");
	if (blocks <= old) {
		snprintf(msg, sizeof(msg),
			 "SP %c: Expansion LUN size must be greater than current LUN size. (0x712d8e04)", ctx->sp);
		return navisim_fail(ctx, msg);
	}
	pool = navisim_pool_by_id(st, navisim_jint(lun, "pool"));
	navisim_jset_int(lun, "blocks", blocks);
	delta = navisim_lun_consumed(lun);
	navisim_jset_int(lun, "blocks", old);
	delta -= navisim_lun_consumed(lun);
	if (pool && delta > navisim_pool_free(st, pool))
		return navisim_fail(ctx, "Unable to expand the LUN because the storage pool does not have enough free capacity.");
	navisim_jset_int(lun, "blocks", blocks);
	ctx->modified = 1;
	return 0;
}

static int lun_modify(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-modify", 0}, {"-l", 1}, {"-name", 1}, {"-newName", 1}, {"-o", 0},
			      {"-sp", 1}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	const char *nn, *spv;
	json_t *lun, *other;
	int status;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	nn = navisim_optval(opts, n, "-newName");
	spv = navisim_optval(opts, n, "-sp");
	if ((!nn && !spv) || (nn && !navisim_valid_text(nn, 255)))
		return navisim_usage_error(ctx, "-newName");
	if (spv && strcasecmp(spv, "a") && strcasecmp(spv, "b"))
		return navisim_usage_error(ctx, spv);
	lun = navisim_lun_from_opts(ctx, opts, n, &status);
	if (!lun)
		return status;
	if (nn) {
		other = navisim_lun_by_name(ctx->st, nn);
		if (other && other != lun)
			return navisim_fail(ctx, "Could not set properties:(Name: The specified name is already in use. (0x712d8d04)).");
		navisim_jset_str(lun, "name", nn);
	}
	if (spv)
		navisim_jset_str(lun, "owner", (spv[0] & ~0x20) == 'A' ? "A" : "B");
	ctx->modified = 1;
	return 0;
}

static int lun_attach(navisim_ctx *ctx, int attach)
{
	navisim_opt opts[] = {{attach ? "-attach" : "-detach", 0}, {"-l", 1}, {"-name", 1},
			      {"-snapName", 1}, {"-o", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]);
	const char *sn = navisim_optval(opts, n, "-snapName");
	json_t *lun, *snap;
	int status;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	sn = navisim_optval(opts, n, "-snapName");
	if (attach != (sn != NULL))
		return navisim_usage_error(ctx, "-snapName");
	lun = navisim_lun_from_opts(ctx, opts, n, &status);
	if (!lun)
		return status;
	if (!navisim_jbool(lun, "smp")) {
		char msg[200];
		if (attach)
			return navisim_fail(ctx, "Cannot attach the snapshot. Invalid LUN type.");
		snprintf(msg, sizeof(msg), "Cannot detach the specified LUN %lld as it is not a snapshot mount point. "
			 "Retry the detach operation with a valid snapshot mount point.", navisim_jint(lun, "id"));
		return navisim_fail(ctx, msg);
	}
	if (!attach) {
		if (navisim_jstr(lun, "attached")) {
			json_object_del(lun, "attached");
			ctx->modified = 1;
		}
		return 0;
	}
	snap = navisim_snap_by_name(ctx->st, sn);
	if (!snap)
		return navisim_fail(ctx, "Cannot attach the snapshot. The specified snapshot does not exist.");
	if (navisim_jint(snap, "res") != navisim_jint(lun, "primary"))
		return navisim_fail(ctx, "The attach or restore operation is disallowed because the snapshot and snapshot mount point are associated with different primary LUNs. Use LUNs and snapshots from correct primary LUN for attach and restore. (0x716d8008)");
	if (navisim_jstr(lun, "attached"))
		return navisim_fail(ctx, "Cannot attach the snapshot. The snapshot mount point is already attached to a snapshot.");
	navisim_jset_str(lun, "attached", sn);
	ctx->modified = 1;
	return 0;
}

int navisim_cmd_lun(navisim_ctx *ctx)
{
	static const navisim_verb verbs[] = {
		{ "-list", lun_list, NULL, 0 },
		{ "-create", lun_create, NULL, 0 },
		{ "-destroy", lun_destroy, NULL, 0 },
		{ "-expand", lun_expand, NULL, 0 },
		{ "-modify", lun_modify, NULL, 0 },
		{ "-attach", NULL, lun_attach, 1 },
		{ "-detach", NULL, lun_attach, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	navisim_gen g;

	navisim_gen_of(&g, ctx->st);
	if (!g.pools)
		return navisim_fail_unsupported(ctx);

	/* naviseccli takes the verb anywhere; clients always put it first. */
	return navisim_run_verb(ctx, verbs, "lun");
}

/* ---- migrate ---- */

static void mig_print(navisim_ctx *ctx, json_t *m)
{
	json_t *src = navisim_lun_by_id(ctx->st, navisim_jint(m, "src"));
	json_t *dst = navisim_lun_by_id(ctx->st, navisim_jint(m, "dst"));
	long long remaining = 0;
	int pct = navisim_mig_percent(ctx, m, &remaining);

	fprintf(ctx->out, "Source LU Name:  %s\n", src ? navisim_jstr(src, "name") : "");
	fprintf(ctx->out, "Source LU ID:  %lld\n", navisim_jint(m, "src"));
	fprintf(ctx->out, "Dest LU Name:  %s\n", dst ? navisim_jstr(dst, "name") : "");
	fprintf(ctx->out, "Dest LU ID:  %lld\n", navisim_jint(m, "dst"));
	fprintf(ctx->out, "Migration Rate:  %s\n", navisim_jstr(m, "rate"));
	fprintf(ctx->out, "Current State:  MIGRATING\n");
	fprintf(ctx->out, "Percent Complete:  %d\n", pct);
	fprintf(ctx->out, "Time Remaining:  %lld second(s)\n", remaining);
}

int navisim_cmd_migrate(navisim_ctx *ctx)
{
	navisim_opt opts[] = {{"-start", 0}, {"-list", 0}, {"-cancel", 0}, {"-source", 1},
			      {"-dest", 1}, {"-rate", 1}, {"-o", 0}};
	size_t n = sizeof(opts) / sizeof(opts[0]), i;
	json_t *st = ctx->st, *migs = navisim_arr(st, "migs"), *m, *src = NULL, *dst;
	const char *sv, *dv, *rate;
	long long sid = -1, did;
	int status, printed = 0;

	if ((status = navisim_parse_opts(ctx, opts, n, 1)))
		return status;
	sv = navisim_optval(opts, n, "-source");
	if (sv && navisim_parse_ll(&sid, sv, 0, NAVISIM_MAX_LUN_ID))
		return navisim_usage_error(ctx, sv);
	if (navisim_opthas(opts, n, "-list")) {
		if (sid >= 0) {
			m = navisim_mig_with_lun(st, sid);
			if (!navisim_lun_by_id(st, sid))
				return navisim_fail(ctx, "Error: migrate -list command failed.\nThe specified source LUN does not exist");
			if (!m || navisim_jint(m, "src") != sid)
				return navisim_fail(ctx, "Error: migrate -list command failed.\nThe specified source LUN is not currently migrating.");
			mig_print(ctx, m);
			return 0;
		}
		json_array_foreach(migs, i, m) {
			if (printed++)
				fprintf(ctx->out, "\n");
			mig_print(ctx, m);
		}
		return 0;
	}
	if (sid < 0)
		return navisim_usage_error(ctx, "-source");
	src = navisim_lun_by_id(st, sid);
	if (navisim_opthas(opts, n, "-cancel")) {
		if (!src)
			return navisim_fail(ctx, "Error: migrate -cancel command failed.\nThe specified source LUN does not exist");
		m = navisim_mig_with_lun(st, sid);
		if (!m || navisim_jint(m, "src") != sid)
			return navisim_fail(ctx, "Error: migrate -cancel command failed.\nThe specified source LUN is not currently migrating.");
		json_array_remove(migs, (size_t)navisim_index_of(migs, m));
		ctx->modified = 1;
		return 0;
	}
	if (!navisim_opthas(opts, n, "-start"))
		return navisim_usage_error(ctx, "-start");
	dv = navisim_optval(opts, n, "-dest");
	rate = navisim_optval(opts, n, "-rate");
	if (!dv || navisim_parse_ll(&did, dv, 0, NAVISIM_MAX_LUN_ID))
		return navisim_usage_error(ctx, "-dest");
	if (!rate)
		rate = "high";
	if (strcasecmp(rate, "low") && strcasecmp(rate, "medium") && strcasecmp(rate, "high") &&
	    strcasecmp(rate, "asap"))
		return navisim_usage_error(ctx, rate);
	if (!src)
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe specified source LUN does not exist");
	dst = navisim_lun_by_id(st, did);
	if (!dst)
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe specified destination LUN does not exist");
	if (sid == did || navisim_jbool(dst, "smp"))
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe destination LUN is not valid for migration.");
	if (navisim_mig_with_lun(st, sid) || navisim_mig_with_lun(st, did))
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe LUN is being used by a feature of the Storage System.");
	if (navisim_jint(dst, "blocks") < navisim_jint(src, "blocks"))
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe destination LUN is smaller than the source LUN.");
	if (navisim_sg_with_lun(st, did))
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe destination LUN is in a Storage Group.");
	if (navisim_lun_preparing(ctx, src) || navisim_lun_preparing(ctx, dst))
		return navisim_fail_preparing(ctx);
	if (navisim_jbool(src, "smp") && !navisim_jstr(src, "attached"))
		return navisim_fail(ctx, "Error: migrate -start command failed.\nThe source snapshot mount point is not attached to a snapshot.");
	m = json_object();
	navisim_jset_int(m, "src", sid);
	navisim_jset_int(m, "dst", did);
	{
		char r[8];
		size_t k;
		for (k = 0; rate[k] && k + 1 < sizeof(r); k++)
			r[k] = (char)(rate[k] | 0x20);
		r[k] = 0;
		navisim_jset_str(m, "rate", r);
	}
	navisim_jset_int(m, "blocks", navisim_jint(src, "blocks"));
	json_object_set_new(m, "start", json_real(ctx->now));
	json_array_append_new(migs, m);
	ctx->modified = 1;
	return 0;
}
