/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_volume.c - the Volume commands: one gateway volume (one LUN) per
 * VDI; a snapshot is an array snapshot that xapi sees as a read-only
 * volume.
 *
 * Design:
 * - The gateway names objects itself: volume names must be unique per
 *   tenant and xapi's are not ("Untitled disk"), so each object gets a
 *   fresh gateway name (xs-<16 hex>) and xapi's name lives in the key
 *   slgw.name, its description in the gateway's description. xapi's keys
 *   (vdi-type, is_a_snapshot, snapshot_of, ...) are gateway keys as they
 *   are: they persist in the gateway and come back in `keys`; the
 *   "slgw." prefix is the plugin's own and refused to xapi.
 * - Every command first reads the object and checks it carries this SR's
 *   collection tag: an object of another SR, one deleted behind xapi's
 *   back, or an unknown key are all Volume_does_not_exist.
 * - Volume.clone of a volume is a snapshot (hidden from SR.ls, recorded in
 *   the clone's slgw.base) plus a linked clone of it; Volume.destroy of
 *   the clone deletes that snapshot too. Volume.clone of a snapshot is a
 *   linked clone of it.
 * - Locks: the SR's lock shared, the volume's exclusive (xs_lock.c).
 */
#include <stdio.h>
#include <string.h>

#include "xs.h"

#define MB (1024LL * 1024LL)

struct vctx {
	const char *sr, *key;
	bool is_snap;
	char id[64];
	json_t *rec;     /* the SR record */
	xs_gw *gw;
	json_t *obj;     /* the gateway volume or snapshot */
	int lk_sr, lk_vol;
};

static void vctx_close(struct vctx *v)
{
	json_decref(v->obj);
	json_decref(v->rec);
	xs_gw_close(v->gw);
	xs_unlock(v->lk_vol);
	xs_unlock(v->lk_sr);
}

/* Reads the object key of sr (locks taken); Volume_does_not_exist unless
 * it is a live object of this SR. */
static int fetch(struct vctx *v, struct xs_err *e)
{
	const char *coll, *state;
	int rc;

	rc = v->is_snap ? xs_gw_snapshot_get(&v->obj, v->gw, v->id, e)
			: xs_gw_volume_get(&v->obj, v->gw, v->id, e);
	if (rc) {
		if (!strcmp(e->code, "NOT_FOUND"))
			return xs_fail(e, "Volume_does_not_exist", "%s", v->key);
		return -1;
	}
	coll = json_string_value(json_object_get(v->obj, "collection"));
	state = json_string_value(json_object_get(v->obj, "state"));
	if (!coll || strcmp(coll, v->sr) || (state && !strcmp(state, "deleted")))
		return xs_fail(e, "Volume_does_not_exist", "%s", v->key);
	return 0;
}

/* sr and key from the arguments, locks, SR record, gateway, object. */
static int vctx_open(struct vctx *v, const json_t *args, bool lock_volume, struct xs_err *e)
{
	memset(v, 0, sizeof *v);
	v->lk_sr = v->lk_vol = -1;
	if (xs_arg_str(&v->sr, args, "sr", false, e) || xs_arg_str(&v->key, args, "key", false, e))
		return -1;
	if (xs_check_sr_uuid(v->sr, e) ||
	    xs_parse_key(&v->is_snap, v->id, sizeof v->id, v->key, e))
		return -1;
	if ((v->lk_sr = xs_lock_sr(v->sr, false, e)) < 0)
		return -1;
	if (lock_volume && (v->lk_vol = xs_lock_volume(v->sr, v->key, e)) < 0)
		goto fail;
	if (xs_sr_open(&v->rec, &v->gw, v->sr, e) || fetch(v, e))
		goto fail;
	return 0;
fail:
	vctx_close(v);
	return -1;
}

static const char *objkey(const json_t *obj, const char *k)
{
	return json_string_value(json_object_get(json_object_get(obj, "keys"), k));
}

static int64_t to_mb(int64_t bytes)
{
	int64_t mb = bytes / MB + (bytes % MB ? 1 : 0);

	return mb < 1 ? 1 : mb;
}

int xs_cmd_vol_create(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *sr, *name, *desc, *prov;
	int64_t size;
	bool sharable;
	json_t *rec = NULL, *keys, *vol = NULL;
	xs_gw *gw = NULL;
	char gname[64], name_c[XS_TEXT_MAX + 1], desc_c[XS_TEXT_MAX + 1];
	struct xs_vol_req r = { 0 };
	int lk, rc;

	if (xs_arg_str(&sr, args, "sr", false, e) || xs_arg_str(&name, args, "name", true, e) ||
	    xs_arg_str(&desc, args, "description", true, e) ||
	    xs_arg_i64(&size, args, "size", e) || xs_arg_req_bool(&sharable, args, "sharable", e))
		return -1;
	if (size < 0)
		return xs_fail(e, "INVALID_ARGUMENT", "size: negative");
	if (xs_check_sr_uuid(sr, e) || (lk = xs_lock_sr(sr, false, e)) < 0)
		return -1;
	if (xs_sr_open(&rec, &gw, sr, e)) {
		xs_unlock(lk);
		return -1;
	}
	prov = json_string_value(json_object_get(json_object_get(rec, "configuration"),
						 "provisioning"));
	xs_clip(name_c, XS_TEXT_MAX, name);
	xs_clip(desc_c, XS_TEXT_MAX, desc);
	keys = json_object();
	json_object_set_new(keys, XS_KEY_NAME, json_string(name_c));
	if (sharable)
		json_object_set_new(keys, XS_KEY_SHARABLE, json_string("true"));
	xs_unique_name(gname, sizeof gname, "xs");
	r.system_id = json_string_value(json_object_get(rec, "system-id"));
	r.pool_id = json_string_value(json_object_get(rec, "pool-id"));
	r.name = gname;
	r.description = desc_c;
	r.collection = sr;
	r.provisioning = prov && !strcmp(prov, "thick") ? "THICK" : "THIN";
	r.size_mb = to_mb(size);
	r.keys = keys;
	rc = xs_gw_volume_create(&vol, gw, &r, e);
	if (!rc)
		*result = xs_volume_json(sr, vol, false);
	json_decref(vol);
	json_decref(keys);
	json_decref(rec);
	xs_gw_close(gw);
	xs_unlock(lk);
	return rc;
}

int xs_cmd_vol_destroy(json_t **result, const json_t *args, struct xs_err *e)
{
	struct vctx v;
	int rc;

	(void)result;
	if (vctx_open(&v, args, true, e))
		return -1;
	if (v.is_snap) {
		rc = xs_gw_snapshot_delete(v.gw, v.id, e);
	} else {
		const char *base = objkey(v.obj, XS_KEY_BASE);

		rc = xs_gw_volume_delete(v.gw, v.id, e);
		if (!rc && base) {
			/* the hidden snapshot this clone was made from */
			struct xs_err ignore;

			xs_gw_snapshot_delete(v.gw, base, &ignore);
		}
	}
	if (rc && !strcmp(e->code, "NOT_FOUND"))
		xs_fail(e, "Volume_does_not_exist", "%s", v.key);
	vctx_close(&v);
	return rc;
}

static json_t *name_keys(const json_t *obj)
{
	json_t *keys = json_object();
	const char *n = objkey(obj, XS_KEY_NAME);

	json_object_set_new(keys, XS_KEY_NAME,
			    json_string(n ? n : json_string_value(json_object_get(obj, "name"))));
	return keys;
}

int xs_cmd_vol_snapshot(json_t **result, const json_t *args, struct xs_err *e)
{
	struct vctx v;
	json_t *keys, *snap = NULL;
	char gname[64];
	int rc;

	if (vctx_open(&v, args, true, e))
		return -1;
	if (v.is_snap) {
		vctx_close(&v);
		return xs_fail(e, "Unimplemented", "a snapshot of a snapshot (%s)", v.key);
	}
	keys = name_keys(v.obj);
	xs_unique_name(gname, sizeof gname, "xs");
	rc = xs_gw_snapshot_create(&snap, v.gw, v.id, gname,
				   json_string_value(json_object_get(v.obj, "description")), keys, e);
	if (!rc) {
		/* the source's size, when the gateway did not say */
		if (!json_object_get(snap, "sizeMB"))
			json_object_set(snap, "sizeMB", json_object_get(v.obj, "sizeMB"));
		*result = xs_volume_json(v.sr, snap, true);
	}
	json_decref(snap);
	json_decref(keys);
	vctx_close(&v);
	return rc;
}

int xs_cmd_vol_clone(json_t **result, const json_t *args, struct xs_err *e)
{
	struct vctx v;
	json_t *keys, *snap = NULL, *vol = NULL;
	char gname[64], snap_id[64];
	const char *desc;
	int rc = -1;

	if (vctx_open(&v, args, true, e))
		return -1;
	keys = name_keys(v.obj);
	desc = json_string_value(json_object_get(v.obj, "description"));
	if (v.is_snap) {
		snprintf(snap_id, sizeof snap_id, "%s", v.id);
	} else {
		json_t *hk = json_object();
		const char *sid;

		json_object_set_new(hk, XS_KEY_HIDDEN, json_string("clone-base"));
		xs_unique_name(gname, sizeof gname, "xs-base");
		rc = xs_gw_snapshot_create(&snap, v.gw, v.id, gname, desc, hk, e);
		json_decref(hk);
		if (rc)
			goto out;
		sid = json_string_value(json_object_get(snap, "id"));
		snprintf(snap_id, sizeof snap_id, "%s", sid ? sid : "");
		json_object_set_new(keys, XS_KEY_BASE, json_string(snap_id));
	}
	xs_unique_name(gname, sizeof gname, "xs");
	rc = xs_gw_clone(&vol, v.gw, snap_id, gname, desc, v.sr, keys, e);
	if (rc && !v.is_snap) {
		struct xs_err ignore;

		xs_gw_snapshot_delete(v.gw, snap_id, &ignore);
	}
	if (!rc)
		*result = xs_volume_json(v.sr, vol, false);
out:
	json_decref(vol);
	json_decref(snap);
	json_decref(keys);
	vctx_close(&v);
	return rc;
}

int xs_cmd_vol_resize(json_t **result, const json_t *args, struct xs_err *e)
{
	struct vctx v;
	int64_t size, want;
	int rc = 0;

	(void)result;
	if (xs_arg_i64(&size, args, "new_size", e))
		return -1;
	if (size < 0)
		return xs_fail(e, "INVALID_ARGUMENT", "new_size: negative");
	if (vctx_open(&v, args, true, e))
		return -1;
	if (v.is_snap) {
		vctx_close(&v);
		return xs_fail(e, "INVALID_ARGUMENT", "%s is a snapshot: read-only", v.key);
	}
	want = to_mb(size);
	/* "enlarges to at least new_size": a volume already that large is done */
	if (want > json_integer_value(json_object_get(v.obj, "sizeMB")))
		rc = xs_gw_volume_resize(v.gw, v.id, want, e);
	vctx_close(&v);
	return rc;
}

int xs_cmd_vol_stat(json_t **result, const json_t *args, struct xs_err *e)
{
	struct vctx v;

	if (vctx_open(&v, args, false, e))
		return -1;
	*result = xs_volume_json(v.sr, v.obj, v.is_snap);
	vctx_close(&v);
	return 0;
}

static int attrs(struct vctx *v, const struct xs_attr_req *r, struct xs_err *e)
{
	json_t *out = NULL;
	int rc = v->is_snap ? xs_gw_snapshot_attrs(&out, v->gw, v->id, r, e)
			    : xs_gw_volume_attrs(&out, v->gw, v->id, r, e);

	if (rc && !strcmp(e->code, "NOT_FOUND"))
		xs_fail(e, "Volume_does_not_exist", "%s", v->key);
	json_decref(out);
	return rc;
}

/* One attribute change on the volume or snapshot args name. */
static int change(const json_t *args, const struct xs_attr_req *r, struct xs_err *e)
{
	struct vctx v;
	int rc;

	if (vctx_open(&v, args, true, e))
		return -1;
	rc = attrs(&v, r, e);
	vctx_close(&v);
	return rc;
}

/* change() setting the one key k to val. */
static int set_key(const json_t *args, const char *k, const char *val, struct xs_err *e)
{
	json_t *set = json_object();
	struct xs_attr_req r = { .set = set };
	int rc;

	json_object_set_new(set, k, json_string(val));
	rc = change(args, &r, e);
	json_decref(set);
	return rc;
}

static int reserved(const char *k, struct xs_err *e)
{
	if (!strncmp(k, XS_KEY_PREFIX, strlen(XS_KEY_PREFIX)))
		return xs_fail(e, "INVALID_ARGUMENT", "k: keys starting with %s are the plugin's",
			       XS_KEY_PREFIX);
	return 0;
}

int xs_cmd_vol_set(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *k, *val;

	(void)result;
	if (xs_arg_str(&k, args, "k", false, e) || xs_arg_str(&val, args, "v", true, e) ||
	    reserved(k, e))
		return -1;
	return set_key(args, k, val, e);
}

int xs_cmd_vol_unset(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *k;
	struct xs_attr_req r = { 0 };
	json_t *unset;
	int rc;

	(void)result;
	if (xs_arg_str(&k, args, "k", false, e) || reserved(k, e))
		return -1;
	unset = json_array();
	json_array_append_new(unset, json_string(k));
	r.unset = unset;
	rc = change(args, &r, e);
	json_decref(unset);
	return rc;
}

int xs_cmd_vol_set_name(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *n;
	char clipped[XS_TEXT_MAX + 1];

	(void)result;
	if (xs_arg_str(&n, args, "new_name", true, e))
		return -1;
	xs_clip(clipped, XS_TEXT_MAX, n);
	return set_key(args, XS_KEY_NAME, clipped, e);
}

int xs_cmd_vol_set_description(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *d;
	char clipped[XS_TEXT_MAX + 1];
	struct xs_attr_req r = { 0 };

	(void)result;
	if (xs_arg_str(&d, args, "new_description", true, e))
		return -1;
	xs_clip(clipped, XS_TEXT_MAX, d);
	r.description = clipped;
	return change(args, &r, e);
}

int xs_volume_lookup(json_t **obj, bool *is_snap, char *id, size_t idlen, xs_gw *gw,
		     const char *sr, const char *key, struct xs_err *e)
{
	struct vctx v;

	memset(&v, 0, sizeof v);
	v.sr = sr;
	v.key = key;
	v.gw = gw;
	if (xs_parse_key(&v.is_snap, v.id, sizeof v.id, key, e) || fetch(&v, e)) {
		json_decref(v.obj);
		return -1;
	}
	*obj = v.obj;
	*is_snap = v.is_snap;
	snprintf(id, idlen, "%s", v.id);
	return 0;
}
