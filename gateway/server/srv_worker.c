/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_worker.c - slgwd's workers: serving the requests of a connection on
 * a worker's gSOAP context, and the request loop with its audit.
 *
 * A worker gets a connection from the reactor (srv_reactor.c) only for
 * work that cannot wait on the peer: one non-blocking TLS handshake step,
 * or the requests whose whole heads are buffered.  Then it hands the
 * connection back.
 *
 * gSOAP contexts: one struct soap per WORKER (a soap_copy of the listening
 * master), never one per connection.  A connection is the econn of
 * srv_server_internal.h: socket, SSL*, read-ahead bytes, gSOAP's
 * keep-alive counter.  For each request the worker attaches its context to
 * the connection (soap->socket, soap->ssl, soap->user) and detaches it
 * after.  This is correct with gSOAP 2.8 because everything gSOAP keeps
 * between two requests of a connection is in soap->socket, soap->ssl,
 * soap->keep_alive and the unread input (soap->buf[bufidx..buflen]), and
 * the worker carries all of those over; a context holds ~150 KB (buffers,
 * hash tables), so a context per idle connection would cost 150 MB for
 * 1,000 of them.  The worker's soap->frecv reads the buffered bytes first,
 * then the socket (gSOAP's own frecv, with its timeouts); its soap->fclose
 * only marks the connection for closing: the socket and SSL* belong to the
 * econn, and gSOAP's own close would wait up to 5 s for the peer's TLS
 * close_notify.
 *
 * Hostile bodies: frecv never lets gSOAP read past the request's
 * Content-Length (so a body shorter than its envelope, or not XML, gets an
 * INVALID_ARGUMENT fault at once instead of waiting for the receive
 * timeout), counts the body against max_request_bytes (declared or
 * chunked: 413, srv_http.c), and refuses a DOCTYPE (gSOAP itself would
 * skip it).  Refused requests are closed with a lingering drain by the
 * reactor, so the client reads the answer rather than a reset.
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
 */
#define _GNU_SOURCE /* memmem, strcasestr */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "srv_server_internal.h"
#include "srv_service.h"

/* --------------------------------------------------------- request loop */

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
int srv_respond_audited(struct soap *soap, int status, ULONG64 count)
{
	struct srv_conn *c = conn_of(soap);

	if (c && c->audit_pending)
		audit_call(soap, c);
	return c ? c->srv->http_response(soap, status, count) : SOAP_EOF;
}

/* Finds header `name` (case-insensitive, at a line start) in head[0..n);
 * copies its trimmed value into out.  1 found, 0 not. */
static int head_field(const char *head, size_t n, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl + 1 < n; i++) {
		if ((i == 0 || head[i - 1] == '\n') && !strncasecmp(head + i, name, nl) &&
		    head[i + nl] == ':') {
			size_t j = i + nl + 1, k = 0;
			while (j < n && (head[j] == ' ' || head[j] == '\t'))
				j++;
			while (j < n && head[j] != '\r' && head[j] != '\n' && k + 1 < outlen)
				out[k++] = head[j++];
			while (k && (out[k - 1] == ' ' || out[k - 1] == '\t'))
				k--;
			out[k] = 0;
			return 1;
		}
	}
	return 0;
}

/* Scans the bytes gSOAP is about to read for a DTD, across reads. */
static int saw_doctype(struct econn *c, const char *p, size_t n)
{
	static const char dt[] = "<!DOCTYPE";
	char w[32];
	size_t m = n < 16 ? n : 16, k = c->tail_len, wl;

	memcpy(w, c->tail, k);
	memcpy(w + k, p, m);
	wl = k + m;
	if (memmem(w, wl, dt, sizeof dt - 1) || memmem(p, n, dt, sizeof dt - 1))
		return 1;
	if (n >= sizeof c->tail) {
		memcpy(c->tail, p + n - sizeof c->tail, sizeof c->tail);
		c->tail_len = sizeof c->tail;
	} else {
		size_t keep = wl < sizeof c->tail ? wl : sizeof c->tail;
		memmove(c->tail, w + wl - keep, keep);
		c->tail_len = keep;
	}
	return 0;
}

