/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_raid_groups.c - volumes on RAID groups: choosing a LUN number,
 * binding, unbinding and growing classic LUNs (see broker_raid_groups.h).
 *
 * Why the number is chosen here and how a conflict is safe: bind needs a
 * number, and the array hands a number to whoever binds it first.  The
 * gateway reads the numbers in use (one LUN listing), takes the lowest one
 * that is neither listed nor claimed by another job of this gateway at that
 * moment (claims are per adapter instance, i.e. per array, and live only
 * while the create runs), and binds it.  When another client took it in
 * between, the array refuses with "LUN already exists" (ID_IN_USE): nothing
 * of ours exists under that number and nothing of theirs was touched, so
 * the next number is tried, without listing again.  The adapter never
 * leaves a LUN it bound but could not name; only a gateway crash between
 * the two commands can, and broker_rg_bind_recover handles exactly that
 * case from the persisted step.
 *
 * Ownership: a classic LUN is only ever unbound or expanded through the
 * number the array shows for the gateway's name at that moment (a lookup
 * by name right before the command); numbers are reused, names of this
 * gateway never are.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_raid_groups.h"

/* ------------------------------------------------------------ claims */

struct rg_claim {
	struct rg_claim *next;
	const struct slgw_adapter *a;
	int lun;
};

static pthread_mutex_t claim_mu = PTHREAD_MUTEX_INITIALIZER;
static struct rg_claim *claims;

/* The lowest number of 0..BROKER_RG_LUN_MAX that used[] does not mark and
 * no other job claims on array a, claimed for the caller; -1 when none. */
static int claim_lowest(const struct slgw_adapter *a, const unsigned char *used)
{
	struct rg_claim *c = malloc(sizeof(*c));
	int n = -1;
	if (!c)
		return -1;
	pthread_mutex_lock(&claim_mu);
	for (int i = 0; i <= BROKER_RG_LUN_MAX && n < 0; i++) {
		if (used[i])
			continue;
		int taken = 0;
		for (struct rg_claim *k = claims; k && !taken; k = k->next)
			taken = k->a == a && k->lun == i;
		if (!taken)
			n = i;
	}
	if (n >= 0) {
		c->a = a;
		c->lun = n;
		c->next = claims;
		claims = c;
	}
	pthread_mutex_unlock(&claim_mu);
	if (n < 0)
		free(c);
	return n;
}

static void claim_release(const struct slgw_adapter *a, int lun)
{
	pthread_mutex_lock(&claim_mu);
	for (struct rg_claim **p = &claims; *p; p = &(*p)->next) {
		if ((*p)->a == a && (*p)->lun == lun) {
			struct rg_claim *c = *p;
			*p = c->next;
			free(c);
			break;
		}
	}
	pthread_mutex_unlock(&claim_mu);
}

/* ------------------------------------------------------------- steps */

void broker_rg_bind_step(char *buf, size_t len, const char *prefix, int n)
{
	snprintf(buf, len, "%s:%d", prefix, n);
}

int broker_rg_bind_step_parse(int *n, const char *step, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (!step || strncmp(step, prefix, pl) != 0 || step[pl] != ':')
		return 0;
	char *end = NULL;
	long v = strtol(step + pl + 1, &end, 10);
	if (end == step + pl + 1 || *end || v < 0 || v > BROKER_RG_LUN_MAX)
		return 0;
	*n = (int)v;
	return 1;
}

static void local_error(struct slgw_adapter_error *err, enum slgw_adapter_err cls, const char *msg)
{
	if (!err)
		return;
	slgw_adapter_error_clear(err);
	err->cls = cls;
	snprintf(err->message, sizeof(err->message), "%s", msg);
}

