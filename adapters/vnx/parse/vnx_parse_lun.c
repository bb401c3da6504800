/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_lun.c - `lun -list -all [-l ID | -name N]` output.
 *
 * A LUN record starts at the unlabelled line "LOGICAL UNIT NUMBER <id>" and
 * runs to the next such line; every other line is a "Label:  value" pair
 * read through the field table below (labels it does not list, such as the
 * I/O statistics or the "Tier Distribution" block, are ignored).  When the
 * same header repeats back to back (a whole record printed twice) the copy
 * is folded into the first record instead of making a second LUN.
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

#define LUN_HEADER "LOGICAL UNIT NUMBER"

void vnx_lun_free(vnx_lun *lun)
{
	if (!lun)
		return;
	vnx_free_fields(lun_fields, VNX_NFIELDS(lun_fields), lun);
	lun->smp_count = 0;
}

void vnx_lun_array_free(vnx_lun *luns, size_t count)
{
	if (!luns)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_lun_free(&luns[i]);
	free(luns);
}

int vnx_parse_lun_list(const char *buf, size_t len, vnx_lun **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_lun *arr = NULL;
	size_t n = 0, cap = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (!l.has_label && vnx_starts_with(l.text, l.len, LUN_HEADER)) {
			int64_t id = -1;
			size_t hl = strlen(LUN_HEADER);
			if (vnx_parse_i64(l.text + hl, l.len - hl, &id) < 0)
				id = -1;
			if (n > 0 && id >= 0 && arr[n - 1].id == id)
				continue; /* the same record printed again */
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			vnx_init_fields(lun_fields, VNX_NFIELDS(lun_fields), &arr[n]);
			arr[n].id = id;
			n++;
			continue;
		}
		if (n == 0)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(lun_fields, VNX_NFIELDS(lun_fields), &arr[n - 1], &l, &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_lun_array_free(arr, n);
	return rc;
}
