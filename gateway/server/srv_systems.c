/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_systems.c - the SOAP operations about the gateway itself and the
 * arrays it manages: service info, storage adapters, storage systems,
 * their pools and their target ports.
 *
 * These are the operations an administrator uses to bring an array under
 * the gateway (add / refresh / remove are admin-only jobs) and that every
 * caller uses to find where it may allocate: a tenant sees the systems and
 * pools it holds a grant on, with its quota figures, because the broker
 * scopes the listings; nothing here filters by tenant itself.  Each
 * operation is framed, checked and converted by the shared helpers of
 * srv_service_internal.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapter.h"
#include "srv_service_internal.h"

int __slgw__getServiceInfo(struct soap *soap, struct _slgw__getServiceInfo *req,
			   struct _slgw__getServiceInfoResponse *resp)
{
	struct srv_conn *c = soap->user;
	struct srv_call cl;
	(void)req;

	if (srv_call_begin(soap, "getServiceInfo", &cl, 0, NULL, NULL))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	resp->productName = "slgw";
	resp->version = SRV_VERSION;
	resp->apiVersion = 1;
	resp->apiRevision = srv_int_ptr(soap, 2); /* the contract revision of slgw.h */
	resp->apiNamespace = SRV_API_NAMESPACE;
	resp->serverTime = time(NULL);
	resp->user = soap_strdup(soap, c->id.user);
	resp->role = c->id.is_admin ? slgw__Role__admin : slgw__Role__tenant;
	resp->tenantId = srv_id_str(soap, c->id.tenant_id);
	/* The store's instance id: drawn once when the store was created,
	 * kept across restarts, upgrades and backups, and the name part the
	 * gateway puts in every array object it creates, so it identifies this
	 * gateway (not the machine it runs on). */
	{
		const char *gid = cl.b ? broker_view_instance_id(cl.b) : NULL;
		resp->gatewayId = gid && *gid ? soap_strdup(soap, gid) : NULL;
	}
	return SOAP_OK;
}

int __slgw__enumStorageAdapters(struct soap *soap, struct _slgw__enumStorageAdapters *req,
				struct _slgw__enumStorageAdaptersResponse *resp)
{
	static const struct {
		unsigned bit;
		const char *name;
	} caps[] = { { SLGW_CAP_THIN, "thin" },
		     { SLGW_CAP_THICK, "thick" },
		     { SLGW_CAP_SNAPSHOTS, "snapshots" },
		     { SLGW_CAP_CLONE_SMP, "linkedClones" },
		     { SLGW_CAP_CLONE_MIGRATE, "fullClones" },
		     { SLGW_CAP_ALUA, "alua" },
		     { SLGW_CAP_ISCSI, "iscsi" },
		     { SLGW_CAP_FC, "fc" },
		     { SLGW_CAP_EXPAND, "expand" },
		     { SLGW_CAP_SNAP_RESTORE, "snapshotRestore" } };
	const struct broker_adapter_info *info = NULL;
	size_t n = 0;
	struct srv_call cl;
	(void)req;

	if (srv_call_begin(soap, "enumStorageAdapters", &cl, 0, NULL, NULL))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	if (broker_enum_storage_adapters(&info, &n))
		return srv_fault(soap, SLGW_INTERNAL, "cannot list the adapters");
	resp->storageAdapter = srv_zalloc(soap, sizeof *resp->storageAdapter * (n ? n : 1));
	if (!resp->storageAdapter)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct slgw__StorageAdapter *a = &resp->storageAdapter[i];
		size_t k = 0;
		a->name = soap_strdup(soap, info[i].name);
		a->vendor = soap_strdup(soap, info[i].vendor ? info[i].vendor : "");
		a->description = soap_strdup(soap, info[i].description);
		a->capability = srv_zalloc(soap, sizeof(char *) * (sizeof caps / sizeof caps[0]));
		for (size_t j = 0; a->capability && j < sizeof caps / sizeof caps[0]; j++)
			if (info[i].caps & caps[j].bit)
				a->capability[k++] = (char *)caps[j].name;
		a->__sizecapability = (int)k;
	}
	resp->__sizestorageAdapter = (int)n;
	return SOAP_OK;
}

