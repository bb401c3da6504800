/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_request.c - libFuzzer target for slgwd's request path.
 *
 * One real server (store, broker, auth, metrics) is created once in a temp
 * directory (in /dev/shm when it exists: the store commits with fsync), with
 * plain HTTP and no arrays, and a tenant user "fuzz" / "fuzz-password-1"
 * (Basic ZnV6ejpmdXp6LXBhc3N3b3JkLTE=) so that inputs carrying that header
 * reach the service layer; tenants cannot add arrays, so no input makes the
 * broker spawn array commands.  Each input is served as one request from
 * memory, answer discarded: the target checks for crashes, sanitizer
 * reports and leaks only.
 */
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

/* Leaves no state behind in /dev/shm or /tmp. */
static void cleanup(void)
{
	static const char *const files[] = { "slgw.db", "slgw.db-wal", "slgw.db-shm" };
	char p[128];
	srv_server_free(server);
	server = NULL;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		unlink(p);
	}
	rmdir(dir);
	srv_config_free(&cfg);
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
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	srv_serve_buffer(server, (const char *)data, size);
	return 0;
}
