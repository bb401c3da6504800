/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_array.c - the in-memory array of fake_array.h.  Each slot behaves
 * like the adapter contract says (NAME_IN_USE on a taken name, NOT_FOUND
 * for unknown LUNs, INVALID_ARGS for a non-growing expand) so the broker
 * is tested against the contract, not against the fake's convenience.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_array.h"

#define FA(a) ((struct fake_array *)(a))

static void fail(struct slgw_adapter_error *err, enum slgw_adapter_err cls, const char *msg)
{
	if (err) {
		memset(err, 0, sizeof(*err));
		err->cls = cls;
		snprintf(err->message, sizeof(err->message), "%s", msg);
	}
}

/* Counts the call; returns nonzero (with err) when the array is down. */
static int enter(struct fake_array *fa, enum fake_op op, struct slgw_adapter_error *err)
{
	fa->calls[op]++;
	if (fa->unreachable) {
		fail(err, SLGW_AERR_UNREACHABLE, "A network error occurred while trying to connect");
		return 1;
	}
	return 0;
}

static void gate(struct fake_array *fa)
{
	fa->at_gate++;
	pthread_cond_broadcast(&fa->cv);
	while (fa->gate_closed)
		pthread_cond_wait(&fa->cv, &fa->mu);
	fa->at_gate--;
}

static struct fake_lun *find(struct fake_array *fa, struct slgw_lun_ref ref)
{
	for (int i = 0; i < fa->n_luns; i++) {
		if (ref.id >= 0 && fa->luns[i].id == ref.id)
			return &fa->luns[i];
		if (ref.id < 0 && ref.name && strcmp(fa->luns[i].name, ref.name) == 0)
			return &fa->luns[i];
	}
	return NULL;
}

/* Locks the array and counts the call; a call that changes the array
 * (gated) then waits while the gate is closed.  0, or UNREACHABLE with err
 * set; the lock is held either way. */
static int begin(struct fake_array *fa, enum fake_op op, int gated, struct slgw_adapter_error *err)
{
	pthread_mutex_lock(&fa->mu);
	if (enter(fa, op, err))
		return -(int)SLGW_AERR_UNREACHABLE;
	if (gated)
		gate(fa);
	return 0;
}

/* Unlocks the array after begin and passes rc on: an operation ends with
 * return end(fa, rc). */
static int end(struct fake_array *fa, int rc)
{
	pthread_mutex_unlock(&fa->mu);
	return rc;
}

/* The LUN ref names, or NULL with NOT_FOUND in err and *rc, as the array
 * words it. */
static struct fake_lun *find_or_fail(struct fake_array *fa, struct slgw_lun_ref ref,
				     struct slgw_adapter_error *err, int *rc)
{
	struct fake_lun *l = find(fa, ref);
	if (!l) {
		fail(err, SLGW_AERR_NOT_FOUND, "Could not retrieve the specified (pool lun).");
		*rc = -(int)SLGW_AERR_NOT_FOUND;
	}
	return l;
}

/* begin, then the LUN ref names (NULL when either failed; *rc says why);
 * the operation ends with end() as after begin. */
static struct fake_lun *begin_on_lun(int *rc, struct fake_array *fa, enum fake_op op, int gated,
				     struct slgw_lun_ref ref, struct slgw_adapter_error *err)
{
	*rc = begin(fa, op, gated, err);
	return *rc ? NULL : find_or_fail(fa, ref, err, rc);
}

static struct slgw_lun *to_lun(const struct fake_lun *l)
{
	struct slgw_lun *o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->id = l->id;
	snprintf(o->name, sizeof(o->name), "%s", l->name);
	snprintf(o->wwn, sizeof(o->wwn), "%s", l->wwn);
	o->size_mb = l->size_mb;
	o->thin = l->thin;
	snprintf(o->state, sizeof(o->state), "Ready");
	snprintf(o->operation, sizeof(o->operation), "None");
	o->primary_lun = -1;
	return o;
}

static int add_lun_locked(struct fake_array *fa, const char *name, uint64_t size, int thin)
{
	if (fa->n_luns >= FA_MAX_LUNS)
		return -1;
	struct fake_lun *l = &fa->luns[fa->n_luns++];
	memset(l, 0, sizeof(*l));
	l->id = fa->next_id++;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->size_mb = size;
	l->thin = thin;
	snprintf(l->wwn, sizeof(l->wwn), "60:06:01:60:00:00:00:00:00:00:00:00:00:00:%02X:%02X",
		 (l->id >> 8) & 0xff, l->id & 0xff);
	return l->id;
}

