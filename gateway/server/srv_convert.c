/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_convert.c - the edge between the broker and the SOAP contract:
 * faults, record converters, jobs' answers and the refill of filtered pages.
 *
 * Faults: the broker speaks enum slgw_code, the contract slgw:ErrorCode.
 * The mapping is ONE table (fault_map below), used both for the faults the
 * service answers and for the error code of a failed job, with the SOAP 1.1
 * faultcode class of each code (client-side classes SOAP-ENV:Client, the
 * others SOAP-ENV:Server).  Anything out of range is INTERNAL.
 *
 * Converters: every record is turned into its gSOAP struct here, allocated
 * in the soap context (freed by soap_end after the answer is sent), so the
 * operation files only choose what to ask the broker.  The parts of a
 * record that live in other tables (a grant's usage, a host's initiators,
 * an assignment's LUN) are read through the broker's views with the
 * caller's identity: the service never reads the store, so what a caller
 * may see is decided by the broker alone.
 *
 * Jobs: the broker hands back store_job records whose result is JSON; for
 * a succeeded job the resulting object is looked up again through the
 * broker (scoped to the caller) and attached to the Job, so a client gets
 * the volume / system / host / assignment / snapshot in the same answer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "srv_service_internal.h"

/* ------------------------------------------------------------- faults */

/* broker code -> contract code and SOAP faultcode class, in enum order. */
static const struct {
	enum slgw_code code;
	enum slgw__ErrorCode api;
	int server_class; /* 1: SOAP-ENV:Server, 0: SOAP-ENV:Client */
} fault_map[] = {
	{ SLGW_INVALID_ARGUMENT, slgw__ErrorCode__INVALID_USCOREARGUMENT, 0 },
	{ SLGW_NOT_FOUND, slgw__ErrorCode__NOT_USCOREFOUND, 0 },
	{ SLGW_ALREADY_EXISTS, slgw__ErrorCode__ALREADY_USCOREEXISTS, 0 },
	{ SLGW_FAILED_PRECONDITION, slgw__ErrorCode__FAILED_USCOREPRECONDITION, 0 },
	{ SLGW_PERMISSION_DENIED, slgw__ErrorCode__PERMISSION_USCOREDENIED, 0 },
	{ SLGW_UNAUTHENTICATED, slgw__ErrorCode__UNAUTHENTICATED, 0 },
	{ SLGW_RESOURCE_EXHAUSTED, slgw__ErrorCode__RESOURCE_USCOREEXHAUSTED, 0 },
	{ SLGW_ABORTED, slgw__ErrorCode__ABORTED, 0 },
	{ SLGW_UNAVAILABLE, slgw__ErrorCode__UNAVAILABLE, 1 },
	{ SLGW_DEADLINE_EXCEEDED, slgw__ErrorCode__DEADLINE_USCOREEXCEEDED, 1 },
	{ SLGW_CONFLICT, slgw__ErrorCode__CONFLICT, 0 },
	{ SLGW_NOT_SUPPORTED, slgw__ErrorCode__NOT_USCORESUPPORTED, 1 },
	{ SLGW_INTERNAL, slgw__ErrorCode__INTERNAL, 1 },
};

/* The table row of code; INTERNAL's for OK or anything unknown. */
static size_t fault_row(enum slgw_code code)
{
	size_t n = sizeof fault_map / sizeof fault_map[0];
	for (size_t i = 0; i < n; i++)
		if (fault_map[i].code == code)
			return i;
	return n - 1;
}

enum slgw__ErrorCode srv_api_error_code(enum slgw_code code)
{
	return fault_map[fault_row(code)].api;
}

int srv_fault(struct soap *soap, enum slgw_code code, const char *fmt, ...)
{
	struct srv_conn *c = soap->user;
	struct SOAP_ENV__Detail *d;
	struct _slgw__fault *f;
	char msg[512];
	va_list ap;
	size_t row = fault_row(code);

	code = fault_map[row].code; /* OK and unknown values answer INTERNAL */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	srv_text_fault_message(msg, sizeof msg, code); /* valid XML; INTERNAL: log only */
	if (c) {
		c->code = code;
		snprintf(c->message, sizeof c->message, "%.255s", msg);
	}
	if (fault_map[row].server_class)
		soap_receiver_fault(soap, msg, NULL);
	else
		soap_sender_fault(soap, msg, NULL);
	d = soap_malloc(soap, sizeof *d);
	f = soap_malloc(soap, sizeof *f);
	if (!d || !f || !soap->fault)
		return SOAP_FAULT;
	memset(d, 0, sizeof *d);
	memset(f, 0, sizeof *f);
	f->code = fault_map[row].api;
	f->message = soap_strdup(soap, msg);
	if (c && c->object[0])
		f->objectId = soap_strdup(soap, c->object);
	d->slgw__fault = f;
	soap->fault->detail = d;
	return SOAP_FAULT;
}

void srv_fault_from_soap_error(struct soap *soap)
{
	int e = soap->error;
	const char *why;

	if (e >= 300 && e < 600 && e != 500)
		return; /* an HTTP status: gSOAP answers it as such */
	if (e == SOAP_EOM) {
		srv_fault(soap, SLGW_INTERNAL, "out of memory while reading the request");
		return;
	}
	soap_set_fault(soap);
	why = *soap_faultstring(soap);
	if (e == SOAP_NO_METHOD)
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "unknown operation: the request body is not an operation of %s",
			  SRV_API_NAMESPACE);
	else
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "the request is not a valid SOAP 1.1 message of %s: %s",
			  SRV_API_NAMESPACE, why ? why : "malformed");
}

