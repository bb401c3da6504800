/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_cmd_internal.h - what the command files of slgw share: the helpers
 * every command uses (usage errors, secrets, enum options, object
 * arguments resolved by id or name) and the command functions the table in
 * cli_commands.c points at.  Not used outside gateway/cli.
 */
#ifndef SLGW_CLI_CMD_INTERNAL_H
#define SLGW_CLI_CMD_INTERNAL_H

#include "cli_commands.h"

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))
#define OPT(a, n) ((char *)cli_arg((a), (n)))

/* Adapters from the generated converters (typed enums) to int *. */
#define ENUM_ADAPTER(T)                                                                   \
	static inline int s2_##T(struct soap *soap, const char *s, int *out)              \
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

int cli_usage_err(const char *cmd, const char *msg);
int cli_rule_err(const char *cmd, const char *field, const char *why);
const char *cli_object_arg(const struct cli_args *a, const char *optname);
void cli_job_request(struct cli_ctx *c, char **client_request_id, int **wait_ms);
int cli_emit_record(struct cli_ctx *c, json_t *rec);
int cli_parse_enum(struct cli_ctx *c, const char *cmd, const char *what, const char *val,
		   int (*fn)(struct soap *, const char *, int *), int *out,
		   const char *choices);
void *cli_dup_int(struct cli_ctx *c, int v);
enum xsd__boolean *cli_true_ptr(struct cli_ctx *c);
char *cli_read_secret(struct cli_ctx *c, const struct cli_args *a, const char *file_opt,
		      const char *stdin_opt, const char *prompt);
int cli_volume_arg(struct cli_ctx *c, const char *cmd, const char *arg, char **id);
int cli_host_arg(struct cli_ctx *c, const char *cmd, const char *arg, char **id);

int cmd_adapter_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_assign(struct cli_ctx *c, const struct cli_args *a);
int cmd_assignment_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_audit_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_clone(struct cli_ctx *c, const struct cli_args *a);
int cmd_grant_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_grant_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_grant_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_modify(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_prepare(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_host_show(struct cli_ctx *c, const struct cli_args *a);
int cmd_info(struct cli_ctx *c, const struct cli_args *a);
int cmd_initiator_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_initiator_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_job_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_job_show(struct cli_ctx *c, const struct cli_args *a);
int cmd_pool_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_port_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_create(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_delete(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_restore(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_set(struct cli_ctx *c, const struct cli_args *a);
int cmd_snapshot_show(struct cli_ctx *c, const struct cli_args *a);
int cmd_system_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_system_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_system_refresh(struct cli_ctx *c, const struct cli_args *a);
int cmd_system_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_system_show(struct cli_ctx *c, const struct cli_args *a);
int cmd_tenant_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_tenant_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_tenant_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_unassign(struct cli_ctx *c, const struct cli_args *a);
int cmd_user_add(struct cli_ctx *c, const struct cli_args *a);
int cmd_user_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_user_passwd(struct cli_ctx *c, const struct cli_args *a);
int cmd_user_remove(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_create(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_delete(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_list(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_resize(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_set(struct cli_ctx *c, const struct cli_args *a);
int cmd_volume_show(struct cli_ctx *c, const struct cli_args *a);

#endif
