/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_metadata.c - the attributes of volumes and snapshots (contract
 * revision 2) end to end: the real slgwd in demo mode on navisim, spoken to
 * over TLS with the generated gSOAP client.
 *
 * What it proves: allocate / createSnapshot / cloneStorage carry
 * description, collection and keys into the records every read returns; a
 * setStorageVolumeAttributes / setSnapshotAttributes batch is applied whole
 * or not at all (one bad key, one key too many or a taken name changes
 * nothing, not even the valid parts); the bounds are INVALID_ARGUMENT
 * naming the field; another tenant's objects are NOT_FOUND to every new
 * operation; the collection filter returns exactly one collection of two
 * in the same pool; a snapshot keeps its volume's collection and size as
 * they were; renaming a volume leaves its LUN's array name alone (an
 * assignment and a resize after the rename find the LUN); and the
 * attributes survive a restart of slgwd.
 *
 * Each test starts its own slgwd (a child of the test process), so tests
 * are independent and the restart test can stop and start it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soapH.h"
#include "e2e_check.h"
#include "../common/suite_one.h"

static const char *why(struct soap *s)
{
	return s->fault && s->fault->faultstring ? s->fault->faultstring : "?";
}

static void assert_fault(struct soap *s, int rc, const char *code, const char *needle)
{
	const char *got = e2e_fault_code(s);

	ck_assert_msg(rc != SOAP_OK, "expected fault %s, the call succeeded", code);
	ck_assert_msg(got && !strcmp(got, code), "expected %s, got %s (%s)", code,
		      got ? got : "(no slgw detail)", why(s));
	if (needle)
		ck_assert_msg(strstr(s->fault->detail->slgw__fault->message, needle),
			      "fault message \"%s\" does not mention \"%s\"",
			      s->fault->detail->slgw__fault->message, needle);
}

/* The value of key name in a KeyValue list, or NULL. */
static const char *kv(const struct slgw__KeyValue *k, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(k[i].name, name))
			return k[i].value;
	return NULL;
}

static void pool_ids(struct soap *s, char **sys, char **pool)
{
	struct _slgw__enumStoragePools req = { 0 };
	struct _slgw__enumStoragePoolsResponse resp;

	ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_int_ge(resp.__sizestoragePool, 1);
	*sys = resp.storagePool[0].storageSystemId;
	*pool = resp.storagePool[0].id;
}

/* Allocates a 16 MB thin volume with attributes; its record. */
static struct slgw__StorageVolume *allocate(struct soap *s, const char *name, const char *coll,
					    const char *desc, struct slgw__KeyValue *keys, int nkeys)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	int rc;

	pool_ids(s, &req.storageSystemId, &req.storagePoolId);
	req.name = (char *)name;
	req.sizeMB = 16;
	req.provisioning = slgw__ProvisioningType__THIN;
	req.collection = (char *)coll;
	req.description = (char *)desc;
	req.key = keys;
	req.__sizekey = nkeys;
	rc = soap_call___slgw__allocateStorage(s, EP, NULL, &req, &resp);
	ck_assert_msg(rc == SOAP_OK, "allocate %s: %s", name, why(s));
	ck_assert_msg(resp.job->state == slgw__JobState__SUCCEEDED, "allocate %s: %s", name,
		      resp.job->errorMessage ? resp.job->errorMessage : "?");
	ck_assert_ptr_nonnull(resp.job->storageVolume);
	return resp.job->storageVolume;
}

static struct slgw__StorageVolume *get_volume(struct soap *s, const char *id, int *rc)
{
	struct _slgw__getStorageVolume req = { 0 };
	struct _slgw__getStorageVolumeResponse resp = { 0 };

	req.volumeId = (char *)id;
	*rc = soap_call___slgw__getStorageVolume(s, EP, NULL, &req, &resp);
	return resp.storageVolume;
}

static int set_volume(struct soap *s, const char *id, const char *name, const char *desc,
		      struct slgw__KeyValue *set, int nset, char **unset, int nunset,
		      struct slgw__StorageVolume **out)
{
	struct _slgw__setStorageVolumeAttributes req = { 0 };
	struct _slgw__setStorageVolumeAttributesResponse resp = { 0 };
	int rc;

