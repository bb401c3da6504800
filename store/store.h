/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store.h - the gateway's memory: a SQLite database (WAL) behind a C API.
 *
 * Design
 * - This is the only code in slgw that contains SQL. Every other component
 *   sees plain C records: structs whose strings the caller owns and frees
 *   with the record's _free (one record) or _array_free (a list result).
 * - One `store *` is shared by every thread of the process. Internally it
 *   keeps a small pool of SQLite connections guarded by a mutex + condition
 *   variable; each call borrows one connection for its duration. Every
 *   mutating call is ONE write transaction (BEGIN IMMEDIATE), so the
 *   compound domain operations (job_start, volume_reserve, assignment_reserve,
 *   ...) cannot race each other even across processes.
 * - Errors: functions return 0 or a negative STORE_E* code. The detail message
 *   (naming the object and the field) is kept per thread: store_errmsg().
 * - Ids are SQLite rowids (int64, > 0) of AUTOINCREMENT tables: an id once
 *   issued is never issued again, even after its row is deleted (volume,
 *   snapshot and host ids are in array object names, tenant ids scope
 *   jobs).  In records and filters an id of 0 means "none" (stored as
 *   NULL) or "any" (in a filter).
 * - Enums start at 1; 0 means "unset": on insert the store substitutes the
 *   documented default, in a filter it means "any".
 * - Timestamps are Unix seconds (UTC), set by the store.
 * - Schema is versioned with PRAGMA user_version; forward migrations run at
 *   open, each in its own transaction (see store_schema_version()).
 * - Array credentials live in their own table and are returned ONLY by
 *   store_credential_get(); systems carry just a credential_id. User
 *   passwords are stored only as salted PBKDF2-HMAC-SHA256 hashes.
 *
 * Conventions for every record type X:
 *   int  store_X_insert(int64_t *out_id, store *, const store_X *rec)
 *        (id/created/updated in rec are ignored; references are checked:
 *         a missing referenced object -> STORE_ENOTFOUND)
 *   int  store_X_get(store_X **out, store *, int64_t id)      -> ENOTFOUND
 *   int  store_X_list(store_X **out, size_t *count, store *, const store_filter *)
 *        (filter may be NULL; ordered by id ascending, except jobs and
 *         audit records: newest first; out is an array)
 *   int  store_X_update(store *, const store_X *rec)  replaces the mutable
 *        fields of row rec->id
 *   int  store_X_delete(store *, int64_t id)  -> ENOTFOUND, or ECONSTRAINT
 *        while other objects still refer to it
 *   void store_X_free(store_X *)              frees one record (NULL ok)
 *   void store_X_array_free(store_X *, size_t count)
 */
#ifndef SLGW_STORE_H
#define SLGW_STORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

#define STORE_OK           0
#define STORE_ERROR      (-1) /* anything unexpected (I/O, SQLite, memory) */
#define STORE_ENOTFOUND  (-2) /* the object (or a referenced object) does not exist */
#define STORE_EEXISTS    (-3) /* a unique key is taken (name, request id, HLU, ...) */
#define STORE_ECONSTRAINT (-4) /* still referenced by other objects */
#define STORE_EBUSY      (-5) /* another non-terminal job holds the object */
#define STORE_EQUOTA     (-6) /* grant missing/frozen/forbids, or quota exceeded */
#define STORE_EINVAL     (-7) /* an argument failed validation */
#define STORE_EAUTH      (-8) /* user name / password did not verify */

/* Last error message of the calling thread ("" if none). Borrowed: valid
 * until the thread's next store call. */
const char *store_errmsg(void);
/* Short constant name of a code ("ENOTFOUND", ...). */
const char *store_strerror(int code);

/* ---------------------------------------------------------------- enums */

/* Failover mode: a system's policy, a host's wish, or what is applied on
 * the array for a host. AUTO = let the gateway choose. */
typedef enum {
	STORE_FAILOVER_UNSET = 0,
	STORE_FAILOVER_AUTO = 1,
	STORE_FAILOVER_ALUA = 2, /* naviseccli failovermode 4 */
	STORE_FAILOVER_PNR = 3,  /* naviseccli failovermode 1 */
} store_failover;

typedef enum {
	STORE_PROTO_UNSET = 0,
	STORE_PROTO_ISCSI = 1,
	STORE_PROTO_FC = 2,
} store_proto;

/* Provisioning; also used as bit flags (1 << prov) in masks below. */
typedef enum {
	STORE_PROV_UNSET = 0,
	STORE_PROV_THIN = 1,
	STORE_PROV_THICK = 2,
} store_prov;
#define STORE_PROV_MASK(p) (1 << (p))
#define STORE_PROV_MASK_ALL (STORE_PROV_MASK(STORE_PROV_THIN) | STORE_PROV_MASK(STORE_PROV_THICK))

typedef enum {
	STORE_SYSTEM_STATE_UNSET = 0,
	STORE_SYSTEM_UNKNOWN = 1, /* default: not yet contacted */
	STORE_SYSTEM_ONLINE = 2,
	STORE_SYSTEM_DEGRADED = 3,
	STORE_SYSTEM_OFFLINE = 4,
} store_system_state;

/* Lifecycle of volumes and snapshots. DELETED rows are tombstones: they
 * no longer count against quota or name uniqueness ("live" = not DELETED). */
