/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_e2e_access.c - end-to-end proof of host access, snapshots and
 * clones over SOAP against the real slgwd --demo on navisim.
 *
 * Design: every check is made twice, once through the API and once on the
 * array itself: navisim is run as naviseccli in the demo's NAVISIM_HOME
 * (`storagegroup -list -gname`, `port -list -hba`, `lun -list -all`) and
 * its text parsed with the project's vnxparse parsers (ea_util.c).  After
 * each injected fault the two views are compared (store_matches_array):
 * the HLU/ALU pairs of the host's storage group must be exactly the
 * assignments enumAssignments reports, and the group exists exactly when
 * the host record shows a registration on the array.
 *
 * Each TCase has its own slgwd (unchecked fixture, started in the parent
 * before Check forks each test), own temp dir and ephemeral port, so ctest
 * -j is fine; tests of one case share the demo array and use their own
 * host and volume names.  Hosts are added by the demo tenant (one
 * XenServer pool), volumes allocated by it on its granted pool.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "soapH.h"
#include "ea_check.h"
#include "../common/suite_run.h"

static void navisim_ok(const char *const *args)
{
	ck_assert_msg(e2e_navisim(&srv, args) == 0, "navisim --admin %s failed", args[1]);
}

/* A host of the tenant; returns its id (soap memory). */
static char *host_add(struct soap *s, const char *name, const char *const *inits,
		      enum slgw__FailoverMode *fm)
{
	return ea_must_add_host(s, name, inits, "10.1.2.3", fm);
}

static struct slgw__Assignment *assign(struct soap *s, const char *vol, const char *host)
{
	struct slgw__Job *j;
	int rc = ea_assign(&j, s, EP, vol, host);
	must(s, rc, j, "assignStorage");
	ck_assert_ptr_nonnull(j->assignment);
	return j->assignment;
}

static void unassign(struct soap *s, const char *vol, const char *host)
{
	struct slgw__Job *j;
	int rc = ea_unassign(&j, s, EP, vol, host);
	must(s, rc, j, "unassignStorage");
}

static struct _slgw__enumAssignmentsResponse assignments_of(struct soap *s, const char *host)
{
	struct _slgw__enumAssignments req = { 0 };
	struct _slgw__enumAssignmentsResponse resp = { 0 };
	int limit = 1000;
	req.hostId = (char *)host;
	req.limit = &limit;
	ck_assert_int_eq(soap_call___slgw__enumAssignments(s, EP, NULL, &req, &resp), SOAP_OK);
	ck_assert_ptr_null(resp.nextPageToken);
	return resp;
}

static struct slgw__Host *host_get(struct soap *s, const char *host)
{
	struct _slgw__getHost req = { 0 };
	struct _slgw__getHostResponse resp = { 0 };
	req.hostId = (char *)host;
	ck_assert_int_eq(soap_call___slgw__getHost(s, EP, NULL, &req, &resp), SOAP_OK);
	return resp.host;
}

/*
 * The API's view of host `host` (named `name`) and the array's agree:
 * every assignment the API lists is mapped in the storage group at its HLU
 * to its LUN, the group maps nothing else, and the group exists exactly
 * when the host record shows a registration.  Returns the number of
 * assignments.
 */
static int store_matches_array(struct soap *s, const char *host, const char *name)
{
	struct _slgw__enumAssignmentsResponse as = assignments_of(s, host);
	struct slgw__Host *h = host_get(s, host);
	vnx_storage_group *g = NULL;
	int rc = ea_sg_get(&g, &srv, RSP, name);

	ck_assert_msg(rc == 0 || rc == 1, "cannot read storage group %s", name);
	ck_assert_msg((rc == 0) == (h->__sizearray > 0),
		      "host %s: the API shows %d registration(s), the array %s a group", name,
		      h->__sizearray, rc == 0 ? "has" : "has no");
	if (rc == 1) {
		ck_assert_msg(as.__sizeassignment == 0,
			      "host %s: %d assignment(s) but no storage group on the array", name,
			      as.__sizeassignment);
		return 0;
	}
	ck_assert_msg(g->hlu_count == (size_t)as.__sizeassignment,
		      "host %s: array maps %zu LUN(s), the API lists %d assignment(s)", name,
		      g->hlu_count, as.__sizeassignment);
	for (int i = 0; i < as.__sizeassignment; i++) {
		const struct slgw__Assignment *a = &as.assignment[i];
		ck_assert_ptr_nonnull(a->arrayLunId);
		/* Each listed assignment carries the failover mode in force:
		 * the host's registration on that array. */
		ck_assert_msg(a->failoverMode != NULL,
			      "host %s: the assignment at HLU %d lists no failover mode", name, a->hlu);
		for (int k = 0; k < h->__sizearray; k++)
			if (!strcmp(h->array[k].storageSystemId, a->storageSystemId))
				ck_assert_int_eq(*a->failoverMode, h->array[k].failoverMode);
		ck_assert_msg(ea_sg_alu_at(g, a->hlu) == *a->arrayLunId,
			      "host %s: HLU %d is LUN %d in the API, %d on the array", name, a->hlu,
			      *a->arrayLunId, ea_sg_alu_at(g, a->hlu));
	}
	vnx_storage_group_array_free(g, 1);
	return as.__sizeassignment;
}

/* Every registration of uid on the array is outside any storage group
 * (or there is none). */
static void not_in_any_group(const char *uid)
{
	vnx_hba *hb = NULL;
	size_t n = 0;
	ck_assert_int_eq(ea_hbas(&hb, &n, &srv, RSP), 0);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; !strcasecmp(hb[i].uid, uid) && k < hb[i].port_count; k++)
			ck_assert_msg(!hb[i].ports[k].storage_group ||
					      !strcmp(hb[i].ports[k].storage_group, "None"),
				      "%s still in group %s", uid, hb[i].ports[k].storage_group);
	vnx_hba_array_free(hb, n);
}

/* ------------------------------------------------------------ hosts */

START_TEST(bad_initiators_and_names_are_refused_before_the_array)
{
	struct soap *t = tenant();
	const char *bad_iqn[] = { "iqn.bad", NULL };
	const char *bad_wwpn[] = { "12:34:56", NULL };
	const char *bad_hex[] = { "10:00:00:00:c9:zz:bb:01", NULL };
	const char *good[] = { "iqn.2026-01.com.example:ok", NULL };
	struct slgw__Job *j;
	long before = ea_log_count(&srv, EA_DEMO_ARRAY);
	int rc;

	rc = ea_add_host(&j, t, EP, "h-bad-1", NULL, bad_iqn, "10.1.2.3", NULL);
	refused(t, rc, j, "INVALID_ARGUMENT");
	rc = ea_add_host(&j, t, EP, "h-bad-2", NULL, bad_wwpn, "10.1.2.3", NULL);
	refused(t, rc, j, "INVALID_ARGUMENT");
	rc = ea_add_host(&j, t, EP, "h-bad-3", NULL, bad_hex, "10.1.2.3", NULL);
	refused(t, rc, j, "INVALID_ARGUMENT");
	/* a host name that cannot be a storage group name */
	rc = ea_add_host(&j, t, EP, "~management", NULL, good, "10.1.2.3", NULL);
	refused(t, rc, j, "INVALID_ARGUMENT");
	rc = ea_add_host(&j, t, EP, "bad host name", NULL, good, "10.1.2.3", NULL);
	refused(t, rc, j, "INVALID_ARGUMENT");
	/* nothing reached the array */
	ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY), before);
	{
		struct _slgw__enumHosts req = { 0 };
		struct _slgw__enumHostsResponse resp = { 0 };
		ck_assert_int_eq(soap_call___slgw__enumHosts(t, EP, NULL, &req, &resp), SOAP_OK);
		for (int i = 0; i < resp.__sizehost; i++)
			ck_assert(strncmp(resp.host[i].name, "h-bad-", 6));
	}
	/* a bad initiator added later is refused too */
	{
		char *hid = host_add(t, "h-bad-later", good, NULL);
		struct _slgw__addHostInitiator req = { 0 };
		struct _slgw__addHostInitiatorResponse resp = { 0 };
		struct slgw__Initiator ini = { "iqn.x", slgw__Protocol__iscsi };
		req.hostId = hid;
		req.initiator = &ini;
		rc = soap_call___slgw__addHostInitiator(t, EP, NULL, &req, &resp);
		refused(t, rc, rc == SOAP_OK ? resp.job : NULL, "INVALID_ARGUMENT");
		ini.id = "ZZ:00:00:00:00:00:00:01";
		ini.protocol = slgw__Protocol__fc;
		rc = soap_call___slgw__addHostInitiator(t, EP, NULL, &req, &resp);
		refused(t, rc, rc == SOAP_OK ? resp.job : NULL, "INVALID_ARGUMENT");
	}
	e2e_client_free(t);
}
END_TEST

