/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_access_navisim.c - the engines on navisim through the real VNX adapter:
 * each test creates its own simulated array in a private NAVISIM_HOME and
 * its own store file (access_fixture.c), discovers the array's iSCSI ports into the store,
 * then registers hosts, assigns, snapshots and clones - and checks what
 * the array (re-read through the adapter) says against what the store
 * says, including after injected failures (fail-next, SP down), and that
 * two tenants' hosts of the same name never share one storage group.
 */
#include "access_fixture.h"
#include "vnx_adapter.h"

#include <check.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../common/navisim_home.h"
#include "../common/suite_one.h"
#include "../common/vnx_test_config.h"

static struct navisim_home home;
static struct slgw_adapter *A;

/* Runs navisim --admin with the words given (its output dropped); its exit status. */
#define ADMIN(...) \
	navisim_home_admin(NULL, &home, NAVISIM_BIN, (const char *const[]){ __VA_ARGS__, NULL })

static uint64_t commands(void)
{
	struct slgw_adapter_stat *s = NULL;
	size_t n = 0;
	uint64_t total = 0;
	ck_assert_int_eq(A->ops->stats(&s, &n, A), 0);
	for (size_t i = 0; i < n; i++)
		total += s[i].count;
	slgw_adapter_stat_array_free(s, n);
	return total;
}

/* A volume's LUN made on the array the way the broker makes it. */
static void navisim_lun_make(void *ctx, const char *name, int *id, char *wwn, size_t len)
{
	struct slgw_lun_spec spec = { .name = name, .size_mb = 1024, .pool_id = 0 };
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error e;

	(void)ctx;
	ck_assert_msg(A->ops->lun_create(&l, A, &spec, &e) == 0, "%s", e.message);
	*id = l->id;
	snprintf(wwn, len, "%s", l->wwn);
	slgw_lun_free(l);
}

static void setup(void)
{
	struct vnx_config c;
	struct slgw_adapter_error e;
	struct slgw_system_info *info = NULL;

	ck_assert_int_eq(navisim_home_make(&home, "slgw-accessn-"), 0);
	ck_assert_int_eq(ADMIN("create-array", "--name", "a1", "--spa", "10.9.0.1", "--spb",
			       "10.9.0.2"), 0);
	c = vnx_test_config(NAVISIM_BIN, "a1", "10.9.0.1", "10.9.0.2", "secret", home.envp);
	ck_assert_int_eq(vnx_adapter_new(&A, &c, &e), 0);
	access_fixture_open("slgw-accessn-", A, navisim_lun_make, NULL, 100);

	ck_assert_msg(A->ops->discover(&info, A, &e) == 0, "discover: %s", e.message);
	store_system sys = { .name = "a1", .adapter = "vnx", .spa = "10.9.0.1", .spb = "10.9.0.2",
			     .model = info->model, .revision = info->revision,
			     .failover_policy = STORE_FAILOVER_AUTO };
	ck_assert_int_eq(store_system_insert(&sys_id, S, &sys), 0);
	for (size_t i = 0; i < info->n_ports; i++) {
		const struct slgw_target_port *p = &info->ports[i];
		char sp[2] = { p->sp, 0 };
		store_port sp_rec = { .system_id = sys_id, .sp = sp, .port_id = p->port_id,
				      .vport_id = p->vport_id < 0 ? 0 : p->vport_id,
				      .proto = p->protocol == SLGW_PROTO_FC ? STORE_PROTO_FC
									    : STORE_PROTO_ISCSI,
				      .address = (char *)p->wwn, .ip = p->ip[0] ? (char *)p->ip : NULL };
		int64_t id;
		ck_assert_msg(store_port_insert(&id, S, &sp_rec) == 0, "port %c%d/%d: %s", p->sp,
			      p->port_id, p->vport_id, store_errmsg());
	}
	ck_assert_uint_gt(info->n_pools, 0);
	store_pool pool = { .system_id = sys_id, .array_id = info->pools[0].id,
			    .name = info->pools[0].name, .capacity_mb = 1 << 20, .free_mb = 1 << 19 };
	ck_assert_int_eq(store_pool_insert(&pool_id, S, &pool), 0);
	slgw_system_info_free(info);
}

static void teardown(void)
{
	access_fixture_close();
	slgw_adapter_free(A);
	navisim_home_remove(&home);
}

