/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter.c - the VNX / CLARiiON adapter: slgw_adapter_ops in terms of
 * naviseccli commands (vnx_cmd.c), the runner (vnx_runner.c) and the
 * parsers (parse/vnx_parse.h).
 *
 * Every operation is the same three steps: build the command (inputs are
 * validated there), run it (failover, retries and error classes are the
 * runner's), and for queries convert the parser's records into the
 * family-neutral records of adapter.h.  The only state of its own is the
 * capability mask, recomputed by every discover under a mutex (and by a
 * lazy discover the first time it is needed on an instance that was never
 * discovered); everything else is stateless, which is what makes one
 * instance safe to call from many threads at once.
 *
 * Two rules apply to conversions:
 *  - a listing that parses to nothing recognisable (EFORMAT) after the
 *    runner judged it not to be an error is "unknown": the gateway must
 *    never take an unreadable answer for an empty array;
 *  - a get by id / name whose answer holds no such record is NOT_FOUND.
 */
#include "vnx_adapter.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "vnx_cmd.h"
#include "vnx_parse.h"
#include "vnx_runner.h"

/* Capabilities every VNX with a pool has; the rest depends on enablers,
 * model and revision and is only known after discover. */
#define VNX_BASE_CAPS (SLGW_CAP_THICK | SLGW_CAP_EXPAND | SLGW_CAP_CLONE_MIGRATE)

struct vnx_adapter {
	struct slgw_adapter parent; /* must stay first */
	struct vnx_runner *runner;
	pthread_mutex_t lock;       /* guards caps, known, model and revision */
	unsigned caps;
	int known;                  /* caps come from a discover of this array */
	char model[64];             /* of the last discover, for refusals' reasons */
	char revision[64];
	pthread_mutex_t probe;      /* one lazy discover at a time */
};

static struct vnx_adapter *VA(struct slgw_adapter *a)
{
	return (struct vnx_adapter *)a;
}

static void errset(struct slgw_adapter_error *err, enum slgw_adapter_err cls, const char *msg)
{
	if (!err)
		return;
	err->cls = cls;
	err->code[0] = '\0';
	snprintf(err->message, sizeof(err->message), "%s", msg);
}

/* Reports an allocation failure through err and returns its code: the one
 * answer every conversion of array output gives when the heap runs out. */
static int nomem(struct slgw_adapter_error *err)
{
	errset(err, SLGW_AERR_UNKNOWN, "out of memory");
	return -SLGW_AERR_UNKNOWN;
}

/* Reports a builder's failure (validation or memory) through err. */
static int built(int rc, struct slgw_adapter_error *err)
{
	if (rc == -SLGW_AERR_INVALID_ARGS)
		errset(err, SLGW_AERR_INVALID_ARGS, "invalid argument");
	else if (rc)
		errset(err, SLGW_AERR_UNKNOWN, "out of memory");
	return rc;
}

/* Maps a parser failure on output the runner accepted. */
static int parsed(int rc, const char *what, struct slgw_adapter_error *err)
{
	char msg[128];

	if (rc == 0)
		return 0;
	snprintf(msg, sizeof(msg), "cannot read the array's answer to %s (%s)", what,
	         vnx_parse_strerror(rc));
	errset(err, SLGW_AERR_UNKNOWN, msg);
	return -SLGW_AERR_UNKNOWN;
}

static void cpy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Runs a modifying command built by the caller and clears it. */
static int run_modify(struct vnx_adapter *va, struct vnx_cmd *cmd, struct slgw_adapter_error *err)
{
	int rc = vnx_runner_run(NULL, va->runner, cmd, err);

	vnx_cmd_clear(cmd);
	return rc;
}

/* Runs a query and clears the command; *out holds its stdout. */
static int run_query(struct vnx_output *out, struct vnx_adapter *va, struct vnx_cmd *cmd,
                     struct slgw_adapter_error *err)
{
	int rc = vnx_runner_run(out, va->runner, cmd, err);

	vnx_cmd_clear(cmd);
	return rc;
}

/* ---- conversions ---- */

static uint64_t blocks_to_mb_up(int64_t blocks)
{
	return blocks > 0 ? ((uint64_t)blocks + 2047) / 2048 : 0;
}

static uint64_t blocks_to_mb_down(int64_t blocks)
{
	return blocks > 0 ? (uint64_t)blocks / 2048 : 0;
}

static int clamp_int(int64_t v)
{
	return v < 0 || v > 0x7fffffff ? -1 : (int)v;
}

static void conv_lun(struct slgw_lun *d, const vnx_lun *s)
{
	memset(d, 0, sizeof(*d));
	d->id = clamp_int(s->id);
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->wwn, sizeof(d->wwn), s->uid);
	d->size_mb = blocks_to_mb_up(s->user_capacity_blocks);
	cpy(d->pool, sizeof(d->pool), s->pool);
	d->thin = s->is_thin;
	cpy(d->state, sizeof(d->state), s->current_state);
	cpy(d->operation, sizeof(d->operation), s->current_operation);
	d->percent = s->current_operation_percent < 0 ? 0 : s->current_operation_percent;
	d->owner_sp = s->current_owner;
	d->is_smp = s->primary_lun != NULL;
	d->primary_lun = -1;
	cpy(d->primary_lun_name, sizeof(d->primary_lun_name), s->primary_lun);
	cpy(d->attached_snapshot, sizeof(d->attached_snapshot), s->attached_snapshot);
	d->raid_group = -1;
}

/* RAID type words as bind takes them, from getlun's "RAID Type". */
static const char *raid_short(const char *t)
{
	static const struct { const char *lng, *shrt; } map[] = {
		{ "RAID5", "r5" }, { "RAID6", "r6" }, { "RAID1/0", "r1_0" }, { "RAID10", "r1_0" },
		{ "RAID1", "r1" }, { "RAID0", "r0" }, { "RAID3", "r3" },
	};
	for (size_t i = 0; t && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(t, map[i].lng) == 0)
			return map[i].shrt;
	return "";
}

/* A classic LUN as getlun prints it; `id` when the record had no header. */
static void conv_classic(struct slgw_lun *d, const vnx_classic_lun *s, int id)
{
	memset(d, 0, sizeof(*d));
	d->id = s->id >= 0 ? clamp_int(s->id) : id;
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->wwn, sizeof(d->wwn), s->uid);
	if (s->capacity_blocks > 0)
		d->size_mb = blocks_to_mb_up(s->capacity_blocks);
	else if (s->capacity_mb > 0)
		d->size_mb = (uint64_t)s->capacity_mb;
	d->thin = s->is_thin;
	/* A bound classic LUN serves I/O at once: it reads as Ready, like a
	 * pool LUN that finished initializing. */
	cpy(d->state, sizeof(d->state), "Ready");
	cpy(d->operation, sizeof(d->operation), "None");
	d->owner_sp = s->current_owner;
	d->primary_lun = -1;
	d->is_meta = s->is_meta;
	d->raid_group = s->is_meta ? -1 : clamp_int(s->raid_group);
	cpy(d->raid_type, sizeof(d->raid_type), raid_short(s->raid_type));
}

/* Resolves SMPs' primary LUN names to ids within one listing. */
static void resolve_primaries(struct slgw_lun *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!l[i].is_smp)
			continue;
		for (size_t j = 0; j < n; j++) {
			if (strcmp(l[j].name, l[i].primary_lun_name) == 0) {
				l[i].primary_lun = l[j].id;
				break;
			}
		}
	}
}

static int *conv_ids(const int64_t *src, size_t n, size_t *out_n, int *oom)
{
	int *d;

	*out_n = 0;
	if (!src || n == 0)
		return NULL;
	d = calloc(n, sizeof(int));
	if (!d) {
		*oom = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = clamp_int(src[i]);
	*out_n = n;
	return d;
}

static int conv_snap(struct slgw_snapshot *d, const vnx_snap *s)
{
	int oom = 0;

	memset(d, 0, sizeof(*d));
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->state, sizeof(d->state), s->state);
	cpy(d->created, sizeof(d->created), s->creation_time);
	d->allow_rw = s->allow_rw;
	d->source_luns = conv_ids(s->source_luns, s->source_lun_count, &d->n_source_luns, &oom);
	d->attached_luns = conv_ids(s->attached_luns, s->attached_lun_count, &d->n_attached_luns, &oom);
	if (oom) {
		slgw_snapshot_clear(d);
		return -1;
	}
	return 0;
}