int srv_call_fault(struct soap *soap, const struct broker_status *st)
{
	return srv_fault(soap, st->code == SLGW_OK ? SLGW_INTERNAL : st->code, "%s",
			 st->message[0] ? st->message : "the operation failed");
}

/* ---------------------------------------------------------- conversion */

char *srv_id_str(struct soap *soap, int64_t id)
{
	char buf[24];
	if (id <= 0)
		return NULL;
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return soap_strdup(soap, buf);
}

time_t *srv_time_ptr(struct soap *soap, int64_t t)
{
	time_t *p;
	if (t <= 0)
		return NULL;
	p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = (time_t)t;
	return p;
}

int *srv_int_ptr(struct soap *soap, int v)
{
	int *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v;
	return p;
}

LONG64 *srv_long_ptr(struct soap *soap, int64_t v)
{
	LONG64 *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v;
	return p;
}

enum xsd__boolean *srv_bool_ptr(struct soap *soap, int v)
{
	enum xsd__boolean *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v ? xsd__boolean__true_ : xsd__boolean__false_;
	return p;
}

void *srv_zalloc(struct soap *soap, size_t n)
{
	void *p = soap_malloc(soap, n ? n : 1);
	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

int srv_is_true(const enum xsd__boolean *b)
{
	return b && *b == xsd__boolean__true_;
}

enum slgw__FailoverMode *srv_failover_ptr(struct soap *soap, store_failover f)
{
	enum slgw__FailoverMode *p;
	if (f != STORE_FAILOVER_ALUA && f != STORE_FAILOVER_PNR)
		return NULL;
	p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = f == STORE_FAILOVER_PNR ? slgw__FailoverMode__PNR : slgw__FailoverMode__ALUA;
	return p;
}

store_failover srv_failover_from(const enum slgw__FailoverMode *m)
{
	if (!m)
		return STORE_FAILOVER_AUTO;
	return *m == slgw__FailoverMode__PNR ? STORE_FAILOVER_PNR : STORE_FAILOVER_ALUA;
}

static char *strndup_soap(struct soap *soap, const char *s, size_t len)
{
	char *p = soap_malloc(soap, len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = 0;
	}
	return p;
}

/* Splits "A,B,C" into a gSOAP string array. */
static int split_list(struct soap *soap, const char *s, char ***out)
{
	int n = 0, k = 0;
	const char *p;

	*out = NULL;
	if (!s || !*s)
		return 0;
	for (p = s; *p; p++)
		if (*p == ',')
			n++;
	n++;
	*out = srv_zalloc(soap, sizeof(char *) * (size_t)n);
	if (!*out)
		return 0;
	p = s;
	while (*p && k < n) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && *p == ' ') {
			p++;
			len--;
		}
		if (len)
			(*out)[k++] = strndup_soap(soap, p, len);
		if (!e)
			break;
		p = e + 1;
	}
	return k;
}

void srv_conv_system(struct soap *soap, struct slgw__StorageSystem *o, const store_system *s)
{
	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, s->id);
	o->name = soap_strdup(soap, s->name ? s->name : "");
	o->adapter = soap_strdup(soap, s->adapter ? s->adapter : "vnx");
	o->spA = soap_strdup(soap, s->spa ? s->spa : "");
	o->spB = soap_strdup(soap, s->spb);
	o->model = soap_strdup(soap, s->model);
	o->revision = soap_strdup(soap, s->revision);
	o->serialNumber = soap_strdup(soap, s->serial);
	o->state = soap_strdup(soap, store_system_state_name(s->state));
	o->lastRefreshed = srv_time_ptr(soap, s->updated);
	o->__sizeenabler = split_list(soap, s->enablers, &o->enabler);
	o->__sizecapability = split_list(soap, s->capabilities, &o->capability);
	o->naviseccliPath = soap_strdup(soap, s->cli_path);
	o->failoverPolicy = srv_failover_ptr(soap, s->failover_policy);
	if (s->iscsi_ports && *s->iscsi_ports) {
		char **items;
		int n = split_list(soap, s->iscsi_ports, &items);
		o->allowedTargetPort = srv_zalloc(soap, sizeof *o->allowedTargetPort * (size_t)(n ? n : 1));
		for (int i = 0; o->allowedTargetPort && i < n; i++) {
			/* "A-4" or "A-4-0" */
			struct slgw__PortRef *r = &o->allowedTargetPort[o->__sizeallowedTargetPort];
			char sp = 0;
			int port = 0, vport = 0;
			if (sscanf(items[i], "%c-%d-%d", &sp, &port, &vport) >= 2) {
				r->sp = (sp == 'B' || sp == 'b') ? slgw__SP__B : slgw__SP__A;
				r->portId = port;
				r->vportId = vport;
				o->__sizeallowedTargetPort++;
			}
		}
	}
	o->destroyEmptyStorageGroups = srv_bool_ptr(soap, s->destroy_empty_sg);
	o->allowHluZero = srv_bool_ptr(soap, s->hlu0_allowed);
}

