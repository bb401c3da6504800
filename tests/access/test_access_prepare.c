/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_access_prepare.c - what a pool's shared SR needs from the engine,
 * against a real store and the counting fake array: a requested HLU (used
 * when free, a conflict naming the holder when the store or the array has
 * it taken, idempotent under the same HLU, a conflict under another; two
 * hosts asking one HLU at once both get it, two volumes asking one HLU of
 * a host get it once), prepareHost (the group and every path, no LUN;
 * idempotent; the first assignment after it costs the LUN confirm and
 * -addhlu only; the ownership rules of a registration hold), and the
 * registration's -setpath commands sent several at once.
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

static void setup(void)
{
	store_system sys = { .name = "vnx1", .adapter = "vnx", .spa = "10.0.0.1", .spb = "10.0.0.2",
			     .model = "VNX5300", .revision = "05.32.000.5.201",
			     .failover_policy = STORE_FAILOVER_AUTO };

	fake_adapter_init(&FA, SLGW_CAP_THIN | SLGW_CAP_THICK | SLGW_CAP_ALUA | SLGW_CAP_ISCSI);
	access_fixture_open("slgw-prepare-", &FA.base, fake_lun_make, &FA, 1);
	access_add_system(&sys, "apm00153906536", 2);
}

static void teardown(void)
{
	access_fixture_close();
	fake_adapter_destroy(&FA);
}

static int lun_of(int64_t vol)
{
	store_volume *v = NULL;
	ck_assert_int_eq(store_volume_get(&v, S, vol), 0);
	int lun = (int)v->lun_id;
	store_volume_free(v);
	return lun;
}

static int assign_at(json_t **res, int64_t vol, int64_t host, int hlu)
{
	*res = NULL;
	memset(&st, 0, sizeof(st));
	return broker_access_assign_hlu(res, &env, vol, host, hlu, &st);
}

/* Assigns vol to host at the HLU asked for, which must succeed. */
static void assign_at_ok(int64_t vol, int64_t host, int hlu)
{
	json_t *res;

	ck_assert_msg(assign_at(&res, vol, host, hlu) == 0, "%s", st.message);
	json_decref(res);
}

static int prepare(json_t **res, int64_t host)
{
	*res = NULL;
	memset(&st, 0, sizeof(st));
	return broker_access_host_prepare(res, &env, host, sys_id, &st);
}

/* ------------------------------------------------------- requested HLU */

START_TEST(a_requested_free_hlu_is_used)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res;
	ck_assert_msg(assign_at(&res, v1, h, 7) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 7);
	json_decref(res);
	ck_assert_int_eq(fake_group_find(&FA, G(h))->hlu_alu[7], lun_of(v1));
	/* on a registered host: the LUN confirm and -addhlu, nothing else */
	fake_reset_counts(&FA);
	ck_assert_msg(assign_at(&res, v2, h, 9) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 9);
	ck_assert_int_eq(fake_total(&FA), 2);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	json_decref(res);
}
END_TEST

START_TEST(a_requested_hlu_taken_in_the_store_is_a_conflict_naming_the_volume)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("sr-lun", 0), v2 = make_volume("d2", 0);
	json_t *res;
	assign_at_ok(v1, h, 5);
	fake_reset_counts(&FA);
	ck_assert_int_eq(assign_at(&res, v2, h, 5), -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_ptr_null(res);
	char want[64];
	snprintf(want, sizeof(want), "volume %" PRId64 " (\"sr-lun\")", v1);
	ck_assert_msg(strstr(st.message, want) && strstr(st.message, "HLU 5"), "%s", st.message);
	/* nothing sent, nothing reserved */
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 0);
	ck_assert_uint_eq(assignments_of(v2), 0);
	ck_assert_int_eq(fake_group_find(&FA, G(h))->hlu_alu[5], lun_of(v1));
}
END_TEST

