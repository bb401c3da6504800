/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fakehost.h - the fake XenServer host the plugin tests run against.
 *
 * One multi-call binary plays the host-side tools the plugin uses
 * (iscsiadm, multipath) and the kernel behind them (SCSI devices appearing
 * after a login or scan, device-mapper multipath maps, sysfs delete).  It
 * works on a directory tree ROOT (env FAKEHOST_ROOT, else SLGW_XS_ROOT)
 * laid out like a host's /dev, /sys, /etc and /run, and refuses to run
 * without one, so it can never touch the real /dev.
 *
 * It never cheats: the only truth about what the host can see is the
 * simulated array itself, read through `navisim --admin` (list-arrays and
 * show), exactly as the gateway left it.  A LUN becomes a device only when
 *   - the LUN is in a storage group that holds an initiator record of this
 *     host (its IQN from etc/iscsi/initiatorname.iscsi, or a WWPN from
 *     sys/class/fc_host/host*\/port_name) for that SP port, and
 *   - the kernel scanned that path after the mapping: an iSCSI login or
 *     session rescan, or a write to sys/class/scsi_host/hostN/scan.
 * Like the kernel, a scan adds devices and never removes them: a LUN
 * unmapped behind the host's back stays a (stale) device until deleted.
 *
 * State (sessions, node records, devices, maps) is one JSON document in
 * ROOT/run/fakehost/state.json, changed only under an exclusive flock of
 * ROOT/run/fakehost/lock, so the tools and the poller may run at once.
 * Every invocation first "settles" what a kernel would already have done:
 * pending device/delete and scan writes.
 */
#ifndef FAKEHOST_H
#define FAKEHOST_H

#include <jansson.h>
#include <stddef.h>

/* open-iscsi's exit codes (iscsi_err.h numbering). */
#define ISCSI_ERR_TRANS 4
#define ISCSI_ERR_INVAL 7
#define ISCSI_ERR_TRANS_TIMEOUT 8
#define ISCSI_ERR_SESS_EXISTS 15
#define ISCSI_ERR_NO_OBJS_FOUND 21

#define FH_PATH_MAX 4096

/* One running fake: its root, its lock and the loaded state. */
typedef struct fh_ctx {
	char root[FH_PATH_MAX];
	int lock_fd;
	json_t *st; /* {sessions, nodes, devices, maps, next_sid, next_host, fc_targets} */
	int dirty;
} fh_ctx;

/* fh_state.c */
int fh_open(fh_ctx *c, const char *root);    /* lock + load; 0 or -1 (message printed) */
int fh_close(fh_ctx *c);                     /* save if dirty, unlock; 0 or -1 */
const char *fh_env_root(void);               /* FAKEHOST_ROOT, else SLGW_XS_ROOT, else NULL */
int fh_path(char *out, size_t len, const fh_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
int fh_mkdirs(const char *path, unsigned mode);
int fh_write_file(const char *path, const char *text);
int fh_read_file(char *out, size_t len, const char *path); /* trailing whitespace trimmed */
int fh_symlink(const char *target, const char *link);      /* replaces link */
int fh_rm_rf(const char *path);
long long fh_next(fh_ctx *c, const char *key);              /* counter in the state, from 1 */
json_t *fh_arr(json_t *o, const char *key);                 /* array member, created if absent */
const char *fh_str(const json_t *o, const char *key);       /* "" if absent */
long long fh_int(const json_t *o, const char *key);
/* The hex digits of s (colons skipped) lowercased into out[n + 1]; -1 unless
 * there are exactly n and nothing else. */
int fh_hex_digits(char *out, size_t n, const char *s);

/* fh_array.c: the simulated arrays as this host's SCSI layer would see them. */
typedef struct fh_host_id {
	char iqn[256];
	char wwpn[32][24]; /* aa:bb:..:hh lowercase */
	int fc_host[32];   /* the scsi host number of each HBA */
	size_t n_wwpn;
} fh_host_id;

int fh_host_identity(fh_host_id *out, const fh_ctx *c);
/* All arrays: [{name, spa, spb, spa_down, spb_down, state}] or NULL (message printed). */
json_t *fh_arrays_load(void);
/* The array that owns iSCSI portal ip (and its port object), or NULL. */
json_t *fh_portal_find(json_t **port_out, const char **sp_out, json_t *arrays, const char *ip);
int fh_sp_down(const json_t *array, const char *sp);
/* LUNs visible on a path: [{hlu, wwn (32 hex), blocks}], new reference. */
json_t *fh_visible_luns(json_t *array, const char *proto, const char *initiator, const char *sp, long long port);

/* fh_devices.c */
int fh_settle(fh_ctx *c);                      /* pending deletes, rescans and scan writes */
int fh_scan_session(fh_ctx *c, json_t *arrays, const json_t *session);
int fh_scan_fc_host(fh_ctx *c, json_t *arrays, int host);
int fh_remove_device(fh_ctx *c, const char *name);
int fh_remove_session_devices(fh_ctx *c, long long host);
int fh_sync_maps(fh_ctx *c, int create);        /* slaves/holders; create: a map per WWID */
int fh_multipath_on(const fh_ctx *c);
int fh_map_remove(fh_ctx *c, json_t *map);
json_t *fh_map_find(fh_ctx *c, const char *name); /* by "3<naa>", dm-N, /dev/dm-N, /dev/mapper/... */

/* the tools */
int fh_iscsiadm_main(int argc, char **argv);
int fh_multipath_main(int argc, char **argv);
int fh_fakehost_main(int argc, char **argv);

#endif
