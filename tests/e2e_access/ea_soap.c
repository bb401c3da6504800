/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ea_soap.c - wrappers over the gSOAP client stubs (see ea_soap.h).
 */
#include <string.h>

#include "ea_soap.h"

static int wait_ms = EA_WAIT_MS;

const char *ea_refusal(struct soap *s, int rc, const struct slgw__Job *job)
{
	if (rc != SOAP_OK) {
		if (s->fault && s->fault->detail && s->fault->detail->slgw__fault)
			return soap_slgw__ErrorCode2s(s, s->fault->detail->slgw__fault->code);
		return "TRANSPORT";
	}
	if (job && job->state == slgw__JobState__FAILED)
		return job->errorCode ? soap_slgw__ErrorCode2s(s, *job->errorCode) : "INTERNAL";
	return NULL;
}

int ea_ok(int rc, const struct slgw__Job *job)
{
	return rc == SOAP_OK && job && job->state == slgw__JobState__SUCCEEDED;
}

const char *ea_why(struct soap *s, int rc, const struct slgw__Job *job)
{
	if (rc != SOAP_OK) {
		if (s->fault && s->fault->detail && s->fault->detail->slgw__fault &&
		    s->fault->detail->slgw__fault->message)
			return s->fault->detail->slgw__fault->message;
		return s->fault && s->fault->faultstring ? s->fault->faultstring : "(transport)";
	}
	if (!job)
		return "(no job)";
	if (job->errorMessage)
		return job->errorMessage;
	return job->state == slgw__JobState__SUCCEEDED ? "(succeeded)" : "(job not finished)";
}

static int is_iscsi(const char *id)
{
	return !strncmp(id, "iqn.", 4) || !strncmp(id, "eui.", 4) || !strncmp(id, "naa.", 4);
}

int ea_add_host(struct slgw__Job **job, struct soap *s, const char *ep, const char *name,
		const char *tenant_id, const char *const *inits, const char *ip,
		enum slgw__FailoverMode *fm)
{
	struct _slgw__addHost req = { 0 };
	struct _slgw__addHostResponse resp = { 0 };
	int n = 0, rc;