START_TEST(a_requested_hlu_taken_on_the_array_is_a_conflict_and_maps_nothing)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res;
	assign_at_ok(v1, h, 1);
	/* an operator maps a LUN the gateway does not manage at HLU 6 */
	fake_steal_hlu(&FA, G(h), 6, 999);
	ck_assert_int_eq(assign_at(&res, v2, h, 6), -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_msg(strstr(st.message, "array LUN 999") && strstr(st.message, "HLU 6"), "%s",
		      st.message);
	ck_assert_uint_eq(assignments_of(v2), 0);
	struct fake_group *g = fake_group_find(&FA, G(h));
	ck_assert_int_eq(g->hlu_alu[6], 999);
	for (int i = 0; i < 256; i++)
		ck_assert_int_ne(g->hlu_alu[i], lun_of(v2));
	/* the gateway's own volume mapped behind the store's back is named */
	int64_t v3 = make_volume("d3", 0);
	fake_steal_hlu(&FA, G(h), 8, lun_of(v3));
	ck_assert_int_eq(assign_at(&res, v2, h, 8), -(int)BROKER_ACCESS_HLU_CONFLICT);
	char want[64];
	snprintf(want, sizeof(want), "volume %" PRId64 " (\"d3\")", v3);
	ck_assert_msg(strstr(st.message, want), "%s", st.message);
}
END_TEST

START_TEST(a_conflict_never_names_another_tenants_volume)
{
	store_tenant ta = { .name = "pool-a" }, tb = { .name = "pool-b" };
	int64_t a, b;
	ck_assert_int_eq(store_tenant_insert(&a, S, &ta), 0);
	ck_assert_int_eq(store_tenant_insert(&b, S, &tb), 0);
	store_host hr = { .tenant_id = a, .name = "xen-a", .ip = "10.9.9.9",
			  .failover_wanted = STORE_FAILOVER_AUTO };
	int64_t h, iid;
	ck_assert_int_eq(store_host_insert(&h, S, &hr), 0);
	store_initiator in = { .host_id = h, .kind = STORE_PROTO_ISCSI,
			       .address = "iqn.2006-04.com.example:xen-a" };
	ck_assert_int_eq(store_initiator_insert(&iid, S, &in), 0);
	int64_t mine = make_volume("mine", a), theirs = make_volume("secret-b", b);
	json_t *res;
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	json_decref(res);
	/* tenant b's LUN mapped into tenant a's host group behind the gateway's
	 * back: the conflict says so without b's name */
	fake_steal_hlu(&FA, G(h), 4, lun_of(theirs));
	ck_assert_int_eq(assign_at(&res, mine, h, 4), -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_msg(!strstr(st.message, "secret-b") && strstr(st.message, "another tenant"),
		      "%s", st.message);
}
END_TEST

START_TEST(the_same_hlu_again_is_idempotent_another_is_a_conflict)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res, *again;
	ck_assert_msg(assign_at(&res, v, h, 4) == 0, "%s", st.message);
	fake_reset_counts(&FA);
	ck_assert_msg(assign_at(&again, v, h, 4) == 0, "%s", st.message);
	ck_assert_int_eq(fake_total(&FA), 0);
	ck_assert(json_equal(res, again));
	json_decref(again);
	/* no HLU asked: the same answer too */
	ck_assert_int_eq(assign_at(&again, v, h, -1), 0);
	ck_assert(json_equal(res, again));
	json_decref(again);
	json_decref(res);
	ck_assert_int_eq(assign_at(&res, v, h, 3), -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_msg(strstr(st.message, "already assigned") && strstr(st.message, "HLU 4"), "%s",
		      st.message);
	ck_assert_int_eq(fake_total(&FA), 0);
	ck_assert_uint_eq(assignments_of(v), 1);
}
END_TEST

/* An attempt that stopped half way left a reservation (ASSIGNING) under
 * HLU 1: a retry asking for HLU 6 moves it there; when that attempt had
 * already mapped the LUN at HLU 1, the store records what the array has
 * and the retry is a conflict naming HLU 1. */
START_TEST(a_leftover_reservation_moves_to_the_requested_hlu_or_says_where_it_is)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res;
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	json_decref(res);
	store_assignment *left = NULL;
	ck_assert_int_eq(store_assignment_reserve(&left, S, v1, h, sys_id, 1, -1), 0);
	ck_assert_int_eq(left->hlu, 1);
	store_assignment_free(left);
	ck_assert_msg(assign_at(&res, v1, h, 6) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 6);
	json_decref(res);
	struct fake_group *g = fake_group_find(&FA, G(h));
	ck_assert_int_eq(g->hlu_alu[6], lun_of(v1));
	ck_assert_int_eq(g->hlu_alu[1], -1);
	ck_assert_uint_eq(assignments_of(v1), 1);
	/* v2: reserved at 1 and mapped there before the stop */
	ck_assert_int_eq(store_assignment_reserve(&left, S, v2, h, sys_id, 1, -1), 0);
	ck_assert_int_eq(left->hlu, 1);
	store_assignment_free(left);
	fake_steal_hlu(&FA, G(h), 1, lun_of(v2));
	ck_assert_int_eq(assign_at(&res, v2, h, 7), -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_msg(strstr(st.message, "HLU 1"), "%s", st.message);
	ck_assert_int_eq(g->hlu_alu[7], -1);
	/* the store says what the array has: mapped at 1, ready */
	ck_assert_msg(assign_at(&res, v2, h, 1) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 1);
	json_decref(res);
	ck_assert_uint_eq(assignments_of(v2), 1);
}
END_TEST

START_TEST(out_of_range_and_hlu_0_are_refused)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res;
	ck_assert_int_eq(assign_at(&res, v, h, 256), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(assign_at(&res, v, h, 0), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "HLU 0"));
	ck_assert_int_eq(fake_total(&FA), 0);
}
END_TEST

