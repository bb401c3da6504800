/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_volumes.c - storage volumes: allocate, resize, delete, enumerate.
 *
 * Order of an allocation (why it is crash-safe and quota-safe):
 *   1. validate and scope; the grant, thin enabler and pool free space are
 *      checked on store data (no array command);
 *   2. store_volume_reserve inserts the volume in state `creating` and
 *      checks the tenant's quota in the same write transaction, so fifty
 *      concurrent allocations against a quota that fits ten create exactly
 *      ten rows (the others are refused before any job exists);
 *   3. the LUN name is derived from the new row id and the store's
 *      instance id ("slgw-<instance>-<id>", broker_names.h), never from the
 *      display name, recorded on the row, and the job is written (queued);
 *   4. the worker records step "lun-create-sent" and then runs `lun -create`
 *      (the adapter reads the new LUN back with one `lun -list -name`: two
 *      commands in all), then records LUN id and WWN and marks it ready.
 * After a crash the job is found unfinished: at step "lun-create-sent" the
 * LUN is looked up by its name and adopted when it exists, created again
 * when it does not; with no step nothing reached the array and the job is
 * simply run.  Only this gateway's name is looked up, so a LUN of another
 * gateway sharing the array is never adopted.  A LUN that exists on the
 * array with one of this gateway's names the store does not know is an
 * orphan (broker_scan_orphans).
 *
 * A failed allocation releases its quota (the row becomes a DELETED
 * tombstone) when the array certainly did not create anything: a clear
 * refusal (a full pool is RESOURCE_EXHAUSTED), or an unrecognised error
 * after which the LUN's name is not on the array.  When the outcome is
 * unknown (timeout, no SP answered) the volume is kept in state `error`,
 * still charged, so that a retried allocate with the same name re-drives it
 * and a delete settles it: deleteStorage of an `error` volume destroys the
 * LUN by name if it is there and releases the row either way.  Volumes in
 * `error` are listed with the state filter of enumStorageVolumes.
 *
 * A volume whose pool is a RAID group is a classic LUN, bound, grown and
 * unbound its own way: broker_volumes_classic.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"
#include "broker_metadata.h"
#include "broker_raid_groups.h"
#include "broker_rules.h"

/* A volume's display name: broker_rules.h's length, any printable UTF-8
 * (names like "café €" are in use; the array name is derived from the id,
 * never from this). */
static int valid_display_name(const char *s)
{
	if (!s || !*s || strlen(s) > BROKER_RULE_LONG_NAME_MAX)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return broker_valid_utf8(s);
}

/* The size rule of broker_rules.h on the API's unsigned size. */
static int volume_size_check(uint64_t size_mb, struct broker_status *st)
{
	char why[160];
	if (size_mb > (uint64_t)BROKER_RULE_SIZE_MB_MAX ||
	    broker_rule_size_mb((long long)size_mb, why, sizeof(why)))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "size %" PRIu64 " MB is out of range (1 to %lld MB)", size_mb,
				   BROKER_RULE_SIZE_MB_MAX);
	return 0;
}

static void volume_result(json_t *r, const store_volume *v)
{
	json_object_set_new(r, "volume_id", json_integer(v->id));
	json_object_set_new(r, "lun_id", json_integer(v->lun_id));
	json_object_set_new(r, "lun_name", json_string(v->lun_name ? v->lun_name : ""));
	json_object_set_new(r, "wwn", json_string(v->wwn ? v->wwn : ""));
	json_object_set_new(r, "size_mb", json_integer(v->size_mb));
	json_object_set_new(r, "state", json_string(store_state_name(v->state)));
}

/* A job's answer: its volume as the store now has it. */
static int answer_volume(struct broker_job_ctx *ctx, int64_t vid)
{
	store_volume *v = NULL;
	int rc = store_volume_get(&v, ctx->b->s, vid);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reading the volume");
	volume_result(ctx->result, v);
	store_volume_free(v);
	return 0;
}

static int ambiguous(enum slgw_adapter_err cls)
{
	return cls == SLGW_AERR_UNREACHABLE || cls == SLGW_AERR_TIMEOUT || cls == SLGW_AERR_UNKNOWN;
}

/* After a failed lun -create: 1 when the array certainly holds no LUN of
 * ours by that name (a clear refusal such as a full pool, or an unclear
 * one after which the name is not there), 0 when it may (timeout, no SP
 * answered, or the look-up failed too).  Only the latter keeps the
 * reservation, for the retry or the delete that settles it by name. */
static int create_certainly_failed(struct slgw_adapter *a, const char *lun_name,
				   enum slgw_adapter_err cls)
{
	if (cls == SLGW_AERR_TIMEOUT || cls == SLGW_AERR_UNREACHABLE)
		return 0;
	if (cls != SLGW_AERR_UNKNOWN)
		return 1;
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error gerr;
	slgw_adapter_error_clear(&gerr);
	struct slgw_lun_ref ref = { .id = -1, .name = lun_name };
	int rc = a->ops->lun_get(&l, a, ref, &gerr);
	slgw_lun_free(l);
	return rc == -(int)SLGW_AERR_NOT_FOUND;
}

