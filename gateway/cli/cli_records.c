/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_records.c - the contract's records as jansson objects.
 *
 * One conversion per record type; keys are the contract's element names
 * (camelCase) so `slgw --json` reads like the WSDL. Absent optional fields
 * are left out rather than written as null: scripts test for presence.
 * Enumerations go out as their XML names (THIN, RUNNING, iscsi, ...),
 * times as xsd:dateTime text in UTC.  A record's plain fields are a table
 * walked by the client library's slgw_json_put (the plugin in xapi/ writes
 * its answers the same way); what is not one field (nested records, the
 * key/value map, the port's address column) is a function here, named at
 * its place in the table so the members keep their order.
 */
#include "cli_records.h"

#include "slgw_json.h"
#include "soapH.h"

#define NF(t) (sizeof(t) / sizeof((t)[0]))
#define RECORD(soap, r, t) record((soap), (r), (t), NF(t))

/* A new object holding the n fields of r. */
static json_t *record(struct soap *soap, const void *r, const struct slgw_json_field *f, size_t n)
{
	json_t *o = json_object();

	slgw_json_put(o, soap, r, f, n);
	return o;
}

/* The records, member by member, in the order they are written.  A
 * volume's or snapshot's key/value attributes are one object "keys"
 * ({"name": "value", ...}): --json gives scripts a map, the text form one
 * "name: value" line each. */
#define F(T, kind, m, to_s) SLGW_JSON_FIELD(struct slgw__##T, kind, m, to_s)
#define A(T, kind, m, to_s) SLGW_JSON_ARRAY(struct slgw__##T, kind, m, to_s)
#define N(T, kind, m, t) SLGW_JSON_NESTED(struct slgw__##T, kind, m, t)
#define S(T, m, t) SLGW_JSON_SUB(struct slgw__##T, m, t)
#define AS(T, kind, m, name) SLGW_JSON_RENAMED(struct slgw__##T, kind, m, #name)
#define C(key, fn) SLGW_JSON_COMPUTED(key, fn)

static const struct slgw_json_field adapter_fields[] = {
	F(StorageAdapter, STR, name, NULL),
	F(StorageAdapter, STR, vendor, NULL),
	F(StorageAdapter, STR, description, NULL),
	A(StorageAdapter, STRS, capability, NULL),
};

static const struct slgw_json_field portref_fields[] = {
	F(PortRef, ENUM, sp, slgw_json_SP),
	F(PortRef, INT, portId, NULL),
	F(PortRef, INT, vportId, NULL),
};

static const struct slgw_json_field system_fields[] = {
	F(StorageSystem, STR, id, NULL),
	F(StorageSystem, STR, name, NULL),
	F(StorageSystem, STR, adapter, NULL),
	F(StorageSystem, STR, spA, NULL),
	F(StorageSystem, STR, spB, NULL),
	F(StorageSystem, STR, model, NULL),
	F(StorageSystem, STR, revision, NULL),
	F(StorageSystem, STR, serialNumber, NULL),
	F(StorageSystem, STR, state, NULL),
	F(StorageSystem, PTIME, lastRefreshed, NULL),
	A(StorageSystem, STRS, enabler, NULL),
	A(StorageSystem, STRS, capability, NULL),
	F(StorageSystem, PBOOL, usesSecurityFile, NULL),
	F(StorageSystem, STR, naviseccliPath, NULL),
	F(StorageSystem, PENUM, failoverPolicy, slgw_json_FailoverMode),
	N(StorageSystem, SOME_RECORDS, allowedTargetPort, portref_fields),
	F(StorageSystem, PBOOL, destroyEmptyStorageGroups, NULL),
	F(StorageSystem, PBOOL, allowHluZero, NULL),
	A(StorageSystem, SOME_STRS, drift, NULL),
};

static const struct slgw_json_field pool_fields[] = {
	F(StoragePool, STR, id, NULL),
	F(StoragePool, STR, storageSystemId, NULL),
	F(StoragePool, STR, name, NULL),
	F(StoragePool, INT, arrayPoolId, NULL),
	F(StoragePool, LONG, sizeMB, NULL),
	F(StoragePool, LONG, freeMB, NULL),
	F(StoragePool, PLONG, subscribedMB, NULL),
	A(StoragePool, ENUMS, provisioningType, slgw_json_ProvisioningType),
	F(StoragePool, STR, state, NULL),
	F(StoragePool, PLONG, quotaMB, NULL),
	F(StoragePool, PLONG, usedMB, NULL),
	F(StoragePool, PLONG, leftMB, NULL),
	F(StoragePool, PINT, maxVolumes, NULL),
	F(StoragePool, PINT, volumeCount, NULL),
	F(StoragePool, PBOOL, frozen, NULL),
};

static const struct slgw_json_field volume_fields[] = {
	F(StorageVolume, STR, id, NULL),
	F(StorageVolume, STR, name, NULL),
	F(StorageVolume, STR, tenantId, NULL),
	F(StorageVolume, STR, storageSystemId, NULL),
	F(StorageVolume, STR, storagePoolId, NULL),
	F(StorageVolume, LONG, sizeMB, NULL),
	F(StorageVolume, ENUM, provisioning, slgw_json_ProvisioningType),
	F(StorageVolume, STR, state, NULL),
	F(StorageVolume, STR, wwn, NULL),
	F(StorageVolume, PINT, arrayLunId, NULL),
	F(StorageVolume, STR, arrayName, NULL),
	F(StorageVolume, PTIME, createdAt, NULL),
	F(StorageVolume, PBOOL, isClone, NULL),
	F(StorageVolume, PENUM, cloneType, slgw_json_CloneType),
	F(StorageVolume, STR, sourceVolumeId, NULL),
	F(StorageVolume, STR, sourceSnapshotId, NULL),
	F(StorageVolume, PINT, snapshotCount, NULL),
	F(StorageVolume, PINT, assignmentCount, NULL),
	F(StorageVolume, STR, description, NULL),
	F(StorageVolume, STR, collection, NULL),
	AS(StorageVolume, SOME_KEYS, key, keys),
};

static const struct slgw_json_field snapshot_fields[] = {
	F(Snapshot, STR, id, NULL),
	F(Snapshot, STR, name, NULL),
	F(Snapshot, STR, volumeId, NULL),
	F(Snapshot, STR, tenantId, NULL),
	F(Snapshot, STR, storageSystemId, NULL),
	F(Snapshot, STR, arrayName, NULL),
	F(Snapshot, PTIME, createdAt, NULL),
	F(Snapshot, STR, state, NULL),
	F(Snapshot, PLONG, sizeMB, NULL),
	F(Snapshot, STR, description, NULL),
	F(Snapshot, STR, collection, NULL),
	AS(Snapshot, SOME_KEYS, key, keys),
};

static const struct slgw_json_field initiator_fields[] = {
	F(Initiator, STR, id, NULL),
	F(Initiator, ENUM, protocol, slgw_json_Protocol),
};

static const struct slgw_json_field path_fields[] = {
	F(HostPath, STR, initiator, NULL),
	F(HostPath, ENUM, sp, slgw_json_SP),
	F(HostPath, INT, portId, NULL),
	F(HostPath, INT, vportId, NULL),
	F(HostPath, PBOOL, loggedIn, NULL),
};

static const struct slgw_json_field host_array_fields[] = {
	F(HostArrayState, STR, storageSystemId, NULL),
	F(HostArrayState, STR, storageGroup, NULL),
	F(HostArrayState, ENUM, failoverMode, slgw_json_FailoverMode),
	N(HostArrayState, RECORDS, path, path_fields),
	A(HostArrayState, SOME_STRS, drift, NULL),
};

static const struct slgw_json_field host_fields[] = {
	F(Host, STR, id, NULL),
	F(Host, STR, name, NULL),
	F(Host, STR, tenantId, NULL),
	F(Host, STR, hostAddress, NULL),
	F(Host, PENUM, failoverMode, slgw_json_FailoverMode),
	N(Host, RECORDS, initiator, initiator_fields),
	N(Host, RECORDS, array, host_array_fields),
};

static const struct slgw_json_field grant_fields[] = {
	F(StoragePoolGrant, STR, tenantId, NULL),
	F(StoragePoolGrant, STR, storageSystemId, NULL),
	F(StoragePoolGrant, STR, storagePoolId, NULL),
	F(StoragePoolGrant, LONG, quotaMB, NULL),
	F(StoragePoolGrant, PINT, maxVolumes, NULL),
	A(StoragePoolGrant, ENUMS, provisioningType, slgw_json_ProvisioningType),
	F(StoragePoolGrant, PBOOL, frozen, NULL),
	F(StoragePoolGrant, PLONG, usedMB, NULL),
	F(StoragePoolGrant, PINT, volumeCount, NULL),
};

static const struct slgw_json_field audit_fields[] = {
	F(AuditRecord, STR, id, NULL),
	F(AuditRecord, TIME, time, NULL),
	F(AuditRecord, STR, user, NULL),
	F(AuditRecord, STR, tenantId, NULL),
	F(AuditRecord, STR, operation, NULL),
	F(AuditRecord, STR, objectId, NULL),
	F(AuditRecord, STR, outcome, NULL),
	F(AuditRecord, STR, message, NULL),
	F(AuditRecord, STR, peer, NULL),
	F(AuditRecord, STR, clientRequestId, NULL),
};

static const struct slgw_json_field tenant_fields[] = {
	F(Tenant, STR, id, NULL),
	F(Tenant, STR, name, NULL),
	F(Tenant, STR, description, NULL),
	F(Tenant, PTIME, createdAt, NULL),
};

/* One column for tables: the address a host uses to reach the port. */
static json_t *port_address(struct soap *soap, const void *v)
{
	const struct slgw__TargetPort *r = v;
	const char *address = r->iqn ? r->iqn : r->wwpn;

	(void)soap;
	return address ? json_string(address) : NULL;
}

static const struct slgw_json_field port_fields[] = {
	F(TargetPort, STR, storageSystemId, NULL),
	F(TargetPort, ENUM, sp, slgw_json_SP),
	F(TargetPort, INT, portId, NULL),
	F(TargetPort, INT, vportId, NULL),
	F(TargetPort, ENUM, protocol, slgw_json_Protocol),
	F(TargetPort, STR, iqn, NULL),
	F(TargetPort, STR, ipAddress, NULL),
	F(TargetPort, STR, portal, NULL),
	F(TargetPort, STR, wwpn, NULL),
	F(TargetPort, STR, linkState, NULL),
	C("address", port_address),
};

static const struct slgw_json_field assignment_fields[] = {
	F(Assignment, STR, volumeId, NULL),
	F(Assignment, STR, hostId, NULL),
	F(Assignment, STR, storageSystemId, NULL),
	F(Assignment, INT, hlu, NULL),
	F(Assignment, STR, lunWwn, NULL),
	F(Assignment, PINT, arrayLunId, NULL),
	F(Assignment, PENUM, failoverMode, slgw_json_FailoverMode),
	N(Assignment, RECORDS, target, port_fields),
};

static const struct slgw_json_field job_fields[] = {
	F(Job, STR, id, NULL),
	F(Job, STR, kind, NULL),
	F(Job, ENUM, state, slgw_json_JobState),
	F(Job, INT, progress, NULL),
	F(Job, STR, objectId, NULL),
	F(Job, STR, clientRequestId, NULL),
	F(Job, STR, user, NULL),
	F(Job, STR, tenantId, NULL),
	F(Job, PTIME, createdAt, NULL),
	F(Job, PTIME, updatedAt, NULL),
	F(Job, PENUM, errorCode, slgw_json_ErrorCode),
	F(Job, STR, errorMessage, NULL),
	S(Job, storageSystem, system_fields),
	S(Job, storageVolume, volume_fields),
	S(Job, host, host_fields),
	S(Job, assignment, assignment_fields),
	S(Job, snapshot, snapshot_fields),
};

static const struct slgw_json_field user_fields[] = {
	F(User, STR, name, NULL),
	F(User, ENUM, role, slgw_json_Role),
	F(User, STR, tenantId, NULL),
	F(User, PTIME, createdAt, NULL),
};

json_t *cli_json_adapter(struct soap *soap, const struct slgw__StorageAdapter *r)
{
	return RECORD(soap, r, adapter_fields);
}

json_t *cli_json_portref(struct soap *soap, const struct slgw__PortRef *r)
{
	return RECORD(soap, r, portref_fields);
}

json_t *cli_json_system(struct soap *soap, const struct slgw__StorageSystem *r)
{
	return RECORD(soap, r, system_fields);
}

json_t *cli_json_pool(struct soap *soap, const struct slgw__StoragePool *r)
{
	return RECORD(soap, r, pool_fields);
}

json_t *cli_json_port(struct soap *soap, const struct slgw__TargetPort *r)
{
	return RECORD(soap, r, port_fields);
}

json_t *cli_json_volume(struct soap *soap, const struct slgw__StorageVolume *r)
{
	return RECORD(soap, r, volume_fields);
}

json_t *cli_json_host(struct soap *soap, const struct slgw__Host *r)
{
	return RECORD(soap, r, host_fields);
}

json_t *cli_json_assignment(struct soap *soap, const struct slgw__Assignment *r)
{
	return RECORD(soap, r, assignment_fields);
}

json_t *cli_json_snapshot(struct soap *soap, const struct slgw__Snapshot *r)
{
	return RECORD(soap, r, snapshot_fields);
}

json_t *cli_json_tenant(struct soap *soap, const struct slgw__Tenant *r)
{
	return RECORD(soap, r, tenant_fields);
}

json_t *cli_json_grant(struct soap *soap, const struct slgw__StoragePoolGrant *r)
{
	return RECORD(soap, r, grant_fields);
}

json_t *cli_json_user(struct soap *soap, const struct slgw__User *r)
{
	return RECORD(soap, r, user_fields);
}

json_t *cli_json_audit(struct soap *soap, const struct slgw__AuditRecord *r)
{
	return RECORD(soap, r, audit_fields);
}

json_t *cli_json_job(struct soap *soap, const struct slgw__Job *r)
{
	return RECORD(soap, r, job_fields);
}
