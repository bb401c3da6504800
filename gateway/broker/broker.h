/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker.h - the gateway's brain, as seen by the SOAP server and the CLI.
 *
 * Design
 * ------
 * The broker sits between the SOAP layer (gateway/server) and the two things
 * that hold state: the store (store/store.h, SQLite) and the arrays (through
 * adapters/adapter.h).  It owns no SOAP types: the server maps each SOAP
 * request struct onto one of the request structs below and maps the answer
 * (a store record, or a job) back.
 *
 * Mutating operations that may touch an array are JOBS:
 *   1. the request is validated and scoped (tenant rules, quotas) - a refusal
 *      here returns a negative value with `struct broker_status` filled and
 *      no job exists;
 *   2. the job is written to the store (state queued) BEFORE any array
 *      command, keyed by the caller's (user, request_id) so that a retried
 *      call gets the same job back, and by the object it works on so that a
 *      second operation on the same object is refused with SLGW_ABORTED;
 *   3. a broker worker thread runs it; the caller waits up to wait_ms;
 *   4. the call returns 0 and hands back the job record (store_job, owned by
 *      the caller, free with store_job_free): succeeded with its result JSON,
 *      failed with its error code/message, or still queued/running (poll
 *      with broker_get_job).
 *   A job that failed is still a returned job (return 0): look at
 *   job->state and job->error_code.
 *
 * Pure store operations (tenants, grants, users) are synchronous and return
 * records directly.  Reads return store records, scoped: a tenant sees only
 * its own objects and the systems/pools granted to it; anything else answers
 * SLGW_NOT_FOUND exactly as if it did not exist.
 *
 * Job result JSON (job->result, a JSON object text) per kind:
 *   system.add      {"system_id": "..."}
 *   system.refresh  {"system_id": "...", "pools": N, "ports": N}
 *   system.remove   {"system_id": "..."}
 *   volume.allocate {"volume_id","lun_id","lun_name","wwn","size_mb"}
 *   volume.resize   {"volume_id","size_mb"}
 *   volume.delete   {"volume_id"}
 *   assignment.assign {"assignment_id","volume_id","host_id",
 *      "wwn","hlu","failover_mode","targets":[{"sp":"A","port_id":N,
 *      "vport_id":N,"protocol":"iscsi"|"fc","iqn":"...","portal":"ip:3260",
 *      "wwpn":"..."}...]}
 *   the other kinds document their result in broker_access.h.
 *
 * Thread-safety: every function may be called from many server threads at
 * once on one broker.  No broker lock is ever held across an array command,
 * so a slow or dead array never blocks calls that do not need it.
 *
 * Ids: requests carry object ids as strings (the SOAP form: decimal store
 * row ids, e.g. "12"); a malformed id is INVALID_ARGUMENT naming the field,
 * a well-formed id of an object the caller may not see is NOT_FOUND.
 * Records handed back are store records (int64 ids).  Jobs lock objects by
 * key "<type>/<id>" (e.g. "volume/12").
 *
 * Ownership: what a function hands out through an out-pointer belongs to
 * the caller and is freed with that type's _free / _array_free (from
 * store.h, or below); `char *` out strings are freed with free().
 */
#ifndef SLGW_BROKER_H
#define SLGW_BROKER_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct broker broker;

/* ---------------------------------------------------------------- codes */

/* The stable error classes carried in every SOAP fault's detail. */
enum slgw_code {
	SLGW_OK = 0,
	SLGW_INVALID_ARGUMENT,
	SLGW_NOT_FOUND,
	SLGW_ALREADY_EXISTS,
	SLGW_FAILED_PRECONDITION,
	SLGW_PERMISSION_DENIED,
	SLGW_UNAUTHENTICATED,
	SLGW_RESOURCE_EXHAUSTED,
	SLGW_ABORTED,
	SLGW_UNAVAILABLE,
	SLGW_DEADLINE_EXCEEDED,
	SLGW_CONFLICT,           /* (API revision 2) held by another object */
	SLGW_NOT_SUPPORTED,      /* (API revision 2) not done by this server */
	SLGW_INTERNAL            /* last: tables are sized by it */
};

/* "OK", "INVALID_ARGUMENT", ... ; "INTERNAL" for out-of-range values. */
const char *slgw_code_name(enum slgw_code code);

/* Parses a name as returned by slgw_code_name (the text stored in a job's
 * error_code).  Returns the code, or SLGW_INTERNAL for unknown text. */