/* Shrinks a pool's recorded free space after a thick allocation so the
 * next pre-check sees it; refresh re-reads the exact figure. */
static void pool_charge(broker *b, int64_t pool_id, int64_t mb)
{
	store_pool *p = NULL;
	if (store_pool_get(&p, b->s, pool_id) != 0)
		return;
	p->free_mb = p->free_mb > mb ? p->free_mb - mb : 0;
	if (p->contig_free_mb > 0) /* a RAID group: the extent came from the largest gap (or less) */
		p->contig_free_mb = p->contig_free_mb > mb ? p->contig_free_mb - mb : 0;
	store_pool_update(b->s, p);
	store_pool_free(p);
}

/* What a job that changes a LUN needs of its volume, read once before the
 * array is touched: its array, its LUN's recorded name (commands go by
 * name), its RAID group (-1: a pool LUN), whether it is a SnapView clone. */
struct vol_target {
	store_state state;
	int64_t sys_id;
	int rg;
	int sv_clone;
	char lun_name[BROKER_NAME_MAX];
};

/* 0, or the store's code (STORE_ENOTFOUND: no such volume) */
static int read_target(struct vol_target *t, broker *b, int64_t vid)
{
	store_volume *v = NULL;
	int rc = store_volume_get(&v, b->s, vid);
	if (rc)
		return rc;
	t->state = v->state;
	t->sys_id = v->system_id;
	broker_volume_lun_name(t->lun_name, sizeof(t->lun_name), b, v);
	t->rg = broker_rg_of_volume(b, v);
	t->sv_clone = broker_rg_is_snapview_clone(v);
	store_volume_free(v);
	return 0;
}

/* ------------------------------------------------------------ allocate */

/* Records an existing array LUN as the volume's and marks it ready. */
static int adopt_lun(struct broker_job_ctx *ctx, int64_t vid, const struct slgw_lun *lun)
{
	broker *b = ctx->b;
	int rc = store_volume_set_array(b->s, vid, lun->id, lun->name, lun->wwn[0] ? lun->wwn : NULL);
	if (rc == 0)
		rc = store_volume_set_state(b->s, vid, STORE_STATE_READY);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "recording the created LUN");
	return answer_volume(ctx, vid);
}

