/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vnxparse_cli.c - the vnxparse tool, run as a user would run it.
 *
 * Each test spawns the built binary (path from CMake) with posix_spawn,
 * stdout and stderr going to files in a per-test mkdtemp directory, then
 * reads every stdout line back with jansson: the output must be JSON Lines
 * with the documented snake_case keys and values, error outputs one
 * {"error": {...}} object, empty output of a modifying command {"ok": true},
 * and bad usage a non-zero exit with a message on stderr.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/suite_run.h"

#ifndef VNXPARSE_BIN
#error "VNXPARSE_BIN must name the vnxparse executable"
#endif
#ifndef SLGW_CAPTURES
#error "SLGW_CAPTURES must name the captures folder"
#endif

extern char **environ;

struct result {
	int status; /* exit status, or -1 when killed */
	char *out;
	char *err;
	json_t *lines[256];
	size_t nlines;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	ck_assert_ptr_nonnull(b);
	size_t r;
	while ((r = fread(b + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			cap *= 2;
			b = realloc(b, cap);
			ck_assert_ptr_nonnull(b);
		}
	}
	fclose(f);
	b[n] = '\0';
	return b;
}

/* When set, stdout is kept as text and not read as JSON Lines (--help). */
static bool g_raw;

/* Runs vnxparse with `args` (NULL-terminated, without argv[0]); stdin from
 * `in` (a path) or /dev/null. */
static void run(struct result *r, const char *const *args, const char *in)
{
	char dir[] = "/tmp/vnxparse-cli-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char outp[64], errp[64];
	snprintf(outp, sizeof(outp), "%s/out", dir);
	snprintf(errp, sizeof(errp), "%s/err", dir);

	char *argv[32];
	size_t k = 0;
	argv[k++] = (char *)VNXPARSE_BIN;
	for (size_t i = 0; args[i] && k < 31; i++)
		argv[k++] = (char *)args[i];
	argv[k] = NULL;

	posix_spawn_file_actions_t fa;
	ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0600), 0);
	pid_t pid;
	ck_assert_int_eq(posix_spawn(&pid, VNXPARSE_BIN, &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	int st;
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r->out = slurp(outp);
	r->err = slurp(errp);
	unlink(outp);
	unlink(errp);
	rmdir(dir);

	r->nlines = 0;
	if (g_raw)
		return;
	char *save = NULL;
	char *copy = strdup(r->out);
	ck_assert_ptr_nonnull(copy);
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_error_t je;
		json_t *j = json_loads(line, 0, &je);
		ck_assert_msg(j != NULL, "not JSON: %s (%s)", line, je.text);
		ck_assert_msg(json_is_object(j), "not an object: %s", line);
		ck_assert_uint_lt(r->nlines, 256);
		r->lines[r->nlines++] = j;
	}
	free(copy);
}

/* run() with stdin from /dev/null that must exit 0 and print nlines JSON lines. */
static void run_ok(struct result *r, const char *const *args, size_t nlines)
{
	run(r, args, NULL);
	ck_assert_int_eq(r->status, 0);
	ck_assert_uint_eq(r->nlines, nlines);
}

/* run_ok of `vnxparse --cmd cmd capture`: the capture read as cmd's output. */
static void run_cmd_ok(struct result *r, const char *cmd, const char *capture, size_t nlines)
{
	const char *args[] = { "--cmd", cmd, capture, NULL };

	run_ok(r, args, nlines);
}

static void result_free(struct result *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		json_decref(r->lines[i]);
	free(r->out);
	free(r->err);
}

#define CAP(name) SLGW_CAPTURES "/" name

static const char *sget(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	ck_assert_msg(json_is_string(v), "key %s is not a string", k);
	return json_string_value(v);
}

static json_int_t iget(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	ck_assert_msg(json_is_integer(v), "key %s is not an integer", k);
	return json_integer_value(v);
}

/* The record's string fields: key, expected value, ... (NULL-ended);
 * EXPECT_STRS(rec, key, value, ...) takes them as arguments. */