static int f_discover(struct slgw_system_info **out, struct slgw_adapter *a,
		      struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	*out = NULL;
	pthread_mutex_lock(&fa->mu);
	int down = enter(fa, FA_DISCOVER, err);
	int thin = fa->thin_enabler;
	pthread_mutex_unlock(&fa->mu);
	if (down)
		return -(int)SLGW_AERR_UNREACHABLE;
	struct slgw_system_info *s = calloc(1, sizeof(*s));
	s->enablers = calloc(2, sizeof(*s->enablers));
	s->pools = calloc(2, sizeof(*s->pools));
	s->ports = calloc(2, sizeof(*s->ports));
	snprintf(s->model, sizeof(s->model), "VNX5300");
	snprintf(s->revision, sizeof(s->revision), "05.32.000.5.215");
	snprintf(s->serial, sizeof(s->serial), "FAKE00001");
	snprintf(s->sp, sizeof(s->sp), "A");
	s->caps = SLGW_CAP_THICK | SLGW_CAP_ISCSI | SLGW_CAP_EXPAND | (thin ? SLGW_CAP_THIN : 0);
	snprintf(s->enablers[0].name, sizeof(s->enablers[0].name), "VNXSnapshots");
	s->enablers[0].active = 1;
	s->n_enablers = 1;
	if (thin) {
		snprintf(s->enablers[1].name, sizeof(s->enablers[1].name), "ThinProvisioning");
		s->enablers[1].active = 1;
		s->n_enablers = 2;
	}
	s->pools[0].id = 0;
	snprintf(s->pools[0].name, sizeof(s->pools[0].name), "Pool 0");
	snprintf(s->pools[0].state, sizeof(s->pools[0].state), "Ready");
	s->pools[0].capacity_mb = 1000000;
	s->pools[0].free_mb = 800000;
	s->pools[1].id = 1;
	snprintf(s->pools[1].name, sizeof(s->pools[1].name), "Small");
	snprintf(s->pools[1].state, sizeof(s->pools[1].state), "Ready");
	s->pools[1].capacity_mb = 2000;
	s->pools[1].free_mb = 1000;
	s->n_pools = 2;
	for (int i = 0; i < 2; i++) {
		s->ports[i].sp = i ? 'B' : 'A';
		s->ports[i].port_id = 4;
		s->ports[i].vport_id = 0;
		s->ports[i].protocol = SLGW_PROTO_ISCSI;
		snprintf(s->ports[i].wwn, sizeof(s->ports[i].wwn), "iqn.1992-04.com.emc:cx.fake.%c4",
			 i ? 'b' : 'a');
		snprintf(s->ports[i].ip, sizeof(s->ports[i].ip), "10.0.0.%d", 10 + i);
	}
	s->n_ports = 2;
	*out = s;
	return 0;
}

static unsigned f_caps(struct slgw_adapter *a)
{
	return FA(a)->thin_enabler ? SLGW_CAP_THIN | SLGW_CAP_THICK : SLGW_CAP_THICK;
}

static int f_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
			const struct slgw_lun_spec *spec, struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	if (out)
		*out = NULL;
	int rc = begin(fa, FA_LUN_CREATE, 1, err);
	if (rc)
		goto out;
	if (fa->fail_create > 0) {
		fa->fail_create--;
		fail(err, fa->fail_class, "injected failure");
		rc = -(int)fa->fail_class;
		goto out;
	}
	struct slgw_lun_ref ref = { .id = -1, .name = spec->name };
	if (find(fa, ref)) {
		fail(err, SLGW_AERR_NAME_IN_USE, "The name is already in use (0x712d8d04)");
		rc = -(int)SLGW_AERR_NAME_IN_USE;
		goto out;
	}
	int id = add_lun_locked(fa, spec->name, spec->size_mb, spec->thin);
	if (id < 0) {
		fail(err, SLGW_AERR_UNKNOWN, "fake array full");
		rc = -(int)SLGW_AERR_UNKNOWN;
		goto out;
	}
	if (out)
		*out = to_lun(&fa->luns[fa->n_luns - 1]);
