/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * schema.c - the database schema as a history of forward migrations.
 *
 * Design
 * - migrations[v] turns a version v-1 file into version v. A new file runs
 *   every step from 1, so a fresh database and a migrated one are built by
 *   the same SQL and cannot drift apart.
 * - Each step runs in its own transaction together with the bump of
 *   PRAGMA user_version, so a crash mid-migration leaves the file at the
 *   previous version, and the next open retries the step.
 * - Old steps are never edited once released: they are what turns real
 *   files from the field into the current shape. (tests/store builds v1
 *   and v2 files through store_testing_build() and opens them.)
 *
 * History
 * - v1: arrays (credentials, systems, pools, ports), volumes, jobs, users,
 *   audit. Tenants were only a text label on volumes, users and jobs.
 * - v2: tenants become rows (the labels are converted to tenant_id
 *   references) and pool grants with quotas appear.
 * - v3: hosts, initiators, per-array host records, assignments, snapshots,
 *   clone lineage on volumes, and the per-system policy columns.
 * - v4: a key/value `meta` table holding this store's instance id: 8 hex
 *   characters drawn once from RAND_bytes when the step runs.  Array
 *   objects are named "slgw-<instance>-..." so that two gateways managing
 *   one array (production and a staging copy) never take each other's
 *   LUNs for their own.  The id cannot come from SQL text, so a step may
 *   have a C part (store_migration_post) that runs in the same
 *   transaction: a crash leaves either a v3 file or a v4 file WITH an id.
 * - v5: host names are unique per tenant (like volume names), no longer
 *   across the gateway: a global UNIQUE(name) let one tenant learn another
 *   tenant's host names from ALREADY_EXISTS.  SQLite cannot drop a column
 *   constraint, so the hosts table is rebuilt (new table, copy with the
 *   same ids, drop, rename, indexes again).  Dropping a parent table with
 *   foreign keys on would cascade into initiators and host_systems, so
 *   store_migrate runs every step with foreign_keys off (it can only be
 *   switched outside a transaction) and checks PRAGMA foreign_key_check
 *   before committing each step.  The step also makes the array's storage
 *   group namespace explicit: one (system, storage_group) belongs to one
 *   host record, so two hosts of different tenants with the same name can
 *   never both be registered into (adopt) one group on one array.  The
 *   index is case-sensitive so that no old file fails the step; the
 *   case-insensitive rule (the array's) is checked by
 *   store_host_system_set inside its write transaction.
 * - v6: ids are never reused.  Volume, snapshot and host ids are part of
 *   array object names (slgw-<instance>-<id>) and tenant ids scope jobs
 *   and audit, so an id that came back after the newest row was deleted
 *   would make the gateway take an old object on the array for a new one,
 *   or show a new tenant an old tenant's jobs.  Every table with an "id"
 *   becomes AUTOINCREMENT, so SQLite keeps the largest id ever issued in
 *   sqlite_sequence, where store_id_floor_raise() can also move it past
 *   ids found on an array after a restore.  SQLite can only add
 *   AUTOINCREMENT by rebuilding the table; the step does it in C
 *   (v6_post) from each table's own CREATE text in sqlite_master, so it
 *   reproduces exactly the columns, constraints, indexes and triggers the
 *   file has, copying every row with its id, the same way v5 rebuilt
 *   hosts.  The counters start at the largest id present, or past a
 *   larger one the jobs still name (a removed tenant's, a deleted
 *   object's "<kind>/<id>"); other ids of rows deleted before the step
 *   cannot be known from the file.
 * - v7: jobs counted by state (job_counts, kept by triggers).
 * Enum-like columns are text (readable with the sqlite3 shell) guarded by
 * CHECK constraints; their value sets are the *_names tables in store.c.
 * - v8: a pool is a storage pool or a RAID group (kind), with its RAID type
 *   and largest contiguous free capacity (a RAID-group LUN is one extent),
 *   and a system records the capabilities discovery computed.  A VNX has
 *   pool 0 and RAID group 0, so the (system, array id) key becomes
 *   (system, kind, array id): the pools table is rebuilt with the same ids
 *   and its id counter carried over (ids are never reused).
 * - v9: volumes and snapshots get a description and a collection (a label
 *   grouping objects, e.g. the XenServer SR of a volume, with an index for
 *   the lists that filter on it), snapshots the size of their volume when
 *   taken (0 for older rows: not known), and both kinds free key/value
 *   attributes in one table, object_keys, keyed by (kind, object id,
 *   name).  One table rather than one per kind because both kinds are read
 *   and written by the same code; it cannot have a foreign key to two
 *   tables, so triggers drop an object's keys when its row is deleted or
 *   becomes a DELETED tombstone (ids are never reused, so no key can
 *   outlive its object and land on another).
 *
 * PostgreSQL
 * - The history above is that of SQLite files in the field.  A PostgreSQL
 *   store has no such past: an empty database gets the current schema in
 *   one step (pg_baseline_sql, recorded as version PG_BASELINE), the same
 *   tables, columns, constraints and indexes in PostgreSQL's words, and
 *   from there on a step has a SQLite text and a PostgreSQL text side by
 *   side in migrations[] (the same text when both accept it).
 * - Where the dialects differ: ids are BIGINT identity columns (GENERATED
 *   BY DEFAULT, so a copied row keeps its id; a sequence never hands an id
 *   out twice, as AUTOINCREMENT does not), every integer is BIGINT (an
 *   SQLite INTEGER is 64 bits), the case-insensitive initiator address is
 *   a unique index on lower(address), triggers call trigger functions,
 *   the volumes -> snapshots reference is added once both tables exist,
 *   and the version is meta.schema_version instead of PRAGMA user_version.
 * - The append-only audit trigger lets a DELETE through only when the
 *   transaction set slgw.audit_prune (store_audit_prune), the counterpart
 *   of SQLite's drop-and-recreate of the trigger inside its transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "store_int.h"

static const char v1_sql[] =
	"CREATE TABLE credentials ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" user TEXT,"
	" password TEXT,"
	" scope INTEGER NOT NULL DEFAULT 0 CHECK (scope BETWEEN 0 AND 2),"
	" secfilepath TEXT,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE systems ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" adapter TEXT NOT NULL,"
	" spa TEXT NOT NULL,"
	" spb TEXT,"
	" cli_path TEXT,"
	" credential_id INTEGER REFERENCES credentials(id),"
	" model TEXT, revision TEXT, serial TEXT, enablers TEXT,"
	" state TEXT NOT NULL DEFAULT 'unknown'"
	"  CHECK (state IN ('unknown','online','degraded','offline')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE pools ("
	" id INTEGER PRIMARY KEY,"
	" system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,"
	" array_id INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" array_state TEXT,"
	" capacity_mb INTEGER NOT NULL DEFAULT 0,"
	" free_mb INTEGER NOT NULL DEFAULT 0,"
	" prov_supported INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" UNIQUE (system_id, array_id));"
	"CREATE TABLE ports ("
	" id INTEGER PRIMARY KEY,"
	" system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,"
	" sp TEXT NOT NULL CHECK (sp IN ('A','B')),"
	" port_id INTEGER NOT NULL,"
	" vport_id INTEGER NOT NULL DEFAULT 0,"
	" proto TEXT NOT NULL CHECK (proto IN ('iscsi','fc')),"
	" address TEXT,"
	" ip TEXT,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" UNIQUE (system_id, sp, port_id, vport_id));"
	"CREATE TABLE volumes ("
	" id INTEGER PRIMARY KEY,"
	" tenant TEXT,"
	" name TEXT NOT NULL,"
	" system_id INTEGER NOT NULL REFERENCES systems(id),"
	" pool_id INTEGER NOT NULL REFERENCES pools(id),"
	" lun_id INTEGER NOT NULL DEFAULT -1,"
	" lun_name TEXT,"
	" wwn TEXT,"
	" size_mb INTEGER NOT NULL CHECK (size_mb > 0),"
	" prov TEXT NOT NULL CHECK (prov IN ('THIN','THICK')),"
	" state TEXT NOT NULL DEFAULT 'creating' CHECK (state IN"
	"  ('creating','ready','resizing','deleting','error','deleted')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX volumes_name ON volumes (coalesce(tenant, ''), name)"
	" WHERE state <> 'deleted';"
	"CREATE INDEX volumes_pool ON volumes (pool_id);"
	"CREATE TABLE jobs ("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK (state IN ('queued','running','succeeded','failed')),"
	" progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" request_id TEXT,"
	" user TEXT NOT NULL,"
	" tenant TEXT,"
	" object TEXT,"
	" params TEXT, result TEXT, error_code TEXT, error_message TEXT, step TEXT,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" finished INTEGER NOT NULL DEFAULT 0);"
	"CREATE UNIQUE INDEX jobs_request ON jobs (user, request_id) WHERE request_id IS NOT NULL;"
	"CREATE INDEX jobs_object ON jobs (object) WHERE state IN ('queued','running');"
	"CREATE INDEX jobs_state ON jobs (state);"
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('admin','tenant')),"
	" tenant TEXT,"
	" pw_hash TEXT NOT NULL DEFAULT '',"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" user TEXT NOT NULL,"
	" tenant TEXT,"
	" operation TEXT NOT NULL,"
	" object TEXT,"
	" outcome TEXT NOT NULL,"
	" detail TEXT);"
	/* Append-only is a promise of the API; these triggers make the file
	 * keep it against other writers too. */
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;";

