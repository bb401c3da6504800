/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_map.c - mapping a volume's LUN into a host's storage group.
 *
 * The store holds the HLU of every mapping, so the common case - assigning
 * to a host already registered - reads the store, reserves an HLU there
 * atomically (store_assignment_reserve) and sends exactly one command,
 * `storagegroup -addhlu`.  The array is only re-read when it contradicts
 * us (HLU in use: someone mapped behind our back).  Callers of the same
 * (volume, host) serialize on the key "asg/<volume>/<host>" of the broker's
 * key locks, and hold "reg/<host>/<system>" while reserving so that an
 * unassign destroying an emptied group cannot race a new assignment into it.
 *
 * A requested HLU (a pool's shared SR needs the same HLU on every host)
 * goes through the same reservation: the store's unique (host, system,
 * HLU) index decides between concurrent callers, and the one -addhlu
 * proves it free on the array too.  It is never moved: taken in the store
 * or on the array is a conflict naming the holder, with nothing mapped.
 *
 * Failure policy: an -addhlu that failed deletes the reserved HLU; a
 * -removehlu that failed leaves the assignment in place.
 */
#include "broker_access.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Holds the key of the (volume, host) mapping in kl (the caller releases
 * it, also on failure) and reads the mapping's record under it: NULL in
 * *out when there is none. */
static int lock_assignment(store_assignment **out, struct broker_access_keylock *kl,
			   const struct broker_access_env *env, int64_t vol, int64_t host,
			   struct broker_status *st)
{
	store *s = env->s;
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	f.volume_id = vol;
	f.host_id = host;
	*out = NULL;
	broker_access_asg_lock(env->locks, kl, s, vol, host);
	int rc = store_assignment_list(&arr, &n, s, &f);
	if (rc)
		return broker_fail_store(st, rc, "assignments");
	for (size_t i = 0; i < n; i++) {
		if (arr[i].volume_id == vol && arr[i].host_id == host) {
			store_assignment_get(out, s, arr[i].id);
			break;
		}
	}
	store_assignment_array_free(arr, n);
	return 0;
}

/* HLU the volume already has on another host of the same tenant. */
static int shared_hlu(store *s, int64_t vol, const store_host *host)
{
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	int hlu = -1;
	f.volume_id = vol;
	if (store_assignment_list(&arr, &n, s, &f))
		return -1;
	for (size_t i = 0; i < n && hlu < 0; i++) {
		if (arr[i].volume_id != vol || arr[i].host_id == host->id)
			continue;
		store_host *other = NULL;
		if (store_host_get(&other, s, arr[i].host_id) == 0 &&
		    other->tenant_id == host->tenant_id)
			hlu = arr[i].hlu;
		store_host_free(other);
	}
	store_assignment_array_free(arr, n);
	return hlu;
}

