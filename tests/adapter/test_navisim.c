/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_navisim.c - the VNX adapter end to end against navisim, the
 * naviseccli-compatible simulator: every operation of the interface on a
 * simulated array created in a private NAVISIM_HOME, including the error
 * classes the gateway relies on (name in use, mapped, HLU in use, already
 * mapped, has snapshots, not found), SP failover when navisim marks SP A
 * down, and a retried transient failure injected with fail-next.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vnx_adapter.h"
#include "../common/navisim_home.h"
#include "../common/suite_one.h"
#include "../common/vnx_test_config.h"

struct sim {
	struct navisim_home home;
	struct slgw_adapter *a;
};

/* Runs `navisim --admin <args...>` in the sandbox; returns its exit status. */
#define ADMIN(s, ...) \
	navisim_home_admin(NULL, &(s)->home, NAVISIM_BIN, (const char *const[]){ __VA_ARGS__, NULL })

/* A simulated array of `model` (NULL: navisim's default, a VNX5400). */
static void sim_up_model(struct sim *s, unsigned retries, const char *model)
{
	struct vnx_config c;
	struct slgw_adapter_error e;

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(navisim_home_make(&s->home, "slgw-navisim-"), 0);
	/* A NULL model ends the words before --model. */
	ck_assert_int_eq(ADMIN(s, "create-array", "--name", "a1", "--spa", "10.9.0.1", "--spb",
	                       "10.9.0.2", "--user", "admin", "--password", "s3cret!",
	                       model ? "--model" : NULL, model), 0);
	c = vnx_test_config(NAVISIM_BIN, "a1", "10.9.0.1", "10.9.0.2", "s3cret!", s->home.envp);
	c.retries = retries;
	ck_assert_int_eq(vnx_adapter_new(&s->a, &c, &e), 0);
}

static void sim_up(struct sim *s, unsigned retries)
{
	sim_up_model(s, retries, NULL);
}

/* Runs navisim as naviseccli on SP A with the command words given
 * (what an administrator types; the adapter has no slot for it). */
static int cli(struct sim *s, const char *const *words)
{
	static const char *const glob[] = { "-h", "10.9.0.1", "-user", "admin", "-password",
		                            "s3cret!", "-scope", "0", NULL };

	return navisim_home_run(NULL, &s->home, NAVISIM_BIN, glob, words);
}

#define CLI(s, ...) cli((s), (const char *const[]){ __VA_ARGS__, NULL })

static void sim_down(struct sim *s)
{
	slgw_adapter_free(s->a);
	navisim_home_remove(&s->home);
}

/* Creates a LUN and returns its id. */
static int mklun(struct sim *s, const char *name, uint64_t mb, int thin)
{
	struct slgw_lun_spec spec = { .name = name, .size_mb = mb, .pool_id = 0, .thin = thin };
	struct slgw_adapter_error e;
	struct slgw_lun *l;
	int id;

	ck_assert_msg(s->a->ops->lun_create(&l, s->a, &spec, &e) == 0, "create %s: %s %s", name,
	              slgw_adapter_err_name(e.cls), e.message);
	ck_assert_str_eq(l->name, name);
	id = l->id;
	slgw_lun_free(l);
	return id;
}

static void discover(struct sim *s)
{
	struct slgw_system_info *info;
	struct slgw_adapter_error e;

	ck_assert_msg(s->a->ops->discover(&info, s->a, &e) == 0, "discover: %s", e.message);
	slgw_system_info_free(info);
}

