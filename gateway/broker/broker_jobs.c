/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_jobs.c - the durable job engine: the one table of job kinds,
 * submit, workers, waiting, steps, crash recovery at start (which then runs
 * the orphan scan of broker_orphans.c), and the job reads of the API.
 *
 * Durability comes from the store, not from memory: a job is a row written
 * (state queued) before anything touches an array, its step is written
 * before each array command that must be found again, and its end is one
 * terminal write.  The in-memory `struct broker_run` only exists so that
 * workers can pick jobs and callers can sleep until a job ends; losing it
 * (a crash) loses nothing, because broker_start rebuilds runs from the
 * unfinished rows and hands them to each kind's recover function.
 *
 * Concurrency: b->mu guards the queue and the run list only.  A worker
 * takes a run under the lock, drops it, and executes the job with no broker
 * lock held, so any number of jobs wait on slow arrays at once (bounded per
 * array by the adapter's max_inflight) while the API keeps answering.
 * Per-object serialization is the store's: store_job_start refuses a second
 * unfinished job on the same object key atomically (EBUSY -> ABORTED).
 *
 * Admission: a tenant's user may have at most cfg.max_jobs_per_tenant jobs
 * queued or running at once (RESOURCE_EXHAUSTED with the numbers beyond
 * that), so one tenant cannot fill the queue every tenant's work goes
 * through.  The count and the insert of the new row happen under one
 * process-wide lock (one slgwd serves a store), so concurrent submits of a
 * tenant cannot all pass the same count; a retried request (same
 * clientRequestId) is never refused, it gets its first job.  Admins' jobs
 * and the no-op jobs of idempotent answers are not counted against it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "broker_internal.h"

#define RETRY_MAX 8
#define RETRY_FIRST_MS 1000
#define RETRY_CAP_MS 60000

/* ---------------------------------------------------------------- kinds */

/* Every job kind, listed once: recovery finds the kind of a stored job by
 * its name here.  The resource files define the kinds and submit them; the
 * engine only dispatches through the table and the kinds' function
 * pointers, so it calls into no resource file. */
static const struct broker_job_kind *const broker_kinds[] = {
	&broker_kind_system_add,
	&broker_kind_system_refresh,
	&broker_kind_system_remove,
	&broker_kind_volume_allocate,
	&broker_kind_volume_resize,
	&broker_kind_volume_delete,
	&broker_kind_host_add,
	&broker_kind_host_remove,
	&broker_kind_initiator_add,
	&broker_kind_initiator_remove,
	&broker_kind_host_failover,
	&broker_kind_host_address,
	&broker_kind_assign,
	&broker_kind_unassign,
	&broker_kind_adopt_group,
	&broker_kind_host_prepare,
	&broker_kind_snap_create,
	&broker_kind_snap_delete,
	&broker_kind_snap_restore,
	&broker_kind_clone,
};

const struct broker_job_kind *broker_kind_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(broker_kinds) / sizeof(broker_kinds[0]); i++)
		if (strcmp(broker_kinds[i]->name, name) == 0)
			return broker_kinds[i];
	return NULL;
}

/* --------------------------------------------------------------- runs */

static struct broker_run *run_find_locked(broker *b, int64_t job_id)
{
	for (struct broker_run *r = b->active; r; r = r->next_active)
		if (r->job_id == job_id)
			return r;
	return NULL;
}

static void run_unref_locked(broker *b, struct broker_run *r)
{
	if (--r->refs > 0)
		return;
	for (struct broker_run **pp = &b->active; *pp; pp = &(*pp)->next_active) {
		if (*pp == r) {
			*pp = r->next_active;
			break;
		}
	}
	free(r);
}

static void queue_append_locked(broker *b, struct broker_run *r)
{
	r->next = NULL;
	struct broker_run **pp = &b->queue;
	while (*pp)
		pp = &(*pp)->next;
	*pp = r;
	pthread_cond_signal(&b->work_cv);
}

