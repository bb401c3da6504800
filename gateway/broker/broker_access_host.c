/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_host.c - registering hosts (and their initiators and
 * failover mode) on arrays, undoing it, and the drift check; plus the key
 * locks the host-access engine serializes on.  Mapping LUNs is in
 * broker_access_map.c.
 *
 * Design
 * ------
 * The store is the gateway's memory of every storage group it manages:
 * store_host_system says "host H is registered on array S, group G, mode
 * M, N paths", so a host already on record costs no array command, and the
 * array is only re-read when it contradicts us.
 *
 * Concurrency: two key locks, in a table owned by the broker
 * (struct broker_access_locks, handed in through the env).  "reg/<host>/<system>" makes one
 * caller register a host while the others wait and then find it on record
 * (32 first-time assignments to one host register it once); it is also
 * held while an HLU is reserved so that an unassign destroying an emptied
 * group cannot race a new assignment into it.  "asg/<volume>/<host>"
 * serializes callers of the same mapping so that 8 callers at once end
 * with one mapping and 8 identical answers.  Neither is a global lock: a
 * slow array blocks only callers of the same host or mapping.
 *
 * A host new to an array costs: storagegroup -list (its initiators are in
 * no group the gateway does not manage for it), -create, and one -setpath
 * per path - sent env->parallel at once, since the paths are independent,
 * so that registration takes about four command times rather than ten.
 * broker_access_host_prepare does exactly this ahead of the first
 * assignment, which then costs the LUN confirm and -addhlu only.
 *
 * Failure policy: after any failure the store says exactly what the array
 * has - a registration that failed half way destroys the group it created
 * and records nothing.
 */
#include "broker_access.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ key locks */

int broker_access_locks_init(struct broker_access_locks *l)
{
	l->head = NULL;
	if (pthread_mutex_init(&l->mu, NULL))
		return -1;
	if (pthread_cond_init(&l->cv, NULL)) {
		pthread_mutex_destroy(&l->mu);
		return -1;
	}
	return 0;
}

void broker_access_locks_destroy(struct broker_access_locks *l)
{
	pthread_cond_destroy(&l->cv);
	pthread_mutex_destroy(&l->mu);
}

static struct broker_access_keylock *kl_find(struct broker_access_locks *l, const char *key)
{
	for (struct broker_access_keylock *k = l->head; k; k = k->next)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

void broker_access_key_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    const char *key)
{
	snprintf(slot->key, sizeof(slot->key), "%s", key);
	pthread_mutex_lock(&l->mu);
	while (kl_find(l, slot->key))
		pthread_cond_wait(&l->cv, &l->mu);
	slot->next = l->head;
	l->head = slot;
	pthread_mutex_unlock(&l->mu);
}

void broker_access_key_unlock(struct broker_access_locks *l, struct broker_access_keylock *slot)
{
	pthread_mutex_lock(&l->mu);
	for (struct broker_access_keylock **pp = &l->head; *pp; pp = &(*pp)->next) {
		if (*pp == slot) {
			*pp = slot->next;
			break;
		}
	}
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

void broker_access_reg_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    store *s, int64_t host, int64_t sys)
{
	char key[sizeof(slot->key)];
	snprintf(key, sizeof(key), "reg/%p/%" PRId64 "/%" PRId64, (void *)s, host, sys);
	broker_access_key_lock(l, slot, key);
}

void broker_access_asg_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    store *s, int64_t vol, int64_t host)
{
	char key[sizeof(slot->key)];
	snprintf(key, sizeof(key), "asg/%p/%" PRId64 "/%" PRId64, (void *)s, vol, host);
	broker_access_key_lock(l, slot, key);
}

/* ------------------------------------------------------------ helpers */

void broker_access_step(const struct broker_access_env *env, const char *name)
{
	if (env->step)
		env->step(env->job, name);
}

void broker_access_progress(const struct broker_access_env *env, int percent)
{
	if (env->progress)
		env->progress(env->job, percent);
}

int broker_access_mode_of(store_failover f)
{
	return f == STORE_FAILOVER_ALUA ? BROKER_ACCESS_FAILOVER_ALUA :
	       f == STORE_FAILOVER_PNR ? BROKER_ACCESS_FAILOVER_PNR : 0;
}

