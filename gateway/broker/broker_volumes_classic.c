/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_volumes_classic.c - the paths of a volume that is a classic LUN.
 *
 * A volume whose pool is a RAID group is a classic LUN, and each of the
 * volume operations of broker_volumes.c takes a different road for it, kept
 * here so that file reads as the pool-LUN story with one branch per step:
 *   - allocation: THICK only (THIN is refused before any job), and the LUN
 *     is one extent, so the group's largest contiguous gap must hold it;
 *     it is bound under a LUN number the gateway chooses
 *     (broker_raid_groups.c: the lowest free, the next when another client
 *     wins it; the number is the job's step, "lun-bind-sent:<n>", so a
 *     restart between bind and naming finds the unnamed LUN);
 *   - growth: only as a metaLUN, so the array must offer metaLUNs and the
 *     group must hold a component of the difference in one gap; the
 *     component is named after the volume ("dst" kind of broker_names.h);
 *   - deletion: unbind takes a number, the one our name has at that moment
 *     (never one remembered: numbers are reused), after the SnapView
 *     sessions on it when forced (the array refuses otherwise).  A linked
 *     clone on an array without VNX Snapshots is a SnapView snapshot with
 *     no LUN number (lun_id -1): it is removed by its name, from storage
 *     groups as from the array.
 * The RAID group travels in the job's parameters ("raid_group"), so a
 * recovered job takes the same road as the one that was interrupted.
 * The helpers leave the store in the state broker_volumes.c expects on each
 * road; the job functions there do the common failure handling.
 */
#include <inttypes.h>
#include <string.h>

#include "broker_internal.h"
#include "broker_raid_groups.h"

int broker_volume_rg_of_job(json_t *params)
{
	json_t *rg = json_object_get(params, "raid_group");
	return json_is_integer(rg) ? (int)json_integer_value(rg) : -1;
}

void broker_volume_rg_mark_job(json_t *params, const store_pool *pool)
{
	if (pool->kind == STORE_POOL_KIND_RAID_GROUP)
		json_object_set_new(params, "raid_group", json_integer(pool->array_id));
}

int broker_volume_rg_allocate_check(const store_system *sys, const store_pool *pool,
				    const struct broker_allocate_req *req, struct broker_status *st)
{
	if (pool->kind != STORE_POOL_KIND_RAID_GROUP)
		return 0;
	if (req->provisioning == STORE_PROV_THIN)
		return broker_fail(st, SLGW_INVALID_ARGUMENT,
				   "storage pool %s is RAID group %" PRId64 " of %s: a RAID group "
				   "holds THICK LUNs only (thin LUNs need a storage pool, FLARE 28.5 "
				   "or later)", req->pool_id, pool->array_id, sys->name);
	if (pool->contig_free_mb >= 0 && pool->contig_free_mb < (int64_t)req->size_mb)
		return broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
				   "RAID group %" PRId64 " (storage pool %s) has %" PRId64
				   " MB contiguous free (%" PRId64 " MB in all); a LUN there is one "
				   "extent and %" PRIu64 " MB were requested", pool->array_id,
				   req->pool_id, pool->contig_free_mb, pool->free_mb, req->size_mb);
	return 0;
}

int broker_volume_rg_resize_check(broker *b, const store_volume *v, const store_pool *pool,
				  const char *volume_id, int64_t delta, struct broker_status *st)
{
	store_system *sys = NULL;
	int rc = 0;
	if (store_system_get(&sys, b->s, v->system_id) == 0 && sys->capabilities &&
	    !strstr(sys->capabilities, "METALUN"))
		rc = broker_fail(st, SLGW_NOT_SUPPORTED,
				 "volume %s is a LUN in RAID group %" PRId64 ", which grows only as a "
				 "metaLUN, and storage system %s offers no metaLUNs", volume_id,
				 pool->array_id, sys->name ? sys->name : "");
	else if (pool->contig_free_mb >= 0 && pool->contig_free_mb < delta)
		rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
				 "RAID group %" PRId64 " has %" PRId64 " MB contiguous free; growing volume %s "
				 "needs a %" PRId64 " MB component there", pool->array_id,
				 pool->contig_free_mb, volume_id, delta);
	store_system_free(sys);
	return rc;
}

