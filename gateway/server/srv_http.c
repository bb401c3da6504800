/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_http.c - the HTTP answers of slgwd that are not SOAP calls: the GET
 * pages and the canned refusals of the edge.
 *
 * GET pages (soap->fget, so gSOAP parses the request as usual): /?wsdl
 * serves the generated WSDL with its endpoint set to the address the
 * client used (from the Host header when it is a plain host name), so a
 * client generated from it talks back through the same name and port;
 * /metrics is for an allowed address or an admin login (srv_metrics.c);
 * /healthz answers anyone, without login, as a load balancer expects: "ok"
 * on a single gateway; on a node of a cluster a JSON object with the node
 * id, whether the store answers and the arrays it leads (token, expiry),
 * 200 while the store answers and 503 when it does not, so a balancer
 * steers callers to nodes that can record their jobs.  It carries no
 * secret.  Any other path is a 404 that the request loop counts.
 *
 * Canned refusals are written as fixed bytes, not through gSOAP, because
 * they are made where no gSOAP context is attached: the reactor answers
 * an overload (UNAVAILABLE fault, one non-blocking write, so a flood never
 * slows it down) and a plain-HTTP connection over the caps (503); a worker
 * answers a request over max_request_bytes (413) before gSOAP reads its
 * body.  Each of them ends with Connection: close, and the caller closes
 * with a lingering drain so the client reads the answer, not a reset.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "srv_server_internal.h"

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

/* A page of type; status 0 is 200, else that HTTP status (gSOAP's
 * SOAP_FILE + status). */
static int send_page(struct soap *soap, int status, const char *type, const char *body, size_t len)
{
	soap->http_content = type;
	soap->length = len;
	if (soap_response(soap, SOAP_FILE + status) || soap_send_raw(soap, body, len) ||
	    soap_end_send(soap))
		return soap_closesock(soap);
	return SOAP_OK;
}

/* The same with a text of ours (malloc'ed), freed once sent. */
static int send_text(struct soap *soap, int status, const char *type, char *text)
{
	int rc = send_page(soap, status, type, text, strlen(text));

	free(text);
	return rc;
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
		rc = send_text(soap, 0, "text/xml; charset=utf-8", w);
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
		rc = send_text(soap, 0, "text/plain; version=0.0.4; charset=utf-8", m);
		c->operation = "GET /metrics";
	} else if (!strcmp(path, "/healthz")) {
		static const char ok[] = "ok\n";
		c->operation = "GET /healthz";
		if (!c->srv->cfg->cluster_node) {
			rc = send_page(soap, 0, "text/plain; charset=utf-8", ok, sizeof ok - 1);
		} else {
			int store_ok = 0;
			char *h = broker_cluster_health(&store_ok, c->srv->b);
			if (!h)
				return SOAP_EOM;
			rc = send_text(soap, store_ok ? 0 : 503, "application/json", h);
		}
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

/* ------------------------------------------------------ canned answers */

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

void srv_http_too_large(struct econn *c)
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

void srv_http_busy(int fd)
{
	static const char busy_503[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
				       "Connection: close\r\n\r\n";

	if (send(fd, busy_503, sizeof busy_503 - 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* closing anyway */
	}
}

void srv_http_unavailable(struct econn *c)
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
	if (c->ssl) {
		ERR_clear_error();
		SSL_write(c->ssl, all, n);
	} else if (send(c->fd, all, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* nothing more to do: the connection is being closed */
	}
}