/* The fabric logs FC WWPN `wwpn` in on FC port 0 of both SPs (navisim
 * --admin fc-login, as a zoned switch would): the array then lists it
 * logged in and unregistered, in no storage group. */
static void fc_login(const char *wwpn)
{
	for (int sp = 0; sp < 2; sp++) {
		const char *args[] = { "--admin", "fc-login", "--name", EA_DEMO_ARRAY, "--sp",
				       sp ? "B" : "A", "--port", "0", "--wwpn", wwpn, NULL };
		navisim_ok(args);
	}
}

START_TEST(assignment_answer_hlus_and_idempotence)
{
	struct soap *t = tenant();
	const char *iqn = "iqn.2026-01.com.example:xen-a1";
	const char *wwpn = "10:00:00:00:C9:AA:BB:01";
	const char *inits[] = { iqn, "10:00:00:00:c9:aa:bb:01", NULL };
	struct slgw__StorageVolume *v1, *v2, *v3;
	struct slgw__Assignment *a1, *a2, *a1b;
	struct slgw__Job *j;
	char *hid;
	int sps, n_iscsi_a = 0, n_iscsi_b = 0, n_fc_a = 0, n_fc_b = 0;
	long before;
	int rc;

	fc_login(wwpn);
	hid = host_add(t, "xen-a1", inits, NULL);
	{
		struct slgw__Host *h = host_get(t, hid);
		ck_assert_int_eq(h->__sizeinitiator, 2);
		for (int i = 0; i < 2; i++)
			if (h->initiator[i].protocol == slgw__Protocol__fc)
				ck_assert_str_eq(h->initiator[i].id, wwpn); /* normalized */
	}
	v1 = vol_add(t, "a1-v1");
	v2 = vol_add(t, "a1-v2");
	v3 = vol_add(t, "a1-v3");

	a1 = assign(t, v1->id, hid);
	ck_assert_int_eq(a1->hlu, 1); /* lowest free from 1 */
	ck_assert_ptr_nonnull(a1->lunWwn);
	ck_assert_str_eq(a1->lunWwn, v1->wwn);
	ck_assert_ptr_nonnull(a1->arrayLunId);
	ck_assert_int_eq(*a1->arrayLunId, *v1->arrayLunId);
	ck_assert_ptr_nonnull(a1->failoverMode);
	ck_assert_int_eq(*a1->failoverMode, slgw__FailoverMode__ALUA);
	for (int i = 0; i < a1->__sizetarget; i++) {
		const struct slgw__TargetPort *p = &a1->target[i];
		if (p->protocol == slgw__Protocol__iscsi) {
			ck_assert_ptr_nonnull(p->iqn);
			ck_assert_msg(!strncmp(p->iqn, "iqn.1992-04.com.emc:cx.", 23), "%s", p->iqn);
			ck_assert_ptr_nonnull(p->portal);
			ck_assert_msg(strlen(p->portal) > 8 &&
					      !strcmp(p->portal + strlen(p->portal) - 5, ":3260"),
				      "portal %s", p->portal);
			*(p->sp == slgw__SP__A ? &n_iscsi_a : &n_iscsi_b) += 1;
		} else {
			ck_assert_ptr_nonnull(p->wwpn);
			ck_assert_int_eq((int)strlen(p->wwpn), 23); /* XX:XX:..:XX */
			*(p->sp == slgw__SP__A ? &n_fc_a : &n_fc_b) += 1;
		}
	}
	/* the demo array has 2 iSCSI and 2 FC ports per SP: targets on both */
	ck_assert_int_eq(n_iscsi_a, 2);
	ck_assert_int_eq(n_iscsi_b, 2);
	ck_assert_int_eq(n_fc_a, 2);
	ck_assert_int_eq(n_fc_b, 2);

	/* the array: group named after the host, HLU 1 -> the LUN; the IQN
	 * registered on every iSCSI port of both SPs with mode 4 and
	 * arraycommpath 1; the WWPN where it is logged in (port 0 of A and B) */
	ck_assert_int_eq(store_matches_array(t, hid, G(hid)), 1);
	ck_assert_int_eq(paths_of(iqn, G(hid), 4, &sps), 4);
	ck_assert_int_eq(sps, 3);
	ck_assert_int_eq(paths_of("20:00:00:00:C9:AA:BB:01:10:00:00:00:C9:AA:BB:01", G(hid), 4,
				  &sps), 2);
	ck_assert_int_eq(sps, 3);
	{
		struct slgw__Host *h = host_get(t, hid);
		ck_assert_int_eq(h->__sizearray, 1);
		ck_assert_str_eq(h->array[0].storageGroup, G(hid));
		ck_assert_int_eq(h->array[0].failoverMode, slgw__FailoverMode__ALUA);
	}

	a2 = assign(t, v2->id, hid);
	ck_assert_int_eq(a2->hlu, 2);
	/* assigning again: the same answer, and not one array command */
	before = ea_log_count(&srv, EA_DEMO_ARRAY);
	a1b = assign(t, v1->id, hid);
	ck_assert_int_eq(a1b->hlu, 1);
	ck_assert_str_eq(a1b->lunWwn, v1->wwn);
	ck_assert_int_eq(a1b->__sizetarget, a1->__sizetarget);
	ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY), before);

	/* a host already registered: two commands per assign, lun -list -l N
	 * (the number still carries the volume's name and WWN) and -addhlu */
	before = ea_log_count(&srv, EA_DEMO_ARRAY);
	ck_assert_int_eq(assign(t, v3->id, hid)->hlu, 3);
	{
		char *tail = ea_log_tail(&srv, EA_DEMO_ARRAY, before);
		ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY) - before, 2);
		ck_assert_ptr_nonnull(strstr(tail, "lun -list"));
		ck_assert_ptr_nonnull(strstr(tail, "-addhlu"));
		free(tail);
	}
	ck_assert_int_eq(store_matches_array(t, hid, G(hid)), 3);

	/* unassign HLU 1, then unassign it again (succeeds, no change) */
	unassign(t, v1->id, hid);
	unassign(t, v1->id, hid);
	ck_assert_int_eq(store_matches_array(t, hid, G(hid)), 2);
	/* the freed HLU 1 is the lowest free again */
	ck_assert_int_eq(assign(t, v1->id, hid)->hlu, 1);
	ck_assert_int_eq(store_matches_array(t, hid, G(hid)), 3);

	/* unassigning from a host that never had it succeeds as well */
	{
		const char *i2[] = { "iqn.2026-01.com.example:xen-a1-other", NULL };
		char *other = host_add(t, "xen-a1-other", i2, NULL);
		rc = ea_unassign(&j, t, EP, v1->id, other);
		must(t, rc, j, "unassign of what is not assigned");
	}
	e2e_client_free(t);
}
END_TEST

