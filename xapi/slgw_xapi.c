/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw_xapi.c - main() of slgw-xapi, the SMAPIv3 plugin, one binary for
 * every method.
 *
 * xapi-storage-script runs <plugin dir>/<Method> --json with the arguments
 * on stdin. Each <Method> is a symlink to this binary, so main dispatches
 * on basename(argv[0]). Plugin.Query exists in both trees (volume and
 * datapath) with different answers: the name of the directory above the
 * plugin's tells them apart (".../datapath/slgw/Plugin.Query"). The binary
 * can also be run as `slgw-xapi <Method>` (tests, debugging).
 *
 * Exit status: 0 with the result on stdout; 1 with the error object on
 * stdout (xapi-storage-script reads both from stdout); 2 for a method this
 * binary does not know.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs.h"

/* Is argv0 inside a datapath tree (<...>/datapath/<plugin>/<Method>)? */
static int in_datapath_tree(const char *argv0)
{
	char copy[PATH_MAX], *dir, *parent;

	snprintf(copy, sizeof copy, "%s", argv0);
	dir = dirname(copy);          /* .../datapath/slgw */
	parent = dirname(dir);        /* .../datapath */
	return !strcmp(basename(parent), "datapath");
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	const char *method;
	const struct xs_command *cmd;
	struct xs_err err = { .code = "" };
	json_t *args = NULL, *result = NULL;
	int datapath, i = 1;

	snprintf(self, sizeof self, "%s", argc > 0 ? argv[0] : "slgw-xapi");
	method = basename(self);
	datapath = in_datapath_tree(argc > 0 ? argv[0] : "");
	if (!strcmp(method, "slgw-xapi")) {
		/* slgw-xapi [--datapath] <Method> [--json] */
		if (i < argc && !strcmp(argv[i], "--datapath")) {
			datapath = 1;
			i++;
		}
		if (i >= argc) {
			fprintf(stderr, "usage: slgw-xapi [--datapath] <Method> --json < args.json\n");
			return 2;
		}
		method = argv[i++];
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--json") && strcmp(argv[i], "-j")) {
			fprintf(stderr, "%s: unknown option %s (only --json)\n", method, argv[i]);
			return 2;
		}
	}
	cmd = xs_command_find(datapath ? xs_datapath_commands : xs_volume_commands, method);
	if (!cmd) {
		xs_fail(&err, "Unimplemented", "%s", method);
		xs_print_error(&err);
		return 2;
	}
	if (xs_read_args(&args, &err) || cmd->fn(&result, args, &err)) {
		json_decref(args);
		xs_print_error(&err);
		return 1;
	}
	xs_print_result(result);
	json_decref(result);
	json_decref(args);
	return 0;
}
