/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_gw.c - everything the plugin says to the gateway.
 *
 * Design:
 * - The connection, TLS trust, password files, server failover and job
 *   waiting are the client library's (gateway/client/slgw_client.h), the
 *   one the CLI uses too; this file only builds requests and converts
 *   answers. Mutating calls go through slgw_call_mutating, which gives each
 *   a clientRequestId, so a call the library retries on the next server
 *   runs once.
 * - A mutating call answers a Job: the call asks the gateway to wait up to
 *   XS_WAIT_MS for it, then the library polls getJob until it is final.
 *   The job's resulting object is the answer.
 * - Answers are converted to JSON objects named like the contract's
 *   fields, with a volume's or snapshot's key/value list as one object
 *   "keys", so the command files never see gSOAP.
 * - Failures become the plugin's error model: a gateway fault or a failed
 *   job keeps the gateway's code and message; the transport's failures are
 *   UNAVAILABLE (no gateway answered), UNAUTHENTICATED, TLS_ERROR,
 *   DEADLINE_EXCEEDED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "slgw_client.h"
#include "slgw_json.h"
#include "xs.h"

#define XS_WAIT_MS 30000
#define XS_JOB_TIMEOUT_S 3600
#define XS_PAGE 1000

struct xs_gw {
	slgw_client *cl;
};

static int gw_fail(xs_gw *gw, int rc, struct xs_err *e)
{
	const char *code = slgw_client_fault_code(gw->cl);
	const char *msg = slgw_client_errmsg(gw->cl);

	if (!msg)
		msg = "";
	switch (rc) {
	case SLGW_CLIENT_EFAULT:
	case SLGW_CLIENT_EJOBFAILED:
		return xs_fail(e, code ? code : "INTERNAL", "%s", msg);
	case SLGW_CLIENT_EAUTH:
		return xs_fail(e, "UNAUTHENTICATED", "%s", msg);
	case SLGW_CLIENT_ETLS:
		return xs_fail(e, "TLS_ERROR", "%s", msg);
	case SLGW_CLIENT_EUNAVAILABLE:
		return xs_fail(e, "UNAVAILABLE", "%s", msg);
	case SLGW_CLIENT_ETIMEDOUT:
		return xs_fail(e, "DEADLINE_EXCEEDED", "%s", msg);
	case SLGW_CLIENT_EINVAL:
		return xs_fail(e, "INVALID_ARGUMENT", "%s", msg);
	default:
		return xs_fail(e, "INTERNAL", "gateway client error %d: %s", rc, msg);
	}
}

int xs_gw_open(xs_gw **out, const json_t *config, struct xs_err *e)
{
	struct slgw_client_config c = { 0 };
	char err[512] = "";
	xs_gw *gw;

	*out = NULL;
	c.servers = json_string_value(json_object_get(config, "server"));
	c.user = json_string_value(json_object_get(config, "username"));
	c.password = json_string_value(json_object_get(config, "password"));
	c.password_file = json_string_value(json_object_get(config, "password-file"));
	c.cacert = json_string_value(json_object_get(config, "cacert"));
	c.fingerprint = json_string_value(json_object_get(config, "fingerprint"));
	if (c.password && !*c.password)
		c.password = NULL;
	if (c.password_file && !*c.password_file)
		c.password_file = NULL;
	if (c.cacert && !*c.cacert)
		c.cacert = NULL;
	if (c.fingerprint && !*c.fingerprint)
		c.fingerprint = NULL;
	c.io_timeout_s = XS_WAIT_MS / 1000 + 60;
	gw = calloc(1, sizeof *gw);
	if (!gw)
		return xs_fail(e, "INTERNAL", "out of memory");
	if (slgw_client_open(&gw->cl, &c, err, sizeof err)) {
		free(gw);
		return xs_fail(e, "INVALID_ARGUMENT", "device-config: %s", err);
	}
	*out = gw;
	return 0;
}

void xs_gw_close(xs_gw *gw)
{
	if (!gw)
		return;
	slgw_client_close(gw->cl);
	free(gw);
}

static int *wait_ms(xs_gw *gw)
{
	int *w = soap_malloc(slgw_client_soap(gw->cl), sizeof *w);

	if (w)
		*w = XS_WAIT_MS;
	return w;
}

