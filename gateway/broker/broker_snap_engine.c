/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_snap_engine.c - VNX snapshots, restores and clones of gateway volumes.
 *
 * Design
 * ------
 * Array objects are named from gateway ids, never from display names, and
 * carry the store's instance id (broker_names.h): snapshots
 * `slgw-<instance>-snap-<snapshot id>`, a clone's LUN (or SMP)
 * `slgw-<instance>-<volume id>` like every volume, and a full clone's
 * temporaries `slgw-<instance>-tmp-<clone id>` (snapshot) and
 * `slgw-<instance>-dst-<clone id>` (migration target), so that a restart
 * can recognise half-done work by name and never takes another gateway's
 * objects on a shared array for its own.  Work begun before instance ids
 * existed keeps the names it recorded (see clone_names).
 *
 * A linked clone is a snapshot mount point over the source LUN with the
 * snapshot attached: two commands, instant, and it keeps depending on the
 * snapshot, which is therefore a recorded snapshot (cloning a volume takes
 * one named `clone:<clone name>`) that cannot be deleted under the clone.
 * A full clone is the same SMP migrated into a new LUN: when the migration
 * completes the SMP's identity (number, name, WWN) carries the copied data
 * as an ordinary LUN, and the temporary snapshot is destroyed.  Any failure
 * undoes every temporary in reverse order and marks the clone DELETED, so
 * store and array agree.
 *
 * Arrays without VNX Snapshots (CX, CX3, CX4 and VNX without the enabler)
 * have SnapView, and the same API maps onto it: a snapshot is a SnapView
 * SESSION (the point in time) started through a SnapView snapshot of the
 * same gateway name on the volume's LUN; deleting it stops the session and
 * removes that snapshot; restoring it is the session's rollback.  A linked
 * clone is one more SnapView snapshot, named like every volume's LUN,
 * activated on the session: it has no LUN number (the volume records -1)
 * and hosts see it through storagegroup -addsnapshot.  A full clone needs
 * LUN migration from a snapshot mount point, which SnapView has not: it is
 * refused with NOT_SUPPORTED naming what is missing, as is any snapshot on
 * an array that has neither.
 */
#include "broker_access.h"
#include "broker_rules.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A snapshot's or clone's display name: broker_rules.h's length, no
 * control characters (array names come from ids, never from this). */
static int valid_display_name(const char *name, const char *what, struct broker_status *st)
{
	if (!name || !*name)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s: name is empty", what);
	size_t n = strlen(name);
	if (n > BROKER_RULE_LONG_NAME_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "%s: name is %zu characters (max %d)",
				   what, n, BROKER_RULE_LONG_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (iscntrl((unsigned char)name[i]))
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
					   "%s: name contains a control character", what);
	return 0;
}

static int live_volume(store_volume **out, store *s, int64_t id, struct broker_status *st)
{
	int rc = store_volume_get(out, s, id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && (*out)->state == STORE_STATE_DELETED)) {
		store_volume_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_NOT_FOUND, "volume %" PRId64 " not found", id);
	}
	if (rc)
		return broker_fail_store(st, rc, "volume");
	if ((*out)->state == STORE_STATE_READY && (*out)->lun_id < 0 &&
	    (*out)->clone_kind == STORE_CLONE_LINKED) {
		store_volume_free(*out);
		*out = NULL;
		return broker_fail(st, SLGW_NOT_SUPPORTED,
				   "volume %" PRId64 " is a linked clone made as a SnapView snapshot "
				   "(the array has no VNX Snapshots): it has no LUN of its own to take "
				   "snapshots or clones of", id);
	}
	if ((*out)->state != STORE_STATE_READY || (*out)->lun_id < 0) {
		int code = broker_fail(st, SLGW_FAILED_PRECONDITION, "volume %" PRId64 " is %s, not ready",
				       id, store_state_name((*out)->state));
		store_volume_free(*out);
		*out = NULL;
		return code;
	}
	return 0;
}

/* Which snapshot technology the array of env offers the gateway. */
enum snap_kind { SNAPK_NONE = 0, SNAPK_VNX, SNAPK_SNAPVIEW };

static enum snap_kind snap_kind_of(const struct broker_access_env *env)
{
	const struct slgw_adapter_ops *o = env->a->ops;
	unsigned caps = o->capabilities(env->a);
	if (caps & SLGW_CAP_SNAPSHOTS)
		return SNAPK_VNX;
	if ((caps & SLGW_CAP_SNAPVIEW) && o->sv_snapshot_create && o->sv_snapshot_destroy &&
	    o->sv_session_start && o->sv_session_stop && o->sv_activate && o->sv_deactivate &&
	    o->sv_rollback)
		return SNAPK_SNAPVIEW;
	return SNAPK_NONE;
}

