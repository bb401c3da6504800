/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_tenancy.c - end-to-end proof of issue 7 (delegation: tenants, pool
 * grants and quotas, users, audit) over SOAP against the real slgwd --demo
 * on navisim, spoken to over TLS with the generated gSOAP client.
 *
 * World (built once per test case in the parent, before Check forks each
 * test, so every test sees the same ids): a second simulated array
 * "other" registered by the admin and granted to nobody; two tenants A and
 * B, each with its own user, an iSCSI host, two volumes (one assigned to
 * its host, one with a snapshot) and a grant on its own demo pool (A pool
 * 1, B pool 2).
 *
 * The isolation matrix tries every operation of the contract as each
 * tenant on the other's objects and compares the fault with the one for a
 * made-up id: same SOAP faultcode, same slgw code, same message and
 * objectId once the id itself is masked, so a tenant cannot tell "exists
 * but not yours" from "does not exist".  Around the refused calls the
 * array (navisim's own lun / storagegroup / snap lists) and the store (the
 * admin's enumerations) are snapshotted and must be byte-identical.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "tn_util.h"

#define FAKE "987654"
#define OTHER_SPA "192.0.2.20"
#define OTHER_SPB "192.0.2.21"

static struct e2e srv;
#define EP srv.endpoint

struct tenant {
	char name[32], user[32], pw[32];
	char *tid, *pool, *vol, *vol2, *host, *snap, *job;
	char iqn[96];
};

static char *sys_id, *pool1, *pool2, *other_sys, *other_pool;
static struct tenant ta, tb;
static const char *const extra_arrays[] = { OTHER_SPA, NULL };

static struct soap *as_admin(void)
{
	struct soap *s = e2e_client(&srv, "admin", srv.admin_pw);
	ck_assert_ptr_nonnull(s);
	return s;
}

static struct soap *as_tenant(const struct tenant *t)
{
	struct soap *s = e2e_client(&srv, t->user, t->pw);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* A second array, registered by the admin and granted to nobody. */
static void add_other_array(struct soap *adm)
{
	const char *mk[] = { "--admin", "create-array", "--name", "other", "--spa", OTHER_SPA,
			     "--spb", OTHER_SPB, "--pools", "1", "--iscsi-ports", "1", NULL };
	struct _slgw__addStorageSystem r = { 0 };
	struct _slgw__addStorageSystemResponse o = { 0 };
	struct _slgw__enumStoragePools pr = { 0 };
	struct _slgw__enumStoragePoolsResponse po;
	int rc;

	ck_assert_int_eq(e2e_navisim(&srv, mk), 0);
	r.adapter = "vnx";
	r.name = "other";
	r.spA = OTHER_SPA;
	r.spB = OTHER_SPB;
	r.username = "sysadmin";
	r.password = "any-password";
	rc = soap_call___slgw__addStorageSystem(adm, EP, NULL, &r, &o);
	ck_assert_msg(rc == SOAP_OK, "addStorageSystem other: %s", tn_msg(adm));
	ck_assert_msg(o.job->state == slgw__JobState__SUCCEEDED && o.job->storageSystem,
		      "addStorageSystem other: %s", o.job->errorMessage ? o.job->errorMessage : "");
	other_sys = strdup(o.job->storageSystem->id);
	pr.storageSystemId = other_sys;
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(adm, EP, NULL, &pr, &po), SOAP_OK);
	ck_assert_int_ge(po.__sizestoragePool, 1);
	other_pool = strdup(po.storagePool[0].id);
}

static void make_tenant(struct soap *adm, struct tenant *t, const char *tag, const char *pool)
{
	struct soap *s;
	char n[64];

	snprintf(t->name, sizeof t->name, "tenant-%s", tag);
	snprintf(t->user, sizeof t->user, "user-%s", tag);
	snprintf(t->pw, sizeof t->pw, "pw-%s-Secret-42", tag);
	snprintf(t->iqn, sizeof t->iqn, "iqn.2006-04.com.example:xen-%s", tag);
	t->tid = tn_add_tenant(adm, EP, t->name);
	tn_add_user(adm, EP, t->user, t->pw, t->tid);
	t->pool = strdup(pool);
	tn_grant(adm, EP, t->tid, sys_id, pool, 4096, 20, 0);

	s = as_tenant(t);
	snprintf(n, sizeof n, "host-%s", tag);
	t->host = tn_add_host(s, EP, n, t->iqn, tag[0] == 'a' ? "198.51.100.11" : "198.51.100.12");
	snprintf(n, sizeof n, "vol-%s", tag);
	t->vol = tn_allocate(s, EP, sys_id, pool, n, 64, 0, &t->job);
	snprintf(n, sizeof n, "vol2-%s", tag);
	t->vol2 = tn_allocate(s, EP, sys_id, pool, n, 64, 1, NULL);
	tn_assign(s, EP, t->vol, t->host);
	snprintf(n, sizeof n, "snap-%s", tag);
	t->snap = tn_snapshot(s, EP, t->vol2, n);
	e2e_client_free(s);
}

static void world_up(void)
{
	struct soap *adm;
	ck_assert_msg(e2e_start(&srv, 0) == 0, "slgwd --demo did not start");
	adm = as_admin();
	tn_demo_pools(adm, EP, &sys_id, &pool1, &pool2);
	add_other_array(adm);
	make_tenant(adm, &ta, "a", pool1);
	make_tenant(adm, &tb, "b", pool2);
	e2e_client_free(adm);
}

static void world_down(void)
{
	int rc = e2e_stop(&srv);
	ck_assert_int_eq(rc, 0);
	e2e_cleanup(&srv);
}

/* ------------------------------------------------------ the operations */

enum op {
	OP_GET_VOLUME, OP_RESIZE, OP_DELETE, OP_DELETE_FORCE, OP_SNAPSHOT, OP_CLONE_LINKED,
	OP_CLONE_FULL, OP_ASSIGN_VOL, OP_UNASSIGN_VOL, OP_ENUM_SNAPS_OF_VOL,
	OP_ENUM_ASSIGN_OF_VOL, OP_ENUM_JOBS_OF_VOL,
	OP_GET_HOST, OP_REMOVE_HOST, OP_MODIFY_HOST, OP_ADD_INITIATOR, OP_REMOVE_INITIATOR,
	OP_ASSIGN_TO_HOST, OP_UNASSIGN_FROM_HOST, OP_ENUM_ASSIGN_OF_HOST,
	OP_DELETE_SNAP, OP_RESTORE_SNAP, OP_CLONE_SNAP,
	OP_GET_JOB,
	OP_ALLOCATE_IN_POOL, OP_ENUM_VOLS_IN_POOL,
	OP_GET_SYSTEM, OP_TARGET_PORTS, OP_ENUM_POOLS_OF_SYS, OP_ALLOCATE_ON_SYSTEM,
	OP_ENUM_VOLS_ON_SYS,
	OP__COUNT
};

static const char *const op_names[OP__COUNT] = {
	"getStorageVolume", "resizeStorage", "deleteStorage", "deleteStorage(force)",
	"createSnapshot", "cloneStorage(linked, volume)", "cloneStorage(full, volume)",
	"assignStorage(volume -> own host)", "unassignStorage(volume, its host)",
	"enumSnapshots(volumeId)", "enumAssignments(volumeId)", "enumJobs(objectId)",
	"getHost", "removeHost", "modifyHost", "addHostInitiator", "removeHostInitiator",
	"assignStorage(own volume -> host)", "unassignStorage(own volume, host)",
	"enumAssignments(hostId)",
	"deleteSnapshot", "restoreSnapshot", "cloneStorage(linked, snapshot)",
	"getJob",
	"allocateStorage(pool)", "enumStorageVolumes(storagePoolId)",
	"getStorageSystem", "enumStorageSystemTargetPorts", "enumStoragePools(storageSystemId)",
	"allocateStorage(system)", "enumStorageVolumes(storageSystemId)",
};

/* What the prober passes besides the id under test. */
struct aux {
	const struct tenant *me, *other;
};

/* Runs op with id on s; *items = list length for enumerations (else -1). */
static int run_op(struct soap *s, enum op op, const char *id, const struct aux *x, int *items)
{
	int zero = 0;
	*items = -1;
	soap_end(s); /* answers of earlier calls are no longer needed */
	switch (op) {
	case OP_GET_VOLUME: {
		struct _slgw__getStorageVolume r = { (char *)id };
		struct _slgw__getStorageVolumeResponse o;
		return soap_call___slgw__getStorageVolume(s, EP, NULL, &r, &o);
	}
	case OP_RESIZE: {
		struct _slgw__resizeStorage r = { 0 };
		struct _slgw__resizeStorageResponse o;
		r.volumeId = (char *)id;
		r.sizeMB = 128;
		return soap_call___slgw__resizeStorage(s, EP, NULL, &r, &o);
	}
	case OP_DELETE:
	case OP_DELETE_FORCE: {
		struct _slgw__deleteStorage r = { 0 };
		struct _slgw__deleteStorageResponse o;
		enum xsd__boolean yes = xsd__boolean__true_;
		r.volumeId = (char *)id;
		r.force = op == OP_DELETE_FORCE ? &yes : NULL;
		return soap_call___slgw__deleteStorage(s, EP, NULL, &r, &o);
	}
	case OP_SNAPSHOT: {
		struct _slgw__createSnapshot r = { 0 };
		struct _slgw__createSnapshotResponse o;
		r.volumeId = (char *)id;
		r.name = "probe-snap";
		return soap_call___slgw__createSnapshot(s, EP, NULL, &r, &o);
	}
	case OP_CLONE_LINKED:
	case OP_CLONE_FULL:
	case OP_CLONE_SNAP: {
		struct _slgw__cloneStorage r = { 0 };
		struct _slgw__cloneStorageResponse o;
		if (op == OP_CLONE_SNAP)
			r.sourceSnapshotId = (char *)id;
		else
			r.sourceVolumeId = (char *)id;
		r.name = "probe-clone";
		r.cloneType = op == OP_CLONE_FULL ? slgw__CloneType__full : slgw__CloneType__linked;
		return soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o);
	}
	case OP_ASSIGN_VOL:
	case OP_ASSIGN_TO_HOST: {
		struct _slgw__assignStorage r = { 0 };
		struct _slgw__assignStorageResponse o;
		r.volumeId = op == OP_ASSIGN_VOL ? (char *)id : x->me->vol2;
		r.hostId = op == OP_ASSIGN_VOL ? x->me->host : (char *)id;
		return soap_call___slgw__assignStorage(s, EP, NULL, &r, &o);
	}
	case OP_UNASSIGN_VOL:
	case OP_UNASSIGN_FROM_HOST: {
		struct _slgw__unassignStorage r = { 0 };
		struct _slgw__unassignStorageResponse o;
		r.volumeId = op == OP_UNASSIGN_VOL ? (char *)id : x->me->vol;
		r.hostId = op == OP_UNASSIGN_VOL ? x->other->host : (char *)id;
		return soap_call___slgw__unassignStorage(s, EP, NULL, &r, &o);
	}
	case OP_ENUM_SNAPS_OF_VOL: {
		struct _slgw__enumSnapshots r = { 0 };
		struct _slgw__enumSnapshotsResponse o = { 0 };
		int rc;
		r.volumeId = (char *)id;
		rc = soap_call___slgw__enumSnapshots(s, EP, NULL, &r, &o);
		*items = o.__sizesnapshot;
		return rc;
	}
	case OP_ENUM_ASSIGN_OF_VOL:
	case OP_ENUM_ASSIGN_OF_HOST: {
		struct _slgw__enumAssignments r = { 0 };
		struct _slgw__enumAssignmentsResponse o = { 0 };
		int rc;
		if (op == OP_ENUM_ASSIGN_OF_VOL)
			r.volumeId = (char *)id;
		else
			r.hostId = (char *)id;
		rc = soap_call___slgw__enumAssignments(s, EP, NULL, &r, &o);
		*items = o.__sizeassignment;
		return rc;
	}
	case OP_ENUM_JOBS_OF_VOL: {
		struct _slgw__enumJobs r = { 0 };
		struct _slgw__enumJobsResponse o = { 0 };
		char obj[64];
		int rc;
		snprintf(obj, sizeof obj, "volume/%s", id);
		r.objectId = obj;
		rc = soap_call___slgw__enumJobs(s, EP, NULL, &r, &o);
		*items = o.__sizejob;
		return rc;
	}
	case OP_GET_HOST: {
		struct _slgw__getHost r = { (char *)id };
		struct _slgw__getHostResponse o;
		return soap_call___slgw__getHost(s, EP, NULL, &r, &o);
	}
	case OP_REMOVE_HOST: {
		struct _slgw__removeHost r = { 0 };
		struct _slgw__removeHostResponse o;
		r.hostId = (char *)id;
		return soap_call___slgw__removeHost(s, EP, NULL, &r, &o);
	}
	case OP_MODIFY_HOST: {
		struct _slgw__modifyHost r = { 0 };
		struct _slgw__modifyHostResponse o;
		enum slgw__FailoverMode pnr = slgw__FailoverMode__PNR;
		enum xsd__boolean yes = xsd__boolean__true_;
		r.hostId = (char *)id;
		r.failoverMode = &pnr;
		r.hostOffline = &yes;
		return soap_call___slgw__modifyHost(s, EP, NULL, &r, &o);
	}
	case OP_ADD_INITIATOR: {
		struct _slgw__addHostInitiator r = { 0 };
		struct _slgw__addHostInitiatorResponse o;
		struct slgw__Initiator ini = { "iqn.2006-04.com.example:probe", slgw__Protocol__iscsi };
		r.hostId = (char *)id;
		r.initiator = &ini;
		return soap_call___slgw__addHostInitiator(s, EP, NULL, &r, &o);
	}
	case OP_REMOVE_INITIATOR: {
		struct _slgw__removeHostInitiator r = { 0 };
		struct _slgw__removeHostInitiatorResponse o;
		r.hostId = (char *)id;
		r.initiatorId = (char *)x->other->iqn;
		return soap_call___slgw__removeHostInitiator(s, EP, NULL, &r, &o);
	}
	case OP_DELETE_SNAP: {
		struct _slgw__deleteSnapshot r = { 0 };
		struct _slgw__deleteSnapshotResponse o;
		r.snapshotId = (char *)id;
		return soap_call___slgw__deleteSnapshot(s, EP, NULL, &r, &o);
	}
	case OP_RESTORE_SNAP: {
		struct _slgw__restoreSnapshot r = { 0 };
		struct _slgw__restoreSnapshotResponse o;
		enum xsd__boolean yes = xsd__boolean__true_;
		r.snapshotId = (char *)id;
		r.force = &yes;
		return soap_call___slgw__restoreSnapshot(s, EP, NULL, &r, &o);
	}
	case OP_GET_JOB: {
		struct _slgw__getJob r = { 0 };
		struct _slgw__getJobResponse o;
		r.jobId = (char *)id;
		r.waitMs = &zero;
		return soap_call___slgw__getJob(s, EP, NULL, &r, &o);
	}
	case OP_ALLOCATE_IN_POOL:
	case OP_ALLOCATE_ON_SYSTEM: {
		struct _slgw__allocateStorage r = { 0 };
		struct _slgw__allocateStorageResponse o;
		r.storageSystemId = op == OP_ALLOCATE_IN_POOL ? sys_id : (char *)id;
		r.storagePoolId = op == OP_ALLOCATE_IN_POOL ? (char *)id : other_pool;
		r.name = "probe-vol";
		r.sizeMB = 16;
		r.provisioning = slgw__ProvisioningType__THIN;
		return soap_call___slgw__allocateStorage(s, EP, NULL, &r, &o);
	}
	case OP_ENUM_VOLS_IN_POOL:
	case OP_ENUM_VOLS_ON_SYS: {
		struct _slgw__enumStorageVolumes r = { 0 };
		struct _slgw__enumStorageVolumesResponse o = { 0 };
		int rc;
		if (op == OP_ENUM_VOLS_IN_POOL)
			r.storagePoolId = (char *)id;
		else
			r.storageSystemId = (char *)id;
		rc = soap_call___slgw__enumStorageVolumes(s, EP, NULL, &r, &o);
		*items = o.__sizestorageVolume;
		return rc;
	}
	case OP_GET_SYSTEM: {
		struct _slgw__getStorageSystem r = { (char *)id };
		struct _slgw__getStorageSystemResponse o;
		return soap_call___slgw__getStorageSystem(s, EP, NULL, &r, &o);
	}
	case OP_TARGET_PORTS: {
		struct _slgw__enumStorageSystemTargetPorts r = { 0 };
		struct _slgw__enumStorageSystemTargetPortsResponse o = { 0 };
		int rc;
		r.storageSystemId = (char *)id;
		rc = soap_call___slgw__enumStorageSystemTargetPorts(s, EP, NULL, &r, &o);
		*items = o.__sizetargetPort;
		return rc;
	}
	case OP_ENUM_POOLS_OF_SYS: {
		struct _slgw__enumStoragePools r = { 0 };
		struct _slgw__enumStoragePoolsResponse o = { 0 };
		int rc;
		r.storageSystemId = (char *)id;
		rc = soap_call___slgw__enumStoragePools(s, EP, NULL, &r, &o);
		*items = o.__sizestoragePool;
		return rc;
	}
	case OP__COUNT:
		break;
	}
	return -1;
}

