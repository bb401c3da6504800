/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_access_core.c - the host-access and snapshot engines against a real store (a fresh SQLite file in
 * a mkdtemp directory per test) and the counting fake array: registration
 * and its setpath arguments, failover modes, the one-command assign, HLU
 * choice and races, failures half way (store and array must agree after),
 * snapshots, restores and linked / full clones with their cleanup.
 */
#include "access_fixture.h"
#include "fake_adapter.h"

#include <check.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../common/suite_one.h"

static struct fake_adapter FA;

static const unsigned ALL_CAPS = SLGW_CAP_THIN | SLGW_CAP_THICK | SLGW_CAP_SNAPSHOTS |
				 SLGW_CAP_CLONE_SMP | SLGW_CAP_CLONE_MIGRATE | SLGW_CAP_ALUA |
				 SLGW_CAP_ISCSI | SLGW_CAP_SNAP_RESTORE;

/* The system vnx1 (two iSCSI ports per SP) as the given model says. */
static void make_system(const char *model, const char *rev, store_failover policy,
			int destroy_empty)
{
	store_system sys = { .name = "vnx1", .adapter = "vnx", .spa = "10.0.0.1", .spb = "10.0.0.2",
			     .model = (char *)model, .revision = (char *)rev,
			     .failover_policy = policy, .destroy_empty_sg = destroy_empty };
	access_add_system(&sys, "apm00153906536", 2);
}

static void setup(void)
{
	fake_adapter_init(&FA, ALL_CAPS);
	access_fixture_open("slgw-access-", &FA.base, fake_lun_make, &FA, 1);
}

static void setup_vnx(void)
{
	setup();
	make_system("VNX5300", "05.32.000.5.201", STORE_FAILOVER_AUTO, 0);
}

static void teardown(void)
{
	access_fixture_close();
	fake_adapter_destroy(&FA);
}

static store_host *host_get(int64_t id)
{
	store_host *h = NULL;
	ck_assert_int_eq(store_host_get(&h, S, id), 0);
	return h;
}

static store_system *sys_get(void)
{
	store_system *s = NULL;
	ck_assert_int_eq(store_system_get(&s, S, sys_id), 0);
	return s;
}

static int assign(json_t **res, int64_t vol, int64_t host)
{
	*res = NULL;
	return broker_access_assign(res, &env, vol, host, &st);
}

/* An FC port on SP A besides the iSCSI ones (WWN: node then port name). */
static void add_fc_port(void)
{
	store_port p = { .system_id = sys_id, .sp = "A", .port_id = 0, .vport_id = 0,
			 .proto = STORE_PROTO_FC,
			 .address = "50:06:01:60:88:60:01:95:50:06:01:60:08:60:01:95" };
	int64_t pid;

	ck_assert_int_eq(store_port_insert(&pid, S, &p), 0);
}

/* On a fresh store and array without the capabilities in drop, with the
 * system of model / revision under policy: the answer of assigning volume
 * d1 to host xen1 (one initiator). */
static json_t *assign_on(const char *model, const char *rev, store_failover policy, unsigned drop)
{
	json_t *res;

	teardown();
	setup();
	FA.caps &= ~drop;
	make_system(model, rev, policy, 0);
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	return res;
}

static int failover_mode_of(json_t *res)
{
	return (int)json_integer_value(json_object_get(res, "failover_mode"));
}

/* ---------------------------------------------------------------- tests */

START_TEST(registration_creates_group_and_setpath_per_path_on_both_sps)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v = make_volume("d1", 0);
	json_t *res;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE), 1);
	ck_assert_ptr_nonnull(fake_group_find(&FA, G(h)));
	/* 2 initiators x 4 iSCSI ports (2 per SP) */
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 8);
	int a = 0, b = 0;
	for (int i = 0; i < FA.nlog; i++) {
		ck_assert_ptr_nonnull(strstr(FA.log[i], "-type 3 "));
		ck_assert_ptr_nonnull(strstr(FA.log[i], "-failovermode 4 -arraycommpath 1"));
		char gn[128];
		snprintf(gn, sizeof(gn), "-gname %s ", G(h));
		ck_assert_ptr_nonnull(strstr(FA.log[i], gn));
		ck_assert_ptr_nonnull(strstr(FA.log[i], "-host xen1 "));
		a += strstr(FA.log[i], "-sp A ") != NULL;
		b += strstr(FA.log[i], "-sp B ") != NULL;
	}
	ck_assert_int_eq(a, 4);
	ck_assert_int_eq(b, 4);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), 0);
	ck_assert_str_eq(hs->storage_group, G(h));
	ck_assert_int_eq(hs->failover_applied, STORE_FAILOVER_ALUA);
	ck_assert_int_eq(hs->paths, 8);
	store_host_system_free(hs);
	/* the answer carries what the host needs */
	ck_assert_int_eq(hlu_of(res), 1);
	ck_assert_int_eq(failover_mode_of(res), 4);
	store_volume *vol = NULL;
	ck_assert_int_eq(store_volume_get(&vol, S, v), 0);
	ck_assert_str_eq(json_string_value(json_object_get(res, "wwn")), vol->wwn);
	ck_assert_ptr_nonnull(strstr(vol->wwn, "60:06:01:60:"));
	store_volume_free(vol);
	json_t *t = json_object_get(res, "targets");
	ck_assert_uint_eq(json_array_size(t), 4);
	int sa = 0, sb = 0;
	for (size_t i = 0; i < json_array_size(t); i++) {
		json_t *e = json_array_get(t, i);
		const char *sp = json_string_value(json_object_get(e, "sp"));
		sa += strcmp(sp, "A") == 0;
		sb += strcmp(sp, "B") == 0;
		ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "portal")), ":3260"));
		ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(e, "iqn")), "iqn.1992-04.com.emc"));
	}
	ck_assert_int_eq(sa, 2);
	ck_assert_int_eq(sb, 2);
	json_decref(res);
}
END_TEST