static int run_allocate(struct broker_job_ctx *ctx)
{
	broker *b = ctx->b;
	int64_t vid = broker_job_param_id(ctx, "volume_id");
	int64_t sys_id = broker_job_param_id(ctx, "system_id");
	int64_t pool_id = broker_job_param_id(ctx, "pool_id");
	int pool_array_id = (int)broker_job_param_id(ctx, "pool_array_id");
	int64_t size_mb = broker_job_param_id(ctx, "size_mb");
	int thin = json_is_true(json_object_get(ctx->params, "thin"));
	int check_first = json_is_true(json_object_get(ctx->params, "check_first")) ||
			  (ctx->recovering && ctx->step);
	/* the name recorded at reservation: a job from before instance ids
	 * finds the LUN it may have created under the old name */
	struct vol_target t;
	int rc = read_target(&t, b, vid);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reading the volume being allocated");
	if (t.state == STORE_STATE_DELETED)
		return broker_fail(&ctx->status, SLGW_ABORTED, "volume %" PRId64 " was deleted", vid);

	struct slgw_adapter *a = broker_adapter_get(b, sys_id, &ctx->status);
	if (!a) {
		store_volume_set_state(b->s, vid, STORE_STATE_ERROR);
		return -(int)ctx->status.code;
	}
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	struct slgw_lun *lun = NULL;
	if (check_first) {
		/* After a crash (or a retry of an unclear failure) the LUN may
		 * be there already: it carries our name, so it is ours. */
		struct slgw_lun_ref ref = { .id = -1, .name = t.lun_name };
		rc = a->ops->lun_get(&lun, a, ref, &err);
		if (rc == 0) {
			rc = adopt_lun(ctx, vid, lun);
			slgw_lun_free(lun);
			return rc;
		}
		if (err.cls != SLGW_AERR_NOT_FOUND) {
			if (ctx->recovering && ambiguous(err.cls)) {
				broker_fail_adapter(&ctx->status, &err, "looking for the LUN after a restart");
				return BROKER_JOB_RETRY;
			}
			store_volume_set_state(b->s, vid, STORE_STATE_ERROR);
			return broker_fail_adapter(&ctx->status, &err, "looking for the LUN");
		}
		slgw_adapter_error_clear(&err);
	}
	if (broker_volume_rg_of_job(ctx->params) >= 0) {
		int finished;
		rc = broker_volume_rg_bind(&lun, &finished, ctx, a, t.lun_name, &err);
		if (finished)
			return rc;
	} else {
		if (broker_job_step(ctx, "lun-create-sent"))
			return -(int)ctx->status.code;
		struct slgw_lun_spec spec = {
			.name = t.lun_name,
			.size_mb = (uint64_t)size_mb,
			.pool_id = pool_array_id,
			.pool_name = NULL,
			.thin = thin,
			.sp = 0,
			.ignore_thresholds = 0,
		};
		rc = a->ops->lun_create(&lun, a, &spec, &err);
	}
	if (rc == -(int)SLGW_AERR_NAME_IN_USE && !check_first) {
		/* A fresh allocation's name existed before the call (the
		 * adapter looks first when it retries): a LUN named from an id
		 * issued before the store was restored from an older copy.
		 * Only the job that may have made it (a recovery, or a retry
		 * of an unclear failure) adopts; this one refuses. */
		store_volume_set_state(b->s, vid, STORE_STATE_DELETED);
		return broker_fail(&ctx->status, SLGW_ALREADY_EXISTS,
				   "LUN name %s is already on the array, and this gateway did not "
				   "create it in this request (a store restored from an older copy?): "
				   "not adopted; allocate again (the next volume gets a new id)",
				   t.lun_name);
	}
	if (rc == -(int)SLGW_AERR_NAME_IN_USE || (rc == 0 && !lun)) {
		/* ours: this very job made it before (name from our id) */
		struct slgw_lun_ref ref = { .id = -1, .name = t.lun_name };
		slgw_adapter_error_clear(&err);
		rc = a->ops->lun_get(&lun, a, ref, &err);
	}
	if (rc) {
		if (ctx->recovering && ambiguous(err.cls)) {
			broker_fail_adapter(&ctx->status, &err, "creating the LUN after a restart");
			return BROKER_JOB_RETRY;
		}
		/* Certain failures (pool full: RESOURCE_EXHAUSTED) release the
		 * reservation; unclear ones keep the volume (state error,
		 * still charged) so nothing on the array is lost, until a
		 * retried allocate or a deleteStorage settles it by name. */
		store_volume_set_state(b->s, vid, create_certainly_failed(a, t.lun_name, err.cls)
							  ? STORE_STATE_DELETED : STORE_STATE_ERROR);
		char what[160];
		snprintf(what, sizeof(what), "creating LUN %s (%" PRId64 " MB, %s)", t.lun_name,
			 size_mb, thin ? "THIN" : "THICK");
		return broker_fail_adapter(&ctx->status, &err, what);
	}
	rc = adopt_lun(ctx, vid, lun);
	slgw_lun_free(lun);
	if (rc == 0 && !thin)
		pool_charge(b, pool_id, size_mb);
	return rc;
}

