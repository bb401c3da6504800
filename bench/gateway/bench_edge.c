/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_edge.c - slgwd's connection edge under idle and hostile clients,
 * printed (never asserted).
 *
 * Starts slgwd --demo (TLS, 8 workers, default edge settings: 64
 * connections per address, 10 s head deadline, 15 s idle timeout) and
 * measures the latency of a NEW client (TCP connect, TLS handshake, one
 * authenticated getServiceInfo; the close after it is not timed, and the
 * client contexts are made before the clock runs: OpenSSL takes tens of
 * milliseconds to make one, a cost of the client, not of the server) from
 * 127.0.0.1, after one warm-up call that pays the password check:
 *  1. with nothing else open (baseline);
 *  2. with 1,000 idle keep-alive TLS connections open (each made one GET
 *     /healthz and sits idle; they come from 127.0.0.2.. , 50 per address,
 *     so that the per-address cap of 64 is not what is measured);
 *  3. with 200 slow TLS connections sending their request head one line a
 *     second (from 127.0.0.40.., 50 per address).
 * Each figure is p50 / p99 / max of N calls.  The idle and slow
 * connections are counted as still open right after the measurement, so
 * the figures say what was actually held.  Build without SLGW_SANITIZE
 * for meaningful numbers.
 *
 * usage: bench_edge [calls-per-figure (default 200)] [idle (1000)] [slow (200)]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "soapH.h"
#include "e2e_harness.h"

static struct e2e srv;
static SSL_CTX *cctx;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct raw {
	int fd;
	SSL *ssl;
};

/* A TLS connection from 127.0.0.<host>; 0 or -1. */
static int raw_open(struct raw *r, int host)
{
	struct sockaddr_in src, dst;

	r->ssl = NULL;
	r->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (r->fd < 0)
		return -1;
	memset(&src, 0, sizeof src);
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)host);
	memset(&dst, 0, sizeof dst);
	dst.sin_family = AF_INET;
	dst.sin_port = htons((unsigned short)srv.port);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(r->fd, (struct sockaddr *)&src, sizeof src) ||
	    connect(r->fd, (struct sockaddr *)&dst, sizeof dst))
		goto fail;
	r->ssl = SSL_new(cctx);
	if (!r->ssl || SSL_set_fd(r->ssl, r->fd) != 1 || SSL_connect(r->ssl) != 1)
		goto fail;
	return 0;
fail:
	SSL_free(r->ssl);
	r->ssl = NULL;
	close(r->fd);
	r->fd = -1;
	return -1;
}

static void raw_close(struct raw *r)
{
	if (r->fd < 0)
		return;
	SSL_free(r->ssl);
	close(r->fd);
	r->fd = -1;
	r->ssl = NULL;
}

static int raw_send(struct raw *r, const char *s)
{
	return SSL_write(r->ssl, s, (int)strlen(s)) > 0 ? 0 : -1;
}