static store_failover failover_of(int mode)
{
	return mode == BROKER_ACCESS_FAILOVER_ALUA ? STORE_FAILOVER_ALUA : STORE_FAILOVER_PNR;
}

static int array_alua_capable(const struct broker_access_env *env, const store_system *sys)
{
	unsigned caps = env->a->ops->capabilities(env->a);
	return (caps & SLGW_CAP_ALUA) && broker_access_model_supports_alua(sys->model, sys->revision);
}

/* Decide the mode for host on sys (wish overrides the host record's). */
static int decide_mode(int *mode, const struct broker_access_env *env, const store_host *host,
		       const store_system *sys, store_failover wish, struct broker_status *st)
{
	struct broker_status why;
	const char *policy = sys->failover_policy == STORE_FAILOVER_ALUA ? "alua" :
			     sys->failover_policy == STORE_FAILOVER_PNR ? "pnr" : NULL;
	int rc = broker_access_failover_decide(mode, array_alua_capable(env, sys), policy,
					broker_access_mode_of(wish), &why);
	if (rc == -(int)SLGW_FAILED_PRECONDITION)
		return broker_fail(st, why.code, "host %s on storage system %s: %s",
				   host->name, sys->name, why.message);
	if (rc)
		return broker_fail(st, why.code, "host %s: %s", host->name, why.message);
	return 0;
}

/* ------------------------------------------------------------ group names */

