/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse.h - parsers of naviseccli output (library slgw_vnxparse).
 *
 * Design:
 *  - Every parser takes the raw bytes a naviseccli command printed on stdout
 *    (`buf`, `len`; need not be NUL-terminated, may hold any byte) and turns
 *    them into an array of plain records that the caller owns and releases
 *    with the matching `_array_free` (or `_free` for single records).
 *  - The input is untrusted: no parser reads outside [buf, buf+len), every
 *    allocation is bounded by the input size, and inputs larger than
 *    VNX_PARSE_MAX_INPUT are refused.  Lines may end in LF or CRLF and
 *    carry trailing blanks; a line that exactly repeats the line before it
 *    is dropped (the captures' README reports output with every line
 *    doubled; the tests double every capture), a record header repeating the
 *    previous record's key folds into it, and the first occurrence of a
 *    label in a record wins, so a record is never emitted twice and its
 *    fields are never overwritten by a copy.
 *  - Records are split on their leading label ("LOGICAL UNIT NUMBER N",
 *    "Storage Group Name:", "Pool Name:", "Name:", "SP Name:", ...), never on
 *    blank lines: pool tier sections and storage-group tables contain blank
 *    lines.  Values may hold colons, be empty, or read "N/A".
 *  - Field conventions: numeric ids and counts are int64_t (or int) with -1
 *    meaning "absent / N/A"; block counts are int64_t (-1 absent); sizes in
 *    GB are double (-1.0 absent); states and free text are strings (NULL
 *    when absent, empty, "N/A" or "Not Applicable"; control bytes become
 *    '?'); yes/no flags are bool (false when absent); an SP is a char 'A'
 *    or 'B' ('\0' when absent).
 *  - Unknown labels are ignored, so a newer FLARE that adds fields still
 *    parses.  A known label whose value does not parse (e.g. a LUN number
 *    that is not a number) leaves the field absent; it does not fail the
 *    whole listing.  A listing that yields no record at all from non-blank
 *    input fails with VNX_PARSE_EFORMAT: that is how error text shows up
 *    (check it with vnx_classify_error()).  Blank input is a valid empty list.
 *  - Error output: naviseccli prints errors on stdout and its exit status is
 *    not reliable.  vnx_classify_error() decides whether output is an error
 *    and of which class; vnx_classify_modify_output() applies the stricter
 *    rule for modifying commands (any output at all is an error).
 *
 * Nothing here knows SOAP, SQL or JSON.  All functions are thread-safe
 * (no global state).
 */
#ifndef SLGW_VNX_PARSE_H
#define SLGW_VNX_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Return codes (0 = success) ---- */
#define VNX_PARSE_OK 0
#define VNX_PARSE_EINVAL (-1)  /* NULL out-pointer or NULL buf with len > 0 */
#define VNX_PARSE_ENOMEM (-2)  /* allocation failed; nothing is returned */
#define VNX_PARSE_EFORMAT (-3) /* non-blank input that holds no record of this kind */
#define VNX_PARSE_E2BIG (-4)   /* input larger than VNX_PARSE_MAX_INPUT */

/* Largest input accepted by any parser (bytes).  The biggest real listing
 * (lun -list -all, ~180 LUNs) is 440 KB; this allows for arrays 100x that. */
#define VNX_PARSE_MAX_INPUT ((size_t)64 * 1024 * 1024)

/* Human-readable text for a return code, for messages. */
const char *vnx_parse_strerror(int rc);

