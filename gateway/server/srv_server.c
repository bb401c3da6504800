/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_server.c - slgwd's HTTPS server: listening socket, TLS, acceptor,
 * bounded worker pool, the per-connection request loop and the GET pages.
 *
 * Threads: one reactor (the caller of srv_server_run) and cfg->workers
 * workers.  The reactor owns every connection while nothing is asked of
 * it: it accepts, waits on epoll for readability, reads request heads
 * (non-blocking, through OpenSSL for TLS) into the connection's buffer and
 * closes connections past their deadline.  A worker gets a connection only
 * when there is work that cannot wait on the peer: a TLS handshake step
 * (the socket is readable; one non-blocking SSL_do_handshake step, so a
 * silent or slow client never holds a worker), or a request whose whole
 * head is buffered.  After the answer the worker hands the connection back
 * to the reactor; before re-arming epoll the reactor reads until OpenSSL
 * wants the socket again (nothing is left in SSL_pending()).  So an idle
 * keep-alive connection costs a descriptor, an SSL* and a small buffer,
 * never a worker.
 *
 * gSOAP contexts: one struct soap per WORKER (a soap_copy of the listening
 * master), never one per connection.  A connection is the econn below:
 * socket, SSL*, read-ahead bytes, gSOAP's keep-alive counter.  For each
 * request the worker attaches its context to the connection (soap->socket,
 * soap->ssl, soap->user) and detaches it after.  This is correct with
 * gSOAP 2.8 because everything gSOAP keeps between two requests of a
 * connection is in soap->socket, soap->ssl, soap->keep_alive and the
 * unread input (soap->buf[bufidx..buflen]), and the worker carries all of
 * those over; a context holds ~150 KB (buffers, hash tables), so a context
 * per idle connection would cost 150 MB for 1,000 of them.  The worker's
 * soap->frecv reads the buffered bytes first, then the socket (gSOAP's own
 * frecv, with its timeouts); its soap->fclose only marks the connection
 * for closing: the socket and SSL* belong to the econn, and gSOAP's own
 * close would wait up to 5 s for the peer's TLS close_notify.
 *
 * Hostile clients: at most max_conns_per_address connections per peer
 * address (more are closed at accept; on plain HTTP with a canned 503),
 * and at most RLIMIT_NOFILE - 64 in all.  The TLS handshake must finish
 * within handshake_timeout_s of the accept and a request head within
 * head_timeout_s of its first byte (of the handshake when it is the first
 * request); an idle keep-alive connection is closed after idle_timeout_s.
 * When queue_length requests already wait for a worker, a new request is
 * answered UNAVAILABLE by the reactor with one canned non-blocking write.
 * frecv never lets gSOAP read past the request's Content-Length (so a body
 * shorter than its envelope, or not XML, gets an INVALID_ARGUMENT fault at
 * once instead of waiting for the receive timeout), counts the body
 * against max_request_bytes (declared or chunked: 413), and refuses a
 * DOCTYPE (gSOAP itself would skip it).  Refused requests are closed with
 * a lingering drain (the input is read and dropped for 2 s by the reactor)
 * so the client reads the answer rather than a reset.
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
 * entities or DTDs, and a DOCTYPE is refused before gSOAP sees it (above).
 */
#define _GNU_SOURCE /* accept4, memmem, strcasestr */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "soapH.h"
#include "srv.h"
#include "srv_service.h"

struct addr_count;
struct econn;

struct srv_server {
	const struct srv_config *cfg;
	store *st;
	broker *b;
	srv_auth *auth;
	srv_metrics *metrics;
	srv_audit *audit;
	/* gSOAP's own fresponse (writes the HTTP header), wrapped by
	 * audit_then_respond; gSOAP's own frecv (socket or TLS). */
	int (*http_response)(struct soap *, int, ULONG64);
	size_t (*sock_frecv)(struct soap *, char *, size_t);
	struct soap *master;
	int port;
	volatile sig_atomic_t stop;

