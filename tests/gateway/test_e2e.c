/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_e2e.c - end-to-end tests of slgwd: the real daemon in demo mode on
 * navisim, spoken to over TLS with the gSOAP client stubs generated from
 * wsdl/slgw.h.
 *
 * One slgwd serves a whole test case (unchecked fixture, started in the
 * parent before Check forks each test), so tests in a case share the demo
 * array and each uses its own volume names.  Each case has its own temp
 * state dir and ephemeral port: ctest -j is fine.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_check.h"
#include "../common/suite_run.h"

static void assert_fault(struct soap *s, int rc, const char *code)
{
	const char *got;
	/* gSOAP clients report a received fault as SOAP_CLI_FAULT (faultcode
	 * Client) or SOAP_SVR_FAULT (Server). */
	ck_assert_msg(rc == SOAP_CLI_FAULT || rc == SOAP_SVR_FAULT || rc == SOAP_FAULT,
		      "expected fault %s, got rc %d", code, rc);
	got = e2e_fault_code(s);
	ck_assert_msg(got && !strcmp(got, code), "expected %s, got %s (%s)", code,
		      got ? got : "(no slgw detail)",
		      s->fault && s->fault->faultstring ? s->fault->faultstring : "");
	ck_assert_ptr_nonnull(s->fault->detail->slgw__fault->message);
	ck_assert(strlen(s->fault->detail->slgw__fault->message) > 5);
}

/* The demo's storage system id and a pool id on it. */
static void demo_ids(struct soap *s, char **sys, char **pool)
{
	struct _slgw__enumStoragePools req = { 0 };
	struct _slgw__enumStoragePoolsResponse resp;
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_int_ge(resp.__sizestoragePool, 2);
	*sys = resp.storagePool[0].storageSystemId;
	*pool = resp.storagePool[0].id;
}

static struct slgw__Job *allocate(struct soap *s, const char *name, LONG64 mb,
				  enum slgw__ProvisioningType prov, const char *req_id, int *rc)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse resp = { 0 };
	char *sys, *pool;
	demo_ids(s, &sys, &pool);
	req.storageSystemId = sys;
	req.storagePoolId = pool;
	req.name = (char *)name;
	req.sizeMB = mb;
	req.provisioning = prov;
	req.clientRequestId = (char *)req_id;
	*rc = soap_call___slgw__allocateStorage(s, EP, NULL, &req, &resp);
	return resp.job;
}

static struct slgw__Job *must_allocate(struct soap *s, const char *name, LONG64 mb)
{
	int rc;
	struct slgw__Job *j = allocate(s, name, mb, slgw__ProvisioningType__THIN, NULL, &rc);
	ck_assert_msg(rc == SOAP_OK, "allocate %s failed: %s", name,
		      s->fault && s->fault->faultstring ? s->fault->faultstring : "?");
	ck_assert_ptr_nonnull(j);
	ck_assert_msg(j->state == slgw__JobState__SUCCEEDED, "allocate job %s state %d: %s", j->id,
		      j->state, j->errorMessage ? j->errorMessage : "");
	ck_assert_ptr_nonnull(j->storageVolume);
	return j;
}

/* ------------------------------------------------------------ service */

