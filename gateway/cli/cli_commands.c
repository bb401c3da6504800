/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_commands.c - every slgw command, one small function per operation.
 *
 * Names are <object>-<verb> (volume-create, host-list, grant-remove, ...),
 * plus clone, assign and unassign. A command fills the request struct from
 * its options, calls the operation through cli_check(), and prints records
 * through cli_emit_*() or waits on the returned job with cli_job_finish().
 * Lists follow nextPageToken until the end (or --limit). Every object a
 * command takes (system, pool, volume, snapshot, host, tenant, user) may be
 * given by id or by name, resolved by cli_resolve() (cli_resolve.c) with
 * one rule for all, so scripts such as register-host.sh can use the
 * XenServer host name and people never need to copy ids.
 *
 * Secrets (array passwords, new user passwords) are never taken as plain
 * option values: they come from a file, stdin, or a no-echo prompt.
 */
#include "broker_rules.h"
#include "cli_commands.h"
#include "cli_records.h"
#include "cli_resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
#define OPT(a, n) ((char *)cli_arg((a), (n)))

/* ---- helpers --------------------------------------------------------------- */

static int usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "slgw %s: %s (see: slgw %s --help)\n", cmd, msg, cmd);
	return CLI_EXIT_USAGE;
}

/* A value the gateway would refuse under one of the shared rules
 * (broker_rules.h): refused here, before a round trip, with the exit code
 * the gateway's INVALID_ARGUMENT fault gives, so a script sees the same
 * outcome wherever the rule was checked. */
static int rule_err(const char *cmd, const char *field, const char *why)
{
	fprintf(stderr, "slgw %s: %s: %s\n", cmd, field, why);
	return CLI_EXIT_INVALID_ARGUMENT;
}

/* One positional argument (the object id or name) or the named option. */
static const char *object_arg(const struct cli_args *a, const char *optname)
{
	const char *v = optname ? cli_arg(a, optname) : NULL;

	if (v)
		return v;
	return a->npos > 0 ? a->pos[0] : NULL;
}

/* parse_enum: the XML name, accepted in any case ("thin" -> THIN). */
static int parse_enum(struct cli_ctx *c, const char *cmd, const char *what, const char *val,
		      int (*fn)(struct soap *, const char *, int *), int *out, const char *choices)
{
	char buf[64];
	size_t n;

	if (!val)
		return 0;
	n = strlen(val);
	if (n == 0 || n >= sizeof(buf))
		goto bad;
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i <= n; i++)
			buf[i] = pass == 0 ? val[i] : pass == 1 ? (char)toupper((unsigned char)val[i])
								  : (char)tolower((unsigned char)val[i]);
		if (fn(c->soap, buf, out) == SOAP_OK)
			return 0;
		c->soap->error = SOAP_OK;
	}
bad:
	fprintf(stderr, "slgw %s: %s must be one of: %s\n", cmd, what, choices);
	return CLI_EXIT_USAGE;
}

/* Adapters from the generated converters (typed enums) to int *. */
#define ENUM_ADAPTER(T)                                                                   \
	static int s2_##T(struct soap *soap, const char *s, int *out)                     \
	{                                                                                 \
		enum slgw__##T v;                                                          \
		int rc = soap_s2slgw__##T(soap, s, &v);                                    \
		if (rc == SOAP_OK)                                                         \
			*out = (int)v;                                                     \
		return rc;                                                                 \
	}
ENUM_ADAPTER(ProvisioningType)
ENUM_ADAPTER(Protocol)
ENUM_ADAPTER(FailoverMode)
ENUM_ADAPTER(CloneType)
ENUM_ADAPTER(Role)
ENUM_ADAPTER(JobState)
ENUM_ADAPTER(SP)

static void *dup_int(struct cli_ctx *c, int v)
{
	int *p = soap_malloc(c->soap, sizeof(int));

	if (p)
		*p = v;
	return p;
}

static enum xsd__boolean *true_ptr(struct cli_ctx *c)
{
	enum xsd__boolean *p = soap_malloc(c->soap, sizeof(*p));

	if (p)
		*p = xsd__boolean__true_;
	return p;
}

/* read_secret: a password from FILE (--X-file), stdin (--X-stdin) or a
 * no-echo prompt on the terminal. NULL after printing why. */
static char *read_secret(struct cli_ctx *c, const struct cli_args *a, const char *file_opt,
			 const char *stdin_opt, const char *prompt)
{
	char err[256], buf[512], *out;
	const char *file = cli_arg(a, file_opt);

	if (file) {
		char *s = cli_read_secret_file(file, err, sizeof(err));

		if (!s) {
			fprintf(stderr, "slgw: %s\n", err);
			return NULL;
		}
		out = soap_strdup(c->soap, s);
		explicit_bzero(s, strlen(s));
		free(s);
		return out;
	}
	if (cli_flag(a, stdin_opt)) {
		if (!fgets(buf, sizeof(buf), stdin)) {
			fprintf(stderr, "slgw: no password on stdin\n");
			return NULL;
		}
	} else if (cli_tty_ask(buf, sizeof(buf), "%s: ", prompt)) {
		fprintf(stderr, "slgw: no terminal to ask for the %s; use --%s or --%s\n", prompt,
			file_opt, stdin_opt);
		return NULL;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (!buf[0]) {
		fprintf(stderr, "slgw: empty %s\n", prompt);
		return NULL;
	}
	out = soap_strdup(c->soap, buf);
	explicit_bzero(buf, sizeof(buf));
	return out;
}

/* Thin names for the two kinds most commands take; the rule lives in
 * cli_resolve() (cli_resolve.c). */
static int resolve_volume(struct cli_ctx *c, const char *cmd, const char *arg, char **id)
{
	return cli_resolve(c, cmd, CLI_KIND_VOLUME, arg, NULL, 0, id);
}

static int resolve_host(struct cli_ctx *c, const char *cmd, const char *arg, char **id)
{
	return cli_resolve(c, cmd, CLI_KIND_HOST, arg, NULL, 0, id);
}

/* ---- columns ----------------------------------------------------------------- */

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
	{ "tenantId", "TENANT" } };