/* ====================================================================== */
/* lun -list -all [-l ID | -name N]  (also -showOnly Snap)                 */
/* ====================================================================== */
typedef struct vnx_lun {
	int64_t id;                       /* LOGICAL UNIT NUMBER */
	char *name;                       /* Name */
	char *uid;                        /* UID (WWN, colon-separated hex) */
	char *pool;                       /* Pool Name; NULL for RAID-group LUNs */
	char current_owner;               /* Current Owner "SP A" -> 'A' */
	char default_owner;               /* Default Owner */
	int64_t user_capacity_blocks;     /* User Capacity (Blocks) */
	double user_capacity_gb;          /* User Capacity (GBs) */
	int64_t consumed_capacity_blocks; /* Consumed Capacity (Blocks) */
	char *current_state;              /* Current State: "Ready", "Initializing", ... */
	char *status;                     /* Status: "OK(0x0)" */
	char *current_operation;          /* Current Operation: "None", "Expansion", ... */
	int current_operation_percent;    /* Current Operation Percent Completed */
	char *tiering_policy;             /* Tiering Policy */
	char *dedup_state;                /* Deduplication State ("On"/"Off"), NULL if N/A */
	bool is_pool_lun;                 /* Is Pool LUN */
	bool is_thin;                     /* Is Thin LUN */
	bool is_private;                  /* Is Private */
	bool is_compressed;               /* Is Compressed */
	bool is_faulted;                  /* Is Faulted */
	bool is_transitioning;            /* Is Transitioning */
	/* Snapshot mount point fields (a SMP is a LUN that exposes a snapshot). */
	char *primary_lun;       /* Primary LUN: NAME of the source LUN; NULL when N/A */
	char *attached_snapshot; /* Attached Snapshot: snapshot name; NULL when N/A */
	int64_t *smp_ids;        /* Snapshot Mount Points "4057,4056"; NULL when none */
	size_t smp_count;
} vnx_lun;

/* Parses `lun -list` output into *out (count in *count).  On success the
 * caller owns the array (free with vnx_lun_array_free); on failure *out is
 * NULL and *count 0.  Returns 0, VNX_PARSE_EINVAL, _ENOMEM, _EFORMAT, _E2BIG. */
int vnx_parse_lun_list(const char *buf, size_t len, vnx_lun **out, size_t *count);
void vnx_lun_free(vnx_lun *lun); /* frees the members, not the struct itself */
void vnx_lun_array_free(vnx_lun *luns, size_t count);

/* ====================================================================== */
/* storagegroup [-messner] -list -host -iscsiAttributes [-gname G]         */
/* ====================================================================== */
typedef struct vnx_sg_hba {
	char *uid;          /* HBA UID: IQN, or WWNN:WWPN for FC */
	char sp;            /* SP Name "SP A" -> 'A' */
	int sp_port;        /* SPPort column (-1 absent) */
	int sp_vport;       /* from "SPPort: A-4v0" -> 0 (-1 absent) */
	char *host_name;    /* Host name (NULL absent) */
	char *initiator_ip; /* Initiator IP (NULL when N/A) */
	int tpgt;           /* TPGT (-1 absent) */
	char *isid;         /* ISID (NULL when N/A) */
} vnx_sg_hba;

typedef struct vnx_sg_hlu {
	int hlu; /* host LUN number, what the host sees */
	int alu; /* array LUN number (vnx_lun.id) */
} vnx_sg_hlu;

typedef struct vnx_storage_group {
	char *name; /* Storage Group Name */
	char *uid;  /* Storage Group UID */
	vnx_sg_hba *hbas; /* HBA/SP Pairs, one per (initiator, SP port) path */
	size_t hba_count;
	vnx_sg_hlu *hlus; /* HLU/ALU Pairs */
	size_t hlu_count;
	bool shareable;  /* Shareable: YES */
	bool special;    /* Special: YES (~physical, ~management, ...) */
	bool is_default; /* Default: YES */
} vnx_storage_group;

/* Parses both layouts (with and without -messner: they differ only in the
 * order and presence of sections).  Same contract as vnx_parse_lun_list. */
int vnx_parse_storagegroup_list(const char *buf, size_t len, vnx_storage_group **out,
                                size_t *count);
void vnx_storage_group_free(vnx_storage_group *sg);
void vnx_storage_group_array_free(vnx_storage_group *sgs, size_t count);

