/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_server.c - slgwd's HTTPS server: listening socket, TLS, acceptor,
 * bounded worker pool, the per-connection request loop and the GET pages.
 *
 * Threads: one acceptor (the caller of srv_server_run) and cfg->workers
 * workers.  The acceptor puts each accepted connection (a soap_copy of the
 * listening context) into a ring of cfg->queue_length slots; a worker takes
 * it, does the TLS handshake and serves keep-alive requests on it.  When
 * the ring is full the acceptor serves the connection itself, with short
 * timeouts, in "overloaded" mode: every SOAP call on it answers UNAVAILABLE
 * at once (the service layer checks conn->overloaded first) and the
 * connection is closed.  So the work a client can queue is bounded by
 * workers + queue_length, and the rest get a fast, explicit answer.
 *
 * The request loop (srv_serve_connection) is our own rather than gSOAP's
 * soap_serve() so that we can: wait for the next keep-alive request with
 * the idle timeout (not the receive timeout); turn a request that does not
 * parse into a proper fault with the INVALID_ARGUMENT code in its detail;
 * time every request for the metrics; and write the audit record of every
 * call, allowed or refused.
 *
 * Audit timing: the record of a call is handed to the audit writer
 * (srv_audit.c) from soap->fresponse, i.e. just before the HTTP answer
 * goes out.  Mutating and refused calls are written synchronously there,
 * so they are committed before the client sees the answer; allowed reads
 * (get* / enum*) are queued for the writer's group commit (crash window:
 * one batch, see srv_audit.c).
 *
 * Timeouts: recv/send timeouts apply to each socket read/write, the
 * transfer timeout bounds a whole request, the idle timeout bounds the wait
 * between keep-alive requests.  Limits: recv_maxlength (request size),
 * maxlevel (XML depth), maxoccurs (list lengths); gSOAP never resolves
 * entities or DTDs (a DOCTYPE is a parse error: SOAP_DTD).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "soapH.h"
#include "srv.h"
#include "srv_service.h"

struct srv_server {
	const struct srv_config *cfg;
	store *st;
	broker *b;
	srv_auth *auth;
	srv_metrics *metrics;
	srv_audit *audit;
	/* gSOAP's own fresponse (writes the HTTP header), wrapped by
	 * audit_then_respond. */
	int (*http_response)(struct soap *, int, ULONG64);
	struct soap *master;
	int port;
	volatile sig_atomic_t stop;

	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	struct soap **queue;
	int qhead, qlen;
	int qclosed;
	pthread_t *workers;
	int n_workers;
	void *fuzz_input;         /* srv_serve_buffer's input (one at a time) */
};

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct srv_conn *conn_of(struct soap *soap)
{
	return (struct srv_conn *)soap->user;
}

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

/* ------------------------------------------------------------ GET pages */

/* The scheme://host[:port] the client used (from the Host header), if it
 * is made only of host-name characters; else the configured address. */
static void endpoint_for(struct soap *soap, char *out, size_t outlen)
{
	struct srv_conn *c = conn_of(soap);
	const char *scheme = c->srv->cfg->plain_http ? "http" : "https";
	const char *ep = soap->endpoint;
	const char *host = NULL;
	size_t n = 0;

	if (!strncmp(ep, "https://", 8))
		host = ep + 8;
	else if (!strncmp(ep, "http://", 7))
		host = ep + 7;
	if (host) {
		while (host[n] && host[n] != '/')
			n++;
		for (size_t i = 0; i < n; i++) {
			char ch = host[i];
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == ':' ||
			      ch == '[' || ch == ']')) {
				n = 0;
				break;
			}
		}
	}
	if (host && n > 0 && n < 200)
		snprintf(out, outlen, "%s://%.*s/", scheme, (int)n, host);
	else
		snprintf(out, outlen, "%s://%s:%d/", scheme,
			 strcmp(c->srv->cfg->listen_address, "0.0.0.0") ?
				 c->srv->cfg->listen_address :
				 "localhost",
			 c->srv->port);
}

