/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_conformance.c - navisim against the real naviseccli captures.
 *
 * For every capture whose command navisim implements, the simulator is
 * seeded with the same objects and the same command is run: listings must
 * carry the capture's labels in the capture's order (values differ: they
 * are another array's), error texts and empty successes must be byte-
 * identical (trailing newlines aside: the captures were saved with and
 * without them).  Captures come from ${SLGW_CAPTURES} only.
 */
#include "nstest.h"

#include <stdlib.h>
#include <string.h>

/* The array all tests talk to: SP A has the address of credential_error.txt. */
#define SPA "10.244.211.30"
#define G "-h " SPA " -user sysadmin -password sysadmin -scope 0 "

static void seed_array(void)
{
	ns_array("k10", SPA, "10.244.211.31",
		 "--user sysadmin --password sysadmin --fc-ports 8 --iscsi-ports 2 --pools 1 --pool-gb 2000");
}

static void assert_labels_match(const char *capture_text, const char *out)
{
	char *a = ns_labels(capture_text), *b = ns_labels(out);
	ck_assert_msg(strlen(a) > 0, "capture has no labels");
	ck_assert_msg(strcmp(a, b) == 0, "labels differ\n--- capture\n%s--- navisim\n%s", a, b);
	free(a);
	free(b);
}

/* Run cmd, assert it succeeded and printed the labels of want (a capture
 * or one record of it), in order; the result stays in r for more checks. */
static void run_same_labels(ns_result *r, const char *want, const char *cmd)
{
	ns_cmd(r, cmd);
	ck_assert_msg(r->status == 0, "'%s' failed: %s", cmd, r->out);
	assert_labels_match(want, r->out);
}

static void assert_labels_capture(const char *capture, const char *cmd)
{
	ns_result r;
	char *c = ns_capture(capture, NULL);
	run_same_labels(&r, c, cmd);
	free(c);
	ns_result_free(&r);
}

/* The record of capture_text starting with first and the one of out
 * starting with out_first (each up to the next line starting with next)
 * have the same labels. */
static void assert_records_match(const char *capture_text, const char *first, const char *out,
				 const char *out_first, const char *next)
{
	char *a = ns_section(capture_text, first, next), *b = ns_section(out, out_first, next);
	assert_labels_match(a, b);
	free(a);
	free(b);
}

/* The record of the capture file starting with first, up to the next line
 * starting with next (caller frees). */
static char *capture_record(const char *capture, const char *first, const char *next)
{
	char *c = ns_capture(capture, NULL), *rec = ns_section(c, first, next);
	free(c);
	return rec;
}

/* Run cmd and compare its whole output with capture, byte for byte. */
static void assert_text(const char *capture, const char *cmd, int expect_fail)
{
	ns_result r;
	ns_cmd(&r, cmd);
	if (expect_fail)
		ck_assert_msg(r.status != 0, "'%s' should fail", cmd);
	else
		ck_assert_msg(r.status == 0, "'%s' should succeed: %s", cmd, r.out);
	ns_assert_same_text(capture, &r);
	ns_result_free(&r);
}

START_TEST(agent_and_sp)
{
	ns_setup();
	seed_array();
	assert_labels_capture("getagent.txt", G "getagent");
	assert_labels_capture("-np_getagent.txt", "-np " G "getagent");
	assert_labels_capture("getsp.txt", G "getsp");
	ns_teardown();
}
END_TEST

START_TEST(ndu_enablers_identical)
{
	ns_setup();
	seed_array();
	assert_text("ndu_-list_-name_-VNXSnapshots.txt", G "ndu -list -name -VNXSnapshots", 0);
	assert_text("-np_ndu_-list_-name_-ThinProvisioning.txt", "-np " G "ndu -list -name -ThinProvisioning", 0);
	assert_text("-np_ndu_-list_-name_-Compression.txt", "-np " G "ndu -list -name -Compression", 0);
	assert_text("-np_ndu_-list_-name_-Deduplication.txt", "-np " G "ndu -list -name -Deduplication", 0);
	assert_text("-np_ndu_-list_-name_-FAST.txt", "-np " G "ndu -list -name -FAST", 0);
	assert_text("-np_ndu_-list_-name_-FASTCache.txt", "-np " G "ndu -list -name -FASTCache", 0);
	ns_teardown();
}
END_TEST

START_TEST(storagepool_labels)
{
	char *first;
	ns_result r;

	ns_setup();
	seed_array();
	ns_ok(G "lun -create -capacity 10 -sq gb -poolId 0 -o");
	first = capture_record("storagepool_-list_-all.txt", "Pool Name:  Pool 1", "Pool Name:");
	run_same_labels(&r, first, G "storagepool -list -all -id 0");
	ns_result_free(&r);
	ck_assert_int_ne(ns_status(G "storagepool -list -all -name Pool"), 0);
	free(first);
	assert_text("lun_-create_-capacity_1_-sq_gb_-poolId_1_-name_abc_-ignoreThresholds.txt",
		    G "lun -create -capacity 1 -sq gb -poolId 1 -name abc -ignoreThresholds", 1);
	ns_teardown();
}
END_TEST

START_TEST(lun_list_labels)
{
	char *first;
	ns_result r;

	ns_setup();
	seed_array();
	ns_ok(G "lun -create -capacity 10 -sq gb -poolId 0 -o");                   /* 0 thick */
	ns_ok(G "lun -create -type Thin -capacity 10 -sq gb -poolId 0 -name l1 -o"); /* 1 thin */
	ns_ok(G "snap -create -res 1 -name s1");
	ns_ok(G "lun -create -type snap -primaryLun 1 -name m2");                    /* 2 SMP */
	assert_labels_capture("lun_-list_-all_-l_0.txt", G "lun -list -all -l 0");
	first = capture_record("lun_-list_-all_t0.txt", "LOGICAL UNIT NUMBER 5", "LOGICAL UNIT NUMBER");
	run_same_labels(&r, first, G "lun -list -all -l 1");
	ns_result_free(&r);
	free(first);
	assert_labels_capture("lun_-list_-all_-name_m2.txt", G "lun -list -all -name m2");
	/* Several LUNs: one blank line between records, never inside one. */
	ns_cmd(&r, G "lun -list -all");
	ck_assert_ptr_nonnull(strstr(r.out, "Allocation Policy:  Automatic\n\nLOGICAL UNIT NUMBER 1\n"));
	ns_result_free(&r);
	assert_text("lun_-list_-all_-name_y.txt", G "lun -list -all -name y", 1);
	ns_teardown();
}
END_TEST

START_TEST(lun_errors_identical)
{
	ns_setup();
	seed_array();
	assert_text("lun_-destroy_-l_0_-destroySnapshots_-forceDetach_-o.txt",
		    G "lun -destroy -l 0 -destroySnapshots -forceDetach -o", 1);
	assert_text("lun_-destroy_-name_l1_-o.txt", G "lun -destroy -name l1 -o", 1);
	assert_text("lun_-destroy_-name_y_-destroySnapshots_-forceDetach_-o.txt",
		    G "lun -destroy -name y -destroySnapshots -forceDetach -o", 1);
	assert_text("lun_-create_-capacity_1_-sq_gb_-poolId_1_-name_abc_-sp_A.txt",
		    G "lun -create -capacity 1 -sq gb -poolId 1 -name abc -sp A", 1);
	assert_text("lun_-create_-capacity_1_-sq_gb_-poolName_p0_-l_12.txt",
		    G "lun -create -capacity 1 -sq gb -poolName p0 -l 12", 1);
	/* Empty successes, then the name-in-use refusal for the same id. */
	assert_text("lun_-create_-capacity_2_-sq_gb_-poolId_0_-l_2.txt", G "lun -create -capacity 2 -sq gb -poolId 0 -l 2", 0);
	ns_ok(G "lun -destroy -l 2 -o");
	assert_text("lun_-create_-capacity_2_-sq_gb_-poolId_0_-l_2_-sp_A.txt",
		    G "lun -create -capacity 2 -sq gb -poolId 0 -l 2 -sp A", 0);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 3");
	assert_text("lun_-create_-capacity_1_-sq_gb_-poolId_0_-l_3.txt",
		    G "lun -create -capacity 1 -sq gb -poolId 0 -l 3", 1);
	ns_ok(G "lun -create -capacity 2 -sq gb -poolId 0 -l 1");
	assert_text("lun_-expand_-l_1_-capacity_1_-sq_gb_-o.txt", G "lun -expand -l 1 -capacity 1 -sq gb -o", 1);
	assert_text("lun_-modify_-l_4000_-newName_l1_-o.txt", G "lun -modify -l 4000 -newName l1 -o", 1);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 382");
	assert_text("lun_-modify_-l_382_-newName_l1_-o.txt", G "lun -modify -l 382 -newName l1 -o", 0);
	assert_text("lun_-attach_-l_382_-snapName_s1.txt", G "lun -attach -l 382 -snapName s1", 1);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 196");
	assert_text("lun_-destroy_-l_196_-destroySnapshots_-forceDetach_-o.txt",
		    G "lun -destroy -l 196 -destroySnapshots -forceDetach -o", 0);
	ns_teardown();
}
END_TEST

START_TEST(smp_and_snap_identical)
{
	ns_setup();
	seed_array();
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 0");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 382");
	assert_text("lun_-create_-type_snap_-primaryLun_0_-name_m1.txt", G "lun -create -type snap -primaryLun 0 -name m1", 0);
	assert_text("lun_-create_-type_snap_-primaryLun_382_-name_m2_-sp_A.txt",
		    G "lun -create -type snap -primaryLun 382 -name m2 -sp A", 0);
	ns_ok(G "lun -create -type snap -primaryLun 382 -name m3");
	assert_text("lun_-create_-type_snap_-primaryLun_382_-name_m3.txt", G "lun -create -type snap -primaryLun 382 -name m3", 1);
	assert_text("snap_-create_-res_11_-name_s1.txt", G "snap -create -res 11 -name s1", 1);
	ns_ok(G "snap -create -res 382 -name s1");
	ns_ok(G "lun -create -type snap -primaryLun 382 -name m4 -l 4057");
	assert_text("lun_-attach_-l_4057_-snapName_s1.txt", G "lun -attach -l 4057 -snapName s1", 0);
	ns_ok(G "snap -create -res 382 -name s4");
	ns_ok(G "lun -attach -name m2 -snapName s4");
	assert_text("snap_-destroy_-id_s4_-o.txt", G "snap -destroy -id s4 -o", 1);
	assert_text("snap_-copy_-id_123_-name_456.txt", G "snap -copy -id 123 -name 456", 1);
	assert_text("snap_-modify_-id_s2_-name_s1.txt", G "snap -modify -id s2 -name s1", 1);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 541");
	ns_ok(G "snap -create -res 0 -name s5");
	assert_text("snap_-restore_-id_s5_-res_541.txt", G "snap -restore -id s5 -res 541", 1);
	ns_ok(G "snap -create -res 0 -name s6");
	assert_text("snap_-modify_-id_s1_-name_s2_-allowReadWrite_yes.txt", G "snap -modify -id s1 -name s2 -allowReadWrite yes", 0);
	assert_labels_capture("snap_-list_-id_s1_-detail.txt", G "snap -list -id s2 -detail");
	assert_labels_capture("snap_-list_-res_3_-detail.txt", G "snap -list -res 0 -detail");
	ns_teardown();
}
END_TEST