START_TEST(initiators_added_and_removed_on_a_registered_host)
{
	struct soap *t = tenant();
	const char *iqn1 = "iqn.2026-01.com.example:ini-h1-nic0";
	const char *iqn2 = "iqn.2026-01.com.example:ini-h1-nic1";
	const char *i1[] = { iqn1, NULL };
	char *h = host_add(t, "ini-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "ini-v1");
	struct _slgw__addHostInitiator add = { 0 };
	struct _slgw__addHostInitiatorResponse addr = { 0 };
	struct _slgw__removeHostInitiator rm = { 0 };
	struct _slgw__removeHostInitiatorResponse rmr = { 0 };
	struct slgw__Initiator ini = { (char *)iqn2, slgw__Protocol__iscsi };
	struct slgw__Host *hh;
	int wait = EA_WAIT_MS, rc, sps;

	assign(t, v->id, h);
	ck_assert_int_eq(paths_of(iqn1, G(h), 4, &sps), 4);
	/* a second NIC: registered at once on every iSCSI port of both SPs */
	add.hostId = h;
	add.initiator = &ini;
	add.waitMs = &wait;
	rc = soap_call___slgw__addHostInitiator(t, EP, NULL, &add, &addr);
	must(t, rc, rc == SOAP_OK ? addr.job : NULL, "addHostInitiator");
	ck_assert_int_eq(paths_of(iqn2, G(h), 4, &sps), 4);
	ck_assert_int_eq(sps, 3);
	/* the first NIC goes: the array forgets it, the LUN stays mapped */
	rm.hostId = h;
	rm.initiatorId = (char *)iqn1;
	rm.waitMs = &wait;
	rc = soap_call___slgw__removeHostInitiator(t, EP, NULL, &rm, &rmr);
	must(t, rc, rc == SOAP_OK ? rmr.job : NULL, "removeHostInitiator");
	not_in_any_group(iqn1);
	ck_assert_int_eq(paths_of(iqn2, G(h), 4, &sps), 4);
	hh = host_get(t, h);
	ck_assert_int_eq(hh->__sizeinitiator, 1);
	ck_assert_str_eq(hh->initiator[0].id, iqn2);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	/* enumHosts lists it with its one initiator */
	{
		struct _slgw__enumHosts req = { 0 };
		struct _slgw__enumHostsResponse resp = { 0 };
		int found = 0;
		req.namePrefix = "ini-h";
		ck_assert_int_eq(soap_call___slgw__enumHosts(t, EP, NULL, &req, &resp), SOAP_OK);
		for (int i = 0; i < resp.__sizehost; i++)
			if (!strcmp(resp.host[i].name, "ini-h1"))
				found = resp.host[i].__sizeinitiator == 1;
		ck_assert(found);
	}
	e2e_client_free(t);
}
END_TEST

START_TEST(fc_host_not_logged_in_has_no_path)
{
	struct soap *t = tenant();
	const char *i1[] = { "10:00:00:00:c9:aa:cc:01", NULL };
	char *h = host_add(t, "fc-only-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "fc-only-v1");
	struct slgw__Job *j;
	int rc = ea_assign(&j, t, EP, v->id, h);

	/* the array sees no login of that WWPN: nothing to register, and the
	 * refusal says why instead of mapping a LUN nobody can reach */
	refused(t, rc, j, "FAILED_PRECONDITION");
	ck_assert_msg(strstr(ea_why(t, rc, j), "logged in"), "%s", ea_why(t, rc, j));
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 0);
	/* once the fabric logs it in, the same call works */
	fc_login("10:00:00:00:C9:AA:CC:01");
	ck_assert_int_eq(assign(t, v->id, h)->hlu, 1);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	e2e_client_free(t);
}
END_TEST

START_TEST(shared_volume_keeps_its_hlu_across_hosts_of_a_tenant)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:pool-h1", NULL };
	const char *i2[] = { "iqn.2026-01.com.example:pool-h2", NULL };
	char *h1 = host_add(t, "pool-h1", i1, NULL);
	char *h2 = host_add(t, "pool-h2", i2, NULL);
	struct slgw__StorageVolume *a = vol_add(t, "sr-a"), *b = vol_add(t, "sr-b");

	ck_assert_int_eq(assign(t, a->id, h1)->hlu, 1);
	ck_assert_int_eq(assign(t, b->id, h1)->hlu, 2);
	/* on h2 HLU 1 is free, but b is a shared SR: it keeps HLU 2 */
	ck_assert_int_eq(assign(t, b->id, h2)->hlu, 2);
	ck_assert_int_eq(assign(t, a->id, h2)->hlu, 1);
	ck_assert_int_eq(store_matches_array(t, h1, G(h1)), 2);
	ck_assert_int_eq(store_matches_array(t, h2, G(h2)), 2);
	e2e_client_free(t);
}
END_TEST

START_TEST(remove_host_is_refused_while_assigned)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:rm-h1", NULL };
	char *h = host_add(t, "rm-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "rm-v1");
	struct slgw__Job *j;
	int rc;

	assign(t, v->id, h);
	rc = ea_remove_host(&j, t, EP, h);
	refused(t, rc, j, "FAILED_PRECONDITION");
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	unassign(t, v->id, h);
	rc = ea_remove_host(&j, t, EP, h);
	must(t, rc, j, "removeHost");
	{
		struct _slgw__getHost req = { 0 };
		struct _slgw__getHostResponse resp = { 0 };
		req.hostId = h;
		rc = soap_call___slgw__getHost(t, EP, NULL, &req, &resp);
		ck_assert_str_eq(ea_refusal(t, rc, NULL), "NOT_FOUND");
	}
	/* the array no longer knows the host's initiator or maps the LUN */
	{
		int sps;
		vnx_storage_group *g = NULL;
		ck_assert_int_eq(paths_of(i1[0], G(h), 4, &sps), 0);
		if (ea_sg_get(&g, &srv, RSP, "rm-h1") == 0) {
			ck_assert_int_eq((int)g->hlu_count, 0);
			vnx_storage_group_array_free(g, 1);
		}
	}
	e2e_client_free(t);
}
END_TEST

START_TEST(failover_change_needs_the_host_offline)
{
	struct soap *t = tenant();
	const char *iqn = "iqn.2026-01.com.example:fo-h1";
	const char *i1[] = { iqn, NULL };
	char *h = host_add(t, "fo-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "fo-v1");
	struct _slgw__modifyHost req = { 0 };
	struct _slgw__modifyHostResponse resp = { 0 };
	enum slgw__FailoverMode pnr = slgw__FailoverMode__PNR;
	enum xsd__boolean yes = xsd__boolean__true_;
	int wait = EA_WAIT_MS, rc, sps;
	const char *why;

	ck_assert_int_eq(*assign(t, v->id, h)->failoverMode, slgw__FailoverMode__ALUA);
	ck_assert_int_eq(paths_of(iqn, G(h), 4, &sps), 4);

	req.hostId = h;
	req.failoverMode = &pnr;
	req.waitMs = &wait;
	rc = soap_call___slgw__modifyHost(t, EP, NULL, &req, &resp);
	refused(t, rc, rc == SOAP_OK ? resp.job : NULL, "FAILED_PRECONDITION");
	why = ea_why(t, rc, rc == SOAP_OK ? resp.job : NULL);
	ck_assert_msg(strstr(why, "offline"), "message does not say offline: %s", why);
	ck_assert_int_eq(paths_of(iqn, G(h), 4, &sps), 4); /* unchanged */

	req.hostOffline = &yes;
	rc = soap_call___slgw__modifyHost(t, EP, NULL, &req, &resp);
	must(t, rc, resp.job, "modifyHost with hostOffline");
	ck_assert_int_eq(paths_of(iqn, G(h), 1, &sps), 4);
	ck_assert_int_eq(sps, 3);
	{
		struct slgw__Host *hh = host_get(t, h);
		ck_assert_int_eq(hh->__sizearray, 1);
		ck_assert_int_eq(hh->array[0].failoverMode, slgw__FailoverMode__PNR);
	}
	/* the answer of the (idempotent) assign now carries mode 1 */
	ck_assert_int_eq(*assign(t, v->id, h)->failoverMode, slgw__FailoverMode__PNR);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	e2e_client_free(t);
}
END_TEST

START_TEST(old_array_gets_failover_mode_1)
{
	struct soap *a = admin();
	const char *mk[] = { "--admin", "create-array", "--name", "old", "--spa", "192.0.2.40",
			     "--spb", "192.0.2.41", "--model", "CX500", "--revision",
			     "02.24.500.5.031", "--iscsi-ports", "1", "--fc-ports", "1", NULL };
	const char *iqn = "iqn.2026-01.com.example:old-h1";
	const char *i1[] = { iqn, NULL };
	struct _slgw__addStorageSystem add = { 0 };
	struct _slgw__addStorageSystemResponse addr = { 0 };
	struct slgw__Job *j;
	struct slgw__Assignment *as;
	char *sys, *pool, *hid;
	int wait = EA_WAIT_MS, rc;

	navisim_ok(mk);
	e2e_vnx_system_req(&add, "old", "192.0.2.40", "192.0.2.41", "admin", "whatever");
	add.waitMs = &wait;
	rc = soap_call___slgw__addStorageSystem(a, EP, NULL, &add, &addr);
	must(a, rc, rc == SOAP_OK ? addr.job : NULL, "addStorageSystem old");
	ck_assert_int_eq(ea_pool_of(&sys, &pool, a, EP, "old"), 0);
	rc = ea_allocate(&j, a, EP, sys, pool, "old-v1", 64, slgw__ProvisioningType__THICK);
	must(a, rc, j, "allocate on the old array");
	{
		char *vid = j->storageVolume->id;
		rc = ea_add_host(&j, a, EP, "old-h1", NULL, i1, "10.1.2.4", NULL);
		must(a, rc, j, "addHost");
		hid = j->host->id;
		rc = ea_assign(&j, a, EP, vid, hid);
		must(a, rc, j, "assign on the old array");
	}
	as = j->assignment;
	ck_assert_ptr_nonnull(as->failoverMode);
	ck_assert_int_eq(*as->failoverMode, slgw__FailoverMode__PNR);
	ck_assert_int_eq(as->hlu, 1);
	/* on the old array itself: mode 1 on every path */
	{
		const char *cmd[] = { "-h", "192.0.2.40", "-user", "admin", "-password", "whatever",
				      "port", "-list", "-hba", NULL };
		char *out = NULL;
		vnx_hba *h = NULL;
		size_t n = 0;
		int paths = 0;
		ck_assert_int_eq(ea_navisim_out(&out, &srv, cmd), 0);
		ck_assert_int_eq(vnx_parse_hba_list(out, strlen(out), &h, &n), 0);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; !strcasecmp(h[i].uid, iqn) && k < h[i].port_count; k++) {
				ck_assert_int_eq(h[i].ports[k].failover_mode, 1);
				paths++;
			}
		ck_assert_int_eq(paths, 2); /* one iSCSI port per SP */
		vnx_hba_array_free(h, n);
		free(out);
	}
	/* explicitly asking for ALUA there is refused */
	{
		const char *i2[] = { "iqn.2026-01.com.example:old-h2", NULL };
		enum slgw__FailoverMode alua = slgw__FailoverMode__ALUA;
		char *vid;
		rc = ea_allocate(&j, a, EP, sys, pool, "old-v2", 64, slgw__ProvisioningType__THICK);
		must(a, rc, j, "allocate old-v2");
		vid = j->storageVolume->id;
		rc = ea_add_host(&j, a, EP, "old-h2", NULL, i2, "10.1.2.5", &alua);
		must(a, rc, j, "addHost old-h2");
		rc = ea_assign(&j, a, EP, vid, j->host->id);
		refused(a, rc, j, "FAILED_PRECONDITION");
	}
	e2e_client_free(a);
}
END_TEST

