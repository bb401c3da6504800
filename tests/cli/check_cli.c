/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_cli.c - unit tests of the parts of slgw that need no server:
 * where settings come from (precedence, endpoint and fingerprint
 * normalisation, the config file's permission check), the option parser,
 * sizes, the exit status of every fault class, and table / JSON output;
 * and the input rules the CLI shares with the gateway (broker_rules.h),
 * which the service and the broker apply too.
 * Each test that touches files works in its own mkdtemp directory.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "broker_rules.h"
#include "cli.h"
#include "../common/suite_run.h"

static char tmpdir[64];

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/slgw-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	nftw(tmpdir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(settings_precedence_flags_env_file)
{
	struct cli_layer flags = { .server = "flag-host" };
	struct cli_layer env = { .server = "env-host", .user = "env-user", .password = "env-pw" };
	struct cli_layer file = { .server = "file-host", .user = "file-user", .password = "file-pw",
				  .cacert = "/file/ca.pem" };
	struct cli_settings s;
	char err[256];

	ck_assert_int_eq(cli_settings_resolve(&s, &flags, &env, &file, false, err, sizeof(err)), 0);
	ck_assert_str_eq(s.endpoint, "https://flag-host:21605/");
	ck_assert_str_eq(s.user, "env-user");
	ck_assert_str_eq(s.password, "env-pw");
	ck_assert_str_eq(s.cacert, "/file/ca.pem");
	ck_assert_ptr_null(s.fingerprint);
	cli_settings_free(&s);
}
END_TEST

START_TEST(settings_endpoints)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "gw", "https://gw:21605/" },
		{ "gw.example.com:443", "https://gw.example.com:443/" },
		{ "https://10.0.0.5:21606/", "https://10.0.0.5:21606/" },
		{ "https://gw", "https://gw:21605/" },
		{ "[::1]:9000", "https://[::1]:9000/" },
		/* a list, tried in order by the client (failover) */
		{ "gw1:1,gw2", "https://gw1:1/,https://gw2:21605/" },
		{ "gw1:1, https://gw2:2/", "https://gw1:1/,https://gw2:2/" },
	};
	static const char *const bad[] = { "gw:0", "gw:70000", "gw:12x", "ftp://gw", "http://gw",
					   "gw/some/path", "g w", "[::1", ":21605",
					   "gw1,", ",gw1", "gw1,,gw2", "gw1,gw2:0", "gw1,http://gw2" };
	struct cli_layer env = { .user = "u" };
	char err[256];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct cli_layer flags = { .server = ok[i].in };
		struct cli_settings s;

		ck_assert_msg(cli_settings_resolve(&s, &flags, &env, NULL, false, err, sizeof(err)) == 0,
			      "%s: %s", ok[i].in, err);
		ck_assert_str_eq(s.endpoint, ok[i].out);
		cli_settings_free(&s);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cli_layer flags = { .server = bad[i] };
		struct cli_settings s;

		ck_assert_msg(cli_settings_resolve(&s, &flags, &env, NULL, false, err, sizeof(err)) == -1,
			      "%s accepted", bad[i]);
		ck_assert_ptr_null(s.endpoint);
	}
	/* Plain http only when asked for. */
	{
		struct cli_layer flags = { .server = "http://gw:80" };
		struct cli_settings s;

		ck_assert_int_eq(cli_settings_resolve(&s, &flags, &env, NULL, true, err, sizeof(err)), 0);
		ck_assert_str_eq(s.endpoint, "http://gw:80/");
		cli_settings_free(&s);
	}
}
END_TEST

