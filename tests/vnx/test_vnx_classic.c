/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vnx_classic.c - the parsers of the pre-pool command set (getrg,
 * getlun, snapview -listsnapshots / -listsessions) and the fidelity cases of
 * older arrays' output that the pool-era parsers must also read, all held
 * to real text:
 *  - tests/data/vnx-captures (storops captures): getrg;
 *  - tests/data/clariion-captures (see its README for each file's source):
 *    a SnapView run of a MirrorView SRA on a CX4-120, getlun / getall -lun,
 *    a CX4-era `connection -getport` that lists FC ports and iSCSI portals
 *    without virtual ports, an FC storage group and `port -list -hba`, and
 *    refusals whose class the adapter must get right;
 * Every listing is also read with each line doubled and with CRLF ends and
 * must give the same records; every prefix of every capture goes through
 * every new parser (ASan/UBSan watch).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnx_parse.h"
#include "vnx_capture.h"
#include "../common/suite_run.h"

#ifndef SLGW_CAPTURES
#error "SLGW_CAPTURES must name the storops captures folder"
#endif
#ifndef SLGW_CLARIION_CAPTURES
#error "SLGW_CLARIION_CAPTURES must name the CLARiiON captures folder"
#endif

#define STOROPS(name, len) capture_read(SLGW_CAPTURES, name, len)
#define CLARIION(name, len) capture_read(SLGW_CLARIION_CAPTURES, name, len)

/* Every line twice, CRLF ends and trailing blanks: what a flaky terminal or
 * a doubled listing gives.  Caller frees. */
static char *mangle(const char *buf, size_t len, size_t *out_len)
{
	char *o = malloc(len * 3 + 16);
	size_t k = 0, st = 0;
	ck_assert_ptr_nonnull(o);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		for (int rep = 0; rep < 2; rep++) {
			memcpy(o + k, buf + st, i - st);
			k += i - st;
			memcpy(o + k, "  \r\n", 4);
			k += 4;
		}
		st = i + 1;
	}
	*out_len = k;
	return o;
}

/* ---- getrg ---- */