int broker_volume_rg_bind(struct slgw_lun **lun, int *finished, struct broker_job_ctx *ctx,
			  struct slgw_adapter *a, const char *lun_name,
			  struct slgw_adapter_error *err)
{
	broker *b = ctx->b;
	int64_t vid = json_integer_value(json_object_get(ctx->params, "volume_id"));
	int64_t sys_id = json_integer_value(json_object_get(ctx->params, "system_id"));
	int64_t size_mb = json_integer_value(json_object_get(ctx->params, "size_mb"));
	int rg = broker_volume_rg_of_job(ctx->params);
	char why[256];
	*finished = 1;
	if (broker_rg_missing(why, sizeof(why), a, SLGW_CAP_RAID_GROUPS)) {
		store_volume_set_state(b->s, vid, STORE_STATE_DELETED);
		return broker_fail(&ctx->status, SLGW_NOT_SUPPORTED,
				   "storage system %" PRId64 " cannot bind LUNs in RAID groups: %s",
				   sys_id, why);
	}
	int n = -1;
	if (ctx->recovering && broker_rg_bind_step_parse(&n, ctx->step, "lun-bind-sent") &&
	    broker_rg_bind_recover(a, n, rg, (uint64_t)size_mb, err)) {
		broker_fail_adapter(&ctx->status, err,
				    "looking at the LUN number bound before the restart");
		return BROKER_JOB_RETRY;
	}
	slgw_adapter_error_clear(err);
	int rc = broker_rg_bind(lun, ctx, a, sys_id, rg, lun_name, (uint64_t)size_mb,
				"lun-bind-sent", err);
	if (rc == -(int)SLGW_AERR_UNKNOWN && ctx->status.code != SLGW_OK)
		return -(int)ctx->status.code; /* the step could not be recorded */
	*finished = 0;
	return rc;
}

int broker_volume_rg_grow(int *finished, struct broker_job_ctx *ctx, struct slgw_adapter *a,
			  int64_t sys_id, int64_t vid, int rg, const char *lun_name,
			  int64_t old_mb, int64_t new_mb, struct slgw_adapter_error *err)
{
	broker *b = ctx->b;
	char why[256], comp[BROKER_NAME_MAX];
	*finished = 1;
	if (broker_rg_missing(why, sizeof(why), a, SLGW_CAP_RAID_GROUPS | SLGW_CAP_METALUN)) {
		store_volume_set_size(b->s, vid, old_mb);
		store_volume_set_state(b->s, vid, STORE_STATE_READY);
		return broker_fail(&ctx->status, SLGW_NOT_SUPPORTED,
				   "volume %" PRId64 " is a RAID-group LUN, which grows only "
				   "as a metaLUN: %s", vid, why);
	}
	if (broker_name_make(comp, sizeof(comp), store_instance_id(b->s), BROKER_NAME_DST, vid))
		return broker_fail(&ctx->status, SLGW_INTERNAL, "cannot name the component");
	*finished = 0;
	return broker_rg_grow(ctx, a, sys_id, rg, lun_name, comp, (uint64_t)new_mb, err);
}

int broker_volume_classic_destroy(broker *b, struct slgw_adapter *a, int64_t vid,
				  const char *lun_name, int sv_clone, int force,
				  struct slgw_adapter_error *err)
{
	if (sv_clone) /* a SnapView snapshot: deactivated and removed, by its name */
		return broker_rg_snapview_clone_destroy(a, lun_name, err);
	int rc = force ? broker_rg_drop_sessions(a, b->s, vid, err) : 0;
	if (rc == 0)
		rc = broker_rg_destroy(a, lun_name, err);
	return rc;
}

int broker_volume_sg_remove(struct slgw_adapter *a, const char *sg, int hlu, const char *lun_name,
			    int sv_clone, struct slgw_adapter_error *err)
{
	if (sv_clone && a->ops->sg_remove_snapshot) /* no number: by name */
		return a->ops->sg_remove_snapshot(a, sg, lun_name, err);
	return a->ops->hlu_remove(a, sg, hlu, err);
}