/* The id of the other tenant's object (or ungranted one) each op targets. */
static const char *target_of(enum op op, const struct aux *x)
{
	switch (op) {
	case OP_GET_HOST: case OP_REMOVE_HOST: case OP_MODIFY_HOST: case OP_ADD_INITIATOR:
	case OP_REMOVE_INITIATOR: case OP_ASSIGN_TO_HOST: case OP_UNASSIGN_FROM_HOST:
	case OP_ENUM_ASSIGN_OF_HOST:
		return x->other->host;
	case OP_DELETE_SNAP: case OP_RESTORE_SNAP: case OP_CLONE_SNAP:
		return x->other->snap;
	case OP_GET_JOB:
		return x->other->job;
	case OP_ALLOCATE_IN_POOL: case OP_ENUM_VOLS_IN_POOL:
		return x->other->pool;
	case OP_GET_SYSTEM: case OP_TARGET_PORTS: case OP_ENUM_POOLS_OF_SYS:
	case OP_ALLOCATE_ON_SYSTEM: case OP_ENUM_VOLS_ON_SYS:
		return other_sys;
	case OP_SNAPSHOT: case OP_CLONE_LINKED: case OP_CLONE_FULL: case OP_RESIZE:
		return x->other->vol2;
	default:
		return x->other->vol; /* the assigned one */
	}
}

