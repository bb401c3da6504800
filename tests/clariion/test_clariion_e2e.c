/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_clariion_e2e.c - the whole VDI lifecycle on CLARiiON arrays that
 * have RAID groups only, through the real slgwd over SOAP/TLS.
 *
 * Design: slgwd --demo runs on navisim (tests/gateway/e2e_harness.c); each
 * case creates one more simulated array of a given model with navisim's
 * admin verb (its generation decides what it can do: a CX3-40 on FLARE 26
 * has ALUA, a CX700 has not, neither has pools, thin LUNs or VNX
 * Snapshots), adds it as a storage system, grants one of its RAID groups
 * to the demo tenant, and walks a volume through allocate, assign,
 * snapshot (SnapView), linked clone, grow, restore, unassign and delete
 * as the tenant.  What the gateway answers is held against what the array
 * holds: the array is read with `navisim --admin show` (its whole state as
 * JSON), and at the end no object carrying a gateway name ("slgw-...") may
 * be left anywhere in it, and the RAID group has its free space back.
 *
 * A step the array's generation cannot do may be refused, but only with a
 * message that names what is missing (the enabler, the generation or the
 * RAID-group rule); anything else fails the test.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "soapH.h"
#include "e2e_check.h"
#include "ea_soap.h"
#include "ea_util.h"
#include "../common/suite_run.h"

static void setup(void)
{
	ck_assert_int_eq(e2e_start(&srv, 0), 0);
}

static void teardown(void)
{
	e2e_stop(&srv);
	e2e_cleanup(&srv);
}

static void must(struct soap *s, int rc, const struct slgw__Job *j, const char *what)
{
	ck_assert_msg(ea_ok(rc, j), "%s: %s", what, ea_why(s, rc, j));
}

/* A refusal (fault or failed job) whose message contains one of the
 * words of `any` ("|"-separated, case-insensitive). */
static void refused_naming(struct soap *s, int rc, const struct slgw__Job *j, const char *any,
			   const char *what)
{
	const char *code = ea_refusal(s, rc, j), *why = ea_why(s, rc, j);
	char words[256], *save = NULL;
	int named = 0;

	ck_assert_msg(code != NULL, "%s: succeeded, expected a refusal", what);
	ck_assert_msg(strcmp(code, "INTERNAL") && strcmp(code, "TRANSPORT"),
		      "%s: %s is not a refusal: %s", what, code, why);
	snprintf(words, sizeof words, "%s", any);
	for (char *w = strtok_r(words, "|", &save); w; w = strtok_r(NULL, "|", &save))
		named |= strcasestr(why, w) != NULL;
	ck_assert_msg(named, "%s: refused (%s) without naming %s: %s", what, code, any, why);
}

static json_t *array_state(const char *name)
{
	const char *args[] = { "--admin", "show", "--name", name, NULL };
	char *out = NULL;
	json_error_t e;
	ck_assert_int_eq(ea_navisim_out(&out, &srv, args), 0);
	ck_assert_ptr_nonnull(out);
	json_t *st = json_loads(out, 0, &e);
	ck_assert_msg(st != NULL, "navisim --admin show %s: %s", name, e.text);
	free(out);
	return st;
}

/* Counts the strings in j that start with the gateway's prefix "slgw-"
 * (an array object it named), wherever the simulator keeps them. */
static int gateway_names(json_t *j, char *first, size_t len)
{
	int n = 0;
	if (json_is_string(j)) {
		const char *s = json_string_value(j);
		if (strncmp(s, "slgw-", 5) == 0) {
			if (first && !first[0])
				snprintf(first, len, "%s", s);
			return 1;
		}
		return 0;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			n += gateway_names(v, first, len);
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
			n += gateway_names(v, first, len);
	}
	return n;
}

/* 1 when the array holds a string equal to `name` anywhere. */
static int holds(json_t *j, const char *name)
{
	if (json_is_string(j))
		return strcmp(json_string_value(j), name) == 0;
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			if (holds(v, name))
				return 1;
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
			if (holds(v, name))
				return 1;
	}
	return 0;
}

