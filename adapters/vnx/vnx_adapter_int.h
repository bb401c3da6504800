/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_adapter_int.h - what the files of the VNX adapter share, and nothing
 * outside adapters/vnx includes.
 *
 * The adapter is one object (struct vnx_adapter) whose operations are split
 * by family: vnx_adapter.c (creation, discovery, capabilities and the ops
 * table), vnx_adapter_luns.c (pool LUNs, snapshots, SMPs, migration),
 * vnx_adapter_classic.c (RAID groups, bound LUNs, metaLUNs, SnapView) and
 * vnx_adapter_hosts.c (storage groups, paths, HBAs).  The small helpers
 * every operation uses (error reporting, running a command, unit
 * conversions) are static inline here so each file keeps them private; the
 * few functions one family borrows from another, and the operations the
 * ops table names, are declared below with the file that defines them.
 */
#ifndef VNX_ADAPTER_INT_H
#define VNX_ADAPTER_INT_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_adapter.h"
#include "vnx_cmd.h"
#include "vnx_parse.h"
#include "vnx_runner.h"

/* Capabilities every VNX with a pool has; the rest depends on enablers,
 * model and revision and is only known after discover. */
#define VNX_BASE_CAPS (SLGW_CAP_THICK | SLGW_CAP_EXPAND | SLGW_CAP_CLONE_MIGRATE)

struct vnx_adapter {
	struct slgw_adapter parent; /* must stay first */
	struct vnx_runner *runner;
	pthread_mutex_t lock;       /* guards caps, known, model and revision */
	unsigned caps;
	int known;                  /* caps come from a discover of this array */
	char model[64];             /* of the last discover, for refusals' reasons */
	char revision[64];
	pthread_mutex_t probe;      /* one lazy discover at a time */
};

static inline struct vnx_adapter *VA(struct slgw_adapter *a)
{
	return (struct vnx_adapter *)a;
}

static inline void errset(struct slgw_adapter_error *err, enum slgw_adapter_err cls, const char *msg)
{
	if (!err)
		return;
	err->cls = cls;
	err->code[0] = '\0';
	snprintf(err->message, sizeof(err->message), "%s", msg);
}

/* Reports an allocation failure through err and returns its code: the one
 * answer every conversion of array output gives when the heap runs out. */
static inline int nomem(struct slgw_adapter_error *err)
{
	errset(err, SLGW_AERR_UNKNOWN, "out of memory");
	return -SLGW_AERR_UNKNOWN;
}

/* Reports a builder's failure (validation or memory) through err. */
static inline int built(int rc, struct slgw_adapter_error *err)
{
	if (rc == -SLGW_AERR_INVALID_ARGS)
		errset(err, SLGW_AERR_INVALID_ARGS, "invalid argument");
	else if (rc)
		errset(err, SLGW_AERR_UNKNOWN, "out of memory");
	return rc;
}

/* Maps a parser failure on output the runner accepted. */
static inline int parsed(int rc, const char *what, struct slgw_adapter_error *err)
{
	char msg[128];

	if (rc == 0)
		return 0;
	snprintf(msg, sizeof(msg), "cannot read the array's answer to %s (%s)", what,
	         vnx_parse_strerror(rc));
	errset(err, SLGW_AERR_UNKNOWN, msg);
	return -SLGW_AERR_UNKNOWN;
}

static inline void cpy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static inline int is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Runs a modifying command built by the caller and clears it. */
static inline int run_modify(struct vnx_adapter *va, struct vnx_cmd *cmd, struct slgw_adapter_error *err)
{
	int rc = vnx_runner_run(NULL, va->runner, cmd, err);

	vnx_cmd_clear(cmd);
	return rc;
}

/* Runs a query and clears the command; *out holds its stdout. */
static inline int run_query(struct vnx_output *out, struct vnx_adapter *va, struct vnx_cmd *cmd,
                     struct slgw_adapter_error *err)
{
	int rc = vnx_runner_run(out, va->runner, cmd, err);

	vnx_cmd_clear(cmd);
	return rc;
}

/* Runs a modifying command whose builder returned build_rc (on a refusal
 * the command is empty and nothing runs). */
