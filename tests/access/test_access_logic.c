/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_access_logic.c - the pure host-access rules (gateway/broker/broker_access.h):
 * initiator syntax and normalization, host names, the failover-mode
 * decision, path planning for iSCSI and FC, and HLU choice.
 *
 * These are the rules that decide the argv sent to an array, so each test
 * states one rule and checks it on inputs written out in full.
 */
#include "broker_access.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "../common/suite_one.h"

static char out[BROKER_ACCESS_INITIATOR_MAX];
static struct broker_status st;

static int norm(const char *in, enum broker_access_initiator_kind expect,
		enum broker_access_initiator_kind *kind)
{
	return broker_access_initiator_normalize(out, sizeof(out), kind, in, expect, &st);
}

START_TEST(iqn_valid_forms_are_accepted_and_lowercased)
{
	enum broker_access_initiator_kind k = BROKER_ACCESS_INIT_UNKNOWN;
	ck_assert_int_eq(norm("iqn.1993-08.org.debian:01:95bbe389e025", 0, &k), 0);
	ck_assert_int_eq(k, BROKER_ACCESS_INIT_ISCSI);
	ck_assert_str_eq(out, "iqn.1993-08.org.debian:01:95bbe389e025");
	ck_assert_int_eq(norm("IQN.2006-04.Com.Example.Xen:Host-1", 0, &k), 0);
	ck_assert_str_eq(out, "iqn.2006-04.com.example.xen:host-1");
	ck_assert_int_eq(norm("iqn.1992-04.com.emc", BROKER_ACCESS_INIT_ISCSI, &k), 0);
	ck_assert_str_eq(out, "iqn.1992-04.com.emc");
}
END_TEST