enum slgw_code slgw_code_from_name(const char *name);

/* Filled on every failure; message names the object and field and never
 * carries a password.  code = SLGW_OK and message "" on success. */
struct broker_status {
	enum slgw_code code;
	char message[512];
};

/* Who is calling.  Strings are borrowed for the duration of the call. */
struct broker_caller {
	const char *user;        /* authenticated user name (audit, job owner) */
	int64_t tenant_id;       /* the tenant of a tenant user; 0 for an admin */
	int is_admin;            /* 1: role admin; 0: role tenant */
	const char *request_id;  /* client-supplied idempotency key, may be NULL */
	int wait_ms;             /* how long a mutating call waits for its job;
	                          * < 0: the broker's default; 0: do not wait */
};

/* Paging for every enum call: page_token from the previous answer's
 * next_page_token (NULL/"" = first page), limit <= 0 = default (100),
 * capped at 1000. */
struct broker_page {
	const char *page_token;
	int limit;
};

/* ------------------------------------------------------------ lifecycle */

struct broker_config {
	int workers;                /* job worker threads (default 32: a worker
	                             * waiting on a slow array is cheap, and
	                             * jobs of healthy arrays must not queue
	                             * behind it) */
	int default_wait_ms;        /* caller wait when wait_ms < 0 (default 30000) */
	const char *naviseccli_path;/* default array CLI when a system names none
	                             * (NULL: /opt/Navisphere/bin/naviseccli; a
	                             * simulator is used only when named here
	                             * or in the system's cli_path) */
	int command_timeout_s;      /* per array command (default 120) */
	int max_inflight;           /* default commands in flight per array (4) */
	int reconcile_on_start;     /* 1 (default): broker_start reconciles */
	/* What an API admin may name (broker_systems.c): NULL-terminated
	 * lists, borrowed for the broker's life.  allow_cli: naviseccli paths
	 * a system may use besides naviseccli_path (always allowed);
	 * allow_secfile_dirs: directories a security file path must be, or
	 * be below (NULL: BROKER_DEFAULT_SECFILE_DIR only). */
	const char *const *allow_cli;
	const char *const *allow_secfile_dirs;
	/* Per-tenant limits (broker_jobs.c, broker_hosts.c); <= 0: none. */
	int max_jobs_per_tenant;    /* queued + running jobs (default 64) */
	int max_hosts_per_tenant;   /* hosts: each costs a storage group on
	                             * every array it uses (default 256) */
	/* Cluster (broker_cluster.c): this node's id (NULL: a single gateway,
	 * no leases) and the lease duration in seconds (default 6). */
	const char *cluster_node;
	int lease_seconds;
};

/* Where naviseccli security files may live when the configuration lists
 * no directory of its own. */
#define BROKER_DEFAULT_SECFILE_DIR "/var/lib/slgw/navisec"

/* Fills cfg with the defaults above. */
void broker_config_init(struct broker_config *cfg);

/* Creates a broker on an open store (borrowed: it must outlive the broker).
 * Nothing runs until broker_start.  Errors: INVALID_ARGUMENT (bad config),
 * INTERNAL (out of memory). */
int broker_new(broker **out, store *s, const struct broker_config *cfg,
	       struct broker_status *st);

/* Crash recovery, then service: releases volume reservations whose job was
 * never written, queues every unfinished job (queued/running) for its
 * kind's recover function ahead of new work, starts the worker threads,
 * and scans every array for orphans (slgw-* LUNs the store does not know)
 * once each recovered job has been tried.  Returns at once: recovery and
 * the scan run on the broker's threads, so an unreachable array delays
 * neither start nor the API (its jobs are retried with backoff).  Returns
 * 0 or a negative value with st filled. */
int broker_start(broker *b, struct broker_status *st);

/* Stops the workers (running jobs finish their current step and are left
 * for the next start's reconciliation), frees adapters and the broker.
 * NULL is a no-op. */
void broker_free(broker *b);

/* ------------------------------------------------------- authentication */

/* Checks a user's password against the store (constant time).  On success
 * fills the identity (caller frees with store_user_free).  Errors:
 * UNAUTHENTICATED (unknown user or wrong password: same message for both). */
int broker_authenticate(store_user **user_out, broker *b, const char *user,
			const char *password, struct broker_status *st);

/* ------------------------------------------------------------- adapters */

struct broker_adapter_info {
	const char *name;     /* "vnx" */
	const char *vendor;   /* "EMC" */
	const char *description;
	unsigned caps;        /* SLGW_CAP_* from adapter.h (family maximum) */
};