/* The job a mutating call answered, waited for until final. */
static int finish(struct slgw__Job **out, xs_gw *gw, int rc, struct slgw__Job *job,
		  struct xs_err *e)
{
	if (rc)
		return gw_fail(gw, rc, e);
	if (!job)
		return xs_fail(e, "INTERNAL", "the gateway answered no job");
	rc = slgw_client_job_wait(out, gw->cl, job, XS_JOB_TIMEOUT_S, NULL, NULL);
	if (rc)
		return gw_fail(gw, rc, e);
	return 0;
}

/* ---- records -> JSON ---- */

static void put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static json_t *keys_json(const struct slgw__KeyValue *kv, int n)
{
	json_t *o = json_object();

	for (int i = 0; kv && i < n; i++)
		if (kv[i].name && kv[i].value)
			json_object_set_new(o, kv[i].name, json_string(kv[i].value));
	return o;
}

/* The fields the plugin keeps, walked by the client library (slgw_json.h,
 * the CLI's records are written the same way). */
#define XS_NF(t) (sizeof(t) / sizeof((t)[0]))

static const struct slgw_json_field volume_fields[] = {
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, id, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, name, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, description, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, collection, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, storageSystemId, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, storagePoolId, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, LONG, sizeMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, ENUM, provisioning, slgw_json_ProvisioningType),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, state, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, wwn, NULL),
	SLGW_JSON_FIELD(struct slgw__StorageVolume, STR, sourceSnapshotId, NULL),
};

static const struct slgw_json_field snapshot_fields[] = {
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, id, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, name, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, volumeId, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, description, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, collection, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, STR, state, NULL),
	SLGW_JSON_FIELD(struct slgw__Snapshot, PLONG, sizeMB, NULL),
};

static const struct slgw_json_field pool_fields[] = {
	SLGW_JSON_FIELD(struct slgw__StoragePool, STR, id, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, STR, storageSystemId, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, STR, name, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, LONG, sizeMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, LONG, freeMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, PLONG, quotaMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, PLONG, usedMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, PLONG, leftMB, NULL),
	SLGW_JSON_FIELD(struct slgw__StoragePool, STR, state, NULL),
};

static const struct slgw_json_field target_fields[] = {
	SLGW_JSON_FIELD(struct slgw__TargetPort, ENUM, sp, slgw_json_SP),
	SLGW_JSON_FIELD(struct slgw__TargetPort, INT, portId, NULL),
	SLGW_JSON_FIELD(struct slgw__TargetPort, ENUM, protocol, slgw_json_Protocol),
	SLGW_JSON_FIELD(struct slgw__TargetPort, STR, iqn, NULL),
	SLGW_JSON_FIELD(struct slgw__TargetPort, STR, portal, NULL),
	SLGW_JSON_FIELD(struct slgw__TargetPort, STR, wwpn, NULL),
};

static const struct slgw_json_field assignment_fields[] = {
	SLGW_JSON_FIELD(struct slgw__Assignment, STR, volumeId, NULL),
	SLGW_JSON_FIELD(struct slgw__Assignment, STR, hostId, NULL),
	SLGW_JSON_FIELD(struct slgw__Assignment, INT, hlu, NULL),
	SLGW_JSON_FIELD(struct slgw__Assignment, STR, lunWwn, NULL),
	SLGW_JSON_NESTED(struct slgw__Assignment, RECORDS, target, target_fields),
};

static json_t *record_json(struct soap *soap, const void *r, const struct slgw_json_field *f,
			   size_t n)
{
	json_t *o = json_object();

	slgw_json_put(o, soap, r, f, n);
	return o;
}

/* A volume's or snapshot's key/value list as "keys", always there. */
static json_t *with_keys(json_t *o, const struct slgw__KeyValue *kv, int n)
{
	json_object_set_new(o, "keys", keys_json(kv, n));
	return o;
}

static json_t *volume_json(xs_gw *gw, const struct slgw__StorageVolume *v)
{
	return with_keys(record_json(slgw_client_soap(gw->cl), v, volume_fields, XS_NF(volume_fields)),
			 v->key, v->__sizekey);
}