static int build_assign_result(json_t **result, store *s, const store_assignment *asg,
			       const store_volume *vol, const store_system *sys,
			       const store_host_system *hs, struct broker_status *st)
{
	store_port *ports = NULL;
	size_t nports = 0;
	store_filter f = { 0 };
	f.system_id = sys->id;
	int rc = store_port_list(&ports, &nports, s, &f);
	if (rc)
		return broker_fail_store(st, rc, "target ports");
	/* Offer only the targets the host can log in to: an iSCSI-only host
	 * has no use for FC WWPNs and vice versa.  A host whose initiators
	 * cannot be read gets every target rather than none. */
	int want_iscsi = 1, want_fc = 1;
	store_initiator *inits = NULL;
	size_t ninits = 0;
	store_filter fi = { 0 };
	fi.host_id = asg->host_id;
	if (store_initiator_list(&inits, &ninits, s, &fi) == 0 && ninits > 0) {
		want_iscsi = want_fc = 0;
		for (size_t i = 0; i < ninits; i++) {
			if (inits[i].kind == STORE_PROTO_FC)
				want_fc = 1;
			else
				want_iscsi = 1;
		}
	}
	store_initiator_array_free(inits, ninits);
	json_t *targets = json_array();
	for (size_t i = 0; i < nports; i++) {
		const store_port *p = &ports[i];
		char sp = p->sp ? p->sp[0] : '?';
		json_t *t;
		if (p->proto == STORE_PROTO_ISCSI ? !want_iscsi : !want_fc)
			continue;
		if (p->proto == STORE_PROTO_ISCSI) {
			if (!broker_access_allowed_ports_match(sys->iscsi_ports, sp, p->port_id))
				continue;
			char portal[96];
			snprintf(portal, sizeof(portal), "%s:3260", p->ip ? p->ip : "");
			t = json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "sp", p->sp ? p->sp : "",
				      "port_id", p->port_id, "vport_id", p->vport_id, "protocol",
				      "iscsi", "iqn", p->address ? p->address : "", "portal", portal);
		} else {
			/* The array names an FC port WWNN:WWPN; a host zones and
			 * logs in by the WWPN half. */
			const char *a = p->address ? p->address : "";
			const char *wwpn = strlen(a) == 47 ? a + 24 : a;
			t = json_pack("{s:s, s:i, s:s, s:s}", "sp", p->sp ? p->sp : "", "port_id",
				      p->port_id, "protocol", "fc", "wwpn", wwpn);
		}
		if (t)
			json_array_append_new(targets, t);
	}
	store_port_array_free(ports, nports);
	*result = json_pack("{s:I, s:I, s:I, s:I, s:s, s:I, s:i, s:i, s:s, s:o}",
			    "assignment_id", (json_int_t)asg->id,
			    "volume_id", (json_int_t)asg->volume_id,
			    "host_id", (json_int_t)asg->host_id,
			    "system_id", (json_int_t)asg->system_id,
			    "wwn", vol->wwn ? vol->wwn : "",
			    "lun_id", (json_int_t)vol->lun_id,
			    "hlu", asg->hlu,
			    "failover_mode", broker_access_mode_of(hs->failover_applied),
			    "storage_group", hs->storage_group ? hs->storage_group : "",
			    "targets", targets);
	if (!*result)
		return broker_fail(st, SLGW_INTERNAL, "building the assignment answer");
	return 0;
}

/* Fill used[] from the group as the array has it plus every HLU the store
 * holds for (host, system) except assignment `self`.  Returns the HLU at
 * which the array already maps alu, or -1. */
static int mark_used(unsigned char *used, const struct slgw_storage_group *g, store *s,
		     int64_t host, int64_t sys, int64_t self, int alu)
{
	int found = -1;
	memset(used, 0, BROKER_ACCESS_HLU_MAX + 1);
	for (size_t i = 0; g && i < g->n_hlus; i++) {
		if (g->hlus[i].hlu >= 0 && g->hlus[i].hlu <= BROKER_ACCESS_HLU_MAX)
			used[g->hlus[i].hlu] = 1;
		if (g->hlus[i].alu == alu)
			found = g->hlus[i].hlu;
	}
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	f.host_id = host;
	f.system_id = sys;
	if (store_assignment_list(&arr, &n, s, &f) == 0) {
		for (size_t i = 0; i < n; i++)
			if (arr[i].id != self && arr[i].hlu >= 0 && arr[i].hlu <= BROKER_ACCESS_HLU_MAX)
				used[arr[i].hlu] = 1;
		store_assignment_array_free(arr, n);
	}
	return found;
}

int broker_access_lun_confirm(const struct broker_access_env *env, int alu, const char *name,
			      const char *wwn, struct broker_status *st)
{
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error err;
	int rc;

	if (alu < 0 || !name || !name[0])
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "LUN %d has no recorded name to prove it is ours: not touched", alu);
	broker_access_step(env, "lun-confirm");
	slgw_adapter_error_clear(&err);
	struct slgw_lun_ref ref = { alu, NULL };
	rc = env->a->ops->lun_get(&l, env->a, ref, &err);
	if (rc == -(int)SLGW_AERR_NOT_FOUND)
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "LUN number %d (%s) is no longer on the array", alu, name);
	if (rc) {
		char what[160];
		snprintf(what, sizeof(what), "confirming LUN number %d is %s", alu, name);
		return broker_fail_adapter(st, &err, what);
	}
	if (strcmp(l->name, name) != 0 ||
	    (wwn && wwn[0] && (!l->wwn[0] || strcasecmp(l->wwn, wwn) != 0)))
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "LUN number %d is now \"%s\" (WWN %s), not %s (WWN %s): the array "
				 "reused the number; the LUN is not ours and is not touched", alu,
				 l->name, l->wwn[0] ? l->wwn : "?", name, wwn && wwn[0] ? wwn : "?");
	slgw_lun_free(l);
	return rc;
}