START_TEST(discover_simulated_array)
{
	struct sim s;
	struct slgw_system_info *info;
	struct slgw_adapter_error e;
	int iscsi = 0, fc = 0;

	sim_up(&s, 0);
	ck_assert_int_eq(s.a->ops->discover(&info, s.a, &e), 0);
	ck_assert_str_eq(info->model, "VNX5400");
	ck_assert_str_eq(info->revision, "05.33.009.5.155");
	ck_assert_int_eq(strncmp(info->serial, "APM00", 5), 0);
	ck_assert_uint_ge(info->n_pools, 1);
	ck_assert_str_eq(info->pools[0].name, "Pool 0");
	ck_assert_uint_eq(info->pools[0].capacity_mb, 1024 * 1024);
	for (size_t i = 0; i < info->n_ports; i++) {
		if (info->ports[i].protocol == SLGW_PROTO_ISCSI) {
			iscsi++;
			ck_assert_int_eq(strncmp(info->ports[i].wwn, "iqn.1992-04.com.emc:cx.", 23), 0);
		} else if (info->ports[i].protocol == SLGW_PROTO_FC) {
			fc++;
		}
	}
	ck_assert_int_gt(iscsi, 0);
	ck_assert_int_gt(fc, 0);
	ck_assert_uint_eq(info->caps & (SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS | SLGW_CAP_ALUA |
	                                SLGW_CAP_ISCSI | SLGW_CAP_FC),
	                  SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS | SLGW_CAP_ALUA | SLGW_CAP_ISCSI |
	                      SLGW_CAP_FC);
	slgw_system_info_free(info);
	sim_down(&s);
}
END_TEST

START_TEST(lun_lifecycle)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_lun_spec spec = { .name = "vol1", .size_mb = 1024, .pool_id = 0, .thin = 1 };
	struct slgw_lun *l, *all;
	size_t n;
	int id, listed = 0;

	sim_up(&s, 0);
	discover(&s);
	ck_assert_int_eq(s.a->ops->lun_create(&l, s.a, &spec, &e), 0);
	id = l->id;
	ck_assert_int_ge(id, 0);
	ck_assert_uint_eq(l->size_mb, 1024);
	ck_assert_int_eq(l->thin, 1);
	ck_assert_str_eq(l->pool, "Pool 0");
	ck_assert_uint_eq(strlen(l->wwn), 47);
	slgw_lun_free(l);

	ck_assert_int_eq(s.a->ops->lun_create(&l, s.a, &spec, &e), -SLGW_AERR_NAME_IN_USE);
	ck_assert_int_eq(s.a->ops->lun_list(&all, &n, s.a, &e), 0);
	for (size_t i = 0; i < n; i++)
		listed += all[i].id == id && strcmp(all[i].name, "vol1") == 0;
	ck_assert_int_eq(listed, 1);
	slgw_lun_array_free(all, n);

	ck_assert_int_eq(s.a->ops->lun_expand(s.a, (struct slgw_lun_ref){ id, NULL }, 3072, &e), 0);
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ -1, "vol1" }, &e), 0);
	ck_assert_uint_eq(l->size_mb, 3072);
	slgw_lun_free(l);
	ck_assert_int_eq(s.a->ops->lun_expand(s.a, (struct slgw_lun_ref){ id, NULL }, 1024, &e),
	                 -SLGW_AERR_INVALID_ARGS);
	ck_assert_str_eq(e.code, "0x712d8e04");

	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ id, NULL }, 0, &e), 0);
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ id, NULL }, &e),
	                 -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ id, NULL }, 0, &e),
	                 -SLGW_AERR_NOT_FOUND);
	sim_down(&s);
}
END_TEST

/* A RAID-group LUN: lowest free number, ID_IN_USE on a taken one. */
static int mkrglun(struct sim *s, const char *name, int rg, uint64_t mb)
{
	struct slgw_adapter_error e;
	struct slgw_lun *l;
	int rc;

	for (int id = 0; id < 64; id++) {
		struct slgw_rg_lun_spec spec = { .name = name, .lun_id = id, .raid_group = rg,
		                                 .size_mb = mb };

		rc = s->a->ops->rg_lun_create(&l, s->a, &spec, &e);
		if (rc == -SLGW_AERR_ID_IN_USE)
			continue;
		ck_assert_msg(rc == 0, "rg create %s: %s %s", name, slgw_adapter_err_name(e.cls),
		              e.message);
		ck_assert_str_eq(l->name, name);
		ck_assert_int_eq(l->id, id);
		ck_assert_int_eq(l->raid_group, rg);
		slgw_lun_free(l);
		return id;
	}
	ck_abort_msg("no free LUN number");
	return -1;
}

