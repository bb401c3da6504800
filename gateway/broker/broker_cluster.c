/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_cluster.c - several slgwd nodes on one store: array leadership by
 * lease, fencing of job writes and array commands, takeover.
 *
 * Every node serves the API and writes jobs to the store as a single node
 * does; only the leader of a job's array runs it.  A job's array is found
 * from its parameters and object key (broker_cluster_job_system); jobs that
 * span arrays or precede one (system.add, host jobs) belong to "system 0",
 * a lease like the others, so exactly one node runs them too.  Such a job
 * still sends each array's commands only if this node leads that array as
 * well: the adapter of an array led elsewhere is refused to it
 * (broker_cluster_may_reach, UNAVAILABLE, nothing sent; the caller
 * retries), and every command is gated by the lease of its own array.
 * A node that
 * accepts a job for an array it does not lead leaves it queued in the store;
 * the leader's poll (broker_leader.c) queues it, and the accepting node's
 * caller waits by reading the job row (broker_job_wait).
 *
 * One thread per node keeps the leases and does nothing else (lease_main;
 * a slow store call or array command elsewhere never delays a renewal):
 * every lease_ms/3 it records the
 * node as alive, renews what it holds, drops what it could not renew, and
 * acquires leases that are free or expired, up to its share
 * ceil(leases / live nodes); a node above its share hands back one lease
 * per round whose array has no job running here, so a second node that
 * starts later gets its half.  A second thread does the rest, the
 * leader's work (broker_leader.c: recovery of what it took, the poll, the
 * orphan scans); this file starts and stops it, and answers it which
 * arrays were taken (broker_cluster_next_adopt, _next_scan), which are led
 * (broker_cluster_led) and when to look again (broker_cluster_idle).  It
 * is given as a function to broker_cluster_start, so the leases never call
 * up into the job engine that calls them.  With other nodes serving calls,
 * a reservation is only released once RESERVE_GRACE_S old.
 *
 * Fencing has two halves.  The store half: every step, progress and end a
 * job records is written by store_job_*_fenced with the token of the lease
 * the job runs under, checked in the same transaction, so a leader that
 * lost its lease cannot record anything and its job stops at that step.
 * The array half: every adapter is wrapped (broker_cluster_fence.c), and
 * every slot first asks (broker_cluster_may_send) whether the lease is
 * still held AND not within the safety margin of its
 * expiry, judged on this node's monotonic clock from the moment the last
 * renewal was SENT; a paused process, a store it cannot reach and a lease
 * another node took all end in "no", and the command is not sent
 * (UNREACHABLE "this node no longer leads").  The margin (a third of the
 * lease) covers one array command in flight and the clock skew between
 * nodes.
 *
 * Without <cluster> in the configuration, b->cluster is NULL and every
 * answer here is "this node leads everything": nothing else changes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker_cluster.h"
#include "broker_internal.h"

/* A jobless reservation younger than this may be a call between its
 * reserve and its job insert on another node: left alone. */
#define RESERVE_GRACE_S 60

struct held {
	int64_t system_id;
	int64_t token;
	int64_t expires_ms;        /* wall clock, as written to the store */
	long long valid_until;     /* monotonic ms: renewal sent + lease */
	int adopt_pending;         /* taken over: jobs and reservations to recover */
	int scan_pending;          /* taken over: orphan scan still to run */
};

struct broker_cluster {
	char node[65];
	long long lease_ms;
	long long margin_ms;
	pthread_mutex_t mu;        /* guards held[], store_ok */
	pthread_cond_t cv;
	int stop;
	struct held *held;
	size_t nheld;
	int store_ok;
	size_t alive;
	int reserve_grace_s;
	pthread_t thread;          /* the leases (lease_main) */
	pthread_t work;            /* recovery, poll, scans (broker_leader.c) */
	int started, work_started;
};

static _Thread_local struct {
	const broker *b;
	int64_t system_id;
	int64_t token;
	int set;
} fence_tls;

int broker_cluster_on(const broker *b)
{
	return b && b->cluster != NULL;
}

