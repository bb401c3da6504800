/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_audit.c - slgwd's audit trail writer: synchronous for what matters
 * at once, group commit for allowed reads.
 *
 * Why: the store commits with synchronous=FULL, so every audit record
 * written on its own costs an fsync (~3 ms on our disks), and slgwd audits
 * every call.  Paying that on each getStorageVolume made reads 7x slower
 * than a bare gSOAP server.
 *
 * Two paths:
 * - srv_audit_write(): synchronous, one transaction, in the caller's
 *   thread.  Used for every mutating call and every REFUSED call (any
 *   outcome but OK), before the answer is sent: a storage team can trust
 *   that what changed, or was refused, is in the trail once the client
 *   has its answer.
 * - srv_audit_enqueue(): for allowed read-only calls.  The record is copied
 *   into a bounded ring (fixed-size entries: no allocation per call); one
 *   writer thread takes up to batch_max records at a time and commits them
 *   with store_audit_append_many() (one transaction, one fsync).  After
 *   the first record of a batch arrives the writer lingers up to window_ms
 *   for more, so under light load the trail costs at most ~1000/window_ms
 *   fsyncs per second, and under heavy load batches fill up to batch_max.
 *   When the ring is full the caller writes its record synchronously: a
 *   record is never dropped and memory never grows.
 *
 * Durability of queued reads: srv_audit_free() (clean shutdown, SIGTERM)
 * drains the ring before returning.  A crash (kill -9, power loss) loses
 * the records not yet committed: at most one batch window, i.e. the
 * allowed read calls of the last window_ms (50 ms in slgwd) plus the batch
 * being committed.  That bound holds when the store is slow too: a record
 * is queued only while the oldest queued one is younger than the window,
 * otherwise the caller writes it synchronously.  Mutating and refused
 * calls are never in that window.
 *
 * Anonymous refusals: a call refused before anyone was authenticated
 * (no or wrong credentials) costs an fsync like any refusal, and anyone can
 * send those.  srv_audit_refusal() writes the FIRST such refusal of a
 * client address in a UTC minute synchronously, as before, and only counts
 * the others; when the minute is over (checked by the writer thread every
 * few seconds, and on flush and shutdown) one record per address and
 * minute carries how many more there were ("+N more ..."), so a flood
 * costs two records a minute per address.  The table of counting slots is
 * fixed (AGG_SLOTS); when full, the oldest slot's record is written early.
 *
 * Retention: with srv_audit_set_retention(days), the writer thread prunes
 * records older than that many days (store_audit_prune) when it starts and
 * then once a day.  Nothing else deletes or changes audit records.
 *
 * Tenant names: the trail stores the tenant's name at the time of the
 * call.  The writer thread resolves tenant ids to names (a read on the
 * store), off the request path; a tenant removed within the window is
 * recorded by its id ("#<id>") rather than dropped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv.h"

#define AGG_SLOTS 256
/* The writer checks for finished minutes this often. */
#define AGG_CHECK_MS 5000
#define PRUNE_EVERY_S 86400.0

struct srv_audit {
	store *st;
	size_t cap, batch_max;
	int window_ms;

	pthread_mutex_t mu;
	pthread_cond_t nonempty;   /* writer waits for records / stop */
	pthread_cond_t progress;   /* flushers wait for committed batches */
	struct srv_audit_entry *ring;
	double *since;             /* when each ring slot was queued (monotonic s) */
	size_t head, len;
	size_t inflight;           /* taken by the writer, not yet committed */
	int flushers;              /* threads in srv_audit_flush: no lingering */
	int stopping;
	int started;
	pthread_t thread;

	/* writer-thread only */
	struct srv_audit_entry *batch;
	store_audit *recs;

	/* counters (under mu) */
	uint64_t queued, batches, sync_writes, overflow_writes, lost;

	/* anonymous refusals being counted (under mu) */
	struct agg_slot {
		char peer[64];
		int64_t minute;      /* UTC minutes since the epoch; 0 = free */
		uint64_t more;       /* refusals after the first one */
		struct srv_audit_entry last;
	} agg[AGG_SLOTS];
	size_t agg_used;

	/* retention (under mu) */
	int retention_days;
	double next_prune;         /* monotonic seconds; 0 = at once */
};

static void copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

void srv_audit_entry_set(struct srv_audit_entry *e, const char *user, int64_t tenant_id,
			 const char *operation, const char *object, enum slgw_code code,
			 const char *detail)
{
	memset(e, 0, sizeof *e);
	copy_str(e->user, sizeof e->user, user && *user ? user : "(anonymous)");
	e->tenant_id = tenant_id;
	copy_str(e->operation, sizeof e->operation,
		 operation && *operation ? operation : "(unknown)");
	copy_str(e->object, sizeof e->object, object);
	copy_str(e->outcome, sizeof e->outcome, code == SLGW_OK ? "ok" : slgw_code_name(code));
	copy_str(e->detail, sizeof e->detail, detail);
}