START_TEST(migrate_conformance)
{
	ns_setup();
	seed_array();
	for (int i = 0; i < 4; i++)
		ns_ok(G "lun -create -capacity 100 -sq gb -poolId 0 -o");
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 10");
	/* 1 MB/s: the 100 GB migrations stay in progress for the whole test. */
	ns_ok("--admin migrate-rate --name k10 --mbps 1");
	assert_text("migrate_-start_-source_3_-dest_0_-rate_high_-o.txt", G "migrate -start -source 3 -dest 0 -rate high -o", 0);
	assert_labels_capture("migrate_-list_-source_5.txt", G "migrate -list -source 3");
	assert_text("migrate_-start_-source_5_-dest_3_-rate_high_-o.txt", G "migrate -start -source 1 -dest 2 -rate high -o", 0);
	assert_labels_capture("migrate_-list.txt", G "migrate -list");
	assert_text("migrate_-list_-source_10.txt", G "migrate -list -source 10", 1);
	assert_text("migrate_-list_-source_1234.txt", G "migrate -list -source 1234", 1);
	ns_teardown();
}
END_TEST

START_TEST(connection_and_ports)
{
	char *c;
	ns_result r;

	ns_setup();
	seed_array();
	assert_labels_capture("connection_-getport_-all_-sp_a_-portid_5_-vportid_2.txt",
			      G "connection -getport -all -sp a -portid 8 -vportid 0");
	assert_text("connection_-getport_-all_-sp_b_-portid_10_-vportid_0.txt",
		    G "connection -getport -all -sp b -portid 10 -vportid 0", 1);
	/* An uninitialized iSCSI port: N/A addresses, and -setpath refuses it. */
	ns_ok("--admin port-ip --name k10 --sp A --port 9 --ip none");
	assert_labels_capture("connection_-getport_-all_-sp_a_-portid_8_-vportid_0.txt",
			      G "connection -getport -all -sp a -portid 9 -vportid 0");
	ns_cmd(&r, G "connection -getport -all -sp a -portid 9 -vportid 0");
	ck_assert_ptr_nonnull(strstr(r.out, "\nVirtual Port ID:  0\nVLAN ID:  N/A\nIP Address:  N/A\n"
					    "Subnet Mask:  N/A\nGateway Address:  N/A\nInitiator Authentication:  N/A\n"));
	ns_result_free(&r);
	ns_ok(G "storagegroup -create -gname sg0");
	assert_text("storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.c_-sp_a_-spport_10_-host_host0_-o.txt",
		    G "storagegroup -setpath -gname sg0 -hbauid iqn.1992-04.com.abc:a.b.c -sp a -spport 9 -host host0 -o", 1);
	ns_ok("--admin port-ip --name k10 --sp A --port 9 --ip 192.0.2.99");
	ns_ok(G "storagegroup -setpath -gname sg0 -hbauid iqn.1992-04.com.abc:a.b.c -sp a -spport 9 -host host0 -o");
	c = ns_capture("port_-list_-sp_-all.txt", NULL);
	ns_cmd(&r, G "port -list -sp -all");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "\n\nInformation about each SPPORT:\n"));
	ck_assert_ptr_nonnull(strstr(c, "\n\nInformation about each SPPORT:\n"));
	/* The initiator summary record, an FC port record and an iSCSI port record. */
	assert_records_match(c, "SP Name:             SP A\nSP Port ID:          0\nRegistered",
			     r.out, "SP Name:             SP A\nSP Port ID:          0\nRegistered", "SP Name:");
	assert_records_match(c, "SP Name:             SP A\nSP Port ID:          0\nSP UID:",
			     r.out, "SP Name:             SP A\nSP Port ID:          0\nSP UID:", "SP Name:");
	assert_records_match(c, "SP Name:             SP A\nSP Port ID:          10\nSP UID:",
			     r.out, "SP Name:             SP A\nSP Port ID:          8\nSP UID:", "SP Name:");
	ck_assert_ptr_nonnull(strstr(r.out, "SP UID:              iqn.1992-04.com.emc:cx."));
	ns_result_free(&r);
	free(c);
	ns_teardown();
}
END_TEST

