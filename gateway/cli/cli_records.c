/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_records.c - the contract's records as jansson objects.
 *
 * One conversion per record type; keys are the contract's element names
 * (camelCase) so `slgw --json` reads like the WSDL. Absent optional fields
 * are left out rather than written as null: scripts test for presence.
 * Enumerations go out as their XML names (THIN, RUNNING, iscsi, ...),
 * times as xsd:dateTime text in UTC.
 */
#include "cli_records.h"

#include "soapH.h"

static void put_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

static void put_int(json_t *o, const char *k, long long v)
{
	json_object_set_new(o, k, json_integer(v));
}

static void put_pint(json_t *o, const char *k, const int *v)
{
	if (v)
		put_int(o, k, *v);
}

static void put_pi64(json_t *o, const char *k, const int64_t *v)
{
	if (v)
		put_int(o, k, (long long)*v);
}

static void put_bool(json_t *o, const char *k, const enum xsd__boolean *v)
{
	if (v)
		json_object_set_new(o, k, json_boolean(*v == xsd__boolean__true_));
}

static void put_time(struct soap *soap, json_t *o, const char *k, const time_t *v)
{
	if (v)
		put_str(o, k, soap_dateTime2s(soap, *v));
}

/* Key/value attributes as one JSON object {"name": "value", ...}: --json
 * gives scripts a map, the text form one "name: value" line each. */
static void put_keys(json_t *o, const struct slgw__KeyValue *kv, int n)
{
	json_t *keys;

	if (!kv || n <= 0)
		return;
	keys = json_object();
	for (int i = 0; i < n; i++)
		if (kv[i].name)
			json_object_set_new(keys, kv[i].name, json_string(kv[i].value ? kv[i].value : ""));
	json_object_set_new(o, "keys", keys);
}

static json_t *str_array(char **v, int n)
{
	json_t *a = json_array();

	for (int i = 0; v && i < n; i++)
		if (v[i])
			json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *cli_json_adapter(struct soap *soap, const struct slgw__StorageAdapter *r)
{
	json_t *o = json_object();

	(void)soap;
	put_str(o, "name", r->name);
	put_str(o, "vendor", r->vendor);
	put_str(o, "description", r->description);
	json_object_set_new(o, "capability", str_array(r->capability, r->__sizecapability));
	return o;
}

json_t *cli_json_portref(struct soap *soap, const struct slgw__PortRef *r)
{
	json_t *o = json_object();

	put_str(o, "sp", soap_slgw__SP2s(soap, r->sp));
	put_int(o, "portId", r->portId);
	put_int(o, "vportId", r->vportId);
	return o;
}

json_t *cli_json_system(struct soap *soap, const struct slgw__StorageSystem *r)
{
	json_t *o = json_object(), *a;

	put_str(o, "id", r->id);
	put_str(o, "name", r->name);
	put_str(o, "adapter", r->adapter);
	put_str(o, "spA", r->spA);
	put_str(o, "spB", r->spB);
	put_str(o, "model", r->model);
	put_str(o, "revision", r->revision);
	put_str(o, "serialNumber", r->serialNumber);
	put_str(o, "state", r->state);
	put_time(soap, o, "lastRefreshed", r->lastRefreshed);
	json_object_set_new(o, "enabler", str_array(r->enabler, r->__sizeenabler));
	json_object_set_new(o, "capability", str_array(r->capability, r->__sizecapability));
	put_bool(o, "usesSecurityFile", r->usesSecurityFile);
	put_str(o, "naviseccliPath", r->naviseccliPath);
	if (r->failoverPolicy)
		put_str(o, "failoverPolicy", soap_slgw__FailoverMode2s(soap, *r->failoverPolicy));
	if (r->__sizeallowedTargetPort > 0) {
		a = json_array();
		for (int i = 0; i < r->__sizeallowedTargetPort; i++)
			json_array_append_new(a, cli_json_portref(soap, &r->allowedTargetPort[i]));
		json_object_set_new(o, "allowedTargetPort", a);
	}
	put_bool(o, "destroyEmptyStorageGroups", r->destroyEmptyStorageGroups);
	put_bool(o, "allowHluZero", r->allowHluZero);
	if (r->__sizedrift > 0)
		json_object_set_new(o, "drift", str_array(r->drift, r->__sizedrift));
	return o;
}

static json_t *prov_array(struct soap *soap, const enum slgw__ProvisioningType *v, int n)
{
	json_t *a = json_array();

	for (int i = 0; v && i < n; i++)
		json_array_append_new(a, json_string(soap_slgw__ProvisioningType2s(soap, v[i])));
	return a;
}

json_t *cli_json_pool(struct soap *soap, const struct slgw__StoragePool *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "storageSystemId", r->storageSystemId);
	put_str(o, "name", r->name);
	put_int(o, "arrayPoolId", r->arrayPoolId);
	put_int(o, "sizeMB", (long long)r->sizeMB);
	put_int(o, "freeMB", (long long)r->freeMB);
	put_pi64(o, "subscribedMB", r->subscribedMB);
	json_object_set_new(o, "provisioningType",
			    prov_array(soap, r->provisioningType, r->__sizeprovisioningType));
	put_str(o, "state", r->state);
	put_pi64(o, "quotaMB", r->quotaMB);
	put_pi64(o, "usedMB", r->usedMB);
	put_pi64(o, "leftMB", r->leftMB);
	put_pint(o, "maxVolumes", r->maxVolumes);
	put_pint(o, "volumeCount", r->volumeCount);
	put_bool(o, "frozen", r->frozen);
	return o;
}

