/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_e2e_shared_sr.c - end-to-end proof, over SOAP against the real
 * slgwd --demo on navisim, of what a XenServer pool's shared SR
 * (lvmoiscsi / lvmohba) needs from the gateway: prepareHost at SR attach
 * and the same HLU for the SR's LUN on every host (assignStorage's hlu).
 *
 * Design: as test_e2e_access.c, each check is made through the API and on
 * the array itself, read with navisim run as naviseccli and parsed by
 * vnxparse (ea_util.c); command counts come from navisim's own log (one
 * line per naviseccli invocation).  The SOAP requests are built here
 * directly, since hlu and prepareHost are what is being proved.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "soapH.h"
#include "ea_check.h"
#include "../common/suite_run.h"

static char *host_add(struct soap *s, const char *name, const char *const *inits)
{
	return ea_must_add_host(s, name, inits, "10.1.2.4", NULL);
}

static char *system_id(struct soap *s)
{
	char *sys, *pool;
	ck_assert_int_eq(ea_pool_of(&sys, &pool, s, EP, EA_DEMO_ARRAY), 0);
	return sys;
}

/* prepareHost; the SOAP status, the job through *job. */
static int prepare(struct slgw__Job **job, struct soap *s, const char *host, const char *sys)
{
	struct _slgw__prepareHost req = { 0 };
	struct _slgw__prepareHostResponse resp = { 0 };
	int wait = EA_WAIT_MS;
	req.hostId = (char *)host;
	req.storageSystemId = (char *)sys;
	req.waitMs = &wait;
	int rc = soap_call___slgw__prepareHost(s, EP, NULL, &req, &resp);
	*job = rc == SOAP_OK ? resp.job : NULL;
	return rc;
}

/* Number of LUNs the array maps in group `name` (-1: no such group). */
static int mapped_in(const char *name)
{
	vnx_storage_group *g = NULL;
	int rc = ea_sg_get(&g, &srv, RSP, name);
	ck_assert_msg(rc == 0 || rc == 1, "cannot read storage group %s", name);
	if (rc == 1)
		return -1;
	int n = (int)g->hlu_count;
	vnx_storage_group_array_free(g, 1);
	return n;
}

static int alu_at(const char *name, int hlu)
{
	vnx_storage_group *g = NULL;
	ck_assert_int_eq(ea_sg_get(&g, &srv, RSP, name), 0);
	int alu = ea_sg_alu_at(g, hlu);
	vnx_storage_group_array_free(g, 1);
	return alu;
}

/* ---------------------------------------------------------------- tests */

START_TEST(prepare_host_then_the_first_attach_costs_two_commands)
{
	struct soap *t = tenant();
	const char *inits[] = { "iqn.2026-01.com.example:ss-h1a", "iqn.2026-01.com.example:ss-h1b",
				NULL };
	char *h = host_add(t, "ss-h1", inits);
	struct slgw__StorageVolume *v = vol_add(t, "ss-v1");
	char *sys = system_id(t);
	struct slgw__Job *j;
	int rc;

	/* SR attach: the group and every path, no LUN */
	rc = prepare(&j, t, h, sys);
	must(t, rc, j, "prepareHost");
	ck_assert_str_eq(j->kind, "host.prepare");
	ck_assert_ptr_nonnull(j->host);
	ck_assert_int_eq(j->host->__sizearray, 1);
	ck_assert_str_eq(j->host->array[0].storageGroup, G(h));
	ck_assert_str_eq(j->host->array[0].storageSystemId, sys);
	ck_assert_int_eq(mapped_in(G(h)), 0);
	int p1 = paths_of(inits[0], G(h), -1, NULL), p2 = paths_of(inits[1], G(h), -1, NULL);
	ck_assert_int_gt(p1, 0);
	ck_assert_int_eq(p1, p2);

	/* again: nothing reaches the array */
	long mark = ea_log_count(&srv, EA_DEMO_ARRAY);
	ck_assert_int_ge(mark, 0);
	rc = prepare(&j, t, h, sys);
	must(t, rc, j, "prepareHost again");
	ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY) - mark, 0);

	/* the first VDI attach: the LUN confirm and -addhlu, nothing else */
	mark = ea_log_count(&srv, EA_DEMO_ARRAY);
	rc = ea_assign_at(&j, t, EP, v->id, h, NULL);
	must(t, rc, j, "assignStorage");
	ck_assert_ptr_nonnull(j->assignment);
	long used = ea_log_count(&srv, EA_DEMO_ARRAY) - mark;
	char *tail = ea_log_tail(&srv, EA_DEMO_ARRAY, mark);
	ck_assert_msg(used == 2, "the first attach after prepareHost sent %ld commands:\n%s", used,
		      tail ? tail : "");
	ck_assert_ptr_nonnull(tail);
	ck_assert_ptr_nonnull(strstr(tail, "-addhlu"));
	ck_assert_ptr_nonnull(strstr(tail, "lun -list"));
	free(tail);
	ck_assert_int_eq(alu_at(G(h), j->assignment->hlu), *v->arrayLunId);

	/* what the caller cannot see is NOT_FOUND, checked before any job */
	rc = prepare(&j, t, "999999", sys);
	refused(t, rc, j, "NOT_FOUND");
	rc = prepare(&j, t, h, "999999");
	refused(t, rc, j, "NOT_FOUND");
	e2e_client_free(t);
}
END_TEST

