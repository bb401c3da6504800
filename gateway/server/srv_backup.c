/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_backup.c - operations on a gateway's store from the storage team's
 * shell: the single-instance lock, `slgwd --backup` and `slgwd --restore`,
 * and the configuration these and --copy-store-to (srv_copy.c) read.
 *
 * Design
 * - One slgwd per store.  A running slgwd holds an exclusive flock(2) on
 *   "<store>.lock" (its pid written inside, for messages only: the lock,
 *   not the pid, is the truth, so a stale file left by a crash or SIGKILL
 *   never blocks anything - the kernel drops the lock with the process).
 *   The descriptor is O_CLOEXEC so array commands the broker spawns do
 *   not inherit it and cannot keep the lock alive after slgwd dies.
 * - Backup works beside a running slgwd: it opens the same store file
 *   (WAL lets readers and one writer coexist) and copies it with SQLite's
 *   online backup API through store_backup(); the copy is then opened on
 *   its own, integrity-checked and chmod'ed 0600 (it holds array
 *   credentials).
 * - Restore takes the same lock, so it is refused while a slgwd runs and
 *   a slgwd started during a restore is refused in turn.  SRC is first
 *   copied byte for byte next to the store (the caller's file is never
 *   opened read-write or migrated), the copy is opened through store_open()
 *   (which refuses a schema newer than this build and migrates an older
 *   one), integrity-checked, and only then the current file (with any
 *   -wal / -shm a crash left behind, which belong to it and must never be
 *   replayed onto the restored file) is renamed "<store>.before-restore-
 *   <UTC time>" and the copy renamed into place.  rename(2) within one
 *   directory makes each step atomic.  Run as root, the restored file is
 *   given the owner of the file it replaces (slgwd runs as its own user).
 * - A restored copy is older than the arrays: they may hold objects named
 *   from ids the copy never issued.  Restore does not reach the arrays
 *   (it runs with the gateway stopped, from a shell that need not reach
 *   them); the broker's start-up scan (once unfinished jobs are
 *   recovered, broker_orphans.c) raises the store's id counters past every
 *   "slgw-<instance>-*" name it finds.  An allocation that comes before the
 *   scan, or targets an array the scan could not read, never adopts a name
 *   it finds taken: it fails (ALREADY_EXISTS) and the next gets a new id.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "srv_backup.h"

int srv_mkdir_parents(const char *path, mode_t mode)
{
	char tmp[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, mode) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) && errno != EEXIST)
		return -1;
	return 0;
}

int srv_store_config(struct srv_config *cfg, const char *config, const char *state_dir)
{
	char err[1200];

	if (srv_config_defaults(cfg))
		return 1;
	if (state_dir) {
		free(cfg->state_dir);
		cfg->state_dir = strdup(state_dir);
	} else if (srv_config_load(cfg, config, err, sizeof err)) {
		fprintf(stderr, "slgwd: %s\n", err);
		srv_config_free(cfg);
		return 2;
	}
	return 0;
}

/* Reads the pid a lock holder wrote (0 if none readable). */
static long lock_holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	long pid;
	char *end;

	if (n <= 0)
		return 0;
	buf[n] = 0;
	pid = strtol(buf, &end, 10);
	return pid > 0 ? pid : 0;
}

/* The nodes of a cluster share the store: each holds the lock shared, so
 * they run together while a restore (exclusive) is still refused. */
static int store_lock(int *out_fd, const char *store_path, int how, char *err, size_t errlen);

int srv_store_lock(int *out_fd, const char *store_path, char *err, size_t errlen)
{
	return store_lock(out_fd, store_path, LOCK_EX, err, errlen);
}

int srv_store_lock_shared(int *out_fd, const char *store_path, char *err, size_t errlen)
{
	return store_lock(out_fd, store_path, LOCK_SH, err, errlen);
}

static int store_lock(int *out_fd, const char *store_path, int how, char *err, size_t errlen)
{
	char path[PATH_MAX], dir[PATH_MAX];
	char *slash;
	int fd;

	*out_fd = -1;
	if (snprintf(path, sizeof path, "%s.lock", store_path) >= (int)sizeof path ||
	    snprintf(dir, sizeof dir, "%s", store_path) >= (int)sizeof dir) {
		snprintf(err, errlen, "store path too long");
		return -1;
	}
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if (srv_mkdir_parents(dir, 0700)) {
			snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
			return -1;
		}
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the lock file %s: %s", path, strerror(errno));
		return -1;
	}
	/* A lock file root made (a restore run with sudo) must stay usable by
	 * the gateway's own user, who owns the store's directory. */
	if (geteuid() == 0) {
		struct stat ds;
		const char *d = slash ? (slash == dir ? "/" : dir) : ".";
		if (stat(d, &ds) == 0 && ds.st_uid != 0 && fchown(fd, ds.st_uid, ds.st_gid)) {
			/* not fatal: only a later non-root slgwd would notice */
		}
	}
	if (flock(fd, how | LOCK_NB)) {
		int e = errno;
		long pid = lock_holder_pid(fd);
		close(fd);
		if (e == EWOULDBLOCK) {
			if (pid)
				snprintf(err, errlen,
					 "another slgwd (pid %ld) is using the store %s "
					 "(lock %s held)", pid, store_path, path);
			else
				snprintf(err, errlen,
					 "another slgwd is using the store %s (lock %s held)",
					 store_path, path);
			return -2;
		}
		snprintf(err, errlen, "cannot lock %s: %s", path, strerror(e));
		return -1;
	}
	/* The pid is only for the message a second instance prints. */
	if (ftruncate(fd, 0) == 0) {
		char buf[32];
		int n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
		if (pwrite(fd, buf, (size_t)n, 0) < 0) {
			/* not fatal: the lock itself is what counts */
		}
	}
	*out_fd = fd;
	return 0;
}