static const struct cli_column snapshot_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "volumeId", "VOLUME" }, { "createdAt", "CREATED" },
	{ "state", "STATE" } };
static const struct cli_column host_cols[] = {
	{ "id", "ID" }, { "name", "NAME" }, { "tenantId", "TENANT" }, { "hostAddress", "ADDRESS" },
	{ "failoverMode", "FAILOVER" }, { "initiator.id", "INITIATORS" } };
static const struct cli_column assignment_cols[] = {
	{ "volumeId", "VOLUME" }, { "hostId", "HOST" }, { "hlu", "HLU" }, { "lunWwn", "WWN" },
	{ "failoverMode", "FAILOVER" } };
static const struct cli_column job_cols[] = {
	{ "id", "ID" }, { "kind", "KIND" }, { "state", "STATE" }, { "progress", "PROGRESS %" },
	{ "objectId", "OBJECT" }, { "errorCode", "ERROR" }, { "createdAt", "CREATED" } };
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

/* ---- service and systems ------------------------------------------------------ */

static int cmd_info(struct cli_ctx *c, const struct cli_args *a)
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

static int cmd_adapter_list(struct cli_ctx *c, const struct cli_args *a)
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

static int cmd_system_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addStorageSystem req = { 0 };
	struct _slgw__addStorageSystemResponse r = { 0 };
	int rc, v = 0, nports = 0;

	req.name = OPT(a, "name");
	req.spA = OPT(a, "spa");
	req.spB = OPT(a, "spb");
	req.adapter = OPT(a, "adapter") ? OPT(a, "adapter") : (char *)"vnx";
	if (!req.name || !req.spA)
		return usage_err("system-add", "--name and --spa are required");
	req.username = OPT(a, "array-user");
	req.securityFile = OPT(a, "security-file");
	req.naviseccliPath = OPT(a, "naviseccli");
	if (req.username) {
		req.password = read_secret(c, a, "array-password-file", "array-password-stdin",
					   "array password");
		if (!req.password)
			return CLI_EXIT_USAGE;
	}
	if (cli_arg(a, "scope")) {
		if (cli_parse_int(cli_arg(a, "scope"), 0, 2, &v) != 0)
			return usage_err("system-add", "--scope is 0 (global), 1 (local) or 2 (LDAP)");
		req.scope = dup_int(c, v);
	}
	if (cli_arg(a, "failover")) {
		rc = parse_enum(c, "system-add", "--failover", cli_arg(a, "failover"), s2_FailoverMode, &v,
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
				return usage_err("system-add", "--port is SP:PORT[.VPORT], e.g. a:4 or b:5.0");
		req.__sizeallowedTargetPort = nports;
	}
	if (cli_flag(a, "destroy-empty-groups"))
		req.destroyEmptyStorageGroups = true_ptr(c);
	if (cli_flag(a, "allow-hlu-zero"))
		req.allowHluZero = true_ptr(c);
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__addStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageSystem");
}

static int cmd_system_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeStorageSystem req = { 0 };
	struct _slgw__removeStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-remove", CLI_KIND_SYSTEM, object_arg(a, NULL), NULL,
			 CLI_RESOLVE_GONE_OK, &req.storageSystemId);
	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__removeStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

static int cmd_system_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageSystems req = { 0 };
	json_t *rows = json_array();

	(void)a;
	PAGE_LOOP(c, req, soap_call___slgw__enumStorageSystems, struct _slgw__enumStorageSystemsResponse,
		  storageSystem, __sizestorageSystem, cli_json_system, rows);
	cli_emit_list(c, rows, system_cols, NCOLS(system_cols));
	return 0;
}

static int cmd_system_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getStorageSystem req = { 0 };
	struct _slgw__getStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-show", CLI_KIND_SYSTEM, object_arg(a, NULL), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.storageSystem)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_system(c->soap, r.storageSystem));
	return 0;
}

static int cmd_system_refresh(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__refreshStorageSystem req = { 0 };
	struct _slgw__refreshStorageSystemResponse r = { 0 };
	int rc;

	rc = cli_resolve(c, "system-refresh", CLI_KIND_SYSTEM, object_arg(a, NULL), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__refreshStorageSystem(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageSystem");
}

static int cmd_pool_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStoragePools req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "pool-list", CLI_KIND_SYSTEM, object_arg(a, "system"), NULL,
				 &req.storageSystemId);

	if (rc)
		return rc;
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStoragePools, struct _slgw__enumStoragePoolsResponse,
		  storagePool, __sizestoragePool, cli_json_pool, rows);
	cli_emit_list(c, rows, pool_cols, NCOLS(pool_cols));
	return 0;
}