char *srv_wsdl_with_endpoint(const char *wsdl_text, const char *endpoint)
{
	static const char marker[] = "location=\"https://localhost:21605/\"";
	const char *at = strstr(wsdl_text, marker);
	size_t pre, post, len;
	char *out;

	if (!at)
		return strdup(wsdl_text);
	pre = (size_t)(at - wsdl_text);
	post = strlen(at + sizeof marker - 1);
	len = pre + strlen(endpoint) + 12 + post + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	snprintf(out, len, "%.*slocation=\"%s\"%s", (int)pre, wsdl_text, endpoint,
		 at + sizeof marker - 1);
	return out;
}

static int send_page(struct soap *soap, const char *type, const char *body, size_t len)
{
	soap->http_content = type;
	soap->length = len;
	if (soap_response(soap, SOAP_FILE) || soap_send_raw(soap, body, len) ||
	    soap_end_send(soap))
		return soap_closesock(soap);
	return SOAP_OK;
}

int srv_http_get(struct soap *soap)
{
	struct srv_conn *c = conn_of(soap);
	const char *path = soap->path;
	double t0 = mono_now();
	int rc;

	if (!strcmp(path, "/?wsdl") || !strcmp(path, "/?WSDL") || !strcmp(path, "/wsdl") ||
	    !strcmp(path, "/slgw.wsdl")) {
		char ep[256];
		char *w;
		endpoint_for(soap, ep, sizeof ep);
		w = srv_wsdl_with_endpoint(srv_wsdl_text, ep);
		if (!w)
			return SOAP_EOM;
		rc = send_page(soap, "text/xml; charset=utf-8", w, strlen(w));
		free(w);
		c->operation = "GET /?wsdl";
	} else if (!strcmp(path, "/metrics")) {
		char why[256];
		char *m;
		/* srv_metrics.c: an allowed address or an admin login */
		c->code = srv_metrics_authorize(c->srv->cfg, c->srv->auth, c->peer, soap->userid,
						soap->passwd, why, sizeof why);
		if (c->code != SLGW_OK) {
			c->operation = "GET /metrics";
			srv_log(SRV_LOG_INFO, "GET /metrics from %s refused: %s", c->peer, why);
			return c->code == SLGW_UNAUTHENTICATED ? 401 :
			       c->code == SLGW_PERMISSION_DENIED ? 403 : 503;
		}
		m = srv_metrics_render(c->srv->metrics, c->srv->b);
		if (!m)
			return SOAP_EOM;
		rc = send_page(soap, "text/plain; version=0.0.4; charset=utf-8", m, strlen(m));
		free(m);
		c->operation = "GET /metrics";
	} else if (!strcmp(path, "/healthz")) {
		static const char ok[] = "ok\n";
		rc = send_page(soap, "text/plain; charset=utf-8", ok, sizeof ok - 1);
		c->operation = "GET /healthz";
	} else {
		/* counted by the request loop, which answers the 404 */
		c->operation = "GET other";
		c->code = SLGW_NOT_FOUND;
		return 404;
	}
	srv_metrics_request(c->srv->metrics, c->operation, rc ? SLGW_INTERNAL : SLGW_OK,
			    mono_now() - t0);
	return rc;
}

/* --------------------------------------------------------- request loop */

/* Waits until the connection has a request to read, the idle timeout
 * passes or the server stops.  1 = readable, 0 = give up. */
static int wait_next_request(struct soap *soap, struct srv_conn *c)
{
	double until = mono_now() + c->srv->cfg->idle_timeout_s;
	struct pollfd p;

	if (soap->ssl && SSL_pending(soap->ssl) > 0)
		return 1;
	if (soap->bufidx < soap->buflen)
		return 1;
	p.fd = soap->socket;
	p.events = POLLIN;
	while (!c->srv->stop) {
		double left = until - mono_now();
		int ms, n;
		if (left <= 0)
			return 0;
		ms = left > 0.25 ? 250 : (int)(left * 1000) + 1;
		n = poll(&p, 1, ms);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return 0;
	}
	return 0;
}

/* Errors that mean the peer went away: no answer is possible. */
static int is_transport_error(int e)
{
	return e == SOAP_EOF || e == SOAP_TCP_ERROR || e == SOAP_SSL_ERROR ||
	       e == SOAP_UDP_ERROR;
}