typedef enum {
	STORE_STATE_UNSET = 0,
	STORE_STATE_CREATING = 1, /* default */
	STORE_STATE_READY = 2,
	STORE_STATE_RESIZING = 3,
	STORE_STATE_DELETING = 4,
	STORE_STATE_ERROR = 5,
	STORE_STATE_DELETED = 6,
} store_state;

typedef enum {
	STORE_CLONE_UNSET = 0,
	STORE_CLONE_NONE = 1, /* default: not a clone */
	STORE_CLONE_LINKED = 2,
	STORE_CLONE_FULL = 3,
} store_clone_kind;

typedef enum {
	STORE_ASG_UNSET = 0,
	STORE_ASG_ASSIGNING = 1, /* default */
	STORE_ASG_READY = 2,
	STORE_ASG_UNASSIGNING = 3,
	STORE_ASG_ERROR = 4,
} store_asg_state;

typedef enum {
	STORE_ROLE_UNSET = 0,
	STORE_ROLE_ADMIN = 1,
	STORE_ROLE_TENANT = 2, /* default */
} store_role;

typedef enum {
	STORE_JOB_UNSET = 0,
	STORE_JOB_QUEUED = 1, /* default */
	STORE_JOB_RUNNING = 2,
	STORE_JOB_SUCCEEDED = 3,
	STORE_JOB_FAILED = 4,
} store_job_state;
#define STORE_JOB_TERMINAL(s) ((s) == STORE_JOB_SUCCEEDED || (s) == STORE_JOB_FAILED)

/* Text forms as stored in the database and shown to users ("alua",
 * "THIN", "ready", ...). *_name returns "" for out-of-range values;
 * *_parse returns 0 (UNSET) for unknown text. Parsing is case-insensitive. */
const char *store_failover_name(store_failover v);
store_failover store_failover_parse(const char *s);
const char *store_proto_name(store_proto v);
store_proto store_proto_parse(const char *s);
const char *store_prov_name(store_prov v);
store_prov store_prov_parse(const char *s);
const char *store_system_state_name(store_system_state v);
store_system_state store_system_state_parse(const char *s);
const char *store_state_name(store_state v);
store_state store_state_parse(const char *s);
const char *store_clone_kind_name(store_clone_kind v);
store_clone_kind store_clone_kind_parse(const char *s);
const char *store_asg_state_name(store_asg_state v);
store_asg_state store_asg_state_parse(const char *s);
const char *store_role_name(store_role v);
store_role store_role_parse(const char *s);
const char *store_job_state_name(store_job_state v);
store_job_state store_job_state_parse(const char *s);

/* ---------------------------------------------------------------- handle */

typedef struct store store;

/* Open (creating if needed, with mode 0600: it holds array credentials)
 * the database at `path`, switch it to WAL,
 * enable foreign keys and a busy timeout, and run every pending forward
 * migration. On failure returns a negative code, writes a message into
 * err (if non-NULL) and leaves *out NULL. A file whose schema is NEWER than
 * this code is refused (STORE_EINVAL). */
int store_open(store **out, const char *path, char *err, size_t errlen);

/* Close every connection and free the handle. No call may be in flight. */
void store_close(store *s);

/* The schema version this code creates and migrates to. */
int store_schema_version(void);

/* Schema version of the open file (PRAGMA user_version). */
int store_file_schema_version(store *s);

/* Length of an instance id: lowercase hex characters, without the NUL. */
#define STORE_INSTANCE_ID_LEN 8

/* This store's instance id: STORE_INSTANCE_ID_LEN lowercase hex characters
 * drawn once from a cryptographic random source when the file was created
 * (or migrated to schema 4) and kept for its whole life, so it survives
 * restarts and store_backup() copies.  The gateway puts it in the name of
 * every array object it creates, so that two gateways sharing an array
 * recognise only their own objects.  Never fails and changes no state;
 * borrowed: valid until store_close(s). */
const char *store_instance_id(store *s);

/* Moves the id counter of one kind of object so that the next id it hands
 * out is at least min_next (never moves it back).  After a restore from an
 * older copy, the caller raises each counter past every id that array
 * object names (slgw-<instance>-<id>) show was already issued, so a new
 * object can never take the name of one the copy does not know.  kind is
 * the object word: "volume", "snapshot", "host", "tenant", "job",
 * "system", "pool", "port", "user", "grant", "initiator", "assignment",
 * "credential" or "audit".  STORE_EINVAL for an unknown kind or
 * min_next < 1. */
int store_id_floor_raise(store *s, const char *kind, int64_t min_next);

/* Write a consistent copy of the live database to dest_path using SQLite's
 * online backup API; writers keep running meanwhile. dest_path is
 * overwritten (created 0600 if new); the live file itself is refused
 * (EINVAL). */
int store_backup(store *s, const char *dest_path);

/* Run PRAGMA integrity_check; 0 if "ok", STORE_ERROR with the first
 * complaint in store_errmsg() otherwise. */
int store_integrity_check(store *s);

/* ---------------------------------------------------------------- filters */

/* One filter type for every list call; fields a record type does not have
 * are ignored. Zero/NULL = no restriction. */
