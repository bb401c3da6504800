/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * store_testing.h - helpers for the store's own tests (tests/store).
 *
 * Tests must not contain SQL (store/ is the only place that does), yet the
 * migration tests need database files in OLD schema versions holding data
 * in the old shapes. store_testing_build() makes such a file with the very
 * migration SQL the store runs at open, then adds a fixed sample data set
 * (documented below) so a test can open it and check what survived.
 */
#ifndef SLGW_STORE_TESTING_H
#define SLGW_STORE_TESTING_H

/*
 * Create `path` (must not exist) at schema `version` (1 ..
 * store_schema_version()-1) holding:
 * - credential "vnx1-admin" (user "sysadmin", password "sysadmin");
 * - system "vnx1" (vnx, SP A 10.0.0.1, SP B 10.0.0.2, model VNX5300,
 *   state online) using that credential;
 * - pool "Pool 0" (array id 0, 1048576 MB, 524288 free) on vnx1;
 * - volume "vol1" of tenant "acme", 1024 MB THIN, LUN 17 "slgw_vol1", ready;
 *   volume "admin-vol" without tenant, 2048 MB THICK, LUN 18, ready;
 * - user "alice" (tenant user of "acme", password "secret-a") and user
 *   "root" (admin, password "secret-r");
 * - job "volume.allocate" of alice, tenant acme, request id "req-1",
 *   object "volume/1", succeeded; job "volume.resize" of alice, tenant
 *   "beta" (a tenant named nowhere else), object "volume/1", running,
 *   step "resize-lun";
 * - one audit record (user alice, operation "allocateStorage", outcome "ok");
 * - from version 2: a grant of acme on "Pool 0": quota 10240 MB, at most
 *   5 volumes; job "volume.delete" of root, succeeded, of tenant id 99 (a
 *   removed tenant) on object "volume/40" (a volume whose row is gone).
 * - from version 3: succeeded jobs "host.remove" on "host/60" and
 *   "snapshot.delete" on "snapshot/30" (rows gone too).
 * - from version 3: host 7 "xs1" of acme (IP 192.0.2.11, failover alua)
 *   with iSCSI initiator 3 "iqn.2006-04.com.example:xs1", registered on
 *   vnx1 (storage group "xs1", alua, 4 paths), and assignment 5 of vol1 to
 *   it (HLU 1, ready); admin-owned host 9 "admin-host" (no IP) with FC
 *   initiator 4 "20:00:00:00:c9:00:00:01".
 * Returns 0 or a negative STORE_E* code.
 */
int store_testing_build(const char *path, int version);

/*
 * Set (value non-NULL) or remove (value NULL) row `key` of the meta table
 * (schema 4 and later) of the closed database at `path`, behind the store's
 * back, to test how an open treats a damaged file.  Returns 0 or a negative
 * STORE_E* code.
 */
int store_testing_set_meta(const char *path, const char *key, const char *value);

#endif /* SLGW_STORE_TESTING_H */
