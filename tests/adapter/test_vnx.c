/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vnx.c - the VNX adapter through the slgw_adapter_ops table, with the
 * fake naviseccli answering from real captures: discover fills the system
 * record and computes capabilities (ALUA, thin, snapshots gated on model,
 * revision and enablers), queries convert records faithfully, unknown or
 * mismatching answers become NOT_FOUND, capability gates refuse before any
 * command runs, and one instance serves many threads at once.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_fixture.h"
#include "vnx_adapter.h"
#include "../common/suite_one.h"

#define CAP(name) SLGW_CAPTURES "/" name

/* Writes the `ndu -list` answer of an array with the given enablers, made
 * of the captured per-enabler answers. */
static void ndu_file(char *path, size_t size, const char *const *enablers)
{
	char all[16384] = "";

	for (size_t i = 0; enablers[i]; i++) {
		char cap[512];
		char *t;

		snprintf(cap, sizeof(cap), "%s/-np_ndu_-list_-name_-%s.txt", SLGW_CAPTURES, enablers[i]);
		t = fake_slurp(cap);
		strncat(all, t, sizeof(all) - strlen(all) - 3);
		strcat(all, "\n\n");
		free(t);
	}
	fake_file(&fe, path, size, "ndu.txt", all);
}

/* The adapter on the fake, and it is the VNX family's of this interface. */
static struct slgw_adapter *adapter(void)
{
	struct slgw_adapter *made = fake_vnx_adapter(&fe);

	ck_assert_ptr_eq(made->ops, &vnx_adapter_ops);
	ck_assert_int_eq(made->ops->version, SLGW_ADAPTER_OPS_VERSION);
	return made;
}

static void script_vnx5800(void)
{
	char ndu[512];

	ndu_file(ndu, sizeof(ndu), (const char *const[]){ "ThinProvisioning", "VNXSnapshots",
	                                                      "Compression", NULL });
	fake_script_vnx5800(&fe, ndu);
}

START_TEST(discover_vnx5800)
{
	struct slgw_system_info *s;
	int thin = 0, snaps = 0, iscsi_with_ip = 0;

	script_vnx5800();
	a = adapter();
	ck_assert_msg(a->ops->discover(&s, a, &e) == 0, "discover: %s", e.message);
	ck_assert_str_eq(s->model, "VNX5800");
	ck_assert_str_eq(s->revision, "05.33.008.3.297");
	ck_assert_str_eq(s->serial, "APM00153042305");
	ck_assert_str_eq(s->sp, "B");
	ck_assert_uint_eq(s->n_enablers, 3);
	for (size_t i = 0; i < s->n_enablers; i++) {
		thin |= strcmp(s->enablers[i].name, "ThinProvisioning") == 0 && s->enablers[i].active;
		snaps |= strcmp(s->enablers[i].name, "VNXSnapshots") == 0 && s->enablers[i].active;
	}
	ck_assert(thin && snaps);
	ck_assert_uint_eq(s->n_pools, 5);
	ck_assert_str_eq(s->pools[0].name, "Pool 1");
	ck_assert_int_eq(s->pools[0].id, 1);
	/* 4501398528 user / 4185160704 available blocks, in MB */
	ck_assert_uint_eq(s->pools[0].capacity_mb, 4501398528ull / 2048);
	ck_assert_uint_eq(s->pools[0].free_mb, 4185160704ull / 2048);
	ck_assert_str_eq(s->pools[2].name, "ESI-POOL");
	ck_assert_int_eq(s->pools[2].id, 4);
	ck_assert_uint_gt(s->n_ports, 0);
	for (size_t i = 0; i < s->n_ports; i++) {
		/* The capture's FCoE ports (WWN "Port WWN" in connection -getport)
		 * are no iSCSI targets. */
		if (s->ports[i].protocol == SLGW_PROTO_ISCSI)
			ck_assert_msg(strncmp(s->ports[i].wwn, "iqn.", 4) == 0, "iSCSI port %c%d: %s",
			              s->ports[i].sp, s->ports[i].port_id, s->ports[i].wwn);
		if (s->ports[i].protocol == SLGW_PROTO_ISCSI && s->ports[i].ip[0]) {
			ck_assert_ptr_nonnull(strstr(s->ports[i].wwn, "iqn.1992-04.com.emc:cx."));
			ck_assert(s->ports[i].sp == 'A' || s->ports[i].sp == 'B');
			iscsi_with_ip++;
		}
	}
	ck_assert_int_gt(iscsi_with_ip, 0);
	ck_assert_uint_eq(s->caps & (SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP |
	                             SLGW_CAP_ALUA | SLGW_CAP_ISCSI | SLGW_CAP_COMPRESSION),
	                  SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS | SLGW_CAP_CLONE_SMP | SLGW_CAP_ALUA |
	                      SLGW_CAP_ISCSI | SLGW_CAP_COMPRESSION);
	ck_assert_uint_eq(s->caps & SLGW_CAP_DEDUP, 0);
	ck_assert_uint_eq(a->ops->capabilities(a), s->caps);
	slgw_system_info_free(s);
}
END_TEST

