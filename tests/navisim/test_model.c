/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_model.c - what the simulated array does, command by command:
 * LUN ids and WWNs, pool capacity accounting, expand, destroy refusals,
 * storage group HLU rules, host registration with failover settings (and
 * the ALUA-less old model), snapshots and SMPs, migration completing with
 * the destination taking the source's place.
 */
#include "nstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define G "-h 192.0.2.1 "

static void seed(const char *extra)
{
	ns_array("vnx1", "192.0.2.1", "192.0.2.2", extra);
}

static void lun_field(char *buf, size_t len, const char *lun, const char *label)
{
	char cmd[256];
	ns_result r;
	snprintf(cmd, sizeof(cmd), G "lun -list -all %s", lun);
	ns_cmd(&r, cmd);
	ck_assert_msg(r.status == 0, "%s: %s", cmd, r.out);
	ns_field(buf, len, r.out, label);
	ns_result_free(&r);
}

START_TEST(lun_ids_and_wwns)
{
	char a[64], b[64], c[64], d[64];

	ns_setup();
	seed(NULL);
	ns_array("vnx2", "192.0.2.3", "192.0.2.4", NULL);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name a -o");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name b -o");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name c -o");
	lun_field(a, sizeof(a), "-name b", "LOGICAL UNIT NUMBER");
	ck_assert_str_eq(a, "1");
	ns_ok(G "lun -destroy -name b -o");
	/* Lowest free id is reused; a new LUN in the same slot gets a new WWN. */
	lun_field(a, sizeof(a), "-l 0", "UID:");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name d -o");
	lun_field(b, sizeof(b), "-name d", "LOGICAL UNIT NUMBER");
	ck_assert_str_eq(b, "1");
	lun_field(b, sizeof(b), "-name d", "UID:");
	lun_field(c, sizeof(c), "-name c", "UID:");
	ck_assert_str_ne(a, b);
	ck_assert_str_ne(b, c);
	ck_assert_int_eq(strncmp(a, "60:06:01:60:", 12), 0);
	ck_assert_int_eq(strlen(a), 47);
	/* Another array, same LUN id: another WWN. */
	ns_ok("-h 192.0.2.3 lun -create -capacity 1 -sq gb -poolId 0 -name a -o");
	{
		ns_result r;
		ns_cmd(&r, "-h 192.0.2.3 lun -list -all -l 0");
		ns_field(d, sizeof(d), r.out, "UID:");
		ns_result_free(&r);
	}
	ck_assert_str_ne(a, d);
	/* Names: unique, default "LUN <id>", rename keeps uniqueness. */
	ns_expect_fail(G "lun -create -capacity 1 -sq gb -poolId 0 -name a -o", "(0x712d8d04)");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -o");
	lun_field(a, sizeof(a), "-l 3", "Name:");
	ck_assert_str_eq(a, "LUN 3");
	ns_expect_fail(G "lun -modify -l 3 -newName a -o", "0x712d8d04");
	ns_ok(G "lun -modify -l 3 -newName e -o");
	lun_field(a, sizeof(a), "-l 3", "Name:");
	ck_assert_str_eq(a, "e");
	ns_expect_fail(G "lun -create -capacity 1 -sq xb -poolId 0 -o", "invalid command line parameters");
	ns_expect_fail(G "lun -create -capacity -1 -sq gb -poolId 0 -o", "invalid command line parameters");
	ns_expect_fail(G "lun -create -capacity 1 -sq gb -poolId 0 -bogus -o", "invalid command line parameters");
	ns_teardown();
}
END_TEST

START_TEST(pool_capacity)
{
	char v[64];
	ns_result r;

	ns_setup();
	seed("--pools 1 --pool-gb 10");
	ns_ok(G "lun -create -capacity 8 -sq gb -poolId 0 -name thick -o");
	ns_expect_fail(G "lun -create -capacity 3 -sq gb -poolId 0 -name t2 -o", "does not have enough free capacity");
	/* Thin LUNs subscribe far more than the pool holds. */
	ns_ok(G "lun -create -type Thin -capacity 64 -sq gb -poolId 0 -name thin -o");
	ns_cmd(&r, G "storagepool -list -all -id 0");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "User Capacity (Blocks):"), "20971520");
	/* 8 GB thick + 1/64 of 64 GB thin = 9 GB consumed. */
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Consumed Capacity (Blocks):"), "18874368");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Available Capacity (Blocks):"), "2097152");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Total Subscribed Capacity (Blocks):"), "150994944");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "LUNs:"), "0, 1");
	ns_result_free(&r);
	/* Expand: grow only, within the pool for thick LUNs. */
	ns_expect_fail(G "lun -expand -name thick -capacity 8 -sq gb -o", "(0x712d8e04)");
	ns_expect_fail(G "lun -expand -name thick -capacity 11 -sq gb -o", "does not have enough free capacity");
	ns_ok(G "lun -expand -name thick -capacity 9 -sq gb -o");
	lun_field(v, sizeof(v), "-name thick", "User Capacity (Blocks):");
	ck_assert_str_eq(v, "18874368");
	ns_ok(G "lun -destroy -name thick -o");
	ns_ok(G "lun -create -capacity 9 -sq gb -poolId 0 -name again -o");
	ns_teardown();
}
END_TEST