/* soap->frecv of a worker: first the bytes the reactor read ahead, then
 * the socket (gSOAP's own frecv, with its timeouts and TLS).  It never
 * lets gSOAP read past the Content-Length of the request (so a short body
 * ends at once instead of waiting for the receive timeout), stops a body
 * over the size limit and a body with a DOCTYPE. */
static size_t econn_frecv(struct soap *soap, char *buf, size_t len)
{
	struct econn *c = econn_of(soap);
	size_t want = len, n;
	long long body;

	if (c->ended || c->too_big || c->dtd)
		return 0;
	if (c->req_left == 0) {
		c->ended = 1;
		return 0;
	}
	if (c->req_left > 0 && (long long)want > c->req_left)
		want = (size_t)c->req_left;
	if (c->pos < c->len) {
		n = c->len - c->pos < want ? c->len - c->pos : want;
		memcpy(buf, c->buf + c->pos, n);
		c->pos += n;
	} else {
		n = c->sc.srv->sock_frecv(soap, buf, want);
		if (n == 0)
			return 0;
	}
	if (c->req_left > 0)
		c->req_left -= (long long)n;
	c->consumed += (long long)n;
	body = c->consumed - (long long)c->head_len;
	if (body > c->sc.srv->cfg->max_request_bytes) {
		c->too_big = 1;
		return 0;
	}
	if (saw_doctype(c, buf, n)) {
		c->dtd = 1;
		return 0;
	}
	return n;
}

/* soap->fclose of a worker: gSOAP wants the connection closed.  The
 * socket and SSL* belong to the econn, so only note it; the reactor closes
 * (gSOAP's own close would wait up to 5 s for the peer's close_notify). */
static int econn_fclose(struct soap *soap)
{
	struct econn *c = econn_of(soap);
	if (c)
		c->close = 1;
	return SOAP_OK;
}

/* soap->fclosesocket and soap->fshutdownsocket of a worker: the same; the
 * descriptor must stay open until the reactor has taken it out of epoll
 * (a number closed here could be reused by the next accept at once). */
static int econn_fclosesocket(struct soap *soap, SOAP_SOCKET fd)
{
	(void)fd;
	return econn_fclose(soap);
}

static int econn_fshutdownsocket(struct soap *soap, SOAP_SOCKET fd, int how)
{
	(void)fd;
	(void)how;
	return econn_fclose(soap);
}

/* After a failed read on a worker's connection: the refusals the edge
 * makes itself (oversize, DOCTYPE, body shorter than its envelope).  1 when
 * answered, 0 when the caller handles soap->error as usual. */
static int edge_refusal(struct soap *soap, struct srv_conn *sc, struct econn *c)
{
	if (!c)
		return 0;
	if (c->too_big) {
		sc->code = SLGW_INVALID_ARGUMENT;
		srv_http_too_large(c);
		return 1;
	}
	if (!soap->version)
		soap->version = 1; /* no envelope was read: answer SOAP 1.1 */
	if (c->dtd)
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "the request contains a DOCTYPE: document type declarations are "
			  "refused");
	else if (c->ended && soap->error == SOAP_EOF)
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "the request body (its Content-Length) ends before a complete SOAP "
			  "envelope of %s",
			  SRV_API_NAMESPACE);
	else
		return 0;
	soap->keep_alive = 0;
	soap_send_fault(soap);
	c->close = c->drain = 1;
	return 1;
}

/* The end of a request the service did not answer (refused at the edge,
 * or unreadable): counted in the metrics since t0, its memory freed; 0,
 * the connection is done. */
static int request_done(struct soap *soap, struct srv_conn *c, double t0)
{
	srv_metrics_request(c->srv->metrics, c->operation, c->code, mono_now() - t0);
	soap_destroy(soap);
	soap_end(soap);
	return 0;
}

/* Sends the fault set on soap and ends the connection after it: a request
 * that could not be read leaves nothing to trust in what follows it. */
static int fault_and_close(struct soap *soap, struct srv_conn *c, struct econn *ec, double t0)
{
	soap->keep_alive = 0;
	soap_send_fault(soap);
	if (ec)
		ec->close = ec->drain = 1;
	return request_done(soap, c, t0);
}

