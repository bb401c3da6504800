/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_tenants.c - the SOAP operations of delegation and accountability:
 * tenants, their pool grants, users, the audit trail, and jobs.
 *
 * Jobs are here rather than with volumes because a job is not a volume
 * thing: systems, hosts, assignments, snapshots and clones all answer with
 * jobs, and getJob / enumJobs are, like the audit trail, an account of
 * what a user (of a tenant) asked the gateway to do, scoped by the same
 * tenant rule.  Keeping "who may do and who did what" in one file also
 * keeps the admin-only operations (tenants, grants, users, audit) side by
 * side with the one a tenant user may call on itself (setUserPassword).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv_service_internal.h"

int __slgw__getJob(struct soap *soap, struct _slgw__getJob *req, struct _slgw__getJobResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "getJob", &cl, 0, NULL, req->waitMs) ||
	    srv_check_id(soap, "jobId", req->jobId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "job", req->jobId);
	rc = broker_get_job(&job, cl.b, &cl.who, req->jobId, &cl.st);
	/* waitMs: poll until the job is final or the time is up.  The wait is
	 * capped (SRV_GET_JOB_MAX_WAIT_MS) because it holds a worker thread: a
	 * client asking for more gets the job as it is then and asks again. */
	if (!rc && job && req->waitMs && *req->waitMs > 0) {
		int waited = 0;
		int limit = *req->waitMs < SRV_GET_JOB_MAX_WAIT_MS ? *req->waitMs : SRV_GET_JOB_MAX_WAIT_MS;
		while (!STORE_JOB_TERMINAL(job->state) && waited < limit) {
			struct timespec ts = { 0, 50 * 1000000L };
			store_job *j2 = NULL;
			nanosleep(&ts, NULL);
			waited += 50;
			if (broker_get_job(&j2, cl.b, &cl.who, req->jobId, &cl.st) || !j2)
				break;
			store_job_free(job);
			job = j2;
		}
	}
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

/* enumJobs's state filter, by the contract enum's order. */
static const char *const job_states[] = { "queued", "running", "succeeded", "failed" };

static int jobs_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	const struct _slgw__enumJobs *req = ctx;
	store_job *arr = NULL;
	int rc = broker_enum_jobs(&arr, n, next, cl->b, &cl->who, req->state ? job_states[*req->state & 3] : NULL,
				  pg, &cl->st);

	*rows = arr;
	return rc;
}

static int jobs_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumJobs *req = ctx;
	store_job *r = row;
	struct slgw__Job *o = out;
	struct slgw__Job *j;

	if (req->kind && (!r->kind || strcmp(r->kind, req->kind)))
		return 0;
	if (req->objectId && (!r->object || strcmp(r->object, req->objectId)))
		return 0;
	/* Lists carry the job itself, not its resulting object. */
	if (r->state == STORE_JOB_SUCCEEDED) {
		free(r->result);
		r->result = NULL;
	}
	j = srv_conv_job(soap, cl, r);
	if (!j)
		return 0;
	*o = *j;
	return 1;
}

static void jobs_free(void *rows, size_t n)
{
	store_job_array_free(rows, n);
}

static const struct srv_enum_ops jobs_ops = { jobs_fetch, jobs_take, jobs_free,
						sizeof(store_job), sizeof(struct slgw__Job) };

int __slgw__enumJobs(struct soap *soap, struct _slgw__enumJobs *req,
		     struct _slgw__enumJobsResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumJobs", &cl, 0, NULL, NULL) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if ((req->kind && strlen(req->kind) > 64) || (req->objectId && strlen(req->objectId) > 96))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "kind / objectId: too long");
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizejob, &resp->nextPageToken, soap, &cl, &jobs_ops, req))
		return SOAP_FAULT;
	resp->job = el;
	return SOAP_OK;
}

int __slgw__addTenant(struct soap *soap, struct _slgw__addTenant *req,
		      struct _slgw__addTenantResponse *resp)
{
	store_tenant *t = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "addTenant", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_name(soap, "name", req->name, 64))
		return SOAP_FAULT;
	srv_call_object(soap, "tenant", req->name);
	if (req->description && strlen(req->description) > 1024)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "description: longer than 1024");
	if (broker_add_tenant(&t, cl.b, &cl.who, req->name, req->description, &cl.st) || !t)
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->tenant = srv_zalloc(soap, sizeof *resp->tenant);
	if (resp->tenant)
		srv_conv_tenant(soap, resp->tenant, t);
	store_tenant_free(t);
	return SOAP_OK;
}

int __slgw__removeTenant(struct soap *soap, struct _slgw__removeTenant *req,
			 struct _slgw__removeTenantResponse *resp)
{
	struct srv_call cl;

