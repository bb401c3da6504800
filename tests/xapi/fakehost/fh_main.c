/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_main.c - the multi-call entry (basename of argv[0]: iscsiadm,
 * multipath, anything else is `fakehost`) and the fakehost commands:
 *
 *   fakehost setup --root R --uuid U [--iqn IQN] [--wwpn W]... [--multipath]
 *        a host's identity files: etc/xensource-inventory,
 *        etc/iscsi/initiatorname.iscsi, one sys/class/fc_host/hostN and
 *        sys/class/scsi_host/hostN (with a scan file) per WWPN from host1 on,
 *        and etc/multipath.conf with --multipath
 *   fakehost poll [--root R] [--interval-ms MS]
 *        the kernel's side, until SIGTERM/SIGINT, its parent's exit or the
 *        root's removal (so a crashed test leaves none behind): honours device/delete,
 *        device/rescan and scsi_host scan writes every MS (default 20) ms;
 *        writes run/fakehost/poller.pid once it has settled the first time
 *   fakehost settle [--root R]   one such pass
 *   fakehost state [--root R]    the state document on stdout
 *   fakehost iscsiadm|multipath ARGS   as if called by that name
 * --root defaults to FAKEHOST_ROOT / SLGW_XS_ROOT.
 */
#include "fakehost.h"

#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: fakehost setup --root R --uuid U [--iqn IQN] [--wwpn W]... [--multipath]\n"
			"       fakehost poll [--root R] [--interval-ms MS]\n"
			"       fakehost settle [--root R] | fakehost state [--root R]\n"
			"       fakehost iscsiadm|multipath ARGS...\n");
	return 2;
}

static int valid_uuid(const char *u)
{
	if (strlen(u) != 36)
		return 0;
	for (int i = 0; i < 36; i++)
		if ((i == 8 || i == 13 || i == 18 || i == 23) ? u[i] != '-' : !isxdigit((unsigned char)u[i]))
			return 0;
	return 1;
}

/* WWPN as 16 hex digits (colons and a 0x prefix allowed) -> lowercase hex. */
static int wwpn_hex(char out[17], const char *w)
{
	return fh_hex_digits(out, 16, strncasecmp(w, "0x", 2) ? w : w + 2);
}