static json_t *snapshot_json(const struct slgw__Snapshot *s)
{
	return with_keys(record_json(NULL, s, snapshot_fields, XS_NF(snapshot_fields)), s->key,
			 s->__sizekey);
}

static json_t *pool_json(const struct slgw__StoragePool *p)
{
	return record_json(NULL, p, pool_fields, XS_NF(pool_fields));
}

static json_t *assignment_json(xs_gw *gw, const struct slgw__Assignment *a)
{
	return record_json(slgw_client_soap(gw->cl), a, assignment_fields, XS_NF(assignment_fields));
}

/* JSON object of strings -> KeyValue array in the client's memory. */
static int kv_array(struct slgw__KeyValue **out, int *n, xs_gw *gw, const json_t *keys)
{
	struct soap *soap = slgw_client_soap(gw->cl);
	const char *k;
	const json_t *v;
	int i = 0;

	*out = NULL;
	*n = 0;
	if (!keys || !json_object_size(keys))
		return 0;
	*out = soap_malloc(soap, json_object_size(keys) * sizeof **out);
	if (!*out)
		return -1;
	json_object_foreach((json_t *)keys, k, v) {
		(*out)[i].name = soap_strdup(soap, k);
		(*out)[i].value = soap_strdup(soap, json_string_value(v) ? json_string_value(v) : "");
		i++;
	}
	*n = i;
	return 0;
}

static char *gdup(xs_gw *gw, const char *s)
{
	return s ? soap_strdup(slgw_client_soap(gw->cl), s) : NULL;
}

/* ---- systems and pools ---- */

int xs_gw_systems(json_t **out, xs_gw *gw, struct xs_err *e)
{
	struct _slgw__enumStorageSystems req = { 0 };
	int limit = XS_PAGE, rc;

	*out = json_array();
	req.limit = &limit;
	for (;;) {
		struct _slgw__enumStorageSystemsResponse resp = { 0 };

		slgw_call(rc, gw->cl, enumStorageSystems, &req, &resp);
		if (rc) {
			json_decref(*out);
			*out = NULL;
			return gw_fail(gw, rc, e);
		}
		for (int i = 0; resp.storageSystem && i < resp.__sizestorageSystem; i++) {
			json_t *o = json_object();

			put_str(o, "id", resp.storageSystem[i].id);
			put_str(o, "name", resp.storageSystem[i].name);
			put_str(o, "model", resp.storageSystem[i].model);
			put_str(o, "state", resp.storageSystem[i].state);
			json_array_append_new(*out, o);
		}
		if (!resp.nextPageToken || !*resp.nextPageToken)
			return 0;
		req.pageToken = resp.nextPageToken;
	}
}

int xs_gw_pools(json_t **out, xs_gw *gw, const char *system_id, struct xs_err *e)
{
	struct _slgw__enumStoragePools req = { 0 };
	int limit = XS_PAGE, rc;

	*out = json_array();
	req.limit = &limit;
	req.storageSystemId = gdup(gw, system_id);
	for (;;) {
		struct _slgw__enumStoragePoolsResponse resp = { 0 };

		slgw_call(rc, gw->cl, enumStoragePools, &req, &resp);
		if (rc) {
			json_decref(*out);
			*out = NULL;
			return gw_fail(gw, rc, e);
		}
		for (int i = 0; resp.storagePool && i < resp.__sizestoragePool; i++)
			json_array_append_new(*out, pool_json(&resp.storagePool[i]));
		if (!resp.nextPageToken || !*resp.nextPageToken)
			return 0;
		req.pageToken = resp.nextPageToken;
	}
}

/* ---- volumes ---- */

