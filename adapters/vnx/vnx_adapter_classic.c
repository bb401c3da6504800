/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter_classic.c - the VNX adapter's classic (FLARE) side: RAID
 * groups, LUNs bound in them, metaLUNs and SnapView snapshots and sessions.
 *
 * A CLARiiON (or a VNX without pools) has no storage pools: LUNs are bound
 * in RAID groups under a number the caller chooses, grow only as metaLUNs,
 * and are copied by SnapView (a snapshot is a device of no LUN number, made
 * usable by activating it on a session, and added to storage groups by
 * name).  Older FLARE revisions lack "lun -create -rg", so a bind is
 * followed by a chglun naming the LUN.  Every operation is gated on the
 * capability its array reported at discover (RAID_GROUPS, METALUN,
 * SNAPVIEW).  classic LUNs are listed here and joined to the pool LUNs by
 * vnx_adapter_luns.c.
 */
#include "vnx_adapter_int.h"

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
int vnx_rg_query(struct slgw_raid_group **out, size_t *count, struct vnx_adapter *va, int id,
                 int fresh, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_raidgroup *g = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = query(&o, va, &c, vnx_cmd_getrg(&c, id), fresh, err)))
		return rc;
	rc = vnx_parse_raidgroup_list(o.text, o.len, &g, &n);
	if ((rc = parsed_output(rc, &o, "getrg", err)))
		return rc;
	if (n && !(*out = calloc(n, sizeof(**out)))) {
		vnx_raidgroup_array_free(g, n);
		return nomem(err);
	}
	for (size_t i = 0; i < n; i++) {
		conv_raid_group(&(*out)[i], &g[i]);
		if (g[i].lun_count) {
			size_t k;

			(*out)[i].luns = vnx_conv_ids(g[i].luns, g[i].lun_count, &k, &(int){ 0 });
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

/* Classic LUNs (RAID-group LUNs and metaLUNs) from getlun: one LUN when
 * id >= 0, else all.  `skip_pool`: the array may have pools; leave out what
 * getlun says is a pool LUN (lun -list reports those with more detail).
 * Without pools getlun is not asked -ispoollun at all. */
int vnx_classic_lun_query(struct slgw_lun **out, size_t *count, struct vnx_adapter *va, int id,
                          int skip_pool, int fresh, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_classic_lun *l = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = query(&o, va, &c, vnx_cmd_getlun(&c, id, skip_pool), fresh, err)))
		return rc;
	rc = vnx_parse_getlun(o.text, o.len, &l, &n);
	if ((rc = parsed_output(rc, &o, "getlun", err)))
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

/* ---- RAID groups and classic LUNs ---- */

int vnx_raid_group_list(struct slgw_raid_group **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err)
{
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = vnx_gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	return vnx_rg_query(out, count, VA(a), -1, 0, err);
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

int vnx_rg_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                      const struct slgw_rg_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct vnx_adapter *va = VA(a);
	struct vnx_cmd c;
	unsigned caps;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = vnx_gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	if (!spec || vnx_check_name(spec->name) || spec->lun_id < 0 || spec->raid_group < 0 ||
	    spec->size_mb == 0) {
		errset(err, SLGW_AERR_INVALID_ARGS, "name, LUN number, RAID group and size required");
		return -SLGW_AERR_INVALID_ARGS;
	}
	vnx_caps_ensure(va, &caps);
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
		if ((rc = vnx_rg_query(&g, &n, va, spec->raid_group, 1, err)))
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
	return vnx_lun_find(out, a, (struct slgw_lun_ref){ spec->lun_id, NULL }, 1, err);
}

int vnx_rg_lun_destroy(struct slgw_adapter *a, int lun_id, struct slgw_adapter_error *err)
{
	struct slgw_lun *l = NULL;
	struct vnx_cmd c;
	int rc, meta;

	if ((rc = vnx_gate(a, SLGW_CAP_RAID_GROUPS, err)))
		return rc;
	/* A metaLUN is destroyed as a whole (its components with it); unbind
	 * refuses it.  One getlun tells which. */
	if ((rc = vnx_lun_find(&l, a, (struct slgw_lun_ref){ lun_id, NULL }, 1, err)))
		return rc;
	meta = l->is_meta;
	slgw_lun_free(l);
	return modify(VA(a), &c,
	              meta ? vnx_cmd_metalun_destroy(&c, lun_id) : vnx_cmd_unbind(&c, lun_id), err);
}

/* Striped when every component matches the base's RAID type and size (the
 * array's rule for striping), else concatenated. */
static int metalun_auto(enum slgw_metalun_type *type, struct slgw_adapter *a, int base,
                        const int *components, size_t n, struct slgw_adapter_error *err)
{
	struct slgw_lun *b = NULL, *x = NULL;
	int rc;

	*type = SLGW_METALUN_STRIPED;
	if ((rc = vnx_lun_find(&b, a, (struct slgw_lun_ref){ base, NULL }, 1, err)))
		return rc;
	for (size_t i = 0; i < n && *type == SLGW_METALUN_STRIPED; i++) {
		if ((rc = vnx_lun_find(&x, a, (struct slgw_lun_ref){ components[i], NULL }, 1, err)))
			break;
		if (b->is_meta || strcmp(x->raid_type, b->raid_type) != 0 || x->size_mb != b->size_mb)
			*type = SLGW_METALUN_CONCAT;
		slgw_lun_free(x);
	}
	slgw_lun_free(b);
	return rc;
}

int vnx_metalun_expand(struct slgw_adapter *a, int base_lun, const int *components, size_t n,
                       enum slgw_metalun_type type, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = vnx_gate(a, SLGW_CAP_METALUN, err)))
		return rc;
	if (type == SLGW_METALUN_AUTO &&
	    (rc = metalun_auto(&type, a, base_lun, components, n, err)))
		return rc;
	return modify(VA(a), &c, vnx_cmd_metalun_expand(&c, base_lun, components, n, type), err);
}

