/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_access.h - the broker's array engines for host access and
 * snapshots, behind one header so that the job layer (broker_hosts.c,
 * broker_assignments.c, broker_snapshots.c) sees what they do and not how.
 *
 * Two layers:
 *   - the deciders (broker_access_validate.c, broker_access_plan.c): pure -
 *     plain C values in, plain C values out, no store, no adapter, no locks -
 *     so that the rules that decide what gets sent to an array can be tested
 *     exhaustively without an array;
 *   - the engines (broker_access_host.c, broker_access_map.c,
 *     broker_snap_engine.c), which talk to the store and one system's
 *     adapter: they gather facts, call a decider, and act on the answer.
 *
 * Conventions: the broker's own (broker_status.h): out-parameters first; 0
 * on success or -(int)code (enum slgw_code) with a struct broker_status
 * naming the offending field or object.  Nothing allocates except the path
 * plan (broker_access_path_plan_free) and the JSON results.
 */
#ifndef SLGW_BROKER_ACCESS_H
#define SLGW_BROKER_ACCESS_H

#include <pthread.h>
#include <stddef.h>

#include "broker_status.h"

/* Longest normalized initiator id we keep: RFC 3720 caps iSCSI names at 223
 * bytes; FC WWPNs normalize to 23 ("XX:" * 8 - 1). */
#define BROKER_ACCESS_INITIATOR_MAX 224
/* VNX storage group names (and -host names) are limited to 64 characters:
 * host names, and the names of groups an admin adopts, obey that limit. */
#define BROKER_ACCESS_HOSTNAME_MAX 64

/* Highest HLU a VNX storage group accepts. */
#define BROKER_ACCESS_HLU_MAX 255

/* VNX failover modes we ever apply (vnx.md "Failover settings"). */
#define BROKER_ACCESS_FAILOVER_PNR  1
#define BROKER_ACCESS_FAILOVER_ALUA 4

enum broker_access_initiator_kind {
	BROKER_ACCESS_INIT_UNKNOWN = 0,
	BROKER_ACCESS_INIT_ISCSI = 1, /* iqn.* / eui.* / naa.* */
	BROKER_ACCESS_INIT_FC = 2     /* WWPN */
};

/**
 * broker_access_initiator_normalize - validate an initiator id and write its
 * canonical form.
 *
 * iSCSI names (RFC 3720 / RFC 3980): `iqn.YYYY-MM.reversed.domain[:anything]`
 * (lower-cased: iSCSI names compare case-insensitively), `eui.` + 16 hex
 * digits, `naa.` + 16 or 32 hex digits (hex upper-cased).  FC WWPNs: 16 hex
 * digits, bare or as 8 colon-separated pairs, normalized to upper-case
 * `XX:XX:XX:XX:XX:XX:XX:XX` (the form `port -list -hba` prints).
 * `expect` restricts the accepted kind (BROKER_ACCESS_INIT_UNKNOWN = either).
 * Returns 0 and fills out/kind_out, or -SLGW_INVALID_ARGUMENT with the reason in st.
 */
int broker_access_initiator_normalize(char *out, size_t outlen,
			       enum broker_access_initiator_kind *kind_out,
			       const char *in,
			       enum broker_access_initiator_kind expect,
			       struct broker_status *st);

/**
 * broker_access_hostname_valid - 0 if `name` can be a host name and therefore a VNX
 * storage group name: 1..64 characters of [A-Za-z0-9._-], starting with a
 * letter or digit, and not one of the array's reserved group names
 * (`~management`, `~physical`, ...).  -SLGW_INVALID_ARGUMENT with the reason in st otherwise.
 */
int broker_access_hostname_valid(const char *name, struct broker_status *st);

/**
 * broker_access_host_ip_valid - 0 if `ip` is NULL/empty (optional) or a dotted IPv4
 * or an IPv6 address; -SLGW_INVALID_ARGUMENT otherwise.
 */
