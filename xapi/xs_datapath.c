/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_datapath.c - the Datapath commands for slgw://<sr>/<key> URIs: make
 * the volume's LUN a block device of this host, and take it away again.
 *
 * Datapath.attach:
 *   1. assignStorage of the volume to this host (the gateway's host id for
 *      this installation, recorded by SR.attach). A snapshot is attached
 *      read-only through a mount: a linked clone the plugin makes now
 *      (hidden from SR.ls), assigned instead, removed at detach.
 *   2. iSCSI: discovery and login to every portal the assignment names, on
 *      both SPs, skipping sessions that exist, then a session rescan. FC: a
 *      scan of every SCSI host.  (device-config:protocol, auto = FC when the
 *      host has FC ports and the array returned FC targets.)
 *   3. Wait, bounded, for by-id/dm-uuid-mpath-3<naa>, else by-id/scsi-3<naa>.
 *   4. Answer XenDisk {backend_type vbd, params <device>} and
 *      BlockDevice {path <device>}.
 *   The attachment (volume id, naa, device, mount) is recorded under
 *   ROOT/run/slgw-xapi/attach/, which makes attach idempotent and lets
 *   detach undo exactly what attach did.  An attach that fails half-way undoes
 *   itself the same way: xapi never detaches what did not attach.
 * Datapath.detach: flush the multipath map, delete the SCSI devices
 * through sysfs, unassignStorage, remove a snapshot's mount. What is
 * already gone is not an error (the IDL: detach should never fail); a map
 * still in use is, and the LUN then stays assigned.
 * open / activate / activate_readonly / deactivate / close have nothing to
 * do: the LUN is usable from attach to detach, on any number of hosts
 * (xenopsd activates a read-only VBD through activate_readonly). A
 * non-persistent open is refused (Unimplemented): writes to a LUN cannot
 * be thrown away, and the plugin does not claim NONPERSISTENT, so
 * xapi-storage-script makes such a disk a Volume.clone instead.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xs.h"

struct dctx {
	char sr[80], key[48];
	json_t *rec;
	xs_gw *gw;
	int lk_sr, lk_vol;
};

/* "slgw://<sr>/<key>"; and the IDL's domain argument of the calls that
 * have one (advisory: checked, not used). */
static int parse_uri(struct dctx *d, const json_t *args, bool domain, struct xs_err *e)
{
	const char *uri, *rest, *slash, *dom;
	bool snap;
	char id[64];

	if (xs_arg_str(&uri, args, "uri", false, e) ||
	    (domain && xs_arg_str(&dom, args, "domain", true, e)))
		return -1;
	if (strncmp(uri, "slgw://", 7))
		return xs_fail(e, "INVALID_ARGUMENT", "uri: not an slgw:// URI: %.80s", uri);
	rest = uri + 7;
	slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) >= sizeof d->sr ||
	    strlen(slash + 1) >= sizeof d->key)
		return xs_fail(e, "INVALID_ARGUMENT", "uri: expected slgw://<sr>/<key>: %.80s", uri);
	snprintf(d->sr, sizeof d->sr, "%.*s", (int)(slash - rest), rest);
	snprintf(d->key, sizeof d->key, "%s", slash + 1);
	if (xs_check_sr_uuid(d->sr, e) || xs_parse_key(&snap, id, sizeof id, d->key, e))
		return -1;
	return 0;
}

static void dctx_close(struct dctx *d)
{
	json_decref(d->rec);
	xs_gw_close(d->gw);
	xs_unlock(d->lk_vol);
	xs_unlock(d->lk_sr);
}

static int dctx_lock(struct dctx *d, const json_t *args, struct xs_err *e)
{
	memset(d, 0, sizeof *d);
	d->lk_sr = d->lk_vol = -1;
	if (parse_uri(d, args, true, e))
		return -1;
	if ((d->lk_sr = xs_lock_sr(d->sr, false, e)) < 0 ||
	    (d->lk_vol = xs_lock_volume(d->sr, d->key, e)) < 0) {
		dctx_close(d);
		return -1;
	}
	return 0;
}

static json_t *backend(const char *dev)
{
	json_t *b = json_object(), *impls = json_array(), *x, *xd, *bd;

	xd = json_object();
	json_object_set_new(xd, "backend_type", json_string("vbd"));
	json_object_set_new(xd, "params", json_string(dev));
	json_object_set_new(xd, "extra", json_object());
	x = json_array();
	json_array_append_new(x, json_string("XenDisk"));
	json_array_append_new(x, xd);
	json_array_append_new(impls, x);
	/* block_device is {path; dummy: unit} in the IDL: unit is null */
	bd = json_object();
	json_object_set_new(bd, "path", json_string(dev));
	json_object_set_new(bd, "dummy", json_null());
	x = json_array();
	json_array_append_new(x, json_string("BlockDevice"));
	json_array_append_new(x, bd);
	json_array_append_new(impls, x);
	json_object_set_new(b, "domain_uuid", json_string("0"));
	json_object_set_new(b, "implementations", impls);
	return b;
}