static struct held *held_find_locked(struct broker_cluster *c, int64_t system_id)
{
	for (size_t i = 0; i < c->nheld; i++)
		if (c->held[i].system_id == system_id)
			return &c->held[i];
	return NULL;
}

static void held_drop_locked(struct broker_cluster *c, int64_t system_id)
{
	for (size_t i = 0; i < c->nheld; i++) {
		if (c->held[i].system_id == system_id) {
			c->held[i] = c->held[--c->nheld];
			return;
		}
	}
}

int broker_cluster_leads(broker *b, int64_t system_id, int64_t *token)
{
	if (token)
		*token = 0;
	if (!b->cluster)
		return 1;
	struct broker_cluster *c = b->cluster;
	int ok = 0;
	pthread_mutex_lock(&c->mu);
	struct held *h = held_find_locked(c, system_id);
	if (h && broker_now_ms() < h->valid_until - c->margin_ms) {
		ok = 1;
		if (token)
			*token = h->token;
	}
	pthread_mutex_unlock(&c->mu);
	return ok;
}

void broker_cluster_fence_enter(broker *b, int64_t system_id, int64_t token)
{
	fence_tls.b = b;
	fence_tls.system_id = system_id;
	fence_tls.token = token;
	fence_tls.set = b && b->cluster != NULL;
}

void broker_cluster_fence_leave(void)
{
	memset(&fence_tls, 0, sizeof(fence_tls));
}

int broker_cluster_fence_get(store_fence *f, const broker *b)
{
	if (!b->cluster || !fence_tls.set || fence_tls.b != b)
		return -1;
	f->node = b->cluster->node;
	f->system_id = fence_tls.system_id;
	f->token = fence_tls.token;
	return 0;
}

/* ------------------------------------------------------- job -> array */

static int64_t volume_system(broker *b, int64_t vol)
{
	int64_t sys = 0;
	struct broker_status st;
	if (vol > 0 && broker_volume_system_id(&sys, b->s, vol, &st) == 0)
		return sys;
	return 0;
}