int __slgw__addStorageSystem(struct soap *soap, struct _slgw__addStorageSystem *req,
			     struct _slgw__addStorageSystemResponse *resp)
{
	struct broker_system_add_req r = { 0 };
	store_job *job = NULL;
	char ports[1024] = "";
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "addStorageSystem", &cl, 1, req->clientRequestId, req->waitMs))
		return SOAP_FAULT;
	if (!req->adapter || strcmp(req->adapter, "vnx"))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "adapter: '%s' is not a known storage adapter (known: vnx)",
				 req->adapter ? req->adapter : "");
	if (srv_check_name(soap, "name", req->name, 64) || srv_check_address(soap, "spA", req->spA, 1) ||
	    srv_check_address(soap, "spB", req->spB, 0) ||
	    srv_check_path(soap, "securityFile", req->securityFile) ||
	    srv_check_path(soap, "naviseccliPath", req->naviseccliPath))
		return SOAP_FAULT;
	srv_call_object(soap, "system", req->name);
	if (req->scope && (*req->scope < 0 || *req->scope > 2))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "scope: %d is not 0 (global), 1 (local) or 2 (LDAP)", *req->scope);
	if (!req->securityFile && (!req->username || !*req->username || !req->password))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "username and password (or securityFile) are required");
	if (req->username && (strlen(req->username) > 128 || strchr(req->username, '\n')))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "username: invalid");
	if (req->password && (strlen(req->password) > 1024 || strchr(req->password, '\n')))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "password: invalid");
	for (int i = 0; i < req->__sizeallowedTargetPort; i++) {
		const struct slgw__PortRef *p = &req->allowedTargetPort[i];
		size_t len = strlen(ports);
		if (p->portId < 0 || p->portId > 255 || p->vportId < 0 || p->vportId > 255)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "allowedTargetPort[%d]: port ids are 0..255", i);
		snprintf(ports + len, sizeof ports - len, "%s%c-%d", len ? "," : "",
			 p->sp == slgw__SP__B ? 'B' : 'A', p->portId);
	}
	r.adapter = req->adapter;
	r.name = req->name;
	r.spa = req->spA;
	r.spb = req->spB;
	r.username = req->username;
	r.password = req->password;
	r.scope = req->scope ? *req->scope : 0;
	r.secfilepath = req->securityFile;
	r.naviseccli_path = req->naviseccliPath;
	r.failover_policy = !req->failoverPolicy ? NULL :
			    *req->failoverPolicy == slgw__FailoverMode__PNR ? "pnr" :
									       "alua";
	r.allowed_ports = ports[0] ? ports : NULL;
	r.destroy_empty_sg = srv_is_true(req->destroyEmptyStorageGroups);
	r.hlu0_allowed = srv_is_true(req->allowHluZero);
	rc = broker_add_storage_system(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

SRV_ID_JOB_OP(removeStorageSystem, 1, storageSystemId, "system", broker_remove_storage_system)

int __slgw__enumStorageSystems(struct soap *soap, struct _slgw__enumStorageSystems *req,
			       struct _slgw__enumStorageSystemsResponse *resp)
{
	store_system *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumStorageSystems", &cl, 0, NULL, NULL) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_storage_systems(&arr, &n, &next, cl.b, &cl.who, &cl.page, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageSystem = srv_zalloc(soap, sizeof *resp->storageSystem * n);
	for (size_t i = 0; resp->storageSystem && i < n; i++)
		srv_conv_system(soap, &resp->storageSystem[resp->__sizestorageSystem++], &arr[i]);
	store_system_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__getStorageSystem(struct soap *soap, struct _slgw__getStorageSystem *req,
			     struct _slgw__getStorageSystemResponse *resp)
{
	store_system *s = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "getStorageSystem", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "system", req->storageSystemId);
	if (broker_get_storage_system(&s, cl.b, &cl.who, req->storageSystemId, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageSystem = srv_zalloc(soap, sizeof *resp->storageSystem);
	if (resp->storageSystem)
		srv_conv_system(soap, resp->storageSystem, s);
	store_system_free(s);
	return SOAP_OK;
}

SRV_ID_JOB_OP(refreshStorageSystem, 1, storageSystemId, "system", broker_refresh_storage_system)

int __slgw__enumStoragePools(struct soap *soap, struct _slgw__enumStoragePools *req,
			     struct _slgw__enumStoragePoolsResponse *resp)
{
	struct broker_pool_info *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumStoragePools", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_storage_pools(&arr, &n, &next, cl.b, &cl.who, req->storageSystemId,
				      &cl.page, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storagePool = srv_zalloc(soap, sizeof *resp->storagePool * n);
	for (size_t i = 0; resp->storagePool && i < n; i++) {
		if (!arr[i].pool)
			continue;
		srv_conv_pool(soap, &resp->storagePool[resp->__sizestoragePool++], &arr[i]);
	}
	broker_pool_info_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

static int ports_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	const struct _slgw__enumStorageSystemTargetPorts *req = ctx;
	store_port *arr = NULL;
	int rc = broker_enum_target_ports(&arr, n, next, cl->b, &cl->who, req->storageSystemId, pg, &cl->st);

	*rows = arr;
	return rc;
}

static int ports_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumStorageSystemTargetPorts *req = ctx;
	store_port *r = row;
	struct slgw__TargetPort *o = out;

	(void)cl;
	if (req->protocol && (*req->protocol == slgw__Protocol__fc) != (r->proto == STORE_PROTO_FC))
		return 0;
	srv_conv_port(soap, o, r);
	return 1;
}

static void ports_free(void *rows, size_t n)
{
	store_port_array_free(rows, n);
}

static const struct srv_enum_ops ports_ops = { ports_fetch, ports_take, ports_free,
						sizeof(store_port), sizeof(struct slgw__TargetPort) };

int __slgw__enumStorageSystemTargetPorts(struct soap *soap,
					 struct _slgw__enumStorageSystemTargetPorts *req,
					 struct _slgw__enumStorageSystemTargetPortsResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumStorageSystemTargetPorts", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	srv_call_object(soap, "system", req->storageSystemId);
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizetargetPort, &resp->nextPageToken, soap, &cl, &ports_ops, req))
		return SOAP_FAULT;
	resp->targetPort = el;
	return SOAP_OK;
}
