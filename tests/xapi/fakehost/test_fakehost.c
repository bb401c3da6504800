/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fakehost.c - the fake host against navisim directly, no gateway.
 *
 * Each test gets a temp dir with its own NAVISIM_HOME (one array "a1",
 * SPs 192.0.2.10/11, iSCSI portals 192.0.2.100/101 on SP A ports 2/3 and
 * 198.51.100.100/101 on SP B) and its own host root, and drives the built
 * iscsiadm / multipath / fakehost by name from PATH (the bin dir first),
 * the way the plugin will.  The array is changed only with navisim's own
 * naviseccli syntax, so what the fake shows must follow from what the
 * array presents: no device before mapping, none without a login or scan,
 * one per path, and the kernel's habits (a scan never removes; delete and
 * flush do; what is gone stays gone).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fakehost_helper.h"
#include "../../common/suite_run.h"

extern char **environ;

#define IQN "iqn.2026-01.com.example:xs1"
#define UUID "11111111-1111-4111-8111-111111111111"
#define WWPN "21:00:00:24:ff:3d:c0:d4"
#define FC_UID "20:00:00:24:ff:3d:c0:d4:" WWPN

static char tmp[512], root[600], home[600];

typedef struct res {
	char out[65536];
	int status;
} res;

/* Run argv (argv[0] looked up on PATH), stdout+stderr into r->out. */
static int run(res *r, const char *const *argv)
{
	char path[700];
	int fd, status = 0;
	ssize_t n;
	pid_t pid;
	posix_spawn_file_actions_t fa;

	snprintf(path, sizeof(path), "%s/out.txt", tmp);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	posix_spawn_file_actions_adddup2(&fa, fd, 2);
	ck_assert_int_eq(posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	waitpid(pid, &status, 0);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, r->out, sizeof(r->out) - 1);
	r->out[n > 0 ? n : 0] = '\0';
	close(fd);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	return r->status;
}

#define RUN(r, ...)                                                  \
	do {                                                         \
		const char *const av_[] = { __VA_ARGS__, NULL };     \
		run((r), av_);                                       \
	} while (0)
/* Runs the command, which must exit with status and print want somewhere
 * in its output ("": anything); OK is a command that must succeed. */
#define EXPECT(st_, want, ...)                                                                      \
	do {                                                                                        \
		res r_;                                                                             \
		RUN(&r_, __VA_ARGS__);                                                              \
		ck_assert_msg(r_.status == (st_) && strstr(r_.out, (want)), "%s -> %d: %s",         \
			      (const char *[]){ __VA_ARGS__ }[0], r_.status, r_.out);               \
	} while (0)
#define OK(...) EXPECT(0, "", __VA_ARGS__)
#define NAVI(...) OK(FAKEHOST_NAVISIM_BIN, "-h", "192.0.2.10", __VA_ARGS__)

static int exists(const char *rel)
{
	char p[1024];
	struct stat sb;
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	return lstat(p, &sb) == 0;
}

static void link_of(char *out, size_t len, const char *rel)
{
	char p[1024];
	ssize_t n;
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	n = readlink(p, out, len - 1);
	out[n > 0 ? n : 0] = '\0';
}

