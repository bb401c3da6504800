/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs.h - the internal interface of slgw-xapi, the SMAPIv3 plugin.
 *
 * Design:
 * - One error model for the whole plugin: a function that fails fills a
 *   struct xs_err (an error code and its parameters, exactly what is
 *   printed to xapi-storage-script) and returns -1. Codes are the IDL's
 *   names where one fits (Volume_does_not_exist, Sr_not_attached,
 *   Unimplemented, ...), else the gateway's fault code (NOT_FOUND,
 *   RESOURCE_EXHAUSTED, UNAVAILABLE, ...) with its message, else one of the
 *   plugin's own (INVALID_ARGUMENT for a bad argument, HOST_ERROR for a
 *   host tool or file that failed, DEVICE_TIMEOUT).
 * - A command is a function of (arguments object) -> (result or NULL for
 *   the IDL's unit). The commands never print: slgw_xapi.c prints.
 * - Records from the gateway travel as JSON objects named like the
 *   contract's fields (xs_gw.c converts), so the command files know nothing
 *   of gSOAP.
 * - Every host path goes through xs_path(), which prefixes ROOT =
 *   ${SLGW_XS_ROOT:-}.
 */
#ifndef SLGW_XAPI_XS_H
#define SLGW_XAPI_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define XS_PLUGIN_VERSION "0.1.0"
#define XS_PARAM_MAX 1024

/* ---- errors (xs_io.c) ---- */

struct xs_err {
	char code[64];
	int nparams;
	char params[2][XS_PARAM_MAX];
};

/* xs_fail: sets code and one parameter (printf format); returns -1. */
int xs_fail(struct xs_err *e, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* xs_err_json: the error object as printed:
 * {"code": C, "params": [...], "backtrace": {"error": ..., "files": [], "lines": []}} */
json_t *xs_err_json(const struct xs_err *e);

/* xs_print_result / xs_print_error: one line on stdout. */
void xs_print_result(const json_t *result);
void xs_print_error(const struct xs_err *e);

/* xs_read_args: reads one JSON object from stdin (at most 1 MiB). */
int xs_read_args(json_t **out, struct xs_err *e);

/* xs_clip: s cut to at most max bytes at a UTF-8 character boundary, into
 * out (max + 1 bytes). xapi's names and descriptions have no bound; the
 * gateway keeps at most XS_TEXT_MAX bytes of each. */
#define XS_TEXT_MAX 1024
void xs_clip(char *out, size_t max, const char *s);

/* Argument getters: a required string (non-empty unless allow_empty), an
 * int64, a bool (xs_arg_bool: optional, dflt when missing or null), an
 * object of strings. -1 with INVALID_ARGUMENT naming the argument. Every
 * argument the IDL declares for a method is required and type-checked,
 * except dbg, which the plugin does not use. */
int xs_arg_str(const char **out, const json_t *args, const char *name, bool allow_empty,
	       struct xs_err *e);
int xs_arg_i64(int64_t *out, const json_t *args, const char *name, struct xs_err *e);
int xs_arg_bool(bool *out, const json_t *args, const char *name, bool dflt, struct xs_err *e);
/* xs_arg_req_bool: a bool the IDL requires (missing is INVALID_ARGUMENT). */
int xs_arg_req_bool(bool *out, const json_t *args, const char *name, struct xs_err *e);
int xs_arg_config(const json_t **out, const json_t *args, const char *name, struct xs_err *e);

/* ---- commands ---- */

typedef int (*xs_cmd_fn)(json_t **result, const json_t *args, struct xs_err *e);

struct xs_command {
	const char *name;  /* "SR.create", ... */
	xs_cmd_fn fn;
};

/* xs_plugin.c */
int xs_cmd_query_volume(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_query_datapath(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_diagnostics(json_t **result, const json_t *args, struct xs_err *e);
/* xs_sr.c */
int xs_cmd_sr_probe(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_create(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_attach(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_detach(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_destroy(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_stat(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_ls(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_set_name(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_sr_set_description(json_t **result, const json_t *args, struct xs_err *e);
/* xs_volume.c */
int xs_cmd_vol_create(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_destroy(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_snapshot(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_clone(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_resize(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_stat(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_set(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_unset(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_set_name(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_vol_set_description(json_t **result, const json_t *args, struct xs_err *e);
/* xs_datapath.c */
int xs_cmd_dp_open(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_attach(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_activate(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_activate_readonly(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_deactivate(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_detach(json_t **result, const json_t *args, struct xs_err *e);
int xs_cmd_dp_close(json_t **result, const json_t *args, struct xs_err *e);

/* The method tables (xs_plugin.c), each ended by a NULL name, and the
 * command of name in one of them (NULL if none). */
extern const struct xs_command xs_volume_commands[];
extern const struct xs_command xs_datapath_commands[];
const struct xs_command *xs_command_find(const struct xs_command *t, const char *name);

/* ---- locks (xs_lock.c) ---- */

/* xs_lock_sr / xs_lock_volume / xs_lock_host: take a flock (exclusive or
 * shared) on ROOT/run/slgw-xapi/lock/...; returns the descriptor (>= 0)
 * to give to xs_unlock, or -1 with e set. Waits for the lock. */
int xs_lock_sr(const char *sr, bool exclusive, struct xs_err *e);
int xs_lock_volume(const char *sr, const char *key, struct xs_err *e);
int xs_lock_host(struct xs_err *e);
void xs_unlock(int fd);

/* ---- host (xs_host.c) ---- */

/* xs_path: ROOT + rel (rel starts with '/'), printf style; -1 if too long. */
int xs_path(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* xs_mkdirs: mkdir -p of ROOT + rel with mode. */
int xs_mkdirs(const char *rel, int mode, struct xs_err *e);

/* The host's identity: installation UUID, management IPv4 address (of
 * the inventory's MANAGEMENT_INTERFACE; may be ""), IQN (may be ""),
 * WWPNs. */
struct xs_host_id {
	char uuid[64];
	char address[64];
	char iqn[256];
	int nwwpn;
	char wwpn[16][24];  /* "50:01:..." colon form, lower case */
};
int xs_host_identity(struct xs_host_id *out, struct xs_err *e);

/* The SR's record on this host (ROOT/run/slgw-xapi/sr/<uuid>.json, 0600):
 * {"configuration": {...}, "host-id": ..., "name": ..., "description": ...}
 * xs_sr_record_read fails with Sr_not_attached when it is missing. */
int xs_sr_record_read(json_t **out, const char *sr, struct xs_err *e);
int xs_sr_record_write(const char *sr, const json_t *rec, struct xs_err *e);
int xs_sr_record_remove(const char *sr);

/* An attachment of a volume on this host
 * (ROOT/run/slgw-xapi/attach/<sr>/<key>.json). read returns 1 if absent. */
int xs_attach_record_read(json_t **out, const char *sr, const char *key, struct xs_err *e);
int xs_attach_record_write(const char *sr, const char *key, const json_t *rec, struct xs_err *e);
void xs_attach_record_remove(const char *sr, const char *key);

/* xs_read_fd: fd read to its end (or past max bytes, or until memory runs
 * out) into a malloc'ed NUL-terminated buffer, *len bytes (NULL when
 * nothing could be allocated). */
char *xs_read_fd(int fd, size_t max, size_t *len);

/* xs_run: runs argv[0] (found on PATH) with argv, no shell, stdin
 * /dev/null; the output (stdout) into *out (malloc'ed, may be NULL) when
 * out is given. Returns the exit status (0..255), or -1 when it could not
 * be run / was killed (e set). */
int xs_run(char **out, char *const argv[], struct xs_err *e);

/* iSCSI: log in to each (portal, target iqn) not yet in a session:
 * discovery on the portal then node login; then `iscsiadm -m session -R`.
 * targets is the assignment's "target" array. Returns 0 when at least one
 * session to the array exists afterwards. */
int xs_iscsi_login(const json_t *targets, struct xs_err *e);
/* FC: writes "- - -" to every ROOT/sys/class/scsi_host/host* /scan. */
int xs_fc_scan(struct xs_err *e);
/* Waits (bounded: $SLGW_XS_DEVICE_TIMEOUT seconds, default 30) for
 * by-id/dm-uuid-mpath-3<naa> (preferred) or by-id/scsi-3<naa>; the device
 * path (ROOT included) into dev. */
int xs_wait_device(char *dev, size_t len, const char *naa, struct xs_err *e);
/* Removes the host's view of naa: multipath -f of its map, "1" into the
 * device/delete of each SCSI device under it. Never fails on what is gone;
 * fails (HOST_ERROR) only when the map is still there (in use). */
int xs_remove_device(const char *naa, struct xs_err *e);
/* naa of a WWN "60:06:01:..." -> "600601..." (lower case, no colons). */
int xs_wwn_to_naa(char *naa, size_t len, const char *wwn);

/* ---- gateway (xs_gw.c) ---- */

typedef struct xs_gw xs_gw;

/* xs_gw_open: a session for the SR's configuration (keys server,
 * username, password / password-file, cacert / fingerprint): the servers
 * are tried in order until one answers getServiceInfo. */
int xs_gw_open(xs_gw **out, const json_t *config, struct xs_err *e);
void xs_gw_close(xs_gw *gw);

int xs_gw_systems(json_t **out, xs_gw *gw, struct xs_err *e);
int xs_gw_pools(json_t **out, xs_gw *gw, const char *system_id, struct xs_err *e);

/* New volume: keys is an object of strings (may be NULL). */
struct xs_vol_req {
	const char *system_id, *pool_id, *name, *description, *collection, *provisioning;
	int64_t size_mb;
	const json_t *keys;
};
int xs_gw_volume_create(json_t **vol, xs_gw *gw, const struct xs_vol_req *r, struct xs_err *e);
int xs_gw_volume_get(json_t **vol, xs_gw *gw, const char *id, struct xs_err *e);
int xs_gw_volume_delete(xs_gw *gw, const char *id, struct xs_err *e);
int xs_gw_volume_resize(xs_gw *gw, const char *id, int64_t size_mb, struct xs_err *e);
/* The volumes of a collection, or of a pool (either may be NULL). */
int xs_gw_volumes(json_t **out, xs_gw *gw, const char *collection, const char *pool_id,
		  struct xs_err *e);

/* Attribute changes (volume or snapshot): any of name / description may be
 * NULL (unchanged); set is an object of strings, unset an array of names. */
struct xs_attr_req {
	const char *name, *description;
	const json_t *set, *unset;
};
int xs_gw_volume_attrs(json_t **vol, xs_gw *gw, const char *id, const struct xs_attr_req *r,
		       struct xs_err *e);
int xs_gw_snapshot_attrs(json_t **snap, xs_gw *gw, const char *id, const struct xs_attr_req *r,
			 struct xs_err *e);

int xs_gw_snapshot_create(json_t **snap, xs_gw *gw, const char *volume_id, const char *name,
			  const char *description, const json_t *keys, struct xs_err *e);
int xs_gw_snapshot_get(json_t **snap, xs_gw *gw, const char *id, struct xs_err *e);
int xs_gw_snapshot_delete(xs_gw *gw, const char *id, struct xs_err *e);
int xs_gw_snapshots(json_t **out, xs_gw *gw, const char *collection, struct xs_err *e);
/* A linked clone of a snapshot, as a new volume. */
int xs_gw_clone(json_t **vol, xs_gw *gw, const char *snapshot_id, const char *name,
		const char *description, const char *collection, const json_t *keys,
		struct xs_err *e);

/* Host registration: finds the host named name or adds it, adds any
 * initiator it lacks; the gateway's host id into host_id. */
int xs_gw_host_register(char *host_id, size_t len, xs_gw *gw, const struct xs_host_id *h,
			struct xs_err *e);
int xs_gw_host_prepare(xs_gw *gw, const char *host_id, const char *system_id, struct xs_err *e);
int xs_gw_assign(json_t **assignment, xs_gw *gw, const char *volume_id, const char *host_id,
		 struct xs_err *e);
int xs_gw_unassign(xs_gw *gw, const char *volume_id, const char *host_id, struct xs_err *e);

/* ---- shared plugin logic (xs_sr.c) ---- */

/* The keys the plugin keeps on gateway objects for itself (never shown to
 * xapi in `keys`) start with this prefix. */
#define XS_KEY_PREFIX "slgw."
#define XS_KEY_NAME XS_KEY_PREFIX "name"          /* xapi's name of the volume */
#define XS_KEY_SHARABLE XS_KEY_PREFIX "sharable"
#define XS_KEY_HIDDEN XS_KEY_PREFIX "hidden"      /* clone-base, mount */
#define XS_KEY_BASE XS_KEY_PREFIX "base"          /* snapshot a clone was made from */

/* Keys the plugin adds to the SR's configuration (SR.create's result,
 * which xapi keeps in the PBDs and gives back to SR.attach). "sr_uuid" is
 * also what xapi-storage-script reads in an SR.probe result. */
#define XS_CONF_SR_UUID "sr_uuid"
#define XS_CONF_SR_NAME "sr_name"
#define XS_CONF_SR_DESC "sr_description"

/* xs_sr_open: checks sr, reads its record (Sr_not_attached), opens the
 * gateway. *rec and *gw to be released by the caller. */
int xs_sr_open(json_t **rec, xs_gw **gw, const char *sr, struct xs_err *e);
/* xs_check_sr_uuid: the SR uuid's charset (it is a file name and the
 * gateway's collection tag): 1..64 of [A-Za-z0-9._:-], not starting '.'. */
int xs_check_sr_uuid(const char *sr, struct xs_err *e);

/* xs_volume_json: the IDL's volume record of a gateway volume or
 * snapshot (is_snap) of SR sr. */
json_t *xs_volume_json(const char *sr, const json_t *obj, bool is_snap);

/* Keys: "v<id>" volume, "s<id>" snapshot. */
int xs_parse_key(bool *is_snap, char *id, size_t len, const char *key, struct xs_err *e);

/* xs_volume_lookup (xs_volume.c): the gateway object of key in sr, its
 * kind and id; Volume_does_not_exist unless it is a live object of sr. */
int xs_volume_lookup(json_t **obj, bool *is_snap, char *id, size_t idlen, xs_gw *gw,
		     const char *sr, const char *key, struct xs_err *e);

/* xs_unique_name: a gateway object name that is new: prefix-<16 hex>. */
void xs_unique_name(char *buf, size_t len, const char *prefix);

#endif