int broker_access_host_ip_valid(const char *ip, struct broker_status *st);

/**
 * broker_access_model_supports_alua - 1 if the array model / FLARE revision can run
 * failover mode 4.  CX, CX2 (CX200..CX700 and the CX300/500/700 family) and
 * any FLARE before release 26 cannot; CX3, CX4 and VNX can.  An unreadable
 * revision is not held against the model (the adapter's caps decide then).
 */
int broker_access_model_supports_alua(const char *model, const char *revision);

/**
 * broker_access_failover_decide - pick the failover mode to apply for a host on
 * one array.
 *
 * Precedence: the host's explicit wish (`host_wanted`: 0 = auto, 1, 4), then
 * the storage system's policy (`system_policy`: NULL/"auto", "alua", "pnr"),
 * then the default 4 (ALUA).  Mode 4 is only ever chosen when `alua_capable`;
 * asking explicitly for 4 on an array that cannot do ALUA is refused with
 * -SLGW_FAILED_PRECONDITION (applying 1 silently would hand the host a mode its
 * multipath handler was not configured for).  A policy of "alua" on such an
 * array degrades to 1 with the reason noted in st->message with st->code OK (the policy expresses
 * a preference for a whole system, not a promise to a host).
 * Returns 0 and sets *mode_out, or -SLGW_INVALID_ARGUMENT / -SLGW_FAILED_PRECONDITION with st.
 */
int broker_access_failover_decide(int *mode_out, int alua_capable,
			   const char *system_policy, int host_wanted,
			   struct broker_status *st);

/* One SP front-end port of the array as the planner needs it. */
struct broker_access_port {
	char sp;            /* 'A' or 'B' */
	int port_id;
	int vport_id;       /* -1 when the port has no virtual ports */
	int is_iscsi;       /* else FC */
	const char *wwn;    /* iSCSI target IQN or FC port WWN */
	const char *ip;     /* iSCSI portal address, may be NULL */
};

/* One initiator the array reports as logged in (port -list -hba). */
struct broker_access_login {
	const char *hba_uid; /* FC: WWNN:WWPN (16 pairs); iSCSI: the IQN */
	char sp;
	int port_id;
	int logged_in;
};

/* One initiator of the host (already normalized). */
struct broker_access_initiator {
	enum broker_access_initiator_kind kind;
	const char *id;
};

/* One path to register: initiator hbauid against one SP port. */
struct broker_access_path {
	char hba_uid[BROKER_ACCESS_INITIATOR_MAX];
	char sp;           /* 'A' or 'B' */
	int port_id;
	int vport_id;      /* -1: none (no -spvport argument) */
};

struct broker_access_path_plan {
	struct broker_access_path *paths;
	size_t count;
};

/**
 * broker_access_allowed_ports_match - 1 if port (sp, port_id) is in the system's
 * allowed iSCSI port list, 0 if not.  The list is comma/space separated
 * entries like `A-4`, `a4`, `A:4`, `SPA-4`, `B-5-0` (vport ignored); a NULL or
 * empty list allows every port.  Malformed entries match nothing.
 */
int broker_access_allowed_ports_match(const char *allowed, char sp, int port_id);

/**
 * broker_access_plan_paths - compute the paths to register for a host on one array.
 *
 * iSCSI initiators: every iSCSI port on both SPs (restricted to `allowed`
 * when that list is non-empty).  FC initiators: every FC port where the
 * array sees that WWPN logged in (`logins`, matched on the WWPN half of the
 * HBA UID, case-insensitively), registered under the array's own HBA UID.
 * The plan is ordered SP A before SP B, then by port, so that the argv a
 * test or an operator sees is stable.  An initiator that yields no path is
 * not an error here (the caller decides: an FC HBA not yet zoned is
 * common); the result may be empty.  Returns 0 or -SLGW_INTERNAL (out of memory).
 */