START_TEST(a_host_without_ip_cannot_be_registered)
{
	store_host hr = { .name = "noip", .failover_wanted = STORE_FAILOVER_AUTO };
	int64_t h, iid;
	ck_assert_int_eq(store_host_insert(&h, S, &hr), 0);
	store_initiator in = { .host_id = h, .kind = STORE_PROTO_ISCSI,
			       .address = "iqn.2006-04.com.example:noip" };
	ck_assert_int_eq(store_initiator_insert(&iid, S, &in), 0);
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_int_eq(assign(&res, v, h), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "no IP address"));
	ck_assert_int_eq(fake_total(&FA), 0);
}
END_TEST

START_TEST(fc_targets_are_answered_by_wwpn)
{
	add_fc_port();
	int64_t h = make_host("xen1", 0, 1);
	/* The host also has an FC HBA (not logged in yet, so only its iSCSI
	 * paths register): it must be offered the FC targets. */
	int64_t iid;
	store_initiator fcin = { .host_id = h, .kind = STORE_PROTO_FC,
				 .address = "21:00:00:24:ff:00:00:01" };
	ck_assert_int_eq(store_initiator_insert(&iid, S, &fcin), 0);
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	json_t *t = json_object_get(res, "targets");
	int fc = 0;
	for (size_t i = 0; i < json_array_size(t); i++) {
		json_t *e = json_array_get(t, i);
		if (strcmp(json_string_value(json_object_get(e, "protocol")), "fc") == 0) {
			fc++;
			ck_assert_str_eq(json_string_value(json_object_get(e, "wwpn")),
					 "50:06:01:60:08:60:01:95");
		}
	}
	ck_assert_int_eq(fc, 1);
	json_decref(res);
}
END_TEST

START_TEST(an_iscsi_only_host_is_offered_no_fc_targets)
{
	add_fc_port();
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	json_t *t = json_object_get(res, "targets");
	int iscsi = 0;
	for (size_t i = 0; i < json_array_size(t); i++) {
		const char *proto = json_string_value(json_object_get(json_array_get(t, i), "protocol"));
		ck_assert_str_eq(proto, "iscsi");
		iscsi++;
	}
	ck_assert_int_eq(iscsi, 4);
	json_decref(res);
}
END_TEST

START_TEST(a_group_named_like_the_host_is_never_adopted)
{
	/* The array holds an operator's group "oradb01" with a LUN in it; a
	 * tenant names its host oradb01: the gateway makes its own group and
	 * never touches the operator's. */
	int64_t h = make_host("oradb01", 0, 1);
	int64_t v = make_volume("d1", 0);
	ck_assert_int_eq(fake_add_group(&FA, "oradb01"), 0);
	fake_steal_hlu(&FA, "oradb01", 0, 4242);
	fake_reset_counts(&FA);
	json_t *res;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	struct fake_group *own = fake_group_find(&FA, G(h));
	ck_assert_ptr_nonnull(own);
	ck_assert_int_eq(own->npaths, 4);
	struct fake_group *theirs = fake_group_find(&FA, "oradb01");
	ck_assert_ptr_nonnull(theirs);
	ck_assert_int_eq(theirs->npaths, 0);
	ck_assert_int_eq(theirs->hlu_alu[0], 4242);
	ck_assert_int_eq(theirs->hlu_alu[1], -1);
	for (int i = 0; i < FA.nlog; i++) {
		ck_assert_ptr_null(strstr(FA.log[i], "-gname oradb01 "));
		ck_assert_ptr_nonnull(strstr(FA.log[i], "-host oradb01 ")); /* the name stays on the path */
	}
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), 0);
	ck_assert_str_eq(hs->storage_group, G(h));
	store_host_system_free(hs);
	json_decref(res);
}
END_TEST

START_TEST(a_group_of_our_name_we_did_not_claim_is_refused)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	ck_assert_int_eq(fake_add_group(&FA, G(h)), 0);
	fake_reset_counts(&FA);
	json_t *res = NULL;
	ck_assert_int_eq(assign(&res, v, h), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, G(h)));
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_DESTROY), 0);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
}
END_TEST

