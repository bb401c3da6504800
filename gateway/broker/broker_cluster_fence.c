/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_cluster_fence.c - the array half of a cluster node's fencing: the
 * adapter wrapper every array adapter of a clustered broker is put in
 * (broker_cluster_wrap_adapter).
 *
 * Each array slot first asks broker_cluster_may_send (broker_cluster.c)
 * whether this node still leads the adapter's own array, outside the
 * safety margin of the lease; when it does not, the command is not sent
 * and the slot answers UNREACHABLE with the reason.  The inner adapter's
 * gate asks the same again right before each command inside the slot.
 * The slots themselves are generated from one list (FENCED_SLOTS): they
 * differ only in their parameters, and a slot the wrapped adapter lacks
 * stays NULL so capability checks see the same adapter.
 *
 * It keeps no state of its own beyond the wrapper: who leads what is
 * broker_cluster.c's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "broker_cluster.h"
#include "broker_internal.h"

struct fenced {
	struct slgw_adapter base;  /* first: the broker holds this */
	struct slgw_adapter_ops ops;
	struct slgw_adapter *inner;
	broker *b;
	int64_t system_id;
	void *gate_ctx;            /* the inner adapter's gate (owned) */
};

static int fence_check(struct slgw_adapter *a, struct slgw_adapter_error *err)
{
	struct fenced *f = (struct fenced *)a;
	char why[256];
	if (broker_cluster_may_send(f->b, f->system_id, why, sizeof(why)) == 0)
		return 0;
	if (err) {
		slgw_adapter_error_clear(err);
		err->cls = SLGW_AERR_UNREACHABLE;
		snprintf(err->message, sizeof(err->message), "%s", why);
	}
	return -(int)SLGW_AERR_UNREACHABLE;
}

/* Every array slot of the fencing adapter, once: its parameters and the
 * arguments it passes on (IN(a): the wrapped adapter).  The list makes
 * both the slots (FENCED_SLOT: check the lease, then forward) and the ops
 * table (FENCED_FILL: a slot only where the wrapped adapter has one). */
