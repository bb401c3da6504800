/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_xapi_host.c - the plugin's host side (xapi/xs_host.c) on its own:
 * what it reads from the host's files, the iscsiadm / multipath command
 * lines it runs, the device it waits for and what it removes, in a
 * hand-made ROOT with recording stand-ins for iscsiadm and multipath (the
 * end-to-end device behaviour is the fake host's, in test_xapi_dp.c).
 *
 * The stand-ins are shell scripts written by the test into its temp dir:
 * each appends its argv as one line to ROOT/calls and answers as the real
 * tool would for the case the test sets up.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/suite_one.h"
#include "xs.h"

static char root[256];

static void put(const char *rel, const char *text)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof path, "%s%s", root, rel);
	snprintf(dir, sizeof dir, "%s", path);
	for (char *p = dir + 1; (slash = strchr(p, '/')); p = slash + 1) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void link_to(const char *rel, const char *target)
{
	char path[512];

	snprintf(path, sizeof path, "%s%s", root, rel);
	unlink(path);
	ck_assert_int_eq(symlink(target, path), 0);
}

static char *slurp(const char *rel)
{
	char path[512];
	static char buf[8192];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* A stand-in tool: records its argv, then runs body (sh). */
static void tool(const char *name, const char *body)
{
	char rel[128], text[4096];
	char path[512];

	snprintf(rel, sizeof rel, "/bin/%s", name);
	snprintf(text, sizeof text, "#!/bin/sh\necho \"%s $*\" >> \"%s/calls\"\n%s\n", name, root,
		 body);
	put(rel, text);
	snprintf(path, sizeof path, "%s%s", root, rel);
	chmod(path, 0755);
}

static void setup(void)
{
	char path[600];

	snprintf(root, sizeof root, "/tmp/slgw-xshost-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	setenv("SLGW_XS_ROOT", root, 1);
	setenv("SLGW_XS_DEVICE_TIMEOUT", "2", 1);
	snprintf(path, sizeof path, "%s/bin:/usr/bin:/bin", root);
	setenv("PATH", path, 1);
}

static void teardown(void)
{
	char cmd[400];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (!strncmp(root, "/tmp/slgw-xshost-", 17))
		(void)system(cmd);
}

START_TEST(identity_from_host_files)
{
	struct xs_host_id h;
	struct xs_err e = { .code = "" };

	put("/etc/xensource-inventory",
	    "BUILD_NUMBER='1'\nINSTALLATION_UUID='6a2d7c1e-1f0b-4a51-9c3e-2b8f4e0a9d11'\n"
	    "MANAGEMENT_INTERFACE='lo'\n");
	put("/etc/iscsi/initiatorname.iscsi", "# comment\nInitiatorName=iqn.2026-01.test:h1\n");
	put("/sys/class/fc_host/host3/port_name", "0x5001438001234567\n");
	put("/sys/class/fc_host/host4/port_name", "0x50014380012345AB\n");
	put("/sys/class/fc_host/host5/port_name", "garbage\n");
	ck_assert_int_eq(xs_host_identity(&h, &e), 0);
	ck_assert_str_eq(h.uuid, "6a2d7c1e-1f0b-4a51-9c3e-2b8f4e0a9d11");
	ck_assert_str_eq(h.iqn, "iqn.2026-01.test:h1");
	ck_assert_str_eq(h.address, "127.0.0.1");
	ck_assert_int_eq(h.nwwpn, 2);
	ck_assert_str_eq(h.wwpn[0], "50:01:43:80:01:23:45:67");
	ck_assert_str_eq(h.wwpn[1], "50:01:43:80:01:23:45:ab");
	/* a bad initiator name is refused, not sent to the gateway */
	put("/etc/iscsi/initiatorname.iscsi", "InitiatorName=iqn.x;rm -rf /\n");
	ck_assert_int_eq(xs_host_identity(&h, &e), -1);
	ck_assert_str_eq(e.code, "HOST_ERROR");
	/* no inventory: no identity */
	put("/etc/xensource-inventory", "BUILD_NUMBER='1'\n");
	ck_assert_int_eq(xs_host_identity(&h, &e), -1);
}
END_TEST

static json_t *targets(void)
{
	return json_pack("[{s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s},{s:s,s:s,s:s,s:s},{s:s,s:s,s:s}]",
			 "sp", "A", "protocol", "iscsi", "iqn", "iqn.1992-04.com.emc:cx.apm1.a2",
			 "portal", "192.0.2.100:3260",
			 "sp", "B", "protocol", "iscsi", "iqn", "iqn.1992-04.com.emc:cx.apm1.b2",
			 "portal", "198.51.100.100:3260",
			 "sp", "B", "protocol", "iscsi", "iqn", "iqn.1992-04.com.emc:cx.apm1.b3",
			 "portal", "198.51.100.101:3260",
			 "sp", "A", "protocol", "fc", "wwpn", "50:06:01:60:3e:a0:12:34");
}

START_TEST(iscsi_login_skips_existing_sessions)
{
	struct xs_err e = { .code = "" };
	json_t *t = targets();
	const char *calls;

	/* one session exists (SP A); discovery and login for the other two,
	 * then a rescan; FC targets are not iSCSI's business */
	tool("iscsiadm",
	     "case \"$*\" in\n"
	     "'-m session') echo 'tcp: [1] 192.0.2.100:3260,1 iqn.1992-04.com.emc:cx.apm1.a2 "
	     "(non-flash)'; exit 0;;\n"
	     "*) exit 0;;\nesac");
	ck_assert_int_eq(xs_iscsi_login(t, &e), 0);
	calls = slurp("/calls");
	ck_assert_str_eq(calls,
			 "iscsiadm -m session\n"
			 "iscsiadm -m discovery -t sendtargets -p 198.51.100.100:3260\n"
			 "iscsiadm -m node -T iqn.1992-04.com.emc:cx.apm1.b2 -p 198.51.100.100:3260 --login\n"
			 "iscsiadm -m discovery -t sendtargets -p 198.51.100.101:3260\n"
			 "iscsiadm -m node -T iqn.1992-04.com.emc:cx.apm1.b3 -p 198.51.100.101:3260 --login\n"
			 "iscsiadm -m session -R\n");
	json_decref(t);
}
END_TEST

START_TEST(iscsi_login_no_sessions_and_failures)
{
	struct xs_err e = { .code = "" };
	json_t *t = targets();

	/* exit 21 = no sessions yet; one portal refuses: the others are
	 * enough */
	tool("iscsiadm",
	     "case \"$*\" in\n"
	     "'-m session') exit 21;;\n"
	     "*198.51.100.101*) exit 8;;\n"
	     "*) exit 0;;\nesac");
	ck_assert_int_eq(xs_iscsi_login(t, &e), 0);
	ck_assert_ptr_nonnull(strstr(slurp("/calls"), "-m session -R"));
	/* every login fails: the error says which */
	{
		char calls_path[600];

		snprintf(calls_path, sizeof calls_path, "%s/calls", root);
		unlink(calls_path);
	}
	tool("iscsiadm", "case \"$*\" in\n'-m session') exit 21;;\n*) exit 8;;\nesac");
	ck_assert_int_eq(xs_iscsi_login(t, &e), -1);
	ck_assert_str_eq(e.code, "HOST_ERROR");
	ck_assert_ptr_null(strstr(slurp("/calls"), "-m session -R"));
	json_decref(t);
}
END_TEST

START_TEST(fc_scan_writes_every_host)
{
	struct xs_err e = { .code = "" };

	ck_assert_int_eq(xs_fc_scan(&e), -1);  /* no SCSI host at all */
	put("/sys/class/scsi_host/host0/scan", "");
	put("/sys/class/scsi_host/host1/scan", "");
	ck_assert_int_eq(xs_fc_scan(&e), 0);
	ck_assert_str_eq(slurp("/sys/class/scsi_host/host0/scan"), "- - -");
	ck_assert_str_eq(slurp("/sys/class/scsi_host/host1/scan"), "- - -");
}
END_TEST

#define NAA "600601602209123a00000001aabbccdd"

START_TEST(wait_prefers_the_multipath_map)
{
	struct xs_err e = { .code = "" };
	char dev[1024], want[600];

	/* nothing appears: bounded wait, a clear error */
	ck_assert_int_eq(xs_wait_device(dev, sizeof dev, NAA, &e), -1);
	ck_assert_str_eq(e.code, "DEVICE_TIMEOUT");
	/* one path, no multipath: the SCSI device */
	put("/dev/sdc", "");
	put("/dev/disk/by-id/.keep", "");
	link_to("/dev/disk/by-id/scsi-3" NAA, "../../sdc");
	ck_assert_int_eq(xs_wait_device(dev, sizeof dev, NAA, &e), 0);
	snprintf(want, sizeof want, "%s/dev/disk/by-id/scsi-3%s", root, NAA);
	ck_assert_str_eq(dev, want);
	/* the map, when there is one */
	put("/dev/dm-0", "");
	link_to("/dev/disk/by-id/dm-uuid-mpath-3" NAA, "../../dm-0");
	ck_assert_int_eq(xs_wait_device(dev, sizeof dev, NAA, &e), 0);
	snprintf(want, sizeof want, "%s/dev/disk/by-id/dm-uuid-mpath-3%s", root, NAA);
	ck_assert_str_eq(dev, want);
}
END_TEST

START_TEST(remove_flushes_then_deletes_paths)
{
	struct xs_err e = { .code = "" };
	const char *calls;

	/* nothing there: nothing to do, no error */
	ck_assert_int_eq(xs_remove_device(NAA, &e), 0);
	put("/dev/disk/by-id/.keep", "");
	put("/sys/block/dm-2/dm/name", "3" NAA "\n");
	put("/sys/block/dm-2/slaves/sdd", "");
	put("/sys/block/dm-2/slaves/sde", "");
	put("/sys/block/sdd/device/delete", "");
	put("/sys/block/sde/device/delete", "");
	link_to("/dev/disk/by-id/dm-uuid-mpath-3" NAA, "../../dm-2");
	link_to("/dev/disk/by-id/scsi-3" NAA, "../../sdd");
	/* multipath -f refuses (in use): an error, paths untouched */
	tool("multipath", "exit 1");
	ck_assert_int_eq(xs_remove_device(NAA, &e), -1);
	ck_assert_str_eq(e.code, "HOST_ERROR");
	ck_assert_str_eq(slurp("/sys/block/sdd/device/delete"), "");
	/* multipath -f flushes (the stand-in removes the link as the real
	 * one makes udev do): both paths deleted */
	{
		char body[700];

		snprintf(body, sizeof body, "rm -f '%s/dev/disk/by-id/dm-uuid-mpath-3%s'", root, NAA);
		tool("multipath", body);
	}
	ck_assert_int_eq(xs_remove_device(NAA, &e), 0);
	calls = slurp("/calls");
	ck_assert_ptr_nonnull(strstr(calls, "multipath -f 3" NAA "\n"));
	ck_assert_str_eq(slurp("/sys/block/sdd/device/delete"), "1");
	ck_assert_str_eq(slurp("/sys/block/sde/device/delete"), "1");
}
END_TEST

START_TEST(wwn_to_naa)
{
	char naa[40];

	ck_assert_int_eq(xs_wwn_to_naa(naa, sizeof naa,
				       "60:06:01:60:22:09:12:3A:00:00:00:01:AA:BB:CC:DD"), 0);
	ck_assert_str_eq(naa, NAA);
	ck_assert_int_eq(xs_wwn_to_naa(naa, sizeof naa, "60:06:zz"), -1);
	ck_assert_int_eq(xs_wwn_to_naa(naa, sizeof naa, "6006"), -1);
}
END_TEST

START_TEST(records_are_private)
{
	struct xs_err e = { .code = "" };
	json_t *rec = json_pack("{s:{s:s},s:s}", "configuration", "password", "secret",
				"host-id", "7"), *back = NULL;
	char path[600];
	struct stat st;

	ck_assert_int_eq(xs_sr_record_write("sr-1", rec, &e), 0);
	snprintf(path, sizeof path, "%s/run/slgw-xapi/sr/sr-1.json", root);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/run/slgw-xapi/sr", root);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	ck_assert_int_eq(xs_sr_record_read(&back, "sr-1", &e), 0);
	ck_assert(json_equal(rec, back));
	json_decref(back);
	ck_assert_int_eq(xs_sr_record_remove("sr-1"), 0);
	ck_assert_int_eq(xs_sr_record_read(&back, "sr-1", &e), -1);
	ck_assert_str_eq(e.code, "Sr_not_attached");
	ck_assert_int_eq(xs_sr_record_read(&back, "../x", &e), -1);
	ck_assert_str_eq(e.code, "SR_does_not_exist");
	json_decref(rec);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("xapi_host", "host", setup, teardown, 60, identity_from_host_files,
		iscsi_login_skips_existing_sessions, iscsi_login_no_sessions_and_failures,
		fc_scan_writes_every_host, wait_prefers_the_multipath_map,
		remove_flushes_then_deletes_paths, wwn_to_naa, records_are_private);
}
