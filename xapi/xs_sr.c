/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_sr.c - the SR commands, and what every command shares: the SR's
 * configuration, its record on the host, the volume record of the IDL.
 *
 * Design:
 * - An SR is a gateway collection tag on one (storage system, pool) of the
 *   tenant: SR.create takes xapi's SR uuid as the tag and returns the
 *   configuration xapi keeps in the PBDs (the device-config given, with
 *   "sr_uuid", "sr_name" and "sr_description" added and the system and pool
 *   as the gateway's ids). The uuid key is spelt "sr_uuid" because that is
 *   the key xapi-storage-script looks for in an SR.probe result that names
 *   an existing SR; SR.attach still reads the "sr-uuid" of configurations
 *   made before. Every volume and snapshot the SR makes carries the tag,
 *   and SR.ls lists by it, so two SRs on one pool never see each other's
 *   volumes.
 * - The SR's name and description: SR.create is the only call that is
 *   given them, and xapi hands SR.attach nothing but the configuration, so
 *   they travel in it; SR.attach puts them in the host's record, which
 *   SR.set_name / set_description then change (on the host xapi asks).
 * - SR.stat's health uses only the IDL's constructors: Healthy, or
 *   Unreachable ("may be recoverable with admin intervention") when the
 *   gateway does not answer or the SR's pool is no longer granted. Never
 *   Unavailable, which the IDL keeps for what needs a host reboot.
 * - SR.attach registers this host with the gateway (its name is the
 *   installation UUID, its initiators the IQN and WWPNs; idempotent, safe
 *   on every boot) and asks the gateway to prepare the host on the SR's
 *   array (storage group and paths), so that a VDI's first attach costs
 *   only the mapping. It keeps the configuration and the host id in
 *   ROOT/run/slgw-xapi/sr/<uuid>.json (0600): that is how later commands,
 *   which get only the sr string (the uuid), find the gateway.
 * - Keys: "v<id>" for a gateway volume, "s<id>" for a gateway snapshot,
 *   which xapi sees as a read-only volume. The plugin keeps its own keys
 *   on gateway objects under "slgw." (xapi's name, sharable, hidden,
 *   base) and never shows them in `keys`.
 * - Objects the plugin makes for itself (the snapshot under a clone of a
 *   volume, the mount of a snapshot attached read-only) carry
 *   slgw.hidden and are left out of SR.ls.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "xs.h"

#define MB (1024LL * 1024LL)

/* ---- shared helpers ---- */

int xs_check_sr_uuid(const char *sr, struct xs_err *e)
{
	size_t n = strlen(sr);

	if (n < 1 || n > 64 || sr[0] == '.' || sr[0] == '-')
		return xs_fail(e, "SR_does_not_exist", "%.80s", sr);
	for (const char *p = sr; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._:-", *p)))
			return xs_fail(e, "SR_does_not_exist", "%.80s", sr);
	return 0;
}

int xs_parse_key(bool *is_snap, char *id, size_t len, const char *key, struct xs_err *e)
{
	size_t n = strlen(key);

	if (n < 2 || n > 40 || (key[0] != 'v' && key[0] != 's'))
		return xs_fail(e, "Volume_does_not_exist", "%.80s", key);
	for (const char *p = key + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || *p == '-' || *p == '_'))
			return xs_fail(e, "Volume_does_not_exist", "%.80s", key);
	*is_snap = key[0] == 's';
	snprintf(id, len, "%s", key + 1);
	return 0;
}

void xs_unique_name(char *buf, size_t len, const char *prefix)
{
	unsigned char r[8] = { 0 };
	ssize_t got = getrandom(r, sizeof r, 0);

	if (got != (ssize_t)sizeof r) {
		/* no entropy source: time and pid still make it new */
		unsigned long long t = (unsigned long long)time(NULL) ^
				       ((unsigned long long)getpid() << 32);

		memcpy(r, &t, sizeof r);
	}
	snprintf(buf, len, "%s-%02x%02x%02x%02x%02x%02x%02x%02x", prefix, r[0], r[1], r[2], r[3],
		 r[4], r[5], r[6], r[7]);
}

static const char *keyval(const json_t *obj, const char *k)
{
	return json_string_value(json_object_get(json_object_get(obj, "keys"), k));
}

json_t *xs_volume_json(const char *sr, const json_t *obj, bool is_snap)
{
	json_t *v = json_object(), *keys = json_object(), *uri = json_array();
	const json_t *gk = json_object_get(obj, "keys"), *val;
	const char *id = json_string_value(json_object_get(obj, "id"));
	const char *name = keyval(obj, XS_KEY_NAME);
	const char *desc = json_string_value(json_object_get(obj, "description"));
	const char *wwn = json_string_value(json_object_get(obj, "wwn"));
	const char *sharable = keyval(obj, XS_KEY_SHARABLE);
	json_int_t mb = json_integer_value(json_object_get(obj, "sizeMB"));
	char key[64], buf[256], naa[40];
	const char *k;

	/* The size comes from the gateway: one outside what bytes can hold in
	 * an int64 is a malformed record, shown as 0, never multiplied. */
	if (mb < 0 || mb > INT64_MAX / MB)
		mb = 0;
	snprintf(key, sizeof key, "%c%s", is_snap ? 's' : 'v', id ? id : "");
	json_object_set_new(v, "key", json_string(key));
	/* A volume's uuid is its LUN's WWN (128 bits on VNX), so it is stable
	 * across SR.ls; a snapshot has no WWN and no uuid. */
	if (!is_snap && wwn && xs_wwn_to_naa(naa, sizeof naa, wwn) == 0 && strlen(naa) == 32) {
		snprintf(buf, sizeof buf, "%.8s-%.4s-%.4s-%.4s-%.12s", naa, naa + 8, naa + 12,
			 naa + 16, naa + 20);
		json_object_set_new(v, "uuid", json_string(buf));
	}
	if (!name)
		name = json_string_value(json_object_get(obj, "name"));
	json_object_set_new(v, "name", json_string(name ? name : key));
	json_object_set_new(v, "description", json_string(desc ? desc : ""));
	json_object_set_new(v, "read_write", json_boolean(!is_snap));
	json_object_set_new(v, "sharable", json_boolean(sharable && !strcmp(sharable, "true")));
	json_object_set_new(v, "virtual_size", json_integer(mb * MB));
	json_object_set_new(v, "physical_utilisation", json_integer(mb * MB));
	snprintf(buf, sizeof buf, "slgw://%s/%s", sr, key);
	json_array_append_new(uri, json_string(buf));
	json_object_set_new(v, "uri", uri);
	json_object_foreach((json_t *)gk, k, val) {
		if (strncmp(k, XS_KEY_PREFIX, strlen(XS_KEY_PREFIX)) && json_is_string(val))
			json_object_set_new(keys, k, json_string(json_string_value(val)));
	}
	json_object_set_new(v, "keys", keys);
	return v;
}

static const char *cfg(const json_t *c, const char *k)
{
	const char *v = json_string_value(json_object_get(c, k));

	return v && *v ? v : NULL;
}

/* The configuration's values that have a fixed set; the gateway settings
 * are checked by xs_gw_open. */
static int check_config(const json_t *c, bool need_location, struct xs_err *e)
{
	const char *prov = cfg(c, "provisioning"), *proto = cfg(c, "protocol");

	if (!cfg(c, "server"))
		return xs_fail(e, "INVALID_ARGUMENT", "device-config:server is required");
	if (!cfg(c, "username"))
		return xs_fail(e, "INVALID_ARGUMENT", "device-config:username is required");
	if (!cfg(c, "password") == !cfg(c, "password-file"))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config: give exactly one of password and password-file");
	if (cfg(c, "cacert") && cfg(c, "fingerprint"))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config: give cacert or fingerprint, not both");
	if (prov && strcmp(prov, "thin") && strcmp(prov, "thick"))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config:provisioning must be thin or thick");
	if (proto && strcmp(proto, "iscsi") && strcmp(proto, "fc") && strcmp(proto, "auto"))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config:protocol must be iscsi, fc or auto");
	if (need_location && (!cfg(c, "storage-system") || !cfg(c, "pool")))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config:storage-system and device-config:pool are required "
			       "(SR.probe lists them)");
	return 0;
}