static const char v2_sql[] =
	"CREATE TABLE tenants ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE,"
	" description TEXT,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	/* Every label in use becomes a tenant row. */
	"INSERT INTO tenants (name, created, updated)"
	" SELECT DISTINCT tenant, CAST(strftime('%s','now') AS INTEGER),"
	"        CAST(strftime('%s','now') AS INTEGER)"
	" FROM (SELECT tenant FROM volumes UNION SELECT tenant FROM users"
	"       UNION SELECT tenant FROM jobs)"
	" WHERE tenant IS NOT NULL AND tenant <> '';"
	"DROP INDEX volumes_name;"
	"ALTER TABLE volumes ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);"
	"UPDATE volumes SET tenant_id = (SELECT id FROM tenants WHERE name = volumes.tenant);"
	"ALTER TABLE volumes DROP COLUMN tenant;"
	"CREATE UNIQUE INDEX volumes_name ON volumes (coalesce(tenant_id, 0), name)"
	" WHERE state <> 'deleted';"
	"CREATE INDEX volumes_usage ON volumes (tenant_id, pool_id);"
	"ALTER TABLE users ADD COLUMN tenant_id INTEGER REFERENCES tenants(id);"
	"UPDATE users SET tenant_id = (SELECT id FROM tenants WHERE name = users.tenant);"
	"ALTER TABLE users DROP COLUMN tenant;"
	/* Jobs outlive tenants: a plain number, no foreign key. */
	"ALTER TABLE jobs ADD COLUMN tenant_id INTEGER;"
	"UPDATE jobs SET tenant_id = (SELECT id FROM tenants WHERE name = jobs.tenant);"
	"ALTER TABLE jobs DROP COLUMN tenant;"
	"CREATE INDEX jobs_tenant ON jobs (tenant_id);"
	"CREATE TABLE grants ("
	" id INTEGER PRIMARY KEY,"
	" tenant_id INTEGER NOT NULL REFERENCES tenants(id),"
	" pool_id INTEGER NOT NULL REFERENCES pools(id),"
	" quota_mb INTEGER NOT NULL CHECK (quota_mb >= 0),"
	" max_volumes INTEGER NOT NULL DEFAULT 0 CHECK (max_volumes >= 0),"
	" prov_allowed INTEGER NOT NULL DEFAULT 0,"
	" frozen INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" UNIQUE (tenant_id, pool_id));"
	"CREATE INDEX grants_pool ON grants (pool_id);";