static int cmd_port_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumStorageSystemTargetPorts req = { 0 };
	json_t *rows;
	int v = 0, rc;

	rc = cli_resolve(c, "port-list", CLI_KIND_SYSTEM, object_arg(a, "system"), NULL, 0,
			 &req.storageSystemId);
	if (rc)
		return rc;
	if (cli_arg(a, "protocol")) {
		rc = parse_enum(c, "port-list", "--protocol", cli_arg(a, "protocol"), s2_Protocol, &v,
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

static int cmd_volume_create(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__allocateStorage req = { 0 };
	struct _slgw__allocateStorageResponse r = { 0 };
	long long mb;
	char why[128];
	int rc, v = (int)slgw__ProvisioningType__THIN;

	req.name = (char *)object_arg(a, "name");
	if (!cli_arg(a, "system") || !cli_arg(a, "pool") || !req.name || !cli_arg(a, "size"))
		return usage_err("volume-create", "--system, --pool, --name and --size are required");
	mb = cli_parse_size_mb(cli_arg(a, "size"));
	if (mb <= 0)
		return usage_err("volume-create", "--size is a positive number of MB, or with a unit: 512M, 20G, 1T");
	if (broker_rule_size_mb(mb, why, sizeof(why)))
		return rule_err("volume-create", "--size", why);
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
	rc = parse_enum(c, "volume-create", "--provisioning", cli_arg(a, "provisioning"),
			s2_ProvisioningType, &v, "thin, thick");
	if (rc)
		return rc;
	req.provisioning = (enum slgw__ProvisioningType)v;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__allocateStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

static int cmd_volume_list(struct cli_ctx *c, const struct cli_args *a)
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
	if (rc)
		return rc;
	req.namePrefix = OPT(a, "prefix");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumStorageVolumes, struct _slgw__enumStorageVolumesResponse,
		  storageVolume, __sizestorageVolume, cli_json_volume, rows);
	cli_emit_list(c, rows, volume_cols, NCOLS(volume_cols));
	return 0;
}

static int cmd_volume_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getStorageVolume req = { 0 };
	struct _slgw__getStorageVolumeResponse r = { 0 };
	int rc = resolve_volume(c, "volume-show", object_arg(a, NULL), &req.volumeId);

	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getStorageVolume(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.storageVolume)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_volume(c->soap, r.storageVolume));
	return 0;
}

