/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_names.c - the array object names of broker_names.h on their own:
 * every kind is written as documented, parses back to the same kind and
 * id, stays within the VNX name length, and nothing else parses as ours -
 * not another gateway's names, not names from before instance ids, not
 * look-alikes with extra characters, signs or leading zeros.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_names.h"
#include "../common/suite_run.h"

static const char *const ME = "0a1b2c3d";
static const char *const OTHER = "9f8e7d6c";

START_TEST(every_kind_round_trips)
{
	static const struct {
		enum broker_name_kind kind;
		int64_t id;
		const char *want;
	} cases[] = {
		{ BROKER_NAME_LUN, 1, "slgw-0a1b2c3d-1" },
		{ BROKER_NAME_LUN, 4711, "slgw-0a1b2c3d-4711" },
		{ BROKER_NAME_SNAP, 42, "slgw-0a1b2c3d-snap-42" },
		{ BROKER_NAME_TMP, 7, "slgw-0a1b2c3d-tmp-7" },
		{ BROKER_NAME_DST, 7, "slgw-0a1b2c3d-dst-7" },
		{ BROKER_NAME_SNAP, INT64_C(999999999999999999),
		  "slgw-0a1b2c3d-snap-999999999999999999" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char n[BROKER_NAME_MAX];
		ck_assert_int_eq(broker_name_make(n, sizeof(n), ME, cases[i].kind, cases[i].id), 0);
		ck_assert_str_eq(n, cases[i].want);
		ck_assert_uint_lt(strlen(n), 64); /* VNX LUN / snapshot names */
		enum broker_name_kind k = (enum broker_name_kind)-1;
		int64_t id = 0;
		ck_assert_int_eq(broker_name_parse(&k, &id, n, ME), 1);
		ck_assert_int_eq(k, cases[i].kind);
		ck_assert_int_eq(id, cases[i].id);
		/* the same object of another gateway is not ours */
		ck_assert_int_eq(broker_name_parse(NULL, NULL, n, OTHER), 0);
	}
}
END_TEST

START_TEST(two_gateways_never_share_a_name)
{
	char a[BROKER_NAME_MAX], b[BROKER_NAME_MAX];
	for (int kind = BROKER_NAME_LUN; kind <= BROKER_NAME_DST; kind++) {
		ck_assert_int_eq(broker_name_make(a, sizeof(a), ME, (enum broker_name_kind)kind, 1), 0);
		ck_assert_int_eq(broker_name_make(b, sizeof(b), OTHER, (enum broker_name_kind)kind, 1), 0);
		ck_assert_str_ne(a, b);
	}
}
END_TEST

START_TEST(nothing_else_is_ours)
{
	static const char *const not_ours[] = {
		"slgw-1",                     /* before instance ids */
		"slgw-snap-1", "slgw-dst-1", "slgw-tmp-1",
		"slgw-9f8e7d6c-1",            /* another gateway */
		"slgw-0a1b2c3d-",             /* no id */
		"slgw-0a1b2c3d-0",            /* ids start at 1 */
		"slgw-0a1b2c3d-01",           /* not canonical */
		"slgw-0a1b2c3d--1", "slgw-0a1b2c3d-+1",
		"slgw-0a1b2c3d-1 ", "slgw-0a1b2c3d-1x", "slgw-0a1b2c3d-1-2",
		"slgw-0a1b2c3d-smp-1",        /* no such kind */
		"slgw-0a1b2c3d-snap-",        "slgw-0a1b2c3d-snap-x",
		"slgw-0a1b2c3d-dst",          "slgw-0a1b2c3d-dst-1-dst-2",
		"slgw-0A1B2C3D-1",            /* instance ids are lowercase */
		"slgw-0a1b2c3-1", "slgw-0a1b2c3d1",
		"slgw-0a1b2c3d-1234567890123456789", /* beyond 18 digits */
		"xslgw-0a1b2c3d-1", "SLGW-0a1b2c3d-1", "vol-1", "", NULL,
	};
	for (size_t i = 0; i < sizeof(not_ours) / sizeof(not_ours[0]); i++)
		ck_assert_msg(broker_name_parse(NULL, NULL, not_ours[i], ME) == 0, "\"%s\" parsed as ours",
			      not_ours[i] ? not_ours[i] : "(null)");
	/* without a valid instance id nothing is ours */
	ck_assert_int_eq(broker_name_parse(NULL, NULL, "slgw-0a1b2c3d-1", NULL), 0);
	ck_assert_int_eq(broker_name_parse(NULL, NULL, "slgw-0a1b2c3d-1", "0a1b2c3"), 0);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
	char n[BROKER_NAME_MAX];
	ck_assert_int_eq(broker_name_make(n, sizeof(n), ME, BROKER_NAME_LUN, 0), -EINVAL);
	ck_assert_str_eq(n, "");
	ck_assert_int_eq(broker_name_make(n, sizeof(n), ME, BROKER_NAME_LUN, -5), -EINVAL);
	ck_assert_int_eq(broker_name_make(n, sizeof(n), ME, BROKER_NAME_LUN,
					  INT64_C(1000000000000000000)), -EINVAL);
	ck_assert_int_eq(broker_name_make(n, sizeof(n), "ABCDEF12", BROKER_NAME_LUN, 1), -EINVAL);
	ck_assert_int_eq(broker_name_make(n, sizeof(n), "abc", BROKER_NAME_LUN, 1), -EINVAL);
	ck_assert_int_eq(broker_name_make(n, sizeof(n), NULL, BROKER_NAME_LUN, 1), -EINVAL);
	ck_assert_int_eq(broker_name_make(n, sizeof(n), ME, (enum broker_name_kind)99, 1), -EINVAL);
	/* too small a buffer: refused, never truncated into another name */
	ck_assert_int_eq(broker_name_make(n, 16, ME, BROKER_NAME_LUN, 12), -EINVAL);
	ck_assert_str_eq(n, "");
	ck_assert_int_eq(broker_name_make(n, 17, ME, BROKER_NAME_LUN, 12), 0);
	ck_assert_str_eq(n, "slgw-0a1b2c3d-12");
	ck_assert_int_eq(broker_name_valid_instance(ME), 1);
	ck_assert_int_eq(broker_name_valid_instance("0a1b2c3d4"), 0);
	ck_assert_int_eq(broker_name_valid_instance(""), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("broker_names");
	SUITE_CASE(s, "names", NULL, NULL, 0, every_kind_round_trips,
		two_gateways_never_share_a_name, nothing_else_is_ours, bad_arguments_are_refused);
	return suite_run(s);
}
