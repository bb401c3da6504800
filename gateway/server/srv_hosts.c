/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_hosts.c - the SOAP operations on hosts, their initiators and the
 * assignment of volumes to them.
 *
 * Host names and initiator ids are checked with the access rules of the
 * broker (broker_access.h: host name syntax, IQN / WWPN canonical forms) so the
 * id that reaches the broker is already canonical.  A host's initiators
 * and per-array registrations, and an assignment's LUN, are read through
 * the broker's views while converting (srv_convert.c), so a tenant sees
 * exactly what the broker's scoping allows.  Filters the broker does not
 * apply itself (tenant and name prefix of hosts, system of assignments)
 * are applied to the pages with the shared refill (srv_refill_*).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "srv_service_internal.h"
#include "broker_access.h"

int __slgw__addHost(struct soap *soap, struct _slgw__addHost *req,
		    struct _slgw__addHostResponse *resp)
{
	struct broker_host_add_req r = { 0 };
	const char **inis = NULL;
	store_job *job = NULL;
	struct broker_status why;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "addHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0))
		return SOAP_FAULT;
	if (!req->name || broker_access_hostname_valid(req->name, &why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "name: '%s': %s",
				 req->name ? req->name : "", req->name ? why.message : "required");
	srv_call_object(soap, "host", req->name);
	if (broker_access_host_ip_valid(req->hostAddress, &why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "hostAddress: %s", why.message);
	if (req->tenantId && !cl.who.is_admin)
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "tenantId: only an admin may add a host for a tenant");
	inis = srv_zalloc(soap, sizeof *inis * (size_t)(req->__sizeinitiator + 1));
	if (!inis)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	for (int i = 0; i < req->__sizeinitiator; i++) {
		char field[32], canon[BROKER_ACCESS_INITIATOR_MAX];
		snprintf(field, sizeof field, "initiator[%d]", i);
		if (srv_check_initiator(soap, field, req->initiator[i].id, req->initiator[i].protocol,
				    canon, sizeof canon))
			return SOAP_FAULT;
		inis[i] = soap_strdup(soap, canon);
	}
	r.name = req->name;
	r.tenant_id = req->tenantId;
	r.initiators = inis;
	r.n_initiators = (size_t)req->__sizeinitiator;
	r.ip = req->hostAddress;
	r.failover_mode = srv_failover_from(req->failoverMode);
	rc = broker_add_host(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

SRV_ID_JOB_OP(removeHost, 0, hostId, "host", broker_remove_host)

int __slgw__modifyHost(struct soap *soap, struct _slgw__modifyHost *req,
		       struct _slgw__modifyHostResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "modifyHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "host", req->hostId);
	/* Each change is its own job (host.failover / host.address), and the
	 * answer carries one job: so one change per call, never half of two. */
	if (!req->failoverMode && !req->hostAddress && !req->adoptStorageGroup)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "give failoverMode, hostAddress or adoptStorageGroup (the change to make)");
	if (!!req->failoverMode + !!req->hostAddress + !!req->adoptStorageGroup > 1)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "failoverMode, hostAddress, adoptStorageGroup: one change per call "
				 "(each is its own job); send separate calls");
	if (req->adoptStorageGroup) {
		if (srv_check_id(soap, "storageSystemId", req->storageSystemId, 1))
			return SOAP_FAULT;
		/* admin only and the group name: checked by the broker */
		rc = broker_adopt_storage_group(cl.b, &cl.who, req->hostId, req->storageSystemId,
						req->adoptStorageGroup, &job, &cl.st);
	} else if (req->hostAddress)
		/* validated by the broker: an IPv4 or IPv6 literal, and only
		 * while no array has registered the host under another one */
		rc = broker_set_host_address(cl.b, &cl.who, req->hostId, req->hostAddress, &job,
					     &cl.st);
	else
		rc = broker_set_host_failover(cl.b, &cl.who, req->hostId,
					      srv_failover_from(req->failoverMode),
					      srv_is_true(req->hostOffline), &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__addHostInitiator(struct soap *soap, struct _slgw__addHostInitiator *req,
			     struct _slgw__addHostInitiatorResponse *resp)
{
	store_job *job = NULL;
	char canon[BROKER_ACCESS_INITIATOR_MAX];
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "addHostInitiator", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "host", req->hostId);
	if (!req->initiator)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "initiator: required");
	if (srv_check_initiator(soap, "initiator", req->initiator->id, req->initiator->protocol, canon,
			    sizeof canon))
		return SOAP_FAULT;
	rc = broker_add_host_initiator(cl.b, &cl.who, req->hostId, canon, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__removeHostInitiator(struct soap *soap, struct _slgw__removeHostInitiator *req,
				struct _slgw__removeHostInitiatorResponse *resp)
{
	enum broker_access_initiator_kind kind;
	store_job *job = NULL;
	char canon[BROKER_ACCESS_INITIATOR_MAX];
	struct broker_status why;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "removeHostInitiator", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "host", req->hostId);
	if (!req->initiatorId ||
	    broker_access_initiator_normalize(canon, sizeof canon, &kind, req->initiatorId,
					      BROKER_ACCESS_INIT_UNKNOWN, &why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "initiatorId: %s",
				 req->initiatorId ? why.message : "required");
	rc = broker_remove_host_initiator(cl.b, &cl.who, req->hostId, canon, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

static int hosts_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	store_host *arr = NULL;
	int rc = broker_enum_hosts(&arr, n, next, cl->b, &cl->who, pg, &cl->st);

	(void)ctx;
	*rows = arr;
	return rc;
}

static int hosts_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumHosts *req = ctx;
	store_host *r = row;
	struct slgw__Host *o = out;

	if (req->tenantId && r->tenant_id != strtoll(req->tenantId, NULL, 10))
		return 0;
	if (req->namePrefix && (!r->name || strncmp(r->name, req->namePrefix, strlen(req->namePrefix))))
		return 0;
	srv_conv_host(soap, cl, o, r);
	return 1;
}

static void hosts_free(void *rows, size_t n)
{
	store_host_array_free(rows, n);
}

static const struct srv_enum_ops hosts_ops = { hosts_fetch, hosts_take, hosts_free,
						sizeof(store_host), sizeof(struct slgw__Host) };

int __slgw__enumHosts(struct soap *soap, struct _slgw__enumHosts *req,
		      struct _slgw__enumHostsResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumHosts", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "tenantId", req->tenantId, 0) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (req->namePrefix && strlen(req->namePrefix) > 64)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "namePrefix: too long");
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizehost, &resp->nextPageToken, soap, &cl, &hosts_ops, req))
		return SOAP_FAULT;
	resp->host = el;
	return SOAP_OK;
}

int __slgw__getHost(struct soap *soap, struct _slgw__getHost *req,
		    struct _slgw__getHostResponse *resp)
{
	store_host *h = NULL;
	struct srv_call cl;