/* Serves one request on soap; 1 when the connection may serve another. */
static int serve_one(struct soap *soap, struct srv_conn *c, struct econn *ec)
{
	double t0;
	int err, again;

	c->operation = NULL;
	c->code = SLGW_OK;
	c->authenticated = 0;
	c->request_id = NULL;
	c->object[0] = 0;
	c->message[0] = 0;
	c->utf8_held = 0;
	soap->userid = NULL;
	soap->passwd = NULL;
	t0 = mono_now();

	err = soap_begin_serve(soap);
	if (err == SOAP_POST && ec && (ec->dtd || ec->too_big)) {
		/* frecv stopped the body at once: gSOAP saw none */
		soap->error = SOAP_EOF;
		c->operation = "invalid";
		edge_refusal(soap, c, ec);
		return request_done(soap, c, t0);
	}
	if (err == SOAP_POST) {
		/* gSOAP's word for a POST whose body does not start as XML */
		c->operation = "invalid";
		soap->version = 1; /* no envelope was read: answer SOAP 1.1 */
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "the request body is not XML: a SOAP 1.1 envelope of %s is expected",
			  SRV_API_NAMESPACE);
		return fault_and_close(soap, c, ec, t0);
	}
	if (err) {
		if (soap->error >= SOAP_STOP) {
			/* A GET page was served. */
			soap_destroy(soap);
			soap_end(soap);
			return soap->keep_alive != 0;
		}
		if (!c->operation)
			c->operation = "invalid";
		if (edge_refusal(soap, c, ec))
			return request_done(soap, c, t0);
		if (is_transport_error(soap->error)) {
			if (soap->error != SOAP_EOF)
				srv_log(SRV_LOG_DEBUG, "connection from %s failed: %d", c->peer,
					soap->error);
			soap_destroy(soap);
			soap_end(soap);
			return 0;
		}
		/* A request we cannot read: HTTP errors (e.g. a method other
		 * than GET/POST) are answered by gSOAP as they are; XML that
		 * does not parse becomes INVALID_ARGUMENT. */
		srv_fault_from_soap_error(soap);
		return fault_and_close(soap, c, ec, t0);
	}
	c->audit_pending = 1;
	if (soap_serve_request(soap) && soap->error && soap->error < SOAP_STOP) {
		if (!c->operation)
			c->operation = "invalid";
		if (edge_refusal(soap, c, ec)) {
			/* answered */
		} else if (is_transport_error(soap->error)) {
			if (c->audit_pending)
				audit_call(soap, c);
			soap_destroy(soap);
			soap_end(soap);
			return 0;
		} else {
			if (soap->error != SOAP_FAULT || c->code == SLGW_OK)
				srv_fault_from_soap_error(soap);
			soap_send_fault(soap);
		}
	}
	srv_metrics_request(c->srv->metrics, c->operation ? c->operation : "invalid", c->code,
			    mono_now() - t0);
	srv_log(SRV_LOG_DEBUG, "%s %s from %s by %s: %s (%.1f ms)",
		c->operation ? c->operation : "invalid", c->object, c->peer,
		c->authenticated ? c->id.user : "(unauthenticated)", slgw_code_name(c->code),
		(mono_now() - t0) * 1000);
	if (c->audit_pending) /* no answer went out (peer gone) */
		audit_call(soap, c);
	again = soap->keep_alive && !c->overloaded && !(ec && ec->close);
	soap_destroy(soap);
	soap_end(soap);
	return again;
}

void srv_serve_connection(struct soap *soap)
{
	struct srv_conn *c = conn_of(soap);
	int served = 0;

	while (!(c->max_requests > 0 && served >= c->max_requests)) {
		int again = serve_one(soap, c, NULL);
		served++;
		if (!again || c->srv->stop)
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

/* ------------------------------------------------------------- workers */

/* A worker gives c back to the reactor. */
static void hand_back(srv_server *s, struct econn *c)
{
	pthread_mutex_lock(&s->qlock);
	c->qnext = s->back;
	s->back = c;
	pthread_mutex_unlock(&s->qlock);
	srv_reactor_wake(s);
}

/* One non-blocking step of the TLS handshake (worker). */
static void do_handshake(struct econn *c)
{
	int r, e;

	ERR_clear_error();
	r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		c->want_write = 0;
		return;
	}
	e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
		c->want_write = e == SSL_ERROR_WANT_WRITE;
		return;
	}
	srv_log(SRV_LOG_DEBUG, "TLS handshake with %s failed", c->sc.peer);
	c->close = 1;
}