static int cmd_volume_resize(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__resizeStorage req = { 0 };
	struct _slgw__resizeStorageResponse r = { 0 };
	long long mb;
	char why[128];
	int rc = resolve_volume(c, "volume-resize", object_arg(a, NULL), &req.volumeId);

	if (rc)
		return rc;
	mb = cli_parse_size_mb(cli_arg(a, "size"));
	if (mb <= 0)
		return usage_err("volume-resize", "--size (the new size; grow only) is required: 40G, 2048M");
	if (broker_rule_size_mb(mb, why, sizeof(why)))
		return rule_err("volume-resize", "--size", why);
	req.sizeMB = mb;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__resizeStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

static int cmd_volume_delete(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__deleteStorage req = { 0 };
	struct _slgw__deleteStorageResponse r = { 0 };
	int rc;

	/* A deleted volume's id stays deletable (idempotent): GONE_OK. */
	rc = cli_resolve(c, "volume-delete", CLI_KIND_VOLUME, object_arg(a, NULL), NULL,
			 CLI_RESOLVE_GONE_OK, &req.volumeId);
	if (rc)
		return rc;
	if (cli_flag(a, "force"))
		req.force = true_ptr(c);
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__deleteStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

/* ---- snapshots and clones ------------------------------------------------------ */

static int cmd_snapshot_create(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__createSnapshot req = { 0 };
	struct _slgw__createSnapshotResponse r = { 0 };
	int rc = resolve_volume(c, "snapshot-create", object_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	req.name = OPT(a, "name");
	if (!req.name)
		return usage_err("snapshot-create", "--name is required");
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__createSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "snapshot");
}

static int cmd_snapshot_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumSnapshots req = { 0 };
	json_t *rows;
	int rc;

	if (object_arg(a, "volume")) {
		rc = resolve_volume(c, "snapshot-list", object_arg(a, "volume"), &req.volumeId);
		if (rc)
			return rc;
	}
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

	return rc ? rc : cli_resolve(c, cmd, CLI_KIND_SNAPSHOT, object_arg(a, "snapshot"), vol, flags, id);
}

static int cmd_snapshot_delete(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__deleteSnapshot req = { 0 };
	struct _slgw__deleteSnapshotResponse r = { 0 };
	int rc;

	rc = resolve_snapshot(c, "snapshot-delete", a, CLI_RESOLVE_GONE_OK, &req.snapshotId);
	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__deleteSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

static int cmd_snapshot_restore(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__restoreSnapshot req = { 0 };
	struct _slgw__restoreSnapshotResponse r = { 0 };
	int rc;

	rc = resolve_snapshot(c, "snapshot-restore", a, 0, &req.snapshotId);
	if (rc)
		return rc;
	if (cli_flag(a, "force"))
		req.force = true_ptr(c);
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__restoreSnapshot(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

static int cmd_clone(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__cloneStorage req = { 0 };
	struct _slgw__cloneStorageResponse r = { 0 };
	int rc, v = (int)slgw__CloneType__linked;

	req.name = OPT(a, "name");
	if (!req.name || (!cli_arg(a, "volume") && !cli_arg(a, "snapshot")))
		return usage_err("clone", "--name and --volume or --snapshot are required");
	/* With --snapshot, --volume only says whose snapshot it is. */
	if (cli_arg(a, "snapshot"))
		rc = resolve_snapshot(c, "clone", a, 0, &req.sourceSnapshotId);
	else
		rc = resolve_volume(c, "clone", cli_arg(a, "volume"), &req.sourceVolumeId);
	if (!rc)
		rc = cli_resolve_opt(c, "clone", CLI_KIND_POOL, cli_arg(a, "pool"), NULL,
				     &req.storagePoolId);
	if (rc)
		return rc;
	rc = parse_enum(c, "clone", "--type", cli_arg(a, "type"), s2_CloneType, &v, "linked, full");
	if (rc)
		return rc;
	req.cloneType = (enum slgw__CloneType)v;
	if (cli_arg(a, "provisioning")) {
		rc = parse_enum(c, "clone", "--provisioning", cli_arg(a, "provisioning"),
				s2_ProvisioningType, &v, "thin, thick");
		if (rc)
			return rc;
		req.provisioning = soap_malloc(c->soap, sizeof(*req.provisioning));
		*req.provisioning = (enum slgw__ProvisioningType)v;
	}
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__cloneStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "storageVolume");
}

/* ---- hosts and assignments ------------------------------------------------------- */

/* "iscsi:IQN" or "fc:WWPN" -> Initiator. */
static int parse_initiator(struct cli_ctx *c, const char *s, struct slgw__Initiator *in)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	char proto[8];
	int v = 0;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(proto) || !colon[1])
		return -1;
	memcpy(proto, s, (size_t)(colon - s));
	proto[colon - s] = '\0';
	for (char *p = proto; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (s2_Protocol(c->soap, proto, &v) != SOAP_OK) {
		c->soap->error = SOAP_OK;
		return -1;
	}
	in->protocol = (enum slgw__Protocol)v;
	in->id = soap_strdup(c->soap, colon + 1);
	return 0;
}

static int cmd_host_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addHost req = { 0 };
	struct _slgw__addHostResponse r = { 0 };
	int rc, v = 0, n = 0;

	req.name = (char *)object_arg(a, "name");
	if (!req.name)
		return usage_err("host-add", "--name is required");
	rc = cli_resolve_opt(c, "host-add", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL, &req.tenantId);
	if (rc)
		return rc;
	req.hostAddress = OPT(a, "address");
	while (cli_arg_nth(a, "initiator", n))
		n++;
	if (n) {
		req.initiator = soap_malloc(c->soap, (size_t)n * sizeof(struct slgw__Initiator));
		for (int i = 0; i < n; i++)
			if (parse_initiator(c, cli_arg_nth(a, "initiator", i), &req.initiator[i]) != 0)
				return usage_err("host-add", "--initiator is iscsi:IQN or fc:WWPN");
		req.__sizeinitiator = n;
	}
	if (cli_arg(a, "failover")) {
		rc = parse_enum(c, "host-add", "--failover", cli_arg(a, "failover"), s2_FailoverMode, &v,
				"ALUA, PNR");
		if (rc)
			return rc;
		req.failoverMode = soap_malloc(c->soap, sizeof(*req.failoverMode));
		*req.failoverMode = (enum slgw__FailoverMode)v;
	}
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__addHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

static int cmd_host_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeHost req = { 0 };
	struct _slgw__removeHostResponse r = { 0 };
	int rc = cli_resolve(c, "host-remove", CLI_KIND_HOST, object_arg(a, NULL), NULL,
			     CLI_RESOLVE_GONE_OK, &req.hostId);

	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__removeHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

static int cmd_host_modify(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__modifyHost req = { 0 };
	struct _slgw__modifyHostResponse r = { 0 };
	int v = 0, rc = resolve_host(c, "host-modify", object_arg(a, NULL), &req.hostId);

	if (rc)
		return rc;
	if (cli_arg(a, "failover")) {
		rc = parse_enum(c, "host-modify", "--failover", cli_arg(a, "failover"), s2_FailoverMode,
				&v, "ALUA, PNR");
		if (rc)
			return rc;
		req.failoverMode = soap_malloc(c->soap, sizeof(*req.failoverMode));
		*req.failoverMode = (enum slgw__FailoverMode)v;
	}
	req.hostAddress = OPT(a, "address");
	if (cli_flag(a, "host-offline"))
		req.hostOffline = true_ptr(c);
	if (!req.failoverMode && !req.hostAddress)
		return usage_err("host-modify", "nothing to change (--failover or --address)");
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__modifyHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

static int cmd_host_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumHosts req = { 0 };
	json_t *rows;
	int rc = cli_resolve_opt(c, "host-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
				 &req.tenantId);

	if (rc)
		return rc;
	rows = json_array();
	req.namePrefix = OPT(a, "prefix");
	PAGE_LOOP(c, req, soap_call___slgw__enumHosts, struct _slgw__enumHostsResponse, host,
		  __sizehost, cli_json_host, rows);
	cli_emit_list(c, rows, host_cols, NCOLS(host_cols));
	return 0;
}

static int cmd_host_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getHost req = { 0 };
	struct _slgw__getHostResponse r = { 0 };
	int rc = resolve_host(c, "host-show", object_arg(a, NULL), &req.hostId);

	if (rc)
		return rc;
	rc = cli_check(c, soap_call___slgw__getHost(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.host)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_host(c->soap, r.host));
	return 0;
}

static int cmd_initiator_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addHostInitiator req = { 0 };
	struct _slgw__addHostInitiatorResponse r = { 0 };
	int v = 0, rc = resolve_host(c, "initiator-add", cli_arg(a, "host"), &req.hostId);

	if (rc)
		return rc;
	if (!cli_arg(a, "protocol") || !cli_arg(a, "id"))
		return usage_err("initiator-add", "--host, --protocol and --id are required");
	rc = parse_enum(c, "initiator-add", "--protocol", cli_arg(a, "protocol"), s2_Protocol, &v,
			"iscsi, fc");
	if (rc)
		return rc;
	req.initiator = soap_malloc(c->soap, sizeof(*req.initiator));
	req.initiator->protocol = (enum slgw__Protocol)v;
	req.initiator->id = OPT(a, "id");
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__addHostInitiator(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

static int cmd_initiator_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeHostInitiator req = { 0 };
	struct _slgw__removeHostInitiatorResponse r = { 0 };
	int rc = resolve_host(c, "initiator-remove", cli_arg(a, "host"), &req.hostId);

	if (rc)
		return rc;
	req.initiatorId = OPT(a, "id");
	if (!req.initiatorId)
		return usage_err("initiator-remove", "--host and --id are required");
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__removeHostInitiator(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "host");
}

static int cmd_assign(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__assignStorage req = { 0 };
	struct _slgw__assignStorageResponse r = { 0 };
	int rc = resolve_volume(c, "assign", cli_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	rc = resolve_host(c, "assign", cli_arg(a, "host"), &req.hostId);
	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__assignStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, "assignment");
}

static int cmd_unassign(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__unassignStorage req = { 0 };
	struct _slgw__unassignStorageResponse r = { 0 };
	int rc = resolve_volume(c, "unassign", cli_arg(a, "volume"), &req.volumeId);

	if (rc)
		return rc;
	rc = resolve_host(c, "unassign", cli_arg(a, "host"), &req.hostId);
	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	req.waitMs = cli_wait_ms(c);
	rc = cli_check(c, soap_call___slgw__unassignStorage(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	return rc ? rc : cli_job_finish(c, r.job, NULL);
}

/* host_failover: the failover mode in force for host on system, from the
 * host's per-array state (what the array was set to), else the mode the
 * host asks for; NULL if the host is not among hosts. */
static const char *host_failover(const json_t *hosts, const char *host, const char *system)
{
	const json_t *h, *st;
	size_t i, j;

	json_array_foreach(hosts, i, h) {
		if (!host || !json_string_value(json_object_get(h, "id")) ||
		    strcmp(json_string_value(json_object_get(h, "id")), host) != 0)
			continue;
		json_array_foreach(json_object_get(h, "array"), j, st) {
			const char *sys = json_string_value(json_object_get(st, "storageSystemId"));

			if (system && sys && strcmp(sys, system) == 0)
				return json_string_value(json_object_get(st, "failoverMode"));
		}
		return json_string_value(json_object_get(h, "failoverMode"));
	}
	return NULL;
}

/* fill_failover: enumAssignments does not carry the failover mode (only
 * assignStorage's result does), so the table's FAILOVER column is filled
 * from the hosts' per-array state, one enumHosts for the whole list. Only
 * for tables: --json shows what the gateway returned. Best effort: if the
 * hosts cannot be listed the column stays empty and is left out. */
static void fill_failover(struct cli_ctx *c, json_t *rows)
{
	struct _slgw__enumHosts req = { 0 };
	json_t *hosts = json_array(), *row;
	int limit = c->limit;
	size_t i;

	if (json_array_size(rows) == 0)
		goto out;
	c->limit = 0;
	for (;;) {
		struct _slgw__enumHostsResponse resp = { 0 };

		if (soap_call___slgw__enumHosts(cli_soap(c), c->set.endpoint, NULL, &req, &resp) != SOAP_OK)
			break;
		for (int k = 0; resp.host && k < resp.__sizehost; k++)
			json_array_append_new(hosts, cli_json_host(c->soap, &resp.host[k]));
		if (!resp.nextPageToken || !*resp.nextPageToken)
			break;
		req.pageToken = resp.nextPageToken;
	}
	c->limit = limit;
	json_array_foreach(rows, i, row) {
		const char *m;

		if (json_object_get(row, "failoverMode"))
			continue;
		m = host_failover(hosts, json_string_value(json_object_get(row, "hostId")),
				  json_string_value(json_object_get(row, "storageSystemId")));
		if (m)
			json_object_set_new(row, "failoverMode", json_string(m));
	}
out:
	json_decref(hosts);
}

static int cmd_assignment_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumAssignments req = { 0 };
	json_t *rows;
	int rc;

	if (cli_arg(a, "volume") &&
	    (rc = resolve_volume(c, "assignment-list", cli_arg(a, "volume"), &req.volumeId)) != 0)
		return rc;
	if (cli_arg(a, "host") &&
	    (rc = resolve_host(c, "assignment-list", cli_arg(a, "host"), &req.hostId)) != 0)
		return rc;
	rc = cli_resolve_opt(c, "assignment-list", CLI_KIND_SYSTEM, cli_arg(a, "system"), NULL,
			     &req.storageSystemId);
	if (rc)
		return rc;
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumAssignments, struct _slgw__enumAssignmentsResponse,
		  assignment, __sizeassignment, cli_json_assignment, rows);
	if (!c->json)
		fill_failover(c, rows);
	cli_emit_list(c, rows, assignment_cols, NCOLS(assignment_cols));
	return 0;
}

/* ---- jobs ------------------------------------------------------------------------ */

static int cmd_job_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumJobs req = { 0 };
	json_t *rows;
	int v = 0, rc;

	if (cli_arg(a, "state")) {
		rc = parse_enum(c, "job-list", "--state", cli_arg(a, "state"), s2_JobState, &v,
				"QUEUED, RUNNING, SUCCEEDED, FAILED");
		if (rc)
			return rc;
		req.state = soap_malloc(c->soap, sizeof(*req.state));
		*req.state = (enum slgw__JobState)v;
	}
	req.kind = OPT(a, "kind");
	req.objectId = OPT(a, "object");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumJobs, struct _slgw__enumJobsResponse, job, __sizejob,
		  cli_json_job, rows);
	cli_emit_list(c, rows, job_cols, NCOLS(job_cols));
	return 0;
}

