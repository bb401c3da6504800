/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * adapter.h - the array adapter interface: what the gateway may ask of any
 * array family, and the records and errors it gets back.
 *
 * Design (libgit2 backends, curl TLS backends):
 *  - An adapter family provides one `const struct slgw_adapter_ops` table.
 *    An instance (one storage system) is a `struct slgw_adapter` embedded as
 *    the FIRST member of the implementation's own struct, so the gateway only
 *    ever holds a `struct slgw_adapter *` and the implementation downcasts.
 *  - `ops->version` lets an implementation built against an older header be
 *    refused instead of called through a slot that does not exist; `ops->caps`
 *    is what the family can do at best.  What ONE array can do is only known
 *    after discover (models, FLARE revision, installed enablers), so each
 *    instance answers `ops->capabilities()` at run time; the broker checks it
 *    before asking for thin LUNs, snapshots, clones or ALUA.
 *  - Every slot is thread-safe: the gateway calls one instance from many
 *    threads at once.  Implementations keep their own locking.
 *  - Calling convention: out-parameters first, then the adapter, then the
 *    inputs, then `struct slgw_adapter_error *err` (may be NULL).  Every slot
 *    returns 0 on success or `-(int)cls` with `err` filled (class, the
 *    array's own code and message), so `if (rc) return rc;` works and
 *    `rc == -SLGW_AERR_NOT_FOUND` is a legitimate test.
 *  - Records are plain structs with fixed-size strings (array names and UIDs
 *    are short and bounded) so most need no freeing per field; the ones that
 *    hold arrays of children do.  What a slot hands back through an out-pointer
 *    belongs to the caller and is released with that type's `_free` (one
 *    record) or `_array_free` (a list).  The free functions are static inline
 *    here because slgw_adapter is a header-only INTERFACE target.
 *  - Sizes are in MB (1 MB = 2048 blocks of 512 bytes) because that is the
 *    unit of the gateway's API; an implementation rounds array blocks DOWN
 *    for free space and UP for LUN sizes it was asked for.
 *  - Two kinds of capacity exist: storage pools (thin and thick pool LUNs,
 *    created by name) and RAID groups (classic LUNs, THICK only, created
 *    with an explicit LUN number the caller chooses).  Older arrays have
 *    only RAID groups, SnapView sessions instead of array snapshots and
 *    metaLUNs instead of online expansion; the slots for those are separate
 *    so that the broker picks by capability and never by model name.
 *  - A slot an implementation leaves NULL is an operation its family does
 *    not have: callers treat it exactly like NOT_SUPPORTED.
 */
#ifndef SLGW_ADAPTER_H
#define SLGW_ADAPTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a slot is added, removed or changes meaning. */
#define SLGW_ADAPTER_OPS_VERSION 2

/* ---- Capabilities: bits of ops->caps and of ops->capabilities() ---- */
enum slgw_adapter_cap {
	SLGW_CAP_THIN          = 1u << 0, /* thin (virtually provisioned) LUNs */
	SLGW_CAP_THICK         = 1u << 1, /* fully allocated LUNs in pools */
	SLGW_CAP_SNAPSHOTS     = 1u << 2, /* point-in-time snapshots of a LUN */
	SLGW_CAP_CLONE_SMP     = 1u << 3, /* writable clone: SMP attached to a snapshot */
	SLGW_CAP_CLONE_MIGRATE = 1u << 4, /* full copy by LUN migration */
	SLGW_CAP_ALUA          = 1u << 5, /* initiators may use failover mode 4 (ALUA) */
	SLGW_CAP_ISCSI         = 1u << 6, /* has iSCSI target ports */
	SLGW_CAP_FC            = 1u << 7, /* has Fibre Channel target ports */
	SLGW_CAP_EXPAND        = 1u << 8, /* LUNs can grow online */
	SLGW_CAP_SNAP_RESTORE  = 1u << 9, /* a LUN can be rolled back to a snapshot */
	SLGW_CAP_COMPRESSION   = 1u << 10,
	SLGW_CAP_DEDUP         = 1u << 11,
	SLGW_CAP_POOLS         = 1u << 12, /* storage pools exist (pool_list, lun_create) */
	SLGW_CAP_LUN_CMD       = 1u << 13, /* the array has the pool-era `lun` command set */
	SLGW_CAP_RAID_GROUPS   = 1u << 14, /* RAID groups: raid_group_list, rg_lun_create/destroy */
	SLGW_CAP_LUN_CREATE_RG = 1u << 15, /* rg_lun_create in one command (else bind + name) */
	SLGW_CAP_SNAPVIEW      = 1u << 16, /* SnapView sessions and snapshots (sv_* slots) */
	SLGW_CAP_METALUN       = 1u << 17, /* metalun_expand grows RAID-group LUNs */
};

