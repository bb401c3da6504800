/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_lun.c - `lun -list -all [-l ID | -name N]` output.
 *
 * A LUN record starts at the unlabelled line "LOGICAL UNIT NUMBER <id>" and
 * runs to the next such line; every other line is a "Label:  value" pair
 * read through the field table below (labels it does not list, such as the
 * I/O statistics or the "Tier Distribution" block, are ignored).  When the
 * same header repeats back to back (a whole record printed twice) the copy
 * is folded into the first record instead of making a second LUN.  The walk
 * itself is vnx_parse_listing()'s (vnx_records.c): this file only describes
 * the listing.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

#define F(label, type, member) VNX_FIELD(label, type, vnx_lun, member)
static const vnx_field lun_fields[] = {
	F("Name", VNX_F_STR, name),
	F("UID", VNX_F_STR, uid),
	F("Pool Name", VNX_F_STR, pool),
	F("Current Owner", VNX_F_SP, current_owner),
	F("Default Owner", VNX_F_SP, default_owner),
	F("User Capacity (Blocks)", VNX_F_I64, user_capacity_blocks),
	F("User Capacity (GBs)", VNX_F_DBL, user_capacity_gb),
	F("Consumed Capacity (Blocks)", VNX_F_I64, consumed_capacity_blocks),
	F("Current State", VNX_F_STR, current_state),
	F("Status", VNX_F_STR, status),
	F("Current Operation", VNX_F_STR, current_operation),
	F("Current Operation Percent Completed", VNX_F_INT, current_operation_percent),
	F("Tiering Policy", VNX_F_STR, tiering_policy),
	F("Deduplication State", VNX_F_STR, dedup_state),
	F("Is Pool LUN", VNX_F_BOOL, is_pool_lun),
	F("Is Thin LUN", VNX_F_BOOL, is_thin),
	F("Is Private", VNX_F_BOOL, is_private),
	F("Is Compressed", VNX_F_BOOL, is_compressed),
	F("Is Faulted", VNX_F_BOOL, is_faulted),
	F("Is Transitioning", VNX_F_BOOL, is_transitioning),
	F("Primary LUN", VNX_F_STR, primary_lun),
	F("Attached Snapshot", VNX_F_STR, attached_snapshot),
	VNX_FIELD_IDS("Snapshot Mount Points", vnx_lun, smp_ids, smp_count),
};
#undef F

static const vnx_listing lun_listing = {
	VNX_LISTING(vnx_lun, "LOGICAL UNIT NUMBER", VNX_KEY_LINE_ID, id, 0, lun_fields),
};

VNX_LISTING_FUNCS(vnx_lun, lun_listing, vnx_lun_free, vnx_lun_array_free, vnx_parse_lun_list)
