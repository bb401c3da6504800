/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_adapter.c - see fake_adapter.h.  Semantics follow vnx.md: a group
 * name in use, an HLU in use, a LUN already in a group and a path already
 * registered each fail with their own class; a finished migration leaves
 * the list, unbinds the target and leaves the copy under the source's
 * number and name as an ordinary LUN.
 */
#include "fake_adapter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static struct fake_adapter *FA(struct slgw_adapter *a) { return (struct fake_adapter *)a; }

static int fail(struct slgw_adapter_error *err, enum slgw_adapter_err cls, const char *msg)
{
	if (err) {
		err->cls = cls;
		snprintf(err->message, sizeof(err->message), "%s", msg);
	}
	return -(int)cls;
}

/* Every slot starts here: the lock taken, the slot's call counted ... */
static struct fake_adapter *enter(struct slgw_adapter *a, enum fake_op op)
{
	struct fake_adapter *fa = FA(a);

	pthread_mutex_lock(&fa->mu);
	fa->counts[op]++;
	return fa;
}

/* ... and ends here: the lock released, rc returned. */
static int leave(struct fake_adapter *fa, int rc)
{
	pthread_mutex_unlock(&fa->mu);
	return rc;
}

static struct fake_group *group_find(struct fake_adapter *fa, const char *name)
{
	for (int i = 0; i < 64; i++)
		if (fa->groups[i].used && strcmp(fa->groups[i].name, name) == 0)
			return &fa->groups[i];
	return NULL;
}

struct fake_group *fake_group_find(struct fake_adapter *fa, const char *name)
{
	return group_find(fa, name);
}

static struct fake_lun *lun_by_id(struct fake_adapter *fa, int id)
{
	for (int i = 0; i < FAKE_MAX; i++)
		if (fa->luns[i].used && fa->luns[i].id == id)
			return &fa->luns[i];
	return NULL;
}

static struct fake_lun *lun_by_name(struct fake_adapter *fa, const char *name)
{
	for (int i = 0; i < FAKE_MAX; i++)
		if (fa->luns[i].used && strcmp(fa->luns[i].name, name) == 0)
			return &fa->luns[i];
	return NULL;
}

static struct fake_lun *lun_by_ref(struct fake_adapter *fa, struct slgw_lun_ref ref)
{
	return ref.id >= 0 ? lun_by_id(fa, ref.id) : lun_by_name(fa, ref.name);
}

static struct fake_snap *snap_find(struct fake_adapter *fa, const char *name)
{
	for (int i = 0; i < FAKE_MAX; i++)
		if (fa->snaps[i].used && strcmp(fa->snaps[i].name, name) == 0)
			return &fa->snaps[i];
	return NULL;
}

static struct fake_lun *lun_new(struct fake_adapter *fa, const char *name)
{
	for (int i = 0; i < FAKE_MAX; i++) {
		if (!fa->luns[i].used) {
			memset(&fa->luns[i], 0, sizeof(fa->luns[i]));
			fa->luns[i].used = 1;
			fa->luns[i].id = fa->next_lun++;
			fa->luns[i].serial = ++fa->next_serial;
			fa->luns[i].primary = -1;
			snprintf(fa->luns[i].name, sizeof(fa->luns[i].name), "%s", name);
			return &fa->luns[i];
		}
	}
	return NULL;
}

static struct slgw_lun *lun_out(const struct fake_lun *l)
{
	struct slgw_lun *o = calloc(1, sizeof(*o));
	o->id = l->id;
	snprintf(o->name, sizeof(o->name), "%s", l->name);
	snprintf(o->wwn, sizeof(o->wwn), "60:06:01:60:00:00:00:00:00:00:00:00:00:00:%02X:%02X",
		 (l->serial >> 8) & 0xff, l->serial & 0xff);
	o->is_smp = l->is_smp;
	o->primary_lun = l->primary;
	snprintf(o->attached_snapshot, sizeof(o->attached_snapshot), "%s", l->attached);
	snprintf(o->state, sizeof(o->state), "Ready");
	return o;
}

