/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_backup.h - the store operations of slgwd's command line (srv_backup.c):
 * the one-slgwd-per-store lock, online backup and offline restore (and the
 * mkdir -p that makes the store's directory, which the demo also uses).
 * Kept apart from srv.h because none of it involves the running server:
 * these work on files, from the storage team's shell.
 */
#ifndef SLGW_SRV_BACKUP_H
#define SLGW_SRV_BACKUP_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "srv.h"

/* mkdir -p: creates path and its missing parents with mode (existing
 * directories are left as they are).  0, or -1 when the path is too long
 * or a mkdir fails (errno then says why).  The demo's state and TLS
 * directories are made with it too. */
int srv_mkdir_parents(const char *path, mode_t mode);

/* The configuration a store command (--backup, --restore, --copy-store-to)
 * works on: the defaults with state_dir when one is given, else the file
 * config loaded over them.  0; 1 when out of memory; 2 when config does
 * not load (the reason printed on stderr).  cfg is to be freed on 0 only. */
int srv_store_config(struct srv_config *cfg, const char *config, const char *state_dir);

/* Takes the exclusive lock "<store_path>.lock" (creating the store's
 * directory 0700 if needed) without waiting, and writes our pid in it.
 * 0 and *out_fd on success (keep it open as long as the store is in use);
 * -2 when another process holds it (err names its pid when known); -1 on
 * any other error.  err is filled on failure. */
int srv_store_lock(int *out_fd, const char *store_path, char *err, size_t errlen);
/* The same lock taken shared: by each node of a cluster (<cluster>). */
int srv_store_lock_shared(int *out_fd, const char *store_path, char *err, size_t errlen);

/* Releases a lock taken by srv_store_lock (fd < 0 is ignored). */
void srv_store_unlock(int fd);

/* Online backup of the existing store file store_path (a slgwd may be
 * serving it) into dest (overwritten, mode 0600), then opens the copy and
 * integrity-checks it.  Prints one line describing the copy to report
 * (if non-NULL).  0, or -1 with err filled; a failed check leaves dest in
 * place for inspection but returns -1. */
int srv_backup(const char *store_path, const char *dest, FILE *report, char *err,
	       size_t errlen);

/* Replaces the store file with a copy of src.  Refused (-2) while a slgwd
 * holds the store's lock; refused (-1) when src does not open, fails the
 * integrity check or has a schema newer than this build.  The previous file
 * is kept as "<store_path>.before-restore-<YYYYmmddTHHMMSSZ>".  src itself
 * is never modified.  Reports what it did to report (if non-NULL); err is
 * filled on failure. */
int srv_restore(const char *store_path, const char *src, FILE *report, char *err,
		size_t errlen);

#endif /* SLGW_SRV_BACKUP_H */
