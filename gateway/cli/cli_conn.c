/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_conn.c - the gSOAP session, TLS trust, faults and job waiting.
 *
 * TLS trust, three modes (see cli_conn.h). Pinning is done inside the
 * handshake, in OpenSSL's verify callback, so a server whose certificate
 * does not match never sees the request (and its Basic-auth header). The
 * callback accepts chain errors above the leaf (the pin is about the leaf)
 * and decides at depth 0 by the SHA-256 of the DER certificate. gSOAP's
 * callback has no user pointer, hence the file-scope pin: slgw makes one
 * connection per process.
 *
 * Waiting on jobs: the first reply already waited up to waitMs on the
 * server; after that getJob is called with a server-side wait too, so
 * there is no busy polling and progress shows as soon as it changes.
 */
#include "cli_conn.h"
#include "cli_records.h"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The table lives in wsdl/soap_nsmap.c (slgw_soap_common). Naming it here
 * also makes the linker take it from the static library: the only other
 * reference is inside the shared libgsoapssl, which comes later. */
extern struct Namespace namespaces[];

#define CLI_FIRST_WAIT_MS 10000
#define CLI_POLL_WAIT_MS 2000

static char pin_want[65];
static char pin_seen[65];
static int pin_failed;

static void hex_digest(const X509 *cert, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	out[0] = '\0';
	if (!X509_digest(cert, EVP_sha256(), md, &n) || n != 32)
		return;
	for (unsigned int i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int verify_pin(int ok, X509_STORE_CTX *ctx)
{
	X509 *cert = X509_STORE_CTX_get_current_cert(ctx);

	(void)ok;
	if (X509_STORE_CTX_get_error_depth(ctx) > 0) {
		X509_STORE_CTX_set_error(ctx, X509_V_OK);
		return 1;
	}
	if (!cert)
		return 0;
	hex_digest(cert, pin_seen);
	if (strcmp(pin_seen, pin_want) == 0) {
		X509_STORE_CTX_set_error(ctx, X509_V_OK);
		return 1;
	}
	pin_failed = 1;
	return 0;
}

int cli_conn_open(struct cli_ctx *c)
{
	unsigned short flags;
	struct soap *soap;

	c->soap = soap = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
	if (!soap) {
		fprintf(stderr, "slgw: out of memory\n");
		return CLI_EXIT_INTERNAL;
	}
	soap_set_namespaces(soap, namespaces);
	soap->connect_timeout = 15;
	soap->send_timeout = 60;
	/* Long enough for the server-side job wait plus slack. */
	soap->recv_timeout = CLI_FIRST_WAIT_MS / 1000 + 60;
	soap->userid = c->set.user;
	soap->passwd = c->set.password;
	if (strncmp(c->set.endpoint, "https://", 8) != 0)
		return 0;

	soap_ssl_init();
	flags = SOAP_TLSv1_2 | SOAP_TLSv1_3;
	if (c->set.fingerprint) {
		/* The pin replaces CA and host name checks. */
		snprintf(pin_want, sizeof(pin_want), "%s", c->set.fingerprint);
		soap->fsslverify = verify_pin;
		flags |= SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION | SOAP_SSL_SKIP_HOST_CHECK |
			 SOAP_SSL_NO_DEFAULT_CA_PATH;
	} else if (c->set.cacert) {
		if (access(c->set.cacert, R_OK) != 0) {
			fprintf(stderr, "slgw: cannot read the CA file %s\n", c->set.cacert);
			return CLI_EXIT_USAGE;
		}
		flags |= SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION | SOAP_SSL_NO_DEFAULT_CA_PATH;
	} else {
		flags |= SOAP_SSL_REQUIRE_SERVER_AUTHENTICATION;
	}
	if (soap_ssl_client_context(soap, flags, NULL, NULL,
				    c->set.fingerprint ? NULL : c->set.cacert, NULL, NULL) != SOAP_OK) {
		fprintf(stderr, "slgw: TLS setup failed: ");
		soap_print_fault(soap, stderr);
		return c->set.cacert ? CLI_EXIT_USAGE : CLI_EXIT_TLS;
	}
	return 0;
}

void cli_conn_close(struct cli_ctx *c)
{
	if (!c->soap)
		return;
	c->soap->userid = NULL;
	c->soap->passwd = NULL;
	soap_destroy(c->soap);
	soap_end(c->soap);
	soap_free(c->soap);
	c->soap = NULL;
}

static const struct _slgw__fault *fault_detail(struct soap *soap)
{
	if (!soap->fault)
		return NULL;
	if (soap->fault->detail && soap->fault->detail->slgw__fault)
		return soap->fault->detail->slgw__fault;
	if (soap->fault->SOAP_ENV__Detail && soap->fault->SOAP_ENV__Detail->slgw__fault)
		return soap->fault->SOAP_ENV__Detail->slgw__fault;
	return NULL;
}

const char *cli_fault_code(struct cli_ctx *c)
{
	const struct _slgw__fault *f = fault_detail(c->soap);

	return f ? soap_slgw__ErrorCode2s(c->soap, f->code) : NULL;
}

int cli_check(struct cli_ctx *c, int rc)
{
	struct soap *soap = c->soap;
	const struct _slgw__fault *f;

	if (rc == SOAP_OK)
		return 0;
	if (pin_failed) {
		fprintf(stderr,
			"slgw: TLS: the server's certificate does not match the pinned fingerprint\n"
			"  pinned:    %s\n  presented: %s\n",
			pin_want, pin_seen);
		return CLI_EXIT_TLS;
	}
	f = fault_detail(soap);
	if (f) {
		const char *code = soap_slgw__ErrorCode2s(soap, f->code);

		/* The gateway's words go through cli_print_clean: they must
		 * not reach the terminal as escape sequences. */
		fprintf(stderr, "slgw: %s: ", code);
		cli_print_clean(stderr, f->message ? f->message : "(no message)");
		if (f->objectId) {
			fputs(" (object ", stderr);
			cli_print_clean(stderr, f->objectId);
			fputc(')', stderr);
		}
		if (f->jobId) {
			fputs(" (job ", stderr);
			cli_print_clean(stderr, f->jobId);
			fputc(')', stderr);
		}
		fputc('\n', stderr);
		return cli_exit_for_code(code);
	}
	if (rc == 401 || rc == 403) {
		fprintf(stderr, "slgw: UNAUTHENTICATED: the gateway refused user '%s' (HTTP %d)\n",
			c->set.user, rc);
		return CLI_EXIT_UNAUTHENTICATED;
	}
	if (rc == SOAP_SSL_ERROR) {
		fprintf(stderr, "slgw: TLS: cannot establish a trusted connection to %s: %s\n",
			c->set.endpoint, soap->msgbuf[0] ? soap->msgbuf : "handshake failed");
		{
			const char **d = soap_faultdetail(soap);

			if (d && *d)
				fprintf(stderr, "  %s\n", *d);
		}
		fprintf(stderr, "  (trust the server with --cacert FILE or --fingerprint SHA256)\n");
		return CLI_EXIT_TLS;
	}
	if (rc == SOAP_TCP_ERROR || rc == SOAP_EOF || rc == SOAP_HTTP_ERROR || rc == 502 ||
	    rc == 503 || rc == 504) {
		fprintf(stderr, "slgw: UNAVAILABLE: cannot talk to the gateway at %s: ", c->set.endpoint);
		soap_print_fault(soap, stderr);
		return CLI_EXIT_UNAVAILABLE;
	}
	fprintf(stderr, "slgw: INTERNAL: unexpected reply from %s: ", c->set.endpoint);
	soap_print_fault(soap, stderr);
	return CLI_EXIT_INTERNAL;
}

int *cli_wait_ms(struct cli_ctx *c)
{
	int *w = soap_malloc(c->soap, sizeof(int));

	if (w)
		*w = c->no_wait ? 0 : CLI_FIRST_WAIT_MS;
	return w;
}

char *cli_strdup(struct cli_ctx *c, const char *s)
{
	return s ? soap_strdup(c->soap, s) : NULL;
}

void cli_emit_list(struct cli_ctx *c, json_t *rows, const struct cli_column *cols, size_t ncols)
{
	if (c->json)
		cli_print_json(stdout, rows);
	else
		cli_print_table(stdout, rows, cols, ncols);
	json_decref(rows);
}

void cli_emit_one(struct cli_ctx *c, json_t *obj)
{
	static const struct cli_column target_cols[] = {
		{ "sp", "SP" }, { "portId", "PORT" }, { "protocol", "PROTOCOL" },
		{ "address", "IQN/WWPN" }, { "portal", "PORTAL" } };
	json_t *targets = json_object_get(obj, "target");

	if (c->json) {
		cli_print_json(stdout, obj);
	} else if (json_array_size(targets) > 0) {
		/* An assignment's targets (both SPs) read best as a table. */
		json_incref(targets);
		json_object_del(obj, "target");
		cli_print_record(stdout, obj);
		printf("targets:\n");
		cli_print_table_indent(stdout, 2, targets, target_cols,
				       sizeof(target_cols) / sizeof(target_cols[0]));
		json_decref(targets);
	} else {
		cli_print_record(stdout, obj);
	}
	json_decref(obj);
}

static bool job_final(const struct slgw__Job *j)
{
	return j->state == slgw__JobState__SUCCEEDED || j->state == slgw__JobState__FAILED;
}

static void show_progress(struct cli_ctx *c, const struct slgw__Job *j, int *last)
{
	char bar[64];

	if (c->quiet || j->progress == *last)
		return;
	*last = j->progress;
	if (c->tty) {
		cli_progress_bar(bar, sizeof(bar), j->progress);
		fprintf(stderr, "\r%s ", bar);
		cli_print_clean(stderr, j->kind ? j->kind : "job");
		fputc(' ', stderr);
		cli_print_clean(stderr, j->id);
	} else {
		fputs("slgw: job ", stderr);
		cli_print_clean(stderr, j->id);
		fprintf(stderr, " %s %d%%\n", soap_slgw__JobState2s(c->soap, j->state), j->progress);
	}
	fflush(stderr);
}

int cli_job_finish(struct cli_ctx *c, struct slgw__Job *job, const char *result_key)
{
	time_t start = time(NULL);
	int last = -1, rc;
	json_t *o, *res;

	if (!job || !job->id) {
		fprintf(stderr, "slgw: INTERNAL: the gateway answered without a job\n");
		return CLI_EXIT_INTERNAL;
	}
	/* --no-wait: the id, even if the job already finished (scripts get
	 * one answer shape); a job that already failed still says so. */
	if (c->no_wait && job->state != slgw__JobState__FAILED) {
		if (c->json)
			cli_emit_one(c, cli_json_job(c->soap, job));
		else {
			cli_print_clean(stdout, job->id);
			putchar('\n');
		}
		return 0;
	}
	while (!job_final(job)) {
		struct _slgw__getJob req = { 0 };
		struct _slgw__getJobResponse resp = { 0 };
		int wait = CLI_POLL_WAIT_MS;

		show_progress(c, job, &last);
		if (c->timeout_s > 0 && time(NULL) - start >= c->timeout_s) {
			if (c->tty && !c->quiet)
				fputc('\n', stderr);
			fprintf(stderr,
				"slgw: DEADLINE_EXCEEDED: job %s still %s after %ds; follow it with: slgw job-show %s\n",
				job->id, soap_slgw__JobState2s(c->soap, job->state), c->timeout_s, job->id);
			return CLI_EXIT_DEADLINE_EXCEEDED;
		}
		req.jobId = job->id;
		req.waitMs = &wait;
		rc = cli_check(c, soap_call___slgw__getJob(cli_soap(c), c->set.endpoint, NULL, &req, &resp));
		if (rc)
			return rc;
		if (!resp.job) {
			fprintf(stderr, "slgw: INTERNAL: getJob answered without a job\n");
			return CLI_EXIT_INTERNAL;
		}
		job = resp.job;
	}
	if (last >= 0) {
		show_progress(c, job, &last);
		if (c->tty && !c->quiet)
			fputc('\n', stderr);
	}
	if (job->state == slgw__JobState__FAILED) {
		const char *code = job->errorCode ? soap_slgw__ErrorCode2s(c->soap, *job->errorCode)
						  : "INTERNAL";

		if (c->json)
			cli_emit_one(c, cli_json_job(c->soap, job));
		fprintf(stderr, "slgw: %s: job ", code);
		cli_print_clean(stderr, job->id);
		fputs(" (", stderr);
		cli_print_clean(stderr, job->kind ? job->kind : "?");
		fputs(") failed: ", stderr);
		cli_print_clean(stderr, job->errorMessage ? job->errorMessage : "(no message)");
		fputc('\n', stderr);
		return cli_exit_for_code(code);
	}
	o = cli_json_job(c->soap, job);
	res = result_key ? json_object_get(o, result_key) : NULL;
	if (res && !c->json) {
		/* People want the object; scripts get the whole job. */
		json_incref(res);
		json_decref(o);
		cli_emit_one(c, res);
	} else {
		cli_emit_one(c, o);
	}
	return 0;
}
