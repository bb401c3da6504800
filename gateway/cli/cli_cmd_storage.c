/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_cmd_storage.c - the slgw commands for the service, storage systems,
 * pools, ports, volumes, snapshots and clones: what a LUN is made of and
 * where it lives.  Conventions shared by every command are in
 * cli_commands.c; the command table is there too.
 */
#include "broker_rules.h"
#include "cli_cmd_internal.h"
#include "cli_records.h"
#include "cli_resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cli_column adapter_cols[] = {
	{ "name", "NAME" }, { "vendor", "VENDOR" }, { "capability", "CAPABILITIES" } };
static const struct cli_column system_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "adapter", "ADAPTER" }, { "model", "MODEL" },
	{ "serialNumber", "SERIAL" }, { "state", "STATE" }, { "spA", "SP A" }, { "spB", "SP B" } };
static const struct cli_column pool_cols[] = {
	{ "id", "ID" }, { "storageSystemId", "SYSTEM" }, { "name", "NAME" }, { "sizeMB", "SIZE MB" },
	{ "freeMB", "FREE MB" }, { "provisioningType", "PROVISIONING" }, { "quotaMB", "QUOTA MB" },
	{ "leftMB", "LEFT MB" } };
static const struct cli_column port_cols[] = {
	{ "sp", "SP" }, { "portId", "PORT" }, { "vportId", "VPORT" }, { "protocol", "PROTOCOL" },
	{ "address", "IQN/WWPN" }, { "portal", "PORTAL" }, { "linkState", "LINK" } };
static const struct cli_column volume_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "sizeMB", "SIZE MB" }, { "provisioning", "PROVISIONING" },
	{ "storagePoolId", "POOL" }, { "state", "STATE" }, { "arrayLunId", "LUN" },
	{ "tenantId", "TENANT" }, { "collection", "COLLECTION" } };
static const struct cli_column snapshot_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "volumeId", "VOLUME" }, { "createdAt", "CREATED" },
	{ "state", "STATE" }, { "collection", "COLLECTION" } };

/* ---- attributes of volumes and snapshots ---------------------------------------- */

/* The values of the repeated --OPT of a command as an array of n elements
 * of elem_size bytes (in the soap context), which the caller fills; NULL
 * when the option is not given (*n = 0) or out of memory (*n > 0). */
static void *repeated_opt(struct cli_ctx *c, const struct cli_args *a, const char *opt,
			  size_t elem_size, int *n)
{
	*n = 0;
	while (cli_arg_nth(a, opt, *n))
		(*n)++;
	return *n ? soap_malloc(c->soap, (size_t)*n * elem_size) : NULL;
}

/* The repeated --OPT K=V of a command as a KeyValue list (in the soap
 * context); each checked against broker_rules.h before a round trip. */
static int parse_keys(struct cli_ctx *c, const char *cmd, const struct cli_args *a, const char *opt,
		      struct slgw__KeyValue **out, int *n_out)
{
	char why[160], field[64];
	int n;

	*n_out = 0;
	*out = repeated_opt(c, a, opt, sizeof(**out), &n);
	if (n && !*out)
		return CLI_EXIT_INTERNAL;
	for (int i = 0; i < n; i++) {
		const char *kv = cli_arg_nth(a, opt, i), *eq = strchr(kv, '=');

		if (!eq || eq == kv) {
			snprintf(field, sizeof(field), "--%s is NAME=VALUE (VALUE may be empty)", opt);
			return cli_usage_err(cmd, field);
		}
		(*out)[i].name = soap_strdup(c->soap, kv);
		(*out)[i].name[eq - kv] = '\0';
		(*out)[i].value = soap_strdup(c->soap, eq + 1);
		snprintf(field, sizeof(field), "--%s %s", opt, (*out)[i].name);
		if (broker_rule_key_name((*out)[i].name, why, sizeof(why)) ||
		    broker_rule_text((*out)[i].value, BROKER_RULE_KEY_VALUE_MAX, why, sizeof(why)))
			return cli_rule_err(cmd, field, why);
	}
	*n_out = n;
	return 0;
}