void srv_conv_pool(struct soap *soap, struct slgw__StoragePool *o,
		   const struct broker_pool_info *info)
{
	const store_pool *p = info->pool;
	int mask, k = 0;

	memset(o, 0, sizeof *o);
	if (!p)
		return;
	o->id = srv_id_str(soap, p->id);
	o->storageSystemId = srv_id_str(soap, p->system_id);
	o->name = soap_strdup(soap, p->name ? p->name : "");
	o->arrayPoolId = (int)p->array_id;
	o->sizeMB = p->capacity_mb;
	o->freeMB = p->free_mb;
	o->state = soap_strdup(soap, p->array_state);
	o->kind = soap_malloc(soap, sizeof *o->kind);
	if (o->kind)
		*o->kind = p->kind == STORE_POOL_KIND_RAID_GROUP ? slgw__PoolKind__RAID_USCOREGROUP
								  : slgw__PoolKind__POOL;
	if (p->kind == STORE_POOL_KIND_RAID_GROUP) {
		o->raidType = soap_strdup(soap, p->raid_type);
		if (p->contig_free_mb >= 0)
			o->largestContiguousFreeMB = srv_long_ptr(soap, p->contig_free_mb);
	}
	mask = p->prov_supported ? p->prov_supported : STORE_PROV_MASK_ALL;
	o->provisioningType = srv_zalloc(soap, 2 * sizeof *o->provisioningType);
	if (o->provisioningType) {
		if (mask & STORE_PROV_MASK(STORE_PROV_THIN))
			o->provisioningType[k++] = slgw__ProvisioningType__THIN;
		if (mask & STORE_PROV_MASK(STORE_PROV_THICK))
			o->provisioningType[k++] = slgw__ProvisioningType__THICK;
		o->__sizeprovisioningType = k;
	}
	if (info->granted) {
		o->quotaMB = srv_long_ptr(soap, (int64_t)info->quota_mb);
		o->usedMB = srv_long_ptr(soap, (int64_t)info->used_mb);
		o->leftMB = srv_long_ptr(soap, (int64_t)info->left_mb);
		if (info->max_volumes >= 0)
			o->maxVolumes = srv_int_ptr(soap, (int)info->max_volumes);
		o->volumeCount = srv_int_ptr(soap, (int)info->volume_count);
		o->frozen = srv_bool_ptr(soap, info->frozen);
	}
	if (!o->id)
		o->id = soap_strdup(soap, "");
	if (!o->storageSystemId)
		o->storageSystemId = soap_strdup(soap, "");
}

/* A record's keys as the contract's KeyValue list (sorted by name, as the
 * store keeps them). */
static struct slgw__KeyValue *conv_keys(struct soap *soap, int *n_out, const store_kv *kv,
					size_t n)
{
	struct slgw__KeyValue *o;

	*n_out = 0;
	if (n == 0)
		return NULL;
	o = srv_zalloc(soap, sizeof *o * n);
	for (size_t i = 0; o && i < n; i++) {
		o[i].name = soap_strdup(soap, kv[i].name);
		o[i].value = soap_strdup(soap, kv[i].value ? kv[i].value : "");
		(*n_out)++;
	}
	return o;
}

int srv_kv_from(struct broker_kv **out, struct soap *soap, const struct slgw__KeyValue *kv, int n)
{
	struct broker_kv *o;

	*out = NULL;
	if (n <= 0 || !kv)
		return 0;
	o = srv_zalloc(soap, sizeof *o * (size_t)n);
	if (!o)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory while reading the request");
	for (int i = 0; i < n; i++) {
		o[i].name = kv[i].name;
		o[i].value = kv[i].value;
	}
	*out = o;
	return 0;
}