/* Number of SLGW_CAP_* bits defined (bit i is 1u << i). */
#define SLGW_CAP__BITS 18

/*
 * The API's name of one capability bit ("THIN_LUNS", "SNAPVIEW", ...) as
 * StorageSystem.capability lists it; NULL for a bit that is not defined.
 */
static inline const char *slgw_adapter_cap_name(unsigned bit)
{
	static const char *const names[SLGW_CAP__BITS] = {
		"THIN_LUNS", "THICK_POOL_LUNS", "VNX_SNAPSHOTS", "CLONE_SMP", "CLONE_MIGRATE",
		"ALUA", "ISCSI", "FC", "EXPAND", "SNAP_RESTORE", "COMPRESSION", "DEDUP",
		"POOLS", "LUN_COMMAND", "RAID_GROUPS", "LUN_CREATE_RG", "SNAPVIEW", "METALUN",
	};
	for (unsigned i = 0; i < SLGW_CAP__BITS; i++)
		if (bit == (1u << i))
			return names[i];
	return NULL;
}

/* ---- Errors ---- */
/*
 * One stable class per failure, whatever the array printed.  Values are
 * positive; slots return the negated value.  Keep in step with
 * slgw_adapter_err_name().
 */
enum slgw_adapter_err {
	SLGW_AERR_OK = 0,
	SLGW_AERR_NOT_FOUND,      /* the named LUN / snapshot / group / pool / HBA does not exist */
	SLGW_AERR_NAME_IN_USE,    /* create with a name that already exists */
	SLGW_AERR_MAPPED,         /* LUN is still in a storage group (or snapshot attached to an SMP) */
	SLGW_AERR_HAS_SNAPSHOTS,  /* LUN still has snapshots or snapshot mount points */
	SLGW_AERR_BUSY,           /* in use by another operation (migration), or preparing: retry later */
	SLGW_AERR_HLU_IN_USE,     /* the host LUN number is taken in that group: pick another */
	SLGW_AERR_ALREADY_MAPPED, /* LUN already in that storage group / path already registered */
	SLGW_AERR_UNREACHABLE,    /* no SP answered (network error, connection refused) */
	SLGW_AERR_AUTH,           /* credentials refused */
	SLGW_AERR_INVALID_ARGS,   /* the array (or the adapter) refused the arguments */
	SLGW_AERR_NOT_SUPPORTED,  /* this array / model / enabler set cannot do it */
	SLGW_AERR_TIMEOUT,        /* the command did not finish in time on any SP */
	SLGW_AERR_UNKNOWN,        /* anything else, including local failures (out of memory, spawn) */
	SLGW_AERR_NO_SPACE,       /* the pool lacks the free capacity, or the array its LUN limit */
	SLGW_AERR_ID_IN_USE,      /* the explicit LUN number asked for is taken: pick another */
	SLGW_AERR__COUNT
};

/*
 * The detail of a failure.  `code` is the array's own code when it printed
 * one (e.g. "0x712d8d04"), else empty; `message` is the array's text (first
 * lines, whitespace folded), or the adapter's own explanation for local
 * failures.  Never contains credentials.
 */
struct slgw_adapter_error {
	enum slgw_adapter_err cls;
	char code[16];
	char message[512];
};

/* Stable snake_case name of a class ("not_found", "hlu_in_use", ...). */
static inline const char *slgw_adapter_err_name(enum slgw_adapter_err cls)
{
	static const char *const names[SLGW_AERR__COUNT] = {
		"ok", "not_found", "name_in_use", "mapped", "has_snapshots", "busy",
		"hlu_in_use", "already_mapped", "unreachable", "auth", "invalid_args",
		"not_supported", "timeout", "unknown", "no_space", "id_in_use",
	};
	if ((int)cls < 0 || cls >= SLGW_AERR__COUNT)
		return "unknown";
	return names[cls];
}