static int conv_sg(struct slgw_storage_group *d, const vnx_storage_group *s)
{
	memset(d, 0, sizeof(*d));
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->uid, sizeof(d->uid), s->uid);
	if (s->hba_count) {
		d->paths = calloc(s->hba_count, sizeof(*d->paths));
		if (!d->paths)
			return -1;
		d->n_paths = s->hba_count;
		for (size_t i = 0; i < s->hba_count; i++) {
			cpy(d->paths[i].uid, sizeof(d->paths[i].uid), s->hbas[i].uid);
			d->paths[i].sp = s->hbas[i].sp;
			d->paths[i].sp_port = s->hbas[i].sp_port;
			d->paths[i].vport_id = s->hbas[i].sp_vport;
		}
	}
	if (s->hlu_count) {
		d->hlus = calloc(s->hlu_count, sizeof(*d->hlus));
		if (!d->hlus) {
			slgw_storage_group_clear(d);
			return -1;
		}
		d->n_hlus = s->hlu_count;
		for (size_t i = 0; i < s->hlu_count; i++) {
			d->hlus[i].hlu = s->hlus[i].hlu;
			d->hlus[i].alu = s->hlus[i].alu;
		}
	}
	return 0;
}

static void conv_pool(struct slgw_pool *d, const vnx_pool *s)
{
	memset(d, 0, sizeof(*d));
	d->id = clamp_int(s->id);
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->state, sizeof(d->state), s->state);
	d->capacity_mb = blocks_to_mb_down(s->user_capacity_blocks);
	d->free_mb = blocks_to_mb_down(s->available_capacity_blocks);
	d->subscribed_mb = blocks_to_mb_up(s->total_subscribed_capacity_blocks);
}

static void conv_migration(struct slgw_migration *d, const vnx_migration *s)
{
	memset(d, 0, sizeof(*d));
	d->source = clamp_int(s->source_id);
	d->dest = clamp_int(s->dest_id);
	cpy(d->rate, sizeof(d->rate), s->rate);
	cpy(d->state, sizeof(d->state), s->state);
	d->percent = s->percent < 0 ? 0 : s->percent;
}

/* ---- capabilities ---- */

/* ALUA (failover mode 4) needs FLARE 26 or later on a CX3 or newer.
 * Revisions read "MM.RR.xxx...": RR is the FLARE release.  The third
 * generation is "CX3-nn" and the fourth "CX4-nnn": a "CX300" or "CX400" is
 * a second-generation CX, which never had ALUA whatever its release. */
static int supports_alua(const char *model, const char *revision)
{
	int major = -1, release = -1;

	if (model && strncmp(model, "CX", 2) == 0 && strncmp(model, "CX3-", 4) != 0 &&
	    strncmp(model, "CX4-", 4) != 0)
		return 0;
	if (model && strncmp(model, "FC", 2) == 0)
		return 0;
	if (revision && sscanf(revision, "%d.%d", &major, &release) == 2)
		return release >= 26;
	/* Unknown revision: every VNX runs a release with ALUA. */
	return model && strncmp(model, "VNX", 3) == 0;
}

/* Release and build of a revision "G.RR.MMM.x.BBB" ("04.28.000.5.704"):
 * 0, or -1 when it does not read so. */
static int rev_release(const char *revision, int *release, int *build)
{
	int g, rr, mmm, x, bbb;

	*release = *build = -1;
	if (!revision || sscanf(revision, "%d.%d.%d.%d.%d", &g, &rr, &mmm, &x, &bbb) != 5 || rr < 0)
		return -1;
	*release = rr;
	*build = bbb;
	return 0;
}

/* Storage pools (and the `lun` command set) came with FLARE 28.5: release
 * 28 builds 7xx, or any later release.  1 yes, 0 no, -1 unknown revision. */
static int rev_has_pools(const char *revision)
{
	int rr, bbb;

	if (rev_release(revision, &rr, &bbb))
		return -1;
	return rr > 28 || (rr == 28 && bbb >= 700);
}

static int enabler_active(const struct slgw_system_info *s, const char *name)
{
	for (size_t i = 0; i < s->n_enablers; i++)
		if (s->enablers[i].active && strcmp(s->enablers[i].name, name) == 0)
			return 1;
	return 0;
}

/*
 * What one array can do, from its model, revision, enablers and ports
 * (the rules of the array generations: pools and thin LUNs from FLARE 28.5,
 * thick pool LUNs from 30, `lun -create -rg` from VNX OE 31, VNX Snapshots
 * with the VNXSnapshots enabler, ALUA from FLARE 26 on CX3 and later;
 * RAID groups, metaLUNs and migration on every generation, SnapView with
 * its enabler).  `pools_refused`: the array answered storagepool -list
 * with "not supported", which overrides a revision that says otherwise.
 */
static unsigned compute_caps(const struct slgw_system_info *s, int pools_refused)
{
	unsigned caps = SLGW_CAP_CLONE_MIGRATE | SLGW_CAP_RAID_GROUPS | SLGW_CAP_METALUN;
	int rr, bbb, pools = rev_has_pools(s->revision);

	rev_release(s->revision, &rr, &bbb);
	if (pools < 0) /* unreadable revision: believe what storagepool said */
		pools = s->n_pools > 0 || (!pools_refused && strncmp(s->model, "VNX", 3) == 0);
	if (pools_refused)
		pools = 0;
	if (pools) {
		caps |= SLGW_CAP_POOLS | SLGW_CAP_LUN_CMD | SLGW_CAP_EXPAND;
		if (rr < 0 || rr >= 30)
			caps |= SLGW_CAP_THICK;
		if (enabler_active(s, "ThinProvisioning"))
			caps |= SLGW_CAP_THIN;
	}
	if (pools && (rr < 0 || rr >= 31))
		caps |= SLGW_CAP_LUN_CREATE_RG;
	if (enabler_active(s, "VNXSnapshots") && pools)
		caps |= SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP | SLGW_CAP_SNAP_RESTORE;
	if (enabler_active(s, "SnapView"))
		caps |= SLGW_CAP_SNAPVIEW;
	if (enabler_active(s, "Compression"))
		caps |= SLGW_CAP_COMPRESSION;
	if (enabler_active(s, "Deduplication"))
		caps |= SLGW_CAP_DEDUP;
	if (supports_alua(s->model, s->revision))
		caps |= SLGW_CAP_ALUA;
	for (size_t i = 0; i < s->n_ports; i++) {
		if (s->ports[i].protocol == SLGW_PROTO_ISCSI)
			caps |= SLGW_CAP_ISCSI;
		else if (s->ports[i].protocol == SLGW_PROTO_FC)
			caps |= SLGW_CAP_FC;
	}
	return caps;
}

/* Why an array lacks capability `bit` ("needs the SnapView enabler"). */
static void cap_reason(char *buf, size_t size, unsigned bit, const char *model, const char *rev)
{
	const char *m = model && *model ? model : "this array";
	const char *r = rev && *rev ? rev : "an unknown release";
	int pools = rev_has_pools(rev);

	switch (bit) {
	case SLGW_CAP_THIN:
		if (pools == 0)
			snprintf(buf, size, "thin LUNs need storage pools, which came with FLARE 28.5; "
			         "%s runs %s", m, r);
		else
			snprintf(buf, size, "thin LUNs need the ThinProvisioning enabler");
		break;
	case SLGW_CAP_THICK:
		snprintf(buf, size, "thick pool LUNs need FLARE 30 or later; %s runs %s", m, r);
		break;
	case SLGW_CAP_POOLS:
	case SLGW_CAP_LUN_CMD:
	case SLGW_CAP_EXPAND:
		snprintf(buf, size, "storage pools (and LUN expansion) need FLARE 28.5 or later; "
		         "%s runs %s", m, r);
		break;
	case SLGW_CAP_SNAPSHOTS:
	case SLGW_CAP_CLONE_SMP:
	case SLGW_CAP_SNAP_RESTORE:
		snprintf(buf, size, "VNX Snapshots need the VNXSnapshots enabler (VNX OE 32 or later)");
		break;
	case SLGW_CAP_ALUA:
		snprintf(buf, size, "ALUA (failover mode 4) needs FLARE 26 on a CX3 or later; "
		         "%s runs %s", m, r);
		break;
	case SLGW_CAP_SNAPVIEW:
		snprintf(buf, size, "SnapView needs the SnapView enabler, which %s does not have", m);
		break;
	case SLGW_CAP_LUN_CREATE_RG:
		snprintf(buf, size, "lun -create -rg needs VNX OE 31 or later; %s runs %s", m, r);
		break;
	case SLGW_CAP_COMPRESSION:
		snprintf(buf, size, "compression needs the Compression enabler");
		break;
	case SLGW_CAP_DEDUP:
		snprintf(buf, size, "deduplication needs the Deduplication enabler");
		break;
	case SLGW_CAP_ISCSI:
		snprintf(buf, size, "%s has no iSCSI target ports", m);
		break;
	case SLGW_CAP_FC:
		snprintf(buf, size, "%s has no Fibre Channel target ports", m);
		break;
	default:
		snprintf(buf, size, "%s cannot do it (%s)", m,
		         slgw_adapter_cap_name(bit) ? slgw_adapter_cap_name(bit) : "unknown capability");
		break;
	}
}

