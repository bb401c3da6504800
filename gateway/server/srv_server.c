/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_server.c - slgwd's HTTPS server: set-up, the worker pool, start and
 * stop.  It opens the store, starts the broker, the audit writer and
 * authentication, builds the listening gSOAP context (the "master":
 * limits, hardening, TLS) and the threads that serve it.
 *
 * Threads: one reactor (the caller of srv_server_run; srv_reactor.c) and
 * cfg->workers workers (srv_worker.c).  The reactor owns every connection
 * while nothing is asked of it; a worker gets a connection only for work
 * that cannot wait on the peer (a TLS handshake step, or a request whose
 * whole head is buffered) and hands it back after, so an idle keep-alive
 * connection never holds a worker.  The answers that are not SOAP calls
 * (GET pages, canned refusals) are in srv_http.c.  All of them share one
 * struct srv_server (srv_server_internal.h); this file is the only one
 * that creates or frees what it holds.
 *
 * Timeouts: recv/send timeouts apply to each socket read/write, the
 * transfer timeout bounds a whole request, the idle timeout bounds the wait
 * between keep-alive requests.  Limits: recv_maxlength (request size),
 * maxlevel (XML depth), maxoccurs (list lengths); gSOAP never resolves
 * entities or DTDs, and a DOCTYPE is refused before gSOAP sees it
 * (srv_worker.c).
 *
 * Shutdown: requests in progress finish; queued ones and idle connections
 * are closed without waiting for anything from their peers, and every
 * queued audit record is committed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <openssl/ssl.h>

#include "srv_server_internal.h"

broker *srv_conn_broker(struct soap *soap)
{
	return conn_of(soap)->srv->b;
}

store *srv_conn_store(struct soap *soap)
{
	return conn_of(soap)->srv->st;
}

srv_auth *srv_conn_auth(struct soap *soap)
{
	return conn_of(soap)->srv->auth;
}

const struct srv_config *srv_conn_config(struct soap *soap)
{
	return conn_of(soap)->srv->cfg;
}

int srv_server_port(const srv_server *s)
{
	return s->port;
}

broker *srv_server_broker(srv_server *s)
{
	return s->b;
}

char *srv_metrics_render_for_test(srv_server *s)
{
	return srv_metrics_render(s->metrics, s->b);
}

store *srv_server_store(srv_server *s)
{
	return s->st;
}

const char *srv_server_gateway_id(const srv_server *s)
{
	(void)s;
	return NULL;
}

/* The table lives in wsdl/soap_nsmap.c (slgw_soap_common); naming it here
 * also makes the static link pull that object in. */
extern struct Namespace namespaces[];