int broker_rg_missing(char *buf, size_t len, struct slgw_adapter *a, unsigned need)
{
	const struct slgw_adapter_ops *o = a->ops;
	buf[0] = '\0';
	if (o->explain && o->explain(buf, len, a, need))
		return 1;
	if (!o->explain && (o->capabilities(a) & need) != need) {
		snprintf(buf, len, "the array lacks what this needs");
		return 1;
	}
	int slots = o->lun_list && o->lun_get;
	if (need & SLGW_CAP_RAID_GROUPS)
		slots = slots && o->rg_lun_create && o->rg_lun_destroy;
	if (need & SLGW_CAP_METALUN)
		slots = slots && o->metalun_expand;
	if (!slots) {
		snprintf(buf, len, "the %s adapter of this gateway cannot do it", o->family);
		return 1;
	}
	return 0;
}

/* -------------------------------------------------------------- bind */

int broker_rg_bind(struct slgw_lun **out, struct broker_job_ctx *ctx, struct slgw_adapter *a,
		   int64_t sys_id, int rg, const char *name, uint64_t size_mb,
		   const char *step_prefix, struct slgw_adapter_error *err)
{
	(void)sys_id;
	*out = NULL;
	unsigned char *used = calloc(BROKER_RG_LUN_MAX + 1, 1);
	if (!used) {
		local_error(err, SLGW_AERR_UNKNOWN, "out of memory");
		return -(int)SLGW_AERR_UNKNOWN;
	}
	struct slgw_lun *luns = NULL;
	size_t n = 0;
	int rc = a->ops->lun_list(&luns, &n, a, err);
	if (rc) {
		free(used);
		return rc;
	}
	for (size_t i = 0; i < n; i++)
		if (luns[i].id >= 0 && luns[i].id <= BROKER_RG_LUN_MAX)
			used[luns[i].id] = 1;
	slgw_lun_array_free(luns, n);

	rc = -(int)SLGW_AERR_ID_IN_USE;
	for (int attempt = 0; attempt < 32; attempt++) {
		int num = claim_lowest(a, used);
		if (num < 0) {
			local_error(err, SLGW_AERR_NO_SPACE, "the array has no free LUN number");
			rc = -(int)SLGW_AERR_NO_SPACE;
			break;
		}
		char step[64];
		broker_rg_bind_step(step, sizeof(step), step_prefix, num);
		if (ctx && broker_job_step(ctx, step)) {
			claim_release(a, num);
			local_error(err, SLGW_AERR_UNKNOWN, ctx->status.message);
			rc = -(int)SLGW_AERR_UNKNOWN;
			break;
		}
		struct slgw_rg_lun_spec spec = {
			.name = name, .lun_id = num, .raid_group = rg, .size_mb = size_mb,
			.raid_type = NULL, .sp = 0,
		};
		slgw_adapter_error_clear(err);
		rc = a->ops->rg_lun_create(out, a, &spec, err);
		claim_release(a, num);
		if (rc == -(int)SLGW_AERR_ID_IN_USE) {
			used[num] = 1; /* another client's now: the next one */
			slgw_lun_free(*out);
			*out = NULL;
			continue;
		}
		break;
	}
	free(used);
	if (rc == -(int)SLGW_AERR_ID_IN_USE) {
		/* 32 numbers in a row went to other clients first: a retry
		 * of the whole call is the caller's (ABORTED) */
		local_error(err, SLGW_AERR_BUSY,
			    "every LUN number tried was bound by another client meanwhile; retry");
		rc = -(int)SLGW_AERR_BUSY;
	}
	if (rc == 0 && !*out) {
		struct slgw_lun_ref ref = { .id = -1, .name = name };
		rc = a->ops->lun_get(out, a, ref, err);
	}
	return rc;
}

