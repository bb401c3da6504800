/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_service_internal.h - what the files of the SOAP service layer share.
 *
 * The service is split by resource family (srv_systems.c, srv_volumes.c,
 * srv_hosts.c, srv_snapshots.c, srv_tenants.c) so that each file reads as
 * the contract of one part of the API.  What every operation needs lives in
 * two helper files, declared here and nowhere else (this header is private
 * to gateway/server; srv.h and srv_service.h are the public ones):
 *
 *   srv_checks.c   the call framing (srv_call_begin: overload, authentication,
 *                  role, clientRequestId, waitMs; paging) and the input checks
 *                  that name the offending field; the rules themselves come
 *                  from broker_rules.h so the service and the broker agree;
 *   srv_convert.c  the record converters (store records -> gSOAP structs,
 *                  allocated in the soap context), the jobs' answers, the
 *                  page refill of filtered listings and the ONE table that
 *                  maps broker codes to the API's fault codes.
 *
 * Every operation follows the same four steps:
 *   1. srv_call_begin(): name the operation (metrics, audit), refuse at once
 *      when the server is overloaded (UNAVAILABLE), authenticate the caller
 *      (HTTP Basic -> UNAUTHENTICATED), check the role of admin-only
 *      operations (PERMISSION_DENIED), validate the common fields;
 *   2. validate the operation's own input -> INVALID_ARGUMENT naming the
 *      field, before anything reaches the broker, let alone an array;
 *   3. call the broker; a refusal becomes a fault with the broker's code
 *      and message (srv_call_fault);
 *   4. convert the records / job into the response.
 * Authentication always comes before validation, so an unauthenticated
 * client learns nothing about what would be accepted.
 *
 * The service reads only through the broker (its operations and the
 * "views" at the end of broker.h): tenant scoping is the broker's alone.
 */
#ifndef SLGW_SRV_SERVICE_INTERNAL_H
#define SLGW_SRV_SERVICE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "broker.h"
#include "broker_rules.h"
#include "soapH.h"
#include "srv.h"
#include "srv_service.h"

/* waitMs of job operations: 0..MAX_WAIT_MS. */
#define SRV_MAX_WAIT_MS 600000
/* getJob waits at most this long, whatever waitMs asks (see __slgw__getJob). */
#define SRV_GET_JOB_MAX_WAIT_MS 60000

/* ------------------------------------------------ call (srv_checks.c) */

/* One SOAP call: who asks, the broker, the broker's status, the page. */
struct srv_call {
	struct broker_caller who;
	broker *b;
	struct broker_status st;
	struct broker_page page;
};

/* Step 1 of every operation; 0 to go on, SOAP_FAULT when refused. */
int srv_call_begin(struct soap *soap, const char *op, struct srv_call *cl, int admin_only,
		   const char *request_id, const int *wait_ms);
/* pageToken / limit into cl->page; 0 or SOAP_FAULT. */
int srv_call_paging(struct soap *soap, struct srv_call *cl, const char *token, const int *limit);
/* What the call is about ("volume/12"), for the audit and the fault. */
void srv_call_object(struct soap *soap, const char *kind, const char *id);
/* The broker's refusal as a fault. */
int srv_call_fault(struct soap *soap, const struct broker_status *st);

/* The job operations that name one object and pass nothing else to the
 * broker but, for some, the request's force flag (remove or refresh a
 * system, remove a host, delete a snapshot; delete a volume and restore a
 * snapshot, with force) differ only in these fields, so each is one
 * constant and the four steps are written once, in srv_id_job(). */
struct srv_id_job_op {
	const char *op;    /* the operation's name (metrics, audit) */
	int admin_only;
	const char *field; /* the request field holding the id */
	const char *kind;  /* the object, for srv_call_object ("host") */
	int (*start)(broker *b, const struct broker_caller *c, const char *id,
		     store_job **job_out, struct broker_status *st);
	/* instead of start, for the operations with a force flag */
	int (*start_force)(broker *b, const struct broker_caller *c, const char *id, int force,
			   store_job **job_out, struct broker_status *st);
};
/* Runs op on the object id (force: the request's flag, for start_force);
 * the Job (or the fault) as srv_job_answer. */
int srv_id_job(struct soap *soap, const struct srv_id_job_op *op, const char *id,
	       const enum xsd__boolean *force, const char *request_id, const int *wait_ms,
	       struct slgw__Job **out);
/* The gSOAP entry point __slgw__name of such an operation: the object id
 * is the request's field idf, start_ the broker's function.  Macros
 * because each entry point has its own request and response types. */