	/* reactor (its thread only) */
	int epfd, wakefd, lfd;
	int listen_paused;
	struct econn *conns;      /* every open connection */
	int nconns, max_conns;
	struct addr_count **addrs; /* open connections per peer address */

	/* worker hand-off, under qlock */
	pthread_mutex_t qlock;
	pthread_cond_t qcond;
	struct econn *qhead, *qtail; /* work for the workers */
	int qready;               /* of those: requests (bounded by queue_length) */
	struct econn *back;       /* done by a worker, for the reactor */
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

/* One connection as the reactor and the workers see it.  sc comes first:
 * soap->user points at it while a worker serves the connection, and
 * econn_of() turns it back into the econn. */
enum econn_state { EC_HANDSHAKE, EC_READING, EC_WORKER, EC_DRAIN };
enum econn_task { TASK_HANDSHAKE, TASK_SERVE };

struct econn {
	struct srv_conn sc;
	int fd;
	SSL *ssl;                 /* stays with the connection for its life */
	enum econn_state state;
	enum econn_task task;
	int want_write;           /* the last non-blocking step wants POLLOUT */
	double deadline;          /* handshake, head, idle or drain deadline */
	double first_byte;        /* when the pending head began (0: none) */
	unsigned char addr[16];   /* peer address (IPv4 mapped), for the cap */
	char *buf;                /* bytes read ahead of gSOAP: buf[pos..len) */
	size_t len, cap, pos;
	int keep_alive;           /* gSOAP's keep_alive between requests */
	int close;                /* the worker wants it closed ... */
	int drain;                /* ... after a lingering drain of the input */
	/* the request a worker is serving: */
	long long req_left;       /* bytes gSOAP may still read; -1 = no bound */
	long long consumed;       /* bytes gSOAP has read of this request */
	size_t head_len;
	int ended, too_big, dtd;
	char tail[8];             /* last bytes seen, for "<!DOCTYPE" across reads */
	size_t tail_len;
	struct econn *prev, *next; /* every open connection (reactor only) */
	struct econn *qnext;      /* ready queue or hand-back list */
};

static struct econn *econn_of(struct soap *soap)
{
	return (struct econn *)soap->user;
}

/* The bytes that end a request head at p[0..n), or NULL. */
static const char *head_end(const char *p, size_t n)
{
	const char *e = memmem(p, n, "\r\n\r\n", 4);
	const char *l = memmem(p, n, "\n\n", 2);
	if (e && (!l || e < l))
		return e + 4;
	return l ? l + 2 : NULL;
}

/* Length of the complete head at buf[pos..), or 0. */
static size_t econn_head(const struct econn *c)
{
	const char *e = head_end(c->buf + c->pos, c->len - c->pos);
	return e ? (size_t)(e - (c->buf + c->pos)) : 0;
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

/* Writes all of p[0..n) on the connection (socket non-blocking), waiting
 * at most timeout_s; 0 or -1. */
static int econn_write_all(struct econn *c, const char *p, size_t n, int timeout_s)
{
	double until = mono_now() + timeout_s;

	while (n > 0) {
		ssize_t w;
		short ev = POLLOUT;
		if (c->ssl) {
			int r, e;
			ERR_clear_error();
			r = SSL_write(c->ssl, p, (int)n);
			if (r > 0) {
				w = r;
			} else {
				e = SSL_get_error(c->ssl, r);
				if (e == SSL_ERROR_WANT_READ)
					ev = POLLIN;
				else if (e != SSL_ERROR_WANT_WRITE)
					return -1;
				w = 0;
			}
		} else {
			w = send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w < 0) {
				if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
					return -1;
				w = 0;
			}
		}
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		{
			struct pollfd pf = { c->fd, ev, 0 };
			double left = until - mono_now();
			if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) <= 0)
				return -1;
		}
	}
	return 0;
}