/* Finds the system and pool named (by id or name) in the configuration
 * among those the tenant may use; their records into *sys / *pool. */
static int resolve_location(json_t **sys, json_t **pool, xs_gw *gw, const json_t *c,
			    struct xs_err *e)
{
	const char *want_sys = cfg(c, "storage-system"), *want_pool = cfg(c, "pool");
	json_t *systems = NULL, *pools = NULL, *s;
	size_t i;

	*sys = *pool = NULL;
	if (xs_gw_systems(&systems, gw, e))
		return -1;
	json_array_foreach(systems, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));
		const char *name = json_string_value(json_object_get(s, "name"));

		if ((id && !strcmp(id, want_sys)) || (name && !strcmp(name, want_sys))) {
			*sys = json_incref(s);
			break;
		}
	}
	json_decref(systems);
	if (!*sys)
		return xs_fail(e, "NOT_FOUND",
			       "storage-system %s: no such storage system for this user", want_sys);
	if (xs_gw_pools(&pools, gw, json_string_value(json_object_get(*sys, "id")), e)) {
		json_decref(*sys);
		*sys = NULL;
		return -1;
	}
	json_array_foreach(pools, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));
		const char *name = json_string_value(json_object_get(s, "name"));

		if ((id && !strcmp(id, want_pool)) || (name && !strcmp(name, want_pool))) {
			*pool = json_incref(s);
			break;
		}
	}
	json_decref(pools);
	if (!*pool) {
		json_decref(*sys);
		*sys = NULL;
		return xs_fail(e, "NOT_FOUND", "pool %s: no such pool granted on storage system %s",
			       want_pool, want_sys);
	}
	return 0;
}

