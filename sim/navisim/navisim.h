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

/* Lookups by id / name (borrowed, NULL if none). */
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
/* "Information about each HBA:" and one record per initiator (uid NULL: all). */
void navisim_print_hbas(navisim_ctx *ctx, const char *uid);

/* ---- admin.c ---- */
/* Run `navisim --admin <verb> ...` against the state file at db_path. */
int navisim_admin(const char *db_path, int argc, char **argv);

#endif /* NAVISIM_H */
