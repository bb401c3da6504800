/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_conn.h - slgw's session with the gateway (cli_conn.c).
 *
 * The session is a gateway client of gateway/client (slgw_client.h): one
 * gSOAP context per run, keep-alive, TLS with the server certificate
 * verified either against a CA file (--cacert, host name checked) or a
 * pinned SHA-256 fingerprint of the server's own certificate (--fingerprint;
 * the demo's self-signed certificate is used this way), or else the system
 * CA store, and failover over a --server list at connect time. The commands
 * run the generated stubs on cli_soap(c) with c->set.endpoint (the server
 * the client is on); every call goes through cli_check(), which turns a
 * SOAP fault or a transport error into a message on stderr and the
 * documented exit status. Mutating calls answer a Job; cli_job_finish()
 * waits for it with the library's job wait.
 */
#ifndef SLGW_CLI_CONN_H
#define SLGW_CLI_CONN_H

#include "cli.h"
#include "slgw_client.h"
#include "soapH.h"

struct cli_ctx {
	slgw_client *client;
	struct soap *soap;   /* the client's context */
	struct cli_settings set; /* after cli_conn_open, set.endpoint is the
				  * client's current server (not owned) */
	bool json;           /* --json */
	bool no_wait;        /* --no-wait: print the job id, do not wait */
	bool quiet;          /* --quiet: no progress output */
	int timeout_s;       /* --timeout: give up waiting after this (0: never) */
	int limit;           /* --limit for lists (0: all pages) */
	const char *request_id; /* --request-id: clientRequestId of the call */
	bool tty;            /* stderr is a terminal: draw a progress bar */
	int last_progress;   /* of the job being waited for (-1: none shown) */
};

/* cli_soap: the context, with the HTTP credentials set for the next call
 * (gSOAP clears them after every call, so each call sets them again). */
static inline struct soap *cli_soap(struct cli_ctx *c)
{
	return slgw_client_soap(c->client);
}

/* cli_conn_open: create the gateway client for c->set (TLS trust set up as
 * described above, credentials attached). Returns 0 or an exit status
 * (message printed). */
int cli_conn_open(struct cli_ctx *c);

/* cli_conn_close: end the session and free everything gSOAP allocated. */
void cli_conn_close(struct cli_ctx *c);

/* cli_check: rc of a soap_call_*: 0 for SOAP_OK, otherwise prints
 * "slgw: CODE: message" to stderr and returns the exit status. */
int cli_check(struct cli_ctx *c, int rc);

/* cli_fault_code: the code of the fault the last call got ("NOT_FOUND",
 * ...), or NULL when it was not a gateway fault. */
const char *cli_fault_code(struct cli_ctx *c);

/* cli_wait_ms: the waitMs to send with a mutating call (0 with --no-wait,
 * else how long the server may hold the call for the job), as a pointer
 * into c's soap memory. */
int *cli_wait_ms(struct cli_ctx *c);

/* cli_job_finish: handle the Job a mutating call returned: with --no-wait
 * print its id (or the job as JSON) and return 0 unless it has already
 * FAILED; otherwise poll getJob until it is
 * SUCCEEDED or FAILED (progress on stderr), then print the result object
 * (or the job) and return 0, or the exit status of its error code.
 * result_key names the resulting object to show ("storageVolume", ...)
 * or NULL for the job itself. */
int cli_job_finish(struct cli_ctx *c, struct slgw__Job *job, const char *result_key);

/* cli_emit_list: print an array of records (table or --json). Steals rows. */
void cli_emit_list(struct cli_ctx *c, json_t *rows, const struct cli_column *cols, size_t ncols);

/* cli_emit_one: print one record (key: value lines or --json). Steals obj. */
void cli_emit_one(struct cli_ctx *c, json_t *obj);

/* CLI_PAGE_LOOP_CHECKED: call a paged enum operation, convert every item
 * with conv and append it to the json array rows, following nextPageToken
 * until the end or c->limit items. A failed call goes through check(c, rc)
 * (cli_check prints it); a non-zero answer frees rows and returns it from
 * the enclosing function. */
#define CLI_PAGE_LOOP_CHECKED(c, check, req, call, resp_t, field, sizefield, conv, rows)          \
	do {                                                                                      \
		for (;;) {                                                                        \
			resp_t resp_ = { 0 };                                                     \
			int rc_ = check((c), call(cli_soap(c), (c)->set.endpoint, NULL, &(req),   \
						  &resp_));                                       \
			if (rc_) {                                                                \
				json_decref(rows);                                                \
				return rc_;                                                       \
			}                                                                         \
			for (int i_ = 0; resp_.field && i_ < resp_.sizefield; i_++) {             \
				if ((c)->limit && json_array_size(rows) >= (size_t)(c)->limit)    \
					break;                                                    \
				json_array_append_new(rows, conv((c)->soap, &resp_.field[i_]));   \
			}                                                                         \
			if (!resp_.nextPageToken || !*resp_.nextPageToken ||                      \
			    ((c)->limit && json_array_size(rows) >= (size_t)(c)->limit))          \
				break;                                                            \
			(req).pageToken = resp_.nextPageToken;                                    \
		}                                                                                 \
	} while (0)

/* PAGE_LOOP: CLI_PAGE_LOOP_CHECKED with cli_check (errors printed). */
#define PAGE_LOOP(c, req, call, resp_t, field, sizefield, conv, rows) \
	CLI_PAGE_LOOP_CHECKED(c, cli_check, req, call, resp_t, field, sizefield, conv, rows)

/* cli_strdup: a copy in the soap context's memory (freed with it). */
char *cli_strdup(struct cli_ctx *c, const char *s);

#endif