/* Runs a naviseccli command on the array at SP address `sp` that accepts
 * any credentials (created without --user); stdout in *out. */
static int other_array_cmd(char **out, const char *sp, const char *const *cmd)
{
	const char *argv[32] = { "-h", sp, "-user", "admin", "-password", "whatever" };
	int n = 6;
	for (int i = 0; cmd[i] && n < 31; i++)
		argv[n++] = cmd[i];
	argv[n] = NULL;
	return ea_navisim_out(out, &srv, argv);
}

START_TEST(system_policy_allowed_ports_and_empty_groups)
{
	struct soap *a = admin();
	const char *mk[] = { "--admin", "create-array", "--name", "pol", "--spa", "192.0.2.50",
			     "--spb", "192.0.2.51", NULL };
	const char *iqn = "iqn.2026-01.com.example:pol-h1";
	const char *i1[] = { iqn, NULL };
	struct _slgw__addStorageSystem add = { 0 };
	struct _slgw__addStorageSystemResponse addr = { 0 };
	/* navisim numbers the 2 FC ports of an SP 0..1 and its iSCSI ports
	 * after them: allow only iSCSI port 2 of each SP */
	struct slgw__PortRef allowed[2] = { { slgw__SP__A, 2, 0 }, { slgw__SP__B, 2, 0 } };
	enum slgw__FailoverMode pnr = slgw__FailoverMode__PNR;
	enum xsd__boolean yes = xsd__boolean__true_;
	struct slgw__Job *j;
	struct slgw__Assignment *as;
	char *sys, *pool, *vid, *hid, *out = NULL;
	int wait = EA_WAIT_MS, rc, iscsi = 0, paths = 0;

	navisim_ok(mk);
	e2e_vnx_system_req(&add, "pol", "192.0.2.50", "192.0.2.51", "admin", "whatever");
	add.failoverPolicy = &pnr;
	add.allowedTargetPort = allowed;
	add.__sizeallowedTargetPort = 2;
	add.destroyEmptyStorageGroups = &yes;
	add.waitMs = &wait;
	rc = soap_call___slgw__addStorageSystem(a, EP, NULL, &add, &addr);
	must(a, rc, rc == SOAP_OK ? addr.job : NULL, "addStorageSystem pol");
	ck_assert_int_eq(ea_pool_of(&sys, &pool, a, EP, "pol"), 0);
	rc = ea_allocate(&j, a, EP, sys, pool, "pol-v1", 64, slgw__ProvisioningType__THIN);
	must(a, rc, j, "allocate on pol");
	vid = j->storageVolume->id;
	rc = ea_add_host(&j, a, EP, "pol-h1", NULL, i1, "10.1.2.6", NULL);
	must(a, rc, j, "addHost pol-h1");
	hid = j->host->id;
	rc = ea_assign(&j, a, EP, vid, hid);
	must(a, rc, j, "assign on pol");
	as = j->assignment;
	/* the system's policy wins over the default ALUA */
	ck_assert_int_eq(*as->failoverMode, slgw__FailoverMode__PNR);
	for (int i = 0; i < as->__sizetarget; i++)
		if (as->target[i].protocol == slgw__Protocol__iscsi) {
			ck_assert_int_eq(as->target[i].portId, 2);
			iscsi++;
		}
	ck_assert_int_eq(iscsi, 2); /* A-2 and B-2 only */
	{
		const char *cmd[] = { "port", "-list", "-hba", NULL };
		vnx_hba *h = NULL;
		size_t n = 0;
		ck_assert_int_eq(other_array_cmd(&out, "192.0.2.51", cmd), 0);
		ck_assert_int_eq(vnx_parse_hba_list(out, strlen(out), &h, &n), 0);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; !strcasecmp(h[i].uid, iqn) && k < h[i].port_count; k++) {
				ck_assert_int_eq(h[i].ports[k].sp_port, 2);
				ck_assert_int_eq(h[i].ports[k].failover_mode, 1);
				paths++;
			}
		ck_assert_int_eq(paths, 2);
		vnx_hba_array_free(h, n);
		free(out);
	}
	/* the last LUN unassigned: the emptied group is destroyed, and the
	 * host record no longer shows a registration there */
	rc = ea_unassign(&j, a, EP, vid, hid);
	must(a, rc, j, "unassign on pol");
	{
		const char *cmd[] = { "storagegroup", "-list", "-gname", "pol-h1", NULL };
		struct slgw__Host *hh = host_get(a, hid);
		rc = other_array_cmd(&out, "192.0.2.51", cmd);
		ck_assert_msg(rc == 1 && strstr(out, "does not match"), "group still there: %s", out);
		free(out);
		ck_assert_int_eq(hh->__sizearray, 0);
	}
	/* and assigning again registers afresh */
	rc = ea_assign(&j, a, EP, vid, hid);
	must(a, rc, j, "assign again on pol");
	ck_assert_int_eq(j->assignment->hlu, 1);
	e2e_client_free(a);
}
END_TEST

/* ------------------------------------------------------- snapshots */

/* 1 if `name` is one of the gateway's temporaries of kind `kind` ("dst",
 * "tmp"): "slgw-<kind>-<id>" or, with an instance tag,
 * "slgw-<instance>-<kind>-<id>". */
