/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_xapi_args.c - libFuzzer target for what xapi-storage-script hands
 * the SMAPIv3 plugin: one JSON object on stdin, checked by xs_read_args
 * and then by each command's own argument checks.
 *
 * Input: the first byte picks the method, the rest is the JSON text.
 * ('a' + i, modulo the table below: 'a' Plugin.Query ... 'y'
 * Datapath.close, 'z' the public checks that SR.probe / SR.create /
 * SR.attach use, '{' the volume record built from a gateway object.)
 * The JSON goes through the real entry point: it is written to a pipe
 * that becomes descriptor 0, and xs_read_args reads stdin as the plugin's
 * main() does.  There is no function that takes the text itself.
 *
 * Why the commands can run here without a gateway or a host: the plugin's
 * ROOT (SLGW_XS_ROOT) is an empty temp directory, so every command below
 * stops at "Sr_not_attached" when it reads the SR's record, which it does
 * before it opens the gateway or runs a host tool; PATH is an empty
 * directory as well.  SR.probe, SR.create and SR.attach are left out: they
 * take the gateway's address from the arguments and would connect to it
 * (their static check_config is not reachable; 'z' runs the public
 * getters they start with).  The lock files the commands create are
 * removed after each input, the tree at exit.
 *
 * Checked for any input (abort() when not):
 *  - a command that fails leaves an error code and at most two
 *    terminated parameters, which xs_err_json / json_dumps can print;
 *  - a result, when there is one, serialises;
 *  - no command leaves a descriptor open (the lowest free descriptor is
 *    the same before and after);
 *  - xs_wwn_to_naa answers 16 or 32 lower-case hex digits or -1;
 *  - xs_parse_key accepts only what it can copy into its buffer whole.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char root[64];
static char lockdir[128];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void cleanup(void)
{
	if (root[0])
		nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char bin[128];

	(void)argc;
	(void)argv;
	snprintf(root, sizeof root, "%s/slgw-xs-fuzz-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(root))
		abort();
	snprintf(bin, sizeof bin, "%s/nobin", root);
	snprintf(lockdir, sizeof lockdir, "%s/run/slgw-xapi/lock", root);
	if (mkdir(bin, 0700) || setenv("SLGW_XS_ROOT", root, 1) || setenv("PATH", bin, 1))
		abort();
	atexit(cleanup);
	return 0;
}

/* Lock files are named after the fuzzed SR and key: drop them. */
static void clear_locks(void)
{
	DIR *d = opendir(lockdir);
	struct dirent *de;
	char p[512];

	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(p, sizeof p, "%s/%s", lockdir, de->d_name);
			unlink(p);
		}
	closedir(d);
}

static int lowest_free_fd(void)
{
	int fd = dup(2);

	if (fd < 0)
		abort();
	close(fd);
	return fd;
}

/* Makes buf the process's stdin, as xapi-storage-script's pipe is.  The
 * pipe is grown to hold the input; what does not fit is cut (inputs are
 * capped at 64 KiB under ctest, the pipe's default size). */