/* ---- SnapView ---- */

/* Every SnapView operation needs the enabler: the gate answers first (a
 * command already built is released unsent), then the command runs. */
static int sv_modify(struct slgw_adapter *a, struct vnx_cmd *c, int build_rc,
                     struct slgw_adapter_error *err)
{
	int rc = vnx_gate(a, SLGW_CAP_SNAPVIEW, err);

	if (rc) {
		vnx_cmd_clear(c);
		return rc;
	}
	return modify(VA(a), c, build_rc, err);
}

int vnx_sv_snapshot_create(struct slgw_adapter *a, int lun_id, const char *name,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_createsnapshot(&c, lun_id, name), err);
}

int vnx_sv_snapshot_destroy(struct slgw_adapter *a, const char *name,
                            struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_rmsnapshot(&c, name), err);
}

int vnx_sv_snapshot_list(struct slgw_sv_snapshot **out, size_t *count, struct slgw_adapter *a,
                         int lun_id, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_sv_snapshot *s = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = vnx_gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = query(&o, VA(a), &c, vnx_cmd_sv_listsnapshots(&c, NULL), 0, err)))
		return rc;
	rc = vnx_parse_sv_snapshot_list(o.text, o.len, &s, &n);
	if ((rc = parsed_output(rc, &o, "snapview -listsnapshots", err)))
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

int vnx_sv_session_start(struct slgw_adapter *a, const char *session, const char *snapshot,
                         struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_startsession(&c, session, snapshot), err);
}

int vnx_sv_session_stop(struct slgw_adapter *a, const char *session,
                        struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_stopsession(&c, session), err);
}

int vnx_sv_session_list(struct slgw_sv_session **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_sv_session *s = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = vnx_gate(a, SLGW_CAP_SNAPVIEW, err)))
		return rc;
	if ((rc = query(&o, VA(a), &c, vnx_cmd_sv_listsessions(&c, NULL), 0, err)))
		return rc;
	rc = vnx_parse_sv_session_list(o.text, o.len, &s, &n);
	if ((rc = parsed_output(rc, &o, "snapview -listsessions", err)))
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
		d->luns = vnx_conv_ids(s[i].luns, s[i].lun_count, &d->n_luns, &oom);
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

int vnx_sv_activate(struct slgw_adapter *a, const char *session, const char *snapshot,
                    struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_activate(&c, session, snapshot), err);
}

int vnx_sv_deactivate(struct slgw_adapter *a, const char *snapshot,
                      struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_deactivate(&c, snapshot), err);
}

int vnx_sv_rollback(struct slgw_adapter *a, const char *session,
                    struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sv_rollback(&c, session), err);
}

int vnx_sg_add_snapshot(struct slgw_adapter *a, const char *group, int hlu,
                        const char *snapshot, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sg_addsnapshot(&c, group, snapshot, hlu), err);
}

int vnx_sg_remove_snapshot(struct slgw_adapter *a, const char *group, const char *snapshot,
                           struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return sv_modify(a, &c, vnx_cmd_sg_removesnapshot(&c, group, snapshot), err);
}