int srv_attrs_from(struct soap *soap, struct broker_attrs *a, const char *description,
		   const char *collection, const struct slgw__KeyValue *kv, int n)
{
	struct broker_kv *keys;

	if (srv_kv_from(&keys, soap, kv, n))
		return SOAP_FAULT;
	a->description = description;
	a->collection = collection;
	a->keys = keys;
	a->n_keys = keys ? (size_t)n : 0;
	return 0;
}

void srv_conv_volume(struct soap *soap, struct slgw__StorageVolume *o, const store_volume *v)
{
	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, v->id);
	o->name = soap_strdup(soap, v->name ? v->name : "");
	o->tenantId = srv_id_str(soap, v->tenant_id);
	o->storageSystemId = srv_id_str(soap, v->system_id);
	o->storagePoolId = srv_id_str(soap, v->pool_id);
	if (!o->storageSystemId)
		o->storageSystemId = soap_strdup(soap, "");
	if (!o->storagePoolId)
		o->storagePoolId = soap_strdup(soap, "");
	o->sizeMB = v->size_mb;
	o->provisioning = v->prov == STORE_PROV_THIN ? slgw__ProvisioningType__THIN :
						       slgw__ProvisioningType__THICK;
	o->state = soap_strdup(soap, store_state_name(v->state));
	o->wwn = soap_strdup(soap, v->wwn);
	if (v->lun_id >= 0)
		o->arrayLunId = srv_int_ptr(soap, (int)v->lun_id);
	o->arrayName = soap_strdup(soap, v->lun_name);
	o->createdAt = srv_time_ptr(soap, v->created);
	o->isClone = srv_bool_ptr(soap, v->clone_kind == STORE_CLONE_LINKED ||
					    v->clone_kind == STORE_CLONE_FULL);
	if (v->clone_kind == STORE_CLONE_LINKED || v->clone_kind == STORE_CLONE_FULL) {
		o->cloneType = soap_malloc(soap, sizeof *o->cloneType);
		if (o->cloneType)
			*o->cloneType = v->clone_kind == STORE_CLONE_LINKED ?
						slgw__CloneType__linked :
						slgw__CloneType__full;
	}
	o->sourceVolumeId = srv_id_str(soap, v->parent_volume_id);
	o->sourceSnapshotId = srv_id_str(soap, v->parent_snapshot_id);
	o->description = soap_strdup(soap, v->description);
	o->collection = soap_strdup(soap, v->collection);
	o->key = conv_keys(soap, &o->__sizekey, v->keys, v->n_keys);
}

void srv_conv_port(struct soap *soap, struct slgw__TargetPort *o, const store_port *p)
{
	memset(o, 0, sizeof *o);
	o->storageSystemId = srv_id_str(soap, p->system_id);
	o->sp = (p->sp && (p->sp[0] == 'B' || p->sp[0] == 'b')) ? slgw__SP__B : slgw__SP__A;
	o->portId = p->port_id;
	o->vportId = p->vport_id;
	if (p->proto == STORE_PROTO_FC) {
		o->protocol = slgw__Protocol__fc;
		o->wwpn = soap_strdup(soap, p->address);
	} else {
		char portal[96];
		o->protocol = slgw__Protocol__iscsi;
		o->iqn = soap_strdup(soap, p->address);
		o->ipAddress = soap_strdup(soap, p->ip);
		if (p->ip && strlen(p->ip) < 64) {
			snprintf(portal, sizeof portal, "%s:3260", p->ip);
			o->portal = soap_strdup(soap, portal);
		}
	}
}

void srv_conv_snapshot(struct soap *soap, struct slgw__Snapshot *o, const store_snapshot *s)
{
	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, s->id);
	o->name = soap_strdup(soap, s->name ? s->name : "");
	o->volumeId = srv_id_str(soap, s->volume_id);
	if (!o->volumeId)
		o->volumeId = soap_strdup(soap, "");
	o->tenantId = srv_id_str(soap, s->tenant_id);
	o->arrayName = soap_strdup(soap, s->array_name);
	o->createdAt = srv_time_ptr(soap, s->created);
	o->state = soap_strdup(soap, store_state_name(s->state));
	o->description = soap_strdup(soap, s->description);
	o->collection = soap_strdup(soap, s->collection);
	if (s->source_size_mb > 0)
		o->sizeMB = srv_long_ptr(soap, s->source_size_mb);
	o->key = conv_keys(soap, &o->__sizekey, s->keys, s->n_keys);
}

void srv_conv_tenant(struct soap *soap, struct slgw__Tenant *o, const store_tenant *t)
{
	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, t->id);
	o->name = soap_strdup(soap, t->name ? t->name : "");
	o->description = soap_strdup(soap, t->description);
	o->createdAt = srv_time_ptr(soap, t->created);
}

void srv_conv_user(struct soap *soap, struct slgw__User *o, const store_user *u)
{
	memset(o, 0, sizeof *o);
	o->name = soap_strdup(soap, u->name ? u->name : "");
	o->role = u->role == STORE_ROLE_ADMIN ? slgw__Role__admin : slgw__Role__tenant;
	o->tenantId = srv_id_str(soap, u->tenant_id);
	o->createdAt = srv_time_ptr(soap, u->created);
}

