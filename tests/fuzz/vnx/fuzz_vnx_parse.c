/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vnx_parse.c - libFuzzer targets for the naviseccli parsers.
 *
 * One source, one target per parser: CMake builds this file once per
 * FUZZ_<PARSER> definition, so each parser gets its own corpus and its own
 * coverage feedback (a single dispatching target would let the big LUN
 * parser starve the small ones).  Each run parses the input, then walks
 * every record and reads every string and array it returned, so a bad
 * pointer, a missing terminator or a count that does not match its array
 * shows up under ASan, and frees it all (LeakSanitizer checks the rest).
 * Invariants that must hold for any input are asserted with abort().
 * The readers, the result check and the parse / walk / free sequence are
 * fuzz_vnx.h's; a target defines only what it reads of one record.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_vnx.h"
#include "vnx_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(FUZZ_LUN)
static void walk(const vnx_lun *v, size_t i)
{
	touch(v[i].name); touch(v[i].uid); touch(v[i].pool); touch(v[i].current_state);
	touch(v[i].status); touch(v[i].current_operation); touch(v[i].tiering_policy);
	touch(v[i].dedup_state); touch(v[i].primary_lun); touch(v[i].attached_snapshot);
	touch_ids(v[i].smp_ids, v[i].smp_count);
}
#define FUZZ_LIST vnx_lun, vnx_parse_lun_list, walk, vnx_lun_array_free
#elif defined(FUZZ_SG)
static void walk(const vnx_storage_group *v, size_t i)
{
	touch(v[i].name); touch(v[i].uid);
	if ((v[i].hba_count && !v[i].hbas) || (v[i].hlu_count && !v[i].hlus))
		abort();
	for (size_t j = 0; j < v[i].hba_count; j++) {
		const vnx_sg_hba *h = &v[i].hbas[j];
		if (!h->uid || (h->sp != 'A' && h->sp != 'B'))
			abort(); /* a path row always has a uid and an SP */
		touch(h->uid); touch(h->host_name); touch(h->initiator_ip); touch(h->isid);
	}
	for (size_t j = 0; j < v[i].hlu_count; j++)
		fuzz_sink += (size_t)v[i].hlus[j].hlu + (size_t)v[i].hlus[j].alu;
}
#define FUZZ_LIST vnx_storage_group, vnx_parse_storagegroup_list, walk, vnx_storage_group_array_free
#elif defined(FUZZ_SNAP)
static void walk(const vnx_snap *v, size_t i)
{
	if (!v[i].name)
		abort();
	touch(v[i].name); touch(v[i].description); touch(v[i].creation_time);
	touch(v[i].source_cg); touch(v[i].state); touch(v[i].status); touch(v[i].expiration);
	touch_ids(v[i].source_luns, v[i].source_lun_count);
	touch_ids(v[i].primary_luns, v[i].primary_lun_count);
	touch_ids(v[i].attached_luns, v[i].attached_lun_count);
}
#define FUZZ_LIST vnx_snap, vnx_parse_snap_list, walk, vnx_snap_array_free
#elif defined(FUZZ_POOL)
static void walk(const vnx_pool *v, size_t i)
{
	touch(v[i].name); touch(v[i].state); touch(v[i].status); touch(v[i].raid_type);
	touch(v[i].disk_type); touch(v[i].fast_cache);
	touch_ids(v[i].luns, v[i].lun_count);
	if (v[i].tier_count && !v[i].tiers)
		abort();
	for (size_t j = 0; j < v[i].tier_count; j++) {
		touch(v[i].tiers[j].name);
		touch(v[i].tiers[j].raid_type);
	}
}
#define FUZZ_LIST vnx_pool, vnx_parse_pool_list, walk, vnx_pool_array_free
#elif defined(FUZZ_SPPORT)
static void walk(const vnx_sp_port *v, size_t i)
{
	touch(v[i].uid); touch(v[i].link_status); touch(v[i].port_status); touch(v[i].speed);
	touch(v[i].mac_address); touch(v[i].sfp_state); touch(v[i].usage);
	if (v[i].type > VNX_PORT_ISCSI)
		abort();
}
#define FUZZ_LIST vnx_sp_port, vnx_parse_sp_port_list, walk, vnx_sp_port_array_free
#elif defined(FUZZ_HBA)
static void walk(const vnx_hba *v, size_t i)
{
	touch(v[i].uid); touch(v[i].server_name); touch(v[i].server_ip);
	if (v[i].port_count && !v[i].ports)
		abort();
	for (size_t j = 0; j < v[i].port_count; j++)
		touch(v[i].ports[j].storage_group);
}
#define FUZZ_LIST vnx_hba, vnx_parse_hba_list, walk, vnx_hba_array_free
#elif defined(FUZZ_ISCSI)
static void walk(const vnx_iscsi_port *v, size_t i)
{
	touch(v[i].iqn); touch(v[i].alias); touch(v[i].mac_address); touch(v[i].speed);
	touch(v[i].ip_address); touch(v[i].subnet_mask); touch(v[i].gateway);
}
#define FUZZ_LIST vnx_iscsi_port, vnx_parse_iscsi_port_list, walk, vnx_iscsi_port_array_free
#elif defined(FUZZ_NDU)
static void walk(const vnx_enabler *v, size_t i)
{
	touch(v[i].name);
	touch(v[i].revision);
}
#define FUZZ_LIST vnx_enabler, vnx_parse_ndu_list, walk, vnx_enabler_array_free
#elif defined(FUZZ_MIGRATE)
static void walk(const vnx_migration *v, size_t i)
{
	touch(v[i].source_name); touch(v[i].dest_name); touch(v[i].rate); touch(v[i].state);
	touch(v[i].time_remaining);
}
#define FUZZ_LIST vnx_migration, vnx_parse_migrate_list, walk, vnx_migration_array_free
#elif defined(FUZZ_KV)
static void walk(const vnx_kv *v, size_t i)
{
	if (!v[i].label || !v[i].value)
		abort();
	touch(v[i].label);
	touch(v[i].value);
}
#define FUZZ_LIST vnx_kv, vnx_parse_kv, walk, vnx_kv_array_free
#elif defined(FUZZ_AGENT)
/* one record, not a list */
static void fuzz_agent(const char *buf, size_t size)
{
	vnx_agent *a = NULL;
	int rc = vnx_parse_agent(buf, size, &a);

	check_out(rc, a, a ? 1 : 0);
	if (a) {
		if (!a->model && !a->serial)
			abort();
		touch(a->agent_rev); touch(a->name); touch(a->node); touch(a->revision);
		touch(a->model); touch(a->model_type); touch(a->prom_rev); touch(a->serial);
		touch(a->cabinet);
	}
	vnx_agent_free(a);
}
#elif defined(FUZZ_ERROR)
/* the two classifiers of an output: not a list either */
static void fuzz_error(const char *buf, size_t size)
{
	vnx_error e;
	for (int modify = 0; modify < 2; modify++) {
		int rc = modify ? vnx_classify_modify_output(buf, size, &e)
				: vnx_classify_error(buf, size, &e);
		if (rc != 0 && rc != 1 && rc != VNX_PARSE_ENOMEM)
			abort();
		if (rc == 1) {
			/* An error always has a class, a bounded message and a well-formed code. */
			if (e.cls <= VNX_ERR_NONE || e.cls >= VNX_ERR__COUNT || !e.message ||
			    strlen(e.message) > VNX_ERROR_MAX_MESSAGE)
				abort();
			if (e.code[0] && (e.code[0] != '0' || e.code[1] != 'x' || strlen(e.code) > 18))
				abort();
			touch(vnx_errclass_name(e.cls));
		} else if (rc == 0 && (e.cls != VNX_ERR_NONE || e.message)) {
			abort();
		}
		vnx_error_clear(&e);
	}
}
#else
#error "define one FUZZ_<PARSER>"
#endif

/* FUZZ_LIST's four words as FUZZ_WALK_LIST's first four arguments */
#define WALK_LIST(...) FUZZ_WALK_LIST(__VA_ARGS__)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
#if defined(FUZZ_AGENT)
	fuzz_agent(buf, size);
#elif defined(FUZZ_ERROR)
	fuzz_error(buf, size);
#else
	WALK_LIST(FUZZ_LIST, buf, size);
#endif
	return 0;
}