static int gateway_temporary(const char *name, const char *kind)
{
	char mid[16];
	snprintf(mid, sizeof mid, "-%s-", kind);
	return name && !strncmp(name, "slgw-", 5) && strstr(name + 4, mid);
}

/* No temporary snapshot of the gateway is left on the demo array. */
static void no_temporary_snapshots(void)
{
	const char *cmd[] = { "snap", "-list", "-detail", NULL };
	char *out = NULL;
	vnx_snap *snaps = NULL;
	size_t ns = 0;
	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, cmd), 0);
	if (out[0])
		ck_assert_int_eq(vnx_parse_snap_list(out, strlen(out), &snaps, &ns), 0);
	for (size_t i = 0; i < ns; i++)
		ck_assert_msg(!gateway_temporary(snaps[i].name, "tmp"),
			      "temporary snapshot left: %s", snaps[i].name);
	vnx_snap_array_free(snaps, ns);
	free(out);
}

static struct slgw__Job *job_get(struct soap *s, const char *id, int wait)
{
	struct _slgw__getJob req = { 0 };
	struct _slgw__getJobResponse resp = { 0 };
	req.jobId = (char *)id;
	req.waitMs = &wait;
	ck_assert_int_eq(soap_call___slgw__getJob(s, EP, NULL, &req, &resp), SOAP_OK);
	return resp.job;
}

static int volume_listed(struct soap *s, const char *id)
{
	struct _slgw__getStorageVolume req = { 0 };
	struct _slgw__getStorageVolumeResponse resp = { 0 };
	req.volumeId = (char *)id;
	return soap_call___slgw__getStorageVolume(s, EP, NULL, &req, &resp) == SOAP_OK &&
	       resp.storageVolume && (!resp.storageVolume->state ||
				      strcasecmp(resp.storageVolume->state, "deleted"));
}

START_TEST(snapshots_restore_and_clones)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:snap-h1", NULL };
	char *h = host_add(t, "snap-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "gold");
	struct slgw__StorageVolume *lc, *fc;
	struct slgw__Snapshot *sn;
	struct slgw__Job *j;
	vnx_lun *luns = NULL;
	size_t nl = 0;
	int rc, k;

	/* snapshot: listed by the API and on the array */
	rc = ea_snapshot(&j, t, EP, v->id, "gold-1");
	must(t, rc, j, "createSnapshot");
	ck_assert_ptr_nonnull(j->snapshot);
	sn = j->snapshot;
	ck_assert_str_eq(sn->volumeId, v->id);
	{
		struct _slgw__enumSnapshots req = { 0 };
		struct _slgw__enumSnapshotsResponse resp = { 0 };
		const char *cmd[] = { "snap", "-list", "-detail", NULL };
		char *out = NULL;
		vnx_snap *snaps = NULL;
		size_t ns = 0;
		int found = 0;
		req.volumeId = v->id;
		ck_assert_int_eq(soap_call___slgw__enumSnapshots(t, EP, NULL, &req, &resp), SOAP_OK);
		ck_assert_int_eq(resp.__sizesnapshot, 1);
		ck_assert_ptr_nonnull(sn->arrayName);
		ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, cmd), 0);
		ck_assert_int_eq(vnx_parse_snap_list(out, strlen(out), &snaps, &ns), 0);
		for (size_t i = 0; i < ns; i++)
			if (!strcmp(snaps[i].name, sn->arrayName)) {
				found = 1;
				ck_assert_int_eq((int)snaps[i].source_lun_count, 1);
				ck_assert_int_eq((int)snaps[i].source_luns[0], *v->arrayLunId);
			}
		ck_assert_msg(found, "snapshot %s not on the array", sn->arrayName);
		vnx_snap_array_free(snaps, ns);
		free(out);
	}

	/* restore: refused while assigned, unless forced */
	assign(t, v->id, h);
	{
		struct _slgw__restoreSnapshot req = { 0 };
		struct _slgw__restoreSnapshotResponse resp = { 0 };
		enum xsd__boolean yes = xsd__boolean__true_;
		int wait = EA_WAIT_MS;
		req.snapshotId = sn->id;
		req.waitMs = &wait;
		rc = soap_call___slgw__restoreSnapshot(t, EP, NULL, &req, &resp);
		refused(t, rc, rc == SOAP_OK ? resp.job : NULL, "FAILED_PRECONDITION");
		req.force = &yes;
		rc = soap_call___slgw__restoreSnapshot(t, EP, NULL, &req, &resp);
		must(t, rc, rc == SOAP_OK ? resp.job : NULL, "forced restore");
		unassign(t, v->id, h);
		req.force = NULL;
		rc = soap_call___slgw__restoreSnapshot(t, EP, NULL, &req, &resp);
		must(t, rc, rc == SOAP_OK ? resp.job : NULL, "restore of an unassigned volume");
	}

	/* linked clone from the snapshot: an SMP attached to it */
	rc = ea_clone(&j, t, EP, NULL, sn->id, "gold-linked", slgw__CloneType__linked, EA_WAIT_MS);
	must(t, rc, j, "linked clone");
	lc = j->storageVolume;
	ck_assert_ptr_nonnull(lc);
	ck_assert_ptr_nonnull(lc->isClone);
	ck_assert_int_eq(*lc->isClone, xsd__boolean__true_);
	ck_assert_int_eq(*lc->cloneType, slgw__CloneType__linked);
	ck_assert_ptr_nonnull(lc->arrayLunId);
	ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
	k = ea_lun_by_id(luns, nl, *lc->arrayLunId);
	ck_assert_int_ge(k, 0);
	ck_assert_ptr_nonnull(luns[k].attached_snapshot);
	ck_assert_str_eq(luns[k].attached_snapshot, sn->arrayName);
	ck_assert_str_eq(luns[k].uid, lc->wwn);
	vnx_lun_array_free(luns, nl);

	/* full clone of the volume: a job with progress, an independent LUN,
	 * and no temporary snapshot or mount point left behind */
	{
		const char *slow[] = { "--admin", "migrate-rate", "--name", EA_DEMO_ARRAY, "--mbps",
				       "16", NULL };
		const char *fast[] = { "--admin", "migrate-rate", "--name", EA_DEMO_ARRAY, "--mbps",
				       "0", NULL };
		int last = -1, saw_middle = 0;
		char *jid;
		navisim_ok(slow);
		rc = ea_clone(&j, t, EP, v->id, NULL, "gold-full", slgw__CloneType__full, 0);
		ck_assert_int_eq(rc, SOAP_OK);
		jid = j->id;
		for (int i = 0; i < 600 && j->state != slgw__JobState__SUCCEEDED &&
				j->state != slgw__JobState__FAILED; i++) {
			ck_assert_int_ge(j->progress, last);
			last = j->progress;
			if (j->progress > 0 && j->progress < 100)
				saw_middle = 1;
			usleep(200 * 1000);
			j = job_get(t, jid, 0);
		}
		navisim_ok(fast);
		must(t, SOAP_OK, j, "full clone");
		ck_assert_int_eq(j->progress, 100);
		ck_assert_msg(saw_middle, "the full clone's job never showed progress");
		fc = j->storageVolume;
		ck_assert_ptr_nonnull(fc);
		ck_assert_int_eq(*fc->cloneType, slgw__CloneType__full);
		ck_assert_str_ne(fc->wwn, v->wwn);
	}
	ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
	k = ea_lun_by_id(luns, nl, *fc->arrayLunId);
	ck_assert_int_ge(k, 0);
	ck_assert_ptr_null(luns[k].attached_snapshot); /* an ordinary LUN now */
	ck_assert_str_eq(luns[k].uid, fc->wwn);
	for (size_t i = 0; i < nl; i++)
		ck_assert_msg(!gateway_temporary(luns[i].name, "dst"), "left over: %s",
			      luns[i].name);
	vnx_lun_array_free(luns, nl);
	no_temporary_snapshots();

	/* clones are ordinary volumes: assignable, resizable, deletable */
	ck_assert_int_eq(assign(t, lc->id, h)->hlu, 1);
	ck_assert_int_eq(assign(t, fc->id, h)->hlu, 2);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 2);
	{
		struct _slgw__resizeStorage req = { 0 };
		struct _slgw__resizeStorageResponse resp = { 0 };
		int wait = EA_WAIT_MS;
		req.volumeId = fc->id;
		req.sizeMB = 128;
		req.waitMs = &wait;
		rc = soap_call___slgw__resizeStorage(t, EP, NULL, &req, &resp);
		must(t, rc, rc == SOAP_OK ? resp.job : NULL, "resize the full clone");
		ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
		k = ea_lun_by_id(luns, nl, *fc->arrayLunId);
		ck_assert_int_ge(k, 0);
		ck_assert_int_eq((int)(luns[k].user_capacity_blocks / 2048), 128);
		vnx_lun_array_free(luns, nl);
	}

	/* a linked clone is a snapshot mount point, which a VNX cannot grow:
	 * refused up front (a fault, no job, no command sent to the array),
	 * and the API and the array both keep the old size */
	{
		struct _slgw__resizeStorage req = { 0 };
		struct _slgw__resizeStorageResponse resp = { 0 };
		struct _slgw__getStorageVolume gv = { 0 };
		struct _slgw__getStorageVolumeResponse gvr = { 0 };
		int wait = EA_WAIT_MS;
		const char *code;
		long before = ea_log_count(&srv, EA_DEMO_ARRAY);
		req.volumeId = lc->id;
		req.sizeMB = 128;
		req.waitMs = &wait;
		rc = soap_call___slgw__resizeStorage(t, EP, NULL, &req, &resp);
		ck_assert_msg(rc != SOAP_OK, "linked clone resize: answered with a job, not a fault");
		code = ea_refusal(t, rc, NULL);
		ck_assert_msg(code && !strcmp(code, "FAILED_PRECONDITION"),
			      "linked clone resize: %s (%s)", code ? code : "succeeded",
			      ea_why(t, rc, NULL));
		ck_assert_msg(strstr(ea_why(t, rc, NULL), "a linked clone cannot grow"), "%s",
			      ea_why(t, rc, NULL));
		ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY), before);
		gv.volumeId = lc->id;
		ck_assert_int_eq(soap_call___slgw__getStorageVolume(t, EP, NULL, &gv, &gvr), SOAP_OK);
		ck_assert_int_eq((int)gvr.storageVolume->sizeMB, 64);
		ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
		k = ea_lun_by_id(luns, nl, *lc->arrayLunId);
		ck_assert_int_ge(k, 0);
		ck_assert_int_eq((int)(luns[k].user_capacity_blocks / 2048), 64);
		vnx_lun_array_free(luns, nl);
	}

	/* the source cannot go while its linked clone reads from it */
	rc = ea_delete(&j, t, EP, v->id, 1);
	refused(t, rc, j, "FAILED_PRECONDITION");
	ck_assert_msg(strstr(ea_why(t, rc, j), "clone"), "%s", ea_why(t, rc, j));
	ck_assert(volume_listed(t, v->id));

	unassign(t, lc->id, h);
	unassign(t, fc->id, h);
	rc = ea_delete(&j, t, EP, lc->id, 0);
	must(t, rc, j, "delete the linked clone");
	rc = ea_delete(&j, t, EP, fc->id, 0);
	must(t, rc, j, "delete the full clone");
	rc = ea_delete(&j, t, EP, v->id, 1);
	must(t, rc, j, "delete the source once its clones are gone");
	ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
	ck_assert_int_lt(ea_lun_by_id(luns, nl, *lc->arrayLunId), 0);
	ck_assert_int_lt(ea_lun_by_id(luns, nl, *fc->arrayLunId), 0);
	ck_assert_int_lt(ea_lun_by_id(luns, nl, *v->arrayLunId), 0);
	vnx_lun_array_free(luns, nl);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 0);
	e2e_client_free(t);
}
END_TEST