/* ====================================================================== */
/* snap -list [-id S | -res ID] -detail                                     */
/* ====================================================================== */
typedef struct vnx_snap {
	char *name;          /* Name */
	char *description;   /* Description (NULL if empty) */
	char *creation_time; /* Creation time, as printed ("05/19/15 18:42:44") */
	int64_t *source_luns; /* Source LUN(s), comma separated */
	size_t source_lun_count;
	char *source_cg;      /* Source CG (consistency group), NULL when N/A */
	int64_t *primary_luns; /* Primary LUN(s) */
	size_t primary_lun_count;
	char *state;  /* State: "Ready", ... */
	char *status; /* Status */
	bool allow_rw;          /* Allow Read/Write */
	bool modified;          /* Modified */
	int64_t *attached_luns; /* Attached LUN(s): SMP LUN ids; none when empty */
	size_t attached_lun_count;
	bool allow_auto_delete; /* Allow auto delete */
	char *expiration;       /* Expiration date ("Never") */
} vnx_snap;

int vnx_parse_snap_list(const char *buf, size_t len, vnx_snap **out, size_t *count);
void vnx_snap_free(vnx_snap *snap);
void vnx_snap_array_free(vnx_snap *snaps, size_t count);

/* ====================================================================== */
/* storagepool -list -all [-id N | -name P]                                 */
/* ====================================================================== */
typedef struct vnx_pool_tier {
	char *name;       /* Tier Name: "Extreme Performance", "Performance", "Capacity" */
	char *raid_type;  /* Raid Type: "r_5" */
	int drive_count;  /* Raid Drive Count */
	double user_gb;   /* User Capacity (GBs) */
	double consumed_gb;
	double available_gb;
} vnx_pool_tier;

typedef struct vnx_pool {
	int64_t id;  /* Pool ID */
	char *name;  /* Pool Name */
	char *state; /* State: "Ready", ... */
	char *status;
	char *raid_type;
	char *disk_type;
	int percent_full_threshold;
	int64_t raw_capacity_blocks;
	int64_t user_capacity_blocks;
	double user_capacity_gb;
	int64_t consumed_capacity_blocks;
	double consumed_capacity_gb;
	int64_t available_capacity_blocks;
	double available_capacity_gb;
	double percent_full;
	int64_t total_subscribed_capacity_blocks;
	double percent_subscribed;
	int64_t oversubscribed_by_blocks;
	char *fast_cache;  /* FAST Cache: "Enabled"/"Disabled"; NULL when N/A */
	int64_t *luns;     /* LUNs: ids of the pool's LUNs */
	size_t lun_count;
	vnx_pool_tier *tiers;
	size_t tier_count;
} vnx_pool;

/* Pool-level fields are taken from the pool header only: the tier sections
 * repeat labels such as "User Capacity (GBs)" with per-tier values, which go
 * to the tiers, never to the pool. */
int vnx_parse_pool_list(const char *buf, size_t len, vnx_pool **out, size_t *count);
void vnx_pool_free(vnx_pool *pool);
void vnx_pool_array_free(vnx_pool *pools, size_t count);

/* ====================================================================== */
/* port -list -sp -all  (array front-end ports)                            */
/* ====================================================================== */
typedef enum vnx_port_type {
	VNX_PORT_UNKNOWN = 0,
	VNX_PORT_FC,    /* SP UID is WWNN:WWPN (16 colon-separated bytes) */
	VNX_PORT_ISCSI, /* SP UID is an IQN */
} vnx_port_type;

typedef struct vnx_sp_port {
	char sp;              /* SP Name "SP A" -> 'A' */
	int port_id;          /* SP Port ID */
	char *uid;            /* SP UID: WWN or IQN */
	vnx_port_type type;   /* derived from uid */
	char *link_status;    /* Link Status: "Up"/"Down" */
	char *port_status;    /* Port Status: "Online"/"DISABLED" */
	bool switch_present;  /* Switch Present */
	char *speed;          /* Speed Value: "8Gbps"; NULL when N/A */
	char *mac_address;    /* MAC Address; NULL when N/A / Not Applicable */
	char *sfp_state;      /* SFP State */
	int io_module_slot;   /* I/O Module Slot (-1 absent) */
	int physical_port_id; /* Physical Port ID (-1 absent) */
	char *usage;          /* Usage: "General", "Mirrorview", ... */
	/* From the initiator summary that precedes the per-port section. */
	int registered_initiators; /* -1 absent */
	int logged_in_initiators;  /* -1 absent */
	int not_logged_in_initiators;
} vnx_sp_port;

