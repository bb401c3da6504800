/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_registry.c - the adapter registry (adapters/registry.h): "vnx" is
 * found and creates a VNX instance from the family-neutral configuration;
 * an unknown family name, an ops table built for another interface version
 * and a bad configuration are refused with -SLGW_AERR_INVALID_ARGS, no
 * instance, and a message that names what was wrong.  Nothing here talks to
 * an array: create never does.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "registry_internal.h"
#include "vnx_adapter.h"
#include "../common/suite_one.h"

/* A configuration the VNX family accepts; each test spoils one field. */
static struct slgw_adapter_config good_cfg(void)
{
	struct slgw_adapter_config c;

	memset(&c, 0, sizeof(c));
	c.cli_path = "/opt/Navisphere/bin/naviseccli";
	c.sp_a = "192.0.2.10";
	c.sp_b = "192.0.2.11";
	c.user = "admin";
	c.password = "secret";
	c.scope = 0;
	c.name = "array1";
	return c;
}

/* Asserts a refusal: the code, the class, no instance, and err->message
 * containing each NULL-terminated word of want. */
static void refused(int rc, struct slgw_adapter *a, const struct slgw_adapter_error *err,
                    const char *const *want)
{
	ck_assert_int_eq(rc, -SLGW_AERR_INVALID_ARGS);
	ck_assert_int_eq(err->cls, SLGW_AERR_INVALID_ARGS);
	ck_assert_ptr_null(a);
	ck_assert_msg(err->message[0] != '\0', "refusal without a message");
	for (size_t i = 0; want && want[i]; i++)
		ck_assert_msg(strstr(err->message, want[i]) != NULL, "message \"%s\" lacks \"%s\"",
		              err->message, want[i]);
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* Runs call (which creates into a, reporting into err) with a set to a
 * non-NULL value first, so that "no instance" means create reset it. */
#define REFUSED(call, want)                         \
	do {                                        \
		a = (struct slgw_adapter *)&err;    \
		int rc_ = (call);                   \
		refused(rc_, a, &err, want);        \
	} while (0)

START_TEST(find_vnx)
{
	const struct slgw_adapter_family *f = slgw_adapter_family_find("vnx");

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "vnx");
	ck_assert_ptr_eq(f->ops, &vnx_adapter_ops);
	ck_assert_ptr_eq(f->create, vnx_adapter_create);
	ck_assert_int_eq(slgw_adapter_version_supported(f->ops->version), 1);

	/* The listing holds it, and every row is consistent with its table. */
	size_t n = slgw_adapter_family_count(), seen = 0;
	ck_assert_uint_ge(n, 1);
	for (size_t i = 0; i < n; i++) {
		const struct slgw_adapter_family *g = slgw_adapter_family_at(i);
		ck_assert_ptr_nonnull(g);
		ck_assert_ptr_nonnull(g->ops);
		ck_assert_ptr_nonnull(g->create);
		ck_assert_str_eq(g->name, g->ops->family);
		ck_assert_ptr_eq(slgw_adapter_family_find(g->name), g);
		if (g == f)
			seen++;
	}
	ck_assert_uint_eq(seen, 1);
	ck_assert_ptr_null(slgw_adapter_family_at(n));
	ck_assert_ptr_null(slgw_adapter_family_at((size_t)-1));
}
END_TEST

START_TEST(create_vnx_instance)
{
	struct slgw_adapter_config c = good_cfg();
	struct slgw_adapter_error err;
	struct slgw_adapter *a = NULL;

	ck_assert_int_eq(slgw_adapter_create(&a, "vnx", &c, &err), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a->ops, &vnx_adapter_ops);
	ck_assert_int_eq(vnx_adapter_preferred_sp(a), 'A');
	slgw_adapter_free(a);

	/* A security file directory stands in for user and password. */
	c.user = NULL;
	c.password = NULL;
	c.secfilepath = "/etc/slgw/navisec";
	a = NULL;
	ck_assert_int_eq(slgw_adapter_create(&a, "vnx", &c, &err), 0);
	ck_assert_ptr_nonnull(a);
	slgw_adapter_free(a);
}
END_TEST