/* The repeated --unset-key NAME of a command. */
static int parse_key_names(struct cli_ctx *c, const char *cmd, const struct cli_args *a,
			   char ***out, int *n_out)
{
	char why[160];
	int n;

	*n_out = 0;
	*out = repeated_opt(c, a, "unset-key", sizeof(**out), &n);
	if (n && !*out)
		return CLI_EXIT_INTERNAL;
	for (int i = 0; i < n; i++) {
		(*out)[i] = (char *)cli_arg_nth(a, "unset-key", i);
		if (broker_rule_key_name((*out)[i], why, sizeof(why)))
			return cli_rule_err(cmd, "--unset-key", why);
	}
	*n_out = n;
	return 0;
}

/* --description and --collection, checked like the gateway does. */
static int check_attr_opts(const char *cmd, const struct cli_args *a)
{
	char why[160];

	if (cli_arg(a, "description") &&
	    broker_rule_text(cli_arg(a, "description"), BROKER_RULE_DESCRIPTION_MAX, why, sizeof(why)))
		return cli_rule_err(cmd, "--description", why);
	if (cli_arg(a, "collection") && broker_rule_collection(cli_arg(a, "collection"), why, sizeof(why)))
		return cli_rule_err(cmd, "--collection", why);
	return 0;
}

/* The attributes a create command (volume-create, snapshot-create, clone)
 * gives its object: --description, --collection (where the request has
 * one: collection not NULL) and the repeated --key, checked as above. */
static int parse_attrs(struct cli_ctx *c, const char *cmd, const struct cli_args *a,
		       char **description, char **collection, struct slgw__KeyValue **keys,
		       int *n_keys)
{
	int rc = check_attr_opts(cmd, a);

	if (!rc)
		rc = parse_keys(c, cmd, a, "key", keys, n_keys);
	if (rc)
		return rc;
	*description = OPT(a, "description");
	if (collection)
		*collection = OPT(a, "collection");
	return 0;
}

/* The change of volume-set and snapshot-set: the create commands'
 * attributes less the collection, plus --name and the repeated
 * --unset-key; at least one of them. */
static int parse_attr_change(struct cli_ctx *c, const char *cmd, const struct cli_args *a,
			     char **name, char **description, struct slgw__KeyValue **set, int *n_set,
			     char ***unset, int *n_unset)
{
	int rc = parse_attrs(c, cmd, a, description, NULL, set, n_set);

	if (!rc)
		rc = parse_key_names(c, cmd, a, unset, n_unset);
	if (rc)
		return rc;
	*name = OPT(a, "name");
	if (!*name && !*description && !*n_set && !*n_unset)
		return cli_usage_err(cmd, "give --name, --description, --key or --unset-key");
	return 0;
}

/* ---- service and systems ------------------------------------------------------ */