int broker_allocate_storage(broker *b, const struct broker_caller *c,
			    const struct broker_allocate_req *req, store_job **job_out,
			    struct broker_status *st)
{
	*job_out = NULL;
	if (!req)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "request is empty");
	if (!valid_display_name(req->name))
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "name must be 1-%d printable UTF-8 characters",
				   BROKER_RULE_LONG_NAME_MAX);
	if (volume_size_check(req->size_mb, st))
		return -(int)st->code;
	if (req->provisioning != STORE_PROV_THIN && req->provisioning != STORE_PROV_THICK)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "provisioning must be THIN or THICK");
	if (broker_meta_check_attrs(&req->attrs, 1, st))
		return -(int)st->code;
	int64_t sys_id, pool_id, owner;
	if (broker_parse_id(&sys_id, req->system_id, "storage system id", st) ||
	    broker_parse_id(&pool_id, req->pool_id, "storage pool id", st))
		return -(int)st->code;
	if (broker_owner_tenant(&owner, b, c, req->tenant_id, st))
		return -(int)st->code;
	int rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0)
		return rc;

	/* Scope: a tenant sees only pools granted to it; the same answer for
	 * a pool that does not exist and one of another tenant. */
	store_system *sys = NULL;
	store_pool *pool = NULL;
	store_grant *grant = NULL;
	rc = store_system_get(&sys, b->s, sys_id);
	if (rc == 0)
		rc = store_pool_get(&pool, b->s, pool_id);
	if (rc == 0 && pool->system_id != sys_id)
		rc = STORE_ENOTFOUND;
	if (rc == 0 && owner > 0) {
		rc = store_grant_find(&grant, b->s, owner, pool_id);
		if (rc == STORE_ENOTFOUND && c->is_admin) {
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "tenant %" PRId64 " has no grant on storage pool %s; grant it first",
					 owner, req->pool_id);
			goto out;
		}
	}
	if (rc == STORE_ENOTFOUND) {
		rc = broker_fail(st, SLGW_NOT_FOUND, "storage pool %s not found on storage system %s",
				 req->pool_id, req->system_id);
		goto out;
	}
	if (rc) {
		rc = broker_fail_store(st, rc, "reading the storage pool");
		goto out;
	}
	if (grant) {
		int mask = grant->prov_allowed ? grant->prov_allowed : STORE_PROV_MASK_ALL;
		if (grant->frozen) {
			rc = broker_fail(st, SLGW_PERMISSION_DENIED,
					 "the grant on storage pool %s is frozen: no new allocations",
					 req->pool_id);
			goto out;
		}
		if (!(mask & STORE_PROV_MASK(req->provisioning))) {
			rc = broker_fail(st, SLGW_PERMISSION_DENIED,
					 "the grant on storage pool %s does not allow %s volumes",
					 req->pool_id, store_prov_name(req->provisioning));
			goto out;
		}
	}

	for (int attempt = 0; attempt < 3; attempt++) {
		/* Idempotency by name (CSI): same name and parameters -> the
		 * same volume; different -> ALREADY_EXISTS. */
		store_filter f = { .tenant_id = owner, .name = req->name };
		store_volume *vs = NULL;
		size_t nv = 0;
		rc = store_volume_list(&vs, &nv, b->s, &f);
		if (rc) {
			rc = broker_fail_store(st, rc, "looking up the volume name");
			goto out;
		}
		store_volume *same = NULL;
		for (size_t i = 0; i < nv; i++)
			if (vs[i].tenant_id == owner && vs[i].state != STORE_STATE_DELETED)
				same = &vs[i];
		if (same) {
			int compatible = same->system_id == sys_id && same->pool_id == pool_id &&
					 same->size_mb == (int64_t)req->size_mb &&
					 same->prov == req->provisioning && same->clone_kind != STORE_CLONE_LINKED &&
					 same->clone_kind != STORE_CLONE_FULL &&
					 !same->collection == !req->attrs.collection &&
					 (!same->collection || strcmp(same->collection, req->attrs.collection) == 0);
			char key[64];
			broker_object_key(key, sizeof(key), "volume", same->id);
			json_t *params = json_pack("{s:I}", "volume_id", (json_int_t)same->id);
			if (!compatible) {
				rc = broker_fail(st, SLGW_ALREADY_EXISTS,
						 "volume \"%s\" exists with other parameters (volume %" PRId64
						 ", %" PRId64 " MB %s in pool %" PRId64 ")",
						 req->name, same->id, same->size_mb, store_prov_name(same->prov),
						 same->pool_id);
			} else if (same->state == STORE_STATE_ERROR) {
				/* re-drive an allocation whose outcome was unclear */
				json_object_set_new(params, "system_id", json_integer(sys_id));
				json_object_set_new(params, "pool_id", json_integer(pool_id));
				json_object_set_new(params, "pool_array_id", json_integer(pool->array_id));
				json_object_set_new(params, "size_mb", json_integer(same->size_mb));
				json_object_set_new(params, "thin", json_boolean(same->prov == STORE_PROV_THIN));
				json_object_set_new(params, "check_first", json_true());
				broker_volume_rg_mark_job(params, pool);
				rc = broker_job_submit(job_out, b, c, &broker_kind_volume_allocate, key, params, st);
			} else if (same->state != STORE_STATE_READY) {
				/* Still being created (or changed) by another call: no
				 * job of ours may take its object key, or that call's
				 * own job could not start. */
				rc = broker_fail(st, SLGW_ABORTED,
						 "volume \"%s\" (volume %" PRId64 ") is %s; retry when it is ready",
						 req->name, same->id, store_state_name(same->state));
			} else {
				json_t *result = json_object();
				volume_result(result, same);
				rc = broker_job_noop(job_out, b, c, &broker_kind_volume_allocate, key, params, result, st);
				json_decref(result);
			}
			json_decref(params);
			store_volume_array_free(vs, nv);
			goto out;
		}
		store_volume_array_free(vs, nv);

		if ((rc = broker_volume_rg_allocate_check(sys, pool, req, st)) != 0)
			goto out;
		if (req->provisioning == STORE_PROV_THIN &&
		    !broker_system_has_enabler(sys, "ThinProvisioning")) {
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "storage system %s has no ThinProvisioning enabler: THIN volumes "
					 "cannot be allocated there", sys->name);
			goto out;
		}
		if (pool->free_mb < (int64_t)req->size_mb) {
			rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
					 "storage pool %s (\"%s\") has %" PRId64 " MB free; %" PRIu64
					 " MB requested", req->pool_id, pool->name ? pool->name : "",
					 pool->free_mb, req->size_mb);
			goto out;
		}

		store_volume rec;
		memset(&rec, 0, sizeof(rec));
		rec.tenant_id = owner;
		rec.name = (char *)req->name;
		rec.system_id = sys_id;
		rec.pool_id = pool_id;
		rec.size_mb = (int64_t)req->size_mb;
		rec.prov = req->provisioning;
		rec.clone_kind = STORE_CLONE_NONE;
		rec.description = (char *)req->attrs.description;
		rec.collection = (char *)req->attrs.collection;
		if (broker_meta_kv_view(&rec.keys, req->attrs.keys, req->attrs.n_keys, st)) {
			rc = -(int)st->code;
			goto out;
		}
		rec.n_keys = req->attrs.n_keys;
		int64_t vid = 0;
		rc = store_volume_reserve(&vid, b->s, &rec);
		free(rec.keys);
		if (rc == STORE_EEXISTS)
			continue; /* a concurrent allocate took the name: compare again */
		if (rc == STORE_EQUOTA) {
			rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
					 "allocating %" PRIu64 " MB for volume \"%s\" in storage pool %s: %s",
					 req->size_mb, req->name, req->pool_id, store_errmsg());
			goto out;
		}
		if (rc) {
			rc = broker_fail_store(st, rc, "reserving the volume");
			goto out;
		}
		char lun_name[BROKER_NAME_MAX];
		broker_lun_name(lun_name, sizeof(lun_name), b, vid);
		store_volume_set_array(b->s, vid, -1, lun_name, NULL);
		char key[64];
		broker_object_key(key, sizeof(key), "volume", vid);
		json_t *params = json_pack("{s:I,s:I,s:I,s:I,s:I,s:b,s:s,s:s}",
					   "volume_id", (json_int_t)vid,
					   "system_id", (json_int_t)sys_id,
					   "pool_id", (json_int_t)pool_id,
					   "pool_array_id", (json_int_t)pool->array_id,
					   "size_mb", (json_int_t)req->size_mb,
					   "thin", req->provisioning == STORE_PROV_THIN,
					   "name", req->name,
					   "lun_name", lun_name);
		broker_volume_rg_mark_job(params, pool);
		rc = broker_job_submit(job_out, b, c, &broker_kind_volume_allocate, key, params, st);
		json_decref(params);
		if (rc || !*job_out || !(*job_out)->object || strcmp((*job_out)->object, key) != 0)
			/* no job, or a concurrent retry with the same request id
			 * won: this reservation is not used */
			store_volume_delete(b->s, vid);
		goto out;
	}
	rc = broker_fail(st, SLGW_ABORTED, "volume \"%s\" is being allocated concurrently; retry",
			 req->name);
