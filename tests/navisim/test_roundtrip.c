/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_roundtrip.c - everything navisim prints, the adapter's parsers
 * (slgw_vnxparse, vnx_parse.h) read back with no field lost: the simulator
 * is seeded with known objects, every listing is parsed, and each parsed
 * field is compared with what was seeded.  Every error navisim prints is
 * classified into the class the gateway acts on (not found, in use,
 * unreachable, auth, ...), and modifying successes classify as success.
 */
#include "nstest.h"
#include "vnx_parse.h"

#include <stdlib.h>
#include <string.h>

#define G "-h 192.0.2.71 -user admin -password pw -scope 0 "
#define IQN "iqn.2026-01.com.example:xs1"
#define WWN "20:00:00:90:FA:53:4C:D0:10:00:00:90:FA:53:4C:D0"

static void seed(void)
{
	ns_array("rt", "192.0.2.71", "192.0.2.72",
		 "--user admin --password pw --serial APM00112233445 --pools 2 --pool-gb 100 --fc-ports 2 --iscsi-ports 2");
	ns_ok(G "lun -create -capacity 10 -sq gb -poolId 0 -name thick -sp A -o");               /* 0 */
	ns_ok(G "lun -create -type Thin -capacity 4096 -sq mb -poolId 1 -name thin -sp B -o"); /* 1 */
	ns_ok(G "snap -create -res 1 -name snapA -allowReadWrite yes");
	ns_ok(G "lun -create -type snap -primaryLun 1 -name smp");                                /* 2 */
	ns_ok(G "lun -attach -name smp -snapName snapA");
	ns_ok(G "storagegroup -create -gname xs1");
	ns_ok(G "storagegroup -setpath -o -gname xs1 -hbauid " IQN " -sp a -spport 2 -spvport 0 -type 3 -ip 10.0.0.5 -host xs1 -failovermode 4 -arraycommpath 1");
	ns_ok(G "storagegroup -setpath -o -gname xs1 -hbauid " WWN " -sp b -spport 1 -type 3 -host xs1 -failovermode 4 -arraycommpath 1");
	ns_ok(G "storagegroup -addhlu -hlu 7 -alu 0 -gname xs1 -o");
	ns_ok(G "storagegroup -addhlu -hlu 9 -alu 1 -gname xs1 -o");
}