	req.volumeId = (char *)id;
	req.name = (char *)name;
	req.description = (char *)desc;
	req.setKey = set;
	req.__sizesetKey = nset;
	req.unsetKey = unset;
	req.__sizeunsetKey = nunset;
	rc = soap_call___slgw__setStorageVolumeAttributes(s, EP, NULL, &req, &resp);
	if (out)
		*out = resp.storageVolume;
	return rc;
}

static struct slgw__Snapshot *snapshot(struct soap *s, const char *vol, const char *name,
				       const char *desc, struct slgw__KeyValue *keys, int n)
{
	struct _slgw__createSnapshot req = { 0 };
	struct _slgw__createSnapshotResponse resp = { 0 };
	int rc;

	req.volumeId = (char *)vol;
	req.name = (char *)name;
	req.description = (char *)desc;
	req.key = keys;
	req.__sizekey = n;
	rc = soap_call___slgw__createSnapshot(s, EP, NULL, &req, &resp);
	ck_assert_msg(rc == SOAP_OK, "snapshot %s: %s", name, why(s));
	ck_assert_msg(resp.job->state == slgw__JobState__SUCCEEDED, "snapshot %s: %s", name,
		      resp.job->errorMessage ? resp.job->errorMessage : "?");
	ck_assert_ptr_nonnull(resp.job->snapshot);
	return resp.job->snapshot;
}

static struct slgw__Snapshot *get_snapshot(struct soap *s, const char *id, int *rc)
{
	struct _slgw__getSnapshot req = { 0 };
	struct _slgw__getSnapshotResponse resp = { 0 };

	req.snapshotId = (char *)id;
	*rc = soap_call___slgw__getSnapshot(s, EP, NULL, &req, &resp);
	return resp.snapshot;
}

/* A second tenant with a user; its client. */
static struct soap *other_tenant(struct soap *admin)
{
	struct _slgw__addTenant at = { 0 };
	struct _slgw__addTenantResponse atr = { 0 };
	struct _slgw__addUser au = { 0 };
	struct _slgw__addUserResponse aur = { 0 };

	at.name = "other-tenant";
	ck_assert_int_eq(soap_call___slgw__addTenant(admin, EP, NULL, &at, &atr), SOAP_OK);
	au.name = "mallory";
	au.password = "mallory-password";
	au.role = slgw__Role__tenant;
	au.tenantId = atr.tenant->id;
	ck_assert_msg(soap_call___slgw__addUser(admin, EP, NULL, &au, &aur) == SOAP_OK, "%s",
		      why(admin));
	return client_as("mallory", "mallory-password");
}

/* ------------------------------------------------------------------ */