int cmd_info(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getServiceInfo req = { 0 };
	struct _slgw__getServiceInfoResponse r = { 0 };
	json_t *o;
	int rc;

	(void)a;
	rc = cli_check(c, soap_call___slgw__getServiceInfo(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	o = json_object();
	json_object_set_new(o, "productName", json_string(r.productName ? r.productName : ""));
	json_object_set_new(o, "version", json_string(r.version ? r.version : ""));
	json_object_set_new(o, "apiVersion", json_integer(r.apiVersion));
	json_object_set_new(o, "apiRevision", json_integer(r.apiRevision ? *r.apiRevision : 1));
	json_object_set_new(o, "apiNamespace", json_string(r.apiNamespace ? r.apiNamespace : ""));
	if (r.gatewayId)
		json_object_set_new(o, "gatewayId", json_string(r.gatewayId));
	json_object_set_new(o, "serverTime", json_string(soap_dateTime2s(c->soap, r.serverTime)));
	json_object_set_new(o, "user", json_string(r.user ? r.user : ""));
	json_object_set_new(o, "role", json_string(soap_slgw__Role2s(c->soap, r.role)));
	if (r.tenantId)
		json_object_set_new(o, "tenantId", json_string(r.tenantId));
	cli_emit_one(c, o);
	return 0;
}

int cmd_adapter_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageAdapters req = { 0 };
	struct _slgw__enumStorageAdaptersResponse r = { 0 };
	json_t *rows;
	int rc;

	(void)a;
	rc = cli_check(c, soap_call___slgw__enumStorageAdapters(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	rows = json_array();
	for (int i = 0; r.storageAdapter && i < r.__sizestorageAdapter; i++)
		json_array_append_new(rows, cli_json_adapter(c->soap, &r.storageAdapter[i]));
	cli_emit_list(c, rows, adapter_cols, NCOLS(adapter_cols));
	return 0;
}

/* "a:4" or "b:2.1" (SP:port[.vport]) -> PortRef. */
static int parse_portref(struct cli_ctx *c, const char *s, struct slgw__PortRef *p)
{
	char sp[2];
	int port, vport = 0, n = 0;
	int spv;

	if (!s || !s[0] || s[1] != ':')
		return -1;
	sp[0] = (char)toupper((unsigned char)s[0]);
	sp[1] = '\0';
	if (s2_SP(c->soap, sp, &spv) != SOAP_OK) {
		c->soap->error = SOAP_OK;
		return -1;
	}
	if (sscanf(s + 2, "%d%n.%d%n", &port, &n, &vport, &n) < 1 || s[2 + n] != '\0' || port < 0 ||
	    vport < 0)
		return -1;
	p->sp = (enum slgw__SP)spv;
	p->portId = port;
	p->vportId = vport;
	return 0;
}

int cmd_system_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addStorageSystem req = { 0 };
	struct _slgw__addStorageSystemResponse r = { 0 };
	int rc, v = 0, nports = 0;

	req.name = OPT(a, "name");
	req.spA = OPT(a, "spa");
	req.spB = OPT(a, "spb");
	req.adapter = OPT(a, "adapter") ? OPT(a, "adapter") : (char *)"vnx";
	if (!req.name || !req.spA)
		return cli_usage_err("system-add", "--name and --spa are required");
	req.username = OPT(a, "array-user");
	req.securityFile = OPT(a, "security-file");
	req.naviseccliPath = OPT(a, "naviseccli");
	if (req.username) {
		req.password = cli_read_secret(c, a, "array-password-file", "array-password-stdin",
					   "array password");
		if (!req.password)
			return CLI_EXIT_USAGE;
	}
	if (cli_arg(a, "scope")) {
		if (cli_parse_int(cli_arg(a, "scope"), 0, 2, &v) != 0)
			return cli_usage_err("system-add", "--scope is 0 (global), 1 (local) or 2 (LDAP)");
		req.scope = cli_dup_int(c, v);
	}
	if (cli_arg(a, "failover")) {
		rc = cli_parse_enum(c, "system-add", "--failover", cli_arg(a, "failover"), s2_FailoverMode, &v,
				"ALUA, PNR");
		if (rc)
			return rc;
		req.failoverPolicy = soap_malloc(c->soap, sizeof(*req.failoverPolicy));
		*req.failoverPolicy = (enum slgw__FailoverMode)v;
	}
	while (cli_arg_nth(a, "port", nports))
		nports++;
	if (nports) {
		req.allowedTargetPort = soap_malloc(c->soap, (size_t)nports * sizeof(struct slgw__PortRef));
		for (int i = 0; i < nports; i++)
			if (parse_portref(c, cli_arg_nth(a, "port", i), &req.allowedTargetPort[i]) != 0)
				return cli_usage_err("system-add", "--port is SP:PORT[.VPORT], e.g. a:4 or b:5.0");
		req.__sizeallowedTargetPort = nports;
	}
	if (cli_flag(a, "destroy-empty-groups"))
		req.destroyEmptyStorageGroups = cli_true_ptr(c);
	if (cli_flag(a, "allow-hlu-zero"))
		req.allowHluZero = cli_true_ptr(c);
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__addStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageSystem");
}

int cmd_system_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeStorageSystem req = { 0 };
	struct _slgw__removeStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-remove", CLI_KIND_SYSTEM, cli_object_arg(a, NULL), NULL,
			 CLI_RESOLVE_GONE_OK, &req.storageSystemId);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__removeStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

int cmd_system_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageSystems req = { 0 };
	json_t *rows = json_array();

	(void)a;
	PAGE_LOOP(c, req, soap_call___slgw__enumStorageSystems, struct _slgw__enumStorageSystemsResponse,
		  storageSystem, __sizestorageSystem, cli_json_system, rows);
	cli_emit_list(c, rows, system_cols, NCOLS(system_cols));
	return 0;
}