START_TEST(luns)
{
	ns_result r;
	vnx_lun *l = NULL;
	size_t n = 0;

	ns_setup();
	seed();
	ns_cmd(&r, G "lun -list -all");
	ck_assert_int_eq(vnx_parse_lun_list(r.out, r.len, &l, &n), 0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(l[0].id, 0);
	ck_assert_str_eq(l[0].name, "thick");
	ck_assert_str_eq(l[0].pool, "Pool 0");
	ck_assert_int_eq(l[0].user_capacity_blocks, 20971520);
	ck_assert_int_eq(l[0].consumed_capacity_blocks, 20971520);
	ck_assert_double_eq_tol(l[0].user_capacity_gb, 10.0, 1e-9);
	ck_assert(!l[0].is_thin);
	ck_assert(l[0].is_pool_lun);
	ck_assert_int_eq(l[0].current_owner, 'A');
	ck_assert_int_eq(l[0].default_owner, 'A');
	ck_assert_str_eq(l[0].current_state, "Ready");
	ck_assert_str_eq(l[0].status, "OK(0x0)");
	ck_assert_str_eq(l[0].current_operation, "None");
	ck_assert_int_eq(l[0].current_operation_percent, 0);
	ck_assert_ptr_null(l[0].tiering_policy);
	ck_assert_ptr_null(l[0].dedup_state);
	ck_assert(!l[0].is_faulted && !l[0].is_transitioning && !l[0].is_private && !l[0].is_compressed);
	ck_assert_ptr_null(l[0].primary_lun);
	ck_assert_ptr_null(l[0].attached_snapshot);
	ck_assert_int_eq(l[0].smp_count, 0);
	ck_assert_int_eq(strlen(l[0].uid), 47);
	ck_assert_int_eq(l[1].id, 1);
	ck_assert_str_eq(l[1].name, "thin");
	ck_assert_str_eq(l[1].pool, "Pool 1");
	ck_assert(l[1].is_thin);
	ck_assert_int_eq(l[1].user_capacity_blocks, 8388608);
	ck_assert_int_eq(l[1].current_owner, 'B');
	ck_assert_str_eq(l[1].tiering_policy, "Auto Tier");
	ck_assert_str_eq(l[1].dedup_state, "Off");
	ck_assert_int_eq(l[1].consumed_capacity_blocks, 8388608 / 64);
	ck_assert_int_eq(l[1].smp_count, 1);
	ck_assert_int_eq(l[1].smp_ids[0], 2);
	ck_assert_str_ne(l[0].uid, l[1].uid);
	ck_assert_str_eq(l[2].name, "smp");
	ck_assert_str_eq(l[2].primary_lun, "thin");
	ck_assert_str_eq(l[2].attached_snapshot, "snapA");
	ck_assert_str_ne(l[2].uid, l[1].uid);
	vnx_lun_array_free(l, n);
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(storage_groups_and_hbas)
{
	ns_result r;
	vnx_storage_group *sg = NULL;
	vnx_hba *h = NULL;
	size_t n = 0, i;
	int found_iqn = 0, found_wwn = 0;

	ns_setup();
	seed();
	for (int messner = 0; messner < 2; messner++) {
		ns_cmd(&r, messner ? G "storagegroup -messner -list -host -iscsiAttributes -gname xs1"
				   : G "storagegroup -list -host -iscsiAttributes");
		ck_assert_int_eq(vnx_parse_storagegroup_list(r.out, r.len, &sg, &n), 0);
		ck_assert_int_eq(n, 1);
		ck_assert_str_eq(sg[0].name, "xs1");
		ck_assert_int_eq(strlen(sg[0].uid), 47);
		ck_assert_int_eq(sg[0].hba_count, 2);
		ck_assert_str_eq(sg[0].hbas[0].uid, IQN);
		ck_assert_int_eq(sg[0].hbas[0].sp, 'A');
		ck_assert_int_eq(sg[0].hbas[0].sp_port, 2);
		ck_assert_int_eq(sg[0].hbas[0].sp_vport, 0);
		ck_assert_str_eq(sg[0].hbas[0].host_name, "xs1");
		ck_assert_str_eq(sg[0].hbas[0].initiator_ip, "10.0.0.5");
		ck_assert_int_eq(sg[0].hbas[0].tpgt, 1);
		ck_assert_ptr_nonnull(sg[0].hbas[0].isid);
		/* An FC path has no portal lines (storops' "microsoft" capture). */
		ck_assert_int_eq(sg[0].hbas[1].tpgt, -1);
		ck_assert_ptr_null(sg[0].hbas[1].isid);
		ck_assert_str_eq(sg[0].hbas[1].host_name, "xs1");
		ck_assert(!sg[0].special && !sg[0].is_default);
		ck_assert_str_eq(sg[0].hbas[1].uid, WWN);
		ck_assert_int_eq(sg[0].hbas[1].sp, 'B');
		ck_assert_int_eq(sg[0].hbas[1].sp_port, 1);
		ck_assert_ptr_null(sg[0].hbas[1].initiator_ip);
		ck_assert_int_eq(sg[0].hlu_count, 2);
		ck_assert_int_eq(sg[0].hlus[0].hlu, 7);
		ck_assert_int_eq(sg[0].hlus[0].alu, 0);
		ck_assert_int_eq(sg[0].hlus[1].hlu, 9);
		ck_assert_int_eq(sg[0].hlus[1].alu, 1);
		ck_assert(sg[0].shareable);
		vnx_storage_group_array_free(sg, n);
		ns_result_free(&r);
	}
	ns_cmd(&r, G "port -list -hba");
	ck_assert_int_eq(vnx_parse_hba_list(r.out, r.len, &h, &n), 0);
	ck_assert_int_eq(n, 2);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(h[i].port_count, 1);
		ck_assert_str_eq(h[i].server_name, "xs1");
		ck_assert_int_eq(h[i].ports[0].initiator_type, 3);
		ck_assert_int_eq(h[i].ports[0].failover_mode, 4);
		ck_assert_int_eq(h[i].ports[0].arraycommpath, 1);
		ck_assert_str_eq(h[i].ports[0].storage_group, "xs1");
		ck_assert(h[i].ports[0].logged_in);
		ck_assert(h[i].ports[0].defined);
		if (strcmp(h[i].uid, IQN) == 0) {
			found_iqn = 1;
			ck_assert_str_eq(h[i].server_ip, "10.0.0.5");
			ck_assert_int_eq(h[i].ports[0].sp, 'A');
			ck_assert_int_eq(h[i].ports[0].sp_port, 2);
		} else if (strcmp(h[i].uid, WWN) == 0) {
			found_wwn = 1;
			ck_assert_ptr_null(h[i].server_ip);
			ck_assert_int_eq(h[i].ports[0].sp, 'B');
		}
	}
	ck_assert(found_iqn && found_wwn);
	vnx_hba_array_free(h, n);
	ns_result_free(&r);
	/* port -list -all: initiators first, SP ports after; both parsers find theirs. */
	ns_cmd(&r, G "port -list -all");
	ck_assert_int_eq(vnx_parse_hba_list(r.out, r.len, &h, &n), 0);
	ck_assert_int_eq(n, 2);
	vnx_hba_array_free(h, n);
	{
		vnx_sp_port *sp = NULL;
		size_t np = 0;
		ck_assert_int_eq(vnx_parse_sp_port_list(r.out, r.len, &sp, &np), 0);
		ck_assert_int_eq(np, 8);
		vnx_sp_port_array_free(sp, np);
	}
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(snaps_pools_migrations)
{
	ns_result r;
	vnx_snap *s = NULL;
	vnx_pool *p = NULL;
	vnx_migration *m = NULL;
	size_t n = 0;

	ns_setup();
	seed();
	ns_cmd(&r, G "snap -list -detail");
	ck_assert_int_eq(vnx_parse_snap_list(r.out, r.len, &s, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(s[0].name, "snapA");
	ck_assert_int_eq(s[0].source_lun_count, 1);
	ck_assert_int_eq(s[0].source_luns[0], 1);
	ck_assert_int_eq(s[0].primary_luns[0], 1);
	ck_assert_int_eq(s[0].attached_lun_count, 1);
	ck_assert_int_eq(s[0].attached_luns[0], 2);
	ck_assert(s[0].allow_rw);
	ck_assert(s[0].allow_auto_delete);
	ck_assert_str_eq(s[0].state, "Ready");
	ck_assert_ptr_nonnull(s[0].creation_time);
	vnx_snap_array_free(s, n);
	ns_result_free(&r);

	ns_cmd(&r, G "storagepool -list -all");
	ck_assert_int_eq(vnx_parse_pool_list(r.out, r.len, &p, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(p[0].id, 0);
	ck_assert_str_eq(p[0].name, "Pool 0");
	ck_assert_int_eq(p[0].user_capacity_blocks, 209715200);
	ck_assert_int_eq(p[0].consumed_capacity_blocks, 20971520);
	ck_assert_int_eq(p[0].available_capacity_blocks, 209715200 - 20971520);
	ck_assert_int_eq(p[0].lun_count, 1);
	ck_assert_int_eq(p[0].luns[0], 0);
	ck_assert_int_eq(p[1].lun_count, 2);
	ck_assert_int_eq(p[1].consumed_capacity_blocks, 8388608 / 64);
	ck_assert_int_eq(p[1].total_subscribed_capacity_blocks, 8388608);
	ck_assert_int_ge(p[0].tier_count, 1);
	ck_assert_str_eq(p[0].state, "Ready");
	ck_assert_str_eq(p[0].status, "OK(0x0)");
	ck_assert_str_eq(p[0].raid_type, "r_5");
	ck_assert_str_eq(p[0].fast_cache, "Enabled");
	ck_assert_int_eq(p[0].percent_full_threshold, 70);
	ck_assert_double_eq_tol(p[0].user_capacity_gb, 100.0, 1e-9);
	ck_assert_double_eq_tol(p[0].percent_full, 10.0, 1e-3);
	ck_assert_int_eq(p[0].oversubscribed_by_blocks, 0);
	ck_assert_str_eq(p[0].tiers[0].name, "Performance");
	ck_assert_double_eq_tol(p[0].tiers[0].user_gb, 100.0, 1e-9);
	ck_assert_double_eq_tol(p[0].tiers[0].consumed_gb, 10.0, 1e-9);
	vnx_pool_array_free(p, n);
	ns_result_free(&r);

	ns_ok("--admin migrate-rate --name rt --mbps 1");
	ns_ok(G "lun -create -capacity 10 -sq gb -poolId 1 -name dst -o");
	ns_ok(G "migrate -start -source 0 -dest 3 -rate medium -o");
	ns_cmd(&r, G "migrate -list");
	ck_assert_int_eq(vnx_parse_migrate_list(r.out, r.len, &m, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(m[0].source_id, 0);
	ck_assert_str_eq(m[0].source_name, "thick");
	ck_assert_int_eq(m[0].dest_id, 3);
	ck_assert_str_eq(m[0].dest_name, "dst");
	ck_assert_str_eq(m[0].rate, "medium");
	ck_assert_str_eq(m[0].state, "MIGRATING");
	ck_assert_int_ge(m[0].percent, 0);
	ck_assert_int_lt(m[0].percent, 100);
	ck_assert_ptr_nonnull(m[0].time_remaining);
	vnx_migration_array_free(m, n);
	ns_result_free(&r);
	/* The LUN listing shows the migration on both ends. */
	{
		vnx_lun *l = NULL;
		ns_cmd(&r, G "lun -list -all");
		ck_assert_int_eq(vnx_parse_lun_list(r.out, r.len, &l, &n), 0);
		ck_assert_int_eq(n, 4);
		ck_assert_str_eq(l[0].current_operation, "Migration");
		ck_assert(!l[0].is_private);
		ck_assert_str_eq(l[3].name, "dst");
		ck_assert(l[3].is_private);
		vnx_lun_array_free(l, n);
		ns_result_free(&r);
	}
	ns_teardown();
}
END_TEST

START_TEST(array_inventory)
{
	ns_result r;
	vnx_agent *a = NULL;
	vnx_enabler *e = NULL;
	vnx_sp_port *sp = NULL;
	vnx_iscsi_port *ip = NULL;
	size_t n = 0, i;
	int snaps = 0, thin = 0, iscsi = 0, fc = 0;

	ns_setup();
	seed();
	ns_cmd(&r, "-h 192.0.2.72 -user admin -password pw -scope 0 getagent");
	ck_assert_int_eq(vnx_parse_agent(r.out, r.len, &a), 0);
	ck_assert_str_eq(a->model, "VNX5400");
	ck_assert_str_eq(a->serial, "APM00112233445");
	ck_assert_int_eq(a->sp, 'B');
	ck_assert_int_eq(strncmp(a->revision, "05.33.", 6), 0);
	ck_assert_str_eq(a->node, "B-APM00112233445");
	ck_assert_str_eq(a->model_type, "Rackmount");
	ck_assert_str_eq(a->cabinet, "DPE9");
	ck_assert_int_eq(a->sp_memory_mb, 32768);
	ck_assert_ptr_nonnull(a->agent_rev);
	vnx_agent_free(a);
	ns_result_free(&r);

	ns_cmd(&r, G "ndu -list");
	ck_assert_int_eq(vnx_parse_ndu_list(r.out, r.len, &e, &n), 0);
	ck_assert_int_eq(n, 7); /* with -SnapView, which every generation has */
	for (i = 0; i < n; i++) {
		ck_assert_ptr_null(e[i].revision);
		ck_assert(!e[i].commit_required && !e[i].revert_possible && !e[i].system_software);
		snaps |= strcmp(e[i].name, "VNXSnapshots") == 0 && e[i].active;
		thin |= strcmp(e[i].name, "ThinProvisioning") == 0 && e[i].installed;
	}
	ck_assert(snaps && thin);
	vnx_enabler_array_free(e, n);
	ns_result_free(&r);

	ns_cmd(&r, G "port -list -sp -all");
	ck_assert_int_eq(vnx_parse_sp_port_list(r.out, r.len, &sp, &n), 0);
	ck_assert_int_eq(n, 8);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(sp[i].link_status, "Up");
		ck_assert_str_eq(sp[i].port_status, "Online");
		ck_assert_ptr_nonnull(sp[i].speed);
		ck_assert_str_eq(sp[i].usage, "General");
		ck_assert_int_ge(sp[i].io_module_slot, 0);
		if (sp[i].type == VNX_PORT_ISCSI) {
			iscsi++;
			ck_assert_ptr_nonnull(sp[i].mac_address);
			ck_assert_int_eq(strncmp(sp[i].uid, "iqn.1992-04.com.emc:cx.apm00112233445.", 38), 0);
		} else if (sp[i].type == VNX_PORT_FC) {
			fc++;
		}
		if (sp[i].sp == 'A' && sp[i].port_id == 2)
			ck_assert_int_eq(sp[i].registered_initiators, 1);
	}
	ck_assert_int_eq(iscsi, 4);
	ck_assert_int_eq(fc, 4);
	vnx_sp_port_array_free(sp, n);
	ns_result_free(&r);

	ns_cmd(&r, G "connection -getport -all");
	ck_assert_int_eq(vnx_parse_iscsi_port_list(r.out, r.len, &ip, &n), 0);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(ip[0].sp, 'A');
	ck_assert_int_eq(ip[0].port_id, 2);
	ck_assert_int_eq(ip[0].vport_id, 0);
	ck_assert_str_eq(ip[0].ip_address, "192.0.2.100");
	ck_assert_str_eq(ip[0].iqn, "iqn.1992-04.com.emc:cx.apm00112233445.a2");
	ck_assert_str_eq(ip[0].alias, "3445.a2");
	ck_assert_ptr_nonnull(ip[0].mac_address);
	ck_assert_str_eq(ip[0].speed, "10000 Mb");
	ck_assert_int_eq(ip[0].mtu, 1500);
	ck_assert_int_eq(ip[0].vlan_id, -1);
	ck_assert_str_eq(ip[0].subnet_mask, "255.255.255.0");
	ck_assert_str_eq(ip[0].gateway, "0.0.0.0");
	ck_assert(!ip[0].initiator_auth);
	ck_assert_int_eq(ip[2].sp, 'B');
	ck_assert_str_eq(ip[2].ip_address, "198.51.100.100");
	vnx_iscsi_port_array_free(ip, n);
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

/* Run cmd: a modifying command; classify its output and compare the class. */
static void expect_class(const char *cmd, vnx_errclass want)
{
	ns_result r;
	vnx_error e = {0};
	int rc;

	ns_cmd(&r, cmd);
	rc = vnx_classify_modify_output(r.out, r.len, &e);
	ck_assert_int_ge(rc, 0);
	ck_assert_msg(e.cls == want, "'%s' printed '%s': class %s, want %s", cmd, r.out,
		      vnx_errclass_name(e.cls), vnx_errclass_name(want));
	ck_assert_int_eq(rc == 1, r.status != 0);
	vnx_error_clear(&e);
	ns_result_free(&r);
}

START_TEST(errors_classify)
{
	ns_setup();
	seed();
	expect_class(G "lun -create -capacity 1 -sq gb -poolId 0 -name thick -o", VNX_ERR_NAME_IN_USE);
	expect_class(G "lun -create -capacity 1 -sq gb -poolId 7 -name n -o", VNX_ERR_NOT_FOUND);
	expect_class(G "lun -destroy -name nope -o", VNX_ERR_NOT_FOUND);
	expect_class(G "lun -destroy -name thick -o", VNX_ERR_MAPPED);
	ns_ok(G "lun -create -capacity 1 -sq gb -poolId 0 -name withsnap -o");
	ns_ok(G "snap -create -res 3 -name ws1");
	expect_class(G "lun -destroy -name withsnap -o", VNX_ERR_HAS_SNAPSHOTS);
	ns_ok(G "lun -destroy -name withsnap -destroySnapshots -o");
	ns_ok(G "storagegroup -removehlu -hlu 9 -gname xs1 -o");
	expect_class(G "lun -destroy -name thin -destroySnapshots -o", VNX_ERR_HAS_SNAPSHOTS);
	ns_ok(G "storagegroup -addhlu -hlu 9 -alu 1 -gname xs1 -o");
	expect_class(G "lun -expand -name thick -capacity 5 -sq gb -o", VNX_ERR_INVALID_ARGS);
	expect_class(G "snap -create -res 1 -name snapA", VNX_ERR_NAME_IN_USE);
	expect_class(G "snap -destroy -id snapA -o", VNX_ERR_MAPPED);
	expect_class(G "snap -destroy -id nope -o", VNX_ERR_NOT_FOUND);
	expect_class(G "storagegroup -create -gname xs1", VNX_ERR_NAME_IN_USE);
	expect_class(G "storagegroup -addhlu -hlu 7 -alu 2 -gname xs1 -o", VNX_ERR_HLU_IN_USE);
	expect_class(G "storagegroup -addhlu -hlu 8 -alu 0 -gname xs1 -o", VNX_ERR_ALREADY_MAPPED);
	expect_class(G "storagegroup -addhlu -hlu 8 -alu 99 -gname xs1 -o", VNX_ERR_NOT_FOUND);
	expect_class(G "storagegroup -removehlu -hlu 100 -gname xs1 -o", VNX_ERR_NOT_FOUND);
	expect_class(G "storagegroup -addhlu -hlu 8 -alu 2 -gname none -o", VNX_ERR_NOT_FOUND);
	expect_class(G "storagegroup -setpath -o -gname xs1 -hbauid " IQN " -sp a -spport 2 -spvport 0 -type 3 -ip 10.0.0.5 -host xs1 -failovermode 4 -arraycommpath 1",
		     VNX_ERR_ALREADY_MAPPED);
	expect_class(G "port -removeHBA -hbauid iqn.2026-01.com.example:none -o", VNX_ERR_NOT_FOUND);
	expect_class(G "lun -create -capacity 1 -sq gb -poolId 0 -bogus -o", VNX_ERR_INVALID_ARGS);
	expect_class(G "lun -detach -name thick -o", VNX_ERR_INVALID_ARGS);
	expect_class("-h 192.0.2.71 -user admin -password nope -scope 0 lun -destroy -name thin -o", VNX_ERR_AUTH);
	expect_class("-h 192.0.2.99 lun -destroy -name thin -o", VNX_ERR_UNREACHABLE);
	ns_ok("--admin sp-down --name rt --sp B");
	expect_class("-h 192.0.2.72 -user admin -password pw -scope 0 lun -destroy -name thin -o", VNX_ERR_UNREACHABLE);
	ns_ok("--admin fail-next --name rt --count 1 --match -addhlu --message SP_A:_(0x712d8e0e)");
	expect_class(G "storagegroup -addhlu -hlu 8 -alu 2 -gname xs1 -o", VNX_ERR_BUSY);
	expect_class(G "storagegroup -addhlu -hlu 8 -alu 2 -gname xs1 -o", VNX_ERR_NONE);
	ns_ok("--admin migrate-rate --name rt --mbps 1");
	ns_ok(G "lun -create -capacity 10 -sq gb -poolId 1 -name dst -o");
	ns_ok(G "migrate -start -source 0 -dest 3 -rate low -o");
	expect_class(G "lun -destroy -name dst -o", VNX_ERR_BUSY);
	ns_teardown();
}
END_TEST

#define C "-h 192.0.2.75 "

/* A CX3-40 with a FLARE LUN, a metaLUN, a SnapView snapshot on a session,
 * and an FC initiator only the fabric knows. */
static void seed_clariion(void)
{
	ns_array("cx", "192.0.2.75", "192.0.2.76",
		 "--model CX3-40 --revision 03.26.040.5.011 --disk-gb 10 --fc-ports 2 --iscsi-ports 2");
	ns_ok(C "bind r5 4 -rg 0 -cap 2 -sq gb -sp b");
	ns_ok(C "chglun -l 4 -name vol4");
	ns_ok(C "bind r5 5 -rg 0 -cap 3 -sq gb -sp a");
	ns_ok(C "bind r5 6 -rg 1 -cap 1 -sq gb");
	ns_ok(C "metalun -expand -base 5 -lus 6 -type C -o");
	ns_ok(C "bind r5 9 -rg 1 -cap 1 -sq gb");
	ns_ok(C "reserved -lunpool -addlun 9");
	ns_ok(C "snapview -createsnapshot 4 -snapshotname sv4");
	free(ns_out(C "snapview -startsession ses4 -snapshotname sv4 -persistence"));
	ns_ok(C "snapview -activatesnapshot ses4 -snapshotname sv4");
	ns_ok("--admin fc-login --name cx --sp B --port 1 --wwpn 10:00:00:90:FA:53:4C:D1");
}

START_TEST(clariion_listings)
{
	ns_result r;
	vnx_raidgroup *g = NULL;
	vnx_classic_lun *l = NULL;
	vnx_sv_snapshot *sv = NULL;
	vnx_sv_session *ses = NULL;
	vnx_iscsi_port *ip = NULL;
	vnx_hba *h = NULL;
	size_t n = 0, i;

	ns_setup();
	seed_clariion();
	ns_cmd(&r, C "getrg");
	ck_assert_int_eq(vnx_parse_raidgroup_list(r.out, r.len, &g, &n), 0);
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(g[0].id, 0);
	ck_assert_str_eq(g[0].raid_type, "r5");
	ck_assert_int_eq(g[0].disk_count, 5);
	ck_assert_int_eq(g[0].lun_count, 2);
	ck_assert_int_eq(g[0].logical_capacity_blocks, 40LL * 2097152);
	ck_assert_int_eq(g[0].free_capacity_blocks, 35LL * 2097152);
	ck_assert_int_eq(g[0].free_contiguous_blocks, 35LL * 2097152);
	ck_assert_str_eq(g[0].legal_raid_types, "r5");
	vnx_raidgroup_array_free(g, n);
	ns_result_free(&r);

	ns_cmd(&r, C "getlun -name -uid -capacity -rg -type -owner -default -ismetalun");
	ck_assert_int_eq(vnx_parse_getlun(r.out, r.len, &l, &n), 0);
	ck_assert_int_eq(n, 3); /* 4, the metaLUN 5, the reserved LUN 9 */
	for (i = 0; i < n && l[i].id != 4; i++)
		;
	ck_assert_uint_lt(i, n);
	ck_assert_str_eq(l[i].name, "vol4");
	ck_assert_int_eq(l[i].raid_group, 0);
	ck_assert_str_eq(l[i].raid_type, "RAID5");
	ck_assert_int_eq(l[i].capacity_mb, 2048);
	ck_assert_int_eq(l[i].current_owner, 'B');
	ck_assert(!l[i].is_meta);
	ck_assert_int_eq(strncmp(l[i].uid, "60:06:01:60:", 12), 0);
	for (i = 0; i < n && l[i].id != 5; i++)
		;
	ck_assert_uint_lt(i, n);
	ck_assert(l[i].is_meta);
	ck_assert_int_eq(l[i].capacity_mb, 4096);
	vnx_classic_lun_array_free(l, n);
	ns_result_free(&r);

	ns_cmd(&r, C "snapview -listsnapshots");
	ck_assert_int_eq(vnx_parse_sv_snapshot_list(r.out, r.len, &sv, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sv[0].name, "sv4");
	ck_assert_int_eq(sv[0].target_lun, 4);
	ck_assert_str_eq(sv[0].state, "Active");
	ck_assert_str_eq(sv[0].session, "ses4");
	vnx_sv_snapshot_array_free(sv, n);
	ns_result_free(&r);

	ns_cmd(&r, C "snapview -listsessions");
	ck_assert_int_eq(vnx_parse_sv_session_list(r.out, r.len, &ses, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(ses[0].name, "ses4");
	ck_assert_int_eq(ses[0].lun_count, 1);
	ck_assert_int_eq(ses[0].luns[0], 4);
	ck_assert(ses[0].persistent);
	ck_assert_str_eq(ses[0].state, "Normal");
	vnx_sv_session_array_free(ses, n);
	ns_result_free(&r);

	/* CLARiiON layout: FC ports listed (and typed FC), iSCSI portals in the port record. */
	ns_cmd(&r, C "connection -getport -all");
	ck_assert_int_eq(vnx_parse_iscsi_port_list(r.out, r.len, &ip, &n), 0);
	ck_assert_int_eq(n, 8);
	ck_assert_int_eq(ip[0].type, VNX_PORT_FC);
	ck_assert_ptr_null(ip[0].iqn);
	ck_assert_int_eq(ip[2].type, VNX_PORT_ISCSI);
	ck_assert_int_eq(ip[2].vport_id, -1);
	ck_assert_str_eq(ip[2].ip_address, "192.0.2.100");
	vnx_iscsi_port_array_free(ip, n);
	ns_result_free(&r);

	ns_cmd(&r, C "port -list -hba");
	ck_assert_int_eq(vnx_parse_hba_list(r.out, r.len, &h, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(h[0].uid, "20:00:00:90:FA:53:4C:D1:10:00:00:90:FA:53:4C:D1");
	ck_assert_int_eq(h[0].port_count, 1);
	ck_assert_int_eq(h[0].ports[0].sp, 'B');
	ck_assert_int_eq(h[0].ports[0].sp_port, 1);
	ck_assert(h[0].ports[0].logged_in);
	ck_assert(!h[0].ports[0].defined);
	vnx_hba_array_free(h, n);
	ns_result_free(&r);
	ns_teardown();
}
END_TEST

START_TEST(clariion_errors_classify)
{
	ns_setup();
	seed_clariion();
	expect_class(C "bind r5 4 -rg 0 -cap 1 -sq gb", VNX_ERR_ID_IN_USE);
	expect_class(C "bind r5 20 -rg 7 -cap 1 -sq gb", VNX_ERR_NOT_FOUND);
	expect_class(C "bind r5 20 -rg 0 -cap 100 -sq gb", VNX_ERR_NO_SPACE);
	expect_class(C "unbind 77 -o", VNX_ERR_NOT_FOUND);
	expect_class(C "unbind 4 -o", VNX_ERR_BUSY);
	expect_class(C "unbind 5 -o", VNX_ERR_INVALID_ARGS);
	expect_class(C "getrg 7", VNX_ERR_NOT_FOUND);
	expect_class(C "getlun 77", VNX_ERR_NOT_FOUND);
	expect_class(C "storagepool -list", VNX_ERR_NOT_SUPPORTED);
	expect_class(C "lun -list", VNX_ERR_NOT_SUPPORTED);
	expect_class(C "snapview -createsnapshot 5 -snapshotname sv4", VNX_ERR_NAME_IN_USE);
	expect_class(C "snapview -startsession ses4 -lun 5", VNX_ERR_NAME_IN_USE);
	expect_class(C "snapview -startsession ses5 -lun 5", VNX_ERR_NO_SPACE);
	expect_class(C "snapview -stopsession nope -o", VNX_ERR_NOT_FOUND);
	expect_class(C "snapview -rmsnapshot -snapshotname nope -o", VNX_ERR_NOT_FOUND);
	expect_class(C "snapview -rmsnapshot -snapshotname sv4 -o", VNX_ERR_MAPPED);
	expect_class(C "storagegroup -addsnapshot -gname nope -snapshotname sv4 -hlu 3", VNX_ERR_NOT_FOUND);
	expect_class(C "storagegroup -create -gname g", VNX_ERR_NONE);
	expect_class(C "storagegroup -connecthost -host nobody -gname g -o", VNX_ERR_NOT_FOUND);
	ns_teardown();
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("navisim_roundtrip", "roundtrip", NULL, NULL, 120,
		luns, storage_groups_and_hbas, snaps_pools_migrations, array_inventory,
		errors_classify, clariion_listings, clariion_errors_classify);
}