static void write_rel(const char *rel, const char *text)
{
	char p[1024];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Wait (bounded) until rel exists (want 1) or not (want 0). */
static int wait_for(const char *rel, int want)
{
	struct timespec ts = { 0, 10 * 1000000L };
	for (int i = 0; i < 500; i++) {
		if (exists(rel) == want)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* The WWN of LUN id as the host names it: 32 lowercase hex digits. */
static void naa_of_lun(char out[33], int id)
{
	res r;
	char num[16];
	const char *u;
	size_t n = 0;

	snprintf(num, sizeof(num), "%d", id);
	RUN(&r, FAKEHOST_NAVISIM_BIN, "-h", "192.0.2.10", "lun", "-list", "-l", num, "-uid");
	ck_assert_int_eq(r.status, 0);
	u = strstr(r.out, "UID:");
	ck_assert_ptr_nonnull(u);
	for (u += 4; *u && *u != '\n' && n < 32; u++)
		if (*u != ' ' && *u != ':')
			out[n++] = (char)(*u >= 'A' && *u <= 'F' ? *u + 32 : *u);
	out[n] = '\0';
	ck_assert_uint_eq(n, 32);
}

static void by_id(char *out, size_t len, const char *prefix, const char *naa)
{
	snprintf(out, len, "dev/disk/by-id/%s%s", prefix, naa);
}

static void setup(void)
{
	char path[4096];
	const char *old = getenv("PATH");

	snprintf(tmp, sizeof(tmp), "%s/fakehost-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(root, sizeof(root), "%s/root", tmp);
	snprintf(home, sizeof(home), "%s/navisim", tmp);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	ck_assert_int_eq(mkdir(home, 0700), 0);
	snprintf(path, sizeof(path), "%s:%s", fakehost_bin_dir(), old ? old : "/usr/bin:/bin");
	setenv("PATH", path, 1);
	setenv("NAVISIM_HOME", home, 1);
	setenv("FAKEHOST_ROOT", root, 1);
	setenv("FAKEHOST_NAVISIM", FAKEHOST_NAVISIM_BIN, 1);
	OK(FAKEHOST_NAVISIM_BIN, "--admin", "create-array", "--name", "a1", "--spa", "192.0.2.10", "--spb",
	   "192.0.2.11", "--serial", "APM00935829814");
	NAVI("lun", "-create", "-capacity", "1", "-sq", "gb", "-poolName", "Pool 0", "-name", "L0");
	NAVI("storagegroup", "-create", "-gname", "xs1");
}

static void teardown(void)
{
	const char *const av[] = { "rm", "-rf", tmp, NULL };
	res r;
	run(&r, av);
}

/* The host's IQN registered on SP sp port p in group xs1. */
static void iscsi_path(const char *sp, const char *port)
{
	NAVI("storagegroup", "-setpath", "-gname", "xs1", "-hbauid", IQN, "-sp", sp, "-spport", port, "-o");
}

static void map_lun(const char *hlu, const char *alu)
{
	NAVI("storagegroup", "-addhlu", "-gname", "xs1", "-hlu", hlu, "-alu", alu);
}

static void host_setup(int multipath)
{
	if (multipath)
		OK("fakehost", "setup", "--root", root, "--uuid", UUID, "--iqn", IQN, "--wwpn", WWPN, "--multipath");
	else
		OK("fakehost", "setup", "--root", root, "--uuid", UUID, "--iqn", IQN, "--wwpn", WWPN);
}

static void login_a2(void)
{
	OK("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", "192.0.2.100:3260");
	OK("iscsiadm", "-m", "node", "-T", "iqn.1992-04.com.emc:cx.apm00935829814.a2", "-p", "192.0.2.100:3260",
	   "--login");
}

static void login_b2(void)
{
	OK("iscsiadm", "-m", "node", "-T", "iqn.1992-04.com.emc:cx.apm00935829814.b2", "-p", "198.51.100.100",
	   "--login");
}

/* The host set up, LUN 0 mapped at hlu on the one path A2, logged in
 * there: the device's by-id name with prefix (scsi-3, dm-uuid-mpath-3)
 * into rel, which must exist. */
static void one_path_mapped(char rel[128], const char *prefix, int multipath, const char *hlu)
{
	char naa[33];

	host_setup(multipath);
	naa_of_lun(naa, 0);
	iscsi_path("a", "2");
	map_lun(hlu, "0");
	login_a2();
	by_id(rel, 128, prefix, naa);
	ck_assert(exists(rel));
}

/* The multipath host with LUN 0 mapped at HLU 7 on the paths A2 and B2,
 * logged in on both. */
static void two_paths_mapped(char naa[33])
{
	host_setup(1);
	naa_of_lun(naa, 0);
	iscsi_path("a", "2");
	iscsi_path("b", "2");
	map_lun("7", "0");
	login_a2();
	login_b2();
}

START_TEST(setup_writes_identity)
{
	char p[1024], buf[256];
	FILE *f;

	host_setup(0);
	snprintf(p, sizeof(p), "%s/etc/xensource-inventory", root);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_str_eq(buf, "INSTALLATION_UUID='" UUID "'\n");
	fclose(f);
	snprintf(p, sizeof(p), "%s/etc/iscsi/initiatorname.iscsi", root);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_str_eq(buf, "InitiatorName=" IQN "\n");
	fclose(f);
	snprintf(p, sizeof(p), "%s/sys/class/fc_host/host1/port_name", root);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), f));
	ck_assert_str_eq(buf, "0x21000024ff3dc0d4\n");
	fclose(f);
	ck_assert(exists("sys/class/scsi_host/host1/scan"));
	ck_assert(!exists("etc/multipath.conf"));
}
END_TEST

START_TEST(refuses_without_root)
{
	res r;
	unsetenv("FAKEHOST_ROOT");
	unsetenv("SLGW_XS_ROOT");
	RUN(&r, "iscsiadm", "-m", "session");
	ck_assert_int_ne(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "FAKEHOST_ROOT"));
}
END_TEST