int cmd_system_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getStorageSystem req = { 0 };
	struct _slgw__getStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-show", CLI_KIND_SYSTEM, cli_object_arg(a, NULL), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc :
		    cli_emit_record(c, r.storageSystem ? cli_json_system(c->soap, r.storageSystem) : NULL);
}

int cmd_system_refresh(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__refreshStorageSystem req = { 0 };
	struct _slgw__refreshStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-refresh", CLI_KIND_SYSTEM, cli_object_arg(a, NULL), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__refreshStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageSystem");
}

int cmd_pool_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStoragePools req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "pool-list", CLI_KIND_SYSTEM, cli_object_arg(a, "system"), NULL,
				 &req.storageSystemId);

	if (rc)
		return rc;
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStoragePools, struct _slgw__enumStoragePoolsResponse,
		  storagePool, __sizestoragePool, cli_json_pool, rows);
	cli_emit_list(c, rows, pool_cols, NCOLS(pool_cols));
	return 0;
}

int cmd_port_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageSystemTargetPorts req = { 0 };
	json_t *rows;
	int v = 0, rc;

	rc = cli_resolve(c, "port-list", CLI_KIND_SYSTEM, cli_object_arg(a, "system"), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	if (cli_arg(a, "protocol")) {
		rc = cli_parse_enum(c, "port-list", "--protocol", cli_arg(a, "protocol"), s2_Protocol, &v,
				"iscsi, fc");
		if (rc)
			return rc;
		req.protocol = soap_malloc(c->soap, sizeof(*req.protocol));
		*req.protocol = (enum slgw__Protocol)v;
	}
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStorageSystemTargetPorts,
		  struct _slgw__enumStorageSystemTargetPortsResponse, targetPort, __sizetargetPort,
		  cli_json_port, rows);
	cli_emit_list(c, rows, port_cols, NCOLS(port_cols));
	return 0;
}

/* ---- volumes ------------------------------------------------------------------ */

int cmd_volume_create(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse r = { 0 };
	long long mb;
	char why[128];
	int rc, v = (int)slgw__ProvisioningType__THIN;

	req.name = (char *)cli_object_arg(a, "name");
	if (!cli_arg(a, "system") || !cli_arg(a, "pool") || !req.name || !cli_arg(a, "size"))
		return cli_usage_err("volume-create", "--system, --pool, --name and --size are required");
	mb = cli_parse_size_mb(cli_arg(a, "size"));
	if (mb <= 0)
		return cli_usage_err("volume-create", "--size is a positive number of MB, or with a unit: 512M, 20G, 1T");
	if (broker_rule_size_mb(mb, why, sizeof(why)))
		return cli_rule_err("volume-create", "--size", why);
	rc = cli_resolve(c, "volume-create", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL, 0,
			 &req.storageSystemId);
	if (!rc)
		rc = cli_resolve(c, "volume-create", CLI_KIND_POOL, cli_arg(a, "pool"),
				 req.storageSystemId, 0, &req.storagePoolId);
	if (!rc)
		rc = cli_resolve_opt(c, "volume-create", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				     &req.tenantId);
	if (rc)
		return rc;
	req.sizeMB = mb;
	rc = cli_parse_enum(c, "volume-create", "--provisioning", cli_arg(a, "provisioning"),
			s2_ProvisioningType, &v, "thin, thick");
	if (rc)
		return rc;
	req.provisioning = (enum slgw__ProvisioningType)v;
	rc = parse_attrs(c, "volume-create", a, &req.description, &req.collection, &req.key,
			 &req.__sizekey);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__allocateStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

int cmd_volume_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageVolumes req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "volume-list", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL,
				 &req.storageSystemId);

	if (!rc)
		rc = cli_resolve_opt(c, "volume-list", CLI_KIND_POOL, cli_arg(a, "pool"),
				     req.storageSystemId, &req.storagePoolId);
	if (!rc)
		rc = cli_resolve_opt(c, "volume-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				     &req.tenantId);
	if (!rc)
		rc = check_attr_opts("volume-list", a);
	if (rc)
		return rc;
	req.namePrefix = OPT(a, "prefix");
	req.collection = OPT(a, "collection");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStorageVolumes, struct _slgw__enumStorageVolumesResponse,
		  storageVolume, __sizestorageVolume, cli_json_volume, rows);
	cli_emit_list(c, rows, volume_cols, NCOLS(volume_cols));
	return 0;
}

