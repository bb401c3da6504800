/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fh_multipath.c - the fake `multipath` (multipath-tools syntax):
 *
 *   multipath -f MAP    flush one map (name 3<naa>, dm-N or a /dev path):
 *                       "MAP: map in use" and exit 1 while it is open
 *                       (ROOT/run/fakehost/open/<name> exists), "MAP is not
 *                       a multipath device" and exit 1 when there is none
 *   multipath -F        flush every map not in use
 *   multipath [-r] [-v N]   (re)build a map for every WWID that has paths
 *   multipath -l | -ll [MAP]  the topology, in multipath -ll's layout
 * With multipath off (no ROOT/etc/multipath.conf) building does nothing, as
 * the real tool refuses to run without its configuration.
 */
#include "fakehost.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int is_open(const fh_ctx *c, const json_t *m)
{
	char p[FH_PATH_MAX];
	return fh_path(p, sizeof(p), c, "run/fakehost/open/3%s", fh_str(m, "naa")) == 0 && access(p, F_OK) == 0;
}

static void show_map(fh_ctx *c, const json_t *m)
{
	json_t *d;
	size_t i;
	int n = 0, k = 0;
	long long blocks = 0;

	json_array_foreach(fh_arr(c->st, "devices"), i, d)
		if (!strcmp(fh_str(d, "naa"), fh_str(m, "naa"))) {
			n++;
			blocks = fh_int(d, "blocks");
		}
	printf("3%s dm-%lld DGC,VRAID\n", fh_str(m, "naa"), fh_int(m, "n"));
	printf("size=%.1fG features='1 queue_if_no_path' hwhandler='1 alua' wp=rw\n",
	       (double)blocks / 2097152.0);
	json_array_foreach(fh_arr(c->st, "devices"), i, d) {
		if (strcmp(fh_str(d, "naa"), fh_str(m, "naa")))
			continue;
		k++;
		printf("%s-+- policy='service-time 0' prio=%d status=%s\n", k == n ? "`" : "|",
		       k == 1 ? 50 : 10, k == 1 ? "active" : "enabled");
		printf("%s `- %lld:0:%lld:%lld %s 8:%lld active ready running\n", k == n ? " " : "|",
		       fh_int(d, "host"), fh_int(d, "target"), fh_int(d, "lun"), fh_str(d, "name"),
		       fh_int(d, "index") * 16);
	}
}

int fh_multipath_main(int argc, char **argv)
{
	const char *flush = NULL, *list_map = NULL;
	int flush_all = 0, list = 0, rc = 0;
	fh_ctx c;
	json_t *m;
	size_t i;

	for (int a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "-f") && a + 1 < argc)
			flush = argv[++a];
		else if (!strcmp(argv[a], "-F"))
			flush_all = 1;
		else if (!strcmp(argv[a], "-l") || !strcmp(argv[a], "-ll"))
			list = 1;
		else if (!strcmp(argv[a], "-v") && a + 1 < argc)
			a++;
		else if (!strcmp(argv[a], "-r") || !strncmp(argv[a], "-v", 2))
			;
		else if (argv[a][0] != '-' && list && !list_map)
			list_map = argv[a];
		else {
			fprintf(stderr, "multipath: invalid argument '%s'\n", argv[a]);
			return 1;
		}
	}
	if (fh_open(&c, fh_env_root()))
		return 1;
	fh_settle(&c);
	if (flush) {
		m = fh_map_find(&c, flush);
		if (!m) {
			fprintf(stderr, "%s is not a multipath device\n", flush);
			rc = 1;
		} else if (is_open(&c, m)) {
			fprintf(stderr, "3%s: map in use\n", fh_str(m, "naa"));
			rc = 1;
		} else {
			fh_map_remove(&c, m);
		}
	} else if (flush_all) {
		for (i = json_array_size(fh_arr(c.st, "maps")); i-- > 0;) {
			m = json_array_get(fh_arr(c.st, "maps"), i);
			if (is_open(&c, m)) {
				fprintf(stderr, "3%s: map in use\n", fh_str(m, "naa"));
				rc = 1;
			} else {
				fh_map_remove(&c, m);
			}
		}
	} else if (list) {
		json_array_foreach(fh_arr(c.st, "maps"), i, m)
			if (!list_map || fh_map_find(&c, list_map) == m)
				show_map(&c, m);
	} else if (!fh_multipath_on(&c)) {
		fprintf(stderr, "multipath: /etc/multipath.conf does not exist\n");
		rc = 1;
	} else {
		rc = fh_sync_maps(&c, 1) ? 1 : 0;
	}
	if (fh_close(&c))
		rc = 1;
	return rc;
}
