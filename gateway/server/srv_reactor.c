/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * srv_reactor.c - slgwd's epoll reactor: the one thread that owns every
 * connection while nothing is asked of it.
 *
 * The reactor (the caller of srv_server_run) accepts, waits on epoll for
 * readability, reads request heads (non-blocking, through OpenSSL for TLS)
 * into the connection's buffer and closes connections past their
 * deadline.  A worker (srv_worker.c) gets a connection only when there is
 * work that cannot wait on the peer: a TLS handshake step (the socket is
 * readable; one non-blocking SSL_do_handshake step, so a silent or slow
 * client never holds a worker), or a request whose whole head is buffered.
 * After the answer the worker hands the connection back to the reactor;
 * before re-arming epoll the reactor reads until OpenSSL wants the socket
 * again (nothing is left in SSL_pending()).  So an idle keep-alive
 * connection costs a descriptor, an SSL* and a small buffer, never a
 * worker.
 *
 * Hostile clients: at most max_conns_per_address connections per peer
 * address (more are closed at accept; on plain HTTP with a canned 503),
 * and at most RLIMIT_NOFILE - 64 in all.  The TLS handshake must finish
 * within handshake_timeout_s of the accept and a request head within
 * head_timeout_s of its first byte (of the handshake when it is the first
 * request); an idle keep-alive connection is closed after idle_timeout_s.
 * When queue_length requests already wait for a worker, a new request is
 * answered UNAVAILABLE by the reactor with one canned non-blocking write
 * (srv_http.c).  Refused requests are closed with a lingering drain (the
 * input is read and dropped for 2 s) so the client reads the answer rather
 * than a reset.
 */
#define _GNU_SOURCE /* accept4, memmem */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "srv_server_internal.h"

#define HEAD_MAX (32 * 1024)   /* a request head larger than this is refused */
#define DRAIN_S 2.0            /* lingering close: read and drop input this long */
#define ADDR_BUCKETS 1024

struct addr_count {
	unsigned char addr[16];
	int n;
	struct addr_count *next;
};

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
size_t srv_econn_head(const struct econn *c)
{
	const char *e = head_end(c->buf + c->pos, c->len - c->pos);
	return e ? (size_t)(e - (c->buf + c->pos)) : 0;
}

/* ------------------------------------------------------ worker hand-off */

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

void srv_reactor_wake(srv_server *s)
{
	uint64_t one = 1;
	/* async-signal safe: a write to the eventfd wakes the reactor */
	if (s->wakefd >= 0 && write(s->wakefd, &one, sizeof one) < 0) {
		/* the counter is saturated: the reactor is awake anyway */
	}
}

/* ---------------------------------------------------------- connections */

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
		if (c->len > c->pos && srv_econn_head(c))
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

/* The queue is full: the canned UNAVAILABLE fault, then a lingering close. */
static void refuse_overloaded(srv_server *s, struct econn *c)
{
	srv_metrics_overload(s->metrics);
	srv_http_unavailable(c);
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
	if (s->cfg->plain_http)
		srv_http_busy(fd);
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

void srv_reactor_run(srv_server *s)
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

/* ------------------------------------------------------ set-up and end */

int srv_reactor_setup(srv_server *s, char *err, size_t errlen)
{
	int fl = fcntl(s->lfd, F_GETFL);
	struct epoll_event ev;
	struct rlimit rl;

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

	/* Descriptors: every connection holds one; keep some for the store,
	 * the audit, naviseccli pipes and logs. */
	s->max_conns = 1024 - 64;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur != RLIM_INFINITY)
		s->max_conns = (int)(rl.rlim_cur > 1 << 20 ? 1 << 20 : rl.rlim_cur) - 64;
	else if (!getrlimit(RLIMIT_NOFILE, &rl))
		s->max_conns = 1 << 20;
	if (s->max_conns < 16)
		s->max_conns = 16;

	s->addrs = calloc(ADDR_BUCKETS, sizeof *s->addrs);
	if (!s->addrs) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
sys:
	snprintf(err, errlen, "cannot set up the listener: %s", strerror(errno));
	return -1;
}

void srv_reactor_close_all(srv_server *s)
{
	while (s->conns)
		econn_close(s, s->conns);
	s->qhead = s->qtail = s->back = NULL;
	s->qready = 0;
}

void srv_reactor_free(srv_server *s)
{
	srv_reactor_close_all(s);
	if (s->addrs) {
		for (int i = 0; i < ADDR_BUCKETS; i++)
			while (s->addrs[i]) {
				struct addr_count *n = s->addrs[i]->next;
				free(s->addrs[i]);
				s->addrs[i] = n;
			}
		free(s->addrs);
		s->addrs = NULL;
	}
	if (s->epfd >= 0)
		close(s->epfd);
	if (s->wakefd >= 0)
		close(s->wakefd);
	s->epfd = s->wakefd = -1;
}