out:
	return end(fa, rc);
}

static int f_lun_destroy(struct slgw_adapter *a, struct slgw_lun_ref lun, int destroy_snapshots,
			 struct slgw_adapter_error *err)
{
	(void)destroy_snapshots;
	struct fake_array *fa = FA(a);
	int rc;
	struct fake_lun *l = begin_on_lun(&rc, fa, FA_LUN_DESTROY, 1, lun, err);
	if (l)
		*l = fa->luns[--fa->n_luns];
	return end(fa, rc);
}

static int f_lun_expand(struct slgw_adapter *a, struct slgw_lun_ref lun, uint64_t new_size_mb,
			struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	int rc;
	struct fake_lun *l = begin_on_lun(&rc, fa, FA_LUN_EXPAND, 1, lun, err);
	if (l && new_size_mb <= l->size_mb) {
		fail(err, SLGW_AERR_INVALID_ARGS, "new size must be larger than current (0x712d8e04)");
		rc = -(int)SLGW_AERR_INVALID_ARGS;
	} else if (l) {
		l->size_mb = new_size_mb;
	}
	return end(fa, rc);
}

static int f_lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref lun,
		     struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	*out = NULL;
	int rc;
	struct fake_lun *l = begin_on_lun(&rc, fa, FA_LUN_GET, 0, lun, err);
	if (l)
		*out = to_lun(l);
	return end(fa, rc);
}

static int f_lun_list(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
		      struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	*out = NULL;
	*count = 0;
	int rc = begin(fa, FA_LUN_LIST, 0, err);
	if (rc == 0) {
		struct slgw_lun *arr = calloc((size_t)fa->n_luns + 1, sizeof(*arr));
		for (int i = 0; arr && i < fa->n_luns; i++) {
			struct slgw_lun *one = to_lun(&fa->luns[i]);
			arr[i] = *one;
			free(one);
		}
		*out = arr;
		*count = (size_t)fa->n_luns;
	}
	return end(fa, rc);
}

static int f_hlu_remove(struct slgw_adapter *a, const char *group, int hlu,
			struct slgw_adapter_error *err)
{
	(void)group;
	(void)hlu;
	struct fake_array *fa = FA(a);
	pthread_mutex_lock(&fa->mu);
	int down = enter(fa, FA_HLU_REMOVE, err);
	pthread_mutex_unlock(&fa->mu);
	return down ? -(int)SLGW_AERR_UNREACHABLE : 0;
}

static int f_stats(struct slgw_adapter_stat **out, size_t *count, struct slgw_adapter *a)
{
	static const char *const names[FA__COUNT] = {
		"discover", "lun -create", "lun -list", "lun -destroy", "lun -expand",
		"lun -list -all", "storagegroup -removehlu",
	};
	struct fake_array *fa = FA(a);
	struct slgw_adapter_stat *s = calloc(FA__COUNT, sizeof(*s));
	if (!s)
		return -(int)SLGW_AERR_UNKNOWN;
	pthread_mutex_lock(&fa->mu);
	for (int i = 0; i < FA__COUNT; i++) {
		snprintf(s[i].command, sizeof(s[i].command), "%s", names[i]);
		s[i].cls = SLGW_AERR_OK;
		s[i].count = (uint64_t)fa->calls[i];
		s[i].attempts = (uint64_t)fa->calls[i];
	}
	pthread_mutex_unlock(&fa->mu);
	*out = s;
	*count = FA__COUNT;
	return 0;
}

static void f_free(struct slgw_adapter *a)
{
	(void)a; /* owned by the test */
}

static int f_sg_list(struct slgw_storage_group **out, size_t *count, struct slgw_adapter *a,
		     struct slgw_adapter_error *err)
{
	struct fake_array *fa = FA(a);
	(void)err;
	pthread_mutex_lock(&fa->mu);
	*out = calloc((size_t)fa->n_groups + 1, sizeof(**out));
	for (int i = 0; *out && i < fa->n_groups; i++)
		snprintf((*out)[i].name, sizeof((*out)[i].name), "%s", fa->groups[i]);
	*count = *out ? (size_t)fa->n_groups : 0;
	pthread_mutex_unlock(&fa->mu);
	return *out ? 0 : -(int)SLGW_AERR_UNKNOWN;
}