int cmd_volume_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getStorageVolume req = { 0 };
	struct _slgw__getStorageVolumeResponse r = { 0 };
	int rc = cli_volume_arg(c, "volume-show", cli_object_arg(a, NULL), &req.volumeId);

	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getStorageVolume(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc :
		    cli_emit_record(c, r.storageVolume ? cli_json_volume(c->soap, r.storageVolume) : NULL);
}

int cmd_volume_resize(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__resizeStorage req = { 0 };
	struct _slgw__resizeStorageResponse r = { 0 };
	long long mb;
	char why[128];
	int rc = cli_volume_arg(c, "volume-resize", cli_object_arg(a, NULL), &req.volumeId);

	if (rc)
		return rc;
	mb = cli_parse_size_mb(cli_arg(a, "size"));
	if (mb <= 0)
		return cli_usage_err("volume-resize", "--size (the new size; grow only) is required: 40G, 2048M");
	if (broker_rule_size_mb(mb, why, sizeof(why)))
		return cli_rule_err("volume-resize", "--size", why);
	req.sizeMB = mb;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__resizeStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

int cmd_volume_delete(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__deleteStorage req = { 0 };
	struct _slgw__deleteStorageResponse r = { 0 };
	int rc;

	/* A deleted volume's id stays deletable (idempotent): GONE_OK. */
	rc = cli_resolve(c, "volume-delete", CLI_KIND_VOLUME, cli_object_arg(a, NULL), NULL,
			 CLI_RESOLVE_GONE_OK, &req.volumeId);
	if (rc)
		return rc;
	if (cli_flag(a, "force"))
		req.force = cli_true_ptr(c);
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__deleteStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

/* ---- snapshots and clones ------------------------------------------------------ */

int cmd_snapshot_create(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__createSnapshot req = { 0 };
	struct _slgw__createSnapshotResponse r = { 0 };
	int rc = cli_volume_arg(c, "snapshot-create", cli_object_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	req.name = OPT(a, "name");
	if (!req.name)
		return cli_usage_err("snapshot-create", "--name is required");
	rc = parse_attrs(c, "snapshot-create", a, &req.description, NULL, &req.key, &req.__sizekey);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__createSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "snapshot");
}

int cmd_snapshot_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumSnapshots req = { 0 };
	json_t *rows;
	int rc;

	if (cli_object_arg(a, "volume")) {
		rc = cli_volume_arg(c, "snapshot-list", cli_object_arg(a, "volume"), &req.volumeId);
		if (rc)
			return rc;
	}
	rc = check_attr_opts("snapshot-list", a);
	if (rc)
		return rc;
	req.collection = OPT(a, "collection");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumSnapshots, struct _slgw__enumSnapshotsResponse,
		  snapshot, __sizesnapshot, cli_json_snapshot, rows);
	cli_emit_list(c, rows, snapshot_cols, NCOLS(snapshot_cols));
	return 0;
}

/* resolve_snapshot: the SNAPSHOT positional (or --snapshot), by id or by
 * name, among the snapshots of --volume when given (names are unique per
 * volume, not overall). */
static int resolve_snapshot(struct cli_ctx *c, const char *cmd, const struct cli_args *a, int flags,
			    char **id)
{
	char *vol = NULL;
	int rc = cli_resolve_opt(c, cmd, CLI_KIND_VOLUME, cli_arg(a, "volume"), NULL, &vol);

	return rc ? rc : cli_resolve(c, cmd, CLI_KIND_SNAPSHOT, cli_object_arg(a, "snapshot"), vol, flags, id);
}