static int array_holds(const char *array, const char *name)
{
	json_t *st = array_state(array);
	int h = holds(st, name);
	json_decref(st);
	return h;
}

static int has_capability(const struct slgw__StorageSystem *s, const char *cap)
{
	for (int i = 0; i < s->__sizecapability; i++)
		if (strcmp(s->capability[i], cap) == 0)
			return 1;
	return 0;
}

/* What one case expects of its array. */
struct model {
	const char *array, *model, *revision, *spa, *spb;
	enum slgw__FailoverMode mode;  /* what an AUTO host gets there */
	int alua;
};

struct rg_pool {
	char sys[32], pool[32];
	long long free_mb;
};

/* A naviseccli command on the array m (created without credentials, so
 * any are accepted), as its storage administrator would type it. */
static void array_cmd(const struct model *m, const char *const *cmd)
{
	const char *argv[32] = { "-h", m->spa, "-user", "admin", "-password", "whatever" };
	int n = 6;
	for (int i = 0; cmd[i] && n < 31; i++)
		argv[n++] = cmd[i];
	argv[n] = NULL;
	char *out = NULL;
	int rc = ea_navisim_out(&out, &srv, argv);
	ck_assert_msg(rc == 0, "%s %s on %s: exit %d: %s", cmd[0], cmd[1], m->array, rc,
		      out ? out : "");
	free(out);
}

/* SnapView keeps its copy-on-first-write data in the reserved LUN pool,
 * which the storage administrator fills: two LUNs bound in RAID group 1
 * (the gateway gets RAID group 0, the roomier one then). */
static void reserved_lun_pool(const struct model *m)
{
	const char *b0[] = { "bind", "r5", "4000", "-rg", "1", "-cap", "2048", "-sq", "mb", NULL };
	const char *b1[] = { "bind", "r5", "4001", "-rg", "1", "-cap", "2048", "-sq", "mb", NULL };
	const char *add[] = { "reserved", "-lunpool", "-addlun", "4000", "4001", NULL };
	array_cmd(m, b0);
	array_cmd(m, b1);
	array_cmd(m, add);
}

/* Creates the array, adds it (empty groups destroyed), checks what the
 * API says of it, and grants its roomiest RAID group to the demo tenant. */