static const char v3_sql[] =
	"ALTER TABLE systems ADD COLUMN failover_policy TEXT NOT NULL DEFAULT 'auto'"
	" CHECK (failover_policy IN ('auto','alua','pnr'));"
	"ALTER TABLE systems ADD COLUMN iscsi_ports TEXT;"
	"ALTER TABLE systems ADD COLUMN destroy_empty_sg INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE systems ADD COLUMN max_inflight INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE systems ADD COLUMN hlu0_allowed INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE hosts ("
	" id INTEGER PRIMARY KEY,"
	" tenant_id INTEGER REFERENCES tenants(id),"
	" name TEXT NOT NULL UNIQUE,"
	" ip TEXT,"
	" failover_wanted TEXT NOT NULL DEFAULT 'auto'"
	"  CHECK (failover_wanted IN ('auto','alua','pnr')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE INDEX hosts_tenant ON hosts (tenant_id);"
	"CREATE TABLE host_systems ("
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" system_id INTEGER NOT NULL REFERENCES systems(id),"
	" storage_group TEXT,"
	" failover_applied TEXT CHECK (failover_applied IS NULL OR"
	"  failover_applied IN ('auto','alua','pnr')),"
	" paths INTEGER NOT NULL DEFAULT 0,"
	" updated INTEGER NOT NULL,"
	" PRIMARY KEY (host_id, system_id));"
	"CREATE TABLE initiators ("
	" id INTEGER PRIMARY KEY,"
	" host_id INTEGER NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('iscsi','fc')),"
	" address TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE INDEX initiators_host ON initiators (host_id);"
	"CREATE TABLE snapshots ("
	" id INTEGER PRIMARY KEY,"
	" volume_id INTEGER NOT NULL REFERENCES volumes(id),"
	" tenant_id INTEGER REFERENCES tenants(id),"
	" name TEXT NOT NULL,"
	" array_name TEXT,"
	" size_mb INTEGER NOT NULL DEFAULT 0 CHECK (size_mb >= 0),"
	" state TEXT NOT NULL DEFAULT 'creating' CHECK (state IN"
	"  ('creating','ready','resizing','deleting','error','deleted')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX snapshots_name ON snapshots (volume_id, name) WHERE state <> 'deleted';"
	"CREATE INDEX snapshots_tenant ON snapshots (tenant_id);"
	"ALTER TABLE volumes ADD COLUMN parent_volume_id INTEGER REFERENCES volumes(id);"
	"ALTER TABLE volumes ADD COLUMN parent_snapshot_id INTEGER REFERENCES snapshots(id);"
	"ALTER TABLE volumes ADD COLUMN clone_kind TEXT NOT NULL DEFAULT 'none'"
	" CHECK (clone_kind IN ('none','linked','full'));"
	"CREATE INDEX volumes_parent ON volumes (parent_volume_id);"
	"CREATE TABLE assignments ("
	" id INTEGER PRIMARY KEY,"
	" volume_id INTEGER NOT NULL REFERENCES volumes(id),"
	" host_id INTEGER NOT NULL REFERENCES hosts(id),"
	" system_id INTEGER NOT NULL REFERENCES systems(id),"
	" hlu INTEGER NOT NULL CHECK (hlu BETWEEN 0 AND 255),"
	" state TEXT NOT NULL DEFAULT 'assigning'"
	"  CHECK (state IN ('assigning','ready','unassigning','error')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" UNIQUE (volume_id, host_id),"
	" UNIQUE (host_id, system_id, hlu));";

static const char v4_sql[] =
	"CREATE TABLE meta ("
	" key TEXT PRIMARY KEY,"
	" value TEXT NOT NULL) WITHOUT ROWID;";

static const char v5_sql[] =
	"CREATE TABLE hosts_v5 ("
	" id INTEGER PRIMARY KEY,"
	" tenant_id INTEGER REFERENCES tenants(id),"
	" name TEXT NOT NULL,"
	" ip TEXT,"
	" failover_wanted TEXT NOT NULL DEFAULT 'auto'"
	"  CHECK (failover_wanted IN ('auto','alua','pnr')),"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL);"
	"INSERT INTO hosts_v5 (id, tenant_id, name, ip, failover_wanted, created, updated)"
	" SELECT id, tenant_id, name, ip, failover_wanted, created, updated FROM hosts;"
	"DROP TABLE hosts;"
	"ALTER TABLE hosts_v5 RENAME TO hosts;"
	"CREATE INDEX hosts_tenant ON hosts (tenant_id);"
	/* Admin-owned hosts have no tenant: coalesce so that NULLs collide
	 * too, as volumes_name does. */
	"CREATE UNIQUE INDEX hosts_name ON hosts (coalesce(tenant_id, 0), name);"
	"CREATE UNIQUE INDEX host_systems_group ON host_systems (system_id, storage_group)"
	" WHERE storage_group IS NOT NULL;";

/* The work is in v6_post: it rebuilds each table from the file's own
 * schema text. */
static const char v6_sql[] = "";

/* v7: jobs counted by state in a four-row table that triggers keep exact
 * in the same transaction as every change of a job, so /metrics reads four
 * rows instead of counting a table that grows for ever. */