int cmd_snapshot_delete(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__deleteSnapshot req = { 0 };
	struct _slgw__deleteSnapshotResponse r = { 0 };
	int rc;

	rc = resolve_snapshot(c, "snapshot-delete", a, CLI_RESOLVE_GONE_OK, &req.snapshotId);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__deleteSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

int cmd_snapshot_restore(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__restoreSnapshot req = { 0 };
	struct _slgw__restoreSnapshotResponse r = { 0 };
	int rc;

	rc = resolve_snapshot(c, "snapshot-restore", a, 0, &req.snapshotId);
	if (rc)
		return rc;
	if (cli_flag(a, "force"))
		req.force = cli_true_ptr(c);
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__restoreSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

int cmd_clone(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__cloneStorage req = { 0 };
	struct _slgw__cloneStorageResponse r = { 0 };
	int rc, v = (int)slgw__CloneType__linked;

	req.name = OPT(a, "name");
	if (!req.name || (!cli_arg(a, "volume") && !cli_arg(a, "snapshot")))
		return cli_usage_err("clone", "--name and --volume or --snapshot are required");
	/* With --snapshot, --volume only says whose snapshot it is. */
	if (cli_arg(a, "snapshot"))
		rc = resolve_snapshot(c, "clone", a, 0, &req.sourceSnapshotId);
	else
		rc = cli_volume_arg(c, "clone", cli_arg(a, "volume"), &req.sourceVolumeId);
	if (!rc)
		rc = cli_resolve_opt(c, "clone", CLI_KIND_POOL, cli_arg(a, "pool"), NULL,
				     &req.storagePoolId);
	if (rc)
		return rc;
	rc = cli_parse_enum(c, "clone", "--type", cli_arg(a, "type"), s2_CloneType, &v, "linked, full");
	if (rc)
		return rc;
	req.cloneType = (enum slgw__CloneType)v;
	if (cli_arg(a, "provisioning")) {
		rc = cli_parse_enum(c, "clone", "--provisioning", cli_arg(a, "provisioning"),
				s2_ProvisioningType, &v, "thin, thick");
		if (rc)
			return rc;
		req.provisioning = soap_malloc(c->soap, sizeof(*req.provisioning));
		*req.provisioning = (enum slgw__ProvisioningType)v;
	}
	rc = parse_attrs(c, "clone", a, &req.description, &req.collection, &req.key, &req.__sizekey);
	if (rc)
		return rc;
	cli_job_request(c, &req.clientRequestId, &req.waitMs);
	rc = cli_check(c, soap_call___slgw__cloneStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}


/* ---- attributes: the record only, no job ------------------------------------------- */

int cmd_volume_set(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__setStorageVolumeAttributes req = { 0 };
	struct _slgw__setStorageVolumeAttributesResponse r = { 0 };
	int rc = cli_volume_arg(c, "volume-set", cli_object_arg(a, NULL), &req.volumeId);

	if (!rc)
		rc = parse_attr_change(c, "volume-set", a, &req.name, &req.description, &req.setKey,
				       &req.__sizesetKey, &req.unsetKey, &req.__sizeunsetKey);
	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__setStorageVolumeAttributes(cli_soap(c), c->set.endpoint,
									NULL, &req, &r));
	return rc ? rc :
		    cli_emit_record(c, r.storageVolume ? cli_json_volume(c->soap, r.storageVolume) : NULL);
}

int cmd_snapshot_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getSnapshot req = { 0 };
	struct _slgw__getSnapshotResponse r = { 0 };
	int rc = resolve_snapshot(c, "snapshot-show", a, 0, &req.snapshotId);

	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc :
		    cli_emit_record(c, r.snapshot ? cli_json_snapshot(c->soap, r.snapshot) : NULL);
}

int cmd_snapshot_set(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__setSnapshotAttributes req = { 0 };
	struct _slgw__setSnapshotAttributesResponse r = { 0 };
	int rc = resolve_snapshot(c, "snapshot-set", a, 0, &req.snapshotId);

	if (!rc)
		rc = parse_attr_change(c, "snapshot-set", a, &req.name, &req.description, &req.setKey,
				       &req.__sizesetKey, &req.unsetKey, &req.__sizeunsetKey);
	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__setSnapshotAttributes(cli_soap(c), c->set.endpoint, NULL,
								   &req, &r));
	return rc ? rc :
		    cli_emit_record(c, r.snapshot ? cli_json_snapshot(c->soap, r.snapshot) : NULL);
}