int broker_access_plan_paths(struct broker_access_path_plan *out,
		      const struct broker_access_initiator *inits, size_t ninits,
		      const struct broker_access_port *ports, size_t nports,
		      const struct broker_access_login *logins, size_t nlogins,
		      const char *allowed);

/** broker_access_path_plan_free - release the paths of a plan (not the struct). */
void broker_access_path_plan_free(struct broker_access_path_plan *plan);

/**
 * broker_access_hlu_pick - choose an HLU from a storage group's used set.
 *
 * `used` has BROKER_ACCESS_HLU_MAX+1 flags (nonzero = taken on the array or in the
 * store).  `preferred` (>= 0) wins when it is free and >= min_hlu (a shared SR
 * keeps the same HLU on every host); otherwise the lowest free HLU >=
 * `min_hlu` (1 normally, 0 only when the system allows HLU 0).
 * Returns the HLU, or -SLGW_RESOURCE_EXHAUSTED.
 */
int broker_access_hlu_pick(const unsigned char *used, int min_hlu, int preferred);

/* Array object names (snapshots `slgw-<instance>-snap-<id>`, a full
 * clone's temporaries `slgw-<instance>-tmp-<id>` / `-dst-<id>`) come from
 * broker_names.h, shared with the broker's volumes and orphan scan. */


/* ===================================================================
 * The array engines (broker_access_host.c, broker_access_map.c,
 * broker_snap_engine.c)
 * ===================================================================
 *
 * Each function below does one host-access or snapshot operation against ONE storage
 * system, given the store and that system's adapter.  They are what the
 * job kinds in broker_hosts.c, broker_assignments.c and broker_snapshots.c run, and they take no broker internals so
 * that they can be tested with a real store and a counting fake adapter.
 *
 * Errors: 0 on success, else -(int)code with *st filled (code from
 * enum slgw_code in broker.h; message names the object).  Results are JSON
 * objects (jansson) owned by the caller.
 *
 * State kept in the store so that the common path costs one array command:
 * store_host_system (storage group, failover mode applied, path count) says
 * a host is registered on an array; store_assignment holds the HLUs in use.
 */
#include <jansson.h>

#include "adapter.h"
#include "broker.h"
#include "broker_names.h"
#include "store.h"

struct broker_access_keylock;

/* A table of held keys.  It belongs to the object that owns the engines'
 * callers (struct broker), so two brokers in one process never wait for
 * each other; a slow array blocks only callers of the same key. */
struct broker_access_locks {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct broker_access_keylock *head;  /* keys held now (under mu) */
};

/* 0, or -1 when the mutex or condition variable cannot be made. */
int broker_access_locks_init(struct broker_access_locks *l);
void broker_access_locks_destroy(struct broker_access_locks *l);

struct broker_access_env {
	store *s;                    /* borrowed */
	struct slgw_adapter *a;      /* borrowed: the adapter of the system */
	/* Job hooks (may be NULL): persist the step reached before an array
	 * command, and progress 0..100. */
	void *job;
	int (*step)(void *job, const char *step);
	int (*progress)(void *job, int percent);
	int poll_ms;                 /* migration polling interval; <= 0: 1000 */
	/* The key locks of the owner (the broker's; a test's own): who
	 * registers a host on a system, who maps a volume to a host. */
	struct broker_access_locks *locks;
	/* Paths a registration sends at once (the array's in-flight limit,
	 * which the adapter enforces anyway); <= 0: 4, the adapters' default;
	 * 1: one after the other. */
	int parallel;
};