out:
	store_system_free(sys);
	store_pool_free(pool);
	store_grant_free(grant);
	return rc;
}

/* -------------------------------------------------------------- resize */

static int run_resize(struct broker_job_ctx *ctx)
{
	broker *b = ctx->b;
	int64_t vid = broker_job_param_id(ctx, "volume_id");
	int64_t new_mb = broker_job_param_id(ctx, "new_size_mb");
	int64_t old_mb = broker_job_param_id(ctx, "old_size_mb");
	struct vol_target t;
	int rc = read_target(&t, b, vid);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reading the volume");

	int64_t prev = 0;
	rc = store_volume_resize_reserve(&prev, b->s, vid, new_mb);
	if (rc == STORE_EQUOTA)
		return broker_fail(&ctx->status, SLGW_RESOURCE_EXHAUSTED,
				   "growing volume %" PRId64 " to %" PRId64 " MB: %s", vid, new_mb,
				   store_errmsg());
	if (rc == STORE_EINVAL)
		return broker_fail(&ctx->status, SLGW_INVALID_ARGUMENT,
				   "volume %" PRId64 " is already larger than %" PRId64 " MB", vid, new_mb);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reserving the growth");
	store_volume_set_state(b->s, vid, STORE_STATE_RESIZING);

	struct slgw_adapter *a = broker_adapter_get(b, t.sys_id, &ctx->status);
	if (!a) {
		store_volume_set_size(b->s, vid, old_mb);
		store_volume_set_state(b->s, vid, STORE_STATE_READY);
		return -(int)ctx->status.code;
	}
	/* by name: a reused number would grow someone else's LUN */
	struct slgw_lun_ref ref = { .id = -1, .name = t.lun_name };
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	if (t.rg >= 0) {
		int finished;
		rc = broker_volume_rg_grow(&finished, ctx, a, t.sys_id, vid, t.rg, t.lun_name,
					   old_mb, new_mb, &err);
		if (finished)
			return rc;
	} else {
		if (broker_job_step(ctx, "lun-expand-sent"))
			return -(int)ctx->status.code;
		rc = a->ops->lun_expand(a, ref, (uint64_t)new_mb, &err);
	}
	if (rc) {
		/* An expand that landed before a crash (or a retry) is refused
		 * as "not larger": look at the LUN before calling it failed. */
		struct slgw_adapter_error gerr;
		slgw_adapter_error_clear(&gerr);
		struct slgw_lun *lun = NULL;
		if (!ambiguous(err.cls) && a->ops->lun_get(&lun, a, ref, &gerr) == 0 &&
		    lun->size_mb >= (uint64_t)new_mb)
			rc = 0;
		slgw_lun_free(lun);
	}
	if (rc) {
		if (ctx->recovering && ambiguous(err.cls)) {
			broker_fail_adapter(&ctx->status, &err, "growing the LUN after a restart");
			return BROKER_JOB_RETRY;
		}
		store_volume_set_size(b->s, vid, old_mb);
		store_volume_set_state(b->s, vid, STORE_STATE_READY);
		char what[128];
		snprintf(what, sizeof(what), "growing LUN %s to %" PRId64 " MB", t.lun_name, new_mb);
		return broker_fail_adapter(&ctx->status, &err, what);
	}
	store_volume_set_state(b->s, vid, STORE_STATE_READY);
	return answer_volume(ctx, vid);
}

