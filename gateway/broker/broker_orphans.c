/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_orphans.c - the orphan scan: LUNs on an array that carry this
 * gateway's names but that the store does not account for.
 *
 * Orphans are recorded (logged, counted, listed), never deleted: a name
 * match is evidence, not proof, and deleting a LUN is not reversible.  The
 * job engine runs the scan once startup recovery has tried every
 * unfinished job; the scan itself only reads the store and the arrays.
 *
 * Ids are never reused, even across a restore: the same scan raises the
 * store's id counters (store_id_floor_raise) past every id that this
 * gateway's names on the array show was issued - volumes (LUNs, full
 * clone targets and temporaries), snapshots, hosts (storage groups) - so a
 * store restored from an older copy (slgwd --restore, which runs while the
 * gateway and its arrays' credentials are not in use) cannot hand out a
 * name an array object already carries.  An allocation that races the scan,
 * or targets an array the scan could not read, still never adopts a LUN or
 * snapshot it did not create: a fresh allocation finding its name taken
 * fails with ALREADY_EXISTS (broker_volumes.c, broker_snap_engine.c).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"

/* ------------------------------------------------------------ orphans */

void broker_orphan_array_free(struct broker_orphan *arr, size_t n)
{
	if (!arr)
		return;
	for (size_t i = 0; i < n; i++) {
		free(arr[i].system_id);
		free(arr[i].lun_name);
	}
	free(arr);
}

/* Replaces the orphans recorded for system_id with found[0..nf). */
void broker_orphans_replace(broker *b, int64_t system_id, struct broker_orphan *found, size_t nf)
{
	char sid[32];
	snprintf(sid, sizeof(sid), "%" PRId64, system_id);
	pthread_mutex_lock(&b->mu);
	size_t keep = 0;
	for (size_t i = 0; i < b->n_orphans; i++) {
		if (strcmp(b->orphans[i].system_id, sid) == 0) {
			free(b->orphans[i].system_id);
			free(b->orphans[i].lun_name);
		} else {
			b->orphans[keep++] = b->orphans[i];
		}
	}
	b->n_orphans = keep;
	struct broker_orphan *grown = realloc(b->orphans, (keep + nf + 1) * sizeof(*grown));
	if (grown) {
		b->orphans = grown;
		for (size_t i = 0; i < nf; i++)
			b->orphans[b->n_orphans++] = found[i];
		nf = 0;
	}
	pthread_mutex_unlock(&b->mu);
	for (size_t i = 0; i < nf; i++) { /* allocation failed: drop them */
		free(found[i].system_id);
		free(found[i].lun_name);
	}
}

/* 1 when the store accounts for the array object `name` of system sys,
 * 0 when it does not (an orphan candidate), -1 when the store cannot
 * tell (skip it: never report on a guess). */
static int store_knows(broker *b, const store_system *sys, enum broker_name_kind kind,
		       int64_t id)
{
	store_volume *v = NULL;
	int grc = store_volume_get(&v, b->s, id);
	if (grc && grc != STORE_ENOTFOUND)
		return -1;
	int known = 0;
	if (grc == 0 && v->system_id == sys->id) {
		if (kind == BROKER_NAME_LUN) /* a volume's LUN, a clone's SMP */
			known = v->state != STORE_STATE_DELETED;
		else if (kind == BROKER_NAME_DST) /* lives while its clone is made, or
						     * while a RAID-group LUN grows (the
						     * metaLUN component, until it joins) */
			known = (v->state == STORE_STATE_CREATING && v->clone_kind == STORE_CLONE_FULL) ||
				v->state == STORE_STATE_RESIZING;
	}
	store_volume_free(v);
	return known;
}

/* The host id of a storage group named by this gateway
 * ("slgw-<instance>-h<id>", broker_access_group_name), else 0. */
static int64_t group_host_id(const char *name, const char *instance)
{
	size_t il = strlen(instance);
	if (strncmp(name, "slgw-", 5) != 0 || strncmp(name + 5, instance, il) != 0 ||
	    strncmp(name + 5 + il, "-h", 2) != 0)
		return 0;
	const char *d = name + 5 + il + 2;
	if (!*d || *d == '0' || strlen(d) > 18)
		return 0;
	int64_t v = 0;
	for (; *d; d++) {
		if (!isdigit((unsigned char)*d))
			return 0;
		v = v * 10 + (*d - '0');
	}
	return v;
}

static void floor_to(store *s, const char *kind, int64_t seen)
{
	if (seen > 0 && store_id_floor_raise(s, kind, seen + 1))
		broker_log("raising the %s id counter past %" PRId64 ": %s", kind, seen,
			   store_errmsg());
}

/* The highest ids this gateway's names on one array show: volume ids (a
 * LUN, a full clone's target, a temporary) and snapshot ids. */
struct floors {
	int64_t vol, snap;
};

/* Raises f by one array object's name when it is ours and of a kind in
 * kinds (bits 1u << kind): what a name means depends on where it is found. */
static void floors_see(struct floors *f, const char *name, const char *instance, unsigned kinds)
{
	enum broker_name_kind kind;
	int64_t id = 0;
	if (!broker_name_parse(&kind, &id, name, instance) || !(kinds & (1u << kind)))
		return;
	int64_t *top = kind == BROKER_NAME_SNAP ? &f->snap : &f->vol;
	if (id > *top)
		*top = id;
}

/* Raise the id counters past the ids this gateway's names on the array
 * show (LUN names come from the caller's lun -list).  Snapshots and groups
 * are read here; an array that cannot list them costs nothing but the
 * raise (the allocation paths refuse to adopt in any case). */
static void raise_floors(broker *b, struct slgw_adapter *a, const struct slgw_lun *luns, size_t n)
{
	const char *instance = store_instance_id(b->s);
	struct floors f = { 0, 0 };
	int64_t host = 0;
	for (size_t i = 0; i < n; i++) /* LUN, full clone target and temporary */
		floors_see(&f, luns[i].name, instance, ~(1u << BROKER_NAME_SNAP));
	struct slgw_snapshot *ss = NULL;
	size_t ns = 0;
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	if (a->ops->snap_list && a->ops->capabilities &&
	    (a->ops->capabilities(a) & SLGW_CAP_SNAPSHOTS) &&
	    a->ops->snap_list(&ss, &ns, a, -1, &err) == 0) {
		for (size_t i = 0; i < ns; i++)
			floors_see(&f, ss[i].name, instance,
				   (1u << BROKER_NAME_SNAP) | (1u << BROKER_NAME_TMP));
		slgw_snapshot_array_free(ss, ns);
	}
	/* SnapView (arrays without VNX Snapshots): sessions carry snapshot
	 * names, SnapView snapshots snapshot names or linked clones' */
	struct slgw_sv_session *sess = NULL;
	size_t nsess = 0;
	slgw_adapter_error_clear(&err);
	if (a->ops->sv_session_list && (a->ops->capabilities(a) & SLGW_CAP_SNAPVIEW) &&
	    a->ops->sv_session_list(&sess, &nsess, a, &err) == 0) {
		for (size_t i = 0; i < nsess; i++)
			floors_see(&f, sess[i].name, instance, (1u << BROKER_NAME_SNAP));
		slgw_sv_session_array_free(sess, nsess);
	}
	struct slgw_sv_snapshot *svs = NULL;
	size_t nsvs = 0;
	slgw_adapter_error_clear(&err);
	if (a->ops->sv_snapshot_list && (a->ops->capabilities(a) & SLGW_CAP_SNAPVIEW) &&
	    a->ops->sv_snapshot_list(&svs, &nsvs, a, -1, &err) == 0) {
		for (size_t i = 0; i < nsvs; i++)
			floors_see(&f, svs[i].name, instance,
				   (1u << BROKER_NAME_SNAP) | (1u << BROKER_NAME_LUN));
		slgw_sv_snapshot_array_free(svs, nsvs);
	}
	struct slgw_storage_group *gs = NULL;
	size_t ng = 0;
	slgw_adapter_error_clear(&err);
	if (a->ops->sg_list && a->ops->sg_list(&gs, &ng, a, &err) == 0) {
		for (size_t i = 0; i < ng; i++) {
			int64_t id = group_host_id(gs[i].name, instance);
			if (id > host)
				host = id;
		}
		slgw_storage_group_array_free(gs, ng);
	}
	floor_to(b->s, "volume", f.vol);
	floor_to(b->s, "snapshot", f.snap);
	floor_to(b->s, "host", host);
}

/* Appends one orphan (name, number -1: SnapView objects have none). */
static size_t add_orphan(struct broker_orphan **found, size_t nf, const store_system *sys,
			 const char *name, const char *what)
{
	struct broker_orphan *g = realloc(*found, (nf + 2) * sizeof(**found));
	if (!g)
		return nf;
	*found = g;
	char sid[32];
	snprintf(sid, sizeof(sid), "%" PRId64, sys->id);
	g[nf].system_id = strdup(sid);
	g[nf].lun_name = strdup(name);
	g[nf].lun_id = -1;
	if (!g[nf].system_id || !g[nf].lun_name) {
		free(g[nf].system_id);
		free(g[nf].lun_name);
		return nf;
	}
	broker_log("orphan on storage system %s: SnapView %s \"%s\" carries this gateway's name "
		   "but the store does not account for it (reported, not deleted)", sys->name, what,
		   name);
	return nf + 1;
}

/* SnapView objects of this gateway the store does not account for: a
 * linked clone's snapshot of no live volume, a session (a snapshot's
 * point in time) of no live snapshot.  They hold reserved LUN pool space,
 * so they are reported like LUNs; never removed. */
static size_t scan_snapview(struct broker_orphan **found, size_t nf, broker *b,
			    struct slgw_adapter *a, const store_system *sys)
{
	const char *instance = store_instance_id(b->s);
	struct slgw_adapter_error err;
	if (!a->ops->sv_snapshot_list || !a->ops->sv_session_list ||
	    !(a->ops->capabilities(a) & SLGW_CAP_SNAPVIEW))
		return nf;
	struct slgw_sv_snapshot *svs = NULL;
	size_t n = 0;
	slgw_adapter_error_clear(&err);
	if (a->ops->sv_snapshot_list(&svs, &n, a, -1, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			enum broker_name_kind kind;
			int64_t id = 0;
			if (broker_name_parse(&kind, &id, svs[i].name, instance) &&
			    kind == BROKER_NAME_LUN && store_knows(b, sys, kind, id) == 0)
				nf = add_orphan(found, nf, sys, svs[i].name, "snapshot");
		}
		slgw_sv_snapshot_array_free(svs, n);
	}
	struct slgw_sv_session *ss = NULL;
	n = 0;
	slgw_adapter_error_clear(&err);
	if (a->ops->sv_session_list(&ss, &n, a, &err) == 0) {
		for (size_t i = 0; i < n; i++) {
			enum broker_name_kind kind;
			int64_t id = 0;
			if (!broker_name_parse(&kind, &id, ss[i].name, instance) || kind != BROKER_NAME_SNAP)
				continue;
			store_snapshot *sn = NULL;
			int grc = store_snapshot_get(&sn, b->s, id);
			int live = grc == 0 && sn->state != STORE_STATE_DELETED;
			store_snapshot_free(sn);
			if (grc == 0 ? !live : grc == STORE_ENOTFOUND)
				nf = add_orphan(found, nf, sys, ss[i].name, "session");
		}
		slgw_sv_session_array_free(ss, n);
	}
	return nf;
}

static int scan_one(broker *b, const store_system *sys, struct broker_status *st)
{
	const char *instance = store_instance_id(b->s);
	struct slgw_adapter *a = broker_adapter_get(b, sys->id, st);
	if (!a)
		return -(int)st->code;
	struct slgw_lun *luns = NULL;
	size_t n = 0;
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	int rc = a->ops->lun_list(&luns, &n, a, &err);
	if (rc)
		return broker_fail_adapter(st, &err, "listing LUNs for the orphan scan");
	raise_floors(b, a, luns, n);
	struct broker_orphan *found = calloc(n + 1, sizeof(*found));
	size_t nf = 0;
	for (size_t i = 0; found && i < n; i++) {
		/* only this gateway's names: another gateway sharing the
		 * array (or LUNs from before instance ids) are not ours to
		 * report */
		enum broker_name_kind kind;
		int64_t oid = 0;
		if (!broker_name_parse(&kind, &oid, luns[i].name, instance))
			continue;
		if (kind != BROKER_NAME_LUN && kind != BROKER_NAME_DST)
			continue; /* snapshot names are not LUNs */
		if (store_knows(b, sys, kind, oid) != 0)
			continue;
		/* A delete may have finished between the listing and the store
		 * read: confirm the candidate is still there (one command per
		 * candidate, and candidates are rare). */
		struct slgw_lun *still = NULL;
		struct slgw_lun_ref ref = { .id = -1, .name = luns[i].name };
		slgw_adapter_error_clear(&err);
		int lrc = a->ops->lun_get(&still, a, ref, &err);
		slgw_lun_free(still);
		if (lrc == -(int)SLGW_AERR_NOT_FOUND)
			continue;
		char sid[32];
		snprintf(sid, sizeof(sid), "%" PRId64, sys->id);
		found[nf].system_id = strdup(sid);
		found[nf].lun_name = strdup(luns[i].name);
		found[nf].lun_id = luns[i].id;
		if (!found[nf].system_id || !found[nf].lun_name) {
			free(found[nf].system_id);
			free(found[nf].lun_name);
			continue;
		}
		broker_log("orphan on storage system %s: LUN %d \"%s\" carries this gateway's name "
			   "but the store does not account for it (reported, not deleted)", sys->name,
			   luns[i].id, luns[i].name);
		nf++;
	}
	slgw_lun_array_free(luns, n);
	if (found)
		nf = scan_snapview(&found, nf, b, a, sys);
	if (found)
		broker_orphans_replace(b, sys->id, found, nf);
	free(found);
	return 0;
}

int broker_scan_orphans(broker *b, int64_t system_id, struct broker_status *st)
{
	store_system *systems = NULL;
	size_t n = 0;
	int rc;
	if (system_id > 0) {
		store_system *one = NULL;
		rc = store_system_get(&one, b->s, system_id);
		if (rc)
			return broker_fail_store(st, rc, "reading storage system");
		rc = scan_one(b, one, st);
		store_system_free(one);
		return rc;
	}
	rc = store_system_list(&systems, &n, b->s, NULL);
	if (rc)
		return broker_fail_store(st, rc, "listing storage systems");
	int first_err = 0;
	for (size_t i = 0; i < n; i++) {
		struct broker_status one;
		int r = scan_one(b, &systems[i], &one);
		if (r) {
			broker_log("orphan scan of %s: %s", systems[i].name, one.message);
			if (!first_err) {
				first_err = r;
				if (st)
					*st = one;
			}
		}
	}
	store_system_array_free(systems, n);
	return first_err;
}

int broker_enum_orphans(struct broker_orphan **out, size_t *n_out, broker *b,
			const struct broker_caller *c, struct broker_status *st)
{
	*out = NULL;
	*n_out = 0;
	if (broker_require_admin(c, "enumerating orphans", st))
		return -(int)st->code;
	pthread_mutex_lock(&b->mu);
	size_t n = b->n_orphans;
	struct broker_orphan *arr = calloc(n + 1, sizeof(*arr));
	int ok = arr != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		arr[i].system_id = strdup(b->orphans[i].system_id);
		arr[i].lun_name = strdup(b->orphans[i].lun_name);
		arr[i].lun_id = b->orphans[i].lun_id;
		if (!arr[i].system_id || !arr[i].lun_name)
			ok = 0;
	}
	pthread_mutex_unlock(&b->mu);
	if (!ok) {
		broker_orphan_array_free(arr, n);
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	}
	*out = arr;
	*n_out = n;
	broker_ok(st);
	return 0;
}
