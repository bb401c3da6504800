/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_secrets.c - what the API keeps to the storage team, proven over
 * SOAP against the real slgwd --demo on navisim:
 *  - a tenant's view of a storage system carries neither the SP management
 *    addresses nor the naviseccli path (the admin's does);
 *  - an admin cannot make the gateway run a program, or read a security
 *    file, that the configuration file does not list.
 * One gateway serves every case (an unchecked fixture), so the suite costs
 * one demo start.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soapH.h"
#include "e2e_check.h"
#include "tn_util.h"
#include "../common/suite_run.h"

static void assert_blank(const struct slgw__StorageSystem *sy)
{
	ck_assert_msg(!sy->spA || !*sy->spA, "tenant sees spA %s", sy->spA);
	ck_assert_msg(!sy->spB || !*sy->spB, "tenant sees spB %s", sy->spB);
	ck_assert_msg(!sy->naviseccliPath || !*sy->naviseccliPath, "tenant sees naviseccliPath %s",
		      sy->naviseccliPath);
	ck_assert_str_eq(sy->name, "demo");
}

START_TEST(tenant_sees_no_management_addresses)
{
	struct soap *adm = e2e_client(&srv, "admin", srv.admin_pw);
	struct soap *ten = e2e_client(&srv, "tenant", srv.tenant_pw);
	struct _slgw__enumStorageSystems er = { 0 };
	struct _slgw__enumStorageSystemsResponse ea, et;
	char id[64];

	/* the admin sees how the array is reached */
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(adm, EP, NULL, &er, &ea), SOAP_OK);
	ck_assert_int_eq(ea.__sizestorageSystem, 1);
	ck_assert_str_eq(ea.storageSystem[0].spA, "192.0.2.10");
	ck_assert_str_eq(ea.storageSystem[0].spB, "192.0.2.11");
	snprintf(id, sizeof id, "%s", ea.storageSystem[0].id);

	/* the tenant, granted its pools, sees the system but not that */
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(ten, EP, NULL, &er, &et), SOAP_OK);
	ck_assert_int_eq(et.__sizestorageSystem, 1);
	assert_blank(&et.storageSystem[0]);

	struct _slgw__getStorageSystem gr = { id };
	struct _slgw__getStorageSystemResponse go;
	ck_assert_int_eq(soap_call___slgw__getStorageSystem(ten, EP, NULL, &gr, &go), SOAP_OK);
	ck_assert_ptr_nonnull(go.storageSystem);
	assert_blank(go.storageSystem);
	ck_assert_int_eq(soap_call___slgw__getStorageSystem(adm, EP, NULL, &gr, &go), SOAP_OK);
	ck_assert_str_eq(go.storageSystem->spA, "192.0.2.10");

	e2e_client_free(ten);
	e2e_client_free(adm);
}
END_TEST

/* The admin may not make the gateway run a program, or read a security
 * file, that the configuration does not list; the demo's own navisim (its
 * <arrays naviseccli>) stays allowed. */
START_TEST(admin_cannot_name_unlisted_paths)
{
	struct soap *adm = e2e_client(&srv, "admin", srv.admin_pw);
	struct _slgw__addStorageSystem r = { 0 };
	struct _slgw__addStorageSystemResponse o;
	struct tn_fault f;
	int wait = 0;

	e2e_vnx_system_req(&r, "evil", "192.0.2.99", NULL, "sysadmin", "whatever-1");
	r.waitMs = &wait;
	r.naviseccliPath = "/bin/sh";
	tn_fault_take(&f, adm, soap_call___slgw__addStorageSystem(adm, EP, NULL, &r, &o));
	ck_assert_str_eq(f.code, "INVALID_ARGUMENT");
	ck_assert_msg(strstr(f.message, "naviseccliPath") && strstr(f.message, "/bin/sh"), "%s",
		      f.message);

	r.naviseccliPath = NULL;
	r.username = r.password = NULL;
	r.securityFile = "/root/.ssh";
	tn_fault_take(&f, adm, soap_call___slgw__addStorageSystem(adm, EP, NULL, &r, &o));
	ck_assert_str_eq(f.code, "INVALID_ARGUMENT");
	ck_assert_msg(strstr(f.message, "securityFile"), "%s", f.message);

	/* nothing was registered */
	struct _slgw__enumStorageSystems er = { 0 };
	struct _slgw__enumStorageSystemsResponse ea;
	ck_assert_int_eq(soap_call___slgw__enumStorageSystems(adm, EP, NULL, &er, &ea), SOAP_OK);
	ck_assert_int_eq(ea.__sizestorageSystem, 1);
	e2e_client_free(adm);
}
END_TEST

int main(void)
{
	return E2E_RUN_ONE("e2e-secrets", "secrets", 300, tenant_sees_no_management_addresses,
		admin_cannot_name_unlisted_paths);
}