/* Reset an error record to "no error". */
static inline void slgw_adapter_error_clear(struct slgw_adapter_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

/* ---- Records ---- */

enum slgw_protocol { SLGW_PROTO_UNKNOWN = 0, SLGW_PROTO_ISCSI, SLGW_PROTO_FC };

/* An installed software enabler ("ThinProvisioning", "VNXSnapshots", ...). */
struct slgw_enabler {
	char name[64];      /* without naviseccli's leading '-' */
	char revision[64];
	int active;         /* 1 when "Active State: YES" (or the family's equivalent) */
};

/* A storage pool LUNs are carved from. */
struct slgw_pool {
	int id;
	char name[128];
	char state[64];          /* "Ready", "Offline", ... as the array says */
	uint64_t capacity_mb;    /* user capacity */
	uint64_t free_mb;        /* available capacity, rounded down */
	uint64_t subscribed_mb;  /* total subscribed (thin over-commit), 0 if unknown */
};

/* A RAID group classic LUNs are bound in (getrg). */
struct slgw_raid_group {
	int id;
	char raid_type[16];       /* "r5", "r1_0", ...; "" while the group is Unbound */
	char legal_raid_types[64];/* space separated, as the array lists them */
	char state[64];           /* "Valid_luns", "Explicit_Remove Valid_luns", ... */
	uint64_t capacity_mb;     /* logical capacity, rounded down */
	uint64_t free_mb;         /* free, not necessarily contiguous, rounded down */
	uint64_t largest_contiguous_free_mb; /* the largest LUN that fits now */
	int max_luns;             /* -1 if unknown */
	int *luns;                /* LUN numbers bound in it */
	size_t n_luns;
};

static inline void slgw_raid_group_array_free(struct slgw_raid_group *g, size_t n)
{
	if (!g)
		return;
	for (size_t i = 0; i < n; i++)
		free(g[i].luns);
	free(g);
}

/* A front-end (target) port hosts connect to. */
struct slgw_target_port {
	char sp;                  /* 'A' or 'B' */
	int port_id;
	int vport_id;             /* virtual port (iSCSI VLAN), -1 when not applicable */
	enum slgw_protocol protocol;
	char wwn[256];            /* iSCSI: target IQN; FC: WWNN:WWPN */
	char ip[64];              /* iSCSI portal address, empty for FC */
};

/* What discover found: the array itself, its enablers, pools and ports. */
struct slgw_system_info {
	char model[64];           /* "VNX5800" */
	char revision[64];        /* FLARE / OE revision "05.33.008.3.297" */
	char agent_rev[64];
	char serial[64];          /* "APM00153042305": the array's stable identity */
	char sp[8];               /* SP that answered ("A" / "B") */
	unsigned caps;            /* SLGW_CAP_* as computed for this array */
	struct slgw_enabler *enablers;
	size_t n_enablers;
	struct slgw_pool *pools;
	size_t n_pools;
	struct slgw_target_port *ports;
	size_t n_ports;
	struct slgw_raid_group *raid_groups; /* empty where the array has none */
	size_t n_raid_groups;
};

static inline void slgw_system_info_free(struct slgw_system_info *s)
{
	if (!s)
		return;
	free(s->enablers);
	free(s->pools);
	free(s->ports);
	slgw_raid_group_array_free(s->raid_groups, s->n_raid_groups);
	free(s);
}

static inline void slgw_pool_array_free(struct slgw_pool *p, size_t n)
{
	(void)n;
	free(p);
}

/* A LUN (a "storage volume" in the gateway's words), SMPs included. */
struct slgw_lun {
	int id;                       /* array LUN number (ALU) */
	char name[256];
	char wwn[64];                 /* "60:06:01:60:..." */
	uint64_t size_mb;             /* user capacity, rounded up */
	char pool[128];               /* pool name, empty for SMPs without one */
	int thin;                     /* 1 thin, 0 thick */
	char state[64];               /* "Ready", "Initializing", "Faulted", ... */
	char operation[64];           /* current operation, "None" when idle */
	int percent;                  /* current operation percent complete, 0..100 */
	char owner_sp;                /* 'A' / 'B' / 0 if unknown */
	int is_smp;                   /* 1 when a snapshot mount point */
	int primary_lun;              /* SMP: id of the LUN its snapshots belong to; -1 when
	                               * not an SMP or not resolvable (the array names it) */
	char primary_lun_name[256];   /* SMP: name of that LUN as the array prints it */
	char attached_snapshot[256];  /* SMP: snapshot attached now, empty if none */
	int raid_group;               /* classic LUN: its RAID group; -1 for pool LUNs, SMPs
	                               * and metaLUNs */
	int is_meta;                  /* 1 when a metaLUN */
	char raid_type[16];           /* classic LUN: "r5", ...; "" otherwise */
};

static inline void slgw_lun_free(struct slgw_lun *l) { free(l); }
static inline void slgw_lun_array_free(struct slgw_lun *l, size_t n) { (void)n; free(l); }

/* A point-in-time snapshot. */
struct slgw_snapshot {
	char name[256];
	int *source_luns;          /* LUN ids the snapshot was taken of */
	size_t n_source_luns;
	int *attached_luns;        /* SMPs it is attached to now */
	size_t n_attached_luns;
	char state[64];            /* "Ready", "Initializing", ... */
	int allow_rw;
	char created[64];          /* creation time as the array printed it */
};

static inline void slgw_snapshot_clear(struct slgw_snapshot *s)
{
	if (!s)
		return;
	free(s->source_luns);
	free(s->attached_luns);
	s->source_luns = s->attached_luns = NULL;
	s->n_source_luns = s->n_attached_luns = 0;
}

static inline void slgw_snapshot_free(struct slgw_snapshot *s)
{
	slgw_snapshot_clear(s);
	free(s);
}

static inline void slgw_snapshot_array_free(struct slgw_snapshot *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		slgw_snapshot_clear(&s[i]);
	free(s);
}

/* One initiator path in a storage group: initiator -> SP port. */
struct slgw_hba_path {
	char uid[256];             /* iSCSI IQN or FC WWNN:WWPN */
	char sp;                   /* 'A' / 'B' */
	int sp_port;
	int vport_id;              /* -1 when the array did not say */
};

/* One mapping in a storage group: host LUN number -> array LUN number. */
struct slgw_hlu_map {
	int hlu;
	int alu;
};

/* A storage group (LUN masking unit; one per host by convention). */
struct slgw_storage_group {
	char name[256];
	char uid[128];
	struct slgw_hba_path *paths;
	size_t n_paths;
	struct slgw_hlu_map *hlus;
	size_t n_hlus;
};

static inline void slgw_storage_group_clear(struct slgw_storage_group *g)
{
	if (!g)
		return;
	free(g->paths);
	free(g->hlus);
	g->paths = NULL;
	g->hlus = NULL;
	g->n_paths = g->n_hlus = 0;
}

static inline void slgw_storage_group_free(struct slgw_storage_group *g)
{
	slgw_storage_group_clear(g);
	free(g);
}

static inline void slgw_storage_group_array_free(struct slgw_storage_group *g, size_t n)
{
	if (!g)
		return;
	for (size_t i = 0; i < n; i++)
		slgw_storage_group_clear(&g[i]);
	free(g);
}

/* An initiator path registered on the array (port -list -hba). */
struct slgw_hba {
	char uid[256];
	char host[256];            /* registered host name, empty if unknown */
	char ip[64];               /* registered host IP, empty if unknown */
	char sp;                   /* SP of this path, 0 if unknown */
	int sp_port;               /* -1 if unknown */
	int vport_id;              /* -1 if unknown */
	int logged_in;             /* 1 when the initiator is logged in now */
	int registered;            /* 1 when registered */
	int failover_mode;         /* 0..4 (4 = ALUA), -1 if unknown */
	int initiator_type;        /* 3 = CLARiiON Open, -1 if unknown */
	int arraycommpath;         /* 0/1, -1 if unknown */
	char storage_group[256];   /* group it is in, empty if none */
};

static inline void slgw_hba_array_free(struct slgw_hba *h, size_t n) { (void)n; free(h); }

/* A LUN migration (full copy) in progress or just finished. */
struct slgw_migration {
	int source;
	int dest;
	char rate[16];             /* "low" / "medium" / "high" / "asap" */
	char state[64];            /* "MIGRATING", "SYNCHRONIZED", "STOPPED - ...", ... */
	int percent;
};

static inline void slgw_migration_free(struct slgw_migration *m) { free(m); }
static inline void slgw_migration_array_free(struct slgw_migration *m, size_t n) { (void)n; free(m); }

/* One counter line: how often a command ran and how it ended. */
struct slgw_adapter_stat {
	char command[64];          /* first words of the command, e.g. "lun -create" */
	enum slgw_adapter_err cls; /* result class (SLGW_AERR_OK for success) */
	uint64_t count;            /* calls that ended so */
	uint64_t total_us;         /* wall time spent in them (all attempts) */
	uint64_t attempts;         /* child processes started (retries, failover) */
};

static inline void slgw_adapter_stat_array_free(struct slgw_adapter_stat *s, size_t n) { (void)n; free(s); }

/* A SnapView snapshot: the logical unit a host mounts once it is
 * activated on a session (snapview -listsnapshots). */
struct slgw_sv_snapshot {
	char name[256];
	char wwn[64];              /* "SnapView logical unit ID" */
	int target_lun;            /* the source LUN it is a snapshot of */
	int active;                /* 1 when activated on a session */
	char session[256];         /* that session, empty when inactive */
};

static inline void slgw_sv_snapshot_array_free(struct slgw_sv_snapshot *s, size_t n)
{
	(void)n;
	free(s);
}

/* A SnapView session: the point in time (snapview -listsessions). */
struct slgw_sv_session {
	char name[256];
	int *luns;                 /* source (target) LUNs of the session */
	size_t n_luns;
	int persistent;            /* survives an SP reboot */
	char state[64];            /* "Normal", "Rolling Back", ... */
	char created[64];          /* creation time as the array printed it */
};

static inline void slgw_sv_session_array_free(struct slgw_sv_session *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i].luns);
	free(s);
}

