/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_cmd_admin.c - the slgw commands of delegation: tenants, pool grants
 * with their quotas, users and the audit trail.  Most are the storage
 * team's (admin) alone; the gateway refuses the rest for tenants.
 */
#include "broker_rules.h"
#include "cli_cmd_internal.h"
#include "cli_records.h"
#include "cli_resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_column tenant_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "description", "DESCRIPTION" } };
static const struct cli_column grant_cols[] = {
	{ "tenantId", "TENANT" }, { "storageSystemId", "SYSTEM" }, { "storagePoolId", "POOL" },
	{ "quotaMB", "QUOTA MB" }, { "usedMB", "USED MB" }, { "maxVolumes", "MAX VOLUMES" },
	{ "volumeCount", "VOLUMES" }, { "frozen", "FROZEN" } };
static const struct cli_column user_cols[] = {
	{ "name", "NAME" }, { "role", "ROLE" }, { "tenantId", "TENANT" }, { "createdAt", "CREATED" } };
static const struct cli_column audit_cols[] = {
	{ "time", "TIME" }, { "user", "USER" }, { "operation", "OPERATION" },
	{ "objectId", "OBJECT" }, { "outcome", "OUTCOME" }, { "peer", "PEER" } };


/* ---- delegation -------------------------------------------------------------------- */

int cmd_tenant_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addTenant req = { 0 };
	struct _slgw__addTenantResponse r = { 0 };
	int rc;

	req.name = (char *)cli_object_arg(a, "name");
	if (!req.name)
		return cli_usage_err("tenant-add", "--name is required");
	req.description = OPT(a, "description");
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__addTenant(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_emit_record(c, r.tenant ? cli_json_tenant(c->soap, r.tenant) : NULL);
}

int cmd_tenant_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeTenant req = { 0 };
	struct _slgw__removeTenantResponse r = { 0 };
	int rc = cli_resolve(c, "tenant-remove", CLI_KIND_TENANT, cli_object_arg(a, NULL), NULL,
			     CLI_RESOLVE_GONE_OK, &req.tenantId);

	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	return cli_check(c, soap_call___slgw__removeTenant(cli_soap(c), c->set.endpoint, NULL, &req, &r));
}

int cmd_tenant_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumTenants req = { 0 };
	json_t *rows = json_array();

	(void)a;
	PAGE_LOOP(c, req, soap_call___slgw__enumTenants, struct _slgw__enumTenantsResponse, tenant,
		  __sizetenant, cli_json_tenant, rows);
	cli_emit_list(c, rows, tenant_cols, NCOLS(tenant_cols));
	return 0;
}

/* The key of a grant: --tenant, --system and --pool (within that system). */
static int resolve_grant_key(struct cli_ctx *c, const char *cmd, const struct cli_args *a,
			     char **tenant, char **system, char **pool)
{
	int rc = cli_resolve(c, cmd, CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL, 0, tenant);

	if (!rc)
		rc = cli_resolve(c, cmd, CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL, 0, system);
	if (!rc)
		rc = cli_resolve(c, cmd, CLI_KIND_POOL, cli_arg(a, "pool"), *system, 0, pool);
	return rc;
}

int cmd_grant_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__grantStoragePool req = { 0 };
	struct _slgw__grantStoragePoolResponse r = { 0 };
	long long mb;
	int rc, v = 0, n = 0;

	if (!cli_arg(a, "tenant") || !cli_arg(a, "system") || !cli_arg(a, "pool") || !cli_arg(a, "quota"))
		return cli_usage_err("grant-add", "--tenant, --system, --pool and --quota are required");
	rc = resolve_grant_key(c, "grant-add", a, &req.tenantId, &req.storageSystemId,
			       &req.storagePoolId);
	if (rc)
		return rc;
	mb = cli_parse_size_mb(cli_arg(a, "quota"));
	if (mb <= 0)
		return cli_usage_err("grant-add", "--quota is a size: 500G, 2T, 10240M");
	req.quotaMB = mb;
	if (cli_arg(a, "max-volumes")) {
		if (cli_parse_int(cli_arg(a, "max-volumes"), 1, 1000000, &v) != 0)
			return cli_usage_err("grant-add", "--max-volumes is a positive number");
		req.maxVolumes = cli_dup_int(c, v);
	}
	while (cli_arg_nth(a, "provisioning", n))
		n++;
	if (n) {
		if (n > 2)
			return cli_usage_err("grant-add", "--provisioning at most twice (thin, thick)");
		req.provisioningType = soap_malloc(c->soap, (size_t)n * sizeof(*req.provisioningType));
		for (int i = 0; i < n; i++) {
			rc = cli_parse_enum(c, "grant-add", "--provisioning", cli_arg_nth(a, "provisioning", i),
					s2_ProvisioningType, &v, "thin, thick");
			if (rc)
				return rc;
			req.provisioningType[i] = (enum slgw__ProvisioningType)v;
		}
		req.__sizeprovisioningType = n;
	}
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__grantStoragePool(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_emit_record(c, r.grant ? cli_json_grant(c->soap, r.grant) : NULL);
}

