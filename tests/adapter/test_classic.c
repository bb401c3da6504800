/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_classic.c - the VNX adapter on older arrays and the RAID-group,
 * SnapView and metaLUN slots, through the fake naviseccli answering with
 * real captures (tests/data/vnx-captures, tests/data/clariion-captures) or
 * with answers laid out like them:
 *  - capabilities follow model, revision and enablers (a CX3-40 on FLARE 26
 *    has ALUA, RAID groups and SnapView but no pools; a CX700 has no ALUA;
 *    an array that refuses storagepool -list has no pools whatever its
 *    revision says), and a refusal names what is missing before any
 *    command runs;
 *  - a RAID-group LUN is made with bind + chglun where lun -create -rg does
 *    not exist and with lun -create -rg where it does, a taken number is
 *    ID_IN_USE with nothing else run, a LUN that could not be named is
 *    unbound again; destroy unbinds, or destroys a metaLUN as a whole;
 *  - metaLUN expansion stripes when the components match the base and
 *    concatenates otherwise;
 *  - SnapView commands run as the CLI reference and real logs spell them,
 *    -startsession's notice is success and any other text is not.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_fixture.h"
#include "vnx_adapter.h"
#include "../common/suite_one.h"

#define CAP(name) SLGW_CAPTURES "/" name
#define CCAP(name) SLGW_CAPTURES "/../clariion-captures/" name

/* `ndu -list` of an array with the given enablers, each record laid out as
 * the captured -VNXSnapshots record with its name replaced. */
static void ndu_file(char *path, size_t size, const char *const *enablers)
{
	char *rec = fake_slurp(CAP("ndu_-list_-name_-VNXSnapshots.txt"));
	char *at = strstr(rec, "-VNXSnapshots");
	char all[8192] = "";

	ck_assert_ptr_nonnull(at);
	for (size_t i = 0; enablers[i]; i++) {
		size_t k = strlen(all);

		snprintf(all + k, sizeof(all) - k, "%.*s-%s%s\n\n", (int)(at - rec), rec, enablers[i],
		         at + strlen("-VNXSnapshots"));
	}
	free(rec);
	fake_file(&fe, path, size, "ndu.txt", all);
}

/* A getagent answer laid out as the CX4-120's (clariion-captures). */
static void agent_file(const char *model, const char *revision)
{
	char *t = fake_slurp(CCAP("getagent_cx4-120.txt"));
	char buf[2048], path[512];
	char *rev = strstr(t, "Revision: "), *mod = strstr(t, "Model: ");

	ck_assert(rev && mod && rev < mod);
	/* Revision line, then Model line: rewrite both values. */
	snprintf(buf, sizeof(buf), "%.*sRevision: %s\n%.*sModel: %s%s", (int)(rev - t), t, revision,
	         (int)(mod - strchr(rev, '\n') - 1), strchr(rev, '\n') + 1, model, strchr(mod, '\n'));
	free(t);
	fake_file(&fe, path, sizeof(path), "agent.txt", buf);
	fake_script(&fe, "rule * * %s 0 getagent", path);
}

/* A CX3-40 on FLARE 26 with SnapView (or without, snapview = 0). */
static void script_cx3(int snapview)
{
	char ndu[512], refused[512];

	agent_file("CX3-40", "03.26.040.5.011");
	ndu_file(ndu, sizeof(ndu),
	         snapview ? (const char *const[]){ "SnapView", NULL } : (const char *const[]){ "SANCopy", NULL });
	fake_file(&fe, refused, sizeof(refused), "refused.txt",
	          "CLI commands are not supported by the target storage system.\n");
	fake_script(&fe, "rule * * %s 0 ndu -list", ndu);
	fake_script(&fe, "rule * * %s 0 storagepool -list -all", refused);
	fake_script(&fe, "rule * * %s 0 lun *", refused);
	fake_script(&fe, "rule * * %s 0 port -list -sp -all", CAP("port_-list_-sp_-all.txt"));
	fake_script(&fe, "rule * * %s 0 connection -getport -all", CCAP("connection_-getport_-all_cx4_fc.txt"));
	fake_script(&fe, "rule * * %s 0 getrg", CAP("getrg.txt"));
}