static int64_t json_id(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

int64_t broker_cluster_job_system(broker *b, const char *object, const char *params)
{
	int64_t sys = 0;
	json_error_t jerr;
	json_t *p = params && *params ? json_loads(params, 0, &jerr) : NULL;
	if (p && json_is_object(p)) {
		int64_t id;
		if ((id = json_id(p, "system_id")) > 0) {
			sys = id;
		} else if ((id = json_id(p, "volume_id")) > 0 ||
			   (id = json_id(p, "source_volume_id")) > 0) {
			sys = volume_system(b, id);
		} else if ((id = json_id(p, "pool_id")) > 0) {
			store_pool *pl = NULL;
			if (store_pool_get(&pl, b->s, id) == 0)
				sys = pl->system_id;
			store_pool_free(pl);
		} else if ((id = json_id(p, "snapshot_id")) > 0) {
			store_snapshot *sn = NULL;
			if (store_snapshot_get(&sn, b->s, id) == 0)
				sys = volume_system(b, sn->volume_id);
			store_snapshot_free(sn);
		}
	}
	json_decref(p);
	long long id = 0;
	if (sys == 0 && object) {
		if (sscanf(object, "volume/%lld", &id) == 1)
			sys = volume_system(b, id);
		else if (sscanf(object, "system/%lld", &id) == 1 && id > 0)
			sys = id;
	}
	return sys;
}

/* ---------------------------------------------------------- fencing */

/* 0 when this node may send a command to system adapter_sys now.  Always
 * the lease of the adapter's OWN array: a gateway-wide job (lease 0) that
 * reaches into an array must not send to one another node leads.  A job
 * of that very array also needs its term unchanged (the token it runs
 * under), so a lease lost and taken back mid-job still stops it. */
int broker_cluster_may_send(broker *b, int64_t adapter_sys, char *why, size_t whylen)
{
	int64_t sys = adapter_sys, want = 0, tok = 0;
	int job = fence_tls.set && fence_tls.b == b && fence_tls.system_id == adapter_sys;
	if (job)
		want = fence_tls.token;
	if (broker_cluster_leads(b, sys, &tok) && (!job || tok == want))
		return 0;
	if (why)
		snprintf(why, whylen,
			 "node %s no longer leads storage system %" PRId64
			 " (lease lost or expiring): command not sent", b->cluster->node, sys);
	broker_log("fence: node %s refused an array command for system %" PRId64,
		   b->cluster->node, sys);
	return -1;
}

int broker_cluster_may_reach(broker *b, int64_t system_id, struct broker_status *st)
{
	if (!b->cluster || !fence_tls.set || fence_tls.b != b || fence_tls.system_id == system_id ||
	    broker_cluster_leads(b, system_id, NULL))
		return 0;
	/* A job of another lease (a host job of lease 0 spanning arrays)
	 * needs this array: it is led elsewhere, so nothing is sent from
	 * here; the caller retries once one node leads both. */
	char holder[80] = "another node";
	store_lease *ls = NULL;
	size_t nl = 0;
	if (store_lease_list(&ls, &nl, b->s) == 0)
		for (size_t i = 0; i < nl; i++)
			if (ls[i].system_id == system_id && ls[i].holder[0])
				snprintf(holder, sizeof(holder), "node %.64s", ls[i].holder);
	free(ls);
	broker_log("fence: node %s will not reach storage system %" PRId64
		   " for a job of lease %" PRId64 " (led by %s)", b->cluster->node, system_id,
		   fence_tls.system_id, holder);
	return broker_fail(st, SLGW_UNAVAILABLE,
			   "storage system %" PRId64 " is led by %s, not by node %s that runs this "
			   "job: no command was sent to it; retry the operation", system_id, holder,
			   b->cluster->node);
}

struct gate_ctx {
	broker *b;
	int64_t system_id;
};

static int gate(void *ctx, char *why, size_t whylen)
{
	struct gate_ctx *g = ctx;
	return broker_cluster_may_send(g->b, g->system_id, why, whylen);
}

int broker_cluster_gate(int (**fn)(void *, char *, size_t), void **ctx, broker *b,
			int64_t system_id)
{
	*fn = NULL;
	*ctx = NULL;
	if (!b->cluster)
		return 0;
	struct gate_ctx *g = calloc(1, sizeof(*g));
	if (!g)
		return -1;
	g->b = b;
	g->system_id = system_id;
	*fn = gate;
	*ctx = g;
	return 0;
}

/* ---------------------------------------------------------- the leases */

/* Lease ids of this store: 0 (gateway-wide jobs) and every system. */
static int lease_ids(int64_t **out, size_t *n, broker *b)
{
	store_system *sys = NULL;
	size_t ns = 0;
	*out = NULL;
	*n = 0;
	int rc = store_system_list(&sys, &ns, b->s, NULL);
	if (rc)
		return rc;
	int64_t *ids = calloc(ns + 1, sizeof(*ids));
	if (!ids) {
		store_system_array_free(sys, ns);
		return STORE_ERROR;
	}
	ids[0] = 0;
	for (size_t i = 0; i < ns; i++)
		ids[i + 1] = sys[i].id;
	store_system_array_free(sys, ns);
	*out = ids;
	*n = ns + 1;
	return 0;
}

/* 1 when system_id has an unfinished job (or the store cannot tell):
 * handing it over then would make the next leader recover the job. */
static int system_busy(broker *b, int64_t system_id)
{
	store_job *jobs = NULL;
	size_t n = 0;
	int busy = 0;
	if (store_job_list_unfinished(&jobs, &n, b->s))
		return 1;
	for (size_t i = 0; i < n && !busy; i++)
		busy = broker_cluster_job_system(b, jobs[i].object, jobs[i].params) == system_id;
	store_job_array_free(jobs, n);
	return busy;
}

static void take(broker *b, const store_lease *l)
{
	struct broker_cluster *c = b->cluster;
	pthread_mutex_lock(&c->mu);
	struct held *h = held_find_locked(c, l->system_id);
	if (!h) {
		struct held *g = realloc(c->held, (c->nheld + 1) * sizeof(*g));
		if (!g) {
			pthread_mutex_unlock(&c->mu);
			store_lease_release(b->s, l->system_id, c->node, l->token);
			return;
		}
		c->held = g;
		h = &c->held[c->nheld++];
		memset(h, 0, sizeof(*h));
	}
	h->system_id = l->system_id;
	h->token = l->token;
	h->expires_ms = l->expires_ms;
	h->adopt_pending = 1;
	h->scan_pending = l->system_id > 0;
	pthread_mutex_unlock(&c->mu);
	broker_log("cluster: node %s leads system %" PRId64 " (token %" PRId64 ")", c->node,
		   l->system_id, l->token);
}

/* One round: heartbeat, renew, drop, acquire up to the share, hand back
 * one above it. */
static void lease_round(broker *b)
{
	struct broker_cluster *c = b->cluster;
	size_t alive = 0;
	long long sent = broker_now_ms();
	int rc = store_node_heartbeat(&alive, b->s, c->node, c->lease_ms);
	pthread_mutex_lock(&c->mu);
	c->store_ok = rc == 0;
	if (rc == 0)
		c->alive = alive ? alive : 1;
	size_t nheld = c->nheld;
	struct held *copy = nheld ? malloc(nheld * sizeof(*copy)) : NULL;
	if (copy)
		memcpy(copy, c->held, nheld * sizeof(*copy));
	else
		nheld = 0;
	pthread_mutex_unlock(&c->mu);
	if (rc) {
		free(copy);
		return; /* the leases run out on their own: commands stop */
	}
	for (size_t i = 0; i < nheld; i++) {
		int64_t exp = 0;
		sent = broker_now_ms();
		int r = store_lease_renew(&exp, b->s, copy[i].system_id, c->node, copy[i].token,
					  c->lease_ms);
		pthread_mutex_lock(&c->mu);
		struct held *h = held_find_locked(c, copy[i].system_id);
		if (h && r == 0) {
			h->expires_ms = exp;
			h->valid_until = sent + c->lease_ms;
		} else if (h && r == STORE_EBUSY) {
			broker_log("cluster: node %s lost the lease of system %" PRId64, c->node,
				   copy[i].system_id);
			held_drop_locked(c, copy[i].system_id);
		}
		pthread_mutex_unlock(&c->mu);
	}
	free(copy);

	int64_t *ids = NULL;
	size_t nids = 0;
	store_lease *ls = NULL;
	size_t nl = 0;
	if (lease_ids(&ids, &nids, b) || store_lease_list(&ls, &nl, b->s)) {
		free(ids);
		return;
	}
	size_t share = (nids + c->alive - 1) / c->alive;
	int64_t now = store_lease_now_ms();
	for (size_t i = 0; i < nids; i++) {
		pthread_mutex_lock(&c->mu);
		size_t mine = c->nheld;
		int have = held_find_locked(c, ids[i]) != NULL;
		pthread_mutex_unlock(&c->mu);
		if (have || mine >= share)
			continue;
		int free_now = 1;
		for (size_t k = 0; k < nl; k++)
			if (ls[k].system_id == ids[i])
				free_now = ls[k].expires_ms <= now;
		if (!free_now)
			continue;
		store_lease l;
		sent = broker_now_ms();
		if (store_lease_acquire(&l, b->s, ids[i], c->node, c->lease_ms) != 0)
			continue;
		take(b, &l);
		pthread_mutex_lock(&c->mu);
		struct held *h = held_find_locked(c, ids[i]);
		if (h)
			h->valid_until = sent + c->lease_ms;
		/* what the previous leader left is recovered by the work thread */
		pthread_cond_broadcast(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
	/* Above the share with others alive: hand one idle array back. */
	pthread_mutex_lock(&c->mu);
	int64_t give = -1, give_tok = 0;
	if (c->alive > 1 && c->nheld > share) {
		for (size_t i = 0; i < c->nheld; i++) {
			if (c->held[i].system_id > 0 && !c->held[i].scan_pending &&
			    !c->held[i].adopt_pending) {
				give = c->held[i].system_id;
				give_tok = c->held[i].token;
				break;
			}
		}
	}
	pthread_mutex_unlock(&c->mu);
	if (give > 0 && !system_busy(b, give)) {
		pthread_mutex_lock(&c->mu);
		held_drop_locked(c, give); /* stop sending before giving it up */
		pthread_mutex_unlock(&c->mu);
		store_lease_release(b->s, give, c->node, give_tok);
		broker_log("cluster: node %s hands system %" PRId64 " over (above its share of %zu)",
			   c->node, give, share);
	}
	free(ids);
	free(ls);
}

/* Waits on c->cv until ms from now or a wake-up; 1 when stopping. */
static int nap_locked(struct broker_cluster *c, long long ms)
{
	if (c->stop)
		return 1;
	struct timespec ts = broker_deadline_in(ms);
	pthread_cond_timedwait(&c->cv, &c->mu, &ts);
	return c->stop;
}

/* The lease thread does nothing but the lease rounds, so a slow store
 * read, recovery or orphan scan (array commands of minutes) never delays
 * a renewal: the leases keep their period whatever the other work does. */
static void *lease_main(void *arg)
{
	broker *b = arg;
	struct broker_cluster *c = b->cluster;
	long long next_round = broker_now_ms() + c->lease_ms / 3;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		long long left = next_round - broker_now_ms();
		if (left > 0) {
			if (nap_locked(c, left))
				break;
			continue;
		}
		pthread_mutex_unlock(&c->mu);
		lease_round(b);
		next_round = broker_now_ms() + c->lease_ms / 3;
		pthread_mutex_lock(&c->mu);
		if (c->stop)
			break;
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* ------------------------------------------------ for the leader's work */

int64_t broker_cluster_next_adopt(broker *b)
{
	struct broker_cluster *c = b->cluster;
	int64_t sys = -1;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nheld && sys < 0; i++) {
		if (c->held[i].adopt_pending) {
			c->held[i].adopt_pending = 0;
			sys = c->held[i].system_id;
		}
	}
	pthread_mutex_unlock(&c->mu);
	return sys;
}

int64_t broker_cluster_next_scan(broker *b)
{
	struct broker_cluster *c = b->cluster;
	int64_t sys = 0;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nheld && !sys; i++) {
		if (c->held[i].scan_pending) {
			c->held[i].scan_pending = 0;
			sys = c->held[i].system_id;
		}
	}
	pthread_mutex_unlock(&c->mu);
	return sys;
}

int64_t *broker_cluster_led(size_t *n, broker *b)
{
	struct broker_cluster *c = b->cluster;
	pthread_mutex_lock(&c->mu);
	size_t k = c->nheld;
	int64_t *ids = k ? malloc(k * sizeof(*ids)) : NULL;
	for (size_t i = 0; ids && i < k; i++)
		ids[i] = c->held[i].system_id;
	pthread_mutex_unlock(&c->mu);
	*n = 0;
	for (size_t i = 0; ids && i < k; i++)
		if (broker_cluster_leads(b, ids[i], NULL))
			ids[(*n)++] = ids[i];
	return ids;
}

int broker_cluster_reserve_grace(broker *b)
{
	return b->cluster->reserve_grace_s; /* set before the threads start */
}

int broker_cluster_stopping(broker *b)
{
	struct broker_cluster *c = b->cluster;
	pthread_mutex_lock(&c->mu);
	int stop = c->stop;
	pthread_mutex_unlock(&c->mu);
	return stop;
}

int broker_cluster_idle(broker *b, long long ms)
{
	struct broker_cluster *c = b->cluster;
	pthread_mutex_lock(&c->mu);
	int again = 0;
	for (size_t i = 0; i < c->nheld && !again; i++)
		again = c->held[i].adopt_pending;
	int stop = c->stop || (!again && nap_locked(c, ms));
	pthread_mutex_unlock(&c->mu);
	return stop;
}

static int reserve_grace_override = -1;

void broker_cluster_set_reserve_grace(int seconds)
{
	reserve_grace_override = seconds;
}

int broker_cluster_start(broker *b, void *(*work_main)(void *), struct broker_status *st)
{
	if (!b->cfg.cluster_node)
		return 0;
	struct broker_cluster *c = calloc(1, sizeof(*c));
	if (!c)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	snprintf(c->node, sizeof(c->node), "%s", b->cfg.cluster_node);
	int secs = b->cfg.lease_seconds > 0 ? b->cfg.lease_seconds : 6;
	c->lease_ms = secs * 1000LL;
	c->margin_ms = c->lease_ms / 3;
	c->alive = 1;
	c->reserve_grace_s = reserve_grace_override >= 0 ? reserve_grace_override : RESERVE_GRACE_S;
	pthread_mutex_init(&c->mu, NULL);
	broker_cond_init(&c->cv);
	b->cluster = c;
	int rc = store_lease_init(b->s);
	if (rc)
		return broker_fail_store(st, rc, "creating the lease tables");
	lease_round(b);
	if (pthread_create(&c->thread, NULL, lease_main, b))
		return broker_fail(st, SLGW_INTERNAL, "cannot start the lease thread");
	c->started = 1;
	if (pthread_create(&c->work, NULL, work_main, b))
		return broker_fail(st, SLGW_INTERNAL, "cannot start the cluster work thread");
	c->work_started = 1;
	return 0;
}

void broker_cluster_stop(broker *b)
{
	struct broker_cluster *c = b->cluster;
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	if (c->started) {
		pthread_join(c->thread, NULL);
		c->started = 0;
	}
	if (c->work_started) {
		pthread_join(c->work, NULL);
		c->work_started = 0;
	}
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < c->nheld; i++)
		store_lease_release(b->s, c->held[i].system_id, c->node, c->held[i].token);
	c->nheld = 0;
	pthread_mutex_unlock(&c->mu);
}

void broker_cluster_free(broker *b)
{
	struct broker_cluster *c = b->cluster;
	if (!c)
		return;
	broker_cluster_stop(b);
	free(c->held);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c);
	b->cluster = NULL;
}