/* ----------------------------------------------------------- faults */

/* store_matches_array, except that the array may also map `foreign_alu`
 * at `foreign_hlu` (a mapping made behind the gateway's back). */
static void store_matches_array_but(struct soap *s, const char *host, const char *name,
				    int foreign_hlu, int foreign_alu)
{
	struct _slgw__enumAssignmentsResponse as = assignments_of(s, host);
	vnx_storage_group *g = NULL;
	ck_assert_int_eq(ea_sg_get(&g, &srv, RSP, name), 0);
	ck_assert_int_eq(ea_sg_alu_at(g, foreign_hlu), foreign_alu);
	ck_assert_int_eq((int)g->hlu_count, as.__sizeassignment + 1);
	for (int i = 0; i < as.__sizeassignment; i++) {
		ck_assert_int_ne(as.assignment[i].hlu, foreign_hlu);
		ck_assert_int_eq(ea_sg_alu_at(g, as.assignment[i].hlu),
				 *as.assignment[i].arrayLunId);
	}
	vnx_storage_group_array_free(g, 1);
}

START_TEST(sp_a_down_in_the_middle_of_a_registration)
{
	struct soap *t = tenant();
	const char *iqn = "iqn.2026-01.com.example:spd-h1";
	/* 3 initiators x 4 ports: the setpaths go 4 at a time, so the third
	 * four start after SP A went down and must go through SP B */
	const char *i1[] = { iqn, "iqn.2026-01.com.example:spd-h1b",
			     "iqn.2026-01.com.example:spd-h1c", NULL };
	const char *slow[] = { "--admin", "latency", "--name", EA_DEMO_ARRAY, "--ms", "400", NULL };
	const char *fast[] = { "--admin", "latency", "--name", EA_DEMO_ARRAY, "--ms", "0", NULL };
	const char *down_a[] = { "--admin", "sp-down", "--name", EA_DEMO_ARRAY, "--sp", "A", NULL };
	const char *up_a[] = { "--admin", "sp-up", "--name", EA_DEMO_ARRAY, "--sp", "A", NULL };
	char *h = host_add(t, "spd-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "spd-v1");
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse resp = { 0 };
	struct slgw__Job *j;
	long before = ea_log_count(&srv, EA_DEMO_ARRAY);
	int nowait = 0, rc, sps, n;

	navisim_ok(slow);
	req.volumeId = v->id;
	req.hostId = h;
	req.waitMs = &nowait;
	ck_assert_int_eq(soap_call___slgw__assignStorage(t, EP, NULL, &req, &resp), SOAP_OK);
	/* wait until the registration has begun (a setpath is in the log) */
	for (int i = 0; i < 200; i++) {
		char *tail = ea_log_tail(&srv, EA_DEMO_ARRAY, before);
		int started = tail && strstr(tail, "-setpath");
		free(tail);
		if (started)
			break;
		usleep(50 * 1000);
	}
	navisim_ok(down_a);
	j = job_get(t, resp.job->id, EA_WAIT_MS);
	navisim_ok(fast);
	fprintf(stderr, "sp-down mid-registration: job %s%s%s\n",
		j->state == slgw__JobState__SUCCEEDED ? "succeeded" : "failed",
		j->errorMessage ? ": " : "", j->errorMessage ? j->errorMessage : "");
	ck_assert(j->state == slgw__JobState__SUCCEEDED || j->state == slgw__JobState__FAILED);
	/* the registration really straddled the failure: some of its
	 * commands went to SP A before, some through SP B after */
	{
		char *tail = ea_log_tail(&srv, EA_DEMO_ARRAY, before);
		int via_a = 0, via_b = 0;
		for (char *l = tail; l && *l;) {
			char *nl = strchr(l, '\n');
			if (nl)
				*nl = 0;
			if (strstr(l, "-setpath") && strstr(l, " " EA_DEMO_SPA " exit=0"))
				via_a++;
			if (strstr(l, "-setpath") && strstr(l, " " EA_DEMO_SPB " exit=0"))
				via_b++;
			l = nl ? nl + 1 : NULL;
		}
		free(tail);
		ck_assert_msg(via_a > 0 && via_b > 0, "setpaths via SP A %d, via SP B %d", via_a,
			      via_b);
	}
	/* whatever happened, the gateway and the array (read via SP B) agree */
	n = store_matches_array(t, h, G(h));
	ck_assert_int_eq(n, j->state == slgw__JobState__SUCCEEDED ? 1 : 0);
	navisim_ok(up_a);
	/* and the host is served: assigning (again) ends registered on
	 * every iSCSI port of both SPs */
	rc = ea_assign(&j, t, EP, v->id, h);
	must(t, rc, j, "assign after SP A came back");
	ck_assert_int_eq(j->assignment->hlu, 1);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	ck_assert_int_eq(paths_of(iqn, G(h), 4, &sps), 4);
	ck_assert_int_eq(sps, 3);
	e2e_client_free(t);
}
END_TEST

START_TEST(hlu_taken_behind_the_gateways_back)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:hb-h1", NULL };
	char *h = host_add(t, "hb-h1", i1, NULL);
	struct slgw__StorageVolume *v1 = vol_add(t, "hb-v1"), *v2 = vol_add(t, "hb-v2");
	struct slgw__StorageVolume *x = vol_add(t, "hb-x");
	char alu[16], *out = NULL;
	const char *add[] = { "storagegroup", "-addhlu", "-gname", G(h), "-hlu", "2", "-alu", alu,
			      NULL };
	const char *rm[] = { "storagegroup", "-removehlu", "-gname", G(h), "-hlu", "2", "-o",
			     NULL };

	ck_assert_int_eq(assign(t, v1->id, h)->hlu, 1);
	/* someone maps another LUN at HLU 2 directly on the array */
	snprintf(alu, sizeof alu, "%d", *x->arrayLunId);
	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, add), 0);
	free(out);
	/* the gateway's record says 2 is free; the array refuses it; the
	 * gateway re-reads the group and takes the next free one */
	ck_assert_int_eq(assign(t, v2->id, h)->hlu, 3);
	store_matches_array_but(t, h, G(h), 2, *x->arrayLunId);
	/* assigning v2 again answers 3 without touching the array */
	ck_assert_int_eq(assign(t, v2->id, h)->hlu, 3);
	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, rm), 0);
	free(out);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 2);
	e2e_client_free(t);
}
END_TEST