typedef struct {
	int64_t tenant_id;
	int64_t system_id;
	int64_t pool_id;
	int64_t host_id;
	int64_t volume_id;
	int64_t parent_volume_id; /* volumes: clones of this volume (linked or
	                           * full, of it or of its snapshots) */
	const char *name;        /* exact name (display name, host name, ...) */
	const char *name_prefix; /* literal prefix, no wildcards */
	const char *user;        /* jobs, audit: the acting user's name */
	int state;               /* the type's state enum; 0 = any */
	int include_deleted;     /* volumes/snapshots: also list DELETED rows */
	const char *collection;  /* volumes/snapshots: exactly this collection */
	int64_t after;           /* paging cursor, the id of the last record of
	                          * the previous page: only ids > after, or for
	                          * the newest-first lists (jobs, audit) only
	                          * ids < after */
	size_t limit;            /* at most this many rows; 0 = no limit */
} store_filter;

/* ---------------------------------------------------------------- credentials */

/* Array management credentials (naviseccli -user/-password/-scope or a
 * security file). scope: 0 global, 1 local, 2 LDAP. */
typedef struct {
	int64_t id;
	char *name;        /* unique label, e.g. "vnx1-admin" */
	char *user;        /* may be NULL when secfilepath is used */
	char *password;    /* may be NULL when secfilepath is used */
	int scope;
	char *secfilepath; /* naviseccli -secfilepath directory, or NULL */
	int64_t created;
	int64_t updated;
} store_credential;

int store_credential_insert(int64_t *out_id, store *s, const store_credential *rec);
/* The ONLY call that returns a password. */
int store_credential_get(store_credential **out, store *s, int64_t id);
int store_credential_update(store *s, const store_credential *rec);
/* ECONSTRAINT while a storage system refers to it. */
int store_credential_delete(store *s, int64_t id);
void store_credential_free(store_credential *rec);

/* ---------------------------------------------------------------- storage systems */

typedef struct {
	int64_t id;
	char *name;          /* unique */
	char *adapter;       /* adapter kind, e.g. "vnx" */
	char *spa;           /* SP A address */
	char *spb;           /* SP B address (may be NULL) */
	char *cli_path;      /* naviseccli path; NULL = adapter default */
	int64_t credential_id; /* 0 = none */
	char *model;
	char *revision;
	char *serial;
	char *enablers;      /* comma separated installed enablers */
	store_system_state state;
	/* policy */
	store_failover failover_policy; /* default AUTO */
	char *iscsi_ports;   /* allowed iSCSI ports, e.g. "A-4,B-4"; NULL = all */
	int destroy_empty_sg; /* destroy a storage group when it becomes empty */
	int max_inflight;    /* max naviseccli commands in flight; 0 = adapter default */
	int hlu0_allowed;    /* may HLU 0 be used */
	int64_t created;
	int64_t updated;
	char *capabilities;  /* comma separated, as discovery computed them
	                      * ("RAID_GROUPS,SNAPVIEW,..."); NULL before */
} store_system;

int store_system_insert(int64_t *out_id, store *s, const store_system *rec);
int store_system_get(store_system **out, store *s, int64_t id);
int store_system_get_by_name(store_system **out, store *s, const char *name);
int store_system_list(store_system **out, size_t *count, store *s, const store_filter *f);
int store_system_update(store *s, const store_system *rec);
int store_system_set_state(store *s, int64_t id, store_system_state state);
/* Deletes the system with its pools and target ports; ECONSTRAINT while
 * volumes, assignments, host records or grants refer to them. */
int store_system_delete(store *s, int64_t id);
void store_system_free(store_system *rec);
void store_system_array_free(store_system *arr, size_t count);

/* ---------------------------------------------------------------- pools */

typedef struct {
	int64_t id;
	int64_t system_id;
	int64_t array_id;    /* the array's pool id; unique per system */
	char *name;
	char *array_state;   /* state text as the array reports it */
	int64_t capacity_mb;
	int64_t free_mb;
	int prov_supported;  /* STORE_PROV_MASK bits; 0 = THIN|THICK */
	int64_t created;
	int64_t updated;
	int kind;            /* STORE_POOL_KIND_*; unique key (system_id, kind, array_id) */
	char *raid_type;     /* RAID groups: "r5", "r1_0", ... (NULL: none / unknown) */
	int64_t contig_free_mb; /* RAID groups: largest contiguous free extent; -1 unknown */
} store_pool;

/* What a pool is on the array: a storage pool, or a RAID group (classic
 * LUNs, THICK only, each one contiguous extent). */
#define STORE_POOL_KIND_POOL 0
#define STORE_POOL_KIND_RAID_GROUP 1

int store_pool_insert(int64_t *out_id, store *s, const store_pool *rec);
/* Insert or update the pool keyed by (system_id, kind, array_id): what discovery
 * calls. *out_id receives the row id either way. */
int store_pool_upsert(int64_t *out_id, store *s, const store_pool *rec);
int store_pool_get(store_pool **out, store *s, int64_t id);
int store_pool_list(store_pool **out, size_t *count, store *s, const store_filter *f);
int store_pool_update(store *s, const store_pool *rec);
int store_pool_delete(store *s, int64_t id);
void store_pool_free(store_pool *rec);
void store_pool_array_free(store_pool *arr, size_t count);

/* ---------------------------------------------------------------- target ports */

typedef struct {
	int64_t id;
	int64_t system_id;
	char *sp;            /* "A" or "B" */
	int port_id;
	int vport_id;
	store_proto proto;   /* required */
	char *address;       /* IQN or WWPN */
	char *ip;            /* iSCSI address, NULL for FC */
	int64_t created;
	int64_t updated;
} store_port;