static void answer_too_large(struct econn *c)
{
	char msg[512];
	int n = snprintf(msg, sizeof msg,
			 "HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain; "
			 "charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
			 "the request is larger than the limit of %ld bytes\n",
			 (int)(strlen("the request is larger than the limit of  bytes\n") +
			       (size_t)snprintf(NULL, 0, "%ld", c->sc.srv->cfg->max_request_bytes)),
			 c->sc.srv->cfg->max_request_bytes);
	econn_write_all(c, msg, (size_t)n, 5);
	c->close = c->drain = 1;
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
		answer_too_large(c);
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
		srv_metrics_request(c->srv->metrics, c->operation, c->code, mono_now() - t0);
		soap_destroy(soap);
		soap_end(soap);
		return 0;
	}
	if (err == SOAP_POST) {
		/* gSOAP's word for a POST whose body does not start as XML */
		c->operation = "invalid";
		soap->version = 1; /* no envelope was read: answer SOAP 1.1 */
		srv_fault(soap, SLGW_INVALID_ARGUMENT,
			  "the request body is not XML: a SOAP 1.1 envelope of %s is expected",
			  SRV_API_NAMESPACE);
		soap->keep_alive = 0;
		soap_send_fault(soap);
		if (ec)
			ec->close = ec->drain = 1;
		srv_metrics_request(c->srv->metrics, c->operation, c->code, mono_now() - t0);
		soap_destroy(soap);
		soap_end(soap);
		return 0;
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
		if (edge_refusal(soap, c, ec)) {
			srv_metrics_request(c->srv->metrics, c->operation, c->code,
					    mono_now() - t0);
			soap_destroy(soap);
			soap_end(soap);
			return 0;
		}
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
		soap->keep_alive = 0;
		soap_send_fault(soap);
		if (ec)
			ec->close = ec->drain = 1;
		srv_metrics_request(c->srv->metrics, c->operation, c->code, mono_now() - t0);
		soap_destroy(soap);
		soap_end(soap);
		return 0;
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

/* Queues c for a worker (reactor).  Serve tasks are counted: they are what
 * queue_length bounds. */
static void enqueue(srv_server *s, struct econn *c, enum econn_task task)
{
	c->task = task;
	c->state = EC_WORKER;
	c->qnext = NULL;
	pthread_mutex_lock(&s->qlock);
	if (s->qtail)
		s->qtail->qnext = c;
	else
		s->qhead = c;
	s->qtail = c;
	if (task == TASK_SERVE)
		s->qready++;
	pthread_cond_signal(&s->qcond);
	pthread_mutex_unlock(&s->qlock);
}

/* A worker gives c back to the reactor. */
static void hand_back(srv_server *s, struct econn *c)
{
	uint64_t one = 1;
	pthread_mutex_lock(&s->qlock);
	c->qnext = s->back;
	s->back = c;
	pthread_mutex_unlock(&s->qlock);
	if (write(s->wakefd, &one, sizeof one) < 0) {
		/* the counter is saturated: the reactor is awake anyway */
	}
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
		size_t hl = econn_head(c);
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
			answer_too_large(c);
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

static void *worker_main(void *arg)
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

/* ------------------------------------------------------------- reactor */

#define HEAD_MAX (32 * 1024)   /* a request head larger than this is refused */
#define DRAIN_S 2.0            /* lingering close: read and drop input this long */
#define ADDR_BUCKETS 1024

struct addr_count {
	unsigned char addr[16];
	int n;
	struct addr_count *next;
};

static unsigned addr_hash(const unsigned char *a)
{
	unsigned h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ a[i]) * 16777619u;
	return h % ADDR_BUCKETS;
}

/* Open connections of address a (reactor only). */
static struct addr_count **addr_slot(srv_server *s, const unsigned char *a)
{
	struct addr_count **p = &s->addrs[addr_hash(a)];
	while (*p && memcmp((*p)->addr, a, 16))
		p = &(*p)->next;
	return p;
}

static int addr_add(srv_server *s, const unsigned char *a, int delta)
{
	struct addr_count **p = addr_slot(s, a);
	int n;

	if (!*p) {
		if (delta <= 0)
			return 0;
		*p = calloc(1, sizeof **p);
		if (!*p)
			return -1;
		memcpy((*p)->addr, a, 16);
	}
	n = (*p)->n += delta;
	if (n <= 0) {
		struct addr_count *dead = *p;
		*p = dead->next;
		free(dead);
	}
	return n;
}

static int addr_count_of(srv_server *s, const unsigned char *a)
{
	struct addr_count **p = addr_slot(s, a);
	return *p ? (*p)->n : 0;
}

static void arm(srv_server *s, struct econn *c)
{
	struct epoll_event ev;
	ev.events = EPOLLIN | EPOLLONESHOT | (c->want_write ? EPOLLOUT : 0);
	ev.data.ptr = c;
	if (epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev))
		c->deadline = 0; /* the next scan closes it */
}

