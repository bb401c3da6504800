/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_records.h - contract records -> jansson objects (cli_records.c).
 *
 * Each function returns a new object (the caller owns the reference) built
 * from a record the gSOAP client deserialised; the soap context is only
 * used for enumeration and time formatting. They never fail except for
 * memory exhaustion, where jansson hands back NULL members that are
 * dropped.
 */
#ifndef SLGW_CLI_RECORDS_H
#define SLGW_CLI_RECORDS_H

#include <jansson.h>

#include "soapH.h"

json_t *cli_json_adapter(struct soap *soap, const struct slgw__StorageAdapter *r);
json_t *cli_json_portref(struct soap *soap, const struct slgw__PortRef *r);
json_t *cli_json_system(struct soap *soap, const struct slgw__StorageSystem *r);
json_t *cli_json_pool(struct soap *soap, const struct slgw__StoragePool *r);
json_t *cli_json_port(struct soap *soap, const struct slgw__TargetPort *r);
json_t *cli_json_volume(struct soap *soap, const struct slgw__StorageVolume *r);
json_t *cli_json_host(struct soap *soap, const struct slgw__Host *r);
json_t *cli_json_assignment(struct soap *soap, const struct slgw__Assignment *r);
json_t *cli_json_snapshot(struct soap *soap, const struct slgw__Snapshot *r);
json_t *cli_json_tenant(struct soap *soap, const struct slgw__Tenant *r);
json_t *cli_json_grant(struct soap *soap, const struct slgw__StoragePoolGrant *r);
json_t *cli_json_user(struct soap *soap, const struct slgw__User *r);
json_t *cli_json_audit(struct soap *soap, const struct slgw__AuditRecord *r);
json_t *cli_json_job(struct soap *soap, const struct slgw__Job *r);

#endif