int broker_access_volume_confirm(const struct broker_access_env *env, const store_volume *vol,
				 struct broker_status *st)
{
	char derived[BROKER_NAME_MAX] = "";
	const char *name = vol->lun_name;
	if (!name || !name[0]) {
		/* a row that never recorded its name: the one it was given */
		broker_name_make(derived, sizeof(derived), store_instance_id(env->s), BROKER_NAME_LUN,
				 vol->id);
		name = derived;
	}
	return broker_access_lun_confirm(env, (int)vol->lun_id, name, vol->wwn, st);
}

/* "volume <id> ("<name>")" for a caller who owns host tenant `tenant`: the
 * name only when the volume is that tenant's (an admin's host: any), so a
 * conflict never tells a tenant another tenant's names. */
static void name_volume(char *buf, size_t len, const store_volume *v, int64_t tenant)
{
	if (tenant == 0 || v->tenant_id == tenant)
		snprintf(buf, len, "volume %" PRId64 " (\"%s\")", v->id, v->name ? v->name : "?");
	else
		snprintf(buf, len, "a volume of another tenant");
}

/* Who holds HLU `hlu` of host on sys in the store (another volume's
 * assignment), named for the host's tenant into buf; 0 when one does. */
static int store_holder(char *buf, size_t len, store *s, const store_host *host, int64_t sys,
			int hlu, int64_t self_vol)
{
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	int found = -1;
	f.host_id = host->id;
	f.system_id = sys;
	if (store_assignment_list(&arr, &n, s, &f))
		return -1;
	for (size_t i = 0; i < n && found < 0; i++) {
		if (arr[i].hlu != hlu || arr[i].volume_id == self_vol)
			continue;
		store_volume *v = NULL;
		if (store_volume_get(&v, s, arr[i].volume_id) == 0)
			name_volume(buf, len, v, host->tenant_id);
		else
			snprintf(buf, len, "volume %" PRId64, arr[i].volume_id);
		store_volume_free(v);
		found = 0;
	}
	store_assignment_array_free(arr, n);
	return found;
}

/* The array LUN number alu of system sys, named for the host's tenant:
 * the gateway's volume that has it, else the bare number. */
static void lun_holder(char *buf, size_t len, store *s, int64_t sys, int alu, int64_t tenant)
{
	store_volume *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	f.system_id = sys;
	snprintf(buf, len, "array LUN %d, which this gateway does not manage", alu);
	if (store_volume_list(&arr, &n, s, &f))
		return;
	for (size_t i = 0; i < n; i++)
		if (arr[i].system_id == sys && arr[i].lun_id == alu &&
		    arr[i].state != STORE_STATE_DELETED) {
			name_volume(buf, len, &arr[i], tenant);
			break;
		}
	store_volume_array_free(arr, n);
}

/* Map asg's HLU on the array, moving it when the array contradicts the
 * store.  At most a handful of rounds: each round learns the array's view.
 * `strict` (a requested HLU): never move; the HLU held on the array by
 * another LUN is a conflict, and the volume found mapped under another
 * HLU is recorded there (store == array) and a conflict too.  *mapped
 * says whether the volume is mapped in the group when this returns. */
