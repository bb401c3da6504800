/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_names.h - the names the gateway gives the objects it creates on an
 * array, and the test "is this name one of mine?".
 *
 * Design
 * ------
 * Every array object the gateway creates is named from the gateway's own
 * ids, never from a user's display name, so that crash recovery can find
 * half-done work by name and the orphan scan can tell the gateway's objects
 * from everything else on the array:
 *
 *   slgw-<instance>-<volume id>       a volume's LUN; also a clone's snapshot
 *                                     mount point (SMP), which for a full
 *                                     clone is temporary until its migration
 *                                     completes and then carries the copy
 *   slgw-<instance>-snap-<snap id>    a recorded snapshot
 *   slgw-<instance>-tmp-<clone id>    a full clone's temporary snapshot
 *   slgw-<instance>-dst-<clone id>    a full clone's migration target LUN
 *
 * <instance> is the store's instance id (store_instance_id(): 8 lowercase
 * hex characters drawn once when the store was created).  Two gateways that
 * manage the same array (production and a staging copy) have different
 * instance ids, so neither adopts, reports or destroys the other's objects
 * just because both have a volume 1.  Ids are decimal without leading
 * zeros, so a name maps to exactly one (kind, id) and back.
 *
 * The longest name is "slgw-" + 8 + "-snap-" + 18 digits = 37 characters,
 * well inside what naviseccli accepts for LUN and snapshot names (64 is
 * safe on every FLARE / VNX OE release).
 *
 * These functions are pure (no store, no array) so the rules are tested
 * on their own and every part of the broker uses the same ones.
 */
#ifndef SLGW_BROKER_NAMES_H
#define SLGW_BROKER_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* What an object named by the gateway is. */
enum broker_name_kind {
	BROKER_NAME_LUN = 0, /* slgw-<instance>-<id> */
	BROKER_NAME_SNAP,    /* slgw-<instance>-snap-<id> */
	BROKER_NAME_TMP,     /* slgw-<instance>-tmp-<id> */
	BROKER_NAME_DST,     /* slgw-<instance>-dst-<id> */
};

/* A buffer of this size holds every name broker_name_make writes. */
#define BROKER_NAME_MAX 64

/*
 * broker_name_make - write the array name of object `id` (> 0) of `kind`
 * for the gateway whose store has instance id `instance` into out[len].
 * Changes no state.  Returns 0, or -EINVAL when instance is not 8 lowercase
 * hex characters, id is not in 1..10^18-1, kind is unknown, or len is too small
 * (out then holds "").
 */
int broker_name_make(char *out, size_t len, const char *instance,
		     enum broker_name_kind kind, int64_t id);

/*
 * broker_name_parse - 1 when `name` is exactly a name broker_name_make
 * writes for `instance` (any kind), with *kind and *id set (either may be
 * NULL); 0 for anything else: other instances' names, names from before
 * instance ids ("slgw-12"), user names, NULL.  Changes no state.
 */
int broker_name_parse(enum broker_name_kind *kind, int64_t *id, const char *name,
		      const char *instance);

/* 1 when s is a well-formed instance id (8 lowercase hex characters). */
int broker_name_valid_instance(const char *s);

#endif /* SLGW_BROKER_NAMES_H */