/* One record per SP port.  The output starts with a per-port initiator
 * summary, then "Information about each SPPORT:" with the details; the two
 * are merged by (sp, port_id).  Output with only one of the sections still
 * parses (fields of the missing section stay absent). */
int vnx_parse_sp_port_list(const char *buf, size_t len, vnx_sp_port **out, size_t *count);
void vnx_sp_port_free(vnx_sp_port *port);
void vnx_sp_port_array_free(vnx_sp_port *ports, size_t count);

/* ====================================================================== */
/* port -list -hba  (registered initiators)                                */
/* ====================================================================== */
typedef struct vnx_hba_port {
	char sp;             /* SP Name */
	int sp_port;         /* SP Port ID */
	bool logged_in;      /* Logged In: YES */
	bool defined;        /* Defined: YES (registered) */
	int initiator_type;  /* Initiator Type (3 = CLARiiON Open), -1 absent */
	int failover_mode;   /* Failover mode (0..4), -1 absent */
	int arraycommpath;   /* ArrayCommPath (0/1), -1 absent */
	char *storage_group; /* StorageGroup Name; NULL absent */
} vnx_hba_port;

typedef struct vnx_hba {
	char *uid;         /* HBA UID */
	char *server_name; /* Server Name */
	char *server_ip;   /* Server IP Address; NULL when N/A */
	vnx_hba_port *ports; /* "Information about each port of this HBA" */
	size_t port_count;
} vnx_hba;

/* Held to the capture in tests/data/clariion-captures (see vnx_parse_port.c).
 * Stops at "Information about each SPPORT:" so `port -list -all` works. */
int vnx_parse_hba_list(const char *buf, size_t len, vnx_hba **out, size_t *count);
void vnx_hba_free(vnx_hba *hba);
void vnx_hba_array_free(vnx_hba *hbas, size_t count);

/* ====================================================================== */
/* connection -getport -all [-sp a|b -portid P -vportid V]  (iSCSI ports)   */
/* ====================================================================== */
typedef struct vnx_iscsi_port {
	char sp;           /* SP: "A" */
	int port_id;       /* Port ID */
	int vport_id;      /* Virtual Port ID; -1 when the port has none */
	char *iqn;         /* Port WWN (the target IQN) */
	char *alias;       /* iSCSI Alias */
	char *mac_address; /* Enode MAC Address */
	char *speed;       /* Port Speed: "10000 Mb"; NULL when N/A */
	int mtu;           /* Current MTU (-1 absent) */
	int vlan_id;       /* VLAN ID; -1 when "Disabled" or absent */
	char *ip_address;  /* IP Address; NULL when no virtual port */
	char *subnet_mask;
	char *gateway;
	bool initiator_auth; /* Initiator Authentication: true */
	vnx_port_type type;  /* from Port WWN: an IQN is iSCSI, WWNN:WWPN is FC */
	char *wwn;           /* FC only: Port WWN (iqn is NULL then) */
} vnx_iscsi_port;

/* One record per (SP, port, virtual port); a port without virtual ports
 * gives one record with vport_id -1 (older FLARE prints its portal address
 * in the port record itself; it is kept).  The listing also names FC ports
 * on some arrays: they come back with type VNX_PORT_FC, their WWN in `wwn`,
 * no IQN and no address, so a caller taking iSCSI targets skips them. */
int vnx_parse_iscsi_port_list(const char *buf, size_t len, vnx_iscsi_port **out,
                              size_t *count);
void vnx_iscsi_port_free(vnx_iscsi_port *port);
void vnx_iscsi_port_array_free(vnx_iscsi_port *ports, size_t count);

