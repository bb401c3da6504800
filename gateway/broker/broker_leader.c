/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_leader.c - what a cluster node does for the arrays it leads,
 * besides keeping their leases: the work thread broker_core hands to
 * broker_cluster_start.
 *
 * After a lease is acquired it adopts the array's unfinished jobs exactly
 * as a restart does (recover functions, the release of reservations whose
 * job was never written, then the orphan scan of that array:
 * broker_jobs_adopt, broker_jobs_release_stale and broker_scan_orphans,
 * the code of startup recovery, per system).  Every POLL_MS it queues the
 * jobs other nodes accepted for arrays led here, and every
 * RESERVE_SWEEP_MS it releases the jobless reservations of those arrays
 * again, since the node that crashed between reserve and insert may not
 * have led the array at all.
 *
 * It sits above the leases (broker_cluster.c), the job engine and the
 * orphan scan, and calls all three; none of them calls it.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "broker_cluster.h"
#include "broker_internal.h"

#define POLL_MS 300
#define RESERVE_SWEEP_MS 30000

/* Orphan scans of arrays taken over, once their adopted jobs were tried. */
static void pending_scans(broker *b)
{
	pthread_mutex_lock(&b->mu);
	int pending = b->recover_pending;
	pthread_mutex_unlock(&b->mu);
	if (pending)
		return;
	for (int64_t sys; (sys = broker_cluster_next_scan(b)) != 0;) {
		struct broker_status st;
		if (broker_scan_orphans(b, sys, &st))
			broker_log("orphan scan of system %" PRId64 ": %s", sys, st.message);
	}
}

/* Arrays taken since the last look: their unfinished jobs are recovered as
 * after a restart, and their jobless reservations released, as a single
 * node does at start. */
static void adopt_taken(broker *b)
{
	for (int64_t sys; (sys = broker_cluster_next_adopt(b)) >= 0;) {
		if (!broker_cluster_leads(b, sys, NULL))
			continue;
		broker_jobs_adopt(b, &sys, 1);
		broker_jobs_release_stale(b, sys, broker_cluster_reserve_grace(b));
	}
}

void *broker_leader_main(void *arg)
{
	broker *b = arg;
	long long next_sweep = broker_now_ms() + RESERVE_SWEEP_MS;
	while (!broker_cluster_stopping(b)) {
		adopt_taken(b);
		size_t n = 0;
		int64_t *ids = broker_cluster_led(&n, b);
		/* the poll: jobs other nodes accepted for arrays led here */
		broker_jobs_adopt(b, ids, n);
		if (broker_now_ms() >= next_sweep) {
			int grace = broker_cluster_reserve_grace(b);
			for (size_t i = 0; i < n; i++)
				broker_jobs_release_stale(b, ids[i], grace);
			next_sweep = broker_now_ms() + RESERVE_SWEEP_MS;
		}
		free(ids);
		pending_scans(b);
		if (broker_cluster_idle(b, POLL_MS))
			break;
	}
	return NULL;
}
