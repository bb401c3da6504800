/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_audit.c - what the gateway tells an operator about itself: the
 * audit trail (who did what, with which outcome) and the metrics snapshot
 * (jobs, orphans, adapters).  The audit trail is append-only: there is no
 * call to change or delete a record.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_internal.h"


/* --------------------------------------------------------------- audit */

int broker_audit(broker *b, const struct broker_caller *c, const char *operation,
		 const char *object, enum slgw_code code, const char *detail)
{
	store_audit rec;
	memset(&rec, 0, sizeof(rec));
	store_tenant *t = NULL;
	if (c && c->tenant_id > 0 && store_tenant_get(&t, b->s, c->tenant_id) == 0)
		rec.tenant = t->name;
	rec.user = (char *)(c && c->user && *c->user ? c->user : "(anonymous)");
	rec.operation = (char *)(operation && *operation ? operation : "(unknown)");
	rec.object = (char *)object;
	rec.outcome = (char *)(code == SLGW_OK ? "ok" : slgw_code_name(code));
	rec.detail = (char *)detail;
	int64_t id;
	int rc = store_audit_append(&id, b->s, &rec);
	store_tenant_free(t);
	if (rc) {
		broker_log("audit record for %s by %s lost: %s", rec.operation, rec.user, store_errmsg());
		return -1;
	}
	return 0;
}

int broker_enum_audit(store_audit **out, size_t *n_out, char **next_page_token, broker *b,
		      const struct broker_caller *c, const struct broker_audit_filter *filter,
		      const struct broker_page *page, struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	size_t limit = f.limit;
	if (filter) {
		f.user = filter->user && *filter->user ? filter->user : NULL;
		f.name = filter->tenant && *filter->tenant ? filter->tenant : NULL;
		f.name_prefix = filter->operation && *filter->operation ? filter->operation : NULL;
	}
	store_tenant *t = NULL;
	if (!c->is_admin) {
		if (c->tenant_id <= 0)
			return broker_fail(st, SLGW_PERMISSION_DENIED, "user has no tenant");
		int rc = store_tenant_get(&t, b->s, c->tenant_id);
		if (rc)
			return broker_fail_store(st, rc, "reading the tenant");
		if (f.name && strcmp(f.name, t->name) != 0) {
			store_tenant_free(t);
			broker_ok(st);
			return 0; /* another tenant's records: none visible */
		}
		f.name = t->name;
	}
	int64_t since = filter ? filter->since : 0, until = filter ? filter->until : 0;
	/* The store filters by user/tenant/operation; time is filtered here,
	 * reading further pages until this page is full. */
	store_audit *acc = NULL;
	size_t n = 0;
	int rc = 0;
	int64_t last_seen = f.after;
	int more = 1;
	while (more && n < limit) {
		store_audit *page_recs = NULL;
		size_t np = 0;
		f.after = last_seen;
		f.limit = limit;
		rc = store_audit_list(&page_recs, &np, b->s, &f);
		if (rc)
			break;
		more = np == limit;
		store_audit *grown = realloc(acc, (n + np + 1) * sizeof(*acc));
		if (!grown) {
			store_audit_array_free(page_recs, np);
			rc = STORE_ERROR;
			break;
		}
		acc = grown;
		for (size_t i = 0; i < np; i++) {
			last_seen = page_recs[i].id;
			int keep = n < limit && (!since || page_recs[i].time >= since) &&
				   (!until || page_recs[i].time <= until);
			if (keep) {
				acc[n++] = page_recs[i];
				memset(&page_recs[i], 0, sizeof(page_recs[i]));
			} else if (n >= limit) {
				more = 1;
				last_seen = acc[n - 1].id;
				break;
			}
		}
		store_audit_array_free(page_recs, np);
	}
	store_tenant_free(t);
	if (rc) {
		store_audit_array_free(acc, n);
		return broker_fail_store(st, rc, "listing audit records");
	}
	*out = acc;
	*n_out = n;
	if (n && more)
		*next_page_token = broker_page_next(acc[n - 1].id, n, n);
	broker_ok(st);
	return 0;
}

/* ------------------------------------------------------------- metrics */

void broker_metrics_free(struct broker_metrics *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_cmds; i++) {
		free(m->cmds[i].system);
		free(m->cmds[i].command);
		free(m->cmds[i].outcome);
	}
	free(m->cmds);
	free(m);
}

int broker_metrics_get(struct broker_metrics **out, broker *b, struct broker_status *st)
{
	*out = NULL;
	struct broker_metrics *m = calloc(1, sizeof(*m));
	if (!m)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	store_job_counts jc;
	int rc = store_job_counts_get(&jc, b->s);
	if (rc) {
		free(m);
		return broker_fail_store(st, rc, "reading the job counts");
	}
	m->jobs_queued = (uint64_t)jc.queued;
	m->jobs_running = (uint64_t)jc.running;
	m->jobs_succeeded = (uint64_t)jc.succeeded;
	m->jobs_failed = (uint64_t)jc.failed;

	/* Adapters are never freed while the broker lives (retired ones
	 * included), so their pointers stay valid after the lock is dropped;
	 * stats() itself is thread-safe. */
	pthread_mutex_lock(&b->mu);
	m->orphans = b->n_orphans;
	size_t ns = 0;
	for (struct broker_adapter_slot *s = b->adapters; s; s = s->next)
		ns++;
	struct { struct slgw_adapter *a; char *name; } *slots = calloc(ns + 1, sizeof(*slots));
	size_t k = 0;
	for (struct broker_adapter_slot *s = b->adapters; slots && s; s = s->next) {
		if (s->retired)
			continue;
		slots[k].a = s->adapter;
		slots[k].name = strdup(s->system_name ? s->system_name : "");
		k++;
	}
	pthread_mutex_unlock(&b->mu);
	for (size_t i = 0; slots && i < k; i++) {
		struct slgw_adapter_stat *stats = NULL;
		size_t n = 0;
		if (slots[i].a->ops->stats && slots[i].a->ops->stats(&stats, &n, slots[i].a) == 0) {
			struct broker_cmd_metric *grown =
				realloc(m->cmds, (m->n_cmds + n + 1) * sizeof(*grown));
			if (grown) {
				m->cmds = grown;
				for (size_t j = 0; j < n; j++) {
					struct broker_cmd_metric *cm = &m->cmds[m->n_cmds];
					cm->system = strdup(slots[i].name ? slots[i].name : "");
					cm->command = strdup(stats[j].command);
					cm->outcome = strdup(stats[j].cls == SLGW_AERR_OK ? "ok"
									: slgw_adapter_err_name(stats[j].cls));
					cm->count = stats[j].count;
					if (!cm->system || !cm->command || !cm->outcome) {
						free(cm->system);
						free(cm->command);
						free(cm->outcome);
						continue;
					}
					m->n_cmds++;
				}
			}
			slgw_adapter_stat_array_free(stats, n);
		}
		free(slots[i].name);
	}
	free(slots);
	*out = m;
	broker_ok(st);
	return 0;
}