/**
 * broker_access_host_register - make sure `host` is registered on system `sys`:
 * its storage group exists, every planned path is registered with
 * `-setpath ... -host <host name> -type 3 -failovermode M -arraycommpath 1`,
 * and the store records group, mode and path count.  The group is the
 * gateway's own, `slgw-<instance>-h<host id>` (broker_access_group_name),
 * created by this call; an existing array group is used only when an admin
 * adopted it for this host and system (broker_access_host_adopt_group) or
 * when it carries the gateway's own name for the host (a registration
 * interrupted after creating it).  Any other existing group of that name is
 * FAILED_PRECONDITION: the tenant's host name never selects a group.  A host
 * on record keeps the group it was recorded with (stores from before this
 * rule keep their host-named groups).  A host already on record costs no
 * array command.  On failure nothing is recorded and a group this call
 * created is destroyed again, so store and array agree; the error is
 * UNAVAILABLE (array unreachable), FAILED_PRECONDITION (no usable path, a
 * foreign group, ALUA asked of an array without it) or what the array said.
 * *out (may be NULL) receives the store record.
 */
int broker_access_host_register(store_host_system **out, const struct broker_access_env *env,
			 const store_host *host, const store_system *sys,
			 struct broker_status *st);

/* The store_host_system.paths value of a claim an admin's adoption wrote:
 * such a claim (failover not applied) alone lets registration use a group
 * that already exists on the array under a name that is not the gateway's. */
#define BROKER_ACCESS_CLAIM_ADOPT 1

/**
 * broker_access_group_name - the storage group name the gateway gives host
 * `host_id`: "slgw-<instance>-h<host id>" with the store's instance id (as
 * LUN names, broker_names.h), so a group's name never comes from a tenant.
 * 0, or -1 (out is "") when it does not fit or the id is not positive.
 */
int broker_access_group_name(char *out, size_t len, store *s, int64_t host_id);

/* 1 when `group` is the gateway's own name for host host_id (the only kind
 * of group it ever destroys), 0 otherwise. */
int broker_access_group_is_own(store *s, int64_t host_id, const char *group);

/**
 * broker_access_host_adopt_group - an admin's decision that `host` uses the
 * existing array group `group` on `sys` instead of a group of its own (a
 * group an operator set up by hand, with LUNs the gateway does not manage).
 * Records a claim the next registration completes; the group must exist on
 * the array now (NOT_FOUND otherwise) and serve no other host of this
 * gateway.  FAILED_PRECONDITION when the host is already registered there in
 * another group.  The caller checks that an admin asks.
 */
int broker_access_host_adopt_group(const struct broker_access_env *env, const store_host *host,
				   const store_system *sys, const char *group,
				   struct broker_status *st);

/**
 * broker_access_assign - map volume `volume_id` to host `host_id` (registering the
 * host on the volume's array first if needed) and describe the result:
 *   {"assignment_id","volume_id","host_id","system_id","wwn","lun_id","hlu",
 *    "failover_mode","targets":[{"sp","port_id","vport_id","protocol",
 *    "iqn","portal"} | {"sp","port_id","protocol":"fc","wwpn"}]}
 * HLU: the one the volume has on another host of the same tenant when free
 * (shared SR), else the lowest free from 1 (0 when the system allows it).
 * Costs exactly one `-addhlu` when the host is registered; an HLU taken
 * behind the gateway's back is handled by re-reading the group and retrying.
 * Idempotent: an existing mapping returns the same answer with no array
 * command; concurrent callers for the same pair wait for the first.
 */
int broker_access_assign(json_t **result, const struct broker_access_env *env,
		  int64_t volume_id, int64_t host_id, struct broker_status *st);

/* The fault of an HLU that cannot be had: the requested one is held by
 * another LUN, or the volume is mapped to the host under another HLU
 * (the contract's CONFLICT, which names the holder). */
#define BROKER_ACCESS_HLU_CONFLICT SLGW_CONFLICT

/**
 * broker_access_assign_hlu - broker_access_assign with a requested HLU
 * (`hlu` >= 0; < 0: chosen as broker_access_assign does).  The HLU is
 * used when it is free in the host's storage group on the volume's array
 * (in the store and on the array); when another LUN holds it the answer is
 * BROKER_ACCESS_HLU_CONFLICT naming that volume (or the array LUN the
 * gateway does not manage), and nothing is mapped.  The volume already
 * assigned to the host under the same HLU: the same answer, no command;
 * under another HLU: BROKER_ACCESS_HLU_CONFLICT naming it.  HLU 0 on a
 * system that does not allow it is FAILED_PRECONDITION; > 255 is
 * INVALID_ARGUMENT.  Costs what broker_access_assign costs.
 */
