/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_copy.c - moving a SQLite store into PostgreSQL (store_copy_to and
 * slgwd --copy-store-to).  In the suite's PostgreSQL run a file with every
 * kind of row (a clone with its parent snapshot, keys, hosts, initiators,
 * an HLU, jobs, audit) is copied and read back through the store on the
 * database: same records, same instance id, ids continuing past the file's
 * largest, a second copy refused, and slgwd refusing while the store's
 * lock is held.  Both runs check the refusals that need no server.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static struct tdir dir;

static void setup(void)
{
	tdir_make(&dir);
}

static void teardown(void)
{
	tdir_remove(&dir);
}

/* A file store with one of everything; *vol gets the clone's id. */
static store *fill(int64_t *clone_out, int64_t *host_out)
{
	store *s = open_store_file(&dir, "src.db");
	int64_t sys = mk_system(s, "vnx1"), pool = mk_pool(s, sys, 0, "Pool 0");
	int64_t t = mk_tenant(s, "acme"), v, snap = 0, clone = 0, h;
	store_snapshot sn = {.name = "snap1", .array_name = "slgw_snap1", .size_mb = 100};
	store_volume cv = {.tenant_id = t, .name = "clone-of-snap1", .system_id = sys,
	                   .pool_id = pool, .size_mb = 100, .prov = STORE_PROV_THIN,
	                   .clone_kind = STORE_CLONE_LINKED};
	store_kv kv[] = {{"sr", "sr-1"}, {"vdi", "uuid-1"}};
	store_attr_change chg = {.description = "first volume", .collection = "sr-1",
	                         .set = kv, .n_set = 2};
	store_initiator in = {.kind = STORE_PROTO_ISCSI,
	                      .address = "iqn.2001-04.com.example:xs-host-1"};
	store_assignment *a = NULL;
	store_job *j = NULL;
	store_job jin = {.kind = "volume.allocate", .user = "root", .request_id = "req-1",
	                 .params = "{\"size_mb\":100}"};

	mk_grant(s, t, pool, 100000, 0);
	v = mk_volume(s, t, sys, pool, "vol'1 \"quoted\" ünïcode", 100);
	ck_ok(store_volume_set_attrs(s, v, &chg));
	sn.volume_id = v;
	ck_ok(store_snapshot_reserve(&snap, s, &sn));
	cv.parent_volume_id = v;
	cv.parent_snapshot_id = snap;
	ck_ok(store_volume_reserve(&clone, s, &cv));
	h = mk_host(s, t, "xs-host-1");
	in.host_id = h;
	ck_ok(store_initiator_insert(NULL, s, &in));
	ck_ok(store_assignment_reserve(&a, s, v, h, sys, 1, 5));
	store_assignment_free(a);
	ck_ok(store_job_start(&j, s, &jin));
	ck_ok(store_job_finish(s, j->id, STORE_JOB_SUCCEEDED, "{}", NULL, NULL));
	store_job_free(j);
	ck_ok(store_audit_append(NULL, s, &(store_audit){.user = "root", .operation = "login",
	                                                 .outcome = "ok"}));
	/* A deleted newest volume: its id must not come back after the copy. */
	int64_t gone = mk_volume(s, t, sys, pool, "gone", 10);
	ck_ok(store_volume_delete(s, gone));
	*clone_out = clone;
	*host_out = h;
	return s;
}

START_TEST(refusals)
{
	store *s = open_store_file(&dir, "src.db");
	store_copy_result r;

	ck_store(store_copy_to(&r, s, "/tmp/not-a-url.db"), STORE_EINVAL);
	ck_store(store_copy_to(&r, s, "postgresql://u:secret@127.0.0.1/x"), STORE_EINVAL);
	ck_assert_ptr_nonnull(strstr(store_errmsg(), "password"));
	ck_store(store_copy_to(&r, NULL, "postgresql://u@127.0.0.1/x"), STORE_EINVAL);
	store_close(s);
}
END_TEST