START_TEST(storagegroup_conformance)
{
	char *a;
	const char *row;
	ns_result r;

	ns_setup();
	seed_array();
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 15");
	ns_ok(G "storagegroup -create -gname ubuntu14");
	ns_ok(G "storagegroup -setpath -gname ubuntu14 -hbauid iqn.1993-08.org.debian:01:e57138cd5b4 -sp a -spport 8 -ip 192.168.4.30 -host ubuntu14 -o");
	ns_ok(G "storagegroup -setpath -gname ubuntu14 -hbauid iqn.1993-08.org.debian:01:e57138cd5b4 -sp b -spport 8 -ip 192.168.4.30 -host ubuntu14 -o");
	ns_ok(G "storagegroup -setpath -gname ubuntu14 -hbauid iqn.1993-08.org.debian:01:e57138cd5b4 -sp a -spport 9 -ip 192.168.3.30 -host ubuntu14 -o");
	ns_ok(G "storagegroup -setpath -gname ubuntu14 -hbauid iqn.1993-08.org.debian:01:e57138cd5b4 -sp b -spport 9 -ip 192.168.3.30 -host ubuntu14 -o");
	ns_ok(G "storagegroup -addhlu -hlu 154 -alu 15 -gname ubuntu14 -o");
	a = capture_record("storagegroup_-list_-host_-iscsiAttributes.txt", "Storage Group Name:    ubuntu14",
			   "Storage Group Name:");
	run_same_labels(&r, a, G "storagegroup -list -host -iscsiAttributes -gname ubuntu14");
	/* The two tables, to the column. */
	ck_assert_ptr_nonnull(strstr(r.out, "  HBA UID                                          SP Name     SPPort\n"
					    "  -------                                          -------     ------\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "  iqn.1993-08.org.debian:01:e57138cd5b4             SP A         8\n"));
	ck_assert_ptr_nonnull(strstr(r.out, "ISID:                  10000000000\n\n\nHLU/ALU Pairs:\n\n"
					    "  HLU Number     ALU Number\n  ----------     ----------\n    154             15\n"));
	ck_assert_ptr_nonnull(strstr(a, "  HLU Number     ALU Number\n  ----------     ----------\n    154             15\n"));
	row = strstr(a, "  iqn.1993-08.org.debian:01:e57138cd5b4             SP A         4\n");
	ck_assert_ptr_nonnull(row);
	ns_result_free(&r);
	free(a);
	/* Without -messner each group is preceded by a blank line; with it they are separated. */
	ns_ok(G "storagegroup -create -gname server7");
	ns_cmd(&r, G "storagegroup -list -host -iscsiAttributes");
	ck_assert_int_eq(strncmp(r.out, "\nStorage Group Name:    ubuntu14\n", 33), 0);
	ns_result_free(&r);
	ns_cmd(&r, G "storagegroup -messner -list -host -iscsiAttributes");
	ck_assert_int_eq(strncmp(r.out, "Storage Group Name:    ubuntu14\n", 32), 0);
	ck_assert_ptr_nonnull(strstr(r.out, "Shareable:             YES\n\nStorage Group Name:    server7\n"));
	ns_result_free(&r);
	/* HLU errors and successes. */
	assert_text("storagegroup_-addhlu_-hlu_1_-alu_124_-gname_server7_-o.txt",
		    G "storagegroup -addhlu -hlu 1 -alu 124 -gname server7 -o", 1);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -l 0");
	assert_text("storagegroup_-addhlu_-hlu_1_-alu_0_-gname_server7_-o.txt",
		    G "storagegroup -addhlu -hlu 1 -alu 0 -gname server7 -o", 0);
	ns_ok(G "storagegroup -addhlu -hlu 153 -alu 15 -gname server7 -o");
	assert_text("storagegroup_-removehlu_-hlu_153_-gname_server7_-o.txt",
		    G "storagegroup -removehlu -hlu 153 -gname server7 -o", 0);
	assert_text("storagegroup_-removehlu_-hlu_210_-gname_server7_-o.txt",
		    G "storagegroup -removehlu -hlu 210 -gname server7 -o", 1);
	/* Registration: first time empty, same path again refused with the real text. */
	ns_ok(G "storagegroup -create -gname sg0");
	assert_text("storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.c_-sp_a_-spport_8_-host_host0_-o.txt",
		    G "storagegroup -setpath -gname sg0 -hbauid iqn.1992-04.com.abc:a.b.c -sp a -spport 8 -host host0 -o", 0);
	ns_ok(G "storagegroup -setpath -gname sg0 -hbauid iqn.1992-04.com.abc:a.b.d -sp a -spport 8 -host host0 -o");
	assert_text("storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.d_-sp_a_-spport_8_-host_host0_-o.txt",
		    G "storagegroup -setpath -gname sg0 -hbauid iqn.1992-04.com.abc:a.b.d -sp a -spport 8 -host host0 -o", 1);
	ns_ok(G "storagegroup -setpath -gname sg0 -hbauid 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00 -sp a -spport 0 -host host0 -o");
	assert_text("port_-removeHBA_-hbauid_00_00_00_00_00_00_00_00_00_00_00_00_00_00_00_00_-o.txt",
		    G "port -removeHBA -hbauid 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00 -o", 0);
	ns_teardown();
}
END_TEST

START_TEST(transport_errors_identical)
{
	ns_setup();
	seed_array();
	assert_text("credential_error.txt", "-h " SPA " -user sysadmin -password wrong -scope 0 getagent", 1);
	assert_text("network_error.txt", "-h 10.110.26.111 -user sysadmin -password sysadmin -scope 0 getagent", 1);
	ns_teardown();
}
END_TEST

START_TEST(auto_tiering_unsupported_identical)
{
	ns_setup();
	/* FLARE 29 on a CX4 has pools but not yet FAST (FLARE 30). */
	ns_array("cx", "192.0.2.50", "192.0.2.51", "--model CX4-480 --revision 04.29.000.5.006");
	assert_text("lun_-create_auto_tiering_not_supported.txt",
		    "-h 192.0.2.50 lun -create -capacity 1 -sq gb -poolId 0 -name t1 -initialTier highestAvailable", 1);
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_conformance", "captures", NULL, NULL, 120,
		agent_and_sp, ndu_enablers_identical, storagepool_labels, lun_list_labels,
		lun_errors_identical, smp_and_snap_identical, migrate_conformance,
		connection_and_ports, storagegroup_conformance, transport_errors_identical,
		auto_tiering_unsupported_identical);
}
