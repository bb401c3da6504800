/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli_conn.c - the CLI's side of the gateway session: the exit status and
 * the message of every failure, and job waiting with progress on stderr.
 *
 * The session itself (TLS trust, pinning, credentials, failover over a
 * server list, job polling) is the client library's (gateway/client), the
 * same code the XenServer plugin runs; what is here is how the CLI shows
 * it. Text that comes from the gateway goes through cli_print_clean: it
 * must not reach the terminal as escape sequences.
 */
#include "cli_conn.h"
#include "cli_records.h"

#include <stdlib.h>
#include <string.h>

#define CLI_FIRST_WAIT_MS 10000
#define CLI_CONNECT_TIMEOUT_S 15
/* Long enough for the server-side job wait plus slack. */
#define CLI_IO_TIMEOUT_S (CLI_FIRST_WAIT_MS / 1000 + 60)
#define CLI_WAIT_FOREVER_S 864000

int cli_conn_open(struct cli_ctx *c)
{
	struct slgw_client_config cfg = {
		.servers = c->set.server,
		.user = c->set.user,
		.password = c->set.password,
		.cacert = c->set.fingerprint ? NULL : c->set.cacert,
		.fingerprint = c->set.fingerprint,
		.connect_timeout_s = CLI_CONNECT_TIMEOUT_S,
		.io_timeout_s = CLI_IO_TIMEOUT_S,
		.allow_http = c->set.allow_http,
	};
	char err[512];
	int rc = slgw_client_open(&c->client, &cfg, err, sizeof(err));

	if (rc) {
		fprintf(stderr, "slgw: %s\n", err);
		return rc == SLGW_CLIENT_EINVAL ? CLI_EXIT_USAGE
		       : rc == SLGW_CLIENT_ETLS ? CLI_EXIT_TLS
						: CLI_EXIT_INTERNAL;
	}
	c->soap = slgw_client_soap(c->client);
	/* The commands pass c->set.endpoint: let it follow the client's server. */
	free(c->set.endpoint);
	c->set.endpoint = (char *)slgw_client_endpoint(c->client);
	return 0;
}

void cli_conn_close(struct cli_ctx *c)
{
	if (!c->client)
		return;
	c->set.endpoint = NULL;
	slgw_client_close(c->client);
	c->client = NULL;
	c->soap = NULL;
}

const char *cli_fault_code(struct cli_ctx *c)
{
	slgw_client_check(c->client, c->soap->error);
	return slgw_client_fault_code(c->client);
}

/* report: the message and exit status of a client error code. */
static int report(struct cli_ctx *c, int err)
{
	const struct _slgw__fault *f = slgw_client_fault(c->client);
	const char *msg = slgw_client_errmsg(c->client);

	switch (err) {
	case SLGW_CLIENT_OK:
		return 0;
	case SLGW_CLIENT_EFAULT: {
		const char *code = slgw_client_fault_code(c->client);

		fprintf(stderr, "slgw: %s: ", code);
		cli_print_clean(stderr, f && f->message ? f->message : "(no message)");
		if (f && f->objectId) {
			fputs(" (object ", stderr);
			cli_print_clean(stderr, f->objectId);
			fputc(')', stderr);
		}
		if (f && f->jobId) {
			fputs(" (job ", stderr);
			cli_print_clean(stderr, f->jobId);
			fputc(')', stderr);
		}
		fputc('\n', stderr);
		return cli_exit_for_code(code);
	}
	case SLGW_CLIENT_EAUTH:
		fputs("slgw: UNAUTHENTICATED: ", stderr);
		cli_print_clean(stderr, msg);
		fputc('\n', stderr);
		return CLI_EXIT_UNAUTHENTICATED;
	case SLGW_CLIENT_ETLS:
		fputs("slgw: TLS: cannot establish a trusted connection: ", stderr);
		cli_print_clean(stderr, msg);
		fputs("\n  (trust the server with --cacert FILE or --fingerprint SHA256)\n", stderr);
		return CLI_EXIT_TLS;
	case SLGW_CLIENT_EUNAVAILABLE:
		fputs("slgw: UNAVAILABLE: cannot talk to the gateway: ", stderr);
		cli_print_clean(stderr, msg);
		fputc('\n', stderr);
		return CLI_EXIT_UNAVAILABLE;
	default:
		fputs("slgw: INTERNAL: ", stderr);
		cli_print_clean(stderr, msg[0] ? msg : "unexpected failure");
		fputc('\n', stderr);
		return CLI_EXIT_INTERNAL;
	}
}

int cli_check(struct cli_ctx *c, int rc)
{
	return report(c, slgw_client_check(c->client, rc));
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

/* progress: the library's progress callback. */
static void progress(const struct slgw__Job *j, void *payload)
{
	struct cli_ctx *c = payload;

	show_progress(c, j, &c->last_progress);
}

int cli_job_finish(struct cli_ctx *c, struct slgw__Job *job, const char *result_key)
{
	struct slgw__Job *end;
	json_t *o, *res;
	int rc;

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
	c->last_progress = -1;
	rc = slgw_client_job_wait(&end, c->client, job, c->timeout_s > 0 ? c->timeout_s : CLI_WAIT_FOREVER_S,
				  progress, c);
	if (c->last_progress >= 0 && c->tty && !c->quiet)
		fputc('\n', stderr);
	if (rc == SLGW_CLIENT_ETIMEDOUT) {
		fputs("slgw: DEADLINE_EXCEEDED: job ", stderr);
		cli_print_clean(stderr, end->id);
		fprintf(stderr, " still %s after %ds; follow it with: slgw job-show ",
			soap_slgw__JobState2s(c->soap, end->state), c->timeout_s);
		cli_print_clean(stderr, end->id);
		fputc('\n', stderr);
		return CLI_EXIT_DEADLINE_EXCEEDED;
	}
	if (rc == SLGW_CLIENT_EJOBFAILED) {
		const char *code = slgw_client_fault_code(c->client);

		if (c->json)
			cli_emit_one(c, cli_json_job(c->soap, end));
		fprintf(stderr, "slgw: %s: job ", code);
		cli_print_clean(stderr, end->id);
		fputs(" (", stderr);
		cli_print_clean(stderr, end->kind ? end->kind : "?");
		fputs(") failed: ", stderr);
		cli_print_clean(stderr, end->errorMessage ? end->errorMessage : "(no message)");
		fputc('\n', stderr);
		return cli_exit_for_code(code);
	}
	if (rc)
		return report(c, rc);
	o = cli_json_job(c->soap, end);
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