int broker_rg_bind_recover(struct slgw_adapter *a, int n, int rg, uint64_t size_mb,
			   struct slgw_adapter_error *err)
{
	struct slgw_lun *l = NULL;
	struct slgw_lun_ref ref = { .id = n, .name = NULL };
	int rc = a->ops->lun_get(&l, a, ref, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND) {
		slgw_adapter_error_clear(err);
		return 0; /* the bind never landed */
	}
	if (rc)
		return rc;
	char dflt[32];
	snprintf(dflt, sizeof(dflt), "LUN %d", n);
	int ours = (!l->name[0] || strcmp(l->name, dflt) == 0) && l->raid_group == rg &&
		   !l->is_meta && !l->is_smp && l->size_mb == size_mb;
	slgw_lun_free(l);
	if (!ours)
		return 0; /* named, or not what we bound: someone else's, untouched */
	broker_log("unbinding LUN %d: bound by a job a restart interrupted before it named the LUN", n);
	rc = a->ops->rg_lun_destroy(a, n, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND || rc == -(int)SLGW_AERR_MAPPED) {
		/* gone, or mapped by someone meanwhile: then not ours to unbind */
		slgw_adapter_error_clear(err);
		rc = 0;
	}
	return rc;
}

/* ----------------------------------------------------------- destroy */

int broker_rg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct slgw_lun *l = NULL;
	struct slgw_lun_ref ref = { .id = -1, .name = name };
	int rc = a->ops->lun_get(&l, a, ref, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND) {
		slgw_adapter_error_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	int id = l->id;
	slgw_lun_free(l);
	/* the number the array shows for our name right now */
	rc = a->ops->rg_lun_destroy(a, id, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND) {
		slgw_adapter_error_clear(err);
		rc = 0;
	}
	return rc;
}

/* -------------------------------------------------------------- grow */

static int ambiguous(enum slgw_adapter_err cls)
{
	return cls == SLGW_AERR_UNREACHABLE || cls == SLGW_AERR_TIMEOUT || cls == SLGW_AERR_UNKNOWN;
}

int broker_rg_grow(struct broker_job_ctx *ctx, struct slgw_adapter *a, int64_t sys_id, int rg,
		   const char *name, const char *component, uint64_t new_mb,
		   struct slgw_adapter_error *err)
{
	struct slgw_lun *base = NULL, *comp = NULL;
	struct slgw_lun_ref bref = { .id = -1, .name = name };
	int rc = a->ops->lun_get(&base, a, bref, err);
	if (rc)
		return rc;
	if (base->size_mb >= new_mb) {
		slgw_lun_free(base);
		return 0; /* reached already (an interrupted attempt landed) */
	}
	uint64_t delta = new_mb - base->size_mb;
	int bound = -1;
	if (ctx && ctx->recovering && broker_rg_bind_step_parse(&bound, ctx->step, "meta-bind-sent")) {
		/* stopped between binding the component and naming it */
		rc = broker_rg_bind_recover(a, bound, rg, delta, err);
		if (rc)
			goto out;
	}
	struct slgw_lun_ref cref = { .id = -1, .name = component };
	struct slgw_adapter_error gerr;
	slgw_adapter_error_clear(&gerr);
	/* a component can only be left by an attempt a restart interrupted */
	rc = ctx && ctx->recovering ? a->ops->lun_get(&comp, a, cref, &gerr)
				    : -(int)(gerr.cls = SLGW_AERR_NOT_FOUND);
	if (rc == 0 && (comp->size_mb != delta || comp->raid_group < 0)) {
		/* left over from an attempt for another size: start again */
		slgw_lun_free(comp);
		comp = NULL;
		rc = broker_rg_destroy(a, component, err);
		if (rc)
			goto out;
	} else if (rc && gerr.cls != SLGW_AERR_NOT_FOUND) {
		*err = gerr;
		goto out;
	}
	if (!comp) {
		rc = broker_rg_bind(&comp, ctx, a, sys_id, rg, component, delta, "meta-bind-sent", err);
		if (rc == -(int)SLGW_AERR_NAME_IN_USE) {
			/* left by an earlier attempt whose answer was unclear */
			slgw_adapter_error_clear(err);
			rc = a->ops->lun_get(&comp, a, cref, err);
			if (rc == 0 && (comp->size_mb != delta || comp->raid_group < 0)) {
				local_error(err, SLGW_AERR_BUSY,
					    "a metaLUN component of an earlier attempt for another size is "
					    "in the way; retry the resize");
				rc = -(int)SLGW_AERR_BUSY;
				if (broker_rg_destroy(a, component, &gerr))
					broker_log("growing %s: unbinding the stale component %s: %s",
						   name, component, gerr.message);
			}
		}
		if (rc)
			goto out;
	}
	if (ctx && broker_job_step(ctx, "metalun-expand-sent")) {
		local_error(err, SLGW_AERR_UNKNOWN, ctx->status.message);
		rc = -(int)SLGW_AERR_UNKNOWN;
		goto out;
	}
	/* base->id was read by our name just now: the number is ours */
	int parts[1] = { comp->id };
	slgw_adapter_error_clear(err);
	rc = a->ops->metalun_expand(a, base->id, parts, 1, SLGW_METALUN_AUTO, err);
	if (rc && !ambiguous(err->cls)) {
		/* refused: the component goes again, the LUN is as it was */
		struct slgw_adapter_error uerr;
		slgw_adapter_error_clear(&uerr);
		if (broker_rg_destroy(a, component, &uerr))
			broker_log("growing %s: unbinding component %s after the refusal: %s", name,
				   component, uerr.message);
	}
out:
	slgw_lun_free(comp);
	slgw_lun_free(base);
	return rc;
}