/*
 * The whole classic lifecycle on a simulated CX3-40 (FLARE 26): RAID
 * groups instead of pools, a LUN bound with an explicit number, a SnapView
 * session and snapshot presented to a host, a rollback, a metaLUN
 * expansion, and everything destroyed again with nothing left behind.
 */
START_TEST(cx3_classic_lifecycle)
{
	struct sim s;
	struct slgw_system_info *info;
	struct slgw_raid_group *rg;
	struct slgw_adapter_error e;
	struct slgw_lun *l;
	struct slgw_sv_snapshot *ss;
	struct slgw_sv_session *se;
	size_t n;
	unsigned caps;
	int vol, rl, part, taken;
	char why[256], rls[16];

	sim_up_model(&s, 0, "CX3-40");
	ck_assert_msg(s.a->ops->discover(&info, s.a, &e) == 0, "discover: %s", e.message);
	caps = info->caps;
	ck_assert_uint_eq(info->n_pools, 0);
	ck_assert_uint_gt(info->n_raid_groups, 0);
	slgw_system_info_free(info);
	ck_assert_uint_eq(caps & (SLGW_CAP_POOLS | SLGW_CAP_THIN | SLGW_CAP_SNAPSHOTS |
	                          SLGW_CAP_LUN_CREATE_RG), 0);
	ck_assert_uint_eq(caps & (SLGW_CAP_ALUA | SLGW_CAP_RAID_GROUPS | SLGW_CAP_SNAPVIEW |
	                          SLGW_CAP_METALUN),
	                  SLGW_CAP_ALUA | SLGW_CAP_RAID_GROUPS | SLGW_CAP_SNAPVIEW | SLGW_CAP_METALUN);
	ck_assert_int_eq(s.a->ops->explain(why, sizeof(why), s.a, SLGW_CAP_THIN), 1);
	ck_assert_msg(strstr(why, "28.5"), "%s", why);

	ck_assert_int_eq(s.a->ops->raid_group_list(&rg, &n, s.a, &e), 0);
	ck_assert_uint_gt(n, 0);
	ck_assert_uint_gt(rg[0].largest_contiguous_free_mb, 4096);
	ck_assert_uint_eq(rg[0].n_luns, 0);
	slgw_raid_group_array_free(rg, n);

	vol = mkrglun(&s, "vol1", 0, 2048);
	/* The same number again is taken. */
	{
		struct slgw_rg_lun_spec spec = { .name = "vol9", .lun_id = vol, .raid_group = 0,
		                                 .size_mb = 1024 };
		taken = s.a->ops->rg_lun_create(NULL, s.a, &spec, &e);
		ck_assert_int_eq(taken, -SLGW_AERR_ID_IN_USE);
	}
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ -1, "vol1" }, &e), 0);
	ck_assert_int_eq(l->id, vol);
	ck_assert_uint_eq(l->size_mb, 2048);
	slgw_lun_free(l);

	/* SnapView needs a reserved LUN for the source. */
	rl = mkrglun(&s, "rlp1", 0, 1024);
	snprintf(rls, sizeof(rls), "%d", rl);
	ck_assert_int_eq(CLI(&s, "reserved", "-lunpool", "-addlun", rls), 0);
	ck_assert_msg(s.a->ops->sv_snapshot_create(s.a, vol, "vol1.s1", &e) == 0, "%s", e.message);
	ck_assert_msg(s.a->ops->sv_session_start(s.a, "vol1.x1", "vol1.s1", &e) == 0, "%s",
	              e.message);
	ck_assert_int_eq(s.a->ops->sv_session_start(s.a, "vol1.x1", "vol1.s1", &e),
	                 -SLGW_AERR_NAME_IN_USE);
	ck_assert_msg(s.a->ops->sv_activate(s.a, "vol1.x1", "vol1.s1", &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->sv_snapshot_list(&ss, &n, s.a, vol, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ss[0].active, 1);
	ck_assert_str_eq(ss[0].session, "vol1.x1");
	slgw_sv_snapshot_array_free(ss, n);
	ck_assert_int_eq(s.a->ops->sv_session_list(&se, &n, s.a, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(se[0].luns[0], vol);
	ck_assert_int_eq(se[0].persistent, 1);
	slgw_sv_session_array_free(se, n);
	ck_assert_int_eq(s.a->ops->sg_create(s.a, "host1", &e), 0);
	ck_assert_msg(s.a->ops->sg_add_snapshot(s.a, "host1", 5, "vol1.s1", &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->sg_remove_snapshot(s.a, "host1", "vol1.s1", &e), 0);
	ck_assert_int_eq(s.a->ops->sg_destroy(s.a, "host1", &e), 0);
	/* A source with a session cannot be unbound. */
	ck_assert_int_ne(s.a->ops->rg_lun_destroy(s.a, vol, &e), 0);
	ck_assert_int_eq(s.a->ops->sv_deactivate(s.a, "vol1.s1", &e), 0);
	ck_assert_msg(s.a->ops->sv_rollback(s.a, "vol1.x1", &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->sv_session_stop(s.a, "vol1.x1", &e), 0);
	ck_assert_int_eq(s.a->ops->sv_snapshot_destroy(s.a, "vol1.s1", &e), 0);
	ck_assert_int_eq(s.a->ops->sv_session_stop(s.a, "vol1.x1", &e), -SLGW_AERR_NOT_FOUND);

	/* Grow: a component of the same size and type stripes. */
	part = mkrglun(&s, "vol1.m1", 0, 2048);
	ck_assert_msg(s.a->ops->metalun_expand(s.a, vol, &part, 1, SLGW_METALUN_AUTO, &e) == 0, "%s",
	              e.message);
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ vol, NULL }, &e), 0);
	ck_assert_str_eq(l->name, "vol1");
	ck_assert_int_eq(l->is_meta, 1);
	ck_assert_uint_eq(l->size_mb, 4096);
	slgw_lun_free(l);

	/* Delete everything: the metaLUN goes with its component. */
	ck_assert_msg(s.a->ops->rg_lun_destroy(s.a, vol, &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->rg_lun_destroy(s.a, vol, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(CLI(&s, "reserved", "-lunpool", "-rmlun", rls, "-o"), 0);
	ck_assert_msg(s.a->ops->rg_lun_destroy(s.a, rl, &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->lun_list(&l, &n, s.a, &e), 0);
	ck_assert_uint_eq(n, 0);
	slgw_lun_array_free(l, n);
	ck_assert_int_eq(s.a->ops->raid_group_list(&rg, &n, s.a, &e), 0);
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_eq(rg[i].n_luns, 0);
	slgw_raid_group_array_free(rg, n);
	sim_down(&s);
}
END_TEST

/* A CX700 has no ALUA: registering a path in failover mode 4 is refused
 * with the reason, mode 1 works. */
START_TEST(cx700_refuses_alua)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_initiator_path p = { .group = "h1", .hba_uid = "iqn.1994-05.com.redhat:h1",
		                         .sp = 'A', .sp_port = 0, .vport_id = -1, .host = "h1",
		                         .host_ip = "10.1.1.1", .initiator_type = 3,
		                         .failover_mode = 4, .arraycommpath = 1 };

	sim_up_model(&s, 0, "CX700");
	ck_assert_uint_eq(s.a->ops->capabilities(s.a) & SLGW_CAP_ALUA, 0);
	ck_assert_int_eq(s.a->ops->sg_create(s.a, "h1", &e), 0);
	ck_assert_int_eq(s.a->ops->path_register(s.a, &p, &e), -SLGW_AERR_NOT_SUPPORTED);
	ck_assert_msg(strstr(e.message, "CX700"), "%s", e.message);
	sim_down(&s);
}
END_TEST

/* An FC initiator the fabric logged in is on the array's list before any
 * registration (logged in, not registered), and registered after -setpath. */
START_TEST(fc_login_shows_in_hba_list)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_hba *h;
	size_t n;
	int seen = 0;
	const char *wwn = "20:00:00:00:C9:9B:57:79:10:00:00:00:C9:9B:57:79";
	struct slgw_initiator_path p = { .group = "h1", .hba_uid = wwn, .sp = 'A', .sp_port = 0,
		                         .vport_id = -1, .host = "h1", .host_ip = "10.1.1.1",
		                         .initiator_type = 3, .failover_mode = 4,
		                         .arraycommpath = 1 };

	sim_up_model(&s, 0, "CX3-40");
	ck_assert_int_eq(ADMIN(&s, "fc-login", "--name", "a1", "--sp", "A", "--port", "0", "--wwpn",
	                       "10:00:00:00:C9:9B:57:79", "--wwnn", "20:00:00:00:C9:9B:57:79"), 0);
	ck_assert_int_eq(s.a->ops->hba_list(&h, &n, s.a, &e), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(h[i].uid, wwn) != 0)
			continue;
		seen++;
		ck_assert_int_eq(h[i].sp, 'A');
		ck_assert_int_eq(h[i].sp_port, 0);
		ck_assert_int_eq(h[i].logged_in, 1);
		ck_assert_int_eq(h[i].registered, 0);
	}
	ck_assert_int_eq(seen, 1);
	slgw_hba_array_free(h, n);
	ck_assert_int_eq(s.a->ops->sg_create(s.a, "h1", &e), 0);
	ck_assert_msg(s.a->ops->path_register(s.a, &p, &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->hba_list(&h, &n, s.a, &e), 0);
	seen = 0;
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(h[i].uid, wwn) == 0 && h[i].sp == 'A' && h[i].sp_port == 0)
			seen += h[i].registered && h[i].logged_in && h[i].failover_mode == 4 &&
			        strcmp(h[i].storage_group, "h1") == 0;
	ck_assert_int_eq(seen, 1);
	slgw_hba_array_free(h, n);
	sim_down(&s);
}
END_TEST

START_TEST(storage_group_paths_and_hlus)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_storage_group *g;
	struct slgw_hba *h;
	size_t n;
	int l1, l2, found = 0;
	struct slgw_initiator_path p = {
		.group = "xen1", .hba_uid = "iqn.2024-01.com.example:xen1", .sp = 'A', .sp_port = 2,
		.vport_id = 0, .host = "xen1", .host_ip = "192.0.2.50", .initiator_type = 3,
		.failover_mode = 4, .arraycommpath = 1,
	};

	sim_up(&s, 0);
	discover(&s);
	l1 = mklun(&s, "d1", 1024, 0);
	l2 = mklun(&s, "d2", 1024, 0);
	ck_assert_int_eq(s.a->ops->sg_create(s.a, "xen1", &e), 0);
	ck_assert_int_eq(s.a->ops->sg_create(s.a, "xen1", &e), -SLGW_AERR_NAME_IN_USE);
	ck_assert_msg(s.a->ops->path_register(s.a, &p, &e) == 0, "setpath: %s", e.message);
	ck_assert_int_eq(s.a->ops->hlu_add(s.a, "xen1", 1, l1, &e), 0);
	ck_assert_int_eq(s.a->ops->hlu_add(s.a, "xen1", 1, l2, &e), -SLGW_AERR_HLU_IN_USE);
	ck_assert_int_eq(s.a->ops->hlu_add(s.a, "xen1", 2, l1, &e), -SLGW_AERR_ALREADY_MAPPED);
	ck_assert_int_eq(s.a->ops->hlu_add(s.a, "nosuch", 2, l1, &e), -SLGW_AERR_NOT_FOUND);

	ck_assert_int_eq(s.a->ops->sg_get(&g, s.a, "xen1", &e), 0);
	ck_assert_uint_eq(g->n_hlus, 1);
	ck_assert_int_eq(g->hlus[0].hlu, 1);
	ck_assert_int_eq(g->hlus[0].alu, l1);
	ck_assert_uint_eq(g->n_paths, 1);
	ck_assert_str_eq(g->paths[0].uid, "iqn.2024-01.com.example:xen1");
	ck_assert_int_eq(g->paths[0].sp, 'A');
	ck_assert_int_eq(g->paths[0].sp_port, 2);
	slgw_storage_group_free(g);

	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ l1, NULL }, 0, &e),
	                 -SLGW_AERR_MAPPED);

	ck_assert_int_eq(s.a->ops->hba_list(&h, &n, s.a, &e), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(h[i].uid, "iqn.2024-01.com.example:xen1") != 0)
			continue;
		found++;
		ck_assert_int_eq(h[i].failover_mode, 4);
		ck_assert_int_eq(h[i].initiator_type, 3);
		ck_assert_int_eq(h[i].arraycommpath, 1);
		ck_assert_str_eq(h[i].host, "xen1");
		ck_assert_str_eq(h[i].storage_group, "xen1");
	}
	ck_assert_int_eq(found, 1);
	slgw_hba_array_free(h, n);

	ck_assert_int_eq(s.a->ops->host_set(s.a, "xen1", "xen1", 1, 1, &e), 0);
	ck_assert_int_eq(s.a->ops->hba_list(&h, &n, s.a, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].uid, "iqn.2024-01.com.example:xen1") == 0)
			ck_assert_int_eq(h[i].failover_mode, 1);
	slgw_hba_array_free(h, n);

	ck_assert_int_eq(s.a->ops->hlu_remove(s.a, "xen1", 1, &e), 0);
	ck_assert_int_eq(s.a->ops->hlu_remove(s.a, "xen1", 1, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(s.a->ops->hba_remove(s.a, "iqn.2024-01.com.example:xen1", &e), 0);
	ck_assert_int_eq(s.a->ops->sg_destroy(s.a, "xen1", &e), 0);
	ck_assert_int_eq(s.a->ops->sg_get(&g, s.a, "xen1", &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ l1, NULL }, 0, &e), 0);
	sim_down(&s);
}
END_TEST