/* ---- Inputs ---- */

/* Names a LUN either by number (id >= 0, preferred) or by name (id < 0). */
struct slgw_lun_ref {
	int id;
	const char *name;
};

/* What lun_create is asked for. */
struct slgw_lun_spec {
	const char *name;          /* required, unique on the array */
	uint64_t size_mb;          /* > 0 */
	int pool_id;               /* >= 0 to choose by id ... */
	const char *pool_name;     /* ... else by name */
	int thin;                  /* 1 thin (needs SLGW_CAP_THIN), 0 thick */
	char sp;                   /* 'A' / 'B' default owner, 0 to let the array choose */
	int ignore_thresholds;     /* 1 to allow over-subscription past pool thresholds */
};

/* What rg_lun_create is asked for: a THICK classic LUN in a RAID group. */
struct slgw_rg_lun_spec {
	const char *name;          /* required, unique on the array */
	int lun_id;                /* the LUN number, >= 0: the caller picks it (lowest free)
	                            * and retries with another on ID_IN_USE */
	int raid_group;            /* RAID group id, >= 0 */
	uint64_t size_mb;          /* > 0 */
	const char *raid_type;     /* NULL: the group's (or its first legal type if Unbound) */
	char sp;                   /* 'A' / 'B' default owner, 0 to let the array choose */
};