#define SRV_ID_JOB_ENTRY(name, admin, idf, kind_, start_member, start_, force_)              \
	int __slgw__##name(struct soap *soap, struct _slgw__##name *req,                   \
			   struct _slgw__##name##Response *resp)                            \
	{                                                                                  \
		static const struct srv_id_job_op op = {                                   \
			.op = #name, .admin_only = (admin), .field = #idf, .kind = (kind_), \
			.start_member = (start_),                                           \
		};                                                                         \
		memset(resp, 0, sizeof *resp);                                             \
		return srv_id_job(soap, &op, req->idf, (force_), req->clientRequestId,      \
				  req->waitMs, &resp->job);                                 \
	}
#define SRV_ID_JOB_OP(name, admin, idf, kind_, start_) \
	SRV_ID_JOB_ENTRY(name, admin, idf, kind_, start, start_, NULL)
#define SRV_ID_FORCE_JOB_OP(name, idf, kind_, start_) \
	SRV_ID_JOB_ENTRY(name, 0, idf, kind_, start_force, start_, req->force)

/* --------------------------------------------- checks (srv_checks.c)
 * Each returns 0, or SOAP_FAULT with an INVALID_ARGUMENT fault naming field. */

int srv_is_id(const char *v); /* 1 when v looks like a row id (no fault) */
int srv_check_id(struct soap *soap, const char *field, const char *v, int required);
int srv_check_name(struct soap *soap, const char *field, const char *v, size_t max);
int srv_check_user_name(struct soap *soap, const char *field, const char *v);
int srv_check_password(struct soap *soap, const char *field, const char *v);
int srv_check_address(struct soap *soap, const char *field, const char *v, int required);
int srv_check_path(struct soap *soap, const char *field, const char *v);
int srv_check_size(struct soap *soap, const char *field, LONG64 v);
int srv_check_initiator(struct soap *soap, const char *field, const char *id,
			enum slgw__Protocol proto, char *canon, size_t canonlen);
/* Attributes of volumes and snapshots (broker_rules.h's bounds): a
 * description (NULL passes), a collection (NULL passes unless required),
 * a KeyValue list, a list of key names. */
int srv_check_description(struct soap *soap, const char *field, const char *v);
int srv_check_collection(struct soap *soap, const char *field, const char *v);
int srv_check_keys(struct soap *soap, const char *field, const struct slgw__KeyValue *kv, int n);
int srv_check_key_names(struct soap *soap, const char *field, char *const *names, int n);
/* The change of a set...Attributes request: name (at most name_max
 * characters), description, setKey and unsetKey checked as above, in that
 * order, then *chg filled (strings borrowed from the request).  0, or a
 * fault set on soap. */
int srv_attr_change(struct soap *soap, struct broker_attr_change *chg, size_t name_max,
		    const char *name, const char *description, const struct slgw__KeyValue *set,
		    int n_set, char **unset, int n_unset);

/* ------------------------------------------ converters (srv_convert.c) */

/* The API's fault code of a broker code (INTERNAL for anything unknown). */
enum slgw__ErrorCode srv_api_error_code(enum slgw_code code);

char *srv_id_str(struct soap *soap, int64_t id); /* NULL for id <= 0 */
time_t *srv_time_ptr(struct soap *soap, int64_t t); /* NULL for t <= 0 */
int *srv_int_ptr(struct soap *soap, int v);
LONG64 *srv_long_ptr(struct soap *soap, int64_t v);
enum xsd__boolean *srv_bool_ptr(struct soap *soap, int v);
void *srv_zalloc(struct soap *soap, size_t n); /* zeroed, in the soap context */
int srv_is_true(const enum xsd__boolean *b);
enum slgw__FailoverMode *srv_failover_ptr(struct soap *soap, store_failover f);
store_failover srv_failover_from(const enum slgw__FailoverMode *m);

void srv_conv_system(struct soap *soap, struct slgw__StorageSystem *o, const store_system *s);
void srv_conv_pool(struct soap *soap, struct slgw__StoragePool *o,
		   const struct broker_pool_info *p);
void srv_conv_volume(struct soap *soap, struct slgw__StorageVolume *o, const store_volume *v);
void srv_conv_port(struct soap *soap, struct slgw__TargetPort *o, const store_port *p);
void srv_conv_snapshot(struct soap *soap, struct slgw__Snapshot *o, const store_snapshot *s);
/* The request's KeyValue list as the broker's in *out (strings borrowed
 * from the request; NULL for none); an INTERNAL fault when out of memory,
 * so a list is never dropped or left unchecked. */