static const char v7_sql[] =
	"CREATE TABLE job_counts ("
	" state TEXT PRIMARY KEY"
	"  CHECK (state IN ('queued','running','succeeded','failed')),"
	" n INTEGER NOT NULL) WITHOUT ROWID;"
	"INSERT INTO job_counts (state, n)"
	" SELECT column1, (SELECT count(*) FROM jobs WHERE state = column1)"
	" FROM (VALUES ('queued'), ('running'), ('succeeded'), ('failed'));"
	"CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN"
	" UPDATE job_counts SET n = n + 1 WHERE state = NEW.state; END;"
	"CREATE TRIGGER job_counts_update AFTER UPDATE OF state ON jobs"
	" WHEN OLD.state <> NEW.state BEGIN"
	" UPDATE job_counts SET n = n - 1 WHERE state = OLD.state;"
	" UPDATE job_counts SET n = n + 1 WHERE state = NEW.state; END;"
	"CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN"
	" UPDATE job_counts SET n = n - 1 WHERE state = OLD.state; END;";

/* v8: pool kinds (see the history above). */
static const char v8_sql[] =
	"CREATE TABLE pools_v8 ("
	" id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" system_id INTEGER NOT NULL REFERENCES systems(id) ON DELETE CASCADE,"
	" array_id INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" array_state TEXT,"
	" capacity_mb INTEGER NOT NULL DEFAULT 0,"
	" free_mb INTEGER NOT NULL DEFAULT 0,"
	" prov_supported INTEGER NOT NULL DEFAULT 0,"
	" created INTEGER NOT NULL,"
	" updated INTEGER NOT NULL,"
	" kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),"
	" raid_type TEXT,"
	" contig_free_mb INTEGER NOT NULL DEFAULT -1,"
	" UNIQUE (system_id, kind, array_id));"
	"INSERT INTO pools_v8 (id, system_id, array_id, name, array_state, capacity_mb, free_mb,"
	" prov_supported, created, updated)"
	" SELECT id, system_id, array_id, name, array_state, capacity_mb, free_mb, prov_supported,"
	" created, updated FROM pools;"
	"INSERT INTO sqlite_sequence (name, seq) SELECT 'pools_v8', 0"
	" WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'pools_v8');"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence"
	" WHERE name = 'pools'), 0)) WHERE name = 'pools_v8';"
	"DROP TABLE pools;"
	"ALTER TABLE pools_v8 RENAME TO pools;"
	"ALTER TABLE systems ADD COLUMN capabilities TEXT;";

/* v9: volume and snapshot attributes (see the history above). */
static const char v9_sql[] =
	"ALTER TABLE volumes ADD COLUMN description TEXT;"
	"ALTER TABLE volumes ADD COLUMN collection TEXT;"
	"ALTER TABLE snapshots ADD COLUMN description TEXT;"
	"ALTER TABLE snapshots ADD COLUMN collection TEXT;"
	"ALTER TABLE snapshots ADD COLUMN source_size_mb INTEGER NOT NULL DEFAULT 0"
	" CHECK (source_size_mb >= 0);"
	"CREATE INDEX volumes_collection ON volumes (collection) WHERE collection IS NOT NULL;"
	"CREATE INDEX snapshots_collection ON snapshots (collection) WHERE collection IS NOT NULL;"
	"CREATE TABLE object_keys ("
	" kind TEXT NOT NULL CHECK (kind IN ('volume','snapshot')),"
	" object_id INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (kind, object_id, name)) WITHOUT ROWID;"
	"CREATE TRIGGER volumes_keys_delete AFTER DELETE ON volumes BEGIN"
	" DELETE FROM object_keys WHERE kind = 'volume' AND object_id = OLD.id; END;"
	"CREATE TRIGGER volumes_keys_tombstone AFTER UPDATE OF state ON volumes"
	" WHEN NEW.state = 'deleted' BEGIN"
	" DELETE FROM object_keys WHERE kind = 'volume' AND object_id = OLD.id; END;"
	"CREATE TRIGGER snapshots_keys_delete AFTER DELETE ON snapshots BEGIN"
	" DELETE FROM object_keys WHERE kind = 'snapshot' AND object_id = OLD.id; END;"
	"CREATE TRIGGER snapshots_keys_tombstone AFTER UPDATE OF state ON snapshots"
	" WHEN NEW.state = 'deleted' BEGIN"
	" DELETE FROM object_keys WHERE kind = 'snapshot' AND object_id = OLD.id; END;";

static const char *const migrations[STORE_SCHEMA_VERSION + 1] = {
	NULL, v1_sql, v2_sql, v3_sql, v4_sql, v5_sql, v6_sql, v7_sql, v8_sql, v9_sql,
};