static void econn_close(srv_server *s, struct econn *c)
{
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	if (c->ssl) {
		/* One non-blocking close_notify; never wait for the peer's. */
		if (c->state != EC_DRAIN && SSL_is_init_finished(c->ssl)) {
			ERR_clear_error();
			SSL_shutdown(c->ssl);
		}
		SSL_free(c->ssl);
	}
	close(c->fd);
	addr_add(s, c->addr, -1);
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->nconns--;
	free(c->buf);
	free(c);
}

/* Answer sent, input may still come: stop writing, read and drop what
 * arrives for a moment, so the peer reads the answer instead of a reset. */
static void start_drain(srv_server *s, struct econn *c)
{
	if (c->ssl && SSL_is_init_finished(c->ssl)) {
		ERR_clear_error();
		SSL_shutdown(c->ssl);
	}
	shutdown(c->fd, SHUT_WR);
	c->state = EC_DRAIN;
	c->want_write = 0;
	c->deadline = mono_now() + DRAIN_S;
	arm(s, c);
}

static void drain(srv_server *s, struct econn *c)
{
	char junk[16384];
	for (int i = 0; i < 16; i++) {
		ssize_t r = recv(c->fd, junk, sizeof junk, 0);
		if (r > 0)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			break;
		econn_close(s, c);
		return;
	}
	arm(s, c);
}

/* One non-blocking read into c's buffer: > 0 bytes, 0 end of stream,
 * -EAGAIN nothing now, -EIO failed. */
static ssize_t read_nb(struct econn *c, char *p, size_t n)
{
	if (c->ssl) {
		int r, e;
		ERR_clear_error();
		r = SSL_read(c->ssl, p, (int)n);
		if (r > 0)
			return r;
		e = SSL_get_error(c->ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			c->want_write = e == SSL_ERROR_WANT_WRITE;
			return -EAGAIN;
		}
		return e == SSL_ERROR_ZERO_RETURN ? 0 : -EIO;
	} else {
		ssize_t r = recv(c->fd, p, n, 0);
		if (r >= 0)
			return r;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return -EAGAIN;
		return -EIO;
	}
}

/* Reads what the peer has sent until a whole request head is buffered.
 * 1 head complete, 0 wait for more, -1 close.  With TLS it reads until
 * OpenSSL wants the socket again, so nothing is left in SSL_pending()
 * when the connection goes back to epoll. */