START_TEST(settings_fingerprint_and_missing)
{
	struct cli_layer flags = {
		.server = "gw", .user = "u",
		.fingerprint = "32:DB:0E:6F:C1:3D:F2:DC:28:1C:45:0E:EC:DD:78:D7:A1:1C:FC:03:C3:B5:B4:2F:AB:DC:46:B8:73:49:A0:BF"
	};
	struct cli_layer nouser = { .server = "gw" }, noserver = { .user = "u" };
	struct cli_layer shortfp = { .server = "gw", .user = "u", .fingerprint = "abcd" };
	struct cli_settings s;
	char err[256];

	ck_assert_int_eq(cli_settings_resolve(&s, &flags, NULL, NULL, false, err, sizeof(err)), 0);
	ck_assert_str_eq(s.fingerprint, "32db0e6fc13df2dc281c450eecdd78d7a11cfc03c3b5b42fabdc46b87349a0bf");
	ck_assert_ptr_null(s.password); /* the caller prompts */
	cli_settings_free(&s);
	ck_assert_int_eq(cli_settings_resolve(&s, &shortfp, NULL, NULL, false, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "64 hex"));
	ck_assert_int_eq(cli_settings_resolve(&s, &nouser, NULL, NULL, false, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no user"));
	ck_assert_int_eq(cli_settings_resolve(&s, &noserver, NULL, NULL, false, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "SLGW_SERVER"));
}
END_TEST

START_TEST(config_file_read_and_mode)
{
	char path[128], err[256];
	struct cli_layer l;

	snprintf(path, sizeof(path), "%s/config", tmpdir);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), 1); /* missing: fine */

	write_file(path,
		   "# slgw client settings\n"
		   "server = gw.example.com:21605\n"
		   "  user=storage-admin  \n"
		   "\n"
		   "password = s3cret = with equals\n"
		   "fingerprint = AA:BB\n",
		   0600);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), 0);
	ck_assert_str_eq(l.server, "gw.example.com:21605");
	ck_assert_str_eq(l.user, "storage-admin");
	ck_assert_str_eq(l.password, "s3cret = with equals");
	ck_assert_str_eq(l.fingerprint, "AA:BB");
	ck_assert_ptr_null(l.cacert);
	cli_layer_strings_free(&l);

	/* Group- or world-accessible: refused, and the message says how to fix. */
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "chmod 600"));
	ck_assert_ptr_null(l.password);
	ck_assert_int_eq(chmod(path, 0604), 0);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), -1);

	/* Syntax errors name the line. */
	write_file(path, "server = a\nbogus = b\n", 0600);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":2: unknown key 'bogus'"));
	write_file(path, "server a\n", 0600);
	ck_assert_int_eq(cli_config_read_file(&l, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":1: expected"));

	/* A symlink is not followed (it could point at someone else's file). */
	{
		char link[160];

		write_file(path, "server = a\n", 0600);
		snprintf(link, sizeof(link), "%s/link", tmpdir);
		ck_assert_int_eq(symlink(path, link), 0);
		ck_assert_int_eq(cli_config_read_file(&l, link, err, sizeof(err)), -1);
	}
}
END_TEST

START_TEST(secret_file_first_line)
{
	char path[128], err[256], *s;

	snprintf(path, sizeof(path), "%s/pw", tmpdir);
	write_file(path, "hunter2\nsecond line\n", 0600);
	s = cli_read_secret_file(path, err, sizeof(err));
	ck_assert_str_eq(s, "hunter2");
	free(s);
	write_file(path, "\n", 0600);
	ck_assert_ptr_null(cli_read_secret_file(path, err, sizeof(err)));
	snprintf(path, sizeof(path), "%s/none", tmpdir);
	ck_assert_ptr_null(cli_read_secret_file(path, err, sizeof(err)));
}
END_TEST

START_TEST(default_config_path)
{
	char *p;

	setenv("SLGW_CONFIG", "/x/y", 1);
	p = cli_config_default_path();
	ck_assert_str_eq(p, "/x/y");
	free(p);
	unsetenv("SLGW_CONFIG");
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	p = cli_config_default_path();
	ck_assert_str_eq(p, "/cfg/slgw/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/u", 1);
	p = cli_config_default_path();
	ck_assert_str_eq(p, "/home/u/.config/slgw/config");
	free(p);
}
END_TEST

START_TEST(args_parse)
{
	char *argv[] = { "vol1", "--size", "20G", "--force", "--initiator=iscsi:iqn.a",
			 "--initiator", "fc:aa", "--name=x" };
	struct cli_args a;
	char err[256];

	ck_assert_int_eq(cli_args_parse(&a, 8, argv, "size=,force,initiator=*,name=,json", err, sizeof(err)), 0);
	ck_assert_int_eq(a.npos, 1);
	ck_assert_str_eq(a.pos[0], "vol1");
	ck_assert_str_eq(cli_arg(&a, "size"), "20G");
	ck_assert_str_eq(cli_arg(&a, "name"), "x");
	ck_assert(cli_flag(&a, "force"));
	ck_assert(!cli_flag(&a, "json"));
	ck_assert_str_eq(cli_arg_nth(&a, "initiator", 0), "iscsi:iqn.a");
	ck_assert_str_eq(cli_arg_nth(&a, "initiator", 1), "fc:aa");
	ck_assert_ptr_null(cli_arg_nth(&a, "initiator", 2));
	/* "name" must not match "name-prefix" or the reverse. */
	ck_assert_ptr_null(cli_arg(&a, "nam"));
}
END_TEST