static int cmd_job_show(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__getJob req = { 0 };
	struct _slgw__getJobResponse r = { 0 };
	int rc;

	req.jobId = (char *)object_arg(a, NULL);
	if (!req.jobId)
		return usage_err("job-show", "which job?");
	rc = cli_check(c, soap_call___slgw__getJob(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.job)
		return CLI_EXIT_INTERNAL;
	if (cli_flag(a, "wait"))
		return cli_job_finish(c, r.job, NULL);
	cli_emit_one(c, cli_json_job(c->soap, r.job));
	return 0;
}

/* ---- delegation -------------------------------------------------------------------- */

static int cmd_tenant_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addTenant req = { 0 };
	struct _slgw__addTenantResponse r = { 0 };
	int rc;

	req.name = (char *)object_arg(a, "name");
	if (!req.name)
		return usage_err("tenant-add", "--name is required");
	req.description = OPT(a, "description");
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__addTenant(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.tenant)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_tenant(c->soap, r.tenant));
	return 0;
}

static int cmd_tenant_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeTenant req = { 0 };
	struct _slgw__removeTenantResponse r = { 0 };
	int rc = cli_resolve(c, "tenant-remove", CLI_KIND_TENANT, object_arg(a, NULL), NULL,
			     CLI_RESOLVE_GONE_OK, &req.tenantId);

	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	return cli_check(c, soap_call___slgw__removeTenant(cli_soap(c), c->set.endpoint, NULL, &req, &r));
}

