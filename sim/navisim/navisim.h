/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * navisim.h - internals shared by navisim's source files.
 *
 * navisim answers exactly like naviseccli.  One invocation = one command on
 * one simulated array: main.c resolves the -h address to an array and SP,
 * takes the state file's write lock, loads the array's contents (a jansson
 * document, layout described in state.c), hands it to a command handler,
 * and, if the handler changed it, saves it back before committing.
 *
 * Handlers print into ctx->out (a memory stream that main.c copies to
 * stdout after the commit, so a failed commit never leaves half an answer)
 * and return the exit status: 0 for success, non-zero for an array error.
 * Every array error goes through navisim_fail(), which prints the real
 * naviseccli text.  No SQL here: the state file is db/navisim_db.h.
 */
#ifndef NAVISIM_H
#define NAVISIM_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#define NAVISIM_GB_BLOCKS 2097152LL /* 512-byte blocks per GB */
#define NAVISIM_MB_BLOCKS 2048LL
#define NAVISIM_MAX_HLU 255
#define NAVISIM_MAX_LUN_ID 8191

/* Exit statuses (naviseccli's are not documented; clients read the text). */
enum {
	NAVISIM_EXIT_OK = 0,
	NAVISIM_EXIT_FAIL = 1,    /* the array refused the command */
	NAVISIM_EXIT_USAGE = 2,   /* invalid command line */
	NAVISIM_EXIT_NETWORK = 3, /* unknown address or SP down */
	NAVISIM_EXIT_AUTH = 4,    /* wrong credentials */
	NAVISIM_EXIT_INTERNAL = 5,
};

typedef struct navisim_ctx {
	json_t *st;    /* the array's contents (owned by main.c) */
	char sp;       /* 'A' or 'B': the SP the command was sent to */
	const char *address; /* the -h address the command was sent to */
	FILE *out;     /* the answer */
	int argc;      /* command words (after the global options) */
	char **argv;
	int modified;  /* set by handlers that changed st */
	double now;    /* wall clock at the start, seconds */
	int down_a;    /* SP A / SP B marked down (LUNs trespass to the peer) */
	int down_b;
} navisim_ctx;

/* One command-line option of a command: "-l" with or without a value. */
typedef struct navisim_opt {
	const char *name;
	int has_value;
	const char *value; /* filled by navisim_parse_opts */
	int present;
} navisim_opt;

/*
 * Match argv[start..] against opts (exact names, each at most once, a
 * value where has_value).  On anything else print naviseccli's invalid
 * parameter text and return NAVISIM_EXIT_USAGE; 0 on success.
 */
int navisim_parse_opts(navisim_ctx *ctx, navisim_opt *opts, size_t n, int start);
/* Option by name from a parsed table (NULL if absent). */
const char *navisim_optval(const navisim_opt *opts, size_t n, const char *name);
int navisim_opthas(const navisim_opt *opts, size_t n, const char *name);

/* Print text (one or more lines, no trailing newline needed) as an error; returns NAVISIM_EXIT_FAIL. */
int navisim_fail(navisim_ctx *ctx, const char *text);
/* Invalid command line: prints the usage error; returns NAVISIM_EXIT_USAGE. */
int navisim_usage_error(navisim_ctx *ctx, const char *what);

/* A command's verb (argv[1]: -list, -create, ...) and its handler: run,
 * or run_arg called with arg (one handler for -attach / -detach). */
typedef struct navisim_verb {
	const char *name;
	int (*run)(navisim_ctx *ctx);
	int (*run_arg)(navisim_ctx *ctx, int arg);
	int arg;
} navisim_verb;

/* Run the handler of argv[1] from verbs (ended by a NULL name); an unknown
 * or missing verb is a usage error naming it (or `what` when missing). */
int navisim_run_verb(navisim_ctx *ctx, const navisim_verb *verbs, const char *what);