static bool use_fc(const json_t *rec, const json_t *targets)
{
	const char *proto = json_string_value(
		json_object_get(json_object_get(rec, "configuration"), "protocol"));
	struct xs_host_id h;
	struct xs_err ignore;
	bool fc_target = false;
	size_t i;
	const json_t *t;

	if (proto && !strcmp(proto, "fc"))
		return true;
	if (proto && !strcmp(proto, "iscsi"))
		return false;
	json_array_foreach(targets, i, t) {
		const char *p = json_string_value(json_object_get(t, "protocol"));

		fc_target |= p && !strcasecmp(p, "fc");
	}
	return fc_target && xs_host_identity(&h, &ignore) == 0 && h.nwwpn > 0;
}

/* Undoes an attachment as its record describes it: the host's devices,
 * the gateway's mapping, a snapshot's mount, then the record. What is
 * already gone is skipped; a map in use stops it (the LUN stays). */
static int undo(struct dctx *d, const json_t *att, const char *host_id, struct xs_err *e)
{
	const char *vol_id = json_string_value(json_object_get(att, "volume-id"));
	const char *naa = json_string_value(json_object_get(att, "naa"));
	const char *mid = json_string_value(json_object_get(att, "mount-volume-id"));

	if (naa && xs_remove_device(naa, e))
		return -1;
	if (vol_id && *vol_id && host_id && xs_gw_unassign(d->gw, vol_id, host_id, e) &&
	    strcmp(e->code, "NOT_FOUND"))
		return -1;
	if (mid && *mid && xs_gw_volume_delete(d->gw, mid, e) && strcmp(e->code, "NOT_FOUND"))
		return -1;
	xs_attach_record_remove(d->sr, d->key);
	return 0;
}

int xs_cmd_dp_attach(json_t **result, const json_t *args, struct xs_err *e)
{
	struct dctx d;
	json_t *obj = NULL, *att = NULL, *asg = NULL, *mount = NULL;
	bool is_snap;
	char id[64], vol_id[64], naa[40], dev[4096];
	const char *host_id = NULL, *wwn;
	int rc = -1, hl = -1, started = 0;

	if (dctx_lock(&d, args, e))
		return -1;
	if (xs_sr_open(&d.rec, &d.gw, d.sr, e))
		goto out;
	host_id = json_string_value(json_object_get(d.rec, "host-id"));
	if (!host_id) {
		xs_fail(e, "Sr_not_attached", "%s", d.sr);
		goto out;
	}
	if (xs_volume_lookup(&obj, &is_snap, id, sizeof id, d.gw, d.sr, d.key, e))
		goto out;
	/* Attached already (a repeated call): the same answer. */
	if (xs_attach_record_read(&att, d.sr, d.key, e) < 0)
		goto out;
	if (att) {
		const char *old = json_string_value(json_object_get(att, "device"));

		if (old && access(old, F_OK) == 0) {
			*result = backend(old);
			rc = 0;
			goto out;
		}
	} else {
		att = json_object();
	}
	snprintf(vol_id, sizeof vol_id, "%s", id);
	started = 1;
	if (is_snap) {
		const char *mid = json_string_value(json_object_get(att, "mount-volume-id"));

		if (!mid) {
			json_t *keys = json_object();
			char gname[64];

			json_object_set_new(keys, XS_KEY_HIDDEN, json_string("mount"));
			json_object_set_new(keys, XS_KEY_PREFIX "mount-of", json_string(d.key));
			xs_unique_name(gname, sizeof gname, "xs-mnt");
			rc = xs_gw_clone(&mount, d.gw, id, gname, "read-only mount of a snapshot",
					 d.sr, keys, e);
			json_decref(keys);
			if (rc)
				goto out;
			rc = -1;
			mid = json_string_value(json_object_get(mount, "id"));
			json_object_set_new(att, "mount-volume-id", json_string(mid ? mid : ""));
			/* recorded at once: a detach after a failure below
			 * still removes the mount */
			if (xs_attach_record_write(d.sr, d.key, att, e))
				goto out;
			mid = json_string_value(json_object_get(att, "mount-volume-id"));
		}
		snprintf(vol_id, sizeof vol_id, "%s", mid);
	}
	json_object_set_new(att, "volume-id", json_string(vol_id));
	json_object_set_new(att, "host-id", json_string(host_id));
	if (xs_attach_record_write(d.sr, d.key, att, e) ||
	    xs_gw_assign(&asg, d.gw, vol_id, host_id, e))
		goto out;
	wwn = json_string_value(json_object_get(asg, "lunWwn"));
	if (!wwn || xs_wwn_to_naa(naa, sizeof naa, wwn)) {
		xs_fail(e, "INTERNAL", "the gateway's assignment has no valid LUN WWN");
		goto out;
	}
	json_object_set_new(att, "naa", json_string(naa));
	if (xs_attach_record_write(d.sr, d.key, att, e))
		goto out;
	if (use_fc(d.rec, json_object_get(asg, "target"))) {
		if (xs_fc_scan(e))
			goto out;
	} else {
		if ((hl = xs_lock_host(e)) < 0 || xs_iscsi_login(json_object_get(asg, "target"), e))
			goto out;
		xs_unlock(hl);
		hl = -1;
	}
	if (xs_wait_device(dev, sizeof dev, naa, e))
		goto out;
	json_object_set_new(att, "device", json_string(dev));
	if (xs_attach_record_write(d.sr, d.key, att, e))
		goto out;
	*result = backend(dev);
	rc = 0;
out:
	xs_unlock(hl);
	/* A failed attach leaves nothing behind (xapi does not detach what
	 * did not attach): the original error is the one reported. */
	if (rc && started && att) {
		struct xs_err ignore;

		undo(&d, att, host_id, &ignore);
	}
	json_decref(mount);
	json_decref(asg);
	json_decref(att);
	json_decref(obj);
	dctx_close(&d);
	return rc;
}

