/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_server_internal.h - the state the parts of slgwd's HTTPS server share,
 * and the calls they make on each other.  Not for the service layer: it
 * sees a connection only through srv.h (struct srv_conn, srv_conn_*()).
 *
 * The server is one struct srv_server, split by responsibility over four
 * files: srv_server.c sets it up, runs the worker pool and stops it;
 * srv_reactor.c is the epoll reactor that owns every connection while
 * nothing is asked of it; srv_worker.c serves requests on a worker's gSOAP
 * context; srv_http.c makes the answers that are not SOAP calls (GET
 * pages, canned refusals).  Each field below says which thread may touch
 * it, so the split into files never blurs who owns what.
 *
 * A connection is a struct econn: the reactor's view of it (socket, SSL*,
 * deadlines, read-ahead buffer) with the service layer's struct srv_conn
 * first, so soap->user can point at either while a worker serves it.
 */
#ifndef SLGW_SRV_SERVER_INTERNAL_H
#define SLGW_SRV_SERVER_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include <openssl/ssl.h>

#include "soapH.h"
#include "srv.h"

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
	 * srv_respond_audited; gSOAP's own frecv (socket or TLS). */
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

static inline double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline struct srv_conn *conn_of(struct soap *soap)
{
	return (struct srv_conn *)soap->user;
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

static inline struct econn *econn_of(struct soap *soap)
{
	return (struct econn *)soap->user;
}

/* srv_reactor.c (the reactor thread, but srv_reactor_wake) */

/* Makes the listening socket non-blocking, creates the epoll set and its
 * wake-up eventfd, sizes the connection table from RLIMIT_NOFILE.  0, or
 * -1 with err filled. */
int srv_reactor_setup(srv_server *s, char *err, size_t errlen);
/* Runs the reactor until s->stop. */
void srv_reactor_run(srv_server *s);
/* Wakes the reactor (async-signal safe; any thread). */
void srv_reactor_wake(srv_server *s);
/* Closes every connection and empties the hand-off queues (the workers
 * are stopped). */
void srv_reactor_close_all(srv_server *s);
/* srv_reactor_close_all(), then frees what srv_reactor_setup() made. */
void srv_reactor_free(srv_server *s);
/* Length of the complete request head buffered at c->buf[c->pos..), or 0. */
size_t srv_econn_head(const struct econn *c);

/* srv_worker.c */

/* A worker thread (arg: the srv_server): takes connections off the ready
 * queue, does their handshake step or serves their requests, hands them
 * back to the reactor. */
void *srv_worker_main(void *arg);
/* soap->fresponse of the master (and so of every worker): audits the call
 * before its answer goes out, then s->http_response. */
int srv_respond_audited(struct soap *soap, int status, ULONG64 count);

/* srv_http.c: the canned answers */

/* 413 for a request over max_request_bytes (blocking for at most 5 s);
 * marks c for a lingering close. */
void srv_http_too_large(struct econn *c);
/* The UNAVAILABLE fault of an overload, in one non-blocking write. */
void srv_http_unavailable(struct econn *c);
/* A bare 503 on a plain-HTTP socket refused at accept, in one
 * non-blocking write. */
void srv_http_busy(int fd);

#endif