void srv_soap_harden(struct soap *soap, const struct srv_config *cfg)
{
	soap_set_namespaces(soap, namespaces);
	soap_set_mode(soap, SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
	/* Chunked responses: gSOAP otherwise serializes every answer twice
	 * (once to count its Content-Length), which doubles the cost of the
	 * large list pages. */
	soap_set_omode(soap, SOAP_IO_CHUNK);
	/* Document/literal answers are trees: SOAP_XML_TREE skips gSOAP's
	 * multi-reference bookkeeping (a hash lookup for every pointer and
	 * string serialized), which dominated the 100-volume page. */
	soap_set_omode(soap, SOAP_XML_TREE);
	soap->recv_timeout = cfg->recv_timeout_s;
	soap->send_timeout = cfg->send_timeout_s;
	/* A whole request may take at most a few receive timeouts. */
	soap->transfer_timeout = cfg->recv_timeout_s * 4;
	soap->recv_maxlength = (ULONG64)cfg->max_request_bytes;
	soap->maxlevel = (unsigned int)cfg->max_xml_depth;
	soap->maxoccurs = (size_t)cfg->max_list_items;
	soap->max_keep_alive = 1000;
	soap->bind_flags = SO_REUSEADDR;
	soap->fget = srv_http_get;
	srv_text_guard_input(soap); /* srv_text.c: UTF-8, strict, no multi-refs */
}

static int setup_tls(srv_server *s, char *err, size_t errlen)
{
	struct soap *m = s->master;

	if (srv_tls_check_key_file(s->cfg->tls_key, err, errlen)) /* srv_tls.c */
		return -1;
	if (soap_ssl_server_context(m, SOAP_SSL_NO_AUTHENTICATION | SOAP_TLSv1_2 | SOAP_TLSv1_3,
				    NULL, NULL, NULL, NULL, NULL, NULL, NULL)) {
		snprintf(err, errlen, "TLS set-up failed");
		return -1;
	}
	/* gSOAP wants key and certificate in one file; ours are two, so they
	 * are loaded into its OpenSSL context directly. */
	if (!m->ctx || SSL_CTX_use_certificate_chain_file(m->ctx, s->cfg->tls_cert) != 1) {
		snprintf(err, errlen, "cannot load the TLS certificate %s", s->cfg->tls_cert);
		return -1;
	}
	if (SSL_CTX_use_PrivateKey_file(m->ctx, s->cfg->tls_key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(m->ctx) != 1) {
		snprintf(err, errlen, "cannot load the TLS key %s (or it does not match the "
				      "certificate)",
			 s->cfg->tls_key);
		return -1;
	}
	return srv_tls_harden_ctx(m->ctx, err, errlen); /* srv_tls.c */
}

int srv_server_new(srv_server **out, const struct srv_config *cfg, char *err, size_t errlen)
{
	srv_server *s = calloc(1, sizeof *s);
	struct broker_config bc;
	struct broker_status st;
	char serr[256] = "";
	char *store_path = NULL;

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cfg = cfg;
	s->epfd = s->wakefd = s->lfd = -1;
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qcond, NULL);
	if (srv_metrics_new(&s->metrics))
		goto oom;

	store_path = srv_store_target(cfg); /* the file, or the PostgreSQL URL */
	if (!store_path)
		goto oom;
	if (store_open(&s->st, store_path, serr, sizeof serr)) {
		snprintf(err, errlen, "cannot open the store %s: %s",
			 cfg->store_url ? cfg->store_url : store_path, serr);
		free(store_path);
		goto fail;
	}
	free(store_path);
	/* the array-password key, before the broker can read a credential */
	if (srv_secrets_setup(s->st, cfg, err, errlen))
		goto fail;
	/* 4096 queued records (~2 MB), commits of up to 256, 50 ms window. */
	if (srv_audit_new(&s->audit, s->st, 4096, 256, 50))
		goto oom;
	srv_audit_set_retention(s->audit, cfg->audit_retention_days);

	broker_config_init(&bc);
	bc.workers = cfg->job_workers;
	bc.default_wait_ms = cfg->job_wait_ms;
	if (cfg->naviseccli_path)
		bc.naviseccli_path = cfg->naviseccli_path;
	bc.command_timeout_s = cfg->command_timeout_s;
	bc.max_inflight = cfg->max_array_commands;
	bc.allow_cli = (const char *const *)cfg->allow_cli;
	bc.allow_secfile_dirs = (const char *const *)cfg->allow_secfile_dirs;
	bc.max_jobs_per_tenant = cfg->max_jobs_per_tenant;
	bc.max_hosts_per_tenant = cfg->max_hosts_per_tenant;
	bc.cluster_node = cfg->cluster_node;
	bc.lease_seconds = cfg->lease_seconds;
	if (broker_new(&s->b, s->st, &bc, &st)) {
		snprintf(err, errlen, "broker: %s", st.message);
		goto fail;
	}
	if (broker_start(s->b, &st)) {
		snprintf(err, errlen, "broker start: %s", st.message);
		goto fail;
	}
	if (srv_auth_new(&s->auth, s->b, cfg->auth_cache_s))
		goto oom;

	s->master = soap_new();
	if (!s->master)
		goto oom;
	srv_soap_harden(s->master, cfg);
	/* Copies of the master (the workers' contexts) inherit the audit hook. */
	s->http_response = s->master->fresponse;
	s->master->fresponse = srv_respond_audited;
	s->sock_frecv = s->master->frecv;
	if (!cfg->plain_http && setup_tls(s, err, errlen))
		goto fail;
	if (cfg->plain_http)
		srv_log(SRV_LOG_WARN, "serving plain HTTP as configured: Basic credentials travel "
				      "unencrypted; put a TLS proxy in front");
	if (!soap_valid_socket(soap_bind(s->master, cfg->listen_address, cfg->port, 1024))) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", cfg->listen_address, cfg->port,
			 strerror(s->master->errnum ? s->master->errnum : errno));
		goto fail;
	}
	s->lfd = s->master->master;
	s->port = cfg->port;
	{
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		if (!getsockname(s->lfd, (struct sockaddr *)&ss, &sl)) {
			if (ss.ss_family == AF_INET)
				s->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
			else if (ss.ss_family == AF_INET6)
				s->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	if (srv_reactor_setup(s, err, errlen))
		goto fail;
	s->workers = calloc((size_t)cfg->workers, sizeof *s->workers);
	if (!s->workers)
		goto oom;
	*out = s;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	srv_server_free(s);
	return -1;
}

void srv_server_stop(srv_server *s)
{
	s->stop = 1;
	srv_reactor_wake(s); /* async-signal safe */
}

/* The server SIGTERM / SIGINT stop (srv_server_run_until_signal). */
static srv_server *signalled_server;

static void on_stop_signal(int sig)
{
	(void)sig;
	if (signalled_server)
		srv_server_stop(signalled_server);
}

int srv_server_run_until_signal(srv_server *s)
{
	struct sigaction sa;
	int rc;

	signalled_server = s;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	rc = srv_server_run(s);
	signalled_server = NULL;
	return rc;
}

static void stop_workers(srv_server *s)
{
	pthread_mutex_lock(&s->qlock);
	s->qclosed = 1;
	pthread_cond_broadcast(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
	for (int i = 0; i < s->n_workers; i++)
		pthread_join(s->workers[i], NULL);
	s->n_workers = 0;
}

int srv_server_run(srv_server *s)
{
	int rc = 0;

	for (int i = 0; i < s->cfg->workers; i++) {
		if (pthread_create(&s->workers[i], NULL, srv_worker_main, s)) {
			srv_log(SRV_LOG_ERROR, "cannot start worker thread %d", i);
			rc = -1;
			s->stop = 1;
			break;
		}
		s->n_workers++;
	}
	srv_log(SRV_LOG_INFO,
		"listening on %s:%d (%s), %d workers, queue %d, %d connections per address",
		s->cfg->listen_address, s->port, s->cfg->plain_http ? "plain HTTP" : "TLS",
		s->cfg->workers, s->cfg->queue_length, s->cfg->max_conns_per_address);

	srv_reactor_run(s);

	srv_log(SRV_LOG_INFO, "shutting down");
	/* Requests in progress finish; queued ones and idle connections are
	 * closed without waiting for anything from their peers. */
	stop_workers(s);
	srv_reactor_close_all(s);
	/* Clean shutdown (SIGTERM): every queued audit record is committed. */
	srv_audit_flush(s->audit);
	return rc;
}

void srv_server_audit_flush(srv_server *s)
{
	srv_audit_flush(s->audit);
}

void srv_server_audit_stats(srv_server *s, struct srv_audit_stats *out)
{
	srv_audit_stats_get(s->audit, out);
}

void srv_server_free(srv_server *s)
{
	if (!s)
		return;
	if (s->n_workers) {
		s->stop = 1;
		stop_workers(s);
	}
	srv_reactor_free(s);
	if (s->master) {
		soap_destroy(s->master);
		soap_end(s->master);
		soap_free(s->master);
	}
	srv_auth_free(s->auth);
	srv_audit_free(s->audit); /* drains the queue; needs the store */
	broker_free(s->b);
	if (s->st)
		store_close(s->st);
	srv_metrics_free(s->metrics);
	free(s->workers);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qcond);
	free(s);
}
