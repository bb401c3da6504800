/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_classic.c - the listings of the pre-pool command set that every
 * CLARiiON and VNX has: `getrg` (RAID groups), `getlun` (classic LUNs) and
 * SnapView's `snapview -listsnapshots` / `snapview -listsessions`.
 *
 * They share the "Label:  value" shape of the pool-era listings but differ
 * in three ways the parsers below have to honour:
 *  - getrg continues a multi-valued field on lines that carry no label at
 *    all (the disk list, and a RAID group state such as "Explicit_Remove"
 *    followed by "Valid_luns"): such a line belongs to the label before it;
 *  - getlun prints "Name" WITHOUT a colon, padded with blanks, so the name
 *    is read from an unlabelled line; a record starts at "LOGICAL UNIT
 *    NUMBER N", but a getlun of one LUN may come without that header, and
 *    then the one record has id -1 (the caller knows which LUN it asked for);
 *  - the SnapView listings have long sentence-like labels and start a record
 *    at "SnapView logical unit name" / "Name of the session".
 * Records split on their leading label, never on blank lines, and a record
 * whose key repeats the previous one folds into it (doubled output), as in
 * every other parser of this library.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

/* ---------------------------------------------------------------------- */
/* getrg                                                                   */
/* ---------------------------------------------------------------------- */

#define RG(label, type, member) VNX_FIELD(label, type, vnx_raidgroup, member)
static const vnx_field rg_fields[] = {
	RG("RaidGroup Type", VNX_F_STR, raid_type),
	RG("Max Number of disks", VNX_F_INT, max_disks),
	RG("Max Number of luns", VNX_F_INT, max_luns),
	RG("Raw Capacity (Blocks)", VNX_F_I64, raw_capacity_blocks),
	RG("Logical Capacity (Blocks)", VNX_F_I64, logical_capacity_blocks),
	RG("Free Capacity (Blocks,non-contiguous)", VNX_F_I64, free_capacity_blocks),
	RG("Free contiguous group of unbound segments", VNX_F_I64, free_contiguous_blocks),
	RG("Lun Expansion enabled", VNX_F_BOOL, lun_expansion),
	VNX_FIELD_IDS("List of luns", vnx_raidgroup, luns, lun_count),
};
#undef RG

void vnx_raidgroup_free(vnx_raidgroup *rg)
{
	if (!rg)
		return;
	vnx_free_fields(rg_fields, VNX_NFIELDS(rg_fields), rg);
	free(rg->state);
	free(rg->legal_raid_types);
	rg->state = rg->legal_raid_types = NULL;
	rg->lun_count = 0;
	rg->disk_count = 0;
}

void vnx_raidgroup_array_free(vnx_raidgroup *rgs, size_t count)
{
	if (!rgs)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_raidgroup_free(&rgs[i]);
	free(rgs);
}

/* Appends " word" (or "word" to an empty string) to *dst; 0 or ENOMEM. */
static int append_word(char **dst, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *w = vnx_strndup(s, n);
	char *d;

	if (!w)
		return VNX_PARSE_ENOMEM;
	d = realloc(*dst, old + (old ? 1 : 0) + strlen(w) + 1);
	if (!d) {
		free(w);
		return VNX_PARSE_ENOMEM;
	}
	if (old)
		d[old++] = ' ';
	strcpy(d + old, w);
	free(w);
	*dst = d;
	return 0;
}

/* Which multi-line field an unlabelled getrg line continues. */
enum rg_cont { RG_CONT_NONE, RG_CONT_STATE, RG_CONT_DISKS, RG_CONT_LEGAL };