int store_port_insert(int64_t *out_id, store *s, const store_port *rec);
/* Insert or update keyed by (system_id, sp, port_id, vport_id). */
int store_port_upsert(int64_t *out_id, store *s, const store_port *rec);
int store_port_get(store_port **out, store *s, int64_t id);
int store_port_list(store_port **out, size_t *count, store *s, const store_filter *f);
int store_port_delete(store *s, int64_t id);
void store_port_free(store_port *rec);
void store_port_array_free(store_port *arr, size_t count);

/* ---------------------------------------------------------------- tenants */

typedef struct {
	int64_t id;
	char *name;          /* unique */
	char *description;
	int64_t created;
	int64_t updated;
} store_tenant;

int store_tenant_insert(int64_t *out_id, store *s, const store_tenant *rec);
int store_tenant_get(store_tenant **out, store *s, int64_t id);
int store_tenant_get_by_name(store_tenant **out, store *s, const char *name);
int store_tenant_list(store_tenant **out, size_t *count, store *s, const store_filter *f);
int store_tenant_update(store *s, const store_tenant *rec);
/* ECONSTRAINT while users, hosts, volumes or grants belong to it. */
int store_tenant_delete(store *s, int64_t id);
void store_tenant_free(store_tenant *rec);
void store_tenant_array_free(store_tenant *arr, size_t count);

/* ---------------------------------------------------------------- users */

typedef struct {
	int64_t id;
	char *name;          /* unique */
	store_role role;
	int64_t tenant_id;   /* required for TENANT, must be 0 for ADMIN */
	int64_t created;
	int64_t updated;
} store_user;

/* Create a user; the password is stored only as a salted PBKDF2-HMAC-SHA256
 * hash (random 16-byte salt). Passwords must be 1..1024 bytes. */
int store_user_create(int64_t *out_id, store *s, const char *name, const char *password,
                      store_role role, int64_t tenant_id);
/* Check name + password (constant-time compare). 0 and *out (if out is
 * non-NULL) on success; STORE_EAUTH for an unknown user or wrong password
 * (the same message for both). */
int store_user_verify(store *s, const char *name, const char *password, store_user **out);
/* Replace the password hash (new salt). */
int store_user_set_password(store *s, const char *name, const char *password);
int store_user_get(store_user **out, store *s, int64_t id);
int store_user_get_by_name(store_user **out, store *s, const char *name);
int store_user_list(store_user **out, size_t *count, store *s, const store_filter *f);
/* Changes role and tenant of rec->id (the name is kept). */
int store_user_update(store *s, const store_user *rec);
int store_user_delete(store *s, int64_t id);
void store_user_free(store_user *rec);
void store_user_array_free(store_user *arr, size_t count);

/* ---------------------------------------------------------------- pool grants */

typedef struct {
	int64_t id;
	int64_t tenant_id;
	int64_t pool_id;     /* unique with tenant_id */
	int64_t quota_mb;    /* >= 0: provisioned MB of volumes + snapshots */
	int64_t max_volumes; /* 0 = no count limit */
	int prov_allowed;    /* STORE_PROV_MASK bits; 0 = THIN|THICK */
	int frozen;          /* no new allocation or growth while set */
	int64_t created;
	int64_t updated;
} store_grant;

/* A grant with what the tenant uses of it right now. */
typedef struct {
	store_grant grant;
	int64_t used_mb;     /* live volumes + live snapshots charged in the pool */
	int64_t volumes;     /* live volume count */
	int64_t left_mb;     /* quota_mb - used_mb (may be negative after a shrink) */
} store_grant_usage;

int store_grant_insert(int64_t *out_id, store *s, const store_grant *rec);
int store_grant_get(store_grant **out, store *s, int64_t id);
int store_grant_find(store_grant **out, store *s, int64_t tenant_id, int64_t pool_id);
int store_grant_list(store_grant **out, size_t *count, store *s, const store_filter *f);
/* Changes quota, max volumes, provisioning and frozen of rec->id. */
int store_grant_update(store *s, const store_grant *rec);
int store_grant_delete(store *s, int64_t id);
void store_grant_free(store_grant *rec);
void store_grant_array_free(store_grant *arr, size_t count);
/* Grants matching the filter (tenant_id, pool_id, system_id) each with its
 * usage, computed in one read transaction. */
int store_grant_usage_list(store_grant_usage **out, size_t *count, store *s, const store_filter *f);
void store_grant_usage_array_free(store_grant_usage *arr, size_t count);

/* ---------------------------------------------------------------- attributes */

/* Volumes and snapshots carry a description, a collection (a label that
 * groups objects, e.g. the XenServer SR a volume belongs to) and free
 * key/value attributes: the gateway's records only, never sent to an
 * array.  Keys come with every record a get or a list returns (sorted by
 * name; a list reads the keys of all its rows in one query) and go with
 * the object: deleting the row or marking it DELETED drops them.  The
 * store only bounds them loosely (names 1..255 bytes without control
 * characters, values up to 4096 bytes); the API's limits are the
 * broker's (broker_rules.h). */
typedef struct {
	char *name;
	char *value;
} store_kv;

/* One atomic change of a volume's or snapshot's record: everything in one
 * write transaction, or nothing. */