/* HLU -> ALU of the group as the array says (-1 where free). */
static int array_group(int *map, const char *group)
{
	struct slgw_storage_group *g = NULL;
	struct slgw_adapter_error e;
	for (int i = 0; i < 256; i++)
		map[i] = -1;
	int rc = A->ops->sg_get(&g, A, group, &e);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->n_hlus; i++)
		map[g->hlus[i].hlu] = g->hlus[i].alu;
	slgw_storage_group_free(g);
	return 0;
}

/* Every assignment of host in the store is mapped on the array, and the
 * array maps nothing else the store does not know of (foreign = allowed). */
static void assert_store_matches_array(int64_t host, const char *group, int foreign)
{
	int map[256];
	ck_assert_int_eq(array_group(map, group), 0);
	store_assignment *arr = NULL;
	size_t n = 0;
	store_filter f = { .host_id = host };
	ck_assert_int_eq(store_assignment_list(&arr, &n, S, &f), 0);
	int mapped = 0;
	for (int i = 0; i < 256; i++)
		mapped += map[i] >= 0;
	ck_assert_int_eq(mapped, (int)n + foreign);
	for (size_t i = 0; i < n; i++) {
		store_volume *v = NULL;
		ck_assert_int_eq(store_volume_get(&v, S, arr[i].volume_id), 0);
		ck_assert_int_eq(map[arr[i].hlu], (int)v->lun_id);
		store_volume_free(v);
	}
	store_assignment_array_free(arr, n);
}

/* Assigns vol to host and asserts the HLU the answer gives. */
static void assign_at_hlu(int64_t vol, int64_t host, int hlu)
{
	json_t *res = NULL;

	ck_assert_msg(broker_access_assign(&res, &env, vol, host, &st) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), hlu);
	json_decref(res);
}

START_TEST(register_and_assign_on_navisim)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res = NULL;
	ck_assert_msg(broker_access_assign(&res, &env, v1, h, &st) == 0, "%s", st.message);
	ck_assert_int_eq(hlu_of(res), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(res, "failover_mode")), 4);
	json_t *targets = json_object_get(res, "targets");
	int a = 0, b = 0;
	for (size_t i = 0; i < json_array_size(targets); i++) {
		const char *sp = json_string_value(json_object_get(json_array_get(targets, i), "sp"));
		a += sp[0] == 'A';
		b += sp[0] == 'B';
	}
	ck_assert_int_gt(a, 0);
	ck_assert_int_gt(b, 0);
	json_decref(res);
	/* the array has the registrations with the failover settings */
	struct slgw_hba *hbas = NULL;
	size_t nh = 0;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->hba_list(&hbas, &nh, A, &e), 0);
	int ours = 0;
	for (size_t i = 0; i < nh; i++) {
		if (strncmp(hbas[i].uid, "iqn.2006-04.com.example:xen1-", 29) != 0)
			continue;
		ours++;
		if (hbas[i].failover_mode >= 0)
			ck_assert_int_eq(hbas[i].failover_mode, 4);
		if (hbas[i].initiator_type >= 0)
			ck_assert_int_eq(hbas[i].initiator_type, 3);
		if (hbas[i].arraycommpath >= 0)
			ck_assert_int_eq(hbas[i].arraycommpath, 1);
	}
	slgw_hba_array_free(hbas, nh);
	ck_assert_int_gt(ours, 0);
	/* assigning to the registered host costs two commands: lun -list -l N
	 * (the number still names our LUN) and -addhlu */
	uint64_t before = commands();
	ck_assert_msg(broker_access_assign(&res, &env, v2, h, &st) == 0, "%s", st.message);
	ck_assert_int_eq(commands() - before, 2);
	ck_assert_int_eq(hlu_of(res), 2);
	json_decref(res);
	assert_store_matches_array(h, G(h), 0);
	/* drift check: none now; a mode changed behind our back is reported */
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get(&sys, S, sys_id), 0);
	json_t *drift = NULL;
	ck_assert_msg(broker_access_drift_check(&drift, &env, sys, &st) == 0, "%s", st.message);
	ck_assert_msg(json_array_size(drift) == 0, "%s", json_dumps(drift, 0));
	json_decref(drift);
	ck_assert_int_eq(A->ops->host_set(A, G(h), "xen1", 1, 1, &e), 0);
	ck_assert_int_eq(broker_access_drift_check(&drift, &env, sys, &st), 0);
	ck_assert_uint_gt(json_array_size(drift), 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(drift, 0), "field")),
			 "failover_mode");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(drift, 0), "array")), "1");
	json_decref(drift);
	store_system_free(sys);
	/* unassign, twice */
	ck_assert_int_eq(broker_access_unassign(&res, &env, v1, h, &st), 0);
	json_decref(res);
	ck_assert_int_eq(broker_access_unassign(&res, &env, v1, h, &st), 0);
	json_decref(res);
	assert_store_matches_array(h, G(h), 0);
}
END_TEST

