/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_metadata_cli.c - the slgw commands for the attributes of volumes and
 * snapshots, run as a user runs them (the built slgw binary, exec'd with an
 * argv array, against the real slgwd --demo) and read back with --json:
 * --description / --collection / --key on create, volume-set and
 * snapshot-set (--name, --key NAME=VALUE, --unset-key), --collection on the
 * lists, snapshot-show, keys printed as one JSON object, and the exit
 * status of a refused key (the rule is checked before a round trip with
 * the gateway's INVALID_ARGUMENT status; nothing changes).
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "e2e_harness.h"
#include "../common/suite_one.h"

static struct e2e srv;
static char out_path[400];

/* Runs slgw with args (NULL-terminated) as the demo tenant; its exit
 * status, and its stdout parsed as JSON into *json when json is non-NULL
 * (NULL when it is not JSON). */
static int slgw(json_t **json, const char *const *args)
{
	char server[64], pw[80], cacert[400], config[400];
	const char *argv[32];
	int n = 0, status = -1, fd;
	pid_t pid;

	snprintf(server, sizeof server, "SLGW_SERVER=127.0.0.1:%d", srv.port);
	snprintf(pw, sizeof pw, "SLGW_PASSWORD=%s", srv.tenant_pw);
	snprintf(cacert, sizeof cacert, "SLGW_CACERT=%s", srv.cert);
	snprintf(config, sizeof config, "SLGW_CONFIG=%s/no-such-config", srv.dir);
	char *envp[] = { server, "SLGW_USER=tenant", pw, cacert, config, NULL };
	argv[n++] = SLGW_PATH;
	argv[n++] = "--json";
	for (int i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execve(SLGW_PATH, (char *const *)argv, envp);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (json)
		*json = json_load_file(out_path, 0, NULL);
	return WEXITSTATUS(status);
}

/* json[key] as a string ("" when absent). */
static const char *str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

static const char *keyval(const json_t *o, const char *name)
{
	return json_string_value(json_object_get(json_object_get(o, "keys"), name));
}

START_TEST(cli_sets_and_shows_attributes)
{
	json_t *j = NULL, *pools = NULL, *v;
	char pool[32];
	int rc;

	ck_assert_int_eq(e2e_start(&srv, 0), 0);
	snprintf(out_path, sizeof out_path, "%s/cli-out.json", srv.dir);
	rc = slgw(&pools, (const char *[]){ "pool-list", NULL });
	ck_assert_int_eq(rc, 0);
	snprintf(pool, sizeof pool, "%s", str(json_array_get(pools, 0), "id"));
	json_decref(pools);

	rc = slgw(&j, (const char *[]){ "volume-create", "--system", "demo", "--pool", pool, "--name",
					"cli-md", "--size", "16", "--description", "first disk",
					"--collection", "sr-1", "--key", "vdi=abc", "--key",
					"xs:empty=", NULL });
	ck_assert_int_eq(rc, 0);
	/* --json answers a job operation with the whole job */
	v = json_object_get(j, "storageVolume");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(str(v, "description"), "first disk");
	ck_assert_str_eq(str(v, "collection"), "sr-1");
	ck_assert(json_is_object(json_object_get(v, "keys")));
	ck_assert_str_eq(keyval(v, "vdi"), "abc");
	ck_assert_str_eq(keyval(v, "xs:empty"), "");
	json_decref(j);
	rc = slgw(NULL, (const char *[]){ "volume-create", "--system", "demo", "--pool", pool,
					  "--name", "cli-other", "--size", "16", "--collection",
					  "sr-2", NULL });
	ck_assert_int_eq(rc, 0);

	rc = slgw(&j, (const char *[]){ "volume-set", "cli-md", "--name", "cli-md2", "--key", "a=1",
					"--unset-key", "vdi", NULL });
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(str(j, "name"), "cli-md2");
	ck_assert_str_eq(keyval(j, "a"), "1");
	ck_assert_ptr_null(keyval(j, "vdi"));
	json_decref(j);

	/* refused before a round trip, with INVALID_ARGUMENT's status */
	rc = slgw(NULL, (const char *[]){ "volume-set", "cli-md2", "--key", "ok=1", "--key",
					  "bad key=1", NULL });
	ck_assert_int_eq(rc, 3);
	rc = slgw(NULL, (const char *[]){ "volume-set", "cli-md2", "--key", "no-equals", NULL });
	ck_assert_int_eq(rc, 2);
	rc = slgw(&j, (const char *[]){ "volume-show", "cli-md2", NULL });
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_null(keyval(j, "ok"));
	json_decref(j);

	rc = slgw(&j, (const char *[]){ "volume-list", "--collection", "sr-2", NULL });
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(json_array_size(j), 1);
	ck_assert_str_eq(str(json_array_get(j, 0), "name"), "cli-other");
	json_decref(j);

	rc = slgw(&j, (const char *[]){ "snapshot-create", "cli-md2", "--name", "s1", "--description",
					"snap", "--key", "k=v", NULL });
	ck_assert_int_eq(rc, 0);
	v = json_object_get(j, "snapshot");
	ck_assert_str_eq(str(v, "collection"), "sr-1");
	ck_assert_int_eq(json_integer_value(json_object_get(v, "sizeMB")), 16);
	ck_assert_str_eq(keyval(v, "k"), "v");
	json_decref(j);
	rc = slgw(&j, (const char *[]){ "snapshot-set", "s1", "--volume", "cli-md2", "--description",
					"changed", "--key", "k2=v2", NULL });
	ck_assert_int_eq(rc, 0);
	json_decref(j);
	rc = slgw(&j, (const char *[]){ "snapshot-show", "s1", "--volume", "cli-md2", NULL });
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(str(j, "description"), "changed");
	ck_assert_str_eq(keyval(j, "k"), "v");
	ck_assert_str_eq(keyval(j, "k2"), "v2");
	json_decref(j);
	rc = slgw(&j, (const char *[]){ "snapshot-list", "--collection", "sr-2", NULL });
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(json_array_size(j), 0);
	json_decref(j);

	ck_assert_int_eq(e2e_stop_cleanup(&srv), 0);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("gateway_metadata_cli", "cli", NULL, NULL, 300,
		cli_sets_and_shows_attributes);
}