enum slgw_metalun_type {
	SLGW_METALUN_AUTO = 0,     /* striped when the components allow it, else concatenated */
	SLGW_METALUN_STRIPED,
	SLGW_METALUN_CONCAT,
};

/* One (initiator, SP port) path to register and the host settings with it. */
struct slgw_initiator_path {
	const char *group;         /* storage group name */
	const char *hba_uid;       /* IQN or WWNN:WWPN */
	char sp;                   /* 'A' / 'B' */
	int sp_port;
	int vport_id;              /* -1 to omit */
	const char *host;          /* host name */
	const char *host_ip;       /* host address */
	int initiator_type;        /* 3 = CLARiiON Open (the type for XenServer) */
	int failover_mode;         /* 4 = ALUA, 1 = PNR on pre-CX3 arrays */
	int arraycommpath;         /* 1 enables LUN Z */
};

enum slgw_migrate_rate {
	SLGW_MIGRATE_LOW = 0, SLGW_MIGRATE_MEDIUM, SLGW_MIGRATE_HIGH, SLGW_MIGRATE_ASAP
};

/* ---- The vtable ---- */

struct slgw_adapter;

struct slgw_adapter_ops {
	/* SLGW_ADAPTER_OPS_VERSION the table was built against. */
	int version;
	/* Family name shown to users, e.g. "vnx". */
	const char *family;
	/* SLGW_CAP_* bits the family can ever offer (the upper bound). */
	unsigned caps;

	/* Reads model, revision, serial, enablers, pools, RAID groups and target
	 * ports and recomputes the instance's capabilities (an array without
	 * pools reports none and lacks SLGW_CAP_POOLS; that is not an error).  *out is the caller's
	 * (slgw_system_info_free).  Read-only on the array. */
	int (*discover)(struct slgw_system_info **out, struct slgw_adapter *a,
	                struct slgw_adapter_error *err);

	/* SLGW_CAP_* of this array.  An instance that was never discovered
	 * discovers on the first call (so this may wait for the array once);
	 * if the array cannot be reached it returns the family's conservative
	 * guess and tries again on the next call.  Cannot fail. */
	unsigned (*capabilities)(struct slgw_adapter *a);