START_TEST(snapshots_and_smps)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_snapshot *sn;
	struct slgw_lun *m;
	size_t n;
	int src, names = 0;

	sim_up(&s, 0);
	discover(&s);
	src = mklun(&s, "base", 2048, 1);
	ck_assert_int_eq(s.a->ops->snap_create(s.a, src, "s1", 0, &e), 0);
	ck_assert_int_eq(s.a->ops->snap_create(s.a, src, "s1", 0, &e), -SLGW_AERR_NAME_IN_USE);
	ck_assert_int_eq(s.a->ops->snap_copy(s.a, "s1", "s2", &e), 0);
	ck_assert_int_eq(s.a->ops->snap_list(&sn, &n, s.a, src, &e), 0);
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++) {
		names += strcmp(sn[i].name, "s1") == 0 || strcmp(sn[i].name, "s2") == 0;
		ck_assert_uint_eq(sn[i].n_source_luns, 1);
		ck_assert_int_eq(sn[i].source_luns[0], src);
	}
	ck_assert_int_eq(names, 2);
	slgw_snapshot_array_free(sn, n);

	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ src, NULL }, 0, &e),
	                 -SLGW_AERR_HAS_SNAPSHOTS);

	ck_assert_int_eq(s.a->ops->smp_create(&m, s.a, src, "m1", &e), 0);
	ck_assert_int_eq(m->is_smp, 1);
	ck_assert_int_eq(m->primary_lun, src);
	ck_assert_str_eq(m->primary_lun_name, "base");
	ck_assert_int_eq(s.a->ops->smp_attach(s.a, (struct slgw_lun_ref){ m->id, NULL }, "s1", &e), 0);
	slgw_lun_free(m);
	ck_assert_int_eq(s.a->ops->lun_get(&m, s.a, (struct slgw_lun_ref){ -1, "m1" }, &e), 0);
	ck_assert_str_eq(m->attached_snapshot, "s1");
	ck_assert_int_eq(s.a->ops->snap_destroy(s.a, "s1", &e), -SLGW_AERR_MAPPED);
	ck_assert_int_eq(s.a->ops->smp_detach(s.a, (struct slgw_lun_ref){ m->id, NULL }, &e), 0);
	slgw_lun_free(m);
	ck_assert_int_eq(s.a->ops->snap_restore(s.a, "s2", src, &e), 0);
	ck_assert_int_eq(s.a->ops->snap_destroy(s.a, "s1", &e), 0);
	ck_assert_int_eq(s.a->ops->snap_destroy(s.a, "s1", &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ -1, "m1" }, 0, &e), 0);
	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ src, NULL }, 1, &e), 0);
	sim_down(&s);
}
END_TEST

