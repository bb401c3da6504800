/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_service.c - the SOAP operations of wsdl/slgw.h, mapped to the broker.
 *
 * Every operation follows the same four steps:
 *   1. begin(): name the operation (metrics, audit), refuse at once when
 *      the server is overloaded (UNAVAILABLE), authenticate the caller
 *      (HTTP Basic -> UNAUTHENTICATED), check the role for admin-only
 *      operations (PERMISSION_DENIED), validate the common fields
 *      (clientRequestId, waitMs, paging);
 *   2. validate the operation's own input (names, ids, sizes, IQN / WWPN
 *      syntax, paths) -> INVALID_ARGUMENT naming the field, before anything
 *      reaches the broker, let alone an array;
 *   3. call the broker; a refusal (negative return) becomes a fault with the
 *      broker's code and message;
 *   4. convert the store records / job into the response, allocated in the
 *      gSOAP context (freed by soap_end after the answer is sent).
 * Authentication always comes before validation, so an unauthenticated
 * client learns nothing about what would be accepted.
 *
 * Jobs: the broker hands back store_job records whose result is JSON; for
 * a succeeded job the resulting object is looked up again through the
 * broker (scoped to the caller) and attached to the Job, so a client gets
 * the volume / system / host / assignment in the same answer.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "access.h"
#include "soapH.h"
#include "srv.h"
#include "srv_service.h"

#define MAX_WAIT_MS 600000
/* getJob waits at most this long, whatever waitMs asks (see __slgw__getJob). */
#define GET_JOB_MAX_WAIT_MS 60000
#define MAX_SIZE_MB (256LL * 1024 * 1024) /* 256 TiB */

/* ------------------------------------------------------------- faults */

static int is_server_class(enum slgw_code code)
{
	return code == SLGW_UNAVAILABLE || code == SLGW_DEADLINE_EXCEEDED ||
	       code == SLGW_INTERNAL;
}

int srv_fault(struct soap *soap, enum slgw_code code, const char *fmt, ...)
{
	struct srv_conn *c = soap->user;
	struct SOAP_ENV__Detail *d;
	struct _slgw__fault *f;
	char msg[512];
	va_list ap;

	if (code == SLGW_OK || (int)code < 0 || code > SLGW_INTERNAL)
		code = SLGW_INTERNAL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	srv_text_fault_message(msg, sizeof msg, code); /* valid XML; INTERNAL: log only */
	if (c) {
		c->code = code;
		snprintf(c->message, sizeof c->message, "%.255s", msg);
	}
	if (is_server_class(code))
		soap_receiver_fault(soap, msg, NULL);
	else
		soap_sender_fault(soap, msg, NULL);
	d = soap_malloc(soap, sizeof *d);
	f = soap_malloc(soap, sizeof *f);
	if (!d || !f || !soap->fault)
		return SOAP_FAULT;
	memset(d, 0, sizeof *d);
	memset(f, 0, sizeof *f);
	f->code = (enum slgw__ErrorCode)(code - 1);
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

static int fault_st(struct soap *soap, const struct broker_status *st)
{
	return srv_fault(soap, st->code == SLGW_OK ? SLGW_INTERNAL : st->code, "%s",
			 st->message[0] ? st->message : "the operation failed");
}

/* ------------------------------------------------------ call framing */

struct call {
	struct broker_caller who;
	broker *b;
	struct broker_status st;
	struct broker_page page;
};

static void set_object(struct soap *soap, const char *kind, const char *id)
{
	struct srv_conn *c = soap->user;
	if (id && strlen(id) < 64)
		snprintf(c->object, sizeof c->object, "%s/%s", kind, id);
}

static int valid_request_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 128)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Steps 1 of every operation; 0 to go on, SOAP_FAULT when refused. */
static int begin(struct soap *soap, const char *op, struct call *cl, int admin_only,
		 const char *request_id, const int *wait_ms)
{
	struct srv_conn *c = soap->user;
	char msg[256];
	enum slgw_code code;

	memset(cl, 0, sizeof *cl);
	c->operation = op;
	if (c->overloaded)
		return srv_fault(soap, SLGW_UNAVAILABLE,
				 "the gateway is overloaded (every worker busy, queue full); "
				 "retry in a few seconds");
	code = srv_auth_check(srv_conn_auth(soap), &c->id, soap->userid, soap->passwd, c->peer,
			      msg, sizeof msg);
	if (code != SLGW_OK)
		return srv_fault(soap, code, "%s", msg);
	c->authenticated = 1;
	cl->b = srv_conn_broker(soap);
	cl->who.user = c->id.user;
	cl->who.tenant_id = c->id.tenant_id;
	cl->who.is_admin = c->id.is_admin;
	cl->who.wait_ms = -1;
	if (admin_only && !c->id.is_admin)
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "%s needs the admin role; user '%s' is a tenant user", op,
				 c->id.user);
	if (request_id) {
		if (!valid_request_id(request_id))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "clientRequestId: 1 to 128 printable characters without "
					 "spaces");
		cl->who.request_id = request_id;
		c->request_id = request_id;
	}
	if (wait_ms) {
		if (*wait_ms < 0 || *wait_ms > MAX_WAIT_MS)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "waitMs: %d is out of range 0..%d", *wait_ms, MAX_WAIT_MS);
		cl->who.wait_ms = *wait_ms;
	}
	return 0;
}

static int paging(struct soap *soap, struct call *cl, const char *token, const int *limit)
{
	if (limit && (*limit < 0 || *limit > 1000))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "limit: %d is out of range 0..1000",
				 *limit);
	if (token && strlen(token) > 256)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "pageToken: too long");
	cl->page.page_token = token;
	cl->page.limit = limit ? *limit : 0;
	return 0;
}

/* --------------------------------------------------------- validation */

/* 1 when v looks like a row id (no fault set). */
static int is_id(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 19 || v[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return 0;
	return 1;
}

/* Ids are decimal row ids. */
static int check_id(struct soap *soap, const char *field, const char *v, int required)
{
	size_t n;
	if (!v || !*v) {
		if (!required)
			return 0;
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: required", field);
	}
	n = strlen(v);
	if (n > 19)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%.24s...' is not an id", field,
				 v);
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%s' is not an id", field,
					 v);
	if (v[0] == '0')
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%s' is not an id", field, v);
	return 0;
}

/* Display names: 1..max of letters, digits and " ._-:", starting with a
 * letter or digit, no trailing space. */
static int check_name(struct soap *soap, const char *field, const char *v, size_t max)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: required", field);
	if (n > max)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: longer than %zu characters",
				 field, max);
	if (!isalnum((unsigned char)v[0]) || v[n - 1] == ' ')
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "%s: '%s' must start with a letter or digit and not end with a "
				 "space",
				 field, v);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!isalnum(ch) && !strchr(" ._-:", ch))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "%s: '%s' may hold only letters, digits, space, '.', '_', "
					 "'-' and ':'",
					 field, v);
	}
	return 0;
}

/* User names: 1..64 of letters, digits and "._@-". */
static int check_user_name(struct soap *soap, const char *field, const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0 || n > 64)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: 1 to 64 characters", field);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!isalnum(ch) && !strchr("._@-", ch))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "%s: '%s' may hold only letters, digits, '.', '_', '@' "
					 "and '-'",
					 field, v);
	}
	return 0;
}

static int check_password(struct soap *soap, const char *field, const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n < 8 || n > 1024)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: 8 to 1024 characters", field);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "%s: control characters are not allowed", field);
	return 0;
}

/* SP addresses: a host name, IPv4 or IPv6 address. */
static int check_address(struct soap *soap, const char *field, const char *v, int required)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0)
		return required ? srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: required", field) : 0;
	if (n > 253)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: too long", field);
	if (v[0] == '-')
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%s' is not an address", field, v);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (!isalnum(ch) && !strchr(".:-", ch))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "%s: '%s' is not a host name or IP address", field, v);
	}
	return 0;
}

/* Paths on the gateway host: absolute, no control characters. */
static int check_path(struct soap *soap, const char *field, const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n == 0)
		return 0;
	if (v[0] != '/' || n > 4096)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: must be an absolute path", field);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "%s: control characters are not allowed", field);
	return 0;
}

static int check_size(struct soap *soap, const char *field, LONG64 v)
{
	if (v <= 0 || v > MAX_SIZE_MB)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "%s: %lld MB is out of range 1..%lld", field, (long long)v,
				 MAX_SIZE_MB);
	return 0;
}

static int check_initiator(struct soap *soap, const char *field, const char *id,
			   enum slgw__Protocol proto, char *canon, size_t canonlen)
{
	enum access_initiator_kind kind;
	char why[160];