static unsigned f_caps(struct slgw_adapter *a) { return FA(a)->caps; }

/* -setpath semantics: an initiator is in at most one group. */
static void uid_move(struct fake_adapter *fa, struct fake_group *to, const char *uid)
{
	for (int i = 0; i < 64; i++) {
		struct fake_group *g = &fa->groups[i];
		if (!g->used)
			continue;
		for (int k = 0; k < g->nuids; k++)
			if (strcasecmp(g->uids[k], uid) == 0) {
				if (g == to)
					return;
				memmove(g->uids[k], g->uids[k + 1], (size_t)(g->nuids - k - 1) * sizeof(g->uids[0]));
				g->nuids--;
				break;
			}
	}
	if (to->nuids < 16)
		snprintf(to->uids[to->nuids++], sizeof(to->uids[0]), "%s", uid);
}

static void group_out_paths(struct slgw_storage_group *o, const struct fake_group *g)
{
	o->paths = calloc((size_t)g->nuids + 1, sizeof(*o->paths));
	for (int k = 0; k < g->nuids; k++) {
		snprintf(o->paths[k].uid, sizeof(o->paths[k].uid), "%s", g->uids[k]);
		o->paths[k].sp = 'A';
		o->paths[k].vport_id = -1;
	}
	o->n_paths = (size_t)g->nuids;
}

static int f_sg_create(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SG_CREATE);
	int rc = 0;
	if (group_find(fa, name)) {
		rc = fail(err, SLGW_AERR_NAME_IN_USE, "Storage Group name already in use");
	} else {
		rc = fail(err, SLGW_AERR_UNKNOWN, "too many groups");
		for (int i = 0; i < 64; i++) {
			if (!fa->groups[i].used) {
				memset(&fa->groups[i], 0, sizeof(fa->groups[i]));
				fa->groups[i].used = 1;
				snprintf(fa->groups[i].name, sizeof(fa->groups[i].name), "%s", name);
				for (int h = 0; h < 256; h++)
					fa->groups[i].hlu_alu[h] = -1;
				rc = 0;
				break;
			}
		}
	}
	return leave(fa, rc);
}

static int f_sg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SG_DESTROY);
	int rc = 0;
	struct fake_group *g = group_find(fa, name);
	if (!g)
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The group name or UID does not match");
	else
		g->used = 0;
	return leave(fa, rc);
}

static int f_sg_get(struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,
		    struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SG_GET);
	int rc = 0;
	struct fake_group *g = group_find(fa, name);
	if (!g) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The group name or UID does not match");
	} else {
		struct slgw_storage_group *o = calloc(1, sizeof(*o));
		snprintf(o->name, sizeof(o->name), "%s", g->name);
		group_out_paths(o, g);
		o->hlus = calloc(256, sizeof(*o->hlus));
		for (int h = 0; h < 256; h++)
			if (g->hlu_alu[h] >= 0) {
				o->hlus[o->n_hlus].hlu = h;
				o->hlus[o->n_hlus].alu = g->hlu_alu[h];
				o->n_hlus++;
			}
		*out = o;
	}
	return leave(fa, rc);
}

static int f_hlu_add(struct slgw_adapter *a, const char *group, int hlu, int alu,
		     struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = FA(a);
	int rc = 0;
	if (fa->hlu_add_delay_us)
		usleep((useconds_t)fa->hlu_add_delay_us);
	enter(a, FOP_HLU_ADD);
	struct fake_group *g = group_find(fa, group);
	if (!g) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The group name or UID does not match");
	} else if (hlu < 0 || hlu > 255) {
		rc = fail(err, SLGW_AERR_INVALID_ARGS, "invalid command line parameters");
	} else {
		for (int h = 0; h < 256 && rc == 0; h++)
			if (g->hlu_alu[h] == alu)
				rc = fail(err, SLGW_AERR_ALREADY_MAPPED,
					  "LUN already exists in the specified storage group");
		if (rc == 0 && g->hlu_alu[hlu] >= 0)
			rc = fail(err, SLGW_AERR_HLU_IN_USE, "Requested Host LUN Number already in use");
		if (rc == 0)
			g->hlu_alu[hlu] = alu;
	}
	return leave(fa, rc);
}