/* Borrowed static table of the adapter families this build knows. */
int broker_enum_storage_adapters(const struct broker_adapter_info **out,
				 size_t *n_out);

/* -------------------------------------------------------------- systems */

struct broker_system_add_req {
	const char *adapter;          /* "vnx" */
	const char *name;             /* unique display name */
	const char *spa;              /* SP A address (host name or IP) */
	const char *spb;              /* SP B address, may be NULL */
	const char *username;         /* credentials, or ... */
	const char *password;
	int scope;                    /* 0 global, 1 local, 2 LDAP */
	const char *secfilepath;      /* ... a naviseccli security file dir */
	const char *naviseccli_path;  /* NULL: the broker's default */
	int max_inflight;             /* <= 0: the broker's default */
	const char *failover_policy;  /* "auto" (NULL) | "alua" | "pnr" */
	const char *allowed_ports;    /* NULL or "a-4,b-5,..." iSCSI ports allowed */
	int destroy_empty_sg;         /* destroy a storage group when emptied */
	int hlu0_allowed;             /* HLU 0 may be handed out */
};

/* Admin only.  Records the system and discovers it at once (model,
 * revision, serial, enablers, pools, target ports) in a job; idempotent by
 * name (same SPs -> the same system; different -> ALREADY_EXISTS).
 * Errors before the job: PERMISSION_DENIED, INVALID_ARGUMENT,
 * ALREADY_EXISTS.  A failed discovery fails the job (UNAVAILABLE for an
 * unreachable array, UNAUTHENTICATED for bad credentials) and removes the
 * half-added record. */
int broker_add_storage_system(broker *b, const struct broker_caller *c,
			      const struct broker_system_add_req *req,
			      store_job **job_out, struct broker_status *st);

/* Admin only.  Removes a system (its pools, ports, credentials).  Refused
 * with FAILED_PRECONDITION while volumes exist on it.  Removing an unknown
 * id succeeds (CSI delete semantics) with a job whose result says so. */
int broker_remove_storage_system(broker *b, const struct broker_caller *c,
				 const char *system_id, store_job **job_out,
				 struct broker_status *st);

/* Admin only.  Re-reads model, revision, serial, enablers, pools and ports
 * into the store (pools/ports gone from the array are marked missing). */
int broker_refresh_storage_system(broker *b, const struct broker_caller *c,
				  const char *system_id, store_job **job_out,
				  struct broker_status *st);

/* Systems visible to the caller (tenant: those with a grant).  Records
 * never carry credentials. */
int broker_enum_storage_systems(store_system **out, size_t *n_out,
				char **next_page_token, broker *b,
				const struct broker_caller *c,
				const struct broker_page *page,
				struct broker_status *st);

/* One system, scoped.  NOT_FOUND when unknown or not granted. */
int broker_get_storage_system(store_system **out, broker *b,
			      const struct broker_caller *c,
			      const char *system_id, struct broker_status *st);

/* A pool as the caller sees it: for a tenant with its grant, quota, use
 * and what is left; for an admin granted = 0 and the grant fields 0. */
struct broker_pool_info {
	store_pool *pool;          /* owned */
	int granted;
	int frozen;
	uint64_t quota_mb;
	uint64_t used_mb;
	uint64_t left_mb;          /* quota_mb - used_mb, 0 when over */
	int64_t max_volumes;       /* -1: no limit */
	int64_t volume_count;
	int allow_thin;
	int allow_thick;
};
void broker_pool_info_array_free(struct broker_pool_info *arr, size_t n);

/* Pools of a system (system_id NULL: of every visible system), scoped. */
int broker_enum_storage_pools(struct broker_pool_info **out, size_t *n_out,
			      char **next_page_token, broker *b,
			      const struct broker_caller *c,
			      const char *system_id,
			      const struct broker_page *page,
			      struct broker_status *st);

/* Target ports (iSCSI IQN + IP, FC WWPN) of a visible system. */
int broker_enum_target_ports(store_port **out, size_t *n_out,
			     char **next_page_token, broker *b,
			     const struct broker_caller *c,
			     const char *system_id,
			     const struct broker_page *page,
			     struct broker_status *st);

/* ----------------------------------------------------------- attributes */

/* Volumes and snapshots carry a description, a collection and key/value
 * attributes: the gateway's records only, never an array command (API
 * revision 2; the bounds are broker_rules.h's, a violation is
 * INVALID_ARGUMENT naming the field and the limit, and changes nothing). */