/* Allowed read-only calls: their records may be group-committed. */
static int is_read_call(const struct srv_conn *c)
{
	return c->code == SLGW_OK && c->operation &&
	       (strncmp(c->operation, "get", 3) == 0 || strncmp(c->operation, "enum", 4) == 0);
}

/* Audits the call just served (every SOAP call, allowed or refused), once:
 * synchronously unless it is an allowed read. */
static void audit_call(struct soap *soap, struct srv_conn *c)
{
	struct srv_audit_entry e;
	const char *user;
	char detail[192];

	c->audit_pending = 0;
	if (!c->operation || !c->srv->audit)
		return;
	if (c->authenticated) {
		user = c->id.user;
	} else {
		/* Refused before authentication: record the name claimed. */
		user = (soap->userid && *soap->userid && strlen(soap->userid) < 128) ?
			       soap->userid :
			       "(anonymous)";
	}
	snprintf(detail, sizeof detail, "peer %.63s%s%.90s", c->peer,
		 c->code == SLGW_OK ? "" : ": ", c->code == SLGW_OK ? "" : c->message);
	srv_audit_entry_set(&e, user, c->authenticated ? c->id.tenant_id : 0, c->operation,
			    c->object, c->code, detail);
	if (is_read_call(c))
		srv_audit_enqueue(c->srv->audit, &e);
	else if (!c->authenticated && c->code != SLGW_OK)
		srv_audit_refusal(c->srv->audit, &e, c->peer); /* srv_audit.c: per peer+minute */
	else
		srv_audit_write(c->srv->audit, &e);
}

/* soap->fresponse: audit the call before its answer (header) is sent. */
static int audit_then_respond(struct soap *soap, int status, ULONG64 count)
{
	struct srv_conn *c = conn_of(soap);

	if (c && c->audit_pending)
		audit_call(soap, c);
	return c ? c->srv->http_response(soap, status, count) : SOAP_EOF;
}

void srv_serve_connection(struct soap *soap)
{
	struct srv_conn *c = conn_of(soap);
	int served = 0;

	for (;;) {
		double t0;
		int err;

		if (served > 0 && !wait_next_request(soap, c))
			break;
		if (c->srv->stop && served > 0)
			break;
		c->operation = NULL;
		c->code = SLGW_OK;
		c->authenticated = 0;
		c->request_id = NULL;
		c->object[0] = 0;
		c->message[0] = 0;
		soap->userid = NULL;
		soap->passwd = NULL;
		t0 = mono_now();

		err = soap_begin_serve(soap);
		if (err) {
			if (soap->error >= SOAP_STOP) {
				/* A GET page was served. */
				served++;
				soap_destroy(soap);
				soap_end(soap);
				if (soap->keep_alive &&
				    !(c->max_requests > 0 && served >= c->max_requests))
					continue;
				break;
			}
			if (is_transport_error(soap->error)) {
				if (served == 0 && soap->error != SOAP_EOF)
					srv_log(SRV_LOG_DEBUG, "connection from %s failed: %d",
						c->peer, soap->error);
				break;
			}
			/* A request we cannot read: HTTP errors (e.g. a method other
			 * than GET/POST) are answered by gSOAP as they are; XML
			 * that does not parse becomes INVALID_ARGUMENT. */
			if (!c->operation)
				c->operation = "invalid";
			srv_fault_from_soap_error(soap);
			soap->keep_alive = 0;
			soap_send_fault(soap);
			srv_metrics_request(c->srv->metrics, c->operation, c->code,
					    mono_now() - t0);
			break;
		}
		c->audit_pending = 1;
		if (soap_serve_request(soap) && soap->error && soap->error < SOAP_STOP) {
			if (is_transport_error(soap->error))
				break;
			if (!c->operation)
				c->operation = "invalid";
			if (soap->error != SOAP_FAULT || c->code == SLGW_OK)
				srv_fault_from_soap_error(soap);
			soap_send_fault(soap);
		}
		srv_metrics_request(c->srv->metrics, c->operation ? c->operation : "invalid",
				    c->code, mono_now() - t0);
		srv_log(SRV_LOG_DEBUG, "%s %s from %s by %s: %s (%.1f ms)",
			c->operation ? c->operation : "invalid", c->object, c->peer,
			c->authenticated ? c->id.user : "(unauthenticated)",
			slgw_code_name(c->code), (mono_now() - t0) * 1000);
		if (c->audit_pending) /* no answer went out (peer gone) */
			audit_call(soap, c);
		soap_destroy(soap);
		soap_end(soap);
		served++;
		if (!soap->keep_alive || c->overloaded ||
		    (c->max_requests > 0 && served >= c->max_requests))
			break;
	}
	soap_destroy(soap);
	soap_end(soap);
}