json_t *cli_json_port(struct soap *soap, const struct slgw__TargetPort *r)
{
	json_t *o = json_object();

	put_str(o, "storageSystemId", r->storageSystemId);
	put_str(o, "sp", soap_slgw__SP2s(soap, r->sp));
	put_int(o, "portId", r->portId);
	put_int(o, "vportId", r->vportId);
	put_str(o, "protocol", soap_slgw__Protocol2s(soap, r->protocol));
	put_str(o, "iqn", r->iqn);
	put_str(o, "ipAddress", r->ipAddress);
	put_str(o, "portal", r->portal);
	put_str(o, "wwpn", r->wwpn);
	put_str(o, "linkState", r->linkState);
	/* One column for tables: the address a host uses to reach the port. */
	put_str(o, "address", r->iqn ? r->iqn : r->wwpn);
	return o;
}

json_t *cli_json_volume(struct soap *soap, const struct slgw__StorageVolume *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "name", r->name);
	put_str(o, "tenantId", r->tenantId);
	put_str(o, "storageSystemId", r->storageSystemId);
	put_str(o, "storagePoolId", r->storagePoolId);
	put_int(o, "sizeMB", (long long)r->sizeMB);
	put_str(o, "provisioning", soap_slgw__ProvisioningType2s(soap, r->provisioning));
	put_str(o, "state", r->state);
	put_str(o, "wwn", r->wwn);
	put_pint(o, "arrayLunId", r->arrayLunId);
	put_str(o, "arrayName", r->arrayName);
	put_time(soap, o, "createdAt", r->createdAt);
	put_bool(o, "isClone", r->isClone);
	if (r->cloneType)
		put_str(o, "cloneType", soap_slgw__CloneType2s(soap, *r->cloneType));
	put_str(o, "sourceVolumeId", r->sourceVolumeId);
	put_str(o, "sourceSnapshotId", r->sourceSnapshotId);
	put_pint(o, "snapshotCount", r->snapshotCount);
	put_pint(o, "assignmentCount", r->assignmentCount);
	put_str(o, "description", r->description);
	put_str(o, "collection", r->collection);
	put_keys(o, r->key, r->__sizekey);
	return o;
}

json_t *cli_json_host(struct soap *soap, const struct slgw__Host *r)
{
	json_t *o = json_object(), *a = json_array(), *arr = json_array();

	put_str(o, "id", r->id);
	put_str(o, "name", r->name);
	put_str(o, "tenantId", r->tenantId);
	put_str(o, "hostAddress", r->hostAddress);
	if (r->failoverMode)
		put_str(o, "failoverMode", soap_slgw__FailoverMode2s(soap, *r->failoverMode));
	for (int i = 0; r->initiator && i < r->__sizeinitiator; i++) {
		json_t *e = json_object();

		put_str(e, "id", r->initiator[i].id);
		put_str(e, "protocol", soap_slgw__Protocol2s(soap, r->initiator[i].protocol));
		json_array_append_new(a, e);
	}
	json_object_set_new(o, "initiator", a);
	for (int i = 0; r->array && i < r->__sizearray; i++) {
		const struct slgw__HostArrayState *s = &r->array[i];
		json_t *e = json_object(), *paths = json_array();

		put_str(e, "storageSystemId", s->storageSystemId);
		put_str(e, "storageGroup", s->storageGroup);
		put_str(e, "failoverMode", soap_slgw__FailoverMode2s(soap, s->failoverMode));
		for (int j = 0; s->path && j < s->__sizepath; j++) {
			json_t *p = json_object();

			put_str(p, "initiator", s->path[j].initiator);
			put_str(p, "sp", soap_slgw__SP2s(soap, s->path[j].sp));
			put_int(p, "portId", s->path[j].portId);
			put_int(p, "vportId", s->path[j].vportId);
			put_bool(p, "loggedIn", s->path[j].loggedIn);
			json_array_append_new(paths, p);
		}
		json_object_set_new(e, "path", paths);
		if (s->__sizedrift > 0)
			json_object_set_new(e, "drift", str_array(s->drift, s->__sizedrift));
		json_array_append_new(arr, e);
	}
	json_object_set_new(o, "array", arr);
	return o;
}