START_TEST(an_admin_adopted_group_is_used)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	store_host *host = host_get(h);
	store_system *sys = sys_get();
	/* a group that does not exist cannot be adopted */
	ck_assert_int_eq(broker_access_host_adopt_group(&env, host, sys, "legacy-xen1", &st),
			 -(int)SLGW_NOT_FOUND);
	ck_assert_int_eq(fake_add_group(&FA, "legacy-xen1"), 0);
	ck_assert_msg(broker_access_host_adopt_group(&env, host, sys, "legacy-xen1", &st) == 0, "%s",
		      st.message);
	/* another host cannot adopt the same group */
	int64_t h2 = make_host("xen2", 0, 1);
	store_host *host2 = host_get(h2);
	ck_assert_int_eq(broker_access_host_adopt_group(&env, host2, sys, "legacy-xen1", &st),
			 -(int)SLGW_FAILED_PRECONDITION);
	fake_reset_counts(&FA);
	json_t *res;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 4);
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	ck_assert_int_eq(fake_group_find(&FA, "legacy-xen1")->npaths, 4);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), 0);
	ck_assert_str_eq(hs->storage_group, "legacy-xen1");
	ck_assert_int_eq(hs->paths, 4);
	store_host_system_free(hs);
	json_decref(res);
	/* the adopted group is the operator's: emptied, it is never destroyed */
	ck_assert_int_eq(broker_access_unassign(&res, &env, v, h, &st), 0);
	json_decref(res);
	ck_assert_int_eq(broker_access_host_unregister(&env, host, sys, &st), 0);
	ck_assert_ptr_nonnull(fake_group_find(&FA, "legacy-xen1"));
	ck_assert_int_eq(fake_count(&FA, FOP_SG_DESTROY), 0);
	store_host_free(host);
	store_host_free(host2);
	store_system_free(sys);
}
END_TEST

START_TEST(a_host_registered_before_keeps_its_group)
{
	/* a store from before owned group names: the record says "xen1" */
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	ck_assert_int_eq(fake_add_group(&FA, "xen1"), 0);
	store_host_system old = { .host_id = h, .system_id = sys_id, .storage_group = "xen1",
				  .failover_applied = STORE_FAILOVER_ALUA, .paths = 4 };
	ck_assert_int_eq(store_host_system_set(S, &old), 0);
	fake_reset_counts(&FA);
	json_t *res;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	ck_assert_int_eq(fake_group_find(&FA, "xen1")->hlu_alu[1] >= 0, 1);
	json_decref(res);
}
END_TEST

START_TEST(an_initiator_in_a_foreign_group_is_refused)
{
	/* The array already has xen1's IQN in an operator's group (a host
	 * this gateway does not manage): -setpath would move it into ours
	 * and take that group's LUNs away from its host. */
	int64_t h = make_host("xen1", 0, 2);
	int64_t v = make_volume("d1", 0);
	fake_put_initiator(&FA, "oradb-prod", "iqn.2006-04.com.example:xen1-1");
	fake_steal_hlu(&FA, "oradb-prod", 0, 4242);
	fake_reset_counts(&FA);
	json_t *res = NULL;
	ck_assert_int_eq(assign(&res, v, h), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_null(res);
	ck_assert_msg(strstr(st.message, "'oradb-prod'") &&
		      strstr(st.message, "iqn.2006-04.com.example:xen1-1"), "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 0);
	ck_assert(fake_group_has(&FA, "oradb-prod", "iqn.2006-04.com.example:xen1-1"));
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
	/* once the operator takes it out, the host registers */
	struct slgw_adapter_error e;
	ck_assert_int_eq(FA.base.ops->sg_destroy(&FA.base, "oradb-prod", &e), 0);
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	ck_assert(fake_group_has(&FA, G(h), "iqn.2006-04.com.example:xen1-1"));
	json_decref(res);
}
END_TEST

START_TEST(an_added_initiator_in_a_foreign_group_is_refused)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	json_decref(res);
	fake_put_initiator(&FA, "oradb-prod", "iqn.2006-04.com.example:extra");
	store_initiator in = { .host_id = h, .kind = STORE_PROTO_ISCSI,
			       .address = "iqn.2006-04.com.example:extra" };
	int64_t iid;
	ck_assert_int_eq(store_initiator_insert(&iid, S, &in), 0);
	store_host *host = host_get(h);
	store_system *sys = sys_get();
	fake_reset_counts(&FA);
	ck_assert_int_eq(broker_access_initiator_register(&env, host, sys, &in, &st),
			 -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "'oradb-prod'"));
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 0);
	ck_assert(fake_group_has(&FA, "oradb-prod", "iqn.2006-04.com.example:extra"));
	store_host_free(host);
	store_system_free(sys);
}
END_TEST

START_TEST(mode_1_on_an_old_model)
{
	json_t *res = assign_on("CX700", "02.19.700.5.034", STORE_FAILOVER_AUTO, SLGW_CAP_ALUA);
	for (int i = 0; i < FA.nlog; i++)
		ck_assert_ptr_nonnull(strstr(FA.log[i], "-failovermode 1 -arraycommpath 1"));
	ck_assert_int_eq(failover_mode_of(res), 1);
	json_decref(res);
}
END_TEST

START_TEST(model_check_overrides_a_generous_capability_bit)
{
	json_t *res = assign_on("CX3-40", "03.24.040.5.011", STORE_FAILOVER_AUTO, 0); /* FLARE 24 */
	ck_assert_int_eq(failover_mode_of(res), 1);
	json_decref(res);
}
END_TEST