/* Fills rec (pointing into e and tname) for the store. */
static void to_record(store_audit *rec, struct srv_audit_entry *e, const char *tname)
{
	memset(rec, 0, sizeof *rec);
	rec->user = e->user;
	rec->tenant = (char *)tname;
	rec->operation = e->operation;
	rec->object = e->object[0] ? e->object : NULL;
	rec->outcome = e->outcome;
	rec->detail = e->detail[0] ? e->detail : NULL;
}

/* The tenant's name into buf (empty when tenant_id is 0); "#id" when the
 * tenant is gone, so the record still says who it was. */
static const char *tenant_name(store *st, int64_t tenant_id, char *buf, size_t cap)
{
	store_tenant *t = NULL;

	if (tenant_id <= 0)
		return NULL;
	if (store_tenant_get(&t, st, tenant_id) == 0 && t && t->name) {
		copy_str(buf, cap, t->name);
		store_tenant_free(t);
	} else {
		snprintf(buf, cap, "#%lld", (long long)tenant_id);
	}
	return buf;
}

static int write_one(srv_audit *a, struct srv_audit_entry *e)
{
	char tbuf[256];
	store_audit rec;
	int64_t id;

	to_record(&rec, e, tenant_name(a->st, e->tenant_id, tbuf, sizeof tbuf));
	if (store_audit_append(&id, a->st, &rec)) {
		srv_log(SRV_LOG_ERROR, "audit record for %s by %s lost: %s", e->operation,
			e->user, store_errmsg());
		return -1;
	}
	return 0;
}

int srv_audit_write(srv_audit *a, struct srv_audit_entry *e)
{
	int rc = write_one(a, e);

	pthread_mutex_lock(&a->mu);
	a->sync_writes++;
	if (rc)
		a->lost++;
	pthread_mutex_unlock(&a->mu);
	return rc;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int srv_audit_enqueue(srv_audit *a, const struct srv_audit_entry *e)
{
	struct srv_audit_entry copy;
	double now = mono_s();

	pthread_mutex_lock(&a->mu);
	/* Queue only while the oldest queued record is younger than the
	 * window: a writer stuck in a slow commit then makes callers write
	 * synchronously instead of letting the uncommitted span grow (the
	 * crash window stays one batch window plus the commit in progress). */
	if (a->started && !a->stopping && a->len < a->cap &&
	    (a->len == 0 || now - a->since[a->head] <= (double)a->window_ms / 1000.0 + 0.01)) {
		a->ring[(a->head + a->len) % a->cap] = *e;
		a->since[(a->head + a->len) % a->cap] = now;
		a->len++;
		a->queued++;
		if (a->len == 1 || a->len >= a->batch_max)
			pthread_cond_signal(&a->nonempty);
		pthread_mutex_unlock(&a->mu);
		return 0;
	}
	a->overflow_writes++;
	pthread_mutex_unlock(&a->mu);
	/* Full, behind, or shutting down: write it here rather than drop it,
	 * grow, or widen the crash window. */
	copy = *e;
	return srv_audit_write(a, &copy);
}

/* Commits batch[0..n) in one transaction; on failure (one bad record
 * rolls back all) falls back to one by one so only a bad record is lost. */
static void commit_batch(srv_audit *a, size_t n)
{
	char (*tnames)[256] = NULL;
	size_t lost = 0;
	int64_t last_id = 0;
	const char *last_name = NULL;

	tnames = malloc(n * sizeof *tnames);
	for (size_t i = 0; i < n; i++) {
		const char *tn = NULL;
		if (a->batch[i].tenant_id > 0 && a->batch[i].tenant_id == last_id) {
			tn = last_name; /* runs of one tenant: one lookup */
		} else if (tnames) {
			tn = tenant_name(a->st, a->batch[i].tenant_id, tnames[i], sizeof tnames[i]);
			last_id = a->batch[i].tenant_id;
			last_name = tn;
		}
		to_record(&a->recs[i], &a->batch[i], tn);
	}
	if (!tnames || store_audit_append_many(a->st, a->recs, n)) {
		if (tnames)
			srv_log(SRV_LOG_WARN, "audit batch of %zu failed (%s); writing one by one",
				n, store_errmsg());
		for (size_t i = 0; i < n; i++)
			if (write_one(a, &a->batch[i]))
				lost++;
	}
	free(tnames);
	pthread_mutex_lock(&a->mu);
	a->batches++;
	a->lost += lost;
	pthread_mutex_unlock(&a->mu);
}

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static int64_t utc_minute(void)
{
	return (int64_t)time(NULL) / 60;
}

/* The summary record of a slot: "+N more" unauthenticated refusals from
 * the address in that minute, with the last one's facts. */
static void agg_summary(struct srv_audit_entry *out, const struct agg_slot *g)
{
	time_t t = (time_t)(g->minute * 60);
	struct tm tm;
	char when[32];

	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", &tm);
	*out = g->last;
	snprintf(out->detail, sizeof out->detail,
		 "peer %.63s: +%llu more unauthenticated calls refused in the minute %s "
		 "(last shown)",
		 g->peer, (unsigned long long)g->more, when);
}

/* Takes (under mu) the slots whose minute is before `before` (all with
 * INT64_MAX) into out[]; returns how many had refusals to report. */
static size_t agg_take(srv_audit *a, int64_t before, struct srv_audit_entry *out, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < AGG_SLOTS && a->agg_used > 0; i++) {
		struct agg_slot *g = &a->agg[i];
		if (!g->minute || g->minute >= before)
			continue;
		if (g->more > 0) {
			if (n == cap)
				break;
			agg_summary(&out[n++], g);
		}
		memset(g, 0, sizeof *g);
		a->agg_used--;
	}
	return n;
}

