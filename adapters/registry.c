/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * registry.c - the array families this build can drive, as one static table.
 *
 * One row per family: the name a storage system is registered with, the
 * family's ops table and its create function.  The table is const and
 * built at compile time, so lookups need no lock and no initialisation, and
 * which families a gateway has is decided by what it was linked with, never
 * by configuration.  Adding a family is one row here and one folder under
 * adapters/; the gateway itself names none.
 *
 * Before any create the family's ops->version is checked: a family built
 * against another adapters/adapter.h would have its slots at other offsets,
 * so it is refused with a message rather than called.  Every refusal is
 * -SLGW_AERR_INVALID_ARGS with the family's name in err->message, so an
 * operator who registered a system with a wrong adapter name reads why.
 */
#include "registry.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "registry_internal.h"
#include "vnx_adapter.h"

static const struct slgw_adapter_family families[] = {
	{ "vnx", &vnx_adapter_ops, vnx_adapter_create },
};

#define N_FAMILIES (sizeof(families) / sizeof(families[0]))

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static int refuse(struct slgw_adapter_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->cls = SLGW_AERR_INVALID_ARGS;
		err->code[0] = '\0';
		va_start(ap, fmt);
		vsnprintf(err->message, sizeof(err->message), fmt, ap);
		va_end(ap);
	}
	return -SLGW_AERR_INVALID_ARGS;
}

const struct slgw_adapter_family *slgw_adapter_family_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < N_FAMILIES; i++)
		if (strcmp(families[i].name, name) == 0)
			return &families[i];
	return NULL;
}

size_t slgw_adapter_family_count(void)
{
	return N_FAMILIES;
}

const struct slgw_adapter_family *slgw_adapter_family_at(size_t i)
{
	return i < N_FAMILIES ? &families[i] : NULL;
}

int slgw_adapter_version_supported(int version)
{
	return version == SLGW_ADAPTER_OPS_VERSION;
}

int slgw_adapter_family_create(struct slgw_adapter **out, const struct slgw_adapter_family *fam,
                               const struct slgw_adapter_config *cfg,
                               struct slgw_adapter_error *err)
{
	slgw_adapter_error_clear(err);
	if (!out)
		return refuse(err, "adapter: out pointer required");
	*out = NULL;
	if (!fam || !fam->name)
		return refuse(err, "adapter: no family given");
	if (!fam->ops || !fam->create)
		return refuse(err, "adapter family \"%s\" has no operations table or create function",
		              fam->name);
	if (!slgw_adapter_version_supported(fam->ops->version))
		return refuse(err,
		              "adapter family \"%s\" was built for adapter interface version %d; "
		              "this gateway calls version %d",
		              fam->name, fam->ops->version, SLGW_ADAPTER_OPS_VERSION);
	if (!cfg)
		return refuse(err, "adapter family \"%s\": missing configuration", fam->name);
	return fam->create(out, cfg, err);
}

int slgw_adapter_create(struct slgw_adapter **out, const char *family,
                        const struct slgw_adapter_config *cfg,
                        struct slgw_adapter_error *err)
{
	const struct slgw_adapter_family *fam = slgw_adapter_family_find(family);
	char known[256];
	size_t used = 0;

	if (fam)
		return slgw_adapter_family_create(out, fam, cfg, err);
	slgw_adapter_error_clear(err);
	if (out)
		*out = NULL;
	/* Name what this build has, so a typo in a system's adapter name is
	 * plain from the message alone. */
	known[0] = '\0';
	for (size_t i = 0; i < N_FAMILIES && used < sizeof(known); i++) {
		int n = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "",
		                 families[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return refuse(err, "adapter family \"%.64s\" is not built into this gateway (it has: %s)",
	              family ? family : "", known);
}