START_TEST(iqn_malformed_forms_are_refused_with_a_reason)
{
	const char *bad[] = {
		"iqn.93-08.org.debian:x",       /* two-digit year */
		"iqn.1993-13.org.debian",       /* month 13 */
		"iqn.1993-00.org.debian",       /* month 0 */
		"iqn.1993-08",                  /* no authority */
		"iqn.1993-08.",                 /* empty authority */
		"iqn.1993-08.org..debian",      /* empty label */
		"iqn.1993-08.-org.debian",      /* label starts with '-' */
		"iqn.1993-08.org.debian:",      /* empty suffix */
		"iqn.1993-08.org.deb ian",      /* space */
		"iqn.1993-08.org.debian;rm",    /* shell-ish */
		"iqn.1993-08.org.debian/x",
		"",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		st.message[0] = '\0';
		ck_assert_msg(norm(bad[i], 0, NULL) == -(int)SLGW_INVALID_ARGUMENT, "accepted '%s'", bad[i]);
		ck_assert_msg(st.message[0] != '\0', "no reason for '%s'", bad[i]);
	}
	char longname[300] = "iqn.2001-01.com.example:";
	memset(longname + strlen(longname), 'a', 250);
	longname[299] = '\0';
	ck_assert_int_eq(norm(longname, 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(eui_and_naa_names)
{
	enum broker_access_initiator_kind k;
	ck_assert_int_eq(norm("eui.02004567a425678d", 0, &k), 0);
	ck_assert_int_eq(k, BROKER_ACCESS_INIT_ISCSI);
	ck_assert_str_eq(out, "eui.02004567A425678D");
	ck_assert_int_eq(norm("eui.02004567a425678", 0, &k), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("eui.02004567a425678g", 0, &k), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("naa.52004567BA64678D", 0, &k), 0);
	ck_assert_int_eq(norm("naa.62004567BA64678D0123456789ABCDEF", 0, &k), 0);
	ck_assert_int_eq(norm("naa.62004567BA64678D01", 0, &k), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(wwpn_with_and_without_colons_normalize_alike)
{
	enum broker_access_initiator_kind k = BROKER_ACCESS_INIT_UNKNOWN;
	ck_assert_int_eq(norm("10000000c9abcdef", 0, &k), 0);
	ck_assert_int_eq(k, BROKER_ACCESS_INIT_FC);
	ck_assert_str_eq(out, "10:00:00:00:C9:AB:CD:EF");
	ck_assert_int_eq(norm("10:00:00:00:c9:ab:cd:ef", BROKER_ACCESS_INIT_FC, &k), 0);
	ck_assert_str_eq(out, "10:00:00:00:C9:AB:CD:EF");
	ck_assert_int_eq(norm("10:00:00:00:c9:ab:cd:e", 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("10000000c9abcdeg", 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("10-00-00-00-c9-ab-cd-ef", 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("1000:0000:c9ab:cdef", 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("10000000c9abcdef00", 0, NULL), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(kind_mismatch_is_refused)
{
	ck_assert_int_eq(norm("10000000c9abcdef", BROKER_ACCESS_INIT_ISCSI, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(norm("iqn.1993-08.org.debian:x", BROKER_ACCESS_INIT_FC, NULL), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_ptr_nonnull(strstr(st.message, "WWPN"));
}
END_TEST

START_TEST(host_names)
{
	ck_assert_int_eq(broker_access_hostname_valid("xen-host-01", &st), 0);
	ck_assert_int_eq(broker_access_hostname_valid("XS.pool_1", &st), 0);
	ck_assert_int_eq(broker_access_hostname_valid("", &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_hostname_valid("~management", &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_hostname_valid("-x", &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_hostname_valid("a b", &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_hostname_valid("a\"b", &st), -(int)SLGW_INVALID_ARGUMENT);
	char n[80];
	memset(n, 'h', 64);
	n[64] = '\0';
	ck_assert_int_eq(broker_access_hostname_valid(n, &st), 0);
	n[64] = 'h';
	n[65] = '\0';
	ck_assert_int_eq(broker_access_hostname_valid(n, &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_host_ip_valid(NULL, &st), 0);
	ck_assert_int_eq(broker_access_host_ip_valid("10.0.0.7", &st), 0);
	ck_assert_int_eq(broker_access_host_ip_valid("fe80::1", &st), 0);
	ck_assert_int_eq(broker_access_host_ip_valid("10.0.0", &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_host_ip_valid("10.0.0.7 -o", &st), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

START_TEST(alua_support_by_model_and_flare)
{
	ck_assert_int_eq(broker_access_model_supports_alua("VNX5300", "05.32.000.5.201"), 1);
	ck_assert_int_eq(broker_access_model_supports_alua("CX4-480", "04.30.000.5.525"), 1);
	ck_assert_int_eq(broker_access_model_supports_alua("CX3-40", "03.26.040.5.011"), 1);
	ck_assert_int_eq(broker_access_model_supports_alua("CX3-40", "03.24.040.5.011"), 0);
	ck_assert_int_eq(broker_access_model_supports_alua("CX700", "02.19.700.5.034"), 0);
	ck_assert_int_eq(broker_access_model_supports_alua("CX500", NULL), 0);
	ck_assert_int_eq(broker_access_model_supports_alua("CX2-300", NULL), 0);
	ck_assert_int_eq(broker_access_model_supports_alua("VNX7600", "garbage"), 1);
}
END_TEST

START_TEST(failover_mode_decision)
{
	int m = -1;
	/* default: ALUA where the array can, PNR where it cannot */
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, NULL, 0, &st), 0);
	ck_assert_int_eq(m, 4);
	ck_assert_int_eq(broker_access_failover_decide(&m, 0, "auto", 0, &st), 0);
	ck_assert_int_eq(m, 1);
	/* system policy pnr */
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, "pnr", 0, &st), 0);
	ck_assert_int_eq(m, 1);
	/* policy alua on an old array degrades, with a note */
	ck_assert_int_eq(broker_access_failover_decide(&m, 0, "alua", 0, &st), 0);
	ck_assert_int_eq(m, 1);
	ck_assert_ptr_nonnull(strstr(st.message, "cannot do ALUA"));
	/* the host's wish wins over the policy */
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, "alua", 1, &st), 0);
	ck_assert_int_eq(m, 1);
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, "pnr", 4, &st), 0);
	ck_assert_int_eq(m, 4);
	/* explicit ALUA on an array without it: refused, not silently changed */
	ck_assert_int_eq(broker_access_failover_decide(&m, 0, NULL, 4, &st), -(int)SLGW_FAILED_PRECONDITION);
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, NULL, 2, &st), -(int)SLGW_INVALID_ARGUMENT);
	ck_assert_int_eq(broker_access_failover_decide(&m, 1, "bogus", 0, &st), -(int)SLGW_INVALID_ARGUMENT);
}
END_TEST

static const struct broker_access_port ports[] = {
	{ 'B', 4, 0, 1, "iqn.1992-04.com.emc:cx.apm1.b4", "10.0.2.4" },
	{ 'A', 4, 0, 1, "iqn.1992-04.com.emc:cx.apm1.a4", "10.0.1.4" },
	{ 'A', 5, 0, 1, "iqn.1992-04.com.emc:cx.apm1.a5", "10.0.1.5" },
	{ 'B', 5, 0, 1, "iqn.1992-04.com.emc:cx.apm1.b5", "10.0.2.5" },
	{ 'A', 0, -1, 0, "50:06:01:60:88:60:01:95", NULL },
	{ 'B', 0, -1, 0, "50:06:01:68:88:60:01:95", NULL },
	{ 'A', 1, -1, 0, "50:06:01:61:88:60:01:95", NULL },
};
#define NPORTS (sizeof(ports) / sizeof(ports[0]))

START_TEST(iscsi_paths_every_initiator_every_port_both_sps)
{
	struct broker_access_initiator in[] = {
		{ BROKER_ACCESS_INIT_ISCSI, "iqn.2006-04.com.example:h1" },
		{ BROKER_ACCESS_INIT_ISCSI, "iqn.2006-04.com.example:h1b" },
	};
	struct broker_access_path_plan plan;
	ck_assert_int_eq(broker_access_plan_paths(&plan, in, 2, ports, NPORTS, NULL, 0, NULL), 0);
	ck_assert_uint_eq(plan.count, 8); /* 2 initiators x 4 iSCSI ports */
	/* SP A first, then by port */
	ck_assert_int_eq(plan.paths[0].sp, 'A');
	ck_assert_int_eq(plan.paths[0].port_id, 4);
	ck_assert_int_eq(plan.paths[3].sp, 'A');
	ck_assert_int_eq(plan.paths[3].port_id, 5);
	ck_assert_int_eq(plan.paths[4].sp, 'B');
	ck_assert_int_eq(plan.paths[7].sp, 'B');
	int a = 0, b = 0;
	for (size_t i = 0; i < plan.count; i++) {
		a += plan.paths[i].sp == 'A';
		b += plan.paths[i].sp == 'B';
		ck_assert_int_eq(plan.paths[i].vport_id, 0);
	}
	ck_assert_int_eq(a, 4);
	ck_assert_int_eq(b, 4);
	broker_access_path_plan_free(&plan);
}
END_TEST

START_TEST(iscsi_paths_respect_allowed_port_list)
{
	struct broker_access_initiator in[] = { { BROKER_ACCESS_INIT_ISCSI, "iqn.2006-04.com.example:h1" } };
	struct broker_access_path_plan plan;
	ck_assert_int_eq(broker_access_plan_paths(&plan, in, 1, ports, NPORTS, NULL, 0, "A-4, spb4"), 0);
	ck_assert_uint_eq(plan.count, 2);
	ck_assert_int_eq(plan.paths[0].sp, 'A');
	ck_assert_int_eq(plan.paths[0].port_id, 4);
	ck_assert_int_eq(plan.paths[1].sp, 'B');
	ck_assert_int_eq(plan.paths[1].port_id, 4);
	broker_access_path_plan_free(&plan);
	ck_assert_int_eq(broker_access_allowed_ports_match("", 'A', 9), 1);
	ck_assert_int_eq(broker_access_allowed_ports_match("a5-0", 'A', 5), 1);
	ck_assert_int_eq(broker_access_allowed_ports_match("a5-0", 'B', 5), 0);
	ck_assert_int_eq(broker_access_allowed_ports_match("junk", 'A', 5), 0);
}
END_TEST

START_TEST(fc_paths_only_where_logged_in)
{
	struct broker_access_initiator in[] = { { BROKER_ACCESS_INIT_FC, "10:00:00:00:C9:AB:CD:EF" } };
	struct broker_access_login logins[] = {
		{ "20:00:00:00:C9:AB:CD:EF:10:00:00:00:C9:AB:CD:EF", 'A', 0, 1 },
		{ "20:00:00:00:c9:ab:cd:ef:10:00:00:00:c9:ab:cd:ef", 'B', 0, 1 },
		{ "20:00:00:00:C9:AB:CD:EF:10:00:00:00:C9:AB:CD:EF", 'A', 1, 0 }, /* not logged in */
		{ "20:00:00:00:C9:00:00:01:10:00:00:00:C9:00:00:01", 'A', 1, 1 }, /* someone else */
		{ "iqn.2006-04.com.example:h1", 'A', 4, 1 },
	};
	struct broker_access_path_plan plan;
	ck_assert_int_eq(broker_access_plan_paths(&plan, in, 1, ports, NPORTS, logins, 5, "A-4"), 0);
	ck_assert_uint_eq(plan.count, 2);
	ck_assert_str_eq(plan.paths[0].hba_uid, "20:00:00:00:C9:AB:CD:EF:10:00:00:00:C9:AB:CD:EF");
	ck_assert_int_eq(plan.paths[0].sp, 'A');
	ck_assert_int_eq(plan.paths[1].sp, 'B');
	ck_assert_int_eq(plan.paths[1].vport_id, -1);
	broker_access_path_plan_free(&plan);
}
END_TEST

START_TEST(hlu_lowest_free_from_one_preferred_when_free)
{
	unsigned char used[BROKER_ACCESS_HLU_MAX + 1] = { 0 };
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, -1), 1);
	ck_assert_int_eq(broker_access_hlu_pick(used, 0, -1), 0);
	used[1] = used[2] = used[4] = 1;
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, -1), 3);
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, 7), 7);  /* shared SR keeps its HLU */
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, 2), 3);  /* preferred taken */
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, 0), 3);  /* 0 not allowed */
	memset(used, 1, sizeof(used));
	used[0] = 0;
	ck_assert_int_eq(broker_access_hlu_pick(used, 1, -1), -(int)SLGW_RESOURCE_EXHAUSTED);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("access_logic", "rules", NULL, NULL, 0, iqn_valid_forms_are_accepted_and_lowercased,
		iqn_malformed_forms_are_refused_with_a_reason, eui_and_naa_names,
		wwpn_with_and_without_colons_normalize_alike, kind_mismatch_is_refused, host_names,
		alua_support_by_model_and_flare, failover_mode_decision,
		iscsi_paths_every_initiator_every_port_both_sps,
		iscsi_paths_respect_allowed_port_list, fc_paths_only_where_logged_in,
		hlu_lowest_free_from_one_preferred_when_free);
}
