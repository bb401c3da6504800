/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_raid_groups.h - volumes on RAID groups (classic FLARE LUNs): the
 * steps broker_volumes.c takes instead of the pool-LUN commands when a
 * volume's pool is of kind RAID_GROUP.
 *
 * A classic LUN is created with an explicit number (bind takes one), so the
 * gateway picks it: the lowest number neither the array lists nor another
 * job of this gateway is binding right now, and the next one when the array
 * answers that the number is taken (another client won it meanwhile).  The
 * number is persisted in the job step ("lun-bind-sent:<N>") before the
 * command, so a restart knows which number it may have bound.  Every
 * destructive command takes a number only (unbind, metalun), so each is
 * preceded by reading the LUN by its gateway name, which yields the number
 * the array has for that name now.
 */
#ifndef SLGW_BROKER_RAID_GROUPS_H
#define SLGW_BROKER_RAID_GROUPS_H

#include <stdint.h>

#include "broker_internal.h"

/* The highest LUN number the gateway hands out (arrays accept 0..4095;
 * smaller models refuse past their own limit, which ends the search). */
#define BROKER_RG_LUN_MAX 4095

/* The step recorded before binding number n ("lun-bind-sent:<n>"), and
 * its reading back (1 and *n when step is such a step). */
void broker_rg_bind_step(char *buf, size_t len, const char *prefix, int n);
int broker_rg_bind_step_parse(int *n, const char *step, const char *prefix);

/* 0 when the array can do everything of `need` (SLGW_CAP_* bits) and the
 * adapter has the slots; else writes why (the adapter's explain(), naming
 * the enabler or generation) into buf and returns 1. */
int broker_rg_missing(char *buf, size_t len, struct slgw_adapter *a, unsigned need);

/*
 * broker_rg_bind - create THICK classic LUN `name` of size_mb in RAID group
 * rg of system sys_id with the lowest free LUN number, retrying the next
 * number when the array says the one chosen is taken.  Before each attempt
 * the step "<step_prefix>:<n>" is persisted through ctx.  *out: the LUN as
 * the array reports it (slgw_lun_free).  Returns 0, or the adapter's class
 * negated with err filled (NAME_IN_USE, NO_SPACE, TIMEOUT, ...); ABORTED
 * class UNKNOWN when every number it tried was taken.
 */
int broker_rg_bind(struct slgw_lun **out, struct broker_job_ctx *ctx, struct slgw_adapter *a,
		   int64_t sys_id, int rg, const char *name, uint64_t size_mb,
		   const char *step_prefix, struct slgw_adapter_error *err);

/*
 * broker_rg_bind_recover - after a restart at step "<prefix>:<n>": the LUN
 * `name` was not found by name, so a bind of number n may have landed
 * without its name (the gateway stopped between bind and naming it).  When
 * LUN n exists unnamed (the array's default "LUN <n>" or empty), in RAID
 * group rg, of size_mb, and in no storage group, it is that bind: it is
 * unbound so the job can bind afresh.  Anything else at n is not touched.
 * Returns 0 (done or nothing to do), or negative with err (ambiguous: retry).
 */
int broker_rg_bind_recover(struct slgw_adapter *a, int n, int rg, uint64_t size_mb,
			   struct slgw_adapter_error *err);

/*
 * broker_rg_destroy - unbind the gateway's classic LUN `name` (a metaLUN
 * with its components): looks it up by name first, which yields its
 * number now, and unbinds that number.  0 when gone (also when it was not
 * there), else the adapter's class negated with err.
 */
int broker_rg_destroy(struct slgw_adapter *a, const char *name, struct slgw_adapter_error *err);

/*
 * broker_rg_grow - grow the gateway's classic LUN `name` (base of a
 * metaLUN) to new_mb: binds a component of the difference in RAID group rg
 * named `component` (a name of this gateway, so a restart can find it),
 * confirms the base's number by its name, and expands (striped when the
 * array allows, else concatenated).  A component left from an interrupted
 * attempt is used, not bound twice.  0, or negative with err; on failure
 * the component is unbound again.
 */
int broker_rg_grow(struct broker_job_ctx *ctx, struct slgw_adapter *a, int64_t sys_id, int rg,
		   const char *name, const char *component, uint64_t new_mb,
		   struct slgw_adapter_error *err);

/* The array id of the RAID group volume v lives in, or -1 (a pool). */
int broker_rg_of_volume(broker *b, const store_volume *v);

/* 1 when v is a linked clone made as a SnapView snapshot (arrays without
 * VNX Snapshots): it has no LUN number; hosts see it through
 * storagegroup -addsnapshot, and it goes with deactivate + remove. */
int broker_rg_is_snapview_clone(const store_volume *v);

/* Deactivates and removes SnapView snapshot `name` (a linked clone's);
 * 0 when gone (also when it was not there). */
int broker_rg_snapview_clone_destroy(struct slgw_adapter *a, const char *name,
				     struct slgw_adapter_error *err);

/* Stops the SnapView sessions of the volume's recorded snapshots and
 * removes their snapshots (before a forced unbind: the array refuses to
 * unbind a LUN SnapView uses).  0 when none is left; a no-op on arrays
 * without SnapView. */
int broker_rg_drop_sessions(struct slgw_adapter *a, store *s, int64_t volume_id,
			    struct slgw_adapter_error *err);

#endif /* SLGW_BROKER_RAID_GROUPS_H */
