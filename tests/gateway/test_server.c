/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_server.c - slgwd's server machinery in-process, over plain HTTP on
 * an ephemeral port, with a store in a temp dir and no arrays:
 *  - with every worker busy and the queue full, a new connection gets an
 *    UNAVAILABLE fault at once (no unbounded backlog) and is counted;
 *  - requests over the size limit and XML nested deeper than the limit are
 *    refused with a fault, and the server keeps serving.
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "inproc.h"
#include "srv.h"
#include "../common/suite_one.h"

static struct inproc T;

/* A deliberately small server: one worker, a queue of one, small limits. */
static void up(void)
{
	static const struct inproc_limits small = {
		.workers = 1, .queue_length = 1, .recv_timeout_s = 5, .idle_timeout_s = 2,
		.max_request_bytes = 8192, .max_xml_depth = 16,
	};

	inproc_up(&T, "/tmp/slgw-srv", &small);
}

static void down(void)
{
	inproc_down(&T);
}

/* A SOAP request as root on fd; the answer (malloc'ed). */
static char *request(int fd, const char *body)
{
	return inproc_soap_post(fd, "cm9vdDpyb290LXBhc3N3b3JkLTE=" /* root:root-password-1 */, body,
				strlen(body), NULL);
}

#define ENV1                                                                   \
	"<?xml version=\"1.0\"?><s:Envelope "                                  \
	"xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:g=\"urn:slgw:api:1\">" \
	"<s:Body>"
#define ENV2 "</s:Body></s:Envelope>"

START_TEST(overload_is_answered_unavailable_at_once)
{
	int a, b, c;
	char *ans, *m;
	static const char partial[] = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n<x";

	/* A occupies the only worker (it waits for the rest of the body) ... */
	a = inproc_dial(&T);
	inproc_send_all(a, partial, sizeof partial - 1);
	usleep(300000);
	/* ... B's request fills the one queue slot (an idle connection would
	 * hold nothing: it needs a whole request head to queue) ... */
	b = inproc_dial(&T);
	inproc_send_all(b, partial, sizeof partial - 1);
	usleep(300000);
	/* ... so C is answered by the acceptor itself: UNAVAILABLE. */
	c = inproc_dial(&T);
	ans = request(c, ENV1 "<g:getServiceInfo/>" ENV2);
	ck_assert_msg(strstr(ans, "<slgw:code>UNAVAILABLE</slgw:code>"), "got: %.300s", ans);
	free(ans);
	close(c);
	close(a);
	close(b);
	m = srv_metrics_render_for_test(T.server);
	ck_assert_ptr_nonnull(strstr(m, "slgw_connections_refused_total 1"));
	free(m);
}
END_TEST

START_TEST(size_and_depth_limits_give_faults_and_service_continues)
{
	char *big = malloc(20000), *deep = malloc(4096), *ans;
	int fd;
	size_t n = 0;

	/* over max_request_bytes (8192) */
	n = (size_t)snprintf(big, 20000, "%s<g:getJob><g:jobId>", ENV1);
	memset(big + n, '1', 12000);
	snprintf(big + n + 12000, 20000 - n - 12000, "</g:jobId></g:getJob>%s", ENV2);
	fd = inproc_dial(&T);
	ans = request(fd, big);
	close(fd);
	ck_assert_msg(!strstr(ans, "getJobResponse"), "oversized request was served: %.200s", ans);
	free(ans);

	/* deeper than max_xml_depth (16) */
	n = (size_t)snprintf(deep, 4096, "%s<g:getJob>", ENV1);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(deep + n, 4096 - n, "<g:x>");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(deep + n, 4096 - n, "</g:x>");
	snprintf(deep + n, 4096 - n, "<g:jobId>1</g:jobId></g:getJob>%s", ENV2);
	fd = inproc_dial(&T);
	ans = request(fd, deep);
	close(fd);
	ck_assert_msg(strstr(ans, "<slgw:code>INVALID_ARGUMENT</slgw:code>"), "got: %.300s", ans);
	free(ans);

	/* still serving */
	fd = inproc_dial(&T);
	ans = request(fd, ENV1 "<g:getServiceInfo/>" ENV2);
	close(fd);
	ck_assert_msg(strstr(ans, "<g:user>root</g:user>") || strstr(ans, ":user>root<"),
		      "got: %.300s", ans);
	free(ans);
	free(big);
	free(deep);
}
END_TEST

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return SUITE_RUN_ONE("gateway-server", "server", up, down, 60,
		overload_is_answered_unavailable_at_once,
		size_and_depth_limits_give_faults_and_service_continues);
}