static int is_enum(enum op op)
{
	return op == OP_ENUM_SNAPS_OF_VOL || op == OP_ENUM_ASSIGN_OF_VOL ||
	       op == OP_ENUM_JOBS_OF_VOL || op == OP_ENUM_ASSIGN_OF_HOST ||
	       op == OP_ENUM_VOLS_IN_POOL || op == OP_ENUM_VOLS_ON_SYS ||
	       op == OP_TARGET_PORTS || op == OP_ENUM_POOLS_OF_SYS;
}

/* Tries op on the other's object and on a made-up id: the two answers
 * must be indistinguishable.  Single objects must be NOT_FOUND; a filter
 * on an enumeration either NOT_FOUND or an empty list, the same for both.
 * Returns the number of refusals counted (for the summary). */
static int probe(struct soap *s, enum op op, const struct aux *x)
{
	const char *real = target_of(op, x);
	struct tn_fault fr, ff;
	int nr, nf, rc;
	char why[1200];

	rc = run_op(s, op, real, x, &nr);
	tn_fault_take(&fr, s, rc);
	rc = run_op(s, op, FAKE, x, &nf);
	tn_fault_take(&ff, s, rc);
	if (is_enum(op) && fr.rc == SOAP_OK) {
		ck_assert_msg(nr == 0, "%s as %s on %s's %s lists %d items", op_names[op],
			      x->me->user, x->other->name, real, nr);
		ck_assert_msg(ff.rc == SOAP_OK && nf == 0,
			      "%s: the other's id answers an empty list, a made-up id %s (%s)",
			      op_names[op], ff.code, ff.message);
		return 0;
	}
	ck_assert_msg(!strcmp(fr.code, "NOT_FOUND"),
		      "%s as %s on %s's object %s: expected NOT_FOUND, got rc %d '%s' (%s)",
		      op_names[op], x->me->user, x->other->name, real, fr.rc, fr.code, fr.message);
	/* Both ids are masked in both answers: an unrelated id (say the
	 * caller's own volume) may equal the other's id as a number. */
	tn_fault_mask(&fr, real);
	tn_fault_mask(&fr, FAKE);
	tn_fault_mask(&ff, real);
	tn_fault_mask(&ff, FAKE);
	ck_assert_msg(tn_fault_cmp(&fr, &ff, why, sizeof why) == 0,
		      "%s: the fault for %s's object differs from a made-up id's: %s",
		      op_names[op], x->other->name, why);
	return 1;
}