static int vnx_discover(struct slgw_system_info **out, struct slgw_adapter *a,
                        struct slgw_adapter_error *err);

/* Reads the capability mask; returns whether it is known (discovered). */
static int caps_read(struct vnx_adapter *va, unsigned *caps)
{
	int known;

	pthread_mutex_lock(&va->lock);
	*caps = va->caps;
	known = va->known;
	pthread_mutex_unlock(&va->lock);
	return known;
}

/*
 * Capabilities are a property of the array, not of whether this process
 * happened to call discover: a gateway restarted with arrays already
 * registered must still see ALUA and snapshots.  So the first caller on an
 * undiscovered instance runs discover (one thread; the others wait for its
 * result).  If the array cannot be reached the mask stays "unknown" and the
 * next caller tries again.
 */
static int caps_ensure(struct vnx_adapter *va, unsigned *caps)
{
	struct slgw_system_info *info = NULL;
	struct slgw_adapter_error e;

	if (caps_read(va, caps))
		return 1;
	pthread_mutex_lock(&va->probe);
	if (!caps_read(va, caps) && vnx_discover(&info, &va->parent, &e) == 0)
		slgw_system_info_free(info);
	pthread_mutex_unlock(&va->probe);
	return caps_read(va, caps);
}

static unsigned vnx_capabilities(struct slgw_adapter *a)
{
	unsigned c;

	caps_ensure(VA(a), &c);
	return c;
}

/* The reasons for every bit of `need` the mask lacks, joined by "; ". */
static void explain_into(char *buf, size_t size, struct vnx_adapter *va, unsigned caps,
                         unsigned need)
{
	char model[64], rev[64];
	size_t k = 0;

	pthread_mutex_lock(&va->lock);
	snprintf(model, sizeof(model), "%s", va->model);
	snprintf(rev, sizeof(rev), "%s", va->revision);
	pthread_mutex_unlock(&va->lock);
	if (size)
		buf[0] = '\0';
	for (unsigned i = 0; i < SLGW_CAP__BITS && k + 1 < size; i++) {
		unsigned bit = 1u << i;
		char one[256];

		if (!(need & bit) || (caps & bit))
			continue;
		cap_reason(one, sizeof(one), bit, model, rev);
		/* Bits that share a reason (VNX Snapshots) say it once. */
		if (strstr(buf, one))
			continue;
		k += (size_t)snprintf(buf + k, size - k, "%s%s", k ? "; " : "", one);
	}
}

static int vnx_explain(char *buf, size_t size, struct slgw_adapter *a, unsigned need)
{
	unsigned c;
	int known = caps_ensure(VA(a), &c);

	if (size)
		buf[0] = '\0';
	/* Like gate(): an array that could not be asked is not refused. */
	if (!known || (c & need) == need)
		return 0;
	explain_into(buf, size, VA(a), c, need);
	return 1;
}

/* Refuses an operation that needs `need` only when the array is known to
 * lack it; an array we could not ask decides for itself.  The message names
 * the missing enabler or release. */
static int gate(struct slgw_adapter *a, unsigned need, struct slgw_adapter_error *err)
{
	unsigned c;

	if (caps_ensure(VA(a), &c) && (c & need) != need) {
		if (err) {
			err->cls = SLGW_AERR_NOT_SUPPORTED;
			err->code[0] = '\0';
			explain_into(err->message, sizeof(err->message), VA(a), c, need);
		}
		return -SLGW_AERR_NOT_SUPPORTED;
	}
	return 0;
}

/* ---- discover ---- */

static int discover_agent(struct slgw_system_info *info, struct vnx_adapter *va,
                          struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_agent *ag = NULL;
	int rc;

	if ((rc = built(vnx_cmd_getagent(&c), err)))
		return rc;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_agent(o.text, o.len, &ag), "getagent", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	cpy(info->model, sizeof(info->model), ag->model);
	cpy(info->revision, sizeof(info->revision), ag->revision);
	cpy(info->agent_rev, sizeof(info->agent_rev), ag->agent_rev);
	cpy(info->serial, sizeof(info->serial), ag->serial);
	if (ag->sp)
		snprintf(info->sp, sizeof(info->sp), "%c", ag->sp);
	vnx_agent_free(ag);
	return 0;
}

static int discover_enablers(struct slgw_system_info *info, struct vnx_adapter *va,
                             struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_enabler *en = NULL;
	size_t n = 0;
	int rc;

	if ((rc = built(vnx_cmd_ndu_list(&c), err)))
		return rc;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_ndu_list(o.text, o.len, &en, &n), "ndu -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		info->enablers = calloc(n, sizeof(*info->enablers));
		if (!info->enablers) {
			vnx_enabler_array_free(en, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		cpy(info->enablers[i].name, sizeof(info->enablers[i].name), en[i].name);
		cpy(info->enablers[i].revision, sizeof(info->enablers[i].revision), en[i].revision);
		info->enablers[i].active = en[i].active;
	}
	info->n_enablers = n;
	vnx_enabler_array_free(en, n);
	return 0;
}

static int vnx_pool_list_op(struct slgw_pool **out, size_t *count, struct slgw_adapter *a,
                            struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_pool *p = NULL;
	size_t n = 0;
	unsigned caps;
	int rc;

	*out = NULL;
	*count = 0;
	/* An array known to have no pools has an empty list, not an error
	 * (the caps are only read here: discover calls this itself). */
	if (caps_read(VA(a), &caps) && !(caps & SLGW_CAP_POOLS))
		return 0;
	if ((rc = built(vnx_cmd_storagepool_list(&c, -1), err)))
		return rc;
	if ((rc = run_query(&o, VA(a), &c, err)))
		return rc;
	rc = parsed(vnx_parse_pool_list(o.text, o.len, &p, &n), "storagepool -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out) {
			vnx_pool_array_free(p, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++)
		conv_pool(&(*out)[i], &p[i]);
	*count = n;
	vnx_pool_array_free(p, n);
	return 0;
}

/* Appends target ports; grows info->ports. */
static int add_port(struct slgw_system_info *info, const struct slgw_target_port *p)
{
	struct slgw_target_port *np = realloc(info->ports, (info->n_ports + 1) * sizeof(*np));

	if (!np)
		return -1;
	info->ports = np;
	info->ports[info->n_ports++] = *p;
	return 0;
}

/* Port queries that an FC-only or older array refuses are not fatal. */
static int tolerable(int rc)
{
	return rc == -SLGW_AERR_NOT_SUPPORTED || rc == -SLGW_AERR_INVALID_ARGS;
}

static int discover_ports(struct slgw_system_info *info, struct vnx_adapter *va,
                          struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	int rc;

	/* FC ports from the SP port list (iSCSI ones come with their IPs from
	 * connection -getport below, so they are not taken twice). */
	if ((rc = built(vnx_cmd_port_list_sp(&c), err)))
		return rc;
	rc = run_query(&o, va, &c, err);
	if (rc == 0) {
		vnx_sp_port *sp = NULL;
		size_t n = 0;

		rc = vnx_parse_sp_port_list(o.text, o.len, &sp, &n);
		vnx_output_clear(&o);
		if (rc && rc != VNX_PARSE_EFORMAT)
			return parsed(rc, "port -list -sp", err);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct slgw_target_port tp = { 0 };

			if (sp[i].type != VNX_PORT_FC)
				continue;
			tp.sp = sp[i].sp;
			tp.port_id = sp[i].port_id;
			tp.vport_id = -1;
			tp.protocol = SLGW_PROTO_FC;
			cpy(tp.wwn, sizeof(tp.wwn), sp[i].uid);
			if (add_port(info, &tp)) {
				vnx_sp_port_array_free(sp, n);
				return nomem(err);
			}
		}
		vnx_sp_port_array_free(sp, n);
	} else if (!tolerable(rc)) {
		return rc;
	}

	if ((rc = built(vnx_cmd_connection_getport(&c), err)))
		return rc;
	rc = run_query(&o, va, &c, err);
	if (rc == 0) {
		vnx_iscsi_port *ip = NULL;
		size_t n = 0;

		rc = vnx_parse_iscsi_port_list(o.text, o.len, &ip, &n);
		vnx_output_clear(&o);
		if (rc && rc != VNX_PARSE_EFORMAT)
			return parsed(rc, "connection -getport", err);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct slgw_target_port tp = { 0 };

			/* FC (and FCoE) ports are listed here too on some arrays;
			 * they come from port -list -sp above. */
			if (ip[i].type != VNX_PORT_ISCSI)
				continue;
			tp.sp = ip[i].sp;
			tp.port_id = ip[i].port_id;
			tp.vport_id = ip[i].vport_id;
			tp.protocol = SLGW_PROTO_ISCSI;
			cpy(tp.wwn, sizeof(tp.wwn), ip[i].iqn);
			cpy(tp.ip, sizeof(tp.ip), ip[i].ip_address);
			if (add_port(info, &tp)) {
				vnx_iscsi_port_array_free(ip, n);
				return nomem(err);
			}
		}
		vnx_iscsi_port_array_free(ip, n);
	} else if (!tolerable(rc)) {
		return rc;
	}
	slgw_adapter_error_clear(err);
	return 0;
}