static int cmd_tenant_list(struct cli_ctx *c, const struct cli_args *a)
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

static int cmd_grant_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__grantStoragePool req = { 0 };
	struct _slgw__grantStoragePoolResponse r = { 0 };
	long long mb;
	int rc, v = 0, n = 0;

	if (!cli_arg(a, "tenant") || !cli_arg(a, "system") || !cli_arg(a, "pool") || !cli_arg(a, "quota"))
		return usage_err("grant-add", "--tenant, --system, --pool and --quota are required");
	rc = resolve_grant_key(c, "grant-add", a, &req.tenantId, &req.storageSystemId,
			       &req.storagePoolId);
	if (rc)
		return rc;
	mb = cli_parse_size_mb(cli_arg(a, "quota"));
	if (mb <= 0)
		return usage_err("grant-add", "--quota is a size: 500G, 2T, 10240M");
	req.quotaMB = mb;
	if (cli_arg(a, "max-volumes")) {
		if (cli_parse_int(cli_arg(a, "max-volumes"), 1, 1000000, &v) != 0)
			return usage_err("grant-add", "--max-volumes is a positive number");
		req.maxVolumes = dup_int(c, v);
	}
	while (cli_arg_nth(a, "provisioning", n))
		n++;
	if (n) {
		if (n > 2)
			return usage_err("grant-add", "--provisioning at most twice (thin, thick)");
		req.provisioningType = soap_malloc(c->soap, (size_t)n * sizeof(*req.provisioningType));
		for (int i = 0; i < n; i++) {
			rc = parse_enum(c, "grant-add", "--provisioning", cli_arg_nth(a, "provisioning", i),
					s2_ProvisioningType, &v, "thin, thick");
			if (rc)
				return rc;
			req.provisioningType[i] = (enum slgw__ProvisioningType)v;
		}
		req.__sizeprovisioningType = n;
	}
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__grantStoragePool(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.grant)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_grant(c->soap, r.grant));
	return 0;
}

static int cmd_grant_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__revokeStoragePool req = { 0 };
	struct _slgw__revokeStoragePoolResponse r = { 0 };
	int rc;

	if (!cli_arg(a, "tenant") || !cli_arg(a, "system") || !cli_arg(a, "pool"))
		return usage_err("grant-remove", "--tenant, --system and --pool are required");
	rc = resolve_grant_key(c, "grant-remove", a, &req.tenantId, &req.storageSystemId,
			       &req.storagePoolId);
	if (rc)
		return rc;
	if (cli_flag(a, "freeze"))
		req.freezeOnly = true_ptr(c);
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__revokeStoragePool(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (r.grant)
		cli_emit_one(c, cli_json_grant(c->soap, r.grant));
	return 0;
}

static int cmd_grant_list(struct cli_ctx *c, const struct cli_args *a)
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

static int cmd_user_add(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__addUser req = { 0 };
	struct _slgw__addUserResponse r = { 0 };
	int rc, v = 0;

	req.name = (char *)object_arg(a, "name");
	if (!req.name || !cli_arg(a, "role"))
		return usage_err("user-add", "--name and --role are required");
	rc = parse_enum(c, "user-add", "--role", cli_arg(a, "role"), s2_Role, &v, "admin, tenant");
	if (rc)
		return rc;
	req.role = (enum slgw__Role)v;
	if (req.role == slgw__Role__tenant && !cli_arg(a, "tenant"))
		return usage_err("user-add", "a tenant user needs --tenant");
	rc = cli_resolve_opt(c, "user-add", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL, &req.tenantId);
	if (rc)
		return rc;
	req.password = read_secret(c, a, "new-password-file", "new-password-stdin", "new user's password");
	if (!req.password)
		return CLI_EXIT_USAGE;
	{
		char why[128];
		if (broker_rule_password(req.password, why, sizeof(why)))
			return rule_err("user-add", "password", why);
	}
	req.clientRequestId = (char *)c->request_id;
	rc = cli_check(c, soap_call___slgw__addUser(cli_soap(c), c->set.endpoint, NULL, &req, &r));
	if (rc)
		return rc;
	if (!r.user)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, cli_json_user(c->soap, r.user));
	return 0;
}

