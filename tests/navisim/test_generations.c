/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_generations.c - each simulated model runs its own operating
 * environment and can do what that generation could: a CX3-40 on FLARE 26
 * (ALUA, no pools), a CX700 on FLARE 26 (neither), CX4s before and after
 * FLARE 28.5 and 30, a VNX5300 on OE 32 (pools and VNX Snapshots), and the
 * default VNX5400 unchanged.  A CLARiiON lists its ports in the short
 * connection -getport layout.  A command the real array does not have fails
 * with the real array's text; create-array refuses what the model cannot
 * have.
 */
#include "nstest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNSUPPORTED "CLI commands are not supported by the target storage system.\n"
/* The whole refusal, as storops' test quotes it: the target's address, then the sentence. */
#define UNSUPPORTED_AT(addr) "Error returned from the target: " addr "\n" UNSUPPORTED
#define FC_UID "20:00:00:00:C9:00:00:01:10:00:00:00:C9:00:00:01"

/* Whether `ndu -list` on address h names enabler e. */
static int has_enabler(const char *h, const char *e)
{
	char line[128], want[128], *out;
	int found;
	snprintf(line, sizeof(line), "-h %s ndu -list", h);
	snprintf(want, sizeof(want), "Name of the software package:        %s\n", e);
	out = ns_out(line);
	found = strstr(out, want) != NULL;
	free(out);
	return found;
}

/* The commands an array without storage pools does not have. */
static void no_pools(const char *h)
{
	static const char *const cmds[] = {
		"storagepool -list", "storagepool -list -all -id 0", "lun -list -all",
		"lun -create -capacity 1 -sq gb -poolId 0 -name x -o", "snap -create -res 0 -name s",
	};
	char line[256], want[256];
	snprintf(want, sizeof(want), "Error returned from the target: %s\n%s", h, UNSUPPORTED);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(line, sizeof(line), "-h %s %s", h, cmds[i]);
		ns_expect_text(line, want);
	}
	ck_assert(!has_enabler(h, "-ThinProvisioning"));
	ck_assert(!has_enabler(h, "-VNXSnapshots"));
	ck_assert(has_enabler(h, "-SnapView"));
}

START_TEST(cx3_40_flare26_alua_without_pools)
{
	char *out;

	ns_setup();
	ns_array("cx3", "192.0.2.10", "192.0.2.11", "--model CX3-40 --revision 03.26.040.5.011");
	NS_EXPECT_OUT("-h 192.0.2.10 getagent",
		      "Model:               CX3-40\n",
		      "Revision:            03.26.040.5.011\n");
	no_pools("192.0.2.10");
	/* RAID groups instead, two of them by default. */
	NS_EXPECT_OUT("-h 192.0.2.10 getrg",
		      "RaidGroup ID:                              0\n",
		      "RaidGroup ID:                              1\n");
	/* connection -getport before the VNX: FC ports too, no virtual ports. */
	NS_EXPECT_OUT("-h 192.0.2.10 connection -getport -all -sp a -portid 0",
		      "SP: A\nPort ID: 0\nPort WWN: 50:06:01:60:",
		      "iSCSI Alias: N/A\nIP Address: N/A\n");
	out = ns_out("-h 192.0.2.10 connection -getport -all -sp a -portid 2");
	ck_assert_ptr_nonnull(strstr(out, "iSCSI Alias: "));
	ck_assert_ptr_nonnull(strstr(out, "IP Address: 192.0.2.100\nSubnet Mask: 255.255.255.0\n"));
	ck_assert_ptr_null(strstr(out, "Virtual Port ID"));
	free(out);
	ns_expect_fail("-h 192.0.2.10 connection -getport -all -sp a -portid 2 -vportid 0", "invalid command line parameters");
	/* ALUA from FLARE 26 on a CX3: failover mode 4 is the default and accepted. */
	ns_ok("-h 192.0.2.10 storagegroup -create -gname h");
	ns_ok("-h 192.0.2.10 storagegroup -setpath -o -gname h -hbauid " FC_UID " -sp a -spport 0 -type 3 -host h "
	      "-failovermode 4 -arraycommpath 1");
	NS_EXPECT_OUT("-h 192.0.2.10 port -list -hba", "Failover mode:         4\n");
	ns_teardown();
}
END_TEST