START_TEST(getrg_fields)
{
	size_t len, n;
	char *buf = STOROPS("getrg_0.txt", &len);
	vnx_raidgroup *rg;

	ck_assert_int_eq(vnx_parse_raidgroup_list(buf, len, &rg, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rg[0].id, 0);
	ck_assert_str_eq(rg[0].raid_type, "r5");
	ck_assert_str_eq(rg[0].state, "Valid_luns");
	ck_assert_uint_eq(rg[0].disk_count, 5);
	ck_assert_uint_eq(rg[0].lun_count, 16);
	ck_assert_int_eq(rg[0].luns[0], 280);
	ck_assert_int_eq(rg[0].luns[15], 1646);
	ck_assert_int_eq(rg[0].max_luns, 256);
	ck_assert_int_eq(rg[0].logical_capacity_blocks, 4502478848LL);
	ck_assert_int_eq(rg[0].free_capacity_blocks, 3744083968LL);
	ck_assert_int_eq(rg[0].free_contiguous_blocks, 1749913216LL);
	ck_assert_str_eq(rg[0].legal_raid_types, "r5");
	vnx_raidgroup_array_free(rg, n);
	free(buf);

	/* An empty group: Unbound, no LUNs, a state on two lines, four legal types. */
	buf = STOROPS("getrg_1.txt", &len);
	ck_assert_int_eq(vnx_parse_raidgroup_list(buf, len, &rg, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rg[0].raid_type, "Unbound");
	ck_assert_str_eq(rg[0].state, "Explicit_Remove Valid_luns");
	ck_assert_uint_eq(rg[0].lun_count, 0);
	ck_assert_ptr_null(rg[0].luns);
	ck_assert_uint_eq(rg[0].disk_count, 4);
	ck_assert_str_eq(rg[0].legal_raid_types, "r5 r6 r0 r1_0");
	ck_assert_int_eq(rg[0].free_contiguous_blocks, 4490706944LL);
	vnx_raidgroup_array_free(rg, n);
	free(buf);

	/* All groups: seven records, the last without a trailing newline. */
	buf = STOROPS("getrg.txt", &len);
	ck_assert_int_eq(vnx_parse_raidgroup_list(buf, len, &rg, &n), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(rg[1].id, 1);
	ck_assert_uint_eq(rg[1].lun_count, 4);
	ck_assert_int_eq(rg[1].free_contiguous_blocks, 1656712832LL);
	vnx_raidgroup_array_free(rg, n);
	free(buf);
}
END_TEST

START_TEST(getrg_error_is_not_a_listing)
{
	size_t len, n = 9;
	char *buf = STOROPS("removerg_11.txt", &len);
	vnx_raidgroup *rg = (vnx_raidgroup *)buf;
	vnx_error e;

	ck_assert_int_eq(vnx_parse_raidgroup_list(buf, len, &rg, &n), VNX_PARSE_EFORMAT);
	ck_assert_ptr_null(rg);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(vnx_classify_error(buf, len, &e), 1);
	ck_assert_int_eq(e.cls, VNX_ERR_NOT_FOUND);
	vnx_error_clear(&e);
	free(buf);
}
END_TEST

/* ---- getlun ---- */

START_TEST(getlun_fields)
{
	size_t len, n;
	char *buf = CLARIION("getlun_10_-name_-owner_-default_-capacity.txt", &len);
	vnx_classic_lun *l;

	/* The SRA's getlun of one LUN: no header, "Name" without a colon. */
	ck_assert_int_eq(vnx_parse_getlun(buf, len, &l, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(l[0].id, -1);
	ck_assert_str_eq(l[0].name, "LUN 10");
	ck_assert_int_eq(l[0].current_owner, 'B');
	ck_assert_int_eq(l[0].default_owner, 'A');
	ck_assert_int_eq(l[0].capacity_mb, 563200);
	ck_assert_int_eq(l[0].capacity_blocks, 1153433600LL);
	ck_assert_int_eq(l[0].raid_group, -1);
	vnx_classic_lun_array_free(l, n);
	free(buf);

	buf = CLARIION("getall_-lun.txt", &len);
	ck_assert_int_eq(vnx_parse_getlun(buf, len, &l, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(l[0].id, 186);
	ck_assert_str_eq(l[0].name, "LN_10G_01");
	ck_assert_int_eq(l[0].raid_group, 1);
	ck_assert_str_eq(l[0].state, "Bound");
	ck_assert_int_eq(l[0].capacity_mb, 10240);
	ck_assert(l[0].is_thin);
	ck_assert(!l[0].is_meta);
	vnx_classic_lun_array_free(l, n);
	free(buf);
}
END_TEST

START_TEST(getlun_missing_lun_is_an_error)
{
	static const char text[] = "Error: getlun command failed\nInvalid LUN number\nLUN does not exist\n";
	vnx_classic_lun *l;
	size_t n;
	vnx_error e;

	ck_assert_int_eq(vnx_parse_getlun(text, sizeof(text) - 1, &l, &n), VNX_PARSE_EFORMAT);
	ck_assert_int_eq(vnx_classify_error(text, sizeof(text) - 1, &e), 1);
	ck_assert_int_eq(e.cls, VNX_ERR_NOT_FOUND);
	vnx_error_clear(&e);
}
END_TEST

/* ---- SnapView ---- */

START_TEST(snapview_snapshot_fields)
{
	size_t len, n;
	char *buf = CLARIION("snapview_-listsnapshots_-snapshotname_inactive.txt", &len);
	vnx_sv_snapshot *s;

	ck_assert_int_eq(vnx_parse_sv_snapshot_list(buf, len, &s, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(s[0].name, "async-LUN 10_SRM-TEST-FAILOVER");
	ck_assert_str_eq(s[0].uid, "60:06:01:60:AB:89:67:56:45:34:23:12:01:AB:CD:EF");
	ck_assert_int_eq(s[0].target_lun, 10);
	ck_assert_str_eq(s[0].state, "Inactive");
	ck_assert_ptr_null(s[0].session);
	vnx_sv_snapshot_array_free(s, n);
	free(buf);

	buf = CLARIION("snapview_-listsnapshots_-snapshotname_active.txt", &len);
	ck_assert_int_eq(vnx_parse_sv_snapshot_list(buf, len, &s, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(s[0].state, "Active");
	ck_assert_str_eq(s[0].session, "async-LUN 10_SRM-TEST-FAILOVER_session");
	vnx_sv_snapshot_array_free(s, n);
	free(buf);

	/* No snapshots: the SRA saw empty output, which is an empty list. */
	buf = CLARIION("snapview_-listsnapshots_empty.txt", &len);
	ck_assert_int_eq(vnx_parse_sv_snapshot_list(buf, len, &s, &n), 0);
	ck_assert_uint_eq(n, 0);
	free(buf);
}
END_TEST

START_TEST(snapview_session_fields)
{
	size_t len, n;
	char *buf = CLARIION("snapview_-listsessions_-name.txt", &len);
	vnx_sv_session *s;

	ck_assert_int_eq(vnx_parse_sv_session_list(buf, len, &s, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(s[0].name, "async-LUN 10_SRM-TEST-FAILOVER_session");
	ck_assert_uint_eq(s[0].lun_count, 1);
	ck_assert_int_eq(s[0].luns[0], 10);
	ck_assert(s[0].persistent);
	ck_assert_str_eq(s[0].creation_time, "07/20/12 12:46:22");
	ck_assert_str_eq(s[0].state, "Normal");
	ck_assert(s[0].cache_gb > 818.86 && s[0].cache_gb < 818.87);
	vnx_sv_session_array_free(s, n);
	free(buf);
}
END_TEST

/* The reply of -startsession is informational; as a listing it is no
 * record of any kind, and the classifier must not call it an error of a
 * known class (the runner accepts exactly this text for -startsession). */
START_TEST(startsession_notice_is_not_a_known_error)
{
	size_t len, n;
	char *buf = CLARIION("snapview_-startsession_-snapshotname_-persistence.txt", &len);
	vnx_sv_session *s;
	vnx_error e;

	ck_assert_int_eq(vnx_parse_sv_session_list(buf, len, &s, &n), VNX_PARSE_EFORMAT);
	ck_assert_int_eq(vnx_classify_error(buf, len, &e), 0);
	vnx_error_clear(&e);
	free(buf);
}
END_TEST

/* ---- fidelity: CX4-era connection -getport (FC rows, portals without virtual ports) ---- */

START_TEST(getport_fc_rows_and_portals_without_vports)
{
	size_t len, n;
	char *buf = CLARIION("connection_-getport_-all_cx4_fc.txt", &len);
	vnx_iscsi_port *p;
	size_t iscsi = 0, fc = 0;

	ck_assert_int_eq(vnx_parse_iscsi_port_list(buf, len, &p, &n), 0);
	ck_assert_uint_eq(n, 12);
	for (size_t i = 0; i < n; i++) {
		if (p[i].type == VNX_PORT_FC) {
			fc++;
			/* An FC port is not an iSCSI target: no IQN, no portal. */
			ck_assert_ptr_null(p[i].iqn);
			ck_assert_ptr_nonnull(p[i].wwn);
			ck_assert_ptr_null(p[i].ip_address);
			continue;
		}
		ck_assert_int_eq(p[i].type, VNX_PORT_ISCSI);
		ck_assert_ptr_nonnull(p[i].iqn);
		ck_assert_int_eq(p[i].vport_id, -1);
		iscsi++;
	}
	ck_assert_uint_eq(fc, 4);
	ck_assert_uint_eq(iscsi, 8);
	/* SP A port 4: the portal's address is in the port record itself. */
	ck_assert_int_eq(p[0].sp, 'A');
	ck_assert_int_eq(p[0].port_id, 4);
	ck_assert_str_eq(p[0].iqn, "iqn.1992-04.com.emc:cx.apm00093300877.a4");
	ck_assert_str_eq(p[0].ip_address, "172.20.1.140");
	ck_assert_str_eq(p[0].subnet_mask, "255.255.255.0");
	ck_assert_str_eq(p[0].gateway, "172.20.1.1");
	/* SP A port 5 has no address. */
	ck_assert_ptr_null(p[1].ip_address);
	/* SP B port 9 is FC. */
	ck_assert_int_eq(p[8].sp, 'B');
	ck_assert_int_eq(p[8].port_id, 9);
	ck_assert_str_eq(p[8].wwn, "50:06:01:60:BB:20:13:0D:50:06:01:69:3B:24:13:0D");
	vnx_iscsi_port_array_free(p, n);
	free(buf);

	/* The VNX capture: iSCSI ports with virtual ports, and four FCoE ports
	 * (SP A 6, 7 and SP B 6, 7: a WWNN:WWPN "Port WWN", MTU 2240) that also
	 * carry a "Virtual Port ID: 0" block whose address is N/A.  They are FC
	 * records, never iSCSI targets with a WWN for an IQN. */
	buf = STOROPS("connection_-getport_-all.txt", &len);
	ck_assert_int_eq(vnx_parse_iscsi_port_list(buf, len, &p, &n), 0);
	ck_assert_uint_gt(n, 0);
	iscsi = fc = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i].type == VNX_PORT_FC) {
			fc++;
			ck_assert(p[i].port_id == 6 || p[i].port_id == 7);
			ck_assert_int_eq(p[i].vport_id, 0);
			ck_assert_ptr_null(p[i].iqn);
			ck_assert_ptr_null(p[i].ip_address);
			ck_assert_int_eq(strncmp(p[i].wwn + 24, "50:06:01:6", 10), 0);
			continue;
		}
		ck_assert_int_eq(p[i].type, VNX_PORT_ISCSI);
		ck_assert_ptr_nonnull(strstr(p[i].iqn, "iqn.1992-04.com.emc:cx."));
		iscsi++;
	}
	ck_assert_uint_eq(fc, 4);
	ck_assert_uint_gt(iscsi, 0);
	vnx_iscsi_port_array_free(p, n);
	free(buf);
}
END_TEST

/* ---- fidelity: storage-group HBA rows ---- */

START_TEST(sg_fc_rows)
{
	size_t len, n;
	char *buf = CLARIION("storagegroup_-list_fc.txt", &len);
	vnx_storage_group *g;

	ck_assert_int_eq(vnx_parse_storagegroup_list(buf, len, &g, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(g[0].hba_count, 2);
	ck_assert_str_eq(g[0].hbas[0].uid, "20:00:00:00:C9:76:5E:79:10:00:00:00:C9:76:5E:79");
	ck_assert_int_eq(g[0].hbas[0].sp, 'A');
	ck_assert_int_eq(g[0].hbas[0].sp_port, 6);
	ck_assert_str_eq(g[0].hbas[0].host_name, "AIX_21");
	ck_assert_int_eq(g[0].hbas[1].sp, 'B');
	ck_assert_int_eq(g[0].hbas[1].sp_port, 3);
	ck_assert_uint_eq(g[0].hlu_count, 1);
	ck_assert_int_eq(g[0].hlus[0].alu, 335);
	vnx_storage_group_array_free(g, n);
	free(buf);
}
END_TEST

/*
 * The HBA UID column: in the real rows the UID starts at column 2 and "SP"
 * at column 52 whatever the UID's length (a 38-character IQN is followed by
 * 12 blanks, a 47-character WWN by 3: storops' storagegroup capture and the
 * FC captures), i.e. the UID is printed left-justified in 50 columns with no
 * separator after it.  An IQN of 50 characters or more therefore runs into
 * "SP": the row reads "<iqn>SP A         4".  The row below is the real
 * ubuntu14 row of storops' capture with the initiator name of a host whose
 * IQN is that long.
 */
START_TEST(sg_long_iqn_runs_into_the_sp_column)
{
	static const char text[] =
		"Storage Group Name:    ubuntu14\n"
		"Storage Group UID:     46:69:09:11:20:89:E5:11:85:E1:AE:04:FD:64:DC:17\n"
		"HBA/SP Pairs:\n"
		"\n"
		"  HBA UID                                          SP Name     SPPort\n"
		"  -------                                          -------     ------\n"
		"  iqn.2016-04.com.open-iscsi:0123456789abcdef01234567SP A         4\n"
		"Host name:             ubuntu14\n"
		"SPPort:                A-4v0\n"
		"Initiator IP:          192.168.4.30\n"
		"TPGT:                  1\n"
		"ISID:                  23D0200\n"
		"\n"
		"  iqn.2016-04.com.open-iscsi:0123456789abcdef0123456789abcdefSP B         4\n"
		"Host name:             ubuntu14\n"
		"SPPort:                B-4v0\n"
		"\n"
		"  iqn.1993-08.org.debian:01:e57138cd5b4             SP A         5\n"
		"\n"
		"HLU/ALU Pairs:\n"
		"\n"
		"  HLU Number     ALU Number\n"
		"  ----------     ----------\n"
		"    154             15\n"
		"Shareable:             YES\n";
	vnx_storage_group *g;
	size_t n;

	ck_assert_int_eq(vnx_parse_storagegroup_list(text, sizeof(text) - 1, &g, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(g[0].hba_count, 3);
	ck_assert_str_eq(g[0].hbas[0].uid, "iqn.2016-04.com.open-iscsi:0123456789abcdef01234567");
	ck_assert_int_eq(g[0].hbas[0].sp, 'A');
	ck_assert_int_eq(g[0].hbas[0].sp_port, 4);
	ck_assert_int_eq(g[0].hbas[0].sp_vport, 0);
	ck_assert_str_eq(g[0].hbas[0].host_name, "ubuntu14");
	ck_assert_str_eq(g[0].hbas[1].uid,
	                 "iqn.2016-04.com.open-iscsi:0123456789abcdef0123456789abcdef");
	ck_assert_int_eq(g[0].hbas[1].sp, 'B');
	ck_assert_str_eq(g[0].hbas[2].uid, "iqn.1993-08.org.debian:01:e57138cd5b4");
	ck_assert_int_eq(g[0].hbas[2].sp_port, 5);
	ck_assert_uint_eq(g[0].hlu_count, 1);
	vnx_storage_group_array_free(g, n);
}
END_TEST

/* ---- port -list -hba as an older array prints it (port lines indented) ---- */

START_TEST(hba_list_fc_initiator)
{
	size_t len, n;
	char *buf = CLARIION("port_-list_-hba.txt", &len);
	vnx_hba *h;

	ck_assert_int_eq(vnx_parse_hba_list(buf, len, &h, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(h[0].uid, "20:00:00:00:C9:9B:57:79:10:00:00:00:C9:9B:57:79");
	ck_assert_str_eq(h[0].server_name, "aix_ma");
	ck_assert_str_eq(h[0].server_ip, "8.44.129.26");
	ck_assert_uint_eq(h[0].port_count, 1);
	ck_assert_int_eq(h[0].ports[0].sp, 'A');
	ck_assert_int_eq(h[0].ports[0].sp_port, 6);
	ck_assert(!h[0].ports[0].logged_in);
	ck_assert(h[0].ports[0].defined);
	ck_assert_int_eq(h[0].ports[0].initiator_type, 3);
	vnx_hba_array_free(h, n);
	free(buf);
}
END_TEST

/* ---- fidelity: error classes ---- */

struct cls_case {
	const char *text;
	int modify;
	vnx_errclass cls;
	const char *source;
};

START_TEST(classification_of_refusals)
{
	static const struct cls_case cases[] = {
		/* lun -modify -newName onto a name in use: storops matches this text
		 * (VNXNameInUseError) */
		{ "Could not set properties:(Name).", 1, VNX_ERR_NAME_IN_USE, "storops exception.py" },
		/* lun -modify of deduplication into the state it already has
		 * (storops captures lun_-modify_-name_l1/l2_-deduplication_*) */
		{ "Could not set properties:(Deduplication: Deduplication cannot be disabled on the "
		  "specified LUN because the deduplication state of LUN is disabled or disabling.).",
		  1, VNX_ERR_INVALID_ARGS, "storops capture" },
		{ "Could not set properties:(Deduplication: SP A: Deduplication is already enabled for "
		  "the LUN. (0x716a840f)).", 1, VNX_ERR_INVALID_ARGS, "storops capture" },
		/* lun -create of a kind the array's enablers do not allow */
		{ "Request not allowed. Auto-Tiering Feature is not supported.", 1,
		  VNX_ERR_NOT_SUPPORTED, "storops capture" },
		{ "Mirror Feature software is not installed", 1, VNX_ERR_NOT_SUPPORTED,
		  "storops exception.py" },
		{ "CLI commands are not supported by the target storage system.", 0,
		  VNX_ERR_NOT_SUPPORTED, "delfin / storops" },
		/* bind / lun -create -rg onto a LUN number in use (eric, code 31) */
		{ "Error: bind command failed\nLUN already exists", 1, VNX_ERR_ID_IN_USE,
		  "ERIClitpsanemc" },
		{ "Error: bind command failed\nRAIDGroup Not Found", 1, VNX_ERR_NOT_FOUND,
		  "ERIClitpsanemc" },
		/* but a LUN already in a storage group is still already_mapped */
		{ "LUN already exists in the specified storage group", 1, VNX_ERR_ALREADY_MAPPED,
		  "storops exception.py" },
		{ "Error: getlun command failed\nInvalid LUN number\nLUN does not exist", 0,
		  VNX_ERR_NOT_FOUND, "ERIClitpsanemc" },
		{ "Error: storagegroup command failed\nThe group name entered does not match any "
		  "storage groups for this array", 1, VNX_ERR_NOT_FOUND, "MirrorView SRA log" },
		{ "The specified snapshot name is already in use", 1, VNX_ERR_NAME_IN_USE,
		  "ERIClitpsanemc" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vnx_error e;
		const struct cls_case *c = &cases[i];
		int rc = c->modify ? vnx_classify_modify_output(c->text, strlen(c->text), &e)
		                   : vnx_classify_error(c->text, strlen(c->text), &e);
		ck_assert_msg(rc == 1, "case %zu (%s): not an error", i, c->source);
		ck_assert_msg(e.cls == c->cls, "case %zu (%s): %s, want %s", i, c->source,
		              vnx_errclass_name(e.cls), vnx_errclass_name(c->cls));
		vnx_error_clear(&e);
	}
}
END_TEST

/* Refusals read from the capture files themselves (clariion-captures, each
 * file's source in its README): storops' captures of a connecthost of an
 * unknown host, a detach of a LUN that is not an SMP, a snapshot restore onto
 * a backup name in use, and the two-line refusal of an SP that does not take
 * CLI commands (the text storops' own unit test feeds its classifier). */
START_TEST(captured_refusals_from_files)
{
	static const struct {
		const char *file;
		int modify;
		vnx_errclass cls;
	} cases[] = {
		{ "storagegroup_-connecthost_-host_host1_-gname_server7_-o.txt", 1, VNX_ERR_NOT_FOUND },
		{ "lun_-detach_-l_0_-o.txt", 1, VNX_ERR_INVALID_ARGS },
		{ "snap_-restore_-id_s5_-res_540_-bakName_a-existing-snap.txt", 1, VNX_ERR_NAME_IN_USE },
		{ "target_not_supported.txt", 0, VNX_ERR_NOT_SUPPORTED },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vnx_error e;
		size_t len;
		char *buf = CLARIION(cases[i].file, &len);
		int rc = cases[i].modify ? vnx_classify_modify_output(buf, len, &e)
		                         : vnx_classify_error(buf, len, &e);

		ck_assert_msg(rc == 1, "%s: not an error", cases[i].file);
		ck_assert_msg(e.cls == cases[i].cls, "%s: %s, want %s", cases[i].file,
		              vnx_errclass_name(e.cls), vnx_errclass_name(cases[i].cls));
		vnx_error_clear(&e);
		free(buf);
	}
}
END_TEST

/* ---- robustness ---- */

typedef int (*parse_fn)(const char *buf, size_t len, size_t *count);

static int p_rg(const char *b, size_t l, size_t *c)
{
	vnx_raidgroup *o;
	int rc = vnx_parse_raidgroup_list(b, l, &o, c);
	if (rc == 0)
		vnx_raidgroup_array_free(o, *c);
	return rc;
}

static int p_getlun(const char *b, size_t l, size_t *c)
{
	vnx_classic_lun *o;
	int rc = vnx_parse_getlun(b, l, &o, c);
	if (rc == 0)
		vnx_classic_lun_array_free(o, *c);
	return rc;
}

static int p_svsnap(const char *b, size_t l, size_t *c)
{
	vnx_sv_snapshot *o;
	int rc = vnx_parse_sv_snapshot_list(b, l, &o, c);
	if (rc == 0)
		vnx_sv_snapshot_array_free(o, *c);
	return rc;
}

static int p_session(const char *b, size_t l, size_t *c)
{
	vnx_sv_session *o;
	int rc = vnx_parse_sv_session_list(b, l, &o, c);
	if (rc == 0)
		vnx_sv_session_array_free(o, *c);
	return rc;
}

static int p_getport(const char *b, size_t l, size_t *c)
{
	vnx_iscsi_port *o;
	int rc = vnx_parse_iscsi_port_list(b, l, &o, c);
	if (rc == 0)
		vnx_iscsi_port_array_free(o, *c);
	return rc;
}

static const struct {
	int clariion; /* folder: 1 clariion-captures, 0 storops */
	const char *name;
	parse_fn fn;
} listings[] = {
	{ 0, "getrg.txt", p_rg },
	{ 0, "getrg_1.txt", p_rg },
	{ 1, "getall_-lun.txt", p_getlun },
	{ 1, "getlun_10_-name_-owner_-default_-capacity.txt", p_getlun },
	{ 1, "snapview_-listsnapshots_-snapshotname_active.txt", p_svsnap },
	{ 1, "snapview_-listsessions_-name.txt", p_session },
	{ 1, "connection_-getport_-all_cx4_fc.txt", p_getport },
};

START_TEST(doubled_and_crlf_read_the_same)
{
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++) {
		size_t len, mlen, a = 0, b = 0;
		char *buf = capture_read(listings[i].clariion ? SLGW_CLARIION_CAPTURES : SLGW_CAPTURES,
		                      listings[i].name, &len);
		char *m = mangle(buf, len, &mlen);
		ck_assert_int_eq(listings[i].fn(buf, len, &a), 0);
		ck_assert_int_eq(listings[i].fn(m, mlen, &b), 0);
		ck_assert_msg(a == b && a > 0, "%s: %zu records, %zu when mangled", listings[i].name,
		              a, b);
		free(m);
		free(buf);
	}
}
END_TEST

START_TEST(every_prefix_survives)
{
	static const parse_fn fns[] = { p_rg, p_getlun, p_svsnap, p_session, p_getport };
	for (size_t i = 0; i < sizeof(listings) / sizeof(listings[0]); i++) {
		size_t len, c;
		char *buf = capture_read(listings[i].clariion ? SLGW_CLARIION_CAPTURES : SLGW_CAPTURES,
		                      listings[i].name, &len);
		for (size_t cut = 0; cut <= len; cut += (len > 4000 ? 37 : 1)) {
			/* An exact-size copy so ASan sees any read past the end. */
			char *p = malloc(cut ? cut : 1);
			ck_assert_ptr_nonnull(p);
			memcpy(p, buf, cut);
			for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++)
				ck_assert_int_ge(fns[f](p, cut, &c), VNX_PARSE_EFORMAT);
			free(p);
		}
		free(buf);
	}
}
END_TEST

/* Every capture of both folders through every new parser: whatever the
 * text, a parser answers a record list or EFORMAT, never a crash (ASan). */
START_TEST(every_capture_through_the_new_parsers)
{
	static const parse_fn fns[] = { p_rg, p_getlun, p_svsnap, p_session, p_getport };
	const char *dirs[] = { SLGW_CAPTURES, SLGW_CLARIION_CAPTURES };
	size_t files = 0;

	for (size_t d = 0; d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;

		ck_assert_ptr_nonnull(dir);
		while ((de = readdir(dir)) != NULL) {
			size_t len, c;
			char *buf, *exact;

			if (!strstr(de->d_name, ".txt"))
				continue;
			buf = capture_read(dirs[d], de->d_name, &len);
			exact = malloc(len ? len : 1);
			ck_assert_ptr_nonnull(exact);
			memcpy(exact, buf, len);
			for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
				int rc = fns[f](exact, len, &c);
				ck_assert_msg(rc == 0 || rc == VNX_PARSE_EFORMAT, "%s: parser %zu: %d",
				              de->d_name, f, rc);
			}
			free(exact);
			free(buf);
			files++;
		}
		closedir(dir);
	}
	ck_assert_uint_gt(files, 140);
}
END_TEST

static Suite *classic_suite(void)
{
	Suite *s = suite_create("vnx_classic");
	SUITE_CASE(s, "classic", NULL, NULL, 60, getrg_fields, getrg_error_is_not_a_listing,
		getlun_fields, getlun_missing_lun_is_an_error, snapview_snapshot_fields,
		snapview_session_fields, startsession_notice_is_not_a_known_error,
		getport_fc_rows_and_portals_without_vports, sg_fc_rows, hba_list_fc_initiator,
		sg_long_iqn_runs_into_the_sp_column, classification_of_refusals,
		captured_refusals_from_files, doubled_and_crlf_read_the_same, every_prefix_survives,
		every_capture_through_the_new_parsers);
	return s;
}

int main(void)
{
	return suite_run(classic_suite());
}
