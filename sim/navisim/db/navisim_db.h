/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * navisim_db.h - the state file of navisim, the naviseccli-compatible
 * VNX simulator.
 *
 * Design: one SQLite file (WAL) holds every simulated array.  Each array is
 * one row: its addressing and fault knobs (SP addresses, credentials, SP up
 * or down, latency) are columns, because they are looked up before a command
 * runs; everything the array "contains" (pools, LUNs, snapshots, storage
 * groups, initiators, migrations) is one opaque JSON document the simulator
 * loads, changes and writes back.  This library never interprets that
 * document: it is the only SQL of the simulator and nothing more.  It sits
 * beside the simulator (sim/navisim/db/), not in store/: store/ is the
 * gateway's memory, this file is the simulated arrays', and neither program
 * ever opens the other's.
 *
 * Concurrency: a naviseccli invocation is one transaction.  The caller
 * opens the file, reads the knobs it needs without a lock (latency is slept
 * outside any lock so commands overlap), then navisim_db_begin() takes the
 * write lock (BEGIN IMMEDIATE, waiting up to the busy timeout), loads,
 * saves, logs and commits.  Many processes may do this at once.
 *
 * All functions return 0 on success or a negative NAVISIM_DB_E* code.
 */
#ifndef NAVISIM_DB_H
#define NAVISIM_DB_H

#include <stddef.h>
#include <stdint.h>

enum {
	NAVISIM_DB_OK = 0,
	NAVISIM_DB_ERROR = -1,    /* SQLite or I/O failure */
	NAVISIM_DB_ENOTFOUND = -2, /* no such array / rule */
	NAVISIM_DB_EEXISTS = -3,  /* array name or SP address already taken */
	NAVISIM_DB_EINVAL = -4,   /* bad argument */
	NAVISIM_DB_ENOMEM = -5,
};

typedef struct navisim_db navisim_db;

/* Control columns of one simulated array (everything but its contents). */
typedef struct navisim_db_array {
	char *name;
	char *spa;        /* SP A management address */
	char *spb;        /* SP B management address */
	char *user;       /* NULL: any credentials are accepted */
	char *password;
	int spa_down;     /* 1: SP A answers with the network error */
	int spb_down;
	int latency_ms;   /* slept before every command */
} navisim_db_array;

/* One line of the invocation log. */
typedef struct navisim_db_log_entry {
	int64_t id;
	double time;      /* seconds since the epoch, start of the command */
	char *array;      /* NULL when the address matched no array */
	char *sp_address;
	char *argv;       /* argv joined by spaces, password masked */
	int status;       /* exit status */
	int duration_ms;
} navisim_db_log_entry;

/*
 * Open (creating if needed) the state file at path, in WAL mode with a busy
 * timeout long enough for dozens of concurrent navisim processes, and make
 * sure the schema exists.  *out receives a handle to navisim_db_close().
 */
int navisim_db_open(navisim_db **out, const char *path);

/* Close a handle; rolls back an open transaction.  NULL is a no-op. */
void navisim_db_close(navisim_db *db);

/* Last SQLite error text of this handle (borrowed; for diagnostics). */
const char *navisim_db_errmsg(const navisim_db *db);

/* Take the write lock: BEGIN IMMEDIATE, waiting up to the busy timeout. */
int navisim_db_begin(navisim_db *db);
/* Commit the open transaction. */
int navisim_db_commit(navisim_db *db);
/* Roll back the open transaction (no-op without one). */
void navisim_db_rollback(navisim_db *db);

/*
 * Create an array row with its control columns and initial contents
 * document.  Fails with NAVISIM_DB_EEXISTS if the name or either SP
 * address is already used by another array.
 */
int navisim_db_array_insert(navisim_db *db, const navisim_db_array *a, const char *state_json);

/* Delete an array, its log lines and fail-next rules. */
int navisim_db_array_delete(navisim_db *db, const char *name);

/*
 * Find the array one of whose SPs has this management address.  *out gets
 * the control columns (free with navisim_db_array_free), *sp is 'A' or 'B'.
 * NAVISIM_DB_ENOTFOUND if no array has that address.
 */
int navisim_db_array_by_address(navisim_db_array **out, char *sp, navisim_db *db, const char *address);

/* Control columns of the array called name (NAVISIM_DB_ENOTFOUND if none). */
int navisim_db_array_get(navisim_db_array **out, navisim_db *db, const char *name);

/* All arrays, ordered by name; *out is an array of *count records. */
int navisim_db_array_list(navisim_db_array **out, size_t *count, navisim_db *db);

/* Update the control columns of an existing array (matched by a->name). */
int navisim_db_array_update(navisim_db *db, const navisim_db_array *a);

/* Load the contents document of an array (*out is malloc'ed text). */
int navisim_db_state_load(char **out, navisim_db *db, const char *name);

/* Replace the contents document of an array. */
int navisim_db_state_save(navisim_db *db, const char *name, const char *state_json);

/* Append one invocation log line (e->id is ignored). */
int navisim_db_log_append(navisim_db *db, const navisim_db_log_entry *e);

/*
 * Log lines of an array in order (name NULL: every line, including those of
 * unknown addresses).  *out is an array of *count records.
 */
int navisim_db_log_list(navisim_db_log_entry **out, size_t *count, navisim_db *db, const char *name);

/* Add a fail-next rule: the next count commands whose argv contains every
 * word of match fail with message. */
int navisim_db_fail_add(navisim_db *db, const char *array, int count, const char *match,
			const char *message);

/*
 * Consume one use of the oldest rule of array whose words all occur among
 * the command words (argv[0..argc-1]).  On a match *message receives the
 * rule's text (malloc'ed) and the rule's remaining count drops by one (the
 * rule disappears at zero); without a match *message is NULL.  Must run
 * inside a transaction so that concurrent commands consume distinct uses.
 */
int navisim_db_fail_take(char **message, navisim_db *db, const char *array, int argc,
			 char *const argv[]);

/* Remaining fail-next uses of an array (sum over its rules). */
int navisim_db_fail_pending(int *out, navisim_db *db, const char *array);

/* PRAGMA integrity_check: 0 if the file reports "ok". */
int navisim_db_integrity_check(navisim_db *db);

void navisim_db_array_free(navisim_db_array *a);
void navisim_db_array_array_free(navisim_db_array *a, size_t count);
void navisim_db_log_entry_array_free(navisim_db_log_entry *e, size_t count);

#endif /* NAVISIM_DB_H */
