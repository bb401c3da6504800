/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_internal.h - what the files of slgw_broker share: struct broker,
 * the job engine, the adapter slots, tenant scoping and paging.
 *
 * Not installed, not used by the server: only the core, the job engine and
 * the resource files (broker_<resource>.c) include it.  The array engines
 * see only broker_access.h and broker_status.h, so they can be built and
 * tested without a broker.
 *
 * The job engine
 * --------------
 * An operation that touches an array is a JOB KIND: a name stored in the
 * job record ("volume.allocate") and a step function.  A public entry point
 * (e.g. broker_assign_storage) validates and scopes the request, then calls
 * broker_job_submit(), which
 *   - returns the existing job when (caller->user, caller->request_id) was
 *     seen before (retried call -> the same job, waited for again);
 *   - refuses with SLGW_ABORTED when another unfinished job holds the same
 *     object id (per-object serialization: store_job_start's EBUSY);
 *   - writes the job (state queued, params JSON) to the store BEFORE anything
 *     touches an array, queues it for a worker, and waits up to wait_ms.
 * A worker marks the job running and calls kind->run(ctx).  The step function:
 *   - reads its inputs from ctx->params (the JSON the entry point gave);
 *   - calls broker_job_step(ctx, "lun-create-sent") BEFORE each array command
 *     whose effect it must find again after a crash (the step is persisted
 *     first, so after a crash the recover function knows how far it got);
 *   - may report broker_job_progress(ctx, pct);
 *   - fills ctx->result (a JSON object) and returns 0 on success, or returns
 *     broker_fail(&ctx->status, CODE, "...") on failure.  It may return
 *     BROKER_JOB_RETRY to be put back in the queue (array unreachable at
 *     startup); the engine retries it later with backoff, bounded.
 * Array objects are named from the gateway's own ids and the store's
 * instance id (LUN "slgw-<instance>-<volume id>", see broker_names.h) so
 * that recovery can find them by name and never mistakes another gateway's
 * objects on a shared array for its own.
 *
 * Crash recovery: broker_start() lists the unfinished jobs (queued/running)
 * and queues each, ahead of any new work, for kind->recover(ctx) with
 * ctx->recovering = 1 and ctx->step = the last persisted step (NULL when
 * none); the workers run them like any job (BROKER_JOB_RETRY while the
 * array is unreachable).  A kind without recover gets the default: a job
 * that never recorded a step is run again (nothing reached the array); one
 * that did is failed with SLGW_ABORTED ("interrupted by a gateway restart
 * at step X; retry").  Unknown kinds are failed.  Plain volumes left
 * `creating` with no job at all (a crash between reserve and job insert)
 * are released.  Once every recovered job has been tried, every array is
 * scanned for orphans (broker_scan_orphans).
 *
 * Locking: b->mu guards the queue, the run list and the adapter registry
 * only; it is NEVER held across an array command or a store call that may
 * wait.  Per-array limits live in the adapters (max_inflight).
 *
 * Kinds are static const data defined by the resource file that submits
 * them and listed once in the engine's table (broker_kinds[] in
 * broker_jobs.c), so recovery finds every kind by name at startup and the
 * engine never calls into a resource file except through a kind.
 */
#ifndef SLGW_BROKER_INTERNAL_H
#define SLGW_BROKER_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>

#include <jansson.h>

#include "adapter.h"
#include "broker.h"
#include "broker_access.h"
#include "broker_cluster.h"
#include "broker_names.h"
#include "broker_status.h"
#include "store.h"

struct broker_job_ctx;

/* A step function returns this (positive) to be queued again later. */
#define BROKER_JOB_RETRY 1

/* One kind of job.  Kinds are static const data, registered by pointer. */
struct broker_job_kind {
	const char *name;                          /* "volume.allocate" */
	int (*run)(struct broker_job_ctx *ctx);    /* does the work */
	int (*recover)(struct broker_job_ctx *ctx);/* after a crash; NULL = default */
};

/* What a step function sees. */
struct broker_job_ctx {
	broker *b;
	const store_job *job;      /* record at dispatch: id, kind, user, tenant,
	                            * object id, params, step (borrowed) */
	json_t *params;            /* parsed job->params (borrowed, an object) */
	json_t *result;            /* fill on success (owned by the engine) */
	struct broker_status status; /* fill on failure (broker_fail) */
	int recovering;            /* 1 when called from crash recovery */
	const char *step;          /* last persisted step (updated by
	                            * broker_job_step), or NULL */
	int progress;              /* last persisted progress */
	char step_buf[64];
};

/* A live job: the in-memory twin of a queued/running job record. */
struct broker_run {
	struct broker_run *next;       /* in b->queue */
	struct broker_run *next_active;/* in b->active */
	int64_t job_id;
	const struct broker_job_kind *kind;
	int done;                  /* the job reached a terminal state */
	int refs;                  /* queue + waiters; freed at 0 (under b->mu) */
	int attempts;              /* BROKER_JOB_RETRY count */
	int recovering;
	int counted;               /* still counted in b->recover_pending */
	long long not_before_ms;   /* retry backoff (monotonic ms) */
};

/* A registered adapter instance (one per storage system). */
struct broker_adapter_slot {
	struct broker_adapter_slot *next;
	int64_t system_id;
	char *system_name;
	struct slgw_adapter *adapter;
	int retired;               /* system removed: kept until broker_free
	                            * because a job may still hold it */
};

struct broker {
	store *s;                  /* borrowed */
	struct broker_config cfg;
	char *naviseccli_default;  /* owned copy of cfg.naviseccli_path */

	pthread_mutex_t mu;
	pthread_cond_t work_cv;    /* queue not empty / stopping */
	pthread_cond_t done_cv;    /* some job finished */
	struct broker_run *queue;  /* FIFO of runs waiting for a worker */
	struct broker_run *active; /* every live run (queued or running) */
	int stopping;
	int started;
	pthread_t *threads;
	int n_threads;
	pthread_t reconcile_thread;
	int reconcile_started;
	int recover_pending;       /* recovered runs not yet tried once */
	int reconciled;            /* recovery tried + orphan scan done */
	int waiters;               /* callers sleeping in broker_job_wait */


	struct broker_adapter_slot *adapters;

	/* Keys held by the host-access engine ("reg/<host>/<system>",
	 * "asg/<volume>/<host>"): its own mutex, never held across an array
	 * command. */
	struct broker_access_locks access_locks;

	/* Orphans found by the last reconciliation (under mu). */
	struct broker_orphan *orphans;
	size_t n_orphans;

	/* Leases of this node; NULL without a cluster (broker_cluster.c). */
	struct broker_cluster *cluster;

	/* Test hook: when set, used instead of the adapter registry to make the
	 * adapter of a system (a fake that counts calls). */
	int (*adapter_factory)(struct slgw_adapter **out, void *ctx,
			       const store_system *sys,
			       struct broker_status *st);
	void *adapter_factory_ctx;
};

/* --------------------------------------------------------- job engine */

/* The kind of that name (from the one table in broker_jobs.c), or NULL. */
const struct broker_job_kind *broker_kind_find(const char *name);

/* See the header comment.  object_id: the object to serialize on (NULL:
 * none); params: borrowed, serialized into the job.  Returns 0 with
 * *job_out (possibly still running), or negative with st (ABORTED, ...). */
int broker_job_submit(store_job **job_out, broker *b,
		      const struct broker_caller *c,
		      const struct broker_job_kind *kind,
		      const char *object_id, json_t *params,
		      struct broker_status *st);

/* When caller->request_id names an existing job of this user: waits for it
 * (caller's wait_ms), returns 0 and the job.  Returns 1 when there is no
 * such job (go on and create one), negative on a store error.  For entry
 * points that reserve something (a volume) before submitting. */
int broker_job_find_request(store_job **job_out, broker *b,
			    const struct broker_caller *c,
			    struct broker_status *st);

/* Waits up to wait_ms (<0: default) for job_id to finish, then reloads it. */
int broker_job_wait(store_job **job_out, broker *b, int64_t job_id,
		    int wait_ms, struct broker_status *st);

/* Waits (up to timeout_ms, < 0 = for ever) until the startup reconciliation
 * has tried every unfinished job once and scanned for orphans.  Returns 0,
 * or -1 on timeout.  For tests and slgwd's readiness. */
int broker_wait_reconciled(broker *b, int timeout_ms);

/* Lists the LUNs of one system (system_id 0: of every system) and records
 * as orphans (logged, counted in metrics; never deleted) the LUNs named by
 * THIS gateway (broker_name_parse with the store's instance id) that the
 * store does not account for: a volume LUN or clone SMP
 * "slgw-<instance>-<id>" of no live volume of that system, a migration
 * target "slgw-<instance>-dst-<id>" of no clone being created.  Names of
 * other gateways and from before instance ids are left alone.  One array
 * command per system, plus one per candidate to confirm it. */
int broker_scan_orphans(broker *b, int64_t system_id,
			struct broker_status *st);

/* Replaces the orphans recorded for a system with found[0..n) (taking
 * ownership of their strings; found itself stays the caller's). */
void broker_orphans_replace(broker *b, int64_t system_id,
			    struct broker_orphan *found, size_t n);

/* 1 when the system's discovered enabler list names `enabler`
 * ("ThinProvisioning", "VNXSnapshots", ...). */
int broker_system_has_enabler(const store_system *sys, const char *enabler);

/* 1 when s is an absolute path without control characters (at most 1024
 * bytes); 1 when the configuration allows path as a system's naviseccli
 * (the default or an allowCli entry), resp. as its security file (in an
 * allowSecurityFileDir or below one); broker_common.c. */
int broker_valid_path(const char *s);
int broker_cli_allowed(const broker *b, const char *path);
int broker_secfile_allowed(const broker *b, const char *path);

/* The job kinds, defined by the resource file that submits them and listed
 * once in broker_jobs.c (broker_kinds[]) so recovery finds them by name. */
extern const struct broker_job_kind broker_kind_system_add;
extern const struct broker_job_kind broker_kind_system_refresh;
extern const struct broker_job_kind broker_kind_system_remove;
extern const struct broker_job_kind broker_kind_volume_allocate;
extern const struct broker_job_kind broker_kind_volume_resize;
extern const struct broker_job_kind broker_kind_volume_delete;
extern const struct broker_job_kind broker_kind_host_add;
extern const struct broker_job_kind broker_kind_host_remove;
extern const struct broker_job_kind broker_kind_initiator_add;
extern const struct broker_job_kind broker_kind_initiator_remove;
extern const struct broker_job_kind broker_kind_host_failover;
extern const struct broker_job_kind broker_kind_host_address;
extern const struct broker_job_kind broker_kind_assign;
extern const struct broker_job_kind broker_kind_unassign;
extern const struct broker_job_kind broker_kind_adopt_group;
extern const struct broker_job_kind broker_kind_host_prepare;
extern const struct broker_job_kind broker_kind_snap_create;
extern const struct broker_job_kind broker_kind_snap_delete;
extern const struct broker_job_kind broker_kind_snap_restore;
extern const struct broker_job_kind broker_kind_clone;

/* Job workers' entry points (broker_jobs.c), used by broker_new/_free. */
int broker_jobs_start(broker *b, struct broker_status *st);
void broker_jobs_stop(broker *b);

/* Initializes a condition variable on CLOCK_MONOTONIC (all broker waits
 * use monotonic deadlines); broker_common.c, as broker_deadline_in. */
void broker_cond_init(pthread_cond_t *cv);
/* The absolute CLOCK_MONOTONIC deadline ms from now, for those waits. */
struct timespec broker_deadline_in(long long ms);
/* Milliseconds on CLOCK_MONOTONIC (broker_common.c). */
long long broker_now_ms(void);


/* Persists the step reached (before the array command it names). */
int broker_job_step(struct broker_job_ctx *ctx, const char *step);

/* Persists progress 0..100. */
int broker_job_progress(struct broker_job_ctx *ctx, int percent);

/* Makes a finished job record without running anything (an idempotent
 * no-op: grow to the size already reached, delete of a gone object):
 * written as succeeded with result.  It takes the object key for a moment
 * like any job, so never use it on an object another call is still
 * creating (that call's own job would get ABORTED): answer ABORTED
 * ("retry when it is ready") instead, as broker_allocate_storage does. */
int broker_job_noop(store_job **job_out, broker *b,
		    const struct broker_caller *c,
		    const struct broker_job_kind *kind, const char *object_id,
		    json_t *params, json_t *result, struct broker_status *st);

/* ------------------------------------------------------------ adapters */

/* The adapter instance of a system, created on first use from the system
 * record and its credentials.  Borrowed: valid until broker_free.  Errors:
 * NOT_FOUND (no such system), INTERNAL. */
struct slgw_adapter *broker_adapter_for(broker *b, const char *system_id,
					struct broker_status *st);

/* Same, by numeric id. */
struct slgw_adapter *broker_adapter_get(broker *b, int64_t system_id,
					struct broker_status *st);

/* "\"vnx\"" (or "\"a\", \"b\"" ...): the registry's family names, for
 * messages that tell a caller what this gateway knows. */
void broker_adapter_family_names(char *buf, size_t len);

/* Drops the cached instance (system removed or its settings changed); the
 * instance itself is retired, not freed, until broker_free. */
void broker_adapter_forget(broker *b, int64_t system_id);

/* ----------------------------------------------------------- scoping */

/* 0 when c is an admin, else PERMISSION_DENIED "<what> needs the admin role". */
int broker_require_admin(const struct broker_caller *c, const char *what,
			 struct broker_status *st);

/* 1 when an object owned by owner_tenant_id (0 = admin-owned) is visible
 * to c: admins see everything, a tenant only its own. */
int broker_visible(const struct broker_caller *c, int64_t owner_tenant_id);

/* Parses a decimal id string (> 0) of the request field `field`.
 * INVALID_ARGUMENT "<field> \"...\" is not a valid id" otherwise. */
int broker_parse_id(int64_t *out, const char *id, const char *field,
		    struct broker_status *st);

/* The tenant an object created by c belongs to: c's own for a tenant; for
 * an admin the requested tenant id string (NULL/"" = none -> 0), checked to
 * exist (NOT_FOUND).  A tenant naming another tenant gets NOT_FOUND. */
int broker_owner_tenant(int64_t *out, broker *b, const struct broker_caller *c,
			const char *requested_tenant_id,
			struct broker_status *st);

/* Loads a volume visible to c (live: not DELETED), else NOT_FOUND (same message whether it does
 * not exist or belongs to another tenant). */
int broker_scope_volume(store_volume **out, broker *b,
			const struct broker_caller *c, const char *volume_id,
			struct broker_status *st);

/* Loads a host visible to c, else NOT_FOUND (the same for "not yours"). */
int broker_scope_host(store_host **out, broker *b, const struct broker_caller *c,
		      const char *host_id, struct broker_status *st);

/* Loads a system visible to c (tenant: has a grant on one of its pools). */
int broker_scope_system(store_system **out, broker *b,
			const struct broker_caller *c, const char *system_id,
			struct broker_status *st);

/* ------------------------------------------------------------- names */

/* "slgw-<instance>-<volume id>" - the array name a new volume's LUN gets
 * (buf of BROKER_NAME_MAX; "" if the id is unusable). */
void broker_lun_name(char *buf, size_t len, broker *b, int64_t volume_id);

/* The array name of an existing volume's LUN: the one recorded at
 * reservation (volumes created before instance ids keep "slgw-<id>"),
 * else broker_lun_name. */
void broker_volume_lun_name(char *buf, size_t len, broker *b, const store_volume *v);

/* ------------------------------------------- classic LUNs (RAID groups)
 * The roads of broker_volumes.c for a volume in a RAID group
 * (broker_volumes_classic.c).  The job helpers set *finished when their
 * return is the job's own result; otherwise it is the adapter's code for
 * the common failure handling. */
int broker_volume_rg_of_job(json_t *params); /* the RAID group, or -1 */
void broker_volume_rg_mark_job(json_t *params, const store_pool *pool);
int broker_volume_rg_allocate_check(const store_system *sys, const store_pool *pool,
				    const struct broker_allocate_req *req, struct broker_status *st);
int broker_volume_rg_resize_check(broker *b, const store_volume *v, const store_pool *pool,
				  const char *volume_id, int64_t delta, struct broker_status *st);
int broker_volume_rg_bind(struct slgw_lun **lun, int *finished, struct broker_job_ctx *ctx,
			  struct slgw_adapter *a, const char *lun_name,
			  struct slgw_adapter_error *err);
int broker_volume_rg_grow(int *finished, struct broker_job_ctx *ctx, struct slgw_adapter *a,
			  int64_t sys_id, int64_t vid, int rg, const char *lun_name,
			  int64_t old_mb, int64_t new_mb, struct slgw_adapter_error *err);
int broker_volume_classic_destroy(broker *b, struct slgw_adapter *a, int64_t vid,
				  const char *lun_name, int sv_clone, int force,
				  struct slgw_adapter_error *err);
/* Takes a volume's LUN out of a storage group: by HLU, or by name for a
 * SnapView snapshot (which has no number). */
int broker_volume_sg_remove(struct slgw_adapter *a, const char *sg, int hlu, const char *lun_name,
			    int sv_clone, struct slgw_adapter_error *err);

/* 1 when s is well-formed UTF-8 (what SOAP strings and job JSON carry). */
int broker_valid_utf8(const char *s);

/* Paging: token -> filter->after and filter->limit (the page token is the
 * last id of the previous page, in decimal).  INVALID_ARGUMENT for a bad
 * token. */
int broker_page_decode(store_filter *f, const struct broker_page *p,
		       struct broker_status *st);

/* Narrows a listing to what c may see: an admin sees every tenant (f is
 * left alone); a tenant user only its own tenant's rows (f->tenant_id).
 * PERMISSION_DENIED for a user bound to no tenant.  0 or -code. */
int broker_filter_tenant(store_filter *f, const struct broker_caller *c,
			 struct broker_status *st);

/* Narrows a listing to one volume visible to c (volume_id NULL/"": no
 * narrowing); NOT_FOUND for a volume c cannot see. */
int broker_filter_volume(store_filter *f, broker *b, const struct broker_caller *c,
			 const char *volume_id, struct broker_status *st);

/* next_page_token for a page of n records whose last id is last_id:
 * its decimal text when n == limit (there may be more), else NULL. */
char *broker_page_next(int64_t last_id, size_t n, size_t limit);

/* Every listing opens and ends the same way.  broker_list_open: no rows
 * and no next page yet (next_page_token may be NULL: the caller wants
 * none), f cleared and set to the page asked (broker_page_decode).
 * broker_list_done: the store's rc as a failure naming what (e.g.
 * "listing hosts"), else OK with the next page's token for n rows whose
 * last has last_id (broker_page_next against f->limit).  0 or -code. */
int broker_list_open(store_filter *f, size_t *n_out, char **next_page_token,
		     const struct broker_page *page, struct broker_status *st);
int broker_list_done(char **next_page_token, int rc, const char *what, const store_filter *f,
		     size_t n, int64_t last_id, struct broker_status *st);

/* "volume/12": the job object key of a typed id. */
void broker_object_key(char *buf, size_t len, const char *type, int64_t id);

/* The store handle (for operation files). */
store *broker_store(broker *b);


/* ------------------------------------------- jobs of the array engines */

struct broker_access_env;

/* Fills env for a job on system_id: the store, the system's adapter, the
 * broker's key locks and hooks that persist step/progress into ctx's job.
 * 0, or -code with ctx->status filled (no such system, ...). */
int broker_access_env_for(struct broker_access_env *env, struct broker_job_ctx *ctx,
			  int64_t system_id);

/* The integer job parameter `key` (0 when absent). */
int64_t broker_job_param_id(struct broker_job_ctx *ctx, const char *key);

/* Merges an engine result into the job's result, drops it, returns rc. */
int broker_job_take_result(struct broker_job_ctx *ctx, json_t *res, int rc);

/* The registrations of a host on every system (store only). */
int broker_access_host_systems(store_host_system **out, size_t *n, store *s,
			       int64_t host_id, struct broker_status *st);

/* The system a volume lives on (store only; broker_common.c). */
int broker_volume_system_id(int64_t *sys_id, store *s, int64_t vol_id, struct broker_status *st);

#endif /* SLGW_BROKER_INTERNAL_H */