	if (srv_call_begin(soap, "getHost", &cl, 0, NULL, NULL) || srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "host", req->hostId);
	if (broker_get_host(&h, cl.b, &cl.who, req->hostId, &cl.st))
		return srv_call_fault(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->host = srv_zalloc(soap, sizeof *resp->host);
	if (resp->host)
		srv_conv_host(soap, &cl, resp->host, h);
	store_host_free(h);
	return SOAP_OK;
}

int __slgw__assignStorage(struct soap *soap, struct _slgw__assignStorage *req,
			  struct _slgw__assignStorageResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "assignStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1) || srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	if (req->hlu && (*req->hlu < 0 || *req->hlu > BROKER_ACCESS_HLU_MAX))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "hlu: %d is out of range 0..%d",
				 *req->hlu, BROKER_ACCESS_HLU_MAX);
	rc = broker_assign_storage_hlu(cl.b, &cl.who, req->volumeId, req->hostId,
				       req->hlu ? *req->hlu : -1, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__unassignStorage(struct soap *soap, struct _slgw__unassignStorage *req,
			    struct _slgw__unassignStorageResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "unassignStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 1) || srv_check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "volume", req->volumeId);
	rc = broker_unassign_storage(cl.b, &cl.who, req->volumeId, req->hostId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}

static int assignments_fetch(void **rows, size_t *n, char **next, struct srv_call *cl,
		       const struct broker_page *pg, const void *ctx)
{
	const struct _slgw__enumAssignments *req = ctx;
	store_assignment *arr = NULL;
	int rc = broker_enum_assignments(&arr, n, next, cl->b, &cl->who, req->volumeId, req->hostId, pg,
					 &cl->st);

	*rows = arr;
	return rc;
}

static int assignments_take(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx)
{
	const struct _slgw__enumAssignments *req = ctx;
	store_assignment *r = row;
	struct slgw__Assignment *o = out;

	if (req->storageSystemId && r->system_id != strtoll(req->storageSystemId, NULL, 10))
		return 0;
	srv_conv_assignment(soap, cl, o, r);
	return 1;
}

static void assignments_free(void *rows, size_t n)
{
	store_assignment_array_free(rows, n);
}

static const struct srv_enum_ops assignments_ops = {
	assignments_fetch, assignments_take, assignments_free, sizeof(store_assignment),
	sizeof(struct slgw__Assignment)
};

int __slgw__enumAssignments(struct soap *soap, struct _slgw__enumAssignments *req,
			    struct _slgw__enumAssignmentsResponse *resp)
{
	struct srv_call cl;
	void *el;

	if (srv_call_begin(soap, "enumAssignments", &cl, 0, NULL, NULL) ||
	    srv_check_id(soap, "volumeId", req->volumeId, 0) || srv_check_id(soap, "hostId", req->hostId, 0) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    srv_call_paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	if (srv_enum_refilled(&el, &resp->__sizeassignment, &resp->nextPageToken, soap, &cl, &assignments_ops, req))
		return SOAP_FAULT;
	resp->assignment = el;
	return SOAP_OK;
}

int __slgw__prepareHost(struct soap *soap, struct _slgw__prepareHost *req,
			struct _slgw__prepareHostResponse *resp)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, "prepareHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    srv_check_id(soap, "hostId", req->hostId, 1) ||
	    srv_check_id(soap, "storageSystemId", req->storageSystemId, 1))
		return SOAP_FAULT;
	srv_call_object(soap, "host", req->hostId);
	rc = broker_prepare_host(cl.b, &cl.who, req->hostId, req->storageSystemId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return srv_job_answer(soap, &cl, rc, job, &resp->job);
}