struct broker_kv {
	const char *name;
	const char *value;
};

/* What a new volume, clone or snapshot starts with. */
struct broker_attrs {
	const char *description;     /* NULL: none */
	const char *collection;      /* NULL: none; a snapshot's is always its
	                              * volume's when taken (this is ignored) */
	const struct broker_kv *keys;/* distinct names */
	size_t n_keys;
};

/* One change of a record, applied in one store transaction or not at all. */
struct broker_attr_change {
	const char *name;            /* new display name; NULL keeps it */
	const char *description;     /* NULL keeps it; "" clears it */
	const struct broker_kv *set; /* added or replaced */
	size_t n_set;
	const char *const *unset;    /* removed (absent names are no error); a
	                              * name may not be both set and unset */
	size_t n_unset;
};

/* Implemented in broker_metadata.c.  Checks the n key/value attributes of
 * the request field named field: at most BROKER_RULE_KEYS_MAX, each name
 * and value by broker_rules.h, no name twice.  The one check the service
 * (on the SOAP request) and the broker both run; 0, or INVALID_ARGUMENT
 * naming field[i] and the limit.  A NULL kv checks only the count. */
int broker_check_keys(const struct broker_kv *kv, size_t n, const char *field,
		      struct broker_status *st);

/* Implemented in broker_metadata.c.  The caller's own volume / snapshot
 * (a tenant: its tenant's; NOT_FOUND otherwise, as for every object);
 * answers the changed record.  Renaming changes the display name only:
 * the LUN keeps its array name (store_volume.lun_name).  ALREADY_EXISTS
 * when a live sibling has the name (volumes: per tenant; snapshots: per
 * volume). */
int broker_set_volume_attributes(store_volume **out, broker *b, const struct broker_caller *c,
				 const char *volume_id, const struct broker_attr_change *chg,
				 struct broker_status *st);
int broker_set_snapshot_attributes(store_snapshot **out, broker *b,
				   const struct broker_caller *c, const char *snapshot_id,
				   const struct broker_attr_change *chg, struct broker_status *st);
/* One live snapshot visible to c, else NOT_FOUND. */
int broker_get_snapshot(store_snapshot **out, broker *b, const struct broker_caller *c,
			const char *snapshot_id, struct broker_status *st);

/* -------------------------------------------------------------- volumes */

struct broker_allocate_req {
	const char *system_id;
	const char *pool_id;
	const char *name;          /* display name, unique per tenant */
	uint64_t size_mb;          /* > 0 */
	store_prov provisioning;   /* STORE_PROV_THIN | STORE_PROV_THICK */
	const char *tenant_id;     /* admin only: allocate on behalf of a
	                            * tenant (charged to its grant); NULL */
	struct broker_attrs attrs; /* written with the record; a retry of the
	                            * same name must name the same collection */
};

/* Allocates a volume (a LUN named slgw-<volume id> on the array).
 * Idempotent by name: an existing live volume with the same name, system,
 * pool, size and provisioning -> its job / a succeeded answer; different
 * parameters -> ALREADY_EXISTS.  Checks before any job: scope (NOT_FOUND),
 * the grant (PERMISSION_DENIED when not allowed that provisioning type or
 * frozen), the quota atomically (RESOURCE_EXHAUSTED with used/requested/
 * quota in the message), thin enabler (FAILED_PRECONDITION), pool free
 * space (RESOURCE_EXHAUSTED).  Costs at most 2 array commands. */
int broker_allocate_storage(broker *b, const struct broker_caller *c,
			    const struct broker_allocate_req *req,
			    store_job **job_out, struct broker_status *st);

/* Grows a volume.  Shrinking is INVALID_ARGUMENT; a size already reached
 * succeeds without touching the array; growth beyond the quota is
 * RESOURCE_EXHAUSTED; growing a linked clone (a snapshot mount point, which
 * a VNX cannot expand) is FAILED_PRECONDITION, before any job. */
int broker_resize_storage(broker *b, const struct broker_caller *c,
			  const char *volume_id, uint64_t size_mb,
			  store_job **job_out, struct broker_status *st);

/* Deletes a volume and its LUN.  Refused (FAILED_PRECONDITION) while
 * assigned or with snapshots unless force; always refused while linked
 * clones exist.  Deleting an unknown/gone id succeeds. */
