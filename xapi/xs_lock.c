/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xs_lock.c - the plugin's own locks. xapi-storage-script runs commands
 * concurrently and SMAPIv3 plugins serialise themselves, so:
 *   ROOT/run/slgw-xapi/lock/sr-<sr>             shared by volume and
 *       datapath commands, exclusive for SR.attach / detach / destroy /
 *       set_name / set_description (the SR record changes under it);
 *   ROOT/run/slgw-xapi/lock/vol-<sr>-<key>      exclusive per volume: one
 *       create / destroy / attach / detach of a volume at a time on a host;
 *   ROOT/run/slgw-xapi/lock/host                host registration and
 *       iSCSI logins (iscsiadm's node database is per host).
 * flock(2) locks go away with the process, so a killed command never
 * leaves a lock behind; the lock files themselves stay (empty, 0600).
 * The gateway serialises per object across hosts (ABORTED); these locks
 * only order the commands of one host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "xs.h"

static int lock_file(const char *name, bool exclusive, struct xs_err *e)
{
	char path[4096];
	int fd;

	if (xs_mkdirs("/run/slgw-xapi/lock", 0700, e))
		return -1;
	if (xs_path(path, sizeof path, "/run/slgw-xapi/lock/%s", name))
		return xs_fail(e, "INVALID_ARGUMENT", "lock path too long");
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return xs_fail(e, "HOST_ERROR", "cannot open the lock %s: %s", path,
			       strerror(errno));
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0) {
		if (errno == EINTR)
			continue;
		xs_fail(e, "HOST_ERROR", "cannot lock %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int xs_lock_sr(const char *sr, bool exclusive, struct xs_err *e)
{
	char name[128];

	if (xs_check_sr_uuid(sr, e))
		return -1;
	snprintf(name, sizeof name, "sr-%s", sr);
	return lock_file(name, exclusive, e);
}

int xs_lock_volume(const char *sr, const char *key, struct xs_err *e)
{
	char name[256];
	bool snap;
	char id[64];

	if (xs_check_sr_uuid(sr, e) || xs_parse_key(&snap, id, sizeof id, key, e))
		return -1;
	snprintf(name, sizeof name, "vol-%s-%s", sr, key);
	return lock_file(name, true, e);
}

int xs_lock_host(struct xs_err *e)
{
	return lock_file("host", true, e);
}

void xs_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