/* Pools, where the revision allows them.  An array that answers
 * storagepool -list with "not supported" (or its usage) has none: that is
 * a fact about the array, not a failed discover. */
static int discover_pools(struct slgw_system_info *info, int *refused, struct vnx_adapter *va,
                          struct slgw_adapter_error *err)
{
	int rc;

	*refused = 0;
	if (rev_has_pools(info->revision) == 0)
		return 0;
	rc = vnx_pool_list_op(&info->pools, &info->n_pools, &va->parent, err);
	if (rc && tolerable(rc)) {
		*refused = 1;
		slgw_adapter_error_clear(err);
		return 0;
	}
	return rc;
}

static void conv_raid_group(struct slgw_raid_group *d, const vnx_raidgroup *s)
{
	memset(d, 0, sizeof(*d));
	d->id = clamp_int(s->id);
	/* "Unbound" (no LUN yet) has no type: bind picks a legal one. */
	if (s->raid_type && strcmp(s->raid_type, "Unbound") != 0)
		cpy(d->raid_type, sizeof(d->raid_type), s->raid_type);
	cpy(d->legal_raid_types, sizeof(d->legal_raid_types), s->legal_raid_types);
	cpy(d->state, sizeof(d->state), s->state);
	d->capacity_mb = blocks_to_mb_down(s->logical_capacity_blocks);
	d->free_mb = blocks_to_mb_down(s->free_capacity_blocks);
	d->largest_contiguous_free_mb = blocks_to_mb_down(s->free_contiguous_blocks);
	d->max_luns = s->max_luns;
}

/* Lists RAID groups (getrg); id >= 0 for one.  *out: slgw_raid_group_array_free. */
static int rg_query(struct slgw_raid_group **out, size_t *count, struct vnx_adapter *va, int id,
                    int fresh, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_raidgroup *g = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_getrg(&c, id), err)))
		return rc;
	c.fresh = fresh;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_raidgroup_list(o.text, o.len, &g, &n), "getrg", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n && !(*out = calloc(n, sizeof(**out)))) {
		vnx_raidgroup_array_free(g, n);
		return nomem(err);
	}
	for (size_t i = 0; i < n; i++) {
		conv_raid_group(&(*out)[i], &g[i]);
		if (g[i].lun_count) {
			size_t k;

			(*out)[i].luns = conv_ids(g[i].luns, g[i].lun_count, &k, &(int){ 0 });
			if (!(*out)[i].luns) {
				slgw_raid_group_array_free(*out, n);
				*out = NULL;
				vnx_raidgroup_array_free(g, n);
				return nomem(err);
			}
			(*out)[i].n_luns = k;
		}
	}
	*count = n;
	vnx_raidgroup_array_free(g, n);
	return 0;
}

static int discover_raid_groups(struct slgw_system_info *info, struct vnx_adapter *va,
                                struct slgw_adapter_error *err)
{
	int rc = rg_query(&info->raid_groups, &info->n_raid_groups, va, -1, 0, err);

	if (rc && tolerable(rc)) {
		slgw_adapter_error_clear(err);
		return 0;
	}
	return rc;
}

static int vnx_discover(struct slgw_system_info **out, struct slgw_adapter *a,
                        struct slgw_adapter_error *err)
{
	struct vnx_adapter *va = VA(a);
	struct slgw_system_info *info;
	int pools_refused = 0;
	int rc;

	*out = NULL;
	info = calloc(1, sizeof(*info));
	if (!info) {
		return nomem(err);
	}
	if ((rc = discover_agent(info, va, err)) || (rc = discover_enablers(info, va, err)) ||
	    (rc = discover_pools(info, &pools_refused, va, err)) ||
	    (rc = discover_raid_groups(info, va, err)) || (rc = discover_ports(info, va, err))) {
		slgw_system_info_free(info);
		return rc;
	}
	info->caps = compute_caps(info, pools_refused);
	pthread_mutex_lock(&va->lock);
	va->caps = info->caps;
	va->known = 1;
	snprintf(va->model, sizeof(va->model), "%s", info->model);
	snprintf(va->revision, sizeof(va->revision), "%s", info->revision);
	pthread_mutex_unlock(&va->lock);
	*out = info;
	return 0;
}

/* ---- LUNs ---- */

/* Pool LUNs (and SMPs) matching ref, from lun -list. */
static int pool_lun_query(struct slgw_lun **out, size_t *count, struct vnx_adapter *va,
                          struct slgw_lun_ref ref, int fresh, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_lun *l = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_lun_list(&c, ref), err)))
		return rc;
	c.fresh = fresh;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_lun_list(o.text, o.len, &l, &n), "lun -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out) {
			vnx_lun_array_free(l, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++)
		conv_lun(&(*out)[i], &l[i]);
	*count = n;
	vnx_lun_array_free(l, n);
	resolve_primaries(*out, n);
	return 0;
}

/* Classic LUNs (RAID-group LUNs and metaLUNs) from getlun: one LUN when
 * id >= 0, else all.  `skip_pool`: the array may have pools; leave out what
 * getlun says is a pool LUN (lun -list reports those with more detail).
 * Without pools getlun is not asked -ispoollun at all. */
static int classic_lun_query(struct slgw_lun **out, size_t *count, struct vnx_adapter *va, int id,
                             int skip_pool, int fresh, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_classic_lun *l = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_getlun(&c, id, skip_pool), err)))
		return rc;
	c.fresh = fresh;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_getlun(o.text, o.len, &l, &n), "getlun", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n && !(*out = calloc(n, sizeof(**out)))) {
		vnx_classic_lun_array_free(l, n);
		return nomem(err);
	}
	for (size_t i = 0; i < n; i++) {
		if (skip_pool && l[i].is_pool_lun && !l[i].is_meta)
			continue;
		conv_classic(&(*out)[k], &l[i], id);
		if ((*out)[k].id < 0)
			continue; /* a header-less record of a listing of all: unusable */
		k++;
	}
	*count = k;
	vnx_classic_lun_array_free(l, n);
	return 0;
}