/* Strict decimal parse into [min,max]; 0 on success. */
int navisim_parse_ll(long long *out, const char *s, long long min, long long max);
/* "yes"/"no" (any case) -> 1/0; -1 otherwise. */
int navisim_parse_yesno(const char *s);
/* A dotted-quad IPv4 address. */
int navisim_valid_ipv4(const char *s);
/* 1..max printable characters (names, descriptions, host names). */
int navisim_valid_text(const char *s, size_t max);
/* Capacity N in unit sq (gb, mb, tb, bc) -> blocks; 0 on success. */
int navisim_parse_capacity(long long *blocks, const char *n, const char *sq);

/* ---- state.c: the contents document ---- */
/* A new array's contents (layout in state.c); NULL on allocation failure. */
json_t *navisim_state_new(const char *serial, const char *model, const char *revision, int pools,
			  long long pool_gb, int iscsi_ports, int fc_ports);
/* Member accessors: integer (-1 if absent), string (NULL), boolean (0). */
long long navisim_jint(const json_t *o, const char *key);
const char *navisim_jstr(const json_t *o, const char *key);
int navisim_jbool(const json_t *o, const char *key);
/* Member setters (a NULL string stores JSON null). */
void navisim_jset_int(json_t *o, const char *key, long long v);
void navisim_jset_str(json_t *o, const char *key, const char *v);
void navisim_jset_bool(json_t *o, const char *key, int v);
/* The array member key of st, created empty if missing (borrowed). */
json_t *navisim_arr(json_t *st, const char *key);
uint32_t navisim_fnv1a(const char *s);

/* Lookups by id / name (borrowed, NULL if none). */
/* The first element of the state's array `arr` whose `key` is v (strings:
 * exact, or ASCII case-insensitive with nocase), or NULL. */
json_t *navisim_find_int(json_t *st, const char *arr, const char *key, long long v);
json_t *navisim_find_str(json_t *st, const char *arr, const char *key, const char *v, int nocase);
json_t *navisim_lun_by_id(json_t *st, long long id);
json_t *navisim_lun_by_name(json_t *st, const char *name);
/* The LUN named by -l ID or -name N among opts; prints the "(pool lun)" error if missing. */
json_t *navisim_lun_from_opts(navisim_ctx *ctx, const navisim_opt *opts, size_t n, int *status);
json_t *navisim_pool_by_id(json_t *st, long long id);
json_t *navisim_pool_by_name(json_t *st, const char *name);
json_t *navisim_snap_by_name(json_t *st, const char *name);
json_t *navisim_sg_by_name(json_t *st, const char *name);
/* The array has this enabler ("-VNXSnapshots", ...) installed. */
int navisim_has_enabler(json_t *st, const char *name);
/* Index of elem in array (or -1). */
int navisim_index_of(json_t *arr, json_t *elem);

/* Blocks a LUN takes from its pool now (thick: all; thin: a little). */
long long navisim_lun_consumed(const json_t *lun);
/* Consumed / subscribed blocks of pool id. */
long long navisim_pool_consumed(json_t *st, long long pool_id);
long long navisim_pool_subscribed(json_t *st, long long pool_id);
long long navisim_pool_free(json_t *st, json_t *pool);
/* WWN-style UID of a LUN (buf >= 48). */
void navisim_lun_uid(char *buf, size_t len, json_t *st, const json_t *lun);
/* Storage group UID text (buf >= 48). */
void navisim_sg_uid(char *buf, size_t len, json_t *st, long long seq);
/* Storage group holding this LUN id, or NULL. */
json_t *navisim_sg_with_lun(json_t *st, long long lun_id);
/* Migration whose source or destination is this LUN id, or NULL. */
json_t *navisim_mig_with_lun(json_t *st, long long lun_id);
/* Percent complete of a migration at ctx->now (rate from -rate or the
 * array's migrate-rate override); *remaining_s gets the seconds left. */