/* NOT_SUPPORTED for an array that lacks `need`, naming what is missing
 * (the adapter's explanation: the enabler or the generation). */
static int refuse_missing(const struct broker_access_env *env, unsigned need, const char *what,
			  struct broker_status *st)
{
	char why[256] = "";
	if (env->a->ops->explain)
		env->a->ops->explain(why, sizeof(why), env->a, need);
	return broker_fail(st, SLGW_NOT_SUPPORTED, "%s: the storage system %s", what,
			   why[0] ? why : "lacks the enabler it needs");
}

/* Deactivates and removes SnapView snapshot `name`; gone is fine.  The
 * deactivation may be refused because it is not active (never was, or its
 * session stopped): only the removal's answer counts, except when the
 * array could not be reached at all. */
static int sv_drop(const struct broker_access_env *env, const char *name,
		   struct slgw_adapter_error *err)
{
	slgw_adapter_error_clear(err);
	int rc = env->a->ops->sv_deactivate(env->a, name, err);
	if (rc && (err->cls == SLGW_AERR_UNREACHABLE || err->cls == SLGW_AERR_TIMEOUT))
		return rc;
	slgw_adapter_error_clear(err);
	rc = env->a->ops->sv_snapshot_destroy(env->a, name, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND) {
		slgw_adapter_error_clear(err);
		rc = 0;
	}
	return rc;
}

/* The point in time of a gateway snapshot on a SnapView array: snapshot
 * `name` on LUN lun_id, then session `name` through it.  resumed: an
 * earlier attempt of the same snapshot may have made either. */
static int sv_take(const struct broker_access_env *env, int lun_id, const char *name, int resumed,
		   struct slgw_adapter_error *err)
{
	broker_access_step(env, "sv-snapshot-create");
	slgw_adapter_error_clear(err);
	int rc = env->a->ops->sv_snapshot_create(env->a, lun_id, name, err);
	if (rc && !(resumed && err->cls == SLGW_AERR_NAME_IN_USE))
		return rc;
	broker_access_step(env, "sv-session-start");
	slgw_adapter_error_clear(err);
	rc = env->a->ops->sv_session_start(env->a, name, name, err);
	if (rc && resumed && err->cls == SLGW_AERR_NAME_IN_USE)
		rc = 0;
	if (rc) {
		struct slgw_adapter_error uerr;
		sv_drop(env, name, &uerr);
	}
	return rc;
}

static json_t *snapshot_json(const store_snapshot *sn)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s}", "snapshot_id", (json_int_t)sn->id,
			 "volume_id", (json_int_t)sn->volume_id, "name", sn->name ? sn->name : "",
			 "array_name", sn->array_name ? sn->array_name : "",
			 "state", store_state_name(sn->state));
}

/* Take array snapshot of vol recorded as store snapshot `name`; *out_id. */
static int snapshot_take(int64_t *out_id, const struct broker_access_env *env, const store_volume *vol,
			 const char *name, struct broker_status *st)
{
	store_snapshot *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	int64_t id = 0;
	char aname[BROKER_NAME_MAX] = "";
	int rc, resumed = 0;

	f.volume_id = vol->id;
	f.name = name;
	rc = store_snapshot_list(&arr, &n, env->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "snapshots");
	for (size_t i = 0; i < n; i++) {
		if (arr[i].volume_id != vol->id || arr[i].state == STORE_STATE_DELETED ||
		    strcmp(arr[i].name, name) != 0)
			continue;
		if (arr[i].state == STORE_STATE_READY) {
			*out_id = arr[i].id;
			store_snapshot_array_free(arr, n);
			return 0; /* idempotent by name */
		}
		id = arr[i].id; /* an earlier attempt stopped half way */
		resumed = 1;
		/* ...under the name it recorded, which it may have created */
		if (arr[i].array_name && *arr[i].array_name && strlen(arr[i].array_name) < sizeof(aname))
			snprintf(aname, sizeof(aname), "%s", arr[i].array_name);
	}
	store_snapshot_array_free(arr, n);
	if (id == 0) {
		store_snapshot rec = { .volume_id = vol->id, .name = (char *)name, .size_mb = 0 };
		rc = store_snapshot_reserve(&id, env->s, &rec);
		if (rc == STORE_EQUOTA)
			return broker_fail(st, SLGW_RESOURCE_EXHAUSTED, "snapshot of volume %" PRId64
					   ": %s", vol->id, store_errmsg());
		if (rc)
			return broker_fail_store(st, rc, "reserving the snapshot");
	}
	if (!aname[0] &&
	    broker_name_make(aname, sizeof(aname), store_instance_id(env->s), BROKER_NAME_SNAP, id))
		return broker_fail(st, SLGW_INTERNAL, "snapshot %" PRId64 ": cannot name it", id);
	rc = store_snapshot_set_array_name(env->s, id, aname);
	if (rc)
		return broker_fail_store(st, rc, "recording the snapshot name");
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	if (snap_kind_of(env) == SNAPK_SNAPVIEW) {
		rc = sv_take(env, (int)vol->lun_id, aname, resumed, &err);
	} else {
		broker_access_step(env, "snap-create");
		rc = env->a->ops->snap_create(env->a, (int)vol->lun_id, aname, 1, &err);
	}
	if (rc && err.cls == SLGW_AERR_NAME_IN_USE && !resumed) {
		/* A fresh id whose name the array already has: a snapshot of
		 * an id issued before the store was restored.  Never adopted. */
		store_snapshot_set_state(env->s, id, STORE_STATE_DELETED);
		return broker_fail(st, SLGW_ALREADY_EXISTS,
				   "snapshot name %s is already on the array, and this gateway did not "
				   "create it in this request (a store restored from an older copy?): "
				   "not adopted; try again (the next try gets a new id)", aname);
	}
	if (rc && err.cls != SLGW_AERR_NAME_IN_USE) {
		/* Our own name in use = an earlier attempt landed. Else undo. */
		store_snapshot_set_state(env->s, id, STORE_STATE_DELETED);
		char what[128];
		snprintf(what, sizeof(what), "snapshot of volume %" PRId64, vol->id);
		return broker_fail_adapter(st, &err, what);
	}
	rc = store_snapshot_set_state(env->s, id, STORE_STATE_READY);
	if (rc)
		return broker_fail_store(st, rc, "marking the snapshot ready");
	*out_id = id;
	return 0;
}