	while (inits && inits[n])
		n++;
	req.name = (char *)name;
	req.tenantId = (char *)tenant_id;
	req.hostAddress = (char *)ip;
	req.failoverMode = fm;
	req.waitMs = &wait_ms;
	if (n) {
		req.initiator = soap_malloc(s, sizeof *req.initiator * (size_t)n);
		if (!req.initiator)
			return SOAP_EOM;
		for (int i = 0; i < n; i++) {
			req.initiator[i].id = (char *)inits[i];
			req.initiator[i].protocol =
				is_iscsi(inits[i]) ? slgw__Protocol__iscsi : slgw__Protocol__fc;
		}
		req.__sizeinitiator = n;
	}
	rc = soap_call___slgw__addHost(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_allocate(struct slgw__Job **job, struct soap *s, const char *ep, const char *sys,
		const char *pool, const char *name, long long mb, enum slgw__ProvisioningType prov)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	int rc;

	req.storageSystemId = (char *)sys;
	req.storagePoolId = (char *)pool;
	req.name = (char *)name;
	req.sizeMB = mb;
	req.provisioning = prov;
	req.waitMs = &wait_ms;
	rc = soap_call___slgw__allocateStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_assign(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
	      const char *host)
{
	return ea_assign_at(job, s, ep, vol, host, NULL);
}

int ea_assign_at(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		 const char *host, int *hlu)
{
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse resp = { 0 };
	int rc;

	req.volumeId = (char *)vol;
	req.hostId = (char *)host;
	req.waitMs = &wait_ms;
	req.hlu = hlu;
	rc = soap_call___slgw__assignStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_unassign(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		const char *host)
{
	struct _slgw__unassignStorage req = { 0 };
	struct _slgw__unassignStorageResponse resp = { 0 };
	int rc;

	req.volumeId = (char *)vol;
	req.hostId = (char *)host;
	req.waitMs = &wait_ms;
	rc = soap_call___slgw__unassignStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_snapshot(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol,
		const char *name)
{
	struct _slgw__createSnapshot req = { 0 };
	struct _slgw__createSnapshotResponse resp = { 0 };
	int rc;

	req.volumeId = (char *)vol;
	req.name = (char *)name;
	req.waitMs = &wait_ms;
	rc = soap_call___slgw__createSnapshot(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_clone(struct slgw__Job **job, struct soap *s, const char *ep, const char *src_vol,
	     const char *src_snap, const char *name, enum slgw__CloneType type, int wait)
{
	struct _slgw__cloneStorage req = { 0 };
	struct _slgw__cloneStorageResponse resp = { 0 };
	int w = wait, rc;

	req.sourceVolumeId = (char *)src_vol;
	req.sourceSnapshotId = (char *)src_snap;
	req.name = (char *)name;
	req.cloneType = type;
	req.waitMs = &w;
	rc = soap_call___slgw__cloneStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_delete(struct slgw__Job **job, struct soap *s, const char *ep, const char *vol, int force)
{
	struct _slgw__deleteStorage req = { 0 };
	struct _slgw__deleteStorageResponse resp = { 0 };
	enum xsd__boolean t = xsd__boolean__true_;
	int rc;

	req.volumeId = (char *)vol;
	req.force = force ? &t : NULL;
	req.waitMs = &wait_ms;
	rc = soap_call___slgw__deleteStorage(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_remove_host(struct slgw__Job **job, struct soap *s, const char *ep, const char *host)
{
	struct _slgw__removeHost req = { 0 };
	struct _slgw__removeHostResponse resp = { 0 };
	int rc;

	req.hostId = (char *)host;
	req.waitMs = &wait_ms;
	rc = soap_call___slgw__removeHost(s, ep, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

int ea_grant(struct slgw__StoragePoolGrant **grant, struct soap *s, const char *ep,
	     const char *tenant_id, const char *sys, const char *pool, long long quota_mb,
	     int max_volumes, int prov_mask)
{
	struct _slgw__grantStoragePool req = { 0 };
	struct _slgw__grantStoragePoolResponse resp = { 0 };
	enum slgw__ProvisioningType prov[2];
	int n = 0, rc;

	req.tenantId = (char *)tenant_id;
	req.storageSystemId = (char *)sys;
	req.storagePoolId = (char *)pool;
	req.quotaMB = quota_mb;
	if (max_volumes)
		req.maxVolumes = &max_volumes;
	if (prov_mask & 1)
		prov[n++] = slgw__ProvisioningType__THIN;
	if (prov_mask & 2)
		prov[n++] = slgw__ProvisioningType__THICK;
	req.__sizeprovisioningType = n;
	req.provisioningType = n ? prov : NULL;
	rc = soap_call___slgw__grantStoragePool(s, ep, NULL, &req, &resp);
	*grant = rc == SOAP_OK ? resp.grant : NULL;
	return rc;
}

int ea_pool_of(char **sys, char **pool, struct soap *s, const char *ep, const char *system_name)
{
	struct _slgw__enumStorageSystems sreq = { 0 };
	struct _slgw__enumStorageSystemsResponse sresp = { 0 };
	struct _slgw__enumStoragePools preq = { 0 };
	struct _slgw__enumStoragePoolsResponse presp = { 0 };
	const char *want = NULL;

	if (system_name) {
		if (soap_call___slgw__enumStorageSystems(s, ep, NULL, &sreq, &sresp) != SOAP_OK)
			return -1;
		for (int i = 0; i < sresp.__sizestorageSystem; i++)
			if (!strcmp(sresp.storageSystem[i].name, system_name))
				want = sresp.storageSystem[i].id;
		if (!want)
			return -1;
	}
	preq.storageSystemId = (char *)want;
	if (soap_call___slgw__enumStoragePools(s, ep, NULL, &preq, &presp) != SOAP_OK ||
	    presp.__sizestoragePool < 1)
		return -1;
	*sys = presp.storagePool[0].storageSystemId;
	*pool = presp.storagePool[0].id;
	return 0;
}