static void expect_strs(json_t *rec, const char *const *kv)
{
	for (; kv[0]; kv += 2)
		ck_assert_msg(strcmp(sget(rec, kv[0]), kv[1]) == 0, "%s is \"%s\", expected \"%s\"",
			      kv[0], sget(rec, kv[0]), kv[1]);
}
#define EXPECT_STRS(rec, ...) expect_strs((rec), (const char *const[]){ __VA_ARGS__, NULL })

static void check_lun19(struct result *r)
{
	ck_assert_int_eq(r->status, 0);
	ck_assert_uint_eq(r->nlines, 1);
	json_t *o = r->lines[0];
	ck_assert_int_eq(iget(o, "id"), 19);
	EXPECT_STRS(o,
		    "name", "test_lun",
		    "uid", "60:06:01:60:1A:50:35:00:CC:22:61:D6:76:B1:E4:11",
		    "pool", "Pool4File");
	ck_assert_int_eq(iget(o, "user_capacity_blocks"), 2097152);
	ck_assert_str_eq(sget(o, "current_state"), "Ready");
	ck_assert(json_is_true(json_object_get(o, "is_thin")));
	ck_assert(json_is_null(json_object_get(o, "primary_lun")));
}

START_TEST(lun_from_file_and_stdin)
{
	struct result r;
	const char *a1[] = { "--cmd", "lun -list -all -l 19", CAP("lun_-list_-all_-l_19.txt"), NULL };
	run(&r, a1, NULL);
	check_lun19(&r);
	result_free(&r);
	/* Stdin, with global options (credentials included) skipped. */
	const char *a2[] = { "--cmd", "naviseccli -h 10.0.0.1 -user admin -password secret -scope 0 -np lun -list -all -l 19",
		             "-", NULL };
	run(&r, a2, CAP("lun_-list_-all_-l_19.txt"));
	check_lun19(&r);
	result_free(&r);
	/* The big listing: one line per LUN. */
	run_cmd_ok(&r, "lun -list -all", CAP("lun_-list_-all.txt"), 183);
	result_free(&r);
}
END_TEST

START_TEST(storage_group_snap_pool_agent_port)
{
	struct result r;
	run_cmd_ok(&r, "-np storagegroup -messner -list -host -iscsiAttributes -gname microsoft",
		   CAP("-np_storagegroup_-messner_-list_-host_-iscsiAttributes_-gname_microsoft.txt"), 1);
	json_t *o = r.lines[0];
	EXPECT_STRS(o,
		    "name", "microsoft",
		    "uid", "12:34:56:78:9A:BC:DE:F1:23:45:67:89:AB:CD:EF:01");
	json_t *hbas = json_object_get(o, "hbas");
	ck_assert_uint_eq(json_array_size(hbas), 3);
	ck_assert_str_eq(sget(json_array_get(hbas, 0), "uid"), "iqn.1991-05.com.microsoft:abc.def.dev");
	ck_assert_str_eq(sget(json_array_get(hbas, 0), "sp"), "A");
	ck_assert_int_eq(iget(json_array_get(hbas, 0), "sp_port"), 1);
	ck_assert_str_eq(sget(json_array_get(hbas, 1), "sp"), "B");
	json_t *hlus = json_object_get(o, "hlus");
	ck_assert_uint_eq(json_array_size(hlus), 2);
	ck_assert_int_eq(iget(json_array_get(hlus, 1), "hlu"), 123);
	ck_assert_int_eq(iget(json_array_get(hlus, 1), "alu"), 456);
	result_free(&r);

	run_cmd_ok(&r, "snap -list -detail", CAP("snap_-list_-detail.txt"), 47);
	o = r.lines[0];
	ck_assert_str_eq(sget(o, "state"), "Ready");
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(o, "source_luns"), 0)), 196);
	ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(o, "attached_luns"), 0)), 4062);
	ck_assert_uint_eq(json_array_size(json_object_get(r.lines[2], "attached_luns")), 0);
	result_free(&r);

	run_cmd_ok(&r, "storagepool -list -all", CAP("storagepool_-list_-all.txt"), 5);
	for (size_t i = 0; i < r.nlines; i++) {
		ck_assert_int_ge(iget(r.lines[i], "id"), 0);
		ck_assert_str_eq(sget(r.lines[i], "state"), "Ready");
		ck_assert_int_gt(iget(r.lines[i], "user_capacity_blocks"), 0);
		ck_assert_int_gt(iget(r.lines[i], "available_capacity_blocks"), 0);
	}
	ck_assert_str_eq(sget(r.lines[0], "name"), "Pool 1");
	result_free(&r);

	run_cmd_ok(&r, "/opt/Navisphere/bin/naviseccli -h spa -np getagent",
		   CAP("getagent.txt"), 1);
	EXPECT_STRS(r.lines[0],
		    "model", "VNX5800",
		    "revision", "05.33.008.3.297",
		    "serial", "APM00153042305",
		    "sp", "B");
	result_free(&r);

	run_cmd_ok(&r, "connection -getport -all -sp a -portid 4",
		   CAP("connection_-getport_-all_-sp_a_-portid_4.txt"), 1);
	ck_assert_str_eq(sget(r.lines[0], "sp"), "A");
	ck_assert_int_eq(iget(r.lines[0], "port_id"), 4);
	ck_assert_int_eq(iget(r.lines[0], "vport_id"), 0);
	EXPECT_STRS(r.lines[0],
		    "iqn", "iqn.1992-04.com.emc:cx.apm00153906536.a4",
		    "ip_address", "192.168.4.52");
	result_free(&r);

	run_cmd_ok(&r, "port -list -sp -all", CAP("port_-list_-sp_-all.txt"), 32);
	ck_assert_str_eq(sget(r.lines[0], "type"), "fc");
	result_free(&r);
}
END_TEST

