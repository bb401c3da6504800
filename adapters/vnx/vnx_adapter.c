/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter.c - the VNX / CLARiiON adapter: slgw_adapter_ops in terms of
 * naviseccli commands (vnx_cmd.c), the runner (vnx_runner.c) and the
 * parsers (parse/vnx_parse.h).  This file creates the adapter, discovers
 * the array, keeps its capabilities and holds the ops table; the
 * operations themselves are in vnx_adapter_luns.c (pool LUNs, snapshots,
 * migration), vnx_adapter_classic.c (RAID groups, metaLUNs, SnapView) and
 * vnx_adapter_hosts.c (storage groups, HBAs), sharing vnx_adapter_int.h.
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
#include "vnx_adapter_int.h"

#include "registry.h"

int *vnx_conv_ids(const int64_t *src, size_t n, size_t *out_n, int *oom)
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
int vnx_caps_ensure(struct vnx_adapter *va, unsigned *caps)
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

	vnx_caps_ensure(VA(a), &c);
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
	int known = vnx_caps_ensure(VA(a), &c);

	if (size)
		buf[0] = '\0';
	/* Like vnx_gate(): an array that could not be asked is not refused. */
	if (!known || (c & need) == need)
		return 0;
	explain_into(buf, size, VA(a), c, need);
	return 1;
}

/* Refuses an operation that needs `need` only when the array is known to
 * lack it; an array we could not ask decides for itself.  The message names
 * the missing enabler or release. */
int vnx_gate(struct slgw_adapter *a, unsigned need, struct slgw_adapter_error *err)
{
	unsigned c;

	if (vnx_caps_ensure(VA(a), &c) && (c & need) != need) {
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

	if ((rc = query(&o, va, &c, vnx_cmd_getagent(&c), 0, err)))
		return rc;
	rc = vnx_parse_agent(o.text, o.len, &ag);
	if ((rc = parsed_output(rc, &o, "getagent", err)))
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

	if ((rc = query(&o, va, &c, vnx_cmd_ndu_list(&c), 0, err)))
		return rc;
	rc = vnx_parse_ndu_list(o.text, o.len, &en, &n);
	if ((rc = parsed_output(rc, &o, "ndu -list", err)))
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
	if ((rc = query(&o, VA(a), &c, vnx_cmd_storagepool_list(&c, -1), 0, err)))
		return rc;
	rc = vnx_parse_pool_list(o.text, o.len, &p, &n);
	if ((rc = parsed_output(rc, &o, "storagepool -list", err)))
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
int vnx_tolerable(int rc)
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
	} else if (!vnx_tolerable(rc)) {
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
	} else if (!vnx_tolerable(rc)) {
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
	if (rc && vnx_tolerable(rc)) {
		*refused = 1;
		slgw_adapter_error_clear(err);
		return 0;
	}
	return rc;
}

static int discover_raid_groups(struct slgw_system_info *info, struct vnx_adapter *va,
                                struct slgw_adapter_error *err)
{
	int rc = vnx_rg_query(&info->raid_groups, &info->n_raid_groups, va, -1, 0, err);

	if (rc && vnx_tolerable(rc)) {
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