	/* Lists pools with capacity and free space.  *out: slgw_pool_array_free. */
	int (*pool_list)(struct slgw_pool **out, size_t *count, struct slgw_adapter *a,
	                 struct slgw_adapter_error *err);

	/* Creates a LUN and returns it as the array now reports it (*out may be
	 * NULL when the caller does not need it).  Never blindly repeated: a
	 * retry first looks whether the LUN landed.  NAME_IN_USE when a LUN of
	 * that name existed before the call. */
	int (*lun_create)(struct slgw_lun **out, struct slgw_adapter *a,
	                  const struct slgw_lun_spec *spec, struct slgw_adapter_error *err);

	/* Destroys a LUN.  With destroy_snapshots its snapshots go too (else
	 * HAS_SNAPSHOTS); MAPPED when still in a storage group; NOT_FOUND when
	 * it does not exist (the caller decides whether that is success). */
	int (*lun_destroy)(struct slgw_adapter *a, struct slgw_lun_ref lun,
	                   int destroy_snapshots, struct slgw_adapter_error *err);

	/* Grows a LUN to new_size_mb (grow only; INVALID_ARGS when not larger). */
	int (*lun_expand)(struct slgw_adapter *a, struct slgw_lun_ref lun,
	                  uint64_t new_size_mb, struct slgw_adapter_error *err);

	/* Reads one LUN (by id or name), pool LUN or classic.  *out: slgw_lun_free. */
	int (*lun_get)(struct slgw_lun **out, struct slgw_adapter *a,
	               struct slgw_lun_ref lun, struct slgw_adapter_error *err);

	/* Lists every LUN, pool LUNs and classic.  *out: slgw_lun_array_free. */
	int (*lun_list)(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
	                struct slgw_adapter_error *err);

	/* Takes snapshot `name` of LUN lun_id (read-only unless allow_rw). */
	int (*snap_create)(struct slgw_adapter *a, int lun_id, const char *name,
	                   int allow_rw, struct slgw_adapter_error *err);

	/* Destroys a snapshot (MAPPED while attached to an SMP). */
	int (*snap_destroy)(struct slgw_adapter *a, const char *name,
	                    struct slgw_adapter_error *err);

	/* Lists snapshots; of one LUN when lun_id >= 0, else all.
	 * *out: slgw_snapshot_array_free. */
	int (*snap_list)(struct slgw_snapshot **out, size_t *count, struct slgw_adapter *a,
	                 int lun_id, struct slgw_adapter_error *err);

	/* Rolls LUN lun_id back to snapshot `name`. */
	int (*snap_restore)(struct slgw_adapter *a, const char *name, int lun_id,
	                    struct slgw_adapter_error *err);

	/* Copies snapshot `name` to a new snapshot `new_name`. */
	int (*snap_copy)(struct slgw_adapter *a, const char *name, const char *new_name,
	                 struct slgw_adapter_error *err);

	/* Creates snapshot mount point `name` over primary LUN primary_lun_id;
	 * returns it as the array reports it (*out may be NULL). */
	int (*smp_create)(struct slgw_lun **out, struct slgw_adapter *a, int primary_lun_id,
	                  const char *name, struct slgw_adapter_error *err);

	/* Attaches snapshot snap_name to SMP smp. */
	int (*smp_attach)(struct slgw_adapter *a, struct slgw_lun_ref smp,
	                  const char *snap_name, struct slgw_adapter_error *err);

	/* Detaches whatever snapshot SMP smp exposes. */
	int (*smp_detach)(struct slgw_adapter *a, struct slgw_lun_ref smp,
	                  struct slgw_adapter_error *err);

	/* Starts copying LUN source onto LUN dest (dest takes source's place
	 * when done, as the array defines migration). */
	int (*migrate_start)(struct slgw_adapter *a, int source, int dest,
	                     enum slgw_migrate_rate rate, struct slgw_adapter_error *err);

	/* State of the migration of LUN source.  NOT_FOUND when none exists
	 * (finished migrations disappear from the array's list).  *out:
	 * slgw_migration_free. */
	int (*migrate_status)(struct slgw_migration **out, struct slgw_adapter *a,
	                      int source, struct slgw_adapter_error *err);

	/* Lists every migration.  *out: slgw_migration_array_free. */
	int (*migrate_list)(struct slgw_migration **out, size_t *count,
	                    struct slgw_adapter *a, struct slgw_adapter_error *err);