static int f_hlu_remove(struct slgw_adapter *a, const char *group, int hlu,
			struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_HLU_REMOVE);
	int rc = 0;
	struct fake_group *g = group_find(fa, group);
	if (!g || hlu < 0 || hlu > 255 || g->hlu_alu[hlu] < 0)
		rc = fail(err, SLGW_AERR_NOT_FOUND, "No such Host LUN in this Storage Group");
	else
		g->hlu_alu[hlu] = -1;
	return leave(fa, rc);
}

static int f_path_register(struct slgw_adapter *a, const struct slgw_initiator_path *p,
			   struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = FA(a);
	int rc = 0;
	if (fa->path_delay_us) {
		/* an array command's latency, during which others may run */
		pthread_mutex_lock(&fa->mu);
		if (++fa->paths_inflight > fa->paths_inflight_max)
			fa->paths_inflight_max = fa->paths_inflight;
		pthread_mutex_unlock(&fa->mu);
		usleep((useconds_t)fa->path_delay_us);
		pthread_mutex_lock(&fa->mu);
		fa->paths_inflight--;
		pthread_mutex_unlock(&fa->mu);
	}
	enter(a, FOP_PATH_REGISTER);
	if (fa->fail_path_register_at && fa->counts[FOP_PATH_REGISTER] == fa->fail_path_register_at) {
		rc = fail(err, fa->fail_path_cls ? fa->fail_path_cls : SLGW_AERR_UNKNOWN,
			  "The HBA UID specified is not known by the array");
	} else {
		struct fake_group *g = group_find(fa, p->group);
		if (!g) {
			rc = fail(err, SLGW_AERR_NOT_FOUND, "The group name or UID does not match");
		} else {
			g->npaths++;
			uid_move(fa, g, p->hba_uid);
			if (fa->nlog < 256)
				snprintf(fa->log[fa->nlog++], sizeof(fa->log[0]),
					 "setpath -gname %s -hbauid %s -sp %c -spport %d -spvport %d "
					 "-type %d -ip %s -host %s -failovermode %d -arraycommpath %d",
					 p->group, p->hba_uid, p->sp, p->sp_port, p->vport_id,
					 p->initiator_type, p->host_ip ? p->host_ip : "-", p->host,
					 p->failover_mode, p->arraycommpath);
		}
	}
	return leave(fa, rc);
}

static int f_host_set(struct slgw_adapter *a, const char *group, const char *host, int mode,
		      int acp, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_HOST_SET);
	(void)err;
	if (fa->nlog < 256)
		snprintf(fa->log[fa->nlog++], sizeof(fa->log[0]),
			 "sethost -host %s -gname %s -failovermode %d -arraycommpath %d", host, group,
			 mode, acp);
	pthread_mutex_unlock(&fa->mu);
	return 0;
}

static int f_hba_list(struct slgw_hba **out, size_t *n, struct slgw_adapter *a,
		      struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_HBA_LIST);
	(void)err;
	pthread_mutex_unlock(&fa->mu);
	*out = calloc(1, sizeof(**out));
	*n = 0;
	return 0;
}

static int f_hba_remove(struct slgw_adapter *a, const char *uid, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_HBA_REMOVE);
	(void)uid;
	(void)err;
	pthread_mutex_unlock(&fa->mu);
	return 0;
}

