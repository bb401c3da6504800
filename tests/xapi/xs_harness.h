/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_harness.h - run the installed command names of the SMAPIv3 plugin
 * the way xapi-storage-script does, for the xapi tests and the xapi
 * benchmark.
 *
 * A call execs <tree>/volume/org.xen.xapi.storage.slgw/<Method> (or
 * <tree>/datapath/slgw/<Method>) with --json, writes the arguments as one
 * JSON line on its stdin, and reads its stdout and exit status, with
 * SLGW_XS_ROOT set to a host root of the caller's (an explicit
 * environment, so threads can drive several roots at once).
 */
#ifndef SLGW_TEST_XS_HARNESS_H
#define SLGW_TEST_XS_HARNESS_H

#include <jansson.h>

struct xsh_host {
	char root[512];      /* SLGW_XS_ROOT of this host */
	char uuid[40];       /* its installation UUID */
	char iqn[128];
	char path[1024];     /* PATH for the tools (fake ones first), or "" */
	char env[4][600];    /* more "NAME=value" for the commands, or "" */
};

/* xsh_call: runs Method of the volume (datapath = 0) or datapath tree at
 * tree for host h with args (not stolen). Returns the parsed stdout (any
 * JSON value, NULL when it was not JSON) and the exit status in *status
 * (-1 when it did not exit). */
json_t *xsh_call(const char *tree, int datapath, const struct xsh_host *h, const char *method,
		 const json_t *args, int *status);

/* xsh_call_raw: the same with raw stdin text; stdout (malloc'ed) back. */
char *xsh_call_raw(const char *tree, int datapath, const struct xsh_host *h, const char *method,
		   const char *stdin_text, int *status);

/* xsh_host_files: a bare host root (no fake device tree): the inventory
 * and the initiator name file. 0 or -1. */
int xsh_host_files(const struct xsh_host *h);

/* xsh_fake_host: makes h a host of the fake (tests/xapi/fakehost): runs
 * `fakehost setup` for h's root, uuid and iqn (wwpn and multipath when
 * given), puts iscsiadm and multipath (symlinks to the fake) in ROOT/bin,
 * first on h's PATH, sets the fake's environment (FAKEHOST_ROOT,
 * NAVISIM_HOME, FAKEHOST_NAVISIM) and the inventory's management
 * interface (lo). h->root, uuid and iqn must be set. 0 or -1. */
int xsh_fake_host(struct xsh_host *h, const char *fakehost, const char *navisim_home,
		  const char *navisim, int multipath, const char *wwpn);

/* xsh_run: runs argv (argv[0] a path) in h's environment; exit status. */
int xsh_run(const struct xsh_host *h, char *const argv[]);

/* xsh_run_out: the same, with its stdout (malloc'ed) returned. */
char *xsh_run_out(const struct xsh_host *h, char *const argv[], int *status);

/* xsh_config: the device-config for the demo gateway at port, user
 * tenant, with cacert, on system "demo" and pool (NULL: no system/pool). */
json_t *xsh_config(int port, const char *password, const char *cacert, const char *pool);

#endif