/* ---------------------------------------------------------------- health */

char *broker_cluster_health(int *store_ok, broker *b)
{
	*store_ok = 1;
	json_t *o = json_object();
	if (!o)
		return NULL;
	struct broker_cluster *c = b->cluster;
	if (!c) {
		/* a single node: the store answers or it does not */
		store_system *sys = NULL;
		size_t ns = 0;
		*store_ok = store_system_list(&sys, &ns, b->s, &(store_filter){ .limit = 1 }) == 0;
		store_system_array_free(sys, ns);
		json_object_set_new(o, "cluster", json_false());
		json_object_set_new(o, "store", json_string(*store_ok ? "reachable" : "unreachable"));
	} else {
		long long now = broker_now_ms();
		pthread_mutex_lock(&c->mu);
		*store_ok = c->store_ok;
		json_object_set_new(o, "node", json_string(c->node));
		json_object_set_new(o, "store", json_string(c->store_ok ? "reachable" : "unreachable"));
		json_object_set_new(o, "liveNodes", json_integer((json_int_t)c->alive));
		json_t *arr = json_array();
		for (size_t i = 0; arr && i < c->nheld; i++) {
			json_t *l = json_pack("{s:I, s:I, s:I, s:b}", "systemId",
					      (json_int_t)c->held[i].system_id, "token",
					      (json_int_t)c->held[i].token, "expiresMs",
					      (json_int_t)c->held[i].expires_ms, "valid",
					      now < c->held[i].valid_until - c->margin_ms);
			json_array_append_new(arr, l);
		}
		pthread_mutex_unlock(&c->mu);
		json_object_set_new(o, "leases", arr ? arr : json_array());
	}
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}
