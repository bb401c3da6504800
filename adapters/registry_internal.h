/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * registry_internal.h - the step of slgw_adapter_create() after the lookup,
 * for the registry's own tests.
 *
 * The table in registry.c is static and holds only families that are built
 * right, so the refusals that protect the gateway from a family built
 * against another adapter.h (or a row missing its ops or create) could never
 * be exercised through slgw_adapter_create().  Splitting the step out lets
 * tests/adapter hand it a fake family; the gateway never calls it.
 */
#ifndef SLGW_ADAPTER_REGISTRY_INTERNAL_H
#define SLGW_ADAPTER_REGISTRY_INTERNAL_H

#include "registry.h"

/* Checks fam (ops present, ops->version supported, create present) and
 * calls fam->create.  0, or -SLGW_AERR_INVALID_ARGS with err naming the
 * family; fam->create is not called when a check fails. */
int slgw_adapter_family_create(struct slgw_adapter **out, const struct slgw_adapter_family *fam,
                               const struct slgw_adapter_config *cfg,
                               struct slgw_adapter_error *err);

#endif