START_TEST(a_setpath_that_fails)
{
	struct soap *t = tenant();
	const char *iqn = "iqn.2026-01.com.example:sp-h1";
	const char *i1[] = { iqn, NULL };
	/* the first path on SP B fails: SP A's paths are already registered */
	const char *fail[] = { "--admin", "fail-next", "--name", EA_DEMO_ARRAY, "--count", "1",
			       "--match", "-setpath b", "--message",
			       "Error: storagegroup command failed\nSimulated: the path could not be set",
			       NULL };
	char *h = host_add(t, "sp-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "sp-v1");
	struct slgw__Job *j;
	int rc, sps;

	navisim_ok(fail);
	rc = ea_assign(&j, t, EP, v->id, h);
	ck_assert_ptr_nonnull(ea_refusal(t, rc, j));
	/* nothing assigned, not registered, no group left, no LUN mapped */
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 0);
	ck_assert_int_eq(host_get(t, h)->__sizearray, 0);
	not_in_any_group(iqn);
	/* a retry completes the registration */
	ck_assert_int_eq(assign(t, v->id, h)->hlu, 1);
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	ck_assert_int_eq(paths_of(iqn, G(h), 4, &sps), 4);
	ck_assert_int_eq(sps, 3);
	e2e_client_free(t);
}
END_TEST

START_TEST(a_migration_that_fails_half_way)
{
	struct soap *t = tenant();
	struct slgw__StorageVolume *v = vol_add(t, "mig-src");
	const char *slow[] = { "--admin", "migrate-rate", "--name", EA_DEMO_ARRAY, "--mbps", "4",
			       NULL };
	const char *fast[] = { "--admin", "migrate-rate", "--name", EA_DEMO_ARRAY, "--mbps", "0",
			       NULL };
	const char *fail[] = { "--admin", "fail-next", "--name", EA_DEMO_ARRAY, "--count", "1",
			       "--match", "migrate -list", "--message",
			       "Error: migrate -list command failed.\nSimulated: the migration session faulted",
			       NULL };
	const char *mig[] = { "migrate", "-list", NULL };
	struct slgw__Job *j;
	vnx_lun *luns = NULL;
	size_t nl = 0, before_luns;
	char *jid, *out = NULL;
	int rc, mid = 0;

	ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
	before_luns = nl;
	vnx_lun_array_free(luns, nl);
	navisim_ok(slow);
	rc = ea_clone(&j, t, EP, v->id, NULL, "mig-full", slgw__CloneType__full, 0);
	ck_assert_int_eq(rc, SOAP_OK);
	jid = j->id;
	/* half way: the copy is running */
	for (int i = 0; i < 400 && !mid; i++) {
		j = job_get(t, jid, 0);
		ck_assert_int_ne(j->state, slgw__JobState__FAILED);
		mid = j->progress > 10 && j->progress < 90;
		if (!mid)
			usleep(50 * 1000);
	}
	ck_assert_msg(mid, "the migration never ran");
	navisim_ok(fail);
	j = job_get(t, jid, EA_WAIT_MS);
	navisim_ok(fast);
	ck_assert_int_eq(j->state, slgw__JobState__FAILED);
	ck_assert_ptr_nonnull(j->errorMessage);
	/* the API has no clone ... */
	{
		struct _slgw__enumStorageVolumes req = { 0 };
		struct _slgw__enumStorageVolumesResponse resp = { 0 };
		req.namePrefix = "mig-full";
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(t, EP, NULL, &req, &resp),
				 SOAP_OK);
		for (int i = 0; i < resp.__sizestorageVolume; i++)
			ck_assert_msg(resp.storageVolume[i].state &&
					      !strcasecmp(resp.storageVolume[i].state, "deleted"),
				      "clone listed in state %s", resp.storageVolume[i].state);
	}
	/* ... and the array has no migration, no mount point, no target LUN,
	 * no temporary snapshot: as before the clone */
	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, mig), 0);
	ck_assert_msg(!strstr(out, "Source LU"), "a migration is still listed: %s", out);
	free(out);
	ck_assert_int_eq(ea_luns(&luns, &nl, &srv, RSP), 0);
	ck_assert_int_eq((int)nl, (int)before_luns);
	ck_assert_int_ge(ea_lun_by_id(luns, nl, *v->arrayLunId), 0);
	vnx_lun_array_free(luns, nl);
	no_temporary_snapshots();
	/* the source is intact and can be cloned again */
	rc = ea_clone(&j, t, EP, v->id, NULL, "mig-full-2", slgw__CloneType__full, EA_WAIT_MS);
	must(t, rc, j, "full clone after the failed one");
	e2e_client_free(t);
}
END_TEST

START_TEST(an_operators_group_is_used_only_when_an_admin_adopts_it)
{
	/* The array has an operator's group "ops-legacy"; a tenant cannot
	 * make its host use it, an admin can (modifyHost adoptStorageGroup). */
	struct soap *t = tenant(), *a = admin();
	const char *iqn = "iqn.2026-01.com.example:ad-h1";
	const char *i1[] = { iqn, NULL };
	char *h = host_add(t, "ops-legacy", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "ad-v1");
	const char *mk[] = { "storagegroup", "-create", "-gname", "ops-legacy", NULL };
	char *out = NULL, *sys, *pool;
	struct _slgw__modifyHost req = { 0 };
	struct _slgw__modifyHostResponse resp = { 0 };
	int wait = EA_WAIT_MS, rc, sps;

	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, mk), 0);
	free(out);
	ck_assert_int_eq(ea_pool_of(&sys, &pool, a, EP, EA_DEMO_ARRAY), 0);
	req.hostId = h;
	req.adoptStorageGroup = "ops-legacy";
	req.storageSystemId = sys;
	req.waitMs = &wait;
	rc = soap_call___slgw__modifyHost(t, EP, NULL, &req, &resp);
	refused(t, rc, rc == SOAP_OK ? resp.job : NULL, "PERMISSION_DENIED");
	rc = soap_call___slgw__modifyHost(a, EP, NULL, &req, &resp);
	must(a, rc, rc == SOAP_OK ? resp.job : NULL, "modifyHost adoptStorageGroup");
	assign(t, v->id, h);
	ck_assert_int_eq(paths_of(iqn, "ops-legacy", 4, &sps), 4);
	ck_assert_int_eq(store_matches_array(t, h, "ops-legacy"), 1);
	e2e_client_free(t);
	e2e_client_free(a);
}
END_TEST