static int map_on_array(store_assignment *asg, const struct broker_access_env *env,
			const store_volume *vol, const store_host *host, const char *group,
			int min_hlu, int strict, int *mapped, struct broker_status *st)
{
	struct slgw_adapter_error err;
	unsigned char used[BROKER_ACCESS_HLU_MAX + 1];

	if (vol->lun_id < 0 && vol->clone_kind == STORE_CLONE_LINKED && vol->lun_name &&
	    env->a->ops->sg_add_snapshot) {
		/* A SnapView snapshot (a linked clone where VNX Snapshots are
		 * absent) has no LUN number: it is presented by its name,
		 * which is the gateway's. */
		broker_access_step(env, "addsnapshot");
		slgw_adapter_error_clear(&err);
		int rc = env->a->ops->sg_add_snapshot(env->a, group, asg->hlu, vol->lun_name, &err);
		if (rc == 0 || err.cls == SLGW_AERR_ALREADY_MAPPED)
			return 0;
		char what[160];
		snprintf(what, sizeof(what), "presenting SnapView snapshot %s as HLU %d in %s",
			 vol->lun_name, asg->hlu, group);
		return broker_fail_adapter(st, &err, what);
	}
	/* -addhlu takes a LUN number only, and numbers are reused: map only
	 * what still carries the volume's name and WWN. */
	int crc = broker_access_volume_confirm(env, vol, st);
	if (crc)
		return crc;
	for (int round = 0; round < 8; round++) {
		broker_access_step(env, "addhlu");
		slgw_adapter_error_clear(&err);
		int rc = env->a->ops->hlu_add(env->a, group, asg->hlu, (int)vol->lun_id, &err);
		if (rc == 0)
			return 0;
		if (err.cls != SLGW_AERR_HLU_IN_USE && err.cls != SLGW_AERR_ALREADY_MAPPED) {
			char what[160];
			snprintf(what, sizeof(what), "mapping LUN %" PRId64 " as HLU %d in %s",
				 vol->lun_id, asg->hlu, group);
			return broker_fail_adapter(st, &err, what);
		}
		/* The array disagrees with our record: read the group once. */
		struct slgw_storage_group *g = NULL;
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->sg_get(&g, env->a, group, &err);
		if (rc)
			return broker_fail_adapter(st, &err, "re-reading storage group");
		int at = mark_used(used, g, env->s, asg->host_id, asg->system_id, asg->id,
				   (int)vol->lun_id);
		int holder = -1; /* the array LUN at our HLU */
		for (size_t i = 0; g && i < g->n_hlus; i++)
			if (g->hlus[i].hlu == asg->hlu)
				holder = g->hlus[i].alu;
		slgw_storage_group_free(g);
		if (at >= 0) {
			/* Already mapped (a previous attempt landed): adopt its HLU. */
			int wanted = asg->hlu;
			rc = store_assignment_set_hlu(env->s, asg->id, at);
			if (rc)
				return broker_fail_store(st, rc, "recording the HLU");
			asg->hlu = at;
			*mapped = 1;
			if (strict && at != wanted)
				return broker_fail(st, BROKER_ACCESS_HLU_CONFLICT,
						   "volume %" PRId64 " is already mapped in storage group "
						   "%s as HLU %d, not %d: unassign it first", vol->id,
						   group, at, wanted);
			return 0;
		}
		if (strict) {
			char who[160];
			if (holder >= 0)
				lun_holder(who, sizeof(who), env->s, asg->system_id, holder,
					   host->tenant_id);
			else
				snprintf(who, sizeof(who), "another LUN");
			return broker_fail(st, BROKER_ACCESS_HLU_CONFLICT,
					   "HLU %d in storage group %s is held by %s", asg->hlu, group,
					   who);
		}
		for (;;) {
			int pick = broker_access_hlu_pick(used, min_hlu, -1);
			if (pick < 0)
				return broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
						   "storage group %s has no free HLU", group);
			rc = store_assignment_set_hlu(env->s, asg->id, pick);
			if (rc == 0) {
				asg->hlu = pick;
				break;
			}
			if (rc != STORE_EEXISTS)
				return broker_fail_store(st, rc, "moving the HLU");
			used[pick] = 1; /* taken in the store meanwhile */
		}
	}
	return broker_fail(st, SLGW_ABORTED, "storage group %s: HLUs kept changing under us; retry",
			   group);
}

struct assign_ctx {
	store_volume *vol;
	store_host *host;
	store_system *sys;
};