START_TEST(destroy_refusals)
{
	ns_setup();
	seed(NULL);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name l0 -o");
	ns_ok(G "storagegroup -create -gname h1");
	ns_ok(G "storagegroup -addhlu -hlu 1 -alu 0 -gname h1 -o");
	ns_expect_fail(G "lun -destroy -name l0 -o", "contained in a Storage Group");
	ns_ok(G "storagegroup -removehlu -hlu 1 -gname h1 -o");
	ns_ok(G "snap -create -res 0 -name s1");
	ns_expect_fail(G "lun -destroy -name l0 -o", "still has snapshots");
	ns_ok(G "lun -create -type snap -primaryLun 0 -name m1");
	ns_expect_fail(G "lun -destroy -name l0 -destroySnapshots -o", "(0x716d801a)");
	ns_ok(G "lun -destroy -name m1 -o");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name l1 -o");
	ns_ok("--admin migrate-rate --name vnx1 --mbps 1");
	ns_ok(G "lun -create -capacity 100 -sq gb -poolId 0 -name big -o");
	ns_ok(G "lun -create -capacity 100 -sq gb -poolId 1 -name big2 -o");
	ns_ok(G "migrate -start -source 2 -dest 3 -rate high -o");
	ns_expect_fail(G "lun -destroy -name big -o", "being used by a feature of the Storage System");
	ns_expect_fail(G "lun -expand -name big -capacity 200 -sq gb -o", "being used by a feature");
	ns_ok(G "migrate -cancel -source 2 -o");
	ns_ok(G "lun -destroy -name big -o");
	ns_ok(G "lun -destroy -name l0 -destroySnapshots -o");
	ns_teardown();
}
END_TEST

START_TEST(hlu_rules)
{
	ns_result r;

	ns_setup();
	seed(NULL);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -o");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -o");
	ns_ok(G "storagegroup -create -gname h1");
	ns_ok(G "storagegroup -create -gname h2");
	ns_expect_fail(G "storagegroup -create -gname H1", "Storage Group name already in use");
	ns_ok(G "storagegroup -addhlu -hlu 0 -alu 0 -gname h1 -o");
	ns_expect_fail(G "storagegroup -addhlu -hlu 0 -alu 1 -gname h1 -o", "Requested Host LUN Number already in use");
	ns_expect_fail(G "storagegroup -addhlu -hlu 5 -alu 0 -gname h1 -o",
		    "Requested LUN has already been added to this Storage Group");
	ns_expect_fail(G "storagegroup -addhlu -hlu 256 -alu 1 -gname h1 -o", "invalid command line parameters");
	ns_ok(G "storagegroup -addhlu -hlu 255 -alu 1 -gname h1 -o");
	/* The same LUN and HLU in another group is fine (shared LUN). */
	ns_ok(G "storagegroup -addhlu -hlu 0 -alu 0 -gname h2 -o");
	ns_expect_fail(G "storagegroup -addhlu -hlu 1 -alu 1 -gname nope -o",
		    "The group name or UID does not match any storage groups for this array");
	ns_expect_fail(G "storagegroup -removehlu -hlu 7 -gname h1 -o", "No such Host LUN in this Storage Group");
	ns_cmd(&r, G "storagegroup -list -gname h1");
	ck_assert_ptr_nonnull(strstr(r.out, "    0               0\n    255             1\n"));
	ns_result_free(&r);
	ns_ok(G "storagegroup -destroy -gname h2 -o");
	ns_expect_fail(G "storagegroup -list -gname h2", "does not match any storage groups");
	ns_teardown();
}
END_TEST

