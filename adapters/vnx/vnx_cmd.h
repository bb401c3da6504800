/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_cmd.h - every naviseccli command the adapter runs, built in one place.
 *
 * A `struct vnx_cmd` is the command part of an argv (the words after the
 * global options: "lun", "-create", ...) plus what the runner must know to
 * treat it safely:
 *  - `modify`: a modifying command prints nothing on success, so ANY output
 *    is an error; list commands print data and may take `-np`;
 *  - `idempotent`: may be sent again after an ambiguous failure (connection
 *    dropped, timeout) without changing the outcome;
 *  - `check`: for creates, the list command whose success proves that an
 *    ambiguous first attempt landed (the runner asks it before repeating);
 *  - `fresh`: a query that must see the array's current state (landed
 *    checks, reads right after our own change), so it never gets `-np`
 *    even when the instance polls lazily;
 *  - `name`: the counter key ("lun -create");
 *  - `ok_text`: for the few modifying commands that print a notice on
 *    success (snapview -startsession), the one text that is not an error.
 *
 * Builders validate their inputs (names, numbers, SPs, addresses) so that
 * nothing odd reaches the array's argv: a name that starts with '-' would be
 * taken as an option, control characters would corrupt the output parsing.
 * They return 0 or -SLGW_AERR_INVALID_ARGS (bad input) / -SLGW_AERR_UNKNOWN
 * (no memory); on failure the command is left empty.  Words are heap copies
 * owned by the command: release with vnx_cmd_clear().
 */
#ifndef SLGW_VNX_CMD_H
#define SLGW_VNX_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "adapter.h"

#define VNX_CMD_MAX_WORDS 32

struct vnx_cmd {
	const char *name;                    /* counter key, static string */
	int modify;                          /* 1: any output is an error */
	int idempotent;                      /* 1: safe to repeat */
	int fresh;                           /* 1: never add -np (the answer must
	                                      * reflect our own last change) */
	size_t argc;                         /* words used in argv */
	char *argv[VNX_CMD_MAX_WORDS + 1];   /* NULL terminated */
	struct vnx_cmd *check;               /* landed-check for creates, or NULL */
	const char *ok_text;                 /* static; output (trimmed) that is success */
};

/* Releases the words (and the check command) and zeroes the command. */
void vnx_cmd_clear(struct vnx_cmd *c);

/* Validation helpers shared with the adapter: 0 when acceptable, else
 * -SLGW_AERR_INVALID_ARGS. */
int vnx_check_name(const char *s);     /* object names: 1..255 printable, no leading '-' */
int vnx_check_token(const char *s);    /* UIDs/IQNs: 1..255 printable, no space, no leading '-' */
int vnx_check_ip(const char *s);       /* IPv4 or IPv6 literal */

/* getagent */
int vnx_cmd_getagent(struct vnx_cmd *out);
/* ndu -list */
int vnx_cmd_ndu_list(struct vnx_cmd *out);
/* storagepool -list -all [-id N] (id < 0: all pools) */
int vnx_cmd_storagepool_list(struct vnx_cmd *out, int id);
/* port -list -sp -all */
int vnx_cmd_port_list_sp(struct vnx_cmd *out);
/* port -list -hba */
int vnx_cmd_port_list_hba(struct vnx_cmd *out);
/* connection -getport -all */
int vnx_cmd_connection_getport(struct vnx_cmd *out);

/* lun -create -capacity N -sq mb|gb (-poolId I | -poolName P) -name N
 *   [-type Thin|NonThin] [-sp A|B] [-ignoreThresholds]; check: lun -list -all -name N */
int vnx_cmd_lun_create(struct vnx_cmd *out, const struct slgw_lun_spec *spec);
/* lun -list -all [-l ID | -name N]; ref.id < 0 and ref.name NULL: every LUN */
int vnx_cmd_lun_list(struct vnx_cmd *out, struct slgw_lun_ref ref);
/* lun -destroy (-l ID | -name N) [-destroySnapshots -forceDetach] -o */
int vnx_cmd_lun_destroy(struct vnx_cmd *out, struct slgw_lun_ref ref, int destroy_snapshots);
/* lun -expand (-l ID | -name N) -capacity N -sq mb|gb -o */
int vnx_cmd_lun_expand(struct vnx_cmd *out, struct slgw_lun_ref ref, uint64_t size_mb);

/* snap -create -res ID -name S -allowReadWrite yes|no; check: snap -list -id S -detail */
int vnx_cmd_snap_create(struct vnx_cmd *out, int lun_id, const char *name, int allow_rw);
/* snap -destroy -id S -o */
int vnx_cmd_snap_destroy(struct vnx_cmd *out, const char *name);
/* snap -list [-id S | -res ID] -detail (name NULL and lun_id < 0: all) */
int vnx_cmd_snap_list(struct vnx_cmd *out, const char *name, int lun_id);
/* snap -restore -id S -res ID */
int vnx_cmd_snap_restore(struct vnx_cmd *out, const char *name, int lun_id);
/* snap -copy -id S -name T; check: snap -list -id T -detail */
int vnx_cmd_snap_copy(struct vnx_cmd *out, const char *name, const char *new_name);

/* lun -create -type snap -primaryLun ID -name M; check: lun -list -all -name M */
int vnx_cmd_smp_create(struct vnx_cmd *out, int primary_lun, const char *name);
/* lun -attach (-l|-name) M -snapName S */
int vnx_cmd_smp_attach(struct vnx_cmd *out, struct slgw_lun_ref smp, const char *snap);
/* lun -detach (-l|-name) M -o */
int vnx_cmd_smp_detach(struct vnx_cmd *out, struct slgw_lun_ref smp);