/* Creates a run for job_id (one reference: the queue's) and queues it. */
static int enqueue_job(broker *b, int64_t job_id, const struct broker_job_kind *kind,
		       int recovering)
{
	struct broker_run *r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->job_id = job_id;
	r->kind = kind;
	r->refs = 1;
	r->recovering = recovering;
	pthread_mutex_lock(&b->mu);
	if (run_find_locked(b, job_id)) { /* a cluster poll met a submit */
		pthread_mutex_unlock(&b->mu);
		free(r);
		return 0;
	}
	if (recovering) {
		r->counted = 1;
		b->recover_pending++;
	}
	r->next_active = b->active;
	b->active = r;
	queue_append_locked(b, r);
	pthread_mutex_unlock(&b->mu);
	return 0;
}

/* First runnable run of the queue, or NULL with *wake_ms set to when the
 * earliest delayed one becomes runnable (0: none queued). */
static struct broker_run *queue_pop_locked(broker *b, long long *wake_ms)
{
	long long now = broker_now_ms();
	*wake_ms = 0;
	for (struct broker_run **pp = &b->queue; *pp; pp = &(*pp)->next) {
		struct broker_run *r = *pp;
		if (r->not_before_ms <= now) {
			*pp = r->next;
			r->next = NULL;
			return r;
		}
		if (*wake_ms == 0 || r->not_before_ms < *wake_ms)
			*wake_ms = r->not_before_ms;
	}
	return NULL;
}

/* ------------------------------------------------------------- execute */

/* store_job_finish, fenced by the lease the worker runs under (cluster). */
static int job_finish(broker *b, int64_t id, store_job_state state, const char *result,
		      const char *code, const char *message)
{
	store_fence f;
	if (broker_cluster_fence_get(&f, b) == 0)
		return store_job_finish_fenced(b->s, &f, id, state, result, code, message);
	return store_job_finish(b->s, id, state, result, code, message);
}

static int job_progress(broker *b, int64_t id, int progress, const char *step)
{
	store_fence f;
	if (broker_cluster_fence_get(&f, b) == 0)
		return store_job_progress_fenced(b->s, &f, id, progress, step);
	return store_job_progress(b->s, id, progress, step);
}

static int job_requeue(broker *b, int64_t id)
{
	store_fence f;
	if (broker_cluster_fence_get(&f, b) == 0)
		return store_job_requeue_fenced(b->s, &f, id);
	return store_job_set_state(b->s, id, STORE_JOB_QUEUED);
}

static void finish_failed(broker *b, int64_t id, const struct broker_status *s)
{
	enum slgw_code code = s->code == SLGW_OK ? SLGW_INTERNAL : s->code;
	int rc = job_finish(b, id, STORE_JOB_FAILED, NULL, slgw_code_name(code),
			    s->message[0] ? s->message : "failed");
	if (rc && rc != STORE_EINVAL)
		broker_log("job %" PRId64 ": recording failure: %s", id, store_errmsg());
}