int broker_snap_create(json_t **result, const struct broker_access_env *env, int64_t volume_id,
			   const char *name, struct broker_status *st)
{
	store_volume *vol = NULL;
	store_snapshot *sn = NULL;
	int64_t id;
	int rc = valid_display_name(name, "snapshot", st);
	if (rc)
		return rc;
	rc = live_volume(&vol, env->s, volume_id, st);
	if (rc)
		return rc;
	if (snap_kind_of(env) == SNAPK_NONE) {
		rc = refuse_missing(env, SLGW_CAP_SNAPSHOTS, "snapshots", st);
		store_volume_free(vol);
		return rc;
	}
	rc = snapshot_take(&id, env, vol, name, st);
	if (rc == 0) {
		rc = store_snapshot_get(&sn, env->s, id);
		if (rc)
			rc = broker_fail_store(st, rc, "snapshot");
		else
			*result = snapshot_json(sn);
	}
	store_snapshot_free(sn);
	store_volume_free(vol);
	return rc;
}

/* Live linked clones of volume vol_id (snap_id 0: through any of its
 * snapshots; else only those hanging off snapshot snap_id of it); returns
 * the count and the first one's id in *first, or -1 on a store error.
 * Only the volume's own clones are read (the store's parent filter, an
 * indexed lookup), never every volume of the gateway. */
static int linked_clones(int64_t *first, store *s, int64_t vol_id, int64_t snap_id)
{
	store_volume *arr = NULL;
	size_t n = 0;
	store_filter f = { .parent_volume_id = vol_id };
	int count = 0;
	if (vol_id <= 0)
		return 0;
	if (store_volume_list(&arr, &n, s, &f))
		return -1;
	for (size_t i = 0; i < n; i++) {
		const store_volume *v = &arr[i];
		if (v->state == STORE_STATE_DELETED || v->clone_kind != STORE_CLONE_LINKED ||
		    v->parent_volume_id != vol_id)
			continue;
		if (!snap_id || v->parent_snapshot_id == snap_id) {
			if (count++ == 0 && first)
				*first = v->id;
		}
	}
	store_volume_array_free(arr, n);
	return count;
}

int broker_snap_volume_delete_check(store *s, int64_t volume_id, struct broker_status *st)
{
	int64_t first = 0;
	int n = linked_clones(&first, s, volume_id, 0);
	if (n < 0)
		return broker_fail(st, SLGW_INTERNAL, "listing clones: %s", store_errmsg());
	if (n > 0)
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "volume %" PRId64 " has %d linked clone(s) (e.g. volume %" PRId64
				   ") that read from its snapshots: delete them (or make full "
				   "clones) first", volume_id, n, first);
	return 0;
}