static void add_array(struct rg_pool *out, struct soap *a, const struct model *m)
{
	const char *mk[] = { "--admin", "create-array", "--name", m->array, "--spa", m->spa,
			     "--spb", m->spb, "--model", m->model, "--revision", m->revision,
			     "--iscsi-ports", "1", NULL };
	struct _slgw__addStorageSystem add = { 0 };
	struct _slgw__addStorageSystemResponse addr = { 0 };
	enum xsd__boolean yes = xsd__boolean__true_;
	int wait = EA_WAIT_MS, rc;

	ck_assert_msg(e2e_navisim(&srv, mk) == 0, "navisim cannot create a %s on %s", m->model,
		      m->revision);
	reserved_lun_pool(m);
	add.adapter = "vnx";
	add.name = (char *)m->array;
	add.spA = (char *)m->spa;
	add.spB = (char *)m->spb;
	add.username = "admin";
	add.password = "whatever";
	add.destroyEmptyStorageGroups = &yes;
	add.waitMs = &wait;
	rc = soap_call___slgw__addStorageSystem(a, EP, NULL, &add, &addr);
	must(a, rc, rc == SOAP_OK ? addr.job : NULL, "addStorageSystem");
	snprintf(out->sys, sizeof out->sys, "%s", addr.job->storageSystem ?
		 addr.job->storageSystem->id : "");
	if (!out->sys[0]) {
		char *sys, *pool;
		ck_assert_int_eq(ea_pool_of(&sys, &pool, a, EP, m->array), 0);
		snprintf(out->sys, sizeof out->sys, "%s", sys);
	}

	/* capabilities, computed from discovery */
	struct _slgw__getStorageSystem gq = { .storageSystemId = out->sys };
	struct _slgw__getStorageSystemResponse gr = { 0 };
	ck_assert_int_eq(soap_call___slgw__getStorageSystem(a, EP, NULL, &gq, &gr), SOAP_OK);
	const struct slgw__StorageSystem *s = gr.storageSystem;
	ck_assert_msg(has_capability(s, "RAID_GROUPS"), "%s lacks RAID_GROUPS", m->model);
	ck_assert_msg(has_capability(s, "SNAPVIEW"), "%s lacks SNAPVIEW", m->model);
	ck_assert_msg(has_capability(s, "METALUN"), "%s lacks METALUN", m->model);
	ck_assert_msg(!has_capability(s, "POOLS"), "%s claims POOLS", m->model);
	ck_assert_msg(!has_capability(s, "THIN_LUNS"), "%s claims THIN_LUNS", m->model);
	ck_assert_msg(!has_capability(s, "VNX_SNAPSHOTS"), "%s claims VNX_SNAPSHOTS", m->model);
	ck_assert_int_eq(has_capability(s, "ALUA"), m->alua);

	/* every pool of it is a RAID group, with its type and free figures */
	struct _slgw__enumStoragePools pq = { .storageSystemId = out->sys };
	struct _slgw__enumStoragePoolsResponse pr = { 0 };
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(a, EP, NULL, &pq, &pr), SOAP_OK);
	ck_assert_int_ge(pr.__sizestoragePool, 1);
	long long best = -1;
	for (int i = 0; i < pr.__sizestoragePool; i++) {
		const struct slgw__StoragePool *p = &pr.storagePool[i];
		ck_assert_ptr_nonnull(p->kind);
		ck_assert_int_eq(*p->kind, slgw__PoolKind__RAID_USCOREGROUP);
		ck_assert_ptr_nonnull(p->raidType);
		ck_assert_ptr_nonnull(p->largestContiguousFreeMB);
		ck_assert_int_le(*p->largestContiguousFreeMB, p->freeMB);
		ck_assert_int_le(p->freeMB, p->sizeMB);
		/* a RAID group offers THICK only */
		for (int k = 0; k < p->__sizeprovisioningType; k++)
			ck_assert_int_eq(p->provisioningType[k], slgw__ProvisioningType__THICK);
		if (*p->largestContiguousFreeMB > best) {
			best = *p->largestContiguousFreeMB;
			snprintf(out->pool, sizeof out->pool, "%s", p->id);
			out->free_mb = p->freeMB;
		}
	}
	ck_assert_int_ge(best, 4096);

	/* granted like any pool: quota and provisioning types */
	struct _slgw__enumTenants tq = { 0 };
	struct _slgw__enumTenantsResponse tr = { 0 };
	ck_assert_int_eq(soap_call___slgw__enumTenants(a, EP, NULL, &tq, &tr), SOAP_OK);
	ck_assert_int_ge(tr.__sizetenant, 1);
	struct slgw__StoragePoolGrant *g;
	ck_assert_msg(ea_grant(&g, a, EP, tr.tenant[0].id, out->sys, out->pool, 8192, 0, 0) == SOAP_OK,
		      "grantStoragePool: %s", ea_why(a, a->error, NULL));
	soap_end(a);
}

static long long pool_free(struct soap *a, const struct rg_pool *p)
{
	struct _slgw__refreshStorageSystem rq = { .storageSystemId = (char *)p->sys };
	struct _slgw__refreshStorageSystemResponse rr = { 0 };
	int wait = EA_WAIT_MS;
	rq.waitMs = &wait;
	int rc = soap_call___slgw__refreshStorageSystem(a, EP, NULL, &rq, &rr);
	must(a, rc, rc == SOAP_OK ? rr.job : NULL, "refreshStorageSystem");
	struct _slgw__enumStoragePools pq = { .storageSystemId = (char *)p->sys };
	struct _slgw__enumStoragePoolsResponse pr = { 0 };
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(a, EP, NULL, &pq, &pr), SOAP_OK);
	for (int i = 0; i < pr.__sizestoragePool; i++)
		if (strcmp(pr.storagePool[i].id, p->pool) == 0)
			return pr.storagePool[i].freeMB;
	ck_abort_msg("pool %s is gone", p->pool);
	return -1;
}