static int f_snap_create(struct slgw_adapter *a, int lun, const char *name, int rw,
			 struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SNAP_CREATE);
	int rc = 0;
	(void)rw;
	if (snap_find(fa, name)) {
		rc = fail(err, SLGW_AERR_NAME_IN_USE, "snapshot name is already in use");
	} else if (!lun_by_id(fa, lun)) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The specified resource does not exist.");
	} else {
		rc = fail(err, SLGW_AERR_UNKNOWN, "full");
		for (int i = 0; i < FAKE_MAX; i++)
			if (!fa->snaps[i].used) {
				fa->snaps[i].used = 1;
				fa->snaps[i].lun = lun;
				snprintf(fa->snaps[i].name, sizeof(fa->snaps[i].name), "%s", name);
				rc = 0;
				break;
			}
	}
	return leave(fa, rc);
}

static int f_snap_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SNAP_DESTROY);
	int rc = 0;
	struct fake_snap *s = snap_find(fa, name);
	if (!s) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The specified snapshot does not exist.");
	} else {
		for (int i = 0; i < FAKE_MAX; i++)
			if (fa->luns[i].used && strcmp(fa->luns[i].attached, name) == 0)
				rc = fail(err, SLGW_AERR_MAPPED, "(0x716d8003) attached to an SMP");
		if (rc == 0)
			s->used = 0;
	}
	return leave(fa, rc);
}

static int f_snap_restore(struct slgw_adapter *a, const char *name, int lun,
			  struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SNAP_RESTORE);
	int rc = 0;
	(void)lun;
	if (!snap_find(fa, name))
		rc = fail(err, SLGW_AERR_NOT_FOUND, "The specified snapshot does not exist.");
	return leave(fa, rc);
}

static int f_smp_create(struct slgw_lun **out, struct slgw_adapter *a, int primary,
			const char *name, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SMP_CREATE);
	int rc = 0;
	if (lun_by_name(fa, name)) {
		rc = fail(err, SLGW_AERR_NAME_IN_USE, "(0x712d8d04) name is already in use");
	} else {
		struct fake_lun *l = lun_new(fa, name);
		l->is_smp = 1;
		l->primary = primary;
		if (out)
			*out = lun_out(l);
	}
	return leave(fa, rc);
}

static int f_smp_attach(struct slgw_adapter *a, struct slgw_lun_ref smp, const char *snap,
			struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SMP_ATTACH);
	int rc = 0;
	struct fake_lun *l = lun_by_ref(fa, smp);
	if (!l || !snap_find(fa, snap))
		rc = fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (Snapshot)");
	else
		snprintf(l->attached, sizeof(l->attached), "%s", snap);
	return leave(fa, rc);
}

static int f_smp_detach(struct slgw_adapter *a, struct slgw_lun_ref smp,
			struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_SMP_DETACH);
	int rc = 0;
	struct fake_lun *l = lun_by_ref(fa, smp);
	if (!l)
		rc = fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (pool lun)");
	else
		l->attached[0] = '\0';
	return leave(fa, rc);
}

static int f_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
			const struct slgw_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_LUN_CREATE);
	int rc = 0;
	if (lun_by_name(fa, spec->name)) {
		rc = fail(err, SLGW_AERR_NAME_IN_USE, "(0x712d8d04) name is already in use");
	} else {
		struct fake_lun *l = lun_new(fa, spec->name);
		if (out)
			*out = lun_out(l);
		if (fa->reuse_after_create) {
			/* someone destroys it and a create takes the number */
			fa->reuse_after_create = 0;
			int id = l->id, keep = fa->next_lun;
			l->used = 0;
			fa->next_lun = id;
			lun_new(fa, "foreign-reuse");
			fa->next_lun = keep;
		}
	}
	return leave(fa, rc);
}

static int f_lun_destroy(struct slgw_adapter *a, struct slgw_lun_ref ref, int ds,
			 struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_LUN_DESTROY);
	int rc = 0;
	(void)ds;
	struct fake_lun *l = lun_by_ref(fa, ref);
	if (!l)
		rc = fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (pool lun)");
	else
		l->used = 0;
	return leave(fa, rc);
}