int vnx_parse_raidgroup_list(const char *buf, size_t len, vnx_raidgroup **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_raidgroup *arr = NULL;
	size_t n = 0, cap = 0;
	enum rg_cont cont = RG_CONT_NONE;
	bool skip = false; /* inside a repeated record */
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "RaidGroup ID")) {
			int64_t id = -1;
			if (vnx_parse_i64(l.value, l.value_len, &id) < 0)
				id = -1;
			cont = RG_CONT_NONE;
			skip = n > 0 && id >= 0 && arr[n - 1].id == id;
			if (skip)
				continue;
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			vnx_init_fields(rg_fields, VNX_NFIELDS(rg_fields), &arr[n]);
			arr[n].id = id;
			n++;
			continue;
		}
		if (n == 0 || skip || l.len == 0)
			continue;
		vnx_raidgroup *rg = &arr[n - 1];
		if (!l.has_label) {
			/* A continuation of the last multi-valued label. */
			if (cont == RG_CONT_STATE)
				rc = append_word(&rg->state, l.text, l.len);
			else if (cont == RG_CONT_LEGAL)
				rc = append_word(&rg->legal_raid_types, l.text, l.len);
			else if (cont == RG_CONT_DISKS)
				rg->disk_count++;
			if (rc < 0)
				goto fail;
			continue;
		}
		cont = RG_CONT_NONE;
		if (VNX_LINE_IS(&l, "RaidGroup State")) {
			cont = RG_CONT_STATE;
			if (!rg->state && l.value_len && (rc = append_word(&rg->state, l.value, l.value_len)) < 0)
				goto fail;
			continue;
		}
		if (VNX_LINE_IS(&l, "Legal RAID types")) {
			cont = RG_CONT_LEGAL;
			if (!rg->legal_raid_types && l.value_len &&
			    (rc = append_word(&rg->legal_raid_types, l.value, l.value_len)) < 0)
				goto fail;
			continue;
		}
		if (VNX_LINE_IS(&l, "List of disks")) {
			cont = RG_CONT_DISKS;
			if (l.value_len)
				rg->disk_count++;
			continue;
		}
		bool matched;
		if ((rc = vnx_apply_field(rg_fields, VNX_NFIELDS(rg_fields), rg, &l, &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_raidgroup_array_free(arr, n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* getlun                                                                  */
/* ---------------------------------------------------------------------- */

#define GL(label, type, member) VNX_FIELD(label, type, vnx_classic_lun, member)
static const vnx_field getlun_fields[] = {
	GL("UID", VNX_F_STR, uid),
	GL("RAIDGroup ID", VNX_F_I64, raid_group),
	GL("RAID Type", VNX_F_STR, raid_type),
	GL("State", VNX_F_STR, state),
	GL("Current owner", VNX_F_SP, current_owner),
	GL("Default Owner", VNX_F_SP, default_owner),
	GL("LUN Capacity(Megabytes)", VNX_F_I64, capacity_mb),
	GL("LUN Capacity(Blocks)", VNX_F_I64, capacity_blocks),
	GL("Is Private", VNX_F_BOOL, is_private),
	GL("Is Meta LUN", VNX_F_BOOL, is_meta),
	GL("Is Pool LUN", VNX_F_BOOL, is_pool_lun),
	GL("Is Thin LUN", VNX_F_BOOL, is_thin),
};
#undef GL

#define LUN_HEADER "LOGICAL UNIT NUMBER"

void vnx_classic_lun_free(vnx_classic_lun *lun)
{
	if (!lun)
		return;
	vnx_free_fields(getlun_fields, VNX_NFIELDS(getlun_fields), lun);
	free(lun->name);
	lun->name = NULL;
}

void vnx_classic_lun_array_free(vnx_classic_lun *luns, size_t count)
{
	if (!luns)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_classic_lun_free(&luns[i]);
	free(luns);
}

static int getlun_new(vnx_classic_lun **arr, size_t *cap, size_t *n, int64_t id)
{
	int rc = vnx_grow((void **)arr, cap, *n, sizeof(**arr));
	if (rc < 0)
		return rc;
	vnx_init_fields(getlun_fields, VNX_NFIELDS(getlun_fields), &(*arr)[*n]);
	(*arr)[*n].id = id;
	(*n)++;
	return 0;
}

/* "Name" + blanks + the name (getlun prints no colon); also "Name: x". */
static bool getlun_name(const vnx_line *l, const char **v, size_t *vn)
{
	if (l->has_label && VNX_LINE_IS(l, "Name")) {
		*v = l->value;
		*vn = l->value_len;
		return true;
	}
	if (l->len < 5 || !vnx_starts_with(l->text, l->len, "Name") ||
	    (l->text[4] != ' ' && l->text[4] != '\t'))
		return false;
	size_t i = 4;
	while (i < l->len && (l->text[i] == ' ' || l->text[i] == '\t'))
		i++;
	*v = l->text + i;
	*vn = l->len - i;
	return true;
}

int vnx_parse_getlun(const char *buf, size_t len, vnx_classic_lun **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_classic_lun *arr = NULL;
	size_t n = 0, cap = 0;
	bool skip = false;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (l.len == 0)
			continue;
		if (!l.has_label && vnx_starts_with(l.text, l.len, LUN_HEADER)) {
			int64_t id = -1;
			size_t hl = strlen(LUN_HEADER);
			if (vnx_parse_i64(l.text + hl, l.len - hl, &id) < 0)
				id = -1;
			skip = n > 0 && id >= 0 && arr[n - 1].id == id;
			if (!skip && (rc = getlun_new(&arr, &cap, &n, id)) < 0)
				goto fail;
			continue;
		}
		if (skip)
			continue;
		const char *v;
		size_t vn;
		bool is_name = getlun_name(&l, &v, &vn);
		bool matched = false;
		if (!is_name && !l.has_label)
			continue;
		if (n == 0) {
			/* A single-LUN getlun without its header: one record whose
			 * number the caller supplies.  Only labels this parser
			 * knows start it, so stray text does not make a LUN. */
			bool known = is_name;
			for (size_t i = 0; !known && i < VNX_NFIELDS(getlun_fields); i++)
				known = vnx_line_is(&l, getlun_fields[i].label);
			if (!known)
				continue;
			if ((rc = getlun_new(&arr, &cap, &n, -1)) < 0)
				goto fail;
		}
		vnx_classic_lun *lun = &arr[n - 1];
		if (is_name) {
			if (!lun->name && (rc = vnx_dup(&lun->name, v, vn)) < 0)
				goto fail;
			continue;
		}
		if ((rc = vnx_apply_field(getlun_fields, VNX_NFIELDS(getlun_fields), lun, &l, &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_classic_lun_array_free(arr, n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* snapview -listsnapshots                                                 */
/* ---------------------------------------------------------------------- */

#define SS(label, type, member) VNX_FIELD(label, type, vnx_sv_snapshot, member)
static const vnx_field svsnap_fields[] = {
	SS("SnapView logical unit ID", VNX_F_STR, uid),
	SS("Target Logical Unit", VNX_F_I64, target_lun),
	SS("State", VNX_F_STR, state),
	SS("Session Name", VNX_F_STR, session),
};
#undef SS

void vnx_sv_snapshot_free(vnx_sv_snapshot *s)
{
	if (!s)
		return;
	vnx_free_fields(svsnap_fields, VNX_NFIELDS(svsnap_fields), s);
	free(s->name);
	s->name = NULL;
}

void vnx_sv_snapshot_array_free(vnx_sv_snapshot *s, size_t count)
{
	if (!s)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_sv_snapshot_free(&s[i]);
	free(s);
}

int vnx_parse_sv_snapshot_list(const char *buf, size_t len, vnx_sv_snapshot **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_sv_snapshot *arr = NULL;
	size_t n = 0, cap = 0;
	bool skip = false;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "SnapView logical unit name")) {
			skip = n > 0 && arr[n - 1].name && vnx_eq(l.value, l.value_len, arr[n - 1].name);
			if (skip)
				continue;
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			vnx_init_fields(svsnap_fields, VNX_NFIELDS(svsnap_fields), &arr[n]);
			n++;
			if ((rc = vnx_dup(&arr[n - 1].name, l.value, l.value_len)) < 0)
				goto fail;
			continue;
		}
		if (n == 0 || skip || !l.has_label)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(svsnap_fields, VNX_NFIELDS(svsnap_fields), &arr[n - 1], &l,
		                          &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_sv_snapshot_array_free(arr, n);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* snapview -listsessions                                                  */
/* ---------------------------------------------------------------------- */

#define SE(label, type, member) VNX_FIELD(label, type, vnx_sv_session, member)
static const vnx_field session_fields[] = {
	SE("Session in persistence", VNX_F_BOOL, persistent),
	SE("Session creation time", VNX_F_STR, creation_time),
	SE("Session state", VNX_F_STR, state),
	SE("Cache Capacity in GB", VNX_F_DBL, cache_gb),
	VNX_FIELD_IDS("List of Target Logical Units", vnx_sv_session, luns, lun_count),
};
#undef SE

void vnx_sv_session_free(vnx_sv_session *s)
{
	if (!s)
		return;
	vnx_free_fields(session_fields, VNX_NFIELDS(session_fields), s);
	free(s->name);
	s->name = NULL;
	s->lun_count = 0;
}

void vnx_sv_session_array_free(vnx_sv_session *s, size_t count)
{
	if (!s)
		return;
	for (size_t i = 0; i < count; i++)
		vnx_sv_session_free(&s[i]);
	free(s);
}

int vnx_parse_sv_session_list(const char *buf, size_t len, vnx_sv_session **out, size_t *count)
{
	int rc = vnx_check_args(buf, len, out, count);
	if (rc < 0)
		return rc;
	*out = NULL;
	*count = 0;

	vnx_sv_session *arr = NULL;
	size_t n = 0, cap = 0;
	bool skip = false;
	vnx_tok t;
	vnx_line l;
	vnx_tok_init(&t, buf, len);
	while (vnx_tok_next(&t, &l)) {
		if (VNX_LINE_IS(&l, "Name of the session")) {
			skip = n > 0 && arr[n - 1].name && vnx_eq(l.value, l.value_len, arr[n - 1].name);
			if (skip)
				continue;
			if ((rc = vnx_grow((void **)&arr, &cap, n, sizeof(*arr))) < 0)
				goto fail;
			vnx_init_fields(session_fields, VNX_NFIELDS(session_fields), &arr[n]);
			n++;
			if ((rc = vnx_dup(&arr[n - 1].name, l.value, l.value_len)) < 0)
				goto fail;
			continue;
		}
		if (n == 0 || skip || !l.has_label)
			continue;
		bool matched;
		if ((rc = vnx_apply_field(session_fields, VNX_NFIELDS(session_fields), &arr[n - 1], &l,
		                          &matched)) < 0)
			goto fail;
	}
	if (n == 0 && !vnx_is_blank(buf, len))
		return VNX_PARSE_EFORMAT;
	*out = arr;
	*count = n;
	return 0;
fail:
	vnx_sv_session_array_free(arr, n);
	return rc;
}