int broker_delete_storage(broker *b, const struct broker_caller *c,
			  const char *volume_id, int force,
			  store_job **job_out, struct broker_status *st);

struct broker_volume_filter {
	const char *system_id;     /* NULL = any */
	const char *pool_id;
	const char *name_prefix;
	const char *tenant_id;     /* admin only; a tenant is always scoped */
	const char *state;         /* NULL = any; else "creating", "ready",
	                            * "resizing", "deleting", "error": e.g.
	                            * the volumes an unclear array failure
	                            * left to settle (deleteStorage does) */
	const char *collection;    /* NULL = any; else exactly this one */
};

int broker_enum_storage_volumes(store_volume **out, size_t *n_out,
				char **next_page_token, broker *b,
				const struct broker_caller *c,
				const struct broker_volume_filter *filter,
				const struct broker_page *page,
				struct broker_status *st);

/* One volume with WWN and array LUN id; NOT_FOUND when not visible. */
int broker_get_storage_volume(store_volume **out, broker *b,
			      const struct broker_caller *c,
			      const char *volume_id, struct broker_status *st);

/* ----------------------------------------------------------------- jobs */

/* A job of the caller (tenant: own tenant's; admin: any). */
int broker_get_job(store_job **out, broker *b, const struct broker_caller *c,
		   const char *job_id, struct broker_status *st);

/* Jobs in id order (oldest first, paged by id); state NULL = any ("queued", "running", "succeeded",
 * "failed"). */
int broker_enum_jobs(store_job **out, size_t *n_out, char **next_page_token,
		     broker *b, const struct broker_caller *c,
		     const char *state, const struct broker_page *page,
		     struct broker_status *st);

/* ------------------------------------------------------------ hosts */

struct broker_host_add_req {
	const char *name;                /* globally unique; storage group name */
	const char *tenant_id;           /* admin only; tenants use their own */
	const char *const *initiators;   /* IQNs / WWPNs */
	size_t n_initiators;
	const char *ip;                  /* the contract's hostAddress: optional
	                                  * here, but the array registers a
	                                  * host's initiators under its name and
	                                  * IP, so assigning to a host without
	                                  * one fails (FAILED_PRECONDITION) until
	                                  * broker_set_host_address sets it */
	store_failover failover_mode;    /* AUTO (or UNSET): ALUA where the
	                                  * array can, else PNR */
};

/* Implemented in broker_hosts.c.  All return a job.
 * Host names are unique per tenant: another tenant's host of the same name
 * is invisible (a new host is added).  On an array, the host gets the
 * gateway's own storage group "slgw-<instance>-h<host id>" (the host name
 * goes only into -host of its paths), or the existing group an admin
 * adopted for it (broker_adopt_storage_group). */
int broker_add_host(broker *b, const struct broker_caller *c,
		    const struct broker_host_add_req *req,
		    store_job **job_out, struct broker_status *st);
int broker_remove_host(broker *b, const struct broker_caller *c,
		       const char *host_id, store_job **job_out,
		       struct broker_status *st);
int broker_add_host_initiator(broker *b, const struct broker_caller *c,
			      const char *host_id, const char *initiator,
			      store_job **job_out, struct broker_status *st);
int broker_remove_host_initiator(broker *b, const struct broker_caller *c,
				 const char *host_id, const char *initiator,
				 store_job **job_out,
				 struct broker_status *st);
/* Changes the failover mode; refused while LUNs are assigned unless
 * host_offline. */
int broker_set_host_failover(broker *b, const struct broker_caller *c,
			     const char *host_id, store_failover failover_mode,
			     int host_offline, store_job **job_out,
			     struct broker_status *st);
/* Sets a host's IP address (modifyHost's hostAddress), in the store only:
 * it is sent with the host's first registration on each array.  ip is
 * validated first (INVALID_ARGUMENT: not an IPv4/IPv6 literal; an empty
 * address is refused too).  The same address again succeeds at once.  A
 * different address is refused (FAILED_PRECONDITION) while the host is
 * registered on an array, whose host record keeps the old one; then
 * remove its assignments and the host, and add it again.  Returns a job
 * ("host.address") like every mutating call. */
int broker_set_host_address(broker *b, const struct broker_caller *c,
			    const char *host_id, const char *ip,
			    store_job **job_out, struct broker_status *st);