START_TEST(system_policy_pnr)
{
	json_t *res = assign_on("VNX5300", "05.32.000.5.201", STORE_FAILOVER_PNR, 0);
	ck_assert_int_eq(failover_mode_of(res), 1);
	json_decref(res);
}
END_TEST

START_TEST(assign_to_registered_host_costs_two_commands)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0), v3 = make_volume("d3", 0);
	json_t *res;
	ck_assert_int_eq(assign(&res, v1, h), 0);
	ck_assert_int_eq(hlu_of(res), 1);
	json_decref(res);
	fake_reset_counts(&FA);
	ck_assert_int_eq(assign(&res, v2, h), 0);
	/* the LUN number confirmed (name + WWN), then -addhlu */
	ck_assert_int_eq(fake_total(&FA), 2);
	ck_assert_int_eq(fake_count(&FA, FOP_LUN_GET), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	ck_assert_int_eq(hlu_of(res), 2);
	json_decref(res);
	/* again: idempotent, same answer, no command at all */
	json_t *again;
	fake_reset_counts(&FA);
	ck_assert_int_eq(assign(&res, v2, h), 0);
	ck_assert_int_eq(assign(&again, v2, h), 0);
	ck_assert_int_eq(fake_total(&FA), 0);
	ck_assert(json_equal(res, again));
	json_decref(res);
	json_decref(again);
	/* lowest free from 1: free HLU 1 and it is reused */
	ck_assert_int_eq(broker_access_unassign(&res, &env, v1, h, &st), 0);
	json_decref(res);
	ck_assert_int_eq(assign(&res, v3, h), 0);
	ck_assert_int_eq(hlu_of(res), 1);
	json_decref(res);
}
END_TEST

START_TEST(shared_sr_keeps_the_same_hlu_across_hosts)
{
	int64_t h1 = make_host("xen1", 0, 1), h2 = make_host("xen2", 0, 1);
	int64_t v0 = make_volume("d0", 0), v1 = make_volume("d1", 0), vs = make_volume("sr", 0);
	json_t *res;
	ck_assert_int_eq(assign(&res, v0, h1), 0);
	json_decref(res);
	ck_assert_int_eq(assign(&res, v1, h1), 0);
	json_decref(res);
	ck_assert_int_eq(assign(&res, vs, h1), 0);
	ck_assert_int_eq(hlu_of(res), 3);
	json_decref(res);
	/* xen2 has nothing mapped: lowest free would be 1, but the SR LUN
	 * keeps HLU 3 on every host of the pool */
	ck_assert_int_eq(assign(&res, vs, h2), 0);
	ck_assert_int_eq(hlu_of(res), 3);
	json_decref(res);
	struct fake_group *g = fake_group_find(&FA, G(h2));
	ck_assert_int_ge(g->hlu_alu[3], 0);
}
END_TEST

START_TEST(hlu_taken_behind_the_gateways_back_is_retried)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res;
	ck_assert_int_eq(assign(&res, v1, h), 0);
	json_decref(res);
	/* someone maps a foreign LUN at HLU 2 and 3 with naviseccli */
	fake_steal_hlu(&FA, G(h), 2, 999);
	fake_steal_hlu(&FA, G(h), 3, 998);
	fake_reset_counts(&FA);
	ck_assert_msg(assign(&res, v2, h) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 4);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 2);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_GET), 1);
	json_decref(res);
	/* store and array agree */
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { .host_id = h };
	ck_assert_int_eq(store_assignment_list(&arr, &n, S, &f), 0);
	struct fake_group *g = fake_group_find(&FA, G(h));
	for (size_t i = 0; i < n; i++) {
		store_volume *vol = NULL;
		ck_assert_int_eq(store_volume_get(&vol, S, arr[i].volume_id), 0);
		ck_assert_int_eq(g->hlu_alu[arr[i].hlu], (int)vol->lun_id);
		ck_assert_int_eq(arr[i].state, STORE_ASG_READY);
		store_volume_free(vol);
	}
	store_assignment_array_free(arr, n);
}
END_TEST

START_TEST(setpath_failing_midway_leaves_store_and_array_agreeing)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v = make_volume("d1", 0);
	FA.fail_path_register_at = 3;
	FA.fail_path_cls = SLGW_AERR_UNKNOWN;
	json_t *res;
	ck_assert_int_lt(assign(&res, v, h), 0);
	ck_assert_ptr_nonnull(strstr(st.message, "registering"));
	ck_assert_ptr_null(fake_group_find(&FA, G(h))); /* created group removed */
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
	ck_assert_uint_eq(assignments_on(h), 0);
	/* the next attempt succeeds from scratch */
	FA.fail_path_register_at = 0;
	ck_assert_msg(assign(&res, v, h) == 0, "%s", st.message);
	json_decref(res);
}
END_TEST

START_TEST(both_sps_down_midway_is_unavailable_and_clean)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	FA.fail_path_register_at = 2;
	FA.fail_path_cls = SLGW_AERR_UNREACHABLE;
	json_t *res;
	ck_assert_int_eq(assign(&res, v, h), -(int)SLGW_UNAVAILABLE);
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
}
END_TEST