START_TEST(cx700_flare26_neither_pools_nor_alua)
{
	ns_setup();
	ns_array("cx7", "192.0.2.12", "192.0.2.13", "--model CX700 --revision 02.26.700.5.016");
	no_pools("192.0.2.12");
	ns_ok("-h 192.0.2.12 storagegroup -create -gname h");
	ns_expect_fail("-h 192.0.2.12 storagegroup -setpath -o -gname h -hbauid " FC_UID
		       " -sp a -spport 0 -type 3 -host h -failovermode 4 -arraycommpath 1",
		       "The failover mode 4 (ALUA) is not supported by this storage system.");
	/* Without -failovermode the path gets PNR (1). */
	ns_ok("-h 192.0.2.12 storagegroup -setpath -o -gname h -hbauid " FC_UID " -sp a -spport 0 -type 3 -host h");
	NS_EXPECT_OUT("-h 192.0.2.12 port -list -hba", "Failover mode:         1\n");
	ns_expect_fail("-h 192.0.2.12 storagegroup -sethost -host h -failovermode 4 -o", "not supported");
	ns_teardown();
}
END_TEST

START_TEST(create_array_follows_the_model)
{
	char *out;

	ns_setup();
	/* No pools on a model without them; unknown models and foreign revisions refused. */
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model CX700 --pools 1", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model CX3-80 --pools 2", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model CX900", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model CX700 "
		      "--revision 04.30.000.5.523", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model VNX5300 "
		      "--revision 05.33.009.5.155", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model VNX5300 "
		      "--enablers -Deduplication", 1);
	ns_expect_status("--admin create-array --name a --spa 192.0.2.1 --spb 192.0.2.2 --model CX700 --rgs 1 "
		      "--rg-disks 2 --raid-type r5", 2);
	/* Defaults per model: a CX3-20c gets FLARE 26 and RAID groups. */
	ns_array("c", "192.0.2.1", "192.0.2.2", "--model CX3-20c");
	NS_EXPECT_OUT("-h 192.0.2.1 getagent", "Revision:            03.26.020.5.014\n");
	NS_EXPECT_OUT("--admin show --name c", "\"pools\": []");
	/* The default VNX5400 is as before: OE 33, two pools, no RAID groups. */
	ns_array("v", "192.0.2.3", "192.0.2.4", NULL);
	NS_EXPECT_OUT("-h 192.0.2.3 getagent", "Revision:            05.33.009.5.155\n");
	NS_EXPECT_OUT("-h 192.0.2.3 storagepool -list", "Pool Name:  Pool 1\n");
	out = ns_out("-h 192.0.2.3 getrg");
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert(has_enabler("192.0.2.3", "-VNXSnapshots") && has_enabler("192.0.2.3", "-Deduplication"));
	ns_teardown();
}
END_TEST

START_TEST(cx4_pools_from_flare_28_5_thick_from_30)
{
	ns_setup();
	/* FLARE 28 before 28.5 (builds below 700): no pools yet. */
	ns_array("r28", "192.0.2.20", "192.0.2.21", "--model CX4-240 --revision 04.28.000.5.504");
	no_pools("192.0.2.20");
	/* FLARE 28.5: pools and thin LUNs, but a pool LUN cannot be thick. */
	ns_array("r285", "192.0.2.22", "192.0.2.23", "--model CX4-240 --revision 04.28.000.5.704");
	ck_assert(has_enabler("192.0.2.22", "-ThinProvisioning"));
	ck_assert(!has_enabler("192.0.2.22", "-FAST"));
	ns_ok("-h 192.0.2.22 lun -create -capacity 1 -sq gb -poolId 0 -name t -o");
	NS_EXPECT_OUT("-h 192.0.2.22 lun -list -all -name t", "Is Thin LUN:  Yes\n");
	ns_expect_text("-h 192.0.2.22 lun -create -type NonThin -capacity 1 -sq gb -poolId 0 -name k -o", UNSUPPORTED_AT("192.0.2.22"));
	/* lun -create -rg is an OE 31 form: FLARE 28.5 does not know -rg. */
	ns_expect_fail("-h 192.0.2.22 lun -create -capacity 1 -sq gb -rg 0 -name r -o", "invalid command line parameters");
	/* FLARE 30: thick pool LUNs and FAST. */
	ns_array("r30", "192.0.2.24", "192.0.2.25", "--model CX4-480");
	ck_assert(has_enabler("192.0.2.24", "-FAST"));
	ns_ok("-h 192.0.2.24 lun -create -type NonThin -capacity 1 -sq gb -poolId 0 -name k -o");
	NS_EXPECT_OUT("-h 192.0.2.24 lun -list -all -name k", "Is Thin LUN:  No\n");
	ns_teardown();
}
END_TEST