/* GET /healthz keep-alive and read its answer ("ok\n"). */
static int raw_health(struct raw *r)
{
	char buf[1024];
	size_t len = 0;

	if (raw_send(r, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
		return -1;
	while (len + 1 < sizeof buf) {
		int n = SSL_read(r->ssl, buf + len, (int)(sizeof buf - 1 - len));
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = 0;
		if (strstr(buf, "\r\n\r\nok\n") || strstr(buf, "\r\n0\r\n\r\n"))
			return 0;
	}
	return -1;
}

/* 1 while the server has not closed r. */
static int raw_alive(struct raw *r)
{
	struct pollfd p = { r->fd, POLLIN, 0 };
	char c;
	if (r->fd < 0)
		return 0;
	if (poll(&p, 1, 0) <= 0)
		return 1;
	return recv(r->fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* n client contexts, made before the clock runs (OpenSSL makes a context
 * in tens of milliseconds: client cost, not the server's). */
static struct soap **clients(int n)
{
	struct soap **c = calloc((size_t)n, sizeof *c);
	for (int i = 0; c && i < n; i++) {
		c[i] = e2e_client(&srv, "admin", srv.admin_pw);
		if (!c[i])
			exit(1);
		c[i]->recv_timeout = 30;
	}
	return c;
}

/* One new client after another (connect, TLS handshake, one call; the
 * close after it is not timed); prints p50/p99/max in ms; frees c. */
static void measure(const char *label, struct soap **c, int n)
{
	double *t = calloc((size_t)n, sizeof *t);
	double start = now();
	int errors = 0;

	for (int i = 0; i < n; i++) {
		struct _slgw__getServiceInfo rq = { 0 };
		struct _slgw__getServiceInfoResponse rs;
		double t0 = now();
		if (soap_call___slgw__getServiceInfo(c[i], srv.endpoint, NULL, &rq, &rs) != SOAP_OK) {
			if (!errors++)
				soap_print_fault(c[i], stderr);
		}
		t[i] = (now() - t0) * 1000;
		soap_force_closesock(c[i]);
	}
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("%-50s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d calls in %.1f s, %d "
	       "errors)\n",
	       label, t[n / 2], t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], t[n - 1], n,
	       now() - start, errors);
	fflush(stdout);
	for (int i = 0; i < n; i++)
		e2e_client_free(c[i]);
	free(c);
	free(t);
}

/* The slow clients: one more header line a second each. */
static struct raw *slow;
static int n_slow;
static volatile int slow_stop;
static volatile int slow_send_failed;

static void *trickle(void *arg)
{
	(void)arg;
	while (!slow_stop) {
		for (int i = 0; i < n_slow && !slow_stop; i++)
			if (slow[i].fd >= 0 && raw_send(&slow[i], "X-Slow: 1\r\n")) {
				raw_close(&slow[i]);
				slow_send_failed++;
			}
		for (int k = 0; k < 10 && !slow_stop; k++)
			usleep(100000);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int calls = argc > 1 ? atoi(argv[1]) : 200;
	int n_idle = argc > 2 ? atoi(argv[2]) : 1000;
	struct raw *idle;
	struct soap **pre;
	struct rlimit rl;
	pthread_t th;
	int open_ok = 0, alive = 0;
	char label[128];
	double t0;

	n_slow = argc > 3 ? atoi(argv[3]) : 200;
	if (calls < 1 || n_idle < 0 || n_slow < 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (e2e_start(&srv, 0))
		return 1;
	cctx = SSL_CTX_new(TLS_client_method());
	SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
	if (!cctx || SSL_CTX_load_verify_locations(cctx, srv.cert, NULL) != 1) {
		e2e_kill(&srv);
		return 1;
	}
	printf("slgwd --demo: 8 workers, 64 connections per address, head deadline 10 s, "
	       "idle timeout 15 s\n");

	/* the first call pays the password check; later ones hit the cache */
	measure("warm-up (first call checks the password):", clients(1), 1);
	measure("new client, nothing else open:", clients(calls), calls);

	/* 1,000 idle keep-alive connections, 50 per source address */
	pre = clients(calls);
	idle = calloc((size_t)n_idle + 1, sizeof *idle);
	t0 = now();
	for (int i = 0; i < n_idle; i++) {
		if (raw_open(&idle[i], 2 + i / 50) == 0 && raw_health(&idle[i]) == 0)
			open_ok++;
		else
			raw_close(&idle[i]);
	}
	printf("opened %d idle keep-alive TLS connections in %.1f s\n", open_ok, now() - t0);
	snprintf(label, sizeof label, "new client, %d idle keep-alive open:", open_ok);
	measure(label, pre, calls);
	for (int i = 0; i < n_idle; i++)
		alive += raw_alive(&idle[i]);
	printf("  idle connections still open after the measurement: %d\n", alive);
	for (int i = 0; i < n_idle; i++)
		raw_close(&idle[i]);
	free(idle);
	usleep(300000);

	/* 200 slow clients: a request head one line a second */
	pre = clients(calls);
	slow = calloc((size_t)n_slow + 1, sizeof *slow);
	open_ok = 0;
	for (int i = 0; i < n_slow; i++) {
		if (raw_open(&slow[i], 40 + i / 50) == 0 && raw_send(&slow[i], "POST / HTTP/1.1\r\n") == 0)
			open_ok++;
		else
			raw_close(&slow[i]);
	}
	pthread_create(&th, NULL, trickle, NULL);
	snprintf(label, sizeof label, "new client, %d slow-header clients open:", open_ok);
	measure(label, pre, calls);
	alive = 0;
	for (int i = 0; i < n_slow; i++)
		alive += raw_alive(&slow[i]);
	printf("  slow connections still open after the measurement: %d (%d closed under "
	       "the trickle)\n", alive, slow_send_failed);
	slow_stop = 1;
	pthread_join(th, NULL);
	for (int i = 0; i < n_slow; i++)
		raw_close(&slow[i]);
	free(slow);

	e2e_stop(&srv);
	e2e_cleanup(&srv);
	SSL_CTX_free(cctx);
	return 0;
}