/* Runs one job; returns 1 when the run was queued again (retry). */
static int execute(broker *b, struct broker_run *r)
{
	store_job *job = NULL;
	int rc = store_job_get(&job, b->s, r->job_id);
	if (rc) {
		broker_log("job %" PRId64 ": cannot read it: %s", r->job_id, store_errmsg());
		return 0;
	}
	if (STORE_JOB_TERMINAL(job->state)) {
		store_job_free(job);
		return 0;
	}
	/* In a cluster only the leader of the job's array runs it, under its
	 * lease: a lost lease leaves the job to the next leader untouched. */
	int64_t lease_sys = 0, lease_tok = 0;
	if (broker_cluster_on(b)) {
		lease_sys = broker_cluster_job_system(b, job->object, job->params);
		if (!broker_cluster_leads(b, lease_sys, &lease_tok)) {
			broker_log("job %" PRId64 ": not led here any more; left to the leader",
				   job->id);
			store_job_free(job);
			return 0;
		}
		broker_cluster_fence_enter(b, lease_sys, lease_tok);
	}
	struct broker_job_ctx ctx;
	memset(&ctx, 0, sizeof(ctx));
	ctx.b = b;
	ctx.job = job;
	ctx.recovering = r->recovering;
	ctx.progress = job->progress;
	if (job->step && *job->step) {
		snprintf(ctx.step_buf, sizeof(ctx.step_buf), "%s", job->step);
		ctx.step = ctx.step_buf;
	}
	json_error_t jerr;
	ctx.params = job->params && *job->params ? json_loads(job->params, 0, &jerr) : json_object();
	ctx.result = json_object();
	if (!ctx.params || !json_is_object(ctx.params) || !ctx.result) {
		broker_fail(&ctx.status, SLGW_INTERNAL, "job %" PRId64 " (%s): parameters unreadable",
			    job->id, job->kind);
		finish_failed(b, job->id, &ctx.status);
		goto out;
	}
	/* queued -> running (keeps progress and step) */
	rc = job_progress(b, job->id, ctx.progress, NULL);
	if (rc == STORE_EFENCED) {
		broker_log("job %" PRId64 ": %s", job->id, store_errmsg());
		goto out;
	}
	if (rc)
		broker_log("job %" PRId64 ": marking running: %s", job->id, store_errmsg());

	if (r->recovering && r->kind->recover)
		rc = r->kind->recover(&ctx);
	else if (r->recovering && ctx.step)
		/* Default recovery: it got somewhere, and we do not know what the
		 * array did; do not guess, fail cleanly. */
		rc = broker_fail(&ctx.status, SLGW_ABORTED,
				 "%s was interrupted by a gateway restart at step %s; retry the operation",
				 job->kind, ctx.step);
	else
		rc = r->kind->run(&ctx);

	if (rc == BROKER_JOB_RETRY) {
		pthread_mutex_lock(&b->mu);
		int stopping = b->stopping;
		pthread_mutex_unlock(&b->mu);
		if (r->attempts < RETRY_MAX && !stopping) {
			r->attempts++;
			long long delay = (long long)RETRY_FIRST_MS << (r->attempts - 1);
			if (delay > RETRY_CAP_MS)
				delay = RETRY_CAP_MS;
			/* the re-queue is a job write like the others: a node
			 * that lost the lease neither re-queues nor keeps it */
			if (job_requeue(b, job->id) == STORE_EFENCED) {
				broker_log("job %" PRId64 ": not re-queued: %s", job->id,
					   store_errmsg());
				goto out;
			}
			broker_log("job %" PRId64 " (%s): retry %d in %lld ms: %s", job->id, job->kind,
				   r->attempts, delay, ctx.status.message);
			/* r is owned by this worker until the caller queues it again */
			r->not_before_ms = broker_now_ms() + delay;
			json_decref(ctx.params);
			json_decref(ctx.result);
			store_job_free(job);
			broker_cluster_fence_leave();
			return 1;
		}
		if (stopping) /* leave it unfinished for the next start */
			goto out;
		rc = broker_fail(&ctx.status, SLGW_UNAVAILABLE, "gave up after %d attempts: %s",
				 r->attempts + 1, ctx.status.message);
	}
	if (rc == 0) {
		char *res = json_dumps(ctx.result, JSON_COMPACT);
		int frc = job_finish(b, job->id, STORE_JOB_SUCCEEDED, res, NULL, NULL);
		if (frc)
			broker_log("job %" PRId64 ": recording success: %s", job->id, store_errmsg());
		free(res);
	} else {
		finish_failed(b, job->id, &ctx.status);
	}
out:
	json_decref(ctx.params);
	json_decref(ctx.result);
	store_job_free(job);
	broker_cluster_fence_leave();
	return 0;
}