static const struct slgw_adapter_ops fake_ops = {
	.version = SLGW_ADAPTER_OPS_VERSION,
	.family = "fake",
	.caps = SLGW_CAP_THIN | SLGW_CAP_THICK | SLGW_CAP_EXPAND,
	.discover = f_discover,
	.capabilities = f_caps,
	.lun_create = f_lun_create,
	.lun_destroy = f_lun_destroy,
	.lun_expand = f_lun_expand,
	.lun_get = f_lun_get,
	.lun_list = f_lun_list,
	.hlu_remove = f_hlu_remove,
	.sg_list = f_sg_list,
	.stats = f_stats,
	.free = f_free,
};

void fake_array_init(struct fake_array *fa)
{
	memset(fa, 0, sizeof(*fa));
	fa->base.ops = &fake_ops;
	pthread_mutex_init(&fa->mu, NULL);
	pthread_cond_init(&fa->cv, NULL);
	fa->thin_enabler = 1;
	fa->next_id = 1;
}

void fake_array_destroy(struct fake_array *fa)
{
	pthread_cond_destroy(&fa->cv);
	pthread_mutex_destroy(&fa->mu);
}

int fake_calls(struct fake_array *fa, enum fake_op op)
{
	pthread_mutex_lock(&fa->mu);
	int n = fa->calls[op];
	pthread_mutex_unlock(&fa->mu);
	return n;
}

int fake_lun_count(struct fake_array *fa)
{
	pthread_mutex_lock(&fa->mu);
	int n = fa->n_luns;
	pthread_mutex_unlock(&fa->mu);
	return n;
}

int fake_has_lun(struct fake_array *fa, const char *name, uint64_t *size_mb)
{
	pthread_mutex_lock(&fa->mu);
	struct slgw_lun_ref ref = { .id = -1, .name = name };
	struct fake_lun *l = find(fa, ref);
	if (l && size_mb)
		*size_mb = l->size_mb;
	pthread_mutex_unlock(&fa->mu);
	return l != NULL;
}

int fake_add_lun(struct fake_array *fa, const char *name, uint64_t size_mb)
{
	pthread_mutex_lock(&fa->mu);
	int id = add_lun_locked(fa, name, size_mb, 0);
	pthread_mutex_unlock(&fa->mu);
	return id;
}

int fake_add_lun_at(struct fake_array *fa, const char *name, uint64_t size_mb, int id)
{
	pthread_mutex_lock(&fa->mu);
	int rc = -1;
	if (!find(fa, (struct slgw_lun_ref){ id, NULL })) {
		int keep = fa->next_id;
		fa->next_id = id;
		rc = add_lun_locked(fa, name, size_mb, 0);
		fa->next_id = keep;
		/* a new LUN has a new WWN even when its number is an old one */
		if (rc >= 0)
			snprintf(fa->luns[fa->n_luns - 1].wwn, sizeof(fa->luns[0].wwn),
				 "60:06:01:60:00:00:00:00:00:00:00:00:00:FF:%02X:%02X",
				 (id >> 8) & 0xff, id & 0xff);
	}
	return end(fa, rc);
}

int fake_remove_lun(struct fake_array *fa, const char *name)
{
	pthread_mutex_lock(&fa->mu);
	struct fake_lun *l = find(fa, (struct slgw_lun_ref){ -1, name });
	if (l)
		*l = fa->luns[--fa->n_luns];
	pthread_mutex_unlock(&fa->mu);
	return l ? 0 : -1;
}

void fake_gate(struct fake_array *fa, int closed)
{
	pthread_mutex_lock(&fa->mu);
	fa->gate_closed = closed;
	pthread_cond_broadcast(&fa->cv);
	pthread_mutex_unlock(&fa->mu);
}

void fake_wait_at_gate(struct fake_array *fa, int n)
{
	pthread_mutex_lock(&fa->mu);
	while (fa->at_gate < n)
		pthread_cond_wait(&fa->cv, &fa->mu);
	pthread_mutex_unlock(&fa->mu);
}

void fake_set_unreachable(struct fake_array *fa, int on)
{
	pthread_mutex_lock(&fa->mu);
	fa->unreachable = on;
	pthread_mutex_unlock(&fa->mu);
}
