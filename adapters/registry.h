/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * registry.h - the array families this build of slgw can drive.
 *
 * The gateway names no family: it looks one up by the adapter name a storage
 * system was registered with ("vnx"), checks that the family's ops table was
 * built against a version of adapters/adapter.h it understands, and creates
 * an instance from a family-neutral configuration.  The list itself is one
 * static table in registry.c, the way curl lists its TLS backends: adding a
 * family is one row there and one folder under adapters/.
 */
#ifndef SLGW_ADAPTER_REGISTRY_H
#define SLGW_ADAPTER_REGISTRY_H

#include <stddef.h>

#include "adapter.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What the gateway knows of one array and how to reach it, whatever the
 * family.  Strings are borrowed: the family copies what it keeps, so they may
 * go away once create() returns.
 */
struct slgw_adapter_config {
	const char *cli_path;      /* the family's command-line tool (naviseccli, or
	                            * navisim); required */
	const char *sp_a;          /* first management address; required */
	const char *sp_b;          /* second management address; NULL or "" = none */
	const char *secfilepath;   /* directory with a security file; when set,
	                            * user/password/scope are not used */
	const char *user;
	const char *password;      /* never logged */
	int scope;                 /* 0 global, 1 local, 2 LDAP */
	const char *name;          /* label of the array in logs; may be NULL */
	unsigned timeout_ms;       /* per command attempt; 0 = family default */
	unsigned max_inflight;     /* commands at once on this array; 0 = default */
	unsigned retries;          /* extra attempts for transient errors */
	/* Asked right before every command is sent (each attempt, each SP):
	 * non-zero sends nothing and fails the command UNREACHABLE with the
	 * text it wrote into why (a cluster node that lost the array's
	 * lease).  NULL: always send.  gate_ctx must outlive the instance. */
	int (*gate)(void *gate_ctx, char *why, size_t whylen);
	void *gate_ctx;
};

struct slgw_adapter_family {
	const char *name;                     /* "vnx": the system's adapter name */
	const struct slgw_adapter_ops *ops;   /* the family's vtable */
	/* Creates an instance for one array; does not talk to it.  0, or
	 * -SLGW_AERR_* with err filled. */
	int (*create)(struct slgw_adapter **out, const struct slgw_adapter_config *cfg,
	              struct slgw_adapter_error *err);
};

/* The family registered under name (exact match), or NULL. */
const struct slgw_adapter_family *slgw_adapter_family_find(const char *name);

/* Number of families, and the i-th (NULL past the end): for listings such as
 * enumStorageAdapters. */
size_t slgw_adapter_family_count(void);
const struct slgw_adapter_family *slgw_adapter_family_at(size_t i);

/* 1 when an ops table built against `version` can be called by this build
 * (today: exactly SLGW_ADAPTER_OPS_VERSION), else 0. */
int slgw_adapter_version_supported(int version);

/*
 * Looks the family up and creates an instance in one step.  Refuses, with
 * -SLGW_AERR_INVALID_ARGS and a message naming the family, an unknown name or
 * an ops version this build does not understand.
 */
int slgw_adapter_create(struct slgw_adapter **out, const char *family,
                        const struct slgw_adapter_config *cfg,
                        struct slgw_adapter_error *err);

#ifdef __cplusplus
}
#endif
#endif