START_TEST(service_info_names_the_caller_and_role)
{
	struct soap *a = admin(), *t = tenant();
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;

	ck_assert_int_eq(soap_call___slgw__getServiceInfo(a, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_str_eq(resp.user, "admin");
	ck_assert_int_eq(resp.role, slgw__Role__admin);
	ck_assert_str_eq(resp.apiNamespace, "urn:slgw:api:1");
	ck_assert_int_eq(resp.apiVersion, 1);
	ck_assert_ptr_null(resp.tenantId);

	ck_assert_int_eq(soap_call___slgw__getServiceInfo(t, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_str_eq(resp.user, "tenant");
	ck_assert_int_eq(resp.role, slgw__Role__tenant);
	ck_assert_ptr_nonnull(resp.tenantId);
	e2e_client_free(a);
	e2e_client_free(t);
}
END_TEST

START_TEST(no_or_wrong_credentials_are_unauthenticated)
{
	struct soap *none = e2e_client(&srv, NULL, NULL);
	struct soap *wrong = e2e_client(&srv, "admin", "not-the-password");
	struct soap *ghost = e2e_client(&srv, "nobody", "whatever1");
	struct _slgw__enumStorageSystems req = { 0 };
	struct _slgw__enumStorageSystemsResponse resp;

	assert_fault(none, soap_call___slgw__enumStorageSystems(none, EP, NULL, &req, &resp),
		     "UNAUTHENTICATED");
	assert_fault(wrong, soap_call___slgw__enumStorageSystems(wrong, EP, NULL, &req, &resp),
		     "UNAUTHENTICATED");
	assert_fault(ghost, soap_call___slgw__enumStorageSystems(ghost, EP, NULL, &req, &resp),
		     "UNAUTHENTICATED");
	/* The same message for unknown user and wrong password. */
	e2e_client_free(none);
	e2e_client_free(wrong);
	e2e_client_free(ghost);
}
END_TEST

START_TEST(repeated_failures_lock_out_that_user_only)
{
	struct soap *wrong = e2e_client(&srv, "tenant", "bad-guess-123");
	struct soap *a = admin();
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	int rc;

	for (int i = 0; i < 4; i++) {
		rc = soap_call___slgw__getServiceInfo(wrong, EP, NULL, &req, &resp);
		assert_fault(wrong, rc, "UNAUTHENTICATED");
	}
	/* Now even the right password is refused for a while ... */
	{
		struct soap *right = tenant();
		rc = soap_call___slgw__getServiceInfo(right, EP, NULL, &req, &resp);
		assert_fault(right, rc, "UNAUTHENTICATED");
		ck_assert_ptr_nonnull(strstr(right->fault->faultstring, "retry in"));
		e2e_client_free(right);
	}
	/* ... while another user is served at once. */
	ck_assert_int_eq(soap_call___slgw__getServiceInfo(a, EP, NULL, &req, &resp), SOAP_OK);
	e2e_client_free(wrong);
	e2e_client_free(a);
}
END_TEST

START_TEST(tenant_is_refused_admin_operations)
{
	struct soap *t = tenant();
	struct _slgw__addStorageSystem add = { 0 };
	struct _slgw__addStorageSystemResponse addr;
	struct _slgw__enumTenants et = { 0 };
	struct _slgw__enumTenantsResponse etr;
	struct _slgw__removeStorageSystem rm = { 0 };
	struct _slgw__removeStorageSystemResponse rmr;

	e2e_vnx_system_req(&add, "sneaky", "192.0.2.99", NULL, "u", "p");
	assert_fault(t, soap_call___slgw__addStorageSystem(t, EP, NULL, &add, &addr),
		     "PERMISSION_DENIED");
	assert_fault(t, soap_call___slgw__enumTenants(t, EP, NULL, &et, &etr), "PERMISSION_DENIED");
	rm.storageSystemId = "1";
	assert_fault(t, soap_call___slgw__removeStorageSystem(t, EP, NULL, &rm, &rmr),
		     "PERMISSION_DENIED");
	e2e_client_free(t);
}
END_TEST

/* ------------------------------------------------------ systems, pools */

START_TEST(adapters_systems_pools_and_ports)
{
	struct soap *a = admin();
	struct _slgw__enumStorageAdapters ea = { 0 };
	struct _slgw__enumStorageAdaptersResponse ear;
	struct _slgw__enumStorageSystems es = { 0 };
	struct _slgw__enumStorageSystemsResponse esr;
	struct _slgw__getStorageSystem gs = { 0 };
	struct _slgw__getStorageSystemResponse gsr;
	struct _slgw__enumStorageSystemTargetPorts tp = { 0 };
	struct _slgw__enumStorageSystemTargetPortsResponse tpr;
	int iscsi_a = 0, iscsi_b = 0, fc = 0;

	ck_assert_int_eq(soap_call___slgw__enumStorageAdapters(a, EP, NULL, &ea, &ear), SOAP_OK);
	ck_assert_int_ge(ear.__sizestorageAdapter, 1);
	ck_assert_str_eq(ear.storageAdapter[0].name, "vnx");

	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(a, EP, NULL, &es, &esr), SOAP_OK);
	ck_assert_int_eq(esr.__sizestorageSystem, 1);
	ck_assert_str_eq(esr.storageSystem[0].name, "demo");
	ck_assert_str_eq(esr.storageSystem[0].adapter, "vnx");
	ck_assert_str_eq(esr.storageSystem[0].spA, "192.0.2.10");
	ck_assert_ptr_nonnull(esr.storageSystem[0].model);
	ck_assert_ptr_nonnull(esr.storageSystem[0].serialNumber);

	gs.storageSystemId = esr.storageSystem[0].id;
	ck_assert_int_eq(soap_call___slgw__getStorageSystem(a, EP, NULL, &gs, &gsr), SOAP_OK);
	ck_assert_str_eq(gsr.storageSystem->name, "demo");

	tp.storageSystemId = esr.storageSystem[0].id;
	ck_assert_int_eq(soap_call___slgw__enumStorageSystemTargetPorts(a, EP, NULL, &tp, &tpr),
			 SOAP_OK);
	for (int i = 0; i < tpr.__sizetargetPort; i++) {
		struct slgw__TargetPort *p = &tpr.targetPort[i];
		if (p->protocol == slgw__Protocol__iscsi) {
			ck_assert_ptr_nonnull(p->iqn);
			ck_assert_ptr_nonnull(p->portal);
			ck_assert_ptr_nonnull(strstr(p->portal, ":3260"));
			if (p->sp == slgw__SP__A)
				iscsi_a++;
			else
				iscsi_b++;
		} else {
			ck_assert_ptr_nonnull(p->wwpn);
			fc++;
		}
	}
	ck_assert_int_ge(iscsi_a, 1);
	ck_assert_int_ge(iscsi_b, 1);
	ck_assert_int_ge(fc, 2);
	e2e_client_free(a);
}
END_TEST

START_TEST(refresh_rereads_the_array)
{
	struct soap *a = admin();
	struct _slgw__refreshStorageSystem req = { 0 };
	struct _slgw__refreshStorageSystemResponse resp;
	char *sys, *pool;

	demo_ids(a, &sys, &pool);
	req.storageSystemId = sys;
	ck_assert_int_eq(soap_call___slgw__refreshStorageSystem(a, EP, NULL, &req, &resp),
			 SOAP_OK);
	ck_assert_int_eq(resp.job->state, slgw__JobState__SUCCEEDED);
	ck_assert_int_eq(resp.job->progress, 100);
	ck_assert_ptr_nonnull(resp.job->storageSystem);
	ck_assert_str_eq(resp.job->storageSystem->name, "demo");
	e2e_client_free(a);
}
END_TEST

START_TEST(tenant_sees_granted_pools_with_quota)
{
	struct soap *t = tenant();
	struct _slgw__enumStoragePools req = { 0 };
	struct _slgw__enumStoragePoolsResponse resp;

	ck_assert_int_eq(soap_call___slgw__enumStoragePools(t, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_int_eq(resp.__sizestoragePool, 2);
	ck_assert_ptr_nonnull(resp.storagePool[0].quotaMB);
	ck_assert_int_eq(*resp.storagePool[0].quotaMB, 100 * 1024);
	ck_assert_ptr_nonnull(resp.storagePool[0].leftMB);
	e2e_client_free(t);
}
END_TEST

START_TEST(remove_system_with_volumes_is_failed_precondition)
{
	struct soap *a = admin();
	struct _slgw__removeStorageSystem req = { 0 };
	struct _slgw__removeStorageSystemResponse resp = { 0 };
	char *sys, *pool;
	int rc;

	must_allocate(a, "keeps-system-busy", 64);
	demo_ids(a, &sys, &pool);
	req.storageSystemId = sys;
	rc = soap_call___slgw__removeStorageSystem(a, EP, NULL, &req, &resp);
	if (rc == SOAP_OK) {
		/* refused inside the job is acceptable too, as long as it is refused */
		ck_assert_int_eq(resp.job->state, slgw__JobState__FAILED);
		ck_assert_int_eq(*resp.job->errorCode, slgw__ErrorCode__FAILED_USCOREPRECONDITION);
	} else {
		assert_fault(a, rc, "FAILED_PRECONDITION");
	}
	e2e_client_free(a);
}
END_TEST

static struct slgw__Job *add_system(struct soap *a, const char *name, const char *spa,
				    const char *spb, const char *user, const char *pw, int *rc)
{
	struct _slgw__addStorageSystem rq = { 0 };
	struct _slgw__addStorageSystemResponse rs = { 0 };
	e2e_vnx_system_req(&rq, name, spa, spb, user, pw);
	*rc = soap_call___slgw__addStorageSystem(a, EP, NULL, &rq, &rs);
	return rs.job;
}

START_TEST(add_and_remove_a_storage_system)
{
	struct soap *a = admin();
	struct _slgw__enumStorageSystems es = { 0 };
	struct _slgw__enumStorageSystemsResponse esr;
	struct _slgw__removeStorageSystem rm = { 0 };
	struct _slgw__removeStorageSystemResponse rmr;
	struct slgw__Job *j;
	char sid[32];
	int rc;

	ck_assert_int_eq(e2e_navisim_array(&srv, "second", "192.0.2.20", "192.0.2.21", "sysadmin",
					   "second-pw"),
			 0);
	/* wrong array credentials: the job fails UNAUTHENTICATED, nothing is kept */
	j = add_system(a, "second", "192.0.2.20", "192.0.2.21", "sysadmin", "wrong-pw", &rc);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_int_eq(j->state, slgw__JobState__FAILED);
	ck_assert_int_eq(*j->errorCode, slgw__ErrorCode__UNAUTHENTICATED);
	/* an address nobody answers: UNAVAILABLE */
	j = add_system(a, "nowhere", "192.0.2.250", NULL, "sysadmin", "x", &rc);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_int_eq(j->state, slgw__JobState__FAILED);
	ck_assert_int_eq(*j->errorCode, slgw__ErrorCode__UNAVAILABLE);
	/* right credentials: discovered at once */
	j = add_system(a, "second", "192.0.2.20", "192.0.2.21", "sysadmin", "second-pw", &rc);
	ck_assert_int_eq(rc, SOAP_OK);
	ck_assert_msg(j->state == slgw__JobState__SUCCEEDED, "add failed: %s",
		      j->errorMessage ? j->errorMessage : "");
	ck_assert_ptr_nonnull(j->storageSystem);
	ck_assert_str_eq(j->storageSystem->name, "second");
	ck_assert_ptr_nonnull(j->storageSystem->serialNumber);
	snprintf(sid, sizeof sid, "%s", j->storageSystem->id);
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(a, EP, NULL, &es, &esr), SOAP_OK);
	ck_assert_int_eq(esr.__sizestorageSystem, 2);
	/* no answer carries the array's credentials */
	{
		char *raw = e2e_post_raw(
			&srv, "admin", srv.admin_pw,
			"<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/"
			"soap/envelope/\"><s:Body><enumStorageSystems xmlns=\"urn:slgw:api:1\"/>"
			"</s:Body></s:Envelope>");
		ck_assert_ptr_nonnull(raw);
		ck_assert_ptr_nonnull(strstr(raw, "<slgw:name>second</slgw:name>"));
		ck_assert_ptr_null(strstr(raw, "second-pw"));
		ck_assert_ptr_null(strstr(raw, "sysadmin"));
		free(raw);
	}
	/* ... and slgwd's log does not either */
	{
		char path[400], line[2048];
		FILE *f;
		snprintf(path, sizeof path, "%s/slgwd.log", srv.dir);
		f = fopen(path, "r");
		ck_assert_ptr_nonnull(f);
		while (fgets(line, sizeof line, f))
			ck_assert_msg(!strstr(line, "second-pw") && !strstr(line, "wrong-pw"),
				      "password in the log: %s", line);
		fclose(f);
	}
	rm.storageSystemId = sid;
	ck_assert_int_eq(soap_call___slgw__removeStorageSystem(a, EP, NULL, &rm, &rmr), SOAP_OK);
	ck_assert_int_eq(rmr.job->state, slgw__JobState__SUCCEEDED);
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(a, EP, NULL, &es, &esr), SOAP_OK);
	ck_assert_int_eq(esr.__sizestorageSystem, 1);
	e2e_client_free(a);
}
END_TEST

/* ------------------------------------------------------------ volumes */

START_TEST(volume_lifecycle)
{
	struct soap *a = admin();
	struct slgw__Job *j = must_allocate(a, "life-1", 1024);
	struct slgw__StorageVolume *v = j->storageVolume;
	struct _slgw__getStorageVolume gv = { 0 };
	struct _slgw__getStorageVolumeResponse gvr;
	struct _slgw__resizeStorage rs = { 0 };
	struct _slgw__resizeStorageResponse rsr;
	struct _slgw__deleteStorage ds = { 0 };
	struct _slgw__deleteStorageResponse dsr;
	struct _slgw__getJob gj = { 0 };
	struct _slgw__getJobResponse gjr;
	char *vid = v->id;

	ck_assert_str_eq(v->name, "life-1");
	ck_assert_int_eq(v->sizeMB, 1024);
	ck_assert_int_eq(v->provisioning, slgw__ProvisioningType__THIN);
	ck_assert_ptr_nonnull(v->wwn);
	ck_assert_ptr_nonnull(v->arrayLunId);

	gv.volumeId = vid;
	ck_assert_int_eq(soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr), SOAP_OK);
	ck_assert_str_eq(gvr.storageVolume->wwn, v->wwn);
	ck_assert_int_eq(*gvr.storageVolume->arrayLunId, *v->arrayLunId);

	gj.jobId = j->id;
	ck_assert_int_eq(soap_call___slgw__getJob(a, EP, NULL, &gj, &gjr), SOAP_OK);
	ck_assert_str_eq(gjr.job->id, j->id);
	ck_assert_int_eq(gjr.job->state, slgw__JobState__SUCCEEDED);

	rs.volumeId = vid;
	rs.sizeMB = 2048;
	ck_assert_int_eq(soap_call___slgw__resizeStorage(a, EP, NULL, &rs, &rsr), SOAP_OK);
	ck_assert_int_eq(rsr.job->state, slgw__JobState__SUCCEEDED);
	ck_assert_int_eq(soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr), SOAP_OK);
	ck_assert_int_eq(gvr.storageVolume->sizeMB, 2048);

	/* grow only */
	rs.sizeMB = 1024;
	assert_fault(a, soap_call___slgw__resizeStorage(a, EP, NULL, &rs, &rsr),
		     "INVALID_ARGUMENT");

	ds.volumeId = vid;
	ck_assert_int_eq(soap_call___slgw__deleteStorage(a, EP, NULL, &ds, &dsr), SOAP_OK);
	ck_assert_int_eq(dsr.job->state, slgw__JobState__SUCCEEDED);
	assert_fault(a, soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr), "NOT_FOUND");
	/* deleting what is gone succeeds */
	ck_assert_int_eq(soap_call___slgw__deleteStorage(a, EP, NULL, &ds, &dsr), SOAP_OK);
	ck_assert_int_eq(dsr.job->state, slgw__JobState__SUCCEEDED);
	e2e_client_free(a);
}
END_TEST

