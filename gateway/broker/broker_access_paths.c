/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access_paths.c - which initiator paths a host gets on an array,
 * and sending them.
 *
 * The plan is the pure decider's (broker_access_plan_paths) over the
 * target ports discovery stored, the system's allowed-port list and, for
 * FC only, the array's own view of who is logged in (`port -list -hba`).
 *
 * Sending: one `storagegroup -setpath` per path.  The paths are
 * independent commands (each names group, host, IP and failover mode), so
 * they go env->parallel at once: a host new to an array with 2 initiators
 * on 4 iSCSI ports waits for 2 command times instead of 8.  Threads are
 * started per registration (a registration is rare: once per host and
 * array) and take paths from a shared index; the adapter's own in-flight
 * limit still bounds what reaches the array.  The first failure stops the
 * taking and is reported once the commands already sent have ended, so
 * the caller's undo (destroying a group it created) never races a
 * -setpath into that group.
 */
#include "broker_access.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int broker_access_plan_for(struct broker_access_path_plan *plan,
			   const struct broker_access_env *env, const store_system *sys,
			   const store_initiator *inits, size_t ninits, struct broker_status *st)
{
	store_filter f = { 0 };
	store_port *ports = NULL;
	size_t nports = 0;
	struct slgw_hba *hbas = NULL;
	size_t nhbas = 0;
	int rc, need_fc = 0;

	f.system_id = sys->id;
	rc = store_port_list(&ports, &nports, env->s, &f);
	if (rc)
		return broker_fail_store(st, rc, "target ports");
	for (size_t i = 0; i < ninits; i++)
		if (inits[i].kind == STORE_PROTO_FC)
			need_fc = 1;
	if (need_fc) {
		struct slgw_adapter_error err;
		slgw_adapter_error_clear(&err);
		rc = env->a->ops->hba_list(&hbas, &nhbas, env->a, &err);
		if (rc) {
			store_port_array_free(ports, nports);
			return broker_fail_adapter(st, &err, "listing logged-in initiators");
		}
	}
	struct broker_access_port *ap = calloc(nports + 1, sizeof(*ap));
	struct broker_access_initiator *ai = calloc(ninits + 1, sizeof(*ai));
	struct broker_access_login *al = calloc(nhbas + 1, sizeof(*al));
	if (!ap || !ai || !al) {
		rc = broker_fail(st, SLGW_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nports; i++) {
		ap[i].sp = ports[i].sp ? ports[i].sp[0] : 0;
		ap[i].port_id = ports[i].port_id;
		ap[i].vport_id = ports[i].vport_id;
		ap[i].is_iscsi = ports[i].proto == STORE_PROTO_ISCSI;
		ap[i].wwn = ports[i].address;
		ap[i].ip = ports[i].ip;
	}
	for (size_t i = 0; i < ninits; i++) {
		ai[i].kind = inits[i].kind == STORE_PROTO_FC ? BROKER_ACCESS_INIT_FC : BROKER_ACCESS_INIT_ISCSI;
		ai[i].id = inits[i].address;
	}
	for (size_t i = 0; i < nhbas; i++) {
		al[i].hba_uid = hbas[i].uid;
		al[i].sp = hbas[i].sp;
		al[i].port_id = hbas[i].sp_port;
		al[i].logged_in = hbas[i].logged_in;
	}
	rc = broker_access_plan_paths(plan, ai, ninits, ap, nports, al, nhbas, sys->iscsi_ports);
	if (rc)
		rc = broker_fail(st, SLGW_INTERNAL, "planning paths: out of memory");
out:
	free(ap);
	free(ai);
	free(al);
	slgw_hba_array_free(hbas, nhbas);
	store_port_array_free(ports, nports);
	return rc;
}

/* One -setpath of a plan. */
static int register_one(const struct broker_access_env *env, const store_host *host,
			const char *group, const struct broker_access_path *p, int mode,
			struct broker_status *st)
{
	struct slgw_initiator_path ip = {
		.group = group,
		.hba_uid = p->hba_uid,
		.sp = p->sp,
		.sp_port = p->port_id,
		.vport_id = p->vport_id,
		.host = host->name,
		.host_ip = host->ip,
		.initiator_type = 3,
		.failover_mode = mode,
		.arraycommpath = 1,
	};
	struct slgw_adapter_error err;
	slgw_adapter_error_clear(&err);
	int rc = env->a->ops->path_register(env->a, &ip, &err);
	if (rc && err.cls != SLGW_AERR_ALREADY_MAPPED) {
		char what[512];
		snprintf(what, sizeof(what), "registering %s on SP %c port %d for host %s",
			 p->hba_uid, p->sp, p->port_id, host->name);
		return broker_fail_adapter(st, &err, what);
	}
	return 0;
}

/* The paths of a plan, shared by the workers that register them: each
 * takes the next index; the first failure stops the taking. */
struct path_run {
	const struct broker_access_env *env;
	const store_host *host;
	const char *group;
	const struct broker_access_path_plan *plan;
	int mode;
	pthread_mutex_t mu;
	size_t next;
	int rc;
	struct broker_status st;
};

static void *path_worker(void *arg)
{
	struct path_run *r = arg;
	for (;;) {
		pthread_mutex_lock(&r->mu);
		if (r->rc || r->next >= r->plan->count) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		size_t i = r->next++;
		pthread_mutex_unlock(&r->mu);
		struct broker_status st;
		memset(&st, 0, sizeof(st));
		int rc = register_one(r->env, r->host, r->group, &r->plan->paths[i], r->mode, &st);
		if (rc) {
			pthread_mutex_lock(&r->mu);
			if (!r->rc) {
				r->rc = rc;
				r->st = st;
			}
			pthread_mutex_unlock(&r->mu);
		}
	}
}

/* The plan's paths, env->parallel at once (see the top of the file). */
int broker_access_register_paths(const struct broker_access_env *env, const store_host *host,
				 const char *group, const struct broker_access_path_plan *plan,
				 int mode, struct broker_status *st)
{
	enum { PARALLEL_MAX = 64 };
	size_t want = env->parallel > 0 ? (size_t)env->parallel : 4;
	if (want > PARALLEL_MAX)
		want = PARALLEL_MAX;
	if (want > plan->count)
		want = plan->count;
	if (want <= 1) {
		for (size_t i = 0; i < plan->count; i++) {
			int rc = register_one(env, host, group, &plan->paths[i], mode, st);
			if (rc)
				return rc;
		}
		return 0;
	}
	struct path_run r = { .env = env, .host = host, .group = group, .plan = plan,
			      .mode = mode };
	if (pthread_mutex_init(&r.mu, NULL))
		return broker_fail(st, SLGW_INTERNAL, "registering paths: no mutex");
	pthread_t t[PARALLEL_MAX];
	size_t started = 0;
	/* This thread is one worker; a thread that cannot be started only
	 * means fewer commands at once. */
	while (started + 1 < want && pthread_create(&t[started], NULL, path_worker, &r) == 0)
		started++;
	path_worker(&r);
	for (size_t i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	pthread_mutex_destroy(&r.mu);
	if (r.rc && st)
		*st = r.st;
	return r.rc;
}