START_TEST(two_hosts_asking_one_hlu_at_once_both_get_it)
{
	/* a pool's SR LUN attached on every host at once, with the HLU the
	 * pool chose: each host's group is its own HLU space */
	int64_t hosts[4];
	for (int i = 0; i < 4; i++) {
		char n[16];
		snprintf(n, sizeof(n), "xen%d", i);
		hosts[i] = make_host(n, 0, 1);
	}
	int64_t v = make_volume("sr", 0);
	FA.hlu_add_delay_us = 2000;
	FA.path_delay_us = 1000;
	struct access_par p[4] = { { 0 } };
	for (int i = 0; i < 4; i++) {
		p[i].vol = v;
		p[i].host = hosts[i];
		p[i].hlu = 12;
	}
	access_assign_all(p, 4);
	for (int i = 0; i < 4; i++) {
		ck_assert_msg(p[i].rc == 0, "%s", p[i].st.message);
		ck_assert_int_eq(hlu_of(p[i].res), 12);
		json_decref(p[i].res);
		ck_assert_int_eq(fake_group_find(&FA, G(hosts[i]))->hlu_alu[12], lun_of(v));
	}
	ck_assert_uint_eq(assignments_of(v), 4);
}
END_TEST

START_TEST(two_volumes_asking_one_hlu_of_a_host_at_once_get_it_once)
{
	int64_t h = make_host("xen1", 0, 1);
	enum { N = 6 };
	struct access_par p[N];
	access_par_volumes(p, N, h);
	for (int i = 0; i < N; i++)
		p[i].hlu = 3;
	FA.hlu_add_delay_us = 2000;
	access_assign_all(p, N);
	int won = -1, lost = 0;
	for (int i = 0; i < N; i++) {
		if (p[i].rc == 0) {
			ck_assert_int_eq(won, -1);
			won = i;
			ck_assert_int_eq(hlu_of(p[i].res), 3);
			json_decref(p[i].res);
		} else {
			ck_assert_int_eq(p[i].rc, -(int)BROKER_ACCESS_HLU_CONFLICT);
			ck_assert_ptr_nonnull(strstr(p[i].st.message, "HLU 3"));
			ck_assert_uint_eq(assignments_of(p[i].vol), 0);
			lost++;
		}
	}
	ck_assert_int_ge(won, 0);
	ck_assert_int_eq(lost, N - 1);
	struct fake_group *g = fake_group_find(&FA, G(h));
	ck_assert_int_eq(g->hlu_alu[3], lun_of(p[won].vol));
	int mapped = 0;
	for (int i = 0; i < 256; i++)
		mapped += g->hlu_alu[i] >= 0;
	ck_assert_int_eq(mapped, 1);
}
END_TEST

/* ---------------------------------------------------------- prepareHost */