START_TEST(refresh_reports_registrations_changed_behind_the_gateways_back)
{
	struct soap *t = tenant(), *a = admin();
	const char *iqn = "iqn.2026-01.com.example:dr-h1";
	const char *i1[] = { iqn, NULL };
	char *h = host_add(t, "dr-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "dr-v1");
	struct _slgw__refreshStorageSystem req = { 0 };
	struct _slgw__refreshStorageSystemResponse resp = { 0 };
	vnx_hba *hb = NULL;
	size_t n = 0;
	char port[16] = "", *out = NULL, *sys, *pool;
	int wait = EA_WAIT_MS, rc, found = 0;

	assign(t, v->id, h);
	/* refresh with nothing changed: no drift for this host */
	ck_assert_int_eq(ea_pool_of(&sys, &pool, a, EP, EA_DEMO_ARRAY), 0);
	req.storageSystemId = sys;
	req.waitMs = &wait;
	rc = soap_call___slgw__refreshStorageSystem(a, EP, NULL, &req, &resp);
	must(a, rc, rc == SOAP_OK ? resp.job : NULL, "refresh");
	ck_assert_ptr_nonnull(resp.job->storageSystem);
	for (int i = 0; i < resp.job->storageSystem->__sizedrift; i++)
		ck_assert_msg(!strstr(resp.job->storageSystem->drift[i], "dr-h1"), "drift: %s",
			      resp.job->storageSystem->drift[i]);
	/* an operator sets failover mode 1 on one path by hand */
	ck_assert_int_eq(ea_hbas(&hb, &n, &srv, RSP), 0);
	for (size_t i = 0; i < n && !port[0]; i++)
		for (size_t k = 0; !strcasecmp(hb[i].uid, iqn) && k < hb[i].port_count; k++)
			if (hb[i].ports[k].sp == 'A') {
				snprintf(port, sizeof port, "%d", hb[i].ports[k].sp_port);
				break;
			}
	vnx_hba_array_free(hb, n);
	ck_assert(port[0]);
	{
		const char *cmd[] = { "storagegroup", "-setpath", "-o", "-gname", G(h),
				      "-hbauid", iqn, "-sp", "a", "-spport", port, "-type", "3",
				      "-failovermode", "1", "-arraycommpath", "1", NULL };
		ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, cmd), 0);
		free(out);
	}
	rc = soap_call___slgw__refreshStorageSystem(a, EP, NULL, &req, &resp);
	must(a, rc, rc == SOAP_OK ? resp.job : NULL, "refresh");
	ck_assert_ptr_nonnull(resp.job->storageSystem);
	for (int i = 0; i < resp.job->storageSystem->__sizedrift; i++) {
		const char *d = resp.job->storageSystem->drift[i];
		if (strstr(d, "dr-h1") && strstr(d, iqn) && strstr(d, "failover"))
			found = 1;
	}
	ck_assert_msg(found, "refresh reports no drift for dr-h1 (%d entries)",
		      resp.job->storageSystem->__sizedrift);
	e2e_client_free(t);
	e2e_client_free(a);
}
END_TEST

/* ------------------------------------------------------ concurrency */

struct par_assign {
	const char *vol, *host;
	int rc, state, hlu, ntargets;
	char wwn[96], why[256];
};

static void *par_assign_run(void *arg)
{
	struct par_assign *p = arg;
	struct soap *s = e2e_client(&srv, "tenant", srv.tenant_pw);
	struct slgw__Job *j = NULL;

	p->rc = -1;
	if (!s)
		return NULL;
	p->rc = ea_assign(&j, s, EP, p->vol, p->host);
	p->state = j ? (int)j->state : -1;
	if (ea_ok(p->rc, j) && j->assignment) {
		p->hlu = j->assignment->hlu;
		p->ntargets = j->assignment->__sizetarget;
		snprintf(p->wwn, sizeof p->wwn, "%s",
			 j->assignment->lunWwn ? j->assignment->lunWwn : "");
	} else {
		p->rc = p->rc ? p->rc : -2;
		snprintf(p->why, sizeof p->why, "%s", ea_why(s, p->rc, j));
	}
	e2e_client_free(s);
	return NULL;
}

START_TEST(thirty_two_volumes_to_one_host_at_once)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:c32-h1",
			     "iqn.2026-01.com.example:c32-h1-b", NULL };
	char *h = host_add(t, "c32-h1", i1, NULL);
	struct par_assign p[32];
	pthread_t th[32];
	int seen[257] = { 0 };

	for (int i = 0; i < 32; i++) {
		char name[32];
		snprintf(name, sizeof name, "c32-v%02d", i);
		memset(&p[i], 0, sizeof p[i]);
		p[i].vol = vol_add(t, name)->id;
		p[i].host = h;
	}
	for (int i = 0; i < 32; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, par_assign_run, &p[i]), 0);
	for (int i = 0; i < 32; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 32; i++) {
		ck_assert_msg(p[i].rc == 0, "assign %d failed: %s", i, p[i].why);
		ck_assert_int_ge(p[i].hlu, 1);
		ck_assert_int_le(p[i].hlu, 32); /* lowest free: exactly 1..32 */
		ck_assert_msg(!seen[p[i].hlu]++, "HLU %d answered twice", p[i].hlu);
	}
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 32);
	e2e_client_free(t);
}
END_TEST

START_TEST(one_volume_to_one_host_by_eight_callers)
{
	struct soap *t = tenant();
	const char *i1[] = { "iqn.2026-01.com.example:c8-h1", NULL };
	char *h = host_add(t, "c8-h1", i1, NULL);
	struct slgw__StorageVolume *v = vol_add(t, "c8-v1");
	struct par_assign p[8];
	pthread_t th[8];
	vnx_storage_group *g = NULL;

	for (int i = 0; i < 8; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].vol = v->id;
		p[i].host = h;
	}
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, par_assign_run, &p[i]), 0);
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < 8; i++) {
		ck_assert_msg(p[i].rc == 0, "caller %d failed: %s", i, p[i].why);
		ck_assert_int_eq(p[i].hlu, p[0].hlu);
		ck_assert_str_eq(p[i].wwn, p[0].wwn);
		ck_assert_int_eq(p[i].ntargets, p[0].ntargets);
	}
	ck_assert_str_eq(p[0].wwn, v->wwn);
	ck_assert_int_eq(p[0].hlu, 1);
	/* one mapping in the store and on the array */
	ck_assert_int_eq(store_matches_array(t, h, G(h)), 1);
	ck_assert_int_eq(ea_sg_get(&g, &srv, RSP, G(h)), 0);
	ck_assert_int_eq((int)g->hlu_count, 1);
	ck_assert_int_eq(ea_sg_hlu_of(g, *v->arrayLunId), 1);
	vnx_storage_group_array_free(g, 1);
	e2e_client_free(t);
}
END_TEST

Suite *e2e_access_suite(void);
Suite *e2e_access_suite(void)
{
	Suite *s = suite_create("e2e_access");

	SUITE_CASE_ONCE(s, "hosts", up, down, 300,
		bad_initiators_and_names_are_refused_before_the_array,
		assignment_answer_hlus_and_idempotence,
		initiators_added_and_removed_on_a_registered_host,
		fc_host_not_logged_in_has_no_path,
		shared_volume_keeps_its_hlu_across_hosts_of_a_tenant,
		remove_host_is_refused_while_assigned, failover_change_needs_the_host_offline,
		old_array_gets_failover_mode_1, system_policy_allowed_ports_and_empty_groups,
		an_operators_group_is_used_only_when_an_admin_adopts_it);

	SUITE_CASE_ONCE(s, "snapshots", up, down, 300, snapshots_restore_and_clones);

	SUITE_CASE_ONCE(s, "faults", up, down, 300, sp_a_down_in_the_middle_of_a_registration,
		hlu_taken_behind_the_gateways_back, a_setpath_that_fails,
		a_migration_that_fails_half_way,
		refresh_reports_registrations_changed_behind_the_gateways_back);

	SUITE_CASE_ONCE(s, "concurrency", up, down, 300, thirty_two_volumes_to_one_host_at_once,
		one_volume_to_one_host_by_eight_callers);
	return s;
}

int main(void)
{
	return suite_run(e2e_access_suite());
}