START_TEST(migration_start_status_cancel)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_migration *m, *all;
	size_t n;
	int src, dst;

	sim_up(&s, 0);
	discover(&s);
	/* Slow enough that the copy is still running when we look. */
	ck_assert_int_eq(ADMIN(&s, "migrate-rate", "--name", "a1", "--mbps", "1"), 0);
	src = mklun(&s, "msrc", 10240, 0);
	dst = mklun(&s, "mdst", 10240, 0);
	ck_assert_int_eq(s.a->ops->migrate_status(&m, s.a, src, &e), -SLGW_AERR_NOT_FOUND);
	ck_assert_int_eq(s.a->ops->migrate_start(s.a, src, dst, SLGW_MIGRATE_LOW, &e), 0);
	ck_assert_int_eq(s.a->ops->migrate_status(&m, s.a, src, &e), 0);
	ck_assert_int_eq(m->source, src);
	ck_assert_int_eq(m->dest, dst);
	ck_assert_str_eq(m->rate, "low");
	ck_assert_int_lt(m->percent, 100);
	slgw_migration_free(m);
	ck_assert_int_eq(s.a->ops->migrate_list(&all, &n, s.a, &e), 0);
	ck_assert_uint_eq(n, 1);
	slgw_migration_array_free(all, n);
	/* A LUN being migrated is busy for other changes. */
	ck_assert_int_eq(s.a->ops->lun_destroy(s.a, (struct slgw_lun_ref){ src, NULL }, 0, &e),
	                 -SLGW_AERR_BUSY);
	ck_assert_int_eq(s.a->ops->migrate_cancel(s.a, src, &e), 0);
	ck_assert_int_eq(s.a->ops->migrate_status(&m, s.a, src, &e), -SLGW_AERR_NOT_FOUND);
	sim_down(&s);
}
END_TEST