START_TEST(hlu_taken_behind_our_back_on_navisim)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v1 = make_volume("d1", 0), v2 = make_volume("d2", 0);
	json_t *res = NULL;
	ck_assert_msg(broker_access_assign(&res, &env, v1, h, &st) == 0, "%s", st.message);
	json_decref(res);
	/* an operator maps another LUN at HLU 2 with naviseccli */
	struct slgw_lun_spec spec = { .name = "foreign", .size_mb = 1024, .pool_id = 0 };
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->lun_create(&l, A, &spec, &e), 0);
	ck_assert_int_eq(A->ops->hlu_add(A, G(h), 2, l->id, &e), 0);
	slgw_lun_free(l);
	assign_at_hlu(v2, h, 3);
	assert_store_matches_array(h, G(h), 1);
}
END_TEST

START_TEST(setpath_failing_on_navisim_leaves_no_trace)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	ck_assert_int_eq(ADMIN("fail-next", "--name", "a1", "--count", "1", "--match",
			       "storagegroup -setpath", "--message",
			       "Error: storagegroup command failed\nThe HBA UID specified is not known by the array."), 0);
	json_t *res = NULL;
	ck_assert_int_lt(broker_access_assign(&res, &env, v, h, &st), 0);
	int map[256];
	struct slgw_storage_group *g = NULL;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->sg_get(&g, A, G(h), &e), -(int)SLGW_AERR_NOT_FOUND);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h, sys_id), STORE_ENOTFOUND);
	/* and a retry registers and maps */
	ck_assert_msg(broker_access_assign(&res, &env, v, h, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(array_group(map, G(h)), 0);
	assert_store_matches_array(h, G(h), 0);
}
END_TEST

START_TEST(sp_a_down_mid_registration_uses_sp_b)
{
	int64_t h = make_host("xen1", 0, 2);
	int64_t v = make_volume("d1", 0);
	/* SP A goes away before the registration */
	struct slgw_adapter_error e;
	ck_assert_int_eq(ADMIN("sp-down", "--name", "a1", "--sp", "A"), 0);
	json_t *res = NULL;
	ck_assert_msg(broker_access_assign(&res, &env, v, h, &st) == 0, "%s", st.message);
	json_decref(res);
	assert_store_matches_array(h, G(h), 0);
	/* SP A drops the connection in the middle of the next registration
	 * (after the group exists): the adapter carries on through SP B */
	ck_assert_int_eq(ADMIN("sp-up", "--name", "a1", "--sp", "A"), 0);
	int64_t h3 = make_host("xen3", 0, 2);
	int64_t v3 = make_volume("d3", 0);
	ck_assert_int_eq(ADMIN("fail-next", "--name", "a1", "--count", "1", "--match",
			       "storagegroup -setpath", "--message",
			       "A network error occurred while trying to connect: '10.9.0.1'."), 0);
	ck_assert_msg(broker_access_assign(&res, &env, v3, h3, &st) == 0, "%s", st.message);
	json_decref(res);
	assert_store_matches_array(h3, G(h3), 0);
	store_host_system *hs3 = NULL;
	ck_assert_int_eq(store_host_system_get(&hs3, S, h3, sys_id), 0);
	ck_assert_int_eq(hs3->paths, 8);
	store_host_system_free(hs3);
	ck_assert_int_eq(ADMIN("sp-down", "--name", "a1", "--sp", "A"), 0);
	/* both SPs down: a clean UNAVAILABLE and nothing recorded */
	int64_t h2 = make_host("xen2", 0, 1);
	int64_t v2 = make_volume("d2", 0);
	ck_assert_int_eq(ADMIN("sp-down", "--name", "a1", "--sp", "B"), 0);
	ck_assert_int_lt(broker_access_assign(&res, &env, v2, h2, &st), 0);
	ck_assert_int_eq(st.code, SLGW_UNAVAILABLE);
	store_host_system *hs = NULL;
	ck_assert_int_eq(store_host_system_get(&hs, S, h2, sys_id), STORE_ENOTFOUND);
	ck_assert_int_eq(ADMIN("sp-up", "--name", "a1", "--sp", "A"), 0);
	struct slgw_storage_group *g = NULL;
	ck_assert_int_eq(A->ops->sg_get(&g, A, G(h2), &e), -(int)SLGW_AERR_NOT_FOUND);
}
END_TEST

START_TEST(snapshots_and_clones_on_navisim)
{
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("golden", 0);
	json_t *res = NULL;
	ck_assert_msg(broker_snap_create(&res, &env, v, "s1", &st) == 0, "%s", st.message);
	int64_t sid = json_integer_value(json_object_get(res, "snapshot_id"));
	json_decref(res);
	struct broker_snap_clone_req lr = { .source_snapshot_id = sid, .name = "linked" };
	ck_assert_msg(broker_snap_clone(&res, &env, &lr, &st) == 0, "%s", st.message);
	int64_t linked = json_integer_value(json_object_get(res, "volume_id"));
	json_decref(res);
	ck_assert_msg(broker_access_assign(&res, &env, linked, h, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(broker_snap_delete(&res, &env, sid, &st), -(int)SLGW_FAILED_PRECONDITION);
	/* restore refused while assigned, unless forced */
	ck_assert_msg(broker_access_assign(&res, &env, v, h, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(broker_snap_restore(&res, &env, sid, 0, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_msg(broker_snap_restore(&res, &env, sid, 1, &st) == 0, "%s", st.message);
	json_decref(res);
	/* full clone: migration then the temporaries are gone */
	struct broker_snap_clone_req fr = { .source_volume_id = v, .name = "full", .full = 1 };
	ck_assert_msg(broker_snap_clone(&res, &env, &fr, &st) == 0, "%s", st.message);
	int64_t full = json_integer_value(json_object_get(res, "volume_id"));
	json_decref(res);
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error e;
	char name[64];
	oname(name, sizeof(name), BROKER_NAME_DST, full);
	struct slgw_lun_ref ref = { -1, name };
	ck_assert_int_eq(A->ops->lun_get(&l, A, ref, &e), -(int)SLGW_AERR_NOT_FOUND);
	struct slgw_snapshot *snaps = NULL;
	size_t ns = 0;
	ck_assert_int_eq(A->ops->snap_list(&snaps, &ns, A, -1, &e), 0);
	char tmp[64];
	oname(tmp, sizeof(tmp), BROKER_NAME_TMP, full);
	for (size_t i = 0; i < ns; i++)
		ck_assert_str_ne(snaps[i].name, tmp);
	slgw_snapshot_array_free(snaps, ns);
	ck_assert_msg(broker_access_assign(&res, &env, full, h, &st) == 0, "%s", st.message);
	json_decref(res);
	assert_store_matches_array(h, G(h), 0);
}
END_TEST

START_TEST(full_clone_migration_failing_half_way_on_navisim)
{
	int64_t v = make_volume("golden", 0);
	struct slgw_lun *luns = NULL;
	size_t before = 0, after = 0;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->lun_list(&luns, &before, A, &e), 0);
	slgw_lun_array_free(luns, before);
	ck_assert_int_eq(ADMIN("migrate-rate", "--name", "a1", "--mbps", "50"), 0);
	ck_assert_int_eq(ADMIN("fail-next", "--name", "a1", "--count", "1", "--match",
			       "migrate -list", "--message",
			       "Error: migrate command failed\nThe migration has failed."), 0);
	struct broker_snap_clone_req fr = { .source_volume_id = v, .name = "full", .full = 1 };
	json_t *res = NULL;
	ck_assert_int_lt(broker_snap_clone(&res, &env, &fr, &st), 0);
	ck_assert_int_eq(A->ops->lun_list(&luns, &after, A, &e), 0);
	enum broker_name_kind kind;
	for (size_t i = 0; i < after; i++)
		ck_assert_msg(!(broker_name_parse(&kind, NULL, luns[i].name, store_instance_id(S)) &&
				kind == BROKER_NAME_DST) && !luns[i].is_smp,
			      "left behind: %s", luns[i].name);
	slgw_lun_array_free(luns, after);
	ck_assert_uint_eq(after, before);
	struct slgw_snapshot *snaps = NULL;
	size_t ns = 0;
	ck_assert_int_eq(A->ops->snap_list(&snaps, &ns, A, -1, &e), 0);
	ck_assert_uint_eq(ns, 0);
	slgw_snapshot_array_free(snaps, ns);
	store_volume *vols = NULL;
	size_t nv = 0;
	store_filter f = { .name = "full" };
	ck_assert_int_eq(store_volume_list(&vols, &nv, S, &f), 0);
	ck_assert_uint_eq(nv, 0);
	store_volume_array_free(vols, nv);
}
END_TEST

START_TEST(emptied_group_destroyed_then_registered_again_on_navisim)
{
	store_system *sys = NULL;
	ck_assert_int_eq(store_system_get(&sys, S, sys_id), 0);
	sys->destroy_empty_sg = 1;
	ck_assert_int_eq(store_system_update(S, sys), 0);
	store_system_free(sys);
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	json_t *res = NULL;
	ck_assert_msg(broker_access_assign(&res, &env, v, h, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_msg(broker_access_unassign(&res, &env, v, h, &st) == 0, "%s", st.message);
	ck_assert(json_is_true(json_object_get(res, "group_destroyed")));
	json_decref(res);
	struct slgw_storage_group *g = NULL;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->sg_get(&g, A, G(h), &e), -(int)SLGW_AERR_NOT_FOUND);
	assign_at_hlu(v, h, 1);
	assert_store_matches_array(h, G(h), 0);
}
END_TEST

START_TEST(thirty_two_concurrent_assignments_on_navisim)
{
	int64_t h = make_host("xen1", 0, 2);
	struct access_par p[32];
	access_par_volumes(p, 32, h);
	uint64_t before = commands();
	access_assign_all(p, 32);
	access_assert_distinct_hlus(p, 32, 255);
	/* one registration (the group list that proves the initiators are
	 * in no other group, the group, 2 initiators x 4 ports) and 32 times
	 * lun -list -l N (the number is still ours) + -addhlu */
	ck_assert_int_eq(commands() - before, 1 + 1 + 8 + 32 * 2);
	assert_store_matches_array(h, G(h), 0);
}
END_TEST

/* ------------------------------------------- one group per host name */

/* A host of `tenant` named `name` whose IQNs carry `tag` (initiators are
 * unique across the gateway, host names only per tenant). */
static int64_t tenant_host(const char *tenant, const char *name, const char *tag)
{
	store_tenant t = { .name = (char *)tenant };
	store_tenant *old = NULL;
	int64_t tid = 0;
	if (store_tenant_get_by_name(&old, S, tenant) == 0) {
		tid = old->id;
		store_tenant_free(old);
	} else {
		ck_assert_int_eq(store_tenant_insert(&tid, S, &t), 0);
	}
	return make_tagged_host(name, tid, tag, 2);
}

/* Paths (group rows) and registered HBAs on the array whose IQN starts
 * with iqn.2006-04.com.example:<tag>-. */
static void array_paths_of(int *in_group, int *registered, const char *group, const char *tag)
{
	char prefix[128];
	struct slgw_storage_group *g = NULL;
	struct slgw_hba *hbas = NULL;
	struct slgw_adapter_error e;
	size_t nh = 0;
	snprintf(prefix, sizeof(prefix), "iqn.2006-04.com.example:%s-", tag);
	*in_group = *registered = 0;
	ck_assert_int_eq(A->ops->sg_get(&g, A, group, &e), 0);
	for (size_t i = 0; i < g->n_paths; i++)
		*in_group += strncmp(g->paths[i].uid, prefix, strlen(prefix)) == 0;
	slgw_storage_group_free(g);
	ck_assert_int_eq(A->ops->hba_list(&hbas, &nh, A, &e), 0);
	for (size_t i = 0; i < nh; i++)
		*registered += strncmp(hbas[i].uid, prefix, strlen(prefix)) == 0;
	slgw_hba_array_free(hbas, nh);
}

START_TEST(an_initiator_in_an_operators_group_is_refused_on_navisim)
{
	/* An operator registered xen1's IQN in its own group with naviseccli:
	 * the array's storagegroup -list shows it there, and the gateway
	 * refuses instead of moving it. */
	int64_t h = make_host("xen1", 0, 1);
	int64_t v = make_volume("d1", 0);
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->sg_create(A, "oradb-prod", &e), 0);
	store_port *ports = NULL;
	size_t np = 0;
	store_filter pf = { .system_id = sys_id };
	ck_assert_int_eq(store_port_list(&ports, &np, S, &pf), 0);
	size_t k = 0;
	while (k < np && ports[k].proto != STORE_PROTO_ISCSI)
		k++;
	ck_assert_uint_lt(k, np);
	struct slgw_initiator_path ip = { .group = "oradb-prod",
					  .hba_uid = "iqn.2006-04.com.example:xen1-0",
					  .sp = ports[k].sp[0], .sp_port = ports[k].port_id,
					  .vport_id = ports[k].vport_id, .host = "oradb",
					  .host_ip = "10.7.7.7", .initiator_type = 3,
					  .failover_mode = 4, .arraycommpath = 1 };
	ck_assert_msg(A->ops->path_register(A, &ip, &e) == 0, "%s", e.message);
	store_port_array_free(ports, np);
	json_t *res = NULL;
	ck_assert_int_eq(broker_access_assign(&res, &env, v, h, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_msg(strstr(st.message, "'oradb-prod'"), "%s", st.message);
	int in_group, registered;
	array_paths_of(&in_group, &registered, "oradb-prod", "xen1");
	ck_assert_int_gt(in_group, 0);
	struct slgw_storage_group *g = NULL;
	ck_assert_int_eq(A->ops->sg_get(&g, A, G(h), &e), -(int)SLGW_AERR_NOT_FOUND);
}
END_TEST

START_TEST(same_host_name_in_two_tenants_never_shares_a_group_on_navisim)
{
	/* Host names are unique per tenant, the array's storage groups are
	 * not: each host gets the gateway's own group (named from its id),
	 * so tenant-b's "xs1" never lands in (and sees the LUNs of) the
	 * group of tenant-a's "xs1", whatever the case of the names. */
	int64_t ha = tenant_host("tenant-a", "xs1", "xs1a");
	int64_t hb = tenant_host("tenant-b", "xs1", "xs1b");
	int64_t hc = tenant_host("tenant-c", "XS1", "xs1c");
	int64_t va = make_volume("da", 0), vb = make_volume("db", 0), vc = make_volume("dc", 0);
	json_t *res = NULL;
	int in_group, registered;
	ck_assert_int_ne(ha, hb);
	ck_assert_msg(broker_access_assign(&res, &env, va, ha, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_msg(broker_access_assign(&res, &env, vb, hb, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_msg(broker_access_assign(&res, &env, vc, hc, &st) == 0, "%s", st.message);
	json_decref(res);
	assert_store_matches_array(ha, G(ha), 0);
	assert_store_matches_array(hb, G(hb), 0);
	assert_store_matches_array(hc, G(hc), 0);
	array_paths_of(&in_group, &registered, G(ha), "xs1a");
	ck_assert_int_gt(in_group, 0);
	array_paths_of(&in_group, &registered, G(ha), "xs1b");
	ck_assert_int_eq(in_group, 0);
	array_paths_of(&in_group, &registered, G(hb), "xs1a");
	ck_assert_int_eq(in_group, 0);
	/* no group is named after the tenants' host name */
	struct slgw_storage_group *g = NULL;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->sg_get(&g, A, "xs1", &e), -(int)SLGW_AERR_NOT_FOUND);
	/* tenant-a's host keeps working: a second LUN is confirm + -addhlu */
	int64_t va2 = make_volume("da2", 0);
	uint64_t before = commands();
	ck_assert_msg(broker_access_assign(&res, &env, va2, ha, &st) == 0, "%s", st.message);
	json_decref(res);
	ck_assert_int_eq(commands() - before, 2);
	assert_store_matches_array(ha, G(ha), 0);
}
END_TEST

START_TEST(concurrent_same_name_registrations_get_own_groups_on_navisim)
{
	/* Two tenants' "xs2" registering at once on one array (different
	 * registration locks): each ends in its own group. */
	struct access_par p[2] = { { 0 } };
	p[0].host = tenant_host("tenant-a", "xs2", "xs2a");
	p[1].host = tenant_host("tenant-b", "xs2", "xs2b");
	p[0].vol = make_volume("d-a", 0);
	p[1].vol = make_volume("d-b", 0);
	access_assign_all(p, 2);
	ck_assert_msg(p[0].rc == 0 && p[1].rc == 0, "a: %d %s / b: %d %s", p[0].rc,
		      p[0].st.message, p[1].rc, p[1].st.message);
	json_decref(p[0].res);
	json_decref(p[1].res);
	const char *tags[2] = { "xs2a", "xs2b" };
	int in_group, registered;
	for (int i = 0; i < 2; i++) {
		assert_store_matches_array(p[i].host, G(p[i].host), 0);
		array_paths_of(&in_group, &registered, G(p[i].host), tags[i]);
		ck_assert_int_gt(in_group, 0);
		array_paths_of(&in_group, &registered, G(p[i].host), tags[1 - i]);
		ck_assert_int_eq(in_group, 0);
	}
}
END_TEST

/* A pool's shared SR on the real adapter: prepareHost at SR attach, then
 * the SR LUN at the HLU the pool chose on each host - two commands per
 * host - and that HLU refused where an operator's LUN holds it. */
START_TEST(prepare_then_the_requested_hlu_on_navisim)
{
	int64_t h1 = make_host("xen1", 0, 2), h2 = make_host("xen2", 0, 1);
	int64_t sr = make_volume("sr", 0), other = make_volume("d2", 0);
	json_t *res = NULL;
	for (int i = 0; i < 2; i++) {
		ck_assert_msg(broker_access_host_prepare(&res, &env, i ? h2 : h1, sys_id, &st) == 0,
			      "%s", st.message);
		json_decref(res);
	}
	int map[256];
	ck_assert_int_eq(array_group(map, G(h1)), 0);
	for (int i = 0; i < 256; i++)
		ck_assert_int_eq(map[i], -1);
	uint64_t before = commands();
	ck_assert_msg(broker_access_host_prepare(&res, &env, h1, sys_id, &st) == 0, "%s",
		      st.message);
	json_decref(res);
	ck_assert_int_eq(commands() - before, 0);
	for (int i = 0; i < 2; i++) {
		before = commands();
		ck_assert_msg(broker_access_assign_hlu(&res, &env, sr, i ? h2 : h1, 17, &st) == 0,
			      "%s", st.message);
		ck_assert_int_eq(commands() - before, 2);
		ck_assert_int_eq(hlu_of(res), 17);
		json_decref(res);
	}
	assert_store_matches_array(h1, G(h1), 0);
	assert_store_matches_array(h2, G(h2), 0);
	/* an operator's LUN at HLU 18 of xen2 */
	struct slgw_lun_spec spec = { .name = "foreign", .size_mb = 1024, .pool_id = 0 };
	struct slgw_lun *l = NULL;
	struct slgw_adapter_error e;
	ck_assert_int_eq(A->ops->lun_create(&l, A, &spec, &e), 0);
	ck_assert_int_eq(A->ops->hlu_add(A, G(h2), 18, l->id, &e), 0);
	char want[64];
	snprintf(want, sizeof(want), "array LUN %d", l->id);
	slgw_lun_free(l);
	ck_assert_int_eq(broker_access_assign_hlu(&res, &env, other, h2, 18, &st),
			 -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_msg(strstr(st.message, want), "%s", st.message);
	assert_store_matches_array(h2, G(h2), 1);
	/* and the SR LUN's own HLU on xen1 */
	ck_assert_int_eq(broker_access_assign_hlu(&res, &env, other, h1, 17, &st),
			 -(int)BROKER_ACCESS_HLU_CONFLICT);
	ck_assert_ptr_nonnull(strstr(st.message, "\"sr\""));
	assert_store_matches_array(h1, G(h1), 0);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("access_navisim", "navisim", setup, teardown, 120, register_and_assign_on_navisim,
		hlu_taken_behind_our_back_on_navisim, setpath_failing_on_navisim_leaves_no_trace,
		sp_a_down_mid_registration_uses_sp_b, snapshots_and_clones_on_navisim,
		full_clone_migration_failing_half_way_on_navisim,
		thirty_two_concurrent_assignments_on_navisim,
		emptied_group_destroyed_then_registered_again_on_navisim,
		an_initiator_in_an_operators_group_is_refused_on_navisim,
		same_host_name_in_two_tenants_never_shares_a_group_on_navisim,
		concurrent_same_name_registrations_get_own_groups_on_navisim,
		prepare_then_the_requested_hlu_on_navisim);
}