START_TEST(the_shared_sr_lun_gets_the_requested_hlu_on_every_host)
{
	struct soap *t = tenant();
	const char *i2[] = { "iqn.2026-01.com.example:ss-h2", NULL };
	const char *i3[] = { "iqn.2026-01.com.example:ss-h3", NULL };
	char *h2 = host_add(t, "ss-h2", i2), *h3 = host_add(t, "ss-h3", i3);
	struct slgw__StorageVolume *sr = vol_add(t, "ss-sr"), *other = vol_add(t, "ss-other");
	struct slgw__StorageVolume *x = vol_add(t, "ss-x");
	struct slgw__Job *j;
	int rc, hlu = 9;

	/* the pool's SR LUN at HLU 9 on both hosts */
	rc = ea_assign_at(&j, t, EP, sr->id, h2, &hlu);
	must(t, rc, j, "assign sr to h2 at 9");
	ck_assert_int_eq(j->assignment->hlu, 9);
	rc = ea_assign_at(&j, t, EP, sr->id, h3, &hlu);
	must(t, rc, j, "assign sr to h3 at 9");
	ck_assert_int_eq(j->assignment->hlu, 9);
	ck_assert_int_eq(alu_at(G(h2), 9), *sr->arrayLunId);
	ck_assert_int_eq(alu_at(G(h3), 9), *sr->arrayLunId);

	/* the same HLU again: the same answer, no command */
	long mark = ea_log_count(&srv, EA_DEMO_ARRAY);
	rc = ea_assign_at(&j, t, EP, sr->id, h2, &hlu);
	must(t, rc, j, "assign sr to h2 at 9 again");
	ck_assert_int_eq(j->assignment->hlu, 9);
	ck_assert_int_eq(ea_log_count(&srv, EA_DEMO_ARRAY) - mark, 0);

	/* HLU 9 of h2 is held: CONFLICT naming the volume; nothing mapped */
	rc = ea_assign_at(&j, t, EP, other->id, h2, &hlu);
	refused(t, rc, j, "CONFLICT");
	ck_assert_msg(strstr(ea_why(t, rc, j), "ss-sr"), "%s", ea_why(t, rc, j));
	ck_assert_int_eq(mapped_in(G(h2)), 1);
	/* the SR LUN under another HLU of the same host: CONFLICT too */
	int ten = 10;
	rc = ea_assign_at(&j, t, EP, sr->id, h2, &ten);
	refused(t, rc, j, "CONFLICT");
	ck_assert_msg(strstr(ea_why(t, rc, j), "HLU 9"), "%s", ea_why(t, rc, j));
	ck_assert_int_eq(mapped_in(G(h2)), 1);

	/* an HLU an operator took on the array behind the gateway's back */
	char alu[16], *out = NULL;
	snprintf(alu, sizeof alu, "%d", *x->arrayLunId);
	const char *add[] = { "storagegroup", "-addhlu", "-gname", G(h2), "-hlu", "11", "-alu",
			      alu, NULL };
	ck_assert_int_eq(ea_array_cmd(&out, &srv, RSP, add), 0);
	free(out);
	int eleven = 11;
	rc = ea_assign_at(&j, t, EP, other->id, h2, &eleven);
	refused(t, rc, j, "CONFLICT");
	ck_assert_msg(strstr(ea_why(t, rc, j), "ss-x"), "%s (x is LUN %d)", ea_why(t, rc, j), *x->arrayLunId);
	ck_assert_int_eq(mapped_in(G(h2)), 2);
	ck_assert_int_eq(alu_at(G(h2), 11), *x->arrayLunId);

	/* out of range: refused before any job */
	int bad[] = { 256, -1 };
	for (int i = 0; i < 2; i++) {
		rc = ea_assign_at(&j, t, EP, other->id, h2, &bad[i]);
		refused(t, rc, j, "INVALID_ARGUMENT");
	}
	/* without an HLU: the gateway's choice */
	rc = ea_assign_at(&j, t, EP, other->id, h2, NULL);
	must(t, rc, j, "assign other to h2");
	ck_assert_int_eq(j->assignment->hlu, 1);
	e2e_client_free(t);
}
END_TEST

int main(void)
{
	return E2E_RUN_ONE("e2e_shared_sr", "shared_sr", 300,
		prepare_host_then_the_first_attach_costs_two_commands,
		the_shared_sr_lun_gets_the_requested_hlu_on_every_host);
}
