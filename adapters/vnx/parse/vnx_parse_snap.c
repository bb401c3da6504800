/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_snap.c - `snap -list [-id S | -res ID] -detail` (VNX Snapshots).
 *
 * A snapshot record starts at "Name:" (snapshot names may hold colons, e.g.
 * "Wed_Mar_11_01:22:05_201500047"; only the first colon splits).  The LUN
 * lists ("Source LUN(s)", "Primary LUN(s)", "Attached LUN(s)") are comma
 * separated and often empty.  A record whose name repeats the previous one
 * is folded into it (doubled output).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

#define F(label, type, member) VNX_FIELD(label, type, vnx_snap, member)
#define IDS(label, member, cnt) VNX_FIELD_IDS(label, vnx_snap, member, cnt)
static const vnx_field snap_fields[] = {
	F("Description", VNX_F_STR, description),
	F("Creation time", VNX_F_STR, creation_time),
	IDS("Source LUN(s)", source_luns, source_lun_count),
	F("Source CG", VNX_F_STR, source_cg),
	IDS("Primary LUN(s)", primary_luns, primary_lun_count),
	F("State", VNX_F_STR, state),
	F("Status", VNX_F_STR, status),
	F("Allow Read/Write", VNX_F_BOOL, allow_rw),
	F("Modified", VNX_F_BOOL, modified),
	IDS("Attached LUN(s)", attached_luns, attached_lun_count),
	F("Allow auto delete", VNX_F_BOOL, allow_auto_delete),
	F("Expiration date", VNX_F_STR, expiration),
};
#undef F
#undef IDS

static const vnx_listing snap_listing = {
	VNX_LISTING(vnx_snap, "Name", VNX_KEY_NAME, name, 0, snap_fields),
};

VNX_LISTING_FUNCS(vnx_snap, snap_listing, vnx_snap_free, vnx_snap_array_free, vnx_parse_snap_list)