START_TEST(records_carry_attributes_from_creation)
{
	struct soap *t;
	struct slgw__KeyValue keys[] = { { "vdi-uuid", "0f3c" }, { "xs:sm-config", "a=b" } };
	struct slgw__KeyValue skeys[] = { { "snap.of", "base" } };
	struct slgw__StorageVolume *v;
	struct slgw__Snapshot *sn;
	int rc;

	up();
	t = client_as("tenant", srv.tenant_pw);
	v = allocate(t, "md-vol", "sr-1", "the base disk", keys, 2);
	ck_assert_str_eq(v->collection, "sr-1");
	ck_assert_str_eq(v->description, "the base disk");
	ck_assert_int_eq(v->__sizekey, 2);
	ck_assert_str_eq(kv(v->key, v->__sizekey, "xs:sm-config"), "a=b");

	sn = snapshot(t, v->id, "md-snap", "before patching", skeys, 1);
	ck_assert_str_eq(sn->collection, "sr-1");
	ck_assert_str_eq(sn->description, "before patching");
	ck_assert_ptr_nonnull(sn->sizeMB);
	ck_assert_int_eq(*sn->sizeMB, 16);
	ck_assert_str_eq(kv(sn->key, sn->__sizekey, "snap.of"), "base");

	sn = get_snapshot(t, sn->id, &rc);
	ck_assert_msg(rc == SOAP_OK, "getSnapshot: %s", why(t));
	ck_assert_str_eq(sn->name, "md-snap");
	ck_assert_int_eq(sn->__sizekey, 1);

	/* the owner changes it; a retried createSnapshot of the same name
	 * answers the snapshot as it is now and overwrites nothing */
	{
		struct _slgw__setSnapshotAttributes req = { 0 };
		struct _slgw__setSnapshotAttributesResponse resp = { 0 };
		struct slgw__KeyValue other[] = { { "snap.of", "retry" }, { "extra", "x" } };
		char sid[32];
		req.snapshotId = sn->id;
		req.description = "changed by the owner";
		rc = soap_call___slgw__setSnapshotAttributes(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc == SOAP_OK, "setSnapshotAttributes: %s", why(t));
		ck_assert_str_eq(resp.snapshot->description, "changed by the owner");
		snprintf(sid, sizeof sid, "%s", sn->id);
		sn = snapshot(t, v->id, "md-snap", "the retry's", other, 2);
		ck_assert_str_eq(sn->id, sid);
		sn = get_snapshot(t, sid, &rc);
		ck_assert_int_eq(rc, SOAP_OK);
		ck_assert_str_eq(sn->description, "changed by the owner");
		ck_assert_int_eq(sn->__sizekey, 1);
		ck_assert_str_eq(kv(sn->key, sn->__sizekey, "snap.of"), "base");
	}

	/* a full clone gets its own attributes, none of its source's */
	{
		struct _slgw__cloneStorage req = { 0 };
		struct _slgw__cloneStorageResponse resp = { 0 };
		struct slgw__KeyValue ckeys[] = { { "clone.of", "md-vol" } };
		req.sourceVolumeId = v->id;
		req.name = "md-clone";
		req.cloneType = slgw__CloneType__full;
		req.collection = "sr-2";
		req.description = "a copy";
		req.key = ckeys;
		req.__sizekey = 1;
		rc = soap_call___slgw__cloneStorage(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc == SOAP_OK, "clone: %s", why(t));
		ck_assert_msg(resp.job->state == slgw__JobState__SUCCEEDED, "clone: %s",
			      resp.job->errorMessage ? resp.job->errorMessage : "?");
		v = get_volume(t, resp.job->storageVolume->id, &rc);
		ck_assert_int_eq(rc, SOAP_OK);
		ck_assert_str_eq(v->collection, "sr-2");
		ck_assert_str_eq(v->description, "a copy");
		ck_assert_int_eq(v->__sizekey, 1);
		ck_assert_str_eq(kv(v->key, v->__sizekey, "clone.of"), "md-vol");
	}
	e2e_client_free(t);
	down();
}
END_TEST

