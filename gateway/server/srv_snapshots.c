/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_snapshots.c - the SOAP operations on snapshots and clones.
 *
 * Snapshots and clones are kept together because a clone is made from a
 * volume or from one of its snapshots and both are array-side copies of a
 * volume's data: the rules that tie them (exactly one source, a linked
 * clone stays in its source's pool, provisioning follows the source) are
 * checked here, once, before the broker starts a job.
 *
 * A snapshot's description and keys, and a clone's description,
 * collection and keys (contract revision 2), ride in the job and are
 * written when it has made the object; setSnapshotAttributes and
 * getSnapshot are records only, answered at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv_service_internal.h"

int __slgw__createSnapshot(struct soap *soap, struct _slgw__createSnapshot *req,
			   struct _slgw__createSnapshotResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	struct broker_attrs attrs = { 0 };

	if (srv_call_begin(soap, "createSnapshot", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1) || srv_check_name(soap, "name", req->name, 64) ||
	    srv_check_description(soap, "description", req->description) ||
	    srv_check_keys(soap, "key", req->key, req->__sizekey))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	if (srv_attrs_from(soap, &attrs, req->description, NULL, req->key, req->__sizekey))
		return SOAP_FAULT;
	rc = broker_create_snapshot_attrs(cl.b, &cl.who, req->volumeId, req->name, &attrs, &job,
					  &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

SRV_ID_JOB_OP(deleteSnapshot, 0, snapshotId, "snapshot", broker_delete_snapshot)

int __slgw__enumSnapshots(struct soap *soap, struct _slgw__enumSnapshots *req,
			  struct _slgw__enumSnapshotsResponse *resp)
{
	store_snapshot *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumSnapshots", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 0) ||
	    srv_check_collection(soap, "collection", req->collection) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_snapshots_in(&arr, &n, &next, cl.b, &cl.who, req->volumeId, req->collection,
				     &cl.page, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->snapshot = srv_zalloc(soap, sizeof *resp->snapshot * n);
	for (size_t i = 0; resp->snapshot && i < n; i++)
		srv_conv_snapshot(soap, &resp->snapshot[resp->__sizesnapshot++], &arr[i]);
	store_snapshot_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

SRV_ID_FORCE_JOB_OP(restoreSnapshot, snapshotId, "snapshot", broker_restore_snapshot)

int __slgw__cloneStorage(struct soap *soap, struct _slgw__cloneStorage *req,
			 struct _slgw__cloneStorageResponse *resp)
{
	struct broker_clone_req r = { 0 };
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "cloneStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "sourceVolumeId", req->sourceVolumeId, 0) ||
	    srv_check_id(soap, "sourceSnapshotId", req->sourceSnapshotId, 0) ||
	    srv_check_id(soap, "storagePoolId", req->storagePoolId, 0) ||
	    srv_check_name(soap, "name", req->name, 128) ||
	    srv_check_description(soap, "description", req->description) ||
	    srv_check_collection(soap, "collection", req->collection) ||
	    srv_check_keys(soap, "key", req->key, req->__sizekey))
		return SOAP_FAULT;
	if (!req->sourceVolumeId == !req->sourceSnapshotId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "give exactly one of sourceVolumeId and sourceSnapshotId");
	if (req->cloneType == slgw__CloneType__linked && req->storagePoolId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "storagePoolId: a linked clone lives in its source's pool");
	if (req->provisioning)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "provisioning: a clone keeps its source's provisioning in this "
				 "version");
	srv_call_object(soap, req->sourceVolumeId ? "volume" : "snapshot",
		   req->sourceVolumeId ? req->sourceVolumeId : req->sourceSnapshotId);
	r.source_volume_id = req->sourceVolumeId;
	r.source_snapshot_id = req->sourceSnapshotId;
	r.name = req->name;
	r.kind = req->cloneType == slgw__CloneType__full ? STORE_CLONE_FULL : STORE_CLONE_LINKED;
	r.pool_id = req->storagePoolId;
	if (srv_attrs_from(soap, &r.attrs, req->description, req->collection, req->key,
			   req->__sizekey))
		return SOAP_FAULT;
	rc = broker_clone_storage(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__getSnapshot(struct soap *soap, struct _slgw__getSnapshot *req,
			struct _slgw__getSnapshotResponse *resp)
{
	store_snapshot *sn = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "getSnapshot", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "snapshotId", req->snapshotId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "snapshot", req->snapshotId);
	rc = broker_get_snapshot(&sn, cl.b, &cl.who, req->snapshotId, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_snapshot_answer(soap, &cl, rc, sn, &resp->snapshot);
}

int __slgw__setSnapshotAttributes(struct soap *soap, struct _slgw__setSnapshotAttributes *req,
				  struct _slgw__setSnapshotAttributesResponse *resp)
{
	struct broker_attr_change chg = { 0 };
	store_snapshot *sn = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "setSnapshotAttributes", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "snapshotId", req->snapshotId, 1) ||
	    srv_attr_change(soap, &chg, 64, req->name, req->description, req->setKey,
			    req->__sizesetKey, req->unsetKey, req->__sizeunsetKey))
		return SOAP_FAULT;
	srv_call_object(soap, "snapshot", req->snapshotId);
	rc = broker_set_snapshot_attributes(&sn, cl.b, &cl.who, req->snapshotId, &chg, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_snapshot_answer(soap, &cl, rc, sn, &resp->snapshot);
}