int xs_sr_open(json_t **rec, xs_gw **gw, const char *sr, struct xs_err *e)
{
	*rec = NULL;
	*gw = NULL;
	if (xs_sr_record_read(rec, sr, e))
		return -1;
	if (xs_gw_open(gw, json_object_get(*rec, "configuration"), e)) {
		json_decref(*rec);
		*rec = NULL;
		return -1;
	}
	return 0;
}

/* ---- SR.probe ---- */

static json_t *stat_json(const char *sr, const json_t *rec, long long free_b, long long total_b,
			 const char *health, const char *why);
static json_t *probe_result(const json_t *c, const json_t *sys, const json_t *pool,
			    bool complete);

/* The SR's room in a pool record: the smaller of the pool's space and
 * what the tenant's grant has left, in MB. */
static void room(long long *free_mb, long long *total_mb, const json_t *pool)
{
	const json_t *left = json_object_get(pool, "leftMB");
	const json_t *quota = json_object_get(pool, "quotaMB");

	*free_mb = json_integer_value(json_object_get(pool, "freeMB"));
	*total_mb = json_integer_value(json_object_get(pool, "sizeMB"));
	if (left && json_integer_value(left) < *free_mb)
		*free_mb = json_integer_value(left);
	if (quota && json_integer_value(quota) < *total_mb)
		*total_mb = json_integer_value(quota);
	if (*free_mb < 0)
		*free_mb = 0;
}

/* The SRs that already have volumes in the pool (their collection tags):
 * one complete result each, with the SR's stat, so `xe sr-probe` finds an
 * SR to introduce again (a pool rebuilt, a host reinstalled). */
