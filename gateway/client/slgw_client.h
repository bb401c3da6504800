/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * slgw_client.h - a client of the slgw gateway: settings, the TLS session,
 * calls with failover, errors, and waiting on jobs.
 *
 * Why a library: the `slgw` CLI and the XenServer SMAPIv3 plugin (xapi/)
 * both talk to the gateway; trust (CA file or pinned fingerprint), password
 * files, failover and job waiting are security- and correctness-relevant,
 * so they exist once. The generated gSOAP stubs stay the API: a caller
 * builds the request struct of any operation and runs the generated
 * soap_call___slgw__X through slgw_call() or slgw_call_mutating(), which add
 * the credentials, the current server and failover.
 *
 * Failover. `servers` is one address or a comma-separated list tried in
 * order. A server that refuses the connection, fails the TLS handshake or
 * does not answer within the timeout is left for the next one, and the
 * client stays on the one that worked. Two levels:
 *  - Connecting (TCP + TLS handshake, before a byte of the request is sent)
 *    goes through every server for every call, read or not: nothing has
 *    reached a gateway, so trying another is always safe.
 *  - A failure after the request went out (connection cut, timeout before
 *    the response) leaves it unknown whether the gateway acted. A read
 *    (get..., enum...) is then simply sent to the next server. A MUTATING
 *    call is resent only with a clientRequestId, which the gateway uses to
 *    run it exactly once (a retry answers the first call's job):
 *    slgw_call_mutating() generates a random UUID when the request has
 *    none, and slgw_call() refuses the operations whose request has a
 *    clientRequestId (SLGW_CLIENT_EINVAL). The few changes without one
 *    (set...Attributes, gateway records only) go through slgw_call but are
 *    not resent: the caller gets EUNAVAILABLE and may read the state back.
 * A gateway fault (NOT_FOUND, ...) or an HTTP error is an answer: no
 * failover. No TLS verification is ever skipped: without cacert or
 * fingerprint the system CA store is used, always with the host name check
 * except in fingerprint mode, where the pin of the leaf certificate
 * replaces both, and is checked inside the handshake, so a server that
 * does not match never sees the request or its Basic-auth header.
 *
 * Memory: answers live in the client's gSOAP context until
 * slgw_client_clear() or slgw_client_close(). A client is used by one
 * thread at a time; separate clients are independent (the pin is per
 * client).
 *
 * Return values: 0, or a negative enum slgw_client_error; the message of
 * the last failure is slgw_client_errmsg().
 */
#ifndef SLGW_CLIENT_H
#define SLGW_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "soapH.h"

#define SLGW_CLIENT_DEFAULT_PORT 21605

enum slgw_client_error {
	SLGW_CLIENT_OK = 0,
	SLGW_CLIENT_EINVAL = -1,      /* bad configuration or argument (nothing sent) */
	SLGW_CLIENT_ENOMEM = -2,
	SLGW_CLIENT_EFAULT = -3,      /* the gateway answered a fault: slgw_client_fault_code() */
	SLGW_CLIENT_EAUTH = -4,       /* HTTP 401/403: user or password refused */
	SLGW_CLIENT_ETLS = -5,        /* no trusted connection (pin, CA, host name, handshake) */
	SLGW_CLIENT_EUNAVAILABLE = -6,/* transport: no server reachable / no answer */
	SLGW_CLIENT_EPROTO = -7,      /* an unexpected reply (HTTP status, bad XML) */
	SLGW_CLIENT_ETIMEDOUT = -8,   /* slgw_client_job_wait: the deadline passed */
	SLGW_CLIENT_EJOBFAILED = -9,  /* the job ended FAILED: code in slgw_client_fault_code() */
};

struct slgw_client_config {
	/* "host[:port]", "[v6addr]:port" or "https://host[:port]/", or a
	 * comma-separated list of them tried in order (default port 21605). */
	const char *servers;
	const char *user;
	/* Exactly one of: the password, or a file whose first line is the
	 * password (newline stripped; the file must be a regular file owned
	 * by the caller's effective uid with no group/other permissions,
	 * like ssh private keys). */
	const char *password;
	const char *password_file;
	/* At most one of: a PEM file of the CA (or the self-signed
	 * certificate) with the host name checked, or the SHA-256 of the
	 * server's certificate (64 hex digits, colons and case free). Neither:
	 * the system CA store, host name checked. */
	const char *cacert;
	const char *fingerprint;
	int connect_timeout_s;        /* per server, 0: 15 s; 1..600 */
	int io_timeout_s;             /* send / wait for the answer, 0: 70 s; 1..3600.
	                                 Must exceed the longest waitMs sent. */
	bool allow_http;              /* permit http:// servers (tests only) */
};

typedef struct slgw_client slgw_client;

/* slgw_client_config_check: validate cfg without opening anything (the
 * password file is not read). 0, or SLGW_CLIENT_EINVAL with a message in
 * err naming the setting. */
int slgw_client_config_check(const struct slgw_client_config *cfg, char *err, size_t errlen);

/* slgw_client_open: a client for cfg (validated; the password file read).
 * No connection is made yet: the first call connects. On failure *out is
 * NULL and err holds the message. */
int slgw_client_open(slgw_client **out, const struct slgw_client_config *cfg, char *err,
		     size_t errlen);

/* slgw_client_close: end the session, wipe the password, free everything
 * (also every answer). NULL is allowed. */
void slgw_client_close(slgw_client *cl);

/* slgw_client_clear: free the answers of earlier calls (gSOAP memory). */
void slgw_client_clear(slgw_client *cl);

/* slgw_client_soap: the gSOAP context, for allocating request data
 * (soap_malloc, soap_strdup), with the credentials set for one call. */
struct soap *slgw_client_soap(slgw_client *cl);

/* slgw_client_endpoint: the server the client is on ("https://h:p/"). */
const char *slgw_client_endpoint(const slgw_client *cl);

/* slgw_call: run the operation `op` (getJob, enumStorageVolumes, ...: the X
 * of soap_call___slgw__X) with the request *req and the response *resp;
 * failover as above. Sets rc (an int lvalue) to 0 or a negative code.
 * Refuses (EINVAL) an operation whose request has a clientRequestId.
 *   struct _slgw__getJob req = { .jobId = id };
 *   struct _slgw__getJobResponse resp;
 *   int rc;
 *   slgw_call(rc, cl, getJob, &req, &resp);                              */
#define slgw_call(rc, cl, op, req, resp) SLGW_CLIENT_CALL_((rc), (cl), op, NULL, (req), (resp))

/* slgw_call_mutating: the same for an operation that changes state. When
 * req->clientRequestId is NULL a random UUID is generated and stored there
 * (in the client's gSOAP memory), so the caller can log it or send it
 * again later; a failure after the request went out is retried on the next
 * server with that id. Only compiles for requests with a clientRequestId. */
#define slgw_call_mutating(rc, cl, op, req, resp) \
	SLGW_CLIENT_CALL_((rc), (cl), op, &(req)->clientRequestId, (req), (resp))

/* slgw_client_check: classify the result of a soap_call___slgw__X made
 * directly on slgw_client_soap(cl) (no post-send failover then, but the
 * connect-time failover still applies): 0 for SOAP_OK, else the negative
 * code, with the error recorded for the accessors below. */
int slgw_client_check(slgw_client *cl, int soap_rc);

/* The last failure: the gateway's fault code ("NOT_FOUND", ...; for
 * EJOBFAILED the job's error code) or NULL; the fault detail (objectId,
 * jobId) or NULL; and a message for people: the gateway's words, or what
 * failed on which server(s). Valid until the next call. */
const char *slgw_client_fault_code(const slgw_client *cl);
const struct _slgw__fault *slgw_client_fault(const slgw_client *cl);
const char *slgw_client_errmsg(const slgw_client *cl);

/* slgw_client_progress_fn: told every time a waited job changes state or
 * progress (and once at the start). */
typedef void (*slgw_client_progress_fn)(const struct slgw__Job *job, void *payload);

/* slgw_client_job_wait: poll getJob (with a server-side wait, so no busy
 * loop) until job is SUCCEEDED or FAILED, at most timeout_s seconds
 * (1..864000). *out is the last job seen (in the client's memory): 0 when
 * it SUCCEEDED, SLGW_CLIENT_EJOBFAILED when it FAILED (the job's code and
 * message as the error), SLGW_CLIENT_ETIMEDOUT when still running at the
 * deadline, or the code of a failed getJob (*out the last job seen). A
 * job already final returns at once. progress may be NULL. */
int slgw_client_job_wait(struct slgw__Job **out, slgw_client *cl, const struct slgw__Job *job,
			 int timeout_s, slgw_client_progress_fn progress, void *payload);

/* slgw_client_parse_fingerprint: normalise a SHA-256 fingerprint ("AB:CD:..."
 * or "abcd...", 64 hex digits) into out (lower case, no colons). 0 or
 * SLGW_CLIENT_EINVAL. */
int slgw_client_parse_fingerprint(char out[65], const char *in);

/* slgw_client_parse_servers: the normalised endpoints of a servers string,
 * "https://h:p/" joined by ',' (malloc'ed into *out). 0 or EINVAL with err. */
int slgw_client_parse_servers(char **out, const char *servers, bool allow_http, char *err,
			      size_t errlen);

/* slgw_client_read_password_file: the first line of path (newline
 * stripped, not empty) into *out (malloc'ed; wipe and free it), after the
 * ownership and mode check described at slgw_client_config. 0 or EINVAL
 * with err. */
int slgw_client_read_password_file(char **out, const char *path, char *err, size_t errlen);

/* ---- internals of the call macros (not for direct use) ------------------ */
struct slgw_client_attempt_ {
	slgw_client *cl;
	int tries;
	bool resend;
};
int slgw_client_begin_(struct slgw_client_attempt_ *at, slgw_client *cl, const char *op,
		       char **request_id);
int slgw_client_retry_(int *rc, struct slgw_client_attempt_ *at, int soap_rc);

#define SLGW_CLIENT_CALL_(rc_, cl_, op_, reqid_, req_, resp_)                              \
	do {                                                                                 \
		struct slgw_client_attempt_ at_;                                             \
		(rc_) = slgw_client_begin_(&at_, (cl_), #op_, (reqid_));                     \
		while ((rc_) == 0 &&                                                         \
		       slgw_client_retry_(&(rc_), &at_,                                      \
					  soap_call___slgw__##op_(slgw_client_soap(at_.cl),  \
								  slgw_client_endpoint(at_.cl), \
								  NULL, (req_), (resp_))))   \
			;                                                                    \
	} while (0)

#endif