/* The schema of version PG_BASELINE on PostgreSQL (see the note above). */
#define PG_BASELINE 9
#define PG_ID "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
static const char pg_baseline_sql[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE credentials (" PG_ID
	" name TEXT NOT NULL UNIQUE,"
	" \"user\" TEXT,"
	" password TEXT,"
	" scope BIGINT NOT NULL DEFAULT 0 CHECK (scope BETWEEN 0 AND 2),"
	" secfilepath TEXT,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE TABLE systems (" PG_ID
	" name TEXT NOT NULL UNIQUE,"
	" adapter TEXT NOT NULL,"
	" spa TEXT NOT NULL,"
	" spb TEXT,"
	" cli_path TEXT,"
	" credential_id BIGINT REFERENCES credentials(id),"
	" model TEXT, revision TEXT, serial TEXT, enablers TEXT,"
	" state TEXT NOT NULL DEFAULT 'unknown'"
	"  CHECK (state IN ('unknown','online','degraded','offline')),"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" failover_policy TEXT NOT NULL DEFAULT 'auto'"
	"  CHECK (failover_policy IN ('auto','alua','pnr')),"
	" iscsi_ports TEXT,"
	" destroy_empty_sg BIGINT NOT NULL DEFAULT 0,"
	" max_inflight BIGINT NOT NULL DEFAULT 0,"
	" hlu0_allowed BIGINT NOT NULL DEFAULT 0,"
	" capabilities TEXT);"
	"CREATE TABLE pools (" PG_ID
	" system_id BIGINT NOT NULL REFERENCES systems(id) ON DELETE CASCADE,"
	" array_id BIGINT NOT NULL,"
	" name TEXT NOT NULL,"
	" array_state TEXT,"
	" capacity_mb BIGINT NOT NULL DEFAULT 0,"
	" free_mb BIGINT NOT NULL DEFAULT 0,"
	" prov_supported BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" kind BIGINT NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),"
	" raid_type TEXT,"
	" contig_free_mb BIGINT NOT NULL DEFAULT -1,"
	" UNIQUE (system_id, kind, array_id));"
	"CREATE TABLE ports (" PG_ID
	" system_id BIGINT NOT NULL REFERENCES systems(id) ON DELETE CASCADE,"
	" sp TEXT NOT NULL CHECK (sp IN ('A','B')),"
	" port_id BIGINT NOT NULL,"
	" vport_id BIGINT NOT NULL DEFAULT 0,"
	" proto TEXT NOT NULL CHECK (proto IN ('iscsi','fc')),"
	" address TEXT,"
	" ip TEXT,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" UNIQUE (system_id, sp, port_id, vport_id));"
	"CREATE TABLE tenants (" PG_ID
	" name TEXT NOT NULL UNIQUE,"
	" description TEXT,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE TABLE users (" PG_ID
	" name TEXT NOT NULL UNIQUE,"
	" role TEXT NOT NULL CHECK (role IN ('admin','tenant')),"
	" pw_hash TEXT NOT NULL DEFAULT '',"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" tenant_id BIGINT REFERENCES tenants(id));"
	"CREATE TABLE grants (" PG_ID
	" tenant_id BIGINT NOT NULL REFERENCES tenants(id),"
	" pool_id BIGINT NOT NULL REFERENCES pools(id),"
	" quota_mb BIGINT NOT NULL CHECK (quota_mb >= 0),"
	" max_volumes BIGINT NOT NULL DEFAULT 0 CHECK (max_volumes >= 0),"
	" prov_allowed BIGINT NOT NULL DEFAULT 0,"
	" frozen BIGINT NOT NULL DEFAULT 0,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" UNIQUE (tenant_id, pool_id));"
	"CREATE INDEX grants_pool ON grants (pool_id);"
	"CREATE TABLE volumes (" PG_ID
	" name TEXT NOT NULL,"
	" system_id BIGINT NOT NULL REFERENCES systems(id),"
	" pool_id BIGINT NOT NULL REFERENCES pools(id),"
	" lun_id BIGINT NOT NULL DEFAULT -1,"
	" lun_name TEXT,"
	" wwn TEXT,"
	" size_mb BIGINT NOT NULL CHECK (size_mb > 0),"
	" prov TEXT NOT NULL CHECK (prov IN ('THIN','THICK')),"
	" state TEXT NOT NULL DEFAULT 'creating' CHECK (state IN"
	"  ('creating','ready','resizing','deleting','error','deleted')),"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" tenant_id BIGINT REFERENCES tenants(id),"
	" parent_volume_id BIGINT REFERENCES volumes(id),"
	" parent_snapshot_id BIGINT,"
	" clone_kind TEXT NOT NULL DEFAULT 'none' CHECK (clone_kind IN ('none','linked','full')),"
	" description TEXT,"
	" collection TEXT);"
	"CREATE INDEX volumes_pool ON volumes (pool_id);"
	"CREATE UNIQUE INDEX volumes_name ON volumes (coalesce(tenant_id, 0), name)"
	" WHERE state <> 'deleted';"
	"CREATE INDEX volumes_usage ON volumes (tenant_id, pool_id);"
	"CREATE INDEX volumes_parent ON volumes (parent_volume_id);"
	"CREATE INDEX volumes_collection ON volumes (collection) WHERE collection IS NOT NULL;"
	"CREATE TABLE snapshots (" PG_ID
	" volume_id BIGINT NOT NULL REFERENCES volumes(id),"
	" tenant_id BIGINT REFERENCES tenants(id),"
	" name TEXT NOT NULL,"
	" array_name TEXT,"
	" size_mb BIGINT NOT NULL DEFAULT 0 CHECK (size_mb >= 0),"
	" state TEXT NOT NULL DEFAULT 'creating' CHECK (state IN"
	"  ('creating','ready','resizing','deleting','error','deleted')),"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" description TEXT,"
	" collection TEXT,"
	" source_size_mb BIGINT NOT NULL DEFAULT 0 CHECK (source_size_mb >= 0));"
	"CREATE UNIQUE INDEX snapshots_name ON snapshots (volume_id, name) WHERE state <> 'deleted';"
	"CREATE INDEX snapshots_tenant ON snapshots (tenant_id);"
	"CREATE INDEX snapshots_collection ON snapshots (collection) WHERE collection IS NOT NULL;"
	"ALTER TABLE volumes ADD CONSTRAINT volumes_parent_snapshot"
	" FOREIGN KEY (parent_snapshot_id) REFERENCES snapshots(id);"
	"CREATE TABLE hosts (" PG_ID
	" tenant_id BIGINT REFERENCES tenants(id),"
	" name TEXT NOT NULL,"
	" ip TEXT,"
	" failover_wanted TEXT NOT NULL DEFAULT 'auto'"
	"  CHECK (failover_wanted IN ('auto','alua','pnr')),"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE INDEX hosts_tenant ON hosts (tenant_id);"
	"CREATE UNIQUE INDEX hosts_name ON hosts (coalesce(tenant_id, 0), name);"
	"CREATE TABLE host_systems ("
	" host_id BIGINT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" system_id BIGINT NOT NULL REFERENCES systems(id),"
	" storage_group TEXT,"
	" failover_applied TEXT CHECK (failover_applied IS NULL OR"
	"  failover_applied IN ('auto','alua','pnr')),"
	" paths BIGINT NOT NULL DEFAULT 0,"
	" updated BIGINT NOT NULL,"
	" PRIMARY KEY (host_id, system_id));"
	"CREATE UNIQUE INDEX host_systems_group ON host_systems (system_id, storage_group)"
	" WHERE storage_group IS NOT NULL;"
	"CREATE TABLE initiators (" PG_ID
	" host_id BIGINT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL CHECK (kind IN ('iscsi','fc')),"
	" address TEXT NOT NULL,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL);"
	"CREATE UNIQUE INDEX initiators_address ON initiators (lower(address));"
	"CREATE INDEX initiators_host ON initiators (host_id);"
	"CREATE TABLE assignments (" PG_ID
	" volume_id BIGINT NOT NULL REFERENCES volumes(id),"
	" host_id BIGINT NOT NULL REFERENCES hosts(id),"
	" system_id BIGINT NOT NULL REFERENCES systems(id),"
	" hlu BIGINT NOT NULL CHECK (hlu BETWEEN 0 AND 255),"
	" state TEXT NOT NULL DEFAULT 'assigning'"
	"  CHECK (state IN ('assigning','ready','unassigning','error')),"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" UNIQUE (volume_id, host_id),"
	" UNIQUE (host_id, system_id, hlu));"
	"CREATE TABLE jobs (" PG_ID
	" kind TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'queued'"
	"  CHECK (state IN ('queued','running','succeeded','failed')),"
	" progress BIGINT NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
	" request_id TEXT,"
	" \"user\" TEXT NOT NULL,"
	" object TEXT,"
	" params TEXT, result TEXT, error_code TEXT, error_message TEXT, step TEXT,"
	" created BIGINT NOT NULL,"
	" updated BIGINT NOT NULL,"
	" finished BIGINT NOT NULL DEFAULT 0,"
	" tenant_id BIGINT);"
	"CREATE UNIQUE INDEX jobs_request ON jobs (\"user\", request_id) WHERE request_id IS NOT NULL;"
	"CREATE INDEX jobs_object ON jobs (object) WHERE state IN ('queued','running');"
	"CREATE INDEX jobs_state ON jobs (state);"
	"CREATE INDEX jobs_tenant ON jobs (tenant_id);"
	"CREATE TABLE audit (" PG_ID
	" \"time\" BIGINT NOT NULL,"
	" \"user\" TEXT NOT NULL,"
	" tenant TEXT,"
	" operation TEXT NOT NULL,"
	" object TEXT,"
	" outcome TEXT NOT NULL,"
	" detail TEXT);"
	"CREATE FUNCTION slgw_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF TG_OP = 'DELETE' AND current_setting('slgw.audit_prune', true) = 'on' THEN"
	"   RETURN OLD;"
	"  END IF;"
	"  RAISE EXCEPTION 'audit records are append-only';"
	" END $$;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	" FOR EACH ROW EXECUTE FUNCTION slgw_audit_append_only();"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	" FOR EACH ROW EXECUTE FUNCTION slgw_audit_append_only();"
	"CREATE TABLE job_counts ("
	" state TEXT PRIMARY KEY CHECK (state IN ('queued','running','succeeded','failed')),"
	" n BIGINT NOT NULL);"
	"INSERT INTO job_counts (state, n) VALUES"
	" ('queued', 0), ('running', 0), ('succeeded', 0), ('failed', 0);"
	"CREATE FUNCTION slgw_job_counts() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF TG_OP IN ('UPDATE', 'DELETE') THEN"
	"   UPDATE job_counts SET n = n - 1 WHERE state = OLD.state;"
	"  END IF;"
	"  IF TG_OP IN ('INSERT', 'UPDATE') THEN"
	"   UPDATE job_counts SET n = n + 1 WHERE state = NEW.state;"
	"  END IF;"
	"  RETURN NULL;"
	" END $$;"
	"CREATE TRIGGER job_counts_insert AFTER INSERT OR DELETE ON jobs"
	" FOR EACH ROW EXECUTE FUNCTION slgw_job_counts();"
	"CREATE TRIGGER job_counts_update AFTER UPDATE OF state ON jobs"
	" FOR EACH ROW WHEN (OLD.state <> NEW.state) EXECUTE FUNCTION slgw_job_counts();"
	"CREATE TABLE object_keys ("
	" kind TEXT NOT NULL CHECK (kind IN ('volume','snapshot')),"
	" object_id BIGINT NOT NULL,"
	" name TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (kind, object_id, name));"
	"CREATE FUNCTION slgw_object_keys_drop() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  DELETE FROM object_keys WHERE kind = TG_ARGV[0] AND object_id = OLD.id;"
	"  RETURN NULL;"
	" END $$;"
	"CREATE TRIGGER volumes_keys_delete AFTER DELETE ON volumes"
	" FOR EACH ROW EXECUTE FUNCTION slgw_object_keys_drop('volume');"
	"CREATE TRIGGER volumes_keys_tombstone AFTER UPDATE OF state ON volumes"
	" FOR EACH ROW WHEN (NEW.state = 'deleted') EXECUTE FUNCTION slgw_object_keys_drop('volume');"
	"CREATE TRIGGER snapshots_keys_delete AFTER DELETE ON snapshots"
	" FOR EACH ROW EXECUTE FUNCTION slgw_object_keys_drop('snapshot');"
	"CREATE TRIGGER snapshots_keys_tombstone AFTER UPDATE OF state ON snapshots"
	" FOR EACH ROW WHEN (NEW.state = 'deleted')"
	" EXECUTE FUNCTION slgw_object_keys_drop('snapshot');";