START_TEST(failover_change_refused_while_assigned_applied_when_offline)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res;
	ck_assert_int_eq(assign(&res, v, h), 0);
	json_decref(res);
	store_host *host = host_get(h);
	store_system *sys = sys_get();
	int mode = -1;
	ck_assert_int_eq(broker_access_failover_check(&mode, &env, host, sys, STORE_FAILOVER_PNR, 0, &st),
			 -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "must be offline"));
	ck_assert_int_eq(fake_count(&FA, FOP_HOST_SET), 0);
	ck_assert_int_eq(broker_access_failover_check(&mode, &env, host, sys, STORE_FAILOVER_PNR, 1, &st), 0);
	ck_assert_int_eq(mode, 1);
	fake_reset_counts(&FA);
	ck_assert_int_eq(broker_access_failover_apply(&env, host, sys, mode, &st), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_HOST_SET), 1);
	char want[160];
	snprintf(want, sizeof(want), "sethost -host xen1 -gname %s -failovermode 1", G(h));
	ck_assert_ptr_nonnull(strstr(FA.log[0], want));
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), 0);
	ck_assert_int_eq(hs->failover_applied, STORE_FAILOVER_PNR);
	store_host_system_free(hs);
	/* same mode again: nothing to change */
	ck_assert_int_eq(broker_access_failover_check(&mode, &env, host, sys, STORE_FAILOVER_PNR, 0, &st), 0);
	ck_assert_int_eq(mode, 0);
	/* explicit ALUA on an array without it is refused */
	FA.caps &= ~SLGW_CAP_ALUA;
	ck_assert_int_eq(broker_access_failover_check(&mode, &env, host, sys, STORE_FAILOVER_ALUA, 1, &st),
			 -(int)SLGW_FAILED_PRECONDITION);
	store_host_free(host);
	store_system_free(sys);
}
END_TEST

START_TEST(thirty_two_concurrent_assignments_get_distinct_hlus)
{
	int64_t h = make_host("xen1", 0, 2);
	struct access_par p[32];
	access_par_volumes(p, 32, h);
	FA.hlu_add_delay_us = 2000;
	access_assign_all(p, 32);
	access_assert_distinct_hlus(p, 32, 32);
	/* registered once, one -addhlu each */
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 8);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 32);
}
END_TEST

START_TEST(same_volume_by_eight_callers_one_mapping_identical_answers)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	struct access_par p[8] = { { 0 } };
	FA.hlu_add_delay_us = 5000;
	for (int i = 0; i < 8; i++) {
		p[i].vol = v;
		p[i].host = h;
	}
	access_assign_all(p, 8);
	for (int i = 0; i < 8; i++)
		ck_assert_msg(p[i].rc == 0, "%s", p[i].st.message);
	for (int i = 1; i < 8; i++)
		ck_assert(json_equal(p[0].res, p[i].res));
	for (int i = 0; i < 8; i++)
		json_decref(p[i].res);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	ck_assert_uint_eq(assignments_of(v), 1);
}
END_TEST

START_TEST(unassign_is_idempotent_and_can_destroy_the_emptied_group)
{
	teardown();
	setup();
	make_system("VNX5300", "05.32.000.5.201", STORE_FAILOVER_AUTO, 1);
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res;
	ck_assert_int_eq(assign(&res, v1, h), 0);
	json_decref(res);
	ck_assert_int_eq(assign(&res, v2, h), 0);
	json_decref(res);
	ck_assert_int_eq(broker_access_unassign(&res, &env, v1, h, &st), 0);
	ck_assert(json_is_true(json_object_get(res, "unassigned")));
	ck_assert(json_is_false(json_object_get(res, "group_destroyed")));
	json_decref(res);
	ck_assert_ptr_nonnull(fake_group_find(&FA, G(h)));
	fake_reset_counts(&FA);
	ck_assert_int_eq(broker_access_unassign(&res, &env, v1, h, &st), 0); /* again: no-op */
	ck_assert(json_is_false(json_object_get(res, "unassigned")));
	ck_assert_int_eq(fake_total(&FA), 0);
	json_decref(res);
	ck_assert_int_eq(broker_access_unassign(&res, &env, v2, h, &st), 0);
	ck_assert(json_is_true(json_object_get(res, "group_destroyed")));
	json_decref(res);
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
	/* and the next assignment registers again */
	ck_assert_int_eq(assign(&res, v1, h), 0);
	ck_assert_ptr_nonnull(fake_group_find(&FA, G(h)));
	json_decref(res);
}
END_TEST

/* Our LUN of volume v goes behind the gateway's back and a LUN of someone
 * else takes its number; returns that number. */
static int reuse_number_of(int64_t v)
{
	store_volume *vol = NULL;
	ck_assert_int_eq(store_volume_get(&vol, S, v), 0);
	int num = (int)vol->lun_id;
	struct slgw_adapter_error e;
	struct slgw_lun_ref ref = { -1, vol->lun_name };
	ck_assert_int_eq(FA.base.ops->lun_destroy(&FA.base, ref, 1, &e), 0);
	store_volume_free(vol);
	ck_assert_int_eq(fake_add_lun_at(&FA, "someone-elses", num), num);
	return num;
}