START_TEST(args_errors)
{
	struct cli_args a;
	char err[256];
	char *unknown[] = { "--sise", "1" };
	char *missing[] = { "--size" };
	char *twice[] = { "--size", "1", "--size", "2" };
	char *flagval[] = { "--force=yes" };
	char *prefix[] = { "--name-prefix", "a" };

	ck_assert_int_eq(cli_args_parse(&a, 2, unknown, "size=", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "unknown option --sise");
	ck_assert_int_eq(cli_args_parse(&a, 1, missing, "size=", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "needs a value"));
	ck_assert_int_eq(cli_args_parse(&a, 4, twice, "size=", err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "given twice"));
	ck_assert_int_eq(cli_args_parse(&a, 1, flagval, "force", err, sizeof(err)), -1);
	ck_assert_int_eq(cli_args_parse(&a, 2, prefix, "name=", err, sizeof(err)), -1);
}
END_TEST

START_TEST(sizes)
{
	ck_assert_int_eq(cli_parse_size_mb("100"), 100);
	ck_assert_int_eq(cli_parse_size_mb("100M"), 100);
	ck_assert_int_eq(cli_parse_size_mb("20G"), 20480);
	ck_assert_int_eq(cli_parse_size_mb("20GB"), 20480);
	ck_assert_int_eq(cli_parse_size_mb("2GiB"), 2048);
	ck_assert_int_eq(cli_parse_size_mb("1T"), 1048576);
	ck_assert_int_eq(cli_parse_size_mb("0"), -1);
	ck_assert_int_eq(cli_parse_size_mb("-5"), -1);
	ck_assert_int_eq(cli_parse_size_mb("5X"), -1);
	ck_assert_int_eq(cli_parse_size_mb("G"), -1);
	ck_assert_int_eq(cli_parse_size_mb("5GBB"), -1);
	ck_assert_int_eq(cli_parse_size_mb("99999999999999999999T"), -1);
	ck_assert_int_eq(cli_parse_size_mb(NULL), -1);
}
END_TEST

START_TEST(exit_codes)
{
	static const struct {
		const char *code;
		int exit;
	} map[] = {
		{ "INVALID_ARGUMENT", 3 }, { "NOT_FOUND", 4 }, { "ALREADY_EXISTS", 5 },
		{ "FAILED_PRECONDITION", 6 }, { "PERMISSION_DENIED", 7 }, { "UNAUTHENTICATED", 8 },
		{ "RESOURCE_EXHAUSTED", 9 }, { "ABORTED", 10 }, { "UNAVAILABLE", 11 },
		{ "DEADLINE_EXCEEDED", 12 }, { "INTERNAL", 1 }, { "CONFLICT", 14 },
		{ "NOT_SUPPORTED", 15 },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		char line[64];

		ck_assert_int_eq(cli_exit_for_code(map[i].code), map[i].exit);
		/* The documented table says the same. */
		snprintf(line, sizeof(line), "%2d  %s", map[i].exit, map[i].code);
		ck_assert_msg(strstr(cli_exit_help(), line), "help lacks '%s'", line);
	}
	ck_assert_int_eq(cli_exit_for_code("SOMETHING_NEW"), CLI_EXIT_INTERNAL);
	ck_assert_int_eq(cli_exit_for_code(NULL), CLI_EXIT_INTERNAL);
}
END_TEST

static char *capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fn(f, arg);
	fclose(f);
	return buf;
}

static const struct cli_column cols[] = { { "id", "ID" }, { "name", "NAME" }, { "sizeMB", "SIZE MB" } };

static void table_of(FILE *f, const void *rows)
{
	cli_print_table(f, rows, cols, 3);
}

static void record_of(FILE *f, const void *obj)
{
	cli_print_record(f, obj);
}

