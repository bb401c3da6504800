/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_clariion.c - RAID groups, FLARE LUNs, metaLUNs, SnapView and fabric
 * logins, as a CLARiiON without pools has them.
 *
 * getrg and the createrg/removerg refusals are compared with the real
 * captures byte for byte, SnapView, getlun, getagent and the short
 * connection -getport with the CLARiiON-era ones (tests/data/clariion-
 * captures) label by label; bind/unbind keep the group's free and largest
 * contiguous free capacity; the whole lifecycle (bind, name, map, SnapView
 * session and snapshot on a host, rollback, metaLUN expansion, unmap,
 * delete) runs on a CX3-40 and a CX700 and leaves the array as it was; the
 * refusals print the texts in the simulator's README table.
 */
#include "nstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H "-h 192.0.2.40 "
#define FC_WWPN "10:00:00:00:C9:AB:CD:01"
#define FC_UID "20:00:00:00:C9:AB:CD:01:10:00:00:00:C9:AB:CD:01"

static long long rg_figure(const char *h, int rg, const char *label)
{
	char line[128], v[64], *out;
	long long x;
	snprintf(line, sizeof(line), "-h %s getrg %d", h, rg);
	out = ns_out(line);
	x = atoll(ns_field(v, sizeof(v), out, label));
	free(out);
	return x;
}