/* Writes the summaries of the minutes before `before` (lock not held). */
static void agg_emit(srv_audit *a, int64_t before)
{
	struct srv_audit_entry *out = malloc(AGG_SLOTS * sizeof *out);
	size_t n;

	if (!out)
		return;
	pthread_mutex_lock(&a->mu);
	n = agg_take(a, before, out, AGG_SLOTS);
	pthread_mutex_unlock(&a->mu);
	for (size_t i = 0; i < n; i++)
		srv_audit_write(a, &out[i]);
	free(out);
}

int srv_audit_refusal(srv_audit *a, struct srv_audit_entry *e, const char *peer)
{
	int64_t minute = utc_minute();
	struct agg_slot *free_slot = NULL, *oldest = NULL;
	struct srv_audit_entry early;
	int have_early = 0;

	if (!peer)
		peer = "";
	pthread_mutex_lock(&a->mu);
	for (size_t i = 0; i < AGG_SLOTS; i++) {
		struct agg_slot *g = &a->agg[i];
		if (!g->minute) {
			if (!free_slot)
				free_slot = g;
			continue;
		}
		if (g->minute == minute && !strncmp(g->peer, peer, sizeof g->peer - 1)) {
			g->more++;
			g->last = *e;
			pthread_mutex_unlock(&a->mu);
			return 0; /* counted; written with the minute's summary */
		}
		if (!oldest || g->minute < oldest->minute)
			oldest = g;
	}
	if (!free_slot) {
		/* Full: the oldest slot's summary goes out now. */
		if (oldest->more > 0) {
			agg_summary(&early, oldest);
			have_early = 1;
		}
		memset(oldest, 0, sizeof *oldest);
		a->agg_used--;
		free_slot = oldest;
	}
	snprintf(free_slot->peer, sizeof free_slot->peer, "%s", peer);
	free_slot->minute = minute;
	free_slot->more = 0;
	a->agg_used++;
	pthread_mutex_unlock(&a->mu);
	if (have_early)
		srv_audit_write(a, &early);
	/* The first refusal of the address in this minute: written now. */
	return srv_audit_write(a, e);
}

void srv_audit_set_retention(srv_audit *a, int days)
{
	pthread_mutex_lock(&a->mu);
	a->retention_days = days > 0 ? days : 0;
	a->next_prune = 0;
	pthread_cond_signal(&a->nonempty);
	pthread_mutex_unlock(&a->mu);
}

/* Prunes when due (lock held on entry and return). */
static void maybe_prune(srv_audit *a)
{
	int64_t deleted = 0;
	int days;

	if (a->retention_days <= 0 || mono_s() < a->next_prune)
		return;
	days = a->retention_days;
	a->next_prune = mono_s() + PRUNE_EVERY_S;
	pthread_mutex_unlock(&a->mu);
	if (store_audit_prune(&deleted, a->st, (int64_t)time(NULL) - (int64_t)days * 86400))
		srv_log(SRV_LOG_ERROR, "audit retention: pruning records older than %d days "
				       "failed: %s",
			days, store_errmsg());
	else if (deleted > 0)
		srv_log(SRV_LOG_INFO, "audit retention: %lld records older than %d days pruned",
			(long long)deleted, days);
	pthread_mutex_lock(&a->mu);
}

