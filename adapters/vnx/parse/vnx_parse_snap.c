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

void vnx_snap_free(vnx_snap *snap)
{
	if (!snap)
		return;
	free(snap->name);
	snap->name = NULL;
	vnx_free_fields(snap_fields, VNX_NFIELDS(snap_fields), snap);
	snap->source_lun_count = snap->primary_lun_count = snap->attached_lun_count = 0;
}

void vnx_snap_array_free(vnx_snap *snaps, size_t count)
{
	if (!snaps)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_snap_free(&snaps[i]);
	free(snaps);
}

int vnx_parse_snap_list(const char *buf, size_t len, vnx_snap **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_snap *arr = NULL;
	size_t n = 0, cap = 0;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "Name")) {
			if (n > 0 && arr[n - 1].name && vnx_eq(l.value, l.value_len, arr[n - 1].name))
				continue;
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			n++;
			vnx_init_fields(snap_fields, VNX_NFIELDS(snap_fields), &arr[n - 1]);
			if ((rc = vnx_dup(&arr[n - 1].name, l.value, l.value_len)) < 0)
				goto fail;
			continue;
		}
		if (n == 0)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(snap_fields, VNX_NFIELDS(snap_fields), &arr[n - 1], &l, &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_snap_array_free(arr, n);
	return rc;
}