typedef struct {
	const char *name;          /* new display name; NULL keeps it (EEXISTS
	                            * when a live sibling has it) */
	const char *description;   /* NULL keeps it; "" clears it */
	const char *collection;    /* NULL keeps it; "" clears it */
	const store_kv *set;       /* added or replaced */
	size_t n_set;
	const char *const *unset;  /* removed; an absent name is no error */
	size_t n_unset;
	size_t max_keys;           /* EINVAL when the object would then have
	                            * more keys; 0 = no limit */
} store_attr_change;

/* ---------------------------------------------------------------- volumes */

typedef struct {
	int64_t id;          /* the gateway's volume id */
	int64_t tenant_id;   /* 0 = no tenant (admin allocation) */
	char *name;          /* display name; unique per tenant among live volumes */
	int64_t system_id;
	int64_t pool_id;
	int64_t lun_id;      /* array LUN number; -1 = not created yet */
	char *lun_name;      /* array LUN name */
	char *wwn;
	int64_t size_mb;     /* > 0 */
	store_prov prov;     /* required */
	store_state state;
	int64_t parent_volume_id;   /* clones: source volume, else 0 */
	int64_t parent_snapshot_id; /* clones of a snapshot, else 0 */
	store_clone_kind clone_kind;
	int64_t created;
	int64_t updated;
	char *description;   /* NULL = none */
	char *collection;    /* NULL = none */
	store_kv *keys;      /* n_keys attributes sorted by name */
	size_t n_keys;
} store_volume;

/* Insert a volume in state CREATING (lun_id -1) after checking, in the same
 * write transaction: pool belongs to system; with a tenant: a grant on the
 * pool exists (else EQUOTA), is not frozen, allows rec->prov, and
 * used + size <= quota and count + 1 <= max_volumes (else EQUOTA, message
 * "used X MB + requested Y MB > quota Z MB"). Without a tenant the quota is
 * skipped. A live volume of the same tenant with the same name -> EEXISTS.
 * Fields used from rec: tenant_id, name, system_id, pool_id, size_mb, prov,
 * parent_volume_id, parent_snapshot_id, clone_kind, lun_name, description,
 * collection, keys (written in the same transaction; a name twice is
 * EEXISTS). */
int store_volume_reserve(int64_t *out_id, store *s, const store_volume *rec);
/* Grow volume `id` to new_size_mb (must be > current, else EINVAL; equal is
 * accepted as a no-op) after the same grant/quota check as reserve for the
 * growth; sets size_mb and returns the previous size in *out_old_mb (for
 * rollback with store_volume_set_size). */
int store_volume_resize_reserve(int64_t *out_old_mb, store *s, int64_t id, int64_t new_size_mb);
/* Set size without quota checks (rollback, discovery). */
int store_volume_set_size(store *s, int64_t id, int64_t size_mb);
/* Record what the array created: LUN number, name, WWN (NULLs keep). */
int store_volume_set_array(store *s, int64_t id, int64_t lun_id, const char *lun_name,
                           const char *wwn);
int store_volume_set_state(store *s, int64_t id, store_state state);
int store_volume_get(store_volume **out, store *s, int64_t id);
int store_volume_list(store_volume **out, size_t *count, store *s, const store_filter *f);
/* Hard delete; ECONSTRAINT while snapshots, clones or assignments refer to
 * it (mark DELETED instead to keep a tombstone). */
int store_volume_delete(store *s, int64_t id);
void store_volume_free(store_volume *rec);
void store_volume_array_free(store_volume *arr, size_t count);
/* Applies chg to volume id in one write transaction (ENOTFOUND for an
 * unknown or DELETED volume; EEXISTS for a taken name; EINVAL for a bad
 * field or too many keys, naming it).  The LUN's array name never
 * changes. */
int store_volume_set_attrs(store *s, int64_t id, const store_attr_change *chg);

/* ---------------------------------------------------------------- snapshots */

typedef struct {
	int64_t id;
	int64_t volume_id;
	int64_t tenant_id;   /* copied from the volume at reserve */
	char *name;          /* unique per volume among live snapshots */
	char *array_name;    /* the array's snapshot name */
	int64_t size_mb;     /* MB charged against the tenant's quota (>= 0) */
	store_state state;
	int64_t created;
	int64_t updated;
	char *description;   /* NULL = none */
	char *collection;    /* the volume's when the snapshot was reserved */
	int64_t source_size_mb; /* the volume's size then; 0 = not known
	                         * (snapshots older than schema 8) */
	store_kv *keys;      /* n_keys attributes sorted by name */
	size_t n_keys;
} store_snapshot;

/* Insert a snapshot of a live volume in state CREATING; if the volume has a
 * tenant, charges size_mb against that tenant's grant on the volume's pool
 * (same rules as store_volume_reserve, count not affected). Fields used:
 * volume_id, name, array_name, size_mb, description, keys; collection and
 * source_size_mb are the volume's, read in the same transaction. */
int store_snapshot_reserve(int64_t *out_id, store *s, const store_snapshot *rec);
int store_snapshot_set_state(store *s, int64_t id, store_state state);
int store_snapshot_set_array_name(store *s, int64_t id, const char *array_name);
int store_snapshot_get(store_snapshot **out, store *s, int64_t id);
int store_snapshot_list(store_snapshot **out, size_t *count, store *s, const store_filter *f);
int store_snapshot_delete(store *s, int64_t id);
void store_snapshot_free(store_snapshot *rec);
void store_snapshot_array_free(store_snapshot *arr, size_t count);
/* store_volume_set_attrs for a snapshot (names are unique per volume). */
int store_snapshot_set_attrs(store *s, int64_t id, const store_attr_change *chg);