static int cmd_user_remove(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__removeUser req = { 0 };
	struct _slgw__removeUserResponse r = { 0 };
	int rc = cli_resolve(c, "user-remove", CLI_KIND_USER, object_arg(a, "name"), NULL,
			     CLI_RESOLVE_GONE_OK, &req.name);

	if (rc)
		return rc;
	req.clientRequestId = (char *)c->request_id;
	return cli_check(c, soap_call___slgw__removeUser(cli_soap(c), c->set.endpoint, NULL, &req, &r));
}

static int cmd_user_list(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__enumUsers req = { 0 };
	json_t *rows;
	int v = 0, rc = cli_resolve_opt(c, "user-list", CLI_KIND_TENANT, cli_arg(a, "tenant"), NULL,
					&req.tenantId);

	if (rc)
		return rc;
	if (cli_arg(a, "role")) {
		rc = parse_enum(c, "user-list", "--role", cli_arg(a, "role"), s2_Role, &v, "admin, tenant");
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

static int cmd_user_passwd(struct cli_ctx *c, const struct cli_args *a)
{
	struct _slgw__setUserPassword req = { 0 };
	struct _slgw__setUserPasswordResponse r = { 0 };
	int rc = cli_resolve(c, "user-passwd", CLI_KIND_USER,
			     object_arg(a, "name") ? object_arg(a, "name") : c->set.user, NULL, 0, &req.name);

	if (rc)
		return rc;
	req.password = read_secret(c, a, "new-password-file", "new-password-stdin", "new password");
	if (!req.password)
		return CLI_EXIT_USAGE;
	{
		char why[128];
		if (broker_rule_password(req.password, why, sizeof(why)))
			return rule_err("user-passwd", "password", why);
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

static int cmd_audit_list(struct cli_ctx *c, const struct cli_args *a)
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
		return usage_err("audit-list", "--since/--until are xsd:dateTime, e.g. 2026-01-31T12:00:00Z");
	rows = json_array();
	PAGE_LOOP(c, req, soap_call___slgw__enumAuditRecords, struct _slgw__enumAuditRecordsResponse,
		  auditRecord, __sizeauditRecord, cli_json_audit, rows);
	cli_emit_list(c, rows, audit_cols, NCOLS(audit_cols));
	return 0;
}

/* ---- the table ------------------------------------------------------------------------ */

static const struct cli_command commands[] = {
	{ "info", "", "", cmd_info, "Show the gateway's version and who you are (getServiceInfo)." },
	{ "adapter-list", "", "", cmd_adapter_list, "List the array families the gateway drives." },
	{ "system-add", "--name NAME --spa ADDR [--spb ADDR] [--array-user U (--array-password-file F | --array-password-stdin)] [--security-file DIR] [--scope 0|1|2] [--naviseccli PATH] [--failover ALUA|PNR] [--port SP:PORT[.VPORT]]... [--destroy-empty-groups] [--allow-hlu-zero] [--adapter vnx]",
	  "name=,spa=,spb=,adapter=,array-user=,array-password-file=,array-password-stdin,security-file=,scope=,naviseccli=,failover=,port=*,destroy-empty-groups,allow-hlu-zero",
	  cmd_system_add, "(admin) Register an array and discover it. The array password is read from a file, stdin or a prompt, never from the command line." },
	{ "system-remove", "SYSTEM", "", cmd_system_remove, "(admin) Forget an array (refused while volumes exist on it)." },
	{ "system-list", "", "", cmd_system_list, "List storage systems (tenants: those granted to them)." },
	{ "system-show", "SYSTEM", "", cmd_system_show, "Show one storage system." },
	{ "system-refresh", "SYSTEM", "", cmd_system_refresh, "(admin) Re-read an array's model, enablers, pools and ports; reports drift." },
	{ "pool-list", "[--system SYSTEM]", "system=", cmd_pool_list, "List storage pools with capacity (tenants: quota, use and what is left)." },
	{ "port-list", "--system SYSTEM [--protocol iscsi|fc]", "system=,protocol=", cmd_port_list, "List an array's front-end iSCSI and FC ports." },
	{ "volume-create", "--system SYSTEM --pool POOL --name NAME --size SIZE [--provisioning thin|thick] [--tenant TENANT]",
	  "system=,pool=,name=,size=,provisioning=,tenant=", cmd_volume_create,
	  "Create a volume (a LUN). SIZE in MB or with a unit (512M, 20G, 1T). Idempotent by name." },
	{ "volume-list", "[--system S] [--pool P] [--prefix NAME] [--tenant T]", "system=,pool=,prefix=,tenant=", cmd_volume_list, "List volumes." },
	{ "volume-show", "VOLUME", "", cmd_volume_show, "Show one volume with its WWN and LUN id." },
	{ "volume-resize", "VOLUME --size SIZE", "size=", cmd_volume_resize, "Grow a volume to SIZE (a size already reached succeeds)." },
	{ "volume-delete", "VOLUME [--force]", "force", cmd_volume_delete, "Destroy a volume (--force: also when assigned or with snapshots). Deleting what is gone succeeds." },
	{ "snapshot-create", "VOLUME --name NAME", "volume=,name=", cmd_snapshot_create, "Take a snapshot of a volume." },
	{ "snapshot-list", "[VOLUME]", "volume=", cmd_snapshot_list, "List snapshots (of one volume)." },
	{ "snapshot-delete", "SNAPSHOT [--volume VOLUME]", "volume=", cmd_snapshot_delete, "Destroy a snapshot." },
	{ "snapshot-restore", "SNAPSHOT [--volume VOLUME] [--force]", "volume=,force", cmd_snapshot_restore, "Roll a volume back to a snapshot (--force: also while assigned)." },
	{ "clone", "--name NAME (--volume VOLUME | --snapshot SNAPSHOT [--volume VOLUME]) [--type linked|full] [--pool POOL] [--provisioning thin|thick]",
	  "name=,volume=,snapshot=,type=,pool=,provisioning=", cmd_clone,
	  "Clone a volume or snapshot: linked (instant) or full (a copy; shows progress)." },
	{ "host-add", "--name NAME [--initiator iscsi:IQN|fc:WWPN]... [--address IP] [--failover ALUA|PNR] [--tenant T]",
	  "name=,initiator=*,address=,failover=,tenant=", cmd_host_add, "Declare a host (a XenServer host) with its initiators." },
	{ "host-remove", "HOST", "", cmd_host_remove, "Forget a host (refused while anything is assigned to it)." },
	{ "host-modify", "HOST [--failover ALUA|PNR] [--address IP] [--host-offline]", "failover=,address=,host-offline", cmd_host_modify,
	  "Change a host's failover mode or address (--host-offline: confirm the host is offline, needed to change the mode of a host with LUNs)." },
	{ "host-list", "[--tenant T] [--prefix NAME]", "tenant=,prefix=", cmd_host_list, "List hosts." },
	{ "host-show", "HOST", "", cmd_host_show, "Show a host with the failover mode and paths in force per array." },
	{ "initiator-add", "--host HOST --protocol iscsi|fc --id IQN|WWPN", "host=,protocol=,id=", cmd_initiator_add, "Add an initiator to a host." },
	{ "initiator-remove", "--host HOST --id IQN|WWPN", "host=,id=", cmd_initiator_remove, "Remove an initiator from a host." },
	{ "assign", "--volume VOLUME --host HOST", "volume=,host=", cmd_assign, "Map a volume to a host; prints HLU, WWN and the targets to log in to." },
	{ "unassign", "--volume VOLUME --host HOST", "volume=,host=", cmd_unassign, "Unmap a volume from a host (unassigning what is not assigned succeeds)." },
	{ "assignment-list", "[--volume V] [--host H] [--system S]", "volume=,host=,system=", cmd_assignment_list, "List assignments." },
	{ "job-list", "[--state QUEUED|RUNNING|SUCCEEDED|FAILED] [--kind OPERATION] [--object ID]", "state=,kind=,object=", cmd_job_list, "List jobs, newest first." },
	{ "job-show", "JOB [--wait]", "wait", cmd_job_show, "Show a job (--wait: until it finishes, with progress)." },
	{ "tenant-add", "--name NAME [--description TEXT]", "name=,description=", cmd_tenant_add, "(admin) Add a tenant (a XenServer pool)." },
	{ "tenant-remove", "TENANT", "", cmd_tenant_remove, "(admin) Remove a tenant (refused while it owns anything)." },
	{ "tenant-list", "", "", cmd_tenant_list, "(admin) List tenants." },
	{ "grant-add", "--tenant T --system S --pool P --quota SIZE [--max-volumes N] [--provisioning thin|thick]...",
	  "tenant=,system=,pool=,quota=,max-volumes=,provisioning=*", cmd_grant_add, "(admin) Grant a pool to a tenant with a quota (again: update it)." },
	{ "grant-remove", "--tenant T --system S --pool P [--freeze]", "tenant=,system=,pool=,freeze", cmd_grant_remove,
	  "(admin) Revoke a grant (--freeze: keep existing volumes, refuse new ones)." },
	{ "grant-list", "[--tenant T] [--system S]", "tenant=,system=", cmd_grant_list, "List grants (tenants: their own)." },
	{ "user-add", "--name NAME --role admin|tenant [--tenant T] [--new-password-file F | --new-password-stdin]",
	  "name=,role=,tenant=,new-password-file=,new-password-stdin", cmd_user_add, "(admin) Add a user; the password is read from a file, stdin or a prompt." },
	{ "user-remove", "USER", "name=", cmd_user_remove, "(admin) Remove a user." },
	{ "user-list", "[--tenant T] [--role admin|tenant]", "tenant=,role=", cmd_user_list, "(admin) List users." },
	{ "user-passwd", "[USER] [--new-password-file F | --new-password-stdin]", "name=,new-password-file=,new-password-stdin", cmd_user_passwd,
	  "Change a password (yours by default; admins: anyone's)." },
	{ "audit-list", "[--user-name U] [--tenant T] [--operation OP] [--since TIME] [--until TIME]", "user-name=,tenant=,operation=,since=,until=",
	  cmd_audit_list, "(admin) The audit trail, newest first." },
};

const struct cli_command *cli_commands(size_t *n)
{
	*n = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

const struct cli_command *cli_command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}