int broker_access_group_name(char *out, size_t len, store *s, int64_t host_id)
{
	const char *inst = store_instance_id(s);
	if (len)
		out[0] = '\0';
	if (host_id <= 0 || !broker_name_valid_instance(inst))
		return -1;
	int n = snprintf(out, len, "slgw-%s-h%" PRId64, inst, host_id);
	if (n < 0 || (size_t)n >= len) {
		if (len)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

int broker_access_group_is_own(store *s, int64_t host_id, const char *group)
{
	char own[BROKER_NAME_MAX];
	return group && broker_access_group_name(own, sizeof(own), s, host_id) == 0 &&
	       strcasecmp(own, group) == 0;
}

/* 1 when a claim (failover not applied) was written by an admin's
 * adoption (broker_access_host_adopt_group), which alone allows an
 * existing group of that name to be used. */
static int claim_is_adoption(const store_host_system *hs)
{
	return hs->failover_applied == STORE_FAILOVER_UNSET &&
	       hs->paths == BROKER_ACCESS_CLAIM_ADOPT;
}

/* 1 when the array's HBA UID `uid` is initiator `ini` (FC: the WWPN half
 * of "WWNN:WWPN"; both compared without case, as the array does). */
static int uid_is(const char *uid, const store_initiator *ini)
{
	size_t len = strlen(uid);
	const char *w = ini->kind == STORE_PROTO_FC && len == 47 ? uid + 24 : uid;
	return strcasecmp(w, ini->address) == 0;
}

/* An initiator the array already holds in a group other than `group` is
 * someone else's: -setpath would move it (and the LUNs its host sees) into
 * ours.  The array's own listing decides, not the store: the group may be
 * an operator's or another gateway's.  FAILED_PRECONDITION naming the
 * group; 0 when every initiator is free or already in `group`. */
static int initiators_free_check(const struct broker_access_env *env, const store_system *sys,
				 const store_initiator *inits, size_t ninits, const char *group,
				 struct broker_status *st)
{
	struct slgw_storage_group *gs = NULL;
	size_t ng = 0;
	struct slgw_adapter_error err;
	int rc;

	broker_access_step(env, "initiator-check");
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->sg_list(&gs, &ng, env->a, &err);
	if (rc)
		return broker_fail_adapter(st, &err, "listing storage groups");
	for (size_t g = 0; g < ng && rc == 0; g++) {
		if (strcasecmp(gs[g].name, group) == 0)
			continue;
		for (size_t p = 0; p < gs[g].n_paths && rc == 0; p++)
			for (size_t i = 0; i < ninits && rc == 0; i++)
				if (uid_is(gs[g].paths[p].uid, &inits[i]))
					rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
							 "initiator %s is registered in storage group "
							 "'%s' on storage system %s, which this gateway "
							 "does not manage for this host: remove it there "
							 "first (the array would move it, and take that "
							 "group's LUNs away from its host)",
							 inits[i].address, gs[g].name, sys->name);
	}
	slgw_storage_group_array_free(gs, ng);
	return rc;
}

/* broker_access_host_register with the reg key lock already held. */
int broker_access_host_register_locked(store_host_system **out, const struct broker_access_env *env,
				const store_host *host, const store_system *sys,
				struct broker_status *st)
{
	store_host_system *hs = NULL;
	store_initiator *inits = NULL;
	size_t ninits = 0;
	struct broker_access_path_plan plan = { NULL, 0 };
	struct slgw_adapter_error err;
	char group[BROKER_ACCESS_HOSTNAME_MAX + 1], own[BROKER_NAME_MAX];
	int rc, mode, created = 0, claimed_before = 0, may_adopt = 0;

	rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == 0 && hs->failover_applied != STORE_FAILOVER_UNSET) {
		if (out)
			*out = hs;
		else
			store_host_system_free(hs);
		return 0;
	}
	if (rc && rc != STORE_ENOTFOUND)
		return broker_fail_store(st, rc, "host registration record");
	if (broker_access_group_name(own, sizeof(own), env->s, host->id)) {
		store_host_system_free(hs);
		return broker_fail(st, SLGW_INTERNAL, "host %s: cannot name its storage group",
				   host->name);
	}
	/* The group: the one a claim names (an admin's adoption, or this
	 * gateway's own claim left by an interrupted registration), else
	 * the gateway's own name for the host.  An existing array group is
	 * used only when an admin adopted it, or when it carries our own
	 * name (created by us before a crash); a group merely named like
	 * the tenant's host is never touched. */
	if (rc == 0 && hs->storage_group && hs->storage_group[0]) {
		snprintf(group, sizeof(group), "%s", hs->storage_group);
		claimed_before = 1;
		may_adopt = claim_is_adoption(hs) || strcasecmp(group, own) == 0;
	} else {
		snprintf(group, sizeof(group), "%s", own);
	}
	store_host_system_free(hs);
	hs = NULL;

	/* naviseccli -setpath creates the array's host record from -host and
	 * -ip together: without an address the array cannot register it. */
	if (!host->ip || !host->ip[0])
		return broker_fail(st, SLGW_FAILED_PRECONDITION,
				   "host %s has no IP address, and the array registers a host's "
				   "initiators under its name and IP: set the host's hostAddress "
				   "(modifyHost with hostAddress = the host's management IP), then "
				   "assign again", host->name);
	store_filter f = { 0 };
	f.host_id = host->id;
	rc = store_initiator_list(&inits, &ninits, env->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "host initiators");
	if (ninits == 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "host %s has no initiators: add an IQN or WWPN first", host->name);
		goto out;
	}
	rc = decide_mode(&mode, env, host, sys, host->failover_wanted, st);
	if (rc)
		goto out;
	rc = broker_access_plan_for(&plan, env, sys, inits, ninits, st);
	if (rc)
		goto out;
	if (plan.count == 0) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "host %s: no path to storage system %s (no iSCSI port allowed, "
				 "or the FC initiators are not logged in to the array)",
				 host->name, sys->name);
		goto out;
	}

	rc = initiators_free_check(env, sys, inits, ninits, group, st);
	if (rc)
		goto out;

	/* Claim the group in the store BEFORE the array is touched.  The
	 * store's unique (system, storage_group) index decides, so two
	 * concurrent registrations (different reg keys) cannot both win and
	 * an adopted group serves one host only.  The claim (failover not
	 * applied yet) reads as "not registered" everywhere; a crash leaves
	 * it to be completed by the next try. */
	if (!claimed_before) {
		store_host_system claim = {
			.host_id = host->id,
			.system_id = sys->id,
			.storage_group = group,
			.failover_applied = STORE_FAILOVER_UNSET,
			.paths = 0,
		};
		rc = store_host_system_set(env->s, &claim);
		if (rc == STORE_EEXISTS) {
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "storage group '%s' on storage system '%s' already serves "
					 "another host of this gateway", group, sys->name);
			goto out;
		}
		if (rc) {
			rc = broker_fail_store(st, rc, "claiming the storage group");
			goto out;
		}
	}
	broker_access_step(env, "sg-create");
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->sg_create(env->a, group, &err);
	if (rc == 0) {
		created = 1;
	} else if (err.cls != SLGW_AERR_NAME_IN_USE) {
		char what[160];
		snprintf(what, sizeof(what), "creating storage group %s", group);
		rc = broker_fail_adapter(st, &err, what);
		if (!claimed_before)
			store_host_system_delete(env->s, host->id, sys->id);
		goto out;
	} else if (!may_adopt) {
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "storage group '%s' already exists on storage system '%s' and this "
				 "gateway did not create it: it is not used unless an admin adopts "
				 "it for host %s", group, sys->name, host->name);
		if (!claimed_before)
			store_host_system_delete(env->s, host->id, sys->id);
		goto out;
	}
	broker_access_step(env, "setpath");
	rc = broker_access_register_paths(env, host, group, &plan, mode, st);
	if (rc)
		goto undo;
	store_host_system rec = {
		.host_id = host->id,
		.system_id = sys->id,
		.storage_group = group,
		.failover_applied = failover_of(mode),
		.paths = (int)plan.count,
	};
	rc = store_host_system_set(env->s, &rec);
	if (rc) {
		rc = broker_fail_store(st, rc, "recording host registration");
		goto out;
	}
	if (out) {
		rc = store_host_system_get(out, env->s, host->id, sys->id);
		if (rc)
			rc = broker_fail_store(st, rc, "host registration record");
	}
	goto out;
