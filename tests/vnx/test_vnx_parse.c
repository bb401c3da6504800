/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vnx_parse.c - the naviseccli parsers against every real capture.
 *
 * Layout of this suite:
 *  - "captures": a table names EVERY file in tests/data/vnx-captures with
 *    what it must give (record count for a listing, class and code for an
 *    error, success for the empty output of a modifying command); the test
 *    walks the folder and fails on any file the table does not know, so a
 *    new capture cannot slip in untested, and on any table entry whose file
 *    is missing.  A listing must yield records (a parser that returns
 *    nothing fails) and must not be classified as an error.
 *  - one test per parser asserting named fields of chosen records;
 *  - "robustness": every listing read again with each line doubled, with
 *    CRLF line ends and trailing blanks, must give exactly the same records
 *    (compared through a fingerprint of all the fields), and every prefix
 *    of some captures goes through every parser (ASan/UBSan watch);
 *  - the error classifier on the texts of the vnx.md table;
 *  - argument checks (NULL out, oversize input, blank and garbage input).
 *
 * Captures are read from SLGW_CAPTURES (set by CMake to the in-tree copy).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_capture.h"
#include "../common/suite_run.h"

#ifndef SLGW_CAPTURES
#error "SLGW_CAPTURES must name the captures folder"
#endif

/* ---- reading captures ---- */

static char *read_capture(const char *name, size_t *len)
{
	return capture_read(SLGW_CAPTURES, name, len);
}

/* ---- fingerprints: every parsed field serialised, to compare two parses ---- */

enum kind {
	T_LUN, T_SG, T_SNAP, T_POOL, T_SPPORT, T_ISCSI, T_AGENT, T_NDU, T_MIGRATE, T_KV,
	T_ERR_LIST, /* error text printed by a listing command */
	T_ERR_MOD,  /* error text printed by a modifying command */
	T_ERR_ANY,  /* error any command can print (credentials, network) */
	T_OK,       /* empty output of a modifying command */
};

static void fp_s(FILE *f, const char *s)
{
	fprintf(f, "%s|", s ? s : "(null)");
}

static void fp_ids(FILE *f, const int64_t *v, size_t n)
{
	fprintf(f, "[");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%lld,", (long long)v[i]);
	fprintf(f, "]|");
}

/* Parses buf as `k` and returns an owned fingerprint of everything read
 * (or "rc=<code>" on failure); *count gets the record count. */
static char *fingerprint(enum kind k, const char *buf, size_t len, size_t *count)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	ck_assert_ptr_nonnull(f);
	size_t n = 0;
	int rc = 0;
	switch (k) {
	case T_LUN: {
		vnx_lun *v;
		if ((rc = vnx_parse_lun_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fprintf(f, "%lld|", (long long)v[i].id);
				fp_s(f, v[i].name); fp_s(f, v[i].uid); fp_s(f, v[i].pool);
				fprintf(f, "%c%c|%lld|%.3f|%lld|", v[i].current_owner ? v[i].current_owner : '-',
				        v[i].default_owner ? v[i].default_owner : '-',
				        (long long)v[i].user_capacity_blocks, v[i].user_capacity_gb,
				        (long long)v[i].consumed_capacity_blocks);
				fp_s(f, v[i].current_state); fp_s(f, v[i].status); fp_s(f, v[i].current_operation);
				fprintf(f, "%d|", v[i].current_operation_percent);
				fp_s(f, v[i].tiering_policy); fp_s(f, v[i].dedup_state);
				fprintf(f, "%d%d%d%d%d%d|", v[i].is_pool_lun, v[i].is_thin, v[i].is_private,
				        v[i].is_compressed, v[i].is_faulted, v[i].is_transitioning);
				fp_s(f, v[i].primary_lun); fp_s(f, v[i].attached_snapshot);
				fp_ids(f, v[i].smp_ids, v[i].smp_count);
				fprintf(f, "\n");
			}
			vnx_lun_array_free(v, n);
		}
		break;
	}
	case T_SG: {
		vnx_storage_group *v;
		if ((rc = vnx_parse_storagegroup_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fp_s(f, v[i].name); fp_s(f, v[i].uid);
				for (size_t j = 0; j < v[i].hba_count; j++) {
					const vnx_sg_hba *h = &v[i].hbas[j];
					fp_s(f, h->uid);
					fprintf(f, "%c|%d|%d|%d|", h->sp ? h->sp : '-', h->sp_port, h->sp_vport, h->tpgt);
					fp_s(f, h->host_name); fp_s(f, h->initiator_ip); fp_s(f, h->isid);
				}
				for (size_t j = 0; j < v[i].hlu_count; j++)
					fprintf(f, "%d>%d,", v[i].hlus[j].hlu, v[i].hlus[j].alu);
				fprintf(f, "|%d%d%d\n", v[i].shareable, v[i].special, v[i].is_default);
			}
			vnx_storage_group_array_free(v, n);
		}
		break;
	}
	case T_SNAP: {
		vnx_snap *v;
		if ((rc = vnx_parse_snap_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fp_s(f, v[i].name); fp_s(f, v[i].description); fp_s(f, v[i].creation_time);
				fp_ids(f, v[i].source_luns, v[i].source_lun_count);
				fp_s(f, v[i].source_cg);
				fp_ids(f, v[i].primary_luns, v[i].primary_lun_count);
				fp_s(f, v[i].state); fp_s(f, v[i].status);
				fprintf(f, "%d%d%d|", v[i].allow_rw, v[i].modified, v[i].allow_auto_delete);
				fp_ids(f, v[i].attached_luns, v[i].attached_lun_count);
				fp_s(f, v[i].expiration);
				fprintf(f, "\n");
			}
			vnx_snap_array_free(v, n);
		}
		break;
	}
	case T_POOL: {
		vnx_pool *v;
		if ((rc = vnx_parse_pool_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fprintf(f, "%lld|", (long long)v[i].id);
				fp_s(f, v[i].name); fp_s(f, v[i].state); fp_s(f, v[i].status);
				fp_s(f, v[i].raid_type); fp_s(f, v[i].disk_type);
				fprintf(f, "%d|%lld|%lld|%.3f|%lld|%.3f|%lld|%.3f|%.3f|%lld|%.3f|%lld|",
				        v[i].percent_full_threshold, (long long)v[i].raw_capacity_blocks,
				        (long long)v[i].user_capacity_blocks, v[i].user_capacity_gb,
				        (long long)v[i].consumed_capacity_blocks, v[i].consumed_capacity_gb,
				        (long long)v[i].available_capacity_blocks, v[i].available_capacity_gb,
				        v[i].percent_full, (long long)v[i].total_subscribed_capacity_blocks,
				        v[i].percent_subscribed, (long long)v[i].oversubscribed_by_blocks);
				fp_s(f, v[i].fast_cache);
				fp_ids(f, v[i].luns, v[i].lun_count);
				for (size_t j = 0; j < v[i].tier_count; j++) {
					const vnx_pool_tier *t = &v[i].tiers[j];
					fp_s(f, t->name); fp_s(f, t->raid_type);
					fprintf(f, "%d|%.2f|%.2f|%.2f|", t->drive_count, t->user_gb, t->consumed_gb,
					        t->available_gb);
				}
				fprintf(f, "\n");
			}
			vnx_pool_array_free(v, n);
		}
		break;
	}
	case T_SPPORT: {
		vnx_sp_port *v;
		if ((rc = vnx_parse_sp_port_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fprintf(f, "%c|%d|%d|", v[i].sp ? v[i].sp : '-', v[i].port_id, (int)v[i].type);
				fp_s(f, v[i].uid); fp_s(f, v[i].link_status); fp_s(f, v[i].port_status);
				fp_s(f, v[i].speed); fp_s(f, v[i].mac_address); fp_s(f, v[i].sfp_state);
				fp_s(f, v[i].usage);
				fprintf(f, "%d|%d|%d|%d|%d|%d\n", v[i].switch_present, v[i].io_module_slot,
				        v[i].physical_port_id, v[i].registered_initiators,
				        v[i].logged_in_initiators, v[i].not_logged_in_initiators);
			}
			vnx_sp_port_array_free(v, n);
		}
		break;
	}
	case T_ISCSI: {
		vnx_iscsi_port *v;
		if ((rc = vnx_parse_iscsi_port_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fprintf(f, "%c|%d|%d|%d|%d|%d|", v[i].sp ? v[i].sp : '-', v[i].port_id,
				        v[i].vport_id, v[i].mtu, v[i].vlan_id, v[i].initiator_auth);
				fp_s(f, v[i].iqn); fp_s(f, v[i].alias); fp_s(f, v[i].mac_address);
				fp_s(f, v[i].speed); fp_s(f, v[i].ip_address); fp_s(f, v[i].subnet_mask);
				fp_s(f, v[i].gateway);
				fprintf(f, "\n");
			}
			vnx_iscsi_port_array_free(v, n);
		}
		break;
	}
	case T_AGENT: {
		vnx_agent *a;
		if ((rc = vnx_parse_agent(buf, len, &a)) == 0) {
			n = 1;
			fp_s(f, a->agent_rev); fp_s(f, a->name); fp_s(f, a->node); fp_s(f, a->revision);
			fp_s(f, a->model); fp_s(f, a->model_type); fp_s(f, a->prom_rev); fp_s(f, a->serial);
			fp_s(f, a->cabinet);
			fprintf(f, "%lld|%c\n", (long long)a->sp_memory_mb, a->sp ? a->sp : '-');
			vnx_agent_free(a);
		}
		break;
	}
	case T_NDU: {
		vnx_enabler *v;
		if ((rc = vnx_parse_ndu_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fp_s(f, v[i].name); fp_s(f, v[i].revision);
				fprintf(f, "%d%d%d%d%d\n", v[i].commit_required, v[i].revert_possible, v[i].active,
				        v[i].installed, v[i].system_software);
			}
			vnx_enabler_array_free(v, n);
		}
		break;
	}
	case T_MIGRATE: {
		vnx_migration *v;
		if ((rc = vnx_parse_migrate_list(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fp_s(f, v[i].source_name); fp_s(f, v[i].dest_name); fp_s(f, v[i].rate);
				fp_s(f, v[i].state); fp_s(f, v[i].time_remaining);
				fprintf(f, "%lld|%lld|%d\n", (long long)v[i].source_id, (long long)v[i].dest_id,
				        v[i].percent);
			}
			vnx_migration_array_free(v, n);
		}
		break;
	}
	case T_KV: {
		vnx_kv *v;
		if ((rc = vnx_parse_kv(buf, len, &v, &n)) == 0) {
			for (size_t i = 0; i < n; i++) {
				fp_s(f, v[i].label);
				fp_s(f, v[i].value);
				fprintf(f, "\n");
			}
			vnx_kv_array_free(v, n);
		}
		break;
	}
	default:
		ck_abort_msg("no parser for kind %d", (int)k);
	}
	if (rc != 0)
		fprintf(f, "rc=%d", rc);
	fclose(f);
	*count = n;
	return out;
}