/* ====================================================================== */
/* getagent                                                                */
/* ====================================================================== */
typedef struct vnx_agent {
	char *agent_rev;     /* Agent Rev: "7.33.8 (2.97)" */
	char *name;          /* Name: "K10" */
	char *node;          /* Node: "B-APM00153042305" */
	char *revision;      /* Revision: FLARE / Block OE "05.33.008.3.297" */
	char *model;         /* Model: "VNX5800" */
	char *model_type;    /* Model Type: "Rackmount" */
	char *prom_rev;      /* Prom Rev */
	int64_t sp_memory_mb; /* SP Memory (-1 absent) */
	char *serial;        /* Serial No: "APM00153042305" */
	char sp;             /* SP Identifier: 'A'/'B' */
	char *cabinet;       /* Cabinet: "DPE9" */
} vnx_agent;

/* Parses getagent output into a newly allocated *out (free with
 * vnx_agent_free, which frees the struct too).  EFORMAT when neither Model
 * nor Serial No is present. */
int vnx_parse_agent(const char *buf, size_t len, vnx_agent **out);
void vnx_agent_free(vnx_agent *agent);

/* ====================================================================== */
/* ndu -list [-name -<Enabler>]  (installed software / enablers)           */
/* ====================================================================== */
typedef struct vnx_enabler {
	char *name;      /* Name of the software package, leading '-' removed:
	                    "VNXSnapshots", "ThinProvisioning", "MirrorView/A" */
	char *revision;  /* Revision of the software package; NULL when "-" */
	bool commit_required;
	bool revert_possible;
	bool active;     /* Active State: YES */
	bool installed;  /* Is installation completed: YES */
	bool system_software;
} vnx_enabler;

int vnx_parse_ndu_list(const char *buf, size_t len, vnx_enabler **out, size_t *count);
void vnx_enabler_free(vnx_enabler *en);
void vnx_enabler_array_free(vnx_enabler *ens, size_t count);

/* ====================================================================== */
/* migrate -list [-source ID]                                              */
/* ====================================================================== */
typedef struct vnx_migration {
	char *source_name;   /* Source LU Name */
	int64_t source_id;   /* Source LU ID */
	char *dest_name;     /* Dest LU Name */
	int64_t dest_id;     /* Dest LU ID */
	char *rate;          /* Migration Rate: low/medium/high/asap */
	char *state;         /* Current State: "MIGRATING", "STOPPED - Destination full", ... */
	int percent;         /* Percent Complete (-1 absent) */
	char *time_remaining; /* Time Remaining, as printed */
} vnx_migration;

int vnx_parse_migrate_list(const char *buf, size_t len, vnx_migration **out, size_t *count);
void vnx_migration_free(vnx_migration *m);
void vnx_migration_array_free(vnx_migration *ms, size_t count);

/* ====================================================================== */
/* getrg [ID]  (RAID groups)                                               */
/* ====================================================================== */
typedef struct vnx_raidgroup {
	int64_t id;                  /* RaidGroup ID */
	char *raid_type;             /* RaidGroup Type: "r5", "r1_0", "Unbound", ... */
	char *state;                 /* RaidGroup State, continuation lines joined by ' ':
	                                "Valid_luns", "Explicit_Remove Valid_luns" */
	size_t disk_count;           /* lines of List of disks */
	int64_t *luns;               /* List of luns ("Not Available": none) */
	size_t lun_count;
	int max_disks;               /* Max Number of disks (-1 absent) */
	int max_luns;                /* Max Number of luns (-1 absent) */
	int64_t raw_capacity_blocks;
	int64_t logical_capacity_blocks;
	int64_t free_capacity_blocks;   /* Free Capacity (Blocks,non-contiguous) */
	int64_t free_contiguous_blocks; /* Free contiguous group of unbound segments */
	bool lun_expansion;          /* Lun Expansion enabled */
	char *legal_raid_types;      /* Legal RAID types, space separated: "r5 r6 r0 r1_0" */
} vnx_raidgroup;