START_TEST(old_clariion_has_no_alua_and_gates_refuse_early)
{
	struct slgw_system_info *s;
	struct slgw_lun_spec spec = { .name = "v", .size_mb = 1024, .pool_id = 0, .thin = 1 };
	struct slgw_initiator_path p = {
		.group = "h", .hba_uid = "iqn.2001-01.org:h", .sp = 'A', .sp_port = 0, .vport_id = -1,
		.host = "h", .host_ip = "10.1.1.1", .initiator_type = 3, .failover_mode = 4,
		.arraycommpath = 1,
	};
	struct slgw_lun *lun = NULL;
	char agent[512], ndu[512];

	fake_file(&fe, agent, sizeof(agent), "agent.txt",
	          "Agent Rev:           6.19.1 (2.4)\nName:                K10\n"
	          "Revision:            02.19.500.5.044\nModel:               CX500\n"
	          "Serial No:           CK200012345678\nSP Identifier:       A\n");
	ndu_file(ndu, sizeof(ndu), (const char *const[]){ "Compression", NULL });
	fake_script(&fe, "rule * * %s 0 getagent", agent);
	fake_script(&fe, "rule * * %s 0 ndu -list", ndu);
	fake_script(&fe, "rule * * %s 0 storagepool -list -all", CAP("storagepool_-list_-all_-id_0.txt"));
	fake_script(&fe, "rule * * %s 0 port -list -sp -all", CAP("port_-list_-sp_-all.txt"));
	fake_script(&fe, "rule * * %s 0 connection -getport -all", CAP("connection_-getport_-all.txt"));
	fake_script(&fe, "rule * * %s 0 getrg", CAP("getrg_4.txt"));
	a = adapter();

	/* Thin on an instance never discovered: it discovers once, learns
	 * there is no ThinProvisioning, and refuses without a lun command. */
	ck_assert_int_eq(a->ops->lun_create(&lun, a, &spec, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_ptr_null(lun);
	ck_assert_int_eq(fake_count(&fe, " getagent"), 1);
	ck_assert_int_eq(fake_count(&fe, " lun "), 0);

	ck_assert_int_eq(a->ops->discover(&s, a, &e), 0);
	ck_assert_str_eq(s->model, "CX500");
	ck_assert_uint_eq(s->caps & SLGW_CAP_ALUA, 0);
	ck_assert_uint_eq(s->caps & SLGW_CAP_THIN, 0);
	ck_assert_uint_eq(s->caps & SLGW_CAP_SNAPSHOTS, 0);
	ck_assert_uint_eq(s->caps & SLGW_CAP_COMPRESSION, SLGW_CAP_COMPRESSION);
	slgw_system_info_free(s);

	ck_assert_int_eq(a->ops->path_register(a, &p, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(a->ops->host_set(a, "h", "h", 4, 1, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(a->ops->snap_create(a, 1, "s", 0, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(a->ops->smp_create(&lun, a, 1, "m", &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_int_eq(fake_count(&fe, " storagegroup "), 0);
	ck_assert_int_eq(fake_count(&fe, " snap "), 0);
	ck_assert_int_eq(fake_count(&fe, " getagent"), 2);
}
END_TEST

START_TEST(capabilities_without_explicit_discover)
{
	unsigned caps;

	/* A gateway restarted with the array already registered never calls
	 * discover: capabilities must still be the array's. */
	script_vnx5800();
	a = adapter();
	caps = a->ops->capabilities(a);
	ck_assert_uint_eq(caps & (SLGW_CAP_ALUA | SLGW_CAP_SNAPSHOTS | SLGW_CAP_THIN),
	                  SLGW_CAP_ALUA | SLGW_CAP_SNAPSHOTS | SLGW_CAP_THIN);
	ck_assert_uint_eq(a->ops->capabilities(a), caps);
	ck_assert_int_eq(fake_count(&fe, " getagent"), 1);
}
END_TEST

START_TEST(unknown_capabilities_do_not_refuse)
{
	fake_script(&fe, "down 10.0.0.1");
	fake_script(&fe, "down 10.0.0.2");
	a = adapter();
	/* Cannot ask the array: conservative mask, but the operation is not
	 * refused as unsupported; it fails for the real reason. */
	ck_assert_uint_eq(a->ops->capabilities(a) & (SLGW_CAP_SNAPSHOTS | SLGW_CAP_ALUA), 0);
	ck_assert_int_eq(a->ops->snap_create(a, 1, "s", 0, &e), -SLGW_AERR_UNREACHABLE);
	ck_assert_int_eq(e.cls, SLGW_AERR_UNREACHABLE);
	ck_assert_int_eq(fake_count(&fe, " snap -create"), 2);
}
END_TEST

START_TEST(lun_get_converts_record)
{
	struct slgw_lun *l;

	fake_script(&fe, "rule * * %s 0 lun -list -all -l 19", CAP("lun_-list_-all_-l_19.txt"));
	a = adapter();
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ 19, NULL }, &e), 0);
	ck_assert_int_eq(l->id, 19);
	ck_assert_str_eq(l->name, "test_lun");
	ck_assert_str_eq(l->wwn, "60:06:01:60:1A:50:35:00:CC:22:61:D6:76:B1:E4:11");
	ck_assert_uint_eq(l->size_mb, 1024);
	ck_assert_str_eq(l->pool, "Pool4File");
	ck_assert_int_eq(l->thin, 1);
	ck_assert_str_eq(l->state, "Ready");
	ck_assert_str_eq(l->operation, "None");
	ck_assert_int_eq(l->owner_sp, 'A');
	ck_assert_int_eq(l->is_smp, 0);
	ck_assert_int_eq(l->primary_lun, -1);
	slgw_lun_free(l);
}
END_TEST

START_TEST(lun_get_not_found_and_mismatch)
{
	struct slgw_lun *l = (struct slgw_lun *)&e;

	fake_script(&fe, "rule * * %s 0 lun -list -all -l 0", CAP("lun_-destroy_-name_l1_-o.txt"));
	/* This capture answers "-name x" with a LUN of another name: the
	 * adapter must not hand that LUN out as "x". */
	fake_script(&fe, "rule * * %s 0 lun -list -all -name x", CAP("lun_-list_-all_-name_x.txt"));
	/* Not a pool LUN: the adapter asks getlun for a classic one (none). */
	fake_script(&fe, "rule * * - 0 getlun *");
	a = adapter();
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ 0, NULL }, &e),
	                 -SLGW_AERR_NOT_FOUND);
	ck_assert_ptr_null(l);
	ck_assert_ptr_nonnull(strstr(e.message, "pool lun"));
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ -1, "x" }, &e),
	                 -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ -1, "-x" }, &e),
	                 -SLGW_AERR_INVALID_ARGS);
}
END_TEST