int xs_cmd_dp_detach(json_t **result, const json_t *args, struct xs_err *e)
{
	struct dctx d;
	json_t *att = NULL, *obj = NULL;
	const char *host_id;
	char idbuf[64], naabuf[40];
	int rc = -1;

	(void)result;
	if (dctx_lock(&d, args, e))
		return -1;
	/* An SR that is not attached here has nothing attached here. */
	if (xs_sr_record_read(&d.rec, d.sr, e)) {
		rc = !strcmp(e->code, "Sr_not_attached") ? 0 : -1;
		goto out;
	}
	host_id = json_string_value(json_object_get(d.rec, "host-id"));
	if (xs_attach_record_read(&att, d.sr, d.key, e) < 0)
		goto out;
	if (xs_gw_open(&d.gw, json_object_get(d.rec, "configuration"), e))
		goto out;
	if (!att) {
		/* No record (lost /run, or attached by another tool): undo
		 * what can be derived from the gateway. */
		bool is_snap;
		struct xs_err why;

		if (xs_volume_lookup(&obj, &is_snap, idbuf, sizeof idbuf, d.gw, d.sr, d.key, &why) ||
		    is_snap) {
			rc = 0;
			goto out;
		}
		att = json_object();
		json_object_set_new(att, "volume-id", json_string(idbuf));
		if (json_string_value(json_object_get(obj, "wwn")) &&
		    xs_wwn_to_naa(naabuf, sizeof naabuf,
				  json_string_value(json_object_get(obj, "wwn"))) == 0)
			json_object_set_new(att, "naa", json_string(naabuf));
	}
	if (undo(&d, att, host_id, e))
		goto out;
	rc = 0;
out:
	json_decref(obj);
	json_decref(att);
	dctx_close(&d);
	return rc;
}

/* open / activate / deactivate / close: the URI is checked, nothing else
 * is needed. */
static int nothing(const json_t *args, bool domain, struct xs_err *e)
{
	struct dctx d;

	memset(&d, 0, sizeof d);
	return parse_uri(&d, args, domain, e);
}

int xs_cmd_dp_open(json_t **result, const json_t *args, struct xs_err *e)
{
	bool persistent;

	(void)result;
	if (xs_arg_req_bool(&persistent, args, "persistent", e) || nothing(args, false, e))
		return -1;
	if (!persistent)
		return xs_fail(e, "Unimplemented",
			       "Datapath.open with persistent false (no NONPERSISTENT feature)");
	return 0;
}

int xs_cmd_dp_activate(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return nothing(args, true, e);
}

int xs_cmd_dp_activate_readonly(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return nothing(args, true, e);
}

int xs_cmd_dp_deactivate(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return nothing(args, true, e);
}

int xs_cmd_dp_close(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return nothing(args, false, e);
}