undo:
	if (created) {
		/* Leave the array as the store says: not registered. */
		struct broker_status keep = *st;
		slgw_adapter_error_clear(&err);
		env->a->ops->sg_destroy(env->a, group, &err);
		*st = keep;
		if (!claimed_before)
			store_host_system_delete(env->s, host->id, sys->id);
	}
	/* Some paths may be registered in an adopted group: keep the
	 * claim then, so no other host adopts it meanwhile. */
out:
	broker_access_path_plan_free(&plan);
	store_initiator_array_free(inits, ninits);
	return rc;
}

int broker_access_host_adopt_group(const struct broker_access_env *env, const store_host *host,
				   const store_system *sys, const char *group,
				   struct broker_status *st)
{
	store_host_system *hs = NULL;
	struct slgw_storage_group *g = NULL;
	struct slgw_adapter_error err;
	struct broker_access_keylock kl;
	int rc;

	rc = broker_access_hostname_valid(group, st);
	if (rc)
		return rc;
	broker_access_reg_lock(env->locks, &kl, env->s, host->id, sys->id);
	rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == 0 && hs->failover_applied != STORE_FAILOVER_UNSET) {
		if (hs->storage_group && strcasecmp(hs->storage_group, group) == 0)
			rc = 0; /* adopted (or registered) already: nothing to do */
		else
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "host %s is registered on storage system %s in group '%s'; "
					 "unassign its volumes (the group goes with the last) first",
					 host->name, sys->name, hs->storage_group ? hs->storage_group : "");
		goto out;
	}
	if (rc && rc != STORE_ENOTFOUND) {
		rc = broker_fail_store(st, rc, "host registration record");
		goto out;
	}
	/* Adopting means using what exists: the group must be there. */
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->sg_get(&g, env->a, group, &err);
	if (rc) {
		char what[160];
		snprintf(what, sizeof(what), "reading storage group %s", group);
		rc = broker_fail_adapter(st, &err, what);
		goto out;
	}
	store_host_system claim = {
		.host_id = host->id,
		.system_id = sys->id,
		.storage_group = (char *)group,
		.failover_applied = STORE_FAILOVER_UNSET,
		.paths = BROKER_ACCESS_CLAIM_ADOPT,
	};
	rc = store_host_system_set(env->s, &claim);
	if (rc == STORE_EEXISTS)
		rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
				 "storage group '%s' on storage system '%s' already serves another "
				 "host of this gateway", group, sys->name);
	else if (rc)
		rc = broker_fail_store(st, rc, "recording the adoption");
out:
	broker_access_key_unlock(env->locks, &kl);
	slgw_storage_group_free(g);
	store_host_system_free(hs);
	return rc;
}

