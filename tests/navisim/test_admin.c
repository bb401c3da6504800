/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_admin.c - `navisim --admin` verbs and their usage errors, and the
 * state-file library (sim/navisim/db/navisim_db.h) used directly: arrays,
 * address lookup, fail-next rules, log, rollback.
 */
#include "navisim_db.h"
#include "nstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(usage_errors)
{
	ns_setup();
	ns_expect_status("--admin", 2);
	ns_expect_status("--admin frobnicate --name x", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.1", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --pools x", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --pool-gb 0", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --user u", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --bogus 1", 2);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --name b", 2);
	ns_expect_status("--admin create-array --name a --spa bad/addr --spb 192.0.2.2", 2);
	ns_expect_status("--admin sp-down --name a --sp C", 2);
	ns_expect_status("--admin latency --name a --ms -5", 2);
	ns_expect_status("--admin latency --name a", 2);
	ns_expect_status("--admin fail-next --name a --count 0 --match x --message y", 2);
	ns_expect_status("--admin fail-next --name a --match x", 2);
	ns_expect_status("--admin log", 2);
	ns_expect_status("--admin list-arrays --name a", 2);
	ns_expect_status("--admin port-ip --name a --sp A --port 4 --ip 300.1.1.1", 2);
	ns_expect_status("--admin port-ip --name a --sp A --ip 192.0.2.1", 2);
	ns_expect_status("--admin port-ip --sp A --port 4 --ip 192.0.2.1", 2);
	ns_expect_status("--admin help", 0);
	ns_teardown();
}
END_TEST