/* ---- the capture table ---- */

struct capture {
	const char *file;
	enum kind kind;
	size_t count;         /* records a listing must give */
	vnx_errclass cls;     /* class of an error output */
	const char *code;     /* its array code, NULL when none */
};

static const struct capture captures[] = {
	{ "-np_connection_-getport_-all.txt", T_ISCSI, 20, VNX_ERR_NONE, NULL },
	{ "-np_getagent.txt", T_AGENT, 1, VNX_ERR_NONE, NULL },
	{ "-np_getsp.txt", T_KV, 14, VNX_ERR_NONE, NULL },
	{ "-np_lun_-list_-all.txt", T_LUN, 183, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-Compression.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-Deduplication.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-FAST.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-FASTCache.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-MirrorView_A.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-ThinProvisioning.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_ndu_-list_-name_-VNXSnapshots.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "-np_networkadmin_-get_-sp_a_-all.txt", T_KV, 16, VNX_ERR_NONE, NULL },
	{ "-np_networkadmin_-get_-sp_b_-all.txt", T_KV, 16, VNX_ERR_NONE, NULL },
	{ "-np_port_-list_-sp_-all.txt", T_SPPORT, 32, VNX_ERR_NONE, NULL },
	{ "-np_snap_-group_-addmember_-id_test_cg_-res_1,2,3.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "-np_storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_microsoft.txt", T_SG, 1, VNX_ERR_NONE, NULL },
	{ "-np_storagepool_-feature_-info_-isVirtualPr____LUNs_-numDiskDrivesAllPools_-availableDisks.txt", T_KV, 14, VNX_ERR_NONE, NULL },
	{ "compression_-on_-l_19_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_SUPPORTED, NULL },
	{ "compression_-on_-l_19_-rate_high_-o.txt", T_ERR_MOD, 0, VNX_ERR_UNKNOWN, NULL },
	{ "connection_-delport_-sp_a_-portid_10_-vportid_0_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "connection_-getport_-all.txt", T_ISCSI, 23, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-portid_6_-vportid_0.txt", T_ISCSI, 2, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a.txt", T_ISCSI, 10, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_10.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_4.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_5_-vportid_0.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_5_-vportid_2.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_8_-vportid_0.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_9.txt", T_ISCSI, 1, VNX_ERR_NONE, NULL },
	{ "connection_-getport_-all_-sp_a_-portid_9_-vportid_0.txt", T_ERR_LIST, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "connection_-getport_-all_-sp_b_-portid_10_-vportid_0.txt", T_ERR_LIST, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "connection_-pingnode_-sp_a_-portid_5_-vportid_2_-address_192.168.1.50.txt", T_KV, 4, VNX_ERR_NONE, NULL },
	{ "connection_-pingnode_-sp_a_-portid_8_-vportid_0_-address_10.244.211.4_-count_1.txt", T_KV, 1, VNX_ERR_NONE, NULL },
	{ "connection_-pingnode_-sp_a_-portid_8_-vportid_0_-address_10.244.211.5.txt", T_KV, 4, VNX_ERR_NONE, NULL },
	{ "connection_-setport_-iscsi_-sp_a_-portid_10_-vportid_0_-address_6.6.6.6_-subnetmask_255.255.255.0_-gateway_5.5.5.1_-o.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, NULL },
	{ "createrg_11_1_0_0_1_0_1_-raidtype_r5_-o.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, NULL },
	{ "credential_error.txt", T_ERR_ANY, 0, VNX_ERR_AUTH, NULL },
	{ "getagent.txt", T_AGENT, 1, VNX_ERR_NONE, NULL },
	{ "getrg.txt", T_KV, 119, VNX_ERR_NONE, NULL },
	{ "getrg_0.txt", T_KV, 17, VNX_ERR_NONE, NULL },
	{ "getrg_1.txt", T_KV, 17, VNX_ERR_NONE, NULL },
	{ "getrg_4.txt", T_KV, 17, VNX_ERR_NONE, NULL },
	{ "getsp.txt", T_KV, 14, VNX_ERR_NONE, NULL },
	{ "lun_-attach_-l_382_-snapName_s1.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, NULL },
	{ "lun_-attach_-l_4057_-snapName_s1.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-create_-capacity_1_-sq_gb_-poolId_0_-l_3.txt", T_ERR_MOD, 0, VNX_ERR_NAME_IN_USE, "0x712d8d04" },
	{ "lun_-create_-capacity_1_-sq_gb_-poolId_1_-name_abc_-ignoreThresholds.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-create_-capacity_1_-sq_gb_-poolId_1_-name_abc_-sp_A.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-create_-capacity_1_-sq_gb_-poolName_p0_-l_12.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-create_-capacity_2_-sq_gb_-poolId_0_-l_2.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-create_-capacity_2_-sq_gb_-poolId_0_-l_2_-sp_A.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-create_-type_snap_-primaryLun_0_-name_m1.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-create_-type_snap_-primaryLun_382_-name_m2_-sp_A.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-create_-type_snap_-primaryLun_382_-name_m3.txt", T_ERR_MOD, 0, VNX_ERR_NAME_IN_USE, "0x712d8d04" },
	{ "lun_-create_auto_tiering_not_supported.txt", T_ERR_MOD, 0, VNX_ERR_NOT_SUPPORTED, NULL },
	{ "lun_-destroy_-l_0_-destroySnapshots_-forceDetach_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-destroy_-l_196_-destroySnapshots_-forceDetach_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-destroy_-name_l1_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-destroy_-name_y_-destroySnapshots_-forceDetach_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-expand_-l_1_-capacity_1_-sq_gb_-o.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, "0x712d8e04" },
	{ "lun_-list_-all.txt", T_LUN, 183, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_0.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_1.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_19.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_196.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_2.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_3.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_4.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_5.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_6.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-l_7.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_l1.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_lun0.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_lun1.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_lun2.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_m2.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_x.txt", T_LUN, 1, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_-name_y.txt", T_ERR_LIST, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-list_-all_-showOnly_Snap.txt", T_LUN, 45, VNX_ERR_NONE, NULL },
	{ "lun_-list_-all_t0.txt", T_LUN, 4, VNX_ERR_NONE, NULL },
	{ "lun_-modify_-l_382_-newName_l1_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "lun_-modify_-l_4000_-newName_l1_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "lun_-modify_-name_l1_-deduplication_off_-o.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, NULL },
	{ "lun_-modify_-name_l2_-deduplication_on_-o.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, "0x716a840f" },
	{ "lun_-modify_-name_m1_-newName_l1_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "migrate_-list.txt", T_MIGRATE, 2, VNX_ERR_NONE, NULL },
	{ "migrate_-list_-source_10.txt", T_ERR_LIST, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "migrate_-list_-source_1234.txt", T_ERR_LIST, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "migrate_-list_-source_5.txt", T_MIGRATE, 1, VNX_ERR_NONE, NULL },
	{ "migrate_-start_-source_3_-dest_0_-rate_high_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "migrate_-start_-source_5_-dest_3_-rate_high_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "ndu_-list_-name_-VNXSnapshots.txt", T_NDU, 1, VNX_ERR_NONE, NULL },
	{ "network_error.txt", T_ERR_ANY, 0, VNX_ERR_UNREACHABLE, NULL },
	{ "port_-list_-sp_-all.txt", T_SPPORT, 32, VNX_ERR_NONE, NULL },
	{ "port_-list_-sp_-all_t1.txt", T_SPPORT, 32, VNX_ERR_NONE, NULL },
	{ "port_-removeHBA_-hbauid_00_00_00_00_00_00_00_00_00_00_00_00_00_00_00_00_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "removerg_11.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "snap_-copy_-id_123_-name_456.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "snap_-create_-res_11_-name_s1.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "snap_-create_-res_cg1_-resType_CG_-name_cg1_snap.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "snap_-destroy_-id_s4_-o.txt", T_ERR_MOD, 0, VNX_ERR_MAPPED, "0x716d8003" },
	{ "snap_-group_-addmember_-id_cg1_-res_1.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "snap_-group_-list_-id_test cg name_-detail.txt", T_KV, 5, VNX_ERR_NONE, NULL },
	{ "snap_-group_-list_-id_test_cg_-detail.txt", T_KV, 5, VNX_ERR_NONE, NULL },
	{ "snap_-list_-detail.txt", T_SNAP, 47, VNX_ERR_NONE, NULL },
	{ "snap_-list_-id_gan_snap_-detail.txt", T_SNAP, 1, VNX_ERR_NONE, NULL },
	{ "snap_-list_-id_s1_-detail.txt", T_SNAP, 1, VNX_ERR_NONE, NULL },
	{ "snap_-list_-res_3_-detail.txt", T_SNAP, 2, VNX_ERR_NONE, NULL },
	{ "snap_-modify_-id_s1_-name_s2_-allowReadWrite_yes.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "snap_-modify_-id_s2_-name_s1.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "snap_-restore_-id_s5_-res_541.txt", T_ERR_MOD, 0, VNX_ERR_INVALID_ARGS, "0x716d8008" },
	{ "storagegroup_-addhlu_-hlu_1_-alu_0_-gname_server7_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "storagegroup_-addhlu_-hlu_1_-alu_124_-gname_server7_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "storagegroup_-list_-host_-iscsiAttributes.txt", T_SG, 4, VNX_ERR_NONE, NULL },
	{ "storagegroup_-messner_-list_-host_-iscsiAttributes.txt", T_SG, 7, VNX_ERR_NONE, NULL },
	{ "storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_microsoft.txt", T_SG, 1, VNX_ERR_NONE, NULL },
	{ "storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_os01.txt", T_SG, 1, VNX_ERR_NONE, NULL },
	{ "storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_sg1.txt", T_SG, 1, VNX_ERR_NONE, NULL },
	{ "storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_~management.txt", T_SG, 1, VNX_ERR_NONE, NULL },
	{ "storagegroup_-removehlu_-hlu_153_-gname_server7_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "storagegroup_-removehlu_-hlu_210_-gname_server7_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.c_-sp_a_-spport_10_-host_host0_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_SUPPORTED, "0x7155800d" },
	{ "storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.c_-sp_a_-spport_8_-host_host0_-o.txt", T_OK, 0, VNX_ERR_NONE, NULL },
	{ "storagegroup_-setpath_-gname_sg0_-hbauid_iqn.1992-04.com.abc_a.b.d_-sp_a_-spport_8_-host_host0_-o.txt", T_ERR_MOD, 0, VNX_ERR_ALREADY_MAPPED, NULL },
	{ "storagepool_-create_-disks_1_0_0_1_0_1_-name_p0_-skiprules.txt", T_ERR_MOD, 0, VNX_ERR_UNKNOWN, NULL },
	{ "storagepool_-create_-disks_1_0_0_1_0_1_-rtype_r_0_-name_p0_-skiprules.txt", T_ERR_MOD, 0, VNX_ERR_NAME_IN_USE, NULL },
	{ "storagepool_-destroy_-id_0_-o.txt", T_ERR_MOD, 0, VNX_ERR_NOT_FOUND, NULL },
	{ "storagepool_-destroy_-id_1_-o.txt", T_ERR_MOD, 0, VNX_ERR_BUSY, NULL },
	{ "storagepool_-list_-all.txt", T_POOL, 5, VNX_ERR_NONE, NULL },
	{ "storagepool_-list_-all_-id_0.txt", T_POOL, 1, VNX_ERR_NONE, NULL },
	{ "storagepool_-list_-all_-name_ESI-POOL.txt", T_POOL, 1, VNX_ERR_NONE, NULL },
	{ "storagepool_-list_-all_-name_Pool4File.txt", T_POOL, 1, VNX_ERR_NONE, NULL },
	{ "storagepool_-modify_-name_p1_-newName_p2_-o.txt", T_ERR_MOD, 0, VNX_ERR_NAME_IN_USE, NULL },
};
#define NCAPTURES (sizeof(captures) / sizeof(captures[0]))

static const struct capture *find_capture(const char *file)
{
	for (size_t i = 0; i < NCAPTURES; i++)
		if (strcmp(captures[i].file, file) == 0)
			return &captures[i];
	return NULL;
}

static void check_error(const struct capture *c, const char *buf, size_t len, bool modify)
{
	vnx_error e;
	int rc = modify ? vnx_classify_modify_output(buf, len, &e) : vnx_classify_error(buf, len, &e);
	ck_assert_msg(rc == 1, "%s: not classified as an error (rc %d, %s)", c->file, rc,
	              modify ? "modify" : "list");
	ck_assert_msg(e.cls == c->cls, "%s: class %s, expected %s", c->file, vnx_errclass_name(e.cls),
	              vnx_errclass_name(c->cls));
	if (c->code)
		ck_assert_str_eq(e.code, c->code);
	else
		ck_assert_str_eq(e.code, "");
	ck_assert_ptr_nonnull(e.message);
	ck_assert_uint_gt(strlen(e.message), 0);
	ck_assert_uint_le(strlen(e.message), VNX_ERROR_MAX_MESSAGE);
	/* The message is the output's text, trimmed: its first line must be in it. */
	ck_assert_msg(e.message[0] != ' ' && e.message[0] != '\n', "%s: message not trimmed", c->file);
	vnx_error_clear(&e);
	ck_assert_ptr_null(e.message);
	ck_assert_int_eq(e.cls, VNX_ERR_NONE);
}

static void check_capture(const struct capture *c)
{
	size_t len;
	char *buf = read_capture(c->file, &len);
	vnx_error e;
	switch (c->kind) {
	case T_OK:
		ck_assert_msg(len == 0, "%s: expected an empty file", c->file);
		ck_assert_int_eq(vnx_classify_modify_output(buf, len, &e), 0);
		ck_assert_int_eq(e.cls, VNX_ERR_NONE);
		ck_assert_int_eq(vnx_classify_error(buf, len, &e), 0);
		break;
	case T_ERR_MOD:
		check_error(c, buf, len, true);
		break;
	case T_ERR_LIST:
		check_error(c, buf, len, false);
		check_error(c, buf, len, true);
		break;
	case T_ERR_ANY:
		check_error(c, buf, len, false);
		check_error(c, buf, len, true);
		/* And no listing parser reads records out of it. */
		for (int k = T_LUN; k <= T_MIGRATE; k++) {
			size_t n;
			char *fp = fingerprint((enum kind)k, buf, len, &n);
			ck_assert_msg(n == 0, "%s: parser %d found %zu records in error text", c->file, k, n);
			free(fp);
		}
		break;
	default: {
		/* A listing: not an error, and exactly the expected records. */
		ck_assert_msg(vnx_classify_error(buf, len, &e) == 0, "%s: listing classified as %s",
		              c->file, vnx_errclass_name(e.cls));
		vnx_error_clear(&e);
		size_t n;
		char *fp = fingerprint(c->kind, buf, len, &n);
		ck_assert_msg(strstr(fp, "rc=") == NULL, "%s: parser failed: %s", c->file, fp);
		ck_assert_msg(n == c->count, "%s: %zu records, expected %zu", c->file, n, c->count);
		ck_assert_msg(n > 0, "%s: a listing gave no record", c->file);
		free(fp);
		break;
	}
	}
	free(buf);
}

START_TEST(every_capture_is_known_and_parses)
{
	DIR *d = opendir(SLGW_CAPTURES);
	ck_assert_msg(d != NULL, "cannot open %s", SLGW_CAPTURES);
	size_t seen = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		const char *name = de->d_name;
		size_t nl = strlen(name);
		if (nl < 5 || strcmp(name + nl - 4, ".txt") != 0 || strcmp(name, "LICENSE.txt") == 0)
			continue;
		const struct capture *c = find_capture(name);
		ck_assert_msg(c != NULL, "capture %s is not in the test table", name);
		check_capture(c);
		seen++;
	}
	closedir(d);
	ck_assert_msg(seen == NCAPTURES, "%zu captures in the folder, %zu in the table", seen,
	              (size_t)NCAPTURES);
}
END_TEST

/* ---- per-parser field tests ---- */

static vnx_lun *find_lun(vnx_lun *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

START_TEST(lun_fields)
{
	size_t len, n;
	char *buf = read_capture("lun_-list_-all_-l_19.txt", &len);
	vnx_lun *v;
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 19);
	ck_assert_str_eq(v[0].name, "test_lun");
	ck_assert_str_eq(v[0].uid, "60:06:01:60:1A:50:35:00:CC:22:61:D6:76:B1:E4:11");
	ck_assert_int_eq(v[0].user_capacity_blocks, 2097152);
	ck_assert_double_eq_tol(v[0].user_capacity_gb, 1.0, 1e-9);
	ck_assert_str_eq(v[0].pool, "Pool4File");
	ck_assert(v[0].is_thin);
	ck_assert(!v[0].is_compressed);
	ck_assert_str_eq(v[0].current_state, "Ready");
	ck_assert_str_eq(v[0].status, "OK(0x0)");
	ck_assert_int_eq(v[0].current_owner, 'A');
	ck_assert_str_eq(v[0].tiering_policy, "No Movement");
	ck_assert_int_eq(v[0].current_operation_percent, 0);
	ck_assert_ptr_null(v[0].primary_lun);       /* "N/A" */
	ck_assert_ptr_null(v[0].attached_snapshot); /* "N/A" */
	ck_assert_int_eq(v[0].consumed_capacity_blocks, -1); /* not printed */
	vnx_lun_array_free(v, n);
	free(buf);

	/* The big listing: 183 LUNs, ids unique, first and a chosen one. */
	buf = read_capture("lun_-list_-all.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 183);
	ck_assert_int_eq(v[0].id, 203);
	ck_assert_str_eq(v[0].name, "LUN 203");
	ck_assert_str_eq(v[0].pool, "Pool_daq");
	ck_assert_int_eq(v[0].user_capacity_blocks, 20971520);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(v[i].id, 0);
		ck_assert_ptr_nonnull(v[i].name);
		ck_assert_ptr_nonnull(v[i].uid);
		ck_assert_int_gt(v[i].user_capacity_blocks, 0);
		for (size_t j = i + 1; j < n; j++)
			ck_assert_int_ne(v[i].id, v[j].id);
	}
	vnx_lun_array_free(v, n);
	free(buf);

	/* A thick pool LUN with full detail. */
	buf = read_capture("lun_-list_-all_-l_0.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(v[0].is_pool_lun);
	ck_assert(!v[0].is_thin);
	ck_assert_int_eq(v[0].user_capacity_blocks, 1048576000);
	ck_assert_int_eq(v[0].consumed_capacity_blocks, 1074263040);
	ck_assert_int_eq(v[0].default_owner, 'A');
	ck_assert_ptr_null(v[0].dedup_state); /* "N/A" */
	vnx_lun_array_free(v, n);
	free(buf);

	/* Snapshot mount points: the source LUN lists them, the SMP names its source. */
	buf = read_capture("lun_-list_-all_-name_l1.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 382);
	ck_assert_uint_eq(v[0].smp_count, 2);
	ck_assert_int_eq(v[0].smp_ids[0], 4057);
	ck_assert_int_eq(v[0].smp_ids[1], 4056);
	vnx_lun_array_free(v, n);
	free(buf);
	buf = read_capture("lun_-list_-all_-name_m2.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 4056);
	ck_assert_str_eq(v[0].primary_lun, "l1");
	ck_assert_ptr_null(v[0].attached_snapshot);
	vnx_lun_array_free(v, n);
	free(buf);

	/* -showOnly Snap: every record is an SMP with a primary LUN. */
	buf = read_capture("lun_-list_-all_-showOnly_Snap.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 45);
	for (size_t i = 0; i < n; i++)
		ck_assert_ptr_nonnull(v[i].primary_lun);
	ck_assert_ptr_nonnull(find_lun(v, n, 63924));
	vnx_lun_array_free(v, n);
	free(buf);

	/* A short record (only name and UID) still parses, rest absent. */
	buf = read_capture("lun_-list_-all_-l_5.txt", &len);
	ck_assert_int_eq(vnx_parse_lun_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 5);
	ck_assert_ptr_null(v[0].pool);
	ck_assert_int_eq(v[0].user_capacity_blocks, -1);
	ck_assert_ptr_null(v[0].current_state);
	vnx_lun_array_free(v, n);
	free(buf);
}
END_TEST

static vnx_storage_group *find_sg(vnx_storage_group *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].name && strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

START_TEST(storagegroup_fields)
{
	size_t len, n;
	vnx_storage_group *v, *g;
	char *buf = read_capture("storagegroup_-list_-host_-iscsiAttributes.txt", &len);
	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 4);
	g = find_sg(v, n, "ubuntu14");
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->uid, "46:69:09:11:20:89:E5:11:85:E1:AE:04:FD:64:DC:17");
	ck_assert_uint_eq(g->hba_count, 4);
	ck_assert_str_eq(g->hbas[0].uid, "iqn.1993-08.org.debian:01:e57138cd5b4");
	ck_assert_int_eq(g->hbas[0].sp, 'A');
	ck_assert_int_eq(g->hbas[0].sp_port, 4);
	ck_assert_int_eq(g->hbas[0].sp_vport, 0);
	ck_assert_str_eq(g->hbas[0].host_name, "ubuntu14");
	ck_assert_str_eq(g->hbas[0].initiator_ip, "192.168.4.30");
	ck_assert_int_eq(g->hbas[0].tpgt, 1);
	ck_assert_str_eq(g->hbas[0].isid, "23D0200");
	ck_assert_int_eq(g->hbas[1].sp, 'B');
	ck_assert_int_eq(g->hbas[1].tpgt, 3);
	ck_assert_int_eq(g->hbas[3].sp, 'B');
	ck_assert_int_eq(g->hbas[3].sp_port, 5);
	ck_assert_str_eq(g->hbas[3].initiator_ip, "192.168.3.30");
	ck_assert_uint_eq(g->hlu_count, 1);
	ck_assert_int_eq(g->hlus[0].hlu, 154);
	ck_assert_int_eq(g->hlus[0].alu, 15);
	ck_assert(g->shareable);
	g = find_sg(v, n, "VNX9495");
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->hba_count, 0);
	ck_assert_uint_eq(g->hlu_count, 0);
	/* FC paths: the WWNN:WWPN uid is taken whole despite its colons. */
	g = find_sg(v, n, "ubuntu-server7");
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_gt(g->hba_count, 2);
	ck_assert_str_eq(g->hbas[0].uid, "00:80:6E:00:01:10:FF:FF:FF:FF:FF:FF:FF:FF:FF:FF");
	ck_assert_int_eq(g->hbas[0].sp_port, 7);
	ck_assert_ptr_null(g->hbas[0].initiator_ip); /* N/A */
	vnx_storage_group_array_free(v, n);
	free(buf);

	buf = read_capture("storagegroup_-messner_-list_-host_-iscsiAttributes.txt", &len);
	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 7);
	g = find_sg(v, n, "~physical");
	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->hba_count, 0);
	ck_assert_uint_eq(g->hlu_count, 17);
	ck_assert_int_eq(g->hlus[0].hlu, 17);
	ck_assert_int_eq(g->hlus[16].hlu, 3);
	ck_assert_int_eq(g->hlus[16].alu, 3);
	ck_assert(g->special);
	ck_assert(!g->is_default);
	g = find_sg(v, n, "~management");
	ck_assert_ptr_nonnull(g);
	ck_assert(g->special && g->is_default && g->shareable);
	ck_assert_uint_eq(g->hba_count, 2);
	ck_assert_str_eq(g->hbas[0].host_name, "APM00152312055-spB");
	vnx_storage_group_array_free(v, n);
	free(buf);

	buf = read_capture("storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_microsoft.txt", &len);
	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "microsoft");
	ck_assert_uint_eq(v[0].hba_count, 3);
	ck_assert_str_eq(v[0].hbas[0].uid, "iqn.1991-05.com.microsoft:abc.def.dev");
	ck_assert_str_eq(v[0].hbas[2].uid, "22:34:56:78:90:12:34:56:12:34:56:78:90:12:34:56");
	ck_assert_int_eq(v[0].hbas[2].sp, 'B');
	ck_assert_int_eq(v[0].hbas[2].sp_port, 2);
	ck_assert_int_eq(v[0].hbas[2].sp_vport, -1); /* no SPPort line for this path */
	ck_assert_str_eq(v[0].hbas[2].host_name, "abc.def.dev");
	ck_assert_uint_eq(v[0].hlu_count, 2);
	ck_assert_int_eq(v[0].hlus[0].hlu, 0);
	ck_assert_int_eq(v[0].hlus[0].alu, 4);
	ck_assert_int_eq(v[0].hlus[1].hlu, 123);
	ck_assert_int_eq(v[0].hlus[1].alu, 456);
	ck_assert(v[0].shareable); /* last line has no newline */
	vnx_storage_group_array_free(v, n);
	free(buf);

	buf = read_capture("storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_sg1.txt", &len);
	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "sg1");
	ck_assert_uint_eq(v[0].hba_count, 0);
	ck_assert_uint_eq(v[0].hlu_count, 2);
	ck_assert_int_eq(v[0].hlus[0].hlu, 123);
	ck_assert_int_eq(v[0].hlus[0].alu, 5);
	ck_assert_int_eq(v[0].hlus[1].hlu, 125);
	ck_assert_int_eq(v[0].hlus[1].alu, 4);
	vnx_storage_group_array_free(v, n);
	free(buf);

	/* A path row without the -host details. */
	buf = read_capture("storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_os01.txt", &len);
	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "op01");
	ck_assert_uint_eq(v[0].hba_count, 1);
	ck_assert_str_eq(v[0].hbas[0].uid, "iqn.1993-08.org.debian:01:95bbe389e025");
	ck_assert_ptr_null(v[0].hbas[0].host_name);
	ck_assert(v[0].shareable);
	vnx_storage_group_array_free(v, n);
	free(buf);
}
END_TEST

START_TEST(snap_fields)
{
	size_t len, n;
	vnx_snap *v;
	char *buf = read_capture("snap_-list_-detail.txt", &len);
	ck_assert_int_eq(vnx_parse_snap_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 47);
	/* Names holding colons are kept whole. */
	ck_assert_str_eq(v[0].name, "AppSyncSnap-20150519_063225:845-b044a654-0b16-47ac-bb39-"
	                            "f53df705eeca-APPSYNC_TMP_CG_20150519_063227:157_180_196");
	ck_assert_str_eq(v[0].description, "my desc");
	ck_assert_str_eq(v[0].creation_time, "05/19/15 18:42:44");
	ck_assert_uint_eq(v[0].source_lun_count, 1);
	ck_assert_int_eq(v[0].source_luns[0], 196);
	ck_assert_uint_eq(v[0].attached_lun_count, 1);
	ck_assert_int_eq(v[0].attached_luns[0], 4062);
	ck_assert_ptr_null(v[0].source_cg);
	ck_assert(v[0].allow_rw && v[0].modified && !v[0].allow_auto_delete);
	ck_assert_str_eq(v[0].expiration, "Never");
	ck_assert_str_eq(v[1].name, "Wed_Mar_11_01:22:05_201500047");
	ck_assert_ptr_null(v[1].description); /* empty */
	size_t attached = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(v[i].name);
		ck_assert_str_eq(v[i].state, "Ready");
		ck_assert_uint_ge(v[i].source_lun_count, 1);
		attached += v[i].attached_lun_count > 0;
	}
	ck_assert_uint_eq(attached, 3);
	vnx_snap_array_free(v, n);
	free(buf);

	buf = read_capture("snap_-list_-id_s1_-detail.txt", &len);
	ck_assert_int_eq(vnx_parse_snap_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "s1");
	ck_assert_str_eq(v[0].source_cg, "cg1");
	ck_assert(!v[0].allow_rw);
	ck_assert_uint_eq(v[0].attached_lun_count, 0);
	ck_assert_ptr_null(v[0].attached_luns);
	vnx_snap_array_free(v, n);
	free(buf);

	buf = read_capture("snap_-list_-id_gan_snap_-detail.txt", &len);
	ck_assert_int_eq(vnx_parse_snap_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].description, "gan snap");
	ck_assert_uint_eq(v[0].attached_lun_count, 0); /* "Attached LUN(s):  " */
	ck_assert_int_eq(v[0].primary_luns[0], 57);
	vnx_snap_array_free(v, n);
	free(buf);
}
END_TEST

START_TEST(pool_fields)
{
	size_t len, n;
	vnx_pool *v;
	char *buf = read_capture("storagepool_-list_-all_-id_0.txt", &len);
	ck_assert_int_eq(vnx_parse_pool_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].id, 0);
	ck_assert_str_eq(v[0].name, "Pool4File");
	ck_assert_str_eq(v[0].state, "Ready");
	ck_assert_str_eq(v[0].raid_type, "Mixed"); /* not the tiers' r_5 / r_6 */
	ck_assert_int_eq(v[0].user_capacity_blocks, 37444239360LL);
	ck_assert_double_eq_tol(v[0].user_capacity_gb, 17854.805, 1e-6); /* not a tier's */
	ck_assert_int_eq(v[0].available_capacity_blocks, 36311141376LL);
	ck_assert_double_eq_tol(v[0].available_capacity_gb, 17314.501, 1e-6);
	ck_assert_int_eq(v[0].consumed_capacity_blocks, 1133097984LL);
	ck_assert_int_eq(v[0].raw_capacity_blocks, 50309738080LL);
	ck_assert_double_eq_tol(v[0].percent_full, 3.026, 1e-9);
	ck_assert_double_eq_tol(v[0].percent_subscribed, 3.025, 1e-9); /* not "3.65%" */
	ck_assert_int_eq(v[0].percent_full_threshold, 70);
	ck_assert_ptr_null(v[0].fast_cache); /* N/A */
	ck_assert_uint_eq(v[0].lun_count, 1);
	ck_assert_int_eq(v[0].luns[0], 0);
	ck_assert_uint_eq(v[0].tier_count, 3);
	ck_assert_str_eq(v[0].tiers[0].name, "Extreme Performance");
	ck_assert_str_eq(v[0].tiers[0].raid_type, "r_5");
	ck_assert_int_eq(v[0].tiers[0].drive_count, 5);
	ck_assert_double_eq_tol(v[0].tiers[0].user_gb, 274.28, 1e-9);
	ck_assert_double_eq_tol(v[0].tiers[0].available_gb, 264.27, 1e-9);
	ck_assert_str_eq(v[0].tiers[2].name, "Capacity");
	ck_assert_str_eq(v[0].tiers[2].raid_type, "r_6");
	ck_assert_int_eq(v[0].tiers[2].drive_count, 8);
	vnx_pool_array_free(v, n);
	free(buf);

	buf = read_capture("storagepool_-list_-all.txt", &len);
	ck_assert_int_eq(vnx_parse_pool_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(v[0].name, "Pool 1");
	ck_assert_int_eq(v[0].id, 1);
	ck_assert_str_eq(v[0].fast_cache, "Enabled");
	ck_assert_uint_eq(v[0].lun_count, 22);
	ck_assert_int_eq(v[0].luns[0], 155);
	ck_assert_int_eq(v[0].luns[21], 146);
	ck_assert_uint_eq(v[0].tier_count, 1);
	ck_assert_str_eq(v[0].tiers[0].name, "Performance");
	ck_assert_str_eq(v[2].name, "ESI-POOL");
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(v[i].id, 0);
		ck_assert_int_gt(v[i].user_capacity_blocks, 0);
		ck_assert_int_ge(v[i].available_capacity_blocks, 0);
		ck_assert_int_le(v[i].available_capacity_blocks, v[i].user_capacity_blocks);
	}
	vnx_pool_array_free(v, n);
	free(buf);
}
END_TEST

START_TEST(sp_port_fields)
{
	size_t len, n;
	vnx_sp_port *v;
	char *buf = read_capture("port_-list_-sp_-all.txt", &len);
	ck_assert_int_eq(vnx_parse_sp_port_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 32);
	ck_assert_int_eq(v[0].sp, 'A');
	ck_assert_int_eq(v[0].port_id, 0);
	ck_assert_str_eq(v[0].uid, "50:06:01:60:B6:E0:16:81:50:06:01:60:36:E0:16:81");
	ck_assert_int_eq(v[0].type, VNX_PORT_FC);
	ck_assert_str_eq(v[0].link_status, "Up");
	ck_assert_str_eq(v[0].port_status, "Online");
	ck_assert(v[0].switch_present);
	ck_assert_str_eq(v[0].speed, "8Gbps");
	ck_assert_ptr_null(v[0].mac_address); /* Not Applicable */
	ck_assert_int_eq(v[0].io_module_slot, 6);
	ck_assert_int_eq(v[0].physical_port_id, 7);
	ck_assert_str_eq(v[0].usage, "General");
	/* Merged from the summary section. */
	ck_assert_int_eq(v[0].registered_initiators, 3);
	ck_assert_int_eq(v[0].logged_in_initiators, 1);
	ck_assert_int_eq(v[0].not_logged_in_initiators, 2);
	ck_assert_int_eq(v[1].link_status[0], 'D');
	ck_assert_ptr_null(v[1].speed); /* N/A */
	size_t iscsi = 0, fc = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert(v[i].sp == 'A' || v[i].sp == 'B');
		ck_assert_int_ge(v[i].port_id, 0);
		ck_assert_ptr_nonnull(v[i].uid);
		ck_assert_int_ge(v[i].registered_initiators, 0);
		if (v[i].type == VNX_PORT_ISCSI) {
			iscsi++;
			if (v[i].sp == 'A' && v[i].port_id == 10) {
				ck_assert_str_eq(v[i].uid, "iqn.1992-04.com.emc:cx.apm00153042305.a10");
				ck_assert_str_eq(v[i].mac_address, "00:60:16:58:B3:E8");
			}
		}
		fc += v[i].type == VNX_PORT_FC;
	}
	ck_assert_uint_eq(iscsi, 4);
	ck_assert_uint_eq(iscsi + fc, n);
	vnx_sp_port_array_free(v, n);
	free(buf);
}
END_TEST

START_TEST(iscsi_port_fields)
{
	size_t len, n;
	vnx_iscsi_port *v;
	char *buf = read_capture("connection_-getport_-all.txt", &len);
	ck_assert_int_eq(vnx_parse_iscsi_port_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 23);
	/* Port A-10: no virtual port, no address. */
	ck_assert_int_eq(v[0].sp, 'A');
	ck_assert_int_eq(v[0].port_id, 10);
	ck_assert_int_eq(v[0].vport_id, -1);
	ck_assert_str_eq(v[0].iqn, "iqn.1992-04.com.emc:cx.apm00153906536.a10");
	ck_assert_ptr_null(v[0].ip_address);
	/* Port A-5 has three virtual ports, each a record carrying the port's IQN. */
	const char *ips[3] = { "192.168.3.53", "192.168.106.1", "192.168.16.1" };
	const int vlans[3] = { -1, 3301, 3991 };
	size_t seen = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].sp != 'A' || v[i].port_id != 5)
			continue;
		ck_assert_uint_lt(seen, 3);
		ck_assert_int_eq(v[i].vport_id, (int)seen);
		ck_assert_str_eq(v[i].ip_address, ips[seen]);
		ck_assert_int_eq(v[i].vlan_id, vlans[seen]);
		ck_assert_str_eq(v[i].iqn, "iqn.1992-04.com.emc:cx.apm00153906536.a5");
		ck_assert_str_eq(v[i].subnet_mask, "255.255.255.0");
		ck_assert_int_eq(v[i].mtu, 1500);
		seen++;
	}
	ck_assert_uint_eq(seen, 3);
	vnx_iscsi_port_array_free(v, n);
	free(buf);

	buf = read_capture("connection_-getport_-all_-sp_a_-portid_4.txt", &len);
	ck_assert_int_eq(vnx_parse_iscsi_port_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].port_id, 4);
	ck_assert_int_eq(v[0].vport_id, 0);
	ck_assert_str_eq(v[0].ip_address, "192.168.4.52");
	ck_assert_str_eq(v[0].gateway, "0.0.0.0");
	ck_assert_str_eq(v[0].alias, "6536.a4");
	ck_assert_str_eq(v[0].mac_address, "00-60-16-45-5D-FC");
	ck_assert_str_eq(v[0].speed, "10000 Mb");
	vnx_iscsi_port_array_free(v, n);
	free(buf);

	/* FCoE ports: a WWN in Port WWN and N/A addresses. */
	buf = read_capture("connection_-getport_-all_-portid_6_-vportid_0.txt", &len);
	ck_assert_int_eq(vnx_parse_iscsi_port_list(buf, len, &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[1].sp, 'B');
	ck_assert_int_eq(v[1].vport_id, 0);
	ck_assert_ptr_null(v[1].ip_address);
	ck_assert_ptr_null(v[1].alias);
	ck_assert_int_eq(v[1].mtu, 2240);
	vnx_iscsi_port_array_free(v, n);
	free(buf);
}
END_TEST