/* Appends src[0..n) to *dst (count *dn); frees src.  0 or -1 (no memory). */
static int lun_append(struct slgw_lun **dst, size_t *dn, struct slgw_lun *src, size_t n)
{
	struct slgw_lun *m;

	if (n == 0) {
		free(src);
		return 0;
	}
	if (*dn == 0) {
		free(*dst);
		*dst = src;
		*dn = n;
		return 0;
	}
	m = realloc(*dst, (*dn + n) * sizeof(*m));
	if (!m) {
		free(src);
		return -1;
	}
	memcpy(m + *dn, src, n * sizeof(*m));
	free(src);
	*dst = m;
	*dn += n;
	return 0;
}

static int ref_matches(const struct slgw_lun *l, struct slgw_lun_ref ref)
{
	if (ref.id >= 0)
		return l->id == ref.id;
	if (ref.name)
		return strcmp(l->name, ref.name) == 0;
	return 1;
}

/*
 * Lists LUNs matching ref (all when ref is empty), pool LUNs and classic
 * LUNs alike.  Where the array has the `lun` command set, pool LUNs come
 * from lun -list (which does not show RAID-group LUNs); classic LUNs always
 * come from getlun, which every generation has.  A lookup that lun -list
 * already answered does not ask getlun as well.
 */
static int lun_query(struct slgw_lun **out, size_t *count, struct vnx_adapter *va,
                     struct slgw_lun_ref ref, int fresh, struct slgw_adapter_error *err)
{
	struct slgw_lun *p = NULL, *c = NULL;
	struct slgw_adapter_error nf;
	int have_nf = 0;
	size_t np = 0, nc = 0, k = 0;
	unsigned caps;
	int known = caps_ensure(va, &caps);
	int lun_cmd = !known || (caps & SLGW_CAP_LUN_CMD);
	int rc;

	*out = NULL;
	*count = 0;
	if (ref.id < 0 && ref.name && vnx_check_name(ref.name)) {
		errset(err, SLGW_AERR_INVALID_ARGS, "invalid LUN name");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if (lun_cmd) {
		rc = pool_lun_query(&p, &np, va, ref, fresh, err);
		/* "Could not retrieve the specified (pool lun)": not a pool LUN,
		 * maybe a classic one.  An array without the command: none. */
		if (rc == -SLGW_AERR_NOT_FOUND && err) {
			nf = *err;
			have_nf = 1;
		}
		if (rc == -SLGW_AERR_NOT_FOUND || (rc && !known && tolerable(rc)))
			rc = 0;
		if (rc)
			return rc;
		for (size_t i = 0; i < np; i++)
			if (ref_matches(&p[i], ref))
				k++;
		if (k && (ref.id >= 0 || ref.name)) {
			*out = p;
			*count = np;
			slgw_adapter_error_clear(err);
			return 0;
		}
	}
	if (!known || (caps & SLGW_CAP_RAID_GROUPS)) {
		rc = classic_lun_query(&c, &nc, va, ref.id, lun_cmd, fresh, err);
		if (rc == -SLGW_AERR_NOT_FOUND || (rc && lun_cmd && tolerable(rc))) {
			rc = 0;
			nc = 0;
		}
		if (rc) {
			free(p);
			return rc;
		}
	}
	if (lun_append(&p, &np, c, nc)) {
		free(p);
		return nomem(err);
	}
	/* A pool lookup's "not found" is the caller's message when nothing
	 * came back at all; any other leftover is cleared. */
	slgw_adapter_error_clear(err);
	if (err && have_nf && np == 0)
		*err = nf;
	*out = p;
	*count = np;
	return 0;
}

/* Reads one LUN; fresh = 1 right after our own change (no -np). */
static int lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
                   int fresh, struct slgw_adapter_error *err)
{
	struct slgw_lun *l;
	size_t n, i;
	int rc;

	*out = NULL;
	if (ref.id < 0 && !ref.name) {
		errset(err, SLGW_AERR_INVALID_ARGS, "LUN id or name required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if ((rc = lun_query(&l, &n, VA(a), ref, fresh, err)))
		return rc;
	for (i = 0; i < n; i++)
		if (ref.id >= 0 ? l[i].id == ref.id : strcmp(l[i].name, ref.name) == 0)
			break;
	if (i == n) {
		slgw_lun_array_free(l, n);
		/* Keep the array's own "not found" text when it gave one. */
		if (!err || err->cls != SLGW_AERR_NOT_FOUND || !err->message[0])
			errset(err, SLGW_AERR_NOT_FOUND, "no such LUN");
		return -SLGW_AERR_NOT_FOUND;
	}
	if (i != 0)
		l[0] = l[i];
	/* The array's first element is the record; shrink is not worth it. */
	*out = l;
	return 0;
}

static int vnx_lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
                       struct slgw_adapter_error *err)
{
	return lun_get(out, a, ref, 0, err);
}

static int vnx_lun_list(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err)
{
	return lun_query(out, count, VA(a), (struct slgw_lun_ref){ -1, NULL }, 0, err);
}

static int vnx_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                          const struct slgw_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = gate(a, SLGW_CAP_POOLS, err)))
		return rc;
	if (spec && (rc = gate(a, spec->thin ? SLGW_CAP_THIN : SLGW_CAP_THICK, err)))
		return rc;
	if ((rc = built(vnx_cmd_lun_create(&c, spec), err)))
		return rc;
	if ((rc = run_modify(VA(a), &c, err)))
		return rc;
	if (!out)
		return 0;
	return lun_get(out, a, (struct slgw_lun_ref){ -1, spec->name }, 1, err);
}

static int vnx_lun_destroy(struct slgw_adapter *a, struct slgw_lun_ref lun, int destroy_snapshots,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_lun_destroy(&c, lun, destroy_snapshots), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_lun_expand(struct slgw_adapter *a, struct slgw_lun_ref lun, uint64_t new_size_mb,
                          struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_lun_expand(&c, lun, new_size_mb), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- snapshots ---- */

static int vnx_snap_create(struct slgw_adapter *a, int lun_id, const char *name, int allow_rw,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPSHOTS, err)))
		return rc;
	if ((rc = built(vnx_cmd_snap_create(&c, lun_id, name, allow_rw), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_snap_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_snap_destroy(&c, name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_snap_list(struct slgw_snapshot **out, size_t *count, struct slgw_adapter *a,
                         int lun_id, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_snap *s = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_snap_list(&c, NULL, lun_id), err)))
		return rc;
	if ((rc = run_query(&o, VA(a), &c, err)))
		return rc;
	rc = parsed(vnx_parse_snap_list(o.text, o.len, &s, &n), "snap -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		if (conv_snap(&(*out)[i], &s[i])) {
			slgw_snapshot_array_free(*out, i);
			*out = NULL;
			goto oom;
		}
	}
	*count = n;
	vnx_snap_array_free(s, n);
	return 0;
oom:
	vnx_snap_array_free(s, n);
	return nomem(err);
}