int broker_access_host_register(store_host_system **out, const struct broker_access_env *env,
			 const store_host *host, const store_system *sys,
			 struct broker_status *st)
{
	struct broker_access_keylock kl;
	broker_access_reg_lock(env->locks, &kl, env->s, host->id, sys->id);
	int rc = broker_access_host_register_locked(out, env, host, sys, st);
	broker_access_key_unlock(env->locks, &kl);
	return rc;
}

/* The (volume, host) assignment, or NULL. */
int broker_access_host_assignment_count(store *s, int64_t host, int64_t sys)
{
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	f.host_id = host;
	f.system_id = sys;
	if (store_assignment_list(&arr, &n, s, &f))
		return -1;
	int count = 0;
	for (size_t i = 0; i < n; i++)
		if (arr[i].host_id == host && arr[i].system_id == sys)
			count++;
	store_assignment_array_free(arr, n);
	return count;
}

int broker_access_failover_check(int *mode_out, const struct broker_access_env *env, const store_host *host,
			  const store_system *sys, store_failover wanted, int host_offline,
			  struct broker_status *st)
{
	store_host_system *hs = NULL;
	int rc, mode;

	*mode_out = 0;
	rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == 0 && hs->failover_applied == STORE_FAILOVER_UNSET) {
		store_host_system_free(hs); /* only claimed: not registered yet */
		rc = STORE_ENOTFOUND;
	}
	if (rc == STORE_ENOTFOUND)
		return 0; /* not registered there: the next registration uses the wish */
	if (rc)
		return broker_fail_store(st, rc, "host registration record");
	rc = decide_mode(&mode, env, host, sys, wanted, st);
	if (rc == 0 && mode != broker_access_mode_of(hs->failover_applied)) {
		int n = broker_access_host_assignment_count(env->s, host->id, sys->id);
		if (n > 0 && !host_offline)
			rc = broker_fail(st, SLGW_FAILED_PRECONDITION,
					 "host %s has %d LUN(s) assigned on storage system %s: the "
					 "host must be offline to change its failover mode from %d "
					 "to %d (say so with host_offline)",
					 host->name, n, sys->name, broker_access_mode_of(hs->failover_applied),
					 mode);
		else
			*mode_out = mode;
	}
	store_host_system_free(hs);
	return rc;
}

int broker_access_failover_apply(const struct broker_access_env *env, const store_host *host,
			  const store_system *sys, int mode, struct broker_status *st)
{
	store_host_system *hs = NULL;
	struct slgw_adapter_error err;
	int rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc)
		return broker_fail_store(st, rc, "host registration record");
	broker_access_step(env, "sethost");
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->host_set(env->a, hs->storage_group, host->name, mode, 1, &err);
	if (rc) {
		rc = broker_fail_adapter(st, &err, "changing the failover mode");
	} else {
		hs->failover_applied = failover_of(mode);
		rc = store_host_system_set(env->s, hs);
		if (rc)
			rc = broker_fail_store(st, rc, "recording the failover mode");
	}
	store_host_system_free(hs);
	return rc;
}

int broker_access_initiator_register(const struct broker_access_env *env, const store_host *host,
			      const store_system *sys, const store_initiator *ini,
			      struct broker_status *st)
{
	store_host_system *hs = NULL;
	struct broker_access_path_plan plan = { NULL, 0 };
	struct broker_access_keylock kl;
	int rc;

	broker_access_reg_lock(env->locks, &kl, env->s, host->id, sys->id);
	rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == STORE_ENOTFOUND ||
	    (rc == 0 && hs->failover_applied == STORE_FAILOVER_UNSET)) {
		/* not registered (at most claimed): the registration will
		 * register every initiator, this one included */
		rc = 0;
		goto out;
	}
	if (rc) {
		rc = broker_fail_store(st, rc, "host registration record");
		goto out;
	}
	rc = initiators_free_check(env, sys, ini, 1, hs->storage_group, st);
	if (rc)
		goto out;
	rc = broker_access_plan_for(&plan, env, sys, ini, 1, st);
	if (rc)
		goto out;
	broker_access_step(env, "setpath");
	rc = broker_access_register_paths(env, host, hs->storage_group, &plan, broker_access_mode_of(hs->failover_applied),
			    st);
	if (rc)
		goto out;
	hs->paths += (int)plan.count;
	rc = store_host_system_set(env->s, hs);
	if (rc)
		rc = broker_fail_store(st, rc, "recording the paths");