START_TEST(unknown_family_refused)
{
	struct slgw_adapter_config c = good_cfg();
	struct slgw_adapter_error err;
	struct slgw_adapter *a;

	/* Exact match only: the adapter name is stored as registered. */
	ck_assert_ptr_null(slgw_adapter_family_find("VNX"));
	ck_assert_ptr_null(slgw_adapter_family_find("vnx "));
	ck_assert_ptr_null(slgw_adapter_family_find(""));
	ck_assert_ptr_null(slgw_adapter_family_find("unity"));
	ck_assert_ptr_null(slgw_adapter_family_find(NULL));

	REFUSED(slgw_adapter_create(&a, "unity", &c, &err), W("\"unity\"", "vnx"));
	REFUSED(slgw_adapter_create(&a, NULL, &c, &err), W("vnx"));
	/* err may be NULL: the code alone still says no. */
	ck_assert_int_eq(slgw_adapter_create(&a, "unity", &c, NULL), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

static int fake_created;

static int fake_create(struct slgw_adapter **out, const struct slgw_adapter_config *cfg,
                       struct slgw_adapter_error *err)
{
	(void)cfg;
	(void)err;
	fake_created++;
	*out = NULL;
	return 0;
}

START_TEST(version_checked)
{
	static const struct slgw_adapter_ops future = { .version = 999, .family = "fake" };
	static const struct slgw_adapter_ops current = { .version = SLGW_ADAPTER_OPS_VERSION,
	                                                 .family = "fake" };
	const struct slgw_adapter_family fam_future = { "fake", &future, fake_create };
	const struct slgw_adapter_family fam_current = { "fake", &current, fake_create };
	const struct slgw_adapter_family fam_noops = { "fake", NULL, fake_create };
	const struct slgw_adapter_family fam_nocreate = { "fake", &current, NULL };
	struct slgw_adapter_config c = good_cfg();
	struct slgw_adapter_error err;
	struct slgw_adapter *a;

	ck_assert_int_eq(slgw_adapter_version_supported(SLGW_ADAPTER_OPS_VERSION), 1);
	ck_assert_int_eq(slgw_adapter_version_supported(999), 0);
	ck_assert_int_eq(slgw_adapter_version_supported(SLGW_ADAPTER_OPS_VERSION - 1), 0);
	ck_assert_int_eq(slgw_adapter_version_supported(SLGW_ADAPTER_OPS_VERSION + 1), 0);

	fake_created = 0;
	REFUSED(slgw_adapter_family_create(&a, &fam_future, &c, &err), W("\"fake\"", "999"));
	ck_assert_int_eq(fake_created, 0);

	REFUSED(slgw_adapter_family_create(&a, &fam_noops, &c, &err), W("\"fake\""));
	REFUSED(slgw_adapter_family_create(&a, &fam_nocreate, &c, &err), W("\"fake\""));
	ck_assert_int_eq(fake_created, 0);

	/* The same fake at the current version is called: the refusal above
	 * was the version's. */
	ck_assert_int_eq(slgw_adapter_family_create(&a, &fam_current, &c, &err), 0);
	ck_assert_int_eq(fake_created, 1);
}
END_TEST

START_TEST(bad_config_refused)
{
	struct slgw_adapter_config c;
	struct slgw_adapter_error err;
	struct slgw_adapter *a;

	REFUSED(slgw_adapter_create(&a, "vnx", NULL, &err), W("configuration"));
	REFUSED(vnx_adapter_create(&a, NULL, &err), W("configuration"));

	/* Each field of the neutral configuration reaches the VNX checks. */
	c = good_cfg();
	c.cli_path = "naviseccli"; /* not absolute */
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("absolute"));

	c = good_cfg();
	c.cli_path = NULL;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), NULL);

	c = good_cfg();
	c.sp_a = NULL;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("SP address"));

	c = good_cfg();
	c.sp_b = "-h"; /* would read as an option */
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("SP address"));

	c = good_cfg();
	c.secfilepath = "relative/dir";
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("secfilepath"));

	c = good_cfg();
	c.password = NULL;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), NULL);

	c = good_cfg();
	c.scope = 3;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), NULL);

	c = good_cfg();
	c.retries = 1000;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("retries"));

	c = good_cfg();
	c.max_inflight = 100000;
	REFUSED(slgw_adapter_create(&a, "vnx", &c, &err), W("max_inflight"));

	/* No out pointer: refused, nothing to leak. */
	c = good_cfg();
	ck_assert_int_eq(slgw_adapter_create(NULL, "vnx", &c, &err), -SLGW_AERR_INVALID_ARGS);
}
END_TEST

/* Capability bits have the API's names (StorageSystem.capability) and error
 * classes their stable names, the new ones included. */
START_TEST(capability_and_error_names)
{
	static const struct { unsigned bit; const char *name; } caps[] = {
		{ SLGW_CAP_THIN, "THIN_LUNS" },       { SLGW_CAP_SNAPSHOTS, "VNX_SNAPSHOTS" },
		{ SLGW_CAP_ALUA, "ALUA" },            { SLGW_CAP_POOLS, "POOLS" },
		{ SLGW_CAP_RAID_GROUPS, "RAID_GROUPS" }, { SLGW_CAP_LUN_CREATE_RG, "LUN_CREATE_RG" },
		{ SLGW_CAP_SNAPVIEW, "SNAPVIEW" },    { SLGW_CAP_METALUN, "METALUN" },
	};
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		ck_assert_str_eq(slgw_adapter_cap_name(caps[i].bit), caps[i].name);
	for (unsigned b = 0; b < SLGW_CAP__BITS; b++)
		ck_assert_ptr_nonnull(slgw_adapter_cap_name(1u << b));
	ck_assert_ptr_null(slgw_adapter_cap_name(1u << SLGW_CAP__BITS));
	ck_assert_ptr_null(slgw_adapter_cap_name(SLGW_CAP_THIN | SLGW_CAP_ALUA));
	ck_assert_ptr_null(slgw_adapter_cap_name(0));
	ck_assert_str_eq(slgw_adapter_err_name(SLGW_AERR_ID_IN_USE), "id_in_use");
	ck_assert_str_eq(slgw_adapter_err_name(SLGW_AERR_NO_SPACE), "no_space");
	ck_assert_str_eq(slgw_adapter_err_name(SLGW_AERR__COUNT), "unknown");
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("adapter_registry", "registry", NULL, NULL, 0, find_vnx, create_vnx_instance,
		unknown_family_refused, version_checked, bad_config_refused,
		capability_and_error_names);
}