START_TEST(failover_when_sp_a_is_down)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_lun *l;

	sim_up(&s, 0);
	ck_assert_int_eq(ADMIN(&s, "sp-down", "--name", "a1", "--sp", "A"), 0);
	discover(&s);
	ck_assert_int_eq(vnx_adapter_preferred_sp(s.a), 'B');
	mklun(&s, "fo", 1024, 0);
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ -1, "fo" }, &e), 0);
	slgw_lun_free(l);
	ck_assert_int_eq(ADMIN(&s, "sp-down", "--name", "a1", "--sp", "B"), 0);
	ck_assert_int_eq(s.a->ops->lun_get(&l, s.a, (struct slgw_lun_ref){ -1, "fo" }, &e),
	                 -SLGW_AERR_UNREACHABLE);
	sim_down(&s);
}
END_TEST

START_TEST(injected_transient_error_is_retried)
{
	struct sim s;
	struct slgw_adapter_error e;
	struct slgw_adapter_stat *st;
	size_t n;
	uint64_t attempts = 0, ok = 0;

	sim_up(&s, 2);
	discover(&s);
	ck_assert_int_eq(ADMIN(&s, "fail-next", "--name", "a1", "--count", "1", "--match",
	                       "storagegroup -create", "--message",
	                       "LUN is preparing. Retry later. (0x712d8e0e)"), 0);
	ck_assert_msg(s.a->ops->sg_create(s.a, "g", &e) == 0, "%s", e.message);
	ck_assert_int_eq(s.a->ops->stats(&st, &n, s.a), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(st[i].command, "storagegroup -create") == 0 && st[i].cls == SLGW_AERR_OK) {
			ok += st[i].count;
			attempts += st[i].attempts;
		}
	}
	ck_assert_uint_eq(ok, 1);
	ck_assert_uint_eq(attempts, 2);
	slgw_adapter_stat_array_free(st, n);
	sim_down(&s);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("vnx_adapter_navisim", "navisim", NULL, NULL, 120, discover_simulated_array, lun_lifecycle,
		storage_group_paths_and_hlus, snapshots_and_smps, migration_start_status_cancel,
		failover_when_sp_a_is_down, injected_transient_error_is_retried,
		cx3_classic_lifecycle, cx700_refuses_alua, fc_login_shows_in_hba_list);
}