#define FENCED_SLOTS(X)                                                                           \
	X(discover, (struct slgw_system_info **out, struct slgw_adapter *a,                       \
	     struct slgw_adapter_error *err), (out, IN(a), err))                                  \
	X(pool_list, (struct slgw_pool **out, size_t *count, struct slgw_adapter *a,              \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(lun_create, (struct slgw_lun **out, struct slgw_adapter *a,                             \
	     const struct slgw_lun_spec *spec,                                                    \
	     struct slgw_adapter_error *err), (out, IN(a), spec, err))                            \
	X(lun_destroy, (struct slgw_adapter *a, struct slgw_lun_ref lun, int destroy_snapshots,   \
	     struct slgw_adapter_error *err), (IN(a), lun, destroy_snapshots, err))               \
	X(lun_expand, (struct slgw_adapter *a, struct slgw_lun_ref lun, uint64_t new_size_mb,     \
	     struct slgw_adapter_error *err), (IN(a), lun, new_size_mb, err))                     \
	X(lun_get, (struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref lun,       \
	     struct slgw_adapter_error *err), (out, IN(a), lun, err))                             \
	X(lun_list, (struct slgw_lun **out, size_t *count, struct slgw_adapter *a,                \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(snap_create, (struct slgw_adapter *a, int lun_id, const char *name, int allow_rw,       \
	     struct slgw_adapter_error *err), (IN(a), lun_id, name, allow_rw, err))               \
	X(snap_destroy, (struct slgw_adapter *a, const char *name,                                \
	     struct slgw_adapter_error *err), (IN(a), name, err))                                 \
	X(snap_list, (struct slgw_snapshot **out, size_t *count, struct slgw_adapter *a,          \
	     int lun_id, struct slgw_adapter_error *err), (out, count, IN(a), lun_id, err))       \
	X(snap_restore, (struct slgw_adapter *a, const char *name, int lun_id,                    \
	     struct slgw_adapter_error *err), (IN(a), name, lun_id, err))                         \
	X(snap_copy, (struct slgw_adapter *a, const char *name, const char *new_name,             \
	     struct slgw_adapter_error *err), (IN(a), name, new_name, err))                       \
	X(smp_create, (struct slgw_lun **out, struct slgw_adapter *a, int primary_lun_id,         \
	     const char *name,                                                                    \
	     struct slgw_adapter_error *err), (out, IN(a), primary_lun_id, name, err))            \
	X(smp_attach, (struct slgw_adapter *a, struct slgw_lun_ref smp, const char *snap_name,    \
	     struct slgw_adapter_error *err), (IN(a), smp, snap_name, err))                       \
	X(smp_detach, (struct slgw_adapter *a, struct slgw_lun_ref smp,                           \
	     struct slgw_adapter_error *err), (IN(a), smp, err))                                  \
	X(migrate_start, (struct slgw_adapter *a, int source, int dest,                           \
	     enum slgw_migrate_rate rate,                                                         \
	     struct slgw_adapter_error *err), (IN(a), source, dest, rate, err))                   \
	X(migrate_status, (struct slgw_migration **out, struct slgw_adapter *a, int source,       \
	     struct slgw_adapter_error *err), (out, IN(a), source, err))                          \
	X(migrate_list, (struct slgw_migration **out, size_t *count, struct slgw_adapter *a,      \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(migrate_cancel, (struct slgw_adapter *a, int source,                                    \
	     struct slgw_adapter_error *err), (IN(a), source, err))                               \
	X(sg_create, (struct slgw_adapter *a, const char *name,                                   \
	     struct slgw_adapter_error *err), (IN(a), name, err))                                 \
	X(sg_destroy, (struct slgw_adapter *a, const char *name,                                  \
	     struct slgw_adapter_error *err), (IN(a), name, err))                                 \
	X(sg_get, (struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,     \
	     struct slgw_adapter_error *err), (out, IN(a), name, err))                            \
	X(sg_list, (struct slgw_storage_group **out, size_t *count, struct slgw_adapter *a,       \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(hlu_add, (struct slgw_adapter *a, const char *group, int hlu, int alu,                  \
	     struct slgw_adapter_error *err), (IN(a), group, hlu, alu, err))                      \
	X(hlu_remove, (struct slgw_adapter *a, const char *group, int hlu,                        \
	     struct slgw_adapter_error *err), (IN(a), group, hlu, err))                           \
	X(path_register, (struct slgw_adapter *a, const struct slgw_initiator_path *p,            \
	     struct slgw_adapter_error *err), (IN(a), p, err))                                    \
	X(host_set, (struct slgw_adapter *a, const char *group, const char *host,                 \
	     int failover_mode, int arraycommpath,                                                \
	     struct slgw_adapter_error *err),                                                     \
	  (IN(a), group, host, failover_mode, arraycommpath, err))                                \
	X(hba_list, (struct slgw_hba **out, size_t *count, struct slgw_adapter *a,                \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(hba_remove, (struct slgw_adapter *a, const char *hba_uid,                               \
	     struct slgw_adapter_error *err), (IN(a), hba_uid, err))                              \
	X(raid_group_list, (struct slgw_raid_group **out, size_t *count, struct slgw_adapter *a,  \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(rg_lun_create, (struct slgw_lun **out, struct slgw_adapter *a,                          \
	     const struct slgw_rg_lun_spec *spec,                                                 \
	     struct slgw_adapter_error *err), (out, IN(a), spec, err))                            \
	X(rg_lun_destroy, (struct slgw_adapter *a, int lun_id,                                    \
	     struct slgw_adapter_error *err), (IN(a), lun_id, err))                               \
	X(metalun_expand, (struct slgw_adapter *a, int base_lun, const int *components, size_t n, \
	     enum slgw_metalun_type type,                                                         \
	     struct slgw_adapter_error *err), (IN(a), base_lun, components, n, type, err))        \
	X(sv_snapshot_create, (struct slgw_adapter *a, int lun_id, const char *name,              \
	     struct slgw_adapter_error *err), (IN(a), lun_id, name, err))                         \
	X(sv_snapshot_destroy, (struct slgw_adapter *a, const char *name,                         \
	     struct slgw_adapter_error *err), (IN(a), name, err))                                 \
	X(sv_snapshot_list, (struct slgw_sv_snapshot **out, size_t *count,                        \
	     struct slgw_adapter *a, int lun_id,                                                  \
	     struct slgw_adapter_error *err), (out, count, IN(a), lun_id, err))                   \
	X(sv_session_start, (struct slgw_adapter *a, const char *session, const char *snapshot,   \
	     struct slgw_adapter_error *err), (IN(a), session, snapshot, err))                    \
	X(sv_session_stop, (struct slgw_adapter *a, const char *session,                          \
	     struct slgw_adapter_error *err), (IN(a), session, err))                              \
	X(sv_session_list, (struct slgw_sv_session **out, size_t *count, struct slgw_adapter *a,  \
	     struct slgw_adapter_error *err), (out, count, IN(a), err))                           \
	X(sv_activate, (struct slgw_adapter *a, const char *session, const char *snapshot,        \
	     struct slgw_adapter_error *err), (IN(a), session, snapshot, err))                    \
	X(sv_deactivate, (struct slgw_adapter *a, const char *snapshot,                           \
	     struct slgw_adapter_error *err), (IN(a), snapshot, err))                             \
	X(sv_rollback, (struct slgw_adapter *a, const char *session,                              \
	     struct slgw_adapter_error *err), (IN(a), session, err))                              \
	X(sg_add_snapshot, (struct slgw_adapter *a, const char *group, int hlu,                   \
	     const char *snapshot,                                                                \
	     struct slgw_adapter_error *err), (IN(a), group, hlu, snapshot, err))                 \
	X(sg_remove_snapshot, (struct slgw_adapter *a, const char *group, const char *snapshot,   \
	     struct slgw_adapter_error *err), (IN(a), group, snapshot, err))

#define IN(a) (((struct fenced *)(a))->inner)
#define FENCED_SLOT(name, params, args)                     \
	static int f_##name params                          \
	{                                                   \
		int frc_ = fence_check(a, err);             \
		return frc_ ? frc_ : IN(a)->ops->name args; \
	}
FENCED_SLOTS(FENCED_SLOT)

static void fenced_ops_fill(struct slgw_adapter_ops *o, const struct slgw_adapter_ops *in)
{
#define FENCED_FILL(name, params, args) o->name = in->name ? f_##name : NULL;
	FENCED_SLOTS(FENCED_FILL)
#undef FENCED_FILL
}

/* capabilities may discover (an array command): refused, it answers no
 * capability rather than a guess the caller would act on. */
static unsigned f_capabilities(struct slgw_adapter *a)
{
	if (fence_check(a, NULL))
		return 0;
	return IN(a)->ops->capabilities(IN(a));
}

static int f_explain(char *buf, size_t size, struct slgw_adapter *a, unsigned need)
{
	return IN(a)->ops->explain(buf, size, IN(a), need);
}

static int f_stats(struct slgw_adapter_stat **out, size_t *count, struct slgw_adapter *a)
{
	return IN(a)->ops->stats(out, count, IN(a));
}

static void f_free(struct slgw_adapter *a)
{
	slgw_adapter_free(IN(a));
	free(((struct fenced *)a)->gate_ctx);
	free(a);
}

int broker_cluster_wrap_adapter(struct slgw_adapter **a, broker *b, int64_t system_id,
				void *gate_ctx)
{
	if (!broker_cluster_on(b) || !*a) {
		free(gate_ctx);
		return 0;
	}
	struct fenced *f = calloc(1, sizeof(*f));
	if (!f) {
		free(gate_ctx);
		return -1;
	}
	f->gate_ctx = gate_ctx;
	const struct slgw_adapter_ops *in = (*a)->ops;
	f->ops = *in;
	fenced_ops_fill(&f->ops, in);
	f->ops.capabilities = in->capabilities ? f_capabilities : NULL;
	f->ops.explain = in->explain ? f_explain : NULL;
	f->ops.stats = in->stats ? f_stats : NULL;
	f->ops.free = f_free;
	f->base.ops = &f->ops;
	f->inner = *a;
	f->b = b;
	f->system_id = system_id;
	*a = &f->base;
	return 0;
}