START_TEST(enum_volumes_pages_and_filters)
{
	struct soap *a = admin();
	struct _slgw__enumStorageVolumes req = { 0 };
	struct _slgw__enumStorageVolumesResponse resp;
	int limit = 2, total = 0, pages = 0;

	for (int i = 0; i < 5; i++) {
		char name[32];
		snprintf(name, sizeof name, "page-%d", i);
		must_allocate(a, name, 16);
	}
	req.namePrefix = "page-";
	req.limit = &limit;
	do {
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(a, EP, NULL, &req, &resp),
				 SOAP_OK);
		ck_assert_int_le(resp.__sizestorageVolume, 2);
		for (int i = 0; i < resp.__sizestorageVolume; i++)
			ck_assert_int_eq(strncmp(resp.storageVolume[i].name, "page-", 5), 0);
		total += resp.__sizestorageVolume;
		pages++;
		req.pageToken = resp.nextPageToken;
	} while (resp.nextPageToken && pages < 10);
	ck_assert_int_eq(total, 5);
	ck_assert_int_ge(pages, 3);
	e2e_client_free(a);
}
END_TEST

START_TEST(retry_with_the_same_request_id_returns_the_same_job)
{
	struct soap *a = admin();
	int rc1, rc2;
	struct slgw__Job *j1 = allocate(a, "idem-1", 32, slgw__ProvisioningType__THIN, "req-idem-1",
					&rc1);
	char *id1;
	struct slgw__Job *j2;

	ck_assert_int_eq(rc1, SOAP_OK);
	id1 = j1->id;
	j2 = allocate(a, "idem-1", 32, slgw__ProvisioningType__THIN, "req-idem-1", &rc2);
	ck_assert_int_eq(rc2, SOAP_OK);
	ck_assert_str_eq(j2->id, id1);
	ck_assert_str_eq(j2->clientRequestId, "req-idem-1");
	e2e_client_free(a);
}
END_TEST