static int fill(srv_server *s, struct econn *c)
{
	for (;;) {
		ssize_t r;
		if (c->len > c->pos && econn_head(c))
			return 1;
		if (c->pos > 0 && c->pos == c->len)
			c->pos = c->len = 0;
		if (c->len - c->pos >= HEAD_MAX)
			return -1;
		if (c->cap - c->len < 4096) {
			size_t ncap = c->cap ? c->cap * 2 : 8192;
			char *p;
			if (c->pos > 0) {
				memmove(c->buf, c->buf + c->pos, c->len - c->pos);
				c->len -= c->pos;
				c->pos = 0;
				continue;
			}
			p = realloc(c->buf, ncap);
			if (!p)
				return -1;
			c->buf = p;
			c->cap = ncap;
		}
		r = read_nb(c, c->buf + c->len, c->cap - c->len);
		if (r == -EAGAIN) {
			if (c->ssl && SSL_pending(c->ssl) > 0)
				continue;
			return 0;
		}
		if (r <= 0)
			return -1;
		if (!c->first_byte) {
			c->first_byte = mono_now();
			c->deadline = c->first_byte + s->cfg->head_timeout_s;
		}
		c->len += (size_t)r;
	}
}

/* The canned answers of the reactor: they cost it one non-blocking write. */
static const char busy_503[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
			       "Connection: close\r\n\r\n";

static void refuse_overloaded(srv_server *s, struct econn *c)
{
	static const char msg[] = "the gateway is overloaded (every worker busy, queue full); "
				  "retry later";
	char body[1024], all[1400];
	int bl, n;

	bl = snprintf(body, sizeof body,
		      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<SOAP-ENV:Envelope "
		      "xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" "
		      "xmlns:slgw=\"%s\"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:"
		      "Server</faultcode><faultstring>%s</faultstring><detail><slgw:fault>"
		      "<slgw:code>UNAVAILABLE</slgw:code><slgw:message>%s</slgw:message>"
		      "</slgw:fault></detail></SOAP-ENV:Fault></SOAP-ENV:Body>"
		      "</SOAP-ENV:Envelope>\n",
		      SRV_API_NAMESPACE, msg, msg);
	n = snprintf(all, sizeof all,
		     "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml; "
		     "charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		     bl, body);
	srv_metrics_overload(s->metrics);
	if (c->ssl) {
		ERR_clear_error();
		SSL_write(c->ssl, all, n);
	} else if (send(c->fd, all, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* nothing more to do: the connection is being closed */
	}
	start_drain(s, c);
}

/* c has a whole request head: to a worker, or UNAVAILABLE at once when
 * queue_length requests already wait for one. */
static void dispatch(srv_server *s, struct econn *c)
{
	int full;
	pthread_mutex_lock(&s->qlock);
	full = s->qready >= s->cfg->queue_length;
	pthread_mutex_unlock(&s->qlock);
	if (full)
		refuse_overloaded(s, c);
	else
		enqueue(s, c, TASK_SERVE);
}

static void reading(srv_server *s, struct econn *c)
{
	int r = fill(s, c);
	if (r > 0)
		dispatch(s, c);
	else if (r == 0)
		arm(s, c);
	else
		econn_close(s, c);
}

/* A worker is done with c. */
static void came_back(srv_server *s, struct econn *c)
{
	double now = mono_now();

	if (c->close) {
		if (c->drain)
			start_drain(s, c);
		else
			econn_close(s, c);
		return;
	}
	if (c->task == TASK_HANDSHAKE) {
		if (!SSL_is_init_finished(c->ssl)) {
			c->state = EC_HANDSHAKE;
			arm(s, c);
			return;
		}
		c->deadline = now + s->cfg->head_timeout_s;
	} else {
		c->deadline = now + s->cfg->idle_timeout_s;
	}
	c->state = EC_READING;
	c->first_byte = 0;
	c->want_write = 0;
	if (c->len > c->pos) {
		c->first_byte = now;
		c->deadline = now + s->cfg->head_timeout_s;
	}
	/* Before going back to epoll: bytes already buffered (by OpenSSL or
	 * read ahead) would never make the socket readable again. */
	reading(s, c);
}

static void refuse_fd(srv_server *s, int fd)
{
	if (s->cfg->plain_http &&
	    send(fd, busy_503, sizeof busy_503 - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* closing anyway */
	}
	close(fd);
	srv_metrics_overload(s->metrics);
}

static void accept_all(srv_server *s)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		struct econn *c;
		struct epoll_event ev;
		unsigned char a[16] = { 0 };
		int fd = accept4(s->lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		int one = 1;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM) {
				/* Out of descriptors: stop watching the listener for a
				 * moment instead of spinning on it. */
				srv_log(SRV_LOG_WARN, "accept: %s", strerror(errno));
				epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->lfd, NULL);
				s->listen_paused = 1;
			}
			return;
		}
		if (ss.ss_family == AF_INET) {
			a[10] = a[11] = 0xff;
			memcpy(a + 12, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		} else if (ss.ss_family == AF_INET6) {
			memcpy(a, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
		}
		if (s->nconns >= s->max_conns ||
		    addr_count_of(s, a) >= s->cfg->max_conns_per_address) {
			refuse_fd(s, fd);
			continue;
		}
		c = calloc(1, sizeof *c);
		if (!c || addr_add(s, a, 1) < 0) {
			free(c);
			refuse_fd(s, fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		c->fd = fd;
		memcpy(c->addr, a, 16);
		c->sc.srv = s;
		c->keep_alive = 1;
		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, c->sc.peer,
				  sizeof c->sc.peer);
		else if (ss.ss_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, c->sc.peer,
				  sizeof c->sc.peer);
		if (!s->cfg->plain_http) {
			c->ssl = SSL_new(s->master->ctx);
			if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
				SSL_free(c->ssl);
				addr_add(s, a, -1);
				free(c);
				refuse_fd(s, fd);
				continue;
			}
			SSL_set_accept_state(c->ssl);
			c->state = EC_HANDSHAKE;
			c->deadline = mono_now() + s->cfg->handshake_timeout_s;
		} else {
			c->state = EC_READING;
			c->deadline = mono_now() + s->cfg->head_timeout_s;
		}
		c->next = s->conns;
		if (s->conns)
			s->conns->prev = c;
		s->conns = c;
		s->nconns++;
		ev.events = EPOLLIN | EPOLLONESHOT;
		ev.data.ptr = c;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev))
			econn_close(s, c);
	}
}