int navisim_mig_percent(const navisim_ctx *ctx, const json_t *mig, long long *remaining_s);
/* Finish migrations that reached 100%; sets ctx->modified if any did. */
void navisim_mig_advance(navisim_ctx *ctx);
/* The LUN is still initializing (created less than the array's prepare-ms ago). */
int navisim_lun_preparing(const navisim_ctx *ctx, const json_t *lun);
/* Print the "LUN is preparing" refusal (0x712d8e0e); returns NAVISIM_EXIT_FAIL. */
int navisim_fail_preparing(navisim_ctx *ctx);
/* Next sequence number (UID counter) of the array. */
long long navisim_next_seq(json_t *st);
/* "mm/dd/yy HH:MM:SS" of t. */
void navisim_fmt_time(char *buf, size_t len, double t);
/* The front-end port id of SP sp ('A'/'B'), FC or iSCSI (NULL if none). */
json_t *navisim_port(json_t *st, char sp, long long id);

/* ---- gen.c: generations and what they can do ---- */
enum {
	NAVISIM_FAM_UNKNOWN = 0,
	NAVISIM_FAM_CX,   /* CX200 .. CX700: FLARE up to 26 */
	NAVISIM_FAM_CX3,  /* CX3-10 .. CX3-80: FLARE up to 26 */
	NAVISIM_FAM_CX4,  /* CX4-120 .. CX4-960: FLARE 28 .. 30 */
	NAVISIM_FAM_VNX1, /* VNX5100 .. VNX7500: OE 31 .. 32 */
	NAVISIM_FAM_VNX2, /* VNX5200 .. VNX8000: OE 33 */
};

typedef struct navisim_gen {
	int fam;           /* NAVISIM_FAM_* */
	int release;       /* RR of the revision G.RR.MMM.5.BBB (-1 unreadable) */
	int build;         /* BBB */
	int pools;         /* storage pools, thin LUNs and the lun command (FLARE 28.5+) */
	int thick_pool;    /* thick (NonThin) pool LUNs (FLARE 30+) */
	int vnx_snapshots; /* VNX Snapshots possible (OE 32+, with the enabler) */
	int alua;          /* failover mode 4 (FLARE 26+ on CX3 and later) */
	int lun_rg;        /* lun -create -rg (OE 31+) */
} navisim_gen;

/* The text a real array prints for a command it does not have or cannot do. */
#define NAVISIM_TXT_UNSUPPORTED "CLI commands are not supported by the target storage system."

/* NAVISIM_FAM_* of a model name (NAVISIM_FAM_UNKNOWN if none). */
int navisim_model_family(const char *model);
const char *navisim_family_name(int fam);
/* What the array with this model and revision is and can do. */
void navisim_gen_from(navisim_gen *g, const char *model, const char *revision);
void navisim_gen_of(navisim_gen *g, json_t *st);
/* 0 if the model is known and runs that revision; else -1 and a reason in msg. */
int navisim_gen_check(char *msg, size_t len, const char *model, const char *revision);
/* The revision a new array of this model runs unless told otherwise. */
void navisim_default_revision(char *buf, size_t len, const char *model);
/* The enablers the generation ships (ndu -list order); returns the count. */
size_t navisim_gen_enablers(const char **out, size_t max, const navisim_gen *g);
int navisim_can_have_enabler(const navisim_gen *g, const char *name);
/* Print "Error returned from the target: <address>" and NAVISIM_TXT_UNSUPPORTED;
 * returns NAVISIM_EXIT_FAIL. */
int navisim_fail_unsupported(navisim_ctx *ctx);

/* ---- cmd_rg.c: RAID groups and FLARE LUNs ---- */
json_t *navisim_rg_by_id(json_t *st, long long id);
/* r0 r1 r1_0 r3 r5 r6; and whether ndisks can form that type. */
int navisim_raid_valid(const char *raid);
int navisim_raid_legal(const char *raid, int ndisks);
/* Logical capacity of a group (blocks). */
long long navisim_rg_capacity(const json_t *rg);
/* Free blocks; *largest gets the largest contiguous free extent; with
 * first_fit_need, *first_fit_off gets the first extent that fits (-1 none). */
long long navisim_rg_free(json_t *st, const json_t *rg, long long *largest, long long *first_fit_need,
			  long long *first_fit_off);
