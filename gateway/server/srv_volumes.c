/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_volumes.c - the SOAP operations on storage volumes: allocate,
 * resize, delete, list and get.
 *
 * The service checks the request's shape (ids, the name and size rules of
 * broker_rules.h) and who may act for a tenant; the broker decides the
 * rest (grants, quotas, the array) and answers with a job, which the
 * client may wait for (waitMs) or poll with getJob (srv_tenants.c).
 *
 * A volume's description, collection and keys (contract revision 2) are
 * set at allocation and changed by setStorageVolumeAttributes, which is no
 * job: the record only, answered at once (broker_metadata.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv_service_internal.h"

int __slgw__allocateStorage(struct soap *soap, struct _slgw__allocateStorage *req,
			    struct _slgw__allocateStorageResponse *resp)
{
	struct broker_allocate_req r = { 0 };
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "allocateStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    srv_check_id(soap, "storagePoolId", req->storagePoolId, 1) ||
	    srv_check_name(soap, "name", req->name, 128) || srv_check_size(soap, "sizeMB", req->sizeMB) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0) ||
	    srv_check_description(soap, "description", req->description) ||
	    srv_check_collection(soap, "collection", req->collection) ||
	    srv_check_keys(soap, "key", req->key, req->__sizekey))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->name);
	if (req->tenantId && !cl.who.is_admin)
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "tenantId: only an admin may allocate on behalf of a tenant");
	r.system_id = req->storageSystemId;
	r.pool_id = req->storagePoolId;
	r.name = req->name;
	r.size_mb = (uint64_t)req->sizeMB;
	r.provisioning = req->provisioning == slgw__ProvisioningType__THIN ? STORE_PROV_THIN :
									     STORE_PROV_THICK;
	r.tenant_id = req->tenantId;
	if (srv_attrs_from(soap, &r.attrs, req->description, req->collection, req->key,
			   req->__sizekey))
		return SOAP_FAULT;
	rc = broker_allocate_storage(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__resizeStorage(struct soap *soap, struct _slgw__resizeStorage *req,
			  struct _slgw__resizeStorageResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "resizeStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1) || srv_check_size(soap, "sizeMB", req->sizeMB))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	rc = broker_resize_storage(cl.b, &cl.who, req->volumeId, (uint64_t)req->sizeMB, &job,
				   &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

SRV_ID_FORCE_JOB_OP(deleteStorage, volumeId, "volume", broker_delete_storage)

int __slgw__enumStorageVolumes(struct soap *soap, struct _slgw__enumStorageVolumes *req,
			       struct _slgw__enumStorageVolumesResponse *resp)
{
	struct broker_volume_filter f = { 0 };
	store_volume *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumStorageVolumes", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    srv_check_id(soap, "storagePoolId", req->storagePoolId, 0) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0) ||
	    srv_check_collection(soap, "collection", req->collection) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (req->namePrefix && strlen(req->namePrefix) > 128)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "namePrefix: too long");
	f.system_id = req->storageSystemId;
	f.pool_id = req->storagePoolId;
	f.name_prefix = req->namePrefix;
	f.tenant_id = req->tenantId;
	f.state = req->state; /* checked by the broker */
	f.collection = req->collection;
	if (broker_enum_storage_volumes(&arr, &n, &next, cl.b, &cl.who, &f, &cl.page, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageVolume = srv_zalloc(soap, sizeof *resp->storageVolume * n);
	for (size_t i = 0; resp->storageVolume && i < n; i++)
		srv_conv_volume(soap, &resp->storageVolume[resp->__sizestorageVolume++], &arr[i]);
	store_volume_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__getStorageVolume(struct soap *soap, struct _slgw__getStorageVolume *req,
			     struct _slgw__getStorageVolumeResponse *resp)
{
	store_volume *v = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "getStorageVolume", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	rc = broker_get_storage_volume(&v, cl.b, &cl.who, req->volumeId, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_volume_answer(soap, &cl, rc, v, &resp->storageVolume);
}

int __slgw__setStorageVolumeAttributes(struct soap *soap,
				       struct _slgw__setStorageVolumeAttributes *req,
				       struct _slgw__setStorageVolumeAttributesResponse *resp)
{
	struct broker_attr_change chg = { 0 };
	store_volume *v = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "setStorageVolumeAttributes", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1) ||
	    srv_attr_change(soap, &chg, 128, req->name, req->description, req->setKey,
			    req->__sizesetKey, req->unsetKey, req->__sizeunsetKey))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	rc = broker_set_volume_attributes(&v, cl.b, &cl.who, req->volumeId, &chg, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_volume_answer(soap, &cl, rc, v, &resp->storageVolume);
}