/* A record starts at "RaidGroup ID:"; unlabelled lines continue the
 * multi-valued field before them (disks, state, legal RAID types). */
int vnx_parse_raidgroup_list(const char *buf, size_t len, vnx_raidgroup **out, size_t *count);
void vnx_raidgroup_free(vnx_raidgroup *rg);
void vnx_raidgroup_array_free(vnx_raidgroup *rgs, size_t count);

/* ====================================================================== */
/* getlun [N] -name -uid -capacity -rg -type -owner ...  (classic LUNs)    */
/* ====================================================================== */
typedef struct vnx_classic_lun {
	int64_t id;           /* LOGICAL UNIT NUMBER; -1 for a header-less single record */
	char *name;           /* "Name" (printed without a colon) */
	char *uid;            /* UID */
	int64_t raid_group;   /* RAIDGroup ID (-1 absent, e.g. metaLUNs, pool LUNs) */
	char *raid_type;      /* RAID Type: "RAID5", "N/A" -> NULL */
	char *state;          /* State: "Bound", ... */
	char current_owner;   /* Current owner: SP A -> 'A' */
	char default_owner;   /* Default Owner */
	int64_t capacity_mb;  /* LUN Capacity(Megabytes) */
	int64_t capacity_blocks; /* LUN Capacity(Blocks) */
	bool is_private;
	bool is_meta;         /* Is Meta LUN: YES */
	bool is_pool_lun;
	bool is_thin;
} vnx_classic_lun;

int vnx_parse_getlun(const char *buf, size_t len, vnx_classic_lun **out, size_t *count);
void vnx_classic_lun_free(vnx_classic_lun *lun);
void vnx_classic_lun_array_free(vnx_classic_lun *luns, size_t count);

/* ====================================================================== */
/* snapview -listsnapshots [-snapshotname S]                               */
/* ====================================================================== */
typedef struct vnx_sv_snapshot {
	char *name;        /* SnapView logical unit name */
	char *uid;         /* SnapView logical unit ID (WWN) */
	int64_t target_lun; /* Target Logical Unit (the source LUN) */
	char *state;       /* State: "Inactive" / "Active" */
	char *session;     /* Session Name (only while active) */
} vnx_sv_snapshot;

int vnx_parse_sv_snapshot_list(const char *buf, size_t len, vnx_sv_snapshot **out, size_t *count);
void vnx_sv_snapshot_free(vnx_sv_snapshot *s);
void vnx_sv_snapshot_array_free(vnx_sv_snapshot *s, size_t count);

/* ====================================================================== */
/* snapview -listsessions [-name X]                                        */
/* ====================================================================== */
typedef struct vnx_sv_session {
	char *name;          /* Name of the session */
	int64_t *luns;       /* List of Target Logical Units: "LUN 10" -> 10 */
	size_t lun_count;
	bool persistent;     /* Session in persistence: YES */
	char *creation_time; /* Session creation time, as printed */
	char *state;         /* Session state: "Normal", "Rolling Back" */
	double cache_gb;     /* Cache Capacity in GB (-1.0 absent) */
} vnx_sv_session;

int vnx_parse_sv_session_list(const char *buf, size_t len, vnx_sv_session **out, size_t *count);
void vnx_sv_session_free(vnx_sv_session *s);
void vnx_sv_session_array_free(vnx_sv_session *s, size_t count);

/* ====================================================================== */
/* Generic "Label: value" listing (getsp, getrg, networkadmin -get, ...)   */
/* ====================================================================== */
typedef struct vnx_kv {
	char *label; /* trimmed text before the first ':' */
	char *value; /* trimmed text after it (may be empty, never NULL) */
} vnx_kv;

/* Every "Label: value" line in order (doubled lines dropped), for commands
 * without a dedicated parser (vnxparse uses it as a fallback).  Lines
 * without a colon and indented table rows are skipped. */
int vnx_parse_kv(const char *buf, size_t len, vnx_kv **out, size_t *count);
void vnx_kv_array_free(vnx_kv *kvs, size_t count);

