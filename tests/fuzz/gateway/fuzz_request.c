/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_request.c - libFuzzer target for slgwd's request path.
 *
 * One real server (store, broker, auth, metrics) is created once in a temp
 * directory (in /dev/shm when it exists: the store commits with fsync), with
 * plain HTTP and no real array, and a tenant user "fuzz" / "fuzz-password-1"
 * (Basic ZnV6ejpmdXp6LXBhc3N3b3JkLTE=) so that inputs carrying that header
 * reach the service layer.  The tenant owns one READY volume (id 1) and
 * its snapshot (id 1), with a description, a collection and keys, so the
 * record-only operations of revision 2 (setStorageVolumeAttributes,
 * setSnapshotAttributes, getSnapshot, the collection filters) reach the
 * store and the record conversion rather than stopping at NOT_FOUND.
 * Their array is OFFLINE, its naviseccli is /bin/false and the tenant's
 * grant is frozen, and tenants cannot add arrays: a job an input makes
 * can at most run /bin/false, never a real array command.  Each input is
 * served as one request from memory, answer discarded: the target checks
 * for crashes, sanitizer reports and leaks only.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static srv_server *server;
static struct srv_config cfg;
static char dir[64];

/* Leaves no state behind in /dev/shm or /tmp: every file the server made
 * in its state directory (the store and its journals, the array key, ...)
 * goes, then the directory. */
static void cleanup(void)
{
	char p[512];
	DIR *d;
	struct dirent *de;
	srv_server_free(server);
	server = NULL;
	if ((d = opendir(dir))) {
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
				snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
				unlink(p);
			}
		closedir(d);
	}
	rmdir(dir);
	srv_config_free(&cfg);
}

/* Volume 1 and its snapshot 1, READY, with a collection and keys, so
 * that the attribute operations, getSnapshot and the collection filters
 * reach the store and the record conversion instead of stopping at
 * NOT_FOUND.  Their system is OFFLINE with /bin/false as its naviseccli,
 * and the tenant's grant is frozen after they are made (no allocation or
 * growth). */
static void seed_objects(store *st, int64_t tid)
{
	store_system sys = { 0 };
	store_pool pool = { 0 };
	store_grant g = { 0 };
	store_kv keys[] = { { .name = (char *)"slgw.name", .value = (char *)"vm1 disk0" },
			    { .name = (char *)"vdi-type", .value = (char *)"user" } };
	store_volume v = { 0 };
	store_snapshot sn = { 0 };
	int64_t sid, pid, gid, vid, snid;

	sys.name = "fuzz-array";
	sys.adapter = "vnx";
	sys.spa = "192.0.2.1";
	sys.cli_path = "/bin/false";
	sys.state = STORE_SYSTEM_OFFLINE;
	if (store_system_insert(&sid, st, &sys))
		abort();
	pool.system_id = sid;
	pool.array_id = 0;
	pool.name = "Pool 0";
	pool.capacity_mb = 1 << 20;
	pool.free_mb = 1 << 19;
	if (store_pool_insert(&pid, st, &pool))
		abort();
	g.tenant_id = tid;
	g.pool_id = pid;
	g.quota_mb = 1 << 18;
	if (store_grant_insert(&gid, st, &g))
		abort();
	v.tenant_id = tid;
	v.name = "v1";
	v.system_id = sid;
	v.pool_id = pid;
	v.size_mb = 1024;
	v.prov = STORE_PROV_THIN;
	v.lun_name = "slgw-fuzz-v1";
	v.description = "root disk";
	v.collection = "3f1b8c2e-5a7d-4e11-9c3b-0d2a6e4f8b10";
	v.keys = keys;
	v.n_keys = 2;
	if (store_volume_reserve(&vid, st, &v) ||
	    store_volume_set_array(st, vid, 17, "slgw-fuzz-v1",
				   "60:06:01:60:3B:20:2E:00:12:34:56:78:9A:BC:DE:F0") ||
	    store_volume_set_state(st, vid, STORE_STATE_READY))
		abort();
	sn.volume_id = vid;
	sn.name = "s1";
	sn.array_name = "slgw-fuzz-s1";
	sn.description = "nightly";
	sn.keys = keys + 1;
	sn.n_keys = 1;
	if (store_snapshot_reserve(&snid, st, &sn) ||
	    store_snapshot_set_state(st, snid, STORE_STATE_READY))
		abort();
	g.id = gid;
	g.frozen = 1;
	if (store_grant_update(st, &g))
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];
	store_tenant t = { 0 };
	int64_t tid, uid;
	(void)argc;
	(void)argv;

	snprintf(dir, sizeof dir, "%s/slgw-fuzz-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir) || srv_config_defaults(&cfg))
		abort();
	free(cfg.state_dir);
	cfg.state_dir = strdup(dir);
	free(cfg.listen_address);
	cfg.listen_address = strdup("127.0.0.1");
	cfg.port = 0;
	cfg.plain_http = 1;
	cfg.workers = 1;
	cfg.job_workers = 1;
	cfg.job_wait_ms = 100;
	cfg.naviseccli_path = strdup("/bin/false");
	srv_log_set_level(SRV_LOG_ERROR);
	if (srv_server_new(&server, &cfg, err, sizeof err)) {
		fprintf(stderr, "fuzz set-up: %s\n", err);
		abort();
	}
	t.name = "fuzz-tenant";
	if (store_tenant_insert(&tid, srv_server_store(server), &t) ||
	    store_user_create(&uid, srv_server_store(server), "fuzz", "fuzz-password-1",
			      STORE_ROLE_TENANT, tid))
		abort();
	seed_objects(srv_server_store(server), tid);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	srv_serve_buffer(server, (const char *)data, size);
	return 0;
}