static void assign_ctx_free(struct assign_ctx *c)
{
	store_volume_free(c->vol);
	store_host_free(c->host);
	store_system_free(c->sys);
}

static int load_pair(struct assign_ctx *c, store *s, int64_t volume_id, int64_t host_id,
		     struct broker_status *st)
{
	int rc;
	memset(c, 0, sizeof(*c));
	rc = store_volume_get(&c->vol, s, volume_id);
	if (rc || c->vol->state == STORE_STATE_DELETED)
		return rc && rc != STORE_ENOTFOUND ? broker_fail_store(st, rc, "volume")
		       : broker_fail(st, SLGW_NOT_FOUND, "volume %" PRId64 " not found", volume_id);
	rc = store_host_get(&c->host, s, host_id);
	if (rc)
		return rc == STORE_ENOTFOUND
		       ? broker_fail(st, SLGW_NOT_FOUND, "host %" PRId64 " not found", host_id)
		       : broker_fail_store(st, rc, "host");
	rc = store_system_get(&c->sys, s, c->vol->system_id);
	if (rc)
		return broker_fail_store(st, rc, "storage system of the volume");
	return 0;
}

/* A reservation (new, or left by an earlier attempt) under another HLU
 * than the requested `want`: move a leftover there, give a new one back;
 * BROKER_ACCESS_HLU_CONFLICT naming who holds `want`. */
static int reserve_exact(store_assignment *asg, int fresh, const struct broker_access_env *env,
			 const struct assign_ctx *c, int want, struct broker_status *st)
{
	char who[160];
	if (asg->hlu == want)
		return 0;
	if (!fresh) {
		int rc = store_assignment_set_hlu(env->s, asg->id, want);
		if (rc == 0) {
			asg->hlu = want;
			return 0;
		}
		if (rc != STORE_EEXISTS)
			return broker_fail_store(st, rc, "moving the HLU");
	} else {
		store_assignment_delete(env->s, asg->id);
	}
	if (store_holder(who, sizeof(who), env->s, c->host, c->sys->id, want, c->vol->id))
		snprintf(who, sizeof(who), "another volume");
	return broker_fail(st, BROKER_ACCESS_HLU_CONFLICT,
			   "HLU %d of host %s on storage system %s is held by %s", want,
			   c->host->name, c->sys->name, who);
}

int broker_access_assign(json_t **result, const struct broker_access_env *env, int64_t volume_id,
		  int64_t host_id, struct broker_status *st)
{
	return broker_access_assign_hlu(result, env, volume_id, host_id, -1, st);
}