/* ---------------------------------------------------- in-memory serving */

struct membuf {
	const char *data;
	size_t len, pos;
};

static size_t mem_recv(struct soap *soap, char *buf, size_t len)
{
	struct srv_conn *c = conn_of(soap);
	struct membuf *m = c->srv->fuzz_input;
	size_t n;

	n = m->len - m->pos;
	if (n > len)
		n = len;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return n;
}

static int mem_send(struct soap *soap, const char *s, size_t n)
{
	(void)soap;
	(void)s;
	(void)n;
	return SOAP_OK;
}

void srv_serve_buffer(srv_server *s, const char *data, size_t len)
{
	struct membuf m = { data, len, 0 };
	struct srv_conn conn;
	struct soap *soap = soap_copy(s->master);

	if (!soap)
		return;
	memset(&conn, 0, sizeof conn);
	conn.srv = s;
	conn.max_requests = 1;
	snprintf(conn.peer, sizeof conn.peer, "fuzz");
	s->fuzz_input = &m;
	soap->socket = SOAP_INVALID_SOCKET;
	soap->user = &conn;
	soap->frecv = mem_recv;
	soap->fsend = mem_send;
	srv_serve_connection(soap);
	soap->user = NULL;
	s->fuzz_input = NULL;
	soap_destroy(soap);
	soap_end(soap);
	soap_free(soap);
}

/* ------------------------------------------------------- worker threads */

static void handle_connection(srv_server *s, struct soap *soap, int overloaded)
{
	struct srv_conn conn;

	memset(&conn, 0, sizeof conn);
	conn.srv = s;
	conn.overloaded = overloaded;
	snprintf(conn.peer, sizeof conn.peer, "%.63s", soap->host);
	soap->user = &conn;
	if (overloaded) {
		soap->recv_timeout = 1;
		soap->send_timeout = 1;
		soap->transfer_timeout = 2;
	}
	if (!s->cfg->plain_http && soap_ssl_accept(soap)) {
		srv_log(SRV_LOG_DEBUG, "TLS handshake with %s failed", conn.peer);
	} else {
		srv_serve_connection(soap);
	}
	soap->user = NULL;
	soap_destroy(soap);
	soap_end(soap);
	soap_free(soap);
}

static void *worker_main(void *arg)
{
	srv_server *s = arg;

	for (;;) {
		struct soap *soap;
		pthread_mutex_lock(&s->qlock);
		while (s->qlen == 0 && !s->qclosed)
			pthread_cond_wait(&s->qcond, &s->qlock);
		if (s->qlen == 0) {
			pthread_mutex_unlock(&s->qlock);
			return NULL;
		}
		soap = s->queue[s->qhead];
		s->qhead = (s->qhead + 1) % s->cfg->queue_length;
		s->qlen--;
		pthread_mutex_unlock(&s->qlock);
		handle_connection(s, soap, 0);
	}
}