/* migrate -start -source S -dest D -rate low|medium|high|asap -o; check: migrate -list -source S */
int vnx_cmd_migrate_start(struct vnx_cmd *out, int source, int dest, enum slgw_migrate_rate rate);
/* migrate -list [-source S] (source < 0: all) */
int vnx_cmd_migrate_list(struct vnx_cmd *out, int source);
/* migrate -cancel -source S -o */
int vnx_cmd_migrate_cancel(struct vnx_cmd *out, int source);

/* storagegroup -create -gname G; check: storagegroup -list -host -iscsiAttributes -gname G */
int vnx_cmd_sg_create(struct vnx_cmd *out, const char *group);
/* storagegroup -destroy -gname G -o */
int vnx_cmd_sg_destroy(struct vnx_cmd *out, const char *group);
/* storagegroup -list -host -iscsiAttributes [-gname G] (group NULL: all) */
int vnx_cmd_sg_list(struct vnx_cmd *out, const char *group);
/* storagegroup -addhlu -hlu H -alu A -gname G -o  (hlu 0..255) */
int vnx_cmd_sg_addhlu(struct vnx_cmd *out, const char *group, int hlu, int alu);
/* storagegroup -removehlu -hlu H -gname G -o */
int vnx_cmd_sg_removehlu(struct vnx_cmd *out, const char *group, int hlu);
/* storagegroup -setpath -o -gname G -hbauid UID -sp a|b -spport P [-spvport V]
 *   -type T -ip IP -host H -failovermode M -arraycommpath 0|1 */
int vnx_cmd_sg_setpath(struct vnx_cmd *out, const struct slgw_initiator_path *p);
/* storagegroup -sethost -host H -gname G -failovermode M -arraycommpath 0|1 -o */
int vnx_cmd_sg_sethost(struct vnx_cmd *out, const char *group, const char *host,
                       int failover_mode, int arraycommpath);
/* port -removeHBA -hbauid UID -o */
int vnx_cmd_hba_remove(struct vnx_cmd *out, const char *hba_uid);

/* ---- RAID groups and classic LUNs (every generation) ---- */

/* getrg [ID] (id < 0: every group) */
int vnx_cmd_getrg(struct vnx_cmd *out, int id);
/* getlun [N] -name -uid -rg -type -owner -capacity -ismetalun [-ispoollun] (id < 0: every LUN;
 * -ispoollun only when pools != 0, i.e. the array has storage pools) */
int vnx_cmd_getlun(struct vnx_cmd *out, int id, int pools);
/* bind <raid type> N -rg R -cap C -sq mb|gb [-sp a|b]  (no landed check: see vnx_cmd.c) */
int vnx_cmd_bind(struct vnx_cmd *out, const char *raid_type, int lun_id, int rg, uint64_t size_mb,
                 char sp);
/* chglun -l N -name NAME */
int vnx_cmd_chglun_name(struct vnx_cmd *out, int lun_id, const char *name);
/* lun -create -capacity C -sq mb|gb -rg R -l N -name NAME [-sp A|B]  (no landed check) */
int vnx_cmd_lun_create_rg(struct vnx_cmd *out, const struct slgw_rg_lun_spec *spec);
/* unbind N -o */
int vnx_cmd_unbind(struct vnx_cmd *out, int lun_id);
/* metalun -destroy -metalun N -o */
int vnx_cmd_metalun_destroy(struct vnx_cmd *out, int lun_id);
/* metalun -expand -base B -lus L... -type S|C -o  (type AUTO is the caller's to resolve) */
int vnx_cmd_metalun_expand(struct vnx_cmd *out, int base, const int *lus, size_t n,
                           enum slgw_metalun_type type);

/* ---- SnapView ---- */

/* snapview -createsnapshot N -snapshotname S */
int vnx_cmd_sv_createsnapshot(struct vnx_cmd *out, int lun_id, const char *snap);
/* snapview -rmsnapshot -snapshotname S -o */
int vnx_cmd_sv_rmsnapshot(struct vnx_cmd *out, const char *snap);
/* snapview -listsnapshots [-snapshotname S] */
int vnx_cmd_sv_listsnapshots(struct vnx_cmd *out, const char *snap);
/* snapview -startsession X -snapshotname S -persistence (its notice is success) */
int vnx_cmd_sv_startsession(struct vnx_cmd *out, const char *session, const char *snap);
/* snapview -stopsession X -o */
int vnx_cmd_sv_stopsession(struct vnx_cmd *out, const char *session);
/* snapview -listsessions [-name X] */
int vnx_cmd_sv_listsessions(struct vnx_cmd *out, const char *session);
/* snapview -activatesnapshot X -snapshotname S */
int vnx_cmd_sv_activate(struct vnx_cmd *out, const char *session, const char *snap);
/* snapview -deactivatesnapshot -snapshotname S -o */
int vnx_cmd_sv_deactivate(struct vnx_cmd *out, const char *snap);
/* snapview -startrollback X -rate high -o */
int vnx_cmd_sv_rollback(struct vnx_cmd *out, const char *session);
/* storagegroup -addsnapshot -gname G -snapshotname S -hlu H */
int vnx_cmd_sg_addsnapshot(struct vnx_cmd *out, const char *group, const char *snap, int hlu);
/* storagegroup -removesnapshot -gname G -snapshotname S -o */
int vnx_cmd_sg_removesnapshot(struct vnx_cmd *out, const char *group, const char *snap);

/* The notice snapview -startsession prints on success. */
#define VNX_STARTSESSION_NOTICE "You must activate a snapshot on this session before you can access it."

#endif /* SLGW_VNX_CMD_H */