int broker_access_assign_hlu(json_t **result, const struct broker_access_env *env,
			     int64_t volume_id, int64_t host_id, int want, struct broker_status *st)
{
	struct assign_ctx c;
	store_assignment *asg = NULL;
	store_host_system *hs = NULL;
	struct broker_access_keylock kl, rkl;
	int rc, fresh = 1, mapped = 0;

	if (want > BROKER_ACCESS_HLU_MAX)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "hlu: %d is out of range 0..%d", want,
				   BROKER_ACCESS_HLU_MAX);
	rc = load_pair(&c, env->s, volume_id, host_id, st);
	if (rc)
		goto out_nolock;
	if (c.vol->state != STORE_STATE_READY ||
	    (c.vol->lun_id < 0 && c.vol->clone_kind != STORE_CLONE_LINKED)) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "volume %" PRId64 " is %s, not ready: it cannot be assigned",
				 volume_id, store_state_name(c.vol->state));
		goto out_nolock;
	}
	int min_hlu = c.sys->hlu0_allowed ? 0 : 1;
	if (want >= 0 && want < min_hlu) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "hlu: storage system %s does not allow HLU 0 (hlu0Allowed is off)",
				 c.sys->name);
		goto out_nolock;
	}
	/* Idempotent fast path: mapped already -> the same answer, no command. */
	rc = lock_assignment(&asg, &kl, env, volume_id, host_id, st);
	if (rc)
		goto out;
	if (asg && asg->state == STORE_ASG_READY) {
		if (want >= 0 && asg->hlu != want) {
			rc = broker_fail(st, BROKER_ACCESS_HLU_CONFLICT,
					 "volume %" PRId64 " is already assigned to host %s as HLU %d, "
					 "not %d: unassign it first", volume_id, c.host->name, asg->hlu,
					 want);
			goto out;
		}
		rc = store_host_system_get(&hs, env->s, host_id, c.sys->id);
		if (rc) {
			rc = broker_fail_store(st, rc, "host registration record");
			goto out;
		}
		rc = build_assign_result(result, env->s, asg, c.vol, c.sys, hs, st);
		goto out;
	}
	store_assignment_free(asg);
	asg = NULL;

	/* The HLU is reserved in the store under the host's registration key:
	 * the store's unique (host, system, HLU) decides between concurrent
	 * callers, so two volumes asking one HLU of a host get it once. */
	broker_access_reg_lock(env->locks, &rkl, env->s, host_id, c.sys->id);
	rc = broker_access_host_register_locked(&hs, env, c.host, c.sys, st);
	if (rc == 0) {
		rc = store_assignment_reserve(&asg, env->s, volume_id, host_id, c.sys->id, min_hlu,
					      want >= 0 ? want : shared_hlu(env->s, volume_id, c.host));
		if (rc == STORE_EEXISTS) {
			rc = 0; /* an earlier attempt stopped half way: finish it */
			fresh = 0;
		} else if (rc == STORE_EQUOTA) {
			rc = broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
					 "host %s has no free HLU on storage system %s",
					 c.host->name, c.sys->name);
		} else if (rc) {
			rc = broker_fail_store(st, rc, "reserving an HLU");
		}
		if (rc == 0 && want >= 0)
			rc = reserve_exact(asg, fresh, env, &c, want, st);
	}
	broker_access_key_unlock(env->locks, &rkl);
	if (rc)
		goto out;

	rc = map_on_array(asg, env, c.vol, c.host, hs->storage_group, min_hlu, want >= 0, &mapped,
			  st);
	if (rc && mapped) {
		/* Mapped under the HLU the array has (recorded): say so. */
		store_assignment_set_state(env->s, asg->id, STORE_ASG_READY);
		goto out;
	}
	if (rc) {
		/* Nothing mapped: forget the reservation so store == array. */
		store_assignment_delete(env->s, asg->id);
		goto out;
	}
	rc = store_assignment_set_state(env->s, asg->id, STORE_ASG_READY);
	if (rc) {
		rc = broker_fail_store(st, rc, "marking the assignment ready");
		goto out;
	}
	asg->state = STORE_ASG_READY;
	rc = build_assign_result(result, env->s, asg, c.vol, c.sys, hs, st);
out:
	broker_access_key_unlock(env->locks, &kl);
out_nolock:
	store_assignment_free(asg);
	store_host_system_free(hs);
	assign_ctx_free(&c);
	return rc;
}

int broker_access_host_prepare(json_t **result, const struct broker_access_env *env,
			       int64_t host_id, int64_t system_id, struct broker_status *st)
{
	store_host *host = NULL;
	store_system *sys = NULL;
	store_host_system *hs = NULL;
	int rc = store_host_get(&host, env->s, host_id);
	if (rc) {
		rc = rc == STORE_ENOTFOUND
		     ? broker_fail(st, SLGW_NOT_FOUND, "host %" PRId64 " not found", host_id)
		     : broker_fail_store(st, rc, "host");
		goto out;
	}
	rc = store_system_get(&sys, env->s, system_id);
	if (rc) {
		rc = rc == STORE_ENOTFOUND
		     ? broker_fail(st, SLGW_NOT_FOUND, "storage system %" PRId64 " not found",
				   system_id)
		     : broker_fail_store(st, rc, "storage system");
		goto out;
	}
	rc = broker_access_host_register(&hs, env, host, sys, st);
	if (rc)
		goto out;
	*result = json_pack("{s:I, s:I, s:s, s:i, s:i}", "host_id", (json_int_t)host_id,
			    "system_id", (json_int_t)system_id, "storage_group",
			    hs->storage_group ? hs->storage_group : "", "failover_mode",
			    broker_access_mode_of(hs->failover_applied), "paths", hs->paths);
	if (!*result)
		rc = broker_fail(st, SLGW_INTERNAL, "out of memory");
out:
	store_host_system_free(hs);
	store_system_free(sys);
	store_host_free(host);
	return rc;
}