START_TEST(a_reused_lun_number_is_never_mapped)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res = NULL;
	ck_assert_msg(assign(&res, v1, h) == 0, "%s", st.message);
	json_decref(res);
	res = NULL;
	int num = reuse_number_of(v2);
	fake_reset_counts(&FA);
	ck_assert_int_eq(assign(&res, v2, h), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "someone-elses"));
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 0);
	struct fake_group *g = fake_group_find(&FA, G(h));
	for (int i = 0; i < 256; i++)
		ck_assert_int_ne(g->hlu_alu[i], num);
}
END_TEST

START_TEST(a_reused_lun_number_is_never_rolled_back)
{
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_msg(broker_snap_create(&res, &env, v, "s1", &st) == 0, "%s", st.message);
	int64_t sid = json_integer_value(json_object_get(res, "snapshot_id"));
	json_decref(res);
	res = NULL;
	reuse_number_of(v);
	fake_reset_counts(&FA);
	ck_assert_int_eq(broker_snap_restore(&res, &env, sid, 1, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(fake_count(&FA, FOP_SNAP_RESTORE), 0);
}
END_TEST

START_TEST(a_full_clone_never_migrates_onto_a_reused_number)
{
	int64_t v = make_volume("golden", 0);
	FA.reuse_after_create = 1; /* the clone's target LUN loses its number */
	struct broker_snap_clone_req req = { .source_volume_id = v, .name = "full", .full = 1 };
	json_t *res = NULL;
	ck_assert_int_eq(broker_snap_clone(&res, &env, &req, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(fake_count(&FA, FOP_MIGRATE_START), 0);
	ck_assert(fake_lun_exists(&FA, "foreign-reuse"));
}
END_TEST

START_TEST(a_fresh_snapshot_never_adopts_a_taken_name)
{
	/* a store restored from an older copy: snapshot id 1's name is on
	 * the array already (taken by the gateway before the restore) */
	int64_t v = make_volume("d1", 0);
	char aname[64];
	oname(aname, sizeof(aname), BROKER_NAME_SNAP, 1);
	store_volume *vol = NULL;
	ck_assert_int_eq(store_volume_get(&vol, S, v), 0);
	struct slgw_adapter_error e;
	ck_assert_int_eq(FA.base.ops->snap_create(&FA.base, (int)vol->lun_id, aname, 1, &e), 0);
	store_volume_free(vol);
	json_t *res = NULL;
	ck_assert_int_eq(broker_snap_create(&res, &env, v, "s1", &st), -(int)SLGW_ALREADY_EXISTS);
	ck_assert_ptr_nonnull(strstr(st.message, aname));
	store_snapshot *sn = NULL;
	ck_assert_int_eq(store_snapshot_get(&sn, S, 1), 0);
	ck_assert_int_eq(sn->state, STORE_STATE_DELETED);
	store_snapshot_free(sn);
	/* the next try gets a new id and name */
	ck_assert_msg(broker_snap_create(&res, &env, v, "s1", &st) == 0, "%s", st.message);
	ck_assert_int_gt(json_integer_value(json_object_get(res, "snapshot_id")), 1);
	json_decref(res);
}
END_TEST

START_TEST(snapshots_create_delete_restore)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res;
	ck_assert_msg(broker_snap_create(&res, &env, v, "before-upgrade", &st) == 0, "%s", st.message);
	int64_t sid = json_integer_value(json_object_get(res, "snapshot_id"));
	char aname[64];
	oname(aname, sizeof(aname), BROKER_NAME_SNAP, sid);
	ck_assert_str_eq(json_string_value(json_object_get(res, "array_name")), aname);
	ck_assert(fake_snap_exists(&FA, aname));
	json_decref(res);
	/* idempotent by name */
	fake_reset_counts(&FA);
	ck_assert_int_eq(broker_snap_create(&res, &env, v, "before-upgrade", &st), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(res, "snapshot_id")), sid);
	ck_assert_int_eq(fake_total(&FA), 0);
	json_decref(res);
	/* restore refused while assigned, allowed when forced */
	ck_assert_int_eq(assign(&res, v, h), 0);
	json_decref(res);
	ck_assert_int_eq(broker_snap_restore(&res, &env, sid, 0, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(fake_count(&FA, FOP_SNAP_RESTORE), 0);
	ck_assert_int_eq(broker_snap_restore(&res, &env, sid, 1, &st), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_SNAP_RESTORE), 1);
	json_decref(res);
	/* delete, then delete again succeeds */
	ck_assert_int_eq(broker_snap_delete(&res, &env, sid, &st), 0);
	json_decref(res);
	ck_assert(!fake_snap_exists(&FA, aname));
	ck_assert_int_eq(broker_snap_delete(&res, &env, sid, &st), 0);
	json_decref(res);
	ck_assert_int_eq(broker_snap_create(&res, &env, v, "", &st), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(linked_clone_is_instant_and_protects_its_parents)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("golden", 0);
	json_t *res;
	ck_assert_int_eq(broker_snap_create(&res, &env, v, "s1", &st), 0);
	int64_t sid = json_integer_value(json_object_get(res, "snapshot_id"));
	json_decref(res);
	fake_reset_counts(&FA);
	struct broker_snap_clone_req req = { .source_snapshot_id = sid, .name = "vm1-disk" };
	ck_assert_msg(broker_snap_clone(&res, &env, &req, &st) == 0, "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_SMP_CREATE), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_SMP_ATTACH), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_MIGRATE_START), 0);
	int64_t cid = json_integer_value(json_object_get(res, "volume_id"));
	json_decref(res);
	store_volume *cv = NULL;
	ck_assert_int_eq(store_volume_get(&cv, S, cid), 0);
	ck_assert_int_eq(cv->state, STORE_STATE_READY);
	ck_assert_int_eq(cv->clone_kind, STORE_CLONE_LINKED);
	ck_assert_int_eq(cv->parent_snapshot_id, sid);
	store_volume_free(cv);
	/* the clone is an ordinary volume: assignable */
	ck_assert_msg(assign(&res, cid, h) == 0, "%s", st.message);
	json_decref(res);
	/* parents are protected */
	ck_assert_int_eq(broker_snap_delete(&res, &env, sid, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(broker_snap_volume_delete_check(S, v, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "linked clone"));
	/* from a volume: a recorded snapshot is taken first */
	struct broker_snap_clone_req req2 = { .source_volume_id = v, .name = "vm2-disk" };
	fake_reset_counts(&FA);
	ck_assert_msg(broker_snap_clone(&res, &env, &req2, &st) == 0, "%s", st.message);
	ck_assert_int_eq(fake_count(&FA, FOP_SNAP_CREATE), 1);
	json_decref(res);
	ck_assert_uint_eq(count_snapshots(&(store_filter){ .volume_id = v }), 2);
	/* only the volume's own clones count: another volume is free to go,
	 * and so is a snapshot of v that no clone hangs off */
	int64_t other = make_volume("other", 0);
	ck_assert_int_eq(broker_snap_volume_delete_check(S, other, &st), 0);
	ck_assert_int_eq(broker_snap_create(&res, &env, v, "s3", &st), 0);
	int64_t s3 = json_integer_value(json_object_get(res, "snapshot_id"));
	json_decref(res);
	ck_assert_msg(broker_snap_delete(&res, &env, s3, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(broker_snap_delete(&res, &env, sid, &st), -(int)SLGW_FAILED_PRECONDITION);
}
END_TEST

START_TEST(full_clone_migrates_and_removes_temporaries)
{
	int64_t v = make_volume("golden", 0);
	int before = fake_lun_count(&FA);
	struct broker_snap_clone_req req = { .source_volume_id = v, .name = "copy", .full = 1 };
	json_t *res;
	ck_assert_msg(broker_snap_clone(&res, &env, &req, &st) == 0, "%s", st.message);
	int64_t cid = json_integer_value(json_object_get(res, "volume_id"));
	char tmp[64], lun[64], dst[64];
	oname(tmp, sizeof(tmp), BROKER_NAME_TMP, cid);
	oname(lun, sizeof(lun), BROKER_NAME_LUN, cid);
	oname(dst, sizeof(dst), BROKER_NAME_DST, cid);
	ck_assert_str_eq(json_string_value(json_object_get(res, "lun_name")), lun);
	json_decref(res);
	ck_assert(!fake_snap_exists(&FA, tmp));
	ck_assert(fake_lun_exists(&FA, lun));
	ck_assert(!fake_lun_exists(&FA, dst));
	ck_assert_int_eq(fake_lun_count(&FA), before + 1);
	ck_assert_int_eq(fake_count(&FA, FOP_MIGRATE_START), 1);
	ck_assert_int_ge(fake_count(&FA, FOP_MIGRATE_STATUS), 3);
	store_volume *cv = NULL;
	ck_assert_int_eq(store_volume_get(&cv, S, cid), 0);
	ck_assert_int_eq(cv->state, STORE_STATE_READY);
	ck_assert_int_eq(cv->clone_kind, STORE_CLONE_FULL);
	store_volume_free(cv);
	/* a full clone does not pin its source */
	ck_assert_int_eq(broker_snap_volume_delete_check(S, v, &st), 0);
}
END_TEST

START_TEST(full_clone_failing_half_way_cleans_up)
{
	int64_t v = make_volume("golden", 0);
	int before = fake_lun_count(&FA);
	FA.fail_migration = 1;
	struct broker_snap_clone_req req = { .source_volume_id = v, .name = "copy", .full = 1 };
	json_t *res = NULL;
	ck_assert_int_lt(broker_snap_clone(&res, &env, &req, &st), 0);
	ck_assert_ptr_nonnull(strstr(st.message, "migration"));
	ck_assert_int_eq(fake_count(&FA, FOP_MIGRATE_CANCEL), 1);
	ck_assert_int_eq(fake_lun_count(&FA), before); /* no SMP, no target left */
	for (int i = 0; i < FAKE_MAX; i++)
		ck_assert(!FA.snaps[i].used); /* temporary snapshot gone */
	store_volume *arr = NULL;
	size_t n = 0;
	store_filter f = { .name = "copy" };
	ck_assert_int_eq(store_volume_list(&arr, &n, S, &f), 0);
	ck_assert_uint_eq(n, 0); /* no live clone record */
	store_volume_array_free(arr, n);
}
END_TEST

/* What a crash during a full clone's migration leaves: the clone reserved
 * (its LUN name recorded), its SMP, target LUN and temporary snapshot on
 * the array.  legacy: the clone was begun before instance ids, under
 * "slgw-<id>" names.  Another gateway's objects for the same ids sit on
 * the array too and must survive the clean-up. */
static void interrupted_full_clone(int legacy)
{
	int64_t v = make_volume("golden", 0);
	store_volume rec = { .name = "copy", .system_id = sys_id, .pool_id = pool_id,
			     .size_mb = 1024, .prov = STORE_PROV_THICK, .parent_volume_id = v,
			     .clone_kind = STORE_CLONE_FULL };
	int64_t cid;
	ck_assert_int_eq(store_volume_reserve(&cid, S, &rec), 0);
	char lun[64], dst[64], tmp[64], their_lun[64], their_dst[64];
	if (legacy) {
		snprintf(lun, sizeof(lun), "slgw-%" PRId64, cid);
		snprintf(dst, sizeof(dst), "slgw-dst-%" PRId64, cid);
		snprintf(tmp, sizeof(tmp), "slgw-tmp-%" PRId64, cid);
	} else {
		oname(lun, sizeof(lun), BROKER_NAME_LUN, cid);
		oname(dst, sizeof(dst), BROKER_NAME_DST, cid);
		oname(tmp, sizeof(tmp), BROKER_NAME_TMP, cid);
	}
	ck_assert_int_eq(store_volume_set_array(S, cid, -1, lun, NULL), 0);
	const char *other = strcmp(store_instance_id(S), "0badcafe") ? "0badcafe" : "1badcafe";
	snprintf(their_lun, sizeof(their_lun), "slgw-%s-%" PRId64, other, cid);
	snprintf(their_dst, sizeof(their_dst), "slgw-%s-dst-%" PRId64, other, cid);
	store_volume *src = NULL;
	ck_assert_int_eq(store_volume_get(&src, S, v), 0);
	struct slgw_adapter_error e;
	ck_assert_int_eq(FA.base.ops->snap_create(&FA.base, (int)src->lun_id, tmp, 1, &e), 0);
	store_volume_free(src);
	fake_add_lun(&FA, lun);
	fake_add_lun(&FA, dst);
	fake_add_lun(&FA, their_lun);
	fake_add_lun(&FA, their_dst);
	struct broker_snap_clone_req req = { .source_volume_id = v, .name = "copy", .full = 1 };
	int cleaned = 0;
	ck_assert_msg(broker_snap_clone_recover(&cleaned, &env, &req, &st) == 0, "%s", st.message);
	ck_assert_int_eq(cleaned, 3);
	ck_assert(!fake_lun_exists(&FA, lun));
	ck_assert(!fake_lun_exists(&FA, dst));
	ck_assert(!fake_snap_exists(&FA, tmp));
	ck_assert(fake_lun_exists(&FA, their_lun));
	ck_assert(fake_lun_exists(&FA, their_dst));
	store_volume *cv = NULL;
	ck_assert_int_eq(store_volume_get(&cv, S, cid), 0);
	ck_assert_int_eq(cv->state, STORE_STATE_DELETED);
	store_volume_free(cv);
	/* again: nothing left to do */
	ck_assert_int_eq(broker_snap_clone_recover(&cleaned, &env, &req, &st), 0);
	ck_assert_int_eq(cleaned, 0);
}

START_TEST(an_interrupted_full_clone_is_cleaned_up_after_a_restart)
{
	interrupted_full_clone(0);
}
END_TEST

START_TEST(an_interrupted_full_clone_from_before_instance_ids_is_cleaned_up)
{
	interrupted_full_clone(1);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("access_core", "core", setup_vnx, teardown, 60,
		registration_creates_group_and_setpath_per_path_on_both_sps,
		a_group_named_like_the_host_is_never_adopted,
		a_group_of_our_name_we_did_not_claim_is_refused, an_admin_adopted_group_is_used,
		a_host_registered_before_keeps_its_group,
		an_initiator_in_a_foreign_group_is_refused,
		an_added_initiator_in_a_foreign_group_is_refused,
		a_reused_lun_number_is_never_mapped, a_reused_lun_number_is_never_rolled_back,
		a_full_clone_never_migrates_onto_a_reused_number,
		a_fresh_snapshot_never_adopts_a_taken_name, fc_targets_are_answered_by_wwpn,
		an_iscsi_only_host_is_offered_no_fc_targets, a_host_without_ip_cannot_be_registered,
		mode_1_on_an_old_model, model_check_overrides_a_generous_capability_bit,
		system_policy_pnr, assign_to_registered_host_costs_two_commands,
		shared_sr_keeps_the_same_hlu_across_hosts,
		hlu_taken_behind_the_gateways_back_is_retried,
		setpath_failing_midway_leaves_store_and_array_agreeing,
		both_sps_down_midway_is_unavailable_and_clean,
		failover_change_refused_while_assigned_applied_when_offline,
		thirty_two_concurrent_assignments_get_distinct_hlus,
		same_volume_by_eight_callers_one_mapping_identical_answers,
		unassign_is_idempotent_and_can_destroy_the_emptied_group,
		snapshots_create_delete_restore, linked_clone_is_instant_and_protects_its_parents,
		full_clone_migrates_and_removes_temporaries, full_clone_failing_half_way_cleans_up,
		an_interrupted_full_clone_is_cleaned_up_after_a_restart,
		an_interrupted_full_clone_from_before_instance_ids_is_cleaned_up);
}