out:
	broker_access_key_unlock(env->locks, &kl);
	broker_access_path_plan_free(&plan);
	store_host_system_free(hs);
	return rc;
}

/* Remove the array's registrations of one initiator (FC: every HBA UID
 * whose WWPN half matches). */
static int deregister_one(const struct broker_access_env *env, const store_initiator *ini,
			  struct broker_status *st)
{
	struct slgw_adapter_error err;
	int rc;

	slgw_adapter_error_clear(&err);
	if (ini->kind != STORE_PROTO_FC) {
		rc = env->a->ops->hba_remove(env->a, ini->address, &err);
		if (rc && err.cls != SLGW_AERR_NOT_FOUND)
			return broker_fail_adapter(st, &err, "deregistering an initiator");
		return 0;
	}
	struct slgw_hba *hbas = NULL;
	size_t n = 0;
	rc = env->a->ops->hba_list(&hbas, &n, env->a, &err);
	if (rc)
		return broker_fail_adapter(st, &err, "listing initiators");
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t len = strlen(hbas[i].uid);
		const char *wwpn = len == 47 ? hbas[i].uid + 24 : hbas[i].uid;
		if (strcasecmp(wwpn, ini->address) != 0)
			continue;
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(hbas[j].uid, hbas[i].uid) == 0)
				dup = 1;
		if (dup)
			continue;
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->hba_remove(env->a, hbas[i].uid, &err);
		if (rc && err.cls == SLGW_AERR_NOT_FOUND)
			rc = 0;
		if (rc)
			rc = broker_fail_adapter(st, &err, "deregistering an FC initiator");
	}
	slgw_hba_array_free(hbas, n);
	return rc;
}

int broker_access_initiator_deregister(const struct broker_access_env *env, const store_host *host,
				const store_system *sys, const store_initiator *ini,
				struct broker_status *st)
{
	store_host_system *hs = NULL;
	int rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return broker_fail_store(st, rc, "host registration record");
	broker_access_step(env, "removehba");
	rc = deregister_one(env, ini, st);
	store_host_system_free(hs);
	return rc;
}

int broker_access_host_unregister(const struct broker_access_env *env, const store_host *host,
			   const store_system *sys, struct broker_status *st)
{
	store_host_system *hs = NULL;
	store_initiator *inits = NULL;
	size_t ninits = 0;
	struct slgw_adapter_error err;
	struct broker_access_keylock kl;
	int rc;

	broker_access_reg_lock(env->locks, &kl, env->s, host->id, sys->id);
	rc = store_host_system_get(&hs, env->s, host->id, sys->id);
	if (rc == STORE_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc) {
		rc = broker_fail_store(st, rc, "host registration record");
		goto out;
	}
	/* Only the gateway's own group goes, and only empty: an adopted
	 * group (or one recorded before groups had the gateway's names) is
	 * an operator's and stays. */
	struct slgw_storage_group *g = NULL;
	slgw_adapter_error_clear(&err);
	if (!broker_access_group_is_own(env->s, host->id, hs->storage_group))
		rc = 0;
	else
		rc = env->a->ops->sg_get(&g, env->a, hs->storage_group, &err);
	if (rc == 0 && g && g->n_hlus == 0) {
		broker_access_step(env, "sg-destroy");
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->sg_destroy(env->a, hs->storage_group, &err);
		if (rc && err.cls == SLGW_AERR_NOT_FOUND)
			rc = 0;
	} else if (rc && err.cls == SLGW_AERR_NOT_FOUND) {
		rc = 0;
	}
	slgw_storage_group_free(g);
	if (rc) {
		rc = broker_fail_adapter(st, &err, "removing the host's storage group");
		goto out;
	}
	store_filter f = { 0 };
	f.host_id = host->id;
	rc = store_initiator_list(&inits, &ninits, env->s, &f);
	if (rc) {
		rc = broker_fail_store(st, rc, "host initiators");
		goto out;
	}
	for (size_t i = 0; i < ninits && rc == 0; i++)
		rc = deregister_one(env, &inits[i], st);
	if (rc == 0) {
		rc = store_host_system_delete(env->s, host->id, sys->id);
		if (rc == STORE_ENOTFOUND)
			rc = 0;
		if (rc)
			rc = broker_fail_store(st, rc, "dropping the registration record");
	}
out:
	broker_access_key_unlock(env->locks, &kl);
	store_initiator_array_free(inits, ninits);
	store_host_system_free(hs);
	return rc;
}