json_t *cli_json_assignment(struct soap *soap, const struct slgw__Assignment *r)
{
	json_t *o = json_object(), *a = json_array();

	put_str(o, "volumeId", r->volumeId);
	put_str(o, "hostId", r->hostId);
	put_str(o, "storageSystemId", r->storageSystemId);
	put_int(o, "hlu", r->hlu);
	put_str(o, "lunWwn", r->lunWwn);
	put_pint(o, "arrayLunId", r->arrayLunId);
	if (r->failoverMode)
		put_str(o, "failoverMode", soap_slgw__FailoverMode2s(soap, *r->failoverMode));
	for (int i = 0; r->target && i < r->__sizetarget; i++)
		json_array_append_new(a, cli_json_port(soap, &r->target[i]));
	json_object_set_new(o, "target", a);
	return o;
}

json_t *cli_json_snapshot(struct soap *soap, const struct slgw__Snapshot *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "name", r->name);
	put_str(o, "volumeId", r->volumeId);
	put_str(o, "tenantId", r->tenantId);
	put_str(o, "storageSystemId", r->storageSystemId);
	put_str(o, "arrayName", r->arrayName);
	put_time(soap, o, "createdAt", r->createdAt);
	put_str(o, "state", r->state);
	put_pi64(o, "sizeMB", r->sizeMB);
	put_str(o, "description", r->description);
	put_str(o, "collection", r->collection);
	put_keys(o, r->key, r->__sizekey);
	return o;
}

json_t *cli_json_tenant(struct soap *soap, const struct slgw__Tenant *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "name", r->name);
	put_str(o, "description", r->description);
	put_time(soap, o, "createdAt", r->createdAt);
	return o;
}

json_t *cli_json_grant(struct soap *soap, const struct slgw__StoragePoolGrant *r)
{
	json_t *o = json_object();

	put_str(o, "tenantId", r->tenantId);
	put_str(o, "storageSystemId", r->storageSystemId);
	put_str(o, "storagePoolId", r->storagePoolId);
	put_int(o, "quotaMB", (long long)r->quotaMB);
	put_pint(o, "maxVolumes", r->maxVolumes);
	json_object_set_new(o, "provisioningType",
			    prov_array(soap, r->provisioningType, r->__sizeprovisioningType));
	put_bool(o, "frozen", r->frozen);
	put_pi64(o, "usedMB", r->usedMB);
	put_pint(o, "volumeCount", r->volumeCount);
	return o;
}

json_t *cli_json_user(struct soap *soap, const struct slgw__User *r)
{
	json_t *o = json_object();

	put_str(o, "name", r->name);
	put_str(o, "role", soap_slgw__Role2s(soap, r->role));
	put_str(o, "tenantId", r->tenantId);
	put_time(soap, o, "createdAt", r->createdAt);
	return o;
}

json_t *cli_json_audit(struct soap *soap, const struct slgw__AuditRecord *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "time", soap_dateTime2s(soap, r->time));
	put_str(o, "user", r->user);
	put_str(o, "tenantId", r->tenantId);
	put_str(o, "operation", r->operation);
	put_str(o, "objectId", r->objectId);
	put_str(o, "outcome", r->outcome);
	put_str(o, "message", r->message);
	put_str(o, "peer", r->peer);
	put_str(o, "clientRequestId", r->clientRequestId);
	return o;
}

json_t *cli_json_job(struct soap *soap, const struct slgw__Job *r)
{
	json_t *o = json_object();

	put_str(o, "id", r->id);
	put_str(o, "kind", r->kind);
	put_str(o, "state", soap_slgw__JobState2s(soap, r->state));
	put_int(o, "progress", r->progress);
	put_str(o, "objectId", r->objectId);
	put_str(o, "clientRequestId", r->clientRequestId);
	put_str(o, "user", r->user);
	put_str(o, "tenantId", r->tenantId);
	put_time(soap, o, "createdAt", r->createdAt);
	put_time(soap, o, "updatedAt", r->updatedAt);
	if (r->errorCode)
		put_str(o, "errorCode", soap_slgw__ErrorCode2s(soap, *r->errorCode));
	put_str(o, "errorMessage", r->errorMessage);
	if (r->storageSystem)
		json_object_set_new(o, "storageSystem", cli_json_system(soap, r->storageSystem));
	if (r->storageVolume)
		json_object_set_new(o, "storageVolume", cli_json_volume(soap, r->storageVolume));
	if (r->host)
		json_object_set_new(o, "host", cli_json_host(soap, r->host));
	if (r->assignment)
		json_object_set_new(o, "assignment", cli_json_assignment(soap, r->assignment));
	if (r->snapshot)
		json_object_set_new(o, "snapshot", cli_json_snapshot(soap, r->snapshot));
	return o;
}