	/* Cancels the migration of LUN source. */
	int (*migrate_cancel)(struct slgw_adapter *a, int source,
	                      struct slgw_adapter_error *err);

	/* Creates an empty storage group (NAME_IN_USE if it exists). */
	int (*sg_create)(struct slgw_adapter *a, const char *name,
	                 struct slgw_adapter_error *err);

	/* Destroys a storage group (NOT_FOUND if absent). */
	int (*sg_destroy)(struct slgw_adapter *a, const char *name,
	                  struct slgw_adapter_error *err);

	/* Reads one storage group with paths and HLU/ALU pairs.
	 * *out: slgw_storage_group_free. */
	int (*sg_get)(struct slgw_storage_group **out, struct slgw_adapter *a,
	              const char *name, struct slgw_adapter_error *err);

	/* Lists every storage group.  *out: slgw_storage_group_array_free. */
	int (*sg_list)(struct slgw_storage_group **out, size_t *count,
	               struct slgw_adapter *a, struct slgw_adapter_error *err);

	/* Maps array LUN alu as host LUN hlu in group.  HLU_IN_USE when hlu is
	 * taken (re-read and pick another), ALREADY_MAPPED when alu is there. */
	int (*hlu_add)(struct slgw_adapter *a, const char *group, int hlu, int alu,
	               struct slgw_adapter_error *err);

	/* Removes host LUN hlu from group (NOT_FOUND when not present). */
	int (*hlu_remove)(struct slgw_adapter *a, const char *group, int hlu,
	                  struct slgw_adapter_error *err);

	/* Registers one initiator path into a group with its failover settings
	 * (ALREADY_MAPPED when that path is registered already). */
	int (*path_register)(struct slgw_adapter *a, const struct slgw_initiator_path *p,
	                     struct slgw_adapter_error *err);

	/* Changes an already registered host's failover mode and arraycommpath
	 * (the host must be offline: the array does not check I/O). */
	int (*host_set)(struct slgw_adapter *a, const char *group, const char *host,
	                int failover_mode, int arraycommpath, struct slgw_adapter_error *err);

	/* Lists initiator paths registered on the array.
	 * *out: slgw_hba_array_free. */
	int (*hba_list)(struct slgw_hba **out, size_t *count, struct slgw_adapter *a,
	                struct slgw_adapter_error *err);

	/* Deregisters an initiator (all its paths). */
	int (*hba_remove)(struct slgw_adapter *a, const char *hba_uid,
	                  struct slgw_adapter_error *err);

	/* ---- version 2: generations, RAID groups, SnapView, metaLUNs ---- */

	/* When the array lacks any SLGW_CAP_* bit of `need`, writes why into
	 * buf ("needs the SnapView enabler", "needs FLARE 28.5 or later for
	 * storage pools; the array runs 03.26.040.5.011") and returns 1; returns
	 * 0 (buf empty) when every bit is there, or when the array could not be
	 * asked (then the operation is tried and fails for its real reason).
	 * Discovers like capabilities(). */
	int (*explain)(char *buf, size_t size, struct slgw_adapter *a, unsigned need);

	/* Lists RAID groups with raid type, free and largest contiguous free
	 * capacity.  *out: slgw_raid_group_array_free.  NOT_SUPPORTED without
	 * SLGW_CAP_RAID_GROUPS. */
	int (*raid_group_list)(struct slgw_raid_group **out, size_t *count,
	                       struct slgw_adapter *a, struct slgw_adapter_error *err);

	/* Creates a THICK classic LUN with the explicit number spec->lun_id in
	 * RAID group spec->raid_group (`lun -create -rg` where the array has it,
	 * else `bind` then naming it) and returns it as the array reports it
	 * (*out may be NULL).  ID_IN_USE when the number is taken (nothing
	 * changed: retry with another), NAME_IN_USE when the name is, NO_SPACE
	 * when the group has no contiguous room, NOT_FOUND for a missing group.
	 * Never leaves an unnamed LUN behind: a LUN it bound but could not name
	 * is unbound again before the error is returned. */
	int (*rg_lun_create)(struct slgw_lun **out, struct slgw_adapter *a,
	                     const struct slgw_rg_lun_spec *spec, struct slgw_adapter_error *err);

