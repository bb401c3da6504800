/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fakehost_helper.h - what a test needs to drive the fake host: where its
 * tools are (put FAKEHOST_BIN_DIR first on PATH, it holds iscsiadm,
 * multipath and fakehost), and the poller that plays the kernel's side of
 * sysfs writes (device/delete, device/rescan, scsi_host/hostN/scan).
 *
 *   pid_t poller;
 *   fakehost_poller_start(&poller, root);   ... test ...   fakehost_poller_stop(poller);
 *
 * The poller inherits the caller's environment (NAVISIM_HOME,
 * FAKEHOST_NAVISIM).  Link the fakehost_helper library; it also makes
 * FAKEHOST_BIN_DIR and FAKEHOST_BIN (the fakehost binary) known.
 */
#ifndef FAKEHOST_HELPER_H
#define FAKEHOST_HELPER_H

#include <sys/types.h>

/* The build tree's bin directory of the fake tools. */
const char *fakehost_bin_dir(void);
/* Start `fakehost poll --root ROOT` and wait (up to 10 s) until it has
 * settled once.  0, or -1 with errno set (the child is reaped). */
int fakehost_poller_start(pid_t *pid_out, const char *root);
/* SIGTERM the poller and reap it; 0 if it exited cleanly. */
int fakehost_poller_stop(pid_t pid);

#endif