int broker_access_assign_hlu(json_t **result, const struct broker_access_env *env,
			     int64_t volume_id, int64_t host_id, int hlu, struct broker_status *st);

/**
 * broker_access_host_prepare - do on system `system_id` what a host's first
 * assignment there does, mapping nothing: its storage group (the gateway's
 * own, or the one an admin adopted for it), every initiator path
 * registered, the store's record (broker_access_host_register, whose
 * ownership rules hold).  A later first assignment then costs the LUN
 * confirm and -addhlu only.  Idempotent: a host on record costs no array
 * command.  Result: {"host_id","system_id","storage_group",
 * "failover_mode","paths"}.
 */
int broker_access_host_prepare(json_t **result, const struct broker_access_env *env,
			       int64_t host_id, int64_t system_id, struct broker_status *st);

/**
 * broker_access_unassign - remove the mapping of volume from host (idempotent: not
 * assigned -> success, no array command).  When the system's
 * destroy_empty_sg is set and the host has nothing else on that array, the
 * storage group is destroyed and the host's registration record dropped.
 * Result: {"volume_id","host_id","unassigned":true|false,"group_destroyed":b}
 */
int broker_access_unassign(json_t **result, const struct broker_access_env *env,
		    int64_t volume_id, int64_t host_id, struct broker_status *st);

/**
 * broker_access_failover_check - would changing `host` to failover wish `wanted`
 * (STORE_FAILOVER_*) need a change on system `sys`, and is it allowed?
 * *mode_out gets the array mode (1/4) to apply, or 0 when nothing changes
 * there (not registered, or already in force).  FAILED_PRECONDITION ("the
 * host must be offline") when LUNs are assigned there and !host_offline.
 * Store reads only: the caller checks every system before changing any.
 */
int broker_access_failover_check(int *mode_out, const struct broker_access_env *env,
			  const store_host *host, const store_system *sys,
			  store_failover wanted, int host_offline,
			  struct broker_status *st);

/** broker_access_failover_apply - `-sethost` the mode and record it in the store. */
int broker_access_failover_apply(const struct broker_access_env *env, const store_host *host,
			  const store_system *sys, int mode, struct broker_status *st);

/**
 * broker_access_initiator_register - register the paths of one new initiator of an
 * already registered host on `sys` (with the mode in force there) and bump
 * the recorded path count.  No-op when the host is not registered there.
 */
int broker_access_initiator_register(const struct broker_access_env *env, const store_host *host,
			      const store_system *sys, const store_initiator *ini,
			      struct broker_status *st);

/**
 * broker_access_initiator_deregister - remove an initiator's registration from
 * `sys` (`port -removeHBA`; unknown to the array is fine).
 */
int broker_access_initiator_deregister(const struct broker_access_env *env, const store_host *host,
				const store_system *sys, const store_initiator *ini,
				struct broker_status *st);

/**
 * broker_access_lun_confirm - prove that array LUN number `alu` is still the
 * gateway's: `lun -list -l <alu>` must show exactly `name` and, when `wwn`
 * is known, that WWN.  Array LUN numbers are reused (a destroyed LUN's
 * number goes to the next create), so every command that takes a number
 * only (-addhlu, migrate -start, snap -restore's LUN) is preceded by this.
 * 0 when confirmed; FAILED_PRECONDITION when the number is gone or carries
 * another LUN (nothing is touched then); the array's error otherwise.
 */
int broker_access_lun_confirm(const struct broker_access_env *env, int alu, const char *name,
			      const char *wwn, struct broker_status *st);
/* broker_access_lun_confirm for a volume's LUN: its recorded name (or, for
 * a row that never recorded one, the name it was given) and WWN. */