/* Admin only (PERMISSION_DENIED otherwise): host host_id uses the existing
 * storage group `group` of system system_id instead of a group of the
 * gateway's own (slgw-<instance>-h<host id>).  Without this the gateway
 * never uses a group it did not create, whatever the host is called.  The
 * group must exist and serve no other host of this gateway; the host must
 * not be registered on that system in another group.  Returns a job
 * ("host.adopt_group"); the next assignment registers the host's
 * initiators into the group (broker_assignments.c). */
int broker_adopt_storage_group(broker *b, const struct broker_caller *c, const char *host_id,
			       const char *system_id, const char *group, store_job **job_out,
			       struct broker_status *st);
/* Creates host host_id's storage group on system system_id and registers
 * its initiators there, as its first assignment would, mapping nothing,
 * so that the first assignment later costs two array commands.  Same
 * ownership rules as an assignment; idempotent.  Returns a job
 * ("host.prepare"). */
int broker_prepare_host(broker *b, const struct broker_caller *c, const char *host_id,
			const char *system_id, store_job **job_out, struct broker_status *st);
int broker_enum_hosts(store_host **out, size_t *n_out, char **next_page_token,
		      broker *b, const struct broker_caller *c,
		      const struct broker_page *page, struct broker_status *st);
int broker_get_host(store_host **out, broker *b, const struct broker_caller *c,
		    const char *host_id, struct broker_status *st);

/* ------------------------------------------------------ assignments */

int broker_assign_storage(broker *b, const struct broker_caller *c,
			  const char *volume_id, const char *host_id,
			  store_job **job_out, struct broker_status *st);
/* The same with a requested HLU (0..255; < 0: the gateway chooses): used
 * when free in the host's storage group, CONFLICT naming the volume that
 * holds it otherwise, or when the volume is assigned to the host under
 * another HLU; the same HLU again succeeds (broker_access.h). */
int broker_assign_storage_hlu(broker *b, const struct broker_caller *c,
			      const char *volume_id, const char *host_id, int hlu,
			      store_job **job_out, struct broker_status *st);
int broker_unassign_storage(broker *b, const struct broker_caller *c,
			    const char *volume_id, const char *host_id,
			    store_job **job_out, struct broker_status *st);
/* volume_id / host_id NULL = any. */
int broker_enum_assignments(store_assignment **out, size_t *n_out,
			    char **next_page_token, broker *b,
			    const struct broker_caller *c,
			    const char *volume_id, const char *host_id,
			    const struct broker_page *page,
			    struct broker_status *st);

/* --------------------------------------------- snapshots and clones */

int broker_create_snapshot(broker *b, const struct broker_caller *c,
			   const char *volume_id, const char *name,
			   store_job **job_out, struct broker_status *st);
/* The same with the snapshot's description and keys (attrs->collection is
 * ignored: a snapshot's is its volume's); they are written when the job
 * takes the snapshot, not when it finds one of that name already there. */
int broker_create_snapshot_attrs(broker *b, const struct broker_caller *c,
				 const char *volume_id, const char *name,
				 const struct broker_attrs *attrs, store_job **job_out,
				 struct broker_status *st);
int broker_delete_snapshot(broker *b, const struct broker_caller *c,
			   const char *snapshot_id, store_job **job_out,
			   struct broker_status *st);
int broker_restore_snapshot(broker *b, const struct broker_caller *c,
			    const char *snapshot_id, int force,
			    store_job **job_out, struct broker_status *st);
int broker_enum_snapshots(store_snapshot **out, size_t *n_out,
			  char **next_page_token, broker *b,
			  const struct broker_caller *c, const char *volume_id,
			  const struct broker_page *page,
			  struct broker_status *st);
/* The same, also narrowed to one collection (NULL = any). */
int broker_enum_snapshots_in(store_snapshot **out, size_t *n_out, char **next_page_token,
			     broker *b, const struct broker_caller *c, const char *volume_id,
			     const char *collection, const struct broker_page *page,
			     struct broker_status *st);

struct broker_clone_req {
	const char *source_volume_id;    /* exactly one of these two */
	const char *source_snapshot_id;
	const char *name;                /* the clone's display name */
	store_clone_kind kind;           /* STORE_CLONE_LINKED | STORE_CLONE_FULL */
	const char *pool_id;             /* full clone target pool; NULL = source's */
	struct broker_attrs attrs;       /* the clone's own (nothing is copied
	                                  * from its source); written when the
	                                  * job has made it */
};
/* Clones a volume or snapshot (a job).  Before any job, the clone (its
 * source's size and provisioning, in the target pool) is checked against
 * the owner's grant with allocate's codes: PERMISSION_DENIED (frozen, or
 * provisioning type not allowed), RESOURCE_EXHAUSTED (size or count quota,
 * numbers in the message), NOT_FOUND for a tenant / FAILED_PRECONDITION for
 * an admin when the target pool is not granted. */