START_TEST(no_sessions_is_21)
{
	res r;
	host_setup(0);
	RUN(&r, "iscsiadm", "-m", "session");
	ck_assert_int_eq(r.status, 21);
	ck_assert_str_eq(r.out, "iscsiadm: No active sessions.\n");
	EXPECT(21, "", "iscsiadm", "-m", "session", "-R");
	EXPECT(21, "No records found", "iscsiadm", "-m", "node", "-T",
	       "iqn.1992-04.com.emc:cx.apm00935829814.a2", "-p", "192.0.2.100", "--login");
}
END_TEST

START_TEST(discovery_lists_every_portal)
{
	res r;
	host_setup(0);
	RUN(&r, "iscsiadm", "-m", "discovery", "-t", "st", "-p", "198.51.100.100");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "192.0.2.100:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.a2\n"
				"192.0.2.101:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.a3\n"
				"198.51.100.100:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.b2\n"
				"198.51.100.101:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.b3\n");
	EXPECT(4, "Could not perform SendTargets discovery", "iscsiadm", "-m", "discovery", "-t",
	       "sendtargets", "-p", "203.0.113.9:3260");
}
END_TEST

START_TEST(no_device_before_mapping)
{
	char naa[33], rel[128];
	res r;

	host_setup(0);
	naa_of_lun(naa, 0);
	iscsi_path("a", "2");
	login_a2();
	RUN(&r, "iscsiadm", "-m", "session");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.out, "tcp: [1] 192.0.2.100:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.a2 (non-flash)\n");
	by_id(rel, sizeof(rel), "scsi-3", naa);
	ck_assert(!exists(rel));
	ck_assert(!exists("dev/sda"));
	/* Mapped after the login: nothing until a rescan, then the device. */
	map_lun("4", "0");
	OK("fakehost", "settle");
	ck_assert(!exists(rel));
	OK("iscsiadm", "-m", "session", "-R");
	ck_assert(exists(rel));
}
END_TEST

START_TEST(mapping_without_login_gives_nothing)
{
	char naa[33], rel[128];

	host_setup(0);
	naa_of_lun(naa, 0);
	iscsi_path("a", "2");
	map_lun("4", "0");
	OK("fakehost", "settle");
	OK("iscsiadm", "-m", "discovery", "-t", "sendtargets", "-p", "192.0.2.100");
	by_id(rel, sizeof(rel), "scsi-3", naa);
	ck_assert(!exists(rel));
	ck_assert(!exists("dev/sda"));
}
END_TEST

START_TEST(login_gives_the_device)
{
	char rel[128], tgt[64], buf[1024];

	one_path_mapped(rel, "scsi-3", 0, "4");
	link_of(tgt, sizeof(tgt), rel);
	ck_assert_str_eq(tgt, "../../sda");
	ck_assert(exists("dev/sda"));
	ck_assert(exists("sys/block/sda/device/delete"));
	snprintf(buf, sizeof(buf), "%s/sys/block/sda/size", root);
	FILE *f = fopen(buf, "r");
	ck_assert_ptr_nonnull(fgets(tgt, sizeof(tgt), f));
	fclose(f);
	ck_assert_str_eq(tgt, "2097152\n");
	ck_assert(!exists("dev/dm-0")); /* multipath off */
	/* The same login again: open-iscsi's "session exists". */
	EXPECT(15, "already present", "iscsiadm", "-m", "node", "-T",
	       "iqn.1992-04.com.emc:cx.apm00935829814.a2", "-p", "192.0.2.100:3260", "--login");
	/* A portal the host's IQN is not registered on shows nothing more. */
	OK("iscsiadm", "-m", "node", "-T", "iqn.1992-04.com.emc:cx.apm00935829814.a3", "-p", "192.0.2.101",
	   "--login");
	ck_assert(!exists("dev/sdb"));
}
END_TEST