START_TEST(array_lifecycle)
{
	ns_result r;

	ns_setup();
	ns_array("a1", "192.0.2.1", "192.0.2.2", "--model VNX5800 --revision 05.33.008.3.297 --serial APM00153042305 "
						    "--pools 3 --pool-gb 50 --iscsi-ports 1 --fc-ports 0");
	/* Names and SP addresses are unique across arrays. */
	ns_expect_status("--admin create-array --name a1 --spa 192.0.2.5 --spb 192.0.2.6", 1);
	ns_expect_status("--admin create-array --name a2 --spa 192.0.2.2 --spb 192.0.2.6", 1);
	ns_array("a2", "192.0.2.5", "192.0.2.6", NULL);
	NS_EXPECT_OUT("--admin list-arrays",
		"a1 spa=192.0.2.1 spb=192.0.2.2 latency=0ms auth=any\n", "a2 spa=192.0.2.5");
	NS_EXPECT_OUT("-h 192.0.2.2 getagent",
		"Model:               VNX5800\n", "Serial No:           APM00153042305\n");
	NS_EXPECT_OUT("-h 192.0.2.1 storagepool -list -all",
		"Pool Name:  Pool 2\n", "User Capacity (Blocks):  104857600\n");
	ns_cmd(&r, "-h 192.0.2.1 connection -getport -all");
	ck_assert_ptr_nonnull(strstr(r.out, "Port WWN:  iqn.1992-04.com.emc:cx.apm00153042305.a4\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Port WWN:  iqn.1992-04.com.emc:cx.apm00153042305.b4\n"));
	ck_assert_ptr_null(strstr(r.out, ".a5\n"));
	ns_result_free(&r);
	NS_EXPECT_OUT("--admin show --name a1", "\"serial\": \"APM00153042305\"");
	ns_ok("-h 192.0.2.1 lun -create -capacity 1 -sq gb -poolId 0 -o");
	ns_ok("--admin delete-array --name a1");
	ns_expect_status("--admin delete-array --name a1", 1);
	ns_expect_status("-h 192.0.2.1 getagent", 3);
	ns_ok("--admin reset");
	ns_cmd(&r, "--admin list-arrays");
	ck_assert_int_eq(r.len, 0);
	ns_result_free(&r);
	ns_expect_status("--admin sp-down --name a2 --sp A", 1);
	ns_array("a3", "192.0.2.7", "192.0.2.8", "--fc-ports 1 --iscsi-ports 1");
	ns_expect_status("--admin port-ip --name a3 --sp A --port 0 --ip 192.0.2.1", 1); /* FC port */
	ns_expect_status("--admin port-ip --name a3 --sp B --port 7 --ip 192.0.2.1", 1); /* no such port */
	ns_ok("--admin port-ip --name a3 --sp B --port 1 --vport 2 --ip 203.0.113.9 --mask 255.255.0.0 --gw 203.0.113.1");
	ns_cmd(&r, "-h 192.0.2.7 connection -getport -all -sp b -portid 1 -vportid 2");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Virtual Port ID:  2\nVLAN ID:  Disabled\nIP Address:  203.0.113.9\n"
					    "Subnet Mask:  255.255.0.0\nGateway Address:  203.0.113.1\n"));
	ck_assert_ptr_null(strstr(r.out, "Virtual Port ID:  0"));
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(db_library)
{
	navisim_db *db;
	navisim_db_array a = {0}, *got = NULL, *list = NULL;
	navisim_db_log_entry e = {0}, *log = NULL;
	char path[600], sp = 0, *state = NULL, *msg = NULL;
	char *words[] = {"lun", "-create", "-name", "x"};
	size_t n = 0;
	int pending = -1;

	ns_setup();
	snprintf(path, sizeof(path), "%s/lib.db", ns_home());
	ck_assert_int_eq(navisim_db_open(&db, path), 0);
	a.name = "x1";
	a.spa = "198.51.100.1";
	a.spb = "198.51.100.2";
	a.user = "u";
	a.password = "p";
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_array_insert(db, &a, "{\"v\":1}"), 0);
	ck_assert_int_eq(navisim_db_array_insert(db, &a, "{}"), NAVISIM_DB_EEXISTS);
	ck_assert_int_eq(navisim_db_commit(db), 0);
	ck_assert_int_eq(navisim_db_array_by_address(&got, &sp, db, "198.51.100.2"), 0);
	ck_assert_int_eq(sp, 'B');
	ck_assert_str_eq(got->name, "x1");
	ck_assert_str_eq(got->user, "u");
	got->spb_down = 1;
	got->latency_ms = 25;
	ck_assert_int_eq(navisim_db_array_update(db, got), 0);
	navisim_db_array_free(got);
	ck_assert_int_eq(navisim_db_array_get(&got, db, "x1"), 0);
	ck_assert_int_eq(got->spb_down, 1);
	ck_assert_int_eq(got->latency_ms, 25);
	navisim_db_array_free(got);
	ck_assert_int_eq(navisim_db_array_by_address(&got, &sp, db, "198.51.100.9"), NAVISIM_DB_ENOTFOUND);
	/* A rolled-back save leaves the old state. */
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_state_save(db, "x1", "{\"v\":2}"), 0);
	navisim_db_rollback(db);
	ck_assert_int_eq(navisim_db_state_load(&state, db, "x1"), 0);
	ck_assert_str_eq(state, "{\"v\":1}");
	free(state);
	/* Fail-next: words must all appear; uses count down and the rule goes away. */
	ck_assert_int_eq(navisim_db_fail_add(db, "x1", 2, "lun -create", "boom"), 0);
	ck_assert_int_eq(navisim_db_fail_add(db, "x1", 1, "snap", "other"), 0);
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_fail_take(&msg, db, "x1", 2, words + 2), 0);
	ck_assert_ptr_null(msg);
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(navisim_db_fail_take(&msg, db, "x1", 4, words), 0);
		ck_assert_str_eq(msg, "boom");
		free(msg);
	}
	ck_assert_int_eq(navisim_db_fail_take(&msg, db, "x1", 4, words), 0);
	ck_assert_ptr_null(msg);
	ck_assert_int_eq(navisim_db_commit(db), 0);
	ck_assert_int_eq(navisim_db_fail_pending(&pending, db, "x1"), 0);
	ck_assert_int_eq(pending, 1);
	/* Log. */
	e.time = 1.5;
	e.array = "x1";
	e.sp_address = "198.51.100.1";
	e.argv = "navisim getagent";
	e.status = 0;
	e.duration_ms = 7;
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_log_append(db, &e), 0);
	e.array = NULL;
	ck_assert_int_eq(navisim_db_log_append(db, &e), 0);
	ck_assert_int_eq(navisim_db_commit(db), 0);
	ck_assert_int_eq(navisim_db_log_list(&log, &n, db, "x1"), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(log[0].argv, "navisim getagent");
	ck_assert_int_eq(log[0].duration_ms, 7);
	navisim_db_log_entry_array_free(log, n);
	ck_assert_int_eq(navisim_db_log_list(&log, &n, db, NULL), 0);
	ck_assert_int_eq(n, 2);
	navisim_db_log_entry_array_free(log, n);
	ck_assert_int_eq(navisim_db_array_list(&list, &n, db), 0);
	ck_assert_int_eq(n, 1);
	navisim_db_array_array_free(list, n);
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_array_delete(db, "x1"), 0);
	ck_assert_int_eq(navisim_db_array_delete(db, "x1"), NAVISIM_DB_ENOTFOUND);
	ck_assert_int_eq(navisim_db_commit(db), 0);
	ck_assert_int_eq(navisim_db_integrity_check(db), 0);
	ck_assert_int_eq(navisim_db_begin(db), 0);
	ck_assert_int_eq(navisim_db_begin(db), NAVISIM_DB_EINVAL);
	navisim_db_close(db); /* rolls back the open transaction */
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_admin", "admin", NULL, NULL, 120,
		usage_errors, array_lifecycle, db_library);
}
