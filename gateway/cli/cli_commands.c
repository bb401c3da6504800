/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_commands.c - the table of slgw commands and the conventions every
 * command follows; the commands themselves are one small function per
 * operation in cli_cmd_storage.c (systems, pools, volumes, snapshots,
 * clones), cli_cmd_access.c (hosts, assignments, jobs) and cli_cmd_admin.c
 * (tenants, grants, users, audit).
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
#include "cli_cmd_internal.h"
#include "cli_records.h"
#include "cli_resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- helpers --------------------------------------------------------------- */

int cli_usage_err(const char *cmd, const char *msg)
{
	fprintf(stderr, "slgw %s: %s (see: slgw %s --help)\n", cmd, msg, cmd);
	return CLI_EXIT_USAGE;
}

/* A value the gateway would refuse under one of the shared rules
 * (broker_rules.h): refused here, before a round trip, with the exit code
 * the gateway's INVALID_ARGUMENT fault gives, so a script sees the same
 * outcome wherever the rule was checked. */
int cli_rule_err(const char *cmd, const char *field, const char *why)
{
	fprintf(stderr, "slgw %s: %s: %s\n", cmd, field, why);
	return CLI_EXIT_INVALID_ARGUMENT;
}

/* The clientRequestId and waitMs every mutating call sends. */
void cli_job_request(struct cli_ctx *c, char **client_request_id, int **wait_ms)
{
	*client_request_id = (char *)c->request_id;
	*wait_ms = cli_wait_ms(c);
}

/* The one record a show or set command answers (NULL: the gateway sent
 * none, an internal error), printed. */
int cli_emit_record(struct cli_ctx *c, json_t *rec)
{
	if (!rec)
		return CLI_EXIT_INTERNAL;
	cli_emit_one(c, rec);
	return 0;
}

/* One positional argument (the object id or name) or the named option. */
const char *cli_object_arg(const struct cli_args *a, const char *optname)
{
	const char *v = optname ? cli_arg(a, optname) : NULL;

	if (v)
		return v;
	return a->npos > 0 ? a->pos[0] : NULL;
}

/* parse_enum: the XML name, accepted in any case ("thin" -> THIN). */
int cli_parse_enum(struct cli_ctx *c, const char *cmd, const char *what, const char *val,
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


void *cli_dup_int(struct cli_ctx *c, int v)
{
	int *p = soap_malloc(c->soap, sizeof(int));

	if (p)
		*p = v;
	return p;
}

enum xsd__boolean *cli_true_ptr(struct cli_ctx *c)
{
	enum xsd__boolean *p = soap_malloc(c->soap, sizeof(*p));

	if (p)
		*p = xsd__boolean__true_;
	return p;
}

/* read_secret: a password from FILE (--X-file), stdin (--X-stdin) or a
 * no-echo prompt on the terminal. NULL after printing why. */
char *cli_read_secret(struct cli_ctx *c, const struct cli_args *a, const char *file_opt,
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
int cli_volume_arg(struct cli_ctx *c, const char *cmd, const char *arg, char **id)
{
	return cli_resolve(c, cmd, CLI_KIND_VOLUME, arg, NULL, 0, id);
}

int cli_host_arg(struct cli_ctx *c, const char *cmd, const char *arg, char **id)
{
	return cli_resolve(c, cmd, CLI_KIND_HOST, arg, NULL, 0, id);
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
	{ "volume-create", "--system SYSTEM --pool POOL --name NAME --size SIZE [--provisioning thin|thick] [--tenant TENANT] [--description TEXT] [--collection C] [--key NAME=VALUE]...",
	  "system=,pool=,name=,size=,provisioning=,tenant=,description=,collection=,key=*", cmd_volume_create,
	  "Create a volume (a LUN). SIZE in MB or with a unit (512M, 20G, 1T). Idempotent by name." },
	{ "volume-list", "[--system S] [--pool P] [--prefix NAME] [--tenant T] [--collection C]", "system=,pool=,prefix=,tenant=,collection=", cmd_volume_list, "List volumes." },
	{ "volume-set", "VOLUME [--name NAME] [--description TEXT] [--key NAME=VALUE]... [--unset-key NAME]...",
	  "name=,description=,key=*,unset-key=*", cmd_volume_set,
	  "Rename a volume or change its description and keys, all at once or not at all (the gateway's record only; the LUN keeps its array name)." },
	{ "volume-show", "VOLUME", "", cmd_volume_show, "Show one volume with its WWN and LUN id." },
	{ "volume-resize", "VOLUME --size SIZE", "size=", cmd_volume_resize, "Grow a volume to SIZE (a size already reached succeeds)." },
	{ "volume-delete", "VOLUME [--force]", "force", cmd_volume_delete, "Destroy a volume (--force: also when assigned or with snapshots). Deleting what is gone succeeds." },
	{ "snapshot-create", "VOLUME --name NAME [--description TEXT] [--key NAME=VALUE]...", "volume=,name=,description=,key=*", cmd_snapshot_create, "Take a snapshot of a volume." },
	{ "snapshot-list", "[VOLUME] [--collection C]", "volume=,collection=", cmd_snapshot_list, "List snapshots (of one volume, or of one collection)." },
	{ "snapshot-show", "SNAPSHOT [--volume VOLUME]", "volume=", cmd_snapshot_show, "Show one snapshot with its description and keys." },
	{ "snapshot-set", "SNAPSHOT [--volume VOLUME] [--name NAME] [--description TEXT] [--key NAME=VALUE]... [--unset-key NAME]...",
	  "volume=,name=,description=,key=*,unset-key=*", cmd_snapshot_set,
	  "Rename a snapshot or change its description and keys, all at once or not at all." },
	{ "snapshot-delete", "SNAPSHOT [--volume VOLUME]", "volume=", cmd_snapshot_delete, "Destroy a snapshot." },
	{ "snapshot-restore", "SNAPSHOT [--volume VOLUME] [--force]", "volume=,force", cmd_snapshot_restore, "Roll a volume back to a snapshot (--force: also while assigned)." },
	{ "clone", "--name NAME (--volume VOLUME | --snapshot SNAPSHOT [--volume VOLUME]) [--type linked|full] [--pool POOL] [--provisioning thin|thick] [--description TEXT] [--collection C] [--key NAME=VALUE]...",
	  "name=,volume=,snapshot=,type=,pool=,provisioning=,description=,collection=,key=*", cmd_clone,
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
	{ "host-prepare", "HOST --system SYSTEM", "system=", cmd_host_prepare,
	  "Create a host's storage group and register its initiators on an array, mapping nothing (a pool's SR attach); the first assignment then costs two array commands." },
	{ "assign", "--volume VOLUME --host HOST [--hlu N]", "volume=,host=,hlu=", cmd_assign,
	  "Map a volume to a host; prints HLU, WWN and the targets to log in to (--hlu: that host LUN number or CONFLICT, as a pool's shared SR needs)." },
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