START_TEST(lun_list_all)
{
	struct slgw_lun *l;
	size_t n;

	fake_script(&fe, "rule * * %s 0 lun -list -all", CAP("lun_-list_-all.txt"));
	fake_script(&fe, "rule * * - 0 getlun *");
	a = adapter();
	ck_assert_int_eq(a->ops->lun_list(&l, &n, a, &e), 0);
	/* 183 "LOGICAL UNIT NUMBER" records in the capture, each named. */
	ck_assert_uint_eq(n, 183);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(l[i].id, 0);
		ck_assert(l[i].name[0]);
		ck_assert_uint_gt(l[i].size_mb, 0);
	}
	slgw_lun_array_free(l, n);
}
END_TEST

START_TEST(lun_create_returns_new_lun)
{
	struct slgw_lun *l;
	struct slgw_lun_spec spec = { .name = "test_lun", .size_mb = 1024, .pool_id = -1,
	                              .pool_name = "Pool4File" };

	fake_script(&fe, "rule 1 * - 0 lun -create -capacity 1 -sq gb -poolName Pool4File -name test_lun -type NonThin");
	fake_script(&fe, "rule * * %s 0 lun -create *", CAP("lun_-create_-capacity_1_-sq_gb_-poolId_0_-l_3.txt"));
	fake_script(&fe, "rule * * %s 0 lun -list -all -name test_lun", CAP("lun_-list_-all_-l_19.txt"));
	a = adapter();
	ck_assert_int_eq(a->ops->lun_create(&l, a, &spec, &e), 0);
	ck_assert_int_eq(l->id, 19);
	ck_assert_str_eq(l->name, "test_lun");
	slgw_lun_free(l);
	/* Second time the array says the name is taken. */
	ck_assert_int_eq(a->ops->lun_create(&l, a, &spec, &e), -SLGW_AERR_NAME_IN_USE);
	ck_assert_str_eq(e.code, "0x712d8d04");
	ck_assert_ptr_null(l);
}
END_TEST

