/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_conn.c - slgwd's connection edge against idle and hostile clients,
 * on the real daemon (demo mode: 8 workers, TLS, defaults of the edge:
 * 64 connections per address, 10 s handshake and head deadlines):
 *  - idle keep-alive connections hold no worker: with 9 of them open a new
 *    client is served;
 *  - a client sending its request head one line a second does not block
 *    others, and is closed at the head deadline however it trickles;
 *  - the 65th connection from one address is refused, the 64 others stay,
 *    and closing them frees the address's share again;
 *  - a body that is not XML and an envelope cut short by its Content-Length
 *    get an INVALID_ARGUMENT fault (without waiting for a timeout);
 *  - a declared body over the size limit gets 413, a chunked one 413 too;
 *  - a DOCTYPE is refused with INVALID_ARGUMENT;
 *  - SIGTERM ends slgwd with an idle keep-alive client and with a TCP
 *    connection that never sent a TLS hello.
 * Times in here are hang guards (client receive timeouts, a bound on
 * waiting for an exit), never speed assertions: speed is bench/gateway's
 * bench_edge.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include "soapH.h"
#include "e2e_harness.h"
#include "../common/suite_one.h"

static struct e2e srv;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void up(void)
{
	ck_assert_int_eq(e2e_start(&srv, 0), 0);
}

static void down(void)
{
	if (srv.pid > 0)
		e2e_stop(&srv);
	e2e_cleanup(&srv);
}

/* One getServiceInfo on a client; SOAP_OK or gSOAP's error. */
static int call_info(struct soap *s)
{
	struct _slgw__getServiceInfo rq = { 0 };
	struct _slgw__getServiceInfoResponse rs;
	return soap_call___slgw__getServiceInfo(s, srv.endpoint, NULL, &rq, &rs);
}

/* A plain TCP connection to slgwd (no TLS hello sent). */
static int tcp_dial(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)srv.port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	return fd;
}

/* 1 when the peer closed fd (EOF or reset) within ms. */
static int closed_within(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	char b[256];
	double until = now_s() + ms / 1000.0;

	while (now_s() < until) {
		int n = poll(&p, 1, 100);
		if (n > 0) {
			ssize_t r = recv(fd, b, sizeof b, MSG_DONTWAIT);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
				return 1;
		}
	}
	return 0;
}

/* A TLS connection (BIO) to slgwd verifying the demo certificate. */
static BIO *tls_dial(SSL_CTX **ctxp)
{
	BIO *bio = e2e_tls_dial(&srv, ctxp);

	ck_assert_ptr_nonnull(bio);
	return bio;
}