int srv_kv_from(struct broker_kv **out, struct soap *soap, const struct slgw__KeyValue *kv, int n);
/* The attributes a creating request gives its object (strings borrowed
 * from the request; collection NULL where the request has none); the
 * fault of srv_kv_from. */
int srv_attrs_from(struct soap *soap, struct broker_attrs *a, const char *description,
		    const char *collection, const struct slgw__KeyValue *kv, int n);
void srv_conv_tenant(struct soap *soap, struct slgw__Tenant *o, const store_tenant *t);
void srv_conv_user(struct soap *soap, struct slgw__User *o, const store_user *u);
/* These three complete the record through the broker's views, as cl. */
void srv_conv_grant(struct soap *soap, struct srv_call *cl, struct slgw__StoragePoolGrant *o,
		    const store_grant *g);
void srv_conv_host(struct soap *soap, struct srv_call *cl, struct slgw__Host *o,
		   const store_host *h);
void srv_conv_assignment(struct soap *soap, struct srv_call *cl, struct slgw__Assignment *o,
			 const store_assignment *a);
void srv_conv_audit(struct soap *soap, struct srv_call *cl, struct slgw__AuditRecord *o,
		    const store_audit *a);
/* A job, with its resulting object (looked up as cl) when it succeeded. */
struct slgw__Job *srv_conv_job(struct soap *soap, struct srv_call *cl, const store_job *j);
/* Common ending of job operations: fault on refusal, else the Job. */
int srv_job_answer(struct soap *soap, struct srv_call *cl, int rc, store_job *job,
		   struct slgw__Job **out);
/* The same for the operations answering one volume or snapshot record:
 * fault on refusal, else the record (consumed) converted into *out. */
int srv_volume_answer(struct soap *soap, struct srv_call *cl, int rc, store_volume *v,
		      struct slgw__StorageVolume **out);
int srv_snapshot_answer(struct soap *soap, struct srv_call *cl, int rc, store_snapshot *sn,
			struct slgw__Snapshot **out);

/* ------------------------------------- filtered paging (srv_convert.c)
 * Some list filters are not part of the broker's query (they apply to
 * fields it does not filter on), so they are applied here, to the rows of
 * a page.  To keep a page from coming back short while more matches exist,
 * the page is refilled: after each batch, the next batch asks the broker
 * for exactly as many rows as the page still lacks, continuing from the
 * broker's token, so the token handed to the client always points just
 * past the last row examined and nothing is skipped or repeated.  The
 * number of batches is bounded (SRV_REFILL_MAX_ROUNDS): a filter matching
 * almost nothing in a huge table then yields a short page with a token,
 * which the contract allows, instead of an unbounded scan in one call.
 */
#define SRV_REFILL_MAX_ROUNDS 64

struct srv_refill {
	struct broker_page pg; /* what the next batch asks */
	size_t want;           /* rows the page may hold */
	char *tok;             /* token after the last batch (owned) */
	int rounds;
};

void srv_refill_init(struct srv_refill *r, const struct srv_call *cl);
/* Takes the broker's *next; 1 when another batch should be fetched for a
 * page holding `have` rows. */
int srv_refill_more(struct srv_refill *r, size_t have, char **next);

/* One list call's refilled page.  fetch reads the batch `pg` asks for
 * into *rows / *n / *next (0, or nonzero with cl->st set); take turns one
 * row into the answer element `out`, 1 when it belongs on the page, 0
 * when a filter drops it (the next row then writes over `out`);
 * free_rows frees a batch.  ctx is the caller's (its request). */
struct srv_enum_ops {
	int (*fetch)(void **rows, size_t *n, char **next, struct srv_call *cl,
		     const struct broker_page *pg, const void *ctx);
	int (*take)(struct soap *soap, struct srv_call *cl, void *out, void *row, const void *ctx);
	void (*free_rows)(void *rows, size_t n);
	size_t row_size;  /* one row of a batch */
	size_t elem_size; /* one answer element */
};

/* Fills *elems (soap memory, up to the page's size) and *count with the
 * page and *next_token with the token past the last row examined; SOAP_OK
 * or the fault already set on soap. */
int srv_enum_refilled(void **elems, int *count, char **next_token, struct soap *soap,
		      struct srv_call *cl, const struct srv_enum_ops *ops, const void *ctx);

/* Hands the broker's next-page token (malloc'ed, consumed) to the answer. */
#define SRV_NEXT_TOKEN(resp, tok)                                   \
	do {                                                        \
		if ((tok) && *(tok))                                \
			(resp)->nextPageToken = soap_strdup(soap, tok); \
		free(tok);                                          \
	} while (0)

#endif /* SLGW_SRV_SERVICE_INTERNAL_H */