int broker_access_unassign(json_t **result, const struct broker_access_env *env, int64_t volume_id,
		    int64_t host_id, struct broker_status *st)
{
	store_assignment *asg = NULL;
	store_host_system *hs = NULL;
	store_system *sys = NULL;
	struct slgw_adapter_error err;
	struct broker_access_keylock kl;
	int rc, destroyed = 0, did = 0;

	rc = lock_assignment(&asg, &kl, env, volume_id, host_id, st);
	if (rc)
		goto out;
	if (!asg)
		goto answer; /* not assigned: success, nothing to do */
	rc = store_system_get(&sys, env->s, asg->system_id);
	if (rc == 0)
		rc = store_host_system_get(&hs, env->s, host_id, asg->system_id);
	if (rc) {
		rc = broker_fail_store(st, rc, "assignment's storage system");
		goto out;
	}
	store_assignment_set_state(env->s, asg->id, STORE_ASG_UNASSIGNING);
	slgw_adapter_error_clear(&err);
	store_volume *uv = NULL;
	if (store_volume_get(&uv, env->s, volume_id) == 0 && uv->lun_id < 0 &&
	    uv->clone_kind == STORE_CLONE_LINKED && uv->lun_name && env->a->ops->sg_remove_snapshot) {
		/* a SnapView snapshot leaves its group by its name */
		broker_access_step(env, "removesnapshot");
		rc = env->a->ops->sg_remove_snapshot(env->a, hs->storage_group, uv->lun_name, &err);
	} else {
		broker_access_step(env, "removehlu");
		rc = env->a->ops->hlu_remove(env->a, hs->storage_group, asg->hlu, &err);
	}
	store_volume_free(uv);
	if (rc && err.cls != SLGW_AERR_NOT_FOUND) {
		/* Still mapped on the array: keep saying so. */
		store_assignment_set_state(env->s, asg->id, STORE_ASG_READY);
		char what[160];
		snprintf(what, sizeof(what), "unmapping HLU %d from %s", asg->hlu,
			 hs->storage_group);
		rc = broker_fail_adapter(st, &err, what);
		goto out;
	}
	rc = store_assignment_delete(env->s, asg->id);
	if (rc) {
		rc = broker_fail_store(st, rc, "deleting the assignment");
		goto out;
	}
	did = 1;
	/* only the gateway's own group, never an adopted one */
	if (sys->destroy_empty_sg && broker_access_group_is_own(env->s, host_id, hs->storage_group)) {
		struct broker_access_keylock rkl;
		broker_access_reg_lock(env->locks, &rkl, env->s, host_id, sys->id);
		if (broker_access_host_assignment_count(env->s, host_id, sys->id) == 0) {
			broker_access_step(env, "sg-destroy");
			slgw_adapter_error_clear(&err);
			int drc = env->a->ops->sg_destroy(env->a, hs->storage_group, &err);
			if (drc == 0 || err.cls == SLGW_AERR_NOT_FOUND) {
				store_host_system_delete(env->s, host_id, sys->id);
				destroyed = 1;
			}
			/* A group that refuses to go is harmless: it stays on
			 * record and is reused by the next assignment. */
		}
		broker_access_key_unlock(env->locks, &rkl);
	}
answer:
	*result = json_pack("{s:I, s:I, s:b, s:b}", "volume_id", (json_int_t)volume_id,
			    "host_id", (json_int_t)host_id, "unassigned", did,
			    "group_destroyed", destroyed);
	rc = *result ? 0 : broker_fail(st, SLGW_INTERNAL, "out of memory");
out:
	broker_access_key_unlock(env->locks, &kl);
	store_assignment_free(asg);
	store_host_system_free(hs);
	store_system_free(sys);
	return rc;
}