START_TEST(set_is_atomic_and_bounded)
{
	struct soap *t;
	struct slgw__KeyValue keys[] = { { "a", "1" }, { "b", "2" } };
	struct slgw__StorageVolume *v, *got;
	char vid[32], arrayname[128], longv[1100], *unset[] = { "b", "never-set" };
	int rc;

	up();
	t = client_as("tenant", srv.tenant_pw);
	v = allocate(t, "md-atomic", "sr-1", NULL, keys, 2);
	snprintf(vid, sizeof vid, "%s", v->id);
	ck_assert_ptr_nonnull(v->arrayName);
	snprintf(arrayname, sizeof arrayname, "%s", v->arrayName);
	allocate(t, "md-taken", "sr-1", NULL, NULL, 0);

	/* set + unset + rename + describe, applied together */
	{
		struct slgw__KeyValue set[] = { { "a", "10" }, { "c", "3" } };
		rc = set_volume(t, vid, "md-renamed", "now described", set, 2, unset, 2, &got);
		ck_assert_msg(rc == SOAP_OK, "set: %s", why(t));
		ck_assert_str_eq(got->name, "md-renamed");
		ck_assert_str_eq(got->description, "now described");
		ck_assert_int_eq(got->__sizekey, 2);
		ck_assert_str_eq(kv(got->key, 2, "a"), "10");
		ck_assert_str_eq(kv(got->key, 2, "c"), "3");
		ck_assert_ptr_null(kv(got->key, 2, "b"));
		/* the LUN keeps its array name */
		ck_assert_str_eq(got->arrayName, arrayname);
	}
	/* and the array commands after the rename still find that LUN: the
	 * confirm of an assignment checks the recorded name, and a resize */
	{
		struct _slgw__addHost ah = { 0 };
		struct _slgw__addHostResponse ahr = { 0 };
		struct _slgw__assignStorage as = { 0 };
		struct _slgw__assignStorageResponse asr = { 0 };
		struct _slgw__resizeStorage rs = { 0 };
		struct _slgw__resizeStorageResponse rsr = { 0 };
		struct slgw__Initiator ini = { "iqn.2026-01.com.example:md-host", slgw__Protocol__iscsi };
		ah.name = "md-host";
		ah.hostAddress = "192.0.2.61";
		ah.initiator = &ini;
		ah.__sizeinitiator = 1;
		rc = soap_call___slgw__addHost(t, EP, NULL, &ah, &ahr);
		ck_assert_msg(rc == SOAP_OK && ahr.job->state == slgw__JobState__SUCCEEDED,
			      "addHost: %s", rc ? why(t) : ahr.job->errorMessage);
		as.volumeId = vid;
		as.hostId = ahr.job->host->id;
		rc = soap_call___slgw__assignStorage(t, EP, NULL, &as, &asr);
		ck_assert_msg(rc == SOAP_OK, "assign: %s", why(t));
		ck_assert_msg(asr.job->state == slgw__JobState__SUCCEEDED, "assign after rename: %s",
			      asr.job->errorMessage ? asr.job->errorMessage : "?");
		rs.volumeId = vid;
		rs.sizeMB = 32;
		rc = soap_call___slgw__resizeStorage(t, EP, NULL, &rs, &rsr);
		ck_assert_msg(rc == SOAP_OK, "resize: %s", why(t));
		ck_assert_msg(rsr.job->state == slgw__JobState__SUCCEEDED, "resize after rename: %s",
			      rsr.job->errorMessage ? rsr.job->errorMessage : "?");
	}
	/* one bad key in the batch: nothing changes */
	{
		struct slgw__KeyValue set[] = { { "d", "4" }, { "bad key", "5" } };
		rc = set_volume(t, vid, "md-other-name", "changed", set, 2, NULL, 0, NULL);
		assert_fault(t, rc, "INVALID_ARGUMENT", "setKey[1].name");
	}
	/* a value over the limit */
	memset(longv, 'x', 1025);
	longv[1025] = '\0';
	{
		struct slgw__KeyValue set[] = { { "d", "4" }, { "e", longv } };
		rc = set_volume(t, vid, NULL, NULL, set, 2, NULL, 0, NULL);
		assert_fault(t, rc, "INVALID_ARGUMENT", "1024");
	}
	/* a description over the limit */
	longv[1025] = '\0';
	rc = set_volume(t, vid, NULL, longv, NULL, 0, NULL, 0, NULL);
	assert_fault(t, rc, "INVALID_ARGUMENT", "description");
	/* 63 new keys on top of the 2 it has: 65 > 64, refused as a whole */
	{
		struct slgw__KeyValue set[63];
		char names[63][16];
		for (int i = 0; i < 63; i++) {
			snprintf(names[i], sizeof names[i], "k%02d", i);
			set[i].name = names[i];
			set[i].value = "v";
		}
		rc = set_volume(t, vid, NULL, NULL, set, 63, NULL, 0, NULL);
		assert_fault(t, rc, "INVALID_ARGUMENT", "64");
		/* 62 fit exactly */
		rc = set_volume(t, vid, NULL, NULL, set, 62, NULL, 0, &got);
		ck_assert_msg(rc == SOAP_OK, "62 keys: %s", why(t));
		ck_assert_int_eq(got->__sizekey, 64);
		char *drop[62];
		for (int i = 0; i < 62; i++)
			drop[i] = names[i];
		rc = set_volume(t, vid, NULL, NULL, NULL, 0, drop, 62, &got);
		ck_assert_msg(rc == SOAP_OK, "unset 62: %s", why(t));
	}
	/* a collection with a space, in a list filter */
	{
		struct _slgw__enumStorageVolumes req = { 0 };
		struct _slgw__enumStorageVolumesResponse resp;
		req.collection = "sr 1";
		rc = soap_call___slgw__enumStorageVolumes(t, EP, NULL, &req, &resp);
		assert_fault(t, rc, "INVALID_ARGUMENT", "collection");
	}
	/* a taken name: the keys of that batch are not written either */
	{
		struct slgw__KeyValue set[] = { { "z", "26" } };
		rc = set_volume(t, vid, "md-taken", NULL, set, 1, NULL, 0, NULL);
		assert_fault(t, rc, "ALREADY_EXISTS", NULL);
	}
	/* the same key set and unset */
	{
		struct slgw__KeyValue set[] = { { "a", "11" } };
		char *both[] = { "a" };
		rc = set_volume(t, vid, NULL, NULL, set, 1, both, 1, NULL);
		assert_fault(t, rc, "INVALID_ARGUMENT", "unsetKey[0]");
	}
	got = get_volume(t, vid, &rc);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_str_eq(got->name, "md-renamed");
	ck_assert_str_eq(got->description, "now described");
	ck_assert_int_eq(got->__sizekey, 2);
	ck_assert_str_eq(kv(got->key, 2, "a"), "10");
	ck_assert_str_eq(kv(got->key, 2, "c"), "3");
	/* "" clears the description */
	rc = set_volume(t, vid, NULL, "", NULL, 0, NULL, 0, &got);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_ptr_null(got->description);
	e2e_client_free(t);
	down();
}
END_TEST

