/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_resolve.c - ids or names -> ids, the same way for every object kind.
 *
 * Design. The contract only takes ids; people type names. Rather than one
 * lookup per command (which drifted: some commands took names, others
 * only ids), every kind has one list function here, and cli_resolve()
 * applies one rule to what it returns (see cli_resolve.h), with the pure
 * matching in cli_match() (cli_output.c, unit-tested). Listing everything
 * visible is a page or two of small records per call, which is cheap next
 * to the array operation that follows; it also lets an id and a name that
 * collide be seen and refused instead of guessed. Lists ignore --limit.
 */
#include "cli_resolve.h"
#include "cli_records.h"

#include <string.h>

static const char *const kind_name[] = {
	[CLI_KIND_SYSTEM] = "storage system", [CLI_KIND_POOL] = "pool",
	[CLI_KIND_VOLUME] = "volume",         [CLI_KIND_SNAPSHOT] = "snapshot",
	[CLI_KIND_HOST] = "host",             [CLI_KIND_TENANT] = "tenant",
	[CLI_KIND_USER] = "user",
};

/* The list calls report failures to the caller without printing: a
 * PERMISSION_DENIED is not an error here (see cli_resolve). */
static int quiet_check(struct cli_ctx *c, int rc)
{
	(void)c;
	return rc == SOAP_OK ? 0 : (rc ? rc : -1);
}

static int list_kind(struct cli_ctx *c, enum cli_kind kind, const char *scope, json_t **out)
{
	json_t *rows = json_array();

	switch (kind) {
	case CLI_KIND_SYSTEM: {
		struct _slgw__enumStorageSystems req = { 0 };

		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumStorageSystems,
				      struct _slgw__enumStorageSystemsResponse, storageSystem,
				      __sizestorageSystem, cli_json_system, rows);
		break;
	}
	case CLI_KIND_POOL: {
		struct _slgw__enumStoragePools req = { 0 };

		req.storageSystemId = (char *)scope;
		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumStoragePools,
				      struct _slgw__enumStoragePoolsResponse, storagePool,
				      __sizestoragePool, cli_json_pool, rows);
		break;
	}
	case CLI_KIND_VOLUME: {
		struct _slgw__enumStorageVolumes req = { 0 };

		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumStorageVolumes,
				      struct _slgw__enumStorageVolumesResponse, storageVolume,
				      __sizestorageVolume, cli_json_volume, rows);
		break;
	}
	case CLI_KIND_SNAPSHOT: {
		struct _slgw__enumSnapshots req = { 0 };

		req.volumeId = (char *)scope;
		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumSnapshots,
				      struct _slgw__enumSnapshotsResponse, snapshot, __sizesnapshot,
				      cli_json_snapshot, rows);
		break;
	}
	case CLI_KIND_HOST: {
		struct _slgw__enumHosts req = { 0 };

		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumHosts,
				      struct _slgw__enumHostsResponse, host, __sizehost, cli_json_host,
				      rows);
		break;
	}
	case CLI_KIND_TENANT: {
		struct _slgw__enumTenants req = { 0 };

		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumTenants,
				      struct _slgw__enumTenantsResponse, tenant, __sizetenant,
				      cli_json_tenant, rows);
		break;
	}
	case CLI_KIND_USER: {
		struct _slgw__enumUsers req = { 0 };

		CLI_PAGE_LOOP_CHECKED(c, quiet_check, req, soap_call___slgw__enumUsers,
				      struct _slgw__enumUsersResponse, user, __sizeuser, cli_json_user,
				      rows);
		break;
	}
	}
	*out = rows;
	return 0;
}

int cli_resolve(struct cli_ctx *c, const char *cmd, enum cli_kind kind, const char *arg,
		const char *scope, int flags, char **id)
{
	const char *what = kind_name[kind];
	const char *idkey = kind == CLI_KIND_USER ? "name" : "id";
	json_t *rows = NULL, *hits, *e;
	int limit = c->limit, rc;
	size_t n, i;

	if (!arg || !*arg) {
		fprintf(stderr, "slgw %s: which %s? (give its id or name; see: slgw %s --help)\n", cmd,
			what, cmd);
		return CLI_EXIT_USAGE;
	}
	c->limit = 0;
	rc = list_kind(c, kind, scope, &rows);
	c->limit = limit;
	if (rc) {
		const char *code = cli_fault_code(c);

		if (code && strcmp(code, "PERMISSION_DENIED") == 0) {
			/* Only tenants are hidden from some callers (tenant
			 * users): a name cannot be looked up, an id can be
			 * passed on; users are keyed by name anyway. */
			if (kind == CLI_KIND_TENANT && !cli_is_id(arg)) {
				fprintf(stderr,
					"slgw %s: only an admin can look tenants up by name; give the "
					"tenant's id (slgw info shows yours) or leave it out\n",
					cmd);
				return CLI_EXIT_USAGE;
			}
			*id = (char *)arg;
			return 0;
		}
		return cli_check(c, rc);
	}
	hits = cli_match(rows, arg, idkey, "name");
	n = json_array_size(hits);
	if (n == 1) {
		*id = cli_strdup(c, json_string_value(json_object_get(json_array_get(hits, 0), idkey)));
		rc = *id ? 0 : CLI_EXIT_INTERNAL;
	} else if (n > 1) {
		fprintf(stderr, "slgw %s: '", cmd);
		cli_print_clean(stderr, arg);
		fprintf(stderr, "' is ambiguous: %zu %ss match (ids", n, what);
		json_array_foreach(hits, i, e) {
			fputs(i ? ", " : " ", stderr);
			cli_print_clean(stderr, json_string_value(json_object_get(e, "id")));
		}
		fputs("); give the id\n", stderr);
		rc = CLI_EXIT_USAGE;
	} else if ((flags & CLI_RESOLVE_GONE_OK) && (kind == CLI_KIND_USER || cli_is_id(arg))) {
		*id = (char *)arg;
		rc = 0;
	} else {
		fprintf(stderr, "slgw: NOT_FOUND: no %s is named '", what);
		cli_print_clean(stderr, arg);
		fputs(kind == CLI_KIND_USER ? "'\n" : "' or has that id\n", stderr);
		rc = CLI_EXIT_NOT_FOUND;
	}
	json_decref(hits);
	json_decref(rows);
	return rc;
}

int cli_resolve_opt(struct cli_ctx *c, const char *cmd, enum cli_kind kind, const char *arg,
		    const char *scope, char **id)
{
	*id = NULL;
	return arg ? cli_resolve(c, cmd, kind, arg, scope, 0, id) : 0;
}