int cmd_grant_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__revokeStoragePool req = { 0 };
	struct _slgw__revokeStoragePoolResponse r = { 0 };
	int rc;

	if (!cli_arg(a, "tenant") || !cli_arg(a, "system") || !cli_arg(a, "pool"))
		return cli_usage_err("grant-remove", "--tenant, --system and --pool are required");
	rc = resolve_grant_key(c, "grant-remove", a, &req.tenantId, &req.storageSystemId,
			       &req.storagePoolId);
	if (rc)
		return rc;
	if (cli_flag(a, "freeze"))
		req.freezeOnly = cli_true_ptr(c);
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__revokeStoragePool(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (r.grant)
		cli_emit_one(c, cli_json_grant(c->soap, r.grant));
	return 0;
}

int cmd_grant_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStoragePoolGrants req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "grant-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				 &req.tenantId);

	if (!rc)
		rc = cli_resolve_opt(c, "grant-list", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL,
				     &req.storageSystemId);
	if (rc)
		return rc;
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStoragePoolGrants,
		  struct _slgw__enumStoragePoolGrantsResponse, grant, __sizegrant, cli_json_grant, rows);
	cli_emit_list(c, rows, grant_cols, NCOLS(grant_cols));
	return 0;
}

int cmd_user_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addUser req = { 0 };
	struct _slgw__addUserResponse r = { 0 };
	int rc, v = 0;

	req.name = (char *)cli_object_arg(a, "name");
	if (!req.name || !cli_arg(a, "role"))
		return cli_usage_err("user-add", "--name and --role are required");
	rc = cli_parse_enum(c, "user-add", "--role", cli_arg(a, "role"), s2_Role, &v, "admin, tenant");
	if (rc)
		return rc;
	req.role = (enum slgw__Role)v;
	if (req.role == slgw__Role__tenant && !cli_arg(a, "tenant"))
		return cli_usage_err("user-add", "a tenant user needs --tenant");
	rc = cli_resolve_opt(c, "user-add", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL, &req.tenantId);
	if (rc)
		return rc;
	req.password = cli_read_secret(c, a, "new-password-file", "new-password-stdin", "new user's password");
	if (!req.password)
		return CLI_EXIT_USAGE;
	{
		char why[128];
		if (broker_rule_password(req.password, why, sizeof(why)))
			return cli_rule_err("user-add", "password", why);
	}
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__addUser(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_emit_record(c, r.user ? cli_json_user(c->soap, r.user) : NULL);
}

int cmd_user_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeUser req = { 0 };
	struct _slgw__removeUserResponse r = { 0 };
	int rc = cli_resolve(c, "user-remove", CLI_KIND_USER, cli_object_arg(a, "name"), NULL,
			     CLI_RESOLVE_GONE_OK, &req.name);

	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	return cli_check(c, soap_call___slgw__removeUser(cli_soap(c), c->set.endpoint, NULL, &req, &r));
}

int cmd_user_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumUsers req = { 0 };
	json_t *rows;
	int v = 0, rc = cli_resolve_opt(c, "user-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
					&req.tenantId);

	if (rc)
		return rc;
	if (cli_arg(a, "role")) {
		rc = cli_parse_enum(c, "user-list", "--role", cli_arg(a, "role"), s2_Role, &v, "admin, tenant");
		if (rc)
			return rc;
		req.role = soap_malloc(c->soap, sizeof(*req.role));
		*req.role = (enum slgw__Role)v;
	}
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumUsers, struct _slgw__enumUsersResponse, user, __sizeuser,
		  cli_json_user, rows);
	cli_emit_list(c, rows, user_cols, NCOLS(user_cols));
	return 0;
}

int cmd_user_passwd(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__setUserPassword req = { 0 };
	struct _slgw__setUserPasswordResponse r = { 0 };
	int rc = cli_resolve(c, "user-passwd", CLI_KIND_USER,
			     cli_object_arg(a, "name") ? cli_object_arg(a, "name") : c->set.user, NULL, 0, &req.name);

	if (rc)
		return rc;
	req.password = cli_read_secret(c, a, "new-password-file", "new-password-stdin", "new password");
	if (!req.password)
		return CLI_EXIT_USAGE;
	{
		char why[128];
		if (broker_rule_password(req.password, why, sizeof(why)))
			return cli_rule_err("user-passwd", "password", why);
	}
	req.clientRequestId = (char *)c->request_id;
	return cli_check(c, soap_call___slgw__setUserPassword(cli_soap(c), c->set.endpoint, NULL, &req, &r));
}

static int parse_time_opt(struct cli_ctx *c, const char *v, time_t **out)
{
	time_t t;

	if (!v)
		return 0;
	if (soap_s2dateTime(c->soap, v, &t) != SOAP_OK) {
		c->soap->error = SOAP_OK;
		return -1;
	}
	*out = soap_malloc(c->soap, sizeof(time_t));
	**out = t;
	return 0;
}

int cmd_audit_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumAuditRecords req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "audit-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				 &req.tenantId);

	if (rc)
		return rc;
	/* Not resolved: the trail names users that may since be removed. */
	req.user = OPT(a, "user-name");
	req.operation = OPT(a, "operation");
	if (parse_time_opt(c, cli_arg(a, "since"), &req.since) != 0 ||
	    parse_time_opt(c, cli_arg(a, "until"), &req.until) != 0)
		return cli_usage_err("audit-list", "--since/--until are xsd:dateTime, e.g. 2026-01-31T12:00:00Z");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumAuditRecords, struct _slgw__enumAuditRecordsResponse,
		  auditRecord, __sizeauditRecord, cli_json_audit, rows);
	cli_emit_list(c, rows, audit_cols, NCOLS(audit_cols));
	return 0;
}