	if (!id || !*id)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: required", field);
	if (access_initiator_normalize(canon, canonlen, &kind, id,
				       proto == slgw__Protocol__fc ? ACCESS_INIT_FC :
								     ACCESS_INIT_ISCSI,
				       why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%s': %s", field, id, why);
	return 0;
}

/* ---------------------------------------------------------- conversion */

static char *id_str(struct soap *soap, int64_t id)
{
	char buf[24];
	if (id <= 0)
		return NULL;
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return soap_strdup(soap, buf);
}

static time_t *time_ptr(struct soap *soap, int64_t t)
{
	time_t *p;
	if (t <= 0)
		return NULL;
	p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = (time_t)t;
	return p;
}

static int *int_ptr(struct soap *soap, int v)
{
	int *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v;
	return p;
}

static LONG64 *long_ptr(struct soap *soap, int64_t v)
{
	LONG64 *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v;
	return p;
}

static enum xsd__boolean *bool_ptr(struct soap *soap, int v)
{
	enum xsd__boolean *p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = v ? xsd__boolean__true_ : xsd__boolean__false_;
	return p;
}

static void *zalloc(struct soap *soap, size_t n)
{
	void *p = soap_malloc(soap, n ? n : 1);
	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

static int is_true(const enum xsd__boolean *b)
{
	return b && *b == xsd__boolean__true_;
}

static enum slgw__FailoverMode *failover_ptr(struct soap *soap, store_failover f)
{
	enum slgw__FailoverMode *p;
	if (f != STORE_FAILOVER_ALUA && f != STORE_FAILOVER_PNR)
		return NULL;
	p = soap_malloc(soap, sizeof *p);
	if (p)
		*p = f == STORE_FAILOVER_PNR ? slgw__FailoverMode__PNR : slgw__FailoverMode__ALUA;
	return p;
}

static store_failover failover_from(const enum slgw__FailoverMode *m)
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
	*out = zalloc(soap, sizeof(char *) * (size_t)n);
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

static void conv_system(struct soap *soap, struct slgw__StorageSystem *o, const store_system *s)
{
	memset(o, 0, sizeof *o);
	o->id = id_str(soap, s->id);
	o->name = soap_strdup(soap, s->name ? s->name : "");
	o->adapter = soap_strdup(soap, s->adapter ? s->adapter : "vnx");
	o->spA = soap_strdup(soap, s->spa ? s->spa : "");
	o->spB = soap_strdup(soap, s->spb);
	o->model = soap_strdup(soap, s->model);
	o->revision = soap_strdup(soap, s->revision);
	o->serialNumber = soap_strdup(soap, s->serial);
	o->state = soap_strdup(soap, store_system_state_name(s->state));
	o->lastRefreshed = time_ptr(soap, s->updated);
	o->__sizeenabler = split_list(soap, s->enablers, &o->enabler);
	o->naviseccliPath = soap_strdup(soap, s->cli_path);
	o->failoverPolicy = failover_ptr(soap, s->failover_policy);
	if (s->iscsi_ports && *s->iscsi_ports) {
		char **items;
		int n = split_list(soap, s->iscsi_ports, &items);
		o->allowedTargetPort = zalloc(soap, sizeof *o->allowedTargetPort * (size_t)(n ? n : 1));
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
	o->destroyEmptyStorageGroups = bool_ptr(soap, s->destroy_empty_sg);
	o->allowHluZero = bool_ptr(soap, s->hlu0_allowed);
}

static void conv_volume(struct soap *soap, struct slgw__StorageVolume *o, const store_volume *v)
{
	memset(o, 0, sizeof *o);
	o->id = id_str(soap, v->id);
	o->name = soap_strdup(soap, v->name ? v->name : "");
	o->tenantId = id_str(soap, v->tenant_id);
	o->storageSystemId = id_str(soap, v->system_id);
	o->storagePoolId = id_str(soap, v->pool_id);
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
		o->arrayLunId = int_ptr(soap, (int)v->lun_id);
	o->arrayName = soap_strdup(soap, v->lun_name);
	o->createdAt = time_ptr(soap, v->created);
	o->isClone = bool_ptr(soap, v->clone_kind == STORE_CLONE_LINKED ||
					    v->clone_kind == STORE_CLONE_FULL);
	if (v->clone_kind == STORE_CLONE_LINKED || v->clone_kind == STORE_CLONE_FULL) {
		o->cloneType = soap_malloc(soap, sizeof *o->cloneType);
		if (o->cloneType)
			*o->cloneType = v->clone_kind == STORE_CLONE_LINKED ?
						slgw__CloneType__linked :
						slgw__CloneType__full;
	}
	o->sourceVolumeId = id_str(soap, v->parent_volume_id);
	o->sourceSnapshotId = id_str(soap, v->parent_snapshot_id);
}

static void conv_port(struct soap *soap, struct slgw__TargetPort *o, const store_port *p)
{
	memset(o, 0, sizeof *o);
	o->storageSystemId = id_str(soap, p->system_id);
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

static void conv_snapshot(struct soap *soap, struct slgw__Snapshot *o, const store_snapshot *s)
{
	memset(o, 0, sizeof *o);
	o->id = id_str(soap, s->id);
	o->name = soap_strdup(soap, s->name ? s->name : "");
	o->volumeId = id_str(soap, s->volume_id);
	if (!o->volumeId)
		o->volumeId = soap_strdup(soap, "");
	o->tenantId = id_str(soap, s->tenant_id);
	o->arrayName = soap_strdup(soap, s->array_name);
	o->createdAt = time_ptr(soap, s->created);
	o->state = soap_strdup(soap, store_state_name(s->state));
}

static void conv_tenant(struct soap *soap, struct slgw__Tenant *o, const store_tenant *t)
{
	memset(o, 0, sizeof *o);
	o->id = id_str(soap, t->id);
	o->name = soap_strdup(soap, t->name ? t->name : "");
	o->description = soap_strdup(soap, t->description);
	o->createdAt = time_ptr(soap, t->created);
}

static void conv_user(struct soap *soap, struct slgw__User *o, const store_user *u)
{
	memset(o, 0, sizeof *o);
	o->name = soap_strdup(soap, u->name ? u->name : "");
	o->role = u->role == STORE_ROLE_ADMIN ? slgw__Role__admin : slgw__Role__tenant;
	o->tenantId = id_str(soap, u->tenant_id);
	o->createdAt = time_ptr(soap, u->created);
}

static void conv_grant(struct soap *soap, struct slgw__StoragePoolGrant *o, const store_grant *g)
{
	store *st = srv_conn_store(soap);
	store_pool *pool = NULL;
	store_grant_usage *use = NULL;
	size_t n = 0;
	store_filter f = { 0 };
	int k = 0;

	memset(o, 0, sizeof *o);
	o->tenantId = id_str(soap, g->tenant_id);
	o->storagePoolId = id_str(soap, g->pool_id);
	if (st && store_pool_get(&pool, st, g->pool_id) == 0 && pool)
		o->storageSystemId = id_str(soap, pool->system_id);
	store_pool_free(pool);
	if (!o->storageSystemId)
		o->storageSystemId = soap_strdup(soap, "");
	o->quotaMB = g->quota_mb;
	if (g->max_volumes > 0)
		o->maxVolumes = int_ptr(soap, (int)g->max_volumes);
	o->provisioningType = zalloc(soap, 2 * sizeof *o->provisioningType);
	if (o->provisioningType) {
		int mask = g->prov_allowed ? g->prov_allowed : STORE_PROV_MASK_ALL;
		if (mask & STORE_PROV_MASK(STORE_PROV_THIN))
			o->provisioningType[k++] = slgw__ProvisioningType__THIN;
		if (mask & STORE_PROV_MASK(STORE_PROV_THICK))
			o->provisioningType[k++] = slgw__ProvisioningType__THICK;
		o->__sizeprovisioningType = k;
	}
	o->frozen = bool_ptr(soap, g->frozen);
	f.tenant_id = g->tenant_id;
	f.pool_id = g->pool_id;
	if (st && store_grant_usage_list(&use, &n, st, &f) == 0 && n > 0) {
		o->usedMB = long_ptr(soap, use[0].used_mb);
		o->volumeCount = int_ptr(soap, (int)use[0].volumes);
	}
	store_grant_usage_array_free(use, n);
}

/* A host with its initiators and per-array state, read from the store
 * after the broker has checked that the caller may see the host. */
static void conv_host(struct soap *soap, struct slgw__Host *o, const store_host *h)
{
	store *st = srv_conn_store(soap);
	store_initiator *ini = NULL;
	store_host_system *hs = NULL;
	size_t ni = 0, nh = 0;
	store_filter f = { 0 };

	memset(o, 0, sizeof *o);
	o->id = id_str(soap, h->id);
	o->name = soap_strdup(soap, h->name ? h->name : "");
	o->tenantId = id_str(soap, h->tenant_id);
	o->hostAddress = soap_strdup(soap, h->ip);
	o->failoverMode = failover_ptr(soap, h->failover_wanted);
	if (!st)
		return;
	f.host_id = h->id;
	if (store_initiator_list(&ini, &ni, st, &f) == 0 && ni > 0) {
		o->initiator = zalloc(soap, sizeof *o->initiator * ni);
		for (size_t i = 0; o->initiator && i < ni; i++) {
			o->initiator[i].id = soap_strdup(soap, ini[i].address ? ini[i].address : "");
			o->initiator[i].protocol = ini[i].kind == STORE_PROTO_FC ?
							   slgw__Protocol__fc :
							   slgw__Protocol__iscsi;
			o->__sizeinitiator++;
		}
	}
	store_initiator_array_free(ini, ni);
	if (store_host_system_list(&hs, &nh, st, &f) == 0 && nh > 0) {
		o->array = zalloc(soap, sizeof *o->array * nh);
		for (size_t i = 0; o->array && i < nh; i++) {
			struct slgw__HostArrayState *a = &o->array[o->__sizearray++];
			a->storageSystemId = id_str(soap, hs[i].system_id);
			a->storageGroup = soap_strdup(soap, hs[i].storage_group ?
								    hs[i].storage_group :
								    "");
			a->failoverMode = hs[i].failover_applied == STORE_FAILOVER_PNR ?
						  slgw__FailoverMode__PNR :
						  slgw__FailoverMode__ALUA;
		}
	}
	store_host_system_array_free(hs, nh);
}

static void conv_assignment(struct soap *soap, struct slgw__Assignment *o,
			    const store_assignment *a)
{
	store *st = srv_conn_store(soap);
	store_volume *v = NULL;

	memset(o, 0, sizeof *o);
	o->volumeId = id_str(soap, a->volume_id);
	o->hostId = id_str(soap, a->host_id);
	o->storageSystemId = id_str(soap, a->system_id);
	o->hlu = a->hlu;
	if (st && store_volume_get(&v, st, a->volume_id) == 0 && v) {
		o->lunWwn = soap_strdup(soap, v->wwn);
		if (v->lun_id >= 0)
			o->arrayLunId = int_ptr(soap, (int)v->lun_id);
	}
	store_volume_free(v);
	/* The mode in force is the host's registration on that array. */
	store_host_system *hs = NULL;
	if (st && store_host_system_get(&hs, st, a->host_id, a->system_id) == 0 && hs)
		o->failoverMode = failover_ptr(soap, hs->failover_applied);
	store_host_system_free(hs);
}

/* The assignment described by an assign job's result JSON. */
static struct slgw__Assignment *assignment_from_json(struct soap *soap, json_t *r)
{
	struct slgw__Assignment *o = zalloc(soap, sizeof *o);
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
			id_str(soap, json_integer_value(json_object_get(r, "system_id")));
	if (!o->volumeId)
		o->volumeId = soap_strdup(soap, "");
	if (!o->hostId)
		o->hostId = soap_strdup(soap, "");
	o->hlu = (int)json_integer_value(json_object_get(r, "hlu"));
	o->lunWwn = soap_strdup(soap, json_string_value(json_object_get(r, "wwn")));
	if (json_is_integer(json_object_get(r, "lun_id")))
		o->arrayLunId = int_ptr(soap, (int)json_integer_value(json_object_get(r, "lun_id")));
	{
		json_t *fm = json_object_get(r, "failover_mode");
		int mode = json_is_integer(fm) ? (int)json_integer_value(fm) : 0;
		const char *ms = json_string_value(fm);
		if (mode == 1 || (ms && (!strcasecmp(ms, "pnr") || !strcmp(ms, "1"))))
			o->failoverMode = failover_ptr(soap, STORE_FAILOVER_PNR);
		else if (mode == 4 || (ms && (!strcasecmp(ms, "alua") || !strcmp(ms, "4"))))
			o->failoverMode = failover_ptr(soap, STORE_FAILOVER_ALUA);
	}
	if (json_is_array(targets) && json_array_size(targets) > 0) {
		size_t n = json_array_size(targets);
		o->target = zalloc(soap, sizeof *o->target * n);
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
	o->drift = zalloc(soap, sizeof *o->drift * n);
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

static struct slgw__Job *conv_job(struct soap *soap, struct call *cl, const store_job *j)
{
	struct slgw__Job *o = zalloc(soap, sizeof *o);
	json_t *r = NULL;

	if (!o)
		return NULL;
	o->id = id_str(soap, j->id);
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
	o->tenantId = id_str(soap, j->tenant_id);
	o->createdAt = time_ptr(soap, j->created);
	o->updatedAt = time_ptr(soap, j->updated);
	if (j->state == STORE_JOB_FAILED) {
		enum slgw_code code = slgw_code_from_name(j->error_code);
		o->errorCode = soap_malloc(soap, sizeof *o->errorCode);
		if (code == SLGW_OK)
			code = SLGW_INTERNAL;
		if (o->errorCode)
			*o->errorCode = (enum slgw__ErrorCode)(code - 1);
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
				o->storageSystem = zalloc(soap, sizeof *o->storageSystem);
				if (o->storageSystem) {
					conv_system(soap, o->storageSystem, s);
					drift_from_json(soap, o->storageSystem,
							json_object_get(r, "drift"));
				}
			}
			store_system_free(s);
		} else if (!strncmp(j->kind, "assign", 6) || strstr(j->kind, ".assign")) {
			o->assignment = assignment_from_json(soap, r);
		} else if (strstr(j->kind, "snapshot") && !strstr(j->kind, "delete")) {
			const char *snid = json_id(r, "snapshot_id", buf, sizeof buf);
			store *st2 = srv_conn_store(soap);
			store_snapshot *sn = NULL;
			if (snid && st2 && store_snapshot_get(&sn, st2, strtoll(snid, NULL, 10)) == 0 &&
			    sn) {
				o->snapshot = zalloc(soap, sizeof *o->snapshot);
				if (o->snapshot)
					conv_snapshot(soap, o->snapshot, sn);
			}
			store_snapshot_free(sn);
		} else if (!strncmp(j->kind, "host.", 5) && !strstr(j->kind, "remove")) {
			store_host *h = NULL;
			const char *hid = json_id(r, "host_id", buf, sizeof buf);
			if (hid && !broker_get_host(&h, cl->b, &who, hid, &st) && h) {
				o->host = zalloc(soap, sizeof *o->host);
				if (o->host)
					conv_host(soap, o->host, h);
			}
			store_host_free(h);
		} else if (vid && !strstr(j->kind, "delete")) {
			store_volume *v = NULL;
			if (!broker_get_storage_volume(&v, cl->b, &who, vid, &st) && v) {
				o->storageVolume = zalloc(soap, sizeof *o->storageVolume);
				if (o->storageVolume)
					conv_volume(soap, o->storageVolume, v);
			}
			store_volume_free(v);
		}
	}
	json_decref(r);
	return o;
}

/* Common ending of job operations: fault on refusal, else the Job. */
static int job_answer(struct soap *soap, struct call *cl, int rc, store_job *job,
		      struct slgw__Job **out)
{
	if (rc || !job) {
		store_job_free(job);
		if (!rc)
			cl->st.code = SLGW_INTERNAL;
		return fault_st(soap, &cl->st);
	}
	*out = conv_job(soap, cl, job);
	store_job_free(job);
	if (!*out)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	return SOAP_OK;
}

/* ------------------------------------------------- filtered paging
 * Some list filters are not part of the broker's query (they apply to
 * fields it does not filter on), so they are applied here, to the rows of
 * a page.  To keep a page from coming back short while more matches exist,
 * the page is refilled: after each batch, the next batch asks the broker
 * for exactly as many rows as the page still lacks, continuing from the
 * broker's token, so the token handed to the client always points just
 * past the last row examined and nothing is skipped or repeated.  The
 * number of batches is bounded (REFILL_MAX_ROUNDS): a filter matching
 * almost nothing in a huge table then yields a short page with a token,
 * which the contract allows, instead of an unbounded scan in one call.
 */
#define REFILL_MAX_ROUNDS 64

struct refill {
	struct broker_page pg; /* what the next batch asks */
	size_t want;           /* rows the page may hold */
	char *tok;             /* token after the last batch (owned) */
	int rounds;
};

static void refill_init(struct refill *r, const struct call *cl)
{
	r->pg = cl->page;
	r->want = cl->page.limit > 0 ? (size_t)cl->page.limit : 100;
	if (r->want > 1000)
		r->want = 1000;
	r->tok = NULL;
	r->rounds = 0;
}

/* Takes the broker's *next; 1 when another batch should be fetched for a
 * page holding `have` rows. */
static int refill_more(struct refill *r, size_t have, char **next)
{
	free(r->tok);
	r->tok = *next;
	*next = NULL;
	if (!r->tok || !*r->tok || have >= r->want || ++r->rounds >= REFILL_MAX_ROUNDS)
		return 0;
	r->pg.page_token = r->tok;
	r->pg.limit = (int)(r->want - have);
	return 1;
}

#define NEXT_TOKEN(resp, tok)                                      \
	do {                                                       \
		if ((tok) && *(tok))                               \
			(resp)->nextPageToken = soap_strdup(soap, tok); \
		free(tok);                                         \
	} while (0)

/* ====================================================== operations */

int __slgw__getServiceInfo(struct soap *soap, struct _slgw__getServiceInfo *req,
			   struct _slgw__getServiceInfoResponse *resp)
{
	struct srv_conn *c = soap->user;
	struct call cl;
	(void)req;

	if (begin(soap, "getServiceInfo", &cl, 0, NULL, NULL))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	resp->productName = "slgw";
	resp->version = SRV_VERSION;
	resp->apiVersion = 1;
	resp->apiNamespace = SRV_API_NAMESPACE;
	resp->serverTime = time(NULL);
	resp->user = soap_strdup(soap, c->id.user);
	resp->role = c->id.is_admin ? slgw__Role__admin : slgw__Role__tenant;
	resp->tenantId = id_str(soap, c->id.tenant_id);
	/* The store's instance id: drawn once when the store was created,
	 * kept across restarts, upgrades and backups, and the name part the
	 * gateway puts in every array object it creates, so it identifies this
	 * gateway (not the machine it runs on). */
	{
		store *st = srv_conn_store(soap);
		const char *gid = st ? store_instance_id(st) : NULL;
		resp->gatewayId = gid && *gid ? soap_strdup(soap, gid) : NULL;
	}
	return SOAP_OK;
}

int __slgw__enumStorageAdapters(struct soap *soap, struct _slgw__enumStorageAdapters *req,
				struct _slgw__enumStorageAdaptersResponse *resp)
{
	static const struct {
		unsigned bit;
		const char *name;
	} caps[] = { { SLGW_CAP_THIN, "thin" },
		     { SLGW_CAP_THICK, "thick" },
		     { SLGW_CAP_SNAPSHOTS, "snapshots" },
		     { SLGW_CAP_CLONE_SMP, "linkedClones" },
		     { SLGW_CAP_CLONE_MIGRATE, "fullClones" },
		     { SLGW_CAP_ALUA, "alua" },
		     { SLGW_CAP_ISCSI, "iscsi" },
		     { SLGW_CAP_FC, "fc" },
		     { SLGW_CAP_EXPAND, "expand" },
		     { SLGW_CAP_SNAP_RESTORE, "snapshotRestore" } };
	const struct broker_adapter_info *info = NULL;
	size_t n = 0;
	struct call cl;
	(void)req;

	if (begin(soap, "enumStorageAdapters", &cl, 0, NULL, NULL))
		return SOAP_FAULT;
	memset(resp, 0, sizeof *resp);
	if (broker_enum_storage_adapters(&info, &n))
		return srv_fault(soap, SLGW_INTERNAL, "cannot list the adapters");
	resp->storageAdapter = zalloc(soap, sizeof *resp->storageAdapter * (n ? n : 1));
	if (!resp->storageAdapter)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct slgw__StorageAdapter *a = &resp->storageAdapter[i];
		size_t k = 0;
		a->name = soap_strdup(soap, info[i].name);
		a->vendor = soap_strdup(soap, info[i].vendor ? info[i].vendor : "");
		a->description = soap_strdup(soap, info[i].description);
		a->capability = zalloc(soap, sizeof(char *) * (sizeof caps / sizeof caps[0]));
		for (size_t j = 0; a->capability && j < sizeof caps / sizeof caps[0]; j++)
			if (info[i].caps & caps[j].bit)
				a->capability[k++] = (char *)caps[j].name;
		a->__sizecapability = (int)k;
	}
	resp->__sizestorageAdapter = (int)n;
	return SOAP_OK;
}

int __slgw__addStorageSystem(struct soap *soap, struct _slgw__addStorageSystem *req,
			     struct _slgw__addStorageSystemResponse *resp)
{
	struct broker_system_add_req r = { 0 };
	store_job *job = NULL;
	char ports[1024] = "";
	struct call cl;
	int rc;

	if (begin(soap, "addStorageSystem", &cl, 1, req->clientRequestId, req->waitMs))
		return SOAP_FAULT;
	if (!req->adapter || strcmp(req->adapter, "vnx"))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "adapter: '%s' is not a known storage adapter (known: vnx)",
				 req->adapter ? req->adapter : "");
	if (check_name(soap, "name", req->name, 64) || check_address(soap, "spA", req->spA, 1) ||
	    check_address(soap, "spB", req->spB, 0) ||
	    check_path(soap, "securityFile", req->securityFile) ||
	    check_path(soap, "naviseccliPath", req->naviseccliPath))
		return SOAP_FAULT;
	set_object(soap, "system", req->name);
	if (req->scope && (*req->scope < 0 || *req->scope > 2))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "scope: %d is not 0 (global), 1 (local) or 2 (LDAP)", *req->scope);
	if (!req->securityFile && (!req->username || !*req->username || !req->password))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "username and password (or securityFile) are required");
	if (req->username && (strlen(req->username) > 128 || strchr(req->username, '\n')))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "username: invalid");
	if (req->password && (strlen(req->password) > 1024 || strchr(req->password, '\n')))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "password: invalid");
	for (int i = 0; i < req->__sizeallowedTargetPort; i++) {
		const struct slgw__PortRef *p = &req->allowedTargetPort[i];
		size_t len = strlen(ports);
		if (p->portId < 0 || p->portId > 255 || p->vportId < 0 || p->vportId > 255)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "allowedTargetPort[%d]: port ids are 0..255", i);
		snprintf(ports + len, sizeof ports - len, "%s%c-%d", len ? "," : "",
			 p->sp == slgw__SP__B ? 'B' : 'A', p->portId);
	}
	r.adapter = req->adapter;
	r.name = req->name;
	r.spa = req->spA;
	r.spb = req->spB;
	r.username = req->username;
	r.password = req->password;
	r.scope = req->scope ? *req->scope : 0;
	r.secfilepath = req->securityFile;
	r.naviseccli_path = req->naviseccliPath;
	r.failover_policy = !req->failoverPolicy ? NULL :
			    *req->failoverPolicy == slgw__FailoverMode__PNR ? "pnr" :
									       "alua";
	r.allowed_ports = ports[0] ? ports : NULL;
	r.destroy_empty_sg = is_true(req->destroyEmptyStorageGroups);
	r.hlu0_allowed = is_true(req->allowHluZero);
	rc = broker_add_storage_system(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__removeStorageSystem(struct soap *soap, struct _slgw__removeStorageSystem *req,
				struct _slgw__removeStorageSystemResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "removeStorageSystem", &cl, 1, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1))
		return SOAP_FAULT;
	set_object(soap, "system", req->storageSystemId);
	rc = broker_remove_storage_system(cl.b, &cl.who, req->storageSystemId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumStorageSystems(struct soap *soap, struct _slgw__enumStorageSystems *req,
			       struct _slgw__enumStorageSystemsResponse *resp)
{
	store_system *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumStorageSystems", &cl, 0, NULL, NULL) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_storage_systems(&arr, &n, &next, cl.b, &cl.who, &cl.page, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageSystem = zalloc(soap, sizeof *resp->storageSystem * n);
	for (size_t i = 0; resp->storageSystem && i < n; i++)
		conv_system(soap, &resp->storageSystem[resp->__sizestorageSystem++], &arr[i]);
	store_system_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__getStorageSystem(struct soap *soap, struct _slgw__getStorageSystem *req,
			     struct _slgw__getStorageSystemResponse *resp)
{
	store_system *s = NULL;
	struct call cl;

	if (begin(soap, "getStorageSystem", &cl, 0, NULL, NULL) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1))
		return SOAP_FAULT;
	set_object(soap, "system", req->storageSystemId);
	if (broker_get_storage_system(&s, cl.b, &cl.who, req->storageSystemId, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageSystem = zalloc(soap, sizeof *resp->storageSystem);
	if (resp->storageSystem)
		conv_system(soap, resp->storageSystem, s);
	store_system_free(s);
	return SOAP_OK;
}

int __slgw__refreshStorageSystem(struct soap *soap, struct _slgw__refreshStorageSystem *req,
				 struct _slgw__refreshStorageSystemResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "refreshStorageSystem", &cl, 1, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1))
		return SOAP_FAULT;
	set_object(soap, "system", req->storageSystemId);
	rc = broker_refresh_storage_system(cl.b, &cl.who, req->storageSystemId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumStoragePools(struct soap *soap, struct _slgw__enumStoragePools *req,
			     struct _slgw__enumStoragePoolsResponse *resp)
{
	struct broker_pool_info *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumStoragePools", &cl, 0, NULL, NULL) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_storage_pools(&arr, &n, &next, cl.b, &cl.who, req->storageSystemId,
				      &cl.page, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storagePool = zalloc(soap, sizeof *resp->storagePool * n);
	for (size_t i = 0; resp->storagePool && i < n; i++) {
		struct slgw__StoragePool *o = &resp->storagePool[resp->__sizestoragePool++];
		const store_pool *p = arr[i].pool;
		int mask, k = 0;
		if (!p)
			continue;
		o->id = id_str(soap, p->id);
		o->storageSystemId = id_str(soap, p->system_id);
		o->name = soap_strdup(soap, p->name ? p->name : "");
		o->arrayPoolId = (int)p->array_id;
		o->sizeMB = p->capacity_mb;
		o->freeMB = p->free_mb;
		o->state = soap_strdup(soap, p->array_state);
		mask = p->prov_supported ? p->prov_supported : STORE_PROV_MASK_ALL;
		o->provisioningType = zalloc(soap, 2 * sizeof *o->provisioningType);
		if (o->provisioningType) {
			if (mask & STORE_PROV_MASK(STORE_PROV_THIN))
				o->provisioningType[k++] = slgw__ProvisioningType__THIN;
			if (mask & STORE_PROV_MASK(STORE_PROV_THICK))
				o->provisioningType[k++] = slgw__ProvisioningType__THICK;
			o->__sizeprovisioningType = k;
		}
		if (arr[i].granted) {
			o->quotaMB = long_ptr(soap, (int64_t)arr[i].quota_mb);
			o->usedMB = long_ptr(soap, (int64_t)arr[i].used_mb);
			o->leftMB = long_ptr(soap, (int64_t)arr[i].left_mb);
			if (arr[i].max_volumes >= 0)
				o->maxVolumes = int_ptr(soap, (int)arr[i].max_volumes);
			o->volumeCount = int_ptr(soap, (int)arr[i].volume_count);
			o->frozen = bool_ptr(soap, arr[i].frozen);
		}
		if (!o->id)
			o->id = soap_strdup(soap, "");
		if (!o->storageSystemId)
			o->storageSystemId = soap_strdup(soap, "");
	}
	broker_pool_info_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__enumStorageSystemTargetPorts(struct soap *soap,
					 struct _slgw__enumStorageSystemTargetPorts *req,
					 struct _slgw__enumStorageSystemTargetPortsResponse *resp)
{
	store_port *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumStorageSystemTargetPorts", &cl, 0, NULL, NULL) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	set_object(soap, "system", req->storageSystemId);
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->targetPort = zalloc(soap, sizeof *resp->targetPort * rf.want);
	if (!resp->targetPort)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_target_ports(&arr, &n, &next, cl.b, &cl.who, req->storageSystemId,
					     &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizetargetPort < rf.want; i++) {
			if (req->protocol &&
			    (*req->protocol == slgw__Protocol__fc) != (arr[i].proto == STORE_PROTO_FC))
				continue;
			conv_port(soap, &resp->targetPort[resp->__sizetargetPort++], &arr[i]);
		}
		store_port_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizetargetPort, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

int __slgw__allocateStorage(struct soap *soap, struct _slgw__allocateStorage *req,
			    struct _slgw__allocateStorageResponse *resp)
{
	struct broker_allocate_req r = { 0 };
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "allocateStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    check_id(soap, "storagePoolId", req->storagePoolId, 1) ||
	    check_name(soap, "name", req->name, 128) || check_size(soap, "sizeMB", req->sizeMB) ||
	    check_id(soap, "tenantId", req->tenantId, 0))
		return SOAP_FAULT;
	set_object(soap, "volume", req->name);
	if (req->tenantId && !cl.who.is_admin)
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "tenantId: only an admin may allocate on behalf of a tenant");
	r.system_id = req->storageSystemId;
	r.pool_id = req->storagePoolId;
	r.name = req->name;
	r.size_mb = (uint64_t)req->sizeMB;
	r.provisioning = req->provisioning == slgw__ProvisioningType__THIN ? STORE_PROV_THIN :
									     STORE_PROV_THICK;
	r.tenant_id = req->tenantId;
	rc = broker_allocate_storage(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__resizeStorage(struct soap *soap, struct _slgw__resizeStorage *req,
			  struct _slgw__resizeStorageResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "resizeStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "volumeId", req->volumeId, 1) || check_size(soap, "sizeMB", req->sizeMB))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	rc = broker_resize_storage(cl.b, &cl.who, req->volumeId, (uint64_t)req->sizeMB, &job,
				   &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__deleteStorage(struct soap *soap, struct _slgw__deleteStorage *req,
			  struct _slgw__deleteStorageResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "deleteStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "volumeId", req->volumeId, 1))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	rc = broker_delete_storage(cl.b, &cl.who, req->volumeId, is_true(req->force), &job,
				   &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumStorageVolumes(struct soap *soap, struct _slgw__enumStorageVolumes *req,
			       struct _slgw__enumStorageVolumesResponse *resp)
{
	struct broker_volume_filter f = { 0 };
	store_volume *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumStorageVolumes", &cl, 0, NULL, NULL) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    check_id(soap, "storagePoolId", req->storagePoolId, 0) ||
	    check_id(soap, "tenantId", req->tenantId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (req->namePrefix && strlen(req->namePrefix) > 128)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "namePrefix: too long");
	f.system_id = req->storageSystemId;
	f.pool_id = req->storagePoolId;
	f.name_prefix = req->namePrefix;
	f.tenant_id = req->tenantId;
	if (broker_enum_storage_volumes(&arr, &n, &next, cl.b, &cl.who, &f, &cl.page, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageVolume = zalloc(soap, sizeof *resp->storageVolume * n);
	for (size_t i = 0; resp->storageVolume && i < n; i++)
		conv_volume(soap, &resp->storageVolume[resp->__sizestorageVolume++], &arr[i]);
	store_volume_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__getStorageVolume(struct soap *soap, struct _slgw__getStorageVolume *req,
			     struct _slgw__getStorageVolumeResponse *resp)
{
	store_volume *v = NULL;
	struct call cl;

	if (begin(soap, "getStorageVolume", &cl, 0, NULL, NULL) ||
	    check_id(soap, "volumeId", req->volumeId, 1))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	if (broker_get_storage_volume(&v, cl.b, &cl.who, req->volumeId, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->storageVolume = zalloc(soap, sizeof *resp->storageVolume);
	if (resp->storageVolume)
		conv_volume(soap, resp->storageVolume, v);
	store_volume_free(v);
	return SOAP_OK;
}

int __slgw__getJob(struct soap *soap, struct _slgw__getJob *req, struct _slgw__getJobResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "getJob", &cl, 0, NULL, req->waitMs) ||
	    check_id(soap, "jobId", req->jobId, 1))
		return SOAP_FAULT;
	set_object(soap, "job", req->jobId);
	rc = broker_get_job(&job, cl.b, &cl.who, req->jobId, &cl.st);
	/* waitMs: poll until the job is final or the time is up.  The wait is
	 * capped (GET_JOB_MAX_WAIT_MS) because it holds a worker thread: a
	 * client asking for more gets the job as it is then and asks again. */
	if (!rc && job && req->waitMs && *req->waitMs > 0) {
		int waited = 0;
		int limit = *req->waitMs < GET_JOB_MAX_WAIT_MS ? *req->waitMs : GET_JOB_MAX_WAIT_MS;
		while (!STORE_JOB_TERMINAL(job->state) && waited < limit) {
			struct timespec ts = { 0, 50 * 1000000L };
			store_job *j2 = NULL;
			nanosleep(&ts, NULL);
			waited += 50;
			if (broker_get_job(&j2, cl.b, &cl.who, req->jobId, &cl.st) || !j2)
				break;
			store_job_free(job);
			job = j2;
		}
	}
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumJobs(struct soap *soap, struct _slgw__enumJobs *req,
		     struct _slgw__enumJobsResponse *resp)
{
	static const char *const names[] = { "queued", "running", "succeeded", "failed" };
	store_job *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumJobs", &cl, 0, NULL, NULL) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if ((req->kind && strlen(req->kind) > 64) || (req->objectId && strlen(req->objectId) > 96))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "kind / objectId: too long");
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->job = zalloc(soap, sizeof *resp->job * rf.want);
	if (!resp->job)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_jobs(&arr, &n, &next, cl.b, &cl.who,
				     req->state ? names[*req->state & 3] : NULL, &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizejob < rf.want; i++) {
			struct slgw__Job *j;
			if (req->kind && (!arr[i].kind || strcmp(arr[i].kind, req->kind)))
				continue;
			if (req->objectId && (!arr[i].object || strcmp(arr[i].object, req->objectId)))
				continue;
			/* Lists carry the job itself, not its resulting object. */
			if (arr[i].state == STORE_JOB_SUCCEEDED) {
				free(arr[i].result);
				arr[i].result = NULL;
			}
			j = conv_job(soap, &cl, &arr[i]);
			if (j)
				resp->job[resp->__sizejob++] = *j;
		}
		store_job_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizejob, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

/* ------------------------------------------------------------- hosts */

int __slgw__addHost(struct soap *soap, struct _slgw__addHost *req,
		    struct _slgw__addHostResponse *resp)
{
	struct broker_host_add_req r = { 0 };
	const char **inis = NULL;
	store_job *job = NULL;
	char why[160];
	struct call cl;
	int rc;

	if (begin(soap, "addHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "tenantId", req->tenantId, 0))
		return SOAP_FAULT;
	if (!req->name || access_hostname_valid(req->name, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "name: '%s': %s",
				 req->name ? req->name : "", req->name ? why : "required");
	set_object(soap, "host", req->name);
	if (access_host_ip_valid(req->hostAddress, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "hostAddress: %s", why);
	if (req->tenantId && !cl.who.is_admin)
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "tenantId: only an admin may add a host for a tenant");
	inis = zalloc(soap, sizeof *inis * (size_t)(req->__sizeinitiator + 1));
	if (!inis)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	for (int i = 0; i < req->__sizeinitiator; i++) {
		char field[32], canon[ACCESS_INITIATOR_MAX];
		snprintf(field, sizeof field, "initiator[%d]", i);
		if (check_initiator(soap, field, req->initiator[i].id, req->initiator[i].protocol,
				    canon, sizeof canon))
			return SOAP_FAULT;
		inis[i] = soap_strdup(soap, canon);
	}
	r.name = req->name;
	r.tenant_id = req->tenantId;
	r.initiators = inis;
	r.n_initiators = (size_t)req->__sizeinitiator;
	r.ip = req->hostAddress;
	r.failover_mode = failover_from(req->failoverMode);
	rc = broker_add_host(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__removeHost(struct soap *soap, struct _slgw__removeHost *req,
		       struct _slgw__removeHostResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "removeHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "host", req->hostId);
	rc = broker_remove_host(cl.b, &cl.who, req->hostId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__modifyHost(struct soap *soap, struct _slgw__modifyHost *req,
		       struct _slgw__modifyHostResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "modifyHost", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "host", req->hostId);
	/* Each change is its own job (host.failover / host.address), and the
	 * answer carries one job: so one change per call, never half of two. */
	if (!req->failoverMode && !req->hostAddress)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "give failoverMode or hostAddress (the change to make)");
	if (req->failoverMode && req->hostAddress)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "failoverMode and hostAddress: one change per call (each is "
				 "its own job); send two calls");
	if (req->hostAddress)
		/* validated by the broker: an IPv4 or IPv6 literal, and only
		 * while no array has registered the host under another one */
		rc = broker_set_host_address(cl.b, &cl.who, req->hostId, req->hostAddress, &job,
					     &cl.st);
	else
		rc = broker_set_host_failover(cl.b, &cl.who, req->hostId,
					      failover_from(req->failoverMode),
					      is_true(req->hostOffline), &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__addHostInitiator(struct soap *soap, struct _slgw__addHostInitiator *req,
			     struct _slgw__addHostInitiatorResponse *resp)
{
	store_job *job = NULL;
	char canon[ACCESS_INITIATOR_MAX];
	struct call cl;
	int rc;

	if (begin(soap, "addHostInitiator", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "host", req->hostId);
	if (!req->initiator)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "initiator: required");
	if (check_initiator(soap, "initiator", req->initiator->id, req->initiator->protocol, canon,
			    sizeof canon))
		return SOAP_FAULT;
	rc = broker_add_host_initiator(cl.b, &cl.who, req->hostId, canon, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__removeHostInitiator(struct soap *soap, struct _slgw__removeHostInitiator *req,
				struct _slgw__removeHostInitiatorResponse *resp)
{
	enum access_initiator_kind kind;
	store_job *job = NULL;
	char canon[ACCESS_INITIATOR_MAX], why[160];
	struct call cl;
	int rc;

	if (begin(soap, "removeHostInitiator", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "host", req->hostId);
	if (!req->initiatorId ||
	    access_initiator_normalize(canon, sizeof canon, &kind, req->initiatorId,
				       ACCESS_INIT_UNKNOWN, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "initiatorId: %s",
				 req->initiatorId ? why : "required");
	rc = broker_remove_host_initiator(cl.b, &cl.who, req->hostId, canon, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumHosts(struct soap *soap, struct _slgw__enumHosts *req,
		      struct _slgw__enumHostsResponse *resp)
{
	store_host *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumHosts", &cl, 0, NULL, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (req->namePrefix && strlen(req->namePrefix) > 64)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "namePrefix: too long");
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->host = zalloc(soap, sizeof *resp->host * rf.want);
	if (!resp->host)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_hosts(&arr, &n, &next, cl.b, &cl.who, &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizehost < rf.want; i++) {
			if (req->tenantId && arr[i].tenant_id != strtoll(req->tenantId, NULL, 10))
				continue;
			if (req->namePrefix &&
			    (!arr[i].name || strncmp(arr[i].name, req->namePrefix, strlen(req->namePrefix))))
				continue;
			conv_host(soap, &resp->host[resp->__sizehost++], &arr[i]);
		}
		store_host_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizehost, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

int __slgw__getHost(struct soap *soap, struct _slgw__getHost *req,
		    struct _slgw__getHostResponse *resp)
{
	store_host *h = NULL;
	struct call cl;

	if (begin(soap, "getHost", &cl, 0, NULL, NULL) || check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "host", req->hostId);
	if (broker_get_host(&h, cl.b, &cl.who, req->hostId, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->host = zalloc(soap, sizeof *resp->host);
	if (resp->host)
		conv_host(soap, resp->host, h);
	store_host_free(h);
	return SOAP_OK;
}

int __slgw__assignStorage(struct soap *soap, struct _slgw__assignStorage *req,
			  struct _slgw__assignStorageResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "assignStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "volumeId", req->volumeId, 1) || check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	rc = broker_assign_storage(cl.b, &cl.who, req->volumeId, req->hostId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__unassignStorage(struct soap *soap, struct _slgw__unassignStorage *req,
			    struct _slgw__unassignStorageResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "unassignStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "volumeId", req->volumeId, 1) || check_id(soap, "hostId", req->hostId, 1))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	rc = broker_unassign_storage(cl.b, &cl.who, req->volumeId, req->hostId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumAssignments(struct soap *soap, struct _slgw__enumAssignments *req,
			    struct _slgw__enumAssignmentsResponse *resp)
{
	store_assignment *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumAssignments", &cl, 0, NULL, NULL) ||
	    check_id(soap, "volumeId", req->volumeId, 0) || check_id(soap, "hostId", req->hostId, 0) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->assignment = zalloc(soap, sizeof *resp->assignment * rf.want);
	if (!resp->assignment)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_assignments(&arr, &n, &next, cl.b, &cl.who, req->volumeId, req->hostId,
					    &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizeassignment < rf.want; i++) {
			if (req->storageSystemId &&
			    arr[i].system_id != strtoll(req->storageSystemId, NULL, 10))
				continue;
			conv_assignment(soap, &resp->assignment[resp->__sizeassignment++], &arr[i]);
		}
		store_assignment_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizeassignment, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

/* ----------------------------------------------- snapshots and clones */

int __slgw__createSnapshot(struct soap *soap, struct _slgw__createSnapshot *req,
			   struct _slgw__createSnapshotResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "createSnapshot", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "volumeId", req->volumeId, 1) || check_name(soap, "name", req->name, 64))
		return SOAP_FAULT;
	set_object(soap, "volume", req->volumeId);
	rc = broker_create_snapshot(cl.b, &cl.who, req->volumeId, req->name, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__deleteSnapshot(struct soap *soap, struct _slgw__deleteSnapshot *req,
			   struct _slgw__deleteSnapshotResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "deleteSnapshot", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "snapshotId", req->snapshotId, 1))
		return SOAP_FAULT;
	set_object(soap, "snapshot", req->snapshotId);
	rc = broker_delete_snapshot(cl.b, &cl.who, req->snapshotId, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__enumSnapshots(struct soap *soap, struct _slgw__enumSnapshots *req,
			  struct _slgw__enumSnapshotsResponse *resp)
{
	store_snapshot *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumSnapshots", &cl, 0, NULL, NULL) ||
	    check_id(soap, "volumeId", req->volumeId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_snapshots(&arr, &n, &next, cl.b, &cl.who, req->volumeId, &cl.page, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->snapshot = zalloc(soap, sizeof *resp->snapshot * n);
	for (size_t i = 0; resp->snapshot && i < n; i++)
		conv_snapshot(soap, &resp->snapshot[resp->__sizesnapshot++], &arr[i]);
	store_snapshot_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__restoreSnapshot(struct soap *soap, struct _slgw__restoreSnapshot *req,
			    struct _slgw__restoreSnapshotResponse *resp)
{
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "restoreSnapshot", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "snapshotId", req->snapshotId, 1))
		return SOAP_FAULT;
	set_object(soap, "snapshot", req->snapshotId);
	rc = broker_restore_snapshot(cl.b, &cl.who, req->snapshotId, is_true(req->force), &job,
				     &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

int __slgw__cloneStorage(struct soap *soap, struct _slgw__cloneStorage *req,
			 struct _slgw__cloneStorageResponse *resp)
{
	struct broker_clone_req r = { 0 };
	store_job *job = NULL;
	struct call cl;
	int rc;

	if (begin(soap, "cloneStorage", &cl, 0, req->clientRequestId, req->waitMs) ||
	    check_id(soap, "sourceVolumeId", req->sourceVolumeId, 0) ||
	    check_id(soap, "sourceSnapshotId", req->sourceSnapshotId, 0) ||
	    check_id(soap, "storagePoolId", req->storagePoolId, 0) ||
	    check_name(soap, "name", req->name, 128))
		return SOAP_FAULT;
	if (!req->sourceVolumeId == !req->sourceSnapshotId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "give exactly one of sourceVolumeId and sourceSnapshotId");
	if (req->cloneType == slgw__CloneType__linked && req->storagePoolId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "storagePoolId: a linked clone lives in its source's pool");
	if (req->provisioning)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "provisioning: a clone keeps its source's provisioning in this "
				 "version");
	set_object(soap, req->sourceVolumeId ? "volume" : "snapshot",
		   req->sourceVolumeId ? req->sourceVolumeId : req->sourceSnapshotId);
	r.source_volume_id = req->sourceVolumeId;
	r.source_snapshot_id = req->sourceSnapshotId;
	r.name = req->name;
	r.kind = req->cloneType == slgw__CloneType__full ? STORE_CLONE_FULL : STORE_CLONE_LINKED;
	r.pool_id = req->storagePoolId;
	rc = broker_clone_storage(cl.b, &cl.who, &r, &job, &cl.st);
	memset(resp, 0, sizeof *resp);
	return job_answer(soap, &cl, rc, job, &resp->job);
}

/* --------------------------------------------------------- delegation */

int __slgw__addTenant(struct soap *soap, struct _slgw__addTenant *req,
		      struct _slgw__addTenantResponse *resp)
{
	store_tenant *t = NULL;
	struct call cl;

	if (begin(soap, "addTenant", &cl, 1, req->clientRequestId, NULL) ||
	    check_name(soap, "name", req->name, 64))
		return SOAP_FAULT;
	set_object(soap, "tenant", req->name);
	if (req->description && strlen(req->description) > 1024)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "description: longer than 1024");
	if (broker_add_tenant(&t, cl.b, &cl.who, req->name, req->description, &cl.st) || !t)
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->tenant = zalloc(soap, sizeof *resp->tenant);
	if (resp->tenant)
		conv_tenant(soap, resp->tenant, t);
	store_tenant_free(t);
	return SOAP_OK;
}

int __slgw__removeTenant(struct soap *soap, struct _slgw__removeTenant *req,
			 struct _slgw__removeTenantResponse *resp)
{
	struct call cl;

	if (begin(soap, "removeTenant", &cl, 1, req->clientRequestId, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 1))
		return SOAP_FAULT;
	set_object(soap, "tenant", req->tenantId);
	if (broker_remove_tenant(cl.b, &cl.who, req->tenantId, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

int __slgw__enumTenants(struct soap *soap, struct _slgw__enumTenants *req,
			struct _slgw__enumTenantsResponse *resp)
{
	store_tenant *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumTenants", &cl, 1, NULL, NULL) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if (broker_enum_tenants(&arr, &n, &next, cl.b, &cl.who, &cl.page, &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->tenant = zalloc(soap, sizeof *resp->tenant * n);
	for (size_t i = 0; resp->tenant && i < n; i++)
		conv_tenant(soap, &resp->tenant[resp->__sizetenant++], &arr[i]);
	store_tenant_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}

int __slgw__grantStoragePool(struct soap *soap, struct _slgw__grantStoragePool *req,
			     struct _slgw__grantStoragePoolResponse *resp)
{
	struct broker_grant_req r = { 0 };
	store_grant *g = NULL;
	struct call cl;

	if (begin(soap, "grantStoragePool", &cl, 1, req->clientRequestId, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 1) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    check_id(soap, "storagePoolId", req->storagePoolId, 1))
		return SOAP_FAULT;
	set_object(soap, "tenant", req->tenantId);
	if (req->quotaMB < 0 || req->quotaMB > MAX_SIZE_MB * 64)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "quotaMB: %lld is out of range",
				 (long long)req->quotaMB);
	if (req->maxVolumes && (*req->maxVolumes < 0 || *req->maxVolumes > 1000000))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "maxVolumes: %d is out of range",
				 *req->maxVolumes);
	r.tenant_id = req->tenantId;
	r.system_id = req->storageSystemId;
	r.pool_id = req->storagePoolId;
	r.quota_mb = req->quotaMB;
	r.max_volumes = req->maxVolumes ? *req->maxVolumes : 0;
	if (req->__sizeprovisioningType == 0) {
		r.allow_thin = r.allow_thick = 1;
	} else {
		for (int i = 0; i < req->__sizeprovisioningType; i++) {
			if (req->provisioningType[i] == slgw__ProvisioningType__THIN)
				r.allow_thin = 1;
			else
				r.allow_thick = 1;
		}
	}
	if (broker_grant_storage_pool(&g, cl.b, &cl.who, &r, &cl.st) || !g)
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->grant = zalloc(soap, sizeof *resp->grant);
	if (resp->grant)
		conv_grant(soap, resp->grant, g);
	store_grant_free(g);
	return SOAP_OK;
}

int __slgw__revokeStoragePool(struct soap *soap, struct _slgw__revokeStoragePool *req,
			      struct _slgw__revokeStoragePoolResponse *resp)
{
	struct call cl;
	int freeze;

	if (begin(soap, "revokeStoragePool", &cl, 1, req->clientRequestId, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 1) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 1) ||
	    check_id(soap, "storagePoolId", req->storagePoolId, 1))
		return SOAP_FAULT;
	set_object(soap, "tenant", req->tenantId);
	freeze = is_true(req->freezeOnly);
	if (broker_revoke_storage_pool(cl.b, &cl.who, req->tenantId, req->storagePoolId, freeze,
				       &cl.st))
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	if (freeze) {
		store *st = srv_conn_store(soap);
		store_grant *g = NULL;
		if (st && store_grant_find(&g, st, strtoll(req->tenantId, NULL, 10),
					   strtoll(req->storagePoolId, NULL, 10)) == 0 &&
		    g) {
			resp->grant = zalloc(soap, sizeof *resp->grant);
			if (resp->grant)
				conv_grant(soap, resp->grant, g);
		}
		store_grant_free(g);
	}
	return SOAP_OK;
}

int __slgw__enumStoragePoolGrants(struct soap *soap, struct _slgw__enumStoragePoolGrants *req,
				  struct _slgw__enumStoragePoolGrantsResponse *resp)
{
	store_grant *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumStoragePoolGrants", &cl, 0, NULL, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 0) ||
	    check_id(soap, "storageSystemId", req->storageSystemId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->grant = zalloc(soap, sizeof *resp->grant * rf.want);
	if (!resp->grant)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_grants(&arr, &n, &next, cl.b, &cl.who, req->tenantId, &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizegrant < rf.want; i++) {
			struct slgw__StoragePoolGrant *o = &resp->grant[resp->__sizegrant];
			conv_grant(soap, o, &arr[i]);
			if (req->storageSystemId && strcmp(o->storageSystemId, req->storageSystemId))
				continue;
			resp->__sizegrant++;
		}
		store_grant_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizegrant, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

int __slgw__addUser(struct soap *soap, struct _slgw__addUser *req,
		    struct _slgw__addUserResponse *resp)
{
	store_user *u = NULL;
	struct call cl;

	if (begin(soap, "addUser", &cl, 1, req->clientRequestId, NULL) ||
	    check_user_name(soap, "name", req->name) ||
	    check_password(soap, "password", req->password) ||
	    check_id(soap, "tenantId", req->tenantId, 0))
		return SOAP_FAULT;
	set_object(soap, "user", req->name);
	if (req->role == slgw__Role__tenant && !req->tenantId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "tenantId: required for role tenant");
	if (req->role == slgw__Role__admin && req->tenantId)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT,
				 "tenantId: an admin user belongs to no tenant");
	if (broker_add_user(&u, cl.b, &cl.who, req->name, req->password,
			    req->role == slgw__Role__admin ? "admin" : "tenant", req->tenantId,
			    &cl.st) ||
	    !u)
		return fault_st(soap, &cl.st);
	memset(resp, 0, sizeof *resp);
	resp->user = zalloc(soap, sizeof *resp->user);
	if (resp->user)
		conv_user(soap, resp->user, u);
	store_user_free(u);
	return SOAP_OK;
}

int __slgw__removeUser(struct soap *soap, struct _slgw__removeUser *req,
		       struct _slgw__removeUserResponse *resp)
{
	struct call cl;

	if (begin(soap, "removeUser", &cl, 1, req->clientRequestId, NULL) ||
	    check_user_name(soap, "name", req->name))
		return SOAP_FAULT;
	set_object(soap, "user", req->name);
	if (broker_remove_user(cl.b, &cl.who, req->name, &cl.st))
		return fault_st(soap, &cl.st);
	srv_auth_forget(srv_conn_auth(soap), req->name);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

int __slgw__enumUsers(struct soap *soap, struct _slgw__enumUsers *req,
		      struct _slgw__enumUsersResponse *resp)
{
	store_user *arr = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;
	struct refill rf;

	if (begin(soap, "enumUsers", &cl, 1, NULL, NULL) ||
	    check_id(soap, "tenantId", req->tenantId, 0) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	refill_init(&rf, &cl);
	memset(resp, 0, sizeof *resp);
	resp->user = zalloc(soap, sizeof *resp->user * rf.want);
	if (!resp->user)
		return srv_fault(soap, SLGW_INTERNAL, "out of memory");
	do {
		if (broker_enum_users(&arr, &n, &next, cl.b, &cl.who, &rf.pg, &cl.st)) {
			free(rf.tok);
			return fault_st(soap, &cl.st);
		}
		for (size_t i = 0; i < n && (size_t)resp->__sizeuser < rf.want; i++) {
			if (req->tenantId && arr[i].tenant_id != strtoll(req->tenantId, NULL, 10))
				continue;
			if (req->role && (*req->role == slgw__Role__admin) != (arr[i].role == STORE_ROLE_ADMIN))
				continue;
			conv_user(soap, &resp->user[resp->__sizeuser++], &arr[i]);
		}
		store_user_array_free(arr, n);
		arr = NULL;
		n = 0;
	} while (refill_more(&rf, (size_t)resp->__sizeuser, &next));
	NEXT_TOKEN(resp, rf.tok);
	return SOAP_OK;
}

int __slgw__setUserPassword(struct soap *soap, struct _slgw__setUserPassword *req,
			    struct _slgw__setUserPasswordResponse *resp)
{
	struct call cl;

	if (begin(soap, "setUserPassword", &cl, 0, req->clientRequestId, NULL) ||
	    check_user_name(soap, "name", req->name) ||
	    check_password(soap, "password", req->password))
		return SOAP_FAULT;
	set_object(soap, "user", req->name);
	if (!cl.who.is_admin && strcmp(req->name, cl.who.user))
		return srv_fault(soap, SLGW_PERMISSION_DENIED,
				 "a tenant user may change only its own password");
	if (broker_set_password(cl.b, &cl.who, req->name, req->password, &cl.st))
		return fault_st(soap, &cl.st);
	srv_auth_forget(srv_conn_auth(soap), req->name);
	memset(resp, 0, sizeof *resp);
	return SOAP_OK;
}

/* AuditRecord.tenantId is the tenant's id, as everywhere in the contract;
 * the trail keeps the tenant's name (a record outlives its tenant), so the
 * id is looked up while the tenant exists and the name is all there is
 * once it has been removed. */
static char *audit_tenant_id(struct soap *soap, const char *name)
{
	store_tenant *t = NULL;
	char *out;

	if (!name)
		return NULL;
	if (store_tenant_get_by_name(&t, srv_conn_store(soap), name) == 0 && t) {
		out = id_str(soap, t->id);
		store_tenant_free(t);
		return out;
	}
	store_tenant_free(t);
	return soap_strdup(soap, name);
}

int __slgw__enumAuditRecords(struct soap *soap, struct _slgw__enumAuditRecords *req,
			     struct _slgw__enumAuditRecordsResponse *resp)
{
	struct broker_audit_filter f = { 0 };
	store_audit *arr = NULL;
	store_tenant *t = NULL;
	size_t n = 0;
	char *next = NULL;
	struct call cl;

	if (begin(soap, "enumAuditRecords", &cl, 1, NULL, NULL) ||
	    paging(soap, &cl, req->pageToken, req->limit))
		return SOAP_FAULT;
	if ((req->user && strlen(req->user) > 128) || (req->operation && strlen(req->operation) > 64) ||
	    (req->tenantId && strlen(req->tenantId) > 64))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "user / operation / tenantId: too long");
	f.user = req->user;
	f.operation = req->operation;
	f.since = req->since ? (int64_t)*req->since : 0;
	f.until = req->until ? (int64_t)*req->until : 0;
	/* The trail keeps tenant names; accept an id too. */
	f.tenant = req->tenantId;
	if (req->tenantId && is_id(req->tenantId) &&
	    store_tenant_get(&t, srv_conn_store(soap), strtoll(req->tenantId, NULL, 10)) == 0 && t)
		f.tenant = t->name;
	if (broker_enum_audit(&arr, &n, &next, cl.b, &cl.who, &f, &cl.page, &cl.st)) {
		store_tenant_free(t);
		return fault_st(soap, &cl.st);
	}
	store_tenant_free(t);
	memset(resp, 0, sizeof *resp);
	resp->auditRecord = zalloc(soap, sizeof *resp->auditRecord * n);
	for (size_t i = 0; resp->auditRecord && i < n; i++) {
		struct slgw__AuditRecord *o = &resp->auditRecord[resp->__sizeauditRecord++];
		const char *outcome;
		memset(o, 0, sizeof *o);
		o->id = id_str(soap, arr[i].id);
		o->time = (time_t)arr[i].time;
		o->user = soap_strdup(soap, arr[i].user);
		o->tenantId = audit_tenant_id(soap, arr[i].tenant);
		o->operation = soap_strdup(soap, arr[i].operation ? arr[i].operation : "");
		o->objectId = soap_strdup(soap, arr[i].object);
		/* the store writes "ok"; the contract's success value is "OK" */
		outcome = arr[i].outcome ? arr[i].outcome : "";
		o->outcome = soap_strdup(soap, strcmp(outcome, "ok") ? outcome : "OK");
		o->message = soap_strdup(soap, arr[i].detail);
	}
	store_audit_array_free(arr, n);
	NEXT_TOKEN(resp, next);
	return SOAP_OK;
}