int broker_resize_storage(broker *b, const struct broker_caller *c, const char *volume_id,
			  uint64_t size_mb, store_job **job_out, struct broker_status *st)
{
	*job_out = NULL;
	if (volume_size_check(size_mb, st))
		return -(int)st->code;
	store_volume *v = NULL;
	if (broker_scope_volume(&v, b, c, volume_id, st))
		return -(int)st->code;
	int rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0) {
		store_volume_free(v);
		return rc;
	}
	char key[64];
	broker_object_key(key, sizeof(key), "volume", v->id);
	json_t *params = json_pack("{s:I,s:I,s:I}", "volume_id", (json_int_t)v->id, "new_size_mb",
				   (json_int_t)size_mb, "old_size_mb", (json_int_t)v->size_mb);
	if ((int64_t)size_mb < v->size_mb) {
		rc = broker_fail(st, SLGW_INVALID_ARGUMENT,
				 "volume %s is %" PRId64 " MB; volumes only grow (%" PRIu64 " MB requested)",
				 volume_id, v->size_mb, size_mb);
	} else if (v->state != STORE_STATE_READY && v->state != STORE_STATE_RESIZING) {
		rc = broker_fail(st, v->state == STORE_STATE_CREATING ? SLGW_ABORTED
								      : SLGW_FAILED_PRECONDITION,
				 "volume %s is %s; it can be resized when ready", volume_id,
				 store_state_name(v->state));
	} else if ((int64_t)size_mb == v->size_mb) {
		/* CSI: a size already reached is success, with no array command */
		json_t *result = json_object();
		volume_result(result, v);
		rc = broker_job_noop(job_out, b, c, &broker_kind_volume_resize, key, params, result, st);
		json_decref(result);
	} else if (v->clone_kind == STORE_CLONE_LINKED) {
		/* A linked clone is a snapshot mount point, which a VNX cannot
		 * expand: refuse here rather than send lun -expand. */
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "volume %s is a linked clone: a linked clone cannot grow; make a "
				 "full clone", volume_id);
	} else {
		int64_t delta = (int64_t)size_mb - v->size_mb;
		rc = 0;
		if (v->tenant_id > 0) {
			/* early, friendly refusal; the job re-checks atomically */
			store_filter gf = { .tenant_id = v->tenant_id, .pool_id = v->pool_id };
			store_grant_usage *g = NULL;
			size_t ng = 0;
			if (store_grant_usage_list(&g, &ng, b->s, &gf) == 0 && ng > 0) {
				if (g[0].grant.frozen)
					rc = broker_fail(st, SLGW_PERMISSION_DENIED,
							 "the grant on storage pool %" PRId64 " is frozen: volumes there cannot grow",
							 v->pool_id);
				else if (g[0].used_mb + delta > g[0].grant.quota_mb)
					rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
							 "growing volume %s by %" PRId64 " MB: used %" PRId64
							 " MB + %" PRId64 " MB > quota %" PRId64 " MB",
							 volume_id, delta, g[0].used_mb, delta, g[0].grant.quota_mb);
			}
			store_grant_usage_array_free(g, ng);
		}
		if (rc == 0 && v->prov == STORE_PROV_THICK) {
			store_pool *pool = NULL;
			int got = store_pool_get(&pool, b->s, v->pool_id) == 0;
			if (got && pool->kind == STORE_POOL_KIND_RAID_GROUP)
				rc = broker_volume_rg_resize_check(b, v, pool, volume_id, delta, st);
			if (rc == 0 && got && pool->free_mb < delta)
				rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
						 "storage pool %" PRId64 " has %" PRId64 " MB free; growing volume %s needs %" PRId64 " MB",
						 v->pool_id, pool->free_mb, volume_id, delta);
			store_pool_free(pool);
		}
		if (rc == 0)
			rc = broker_job_submit(job_out, b, c, &broker_kind_volume_resize, key, params, st);
	}
	json_decref(params);
	store_volume_free(v);
	return rc;
}

/* -------------------------------------------------------------- delete */