START_TEST(table_aligned)
{
	json_t *rows = json_loads("[{\"id\":\"v-1\",\"name\":\"a-long-name\",\"sizeMB\":20480},"
				  " {\"id\":\"v-22\",\"name\":\"b\"}]", 0, NULL);
	char *out = capture(table_of, rows);

	ck_assert_str_eq(out,
			 "ID    NAME         SIZE MB\n"
			 "v-1   a-long-name  20480\n"
			 "v-22  b            \n");
	free(out);
	json_decref(rows);
	rows = json_array();
	out = capture(table_of, rows);
	ck_assert_str_eq(out, "ID  NAME  SIZE MB\n");
	free(out);
	json_decref(rows);
}
END_TEST

START_TEST(record_and_values)
{
	json_t *o = json_loads("{\"id\":\"h-1\",\"initiators\":[\"iqn.a\",\"iqn.b\"],\"frozen\":true,"
			       "\"gone\":null}", JSON_PRESERVE_ORDER, NULL);
	char *out = capture(record_of, o), *t;

	ck_assert_str_eq(out, "id:         h-1\ninitiators: iqn.a,iqn.b\nfrozen:     yes\n");
	free(out);
	t = cli_value_text(json_object_get(o, "missing"));
	ck_assert_str_eq(t, "");
	free(t);
	json_decref(o);
	/* A hostile gateway cannot send escape sequences to the terminal. */
	o = json_string("red\x1b[31m\rbell\a");
	t = cli_value_text(o);
	ck_assert_str_eq(t, "red?[31m?bell?");
	free(t);
	json_decref(o);
}
END_TEST

START_TEST(table_drops_empty_columns_and_projects)
{
	static const struct cli_column hcols[] = {
		{ "id", "ID" }, { "tenantId", "TENANT" }, { "initiator.id", "INITIATORS" } };
	json_t *rows = json_loads("[{\"id\":\"1\",\"initiator\":[{\"id\":\"iqn.a\",\"protocol\":\"iscsi\"},"
				  "{\"id\":\"wwpn.b\",\"protocol\":\"fc\"}]},{\"id\":\"2\",\"initiator\":[]}]",
				  0, NULL);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	/* TENANT is empty in every row: left out, not printed blank. */
	cli_print_table(f, rows, hcols, 3);
	fclose(f);
	ck_assert_str_eq(buf, "ID  INITIATORS\n"
			      "1   iqn.a,wwpn.b\n"
			      "2   \n");
	free(buf);
	json_decref(rows);
}
END_TEST

START_TEST(record_nested_lists_readable)
{
	json_t *o = json_loads("{\"id\":\"7\",\"name\":\"xs1\",\"initiator\":[{\"id\":\"iqn.a\",\"protocol\":"
			       "\"iscsi\"}],\"array\":[{\"storageSystemId\":\"1\",\"path\":[{\"sp\":\"A\"}]}],"
			       "\"storageVolume\":{\"id\":\"3\",\"sizeMB\":10}}", JSON_PRESERVE_ORDER, NULL);
	char *out = capture(record_of, o), *t;

	ck_assert_str_eq(out, "id:   7\n"
			      "name: xs1\n"
			      "initiator:\n"
			      "  ID     PROTOCOL\n"
			      "  iqn.a  iscsi\n"
			      "array:\n"
			      "  storageSystemId: 1\n"
			      "  path:\n"
			      "    SP\n"
			      "    A\n"
			      "storageVolume:\n"
			      "  id:     3\n"
			      "  sizeMB: 10\n");
	ck_assert_ptr_null(strchr(out, '{'));
	free(out);
	/* A nested record in a cell: its values, never JSON. */
	t = cli_value_text(json_object_get(o, "storageVolume"));
	ck_assert_str_eq(t, "3 10");
	free(t);
	t = cli_field_text(o, "initiator.protocol");
	ck_assert_str_eq(t, "iscsi");
	free(t);
	json_decref(o);
}
END_TEST