START_TEST(cx3_capabilities_and_reasons)
{
	struct slgw_system_info *s;
	struct slgw_lun *lun = NULL;
	struct slgw_lun_spec spec = { .name = "v", .size_mb = 1024, .pool_id = 0 };
	char why[512];

	script_cx3(1);
	a = fake_vnx_adapter(&fe);
	ck_assert_msg(a->ops->discover(&s, a, &e) == 0, "discover: %s", e.message);
	ck_assert_str_eq(s->model, "CX3-40");
	/* FLARE 26 has no pools: storagepool -list is not even asked. */
	ck_assert_int_eq(fake_count(&fe, " storagepool "), 0);
	ck_assert_uint_eq(s->n_pools, 0);
	ck_assert_uint_eq(s->caps & (SLGW_CAP_POOLS | SLGW_CAP_LUN_CMD | SLGW_CAP_THIN | SLGW_CAP_THICK |
	                             SLGW_CAP_LUN_CREATE_RG | SLGW_CAP_SNAPSHOTS | SLGW_CAP_EXPAND), 0);
	ck_assert_uint_eq(s->caps & (SLGW_CAP_ALUA | SLGW_CAP_RAID_GROUPS | SLGW_CAP_METALUN |
	                             SLGW_CAP_SNAPVIEW | SLGW_CAP_ISCSI | SLGW_CAP_FC),
	                  SLGW_CAP_ALUA | SLGW_CAP_RAID_GROUPS | SLGW_CAP_METALUN | SLGW_CAP_SNAPVIEW |
	                      SLGW_CAP_ISCSI | SLGW_CAP_FC);
	/* RAID groups with free and largest contiguous free space. */
	ck_assert_uint_eq(s->n_raid_groups, 7);
	ck_assert_int_eq(s->raid_groups[0].id, 0);
	ck_assert_str_eq(s->raid_groups[0].raid_type, "r5");
	ck_assert_uint_eq(s->raid_groups[0].free_mb, 3744083968ull / 2048);
	ck_assert_uint_eq(s->raid_groups[0].largest_contiguous_free_mb, 1749913216ull / 2048);
	ck_assert_uint_eq(s->raid_groups[0].n_luns, 16);
	/* The CX4-era getport: 8 iSCSI portals, no FC port taken for one. */
	for (size_t i = 0; i < s->n_ports; i++)
		if (s->ports[i].protocol == SLGW_PROTO_ISCSI)
			ck_assert_int_eq(strncmp(s->ports[i].wwn, "iqn.", 4), 0);
	slgw_system_info_free(s);

	ck_assert_int_eq(a->ops->explain(why, sizeof(why), a, SLGW_CAP_RAID_GROUPS | SLGW_CAP_ALUA), 0);
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(a->ops->explain(why, sizeof(why), a, SLGW_CAP_POOLS), 1);
	ck_assert_msg(strstr(why, "FLARE 28.5") && strstr(why, "CX3-40") &&
	              strstr(why, "03.26.040.5.011"), "%s", why);
	ck_assert_int_eq(a->ops->explain(why, sizeof(why), a,
	                                 SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP), 1);
	ck_assert_msg(strstr(why, "VNXSnapshots enabler"), "%s", why);
	/* Said once although two bits share the reason. */
	ck_assert_ptr_null(strstr(strstr(why, "VNXSnapshots") + 1, "VNXSnapshots enabler"));

	/* Its pool list is empty, not an error, and asks nothing. */
	{
		struct slgw_pool *pools = (struct slgw_pool *)&e;
		size_t np = 9;

		ck_assert_int_eq(a->ops->pool_list(&pools, &np, a, &e), 0);
		ck_assert_ptr_null(pools);
		ck_assert_uint_eq(np, 0);
		ck_assert_int_eq(fake_count(&fe, " storagepool "), 0);
	}

	/* A pool LUN is refused with the reason, before any lun command. */
	ck_assert_int_eq(a->ops->lun_create(&lun, a, &spec, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(e.cls, SLGW_AERR_NOT_SUPPORTED);
	ck_assert_msg(strstr(e.message, "FLARE 28.5"), "%s", e.message);
	ck_assert_int_eq(a->ops->snap_create(a, 1, "s", 0, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_msg(strstr(e.message, "VNXSnapshots"), "%s", e.message);
	ck_assert_int_eq(fake_count(&fe, " lun "), 0);
	ck_assert_int_eq(fake_count(&fe, " snap "), 0);
}
END_TEST

START_TEST(cx700_has_no_alua_and_snapview_needs_its_enabler)
{
	char why[512], ndu[512];

	agent_file("CX700", "02.26.700.5.016");
	ndu_file(ndu, sizeof(ndu), (const char *const[]){ "SANCopy", NULL });
	fake_script(&fe, "rule * * %s 0 ndu -list", ndu);
	fake_script(&fe, "rule * * %s 0 port -list -sp -all", CAP("port_-list_-sp_-all.txt"));
	fake_script(&fe, "rule * * %s 0 connection -getport -all", CCAP("connection_-getport_-all_cx4_fc.txt"));
	fake_script(&fe, "rule * * %s 0 getrg", CAP("getrg_4.txt"));
	a = fake_vnx_adapter(&fe);
	ck_assert_uint_eq(a->ops->capabilities(a) & (SLGW_CAP_ALUA | SLGW_CAP_SNAPVIEW), 0);
	ck_assert_int_eq(a->ops->explain(why, sizeof(why), a, SLGW_CAP_ALUA), 1);
	ck_assert_msg(strstr(why, "CX3") && strstr(why, "CX700"), "%s", why);
	ck_assert_int_eq(a->ops->sv_snapshot_create(a, 2, "s1", &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_msg(strstr(e.message, "SnapView enabler"), "%s", e.message);
	ck_assert_int_eq(a->ops->sv_session_start(a, "x", "s1", &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(fake_count(&fe, " snapview "), 0);
}
END_TEST

/* "CX300" starts like "CX3-40" but is a second-generation CX: FLARE 26
 * on it brings no ALUA (only CX3 and later have it). */
START_TEST(cx300_on_flare_26_has_no_alua)
{
	static const struct { const char *model, *rev; unsigned alua; } cases[] = {
		{ "CX300", "02.26.300.5.016", 0 },
		{ "CX400", "02.26.400.5.016", 0 },
		{ "CX3-20", "03.26.020.5.014", SLGW_CAP_ALUA },
		{ "CX3-80", "03.24.080.5.011", 0 },
		{ "CX4-480", "04.30.480.5.523", SLGW_CAP_ALUA },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char ndu[512];

		agent_file(cases[i].model, cases[i].rev);
		ndu_file(ndu, sizeof(ndu), (const char *const[]){ "SnapView", NULL });
		fake_script(&fe, "rule * * %s 0 ndu -list", ndu);
		fake_script(&fe, "rule * * %s 0 storagepool -list -all", CAP("storagepool_-list_-all.txt"));
		fake_script(&fe, "rule * * %s 0 port -list -sp -all", CAP("port_-list_-sp_-all.txt"));
		fake_script(&fe, "rule * * %s 0 connection -getport -all", CAP("connection_-getport_-all.txt"));
		fake_script(&fe, "rule * * %s 0 getrg", CAP("getrg.txt"));
		a = fake_vnx_adapter(&fe);
		ck_assert_msg((a->ops->capabilities(a) & SLGW_CAP_ALUA) == cases[i].alua, "%s %s",
		              cases[i].model, cases[i].rev);
		fake_restart();
	}
}
END_TEST

/* An array that cannot be asked is not refused by explain() either. */
START_TEST(explain_does_not_refuse_an_unreachable_array)
{
	char why[128] = "x";

	fake_script(&fe, "down 10.0.0.1");
	fake_script(&fe, "down 10.0.0.2");
	a = fake_vnx_adapter(&fe);
	ck_assert_int_eq(a->ops->explain(why, sizeof(why), a, SLGW_CAP_SNAPVIEW | SLGW_CAP_ALUA), 0);
	ck_assert_str_eq(why, "");
}
END_TEST

START_TEST(refused_storagepool_means_no_pools)
{
	/* navisim's one-line refusal, and the two-line text storops' own test
	 * gives for a target that takes no such command (clariion-captures). */
	const char *refusals[] = { NULL, CCAP("target_not_supported.txt") };

	for (size_t i = 0; i < 2; i++) {
		struct slgw_system_info *s;
		char ndu[512], refused[512];

		/* A revision the adapter cannot read: the array's own refusal decides. */
		agent_file("CX4-120", "unknown");
		ndu_file(ndu, sizeof(ndu), (const char *const[]){ "SnapView", NULL });
		if (refusals[i])
			snprintf(refused, sizeof(refused), "%s", refusals[i]);
		else
			fake_file(&fe, refused, sizeof(refused), "refused.txt",
			          "CLI commands are not supported by the target storage system.\n");
		fake_script(&fe, "rule * * %s 0 ndu -list", ndu);
		fake_script(&fe, "rule * * %s 0 storagepool -list -all", refused);
		fake_script(&fe, "rule * * %s 0 port -list -sp -all", CAP("port_-list_-sp_-all.txt"));
		fake_script(&fe, "rule * * %s 0 connection -getport -all", CAP("connection_-getport_-all.txt"));
		fake_script(&fe, "rule * * %s 0 getrg", CAP("getrg_1.txt"));
		a = fake_vnx_adapter(&fe);
		ck_assert_msg(a->ops->discover(&s, a, &e) == 0, "discover %zu: %s", i, e.message);
		ck_assert_int_eq(fake_count(&fe, " storagepool -list"), 1);
		ck_assert_uint_eq(s->caps & SLGW_CAP_POOLS, 0);
		ck_assert_uint_eq(s->n_raid_groups, 1);
		/* An empty group: no type yet, its legal types listed. */
		ck_assert_str_eq(s->raid_groups[0].raid_type, "");
		ck_assert_str_eq(s->raid_groups[0].legal_raid_types, "r5 r6 r0 r1_0");
		slgw_system_info_free(s);
		fake_restart();
	}
}
END_TEST

/* getlun's answer for LUN `id`, laid out as the getall -lun capture, and
 * the rule that gives it. */
static void getlun_answer(int id, const char *name, const char *raid, int meta, long long mb)
{
	char buf[1024], fname[64], path[512];

	snprintf(buf, sizeof(buf),
	         "LOGICAL UNIT NUMBER %d\n"
	         "Name                        %s\n"
	         "UID:                        60:06:01:60:2E:40:26:00:46:5C:4E:49:E4:9A:E4:%02X\n"
	         "RAIDGroup ID:               %s\n"
	         "RAID Type:                  %s\n"
	         "Current owner:              SP A\n"
	         "LUN Capacity(Megabytes):    %lld\n"
	         "LUN Capacity(Blocks):       %lld\n"
	         "Is Meta LUN:                %s\n"
	         "Is Pool LUN:                NO\n\n",
	         id, name, id & 0xff, meta ? "N/A" : "0", raid, mb, mb * 2048, meta ? "YES" : "NO");
	snprintf(fname, sizeof(fname), "getlun%d.txt", id);
	fake_file(&fe, path, sizeof(path), fname, buf);
	fake_script(&fe, "rule * * %s 0 getlun %d *", path, id);
}

START_TEST(rg_lun_create_binds_and_names_on_old_arrays)
{
	struct slgw_lun *l = NULL;
	struct slgw_rg_lun_spec spec = { .name = "vol1", .lun_id = 12, .raid_group = 0,
	                                 .size_mb = 10240, .sp = 'A' };
	char *log;

	script_cx3(1);
	fake_script(&fe, "rule * * %s 0 getrg 0", CAP("getrg_0.txt"));
	fake_script(&fe, "rule 1 * - 0 bind r5 12 -rg 0 -cap 10 -sq gb -sp a");
	fake_script(&fe, "rule 1 * - 0 chglun -l 12 -name vol1");
	getlun_answer(12, "vol1", "RAID5", 0, 10240);
	a = fake_vnx_adapter(&fe);
	ck_assert_msg(a->ops->rg_lun_create(&l, a, &spec, &e) == 0, "%s", e.message);
	ck_assert_int_eq(l->id, 12);
	ck_assert_str_eq(l->name, "vol1");
	ck_assert_uint_eq(l->size_mb, 10240);
	ck_assert_int_eq(l->raid_group, 0);
	ck_assert_str_eq(l->raid_type, "r5");
	ck_assert_int_eq(l->thin, 0);
	ck_assert_str_eq(l->pool, "");
	slgw_lun_free(l);
	/* bind before chglun before the read; no lun command on FLARE 26. */
	log = fake_log(&fe);
	ck_assert_ptr_nonnull(strstr(log, " bind r5 12"));
	ck_assert(strstr(log, " bind r5 12") < strstr(log, " chglun -l 12 -name vol1"));
	ck_assert(strstr(log, " chglun -l 12") < strstr(log, " getlun 12 "));
	free(log);
	ck_assert_int_eq(fake_count(&fe, " lun -"), 0);

	/* The RAID type must be the group's. */
	spec.raid_type = "r6";
	ck_assert_int_eq(a->ops->rg_lun_create(NULL, a, &spec, &e), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(fake_count(&fe, " bind "), 1);
}
END_TEST

START_TEST(rg_lun_create_taken_number_and_failed_naming)
{
	struct slgw_rg_lun_spec spec = { .name = "vol1", .lun_id = 12, .raid_group = 0,
	                                 .size_mb = 1000 };
	char taken[512], bad[512];

	script_cx3(1);
	/* The texts ERIClitpsanemc maps (clariion.md). */
	fake_file(&fe, taken, sizeof(taken), "taken.txt", "Error: bind command failed\nLUN already exists\n");
	fake_file(&fe, bad, sizeof(bad), "bad.txt", "Error: chglun command failed\nInvalid name\n");
	fake_script(&fe, "rule * * %s 0 getrg 0", CAP("getrg_0.txt"));
	fake_script(&fe, "rule 1 * %s 0 bind r5 12 -rg 0 -cap 1000 -sq mb", taken);
	fake_script(&fe, "rule 1 * - 0 bind r5 12 -rg 0 -cap 1000 -sq mb");
	fake_script(&fe, "rule * * %s 0 chglun -l 12 -name vol1", bad);
	fake_script(&fe, "rule * * - 0 unbind 12 -o");
	a = fake_vnx_adapter(&fe);
	/* Number taken: ID_IN_USE, nothing else sent. */
	ck_assert_int_eq(a->ops->rg_lun_create(NULL, a, &spec, &e), -SLGW_AERR_ID_IN_USE);
	ck_assert_int_eq(e.cls, SLGW_AERR_ID_IN_USE);
	ck_assert_int_eq(fake_count(&fe, " chglun "), 0);
	ck_assert_int_eq(fake_count(&fe, " unbind "), 0);
	/* Bound but not named: unbound again, the naming error reported. */
	ck_assert_int_eq(a->ops->rg_lun_create(NULL, a, &spec, &e), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(fake_count(&fe, " chglun -l 12 -name vol1"), 1);
	ck_assert_int_eq(fake_count(&fe, " unbind 12 -o"), 1);
}
END_TEST

START_TEST(rg_lun_create_uses_lun_create_rg_on_vnx)
{
	struct slgw_rg_lun_spec spec = { .name = "vol1", .lun_id = 12, .raid_group = 1,
	                                 .size_mb = 2048 };
	char ndu[512];

	ndu_file(ndu, sizeof(ndu), (const char *const[]){ "ThinProvisioning", "VNXSnapshots",
	                                                       "SnapView", NULL });
	fake_script_vnx5800(&fe, ndu);
	fake_script(&fe, "rule 1 * - 0 lun -create -capacity 2 -sq gb -rg 1 -l 12 -name vol1");
	a = fake_vnx_adapter(&fe);
	ck_assert_uint_eq(a->ops->capabilities(a) & (SLGW_CAP_LUN_CREATE_RG | SLGW_CAP_SNAPVIEW |
	                                             SLGW_CAP_POOLS | SLGW_CAP_THICK),
	                  SLGW_CAP_LUN_CREATE_RG | SLGW_CAP_SNAPVIEW | SLGW_CAP_POOLS | SLGW_CAP_THICK);
	ck_assert_msg(a->ops->rg_lun_create(NULL, a, &spec, &e) == 0, "%s", e.message);
	ck_assert_int_eq(fake_count(&fe, " lun -create -capacity 2 -sq gb -rg 1 -l 12 -name vol1"), 1);
	ck_assert_int_eq(fake_count(&fe, " bind "), 0);
	ck_assert_int_eq(fake_count(&fe, " chglun "), 0);
}
END_TEST

START_TEST(rg_lun_destroy_unbinds_or_destroys_the_metalun)
{
	char missing[512];

	script_cx3(1);
	getlun_answer(12, "vol1", "RAID5", 0, 1024);
	getlun_answer(13, "vol2", "N/A", 1, 4096);
	fake_file(&fe, missing, sizeof(missing), "missing.txt",
	          "Error: getlun command failed\nInvalid LUN number\nLUN does not exist\n");
	fake_script(&fe, "rule * * %s 0 getlun 14 *", missing);
	fake_script(&fe, "rule * * - 0 unbind 12 -o");
	fake_script(&fe, "rule * * - 0 metalun -destroy -metalun 13 -o");
	a = fake_vnx_adapter(&fe);
	ck_assert_msg(a->ops->rg_lun_destroy(a, 12, &e) == 0, "%s", e.message);
	ck_assert_msg(a->ops->rg_lun_destroy(a, 13, &e) == 0, "%s", e.message);
	ck_assert_int_eq(fake_count(&fe, " unbind 12 -o"), 1);
	ck_assert_int_eq(fake_count(&fe, " metalun -destroy -metalun 13 -o"), 1);
	ck_assert_int_eq(fake_count(&fe, " unbind 13"), 0);
	ck_assert_int_eq(a->ops->rg_lun_destroy(a, 14, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(fake_count(&fe, " unbind 14"), 0);
}
END_TEST

START_TEST(metalun_expand_stripes_only_matching_components)
{
	script_cx3(1);
	getlun_answer(12, "vol1", "RAID5", 0, 1024);
	getlun_answer(40, "vol1.m1", "RAID5", 0, 1024);
	getlun_answer(41, "vol1.m2", "RAID5", 0, 2048);
	fake_script(&fe, "rule * * - 0 metalun -expand *");
	a = fake_vnx_adapter(&fe);
	ck_assert_int_eq(a->ops->metalun_expand(a, 12, (int[]){ 40 }, 1, SLGW_METALUN_AUTO, &e), 0);
	ck_assert_int_eq(fake_count(&fe, " metalun -expand -base 12 -lus 40 -type S -o"), 1);
	ck_assert_int_eq(a->ops->metalun_expand(a, 12, (int[]){ 41 }, 1, SLGW_METALUN_AUTO, &e), 0);
	ck_assert_int_eq(fake_count(&fe, " metalun -expand -base 12 -lus 41 -type C -o"), 1);
	ck_assert_int_eq(a->ops->metalun_expand(a, 12, (int[]){ 40, 41 }, 2, SLGW_METALUN_CONCAT, &e), 0);
	ck_assert_int_eq(fake_count(&fe, " metalun -expand -base 12 -lus 40 41 -type C -o"), 1);
	/* The base cannot be its own component. */
	ck_assert_int_eq(a->ops->metalun_expand(a, 12, (int[]){ 12 }, 1, SLGW_METALUN_CONCAT, &e),
	                 -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(snapview_commands_and_listings)
{
	struct slgw_sv_snapshot *ss;
	struct slgw_sv_session *se;
	size_t n;
	char other[512];

	script_cx3(1);
	fake_file(&fe, other, sizeof(other), "other.txt",
	          "Error: snapview command failed\nThe session name is already in use\n");
	fake_script(&fe, "rule * * - 0 snapview -createsnapshot 10 -snapshotname s1");
	fake_script(&fe, "rule 1 * %s 0 snapview -startsession x1 -snapshotname s1 -persistence",
	            CCAP("snapview_-startsession_-snapshotname_-persistence.txt"));
	fake_script(&fe, "rule * * %s 0 snapview -startsession x1 -snapshotname s1 -persistence", other);
	fake_script(&fe, "rule * * - 0 snapview -activatesnapshot x1 -snapshotname s1");
	fake_script(&fe, "rule * * - 0 snapview -deactivatesnapshot -snapshotname s1 -o");
	fake_script(&fe, "rule * * - 0 snapview -startrollback x1 -rate high -o");
	fake_script(&fe, "rule * * - 0 snapview -stopsession x1 -o");
	fake_script(&fe, "rule * * - 0 snapview -rmsnapshot -snapshotname s1 -o");
	fake_script(&fe, "rule * * - 0 storagegroup -addsnapshot -gname host1 -snapshotname s1 -hlu 7");
	fake_script(&fe, "rule * * - 0 storagegroup -removesnapshot -gname host1 -snapshotname s1 -o");
	fake_script(&fe, "rule * * %s 0 snapview -listsnapshots",
	            CCAP("snapview_-listsnapshots_-snapshotname_active.txt"));
	fake_script(&fe, "rule * * %s 0 snapview -listsessions", CCAP("snapview_-listsessions_-name.txt"));
	a = fake_vnx_adapter(&fe);

	ck_assert_msg(a->ops->sv_snapshot_create(a, 10, "s1", &e) == 0, "%s", e.message);
	/* The notice is success; the same command answering anything else is not. */
	ck_assert_msg(a->ops->sv_session_start(a, "x1", "s1", &e) == 0, "%s", e.message);
	ck_assert_int_eq(a->ops->sv_session_start(a, "x1", "s1", &e), -SLGW_AERR_NAME_IN_USE);
	ck_assert_int_eq(a->ops->sv_activate(a, "x1", "s1", &e), 0);
	ck_assert_int_eq(a->ops->sg_add_snapshot(a, "host1", 7, "s1", &e), 0);
	ck_assert_int_eq(a->ops->sg_remove_snapshot(a, "host1", "s1", &e), 0);
	ck_assert_int_eq(a->ops->sv_deactivate(a, "s1", &e), 0);
	ck_assert_int_eq(a->ops->sv_rollback(a, "x1", &e), 0);
	ck_assert_int_eq(a->ops->sv_session_stop(a, "x1", &e), 0);
	ck_assert_int_eq(a->ops->sv_snapshot_destroy(a, "s1", &e), 0);
	ck_assert_int_eq(a->ops->sg_add_snapshot(a, "host1", 256, "s1", &e), -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(a->ops->sv_snapshot_create(a, 10, "-s", &e), -SLGW_AERR_INVALID_ARGS);

	ck_assert_int_eq(a->ops->sv_snapshot_list(&ss, &n, a, -1, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(ss[0].name, "async-LUN 10_SRM-TEST-FAILOVER");
	ck_assert_int_eq(ss[0].target_lun, 10);
	ck_assert_int_eq(ss[0].active, 1);
	ck_assert_str_eq(ss[0].session, "async-LUN 10_SRM-TEST-FAILOVER_session");
	slgw_sv_snapshot_array_free(ss, n);
	ck_assert_int_eq(a->ops->sv_snapshot_list(&ss, &n, a, 11, &e), 0);
	ck_assert_uint_eq(n, 0);
	slgw_sv_snapshot_array_free(ss, n);

	ck_assert_int_eq(a->ops->sv_session_list(&se, &n, a, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(se[0].name, "async-LUN 10_SRM-TEST-FAILOVER_session");
	ck_assert_uint_eq(se[0].n_luns, 1);
	ck_assert_int_eq(se[0].luns[0], 10);
	ck_assert_int_eq(se[0].persistent, 1);
	ck_assert_str_eq(se[0].state, "Normal");
	slgw_sv_session_array_free(se, n);
}
END_TEST

START_TEST(classic_luns_are_read_with_getlun)
{
	struct slgw_lun *l = NULL;
	size_t n;
	char all[1024], path[512];
	char *one = fake_slurp(CCAP("getall_-lun.txt"));

	script_cx3(1);
	snprintf(all, sizeof(all), "%s\n%s", one, one); /* printed twice: one LUN */
	free(one);
	fake_file(&fe, path, sizeof(path), "all.txt", all);
	fake_script(&fe, "rule * * %s 0 getlun -name *", path);
	fake_script(&fe, "rule * * %s 0 getlun 10 *", CCAP("getlun_10_-name_-owner_-default_-capacity.txt"));
	a = fake_vnx_adapter(&fe);
	ck_assert_int_eq(a->ops->lun_list(&l, &n, a, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(l[0].id, 186);
	ck_assert_str_eq(l[0].name, "LN_10G_01");
	ck_assert_uint_eq(l[0].size_mb, 10240);
	ck_assert_int_eq(l[0].raid_group, 1);
	ck_assert_str_eq(l[0].state, "Ready");
	slgw_lun_array_free(l, n);
	/* By name: found among all. */
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ -1, "LN_10G_01" }, &e), 0);
	ck_assert_int_eq(l->id, 186);
	slgw_lun_free(l);
	/* A header-less single record takes the number asked for. */
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ 10, NULL }, &e), 0);
	ck_assert_int_eq(l->id, 10);
	ck_assert_str_eq(l->name, "LUN 10");
	ck_assert_uint_eq(l->size_mb, 563200);
	ck_assert_int_eq(l->owner_sp, 'B');
	slgw_lun_free(l);
	/* The lun command is never tried on FLARE 26, and getlun is not asked
	 * for -ispoollun, a selector of the pool era. */
	ck_assert_int_eq(fake_count(&fe, " lun -"), 0);
	ck_assert_int_gt(fake_count(&fe, " getlun 10 -name -uid -rg -type -owner -capacity -ismetalun"), 0);
	ck_assert_int_eq(fake_count(&fe, "-ispoollun"), 0);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("adapter_classic", "classic", fake_setup, fake_teardown, 60, cx3_capabilities_and_reasons,
		cx700_has_no_alua_and_snapview_needs_its_enabler, cx300_on_flare_26_has_no_alua,
		refused_storagepool_means_no_pools, explain_does_not_refuse_an_unreachable_array,
		rg_lun_create_binds_and_names_on_old_arrays,
		rg_lun_create_taken_number_and_failed_naming,
		rg_lun_create_uses_lun_create_rg_on_vnx,
		rg_lun_destroy_unbinds_or_destroys_the_metalun,
		metalun_expand_stripes_only_matching_components, snapview_commands_and_listings,
		classic_luns_are_read_with_getlun);
}