/* Closes connections past their deadline (not those a worker has). */
static void expire(srv_server *s, double now)
{
	struct econn *c = s->conns, *next;
	for (; c; c = next) {
		next = c->next;
		if (c->state != EC_WORKER && now >= c->deadline) {
			if (c->state != EC_DRAIN)
				srv_log(SRV_LOG_DEBUG, "closing %s connection from %s: %s",
					c->state == EC_HANDSHAKE ? "handshaking" : "idle",
					c->sc.peer,
					c->first_byte ? "request head too slow" : "deadline");
			econn_close(s, c);
		}
	}
}

static void on_event(srv_server *s, struct econn *c)
{
	switch (c->state) {
	case EC_HANDSHAKE:
		enqueue(s, c, TASK_HANDSHAKE);
		break;
	case EC_READING:
		reading(s, c);
		break;
	case EC_DRAIN:
		drain(s, c);
		break;
	case EC_WORKER:
		break;
	}
}

static void reactor(srv_server *s)
{
	struct epoll_event evs[128];
	double last_scan = mono_now();

	while (!s->stop) {
		int n = epoll_wait(s->epfd, evs, 128, 100);
		double now;
		struct econn *back;

		for (int i = 0; i < n; i++) {
			if (evs[i].data.ptr == &s->lfd) {
				accept_all(s);
			} else if (evs[i].data.ptr == &s->wakefd) {
				uint64_t v;
				if (read(s->wakefd, &v, sizeof v) < 0) {
					/* EAGAIN: someone else read it */
				}
			} else {
				on_event(s, evs[i].data.ptr);
			}
		}
		pthread_mutex_lock(&s->qlock);
		back = s->back;
		s->back = NULL;
		pthread_mutex_unlock(&s->qlock);
		while (back) {
			struct econn *c = back;
			back = c->qnext;
			c->qnext = NULL;
			came_back(s, c);
		}
		now = mono_now();
		if (now - last_scan >= 0.1) {
			last_scan = now;
			expire(s, now);
			if (s->listen_paused) {
				struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &s->lfd };
				if (!epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->lfd, &ev))
					s->listen_paused = 0;
			}
		}
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
	s->epfd = s->wakefd = s->lfd = -1;
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
	s->master->fresponse = audit_then_respond;
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
	{
		int fl = fcntl(s->lfd, F_GETFL);
		struct epoll_event ev;
		if (fl < 0 || fcntl(s->lfd, F_SETFL, fl | O_NONBLOCK) < 0)
			goto sys;
		s->epfd = epoll_create1(EPOLL_CLOEXEC);
		s->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (s->epfd < 0 || s->wakefd < 0)
			goto sys;
		ev.events = EPOLLIN;
		ev.data.ptr = &s->lfd;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->lfd, &ev))
			goto sys;
		ev.events = EPOLLIN;
		ev.data.ptr = &s->wakefd;
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->wakefd, &ev))
			goto sys;
	}
	{
		/* Descriptors: every connection holds one; keep some for the
		 * store, the audit, naviseccli pipes and logs. */
		struct rlimit rl;
		s->max_conns = 1024 - 64;
		if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY)
			s->max_conns = (int)(rl.rlim_cur > 1 << 20 ? 1 << 20 : rl.rlim_cur) - 64;
		else if (!getrlimit(RLIMIT_NOFILE, &rl))
			s->max_conns = 1 << 20;
		if (s->max_conns < 16)
			s->max_conns = 16;
	}
	s->workers = calloc((size_t)cfg->workers, sizeof *s->workers);
	s->addrs = calloc(ADDR_BUCKETS, sizeof *s->addrs);
	if (!s->workers || !s->addrs)
		goto oom;
	*out = s;
	return 0;