void srv_conv_grant(struct soap *soap, struct srv_call *cl, struct slgw__StoragePoolGrant *o,
		    const store_grant *g)
{
	struct broker_grant_view gv = { 0 };
	struct broker_status st;
	int k = 0;

	memset(o, 0, sizeof *o);
	o->tenantId = srv_id_str(soap, g->tenant_id);
	o->storagePoolId = srv_id_str(soap, g->pool_id);
	if (cl->b && broker_view_grant(&gv, cl->b, &cl->who, g, &st))
		memset(&gv, 0, sizeof gv);
	o->storageSystemId = srv_id_str(soap, gv.system_id);
	if (!o->storageSystemId)
		o->storageSystemId = soap_strdup(soap, "");
	o->quotaMB = g->quota_mb;
	if (g->max_volumes > 0)
		o->maxVolumes = srv_int_ptr(soap, (int)g->max_volumes);
	o->provisioningType = srv_zalloc(soap, 2 * sizeof *o->provisioningType);
	if (o->provisioningType) {
		int mask = g->prov_allowed ? g->prov_allowed : STORE_PROV_MASK_ALL;
		if (mask & STORE_PROV_MASK(STORE_PROV_THIN))
			o->provisioningType[k++] = slgw__ProvisioningType__THIN;
		if (mask & STORE_PROV_MASK(STORE_PROV_THICK))
			o->provisioningType[k++] = slgw__ProvisioningType__THICK;
		o->__sizeprovisioningType = k;
	}
	o->frozen = srv_bool_ptr(soap, g->frozen);
	if (gv.has_usage) {
		o->usedMB = srv_long_ptr(soap, gv.used_mb);
		o->volumeCount = srv_int_ptr(soap, (int)gv.volumes);
	}
}

/* A host with its initiators and per-array state, read through the
 * broker's view (which checks that the caller may see the host). */
void srv_conv_host(struct soap *soap, struct srv_call *cl, struct slgw__Host *o,
		   const store_host *h)
{
	struct broker_host_view hv = { 0 };
	struct broker_status st;

	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, h->id);
	o->name = soap_strdup(soap, h->name ? h->name : "");
	o->tenantId = srv_id_str(soap, h->tenant_id);
	o->hostAddress = soap_strdup(soap, h->ip);
	o->failoverMode = srv_failover_ptr(soap, h->failover_wanted);
	if (!cl->b || broker_view_host(&hv, cl->b, &cl->who, h, &st))
		return;
	if (hv.n_initiators > 0) {
		o->initiator = srv_zalloc(soap, sizeof *o->initiator * hv.n_initiators);
		for (size_t i = 0; o->initiator && i < hv.n_initiators; i++) {
			const store_initiator *ini = &hv.initiators[i];
			o->initiator[i].id = soap_strdup(soap, ini->address ? ini->address : "");
			o->initiator[i].protocol = ini->kind == STORE_PROTO_FC ?
							   slgw__Protocol__fc :
							   slgw__Protocol__iscsi;
			o->__sizeinitiator++;
		}
	}
	if (hv.n_arrays > 0) {
		o->array = srv_zalloc(soap, sizeof *o->array * hv.n_arrays);
		for (size_t i = 0; o->array && i < hv.n_arrays; i++) {
			const store_host_system *hs = &hv.arrays[i];
			struct slgw__HostArrayState *a = &o->array[o->__sizearray++];
			a->storageSystemId = srv_id_str(soap, hs->system_id);
			a->storageGroup = soap_strdup(soap, hs->storage_group ? hs->storage_group : "");
			a->failoverMode = hs->failover_applied == STORE_FAILOVER_PNR ?
						  slgw__FailoverMode__PNR :
						  slgw__FailoverMode__ALUA;
		}
	}
	broker_host_view_free(&hv);
}

void srv_conv_assignment(struct soap *soap, struct srv_call *cl, struct slgw__Assignment *o,
			 const store_assignment *a)
{
	struct broker_assignment_view av = { 0 };
	struct broker_status st;

	memset(o, 0, sizeof *o);
	o->volumeId = srv_id_str(soap, a->volume_id);
	o->hostId = srv_id_str(soap, a->host_id);
	o->storageSystemId = srv_id_str(soap, a->system_id);
	o->hlu = a->hlu;
	if (!cl->b || broker_view_assignment(&av, cl->b, &cl->who, a, &st))
		return;
	if (av.has_volume) {
		o->lunWwn = soap_strdup(soap, av.wwn);
		if (av.lun_id >= 0)
			o->arrayLunId = srv_int_ptr(soap, (int)av.lun_id);
	}
	/* The mode in force is the host's registration on that array. */
	if (av.has_registration)
		o->failoverMode = srv_failover_ptr(soap, av.failover_applied);
	broker_assignment_view_free(&av);
}