START_TEST(getrg_identical_to_captures)
{
	ns_result r;
	char *c, *out;

	ns_setup();
	/* The array of getrg_1.txt: disks of 1122676736 blocks, no group yet. */
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX3-80 --rgs 0 --disk-blocks 1122676736");
	ns_ok(H "createrg 0 0_1_8 0_1_2 0_1_1 0_1_0 -o");
	ns_cmd(&r, H "getrg 0");
	ck_assert_int_eq(r.status, 0);
	ns_assert_same_text("getrg_1.txt", &r);
	ns_result_free(&r);
	ns_cmd(&r, H "createrg 11 1_0_0 1_0_1 -raidtype r5 -o");
	ns_assert_same_text("createrg_11_1_0_0_1_0_1_-raidtype_r5_-o.txt", &r);
	ck_assert_int_ne(r.status, 0);
	ns_result_free(&r);
	ns_cmd(&r, H "removerg 11");
	ns_assert_same_text("removerg_11.txt", &r);
	ck_assert_int_ne(r.status, 0);
	ns_result_free(&r);
	ns_expect_text(H "createrg 0 1_0_0 1_0_1 1_0_2 -o",
		       "Error: createrg command failed\nError returned from Agent\nRAID Group by that ID already exists");
	ns_expect_text(H "getrg 7", "Error: getrg command failed\nRAIDGroup Not Found");
	/* A group with LUNs has the labels of getrg_0.txt, in that order. */
	ns_ok(H "bind r5 3 -rg 0 -cap 1 -sq gb");
	c = ns_capture("getrg_0.txt", NULL);
	out = ns_out(H "getrg 0");
	{
		char *a = ns_labels(c), *b = ns_labels(out);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
	ck_assert_ptr_nonnull(strstr(out, "RaidGroup Type:                            r5\n"));
	ck_assert_ptr_nonnull(strstr(out, "List of luns:                              3\n"));
	free(c);
	free(out);
	ns_expect_fail(H "removerg 0", "removerg command failed");
	ns_ok(H "unbind 3 -o");
	ns_ok(H "removerg 0");
	ns_teardown();
}
END_TEST

START_TEST(bind_tracks_free_and_contiguous)
{
	long long cap, free0;
	char *out;

	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX3-40 --disk-gb 10");
	/* r5 of 5 disks of 10 GB: 40 GB usable. */
	cap = rg_figure("192.0.2.40", 0, "Logical Capacity (Blocks):");
	ck_assert_int_eq(cap, 40LL * 2097152);
	ns_ok(H "bind r5 10 -rg 0 -cap 10 -sq gb -sp a");
	ns_ok(H "bind r5 11 -rg 0 -cap 10 -sq gb -sp b");
	ns_ok(H "bind r5 12 -rg 0 -cap 10 -sq gb");
	ck_assert_int_eq(rg_figure("192.0.2.40", 0, "Free Capacity (Blocks,non-contiguous):"), 10LL * 2097152);
	/* A hole in the middle: 20 GB free, at most 10 GB in one piece. */
	ns_ok(H "unbind 11 -o");
	free0 = rg_figure("192.0.2.40", 0, "Free Capacity (Blocks,non-contiguous):");
	ck_assert_int_eq(free0, 20LL * 2097152);
	ck_assert_int_eq(rg_figure("192.0.2.40", 0, "Free contiguous group of unbound segments:"), 10LL * 2097152);
	ns_expect_text(H "bind r5 13 -rg 0 -cap 15 -sq gb", "Error: bind command failed\nNot enough space in RAID Group");
	/* First fit: the hole takes a 10 GB LUN again. */
	ns_ok(H "bind r5 13 -rg 0 -cap 10 -sq gb");
	ck_assert_int_eq(rg_figure("192.0.2.40", 0, "Free contiguous group of unbound segments:"), 10LL * 2097152);
	/* Refusals with the real texts. */
	ns_expect_text(H "bind r5 10 -rg 0 -cap 1 -sq gb", "Error: bind command failed\nLUN already exists");
	ns_expect_text(H "bind r5 20 -rg 9 -cap 1 -sq gb", "Error: bind command failed\nRAIDGroup Not Found");
	ns_expect_fail(H "bind r1_0 20 -rg 0 -cap 1 -sq gb", "RAID type");
	ns_expect_fail(H "bind r5 x -rg 0 -cap 1 -sq gb", "invalid command line parameters");
	ns_expect_text(H "unbind 666 -o", "Error: unbind command failed\nLUN does not exist: 666");
	ns_expect_text(H "getlun 666", "Error: getlun command failed\nInvalid LUN number\nLUN does not exist");
	/* The name is set with chglun; getlun prints "Name" without a colon. */
	ns_ok(H "chglun -l 10 -name vol10");
	out = ns_out(H "getlun 10 -name -owner -default -capacity");
	ck_assert_str_eq(out, "LOGICAL UNIT NUMBER 10\n"
			      "Name                        vol10\n"
			      "Current owner:              SP A\n"
			      "Default Owner:              SP A\n"
			      "LUN Capacity(Megabytes):    10240\n"
			      "LUN Capacity(Blocks):       20971520\n\n");
	free(out);
	/* A mapped LUN cannot be unbound. */
	ns_ok(H "storagegroup -create -gname h");
	ns_ok(H "storagegroup -addhlu -gname h -hlu 1 -alu 10 -o");
	ns_expect_text(H "unbind 10 -o", "Cannot unbind LUN because it's contained in a Storage Group.");
	ns_ok(H "storagegroup -removehlu -gname h -hlu 1 -o");
	ns_ok(H "unbind 10 -o");
	ns_ok(H "unbind 12 -o");
	ns_ok(H "unbind 13 -o");
	ck_assert_int_eq(rg_figure("192.0.2.40", 0, "Free contiguous group of unbound segments:"), cap);
	ns_teardown();
}
END_TEST

START_TEST(admin_raid_groups)
{
	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX700 --rgs 1");
	/* r1_0 of 4 disks of 100 GB: two mirrored pairs, 200 GB; the disks after group 0's five. */
	ns_ok("--admin create-rg --name k --rg 3 --disks 4 --raid-type r1_0 --disk-gb 100");
	ck_assert_int_eq(rg_figure("192.0.2.40", 3, "Logical Capacity (Blocks):"), 200LL * 2097152);
	NS_EXPECT_OUT(H "getrg 3",
		      "List of disks:                             Bus 0 Enclosure 0  Disk 5\n",
		      "Legal RAID types:                          r1_0\n");
	ck_assert_int_eq(ns_status("--admin create-rg --name k --rg 3"), 1);
	ck_assert_int_eq(ns_status("--admin create-rg --name k --rg 4 --disks 3 --raid-type r6"), 2);
	ck_assert_int_eq(ns_status("--admin create-rg --name k --rg 4 --disks 16 --disk-gb 0"), 2);
	ns_ok(H "bind r1_0 1 -rg 3 -cap 1 -sq gb");
	ck_assert_int_eq(ns_status("--admin remove-rg --name k --rg 3"), 1);
	ns_ok(H "unbind 1 -o");
	ns_ok("--admin remove-rg --name k --rg 3");
	ns_expect_text(H "getrg 3", "Error: getrg command failed\nRAIDGroup Not Found");
	ns_teardown();
}
END_TEST

START_TEST(metalun_expansion)
{
	long long cap;
	char *out;

	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX700 --disk-gb 10");
	cap = rg_figure("192.0.2.40", 0, "Logical Capacity (Blocks):");
	ns_ok(H "bind r5 1 -rg 0 -cap 4 -sq gb");
	ns_ok(H "chglun -l 1 -name base");
	ns_ok(H "bind r5 2 -rg 0 -cap 4 -sq gb");
	ns_ok(H "bind r5 3 -rg 1 -cap 6 -sq gb");
	/* Striping needs the base's size; concatenation does not. */
	ns_expect_fail(H "metalun -expand -base 1 -lus 3 -type S -o", "metalun command failed");
	ns_ok(H "metalun -expand -base 1 -lus 2 -type S -o");
	ns_ok(H "metalun -expand -base 1 -lus 3 -type C -o");
	out = ns_out(H "getlun 1 -name -capacity -ismetalun");
	ck_assert_str_eq(out, "LOGICAL UNIT NUMBER 1\n"
			      "Name                        base\n"
			      "LUN Capacity(Megabytes):    14336\n"
			      "LUN Capacity(Blocks):       29360128\n"
			      "Is Meta LUN:                YES\n\n");
	free(out);
	/* The components are no longer LUNs of their own. */
	ns_expect_fail(H "getlun 2", "LUN does not exist");
	out = ns_out(H "metalun -list");
	ck_assert_ptr_nonnull(strstr(out, "MetaLUN Number:  1\nMetaLUN Name:  base\n"));
	ck_assert_ptr_nonnull(strstr(out, "Total User Capacity (Blocks/Megabytes):  29360128/14336\n"));
	/* Component 0 (base striped with 2), then the concatenated one (3). */
	ck_assert_ptr_nonnull(strstr(out, "Number of LUNs:  2\nLUNs:  \nLUN Number:  1\n"));
	ck_assert_ptr_nonnull(strstr(out, "Number of LUNs:  1\nLUNs:  \nLUN Number:  3\n"));
	free(out);
	ns_expect_text(H "unbind 1 -o", "Error: unbind command failed\nThe LUN is a metaLUN");
	ns_expect_fail(H "metalun -destroy -metalun 7 -o", "does not exist");
	ns_ok(H "metalun -destroy -metalun 1 -o");
	/* Every component's space is back. */
	ck_assert_int_eq(rg_figure("192.0.2.40", 0, "Free Capacity (Blocks,non-contiguous):"), cap);
	ck_assert_int_eq(rg_figure("192.0.2.40", 1, "Free Capacity (Blocks,non-contiguous):"), cap);
	out = ns_out(H "getlun");
	ck_assert_str_eq(out, "");
	free(out);
	ns_teardown();
}
END_TEST

START_TEST(snapview_refusals)
{
	char *out;

	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX3-40");
	ns_ok(H "bind r5 0 -rg 0 -cap 5 -sq gb");
	ns_ok(H "bind r5 1 -rg 0 -cap 5 -sq gb");
	ns_ok(H "bind r5 9 -rg 1 -cap 1 -sq gb");
	ns_ok(H "snapview -createsnapshot 0 -snapshotname s0");
	ns_expect_text(H "snapview -createsnapshot 1 -snapshotname s0",
		       "Error: snapview command failed\nThe specified snapshot name is already in use");
	/* No reserved LUN yet: no session. */
	ns_expect_text(H "snapview -startsession x -snapshotname s0",
		       "Error: snapview command failed\nNo LUN in LUN Pool associated with target LUN.");
	ns_ok(H "reserved -lunpool -addlun 9");
	out = ns_out(H "snapview -startsession x -snapshotname s0 -persistence");
	ck_assert_str_eq(out, "You must activate a snapshot on this session before you can access it.\n");
	free(out);
	/* The only reserved LUN serves LUN 0: LUN 1 gets none. */
	ns_expect_fail(H "snapview -startsession y -lun 1", "No LUN in LUN Pool");
	ns_expect_text(H "snapview -startsession x -lun 0",
		       "Error: snapview command failed\nThe session name is already in use");
	ns_expect_text(H "snapview -activatesnapshot nosuch -snapshotname s0",
		       "Error: snapview command failed\nThe specified session does not exist");
	ns_expect_text(H "snapview -activatesnapshot x -snapshotname nosuch",
		       "Error: snapview command failed\nThe specified snapshot does not exist.");
	ns_ok(H "snapview -activatesnapshot x -snapshotname s0");
	ns_expect_text(H "snapview -rmsnapshot -snapshotname s0 -o", "Error: snapview command failed\nThe snapshot is active");
	/* A source, a reserved LUN: both busy. */
	ns_expect_text(H "unbind 0 -o", "Cannot unbind LUN because it's being used by a feature of the Storage System");
	ns_expect_fail(H "unbind 9 -o", "being used by a feature");
	ns_expect_fail(H "reserved -lunpool -rmlun 9 -o", "in use");
	ns_expect_text(H "storagegroup -addsnapshot -gname nosuch -snapshotname s0 -hlu 5",
		       "Error: storagegroup command failed\n"
		       "The group name entered does not match any storage groups for this array");
	/* Without the enabler there is no SnapView. */
	ns_array("bare", "192.0.2.42", "192.0.2.43", "--model CX3-40 --enablers -Base");
	ns_expect_text("-h 192.0.2.42 snapview -listsnapshots",
		       "Error: snapview command failed\nSnapView Feature software is not installed");
	ns_teardown();
}
END_TEST

/* Blank the value of every "seq" member of a JSON text (counters, not contents). */
static void blank_seq(char *js)
{
	for (char *p = strstr(js, "\"seq\": "); p; p = strstr(p + 1, "\"seq\": "))
		for (char *v = p + 7; *v >= '0' && *v <= '9'; v++)
			*v = ' ';
}

/* The VDI lifecycle on one FLARE-only array; afterwards nothing of it is left. */
static void lifecycle(const char *model, const char *revision)
{
	char extra[128], *before, *after, *out, v[64];

	snprintf(extra, sizeof(extra), "--model %s --revision %s --disk-gb 20", model, revision);
	ns_array("k", "192.0.2.40", "192.0.2.41", extra);
	/* Infrastructure the lifecycle may rely on: a reserved LUN pool. */
	ns_ok(H "bind r5 100 -rg 1 -cap 2 -sq gb");
	ns_ok(H "reserved -lunpool -addlun 100");
	ns_ok(H "storagegroup -create -gname host1");
	ns_ok(H "storagegroup -setpath -o -gname host1 -hbauid " FC_UID " -sp a -spport 0 -type 3 -host host1");
	before = ns_show("k");

	/* allocate, name, map */
	ns_ok(H "bind r5 0 -rg 0 -cap 8 -sq gb -sp a");
	ns_ok(H "chglun -l 0 -name vdi-gold");
	ns_ok(H "storagegroup -addhlu -gname host1 -hlu 1 -alu 0 -o");
	/* snapshot through SnapView, seen by the host */
	ns_ok(H "snapview -createsnapshot 0 -snapshotname vdi-gold-snap");
	out = ns_out(H "snapview -startsession vdi-gold-ses -snapshotname vdi-gold-snap -persistence");
	free(out);
	ns_ok(H "snapview -activatesnapshot vdi-gold-ses -snapshotname vdi-gold-snap");
	NS_EXPECT_OUT(H "snapview -listsnapshots -snapshotname vdi-gold-snap",
		      "Target Logical Unit: 0\nState: Active\nSession Name: vdi-gold-ses\n");
	ns_ok(H "storagegroup -addsnapshot -gname host1 -snapshotname vdi-gold-snap -hlu 2");
	NS_EXPECT_OUT(H "storagegroup -list -gname host1", "    2               8191\n");
	NS_EXPECT_OUT(H "snapview -listsessions -name vdi-gold-ses",
		      "List of Target Logical Units: LUN 0\n",
		      "Session state: Normal\n");
	ns_ok(H "snapview -startrollback vdi-gold-ses -rate high -o");
	/* grow: a concatenated metaLUN */
	ns_ok(H "bind r5 1 -rg 0 -cap 4 -sq gb");
	ns_ok(H "metalun -expand -base 0 -lus 1 -type C -o");
	out = ns_out(H "getlun 0 -name -capacity");
	ck_assert_ptr_nonnull(strstr(out, "Name                        vdi-gold\n"));
	ck_assert_int_eq(atoll(ns_field(v, sizeof(v), out, "LUN Capacity(Megabytes):")), 12288);
	free(out);
	/* unassign, drop the snapshot, delete */
	ns_ok(H "storagegroup -removesnapshot -gname host1 -snapshotname vdi-gold-snap -o");
	ns_ok(H "snapview -deactivatesnapshot -snapshotname vdi-gold-snap -o");
	ns_ok(H "snapview -stopsession vdi-gold-ses -o");
	ns_ok(H "snapview -rmsnapshot -snapshotname vdi-gold-snap -o");
	ns_ok(H "storagegroup -removehlu -gname host1 -hlu 1 -o");
	ns_ok(H "metalun -destroy -metalun 0 -o");

	after = ns_show("k");
	/* Only the array's WWN sequence counter moved: no LUN, group extent,
	 * session, snapshot or reserved LUN use is left. */
	blank_seq(before);
	blank_seq(after);
	{
		size_t k = 0;
		while (before[k] && before[k] == after[k])
			k++;
		ck_assert_msg(before[k] == 0 && after[k] == 0, "array differs after the lifecycle at: %.200s\nwas: %.200s",
			      after + (k > 80 ? k - 80 : 0), before + (k > 80 ? k - 80 : 0));
	}
	out = ns_out(H "snapview -listsnapshots");
	ck_assert_str_eq(out, "");
	free(out);
	out = ns_out(H "snapview -listsessions");
	ck_assert_str_eq(out, "");
	free(out);
	free(before);
	free(after);
}

START_TEST(lifecycle_cx3_40_leaves_nothing)
{
	ns_setup();
	lifecycle("CX3-40", "03.26.040.5.011");
	ns_teardown();
}
END_TEST

START_TEST(lifecycle_cx700_leaves_nothing)
{
	ns_setup();
	lifecycle("CX700", "02.26.700.5.016");
	ns_teardown();
}
END_TEST

START_TEST(fc_logins_seen_by_the_array)
{
	char *out;

	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX3-40 --fc-ports 2 --iscsi-ports 1");
	out = ns_out(H "port -list -hba");
	ck_assert_str_eq(out, "Information about each HBA:\n");
	free(out);
	/* The fabric logs the HBA in on A-0 and B-1; nobody registered it. */
	ns_ok("--admin fc-login --name k --sp A --port 0 --wwpn " FC_WWPN);
	ns_ok("--admin fc-login --name k --sp b --port 1 --wwpn 10:00:00:00:c9:ab:cd:01");
	out = ns_out(H "port -list -hba");
	ck_assert_ptr_nonnull(strstr(out, "HBA UID:                 " FC_UID "\nServer Name:             " FC_UID "\n"
					  "Server IP Address:       N/A\n"));
	ck_assert_ptr_nonnull(strstr(out, "    SP Name:               SP A\n    SP Port ID:            0\n"));
	ck_assert_ptr_nonnull(strstr(out, "    SP Name:               SP B\n    SP Port ID:            1\n"));
	ck_assert_ptr_nonnull(strstr(out, "    Logged In:             YES\n    Defined:               NO\n"));
	ck_assert_ptr_null(strstr(out, "Defined:               YES"));
	free(out);
	out = ns_out(H "port -list -sp -all");
	ck_assert_ptr_nonnull(strstr(out, "Total number of initiators: 2\n"));
	ck_assert_ptr_nonnull(strstr(out, "SP Name:             SP A\nSP Port ID:          0\n"
					  "Registered Initiators:        0\nLogged-In Initiators:         1\n"));
	free(out);
	/* Registering what the array sees: now defined, still logged in. */
	ns_ok(H "storagegroup -create -gname host1");
	ns_ok(H "storagegroup -setpath -o -gname host1 -hbauid " FC_UID " -sp a -spport 0 -type 3 -host host1");
	NS_EXPECT_OUT(H "port -list -hba -hbauid " FC_UID,
		      "Server Name:             host1\n",
		      "    Logged In:             YES\n    Defined:               YES\n",
		      "    Logged In:             YES\n    Defined:               NO\n");
	/* The fabric logs it out of A-0: registered but not logged in. */
	ns_ok("--admin fc-logout --name k --sp A --port 0 --wwpn " FC_WWPN);
	out = ns_out(H "port -list -sp -all");
	ck_assert_ptr_nonnull(strstr(out, "SP Port ID:          0\nRegistered Initiators:        1\n"
					  "Logged-In Initiators:         0\nNot Logged-In Initiators:     1\n"));
	free(out);
	/* Deregistering leaves the fabric's view (B-1) alone. */
	ns_ok(H "port -removeHBA -hbauid " FC_UID " -o");
	out = ns_out(H "port -list -hba");
	ck_assert_ptr_nonnull(strstr(out, "    SP Port ID:            1\n"));
	ck_assert_ptr_null(strstr(out, "    SP Port ID:            0\n"));
	free(out);
	/* Only FC ports take fabric logins; WWPNs are 8 bytes. */
	ns_expect_status("--admin fc-login --name k --sp A --port 2 --wwpn " FC_WWPN, 1);
	ns_expect_status("--admin fc-login --name k --sp A --port 0 --wwpn 10:00:00", 2);
	ns_teardown();
}
END_TEST

START_TEST(fidelity_texts)
{
	ns_result r;

	ns_setup();
	ns_array("v", "192.0.2.40", "192.0.2.41", NULL);
	ns_ok(H "lun -create -capacity 1 -sq gb -poolId 0 -name l0 -o");
	ns_ok(H "lun -create -capacity 1 -sq gb -poolId 0 -name l1 -o");
	/* storops' lun_-detach_-l_0_-o.txt (there for a LUN numbered 3). */
	ns_expect_text(H "lun -detach -l 1 -o", "Cannot detach the specified LUN 1 as it is not a snapshot mount point. "
						 "Retry the detach operation with a valid snapshot mount point.");
	/* Snapshot name conflicts: storops' snap -restore -bakName capture. */
	ns_ok(H "snap -create -res 0 -name s1");
	ns_expect_text(H "snap -create -res 1 -name s1", "The specified snapshot name is already in use. (0x716d8005)");
	ns_expect_text(H "snap -copy -id s1 -name s1", "The specified snapshot name is already in use. (0x716d8005)");
	/* Destroying an attached snapshot: storops' snap_-destroy_-id_s4_-o.txt. */
	ns_ok(H "lun -create -type snap -primaryLun 0 -name m1");
	ns_ok(H "lun -attach -name m1 -snapName s1");
	ns_cmd(&r, H "snap -destroy -id s1 -o");
	ck_assert_int_ne(r.status, 0);
	ns_assert_same_text("snap_-destroy_-id_s4_-o.txt", &r);
	ns_result_free(&r);
	/* A LUN with snapshots; a LUN being migrated (storops' lun_-destroy_-name_lun_in_migration_-o.txt). */
	ns_ok(H "lun -detach -name m1 -o");
	ns_ok(H "lun -destroy -name m1 -o");
	ns_expect_text(H "lun -destroy -name l0 -o", "The LUN cannot be destroyed because it still has snapshots.");
	ns_ok(H "lun -create -capacity 1 -sq gb -poolId 0 -name l2 -o");
	ns_ok(H "migrate -start -source 1 -dest 2 -rate low -o");
	ns_expect_text(H "lun -destroy -name l1 -o", "Cannot unbind LUN because it's being used by a feature of the Storage System");
	/* connecthost of an unknown host: storops' storagegroup_-connecthost_-host_host1_-gname_server7_-o.txt. */
	ns_ok(H "storagegroup -create -gname server7");
	ns_expect_text(H "storagegroup -connecthost -host host1 -gname server7 -o",
		       "Error: storagegroup command failed\nHost specified is not known by storage system");
	/* removeHBA of an unknown HBA: the text storops matches. */
	ns_expect_text(H "port -removeHBA -hbauid 00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01 -o",
		       "The HBA UID specified is not known by the array.");
	ns_teardown();
}
END_TEST

/* CLARiiON-era captures live beside the VNX ones. */
#define CC "../clariion-captures/"

/* Labels of the n-th blank-line separated record of text (caller frees). */
static char *record_labels(const char *text, int n)
{
	const char *p = text, *end;
	char *rec, *labels;

	for (; n > 0 && p; n--) {
		p = strstr(p, "\n\n");
		if (p)
			p += 2;
	}
	ck_assert_ptr_nonnull(p);
	end = strstr(p, "\n\n");
	rec = strndup(p, end ? (size_t)(end - p + 1) : strlen(p));
	ck_assert_ptr_nonnull(rec);
	labels = ns_labels(rec);
	free(rec);
	return labels;
}

static void same_record_labels(const char *capture, int crec, const char *out, int orec)
{
	char *c = ns_capture(capture, NULL), *a = record_labels(c, crec), *b = record_labels(out, orec);
	ck_assert_msg(strcmp(a, b) == 0, "%s record %d: labels differ\n--- capture\n%s--- navisim\n%s", capture,
		      crec, a, b);
	free(a);
	free(b);
	free(c);
}

START_TEST(clariion_captures)
{
	ns_result r;
	char *out;

	ns_setup();
	ns_array("k", "192.0.2.40", "192.0.2.41", "--model CX4-120 --revision 04.30.000.5.523 --rgs 2 --fc-ports 2 --iscsi-ports 2");
	ns_ok("--admin port-ip --name k --sp A --port 3 --ip none");
	/* The SRA log's SnapView answers. */
	out = ns_out(H "snapview -listsnapshots");
	ck_assert_str_eq(out, ""); /* snapview_-listsnapshots_empty.txt is empty too */
	free(out);
	ns_ok(H "bind r5 10 -rg 0 -cap 1 -sq gb -sp b");
	ns_ok(H "bind r5 11 -rg 1 -cap 1 -sq gb");
	ns_ok(H "reserved -lunpool -addlun 11");
	ns_ok(H "snapview -createsnapshot 10 -snapshotname snap10");
	ns_cmd(&r, H "snapview -startsession ses10 -snapshotname snap10 -persistence");
	ck_assert_int_eq(r.status, 0);
	ns_assert_same_text(CC "snapview_-startsession_-snapshotname_-persistence.txt", &r);
	ns_result_free(&r);
	ns_ok(H "snapview -activatesnapshot ses10 -snapshotname snap10");
	out = ns_out(H "snapview -listsnapshots -snapshotname snap10");
	same_record_labels(CC "snapview_-listsnapshots_-snapshotname_active.txt", 0, out, 0);
	free(out);
	out = ns_out(H "snapview -listsessions -name ses10");
	same_record_labels(CC "snapview_-listsessions_-name.txt", 0, out, 0);
	free(out);
	ns_cmd(&r, H "storagegroup -addsnapshot -gname nosuch -snapshotname snap10 -hlu 255");
	ck_assert_int_ne(r.status, 0);
	ns_assert_same_text(CC "storagegroup_-addsnapshot_unknown_group.txt", &r);
	ns_result_free(&r);
	/* getlun's selected fields, in the order asked (navisim adds the record header). */
	out = ns_out(H "getlun 10 -name -owner -default -capacity");
	{
		char *c = ns_capture(CC "getlun_10_-name_-owner_-default_-capacity.txt", NULL);
		char *a = ns_labels(c), *b = ns_labels(out);
		ck_assert_int_eq(strncmp(b, "LOGICAL UNIT NUMBER\n", 20), 0);
		ck_assert_str_eq(a, b + 20);
		free(a);
		free(b);
		free(c);
	}
	ck_assert_ptr_nonnull(strstr(out, "Name                        LUN 10\nCurrent owner:              SP B\n"
					  "Default Owner:              SP B\nLUN Capacity(Megabytes):    1024\n"));
	free(out);
	/* connection -getport records: iSCSI with and without an address, FC. */
	out = ns_out(H "connection -getport -all");
	same_record_labels(CC "connection_-getport_-all_cx4_fc.txt", 0, out, 2); /* 192.0.2.100 */
	same_record_labels(CC "connection_-getport_-all_cx4_fc.txt", 1, out, 3); /* no address */
	same_record_labels(CC "connection_-getport_-all_cx4_fc.txt", 8, out, 0); /* FC */
	free(out);
	out = ns_out(H "getagent");
	{
		char *c = ns_capture(CC "getagent_cx4-120.txt", NULL), *a = ns_labels(c), *b = ns_labels(out);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
		free(c);
	}
	free(out);
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_clariion", "clariion", NULL, NULL, 120,
		getrg_identical_to_captures, bind_tracks_free_and_contiguous, admin_raid_groups,
		metalun_expansion, snapview_refusals, lifecycle_cx3_40_leaves_nothing,
		lifecycle_cx700_leaves_nothing, fc_logins_seen_by_the_array, fidelity_texts,
		clariion_captures);
}