START_TEST(host_registration)
{
	ns_result r;

	ns_setup();
	seed("--fc-ports 2 --iscsi-ports 2");
	ns_ok(G "storagegroup -create -gname xs1");
	ns_ok(G "storagegroup -setpath -o -gname xs1 -hbauid iqn.2026-01.com.example:xs1 -sp a -spport 2 -spvport 0 "
		"-type 3 -ip 10.0.0.5 -host xs1 -failovermode 4 -arraycommpath 1");
	ns_ok(G "storagegroup -setpath -o -gname xs1 -hbauid iqn.2026-01.com.example:xs1 -sp b -spport 3 -spvport 0 "
		"-type 3 -ip 10.0.0.5 -host xs1 -failovermode 4 -arraycommpath 1");
	ns_expect_fail(G "storagegroup -setpath -o -gname xs1 -hbauid iqn.2026-01.com.example:xs1 -sp a -spport 7 -host xs1",
		    "does not exist");
	ns_expect_fail(G "storagegroup -setpath -o -gname xs1 -hbauid notaniqn -sp a -spport 2 -host xs1",
		    "invalid command line parameters");
	ns_expect_fail(G "storagegroup -setpath -o -gname xs1 -hbauid iqn.2026-01.com.example:xs1 -sp a -spport 2 -ip 10.0.0.256 -host xs1",
		    "invalid command line parameters");
	ns_expect_fail(G "storagegroup -setpath -o -gname xs1 -hbauid iqn.2026-01.com.example:xs1 -sp c -spport 2 -host xs1",
		    "invalid command line parameters");
	ns_cmd(&r, G "port -list -hba");
	ck_assert_ptr_nonnull(strstr(r.out, "HBA UID:                 iqn.2026-01.com.example:xs1\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "    SP Name:               SP B\n    SP Port ID:            3\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "    Initiator Type:           3\n    StorageGroup Name:     xs1\n"
					    "    Failover mode:         4\n    ArrayCommPath:         1\n"));
	ns_result_free(&r);
	/* sethost changes every path of the host. */
	ns_ok(G "storagegroup -sethost -host xs1 -gname xs1 -failovermode 1 -arraycommpath 0 -o");
	ns_cmd(&r, G "port -list -hba");
	ck_assert_ptr_null(strstr(r.out, "Failover mode:         4"));
	ck_assert_ptr_nonnull(strstr(r.out, "Failover mode:         1\n    ArrayCommPath:         0\n"));
	ns_result_free(&r);
	/* storops' capture of connecthost with an unknown host has this text. */
	ns_expect_fail(G "storagegroup -sethost -host nobody -failovermode 1 -o",
		    "Error: storagegroup command failed\nHost specified is not known by storage system\n");
	ns_expect_fail(G "storagegroup -connecthost -host nobody -gname xs1 -o",
		    "Error: storagegroup command failed\nHost specified is not known by storage system\n");
	/* disconnect / connect move the host's paths. */
	ns_ok(G "storagegroup -disconnecthost -host xs1 -gname xs1 -o");
	ns_cmd(&r, G "storagegroup -list -host -iscsiAttributes -gname xs1");
	ck_assert_ptr_null(strstr(r.out, "HBA/SP Pairs"));
	ns_result_free(&r);
	ns_ok(G "storagegroup -connecthost -host xs1 -gname xs1 -o");
	ns_cmd(&r, G "storagegroup -list -host -iscsiAttributes -gname xs1");
	ck_assert_ptr_nonnull(strstr(r.out, "Host name:             xs1\nSPPort:                B-3v0\n"));
	ns_result_free(&r);
	ns_cmd(&r, G "port -list -sp -all");
	ck_assert_ptr_nonnull(strstr(r.out, "Total number of initiators: 2\n"));
	ns_result_free(&r);
	ns_ok(G "port -removeHBA -hbauid iqn.2026-01.com.example:xs1 -o");
	ns_expect_fail(G "port -removeHBA -hbauid iqn.2026-01.com.example:xs1 -o", "is not known by the array");
	ns_cmd(&r, G "port -list -hba");
	ck_assert_str_eq(r.out, "Information about each HBA:\n");
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(old_model_without_alua)
{
	ns_result r;

	ns_setup();
	ns_array("cx", "192.0.2.60", "192.0.2.61", "--model CX600 --revision 02.19.600.5.007 --iscsi-ports 0");
	ns_ok("-h 192.0.2.60 storagegroup -create -gname h");
	ns_expect_fail("-h 192.0.2.60 storagegroup -setpath -o -gname h -hbauid 20:00:00:00:C9:00:00:01:10:00:00:00:C9:00:00:01 "
		    "-sp a -spport 0 -type 3 -host h -failovermode 4 -arraycommpath 1", "not supported");
	ns_ok("-h 192.0.2.60 storagegroup -setpath -o -gname h -hbauid 20:00:00:00:C9:00:00:01:10:00:00:00:C9:00:00:01 "
	      "-sp a -spport 0 -type 3 -host h -arraycommpath 1");
	ns_cmd(&r, "-h 192.0.2.60 port -list -hba");
	ck_assert_ptr_nonnull(strstr(r.out, "Failover mode:         1\n"));
	ns_result_free(&r);
	ns_cmd(&r, "-h 192.0.2.60 getagent");
	ck_assert_ptr_nonnull(strstr(r.out, "Model:               CX600\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Revision:            02.19.600.5.007\n"));
	ns_result_free(&r);
	ns_cmd(&r, "-h 192.0.2.60 ndu -list -name -VNXSnapshots");
	ck_assert_int_ne(r.status, 0);
	ns_result_free(&r);
	/* No pools (hence no lun command), no VNX Snapshots on a CX600: FLARE LUNs only. */
	ns_ok("-h 192.0.2.60 bind r5 0 -rg 0 -cap 1 -sq gb");
	ns_cmd(&r, "-h 192.0.2.60 snap -create -res 0 -name s");
	ck_assert_str_eq(r.out, "Error returned from the target: 192.0.2.60\n"
				 "CLI commands are not supported by the target storage system.\n");
	ns_result_free(&r);
	ns_cmd(&r, "-h 192.0.2.60 lun -create -type Thin -capacity 1 -sq gb -poolId 0 -name t -o");
	ck_assert_str_eq(r.out, "Error returned from the target: 192.0.2.60\n"
				 "CLI commands are not supported by the target storage system.\n");
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(snapshots_and_smps)
{
	char v[128];
	ns_result r;

	ns_setup();
	seed(NULL);
	ns_ok(G "lun -create -capacity 2 -sq gb -poolId 0 -name src -o");
	ns_ok(G "lun -create -capacity 2 -sq gb -poolId 0 -name other -o");
	ns_ok(G "snap -create -res 0 -name s1 -allowReadWrite yes");
	ns_expect_fail(G "snap -create -res 0 -name s1", "(0x716d8005)");
	ns_ok(G "snap -copy -id s1 -name s1copy");
	ns_ok(G "lun -create -type snap -primaryLun 0 -name smp");
	ns_expect_fail(G "lun -attach -name smp -snapName nosuch", "does not exist");
	ns_ok(G "snap -create -res 1 -name t1");
	ns_expect_fail(G "lun -attach -name smp -snapName t1", "(0x716d8008)");
	ns_ok(G "lun -attach -name smp -snapName s1");
	lun_field(v, sizeof(v), "-name smp", "Attached Snapshot:");
	ck_assert_str_eq(v, "s1");
	lun_field(v, sizeof(v), "-name smp", "Primary LUN:");
	ck_assert_str_eq(v, "src");
	lun_field(v, sizeof(v), "-name src", "Snapshot Mount Points:");
	ck_assert_str_eq(v, "2");
	/* Renaming a snapshot keeps its attachment. */
	ns_ok(G "snap -modify -id s1 -name s2");
	lun_field(v, sizeof(v), "-name smp", "Attached Snapshot:");
	ck_assert_str_eq(v, "s2");
	ns_cmd(&r, G "snap -list -id s2 -detail");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Attached LUN(s):"), "2");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Allow Read/Write:"), "Yes");
	ck_assert_ptr_null(strstr(r.out, "Last modify time:  Never"));
	ns_result_free(&r);
	ns_expect_fail(G "snap -destroy -id s2 -o", "(0x716d8003)");
	ns_ok(G "lun -detach -name smp -o");
	ns_ok(G "snap -destroy -id s2 -o");
	ns_expect_fail(G "snap -list -id s2 -detail", "may not exist");
	ns_ok(G "snap -restore -id s1copy -res 0 -bakName before");
	ns_cmd(&r, G "snap -list -res 0 -detail");
	ck_assert_ptr_nonnull(strstr(r.out, "Name:  s1copy\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "Name:  before\n"));
	ck_assert_ptr_null(strstr(r.out, "Name:  t1\n"));
	ns_result_free(&r);
	ns_expect_fail(G "lun -list -all -showOnly Snap -l nope", "invalid command line parameters");
	ns_teardown();
}
END_TEST

START_TEST(migration_takes_source_place)
{
	char uid[64], v[64];
	ns_result r;

	ns_setup();
	seed(NULL);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name vol -o");
	ns_ok(G "lun -create -type Thin -capacity 2 -sq gb -poolId 1 -name target -o");
	ns_ok(G "storagegroup -create -gname h");
	ns_ok(G "storagegroup -addhlu -hlu 3 -alu 0 -gname h -o");
	lun_field(uid, sizeof(uid), "-l 0", "UID:");
	ns_expect_fail(G "migrate -start -source 1 -dest 0 -rate high -o", "smaller");
	ns_ok("--admin migrate-rate --name vnx1 --mbps 1");
	ns_ok(G "migrate -start -source 0 -dest 1 -rate low -o");
	ns_cmd(&r, G "migrate -list -source 0");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Current State:"), "MIGRATING");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Dest LU ID:"), "1");
	ck_assert_str_eq(ns_field(v, sizeof(v), r.out, "Migration Rate:"), "low");
	ns_result_free(&r);
	ns_expect_fail(G "migrate -start -source 0 -dest 1 -rate low -o", "being used by a feature");
	/* Speed it up: the next command observes 100% and completes it. */
	ns_ok("--admin migrate-rate --name vnx1 --mbps 100000000");
	ns_cmd(&r, G "migrate -list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.len, 0);
	ns_result_free(&r);
	ns_expect_fail(G "lun -list -all -l 1", "may not exist");
	lun_field(v, sizeof(v), "-l 0", "UID:");
	ck_assert_str_eq(v, uid);
	lun_field(v, sizeof(v), "-l 0", "Name:");
	ck_assert_str_eq(v, "vol");
	lun_field(v, sizeof(v), "-l 0", "Pool Name:");
	ck_assert_str_eq(v, "Pool 1");
	lun_field(v, sizeof(v), "-l 0", "Is Thin LUN:");
	ck_assert_str_eq(v, "Yes");
	lun_field(v, sizeof(v), "-l 0", "User Capacity (Blocks):");
	ck_assert_str_eq(v, "4194304");
	ns_cmd(&r, G "storagegroup -list -gname h");
	ck_assert_ptr_nonnull(strstr(r.out, "    3               0\n"));
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(clone_through_smp)
{
	char v[64];

	ns_setup();
	seed(NULL);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name gold -o");
	ns_ok(G "snap -create -res 0 -name g1");
	ns_ok(G "lun -create -type snap -primaryLun 0 -name clone");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name tgt -o");
	ns_expect_fail(G "migrate -start -source 1 -dest 2 -rate asap -o", "not attached");
	ns_ok(G "lun -attach -name clone -snapName g1");
	ns_ok("--admin migrate-rate --name vnx1 --mbps 100000000");
	ns_ok(G "migrate -start -source 1 -dest 2 -rate asap -o");
	/* Done at the next command: the SMP is now an ordinary, independent LUN. */
	lun_field(v, sizeof(v), "-name clone", "Primary LUN:");
	ck_assert_str_eq(v, "N/A");
	lun_field(v, sizeof(v), "-name clone", "Attached Snapshot:");
	ck_assert_str_eq(v, "N/A");
	lun_field(v, sizeof(v), "-name clone", "Is Thin LUN:");
	ck_assert_str_eq(v, "No");
	ns_expect_fail(G "lun -list -all -name tgt", "may not exist");
	ns_ok(G "snap -destroy -id g1 -o");
	ns_ok(G "lun -destroy -name gold -o");
	ns_teardown();
}
END_TEST

START_TEST(new_luns_prepare_first)
{
	char v[64];

	ns_setup();
	seed(NULL);
	/* Long enough that the checks below run inside it on a loaded machine. */
	ns_ok("--admin prepare --name vnx1 --ms 600000");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name p -o");
	lun_field(v, sizeof(v), "-name p", "Current State:");
	ck_assert_str_eq(v, "Initializing");
	ns_expect_fail(G "lun -expand -name p -capacity 2 -sq gb -o", "(0x712d8e0e)");
	ns_expect_fail(G "snap -create -res 0 -name s", "(0x712d8e0e)");
	/* Mapping is allowed while it initializes. */
	ns_ok(G "storagegroup -create -gname h");
	ns_ok(G "storagegroup -addhlu -hlu 1 -alu 0 -gname h -o");
	ns_ok("--admin prepare --name vnx1 --ms 0");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name q -o");
	lun_field(v, sizeof(v), "-name q", "Current State:");
	ck_assert_str_eq(v, "Ready");
	ns_ok(G "lun -expand -name q -capacity 2 -sq gb -o");
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_model", "model", NULL, NULL, 120,
		lun_ids_and_wwns, pool_capacity, destroy_refusals, hlu_rules, host_registration,
		old_model_without_alua, snapshots_and_smps, migration_takes_source_place,
		clone_through_smp, new_luns_prepare_first);
}
