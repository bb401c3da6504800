/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vnx_parse_pool.c - `storagepool -list -all [-id N | -name P]`.
 *
 * A pool record starts at "Pool Name:".  Its header lines describe the
 * pool; then come tier sections ("Tier Name:" followed by Raid Type, Raid
 * Drive Count, User/Consumed/Available Capacity (GBs), Percent Subscribed,
 * Data Targeted ..., and an unlabelled list of disks), and then more pool
 * lines (Rebalance Percent Complete, Disks, LUNs, FAST Cache, ...).
 *
 * Tier sections reuse pool labels ("Raid Type", "User Capacity (GBs)") with
 * per-tier values, so a small state machine routes each line: inside a tier,
 * tier labels go to the tier; the first label that is not a tier label ends
 * the section and goes back to the pool.  Pool members are first-wins, so a
 * stray repeat can never overwrite the header values.  The walk over the
 * records is vnx_parse_listing()'s (vnx_records.c); the tier state machine
 * is its line hook.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_tok.h"

#define F(label, type, member) VNX_FIELD(label, type, vnx_pool, member)
static const vnx_field pool_fields[] = {
	F("Pool ID", VNX_F_I64, id),
	F("State", VNX_F_STR, state),
	F("Status", VNX_F_STR, status),
	F("Raid Type", VNX_F_STR, raid_type),
	F("Disk Type", VNX_F_STR, disk_type),
	F("Percent Full Threshold", VNX_F_INT, percent_full_threshold),
	F("Raw Capacity (Blocks)", VNX_F_I64, raw_capacity_blocks),
	F("User Capacity (Blocks)", VNX_F_I64, user_capacity_blocks),
	F("User Capacity (GBs)", VNX_F_DBL, user_capacity_gb),
	F("Consumed Capacity (Blocks)", VNX_F_I64, consumed_capacity_blocks),
	F("Consumed Capacity (GBs)", VNX_F_DBL, consumed_capacity_gb),
	F("Available Capacity (Blocks)", VNX_F_I64, available_capacity_blocks),
	F("Available Capacity (GBs)", VNX_F_DBL, available_capacity_gb),
	F("Percent Full", VNX_F_DBL, percent_full),
	F("Total Subscribed Capacity (Blocks)", VNX_F_I64, total_subscribed_capacity_blocks),
	F("Percent Subscribed", VNX_F_DBL, percent_subscribed),
	F("Oversubscribed by (Blocks)", VNX_F_I64, oversubscribed_by_blocks),
	F("FAST Cache", VNX_F_STR, fast_cache),
	VNX_FIELD_IDS("LUNs", vnx_pool, luns, lun_count),
};
#undef F

#define T(label, type, member) VNX_FIELD(label, type, vnx_pool_tier, member)
static const vnx_field tier_fields[] = {
	T("Raid Type", VNX_F_STR, raid_type),
	T("Raid Drive Count", VNX_F_INT, drive_count),
	T("User Capacity (GBs)", VNX_F_DBL, user_gb),
	T("Consumed Capacity (GBs)", VNX_F_DBL, consumed_gb),
	T("Available Capacity (GBs)", VNX_F_DBL, available_gb),
};
#undef T

/* Tier labels this parser does not store but that still belong to a tier
 * section (they must not end it). */
static bool tier_only_label(const vnx_line *l)
{
	return VNX_LINE_IS(l, "Percent Subscribed") || VNX_LINE_IS(l, "Disks (Type)") ||
	       (l->has_label && vnx_starts_with(l->label, l->label_len, "Data Targeted"));
}

/* The tiers (the name is the key, the rest the field table's). */
static void pool_free_tiers(void *rec)
{
	vnx_pool *pool = rec;

	for (size_t i = 0; i < pool->tier_count; i++) {
		free(pool->tiers[i].name);
		free(pool->tiers[i].raid_type);
	}
	free(pool->tiers);
	pool->tiers = NULL;
	pool->tier_count = 0;
}

/* Where the walk is: inside a tier section, and the room of the current
 * pool's tier array. */
struct pool_walk {
	bool in_tier;
	size_t tier_cap;
};

static void pool_head(void *st, bool fresh)
{
	struct pool_walk *w = st;

	w->in_tier = false;
	if (fresh)
		w->tier_cap = 0;
}

/* Tier sections; a line that is no tier's goes to the pool's table. */
static int pool_line(void *st, void *rec, const vnx_line *l)
{
	struct pool_walk *w = st;
	vnx_pool *p = rec;
	bool matched = false;
	int rc;

	if (VNX_LINE_IS(l, "Tier Name")) {
		w->in_tier = true;
		vnx_pool_tier *last = p->tier_count ? &p->tiers[p->tier_count - 1] : NULL;
		if (last && last->name && vnx_eq(l->value, l->value_len, last->name))
			return VNX_LINE_TAKEN;
		if ((rc = vnx_grow((void **)&p->tiers, &w->tier_cap, p->tier_count,
		                   sizeof(*p->tiers))) < 0)
			return rc;
		vnx_pool_tier *tier = &p->tiers[p->tier_count++];
		vnx_init_fields(tier_fields, VNX_NFIELDS(tier_fields), tier);
		if ((rc = vnx_set_str(&tier->name, l)) < 0)
			return rc;
		return VNX_LINE_TAKEN;
	}
	if (!w->in_tier)
		return 0;
	vnx_pool_tier *tier = &p->tiers[p->tier_count - 1];
	if ((rc = vnx_apply_field(tier_fields, VNX_NFIELDS(tier_fields), tier, l, &matched)) < 0)
		return rc;
	if (matched || tier_only_label(l))
		return VNX_LINE_TAKEN;
	w->in_tier = false;
	return 0;
}

/* Unlabelled lines (disk lists) and blank lines say nothing here. */
static const vnx_listing pool_listing = {
	VNX_LISTING(vnx_pool, "Pool Name", VNX_KEY_NAME, name, VNX_L_LABELLED, pool_fields),
	.head = pool_head,
	.line = pool_line,
	.free_more = pool_free_tiers,
};

VNX_LISTING_FREE(vnx_pool, pool_listing, vnx_pool_free, vnx_pool_array_free)

int vnx_parse_pool_list(const char *buf, size_t len, vnx_pool **out, size_t *count)
{
	struct pool_walk w = { false, 0 };

	return vnx_parse_listing(&pool_listing, &w, buf, len, out, count);
}