static int vnx_snap_restore(struct slgw_adapter *a, const char *name, int lun_id,
                            struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_snap_restore(&c, name, lun_id), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_snap_copy(struct slgw_adapter *a, const char *name, const char *new_name,
                         struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_snap_copy(&c, name, new_name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- SMPs ---- */

static int vnx_smp_create(struct slgw_lun **out, struct slgw_adapter *a, int primary_lun_id,
                          const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = gate(a, SLGW_CAP_CLONE_SMP, err)))
		return rc;
	if ((rc = built(vnx_cmd_smp_create(&c, primary_lun_id, name), err)))
		return rc;
	if ((rc = run_modify(VA(a), &c, err)))
		return rc;
	if (!out)
		return 0;
	rc = lun_get(out, a, (struct slgw_lun_ref){ -1, name }, 1, err);
	if (rc == 0 && (*out)->primary_lun < 0)
		(*out)->primary_lun = primary_lun_id;
	return rc;
}

static int vnx_smp_attach(struct slgw_adapter *a, struct slgw_lun_ref smp, const char *snap_name,
                          struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_smp_attach(&c, smp, snap_name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_smp_detach(struct slgw_adapter *a, struct slgw_lun_ref smp,
                          struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_smp_detach(&c, smp), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- migration ---- */

static int migrate_query(struct slgw_migration **out, size_t *count, struct vnx_adapter *va,
                         int source, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_migration *m = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_migrate_list(&c, source), err)))
		return rc;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_migrate_list(o.text, o.len, &m, &n), "migrate -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out) {
			vnx_migration_array_free(m, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++)
		conv_migration(&(*out)[i], &m[i]);
	*count = n;
	vnx_migration_array_free(m, n);
	return 0;
}

static int vnx_migrate_start(struct slgw_adapter *a, int source, int dest,
                             enum slgw_migrate_rate rate, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_migrate_start(&c, source, dest, rate), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_migrate_status(struct slgw_migration **out, struct slgw_adapter *a, int source,
                              struct slgw_adapter_error *err)
{
	struct slgw_migration *m;
	size_t n, i;
	int rc;

	*out = NULL;
	if (source < 0) {
		errset(err, SLGW_AERR_INVALID_ARGS, "source LUN id required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if ((rc = migrate_query(&m, &n, VA(a), source, err)))
		return rc;
	for (i = 0; i < n; i++)
		if (m[i].source == source)
			break;
	if (i == n) {
		slgw_migration_array_free(m, n);
		errset(err, SLGW_AERR_NOT_FOUND, "no migration of that LUN");
		return -SLGW_AERR_NOT_FOUND;
	}
	if (i != 0)
		m[0] = m[i];
	*out = m;
	return 0;
}

static int vnx_migrate_list(struct slgw_migration **out, size_t *count, struct slgw_adapter *a,
                            struct slgw_adapter_error *err)
{
	return migrate_query(out, count, VA(a), -1, err);
}

static int vnx_migrate_cancel(struct slgw_adapter *a, int source, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_migrate_cancel(&c, source), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- storage groups ---- */

static int sg_query(struct slgw_storage_group **out, size_t *count, struct vnx_adapter *va,
                    const char *name, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_storage_group *g = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_sg_list(&c, name), err)))
		return rc;
	if ((rc = run_query(&o, va, &c, err)))
		return rc;
	rc = parsed(vnx_parse_storagegroup_list(o.text, o.len, &g, &n), "storagegroup -list", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n) {
		*out = calloc(n, sizeof(**out));
		if (!*out)
			goto oom;
	}
	for (size_t i = 0; i < n; i++) {
		if (conv_sg(&(*out)[i], &g[i])) {
			slgw_storage_group_array_free(*out, i);
			*out = NULL;
			goto oom;
		}
	}
	*count = n;
	vnx_storage_group_array_free(g, n);
	return 0;
oom:
	vnx_storage_group_array_free(g, n);
	return nomem(err);
}

static int vnx_sg_get(struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,
                      struct slgw_adapter_error *err)
{
	struct slgw_storage_group *g;
	size_t n, i;
	int rc;

	*out = NULL;
	if (!name) {
		errset(err, SLGW_AERR_INVALID_ARGS, "storage group name required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	if ((rc = sg_query(&g, &n, VA(a), name, err)))
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(g[i].name, name) == 0)
			break;
	if (i == n) {
		slgw_storage_group_array_free(g, n);
		errset(err, SLGW_AERR_NOT_FOUND, "no such storage group");
		return -SLGW_AERR_NOT_FOUND;
	}
	/* Move the match to the front and release the others' children, so
	 * the caller's slgw_storage_group_free() frees everything. */
	for (size_t j = 0; j < n; j++)
		if (j != i)
			slgw_storage_group_clear(&g[j]);
	if (i != 0)
		g[0] = g[i];
	*out = g;
	return 0;
}

static int vnx_sg_list(struct slgw_storage_group **out, size_t *count, struct slgw_adapter *a,
                       struct slgw_adapter_error *err)
{
	return sg_query(out, count, VA(a), NULL, err);
}

static int vnx_sg_create(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_sg_create(&c, name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_sg_destroy(&c, name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_hlu_add(struct slgw_adapter *a, const char *group, int hlu, int alu,
                       struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_sg_addhlu(&c, group, hlu, alu), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_hlu_remove(struct slgw_adapter *a, const char *group, int hlu,
                          struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_sg_removehlu(&c, group, hlu), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_path_register(struct slgw_adapter *a, const struct slgw_initiator_path *p,
                             struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (p && p->failover_mode == 4 &&
	    (rc = gate(a, SLGW_CAP_ALUA, err)))
		return rc;
	if ((rc = built(vnx_cmd_sg_setpath(&c, p), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_host_set(struct slgw_adapter *a, const char *group, const char *host,
                        int failover_mode, int arraycommpath, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (failover_mode == 4 &&
	    (rc = gate(a, SLGW_CAP_ALUA, err)))
		return rc;
	if ((rc = built(vnx_cmd_sg_sethost(&c, group, host, failover_mode, arraycommpath), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_hba_list(struct slgw_hba **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_hba *h = NULL;
	size_t n = 0, total = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = built(vnx_cmd_port_list_hba(&c), err)))
		return rc;
	if ((rc = run_query(&o, VA(a), &c, err)))
		return rc;
	rc = vnx_parse_hba_list(o.text, o.len, &h, &n);
	if (rc == VNX_PARSE_EFORMAT && is_blank(o.text, o.len))
		rc = 0;
	vnx_output_clear(&o);
	if ((rc = parsed(rc, "port -list -hba", err)))
		return rc;
	/* One record per (initiator, SP port) path; an HBA without ports
	 * still shows up once, so a registered-but-idle initiator is seen. */
	for (size_t i = 0; i < n; i++)
		total += h[i].port_count ? h[i].port_count : 1;
	if (total) {
		*out = calloc(total, sizeof(**out));
		if (!*out) {
			vnx_hba_array_free(h, n);
			return nomem(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t np = h[i].port_count ? h[i].port_count : 1;

		for (size_t j = 0; j < np; j++, k++) {
			struct slgw_hba *d = &(*out)[k];
			const vnx_hba_port *p = h[i].port_count ? &h[i].ports[j] : NULL;

			cpy(d->uid, sizeof(d->uid), h[i].uid);
			cpy(d->host, sizeof(d->host), h[i].server_name);
			cpy(d->ip, sizeof(d->ip), h[i].server_ip);
			d->sp = p ? p->sp : 0;
			d->sp_port = p ? p->sp_port : -1;
			d->vport_id = -1;
			d->logged_in = p ? p->logged_in : 0;
			d->registered = p ? p->defined : 0;
			d->failover_mode = p ? p->failover_mode : -1;
			d->initiator_type = p ? p->initiator_type : -1;
			d->arraycommpath = p ? p->arraycommpath : -1;
			cpy(d->storage_group, sizeof(d->storage_group), p ? p->storage_group : NULL);
		}
	}
	*count = total;
	vnx_hba_array_free(h, n);
	return 0;
}

static int vnx_hba_remove(struct slgw_adapter *a, const char *hba_uid,
                          struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = built(vnx_cmd_hba_remove(&c, hba_uid), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- RAID groups and classic LUNs ---- */

static int vnx_raid_group_list(struct slgw_raid_group **out, size_t *count, struct slgw_adapter *a,
                               struct slgw_adapter_error *err)
{
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	return rg_query(out, count, VA(a), -1, 0, err);
}

/* The RAID type to bind with in group rg: the group's own, else (Unbound)
 * the first legal one; the caller's wish must be one of those. */
static int pick_raid_type(char *buf, size_t size, const struct slgw_raid_group *g,
                          const char *wanted, struct slgw_adapter_error *err)
{
	char legal[80];

	if (g->raid_type[0]) {
		if (wanted && strcmp(wanted, g->raid_type) != 0) {
			char msg[160];

			snprintf(msg, sizeof(msg), "RAID group %d is %s, not %s", g->id, g->raid_type,
			         wanted);
			errset(err, SLGW_AERR_INVALID_ARGS, msg);
			return -SLGW_AERR_INVALID_ARGS;
		}
		snprintf(buf, size, "%s", g->raid_type);
		return 0;
	}
	snprintf(legal, sizeof(legal), " %s ", g->legal_raid_types);
	if (wanted) {
		char w[24];

		snprintf(w, sizeof(w), " %s ", wanted);
		if (!strstr(legal, w)) {
			errset(err, SLGW_AERR_INVALID_ARGS, "RAID type not legal for this RAID group");
			return -SLGW_AERR_INVALID_ARGS;
		}
		snprintf(buf, size, "%s", wanted);
		return 0;
	}
	if (sscanf(g->legal_raid_types, "%15s", buf) != 1) {
		errset(err, SLGW_AERR_INVALID_ARGS, "the RAID group lists no legal RAID type");
		return -SLGW_AERR_INVALID_ARGS;
	}
	(void)size;
	return 0;
}

static int vnx_rg_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                             const struct slgw_rg_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct vnx_adapter *va = VA(a);
	struct vnx_cmd c;
	unsigned caps;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	if (!spec || vnx_check_name(spec->name) || spec->lun_id < 0 || spec->raid_group < 0 ||
	    spec->size_mb == 0) {
		errset(err, SLGW_AERR_INVALID_ARGS, "name, LUN number, RAID group and size required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	caps_ensure(va, &caps);
	if (caps & SLGW_CAP_LUN_CREATE_RG) {
		if ((rc = built(vnx_cmd_lun_create_rg(&c, spec), err)))
			return rc;
		if ((rc = run_modify(va, &c, err)))
			return rc;
	} else {
		struct slgw_raid_group *g;
		size_t n;
		char type[16];

		/* bind needs the group's RAID type: one getrg of that group. */
		if ((rc = rg_query(&g, &n, va, spec->raid_group, 1, err)))
			return rc;
		if (n != 1 || g[0].id != spec->raid_group) {
			slgw_raid_group_array_free(g, n);
			errset(err, SLGW_AERR_NOT_FOUND, "no such RAID group");
			return -SLGW_AERR_NOT_FOUND;
		}
		rc = pick_raid_type(type, sizeof(type), &g[0], spec->raid_type, err);
		slgw_raid_group_array_free(g, n);
		if (rc)
			return rc;
		if ((rc = built(vnx_cmd_bind(&c, type, spec->lun_id, spec->raid_group, spec->size_mb,
		                             spec->sp), err)))
			return rc;
		if ((rc = run_modify(va, &c, err)))
			return rc;
		if ((rc = built(vnx_cmd_chglun_name(&c, spec->lun_id, spec->name), err)) == 0)
			rc = run_modify(va, &c, err);
		if (rc) {
			/* Never leave a LUN that no name ties to its owner. */
			struct slgw_adapter_error ignored;

			if (built(vnx_cmd_unbind(&c, spec->lun_id), &ignored) == 0)
				run_modify(va, &c, &ignored);
			return rc;
		}
	}
	if (!out)
		return 0;
	return lun_get(out, a, (struct slgw_lun_ref){ spec->lun_id, NULL }, 1, err);
}

static int vnx_rg_lun_destroy(struct slgw_adapter *a, int lun_id, struct slgw_adapter_error *err)
{
	struct slgw_lun *l = NULL;
	struct vnx_cmd c;
	int rc, meta;

	if ((rc = gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	/* A metaLUN is destroyed as a whole (its components with it); unbind
	 * refuses it.  One getlun tells which. */
	if ((rc = lun_get(&l, a, (struct slgw_lun_ref){ lun_id, NULL }, 1, err)))
		return rc;
	meta = l->is_meta;
	slgw_lun_free(l);
	if ((rc = built(meta ? vnx_cmd_metalun_destroy(&c, lun_id) : vnx_cmd_unbind(&c, lun_id), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* Striped when every component matches the base's RAID type and size (the
 * array's rule for striping), else concatenated. */
static int metalun_auto(enum slgw_metalun_type *type, struct slgw_adapter *a, int base,
                        const int *components, size_t n, struct slgw_adapter_error *err)
{
	struct slgw_lun *b = NULL, *x = NULL;
	int rc;

	*type = SLGW_METALUN_STRIPED;
	if ((rc = lun_get(&b, a, (struct slgw_lun_ref){ base, NULL }, 1, err)))
		return rc;
	for (size_t i = 0; i < n && *type == SLGW_METALUN_STRIPED; i++) {
		if ((rc = lun_get(&x, a, (struct slgw_lun_ref){ components[i], NULL }, 1, err)))
			break;
		if (b->is_meta || strcmp(x->raid_type, b->raid_type) != 0 || x->size_mb != b->size_mb)
			*type = SLGW_METALUN_CONCAT;
		slgw_lun_free(x);
	}
	slgw_lun_free(b);
	return rc;
}

static int vnx_metalun_expand(struct slgw_adapter *a, int base_lun, const int *components, size_t n,
                              enum slgw_metalun_type type, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_METALUN, err)))
		return rc;
	if (type == SLGW_METALUN_AUTO &&
	    (rc = metalun_auto(&type, a, base_lun, components, n, err)))
		return rc;
	if ((rc = built(vnx_cmd_metalun_expand(&c, base_lun, components, n, type), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

/* ---- SnapView ---- */

static int vnx_sv_snapshot_create(struct slgw_adapter *a, int lun_id, const char *name,
                                  struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_createsnapshot(&c, lun_id, name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_snapshot_destroy(struct slgw_adapter *a, const char *name,
                                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_rmsnapshot(&c, name), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_snapshot_list(struct slgw_sv_snapshot **out, size_t *count, struct slgw_adapter *a,
                                int lun_id, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_sv_snapshot *s = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_listsnapshots(&c, NULL), err)))
		return rc;
	if ((rc = run_query(&o, VA(a), &c, err)))
		return rc;
	rc = parsed(vnx_parse_sv_snapshot_list(o.text, o.len, &s, &n), "snapview -listsnapshots", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n && !(*out = calloc(n, sizeof(**out)))) {
		vnx_sv_snapshot_array_free(s, n);
		return nomem(err);
	}
	for (size_t i = 0; i < n; i++) {
		struct slgw_sv_snapshot *d = &(*out)[k];

		if (lun_id >= 0 && s[i].target_lun != lun_id)
			continue;
		cpy(d->name, sizeof(d->name), s[i].name);
		cpy(d->wwn, sizeof(d->wwn), s[i].uid);
		d->target_lun = clamp_int(s[i].target_lun);
		d->active = s[i].state && strcmp(s[i].state, "Active") == 0;
		cpy(d->session, sizeof(d->session), s[i].session);
		k++;
	}
	*count = k;
	vnx_sv_snapshot_array_free(s, n);
	return 0;
}

static int vnx_sv_session_start(struct slgw_adapter *a, const char *session, const char *snapshot,
                                struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_startsession(&c, session, snapshot), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_session_stop(struct slgw_adapter *a, const char *session,
                               struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_stopsession(&c, session), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_session_list(struct slgw_sv_session **out, size_t *count, struct slgw_adapter *a,
                               struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_sv_session *s = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_listsessions(&c, NULL), err)))
		return rc;
	if ((rc = run_query(&o, VA(a), &c, err)))
		return rc;
	rc = parsed(vnx_parse_sv_session_list(o.text, o.len, &s, &n), "snapview -listsessions", err);
	vnx_output_clear(&o);
	if (rc)
		return rc;
	if (n && !(*out = calloc(n, sizeof(**out)))) {
		vnx_sv_session_array_free(s, n);
		return nomem(err);
	}
	for (size_t i = 0; i < n; i++) {
		struct slgw_sv_session *d = &(*out)[i];
		int oom = 0;

		cpy(d->name, sizeof(d->name), s[i].name);
		cpy(d->state, sizeof(d->state), s[i].state);
		cpy(d->created, sizeof(d->created), s[i].creation_time);
		d->persistent = s[i].persistent;
		d->luns = conv_ids(s[i].luns, s[i].lun_count, &d->n_luns, &oom);
		if (oom) {
			slgw_sv_session_array_free(*out, n);
			*out = NULL;
			vnx_sv_session_array_free(s, n);
			return nomem(err);
		}
	}
	*count = n;
	vnx_sv_session_array_free(s, n);
	return 0;
}

static int vnx_sv_activate(struct slgw_adapter *a, const char *session, const char *snapshot,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_activate(&c, session, snapshot), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_deactivate(struct slgw_adapter *a, const char *snapshot,
                             struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_deactivate(&c, snapshot), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sv_rollback(struct slgw_adapter *a, const char *session,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sv_rollback(&c, session), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sg_add_snapshot(struct slgw_adapter *a, const char *group, int hlu,
                               const char *snapshot, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sg_addsnapshot(&c, group, snapshot, hlu), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_sg_remove_snapshot(struct slgw_adapter *a, const char *group, const char *snapshot,
                                  struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = built(vnx_cmd_sg_removesnapshot(&c, group, snapshot), err)))
		return rc;
	return run_modify(VA(a), &c, err);
}

static int vnx_stats(struct slgw_adapter_stat **out, size_t *count, struct slgw_adapter *a)
{
	return vnx_runner_stats(out, count, VA(a)->runner);
}

static void vnx_free(struct slgw_adapter *a)
{
	struct vnx_adapter *va = VA(a);

	if (!va)
		return;
	vnx_runner_free(va->runner);
	pthread_mutex_destroy(&va->probe);
	pthread_mutex_destroy(&va->lock);
	free(va);
}

char vnx_adapter_preferred_sp(struct slgw_adapter *a)
{
	return vnx_runner_preferred_sp(VA(a)->runner);
}

const struct slgw_adapter_ops vnx_adapter_ops = {
	.version = SLGW_ADAPTER_OPS_VERSION,
	.family = "vnx",
	.caps = SLGW_CAP_THIN | SLGW_CAP_THICK | SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP |
	        SLGW_CAP_CLONE_MIGRATE | SLGW_CAP_ALUA | SLGW_CAP_ISCSI | SLGW_CAP_FC |
	        SLGW_CAP_EXPAND | SLGW_CAP_SNAP_RESTORE | SLGW_CAP_COMPRESSION | SLGW_CAP_DEDUP,
	.discover = vnx_discover,             /* getagent, ndu, storagepool, port, connection */
	.capabilities = vnx_capabilities,     /* last discover's mask (discovers once if needed) */
	.pool_list = vnx_pool_list_op,        /* storagepool -list -all */
	.lun_create = vnx_lun_create,         /* lun -create (+ landed check), then lun -list -name */
	.lun_destroy = vnx_lun_destroy,       /* lun -destroy [-destroySnapshots -forceDetach] -o */
	.lun_expand = vnx_lun_expand,         /* lun -expand -capacity -o */
	.lun_get = vnx_lun_get,               /* lun -list -all -l | -name */
	.lun_list = vnx_lun_list,             /* lun -list -all */
	.snap_create = vnx_snap_create,       /* snap -create -res -name */
	.snap_destroy = vnx_snap_destroy,     /* snap -destroy -id -o */
	.snap_list = vnx_snap_list,           /* snap -list [-res] -detail */
	.snap_restore = vnx_snap_restore,     /* snap -restore -id -res */
	.snap_copy = vnx_snap_copy,           /* snap -copy -id -name */
	.smp_create = vnx_smp_create,         /* lun -create -type snap -primaryLun */
	.smp_attach = vnx_smp_attach,         /* lun -attach -snapName */
	.smp_detach = vnx_smp_detach,         /* lun -detach -o */
	.migrate_start = vnx_migrate_start,   /* migrate -start -o */
	.migrate_status = vnx_migrate_status, /* migrate -list -source */
	.migrate_list = vnx_migrate_list,     /* migrate -list */
	.migrate_cancel = vnx_migrate_cancel, /* migrate -cancel -o */
	.sg_create = vnx_sg_create,           /* storagegroup -create */
	.sg_destroy = vnx_sg_destroy,         /* storagegroup -destroy -o */
	.sg_get = vnx_sg_get,                 /* storagegroup -list -host -iscsiAttributes -gname */
	.sg_list = vnx_sg_list,               /* storagegroup -list -host -iscsiAttributes */
	.hlu_add = vnx_hlu_add,               /* storagegroup -addhlu -o */
	.hlu_remove = vnx_hlu_remove,         /* storagegroup -removehlu -o */
	.path_register = vnx_path_register,   /* storagegroup -setpath -o */
	.host_set = vnx_host_set,             /* storagegroup -sethost -o */
	.hba_list = vnx_hba_list,             /* port -list -hba */
	.hba_remove = vnx_hba_remove,         /* port -removeHBA -o */
	.explain = vnx_explain,               /* what a refused capability lacks */
	.raid_group_list = vnx_raid_group_list,       /* getrg */
	.rg_lun_create = vnx_rg_lun_create,           /* lun -create -rg | bind + chglun */
	.rg_lun_destroy = vnx_rg_lun_destroy,         /* unbind | metalun -destroy */
	.metalun_expand = vnx_metalun_expand,         /* metalun -expand -type S|C */
	.sv_snapshot_create = vnx_sv_snapshot_create, /* snapview -createsnapshot */
	.sv_snapshot_destroy = vnx_sv_snapshot_destroy, /* snapview -rmsnapshot -o */
	.sv_snapshot_list = vnx_sv_snapshot_list,     /* snapview -listsnapshots */
	.sv_session_start = vnx_sv_session_start,     /* snapview -startsession -persistence */
	.sv_session_stop = vnx_sv_session_stop,       /* snapview -stopsession -o */
	.sv_session_list = vnx_sv_session_list,       /* snapview -listsessions */
	.sv_activate = vnx_sv_activate,               /* snapview -activatesnapshot */
	.sv_deactivate = vnx_sv_deactivate,           /* snapview -deactivatesnapshot -o */
	.sv_rollback = vnx_sv_rollback,               /* snapview -startrollback -o */
	.sg_add_snapshot = vnx_sg_add_snapshot,       /* storagegroup -addsnapshot */
	.sg_remove_snapshot = vnx_sg_remove_snapshot, /* storagegroup -removesnapshot -o */
	.stats = vnx_stats,                   /* runner counters */
	.free = vnx_free,
};

int vnx_adapter_new(struct slgw_adapter **out, const struct vnx_config *cfg,
                    struct slgw_adapter_error *err)
{
	struct vnx_adapter *va;
	int rc;

	if (!out) {
		errset(err, SLGW_AERR_INVALID_ARGS, "out pointer required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	*out = NULL;
	va = calloc(1, sizeof(*va));
	if (!va) {
		return nomem(err);
	}
	if (pthread_mutex_init(&va->lock, NULL)) {
		free(va);
		errset(err, SLGW_AERR_UNKNOWN, "cannot create mutex");
		return -SLGW_AERR_UNKNOWN;
	}
	if (pthread_mutex_init(&va->probe, NULL)) {
		pthread_mutex_destroy(&va->lock);
		free(va);
		errset(err, SLGW_AERR_UNKNOWN, "cannot create mutex");
		return -SLGW_AERR_UNKNOWN;
	}
	rc = vnx_runner_new(&va->runner, cfg, err);
	if (rc) {
		pthread_mutex_destroy(&va->probe);
		pthread_mutex_destroy(&va->lock);
		free(va);
		return rc;
	}
	va->parent.ops = &vnx_adapter_ops;
	va->caps = VNX_BASE_CAPS;
	*out = &va->parent;
	return 0;
}

int vnx_adapter_create(struct slgw_adapter **out, const struct slgw_adapter_config *cfg,
                       struct slgw_adapter_error *err)
{
	struct vnx_config vc;

	if (out)
		*out = NULL;
	if (!cfg) {
		errset(err, SLGW_AERR_INVALID_ARGS, "missing configuration");
		return -SLGW_AERR_INVALID_ARGS;
	}
	memset(&vc, 0, sizeof(vc));
	vc.naviseccli = cfg->cli_path;
	vc.sp_a = cfg->sp_a;
	vc.sp_b = cfg->sp_b;
	vc.secfilepath = cfg->secfilepath;
	vc.user = cfg->user;
	vc.password = cfg->password;
	vc.scope = cfg->scope;
	vc.name = cfg->name;
	vc.timeout_ms = cfg->timeout_ms;
	vc.max_inflight = cfg->max_inflight;
	vc.retries = cfg->retries;
	vc.gate = cfg->gate;
	vc.gate_ctx = cfg->gate_ctx;
	return vnx_adapter_new(out, &vc, err);
}