/* ----------------------------------------------------------- volumes */

int broker_rg_of_volume(broker *b, const store_volume *v)
{
	store_pool *p = NULL;
	int rg = -1;
	if (store_pool_get(&p, broker_store(b), v->pool_id) == 0 &&
	    p->kind == STORE_POOL_KIND_RAID_GROUP)
		rg = (int)p->array_id;
	store_pool_free(p);
	return rg;
}

int broker_rg_is_snapview_clone(const store_volume *v)
{
	return v->clone_kind == STORE_CLONE_LINKED && v->lun_id < 0 && v->lun_name &&
	       v->state != STORE_STATE_CREATING;
}

int broker_rg_snapview_clone_destroy(struct slgw_adapter *a, const char *name,
				     struct slgw_adapter_error *err)
{
	if (!a->ops->sv_deactivate || !a->ops->sv_snapshot_destroy) {
		local_error(err, SLGW_AERR_NOT_SUPPORTED, "the adapter has no SnapView slots");
		return -(int)SLGW_AERR_NOT_SUPPORTED;
	}
	int rc = a->ops->sv_deactivate(a, name, err);
	if (rc && (err->cls == SLGW_AERR_UNREACHABLE || err->cls == SLGW_AERR_TIMEOUT))
		return rc; /* any other refusal: not active; the removal decides */
	slgw_adapter_error_clear(err);
	rc = a->ops->sv_snapshot_destroy(a, name, err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND) {
		slgw_adapter_error_clear(err);
		rc = 0;
	}
	return rc;
}

int broker_rg_drop_sessions(struct slgw_adapter *a, store *s, int64_t volume_id,
			    struct slgw_adapter_error *err)
{
	if (!a->ops->sv_session_stop || !a->ops->sv_snapshot_destroy ||
	    !(a->ops->capabilities(a) & SLGW_CAP_SNAPVIEW))
		return 0;
	store_filter f = { .volume_id = volume_id };
	store_snapshot *ss = NULL;
	size_t n = 0;
	int rc = store_snapshot_list(&ss, &n, s, &f);
	if (rc) {
		local_error(err, SLGW_AERR_UNKNOWN, "listing the volume's snapshots");
		return -(int)SLGW_AERR_UNKNOWN;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!ss[i].array_name || !ss[i].array_name[0] || ss[i].state == STORE_STATE_DELETED)
			continue;
		rc = a->ops->sv_session_stop(a, ss[i].array_name, err);
		if (rc == -(int)SLGW_AERR_NOT_FOUND)
			rc = 0;
		if (rc == 0) {
			slgw_adapter_error_clear(err);
			rc = a->ops->sv_snapshot_destroy(a, ss[i].array_name, err);
			if (rc == -(int)SLGW_AERR_NOT_FOUND)
				rc = 0;
		}
	}
	if (rc == 0)
		slgw_adapter_error_clear(err);
	store_snapshot_array_free(ss, n);
	return rc;
}