static int run_delete(struct broker_job_ctx *ctx)
{
	broker *b = ctx->b;
	int64_t vid = broker_job_param_id(ctx, "volume_id");
	int force = json_is_true(json_object_get(ctx->params, "force"));
	json_object_set_new(ctx->result, "volume_id", json_integer(vid));
	struct vol_target t;
	int rc = read_target(&t, b, vid);
	if (rc == STORE_ENOTFOUND || (rc == 0 && t.state == STORE_STATE_DELETED))
		return 0;
	if (rc)
		return broker_fail_store(&ctx->status, rc, "reading the volume");
	store_state before = t.state == STORE_STATE_DELETING ? STORE_STATE_READY : t.state;

	struct slgw_adapter *a = broker_adapter_get(b, t.sys_id, &ctx->status);
	if (!a)
		return -(int)ctx->status.code;
	store_volume_set_state(b->s, vid, STORE_STATE_DELETING);
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);

	/* Forced: take the LUN out of every storage group first. */
	store_filter af = { .volume_id = vid };
	store_assignment *as = NULL;
	size_t na = 0;
	if (store_assignment_list(&as, &na, b->s, &af) == 0) {
		for (size_t i = 0; i < na; i++) {
			if (!force)
				break;
			store_host_system *hs = NULL;
			if (store_host_system_get(&hs, b->s, as[i].host_id, as[i].system_id) == 0 &&
			    hs->storage_group) {
				if (broker_job_step(ctx, "hlu-remove-sent")) {
					store_host_system_free(hs);
					store_assignment_array_free(as, na);
					return -(int)ctx->status.code;
				}
				slgw_adapter_error_clear(&err);
				rc = broker_volume_sg_remove(a, hs->storage_group, as[i].hlu,
							     t.lun_name, t.sv_clone, &err);
				if (rc && err.cls != SLGW_AERR_NOT_FOUND) {
					store_host_system_free(hs);
					store_assignment_array_free(as, na);
					store_volume_set_state(b->s, vid, before);
					if (ctx->recovering && ambiguous(err.cls))
						return BROKER_JOB_RETRY;
					return broker_fail_adapter(&ctx->status, &err,
								   "removing the LUN from a storage group");
				}
			}
			store_host_system_free(hs);
			store_assignment_delete(b->s, as[i].id);
		}
		store_assignment_array_free(as, na);
	}

	if (broker_job_step(ctx, "lun-destroy-sent"))
		return -(int)ctx->status.code;
	/* By name, never by number: the array reuses numbers, so after a
	 * timeout (the runner repeats the command on the other SP) or a
	 * crash, "-l N" may name a LUN created meanwhile by someone else;
	 * "-name slgw-<instance>-<id>" only ever names ours. */
	struct slgw_lun_ref ref = { .id = -1, .name = t.lun_name };
	slgw_adapter_error_clear(&err);
	if (t.sv_clone || t.rg >= 0) /* a SnapView snapshot, or a LUN to unbind */
		rc = broker_volume_classic_destroy(b, a, vid, t.lun_name, t.sv_clone, force, &err);
	else
		rc = a->ops->lun_destroy(a, ref, force, &err);
	if (rc && err.cls != SLGW_AERR_NOT_FOUND) {
		if (ctx->recovering && ambiguous(err.cls)) {
			broker_fail_adapter(&ctx->status, &err, "destroying the LUN after a restart");
			return BROKER_JOB_RETRY;
		}
		store_volume_set_state(b->s, vid, ambiguous(err.cls) ? STORE_STATE_ERROR : before);
		char what[96];
		snprintf(what, sizeof(what), "destroying LUN %s", t.lun_name);
		return broker_fail_adapter(&ctx->status, &err, what);
	}
	/* snapshots went with the LUN (-destroySnapshots when forced) */
	store_filter sf = { .volume_id = vid };
	store_snapshot *ss = NULL;
	size_t ns = 0;
	if (store_snapshot_list(&ss, &ns, b->s, &sf) == 0) {
		for (size_t i = 0; i < ns; i++)
			store_snapshot_set_state(b->s, ss[i].id, STORE_STATE_DELETED);
		store_snapshot_array_free(ss, ns);
	}
	rc = store_volume_set_state(b->s, vid, STORE_STATE_DELETED);
	if (rc)
		return broker_fail_store(&ctx->status, rc, "recording the deletion");
	return 0;
}