static int probe_existing(json_t *out, xs_gw *gw, const json_t *c, const json_t *sys,
			  const json_t *pool, struct xs_err *e)
{
	json_t *vols = NULL, *seen = json_object(), *v;
	const char *tag;
	size_t i;
	long long free_mb, total_mb;

	if (xs_gw_volumes(&vols, gw, NULL, json_string_value(json_object_get(pool, "id")), e)) {
		json_decref(seen);
		return -1;
	}
	json_array_foreach(vols, i, v) {
		const char *coll = json_string_value(json_object_get(v, "collection"));
		json_t *n;
		struct xs_err ignore;

		if (!coll || xs_check_sr_uuid(coll, &ignore))
			continue;
		n = json_object_get(seen, coll);
		json_object_set_new(seen, coll, json_integer(n ? json_integer_value(n) + 1 : 1));
	}
	json_decref(vols);
	room(&free_mb, &total_mb, pool);
	json_object_foreach(seen, tag, v) {
		json_t *r = probe_result(c, sys, pool, true), *none = json_object();
		char count[32];

		json_object_set_new(json_object_get(r, "configuration"), XS_CONF_SR_UUID,
				    json_string(tag));
		snprintf(count, sizeof count, "%lld", (long long)json_integer_value(v));
		json_object_set_new(json_object_get(r, "extra_info"), "volumes", json_string(count));
		json_object_set_new(r, "sr",
				    stat_json(tag, none, free_mb * MB, total_mb * MB, "Healthy", ""));
		json_decref(none);
		json_array_append_new(out, r);
	}
	json_decref(seen);
	return 0;
}

static json_t *probe_result(const json_t *c, const json_t *sys, const json_t *pool, bool complete)
{
	json_t *r = json_object(), *conf = json_deep_copy(c), *extra = json_object();
	const json_t *left = json_object_get(pool, "leftMB");

	/* xe prints probe results: the password the caller typed is not
	 * echoed back (a password-file name is harmless). */
	json_object_del(conf, "password");
	/* A result names an existing SR only through its sr_uuid, and
	 * xapi-storage-script refuses an incomplete one that has it: what the
	 * caller passed in (a PBD's device-config) does not make this one. */
	json_object_del(conf, XS_CONF_SR_UUID);
	json_object_del(conf, "sr-uuid");
	json_object_del(conf, XS_CONF_SR_NAME);
	json_object_del(conf, XS_CONF_SR_DESC);
	json_object_set(conf, "storage-system", json_object_get(sys, "id"));
	json_object_set(conf, "pool", json_object_get(pool, "id"));
	json_object_set(extra, "storage-system-name", json_object_get(sys, "name"));
	json_object_set(extra, "pool-name", json_object_get(pool, "name"));
	{
		char buf[64];

		snprintf(buf, sizeof buf, "%lld",
			 (long long)json_integer_value(json_object_get(pool, "freeMB")));
		json_object_set_new(extra, "pool-free-MB", json_string(buf));
		if (left) {
			snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(left));
			json_object_set_new(extra, "quota-left-MB", json_string(buf));
		}
	}
	json_object_set_new(r, "configuration", conf);
	json_object_set_new(r, "complete", json_boolean(complete));
	json_object_set_new(r, "extra_info", extra);
	return r;
}

int xs_cmd_sr_probe(json_t **result, const json_t *args, struct xs_err *e)
{
	const json_t *c;
	xs_gw *gw = NULL;
	json_t *out, *systems = NULL, *s;
	size_t i;
	int rc;

	if (xs_arg_config(&c, args, "configuration", e) || check_config(c, false, e))
		return -1;
	if (xs_gw_open(&gw, c, e))
		return -1;
	if (cfg(c, "storage-system") && cfg(c, "pool")) {
		json_t *sys, *pool;

		if (resolve_location(&sys, &pool, gw, c, e)) {
			xs_gw_close(gw);
			return -1;
		}
		out = json_array();
		json_array_append_new(out, probe_result(c, sys, pool, true));
		rc = probe_existing(out, gw, c, sys, pool, e);
		json_decref(sys);
		json_decref(pool);
		xs_gw_close(gw);
		if (rc) {
			json_decref(out);
			return -1;
		}
		*result = out;
		return 0;
	}
	if (xs_gw_systems(&systems, gw, e)) {
		xs_gw_close(gw);
		return -1;
	}
	out = json_array();
	json_array_foreach(systems, i, s) {
		const char *sid = json_string_value(json_object_get(s, "id"));
		const char *sname = json_string_value(json_object_get(s, "name"));
		const char *want = cfg(c, "storage-system");
		json_t *pools = NULL, *p;
		size_t j;

		if (want && !(sid && !strcmp(want, sid)) && !(sname && !strcmp(want, sname)))
			continue;
		if (xs_gw_pools(&pools, gw, sid, e)) {
			json_decref(out);
			json_decref(systems);
			xs_gw_close(gw);
			return -1;
		}
		json_array_foreach(pools, j, p)
			json_array_append_new(out, probe_result(c, s, p, false));
		json_decref(pools);
	}
	json_decref(systems);
	xs_gw_close(gw);
	*result = out;
	return 0;
}