static void *writer_main(void *arg)
{
	srv_audit *a = arg;

	pthread_mutex_lock(&a->mu);
	for (;;) {
		struct timespec until;
		size_t n;

		while (a->len == 0 && !a->stopping) {
			maybe_prune(a);
			if (a->len || a->stopping)
				break;
			if (a->agg_used > 0 || a->retention_days > 0) {
				/* Wake up for finished minutes and the next prune. */
				struct timespec t;
				deadline_in(&t, AGG_CHECK_MS);
				pthread_cond_timedwait(&a->nonempty, &a->mu, &t);
				if (a->agg_used > 0) {
					pthread_mutex_unlock(&a->mu);
					agg_emit(a, utc_minute());
					pthread_mutex_lock(&a->mu);
				}
			} else {
				pthread_cond_wait(&a->nonempty, &a->mu);
			}
		}
		if (a->len == 0 && a->stopping)
			break;
		/* Linger for a fuller batch, unless stopping or someone is
		 * flushing (then commit at once). */
		deadline_in(&until, a->window_ms);
		while (a->len < a->batch_max && !a->stopping && a->flushers == 0)
			if (pthread_cond_timedwait(&a->nonempty, &a->mu, &until) == ETIMEDOUT)
				break;
		n = a->len < a->batch_max ? a->len : a->batch_max;
		for (size_t i = 0; i < n; i++)
			a->batch[i] = a->ring[(a->head + i) % a->cap];
		a->head = (a->head + n) % a->cap;
		a->len -= n;
		a->inflight = n;
		pthread_mutex_unlock(&a->mu);

		commit_batch(a, n);

		pthread_mutex_lock(&a->mu);
		a->inflight = 0;
		pthread_cond_broadcast(&a->progress);
	}
	pthread_cond_broadcast(&a->progress);
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

int srv_audit_new(srv_audit **out, store *st, size_t capacity, size_t batch_max, int window_ms)
{
	srv_audit *a;
	pthread_condattr_t ca;

	*out = NULL;
	if (!st || capacity == 0 || batch_max == 0 || window_ms < 0 || window_ms > 10000)
		return -EINVAL;
	if (batch_max > capacity)
		batch_max = capacity;
	a = calloc(1, sizeof *a);
	if (!a)
		return -ENOMEM;
	a->st = st;
	a->cap = capacity;
	a->batch_max = batch_max;
	a->window_ms = window_ms;
	a->ring = calloc(capacity, sizeof *a->ring);
	a->since = calloc(capacity, sizeof *a->since);
	a->batch = calloc(batch_max, sizeof *a->batch);
	a->recs = calloc(batch_max, sizeof *a->recs);
	pthread_mutex_init(&a->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&a->nonempty, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&a->progress, NULL);
	if (!a->ring || !a->since || !a->batch || !a->recs) {
		srv_audit_free(a);
		return -ENOMEM;
	}
	if (pthread_create(&a->thread, NULL, writer_main, a)) {
		srv_audit_free(a);
		return -EAGAIN;
	}
	a->started = 1;
	*out = a;
	return 0;
}

void srv_audit_flush(srv_audit *a)
{
	if (!a)
		return;
	agg_emit(a, INT64_MAX); /* the counted refusals, minute over or not */
	pthread_mutex_lock(&a->mu);
	if (a->started) {
		a->flushers++;
		pthread_cond_signal(&a->nonempty);
		while (a->len > 0 || a->inflight > 0)
			pthread_cond_wait(&a->progress, &a->mu);
		a->flushers--;
	}
	pthread_mutex_unlock(&a->mu);
}

void srv_audit_stats_get(const srv_audit *a, struct srv_audit_stats *out)
{
	srv_audit *m = (srv_audit *)a; /* the lock is not part of the value */

	memset(out, 0, sizeof *out);
	if (!a)
		return;
	pthread_mutex_lock(&m->mu);
	out->queued = m->queued;
	out->batches = m->batches;
	out->sync_writes = m->sync_writes;
	out->overflow_writes = m->overflow_writes;
	out->lost = m->lost;
	out->pending = m->len + m->inflight;
	pthread_mutex_unlock(&m->mu);
}

void srv_audit_free(srv_audit *a)
{
	if (!a)
		return;
	if (a->started) {
		agg_emit(a, INT64_MAX);
		pthread_mutex_lock(&a->mu);
		a->stopping = 1;
		pthread_cond_signal(&a->nonempty);
		pthread_mutex_unlock(&a->mu);
		/* The writer drains the ring before it exits. */
		pthread_join(a->thread, NULL);
	}
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->nonempty);
	pthread_cond_destroy(&a->progress);
	free(a->ring);
	free(a->since);
	free(a->batch);
	free(a->recs);
	free(a);
}