START_TEST(reads_after_own_change_skip_no_poll)
{
	struct slgw_lun *l;
	struct slgw_lun_spec spec = { .name = "test_lun", .size_mb = 1024, .pool_id = 0 };

	fake_script(&fe, "rule * * - 0 lun -create *");
	fake_script(&fe, "rule * * %s 0 lun -list -all -name test_lun", CAP("lun_-list_-all_-l_19.txt"));
	fake_script(&fe, "rule * * %s 0 lun -list -all -l 19", CAP("lun_-list_-all_-l_19.txt"));
	cfg.no_poll = 1;
	ck_assert_int_eq(vnx_adapter_new(&a, &cfg, &e), 0);
	ck_assert_int_eq(a->ops->lun_create(&l, a, &spec, &e), 0);
	slgw_lun_free(l);
	ck_assert_int_eq(a->ops->lun_get(&l, a, (struct slgw_lun_ref){ 19, NULL }, &e), 0);
	slgw_lun_free(l);
	/* A stale answer right after our create could say "not there". */
	ck_assert(fake_logged(&fe, "-scope 0 lun -list -all -name test_lun\n"));
	ck_assert(!fake_logged(&fe, "-np lun -list -all -name"));
	/* An ordinary read may use -np. */
	ck_assert(fake_logged(&fe, "-scope 0 -np lun -list -all -l 19\n"));
}
END_TEST

START_TEST(storage_group_get_and_list)
{
	struct slgw_storage_group *g, *all;
	size_t n;
	int ubuntu14 = 0;

	fake_script(&fe, "rule * * %s 0 storagegroup -list -host -iscsiAttributes -gname sg1",
	            CAP("storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_sg1.txt"));
	fake_script(&fe, "rule * * %s 0 storagegroup -list -host -iscsiAttributes",
	            CAP("storagegroup_-list_-host_-iscsiAttributes.txt"));
	a = adapter();
	ck_assert_int_eq(a->ops->sg_get(&g, a, "sg1", &e), 0);
	ck_assert_str_eq(g->name, "sg1");
	ck_assert_str_eq(g->uid, "BB:50:E8:2F:23:01:E6:11:83:36:00:60:16:58:B3:E9");
	ck_assert_uint_eq(g->n_hlus, 2);
	ck_assert_int_eq(g->hlus[0].hlu, 123);
	ck_assert_int_eq(g->hlus[0].alu, 5);
	ck_assert_int_eq(g->hlus[1].hlu, 125);
	ck_assert_int_eq(g->hlus[1].alu, 4);
	slgw_storage_group_free(g);

	ck_assert_int_eq(a->ops->sg_list(&all, &n, a, &e), 0);
	ck_assert_uint_eq(n, 4);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i].name, "ubuntu14") != 0)
			continue;
		ubuntu14 = 1;
		ck_assert_uint_eq(all[i].n_paths, 4);
		ck_assert_str_eq(all[i].paths[1].uid, "iqn.1993-08.org.debian:01:e57138cd5b4");
		ck_assert_int_eq(all[i].paths[1].sp, 'B');
		ck_assert_int_eq(all[i].paths[1].sp_port, 4);
		ck_assert_int_eq(all[i].paths[1].vport_id, 0);
		ck_assert_uint_eq(all[i].n_hlus, 1);
		ck_assert_int_eq(all[i].hlus[0].hlu, 154);
		ck_assert_int_eq(all[i].hlus[0].alu, 15);
	}
	ck_assert_int_eq(ubuntu14, 1);
	slgw_storage_group_array_free(all, n);
}
END_TEST