static void set_stdin(const char *buf, size_t len)
{
	int p[2];
	size_t off = 0;

	if (pipe2(p, O_CLOEXEC))
		abort();
	if (len > 65536)
		(void)fcntl(p[1], F_SETPIPE_SZ, (int)(len < (1 << 20) ? len : (1 << 20)));
	if (fcntl(p[1], F_SETFL, O_NONBLOCK))
		abort();
	while (off < len) {
		ssize_t w = write(p[1], buf + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(p[1]);
	if (dup2(p[0], 0) < 0)
		abort();
	close(p[0]);
	clearerr(stdin);
}

static void check_err(const struct xs_err *e)
{
	json_t *j;
	char *s;

	if (!e->code[0] || !memchr(e->code, '\0', sizeof e->code) || e->nparams < 0 ||
	    e->nparams > 2)
		abort();
	for (int i = 0; i < e->nparams; i++)
		if (!memchr(e->params[i], '\0', sizeof e->params[i]))
			abort();
	j = xs_err_json(e);
	s = j ? json_dumps(j, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;
	if (!s)
		abort();
	free(s);
	json_decref(j);
}

static void check_result(json_t *r)
{
	char *s;

	if (!r)
		return;
	s = json_dumps(r, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	if (!s)
		abort();
	free(s);
}

/* What SR.probe / SR.create / SR.attach check before the gateway, with the
 * public getters, and the small parsers of keys and WWNs. */
static void fuzz_checks(const json_t *args)
{
	struct xs_err e = { .code = "" };
	const json_t *c;
	const char *s;
	int64_t i64;
	bool b;

	if (xs_arg_config(&c, args, "configuration", &e) == 0) {
		const char *k;
		const json_t *v;

		json_object_foreach((json_t *)c, k, v)
			if (!json_is_string(v))
				abort();
	}
	if (xs_arg_str(&s, args, "uuid", false, &e) == 0)
		xs_check_sr_uuid(s, &e);
	if (xs_arg_str(&s, args, "sr", false, &e) == 0)
		xs_check_sr_uuid(s, &e);
	(void)xs_arg_str(&s, args, "name", true, &e);
	(void)xs_arg_str(&s, args, "description", true, &e);
	(void)xs_arg_i64(&i64, args, "size", &e);
	(void)xs_arg_bool(&b, args, "persistent", true, &e);
	if (xs_arg_str(&s, args, "key", false, &e) == 0) {
		char id[64];
		bool snap;

		if (xs_parse_key(&snap, id, sizeof id, s, &e) == 0 && strcmp(id, s + 1))
			abort();
	}
	if (xs_arg_str(&s, args, "wwn", false, &e) == 0) {
		char naa[40];

		if (xs_wwn_to_naa(naa, sizeof naa, s) == 0) {
			size_t n = strlen(naa);

			if ((n != 16 && n != 32) || strspn(naa, "0123456789abcdef") != n)
				abort();
		}
	}
	check_err(e.code[0] ? &e : &(struct xs_err){ .code = "none" });
}

/* The IDL volume record of the object as if the gateway had sent it. */
static void fuzz_volume_json(const json_t *obj)
{
	for (int snap = 0; snap < 2; snap++) {
		json_t *v = xs_volume_json("fuzz-sr", obj, snap);

		if (!v || !json_is_string(json_object_get(v, "key")))
			abort();
		check_result(v);
		json_decref(v);
	}
}

/* What the first byte picks ('a' + i, modulo the list): a command of the
 * volume plugin by name, of the datapath plugin as "datapath:" + name,
 * both run from the plugin's own tables (xs_command_find); then the two
 * that are not commands. */
static const char *const methods[] = {
	"Plugin.Query",            /* a */
	"datapath:Plugin.Query",
	"Plugin.diagnostics",
	"SR.detach",               /* d */
	"SR.destroy",
	"SR.stat",
	"SR.ls",
	"SR.set_name",
	"SR.set_description",
	"Volume.create",           /* j */
	"Volume.destroy",
	"Volume.snapshot",
	"Volume.clone",
	"Volume.resize",
	"Volume.stat",
	"Volume.set",
	"Volume.unset",
	"Volume.set_name",
	"Volume.set_description",
	"datapath:Datapath.open",  /* t */
	"datapath:Datapath.attach",
	"datapath:Datapath.activate",
	"datapath:Datapath.deactivate",
	"datapath:Datapath.detach",
	"datapath:Datapath.close", /* y */
	"checks",                  /* z */
	"volume record",           /* { */
};
#define NMETHODS (sizeof methods / sizeof methods[0])

/* The plugin's command for an entry of methods, or NULL (not a command). */
static xs_cmd_fn method_fn(const char *name)
{
	static const char dp[] = "datapath:";
	const struct xs_command *c = strncmp(name, dp, sizeof dp - 1)
					     ? xs_command_find(xs_volume_commands, name)
					     : xs_command_find(xs_datapath_commands, name + sizeof dp - 1);

	return c ? c->fn : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_err e = { .code = "" };
	json_t *args = NULL, *result = NULL;
	xs_cmd_fn fn;
	size_t m;
	int fd0;

	if (size < 1)
		return 0;
	m = (uint8_t)(data[0] - 'a') % NMETHODS;
	set_stdin((const char *)data + 1, size - 1);
	fd0 = lowest_free_fd();
	if (xs_read_args(&args, &e)) {
		if (args)
			abort();
		check_err(&e);
		return 0;
	}
	if (!json_is_object(args))
		abort();
	fn = method_fn(methods[m]);
	if (!fn) {
		if (m == NMETHODS - 1)
			fuzz_volume_json(args);
		else
			fuzz_checks(args);
	} else if (fn(&result, args, &e)) {
		check_err(&e);
		json_decref(result); /* a failed command should leave none; free it anyway */
	} else {
		check_result(result);
		json_decref(result);
	}
	json_decref(args);
	if (lowest_free_fd() != fd0)
		abort(); /* a descriptor (lock, record, pipe) left open */
	clear_locks();
	return 0;
}