static int f_lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
		     struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_LUN_GET);
	int rc = 0;
	struct fake_lun *l = lun_by_ref(fa, ref);
	if (!l)
		rc = fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (pool lun)");
	else
		*out = lun_out(l);
	return leave(fa, rc);
}

static int f_migrate_start(struct slgw_adapter *a, int src, int dst, enum slgw_migrate_rate r,
			   struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_MIGRATE_START);
	int rc = 0;
	(void)r;
	if (!lun_by_id(fa, src) || !lun_by_id(fa, dst)) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (pool lun)");
	} else {
		fa->mig_src = src;
		fa->mig_dst = dst;
		fa->mig_polls = 0;
		fa->mig_active = 1;
	}
	return leave(fa, rc);
}

static int f_migrate_status(struct slgw_migration **out, struct slgw_adapter *a, int src,
			    struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_MIGRATE_STATUS);
	int rc = 0;
	if (!fa->mig_active || fa->mig_src != src) {
		rc = fail(err, SLGW_AERR_NOT_FOUND, "no migration");
	} else if (fa->mig_polls >= 2 && !fa->fail_migration) {
		/* Done: the copy takes the source's place; the target goes. */
		fa->mig_active = 0;
		struct fake_lun *d = lun_by_id(fa, fa->mig_dst);
		if (d)
			d->used = 0;
		struct fake_lun *s = lun_by_id(fa, src);
		if (s) {
			s->is_smp = 0;
			s->attached[0] = '\0';
			s->primary = -1;
		}
		rc = fail(err, SLGW_AERR_NOT_FOUND, "no migration");
	} else {
		struct slgw_migration *m = calloc(1, sizeof(*m));
		m->source = src;
		m->dest = fa->mig_dst;
		m->percent = fa->mig_polls * 50;
		snprintf(m->state, sizeof(m->state), "%s",
			 fa->fail_migration && fa->mig_polls >= 1 ? "FAULTED" : "MIGRATING");
		fa->mig_polls++;
		*out = m;
	}
	return leave(fa, rc);
}

static int f_migrate_cancel(struct slgw_adapter *a, int src, struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_MIGRATE_CANCEL);
	(void)src;
	(void)err;
	fa->mig_active = 0;
	pthread_mutex_unlock(&fa->mu);
	return 0;
}

static void f_free(struct slgw_adapter *a) { (void)a; }

/* Read-only slots the broker's reconciliation may call: an array with no
 * LUNs of its own beyond what the tests put there. */
static int f_discover(struct slgw_system_info **out, struct slgw_adapter *a,
		      struct slgw_adapter_error *err)
{
	(void)err;
	struct slgw_system_info *si = calloc(1, sizeof(*si));
	snprintf(si->model, sizeof(si->model), "VNX5300");
	snprintf(si->revision, sizeof(si->revision), "05.32.000.5.201");
	snprintf(si->serial, sizeof(si->serial), "FAKE0001");
	si->caps = FA(a)->caps;
	*out = si;
	return 0;
}

static int f_lun_list(struct slgw_lun **out, size_t *n, struct slgw_adapter *a,
		      struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_OTHER);
	(void)err;
	struct slgw_lun *arr = calloc(FAKE_MAX, sizeof(*arr));
	size_t k = 0;
	for (int i = 0; i < FAKE_MAX; i++)
		if (fa->luns[i].used) {
			struct slgw_lun *l = lun_out(&fa->luns[i]);
			arr[k++] = *l;
			free(l);
		}
	pthread_mutex_unlock(&fa->mu);
	*out = arr;
	*n = k;
	return 0;
}

static int f_empty_list(void **out, size_t *n, size_t size)
{
	*out = calloc(1, size);
	*n = 0;
	return 0;
}

