/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_ops.c - the storage team's operations on a real slgwd (demo mode on
 * navisim, each test in its own temp state dir and on an ephemeral port):
 * - `slgwd --backup` while clients allocate: the copy is mode 0600, opens,
 *   passes the integrity check and holds every volume that existed before
 *   the backup started;
 * - `slgwd --restore` is refused while slgwd runs; once stopped it keeps
 *   the current file aside and a restart serves exactly the backed-up
 *   volumes (not one created after the backup);
 * - a second slgwd on the same state dir is refused, the first keeps
 *   serving;
 * - schema upgrade at start: a store built in an older schema (the
 *   store's own fixture) is migrated by slgwd, which then serves the old
 *   records over SOAP; the file's schema version (SQLite header, offset 60)
 *   is checked before and after without any SQL;
 * - modifyHost sets the address of a host added without one (validated;
 *   one change per call), after which the host can be assigned;
 * - a filtered list (enumHosts by tenant) fills each page while more
 *   matches exist; getServiceInfo carries the gateway id.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "store.h"
#include "store_testing.h"
#include "../common/suite_one.h"

extern char **environ;

/* Runs slgwd with args (NULL terminated, without argv[0]); its stdout and
 * stderr go to out_path.  Returns the exit status, -1 if it did not exit. */
static int run_slgwd(const char *out_path, const char *const *args)
{
	posix_spawn_file_actions_t fa;
	char *argv[16];
	pid_t pid;
	int n = 0, status, rc;

	argv[n++] = (char *)SLGWD_PATH;
	for (; args[n - 1] && n < 15; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(&pid, SLGWD_PATH, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Fills args (5 entries) with VERB FILE --state-dir DIR, the command line
 * of an offline store operation (--backup, --restore) for run_slgwd. */
static void store_args(const char **args, const char *verb, const char *file, const char *dir)
{
	args[0] = verb;
	args[1] = file;
	args[2] = "--state-dir";
	args[3] = dir;
	args[4] = NULL;
}

/* The whole (small) text file, malloc'ed. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 65536);
	n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* PRAGMA user_version as the SQLite file format stores it (big-endian
 * 32-bit at offset 60 of the header); -1 if unreadable. */
static int file_schema_version(const char *path)
{
	unsigned char h[64];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(h, 1, sizeof h, f);
	fclose(f);
	if (n != sizeof h)
		return -1;
	return (int)((uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 | (uint32_t)h[62] << 8 |
		     (uint32_t)h[63]);
}

/* Copies src to dst with the header's user_version (offset 60) set to
 * version: a store "from another slgwd" without any SQL. */
static int copy_with_version(const char *src, const char *dst, int version)
{
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	char buf[8192];
	size_t n;
	int rc = 0;

	if (!in || !out) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	fclose(in);
	if (fseek(out, 60, SEEK_SET) == 0) {
		unsigned char v[4] = { (unsigned char)(version >> 24), (unsigned char)(version >> 16),
				       (unsigned char)(version >> 8), (unsigned char)version };
		if (fwrite(v, 1, 4, out) != 4)
			rc = -1;
	} else {
		rc = -1;
	}
	if (fclose(out))
		rc = -1;
	return rc;
}

static void pool_ids(const struct e2e *e, char *sys, char *pool)
{
	struct soap *s = e2e_client(e, "admin", e->admin_pw);
	struct _slgw__enumStoragePools rq = { 0 };
	struct _slgw__enumStoragePoolsResponse rs;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(soap_call___slgw__enumStoragePools(s, e->endpoint, NULL, &rq, &rs),
			 SOAP_OK);
	ck_assert_int_gt(rs.__sizestoragePool, 0);
	snprintf(sys, 32, "%s", rs.storagePool[0].storageSystemId);
	snprintf(pool, 32, "%s", rs.storagePool[0].id);
	e2e_client_free(s);
}

/* Allocates one volume as admin and waits for it; returns its id (malloc'ed). */
static char *allocate(const struct e2e *e, struct soap *s, const char *sys, const char *pool,
		      const char *name)
{
	struct _slgw__allocateStorage rq = { 0 };
	struct _slgw__allocateStorageResponse rs = { 0 };
	int wait = 60000;

	rq.storageSystemId = (char *)sys;
	rq.storagePoolId = (char *)pool;
	rq.name = (char *)name;
	rq.sizeMB = 16;
	rq.provisioning = slgw__ProvisioningType__THIN;
	rq.waitMs = &wait;
	ck_assert_int_eq(soap_call___slgw__allocateStorage(s, e->endpoint, NULL, &rq, &rs),
			 SOAP_OK);
	ck_assert_int_eq(rs.job->state, slgw__JobState__SUCCEEDED);
	ck_assert_ptr_nonnull(rs.job->storageVolume);
	return strdup(rs.job->storageVolume->id);
}

/* Every volume id the API lists (one page of up to 1000), sorted by the
 * server; *n receives the count.  The strings are malloc'ed. */
static char **list_volume_ids(const struct e2e *e, const char *user, const char *pw, int *n)
{
	struct soap *s = e2e_client(e, user, pw);
	struct _slgw__enumStorageVolumes rq = { 0 };
	struct _slgw__enumStorageVolumesResponse rs;
	int limit = 1000;
	char **ids;

	ck_assert_ptr_nonnull(s);
	rq.limit = &limit;
	ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(s, e->endpoint, NULL, &rq, &rs),
			 SOAP_OK);
	ck_assert_ptr_null(rs.nextPageToken);
	ids = calloc((size_t)rs.__sizestorageVolume + 1, sizeof *ids);
	for (int i = 0; i < rs.__sizestorageVolume; i++)
		ids[i] = strdup(rs.storageVolume[i].id);
	*n = rs.__sizestorageVolume;
	e2e_client_free(s);
	return ids;
}

static int has_id(char **ids, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return 1;
	return 0;
}

static void free_ids(char **ids, int n)
{
	for (int i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* ------------------------------------------------------------ backup */

struct load {
	const struct e2e *e;
	char sys[32], pool[32];
	int id;
	volatile int *stop;
	int done;
};

static void *load_main(void *arg)
{
	struct load *l = arg;
	struct soap *s = e2e_client(l->e, "admin", l->e->admin_pw);
	int wait = 30000;

	if (!s)
		return NULL;
	for (int i = 0; !*l->stop && i < 500; i++) {
		struct _slgw__allocateStorage rq = { 0 };
		struct _slgw__allocateStorageResponse rs = { 0 };
		char name[64];
		snprintf(name, sizeof name, "load-%d-%d", l->id, i);
		rq.storageSystemId = l->sys;
		rq.storagePoolId = l->pool;
		rq.name = name;
		rq.sizeMB = 8;
		rq.provisioning = slgw__ProvisioningType__THIN;
		rq.waitMs = &wait;
		if (soap_call___slgw__allocateStorage(s, l->e->endpoint, NULL, &rq, &rs) == SOAP_OK)
			l->done++;
		soap_destroy(s);
		soap_end(s);
	}
	e2e_client_free(s);
	return NULL;
}

START_TEST(backup_while_allocating_holds_every_earlier_volume)
{
	struct e2e e;
	char sys[32], pool[32], dest[400], out[400];
	char *before[6];
	const char *args[6];
	struct load l[2];
	pthread_t t[2];
	volatile int stop = 0;
	struct soap *s;
	struct stat sb;
	store *copy = NULL;
	store_volume *vols = NULL;
	size_t nv = 0;
	char *text;
	int rc;

	ck_assert_int_eq(e2e_start(&e, 0), 0);
	pool_ids(&e, sys, pool);
	s = e2e_client(&e, "admin", e.admin_pw);
	for (int i = 0; i < 6; i++) {
		char name[32];
		snprintf(name, sizeof name, "before-%d", i);
		before[i] = allocate(&e, s, sys, pool, name);
	}
	e2e_client_free(s);

	for (int k = 0; k < 2; k++) {
		memset(&l[k], 0, sizeof l[k]);
		l[k].e = &e;
		l[k].id = k;
		l[k].stop = &stop;
		snprintf(l[k].sys, sizeof l[k].sys, "%s", sys);
		snprintf(l[k].pool, sizeof l[k].pool, "%s", pool);
		pthread_create(&t[k], NULL, load_main, &l[k]);
	}
	usleep(300000); /* let the writers get going */
	snprintf(dest, sizeof dest, "%s/backup.db", e.dir);
	snprintf(out, sizeof out, "%s/backup.out", e.dir);
	store_args(args, "--backup", dest, e.dir);
	rc = run_slgwd(out, args);
	usleep(300000); /* and keep writing a little after it */
	stop = 1;
	for (int k = 0; k < 2; k++)
		pthread_join(t[k], NULL);
	text = slurp(out);
	ck_assert_msg(rc == 0, "slgwd --backup failed (%d): %s", rc, text ? text : "");
	ck_assert_msg(text && strstr(text, "integrity check ok") && strstr(text, dest),
		      "unexpected report: %s", text ? text : "");
	free(text);
	ck_assert_int_gt(l[0].done + l[1].done, 0);

	ck_assert_int_eq(stat(dest, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(store_open(&copy, dest, NULL, 0), 0);
	ck_assert_int_eq(store_integrity_check(copy), 0);
	ck_assert_int_eq(store_file_schema_version(copy), store_schema_version());
	ck_assert_int_eq(store_volume_list(&vols, &nv, copy, NULL), 0);
	for (int i = 0; i < 6; i++) {
		int found = 0;
		for (size_t j = 0; j < nv; j++)
			if (vols[j].id == strtoll(before[i], NULL, 10) &&
			    vols[j].state == STORE_STATE_READY)
				found = 1;
		ck_assert_msg(found, "volume %s missing from the backup", before[i]);
		free(before[i]);
	}
	store_volume_array_free(vols, nv);
	store_close(copy);

	ck_assert_int_eq(e2e_stop_cleanup(&e), 0);
}
END_TEST

/* ------------------------------------------------------------ restore */

START_TEST(restore_refused_while_running_then_restart_serves_the_backup)
{
	struct e2e e;
	char sys[32], pool[32], dest[400], out[400];
	const char *args[6];
	char *kept, *after, *text;
	char **ids, **ids2;
	int n, n2, rc;
	struct soap *s;

	ck_assert_int_eq(e2e_start(&e, 0), 0);
	pool_ids(&e, sys, pool);
	s = e2e_client(&e, "admin", e.admin_pw);
	kept = allocate(&e, s, sys, pool, "kept");
	e2e_client_free(s);

	snprintf(dest, sizeof dest, "%s/backup.db", e.dir);
	snprintf(out, sizeof out, "%s/ops.out", e.dir);
	store_args(args, "--backup", dest, e.dir);
	ck_assert_int_eq(run_slgwd(out, args), 0);
	ids = list_volume_ids(&e, "admin", e.admin_pw, &n);
	ck_assert(has_id(ids, n, kept));

	s = e2e_client(&e, "admin", e.admin_pw);
	after = allocate(&e, s, sys, pool, "after-backup");
	e2e_client_free(s);

	/* Refused while slgwd runs, naming the holder; nothing changes. */
	args[0] = "--restore";
	rc = run_slgwd(out, args);
	text = slurp(out);
	ck_assert_msg(rc == 3, "restore while running answered %d: %s", rc, text ? text : "");
	ck_assert_msg(text && strstr(text, "another slgwd"), "message: %s", text ? text : "");
	free(text);
	ids2 = list_volume_ids(&e, "admin", e.admin_pw, &n2);
	ck_assert(has_id(ids2, n2, after));
	free_ids(ids2, n2);

	/* Stopped: restore, keep the previous file, restart on the backup. */
	ck_assert_int_eq(e2e_stop(&e), 0);
	rc = run_slgwd(out, args);
	text = slurp(out);
	ck_assert_msg(rc == 0, "restore answered %d: %s", rc, text ? text : "");
	ck_assert_msg(text && strstr(text, "before-restore-"), "report: %s", text ? text : "");
	{
		/* the keepsake named in the report exists */
		char *p = strstr(text, "kept the previous store as ");
		char path[400];
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(sscanf(p + strlen("kept the previous store as "), "%399s", path),
				 1);
		ck_assert_int_eq(access(path, R_OK), 0);
	}
	free(text);
	ck_assert_int_eq(e2e_start(&e, 1), 0);
	ids2 = list_volume_ids(&e, "admin", e.admin_pw, &n2);
	ck_assert_int_eq(n2, n);
	for (int i = 0; i < n; i++)
		ck_assert_msg(has_id(ids2, n2, ids[i]), "volume %s lost by the restore", ids[i]);
	ck_assert_msg(!has_id(ids2, n2, after), "volume %s made after the backup survived",
		      after);
	free_ids(ids, n);
	free_ids(ids2, n2);
	free(kept);
	free(after);

	/* A garbage file is refused and the store stays as it is. */
	ck_assert_int_eq(e2e_stop(&e), 0);
	{
		/* a store from a newer slgwd (schema version + 1 in the header)
		 * is refused, saying why */
		char newer[420];
		const char *nargs[] = { "--restore", newer, "--state-dir", e.dir, NULL };
		snprintf(newer, sizeof newer, "%s/newer.db", e.dir);
		ck_assert_int_eq(copy_with_version(dest, newer, store_schema_version() + 1), 0);
		ck_assert_int_eq(run_slgwd(out, nargs), 1);
		text = slurp(out);
		ck_assert_msg(text && strstr(text, "not a usable store") && strstr(text, "newer"), "%s",
			      text ? text : "");
		free(text);
	}
	if (geteuid() == 0) {
		/* run as root, the restored file keeps the gateway user's owner */
		char db[420];
		struct stat sb;
		snprintf(db, sizeof db, "%s/slgw.db", e.dir);
		ck_assert_int_eq(chown(db, 65534, 65534), 0);
		ck_assert_int_eq(run_slgwd(out, args), 0);
		ck_assert_int_eq(stat(db, &sb), 0);
		ck_assert_int_eq((int)sb.st_uid, 65534);
		ck_assert_int_eq((int)sb.st_gid, 65534);
		ck_assert_int_eq(chown(db, 0, 0), 0);
	}
	{
		FILE *f = fopen(dest, "w");
		ck_assert_ptr_nonnull(f);
		fputs("not a database at all, but long enough to look like one\n", f);
		fclose(f);
	}
	ck_assert_int_eq(run_slgwd(out, args), 1);
	ck_assert_int_eq(e2e_start(&e, 1), 0);
	ids2 = list_volume_ids(&e, "admin", e.admin_pw, &n2);
	ck_assert_int_eq(n2, n);
	free_ids(ids2, n2);
	ck_assert_int_eq(e2e_stop_cleanup(&e), 0);
}
END_TEST

START_TEST(second_slgwd_on_the_same_state_dir_is_refused)
{
	struct e2e e;
	char out[400];
	const char *args[8];
	char *text;
	int rc;
	struct soap *s;
	struct _slgw__getServiceInfo rq = { 0 };
	struct _slgw__getServiceInfoResponse rs;

	ck_assert_int_eq(e2e_start(&e, 0), 0);
	snprintf(out, sizeof out, "%s/second.out", e.dir);
	args[0] = "--demo";
	args[1] = "--state-dir";
	args[2] = e.dir;
	args[3] = "--port";
	args[4] = "0";
	args[5] = NULL;
	rc = run_slgwd(out, args);
	text = slurp(out);
	ck_assert_msg(rc == 1, "second slgwd answered %d: %s", rc, text ? text : "");
	ck_assert_msg(text && strstr(text, "another slgwd"), "message: %s", text ? text : "");
	{
		char pid[32];
		snprintf(pid, sizeof pid, "pid %ld", (long)e.pid);
		ck_assert_msg(strstr(text, pid), "the message does not name %s: %s", pid, text);
	}
	free(text);
	/* the first one is untouched */
	s = e2e_client(&e, "admin", e.admin_pw);
	ck_assert_int_eq(soap_call___slgw__getServiceInfo(s, e.endpoint, NULL, &rq, &rs), SOAP_OK);
	e2e_client_free(s);
	/* after a SIGKILL the stale lock file does not block a restart */
	e2e_kill(&e);
	ck_assert_int_eq(e2e_start(&e, 1), 0);
	ck_assert_int_eq(e2e_stop_cleanup(&e), 0);
}
END_TEST

/* ------------------------------------------------------------ upgrade */

static void upgrade_from(int version)
{
	struct e2e e;
	char db[400], side[420];
	char **ids;
	int n, found_vol1 = 0, found_admin = 0, found_alice = 0;
	struct soap *s;

	/* A demo state dir (certificate, navisim, credentials file) whose
	 * store is then replaced by the fixture in the old schema. */
	ck_assert_int_eq(e2e_start(&e, 0), 0);
	ck_assert_int_eq(e2e_stop(&e), 0);
	snprintf(db, sizeof db, "%s/slgw.db", e.dir);
	unlink(db);
	snprintf(side, sizeof side, "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db);
	unlink(side);
	ck_assert_int_eq(store_testing_build(db, version), 0);
	ck_assert_int_eq(file_schema_version(db), version);

	ck_assert_int_eq(e2e_start(&e, 1), 0);
	/* the fixture's admin and tenant users, with their old passwords */
	ids = list_volume_ids(&e, "root", "secret-r", &n);
	free_ids(ids, n);
	s = e2e_client(&e, "root", "secret-r");
	{
		struct _slgw__enumStorageVolumes rq = { 0 };
		struct _slgw__enumStorageVolumesResponse rs;
		ck_assert_int_eq(soap_call___slgw__enumStorageVolumes(s, e.endpoint, NULL, &rq, &rs),
				 SOAP_OK);
		for (int i = 0; i < rs.__sizestorageVolume; i++) {
			struct slgw__StorageVolume *v = &rs.storageVolume[i];
			if (!strcmp(v->name, "vol1")) {
				found_vol1 = 1;
				ck_assert_int_eq((int)v->sizeMB, 1024);
			}
			if (!strcmp(v->name, "admin-vol")) {
				found_admin = 1;
				ck_assert_int_eq((int)v->sizeMB, 2048);
			}
		}
	}
	{
		struct _slgw__enumUsers rq = { 0 };
		struct _slgw__enumUsersResponse rs;
		ck_assert_int_eq(soap_call___slgw__enumUsers(s, e.endpoint, NULL, &rq, &rs), SOAP_OK);
		for (int i = 0; i < rs.__sizeuser; i++)
			if (!strcmp(rs.user[i].name, "alice"))
				found_alice = 1;
	}
	e2e_client_free(s);
	ck_assert_msg(found_vol1 && found_admin, "schema %d: old volumes not served", version);
	ck_assert_msg(found_alice, "schema %d: old user not served", version);
	/* the tenant user logs in too and sees only its own volume */
	ids = list_volume_ids(&e, "alice", "secret-a", &n);
	ck_assert_int_eq(n, 1);
	free_ids(ids, n);

	ck_assert_int_eq(e2e_stop(&e), 0);
	/* slgwd closed the store cleanly: the header carries the new version */
	ck_assert_int_eq(file_schema_version(db), store_schema_version());
	e2e_cleanup(&e);
}

START_TEST(slgwd_upgrades_a_store_of_every_older_schema)
{
	for (int v = 1; v < store_schema_version(); v++)
		upgrade_from(v);
}
END_TEST

/* ------------------------------------------------------------ modifyHost */

/* modifyHost on host_id with the given address / failover; returns the
 * SOAP status and the job (NULL on a fault). */
static int modify_host(struct soap *s, const struct e2e *e, const char *host_id,
		       const char *address, enum slgw__FailoverMode *mode, struct slgw__Job **job)
{
	struct _slgw__modifyHost rq = { 0 };
	struct _slgw__modifyHostResponse rs = { 0 };
	int wait = 60000, rc;

	rq.hostId = (char *)host_id;
	rq.hostAddress = (char *)address;
	rq.failoverMode = mode;
	rq.waitMs = &wait;
	rc = soap_call___slgw__modifyHost(s, e->endpoint, NULL, &rq, &rs);
	*job = rc == SOAP_OK ? rs.job : NULL;
	return rc;
}

START_TEST(modify_host_sets_a_missing_address_which_makes_the_host_assignable)
{
	struct e2e e;
	char sys[32], pool[32], host_id[32];
	struct soap *s;
	struct slgw__Job *job;
	struct slgw__Initiator ini = { "iqn.1994-05.com.redhat:ops-host-1",
				       slgw__Protocol__iscsi };
	enum slgw__FailoverMode alua = slgw__FailoverMode__ALUA;
	char *vol;
	int wait = 60000;

	ck_assert_int_eq(e2e_start(&e, 0), 0);
	pool_ids(&e, sys, pool);
	s = e2e_client(&e, "tenant", e.tenant_pw);
	{
		struct _slgw__addHost rq = { 0 };
		struct _slgw__addHostResponse rs = { 0 };
		rq.name = "ops-host-1";
		rq.__sizeinitiator = 1;
		rq.initiator = &ini;
		rq.waitMs = &wait;
		ck_assert_int_eq(soap_call___slgw__addHost(s, e.endpoint, NULL, &rq, &rs), SOAP_OK);
		ck_assert_int_eq(rs.job->state, slgw__JobState__SUCCEEDED);
		ck_assert_ptr_nonnull(rs.job->host);
		ck_assert_ptr_null(rs.job->host->hostAddress);
		snprintf(host_id, sizeof host_id, "%s", rs.job->host->id);
	}
	vol = allocate(&e, s, sys, pool, "ops-host-vol");
	{
		/* without an address the array cannot register the host */
		struct _slgw__assignStorage rq = { 0 };
		struct _slgw__assignStorageResponse rs = { 0 };
		int rc;
		rq.volumeId = vol;
		rq.hostId = host_id;
		rq.waitMs = &wait;
		rc = soap_call___slgw__assignStorage(s, e.endpoint, NULL, &rq, &rs);
		ck_assert(rc != SOAP_OK || rs.job->state == slgw__JobState__FAILED);
	}

	/* refused: not an address, nothing to change, two changes at once */
	ck_assert_int_ne(modify_host(s, &e, host_id, "300.1.2.3", NULL, &job), SOAP_OK);
	ck_assert_str_eq(e2e_fault_code(s), "INVALID_ARGUMENT");
	ck_assert_int_ne(modify_host(s, &e, host_id, "host; rm -rf /", NULL, &job), SOAP_OK);
	ck_assert_str_eq(e2e_fault_code(s), "INVALID_ARGUMENT");
	ck_assert_int_ne(modify_host(s, &e, host_id, NULL, NULL, &job), SOAP_OK);
	ck_assert_str_eq(e2e_fault_code(s), "INVALID_ARGUMENT");
	ck_assert_int_ne(modify_host(s, &e, host_id, "192.0.2.50", &alua, &job), SOAP_OK);
	ck_assert_str_eq(e2e_fault_code(s), "INVALID_ARGUMENT");
	/* another tenant's (here: a made-up) host is not found */
	ck_assert_int_ne(modify_host(s, &e, "999999", "192.0.2.50", NULL, &job), SOAP_OK);
	ck_assert_str_eq(e2e_fault_code(s), "NOT_FOUND");

	/* the address is set and shown */
	ck_assert_int_eq(modify_host(s, &e, host_id, "192.0.2.50", NULL, &job), SOAP_OK);
	ck_assert_msg(job->state == slgw__JobState__SUCCEEDED, "job %s: %s", job->kind,
		      job->errorMessage ? job->errorMessage : "");
	{
		struct _slgw__getHost rq = { host_id };
		struct _slgw__getHostResponse rs = { 0 };
		ck_assert_int_eq(soap_call___slgw__getHost(s, e.endpoint, NULL, &rq, &rs), SOAP_OK);
		ck_assert_ptr_nonnull(rs.host->hostAddress);
		ck_assert_str_eq(rs.host->hostAddress, "192.0.2.50");
	}
	/* now the host can be assigned */
	{
		struct _slgw__assignStorage rq = { 0 };
		struct _slgw__assignStorageResponse rs = { 0 };
		rq.volumeId = vol;
		rq.hostId = host_id;
		rq.waitMs = &wait;
		ck_assert_int_eq(soap_call___slgw__assignStorage(s, e.endpoint, NULL, &rq, &rs),
				 SOAP_OK);
		ck_assert_msg(rs.job->state == slgw__JobState__SUCCEEDED, "assign: %s",
			      rs.job->errorMessage ? rs.job->errorMessage : "");
	}
	/* the same address again is fine; another one is refused while the
	 * array has the host registered under the first */
	ck_assert_int_eq(modify_host(s, &e, host_id, "192.0.2.50", NULL, &job), SOAP_OK);
	ck_assert_int_eq(job->state, slgw__JobState__SUCCEEDED);
	ck_assert_int_eq(modify_host(s, &e, host_id, "192.0.2.51", NULL, &job), SOAP_OK);
	ck_assert_int_eq(job->state, slgw__JobState__FAILED);
	ck_assert_ptr_nonnull(job->errorCode);
	ck_assert_int_eq(*job->errorCode, slgw__ErrorCode__FAILED_USCOREPRECONDITION);
	free(vol);
	e2e_client_free(s);
	ck_assert_int_eq(e2e_stop_cleanup(&e), 0);
}
END_TEST

/* ------------------------------------------------------------ paging */

/* Adds a host as admin (for tenant_id, or admin-owned when NULL). */
static void add_host(struct soap *s, const struct e2e *e, const char *name,
		     const char *tenant_id)
{
	struct _slgw__addHost rq = { 0 };
	struct _slgw__addHostResponse rs = { 0 };
	int wait = 60000;

	rq.name = (char *)name;
	rq.tenantId = (char *)tenant_id;
	rq.waitMs = &wait;
	ck_assert_int_eq(soap_call___slgw__addHost(s, e->endpoint, NULL, &rq, &rs), SOAP_OK);
	ck_assert_int_eq(rs.job->state, slgw__JobState__SUCCEEDED);
}

START_TEST(filtered_host_pages_are_full_while_more_matches_exist)
{
	struct e2e e;
	struct soap *s;
	char tenant_id[32];
	int seen = 0, pages = 0, limit = 2, last_size = -1;
	char *tok = NULL;

	ck_assert_int_eq(e2e_start(&e, 0), 0);
	s = e2e_client(&e, "admin", e.admin_pw);
	{
		struct _slgw__getServiceInfo rq = { 0 };
		struct _slgw__getServiceInfoResponse rs;
		struct soap *t = e2e_client(&e, "tenant", e.tenant_pw);
		ck_assert_int_eq(soap_call___slgw__getServiceInfo(t, e.endpoint, NULL, &rq, &rs),
				 SOAP_OK);
		ck_assert_ptr_nonnull(rs.tenantId);
		snprintf(tenant_id, sizeof tenant_id, "%s", rs.tenantId);
		/* gatewayId: the store's instance id, 8 hex characters */
		ck_assert_ptr_nonnull(rs.gatewayId);
		ck_assert_uint_eq(strlen(rs.gatewayId), 8);
		ck_assert_uint_eq(strspn(rs.gatewayId, "0123456789abcdef"), 8);
		e2e_client_free(t);
	}
	/* hosts in id order: t0 a0 a1 a2 a3 t1 a4 a5 a6 a7 t2 (t = the tenant's) */
	for (int i = 0, t = 0, a = 0; i < 11; i++) {
		char name[32];
		if (i % 5 == 0) {
			snprintf(name, sizeof name, "tenant-host-%d", t++);
			add_host(s, &e, name, tenant_id);
		} else {
			snprintf(name, sizeof name, "admin-host-%d", a++);
			add_host(s, &e, name, NULL);
		}
	}
	do {
		struct _slgw__enumHosts rq = { 0 };
		struct _slgw__enumHostsResponse rs;
		rq.tenantId = tenant_id;
		rq.limit = &limit;
		rq.pageToken = tok;
		ck_assert_int_eq(soap_call___slgw__enumHosts(s, e.endpoint, NULL, &rq, &rs), SOAP_OK);
		/* a page that is followed by another is never short */
		if (rs.nextPageToken && seen + rs.__sizehost < 3)
			ck_assert_int_eq(rs.__sizehost, limit);
		for (int i = 0; i < rs.__sizehost; i++) {
			char want[32];
			snprintf(want, sizeof want, "tenant-host-%d", seen + i);
			ck_assert_str_eq(rs.host[i].name, want);
			ck_assert_str_eq(rs.host[i].tenantId, tenant_id);
		}
		seen += rs.__sizehost;
		last_size = rs.__sizehost;
		free(tok);
		tok = rs.nextPageToken ? strdup(rs.nextPageToken) : NULL;
		soap_destroy(s);
		soap_end(s);
	} while (tok && ++pages < 20);
	ck_assert_int_eq(seen, 3);
	ck_assert_int_le(pages, 2);
	(void)last_size;
	free(tok);
	e2e_client_free(s);
	ck_assert_int_eq(e2e_stop_cleanup(&e), 0);
}
END_TEST

int main(void)
{
	return SUITE_RUN_ONE("ops", "ops", NULL, NULL, 600,
		backup_while_allocating_holds_every_earlier_volume,
		restore_refused_while_running_then_restart_serves_the_backup,
		second_slgwd_on_the_same_state_dir_is_refused,
		slgwd_upgrades_a_store_of_every_older_schema,
		modify_host_sets_a_missing_address_which_makes_the_host_assignable,
		filtered_host_pages_are_full_while_more_matches_exist);
}