	if (srv_call_begin(soap, "removeTenant", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "tenant", req->tenantId);
	if (broker_remove_tenant(cl.b, &cl.who, req->tenantId, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

int __slgw__enumTenants(struct soap *soap, struct _slgw__enumTenants *req,
			struct _slgw__enumTenantsResponse *resp)
{
	store_tenant *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumTenants", &cl, 1, NULL, NULL) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_tenants(&arr, &n, &next, cl.b, &cl.who, &cl.page, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->tenant = srv_zalloc(soap, sizeof *resp->tenant * n);
	for (size_t i = 0; resp->tenant && i < n; i++)
		srv_conv_tenant(soap, &resp->tenant[resp->__sizetenant++], &arr[i]);
	store_tenant_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__grantStoragePool(struct soap *soap, struct _slgw__grantStoragePool *req,
			     struct _slgw__grantStoragePoolResponse *resp)
{
	struct broker_grant_req r = { 0 };
	store_grant *g = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "grantStoragePool", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 1) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    srv_check_id(soap, "storagePoolId", req->storagePoolId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "tenant", req->tenantId);
	if (req->quotaMB < 0 || req->quotaMB > BROKER_RULE_SIZE_MB_MAX * 64)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "quotaMB: %lld is out of range",
				 (long long)req->quotaMB);
	if (req->maxVolumes && (*req->maxVolumes < 0 || *req->maxVolumes > 1000000))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "maxVolumes: %d is out of range",
				 *req->maxVolumes);
	r.tenant_id = req->tenantId;
	r.system_id = req->storageSystemId;
	r.pool_id = req->storagePoolId;
	r.quota_mb = req->quotaMB;
	r.max_volumes = req->maxVolumes ? *req->maxVolumes : 0;
	if (req->__sizeprovisioningType == 0) {
		r.allow_thin = r.allow_thick = 1;
	} else {
		for (int i = 0; i < req->__sizeprovisioningType; i++) {
			if (req->provisioningType[i] == slgw__ProvisioningType__THIN)
				r.allow_thin = 1;
			else
				r.allow_thick = 1;
		}
	}
	if (broker_grant_storage_pool(&g, cl.b, &cl.who, &r, &cl.st) || !g)
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->grant = srv_zalloc(soap, sizeof *resp->grant);
	if (resp->grant)
		srv_conv_grant(soap, &cl, resp->grant, g);
	store_grant_free(g);
	return SOAP_OK;
}

int __slgw__revokeStoragePool(struct soap *soap, struct _slgw__revokeStoragePool *req,
			      struct _slgw__revokeStoragePoolResponse *resp)
{
	struct srv_call cl;
	int freeze;

	if (srv_call_begin(soap, "revokeStoragePool", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 1) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    srv_check_id(soap, "storagePoolId", req->storagePoolId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "tenant", req->tenantId);
	freeze = srv_is_true(req->freezeOnly);
	if (broker_revoke_storage_pool(cl.b, &cl.who, req->tenantId, req->storagePoolId, freeze,
				       &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	if (freeze) {
		struct broker_status st;
		store_grant *g = NULL;
		if (broker_view_grant_find(&g, cl.b, &cl.who, req->tenantId, req->storagePoolId,
					   &st) == 0 &&
		    g) {
			resp->grant = srv_zalloc(soap, sizeof *resp->grant);
			if (resp->grant)
				srv_conv_grant(soap, &cl, resp->grant, g);
		}
		store_grant_free(g);
	}
	return SOAP_OK;
}

static int grants_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	const struct _slgw__enumStoragePoolGrants *req = ctx;
	store_grant *arr = NULL;
	int rc = broker_enum_grants(&arr, n, next, cl->b, &cl->who, req->tenantId, pg, &cl->st);

	*rows = arr;
	return rc;
}

static int grants_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumStoragePoolGrants *req = ctx;
	store_grant *r = row;
	struct slgw__StoragePoolGrant *o = out;

	srv_conv_grant(soap, cl, o, r);
	return !req->storageSystemId || !strcmp(o->storageSystemId, req->storageSystemId);
}

static void grants_free(void *rows, size_t n)
{
	store_grant_array_free(rows, n);
}

static const struct srv_enum_ops grants_ops = { grants_fetch, grants_take, grants_free,
						sizeof(store_grant), sizeof(struct slgw__StoragePoolGrant) };

int __slgw__enumStoragePoolGrants(struct soap *soap, struct _slgw__enumStoragePoolGrants *req,
				  struct _slgw__enumStoragePoolGrantsResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumStoragePoolGrants", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizegrant, &resp->nextPageToken, soap, &cl, &grants_ops, req))
		return SOAP_FAULT;
	resp->grant = el;
	return SOAP_OK;
}

int __slgw__addUser(struct soap *soap, struct _slgw__addUser *req,
		    struct _slgw__addUserResponse *resp)
{
	store_user *u = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "addUser", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_user_name(soap, "name", req->name) ||
	    srv_check_password(soap, "password", req->password) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0))
		return SOAP_FAULT;
	srv_call_object(soap, "user", req->name);
	if (req->role == slgw__Role__tenant && !req->tenantId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "tenantId: required for role tenant");
	if (req->role == slgw__Role__admin && req->tenantId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "tenantId: an admin user belongs to no tenant");
	if (broker_add_user(&u, cl.b, &cl.who, req->name, req->password,
			    req->role == slgw__Role__admin ? "admin" : "tenant", req->tenantId,
			    &cl.st) ||
	    !u)
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->user = srv_zalloc(soap, sizeof *resp->user);
	if (resp->user)
		srv_conv_user(soap, resp->user, u);
	store_user_free(u);
	return SOAP_OK;
}

int __slgw__removeUser(struct soap *soap, struct _slgw__removeUser *req,
		       struct _slgw__removeUserResponse *resp)
{
	struct srv_call cl;