/* PostgreSQL text of the steps after PG_BASELINE (index = version); NULL
 * where a step's SQLite text serves both. */
static const char *const pg_migrations[STORE_SCHEMA_VERSION + 1] = {NULL};

int store_new_instance_id(char out[STORE_INSTANCE_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[STORE_INSTANCE_ID_LEN / 2];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return store_seterr(STORE_ERROR, "no random bytes for the instance id");
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[STORE_INSTANCE_ID_LEN] = '\0';
	return 0;
}

/* v4: the instance id, created once; later opens only read it. */
static int v4_post(sqlite3 *db)
{
	char id[STORE_INSTANCE_ID_LEN + 1];
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_new_instance_id(id) != 0)
		return STORE_ERROR;
	rc = sqlite3_prepare_v2(db, "INSERT INTO meta (key, value) VALUES ('instance_id', ?)", -1,
	                        &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	if (rc != SQLITE_OK)
		store_seterr(STORE_ERROR, "recording the instance id: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : STORE_ERROR;
}

/* Every table whose rows have an "id": each id the store hands out. */
static const char *const v6_tables[] = {
	"credentials", "systems", "pools", "ports", "tenants", "users", "grants", "volumes",
	"snapshots", "hosts", "initiators", "assignments", "jobs", "audit",
};

static int v6_exec(sqlite3 *db, const char *sql, const char *table)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	store_seterr(STORE_ERROR, "rebuilding %s: %s", table, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return STORE_ERROR;
}

/* Rebuilds one table with "id INTEGER PRIMARY KEY AUTOINCREMENT": the same
 * CREATE text otherwise, every row copied with its id, then its indexes
 * and triggers (dropped with the old table) created again. */
static int v6_rebuild(sqlite3 *db, const char *table)
{
	static const char pk[] = "id INTEGER PRIMARY KEY";
	sqlite3_stmt *st = NULL;
	char **extra = NULL;
	size_t nextra = 0;
	char *create = NULL, *sql = NULL;
	const char *def, *open, *at;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && (def = (const char *)sqlite3_column_text(st, 0)) &&
		    (open = strchr(def, '(')) && (at = strstr(open, pk)) != NULL &&
		    (at[sizeof(pk) - 1] == ',' || at[sizeof(pk) - 1] == ')'))
			create = sqlite3_mprintf("CREATE TABLE \"%w_v6\" %.*s%s AUTOINCREMENT%s", table,
			                         (int)(at - open), open, pk, at + sizeof(pk) - 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!create)
		return store_seterr(STORE_ERROR, "rebuilding %s: no table with an integer id", table);

	rc = sqlite3_prepare_v2(db,
	                        "SELECT sql FROM sqlite_master WHERE tbl_name = ?"
	                        " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid",
	                        -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			char **grown = realloc(extra, (nextra + 1) * sizeof(*extra));

			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			extra = grown;
			extra[nextra] = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
			if (!extra[nextra]) {
				rc = SQLITE_NOMEM;
				break;
			}
			nextra++;
		}
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : store_seterr(STORE_ERROR, "rebuilding %s: reading its schema", table);
	if (rc == 0)
		rc = v6_exec(db, create, table);
	if (rc == 0) {
		sql = sqlite3_mprintf("INSERT INTO \"%w_v6\" SELECT * FROM \"%w\";"
		                      "DROP TABLE \"%w\";"
		                      "ALTER TABLE \"%w_v6\" RENAME TO \"%w\";",
		                      table, table, table, table, table);
		rc = sql ? v6_exec(db, sql, table) : store_seterr(STORE_ERROR, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < nextra; i++)
		rc = v6_exec(db, extra[i], table);
	for (size_t i = 0; i < nextra; i++)
		sqlite3_free(extra[i]);
	free(extra);
	sqlite3_free(sql);
	sqlite3_free(create);
	return rc;
}

/* Ids the rows no longer show but the jobs do (jobs outlive what they
 * touched): a removed tenant's id in tenant_id, a removed object's in the
 * object key "<kind>/<id>".  Each counter starts past them. */
static const char v6_floors[] =
	"INSERT INTO sqlite_sequence (name, seq)"
	" SELECT t, 0 FROM (SELECT 'tenants' AS t UNION ALL SELECT 'volumes'"
	"  UNION ALL SELECT 'snapshots' UNION ALL SELECT 'hosts' UNION ALL SELECT 'systems')"
	" WHERE t NOT IN (SELECT name FROM sqlite_sequence);"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(tenant_id) FROM jobs), 0))"
	" WHERE name = 'tenants';"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(CAST(substr(object,"
	"  instr(object, '/') + 1) AS INTEGER)) FROM jobs WHERE object LIKE 'volume/%'), 0))"
	" WHERE name = 'volumes';"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(CAST(substr(object,"
	"  instr(object, '/') + 1) AS INTEGER)) FROM jobs WHERE object LIKE 'snapshot/%'), 0))"
	" WHERE name = 'snapshots';"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(CAST(substr(object,"
	"  instr(object, '/') + 1) AS INTEGER)) FROM jobs WHERE object LIKE 'host/%'), 0))"
	" WHERE name = 'hosts';"
	"UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(CAST(substr(object,"
	"  instr(object, '/') + 1) AS INTEGER)) FROM jobs WHERE object LIKE 'system/%'), 0))"
	" WHERE name = 'systems';";

static int v6_post(sqlite3 *db)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof(v6_tables) / sizeof(v6_tables[0]); i++)
		rc = v6_rebuild(db, v6_tables[i]);
	if (rc == 0)
		rc = v6_exec(db, v6_floors, "the id counters");
	return rc;
}

int store_migration_post(sqlite3 *db, int version)
{
	switch (version) {
	case 4:
		return v4_post(db);
	case 6:
		return v6_post(db);
	default:
		return 0;
	}
}

const char *store_migration_sql(int version)
{
	if (version < 1 || version > STORE_SCHEMA_VERSION)
		return NULL;
	return migrations[version];
}

static int sqlite_version(struct conn *c, int *out)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *h = db_sqlite_handle(c->db);
	int rc = sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);

	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	} else {
		rc = store_seterr(STORE_ERROR, "schema version: database error: %s", sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return rc;
}

/* 0 in an empty database (no meta table yet). */
static int pg_version(struct conn *c, int *out)
{
	struct db_stmt *st;
	const char *v;
	int rc, have = 0;

	*out = 0;
	rc = conn_prepare(c, "SELECT count(*) FROM pg_catalog.pg_tables"
	                     " WHERE schemaname = current_schema() AND tablename = 'meta'", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW)
		have = db_column_int(st, 0) > 0;
	db_reset(st);
	if (rc != DB_ROW)
		return store_sqlerr(c, rc, "schema version");
	if (!have)
		return 0;
	rc = conn_prepare(c, "SELECT value FROM meta WHERE key = 'schema_version'", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	v = rc == DB_ROW ? db_column_text(st, 0) : NULL;
	*out = v ? atoi(v) : 0;
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_sqlerr(c, rc, "schema version");
}

int store_read_version(struct conn *c, int *out)
{
	return conn_pg(c) ? pg_version(c, out) : sqlite_version(c, out);
}

static int pg_set_version(struct conn *c, int v)
{
	struct db_stmt *st;
	int rc = conn_prepare(c, "INSERT INTO meta (key, value) VALUES ('schema_version', ?)"
	                         " ON CONFLICT (key) DO UPDATE SET value = excluded.value", &st);
	char buf[16];

	if (rc)
		return rc;
	snprintf(buf, sizeof(buf), "%d", v);
	db_bind_text(st, 1, buf);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : store_sqlerr(c, rc, "schema version");
}

/* The baseline's C part: the instance id, as v4_post makes it. */
static int pg_baseline_post(struct conn *c)
{
	char id[STORE_INSTANCE_ID_LEN + 1];
	struct db_stmt *st;
	int rc = store_new_instance_id(id);

	if (rc == 0)
		rc = conn_prepare(c, "INSERT INTO meta (key, value) VALUES ('instance_id', ?)", &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, id);
	rc = db_step(st);
	db_reset(st);
	return rc == DB_DONE ? 0 : store_sqlerr(c, rc, "instance id");
}

/* One PostgreSQL step from v: the baseline from an empty database, then
 * the steps' PostgreSQL text (or their common text). */
static int pg_step(struct conn *c, int v, int *next)
{
	int rc;

	if (v == 0) {
		*next = PG_BASELINE;
		rc = conn_exec(c, pg_baseline_sql);
		if (rc == 0)
			rc = pg_baseline_post(c);
	} else {
		*next = v + 1;
		rc = conn_exec(c, pg_migrations[v + 1] ? pg_migrations[v + 1] : migrations[v + 1]);
	}
	if (rc == 0)
		rc = pg_set_version(c, *next);
	return rc;
}

/* Any row of PRAGMA foreign_key_check is a dangling reference the step
 * left behind: fail the step rather than commit it. */
static int fk_clean(struct conn *c)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *h = db_sqlite_handle(c->db);
	int rc = sqlite3_prepare_v2(h, "PRAGMA foreign_key_check", -1, &st, NULL);

	if (rc != SQLITE_OK) {
		rc = store_seterr(STORE_ERROR, "foreign key check: %s", sqlite3_errmsg(h));
	} else {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			rc = store_seterr(STORE_ECONSTRAINT, "table %s has a dangling reference",
			                  (const char *)sqlite3_column_text(st, 0));
		else if (rc == SQLITE_DONE)
			rc = 0;
		else
			rc = store_seterr(STORE_ERROR, "foreign key check: %s", sqlite3_errmsg(h));
	}
	sqlite3_finalize(st);
	return rc;
}

static int migrate_steps(struct conn *c);

int store_migrate(struct conn *c)
{
	int rc, rc2;

	if (conn_pg(c))
		return migrate_steps(c);
	/* A step may rebuild a referenced table (v5): with foreign keys on,
	 * DROP TABLE would delete its children (ON DELETE CASCADE).  The
	 * pragma is a no-op inside a transaction, so switch it here;
	 * fk_clean() keeps every step honest instead. */
	rc = conn_exec(c, "PRAGMA foreign_keys=OFF");
	if (rc)
		return rc;
	rc = migrate_steps(c);
	rc2 = conn_exec(c, "PRAGMA foreign_keys=ON");
	return rc ? rc : rc2;
}

static int migrate_steps(struct conn *c)
{
	int v = 0, next, rc;

	for (;;) {
		/* Read the version inside the write transaction: another
		 * process may have migrated while we waited for the lock. */
		rc = tx_begin(c, 1);
		if (rc == 0)
			rc = store_read_version(c, &v);
		if (rc == 0 && v > STORE_SCHEMA_VERSION)
			rc = store_seterr(STORE_EINVAL,
			                  "database schema version %d is newer than this program (%d)",
			                  v, STORE_SCHEMA_VERSION);
		if (rc || v == STORE_SCHEMA_VERSION)
			return tx_end(c, rc);
		if (conn_pg(c)) {
			rc = pg_step(c, v, &next);
		} else {
			next = v + 1;
			rc = conn_exec(c, migrations[v + 1]);
			if (rc == 0)
				rc = store_migration_post(db_sqlite_handle(c->db), v + 1);
			if (rc == 0)
				rc = fk_clean(c);
			if (rc == 0) {
				char sql[64];
				snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
				rc = conn_exec(c, sql);
			}
		}
		if (rc) {
			char why[400];
			snprintf(why, sizeof(why), "%s", store_errmsg());
			store_seterr(rc, "migration to schema version %d failed: %s", next, why);
		}
		rc = tx_end(c, rc);
		if (rc)
			return rc;
	}
}
