/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fakehost_helper.c - starting and stopping the fake host's poller for a
 * test.  The poller is spawned (no shell) as `fakehost poll --root ROOT`
 * and is ready when it has written ROOT/run/fakehost/poller.pid, which it
 * does after its first pass; a stale pid file from an earlier poller is
 * removed first so it cannot be taken for the new one.
 */
#include "fakehost_helper.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

const char *fakehost_bin_dir(void)
{
	return FAKEHOST_BIN_DIR;
}

int fakehost_poller_start(pid_t *pid_out, const char *root)
{
	char pidfile[4096];
	char *argv[] = { (char *)FAKEHOST_BIN, "poll", "--root", (char *)root, NULL };
	struct timespec ts = { 0, 10 * 1000000L };
	pid_t pid;
	int status, err;

	*pid_out = -1;
	if ((size_t)snprintf(pidfile, sizeof(pidfile), "%s/run/fakehost/poller.pid", root) >= sizeof(pidfile)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	unlink(pidfile);
	if ((err = posix_spawn(&pid, FAKEHOST_BIN, NULL, NULL, argv, environ))) {
		errno = err;
		return -1;
	}
	for (int i = 0; i < 1000; i++) {
		if (access(pidfile, F_OK) == 0) {
			*pid_out = pid;
			return 0;
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			errno = ECHILD;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	errno = ETIMEDOUT;
	return -1;
}

int fakehost_poller_stop(pid_t pid)
{
	int status = 0;
	if (pid <= 0)
		return -1;
	if (kill(pid, SIGTERM))
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