/* ---- SR.create ---- */

int xs_cmd_sr_create(json_t **result, const json_t *args, struct xs_err *e)
{
	const json_t *c;
	const char *uuid, *name, *desc;
	xs_gw *gw = NULL;
	json_t *sys = NULL, *pool = NULL, *conf;

	if (xs_arg_str(&uuid, args, "uuid", false, e) ||
	    xs_arg_config(&c, args, "configuration", e) ||
	    xs_arg_str(&name, args, "name", true, e) ||
	    xs_arg_str(&desc, args, "description", true, e))
		return -1;
	if (xs_check_sr_uuid(uuid, e))
		return xs_fail(e, "INVALID_ARGUMENT",
			       "uuid: 1..64 characters of letters, digits, '.', '_', ':', '-'");
	if (check_config(c, true, e) || xs_gw_open(&gw, c, e))
		return -1;
	if (resolve_location(&sys, &pool, gw, c, e)) {
		xs_gw_close(gw);
		return -1;
	}
	conf = json_deep_copy(c);
	json_object_del(conf, "sr-uuid");
	json_object_set_new(conf, XS_CONF_SR_UUID, json_string(uuid));
	/* xapi gives SR.attach only this configuration: the name and
	 * description go with it (see the top of the file) */
	json_object_set_new(conf, XS_CONF_SR_NAME, json_string(name));
	json_object_set_new(conf, XS_CONF_SR_DESC, json_string(desc));
	json_object_set(conf, "storage-system", json_object_get(sys, "id"));
	json_object_set(conf, "pool", json_object_get(pool, "id"));
	json_decref(sys);
	json_decref(pool);
	xs_gw_close(gw);
	*result = conf;
	return 0;
}

/* ---- SR.attach / detach ---- */

int xs_cmd_sr_attach(json_t **result, const json_t *args, struct xs_err *e)
{
	const json_t *c;
	const char *sr;
	struct xs_host_id host;
	char host_id[64];
	xs_gw *gw = NULL;
	json_t *sys = NULL, *pool = NULL, *rec = NULL, *old = NULL;
	struct xs_err ignore;
	int lk = -1, hl = -1, rc = -1;

	if (xs_arg_config(&c, args, "configuration", e) || check_config(c, true, e))
		return -1;
	sr = cfg(c, XS_CONF_SR_UUID);
	if (!sr)
		sr = cfg(c, "sr-uuid");  /* configurations made before */
	if (!sr)
		return xs_fail(e, "INVALID_ARGUMENT",
			       "device-config:" XS_CONF_SR_UUID " is missing: attach the "
			       "configuration SR.create returned");
	if (xs_check_sr_uuid(sr, e) || (lk = xs_lock_sr(sr, true, e)) < 0)
		return -1;
	if (xs_host_identity(&host, e) || xs_gw_open(&gw, c, e) ||
	    resolve_location(&sys, &pool, gw, c, e))
		goto out;
	if ((hl = xs_lock_host(e)) < 0 ||
	    xs_gw_host_register(host_id, sizeof host_id, gw, &host, e) ||
	    xs_gw_host_prepare(gw, host_id, json_string_value(json_object_get(sys, "id")), e))
		goto out;
	rec = json_object();
	json_object_set_new(rec, "configuration", json_deep_copy(c));
	json_object_set_new(rec, "host-id", json_string(host_id));
	json_object_set_new(rec, "host-uuid", json_string(host.uuid));
	json_object_set(rec, "system-id", json_object_get(sys, "id"));
	json_object_set(rec, "pool-id", json_object_get(pool, "id"));
	/* The name and description SR.create was given; SR.set_name /
	 * set_description made on this host survive a re-attach of the SR
	 * (an attach without a detach between). */
	if (json_is_string(json_object_get(c, XS_CONF_SR_NAME)))
		json_object_set(rec, "name", json_object_get(c, XS_CONF_SR_NAME));
	if (json_is_string(json_object_get(c, XS_CONF_SR_DESC)))
		json_object_set(rec, "description", json_object_get(c, XS_CONF_SR_DESC));
	if (xs_sr_record_read(&old, sr, &ignore) == 0) {
		if (json_is_string(json_object_get(old, "name")))
			json_object_set(rec, "name", json_object_get(old, "name"));
		if (json_is_string(json_object_get(old, "description")))
			json_object_set(rec, "description", json_object_get(old, "description"));
	}
	if (xs_sr_record_write(sr, rec, e))
		goto out;
	*result = json_string(sr);
	rc = 0;
out:
	json_decref(old);
	json_decref(rec);
	json_decref(sys);
	json_decref(pool);
	xs_gw_close(gw);
	xs_unlock(hl);
	xs_unlock(lk);
	return rc;
}