/* AuditRecord.tenantId is the tenant's id, as everywhere in the contract;
 * the trail keeps the tenant's name (a record outlives its tenant), so the
 * id is looked up while the tenant exists and the name is all there is
 * once it has been removed. */
static char *audit_tenant_id(struct soap *soap, struct srv_call *cl, const char *name)
{
	struct broker_status st;
	int64_t id = 0;

	if (!name)
		return NULL;
	if (cl->b && broker_view_tenant_id(&id, cl->b, &cl->who, name, &st) == 0 && id > 0)
		return srv_id_str(soap, id);
	return soap_strdup(soap, name);
}

void srv_conv_audit(struct soap *soap, struct srv_call *cl, struct slgw__AuditRecord *o,
		    const store_audit *a)
{
	const char *outcome;

	memset(o, 0, sizeof *o);
	o->id = srv_id_str(soap, a->id);
	o->time = (time_t)a->time;
	o->user = soap_strdup(soap, a->user);
	o->tenantId = audit_tenant_id(soap, cl, a->tenant);
	o->operation = soap_strdup(soap, a->operation ? a->operation : "");
	o->objectId = soap_strdup(soap, a->object);
	/* the store writes "ok"; the contract's success value is "OK" */
	outcome = a->outcome ? a->outcome : "";
	o->outcome = soap_strdup(soap, strcmp(outcome, "ok") ? outcome : "OK");
	o->message = soap_strdup(soap, a->detail);
}

/* The assignment described by an assign job's result JSON. */
static struct slgw__Assignment *assignment_from_json(struct soap *soap, json_t *r)
{
	struct slgw__Assignment *o = srv_zalloc(soap, sizeof *o);
	json_t *targets = json_object_get(r, "targets");
	char buf[24];

	if (!o)
		return NULL;
	o->volumeId = soap_strdup(soap, json_string_value(json_object_get(r, "volume_id")));
	o->hostId = soap_strdup(soap, json_string_value(json_object_get(r, "host_id")));
	/* ids may be numbers in the JSON */
	if (!o->volumeId && json_is_integer(json_object_get(r, "volume_id"))) {
		snprintf(buf, sizeof buf, "%lld",
			 (long long)json_integer_value(json_object_get(r, "volume_id")));
		o->volumeId = soap_strdup(soap, buf);
	}
	if (!o->hostId && json_is_integer(json_object_get(r, "host_id"))) {
		snprintf(buf, sizeof buf, "%lld",
			 (long long)json_integer_value(json_object_get(r, "host_id")));
		o->hostId = soap_strdup(soap, buf);
	}
	if (json_is_integer(json_object_get(r, "system_id")))
		o->storageSystemId =
			srv_id_str(soap, json_integer_value(json_object_get(r, "system_id")));
	if (!o->volumeId)
		o->volumeId = soap_strdup(soap, "");
	if (!o->hostId)
		o->hostId = soap_strdup(soap, "");
	o->hlu = (int)json_integer_value(json_object_get(r, "hlu"));
	o->lunWwn = soap_strdup(soap, json_string_value(json_object_get(r, "wwn")));
	if (json_is_integer(json_object_get(r, "lun_id")))
		o->arrayLunId = srv_int_ptr(soap, (int)json_integer_value(json_object_get(r, "lun_id")));
	{
		json_t *fm = json_object_get(r, "failover_mode");
		int mode = json_is_integer(fm) ? (int)json_integer_value(fm) : 0;
		const char *ms = json_string_value(fm);
		if (mode == 1 || (ms && (!strcasecmp(ms, "pnr") || !strcmp(ms, "1"))))
			o->failoverMode = srv_failover_ptr(soap, STORE_FAILOVER_PNR);
		else if (mode == 4 || (ms && (!strcasecmp(ms, "alua") || !strcmp(ms, "4"))))
			o->failoverMode = srv_failover_ptr(soap, STORE_FAILOVER_ALUA);
	}
	if (json_is_array(targets) && json_array_size(targets) > 0) {
		size_t n = json_array_size(targets);
		o->target = srv_zalloc(soap, sizeof *o->target * n);
		for (size_t i = 0; o->target && i < n; i++) {
			json_t *t = json_array_get(targets, i);
			struct slgw__TargetPort *p = &o->target[o->__sizetarget++];
			const char *sp = json_string_value(json_object_get(t, "sp"));
			const char *proto = json_string_value(json_object_get(t, "protocol"));
			p->sp = (sp && (sp[0] == 'B' || sp[0] == 'b')) ? slgw__SP__B : slgw__SP__A;
			p->portId = (int)json_integer_value(json_object_get(t, "port_id"));
			p->vportId = (int)json_integer_value(json_object_get(t, "vport_id"));
			p->protocol = (proto && !strcasecmp(proto, "fc")) ? slgw__Protocol__fc :
									    slgw__Protocol__iscsi;
			p->iqn = soap_strdup(soap, json_string_value(json_object_get(t, "iqn")));
			p->portal = soap_strdup(soap, json_string_value(json_object_get(t, "portal")));
			p->wwpn = soap_strdup(soap, json_string_value(json_object_get(t, "wwpn")));
			p->storageSystemId = o->storageSystemId;
		}
	}
	return o;
}

