/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_resolve.h - one place where slgw turns "an object as the user wrote
 * it" (its id or its name) into the id the contract wants (cli_resolve.c).
 *
 * Every command that takes an object (a positional argument or --volume,
 * --host, --system, --pool, --snapshot, --tenant, --user-name, ...) goes
 * through cli_resolve(), so ids and names are accepted the same way
 * everywhere. The rule: list the objects of that kind the caller can see
 * (scoped by volume for snapshots, by system for pools), keep those whose
 * id or name equals the argument; exactly one is the answer, several are
 * refused with the candidate ids listed (exit 2: give the id), none is
 * NOT_FOUND (exit 4). Users have no id: their name is checked.
 */
#ifndef SLGW_CLI_RESOLVE_H
#define SLGW_CLI_RESOLVE_H

#include "cli_conn.h"

enum cli_kind {
	CLI_KIND_SYSTEM,
	CLI_KIND_POOL,     /* scope: the storage system id (optional) */
	CLI_KIND_VOLUME,
	CLI_KIND_SNAPSHOT, /* scope: the volume id (optional) */
	CLI_KIND_HOST,
	CLI_KIND_TENANT,
	CLI_KIND_USER,
};

/* An id-shaped argument that names nothing is passed on as it is, for the
 * gateway to answer: deleting what is already gone succeeds (idempotent),
 * so a script's second `volume-delete 12` must reach the gateway. */
#define CLI_RESOLVE_GONE_OK 1

/* cli_resolve: *id = the id of the one object of kind that arg names
 * (a string in c's soap memory, or arg itself). cmd names the command in
 * messages. When the caller may not list that kind (PERMISSION_DENIED:
 * a tenant user cannot list tenants or users), an id (or a user's name)
 * is passed on unchanged for the gateway to decide, and a tenant's name
 * is refused with a usage error saying to give the id. Returns 0, or an exit status after printing
 * why: CLI_EXIT_USAGE (arg NULL or ambiguous), CLI_EXIT_NOT_FOUND, or
 * the status of a failed list call. */
int cli_resolve(struct cli_ctx *c, const char *cmd, enum cli_kind kind, const char *arg,
		const char *scope, int flags, char **id);

/* cli_resolve_opt: as cli_resolve for an optional filter: a NULL arg
 * leaves *id NULL and returns 0. */
int cli_resolve_opt(struct cli_ctx *c, const char *cmd, enum cli_kind kind, const char *arg,
		    const char *scope, char **id);

#endif