/* ---------------------------------------------------------------- hosts */

typedef struct {
	int64_t id;
	int64_t tenant_id;   /* 0 = admin-owned */
	char *name;          /* unique per tenant (admin-owned hosts: among them) */
	char *ip;
	store_failover failover_wanted; /* default AUTO */
	int64_t created;
	int64_t updated;
} store_host;

int store_host_insert(int64_t *out_id, store *s, const store_host *rec);
int store_host_get(store_host **out, store *s, int64_t id);
/* The host named `name` owned by tenant_id (0 = admin-owned), or
 * ENOTFOUND.  Names are unique per tenant only (schema v5): another
 * tenant's host of that name is never returned. */
int store_host_find(store_host **out, store *s, int64_t tenant_id, const char *name);
int store_host_list(store_host **out, size_t *count, store *s, const store_filter *f);
/* Changes ip and failover_wanted of rec->id. */
int store_host_update(store *s, const store_host *rec);
/* Deletes the host with its initiators and per-system records; ECONSTRAINT
 * while assignments exist. */
int store_host_delete(store *s, int64_t id);
void store_host_free(store_host *rec);
void store_host_array_free(store_host *arr, size_t count);

/* What the gateway set up for a host on one array. */
typedef struct {
	int64_t host_id;
	int64_t system_id;
	char *storage_group;          /* storage group name on the array */
	store_failover failover_applied; /* 0 = not yet applied */
	int paths;                    /* registered initiator paths */
	int64_t updated;
} store_host_system;

/* Insert or replace the (host_id, system_id) record.  A storage group
 * (non-NULL) on one system belongs to one host record: EEXISTS if another
 * host already has storage_group on rec->system_id, compared without case
 * as the array does (checked in the write transaction and by a unique
 * index, so concurrent registrations cannot both take it). */
int store_host_system_set(store *s, const store_host_system *rec);
int store_host_system_get(store_host_system **out, store *s, int64_t host_id, int64_t system_id);
/* Filter: host_id, system_id. */
int store_host_system_list(store_host_system **out, size_t *count, store *s, const store_filter *f);
int store_host_system_delete(store *s, int64_t host_id, int64_t system_id);
void store_host_system_free(store_host_system *rec);
void store_host_system_array_free(store_host_system *arr, size_t count);

/* ---------------------------------------------------------------- initiators */

typedef struct {
	int64_t id;
	int64_t host_id;
	store_proto kind;    /* required */
	char *address;       /* IQN or WWPN; unique across all hosts */
	int64_t created;
	int64_t updated;
} store_initiator;

int store_initiator_insert(int64_t *out_id, store *s, const store_initiator *rec);
int store_initiator_get(store_initiator **out, store *s, int64_t id);
/* Filter: host_id, name (= exact address). */
int store_initiator_list(store_initiator **out, size_t *count, store *s, const store_filter *f);
int store_initiator_delete(store *s, int64_t id);
void store_initiator_free(store_initiator *rec);
void store_initiator_array_free(store_initiator *arr, size_t count);

/* ---------------------------------------------------------------- assignments */

typedef struct {
	int64_t id;
	int64_t volume_id;
	int64_t host_id;     /* unique with volume_id */
	int64_t system_id;
	int hlu;             /* 0..255; unique per (host, system) */
	store_asg_state state;
	int64_t created;
	int64_t updated;
} store_assignment;

#define STORE_HLU_MAX 255

/* In one write transaction: if volume is already assigned to host, return
 * that row in *out with STORE_EEXISTS. Otherwise pick preferred_hlu if it is
 * >= min_hlu and free on (host, system), else the lowest free HLU in
 * [min_hlu, 255] (none free -> STORE_EQUOTA), and insert the assignment in
 * state ASSIGNING; *out receives it. preferred_hlu < 0 = no preference. */
int store_assignment_reserve(store_assignment **out, store *s, int64_t volume_id,
                             int64_t host_id, int64_t system_id, int min_hlu,
                             int preferred_hlu);
int store_assignment_set_state(store *s, int64_t id, store_asg_state state);
/* Move to another HLU (what the array really used); EEXISTS if taken. */
int store_assignment_set_hlu(store *s, int64_t id, int hlu);
int store_assignment_get(store_assignment **out, store *s, int64_t id);
/* Filter: volume_id, host_id, system_id, state. */
int store_assignment_list(store_assignment **out, size_t *count, store *s, const store_filter *f);
int store_assignment_delete(store *s, int64_t id);
void store_assignment_free(store_assignment *rec);
void store_assignment_array_free(store_assignment *arr, size_t count);

/* ---------------------------------------------------------------- jobs */

typedef struct {
	int64_t id;
	char *kind;          /* operation, e.g. "volume.allocate" (required) */
	store_job_state state;
	int progress;        /* 0..100 */
	char *request_id;    /* client request id; unique per user; may be NULL */
	char *user;          /* acting user's name (required) */
	int64_t tenant_id;   /* 0 = none (no FK: jobs outlive tenants) */
	char *object;        /* object key, e.g. "volume/12"; NULL = none */
	char *params;        /* JSON text */
	char *result;        /* JSON text */
	char *error_code;    /* e.g. "EQUOTA" */
	char *error_message;
	char *step;          /* last step reached, for crash recovery */
	int64_t created;
	int64_t updated;
	int64_t finished;    /* 0 while not terminal */
} store_job;