sys:
	snprintf(err, errlen, "cannot set up the listener: %s", strerror(errno));
	goto fail;
oom:
	snprintf(err, errlen, "out of memory");
fail:
	srv_server_free(s);
	return -1;
}

void srv_server_stop(srv_server *s)
{
	uint64_t one = 1;
	s->stop = 1;
	/* async-signal safe: a write to the eventfd wakes the reactor */
	if (s->wakefd >= 0 && write(s->wakefd, &one, sizeof one) < 0) {
		/* saturated: it is awake */
	}
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

static void close_all(srv_server *s)
{
	while (s->conns)
		econn_close(s, s->conns);
	s->qhead = s->qtail = s->back = NULL;
	s->qready = 0;
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
	srv_log(SRV_LOG_INFO,
		"listening on %s:%d (%s), %d workers, queue %d, %d connections per address",
		s->cfg->listen_address, s->port, s->cfg->plain_http ? "plain HTTP" : "TLS",
		s->cfg->workers, s->cfg->queue_length, s->cfg->max_conns_per_address);

	reactor(s);

	srv_log(SRV_LOG_INFO, "shutting down");
	/* Requests in progress finish; queued ones and idle connections are
	 * closed without waiting for anything from their peers. */
	stop_workers(s);
	close_all(s);
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
	close_all(s);
	if (s->addrs) {
		for (int i = 0; i < ADDR_BUCKETS; i++)
			while (s->addrs[i]) {
				struct addr_count *n = s->addrs[i]->next;
				free(s->addrs[i]);
				s->addrs[i] = n;
			}
	}
	if (s->epfd >= 0)
		close(s->epfd);
	if (s->wakefd >= 0)
		close(s->wakefd);
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
	free(s->addrs);
	free(s->workers);
	pthread_mutex_destroy(&s->qlock);
	pthread_cond_destroy(&s->qcond);
	free(s);
}
