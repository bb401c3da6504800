/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_audit_sigterm.c - the real slgwd (demo mode, TLS) group-commits the
 * audit records of read calls, and SIGTERM commits what is still queued:
 * a burst of reads on one keep-alive connection, SIGTERM right after the
 * last answer, then the store file must hold one record per call.
 * (The writer's window is 50 ms, so the last batch is normally still
 * queued when the signal arrives.)
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "store.h"
#include "../common/suite_run.h"

#define CALLS 400

START_TEST(sigterm_commits_the_queued_read_records)
{
	struct e2e srv;
	struct soap *a;
	char path[320], err[256];
	store *st = NULL;
	store_audit *arr = NULL;
	store_filter f;
	size_t n = 0, hits = 0;

	memset(&srv, 0, sizeof srv);
	ck_assert_int_eq(e2e_start(&srv, 0), 0);
	a = e2e_client(&srv, "admin", srv.admin_pw);
	ck_assert_ptr_nonnull(a);
	for (int i = 0; i < CALLS; i++) {
		struct _slgw__getServiceInfo rq = { 0 };
		struct _slgw__getServiceInfoResponse rs;
		ck_assert_int_eq(soap_call___slgw__getServiceInfo(a, srv.endpoint, NULL, &rq, &rs),
				 SOAP_OK);
		soap_destroy(a);
		soap_end(a);
	}
	e2e_client_free(a);
	ck_assert_int_eq(e2e_stop(&srv), 0);

	snprintf(path, sizeof path, "%s/slgw.db", srv.dir);
	ck_assert_msg(store_open(&st, path, err, sizeof err) == 0, "%s", err);
	memset(&f, 0, sizeof f);
	f.name_prefix = "getServiceInfo";
	f.user = "admin";
	ck_assert_int_eq(store_audit_list(&arr, &n, st, &f), 0);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(arr[i].operation, "getServiceInfo") && !strcmp(arr[i].outcome, "ok"))
			hits++;
	store_audit_array_free(arr, n);
	store_close(st);
	e2e_cleanup(&srv);
	ck_assert_uint_eq(hits, CALLS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gateway_audit_sigterm");
	SUITE_CASE(s, "sigterm", NULL, NULL, 240, sigterm_commits_the_queued_read_records);
	return suite_run(s);
}