/* A JSON member that is an id, as a string ("12" or 12). */
static const char *json_id(json_t *r, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(r, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* The drift a refresh job found (its result's "drift" array of {host,
 * initiator, field, applied, array}) as the StorageSystem's drift lines:
 * the record itself does not keep it, only the job that looked. */
static void drift_from_json(struct soap *soap, struct slgw__StorageSystem *o, json_t *drift)
{
	size_t n = json_is_array(drift) ? json_array_size(drift) : 0;

	if (n == 0)
		return;
	o->drift = srv_zalloc(soap, sizeof *o->drift * n);
	for (size_t i = 0; o->drift && i < n; i++) {
		json_t *d = json_array_get(drift, i);
		const char *f[5] = { "host", "initiator", "field", "applied", "array" };
		const char *v[5];
		for (int k = 0; k < 5; k++) {
			v[k] = json_string_value(json_object_get(d, f[k]));
			if (!v[k])
				v[k] = "?";
		}
		char line[600];
		snprintf(line, sizeof line, "host %s initiator %s: %s applied %s, array has %s", v[0],
			 v[1], v[2], v[3], v[4]);
		o->drift[o->__sizedrift] = soap_strdup(soap, line);
		if (o->drift[o->__sizedrift])
			o->__sizedrift++;
	}
}

struct slgw__Job *srv_conv_job(struct soap *soap, struct srv_call *cl, const store_job *j)
{
	struct slgw__Job *o = srv_zalloc(soap, sizeof *o);
	json_t *r = NULL;

	if (!o)
		return NULL;
	o->id = srv_id_str(soap, j->id);
	o->kind = soap_strdup(soap, j->kind ? j->kind : "");
	switch (j->state) {
	case STORE_JOB_RUNNING:
		o->state = slgw__JobState__RUNNING;
		break;
	case STORE_JOB_SUCCEEDED:
		o->state = slgw__JobState__SUCCEEDED;
		break;
	case STORE_JOB_FAILED:
		o->state = slgw__JobState__FAILED;
		break;
	default:
		o->state = slgw__JobState__QUEUED;
	}
	o->progress = j->progress < 0 ? 0 : j->progress > 100 ? 100 : j->progress;
	o->objectId = soap_strdup(soap, j->object);
	o->clientRequestId = soap_strdup(soap, j->request_id);
	o->user = soap_strdup(soap, j->user);
	o->tenantId = srv_id_str(soap, j->tenant_id);
	o->createdAt = srv_time_ptr(soap, j->created);
	o->updatedAt = srv_time_ptr(soap, j->updated);
	if (j->state == STORE_JOB_FAILED) {
		enum slgw_code code = slgw_code_from_name(j->error_code);
		o->errorCode = soap_malloc(soap, sizeof *o->errorCode);
		if (o->errorCode)
			*o->errorCode = srv_api_error_code(code);
		o->errorMessage = soap_strdup(soap, j->error_message ? j->error_message :
									 "the job failed");
	}
	if (j->state != STORE_JOB_SUCCEEDED || !j->result || !j->kind)
		return o;
	r = json_loads(j->result, 0, NULL);
	if (!json_is_object(r)) {
		json_decref(r);
		return o;
	}
	{
		char buf[24];
		const char *vid = json_id(r, "volume_id", buf, sizeof buf);
		struct broker_caller who = cl->who;
		struct broker_status st;
		who.request_id = NULL;
		if (!strncmp(j->kind, "system.", 7) && strcmp(j->kind, "system.remove")) {
			store_system *s = NULL;
			const char *sid = json_id(r, "system_id", buf, sizeof buf);
			if (sid && !broker_get_storage_system(&s, cl->b, &who, sid, &st) && s) {
				o->storageSystem = srv_zalloc(soap, sizeof *o->storageSystem);
				if (o->storageSystem) {
					srv_conv_system(soap, o->storageSystem, s);
					drift_from_json(soap, o->storageSystem,
							json_object_get(r, "drift"));
				}
			}
			store_system_free(s);
		} else if (!strncmp(j->kind, "assign", 6) || strstr(j->kind, ".assign")) {
			o->assignment = assignment_from_json(soap, r);
		} else if (strstr(j->kind, "snapshot") && !strstr(j->kind, "delete")) {
			const char *snid = json_id(r, "snapshot_id", buf, sizeof buf);
			store_snapshot *sn = NULL;
			if (snid &&
			    !broker_view_snapshot(&sn, cl->b, &who, strtoll(snid, NULL, 10), &st) &&
			    sn) {
				o->snapshot = srv_zalloc(soap, sizeof *o->snapshot);
				if (o->snapshot)
					srv_conv_snapshot(soap, o->snapshot, sn);
			}
			store_snapshot_free(sn);
		} else if (!strncmp(j->kind, "host.", 5) && !strstr(j->kind, "remove")) {
			store_host *h = NULL;
			const char *hid = json_id(r, "host_id", buf, sizeof buf);
			if (hid && !broker_get_host(&h, cl->b, &who, hid, &st) && h) {
				o->host = srv_zalloc(soap, sizeof *o->host);
				if (o->host)
					srv_conv_host(soap, cl, o->host, h);
			}
			store_host_free(h);
		} else if (vid && !strstr(j->kind, "delete")) {
			store_volume *v = NULL;
			if (!broker_get_storage_volume(&v, cl->b, &who, vid, &st) && v) {
				o->storageVolume = srv_zalloc(soap, sizeof *o->storageVolume);
				if (o->storageVolume)
					srv_conv_volume(soap, o->storageVolume, v);
			}
			store_volume_free(v);
		}
	}
	json_decref(r);
	return o;
}

int srv_job_answer(struct soap *soap, struct srv_call *cl, int rc, store_job *job,
		      struct slgw__Job **out)
{
	if (rc || !job) {
		store_job_free(job);
		if (!rc)
			cl->st.code = SLGW_INTERNAL;
		return srv_call_fault(soap, &cl->st);
	}
	*out = srv_conv_job(soap, cl, job);
	store_job_free(job);
	if (!*out)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	return SOAP_OK;
}

/* The answers of the operations that read or change one volume or
 * snapshot record (get..., set...Attributes): the broker's refusal as a
 * fault, else the record (consumed) converted into *out. */
int srv_volume_answer(struct soap *soap, struct srv_call *cl, int rc, store_volume *v,
		      struct slgw__StorageVolume **out)
{
	if (rc)
		return srv_call_fault(soap, &cl->st);
	*out = srv_zalloc(soap, sizeof **out);
	if (*out)
		srv_conv_volume(soap, *out, v);
	store_volume_free(v);
	return SOAP_OK;
}

int srv_snapshot_answer(struct soap *soap, struct srv_call *cl, int rc, store_snapshot *sn,
			struct slgw__Snapshot **out)
{
	if (rc)
		return srv_call_fault(soap, &cl->st);
	*out = srv_zalloc(soap, sizeof **out);
	if (*out)
		srv_conv_snapshot(soap, *out, sn);
	store_snapshot_free(sn);
	return SOAP_OK;
}

/* ------------------------------------------------- filtered paging */

void srv_refill_init(struct srv_refill *r, const struct srv_call *cl)
{
	r->pg = cl->page;
	r->want = cl->page.limit > 0 ? (size_t)cl->page.limit : 100;
	if (r->want > 1000)
		r->want = 1000;
	r->tok = NULL;
	r->rounds = 0;
}

int srv_refill_more(struct srv_refill *r, size_t have, char **next)
{
	free(r->tok);
	r->tok = *next;
	*next = NULL;
	if (!r->tok || !*r->tok || have >= r->want || ++r->rounds >= SRV_REFILL_MAX_ROUNDS)
		return 0;
	r->pg.page_token = r->tok;
	r->pg.limit = (int)(r->want - have);
	return 1;
}

int srv_enum_refilled(void **elems, int *count, char **next_token, struct soap *soap,
		      struct srv_call *cl, const struct srv_enum_ops *ops, const void *ctx)
{
	struct srv_refill rf;
	char *out, *next = NULL;
	void *rows = NULL;
	size_t n = 0, have = 0;

	*elems = NULL;
	*count = 0;
	*next_token = NULL;
	srv_refill_init(&rf, cl);
	out = srv_zalloc(soap, ops->elem_size * rf.want);
	if (!out)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (ops->fetch(&rows, &n, &next, cl, &rf.pg, ctx)) {
			free(rf.tok);
			return srv_call_fault(soap, &cl->st);
		}
		for (size_t i = 0; i < n && have < rf.want; i++)
			have += (size_t)ops->take(soap, cl, out + have * ops->elem_size,
						  (char *)rows + i * ops->row_size, ctx);
		ops->free_rows(rows, n);
		rows = NULL;
		n = 0;
	} while (srv_refill_more(&rf, have, &next));
	if (rf.tok && *rf.tok)
		*next_token = soap_strdup(soap, rf.tok);
	free(rf.tok);
	*elems = out;
	*count = (int)have;
	return SOAP_OK;
}