START_TEST(copy_into_postgresql)
{
	char url[512];
	int64_t clone, host, next = 0;
	store *s, *d;
	store_copy_result r;
	store_volume *cv = NULL, *vl = NULL;
	store_initiator *il = NULL;
	store_assignment *al = NULL;
	store_job_counts jc;
	store_job *j = NULL;
	size_t n = 0;

	if (!store_test_on_pg()) /* the server is pg_run.sh's */
		return;
	s = fill(&clone, &host);
	store_target(&dir, "dest", url, sizeof(url));
	ck_ok(store_copy_to(&r, s, url));
	ck_assert_int_eq(r.tables, 16);
	ck_assert_int_ge(r.rows, 12);
	/* Once only: a copy never merges into a store with rows. */
	ck_store(store_copy_to(&r, s, url), STORE_EEXISTS);

	d = open_store(&dir, "dest");
	ck_assert_str_eq(store_instance_id(d), store_instance_id(s));
	ck_ok(store_volume_get(&cv, d, clone));
	ck_assert_int_gt(cv->parent_snapshot_id, 0);
	ck_assert_int_eq(cv->clone_kind, STORE_CLONE_LINKED);
	store_volume_free(cv);
	ck_ok(store_volume_list(&vl, &n, d, &(store_filter){.collection = "sr-1"}));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(vl[0].name, "vol'1 \"quoted\" ünïcode");
	ck_assert_uint_eq(vl[0].n_keys, 2);
	ck_assert_str_eq(vl[0].keys[1].value, "uuid-1");
	store_volume_array_free(vl, n);
	ck_ok(store_initiator_list(&il, &n, d,
	                           &(store_filter){.name = "IQN.2001-04.COM.EXAMPLE:XS-HOST-1"}));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(il[0].host_id, host);
	store_initiator_array_free(il, n);
	ck_ok(store_assignment_list(&al, &n, d, NULL));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(al[0].hlu, 5);
	store_assignment_array_free(al, n);
	ck_ok(store_job_counts_get(&jc, d));
	ck_assert_int_eq(jc.succeeded, 1);
	ck_ok(store_job_find_request(&j, d, "root", "req-1"));
	ck_assert_str_eq(j->params, "{\"size_mb\":100}");
	store_job_free(j);
	/* Ids go on past the deleted volume's: never reused. */
	next = mk_volume(d, 1, 1, 1, "after", 10);
	ck_assert_int_gt(next, clone + 1);
	store_close(d);
	store_close(s);
}
END_TEST

/* Runs slgwd --copy-store-to url --state-dir sdir; its wait status. */
static int slgwd_copy(const char *slgwd, const char *url, const char *sdir)
{
	int status = 0;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		execl(slgwd, slgwd, "--copy-store-to", url, "--state-dir", sdir, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* slgwd refuses while the store's lock is held (a running gateway). */
START_TEST(slgwd_refuses_a_live_store)
{
	char path[512], lock[600], url[512];
	const char *slgwd = getenv("SLGW_SLGWD");
	int fd, status = 0;
	int64_t c, h;

	if (!store_test_on_pg())
		return;
	ck_assert_msg(slgwd && *slgwd, "SLGW_SLGWD names the slgwd binary");
	store_close(fill(&c, &h));
	tdir_file(&dir, "src.db", path, sizeof(path));
	snprintf(lock, sizeof(lock), "%s.lock", path);
	store_target(&dir, "live", url, sizeof(url));
	fd = open(lock, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	/* --state-dir: the store is <dir>/slgw.db */
	{
		char sdir[512], spath[600], slock[700];
		snprintf(sdir, sizeof(sdir), "%s/state", dir.path);
		ck_assert_int_eq(mkdir(sdir, 0700), 0);
		snprintf(spath, sizeof(spath), "%s/slgw.db", sdir);
		ck_assert_int_eq(rename(path, spath), 0);
		snprintf(slock, sizeof(slock), "%s.lock", spath);
		ck_assert_int_eq(rename(lock, slock), 0);
		status = slgwd_copy(slgwd, url, sdir);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 3,
		              "slgwd exit %d, want 3 (store in use)", WEXITSTATUS(status));
		/* Once the lock is free the same command copies. */
		close(fd);
		status = slgwd_copy(slgwd, url, sdir);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "slgwd exit %d",
		              WEXITSTATUS(status));
		unlink(slock);
		unlink(spath);
		snprintf(slock, sizeof(slock), "%s-wal", spath);
		unlink(slock);
		snprintf(slock, sizeof(slock), "%s-shm", spath);
		unlink(slock);
		rmdir(sdir);
	}
}
END_TEST

int main(void)
{
	return STORE_SUITE("copy", setup, teardown, 120, refusals, copy_into_postgresql,
		slgwd_refuses_a_live_store);
}
