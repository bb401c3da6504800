/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_copy.h - slgwd --copy-store-to: moving the SQLite store into
 * PostgreSQL (see srv_copy.c).
 */
#ifndef SLGW_SRV_COPY_H
#define SLGW_SRV_COPY_H

/* Copies the SQLite store of the configuration file (or <state_dir>/slgw.db)
 * into the empty PostgreSQL database at url and checks the copy.  Returns
 * slgwd's exit status: 0 copied and equal, 1 failed, 2 bad arguments or
 * configuration, 3 the store is in use by a running slgwd. */
int srv_copy_main(const char *url, const char *config, const char *state_dir);

#endif