static int setup(int argc, char **argv)
{
	const char *root = NULL, *uuid = NULL, *iqn = NULL, *wwpn[32];
	int n_wwpn = 0, mp = 0, rc = 0;
	char p[FH_PATH_MAX], txt[512], hex[17];
	fh_ctx c;

	for (int a = 2; a < argc; a++) {
		const char *k = argv[a], *v = a + 1 < argc ? argv[a + 1] : NULL;
		if (!strcmp(k, "--multipath")) {
			mp = 1;
			continue;
		}
		if (!v)
			return usage();
		if (!strcmp(k, "--root"))
			root = v;
		else if (!strcmp(k, "--uuid"))
			uuid = v;
		else if (!strcmp(k, "--iqn"))
			iqn = v;
		else if (!strcmp(k, "--wwpn") && n_wwpn < 32)
			wwpn[n_wwpn++] = v;
		else
			return usage();
		a++;
	}
	if (!root || !uuid || !valid_uuid(uuid) || (!iqn && !n_wwpn) ||
	    (iqn && (strncmp(iqn, "iqn.", 4) || strlen(iqn) > 223 || strpbrk(iqn, " \t\n'\"")))) {
		fprintf(stderr, "fakehost setup: needs --root, a UUID, and a valid --iqn and/or --wwpn\n");
		return 2;
	}
	for (int i = 0; i < n_wwpn; i++)
		if (wwpn_hex(hex, wwpn[i])) {
			fprintf(stderr, "fakehost setup: not a WWPN: %s\n", wwpn[i]);
			return 2;
		}
	if (fh_mkdirs(root, 0755) || fh_open(&c, root))
		return 1;
	static const char *const dirs[] = { "etc/iscsi", "sys/class/fc_host", "sys/class/scsi_host", "sys/block",
					    "dev/disk/by-id", "dev/mapper", "run/fakehost/open" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (fh_path(p, sizeof(p), &c, "%s", dirs[i]) || fh_mkdirs(p, 0755))
			rc = 1;
	snprintf(txt, sizeof(txt), "PRODUCT_BRAND='XenServer'\nINSTALLATION_UUID='%s'\n", uuid);
	if (fh_path(p, sizeof(p), &c, "etc/xensource-inventory") || fh_write_file(p, txt))
		rc = 1;
	if (iqn) {
		snprintf(txt, sizeof(txt), "InitiatorName=%s\n", iqn);
		if (fh_path(p, sizeof(p), &c, "etc/iscsi/initiatorname.iscsi") || fh_write_file(p, txt))
			rc = 1;
	}
	for (int i = 0; i < n_wwpn; i++) {
		wwpn_hex(hex, wwpn[i]);
		snprintf(txt, sizeof(txt), "0x%s\n", hex);
		if (fh_path(p, sizeof(p), &c, "sys/class/fc_host/host%d", i + 1) || fh_mkdirs(p, 0755) ||
		    fh_path(p, sizeof(p), &c, "sys/class/fc_host/host%d/port_name", i + 1) || fh_write_file(p, txt) ||
		    fh_path(p, sizeof(p), &c, "sys/class/scsi_host/host%d", i + 1) || fh_mkdirs(p, 0755) ||
		    fh_path(p, sizeof(p), &c, "sys/class/scsi_host/host%d/scan", i + 1) || fh_write_file(p, ""))
			rc = 1;
	}
	if (mp && (fh_path(p, sizeof(p), &c, "etc/multipath.conf") ||
		   fh_write_file(p, "defaults {\n\tuser_friendly_names no\n}\n")))
		rc = 1;
	/* iSCSI sessions get the scsi host numbers after the HBAs'. */
	if (fh_int(c.st, "next_host") <= n_wwpn) {
		json_object_set_new(c.st, "next_host", json_integer(n_wwpn + 1));
		c.dirty = 1;
	}
	if (fh_close(&c))
		rc = 1;
	if (rc)
		fprintf(stderr, "fakehost setup: cannot write the host's files under %s\n", root);
	return rc;
}

static const char *opt_root(int argc, char **argv, long long *interval)
{
	const char *root = fh_env_root();
	for (int a = 2; a + 1 < argc; a += 2) {
		if (!strcmp(argv[a], "--root"))
			root = argv[a + 1];
		else if (!strcmp(argv[a], "--interval-ms") && interval)
			*interval = strtoll(argv[a + 1], NULL, 10);
	}
	return root;
}

static int once(const char *root)
{
	fh_ctx c;
	int rc;
	if (fh_open(&c, root))
		return 1;
	rc = fh_settle(&c) ? 1 : 0;
	return fh_close(&c) || rc;
}

static int poll_loop(const char *root, long long interval_ms)
{
	struct sigaction sa;
	struct timespec ts;
	char p[FH_PATH_MAX], pid[32];
	int first = 1;
	pid_t parent = getppid();
	fh_ctx c;

	if (interval_ms < 1 || interval_ms > 10000)
		interval_ms = 20;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	ts.tv_sec = interval_ms / 1000;
	ts.tv_nsec = (interval_ms % 1000) * 1000000L;
	/* A poller outlives nothing: it stops when its test process is gone
	 * (reparented) or the root was removed, not only on SIGTERM. */
	while (!stop_flag && getppid() == parent) {
		if (!root || access(root, F_OK))
			break;
		if (fh_open(&c, root))
			return 1;
		fh_settle(&c);
		fh_close(&c);
		if (first) {
			first = 0;
			snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
			if (snprintf(p, sizeof(p), "%s/run/fakehost/poller.pid", root) < (int)sizeof(p))
				fh_write_file(p, pid);
		}
		nanosleep(&ts, NULL);
	}
	if (root && snprintf(p, sizeof(p), "%s/run/fakehost/poller.pid", root) < (int)sizeof(p))
		unlink(p);
	return 0;
}

int fh_fakehost_main(int argc, char **argv)
{
	long long interval = 20;
	const char *root;
	fh_ctx c;

	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "iscsiadm"))
		return fh_iscsiadm_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "multipath"))
		return fh_multipath_main(argc - 1, argv + 1);
	if (!strcmp(argv[1], "setup"))
		return setup(argc, argv);
	root = opt_root(argc, argv, &interval);
	if (!strcmp(argv[1], "poll"))
		return poll_loop(root, interval);
	if (!strcmp(argv[1], "settle"))
		return once(root);
	if (!strcmp(argv[1], "state")) {
		if (fh_open(&c, root))
			return 1;
		json_dumpf(c.st, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
		putchar('\n');
		return fh_close(&c);
	}
	return usage();
}

int main(int argc, char **argv)
{
	const char *b = strrchr(argv[0], '/');
	b = b ? b + 1 : argv[0];
	if (!strcmp(b, "iscsiadm"))
		return fh_iscsiadm_main(argc, argv);
	if (!strcmp(b, "multipath"))
		return fh_multipath_main(argc, argv);
	return fh_fakehost_main(argc, argv);
}