START_TEST(another_tenant_gets_not_found)
{
	struct soap *a, *t, *m;
	struct slgw__StorageVolume *v;
	struct slgw__Snapshot *sn;
	struct slgw__KeyValue set[] = { { "owner", "mallory" } };
	int rc;

	up();
	a = client_as("admin", srv.admin_pw);
	t = client_as("tenant", srv.tenant_pw);
	m = other_tenant(a);
	v = allocate(t, "md-private", "sr-1", "mine", NULL, 0);
	sn = snapshot(t, v->id, "md-private-snap", NULL, NULL, 0);

	rc = set_volume(m, v->id, "stolen", NULL, set, 1, NULL, 0, NULL);
	assert_fault(m, rc, "NOT_FOUND", NULL);
	get_snapshot(m, sn->id, &rc);
	assert_fault(m, rc, "NOT_FOUND", NULL);
	{
		struct _slgw__setSnapshotAttributes req = { 0 };
		struct _slgw__setSnapshotAttributesResponse resp;
		req.snapshotId = sn->id;
		req.description = "mine now";
		rc = soap_call___slgw__setSnapshotAttributes(m, EP, NULL, &req, &resp);
		assert_fault(m, rc, "NOT_FOUND", NULL);
	}
	/* an id that never was answers the same */
	rc = set_volume(m, "999999", "x", NULL, NULL, 0, NULL, 0, NULL);
	assert_fault(m, rc, "NOT_FOUND", NULL);
	/* mallory's lists of that collection are empty */
	{
		struct _slgw__enumStorageVolumes req = { 0 };
		struct _slgw__enumStorageVolumesResponse resp;
		struct _slgw__enumSnapshots sreq = { 0 };
		struct _slgw__enumSnapshotsResponse sresp;
		req.collection = "sr-1";
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(m, EP, NULL, &req, &resp),
				 SOAP_OK);
		ck_assert_int_eq(resp.__sizestorageVolume, 0);
		sreq.collection = "sr-1";
		ck_assert_int_eq(soap_call___slgw__enumSnapshots(m, EP, NULL, &sreq, &sresp),
				 SOAP_OK);
		ck_assert_int_eq(sresp.__sizesnapshot, 0);
	}
	/* the owner's record is untouched; the admin sees and may change it */
	v = get_volume(t, v->id, &rc);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_str_eq(v->name, "md-private");
	ck_assert_int_eq(v->__sizekey, 0);
	rc = set_volume(a, v->id, NULL, "checked by the storage team", NULL, 0, NULL, 0, &v);
	ck_assert_msg(rc == SOAP_OK, "admin set: %s", why(a));
	ck_assert_str_eq(v->description, "checked by the storage team");
	e2e_client_free(m);
	e2e_client_free(t);
	e2e_client_free(a);
	down();
}
END_TEST