int broker_clone_storage(broker *b, const struct broker_caller *c,
			 const struct broker_clone_req *req,
			 store_job **job_out, struct broker_status *st);

/* ------------------------------------------------------- delegation */

/* Admin only.  Tenants: add (idempotent by name: same -> the record),
 * remove (FAILED_PRECONDITION while it owns volumes, hosts, users or
 * grants), enum. */
int broker_add_tenant(store_tenant **out, broker *b,
		      const struct broker_caller *c, const char *name,
		      const char *description, struct broker_status *st);
int broker_remove_tenant(broker *b, const struct broker_caller *c,
			 const char *tenant_id, struct broker_status *st);
int broker_enum_tenants(store_tenant **out, size_t *n_out,
			char **next_page_token, broker *b,
			const struct broker_caller *c,
			const struct broker_page *page,
			struct broker_status *st);

struct broker_grant_req {
	const char *tenant_id;
	const char *system_id;
	const char *pool_id;
	int64_t quota_mb;           /* >= 0 */
	int64_t max_volumes;        /* <= 0: no limit */
	int allow_thin;
	int allow_thick;
};

/* Admin only.  Grants a pool (or updates an existing grant's quota/limits
 * and unfreezes it). */
int broker_grant_storage_pool(store_grant **out, broker *b,
			      const struct broker_caller *c,
			      const struct broker_grant_req *req,
			      struct broker_status *st);

/* Admin only.  freeze = 1: keep the grant for existing volumes but refuse
 * new allocations; freeze = 0: remove it, refused (FAILED_PRECONDITION)
 * while the tenant has volumes in that pool. */
int broker_revoke_storage_pool(broker *b, const struct broker_caller *c,
			       const char *tenant_id, const char *pool_id,
			       int freeze, struct broker_status *st);

/* Admin: all grants (tenant_id filter optional); tenant: its own. */
int broker_enum_grants(store_grant **out, size_t *n_out,
		       char **next_page_token, broker *b,
		       const struct broker_caller *c, const char *tenant_id,
		       const struct broker_page *page,
		       struct broker_status *st);

/* Admin only.  role "admin" or "tenant" (then tenant_id required);
 * passwords have 8 to 1024 characters.  ALREADY_EXISTS for a taken name. */
int broker_add_user(store_user **out, broker *b,
		    const struct broker_caller *c, const char *name,
		    const char *password, const char *role,
		    const char *tenant_id, struct broker_status *st);
/* Admin only; an admin cannot remove itself (FAILED_PRECONDITION). */
int broker_remove_user(broker *b, const struct broker_caller *c,
		       const char *name, struct broker_status *st);
int broker_enum_users(store_user **out, size_t *n_out,
		      char **next_page_token, broker *b,
		      const struct broker_caller *c,
		      const struct broker_page *page,
		      struct broker_status *st);
/* An admin may set anyone's password; a tenant user only its own (any
 * other name answers NOT_FOUND).  8 to 1024 characters. */
int broker_set_password(broker *b, const struct broker_caller *c,
			const char *name, const char *new_password,
			struct broker_status *st);

/* ------------------------------------------------------------- audit */

/* Appends one audit record (the server calls it for every call, allowed or
 * refused).  object may be NULL; code is the outcome.  Never fails the
 * caller's operation: returns a negative value only on a store error. */
int broker_audit(broker *b, const struct broker_caller *c,
		 const char *operation, const char *object,
		 enum slgw_code code, const char *detail);

struct broker_audit_filter {
	const char *user;
	const char *tenant;        /* tenant NAME (audit keeps names) */
	const char *operation;     /* prefix */
	int64_t since;      /* unix seconds, 0 = any */
	int64_t until;      /* unix seconds, 0 = any */
};

/* Admin: every record; tenant: only records of its own tenant. */
int broker_enum_audit(store_audit **out, size_t *n_out,
		      char **next_page_token, broker *b,
		      const struct broker_caller *c,
		      const struct broker_audit_filter *filter,
		      const struct broker_page *page,
		      struct broker_status *st);

/* ------------------------------------------------------------ metrics */

struct broker_cmd_metric {
	char *system;      /* system name */
	char *command;     /* e.g. "lun -create" */
	char *outcome;     /* "ok" or an adapter error class name */
	uint64_t count;
};

