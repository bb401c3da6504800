/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_tenancy.c - end-to-end proof of delegation (tenants, pool
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
 * admin's enumerations) are snapshotted and must be byte-identical; the
 * only jobs the refused calls may leave are the no-op successes of
 * idempotent deletes (removeHost, deleteSnapshot, unassignStorage), which
 * answer another tenant's object exactly like an id that does not exist.
 *
 * The other tests of the "matrix" case: the tenants' own views (pools with
 * quota / use / left, systems, volumes, hosts, snapshots, assignments,
 * jobs, grants; no audit trail), refusals out of a grant (provisioning
 * type, size, count, frozen) that create nothing, the admin's tenant /
 * grant / user / password lifecycle, and the audit of allowed and refused
 * calls.  The "oracles" case (its own ctest entry) checks that
 * unassignStorage does not tell another tenant's ids from made-up ones and
 * that addHost does not tell another tenant's host names from unused ones.
 * Run one case with its name as the argument.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_check.h"
#include "tn_util.h"
#include "../common/suite_run.h"

#define FAKE "987654"
#define OTHER_SPA "192.0.2.20"
#define OTHER_SPB "192.0.2.21"

struct tenant {
	char name[32], user[32], pw[32];
	char *tid, *pool, *vol, *vol2, *host, *snap, *job;
	char iqn[96];
};

static char *sys_id, *pool1, *pool2, *other_sys, *other_pool;
static struct tenant ta, tb;
static const char *const extra_arrays[] = { OTHER_SPA, NULL };

