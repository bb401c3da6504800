/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter_luns.c - the VNX adapter's pool LUNs, snapshots, snapshot
 * mount points (SMPs) and LUN migration.
 *
 * These are the operations of a VNX with storage pools (the common case of
 * the gateway): LUNs are created in a pool and found again by name, since
 * the array reuses numbers; a LUN listing joins the pool LUNs with the
 * classic (RAID-group) LUNs of vnx_adapter_classic.c so that a get by id or
 * name finds a LUN whatever its kind.  Snapshots and SMPs are VNX Snapshots
 * (snap, lun -attach/-detach); migration is what a full clone uses.  Every
 * operation builds its command (vnx_cmd.c), runs it through the runner and
 * converts the parser's records, as vnx_adapter.c describes.
 */
#include "vnx_adapter_int.h"

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

static int conv_snap(struct slgw_snapshot *d, const vnx_snap *s)
{
	int oom = 0;

	memset(d, 0, sizeof(*d));
	cpy(d->name, sizeof(d->name), s->name);
	cpy(d->state, sizeof(d->state), s->state);
	cpy(d->created, sizeof(d->created), s->creation_time);
	d->allow_rw = s->allow_rw;
	d->source_luns = vnx_conv_ids(s->source_luns, s->source_lun_count, &d->n_source_luns, &oom);
	d->attached_luns = vnx_conv_ids(s->attached_luns, s->attached_lun_count, &d->n_attached_luns, &oom);
	if (oom) {
		slgw_snapshot_clear(d);
		return -1;
	}
	return 0;
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
	if ((rc = query(&o, va, &c, vnx_cmd_lun_list(&c, ref), fresh, err)))
		return rc;
	rc = vnx_parse_lun_list(o.text, o.len, &l, &n);
	if ((rc = parsed_output(rc, &o, "lun -list", err)))
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
	int known = vnx_caps_ensure(va, &caps);
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
		if (rc == -SLGW_AERR_NOT_FOUND || (rc && !known && vnx_tolerable(rc)))
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
		rc = vnx_classic_lun_query(&c, &nc, va, ref.id, lun_cmd, fresh, err);
		if (rc == -SLGW_AERR_NOT_FOUND || (rc && lun_cmd && vnx_tolerable(rc))) {
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
int vnx_lun_find(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
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

int vnx_lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
                struct slgw_adapter_error *err)
{
	return vnx_lun_find(out, a, ref, 0, err);
}

int vnx_lun_list(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
                 struct slgw_adapter_error *err)
{
	return lun_query(out, count, VA(a), (struct slgw_lun_ref){ -1, NULL }, 0, err);
}

int vnx_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                   const struct slgw_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = vnx_gate(a, SLGW_CAP_POOLS, err)))
		return rc;
	if (spec && (rc = vnx_gate(a, spec->thin ? SLGW_CAP_THIN : SLGW_CAP_THICK, err)))
		return rc;
	if ((rc = built(vnx_cmd_lun_create(&c, spec), err)))
		return rc;
	if ((rc = run_modify(VA(a), &c, err)))
		return rc;
	if (!out)
		return 0;
	return vnx_lun_find(out, a, (struct slgw_lun_ref){ -1, spec->name }, 1, err);
}

int vnx_lun_destroy(struct slgw_adapter *a, struct slgw_lun_ref lun, int destroy_snapshots,
                    struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_lun_destroy(&c, lun, destroy_snapshots), err);
}

int vnx_lun_expand(struct slgw_adapter *a, struct slgw_lun_ref lun, uint64_t new_size_mb,
                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_lun_expand(&c, lun, new_size_mb), err);
}

/* ---- snapshots ---- */

int vnx_snap_create(struct slgw_adapter *a, int lun_id, const char *name, int allow_rw,
                    struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if ((rc = vnx_gate(a, SLGW_CAP_SNAPSHOTS, err)))
		return rc;
	return modify(VA(a), &c, vnx_cmd_snap_create(&c, lun_id, name, allow_rw), err);
}

int vnx_snap_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_snap_destroy(&c, name), err);
}

int vnx_snap_list(struct slgw_snapshot **out, size_t *count, struct slgw_adapter *a,
                  int lun_id, struct slgw_adapter_error *err)
{
	struct vnx_output o;
	struct vnx_cmd c;
	vnx_snap *s = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = query(&o, VA(a), &c, vnx_cmd_snap_list(&c, NULL, lun_id), 0, err)))
		return rc;
	rc = vnx_parse_snap_list(o.text, o.len, &s, &n);
	if ((rc = parsed_output(rc, &o, "snap -list", err)))
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

int vnx_snap_restore(struct slgw_adapter *a, const char *name, int lun_id,
                     struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_snap_restore(&c, name, lun_id), err);
}

int vnx_snap_copy(struct slgw_adapter *a, const char *name, const char *new_name,
                  struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_snap_copy(&c, name, new_name), err);
}

/* ---- SMPs ---- */

int vnx_smp_create(struct slgw_lun **out, struct slgw_adapter *a, int primary_lun_id,
                   const char *name, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = vnx_gate(a, SLGW_CAP_CLONE_SMP, err)))
		return rc;
	if ((rc = built(vnx_cmd_smp_create(&c, primary_lun_id, name), err)))
		return rc;
	if ((rc = run_modify(VA(a), &c, err)))
		return rc;
	if (!out)
		return 0;
	rc = vnx_lun_find(out, a, (struct slgw_lun_ref){ -1, name }, 1, err);
	if (rc == 0 && (*out)->primary_lun < 0)
		(*out)->primary_lun = primary_lun_id;
	return rc;
}

int vnx_smp_attach(struct slgw_adapter *a, struct slgw_lun_ref smp, const char *snap_name,
                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_smp_attach(&c, smp, snap_name), err);
}

int vnx_smp_detach(struct slgw_adapter *a, struct slgw_lun_ref smp,
                   struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_smp_detach(&c, smp), err);
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
	if ((rc = query(&o, va, &c, vnx_cmd_migrate_list(&c, source), 0, err)))
		return rc;
	rc = vnx_parse_migrate_list(o.text, o.len, &m, &n);
	if ((rc = parsed_output(rc, &o, "migrate -list", err)))
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

int vnx_migrate_start(struct slgw_adapter *a, int source, int dest,
                      enum slgw_migrate_rate rate, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_migrate_start(&c, source, dest, rate), err);
}

int vnx_migrate_status(struct slgw_migration **out, struct slgw_adapter *a, int source,
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

int vnx_migrate_list(struct slgw_migration **out, size_t *count, struct slgw_adapter *a,
                     struct slgw_adapter_error *err)
{
	return migrate_query(out, count, VA(a), -1, err);
}

int vnx_migrate_cancel(struct slgw_adapter *a, int source, struct slgw_adapter_error *err)
{
	struct vnx_cmd c;

	return modify(VA(a), &c, vnx_cmd_migrate_cancel(&c, source), err);
}
