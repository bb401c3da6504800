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
 * whose key repeats the previous one is dropped (doubled output), as in
 * every other parser of this library; vnx_parse_listing() (vnx_records.c)
 * does the walk, and the hooks here read the lines no field table can.
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

/* The multi-line fields (lun_count goes with the field table). */
static void rg_free_more(void *rec)
{
	vnx_raidgroup *rg = rec;

	free(rg->state);
	free(rg->legal_raid_types);
	rg->state = rg->legal_raid_types = NULL;
	rg->disk_count = 0;
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

static void rg_head(void *st, bool fresh)
{
	(void)fresh;
	*(enum rg_cont *)st = RG_CONT_NONE;
}

/* Continuation lines and the multi-valued labels; the rest is the table's. */
static int rg_line(void *st, void *rec, const vnx_line *l)
{
	enum rg_cont *cont = st;
	vnx_raidgroup *rg = rec;
	int rc = 0;

	if (!l->has_label) {
		/* A continuation of the last multi-valued label. */
		if (*cont == RG_CONT_STATE)
			rc = append_word(&rg->state, l->text, l->len);
		else if (*cont == RG_CONT_LEGAL)
			rc = append_word(&rg->legal_raid_types, l->text, l->len);
		else if (*cont == RG_CONT_DISKS)
			rg->disk_count++;
		return rc < 0 ? rc : VNX_LINE_TAKEN;
	}
	*cont = RG_CONT_NONE;
	if (VNX_LINE_IS(l, "RaidGroup State")) {
		*cont = RG_CONT_STATE;
		if (!rg->state && l->value_len)
			rc = append_word(&rg->state, l->value, l->value_len);
	} else if (VNX_LINE_IS(l, "Legal RAID types")) {
		*cont = RG_CONT_LEGAL;
		if (!rg->legal_raid_types && l->value_len)
			rc = append_word(&rg->legal_raid_types, l->value, l->value_len);
	} else if (VNX_LINE_IS(l, "List of disks")) {
		*cont = RG_CONT_DISKS;
		if (l->value_len)
			rg->disk_count++;
	} else {
		return 0;
	}
	return rc < 0 ? rc : VNX_LINE_TAKEN;
}

/* A repeated RAID group is dropped whole: its continuation lines would
 * otherwise count its disks twice. */
static const vnx_listing rg_listing = {
	VNX_LISTING(vnx_raidgroup, "RaidGroup ID", VNX_KEY_ID, id,
	            VNX_L_SKIP_REPEAT | VNX_L_NONEMPTY, rg_fields),
	.head = rg_head,
	.line = rg_line,
	.free_more = rg_free_more,
};

VNX_LISTING_FREE(vnx_raidgroup, rg_listing, vnx_raidgroup_free, vnx_raidgroup_array_free)

int vnx_parse_raidgroup_list(const char *buf, size_t len, vnx_raidgroup **out, size_t *count)
{
	enum rg_cont cont = RG_CONT_NONE;

	return vnx_parse_listing(&rg_listing, &cont, buf, len, out, count);
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

/* The name, read from its own line (the key is the number). */
static void getlun_free_more(void *rec)
{
	vnx_classic_lun *lun = rec;

	free(lun->name);
	lun->name = NULL;
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

/* The name line (no colon), and a single-LUN getlun without its header. */
static int getlun_line(void *st, void *rec, const vnx_line *l)
{
	vnx_classic_lun *lun = rec;
	const char *v;
	size_t vn;
	bool is_name = getlun_name(l, &v, &vn);
	int rc;

	(void)st;
	if (!is_name && !l->has_label)
		return VNX_LINE_TAKEN;
	if (!lun) {
		/* A single-LUN getlun without its header: one record whose
		 * number the caller supplies.  Only labels this parser
		 * knows start it, so stray text does not make a LUN. */
		bool known = is_name;
		for (size_t i = 0; !known && i < VNX_NFIELDS(getlun_fields); i++)
			known = vnx_line_is(l, getlun_fields[i].label);
		return known ? VNX_LINE_OPEN : VNX_LINE_TAKEN;
	}
	if (!is_name)
		return 0;
	if (!lun->name && (rc = vnx_dup(&lun->name, v, vn)) < 0)
		return rc;
	return VNX_LINE_TAKEN;
}

static const vnx_listing getlun_listing = {
	VNX_LISTING(vnx_classic_lun, "LOGICAL UNIT NUMBER", VNX_KEY_LINE_ID, id,
	            VNX_L_SKIP_REPEAT | VNX_L_NONEMPTY | VNX_L_PRELUDE, getlun_fields),
	.line = getlun_line,
	.free_more = getlun_free_more,
};

VNX_LISTING_FUNCS(vnx_classic_lun, getlun_listing, vnx_classic_lun_free,
                  vnx_classic_lun_array_free, vnx_parse_getlun)

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

static const vnx_listing svsnap_listing = {
	VNX_LISTING(vnx_sv_snapshot, "SnapView logical unit name", VNX_KEY_NAME, name,
	            VNX_L_SKIP_REPEAT | VNX_L_LABELLED, svsnap_fields),
};

VNX_LISTING_FUNCS(vnx_sv_snapshot, svsnap_listing, vnx_sv_snapshot_free,
                  vnx_sv_snapshot_array_free, vnx_parse_sv_snapshot_list)

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

static const vnx_listing session_listing = {
	VNX_LISTING(vnx_sv_session, "Name of the session", VNX_KEY_NAME, name,
	            VNX_L_SKIP_REPEAT | VNX_L_LABELLED, session_fields),
};

VNX_LISTING_FUNCS(vnx_sv_session, session_listing, vnx_sv_session_free,
                  vnx_sv_session_array_free, vnx_parse_sv_session_list)