START_TEST(create_is_idempotent_by_name)
{
	struct soap *a = admin();
	struct slgw__Job *j1 = must_allocate(a, "byname-1", 48);
	char *vid = j1->storageVolume->id;
	struct slgw__Job *j2 = must_allocate(a, "byname-1", 48);
	int rc;

	ck_assert_str_eq(j2->storageVolume->id, vid);
	/* incompatible parameters: ALREADY_EXISTS */
	allocate(a, "byname-1", 96, slgw__ProvisioningType__THIN, NULL, &rc);
	assert_fault(a, rc, "ALREADY_EXISTS");
	e2e_client_free(a);
}
END_TEST

START_TEST(invalid_input_is_invalid_argument)
{
	struct soap *a = admin();
	int rc;

	allocate(a, "bad/name", 16, slgw__ProvisioningType__THIN, NULL, &rc);
	assert_fault(a, rc, "INVALID_ARGUMENT");
	ck_assert_ptr_nonnull(strstr(a->fault->faultstring, "name"));
	allocate(a, "zero-size", 0, slgw__ProvisioningType__THIN, NULL, &rc);
	assert_fault(a, rc, "INVALID_ARGUMENT");
	ck_assert_ptr_nonnull(strstr(a->fault->faultstring, "sizeMB"));
	{
		struct _slgw__getStorageVolume gv = { 0 };
		struct _slgw__getStorageVolumeResponse gvr;
		gv.volumeId = "12; rm -rf /";
		assert_fault(a, soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr),
			     "INVALID_ARGUMENT");
	}
	{
		struct _slgw__addHost ah = { 0 };
		struct _slgw__addHostResponse ahr;
		struct slgw__Initiator ini = { "not-an-iqn", slgw__Protocol__iscsi };
		ah.name = "host-bad-ini";
		ah.__sizeinitiator = 1;
		ah.initiator = &ini;
		assert_fault(a, soap_call___slgw__addHost(a, EP, NULL, &ah, &ahr), "INVALID_ARGUMENT");
		ck_assert_ptr_nonnull(strstr(a->fault->faultstring, "initiator"));
	}
	e2e_client_free(a);
}
END_TEST