static int resize(struct slgw__Job **job, struct soap *s, const char *vol, long long mb)
{
	struct _slgw__resizeStorage req = { 0 };
	struct _slgw__resizeStorageResponse resp = { 0 };
	int wait = EA_WAIT_MS, rc;
	req.volumeId = (char *)vol;
	req.sizeMB = mb;
	req.waitMs = &wait;
	rc = soap_call___slgw__resizeStorage(s, EP, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

static int snap_call(struct slgw__Job **job, struct soap *s, const char *snap, int restore)
{
	int wait = EA_WAIT_MS, rc;
	*job = NULL;
	if (restore) {
		struct _slgw__restoreSnapshot req = { .snapshotId = (char *)snap, .waitMs = &wait };
		struct _slgw__restoreSnapshotResponse resp = { 0 };
		rc = soap_call___slgw__restoreSnapshot(s, EP, NULL, &req, &resp);
		if (rc == SOAP_OK)
			*job = resp.job;
	} else {
		struct _slgw__deleteSnapshot req = { .snapshotId = (char *)snap, .waitMs = &wait };
		struct _slgw__deleteSnapshotResponse resp = { 0 };
		rc = soap_call___slgw__deleteSnapshot(s, EP, NULL, &req, &resp);
		if (rc == SOAP_OK)
			*job = resp.job;
	}
	return rc;
}

static void lifecycle(const struct model *m)
{
	struct soap *a = admin(), *t = tenant();
	struct rg_pool p;
	struct slgw__Job *j = NULL;
	char gold[32], gold_lun[96], host[32], snap[32], snap_name[96], clone[32] = "";
	const char *iqn0 = "iqn.2026-01.com.example:cx-h1-nic0";
	const char *iqn1 = "iqn.2026-01.com.example:cx-h1-nic1";
	const char *inits[] = { iqn0, iqn1, NULL };
	int rc;

	memset(&p, 0, sizeof p);
	add_array(&p, a, m);

	/* THIN on a RAID group: refused before anything reaches the array */
	long before = ea_log_count(&srv, m->array);
	rc = ea_allocate(&j, t, EP, p.sys, p.pool, "cx-thin", 1024, slgw__ProvisioningType__THIN);
	refused_naming(t, rc, j, "RAID group", "THIN on a RAID group");
	ck_assert_str_eq(ea_refusal(t, rc, j), "INVALID_ARGUMENT");
	ck_assert_int_eq(ea_log_count(&srv, m->array), before);
	/* the grant's quota holds on a RAID group as on a pool */
	rc = ea_allocate(&j, t, EP, p.sys, p.pool, "cx-huge", 9000, slgw__ProvisioningType__THICK);
	ck_assert_str_eq(ea_refusal(t, rc, j) ? ea_refusal(t, rc, j) : "ok", "RESOURCE_EXHAUSTED");

	/* allocate: a FLARE LUN bound in the RAID group under our name */
	rc = ea_allocate(&j, t, EP, p.sys, p.pool, "cx-gold", 2048, slgw__ProvisioningType__THICK);
	must(t, rc, j, "allocate THICK on a RAID group");
	ck_assert_ptr_nonnull(j->storageVolume->arrayLunId);
	ck_assert_int_ge(*j->storageVolume->arrayLunId, 0);
	snprintf(gold, sizeof gold, "%s", j->storageVolume->id);
	snprintf(gold_lun, sizeof gold_lun, "%s", j->storageVolume->arrayName);
	ck_assert(array_holds(m->array, gold_lun));

	/* assign: the failover mode the generation allows */
	rc = ea_add_host(&j, t, EP, "cx-h1", NULL, inits, "10.1.9.1", NULL);
	must(t, rc, j, "addHost");
	snprintf(host, sizeof host, "%s", j->host->id);
	rc = ea_assign(&j, t, EP, gold, host);
	must(t, rc, j, "assign");
	ck_assert_ptr_nonnull(j->assignment->failoverMode);
	ck_assert_int_eq(*j->assignment->failoverMode, m->mode);
	ck_assert_int_ge(j->assignment->hlu, 1);

	/* snapshot: a SnapView session of the LUN */
	rc = ea_snapshot(&j, t, EP, gold, "cx-gold-s1");
	must(t, rc, j, "createSnapshot through SnapView");
	snprintf(snap, sizeof snap, "%s", j->snapshot->id);
	snprintf(snap_name, sizeof snap_name, "%s", j->snapshot->arrayName);
	ck_assert(array_holds(m->array, snap_name));

	/* a full clone needs VNX Snapshots: refused, naming what is missing */
	rc = ea_clone(&j, t, EP, gold, NULL, "cx-full", slgw__CloneType__full, EA_WAIT_MS);
	refused_naming(t, rc, j, "VNXSnapshots|VNX Snapshots", "full clone");
	ck_assert_str_eq(ea_refusal(t, rc, j), "NOT_SUPPORTED");

	/* linked clone: a SnapView snapshot activated on that session (both
	 * generations have SnapView), presented to the host by name */
	rc = ea_clone(&j, t, EP, NULL, snap, "cx-desk-1", slgw__CloneType__linked, EA_WAIT_MS);
	must(t, rc, j, "linked clone through SnapView");
	snprintf(clone, sizeof clone, "%s", j->storageVolume->id);
	ck_assert(array_holds(m->array, j->storageVolume->arrayName));
	rc = ea_assign(&j, t, EP, clone, host);
	must(t, rc, j, "assign the linked clone");
	ck_assert_int_eq(*j->assignment->failoverMode, m->mode);
	ck_assert_int_ne(j->assignment->hlu, 0);
	/* a SnapView clone has no LUN of its own to snapshot */
	rc = ea_snapshot(&j, t, EP, clone, "cx-desk-s");
	refused_naming(t, rc, j, "SnapView", "snapshot of a SnapView clone");
	ck_assert_str_eq(ea_refusal(t, rc, j), "NOT_SUPPORTED");
	/* a linked clone does not grow; the message says why */
	rc = resize(&j, t, clone, 4096);
	refused_naming(t, rc, j, "linked clone", "growing a linked clone");

	/* grow: a metaLUN (every generation has them), same name and number */
	rc = resize(&j, t, gold, 4096);
	must(t, rc, j, "grow a RAID-group LUN as a metaLUN");
	{
		struct _slgw__getStorageVolume gq = { .volumeId = gold };
		struct _slgw__getStorageVolumeResponse gr = { 0 };
		ck_assert_int_eq(soap_call___slgw__getStorageVolume(t, EP, NULL, &gq, &gr), SOAP_OK);
		ck_assert_int_eq(gr.storageVolume->sizeMB, 4096);
		ck_assert_str_eq(gr.storageVolume->arrayName, gold_lun);
		ck_assert(array_holds(m->array, gold_lun));
	}

	/* unassign both, the clone goes, the volume is rolled back */
	if (clone[0]) {
		rc = ea_unassign(&j, t, EP, clone, host);
		must(t, rc, j, "unassign the clone");
		rc = ea_delete(&j, t, EP, clone, 0);
		must(t, rc, j, "delete the clone");
	}
	rc = ea_unassign(&j, t, EP, gold, host);
	must(t, rc, j, "unassign");
	rc = snap_call(&j, t, snap, 1);
	must(t, rc, j, "restoreSnapshot (SnapView rollback)");
	rc = snap_call(&j, t, snap, 0);
	must(t, rc, j, "deleteSnapshot");
	ck_assert(!array_holds(m->array, snap_name));
	rc = ea_delete(&j, t, EP, gold, 0);
	must(t, rc, j, "delete (unbind)");
	rc = ea_remove_host(&j, t, EP, host);
	must(t, rc, j, "removeHost");

	/* nothing of the gateway's is left on the array, and the RAID group
	 * has its space back */
	json_t *st = array_state(m->array);
	char first[160] = "";
	int left = gateway_names(st, first, sizeof first);
	json_decref(st);
	ck_assert_msg(left == 0, "%d gateway object(s) left on %s, e.g. %s", left, m->array, first);
	ck_assert_int_eq(pool_free(a, &p), p.free_mb);
	e2e_client_free(t);
	e2e_client_free(a);
}

START_TEST(cx3_40_flare26)
{
	static const struct model m = {
		.array = "cx3", .model = "CX3-40", .revision = "03.26.040.5.011",
		.spa = "192.0.2.70", .spb = "192.0.2.71",
		.mode = slgw__FailoverMode__ALUA, .alua = 1,
	};
	lifecycle(&m);
}
END_TEST

START_TEST(cx700_flare26)
{
	static const struct model m = {
		.array = "cx700", .model = "CX700", .revision = "02.26.700.5.011",
		.spa = "192.0.2.72", .spb = "192.0.2.73",
		.mode = slgw__FailoverMode__PNR, .alua = 0,
	};
	lifecycle(&m);
}
END_TEST

/* Forced deletes on a RAID-group array: a linked clone still presented
 * to a host (taken from the group by its name, then removed), and a volume
 * with a SnapView snapshot (the session stopped before the unbind, which
 * the array refuses while SnapView uses the LUN). */
START_TEST(cx3_forced_deletes)
{
	static const struct model m = {
		.array = "cx3f", .model = "CX3-20", .revision = "03.26.020.5.011",
		.spa = "192.0.2.74", .spb = "192.0.2.75",
		.mode = slgw__FailoverMode__ALUA, .alua = 1,
	};
	struct soap *a = admin(), *t = tenant();
	struct rg_pool p;
	struct slgw__Job *j = NULL;
	const char *inits[] = { "iqn.2026-01.com.example:cx-f1", NULL };
	char gold[32], host[32], snap[32], clone[32];
	int rc;

	memset(&p, 0, sizeof p);
	add_array(&p, a, &m);
	rc = ea_allocate(&j, t, EP, p.sys, p.pool, "f-gold", 1024, slgw__ProvisioningType__THICK);
	must(t, rc, j, "allocate");
	snprintf(gold, sizeof gold, "%s", j->storageVolume->id);
	rc = ea_add_host(&j, t, EP, "cx-f1", NULL, inits, "10.1.9.5", NULL);
	must(t, rc, j, "addHost");
	snprintf(host, sizeof host, "%s", j->host->id);
	rc = ea_snapshot(&j, t, EP, gold, "f-s1");
	must(t, rc, j, "createSnapshot");
	snprintf(snap, sizeof snap, "%s", j->snapshot->id);
	rc = ea_clone(&j, t, EP, NULL, snap, "f-desk", slgw__CloneType__linked, EA_WAIT_MS);
	must(t, rc, j, "linked clone");
	snprintf(clone, sizeof clone, "%s", j->storageVolume->id);
	rc = ea_assign(&j, t, EP, clone, host);
	must(t, rc, j, "assign the clone");
	rc = ea_assign(&j, t, EP, gold, host);
	must(t, rc, j, "assign the volume");

	/* the clone's snapshot backs it: the volume cannot go before it */
	rc = ea_delete(&j, t, EP, gold, 1);
	refused_naming(t, rc, j, "linked clone", "forced delete under a linked clone");
	rc = ea_delete(&j, t, EP, clone, 1);
	must(t, rc, j, "forced delete of an assigned linked clone");
	rc = ea_delete(&j, t, EP, gold, 1);
	must(t, rc, j, "forced delete of an assigned volume with a SnapView snapshot");
	rc = ea_remove_host(&j, t, EP, host);
	must(t, rc, j, "removeHost");

	json_t *st = array_state(m.array);
	char first[160] = "";
	int left = gateway_names(st, first, sizeof first);
	json_decref(st);
	ck_assert_msg(left == 0, "%d gateway object(s) left on %s, e.g. %s", left, m.array, first);
	ck_assert_int_eq(pool_free(a, &p), p.free_mb);
	e2e_client_free(t);
	e2e_client_free(a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("clariion_e2e");
	const struct {
		const char *name;
		const TTest *t;
	} cases[] = { { "cx3_40_flare26", cx3_40_flare26 },
		      { "cx700_flare26", cx700_flare26 },
		      { "cx3_forced_deletes", cx3_forced_deletes } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		SUITE_CASE(s, cases[i].name, setup, teardown, 600, cases[i].t);
	}
	return suite_run(s);
}