	if (srv_call_begin(soap, "removeUser", &cl, 1, req->clientRequestId, NULL) ||
	    srv_check_user_name(soap, "name", req->name))
		return SOAP_FAULT;
	srv_call_object(soap, "user", req->name);
	if (broker_remove_user(cl.b, &cl.who, req->name, &cl.st))
		return srv_call_fault(soap, &cl.st);
	srv_auth_forget(srv_conn_auth(soap), req->name);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

static int users_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	store_user *arr = NULL;
	int rc = broker_enum_users(&arr, n, next, cl->b, &cl->who, pg, &cl->st);

	(void)ctx;
	*rows = arr;
	return rc;
}

static int users_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumUsers *req = ctx;
	store_user *r = row;
	struct slgw__User *o = out;

	(void)cl;
	if (req->tenantId && r->tenant_id != strtoll(req->tenantId, NULL, 10))
		return 0;
	if (req->role && (*req->role == slgw__Role__admin) != (r->role == STORE_ROLE_ADMIN))
		return 0;
	srv_conv_user(soap, o, r);
	return 1;
}

static void users_free(void *rows, size_t n)
{
	store_user_array_free(rows, n);
}

static const struct srv_enum_ops users_ops = { users_fetch, users_take, users_free,
						sizeof(store_user), sizeof(struct slgw__User) };

int __slgw__enumUsers(struct soap *soap, struct _slgw__enumUsers *req,
		      struct _slgw__enumUsersResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumUsers", &cl, 1, NULL, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizeuser, &resp->nextPageToken, soap, &cl, &users_ops, req))
		return SOAP_FAULT;
	resp->user = el;
	return SOAP_OK;
}

int __slgw__setUserPassword(struct soap *soap, struct _slgw__setUserPassword *req,
			    struct _slgw__setUserPasswordResponse *resp)
{
	struct srv_call cl;

	if (srv_call_begin(soap, "setUserPassword", &cl, 0, req->clientRequestId, NULL) ||
	    srv_check_user_name(soap, "name", req->name) ||
	    srv_check_password(soap, "password", req->password))
		return SOAP_FAULT;
	srv_call_object(soap, "user", req->name);
	if (!cl.who.is_admin && strcmp(req->name, cl.who.user))
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "a tenant user may change only its own password");
	if (broker_set_password(cl.b, &cl.who, req->name, req->password, &cl.st))
		return srv_call_fault(soap, &cl.st);
	srv_auth_forget(srv_conn_auth(soap), req->name);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

int __slgw__enumAuditRecords(struct soap *soap, struct _slgw__enumAuditRecords *req,
			     struct _slgw__enumAuditRecordsResponse *resp)
{
	struct broker_audit_filter f = { 0 };
	store_audit *arr = NULL;
	char *tname = NULL;
	size_t n = 0;
	char *next = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "enumAuditRecords", &cl, 1, NULL, NULL) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if ((req->user && strlen(req->user) > 128) || (req->operation && strlen(req->operation) > 64) ||
	    (req->tenantId && strlen(req->tenantId) > 64))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "user / operation / tenantId: too long");
	f.user = req->user;
	f.operation = req->operation;
	f.since = req->since ? (int64_t)*req->since : 0;
	f.until = req->until ? (int64_t)*req->until : 0;
	/* The trail keeps tenant names; accept an id too. */
	f.tenant = req->tenantId;
	if (req->tenantId && srv_is_id(req->tenantId) &&
	    broker_view_tenant_name(&tname, cl.b, &cl.who, strtoll(req->tenantId, NULL, 10),
				    &cl.st) == 0)
		f.tenant = tname;
	if (broker_enum_audit(&arr, &n, &next, cl.b, &cl.who, &f, &cl.page, &cl.st)) {
		free(tname);
		return srv_call_fault(soap, &cl.st);
	}
	free(tname);
	memset(resp, 0, sizeof *resp);
	resp->auditRecord = srv_zalloc(soap, sizeof *resp->auditRecord * n);
	for (size_t i = 0; resp->auditRecord && i < n; i++)
		srv_conv_audit(soap, &cl, &resp->auditRecord[resp->__sizeauditRecord++], &arr[i]);
	store_audit_array_free(arr, n);
	SRV_NEXT_TOKEN(resp, next);
	return SOAP_OK;
}