/* Serves the requests c has complete heads for (worker, ws = its own
 * gSOAP context, attached to c's socket and SSL* for the time). */
static void serve_econn(srv_server *s, struct soap *ws, struct econn *c)
{
	ws->socket = c->fd;
	ws->ssl = c->ssl;
	ws->user = c;
	ws->keep_alive = c->keep_alive;
	ws->bufidx = ws->buflen = 0;
	ws->ahead = 0;
	for (;;) {
		char v[64];
		const char *h = c->buf + c->pos;
		size_t hl = srv_econn_head(c);
		int chunked, again;
		long long cl = -1;

		if (!hl)
			break;
		chunked = head_field(h, hl, "Transfer-Encoding", v, sizeof v) &&
			  strcasestr(v, "chunked") != NULL;
		if (head_field(h, hl, "Content-Length", v, sizeof v)) {
			char *end;
			errno = 0;
			cl = strtoll(v, &end, 10);
			if (errno || end == v || *end || cl < 0)
				cl = -2;
		}
		if (cl > s->cfg->max_request_bytes) {
			srv_http_too_large(c);
			srv_metrics_request(s->metrics, "invalid", SLGW_INVALID_ARGUMENT, 0);
			break;
		}
		c->head_len = hl;
		c->consumed = 0;
		c->ended = c->too_big = c->dtd = 0;
		c->tail_len = 0;
		c->req_left = chunked || cl == -2 ? -1 : (long long)hl + (cl > 0 ? cl : 0);
		again = serve_one(ws, &c->sc, c);
		{
			/* bytes gSOAP read but did not use belong to the next request */
			size_t n = ws->buflen > ws->bufidx ? ws->buflen - ws->bufidx : 0;
			if (n && again) {
				size_t rest = c->len - c->pos;
				if (n + rest > c->cap) {
					char *p = realloc(c->buf, n + rest);
					if (!p) {
						c->close = 1;
						break;
					}
					c->buf = p;
					c->cap = n + rest;
				}
				memmove(c->buf + n, c->buf + c->pos, rest);
				memcpy(c->buf, ws->buf + ws->bufidx, n);
				c->pos = 0;
				c->len = n + rest;
			}
			ws->bufidx = ws->buflen = 0;
			ws->ahead = 0;
		}
		if (!again || c->close || s->stop) {
			if (!again)
				c->close = 1;
			break;
		}
	}
	c->keep_alive = ws->keep_alive;
	ws->socket = SOAP_INVALID_SOCKET;
	ws->ssl = NULL;
	ws->user = NULL;
}

void *srv_worker_main(void *arg)
{
	srv_server *s = arg;
	struct soap *ws = soap_copy(s->master);

	if (ws) {
		ws->frecv = econn_frecv;
		ws->fclose = econn_fclose;
		ws->fclosesocket = econn_fclosesocket;
		ws->fshutdownsocket = econn_fshutdownsocket;
		ws->socket = SOAP_INVALID_SOCKET;
		/* a peer gone mid-answer must not raise SIGPIPE in the process
		 * (tests serve in-process without ignoring it) */
		ws->socket_flags = MSG_NOSIGNAL;
		/* econn_frecv enforces the size limit (and answers 413); gSOAP's
		 * own count includes the head, so give it room. */
		ws->recv_maxlength = (ULONG64)s->cfg->max_request_bytes + 65536;
	}
	for (;;) {
		struct econn *c;
		pthread_mutex_lock(&s->qlock);
		while (!s->qhead && !s->qclosed)
			pthread_cond_wait(&s->qcond, &s->qlock);
		if (s->qclosed) {
			pthread_mutex_unlock(&s->qlock);
			break;
		}
		c = s->qhead;
		s->qhead = c->qnext;
		if (!s->qhead)
			s->qtail = NULL;
		if (c->task == TASK_SERVE)
			s->qready--;
		pthread_mutex_unlock(&s->qlock);
		if (c->task == TASK_HANDSHAKE)
			do_handshake(c);
		else if (ws)
			serve_econn(s, ws, c);
		else
			c->close = 1;
		hand_back(s, c);
	}
	if (ws) {
		soap_destroy(ws);
		soap_end(ws);
		soap_free(ws);
	}
	return NULL;
}