/* ------------------------------------------------------------ lifecycle */

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
	pthread_mutex_init(&s->qlock, NULL);
	pthread_cond_init(&s->qcond, NULL);
	if (srv_metrics_new(&s->metrics))
		goto oom;

	if (cfg->store_path) {
		store_path = strdup(cfg->store_path);
	} else {
		size_t n = strlen(cfg->state_dir) + 16;
		store_path = malloc(n);
		if (store_path)
			snprintf(store_path, n, "%s/slgw.db", cfg->state_dir);
	}
	if (!store_path)
		goto oom;
	if (store_open(&s->st, store_path, serr, sizeof serr)) {
		snprintf(err, errlen, "cannot open the store %s: %s", store_path, serr);
		free(store_path);
		goto fail;
	}
	free(store_path);
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
	/* Copies of the master (connections) inherit the audit hook. */
	s->http_response = s->master->fresponse;
	s->master->fresponse = audit_then_respond;
	s->master->accept_timeout = -250000; /* 250 ms: lets run() see stop */
	if (!cfg->plain_http && setup_tls(s, err, errlen))
		goto fail;
	if (cfg->plain_http)
		srv_log(SRV_LOG_WARN, "serving plain HTTP as configured: Basic credentials travel "
				      "unencrypted; put a TLS proxy in front");
	if (!soap_valid_socket(soap_bind(s->master, cfg->listen_address, cfg->port, 128))) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s", cfg->listen_address, cfg->port,
			 strerror(s->master->errnum ? s->master->errnum : errno));
		goto fail;
	}
	s->port = cfg->port;
	{
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		if (!getsockname(s->master->master, (struct sockaddr *)&ss, &sl)) {
			if (ss.ss_family == AF_INET)
				s->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
			else if (ss.ss_family == AF_INET6)
				s->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	s->queue = calloc((size_t)cfg->queue_length, sizeof *s->queue);
	s->workers = calloc((size_t)cfg->workers, sizeof *s->workers);
	if (!s->queue || !s->workers)
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
}

int srv_server_run(srv_server *s)
{
	int rc = 0;

	for (int i = 0; i < s->cfg->workers; i++) {
		if (pthread_create(&s->workers[i], NULL, worker_main, s)) {
			srv_log(SRV_LOG_ERROR, "cannot start worker thread %d", i);
			rc = -1;
			s->stop = 1;
			break;
		}
		s->n_workers++;
	}
	srv_log(SRV_LOG_INFO, "listening on %s:%d (%s), %d workers, queue %d",
		s->cfg->listen_address, s->port, s->cfg->plain_http ? "plain HTTP" : "TLS",
		s->cfg->workers, s->cfg->queue_length);

	while (!s->stop) {
		struct soap *copy;
		SOAP_SOCKET sock = soap_accept(s->master);
		if (!soap_valid_socket(sock)) {
			if (s->master->errnum && s->master->errnum != EINTR &&
			    s->master->errnum != EAGAIN)
				srv_log(SRV_LOG_WARN, "accept failed: %s",
					strerror(s->master->errnum));
			continue;
		}
		copy = soap_copy(s->master);
		s->master->socket = SOAP_INVALID_SOCKET;
		if (!copy) {
			soap_closesock(s->master);
			continue;
		}
		pthread_mutex_lock(&s->qlock);
		if (s->qlen < s->cfg->queue_length) {
			s->queue[(s->qhead + s->qlen) % s->cfg->queue_length] = copy;
			s->qlen++;
			pthread_cond_signal(&s->qcond);
			copy = NULL;
		}
		pthread_mutex_unlock(&s->qlock);
		if (copy) {
			srv_metrics_overload(s->metrics);
			handle_connection(s, copy, 1);
		}
	}
	srv_log(SRV_LOG_INFO, "shutting down");
	pthread_mutex_lock(&s->qlock);
	s->qclosed = 1;
	pthread_cond_broadcast(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
	for (int i = 0; i < s->n_workers; i++)
		pthread_join(s->workers[i], NULL);
	s->n_workers = 0;
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
		pthread_mutex_lock(&s->qlock);
		s->qclosed = 1;
		pthread_cond_broadcast(&s->qcond);
		pthread_mutex_unlock(&s->qlock);
		for (int i = 0; i < s->n_workers; i++)
			pthread_join(s->workers[i], NULL);
	}
	/* Connections still queued were never served. */
	for (int i = 0; i < s->qlen; i++) {
		struct soap *q = s->queue[(s->qhead + i) % s->cfg->queue_length];
		soap_destroy(q);
		soap_end(q);
		soap_free(q);
	}
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
	free(s->queue);
	free(s->workers);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qcond);
	free(s);
}