static int tls_write(BIO *bio, const char *s, size_t n)
{
	while (n > 0) {
		int w = BIO_write(bio, s, (int)n);
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads the answer until the server closes or guard_s passes. */
static char *tls_read_all(BIO *bio, int guard_s)
{
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap + 1);
	int fd = -1;
	double until = now_s() + guard_s;

	BIO_get_fd(bio, &fd);
	while (len < cap && now_s() < until) {
		int n;
		struct pollfd p = { fd, POLLIN, 0 };
		SSL *ssl = NULL;
		BIO_get_ssl(bio, &ssl);
		if (!(ssl && SSL_pending(ssl) > 0) && poll(&p, 1, 200) <= 0)
			continue;
		n = BIO_read(bio, out + len, (int)(cap - len));
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	return out;
}

static char *auth_header(char *out, size_t n)
{
	char cred[256];
	unsigned char b64[400];
	snprintf(cred, sizeof cred, "admin:%s", srv.admin_pw);
	EVP_EncodeBlock(b64, (const unsigned char *)cred, (int)strlen(cred));
	snprintf(out, n, "Authorization: Basic %s\r\n", b64);
	return out;
}

/* A TLS connection that has sent the head of a POST as admin whose body
 * is framed by the header line `framing` (Content-Length or
 * Transfer-Encoding, with its CRLF). */
static BIO *post_head(SSL_CTX **ctxp, const char *framing)
{
	char hdr[1024], auth[512];
	BIO *b = tls_dial(ctxp);

	snprintf(hdr, sizeof hdr,
		 "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n%s%s\r\n",
		 auth_header(auth, sizeof auth), framing);
	ck_assert_int_eq(tls_write(b, hdr, strlen(hdr)), 0);
	return b;
}

#define ENV1                                                                   \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><s:Envelope "               \
	"xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:g=\"urn:slgw:api:1\">" \
	"<s:Body>"
#define ENV2 "</s:Body></s:Envelope>"

START_TEST(idle_keepalive_connections_hold_no_worker)
{
	struct soap *idle[9];
	struct soap *fresh;

	/* 9 pooled clients make one call each and keep the connection. */
	for (int i = 0; i < 9; i++) {
		idle[i] = e2e_client(&srv, "admin", srv.admin_pw);
		ck_assert_ptr_nonnull(idle[i]);
		ck_assert_int_eq(call_info(idle[i]), SOAP_OK);
		ck_assert_msg(soap_valid_socket(idle[i]->socket), "client %d did not keep alive", i);
	}
	/* With 8 workers, a 10th client is served while all 9 sit idle (a
	 * worker per connection would leave it waiting for an idle timeout;
	 * its 5 s receive timeout is shorter than slgwd's 15 s). */
	fresh = e2e_client(&srv, "admin", srv.admin_pw);
	ck_assert_ptr_nonnull(fresh);
	fresh->recv_timeout = 5;
	ck_assert_int_eq(call_info(fresh), SOAP_OK);
	/* ... and the idle ones are still usable on the same connections. */
	for (int i = 0; i < 9; i++) {
		SOAP_SOCKET before = idle[i]->socket;
		ck_assert_int_eq(call_info(idle[i]), SOAP_OK);
		ck_assert_int_eq(idle[i]->socket, before);
	}
	e2e_client_free(fresh);
	for (int i = 0; i < 9; i++)
		e2e_client_free(idle[i]);
}
END_TEST

START_TEST(slow_header_blocks_nobody_and_is_closed_at_the_deadline)
{
	SSL_CTX *ctx;
	BIO *slow = tls_dial(&ctx);
	struct soap *c = e2e_client(&srv, "admin", srv.admin_pw);
	int fd = -1, closed = 0;
	double t0;

	ck_assert_int_eq(tls_write(slow, "POST / HTTP/1.1\r\n", 17), 0);
	c->recv_timeout = 5;
	ck_assert_int_eq(call_info(c), SOAP_OK);
	/* One header line a second: the head deadline (10 s from its first
	 * byte) still closes it.  25 s is a hang guard only. */
	BIO_get_fd(slow, &fd);
	t0 = now_s();
	while (now_s() - t0 < 25 && !closed) {
		if (tls_write(slow, "X-Slow: 1\r\n", 11) < 0) {
			closed = 1;
			break;
		}
		closed = closed_within(fd, 1000);
		/* others are served all along */
		ck_assert_int_eq(call_info(c), SOAP_OK);
	}
	ck_assert_msg(closed, "a trickling request head was never closed");
	e2e_client_free(c);
	e2e_tls_close(slow, ctx);
}
END_TEST

START_TEST(per_address_cap_refuses_the_next_connection)
{
	int fds[64], extra;
	struct soap *c;

	for (int i = 0; i < 64; i++)
		fds[i] = tcp_dial();
	extra = tcp_dial();
	ck_assert_msg(closed_within(extra, 5000), "the 65th connection was not refused");
	close(extra);
	/* the first 64 are held (silent, before their handshake deadline) */
	ck_assert_msg(!closed_within(fds[0], 300), "a connection under the cap was closed");
	ck_assert_msg(!closed_within(fds[63], 300), "a connection under the cap was closed");
	for (int i = 0; i < 64; i++)
		close(fds[i]);
	/* the address's share is free again */
	c = e2e_client(&srv, "admin", srv.admin_pw);
	c->recv_timeout = 5;
	for (int i = 0; i < 50; i++) {
		if (call_info(c) == SOAP_OK)
			break;
		soap_closesock(c);
		usleep(100000);
	}
	ck_assert_int_eq(call_info(c), SOAP_OK);
	e2e_client_free(c);
}
END_TEST

START_TEST(bad_bodies_get_invalid_argument)
{
	static const char *bodies[] = {
		"this is not XML at all",
		ENV1 "<g:getServiceInfo>",  /* cut short: Content-Length is right */
		"<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x \"y\">]>" ENV1
		"<g:getServiceInfo/>" ENV2,
	};
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		char *ans = e2e_post_raw(&srv, "admin", srv.admin_pw, bodies[i]);
		ck_assert_msg(ans && strstr(ans, "<slgw:code>INVALID_ARGUMENT</slgw:code>"),
			      "body %zu got: %.400s", i, ans ? ans : "(nothing)");
		if (i == 2)
			ck_assert_msg(strstr(ans, "DOCTYPE"), "got: %.400s", ans);
		free(ans);
	}
}
END_TEST

START_TEST(oversize_bodies_get_413)
{
	SSL_CTX *ctx;
	BIO *b;
	char *ans;
	static char chunk[65536];

	/* declared: answered before any of the body is sent */
	b = post_head(&ctx, "Content-Length: 2097152\r\n");
	ans = tls_read_all(b, 20);
	ck_assert_msg(!strncmp(ans, "HTTP/1.1 413", 12), "got: %.300s", ans);
	free(ans);
	e2e_tls_close(b, ctx);

	/* chunked, 2 MiB of it (the limit is 1 MiB) */
	b = post_head(&ctx, "Transfer-Encoding: chunked\r\n");
	memset(chunk, ' ', sizeof chunk);
	memcpy(chunk, ENV1, strlen(ENV1));
	for (int i = 0; i < 32; i++) {
		char ch[32];
		snprintf(ch, sizeof ch, "%zx\r\n", sizeof chunk);
		if (tls_write(b, ch, strlen(ch)) || tls_write(b, chunk, sizeof chunk) ||
		    tls_write(b, "\r\n", 2))
			break;
	}
	ans = tls_read_all(b, 20);
	ck_assert_msg(!strncmp(ans, "HTTP/1.1 413", 12) || strstr(ans, "<slgw:code>"),
		      "got: %.300s", ans);
	free(ans);
	e2e_tls_close(b, ctx);
}
END_TEST

/* SIGTERM, then wait for the exit; 0 when it exited with status 0 within
 * guard_s (a hang guard).  Prints how long it took. */
static int term_and_wait(const char *what, int guard_s)
{
	double t0 = now_s();
	int status = -1;

	kill(srv.pid, SIGTERM);
	while (now_s() - t0 < guard_s) {
		pid_t r = waitpid(srv.pid, &status, WNOHANG);
		if (r == srv.pid) {
			srv.pid = 0;
			printf("SIGTERM with %s: exit after %.0f ms\n", what,
			       (now_s() - t0) * 1000);
			return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
		}
		usleep(20000);
	}
	return -1;
}

START_TEST(sigterm_with_an_idle_keepalive_client)
{
	struct soap *c = e2e_client(&srv, "admin", srv.admin_pw);
	ck_assert_int_eq(call_info(c), SOAP_OK);
	ck_assert(soap_valid_socket(c->socket));
	ck_assert_int_eq(term_and_wait("an idle keep-alive client", 5), 0);
	e2e_client_free(c);
}
END_TEST

START_TEST(sigterm_with_a_silent_tcp_connection)
{
	int fd = tcp_dial();
	usleep(200000);
	ck_assert_int_eq(term_and_wait("a silent TCP connection", 5), 0);
	close(fd);
}
END_TEST

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return SUITE_RUN_ONE("gateway-conn", "conn", up, down, 120,
		idle_keepalive_connections_hold_no_worker,
		slow_header_blocks_nobody_and_is_closed_at_the_deadline,
		per_address_cap_refuses_the_next_connection, bad_bodies_get_invalid_argument,
		oversize_bodies_get_413, sigterm_with_an_idle_keepalive_client,
		sigterm_with_a_silent_tcp_connection);
}