static inline int modify(struct vnx_adapter *va, struct vnx_cmd *cmd, int build_rc,
                         struct slgw_adapter_error *err)
{
	int rc = built(build_rc, err);

	return rc ? rc : run_modify(va, cmd, err);
}

/* Runs a query whose builder returned build_rc; `fresh` as in struct
 * vnx_cmd.  *out holds its stdout. */
static inline int query(struct vnx_output *out, struct vnx_adapter *va, struct vnx_cmd *cmd,
                        int build_rc, int fresh, struct slgw_adapter_error *err)
{
	int rc = built(build_rc, err);

	if (rc)
		return rc;
	cmd->fresh = fresh;
	return run_query(out, va, cmd, err);
}

/* Releases a query's output once its parser (which returned rc) has read
 * it, and turns rc into the adapter's answer. */
static inline int parsed_output(int rc, struct vnx_output *o, const char *what,
                                struct slgw_adapter_error *err)
{
	vnx_output_clear(o);
	return parsed(rc, what, err);
}

/* ---- conversions ---- */

static inline uint64_t blocks_to_mb_up(int64_t blocks)
{
	return blocks > 0 ? ((uint64_t)blocks + 2047) / 2048 : 0;
}

static inline uint64_t blocks_to_mb_down(int64_t blocks)
{
	return blocks > 0 ? (uint64_t)blocks / 2048 : 0;
}

static inline int clamp_int(int64_t v)
{
	return v < 0 || v > 0x7fffffff ? -1 : (int)v;
}

/* ---- defined in vnx_adapter.c ---- */

int *vnx_conv_ids(const int64_t *src, size_t n, size_t *out_n, int *oom);
int vnx_caps_ensure(struct vnx_adapter *va, unsigned *caps);
int vnx_gate(struct slgw_adapter *a, unsigned need, struct slgw_adapter_error *err);
int vnx_tolerable(int rc);

/* ---- defined in vnx_adapter_luns.c ---- */

int vnx_lun_find(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
                 int fresh, struct slgw_adapter_error *err);
int vnx_lun_get(struct slgw_lun **out, struct slgw_adapter *a, struct slgw_lun_ref ref,
                struct slgw_adapter_error *err);
int vnx_lun_list(struct slgw_lun **out, size_t *count, struct slgw_adapter *a,
                 struct slgw_adapter_error *err);
int vnx_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                   const struct slgw_lun_spec *spec, struct slgw_adapter_error *err);
int vnx_lun_destroy(struct slgw_adapter *a, struct slgw_lun_ref lun, int destroy_snapshots,
                    struct slgw_adapter_error *err);
int vnx_lun_expand(struct slgw_adapter *a, struct slgw_lun_ref lun, uint64_t new_size_mb,
                   struct slgw_adapter_error *err);
int vnx_snap_create(struct slgw_adapter *a, int lun_id, const char *name, int allow_rw,
                    struct slgw_adapter_error *err);
int vnx_snap_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err);
int vnx_snap_list(struct slgw_snapshot **out, size_t *count, struct slgw_adapter *a,
                  int lun_id, struct slgw_adapter_error *err);
int vnx_snap_restore(struct slgw_adapter *a, const char *name, int lun_id,
                     struct slgw_adapter_error *err);
int vnx_snap_copy(struct slgw_adapter *a, const char *name, const char *new_name,
                  struct slgw_adapter_error *err);
int vnx_smp_create(struct slgw_lun **out, struct slgw_adapter *a, int primary_lun_id,
                   const char *name, struct slgw_adapter_error *err);
int vnx_smp_attach(struct slgw_adapter *a, struct slgw_lun_ref smp, const char *snap_name,
                   struct slgw_adapter_error *err);
int vnx_smp_detach(struct slgw_adapter *a, struct slgw_lun_ref smp,
                   struct slgw_adapter_error *err);
int vnx_migrate_start(struct slgw_adapter *a, int source, int dest,
                      enum slgw_migrate_rate rate, struct slgw_adapter_error *err);
int vnx_migrate_status(struct slgw_migration **out, struct slgw_adapter *a, int source,
                       struct slgw_adapter_error *err);
