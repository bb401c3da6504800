/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * broker_metadata.h - what the volume, snapshot and clone files share of
 * the attributes of volumes and snapshots (broker_metadata.c): the checks
 * against broker_rules.h, and the way attributes travel through a job.
 *
 * Why through the job: a snapshot's or a clone's record is made by the
 * job that makes it on the array (broker_snap_engine.c), so the request's
 * attributes ride in the job's parameters (persisted: a job recovered
 * after a crash still has them) and are written once that record exists.
 * They are written only when the job made the object, never when it found
 * one of that name already there (an idempotent retry must not overwrite
 * what the owner changed since).  A clone is never found (a taken name
 * fails it); a snapshot was made by the job when no ready snapshot of that
 * name was there when the job ran, or, for a job recovered after a crash,
 * when the job had recorded a step (the engine records none for a
 * snapshot it only finds).
 */
#ifndef SLGW_BROKER_METADATA_H
#define SLGW_BROKER_METADATA_H

#include <jansson.h>

#include "broker_internal.h"

/* Checks a new object's attributes (with_collection: its collection too;
 * NULL attrs: none).  0, or -INVALID_ARGUMENT naming the field and the
 * limit (e.g. "key[2].name: ..."). */
int broker_meta_check_attrs(const struct broker_attrs *a, int with_collection,
			    struct broker_status *st);

/* A store_kv view of kv (the strings are borrowed; free only *out).  *out
 * is NULL for n == 0.  0 or -INTERNAL. */
int broker_meta_kv_view(store_kv **out, const struct broker_kv *kv, size_t n,
			struct broker_status *st);

/* Adds a's description, collection (with_collection) and keys to a job's
 * parameters ("description", "collection", "keys": {name: value}). */
void broker_meta_params_put(json_t *params, const struct broker_attrs *a, int with_collection);

/* After the job of ctx made `kind` ("volume" or "snapshot") id: writes the
 * attributes its parameters carry (the caller knows the job made it).
 * 0, or a negative code with ctx->status filled. */
int broker_meta_apply_params(struct broker_job_ctx *ctx, const char *kind, int64_t id);

/* 1 when volume volume_id has a live, ready snapshot called name. */
int broker_meta_snapshot_ready(store *s, int64_t volume_id, const char *name);

#endif /* SLGW_BROKER_METADATA_H */
