/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inproc.c - one slgwd server inside a test process (see inproc.h).
 */
#include "inproc.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void inproc_dir(struct inproc *t, const char *prefix)
{
	snprintf(t->dir, sizeof t->dir, "%s-XXXXXX", prefix);
	ck_assert_ptr_nonnull(mkdtemp(t->dir));
	snprintf(t->dbpath, sizeof t->dbpath, "%s/slgw.db", t->dir);
}

void inproc_config(struct inproc *t)
{
	struct srv_config *c = &t->cfg;

	ck_assert_int_eq(srv_config_defaults(c), 0);
	free(c->state_dir);
	c->state_dir = strdup(t->dir);
	free(c->listen_address);
	c->listen_address = strdup("127.0.0.1");
	c->port = 0;
	c->plain_http = 1;
	c->job_workers = 1;
	free(c->naviseccli_path);
	c->naviseccli_path = strdup("/bin/false");
}

static void *run(void *arg)
{
	srv_server_run(((struct inproc *)arg)->server);
	return NULL;
}

void inproc_start(struct inproc *t)
{
	char err[512];
	int64_t uid;

	srv_log_set_level(SRV_LOG_ERROR);
	ck_assert_msg(srv_server_new(&t->server, &t->cfg, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(store_user_create(&uid, srv_server_store(t->server), "root",
					   "root-password-1", STORE_ROLE_ADMIN, 0),
			 0);
	ck_assert_int_eq(pthread_create(&t->runner, NULL, run, t), 0);
}

/* *dst = v unless v is 0 (the limit the test leaves at its default). */
static void tune(int *dst, int v)
{
	if (v)
		*dst = v;
}

void inproc_up(struct inproc *t, const char *prefix, const struct inproc_limits *lim)
{
	struct srv_config *c = &t->cfg;

	inproc_dir(t, prefix);
	inproc_config(t);
	if (lim) {
		tune(&c->workers, lim->workers);
		tune(&c->queue_length, lim->queue_length);
		tune(&c->recv_timeout_s, lim->recv_timeout_s);
		tune(&c->idle_timeout_s, lim->idle_timeout_s);
		tune(&c->max_xml_depth, lim->max_xml_depth);
		if (lim->max_request_bytes)
			c->max_request_bytes = lim->max_request_bytes;
	}
	inproc_start(t);
}

void inproc_stop(struct inproc *t)
{
	srv_server_stop(t->server);
	pthread_join(t->runner, NULL);
	srv_server_free(t->server);
	t->server = NULL;
	srv_config_free(&t->cfg);
}

void inproc_remove_dir(struct inproc *t)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[160];

	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
		snprintf(p, sizeof p, "%s%s", t->dbpath, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

int inproc_dial(const struct inproc *t)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)srv_server_port(t->server));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	return fd;
}

void inproc_send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void inproc_down(struct inproc *t)
{
	inproc_stop(t);
	inproc_remove_dir(t);
}

char *inproc_read_answer(int fd, int soap, size_t *outlen)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = calloc(1, cap + 1);
	struct pollfd p = { fd, POLLIN, 0 };

	ck_assert_ptr_nonnull(buf);
	while (len < cap && poll(&p, 1, 10000) > 0) {
		ssize_t r = recv(fd, buf + len, cap - len, 0);
		if (r <= 0)
			break;
		len += (size_t)r;
		if (soap && strstr(buf, "</SOAP-ENV:Envelope>"))
			break;
	}
	if (outlen)
		*outlen = len;
	return buf;
}

char *inproc_soap_post(int fd, const char *auth_b64, const char *body, size_t blen,
		       size_t *outlen)
{
	char hdr[512], *req;
	int h = snprintf(hdr, sizeof hdr,
			 "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
			 "%s%s%sContent-Length: %zu\r\nConnection: close\r\n\r\n",
			 auth_b64 ? "Authorization: Basic " : "", auth_b64 ? auth_b64 : "",
			 auth_b64 ? "\r\n" : "", blen);

	ck_assert(h > 0 && (size_t)h < sizeof hdr);
	req = malloc((size_t)h + blen);
	ck_assert_ptr_nonnull(req);
	memcpy(req, hdr, (size_t)h);
	memcpy(req + h, body, blen);
	inproc_send_all(fd, req, (size_t)h + blen);
	free(req);
	return inproc_read_answer(fd, 1, outlen);
}