START_TEST(snapshots_and_migrations)
{
	struct slgw_snapshot *s;
	struct slgw_migration *m;
	size_t n;

	fake_script(&fe, "rule * * %s 0 snap -list -res 3 -detail", CAP("snap_-list_-res_3_-detail.txt"));
	fake_script(&fe, "rule * * %s 0 migrate -list -source 5", CAP("migrate_-list_-source_5.txt"));
	fake_script(&fe, "rule * * %s 0 migrate -list -source 10", CAP("migrate_-list_-source_10.txt"));
	a = adapter();
	ck_assert_int_eq(a->ops->snap_list(&s, &n, a, 3, &e), 0);
	ck_assert_uint_ge(n, 2);
	ck_assert_str_eq(s[0].name, "s1");
	ck_assert_uint_eq(s[0].n_source_luns, 1);
	ck_assert_int_eq(s[0].source_luns[0], 3);
	ck_assert_str_eq(s[0].state, "Ready");
	ck_assert_int_eq(s[0].allow_rw, 0);
	ck_assert_uint_eq(s[0].n_attached_luns, 0);
	ck_assert_str_eq(s[1].name, "s2");
	slgw_snapshot_array_free(s, n);

	ck_assert_int_eq(a->ops->migrate_status(&m, a, 5, &e), 0);
	ck_assert_int_eq(m->source, 5);
	ck_assert_int_eq(m->dest, 3);
	ck_assert_int_eq(m->percent, 60);
	ck_assert_str_eq(m->rate, "high");
	ck_assert_str_eq(m->state, "STOPPED - Destination full");
	slgw_migration_free(m);
	ck_assert_int_lt(a->ops->migrate_status(&m, a, 10, &e), 0);
	ck_assert_ptr_null(m);
	ck_assert_ptr_nonnull(strstr(e.message, "not currently migrating"));
}
END_TEST

struct worker {
	struct slgw_adapter *a;
	int ok;
};

static void *work(void *p)
{
	struct worker *w = p;

	for (int i = 0; i < 5; i++) {
		struct slgw_adapter_error err;
		struct slgw_lun *l = NULL;

		if (w->a->ops->lun_get(&l, w->a, (struct slgw_lun_ref){ 19, NULL }, &err) == 0 &&
		    strcmp(l->name, "test_lun") == 0)
			w->ok++;
		slgw_lun_free(l);
	}
	return NULL;
}

START_TEST(one_instance_many_threads_and_stats)
{
	struct slgw_adapter_stat *st;
	pthread_t t[8];
	struct worker w[8];
	size_t n;
	uint64_t total = 0;

	fake_script(&fe, "rule * * %s 0 lun -list -all -l 19", CAP("lun_-list_-all_-l_19.txt"));
	a = adapter();
	for (int i = 0; i < 8; i++) {
		w[i].a = a;
		w[i].ok = 0;
		ck_assert_int_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(w[i].ok, 5);
	}
	ck_assert_int_eq(a->ops->stats(&st, &n, a), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(st[i].command, "lun -list") == 0 && st[i].cls == SLGW_AERR_OK)
			total += st[i].count;
	ck_assert_uint_eq(total, 40);
	slgw_adapter_stat_array_free(st, n);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("vnx_adapter", "captures", fake_setup, fake_teardown, 60, discover_vnx5800,
		old_clariion_has_no_alua_and_gates_refuse_early,
		capabilities_without_explicit_discover, unknown_capabilities_do_not_refuse,
		lun_get_converts_record, lun_get_not_found_and_mismatch, lun_list_all,
		lun_create_returns_new_lun, reads_after_own_change_skip_no_poll,
		storage_group_get_and_list, snapshots_and_migrations,
		one_instance_many_threads_and_stats);
}