START_TEST(unknown_objects_are_not_found)
{
	struct soap *a = admin();
	struct _slgw__getStorageVolume gv = { 0 };
	struct _slgw__getStorageVolumeResponse gvr;
	struct _slgw__getJob gj = { 0 };
	struct _slgw__getJobResponse gjr;

	gv.volumeId = "987654";
	assert_fault(a, soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr), "NOT_FOUND");
	gj.jobId = "987654";
	assert_fault(a, soap_call___slgw__getJob(a, EP, NULL, &gj, &gjr), "NOT_FOUND");
	e2e_client_free(a);
}
END_TEST

START_TEST(tenant_cannot_see_admin_volumes_and_quota_is_enforced)
{
	struct soap *a = admin(), *t = tenant();
	struct slgw__Job *j = must_allocate(a, "admins-own", 16);
	struct _slgw__getStorageVolume gv = { 0 };
	struct _slgw__getStorageVolumeResponse gvr;
	int rc;

	gv.volumeId = j->storageVolume->id;
	assert_fault(t, soap_call___slgw__getStorageVolume(t, EP, NULL, &gv, &gvr), "NOT_FOUND");
	/* 200 GB against a 100 GB grant */
	allocate(t, "too-big", 200 * 1024, slgw__ProvisioningType__THIN, NULL, &rc);
	assert_fault(t, rc, "RESOURCE_EXHAUSTED");
	/* within the grant it works, and the tenant sees its own volume */
	{
		struct slgw__Job *tj = must_allocate(t, "tenant-vol", 1024);
		gv.volumeId = tj->storageVolume->id;
		ck_assert_int_eq(soap_call___slgw__getStorageVolume(t, EP, NULL, &gv, &gvr), SOAP_OK);
		ck_assert_str_eq(gvr.storageVolume->name, "tenant-vol");
	}
	e2e_client_free(a);
	e2e_client_free(t);
}
END_TEST