int broker_access_volume_confirm(const struct broker_access_env *env, const store_volume *vol,
				 struct broker_status *st);

/**
 * broker_access_host_unregister - undo broker_access_host_register on `sys` for a host
 * with no assignments there: destroy its storage group when empty, remove
 * its initiators' registrations, drop the store record.  Gone is fine.
 */
int broker_access_host_unregister(const struct broker_access_env *env, const store_host *host,
			   const store_system *sys, struct broker_status *st);

/**
 * broker_snap_create - take a VNX snapshot of a volume's LUN, named
 * `slgw-<instance>-snap-<snapshot id>`.  Result {"snapshot_id","volume_id","name",
 * "array_name"}.  Idempotent by name: a live snapshot of that name on the
 * volume is returned as is.
 */
int broker_snap_create(json_t **result, const struct broker_access_env *env,
			   int64_t volume_id, const char *name, struct broker_status *st);

/**
 * broker_snap_delete - destroy a snapshot (gone on the array is fine).
 * FAILED_PRECONDITION while a linked clone still uses it.
 */
int broker_snap_delete(json_t **result, const struct broker_access_env *env,
			   int64_t snapshot_id, struct broker_status *st);

/**
 * broker_snap_restore - roll the volume back to the snapshot.
 * FAILED_PRECONDITION while the volume is assigned, unless force.
 */
int broker_snap_restore(json_t **result, const struct broker_access_env *env,
			    int64_t snapshot_id, int force, struct broker_status *st);

struct broker_snap_clone_req {
	int64_t source_volume_id;    /* exactly one of the two is > 0 */
	int64_t source_snapshot_id;
	const char *name;            /* display name of the clone */
	int full;                    /* 0 linked, 1 full */
	int64_t pool_id;             /* full clone target pool; 0 = the source's */
	int64_t tenant_id;           /* owner of the clone (0 = none) */
};

/**
 * broker_snap_clone - make a clone volume.  Linked: an SMP over the source LUN
 * attached to the snapshot (a snapshot `slgw-<instance>-snap-<id>` is taken
 * first when cloning from a volume, recorded as a snapshot so it cannot be
 * deleted under the clone): instant.  Full: temporary snapshot + SMP + a
 * new LUN, migrated into it (progress from the migration's percent), then
 * the temporary snapshot is removed; a failing migration is cancelled and
 * every temporary removed.  Result: {"volume_id","lun_id","lun_name","wwn",
 * "clone_kind"}.
 */
int broker_snap_clone(json_t **result, const struct broker_access_env *env,
		 const struct broker_snap_clone_req *req, struct broker_status *st);

/**
 * broker_access_drift_check - compare what the gateway applied for every host
 * registered on `sys` (store_host_system) with the array's own view (one
 * `port -list -hba`): an initiator with no registration, or one whose
 * failover mode, initiator type, arraycommpath or storage group differ.
 * *drift receives a JSON array of {"host","initiator","field","applied",
 * "array"} (empty when all agree).  For refreshStorageSystem.
 */
int broker_access_drift_check(json_t **drift, const struct broker_access_env *env, const store_system *sys,
		       struct broker_status *st);

/**
 * broker_access_host_arrays - what a host record shows per array: the
 * store_host_system records (storage group, failover mode in force, number
 * of registered paths) of a host visible to the caller (NOT_FOUND
 * otherwise).  No array command.  *out: store_host_system_array_free.
 * For the server's Host.array[] (slgw__HostArrayState).
 */
int broker_access_host_arrays(store_host_system **out, size_t *n_out, broker *b,
		       const struct broker_caller *c, const char *host_id,
		       struct broker_status *st);

/**
 * broker_access_system_drift - admin only: broker_access_drift_check on one storage
 * system through its adapter (one `port -list -hba`).  For
 * refreshStorageSystem and HostArrayState.drift.
 */
int broker_access_system_drift(json_t **drift, broker *b, const struct broker_caller *c,
			const char *system_id, struct broker_status *st);