int xs_gw_volume_create(json_t **vol, xs_gw *gw, const struct xs_vol_req *r, struct xs_err *e)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	*vol = NULL;
	req.storageSystemId = gdup(gw, r->system_id);
	req.storagePoolId = gdup(gw, r->pool_id);
	req.name = gdup(gw, r->name);
	req.sizeMB = r->size_mb;
	req.provisioning = r->provisioning && !strcmp(r->provisioning, "THICK")
				   ? slgw__ProvisioningType__THICK
				   : slgw__ProvisioningType__THIN;
	req.description = gdup(gw, r->description);
	req.collection = gdup(gw, r->collection);
	req.waitMs = wait_ms(gw);
	if (kv_array(&req.key, &req.__sizekey, gw, r->keys))
		return xs_fail(e, "INTERNAL", "out of memory");
	slgw_call_mutating(rc, gw->cl, allocateStorage, &req, &resp);
	if (finish(&job, gw, rc, resp.job, e))
		return -1;
	if (!job->storageVolume)
		return xs_fail(e, "INTERNAL", "the allocation job %s answered no volume", job->id);
	*vol = volume_json(gw, job->storageVolume);
	return 0;
}

int xs_gw_volume_get(json_t **vol, xs_gw *gw, const char *id, struct xs_err *e)
{
	struct _slgw__getStorageVolume req = { 0 };
	struct _slgw__getStorageVolumeResponse resp = { 0 };
	int rc;

	*vol = NULL;
	req.volumeId = gdup(gw, id);
	slgw_call(rc, gw->cl, getStorageVolume, &req, &resp);
	if (rc)
		return gw_fail(gw, rc, e);
	if (!resp.storageVolume)
		return xs_fail(e, "NOT_FOUND", "volume %s", id);
	*vol = volume_json(gw, resp.storageVolume);
	return 0;
}

int xs_gw_volume_delete(xs_gw *gw, const char *id, struct xs_err *e)
{
	struct _slgw__deleteStorage req = { 0 };
	struct _slgw__deleteStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	req.volumeId = gdup(gw, id);
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, deleteStorage, &req, &resp);
	return finish(&job, gw, rc, resp.job, e);
}

int xs_gw_volume_resize(xs_gw *gw, const char *id, int64_t size_mb, struct xs_err *e)
{
	struct _slgw__resizeStorage req = { 0 };
	struct _slgw__resizeStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	req.volumeId = gdup(gw, id);
	req.sizeMB = size_mb;
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, resizeStorage, &req, &resp);
	return finish(&job, gw, rc, resp.job, e);
}

int xs_gw_volumes(json_t **out, xs_gw *gw, const char *collection, const char *pool_id,
		  struct xs_err *e)
{
	struct _slgw__enumStorageVolumes req = { 0 };
	int limit = XS_PAGE, rc;

	*out = json_array();
	req.limit = &limit;
	req.collection = gdup(gw, collection);
	req.storagePoolId = gdup(gw, pool_id);
	for (;;) {
		struct _slgw__enumStorageVolumesResponse resp = { 0 };

		slgw_call(rc, gw->cl, enumStorageVolumes, &req, &resp);
		if (rc) {
			json_decref(*out);
			*out = NULL;
			return gw_fail(gw, rc, e);
		}
		for (int i = 0; resp.storageVolume && i < resp.__sizestorageVolume; i++)
			json_array_append_new(*out, volume_json(gw, &resp.storageVolume[i]));
		if (!resp.nextPageToken || !*resp.nextPageToken)
			return 0;
		req.pageToken = resp.nextPageToken;
	}
}

static int unset_array(char ***out, int *n, xs_gw *gw, const json_t *unset)
{
	size_t i;
	const json_t *v;

	*out = NULL;
	*n = 0;
	if (!unset || !json_array_size(unset))
		return 0;
	*out = soap_malloc(slgw_client_soap(gw->cl), json_array_size(unset) * sizeof **out);
	if (!*out)
		return -1;
	json_array_foreach(unset, i, v)
		(*out)[(*n)++] = gdup(gw, json_string_value(v) ? json_string_value(v) : "");
	return 0;
}

int xs_gw_volume_attrs(json_t **vol, xs_gw *gw, const char *id, const struct xs_attr_req *r,
		       struct xs_err *e)
{
	struct _slgw__setStorageVolumeAttributes req = { 0 };
	struct _slgw__setStorageVolumeAttributesResponse resp = { 0 };
	int rc;