START_TEST(prepare_registers_the_host_and_maps_nothing_then_assign_costs_two)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v = make_volume("d1", 0);
	json_t *res;
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	ck_assert_str_eq(json_string_value(json_object_get(res, "storage_group")), G(h));
	ck_assert_int_eq(json_integer_value(json_object_get(res, "paths")), 8);
	ck_assert_int_eq(json_integer_value(json_object_get(res, "failover_mode")), 4);
	json_decref(res);
	ck_assert_int_eq(fake_count(&FA, FOP_SG_CREATE), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 8);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 0);
	ck_assert_int_eq(fake_count(&FA, FOP_LUN_GET), 0);
	struct fake_group *g = fake_group_find(&FA, G(h));
	ck_assert_ptr_nonnull(g);
	for (int i = 0; i < 256; i++)
		ck_assert_int_eq(g->hlu_alu[i], -1);
	/* again: on record, no command */
	fake_reset_counts(&FA);
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	ck_assert_int_eq(fake_total(&FA), 0);
	json_decref(res);
	/* the first assignment: LUN confirm and -addhlu only */
	ck_assert_msg(assign_at(&res, v, h, -1) == 0, "%s", st.message);
	ck_assert_int_eq(fake_total(&FA), 2);
	ck_assert_int_eq(fake_count(&FA, FOP_LUN_GET), 1);
	ck_assert_int_eq(fake_count(&FA, FOP_HLU_ADD), 1);
	json_decref(res);
}
END_TEST

START_TEST(prepare_keeps_the_ownership_rules)
{
	/* an initiator held by a group the gateway does not manage */
	int64_t h = make_host("xen1", 0, 1);
	fake_put_initiator(&FA, "ops-group", "iqn.2006-04.com.example:xen1-0");
	json_t *res;
	ck_assert_int_eq(prepare(&res, h), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_ptr_nonnull(strstr(st.message, "ops-group"));
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 0);
	ck_assert(fake_group_has(&FA, "ops-group", "iqn.2006-04.com.example:xen1-0"));
	/* a group of the gateway's name it never claimed is not taken over */
	int64_t h2 = make_host("xen2", 0, 1);
	fake_put_initiator(&FA, G(h2), "iqn.2006-04.com.example:someone-else");
	ck_assert_int_eq(prepare(&res, h2), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 0);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h2, sys_id), STORE_ENOTFOUND);
	/* unknown host or system */
	ck_assert_int_eq(broker_access_host_prepare(&res, &env, 9999, sys_id, &st),
			 -(int)SLGW_NOT_FOUND);
	ck_assert_int_eq(broker_access_host_prepare(&res, &env, h, 9999, &st),
			 -(int)SLGW_NOT_FOUND);
}
END_TEST

START_TEST(paths_are_registered_several_at_once_within_the_limit)
{
	int64_t h = make_host("xen1", 0, 2);
	FA.path_delay_us = 20000;
	env.parallel = 3;
	json_t *res;
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(fake_count(&FA, FOP_PATH_REGISTER), 8);
	ck_assert_int_gt(FA.paths_inflight_max, 1);
	ck_assert_int_le(FA.paths_inflight_max, 3);
	/* 1: one after the other */
	int64_t h2 = make_host("xen2", 0, 2);
	FA.paths_inflight_max = 0;
	env.parallel = 1;
	ck_assert_msg(prepare(&res, h2) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(FA.paths_inflight_max, 1);
}
END_TEST

START_TEST(a_path_failing_among_parallel_ones_leaves_no_trace)
{
	int64_t h = make_host("xen1", 0, 2);
	FA.path_delay_us = 2000;
	FA.fail_path_register_at = 5;
	FA.fail_path_cls = SLGW_AERR_UNKNOWN;
	json_t *res;
	ck_assert_int_lt(prepare(&res, h), 0);
	ck_assert_ptr_nonnull(strstr(st.message, "registering"));
	ck_assert_ptr_null(fake_group_find(&FA, G(h)));
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
	FA.fail_path_register_at = 0;
	ck_assert_msg(prepare(&res, h) == 0, "%s", st.message);
	json_decref(res);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("access_prepare", "prepare", setup, teardown, 60, a_requested_free_hlu_is_used,
		a_requested_hlu_taken_in_the_store_is_a_conflict_naming_the_volume,
		a_requested_hlu_taken_on_the_array_is_a_conflict_and_maps_nothing,
		a_conflict_never_names_another_tenants_volume,
		the_same_hlu_again_is_idempotent_another_is_a_conflict,
		a_leftover_reservation_moves_to_the_requested_hlu_or_says_where_it_is,
		out_of_range_and_hlu_0_are_refused, two_hosts_asking_one_hlu_at_once_both_get_it,
		two_volumes_asking_one_hlu_of_a_host_at_once_get_it_once,
		prepare_registers_the_host_and_maps_nothing_then_assign_costs_two,
		prepare_keeps_the_ownership_rules,
		paths_are_registered_several_at_once_within_the_limit,
		a_path_failing_among_parallel_ones_leaves_no_trace);
}