int broker_snap_delete(json_t **result, const struct broker_access_env *env, int64_t snapshot_id,
			   struct broker_status *st)
{
	store_snapshot *sn = NULL;
	int rc = store_snapshot_get(&sn, env->s, snapshot_id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && sn->state == STORE_STATE_DELETED)) {
		store_snapshot_free(sn);
		*result = json_pack("{s:I, s:b}", "snapshot_id", (json_int_t)snapshot_id,
				    "deleted", 0);
		return 0; /* gone already: success */
	}
	if (rc)
		return broker_fail_store(st, rc, "snapshot");
	int64_t first = 0;
	int n = linked_clones(&first, env->s, sn->volume_id, snapshot_id);
	if (n < 0) { /* cannot tell: never delete a snapshot a clone may need */
		rc = broker_fail(st, SLGW_INTERNAL, "listing clones: %s", store_errmsg());
		goto out;
	}
	if (n > 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "snapshot %" PRId64 " backs %d linked clone(s) (e.g. volume %"
				 PRId64 "): delete them first", snapshot_id, n, first);
		goto out;
	}
	if (sn->array_name && sn->array_name[0]) {
		struct slgw_adapter_error err;
		slgw_adapter_error_clear(&err);
		if (snap_kind_of(env) == SNAPK_SNAPVIEW) {
			/* the session (the point in time), then its snapshot */
			broker_access_step(env, "sv-session-stop");
			rc = env->a->ops->sv_session_stop(env->a, sn->array_name, &err);
			if (rc == 0 || err.cls == SLGW_AERR_NOT_FOUND) {
				/* never activated (clones have their own) */
				broker_access_step(env, "sv-snapshot-destroy");
				slgw_adapter_error_clear(&err);
				rc = env->a->ops->sv_snapshot_destroy(env->a, sn->array_name, &err);
			}
		} else {
			broker_access_step(env, "snap-destroy");
			rc = env->a->ops->snap_destroy(env->a, sn->array_name, &err);
		}
		if (rc && err.cls != SLGW_AERR_NOT_FOUND) {
			rc = broker_fail_adapter(st, &err, "destroying the snapshot");
			goto out;
		}
	}
	rc = store_snapshot_set_state(env->s, snapshot_id, STORE_STATE_DELETED);
	if (rc) {
		rc = broker_fail_store(st, rc, "marking the snapshot deleted");
		goto out;
	}
	*result = json_pack("{s:I, s:b}", "snapshot_id", (json_int_t)snapshot_id, "deleted", 1);
out:
	store_snapshot_free(sn);
	return rc;
}

int broker_snap_restore(json_t **result, const struct broker_access_env *env, int64_t snapshot_id,
			    int force, struct broker_status *st)
{
	store_snapshot *sn = NULL;
	store_volume *vol = NULL;
	store_assignment *asg = NULL;
	size_t nasg = 0;
	int rc = store_snapshot_get(&sn, env->s, snapshot_id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && sn->state != STORE_STATE_READY)) {
		store_snapshot_free(sn);
		return broker_fail(st, SLGW_NOT_FOUND, "snapshot %" PRId64 " not found", snapshot_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "snapshot");
	rc = live_volume(&vol, env->s, sn->volume_id, st);
	if (rc)
		goto out;
	store_filter f = { 0 };
	f.volume_id = vol->id;
	rc = store_assignment_list(&asg, &nasg, env->s, &f);
	if (rc) {
		rc = broker_fail_store(st, rc, "assignments");
		goto out;
	}
	if (nasg > 0 && !force) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "volume %" PRId64 " is assigned to %zu host(s): rolling it back "
				 "under a running host corrupts its file system; unassign it first "
				 "or force", vol->id, nasg);
		goto out;
	}
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	if (snap_kind_of(env) == SNAPK_SNAPVIEW) {
		/* a rollback names our session only, never a LUN number: the
		 * session was started on this volume's LUN by its name */
		broker_access_step(env, "sv-rollback");
		rc = env->a->ops->sv_rollback(env->a, sn->array_name, &err);
	} else {
		/* snap -restore names the LUN by number: confirm it is still ours */
		rc = broker_access_volume_confirm(env, vol, st);
		if (rc)
			goto out;
		broker_access_step(env, "snap-restore");
		rc = env->a->ops->snap_restore(env->a, sn->array_name, (int)vol->lun_id, &err);
	}
	if (rc) {
		rc = broker_fail_adapter(st, &err, "restoring the snapshot");
		goto out;
	}
	*result = json_pack("{s:I, s:I, s:b}", "snapshot_id", (json_int_t)snapshot_id,
			    "volume_id", (json_int_t)vol->id, "restored", 1);
out:
	store_assignment_array_free(asg, nasg);
	store_volume_free(vol);
	store_snapshot_free(sn);
	return rc;
}

/* Destroys one of the gateway's own LUNs BY NAME: its number may have
 * been reused by the time an undo runs (or the runner repeats it on the
 * other SP), a name of ours never is. */
