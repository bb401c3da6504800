/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inproc.h - one slgwd server inside a test process, for the tests of the
 * server machinery (test_server.c, test_audit.c): plain HTTP on 127.0.0.1
 * and an ephemeral port, a store in a fresh temp dir, no arrays
 * (naviseccli is /bin/false), an admin user root / root-password-1.
 *
 * Use: inproc_up() with the few limits a test tunes (or inproc_dir(),
 * inproc_config(), tune t->cfg, inproc_start() for anything else); then
 * inproc_stop() (as on SIGTERM) and inproc_remove_dir(), or inproc_down()
 * for both.  Requests are raw bytes on a socket (inproc_dial,
 * inproc_send_all, inproc_read_answer, inproc_soap_post), so the tests see
 * exactly what the server writes.  Failures are Check assertions.
 */
#ifndef SLGW_TEST_INPROC_H
#define SLGW_TEST_INPROC_H

#include <pthread.h>
#include <stddef.h>

#include "srv.h"

struct inproc {
	char dir[64];        /* the state dir */
	char dbpath[128];    /* dir/slgw.db */
	struct srv_config cfg;
	srv_server *server;
	pthread_t runner;
};

/* Makes a fresh temp dir named prefix-XXXXXX and sets t->dir, t->dbpath. */
void inproc_dir(struct inproc *t, const char *prefix);

/* Fills t->cfg with the defaults plus what every in-process test needs
 * (state in t->dir, plain HTTP on 127.0.0.1, port 0, one job worker, no
 * arrays); the caller tunes workers, queue, timeouts and limits after. */
void inproc_config(struct inproc *t);

/* Starts the server on t->cfg with the admin user, serving on a thread. */
void inproc_start(struct inproc *t);

/* The server limits a test sets; a field left 0 keeps inproc_config()'s
 * default. */
struct inproc_limits {
	int workers;
	int queue_length;
	int recv_timeout_s;
	int idle_timeout_s;
	long max_request_bytes;
	int max_xml_depth;
};

/* inproc_dir(t, prefix), inproc_config(t), the non-zero fields of lim
 * (lim may be NULL), inproc_start(t): a test's whole set-up. */
void inproc_up(struct inproc *t, const char *prefix, const struct inproc_limits *lim);

/* Clean shutdown, as on SIGTERM: stop, join, free the server and config. */
void inproc_stop(struct inproc *t);

/* Removes the store files (with -wal, -shm, -journal) and the dir. */
void inproc_remove_dir(struct inproc *t);

/* A TCP connection to the running server (asserts success). */
int inproc_dial(const struct inproc *t);

/* Sends all n bytes, or stops quietly when the peer has closed. */
void inproc_send_all(int fd, const char *s, size_t n);

/* inproc_stop() then inproc_remove_dir(): the usual teardown. */
void inproc_down(struct inproc *t);

/* Reads the answer on fd until the peer closes, 10 s pass without data or
 * (when soap is set) the SOAP envelope has ended; malloc'ed and NUL
 * terminated, its length in *outlen unless outlen is NULL. */
char *inproc_read_answer(int fd, int soap, size_t *outlen);

/* POSTs blen bytes of body as one SOAP request on fd (Basic auth_b64 unless
 * it is NULL, Connection: close) and returns inproc_read_answer(fd, 1,
 * outlen).  The caller closes fd. */
char *inproc_soap_post(int fd, const char *auth_b64, const char *body, size_t blen,
		       size_t *outlen);

#endif