/* ====================================================================== */
/* Errors                                                                  */
/* ====================================================================== */
typedef enum vnx_errclass {
	VNX_ERR_NONE = 0,        /* not an error */
	VNX_ERR_NOT_FOUND,       /* LUN / pool / snapshot / group / HLU / HBA does not exist */
	VNX_ERR_NAME_IN_USE,     /* name already used (LUN, snapshot, group, pool) */
	VNX_ERR_MAPPED,          /* LUN still in a storage group, snapshot attached to an SMP */
	VNX_ERR_HAS_SNAPSHOTS,   /* LUN still has snapshots or snapshot mount points */
	VNX_ERR_BUSY,            /* used by a feature (migration), preparing, dropped stream */
	VNX_ERR_HLU_IN_USE,      /* requested host LUN number taken: pick another */
	VNX_ERR_ALREADY_MAPPED,  /* LUN already in that group, initiator path already registered */
	VNX_ERR_UNREACHABLE,     /* SP did not answer: try the other SP */
	VNX_ERR_AUTH,            /* credentials refused */
	VNX_ERR_INVALID_ARGS,    /* the array refused the arguments */
	VNX_ERR_NOT_SUPPORTED,   /* not supported by this model / enabler set */
	VNX_ERR_UNKNOWN,         /* error text not in the table */
	VNX_ERR_NO_SPACE,        /* pool without the free capacity, or the array's LUN limit reached */
	VNX_ERR_ID_IN_USE,       /* bind / lun -create -rg: the LUN number asked for is taken */
	VNX_ERR__COUNT
} vnx_errclass;

typedef struct vnx_error {
	vnx_errclass cls;
	char code[19];  /* array code "0x712d8d04" (lower case), "" when none */
	bool retryable; /* transient: LUN preparing (0x712d8e0e), "End of data stream" */
	char *message;  /* whole output, trimmed, lines joined by '\n', at most
	                   VNX_ERROR_MAX_MESSAGE bytes; NULL when cls == NONE */
} vnx_error;

#define VNX_ERROR_MAX_MESSAGE 1024

/* snake_case name of a class: "none", "not_found", "name_in_use", "mapped",
 * "has_snapshots", "busy", "hlu_in_use", "already_mapped", "unreachable",
 * "auth", "invalid_args", "not_supported", "unknown", "no_space", "id_in_use". */
const char *vnx_errclass_name(vnx_errclass cls);

/* Decides whether the output of a LIST / query command is an error.
 * It is an error when it matches an entry of the error table (vnx.md), or
 * its first line starts with "Error" / "Request failed" / "Usage" (bad
 * syntax: invalid_args) or holds "command failed"; output whose first non-blank line is a record header of
 * a known listing (e.g. "LOGICAL UNIT NUMBER 5", "Storage Group Name:") is
 * not an error, so a LUN named after an error text is not misread - unless
 * an unlabelled line near its end starts with "End of data stream",
 * "A network error occurred", "Error returned from" or "Error:" (a listing
 * cut short): then the output is that error, classified from that line on.
 * Blank output is not an error.
 * Fills *out (call vnx_error_clear() afterwards to free the message).
 * Returns 1 for an error, 0 for no error (out->cls == VNX_ERR_NONE),
 * VNX_PARSE_EINVAL / VNX_PARSE_ENOMEM. */
int vnx_classify_error(const char *buf, size_t len, vnx_error *out);

/* Same for a MODIFYING command (create, destroy, addhlu, setpath, ...):
 * such a command prints nothing on success, so any non-blank output is an
 * error; its class comes from the table, VNX_ERR_UNKNOWN if unmatched.
 * Returns 1 error, 0 success (blank output), or a negative code. */
int vnx_classify_modify_output(const char *buf, size_t len, vnx_error *out);

/* Frees out->message and resets *err to "no error".  NULL is a no-op. */
void vnx_error_clear(vnx_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SLGW_VNX_PARSE_H */