START_TEST(other_hosts_group_is_invisible)
{
	char naa[33], rel[128];

	host_setup(0);
	naa_of_lun(naa, 0);
	NAVI("storagegroup", "-create", "-gname", "xs2");
	NAVI("storagegroup", "-setpath", "-gname", "xs2", "-hbauid", "iqn.2026-01.com.example:xs2", "-sp", "a",
	     "-spport", "2", "-o");
	NAVI("storagegroup", "-addhlu", "-gname", "xs2", "-hlu", "1", "-alu", "0");
	login_a2();
	by_id(rel, sizeof(rel), "scsi-3", naa);
	ck_assert(!exists(rel));
}
END_TEST

START_TEST(multipath_map_has_one_slave_per_path)
{
	char naa[33], rel[128], tgt[64];
	res r;

	two_paths_mapped(naa);
	by_id(rel, sizeof(rel), "dm-uuid-mpath-3", naa);
	link_of(tgt, sizeof(tgt), rel);
	ck_assert_str_eq(tgt, "../../dm-0");
	ck_assert(exists("sys/block/dm-0/slaves/sda"));
	ck_assert(exists("sys/block/dm-0/slaves/sdb"));
	ck_assert(!exists("sys/block/dm-1"));
	RUN(&r, "multipath", "-ll");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "dm-0 DGC,VRAID"));
	ck_assert_ptr_nonnull(strstr(r.out, ":0:0:7 sda"));
	ck_assert_ptr_nonnull(strstr(r.out, ":0:0:7 sdb"));
}
END_TEST

START_TEST(delete_and_flush)
{
	char naa[33], rel[128], mp[128], open_marker[1024];
	pid_t poller;

	two_paths_mapped(naa);
	ck_assert_int_eq(fakehost_poller_start(&poller, root), 0);
	by_id(mp, sizeof(mp), "dm-uuid-mpath-3", naa);
	by_id(rel, sizeof(rel), "scsi-3", naa);
	ck_assert(exists(mp));

	/* In use: refused, nothing changes. */
	snprintf(open_marker, sizeof(open_marker), "%s/run/fakehost/open/3%s", root, naa);
	write_rel(open_marker + strlen(root) + 1, "");
	EXPECT(1, "map in use", "multipath", "-f", mp + strlen("dev/disk/by-id/dm-uuid-mpath-"));
	ck_assert(exists(mp));
	unlink(open_marker);
	OK("multipath", "-f", mp + strlen("dev/disk/by-id/dm-uuid-mpath-"));
	ck_assert(!exists(mp));
	ck_assert(!exists("dev/dm-0"));
	ck_assert(exists(rel)); /* the paths stay until deleted */
	/* A flushed map does not come back by itself. */
	OK("fakehost", "settle");
	ck_assert(!exists(mp));

	write_rel("sys/block/sda/device/delete", "1");
	ck_assert(wait_for("sys/block/sda", 0));
	ck_assert(exists(rel)); /* sdb still carries the WWID */
	write_rel("sys/block/sdb/device/delete", "1");
	ck_assert(wait_for("sys/block/sdb", 0));
	ck_assert(!exists(rel));
	ck_assert(!exists("dev/sda"));

	/* What is already gone. */
	EXPECT(1, "is not a multipath device", "multipath", "-f",
	       mp + strlen("dev/disk/by-id/dm-uuid-mpath-"));
	ck_assert_int_eq(fakehost_poller_stop(poller), 0);
	OK("iscsiadm", "-m", "session", "-R");
	ck_assert(exists(rel)); /* still mapped: a rescan finds it again */
}
END_TEST