START_TEST(collection_filter_splits_one_pool)
{
	struct soap *t;
	struct slgw__StorageVolume *v1, *v2;
	char vid1[32];
	int rc;

	up();
	t = client_as("tenant", srv.tenant_pw);
	v1 = allocate(t, "md-a1", "sr-a", NULL, NULL, 0);
	snprintf(vid1, sizeof vid1, "%s", v1->id);
	allocate(t, "md-a2", "sr-a", NULL, NULL, 0);
	v2 = allocate(t, "md-b1", "sr-b", NULL, NULL, 0);
	allocate(t, "md-none", NULL, NULL, NULL, 0);
	snapshot(t, vid1, "md-a1-s", NULL, NULL, 0);
	snapshot(t, v2->id, "md-b1-s", NULL, NULL, 0);
	{
		struct _slgw__enumStorageVolumes req = { 0 };
		struct _slgw__enumStorageVolumesResponse resp;
		req.collection = "sr-a";
		rc = soap_call___slgw__enumStorageVolumes(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc == SOAP_OK, "%s", why(t));
		ck_assert_int_eq(resp.__sizestorageVolume, 2);
		for (int i = 0; i < resp.__sizestorageVolume; i++)
			ck_assert_str_eq(resp.storageVolume[i].collection, "sr-a");
		req.collection = "sr-b";
		rc = soap_call___slgw__enumStorageVolumes(t, EP, NULL, &req, &resp);
		ck_assert_int_eq(rc, SOAP_OK);
		ck_assert_int_eq(resp.__sizestorageVolume, 1);
		ck_assert_str_eq(resp.storageVolume[0].name, "md-b1");
		ck_assert_str_eq(resp.storageVolume[0].storagePoolId, v1->storagePoolId);
	}
	{
		struct _slgw__enumSnapshots req = { 0 };
		struct _slgw__enumSnapshotsResponse resp;
		req.collection = "sr-b";
		rc = soap_call___slgw__enumSnapshots(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc == SOAP_OK, "%s", why(t));
		ck_assert_int_eq(resp.__sizesnapshot, 1);
		ck_assert_str_eq(resp.snapshot[0].name, "md-b1-s");
	}
	/* a retried allocate must name the same collection */
	{
		struct _slgw__allocateStorage req = { 0 };
		struct _slgw__allocateStorageResponse resp = { 0 };
		pool_ids(t, &req.storageSystemId, &req.storagePoolId);
		req.name = "md-a2";
		req.sizeMB = 16;
		req.provisioning = slgw__ProvisioningType__THIN;
		req.collection = "sr-b";
		rc = soap_call___slgw__allocateStorage(t, EP, NULL, &req, &resp);
		assert_fault(t, rc, "ALREADY_EXISTS", NULL);
		req.collection = "sr-a";
		rc = soap_call___slgw__allocateStorage(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc == SOAP_OK, "%s", why(t));
		ck_assert_int_eq(resp.job->state, slgw__JobState__SUCCEEDED);
	}
	e2e_client_free(t);
	down();
}
END_TEST

START_TEST(attributes_survive_a_restart)
{
	struct soap *t;
	struct slgw__StorageVolume *v;
	struct slgw__Snapshot *sn;
	struct slgw__KeyValue keys[] = { { "vdi-uuid", "77" } };
	struct slgw__KeyValue skeys[] = { { "kept", "yes" } };
	char vid[32], sid[32];
	int rc;

	up();
	t = client_as("tenant", srv.tenant_pw);
	v = allocate(t, "md-durable", "sr-d", "kept across restarts", keys, 1);
	snprintf(vid, sizeof vid, "%s", v->id);
	sn = snapshot(t, vid, "md-durable-s", "snap desc", skeys, 1);
	snprintf(sid, sizeof sid, "%s", sn->id);
	e2e_client_free(t);
	ck_assert_int_eq(e2e_stop(&srv), 0);

	ck_assert_int_eq(e2e_start(&srv, 1), 0);
	t = client_as("tenant", srv.tenant_pw);
	v = get_volume(t, vid, &rc);
	ck_assert_msg(rc == SOAP_OK, "%s", why(t));
	ck_assert_str_eq(v->description, "kept across restarts");
	ck_assert_str_eq(v->collection, "sr-d");
	ck_assert_str_eq(kv(v->key, v->__sizekey, "vdi-uuid"), "77");
	sn = get_snapshot(t, sid, &rc);
	ck_assert_msg(rc == SOAP_OK, "%s", why(t));
	ck_assert_str_eq(sn->description, "snap desc");
	ck_assert_str_eq(sn->collection, "sr-d");
	ck_assert_str_eq(kv(sn->key, sn->__sizekey, "kept"), "yes");
	{
		struct _slgw__getServiceInfo req = { 0 };
		struct _slgw__getServiceInfoResponse resp;
		ck_assert_int_eq(soap_call___slgw__getServiceInfo(t, EP, NULL, &req, &resp), SOAP_OK);
		ck_assert_ptr_nonnull(resp.apiRevision);
		ck_assert_int_eq(*resp.apiRevision, 2);
	}
	e2e_client_free(t);
	down();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("gateway_metadata", "metadata", NULL, NULL, 300,
		records_carry_attributes_from_creation, set_is_atomic_and_bounded,
		another_tenant_gets_not_found, collection_filter_splits_one_pool,
		attributes_survive_a_restart);
}