START_TEST(agent_ndu_migrate_fields)
{
	size_t len, n;
	char *buf = read_capture("getagent.txt", &len);
	vnx_agent *a;
	ck_assert_int_eq(vnx_parse_agent(buf, len, &a), 0);
	ck_assert_str_eq(a->model, "VNX5800");
	ck_assert_str_eq(a->serial, "APM00153042305");
	ck_assert_str_eq(a->revision, "05.33.008.3.297");
	ck_assert_str_eq(a->agent_rev, "7.33.8 (2.97)");
	ck_assert_str_eq(a->node, "B-APM00153042305");
	ck_assert_int_eq(a->sp, 'B');
	ck_assert_int_eq(a->sp_memory_mb, 32768);
	ck_assert_str_eq(a->cabinet, "DPE9");
	ck_assert_str_eq(a->model_type, "Rackmount");
	vnx_agent_free(a);
	free(buf);

	static const char *const enablers[][2] = {
		{ "-np_ndu_-list_-name_-Compression.txt", "Compression" },
		{ "-np_ndu_-list_-name_-Deduplication.txt", "Deduplication" },
		{ "-np_ndu_-list_-name_-FAST.txt", "FAST" },
		{ "-np_ndu_-list_-name_-FASTCache.txt", "FASTCache" },
		{ "-np_ndu_-list_-name_-MirrorView_A.txt", "MirrorView/A" },
		{ "-np_ndu_-list_-name_-ThinProvisioning.txt", "ThinProvisioning" },
		{ "-np_ndu_-list_-name_-VNXSnapshots.txt", "VNXSnapshots" },
		{ "ndu_-list_-name_-VNXSnapshots.txt", "VNXSnapshots" },
	};
	for (size_t i = 0; i < sizeof(enablers) / sizeof(enablers[0]); i++) {
		vnx_enabler *e;
		buf = read_capture(enablers[i][0], &len);
		ck_assert_int_eq(vnx_parse_ndu_list(buf, len, &e, &n), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(e[0].name, enablers[i][1]);
		ck_assert_ptr_null(e[0].revision); /* "-" */
		ck_assert(e[0].active && e[0].installed);
		ck_assert(!e[0].commit_required && !e[0].revert_possible && !e[0].system_software);
		vnx_enabler_array_free(e, n);
		free(buf);
	}

	vnx_migration *m;
	buf = read_capture("migrate_-list.txt", &len);
	ck_assert_int_eq(vnx_parse_migrate_list(buf, len, &m, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[0].source_name, "LUN 0");
	ck_assert_int_eq(m[0].source_id, 0);
	ck_assert_int_eq(m[0].dest_id, 1);
	ck_assert_str_eq(m[0].rate, "high");
	ck_assert_str_eq(m[0].state, "MIGRATING");
	ck_assert_int_eq(m[0].percent, 50);
	ck_assert_int_eq(m[1].source_id, 2);
	ck_assert_int_eq(m[1].dest_id, 3);
	ck_assert_str_eq(m[1].state, "STOPPED - Destination full");
	ck_assert_int_eq(m[1].percent, 60);
	ck_assert_str_eq(m[1].time_remaining, "0 second(s)");
	vnx_migration_array_free(m, n);
	free(buf);
}
END_TEST

/* No capture of `port -list -hba` exists; this sample follows the documented
 * naviseccli layout (see vnx_parse_port.c), including the SPPORT section that
 * `port -list -all` prints after it, which must be ignored. */
static const char hba_sample[] =
	"Information about each HBA:\n"
	"\n"
	"HBA UID:                 20:00:00:00:C9:76:5E:79:10:00:00:00:C9:76:5E:79\n"
	"Server Name:             xen1.example.org\n"
	"Server IP Address:       10.1.2.3\n"
	"HBA Model Description:\n"
	"HBA Vendor Description:\n"
	"HBA Device Driver Name:   N/A\n"
	"Information about each port of this HBA:\n"
	"\n"
	"    SP Name:               SP A\n"
	"    SP Port ID:            0\n"
	"    HBA Devicename:        N/A\n"
	"    Trusted:               NO\n"
	"    Logged In:             YES\n"
	"    Source ID:             1057536\n"
	"    Defined:               YES\n"
	"    Initiator Type:           3\n"
	"    StorageGroup Name:     xen1\n"
	"    Failover mode:         4\n"
	"    ArrayCommPath:         1\n"
	"\n"
	"    SP Name:               SP B\n"
	"    SP Port ID:            0\n"
	"    HBA Devicename:        N/A\n"
	"    Trusted:               NO\n"
	"    Logged In:             NO\n"
	"    Defined:               YES\n"
	"    Initiator Type:           3\n"
	"    StorageGroup Name:     None\n"
	"\n"
	"Information about each HBA:\n"
	"\n"
	"HBA UID:                 iqn.1994-05.com.redhat:xen2\n"
	"Server Name:             xen2\n"
	"Server IP Address:       N/A\n"
	"Information about each port of this HBA:\n"
	"\n"
	"    SP Name:               SP B\n"
	"    SP Port ID:            4\n"
	"    Logged In:             YES\n"
	"    Defined:               NO\n"
	"\n"
	"Information about each SPPORT:\n"
	"\n"
	"SP Name:             SP A\n"
	"SP Port ID:          0\n"
	"SP UID:              50:06:01:60:B6:E0:16:81:50:06:01:60:36:E0:16:81\n";

/* An array with no registered initiators prints only the section header:
 * zero records, not an unrecognised text (which the adapter would report
 * as an internal error and so refuse every FC host's assignment). */
START_TEST(hba_header_only_is_an_empty_list)
{
	static const char header_only[] = "Information about each HBA:\n";
	size_t n = 99;
	vnx_hba *v = NULL;
	ck_assert_int_eq(vnx_parse_hba_list(header_only, sizeof(header_only) - 1, &v, &n), 0);
	ck_assert_uint_eq(n, 0);
	vnx_hba_array_free(v, n);
	/* ...while text that is no HBA listing at all is still refused. */
	static const char other[] = "Some unexpected answer:  yes\n";
	ck_assert_int_eq(vnx_parse_hba_list(other, sizeof(other) - 1, &v, &n), VNX_PARSE_EFORMAT);
}
END_TEST

START_TEST(hba_fields)
{
	size_t n;
	vnx_hba *v;
	ck_assert_int_eq(vnx_parse_hba_list(hba_sample, sizeof(hba_sample) - 1, &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v[0].uid, "20:00:00:00:C9:76:5E:79:10:00:00:00:C9:76:5E:79");
	ck_assert_str_eq(v[0].server_name, "xen1.example.org");
	ck_assert_str_eq(v[0].server_ip, "10.1.2.3");
	ck_assert_uint_eq(v[0].port_count, 2);
	ck_assert_int_eq(v[0].ports[0].sp, 'A');
	ck_assert_int_eq(v[0].ports[0].sp_port, 0);
	ck_assert(v[0].ports[0].logged_in && v[0].ports[0].defined);
	ck_assert_int_eq(v[0].ports[0].initiator_type, 3);
	ck_assert_int_eq(v[0].ports[0].failover_mode, 4);
	ck_assert_int_eq(v[0].ports[0].arraycommpath, 1);
	ck_assert_str_eq(v[0].ports[0].storage_group, "xen1");
	ck_assert_int_eq(v[0].ports[1].sp, 'B');
	ck_assert(!v[0].ports[1].logged_in);
	ck_assert_int_eq(v[0].ports[1].failover_mode, -1); /* not shown */
	ck_assert_str_eq(v[1].uid, "iqn.1994-05.com.redhat:xen2");
	ck_assert_ptr_null(v[1].server_ip);
	ck_assert_uint_eq(v[1].port_count, 1);
	ck_assert_int_eq(v[1].ports[0].sp_port, 4);
	ck_assert(!v[1].ports[0].defined);
	ck_assert_int_eq(v[1].ports[0].initiator_type, -1);
	vnx_hba_array_free(v, n);

	/* And the SP port parser skips the HBA section of `port -list -all`. */
	vnx_sp_port *p;
	ck_assert_int_eq(vnx_parse_sp_port_list(hba_sample, sizeof(hba_sample) - 1, &p, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(p[0].sp, 'A');
	ck_assert_int_eq(p[0].type, VNX_PORT_FC);
	vnx_sp_port_array_free(p, n);
}
END_TEST

/* ---- robustness ---- */

/* Returns an owned copy of buf with every line doubled, or turned to CRLF
 * with trailing blanks (mode 1). */
static char *mangle(const char *buf, size_t len, int mode, size_t *outlen)
{
	char *out = malloc(len * 4 + 16);
	ck_assert_ptr_nonnull(out);
	size_t k = 0, st = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		size_t ll = i - st;
		bool nl = i < len;
		if (mode == 0) {
			for (int r = 0; r < 2; r++) {
				memcpy(out + k, buf + st, ll);
				k += ll;
				if (nl || r == 0)
					out[k++] = '\n';
			}
		} else {
			memcpy(out + k, buf + st, ll);
			k += ll;
			if (nl) {
				memcpy(out + k, "  \t\r\n", 5);
				k += 5;
			}
		}
		st = i + 1;
	}
	*outlen = k;
	return out;
}

START_TEST(doubled_lines_and_crlf_read_the_same)
{
	size_t checked = 0;
	for (size_t i = 0; i < NCAPTURES; i++) {
		const struct capture *c = &captures[i];
		if (c->kind > T_KV)
			continue;
		size_t len, n0, n1, n2, l1, l2;
		char *buf = read_capture(c->file, &len);
		char *fp0 = fingerprint(c->kind, buf, len, &n0);
		char *dbl = mangle(buf, len, 0, &l1);
		char *crlf = mangle(buf, len, 1, &l2);
		char *fp1 = fingerprint(c->kind, dbl, l1, &n1);
		char *fp2 = fingerprint(c->kind, crlf, l2, &n2);
		ck_assert_uint_gt(n0, 0);
		ck_assert_msg(n1 == n0 && strcmp(fp0, fp1) == 0,
		              "%s: doubled lines read differently (%zu vs %zu records)", c->file, n1, n0);
		ck_assert_msg(n2 == n0 && strcmp(fp0, fp2) == 0, "%s: CRLF + trailing blanks read differently",
		              c->file);
		free(fp0);
		free(fp1);
		free(fp2);
		free(dbl);
		free(crlf);
		free(buf);
		checked++;
	}
	ck_assert_uint_gt(checked, 60);
}
END_TEST

START_TEST(every_prefix_survives_every_parser)
{
	static const char *const files[] = {
		"lun_-list_-all_-l_0.txt",
		"storagegroup_-list_-host_-iscsiAttributes.txt",
		"storagepool_-list_-all_-id_0.txt",
		"connection_-getport_-all_-sp_a_-portid_5_-vportid_0.txt",
		"snap_-list_-res_3_-detail.txt",
		"getagent.txt",
		"migrate_-list.txt",
		"credential_error.txt",
	};
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len;
		char *buf = read_capture(files[f], &len);
		for (size_t cut = 0; cut <= len; cut++) {
			/* An exact-size copy so ASan catches any read past the end. */
			char *p = malloc(cut ? cut : 1);
			ck_assert_ptr_nonnull(p);
			memcpy(p, buf, cut);
			for (int k = T_LUN; k <= T_KV; k++) {
				size_t n;
				free(fingerprint((enum kind)k, p, cut, &n));
			}
			vnx_error e;
			ck_assert_int_ge(vnx_classify_error(p, cut, &e), 0);
			vnx_error_clear(&e);
			ck_assert_int_ge(vnx_classify_modify_output(p, cut, &e), 0);
			vnx_error_clear(&e);
			free(p);
		}
		free(buf);
	}
}
END_TEST

START_TEST(record_printed_twice_is_folded)
{
	/* Whole record blocks repeated back to back (not just lines). */
	size_t len, n;
	char *buf = read_capture("lun_-list_-all_-l_19.txt", &len);
	char *two = malloc(len * 2 + 1);
	ck_assert_ptr_nonnull(two);
	memcpy(two, buf, len);
	two[len] = '\n';
	memcpy(two + len + 1, buf, len);
	vnx_lun *v;
	ck_assert_int_eq(vnx_parse_lun_list(two, len * 2 + 1, &v, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(v[0].name, "test_lun");
	vnx_lun_array_free(v, n);
	free(two);
	free(buf);
}
END_TEST

/* ---- error classifier ---- */

struct err_case {
	const char *text;
	vnx_errclass cls;
	const char *code;
	bool retryable;
};

START_TEST(classifier_table)
{
	static const struct err_case cases[] = {
		{ "Error: lun -destroy command failed\nThe LUN is contained in a Storage Group.\n",
		  VNX_ERR_MAPPED, "", false },
		{ "LUN mapping still exists.", VNX_ERR_MAPPED, "", false },
		{ "Cannot destroy LUN because it still has snapshots.", VNX_ERR_HAS_SNAPSHOTS, "", false },
		{ "Cannot destroy the LUN. (0x716D801A)", VNX_ERR_HAS_SNAPSHOTS, "0x716d801a", false },
		{ "SP A: The LUN is being used by a feature of the Storage System.", VNX_ERR_BUSY, "", false },
		{ "SP A: LUN is preparing. (0x712d8e0e)", VNX_ERR_BUSY, "0x712d8e0e", true },
		{ "End of data stream\n", VNX_ERR_BUSY, "", true },
		{ "Snapshot name is already in use. (0x716d8005)", VNX_ERR_NAME_IN_USE, "0x716d8005", false },
		{ "Error: storagegroup command failed\nStorage Group name already in use\n",
		  VNX_ERR_NAME_IN_USE, "", false },
		{ "Error: storagegroup command failed\nThe group name or UID does not match any storage "
		  "groups for this array\n", VNX_ERR_NOT_FOUND, "", false },
		{ "Error: storagegroup command failed\nError returned from Agent\nSP A: Requested Host LUN "
		  "Number already in use\n", VNX_ERR_HLU_IN_USE, "", false },
		{ "Error: storagegroup command failed\nLUN already exists in the specified storage group.",
		  VNX_ERR_ALREADY_MAPPED, "", false },
		{ "Requested LUN has already been added to this Storage Group", VNX_ERR_ALREADY_MAPPED, "",
		  false },
		{ "The HBA UID specified is not known by the array.", VNX_ERR_NOT_FOUND, "", false },
		{ "The specified snapshot does not exist.", VNX_ERR_NOT_FOUND, "", false },
		{ "Error: invalid command line parameters", VNX_ERR_INVALID_ARGS, "", false },
		{ "Usage:\n  lun -create ...\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "The (lun -create) commands are not supported by the target storage system.",
		  VNX_ERR_NOT_SUPPORTED, "", false },
		{ "Security file not found. Authentication failed.\r\n", VNX_ERR_AUTH, "", false },
		{ "Error: lun command failed\nSomething new happened.", VNX_ERR_UNKNOWN, "", false },
		{ "Request failed. Something else.", VNX_ERR_UNKNOWN, "", false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vnx_error e;
		const struct err_case *c = &cases[i];
		ck_assert_msg(vnx_classify_error(c->text, strlen(c->text), &e) == 1, "case %zu: not an error",
		              i);
		ck_assert_msg(e.cls == c->cls, "case %zu: %s, expected %s", i, vnx_errclass_name(e.cls),
		              vnx_errclass_name(c->cls));
		ck_assert_str_eq(e.code, c->code);
		ck_assert_int_eq(e.retryable, c->retryable);
		vnx_error_clear(&e);
		/* The same text after a modifying command is the same error. */
		ck_assert_int_eq(vnx_classify_modify_output(c->text, strlen(c->text), &e), 1);
		ck_assert_int_eq(e.cls, c->cls);
		vnx_error_clear(&e);
	}
	ck_assert_str_eq(vnx_errclass_name(VNX_ERR_HLU_IN_USE), "hlu_in_use");
	ck_assert_str_eq(vnx_errclass_name(VNX_ERR_NONE), "none");
	ck_assert_str_eq(vnx_errclass_name((vnx_errclass)99), "unknown");
}
END_TEST

/* Every error text navisim (sim/navisim) prints, as it prints it (the
 * "Error: ... command failed" and "Error returned from Agent" lines and
 * the "SP A: " prefixes included), with the class the gateway must act
 * on.  When navisim learns a new error, it belongs here. */
START_TEST(navisim_error_texts_are_classified)
{
#define SGF "Error: storagegroup command failed\n"
#define AGT "Error returned from Agent\n"
	static const struct err_case cases[] = {
		/* main.c: reaching the array */
		{ "A network error occurred while trying to connect: '10.0.0.1'.\nMessage : Error "
		  "occurred because connection refused. Management Server is not running.\n",
		  VNX_ERR_UNREACHABLE, "", false },
		{ "Error returned from the Management Server on 10.0.0.1\nAuthentication failed. "
		  "Possible reasons for failure are invalid security file, invalid username, password "
		  "and/or scope.\n", VNX_ERR_AUTH, "", false },
		{ "Invalid command 'frobnicate'.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Usage: navisim -h <SP address> [-user <user> -password <password> -scope <0|1|2> | "
		  "-secfilepath <dir>] [-t <seconds>] [-port <n>] [-np] <command ...>\n",
		  VNX_ERR_INVALID_ARGS, "", false },
		/* state.c */
		{ "Error: lun command failed\nThe command contains invalid command line parameters: "
		  "-name\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "SP A: The LUN is preparing. Retry the operation later. (0x712d8e0e)\n", VNX_ERR_BUSY,
		  "0x712d8e0e", true },
		{ "Could not retrieve the specified (pool lun). The (pool lun) may not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		/* cmd_info.c */
		{ "Error: ndu command failed\nThe specified software is not installed.\n",
		  VNX_ERR_NOT_SUPPORTED, "", false },
		{ "Could not retrieve the specified (Storagepool). The (Storagepool) may not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Request failed. Specified port not found.\n", VNX_ERR_NOT_FOUND, "", false },
		/* cmd_lun.c: lun */
		{ "Request not allowed. Auto-Tiering Feature is not supported.\n", VNX_ERR_NOT_SUPPORTED,
		  "", false },
		{ "The commands are not supported by the target storage system.\n",
		  VNX_ERR_NOT_SUPPORTED, "", false },
		{ "Unable to create the LUN because the maximum number of LUNs has been reached.\n",
		  VNX_ERR_NO_SPACE, "", false },
		{ "Unable to create the LUN because the specified name is already in use. Please retry "
		  "the operation using a unique name. (0x712d8d04)\n", VNX_ERR_NAME_IN_USE,
		  "0x712d8d04", false },
		{ "Unable to create the LUN because the specified LUN number is already in use.\n",
		  VNX_ERR_NAME_IN_USE, "", false },
		{ "Unable to create the LUN because the storage pool does not have enough free "
		  "capacity.\n", VNX_ERR_NO_SPACE, "", false },
		{ "Cannot unbind LUN because it's contained in a Storage Group.\n", VNX_ERR_MAPPED, "",
		  false },
		{ "Cannot unbind LUN because it's being used by a feature of the Storage System.\n",
		  VNX_ERR_BUSY, "", false },
		{ "Cannot destroy the LUN because it has snapshot mount points. (0x716d801a)\n",
		  VNX_ERR_HAS_SNAPSHOTS, "0x716d801a", false },
		{ "Cannot destroy the LUN because it still has snapshots.\n", VNX_ERR_HAS_SNAPSHOTS, "",
		  false },
		{ "Cannot expand the LUN. Invalid LUN type.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Cannot expand LUN because it's being used by a feature of the Storage System.\n",
		  VNX_ERR_BUSY, "", false },
		{ "SP B: Expansion LUN size must be greater than current LUN size. (0x712d8e04)\n",
		  VNX_ERR_INVALID_ARGS, "0x712d8e04", false },
		{ "Unable to expand the LUN because the storage pool does not have enough free "
		  "capacity.\n", VNX_ERR_NO_SPACE, "", false },
		{ "Could not set properties:(Name: The specified name is already in use. "
		  "(0x712d8d04)).\n", VNX_ERR_NAME_IN_USE, "0x712d8d04", false },
		/* cmd_lun.c: snapshot mount points */
		{ "Cannot attach the snapshot. Invalid LUN type.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Cannot detach the snapshot. Invalid LUN type.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Cannot attach the snapshot. The specified snapshot does not exist.\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "The attach or restore operation is disallowed because the snapshot and snapshot "
		  "mount point are associated with different primary LUNs. Use LUNs and snapshots from "
		  "correct primary LUN for attach and restore. (0x716d8008)\n", VNX_ERR_INVALID_ARGS,
		  "0x716d8008", false },
		{ "Cannot attach the snapshot. The snapshot mount point is already attached to a "
		  "snapshot.\n", VNX_ERR_MAPPED, "", false },
		/* cmd_lun.c: migrate */
		{ "Error: migrate -list command failed.\nThe specified source LUN does not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -list command failed.\nThe specified source LUN is not currently "
		  "migrating.\n", VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -cancel command failed.\nThe specified source LUN does not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -cancel command failed.\nThe specified source LUN is not currently "
		  "migrating.\n", VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -start command failed.\nThe specified source LUN does not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -start command failed.\nThe specified destination LUN does not "
		  "exist\n", VNX_ERR_NOT_FOUND, "", false },
		{ "Error: migrate -start command failed.\nThe destination LUN is not valid for "
		  "migration.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Error: migrate -start command failed.\nThe LUN is being used by a feature of the "
		  "Storage System.\n", VNX_ERR_BUSY, "", false },
		{ "Error: migrate -start command failed.\nThe destination LUN is smaller than the "
		  "source LUN.\n", VNX_ERR_INVALID_ARGS, "", false },
		{ "Error: migrate -start command failed.\nThe destination LUN is in a Storage Group.\n",
		  VNX_ERR_MAPPED, "", false },
		{ "Error: migrate -start command failed.\nThe source snapshot mount point is not "
		  "attached to a snapshot.\n", VNX_ERR_INVALID_ARGS, "", false },
		/* cmd_sg.c */
		{ SGF "The group name or UID does not match any storage groups for this array\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ SGF AGT "Storage Group name already in use\n", VNX_ERR_NAME_IN_USE, "", false },
		{ SGF "The ALU number specified by user is not a bound ALU number\n", VNX_ERR_NOT_FOUND,
		  "", false },
		{ SGF AGT "Requested LUN has already been added to this Storage Group\n",
		  VNX_ERR_ALREADY_MAPPED, "", false },
		{ SGF AGT "Requested Host LUN Number already in use\n", VNX_ERR_HLU_IN_USE, "", false },
		{ SGF AGT "LUN 0 : No such Host LUN in this Storage Group\n", VNX_ERR_NOT_FOUND, "",
		  false },
		{ SGF AGT "The specified host name is not known by the array\n", VNX_ERR_NOT_FOUND, "",
		  false },
		{ SGF AGT "The specified host is not connected to this Storage Group\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ SGF AGT "SP A: The failover mode 4 (ALUA) is not supported by this storage system.\n",
		  VNX_ERR_NOT_SUPPORTED, "", false },
		{ SGF AGT "SP B: The specified SP port does not exist.\n", VNX_ERR_NOT_FOUND, "", false },
		{ SGF AGT "SP A: The initiator type does not match the port type.\n",
		  VNX_ERR_INVALID_ARGS, "", false },
		{ SGF AGT "SP A: This port is uninitialized. Please initialize the IP address before "
		  "trying to use this port. (0x7155800d)\n", VNX_ERR_NOT_SUPPORTED, "0x7155800d", false },
		{ SGF AGT "SP B: Initiator record already exists.\n", VNX_ERR_ALREADY_MAPPED, "", false },
		{ "The HBA UID specified is not known by the array.\n", VNX_ERR_NOT_FOUND, "", false },
		/* cmd_snap.c */
		{ "Cannot create the snapshot. The specified resource does not exist.\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Cannot create the snapshot. The snapshot name is already in use. (0x716d8005)\n",
		  VNX_ERR_NAME_IN_USE, "0x716d8005", false },
		{ "Could not retrieve the specified (Snapshot). The (Snapshot) may not exist\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "The snapshot cannot be destroyed because it is attached to a snapshot mount point. "
		  "(0x716d8003)\n", VNX_ERR_MAPPED, "0x716d8003", false },
		{ "Cannot copy the snapshot. The specified snapshot does not exist.\n",
		  VNX_ERR_NOT_FOUND, "", false },
		{ "Cannot copy the snapshot. The snapshot name is already in use. (0x716d8005)\n",
		  VNX_ERR_NAME_IN_USE, "0x716d8005", false },
		{ "Cannot modify the snapshot. The snapshot name is already in use. (0x716d8005)\n",
		  VNX_ERR_NAME_IN_USE, "0x716d8005", false },
	};
#undef SGF
#undef AGT
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct err_case *c = &cases[i];
		vnx_error e;

		/* A list command and a modifying one read it the same. */
		for (int modify = 0; modify < 2; modify++) {
			int rc = modify ? vnx_classify_modify_output(c->text, strlen(c->text), &e)
			                : vnx_classify_error(c->text, strlen(c->text), &e);

			ck_assert_msg(rc == 1, "'%s': not an error", c->text);
			ck_assert_msg(e.cls == c->cls, "'%s': %s, expected %s", c->text,
			              vnx_errclass_name(e.cls), vnx_errclass_name(c->cls));
			ck_assert_str_eq(e.code, c->code);
			ck_assert_int_eq(e.retryable, c->retryable);
			vnx_error_clear(&e);
		}
	}
	ck_assert_str_eq(vnx_errclass_name(VNX_ERR_NO_SPACE), "no_space");
}
END_TEST

START_TEST(classifier_is_not_fooled)
{
	vnx_error e;
	/* A listing whose values read like errors is data. */
	static const char lun[] = "LOGICAL UNIT NUMBER 7\nName:  does not exist\n"
	                          "Current State:  Authentication failed\n";
	ck_assert_int_eq(vnx_classify_error(lun, sizeof(lun) - 1, &e), 0);
	ck_assert_int_eq(e.cls, VNX_ERR_NONE);
	ck_assert_ptr_null(e.message);
	static const char sg[] = "\n\nStorage Group Name:    not found\nStorage Group UID:  X\n";
	ck_assert_int_eq(vnx_classify_error(sg, sizeof(sg) - 1, &e), 0);
	/* A listing cut short by a dropped connection or an agent error is
	 * that error, not a shorter listing. */
	static const char cut[] = "LOGICAL UNIT NUMBER 7\nName:  l7\nUID:  60:06\n\nEnd of data stream\n";
	ck_assert_int_eq(vnx_classify_error(cut, sizeof(cut) - 1, &e), 1);
	ck_assert_int_eq(e.cls, VNX_ERR_BUSY);
	ck_assert(e.retryable);
	ck_assert_str_eq(e.message, "End of data stream");
	vnx_error_clear(&e);
	static const char cut2[] = "Storage Group Name:    sg1\nStorage Group UID:  X\n"
	                           "A network error occurred while trying to connect: '10.0.0.1'.\n"
	                           "Message : Error occurred because connection refused.\n";
	ck_assert_int_eq(vnx_classify_error(cut2, sizeof(cut2) - 1, &e), 1);
	ck_assert_int_eq(e.cls, VNX_ERR_UNREACHABLE);
	vnx_error_clear(&e);
	/* ...but a value that merely reads like one is data. */
	static const char val[] = "LOGICAL UNIT NUMBER 7\nName:  Error: x\n  End of data stream\n";
	ck_assert_int_eq(vnx_classify_error(val, sizeof(val) - 1, &e), 0);
	/* Informational output of a query is not an error... */
	static const char ping[] = "Reply from 10.0.0.1:  bytes=32 time=1ms TTL=30\n";
	ck_assert_int_eq(vnx_classify_error(ping, sizeof(ping) - 1, &e), 0);
	/* ...but any output of a modifying command is, class unknown if unmatched. */
	ck_assert_int_eq(vnx_classify_modify_output(ping, sizeof(ping) - 1, &e), 1);
	ck_assert_int_eq(e.cls, VNX_ERR_UNKNOWN);
	ck_assert_str_eq(e.message, "Reply from 10.0.0.1:  bytes=32 time=1ms TTL=30");
	vnx_error_clear(&e);
	/* Blank output is success for both. */
	ck_assert_int_eq(vnx_classify_modify_output(" \r\n\n", 4, &e), 0);
	ck_assert_int_eq(vnx_classify_error(" \r\n\n", 4, &e), 0);
	ck_assert_int_eq(vnx_classify_modify_output(NULL, 0, &e), 0);
	/* "OK(0x0)" is not an error code. */
	static const char zero[] = "Error: x command failed (0x0)\n";
	ck_assert_int_eq(vnx_classify_error(zero, sizeof(zero) - 1, &e), 1);
	ck_assert_str_eq(e.code, "");
	vnx_error_clear(&e);
	/* A huge message is capped, and control bytes do not leak into it. */
	size_t big = 100000;
	char *b = malloc(big);
	ck_assert_ptr_nonnull(b);
	memset(b, 'x', big);
	memcpy(b, "Error: ", 7);
	b[50] = '\0';
	b[60] = '\x1b';
	ck_assert_int_eq(vnx_classify_error(b, big, &e), 1);
	ck_assert_uint_eq(strlen(e.message), VNX_ERROR_MAX_MESSAGE);
	ck_assert_ptr_null(strchr(e.message, '\x1b'));
	vnx_error_clear(&e);
	free(b);
	ck_assert_int_eq(vnx_classify_error(NULL, 3, &e), VNX_PARSE_EINVAL);
	ck_assert_int_eq(vnx_classify_error("x", 1, NULL), VNX_PARSE_EINVAL);
	vnx_error_clear(NULL);
}
END_TEST

/* ---- arguments and degenerate input ---- */

START_TEST(arguments_and_degenerate_input)
{
	vnx_lun *v = (vnx_lun *)1;
	size_t n = 99;
	ck_assert_int_eq(vnx_parse_lun_list(NULL, 5, &v, &n), VNX_PARSE_EINVAL);
	ck_assert_int_eq(vnx_parse_lun_list("x", 1, NULL, &n), VNX_PARSE_EINVAL);
	ck_assert_int_eq(vnx_parse_lun_list("x", 1, &v, NULL), VNX_PARSE_EINVAL);
	/* The size check happens before any byte is read. */
	ck_assert_int_eq(vnx_parse_lun_list("x", VNX_PARSE_MAX_INPUT + 1, &v, &n), VNX_PARSE_E2BIG);
	/* Blank input: a valid empty listing. */
	ck_assert_int_eq(vnx_parse_lun_list("\n \n", 3, &v, &n), 0);
	ck_assert_ptr_null(v);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(vnx_parse_lun_list(NULL, 0, &v, &n), 0);
	/* Text that holds no record of the kind: EFORMAT, nothing returned. */
	static const char junk[] = "Could not retrieve the specified (pool lun).";
	ck_assert_int_eq(vnx_parse_lun_list(junk, sizeof(junk) - 1, &v, &n), VNX_PARSE_EFORMAT);
	ck_assert_ptr_null(v);
	ck_assert_uint_eq(n, 0);
	vnx_storage_group *g;
	ck_assert_int_eq(vnx_parse_storagegroup_list(junk, sizeof(junk) - 1, &g, &n), VNX_PARSE_EFORMAT);
	vnx_pool *p;
	ck_assert_int_eq(vnx_parse_pool_list(junk, sizeof(junk) - 1, &p, &n), VNX_PARSE_EFORMAT);
	vnx_agent *a;
	ck_assert_int_eq(vnx_parse_agent(junk, sizeof(junk) - 1, &a), VNX_PARSE_EFORMAT);
	ck_assert_ptr_null(a);
	/* Numbers: overflow and junk are absent, not wrapped. */
	static const char odd[] = "LOGICAL UNIT NUMBER 99999999999999999999\n"
	                          "User Capacity (Blocks):  12abc\n"
	                          "User Capacity (GBs):  1e308\n"
	                          "LOGICAL UNIT NUMBER -1\nName:\0with NUL\n";
	ck_assert_int_eq(vnx_parse_lun_list(odd, sizeof(odd) - 1, &v, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[0].id, -1);
	ck_assert_int_eq(v[0].user_capacity_blocks, -1);
	ck_assert(v[0].user_capacity_gb < 0);
	ck_assert_str_eq(v[1].name, "?with NUL");
	vnx_lun_array_free(v, n);
	/* Decimals are read without the locale, '%' allowed, junk refused. */
	static const char pool[] = "Pool Name:  p\nPool ID:  3\nPercent Full:  12.50%\n"
	                           "User Capacity (GBs):  1.2.3\nAvailable Capacity (GBs):  .5\n"
	                           "Consumed Capacity (GBs):  123456789012345678901234.5\n"
	                           "Percent Subscribed:  nan\n";
	vnx_pool *pp;
	ck_assert_int_eq(vnx_parse_pool_list(pool, sizeof(pool) - 1, &pp, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(pp[0].id, 3);
	ck_assert_double_eq_tol(pp[0].percent_full, 12.5, 1e-12);
	ck_assert(pp[0].user_capacity_gb < 0);
	ck_assert_double_eq_tol(pp[0].available_capacity_gb, 0.5, 1e-12);
	ck_assert_double_eq_tol(pp[0].consumed_capacity_gb / 1.2345678901234568e23, 1.0, 1e-12);
	ck_assert(pp[0].percent_subscribed < 0);
	vnx_pool_array_free(pp, n);
	ck_assert_str_eq(vnx_parse_strerror(VNX_PARSE_EFORMAT),
	                 "output holds no record of the expected kind");
	/* Freeing NULL is a no-op everywhere. */
	vnx_lun_array_free(NULL, 3);
	vnx_storage_group_array_free(NULL, 3);
	vnx_snap_array_free(NULL, 3);
	vnx_pool_array_free(NULL, 3);
	vnx_sp_port_array_free(NULL, 3);
	vnx_hba_array_free(NULL, 3);
	vnx_iscsi_port_array_free(NULL, 3);
	vnx_enabler_array_free(NULL, 3);
	vnx_migration_array_free(NULL, 3);
	vnx_kv_array_free(NULL, 3);
	vnx_agent_free(NULL);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("vnx_parse");

	/* Sanitizer builds are slow; the prefix test parses a few thousand inputs. */
	SUITE_CASE(s, "captures", NULL, NULL, 300, every_capture_is_known_and_parses, lun_fields,
		storagegroup_fields, snap_fields, pool_fields, sp_port_fields, iscsi_port_fields,
		agent_ndu_migrate_fields, hba_fields, hba_header_only_is_an_empty_list,
		doubled_lines_and_crlf_read_the_same, every_prefix_survives_every_parser,
		record_printed_twice_is_folded, classifier_table, navisim_error_texts_are_classified,
		classifier_is_not_fooled, arguments_and_degenerate_input);
	return s;
}

int main(void)
{
	return suite_run(parse_suite());
}