START_TEST(second_operation_on_a_busy_volume_is_aborted)
{
	struct soap *a = admin();
	struct slgw__Job *j = must_allocate(a, "busy-1", 64);
	const char *slow[] = { "--admin", "latency", "--name", "demo", "--ms", "1500", NULL };
	const char *fast[] = { "--admin", "latency", "--name", "demo", "--ms", "0", NULL };
	struct _slgw__resizeStorage rs = { 0 };
	struct _slgw__resizeStorageResponse rsr;
	struct _slgw__deleteStorage ds = { 0 };
	struct _slgw__deleteStorageResponse dsr;
	int nowait = 0, rc;

	ck_assert_int_eq(e2e_navisim(&srv, slow), 0);
	rs.volumeId = j->storageVolume->id;
	rs.sizeMB = 128;
	rs.waitMs = &nowait;
	ck_assert_int_eq(soap_call___slgw__resizeStorage(a, EP, NULL, &rs, &rsr), SOAP_OK);
	ck_assert_int_ne(rsr.job->state, slgw__JobState__FAILED);
	ds.volumeId = j->storageVolume->id;
	rc = soap_call___slgw__deleteStorage(a, EP, NULL, &ds, &dsr);
	e2e_navisim(&srv, fast);
	assert_fault(a, rc, "ABORTED");
	e2e_client_free(a);
}
END_TEST