	*vol = NULL;
	req.volumeId = gdup(gw, id);
	req.name = gdup(gw, r->name);
	req.description = gdup(gw, r->description);
	if (kv_array(&req.setKey, &req.__sizesetKey, gw, r->set) ||
	    unset_array(&req.unsetKey, &req.__sizeunsetKey, gw, r->unset))
		return xs_fail(e, "INTERNAL", "out of memory");
	rc = slgw_client_check(gw->cl, soap_call___slgw__setStorageVolumeAttributes(
					       slgw_client_soap(gw->cl),
					       slgw_client_endpoint(gw->cl), NULL, &req, &resp));
	if (rc)
		return gw_fail(gw, rc, e);
	if (resp.storageVolume)
		*vol = volume_json(gw, resp.storageVolume);
	return 0;
}

/* ---- snapshots and clones ---- */

int xs_gw_snapshot_create(json_t **snap, xs_gw *gw, const char *volume_id, const char *name,
			  const char *description, const json_t *keys, struct xs_err *e)
{
	struct _slgw__createSnapshot req = { 0 };
	struct _slgw__createSnapshotResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	*snap = NULL;
	req.volumeId = gdup(gw, volume_id);
	req.name = gdup(gw, name);
	req.description = gdup(gw, description);
	req.waitMs = wait_ms(gw);
	if (kv_array(&req.key, &req.__sizekey, gw, keys))
		return xs_fail(e, "INTERNAL", "out of memory");
	slgw_call_mutating(rc, gw->cl, createSnapshot, &req, &resp);
	if (finish(&job, gw, rc, resp.job, e))
		return -1;
	if (!job->snapshot)
		return xs_fail(e, "INTERNAL", "the snapshot job %s answered no snapshot", job->id);
	*snap = snapshot_json(job->snapshot);
	return 0;
}

int xs_gw_snapshot_get(json_t **snap, xs_gw *gw, const char *id, struct xs_err *e)
{
	struct _slgw__getSnapshot req = { 0 };
	struct _slgw__getSnapshotResponse resp = { 0 };
	int rc;

	*snap = NULL;
	req.snapshotId = gdup(gw, id);
	slgw_call(rc, gw->cl, getSnapshot, &req, &resp);
	if (rc)
		return gw_fail(gw, rc, e);
	if (!resp.snapshot)
		return xs_fail(e, "NOT_FOUND", "snapshot %s", id);
	*snap = snapshot_json(resp.snapshot);
	return 0;
}

int xs_gw_snapshot_delete(xs_gw *gw, const char *id, struct xs_err *e)
{
	struct _slgw__deleteSnapshot req = { 0 };
	struct _slgw__deleteSnapshotResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	req.snapshotId = gdup(gw, id);
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, deleteSnapshot, &req, &resp);
	return finish(&job, gw, rc, resp.job, e);
}

int xs_gw_snapshots(json_t **out, xs_gw *gw, const char *collection, struct xs_err *e)
{
	struct _slgw__enumSnapshots req = { 0 };
	int limit = XS_PAGE, rc;

	*out = json_array();
	req.limit = &limit;
	req.collection = gdup(gw, collection);
	for (;;) {
		struct _slgw__enumSnapshotsResponse resp = { 0 };

		slgw_call(rc, gw->cl, enumSnapshots, &req, &resp);
		if (rc) {
			json_decref(*out);
			*out = NULL;
			return gw_fail(gw, rc, e);
		}
		for (int i = 0; resp.snapshot && i < resp.__sizesnapshot; i++)
			json_array_append_new(*out, snapshot_json(&resp.snapshot[i]));
		if (!resp.nextPageToken || !*resp.nextPageToken)
			return 0;
		req.pageToken = resp.nextPageToken;
	}
}

int xs_gw_snapshot_attrs(json_t **snap, xs_gw *gw, const char *id, const struct xs_attr_req *r,
			 struct xs_err *e)
{
	struct _slgw__setSnapshotAttributes req = { 0 };
	struct _slgw__setSnapshotAttributesResponse resp = { 0 };
	int rc;