START_TEST(last_path_deleted_removes_the_map)
{
	char mp[128];
	pid_t poller;

	one_path_mapped(mp, "dm-uuid-mpath-3", 1, "3");
	ck_assert_int_eq(fakehost_poller_start(&poller, root), 0);
	write_rel("sys/block/sda/device/delete", "1");
	ck_assert(wait_for("sys/block/sda", 0));
	ck_assert(wait_for(mp, 0));
	ck_assert_int_eq(fakehost_poller_stop(poller), 0);
}
END_TEST

START_TEST(unmapped_lun_stays_until_deleted)
{
	char rel[128];

	one_path_mapped(rel, "scsi-3", 0, "4");
	NAVI("storagegroup", "-removehlu", "-gname", "xs1", "-hlu", "4", "-o");
	OK("iscsiadm", "-m", "session", "-R");
	ck_assert(exists(rel)); /* a scan never removes */
	write_rel("sys/block/sda/device/delete", "1");
	OK("fakehost", "settle");
	ck_assert(!exists(rel));
	OK("iscsiadm", "-m", "session", "-R");
	ck_assert(!exists(rel)); /* and does not come back */
}
END_TEST

START_TEST(logout_removes_the_sessions_devices)
{
	char rel[128];

	one_path_mapped(rel, "scsi-3", 0, "4");
	OK("iscsiadm", "-m", "node", "-T", "iqn.1992-04.com.emc:cx.apm00935829814.a2", "-p", "192.0.2.100:3260",
	   "--logout");
	ck_assert(!exists(rel));
	EXPECT(21, "", "iscsiadm", "-m", "session");
	EXPECT(21, "", "iscsiadm", "-m", "node", "-T", "iqn.1992-04.com.emc:cx.apm00935829814.a2",
	       "--logout");
}
END_TEST

START_TEST(sp_down_login_times_out)
{
	host_setup(0);
	iscsi_path("b", "2");
	map_lun("4", "0");
	OK("iscsiadm", "-m", "discovery", "-t", "st", "-p", "192.0.2.100");
	OK(FAKEHOST_NAVISIM_BIN, "--admin", "sp-down", "--name", "a1", "--sp", "B");
	EXPECT(8, "Could not log into all portals", "iscsiadm", "-m", "node", "-T",
	       "iqn.1992-04.com.emc:cx.apm00935829814.b2", "-p", "198.51.100.100", "--login");
	ck_assert(!exists("dev/sda"));
}
END_TEST

static void read_rel(char *out, size_t len, const char *rel)
{
	char p[1024];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	f = fopen(p, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(out, (int)len, f));
	fclose(f);
}

START_TEST(rescan_reads_the_new_size)
{
	char buf[64];

	host_setup(1);
	iscsi_path("a", "2");
	map_lun("4", "0");
	login_a2();
	NAVI("lun", "-expand", "-l", "0", "-capacity", "2", "-sq", "gb", "-o");
	read_rel(buf, sizeof(buf), "sys/block/sda/size");
	ck_assert_str_eq(buf, "2097152\n"); /* not before the device is rescanned */
	write_rel("sys/block/sda/device/rescan", "1");
	OK("fakehost", "settle");
	read_rel(buf, sizeof(buf), "sys/block/sda/size");
	ck_assert_str_eq(buf, "4194304\n");
	read_rel(buf, sizeof(buf), "sys/block/dm-0/size");
	ck_assert_str_eq(buf, "4194304\n");
}
END_TEST

START_TEST(multipath_r_rebuilds_a_flushed_map)
{
	char naa[33], mp[128];

	host_setup(1);
	naa_of_lun(naa, 0);
	iscsi_path("a", "2");
	map_lun("4", "0");
	login_a2();
	by_id(mp, sizeof(mp), "dm-uuid-mpath-3", naa);
	OK("multipath", "-f", "dm-0");
	ck_assert(!exists(mp));
	OK("multipath", "-r");
	ck_assert(exists(mp));
	ck_assert(exists("sys/block/dm-0/slaves/sda"));
}
END_TEST