/* Start a job, in one write transaction:
 * - rec->request_id set and a job of rec->user with that request id exists:
 *   *out = that job, STORE_EEXISTS;
 * - rec->object set and a non-terminal job holds the same object:
 *   *out = that job, STORE_EBUSY;
 * - else insert (state QUEUED unless rec->state is RUNNING, progress 0) and
 *   *out = the new job.
 * Fields used: kind, state, request_id, user, tenant_id, object, params, step. */
int store_job_start(store_job **out, store *s, const store_job *rec);
/* Progress/step while running (NULL step keeps it). Moves QUEUED to
 * RUNNING. EINVAL on a terminal job. */
int store_job_progress(store *s, int64_t id, int progress, const char *step);
/* Set the state of a non-terminal job (QUEUED/RUNNING; use finish for the
 * terminal states). */
int store_job_set_state(store *s, int64_t id, store_job_state state);
/* Attach the object key once known (e.g. after volume_reserve). */
int store_job_set_object(store *s, int64_t id, const char *object);
/* Terminal transition: state SUCCEEDED or FAILED, result / error fields
 * (NULL ok), progress 100 on success, finished time. EINVAL if already
 * terminal. */
int store_job_finish(store *s, int64_t id, store_job_state state, const char *result,
                     const char *error_code, const char *error_message);
int store_job_get(store_job **out, store *s, int64_t id);
int store_job_find_request(store_job **out, store *s, const char *user, const char *request_id);
/* Newest first.  Filter: tenant_id, user, state, name_prefix (= kind
 * prefix), paging. */
int store_job_list(store_job **out, size_t *count, store *s, const store_filter *f);
/* Every QUEUED or RUNNING job, oldest first: what to resume after a crash. */
int store_job_list_unfinished(store_job **out, size_t *count, store *s);
/* Delete finished (SUCCEEDED/FAILED) jobs whose finish time is before
 * `finished_before` (Unix seconds); *out_deleted (may be NULL) gets the
 * count. Unfinished jobs are never pruned. The audit trail is separate
 * and is not affected. */
int store_job_prune(int64_t *out_deleted, store *s, int64_t finished_before);
void store_job_free(store_job *rec);
void store_job_array_free(store_job *arr, size_t count);

/* ---------------------------------------------------------------- audit */

/* Append-only: there is no update or delete call. */
typedef struct {
	int64_t id;
	int64_t time;        /* set by the store */
	char *user;          /* required */
	char *tenant;        /* tenant name at the time, or NULL */
	char *operation;     /* required, e.g. "allocateStorage" */
	char *object;        /* e.g. "volume/12" */
	char *outcome;       /* required, "ok" or an error code name */
	char *detail;        /* never a password */
} store_audit;

int store_audit_append(int64_t *out_id, store *s, const store_audit *rec);
/* Appends recs[0..n) in ONE write transaction (one commit, one fsync):
 * all n records are written or none (validation of every record first,
 * rollback on any failure).  n == 0 is a no-op.  STORE_EINVAL for an
 * invalid record (nothing written); other codes as store_audit_append. */
int store_audit_append_many(store *s, const store_audit *recs, size_t n);
/* Newest first.  Filter: user, name (= exact tenant name), name_prefix (=
 * operation prefix), paging. */
int store_audit_list(store_audit **out, size_t *count, store *s, const store_filter *f);
void store_audit_free(store_audit *rec);
void store_audit_array_free(store_audit *arr, size_t count);

/* ---------------------------------------------------------------- metrics */

typedef struct {
	int64_t systems, pools, ports, volumes, snapshots, hosts, initiators, assignments;
	int64_t tenants, users, grants, audit;
	int64_t jobs_queued, jobs_running, jobs_succeeded, jobs_failed;
	int64_t busy_waits;  /* times a caller waited for a free pool connection */
} store_stats;

/* Row counts (live volumes/snapshots only) in one read transaction.  Counts
 * whole tables: for tools and tests, not for every scrape. */
int store_stats_get(store_stats *out, store *s);

/* Jobs by state, kept by triggers as jobs change: four rows read, whatever
 * the number of jobs, so it is cheap enough for every /metrics scrape. */
typedef struct store_job_counts {
	int64_t queued, running, succeeded, failed;
} store_job_counts;
int store_job_counts_get(store_job_counts *out, store *s);

/* ------------------------------------------- edge: retention, passwords */
/* (audit_retention.c, auth.c) */

/* Records younger than this can never be pruned. */
#define STORE_AUDIT_MIN_AGE_S (86400 * 1)

/* Deletes the audit records with time < older_than (Unix seconds), which
 * must be at least STORE_AUDIT_MIN_AGE_S in the past (STORE_EINVAL
 * otherwise); *out_deleted (may be NULL) gets the count.  The only delete
 * of audit records there is: newer records stay append-only. */
int store_audit_prune(int64_t *out_deleted, store *s, int64_t older_than);

/* The iteration count of an encoded password hash, or -1 when it is not a
 * pbkdf2-sha256 hash. */