static struct soap *as_tenant(const struct tenant *t)
{
	return client_as(t->user, t->pw);
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
	e2e_vnx_system_req(&r, "other", OTHER_SPA, OTHER_SPB, "sysadmin", "any-password");
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

/* The daemon's log on stderr (why it did not start). */
static void show_log(void)
{
	char path[300], line[512];
	FILE *f;
	snprintf(path, sizeof path, "%s/slgwd.log", srv.dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		fprintf(stderr, "slgwd.log: %s", line);
	fclose(f);
}

static void world_up(void)
{
	struct soap *adm;
	if (e2e_start(&srv, 0) != 0) {
		show_log();
		ck_abort_msg("slgwd --demo did not start");
	}
	adm = admin();
	tn_demo_pools(adm, EP, &sys_id, &pool1, &pool2);
	add_other_array(adm);
	make_tenant(adm, &ta, "a", pool1);
	make_tenant(adm, &tb, "b", pool2);
	e2e_client_free(adm);
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
	OP_ENUM_VOLS_OF_TENANT, OP_ENUM_HOSTS_OF_TENANT, OP_ENUM_GRANTS_OF_TENANT,
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
	"enumStorageVolumes(tenantId)", "enumHosts(tenantId)", "enumStoragePoolGrants(tenantId)",
};

/* What the prober passes besides the id under test. */
struct aux {
	const struct tenant *me, *other;
};

/* What the last job-returning call answered, without the job's own id
 * (every call makes a new one): compared between the other tenant's
 * object and a made-up id when both succeed (idempotent deletes). */
static char last_job[600];

static void job_summary(const struct slgw__Job *j)
{
	if (!j) {
		snprintf(last_job, sizeof last_job, "(no job)");
		return;
	}
	snprintf(last_job, sizeof last_job,
		 "kind=%s state=%d progress=%d object=%s user=%s tenant=%s error=%s results=%d%d%d%d%d",
		 j->kind, (int)j->state, j->progress, j->objectId ? j->objectId : "-",
		 j->user ? j->user : "-", j->tenantId ? j->tenantId : "-",
		 j->errorMessage ? j->errorMessage : "-", j->storageSystem != NULL,
		 j->storageVolume != NULL, j->host != NULL, j->assignment != NULL,
		 j->snapshot != NULL);
}

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
		struct _slgw__resizeStorageResponse o = { 0 };
		r.volumeId = (char *)id;
		r.sizeMB = 128;
		int rc = soap_call___slgw__resizeStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_DELETE:
	case OP_DELETE_FORCE: {
		struct _slgw__deleteStorage r = { 0 };
		struct _slgw__deleteStorageResponse o = { 0 };
		enum xsd__boolean yes = xsd__boolean__true_;
		r.volumeId = (char *)id;
		r.force = op == OP_DELETE_FORCE ? &yes : NULL;
		int rc = soap_call___slgw__deleteStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_SNAPSHOT: {
		struct _slgw__createSnapshot r = { 0 };
		struct _slgw__createSnapshotResponse o = { 0 };
		r.volumeId = (char *)id;
		r.name = "probe-snap";
		int rc = soap_call___slgw__createSnapshot(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_CLONE_LINKED:
	case OP_CLONE_FULL:
	case OP_CLONE_SNAP: {
		struct _slgw__cloneStorage r = { 0 };
		struct _slgw__cloneStorageResponse o = { 0 };
		if (op == OP_CLONE_SNAP)
			r.sourceSnapshotId = (char *)id;
		else
			r.sourceVolumeId = (char *)id;
		r.name = "probe-clone";
		r.cloneType = op == OP_CLONE_FULL ? slgw__CloneType__full : slgw__CloneType__linked;
		int rc = soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_ASSIGN_VOL:
	case OP_ASSIGN_TO_HOST: {
		struct _slgw__assignStorage r = { 0 };
		struct _slgw__assignStorageResponse o = { 0 };
		r.volumeId = op == OP_ASSIGN_VOL ? (char *)id : x->me->vol2;
		r.hostId = op == OP_ASSIGN_VOL ? x->me->host : (char *)id;
		int rc = soap_call___slgw__assignStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_UNASSIGN_VOL:
	case OP_UNASSIGN_FROM_HOST: {
		struct _slgw__unassignStorage r = { 0 };
		struct _slgw__unassignStorageResponse o = { 0 };
		r.volumeId = op == OP_UNASSIGN_VOL ? (char *)id : x->me->vol;
		r.hostId = op == OP_UNASSIGN_VOL ? x->other->host : (char *)id;
		int rc = soap_call___slgw__unassignStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
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
		struct _slgw__removeHostResponse o = { 0 };
		r.hostId = (char *)id;
		int rc = soap_call___slgw__removeHost(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_MODIFY_HOST: {
		struct _slgw__modifyHost r = { 0 };
		struct _slgw__modifyHostResponse o = { 0 };
		enum slgw__FailoverMode pnr = slgw__FailoverMode__PNR;
		enum xsd__boolean yes = xsd__boolean__true_;
		r.hostId = (char *)id;
		r.failoverMode = &pnr;
		r.hostOffline = &yes;
		int rc = soap_call___slgw__modifyHost(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_ADD_INITIATOR: {
		struct _slgw__addHostInitiator r = { 0 };
		struct _slgw__addHostInitiatorResponse o = { 0 };
		struct slgw__Initiator ini = { "iqn.2006-04.com.example:probe", slgw__Protocol__iscsi };
		r.hostId = (char *)id;
		r.initiator = &ini;
		int rc = soap_call___slgw__addHostInitiator(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_REMOVE_INITIATOR: {
		struct _slgw__removeHostInitiator r = { 0 };
		struct _slgw__removeHostInitiatorResponse o = { 0 };
		r.hostId = (char *)id;
		r.initiatorId = (char *)x->other->iqn;
		int rc = soap_call___slgw__removeHostInitiator(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_DELETE_SNAP: {
		struct _slgw__deleteSnapshot r = { 0 };
		struct _slgw__deleteSnapshotResponse o = { 0 };
		r.snapshotId = (char *)id;
		int rc = soap_call___slgw__deleteSnapshot(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
	}
	case OP_RESTORE_SNAP: {
		struct _slgw__restoreSnapshot r = { 0 };
		struct _slgw__restoreSnapshotResponse o = { 0 };
		enum xsd__boolean yes = xsd__boolean__true_;
		r.snapshotId = (char *)id;
		r.force = &yes;
		int rc = soap_call___slgw__restoreSnapshot(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
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
		struct _slgw__allocateStorageResponse o = { 0 };
		r.storageSystemId = op == OP_ALLOCATE_IN_POOL ? sys_id : (char *)id;
		r.storagePoolId = op == OP_ALLOCATE_IN_POOL ? (char *)id : other_pool;
		r.name = "probe-vol";
		r.sizeMB = 16;
		r.provisioning = slgw__ProvisioningType__THIN;
		int rc = soap_call___slgw__allocateStorage(s, EP, NULL, &r, &o);
		job_summary(rc == SOAP_OK ? o.job : NULL);
		return rc;
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
	case OP_ENUM_VOLS_OF_TENANT: {
		struct _slgw__enumStorageVolumes r = { 0 };
		struct _slgw__enumStorageVolumesResponse o = { 0 };
		int rc;
		r.tenantId = (char *)id;
		rc = soap_call___slgw__enumStorageVolumes(s, EP, NULL, &r, &o);
		*items = o.__sizestorageVolume;
		for (int i = 0; i < o.__sizestorageVolume; i++)
			ck_assert_msg(o.storageVolume[i].tenantId &&
					      !strcmp(o.storageVolume[i].tenantId, x->me->tid),
				      "enumStorageVolumes(tenantId %s) shows volume %s of tenant %s", id,
				      o.storageVolume[i].id, o.storageVolume[i].tenantId);
		return rc;
	}
	case OP_ENUM_HOSTS_OF_TENANT: {
		struct _slgw__enumHosts r = { 0 };
		struct _slgw__enumHostsResponse o = { 0 };
		int rc;
		r.tenantId = (char *)id;
		rc = soap_call___slgw__enumHosts(s, EP, NULL, &r, &o);
		*items = o.__sizehost;
		for (int i = 0; i < o.__sizehost; i++)
			ck_assert_msg(!strcmp(o.host[i].id, x->me->host),
				      "enumHosts(tenantId %s) shows host %s", id, o.host[i].id);
		return rc;
	}
	case OP_ENUM_GRANTS_OF_TENANT: {
		struct _slgw__enumStoragePoolGrants r = { 0 };
		struct _slgw__enumStoragePoolGrantsResponse o = { 0 };
		int rc;
		r.tenantId = (char *)id;
		rc = soap_call___slgw__enumStoragePoolGrants(s, EP, NULL, &r, &o);
		*items = o.__sizegrant;
		for (int i = 0; i < o.__sizegrant; i++)
			ck_assert_msg(!strcmp(o.grant[i].tenantId, x->me->tid),
				      "enumStoragePoolGrants(tenantId %s) shows tenant %s's grant", id,
				      o.grant[i].tenantId);
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
	case OP_ENUM_VOLS_OF_TENANT: case OP_ENUM_HOSTS_OF_TENANT: case OP_ENUM_GRANTS_OF_TENANT:
		return x->other->tid;
	default:
		return x->other->vol; /* the assigned one */
	}
}

/* Masks id in a text (as the fault fields are masked). */
static void mask_text(char *text, size_t len, const char *id)
{
	struct tn_fault f;
	memset(&f, 0, sizeof f);
	tn_copy(f.message, sizeof f.message, text);
	tn_fault_mask(&f, id);
	tn_copy(text, len, f.message);
}

/* Lists filtered by another tenant: a tenant may also be told that it
 * cannot filter by tenant at all (PERMISSION_DENIED), the same for any id. */
static int is_by_tenant(enum op op)
{
	return op == OP_ENUM_VOLS_OF_TENANT || op == OP_ENUM_HOSTS_OF_TENANT ||
	       op == OP_ENUM_GRANTS_OF_TENANT;
}

static int is_enum(enum op op)
{
	return op == OP_ENUM_SNAPS_OF_VOL || op == OP_ENUM_ASSIGN_OF_VOL ||
	       op == OP_ENUM_JOBS_OF_VOL || op == OP_ENUM_ASSIGN_OF_HOST ||
	       op == OP_ENUM_VOLS_IN_POOL || op == OP_ENUM_VOLS_ON_SYS ||
	       op == OP_TARGET_PORTS || op == OP_ENUM_POOLS_OF_SYS || is_by_tenant(op);
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
	if (!is_enum(op) && fr.rc == SOAP_OK) {
		/* Only an idempotent delete may succeed, as a no-op, and then
		 * exactly as for an id that does not exist. */
		char job_real[600];
		ck_assert_msg(op == OP_REMOVE_HOST || op == OP_DELETE_SNAP || op == OP_UNASSIGN_VOL ||
				      op == OP_UNASSIGN_FROM_HOST,
			      "%s as %s on %s's object %s succeeded", op_names[op], x->me->user,
			      x->other->name, real);
		rc = run_op(s, op, real, x, &nr);
		ck_assert_int_eq(rc, SOAP_OK);
		snprintf(job_real, sizeof job_real, "%s", last_job);
		rc = run_op(s, op, FAKE, x, &nf);
		ck_assert_msg(rc == SOAP_OK, "%s: the other's id succeeds, a made-up id %s",
			      op_names[op], tn_msg(s));
		ck_assert_ptr_nonnull(strstr(job_real, " state=2 ")); /* SUCCEEDED */
		mask_text(job_real, sizeof job_real, real);
		mask_text(job_real, sizeof job_real, FAKE);
		mask_text(last_job, sizeof last_job, real);
		mask_text(last_job, sizeof last_job, FAKE);
		ck_assert_msg(!strcmp(job_real, last_job),
			      "%s: the other's object answers '%s', a made-up id '%s'", op_names[op],
			      job_real, last_job);
		return 1;
	}
	if (is_enum(op) && fr.rc == SOAP_OK) {
		/* a tenant filter is overridden by the caller's own tenant: the
		 * caller's own items (checked in run_op), the same for any id */
		ck_assert_msg(nr == 0 || is_by_tenant(op), "%s as %s on %s's %s lists %d items",
			      op_names[op], x->me->user, x->other->name, real, nr);
		ck_assert_msg(ff.rc == SOAP_OK && nf == nr,
			      "%s: the other's id answers %d items, a made-up id %d / %s (%s)",
			      op_names[op], nr, nf, ff.code, ff.message);
		return 0;
	}
	ck_assert_msg(!strcmp(fr.code, "NOT_FOUND") ||
			      (is_by_tenant(op) && !strcmp(fr.code, "PERMISSION_DENIED")),
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
		e2e_vnx_system_req(&r, "sneaky", OTHER_SPA, NULL, "u", "p");
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
		struct _slgw__allocateStorageResponse o = { 0 };
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
	char *jobs_before = tn_jobs_snapshot(&srv);
	char *arr_after, *store_after, *jobs_after;
	int refused = 0;
	const struct tenant *me[2] = { &ta, &tb }, *them[2] = { &tb, &ta };

	/* the snapshot really shows the world: LUNs, groups, snapshots */
	ck_assert_ptr_nonnull(strstr(arr_before, "LOGICAL UNIT NUMBER"));
	ck_assert_ptr_nonnull(strstr(store_before, "assignment "));
	ck_assert_ptr_nonnull(strstr(store_before, "snapshot "));

	for (int k = 0; k < 2; k++) {
		struct soap *s = as_tenant(me[k]);
		struct aux x = { me[k], them[k] };
		/* unassignStorage has its own test below */
		for (int op = 0; op < OP__COUNT; op++)
			if (op != OP_UNASSIGN_VOL && op != OP_UNASSIGN_FROM_HOST)
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
	/* The only jobs the refused calls left are the no-op successes of
	 * idempotent deletes on what the caller cannot see. */
	jobs_after = tn_jobs_snapshot(&srv);
	for (char *line = jobs_after; line && *line;) {
		char *nl = strchr(line, '\n'), one[512];
		snprintf(one, sizeof one, "%.*s", nl ? (int)(nl - line) : (int)strlen(line), line);
		if (!strstr(jobs_before, one))
			ck_assert_msg((strstr(one, " host.remove ") || strstr(one, " snapshot.delete ") ||
				       strstr(one, " assignment.unassign ")) &&
					      strstr(one, " state=2 ") &&
					      (strstr(one, " user=user-a ") || strstr(one, " user=user-b ")),
				      "a refused call left job: %s", one);
		line = nl ? nl + 1 : NULL;
	}
	free(jobs_before);
	free(jobs_after);
	free(arr_before);
	free(arr_after);
	free(store_before);
	free(store_after);
}
END_TEST

/* unassignStorage must not tell another tenant's volume or host from a
 * made-up id either.  CSI wants unpublishing from a volume or node that
 * does not exist to succeed, so "as if it did not exist" means another
 * tenant's object must get that same success (a no-op): answering
 * NOT_FOUND only for existing objects is an oracle for their ids. */
START_TEST(unassign_does_not_reveal_existence)
{
	char *arr_before = tn_array_snapshot(&srv, extra_arrays);
	const struct tenant *me[2] = { &ta, &tb }, *them[2] = { &tb, &ta };
	char *arr_after;

	for (int k = 0; k < 2; k++) {
		struct soap *s = as_tenant(me[k]);
		struct aux x = { me[k], them[k] };
		enum op ops[2] = { OP_UNASSIGN_VOL, OP_UNASSIGN_FROM_HOST };
		for (int i = 0; i < 2; i++)
			probe(s, ops[i], &x);
		e2e_client_free(s);
	}
	/* whatever the answer, nothing was unmapped */
	arr_after = tn_array_snapshot(&srv, extra_arrays);
	assert_unchanged("array", arr_before, arr_after);
	free(arr_before);
	free(arr_after);
}
END_TEST

/* ------------------------------------------------------------ views */

START_TEST(tenant_views_show_only_its_own)
{
	const struct tenant *me[2] = { &ta, &tb }, *them[2] = { &tb, &ta };

	for (int k = 0; k < 2; k++) {
		const struct tenant *t = me[k], *o = them[k];
		struct soap *s = as_tenant(t);
		int lim = 1000;
		{
			struct _slgw__getServiceInfo r = { 0 };
			struct _slgw__getServiceInfoResponse a;
			ck_assert_int_eq(soap_call___slgw__getServiceInfo(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.role, slgw__Role__tenant);
			ck_assert_str_eq(a.tenantId, t->tid);
		}
		{
			/* only the granted pool, with quota, use and what is left */
			struct _slgw__enumStoragePools r = { .limit = &lim };
			struct _slgw__enumStoragePoolsResponse a;
			struct slgw__StoragePool *p;
			ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.__sizestoragePool, 1);
			p = &a.storagePool[0];
			ck_assert_str_eq(p->id, t->pool);
			ck_assert_ptr_nonnull(p->quotaMB);
			ck_assert_ptr_nonnull(p->usedMB);
			ck_assert_ptr_nonnull(p->leftMB);
			ck_assert_int_eq(*p->quotaMB, 4096);
			/* two 64 MB volumes, thin and thick, count at their
			 * provisioned size (the snapshot: as the array charges it,
			 * nothing up front for a VNX snapshot) */
			ck_assert_int_eq(*p->usedMB, 128);
			ck_assert_int_eq(*p->leftMB, *p->quotaMB - *p->usedMB);
			ck_assert_ptr_nonnull(p->maxVolumes);
			ck_assert_int_eq(*p->maxVolumes, 20);
			ck_assert_ptr_nonnull(p->volumeCount);
			ck_assert_int_eq(*p->volumeCount, 2);
			ck_assert(!p->frozen || *p->frozen == xsd__boolean__false_);
		}
		{
			/* the demo array (granted), not the other one */
			struct _slgw__enumStorageSystems r = { .limit = &lim };
			struct _slgw__enumStorageSystemsResponse a;
			ck_assert_int_eq(soap_call___slgw__enumStorageSystems(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.__sizestorageSystem, 1);
			ck_assert_str_eq(a.storageSystem[0].id, sys_id);
		}
		{
			struct _slgw__enumStorageVolumes r = { .limit = &lim };
			struct _slgw__enumStorageVolumesResponse a;
			int seen = 0;
			ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(s, EP, NULL, &r, &a), SOAP_OK);
			for (int i = 0; i < a.__sizestorageVolume; i++) {
				struct slgw__StorageVolume *v = &a.storageVolume[i];
				ck_assert_msg(!v->tenantId || !strcmp(v->tenantId, t->tid),
					      "%s sees volume %s of tenant %s", t->user, v->id, v->tenantId);
				ck_assert_str_ne(v->id, o->vol);
				ck_assert_str_ne(v->id, o->vol2);
				seen += !strcmp(v->id, t->vol) + !strcmp(v->id, t->vol2);
			}
			ck_assert_int_eq(a.__sizestorageVolume, 2);
			ck_assert_int_eq(seen, 2);
		}
		{
			struct _slgw__enumHosts r = { .limit = &lim };
			struct _slgw__enumHostsResponse a;
			ck_assert_int_eq(soap_call___slgw__enumHosts(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.__sizehost, 1);
			ck_assert_str_eq(a.host[0].id, t->host);
		}
		{
			struct _slgw__enumSnapshots r = { .limit = &lim };
			struct _slgw__enumSnapshotsResponse a;
			ck_assert_int_eq(soap_call___slgw__enumSnapshots(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.__sizesnapshot, 1);
			ck_assert_str_eq(a.snapshot[0].id, t->snap);
		}
		{
			struct _slgw__enumAssignments r = { .limit = &lim };
			struct _slgw__enumAssignmentsResponse a;
			ck_assert_int_eq(soap_call___slgw__enumAssignments(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_eq(a.__sizeassignment, 1);
			ck_assert_str_eq(a.assignment[0].volumeId, t->vol);
			ck_assert_str_eq(a.assignment[0].hostId, t->host);
		}
		{
			/* its jobs only: its allocate is there, the other's is not */
			struct _slgw__enumJobs r = { .limit = &lim };
			struct _slgw__enumJobsResponse a;
			int mine = 0;
			ck_assert_int_eq(soap_call___slgw__enumJobs(s, EP, NULL, &r, &a), SOAP_OK);
			ck_assert_int_gt(a.__sizejob, 0);
			for (int i = 0; i < a.__sizejob; i++) {
				ck_assert_msg(a.job[i].tenantId && !strcmp(a.job[i].tenantId, t->tid),
					      "%s sees job %s of tenant %s", t->user, a.job[i].id,
					      a.job[i].tenantId ? a.job[i].tenantId : "(none)");
				ck_assert_str_ne(a.job[i].id, o->job);
				mine += !strcmp(a.job[i].id, t->job);
			}
			ck_assert_int_eq(mine, 1);
		}
		{
			struct _slgw__enumStoragePoolGrants r = { .limit = &lim };
			struct _slgw__enumStoragePoolGrantsResponse a;
			ck_assert_int_eq(soap_call___slgw__enumStoragePoolGrants(s, EP, NULL, &r, &a),
					 SOAP_OK);
			ck_assert_int_eq(a.__sizegrant, 1);
			ck_assert_str_eq(a.grant[0].tenantId, t->tid);
			ck_assert_str_eq(a.grant[0].storagePoolId, t->pool);
		}
		{
			/* the audit trail is the admin's: refused, even filtered to itself */
			struct _slgw__enumAuditRecords r = { 0 };
			struct _slgw__enumAuditRecordsResponse a;
			r.tenantId = t->tid;
			r.user = (char *)t->user;
			tn_assert_fault(s, soap_call___slgw__enumAuditRecords(s, EP, NULL, &r, &a),
					"PERMISSION_DENIED");
		}
		e2e_client_free(s);
	}
}
END_TEST

/* Volume and snapshot names are per tenant: a tenant using another
 * tenant's names gets its own objects, so those names cannot be probed. */
START_TEST(names_are_per_tenant)
{
	struct soap *s = as_tenant(&ta);
	char *v, *sn;

	v = tn_allocate(s, EP, sys_id, ta.pool, "vol-b", 32, 0, NULL);
	ck_assert_str_ne(v, tb.vol);
	sn = tn_snapshot(s, EP, v, "snap-b");
	ck_assert_str_ne(sn, tb.snap);
	free(v);
	free(sn);
	e2e_client_free(s);
}
END_TEST

/* An initiator is a physical identity: a host can be in one storage group
 * only, so a tenant cannot take another tenant's IQN.  The refusal must
 * not name the other tenant's host (name or id) nor its tenant. */
START_TEST(taken_initiator_is_refused_without_naming_its_owner)
{
	struct soap *s = as_tenant(&ta);
	struct _slgw__addHost r = { 0 };
	struct _slgw__addHostResponse o = { 0 };
	struct slgw__Initiator ini = { tb.iqn, slgw__Protocol__iscsi };
	char *arr0 = tn_array_snapshot(&srv, extra_arrays), *arr1;
	struct tn_fault f;
	int rc;

	r.name = "host-a-steal";
	r.hostAddress = "198.51.100.23";
	r.__sizeinitiator = 1;
	r.initiator = &ini;
	rc = soap_call___slgw__addHost(s, EP, NULL, &r, &o);
	if (rc == SOAP_OK) {
		ck_assert_ptr_nonnull(o.job);
		ck_assert_msg(o.job->state == slgw__JobState__FAILED,
			      "tenant-a registered tenant-b's initiator %s", tb.iqn);
		snprintf(f.message, sizeof f.message, "%s",
			 o.job->errorMessage ? o.job->errorMessage : "");
	} else {
		tn_fault_take(&f, s, rc);
		ck_assert_msg(strcmp(f.code, "INTERNAL") && strcmp(f.code, "OK"), "code %s", f.code);
	}
	fprintf(stderr, "addHost with another tenant's initiator: %s\n", f.message);
	ck_assert_msg(!strstr(f.message, "host-b") && !strstr(f.message, tb.name),
		      "the refusal names the owner: %s", f.message);
	arr1 = tn_array_snapshot(&srv, extra_arrays);
	assert_unchanged("array", arr0, arr1);
	free(arr0);
	free(arr1);
	e2e_client_free(s);
}
END_TEST

/* Host names: adding a host named like another tenant's must answer as
 * for a name nobody uses (a new host of the caller), and the two hosts
 * must not share a storage group on the array. */
START_TEST(host_names_do_not_reveal_existence)
{
	struct soap *s = as_tenant(&ta);
	struct _slgw__addHost r = { 0 };
	struct _slgw__addHostResponse o = { 0 };
	struct slgw__Initiator ini = { "iqn.2006-04.com.example:xen-a-second",
				       slgw__Protocol__iscsi };
	char *fresh;
	int rc;

	/* a name nobody uses: a new host */
	fresh = tn_add_host(s, EP, "host-nobody-uses", "iqn.2006-04.com.example:xen-a-third",
			    "198.51.100.22");
	r.name = "host-b";
	r.hostAddress = "198.51.100.21";
	r.__sizeinitiator = 1;
	r.initiator = &ini;
	rc = soap_call___slgw__addHost(s, EP, NULL, &r, &o);
	ck_assert_msg(rc == SOAP_OK && o.job && o.job->state == slgw__JobState__SUCCEEDED &&
			      o.job->host,
		      "addHost named like tenant-b's host: %s (a name nobody uses: a new host)",
		      rc == SOAP_OK ? "job did not succeed" : tn_msg(s));
	ck_assert_str_ne(o.job->host->id, tb.host);
	{
		struct soap *b = as_tenant(&tb);
		struct _slgw__getHost qb = { tb.host };
		struct _slgw__getHostResponse ob;
		struct _slgw__getHost qa = { o.job->host->id };
		struct _slgw__getHostResponse oa;
		ck_assert_int_eq(soap_call___slgw__getHost(b, EP, NULL, &qb, &ob), SOAP_OK);
		ck_assert_int_eq(soap_call___slgw__getHost(s, EP, NULL, &qa, &oa), SOAP_OK);
		for (int i = 0; i < oa.host->__sizearray; i++)
			for (int k = 0; k < ob.host->__sizearray; k++)
				ck_assert_str_ne(oa.host->array[i].storageGroup,
						 ob.host->array[k].storageGroup);
		e2e_client_free(b);
	}
	free(fresh);
	e2e_client_free(s);
}
END_TEST

/* --------------------------------------------------- grants and limits */

static int try_allocate(struct soap *s, const char *pool, const char *name, long long mb,
			int thick)
{
	struct _slgw__allocateStorage r = { 0 };
	struct _slgw__allocateStorageResponse o;
	soap_end(s);
	r.storageSystemId = sys_id;
	r.storagePoolId = (char *)pool;
	r.name = (char *)name;
	r.sizeMB = mb;
	r.provisioning = thick ? slgw__ProvisioningType__THICK : slgw__ProvisioningType__THIN;
	return soap_call___slgw__allocateStorage(s, EP, NULL, &r, &o);
}

static void assert_msg_has(struct soap *s, const char *a, const char *b)
{
	const char *m = tn_msg(s);
	ck_assert_msg(strstr(m, a) && (!b || strstr(m, b)), "message '%s' lacks '%s' / '%s'", m, a,
		      b ? b : "");
}

START_TEST(out_of_grant_is_refused_and_creates_nothing)
{
	struct soap *adm = admin(), *s;
	struct tenant tc = { 0 };
	char *arr0, *store0, *arr1, *store1, *c1, *c2, *c3;
	int rc;

	snprintf(tc.user, sizeof tc.user, "user-c");
	snprintf(tc.pw, sizeof tc.pw, "pw-c-Secret-42");
	tc.tid = tn_add_tenant(adm, EP, "tenant-c");
	tn_add_user(adm, EP, tc.user, tc.pw, tc.tid);
	/* 1000 MB, at most 3 volumes, THIN only */
	tn_grant(adm, EP, tc.tid, sys_id, pool1, 1000, 3, 1);
	s = as_tenant(&tc);

	arr0 = tn_array_snapshot(&srv, extra_arrays);
	store0 = tn_store_snapshot(&srv);
	/* provisioning type not allowed by the grant */
	rc = try_allocate(s, pool1, "c-thick", 10, 1);
	tn_assert_fault(s, rc, "PERMISSION_DENIED");
	assert_msg_has(s, "THICK", NULL);
	/* quota by size: the numbers in the message */
	rc = try_allocate(s, pool1, "c-big", 2000, 0);
	tn_assert_fault(s, rc, "RESOURCE_EXHAUSTED");
	assert_msg_has(s, "2000", "1000");
	/* a pool of the same array that is not granted */
	rc = try_allocate(s, pool2, "c-elsewhere", 10, 0);
	tn_assert_fault(s, rc, "NOT_FOUND");
	arr1 = tn_array_snapshot(&srv, extra_arrays);
	store1 = tn_store_snapshot(&srv);
	assert_unchanged("array", arr0, arr1);
	assert_unchanged("store", store0, store1);
	free(arr0); free(store0); free(arr1); free(store1);

	/* a clone by size: its source's 600 MB on top of 600 MB used */
	{
		char *big = tn_allocate(s, EP, sys_id, pool1, "c-big-source", 600, 0, NULL);
		struct _slgw__cloneStorage r = { 0 };
		struct _slgw__cloneStorageResponse o;
		struct _slgw__deleteStorage d = { 0 };
		struct _slgw__deleteStorageResponse od;
		arr0 = tn_array_snapshot(&srv, extra_arrays);
		store0 = tn_store_snapshot(&srv);
		r.sourceVolumeId = big;
		r.name = "c-big-clone";
		r.cloneType = slgw__CloneType__full;
		tn_assert_fault(s, soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o),
				"RESOURCE_EXHAUSTED");
		assert_msg_has(s, "600 MB", "quota 1000 MB");
		r.cloneType = slgw__CloneType__linked;
		tn_assert_fault(s, soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o),
				"RESOURCE_EXHAUSTED");
		arr1 = tn_array_snapshot(&srv, extra_arrays);
		store1 = tn_store_snapshot(&srv);
		assert_unchanged("array", arr0, arr1);
		assert_unchanged("store", store0, store1);
		free(arr0); free(store0); free(arr1); free(store1);
		d.volumeId = big;
		ck_assert_int_eq(soap_call___slgw__deleteStorage(s, EP, NULL, &d, &od), SOAP_OK);
		ck_assert_int_eq(od.job->state, slgw__JobState__SUCCEEDED);
		free(big);
	}

	c1 = tn_allocate(s, EP, sys_id, pool1, "c-1", 100, 0, NULL);
	c2 = tn_allocate(s, EP, sys_id, pool1, "c-2", 100, 0, NULL);
	c3 = tn_allocate(s, EP, sys_id, pool1, "c-3", 100, 0, NULL);

	arr0 = tn_array_snapshot(&srv, extra_arrays);
	store0 = tn_store_snapshot(&srv);
	/* quota by count */
	rc = try_allocate(s, pool1, "c-4", 100, 0);
	tn_assert_fault(s, rc, "RESOURCE_EXHAUSTED");
	assert_msg_has(s, "3 volumes", "max 3");
	/* growing past the size quota: 300 used + 850 more > 1000 */
	{
		struct _slgw__resizeStorage r = { 0 };
		struct _slgw__resizeStorageResponse o;
		r.volumeId = c1;
		r.sizeMB = 950;
		tn_assert_fault(s, soap_call___slgw__resizeStorage(s, EP, NULL, &r, &o),
				"RESOURCE_EXHAUSTED");
		assert_msg_has(s, "quota 1000 MB", NULL);
	}
	/* a full clone is a fourth volume */
	{
		struct _slgw__cloneStorage r = { 0 };
		struct _slgw__cloneStorageResponse o;
		int rc2;
		r.sourceVolumeId = c2;
		r.name = "c-clone";
		r.cloneType = slgw__CloneType__full;
		/* refused up front, before any job, with allocate's code and
		 * the numbers, creating nothing */
		rc2 = soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o);
		tn_assert_fault(s, rc2, "RESOURCE_EXHAUSTED");
		assert_msg_has(s, "3 volumes", "max 3");
		/* a linked clone counts as a volume too */
		r.name = "c-linked-clone";
		r.cloneType = slgw__CloneType__linked;
		rc2 = soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o);
		tn_assert_fault(s, rc2, "RESOURCE_EXHAUSTED");
		assert_msg_has(s, "max 3", NULL);
	}
	arr1 = tn_array_snapshot(&srv, extra_arrays);
	store1 = tn_store_snapshot(&srv);
	assert_unchanged("array", arr0, arr1);
	assert_unchanged("store", store0, store1);
	free(arr0); free(store0); free(arr1); free(store1);

	/* frozen: existing volumes stay, nothing new */
	{
		struct _slgw__revokeStoragePool r = { 0 };
		struct _slgw__revokeStoragePoolResponse o = { 0 };
		enum xsd__boolean yes = xsd__boolean__true_;
		r.tenantId = tc.tid;
		r.storageSystemId = sys_id;
		r.storagePoolId = pool1;
		/* a real revoke is refused while volumes exist there */
		tn_assert_fault(adm, soap_call___slgw__revokeStoragePool(adm, EP, NULL, &r, &o),
				"FAILED_PRECONDITION");
		r.freezeOnly = &yes;
		ck_assert_msg(soap_call___slgw__revokeStoragePool(adm, EP, NULL, &r, &o) == SOAP_OK,
			      "freeze: %s", tn_msg(adm));
		ck_assert_ptr_nonnull(o.grant);
		ck_assert_ptr_nonnull(o.grant->frozen);
		ck_assert_int_eq(*o.grant->frozen, xsd__boolean__true_);
	}
	/* make room by count so that only the freeze can refuse */
	{
		struct _slgw__deleteStorage r = { 0 };
		struct _slgw__deleteStorageResponse o;
		r.volumeId = c3;
		ck_assert_int_eq(soap_call___slgw__deleteStorage(s, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_eq(o.job->state, slgw__JobState__SUCCEEDED);
	}
	arr0 = tn_array_snapshot(&srv, extra_arrays);
	store0 = tn_store_snapshot(&srv);
	rc = try_allocate(s, pool1, "c-frozen", 10, 0);
	tn_assert_fault(s, rc, "PERMISSION_DENIED");
	assert_msg_has(s, "frozen", NULL);
	/* a clone is a new allocation too: refused up front with the code
	 * allocate gives for a frozen grant */
	{
		struct _slgw__cloneStorage r = { 0 };
		struct _slgw__cloneStorageResponse o;
		r.sourceVolumeId = c1;
		r.name = "c-frozen-clone";
		r.cloneType = slgw__CloneType__full;
		tn_assert_fault(s, soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		assert_msg_has(s, "frozen", NULL);
		r.cloneType = slgw__CloneType__linked;
		tn_assert_fault(s, soap_call___slgw__cloneStorage(s, EP, NULL, &r, &o),
				"PERMISSION_DENIED");
		assert_msg_has(s, "frozen", NULL);
	}
	{
		struct _slgw__getStorageVolume r = { c1 };
		struct _slgw__getStorageVolumeResponse o;
		ck_assert_int_eq(soap_call___slgw__getStorageVolume(s, EP, NULL, &r, &o), SOAP_OK);
	}
	{
		struct _slgw__enumStoragePools r = { 0 };
		struct _slgw__enumStoragePoolsResponse o;
		ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_eq(o.__sizestoragePool, 1);
		ck_assert_ptr_nonnull(o.storagePool[0].frozen);
		ck_assert_int_eq(*o.storagePool[0].frozen, xsd__boolean__true_);
		ck_assert_int_eq(*o.storagePool[0].usedMB, 200);
		ck_assert_int_eq(*o.storagePool[0].leftMB, 800);
		ck_assert_int_eq(*o.storagePool[0].volumeCount, 2);
	}
	arr1 = tn_array_snapshot(&srv, extra_arrays);
	store1 = tn_store_snapshot(&srv);
	assert_unchanged("array", arr0, arr1);
	assert_unchanged("store", store0, store1);
	free(arr0); free(store0); free(arr1); free(store1);
	free(c1); free(c2); free(c3); free(tc.tid);
	e2e_client_free(s);
	e2e_client_free(adm);
}
END_TEST

/* ------------------------------------------------- admin operations */

static int tenant_listed(struct soap *adm, const char *tid)
{
	struct _slgw__enumTenants r = { 0 };
	struct _slgw__enumTenantsResponse o;
	int lim = 1000, n = 0;
	r.limit = &lim;
	ck_assert_int_eq(soap_call___slgw__enumTenants(adm, EP, NULL, &r, &o), SOAP_OK);
	for (int i = 0; i < o.__sizetenant; i++)
		n += !strcmp(o.tenant[i].id, tid);
	return n;
}

static int whoami(const char *user, const char *pw)
{
	struct soap *s = e2e_client(&srv, user, pw);
	struct _slgw__getServiceInfo r = { 0 };
	struct _slgw__getServiceInfoResponse o;
	int rc;
	ck_assert_ptr_nonnull(s);
	rc = soap_call___slgw__getServiceInfo(s, EP, NULL, &r, &o);
	if (rc != SOAP_OK)
		tn_assert_fault(s, rc, "UNAUTHENTICATED");
	e2e_client_free(s);
	return rc;
}

START_TEST(admin_manages_tenants_grants_and_users)
{
	struct soap *adm = admin(), *s;
	struct tenant td = { 0 };
	char *vol, *host;
	int lim = 1000;

	snprintf(td.user, sizeof td.user, "user-d");
	snprintf(td.pw, sizeof td.pw, "pw-d-Secret-42");
	td.tid = tn_add_tenant(adm, EP, "tenant-d");
	ck_assert_int_eq(tenant_listed(adm, td.tid), 1);
	tn_add_user(adm, EP, td.user, td.pw, td.tid);
	{
		/* a tenant user needs its tenant */
		struct _slgw__addUser r = { 0 };
		struct _slgw__addUserResponse o;
		r.name = "user-orphan";
		r.password = "pw-orphan-Secret-42";
		r.role = slgw__Role__tenant;
		tn_assert_fault(adm, soap_call___slgw__addUser(adm, EP, NULL, &r, &o),
				"INVALID_ARGUMENT");
	}
	{
		struct _slgw__enumUsers r = { 0 };
		struct _slgw__enumUsersResponse o;
		r.tenantId = td.tid;
		r.limit = &lim;
		ck_assert_int_eq(soap_call___slgw__enumUsers(adm, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_eq(o.__sizeuser, 1);
		ck_assert_str_eq(o.user[0].name, td.user);
		ck_assert_int_eq(o.user[0].role, slgw__Role__tenant);
		ck_assert_str_eq(o.user[0].tenantId, td.tid);
	}
	/* grant, then grant again: the quota is updated */
	tn_grant(adm, EP, td.tid, sys_id, pool2, 500, 0, 0);
	tn_grant(adm, EP, td.tid, sys_id, pool2, 800, 5, 0);
	{
		struct _slgw__enumStoragePoolGrants r = { 0 };
		struct _slgw__enumStoragePoolGrantsResponse o;
		r.tenantId = td.tid;
		ck_assert_int_eq(soap_call___slgw__enumStoragePoolGrants(adm, EP, NULL, &r, &o),
				 SOAP_OK);
		ck_assert_int_eq(o.__sizegrant, 1);
		ck_assert_int_eq(o.grant[0].quotaMB, 800);
		ck_assert_int_eq(*o.grant[0].maxVolumes, 5);
	}

	s = as_tenant(&td);
	vol = tn_allocate(s, EP, sys_id, pool2, "d-1", 50, 0, NULL);
	host = tn_add_host(s, EP, "host-d", "iqn.2006-04.com.example:xen-d", "198.51.100.14");
	{
		struct _slgw__removeTenant r = { 0 };
		struct _slgw__removeTenantResponse o;
		r.tenantId = td.tid;
		tn_assert_fault(adm, soap_call___slgw__removeTenant(adm, EP, NULL, &r, &o),
				"FAILED_PRECONDITION");
	}
	{
		struct _slgw__revokeStoragePool r = { 0 };
		struct _slgw__revokeStoragePoolResponse o;
		r.tenantId = td.tid;
		r.storageSystemId = sys_id;
		r.storagePoolId = pool2;
		tn_assert_fault(adm, soap_call___slgw__revokeStoragePool(adm, EP, NULL, &r, &o),
				"FAILED_PRECONDITION");
		{
			struct _slgw__deleteStorage d = { 0 };
			struct _slgw__deleteStorageResponse dr;
			d.volumeId = vol;
			ck_assert_int_eq(soap_call___slgw__deleteStorage(s, EP, NULL, &d, &dr), SOAP_OK);
			ck_assert_int_eq(dr.job->state, slgw__JobState__SUCCEEDED);
		}
		ck_assert_msg(soap_call___slgw__revokeStoragePool(adm, EP, NULL, &r, &o) == SOAP_OK,
			      "revoke: %s", tn_msg(adm));
	}
	{
		struct _slgw__enumStoragePoolGrants r = { 0 };
		struct _slgw__enumStoragePoolGrantsResponse o;
		r.tenantId = td.tid;
		ck_assert_int_eq(soap_call___slgw__enumStoragePoolGrants(adm, EP, NULL, &r, &o),
				 SOAP_OK);
		ck_assert_int_eq(o.__sizegrant, 0);
	}
	/* still owns a host: refused */
	{
		struct _slgw__removeTenant r = { 0 };
		struct _slgw__removeTenantResponse o;
		r.tenantId = td.tid;
		tn_assert_fault(adm, soap_call___slgw__removeTenant(adm, EP, NULL, &r, &o),
				"FAILED_PRECONDITION");
	}
	{
		struct _slgw__removeHost r = { 0 };
		struct _slgw__removeHostResponse o;
		r.hostId = host;
		ck_assert_int_eq(soap_call___slgw__removeHost(s, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_eq(o.job->state, slgw__JobState__SUCCEEDED);
	}
	e2e_client_free(s);

	/* passwords: the admin sets one, the user its own */
	{
		struct _slgw__setUserPassword r = { 0 };
		struct _slgw__setUserPasswordResponse o;
		r.name = td.user;
		r.password = "pw-d-Second-42";
		ck_assert_int_eq(soap_call___slgw__setUserPassword(adm, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_ne(whoami(td.user, td.pw), SOAP_OK);
		ck_assert_int_eq(whoami(td.user, "pw-d-Second-42"), SOAP_OK);
	}
	{
		struct tenant self = td;
		struct _slgw__setUserPassword r = { 0 };
		struct _slgw__setUserPasswordResponse o;
		snprintf(self.pw, sizeof self.pw, "pw-d-Second-42");
		s = as_tenant(&self);
		r.name = td.user;
		r.password = "pw-d-Third-42";
		ck_assert_int_eq(soap_call___slgw__setUserPassword(s, EP, NULL, &r, &o), SOAP_OK);
		e2e_client_free(s);
		ck_assert_int_ne(whoami(td.user, "pw-d-Second-42"), SOAP_OK);
		ck_assert_int_eq(whoami(td.user, "pw-d-Third-42"), SOAP_OK);
	}
	/* removing the user, then the tenant that owns nothing any more */
	{
		struct _slgw__removeUser r = { 0 };
		struct _slgw__removeUserResponse o;
		struct _slgw__enumUsers u = { 0 };
		struct _slgw__enumUsersResponse uo;
		r.name = td.user;
		ck_assert_int_eq(soap_call___slgw__removeUser(adm, EP, NULL, &r, &o), SOAP_OK);
		ck_assert_int_ne(whoami(td.user, "pw-d-Third-42"), SOAP_OK);
		u.tenantId = td.tid;
		ck_assert_int_eq(soap_call___slgw__enumUsers(adm, EP, NULL, &u, &uo), SOAP_OK);
		ck_assert_int_eq(uo.__sizeuser, 0);
	}
	{
		struct _slgw__removeTenant r = { 0 };
		struct _slgw__removeTenantResponse o;
		r.tenantId = td.tid;
		ck_assert_msg(soap_call___slgw__removeTenant(adm, EP, NULL, &r, &o) == SOAP_OK,
			      "removeTenant: %s", tn_msg(adm));
		ck_assert_int_eq(tenant_listed(adm, td.tid), 0);
		tn_assert_fault(adm, soap_call___slgw__removeTenant(adm, EP, NULL, &r, &o),
				"NOT_FOUND");
	}
	free(vol);
	free(host);
	free(td.tid);
	e2e_client_free(adm);
}
END_TEST

/* ------------------------------------------------------------- audit */

/* AuditRecord.tenantId is the tenant's id (the trail keeps the name;
 * slgwd looks the id up while the tenant exists). */
static int is_tenant(const char *v, const struct tenant *t)
{
	return v && !strcmp(v, t->tid);
}

static const struct slgw__AuditRecord *find_record(const struct _slgw__enumAuditRecordsResponse *o,
						   const char *op, const char *outcome)
{
	for (int i = 0; i < o->__sizeauditRecord; i++)
		if (!strcmp(o->auditRecord[i].operation, op) &&
		    !strcmp(o->auditRecord[i].outcome, outcome))
			return &o->auditRecord[i];
	return NULL;
}

START_TEST(every_call_is_audited_and_the_trail_is_read_only)
{
	struct soap *adm = admin(), *s = as_tenant(&ta);
	struct _slgw__enumAuditRecords q = { 0 };
	struct _slgw__enumAuditRecordsResponse o;
	const struct slgw__AuditRecord *rec;
	char obj[64], *vol;
	int lim = 1000, rc;

	/* allowed and refused calls of user-a */
	vol = tn_allocate(s, EP, sys_id, ta.pool, "audited-vol", 16, 0, NULL);
	{
		struct _slgw__getStorageVolume r = { tb.vol };
		struct _slgw__getStorageVolumeResponse x;
		tn_assert_fault(s, soap_call___slgw__getStorageVolume(s, EP, NULL, &r, &x),
				"NOT_FOUND");
	}
	{
		struct _slgw__enumUsers r = { 0 };
		struct _slgw__enumUsersResponse x;
		tn_assert_fault(s, soap_call___slgw__enumUsers(s, EP, NULL, &r, &x),
				"PERMISSION_DENIED");
	}
	rc = try_allocate(s, ta.pool, "audited-big", 1 << 20, 0);
	tn_assert_fault(s, rc, "RESOURCE_EXHAUSTED");

	q.user = ta.user;
	q.limit = &lim;
	/* Refused calls are committed to the trail before their answer goes
	 * out, so all three are there the moment the client has the faults. */
	soap_end(adm);
	ck_assert_int_eq(soap_call___slgw__enumAuditRecords(adm, EP, NULL, &q, &o), SOAP_OK);
	ck_assert_msg(find_record(&o, "getStorageVolume", "NOT_FOUND"),
		      "the refused getStorageVolume is not in the trail");
	ck_assert_msg(find_record(&o, "enumUsers", "PERMISSION_DENIED"),
		      "the refused enumUsers is not in the trail");
	ck_assert_msg(find_record(&o, "allocateStorage", "RESOURCE_EXHAUSTED"),
		      "the refused allocateStorage is not in the trail");
	ck_assert_int_gt(o.__sizeauditRecord, 4);
	for (int i = 0; i < o.__sizeauditRecord; i++) {
		ck_assert_str_eq(o.auditRecord[i].user, ta.user);
		ck_assert_ptr_nonnull(o.auditRecord[i].tenantId);
		ck_assert_msg(is_tenant(o.auditRecord[i].tenantId, &ta),
			      "record %s names tenant '%s'", o.auditRecord[i].id,
			      o.auditRecord[i].tenantId);
	}
	/* an allocate names the volume it asks for (its id does not exist yet) */
	snprintf(obj, sizeof obj, "volume/%s", "audited-vol");
	rec = find_record(&o, "allocateStorage", "OK");
	ck_assert_msg(rec != NULL, "no OK allocateStorage record");
	{
		/* the record of this allocate names its volume */
		int named = 0;
		for (int i = 0; i < o.__sizeauditRecord; i++)
			named += !strcmp(o.auditRecord[i].operation, "allocateStorage") &&
				 !strcmp(o.auditRecord[i].outcome, "OK") && o.auditRecord[i].objectId &&
				 !strcmp(o.auditRecord[i].objectId, obj);
		ck_assert_msg(named >= 1, "no allocateStorage record with object %s", obj);
	}
	snprintf(obj, sizeof obj, "volume/%s", tb.vol);
	rec = find_record(&o, "getStorageVolume", "NOT_FOUND");
	ck_assert_ptr_nonnull(rec);
	ck_assert_ptr_nonnull(rec->objectId);
	ck_assert_str_eq(rec->objectId, obj);
	rec = find_record(&o, "enumUsers", "PERMISSION_DENIED");
	ck_assert_ptr_nonnull(rec);
	rec = find_record(&o, "allocateStorage", "RESOURCE_EXHAUSTED");
	ck_assert_ptr_nonnull(rec);
	ck_assert_ptr_nonnull(rec->message);

	/* filters: operation, tenant, time */
	{
		struct _slgw__enumAuditRecords f = { 0 };
		struct _slgw__enumAuditRecordsResponse fo;
		time_t later = time(NULL) + 3600;
		f.operation = "enumUsers";
		f.tenantId = ta.tid;
		f.limit = &lim;
		ck_assert_int_eq(soap_call___slgw__enumAuditRecords(adm, EP, NULL, &f, &fo), SOAP_OK);
		ck_assert_int_ge(fo.__sizeauditRecord, 1);
		for (int i = 0; i < fo.__sizeauditRecord; i++) {
			ck_assert_str_eq(fo.auditRecord[i].operation, "enumUsers");
			ck_assert(is_tenant(fo.auditRecord[i].tenantId, &ta));
		}
		f.operation = NULL;
		f.since = &later;
		ck_assert_int_eq(soap_call___slgw__enumAuditRecords(adm, EP, NULL, &f, &fo), SOAP_OK);
		ck_assert_int_eq(fo.__sizeauditRecord, 0);
	}
	/* user-b's records do not show user-a's calls, and user-b cannot read any */
	{
		struct _slgw__enumAuditRecords f = { 0 };
		struct _slgw__enumAuditRecordsResponse fo;
		struct soap *b = as_tenant(&tb);
		f.user = tb.user;
		f.limit = &lim;
		ck_assert_int_eq(soap_call___slgw__enumAuditRecords(adm, EP, NULL, &f, &fo), SOAP_OK);
		for (int i = 0; i < fo.__sizeauditRecord; i++)
			ck_assert_str_eq(fo.auditRecord[i].user, tb.user);
		f.user = ta.user;
		tn_assert_fault(b, soap_call___slgw__enumAuditRecords(b, EP, NULL, &f, &fo),
				"PERMISSION_DENIED");
		e2e_client_free(b);
	}
	/* the API has no operation that writes the trail: enumAuditRecords is
	 * the only operation of the contract that names it */
	{
		char *wsdl = e2e_get(&srv, "/?wsdl");
		int ops = 0;
		ck_assert_ptr_nonnull(wsdl);
		for (const char *p = wsdl; (p = strstr(p, "<operation name=\"")); p++) {
			char name[80] = "";
			sscanf(p + 17, "%79[^\"]", name);
			if (strstr(name, "Audit") || strstr(name, "audit"))
				ck_assert_str_eq(name, "enumAuditRecords");
			ops++;
		}
		ck_assert_int_gt(ops, 30);
		free(wsdl);
	}
	free(vol);
	e2e_client_free(s);
	e2e_client_free(adm);
}
END_TEST

static Suite *tenancy_suite(void)
{
	Suite *s = suite_create("e2e-tenancy");

	SUITE_CASE_ONCE(s, "matrix", world_up, down, 600,
		isolation_matrix_refuses_and_changes_nothing, tenant_views_show_only_its_own,
		names_are_per_tenant, taken_initiator_is_refused_without_naming_its_owner,
		out_of_grant_is_refused_and_creates_nothing, admin_manages_tenants_grants_and_users,
		every_call_is_audited_and_the_trail_is_read_only);

	/* Their own case (and ctest entry): existence oracles found by this
	 * proof that need changes beyond a focused fix (see the report). */
	SUITE_CASE_ONCE(s, "oracles", world_up, down, 300, unassign_does_not_reveal_existence,
		host_names_do_not_reveal_existence);
	return s;
}

/* argv[1] names the test case to run ("matrix" or "oracles"); none: all. */
int main(int argc, char **argv)
{
	return suite_run_case(tenancy_suite(), argc > 1 ? argv[1] : NULL);
}