void srv_store_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock; the file stays (stale is harmless) */
}

/* Opens an existing store file (never creates one: a typo in a path must
 * not produce an empty gateway store) and integrity-checks it. */
static int open_checked(store **out, const char *path, char *err, size_t errlen)
{
	char serr[300];
	struct stat sb;
	store *s = NULL;

	*out = NULL;
	if (stat(path, &sb) || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: no such store file", path);
		return -1;
	}
	if (store_open(&s, path, serr, sizeof serr)) {
		snprintf(err, errlen, "%s: cannot open: %s", path, serr);
		return -1;
	}
	if (store_integrity_check(s)) {
		snprintf(err, errlen, "%s: integrity check failed", path);
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

int srv_backup(const char *store_path, const char *dest, FILE *report, char *err,
	       size_t errlen)
{
	store *live = NULL, *copy = NULL;
	struct stat sb;
	int rc;

	if (!dest || !*dest) {
		snprintf(err, errlen, "--backup: a destination file is required");
		return -1;
	}
	if (open_checked(&live, store_path, err, errlen))
		return -1;
	/* Created 0600 by store_backup when new; an existing file keeps its
	 * mode there, so tighten it before any byte of the copy lands. */
	if (stat(dest, &sb) == 0 && chmod(dest, 0600)) {
		snprintf(err, errlen, "%s: cannot chmod 0600: %s", dest, strerror(errno));
		store_close(live);
		return -1;
	}
	rc = store_backup(live, dest);
	store_close(live);
	if (rc) {
		snprintf(err, errlen, "backup of %s to %s failed (code %d)", store_path, dest, rc);
		return -1;
	}
	if (chmod(dest, 0600)) {
		snprintf(err, errlen, "%s: cannot chmod 0600: %s", dest, strerror(errno));
		return -1;
	}
	if (open_checked(&copy, dest, err, errlen))
		return -1;
	if (report)
		fprintf(report,
			"wrote %s: a copy of %s, schema version %d, instance %s, "
			"integrity check ok",
			dest, store_path, store_file_schema_version(copy),
			store_instance_id(copy));
	store_close(copy);
	if (report) {
		if (stat(dest, &sb) == 0)
			fprintf(report, ", %lld bytes, mode 0600\n", (long long)sb.st_size);
		else
			fputc('\n', report);
	}
	return 0;
}

/* Copies src to a new file dst (0600, must not exist), fsync'ed. */
static int copy_file(const char *src, const char *dst, char *err, size_t errlen)
{
	char buf[65536];
	int in, out, ok = 1;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (out < 0) {
		snprintf(err, errlen, "%s: %s", dst, strerror(errno));
		close(in);
		return -1;
	}
	while (ok && (n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ok = 0;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				ok = 0;
				break;
			}
			off += w;
		}
	}
	if (ok && fsync(out))
		ok = 0;
	if (!ok)
		snprintf(err, errlen, "copying %s to %s: %s", src, dst, strerror(errno));
	close(in);
	if (close(out))
		ok = 0;
	if (!ok)
		unlink(dst);
	return ok ? 0 : -1;
}

/* out = path + suffix; -1 (out "") when that does not fit in len. */
static int side_name(char *out, size_t len, const char *path, const char *suffix)
{
	int n = snprintf(out, len, "%s%s", path, suffix);

	if (n < 0 || (size_t)n >= len) {
		if (len)
			out[0] = 0;
		return -1;
	}
	return 0;
}

/* Renames path+suffix to to+suffix when it exists.  A name that does not
 * fit in PATH_MAX is an error (ENAMETOOLONG, err says which): renaming to
 * a truncated name would leave the file where nobody looks for it. */
static int move_side_file(const char *path, const char *to, const char *suffix, char *err,
			  size_t errlen)
{
	char a[PATH_MAX], b[PATH_MAX];

	if (side_name(a, sizeof a, path, suffix) || side_name(b, sizeof b, to, suffix)) {
		snprintf(err, errlen, "cannot move %s%s aside: the name %s%s is longer than %d bytes",
			 path, suffix, to, suffix, PATH_MAX - 1);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (access(a, F_OK))
		return 0;
	if (rename(a, b)) {
		snprintf(err, errlen, "cannot move %s aside to %s: %s", a, b, strerror(errno));
		return -1;
	}
	return 0;
}

/* Removes path, path-wal and path-shm (a temporary copy of ours). */
static void unlink_side_files(const char *path)
{
	char p[PATH_MAX];

	unlink(path);
	/* A name that does not fit is not ours to remove: never unlink a
	 * truncated path. */
	if ((size_t)snprintf(p, sizeof p, "%s-wal", path) < sizeof p)
		unlink(p);
	if ((size_t)snprintf(p, sizeof p, "%s-shm", path) < sizeof p)
		unlink(p);
}

int srv_restore(const char *store_path, const char *src, FILE *report, char *err,
		size_t errlen)
{
	char tmp[PATH_MAX], before[PATH_MAX], stamp[32];
	store *s = NULL;
	int lock_fd, version, rc = -1;
	time_t now = time(NULL);
	struct tm tm;

	if (!src || !*src) {
		snprintf(err, errlen, "--restore: a source file is required");
		return -1;
	}
	rc = srv_store_lock(&lock_fd, store_path, err, errlen);
	if (rc == -2) {
		size_t n = strlen(err);
		snprintf(err + n, errlen - n, "; stop it before restoring");
		return -2;
	}
	if (rc)
		return -1;
	rc = -1;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	if (snprintf(tmp, sizeof tmp, "%s.restore-%ld", store_path, (long)getpid()) >=
		    (int)sizeof tmp ||
	    snprintf(before, sizeof before, "%s.before-restore-%s", store_path, stamp) >=
		    (int)sizeof before) {
		snprintf(err, errlen, "store path too long");
		goto out;
	}
	/* Two restores within one second must not overwrite the first
	 * keepsake. */
	for (int i = 2; access(before, F_OK) == 0 && i < 100; i++)
		snprintf(before, sizeof before, "%s.before-restore-%s-%d", store_path, stamp, i);
	/* Leftovers of an interrupted restore by a process with our pid. */
	unlink_side_files(tmp);
	if (copy_file(src, tmp, err, errlen))
		goto out;
	if (open_checked(&s, tmp, err, errlen)) {
		/* Say which file is at fault: the user named SRC, not tmp. */
		char why[512];
		snprintf(why, sizeof why, "%s", err);
		snprintf(err, errlen, "%s is not a usable store (%s)", src, why);
		goto drop_tmp;
	}
	version = store_file_schema_version(s);
	store_close(s); /* checkpoints and removes the copy's -wal */
	s = NULL;
	if (access(store_path, F_OK) == 0) {
		struct stat cur;
		/* Run as root for a gateway running as its own user, the restored
		 * file must stay that user's, or slgwd could not open it. */
		if (stat(store_path, &cur) == 0 && geteuid() == 0 &&
		    chown(tmp, cur.st_uid, cur.st_gid)) {
			snprintf(err, errlen, "cannot give %s to uid %ld: %s", tmp,
				 (long)cur.st_uid, strerror(errno));
			goto drop_tmp;
		}
		char side[PATH_MAX];
		/* Every name of the move must fit before anything moves: a
		 * refusal half-way would leave the store without its -wal. */
		if (side_name(side, sizeof side, before, "-wal") ||
		    side_name(side, sizeof side, before, "-shm")) {
			snprintf(err, errlen,
				 "store path too long: %s-wal would be longer than %d bytes; "
				 "nothing was changed",
				 before, PATH_MAX - 1);
			goto drop_tmp;
		}
		if (rename(store_path, before)) {
			snprintf(err, errlen, "cannot move %s aside to %s: %s", store_path, before,
				 strerror(errno));
			goto drop_tmp;
		}
		if (move_side_file(store_path, before, "-wal", err, errlen) ||
		    move_side_file(store_path, before, "-shm", err, errlen))
			goto drop_tmp;
		if (report)
			fprintf(report, "kept the previous store as %s\n", before);
	}
	if (rename(tmp, store_path)) {
		snprintf(err, errlen, "cannot install %s as %s: %s", tmp, store_path,
			 strerror(errno));
		goto drop_tmp;
	}
	if (report)
		fprintf(report,
			"restored %s from %s (schema version %d, integrity check ok); "
			"start slgwd to serve it: at start it moves the id counters past "
			"every name of this gateway's on the arrays\n",
			store_path, src, version);
	rc = 0;
	goto out;
drop_tmp:
	unlink_side_files(tmp);
out:
	srv_store_unlock(lock_fd);
	return rc;
}