int xs_cmd_sr_detach(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *sr;
	int lk;

	(void)result;
	if (xs_arg_str(&sr, args, "sr", false, e))
		return -1;
	if (xs_check_sr_uuid(sr, e))
		return 0;  /* nothing of ours can be attached under that name */
	if ((lk = xs_lock_sr(sr, true, e)) < 0)
		return -1;
	if (xs_sr_record_remove(sr)) {
		xs_unlock(lk);
		return xs_fail(e, "HOST_ERROR", "cannot remove the record of SR %s", sr);
	}
	xs_unlock(lk);
	return 0;
}

/* ---- SR.destroy ---- */

/* Deletes every volume and snapshot tagged with the SR. Linked clones
 * hold their snapshot and snapshots their volume, so it goes in passes:
 * volumes, then snapshots, until nothing is left or a pass frees nothing. */
int xs_cmd_sr_destroy(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *sr;
	json_t *rec = NULL;
	xs_gw *gw = NULL;
	int lk, rc = -1;

	(void)result;
	if (xs_arg_str(&sr, args, "sr", false, e))
		return -1;
	if (xs_check_sr_uuid(sr, e) || (lk = xs_lock_sr(sr, true, e)) < 0)
		return -1;
	if (xs_sr_open(&rec, &gw, sr, e))
		goto out;
	for (int pass = 0; pass < 8; pass++) {
		json_t *vols = NULL, *snaps = NULL, *o;
		size_t i, left = 0, freed = 0;
		struct xs_err last = { .code = "" };

		if (xs_gw_volumes(&vols, gw, sr, NULL, e) || xs_gw_snapshots(&snaps, gw, sr, e)) {
			json_decref(vols);
			goto out;
		}
		left = json_array_size(vols) + json_array_size(snaps);
		json_array_foreach(vols, i, o) {
			if (xs_gw_volume_delete(gw, json_string_value(json_object_get(o, "id")),
						&last) == 0)
				freed++;
		}
		json_array_foreach(snaps, i, o) {
			if (xs_gw_snapshot_delete(gw, json_string_value(json_object_get(o, "id")),
						  &last) == 0)
				freed++;
		}
		json_decref(vols);
		json_decref(snaps);
		if (left == 0 || freed == left)
			break;
		if (freed == 0) {
			*e = last;
			goto out;
		}
	}
	xs_sr_record_remove(sr);
	rc = 0;
out:
	json_decref(rec);
	xs_gw_close(gw);
	xs_unlock(lk);
	return rc;
}

/* ---- SR.stat / ls / set_name / set_description ---- */

static json_t *stat_json(const char *sr, const json_t *rec, long long free_b, long long total_b,
			 const char *health, const char *why)
{
	json_t *s = json_object(), *h = json_array();
	const char *name = json_string_value(json_object_get(rec, "name"));
	const char *desc = json_string_value(json_object_get(rec, "description"));

	json_object_set_new(s, "sr", json_string(sr));
	json_object_set_new(s, "name", json_string(name ? name : sr));
	json_object_set_new(s, "uuid", json_string(sr));
	json_object_set_new(s, "description", json_string(desc ? desc : ""));
	json_object_set_new(s, "free_space", json_integer(free_b));
	json_object_set_new(s, "total_space", json_integer(total_b));
	json_object_set_new(s, "datasources", json_array());
	json_object_set_new(s, "clustered", json_false());
	json_array_append_new(h, json_string(health));
	json_array_append_new(h, json_string(why));
	json_object_set_new(s, "health", h);
	return s;
}