START_TEST(vnx5300_oe32_pools_and_rg_luns)
{
	char *out;

	ns_setup();
	ns_array("v53", "192.0.2.30", "192.0.2.31", "--model VNX5300");
	NS_EXPECT_OUT("-h 192.0.2.30 getagent", "Revision:            05.32.");
	ck_assert(has_enabler("192.0.2.30", "-VNXSnapshots"));
	ck_assert(has_enabler("192.0.2.30", "-ThinProvisioning"));
	ck_assert(has_enabler("192.0.2.30", "-SnapView"));
	ck_assert(!has_enabler("192.0.2.30", "-Deduplication")); /* block dedup came with OE 33 */
	ns_ok("-h 192.0.2.30 lun -create -type Thin -capacity 5 -sq gb -poolId 0 -name thin -o");
	ns_ok("-h 192.0.2.30 lun -create -type NonThin -capacity 5 -sq gb -poolId 1 -name thick -o");
	ns_ok("-h 192.0.2.30 snap -create -res 0 -name s1");
	/* SnapView too: a thick pool LUN may serve in the reserved LUN pool, a thin one not. */
	ns_expect_fail("-h 192.0.2.30 reserved -lunpool -addlun 0", "cannot be added to the reserved LUN pool");
	ns_ok("-h 192.0.2.30 reserved -lunpool -addlun 1");
	ns_ok("-h 192.0.2.30 snapview -createsnapshot 0 -snapshotname sv0");
	free(ns_out("-h 192.0.2.30 snapview -startsession ses0 -snapshotname sv0"));
	ns_expect_fail("-h 192.0.2.30 lun -destroy -name thin -destroySnapshots -o", "being used by a feature");
	ns_ok("-h 192.0.2.30 snapview -stopsession ses0 -o");
	ns_ok("-h 192.0.2.30 snapview -rmsnapshot -snapshotname sv0 -o");
	ns_ok("-h 192.0.2.30 reserved -lunpool -rmlun 1 -o");
	/* RAID groups too, and lun -create -rg (OE 31+) puts a FLARE LUN in one. */
	ns_ok("--admin create-rg --name v53 --rg 3 --disks 5");
	ns_ok("-h 192.0.2.30 lun -create -capacity 2 -sq gb -rg 3 -l 40 -name flare -o");
	ns_expect_text("-h 192.0.2.30 lun -create -capacity 2 -sq gb -rg 3 -l 40 -name other -o",
		       "Error: lun command failed\nLUN already exists");
	ns_expect_fail("-h 192.0.2.30 lun -create -capacity 2 -sq gb -rg 9 -name nogroup -o", "(RAID Group) may not exist");
	ns_expect_fail("-h 192.0.2.30 lun -create -capacity 2 -sq gb -rg 3 -poolId 0 -name both -o",
		       "invalid command line parameters");
	/* lun -list shows pool LUNs; getlun shows the FLARE LUN. */
	out = ns_out("-h 192.0.2.30 lun -list -all");
	ck_assert_ptr_null(strstr(out, "flare"));
	free(out);
	ns_expect_fail("-h 192.0.2.30 lun -list -all -l 40", "(pool lun) may not exist");
	out = ns_out("-h 192.0.2.30 getlun 40 -name -rg -type");
	ck_assert_str_eq(out, "LOGICAL UNIT NUMBER 40\n"
			      "Name                        flare\n"
			      "RAIDGroup ID:               3\n"
			      "RAID Type:                  RAID5\n\n");
	free(out);
	ns_ok("-h 192.0.2.30 unbind 40 -o");
	/* Without the enabler an OE 32 array has no VNX Snapshots. */
	ns_array("v53b", "192.0.2.32", "192.0.2.33",
		 "--model VNX5300 --enablers -ThinProvisioning,-Compression,-SnapView");
	ns_ok("-h 192.0.2.32 lun -create -capacity 1 -sq gb -poolId 0 -name l -o");
	ns_expect_text("-h 192.0.2.32 snap -create -res 0 -name s1", UNSUPPORTED_AT("192.0.2.32"));
	ns_expect_text("-h 192.0.2.32 lun -create -type snap -primaryLun 0 -name m", UNSUPPORTED_AT("192.0.2.32"));
	/* OE 31: no VNX Snapshots at all. */
	ns_array("v31", "192.0.2.34", "192.0.2.35", "--model VNX5500 --revision 05.31.000.5.704");
	ck_assert(!has_enabler("192.0.2.34", "-VNXSnapshots"));
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_generations", "generations", NULL, NULL, 120,
		cx3_40_flare26_alua_without_pools, cx700_flare26_neither_pools_nor_alua,
		create_array_follows_the_model, cx4_pools_from_flare_28_5_thick_from_30,
		vnx5300_oe32_pools_and_rg_luns);
}