static void destroy_quietly_lun(const struct broker_access_env *env, const char *name)
{
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	struct slgw_lun_ref ref = { -1, name };
	env->a->ops->lun_destroy(env->a, ref, 1, &err);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Wait for the migration of LUN src to finish; 0 done, else failed. */
static int wait_migration(const struct broker_access_env *env, int src, struct broker_status *st)
{
	int poll = env->poll_ms > 0 ? env->poll_ms : 1000;
	for (long i = 0; i < 1000000L; i++) {
		struct slgw_migration *m = NULL;
		struct slgw_adapter_error err;
		slgw_adapter_error_clear(&err);
		int rc = env->a->ops->migrate_status(&m, env->a, src, &err);
		if (rc && err.cls == SLGW_AERR_NOT_FOUND)
			return 0; /* finished migrations leave the list */
		if (rc)
			return broker_fail_adapter(st, &err, "reading migration progress");
		int pct = m->percent;
		int faulted = strstr(m->state, "FAULT") || strstr(m->state, "STOPPED") ||
			      strstr(m->state, "Fault") || strstr(m->state, "Stopped") ||
			      strstr(m->state, "FAIL") || strstr(m->state, "Fail");
		char state[64];
		snprintf(state, sizeof(state), "%s", m->state);
		slgw_migration_free(m);
		if (faulted)
			return broker_fail(st, SLGW_INTERNAL,
					   "migration of LUN %d stopped at %d%%: array state '%s'",
					   src, pct, state);
		/* 10..90 of the job is the copy. */
		broker_access_progress(env, 10 + pct * 8 / 10);
		sleep_ms(poll);
	}
	return broker_fail(st, SLGW_DEADLINE_EXCEEDED, "migration of LUN %d did not finish", src);
}

/* The array names of clone volume `id`'s SMP (its LUN once done), the
 * migration target and the temporary snapshot, each in a buffer of
 * BROKER_NAME_MAX.  `recorded` is the LUN name the volume row holds (NULL
 * for a new clone): a clone reserved before instance ids recorded
 * "slgw-<id>", and then its other objects carry the names of that time too,
 * so a recovery after the upgrade still finds and removes them. */
static int clone_names(char *lun, char *dst, char *tmp, const struct broker_access_env *env, int64_t id,
		       const char *recorded, struct broker_status *st)
{
	char legacy[32];
	snprintf(legacy, sizeof(legacy), "slgw-%" PRId64, id);
	if (recorded && strcmp(recorded, legacy) == 0) {
		snprintf(lun, BROKER_NAME_MAX, "%s", legacy);
		snprintf(dst, BROKER_NAME_MAX, "slgw-dst-%" PRId64, id);
		snprintf(tmp, BROKER_NAME_MAX, "slgw-tmp-%" PRId64, id);
		return 0;
	}
	const char *inst = store_instance_id(env->s);
	if (broker_name_make(lun, BROKER_NAME_MAX, inst, BROKER_NAME_LUN, id) ||
	    broker_name_make(dst, BROKER_NAME_MAX, inst, BROKER_NAME_DST, id) ||
	    broker_name_make(tmp, BROKER_NAME_MAX, inst, BROKER_NAME_TMP, id))
		return broker_fail(st, SLGW_INTERNAL, "clone volume %" PRId64 ": cannot name it", id);
	return 0;
}

int broker_snap_clone(json_t **result, const struct broker_access_env *env, const struct broker_snap_clone_req *req,
		 struct broker_status *st)
{
	store_snapshot *src_snap = NULL;
	store_volume *vol = NULL;
	store_pool *pool = NULL;
	struct slgw_lun *smp = NULL, *dst = NULL, *final = NULL;
	struct slgw_adapter_error err;
	int64_t clone_id = 0, own_snap = 0;
	char snapname[96] = "", tmpsnap[BROKER_NAME_MAX] = "", lunname[BROKER_NAME_MAX],
	     dstname[BROKER_NAME_MAX];
	int rc, made_tmp = 0, made_sv = 0;

	rc = valid_display_name(req->name, "clone", st);
	if (rc)
		return rc;
	if ((req->source_volume_id > 0) == (req->source_snapshot_id > 0))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "clone: give exactly one of source volume and source snapshot");
	if (req->source_snapshot_id > 0) {
		rc = store_snapshot_get(&src_snap, env->s, req->source_snapshot_id);
		if (rc || src_snap->state != STORE_STATE_READY) {
			store_snapshot_free(src_snap);
			return broker_fail(st, SLGW_NOT_FOUND, "snapshot %" PRId64 " not found",
					   req->source_snapshot_id);
		}
		snprintf(snapname, sizeof(snapname), "%s", src_snap->array_name);
		rc = live_volume(&vol, env->s, src_snap->volume_id, st);
	} else {
		rc = live_volume(&vol, env->s, req->source_volume_id, st);
	}
	if (rc)
		goto out;
	unsigned caps = env->a->ops->capabilities(env->a);
	enum snap_kind kind = snap_kind_of(env);
	if (kind == SNAPK_SNAPVIEW && req->full) {
		/* SnapView has no mount point a migration can copy from */
		rc = refuse_missing(env, SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_MIGRATE,
				    "full clones (a copy by LUN migration from a VNX snapshot)", st);
		goto out;
	}
	if (kind == SNAPK_NONE ||
	    (kind == SNAPK_VNX && (!(caps & SLGW_CAP_CLONE_SMP) ||
				   (req->full && !(caps & SLGW_CAP_CLONE_MIGRATE))))) {
		rc = refuse_missing(env, SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP |
					 (req->full ? SLGW_CAP_CLONE_MIGRATE : 0u),
				    req->full ? "full clones" : "linked clones", st);
		goto out;
	}
	/* Linked clones of a volume hang off a recorded snapshot of it. */
	if (!src_snap && !req->full) {
		char sname[160];
		snprintf(sname, sizeof(sname), "clone:%s", req->name);
		rc = snapshot_take(&own_snap, env, vol, sname, st);
		if (rc)
			goto out;
		rc = store_snapshot_get(&src_snap, env->s, own_snap);
		if (rc) {
			rc = broker_fail_store(st, rc, "snapshot");
			goto out;
		}
		snprintf(snapname, sizeof(snapname), "%s", src_snap->array_name);
	}
	int64_t pool_id = req->full && req->pool_id > 0 ? req->pool_id : vol->pool_id;
	rc = store_pool_get(&pool, env->s, pool_id);
	if (rc || pool->system_id != vol->system_id) {
		rc = broker_fail(st, SLGW_INVALID_ARGUMENT,
				 "clone: pool %" PRId64 " is not a pool of the source's storage system",
				 pool_id);
		goto undo;
	}
	store_volume rec = {
		.tenant_id = req->tenant_id,
		.name = (char *)req->name,
		.system_id = vol->system_id,
		.pool_id = pool_id,
		.size_mb = vol->size_mb,
		.prov = vol->prov,
		.parent_volume_id = vol->id,
		.parent_snapshot_id = src_snap ? src_snap->id : 0,
		.clone_kind = req->full ? STORE_CLONE_FULL : STORE_CLONE_LINKED,
	};
	rc = store_volume_reserve(&clone_id, env->s, &rec);
	if (rc) {
		rc = rc == STORE_EQUOTA
			? broker_fail(st, SLGW_RESOURCE_EXHAUSTED, "clone %s: %s", req->name, store_errmsg())
			: broker_fail_store(st, rc, "reserving the clone volume");
		clone_id = 0;
		goto undo;
	}
	rc = clone_names(lunname, dstname, tmpsnap, env, clone_id, NULL, st);
	if (rc)
		goto undo;
	store_volume_set_array(env->s, clone_id, -1, lunname, NULL);

	if (kind == SNAPK_SNAPVIEW) {
		/* one more SnapView snapshot of the source, showing the
		 * session's point in time once activated on it */
		broker_access_progress(env, 5);
		broker_access_step(env, "sv-clone-create");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->sv_snapshot_create(env->a, (int)vol->lun_id, lunname, &err);
		if (rc) {
			rc = broker_fail_adapter(st, &err, "creating the clone's SnapView snapshot");
			goto undo;
		}
		made_sv = 1;
		broker_access_step(env, "sv-activate");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->sv_activate(env->a, snapname, lunname, &err);
		if (rc) {
			rc = broker_fail_adapter(st, &err, "activating the clone on the snapshot's session");
			goto undo;
		}
		char wwn[64] = "";
		struct slgw_sv_snapshot *svs = NULL;
		size_t nsv = 0;
		slgw_adapter_error_clear(&err);
		if (env->a->ops->sv_snapshot_list &&
		    env->a->ops->sv_snapshot_list(&svs, &nsv, env->a, (int)vol->lun_id, &err) == 0)
			for (size_t i = 0; i < nsv; i++)
				if (strcmp(svs[i].name, lunname) == 0)
					snprintf(wwn, sizeof(wwn), "%s", svs[i].wwn);
		slgw_sv_snapshot_array_free(svs, nsv);
		rc = store_volume_set_array(env->s, clone_id, -1, lunname, wwn[0] ? wwn : NULL);
		if (rc == 0)
			rc = store_volume_set_state(env->s, clone_id, STORE_STATE_READY);
		if (rc) {
			rc = broker_fail_store(st, rc, "recording the clone");
			goto undo;
		}
		broker_access_progress(env, 100);
		*result = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "volume_id", (json_int_t)clone_id,
				    "lun_id", (json_int_t)-1, "lun_name", lunname, "wwn", wwn,
				    "clone_kind", "linked", "parent_volume_id", (json_int_t)vol->id);
		goto out;
	}

	if (req->full && !src_snap) {
		broker_access_step(env, "tmp-snap-create");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->snap_create(env->a, (int)vol->lun_id, tmpsnap, 1, &err);
		if (rc && err.cls != SLGW_AERR_NAME_IN_USE) {
			rc = broker_fail_adapter(st, &err, "temporary snapshot for the full clone");
			goto undo;
		}
		made_tmp = 1;
		snprintf(snapname, sizeof(snapname), "%s", tmpsnap);
	}
	broker_access_progress(env, 5);
	broker_access_step(env, "smp-create");
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->smp_create(&smp, env->a, (int)vol->lun_id, lunname, &err);
	if (rc) {
		rc = broker_fail_adapter(st, &err, "creating the snapshot mount point");
		goto undo;
	}
	broker_access_step(env, "smp-attach");
	slgw_adapter_error_clear(&err);
	struct slgw_lun_ref smpref = { -1, lunname };
	rc = env->a->ops->smp_attach(env->a, smpref, snapname, &err);
	if (rc) {
		rc = broker_fail_adapter(st, &err, "attaching the snapshot");
		goto undo;
	}
	if (req->full) {
		struct slgw_lun_spec spec = {
			.name = dstname,
			.size_mb = (uint64_t)vol->size_mb,
			.pool_id = (int)pool->array_id,
			.pool_name = NULL,
			.thin = vol->prov == STORE_PROV_THIN,
			.sp = 0,
			.ignore_thresholds = 0,
		};
		broker_access_step(env, "dst-create");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->lun_create(&dst, env->a, &spec, &err);
		if (rc) {
			rc = broker_fail_adapter(st, &err, "creating the full clone's target LUN");
			goto undo;
		}
		broker_access_progress(env, 10);
		/* migrate -start takes numbers only: both must still be ours */
		rc = broker_access_lun_confirm(env, smp->id, lunname, smp->wwn, st);
		if (rc == 0)
			rc = broker_access_lun_confirm(env, dst->id, dstname, dst->wwn, st);
		if (rc)
			goto undo;
		broker_access_step(env, "migrate-start");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->migrate_start(env->a, smp->id, dst->id, SLGW_MIGRATE_HIGH, &err);
		if (rc) {
			rc = broker_fail_adapter(st, &err, "starting the migration");
			goto undo;
		}
		rc = wait_migration(env, smp->id, st);
		if (rc) {
			slgw_adapter_error_clear(&err);
			env->a->ops->migrate_cancel(env->a, smp->id, &err);
			goto undo;
		}
		/* The copy now lives under the SMP's number and name; the
		 * target LUN is gone (the array unbinds it). */
		slgw_lun_free(dst);
		dst = NULL;
		if (made_tmp) {
			broker_access_step(env, "tmp-snap-destroy");
			slgw_adapter_error_clear(&err);
			env->a->ops->snap_destroy(env->a, tmpsnap, &err);
			made_tmp = 0;
		}
	}
	if (req->full || !smp->wwn[0]) {
		/* After a migration the LUN's identity is re-read; a linked
		 * clone's SMP was read back by smp_create already. */
		slgw_adapter_error_clear(&err);
		struct slgw_lun_ref fref = { -1, lunname };
		rc = env->a->ops->lun_get(&final, env->a, fref, &err);
		if (rc) {
			rc = broker_fail_adapter(st, &err, "reading the clone LUN");
			goto undo;
		}
	} else {
		final = smp;
		smp = NULL;
	}
	rc = store_volume_set_array(env->s, clone_id, final->id, final->name, final->wwn);
	if (rc == 0)
		rc = store_volume_set_state(env->s, clone_id, STORE_STATE_READY);
	if (rc) {
		rc = broker_fail_store(st, rc, "recording the clone");
		goto out;
	}
	broker_access_progress(env, 100);
	*result = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "volume_id", (json_int_t)clone_id,
			    "lun_id", (json_int_t)final->id, "lun_name", final->name, "wwn",
			    final->wwn, "clone_kind", req->full ? "full" : "linked",
			    "parent_volume_id", (json_int_t)vol->id);
	goto out;