	*snap = NULL;
	req.snapshotId = gdup(gw, id);
	req.name = gdup(gw, r->name);
	req.description = gdup(gw, r->description);
	if (kv_array(&req.setKey, &req.__sizesetKey, gw, r->set) ||
	    unset_array(&req.unsetKey, &req.__sizeunsetKey, gw, r->unset))
		return xs_fail(e, "INTERNAL", "out of memory");
	rc = slgw_client_check(gw->cl, soap_call___slgw__setSnapshotAttributes(
					       slgw_client_soap(gw->cl),
					       slgw_client_endpoint(gw->cl), NULL, &req, &resp));
	if (rc)
		return gw_fail(gw, rc, e);
	if (resp.snapshot)
		*snap = snapshot_json(resp.snapshot);
	return 0;
}

int xs_gw_clone(json_t **vol, xs_gw *gw, const char *snapshot_id, const char *name,
		const char *description, const char *collection, const json_t *keys,
		struct xs_err *e)
{
	struct _slgw__cloneStorage req = { 0 };
	struct _slgw__cloneStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	*vol = NULL;
	req.sourceSnapshotId = gdup(gw, snapshot_id);
	req.name = gdup(gw, name);
	req.cloneType = slgw__CloneType__linked;
	req.description = gdup(gw, description);
	req.collection = gdup(gw, collection);
	req.waitMs = wait_ms(gw);
	if (kv_array(&req.key, &req.__sizekey, gw, keys))
		return xs_fail(e, "INTERNAL", "out of memory");
	slgw_call_mutating(rc, gw->cl, cloneStorage, &req, &resp);
	if (finish(&job, gw, rc, resp.job, e))
		return -1;
	if (!job->storageVolume)
		return xs_fail(e, "INTERNAL", "the clone job %s answered no volume", job->id);
	*vol = volume_json(gw, job->storageVolume);
	return 0;
}

/* ---- hosts and assignments ---- */

/* WWPNs compare without colons and case. */
static int same_initiator(const char *a, const char *b)
{
	for (;;) {
		while (*a == ':')
			a++;
		while (*b == ':')
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if ((*a | 0x20) != (*b | 0x20))
			return 0;
		a++;
		b++;
	}
}

static int add_initiator(xs_gw *gw, const char *host_id, const char *id,
			 enum slgw__Protocol proto, struct xs_err *e)
{
	struct _slgw__addHostInitiator req = { 0 };
	struct _slgw__addHostInitiatorResponse resp = { 0 };
	struct slgw__Initiator *ini = soap_malloc(slgw_client_soap(gw->cl), sizeof *ini);
	struct slgw__Job *job = NULL;
	int rc;

	if (!ini)
		return xs_fail(e, "INTERNAL", "out of memory");
	ini->id = gdup(gw, id);
	ini->protocol = proto;
	req.hostId = gdup(gw, host_id);
	req.initiator = ini;
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, addHostInitiator, &req, &resp);
	return finish(&job, gw, rc, resp.job, e);
}

int xs_gw_host_register(char *host_id, size_t len, xs_gw *gw, const struct xs_host_id *h,
			struct xs_err *e)
{
	struct _slgw__enumHosts lreq = { 0 };
	struct _slgw__enumHostsResponse lresp = { 0 };
	const struct slgw__Host *found = NULL;
	int limit = XS_PAGE, rc;