/* Admin-only operations a tenant tries (several aimed at the other
 * tenant's records): PERMISSION_DENIED every time. */
static int admin_only_refused(struct soap *s, const struct aux *x)
{
	int n = 0;
	soap_end(s);
	{
		struct _slgw__addStorageSystem r = { 0 };
		struct _slgw__addStorageSystemResponse o;
		r.adapter = "vnx";
		r.name = "sneaky";
		r.spA = OTHER_SPA;
		r.username = "u";
		r.password = "p";
		tn_assert_fault(s, soap_call___slgw__addStorageSystem(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__removeStorageSystem r = { 0 };
		struct _slgw__removeStorageSystemResponse o;
		r.storageSystemId = sys_id;
		tn_assert_fault(s, soap_call___slgw__removeStorageSystem(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__refreshStorageSystem r = { 0 };
		struct _slgw__refreshStorageSystemResponse o;
		r.storageSystemId = sys_id;
		tn_assert_fault(s, soap_call___slgw__refreshStorageSystem(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__addTenant r = { 0 };
		struct _slgw__addTenantResponse o;
		r.name = "tenant-sneaky";
		tn_assert_fault(s, soap_call___slgw__addTenant(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__removeTenant r = { 0 };
		struct _slgw__removeTenantResponse o;
		r.tenantId = x->other->tid;
		tn_assert_fault(s, soap_call___slgw__removeTenant(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__enumTenants r = { 0 };
		struct _slgw__enumTenantsResponse o;
		tn_assert_fault(s, soap_call___slgw__enumTenants(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		/* raising its own quota */
		struct _slgw__grantStoragePool r = { 0 };
		struct _slgw__grantStoragePoolResponse o;
		r.tenantId = x->me->tid;
		r.storageSystemId = sys_id;
		r.storagePoolId = x->me->pool;
		r.quotaMB = 1 << 30;
		tn_assert_fault(s, soap_call___slgw__grantStoragePool(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__revokeStoragePool r = { 0 };
		struct _slgw__revokeStoragePoolResponse o;
		r.tenantId = x->other->tid;
		r.storageSystemId = sys_id;
		r.storagePoolId = x->other->pool;
		tn_assert_fault(s, soap_call___slgw__revokeStoragePool(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__enumStoragePoolGrants r = { 0 };
		struct _slgw__enumStoragePoolGrantsResponse o = { 0 };
		int rc;
		r.tenantId = x->other->tid;
		rc = soap_call___slgw__enumStoragePoolGrants(s, EP, NULL, &r, &o);
		/* asking for another tenant's grants: refused or nothing */
		if (rc == SOAP_OK) {
			for (int i = 0; i < o.__sizegrant; i++)
				ck_assert_str_eq(o.grant[i].tenantId, x->me->tid);
		} else {
			struct tn_fault f;
			tn_fault_take(&f, s, rc);
			ck_assert_msg(!strcmp(f.code, "PERMISSION_DENIED") ||
					      !strcmp(f.code, "NOT_FOUND"),
				      "enumStoragePoolGrants(other tenant): %s", f.code);
			n++;
		}
	}
	{
		struct _slgw__addUser r = { 0 };
		struct _slgw__addUserResponse o;
		r.name = "sneaky-admin";
		r.password = "Sneaky-pass-123";
		r.role = slgw__Role__admin;
		tn_assert_fault(s, soap_call___slgw__addUser(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__removeUser r = { 0 };
		struct _slgw__removeUserResponse o;
		r.name = (char *)x->other->user;
		tn_assert_fault(s, soap_call___slgw__removeUser(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__enumUsers r = { 0 };
		struct _slgw__enumUsersResponse o;
		tn_assert_fault(s, soap_call___slgw__enumUsers(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		const char *victims[] = { x->other->user, "admin" };
		for (int i = 0; i < 2; i++) {
			struct _slgw__setUserPassword r = { 0 };
			struct _slgw__setUserPasswordResponse o;
			r.name = (char *)victims[i];
			r.password = "Taken-over-123";
			tn_assert_fault(s, soap_call___slgw__setUserPassword(s, EP, NULL, &r, &o),
					"PERMISSION_DENIED");
			n++;
		}
	}
	{
		struct _slgw__enumAuditRecords r = { 0 };
		struct _slgw__enumAuditRecordsResponse o;
		tn_assert_fault(s, soap_call___slgw__enumAuditRecords(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
		r.tenantId = x->me->tid; /* not even its own slice */
		tn_assert_fault(s, soap_call___slgw__enumAuditRecords(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		/* acting for another tenant */
		struct _slgw__allocateStorage r = { 0 };
		struct _slgw__allocateStorageResponse o;
		r.storageSystemId = sys_id;
		r.storagePoolId = x->other->pool;
		r.name = "for-the-other";
		r.sizeMB = 16;
		r.provisioning = slgw__ProvisioningType__THIN;
		r.tenantId = x->other->tid;
		tn_assert_fault(s, soap_call___slgw__allocateStorage(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	{
		struct _slgw__addHost r = { 0 };
		struct _slgw__addHostResponse o;
		struct slgw__Initiator ini = { "iqn.2006-04.com.example:for-other",
					       slgw__Protocol__iscsi };
		r.name = "for-the-other";
		r.tenantId = x->other->tid;
		r.__sizeinitiator = 1;
		r.initiator = &ini;
		tn_assert_fault(s, soap_call___slgw__addHost(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		n++;
	}
	return n;
}

/* Fails naming the first line that differs (the whole texts go to
 * stderr: Check's messages are short). */
static void assert_unchanged(const char *what, const char *before, const char *after)
{
	const char *b = before, *a = after;
	char lb[256] = "", la[256] = "";
	if (!strcmp(before, after))
		return;
	while (*b && *b == *a) {
		b++;
		a++;
	}
	while (b > before && b[-1] != '\n') {
		b--;
		a--;
	}
	sscanf(b, "%255[^\n]", lb);
	sscanf(a, "%255[^\n]", la);
	fprintf(stderr, "--- %s before\n%s\n--- %s after\n%s\n", what, before, what, after);
	ck_abort_msg("the %s changed: '%s' became '%s'", what, lb, la);
}

START_TEST(isolation_matrix_refuses_and_changes_nothing)
{
	char *arr_before = tn_array_snapshot(&srv, extra_arrays);
	char *store_before = tn_store_snapshot(&srv);
	char *arr_after, *store_after;
	int refused = 0;
	const struct tenant *me[2] = { &ta, &tb }, *them[2] = { &tb, &ta };

	/* the snapshot really shows the world: LUNs, groups, snapshots */
	ck_assert_ptr_nonnull(strstr(arr_before, "LOGICAL UNIT NUMBER"));
	ck_assert_ptr_nonnull(strstr(store_before, "assignment "));
	ck_assert_ptr_nonnull(strstr(store_before, "snapshot "));

	for (int k = 0; k < 2; k++) {
		struct soap *s = as_tenant(me[k]);
		struct aux x = { me[k], them[k] };
		for (int op = 0; op < OP__COUNT; op++)
			if (op != OP_UNASSIGN_VOL && op != OP_UNASSIGN_FROM_HOST && op != OP_REMOVE_HOST && op != OP_DELETE_SNAP)
				refused += probe(s, (enum op)op, &x);
		refused += admin_only_refused(s, &x);
		e2e_client_free(s);
	}
	fprintf(stderr, "isolation matrix: %d refusals asserted (%d operations x 2 tenants)\n",
		refused, OP__COUNT);

	arr_after = tn_array_snapshot(&srv, extra_arrays);
	store_after = tn_store_snapshot(&srv);
	assert_unchanged("array", arr_before, arr_after);
	assert_unchanged("store", store_before, store_after);
	free(arr_before);
	free(arr_after);
	free(store_before);
	free(store_after);
}
END_TEST

static Suite *tenancy_suite(void)
{
	Suite *s = suite_create("e2e-tenancy");
	TCase *m = tcase_create("matrix");

	tcase_add_unchecked_fixture(m, world_up, world_down);
	tcase_set_timeout(m, 600);
	tcase_add_test(m, isolation_matrix_refuses_and_changes_nothing);
	suite_add_tcase(s, m);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tenancy_suite());
	int failed;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