START_TEST(jobs_are_listed)
{
	struct soap *a = admin();
	struct _slgw__enumJobs req = { 0 };
	struct _slgw__enumJobsResponse resp;

	must_allocate(a, "job-list-1", 16);
	ck_assert_int_eq(soap_call___slgw__enumJobs(a, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_int_ge(resp.__sizejob, 1);
	for (int i = 0; i < resp.__sizejob; i++)
		ck_assert_ptr_nonnull(resp.job[i].id);
	e2e_client_free(a);
}
END_TEST

START_TEST(sp_a_down_is_served_by_sp_b)
{
	struct soap *a = admin();
	const char *down_a[] = { "--admin", "sp-down", "--name", "demo", "--sp", "A", NULL };
	const char *up_a[] = { "--admin", "sp-up", "--name", "demo", "--sp", "A", NULL };
	struct slgw__Job *j;
	struct _slgw__deleteStorage ds = { 0 };
	struct _slgw__deleteStorageResponse dsr;

	ck_assert_int_eq(e2e_navisim(&srv, down_a), 0);
	j = must_allocate(a, "via-spb", 32);
	ck_assert_ptr_nonnull(j->storageVolume->wwn);
	ds.volumeId = j->storageVolume->id;
	ck_assert_int_eq(soap_call___slgw__deleteStorage(a, EP, NULL, &ds, &dsr), SOAP_OK);
	ck_assert_int_eq(dsr.job->state, slgw__JobState__SUCCEEDED);
	ck_assert_int_eq(e2e_navisim(&srv, up_a), 0);
	e2e_client_free(a);
}
END_TEST

/* --------------------------------------------------- HTTP, WSDL, audit */

START_TEST(wsdl_is_served_with_the_endpoint_and_matches_the_contract)
{
	char *served = e2e_get(&srv, "/?wsdl");
	FILE *f = fopen(SLGW_SOURCE_WSDL, "r");
	char *kept, expect_loc[96];
	long n;

	ck_assert_ptr_nonnull(served);
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	kept = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(kept, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	snprintf(expect_loc, sizeof expect_loc, "location=\"https://127.0.0.1:%d/\"", srv.port);
	ck_assert_msg(strstr(served, expect_loc), "served WSDL lacks %s: %.200s", expect_loc,
		      strstr(served, "SOAP:address") ? strstr(served, "SOAP:address") : served);
	/* identical to wsdl/slgw.wsdl apart from the address */
	{
		const char *marker = "location=\"https://localhost:21605/\"";
		char *at = strstr(kept, marker);
		size_t pre;
		ck_assert_ptr_nonnull(at);
		pre = (size_t)(at - kept);
		ck_assert_int_eq(strncmp(served, kept, pre), 0);
		ck_assert_str_eq(strstr(served, expect_loc) + strlen(expect_loc),
				 at + strlen(marker));
	}
	free(kept);
	free(served);
}
END_TEST

START_TEST(healthz_and_metrics)
{
	struct soap *a = admin();
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse resp;
	char *h, *m;

	ck_assert_int_eq(soap_call___slgw__getServiceInfo(a, EP, NULL, &req, &resp), SOAP_OK);
	must_allocate(a, "metrics-1", 16);
	h = e2e_get(&srv, "/healthz");
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(h, "ok\n");
	m = e2e_get(&srv, "/metrics");
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(
		strstr(m, "slgw_requests_total{operation=\"getServiceInfo\",code=\"OK\"}"));
	ck_assert_ptr_nonnull(strstr(m, "slgw_request_duration_seconds_bucket{operation="));
	ck_assert_ptr_nonnull(strstr(m, "slgw_jobs{state=\"succeeded\"}"));
	ck_assert_ptr_nonnull(strstr(m, "slgw_array_commands_total{array=\"demo\""));
	free(h);
	free(m);
	e2e_client_free(a);
}
END_TEST

START_TEST(malformed_requests_get_an_invalid_argument_fault)
{
	static const char unknown_op[] =
		"<?xml version=\"1.0\"?><s:Envelope "
		"xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
		"<noSuchOperation xmlns=\"urn:slgw:api:1\"/></s:Body></s:Envelope>";
	static const char broken[] = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://"
				     "schemas.xmlsoap.org/soap/envelope/\"><s:Body><getJob";
	static const char dtd[] =
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
		"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
		"<getJob xmlns=\"urn:slgw:api:1\"><jobId>&e;</jobId></getJob></s:Body></s:Envelope>";
	const char *bodies[] = { unknown_op, broken, dtd };

	for (int i = 0; i < 3; i++) {
		char *r = e2e_post_raw(&srv, "admin", srv.admin_pw, bodies[i]);
		ck_assert_ptr_nonnull(r);
		ck_assert_msg(strstr(r, "<slgw:code>INVALID_ARGUMENT</slgw:code>"),
			      "body %d answered: %.400s", i, r);
		ck_assert_ptr_null(strstr(r, "root:"));
		free(r);
	}
}
END_TEST

START_TEST(every_call_is_audited)
{
	struct soap *a = admin(), *t = tenant();
	struct _slgw__enumTenants et = { 0 };
	struct _slgw__enumTenantsResponse etr;
	struct _slgw__enumAuditRecords ar = { 0 };
	struct _slgw__enumAuditRecordsResponse arr;
	int found_refused = 0, limit = 1000;

	soap_call___slgw__enumTenants(t, EP, NULL, &et, &etr);
	ar.user = "tenant";
	ar.limit = &limit;
	ck_assert_int_eq(soap_call___slgw__enumAuditRecords(a, EP, NULL, &ar, &arr), SOAP_OK);
	for (int i = 0; i < arr.__sizeauditRecord; i++)
		if (!strcmp(arr.auditRecord[i].operation, "enumTenants") &&
		    strstr(arr.auditRecord[i].outcome, "PERMISSION_DENIED"))
			found_refused = 1;
	ck_assert_msg(found_refused, "the refused enumTenants is not in the audit trail (%d records)",
		      arr.__sizeauditRecord);
	e2e_client_free(a);
	e2e_client_free(t);
}
END_TEST

/* Runs without the shared fixture: it owns its slgwd (a child of the test
 * process) so that it can stop and restart it. */
START_TEST(restart_reuses_the_state_dir)
{
	struct soap *a;
	struct slgw__Job *j;
	char vid[32], pw[64];
	struct _slgw__getStorageVolume gv = { 0 };
	struct _slgw__getStorageVolumeResponse gvr;

	ck_assert_int_eq(e2e_start(&srv, 0), 0);
	a = admin();
	j = must_allocate(a, "survives-restart", 16);
	snprintf(vid, sizeof vid, "%s", j->storageVolume->id);
	snprintf(pw, sizeof pw, "%s", srv.admin_pw);
	e2e_client_free(a);
	ck_assert_int_eq(e2e_stop(&srv), 0);
	ck_assert_int_eq(e2e_start(&srv, 1), 0);
	ck_assert_str_eq(srv.admin_pw, pw);
	a = admin();
	gv.volumeId = vid;
	ck_assert_int_eq(soap_call___slgw__getStorageVolume(a, EP, NULL, &gv, &gvr), SOAP_OK);
	ck_assert_str_eq(gvr.storageVolume->name, "survives-restart");
	e2e_client_free(a);
	ck_assert_int_eq(e2e_stop_cleanup(&srv), 0);
}
END_TEST

static Suite *e2e_suite(void)
{
	Suite *s = suite_create("gateway-e2e");

	SUITE_CASE_ONCE(s, "core", up, down, 120, service_info_names_the_caller_and_role,
		no_or_wrong_credentials_are_unauthenticated, tenant_is_refused_admin_operations,
		wsdl_is_served_with_the_endpoint_and_matches_the_contract, healthz_and_metrics,
		malformed_requests_get_an_invalid_argument_fault, every_call_is_audited,
		invalid_input_is_invalid_argument, unknown_objects_are_not_found);
	SUITE_CASE_ONCE(s, "array", up, down, 180, adapters_systems_pools_and_ports,
		add_and_remove_a_storage_system, refresh_rereads_the_array,
		tenant_sees_granted_pools_with_quota, volume_lifecycle, enum_volumes_pages_and_filters,
		retry_with_the_same_request_id_returns_the_same_job, create_is_idempotent_by_name,
		tenant_cannot_see_admin_volumes_and_quota_is_enforced,
		second_operation_on_a_busy_volume_is_aborted, jobs_are_listed,
		sp_a_down_is_served_by_sp_b, remove_system_with_volumes_is_failed_precondition);
	/* its own server: the lock-out would disturb the other tests */
	SUITE_CASE_ONCE(s, "lockout", up, down, 120, repeated_failures_lock_out_that_user_only);
	/* no fixture: the test starts and restarts its own server */
	SUITE_CASE(s, "lifecycle", NULL, NULL, 180, restart_reuses_the_state_dir);
	return s;
}

int main(void)
{
	/* a server killed mid-write must not kill the test with SIGPIPE */
	signal(SIGPIPE, SIG_IGN);
	return suite_run(e2e_suite());
}