static int f_pool_list(struct slgw_pool **out, size_t *n, struct slgw_adapter *a,
		       struct slgw_adapter_error *err)
{
	(void)a;
	(void)err;
	return f_empty_list((void **)out, n, sizeof(**out));
}

static int f_snap_list(struct slgw_snapshot **out, size_t *n, struct slgw_adapter *a, int lun,
		       struct slgw_adapter_error *err)
{
	(void)a;
	(void)lun;
	(void)err;
	return f_empty_list((void **)out, n, sizeof(**out));
}

static int f_sg_list(struct slgw_storage_group **out, size_t *n, struct slgw_adapter *a,
		     struct slgw_adapter_error *err)
{
	struct fake_adapter *fa = enter(a, FOP_OTHER);
	(void)err;
	struct slgw_storage_group *arr = calloc(65, sizeof(*arr));
	size_t k = 0;
	for (int i = 0; i < 64; i++) {
		const struct fake_group *g = &fa->groups[i];
		if (!g->used)
			continue;
		snprintf(arr[k].name, sizeof(arr[k].name), "%s", g->name);
		group_out_paths(&arr[k], g);
		k++;
	}
	pthread_mutex_unlock(&fa->mu);
	*out = arr;
	*n = k;
	return 0;
}

static int f_migrate_list(struct slgw_migration **out, size_t *n, struct slgw_adapter *a,
			  struct slgw_adapter_error *err)
{
	(void)a;
	(void)err;
	return f_empty_list((void **)out, n, sizeof(**out));
}

static int f_stats(struct slgw_adapter_stat **out, size_t *n, struct slgw_adapter *a)
{
	(void)a;
	return f_empty_list((void **)out, n, sizeof(**out));
}

static const struct slgw_adapter_ops fake_ops = {
	.version = SLGW_ADAPTER_OPS_VERSION,
	.family = "fake",
	.caps = ~0u,
	.capabilities = f_caps,
	.discover = f_discover,
	.lun_list = f_lun_list,
	.pool_list = f_pool_list,
	.snap_list = f_snap_list,
	.sg_list = f_sg_list,
	.migrate_list = f_migrate_list,
	.stats = f_stats,
	.lun_create = f_lun_create,
	.lun_destroy = f_lun_destroy,
	.lun_get = f_lun_get,
	.snap_create = f_snap_create,
	.snap_destroy = f_snap_destroy,
	.snap_restore = f_snap_restore,
	.smp_create = f_smp_create,
	.smp_attach = f_smp_attach,
	.smp_detach = f_smp_detach,
	.migrate_start = f_migrate_start,
	.migrate_status = f_migrate_status,
	.migrate_cancel = f_migrate_cancel,
	.sg_create = f_sg_create,
	.sg_destroy = f_sg_destroy,
	.sg_get = f_sg_get,
	.hlu_add = f_hlu_add,
	.hlu_remove = f_hlu_remove,
	.path_register = f_path_register,
	.host_set = f_host_set,
	.hba_list = f_hba_list,
	.hba_remove = f_hba_remove,
	.free = f_free,
};

void fake_adapter_init(struct fake_adapter *fa, unsigned caps)
{
	memset(fa, 0, sizeof(*fa));
	fa->base.ops = &fake_ops;
	fa->caps = caps;
	fa->next_lun = 100;
	pthread_mutex_init(&fa->mu, NULL);
}

void fake_adapter_destroy(struct fake_adapter *fa) { pthread_mutex_destroy(&fa->mu); }

/* The calls of slots from .. to-1, read under the lock. */
static int count_range(struct fake_adapter *fa, int from, int to)
{
	int n = 0;
	pthread_mutex_lock(&fa->mu);
	for (int i = from; i < to; i++)
		n += fa->counts[i];
	pthread_mutex_unlock(&fa->mu);
	return n;
}

int fake_count(struct fake_adapter *fa, enum fake_op op)
{
	return count_range(fa, (int)op, (int)op + 1);
}