int navisim_rg_lun_count(json_t *st, long long rgid);
/* Append a new group (disks: array of [bus, enclosure, disk], stolen). */
json_t *navisim_rg_new(json_t *st, long long id, const char *raid, json_t *disks);
/* n unused disks (new reference), or NULL if there are not that many. */
json_t *navisim_free_disks(json_t *st, int n);
/* "RAID5", "RAID1/0" ... for r5, r1_0 ... ("N/A" for NULL): getlun's spelling. */
const char *navisim_raid_long(const char *raid);
/* Why a LUN cannot go away now (mapped, migrating, used by SnapView), or NULL. */
const char *navisim_unbind_refusal(json_t *st, json_t *lun);
/* lun -create -rg: a FLARE LUN of blocks in group rgv. */
int navisim_rg_lun_create(navisim_ctx *ctx, const char *rgv, long long blocks, long long id, const char *name,
			  const char *owner);

/* ---- cmd_snapview.c ---- */
json_t *navisim_sv_snap(json_t *st, const char *name);
json_t *navisim_sv_snap_by_alu(json_t *st, long long alu);
/* The LUN is a SnapView source, in a session, or in the reserved LUN pool. */
int navisim_sv_uses_lun(json_t *st, long long id);
int navisim_rlp_has(json_t *st, long long id);
/* The SnapView snapshot names of LUN id, or "Not Available". */
void navisim_sv_print_snapshots_of(navisim_ctx *ctx, long long id);
/* No LUN and no SnapView snapshot has this array LUN number. */
int navisim_lun_id_free(json_t *st, long long id);

/* ---- handlers: return the exit status ---- */
int navisim_cmd_getagent(navisim_ctx *ctx);
int navisim_cmd_getsp(navisim_ctx *ctx);
int navisim_cmd_ndu(navisim_ctx *ctx);
int navisim_cmd_storagepool(navisim_ctx *ctx);
int navisim_cmd_port(navisim_ctx *ctx);
int navisim_cmd_connection(navisim_ctx *ctx);
int navisim_cmd_lun(navisim_ctx *ctx);
int navisim_cmd_migrate(navisim_ctx *ctx);
int navisim_cmd_snap(navisim_ctx *ctx);
int navisim_cmd_storagegroup(navisim_ctx *ctx);
int navisim_cmd_port_hba(navisim_ctx *ctx);
int navisim_cmd_createrg(navisim_ctx *ctx);
int navisim_cmd_removerg(navisim_ctx *ctx);
int navisim_cmd_getrg(navisim_ctx *ctx);
int navisim_cmd_bind(navisim_ctx *ctx);
int navisim_cmd_unbind(navisim_ctx *ctx);
int navisim_cmd_chglun(navisim_ctx *ctx);
int navisim_cmd_getlun(navisim_ctx *ctx);
int navisim_cmd_metalun(navisim_ctx *ctx);
int navisim_cmd_snapview(navisim_ctx *ctx);
int navisim_cmd_reserved(navisim_ctx *ctx);
/* Fabric login state of an initiator path: 1 logged in (an fc-login, or a
 * registered path nobody logged out), 0 logged out. */
int navisim_path_logged_in(json_t *st, const char *uid, char sp, long long port);
/* Initiators on an SP port: registered paths, and of all paths (registered or
 * merely logged in) those logged in and those not. */
void navisim_port_initiators(json_t *st, char sp, long long port, int *registered, int *logged_in,
			     int *not_logged_in);
/* Registered paths plus logged-in unregistered ones: the initiator total. */
int navisim_initiator_total(json_t *st);
/* "Information about each HBA:" and one record per initiator (uid NULL: all). */
void navisim_print_hbas(navisim_ctx *ctx, const char *uid);

/* ---- admin.c ---- */
/* Run `navisim --admin <verb> ...` against the state file at db_path. */
int navisim_admin(const char *db_path, int argc, char **argv);

#endif /* NAVISIM_H */