int xs_cmd_sr_stat(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *sr, *sys, *pid;
	json_t *rec = NULL, *pools = NULL, *p, *pool = NULL;
	xs_gw *gw = NULL;
	size_t i;
	long long free_mb, total_mb;

	if (xs_arg_str(&sr, args, "sr", false, e) || xs_sr_record_read(&rec, sr, e))
		return -1;
	sys = json_string_value(json_object_get(rec, "system-id"));
	pid = json_string_value(json_object_get(rec, "pool-id"));
	/* An unreachable gateway is a state of the SR, not a failure of
	 * SR.stat: xapi shows the reason. */
	if (xs_gw_open(&gw, json_object_get(rec, "configuration"), e) ||
	    xs_gw_pools(&pools, gw, sys, e)) {
		*result = stat_json(sr, rec, 0, 0, "Unreachable", e->params[0]);
		xs_gw_close(gw);
		json_decref(rec);
		return 0;
	}
	json_array_foreach(pools, i, p) {
		const char *id = json_string_value(json_object_get(p, "id"));

		if (id && pid && !strcmp(id, pid))
			pool = p;
	}
	if (!pool) {
		*result = stat_json(sr, rec, 0, 0, "Unreachable",
				    "the pool of this SR is no longer granted to this user");
	} else {
		room(&free_mb, &total_mb, pool);
		*result = stat_json(sr, rec, free_mb * MB, total_mb * MB, "Healthy", "");
	}
	json_decref(pools);
	xs_gw_close(gw);
	json_decref(rec);
	return 0;
}

static bool listed(const json_t *o)
{
	const char *state = json_string_value(json_object_get(o, "state"));

	if (keyval(o, XS_KEY_HIDDEN))
		return false;
	return !state || (strcmp(state, "deleted") && strcmp(state, "deleting"));
}

int xs_cmd_sr_ls(json_t **result, const json_t *args, struct xs_err *e)
{
	const char *sr;
	json_t *rec = NULL, *vols = NULL, *snaps = NULL, *out, *o;
	xs_gw *gw = NULL;
	size_t i;

	if (xs_arg_str(&sr, args, "sr", false, e) || xs_sr_open(&rec, &gw, sr, e))
		return -1;
	if (xs_gw_volumes(&vols, gw, sr, NULL, e) || xs_gw_snapshots(&snaps, gw, sr, e)) {
		json_decref(vols);
		json_decref(rec);
		xs_gw_close(gw);
		return -1;
	}
	out = json_array();
	json_array_foreach(vols, i, o)
		if (listed(o))
			json_array_append_new(out, xs_volume_json(sr, o, false));
	json_array_foreach(snaps, i, o)
		if (listed(o))
			json_array_append_new(out, xs_volume_json(sr, o, true));
	json_decref(vols);
	json_decref(snaps);
	json_decref(rec);
	xs_gw_close(gw);
	*result = out;
	return 0;
}

static int set_field(const json_t *args, const char *field, struct xs_err *e)
{
	const char *sr, *v;
	json_t *rec = NULL;
	int lk, rc;

	if (xs_arg_str(&sr, args, "sr", false, e) ||
	    xs_arg_str(&v, args, !strcmp(field, "name") ? "new_name" : "new_description", true, e))
		return -1;
	if (xs_check_sr_uuid(sr, e) || (lk = xs_lock_sr(sr, true, e)) < 0)
		return -1;
	rc = xs_sr_record_read(&rec, sr, e);
	if (!rc) {
		json_object_set_new(rec, field, json_string(v));
		rc = xs_sr_record_write(sr, rec, e);
	}
	json_decref(rec);
	xs_unlock(lk);
	return rc;
}

int xs_cmd_sr_set_name(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return set_field(args, "name", e);
}

int xs_cmd_sr_set_description(json_t **result, const json_t *args, struct xs_err *e)
{
	(void)result;
	return set_field(args, "description", e);
}
