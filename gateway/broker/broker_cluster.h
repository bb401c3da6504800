/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_cluster.h - what the job engine and the adapter slots ask of the
 * cluster module (broker_cluster.c, its fencing adapter in
 * broker_cluster_fence.c): who leads which array, under which
 * fencing token, and the adapter wrapper that refuses array commands once
 * the lease is gone.  Every function is a no-op answer ("this node leads
 * everything") on a broker with no cluster configured.
 */
#ifndef SLGW_BROKER_CLUSTER_H
#define SLGW_BROKER_CLUSTER_H

#include <stdint.h>

#include "adapter.h"
#include "store.h"

typedef struct broker broker;
struct broker_status;

/* 1 when the broker runs as a node of a cluster. */
int broker_cluster_on(const broker *b);

/* Joins the cluster (tables, first lease round, the lease thread) and
 * starts work_main(b) on a thread of its own for the leader's work
 * (broker_leader_main); 0 without a cluster. */
int broker_cluster_start(broker *b, void *(*work_main)(void *), struct broker_status *st);
/* Stops the lease thread and releases the leases held (a clean handover). */
void broker_cluster_stop(broker *b);
void broker_cluster_free(broker *b);

/* 1 when this node holds system_id's lease, outside the safety margin of
 * its expiry (*token: its fencing token).  Always 1 without a cluster. */
int broker_cluster_leads(broker *b, int64_t system_id, int64_t *token);

/* The system whose leader runs a job (0: the gateway-wide jobs, led by
 * the holder of lease 0): from the job's parameters and object key. */
int64_t broker_cluster_job_system(broker *b, const char *object, const char *params);

/* The lease the calling worker thread runs its job under (the fence of its
 * job writes and array commands); cleared by _leave. */
void broker_cluster_fence_enter(broker *b, int64_t system_id, int64_t token);
void broker_cluster_fence_leave(void);
/* 0 and *f when the calling thread runs a job under a lease, else -1. */
int broker_cluster_fence_get(store_fence *f, const broker *b);

/* 0 when the calling thread may use system_id's adapter: always outside
 * a job and without a cluster, else when the job runs under system_id's
 * own lease or this node leads system_id too.  Otherwise UNAVAILABLE in
 * *st (a job of lease 0 reaching an array another node leads). */
int broker_cluster_may_reach(broker *b, int64_t system_id, struct broker_status *st);

/* The gate an adapter asks right before each command it sends to
 * system_id (slgw_adapter_config.gate): *fn and *ctx (malloc'ed; NULL
 * both without a cluster).  0, or -1 out of memory. */
int broker_cluster_gate(int (**fn)(void *, char *, size_t), void **ctx, broker *b,
			int64_t system_id);

/* 0 when this node may send a command to system_id's array now: it holds
 * that array's own lease outside the safety margin, and a job of that
 * array still runs under its term.  Else -1 with the reason in why
 * (NULL: none wanted) (broker_cluster.c; the fencing adapter and the
 * gate ask it). */
int broker_cluster_may_send(broker *b, int64_t system_id, char *why, size_t whylen);

/* Wraps *a (taking ownership of it and of gate_ctx, the context of its
 * gate) in the fencing adapter of system_id (broker_cluster_fence.c):
 * every slot first checks the lease, and the gate checks again before
 * each command inside the slot.  No-op (gate_ctx freed) without a
 * cluster. */
int broker_cluster_wrap_adapter(struct slgw_adapter **a, broker *b, int64_t system_id,
				void *gate_ctx);

/* For the leader's work thread: the next array taken over whose jobs are
 * still to adopt (its adopt mark cleared; -1 when none); the next whose
 * orphan scan is still to run (0 when none); the arrays led now
 * (malloc'ed, *n of them); the grace of jobless reservations (seconds,
 * fixed at start); 1 once the cluster stops; and a wait of up to ms, cut
 * short by a takeover, that answers 1 when stopping. */
int64_t broker_cluster_next_adopt(broker *b);
int64_t broker_cluster_next_scan(broker *b);
int64_t *broker_cluster_led(size_t *n, broker *b);
int broker_cluster_reserve_grace(broker *b);
int broker_cluster_stopping(broker *b);
int broker_cluster_idle(broker *b, long long ms);

/* The leader's work (broker_leader.c), given to broker_cluster_start. */
void *broker_leader_main(void *arg);

/* Queues the unfinished jobs of systems[0..n) that no run of this node
 * holds: started ones for recovery (as at a restart), queued ones to run
 * (broker_jobs.c). */
int broker_jobs_adopt(broker *b, const int64_t *systems, size_t n);

/* The startup release of volume reservations whose job was never
 * written, for one array (its leader, on taking it and now and then),
 * skipping those younger than min_age_s (broker_jobs.c). */
int broker_jobs_release_stale(broker *b, int64_t system_id, int64_t min_age_s);

/* Tests, before broker_start: how old (seconds) a jobless reservation must
 * be before an array's leader releases it (< 0: RESERVE_GRACE_S). */
void broker_cluster_set_reserve_grace(int seconds);

#endif
