/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_checks.c - the framing of every SOAP call and the checks of its input.
 *
 * Every operation starts with srv_call_begin() (overload, authentication,
 * role, the common fields) and then checks its own fields here, before
 * anything reaches the broker: a refusal is an INVALID_ARGUMENT fault that
 * names the field, so a client can fix its request without guessing.
 *
 * The rules that the broker also enforces (object names, user names,
 * passwords, volume sizes) are not written here: they come from
 * broker_rules.h, so the service and the broker can never disagree about
 * what is valid; this file only adds the field name to the reason.  The
 * checks that only the SOAP edge needs (ids as decimal text, SP addresses,
 * paths, initiators' syntax through broker_access.h) stay local.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "srv_service_internal.h"
#include "broker_access.h"

/* ------------------------------------------------------ call framing */

void srv_call_object(struct soap *soap, const char *kind, const char *id)
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

int srv_call_begin(struct soap *soap, const char *op, struct srv_call *cl, int admin_only,
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
		if (*wait_ms < 0 || *wait_ms > SRV_MAX_WAIT_MS)
			return srv_fault(soap, SLGW_INVALID_ARGUMENT,
					 "waitMs: %d is out of range 0..%d", *wait_ms, SRV_MAX_WAIT_MS);
		cl->who.wait_ms = *wait_ms;
	}
	return 0;
}

int srv_call_paging(struct soap *soap, struct srv_call *cl, const char *token, const int *limit)
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

int srv_id_job(struct soap *soap, const struct srv_id_job_op *op, const char *id,
	       const enum xsd__boolean *force, const char *request_id, const int *wait_ms,
	       struct slgw__Job **out)
{
	store_job *job = NULL;
	struct srv_call cl;
	int rc;

	if (srv_call_begin(soap, op->op, &cl, op->admin_only, request_id, wait_ms) ||
	    srv_check_id(soap, op->field, id, 1))
		return SOAP_FAULT;
	srv_call_object(soap, op->kind, id);
	rc = op->start_force ? op->start_force(cl.b, &cl.who, id, srv_is_true(force), &job, &cl.st) :
			       op->start(cl.b, &cl.who, id, &job, &cl.st);
	return srv_job_answer(soap, &cl, rc, job, out);
}

/* --------------------------------------------------------- validation */

int srv_is_id(const char *v)
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
int srv_check_id(struct soap *soap, const char *field, const char *v, int required)
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

/* Object names: broker_rule_name (letters, digits, '.', '_', '-'). */
int srv_check_name(struct soap *soap, const char *field, const char *v, size_t max)
{
	char why[256];

	if (broker_rule_name(v, max, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

/* User names: broker_rule_user_name. */
int srv_check_user_name(struct soap *soap, const char *field, const char *v)
{
	char why[256];

	if (broker_rule_user_name(v, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

/* New passwords of gateway users: broker_rule_password. */
int srv_check_password(struct soap *soap, const char *field, const char *v)
{
	char why[128];

	if (broker_rule_password(v, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

/* SP addresses: a host name, IPv4 or IPv6 address. */
int srv_check_address(struct soap *soap, const char *field, const char *v, int required)
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
int srv_check_path(struct soap *soap, const char *field, const char *v)
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

/* Volume sizes in MB: broker_rule_size_mb. */
int srv_check_size(struct soap *soap, const char *field, LONG64 v)
{
	char why[128];

	if (broker_rule_size_mb((long long)v, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

int srv_check_initiator(struct soap *soap, const char *field, const char *id,
			enum slgw__Protocol proto, char *canon, size_t canonlen)
{
	enum broker_access_initiator_kind kind;
	struct broker_status st;

	if (!id || !*id)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: required", field);
	if (broker_access_initiator_normalize(canon, canonlen, &kind, id,
					      proto == slgw__Protocol__fc ? BROKER_ACCESS_INIT_FC :
									    BROKER_ACCESS_INIT_ISCSI,
					      &st))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: '%s': %s", field, id, st.message);
	return 0;
}

/* ------------------------------------------------ attributes (revision 2)
 * The bounds are broker_rules.h's; the broker checks them again. */

int srv_check_description(struct soap *soap, const char *field, const char *v)
{
	char why[160];

	if (v && broker_rule_text(v, BROKER_RULE_DESCRIPTION_MAX, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

int srv_check_collection(struct soap *soap, const char *field, const char *v)
{
	char why[160];

	if (v && broker_rule_collection(v, why, sizeof why))
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %s", field, why);
	return 0;
}

int srv_check_keys(struct soap *soap, const char *field, const struct slgw__KeyValue *kv, int n)
{
	struct broker_status st;
	struct broker_kv *list;

	/* the broker's rule, on the list as the broker will get it */
	if (srv_kv_from(&list, soap, kv, n))
		return SOAP_FAULT;
	if (broker_check_keys(list, n > 0 ? (size_t)n : 0, field, &st))
		return srv_call_fault(soap, &st);
	return 0;
}

int srv_attr_change(struct soap *soap, struct broker_attr_change *chg, size_t name_max,
		    const char *name, const char *description, const struct slgw__KeyValue *set,
		    int n_set, char **unset, int n_unset)
{
	struct broker_kv *kv;

	if ((name && srv_check_name(soap, "name", name, name_max)) ||
	    srv_check_description(soap, "description", description) ||
	    srv_check_keys(soap, "setKey", set, n_set) ||
	    srv_check_key_names(soap, "unsetKey", unset, n_unset))
		return -1;
	if (srv_kv_from(&kv, soap, set, n_set))
		return -1;
	memset(chg, 0, sizeof *chg);
	chg->name = name;
	chg->description = description;
	chg->set = kv;
	chg->n_set = kv ? (size_t)n_set : 0;
	chg->unset = (const char *const *)unset;
	chg->n_unset = unset && n_unset > 0 ? (size_t)n_unset : 0;
	return 0;
}

int srv_check_key_names(struct soap *soap, const char *field, char *const *names, int n)
{
	char why[160];

	if (n > 2 * BROKER_RULE_KEYS_MAX)
		return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s: %d names, more than %d", field, n,
				 2 * BROKER_RULE_KEYS_MAX);
	for (int i = 0; names && i < n; i++)
		if (broker_rule_key_name(names[i], why, sizeof why))
			return srv_fault(soap, SLGW_INVALID_ARGUMENT, "%s[%d]: %s", field, i, why);
	return 0;
}