int broker_delete_storage(broker *b, const struct broker_caller *c, const char *volume_id,
			  int force, store_job **job_out, struct broker_status *st)
{
	*job_out = NULL;
	int64_t id;
	if (broker_parse_id(&id, volume_id, "volume id", st))
		return -(int)st->code;
	store_volume *v = NULL;
	int rc = store_volume_get(&v, b->s, id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && !broker_visible(c, v->tenant_id))) {
		store_volume_free(v);
		return broker_fail(st, SLGW_NOT_FOUND, "volume %s not found", volume_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading the volume");
	rc = broker_job_find_request(job_out, b, c, st);
	if (rc <= 0) {
		store_volume_free(v);
		return rc;
	}
	char key[64];
	broker_object_key(key, sizeof(key), "volume", id);
	json_t *params = json_pack("{s:I,s:b}", "volume_id", (json_int_t)id, "force", force ? 1 : 0);
	if (v->state == STORE_STATE_DELETED) {
		/* CSI: deleting what is gone succeeds */
		json_t *result = json_pack("{s:I,s:b}", "volume_id", (json_int_t)id, "already_gone", 1);
		rc = broker_job_noop(job_out, b, c, &broker_kind_volume_delete, key, params, result, st);
		json_decref(result);
		goto out;
	}
	/* linked clones of the volume or of its snapshots (they depend on it) */
	rc = broker_snap_volume_delete_check(b->s, id, st);
	if (rc)
		goto out;
	if (!force) {
		store_filter af = { .volume_id = id, .limit = 1 };
		store_assignment *as = NULL;
		size_t na = 0;
		if (store_assignment_list(&as, &na, b->s, &af) == 0 && na > 0) {
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "volume %s is assigned to host %" PRId64 "; unassign it first or delete with force",
					 volume_id, as[0].host_id);
			store_assignment_array_free(as, na);
			goto out;
		}
		store_assignment_array_free(as, na);
		store_filter sf = { .volume_id = id, .limit = 1 };
		store_snapshot *ss = NULL;
		size_t ns = 0;
		if (store_snapshot_list(&ss, &ns, b->s, &sf) == 0 && ns > 0) {
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "volume %s has snapshot %" PRId64 " (\"%s\"); delete the snapshots first or delete with force",
					 volume_id, ss[0].id, ss[0].name ? ss[0].name : "");
			store_snapshot_array_free(ss, ns);
			goto out;
		}
		store_snapshot_array_free(ss, ns);
	}
	rc = broker_job_submit(job_out, b, c, &broker_kind_volume_delete, key, params, st);
out:
	json_decref(params);
	store_volume_free(v);
	return rc;
}

/* --------------------------------------------------------------- reads */

int broker_enum_storage_volumes(store_volume **out, size_t *n_out, char **next_page_token,
				broker *b, const struct broker_caller *c,
				const struct broker_volume_filter *filter,
				const struct broker_page *page, struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (filter) {
		if (filter->system_id && *filter->system_id &&
		    broker_parse_id(&f.system_id, filter->system_id, "storage system id", st))
			return -(int)st->code;
		if (filter->pool_id && *filter->pool_id &&
		    broker_parse_id(&f.pool_id, filter->pool_id, "storage pool id", st))
			return -(int)st->code;
		if (filter->state && *filter->state) {
			store_state want = store_state_parse(filter->state);
			if (want == STORE_STATE_UNSET || want == STORE_STATE_DELETED)
				return broker_fail(st, SLGW_INVALID_ARGUMENT,
						   "state: one of creating, ready, resizing, deleting, error");
			f.state = (int)want;
		}
		if (filter->name_prefix && *filter->name_prefix) {
			if (strlen(filter->name_prefix) > BROKER_RULE_LONG_NAME_MAX)
				return broker_fail(st, SLGW_INVALID_ARGUMENT, "name prefix is too long");
			f.name_prefix = filter->name_prefix;
		}
		if (filter->collection) {
			char why[160];
			if (broker_rule_collection(filter->collection, why, sizeof(why)))
				return broker_fail(st, SLGW_INVALID_ARGUMENT, "collection: %s", why);
			f.collection = filter->collection;
		}
	}
	if (c->is_admin) {
		if (filter && filter->tenant_id && *filter->tenant_id &&
		    broker_parse_id(&f.tenant_id, filter->tenant_id, "tenant id", st))
			return -(int)st->code;
	} else {
		if (c->tenant_id <= 0)
			return broker_fail(st, SLGW_PERMISSION_DENIED, "user %s has no tenant",
					   c->user ? c->user : "?");
		f.tenant_id = c->tenant_id;
	}
	int rc = store_volume_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing volumes", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}

int broker_get_storage_volume(store_volume **out, broker *b, const struct broker_caller *c,
			      const char *volume_id, struct broker_status *st)
{
	int rc = broker_scope_volume(out, b, c, volume_id, st);
	if (rc == 0)
		broker_ok(st);
	return rc;
}

/* ---------------------------------------------------------------- kinds */

static int recover_resize(struct broker_job_ctx *ctx)
{
	return run_resize(ctx); /* expand to a size is idempotent; see run_resize */
}

static int recover_delete(struct broker_job_ctx *ctx)
{
	return run_delete(ctx); /* destroy of a gone LUN is success */
}

static int recover_allocate(struct broker_job_ctx *ctx)
{
	return run_allocate(ctx); /* with a step, run_allocate looks first */
}

const struct broker_job_kind broker_kind_volume_allocate = {
	.name = "volume.allocate", .run = run_allocate, .recover = recover_allocate,
};
const struct broker_job_kind broker_kind_volume_resize = {
	.name = "volume.resize", .run = run_resize, .recover = recover_resize,
};
const struct broker_job_kind broker_kind_volume_delete = {
	.name = "volume.delete", .run = run_delete, .recover = recover_delete,
};