START_TEST(match_ids_and_names)
{
	json_t *rows = json_loads("[{\"id\":\"1\",\"name\":\"vdi-root\"},{\"id\":\"2\",\"name\":\"1\"},"
				  "{\"id\":\"3\",\"name\":\"dup\"},{\"id\":\"4\",\"name\":\"dup\"},"
				  "{\"name\":\"admin\"}]", 0, NULL);
	static const struct {
		const char *what, *key;
		size_t matches;
	} c[] = {
		{ "vdi-root", "id", 1 },
		{ "3", "id", 1 },
		/* "1" is volume 1's id and volume 2's name: both, for the caller to refuse. */
		{ "1", "id", 2 },
		{ "dup", "id", 2 },
		{ "nothing", "id", 0 },
		/* Users: the name is the key. */
		{ "admin", "name", 1 },
		{ NULL, "id", 0 },
	};
	json_t *m;

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		m = cli_match(rows, c[i].what, c[i].key, "name");
		ck_assert_msg(json_array_size(m) == c[i].matches, "%s by %s: %zu matches, not %zu",
			      c[i].what ? c[i].what : "(null)", c[i].key, json_array_size(m),
			      c[i].matches);
		json_decref(m);
	}
	m = cli_match(rows, "vdi-root", "id", "name");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "id")), "1");
	json_decref(m);
	json_decref(rows);
	ck_assert(cli_is_id("12"));
	ck_assert(!cli_is_id("012"));
	ck_assert(!cli_is_id("vdi-root"));
	ck_assert(!cli_is_id(""));
	ck_assert(!cli_is_id(NULL));
	ck_assert(!cli_is_id("12345678901234567890"));
}
END_TEST

START_TEST(progress_bar)
{
	char b[64];

	cli_progress_bar(b, sizeof(b), 50);
	ck_assert_str_eq(b, "[###############...............]  50%");
	cli_progress_bar(b, sizeof(b), 150);
	ck_assert_str_eq(b, "[##############################] 100%");
	cli_progress_bar(b, sizeof(b), -3);
	ck_assert_str_eq(b, "[..............................]   0%");
}
END_TEST

/* One rule set for CLI, service and broker: names are the stricter of the
 * sets the service and the broker used to accept (no space, ':' or '@'). */
START_TEST(shared_rules)
{
	char why[256], n64[65], n65[66];

	memset(n64, 'a', 64);
	n64[64] = 0;
	memset(n65, 'a', 65);
	n65[65] = 0;
	ck_assert_int_eq(broker_rule_name("vol-1_a.b", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_eq(broker_rule_name(n64, BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_name(n65, BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "longer than 64 characters");
	ck_assert_int_eq(broker_rule_name(n65, BROKER_RULE_LONG_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_name("", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "required");
	ck_assert_int_lt(broker_rule_name(NULL, BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_name("my array", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "may hold only"));
	ck_assert_int_lt(broker_rule_name("db:1", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_name("a@b", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_name("-x", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);
	ck_assert_ptr_nonnull(strstr(why, "must start with a letter or digit"));
	ck_assert_int_lt(broker_rule_name("caf\xc3\xa9", BROKER_RULE_NAME_MAX, why, sizeof(why)), 0);

	ck_assert_int_eq(broker_rule_user_name("ops@example.com", why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_user_name("a b", why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_user_name(n65, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "1 to 64 characters");

	ck_assert_int_lt(broker_rule_password("1234567", why, sizeof(why)), 0);
	ck_assert_str_eq(why, "8 to 1024 characters");
	ck_assert_int_eq(broker_rule_password("12345678", why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_password("1234\t5678", why, sizeof(why)), 0);
	ck_assert_str_eq(why, "control characters are not allowed");
	ck_assert_ptr_null(strstr(why, "1234"));

	ck_assert_int_lt(broker_rule_size_mb(0, why, sizeof(why)), 0);
	ck_assert_int_eq(broker_rule_size_mb(1, why, sizeof(why)), 0);
	ck_assert_int_eq(broker_rule_size_mb(BROKER_RULE_SIZE_MB_MAX, why, sizeof(why)), 0);
	ck_assert_int_lt(broker_rule_size_mb(BROKER_RULE_SIZE_MB_MAX + 1, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "268435457 MB is out of range 1..268435456");
	/* 1T parses, 300T parses too, but the shared rule refuses it */
	ck_assert_int_lt(broker_rule_size_mb(cli_parse_size_mb("300T"), why, sizeof(why)), 0);
}
END_TEST

static Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	SUITE_CASE(s, "core", setup, teardown, 0, settings_precedence_flags_env_file,
		settings_endpoints, settings_fingerprint_and_missing, config_file_read_and_mode,
		secret_file_first_line, default_config_path, args_parse, args_errors, sizes,
		exit_codes, table_aligned, record_and_values, progress_bar,
		table_drops_empty_columns_and_projects, record_nested_lists_readable,
		match_ids_and_names, shared_rules);
	return s;
}

int main(void)
{
	return suite_run(cli_suite());
}