struct broker_metrics {
	uint64_t jobs_queued;
	uint64_t jobs_running;
	uint64_t jobs_succeeded;
	uint64_t jobs_failed;
	uint64_t orphans;            /* slgw-* LUNs on arrays unknown to the store */
	struct broker_cmd_metric *cmds;
	size_t n_cmds;
};

int broker_metrics_get(struct broker_metrics **out, broker *b,
		       struct broker_status *st);
void broker_metrics_free(struct broker_metrics *m);

/* An orphan: an array object named like ours that the store does not know. */
struct broker_orphan {
	char *system_id;
	char *lun_name;
	int64_t lun_id;
};

/* Admin only.  Orphans found by the last reconciliation / refresh. */
int broker_enum_orphans(struct broker_orphan **out, size_t *n_out, broker *b,
			const struct broker_caller *c,
			struct broker_status *st);
void broker_orphan_array_free(struct broker_orphan *arr, size_t n);

/* ---- Views for the service layer ---- */
/*
 * Read-only lookups the SOAP service needs to complete an answer: the
 * parts of a record that live in other tables, a job's resulting
 * snapshot, the tenant behind an audit record.  They are broker calls so
 * that the service never reads the store and tenant scoping lives in one
 * layer: each view applies the same visibility rule as the other calls
 * (an admin sees everything, a tenant only its own) and answers NOT_FOUND
 * otherwise.  Records returned are freed with the store's free functions.
 * Implemented in broker_views.c.
 */

/* The store's instance id (8 lowercase hex characters), "" if unknown.
 * It names this gateway in every array object it creates; not a secret. */
const char *broker_view_instance_id(broker *b);

/* What a grant record does not hold itself. */
struct broker_grant_view {
	int64_t system_id; /* the granted pool's system; 0 if the pool is gone */
	int has_usage;     /* 1 when used_mb / volumes are known */
	int64_t used_mb;
	int64_t volumes;
};

/* The pool's system and the usage of grant g (as handed out by the broker). */
int broker_view_grant(struct broker_grant_view *out, broker *b,
		      const struct broker_caller *c, const store_grant *g,
		      struct broker_status *st);

/* The grant of tenant_id on pool_id (decimal ids), NOT_FOUND when none. */
int broker_view_grant_find(store_grant **out, broker *b,
			   const struct broker_caller *c, const char *tenant_id,
			   const char *pool_id, struct broker_status *st);

/* A host's initiators and per-array registrations. */
struct broker_host_view {
	store_initiator *initiators;
	size_t n_initiators;
	store_host_system *arrays;
	size_t n_arrays;
};

int broker_view_host(struct broker_host_view *out, broker *b,
		     const struct broker_caller *c, const store_host *h,
		     struct broker_status *st);
void broker_host_view_free(struct broker_host_view *v);

/* An assignment's LUN and the failover mode in force on its array.
 * Visible when its host is (the rule of broker_enum_assignments). */
struct broker_assignment_view {
	int has_volume;
	char *wwn;      /* malloc'ed, may be NULL */
	int64_t lun_id; /* -1 when unknown */
	int has_registration;
	store_failover failover_applied;
};

int broker_view_assignment(struct broker_assignment_view *out, broker *b,
			   const struct broker_caller *c,
			   const store_assignment *a,
			   struct broker_status *st);
void broker_assignment_view_free(struct broker_assignment_view *v);

/* A snapshot by id (the result of a snapshot job). */
int broker_view_snapshot(store_snapshot **out, broker *b,
			 const struct broker_caller *c, int64_t snapshot_id,
			 struct broker_status *st);

/* The id of the tenant called name / the name (malloc'ed) of tenant id:
 * the audit trail keeps tenant names, the API speaks tenant ids. */
int broker_view_tenant_id(int64_t *out, broker *b, const struct broker_caller *c,
			  const char *name, struct broker_status *st);
int broker_view_tenant_name(char **out, broker *b, const struct broker_caller *c,
			    int64_t id, struct broker_status *st);

/* /healthz (broker_cluster.c): a JSON object (malloc'ed) with the node
 * id, the store's state and the leases this node holds (token, expiry);
 * *store_ok = 0 when the store did not answer.  NULL out of memory. */
char *broker_cluster_health(int *store_ok, broker *b);

#ifdef __cplusplus
}
#endif
#endif /* SLGW_BROKER_H */
