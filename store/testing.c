/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * testing.c - builds old-version database files for the migration tests
 * (see store_testing.h). Uses one plain SQLite connection, no pool: the
 * file must look exactly as an old gateway left it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_testing.h"

static const char v1_data[] =
	"INSERT INTO credentials (name, user, password, scope, created, updated)"
	" VALUES ('vnx1-admin', 'sysadmin', 'sysadmin', 0, 1, 1);"
	"INSERT INTO systems (name, adapter, spa, spb, credential_id, model, state, created, updated)"
	" VALUES ('vnx1', 'vnx', '10.0.0.1', '10.0.0.2', 1, 'VNX5300', 'online', 1, 1);"
	"INSERT INTO pools (system_id, array_id, name, capacity_mb, free_mb, created, updated)"
	" VALUES (1, 0, 'Pool 0', 1048576, 524288, 1, 1);"
	"INSERT INTO volumes (tenant, name, system_id, pool_id, lun_id, lun_name, size_mb, prov,"
	" state, created, updated) VALUES"
	" ('acme', 'vol1', 1, 1, 17, 'slgw_vol1', 1024, 'THIN', 'ready', 1, 1),"
	" (NULL, 'admin-vol', 1, 1, 18, 'slgw_admin', 2048, 'THICK', 'ready', 1, 1);"
	"INSERT INTO jobs (kind, state, progress, request_id, user, tenant, object, params,"
	" created, updated, finished) VALUES"
	" ('volume.allocate', 'succeeded', 100, 'req-1', 'alice', 'acme', 'volume/1',"
	"  '{\"size_mb\":1024}', 1, 2, 2);"
	"INSERT INTO jobs (kind, state, progress, user, tenant, object, step, created, updated)"
	" VALUES ('volume.resize', 'running', 40, 'alice', 'beta', 'volume/1', 'resize-lun', 3, 3);"
	"INSERT INTO audit (time, user, tenant, operation, object, outcome, detail)"
	" VALUES (1, 'alice', 'acme', 'allocateStorage', 'volume/1', 'ok', 'size 1024 MB');";

/* The job of a removed tenant (99) that deleted a volume (40) whose row is
 * gone: what is left of ids issued before the newest rows were deleted. */
static const char v2_data[] =
	"INSERT INTO grants (tenant_id, pool_id, quota_mb, max_volumes, created, updated)"
	" VALUES ((SELECT id FROM tenants WHERE name = 'acme'), 1, 10240, 5, 1, 1);"
	"INSERT INTO jobs (kind, state, progress, user, tenant_id, object, created, updated,"
	" finished) VALUES ('volume.delete', 'succeeded', 100, 'root', 99, 'volume/40', 4, 4, 4);";

/* Ids are explicit: the v5 step rebuilds the hosts table and the test
 * checks that every reference to a host still finds it by id. */
static const char v3_data[] =
	"INSERT INTO hosts (id, tenant_id, name, ip, failover_wanted, created, updated) VALUES"
	" (7, (SELECT id FROM tenants WHERE name = 'acme'), 'xs1', '192.0.2.11', 'alua', 1, 1),"
	" (9, NULL, 'admin-host', NULL, 'auto', 1, 1);"
	"INSERT INTO initiators (id, host_id, kind, address, created, updated) VALUES"
	" (3, 7, 'iscsi', 'iqn.2006-04.com.example:xs1', 1, 1),"
	" (4, 9, 'fc', '20:00:00:00:c9:00:00:01', 1, 1);"
	"INSERT INTO host_systems (host_id, system_id, storage_group, failover_applied, paths,"
	" updated) VALUES (7, 1, 'xs1', 'alua', 4, 1);"
	"INSERT INTO assignments (id, volume_id, host_id, system_id, hlu, state, created, updated)"
	" VALUES (5, 1, 7, 1, 1, 'ready', 1, 1);"
	"INSERT INTO jobs (kind, state, progress, user, object, created, updated, finished) VALUES"
	" ('host.remove', 'succeeded', 100, 'root', 'host/60', 5, 5, 5),"
	" ('snapshot.delete', 'succeeded', 100, 'root', 'snapshot/30', 5, 5, 5);";

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_seterr(STORE_ERROR, "testing build: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return 0;
}

/* Run st, bound (prepare_rc: what preparing it returned), once to its end
 * and finalize it: 0, or STORE_ERROR with SQLite's message after what. */
static int step_done(sqlite3 *db, sqlite3_stmt *st, int prepare_rc, const char *what)
{
	int rc = prepare_rc;

	if (rc == SQLITE_OK)
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	if (rc != SQLITE_OK)
		store_seterr(STORE_ERROR, "testing %s: %s", what, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : STORE_ERROR;
}

static int add_user(sqlite3 *db, const char *name, const char *role, const char *tenant,
                    const char *password)
{
	sqlite3_stmt *st = NULL;
	char *hash = NULL;
	int rc = store_pw_hash(&hash, password);

	if (rc)
		return rc;
	rc = sqlite3_prepare_v2(db,
	                        "INSERT INTO users (name, role, tenant, pw_hash, created, updated)"
	                        " VALUES (?, ?, ?, ?, 1, 1)",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
		if (tenant)
			sqlite3_bind_text(st, 3, tenant, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	}
	rc = step_done(db, st, rc, "build");
	free(hash);
	return rc;
}

int store_testing_build(const char *path, int version)
{
	sqlite3 *db = NULL;
	char pragma[64];
	int rc;

	if (version < 1 || version >= STORE_SCHEMA_VERSION)
		return store_seterr(STORE_EINVAL, "testing build: version %d is not an old version",
		                    version);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return store_seterr(STORE_ERROR, "testing build: cannot open %s", path);
	}
	/* As store_migrate: steps that rebuild tables run with foreign keys
	 * off; the opened store checks them (foreign_key_check) afterwards. */
	rc = exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=OFF; BEGIN");
	if (rc == 0)
		rc = exec(db, store_migration_sql(1));
	if (rc == 0)
		rc = exec(db, v1_data);
	if (rc == 0)
		rc = add_user(db, "alice", "tenant", "acme", "secret-a");
	if (rc == 0)
		rc = add_user(db, "root", "admin", NULL, "secret-r");
	for (int v = 2; rc == 0 && v <= version; v++) {
		rc = exec(db, store_migration_sql(v));
		if (rc == 0)
			rc = store_migration_post(db, v);
	}
	if (rc == 0 && version >= 2)
		rc = exec(db, v2_data);
	if (rc == 0 && version >= 3)
		rc = exec(db, v3_data);
	if (rc == 0) {
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d; COMMIT", version);
		rc = exec(db, pragma);
	}
	sqlite3_close(db);
	return rc;
}

int store_testing_set_meta(const char *path, const char *key, const char *value)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return store_seterr(STORE_ERROR, "testing set_meta: cannot open %s", path);
	}
	rc = sqlite3_prepare_v2(db,
	                        value ? "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
	                              : "DELETE FROM meta WHERE key = ?",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (value)
			sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	}
	rc = step_done(db, st, rc, "set_meta");
	sqlite3_close(db);
	return rc;
}