#define CCAP(name) SLGW_CAPTURES "/../clariion-captures/" name

START_TEST(classic_listings)
{
	struct result r;
	run_cmd_ok(&r, "getrg", CAP("getrg.txt"), 7);
	ck_assert_int_eq(iget(r.lines[0], "id"), 0);
	ck_assert_str_eq(sget(r.lines[0], "raid_type"), "r5");
	ck_assert_int_eq(iget(r.lines[0], "free_contiguous_blocks"), 1749913216LL);
	ck_assert_uint_eq(json_array_size(json_object_get(r.lines[0], "luns")), 16);
	result_free(&r);

	run_cmd_ok(&r, "getlun 10 -name -owner -default -capacity",
		   CCAP("getlun_10_-name_-owner_-default_-capacity.txt"), 1);
	ck_assert_str_eq(sget(r.lines[0], "name"), "LUN 10");
	ck_assert_int_eq(iget(r.lines[0], "capacity_mb"), 563200);
	ck_assert_str_eq(sget(r.lines[0], "current_owner"), "B");
	result_free(&r);

	run_cmd_ok(&r, "snapview -listsnapshots -snapshotname x",
		   CCAP("snapview_-listsnapshots_-snapshotname_active.txt"), 1);
	ck_assert_int_eq(iget(r.lines[0], "target_lun"), 10);
	ck_assert_str_eq(sget(r.lines[0], "state"), "Active");
	result_free(&r);

	run_cmd_ok(&r, "snapview -listsessions -name x",
		   CCAP("snapview_-listsessions_-name.txt"), 1);
	ck_assert_str_eq(sget(r.lines[0], "state"), "Normal");
	ck_assert(json_is_true(json_object_get(r.lines[0], "persistent")));
	result_free(&r);

	/* FC rows of an older connection -getport are typed, with their WWN. */
	run_cmd_ok(&r, "connection -getport -all", CCAP("connection_-getport_-all_cx4_fc.txt"), 12);
	EXPECT_STRS(r.lines[0], "type", "iscsi", "ip_address", "172.20.1.140");
	ck_assert_str_eq(sget(r.lines[8], "type"), "fc");
	ck_assert(json_is_null(json_object_get(r.lines[8], "iqn")));
	ck_assert_str_eq(sget(r.lines[8], "wwn"), "50:06:01:60:BB:20:13:0D:50:06:01:69:3B:24:13:0D");
	result_free(&r);
}
END_TEST

