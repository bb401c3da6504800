/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spawn_capture.c - see spawn_capture.h.  Every pipe end is close-on-exec;
 * the two the child uses are dup2'ed onto its stdin / stdout (which clears
 * the flag there), so the child holds no other end and the read sees EOF
 * as soon as it exits.  stdout is gathered in a memory stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawn_capture.h"

static int pipe_cloexec(int p[2])
{
	if (pipe(p))
		return -1;
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

/* All of text into fd (a short write or EPIPE ends it: the child is gone). */
static void write_all(int fd, const char *text)
{
	size_t off = 0, total = strlen(text);

	while (off < total) {
		ssize_t w = write(fd, text + off, total - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

/* fd to its end, in a malloc'ed NUL-terminated string ("" when nothing
 * came), or NULL when no memory. */
static char *read_all(int fd)
{
	char chunk[8192], *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	if (!mem)
		return NULL;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || fwrite(chunk, 1, (size_t)r, mem) != (size_t)r)
			break;
	}
	if (fclose(mem))
		return NULL;
	return buf;
}

int spawn_capture(char **out, char *const argv[], char *const envp[], int search,
		  const char *in)
{
	int ip[2] = { -1, -1 }, op[2] = { -1, -1 }, st, rc;
	posix_spawn_file_actions_t fa;
	pid_t pid;

	*out = NULL;
	if ((in && pipe_cloexec(ip)) || pipe_cloexec(op)) {
		close_pair(ip);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	if (in)
		posix_spawn_file_actions_adddup2(&fa, ip[0], 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], 1);
	rc = search ? posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp)
		    : posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		close_pair(ip);
		close_pair(op);
		errno = rc;
		return -1;
	}
	if (in) {
		close(ip[0]);
		write_all(ip[1], in);
		close(ip[1]);
	}
	close(op[1]);
	*out = read_all(op[0]);
	close(op[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