int vnx_migrate_list(struct slgw_migration **out, size_t *count, struct slgw_adapter *a,
                     struct slgw_adapter_error *err);
int vnx_migrate_cancel(struct slgw_adapter *a, int source, struct slgw_adapter_error *err);

/* ---- defined in vnx_adapter_hosts.c ---- */

int vnx_sg_get(struct slgw_storage_group **out, struct slgw_adapter *a, const char *name,
               struct slgw_adapter_error *err);
int vnx_sg_list(struct slgw_storage_group **out, size_t *count, struct slgw_adapter *a,
                struct slgw_adapter_error *err);
int vnx_sg_create(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err);
int vnx_sg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err);
int vnx_hlu_add(struct slgw_adapter *a, const char *group, int hlu, int alu,
                struct slgw_adapter_error *err);
int vnx_hlu_remove(struct slgw_adapter *a, const char *group, int hlu,
                   struct slgw_adapter_error *err);
int vnx_path_register(struct slgw_adapter *a, const struct slgw_initiator_path *p,
                      struct slgw_adapter_error *err);
int vnx_host_set(struct slgw_adapter *a, const char *group, const char *host,
                 int failover_mode, int arraycommpath, struct slgw_adapter_error *err);
int vnx_hba_list(struct slgw_hba **out, size_t *count, struct slgw_adapter *a,
                 struct slgw_adapter_error *err);
int vnx_hba_remove(struct slgw_adapter *a, const char *hba_uid,
                   struct slgw_adapter_error *err);

/* ---- defined in vnx_adapter_classic.c ---- */

int vnx_rg_query(struct slgw_raid_group **out, size_t *count, struct vnx_adapter *va, int id,
                 int fresh, struct slgw_adapter_error *err);
int vnx_classic_lun_query(struct slgw_lun **out, size_t *count, struct vnx_adapter *va, int id,
                          int skip_pool, int fresh, struct slgw_adapter_error *err);
int vnx_raid_group_list(struct slgw_raid_group **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err);
int vnx_rg_lun_create(struct slgw_lun **out, struct slgw_adapter *a,
                      const struct slgw_rg_lun_spec *spec, struct slgw_adapter_error *err);
int vnx_rg_lun_destroy(struct slgw_adapter *a, int lun_id, struct slgw_adapter_error *err);
int vnx_metalun_expand(struct slgw_adapter *a, int base_lun, const int *components, size_t n,
                       enum slgw_metalun_type type, struct slgw_adapter_error *err);
int vnx_sv_snapshot_create(struct slgw_adapter *a, int lun_id, const char *name,
                           struct slgw_adapter_error *err);
int vnx_sv_snapshot_destroy(struct slgw_adapter *a, const char *name,
                            struct slgw_adapter_error *err);
int vnx_sv_snapshot_list(struct slgw_sv_snapshot **out, size_t *count, struct slgw_adapter *a,
                         int lun_id, struct slgw_adapter_error *err);
int vnx_sv_session_start(struct slgw_adapter *a, const char *session, const char *snapshot,
                         struct slgw_adapter_error *err);
int vnx_sv_session_stop(struct slgw_adapter *a, const char *session,
                        struct slgw_adapter_error *err);
int vnx_sv_session_list(struct slgw_sv_session **out, size_t *count, struct slgw_adapter *a,
                        struct slgw_adapter_error *err);
int vnx_sv_activate(struct slgw_adapter *a, const char *session, const char *snapshot,
                    struct slgw_adapter_error *err);
int vnx_sv_deactivate(struct slgw_adapter *a, const char *snapshot,
                      struct slgw_adapter_error *err);
int vnx_sv_rollback(struct slgw_adapter *a, const char *session,
                    struct slgw_adapter_error *err);
int vnx_sg_add_snapshot(struct slgw_adapter *a, const char *group, int hlu,
                        const char *snapshot, struct slgw_adapter_error *err);
int vnx_sg_remove_snapshot(struct slgw_adapter *a, const char *group, const char *snapshot,
                           struct slgw_adapter_error *err);

#endif /* VNX_ADAPTER_INT_H */