START_TEST(discovery_login_all)
{
	res r;

	host_setup(0);
	iscsi_path("a", "2");
	iscsi_path("b", "3");
	map_lun("4", "0");
	OK("iscsiadm", "-m", "discovery", "-t", "st", "-p", "192.0.2.100:3260", "--login");
	EXPECT(0, "tcp: [4] 198.51.100.101:3260,1 iqn.1992-04.com.emc:cx.apm00935829814.b3", "iscsiadm",
	       "-m", "session");
	/* two registered paths out of four sessions: two devices */
	ck_assert(exists("dev/sda"));
	ck_assert(exists("dev/sdb"));
	ck_assert(!exists("dev/sdc"));
	/* The WWNs came from navisim's show: no array command of the host's in
	 * the array's log (it would pay the array's latency in a benchmark). */
	RUN(&r, FAKEHOST_NAVISIM_BIN, "--admin", "log", "--name", "a1");
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_null(strstr(r.out, "lun -list"));
	OK("iscsiadm", "-m", "node", "-U", "all");
	ck_assert(!exists("dev/sda"));
	ck_assert(!exists("dev/sdb"));
}
END_TEST

START_TEST(fc_scan_gives_the_device)
{
	char naa[33], rel[128], tgt[64];
	pid_t poller;

	host_setup(0);
	naa_of_lun(naa, 0);
	NAVI("storagegroup", "-setpath", "-gname", "xs1", "-hbauid", FC_UID, "-sp", "a", "-spport", "0", "-o");
	map_lun("2", "0");
	by_id(rel, sizeof(rel), "scsi-3", naa);
	OK("fakehost", "settle");
	ck_assert(!exists(rel)); /* mapped, not scanned */
	ck_assert_int_eq(fakehost_poller_start(&poller, root), 0);
	write_rel("sys/class/scsi_host/host1/scan", "- - -");
	ck_assert(wait_for(rel, 1));
	link_of(tgt, sizeof(tgt), rel);
	ck_assert_str_eq(tgt, "../../sda");
	ck_assert_int_eq(fakehost_poller_stop(poller), 0);
}
END_TEST

START_TEST(fc_without_mapping_scan_gives_nothing)
{
	pid_t poller;

	host_setup(0);
	NAVI("storagegroup", "-setpath", "-gname", "xs1", "-hbauid", FC_UID, "-sp", "a", "-spport", "0", "-o");
	ck_assert_int_eq(fakehost_poller_start(&poller, root), 0);
	write_rel("sys/class/scsi_host/host1/scan", "- - -");
	OK("fakehost", "settle");
	ck_assert_int_eq(fakehost_poller_stop(poller), 0);
	ck_assert(!exists("dev/sda"));
}
END_TEST

START_TEST(poller_stops_when_the_root_goes)
{
	char moved[700];
	struct timespec ts = { 0, 20 * 1000000L };
	pid_t poller;
	int status = 0, gone = 0;

	host_setup(0);
	ck_assert_int_eq(fakehost_poller_start(&poller, root), 0);
	snprintf(moved, sizeof(moved), "%s/moved", tmp);
	ck_assert_int_eq(rename(root, moved), 0);
	for (int i = 0; i < 250 && !gone; i++) {
		gone = waitpid(poller, &status, WNOHANG) == poller;
		nanosleep(&ts, NULL);
	}
	ck_assert_msg(gone, "the poller outlived its root");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_ne(access(root, F_OK), 0); /* and did not bring it back */
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fakehost");

	SUITE_CASE(s, "fakehost", setup, teardown, 60, setup_writes_identity, refuses_without_root,
		no_sessions_is_21, discovery_lists_every_portal, no_device_before_mapping,
		mapping_without_login_gives_nothing, login_gives_the_device,
		other_hosts_group_is_invisible, multipath_map_has_one_slave_per_path,
		delete_and_flush, last_path_deleted_removes_the_map,
		unmapped_lun_stays_until_deleted, logout_removes_the_sessions_devices,
		sp_down_login_times_out, rescan_reads_the_new_size,
		multipath_r_rebuilds_a_flushed_map, discovery_login_all, fc_scan_gives_the_device,
		fc_without_mapping_scan_gives_nothing, poller_stops_when_the_root_goes);
	return suite_run(s);
}
