/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_metrics.c - the counters behind GET /metrics (Prometheus text format
 * 0.0.4).
 *
 * Ours: requests by operation and outcome code, a latency histogram per
 * operation, connections refused for overload.  The broker's: jobs by state
 * and array commands by array, command and outcome (broker_metrics_get()).
 * Operation names are the static strings of the service layer, so a table
 * row is found by comparing names; the table is small (one row per
 * operation seen) and guarded by one mutex: a request costs one short
 * critical section.
 *
 * A scrape costs no store query.  The broker's figures (jobs by state read
 * from the store, array command counters) are fetched at most once per
 * SRV_METRICS_BROKER_TTL_S seconds by the first scrape that finds them
 * stale, and served from memory in between; concurrent scrapes never
 * fetch twice.  Jobs by state may thus lag by up to that many seconds,
 * well under a usual scrape interval.  Our own counters are always live.
 *
 * Who may read /metrics (srv_metrics_authorize): a client whose address
 * is listed in <metrics allow="..."/> (default: the loopback addresses), or
 * an admin with HTTP Basic credentials.  Metrics name arrays and count work
 * across tenants, so a tenant user is refused (PERMISSION_DENIED).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv.h"

#define MET_BUCKETS 12
#define MET_CODES (SLGW_INTERNAL + 1)
#define MET_OPS 96

static const double met_bounds[MET_BUCKETS] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
						0.1,   0.25,   0.5,   1.0,  2.5,   10.0 };

struct met_op {
	char name[48];
	uint64_t by_code[MET_CODES];
	uint64_t buckets[MET_BUCKETS]; /* non-cumulative; summed when rendered */
	uint64_t count;
	double sum;
};

struct srv_metrics {
	pthread_mutex_t lock;
	struct met_op ops[MET_OPS];
	size_t n_ops;
	uint64_t overload;
	/* the broker's figures, cached (under lock) */
	struct broker_metrics *bm;
	double bm_at;             /* monotonic seconds of the fetch */
	int bm_fetching;
	uint64_t bm_fetches;
};

static double met_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int srv_metrics_new(srv_metrics **out)
{
	srv_metrics *m = calloc(1, sizeof *m);
	*out = m;
	if (!m)
		return -1;
	pthread_mutex_init(&m->lock, NULL);
	return 0;
}

void srv_metrics_free(srv_metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->lock);
	broker_metrics_free(m->bm);
	free(m);
}

void srv_metrics_request(srv_metrics *m, const char *operation, enum slgw_code code,
			 double seconds)
{
	struct met_op *op = NULL;

	if (!operation)
		operation = "unknown";
	if ((int)code < 0 || code >= MET_CODES)
		code = SLGW_INTERNAL;
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->n_ops; i++)
		if (!strcmp(m->ops[i].name, operation)) {
			op = &m->ops[i];
			break;
		}
	if (!op && m->n_ops < MET_OPS) {
		op = &m->ops[m->n_ops++];
		snprintf(op->name, sizeof op->name, "%s", operation);
	}
	if (op) {
		op->by_code[code]++;
		op->count++;
		op->sum += seconds;
		for (int b = 0; b < MET_BUCKETS; b++)
			if (seconds <= met_bounds[b]) {
				op->buckets[b]++;
				break;
			}
	}
	pthread_mutex_unlock(&m->lock);
}

void srv_metrics_overload(srv_metrics *m)
{
	pthread_mutex_lock(&m->lock);
	m->overload++;
	pthread_mutex_unlock(&m->lock);
}

/* A growable string. */
struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void bprintf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if (b->p && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t ncap = (b->cap ? b->cap * 2 : 4096) + (size_t)n;
		char *np = realloc(b->p, ncap);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = ncap;
	}
}

/* Label values are escaped as the text format requires. */
static void blabel(struct buf *b, const char *v)
{
	for (const char *s = v ? v : ""; *s; s++) {
		if (*s == '\\' || *s == '"')
			bprintf(b, "\\%c", *s);
		else if (*s == '\n')
			bprintf(b, "\\n");
		else
			bprintf(b, "%c", *s);
	}
}

uint64_t srv_metrics_broker_fetches(srv_metrics *m)
{
	uint64_t n;

	pthread_mutex_lock(&m->lock);
	n = m->bm_fetches;
	pthread_mutex_unlock(&m->lock);
	return n;
}

/* Refreshes the cached broker figures when stale and nobody else is. */
static void refresh_broker(srv_metrics *m, broker *b)
{
	struct broker_metrics *fresh = NULL, *old = NULL;
	struct broker_status st;
	double now = met_now();

	pthread_mutex_lock(&m->lock);
	if (m->bm_fetching || (m->bm_fetches > 0 && now - m->bm_at < SRV_METRICS_BROKER_TTL_S)) {
		pthread_mutex_unlock(&m->lock);
		return;
	}
	m->bm_fetching = 1;
	m->bm_fetches++;
	pthread_mutex_unlock(&m->lock);

	if (broker_metrics_get(&fresh, b, &st) != 0)
		fresh = NULL;

	pthread_mutex_lock(&m->lock);
	m->bm_fetching = 0;
	m->bm_at = now;
	if (fresh) {
		old = m->bm;
		m->bm = fresh;
	}
	pthread_mutex_unlock(&m->lock);
	broker_metrics_free(old);
}