/**
 * broker_snap_clone_recover - after a crash in the middle of broker_snap_clone with
 * these parameters: find the clone volume left CREATING, remove from the
 * array whatever of it exists (migration cancelled, the target
 * `slgw-<instance>-dst-<id>`, the SMP `slgw-<instance>-<id>`, the temporary
 * snapshot `slgw-<instance>-tmp-<id>`; each "gone" is fine) and mark it DELETED.  Returns 0 when clean (nothing found counts),
 * or the error of a removal that failed.  *cleaned: objects removed.
 */
int broker_snap_clone_recover(int *cleaned, const struct broker_access_env *env,
			 const struct broker_snap_clone_req *req, struct broker_status *st);

/**
 * broker_snap_volume_delete_check - FAILED_PRECONDITION when linked clones of
 * the volume (or of its snapshots) still exist; for the broker's delete.
 */
int broker_snap_volume_delete_check(store *s, int64_t volume_id, struct broker_status *st);

/* broker_fail_adapter / broker_fail_store - fill st from an adapter error
 * ("<what>: array said <code> <message>") or a negative store code (with
 * store_errmsg()), mapped to the nearest slgw_code; return -(int)code. */
int broker_fail_adapter(struct broker_status *st, const struct slgw_adapter_error *err,
			const char *what);
int broker_fail_store(struct broker_status *st, int rc, const char *what);

/* broker_fail - fill st (may be NULL) and return -(int)code. */
int broker_fail(struct broker_status *st, enum slgw_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ----------------------------------------------------------------------
 * Shared between the engine's own files (broker_access_host.c,
 * broker_access_map.c, broker_snap_engine.c); not for the job layer.
 */

/* One held key ("reg/<host>/<system>", "asg/<volume>/<host>"): lives on
 * the holder's stack while the key is held. */
struct broker_access_keylock {
	struct broker_access_keylock *next;
	char key[96];
};

/* Waits until no one holds key, then holds it in slot. */
void broker_access_key_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    const char *key);
void broker_access_key_unlock(struct broker_access_locks *l, struct broker_access_keylock *slot);
/* broker_access_key_lock on the key of a host's registration on a system
 * ("reg/...") and on the key of a volume's mapping to a host ("asg/..."). */
void broker_access_reg_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    store *s, int64_t host, int64_t sys);
void broker_access_asg_lock(struct broker_access_locks *l, struct broker_access_keylock *slot,
			    store *s, int64_t vol, int64_t host);
/* Persists the step reached through the env's job hook (if any). */
void broker_access_step(const struct broker_access_env *env, const char *name);
/* Persists progress 0..100 through the env's job hook (if any). */
void broker_access_progress(const struct broker_access_env *env, int percent);
/* The array failover mode (1/4) of a store wish; 0 for auto. */
int broker_access_mode_of(store_failover f);
/* broker_access_host_register with the registration key already held. */
int broker_access_host_register_locked(store_host_system **out,
				       const struct broker_access_env *env,
				       const store_host *host, const store_system *sys,
				       struct broker_status *st);
/* The paths to register for initiators `inits` of a host on sys
 * (broker_access_paths.c); reads `port -list -hba` only for FC. */
int broker_access_plan_for(struct broker_access_path_plan *plan,
			   const struct broker_access_env *env, const store_system *sys,
			   const store_initiator *inits, size_t ninits, struct broker_status *st);
/* -setpath every path of the plan into group (env->parallel at once);
 * returns after every command sent has ended, with the first failure. */
int broker_access_register_paths(const struct broker_access_env *env, const store_host *host,
				 const char *group, const struct broker_access_path_plan *plan,
				 int mode, struct broker_status *st);
/* Number of the host's assignments on the system (store only), or < 0. */
int broker_access_host_assignment_count(store *s, int64_t host, int64_t sys);

#endif /* SLGW_BROKER_ACCESS_H */