	/* Destroys classic LUN lun_id (`unbind`, or `metalun -destroy` for a
	 * metaLUN, which unbinds its components).  NOT_FOUND when absent, MAPPED
	 * when still in a storage group, BUSY when SnapView still uses it.  The
	 * caller confirms the number-to-name binding with lun_get first. */
	int (*rg_lun_destroy)(struct slgw_adapter *a, int lun_id, struct slgw_adapter_error *err);

	/* Grows classic LUN base_lun by the n LUNs in components (bound
	 * beforehand with rg_lun_create; they become private parts of the
	 * metaLUN, which keeps base_lun's number and name).  NOT_SUPPORTED with
	 * the reason when the array cannot (e.g. striping with components of
	 * another RAID type or size, or no metaLUN support). */
	int (*metalun_expand)(struct slgw_adapter *a, int base_lun, const int *components,
	                      size_t n, enum slgw_metalun_type type,
	                      struct slgw_adapter_error *err);

	/* SnapView.  A session is the point in time; a snapshot is the logical
	 * unit a host mounts, which shows a session's data once activated on it.
	 * All NOT_SUPPORTED (naming the SnapView enabler) without SLGW_CAP_SNAPVIEW. */

	/* Creates snapshot (mount point) `name` for source LUN lun_id. */
	int (*sv_snapshot_create)(struct slgw_adapter *a, int lun_id, const char *name,
	                          struct slgw_adapter_error *err);
	/* Removes snapshot `name` (MAPPED while active or in a storage group). */
	int (*sv_snapshot_destroy)(struct slgw_adapter *a, const char *name,
	                           struct slgw_adapter_error *err);
	/* Lists snapshots; of one source LUN when lun_id >= 0.
	 * *out: slgw_sv_snapshot_array_free. */
	int (*sv_snapshot_list)(struct slgw_sv_snapshot **out, size_t *count,
	                        struct slgw_adapter *a, int lun_id, struct slgw_adapter_error *err);
	/* Starts persistent session `session` (the point in time) on the source
	 * LUN of snapshot `snapshot`. */
	int (*sv_session_start)(struct slgw_adapter *a, const char *session, const char *snapshot,
	                        struct slgw_adapter_error *err);
	/* Stops (deletes) session `session`. */
	int (*sv_session_stop)(struct slgw_adapter *a, const char *session,
	                       struct slgw_adapter_error *err);
	/* Lists sessions.  *out: slgw_sv_session_array_free. */
	int (*sv_session_list)(struct slgw_sv_session **out, size_t *count,
	                       struct slgw_adapter *a, struct slgw_adapter_error *err);
	/* Activates snapshot `snapshot` on session `session` (mounts the point in time). */
	int (*sv_activate)(struct slgw_adapter *a, const char *session, const char *snapshot,
	                   struct slgw_adapter_error *err);
	/* Deactivates snapshot `snapshot`. */
	int (*sv_deactivate)(struct slgw_adapter *a, const char *snapshot,
	                     struct slgw_adapter_error *err);
	/* Rolls the session's source LUN back to the session's point in time. */
	int (*sv_rollback)(struct slgw_adapter *a, const char *session,
	                   struct slgw_adapter_error *err);
	/* Presents snapshot `snapshot` to storage group `group` as host LUN hlu
	 * (HLU_IN_USE / NOT_FOUND as for hlu_add). */
	int (*sg_add_snapshot)(struct slgw_adapter *a, const char *group, int hlu,
	                       const char *snapshot, struct slgw_adapter_error *err);
	/* Removes snapshot `snapshot` from storage group `group`. */
	int (*sg_remove_snapshot)(struct slgw_adapter *a, const char *group, const char *snapshot,
	                          struct slgw_adapter_error *err);

	/* Snapshot of the command counters (by command and result class).
	 * *out: slgw_adapter_stat_array_free.  Only fails for lack of memory. */
	int (*stats)(struct slgw_adapter_stat **out, size_t *count, struct slgw_adapter *a);

	/* Releases the instance.  No other call may be in flight.  NULL-safe. */
	void (*free)(struct slgw_adapter *a);
};

/* An adapter instance: one storage system.  Implementations embed this as
 * their FIRST member and set ops in their constructor. */
struct slgw_adapter {
	const struct slgw_adapter_ops *ops;
};

/* Convenience wrapper: free any adapter through its own ops (NULL-safe). */
static inline void slgw_adapter_free(struct slgw_adapter *a)
{
	if (a && a->ops && a->ops->free)
		a->ops->free(a);
}

#ifdef __cplusplus
}
#endif

#endif /* SLGW_ADAPTER_H */