int fake_total(struct fake_adapter *fa)
{
	return count_range(fa, 0, FOP__COUNT);
}

void fake_reset_counts(struct fake_adapter *fa)
{
	pthread_mutex_lock(&fa->mu);
	memset(fa->counts, 0, sizeof(fa->counts));
	fa->nlog = 0;
	pthread_mutex_unlock(&fa->mu);
}

int fake_add_group(struct fake_adapter *fa, const char *name)
{
	struct slgw_adapter_error e;

	return fa->base.ops->sg_create(&fa->base, name, &e);
}

void fake_steal_hlu(struct fake_adapter *fa, const char *group, int hlu, int alu)
{
	pthread_mutex_lock(&fa->mu);
	struct fake_group *g = group_find(fa, group);
	if (g)
		g->hlu_alu[hlu] = alu;
	pthread_mutex_unlock(&fa->mu);
}

void fake_put_initiator(struct fake_adapter *fa, const char *group, const char *uid)
{
	struct slgw_adapter_error e;
	if (!fake_group_find(fa, group))
		fa->base.ops->sg_create(&fa->base, group, &e);
	pthread_mutex_lock(&fa->mu);
	struct fake_group *g = group_find(fa, group);
	if (g)
		uid_move(fa, g, uid);
	pthread_mutex_unlock(&fa->mu);
}

int fake_group_has(struct fake_adapter *fa, const char *group, const char *uid)
{
	int yes = 0;
	pthread_mutex_lock(&fa->mu);
	struct fake_group *g = group_find(fa, group);
	for (int k = 0; g && k < g->nuids; k++)
		yes |= strcasecmp(g->uids[k], uid) == 0;
	pthread_mutex_unlock(&fa->mu);
	return yes;
}

int fake_add_lun_at(struct fake_adapter *fa, const char *name, int id)
{
	pthread_mutex_lock(&fa->mu);
	int rc = -1;
	if (!lun_by_id(fa, id)) {
		int keep = fa->next_lun;
		fa->next_lun = id;
		struct fake_lun *l = lun_new(fa, name);
		fa->next_lun = keep;
		rc = l ? id : -1;
	}
	return leave(fa, rc);
}

void fake_lun_wwn(char *out, size_t len, struct fake_adapter *fa, int id)
{
	pthread_mutex_lock(&fa->mu);
	struct fake_lun *l = lun_by_id(fa, id);
	struct slgw_lun *o = l ? lun_out(l) : NULL;
	snprintf(out, len, "%s", o ? o->wwn : "");
	free(o);
	pthread_mutex_unlock(&fa->mu);
}

int fake_add_lun(struct fake_adapter *fa, const char *name)
{
	pthread_mutex_lock(&fa->mu);
	int id = lun_new(fa, name)->id;
	pthread_mutex_unlock(&fa->mu);
	return id;
}

void fake_lun_make(void *fa, const char *name, int *id, char *wwn, size_t len)
{
	*id = fake_add_lun(fa, name);
	fake_lun_wwn(wwn, len, fa, *id);
}

int fake_lun_exists(struct fake_adapter *fa, const char *name)
{
	pthread_mutex_lock(&fa->mu);
	int r = lun_by_name(fa, name) != NULL;
	pthread_mutex_unlock(&fa->mu);
	return r;
}

int fake_snap_exists(struct fake_adapter *fa, const char *name)
{
	pthread_mutex_lock(&fa->mu);
	int r = snap_find(fa, name) != NULL;
	pthread_mutex_unlock(&fa->mu);
	return r;
}

int fake_lun_count(struct fake_adapter *fa)
{
	int n = 0;
	pthread_mutex_lock(&fa->mu);
	for (int i = 0; i < FAKE_MAX; i++)
		n += fa->luns[i].used;
	pthread_mutex_unlock(&fa->mu);
	return n;
}