int store_pw_hash_iterations(const char *encoded);
/* Encodes password with a given iteration count (1000..10000000): for
 * tests and for importing users; new passwords use the store's default. */
int store_pw_hash_with_iterations(char **out, const char *password, int iterations);
/* Sets a user's encoded hash as given (validated for shape). */
int store_user_set_pw_hash(store *s, const char *name, const char *encoded);
/* *out = the iteration count of the user's current hash (-1 if none). */
int store_user_pw_iterations(int *out, store *s, const char *name);

/* ------------------------------------------- secrets: array passwords */
/* (secrets.c) */

#define STORE_SECRET_KEY_LEN 32

/* Reads the 32-byte key file at path, creating it (random, mode 0600)
 * when absent.  Refuses (STORE_EINVAL) a file group or others may read or
 * write, a file of another size, or a symbolic link; err gets why. */
int store_secret_key_load(unsigned char key[STORE_SECRET_KEY_LEN], const char *path, char *err,
			  size_t errlen);
/* Gives the store the key (copied): from then on credential passwords are
 * written encrypted (AES-256-GCM, random nonce per write) and
 * store_credential_get decrypts them.  Without a key, passwords are
 * written as given and an encrypted one cannot be read (STORE_EINVAL). */
int store_secret_key_set(store *s, const unsigned char key[STORE_SECRET_KEY_LEN]);
/* Encrypts every credential password still stored in plain text;
 * *out_sealed (may be NULL) gets the count.  STORE_EINVAL without a key. */
int store_credentials_seal(int64_t *out_sealed, store *s);

/* ------------------------------------------ where the store lives (store.c) */
/* store_open's path is a SQLite file, or a PostgreSQL URL
 * ("postgresql://user@host:port/db", or "postgres://..."; libpq's query
 * parameters such as sslmode= or passfile= allowed).  The URL must not
 * hold a password: libpq reads it from the passfile, PGPASSFILE,
 * ~/.pgpass or PGPASSWORD.  Returns 1 for a PostgreSQL URL, 0 for
 * anything else (a file path). */
int store_target_is_url(const char *target);
/* 0 when url is a PostgreSQL URL store_open accepts, else STORE_EINVAL
 * with the reason (no scheme, a password in it, a control character). */
int store_url_check(const char *url);

/* Copies the SQLite store s into the empty PostgreSQL database at dest
 * (created to the current schema), ids, instance id and id counters
 * included, then compares both table by table (rows and a SHA-256 over
 * every value).  s is held under its writer lock throughout, so nothing
 * changes it meanwhile.  EEXISTS when dest already holds rows; ERROR
 * naming the table when the copy differs. */
typedef struct store_copy_result {
	int tables;   /* tables compared */
	int64_t rows; /* rows copied (and compared) */
} store_copy_result;
int store_copy_to(store_copy_result *out, store *s, const char *dest);

/* ------------------------------------- cluster: array leases (lease.c) */
/* Several slgwd nodes may share one store; each storage system (and id 0,
 * the gateway-wide jobs) is led by one node holding its lease.  The tables
 * exist only once store_lease_init ran (a single gateway never calls it).
 * Times are Unix milliseconds of the caller's wall clock. */

#define STORE_EFENCED    (-9) /* a fenced job write under a lease no longer held */

typedef struct store_lease {
	int64_t system_id;
	char holder[65];        /* node id */
	int64_t token;          /* fencing token: only grows */
	int64_t expires_ms;     /* 0 once released */
} store_lease;

/* The node and lease a fenced job write is made under. */
typedef struct store_fence {
	const char *node;
	int64_t system_id;
	int64_t token;
} store_fence;

int64_t store_lease_now_ms(void);
/* Creates the lease and node tables when missing. */
int store_lease_init(store *s);
/* Takes (or extends, same token) the lease of system_id for ttl_ms;
 * STORE_EBUSY while another node holds it unexpired.  A new term (the
 * lease was free, released or expired) gets the next token. */
int store_lease_acquire(store_lease *out, store *s, int64_t system_id, const char *node,
                        int64_t ttl_ms);
/* Extends a lease still held under token; STORE_EBUSY when it is not
 * (expired, taken over). */
int store_lease_renew(int64_t *expires_ms, store *s, int64_t system_id, const char *node,
                      int64_t token, int64_t ttl_ms);
/* Gives a lease up (keeps its token for the next term). */
int store_lease_release(store *s, int64_t system_id, const char *node, int64_t token);
/* Every lease row, by system id (free with free()). */
int store_lease_list(store_lease **out, size_t *count, store *s);
/* Records node as alive now; *alive = nodes seen within ttl_ms. */
int store_node_heartbeat(size_t *alive, store *s, const char *node, int64_t ttl_ms);
/* store_job_progress / store_job_finish that succeed only while f->node
 * holds f->system_id's lease under f->token, checked in the same write
 * transaction (STORE_EFENCED otherwise, nothing written). */
int store_job_progress_fenced(store *s, const store_fence *f, int64_t id, int progress,
                              const char *step);
int store_job_finish_fenced(store *s, const store_fence *f, int64_t id, store_job_state state,
                            const char *result, const char *error_code,
                            const char *error_message);
/* A running job back to queued (a retry), under the same fence. */
int store_job_requeue_fenced(store *s, const store_fence *f, int64_t id);

#ifdef __cplusplus
}
#endif
#endif /* SLGW_STORE_H */