	lreq.namePrefix = gdup(gw, h->uuid);
	lreq.limit = &limit;
	slgw_call(rc, gw->cl, enumHosts, &lreq, &lresp);
	if (rc)
		return gw_fail(gw, rc, e);
	for (int i = 0; lresp.host && i < lresp.__sizehost; i++)
		if (lresp.host[i].name && !strcmp(lresp.host[i].name, h->uuid))
			found = &lresp.host[i];
	if (!found) {
		struct _slgw__addHost req = { 0 };
		struct _slgw__addHostResponse resp = { 0 };
		struct slgw__Job *job = NULL;
		struct slgw__Initiator *ini;
		int n = 0;

		ini = soap_malloc(slgw_client_soap(gw->cl), (size_t)(h->nwwpn + 1) * sizeof *ini);
		if (!ini)
			return xs_fail(e, "INTERNAL", "out of memory");
		if (h->iqn[0]) {
			ini[n].id = gdup(gw, h->iqn);
			ini[n++].protocol = slgw__Protocol__iscsi;
		}
		for (int i = 0; i < h->nwwpn; i++) {
			ini[n].id = gdup(gw, h->wwpn[i]);
			ini[n++].protocol = slgw__Protocol__fc;
		}
		req.name = gdup(gw, h->uuid);
		if (h->address[0])
			req.hostAddress = gdup(gw, h->address);
		req.initiator = ini;
		req.__sizeinitiator = n;
		req.waitMs = wait_ms(gw);
		slgw_call_mutating(rc, gw->cl, addHost, &req, &resp);
		if (finish(&job, gw, rc, resp.job, e))
			return -1;
		if (!job->host || !job->host->id)
			return xs_fail(e, "INTERNAL", "the host job %s answered no host", job->id);
		snprintf(host_id, len, "%s", job->host->id);
		return 0;
	}
	snprintf(host_id, len, "%s", found->id);
	/* The array registers paths under the host's name and address: a host
	 * registered without one gets this host's management address. */
	if (h->address[0] && (!found->hostAddress || !*found->hostAddress)) {
		struct _slgw__modifyHost req = { 0 };
		struct _slgw__modifyHostResponse resp = { 0 };
		struct slgw__Job *job = NULL;

		req.hostId = gdup(gw, found->id);
		req.hostAddress = gdup(gw, h->address);
		req.waitMs = wait_ms(gw);
		slgw_call_mutating(rc, gw->cl, modifyHost, &req, &resp);
		if (finish(&job, gw, rc, resp.job, e))
			return -1;
	}
	/* An initiator this host has and the gateway lacks (a new HBA, an
	 * IQN set after the first registration) is added; none is removed. */
	{
		char want[17][256];
		enum slgw__Protocol proto[17];
		int nwant = 0;

		if (h->iqn[0]) {
			snprintf(want[nwant], sizeof want[0], "%s", h->iqn);
			proto[nwant++] = slgw__Protocol__iscsi;
		}
		for (int i = 0; i < h->nwwpn; i++) {
			snprintf(want[nwant], sizeof want[0], "%s", h->wwpn[i]);
			proto[nwant++] = slgw__Protocol__fc;
		}
		for (int w = 0; w < nwant; w++) {
			int present = 0;

			for (int i = 0; found->initiator && i < found->__sizeinitiator; i++)
				present |= found->initiator[i].id &&
					   same_initiator(found->initiator[i].id, want[w]);
			if (!present && add_initiator(gw, host_id, want[w], proto[w], e))
				return -1;
		}
	}
	return 0;
}

int xs_gw_host_prepare(xs_gw *gw, const char *host_id, const char *system_id, struct xs_err *e)
{
	struct _slgw__prepareHost req = { 0 };
	struct _slgw__prepareHostResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	req.hostId = gdup(gw, host_id);
	req.storageSystemId = gdup(gw, system_id);
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, prepareHost, &req, &resp);
	if (finish(&job, gw, rc, resp.job, e)) {
		/* Preparing is an optimisation of the first attach (which
		 * does the same work): a gateway without it is no failure. */
		if (!strcmp(e->code, "NOT_SUPPORTED"))
			return 0;
		return -1;
	}
	return 0;
}

int xs_gw_assign(json_t **assignment, xs_gw *gw, const char *volume_id, const char *host_id,
		 struct xs_err *e)
{
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	*assignment = NULL;
	req.volumeId = gdup(gw, volume_id);
	req.hostId = gdup(gw, host_id);
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, assignStorage, &req, &resp);
	if (finish(&job, gw, rc, resp.job, e))
		return -1;
	if (!job->assignment)
		return xs_fail(e, "INTERNAL", "the assignment job %s answered no assignment",
			       job->id);
	*assignment = assignment_json(gw, job->assignment);
	return 0;
}

int xs_gw_unassign(xs_gw *gw, const char *volume_id, const char *host_id, struct xs_err *e)
{
	struct _slgw__unassignStorage req = { 0 };
	struct _slgw__unassignStorageResponse resp = { 0 };
	struct slgw__Job *job = NULL;
	int rc;

	req.volumeId = gdup(gw, volume_id);
	req.hostId = gdup(gw, host_id);
	req.waitMs = wait_ms(gw);
	slgw_call_mutating(rc, gw->cl, unassignStorage, &req, &resp);
	return finish(&job, gw, rc, resp.job, e);
}