static int peer_allowed(const char *allow, const char *peer)
{
	size_t plen;

	if (!allow || !peer || !*peer)
		return 0;
	if (!strncmp(peer, "::ffff:", 7) && strchr(peer + 7, '.'))
		peer += 7; /* an IPv4 client on a dual-stack socket */
	plen = strlen(peer);
	for (const char *p = allow; *p;) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
			p++;
		n = strcspn(p, " \t\n,");
		if (n == plen && n > 0 && !strncmp(p, peer, n))
			return 1;
		p += n;
	}
	return 0;
}

enum slgw_code srv_metrics_authorize(const struct srv_config *cfg, srv_auth *auth,
				     const char *peer, const char *user, const char *password,
				     char *msg, size_t msglen)
{
	struct srv_identity id;
	enum slgw_code code;

	if (peer_allowed(cfg->metrics_allow, peer))
		return SLGW_OK;
	if (!user || !password || !auth) {
		snprintf(msg, msglen, "metrics: an admin login or an allowed address is required");
		return SLGW_UNAUTHENTICATED;
	}
	code = srv_auth_check(auth, &id, user, password, peer, msg, msglen);
	if (code != SLGW_OK)
		return code;
	if (!id.is_admin) {
		snprintf(msg, msglen, "metrics: only admins may read the metrics");
		return SLGW_PERMISSION_DENIED;
	}
	return SLGW_OK;
}

char *srv_metrics_render(srv_metrics *m, broker *b)
{
	struct buf o = { 0 };
	struct broker_metrics *bm = NULL;

	if (b)
		refresh_broker(m, b);
	pthread_mutex_lock(&m->lock);
	bprintf(&o, "# HELP slgw_requests_total SOAP requests by operation and outcome code.\n"
		    "# TYPE slgw_requests_total counter\n");
	for (size_t i = 0; i < m->n_ops; i++)
		for (int c = 0; c < MET_CODES; c++)
			if (m->ops[i].by_code[c])
				bprintf(&o,
					"slgw_requests_total{operation=\"%s\",code=\"%s\"} %llu\n",
					m->ops[i].name, slgw_code_name((enum slgw_code)c),
					(unsigned long long)m->ops[i].by_code[c]);
	bprintf(&o, "# HELP slgw_request_duration_seconds Time to answer a request.\n"
		    "# TYPE slgw_request_duration_seconds histogram\n");
	for (size_t i = 0; i < m->n_ops; i++) {
		uint64_t cum = 0;
		for (int k = 0; k < MET_BUCKETS; k++) {
			cum += m->ops[i].buckets[k];
			bprintf(&o,
				"slgw_request_duration_seconds_bucket{operation=\"%s\",le=\"%g\"} "
				"%llu\n",
				m->ops[i].name, met_bounds[k], (unsigned long long)cum);
		}
		bprintf(&o,
			"slgw_request_duration_seconds_bucket{operation=\"%s\",le=\"+Inf\"} %llu\n"
			"slgw_request_duration_seconds_sum{operation=\"%s\"} %.6f\n"
			"slgw_request_duration_seconds_count{operation=\"%s\"} %llu\n",
			m->ops[i].name, (unsigned long long)m->ops[i].count, m->ops[i].name,
			m->ops[i].sum, m->ops[i].name, (unsigned long long)m->ops[i].count);
	}
	bprintf(&o,
		"# HELP slgw_connections_refused_total Connections answered UNAVAILABLE because "
		"every worker was busy and the queue full.\n"
		"# TYPE slgw_connections_refused_total counter\n"
		"slgw_connections_refused_total %llu\n",
		(unsigned long long)m->overload);

	bm = b ? m->bm : NULL;
	if (bm) {
		bprintf(&o, "# HELP slgw_jobs Jobs in the store by state.\n"
			    "# TYPE slgw_jobs gauge\n");
		bprintf(&o, "slgw_jobs{state=\"queued\"} %llu\n",
			(unsigned long long)bm->jobs_queued);
		bprintf(&o, "slgw_jobs{state=\"running\"} %llu\n",
			(unsigned long long)bm->jobs_running);
		bprintf(&o, "slgw_jobs{state=\"succeeded\"} %llu\n",
			(unsigned long long)bm->jobs_succeeded);
		bprintf(&o, "slgw_jobs{state=\"failed\"} %llu\n",
			(unsigned long long)bm->jobs_failed);
		bprintf(&o, "# HELP slgw_orphan_luns Array LUNs named like the gateway's that the "
			    "store does not know.\n"
			    "# TYPE slgw_orphan_luns gauge\n"
			    "slgw_orphan_luns %llu\n",
			(unsigned long long)bm->orphans);
		bprintf(&o, "# HELP slgw_array_commands_total Array CLI commands by array, "
			    "command and outcome.\n"
			    "# TYPE slgw_array_commands_total counter\n");
		for (size_t i = 0; i < bm->n_cmds; i++) {
			bprintf(&o, "slgw_array_commands_total{array=\"");
			blabel(&o, bm->cmds[i].system);
			bprintf(&o, "\",command=\"");
			blabel(&o, bm->cmds[i].command);
			bprintf(&o, "\",outcome=\"");
			blabel(&o, bm->cmds[i].outcome);
			bprintf(&o, "\"} %llu\n", (unsigned long long)bm->cmds[i].count);
		}
	}
	pthread_mutex_unlock(&m->lock);
	if (o.oom) {
		free(o.p);
		return NULL;
	}
	return o.p;
}