static void drift_add(json_t *drift, const char *host, const char *ini, const char *field,
		      const char *applied, const char *array)
{
	json_array_append_new(drift, json_pack("{s:s, s:s, s:s, s:s, s:s}", "host", host,
					       "initiator", ini, "field", field, "applied",
					       applied, "array", array));
}

static void drift_int(json_t *drift, const char *host, const char *ini, const char *field,
		      int applied, int array)
{
	char a[16], b[16];
	snprintf(a, sizeof(a), "%d", applied);
	snprintf(b, sizeof(b), "%d", array);
	drift_add(drift, host, ini, field, a, b);
}

int broker_access_drift_check(json_t **drift, const struct broker_access_env *env, const store_system *sys,
		       struct broker_status *st)
{
	store_host_system *hs = NULL;
	size_t nhs = 0;
	struct slgw_hba *hbas = NULL;
	size_t nh = 0;
	struct slgw_adapter_error err;
	store_filter f = { 0 };
	int rc;

	*drift = json_array();
	f.system_id = sys->id;
	rc = store_host_system_list(&hs, &nhs, env->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "host registrations");
	if (nhs == 0)
		goto out;
	slgw_adapter_error_clear(&err);
	rc = env->a->ops->hba_list(&hbas, &nh, env->a, &err);
	if (rc) {
		rc = broker_fail_adapter(st, &err, "listing registered initiators");
		goto out;
	}
	for (size_t i = 0; i < nhs; i++) {
		if (hs[i].system_id != sys->id || hs[i].failover_applied == STORE_FAILOVER_UNSET)
			continue; /* only claimed: nothing applied to compare */
		store_host *host = NULL;
		store_initiator *inits = NULL;
		size_t ni = 0;
		if (store_host_get(&host, env->s, hs[i].host_id))
			continue;
		store_filter fi = { 0 };
		fi.host_id = host->id;
		if (store_initiator_list(&inits, &ni, env->s, &fi) == 0) {
			int applied = broker_access_mode_of(hs[i].failover_applied);
			for (size_t k = 0; k < ni; k++) {
				int seen = 0;
				for (size_t j = 0; j < nh; j++) {
					size_t len = strlen(hbas[j].uid);
					const char *w = inits[k].kind == STORE_PROTO_FC && len == 47
							? hbas[j].uid + 24 : hbas[j].uid;
					if (strcasecmp(w, inits[k].address) != 0)
						continue;
					seen = 1;
					if (hbas[j].failover_mode >= 0 && hbas[j].failover_mode != applied)
						drift_int(*drift, host->name, inits[k].address,
							  "failover_mode", applied, hbas[j].failover_mode);
					if (hbas[j].initiator_type >= 0 && hbas[j].initiator_type != 3)
						drift_int(*drift, host->name, inits[k].address,
							  "initiator_type", 3, hbas[j].initiator_type);
					if (hbas[j].arraycommpath >= 0 && hbas[j].arraycommpath != 1)
						drift_int(*drift, host->name, inits[k].address,
							  "arraycommpath", 1, hbas[j].arraycommpath);
					if (hbas[j].storage_group[0] && hs[i].storage_group &&
					    strcmp(hbas[j].storage_group, hs[i].storage_group) != 0)
						drift_add(*drift, host->name, inits[k].address,
							  "storage_group", hs[i].storage_group,
							  hbas[j].storage_group);
				}
				if (!seen)
					drift_add(*drift, host->name, inits[k].address, "registration",
						  "registered", "missing");
			}
		}
		store_initiator_array_free(inits, ni);
		store_host_free(host);
	}
out:
	slgw_hba_array_free(hbas, nh);
	store_host_system_array_free(hs, nhs);
	if (rc) {
		json_decref(*drift);
		*drift = NULL;
	}
	return rc;
}
