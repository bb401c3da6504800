/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_cmd.c - the naviseccli argv builders produce exactly the syntax of
 * reference/vnx.md, carry the right safety flags, and refuse inputs that
 * would be misread as options or corrupt the output.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_cmd.h"
#include "../common/suite_one.h"

/* Asserts cmd's words equal the NULL-terminated list want. */
static void expect(const struct vnx_cmd *c, const char *const *want)
{
	size_t i;

	for (i = 0; want[i]; i++) {
		ck_assert_msg(i < c->argc, "argv too short at %zu (want %s)", i, want[i]);
		ck_assert_str_eq(c->argv[i], want[i]);
	}
	ck_assert_uint_eq(c->argc, i);
	ck_assert_ptr_null(c->argv[c->argc]);
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

START_TEST(lun_create_by_pool_name_thin)
{
	struct vnx_cmd c;
	struct slgw_lun_spec s = { .name = "vol1", .size_mb = 10240, .pool_id = -1,
	                           .pool_name = "Pool 0", .thin = 1, .sp = 'b',
	                           .ignore_thresholds = 1 };

	ck_assert_int_eq(vnx_cmd_lun_create(&c, &s), 0);
	expect(&c, W("lun", "-create", "-capacity", "10", "-sq", "gb", "-poolName", "Pool 0",
	             "-name", "vol1", "-type", "Thin", "-sp", "B", "-ignoreThresholds"));
	ck_assert_int_eq(c.modify, 1);
	ck_assert_int_eq(c.idempotent, 0);
	ck_assert_str_eq(c.name, "lun -create");
	/* The landed check is a list by the same name. */
	ck_assert_ptr_nonnull(c.check);
	expect(c.check, W("lun", "-list", "-all", "-name", "vol1"));
	ck_assert_int_eq(c.check->modify, 0);
	ck_assert_int_eq(c.check->fresh, 1);
	vnx_cmd_clear(&c);
	ck_assert_uint_eq(c.argc, 0);
	ck_assert_ptr_null(c.check);
}
END_TEST

START_TEST(lun_create_by_pool_id_mb_thick)
{
	struct vnx_cmd c;
	struct slgw_lun_spec s = { .name = "v", .size_mb = 1500, .pool_id = 3, .thin = 0 };

	ck_assert_int_eq(vnx_cmd_lun_create(&c, &s), 0);
	expect(&c, W("lun", "-create", "-capacity", "1500", "-sq", "mb", "-poolId", "3", "-name", "v",
	             "-type", "NonThin"));
	vnx_cmd_clear(&c);
}
END_TEST

START_TEST(lun_create_rejects_bad_input)
{
	struct vnx_cmd c;
	/* Each refused for one field: a name that reads as an option, no
	 * size, a name across lines, no pool by id or name, an SP that is
	 * none. */
	static const struct slgw_lun_spec refused[] = {
		{ .name = "-o", .size_mb = 1, .pool_id = 0 },
		{ .name = "ok", .size_mb = 0, .pool_id = 0 },
		{ .name = "bad\nname", .size_mb = 1, .pool_id = 0 },
		{ .name = "ok", .size_mb = 1, .pool_id = -1, .pool_name = NULL },
		{ .name = "ok", .size_mb = 1, .pool_id = 0, .sp = 'C' },
	};
	struct slgw_lun_spec s = { .name = "ok", .size_mb = 1, .pool_id = 0, .sp = 'a' };

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		ck_assert_msg(vnx_cmd_lun_create(&c, &refused[i]) == -SLGW_AERR_INVALID_ARGS,
			      "refused[%zu] was not refused", i);
		ck_assert_uint_eq(c.argc, 0);
	}
	ck_assert_int_eq(vnx_cmd_lun_create(&c, &s), 0);
	expect(&c, W("lun", "-create", "-capacity", "1", "-sq", "mb", "-poolId", "0", "-name", "ok",
	             "-type", "NonThin", "-sp", "A"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_create(&c, NULL), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(lun_list_destroy_expand)
{
	struct vnx_cmd c;

	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, NULL }), 0);
	expect(&c, W("lun", "-list", "-all"));
	ck_assert_int_eq(c.idempotent, 1);
	ck_assert_int_eq(c.modify, 0);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ 19, "ignored" }), 0);
	expect(&c, W("lun", "-list", "-all", "-l", "19"));
	vnx_cmd_clear(&c);

	ck_assert_int_eq(vnx_cmd_lun_destroy(&c, (struct slgw_lun_ref){ 196, NULL }, 1), 0);
	expect(&c, W("lun", "-destroy", "-l", "196", "-destroySnapshots", "-forceDetach", "-o"));
	ck_assert_int_eq(c.modify, 1);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_destroy(&c, (struct slgw_lun_ref){ -1, "l1" }, 0), 0);
	expect(&c, W("lun", "-destroy", "-name", "l1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_destroy(&c, (struct slgw_lun_ref){ -1, NULL }, 0),
	                 -SLGW_AERR_INVALID_ARGS);

	ck_assert_int_eq(vnx_cmd_lun_expand(&c, (struct slgw_lun_ref){ 1, NULL }, 2048), 0);
	expect(&c, W("lun", "-expand", "-l", "1", "-capacity", "2", "-sq", "gb", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_expand(&c, (struct slgw_lun_ref){ 1, NULL }, 0),
	                 -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(snapshots_and_smps)
{
	struct vnx_cmd c;

	ck_assert_int_eq(vnx_cmd_snap_create(&c, 11, "s1", 0), 0);
	expect(&c, W("snap", "-create", "-res", "11", "-name", "s1", "-allowReadWrite", "no"));
	ck_assert_int_eq(c.idempotent, 0);
	expect(c.check, W("snap", "-list", "-id", "s1", "-detail"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_snap_destroy(&c, "s4"), 0);
	expect(&c, W("snap", "-destroy", "-id", "s4", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_snap_list(&c, NULL, 3), 0);
	expect(&c, W("snap", "-list", "-res", "3", "-detail"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_snap_list(&c, NULL, -1), 0);
	expect(&c, W("snap", "-list", "-detail"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_snap_restore(&c, "s5", 541), 0);
	expect(&c, W("snap", "-restore", "-id", "s5", "-res", "541"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_snap_copy(&c, "123", "456"), 0);
	expect(&c, W("snap", "-copy", "-id", "123", "-name", "456"));
	expect(c.check, W("snap", "-list", "-id", "456", "-detail"));
	vnx_cmd_clear(&c);

	ck_assert_int_eq(vnx_cmd_smp_create(&c, 382, "m3"), 0);
	expect(&c, W("lun", "-create", "-type", "snap", "-primaryLun", "382", "-name", "m3"));
	expect(c.check, W("lun", "-list", "-all", "-name", "m3"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_smp_attach(&c, (struct slgw_lun_ref){ 4057, NULL }, "s1"), 0);
	expect(&c, W("lun", "-attach", "-l", "4057", "-snapName", "s1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_smp_detach(&c, (struct slgw_lun_ref){ -1, "m1" }), 0);
	expect(&c, W("lun", "-detach", "-name", "m1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_smp_create(&c, -1, "m"), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(migration)
{
	struct vnx_cmd c;

	ck_assert_int_eq(vnx_cmd_migrate_start(&c, 5, 3, SLGW_MIGRATE_HIGH), 0);
	expect(&c, W("migrate", "-start", "-source", "5", "-dest", "3", "-rate", "high", "-o"));
	expect(c.check, W("migrate", "-list", "-source", "5"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_migrate_start(&c, 5, 5, SLGW_MIGRATE_LOW), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_migrate_start(&c, 1, 2, (enum slgw_migrate_rate)9),
	                 -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_migrate_list(&c, -1), 0);
	expect(&c, W("migrate", "-list"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_migrate_cancel(&c, 10), 0);
	expect(&c, W("migrate", "-cancel", "-source", "10", "-o"));
	vnx_cmd_clear(&c);
}
END_TEST

START_TEST(storage_groups)
{
	struct vnx_cmd c;

	ck_assert_int_eq(vnx_cmd_sg_create(&c, "host1"), 0);
	expect(&c, W("storagegroup", "-create", "-gname", "host1"));
	expect(c.check, W("storagegroup", "-list", "-host", "-iscsiAttributes", "-gname", "host1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_destroy(&c, "host1"), 0);
	expect(&c, W("storagegroup", "-destroy", "-gname", "host1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_list(&c, NULL), 0);
	expect(&c, W("storagegroup", "-list", "-host", "-iscsiAttributes"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_addhlu(&c, "server7", 1, 124), 0);
	expect(&c, W("storagegroup", "-addhlu", "-hlu", "1", "-alu", "124", "-gname", "server7", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_addhlu(&c, "server7", 256, 1), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_sg_removehlu(&c, "server7", 153), 0);
	expect(&c, W("storagegroup", "-removehlu", "-hlu", "153", "-gname", "server7", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_sethost(&c, "g", "h", 4, 1), 0);
	expect(&c, W("storagegroup", "-sethost", "-host", "h", "-gname", "g", "-failovermode", "4",
	             "-arraycommpath", "1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_sethost(&c, "g", "h", 5, 1), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_hba_remove(&c, "iqn.1993-08.org.debian:01:b46252bc4cfd"), 0);
	expect(&c, W("port", "-removeHBA", "-hbauid", "iqn.1993-08.org.debian:01:b46252bc4cfd", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_hba_remove(&c, "iqn with space"), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(setpath)
{
	struct vnx_cmd c;
	struct slgw_initiator_path p = {
		.group = "sg0", .hba_uid = "iqn.1992-04.com.abc:a.b.c", .sp = 'a', .sp_port = 8,
		.vport_id = 0, .host = "host0", .host_ip = "192.168.1.10", .initiator_type = 3,
		.failover_mode = 4, .arraycommpath = 1,
	};

	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), 0);
	expect(&c, W("storagegroup", "-setpath", "-o", "-gname", "sg0", "-hbauid",
	             "iqn.1992-04.com.abc:a.b.c", "-sp", "a", "-spport", "8", "-spvport", "0", "-type",
	             "3", "-ip", "192.168.1.10", "-host", "host0", "-failovermode", "4",
	             "-arraycommpath", "1"));
	vnx_cmd_clear(&c);
	p.vport_id = -1;
	p.sp = 'B';
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), 0);
	expect(&c, W("storagegroup", "-setpath", "-o", "-gname", "sg0", "-hbauid",
	             "iqn.1992-04.com.abc:a.b.c", "-sp", "b", "-spport", "8", "-type", "3", "-ip",
	             "192.168.1.10", "-host", "host0", "-failovermode", "4", "-arraycommpath", "1"));
	vnx_cmd_clear(&c);
	p.host_ip = "not-an-ip";
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), -SLGW_AERR_INVALID_ARGS);
	p.host_ip = "fe80::1";
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), 0);
	vnx_cmd_clear(&c);
	p.failover_mode = 7;
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), -SLGW_AERR_INVALID_ARGS);
	p.failover_mode = 1;
	p.hba_uid = "-o";
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), -SLGW_AERR_INVALID_ARGS);
	p.hba_uid = "iqn.1992-04.com.abc:a.b.c";
	p.vport_id = -2;
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), -SLGW_AERR_INVALID_ARGS);
	p.vport_id = -1;
	p.sp = 0;
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, &p), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_sg_setpath(&c, NULL), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(discovery_commands)
{
	struct vnx_cmd c;

	ck_assert_int_eq(vnx_cmd_getagent(&c), 0);
	expect(&c, W("getagent"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_ndu_list(&c), 0);
	expect(&c, W("ndu", "-list"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_storagepool_list(&c, -1), 0);
	expect(&c, W("storagepool", "-list", "-all"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_storagepool_list(&c, 0), 0);
	expect(&c, W("storagepool", "-list", "-all", "-id", "0"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_port_list_sp(&c), 0);
	expect(&c, W("port", "-list", "-sp", "-all"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_port_list_hba(&c), 0);
	expect(&c, W("port", "-list", "-hba"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_connection_getport(&c), 0);
	expect(&c, W("connection", "-getport", "-all"));
	vnx_cmd_clear(&c);
}
END_TEST

START_TEST(name_rules)
{
	char longname[300];

	ck_assert_int_eq(vnx_check_name("a b"), 0);
	ck_assert_int_eq(vnx_check_name(""), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_check_name(" lead"), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_check_name("trail "), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_check_name("tab\there"), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_check_name("caf\xc3\xa9"), -SLGW_AERR_INVALID_ARGS);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(vnx_check_name(longname), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_check_token("20:00:00:90:FA:53:4C:D0:10:00:00:90:FA:53:4C:D0"), 0);
	ck_assert_int_eq(vnx_check_ip("10.1.2.3"), 0);
	ck_assert_int_eq(vnx_check_ip("10.1.2"), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

/* The classic commands as CLARIION.md spells them, with their flags. */
START_TEST(classic_and_snapview_commands)
{
	struct vnx_cmd c;
	struct slgw_rg_lun_spec rs = { .name = "vol 1", .lun_id = 12, .raid_group = 3,
	                               .size_mb = 1536, .sp = 'b' };

	ck_assert_int_eq(vnx_cmd_getrg(&c, -1), 0);
	expect(&c, W("getrg"));
	ck_assert_int_eq(c.modify, 0);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_getlun(&c, 7, 1), 0);
	expect(&c, W("getlun", "7", "-name", "-uid", "-rg", "-type", "-owner", "-capacity",
	             "-ismetalun", "-ispoollun"));
	vnx_cmd_clear(&c);
	/* Without pools (CX, CX3, early CX4) no -ispoollun: tools that read
	 * those arrays ask for it only where virtual provisioning exists. */
	ck_assert_int_eq(vnx_cmd_getlun(&c, -1, 0), 0);
	expect(&c, W("getlun", "-name", "-uid", "-rg", "-type", "-owner", "-capacity", "-ismetalun"));
	vnx_cmd_clear(&c);

	/* bind: never repeated and no landed check (a number is not a name). */
	ck_assert_int_eq(vnx_cmd_bind(&c, "r1_0", 12, 3, 2048, 'B'), 0);
	expect(&c, W("bind", "r1_0", "12", "-rg", "3", "-cap", "2", "-sq", "gb", "-sp", "b"));
	ck_assert_int_eq(c.modify, 1);
	ck_assert_int_eq(c.idempotent, 0);
	ck_assert_ptr_null(c.check);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_bind(&c, "raid5", 12, 3, 2048, 0), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_bind(&c, "r5", -1, 3, 2048, 0), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_bind(&c, "r5", 1, 3, 0, 0), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_chglun_name(&c, 12, "vol 1"), 0);
	expect(&c, W("chglun", "-l", "12", "-name", "vol 1"));
	ck_assert_int_eq(c.idempotent, 1);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_chglun_name(&c, 12, "-o"), -SLGW_AERR_INVALID_ARGS);

	ck_assert_int_eq(vnx_cmd_lun_create_rg(&c, &rs), 0);
	expect(&c, W("lun", "-create", "-capacity", "1536", "-sq", "mb", "-rg", "3", "-l", "12",
	             "-name", "vol 1", "-sp", "B"));
	ck_assert_ptr_null(c.check);
	ck_assert_int_eq(c.idempotent, 0);
	vnx_cmd_clear(&c);

	ck_assert_int_eq(vnx_cmd_unbind(&c, 12), 0);
	expect(&c, W("unbind", "12", "-o"));
	ck_assert_int_eq(c.idempotent, 1);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_metalun_destroy(&c, 12), 0);
	expect(&c, W("metalun", "-destroy", "-metalun", "12", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_metalun_expand(&c, 12, (int[]){ 40, 41 }, 2, SLGW_METALUN_STRIPED), 0);
	expect(&c, W("metalun", "-expand", "-base", "12", "-lus", "40", "41", "-type", "S", "-o"));
	ck_assert_int_eq(c.idempotent, 0);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_metalun_expand(&c, 12, (int[]){ 40 }, 1, SLGW_METALUN_AUTO),
	                 -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_metalun_expand(&c, 12, (int[]){ 12 }, 1, SLGW_METALUN_CONCAT),
	                 -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_metalun_expand(&c, 12, NULL, 0, SLGW_METALUN_CONCAT),
	                 -SLGW_AERR_INVALID_ARGS);

	ck_assert_int_eq(vnx_cmd_sv_createsnapshot(&c, 10, "s 1"), 0);
	expect(&c, W("snapview", "-createsnapshot", "10", "-snapshotname", "s 1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_startsession(&c, "x1", "s 1"), 0);
	expect(&c, W("snapview", "-startsession", "x1", "-snapshotname", "s 1", "-persistence"));
	ck_assert_str_eq(c.ok_text, VNX_STARTSESSION_NOTICE);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_activate(&c, "x1", "s 1"), 0);
	expect(&c, W("snapview", "-activatesnapshot", "x1", "-snapshotname", "s 1"));
	ck_assert_ptr_null(c.ok_text);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_deactivate(&c, "s 1"), 0);
	expect(&c, W("snapview", "-deactivatesnapshot", "-snapshotname", "s 1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_stopsession(&c, "x1"), 0);
	expect(&c, W("snapview", "-stopsession", "x1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_rmsnapshot(&c, "s 1"), 0);
	expect(&c, W("snapview", "-rmsnapshot", "-snapshotname", "s 1", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_rollback(&c, "x1"), 0);
	expect(&c, W("snapview", "-startrollback", "x1", "-rate", "high", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_listsnapshots(&c, NULL), 0);
	expect(&c, W("snapview", "-listsnapshots"));
	ck_assert_int_eq(c.modify, 0);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_listsessions(&c, "x1"), 0);
	expect(&c, W("snapview", "-listsessions", "-name", "x1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_addsnapshot(&c, "host 1", "s 1", 255), 0);
	expect(&c, W("storagegroup", "-addsnapshot", "-gname", "host 1", "-snapshotname", "s 1",
	             "-hlu", "255"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_addsnapshot(&c, "host 1", "s 1", 256), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_sg_removesnapshot(&c, "host 1", "s 1"), 0);
	expect(&c, W("storagegroup", "-removesnapshot", "-gname", "host 1", "-snapshotname", "s 1",
	             "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_startsession(&c, "-x", "s"), -SLGW_AERR_INVALID_ARGS);

	/* The optional words: each present and absent, SP letters in the case
	 * each command takes, a concatenated metaLUN. */
	ck_assert_int_eq(vnx_cmd_getrg(&c, 4), 0);
	expect(&c, W("getrg", "4"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_bind(&c, "r5", 0, 1, 1500, 'a'), 0);
	expect(&c, W("bind", "r5", "0", "-rg", "1", "-cap", "1500", "-sq", "mb", "-sp", "a"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_bind(&c, "r6", 1, 2, 1024, 0), 0);
	expect(&c, W("bind", "r6", "1", "-rg", "2", "-cap", "1", "-sq", "gb"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_bind(&c, "r6", 16384, 2, 1024, 0), -SLGW_AERR_INVALID_ARGS);
	rs.sp = 0;
	ck_assert_int_eq(vnx_cmd_lun_create_rg(&c, &rs), 0);
	expect(&c, W("lun", "-create", "-capacity", "1536", "-sq", "mb", "-rg", "3", "-l", "12",
	             "-name", "vol 1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_create_rg(&c, NULL), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_metalun_expand(&c, 3, (int[]){ 5 }, 1, SLGW_METALUN_CONCAT), 0);
	expect(&c, W("metalun", "-expand", "-base", "3", "-lus", "5", "-type", "C", "-o"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_listsnapshots(&c, "s 1"), 0);
	expect(&c, W("snapview", "-listsnapshots", "-snapshotname", "s 1"));
	ck_assert_int_eq(c.idempotent, 1);
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_listsessions(&c, NULL), 0);
	expect(&c, W("snapview", "-listsessions"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sv_listsessions(&c, "-x"), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, "l 2" }), 0);
	expect(&c, W("lun", "-list", "-all", "-name", "l 2"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_lun_list(&c, (struct slgw_lun_ref){ -1, "-l" }),
	                 -SLGW_AERR_INVALID_ARGS);
	/* A name chooses the snapshot; the LUN is not asked for as well. */
	ck_assert_int_eq(vnx_cmd_snap_list(&c, "s1", 7), 0);
	expect(&c, W("snap", "-list", "-id", "s1", "-detail"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_sg_list(&c, "host 1"), 0);
	expect(&c, W("storagegroup", "-list", "-host", "-iscsiAttributes", "-gname", "host 1"));
	vnx_cmd_clear(&c);
	ck_assert_int_eq(vnx_cmd_migrate_list(&c, 5), 0);
	expect(&c, W("migrate", "-list", "-source", "5"));
	ck_assert_int_eq(c.fresh, 0);
	vnx_cmd_clear(&c);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("vnx_cmd", "argv", NULL, NULL, 0, lun_create_by_pool_name_thin,
		lun_create_by_pool_id_mb_thick, lun_create_rejects_bad_input,
		lun_list_destroy_expand, snapshots_and_smps, migration, storage_groups, setpath,
		discovery_commands, name_rules, classic_and_snapview_commands);
}