undo:
	/* Reverse order; each undo step tolerates "already gone". */
	if (made_sv) {
		struct slgw_adapter_error uerr;
		sv_drop(env, lunname, &uerr);
	}
	if (dst)
		destroy_quietly_lun(env, dstname);
	if (smp) {
		slgw_adapter_error_clear(&err);
		struct slgw_lun_ref r = { -1, lunname };
		env->a->ops->smp_detach(env->a, r, &err);
		destroy_quietly_lun(env, lunname);
	}
	if (made_tmp) {
		slgw_adapter_error_clear(&err);
		env->a->ops->snap_destroy(env->a, tmpsnap, &err);
	}
	if (clone_id)
		store_volume_set_state(env->s, clone_id, STORE_STATE_DELETED);
	if (own_snap) {
		json_t *ignored = NULL;
		struct broker_status keep = *st;
		broker_snap_delete(&ignored, env, own_snap, st);
		json_decref(ignored);
		*st = keep;
	}
out:
	slgw_lun_free(final);
	slgw_lun_free(dst);
	slgw_lun_free(smp);
	store_pool_free(pool);
	store_volume_free(vol);
	store_snapshot_free(src_snap);
	return rc;
}

int broker_snap_clone_recover(int *cleaned, const struct broker_access_env *env,
			 const struct broker_snap_clone_req *req, struct broker_status *st)
{
	store_volume *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	int64_t parent = req->source_volume_id;
	int rc;

	*cleaned = 0;
	if (!req->name)
		return 0;
	if (parent <= 0 && req->source_snapshot_id > 0) {
		store_snapshot *sn = NULL;
		if (store_snapshot_get(&sn, env->s, req->source_snapshot_id) == 0)
			parent = sn->volume_id;
		store_snapshot_free(sn);
	}
	f.name = req->name;
	rc = store_volume_list(&arr, &n, env->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "looking for the interrupted clone");
	for (size_t i = 0; i < n && rc == 0; i++) {
		const store_volume *v = &arr[i];
		if (v->state != STORE_STATE_CREATING || v->parent_volume_id != parent ||
		    v->tenant_id != req->tenant_id)
			continue;
		char lun[BROKER_NAME_MAX], dst[BROKER_NAME_MAX], tmp[BROKER_NAME_MAX];
		struct slgw_adapter_error err;
		struct slgw_lun *l = NULL;
		rc = clone_names(lun, dst, tmp, env, v->id, v->lun_name, st);
		if (rc)
			break;
		if (snap_kind_of(env) == SNAPK_SNAPVIEW) {
			/* a SnapView clone is one snapshot of ours: away with it */
			if (sv_drop(env, lun, &err) == 0)
				(*cleaned)++;
			else
				rc = broker_fail_adapter(st, &err, "removing the interrupted clone's snapshot");
			if (rc == 0)
				store_volume_set_state(env->s, v->id, STORE_STATE_DELETED);
			continue;
		}
		/* The SMP: cancel a migration running from it, detach, destroy. */
		slgw_adapter_error_clear(&err);
		struct slgw_lun_ref ref = { -1, lun };
		if (env->a->ops->lun_get(&l, env->a, ref, &err) == 0) {
			slgw_adapter_error_clear(&err);
			env->a->ops->migrate_cancel(env->a, l->id, &err);
			struct slgw_lun_ref r = { -1, lun }; /* by name: numbers are reused */
			slgw_adapter_error_clear(&err);
			env->a->ops->smp_detach(env->a, r, &err);
			slgw_adapter_error_clear(&err);
			if (env->a->ops->lun_destroy(env->a, r, 1, &err) == 0)
				(*cleaned)++;
			else if (err.cls != SLGW_AERR_NOT_FOUND)
				rc = broker_fail_adapter(st, &err, "removing the interrupted clone's LUN");
			slgw_lun_free(l);
			l = NULL;
		} else if (err.cls != SLGW_AERR_NOT_FOUND) {
			rc = broker_fail_adapter(st, &err, "reading the interrupted clone's LUN");
		}
		struct slgw_lun_ref dref = { -1, dst };
		slgw_adapter_error_clear(&err);
		if (rc == 0 && env->a->ops->lun_destroy(env->a, dref, 1, &err) == 0)
			(*cleaned)++;
		else if (rc == 0 && err.cls != SLGW_AERR_NOT_FOUND)
			rc = broker_fail_adapter(st, &err, "removing the interrupted clone's target");
		slgw_adapter_error_clear(&err);
		if (rc == 0 && env->a->ops->snap_destroy(env->a, tmp, &err) == 0)
			(*cleaned)++;
		else if (rc == 0 && err.cls != SLGW_AERR_NOT_FOUND)
			rc = broker_fail_adapter(st, &err, "removing the interrupted clone's snapshot");
		if (rc == 0)
			store_volume_set_state(env->s, v->id, STORE_STATE_DELETED);
	}
	store_volume_array_free(arr, n);
	return rc;
}
