/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_crash.c - a writer killed with SIGKILL in the middle of its writes.
 *
 * A child process opens the store and loops: start a job, reserve a
 * volume (each one write transaction) and after every commit reports the
 * new id through a pipe. The parent lets it run, kills it at an arbitrary
 * point, and repeats this a few times on the same file. Afterwards the file
 * must open, pass PRAGMA integrity_check (and the foreign key check), and
 * hold every record the child reported committed - and nothing half-made:
 * each reported job and volume is complete.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
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

struct report {
	int kind; /* 1 job, 2 volume */
	int round;
	int64_t id;
	int seq;
};

/* The child: no Check calls here, it only writes and reports. */
static void child(const char *path, int fd, int round, int64_t sys, int64_t pool)
{
	char err[256], name[64], req[64], params[128];
	store *s = NULL;

	if (store_open(&s, path, err, sizeof(err)) != 0)
		_exit(3);
	for (int seq = 0;; seq++) {
		store_job *j = NULL;
		store_job in = {.kind = "volume.allocate", .user = "crash", .request_id = req,
		                .params = params};
		struct report r = {.round = round, .seq = seq};
		int64_t vid = 0;

		snprintf(req, sizeof(req), "r%d-%d", round, seq);
		snprintf(params, sizeof(params), "{\"round\":%d,\"seq\":%d}", round, seq);
		if (store_job_start(&j, s, &in) != 0)
			_exit(4);
		r.kind = 1;
		r.id = j->id;
		store_job_free(j);
		if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(5);
		snprintf(name, sizeof(name), "v%d-%d", round, seq);
		if (try_volume(s, &vid, 0, sys, pool, name, 1 + seq % 100) != 0)
			_exit(6);
		r.kind = 2;
		r.id = vid;
		if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(5);
	}
}

START_TEST(sigkill_mid_writes_loses_nothing_committed)
{
	enum { ROUNDS = 4, MAXREP = 100000 };
	struct report *reps = calloc(MAXREP, sizeof(*reps));
	char path[512];
	size_t nrep = 0;
	int64_t sys, pool;
	store *s;

	ck_assert_ptr_nonnull(reps);
	store_target(&dir, "crash.db", path, sizeof(path));
	s = open_store(&dir, "crash.db");
	sys = mk_system(s, "vnx1");
	pool = mk_pool(s, sys, 0, "Pool 0");
	store_close(s);

	srand((unsigned)getpid());
	for (int round = 0; round < ROUNDS; round++) {
		int fds[2], status = 0;
		size_t want = 20 + (size_t)(rand() % 200), got = 0;
		struct report r;
		pid_t pid;

		ck_assert_int_eq(pipe(fds), 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			child(path, fds[1], round, sys, pool);
		}
		close(fds[1]);
		/* Let it commit a random number of records, then kill it while
		 * it is busy with the next ones. */
		while (got < want && read(fds[0], &r, sizeof(r)) == (ssize_t)sizeof(r)) {
			ck_assert_uint_lt(nrep, MAXREP);
			reps[nrep++] = r;
			got++;
		}
		ck_assert_msg(got == want, "child of round %d stopped early", round);
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		/* Whatever it reported before dying counts too. */
		while (read(fds[0], &r, sizeof(r)) == (ssize_t)sizeof(r) && nrep < MAXREP)
			reps[nrep++] = r;
		close(fds[0]);
	}

	s = open_store(&dir, "crash.db");
	ck_ok(store_integrity_check(s));
	for (size_t i = 0; i < nrep; i++) {
		char want[64];
		if (reps[i].kind == 1) {
			store_job *j = NULL;
			ck_ok(store_job_get(&j, s, reps[i].id));
			snprintf(want, sizeof(want), "r%d-%d", reps[i].round, reps[i].seq);
			ck_assert_str_eq(j->request_id, want);
			snprintf(want, sizeof(want), "{\"round\":%d,\"seq\":%d}", reps[i].round,
			         reps[i].seq);
			ck_assert_str_eq(j->params, want);
			ck_assert_int_eq(j->state, STORE_JOB_QUEUED);
			store_job_free(j);
		} else {
			store_volume *v = NULL;
			ck_ok(store_volume_get(&v, s, reps[i].id));
			snprintf(want, sizeof(want), "v%d-%d", reps[i].round, reps[i].seq);
			ck_assert_str_eq(v->name, want);
			ck_assert_int_eq(v->size_mb, 1 + reps[i].seq % 100);
			ck_assert_int_eq(v->state, STORE_STATE_CREATING);
			store_volume_free(v);
		}
	}
	/* At most the one transaction per round that committed after the
	 * last report (killed before write()) is unreported. */
	store_stats stats;
	size_t njobs = 0, nvols = 0;
	for (size_t i = 0; i < nrep; i++)
		reps[i].kind == 1 ? njobs++ : nvols++;
	ck_ok(store_stats_get(&stats, s));
	ck_assert_int_ge(stats.jobs_queued, (int64_t)njobs);
	ck_assert_int_le(stats.jobs_queued, (int64_t)njobs + ROUNDS);
	ck_assert_int_ge(stats.volumes, (int64_t)nvols);
	ck_assert_int_le(stats.volumes, (int64_t)nvols + ROUNDS);
	/* The store still works for writers after the crashes. */
	mk_volume(s, 0, sys, pool, "after-crash", 1);
	store_close(s);
	free(reps);
}
END_TEST

int main(void)
{
	return STORE_SUITE("crash", setup, teardown, 300, sigkill_mid_writes_loses_nothing_committed);
}