START_TEST(errors_and_ok)
{
	struct result r;
	run_cmd_ok(&r, "lun -list -all", CAP("credential_error.txt"), 1);
	json_t *e = json_object_get(r.lines[0], "error");
	ck_assert(json_is_object(e));
	ck_assert_str_eq(sget(e, "class"), "auth");
	ck_assert(json_is_null(json_object_get(e, "code")));
	ck_assert_ptr_nonnull(strstr(sget(e, "message"), "Authentication failed"));
	result_free(&r);

	run_cmd_ok(&r, "lun -create -capacity 1 -sq gb -poolId 0 -l 3",
		   CAP("lun_-create_-capacity_1_-sq_gb_-poolId_0_-l_3.txt"), 1);
	e = json_object_get(r.lines[0], "error");
	EXPECT_STRS(e, "class", "name_in_use", "code", "0x712d8d04");
	result_free(&r);

	run_cmd_ok(&r, "storagegroup -addhlu -hlu 1 -alu 0 -gname server7 -o",
		   CAP("storagegroup_-addhlu_-hlu_1_-alu_0_-gname_server7_-o.txt"), 1);
	ck_assert(json_is_true(json_object_get(r.lines[0], "ok")));
	ck_assert_uint_eq(json_object_size(r.lines[0]), 1);
	result_free(&r);

	const char *a4[] = { "--cmd", "network", CAP("network_error.txt"), NULL };
	run(&r, a4, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(sget(json_object_get(r.lines[0], "error"), "class"), "unreachable");
	result_free(&r);
}
END_TEST

START_TEST(bad_usage_and_odd_bytes)
{
	struct result r;
	const char *noc[] = { CAP("getagent.txt"), NULL };
	run(&r, noc, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_uint_eq(r.nlines, 0);
	ck_assert_ptr_nonnull(strstr(r.err, "--cmd"));
	result_free(&r);

	const char *nof[] = { "--cmd", "getagent", NULL };
	run(&r, nof, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_uint_gt(strlen(r.err), 0);
	result_free(&r);

	const char *badg[] = { "--cmd", "-h", CAP("getagent.txt"), NULL };
	run(&r, badg, NULL);
	ck_assert_int_eq(r.status, 2);
	result_free(&r);

	const char *help[] = { "--help", NULL };
	g_raw = true;
	run(&r, help, NULL);
	g_raw = false;
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage: vnxparse"));
	result_free(&r);

	const char *missing[] = { "--cmd", "getagent", "/nonexistent/vnxparse-no-such-file", NULL };
	run(&r, missing, NULL);
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.err, "nonexistent"));
	result_free(&r);

	/* Bytes that are not UTF-8 still give valid JSON. */
	char dir[] = "/tmp/vnxparse-odd-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/in", dir);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("LOGICAL UNIT NUMBER 3\nName:  bad\xff\xfename\nUID:  \x01\n", f);
	fclose(f);
	const char *odd[] = { "--cmd", "lun -list -all", path, NULL };
	run_ok(&r, odd, 1);
	EXPECT_STRS(r.lines[0], "name", "bad??name", "uid", "?");
	result_free(&r);

	/* Text that is neither the listing nor a known error: shown, exit 3. */
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fputs("Something unexpected\n", f);
	fclose(f);
	run(&r, odd, NULL);
	ck_assert_int_eq(r.status, 3);
	ck_assert_uint_eq(r.nlines, 1);
	ck_assert_str_eq(sget(json_object_get(r.lines[0], "error"), "class"), "unknown");
	result_free(&r);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vnxparse_cli");
	SUITE_CASE(s, "cli", NULL, NULL, 120, lun_from_file_and_stdin,
		storage_group_snap_pool_agent_port, errors_and_ok, classic_listings,
		bad_usage_and_odd_bytes);
	return suite_run(s);
}