static void *worker_main(void *arg)
{
	broker *b = arg;
	pthread_mutex_lock(&b->mu);
	while (!b->stopping) {
		long long wake = 0;
		struct broker_run *r = queue_pop_locked(b, &wake);
		if (!r) {
			if (wake) {
				long long ms = wake - broker_now_ms();
				struct timespec ts = broker_deadline_in(ms > 0 ? ms : 1);
				pthread_cond_timedwait(&b->work_cv, &b->mu, &ts);
			} else {
				pthread_cond_wait(&b->work_cv, &b->mu);
			}
			continue;
		}
		pthread_mutex_unlock(&b->mu);
		int requeued = execute(b, r);
		pthread_mutex_lock(&b->mu);
		if (r->counted) {
			/* a recovered job has been tried once: reconciliation may go on */
			r->counted = 0;
			b->recover_pending--;
		}
		if (requeued) {
			queue_append_locked(b, r);
		} else {
			r->done = 1;
			run_unref_locked(b, r);
		}
		pthread_cond_broadcast(&b->done_cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* ------------------------------------------------------------- public */

/* Waits until job_id's row is terminal or the deadline passed, reading the
 * store every REMOTE_POLL_MS (a job another node of a cluster runs). */
#define REMOTE_POLL_MS 100
static void remote_wait(broker *b, int64_t job_id, const struct timespec *deadline)
{
	for (;;) {
		store_job *j = NULL;
		int done = store_job_get(&j, b->s, job_id) != 0 || STORE_JOB_TERMINAL(j->state);
		store_job_free(j);
		if (done)
			return;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long long left = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
				 (deadline->tv_nsec - now.tv_nsec) / 1000000;
		if (left <= 0)
			return;
		pthread_mutex_lock(&b->mu);
		int stopping = b->stopping;
		if (!stopping) {
			struct timespec ts =
				broker_deadline_in(left < REMOTE_POLL_MS ? left : REMOTE_POLL_MS);
			pthread_cond_timedwait(&b->done_cv, &b->mu, &ts);
		}
		pthread_mutex_unlock(&b->mu);
		if (stopping)
			return;
	}
}

int broker_job_wait(store_job **job_out, broker *b, int64_t job_id, int wait_ms,
		    struct broker_status *st)
{
	*job_out = NULL;
	if (wait_ms < 0)
		wait_ms = b->cfg.default_wait_ms;
	if (wait_ms > 0) {
		struct timespec ts = broker_deadline_in(wait_ms);
		pthread_mutex_lock(&b->mu);
		struct broker_run *r = run_find_locked(b, job_id);
		if (r) {
			r->refs++;
			b->waiters++;
			while (!r->done && !b->stopping) {
				if (pthread_cond_timedwait(&b->done_cv, &b->mu, &ts) == ETIMEDOUT)
					break;
			}
			run_unref_locked(b, r);
			b->waiters--;
			pthread_cond_broadcast(&b->done_cv);
		} else if (broker_cluster_on(b)) {
			/* run by another node: watch its row */
			pthread_mutex_unlock(&b->mu);
			remote_wait(b, job_id, &ts);
			pthread_mutex_lock(&b->mu);
		}
		pthread_mutex_unlock(&b->mu);
	}
	int rc = store_job_get(job_out, b->s, job_id);
	if (rc)
		return broker_fail_store(st, rc, "reading the job");
	broker_ok(st);
	return 0;
}

int broker_job_find_request(store_job **job_out, broker *b, const struct broker_caller *c,
			    struct broker_status *st)
{
	*job_out = NULL;
	if (!c->request_id || !*c->request_id)
		return 1;
	store_job *job = NULL;
	int rc = store_job_find_request(&job, b->s, c->user, c->request_id);
	if (rc == STORE_ENOTFOUND)
		return 1;
	if (rc)
		return broker_fail_store(st, rc, "looking up the request id");
	int64_t id = job->id;
	store_job_free(job);
	return broker_job_wait(job_out, b, id, c->wait_ms, st);
}

static int validate_request_id(const struct broker_caller *c, struct broker_status *st)
{
	if (!c->user || !*c->user)
		return broker_fail(st, SLGW_UNAUTHENTICATED, "no authenticated user");
	if (c->request_id && strlen(c->request_id) > 128)
		return broker_fail(st, SLGW_INVALID_ARGUMENT, "request id is longer than 128 characters");
	return 0;
}

/* The common part of submit and noop: store_job_start and its refusals.
 * Returns 0 with *job (new), 1 with *job_out (existing job, waited for),
 * or negative. */
static pthread_mutex_t admit_mu = PTHREAD_MUTEX_INITIALIZER;

/* Counts the tenant's unfinished jobs, at most cap of each state. */
static int tenant_jobs_open(size_t *out, broker *b, int64_t tenant, size_t cap)
{
	static const store_job_state open_states[] = { STORE_JOB_QUEUED, STORE_JOB_RUNNING };
	*out = 0;
	for (size_t i = 0; i < 2; i++) {
		store_filter f = { .tenant_id = tenant, .state = (int)open_states[i], .limit = cap };
		store_job *arr = NULL;
		size_t n = 0;
		int rc = store_job_list(&arr, &n, b->s, &f);
		if (rc)
			return rc;
		store_job_array_free(arr, n);
		*out += n;
	}
	return 0;
}

/* 0 when the caller may queue one more job (admit_mu held), else a
 * negative code with st filled. */
static int admit_tenant_job(broker *b, const struct broker_caller *c, struct broker_status *st)
{
	int max = b->cfg.max_jobs_per_tenant;
	if (c->is_admin || c->tenant_id <= 0 || max <= 0)
		return 0;
	if (c->request_id && *c->request_id) {
		store_job *old = NULL;
		int found = store_job_find_request(&old, b->s, c->user, c->request_id) == 0;
		store_job_free(old);
		if (found) /* a retry: store_job_start answers the first job */
			return 0;
	}
	size_t n = 0;
	int rc = tenant_jobs_open(&n, b, c->tenant_id, (size_t)max);
	if (rc)
		return broker_fail_store(st, rc, "counting the tenant's jobs");
	if (n < (size_t)max)
		return 0;
	store_tenant *t = NULL;
	char name[80] = "";
	if (store_tenant_get(&t, b->s, c->tenant_id) == 0 && t->name)
		snprintf(name, sizeof(name), "\"%.64s\" ", t->name);
	store_tenant_free(t);
	return broker_fail(st, SLGW_RESOURCE_EXHAUSTED,
			   "tenant %shas %zu jobs queued or running, the limit is %d "
			   "(limits maxJobsPerTenant); retry when some have finished",
			   name, n, max);
}

static int job_start(store_job **job, store_job **job_out, broker *b,
		     const struct broker_caller *c, const struct broker_job_kind *kind,
		     const char *object_id, json_t *params, store_job_state state,
		     struct broker_status *st)
{
	*job = NULL;
	*job_out = NULL;
	if (validate_request_id(c, st))
		return -(int)st->code;
	char *ptext = params ? json_dumps(params, JSON_COMPACT) : strdup("{}");
	if (!ptext)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	store_job rec;
	memset(&rec, 0, sizeof(rec));
	rec.kind = (char *)kind->name;
	rec.state = state;
	rec.request_id = c->request_id && *c->request_id ? (char *)c->request_id : NULL;
	rec.user = (char *)c->user;
	rec.tenant_id = c->tenant_id;
	rec.object = (char *)object_id;
	rec.params = ptext;
	store_job *j = NULL;
	/* no-ops (RUNNING, finished at once) and admins' jobs are not counted */
	int admit = state == STORE_JOB_QUEUED && !c->is_admin && c->tenant_id > 0 &&
		    b->cfg.max_jobs_per_tenant > 0;
	int rc = 0;
	if (admit) {
		pthread_mutex_lock(&admit_mu);
		rc = admit_tenant_job(b, c, st);
		if (rc) {
			pthread_mutex_unlock(&admit_mu);
			free(ptext);
			return rc;
		}
	}
	rc = store_job_start(&j, b->s, &rec);
	if (admit)
		pthread_mutex_unlock(&admit_mu);
	free(ptext);
	if (rc == STORE_EEXISTS && j) {
		int64_t id = j->id;
		store_job_free(j);
		rc = broker_job_wait(job_out, b, id, c->wait_ms, st);
		return rc ? rc : 1;
	}
	if (rc == STORE_EBUSY) {
		int r = broker_fail(st, SLGW_ABORTED,
				    "%s has an operation in flight (%s, job %" PRId64 "); retry when it has finished",
				    object_id ? object_id : "the object", j && j->kind ? j->kind : "?",
				    j ? j->id : 0);
		store_job_free(j);
		return r;
	}
	if (rc) {
		store_job_free(j);
		return broker_fail_store(st, rc, "recording the job");
	}
	*job = j;
	return 0;
}

int broker_job_submit(store_job **job_out, broker *b, const struct broker_caller *c,
		      const struct broker_job_kind *kind, const char *object_id, json_t *params,
		      struct broker_status *st)
{
	store_job *j = NULL;
	*job_out = NULL;
	if (!params) /* a json_pack that failed: never run a job without its inputs */
		return broker_fail(st, SLGW_INTERNAL, "%s: could not build the job parameters",
				   kind->name);
	int rc = job_start(&j, job_out, b, c, kind, object_id, params, STORE_JOB_QUEUED, st);
	if (rc == 1)
		return 0;
	if (rc)
		return rc;
	int64_t id = j->id;
	int64_t sys = broker_cluster_on(b) ? broker_cluster_job_system(b, j->object, j->params) : 0;
	store_job_free(j);
	/* in a cluster the array's leader runs it (its poll finds the row) */
	if (broker_cluster_leads(b, sys, NULL) && enqueue_job(b, id, kind, 0)) {
		struct broker_status fs;
		broker_fail(&fs, SLGW_INTERNAL, "out of memory queueing the job");
		finish_failed(b, id, &fs);
	}
	return broker_job_wait(job_out, b, id, c->wait_ms, st);
}

int broker_job_noop(store_job **job_out, broker *b, const struct broker_caller *c,
		    const struct broker_job_kind *kind, const char *object_id, json_t *params,
		    json_t *result, struct broker_status *st)
{
	store_job *j = NULL;
	int rc = job_start(&j, job_out, b, c, kind, object_id, params, STORE_JOB_RUNNING, st);
	if (rc == 1)
		return 0;
	if (rc)
		return rc;
	char *res = result ? json_dumps(result, JSON_COMPACT) : strdup("{}");
	rc = store_job_finish(b->s, j->id, STORE_JOB_SUCCEEDED, res, NULL, NULL);
	free(res);
	int64_t id = j->id;
	store_job_free(j);
	if (rc)
		return broker_fail_store(st, rc, "recording the job");
	rc = store_job_get(job_out, b->s, id);
	if (rc)
		return broker_fail_store(st, rc, "reading the job");
	broker_ok(st);
	return 0;
}

int broker_job_step(struct broker_job_ctx *ctx, const char *step)
{
	snprintf(ctx->step_buf, sizeof(ctx->step_buf), "%s", step ? step : "");
	ctx->step = ctx->step_buf;
	int rc = job_progress(ctx->b, ctx->job->id, ctx->progress, ctx->step_buf);
	if (rc == STORE_EFENCED)
		/* another node leads the array now: stop before the command */
		return broker_fail(&ctx->status, SLGW_UNAVAILABLE, "%s", store_errmsg());
	if (rc)
		/* Going on without the step persisted would make a crash
		 * unrecoverable: refuse the array command instead. */
		return broker_fail_store(&ctx->status, rc, "recording the job step");
	return 0;
}

int broker_job_progress(struct broker_job_ctx *ctx, int percent)
{
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	ctx->progress = percent;
	int rc = job_progress(ctx->b, ctx->job->id, percent, NULL);
	if (rc == STORE_EFENCED)
		return broker_fail(&ctx->status, SLGW_UNAVAILABLE, "%s", store_errmsg());
	return rc ? broker_fail_store(&ctx->status, rc, "recording job progress") : 0;
}

/* ------------------------------------------------------------ startup */

static void *reconcile_main(void *arg)
{
	broker *b = arg;
	pthread_mutex_lock(&b->mu);
	while (b->recover_pending > 0 && !b->stopping)
		pthread_cond_wait(&b->done_cv, &b->mu);
	int stopping = b->stopping;
	pthread_mutex_unlock(&b->mu);
	if (!stopping) {
		struct broker_status st;
		if (broker_scan_orphans(b, 0, &st))
			broker_log("orphan scan: %s", st.message);
	}
	pthread_mutex_lock(&b->mu);
	b->reconciled = 1;
	pthread_cond_broadcast(&b->done_cv);
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* A crash between store_volume_reserve and the job's insert leaves a plain
 * volume `creating` with no job: nothing can have reached the array (the
 * job is always written first), so the reservation is released.  Clones
 * are left to their own jobs.  system_id 0: every array (a single node at
 * start, when no call is in flight); else that array only, and only
 * reservations untouched for min_age_s seconds, because in a cluster the
 * other nodes serve calls meanwhile and one may sit between its reserve
 * and its insert right now. */
static void release_stale_reservations(broker *b, int64_t system_id, int64_t min_age_s,
				       const store_job *jobs, size_t n)
{
	store_filter f = { .state = STORE_STATE_CREATING, .system_id = system_id };
	store_volume *vs = NULL;
	size_t nv = 0;
	if (store_volume_list(&vs, &nv, b->s, &f) != 0)
		return;
	int64_t now = (int64_t)time(NULL); /* the store's timestamps: Unix seconds */
	for (size_t i = 0; i < nv; i++) {
		if (vs[i].clone_kind == STORE_CLONE_LINKED || vs[i].clone_kind == STORE_CLONE_FULL)
			continue;
		if (system_id > 0 && (vs[i].system_id != system_id || now - vs[i].updated < min_age_s))
			continue;
		char key[64];
		broker_object_key(key, sizeof(key), "volume", vs[i].id);
		int held = 0;
		for (size_t j = 0; j < n && !held; j++)
			held = jobs[j].object && strcmp(jobs[j].object, key) == 0;
		if (held)
			continue;
		broker_log("volume %" PRId64 " (\"%s\") was reserved but its job was never written; "
			   "releasing it", vs[i].id, vs[i].name ? vs[i].name : "");
		store_volume_set_state(b->s, vs[i].id, STORE_STATE_DELETED);
	}
	store_volume_array_free(vs, nv);
}

/* Queues the unfinished jobs of the systems[0..n) that no run here holds:
 * a job that had started (running, or with a step) is recovered exactly as
 * after a restart, a queued one is run.  The leader of an array calls it on
 * taking the lease (what the previous leader left) and on every poll (what
 * other nodes accepted): one listing of the unfinished jobs for all. */
int broker_jobs_adopt(broker *b, const int64_t *systems, size_t nsys)
{
	store_job *jobs = NULL;
	size_t n = 0;
	if (nsys == 0)
		return 0;
	int rc = store_job_list_unfinished(&jobs, &n, b->s);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		pthread_mutex_lock(&b->mu);
		int have = run_find_locked(b, jobs[i].id) != NULL;
		pthread_mutex_unlock(&b->mu);
		if (have)
			continue;
		int64_t sys = broker_cluster_job_system(b, jobs[i].object, jobs[i].params);
		int mine = 0;
		for (size_t k = 0; k < nsys && !mine; k++)
			mine = systems[k] == sys;
		if (!mine)
			continue;
		const struct broker_job_kind *k = broker_kind_find(jobs[i].kind);
		if (!k)
			continue;
		int started = jobs[i].state == STORE_JOB_RUNNING || (jobs[i].step && *jobs[i].step);
		if (started)
			broker_log("recovering job %" PRId64 " (%s) at step %s", jobs[i].id, jobs[i].kind,
				   jobs[i].step && *jobs[i].step ? jobs[i].step : "(none)");
		enqueue_job(b, jobs[i].id, k, started);
	}
	store_job_array_free(jobs, n);
	return 0;
}

int broker_jobs_release_stale(broker *b, int64_t system_id, int64_t min_age_s)
{
	store_job *jobs = NULL;
	size_t n = 0;
	if (system_id <= 0)
		return 0; /* volumes belong to arrays; lease 0 has none */
	int rc = store_job_list_unfinished(&jobs, &n, b->s);
	if (rc)
		return rc;
	release_stale_reservations(b, system_id, min_age_s, jobs, n);
	store_job_array_free(jobs, n);
	return 0;
}

int broker_jobs_start(broker *b, struct broker_status *st)
{
	/* A cluster node recovers per array when it takes the array's lease
	 * (broker_jobs_adopt), never everything at start: the other nodes'
	 * jobs are running there. */
	int whole = b->cfg.reconcile_on_start && !b->cfg.cluster_node;
	if (whole) {
		store_job *jobs = NULL;
		size_t n = 0;
		int rc = store_job_list_unfinished(&jobs, &n, b->s);
		if (rc)
			return broker_fail_store(st, rc, "listing unfinished jobs");
		for (size_t i = 0; i < n; i++) {
			const struct broker_job_kind *k = broker_kind_find(jobs[i].kind);
			if (!k) {
				struct broker_status fs;
				broker_fail(&fs, SLGW_INTERNAL,
					    "job kind %s is unknown to this gateway; interrupted by a restart",
					    jobs[i].kind);
				finish_failed(b, jobs[i].id, &fs);
				continue;
			}
			broker_log("recovering job %" PRId64 " (%s) at step %s", jobs[i].id, jobs[i].kind,
				   jobs[i].step && *jobs[i].step ? jobs[i].step : "(none)");
			if (enqueue_job(b, jobs[i].id, k, 1)) {
				store_job_array_free(jobs, n);
				return broker_fail(st, SLGW_INTERNAL, "out of memory");
			}
		}
		release_stale_reservations(b, 0, 0, jobs, n);
		store_job_array_free(jobs, n);
	}

	b->threads = calloc((size_t)b->cfg.workers, sizeof(pthread_t));
	if (!b->threads)
		return broker_fail(st, SLGW_INTERNAL, "out of memory");
	for (int i = 0; i < b->cfg.workers; i++) {
		if (pthread_create(&b->threads[i], NULL, worker_main, b)) {
			broker_jobs_stop(b);
			return broker_fail(st, SLGW_INTERNAL, "cannot start worker thread %d", i);
		}
		b->n_threads++;
	}
	if (whole) {
		if (pthread_create(&b->reconcile_thread, NULL, reconcile_main, b) == 0)
			b->reconcile_started = 1;
	} else {
		b->reconciled = 1;
	}
	return 0;
}

void broker_jobs_stop(broker *b)
{
	pthread_mutex_lock(&b->mu);
	b->stopping = 1;
	pthread_cond_broadcast(&b->work_cv);
	pthread_cond_broadcast(&b->done_cv);
	pthread_mutex_unlock(&b->mu);
	for (int i = 0; i < b->n_threads; i++)
		pthread_join(b->threads[i], NULL);
	b->n_threads = 0;
	free(b->threads);
	b->threads = NULL;
	if (b->reconcile_started) {
		pthread_join(b->reconcile_thread, NULL);
		b->reconcile_started = 0;
	}
	/* Callers still waiting for a job leave at once (stopping is set);
	 * their runs must outlive them. */
	pthread_mutex_lock(&b->mu);
	while (b->waiters > 0)
		pthread_cond_wait(&b->done_cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
	/* Runs left in the queue stay unfinished in the store: the next start
	 * recovers them. */
	struct broker_run *r = b->active;
	while (r) {
		struct broker_run *next = r->next_active;
		free(r);
		r = next;
	}
	b->active = NULL;
	b->queue = NULL;
}

int broker_wait_reconciled(broker *b, int timeout_ms)
{
	struct timespec ts = broker_deadline_in(timeout_ms < 0 ? 0 : timeout_ms);
	int rc = 0;
	pthread_mutex_lock(&b->mu);
	while (!b->reconciled && !b->stopping) {
		if (timeout_ms < 0) {
			pthread_cond_wait(&b->done_cv, &b->mu);
		} else if (pthread_cond_timedwait(&b->done_cv, &b->mu, &ts) == ETIMEDOUT) {
			rc = b->reconciled ? 0 : -1;
			break;
		}
	}
	pthread_mutex_unlock(&b->mu);
	return rc;
}

/* ---------------------------------------------------------------- jobs */

int broker_get_job(store_job **out, broker *b, const struct broker_caller *c, const char *job_id,
		   struct broker_status *st)
{
	*out = NULL;
	int64_t id;
	if (broker_parse_id(&id, job_id, "job id", st))
		return -(int)st->code;
	store_job *j = NULL;
	int rc = store_job_get(&j, b->s, id);
	if (rc == STORE_ENOTFOUND || (rc == 0 && !c->is_admin && j->tenant_id != c->tenant_id)) {
		store_job_free(j);
		return broker_fail(st, SLGW_NOT_FOUND, "job %s not found", job_id);
	}
	if (rc)
		return broker_fail_store(st, rc, "reading the job");
	*out = j;
	broker_ok(st);
	return 0;
}

int broker_enum_jobs(store_job **out, size_t *n_out, char **next_page_token, broker *b,
		     const struct broker_caller *c, const char *state, const struct broker_page *page,
		     struct broker_status *st)
{
	store_filter f;
	*out = NULL;
	if (broker_list_open(&f, n_out, next_page_token, page, st))
		return -(int)st->code;
	if (state && *state) {
		f.state = store_job_state_parse(state);
		if (!f.state)
			return broker_fail(st, SLGW_INVALID_ARGUMENT,
					   "state \"%.16s\" must be queued, running, succeeded or failed", state);
	}
	if (broker_filter_tenant(&f, c, st))
		return -(int)st->code;
	int rc = store_job_list(out, n_out, b->s, &f);
	return broker_list_done(next_page_token, rc, "listing jobs", &f, *n_out,
				*n_out ? (*out)[*n_out - 1].id : 0, st);
}
